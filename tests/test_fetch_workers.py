"""Feeds parsed in worker processes give what the fetching threads give, in the same order."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from digest import fetch
from digest.archive import Archive
from digest.config import load
from digest.errors import FetchError
from digest.fetch import ParseWorkers, fetch_sources
from digest.models import Item, Window
from digest.sources.rss import parse_feed

ROOT = Path(__file__).parent.parent
REAL = ROOT / "tests" / "fixtures" / "real" / "feeds"
FEEDS = [
    REAL / "feed-rs" / "rss2" / "rss_2.0_cloudflare.xml",
    REAL / "feed-rs" / "atom" / "atom_example_6.xml",
    REAL / "feed-rs" / "rss0" / "rss_0.91_spec_1.xml",  # no dates: dated when first seen
    REAL / "feed-rs" / "rss1" / "rss_1.0_spec_1.xml",
    REAL / "feed-rs" / "jsonfeed" / "jsonfeed_spec_1.json",  # refused
    REAL / "illformed" / "rss_item_link_corrupted_ampersands.xml",
    ROOT / "examples" / "sample" / "feeds" / "weekly-ko.xml",
    ROOT / "examples" / "sample" / "feeds" / "geeknews-kr.xml",
    ROOT / "examples" / "sample" / "feeds" / "lab-blog.atom",
]
EVER = Window(datetime(1990, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def parsed(path: Path, workers: ParseWorkers | None) -> tuple[list[Item], Counter[str]] | str:
    """The items of a feed file and what was skipped, or its error."""
    skipped: Counter[str] = Counter()
    try:
        items = parse_feed(
            path.read_bytes(), source="f", where=str(path), undated_at=lambda _id: NOW,
            skipped=skipped, workers=workers,
        )  # fmt: skip
    except FetchError as exc:
        return str(exc)
    return items, skipped


@pytest.fixture
def workers() -> Iterator[ParseWorkers]:
    pool = ParseWorkers(start_at=1, cpus=2)
    try:
        assert pool.submit(int).result() == 0  # the first document starts them...
        assert pool.wait_ready(timeout=120)  # ...and from now on they parse
        yield pool
    finally:
        pool.shutdown()


def test_a_feed_parsed_in_a_worker_gives_the_same_items(workers: ParseWorkers) -> None:
    assert workers.submit(os.getpid).result() != os.getpid()  # it is another process
    for path in FEEDS:
        assert parsed(path, workers) == parsed(path, None), path


def test_when_a_worker_dies_the_feed_is_parsed_in_its_thread(workers: ParseWorkers) -> None:
    with pytest.raises(Exception, match="terminated abruptly"):
        workers.submit(os._exit, 1).result()
    assert parsed(FEEDS[0], workers) == parsed(FEEDS[0], None)


Outcome = tuple[str, str, int, str | None, list[str], dict[str, int]]


def run(tmp_path: Path, name: str, workers_from: int) -> tuple[list[Outcome], list[Item]]:
    """A fetch of every feed file (each three times over) into a new archive."""
    folder = tmp_path / name
    folder.mkdir()
    lines = [f"  - {{type: rss, name: f{k}, url: '{p}'}}" for k, p in enumerate(FEEDS * 3)]
    config = folder / "sources.yaml"
    config.write_text("sources:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    with Archive(folder / "archive.db") as archive:
        results = fetch_sources(
            load(config), archive, EVER, now=NOW, refetch=False, workers_from=workers_from
        )
        items = archive.items_between(EVER.since, EVER.until)
    return [(r.name, r.status, r.fetched, r.error, r.notes, r.skipped) for r in results], items


def test_the_fetch_stage_gives_the_same_with_workers_or_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[bool] = []

    class Watched(ParseWorkers):
        def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
            started.append(self.started)
            super().shutdown(wait, cancel_futures=cancel_futures)

    monkeypatch.setattr(fetch, "ParseWorkers", Watched)
    monkeypatch.setattr(fetch.os, "cpu_count", lambda: 2)
    threads = run(tmp_path, "threads", workers_from=10**6)
    assert started == []  # 27 feeds: fewer than asked for, so no worker was started
    processes = run(tmp_path, "processes", workers_from=2)
    assert started == [True]
    assert processes == threads
    results, items = threads
    assert len(items) > 20 and [r[1] for r in results].count("failed") == 3


def test_workers_start_at_once_when_enough_feeds_will_send_a_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fetch.os, "cpu_count", lambda: 2)
    # A rerun whose feeds all kept their validators: started only by the 32nd document.
    with fetch._parse_workers(40, 32, unconditional=31) as workers:
        assert workers is not None and not workers.started
    # A first fetch of 40 feeds: started before the first download is back.
    with fetch._parse_workers(40, 32, unconditional=40) as workers:
        assert workers is not None and workers.started
        assert workers.wait_ready(timeout=120)
        assert workers.submit(os.getpid).result() != os.getpid()
