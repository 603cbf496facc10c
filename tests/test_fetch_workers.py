"""Feeds parsed in worker processes give what the fetching threads give, in the same order."""

from __future__ import annotations

import os
import threading
import time
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


@pytest.fixture
def own_fork_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fork server of the test's own, started with ``PRELOAD`` and a folder of modules
    (importable by its ``PYTHONPATH``, which the fork server inherits); stopped after."""
    import multiprocessing.forkserver

    # The fork server is one per process: one started before would ignore the preload.
    stop = multiprocessing.forkserver._forkserver._stop  # type: ignore[attr-defined]
    stop()
    path = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), *([path] if path else [])]))
    try:
        yield tmp_path
    finally:
        stop()


def test_a_fork_server_that_dies_while_starting_leaves_every_feed_to_its_thread(
    own_fork_server: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (own_fork_server / "digest_test_broken_preload.py").write_text(
        "raise RuntimeError('a preload that fails')\n", encoding="utf-8"
    )
    monkeypatch.setattr(fetch, "PRELOAD", (*fetch.PRELOAD, "digest_test_broken_preload"))
    pool = ParseWorkers(start_at=1, cpus=2)
    try:
        pool.start()  # the fork server dies on its preload: EOFError where it forks
        assert not pool.wait_ready(timeout=120)  # the start is over, and no worker is up
        assert pool.submit(os.getpid).result() == os.getpid()
        assert parsed(FEEDS[0], pool) == parsed(FEEDS[0], None)
    finally:
        pool.shutdown()


def test_a_submit_does_not_wait_for_the_workers_to_start(
    own_fork_server: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fork server stops in its preload until the test opens the gate (a FIFO).
    reached, gate = own_fork_server / "reached", own_fork_server / "gate"
    os.mkfifo(gate)
    (own_fork_server / "digest_test_gated_preload.py").write_text(
        f"open({str(reached)!r}, 'w').close()\nopen({str(gate)!r}).read()\n", encoding="utf-8"
    )
    monkeypatch.setattr(fetch, "PRELOAD", (*fetch.PRELOAD, "digest_test_gated_preload"))
    pool = ParseWorkers(start_at=1, cpus=2)
    starter = threading.Thread(target=pool.start, daemon=True)
    pids: list[int] = []
    other = threading.Thread(target=lambda: pids.append(pool.submit(os.getpid).result()))
    try:
        try:
            starter.start()
            for _ in range(1200):  # until the fork server is inside its preload
                if reached.exists():
                    break
                time.sleep(0.1)
            assert reached.exists()
            # The pool is starting and cannot be ready before the gate opens: another
            # thread's submit is parsed in that thread, at once, and start() came back.
            other.start()
            other.join(timeout=30)
            starter.join(timeout=30)
            assert not other.is_alive() and not starter.is_alive()
            assert pids == [os.getpid()] and not pool.wait_ready(timeout=0)
        finally:
            with open(gate, "w"):  # the fork server goes on
                pass
            starter.join()
        assert pool.wait_ready(timeout=120)
        assert pool.submit(os.getpid).result() != os.getpid()
    finally:
        pool.shutdown()
