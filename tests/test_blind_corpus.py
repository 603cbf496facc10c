"""The blind corpus: deterministic, fully labelled, inside its day, and showing every pattern."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from urllib.parse import urlsplit

import pytest

from benchmarks.blind_corpus import Corpus, generate
from tests.conftest import ROOT

N = 5000


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return generate(N, 3)


def _digest(c: Corpus) -> str:
    rows = [
        [i.model_dump(mode="json"), c.story[i.key], c.copy_of.get(i.key), c.copy_kind.get(i.key)]
        for i in c.items
    ]
    blob = json.dumps([rows, c.expansions], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def test_same_seed_same_day_in_any_process() -> None:
    first, again = generate(1500, 7), generate(1500, 7)
    assert first.items == again.items and first.story == again.story
    assert first.copy_of == again.copy_of and first.tags == again.tags
    assert _digest(first) != _digest(generate(1500, 8))
    code = (
        "from benchmarks.blind_corpus import generate;"
        "from tests.test_blind_corpus import _digest;"
        "print(_digest(generate(1500, 7)))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == _digest(first)


def test_labels_cover_every_item_and_copies_point_at_originals(corpus: Corpus) -> None:
    keys = [i.key for i in corpus.items]
    assert len(keys) == N == len(set(keys))
    assert set(corpus.story) == set(keys) == set(corpus.tags)
    assert set(corpus.copy_of) == set(corpus.copy_kind)
    for copy, original in corpus.copy_of.items():
        assert original in corpus.story and original != copy
        assert corpus.story[copy] == corpus.story[original]
        assert original not in corpus.copy_of  # an original, never a copy of a copy
    labels = Counter(v for v in corpus.story.values() if v is not None)
    assert set(labels) == set(corpus.stories)
    assert all(corpus.stories[k].size == v for k, v in labels.items())


def test_items_inside_the_window_and_shaped_like_their_source(corpus: Corpus) -> None:
    by_key = {i.key: i for i in corpus.items}
    shapes = {
        "x": r"https://x\.com/\w+/status/\d+$",
        "discord": r"https://discord\.com/channels/\d+/\d+/\d+$",
        "telegram": r"https://t\.me/\w+/\d+$",
        "reddit": r"https://www\.reddit\.com/r/\w+/comments/[0-9a-z]+/\w+/$",
        "hackernews": r"https://news\.ycombinator\.com/item\?id=\d+$",
        "rss": r"https?://[^\s/]+/\S*$",
    }
    engagement = {
        "x": {"likes", "reposts", "replies", "quotes", "views"},
        "discord": {"reactions"},
        "telegram": {"views"},
        "reddit": {"score", "comments"},
        "hackernews": {"points", "comments"},
        "rss": {"comments"},
    }
    assert sorted(i.published for i in corpus.items) == [i.published for i in corpus.items]
    for item in corpus.items:
        assert item.published.tzinfo is not None and item.published in corpus.window
        assert item.url and re.match(shapes[item.kind], item.url), item.url
        assert set(item.engagement) <= engagement[item.kind]
        assert item.language in ("ko", "en")
        assert item.text or item.title
        if item.kind in ("x", "discord", "telegram"):
            assert not item.title or item.kind == "telegram"  # Telegram: a link preview's title
        else:
            assert item.title
        if item.reply_to is not None:
            parent = by_key[item.reply_to]  # the archive key of an item of the day
            assert parent.source == item.source and parent.published <= item.published
            assert corpus.story[parent.key] == corpus.story[item.key]
    sources = defaultdict(set)
    for item in corpus.items:
        sources[item.kind].add(item.source)
    assert set(sources) == set(shapes) and all(len(s) >= 2 for s in sources.values())


def test_day_proportions(corpus: Corpus) -> None:
    big = generate(20_000, 1)
    for c in (corpus, big):
        n = len(c.items)
        assert abs(len(c.stories) - n / 30) <= 2
        chatter = sum(1 for v in c.story.values() if v is None) / n
        assert 0.15 <= chatter <= 0.25
        sizes = sorted(s.size for s in c.stories.values())
        assert sum(1 for s in sizes if s <= 3) >= 0.35 * len(sizes)
    sizes = sorted(s.size for s in big.stories.values())
    assert sizes[-1] >= 300 and sum(1 for s in sizes if s >= 100) >= 10
    kinds = Counter(i.kind for i in big.items)
    assert all(kinds[k] >= 0.04 * 20_000 for k in kinds)
    assert 0.15 <= Counter(i.language for i in big.items)["ko"] / 20_000 <= 0.4


def _hub_kind(url: str) -> str | None:
    parts = urlsplit(url)
    host, path = parts.netloc, parts.path
    if host == "www.reddit.com" and re.fullmatch(r"/r/\w+/", path):
        return "subreddit"
    if "leaderboard" in url:
        return "leaderboard"
    if host == "arxiv.org" and path.startswith("/list/"):
        return "arxiv_listing"
    if host == "github.com" and path.startswith("/trending"):
        return "github_trending"
    if path.rstrip("/").endswith("/archive") or path == "/the-batch/":
        return "newsletter_archive"
    if path == "/papers":
        return "hf_papers"
    if path == "/" and not parts.query:
        return "home_page"
    return None


def test_hub_links_join_unrelated_stories(corpus: Corpus) -> None:
    stories_by_hub: dict[str, set[str]] = defaultdict(set)
    for item in corpus.items:
        label = corpus.story[item.key]
        for url in item.links:
            kind = _hub_kind(corpus.expansions.get(url, url))
            if kind and label:
                stories_by_hub[kind].add(label)
    for kind in (
        "subreddit",
        "leaderboard",
        "arxiv_listing",
        "github_trending",
        "newsletter_archive",
        "hf_papers",
        "home_page",
    ):
        assert len(stories_by_hub[kind]) >= 5, kind


def test_link_shorteners_share_codes_and_targets(corpus: Corpus) -> None:
    hosts = Counter(urlsplit(u).netloc for u in corpus.expansions)
    assert {"t.co", "bit.ly", "lnkd.in"} <= set(hosts)
    users: dict[str, set[str | None]] = defaultdict(set)
    for item in corpus.items:
        for url in item.links:
            if url in corpus.expansions:
                users[url].add(corpus.story[item.key])
    assert set(users) <= set(corpus.expansions)
    assert any(len(labels) >= 3 for labels in users.values())  # one code, unrelated posts
    targets = Counter(corpus.expansions.values())
    assert any(n >= 2 for n in targets.values())  # one target, several codes


def _own(text: str) -> str:
    """A Discord message's own words, without the link preview after them."""
    return text.split("\n\n")[0]


