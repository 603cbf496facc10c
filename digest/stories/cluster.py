"""Topic clusters: items about the same event join one story, whatever their wording or language.

Signals, strongest first:

1. a reply joins the post it answers (threads stay whole);
2. a shared specific link (the canonical form; a source's boilerplate links do not count);
3. similar text: TF-IDF over words and Hangul bigrams, names weighted up, each item
   cut to its ``TOP_TERMS`` heaviest terms; one sparse product ``P·Pᵀ`` then gives the cosine
   of every pair that shares a heavy term, so no pair is compared that shares none;
4. shared names (the cross-language signal: a Korean write-up and an English post share the
   product, version, size and scores but few words): the cosine over name columns alone,
   counted only when at least two names are shared.

A post whose only names are *loose* (words that look like names but travel with whatever
each post is about: "hello from Berlin", "Show HN", ``RAG``) names nothing here.

A pair from 3 or 4 counts only when one side names the other's *anchor*, its rarest name
(usually the product, repository or paper, or a figure): two funding rounds led by the same
investor, or two outages at the same company, share names but not their anchors.

Pairs above a threshold join, but two groups only merge when their centroids agree too, which
keeps a chain of loosely related posts from gluing two events together.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from itertools import chain, pairwise

import numpy as np
import scipy.sparse as sp

from digest.models import Item
from digest.stories.features import BOILERPLATE_SHARE, Features, split_compounds
from digest.stories.tfidf import l2_rows, tfidf
from digest.stories.thresholds import Thresholds
from digest.stories.unionfind import UnionFind

TOP_TERMS = 16
TOP_NAMES = 8
MIN_TERMS = 3
NAMELESS_TERMS = 8  # a post without names joins on text alone only when it has this many
NEIGHBOURS = 10
MAX_DF = 500
MAX_GROUP_DOCS = 200  # a group is read through its first this many items
GROUP_SAMPLE = 20  # items of an already joined group that take part in similarity
GUARDED = 3  # a group this big takes in only what resembles its centroid
BIG_GROUP = 5  # groups this big merge only when their commonest anchors agree
RIVAL_SHARE = 0.8  # a name this many of a group's posts say is what the group is about
RIVAL_ABSENT = 0.2  # and another group whose posts say it this rarely is about something else
HUB_MIN_ITEMS = 3  # a link carried by this many posts is judged by how alike they read
HUB_FORMS = 10  # a hub carried by this many posts makes its other forms hubs too
HUB_COHESION = 0.19  # mean pairwise cosine (names) below which a link's posts are unrelated
LISTING_COHESION = 0.3  # the same for links shaped like a listing page
ID_COHESION = 0.1  # and for links that carry a long number (a status, a paper, an article)
LINK_FIT = 0.05  # cosine (names) to a link's other posts below which a post is no part of it
STRAY_MIN = 4  # a link's posts (with names) are judged one by one when it has this many
STRAY_NAMES = 3  # a post is judged against a link's other posts only when it has this many names
TITLED_NAMES = 2  # and a write-up (a titled item) against the article it cites, with this many
LINK_AGREE = 0.25  # centroid cosine (names) two link groups need for one post to join both
GROUP_MIN = 2  # groups this big are compared as wholes once the items have joined
BOUND_SHARE = 0.8  # a name this often after one other is a word of that one's name
NAME_COHESION = 0.08  # mean cosine (other names) below which a name's posts are unrelated
PART_OF = 10  # a group this big takes in the small groups that read like a part of it
PART_MAX = 9  # groups up to this big may be such a part
PART_SHARE = 0.5  # how much a term's rate in the big group counts against its rate in the day
PART_SCORE = 12.0  # log-likelihood ratio per item a part needs for its best group
PART_ONE = 20.0  # the same for a part of one item: one line is weaker evidence than a few
PART_MARGIN = 3.0  # and by how much that group must beat the next best


def boilerplate_links(items: Sequence[Item], feats: Sequence[Features]) -> set[tuple[str, str]]:
    """``(source, link)`` pairs where the link appears in most of that source's items."""
    per_source: dict[str, int] = defaultdict(int)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for item, f in zip(items, feats, strict=True):
        per_source[item.source] += 1
        for link in f.links:
            if link != f.permalink:
                counts[(item.source, link)] += 1
    return {
        (source, link)
        for (source, link), count in counts.items()
        if per_source[source] >= 4 and count > BOILERPLATE_SHARE * per_source[source]
    }


