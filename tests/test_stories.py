from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from itertools import accumulate

import pytest

from digest.models import Item
from digest.stories import build_stories
from digest.stories.features import link_key

T0 = datetime(2024, 5, 3, 0, 0, tzinfo=UTC)
UNTIL = T0 + timedelta(days=1)


def item(
    source: str, n: int, url: str, title: str, links: tuple[str, ...] = (), **kw: object
) -> Item:
    return Item(
        source=source,
        id=str(n),
        url=url,
        title=title,
        text=kw.pop("text", f"text of {title}"),  # type: ignore[arg-type]
        links=links,
        published=T0 + timedelta(minutes=n),
        **kw,  # type: ignore[arg-type]
    )


def corpus() -> list[Item]:
    return [
        item(
            "news",
            1,
            "https://news.example/a1",
            "Llama 3 70B hits 300 tok/s",
            links=("https://groq.com/blog/llama3-speed?utm_source=news&utm_medium=email",),
        ),
        item("blog", 2, "https://groq.com/blog/llama3-speed", "Our Llama 3 70B speed record"),
        item(
            "kr",
            3,
            "https://kr.example/posts/77",
            "Groq, Llama 3 70B 추론 속도 기록",
            links=("http://www.groq.com/blog/llama3-speed/",),
        ),
        # The same tweet in three URL forms: one story, duplicates folded.
        item(
            "x1",
            4,
            "https://twitter.com/drjim/status/1786429467537088741?s=20",
            "DrEureka sim-to-real agent",
        ),
        item("x2", 5, "https://x.com/drjim/status/1786429467537088741", "DrEureka sim to real"),
        item(
            "x3",
            6,
            "https://mobile.twitter.com/drjim/status/1786429467537088741?ref_src=twsrc",
            "DrEureka",
        ),
        # Exact repeat of an entry in the same feed.
        item("news", 7, "https://news.example/a1?fbclid=abc", "Llama 3 70B hits 300 tok/s"),
        # Unrelated noise sharing only a home page link.
        item(
            "jobs",
            8,
            "https://jobs.example/ml-engineer",
            "We are hiring ML engineers",
            links=("https://groq.com/",),
        ),
    ]


def test_duplicates_fold_and_related_items_group() -> None:
    stories = build_stories(corpus(), until=UNTIL)
    groups = sorted(sorted(i.key for i in s.items) for s in stories)
    assert ["blog:2", "kr:3", "news:1"] in groups
    assert ["x1:4"] in groups  # the other two forms of the same status were folded
    assert ["jobs:8"] in groups
    llama = next(s for s in stories if any(i.key == "news:1" for i in s.items))
    assert llama.duplicates == 1  # news:7 is the same permalink with a tracker
    dreureka = next(s for s in stories if s.items[0].key == "x1:4")
    assert dreureka.duplicates == 2


def test_ranking_prefers_stories_told_by_more_sources() -> None:
    stories = build_stories(corpus(), until=UNTIL)
    assert {i.source for i in stories[0].items} == {"news", "blog", "kr"}
    assert stories[-1].items[0].key == "jobs:8"


def test_source_weights_and_engagement_count() -> None:
    a = item("a", 1, "https://a.example/p/1", "first thing happened")
    b = item("b", 2, "https://b.example/p/2", "second thing happened", engagement={"likes": 5000})
    ranked = build_stories([a, b], until=UNTIL)
    assert ranked[0].items[0].key == "b:2"
    ranked = build_stories([a, b], until=UNTIL, weights={"a": 10.0})
    assert ranked[0].items[0].key == "a:1"


def test_deterministic_whatever_the_input_order() -> None:
    items = corpus()
    first = build_stories(items, until=UNTIL)
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert build_stories(shuffled, until=UNTIL) == first