def test_lower_cased_chat_and_korean_names(corpus: Corpus) -> None:
    tags = corpus.tags
    story_items = [i for i in corpus.items if corpus.story[i.key]]
    lowered = [
        i
        for i in story_items
        if i.kind == "discord"
        and "lowercase" in tags[i.key]
        and _own(i.text) == _own(i.text).lower()
    ]
    assert len(lowered) >= 100
    korean = [i for i in story_items if i.language == "ko"]
    translit = [i for i in korean if "ko_translit" in tags[i.key]]
    latin = [
        i for i in korean if re.search(r"[A-Za-z]{3,}", i.text) and "ko_latin_name" in tags[i.key]
    ]
    assert len(translit) >= 100 and len(latin) >= 100
    assert "허깅페이스" in " ".join(i.text for i in korean)
    for tag in ("code_switch", "mixed", "ko_number"):
        assert sum(1 for i in korean if tag in tags[i.key]) >= 10, tag


def test_short_posts_and_posts_without_links_in_stories(corpus: Corpus) -> None:
    story_items = [i for i in corpus.items if corpus.story[i.key]]
    originals = [i for i in story_items if i.key not in corpus.copy_of and not i.reply_to]
    short = [i for i in originals if len(i.text.split()) < 8 and i.kind in ("x", "discord")]
    bare = [i for i in originals if not i.links]
    assert len(short) >= 100 and len(bare) >= 300


def _copies(corpus: Corpus, kind: str) -> list[tuple[str, str, str]]:
    by_key = {i.key: i for i in corpus.items}

    def words(key: str) -> str:
        item = by_key[key]
        return f"{item.title}\n{item.text}" if kind in ("near", "case") else item.text

    return [
        (words(corpus.copy_of[k]), words(k), k) for k, v in corpus.copy_kind.items() if v == kind
    ]