def link_joins(items: Sequence[Item], feats: Sequence[Features]) -> list[list[str]]:
    """Per item, the links that may join it to other items.

    Left out: a source's boilerplate; *hubs*, links that many unlike posts share (a listing
    page, a front page, a leaderboard); *strays*, a link carried by a post that names other
    things than every other post under it (``_strays``); and, for a post carrying links of
    several groups that read unlike each other (a roundup: "today in AI: • … • …"), the links
    of the groups it resembles least, so it cannot chain two stories together.

    Hubs are learnt from the day, not from a list: the posts that carry a link about one event
    read alike (they name the product, the figures), while the posts that carry a hub are
    about whatever each is about. The mean pairwise cosine of their TF-IDF vectors over names
    tells the two apart; it is ``(‖Σv‖² − n) / (n(n − 1))`` for ``n`` unit vectors, so one sparse
    product gives it for every link at once. Listing-shaped links (``/list/``, ``/archive``,
    ``/trending``, a subreddit) need their posts to read more alike still.
    """
    skip = boilerplate_links(items, feats)
    # A roundup's links are the stories it lists, each another story: none of them joins it.
    kept = [
        [k for k in f.links if (item.source, k) not in skip and (k == f.permalink or not f.roundup)]
        for item, f in zip(items, feats, strict=True)
    ]
    members: dict[str, list[int]] = defaultdict(list)
    for i, links in enumerate(kept):
        for link in links:
            members[link].append(i)
    shared = sorted(link for link, rows in members.items() if len(rows) >= 2)
    if not shared:
        return kept
    # Names, not words: a Korean write-up and an English post of one event share its names
    # (product, version, figures) but few words, and posts under a hub name different things.
    vectors, _terms = tfidf([list(f.names) for f in feats], min_df=2)
    present = np.asarray(vectors.getnnz(axis=1) > 0)
    rows: list[int] = []
    cols: list[int] = []
    for r, link in enumerate(shared):
        for i in members[link]:
            if present[i]:
                rows.append(r)
                cols.append(i)
    incidence = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(shared), len(feats))
    )
    sums = (incidence @ vectors).tocsr()
    squared = np.asarray(sums.multiply(sums).sum(axis=1)).ravel()
    n = np.asarray(incidence.sum(axis=1)).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        cohesion = np.where(n >= HUB_MIN_ITEMS, (squared - n) / (n * (n - 1)), 1.0)
    listing = np.fromiter((_listing(link) for link in shared), dtype=bool, count=len(shared))
    one_thing = np.fromiter((bool(_ID.search(k)) for k in shared), dtype=bool, count=len(shared))
    floor = np.where(listing, LISTING_COHESION, np.where(one_thing, ID_COHESION, HUB_COHESION))
    hub = cohesion < floor
    hubs = {link for link, h in zip(shared, hub.tolist(), strict=True) if h}
    # A big hub's other forms (a fragment, a mobile host, a short host) are the hub too,
    # however few posts carry them: two unrelated posts under ``m.bit.ly/<newsletter>`` read no
    # more alike than the thousand under ``bit.ly/<newsletter>``, but two are too few to tell.
    # (A small hub may be one story's link that reads unlike itself, its other form the join.)
    big_hub = hub & (n >= HUB_FORMS)
    forms = {_plain_form(link) for link, h in zip(shared, big_hub.tolist(), strict=True) if h}
    hubs.update(link for link in shared if _plain_form(link) in forms)
    centroids = l2_rows(sums)
    row_of = {link: r for r, link in enumerate(shared)}
    kept = [[k for k in links if k not in hubs] for links in kept]
    # A post that reads unlike every other post under a link does not join them by it; the
    # post the link is (its permalink) is what the others cite, and stays.
    # A link that is one of its posts' own address is an article the others cite: per link,
    # the first such post that names enough to be judged by (-1: none).
    counts = vectors.getnnz(axis=1)  # the day's names (two posts or more) each post names
    named = counts >= STRAY_NAMES
    # A write-up (a titled item) that cites an article is judged by fewer names: it tells its
    # own news and cites the other as related reading; a reaction quoting the link may name
    # just what it compares it with.
    judged = named | (
        (counts >= TITLED_NAMES)
        & np.fromiter((bool(item.title) for item in items), dtype=bool, count=len(items))
    )
    address: dict[str, int] = {}
    for i, f in enumerate(feats):
        if f.permalink and judged[i]:
            address.setdefault(f.permalink, i)
    article = np.fromiter((address.get(k, -1) for k in shared), dtype=np.int64, count=len(shared))
    for r, i in _strays(incidence, vectors, sums, squared, named, article, judged):
        if shared[r] != feats[i].permalink:
            kept[i] = [k for k in kept[i] if k != shared[r]]
    # Posts in several link groups: one (post, group) pair per row, all scored at once.
    pair_item: list[int] = []
    pair_row: list[int] = []
    for i, links in enumerate(kept):
        joined = [row_of[k] for k in links if k in row_of]
        if len(joined) >= 2 and present[i]:
            pair_item += [i] * len(joined)
            pair_row += joined
    if not pair_item:
        return kept
    items_of = np.asarray(pair_item)
    rows_of = np.asarray(pair_row)
    # Keep the groups that read like the one this post resembles most.
    fit = np.asarray(centroids[rows_of].multiply(vectors[items_of]).sum(axis=1)).ravel()
    starts = np.flatnonzero(np.r_[True, items_of[1:] != items_of[:-1]])
    best = np.empty_like(rows_of)
    for start, end in zip(starts.tolist(), [*starts[1:].tolist(), len(items_of)], strict=True):
        best[start:end] = rows_of[start + int(np.argmax(fit[start:end]))]
    agree = np.asarray(centroids[rows_of].multiply(centroids[best]).sum(axis=1)).ravel()
    # Each group is read through its other posts alone too: with the post in it, a link that
    # only it and one other post carry reads half like it, whatever that other post is about
    # (a write-up that also cites an aggregator's id, reused there for another story). A
    # post's own address is read so only when each other post under it that names anything
    # names enough to be judged (``named``): a quote of a post may name only what it
    # compares the post with.
    dots = np.asarray(
        sums[rows_of].multiply(vectors[items_of]).sum(axis=1), dtype=np.float64
    ).ravel()
    rest = np.sqrt(np.maximum(squared[rows_of] - 2 * dots + 1, 0.0))
    toward = np.asarray(sums[rows_of].multiply(centroids[best]).sum(axis=1)).ravel()
    # The post's own fit to its best group, for each of its pairs.
    mine = np.repeat(np.maximum.reduceat(fit, starts), np.diff(np.r_[starts, len(fit)]))
    with np.errstate(divide="ignore", invalid="ignore"):
        others = np.where(rest > 1e-6, (toward - mine) / rest, 1.0)
    own = np.fromiter(
        (shared[r] == feats[i].permalink for i, r in zip(pair_item, pair_row, strict=True)),
        dtype=bool,
        count=len(pair_item),
    )
    judges = np.asarray(incidence @ named.astype(np.float32)).ravel()  # named posts per link
    judged_by_all = judges[rows_of] - named[items_of] >= n[rows_of] - 1
    read = (rows_of != best) & (~own | judged_by_all)
    agree = np.where(read, np.minimum(agree, others), agree)
    dropped: dict[int, set[str]] = defaultdict(set)
    for i, r, a in zip(pair_item, pair_row, agree.tolist(), strict=True):
        if a < LINK_AGREE:
            dropped[i].add(shared[r])
    for i, gone in dropped.items():
        kept[i] = [k for k in kept[i] if k not in gone]
    return kept


