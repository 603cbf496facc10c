"""What a post cites and links: the items a story offers, ids to keys, copies, links.

Links come from the archive's items, never from the model's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from digest.models import Digest, Item, Link, Section, Story
from digest.textclean import garbled, truncate
from digest.urls import canonical_url
from digest.writer.edits import clean_prose
from digest.writer.schemas import NotedStory


def diverse(story: Story, limit: int) -> list[Item]:
    """Up to ``limit`` citable items of a story: one per kind of source first (a blog, X,
    Discord, ...), then one per source, in the story's order.

    A story told by a lab blog, a Discord thread and a Telegram channel cites all three rather
    than three feeds that say the same. An item whose text is mojibake beyond repair
    (``textclean.garbled``) is never offered.
    """
    citable = [i for i in story.items if i.url and not garbled(f"{i.title}\n{i.text}")]
    chosen: list[Item] = []
    for distinct in (lambda i: i.kind, lambda i: i.source, id):
        taken = {distinct(i) for i in chosen}
        for item in citable:
            if len(chosen) < limit and item not in chosen and distinct(item) not in taken:
                chosen.append(item)
                taken.add(distinct(item))
    return sorted(chosen, key=citable.index)


def plan_ids(noted: Sequence[NotedStory]) -> dict[str, str]:
    """Composing-call ids (``S2i1``) → archive keys."""
    return {
        f"S{rank}{short}": key
        for rank, story in enumerate(noted, start=1)
        for short, key in story.ids.items()
    }


def link_for(item: Item) -> Link | None:
    """The link the post may print for an item: its permalink, labelled by author or site."""
    if not item.url:
        return None
    host = urlsplit(item.url).hostname or item.source
    label = item.author if item.author and not garbled(item.author) else host
    label = label.removeprefix("www.")
    return Link(label=truncate(clean_prose(label), 40) or item.source, url=item.url)


def cite_copies(digest: Digest, stories: Sequence[Story], extra: int = 2) -> Digest:
    """Add to each bullet up to ``extra`` copies of what it cites, from sources and pages it
    lacks (a copy that links where the bullet already links adds nothing).

    A retweet or cross-post says the same thing, so it backs the same sentence; citing it
    shows readers every place the news appeared.
    """
    copies = {key: dupes for story in stories for key, dupes in story.copies.items()}
    sources = {i.key: i.source for story in stories for i in story.all_items()}
    pages = {i.key: canonical_url(i.url) for story in stories for i in story.all_items() if i.url}

    def widen(cites: list[str]) -> list[str]:
        out = list(cites)
        seen = {sources.get(k) for k in out}
        linked = {pages.get(k) for k in out}
        added = 0
        for key in cites:
            for copy in copies.get(key, ()):
                if (
                    added < extra
                    and copy.url
                    and copy.source not in seen
                    and canonical_url(copy.url) not in linked
                    and not garbled(f"{copy.title}\n{copy.text}")
                ):
                    out.append(copy.key)
                    seen.add(copy.source)
                    linked.add(canonical_url(copy.url))
                    added += 1
        return out

    def sections(planned: Sequence[Section]) -> list[Section]:
        return [
            s.model_copy(
                update={
                    "bullets": [b.model_copy(update={"cites": widen(b.cites)}) for b in s.bullets]
                }
            )
            for s in planned
        ]

    return digest.model_copy(
        update={"preview": sections(digest.preview), "overview": sections(digest.overview)}
    )


def with_links(digest: Digest, items: dict[str, Item]) -> Digest:
    """The digest with a link for every cited item that has one."""
    links: dict[str, Link] = {}
    for key in digest.cited_keys():
        item = items.get(key)
        link = link_for(item) if item else None
        if link is not None:
            links[key] = link
    return digest.model_copy(update={"links": links})
