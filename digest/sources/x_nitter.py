"""X through a Nitter-compatible instance: ``/<user>/rss`` and ``/i/lists/<id>/rss``.

Links are rewritten from the instance to ``x.com``; a feed that fails is skipped with a note
while another one works.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from digest.errors import FetchError
from digest.models import Item
from digest.sources.base import FetchContext
from digest.sources.rss import parse_feed
from digest.sources.x_tweets import permalink
from digest.textclean import detect_language
from digest.urls import clean_url

if TYPE_CHECKING:
    from digest.sources.x import XSource

_STATUS_PATH = re.compile(r"^/([A-Za-z0-9_]{1,15})/status(?:es)?/(\d{1,20})")
_RT_BY = re.compile(r"^RT by @([A-Za-z0-9_]{1,15}):\s*")
_REPLY_TO = re.compile(r"^R to @([A-Za-z0-9_]{1,15}):\s*")
_PINNED = re.compile(r"^Pinned:\s*")


def read_nitter(source: XSource, ctx: FetchContext) -> list[Item]:
    """The posts of the source's Nitter feeds (the window applied after)."""
    root = source.base_url.rstrip("/")
    paths = [f"/{quote(h.lstrip('@'))}/rss" for h in source.accounts]
    if source.list_id:
        paths.append(f"/i/lists/{source.list_id}/rss")
    found: dict[str, Item] = {}
    failed: list[str] = []
    for path in paths:
        try:
            response = ctx.get(root + path)
            items = parse_nitter(response.content, source=source.name, instance=root)
        except FetchError as exc:
            if len(paths) == 1:
                raise
            failed.append(f"{path}: {exc}")
            continue
        for item in items:
            found.setdefault(item.id, item)
    if failed and len(failed) == len(paths):
        raise FetchError(f"every Nitter feed failed; first: {failed[0]}", "check base_url")
    ctx.notes.extend(f"skipped {f}" for f in failed)
    return list(found.values())


def parse_nitter(body: bytes, *, source: str, instance: str) -> list[Item]:
    """Posts from a Nitter RSS feed, with links pointing at ``x.com`` instead of the instance."""
    host = urlsplit(instance).hostname or ""
    items = []
    for entry in parse_feed(body, source=source, base_url=instance):
        link = _to_x(entry.url or "", host)
        match = _STATUS_PATH.match(urlsplit(link or "").path)
        if not link or not match:
            continue
        handle, ident = match.groups()
        text = entry.text or entry.title
        for pattern in (_RT_BY, _REPLY_TO, _PINNED):
            text = pattern.sub("", text)
        own = permalink(handle, ident)
        links = [u for u in (_to_x(x, host) for x in entry.links) if u and u != own]
        items.append(
            entry.model_copy(
                update={
                    "id": ident,
                    "url": own,
                    "title": "",
                    "author": f"@{handle}",
                    "text": text.strip(),
                    "links": tuple(dict.fromkeys(links)),
                    "language": detect_language(text),
                    "kind": "x",
                }
            )
        )
    return items


def _to_x(url: str, host: str) -> str | None:
    """A link on the Nitter instance rewritten to ``x.com`` (``#m`` and ``/pic`` dropped)."""
    parts = urlsplit(url)
    if parts.hostname != host:
        return clean_url(url) if url else None
    path = parts.path
    if path.startswith("/pic/"):
        return None  # images proxied by the instance
    return clean_url(f"https://x.com{path}")