def _strays(
    incidence: sp.csr_matrix,
    vectors: sp.csr_matrix,
    sums: sp.csr_matrix,
    squared: np.ndarray,
    named: np.ndarray,
    article: np.ndarray,
    judged: np.ndarray,
) -> list[tuple[int, int]]:
    """``(link row, post)`` pairs of posts that read unlike the link's other posts.

    A link that names one event can still be carried by a post about another: a site that
    reuses an id, an aggregator page whose address another post cites, a post that pastes
    the wrong link. On a big day such a post ties two big stories together, and a link's
    cohesion hardly moves for one odd post among dozens. So each post is judged on its own:
    its fit is the cosine of its vector (over names) with the sum of the others' under the
    same link, ``(v·Σ − 1) / ‖Σ − v‖`` for a unit ``v``. Under a link of at least
    ``STRAY_MIN`` posts (fewer say too little of what it is about), a post that names at least
    ``STRAY_NAMES`` of the day's names (``named``, per post) and shares (almost) none with the
    others is no part of that link. Under a link that is an article's own address
    (``article``: per link row, the article's post, or -1), the article says what the link is
    about, however many posts cite it, so a post citing it is judged against the article
    alone: a post about another product that pastes a wrong link, or cites an aggregator's id
    that was reused for another write-up, is no part of it even when other such posts keep it
    company. A post that names less ("curious how it compares to X", quoting the link) cannot
    be judged and keeps its links; a write-up tells its own news, and fewer names judge it
    against the article (``judged``, per post: ``named`` or a titled item with two).
    """
    coo = incidence.tocoo()
    rows, cols = coo.row, coo.col
    n = np.asarray(incidence.sum(axis=1)).ravel()
    dots = np.asarray(sums[rows].multiply(vectors[cols]).sum(axis=1), dtype=np.float64).ravel()
    rest = np.maximum(squared[rows] - 2 * dots + 1, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        fit = np.where(rest > 1e-9, (dots - 1) / np.sqrt(rest), 1.0)
    cited = article[rows]
    against = cited >= 0
    if against.any():
        # The cosine with the article itself (rows of ``vectors`` have unit length).
        own = cols[against]
        fit[against] = np.asarray(
            vectors[own].multiply(vectors[cited[against]]).sum(axis=1), dtype=np.float64
        ).ravel()
    stray = (fit < LINK_FIT) & (((n[rows] >= STRAY_MIN) & named[cols]) | (against & judged[cols]))
    return list(zip(rows[stray].tolist(), cols[stray].tolist(), strict=True))


_LISTING = re.compile(
    r"/(?:list|lists|archive|archives|trending|leaderboard|new|newest|recent|latest|top|hot|"
    r"popular|index|feed|page|tag|tags|topics|category|search)(?:/|$|\?)|"
    r"^[^/]+/r/[^/]+$|[?&](?:since|sort|page)="
)


_ID = re.compile(r"\d{6,}")  # a status, paper or article number: a link to one thing


_SHORT_HOSTS = {"hf.co": "huggingface.co"}


def _plain_form(link: str) -> str:
    """``link`` without its fragment and a mobile ``m.`` host (``hf.co`` read as
    ``huggingface.co``): the form a hub's variants share."""
    rest = link.partition("://")[2]
    host, slash, path = rest.partition("#")[0].partition("/")
    host = host.removeprefix("m.")
    return f"{_SHORT_HOSTS.get(host, host)}{slash}{path}".rstrip("/")


def _listing(link: str) -> bool:
    """Whether a link has the shape of a listing page rather than one thing."""
    return bool(_LISTING.search(link.split("://", 1)[-1].rstrip("/")))


def join_threads_and_links(
    items: Sequence[Item],
    feats: Sequence[Features],
    uf: UnionFind,
    joins: Sequence[Sequence[str]],
) -> None:
    """Union replies with their parents and items that share a link that names one thing
    (``joins``: ``link_joins(items, feats)``)."""
    index = {item.key: i for i, item in enumerate(items)}
    for i, item in enumerate(items):
        if item.reply_to and item.reply_to in index:
            uf.union(i, index[item.reply_to])
    first: dict[str, int] = {}
    for i, links in enumerate(joins):
        for link in links:
            owner = first.setdefault(link, i)
            if owner != i:
                uf.union(owner, i)


def _top_k(matrix: sp.csr_matrix, k: int) -> sp.csr_matrix:
    """Keep each row's ``k`` largest entries, rows L2-normalised again."""
    matrix = matrix.tocsr()
    indptr, data = matrix.indptr, matrix.data
    keep = np.ones(len(data), dtype=bool)
    for row in range(matrix.shape[0]):
        start, end = indptr[row], indptr[row + 1]
        if end - start > k:
            order = np.argpartition(data[start:end], end - start - k)
            keep[start + order[: end - start - k]] = False
    # Copies of the index arrays: ``eliminate_zeros`` compacts them in place, and the input's
    # own arrays must stay as they were (the names space is cut from the same matrix).
    pruned = sp.csr_matrix((data * keep, matrix.indices.copy(), indptr.copy()), shape=matrix.shape)
    pruned.eliminate_zeros()
    return l2_rows(pruned)


def _pairs(matrix: sp.csr_matrix, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row pairs ``i < j`` whose dot product is at least ``threshold``, with it.

    Only each row's ``NEIGHBOURS`` best partners are kept: a big story's items all resemble
    each other, and joining each to its nearest few joins them all without the square of
    its size in pairs. A pair stays when it is among the best of either of its rows.
    """
    row, col, data = _upper_products(matrix, threshold)
    n = matrix.shape[0]
    order = np.argsort(row.astype(np.int64) * n + col.astype(np.int64))
    row, col, data = row[order], col[order], data[order]  # in (i, j) order, as returned
    # The product is symmetric: each pair found above the diagonal stands for both its rows,
    # as entry ``e`` (its column's) and ``e + len(row)`` (its row's). In that order each row's
    # entries come partner by partner: those below it (as a column), then those above.
    ends, values = np.concatenate((col, row)), np.tile(data, 2)
    count = np.bincount(ends, minlength=n)
    best = np.ones(len(ends), dtype=bool)
    # Only a row with more partners than that has any to drop: its entries ranked, best first
    # (then by partner), those past the first NEIGHBOURS dropped.
    crowded = np.flatnonzero(count[ends] > NEIGHBOURS)
    if len(crowded):
        order = crowded[np.argsort(_rank_key(ends[crowded], values[crowded]), kind="stable")]
        sizes = np.where(count > NEIGHBOURS, count, 0)  # each crowded row's entries in order
        rank = np.arange(len(order)) - (np.cumsum(sizes) - sizes)[ends[order]]
        best[order[rank >= NEIGHBOURS]] = False
    kept = best[: len(row)] | best[len(row) :]
    return row[kept], col[kept], data[kept]


def _rank_key(ends: np.ndarray, values: np.ndarray) -> np.ndarray:
    """One sort key per entry: by row, then by value, highest first.

    A positive float32's bits, read as an unsigned integer, order as the float does, so row
    and inverted bits make one 64-bit key; a stable sort of it keeps equal values in the
    order they came (by partner), as sorting on the three arrays would, at a fraction of the
    cost. Values of another type take the three-array sort.
    """
    if values.dtype != np.float32 or not len(values) or values.min() <= 0:
        rank = np.empty(len(ends), dtype=np.int64)
        rank[np.lexsort((-values, ends))] = np.arange(len(ends))
        return rank
    bits = values.view(np.uint32).astype(np.int64)
    return ends.astype(np.int64) << 32 | (0xFFFFFFFF - bits)


PRODUCT_ROWS = 4096  # rows of ``P·Pᵀ`` made at once


def _upper_products(
    matrix: sp.csr_matrix, threshold: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The entries ``(i, j, v)`` of ``matrix @ matrix.T`` with ``i < j`` and ``v ≥ threshold``.

    Made a block of rows at a time against the rows from the block on: half the work of the
    whole product, and never all its entries in memory at once. Entry ``(i, j)`` is summed
    over row ``i``'s columns in their stored order, as the whole product sums it.
    """
    matrix = matrix.tocsr()
    rows, cols, values = [], [], []
    for start in range(0, matrix.shape[0], PRODUCT_ROWS):
        block = (matrix[start : start + PRODUCT_ROWS] @ matrix[start:].T).tocsr()
        # Most products are below the threshold: find the rows of the others only.
        hit = np.flatnonzero(block.data >= threshold)
        row = np.searchsorted(block.indptr, hit, side="right") - 1
        col = block.indices[hit].astype(np.int64) - row
        upper = col > 0
        rows.append(row[upper] + start)
        cols.append(col[upper] + row[upper] + start)
        values.append(block.data[hit][upper])
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=matrix.dtype)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(values)


Vector = dict[int, float]


def similar_pairs(
    feats: Sequence[Features],
    groups: Sequence[Sequence[int]],
    thresholds: Thresholds,
    loose: frozenset[str] = frozenset(),
) -> tuple[list[tuple[float, int, int, int]], list[sp.csr_matrix], list[int]]:
    """Pairs of ``groups`` (lists of indices into ``feats``) that read alike, best first.

    A group is read as one document: the items a link or a thread already joined. Each pair is
    ``(score, a, b, space)`` with positions in ``groups`` and ``space`` 0 for text, 1 for names;
    the second result holds the groups' pruned vectors (one row each) in both spaces, for the
    centroids; the third each group's anchor column (-1 for none).
    """
    docs = []
    for members in groups:
        doc: list[str] = []
        for i in members[:MAX_GROUP_DOCS]:
            f = feats[i]
            # Links are left out: shared ones joined their items already, and the rest (each
            # post's own permalink) are unique and would only dilute the similarity.
            doc += [*f.words, *("§" + n for n in f.names)]
        docs.append(doc)
    matrix, vocab = tfidf(docs, norm=False)
    is_name = np.fromiter((t[0] == "§" for t in vocab), dtype=bool, count=len(vocab))
    weights = np.where(is_name, 1.5, 1.0).astype(np.float32)
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    enough = lengths >= MIN_TERMS
    # A term in more than MAX_DF posts is a common word, not an event: left out, it also keeps
    # the pair count from growing with the square of the day's size.
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    weights = weights * (df <= MAX_DF)
    matrix = (sp.diags(enough.astype(np.float32)) @ matrix @ sp.diags(weights)).tocsr()
    matrix.eliminate_zeros()

    text = _top_k(matrix, TOP_TERMS)
    named = _top_k((matrix @ sp.diags(is_name.astype(np.float32))).tocsr(), TOP_NAMES)
    columns = {term: k for k, term in enumerate(vocab)}
    binary = _supported_names(feats, groups, columns)
    said = [feats[i].names for members in groups for i in members]
    named_in = Counter(chain.from_iterable(said))  # (an item names each of its names once)
    tops = _anchors(feats, groups, loose, named_in)
    anchor = np.array([columns.get("§" + t[0], -1) if t else -1 for t in tops], dtype=np.int64)
    anchor[~enough] = -1

    def names_anchor(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Whether ``b`` names ``a``'s anchor."""
        return np.asarray(binary[b, np.maximum(anchor[a], 0)]).ravel() > 0

    def anchored(ra: np.ndarray, rb: np.ndarray) -> np.ndarray:
        """Pairs where one side names the other's anchors (both must have one)."""
        ok = (anchor[ra] >= 0) & (anchor[rb] >= 0)
        hit = np.zeros(len(ra), dtype=bool)
        if ok.any():
            a, b = ra[ok], rb[ok]
            hit[ok] = names_anchor(a, b) | names_anchor(b, a)
        return hit

    ra, rb, scores = _pairs(text, thresholds.text)
    # Two posts with no names at all may still join on text alone if it is long and very alike.
    # (A post naming only figures is not one: "400 employees let go, 15% of staff" is said of
    # every layoff that day, whichever company the post's @handle names.)
    unnamed = binary.getnnz(axis=1) == 0
    nameless = (
        unnamed[ra]
        & unnamed[rb]
        & (anchor[ra] < 0)
        & (anchor[rb] < 0)
        & (scores >= thresholds.text + 0.2)
        & (lengths[ra] >= NAMELESS_TERMS)
        & (lengths[rb] >= NAMELESS_TERMS)
    )
    by_text = [x[anchored(ra, rb) | nameless] for x in (ra, rb, scores)]
    ra, rb, scores = _pairs(named, thresholds.names)
    by_names = [ra, rb, scores]
    if len(ra):
        # Two names, not two words of one: "Samsung Electronics" is one name shared.
        one = binary @ _entities(said, named_in, columns)
        one.data[:] = 1
        shared = np.asarray(one[ra].multiply(one[rb]).sum(axis=1)).ravel()
        keep = anchored(ra, rb) & (shared >= 2)
        by_names = [ra[keep], rb[keep], scores[keep]]
    ranked = _ranked(by_text, by_names, len(groups))
    return ranked, [text, named], anchor.tolist()


def _ranked(
    by_text: Sequence[np.ndarray], by_names: Sequence[np.ndarray], n: int
) -> list[tuple[float, int, int, int]]:
    """The pairs ``(a, b, score)`` of both spaces as ``(score, a, b, space)``, best first (then
    by ``a``, ``b``); a pair found in both counts in names only where it scores higher there.

    Each space holds a pair once; both are read as arrays, not pair by pair.
    """
    ta, tb, ts = by_text
    na, nb, ns = by_names
    text_key = ta.astype(np.int64) * n + tb
    name_key = na.astype(np.int64) * n + nb
    order = np.argsort(text_key, kind="stable")
    at = np.minimum(np.searchsorted(text_key[order], name_key), max(len(order) - 1, 0))
    both = text_key[order][at] == name_key if len(order) else np.zeros(len(name_key), dtype=bool)
    rival = np.where(both, ts[order][at] if len(order) else 0.0, 0.0)
    wins = ns > rival
    lost = np.zeros(len(text_key), dtype=bool)
    lost[order[at[both & wins]]] = True
    a = np.concatenate((ta[~lost], na[wins])).astype(np.int64)
    b = np.concatenate((tb[~lost], nb[wins])).astype(np.int64)
    score = np.concatenate((ts[~lost], ns[wins]))
    space = np.concatenate(
        (np.zeros(int((~lost).sum()), np.int64), np.ones(int(wins.sum()), np.int64))
    )
    best = np.lexsort((b, a, -score))
    return list(
        zip(
            score[best].tolist(),
            a[best].tolist(),
            b[best].tolist(),
            space[best].tolist(),
            strict=True,
        )
    )


def _supported_names(
    feats: Sequence[Features], groups: Sequence[Sequence[int]], columns: Mapping[str, int]
) -> sp.csr_matrix:
    """Group × name-column matrix of the names a group really uses: named by at least a tenth
    of its items (a passing "compared with X" in one post of fifty does not count)."""
    rows: list[int] = []
    cols: list[int] = []
    for g, members in enumerate(groups):
        if len(members) == 1:  # the floor is one item: every name it has
            for name in set(feats[members[0]].names):
                column = columns.get("§" + name)
                if column is not None:
                    rows.append(g)
                    cols.append(column)
            continue
        counts: Counter[str] = Counter()
        for i in members:
            counts.update(set(feats[i].names))
        floor = max(1, math.ceil(0.1 * len(members)))
        for name, count in counts.items():
            column = columns.get("§" + name)
            if count >= floor and column is not None:
                rows.append(g)
                cols.append(column)
    data = np.ones(len(rows), dtype=np.float32)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(groups), len(columns)))


