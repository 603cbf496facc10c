"""The story engine's TF-IDF gives scikit-learn's numbers, without importing it at run time."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from benchmarks.blind_corpus import generate
from digest.stories.features import extract, settle_names
from digest.stories.tfidf import l2_rows, tfidf

text = pytest.importorskip("sklearn.feature_extraction.text")
preprocessing = pytest.importorskip("sklearn.preprocessing")


def _docs() -> list[list[str]]:
    items = generate(600, 4).items
    feats = settle_names([extract(item) for item in items])
    return [[*f.words, *("§" + n for n in f.names)] for f in feats]


@pytest.mark.parametrize(("min_df", "norm"), [(1, False), (1, True), (2, True)])
def test_tfidf_matches_scikit_learn(min_df: int, norm: bool) -> None:
    docs = _docs()
    ours, terms = tfidf(docs, min_df=min_df, norm=norm)
    theirs = text.TfidfVectorizer(
        analyzer=lambda d: d, sublinear_tf=True, min_df=min_df, dtype=np.float32,
        norm="l2" if norm else None,
    )  # fmt: skip
    expected = theirs.fit_transform(docs)
    assert terms == list(theirs.get_feature_names_out())
    assert ours.dtype == np.float32 and ours.shape == expected.shape
    assert abs(ours - expected).max() < 1e-5
    # The pair products the engine thresholds agree to float32 precision.
    rows = (ours[:50] @ ours[:50].T).toarray()
    assert np.allclose(rows, (expected[:50] @ expected[:50].T).toarray(), rtol=1e-5, atol=1e-6)


def test_rows_normalised_as_scikit_learn_does() -> None:
    matrix, _ = tfidf(_docs(), norm=False)
    matrix = matrix[:100]
    matrix[3] = 0  # a row of zeros stays zero
    expected = preprocessing.normalize(matrix)
    assert abs(l2_rows(matrix) - expected).max() < 1e-6


def test_the_story_engine_does_not_import_scikit_learn() -> None:
    code = (
        "import sys; from datetime import datetime, UTC; from digest.stories import build_stories;"
        "from benchmarks.blind_corpus import generate;"
        "c = generate(300, 1); build_stories(c.items, until=c.window.until);"
        "print(sorted(m for m in ('sklearn', 'scipy.stats', 'scipy.optimize') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stderr
