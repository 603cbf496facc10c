"""Hacker News, through the Algolia search API (``search_by_date``).

One query asks for the window exactly (``numericFilters=created_at_i>=since,created_at_i<until``)
and pages with ``page`` until ``nbPages``. Points and comment counts become engagement. An item
links to its HN discussion page (``news.ycombinator.com/item?id=…``); the article it points at
is its first link, so the story engine joins it with other posts about the same article.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlencode

from pydantic import Field

from digest.errors import FetchError
from digest.models import Item
from digest.sources.api import int_fields, parse_json, parse_json_file, plain_links, titled_item
from digest.sources.base import Body, FetchContext, ServiceSource
from digest.textclean import html_to_text, repair_text
from digest.urls import clean_url

HN_ITEM = "https://news.ycombinator.com/item?id="


class HackerNewsSource(ServiceSource):
    """Hacker News stories in the window.

    Attributes:
        query: search words (Algolia syntax); empty means every story.
        tags: Algolia tags (``story``, ``show_hn``, ``ask_hn``, ``(story,poll)``, ...).
        min_points: stories with fewer points are left out.
        base_url: the API root.
        url: a saved API answer (``file:`` URL or path) to read instead.
        max_pages: result pages (100 hits each) read at most.
    """

    type: Literal["hackernews"]
    query: str = ""
    tags: str = "story"
    min_points: int = Field(default=0, ge=0)
    base_url: str = "https://hn.algolia.com/api/v1"
    max_pages: int = Field(default=10, ge=1, le=50)

    def parse(self, body: Body, ctx: FetchContext) -> list[Item]:
        """The stories in a saved answer."""
        data = parse_json_file(body.content, body.url, "save the Algolia answer again")
        return self._page(data)[0]

    def read_service(self, ctx: FetchContext) -> list[Item]:
        """The window's stories with at least ``min_points`` points, page by page."""
        since = int(ctx.window.since.timestamp())
        until = int(ctx.window.until.timestamp())
        found: dict[str, Item] = {}
        for page in range(self.max_pages):
            query = {
                "tags": self.tags,
                "numericFilters": f"created_at_i>={since},created_at_i<{until}",
                "hitsPerPage": "100",
                "page": str(page),
            }
            if self.query:
                query["query"] = self.query
            url = f"{self.base_url.rstrip('/')}/search_by_date?{urlencode(query)}"
            response = ctx.get(url)
            items, pages = self._page(parse_json(response, "Hacker News (Algolia)"))
            for item in items:
                found.setdefault(item.id, item)
            if page + 1 >= pages:
                break
            if page == self.max_pages - 1:
                ctx.notes.append(f"stopped after {self.max_pages} pages; raise max_pages")
        return list(found.values())

    def _page(self, data: Any) -> tuple[list[Item], int]:
        if not isinstance(data, dict) or not isinstance(data.get("hits"), list):
            raise FetchError("the Algolia answer has no hits list", "check base_url (…/api/v1)")
        items = []
        for hit in data["hits"]:
            item = _hit(hit, self.name) if isinstance(hit, dict) else None
            if item is not None and item.engagement.get("points", 0) >= self.min_points:
                items.append(item)
        pages = data.get("nbPages")
        return items, pages if isinstance(pages, int) else 1

    def describe(self) -> str:
        """The query."""
        return f"hackernews {self.tags}" + (f" {self.query!r}" if self.query else "")


def _hit(hit: dict[str, Any], source: str) -> Item | None:
    ident, created = str(hit.get("objectID") or ""), hit.get("created_at_i")
    if not ident.isdigit() or not isinstance(created, int):
        return None
    title = repair_text(str(hit.get("title") or hit.get("story_title") or "")).strip()
    if not title:
        return None
    text, links = html_to_text(str(hit.get("story_text") or ""))
    article = clean_url(str(hit["url"])) if hit.get("url") else None
    if article:
        links.insert(0, article)  # Ask HN has no url: the item page is the story
    links.extend(u for u in plain_links(text) if u not in links)
    engagement = int_fields(hit, points="points", num_comments="comments")
    return titled_item(
        source=source,
        id=ident,
        url=f"{HN_ITEM}{ident}",
        title=title,
        author=str(hit.get("author") or ""),
        text=text,
        published=datetime.fromtimestamp(created, UTC),
        links=tuple(dict.fromkeys(links)),
        engagement=engagement,
        kind="hackernews",
    )