def _entities(
    said: Sequence[tuple[str, ...]], df: Mapping[str, int], columns: Mapping[str, int]
) -> sp.csr_matrix:
    """Name column × entity column: a name that nearly always follows one other name that
    day is a word of that one's name (``electronics`` after ``samsung``, ``face`` after
    ``hugging``), and both are one entity; every other name is its own.

    Words only (``Exaone 4`` and its forms are read by ``versions``); a name of one post says
    nothing of what it is usually part of. A year is no entity: "CVPR 2024" and "2025년 3월"
    say it of anything that year, and two posts that share only a venue and its year share
    one name.
    """
    after = Counter(chain.from_iterable(pairwise(n) for n in said if len(n) > 1))
    head = {}
    for (x, y), n in after.items():
        if n >= 2 and n >= BOUND_SHARE * df[y] and x.isalpha() and y.isalpha():
            head[y] = x
    size = len(columns)
    target = np.arange(size)
    kept = np.ones(size, dtype=np.float32)
    years = [columns.get("§" + name) for name in df if name[0].isdigit() and _YEAR.fullmatch(name)]
    kept[[column for column in years if column is not None]] = 0.0
    for y, x in head.items():
        seen = {y}
        while x in head and x not in seen:  # "hugging face hub": hub → face → hugging
            seen.add(x)
            x = head[x]
        if "§" + y in columns and "§" + x in columns:
            target[columns["§" + y]] = columns["§" + x]
    matrix = sp.csr_matrix((kept, (np.arange(size), target)), shape=(size, size))
    matrix.eliminate_zeros()
    return matrix


_YEAR = re.compile(r"(?:19|20)\d\d")  # a year, which ``_entities`` counts as no name
_ARXIV = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?")  # a paper's number names the paper


