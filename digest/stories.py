"""From items to ranked stories: exact duplicates folded, items about one thing grouped.

This is the first engine, kept behind one function (``build_stories``) so a deeper one can
replace it. It is pure: the same items give the same stories in the same order.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime

from digest.models import Item, Story
from digest.urls import canonical_url

# A link shared by more items than this is a home page or a profile, not one story's subject.
_MAX_LINK_FANOUT = 12


def build_stories(
    items: Sequence[Item],
    *,
    until: datetime,
    weights: Mapping[str, float] | None = None,
) -> list[Story]:
    """Fold duplicates, group items into stories and rank them, best first."""
    weights = weights or {}
    ordered = sorted(items, key=lambda i: (i.published, i.source, i.id))
    unique, folded = _fold_duplicates(ordered)
    groups = _group(unique)
    stories = []
    for members in groups:
        members.sort(key=lambda i: (-_item_strength(i, weights), i.published, i.source, i.id))
        dupes = sum(folded.get(i.key, 0) for i in members)
        parts = _score(members, dupes, weights, until)
        stories.append(
            Story(
                id=_story_id(members),
                items=tuple(members),
                score=round(sum(parts.values()), 6),
                duplicates=dupes,
                breakdown=parts,
            )
        )
    stories.sort(key=lambda s: (-s.score, s.id))
    return stories


def item_links(item: Item) -> list[str]:
    """The canonical forms of an item's own URL and the links in its text."""
    links = [item.url] if item.url else []
    links.extend(item.links)
    seen: dict[str, None] = {}
    for link in links:
        seen.setdefault(link_key(link), None)
    return list(seen)


def link_key(url: str) -> str:
    """The canonical URL, keeping an anchor: newsletters give each item ``issue#item``."""
    key = canonical_url(url)
    _, _, fragment = url.partition("#")
    if fragment and not fragment.startswith(("!", ":~:")) and "#" not in key:
        key = f"{key}#{fragment}"
    return key


def _norm_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\W+", " ", text).strip()


def _fold_duplicates(items: Sequence[Item]) -> tuple[list[Item], dict[str, int]]:
    """Keep the first of items with the same permalink or the same title and text."""
    kept: list[Item] = []
    folded: dict[str, int] = defaultdict(int)
    by_key: dict[str, Item] = {}
    for item in items:
        keys = []
        if item.url:
            keys.append("u:" + link_key(item.url))
        body = _norm_text(f"{item.title} {item.text}")
        if len(body) >= 20:
            keys.append("t:" + hashlib.sha256(body.encode()).hexdigest())
        original = next((by_key[k] for k in keys if k in by_key), None)
        if original is not None:
            folded[original.key] += 1
            continue
        for k in keys:
            by_key[k] = item
        kept.append(item)
    return kept, folded


def _group(items: Sequence[Item]) -> list[list[Item]]:
    """Union items that share a specific link or the same normalised title."""
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    owners: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        for link in item_links(item):
            if _specific(link):
                owners["l:" + link].append(index)
        title = _norm_text(item.title)
        if len(title) >= 12:
            owners["t:" + title].append(index)
    for members in owners.values():
        if 1 < len(members) <= _MAX_LINK_FANOUT:
            for other in members[1:]:
                union(members[0], other)
    groups: dict[int, list[Item]] = defaultdict(list)
    for index, item in enumerate(items):
        groups[find(index)].append(item)
    return list(groups.values())


# Hosts where a one-segment path is a person or an organisation, not one story.
_PROFILE_HOSTS = {
    "x.com", "github.com", "huggingface.co", "youtube.com", "linkedin.com", "medium.com",
    "reddit.com", "t.me", "discord.com", "instagram.com", "facebook.com", "threads.net",
}  # fmt: skip


def _specific(link: str) -> bool:
    """True for links that name one thing: not a site's root, not a profile page."""
    host, _, path = link.split("://", 1)[-1].partition("/")
    path = path.split("?", 1)[0].strip("/")
    if not path:
        return "?" in link
    return "/" in path or host not in _PROFILE_HOSTS


def _engagement(item: Item) -> float:
    return float(sum(max(v, 0) for v in item.engagement.values()))


def _item_strength(item: Item, weights: Mapping[str, float]) -> float:
    return weights.get(item.source, 1.0) * (1.0 + math.log1p(_engagement(item)))


def _score(
    members: Sequence[Item], duplicates: int, weights: Mapping[str, float], until: datetime
) -> dict[str, float]:
    """The score's parts: sources and authors count most; engagement and recency break ties."""
    sources = {i.source for i in members}
    authors = {(i.source, i.author) for i in members if i.author}
    newest = max(i.published for i in members)
    age_hours = max((until - newest).total_seconds() / 3600, 0.0)
    parts = {
        "sources": 2.0 * sum(weights.get(s, 1.0) for s in sources),
        "authors": 0.5 * len(authors),
        "duplicates": 0.5 * duplicates,
        "engagement": 0.3 * sum(math.log1p(_engagement(i)) for i in members),
        "recency": 1.0 / (1.0 + age_hours / 24),
    }
    return {name: round(value, 6) for name, value in parts.items()}


def _story_id(members: Sequence[Item]) -> str:
    """A stable id from the story's earliest item."""
    first = min(members, key=lambda i: (i.published, i.source, i.id))
    return hashlib.sha256(first.key.encode()).hexdigest()[:12]
