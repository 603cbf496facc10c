"""A build's second process (digest.stories.fork): the same result whether it forks or not."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from digest.models import Item
from digest.stories import features
from digest.stories.fork import can_fork, in_child


@pytest.fixture
def needs_fork() -> None:
    """Skip where no child can be forked now (checked when the test runs: a thread an earlier
    test left running also rules a fork out)."""
    if not can_fork():
        pytest.skip("no fork here")


@pytest.mark.usefixtures("needs_fork")
def test_the_work_runs_in_another_process_and_comes_back() -> None:
    parent = os.getpid()
    with in_child(lambda: (os.getpid(), ["Kapo", 3.5, None])) as result:
        pid, words = result()
    assert pid != parent
    assert words == ["Kapo", 3.5, None]


@pytest.mark.usefixtures("needs_fork")
def test_work_that_fails_in_the_child_is_done_here() -> None:
    parent = os.getpid()

    def work() -> str:
        if os.getpid() != parent:
            raise RuntimeError("broken in the child")
        return "done here"

    with in_child(work) as result:
        assert result() == "done here"


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_fork()
        with in_child(os.getpid) as result:
            assert result() == os.getpid()
    finally:
        stop.set()
        other.join()


@pytest.mark.usefixtures("needs_fork")
def test_a_child_whose_result_is_not_taken_is_stopped_at_the_end_of_the_block() -> None:
    fds = len(os.listdir("/proc/self/fd"))
    # More than a pipe holds: the child blocks writing until it is stopped.
    with pytest.raises(KeyError), in_child(lambda: "x" * 10_000_000) as result:
        raise KeyError("the build failed before it took the result")
    assert len(os.listdir("/proc/self/fd")) == fds
    with in_child(lambda: "x" * 10_000_000) as result:
        pass
    assert len(os.listdir("/proc/self/fd")) == fds
    with pytest.raises(RuntimeError):
        result()


@pytest.mark.usefixtures("needs_fork")
def test_a_result_is_taken_once() -> None:
    with in_child(lambda: 1) as result:
        assert result() == 1
        with pytest.raises(RuntimeError):
            result()


def test_a_small_day_is_read_without_a_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    from digest.stories import fork

    started: list[object] = []
    real = fork.in_child

    def counted(work: Callable[[], object]) -> object:
        started.append(work)
        return real(work)

    monkeypatch.setattr(fork, "in_child", counted)
    day = _day(50)
    assert features.extract_all(day) == [features._extract(i, features.MAX_CHARS) for i in day]
    assert features.extract_all([]) == []
    assert started == []


def _day(n: int) -> list[Item]:
    start = datetime(2024, 5, 4, tzinfo=UTC)
    words = ["Kapo", "3.5", "weights", "모델", "공개", "benchmark", "RAG", "v2.1", "latency"]
    return [
        Item(
            source=f"src{i % 7}",
            id=str(i),
            url=f"https://example.com/post/{i % 40}",
            title="Kapo 3.5" if i % 5 == 0 else "",
            text=" ".join(words[(i + k) % len(words)] for k in range(3 + i % 6))
            + (" https://github.com/org/kapo" if i % 3 == 0 else "")
            + (" …" if i % 11 == 0 else ""),
            published=start + timedelta(minutes=i),
            language="ko" if i % 4 == 0 else "en",
        )
        for i in range(n)
    ]


@pytest.mark.usefixtures("needs_fork")
def test_extract_all_reads_the_same_with_a_second_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    day = _day(300)
    alone = [features._extract(item, features.MAX_CHARS) for item in day]
    monkeypatch.setattr(features, "FORK_TEXTS", 10)
    forked_pids: list[int] = []
    real = features._read_text

    def read(item: Item, max_chars: int) -> features._Text:
        forked_pids.append(os.getpid())
        return real(item, max_chars)

    monkeypatch.setattr(features, "_read_text", read)
    both = features.extract_all(day)
    assert both == alone
    # The parent read only its share (it reads the links too): the rest happened in the child.
    texts = len({(i.title, i.text, i.language) for i in day})
    assert len(forked_pids) == texts * features.PARENT_SHARE // 8 < texts // 2


@pytest.mark.usefixtures("needs_fork")
def test_a_build_with_second_processes_makes_the_same_stories(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import digest.stories
    from digest.stories import build_stories, fork

    day = _day(300)
    until = day[-1].published + timedelta(hours=1)
    alone = build_stories(day, until=until)
    started: list[str] = []
    real = fork.in_child

    def counted(work: Callable[[], object]) -> object:
        started.append(getattr(work, "__name__", "?"))
        return real(work)

    monkeypatch.setattr(fork, "in_child", counted)
    monkeypatch.setattr(digest.stories, "FORK_ITEMS", 10)
    monkeypatch.setattr(features, "FORK_TEXTS", 10)
    fresh = [item.model_copy() for item in day]  # not read yet: extract_all reads them again
    assert build_stories(fresh, until=until) == alone
    assert "links_and_rewordings" in started