def _paper_number(name: str) -> bool:
    """Whether a name is an arXiv paper's number (``2406.03996``, ``2406.03996v2``)."""
    return name[0].isdigit() and _ARXIV.fullmatch(name) is not None


def _figure(name: str) -> bool:
    """Whether a name is a figure, which names no event: it starts with a digit and is no
    paper's number."""
    return name[0].isdigit() and not _paper_number(name)


def _anchors(
    feats: Sequence[Features],
    groups: Sequence[Sequence[int]],
    loose: frozenset[str] = frozenset(),
    df: Mapping[str, int] | None = None,
) -> list[list[str]]:
    """Each group's anchor (a list of one, or none): the commonest of its items' rarest names
    (``df``: in how many of the items each is, counted if not given), each item's rarest
    among the names that are not ``loose`` (``loose_names``) if it has any.

    A figure ("$30M", "45B", "32,768-token") is said of many events on one day and names
    none: it is no item's anchor, and an item that names only figures has none."""

    if df is None:
        df = Counter(n for members in groups for i in members for n in feats[i].names)

    def rarest(names: tuple[str, ...]) -> str | None:
        if not names:
            return None
        best = min(names, key=lambda n: (_figure(n), n in loose, df[n], n))
        return None if _figure(best) else best

    out = []
    for members in groups:
        if len(members) == 1:  # one item's vote
            best = rarest(feats[members[0]].names)
            out.append([best] if best else [])
            continue
        votes: Counter[str] = Counter()
        for i in members:
            best = rarest(feats[i].names)
            if best:
                votes[best] += 1
        out.append(sorted(votes, key=lambda n: (-votes[n], df[n], n))[:1])
    return out


class Centroid:
    """A group's centroid in one space: its items' vectors summed merge by merge, each sum cut
    to its heaviest terms (``_add``), but summed only when a guard first reads it.

    Most merges join groups too small to be guarded, and a group is guarded in one space at a
    time: summed at every merge, most sums were never read. A centroid is a row of a matrix
    (an item's or a group's pruned vector) or the two centroids a merge joined; read, it is
    summed in the order the merges made it, so it is what summing at every merge gave.
    """

    __slots__ = ("_parts", "_row", "_squares", "_vector")

    def __init__(
        self,
        row: tuple[sp.csr_matrix, int] | None = None,
        parts: tuple[Centroid, Centroid] | None = None,
    ) -> None:
        self._row = row
        self._parts = parts
        self._vector: Vector | None = None
        self._squares: float | None = None

    def vector(self) -> Vector:
        """The terms and their summed weights (at most ``_add``'s ``keep``)."""
        # Summed from the first merge on, without recursion: a story's merges can be thousands
        # deep. Each centroid is a part of one merge at most, so none is summed twice.
        todo = [self]
        while todo:
            node = todo[-1]
            if node._vector is not None:
                todo.pop()
            elif node._row is not None:
                matrix, r = node._row
                start, end = matrix.indptr[r], matrix.indptr[r + 1]
                terms, weights = matrix.indices[start:end].tolist(), matrix.data[start:end].tolist()
                node._vector = dict(zip(terms, weights, strict=True))
                node._row = None
            elif node._parts is not None:
                unread = [part for part in node._parts if part._vector is None]
                if unread:
                    todo += unread
                    continue
                left, right = node._parts
                node._vector = _add(left.vector(), right.vector())
                node._parts = None
        assert self._vector is not None
        return self._vector

    def squares(self) -> float:
        """The sum of the squared weights."""
        if self._squares is None:
            self._squares = sum(w * w for w in self.vector().values())
        return self._squares


def _cosine(one: Centroid, other: Centroid) -> float:
    a, b = one.vector(), other.vector()
    if len(a) > len(b):
        a, b = b, a
        one, other = other, one
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    if not dot:
        return 0.0
    norm = (one.squares() * other.squares()) ** 0.5
    return dot / norm if norm else 0.0


def _add(a: Vector, b: Vector, keep: int = 64) -> Vector:
    total = dict(a)
    for t, w in b.items():
        total[t] = total.get(t, 0.0) + w
    if len(total) > keep:
        total = dict(sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:keep])
    return total


def sample_groups(rows: Sequence[int], uf: UnionFind, limit: int = GROUP_SAMPLE) -> list[int]:
    """``rows`` with each group that links or threads formed cut to its first ``limit`` items.

    Those items are joined already; a sample of them is enough for the others to find them,
    and it keeps a story of hundreds of posts from costing the square of its size.
    """
    taken: Counter[int] = Counter()
    out = []
    for row in rows:
        root = uf.find(row)
        if taken[root] < limit:
            taken[root] += 1
            out.append(row)
    return out


# Words that say which kind of event a post reports. One product's release, its price cut and
# its outage are three stories that share every name; the kind of event tells them apart.
_EVENT_WORDS = {
    "release": "released releases launch launches launched dropped drops ships shipped "
    "introducing unveils unveiled weights open-sourced open-sources downloadable "
    "출시 공개 발표 가중",  # (가중치: weights; a Korean word is read by its two-letter parts)
    "outage": "down outage outages errors degraded incident 장애 먹통 중단",
    "price": "price prices pricing cheaper slashes 가격 인하",
    "jailbreak": "jailbreak jailbroken jailbreaking 탈옥",
    "security": "cve vulnerability vulnerabilities flaw exploit exposure breach leak 취약 유출",
    "funding": "raises raised raise funding valued valuation round series 투자 유치",
    "lawsuit": "lawsuit sued sues suing court 소송",
    "acquisition": "acquire acquires acquired acquisition buys 인수",
    "layoff": "layoff layoffs laid redundancies 감원 해고",
    "partnership": "partnership partnerships partners partnered alliance 제휴 협력 협약",
    "hire": "hires hired appoints appointed poached poaches 영입 선임",
}
EVENT_OF = {word: kind for kind, words in _EVENT_WORDS.items() for word in words.split()}


def event_kinds(f: Features) -> Counter[str]:
    """The kinds of event a post's words speak of (each counted once)."""
    return Counter({EVENT_OF[w] for w in f.words if w in EVENT_OF})


def _kind(events: Counter[str], alone: bool = False) -> str | None:
    """A group's kind of event: the one most of its posts that name one speak of (two of
    them at least; a post ``alone`` speaks for itself)."""
    if not events:
        return None
    (top, count), *rest = events.most_common(2)
    least = 1 if alone else 2
    return top if count >= least and (not rest or count >= 2 * rest[0][1]) else None


def _other_events(a: Counter[str], size_a: int, b: Counter[str], size_b: int) -> bool:
    """Whether two groups (``event_kinds`` counted, and their sizes) tell of different events:
    each has its kind (``_kind``) and the two differ, or one has its kind and the other speaks
    of events but never of that one (a release whose posts speak of its launch and its price,
    never of an outage, is not the product's outage)."""
    kinds = (_kind(a, size_a == 1), _kind(b, size_b == 1))
    if None not in kinds:
        return kinds[0] != kinds[1]
    # A kind told by two posts at least: a post alone that gives a release's price is part of
    # the release, however its other posts word it.
    told = (_kind(a), _kind(b))
    return (told[0] is not None and bool(b) and not b[told[0]]) or (
        told[1] is not None and bool(a) and not a[told[1]]
    )


