"""Fetching: every enabled source into the archive at once, and the ones that keep failing.

``fetch_sources`` runs each source's fetch in a thread pool; a source fetched after the
window closed is not fetched again (unless ``refetch``), and a failure in one stops no other.
Downloading waits on the network, but parsing a feed is CPU work that threads cannot share
out: from the ``WORKERS_FROM``-th feed document on, feeds are parsed in worker processes (one
per CPU) while the threads go on downloading. Each source's items are the same either way,
in the same order.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    BrokenExecutor,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
    wait,
)
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from digest.archive import Archive, SourceFetch
from digest.config import Settings
from digest.errors import DigestError
from digest.feeds import start_worker
from digest.health import source_health
from digest.models import Item, Window
from digest.report import SourceResult
from digest.sources import FetchContext, SourceBase
from digest.sources.rss import RssSource

WORKERS_FROM = 32
"""Feed documents to parse in one fetch from which the rest are parsed in worker processes
(started at once when as many feeds are fetched without validators: each will send one).

Starting the workers costs one interpreter importing ``PRELOAD`` (the fork server, 0.4-0.5 s
of CPU, once per process), then 0.02-0.08 s of CPU per worker; parsing a 20-entry feed takes
about 15 ms: below a few dozen feeds (every test run, a rerun whose feeds answer 304)
the fetching threads parse about as fast as a pool could start."""

PRELOAD = ("digest.cli", "digest.feeds", "feedparser.api")
"""What the fork server imports once, before the workers are forked from it: with spawned
workers each would import them again (0.2-0.3 s of CPU apiece).

``digest.cli`` is there because a worker forked from the fork server still runs the
program's main script again before its first task (as a spawned one would); for the
``digest`` command that script imports ``digest.cli`` (typer, click): preloaded, a worker
costs 0.02-0.03 s of CPU, 0.12-0.19 s without it.

