"""Subreddits, through their listing JSON (``/r/<sub>/new.json``) or their RSS feed.

The JSON listing is paged with ``after`` (a post's ``t3_…`` name) and read with ``raw_json=1``
so text comes without HTML entities; score and comment count become engagement. ``new`` is
read back until the window's start; ``top`` (``t=day``) ranks the last 24 hours before *now*,
so it suits only the morning run, not a rebuild of an older day.

Reddit answers unknown or heavy clients with an HTML page and status 200, or with 403/429: both
are errors with a message, never an empty day. Set ``fetch.user_agent`` to something that
names you: Reddit blocks generic ones.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import quote, urlencode

from pydantic import Field

from digest.errors import FetchError
from digest.http import redact_url
from digest.models import Item
from digest.sources.api import (
    int_fields,
    looks_like_html,
    parse_json,
    parse_json_file,
    plain_links,
    titled_item,
)
from digest.sources.base import Body, FetchContext, ServiceSource
from digest.sources.rss import parse_feed
from digest.textclean import repair_text
from digest.urls import clean_url


class RedditSource(ServiceSource):
    """A subreddit.

    Attributes:
        subreddit: the subreddit's name, without ``r/``.
        listing: ``new`` (read back through the window) or ``top`` (the day's top posts).
        format: ``json`` (scores and comment counts) or ``rss``.
        base_url: the site root.
        url: a saved listing (JSON or RSS, ``file:`` URL or path) to read instead.
        min_score: posts with a lower score are left out (JSON only).
        max_pages: listing pages (100 posts each) read at most.
    """

    type: Literal["reddit"]
    subreddit: str = Field(pattern=r"^[A-Za-z0-9_]{2,21}$")
    listing: Literal["new", "top"] = "new"
    format: Literal["json", "rss"] = "json"
    base_url: str = "https://www.reddit.com"
    min_score: int = 0
    max_pages: int = Field(default=5, ge=1, le=50)

    def parse(self, body: Body, ctx: FetchContext) -> list[Item]:
        """The posts of a saved listing, JSON or RSS."""
        if body.content.lstrip()[:1] in (b"{", b"["):
            items, _ = self._listing(
                parse_json_file(
                    body.content, body.url, "save the listing again (…/new.json?raw_json=1)"
                )
            )
            return items
        return self._feed(body.content, body.url)

    def read_service(self, ctx: FetchContext) -> list[Item]:
        """The listing's posts: its feed, or its JSON paged back through the window."""
        if self.format == "rss":
            response = ctx.get(f"{self._root()}/{self.listing}/.rss")
            return self._feed(response.content, response.url)
        found: dict[str, Item] = {}
        after: str | None = None
        for page in range(self.max_pages):
            query = {"limit": "100", "raw_json": "1"}
            if self.listing == "top":
                query["t"] = "day"
            if after:
                query["after"] = after
            url = f"{self._root()}/{self.listing}.json?{urlencode(query)}"
            response = ctx.get(url)
            if looks_like_html(response.content):
                raise _blocked(response.url)
            items, after = self._listing(parse_json(response, "Reddit"))
            for item in items:
                found.setdefault(item.id, item)
            older = self.listing == "new" and any(i.published < ctx.window.since for i in items)
            if not after or not items or older:
                break
            if page == self.max_pages - 1:
                ctx.notes.append(f"stopped after {self.max_pages} pages; raise max_pages")
        return list(found.values())

    def _root(self) -> str:
        return f"{self.base_url.rstrip('/')}/r/{quote(self.subreddit)}"

    def _listing(self, data: Any) -> tuple[list[Item], str | None]:
        """Items of one listing page and the ``after`` cursor of the next."""
        listing = data.get("data") if isinstance(data, dict) else None
        if not isinstance(listing, dict) or not isinstance(listing.get("children"), list):
            raise FetchError(
                "Reddit sent something other than a listing",
                "check subreddit and base_url; a private or banned subreddit answers this way",
            )
        items = []
        for child in listing["children"]:
            post = child.get("data") if isinstance(child, dict) else None
            if isinstance(post, dict) and child.get("kind") == "t3":
                item = _post(post, self.name)
                if item is not None and item.engagement.get("score", 0) >= self.min_score:
                    items.append(item)
        after = listing.get("after")
        return items, after if isinstance(after, str) and after else None

    def _feed(self, body: bytes, where: str) -> list[Item]:
        if looks_like_html(body):
            raise _blocked(where)
        items = parse_feed(body, source=self.name)
        return [i.model_copy(update={"kind": "reddit", "id": _rss_id(i.id)}) for i in items]

    def describe(self) -> str:
        """The subreddit and listing."""
        return f"reddit r/{self.subreddit} {self.listing}.{self.format}"


def _post(post: dict[str, Any], source: str) -> Item | None:
    ident, created = post.get("id"), post.get("created_utc")
    permalink = post.get("permalink")
    if not isinstance(ident, str) or not isinstance(created, (int, float)):
        return None
    if not isinstance(permalink, str) or not permalink.startswith("/r/"):
        return None
    if post.get("removed_by_category") or post.get("stickied"):
        return None  # removed posts and the subreddit's pinned rules threads
    title = repair_text(str(post.get("title") or "")).strip()
    body = repair_text(str(post.get("selftext") or "")).strip()
    links: list[str] = []
    target = post.get("url_overridden_by_dest") or post.get("url")
    if not post.get("is_self") and isinstance(target, str):
        url = clean_url(target)
        if url:
            links.append(url)
    links.extend(u for u in plain_links(body) if u not in links)
    engagement = int_fields(post, score="score", num_comments="comments")
    crosspost = post.get("crosspost_parent_list")
    if isinstance(crosspost, list) and crosspost and isinstance(crosspost[0], dict):
        origin = crosspost[0].get("permalink")
        if isinstance(origin, str) and origin.startswith("/r/"):
            links.insert(0, clean_url(f"https://www.reddit.com{origin}") or "")
    return titled_item(
        source=source,
        id=ident,
        url=clean_url(f"https://www.reddit.com{permalink}"),
        title=title,
        author=str(post.get("author") or ""),
        text=body,
        published=datetime.fromtimestamp(created, UTC),
        links=tuple(u for u in links if u),
        engagement=engagement,
        kind="reddit",
    )


def _rss_id(entry_id: str) -> str:
    """``t3_abc123`` (the feed's entry id) → ``abc123``, the id the JSON listing uses."""
    return entry_id[3:] if entry_id.startswith("t3_") else entry_id


def _blocked(where: str) -> FetchError:
    return FetchError(
        f"Reddit answered with a web page instead of the listing: {redact_url(where)}",
        "Reddit blocks unknown clients; set fetch.user_agent to one that names you and your "
        "contact, or use format: rss",
    )
