"""RSS 0.9x/1.0/2.0 and Atom feeds, through feedparser."""

from __future__ import annotations

import calendar
import hashlib
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal

import feedparser
from pydantic import Field

from digest.errors import FetchError
from digest.http import redact_url
from digest.models import Item
from digest.sources.api import titled_item
from digest.sources.base import Body, FetchContext, SourceBase
from digest.textclean import html_to_text, repair_text
from digest.urls import clean_url


class RssSource(SourceBase):
    """A blog, newsletter or any site with an RSS or Atom feed.

    Attributes:
        url: the feed's URL, a ``file:`` URL, or a path relative to the config file.
        full_text: for feeds that carry only a teaser: fetch each entry's page (entries in the
            window whose text is shorter than ``teaser_chars``) and extract its main text.
        teaser_chars: below this many characters an entry's text counts as a teaser.
        max_articles: at most this many pages fetched per run.
    """

    type: Literal["rss"]
    url: str
    full_text: bool = False
    teaser_chars: int = Field(default=500, ge=0)
    max_articles: int = Field(default=30, ge=0, le=500)

    def document(self) -> str:
        """The feed; an unchanged feed (304) gives no new items."""
        return self.url

    def parse(self, body: Body, ctx: FetchContext) -> list[Item]:
        """The feed's entries, teasers replaced by their page's text with ``full_text``."""
        base = body.url if body.url.startswith(("http://", "https://")) else None
        undated: list[str] = []

        def first_seen(entry_id: str) -> datetime:
            """An undated entry's date: when the archive first saw it, else now."""
            undated.append(entry_id)
            known = ctx.archive.get_items([f"{self.name}:{entry_id}"])
            return next(iter(known.values())).published if known else ctx.now

        items = parse_feed(
            body.content, source=self.name, base_url=base, content_type=body.content_type,
            where=body.url, undated_at=first_seen, skipped=ctx.skipped,
        )  # fmt: skip
        if undated:
            ctx.notes.append(f"{len(undated)} entries without a date, dated when first seen")
        if self.full_text:
            items = self._with_articles(items, ctx)
        return items

    def _with_articles(self, items: list[Item], ctx: FetchContext) -> list[Item]:
        """Items whose teaser is replaced by their page's main text where that worked."""
        done = ctx.archive.get_items(i.key for i in items)
        out = []
        budget = self.max_articles
        for item in items:
            before = done.get(item.key)
            if before is not None and len(before.text) > len(item.text):
                item = item.model_copy(update={"text": before.text})  # extracted on a past run
            elif (
                budget > 0
                and item.url
                and item.published in ctx.window
                and len(item.text) < self.teaser_chars
            ):
                budget -= 1
                text = article_text(ctx, item.url)
                if text and len(text) > len(item.text):
                    item = item.model_copy(update={"text": text})
            out.append(item)
        return out

    def probe(self, ctx: FetchContext) -> str:
        """The feed, parsed (without fetching articles)."""
        items = self.model_copy(update={"full_text": False}).read(ctx)
        return f"{len(items)} entries, {sum(i.published in ctx.window for i in items)} today"

    def describe(self) -> str:
        """The feed's address, secrets removed."""
        return f"rss {redact_url(self.url)}"


def article_text(ctx: FetchContext, url: str) -> str | None:
    """The main text of the page at ``url`` (trafilatura), or None if it cannot be had.

    A page that fails (down, too big, not HTML) leaves the entry's teaser in place: one broken
    article must not cost the whole feed.
    """
    import trafilatura  # imported here: it is only needed by sources that ask for full text

    try:
        response = ctx.get(url)
    except FetchError:
        return None
    kind = response.headers.get("content-type", "")
    if kind and "html" not in kind:
        return None
    html = response.content.decode(response.encoding or "utf-8", errors="replace")
    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True
    )
    return repair_text(text).strip() if text else None


