"""Novelty across days: yesterday's story is not served again unless there is news in it."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digest.cli import app
from digest.config import load
from digest.errors import ExitCode
from digest.models import Item, Story
from digest.pipeline import BuildOptions, build
from digest.stories import build_stories
from digest.stories.novelty import (
    Fingerprint,
    _about,
    _summarise,
    _units,
    fingerprint,
    mark_novelty,
)
from digest.stories.rank import FOLLOW_UP, rank_follow_ups
from tests.feeds import rss

T0 = datetime(2024, 5, 3, 0, 0, tzinfo=UTC)


def item(source: str, n: int, text: str, day: int = 0, **kw: object) -> Item:
    fields: dict[str, object] = {
        "source": source,
        "id": f"{day}-{n}",
        "url": f"https://{source}.example/{day}/{n}",
        "author": f"{source}-author-{n}",
        "text": text,
        "published": T0 + timedelta(days=day, minutes=n),
    }
    fields.update(kw)
    return Item.model_validate(fields)


ARTICLE = "https://upstage.ai/blog/solar-pro-2"


def yesterday() -> list[Fingerprint]:
    items = [
        item("news", 1, "Upstage releases Solar Pro 2, a 22B model", links=(ARTICLE,)),
        item("x", 2, "Solar Pro 2 from Upstage is out, 22B and 64K context", links=(ARTICLE,),
             engagement={"likes": 300, "reposts": 40}),
    ]  # fmt: skip
    (story,) = build_stories(items, until=T0 + timedelta(days=1))
    return [fingerprint(story, "2024-05-03")]


def today(*items: Item) -> list:
    return mark_novelty(build_stories(list(items), until=T0 + timedelta(days=2)), yesterday())


def test_the_same_story_with_nothing_new_is_a_repeat() -> None:
    (story,) = today(
        item("x", 3, "Still thinking about Solar Pro 2 from Upstage", day=1, links=(ARTICLE,)),
        item(
            "reddit", 4, "Solar Pro 2 thread, 22B model", day=1, links=(f"{ARTICLE}?utm_source=x",)
        ),
    )
    assert story.novelty == "repeat"
    assert story.seen == "2024-05-03"
    assert "nothing new" in story.why


def test_new_links_or_new_figures_make_a_follow_up() -> None:
    (story,) = today(
        item(
            "news",
            3,
            "Upstage publishes the Solar Pro 2 technical report: 79.3% on MMLU-Pro",
            day=1,
            links=(ARTICLE, "https://arxiv.org/abs/2405.01234"),
        ),
        item("x", 4, "Solar Pro 2 report: 79.3% MMLU-Pro, trained on 12T tokens", day=1,
             links=(ARTICLE,)),
    )  # fmt: skip
    assert story.novelty == "follow-up"
    assert "new link" in story.why


def test_an_engagement_jump_alone_is_still_a_repeat() -> None:
    # Attention is not news: the same story spreading further brings readers nothing new.
    (story,) = today(
        item("x", 3, "Solar Pro 2 by Upstage", day=1, links=(ARTICLE,),
             engagement={"likes": 5000, "reposts": 900}),
    )  # fmt: skip
    assert story.novelty == "repeat" and "engagement" in story.why


def test_a_figure_with_its_unit_word_is_not_a_new_fact() -> None:
    # Yesterday: "22B and 64K context"; today the same figures with unit words, nothing new.
    (story,) = today(
        item("x", 3, "Solar Pro 2 from Upstage: a 22B-parameter model, a 64K-token context",
             day=1, links=(ARTICLE,)),
    )  # fmt: skip
    assert story.novelty == "repeat", story.why


def test_a_figure_in_another_writing_is_not_a_new_fact() -> None:
    # 65,536 tokens is the 64K context, 2.3 the version v2.3, 15 trillion the 15T tokens.
    before = [item("news", 1, "Upstage ships Solar Pro 2 v2.3: 22B, a 64K context, 15T tokens")]
    (story,) = judged(before, [
        item("news", 2, "Solar Pro 2 2.3 from Upstage has a 65,536-token context and saw "
             "15 trillion tokens; it scores 40.0% and 40 on two tests", day=1),
    ])  # fmt: skip
    assert story.novelty == "repeat", story.why


def test_an_unrelated_story_is_new() -> None:
    (story,) = today(item("x", 3, "Kakao announces Kanana 2 with 128K context", day=1))
    assert story.novelty == "new" and story.seen is None


def judged(before: list[Item], after: list[Item]) -> list:
    """``after`` (a day later) judged against a post that covered ``before``'s stories."""
    history = [
        fingerprint(s, "2024-05-03") for s in build_stories(before, until=T0 + timedelta(days=1))
    ]
    return mark_novelty(build_stories(after, until=T0 + timedelta(days=2)), history)


def test_two_products_of_one_company_are_two_stories() -> None:
    # "Mirae Tech" is one name in two words, not two rare names in common; and the stories
    # name different products (Brisk-2, Orrin N1).
    before = [item("news", 1, "Mirae Tech releases Brisk-2, a 7B chat model for phones")]
    (story,) = judged(before, [
        item("news", 2, "Mirae Tech unveils Orrin N1, an edge chip with 40 TOPS", day=1),
    ])  # fmt: skip
    assert story.novelty == "new", story.why


def test_a_follow_up_sharing_only_its_product_name_is_recognised() -> None:
    # Day two brings weights, a score and a licence; it shares with day one only the product's
    # coined name, which names a page it links, and two of its posts (the engine may keep
    # them apart) use it.
    before = [
        item("news", 1, "Hanbit releases NimbraCorpus, a Korean web dataset",
             links=("https://hanbit.example/blog/nimbracorpus",)),
    ]  # fmt: skip
    after = [
        item("news", 2, "NimbraCorpus gets a community licence: 84.4 on MATH, 60.5 on KoBEST",
             day=1, links=("https://wire.example/2024/05/04/nimbracorpus-205",)),
        item("x", 3, "Downloaded NimbraCorpus tonight: 759 GB, ships with a loader", day=1),
    ]  # fmt: skip
    stories = judged(before, after)
    assert {s.seen for s in stories} == {"2024-05-03"}, [(s.novelty, s.why) for s in stories]
    assert "follow-up" in {s.novelty for s in stories}


def test_a_plain_word_product_name_that_names_a_page_ties_a_follow_up() -> None:
    before = [
        item("news", 1, "Tamsin Studio launches Tern, a voice model for call centres",
             links=("https://tamsin.example/blog/tern",)),
    ]  # fmt: skip
    (story,) = judged(before, [
        item("news", 2, "Tern passes 5M users; its price drops to 0.60/h", day=1,
             links=("https://wire.example/2024/05/04/tern-208",)),
    ])  # fmt: skip
    assert story.novelty == "follow-up" and story.seen == "2024-05-03", story.why


