"""Ranking: which stories matter most today, with the reasons as named parts of the score.

Engagement is not comparable across sources (a Telegram view is not a Hacker News point), so
each item's engagement is turned into its percentile among the same source's items of the day;
a story then earns, per source it was seen on, that source's weight times its best percentile.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime

from digest.models import Item, Story

# How much one unit of each figure sources report is worth against a like.
FIGURE_WEIGHTS = {
    "likes": 1.0, "favorites": 1.0, "reposts": 2.0, "retweets": 2.0, "quotes": 2.0,
    "replies": 1.5, "comments": 1.5, "points": 1.0, "score": 1.0, "upvotes": 1.0,
    "reactions": 1.0, "forwards": 2.0, "views": 0.01,
}  # fmt: skip

# A follow-up continues a story an earlier post told, which readers follow: it ranks as if that
# post were one more source of its own (a source's own post earns 2.0 times its weight).
FOLLOW_UP = 2.0


def raw_engagement(item: Item) -> float:
    """The item's figures combined into one number (0 when the source reports none)."""
    return sum(FIGURE_WEIGHTS.get(k, 1.0) * max(v, 0) for k, v in item.engagement.items())


def normalised_engagement(items: Sequence[Item]) -> list[float]:
    """Each item's engagement as a percentile (0–1] among its source's items; 0 without figures."""
    by_source: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        if item.engagement:
            by_source[item.source].append(index)
    out = [0.0] * len(items)
    for members in by_source.values():
        raw = [raw_engagement(items[i]) for i in members]
        values = sorted(raw)
        count = len(values)
        for i, value in zip(members, raw, strict=True):
            # Mid-rank of ties, so equal figures get equal percentiles.
            below = bisect_left(values, value)
            equal = bisect_right(values, value) - below
            out[i] = (below + equal / 2) / count
    return out


def lead_order(item: Item, percentile: float, weights: Mapping[str, float]) -> tuple[object, ...]:
    """Sort key putting the item that best represents a story first.

    An article (a title and a link) beats a post; then source weight, engagement, length.
    """
    article = bool(item.title and item.url)
    return (
        not article,
        -weights.get(item.source, 1.0),
        -round(percentile, 6),
        -min(len(item.text), 400),
        item.published,
        item.source,
        item.id,
    )


def score(
    members: Sequence[Item],
    percentiles: Sequence[float],
    copied: Sequence[bool],
    weights: Mapping[str, float],
    until: datetime,
) -> dict[str, float]:
    """The parts of a story's score: breadth counts most, engagement and recency refine it.

    A source that carried its own post counts fully; one that only repeated another's post
    (a retweet, a cross-post) counts half: independent coverage is the stronger signal.
    """
    own = {i.source for i, c in zip(members, copied, strict=True) if not c}
    echoed = {i.source for i in members} - own
    copies = sum(copied)
    authors = {(i.source, i.author.casefold()) for i in members if i.author}
    best: dict[str, float] = defaultdict(float)
    for item, pct in zip(members, percentiles, strict=True):
        best[item.source] = max(best[item.source], pct)
    newest = max(i.published for i in members)
    age_hours = max((until - newest).total_seconds() / 3600, 0.0)
    parts = {
        "sources": 2.0 * sum(weights.get(s, 1.0) for s in own)
        + 1.0 * sum(weights.get(s, 1.0) for s in echoed),
        "authors": math.log2(1 + len(authors)),
        "duplicates": 0.5 * math.log2(1 + copies),
        "engagement": 1.5 * sum(weights.get(s, 1.0) * v for s, v in best.items()),
        "recency": 1.0 / (1.0 + age_hours / 24),
    }
    return {name: round(value, 6) for name, value in parts.items()}


def rank_follow_ups(stories: Sequence[Story]) -> list[Story]:
    """``stories`` ranked again once novelty is known: a follow-up gains a ``follow-up`` part
    (``FOLLOW_UP``), the order otherwise the one ``build_stories`` gives (best first, then id)."""
    out = [
        s.model_copy(
            update={
                "score": round(s.score + FOLLOW_UP, 6),
                "breakdown": {**s.breakdown, "follow-up": FOLLOW_UP},
            }
        )
        if s.novelty == "follow-up" and "follow-up" not in s.breakdown  # added once
        else s
        for s in stories
    ]
    return sorted(out, key=lambda s: (-s.score, s.id))
