"""Copies: the same post seen again (a retweet, a cross-post, a feed that repeats another).

Three tests, each cheap:

- the same permalink (canonical URL);
- a retweet (``RT @who: text``) of a post by ``who`` with that text;
- the same or nearly the same text, found by MinHash with LSH banding over word 3-shingles
  (so it never compares every pair) and confirmed by the shingles' exact Jaccard similarity.

A near copy must name the same things: "Kapo is down" and "Zebel is down" differ in one word
but are two events. Short texts ("+1", "Link to the weights?") are said by many people about
many things, so text alone folds only posts of ``MIN_WORDS`` words or more; shorter ones fold
when their links agree too.

MinHash is computed here with numpy over all items at once rather than with a per-document
library object: on 20,000 posts that takes about 0.3 s where datasketch's ``MinHash.bulk``
took 2.5 s, and the story engine's whole budget for such a day is 10 s.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from digest.stories.features import Features
from digest.stories.unionfind import UnionFind

MIN_WORDS = 8
NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: pairs at Jaccard 0.8 meet in a band with p ≈ 0.9999
NEAR = 0.8  # Jaccard of 3-shingles at or above which two texts are one text
_PRIME = np.uint64((1 << 61) - 1)


def find_copies(
    feats: Sequence[Features],
    authors: Sequence[str],
    replies: Sequence[str | None] | None = None,
    said: Sequence[bool] | None = None,
) -> UnionFind:
    """Union every item with the items it copies or that copy it; indices follow ``feats``.

    ``replies`` holds, per item, the key of the post it answers (None if it answers none): a
    reply means something only under its parent, so "ok but is it any good in korean" under
    two different posts is two remarks, not one post seen twice, and folding them would tie
    both threads (and their stories) together. ``said`` marks items whose equal texts are
    not to fold (stock lines: see ``stock_lines``).
    """
    uf = UnionFind(len(feats))
    parents = list(replies) if replies is not None else [None] * len(feats)
    stock = list(said) if said is not None else [False] * len(feats)
    by_permalink: dict[str, int] = {}
    by_text: dict[str, int] = {}
    by_author_text: dict[tuple[str, str], list[int]] = {}
    for index, f in enumerate(feats):
        if f.permalink:
            first = by_permalink.setdefault(f.permalink, index)
            if first != index:
                uf.union(first, index)
        key = None if stock[index] else _text_key(f)
        if key and parents[index]:
            key = f"{key}|{parents[index]}"
        if key:
            first = by_text.setdefault(key, index)
            if first != index:
                uf.union(first, index)
        who = authors[index].lower().lstrip("@")
        by_author_text.setdefault((who, f.copy_text), []).append(index)
    for index, f in enumerate(feats):
        if f.retweet_of:
            # The retweet carries the original's permalink besides the links it mentions.
            mine = set(f.links)
            for original in by_author_text.get((f.retweet_of, f.copy_text), ()):
                theirs = set(feats[original].links) - {feats[original].permalink}
                if original != index and theirs <= mine and not parents[index]:
                    uf.union(original, index)
                    break
    for a, b in _quoted_copies(feats, by_permalink, parents):
        uf.union(a, b)
    for a, b in _prefix_copies(feats, parents):
        uf.union(a, b)
    for a, b in _near_pairs(feats):
        if parents[a] == parents[b]:
            uf.union(a, b)
    return uf


STOCK_AUTHORS = 4  # a text this many people post is a stock line, not one post copied


def stock_lines(
    feats: Sequence[Features], authors: Sequence[str], replies: Sequence[str | None]
) -> list[bool]:
    """Per item, whether its text is a *stock line*: one that ``STOCK_AUTHORS`` or more
    different people post ("how do you guys evaluate RAG pipelines?", "gm", "hi all, first
    post here"). Such a line is said, not copied; on its own it names no event."""
    who: dict[str, set[str]] = defaultdict(set)
    for f, author, parent in zip(feats, authors, replies, strict=True):
        if f.copy_text and not parent:
            who[f.copy_text].add(author.casefold().lstrip("@"))
    return [
        bool(f.copy_text) and not parent and len(who[f.copy_text]) >= STOCK_AUTHORS
        for f, parent in zip(feats, replies, strict=True)
    ]


CLASH = 0.3  # word-set Jaccard below which two posts under one permalink are two posts


def permalink_clashes(feats: Sequence[Features]) -> list[Features]:
    """``feats`` with the permalink taken from posts that share it with an unlike earlier post.

    One URL is one post, except where a site reuses ids or a feed gives every entry the same
    address: two posts under it that share almost no words are two posts, and the URL names
    neither (it would fold them as copies and join their stories by link).
    """
    first: dict[str, int] = {}
    out = list(feats)
    for index, f in enumerate(feats):
        if not f.permalink:
            continue
        owner = first.setdefault(f.permalink, index)
        if owner == index:
            continue
        mine, theirs = set(f.words), set(feats[owner].words)
        if mine and theirs and len(mine & theirs) < CLASH * len(mine | theirs):
            out[index] = replace(
                f, permalink=None, links=tuple(k for k in f.links if k != f.permalink)
            )
    return out


PREFIX_WORDS = 5  # a cut copy keeps at least this many words of its original
EXTRA_WORDS = 4  # words a cross-post may add after the text it copies ("from twitter:")


def _quoted_copies(
    feats: Sequence[Features], by_permalink: dict[str, int], parents: Sequence[str | None]
) -> list[tuple[int, int]]:
    """A post that links another post of the day and repeats its text (a forward, a cross-post
    "… from twitter: <link>", a preview cut short) copies it. A quote that comments first
    ("worth your time: <the post>") says something of its own and is not a copy."""
    pairs = []
    for index, f in enumerate(feats):
        if parents[index] or not f.copy_text:
            continue
        for link in f.links:
            original = by_permalink.get(link)
            if original is None or original == index:
                continue
            g = feats[original]
            for text in (g.copy_text, g.body_text):
                if text and _repeats(f, text):
                    pairs.append((original, index))
                    break
    return pairs


def _repeats(f: Features, text: str) -> bool:
    """Whether ``f`` repeats ``text``: the same, a cut prefix of it, or it and a few words."""
    mine = f.copy_text
    if mine == text:
        return True
    if f.truncated:
        return text.startswith(mine + " ") and mine.count(" ") + 1 >= min(
            PREFIX_WORDS, f.copy_words
        )
    return mine.startswith(text) and f.copy_words - (text.count(" ") + 1) <= EXTRA_WORDS


def _prefix_copies(
    feats: Sequence[Features], parents: Sequence[str | None]
) -> list[tuple[int, int]]:
    """A cut post (its text ends in "…") whose words begin another post of the day copies it.

    The other post is found by its first ``PREFIX_WORDS`` words, so no pair is compared that
    does not start alike; of several, the earliest whole one is the original.
    """
    starts: dict[tuple[str, ...], list[int]] = {}
    for index, f in enumerate(feats):
        if f.truncated:
            continue
        for text in dict.fromkeys((f.copy_text, f.body_text)):
            words = text.split()
            if len(words) > PREFIX_WORDS:
                starts.setdefault(tuple(words[:PREFIX_WORDS]), []).append(index)
    pairs = []
    for index, f in enumerate(feats):
        if not f.truncated or f.copy_words < PREFIX_WORDS or parents[index]:
            continue
        head = tuple(f.copy_text.split()[:PREFIX_WORDS])
        for other in starts.get(head, ()):
            g = feats[other]
            if any(t.startswith(f.copy_text + " ") for t in (g.copy_text, g.body_text) if t):
                pairs.append((other, index))
                break
    return pairs


def _mentioned(f: Features) -> str:
    """The links an item mentions (not its own permalink), as one string."""
    return " ".join(sorted(link for link in f.links if link != f.permalink))


def _text_key(f: Features) -> str | None:
    mentioned = _mentioned(f)
    if f.copy_words >= MIN_WORDS or (f.copy_words >= 2 and mentioned):
        extra = "" if f.copy_words >= MIN_WORDS else "|" + mentioned
        return hashlib.blake2b((f.copy_text + extra).encode(), digest_size=16).hexdigest()
    return None


def _shingles(text: str) -> set[int]:
    words = text.split()
    grams = (" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1)))
    # crc32 is stable across runs (Python's hash() is not) and fast; its rare collisions only
    # nudge an estimate that the exact Jaccard check confirms anyway.
    return {zlib.crc32(g.encode()) for g in grams}


def _near_pairs(feats: Sequence[Features]) -> list[tuple[int, int]]:
    """Pairs of long texts whose 3-shingle Jaccard similarity is at least ``NEAR``."""
    first: dict[str, int] = {}
    for i, f in enumerate(feats):
        if f.copy_words >= MIN_WORDS:
            first.setdefault(f.copy_text, i)  # equal texts are joined already: read each once
    rows = sorted(first.values())
    if len(rows) < 2:
        return []
    sets = [_shingles(feats[i].copy_text) for i in rows]
    lengths = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
    flat = np.fromiter((h for s in sets for h in s), dtype=np.uint64, count=int(lengths.sum()))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    rng = np.random.default_rng(20240504)
    a = rng.integers(1, int(_PRIME), NUM_PERM, dtype=np.uint64)
    b = rng.integers(0, int(_PRIME), NUM_PERM, dtype=np.uint64)
    signature = np.empty((len(rows), NUM_PERM), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(NUM_PERM):
            # (a·x + b) mod 2^64, then mod p: a universal-enough hash family for MinHash.
            signature[:, k] = np.minimum.reduceat((flat * a[k] + b[k]) % _PRIME, starts)
        per_band = NUM_PERM // BANDS
        found: list[np.ndarray] = []
        for band in range(BANDS):
            block = signature[:, band * per_band : (band + 1) * per_band]
            key = block[:, 0].copy()
            for column in range(1, per_band):  # one 64-bit key per band
                key = key * np.uint64(0x9E3779B97F4A7C15) + block[:, column]
            order = np.argsort(key, kind="stable")
            same = key[order][1:] == key[order][:-1]
            # Each member of a bucket is paired with the one before it in the bucket.
            found.append(np.stack([order[:-1][same], order[1:][same]], axis=1))
    candidates = np.unique(np.sort(np.concatenate(found), axis=1), axis=0)
    pairs = []
    for x, y in candidates.tolist():
        small, large = sorted((sets[x], sets[y]), key=len)
        if len(small) >= NEAR * len(large):
            shared = len(small & large)
            f, g = feats[rows[x]], feats[rows[y]]
            if shared >= NEAR * (len(small) + len(large) - shared) and set(f.names) == set(g.names):
                pairs.append((rows[x], rows[y]))
    return pairs