def test_a_benchmark_both_stories_report_on_does_not_tie_them() -> None:
    before = [item("news", 1, "Upstage releases Solar Pro 2: 58.2 on GSM8K")]
    (story,) = judged(before, [item("news", 2, "Kakao ships Kanana 2, 61.5 on GSM8K", day=1)])
    assert story.novelty == "new", story.why


def test_two_products_sharing_a_model_code_are_two_stories() -> None:
    before = [item("news", 1, "Tamsin unveils Ferrum N4, an edge chip rated at 1600 TOPS")]
    (story,) = judged(before, [
        item("news", 2, "Mir Tech unveils Dunlin N4, an edge chip rated at 1600 TOPS", day=1),
    ])  # fmt: skip
    assert story.novelty == "new", story.why


def test_words_capitalised_only_where_a_sentence_starts_tie_no_stories() -> None:
    # "Highlights:" and "Try it today." are a blog's boilerplate, not names in common.
    before = [item("blog", 1, "Tamsin AI launches Tern Studio. Highlights: 25 voices, July "
                   "pricing. Try it today.")]  # fmt: skip
    (story,) = judged(before, [
        item("blog", 2, "KestrelCorpus is Brightwater Research's newest dataset. Highlights: "
             "15 trillion tokens; 69 languages. Try it today.", day=1),
    ])  # fmt: skip
    assert story.novelty == "new", story.why


def test_a_model_code_that_is_part_of_the_earlier_products_name_is_half_an_anchor() -> None:
    # Yesterday's chip is "Marlow N3"; today's post names another company's chip by its code
    # alone, with a page named after it.
    before = [item("news", 1, "Tamsin unveils Marlow N3, an inference chip rated at 400 TOPS",
                   links=("https://tamsin.example/blog/marlow-n3",))]  # fmt: skip
    (story,) = judged(before, [
        item("news", 2, "Hanbit's new inference chip: N3, drawing 150W", day=1,
             links=("https://hanbit.example/chips/n3",)),
    ])  # fmt: skip
    assert story.novelty == "new", story.why


def test_what_is_new_is_what_the_followed_story_never_said() -> None:
    # Another covered story had a GSM8K score: for Solar Pro 2 a GSM8K score is still news.
    before = [
        item("news", 1, "Upstage releases Solar Pro 2, a 22B model", links=(ARTICLE,)),
        item("news", 2, "Kakao ships Kanana 2, and it scores 61.5 on GSM8K"),
    ]
    (story,) = judged(before, [
        item("news", 3, "Solar Pro 2 scores 71.2 on GSM8K", day=1, links=(ARTICLE,)),
    ])  # fmt: skip
    assert story.novelty == "follow-up", story.why
    assert story.earlier is not None and "gsm8k" in story.earlier.new


def test_a_licence_named_in_one_post_is_a_new_fact() -> None:
    (story,) = today(
        item("news", 3, "Solar Pro 2 weights are out under a Llama-style licence, 71.2 on MMLU",
             day=1, links=(ARTICLE,)),
    )  # fmt: skip
    assert story.novelty == "follow-up", story.why
    assert story.earlier is not None and "llama-style" in story.earlier.new


def test_a_follow_up_ranks_as_if_the_earlier_post_were_one_more_source() -> None:
    from digest.stories.rank import FOLLOW_UP

    after = [
        item("news", 3, "Solar Pro 2 weights are out under a Llama-style licence, 71.2 on MMLU",
             day=1, links=(ARTICLE,)),
        item("news", 5, "Kakao ships Kanana 2 with a 128K context", day=1),
    ]  # fmt: skip
    built = build_stories(after, until=T0 + timedelta(days=2))
    assert [s.lead.id for s in built] == ["1-5", "1-3"]  # the newer story ranks first
    marked = mark_novelty(built, yesterday())
    assert [(s.lead.id, s.novelty) for s in marked] == [("1-3", "follow-up"), ("1-5", "new")]
    follow = marked[0]
    assert follow.breakdown["follow-up"] == FOLLOW_UP
    assert abs(sum(follow.breakdown.values()) - follow.score) < 1e-5
    assert abs(follow.score - built[1].score - FOLLOW_UP) < 1e-5


def test_an_address_a_site_reuses_ties_no_unlike_post_to_an_earlier_story() -> None:
    # The site puts every post under one address: day one's two posts there are two stories
    # (the build's clash guard), day two's post there about something else is new, and day
    # one's first post again under a new id is still a repeat.
    page = "https://lab.example/news"
    before = [
        item("blog", 1, "Upstage releases Solar Pro 2, a 22B model with a 64K context", url=page),
        item("blog", 2, "Kakao opens a research office in Busan with 40 engineers", url=page),
    ]
    after = [
        item("blog", 3, "Naver ships HyperCLOVA X Think, 32B, under an open licence", day=1,
             url=page),
        item("blog", 4, "Upstage releases Solar Pro 2, a 22B model with a 64K context", day=1,
             url=page),
    ]  # fmt: skip
    verdicts = {s.lead.id: (s.novelty, s.why) for s in judged(before, after)}
    assert verdicts["1-3"][0] == "new", verdicts
    assert verdicts["1-4"][0] == "repeat", verdicts


def test_weights_on_hugging_face_are_a_new_fact_in_either_language() -> None:
    for text in (
        "Solar Pro 2 weights are now on Hugging Face, and it scores 71.2 on MMLU",
        "업스테이지 Solar Pro 2, 허깅페이스에 가중치 공개… MMLU 71.2점",
    ):
        (story,) = today(item("news", 3, text, day=1))
        assert story.novelty == "follow-up", story.why
        assert story.earlier is not None and "Hugging Face" in story.earlier.new


def test_a_link_into_a_venue_that_is_no_release_keeps_the_venue_a_fact() -> None:
    # An arXiv listing page is no release link (only /abs/ and /pdf/ are): the paper's being
    # on arXiv is still a new fact, not taken away by that link (one fact is not enough for a
    # follow-up here; the verdict's reason lists it).
    before = [item("news", 1, "Upstage releases Solar Pro 2, a 22B model")]
    (story,) = judged(before, [
        item("news", 2, "Solar Pro 2, the 22B model from Upstage: the paper is now on arXiv",
             day=1, links=("https://arxiv.org/list/cs.CL/new",)),
    ])  # fmt: skip
    assert "new facts: arXiv" in (story.why or ""), story.why


