"""RSS 0.9x/1.0/2.0 and Atom feeds, through feedparser (``digest.feeds`` reads them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor
from datetime import datetime
from typing import Literal

from pydantic import Field

from digest.errors import FetchError
from digest.feeds import FeedDocument, ReadFeed, read_feed
from digest.http import redact_url
from digest.models import Item
from digest.sources.base import Body, FetchContext, SourceBase
from digest.textclean import repair_text


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
            where=body.url, undated_at=first_seen, skipped=ctx.skipped, workers=ctx.workers,
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
    workers: Executor | None = None,
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
        workers: worker processes to read the document in (the caller's thread waits).
    """
    document = FeedDocument(
        body, base_url=base_url, content_type=content_type,
        shown=redact_url(where) if where else None, date_undated=undated_at is not None,
    )  # fmt: skip
    read = _read_in(workers, document)
    if skipped is not None:
        skipped.update(dict(read.skipped))
    if read.error is not None:
        raise FetchError(*read.error)
    dates: dict[str, datetime] = {}
    for entry_id in read.undated:  # each undated entry in feed order, repeated ones too
        assert undated_at is not None
        dates.setdefault(entry_id, undated_at(entry_id))
    return [
        Item(
            source=source,
            id=entry.id,
            url=entry.url,
            title=entry.title,
            author=entry.author,
            text=entry.text,
            published=entry.published or dates[entry.id],
            links=entry.links,
            language=entry.language,
            engagement=entry.engagement,
            kind="rss",
        )
        for entry in read.entries
    ]


def _read_in(workers: Executor | None, document: FeedDocument) -> ReadFeed:
    """``read_feed(document)`` in a worker process, or here without one (or if it died)."""
    if workers is not None:
        try:
            return workers.submit(read_feed, document).result()
        except BrokenExecutor:
            pass  # a worker was killed: the pool is gone, read it here
    return read_feed(document)
