"""The story engine on the cases readers complain about: the same event twice, copies as news,
threads split, and a quality floor on a labelled corpus so a regression fails CI."""

from __future__ import annotations

import importlib.util
import json
import random
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from benchmarks.corpus import DAY, DAY_START, make_corpus
from benchmarks.story_engine import blind_labels, evaluate, score
from digest.config import load
from digest.day import day_stories
from digest.models import Item, Story
from digest.pipeline import BuildOptions, build
from digest.stories import build_stories
from tests.conftest import ROOT

T0 = datetime(2024, 5, 3, 0, 0, tzinfo=UTC)
UNTIL = T0 + timedelta(days=1)
_counter = iter(range(1, 10_000))


def post(source: str, text: str, **kw: object) -> Item:
    n = next(_counter)
    fields: dict[str, object] = {
        "source": source,
        "id": str(n),
        "url": f"https://{source}.example/p/{n}",
        "author": f"user{n}",
        "text": text,
        "published": T0 + timedelta(minutes=n),
    }
    fields.update(kw)
    return Item.model_validate(fields)


def story_of(stories: list[Story], key: str) -> Story:
    return next(s for s in stories if key in {i.key for i in s.all_items()})


def together(stories: list[Story], *items: Item) -> bool:
    return len({story_of(stories, i.key).id for i in items}) == 1


def test_retweets_and_cross_posts_fold_and_keep_their_sources() -> None:
    original = post(
        "x",
        "Kapo 3.5 is out from Meta: 70B parameters, 128K context and open weights for everyone",
        author="MetaAI",
    )
    retweet = post("x", f"RT @MetaAI: {original.text}")
    cross = post("telegram", original.text + " #AI 🔥")
    other = post("reddit", "Kapo 3.5 from Meta looks strong, 70B with 128K context, testing now")
    stories = build_stories([original, retweet, cross, other], until=UNTIL)
    story = story_of(stories, original.key)
    assert {c.key for c in story.copies[original.key]} == {retweet.key, cross.key}
    assert story.duplicates == 2
    assert story.sources() == ["reddit", "telegram", "x"]
    assert {i.key for i in story.items} == {original.key, other.key}


def test_a_retweet_copies_the_post_whose_address_it_carries() -> None:
    # One account says one short line of two events, hours apart; the retweet carries the
    # address of the later one (as the X fetcher gives it, see test_real_x).
    line = "Synthetic Media Labeling Rule passed"
    first = post("x", line, author="asyncbro", url="https://x.com/asyncbro/status/1001")
    later = post(
        "x",
        line,
        author="asyncbro",
        url="https://x.com/asyncbro/status/1002",
        published=T0 + timedelta(hours=4),
    )
    retweet = post(
        "x",
        f"RT @asyncbro: {line}",
        url="https://x.com/someone/status/1003",
        links=["https://x.com/asyncbro/status/1002"],
        published=T0 + timedelta(hours=5),
    )
    stories = build_stories([first, later, retweet], until=UNTIL)
    story = story_of(stories, later.key)
    assert {c.key for c in story.copies[later.key]} == {retweet.key}
    assert retweet.key not in {c.key for c in story.copies.get(first.key, ())}


def test_near_copies_about_different_products_stay_apart() -> None:
    kapo = post("x", "Kapo API is down: requests failing for 4 hours, status page confirms it now")
    zebel = post(
        "x", "Zebel API is down: requests failing for 4 hours, status page confirms it now"
    )
    stories = build_stories([kapo, zebel], until=UNTIL)
    assert all(s.duplicates == 0 for s in stories)
    assert not together(stories, kapo, zebel)


def test_a_reworded_copy_folds_and_a_quote_post_does_not() -> None:
    original = post(
        "x",
        "Kapo 3.5 from Meta is out today with 70B parameters and a 128K context for everyone",
        author="@MetaAI",
    )
    reworded = post(
        "telegram",
        "Kapo 3.5 from Meta is live today with 70B parameters and a 128K context for everyone",
    )
    other_figure = post(
        "telegram",
        "Kapo 3.5 from Meta is out today with 80B parameters and a 128K context for everyone",
    )
    quote = post("x", f"called it\n\n@MetaAI: {original.text}")
    credited = post("telegram", "Kapo 3.5 is out 🔥\n\nvia @kapofan", author="channel")
    short = post("x", "Kapo 3.5 is out 🔥", author="@kapofan")
    stories = build_stories([original, reworded, other_figure, quote, credited, short], until=UNTIL)
    story = story_of(stories, original.key)
    assert reworded.key in {c.key for c in story.copies[original.key]}
    folded = {c.key for s in stories for cs in s.copies.values() for c in cs}
    assert other_figure.key not in folded and quote.key not in folded
    groups = [{rep, *(c.key for c in cs)} for s in stories for rep, cs in s.copies.items()]
    assert {credited.key, short.key} in groups


def test_a_headline_share_folds_into_its_article_unless_its_own_site_posts_it() -> None:
    article = post(
        "verge",
        "Glimmer said the round was led by Sequoia and values the company at 1.5 billion.",
        title="Glimmer raises $150M for its own data centers",
        url="https://www.theverge.com/2024/5/3/glimmer-raises-150m",
        author="Aisha Karim",
    )
    share = post(
        "x",
        "Glimmer raises $150M for its own data centers https://theverge.com/2024/5/3/glimmer-raises-150m",
        author="@news_bot7",
        links=("https://theverge.com/2024/5/3/glimmer-raises-150m",),
    )
    submission = post(
        "hn",
        "",
        title="Glimmer raises $150M for its own data centers",
        links=("https://www.theverge.com/2024/5/3/glimmer-raises-150m",),
    )
    blog = post(
        "blog",
        "Lumen 3 answers in 40 languages and runs on one GPU. Weights come next week.",
        title="Introducing Lumen 3, our fastest model",
        url="https://lumenlabs.ai/blog/lumen-3",
    )
    own = post(
        "x",
        "Introducing Lumen 3, our fastest model https://lumenlabs.ai/blog/lumen-3",
        author="@LumenLabs",
        links=("https://lumenlabs.ai/blog/lumen-3",),
    )
    stories = build_stories([article, share, blog, own], until=UNTIL)
    assert story_of(stories, article.key).copies[article.key] == (share,)
    assert story_of(stories, blog.key).duplicates == 0
    assert together(stories, blog, own)
    # A submission is a thread of its own, whatever its title.
    stories = build_stories([article, submission], until=UNTIL)
    assert all(s.duplicates == 0 for s in stories)


def test_an_equal_short_line_folds_only_when_posted_soon_after_the_other() -> None:
    first = post("telegram", "Nara 4.5 Turbo 드디어 나왔다", published=T0 + timedelta(hours=1))
    passed_on = post(
        "telegram", "Nara 4.5 Turbo 드디어 나왔다", published=T0 + timedelta(hours=1, minutes=6)
    )
    said_again = post("x", "Nara 4.5 Turbo 드디어 나왔다", published=T0 + timedelta(hours=5))
    stories = build_stories([first, passed_on, said_again], until=UNTIL)
    assert together(stories, first, passed_on, said_again)
    story = story_of(stories, first.key)
    assert story.copies == {first.key: (passed_on,)}