def test_a_venue_the_earlier_story_named_is_not_news() -> None:
    before = [item("news", 1, "Upstage releases Solar Pro 2 on Hugging Face, a 22B model")]
    (story,) = judged(before, [
        item("news", 2, "Solar Pro 2, the 22B model from Upstage, is on Hugging Face", day=1),
    ])  # fmt: skip
    assert story.novelty == "repeat", story.why


def test_a_roundup_of_covered_stories_is_a_recap_whatever_details_it_adds() -> None:
    # Three stories about three products; the weekly roundup adds a figure to each entry.
    before = [
        item("news", 1, "Upstage releases Solar Pro 2, a 22B model"),
        item("blog", 2, "Kakao ships Kanana-3, a Korean chat model with a 128K context"),
        item("wire", 3, "Naver unveils HyperCLOVA X Think, 32B, for reasoning"),
    ]
    (story,) = judged(before, [
        item("weekly", 4, "The week in one place. Solar Pro 2 from Upstage: 71.2 on MMLU. "
             "Kanana-3 from Kakao: 1.5T tokens. HyperCLOVA X Think from Naver: 88.1 on GSM8K.",
             day=1),
    ])  # fmt: skip
    assert story.novelty == "repeat" and "recap of 3" in story.why, story.why


def test_fingerprints_survive_the_archive_round_trip() -> None:
    (print_,) = yesterday()
    assert Fingerprint.from_json(json.loads(json.dumps(print_.to_json()))) == print_
    assert ARTICLE.replace("https://", "https://") in " ".join(print_.links)


# The whole loop: day one's post covers a story; day two leaves the repeat out --------------


def entry(title: str, link: str, when: datetime, html: str = "") -> dict:
    return {"title": title, "link": link, "date": when, "html": html or f"<p>{title}</p>"}


def test_next_days_post_leaves_out_what_yesterday_covered(tmp_path: Path) -> None:
    day1 = datetime(2024, 5, 3, 3, 0, tzinfo=UTC)  # inside the window of the 2024-05-04 post
    day2 = day1 + timedelta(days=1)
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "news.xml").write_bytes(
        rss(
            [
                entry("Upstage releases Solar Pro 2", ARTICLE, day1),
                entry("Kakao opens Kanana 2 weights", "https://kakao.example/kanana-2", day1),
                # Day two: the same article again (a late repost), and a new story.
                entry("Solar Pro 2 is out", f"{ARTICLE}?utm_source=rss", day2,
                      f"<p>Solar Pro 2 is out. <a href='{ARTICLE}'>post</a></p>"),
                entry("Naver ships HyperCLOVA X Think", "https://naver.example/hcx-think", day2),
            ]
        )
    )  # fmt: skip
    (feeds / "blog.xml").write_bytes(
        rss(
            [
                entry("Notes on Solar Pro 2", "https://blog.example/solar",
                      day1, f"<p>Notes. <a href='{ARTICLE}'>Upstage</a></p>"),
                entry("More notes on Solar Pro 2", "https://blog.example/solar-2",
                      day2, f"<p>Again. <a href='{ARTICLE}'>Upstage</a></p>"),
            ]
        )
    )  # fmt: skip
    config = tmp_path / "sources.yaml"
    config.write_text(
        "sources:\n"
        "  - {type: rss, name: news, url: feeds/news.xml}\n"
        "  - {type: rss, name: blog, url: feeds/blog.xml}\n",
        encoding="utf-8",
    )
    settings = load(config)
    out = tmp_path / "out"
    first = build(settings, BuildOptions(day=date(2024, 5, 4), out_dir=out,
                                         now=datetime(2024, 5, 5, 0, 0, tzinfo=UTC)))  # fmt: skip
    assert first.exit_code == ExitCode.OK and first.repeats == 0
    assert ARTICLE in Path(first.post or "").read_text(encoding="utf-8") or "upstage" in (
        Path(first.post or "").read_text(encoding="utf-8").lower()
    )
    second = build(settings, BuildOptions(day=date(2024, 5, 5), out_dir=out,
                                          now=datetime(2024, 5, 6, 0, 0, tzinfo=UTC)))  # fmt: skip
    assert second.exit_code == ExitCode.OK
    assert second.repeats == 1
    text = Path(second.post or "").read_text(encoding="utf-8")
    assert "hcx-think" in text
    assert "Solar" not in text and not re.search(r"blog\.example/solar", text)

    runner = CliRunner()
    shown = runner.invoke(app, ["stories", "-c", str(config), "--date", "2024-05-05", "--json"])
    assert shown.exit_code == 0, shown.output
    rows = json.loads(shown.stdout)
    verdicts = {r["title"][:20]: (r["novelty"], r["seen"]) for r in rows}
    assert ("repeat", "2024-05-04") in verdicts.values()
    assert ("new", None) in verdicts.values()

    # A rerun of day two is not a "next day" for itself: the verdicts stay the same.
    again = build(settings, BuildOptions(day=date(2024, 5, 5), out_dir=out,
                                         now=datetime(2024, 5, 6, 1, 0, tzinfo=UTC)))  # fmt: skip
    assert again.repeats == 1 and again.post == second.post


# Three days in order, one archive: what each post leaves out, marks and carries ------------

CODESTRAL = "https://mistral.example/news/codestral-25-08"
KANANA = "https://kakao.example/kanana-2"
GPU = "https://blog.example/gpu-prices"
CODESTRAL_HF = "https://huggingface.co/mistralai/Codestral-25.08"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 5, day, hour, minute, tzinfo=UTC)


