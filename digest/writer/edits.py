"""What the writer does to the model's text before keeping it, and the counts it reports.

``clean_prose`` makes untrusted prose plain; an ``Editor`` cleans, checks (``quality.Checker``)
and repairs each statement of one post, counting in ``WriteStats`` what it drops or fixes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from digest.quality import Checker, Verdict
from digest.textclean import repair_text
from digest.writer.prompts import strip_markers

_URL = re.compile(
    r"(?:\b(?:https?|ftp|file|javascript|data|vbscript):\S*)|(?:\bwww\.\S+)|"
    r"(?:\b[\w.+-]+@[\w-]+\.[\w.-]+\b)",
    re.IGNORECASE,
)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_INLINE_IDS = re.compile(
    r"\s*[\[(]\s*(?:S\d+)?i\d+(?:\s*,\s*(?:S\d+)?i\d+)*\s*[\])]", re.IGNORECASE
)


@dataclass
class WriteStats:
    """Counts of what the writer dropped or repaired.

    Attributes:
        stories_in: stories given to the writer.
        stories_written: stories with at least one cited statement.
        stories_failed: stories whose notes the model could not produce.
        unknown_ids: cited ids that do not exist (dropped).
        uncited_bullets: bullets left with no valid citation (dropped).
        urls_removed: URLs removed from the model's prose.
        compose_fallback: the composing call failed and the post was assembled from notes.
        quality_reasks: answers asked again because they failed the checks.
        unsupported_dropped: statements dropped for numbers or names their items do not state.
        style_dropped: statements dropped for not being Korean or not in 합니다체.
        copied_dropped: statements dropped for repeating an earlier post word for word.
        repeated_dropped: Overview statements dropped for repeating the Preview.
        glossary_fixed: Korean spellings of names replaced by the English name.
        translationese_flagged: statements kept but flagged for stock translationese.
        notes: sentences for the run report (not among the counts).
    """

    stories_in: int = 0
    stories_written: int = 0
    stories_failed: int = 0
    unknown_ids: int = 0
    uncited_bullets: int = 0
    urls_removed: int = 0
    compose_fallback: bool = False
    quality_reasks: int = 0
    unsupported_dropped: int = 0
    style_dropped: int = 0
    copied_dropped: int = 0
    repeated_dropped: int = 0
    glossary_fixed: int = 0
    translationese_flagged: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The counts as plain data (the notes left out)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "notes"}


def clean_prose(text: str, stats: WriteStats | None = None) -> str:
    """Untrusted prose made plain: one line, no URLs, e-mail addresses, HTML comments or ids.

    ``repair_text`` has already removed zero-width and bidi control characters.
    """
    text = _HTML_COMMENT.sub(" ", repair_text(text))
    text, removed = _URL.subn("", text)
    if stats is not None:
        stats.urls_removed += removed
    text = _INLINE_IDS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Editor:
    """Cleans, checks and repairs the model's text for one post, counting in ``stats``.

    Attributes:
        checker: the checks, with the items the post may cite.
        stats: where what is dropped or repaired is counted.
    """

    checker: Checker
    stats: WriteStats

    def clean(self, text: str) -> str:
        """``clean_prose``, counting the URLs removed."""
        return clean_prose(text, self.stats)

    def fix(self, text: str) -> str:
        """``text`` with Korean spellings of English names replaced (counted)."""
        fixed, count = self.checker.glossary.fix(text)
        self.stats.glossary_fixed += count
        return fixed

    def drop(self, verdict: Verdict) -> bool:
        """Count a fatal verdict under its kind; True when the sentence must go."""
        if verdict.unsupported:
            self.stats.unsupported_dropped += 1
        elif verdict.copied:
            self.stats.copied_dropped += 1
        elif verdict.style:
            self.stats.style_dropped += 1
        else:
            if verdict.soft:
                self.stats.translationese_flagged += 1
            return False
        return True

    def cites(self, cites: Sequence[str], ids: dict[str, str]) -> list[str]:
        """Map model ids to archive keys; unknown ids are dropped and counted."""
        out: list[str] = []
        for cite in cites:
            key = ids.get(str(cite).strip())
            if key is None:
                self.stats.unknown_ids += 1
            elif key not in out:
                out.append(key)
        return out

    def statement(
        self, text: str, cites: Sequence[str], ids: dict[str, str]
    ) -> tuple[str, list[str]] | None:
        """A cited statement cleaned and checked, and its archive keys; None if it must go.

        The text is not yet fixed (``fix``): a caller may still compare it with others.
        """
        keys = self.cites(cites, ids)
        text = self.clean(strip_markers(text))
        if not keys or not text:
            self.stats.uncited_bullets += 1
            return None
        if self.drop(self.checker.sentence(text, keys)):
            return None
        return text, keys

    def prose(self, text: str, keys: Sequence[str]) -> str:
        """Prose backed by ``keys`` cleaned, checked and fixed; empty if it must go."""
        text = self.clean(text)
        if text and self.drop(self.checker.sentence(text, keys)):
            return ""
        return self.fix(text)

    def label(self, text: str, keys: Sequence[str]) -> str | None:
        """A headline, topic or title cleaned; None when it states what ``keys`` do not.

        Not fixed yet (``fix``), and not judged as prose (no Korean or register checks).
        """
        text = self.clean(text)
        return None if self.checker.sentence(text, keys, prose=False).unsupported else text
