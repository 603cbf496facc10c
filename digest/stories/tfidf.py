"""TF-IDF over already tokenised documents, and L2-normalised rows, on numpy and scipy.sparse.

The weighting is the usual one (as scikit-learn's ``TfidfVectorizer`` with
``sublinear_tf=True`` and ``smooth_idf=True`` computes it): a term counted ``c`` times in a
document weighs ``1 + ln c`` times ``1 + ln((n + 1) / (df + 1))``, columns are the terms in
sorted order, and rows are scaled to unit length when asked. Written here because importing
scikit-learn costs seconds (it pulls in ``scipy.stats`` and ``scipy.optimize``), and this is
all the story engine used of it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp


def tfidf(
    docs: Sequence[Sequence[str]], *, min_df: int = 1, norm: bool = True
) -> tuple[sp.csr_matrix, list[str]]:
    """The float32 TF-IDF matrix of ``docs`` (one row each) and its terms (the columns).

    Terms in fewer than ``min_df`` documents are left out; with ``norm`` each row has unit
    length (a row with no term stays zero).
    """
    # Every (document, term) pair counted at once: each term gets a code, the codes are put
    # in the terms' sorted order, and one sort of ``document × terms + code`` gives the rows
    # with their columns in order and each count.
    code: dict[str, int] = {}
    flat = [code.setdefault(term, len(code)) for doc in docs for term in doc]
    vocabulary = sorted(code)
    rank = np.empty(len(code), dtype=np.int64)
    rank[[code[term] for term in vocabulary]] = np.arange(len(code), dtype=np.int64)
    lengths = np.fromiter((len(doc) for doc in docs), dtype=np.int64, count=len(docs))
    rows = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
    keys, counts = np.unique(
        rows * len(code) + rank[np.asarray(flat, dtype=np.int64)], return_counts=True
    )
    row_of, column_of = np.divmod(keys, max(len(code), 1))
    df = np.bincount(column_of, minlength=len(code))
    kept = df >= min_df
    terms = [term for term, keep in zip(vocabulary, kept.tolist(), strict=True) if keep]
    new_column = np.cumsum(kept) - 1
    pairs = kept[column_of]
    matrix = sp.csr_matrix(
        (
            counts[pairs].astype(np.float32),
            new_column[column_of[pairs]].astype(np.int32),
            np.searchsorted(row_of[pairs], np.arange(len(docs) + 1)).astype(np.int64),
        ),
        shape=(len(docs), len(terms)),
    )
    np.log(matrix.data, out=matrix.data)
    matrix.data += 1.0
    docs_with = np.bincount(matrix.indices, minlength=len(terms)).astype(np.float32) + 1.0
    idf = np.full_like(docs_with, len(docs) + 1)
    idf /= docs_with
    np.log(idf, out=idf)
    idf += 1.0
    matrix.data *= idf[matrix.indices]
    return (l2_rows(matrix) if norm else matrix), terms


def l2_rows(matrix: sp.spmatrix) -> sp.csr_matrix:
    """``matrix`` with every row scaled to unit length (rows of zeros stay zero)."""
    out = sp.csr_matrix(matrix, dtype=matrix.dtype, copy=True)
    squares = np.asarray(out.multiply(out).sum(axis=1), dtype=np.float64).ravel()
    lengths = np.sqrt(squares)
    lengths[lengths == 0.0] = 1.0
    out.data /= np.repeat(lengths, np.diff(out.indptr)).astype(out.data.dtype)
    return out