def three_feeds(day: int) -> dict[str, list[dict]]:
    """The feeds as each morning's fetch finds them (they roll over, keeping yesterday's)."""
    news = [
        entry("Upstage releases Solar Pro 2, a 22B model with 64K context", ARTICLE, at(3, 2)),
        entry("Kakao opens Kanana 2 weights: 8B, 128K context", KANANA, at(3, 4)),
        entry("Mistral releases Codestral 25.08 with 256K context", CODESTRAL, at(3, 6)),
    ]
    blog = [
        entry(
            "Notes on Kanana 2 from Kakao",
            "https://blog.example/kanana",
            at(3, 5),
            f"<p>Kanana 2 by Kakao: 8B and 128K. <a href='{KANANA}'>post</a></p>",
        ),
    ]
    gpu = {**entry("Weekly GPU prices: H100 at $2.10 an hour", GPU, at(3, 10)), "guid": ""}
    korean: list[dict] = []
    weekly: list[dict] = []
    if day >= 2:
        news += [
            # Published before the 05-04 post was built, first served the next morning.
            entry("Naver ships HyperCLOVA X Think, a 14B reasoning model",
                  "https://naver.example/hcx-think", at(3, 23, 50)),
            entry("Solar Pro 2 is out", f"{ARTICLE}?utm_source=rss", at(4, 3),
                  f"<p>Solar Pro 2 is out. <a href='{ARTICLE}'>post</a></p>"),
            entry("Mistral puts Codestral 25.08 weights on Hugging Face: 22B, Apache-2.0, "
                  "86.6% on HumanEval", CODESTRAL_HF, at(4, 5)),
            entry("Upstage opens a Tokyo office and hires 50 engineers",
                  "https://upstage.example/tokyo", at(4, 7)),
        ]  # fmt: skip
        blog += [
            entry("Codestral 25.08 hands-on", "https://blog.example/codestral", at(4, 6),
                  "<p>Codestral 25.08 from Mistral scores 86.6% on HumanEval; Apache-2.0, "
                  f"and the API costs $0.30 per million tokens. <a href='{CODESTRAL_HF}'>"
                  "weights</a></p>"),
        ]  # fmt: skip
        # The same entry without a guid, posted again: a new sighting, not a rewrite.
        gpu = {**gpu, "date": at(4, 10)}
        korean.append(
            entry("카카오, Kanana 2 공개… 8B 모델과 128K 컨텍스트 지원",
                  "https://press.example.kr/1234", at(4, 8),
                  "<p>카카오가 Kanana 2 모델을 공개했습니다. "
                  "8B 크기에 128K 컨텍스트를 지원합니다.</p>")
        )  # fmt: skip
    if day >= 3:
        weekly.append(
            entry("This week in AI", "https://weekly.example/18", at(5, 9),
                  f"<p>Solar Pro 2 <a href='{ARTICLE}'>a</a>, Kanana 2 <a href='{KANANA}'>b</a>, "
                  f"Codestral 25.08 <a href='{CODESTRAL}'>c</a> "
                  f"<a href='{CODESTRAL_HF}'>d</a>.</p>")
        )  # fmt: skip
        news.append(
            entry("Meta releases Llama 4.1 with a 1M context window",
                  "https://meta.example/llama-4-1", at(5, 4))
        )  # fmt: skip
    return {"news": news, "blog": [*blog, gpu], "korean": korean, "weekly": weekly}


def test_three_days_in_order_leave_out_repeats_mark_follow_ups_and_carry_late_items(
    tmp_path: Path,
) -> None:
    from digest.archive import Archive
    from tests.clirun import digest

    feeds = tmp_path / "feeds"
    feeds.mkdir()
    config = tmp_path / "sources.yaml"
    config.write_text(
        "timezone: UTC\nsources:\n"
        + "".join(
            f"  - {{type: rss, name: {n}, url: feeds/{n}.xml}}\n"
            for n in ("news", "blog", "korean", "weekly")
        ),
        encoding="utf-8",
    )
    settings = load(config)
    out = tmp_path / "out"

    def build_day(day: int, now: datetime, roll: bool = True) -> tuple:
        if roll:
            for name, entries in three_feeds(day - 3).items():
                (feeds / f"{name}.xml").write_bytes(rss(entries))
        report = build(settings, BuildOptions(day=date(2024, 5, day), out_dir=out, now=now))
        text = Path(report.post).read_text(encoding="utf-8") if report.post else ""
        return report, text

    # Day one: everything is new.
    first, text1 = build_day(4, at(4, 0, 30))
    assert first.exit_code == ExitCode.OK and first.repeats == 0 and first.follow_ups == 0
    assert "hcx-think" not in text1 and "Codestral" in text1
    digest1 = json.loads(settings.state.digest_file(date(2024, 5, 4)).read_text("utf-8"))

    # Day two.
    second, text2 = build_day(5, at(5, 0, 30))
    assert second.exit_code == ExitCode.OK
    # The plain repeat and the Korean retelling (a new link, nothing new) are left out.
    assert "utm_source" not in text2 and "Solar Pro 2 is out" not in text2
    assert "press.example.kr" not in text2 and "카카오, Kanana" not in text2
    # The follow-up without a shared link is recognised, and marked with the earlier date.
    shown = digest("stories", "-c", str(config), "--date", "2024-05-05", "--json", cwd=tmp_path)
    assert shown.exit_code == 0, shown.output
    rows = {r["title"][:24]: r for r in json.loads(shown.stdout)}
    assert second.follow_ups == 1, [(t, r["novelty"], r["why"]) for t, r in rows.items()]
    body2 = text2.split("\n---\n", 1)[1]  # after the front matter
    follow = next(line for line in body2.splitlines() if "Codestral" in line)
    assert "후속" in follow and "2024-05-04" in follow, follow
    assert CODESTRAL_HF in text2
    # The unrelated story about a covered company stays new.
    assert "upstage.example/tokyo" in text2
    # The late item is carried, marked late, and reported.
    late = next(line for line in body2.splitlines() if "HyperCLOVA" in line)
    assert "늦게" in late and "2024-05-04" in late, late
    assert any("carried into this post" in w for w in second.warnings)
    # The guid-less entry posted again did not rewrite the row day one cited.
    with Archive(settings.archive_path) as archive:
        (gpu_key,) = [k for k in digest1["links"] if k.endswith(GPU)]
        assert archive.get_items([gpu_key])[gpu_key].published == at(3, 10)
        sightings = archive.items_between(at(4, 0), at(5, 0), ["blog"])
        assert [i.published for i in sightings if i.url == GPU] == [at(4, 10)]

    assert rows["카카오, Kanana 2 공개… 8B 모델과"]["novelty"] == "repeat"
    codestral = next(r for t, r in rows.items() if "Codestral" in t)
    assert codestral["novelty"] == "follow-up" and codestral["seen"] == "2024-05-04"
    assert codestral["follows"]["headline"] and "86.6%" in codestral["follows"]["new"]
    assert rows["Upstage opens a Tokyo offi"[:24]]["novelty"] == "new"

    # Day three: the weekly roundup links only covered stories — a recap, left out.
    third, text3 = build_day(6, at(6, 0, 30))
    assert third.exit_code == ExitCode.OK
    assert "weekly.example" not in text3 and "llama-4-1" in text3
    recap = digest("stories", "-c", str(config), "--date", "2024-05-06", "--json", cwd=tmp_path)
    verdicts = {r["title"]: (r["novelty"], r["why"]) for r in json.loads(recap.stdout)}
    assert verdicts["This week in AI"][0] == "repeat", verdicts
    assert "recap" in verdicts["This week in AI"][1]

    # A rebuild of day one after the later days is what day one was: the late item stays
    # in the post that carried it.
    again, _ = build_day(4, at(6, 2), roll=False)
    assert again.exit_code == ExitCode.OK
    rebuilt = json.loads(settings.state.digest_file(date(2024, 5, 4)).read_text("utf-8"))
    assert rebuilt["links"] == digest1["links"]
    assert any("left for the next post" in w for w in again.warnings)


