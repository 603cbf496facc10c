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
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digest.errors import DigestError
from digest.models import Digest, Item, Window

if TYPE_CHECKING:
    from datetime import tzinfo

    from digest.archive import Archive
    from digest.config import Settings
    from digest.pipeline import BuildOptions
    from digest.report import RunReport
    from digest.sites import Site

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

    def unchanged(self, path: Path, updated: str) -> bool:
        """True when the post at ``path``, stamped ``updated``, is the one this build wrote."""
        return (
            str(path) == self.path
            and updated == self.updated
            and file_sha256(path) == self.post_sha256
        )

    def republished(self, archive: Archive, day: date, path: Path, updated: str) -> None:
        """Save the record again for the post now at ``path``, stamped ``updated``."""
        self.path, self.updated = str(path), updated
        self.post_sha256 = file_sha256(path) or ""
        archive.set_meta(BuildRecord.meta_key(day.isoformat()), self.to_json())


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


def day_inputs_key(
    settings: Settings,
    archive: Archive,
    items: list[Item],
    window: Window,
    options: BuildOptions,
) -> str:
    """The ``inputs_key`` of one day's build: what its stories and digest depend on."""
    config, day = settings.config, options.day
    iso = day.isoformat()
    first = (day - timedelta(days=config.stories.lookback_days)).isoformat()
    extra = [options.templates_dir] if options.templates_dir else []
    if config.llm is not None and config.llm.glossary:
        extra.append(settings.resolve(config.llm.glossary))
    return inputs_key(
        items=items,
        config_json=config.model_dump_json(),
        window=window,
        options={"day": iso, "no_llm": options.no_llm, "batch": options.batch},
        coverage=archive.coverage_between(first, iso),
        earlier=settings.state.earlier_digests(archive, iso, max(config.stories.lookback_days, 1)),
        extra_files=extra,
    )


def updated_stamp(site: Site, day: date, window: Window, now: datetime, tz: tzinfo) -> str:
    """The post's ``updated`` stamp, as text, for a build of ``day`` at ``now``."""
    _first, updated = site.profile.stamps(
        day,
        window.until.astimezone(tz).replace(microsecond=0),
        now.astimezone(tz).replace(microsecond=0),
    )
    return str(updated)


def saved_build(
    settings: Settings, archive: Archive, key: str, day: date
) -> tuple[BuildRecord, Digest] | None:
    """The record and digest of the last build of ``day`` if its inputs hashed to ``key``."""
    record = BuildRecord.from_json(archive.get_meta(BuildRecord.meta_key(day.isoformat())))
    if record is None or record.key != key:
        return None
    try:
        digest = settings.state.load_digest(day)
    except DigestError:
        return None
    return record, digest


def reused_figures(report: RunReport, record: BuildRecord) -> None:
    """Fill ``report`` in with the figures of the build ``record`` was kept from."""
    figures = record.report
    for name in ("stories", "copies", "follow_ups", "repeats", "writer", "dropped"):
        setattr(report, name, figures[name])
    report.llm = all_cached(figures["llm"]) if figures["llm"] else {}
    report.candidates = figures.get("candidates", [])  # best-of-N: the scores it chose by
    report.warnings += figures["warnings"]
    report.reused = True


def worth_keeping(report: RunReport) -> bool:
    """Whether a rerun may reuse the build ``report`` tells of (not after a fallback)."""
    llm = report.llm
    # Not after a fallback, a batch, or a story the model failed (the rerun asks for it).
    failed = report.dropped.get("stories_failed")
    if report.batch or llm.get("fallbacks") or llm.get("invalid") or failed or not report.post:
        return False
    return not any(w.startswith("the composing call failed") for w in report.warnings)


def record_of(
    report: RunReport,
    key: str,
    updated: str,
    story_ids: list[str],
    coverage: list[dict[str, Any]],
    written_from: int,
) -> BuildRecord:
    """The record of the build ``report`` tells of; its warnings from ``written_from`` on."""
    path = Path(report.post or "")
    return BuildRecord(
        key=key,
        path=str(path),
        post_sha256=file_sha256(path) or "",
        updated=updated,
        story_ids=story_ids,
        coverage=coverage,
        report={
            "stories": report.stories,
            "copies": report.copies,
            "follow_ups": report.follow_ups,
            "repeats": report.repeats,
            "writer": report.writer,
            "dropped": report.dropped,
            "llm": report.llm,
            "candidates": report.candidates,
            "warnings": report.warnings[written_from:],
        },
    )


def all_cached(llm: dict[str, Any]) -> dict[str, Any]:
    """The LLM figures of a rerun that reused every answer of the run that got ``llm``."""

    def hits(figures: dict[str, Any]) -> dict[str, int]:
        total = figures.get("calls", 0) + figures.get("cache_hits", 0)
        return {"calls": 0, "cache_hits": total, "prompt_tokens": 0, "completion_tokens": 0}

    out: dict[str, Any] = {
        **hits(llm),
        "total_tokens": 0,
        "reasks": 0,
        "invalid": 0,
        "fallbacks": 0,
        "stages": {k: hits(v) for k, v in llm.get("stages", {}).items()},
        "models": {k: hits(v) for k, v in llm.get("models", {}).items()},
    }
    if "cost_usd" in llm:
        out["cost_usd"] = 0.0 if isinstance(llm["cost_usd"], (int, float)) else None
    return out
