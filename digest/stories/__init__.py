"""From items to ranked stories: copies folded, items about one event grouped, stories ranked.

One function is the interface (``build_stories``); the steps live in their own modules:

- ``features``: link keys, words, names and copy signatures of each item;
- ``dedupe``: copies (same permalink, retweets, the same or nearly the same text by MinHash);
- ``cluster``: threads, shared links, similar text and shared names join items into stories;
- ``rank``: a score per story with a breakdown that ``digest stories`` shows;
- ``novelty``: stories an earlier post covered are marked as repeats or follow-ups.

It is pure: the same items give the same stories in the same order.
"""

from __future__ import annotations

import functools
import gc
import hashlib
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from datetime import datetime
from typing import ParamSpec, TypeVar

from digest.models import Item, Story
from digest.stories.features import extract_all, item_links, link_key, settle_names
from digest.stories.rank import lead_order, normalised_engagement, score
from digest.stories.thresholds import Thresholds
from digest.stories.unionfind import UnionFind

__all__ = ["Thresholds", "build_stories", "item_links", "link_key"]


# A day this big has a second process find its link joins and reworded copies.
FORK_ITEMS = 5000

P = ParamSpec("P")
R = TypeVar("R")


def _without_gc(build: Callable[P, R]) -> Callable[P, R]:
    """``build`` with the cycle collector paused while it runs: a build makes hundreds of
    thousands of small tuples, lists and dicts and no cycles, and collecting over them took
    a fifth of its time."""

    @functools.wraps(build)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        was = gc.isenabled()
        gc.disable()
        try:
            return build(*args, **kwargs)
        finally:
            if was:
                gc.enable()

    return run


@_without_gc
def build_stories(
    items: Sequence[Item],
    *,
    until: datetime,
    weights: Mapping[str, float] | None = None,
    thresholds: Thresholds | None = None,
) -> list[Story]:
    """Fold copies, group items into stories and rank them, best first."""
    # numpy and scipy.sparse take a while to import: only a build pays for them.
    from digest.stories.cluster import (
        join_similar,
        join_threads_and_links,
        link_joins,
        sample_groups,
        split_stock,
    )
    from digest.stories.dedupe import (
        find_copies,
        fold_within_stories,
        permalink_clashes,
        quick_repeats,
        quote_comments,
        reworded_copies,
        stock_lines,
    )
    from digest.stories.fork import in_child

    weights = weights or {}
    thresholds = thresholds or Thresholds()
    ordered = sorted(items, key=lambda i: (i.published, i.source, i.id))
    unique: dict[str, Item] = {}
    for item in ordered:
        unique.setdefault(item.key, item)
    ordered = list(unique.values())
    if not ordered:
        return []
    settled = settle_names(extract_all(ordered))
    feats = permalink_clashes(settled)
    # The posts whose address the clash guard took away: their stories' fingerprints leave it out.
    unaddressed = {
        i for i, (a, b) in enumerate(zip(settled, feats, strict=True)) if a.permalink != b.permalink
    }

    authors = [i.author for i in ordered]
    parents = [i.reply_to for i in ordered]
    # A stock line said in many stories is folded only inside one (``fold_within_stories``):
    # folded first, it would tie those stories together.
    said = stock_lines(feats, authors, parents)
    comments = quote_comments(feats, authors)

    def links_and_rewordings() -> tuple[list[list[str]], list[tuple[int, int]]]:
        return link_joins(ordered, feats), reworded_copies(feats, parents, comments)

    # Nothing needs these two before the copies are found: on a big day a second process finds
    # them meanwhile (the same either way, see ``fork``).
    with (
        in_child(links_and_rewordings)
        if len(ordered) >= FORK_ITEMS
        else nullcontext(links_and_rewordings)
    ) as later:
        titled = [bool(i.title) for i in ordered]
        copies = find_copies(feats, authors, parents, said, comments, titled)
        original = [copies.find(i) for i in range(len(ordered))]
        reps = [i for i, root in enumerate(original) if root == i]
        stories_uf = UnionFind(len(ordered))
        for i, root in enumerate(original):
            if root != i:
                stories_uf.union(i, root)
        # What needs neither result is done while the child may still be working.
        quick = quick_repeats(feats, parents, said, [i.published for i in ordered])
        percentile = normalised_engagement(ordered)
        joins, reworded = later()
    join_threads_and_links(ordered, feats, stories_uf, joins)
    # A reply whose parent is here belongs to the parent's thread; its own words ("Link to the
    # weights?") would tie threads of different stories together.
    present = {item.key for item in ordered}
    # A roundup covers several stories: its words would tie them together.
    talkers = [r for r in reps if ordered[r].reply_to not in present and not feats[r].roundup]
    join_similar(feats, sample_groups(talkers, stories_uf), stories_uf, thresholds)
    stories_uf, copies = split_stock(ordered, feats, copies, stories_uf, said)
    fold_within_stories(feats, said, [*reworded, *quick], stories_uf, copies)

    stories = []
    copy_groups = copies.groups()
    original = [0] * len(ordered)  # each item's original (itself, if it copies none)
    for root, group in copy_groups.items():
        for i in group:
            original[i] = root
    for members in stories_uf.groups().values():
        distinct = [i for i in members if original[i] == i]
        folded: dict[str, tuple[Item, ...]] = {
            ordered[rep].key: tuple(ordered[i] for i in copy_groups[rep][1:])
            for rep in distinct
            if len(copy_groups[rep]) > 1
        }
        distinct.sort(key=lambda i: lead_order(ordered[i], percentile[i], weights))
        everyone = [ordered[i] for i in members]
        parts = score(
            everyone,
            [percentile[i] for i in members],
            [original[i] != i for i in members],
            weights,
            until,
        )
        stories.append(
            Story(
                id=_story_id(everyone),
                items=tuple(ordered[i] for i in distinct),
                copies=folded,
                score=round(sum(parts.values()), 6),
                duplicates=len(members) - len(distinct),
                breakdown=parts,
                unaddressed=tuple(sorted(ordered[i].key for i in members if i in unaddressed)),
            )
        )
    stories.sort(key=lambda s: (-s.score, s.id))
    return stories


def _story_id(members: Sequence[Item]) -> str:
    """A stable id from the story's earliest item."""
    first = min(members, key=lambda i: (i.published, i.source, i.id))
    return hashlib.sha256(first.key.encode()).hexdigest()[:12]
