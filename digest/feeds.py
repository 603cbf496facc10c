"""Reading an RSS/Atom document into entries: pure, picklable, and light to import.

``read_feed`` is what a worker process runs (``digest.fetch`` starts them for many feeds):
plain data in (``FeedDocument``), plain data out (``ReadFeed``), no error raised. A worker
imports only this module, feedparser and the text helpers (no bs4: ``digest.htmltext``); the
items, and the dates of undated entries (which need the archive), are made by the caller,
``digest.sources.rss.parse_feed``.

This module is feedparser's XML (SAX) driver for the whole process: the first ``read_feed``
sets ``feedparser.api.PREFERRED_XML_PARSERS`` to it alone, and every later
``feedparser.parse`` in the process, digest's or not, reads XML through it (feedparser's
libxml2 driver, tried first when installed, is dropped from the list). feedparser has no way
to choose the driver per call; the documents read the same either way.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import signal
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from digest.textclean import detect_language, html_to_text, repair_text
from digest.urls import clean_url

if TYPE_CHECKING:
    from xml.sax.expatreader import ExpatParser

__all__ = ["Entry", "FeedDocument", "ReadFeed", "create_parser", "read_feed", "start_worker"]


@dataclass(frozen=True)
class FeedDocument:
    """A feed to read.

    Attributes:
        body: the feed document.
        base_url: where relative links start from (the feed's own link when not given).
        content_type: the ``Content-Type`` it came with, for its encoding.
        shown: the feed's address or file as errors name it (secrets already removed).
        date_undated: keep entries without a date (their ``published`` is ``None``);
            otherwise they are left out and counted as skipped.
    """

    body: bytes
    base_url: str | None = None
    content_type: str | None = None
    shown: str | None = None
    date_undated: bool = False


@dataclass(frozen=True)
class Entry:
    """One feed entry as an item's fields (``digest.models.Item`` has the same names).

    Attributes:
        id: the entry's id, else its link, else a hash of its title and date or text.
        url: its link, cleaned, or ``None``.
        title: plain text, on one line.
        author: plain text.
        text: the richest of its content blocks and summary, as plain text.
        published: when it was published, or ``None`` (to be dated by the caller).
        links: the cleaned links in its text, in order.
        engagement: figures the feed gives (``comments``).
        language: the language its title and text are written in.
    """

    id: str
    url: str | None
    title: str
    author: str
    text: str
    published: datetime | None
    links: tuple[str, ...]
    engagement: dict[str, int]
    language: str


@dataclass(frozen=True)
class ReadFeed:
    """What reading a feed gave.

    Attributes:
        entries: the entries, in feed order, repeated ids left out.
        undated: the id of every entry read without a date (kept or repeated), in order.
        skipped: entries left out, by reason, in the order the reasons were first met.
        error: why the document is refused, as a ``FetchError``'s message and hint.
    """

    entries: tuple[Entry, ...] = ()
    undated: tuple[str, ...] = ()
    skipped: tuple[tuple[str, int], ...] = ()
    error: tuple[str, str] | None = None


def read_feed(document: FeedDocument) -> ReadFeed:
    """The document's entries, or the reason it is refused (never raises for a bad feed)."""
    feedparser = _feedparser()
    skipped: Counter[str] = Counter()
    named = f"{document.shown}: " if document.shown else ""
    headers = {"content-type": document.content_type} if document.content_type else {}
    # A stream, never the bytes: feedparser opens bytes that name a file as that file (a feed
    # answering with a path would be read from this disk), and tries to, for every document.
    parsed = feedparser.parse(
        io.BytesIO(document.body),
        response_headers=headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        return ReadFeed(error=_refusal(document.body, parsed, named))
    feed_link = parsed.feed.get("link") if isinstance(parsed.feed, dict) else None
    base = document.base_url or feed_link
    entries: dict[str, Entry] = {}
    undated: list[str] | None = [] if document.date_undated else None
    for raw in parsed.entries:
        entry = _entry(raw, base=base, undated=undated, whole=not parsed.bozo)
        if entry is None:
            skipped["entries without a date"] += 1
        elif entry.id in entries:
            skipped["duplicates"] += 1
        else:
            entries[entry.id] = entry
    if parsed.bozo and not entries:
        error = (
            f"{named}the feed is malformed and no entry could be read: "
            f"{parsed.get('bozo_exception')}",
            "open the URL and check it; the server may have cut the response short",
        )
        return ReadFeed(skipped=tuple(skipped.items()), error=error)
    return ReadFeed(tuple(entries.values()), tuple(undated or ()), tuple(skipped.items()))


def start_worker() -> None:
    """Ready a worker process: the feed parser imported, Ctrl-C left to the main process
    (which stops the workers)."""
    _feedparser()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@cache
def _feedparser() -> Any:
    """feedparser, imported on first use (~0.15 s: a rerun that parses nothing does not pay
    for it), its XML read by this module's SAX driver (``create_parser``) from then on, by
    every caller in this process (a feed reads the same either way)."""
    import feedparser
    import feedparser.api

    # feedparser tries the drivers it prefers first, then Python's own (expat).
    feedparser.api.PREFERRED_XML_PARSERS = [__name__]
    return feedparser


def create_parser() -> ExpatParser:
    """The SAX reader feedparser reads XML feeds with (this module is its SAX driver)."""
    return _whole_text_reader()()


@cache
def _whole_text_reader() -> type[ExpatParser]:
    """Python's expat SAX reader, each run of text handed over in pieces of up to expat's
    ``buffer_size`` (8192 characters) instead of line by line (imported on first use, as
    feedparser imports it)."""
    from xml.sax.expatreader import ExpatParser

    class WholeTextExpatParser(ExpatParser):
        def reset(self) -> None:
            super().reset()
            # expat reports text line by line and each character reference apart (an
            # escaped HTML summary comes in dozens of pieces); SAX lets a parser hand
            # contiguous text over in any chunks, so a feed reads the same with far fewer
            # calls into Python.
            self._parser.buffer_text = True  # type: ignore[attr-defined]  # set by reset()

    return WholeTextExpatParser


def _refusal(body: bytes, parsed: Any, named: str) -> tuple[str, str]:
    """Why a document with no entry is no feed digest reads: message and hint."""
    head = body[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return (
            f"{named}the address answered with a web page, not a feed",
            "find the site's RSS/Atom link (often /feed, /rss or /atom.xml)",
        )
    if head.startswith((b"{", b"[")):
        return (
            f"{named}this is JSON (a JSON Feed?), which digest does not read: it reads "
            "RSS 0.9x/1.0/2.0 and Atom feeds",
            "give the site's RSS or Atom feed instead",
        )
    problem = parsed.get("bozo_exception")
    reason = f": {problem}" if problem else ""
    if parsed.get("version") and parsed.bozo:  # a channel, cut short or broken
        return (
            f"{named}the feed is malformed and holds no entry{reason}",
            "open the URL and check it; the server may have cut the response short",
        )
    return (
        f"{named}not a feed (no RSS/Atom found){reason}; digest reads RSS 0.9x/1.0/2.0 and Atom",
        "open the URL and check it",
    )


def _entry(raw: Any, *, base: str | None, undated: list[str] | None, whole: bool) -> Entry | None:
    """The entry's fields; None for an undated one that is not to be kept.

    An undated entry is kept (its id added to ``undated``) when ``undated`` is given and it
    has an id or a link, or the document is whole (in a broken one it may be a fragment of a
    cut-off response).
    """
    # Read as a plain dict: feedparser's own lookups (aliases such as ``description`` for
    # ``summary``) cost more than the reading itself. Of the keys read here only
    # ``updated_parsed`` has one (``published_parsed`` when it is missing), and that is
    # read only when ``published_parsed`` is missing: the same either way.
    raw = dict(raw)
    stamp = raw.get("published_parsed") or raw.get("updated_parsed")
    named = bool(raw.get("id") or raw.get("link"))
    if not stamp and (undated is None or not (named or whole)):
        return None
    published = datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None
    link = clean_url(raw.get("link") or "", base) if raw.get("link") else None
    title, _ = html_to_text(raw.get("title", ""))
    html, declared = _richest_html(raw)
    text, links = html_to_text(html, base_url=link or base, declared_base=declared)
    author = repair_text(raw.get("author", "") or "").strip()
    raw_id = (raw.get("id") or raw.get("link") or "").strip()
    if not raw_id:  # an undated entry keeps the same id from run to run: its words make it
        salt = published.isoformat() if published else text
        digest = hashlib.sha256(f"{title}\n{salt}".encode()).hexdigest()
        raw_id = f"sha256:{digest[:16]}"
    if published is None and undated is not None:
        undated.append(raw_id)
    engagement: dict[str, int] = {}
    comments = raw.get("slash_comments")
    if comments and str(comments).strip().isdigit():
        engagement["comments"] = int(str(comments).strip())
    title = title.replace("\n", " ").strip()
    return Entry(
        id=raw_id,
        url=link,
        title=title,
        author=author,
        text=text,
        published=published,
        links=tuple(links),
        engagement=engagement,
        language=detect_language(f"{title}\n{text}"),
    )


def _richest_html(raw: Any) -> tuple[str, str | None]:
    """The longest of the entry's content blocks and summary, and the base its links are
    relative to when the feed declares one for it (``xml:base``) and the block is HTML."""
    blocks = [(c.get("value", ""), c) for c in raw.get("content", []) or []]
    blocks.append((raw.get("summary", "") or "", raw.get("summary_detail") or {}))
    html, detail = max(blocks, key=lambda block: len(block[0]))
    htmlish = detail.get("type") in ("text/html", "application/xhtml+xml")
    return html, (detail.get("base") or None) if htmlish else None
