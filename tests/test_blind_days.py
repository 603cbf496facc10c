"""The multi-day labelled set keeps its written spec: roles, counts, windows, labels."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import pytest

from benchmarks.blind_days import ROLES, DaySet, generate
from digest.models import Item
from digest.textclean import detect_language

SEEDS = (1, 2, 7)


@pytest.fixture(scope="module", params=SEEDS)
def dayset(request: pytest.FixtureRequest) -> DaySet:
    return generate(request.param)


def _dump(ds: DaySet) -> list[object]:
    return [
        (d.date, [i.model_dump_json() for i in d.items], sorted(d.labels.items())) for d in ds.days
    ] + [sorted((k, repr(v)) for k, v in ds.expected.items())]


def test_same_seed_same_set_other_seed_other_set() -> None:
    assert _dump(generate(5)) == _dump(generate(5))
    assert _dump(generate(5)) != _dump(generate(6))


def test_days_are_consecutive_seoul_windows(dayset: DaySet) -> None:
    assert len(dayset.days) == 4
    for n, day in enumerate(dayset.days):
        d = date(2024, 7, 1) + timedelta(days=n)
        assert day.date == d.isoformat()
        assert day.post_date == (d + timedelta(days=1)).isoformat()
        since, until = day.window.since, day.window.until
        assert str(since.tzinfo) == "Asia/Seoul" and (since.hour, since.minute) == (0, 0)
        assert until - since == timedelta(hours=24)
        assert since.date() == d


def test_labels_cover_every_item_once(dayset: DaySet) -> None:
    for day in dayset.days:
        keys = [i.key for i in day.items]
        assert len(keys) == len(set(keys)), "a fetch serves each key once"
        assert set(day.labels) == set(keys)
        for label in day.labels.values():
            assert label.role in ROLES
            if label.role != "rollover":  # a rollover keeps the event of what it rolls over
                assert (label.event is None) == (label.role in ("chatter", "recap"))


def test_items_are_valid(dayset: DaySet) -> None:
    for day in dayset.days:
        assert 70 <= len(day.items) <= 120
        sources = {i.source for i in day.items}
        assert len(sources) >= 7
        assert {"x-en", "x-ko", "ko-aitimes", "blogs", "mlwire"} <= sources
        langs = Counter(i.language for i in day.items)
        assert langs["ko"] >= 20 and langs["en"] >= 20
        for item in day.items:
            Item.model_validate(item.model_dump())
            assert item.published.tzinfo is not None
            assert item.url and item.url.startswith("https://")
            assert all(link.startswith("https://") for link in item.links)
            assert item.kind in ("rss", "x")
            assert item.language == detect_language(f"{item.title}\n{item.text}")
            assert item.text.strip()
            if item.kind == "x":
                assert re.fullmatch(r"https://x\.com/\w+/status/\d+", item.url)
                assert item.url.endswith("/" + item.id) and item.author.startswith("@")
                assert item.source in ("x-en", "x-ko") and not item.title
            else:
                assert item.title


def test_each_day_holds_every_role_as_specified(dayset: DaySet) -> None:
    for n, day in enumerate(dayset.days):
        labels = list(day.labels.values())
        roles = Counter(lb.role for lb in labels)
        hows = Counter((lb.role, lb.how) for lb in labels)
        events = {
            (lb.role, lb.how): {x.event for x in labels if (x.role, x.how) == (lb.role, lb.how)}
            for lb in labels
        }
        assert roles["first"] >= 9 and roles["chatter"] >= 12
        if n == 0:
            assert set(roles) == {"first", "chatter"}
            continue
        assert hows["repeat", "link"] >= 3
        assert hows["repeat", "reworded"] >= 2
        assert hows["repeat", "translated"] >= 1
        assert hows["repeat", "press"] >= 1
        assert len(events["follow_up", "new_facts"]) >= 2
        assert len(events["follow_up", "shared_link"]) >= 1
        assert len(events["unrelated_same_company", ""]) >= 2
        assert roles["late"] == 2 and roles["republished"] == 1 and roles["rollover"] >= 3
        assert roles["recap"] == (1 if n >= 2 else 0)


def test_late_items_are_published_earlier_and_listed_only_the_next_day(dayset: DaySet) -> None:
    for before, day in zip(dayset.days, dayset.days[1:], strict=False):
        late = [i for i in day.items if day.labels[i.key].role == "late"]
        assert len(late) == 2
        for item in late:
            local = item.published.astimezone(before.window.since.tzinfo)
            assert item.published in before.window and item.published not in day.window
            assert (local.hour, local.minute >= 40) == (23, True)
            assert item.key not in before.labels
            assert day.labels[item.key].window_day == before.date
        assert sorted(dayset.expected[day.date].late) == sorted(i.key for i in late)
    last = dayset.days[-1]
    assert not any(i.published in last.window and i.key not in last.labels for i in last.items)


def test_republished_and_rollover_items_match_the_day_before(dayset: DaySet) -> None:
    for before, day in zip(dayset.days, dayset.days[1:], strict=False):
        old = {i.key: i for i in before.items}
        for item in day.items:
            label = day.labels[item.key]
            if label.role == "republished":
                first = old[item.key]
                assert item.source == "ko-community" and item.id == item.url
                assert (first.url, first.title, first.text) == (item.url, item.title, item.text)
                assert first.published in before.window and item.published in day.window
                assert label.event == before.labels[item.key].event
            elif label.role == "rollover":
                assert old[item.key] == item and item.published in before.window
                assert label.event == before.labels[item.key].event
            elif label.role != "late":
                assert item.published in day.window
                assert item.key not in old


def test_follow_ups_bring_new_facts_and_share_links_only_when_labelled(dayset: DaySet) -> None:
    earlier_links: dict[str, set[str]] = {}
    for day in dayset.days:
        for item in day.items:
            label = day.labels[item.key]
            if label.role == "follow_up":
                shared = set(item.links) & earlier_links.get(label.event or "", set())
                assert bool(shared) == (label.how == "shared_link")
                assert len(label.new_facts) >= (2 if label.how == "shared_link" else 3)
                assert label.seen is not None and label.seen <= day.date
        for item in day.items:
            label = day.labels[item.key]
            if label.event:
                earlier_links.setdefault(label.event, set()).update(item.links)
                if item.url:
                    earlier_links[label.event].add(item.url)


def test_recaps_link_four_or_five_earlier_stories(dayset: DaySet) -> None:
    told: dict[str, set[str]] = {}
    for day in dayset.days:
        for item in day.items:
            label = day.labels[item.key]
            if label.role == "recap":
                assert 4 <= len(label.covers) == len(item.links) <= 5
                assert all(e in told for e in label.covers)
                assert all(any(link in told[e] for link in item.links) for e in label.covers)
        for item in day.items:
            label = day.labels[item.key]
            if label.event:
                told.setdefault(label.event, set()).update([*item.links, item.url or ""])


def test_expected_outcomes_follow_the_labels(dayset: DaySet) -> None:
    covered: dict[str, str] = {}  # event -> post date of its latest covering post
    for day in dayset.days:
        exp = dayset.expected[day.date]
        assert exp.post_date == day.post_date
        in_window = {
            lb.event
            for lb in day.labels.values()
            if lb.event and lb.role not in ("late", "rollover")
        }
        events = [s.event for s in exp.stories if not s.event.startswith("recap:")]
        assert sorted(events) == sorted(in_window)
        for story in exp.stories:
            roles = {day.labels[k].role for k in story.keys}
            if story.verdict == "new":
                assert story.event not in covered and roles & {"first", "unrelated_same_company"}
                assert story.seen is None
            elif story.verdict == "follow-up":
                assert roles == {"follow_up"} and story.seen == covered[story.event]
            else:
                assert story.verdict == "repeat"
                assert roles <= {"repeat", "republished", "recap"}
                assert story.seen is not None and story.seen < day.post_date
                assert set(story.keys) <= set(exp.absent)
        for label in day.labels.values():
            if label.role == "unrelated_same_company":
                assert label.company_of in covered and label.event not in covered
        for story in exp.stories:
            if story.verdict != "repeat":
                covered[story.event] = day.post_date
        for key in exp.late:
            covered[day.labels[key].event or ""] = day.post_date
        for key in exp.absent:
            assert day.labels[key].role in ("repeat", "recap", "republished", "rollover")


def test_main_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    from benchmarks import blind_days

    argv = sys.argv
    sys.argv = ["blind_days.py", "--seed", "1"]
    try:
        blind_days.main()
    finally:
        sys.argv = argv
    out = capsys.readouterr().out
    assert out.count("items") == 4 and "republished 1" in out and "recap 1" in out