def test_a_follow_up_gains_its_rank_once() -> None:
    lead = item("news", 1, "Upstage releases Solar Pro 2, a 22B model")
    story = Story(id="a", items=(lead,), score=3.0, novelty="follow-up", breakdown={"x": 3.0})
    plain = Story(id="b", items=(item("news", 2, "Kakao opens an office"),), score=4.0)
    once = rank_follow_ups([story, plain])
    assert [s.id for s in once] == ["a", "b"] and once[0].score == 3.0 + FOLLOW_UP
    assert rank_follow_ups(once) == once  # ranked again: the same scores and order


def test_a_size_is_not_the_score_of_the_same_number() -> None:
    # Yesterday's story gave a score of 70%; today's model is a 70B one: a new figure. Written
    # "70 B" or "70B", the size is one fact.
    before = [item("news", 1, "Upstage Solar Pro 2 scores 70% on MMLU, a 22B model")]
    (story,) = judged(before, [
        item("news", 2, "Upstage Solar Pro 2 now comes as a 70B model too, scoring 70% on MMLU",
             day=1),
    ])  # fmt: skip
    assert "70b" in (story.why or "").lower(), story.why


def test_a_post_leaves_no_address_the_clash_guard_took_away(tmp_path: Path) -> None:
    # The site puts two unlike posts under one address: the build keeps them apart, and the
    # post's coverage ties only the first to that address (the second would tie tomorrow's
    # post there to a story it never was).
    page = "https://lab.example/news"
    when = datetime(2024, 5, 3, 3, 0, tzinfo=UTC)
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "lab.xml").write_bytes(rss([
        {"title": "Upstage releases Solar Pro 2, a 22B model with a 64K context", "link": page,
         "guid": "lab-1", "date": when, "html": "<p>Solar Pro 2 is out today.</p>"},
        {"title": "Kakao opens a research office in Busan with 40 engineers", "link": page,
         "guid": "lab-2", "date": when + timedelta(hours=1),
         "html": "<p>The office opens in autumn.</p>"},
    ]))  # fmt: skip
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - {type: rss, name: lab, url: feeds/lab.xml}\n", "utf-8")
    settings = load(config)
    report = build(settings, BuildOptions(day=date(2024, 5, 4), out_dir=tmp_path / "out",
                                          now=datetime(2024, 5, 5, 0, 0, tzinfo=UTC)))  # fmt: skip
    assert report.post
    with settings.state.open_archive() as archive:
        prints = [Fingerprint.from_json(f) for f in archive.coverage_between("2024-05-04", "9")]
    assert len(prints) == 2
    holding = [p.title for p in prints if any(page in k for k in (*p.permalinks, *p.links))]
    assert holding == ["Upstage releases Solar Pro 2, a 22B model with a 64K context"], prints


def test_an_address_taken_away_stays_away_when_its_first_post_is_a_repeat(
    tmp_path: Path,
) -> None:
    # Day one told Solar Pro 2. On day two the site puts that story again and an unlike post
    # under one address: the first is a repeat, left out of the post; the second, the post's
    # story, leaves no address the build took away from it.
    page = "https://lab.example/news"
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - {type: rss, name: lab, url: feeds/lab.xml}\n", "utf-8")
    settings = load(config)
    solar = "Upstage releases Solar Pro 2, a 22B model with a 64K context"
    posts = [
        (3, solar, "https://lab.example/solar-pro-2"),
        (4, solar, page),
        (4, "Kakao opens a research office in Busan with 40 engineers", page),
    ]
    (feeds / "lab.xml").write_bytes(rss([
        {"title": title, "link": link, "guid": f"lab-{n}", "html": f"<p>{title}.</p>",
         "date": datetime(2024, 5, day, 3 + n, 0, tzinfo=UTC)}
        for n, (day, title, link) in enumerate(posts)
    ]))  # fmt: skip
    for day in (4, 5):
        when = datetime(2024, 5, day + 1, tzinfo=UTC)
        options = BuildOptions(day=date(2024, 5, day), out_dir=tmp_path / "out", now=when)
        assert build(settings, options).post
    with settings.state.open_archive() as archive:
        prints = [Fingerprint.from_json(f) for f in archive.coverage_between("2024-05-05", "9")]
    assert [p.title for p in prints] == ["Kakao opens a research office in Busan with 40 engineers"]
    assert page not in {*prints[0].permalinks, *prints[0].links}, prints


def test_a_place_of_release_is_no_product_the_stories_share() -> None:
    # Both say "code on GitHub, weights on Hugging Face, Apache 2.0"; they name different
    # products (DeltaKV, SparseRoute) of one lab: two stories.
    before = [item("news", 1, "DeltaKV update from Norvik AI: code on GitHub, open weights on "
                   "Hugging Face and Apache 2.0 terms")]  # fmt: skip
    (story,) = judged(before, [
        item("news", 2, "Norvik AI published more on SparseRoute: code on GitHub, open weights "
             "on Hugging Face and Apache 2.0 terms", day=1),
    ])  # fmt: skip
    assert story.novelty == "new", story.why


def test_a_product_name_no_other_story_uses_ties_a_follow_up() -> None:
    # A paper yesterday; today a Korean post about its code, weights and a score shares only
    # the paper's coined name, which no other story uses.
    before = [
        item("arxiv", 1, "ShardLoRA: scalable distillation for large language models. We "
             "propose ShardLoRA. Experiments with KMMLU 59.0 and 256 H100s show gains."),
        item("news", 2, "Kakao ships Kanana 2 with a 128K context"),
    ]  # fmt: skip
    (story,) = judged(before, [
        item("news", 3, "가온전자가 ShardLoRA의 추가 정보를 내놨다. 깃허브 코드 공개, 모델 가중치 "
             "공개, MATH 40.5점 등이다.", day=1),
    ])  # fmt: skip
    assert story.novelty == "follow-up" and story.seen == "2024-05-03", story.why


def test_a_test_scores_are_measured_on_is_no_product() -> None:
    # "HumanEval" is written like a coined product name, and a page is named after it; both
    # stories only report a score on it.
    before = [item("arxiv", 1, "Tamsin releases Dunlin-2, a 32B coder: 64.5% on HumanEval")]
    (story,) = judged(before, [
        item("arxiv", 2, "PatchMerge from Pellucid: HumanEval 41.4", day=1,
             links=("https://wire.example/2024/05/04/humaneval-leaderboard-208",)),
    ])  # fmt: skip
    assert story.novelty == "new", story.why


