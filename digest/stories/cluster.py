"""Topic clusters: items about the same event join one story, whatever their wording or language.

Signals, strongest first:

1. a reply joins the post it answers (threads stay whole);
2. a shared specific link (the canonical form; a source's boilerplate links do not count);
3. similar text: TF-IDF over words and Hangul bigrams, names and links weighted up, each item
   cut to its ``TOP_TERMS`` heaviest terms; one sparse product ``P·Pᵀ`` then gives the cosine
   of every pair that shares a heavy term, so no pair is compared that shares none;
4. shared names (the cross-language signal: a Korean write-up and an English post share the
   product, version, size and scores but few words): the cosine over name and link columns
   alone, counted only when at least two names are shared.

Pairs above a threshold join, but two groups only merge when their centroids agree too, which
keeps a chain of loosely related posts from gluing two events together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from digest.models import Item
from digest.stories.features import BOILERPLATE_SHARE, Features
from digest.stories.unionfind import UnionFind

TOP_TERMS = 24
TOP_NAMES = 12
MIN_TERMS = 3


@dataclass(frozen=True)
class Thresholds:
    """How alike two items must be to join.

    Attributes:
        text: cosine of the weighted TF-IDF vectors.
        names: cosine over names and links, with at least two names shared.
        merge: centroid cosine two groups of several items need to merge.
    """

    text: float = 0.5
    names: float = 0.6
    merge: float = 0.3


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


def join_threads_and_links(items: Sequence[Item], feats: Sequence[Features], uf: UnionFind) -> None:
    """Union replies with their parents and items that share a specific link."""
    index = {item.key: i for i, item in enumerate(items)}
    for i, item in enumerate(items):
        if item.reply_to and item.reply_to in index:
            uf.union(i, index[item.reply_to])
    skip = boilerplate_links(items, feats)
    first: dict[str, int] = {}
    for i, (item, f) in enumerate(zip(items, feats, strict=True)):
        for link in f.links:
            if (item.source, link) in skip:
                continue
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
    pruned = sp.csr_matrix((data * keep, matrix.indices, indptr), shape=matrix.shape)
    pruned.eliminate_zeros()
    return normalize(pruned)


def _pairs(matrix: sp.csr_matrix, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row pairs ``i < j`` whose dot product is at least ``threshold``, with it."""
    product = sp.triu(matrix @ matrix.T, k=1).tocoo()
    mask = product.data >= threshold
    return product.row[mask], product.col[mask], product.data[mask]


def similar_pairs(
    feats: Sequence[Features], rows: Sequence[int], thresholds: Thresholds
) -> tuple[list[tuple[float, int, int]], sp.csr_matrix]:
    """Pairs of ``rows`` (indices into ``feats``) that read alike, best first, and the matrix."""
    docs = []
    for i in rows:
        f = feats[i]
        docs.append([*f.words, *("§" + n for n in f.names), *("↗" + link for link in f.links)])
    vectorizer = TfidfVectorizer(
        analyzer=lambda doc: doc, sublinear_tf=True, norm=None, min_df=1, dtype=np.float32
    )
    matrix = vectorizer.fit_transform(docs).tocsc()
    vocab = vectorizer.get_feature_names_out()
    is_name = np.fromiter((t[0] == "§" for t in vocab), dtype=bool, count=len(vocab))
    is_link = np.fromiter((t[0] == "↗" for t in vocab), dtype=bool, count=len(vocab))
    weights = np.where(is_link, 2.0, np.where(is_name, 1.5, 1.0)).astype(np.float32)
    matrix = (matrix @ sp.diags(weights)).tocsr()
    enough = np.fromiter((len(d) >= MIN_TERMS for d in docs), dtype=bool, count=len(docs))
    matrix = sp.diags(enough.astype(np.float32)) @ matrix
    full = normalize(matrix)

    text = _top_k(full, TOP_TERMS)
    named = matrix @ sp.diags((is_name | is_link).astype(np.float32))
    named = _top_k(named.tocsr(), TOP_NAMES)
    found: dict[tuple[int, int], float] = {}
    for a, b, score in zip(*_pairs(text, thresholds.text), strict=True):
        found[(int(a), int(b))] = float(score)
    ra, rb, scores = _pairs(named, thresholds.names)
    if len(ra):
        only_names = named @ sp.diags(is_name.astype(np.float32))
        binary = (only_names > 0).astype(np.float32).tocsr()
        shared = np.asarray(binary[ra].multiply(binary[rb]).sum(axis=1)).ravel()
        for a, b, score, count in zip(ra, rb, scores, shared, strict=True):
            if count >= 2:
                key = (int(a), int(b))
                found[key] = max(found.get(key, 0.0), float(score))
    ranked = sorted(((s, rows[a], rows[b]) for (a, b), s in found.items()), key=lambda t: -t[0])
    return ranked, full


def join_similar(
    feats: Sequence[Features], rows: Sequence[int], uf: UnionFind, thresholds: Thresholds
) -> None:
    """Union items of ``rows`` that read alike, guarding merges of groups by their centroids."""
    if len(rows) < 2:
        return
    ranked, full = similar_pairs(feats, rows, thresholds)
    position = {item: p for p, item in enumerate(rows)}
    # Centroids (sums of unit vectors) of the groups formed so far, kept per root.
    centroid: dict[int, sp.csr_matrix] = {}
    size: dict[int, int] = defaultdict(lambda: 1)
    for root, members in uf.groups().items():
        inside = [position[m] for m in members if m in position]
        if len(inside) > 1:
            centroid[root] = sp.csr_matrix(full[inside].sum(axis=0))
            size[root] = len(inside)

    def vector(root: int) -> sp.csr_matrix:
        return centroid[root] if root in centroid else full[position[root]]

    for _score, a, b in ranked:
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            continue
        if size[ra] > 1 or size[rb] > 1:
            va, vb = vector(ra), vector(rb)
            dot = float(va.multiply(vb).sum())
            norm = float(np.sqrt(va.multiply(va).sum() * vb.multiply(vb).sum())) or 1.0
            if dot / norm < thresholds.merge:
                continue
        merged = vector(ra) + vector(rb)
        uf.union(ra, rb)
        root = uf.find(ra)
        centroid[root] = merged
        size[root] = size[ra] + size[rb]
