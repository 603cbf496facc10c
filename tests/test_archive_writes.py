"""What one source's fetch writes to the archive: one transaction, shared with the sources
that finish meanwhile (real SQLite, real threads)."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from digest.archive import Archive, SourceFetch, Validators
from digest.models import Item

NOW = datetime(2024, 5, 4, 0, 30, tzinfo=UTC)


def fetched(k: int, *, nameless: bool = False) -> SourceFetch:
    name: Any = None if nameless else f"s{k}"
    item = Item(source=f"s{k}", id=f"e{k}", title=f"Kapo {k}", published=NOW)
    url = f"https://kapo.example/{k}.xml"
    return SourceFetch(
        name, NOW, True, 1, items=(item,), validators=(Validators(url, f'"v{k}"', None, 200, NOW),)
    )


def counts(path: Path) -> tuple[int, int, int]:
    with sqlite3.connect(path) as db:
        return tuple(  # type: ignore[return-value]
            db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("items", "fetch_state", "source_runs")
        )


def record_while_committing(archive: Archive, lock: Any, sources: int = 8) -> list[str]:
    """Record ``sources`` fetches from threads of their own (``source0``...) while ``lock`` is
    held, as by a commit under way, until all of them queue; then let them finish. The
    COMMIT statements the archive ran."""
    commits: list[str] = []
    archive._db.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    threads = [
        threading.Thread(target=archive.record_fetch, args=(fetched(k),), name=f"source{k}")
        for k in range(sources)
    ]
    with lock:
        for thread in threads:
            thread.start()
        while len(archive._pending) < sources:
            threading.Event().wait(0.01)
    for thread in threads:
        thread.join(10)
    return commits


def test_sources_that_finish_while_a_commit_waits_share_the_next_one(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    with Archive(path) as archive:
        commits = record_while_committing(archive, archive._lock)
        assert archive.fetch_state("https://kapo.example/3.xml") is not None
        assert archive.last_good_fetch("s7") == NOW
    assert len(commits) == 1
    assert counts(path) == (8, 8, 8)


class CountedLock:
    """The archive's lock, counting the threads that took it."""

    def __init__(self, lock: Any) -> None:
        self.lock = lock
        self.takers: list[str] = []

    def __enter__(self) -> CountedLock:
        self.lock.acquire()
        self.takers.append(threading.current_thread().name)
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


def test_a_source_whose_write_another_committed_does_not_wait_for_the_lock(
    tmp_path: Path,
) -> None:
    # 8 sources finish while a commit is under way; one of them commits all 8. The other 7
    # are done when that commit is: they must not queue for the archive's lock (behind reads,
    # or later sources' commits) before they return.
    path = tmp_path / "a.sqlite3"
    with Archive(path) as archive:
        lock = archive._lock = CountedLock(archive._lock)  # type: ignore[assignment]
        commits = record_while_committing(archive, lock)
        takers = {name for name in lock.takers if name.startswith("source")}
    assert len(commits) == 1 and counts(path) == (8, 8, 8)
    assert len(takers) == 1  # the one that committed


def test_a_write_that_fails_fails_its_own_source_alone(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    errors: dict[int, BaseException] = {}
    with Archive(path) as archive:

        def write(k: int) -> None:
            try:  # source 5 has no name: its run cannot be stored (NOT NULL)
                archive.record_fetch(fetched(k, nameless=k == 5))
            except BaseException as exc:
                errors[k] = exc

        with archive._lock:
            threads = [threading.Thread(target=write, args=(k,)) for k in range(8)]
            for thread in threads:
                thread.start()
            while len(archive._pending) < 8:
                threading.Event().wait(0.01)
        for thread in threads:
            thread.join(10)
        assert archive.fetch_state("https://kapo.example/5.xml") is None  # rolled back with it
    assert list(errors) == [5] and isinstance(errors[5], sqlite3.Error)
    assert counts(path) == (7, 7, 7)


def test_one_source_alone_is_stored_at_once(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    with Archive(path) as archive:
        archive.record_fetch(fetched(1))
        assert archive.get_items(["s1:e1"])["s1:e1"].title == "Kapo 1"
        with pytest.raises(sqlite3.Error):
            archive.record_fetch(fetched(2, nameless=True))
    assert counts(path) == (1, 1, 1)
