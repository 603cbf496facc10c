"""What the writer does to the model's text before keeping it, and the counts it reports.

``clean_prose`` makes untrusted text (items and the model's answers) plain: no markup (tags,
event handlers, entities that spell them, Hugo shortcode delimiters, chat-template tokens), no
URLs, e-mail addresses, bare domains or ids. An ``Editor`` cleans, screens, checks
(``quality.Checker``) and repairs each field of one post, counting in ``WriteStats`` what it
drops or fixes: every field the model writes goes through it, headings and tags included.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from digest.quality import Checker, Verdict, bare_domains, sentences
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
# An id on its own (S1i1, i3); not a CPU (Core i7) and not part of a word or a model number.
_EMPTY_BRACKETS = re.compile(r"\s*(?:\(\s*\)|\[\s*\]|<\s*>)")
_BARE_ID = re.compile(r"(?<![A-Za-z0-9])(?:S\d{1,3})?i\d{1,3}(?![A-Za-z0-9.\-])")
_CPU_BEFORE = re.compile(r"core\s*$", re.IGNORECASE)
# HTML elements whose content goes with them, then any HTML tag, closed or cut off at the end.
_SCRIPTS = re.compile(
    r"<(script|style|iframe|object|embed|svg|math|template)\b.*?(?:</\s*\1\s*>|$)",
    re.IGNORECASE | re.DOTALL,
)
_HTML_NAMES = (
    "a|abbr|applet|area|article|aside|audio|b|base|basefont|bgsound|big|blink|blockquote|body|"
    "br|button|canvas|center|code|col|dd|details|dialog|div|dl|dt|em|embed|fieldset|figure|font|"
    "footer|form|frame|frameset|h[1-6]|head|header|hr|html|i|iframe|image|img|input|ins|"
    "isindex|kbd|keygen|label|layer|li|link|main|marquee|math|menu|meta|meter|nav|noembed|"
    "noscript|object|ol|option|p|param|picture|plaintext|pre|q|s|script|section|select|small|"
    "source|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|"
    "tfoot|th|thead|title|tr|track|tt|u|ul|var|video|xml|xmp"
)
_TAG = re.compile(rf"</?(?:{_HTML_NAMES})(?:(?=[\s/>])[^<>]*>|\s[^<>]*=[^<>]*$)", re.IGNORECASE)
# An event-handler attribute left in text: onerror=alert(1), onload="...".
_HANDLER = re.compile(r"\bon[a-z]{3,20}\s*=\s*(?:\"[^\"]*\"?|'[^']*'?|[^\s>]*)", re.IGNORECASE)
# Hugo shortcode delimiters ({{< x >}}, {{% x %}}) and template braces.
_SHORTCODE = re.compile(r"\{\{\s*[<%]?|[%>]?\s*\}\}")
# Chat-template tokens (<|im_start|>, <|system|>) some servers read as real role switches.
_CHAT_TOKEN = re.compile(r"<\|[A-Za-z_]{2,20}\|>")
# Markdown the model may write: links keep their label, emphasis and code marks go.
_MD_LINK = re.compile(r"!?\[([^\[\]\n]{0,200})\]\([^()\s]*\)")
_MD_MARKS = re.compile(r"\*\*|`+")


@dataclass
class WriteStats:
    """Counts of what the writer dropped or repaired.

    Attributes:
        stories_in: stories given to the writer.
        stories_written: stories with at least one cited statement.
        stories_failed: stories left out because their call failed (after its retries, or
            with answers that stayed unusable); the next run asks for them again.
        stories_uncitable: stories not sent, none of their items having a link to cite.
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
        instructions_flagged: items sent to the model flagged as addressing it (role tags,
            orders to write something, fake data markers).
        injection_dropped: sentences and labels dropped for speaking about the newsletter,
            its sponsors or its readers.
        foreign_domain_dropped: sentences and labels dropped for naming a domain the cited
            items do not link to.
        notes: sentences for the run report (not among the counts), among them which stories
            failed and why.
        candidates: with best-of-N, every candidate post's scores and which was kept (not
            among the counts).
    """

    stories_in: int = 0
    stories_written: int = 0
    stories_failed: int = 0
    stories_uncitable: int = 0
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
    instructions_flagged: int = 0
    injection_dropped: int = 0
    foreign_domain_dropped: int = 0
    notes: list[str] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The counts as plain data (the notes and candidates left out)."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in ("notes", "candidates")
        }

    def add(self, other: WriteStats) -> None:
        """Add ``other``'s counts (of what its checks dropped or repaired) to these."""
        for f in fields(self):
            value = getattr(other, f.name)
            if isinstance(value, int) and not isinstance(value, bool):
                setattr(self, f.name, getattr(self, f.name) + value)