def test_newsletter_anchors_are_separate_items() -> None:
    issue = "https://news.example/issues/2024-05-03"
    items = [
        item("news", k, f"{issue}#{slug}", f"Story about {slug} today", text=f"all about {slug}")
        for k, slug in enumerate(["alpha", "beta", "gamma"])
    ]
    stories = build_stories(items, until=UNTIL)
    assert len(stories) == 3 and all(s.duplicates == 0 for s in stories)


def test_score_is_the_sum_of_its_explained_parts() -> None:
    for story in build_stories(corpus(), until=UNTIL):
        assert set(story.breakdown) == {"sources", "authors", "duplicates", "engagement", "recency"}
        assert abs(sum(story.breakdown.values()) - story.score) < 1e-5


def test_an_item_is_read_once_and_its_copy_under_another_url_anew() -> None:
    """The novelty check reads the items the build read: one item object, one reading; an
    equal text under another permalink (a cross-post) is another item's reading."""
    import gc

    from digest.stories.features import extract

    post = item("x", 1, "https://x.com/a/status/1", "Kapo 3.5 is out")
    assert extract(post) is extract(post)
    assert extract(post) == extract(post.model_copy())
    cross = post.model_copy(update={"source": "tg", "url": "https://t.me/ai/7"})
    assert extract(cross).permalink == "https://t.me/ai/7"
    assert extract(post).permalink == "https://x.com/i/status/1"
    assert extract(cross).copy_text == extract(post).copy_text
    build_stories([post, cross], until=UNTIL)
    assert gc.isenabled()  # the build pauses the cycle collector and turns it back on


def test_extract_all_reads_a_repeated_text_once_and_gives_what_extract_gives() -> None:
    from digest.stories.features import extract, extract_all

    text = "RT @kapo: Kapo 3.5 is out… https://kapo.ai/blog/kapo-3-5 (via @news) #AI"

    def day() -> list[Item]:
        return [
            item("x", 1, "https://x.com/kapo/status/1", "", text=text),
            item("x", 2, "https://x.com/b/status/2", "", text=text),  # the same text elsewhere
            item("kr", 3, "https://kr.example/3", "", text=text, language="ko"),
            item("blog", 4, "https://kapo.ai/blog/kapo-3-5", "Kapo 3.5", text=text),
            item("x", 5, "https://x.com/c/status/5", "", text="카포 3.5 공개 ollama를 써 보니"),
        ]

    together = extract_all(day())
    alone = [extract(i) for i in day()]  # other objects: nothing is read from a cache
    assert together == alone
    assert together[0].words is together[1].words  # read once
    assert together[0].permalink != together[1].permalink  # but each keeps its own links
    assert together[2].names == alone[2].names


def test_pairs_above_the_diagonal_are_the_whole_product_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numpy as np
    import scipy.sparse as sp

    from digest.stories import cluster
    from digest.stories.tfidf import tfidf

    rng = random.Random(7)
    words = [f"w{k}" for k in range(40)]
    docs = [[rng.choice(words) for _ in range(rng.randint(1, 8))] for _ in range(300)]
    matrix, _ = tfidf(docs)
    product = (matrix @ matrix.T).tocoo()
    keep = (product.row < product.col) & (product.data >= 0.3)
    whole = sorted(
        zip(
            product.row[keep].tolist(),
            product.col[keep].tolist(),
            product.data[keep].tolist(),
            strict=True,
        )
    )
    monkeypatch.setattr(cluster, "PRODUCT_ROWS", 64)  # several blocks
    row, col, data = cluster._upper_products(sp.csr_matrix(matrix), 0.3)
    assert sorted(zip(row.tolist(), col.tolist(), data.tolist(), strict=True)) == whole
    assert len(whole) > 100 and np.all(row < col)


def test_only_a_tweet_loses_its_anchor_in_a_link_key() -> None:
    # A Nitter mirror's "#m" names the tweet itself; another site's anchor names a part of a
    # page, even where its path has a "status" folder.
    assert link_key("https://nitter.net/karpathy/status/123#m") == link_key(
        "https://x.com/karpathy/status/123"
    )
    page = "https://github.com/o/r/blob/main/status/README.md"
    assert link_key(f"{page}#install") == f"{page}#install"


