"""TF-IDF over already tokenised documents, and L2-normalised rows, on numpy and scipy.sparse.

The weighting is the usual one (as scikit-learn's ``TfidfVectorizer`` with
``sublinear_tf=True`` and ``smooth_idf=True`` computes it): a term counted ``c`` times in a
document weighs ``1 + ln c`` times ``1 + ln((n + 1) / (df + 1))``, columns are the terms in
sorted order, and rows are scaled to unit length when asked. Written here because importing
scikit-learn costs seconds (it pulls in ``scipy.stats`` and ``scipy.optimize``), and this is
all the story engine used of it.
"""

from __future__ import annotations

from collections import Counter
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
    counts = [Counter(doc) for doc in docs]
    df = Counter(term for count in counts for term in count)
    terms = sorted(term for term, n in df.items() if n >= min_df)
    column = {term: k for k, term in enumerate(terms)}
    indptr = [0]
    indices: list[int] = []
    data: list[int] = []
    for count in counts:
        cols = sorted(column[t] for t in count if t in column)
        indices += cols
        data += [count[terms[k]] for k in cols]
        indptr.append(len(indices))
    matrix = sp.csr_matrix(
        (
            np.asarray(data, dtype=np.float32),
            np.asarray(indices, dtype=np.int32),
            np.asarray(indptr, dtype=np.int64),
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