def test_every_kind_of_copy(corpus: Corpus) -> None:
    by_key = {i.key: i for i in corpus.items}
    counts = Counter(corpus.copy_kind.values())
    kinds = ("exact", "near", "case", "retweet", "truncated", "crosspost", "url_variant")
    assert all(counts[k] >= 15 for k in kinds), counts
    for original, copy, _ in _copies(corpus, "exact"):
        assert copy == original
    for original, copy, _ in _copies(corpus, "case"):
        assert copy != original and copy.lower() == original.lower()
    for original, copy, _ in _copies(corpus, "near"):  # a word or two changed
        ops = difflib.SequenceMatcher(None, original.split(), copy.split()).get_opcodes()
        changed = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
        assert 1 <= changed <= 4, (original, copy)
    for original, copy, key in _copies(corpus, "retweet"):
        source = by_key[corpus.copy_of[key]]
        assert copy == f"RT {source.author}: {original}" and by_key[key].links[0] == source.url
    for original, copy, _ in _copies(corpus, "truncated"):
        cut = re.sub(r"\s*(…|\.\.\.|\[…\]|… 더보기)$", "", copy)
        assert cut != copy and original.startswith(cut)
        assert 0.4 * len(original) <= len(cut) <= 0.85 * len(original)
    for _, _, key in _copies(corpus, "crosspost"):
        assert by_key[key].source != by_key[corpus.copy_of[key]].source
    for _, _, key in _copies(corpus, "url_variant"):
        assert by_key[key].links != by_key[corpus.copy_of[key]].links
    hn = [k for _, _, k in _copies(corpus, "exact") if by_key[k].kind == "hackernews"]
    assert hn and all(by_key[k].id == by_key[corpus.copy_of[k]].id for k in hn)


def test_same_product_other_event_and_one_template_many_products(corpus: Corpus) -> None:
    texts: dict[str, list[str]] = defaultdict(list)
    for item in corpus.items:
        label = corpus.story[item.key]
        if label:
            texts[label].append(f"{item.title} {item.text}")
    pairs = [s for s in corpus.stories.values() if s.related and s.event != "release"]
    assert len(pairs) >= 5
    for info in pairs:
        launch = corpus.stories[info.related or ""]
        assert launch.related == info.label and launch.event != info.event
    groups: dict[str, list[str]] = defaultdict(list)
    for info in corpus.stories.values():
        if info.template:
            groups[info.template].append(info.label)
    assert groups and all(len(v) >= 2 for v in groups.values())
    phrase = "weights are now on Hugging Face"
    announced = [
        lab for labs in groups.values() for lab in labs if any(phrase in t for t in texts[lab])
    ]
    assert len(announced) >= 2


def test_variety_of_a_day(corpus: Corpus) -> None:
    by_key = {i.key: i for i in corpus.items}
    tags = Counter(t for ts in corpus.tags.values() for t in ts)
    for tag in ("emoji", "hashtag", "mention", "quote", "burst", "reply", "paraphrase", "embed"):
        assert tags[tag] >= 20, tag
    quotes = [i for i in corpus.items if "quote" in corpus.tags[i.key]]
    assert all("\n\n@" in q.text and "x.com/" in q.links[0] for q in quotes)
    bursts = [i for i in corpus.items if "burst" in corpus.tags[i.key] and i.reply_to]
    assert all(by_key[b.reply_to or ""].author == b.author for b in bursts)
    texts = " ".join(i.text for i in corpus.items)
    for shape in (
        r"\d+만",
        r"\d+억",
        r"\$\d+(\.\d+)?[MB]\b",
        r"\d{1,3}(,\d{3}){2,}",
        r"\d+(\.\d+)? (million|billion)",
    ):
        assert re.search(shape, texts), shape
    for cat in ("greeting", "hiring", "meme", "offtopic", "question", "roundup"):
        assert tags[f"chatter:{cat}"] >= 5, cat
    authors = defaultdict(set)
    for item in corpus.items:
        if corpus.story[item.key] and "paraphrase" in corpus.tags[item.key]:
            authors[corpus.story[item.key]].add(item.author)
    assert sum(1 for a in authors.values() if len(a) >= 3) >= 20


def test_url_variants_of_one_link(corpus: Corpus) -> None:
    links = [u for i in corpus.items for u in i.links]
    for shape in (
        r"^https://(mobile\.)?twitter\.com/\w+/status/\d+",
        r"^https://x\.com/\w+/status/\d+\?s=\d+",
        r"utm_source=",
        r"^https://m\.",
        r"^https://arxiv\.org/pdf/",
        r"^https://arxiv\.org/abs/\d{4}\.\d{5}v\d$",
    ):
        assert sum(1 for u in links if re.search(shape, u)) >= 3, shape
    tweets = {i.url: corpus.story[i.key] for i in corpus.items if i.kind == "x"}
    shared = 0
    for item in corpus.items:
        for url in item.links:
            plain = re.sub(
                r"^https://(mobile\.)?twitter\.com/", "https://x.com/", url.split("?")[0]
            )
            if item.kind != "x" and plain in tweets:
                assert tweets[plain] == corpus.story[item.key]
                shared += 1
    assert shared >= 20