def test_short_generic_replies_neither_fold_nor_join_threads() -> None:
    a = post("discord", "Vexa 2 released today with 32K context and a new tokenizer for code")
    b = post(
        "discord", "Quorin paper reports 81.2% on GPQA with a 7B model trained on synthetic data"
    )
    ra = post("discord", "Link to the weights?", reply_to=a.key)
    rb = post("discord", "Link to the weights?", reply_to=b.key)
    stories = build_stories([a, b, ra, rb], until=UNTIL)
    assert together(stories, a, ra) and together(stories, b, rb)
    assert not together(stories, a, b)
    assert all(s.duplicates == 0 for s in stories)


def test_korean_and_english_posts_about_one_event_join_without_a_link() -> None:
    en = post(
        "newsletter",
        "Upstage releases Solar Pro 2, a 22B model with a 64K context window, scoring 79.3% on "
        "MMLU-Pro",
        title="Upstage releases Solar Pro 2",
    )
    ko = post(
        "geeknews",
        "업스테이지가 Solar Pro 2를 공개했습니다. 22B 규모에 컨텍스트는 64K, MMLU-Pro 79.3%입니다.",
    )
    unrelated = post(
        "geeknews", "카카오가 새 번역 모델 Kanana Translate를 발표했습니다. 12개 언어를 지원합니다."
    )
    stories = build_stories([en, ko, unrelated], until=UNTIL)
    assert together(stories, en, ko)
    assert not together(stories, en, unrelated)


def test_a_hyphenated_product_name_matches_its_spaced_form() -> None:
    joined = post("x", "It's out: Lumen-2.1-Turbo from Wren. 256k tokens of context")
    spaced = post("discord", "wren lumen 2.1 turbo is live, 256k context window")
    other = post("x", "It's out: Nara-4.5-Turbo from Kestrel. 128k tokens of context")
    stories = build_stories([joined, spaced, other], until=UNTIL)
    assert together(stories, joined, spaced)
    assert not together(stories, joined, other)


def test_a_name_written_as_one_word_matches_its_spaced_form() -> None:
    """``kanana5plus`` is ``Kanana 5 Plus`` run together: its single digit is no name of its
    own, so the spaced posts get the run-together name, and ``Kanana 2 Plus`` does not."""
    from digest.stories.features import extract_all, settle_names

    spaced = post("x", "Kakao puts Kanana 5 Plus weights on Hugging Face, 128K context")
    hyphened = post("reddit", "Kanana-5 Plus weights are up on Hugging Face")
    glued = post("discord", "kanana5plus weights on hugging face now, 128k context")
    other = post("x", "Kakao cuts the price of Kanana 2 Plus for everyone")
    korean = post("x", "카카오가 Kanana 5 Plus를 허깅페이스에 공개했습니다")
    items = [spaced, hyphened, glued, other, korean]
    feats = settle_names(extract_all(items))
    assert all("kanana5plus" in f.names for f in feats[:3])
    assert "kanana5plus" not in feats[3].names
    assert "kanana5plus" in feats[4].names  # the particle 를 written onto the name
    stories = build_stories(items[:3], until=UNTIL)
    assert together(stories, glued, spaced, hyphened)


def test_a_one_digit_version_is_part_of_the_name_before_it() -> None:
    """``7`` alone is too short to be a name, so ``Dalbit 7`` and ``Dalbit 2`` named the same
    thing; written together with the name before it (as ``HyperCLOVA X 4`` → ``hyperclovax4``)
    the version tells them apart, and matches the product written as one word."""
    from digest.stories.features import extract_all, settle_names

    seven = post("x", "Replit says Dalbit 7 is down, errors for most users since 9am")
    two = post("discord", "dalbit 2 is down for me too, errors everywhere since 9am")
    glued = post("x", "Naver ships hyperclovax4 today")
    spaced = post("x", "HyperCLOVA X 4 is here")
    korean = post("x", "Dalbit 7이 다운됐습니다, 오류가 계속됩니다")
    counted = post("x", "Dalbit 7개 지역에서 장애")  # seven regions: 개 counts, it is no particle
    feats = settle_names(extract_all([seven, two, glued, spaced, korean, counted]))
    assert "dalbit7" in feats[0].names and "dalbit2" not in feats[0].names
    assert "dalbit2" in feats[1].names
    assert "hyperclovax4" in feats[3].names
    assert "dalbit7" in feats[4].names and "dalbit7" not in feats[5].names
    assert not together(build_stories([seven, two], until=UNTIL), seven, two)


def test_a_word_that_travels_with_unrelated_posts_names_no_event() -> None:
    """``Berlin`` is capitalised, so it reads as a name; but the posts that say it are about
    anything at all, so two greetings that say only it are two remarks, not one story."""
    news = [
        post("x", "Kapo 3.5 tops MMLU at 85.3%, and the team is hiring in Berlin"),
        post("x", "Zebel raises $40M Series B, opens an office in Berlin"),
        post("x", "Quorin 7B paper accepted at ICML, authors based in Berlin"),
        post("x", "Vexa 2 outage: EU region in Berlin down for 3 hours"),
        post("x", "Nimbra meetup in Berlin next week, talks on Llama 3 and RAG"),
    ]
    hello = post("discord", "hello from Berlin, anyone around tonight")
    again = post("x", "hello from Berlin, anyone around")
    kapo = post("discord", "kapo 3.5 is live for everyone, 85.3% on MMLU")
    stories = build_stories([*news, hello, again, kapo], until=UNTIL)
    assert not together(stories, hello, again)
    assert together(stories, news[0], kapo)


def test_tweet_mirrors_and_tracking_forms_are_one_link() -> None:
    status = "1786429467537088741"
    forms = [
        f"https://twitter.com/drjim/status/{status}?s=20",
        f"https://fxtwitter.com/drjim/status/{status}",
        f"https://nitter.net/drjim/status/{status}#m",
        f"https://mobile.twitter.com/drjim/status/{status}?ref_src=twsrc",
    ]
    quotes = [post(f"s{k}", f"Worth reading {k}", links=(url,)) for k, url in enumerate(forms)]
    stories = build_stories(quotes, until=UNTIL)
    assert together(stories, *quotes)


def test_a_link_in_most_of_a_sources_posts_is_boilerplate() -> None:
    footer = ("https://newsletter.example/subscribe/weekly",)
    texts = [
        "Vexa 2 released with 32K context",
        "Quorin paper tops GPQA at 81.2%",
        "Tesze raises $40M led by Sequoia",
        "Lumove v3.1.0 adds a Rust tokenizer",
    ]
    items = [post("newsletter", text, links=footer) for text in texts]
    stories = build_stories(items, until=UNTIL)
    assert len(stories) == 4