def test_a_makers_name_in_two_words_is_one_new_fact() -> None:
    # Yesterday's posts did not name the maker; today's retelling names it ("Meridian
    # Systems"): one name, not two new facts.
    before = [
        item("blog", 1, "Announcing AlderCorpus. Today we are releasing AlderCorpus, our "
             "training corpus: 15 trillion tokens and 42 languages."),
    ]  # fmt: skip
    (story,) = judged(before, [
        item("wire", 2, "AlderCorpus arrives. In short: AlderCorpus, from Meridian Systems, "
             "15T tokens, 42 languages.", day=1),
        item("x", 3, "AlderCorpus by Meridian Systems just dropped: 42 languages, 15T tokens",
             day=1),
    ])  # fmt: skip
    assert story.novelty == "repeat", story.why


def test_a_follow_up_follows_the_latest_telling_of_its_product() -> None:
    # Day one announced Garnet-4 (its page linked); day two's post told its small version.
    # Day three links day one's page with more news: readers were told of Garnet-4 last on
    # day two, so that is the post it follows.
    page = "https://daon.example/blog/garnet-4"
    first = build_stories(
        [item("blog", 1, "Daon Systems releases Garnet-4, an 8B model", links=(page,))],
        until=T0 + timedelta(days=1),
    )
    second = build_stories(
        [item("news", 2, "Garnet-4 gets a 1.5B version and Apache 2.0 terms", day=1)],
        until=T0 + timedelta(days=2),
    )
    history = [fingerprint(first[0], "2024-05-03"), fingerprint(second[0], "2024-05-04")]
    (story,) = mark_novelty(build_stories([
        item("x", 3, "Garnet-4 weights are on Hugging Face now, $0.40/M for the API", day=2,
             links=(page,)),
    ], until=T0 + timedelta(days=3)), history)  # fmt: skip
    assert story.novelty == "follow-up" and story.seen == "2024-05-04", story.why


@pytest.mark.parametrize(
    ("yesterday", "today", "verdict"),
    [
        # A 2048-token limit is a new figure (2K), not the "2" of the version yesterday's
        # story named: with a price, two new facts.
        pytest.param(
            "Daon releases Garnet-4 v2, trained for 2 weeks",
            "Garnet-4 from Daon now takes a 2048-token prompt, at 0.40/M",
            "follow-up",
            id="2048-is-no-version-2",
        ),
        # Written out with a separator (1,500), yesterday's 1.5K is the same figure: with one
        # price, one new fact, not two.
        pytest.param(
            "Daon releases Garnet-4 with a 1.5K-token system prompt",
            "Garnet-4 from Daon: a 1,500-token system prompt, at 0.40/M",
            "repeat",
            id="1,500-is-1.5K",
        ),
        # Four digits without a separator ("2000-hour") are a count of their own, not
        # yesterday's 2K: with a price, two new facts...
        pytest.param(
            "Daon releases Garnet-4 with a 2K-token system prompt",
            "Garnet-4 from Daon, trained on a 2000-hour speech set, at 0.40/M",
            "follow-up",
            id="2000-is-no-2K",
        ),
        # ...while "2,000" is that 2K.
        pytest.param(
            "Daon releases Garnet-4 with a 2K-token system prompt",
            "Garnet-4 from Daon: a 2,000-token system prompt, at 0.40/M",
            "repeat",
            id="2,000-is-2K",
        ),
    ],
)
def test_a_figure_is_read_whole(yesterday: str, today: str, verdict: str) -> None:
    (story,) = judged([item("news", 1, yesterday)], [item("news", 2, today, day=1)])
    assert story.novelty == verdict, story.why


def test_a_number_written_alone_keeps_its_reading_beside_a_separated_one() -> None:
    # "131 languages" is a new figure, whatever the "131,072-token" context beside it (one
    # fact is not enough for a follow-up here; the verdict's reason lists it).
    before = [item("news", 1, "Daon releases Garnet-4 with a 128K context and 40 languages")]
    (story,) = judged(before, [
        item("news", 2, "Garnet-4 from Daon: a 131,072-token context, now in 131 languages",
             day=1, links=("https://daon.example/blog/garnet-4-update",)),
        item("x", 3, "Garnet-4 speaks 131 languages now, with its 131,072-token context",
             day=1, links=("https://daon.example/blog/garnet-4-update",)),
    ])  # fmt: skip
    assert "new facts: 131" in (story.why or ""), story.why


def test_a_post_about_a_new_product_that_names_covered_ones_is_new() -> None:
    # Three covered stories; one post about a new model compares it with all three.
    before = [
        item("news", 1, "Upstage releases Solar Pro 2, a 22B model"),
        item("blog", 2, "Kakao ships Kanana-3, a Korean chat model with a 128K context"),
        item("wire", 3, "Naver unveils HyperCLOVA X Think, 32B, for reasoning"),
    ]
    (story,) = judged(before, [
        item("news", 4, "Daon's Garnet-5 beats Solar Pro 2, Kanana-3 and HyperCLOVA X Think: "
             "71.2 on MMLU with 8B parameters", day=1),
    ])  # fmt: skip
    assert story.novelty == "new", story.why


def test_code_released_as_open_source_is_a_new_fact() -> None:
    paper = "https://arxiv.org/abs/2407.13666"
    before = [item("arxiv", 1, "SpecCascade from Daon Systems: 64.9 on KMMLU, 256 H100s",
                   links=(paper,))]  # fmt: skip
    (story,) = judged(before, [
        item("x", 2, "New details on SpecCascade: an open-source reference implementation; "
             "version 3.4.", day=1, links=(paper,)),
    ])  # fmt: skip
    assert story.novelty == "follow-up", story.why
    assert story.earlier is not None and "open source" in story.earlier.new


def test_a_newsletter_that_leads_with_a_new_product_is_still_a_recap() -> None:
    # A daily brief lists one new model first, then three covered stories: it is about none.
    before = [
        item("news", 1, "Upstage releases Solar Pro 2, a 22B model"),
        item("blog", 2, "Kakao ships Kanana-3, a Korean chat model with a 128K context"),
        item("wire", 3, "Naver unveils HyperCLOVA X Think, 32B, for reasoning"),
    ]
    (story,) = judged(before, [
        item("weekly", 4, "AI News for May 4 • Garnet-5 from Daon is out • Solar Pro 2 from "
             "Upstage: 71.2 on MMLU • Kanana-3 from Kakao: 1.5T tokens • HyperCLOVA X Think "
             "from Naver: 88.1 on GSM8K", day=1),
    ])  # fmt: skip
    assert story.novelty == "repeat" and "recap of 3" in story.why, story.why