def clean_prose(text: str, stats: WriteStats | None = None, *, keep_domains: bool = False) -> str:
    """Untrusted text made plain, on one line.

    Removed: HTML comments, HTML tags (``<script>`` with its content), event handlers
    (``onerror=``), entities that spell any of these (``&lt;script&gt;``), Hugo shortcode
    delimiters (``{{<``, ``%}}``), chat-template tokens (``<|im_start|>``), data-block markers,
    Markdown link and emphasis marks, URLs (any scheme, and ``www.``), e-mail addresses, ids
    (``[i1]``, ``S1i1``) and, unless ``keep_domains``, bare domains (``evil.example/x``). URLs and
    domains removed are counted in ``stats``. ``repair_text`` removes zero-width and bidi
    control characters first.
    """
    text = _HTML_COMMENT.sub(" ", repair_text(text))
    for _ in range(2):  # &amp;lt;script&amp;gt; is escaped twice
        text = html.unescape(text)
    text = _HTML_COMMENT.sub(" ", text)
    text = _SCRIPTS.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _HANDLER.sub(" ", text)
    text, links = _MD_LINK.subn(r"\1", text)
    text, removed = _URL.subn("", text)
    removed += links
    if not keep_domains:
        text, domains = _without_domains(text)
        removed += domains
    if stats is not None:
        stats.urls_removed += removed
    text = _SHORTCODE.sub(" ", text)
    text = _CHAT_TOKEN.sub(" ", text)
    text = strip_markers(text)
    text = _MD_MARKS.sub("", text)
    text = _INLINE_IDS.sub("", text)
    text = _BARE_ID.sub(lambda m: m.group(0) if _CPU_BEFORE.search(text[: m.start()]) else "", text)
    text = _EMPTY_BRACKETS.sub("", text)  # what held a removed link or domain: "(site.com)"
    return re.sub(r"\s+", " ", text).strip()


def _without_domains(text: str, *, linked_only: bool = False) -> tuple[str, int]:
    """``text`` without its bare domains (only those with a path if ``linked_only``), and how
    many went."""
    found = [span for _host, whole, span in bare_domains(text) if not linked_only or "/" in whole]
    for start, end in reversed(found):
        text = text[:start] + text[end:]
    return text, len(found)


@dataclass
class Editor:
    """Cleans, screens, checks and repairs the model's text for one post, counting in ``stats``.

    Every field goes through it: statements and prose (``statement``, ``prose``: checked as
    Korean prose) and labels (``label``: headlines, topics, titles, section titles, tags,
    categories). Each is cleaned (``clean_prose``); a sentence about the newsletter, its
    sponsors or readers, or naming a domain the cited items do not link to, is dropped
    (``screen``); the rest is checked against the cited items.

    Attributes:
        checker: the checks, with the items the post may cite.
        stats: where what is dropped or repaired is counted.
    """

    checker: Checker
    stats: WriteStats

    def clean(self, text: str) -> str:
        """``clean_prose`` keeping bare domains (``screen`` judges them), counting the URLs."""
        return clean_prose(text, self.stats, keep_domains=True)

    def fix(self, text: str) -> str:
        """``text`` with Korean spellings of English names replaced (counted)."""
        fixed, count = self.checker.glossary.fix(text)
        self.stats.glossary_fixed += count
        return fixed

    def drop(self, verdict: Verdict) -> bool:
        """Count a fatal verdict under its kind; True when the sentence must go."""
        if verdict.injected:
            self.stats.injection_dropped += 1
        elif verdict.foreign:
            self.stats.foreign_domain_dropped += 1
        elif verdict.unsupported:
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

    def screen(self, text: str, keys: Sequence[str]) -> str:
        """``text`` without the sentences ``Checker.screen`` rejects (each counted), and
        without the links (bare domains with a path) of the domains it may name."""
        kept = [s for s in sentences(text) if not self.drop(self.checker.screen(s, keys))]
        text, removed = _without_domains(" ".join(kept), linked_only=True)
        self.stats.urls_removed += removed
        return re.sub(r"\s+", " ", text).strip()

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
        """A cited statement cleaned, screened and checked, and its archive keys; None if it
        must go.

        The text is not yet fixed (``fix``): a caller may still compare it with others.
        """
        keys = self.cites(cites, ids)
        text = self.clean(text)
        if not keys or not text:
            self.stats.uncited_bullets += 1
            return None
        text = self.screen(text, keys)
        if not text or self.drop(self.checker.sentence(text, keys)):
            return None
        return text, keys

    def prose(self, text: str, keys: Sequence[str]) -> str:
        """Prose backed by ``keys`` cleaned, screened, checked and fixed; empty if it must go."""
        text = self.screen(self.clean(text), keys)
        if text and self.drop(self.checker.sentence(text, keys)):
            return ""
        return self.fix(text)

    def label(self, text: str, keys: Sequence[str]) -> str | None:
        """A headline, topic, title, heading, tag or category cleaned; None when it must go:
        it speaks about the post, names a domain ``keys`` do not link to, or states what they
        do not (the first two counted).

        Not fixed yet (``fix``), and not judged as prose (no Korean or register checks).
        """
        text = self.clean(text)
        verdict = self.checker.sentence(text, keys, prose=False)
        if verdict.injected or verdict.foreign:
            self.drop(verdict)
            return None
        if verdict.unsupported:
            return None
        text, removed = _without_domains(text, linked_only=True)
        self.stats.urls_removed += removed
        return re.sub(r"\s+", " ", text).strip()