def test_two_write_ups_from_one_template_under_a_reused_address_are_two_posts() -> None:
    """An aggregator that reuses an id puts two posts under one address; written from one
    template they share most words, but they name different products: neither copies the
    other, and the address joins neither to the other's story."""
    address = "https://news.hada.io/topic?id=15059"
    hermes = post(
        "geeknews",
        "누스 리서치 오픈 모델 Hermes 4.5 70B 출시. 라이선스 OpenRAIL-M. "
        "MBPP에서 56.7점 기록. 128K 토큰 컨텍스트 지원.",
        url=address,
    )
    solar = post(
        "geeknews",
        "업스테이지 오픈 모델 Solar 4.5 70B 출시. 라이선스 CC BY 4.0. "
        "MathVista에서 60.4점 기록. 8K 토큰 컨텍스트 지원.",
        url=address,
    )
    stories = build_stories([hermes, solar], until=UNTIL)
    assert not together(stories, hermes, solar)


def test_a_post_naming_other_things_than_a_links_other_posts_does_not_join_by_it() -> None:
    """One post about another event carrying a link that names one event (an aggregator page
    it cites by mistake) joins its own story, not the link's."""
    page = ("https://news.hada.io/topic?id=15215",)
    lumen = [
        post("x", "Wren Labs ships Lumen 3.1 Mini with a 32K context, KMMLU 80.4%", links=page),
        post("tg", "Lumen 3.1 Mini from Wren Labs is out: 32K context, 80.4% on KMMLU", links=page),
        post("kr", "Wren Labs Lumen 3.1 Mini 출시, KMMLU 80.4%, 32K 컨텍스트", links=page),
    ]
    stray = post("tg", "New open model: Solar 4.5 70B (CC BY 4.0), MathVista 60.4", links=page)
    solar = post("x", "Solar 4.5 70B weights are on Hugging Face: CC BY 4.0, MathVista 60.4")
    stories = build_stories([*lumen, stray, solar], until=UNTIL)
    assert together(stories, *lumen)
    assert not together(stories, lumen[0], stray)


def test_a_post_citing_an_article_about_something_else_does_not_join_it_by_its_link() -> None:
    """Under a link only two or three posts carry, one of them the article at that address,
    the article says what the link is about: a post about another product that pastes the
    link joins its own story, and posts about the article's news, or naming too little to
    tell ("must read"), join the article."""
    address = "https://www.aitimes.example/news/articleView.html?idxno=167504"
    article = post(
        "kr",
        "Wren Labs, Lumen 3.1 Mini 공개. 32K 컨텍스트, KMMLU 80.4%",
        title="Wren Labs Lumen 3.1 Mini 공개",
        url=address,
    )
    citing = post("x", "Lumen 3.1 Mini from Wren Labs, 32K context", links=(address,))
    short = post("tg", "must read", links=(address,))
    stray = post(
        "tg", "New open model: Solar 4.5 70B (CC BY 4.0), MathVista 60.4", links=(address,)
    )
    solar = post("x", "Solar 4.5 70B weights are on Hugging Face: CC BY 4.0, MathVista 60.4")
    stories = build_stories([article, citing, short, stray, solar], until=UNTIL)
    assert together(stories, article, citing, short)
    assert not together(stories, article, stray)
    assert together(stories, stray, solar)


def test_a_write_up_citing_an_article_about_something_else_is_judged_by_two_names() -> None:
    """A write-up (a titled item) tells its own news and cites another article as related
    reading: two names are enough to tell it is about something else, on either side. (A
    reaction quoting the article may name only what it compares it with: three, as before.)"""
    address = "https://www.aitimes.example/news/articleView.html?idxno=164130"
    article = post(
        "kr", "업스테이지가 Solar 7 13B 가중치를 Hugging Face에 공개", title="Solar 7", url=address
    )
    citing = [
        post("x", f"Solar 7 13B weights are on Hugging Face {w}", links=(address,)) for w in WORDS
    ]
    other = post(
        "news", "루닛, 신규 모델 Zenith 1.5 출시", title="루닛 Zenith 1.5 출시", links=(address,)
    )
    zenith = [post("x", f"루닛 Zenith 1.5 출시 {w}") for w in WORDS]
    stories = build_stories([article, *citing, other, *zenith], until=UNTIL)
    assert together(stories, article, *citing)
    assert not together(stories, article, other)
    assert together(stories, other, *zenith)


def test_posts_citing_a_reused_aggregator_id_do_not_join_the_article_at_it() -> None:
    """An aggregator gave one topic id to two write-ups: the article at that address is one
    story, and the several posts of another story that cite the id keep each other company
    under it but still name other things than the article, so they do not join it."""
    address = "https://news.hada.io/topic?id=15011"
    article = post(
        "geeknews",
        "Samsung Gauss Console outage in Europe: 4,000,000 users hit for 4 hours",
        title="Gauss Console outage",
        url=address,
    )
    outage = [
        post("x", "Gauss Console down for 4 hours in Europe, Samsung says", links=(address,)),
        post("kr", "Samsung Gauss Console 장애, Europe 4시간", links=(address,)),
    ]
    meridian = [
        post(
            "x", "New open model: Meridian-3.5-3B (OpenRAIL-M), 41.3 on LogicKor", links=(address,)
        ),
        post("tg", "Juniper Meridian-3.5-3B weights, OpenRAIL-M, LogicKor 41.3", links=(address,)),
        post(
            "tg",
            "Meridian-3.5-3B from Juniper: OpenRAIL-M licence, LogicKor 41.3%",
            links=(address,),
        ),
    ]
    stories = build_stories([article, *outage, *meridian], until=UNTIL)
    assert together(stories, article, *outage)
    assert not together(stories, article, meridian[0])


def test_a_post_citing_an_id_reused_for_several_posts_joins_the_one_it_shares_names_with() -> None:
    """An aggregator gave one topic id to three unlike posts (a paper, a release, a deal).
    The id names none of them as one, but a chat line that cites it beside the release's
    own page shares the release's names: it joins the release, not the earliest post under
    the id."""
    address = "https://news.hada.io/topic?id=15507"
    paper = post(
        "geeknews",
        "코비드리서치, Do Transformers Really Help Curriculum Learning? 논문 발표. MT-Bench 15%",
        title="코비드리서치 커리큘럼 학습 논문",
        url=address,
    )
    release = post(
        "geeknews",
        "Tinyforge 4.11 출시, 속도 3배. 가장 큰 변화는 speculative decoding. GitHub 스타 10만개",
        title="Tinyforge 4.11 출시",
        url=address,
    )
    deal = post(
        "geeknews",
        "Hangyeol Robotics가 Perplexa를 $900M에 인수. 직원은 15명",
        title="Hangyeol Robotics, Perplexa 인수",
        url=address,
    )
    chat = post(
        "discord",
        "Tinyforge 4.11 released: speculative decoding, 3x faster",
        links=("https://github.com/tinyforge/tinyforge/releases/tag/4.11", address),
    )
    papers = [
        post("x", f"Do Transformers Really Help Curriculum Learning? MT-Bench 15% {w}")
        for w in WORDS[:3]
    ]
    stories = build_stories([paper, release, deal, chat, *papers], until=UNTIL)
    assert together(stories, release, chat)
    assert not together(stories, paper, chat)
    assert not together(stories, paper, release)
    assert not together(stories, deal, chat)