def test_a_product_before_a_figure_that_compares_is_no_test() -> None:
    # "Garnet-5 40% cheaper" compares the product; it is no benchmark's score, and the
    # product still ties the follow-up to the story that told its release.
    before = [item("news", 1, "Daon releases Garnet-5, a 70B chat model with a 128K context")]
    for text in (
        "Garnet-5 40% cheaper from today; weights on Hugging Face and a 256K context",
        "Garnet-5 30% 저렴해져, 허깅페이스에 가중치 공개, 256K 컨텍스트",
    ):
        (story,) = judged(before, [item("news", 2, text, day=1)])
        assert story.novelty == "follow-up" and story.seen == "2024-05-03", (text, story.why)


def test_a_calendar_version_is_no_score() -> None:
    # "Codestral 25.08" is the model with its version (year and month), not a score on a test
    # "Codestral": the name of the page it links ties today's story to the one that told it,
    # though another story today names Codestral too.
    before = [item("news", 1, "Mistral releases Codestral 25.08, a 22B coding model")]
    verdicts = {s.lead.id: s for s in judged(before, [
        item("news", 2, "미스트랄이 Codestral 25.08의 가중치를 허깅페이스에 공개했다. 256K "
             "컨텍스트에 Rust, Kotlin, Swift를 지원한다", day=1,
             links=("https://mistral.ai/news/codestral",)),
        item("blog", 3, "We tried Devstral and Codestral on our own repository of Rust code",
             day=1),
    ])}  # fmt: skip
    story = verdicts["1-2"]
    assert story.novelty == "follow-up" and story.seen == "2024-05-03", story.why


def test_a_follow_up_follows_the_story_of_its_product_not_of_a_model_both_compare_with() -> None:
    # Day one told Garnet-4 (it beats GPT-4o), day two Dunlin-3 (close to GPT-4o); day three's
    # Garnet-4 news follows day one's story, not day two's, which shares only the comparator.
    first = build_stories([
        item("news", 1, "Daon releases Garnet-4, a 32B model that beats GPT-4o on KMMLU",
             links=("https://daon.example/blog/garnet-4",)),
    ], until=T0 + timedelta(days=1))  # fmt: skip
    second = build_stories(
        [item("news", 2, "Tamsin ships Dunlin-3, a 14B coder close to GPT-4o", day=1)],
        until=T0 + timedelta(days=2),
    )
    history = [fingerprint(first[0], "2024-05-03"), fingerprint(second[0], "2024-05-04")]
    (story,) = mark_novelty(build_stories([
        item("news", 3, "Garnet-4 weights are now on Hugging Face with a 256K context, still "
             "ahead of GPT-4o", day=2, links=("https://daon.example/blog/garnet-4",)),
    ], until=T0 + timedelta(days=3)), history)  # fmt: skip
    assert story.novelty == "follow-up" and story.seen == "2024-05-03", story.why
    assert story.earlier is not None and story.earlier.story == first[0].id


def test_a_one_post_story_is_about_a_product_its_headline_names_as_a_whole_word() -> None:
    (story,) = build_stories(
        [item("news", 1, "Garnet-50 benchmark opens: Kanana-3 tops it, ahead of Garnet-5")],
        until=T0 + timedelta(days=1),
    )
    # Garnet-50 is a benchmark many stories name; the post is about Kanana-3, not Garnet-5
    # (whose name is inside Garnet-50's).
    df = Counter({"garnet-50": 5, "kanana-3": 1, "garnet-5": 1})
    assert _about(story, _summarise(story), df) == frozenset({"kanana-3"})


def test_a_chip_named_in_two_words_differs_from_another_however_common_its_code() -> None:
    # Three earlier posts told of other "N9" chips, so the code alone is common; "Yarrow N9"
    # is still another chip than yesterday's "Tern N1", whatever figure the two share.
    history = [
        fingerprint(s, f"2024-05-0{day}")
        for day, text in ((1, "Hanbit unveils Ferrum N9, 900 TOPS"),
                          (2, "Tamsin unveils Dunlin N9, 700 TOPS"),
                          (3, "Mir Tech unveils Marlow N9, 500 TOPS"),
                          (3, "Nuri Soft unveils Tern N1: 150W, 1600 TOPS"))
        for s in build_stories([item("news", day, text)], until=T0 + timedelta(days=1))
    ]  # fmt: skip
    post = item("x", 5, "노르빅AI에서 Yarrow N9 공개. 핵심은 전력 150W, 1600 TOPS.", day=1)
    (story,) = mark_novelty(build_stories([post], until=T0 + timedelta(days=2)), history)
    assert story.novelty == "new", story.why


def test_a_figure_alone_ties_no_stories() -> None:
    # Yesterday's chip and today's, of two makers, both draw 150W; they share no name.
    before = [item("news", 1, "Nuri Soft unveils Tern N1, an inference chip: 150W, 1600 TOPS")]
    (story,) = judged(before, [item("x", 2, "노르빅AI 새 가속기 공개. 핵심은 전력 150W.", day=1)])
    assert story.novelty == "new", story.why


def test_a_product_whose_name_starts_with_a_digit_still_ties_stories() -> None:
    # `42dot` is a maker's name, not a figure: today's post about it is not new.
    before = [item("news", 1, "42dot unveils its driving stack, 150W")]
    (story,) = judged(before, [item("x", 2, "42dot 새 소식: 전력 150W, 가입자 5M", day=1)])
    assert story.novelty != "new", story.why


def test_a_latin_name_in_several_words_a_korean_post_keeps_ties_a_follow_up() -> None:
    # Yesterday's post told the app only in an English post that names it plainly; today a
    # Korean post keeps its name in Latin (the maker in Hangul) with new facts, and a chat
    # post the engine keeps apart names it too.
    before = [item("x", 1, "Worth a read: Gaon Electronics on Nimbra Studio, 46 languages.")]
    stories = judged(before, [
        item("news", 2, "가온전자가 Nimbra Studio의 추가 정보를 내놨다. 이용자 700만 명, KoBEST "
             "점수 80.4, MIT 라이선스, 100만 토큰에 0.15달러 등이다.", day=1),
        item("x", 3, "Nimbra Studio 써 보신 분? 가입자 700만 명라고 합니다.", day=1),
    ])  # fmt: skip
    assert "follow-up" in {s.novelty for s in stories}, [(s.novelty, s.why) for s in stories]
    assert {s.seen for s in stories} == {"2024-05-03"}


