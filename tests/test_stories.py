from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

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