def _outage_under(address: str) -> tuple[Item, list[Item]]:
    """An outage write-up at ``address`` that names one thing (``EXAONE``), and three
    reports sharing its status page."""
    status = "https://status.lgresearch.example/incidents/pz5svvqz65r8"
    outage = post(
        "geeknews",
        "EXAONE API 지금 안 되네요. 한 시간 동안 장애. 전 지역 중심으로 발생",
        title="엑사원 API 장애",
        url=address,
        links=(status,),
    )
    reports = [
        post("x", f"EXAONE API is down in all regions, 20K users hit {w}", links=(status,))
        for w in WORDS[:3]
    ]
    return outage, reports


def test_a_post_citing_a_page_that_names_little_beside_its_own_storys_link_stays_out() -> None:
    """A post carrying its own story's link and another post's address (an aggregator's id
    it got wrong, or one reused for another write-up) is judged against that page's other
    posts, not against a group it makes up half of: an outage write-up naming one thing does
    not pull in a dataset post that shares nothing with it."""
    address = "https://news.hada.io/topic?id=15926"
    outage, reports = _outage_under(address)
    dataset = "https://cobalt.example/research/opencrawl-pro"
    citing = post(
        "tg",
        "OpenCrawl-Pro by Cobalt Reasoning covers 30 languages, MIT. Size: 3T tokens",
        links=(dataset, address),
    )
    posts = [
        post(
            "x",
            f"Cobalt Reasoning released OpenCrawl-Pro: 3T tokens, 30 languages {w}",
            links=(dataset,),
        )
        for w in WORDS[:3]
    ]
    stories = build_stories([outage, *reports, citing, *posts], until=UNTIL)
    assert together(stories, outage, *reports)
    assert together(stories, citing, *posts)
    assert not together(stories, outage, citing)


def test_a_post_whose_address_only_posts_about_something_else_cite_keeps_its_own_story() -> None:
    """Posts that each name enough to be judged, and together something else, cite an
    outage write-up's address (an id reused for their dataset's write-up): the write-up
    keeps its own story's link and leaves that address to them. Quotes that name less keep
    a post's address, as before."""
    address = "https://news.hada.io/topic?id=15926"
    outage, reports = _outage_under(address)
    citing = [
        post(
            "tg",
            f"OpenCrawl-Pro by Cobalt Reasoning covers 30 languages, MIT {w}",
            links=(address,),
        )
        for w in WORDS[:2]
    ]
    tweet = "https://x.com/Cohere/status/1780000000125927938"
    incident = "https://status.cohere.example/incidents/3e1c"
    xove = post(
        "x", "Outage: Xove on Cohere returns errors, 4 hours so far", url=tweet, links=(incident,)
    )
    seen = [post("x", f"Xove on Cohere is down {w}", links=(incident,)) for w in WORDS[:3]]
    quotes = [
        post("x", "Curious how it compares to Lumo.", links=(tweet,)),
        post("x", "Huge if true.", links=(tweet,)),
    ]
    lumo = post("x", "Curious about Lumo 2 from Wren Labs, 128K context")
    stories = build_stories([outage, *reports, *citing, xove, *seen, *quotes, lumo], until=UNTIL)
    assert together(stories, outage, *reports)
    assert together(stories, *citing)
    assert not together(stories, outage, citing[0])
    assert together(stories, xove, *seen, *quotes)


def test_the_same_corpus_gives_the_same_stories_in_any_order() -> None:
    items = [x.item for x in make_corpus(400, seed=3)]
    until = DAY_START + DAY
    first = build_stories(items, until=until)
    shuffled = items[:]
    random.Random(5).shuffle(shuffled)
    assert build_stories(shuffled, until=until) == first


def test_quality_floor_on_a_labelled_corpus() -> None:
    """A regression in folding or clustering shows here before it shows in a post."""
    corpus = make_corpus(1500, seed=11)
    stories = build_stories([x.item for x in corpus], until=DAY_START + DAY)
    figures = evaluate(corpus, stories)
    assert figures["bcubed_f1"] >= 0.90, figures
    assert figures["ari"] >= 0.85, figures
    assert figures["fold_p"] >= 0.98, figures
    assert figures["fold_r"] >= 0.70, figures


def test_quality_floor_on_a_corpus_the_engine_was_not_tuned_on() -> None:
    """The blind corpus (written without reading the engine), on a day it was not tuned on:
    hub links, roundups, cut previews and retweets must not slide back."""
    items, until, truth, copy_of, kinds = blind_labels(3000, 2)
    figures = score(truth, copy_of, build_stories(items, until=until), kinds)
    assert figures["bcubed_f1"] >= 0.87, figures
    assert figures["ari"] >= 0.85, figures
    assert figures["fold_p"] >= 0.53, figures
    assert figures["fold_p_cross"] >= 0.93, figures
    assert figures["fold_r_retweet"] >= 0.95, figures
    assert figures["fold_r_truncated"] >= 0.90, figures
    assert figures["fold_r_near"] >= 0.75, figures
    assert figures["fold_r"] >= 0.85, figures
    assert figures["top20_mix"] <= 4, figures


def test_story_engine_benchmark_runs_and_prints_its_figures() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "story_engine.py"), "300", "600"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    expected = [(size, corpus) for size in (300, 600) for corpus in ("own", "blind")]
    for line, (size, corpus) in zip(lines, expected, strict=True):
        fields = dict(part.split("=") for part in line.split())
        assert int(fields["items"]) == size and fields["corpus"] == corpus
        assert {"seconds", "peak_mib", "bcubed_f1", "ari", "fold_p", "fold_r"} <= set(fields)
        assert {"build_mib", "top20_mix", "stories", "labels"} <= set(fields)
        if corpus == "blind":
            assert {"fold_r_truncated", "fold_r_retweet"} <= set(fields)