# A product line's name followed by its version, as ``copy_text`` writes them ("loom 3",
# "a.x 0.9", "pingpong 3.5" for ``Pingpong-3.5``): one or two digits, perhaps a point and one
# or two more, standing alone (``70b``, ``81.4%``, ``2024`` and ``450`` are no versions), and
# perhaps the model's size after it ("solar 4.5 70b", "pico 4.5 1.5b", "luxia 6 8x7b").
_VERSION = re.compile(
    r"(?<![\w.$])([a-z][a-z0-9.]*) (\d{1,2}(?:\.\d{1,2})?)"
    r"(?: (\d{1,3}(?:\.\d{1,2})?b|\d{1,2}x\d{1,3}b))?(?!\S)"
)

Versions = Counter[tuple[str, str]]
PAPER_LINE = "§paper"  # the line of every paper's number: two numbers are two papers
_DIGIT = re.compile(r"\d")


def versions(f: Features) -> Versions:
    """The ``(line, version)`` pairs a post names (each once): ``Loom 3`` is ``("loom", "3")``,
    where the line is one of the post's names or the head of one (``Gen-4.5-Lite``); a size
    after the version is the version's own pair: ``Solar 4.5 70B`` is ``("solar", "4.5")``
    and ``("solar 4.5", "70b")``."""
    text = f.copy_text
    if not f.names or not _DIGIT.search(text):
        return Counter()
    names = set(f.names)
    heads = {n.partition("-")[0] for n in f.names if "-" in n}
    out: Versions = Counter()
    for name in names:
        if _paper_number(name):
            out[(PAPER_LINE, name.partition("v")[0])] = 1
    for line, version, size in _VERSION.findall(text):
        if line in names or line in heads:
            out[(line, version)] = 1
            if size:
                out[(f"{line} {version}", size)] = 1
    return out


def _group_versions(
    feats: Sequence[Features], members: Sequence[int], versions_of: Mapping[int, Versions] | None
) -> Versions:
    """The ``versions`` of a group's posts, counted (``versions_of`` holds them read already,
    before the compounds were split)."""
    total: Versions = Counter()
    for i in members:
        total.update(versions_of[i] if versions_of is not None else versions(feats[i]))
    return total


def _main_versions(counts: Versions) -> dict[str, frozenset[str]]:
    """Per line a group names with a version, the version (or the tied versions) most of its
    posts give."""
    per_line: dict[str, Counter[str]] = defaultdict(Counter)
    for (line, version), n in counts.items():
        per_line[line][version] += n
    out = {}
    for line, seen in per_line.items():
        top = max(seen.values())
        out[line] = frozenset(v for v, n in seen.items() if n == top)
    return out


def other_versions(a: Mapping[str, frozenset[str]], b: Mapping[str, frozenset[str]]) -> bool:
    """Whether two groups (``_main_versions`` of each) are about different versions of one
    line: ``Loom 3`` and ``Loom 4``, ``A.X 2.5`` and ``A.X 0.9`` are two products, and their
    stories share every other name."""
    if len(a) > len(b):
        a, b = b, a
    return any(line in b and not (seen & b[line]) for line, seen in a.items())


def join_similar(
    feats: Sequence[Features], rows: Sequence[int], uf: UnionFind, thresholds: Thresholds
) -> None:
    """Union items of ``rows`` that read alike, and so the groups ``uf`` holds them in.

    Merges of two groups of several items are guarded by their centroids and anchors.
    """
    if len(rows) < 2:
        return
    versions_of = {i: versions(feats[i]) for i in rows}  # read before the compounds are split
    feats = drop_loose_names(split_compounds(feats, rows), rows)
    ranked, vectors, anchors = similar_pairs(feats, [[i] for i in rows], thresholds)
    position = {item: p for p, item in enumerate(rows)}
    node = UnionFind(len(rows))
    size = [1] * len(rows)
    text, named = (matrix.tocsr() for matrix in vectors)
    centroid = [[Centroid(row=(text, p)), Centroid(row=(named, p))] for p in range(len(rows))]
    anchor_counts = [Counter([anchors[p]] if anchors[p] >= 0 else []) for p in range(len(rows))]
    events = [event_kinds(feats[i]) for i in rows]
    lines = [versions_of[i] for i in rows]
    main = [_main_versions(v) if v else {} for v in lines]
    said = [Counter(feats[i].names) for i in rows]

    def merge(ra: int, rb: int) -> None:
        node.union(ra, rb)
        root = node.find(ra)
        big, small = (ra, rb) if len(said[ra]) >= len(said[rb]) else (rb, ra)
        said[big].update(said[small])
        said[root] = said[big]
        # Each group's counts are its own (only a root's are read): ``ra``'s take in ``rb``'s,
        # in the order ``ra + rb`` would give, without a new Counter per merge.
        events[ra].update(events[rb])
        events[root] = events[ra]
        anchor_counts[ra].update(anchor_counts[rb])
        anchor_counts[root] = anchor_counts[ra]
        if lines[ra] or lines[rb]:
            lines[root] = lines[ra] + lines[rb]
            main[root] = _main_versions(lines[root])
        centroid[root] = [
            Centroid(parts=(centroid[ra][0], centroid[rb][0])),
            Centroid(parts=(centroid[ra][1], centroid[rb][1])),
        ]
        size[root] = size[ra] + size[rb]

    for members in uf.groups().values():  # what links, threads and copies joined already
        inside = [position[m] for m in members if m in position]
        for p in inside[1:]:
            ra, rb = node.find(inside[0]), node.find(p)
            if ra != rb:
                merge(ra, rb)
    for _score, a, b, space in ranked:
        ra, rb = node.find(a), node.find(b)
        if ra == rb:
            continue
        if main[ra] and main[rb] and other_versions(main[ra], main[rb]):
            continue
        if max(size[ra], size[rb]) >= GUARDED:
            # Joining a group means resembling the group, not just one of its members: this
            # stops chains of loosely similar posts.
            guard = thresholds.merge_names if space else thresholds.merge
            if _cosine(centroid[ra][space], centroid[rb][space]) < guard:
                continue
            if (
                min(size[ra], size[rb]) >= BIG_GROUP
                and not _same_subject(anchor_counts[ra], anchor_counts[rb])
            ) or _rival_products(said[ra], size[ra], said[rb], size[rb]):
                continue
            if _other_events(events[ra], size[ra], events[rb], size[rb]):
                continue
        merge(ra, rb)
    for p, item in enumerate(rows):
        uf.union(item, rows[node.find(p)])
    # A loose name ("PSA", "cc", "hf") is the rarest name of many posts of a story; as a part's
    # anchor it would keep the part from its story, which names it in a few posts or none.
    loose = loose_names(feats, rows)
    join_groups(feats, rows, uf, thresholds, loose, versions_of)
    attach_parts(feats, rows, uf, loose, versions_of)


def drop_loose_names(feats: Sequence[Features], rows: Sequence[int]) -> list[Features]:
    """``feats`` with the names taken from each post of ``rows`` that names only *loose names*
    (its words stay): such a post names no event, and must read very alike to join.

    A name that stands for an event comes with the event's other names: the posts that say
    ``Kapo`` also name its version, its maker, its scores. A word that only looks like a name
    (a city in "hello from Berlin", a topic such as ``RAG``, a site in "Show HN") comes with
    whatever each post is about, or with nothing. The mean cosine of the posts that use a
    name, over names, less what that name itself adds, tells the two apart; like hub links,
    it is learnt from the day. For ``n`` unit vectors ``v`` with weight ``w`` on the name it is
    ``(‖Σv‖² − n − (Σw)² + Σw²) / (n(n − 1))``, one sparse product for every name at once.
    """
    out = list(feats)
    loose = loose_names(feats, rows)
    for row in rows:
        f = feats[row]
        if f.names and all(name in loose for name in f.names):
            out[row] = replace(f, names=())
    return out