def parse_feed(
    body: bytes,
    *,
    source: str,
    base_url: str | None = None,
    content_type: str | None = None,
    where: str | None = None,
    undated_at: Callable[[str], datetime] | None = None,
    skipped: Counter[str] | None = None,
) -> list[Item]:
    """Parse feed bytes into items.

    Args:
        body: the feed document.
        source: the source's name, for the items.
        base_url: where relative links start from (the feed's own link when not given).
        content_type: the ``Content-Type`` the feed came with, for its encoding.
        where: the feed's address or file, named in errors.
        undated_at: the date to give an entry without one, from its id (when it was first
            seen); without it such entries are left out and counted in ``skipped``.
        skipped: entries left out, counted by reason.
    """
    skipped = skipped if skipped is not None else Counter()
    named = f"{redact_url(where)}: " if where else ""
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        head = body[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")):
            raise FetchError(
                f"{named}the address answered with a web page, not a feed",
                "find the site's RSS/Atom link (often /feed, /rss or /atom.xml)",
            )
        if head.startswith((b"{", b"[")):
            raise FetchError(
                f"{named}this is JSON (a JSON Feed?), which digest does not read: it reads "
                "RSS 0.9x/1.0/2.0 and Atom feeds",
                "give the site's RSS or Atom feed instead",
            )
        problem = parsed.get("bozo_exception")
        reason = f": {problem}" if problem else ""
        if parsed.get("version") and parsed.bozo:  # a channel, cut short or broken
            raise FetchError(
                f"{named}the feed is malformed and holds no entry{reason}",
                "open the URL and check it; the server may have cut the response short",
            )
        raise FetchError(
            f"{named}not a feed (no RSS/Atom found){reason}; digest reads RSS 0.9x/1.0/2.0 "
            "and Atom",
            "open the URL and check it",
        )
    feed_link = parsed.feed.get("link") if isinstance(parsed.feed, dict) else None
    base = base_url or feed_link
    items: dict[str, Item] = {}
    for entry in parsed.entries:
        item = _entry_item(
            entry, source=source, base=base, undated_at=undated_at, whole=not parsed.bozo
        )
        if item is None:
            skipped["entries without a date"] += 1
        elif item.id in items:
            skipped["duplicates"] += 1
        else:
            items[item.id] = item
    if parsed.bozo and not items:
        raise FetchError(
            f"{named}the feed is malformed and no entry could be read: "
            f"{parsed.get('bozo_exception')}",
            "open the URL and check it; the server may have cut the response short",
        )
    return list(items.values())


def _entry_item(
    entry: Any,
    *,
    source: str,
    base: str | None,
    undated_at: Callable[[str], datetime] | None,
    whole: bool,
) -> Item | None:
    """The entry's item; None for an undated one that cannot be dated.

    An undated entry is dated by ``undated_at`` when it has an id or a link, or when the
    document is whole (in a broken one it may be a fragment of a cut-off response).
    """
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    named = bool(entry.get("id") or entry.get("link"))
    if not stamp and (undated_at is None or not (named or whole)):
        return None
    published = datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None
    link = clean_url(entry.get("link") or "", base) if entry.get("link") else None
    title, _ = html_to_text(entry.get("title", ""))
    html = _richest_html(entry)
    text, links = html_to_text(html, base_url=link or base)
    author = repair_text(entry.get("author", "") or "").strip()
    raw_id = (entry.get("id") or entry.get("link") or "").strip()
    if not raw_id:  # an undated entry keeps the same id from run to run: its words make it
        salt = published.isoformat() if published else text
        digest = hashlib.sha256(f"{title}\n{salt}".encode()).hexdigest()
        raw_id = f"sha256:{digest[:16]}"
    if published is None:
        assert undated_at is not None
        published = undated_at(raw_id)
    engagement: dict[str, int] = {}
    comments = entry.get("slash_comments")
    if comments and str(comments).strip().isdigit():
        engagement["comments"] = int(str(comments).strip())
    title = title.replace("\n", " ").strip()
    return titled_item(
        source=source,
        id=raw_id,
        url=link,
        title=title,
        author=author,
        text=text,
        published=published,
        links=tuple(links),
        engagement=engagement,
        kind="rss",
    )


def _richest_html(entry: Any) -> str:
    """The longest of the entry's content blocks and summary."""
    candidates = [c.get("value", "") for c in entry.get("content", []) or []]
    candidates.append(entry.get("summary", "") or "")
    return max(candidates, key=len)