The preload needs ``digest`` importable in a fresh interpreter of this Python, as it is when
installed (the fork server is given this process's ``sys.path`` but does not apply it). A
module it cannot import is skipped: each worker then imports it itself, which gives the same
feeds and only loses the saving."""

CONDITIONAL_IN_FLIGHT = 4
"""Conditional requests (a feed whose validators were kept) in flight at once, as a multiple
of ``fetch.concurrency``.

``fetch.concurrency`` bounds the sources being downloaded and parsed at once. An answer of
304 Not Modified costs no CPU and almost no bytes, so a source whose request is conditional
waits for its answer outside that bound and joins it only if a document comes back, before
its body is read (``FetchContext.before_body``): a rerun whose feeds are unchanged spends its
time waiting for the network, up to ``CONDITIONAL_IN_FLIGHT`` times as many requests at once
(the client's connection pool grows to match). At most ``fetch.concurrency`` documents are
read and parsed at once either way; a document whose body read fails waits out its retry's
backoff inside the bound, as an unconditional request does."""

T = TypeVar("T")


def fetch_sources(
    settings: Settings,
    archive: Archive,
    window: Window,
    *,
    now: datetime,
    refetch: bool,
    on_done: Callable[[SourceResult], None] | None = None,
    workers_from: int = WORKERS_FROM,
) -> list[SourceResult]:
    """Fetch every enabled source concurrently into the archive; a failure stops no other.

    With ``workers_from`` feeds or more to fetch (and more than one CPU), the feed documents
    from the ``workers_from``-th on are parsed in worker processes (``ParseWorkers``).
    """
    config = settings.config
    results: dict[str, SourceResult] = {}
    todo: list[SourceBase] = []
    for source in config.sources:
        if not source.enabled:
            results[source.name] = SourceResult(source.name, source.type, "disabled")
            continue
        last = archive.last_good_fetch(source.name)
        if not refetch and last is not None and last >= window.until:
            # Fetched after the window closed: everything in it is archived already.
            results[source.name] = SourceResult(source.name, source.type, "cached")
            if on_done:
                on_done(results[source.name])
            continue
        todo.append(source)
    if not todo:  # nothing to fetch: no HTTP client (its TLS set-up alone is ~0.1 s)
        return [results[s.name] for s in config.sources]

    feeds = sum(isinstance(source, RssSource) for source in todo)
    concurrency = config.fetch.concurrency
    conditional = {s.name for s in todo if _conditional(s, archive)}
    unconditional = sum(isinstance(s, RssSource) and s.name not in conditional for s in todo)
    threads = min(len(todo), concurrency * (CONDITIONAL_IN_FLIGHT if conditional else 1))
    working = threading.BoundedSemaphore(concurrency)  # sources downloaded or parsed at once
    with (
        FetchContext.open(
            settings, archive, window, now=now, refetch=refetch,
            max_connections=max(threads, concurrency),
        ) as ctx,
        _parse_workers(feeds, workers_from, unconditional=unconditional) as workers,
    ):  # fmt: skip

        def run(source: SourceBase) -> SourceResult:
            started = time.monotonic()
            slot = _Slot(working)
            if source.name not in conditional:
                slot.take()
            own = replace(
                ctx, unchanged=[], notes=[], outside=[], skipped=Counter(), workers=workers,
                validators=[], before_body=slot.take,
            )  # fmt: skip
            items: list[Item] = []
            try:
                items = source.fetch(own)
            except DigestError as exc:
                result = SourceResult(source.name, source.type, "failed", error=_one_line(str(exc)))
            except Exception as exc:  # a bug in one source must not stop the others
                result = _unexpected(source, exc)
            else:
                status = "not-modified" if own.unchanged and not items else "ok"
                result = SourceResult(source.name, source.type, status, fetched=len(items))
            finally:
                slot.release()
            ok = result.status != "failed"
            fetched = SourceFetch(
                source.name, now, ok, result.fetched, result.error,
                items=tuple([*items, *own.outside]) if ok else (),
                # A failed source keeps no validators: a 304 would then stand for entries
                # that were never read.
                validators=tuple(own.validators or ()) if ok else (),
            )  # fmt: skip
            try:  # the validators, the items and the run, in one transaction
                archive.record_fetch(fetched)
            except Exception as exc:  # the items could not be stored: the source failed
                result = _unexpected(source, exc)
                archive.record_source_run(source.name, now, False, 0, result.error)
            result.notes = list(own.notes)
            result.outside = len(own.outside)
            result.skipped = {k: n for k, n in own.skipped.most_common() if n > 0}
            result.seconds = round(time.monotonic() - started, 3)
            return result

        with ThreadPoolExecutor(max_workers=max(threads, 1)) as pool:
            futures = [pool.submit(run, s) for s in todo]
            for future in as_completed(futures):
                result = future.result()
                results[result.name] = result
                if on_done:
                    on_done(result)
    return [results[s.name] for s in config.sources]


class _Slot:
    """A source's place among the ``fetch.concurrency`` being downloaded or parsed: taken at
    most once, and given back at most once."""

    def __init__(self, working: threading.BoundedSemaphore) -> None:
        self._working = working
        self._held = False

    def take(self) -> None:
        if not self._held:
            self._working.acquire()
            self._held = True

    def release(self) -> None:
        if self._held:
            self._held = False
            self._working.release()


def _conditional(source: SourceBase, archive: Archive) -> bool:
    """Whether the source's request will be conditional: its document is an http(s) address
    whose validators were kept from an earlier fetch."""
    where = source.document()
    if not where or not where.startswith(("http://", "https://")):
        return False
    state = archive.fetch_state(where)
    return state is not None and bool(state.etag or state.last_modified)


class ParseWorkers(Executor):
    """Where feeds are parsed: in the calling thread for the first ``start_at - 1`` documents,
    then in worker processes (one per CPU) as soon as the first of them is up.

    A fetch whose feeds all answer 304 parses nothing and so starts no process. The workers
    are started from a thread of their own, and until one is ready the fetching threads go
    on parsing, so no download or parse waits for them; if none can be started (no process,
    or a fork server that died), every feed is parsed in its fetching thread. The processes
    are never forked from this process (it runs threads): they are forked from a fork server
    that imported the parser once (``PRELOAD``), or spawned where the platform has none (see
    ``_worker_context`` for what the fork server keeps).
    """

    def __init__(self, start_at: int, cpus: int) -> None:
        self.start_at = start_at
        self.cpus = cpus
        self.documents = 0
        self._pool: ProcessPoolExecutor | None = None
        self._starter: threading.Thread | None = None
        self._ready = threading.Event()
        self._lock = threading.Lock()

    @property
    def started(self) -> bool:
        """Whether the worker processes were started (or are being started)."""
        return self._starter is not None

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until a started worker is up, or its start failed; whether one is up."""
        starter = self._starter
        if starter is None:
            return False
        starter.join(timeout)
        return self._ready.is_set()

    def start(self) -> None:
        """Start the worker processes, if they were not (a fetch whose feeds will send
        documents: they are ready sooner, while the first downloads are in flight). Returns
        at once: they are started from a thread of their own."""
        with self._lock:
            self._begin()

    def _begin(self) -> None:
        if self._starter is None:
            self._starter = threading.Thread(
                target=self._start_pool, name="digest-parse-workers", daemon=True
            )
            self._starter.start()

    def _start_pool(self) -> None:
        """Start the workers and wait until the first is up (no lock held: with a fork
        server the first start waits for it to start, import ``PRELOAD`` and fork)."""
        pool = None
        try:
            pool = ProcessPoolExecutor(
                max_workers=self.cpus, mp_context=_worker_context(), initializer=start_worker
            )
            # A no-op submitted while none is idle starts one; the first answer means a
            # worker is up.
            warm = [pool.submit(int) for _ in range(self.cpus)]
            wait(warm, return_when=FIRST_COMPLETED)
            if not any(f.done() and f.exception() is None for f in warm):
                raise BrokenExecutor("no parse worker answered")
        except Exception:
            # No process could be started (OSError), the fork server died while starting or
            # forking (EOFError), or the first worker did: every feed is parsed here.
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
            return
        self._pool = pool
        self._ready.set()

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Run ``fn(*args, **kwargs)`` in a worker once they are ready, else here and now."""
        with self._lock:
            self.documents += 1
            if self.documents == self.start_at:
                self._begin()
        if self._pool is not None and self._ready.is_set():
            try:
                return self._pool.submit(fn, *args, **kwargs)
            except Exception:  # the pool broke, or a worker it replaced could not start
                pass
        done: Future[T] = Future()
        try:
            done.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            done.set_exception(exc)
        return done

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop the worker processes, if any were started (once their start is over)."""
        if self._starter is not None:
            self._starter.join()
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


def _worker_context() -> multiprocessing.context.BaseContext:
    """How worker processes start: forked from the fork server (which imports ``PRELOAD``
    when it starts), or spawned where there is no fork server (Windows).

    The fork server is one per process, shared by every pool that uses it, and it lives on:

    - it starts with the first worker and stays (idle, holding the memory of its imports)
      until this process ends, so a later fetch in the same process forks from it at once;
    - its workers get the environment variables the fork server had when it started:
      changes this process makes to ``os.environ`` after that are not seen;
    - ``set_forkserver_preload`` below sets the preload of that one fork server: if
      something else in this process started it first, ``PRELOAD`` is ignored without a
      word (each worker then imports the parser itself: the same feeds, more CPU).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))  # read when the fork server starts
    return context


@contextmanager
def _parse_workers(
    feeds: int, workers_from: int, *, unconditional: int = 0
) -> Iterator[ParseWorkers | None]:
    """Worker processes for a fetch of ``feeds`` feeds; ``None`` for fewer than
    ``workers_from`` feeds, or one CPU (then every feed is parsed in its fetching thread).

    With ``workers_from`` feeds or more fetched without validators (each will send its
    document), the workers are started at once; otherwise on the ``workers_from``-th
    document (a rerun whose feeds answer 304 starts none)."""
    # The CPUs this process may run on (a container or taskset may allow fewer than exist).
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if feeds < max(workers_from, 1) or cpus < 2:
        yield None
        return
    workers = ParseWorkers(max(workers_from, 1), cpus)
    if unconditional >= max(workers_from, 1):
        workers.start()
    try:
        yield workers
    finally:
        workers.shutdown(wait=True, cancel_futures=True)


def unhealthy_sources(settings: Settings, archive: Archive) -> list[str]:
    """A warning for each enabled source that failed or brought nothing for days running."""
    config = settings.config
    after = config.fetch.unhealthy_after
    found = []
    for source in config.sources:
        if source.enabled:
            health = source_health(source.name, archive.source_runs(source.name), config.tz)
            if health.unhealthy(after):
                found.append(f"source {source.name} {health.describe()}")
    return found


def _unexpected(source: SourceBase, exc: Exception) -> SourceResult:
    """A failed result for an error no source should raise (a bug, a broken archive)."""
    return SourceResult(
        source.name,
        source.type,
        "failed",
        error=f"unexpected {type(exc).__name__}: {_one_line(str(exc))[:200]}",
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())