def _sample_events() -> list[tuple[str, str, str]]:
    spec = importlib.util.spec_from_file_location("sample", ROOT / "examples/sample/generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [(e[0], e[1], e[2]) for e in module.EVENTS]


def test_the_sample_days_show_no_event_twice_and_do_not_repeat_yesterday(tmp_path: Path) -> None:
    sample = tmp_path / "sample"
    shutil.copytree(ROOT / "examples/sample", sample)
    settings = load(sample / "sources.yaml")
    events = _sample_events()
    posts: dict[date, set[str]] = {}
    for day in (date(2024, 5, 4), date(2024, 5, 5)):
        now = datetime.combine(day + timedelta(days=1), datetime.min.time(), UTC)
        report = build(settings, BuildOptions(day=day, out_dir=tmp_path / "out", now=now))
        assert report.post, report.warnings
        stories = day_stories(settings, day)
        cited = set(json.loads((sample / ".digest/digests" / f"{day}.json").read_text())["links"])
        posts[day] = set()
        for key, english, korean in events:
            holding = [
                s for s in stories
                if any(english in i.title + i.text or korean in i.title + i.text
                       for i in s.all_items())
            ]  # fmt: skip
            assert len(holding) <= 1, f"{day}: {key} is told by {len(holding)} stories"
            if holding and any(i.key in cited for i in holding[0].all_items()):
                posts[day].add(key)
                if day == date(2024, 5, 5) and key in posts[date(2024, 5, 4)]:
                    assert holding[0].novelty == "follow-up", (key, holding[0].why)
    assert posts[date(2024, 5, 4)] and posts[date(2024, 5, 5)]


def _day_with_a_part(part_texts: list[str]) -> tuple[list[int], list[int], list[int], bool]:
    """Two big groups (one product's release, another's price cut), a small group and a
    chat line, as clustering left them; whether ``attach_parts`` joined the small group to the
    release, the price cut, and the chat line to anything."""
    from digest.stories.cluster import attach_parts
    from digest.stories.features import extract_all, settle_names
    from digest.stories.unionfind import UnionFind

    release = [
        post("x", f"Nimbus Labs released Kapo 3.5 today, {n} for everyone. 카포 3.5 출시 공개 소식")
        for n in ("open weights", "a 70B model", "free to try", "and it is fast", "on GitHub",
                  "with a paper", "in three sizes", "with 128K context", "with tool use",
                  "in Korean too", "with an API", "and a demo")
    ]  # fmt: skip
    price = [
        post("x", f"Orbis cut the price of Lumen 2 by half: {n}. 루멘 2 가격 인하")
        for n in ("$1 per million", "cheaper than ever", "from today", "for all tiers",
                  "batch too", "the API only", "and the app", "before a rival", "a price war",
                  "good news", "for students", "in Europe")
    ]  # fmt: skip
    part = [post("discord", text) for text in part_texts]
    # The rest of the day: chat about many other things (each line its own story).
    rng = random.Random(7)
    topics = [
        "keyboard",
        "coffee",
        "weekend",
        "deadline",
        "monitor",
        "laptop",
        "python",
        "rust",
        "docker",
        "linux",
        "meeting",
        "lunch",
        "music",
        "game",
        "book",
        "gpu",
    ]
    rest = [
        post("discord", f"anyone else {' '.join(rng.sample(topics, 3))} {n} today?")
        for n in range(300)
    ]
    chat = [post("discord", "what keyboard do you all use for coding?")]
    items = [*release, *price, *part, *rest, *chat]
    feats = settle_names(extract_all(items))
    uf = UnionFind(len(items))
    for group in (range(12), range(12, 24), range(24, 24 + len(part))):
        for i in group:
            uf.union(group[0], i)
    attach_parts(feats, range(len(items)), uf)
    return (
        [uf.find(i) for i in range(12)],
        [uf.find(i) for i in range(12, 24)],
        [uf.find(i) for i in range(24, 24 + len(part))],
        uf.find(len(items) - 1) != len(items) - 1,
    )


def test_a_small_part_of_a_big_story_joins_it_by_its_words() -> None:
    """Korean lines that write the product in Hangul share one name with the English posts
    and resemble no one post enough, but their words are the release's and no one else's."""
    release, price, part, chat = _day_with_a_part(
        ["카포 3.5 출시 공개 소식 대박", "카포 3.5 공개 소식"]
    )
    assert set(part) == set(release) != set(price)
    assert not chat


def test_a_part_whose_anchor_the_big_story_never_names_stays_apart() -> None:
    """The same words about another product of the maker (its anchor, ``Kapo Mini``'s
    ``7b``, is not a name the release uses) are another story."""
    release, price, part, chat = _day_with_a_part(
        ["카포 출시 공개 소식 Kapo Mini 7B", "카포 공개 소식 Nimbus Labs Kapo Mini 7B"]
    )
    assert set(part).isdisjoint({*release, *price})
    assert not chat


def test_a_loose_name_is_not_a_groups_anchor() -> None:
    """A word that travels with unrelated posts ("PSA") is the rarest name of a part's posts;
    as the part's anchor it would keep the part from its story, whose other posts never say it.
    Told which names are loose, the anchor is the rarest of the others."""
    from digest.stories.cluster import _anchors, loose_names
    from digest.stories.features import extract_all, settle_names

    part = [post("x", "PSA: Juno-2.5 13B is now first on MMLU today") for _ in range(2)]
    story = [post("x", f"Juno-2.5 13B tops MMLU, {n} points ahead") for n in range(2)]
    # "PSA" also heads posts about anything else: its posts share no other name.
    other = ["Kapo", "Zebel", "Lumen", "Ordo", "Vesta", "Nimbus"]
    elsewhere = [post("x", f"PSA: {a} went down, {b} is fine") for a, b in pairwise(other)]
    items = [*part, *story, *elsewhere]
    feats = settle_names(extract_all(items))
    loose = loose_names(feats, range(len(items)))
    assert "psa" in loose and "juno" not in loose
    groups = [[0, 1], [2, 3]]
    assert _anchors(feats, groups) == [["psa"], ["juno-2.5"]]
    assert _anchors(feats, groups, loose)[0] != ["psa"]
    assert all(feats[2].names.count(a) for a in _anchors(feats, groups, loose)[0])


WORDS = ("wow", "big move", "today", "news", "confirmed")  # what tells five posts apart


def test_a_figure_is_no_anchor() -> None:
    """A figure ("$30M", "45B") is said of many events on one day: a post's anchor is the
    rarest of its other names, and a post that names only figures has none. A paper's
    number is no figure."""
    from digest.stories.cluster import _anchors
    from digest.stories.features import extract_all, settle_names

    items = [
        post("x", "Umbra raised $30M today"),
        post("x", "raised $30M?! wow"),
        post("x", "context is 32,768-token btw"),  # one figure, not "32" and "768-token"
        post("x", "It is 2406.03349 on arXiv and arXiv loves it"),  # a paper's number names it
    ]
    feats = settle_names(extract_all(items))
    assert [f.names for f in feats[1:3]] == [("30m",), ("32,768-token",)]
    assert _anchors(feats, [[0], [1], [2], [3]]) == [["umbra"], [], [], ["2406.03349"]]


def test_posts_naming_only_figures_are_not_nameless() -> None:
    """Two long posts with no names may join on very alike text alone; two that name only
    figures may not: "400 employees let go, 15% of staff" is said of every layoff that day,
    whichever company each post's @handle names. A quantity word is no name either, even
    where the day only writes it at the start of a sentence."""
    from digest.stories.cluster import similar_pairs
    from digest.stories.features import extract_all, settle_names
    from digest.stories.thresholds import Thresholds

    said = "employees were let go this morning, that is 15% of all staff at the company"
    items = [post("x", f"layoffs at @sundial_ai: 400 {said}"),
             post("x", f"layoffs at @tessellate_ml: 400 {said}. so big"),
             post("x", "Roughly 15% of staff. Roughly 400 people")]  # fmt: skip
    feats = settle_names(extract_all(items))
    assert feats[2].names == ("15%", "400")
    ranked, _, _ = similar_pairs(feats[:2], [[0], [1]], Thresholds())
    assert ranked == []
    plain = (
        "engineers of the whole research division were let go this morning without warning or pay"
    )
    nameless = [post("x", plain), post("x", f"so {plain}")]
    ranked, _, _ = similar_pairs(settle_names(extract_all(nameless)), [[0], [1]], Thresholds())
    assert [(a, b) for _, a, b, _ in ranked] == [(0, 1)]


def test_lines_naming_only_a_figure_do_not_join() -> None:
    """Two companies raise $30M on one day: two chat lines that say only the sum name no
    event, and do not join each other by it."""
    kestrel = [post("x", f"Kestrel raised $30M in a round led by Altos {w}") for w in WORDS]
    umbra = [post("x", f"Umbra raised $30M from Sequoia for data centers {w}") for w in WORDS]
    chat = [post("discord", "who raised $30M?!"), post("discord", "raised $30M lol")]
    stories = build_stories([*kestrel, *umbra, *chat], until=UNTIL)
    assert together(stories, *kestrel) and together(stories, *umbra)
    assert not together(stories, *chat)


def test_the_words_of_one_name_are_one_name_shared() -> None:
    """The two words of "Samsung Electronics" are one name: two lines that share only it
    share one name, not the two the names space asks for."""
    outage = [post("x", f"Samsung Electronics Gauss Console is down in Europe {w}") for w in WORDS]
    hire = [post("x", f"Jiho Yoon leaves Samsung Electronics for Sablewood {w}") for w in WORDS]
    chat = [
        post("discord", "samsung electronics keeps losing people"),
        post("discord", "samsung electronics down again"),
    ]
    stories = build_stories([*outage, *hire, *chat], until=UNTIL)
    assert together(stories, *outage) and together(stories, *hire)
    assert not together(stories, outage[0], hire[0])
    assert not together(stories, *chat)


def test_a_year_is_no_second_name_shared() -> None:
    """Two papers' Korean posts whose only Latin is the venue they go to ("CVPR 2024에서
    발표"), on a day the venue's keynote is talked of, share one name, the venue: the year is
    said of anything that year."""
    talk = [post("x", f"Julia Kowalski keynote at CVPR 2024: RL is back {w}") for w in WORDS]
    naver = [
        post("telegram", f"네이버 논문 요약: 검색 증강 생성, CVPR 2024에서 발표 예정 {w}")
        for w in WORDS
    ]
    uw = [
        post("telegram", f"음성 번역 논문 공유합니다. 워싱턴대 연구, CVPR 2024 채택 {w}")
        for w in WORDS
    ]
    chat = [post("discord", "at cvpr 2024"), post("discord", "who's going to CVPR 2024?")]
    stories = build_stories([*talk, *naver, *uw, *chat], until=UNTIL)
    assert together(stories, *naver) and together(stories, *uw)
    assert not together(stories, naver[0], uw[0])


def test_a_post_of_another_event_does_not_join_a_products_story() -> None:
    """A post alone speaks for its kind of event: "price cut!" is not the open-weights drop
    of the same model, whose posts say "weights", the words of a release."""
    weights = [post("x", f"Luxia 2.1 7B weights are on Hugging Face {w}") for w in WORDS]
    cut = post("x", "Luxia 2.1 7B price cut!")
    stories = build_stories([*weights, cut], until=UNTIL)
    assert together(stories, *weights)
    assert not together(stories, weights[0], cut)


def test_a_group_that_never_speaks_of_the_others_event_tells_another() -> None:
    """An outage told by its posts and a group of the product's posts that speak of its
    launch and price, never of an outage, are two events; a post alone that gives the price
    joins the launch, and a group that speaks of no event can be either."""
    from collections import Counter

    from digest.stories.cluster import _other_events

    outage, launch = Counter(outage=6), Counter(release=1, price=1)
    assert _other_events(outage, 6, launch, 6) and _other_events(launch, 6, outage, 6)
    assert not _other_events(Counter(price=1), 1, Counter(release=1), 5)
    assert not _other_events(Counter(release=3), 3, Counter(release=2, price=1), 3)
    assert not _other_events(outage, 6, Counter(), 4)
    assert _other_events(Counter(price=1), 1, Counter(release=3), 3)  # each has its own

    said = ("wow", "big move", "today", "news")
    release = [post("x", f"SK Telecom A.X 4.5 Pro is out {w}") for w in said]
    release += [post("x", "SK Telecom A.X 4.5 Pro launched"), post("x", "A.X 4.5 Pro price is out")]
    down = [post("x", f"SK Telecom A.X app outage {w}") for w in said]
    stories = build_stories([*release, *down], until=UNTIL)
    assert together(stories, *release) and together(stories, *down)
    assert not together(stories, release[0], down[0])


def test_layoffs_partnerships_and_hires_are_kinds_of_event() -> None:
    """One company's layoff, partnership and hire are three events; job cuts are no price."""
    from digest.stories.cluster import event_kinds
    from digest.stories.features import extract

    def kinds(text: str) -> set[str]:
        return set(event_kinds(extract(post("x", text))))

    assert kinds("Meridian Compute cuts 150 jobs in new layoffs") == {"layoff"}
    assert kinds("메리디안컴퓨트, 150명 감원") == {"layoff"}
    assert kinds("Meridian Compute partners with Samsung on imaging") == {"partnership"}
    assert kinds("Sablewood hires Jiho Yoon as its CTO") == {"hire"}
    assert kinds("Luxia 2.1 price cut, now $0.10 per million tokens") == {"price"}


def test_posts_naming_other_versions_of_one_line_are_other_stories() -> None:
    """``Loom 3`` and ``Loom 4`` share every name but the version (one digit, which names
    nothing on its own): two products, two stories."""
    three = post("x", "Orbital Minds releases Loom 3 today, its new flagship model for coding")
    again = post("discord", "orbital minds loom 3 is out: a new flagship model, try it for coding")
    four = post("x", "Orbital Minds launches Loom 4, the new flagship model for coding")
    stories = build_stories([three, again, four], until=UNTIL)
    assert together(stories, three, again)
    assert not together(stories, three, four)


def test_a_cut_post_that_begins_posts_of_two_stories_copies_the_latest_before_it() -> None:
    """A feed cuts a post to its first words and "…". When those words begin posts of two
    stories ("It ships under CC BY-NC 4.0." is said of two models), the cut was made from the
    latest of them before it, not from the first of the day."""
    wisp = [
        post("reddit", "It ships under CC BY-NC 4.0. Cobalt Wisp-2-13B weights on Hugging Face"),
        post("x", "Cobalt open-sourced Wisp-2-13B under CC BY-NC 4.0, weights on Hugging Face"),
        post("x", "Wisp-2-13B from Cobalt: weights out now, CC BY-NC 4.0 license"),
    ]
    yarrow = [
        post("x", "Corvid releases Yarrow-7-70B with open weights, CC BY-NC 4.0 license"),
        post("discord", "Yarrow-7-70B from Corvid is out: open weights under CC BY-NC 4.0"),
        post("reddit", "It ships under CC BY-NC 4.0. Corvid Yarrow-7-70B has 70B parameters"),
    ]
    cut = post("telegram", "It ships under CC BY-NC 4.0. Co…")
    stories = build_stories([*wisp, *yarrow, cut], until=UNTIL)
    assert together(stories, *wisp) and together(stories, *yarrow)
    home = story_of(stories, yarrow[2].key)
    assert cut.key in {c.key for c in home.copies.get(yarrow[2].key, ())}
    assert not together(stories, wisp[0], cut)


PAPER_POSTS = (
    "New paper on Curriculum Learning for Pretraining: arXiv {n}, 15% better on MT-Bench",
    "curriculum learning for pretraining paper just hit arxiv ({n}), 15% gains",
    "Paper of the day: Curriculum Learning for Pretraining, arXiv {n}. 15% better",
    "great paper on curriculum learning for pretraining, it is {n} on arXiv",
    "Curriculum Learning for Pretraining gets 15% better, paper {n}",
    "reading the curriculum learning for pretraining paper ({n}) now, 15% on MT-Bench",
)


def test_posts_giving_other_papers_numbers_are_other_stories() -> None:
    """Two papers on one topic, told in the same words: only their arXiv numbers differ, and a
    paper's number is its name as a version is a product's. A post alone about the second
    paper stays out of the first's story, and so do a few; a number with its revision
    (``v2``) is the same paper."""
    from digest.stories.cluster import PAPER_LINE, versions
    from digest.stories.features import extract

    one = [post("x", form.format(n="2406.03996")) for form in PAPER_POSTS]
    lone = post("discord", PAPER_POSTS[2].format(n="2406.01389"))
    stories = build_stories([*one, lone], until=UNTIL)
    assert together(stories, *one)
    assert not together(stories, one[0], lone)
    few = [post("telegram", form.format(n="2406.01389")) for form in PAPER_POSTS[:3]]
    stories = build_stories([*one, *few], until=UNTIL)
    assert together(stories, *few) and not together(stories, one[0], few[0])
    revised = extract(post("x", "v2 of the paper is up: arXiv 2406.03996v2"))
    assert (PAPER_LINE, "2406.03996") in versions(revised)


CHIP_POSTS = (
    "Noctra unveils its new AI chip {p}: 2x faster inference",
    "{p} from Noctra is 2x faster than the last AI chip",
    "noctra {p} chip ships this year, 2x faster they say",
    "Noctra {p} announced today. AI chip, 2x faster inference",
    "Big day for Noctra: the {p} AI chip doubles inference speed",
    "Noctra {p} AI chip: 2x the inference throughput, shipping soon",
    "Noctra says {p} doubles inference throughput for AI workloads",
    "the noctra {p} is here. 2x faster AI inference chip",
)


def test_two_products_of_one_maker_told_in_one_template_are_two_stories() -> None:
    """Two chips of one maker, announced in the same words: each group says its maker and
    its own product, and hardly ever the other's. When the products' names are said more
    often that day than the maker's (other things are called Vela and Kest), the maker is
    both groups' anchor, and only the product each says tells the groups apart. One post
    alone says all it names: a lone post about the second chip stays out of the first's
    story; two to four posts say too little to be judged. The maker need not be said by
    both groups."""
    from collections import Counter

    from digest.stories.cluster import _rival_products

    vela = [post("x", form.format(p="Vela")) for form in CHIP_POSTS]
    kest = [post("telegram", form.format(p="Kest")) for form in CHIP_POSTS]
    others = [post("x", f"Vela Health raises a seed round for its clinic app {w}") for w in WORDS]
    others += [post("x", f"Vela Health clinic app gets seed funding, {w}") for w in WORDS]
    others += [post("x", f"Kest Bank app is down for the second day {w}") for w in WORDS]
    others += [post("x", f"Kest Bank outage again, {w}") for w in WORDS]
    stories = build_stories([*vela, *kest, *others], until=UNTIL)
    assert together(stories, *vela)
    assert not together(stories, vela[0], kest[0])
    assert sum(together(stories, kest[0], k) for k in kest) >= 6
    lone = post("telegram", CHIP_POSTS[5].format(p="Kest"))
    stories = build_stories([*vela, lone, *others], until=UNTIL)
    assert together(stories, *vela)
    assert not together(stories, vela[0], lone)

    maker_and = Counter(noctra=6, vela=6)
    assert _rival_products(maker_and, 6, Counter(noctra=1, kest=1), 1)
    assert not _rival_products(maker_and, 6, Counter(noctra=1), 1)
    assert not _rival_products(maker_and, 6, Counter(noctra=3, kest=3), 3)
    assert _rival_products(maker_and, 6, Counter(noctra=6, kest=6), 6)
    # One side's posts say the other's product too: a part of it, not a rival.
    assert not _rival_products(maker_and, 6, Counter(noctra=6, kest=6, vela=2), 6)
    # The maker said in half the posts, or not at all: the texts read alike (or the two
    # would not be compared), and each product is its own group's.
    assert _rival_products(Counter(x1=8, sk=4), 8, Counter(q3=8, sk=5), 8)
    assert _rival_products(Counter(vela=6), 6, Counter(kest=6), 6)
    assert not _rival_products(Counter(x1=8, sk=4), 8, Counter(q3=8, x1=3), 8)


def test_a_handle_the_post_is_about_says_its_accounts_name() -> None:
    """Posts "@salesforce x Parallax AI" and "@ieum_ai x Parallax AI" name two buyers of one
    company: the handles tell them apart and join each to its buyer's story. A handle a post
    quotes ("@newsbot: …") is who said it, not what it is about."""
    from digest.stories.features import extract

    sf = [post("x", f"Salesforce buys Parallax AI for $50M {w}") for w in WORDS]
    ieum = [post("x", f"Ieum AI acquires Parallax AI, a $120M deal {w}") for w in WORDS]
    sf_x = post("x", "@salesforce x Parallax AI")
    ieum_x = post("x", "@ieum_ai x Parallax AI")
    quoted = post("x", "@newsbot: Salesforce buys Parallax AI for $50M, confirmed")
    stories = build_stories([*sf, *ieum, sf_x, ieum_x, quoted], until=UNTIL)
    assert not together(stories, sf_x, ieum_x)
    assert together(stories, sf_x, *sf, quoted) and together(stories, ieum_x, *ieum)
    assert "ieum" in extract(ieum_x).words and "newsbot" not in extract(quoted).words


VRAM = "how much VRAM do I need to run a 70B model at 4-bit on one card?"


def test_a_group_made_mostly_of_one_stock_line_is_no_story() -> None:
    """Five people ask the same question and a sixth adds an aside that joins them: still
    six remarks, not one story."""
    asked = [post("discord", VRAM) for _ in range(5)]
    aside = post(
        "reddit", "VRAM question: to run a 70B model at 4-bit on one card, how much do I need?"
    )
    stories = build_stories([*asked, aside], until=UNTIL)
    assert len(stories) == 6
    assert not together(stories, asked[0], aside)


def test_a_stock_line_with_a_short_tail_is_the_stock_line_again() -> None:
    """Four people ask the same question and three more ask it with a tail of their own
    ("Title says it all."): remarks, not one story (a line and a one-word retelling of it
    may still fold)."""
    asked = [post("discord", VRAM) for _ in range(4)]
    tails = ["Title says it all.", "Context in comments.", "thoughts"]
    tailed = [post("reddit", f"{VRAM} {tail}") for tail in tails]
    stories = build_stories([*asked, *tailed], until=UNTIL)
    assert not together(stories, asked[0], asked[1])
    assert max(len(s.all_items()) for s in stories) <= 2


def test_a_chat_thread_that_names_nothing_is_remarks_and_one_about_a_product_stays_whole() -> None:
    hello = post("discord", "good morning frens")
    where = post("discord", "where?", reply_to=hello.key)
    haha = post("discord", "haha", reply_to=where.key)
    kapo = post("discord", "Kapo 3.5 is out with 128K context")
    trying = post("discord", "testing it now", reply_to=kapo.key)
    stories = build_stories([hello, where, haha, kapo, trying], until=UNTIL)
    assert not together(stories, hello, where)
    assert not together(stories, where, haha)
    assert together(stories, kapo, trying)


def test_a_korean_thread_that_names_nothing_in_latin_stays_whole() -> None:
    """A thread in Hangul alone has no names (names are Latin words), but it is no chat's
    "good morning frens": its replies stay with the post they answer."""
    news = post("x", "카카오가 오늘 새 언어모델을 공개했습니다")
    asked = post("x", "벌써 써보셨나요?", reply_to=news.key)
    tried = post("x", "저도 써봤는데 빠르네요", reply_to=asked.key)
    stories = build_stories([news, asked, tried], until=UNTIL)
    assert together(stories, news, asked)
    assert together(stories, asked, tried)


def test_a_korean_story_that_names_nothing_in_latin_stays_whole_by_its_link() -> None:
    """Names are Latin words; a story told in Korean alone may have none, and its posts are
    still one event when they carry the same article."""
    article = "https://www.zdnet.co.kr/view/?no=20240504000123"
    press = post("rss", "카카오, 새 한국어 언어모델 공개… 오픈소스로 풀어", links=(article,))
    shared = post("x", "카카오가 새 한국어 언어모델을 오픈소스로 공개했네요", links=(article,))
    talk = post("discord", "오 드디어 나왔군요", reply_to=shared.key)
    stories = build_stories([press, shared, talk], until=UNTIL)
    assert together(stories, press, shared)
    assert together(stories, shared, talk)


@pytest.mark.parametrize("mobile", ["https://m.bit.ly/ai-daily", "https://bit.ly/ai-daily#join"])
def test_a_hubs_other_forms_join_nothing_either(mobile: str) -> None:
    """``bit.ly/ai-daily`` is a newsletter's sign-up link that ten posts about anything carry;
    two unrelated posts under its mobile form, or with a fragment, are no more one story than
    the others."""
    hub = "https://bit.ly/ai-daily"
    texts = [
        "Kapo 3.5 tops MMLU at 85.3% on the first try",
        "Zebel raises $40M Series B led by Sequoia Capital",
        "Quorin 7B paper accepted at ICML with an oral slot",
        "Vexa 2 outage: the EU region was down for 3 hours",
        "Nimbra opens a Tokyo office with 40 engineers",
        "Dusqua 4.1 scores 88.3% on MATH-500",
        "Gorpra 4 70B ships with 64K tokens of context",
        "Pokaze 2 price drop: $0.25 per million tokens",
        "Cebelgor 3 jailbroken with token smuggling in 2 hours",
        "Mocequa acquires Tessellate for $300M",
    ]
    signed = [post(f"channel{n}", t, links=(hub,)) for n, t in enumerate(texts)]
    nara = post("x", "Nara 4.5 Turbo is out with 128K context", links=(mobile,))
    lumen = post("reddit", "Lumen raises $12M to build GPU clouds in Seoul", links=(mobile,))
    # Each story is told again elsewhere, so its names are the day's names.
    again = [post("hn", t) for t in [*texts, nara.text, lumen.text]]
    stories = build_stories([*signed, nara, lumen, *again], until=UNTIL)
    assert not together(stories, signed[0], signed[1])
    assert not together(stories, nara, lumen)


def test_keeping_each_rows_best_terms_leaves_the_input_matrix_as_it_was() -> None:
    # The names space is cut from the same matrix after the text space: pruning one must not
    # compact the other's index arrays under it.
    import numpy as np
    import scipy.sparse as sp

    from digest.stories.cluster import _top_k

    matrix = sp.random(60, 40, density=0.3, format="csr", random_state=7, dtype=np.float32)
    before = (matrix.indptr.copy(), matrix.indices.copy(), matrix.data.copy())
    pruned = _top_k(matrix, 3)
    assert (np.diff(pruned.indptr) <= 3).all()
    after = (matrix.indptr, matrix.indices, matrix.data)
    assert all(np.array_equal(a, b) for a, b in zip(before, after, strict=True))


def test_a_run_together_name_stands_for_the_days_names_it_is_made_of() -> None:
    from digest.stories.features import split_glued

    names = {"gemini", "gemini2", "flash", "openai", "o3", "openaio3", "gemini2flash", "llama"}
    parts = split_glued(names)
    assert parts["gemini2flash"] == ("gemini2", "flash")
    # A lone digit between two names is the first one's version, kept with its line.
    assert split_glued({"gemini", "flash", "gemini2flash"})["gemini2flash"] == (
        "gemini",
        "gemini2",
        "flash",
    )
    assert parts["openaio3"] == ("openai", "o3")
    assert "llama" not in parts and "gemini2" not in parts  # one name, or a name and a digit
    assert split_glued({"flashattention", "flash"}) == {}  # "attention" is no name of the day
