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
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from itertools import chain

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
    comments: Sequence[str | None] | None = None,
    titled: Sequence[bool] | None = None,
) -> UnionFind:
    """Union every item with the items it copies or that copy it; indices follow ``feats``.

    ``replies`` holds, per item, the key of the post it answers (None if it answers none): a
    reply means something only under its parent, so "ok but is it any good in korean" under
    two different posts is two remarks, not one post seen twice, and folding them would tie
    both threads (and their stories) together. ``said`` marks items whose equal texts are
    not to fold (stock lines: see ``stock_lines``). ``titled`` marks items with a title of
    their own (a submission): with it, headline shares fold too (``_headline_shares``).
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
            # One author may post one text twice: the post whose address it carries first.
            candidates = sorted(
                by_author_text.get((f.retweet_of, f.copy_text), ()),
                key=lambda k: feats[k].permalink not in mine,
            )
            for original in candidates:
                theirs = set(feats[original].links) - {feats[original].permalink}
                if original != index and theirs <= mine and not parents[index]:
                    uf.union(original, index)
                    break
    for a, b in _quoted_copies(feats, by_permalink, parents):
        uf.union(a, b)
    for a, b in _prefix_copies(feats, parents):
        uf.union(a, b)
    for a, b in _credited_copies(feats, authors, parents):
        uf.union(a, b)
    if comments is None:
        comments = quote_comments(feats, authors)
    for a, b in _near_pairs(feats):
        if parents[a] == parents[b] and comments[a] == comments[b]:
            uf.union(a, b)
    if titled is not None:
        # A share that others copy in turn (retweets of it) is a post of the day's talk of its
        # own: its copies stay with it, not with the article.
        size = Counter(uf.find(i) for i in range(len(feats)))
        for a, b in _headline_shares(feats, by_permalink, parents, titled, authors):
            if size[uf.find(b)] == 1:
                uf.union(a, b)
    return uf


def reworded_copies(
    feats: Sequence[Features],
    replies: Sequence[str | None],
    comments: Sequence[str | None],
) -> list[tuple[int, int]]:
    """Pairs of items where one is the other with a word or two changed (see
    ``_reworded_pairs``), under the same parent and not two quotes of one post.

    Such a pair is also what two people write when they post the same headline, so it is
    folded only where the stories already hold both (``fold_within_stories``): it must not
    tie two stories together. ``comments`` are the items' ``quote_comments``.
    """
    return [
        (a, b)
        for a, b in _reworded_pairs(feats)
        if replies[a] == replies[b] and comments[a] == comments[b]
    ]


def _handle(author: str) -> str:
    """An author as copy texts write them: ``@Kernel_Max`` is ``kernel_max``."""
    return author.casefold().lstrip("@")


QUOTED_WORDS = 3  # words of a post after its author's handle that mark a quote of it


def quote_comments(feats: Sequence[Features], authors: Sequence[str]) -> list[str | None]:
    """Per item, the comment of a quote post (``comment`` in "comment @who: <a post of who's
    today>", as quote posts read), or None if the item quotes no post of the day.

    The comment is the quoter's own post: two quotes of one post, or a quote and the post it
    quotes, read alike but are different posts, unless their comments are the same.
    """
    starts: set[str] = set()
    handles: set[str] = set()
    for f, author in zip(feats, authors, strict=True):
        who = _handle(author)
        if who and f.copy_words >= QUOTED_WORDS:
            handles.add(who)
            starts.add(f"{who} {' '.join(f.copy_text.split()[:QUOTED_WORDS])}")
    out: list[str | None] = [None] * len(feats)
    for index, f in enumerate(feats):
        if f.copy_words < MIN_WORDS:
            continue  # only long texts are near copies
        words = f.copy_text.split()
        for at in range(1, len(words) - QUOTED_WORDS):
            if words[at] in handles and " ".join(words[at : at + 1 + QUOTED_WORDS]) in starts:
                out[index] = " ".join(words[:at])
                break
    return out


def _credited_copies(
    feats: Sequence[Features], authors: Sequence[str], parents: Sequence[str | None]
) -> list[tuple[int, int]]:
    """A post that repeats another's text and credits its author after it ("<text> via @who",
    as channels that repost tweets write) copies it, however short the text."""
    by_text: dict[tuple[str, str], int] = {}
    for index, f in enumerate(feats):
        if f.copy_text and not parents[index]:
            by_text.setdefault((f.copy_text, _handle(authors[index])), index)
    pairs = []
    for index, f in enumerate(feats):
        head, via, who = f.copy_text.rpartition(" via ")
        if not via or parents[index] or " " in who:
            continue
        original = by_text.get((head, who))
        if original is not None and original != index:
            pairs.append((original, index))
    return pairs


QUICK = timedelta(minutes=15)  # an equal short line this soon after another is passed on


def quick_repeats(
    feats: Sequence[Features],
    replies: Sequence[str | None],
    said: Sequence[bool],
    times: Sequence[datetime],
) -> list[tuple[int, int]]:
    """Pairs of items with the same short text (under ``MIN_WORDS`` words, which text alone
    does not fold) and the same links, the later posted within ``QUICK`` of the other.

    Two people say such a line alike ("Nara 4.5 Turbo 나왔다") about as often as one passes
    the other's on, but a line passed on comes soon after it was said, and a line said again
    by chance comes any time in the day: on the blind corpus's day 1, equal short lines in one
    story posted within 15 minutes of each other are copies in 87 pairs of 111, and further
    apart in 133 of 446. Like reworded copies they fold only inside one story
    (``fold_within_stories``). ``times`` are the items' publication times, in the order of
    ``feats`` (earliest first); replies and stock lines are left out.
    """
    last: dict[tuple[str, str], int] = {}
    pairs = []
    for index, f in enumerate(feats):
        if replies[index] or said[index] or not 2 <= f.copy_words < MIN_WORDS:
            continue
        key = (f.copy_text, _mentioned(f))
        before = last.get(key)
        if before is not None and times[index] - times[before] <= QUICK:
            pairs.append((before, index))
        last[key] = index
    return pairs


STOCK_AUTHORS = 4  # a text this many people post is a stock line, not one post copied


def stock_lines(
    feats: Sequence[Features], authors: Sequence[str], replies: Sequence[str | None]
) -> list[bool]:
    """Per item, whether its text is a *stock line*: one that ``STOCK_AUTHORS`` or more
    different people post ("how do you guys evaluate RAG pipelines?", "gm", "hi all, first
    post here"). Such a line is said, not copied; on its own it names no event. A retweet
    repeats one person's post and is not counted as saying it."""
    who: dict[str, set[str]] = defaultdict(set)
    for f, author, parent in zip(feats, authors, replies, strict=True):
        if f.copy_text and not parent and not f.retweet_of:
            who[f.copy_text].add(author.casefold().lstrip("@"))
    return [
        bool(f.copy_text) and not parent and len(who[f.copy_text]) >= STOCK_AUTHORS
        for f, parent in zip(feats, replies, strict=True)
    ]


def fold_within_stories(
    feats: Sequence[Features],
    said: Sequence[bool],
    within: Sequence[tuple[int, int]],
    stories: UnionFind,
    copies: UnionFind,
) -> None:
    """Fold, in ``copies``, the pairs ``within`` (``reworded_copies``, ``quick_repeats``) and
    the equal stock lines (see ``stock_lines``) that ``stories`` put in one story: there they
    are one post seen again; across stories they are no copies. In a story made mostly of
    stock lines (one question many people ask) equal lines are many people's, and stay
    apart."""
    for a, b in within:
        if stories.find(a) == stories.find(b):
            copies.union(a, b)
    size: Counter[int] = Counter()
    stock: Counter[int] = Counter()
    for index in range(len(feats)):
        root = stories.find(index)
        size[root] += 1
        stock[root] += said[index]
    first: dict[tuple[int, str], int] = {}
    for index, f in enumerate(feats):
        if said[index]:
            root = stories.find(index)
            if 2 * stock[root] >= size[root]:
                continue
            key = (root, f.copy_text)
            copies.union(first.setdefault(key, index), index)


CLASH = 0.3  # word-set Jaccard below which two posts under one permalink are two posts


def permalink_clashes(feats: Sequence[Features]) -> list[Features]:
    """``feats`` with a permalink of their own for posts that share one with an unlike post.

    One URL is one post, except where a site reuses ids or a feed gives every entry the same
    address: two posts under it that share almost no words, or that name different things
    (two write-ups from one template share their words, not their product), are two posts,
    and the URL names neither as one (it would fold them as copies and join their stories by
    link). Each unlike post gets an address of its own under that URL (``url#2``, ``url#3``),
    which the posts like it share. A post that cites the URL cites the post under it whose
    names it shares most (then its words): the chat line about a release that cites a reused
    id beside the release's page joins the release. One that shares no name with any of them,
    or as many with two, says no more than the link which post it means, and drops the link.
    """
    first: dict[str, list[int]] = {}  # a URL's first post, then its unlike ones
    out = list(feats)
    for index, f in enumerate(feats):
        url = f.permalink
        if not url:
            continue
        held = first.setdefault(url, [index])
        if held[0] == index:
            continue
        k = next((k for k, h in enumerate(held) if not _unlike(f, feats[h])), None)
        if k == 0:
            continue
        if k is None:
            held.append(index)
            k = len(held) - 1
        own = f"{url}#{k + 1}"
        out[index] = replace(f, permalink=own, links=tuple(own if x == url else x for x in f.links))
    clashed = {url: held for url, held in first.items() if len(held) > 1}
    if not clashed:
        return out
    said = {
        h: (set(feats[h].names), set(feats[h].words)) for held in clashed.values() for h in held
    }
    for index, f in enumerate(out):
        if f.permalink in clashed or clashed.keys().isdisjoint(f.links):
            continue
        names, words = set(f.names), set(f.words)
        links = []
        for x in f.links:
            if (under := clashed.get(x)) is not None:
                # The names it shares say which post it cites before its other words do.
                shared = [(len(names & said[h][0]), len(words & said[h][1])) for h in under]
                best = max(shared)
                if not best[0] or shared.count(best) > 1:
                    continue
                k = shared.index(best)
                x = f"{x}#{k + 1}" if k else x
            links.append(x)
        out[index] = replace(f, links=tuple(links))
    return out


def _unlike(a: Features, b: Features) -> bool:
    """Whether two posts under one permalink are two posts: they share almost no words, or
    they name different things."""
    mine, theirs = set(a.words), set(b.words)
    unlike = bool(mine and theirs) and len(mine & theirs) < CLASH * len(mine | theirs)
    return unlike or _unlike_names(a, b)


def _unlike_names(a: Features, b: Features) -> bool:
    """Whether two posts name different things: fewer than half the names of the one that
    names fewer are the other's (a cut copy names a part of its original's names)."""
    mine, theirs = set(a.names), set(b.names)
    return bool(mine and theirs) and 2 * len(mine & theirs) < min(len(mine), len(theirs))


PREFIX_WORDS = 5  # a cut copy keeps at least this many words of its original
GOING_ON = 2  # words after a cut that tell which of the posts it begins it was cut from
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


def _title_text(f: Features) -> str:
    """The title's part of ``copy_text`` (what comes before ``body_text``), or "" if the
    item has no title apart from its text."""
    if f.body_text and f.copy_text.endswith(" " + f.body_text):
        return f.copy_text[: -len(f.body_text) - 1]
    return ""


def _headline_shares(
    feats: Sequence[Features],
    by_permalink: dict[str, int],
    parents: Sequence[str | None],
    titled: Sequence[bool],
    authors: Sequence[str],
) -> list[tuple[int, int]]:
    """A later post that is only an article's title and a link to it ("<title> <link>", as
    news accounts share what they read) copies the article.

    A submission with a title of its own (HN, Reddit) is a thread of its own, and an account
    that links its own site (``@NVIDIA`` and ``nvidia.com``: see ``_owns``) announces its own
    article: both are posts of their own.
    """
    pairs = []
    for index, f in enumerate(feats):
        if parents[index] or titled[index] or f.copy_words < 2:
            continue
        for link in f.links:
            original = by_permalink.get(link)
            if original is None or original >= index:
                continue
            if f.copy_text == _title_text(feats[original]) and not _owns(authors[index], link):
                pairs.append((original, index))
                break
    return pairs


# Parts of a host that say what a site is, not whose it is.
_SITE_WORDS = frozenset({"www", "blog", "blogs", "status", "news", "research", "docs", "com"})
# Hosts where a page's owner is the first segment of its path (``github.com/nvidia/…``).
_OWNER_PATHS = frozenset({"github.com", "huggingface.co", "gitlab.com"})


def _owns(author: str, link: str) -> bool:
    """Whether ``author``'s handle names the site of ``link`` (``NVIDIA`` and
    ``status.nvidia.com``, ``GoogleDeepMind`` and ``deepmind.google``, ``Qwen`` and
    ``qwenlm.github.io``, ``MetaAI`` and ``github.com/meta/…``)."""
    who = "".join(c for c in author.casefold() if c.isalnum())
    if len(who) < 3:
        return False
    host, _, path = link.partition("://")[2].partition("/")
    parts = host.split(".")[:-1]
    if host in _OWNER_PATHS:
        parts = path.split("/")[:1]
    for part in parts:
        part = "".join(c for c in part.casefold() if c.isalnum())
        if len(part) >= 3 and part not in _SITE_WORDS and (part in who or who in part):
            return True
    return False


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
    does not start alike. Of several, the earliest whole one is the original, unless they go
    on in different words: then the cut was made from the latest of them before it.
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
        prefix = f.copy_text + " "
        begun: list[int] = []  # the posts it begins, in the day's order
        going_on: set[tuple[str, ...]] = set()
        for other in dict.fromkeys(starts.get(head, ())):  # (listed once per text)
            texts = [t for t in (feats[other].copy_text, feats[other].body_text) if t]
            tails = [t[len(prefix) :].split()[:GOING_ON] for t in texts if t.startswith(prefix)]
            if tails:
                begun.append(other)
                going_on.update(map(tuple, tails))
        if not begun:
            continue
        # A cut that begins posts going on in different words ("It ships under CC BY-NC
        # 4.0. …", said of several models) was cut from the latest of them before it.
        before = [other for other in begun if other < index]
        pairs.append((before[-1] if len(going_on) > 1 and before else begun[0], index))
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
    rows = _long_texts(feats)
    if len(rows) < 2:
        return []
    sets = [_shingles(feats[i].copy_text) for i in rows]
    candidates = _candidates(sets, BANDS, NUM_PERM // BANDS, seed=20240504)
    pairs = []
    for x, y in candidates:
        small, large = sorted((sets[x], sets[y]), key=len)
        if len(small) >= NEAR * len(large):
            shared = len(small & large)
            f, g = feats[rows[x]], feats[rows[y]]
            if shared >= NEAR * (len(small) + len(large) - shared) and set(f.names) == set(g.names):
                pairs.append((rows[x], rows[y]))
    return pairs


REWORDED = 0.85  # word-set Jaccard at or above which two texts that agree on facts are one text
WORD_BANDS = 10  # 10 bands of 6 rows: pairs at 0.85 meet in a band with p ≈ 0.99, at 0.5 0.15


def _reworded_pairs(feats: Sequence[Features]) -> list[tuple[int, int]]:
    """Pairs of long texts with a word or two changed ("is out" for "just dropped") that still
    name the same things, give the same figures and link the same pages.

    Three-word shingles miss these (one word changed in a sentence of ten words changes three of
    its eight shingles), so the words themselves are compared, by MinHash with LSH over word
    sets; the facts must agree, since "Kapo 3 is down" and "Kapo 4 is down" differ in one word.
    """
    rows = _long_texts(feats)
    if len(rows) < 2:
        return []
    words = [frozenset(feats[i].copy_text.split()) for i in rows]
    sets = [{zlib.crc32(w.encode()) for w in ws} for ws in words]
    pairs = []
    for x, y in _candidates(sets, WORD_BANDS, 6, seed=20240610):
        small, large = sorted((words[x], words[y]), key=len)
        if len(small) < REWORDED * len(large):
            continue
        shared = len(small & large)
        if shared < REWORDED * (len(small) + len(large) - shared):
            continue
        f, g = feats[rows[x]], feats[rows[y]]
        if set(f.names) != set(g.names) or _mentioned(f) != _mentioned(g):
            continue
        if any(c.isdigit() for w in small ^ large for c in w):
            continue  # a figure changed: "81.3%" for "79.1%" is another fact
        if _edited_inside(f.copy_text.split(), g.copy_text.split()):
            pairs.append((rows[x], rows[y]))
    return pairs


EDITED_WORDS = 2  # words a near copy may change, drop or add


def _edited_inside(a: list[str], b: list[str]) -> bool:
    """Whether ``b`` is ``a`` with at most ``EDITED_WORDS`` words changed, dropped or added
    inside it, its first and last words kept. Two people who open with the same headline and
    close with their own remark ("… Thread below." / "… Huge if true.") differ at the end."""
    if a[0] != b[0] or a[-1] != b[-1]:
        return False
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    changed_a = sum(i2 - i1 for tag, i1, i2, _, _ in blocks if tag != "equal")
    changed_b = sum(j2 - j1 for tag, _, _, j1, j2 in blocks if tag != "equal")
    return max(changed_a, changed_b) <= EDITED_WORDS


def _long_texts(feats: Sequence[Features]) -> list[int]:
    """The items with a text of ``MIN_WORDS`` or more, each text once (its first item): equal
    texts are joined already."""
    first: dict[str, int] = {}
    for i, f in enumerate(feats):
        if f.copy_words >= MIN_WORDS:
            first.setdefault(f.copy_text, i)
    return sorted(first.values())


def _candidates(
    sets: Sequence[set[int]], bands: int, rows: int, seed: int
) -> list[tuple[int, int]]:
    """Pairs of ``sets`` (by position) whose MinHash signatures agree on a whole band of
    ``rows`` hashes; ``seed`` draws the hash family ((a·x + b) mod 2^64, then mod p)."""
    lengths = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
    flat = np.fromiter(chain.from_iterable(sets), dtype=np.uint64, count=int(lengths.sum()))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    rng = np.random.default_rng(seed)
    a = rng.integers(1, int(_PRIME), bands * rows, dtype=np.uint64)
    b = rng.integers(0, int(_PRIME), bands * rows, dtype=np.uint64)
    found: list[np.ndarray] = []
    hashed, high = np.empty_like(flat), np.empty_like(flat)
    with np.errstate(over="ignore"):
        for band in range(bands):
            key = np.zeros(len(sets), dtype=np.uint64)
            for k in range(band * rows, (band + 1) * rows):
                np.multiply(flat, a[k], out=hashed)
                hashed += b[k]
                _mod_prime(hashed, high)
                column = np.minimum.reduceat(hashed, starts)
                key = key * np.uint64(0x9E3779B97F4A7C15) + column
            order = np.argsort(key, kind="stable")
            same = key[order][1:] == key[order][:-1]
            found.append(np.stack([order[:-1][same], order[1:][same]], axis=1))
    # Each pair once, in (first, second) order: one int64 key per pair.
    ends = np.sort(np.concatenate(found), axis=1).astype(np.int64)
    first, second = np.divmod(np.unique(ends[:, 0] * len(sets) + ends[:, 1]), len(sets))
    return list(zip(first.tolist(), second.tolist(), strict=True))


def _mod_prime(x: np.ndarray, high: np.ndarray) -> None:
    """``x %= _PRIME`` in place (``high`` is scratch of ``x``'s shape). The prime is 2^61 − 1, so
    ``x = h·2^61 + l`` leaves ``h + l``, less the prime once if that reaches it: the same as a
    division, in a few cheap passes."""
    np.right_shift(x, np.uint64(61), out=high)
    x &= _PRIME
    x += high
    np.subtract(x, _PRIME, out=x, where=x >= _PRIME)
