"""RSS 0.9x/1.0/2.0 and Atom feeds, through feedparser."""

from __future__ import annotations

import calendar
import hashlib
from datetime import UTC, datetime
from typing import Any, Literal

import feedparser

from digest.errors import FetchError
from digest.http import redact_url
from digest.models import Item
from digest.sources.base import FetchContext, SourceBase
from digest.textclean import detect_language, html_to_text, repair_text
from digest.urls import clean_url


class RssSource(SourceBase):
    """A blog, newsletter or any site with an RSS or Atom feed.

    Attributes:
        url: the feed's URL, a ``file:`` URL, or a path relative to the config file.
    """

    type: Literal["rss"]
    url: str

    def fetch(self, ctx: FetchContext) -> list[Item]:
        """Fetch and parse the feed; an unchanged feed (304) gives no new items."""
        body = ctx.read(self.url)
        if body is None:
            return []
        base = body.url if body.url.startswith(("http://", "https://")) else None
        return parse_feed(
            body.content, source=self.name, base_url=base, content_type=body.content_type
        )

    def describe(self) -> str:
        """The feed's address, secrets removed."""
        return f"rss {redact_url(self.url)}"


def parse_feed(
    body: bytes, *, source: str, base_url: str | None = None, content_type: str | None = None
) -> list[Item]:
    """Parse feed bytes into items; entries without a date are left out."""
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        head = body[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")):
            raise FetchError(
                "the address answered with a web page, not a feed",
                "find the site's RSS/Atom link (often /feed, /rss or /atom.xml)",
            )
        problem = parsed.get("bozo_exception")
        reason = f": {problem}" if problem else ""
        raise FetchError(f"not a feed (no RSS/Atom found){reason}", "open the URL and check it")
    feed_link = parsed.feed.get("link") if isinstance(parsed.feed, dict) else None
    base = base_url or feed_link
    items: dict[str, Item] = {}
    for entry in parsed.entries:
        item = _entry_item(entry, source=source, base=base)
        if item is not None and item.id not in items:
            items[item.id] = item
    if parsed.bozo and not items:
        raise FetchError(
            f"the feed is malformed and no entry could be read: {parsed.get('bozo_exception')}",
            "open the URL and check it; the server may have cut the response short",
        )
    return list(items.values())


def _entry_item(entry: Any, *, source: str, base: str | None) -> Item | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    published = datetime.fromtimestamp(calendar.timegm(stamp), UTC)
    link = clean_url(entry.get("link") or "", base) if entry.get("link") else None
    title, _ = html_to_text(entry.get("title", ""))
    html = _richest_html(entry)
    text, links = html_to_text(html, base_url=link or base)
    author = repair_text(entry.get("author", "") or "").strip()
    raw_id = (entry.get("id") or entry.get("link") or "").strip()
    if not raw_id:
        digest = hashlib.sha256(f"{title}\n{published.isoformat()}".encode()).hexdigest()
        raw_id = f"sha256:{digest[:16]}"
    engagement: dict[str, int] = {}
    comments = entry.get("slash_comments")
    if comments and str(comments).strip().isdigit():
        engagement["comments"] = int(str(comments).strip())
    title = title.replace("\n", " ").strip()
    return Item(
        source=source,
        id=raw_id,
        url=link,
        title=title,
        author=author,
        text=text,
        published=published,
        links=tuple(links),
        language=detect_language(f"{title}\n{text}"),
        engagement=engagement,
        kind="rss",
    )


def _richest_html(entry: Any) -> str:
    """The longest of the entry's content blocks and summary."""
    candidates = [c.get("value", "") for c in entry.get("content", []) or []]
    candidates.append(entry.get("summary", "") or "")
    return max(candidates, key=len)