def loose_names(feats: Sequence[Features], rows: Sequence[int]) -> frozenset[str]:
    """The names of ``rows`` that come with whatever each post is about (``drop_loose_names``)."""
    if len(rows) < 2:
        return frozenset()
    vectors, terms = tfidf([list(feats[i].names) for i in rows], min_df=HUB_MIN_ITEMS)
    if not terms:
        return frozenset()
    uses = vectors.copy()
    uses.data[:] = 1.0
    sums = (uses.T @ vectors).tocsr()  # per name, the sum of its posts' vectors
    squared = np.asarray(sums.multiply(sums).sum(axis=1), dtype=np.float64).ravel()
    n = np.asarray(uses.sum(axis=0), dtype=np.float64).ravel()
    own = np.asarray(vectors.sum(axis=0), dtype=np.float64).ravel()
    own_squared = np.asarray(vectors.multiply(vectors).sum(axis=0), dtype=np.float64).ravel()
    cohesion = (squared - n - (own**2 - own_squared)) / (n * (n - 1))
    return frozenset(t for t, c in zip(terms, cohesion.tolist(), strict=True) if c < NAME_COHESION)


def join_groups(
    feats: Sequence[Features],
    rows: Sequence[int],
    uf: UnionFind,
    thresholds: Thresholds,
    loose: frozenset[str] = frozenset(),
    versions_of: Mapping[int, Versions] | None = None,
) -> None:
    """Union groups of ``rows`` (as ``uf`` holds them) that read alike as wholes.

    The items of a big story split into parts that each hold together (the Korean posts,
    the chat lines, one link's posts) and whose items' nearest neighbours are all inside
    their own part. Read as one document each, the parts name the same product, figures and
    words; the pairs must pass the same tests as items do (anchor named, two names shared),
    and two parts whose kinds of event differ stay apart.
    """
    members: dict[int, list[int]] = defaultdict(list)
    for i in rows:
        members[uf.find(i)].append(i)
    groups = [m for m in members.values() if len(m) >= GROUP_MIN]
    if len(groups) < 2:
        return
    ranked, _vectors, _anchors = similar_pairs(feats, groups, thresholds, loose)
    events: list[Counter[str]] = []
    for m in groups:
        counted: Counter[str] = Counter()
        for i in m:
            counted += event_kinds(feats[i])
        events.append(counted)
    lines = [_group_versions(feats, m, versions_of) for m in groups]
    main = [_main_versions(v) for v in lines]
    said = [Counter(chain.from_iterable(feats[i].names for i in m)) for m in groups]
    size = [len(m) for m in groups]
    joined = UnionFind(len(groups))  # the groups as joined so far, their kinds merged
    for _score, a, b, _space in ranked:
        ra, rb = joined.find(a), joined.find(b)
        if ra == rb:
            continue
        kinds = (_kind(events[ra]), _kind(events[rb]))
        if None not in kinds and kinds[0] != kinds[1]:
            continue  # also when a kindless part stands between them
        if other_versions(main[ra], main[rb]):
            continue
        if _rival_products(said[ra], size[ra], said[rb], size[rb]):
            continue
        joined.union(ra, rb)
        root = joined.find(ra)
        said[root] = said[ra] + said[rb]
        size[root] = size[ra] + size[rb]
        events[root] = events[ra] + events[rb]
        lines[root] = lines[ra] + lines[rb]
        main[root] = _main_versions(lines[root])
        uf.union(groups[a][0], groups[b][0])


def attach_parts(
    feats: Sequence[Features],
    rows: Sequence[int],
    uf: UnionFind,
    loose: frozenset[str] = frozenset(),
    versions_of: Mapping[int, Versions] | None = None,
) -> None:
    """Union each small group of ``rows`` with the big group it reads like a part of.

    A big story leaves small parts behind whose posts resemble no single post of it enough
    (a Korean line that writes the product in Hangul, a chat line with one of its figures),
    but whose words, read against the whole group, are the group's: a term that one post in
    a thousand uses is used by a third of the story's posts. Each part is scored against each
    big group by how much likelier its terms are there than in the day (the log-likelihood
    ratio of its words and names, per item, each term's rate in the group mixed with its rate
    in the day), and joins its best group when that is clearly ahead of the next. The part's
    anchor (its rarest name, not counting ``loose`` names if it has others) must be a name the
    big group uses: two events of one company share its words, not their product.
    """
    members: dict[int, list[int]] = defaultdict(list)
    for i in rows:
        members[uf.find(i)].append(i)
    groups = list(members.values())
    big = [g for g, m in enumerate(groups) if len(m) >= PART_OF]
    small = [g for g, m in enumerate(groups) if len(m) <= PART_MAX]
    if not big or not small:
        return
    code: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    for i in rows:
        f = feats[i]
        terms = {code.setdefault(t, len(code)) for t in f.words}
        terms.update(code.setdefault("§" + n, len(code)) for n in f.names)
        indices += terms
        indptr.append(len(indices))
    incidence = sp.csr_matrix(
        (np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(rows), len(code))
    )
    position = {item: p for p, item in enumerate(rows)}
    df = np.asarray(incidence.sum(axis=0)).ravel()

    def counts(chosen: Sequence[int]) -> sp.csr_matrix:
        """Per group of ``chosen``, how many of its items use each term."""
        r = [k for k, g in enumerate(chosen) for _ in groups[g]]
        c = [position[i] for g in chosen for i in groups[g]]
        pick = sp.csr_matrix(
            (np.ones(len(r), dtype=np.float32), (r, c)), shape=(len(chosen), len(rows))
        )
        return (pick @ incidence).tocsr()

    in_big = counts(big).tocoo()
    sizes = np.array([len(groups[g]) for g in big], dtype=np.float64)
    # log((λ·n/|g| + (1 − λ)·p) / p) for the terms a big group uses, less its value where it
    # uses none (log(1 − λ)), which every term of the part gets and is added back below.
    rate = in_big.data / sizes[in_big.row] / (df[in_big.col] / len(rows))
    gain = np.log1p(PART_SHARE / (1 - PART_SHARE) * rate)
    lift = sp.csr_matrix((gain, (in_big.row, in_big.col)), shape=in_big.shape)
    own = counts(small)
    base = np.asarray(own.sum(axis=1)).ravel() * math.log(1 - PART_SHARE)
    # Sparse: a part has a lift only where it shares a term with a big group (0 elsewhere).
    lifted = (own @ lift.T).tocsr()
    lifted.sort_indices()
    top = np.zeros(len(small))
    runner_up = np.zeros(len(small)) if len(big) > 1 else np.full(len(small), -np.inf)
    best = np.zeros(len(small), dtype=np.int64)
    indptr, indices, data = lifted.indptr, lifted.indices, lifted.data
    for r in range(len(small)):
        start, end = indptr[r], indptr[r + 1]
        if start == end:
            continue
        values = data[start:end]
        k = int(np.argmax(values))
        best[r], top[r] = indices[start + k], values[k]
        if end - start > 1:
            runner_up[r] = max(runner_up[r], np.max(np.delete(values, k)))
    size = np.array([len(groups[g]) for g in small], dtype=np.float64)
    first = (top + base) / size
    second = (runner_up + base) / size
    needed = np.where(
        np.array([len(groups[g]) == 1 for g in small], dtype=bool), PART_ONE, PART_SCORE
    )
    chosen = np.flatnonzero((first >= needed) & (first - second >= PART_MARGIN))
    if not len(chosen):
        return
    name_df: Counter[str] = Counter()
    for i in rows:
        name_df.update(set(feats[i].names))
    whole_versions: dict[int, dict[str, frozenset[str]]] = {}  # per big group, read once
    whole_names: dict[int, Counter[str]] = {}  # per big group, how many of its posts use each name
    for k in chosen.tolist():
        target = int(best[k])
        part, whole = groups[small[k]], groups[big[target]]
        names = [n for i in part for n in feats[i].names]
        if loose:
            names = [n for n in names if n not in loose] or names
        if names:
            anchor = min(names, key=lambda n: (name_df[n], n))
            if target not in whole_names:
                whole_names[target] = Counter(n for i in whole for n in set(feats[i].names))
            if whole_names[target][anchor] < max(1, math.ceil(0.1 * len(whole))):
                continue
        if target not in whole_versions:
            whole_versions[target] = _main_versions(_group_versions(feats, whole, versions_of))
        mine = _main_versions(_group_versions(feats, part, versions_of))
        if other_versions(mine, whole_versions[target]):
            continue
        uf.union(part[0], whole[0])


