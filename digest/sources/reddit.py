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

import re
from collections import Counter
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
                ),
                ctx.skipped,
            )
            return items
        return self._feed(body.content, body.url, ctx.skipped)

    def read_service(self, ctx: FetchContext) -> list[Item]:
        """The listing's posts: its feed, or its JSON paged back through the window."""
        if self.format == "rss":
            response = ctx.get(f"{self._root()}/{self.listing}/.rss")
            return self._feed(response.content, response.url, ctx.skipped)
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
            items, after = self._listing(parse_json(response, "Reddit"), ctx.skipped)
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

    def _listing(
        self, data: Any, skipped: Counter[str] | None = None
    ) -> tuple[list[Item], str | None]:
        """Items of one listing page and the ``after`` cursor of the next; the rest counted."""
        skipped = skipped if skipped is not None else Counter()
        listing = data.get("data") if isinstance(data, dict) else None
        if not isinstance(listing, dict) or not isinstance(listing.get("children"), list):
            raise FetchError(
                "Reddit sent something other than a listing",
                "check subreddit and base_url; a private or banned subreddit answers this way",
            )
        items = []
        for child in listing["children"]:
            post = child.get("data") if isinstance(child, dict) else None
            kind = child.get("kind") if isinstance(child, dict) else None
            if not isinstance(post, dict) or kind != "t3":
                skipped[_KINDS.get(str(kind), "things that are not posts")] += 1
                continue
            item = _post(post, self.name, skipped)
            if item is None:
                continue
            if item.engagement.get("score", 0) < self.min_score:
                skipped["below min_score"] += 1
            else:
                items.append(item)
        after = listing.get("after")
        return items, after if isinstance(after, str) and after else None

    def _feed(self, body: bytes, where: str, skipped: Counter[str] | None = None) -> list[Item]:
        """Posts of a subreddit's RSS (Atom) feed, shaped like the JSON listing's."""
        if looks_like_html(body):
            raise _blocked(where)
        items = parse_feed(body, source=self.name, where=where, skipped=skipped)
        return [_from_feed(i) for i in items]

    def describe(self) -> str:
        """The subreddit and listing."""
        return f"reddit r/{self.subreddit} {self.listing}.{self.format}"


def _post(post: dict[str, Any], source: str, skipped: Counter[str]) -> Item | None:
    ident, created = post.get("id"), post.get("created_utc")
    permalink = post.get("permalink")
    if not isinstance(ident, str) or not isinstance(created, (int, float)):
        skipped["posts without an id or time"] += 1
        return None
    if not isinstance(permalink, str) or not permalink.startswith("/r/"):
        skipped["posts without a permalink"] += 1
        return None
    if post.get("removed_by_category"):
        skipped["removed posts"] += 1
        return None
    if post.get("stickied"):
        skipped["pinned posts"] += 1  # the subreddit's rules and megathreads
        return None
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


_KINDS = {"t1": "comments", "t2": "accounts", "t4": "messages", "t5": "subreddits"}
# The line every feed entry ends with: "submitted by /u/name [to r/sub] [link] [comments]".
_SUBMITTED = re.compile(
    r"\s*submitted by\s+/u/[\w-]+(?:\s+to\s+r/\w+)?\s*\[link\]\s*\[comments\]\s*$"
)
_REDDIT = re.compile(r"^https?://(?:[\w-]+\.)?reddit\.com(/.*)$")
_PROFILE_OR_SUB = re.compile(r"^/(?:u|user|r)/[^/]+/?$")


def _from_feed(item: Item) -> Item:
    """A feed entry as the JSON listing gives it: its id, author, text and outside links.

    Feed entries end with a "submitted by ... [link] [comments]" line, link to the author's
    and the subreddit's pages and to themselves, and use whichever reddit host served the feed.
    """
    page = _REDDIT.match(item.url or "")
    url = clean_url(f"https://www.reddit.com{page.group(1)}") if page else item.url
    links = []
    for link in item.links:
        on_reddit = _REDDIT.match(link)
        path = on_reddit.group(1) if on_reddit else ""
        if on_reddit and (
            _PROFILE_OR_SUB.match(path) or clean_url(f"https://www.reddit.com{path}") == url
        ):
            continue
        links.append(link)
    return item.model_copy(
        update={
            "kind": "reddit",
            "id": _rss_id(item.id),
            "url": url,
            "author": item.author.removeprefix("/u/"),
            "text": _SUBMITTED.sub("", item.text).strip(),
            "links": tuple(links),
        }
    )


def _blocked(where: str) -> FetchError:
    return FetchError(
        f"Reddit answered with a web page instead of the listing: {redact_url(where)}",
        "Reddit blocks unknown clients; set fetch.user_agent to one that names you and your "
        "contact, or use format: rss",
    )
