"""RSS 0.9x/1.0/2.0 and Atom feeds, through feedparser."""

from __future__ import annotations

import calendar
import hashlib
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
        items = parse_feed(
            body.content, source=self.name, base_url=base, content_type=body.content_type
        )
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