def test_hugging_face_kept_in_latin_is_no_product() -> None:
    (story,) = build_stories(
        [item("news", 1, "누리소프트가 Tern-2 가중치를 Hugging Face에 공개했다")],
        until=T0 + timedelta(days=1),
    )
    assert _units(_summarise(story)) == {frozenset({"tern-2"})}


def test_a_quoted_name_with_a_version_is_a_name_not_a_figure_alone() -> None:
    before = [item("news", 1, "Nuri Soft releases 'Tern 2.5', a voice model for call centres")]
    (story,) = judged(before, [
        item("news", 2, "누리소프트 'Tern 2.5' 후속 발표: 가입자 5M, 0.60/h, MIT 라이선스", day=1),
    ])  # fmt: skip
    assert story.novelty == "follow-up" and story.seen == "2024-05-03", story.why


def test_a_date_still_to_come_is_one_new_fact_in_any_writing() -> None:
    # T0 is 2024-05-03; today is the 4th. A launch on May 23 is news with a price beside it,
    # however it is written; a day already gone (May 1) is none, and neither are its parts.
    before = [item("news", 1, "Daon releases Garnet-4, a 22B model")]
    for when in ("a May 23 launch", "a launch on 2024-05-23", "5월 23일 출시"):
        (story,) = judged(before, [
            item("news", 2, f"Garnet-4 from Daon: {when}, at 0.40/M", day=1),
        ])  # fmt: skip
        assert story.novelty == "follow-up", (when, story.why)
        assert "2024-05-23" in (story.why or ""), story.why
    (story,) = judged(before, [
        item("news", 2, "Garnet-4 from Daon, out since May 1, at 0.40/M", day=1),
    ])  # fmt: skip
    assert story.novelty == "repeat", story.why
    # A date yesterday's post named already is not new.
    before = [item("news", 1, "Daon releases Garnet-4, a 22B model, launching May 23")]
    (story,) = judged(before, [
        item("news", 2, "Garnet-4 from Daon: 5월 23일 출시, at 0.40/M", day=1),
    ])  # fmt: skip
    assert story.novelty == "repeat", story.why


def test_a_count_in_korean_units_is_the_figure_in_english() -> None:
    # 900만 is 9 million (not a bare 900, no fact in one post): it and a new version make a
    # follow-up.
    before = [item("news", 1, "Daon releases Garnet-4, a 22B model")]
    (story,) = judged(before, [
        item("x", 3, "다온 Garnet-4 1.7 버전 출시, 가입자 900만 명", day=1),
    ])  # fmt: skip
    assert story.novelty == "follow-up", story.why
    assert "9m" in (story.why or "") and "900" not in (story.why or ""), story.why
    # Told in Korean yesterday, the same count in English is no news.
    before = [item("news", 1, "다온, Garnet-4 공개… 가입자 900만 명, 1.7 버전")]
    (story,) = judged(before, [
        item("news", 2, "Garnet-4 from Daon, v1.7, has 9 million users", day=1),
    ])  # fmt: skip
    assert story.novelty == "repeat", story.why


def test_a_fingerprint_keeps_the_dates_its_story_names() -> None:
    (story,) = build_stories(
        [item("news", 1, "Daon will ship Garnet-4 on 2024-06-01, pricing from July 4")],
        until=T0 + timedelta(days=1),
    )
    print_ = fingerprint(story, "2024-05-03")
    assert print_.dates == ("2024-06-01", "2024-07-04")
    assert Fingerprint.from_json(json.loads(json.dumps(print_.to_json()))) == print_


def test_a_digit_that_starts_a_separated_number_is_no_version() -> None:
    from digest.stories.features import extract_all, settle_names

    text = "Scores on MATH, 1,024 samples and RetroPlan 1,024 runs; Dalbit 7 is out"
    (feats,) = settle_names(extract_all([item("news", 1, text)]))
    assert "dalbit7" in feats.names
    assert "math1" not in feats.names and "retroplan1" not in feats.names, feats.names


def test_a_makers_name_a_korean_post_keeps_in_latin_is_no_product() -> None:
    (story,) = build_stories(
        [item("news", 1, "Google DeepMind 팀이 새 연구를 공개했다. Meta AI 도 참여했다")],
        until=T0 + timedelta(days=1),
    )
    units = _units(_summarise(story))
    assert frozenset({"google", "deepmind"}) not in units, units
    assert frozenset({"meta", "ai"}) not in units, units


def test_covered_stories_are_one_topic_of_a_recap_only_through_a_rare_product() -> None:
    # Three covered launches each compare themselves with GPT-4o, as two more stories do: a
    # post going over the three is a recap of three topics, not of one through GPT-4o.
    from digest.stories.novelty import _Doc, _Index

    def told(day: int, product: str) -> Fingerprint:
        facts = {product: 2, "gpt-4o": 1}
        return Fingerprint(date=f"2024-05-0{day}", story=product, title=product, facts=facts,
                           names=tuple(facts), products=(product, "gpt-4o"))  # fmt: skip

    past = [told(1, "garnet-4"), told(2, "kite-2"), told(3, "tern-3"), told(1, "orrin-5"),
            told(2, "ferrum-6")]  # fmt: skip
    (story,) = build_stories(
        [item("news", 1, "This week: Garnet-4, Kite-2 and Tern-3, all against GPT-4o", day=3)],
        until=T0 + timedelta(days=4),
    )
    today = _summarise(story)
    index = _Index.of([_Doc.of(today.counts)], past)
    matched = {i for i, p in enumerate(index.past) if p.story in {"garnet-4", "kite-2", "tern-3"}}
    assert index.recap(today, matched)


def test_a_roundup_is_a_recap_when_its_covered_stories_outnumber_its_untold_products() -> None:
    # A weekly issue over three covered launches that also lists two products no post told.
    from digest.stories.novelty import _Doc, _Index

    def told(day: int, product: str) -> Fingerprint:
        return Fingerprint(date=f"2024-05-0{day}", story=product, title=product,
                           facts={product: 2}, names=(product,), products=(product,))  # fmt: skip

    past = [told(1, "garnet-4"), told(2, "kite-2"), told(3, "tern-3")]
    lines = ["Garnet-4", "Kite-2", "Tern-3", "Orrin-7", "Dunlin-8"]
    text = "This week in AI\n" + "".join(
        f"- {name} https://site{n}.example/post/{n}\n" for n, name in enumerate(lines)
    )
    (story,) = build_stories([item("news", 1, text, day=3)], until=T0 + timedelta(days=4))
    today = _summarise(story)
    assert today.roundup
    index = _Index.of([_Doc.of(today.counts)], past)
    assert index.recap(today, {0, 1, 2})
