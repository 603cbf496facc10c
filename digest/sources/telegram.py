"""Public Telegram channels, read through their web preview ``https://t.me/s/<channel>``.

The preview shows about 20 posts a page, newest last; ``?before=<id>`` gives the posts before
``id``. Pages are read back until one starts before the window (or ``max_pages``). A channel
whose owner turned the preview off redirects to ``t.me/<channel>``: that is reported, not
taken for an empty day.

A saved preview page (``file:`` URL or path in ``url``) is read as one page, without paging.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field

from digest.errors import FetchError
from digest.http import redact_url
from digest.models import Item
from digest.sources.api import compact_number, titled_item
from digest.sources.base import Body, FetchContext, ServiceSource
from digest.textclean import beautiful_soup, html_to_text, repair_text
from digest.urls import clean_url

if TYPE_CHECKING:
    from bs4.element import Tag

_POST = re.compile(r"^([A-Za-z0-9_]{3,64})/(\d{1,12})$")


class TelegramSource(ServiceSource):
    """A public Telegram channel.

    Attributes:
        channel: the channel's username (the part after ``t.me/``).
        base_url: the preview site's root (change it only for tests or a mirror).
        url: a saved preview page to read instead (``file:`` URL or a path).
        max_pages: preview pages read at most per run (about 20 posts each).
    """

    type: Literal["telegram"]
    channel: str = Field(pattern=r"^[A-Za-z0-9_]{3,64}$")
    base_url: str = "https://t.me"
    max_pages: int = Field(default=10, ge=1, le=200)

    def parse(self, body: Body, ctx: FetchContext) -> list[Item]:
        """The posts on the saved page (one page, no paging)."""
        return parse_page(body.content, channel=self.channel, source=self.name, skipped=ctx.skipped)

    def read_service(self, ctx: FetchContext) -> list[Item]:
        """Read the preview pages back from the newest until the window's start."""
        found: dict[str, Item] = {}
        before: int | None = None
        root = self.base_url.rstrip("/")
        for page in range(self.max_pages):
            url = f"{root}/s/{self.channel}" + (f"?before={before}" if before else "")
            response = ctx.get(url)
            self._check_preview(response.url, response.content)
            items = parse_page(
                response.content, channel=self.channel, source=self.name, skipped=ctx.skipped
            )
            if not items:
                break
            for item in items:
                found.setdefault(item.id, item)
            oldest = min(items, key=lambda i: int(i.id))
            if oldest.published < ctx.window.since or int(oldest.id) <= 1:
                break
            before = int(oldest.id)
            if page == self.max_pages - 1:
                ctx.notes.append(
                    f"stopped after {self.max_pages} pages before reaching the window's start; "
                    "raise max_pages to read further back"
                )
        return list(found.values())

    def _check_preview(self, final_url: str, body: bytes) -> None:
        if not urlsplit(final_url).path.startswith("/s/"):
            raise FetchError(
                f"the channel {self.channel!r} has no public web preview "
                f"(t.me redirected to {redact_url(final_url)})",
                "only public channels with the preview turned on can be read; check the name",
            )
        if b"tgme_channel_info" not in body and b"tgme_widget_message" not in body:
            raise FetchError(
                f"{redact_url(final_url)} is not a Telegram channel preview page",
                "check base_url and the channel name",
            )

    def describe(self) -> str:
        """The channel, or the saved page."""
        return f"telegram {self.channel}" + (f" ({redact_url(self.url)})" if self.url else "")


def parse_page(
    body: bytes, *, channel: str, source: str, skipped: Counter[str] | None = None
) -> list[Item]:
    """The posts on one preview page; media-only posts without text or link are left out.

    Posts left out are counted in ``skipped`` by reason.
    """
    skipped = skipped if skipped is not None else Counter()
    soup = beautiful_soup()(body, "html.parser")
    items = []
    posts: dict[str, Any] = {"class": "tgme_widget_message", "data-post": True}
    for node in soup.find_all(True, attrs=posts):
        item = _post(node, channel=channel, source=source, skipped=skipped)
        if item is not None:
            items.append(item)
    return items


def _find(
    node: Tag, cls: str | None, name: str | None = None, attr: str | None = None
) -> Tag | None:
    """The first element under ``node`` of class ``cls``, tag ``name`` and with ``attr`` (what
    ``select_one("name.cls[attr]")`` finds, without soupsieve, whose CSS parser costs ~0.5 s to
    build on its first use)."""
    from bs4 import Tag

    attrs: dict[str, Any] = {"class": cls} if cls else {}
    if attr:
        attrs[attr] = True
    found = node.find(name or True, attrs=attrs)
    return found if isinstance(found, Tag) else None


def _post(node: Tag, *, channel: str, source: str, skipped: Counter[str]) -> Item | None:
    match = _POST.match(str(node.get("data-post", "")))
    if not match:
        skipped["posts without an id"] += 1
        return None
    name, number = match.groups()
    dated = _find(node, "tgme_widget_message_date")
    stamp = (_find(dated, None, "time", "datetime") if dated else None) or _find(
        node, None, "time", "datetime"
    )
    try:
        published = datetime.fromisoformat(str(stamp["datetime"])) if stamp else None
    except ValueError:
        published = None
    if published is None or published.tzinfo is None:
        skipped["posts without a time"] += 1
        return None
    body = _find(node, "tgme_widget_message_text")
    text, links = html_to_text(str(body)) if body is not None else ("", [])
    preview = _find(node, "tgme_widget_message_link_preview", "a", "href")
    title = ""
    if preview is not None:
        href = clean_url(str(preview["href"]))
        if href and href not in links:
            links.append(href)
        title = _text(_find(preview, "link_preview_title"))
        about = _text(_find(preview, "link_preview_description"))
        if about and about not in text:
            text = f"{text}\n\n{about}".strip()
    if not text and not title:
        skipped["posts without words"] += 1  # a photo or video alone: nothing to cite
        return None
    forwarded = _find(node, "tgme_widget_message_forwarded_from_name")
    if forwarded is not None:
        origin = forwarded.get("href")
        origin_url = clean_url(str(origin)) if origin else None
        if origin_url and origin_url not in links:
            links.insert(0, origin_url)
    owner = _text(_find(node, "tgme_widget_message_owner_name"))
    author = _text(forwarded) if forwarded is not None else owner
    engagement = {}
    views = compact_number(_text(_find(node, "tgme_widget_message_views")))
    if views is not None:
        engagement["views"] = views
    return titled_item(
        source=source,
        id=number,
        url=f"https://t.me/{name}/{number}",
        title=title,
        author=author or channel,
        text=text,
        published=published,
        links=tuple(links),
        engagement=engagement,
        kind="telegram",
    )


def _text(node: Tag | None) -> str:
    return " ".join(repair_text(node.get_text(" ")).split()) if node is not None else ""