def _same_subject(a: Counter[int], b: Counter[int]) -> bool:
    """Whether two groups are about the same thing: one's commonest anchor is among the other's
    two commonest (groups without anchors pass; the centroids decide)."""
    if not a or not b:
        return True
    top_a = [t for t, _ in a.most_common(2)]
    top_b = [t for t, _ in b.most_common(2)]
    return top_a[0] in top_b or top_b[0] in top_a


def _rival_products(a: Counter[str], size_a: int, b: Counter[str], size_b: int) -> bool:
    """Whether two groups (the names their posts say, counted, and their sizes) tell of two
    products: each says a name of its own that the other hardly says ("Furiosa Ultra" and
    "Furiosa Z9", one press-release template). They are only compared when their texts read
    alike, so the maker need not be among the names: half the posts may leave it out, or
    write it in a form that is no name (``hynix``). An anchor misses it when the product is
    said more often that day than the maker. Groups under ``BIG_GROUP`` say too little to be
    judged, but for one post alone next to a group that big: a post says all it names."""
    if max(size_a, size_b) < BIG_GROUP or 1 < min(size_a, size_b) < BIG_GROUP:
        return False

    def own(x: Counter[str], size_x: int, y: Counter[str], size_y: int) -> bool:
        return any(
            n.isascii() and n[0].isalpha() and y[n] <= RIVAL_ABSENT * size_y
            for n, k in x.items()
            if k >= RIVAL_SHARE * size_x
        )

    return own(a, size_a, b, size_b) and own(b, size_b, a, size_a)


STOCK_GROUP = 2 / 3  # a group whose talk is this much stock lines is no story
STOCK_LEAD = 3  # a stock line this many words long may lead a post of its own words


def stock_led(feats: Sequence[Features], said: Sequence[bool]) -> list[bool]:
    """Per item, whether it is a stock line (``said``) or one with a tail of its own that is
    no longer than the line: "new video: building a RAG app in 10 minutes. Some notes from
    this week" is the stock line again, its tail names nothing."""
    lines = {
        f.copy_text for f, s in zip(feats, said, strict=True) if s and f.copy_words >= STOCK_LEAD
    }
    out = list(said)
    if not lines:
        return out
    for i, f in enumerate(feats):
        if out[i] or f.copy_words < STOCK_LEAD + 1:
            continue
        words = f.copy_text.split(" ")
        for k in range(len(words) - 1, max(STOCK_LEAD, (len(words) + 1) // 2) - 1, -1):
            if " ".join(words[:k]) in lines:
                out[i] = True
                break
    return out


REMARK_WORDS = 12  # a post this long or longer may tell news without naming anything


def _tells(f: Features) -> bool:
    """Whether a post may tell of an event: it names something, carries a link besides its
    own address (an article, a paper, a repo), is long enough to tell it in words, or is
    written in Korean, whose names (카카오, 하이퍼클로바) are no names to ``extract``."""
    return (
        bool(f.names)
        or _cites(f)
        or f.copy_words >= REMARK_WORDS
        or _HANGUL_RUN.search(f.copy_text) is not None
    )


_HANGUL_RUN = re.compile(r"[가-힣]{2}")


def _cites(f: Features) -> bool:
    """Whether a post carries a link besides its own address (an article, a paper, a repo)."""
    return len(f.links) > (1 if f.permalink else 0)


def split_stock(
    items: Sequence[Item],
    feats: Sequence[Features],
    copies: UnionFind,
    uf: UnionFind,
    said: Sequence[bool],
) -> tuple[UnionFind, UnionFind]:
    """``uf`` with each group made mostly of stock lines (two thirds of the posts that reply
    to none, ``STOCK_GROUP``; a stock line with a short tail of its own counts, ``stock_led``)
    taken apart, with the replies to them, and ``copies`` to match.

    One line said by many people ("what keyboard do you all use?") is no story, and nor is a
    handful of such lines that read alike, with the odd remark that joined them ("best ramen
    in seoul" next to thirty "hi everyone, lurker from seoul"); next to posts about an event it
    is part of that story. Taken apart, each keeps its thread and the copies it has apart from
    the same words in other mouths. ``said`` is ``stock_lines`` of the items.

    A thread none of whose posts may tell of an event (``_tells``: a chat's "good morning
    frens", "where?", "haha", each answering the last) is remarks too, and is taken apart
    with its replies. Names are Latin words: a story told in Korean alone has none, so a
    Korean post is never such a remark; a group with no replies
    (the same line in several mouths) is left to the stock-line rule above.
    """
    from digest.stories.dedupe import find_copies

    authors = [item.author for item in items]
    parents = [item.reply_to for item in items]
    stock = stock_led(feats, said)
    index = {item.key: i for i, item in enumerate(items)}
    out = UnionFind(len(items))
    copied = UnionFind(len(items))
    apart: list[int] = []
    chat: set[int] = set()
    for members in uf.groups().values():
        talk = [i for i in members if not parents[i]]
        if talk and len(talk) < len(members) and not any(_tells(feats[i]) for i in members):
            chat.update(members)
            apart += members
            continue
        if talk and sum(stock[i] for i in talk) >= STOCK_GROUP * len(talk):
            apart += members
            continue
        for i in members:
            out.union(members[0], i)
            copied.union(i, copies.find(i))
    if apart:
        position = {i: p for p, i in enumerate(apart)}
        alone = find_copies(
            [feats[i] for i in apart],
            [authors[i] for i in apart],
            [parents[i] for i in apart],
            said=[stock[i] for i in apart],
        )
        for p, i in enumerate(apart):
            out.union(i, apart[alone.find(p)])
            copied.union(i, apart[alone.find(p)])
            parent = position.get(index.get(parents[i] or "", -1))
            if parent is not None and i not in chat and uf.find(apart[parent]) == uf.find(i):
                out.union(i, apart[parent])
    return out, copied
