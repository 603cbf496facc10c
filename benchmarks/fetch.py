"""The fetch stage against a sequential feedparser loop, over a local feed farm it starts.

    uv run python benchmarks/fetch.py --feeds 300 --latency 0.05 [--runs 3] [--concurrency 16]
        [--workers-from N] [--profile 25]

Serves ``--feeds`` RSS feeds of 20 items each on 127.0.0.1, from a process of its own, every
response (200 or 304) after ``--latency`` seconds, with ETag and Last-Modified. Then, side
by side: a
``feedparser.parse(url)`` loop over every feed; the project's fetch stage
(``digest.fetch.fetch_sources``) into a new archive; and the ``--refetch`` rerun, which sends
the validators back. ``--runs`` repeats the three (each first fetch into a new archive) and
shows the median of each. Prints one table row per kind of run: feeds, seconds, speed-up over
the loop, bytes served, 304 answers and CPU seconds (this process, its parse workers and the
fork server they are forked from, not the farm); then the runs, the load average before and
after, and whether the parse workers started (``--workers-from``, default
``digest.fetch.WORKERS_FROM``).

``--profile N`` prints instead where a fetch stage's threads spend their time: a cProfile of
every source's fetch, the N functions with the most time of their own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.feeds import rss  # noqa: E402

if TYPE_CHECKING:
    from digest.config import Settings
    from digest.models import Item, Window
    from digest.sources import FetchContext

# digest is imported in main(): each parse worker (forked from the fork server, or spawned)
# runs this file again (as __mp_main__) before its first task, which should cost it nothing.

DAY = date(2024, 5, 4)
NOW = datetime(2024, 5, 4, 0, 30, tzinfo=UTC)
MODIFIED = format_datetime(datetime(2024, 5, 3, 20, 0, tzinfo=UTC), usegmt=True)
ITEMS = 20


def feed(n: int, start: datetime) -> bytes:
    """Feed ``n``: 20 items inside the window, each with a paragraph of HTML."""
    return rss(
        [
            {
                "title": f"Feed {n} post {k}: a model release with {k + 8}K context",
                "link": f"https://feed{n}.example/posts/{k}",
                "date": start + timedelta(minutes=k),
                "html": (
                    f"<p>Feed {n} writes about <b>model {k}</b>, its benchmarks and its "
                    f"licence. <a href='https://paper.example/{n}/{k}'>The paper</a> has "
                    "details on training data, evaluation and the context window.</p>"
                ),
                "author": f"writer{n}@example.com (Writer {n})",
            }
            for k in range(ITEMS)
        ],
        title=f"Feed {n}",
    )


@dataclass
class Farm:
    """The served feeds and what the server sent."""

    bodies: list[bytes]
    latency: float
    bytes_sent: int = 0
    not_modified: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, sent: int, not_modified: bool) -> None:
        with self.lock:
            self.bytes_sent += sent
            self.not_modified += not_modified

    def reset(self) -> tuple[int, int]:
        with self.lock:
            figures = (self.bytes_sent, self.not_modified)
            self.bytes_sent = self.not_modified = 0
        return figures


def serve(farm: Farm) -> ThreadingHTTPServer:
    """Start the farm's server on a free port of 127.0.0.1 (a daemon thread)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; with Nagle's algorithm on, the body would wait
        # for the client's delayed ACK (~40 ms) on a kept-alive connection, a delay no real
        # server adds (and one a loop that closes each connection never pays).
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            if self.path == "/stats":  # what was sent since the last call, as JSON
                sent, not_modified = farm.reset()
                answer = json.dumps({"bytes": sent, "not_modified": not_modified}).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
                return
            time.sleep(farm.latency)
            try:
                body = farm.bodies[int(self.path.strip("/").removesuffix(".xml"))]
            except (ValueError, IndexError):
                self.send_error(404)
                return
            etag = f'"{hash(body) & 0xFFFFFFFF:08x}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                farm.count(0, True)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", MODIFIED)
            self.end_headers()
            self.wfile.write(body)
            farm.count(len(body), False)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 1024
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class FarmProcess:
    """The feed farm in a process of its own (as the network is: its CPU is not the client's,
    and its threads do not take the client's GIL). ``reset`` asks it what it sent."""

    def __init__(self, feeds: int, start: datetime, latency: float) -> None:
        command = [sys.executable, __file__, "--serve-farm", str(feeds), "--start",
                   start.isoformat(), "--latency", str(latency)]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        self.base = self.process.stdout.readline().strip()
        assert self.base.startswith("http://127.0.0.1:"), self.base

    def reset(self) -> tuple[int, int]:
        """Bytes and 304 answers sent since the last reset."""
        with urllib.request.urlopen(f"{self.base}/stats") as answer:
            figures = json.loads(answer.read())
        return figures["bytes"], figures["not_modified"]

    def close(self) -> None:
        """Stop the farm (it stops when its standard input closes)."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def serve_farm(feeds: int, start: datetime, latency: float) -> None:
    """Serve the farm until standard input closes, its address printed first."""
    server = serve(Farm([feed(n, start) for n in range(feeds)], latency))
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    sys.stdin.read()
    server.shutdown()


def main(argv: list[str] | None = None) -> None:
    """Start the farm, run the three fetches (``--runs`` times) and print the table."""
    from digest.config import load, window_for
    from digest.fetch import WORKERS_FROM, fetch_sources

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per response")
    parser.add_argument("--concurrency", type=int, default=None, help="fetch.concurrency")
    parser.add_argument("--runs", type=int, default=1, help="repeat, and show the medians")
    parser.add_argument("--workers-from", type=int, default=WORKERS_FROM)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--serve-farm", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--start", type=datetime.fromisoformat, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    if args.serve_farm:
        serve_farm(args.serve_farm, args.start, args.latency)
        return

    work = Path(tempfile.mkdtemp(prefix="digest-fetch-bench-"))
    load_before = os.getloadavg()
    farm: FarmProcess | None = None
    try:
        config = work / "sources.yaml"
        config.write_text(
            "sources:\n  - type: rss\n    name: x\n    url: http://127.0.0.1/\n", encoding="utf-8"
        )
        window = window_for(load(config).config, DAY)
        farm = FarmProcess(args.feeds, window.since + timedelta(hours=1), args.latency)
        urls = [f"{farm.base}/{n}.xml" for n in range(args.feeds)]
        fetch = f"fetch:\n  concurrency: {args.concurrency}\n" if args.concurrency else ""
        sources = "sources:\n" + "".join(
            f"  - type: rss\n    name: feed{n}\n    url: {u}\n" for n, u in enumerate(urls)
        )
        if args.profile:
            config.write_text(fetch + sources, encoding="utf-8")
            profile(load(config), window, args.profile, args.workers_from)
            return
        import feedparser
        import feedparser.api

        # The loop reads XML as feedparser does out of the box, also after the fetch stage
        # gave this process's feedparser digest's SAX driver (digest.feeds.create_parser).
        stock_drivers = list(feedparser.api.PREFERRED_XML_PARSERS)
        runs: dict[str, list[tuple[float, float, int, int]]] = {}
        started_workers = []
        for run in range(args.runs):
            digest_drivers = feedparser.api.PREFERRED_XML_PARSERS
            feedparser.api.PREFERRED_XML_PARSERS = stock_drivers
            try:
                started, cpu = time.perf_counter(), cpu_seconds()
                entries = sum(len(feedparser.parse(url).entries) for url in urls)
                loop = time.perf_counter() - started
            finally:
                feedparser.api.PREFERRED_XML_PARSERS = digest_drivers
            assert entries == ITEMS * args.feeds, entries
            runs.setdefault("feedparser loop", []).append(
                (loop, cpu_seconds() - cpu, *farm.reset())
            )

            state = work / f"state-{run}"  # a new archive: the first fetch is a first fetch
            config.write_text(f"state_dir: {state}\n" + fetch + sources, encoding="utf-8")
            settings = load(config)
            with settings.state.open_archive() as archive:
                for label, refetch in (("fetch stage", False), ("--refetch rerun", True)):
                    started, cpu = time.perf_counter(), cpu_seconds()
                    with workers_started() as workers:
                        results = fetch_sources(
                            settings, archive, window, now=NOW, refetch=refetch,
                            workers_from=args.workers_from,
                        )  # fmt: skip
                    seconds = time.perf_counter() - started
                    failed = [r for r in results if r.status == "failed"]
                    assert not failed, failed[0].error
                    assert sum(r.fetched for r in results) == (0 if refetch else entries)
                    cpu = cpu_seconds() - cpu
                    runs.setdefault(label, []).append((seconds, cpu, *farm.reset()))
                    started_workers.append(f"{label}: {'yes' if any(workers) else 'no'}")
    finally:
        if farm is not None:
            farm.close()
        shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()

    print(
        f"{args.feeds} feeds x {ITEMS} items, {args.latency * 1000:.0f} ms per response, "
        f"fetch.concurrency {settings.config.fetch.concurrency}, {os.cpu_count()} CPUs"
    )
    print(
        f"{'run':16s} {'feeds':>6s} {'seconds':>8s} {'speed-up':>9s} {'bytes':>10s} "
        f"{'304s':>5s} {'CPU s':>6s}"
    )
    loop = statistics.median(seconds for seconds, *_ in runs["feedparser loop"])
    for label, figures in runs.items():
        seconds = statistics.median(s for s, *_ in figures)
        cpu = statistics.median(c for _, c, *_ in figures)
        sent, not_modified = figures[len(figures) // 2][2:]
        print(
            f"{label:16s} {args.feeds:6d} {seconds:8.2f} {loop / seconds:8.1f}x "
            f"{sent:10d} {not_modified:5d} {cpu:6.2f}"
        )
    print(
        f"median of {args.runs} run{'s' if args.runs > 1 else ''}; load average "
        f"{load_before[0]:.2f} before, {load_after[0]:.2f} after; parse workers (from "
        f"{args.workers_from} feeds) started: {', '.join(sorted(set(started_workers)))}"
    )


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the parse workers and the fork
    server they came from, once the fetch stage stopped them; the farm runs until the end)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


@contextmanager
def workers_started() -> Iterator[list[bool]]:
    """Whether the fetch stage run inside started its parse workers (one flag per stage).

    The fork server the workers come from is stopped with them: each run starts its own, as
    a ``digest`` command does, and its CPU time (its workers' with it) is counted."""
    import multiprocessing.forkserver

    import digest.fetch

    started: list[bool] = []
    plain = digest.fetch.ParseWorkers

    class Watched(plain):  # type: ignore[misc, valid-type]
        def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
            started.append(self.started)
            super().shutdown(wait, cancel_futures=cancel_futures)
            # The standard library's own tests stop it so; there is no public way (where
            # there is no such method, the fork server lives on and is not counted).
            stop = getattr(multiprocessing.forkserver._forkserver, "_stop", None)
            if self.started and stop is not None:
                stop()

    digest.fetch.ParseWorkers = Watched  # type: ignore[misc]
    try:
        yield started
    finally:
        digest.fetch.ParseWorkers = plain  # type: ignore[misc]


def profile(settings: Settings, window: Window, top: int, workers_from: int) -> None:
    """A cProfile of every source's fetch in the fetch stage's threads, summed."""
    import cProfile
    import pstats

    from digest.fetch import fetch_sources
    from digest.sources.base import SourceBase

    profiles: dict[int, cProfile.Profile] = {}
    fetch_one = SourceBase.fetch

    def profiled(self: SourceBase, ctx: FetchContext) -> list[Item]:
        own = profiles.setdefault(threading.get_ident(), cProfile.Profile())
        own.enable()
        try:
            return fetch_one(self, ctx)
        finally:
            own.disable()

    SourceBase.fetch = profiled  # type: ignore[method-assign]
    try:
        with settings.state.open_archive() as archive:
            started = time.perf_counter()
            cpu = time.process_time()
            fetch_sources(
                settings, archive, window, now=NOW, refetch=False, workers_from=workers_from
            )
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        SourceBase.fetch = fetch_one  # type: ignore[method-assign]
    print(f"fetch stage: {wall:.2f} s, {cpu:.2f} s CPU in this process")
    stats = pstats.Stats(*profiles.values())
    stats.sort_stats("tottime").print_stats(top)


if __name__ == "__main__":
    main()