def test_the_neighbour_cut_keeps_a_pair_among_the_best_of_either_of_its_rows() -> None:
    import numpy as np

    from digest.stories import cluster
    from digest.stories.tfidf import tfidf

    # Few words, so many rows have more than NEIGHBOURS partners above the threshold.
    rng = random.Random(11)
    words = [f"w{k}" for k in range(12)]
    docs = [[rng.choice(words) for _ in range(rng.randint(1, 5))] for _ in range(200)]
    matrix, _ = tfidf(docs)
    dense = (matrix @ matrix.T).toarray()
    best: dict[int, set[int]] = {}
    for r in range(len(docs)):
        partners = [c for c in range(len(docs)) if c != r and dense[r, c] >= 0.3]
        partners.sort(key=lambda c: (-dense[r, c], c))
        best[r] = set(partners[: cluster.NEIGHBOURS])
    expected = sorted({(min(a, b), max(a, b)) for a in best for b in best[a]})
    row, col, _data = cluster._pairs(matrix, 0.3)
    assert list(zip(row.tolist(), col.tolist(), strict=True)) == expected
    assert max(np.bincount(np.concatenate((row, col)))) > cluster.NEIGHBOURS  # the cut was hit


def test_a_centroid_summed_when_read_is_the_one_summed_at_every_merge() -> None:
    import scipy.sparse as sp

    from digest.stories.cluster import Centroid, _add, _cosine

    rng = random.Random(5)
    # One group grows by 3,000 merges (deeper than Python's recursion limit), each item with
    # terms of its own and of the group's, so the sums are cut to their heaviest terms.
    rows = [{rng.randrange(300): rng.random() for _ in range(12)} for _ in range(3000)]
    matrix = sp.csr_matrix(
        (
            [w for r in rows for w in r.values()],
            [t for r in rows for t in r],
            [0, *accumulate(len(r) for r in rows)],
        ),
        shape=(len(rows), 300),
        dtype="float32",
    )
    eager = Centroid(row=(matrix, 0)).vector()
    lazy = Centroid(row=(matrix, 0))
    for r in range(1, len(rows)):
        item = Centroid(row=(matrix, r))
        eager = _add(eager, item.vector())
        lazy = Centroid(parts=(lazy, item))
    assert lazy.vector() == eager and list(lazy.vector()) == list(eager)
    assert len(eager) == 64
    other = Centroid(row=(matrix, 7))
    assert _cosine(lazy, other) == _cosine(other, lazy) > 0


def test_minhash_reduction_mod_the_prime_is_the_remainder() -> None:
    import numpy as np

    from digest.stories.dedupe import _PRIME, _mod_prime

    p = int(_PRIME)
    edges = [0, 1, p - 1, p, p + 1, 2 * p - 1, 2 * p, 2 * p + 1, 7 * p, 8 * p - 1, 2**64 - 1]
    rng = random.Random(3)
    values = np.array(edges + [rng.randrange(2**64) for _ in range(1000)], dtype=np.uint64)
    x = values.copy()
    _mod_prime(x, np.empty_like(x))
    assert x.tolist() == [v % p for v in values.tolist()]


def test_the_one_key_neighbour_ranking_orders_as_sorting_on_row_and_value() -> None:
    import numpy as np

    from digest.stories.cluster import _rank_key

    rng = np.random.default_rng(3)
    ends = rng.integers(0, 40, size=2000)
    values = rng.choice(np.array([0.3, 0.5, 0.5000001, 0.9, 1.0], dtype=np.float32), size=2000)
    expected = np.lexsort((-values, ends))  # stable: equal entries keep their order
    for kind in (np.float32, np.float64):
        got = np.argsort(_rank_key(ends, values.astype(kind)), kind="stable")
        assert got.tolist() == expected.tolist()
