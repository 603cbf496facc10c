"""A rerun with nothing new: what a build's stories and post depend on, and its record.

A build that wrote a post keeps a ``BuildRecord`` in the archive: the hash of every input its
stories and digest depend on (the window's items, the config, the earlier posts' coverage
and digests, the code and templates, the options), and what it published. A later build of
the same day whose inputs hash the same reuses the saved digest instead of clustering and
writing again, and leaves the post alone when the file on disk is the one it wrote and its
date stamps are unchanged.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from digest.models import Digest, Item, Window

PACKAGE = Path(__file__).resolve().parent


@dataclass
class BuildRecord:
    """What one build that wrote a post depended on and did.

    Attributes:
        key: the hash of the inputs (``inputs_key``).
        path: the post's path.
        post_sha256: the hash of the post's text as written.
        updated: the post's ``updated`` stamp, as text.
        story_ids: the stories the post recorded.
        coverage: the fingerprints of the stories it covered.
        report: the report's story and writer figures and warnings.
    """

    key: str
    path: str
    post_sha256: str
    updated: str
    story_ids: list[str] = field(default_factory=list)
    coverage: list[dict[str, Any]] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)

    @staticmethod
    def meta_key(day: str) -> str:
        """The archive's meta key of a day's record."""
        return f"build:{day}"

    def to_json(self) -> str:
        """The record as JSON text."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> BuildRecord | None:
        """A record from JSON text (None: none, or unreadable)."""
        if not text:
            return None
        try:
            return cls(**json.loads(text))
        except (ValueError, TypeError):
            return None


def file_sha256(path: Path) -> str | None:
    """The hash of a file's bytes (None: no such file)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def inputs_key(
    *,
    items: list[Item],
    config_json: str,
    window: Window,
    options: dict[str, Any],
    coverage: list[dict[str, Any]],
    earlier: list[Digest],
    extra_files: list[Path],
) -> str:
    """One hash of everything the day's stories and digest depend on.

    ``extra_files`` are files or folders read by the build besides the package (the user's
    templates, the glossary); the package's own code, templates and prompts are always in.
    """
    h = hashlib.sha256()

    def part(label: str, text: str | bytes) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        h.update(f"{label}:{len(data)}:".encode())
        h.update(data)

    part("window", f"{window.since.isoformat()}/{window.until.isoformat()}")
    part("options", json.dumps(options, sort_keys=True, default=str))
    part("config", config_json)
    for item in items:
        part("item", item.model_dump_json())
    part("coverage", json.dumps(coverage, sort_keys=True, ensure_ascii=False))
    for digest in earlier:
        part("earlier", digest.model_dump_json())
    for root in [PACKAGE, *extra_files]:
        for path in _files(root):
            part(f"file {path}", path.read_bytes())
    return h.hexdigest()


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
