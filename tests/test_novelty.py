"""Novelty across days: yesterday's story is not served again unless there is news in it."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from digest.cli import app
from digest.config import load
from digest.errors import ExitCode
from digest.models import Item
from digest.pipeline import BuildOptions, build
from digest.stories import build_stories
from digest.stories.novelty import Fingerprint, fingerprint, mark_novelty
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


def test_an_engagement_jump_makes_a_follow_up() -> None:
    (story,) = today(
        item("x", 3, "Solar Pro 2 by Upstage", day=1, links=(ARTICLE,),
             engagement={"likes": 5000, "reposts": 900}),
    )  # fmt: skip
    assert story.novelty == "follow-up" and "engagement" in story.why


def test_an_unrelated_story_is_new() -> None:
    (story,) = today(item("x", 3, "Kakao announces Kanana 2 with 128K context", day=1))
    assert story.novelty == "new" and story.seen is None


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
