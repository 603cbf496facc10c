"""The fetch stage against a sequential feedparser loop, over a local feed farm it starts.

    uv run python benchmarks/fetch.py --feeds 300 --latency 0.05 [--concurrency 16]

Serves ``--feeds`` RSS feeds of 20 items each on 127.0.0.1, every response (200 or 304)
after ``--latency`` seconds, with ETag and Last-Modified. Then, in one run, side by side:
a ``feedparser.parse(url)`` loop over every feed; the project's fetch stage
(``digest.pipeline.fetch_sources``) over a config of those feeds; and the ``--refetch`` rerun,
which sends the validators back. Prints one table row per run: feeds, seconds, speed-up over
the loop, bytes served and 304 answers.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.config import load, window_for  # noqa: E402
from digest.pipeline import fetch_sources  # noqa: E402
from tests.feeds import rss  # noqa: E402

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

        def do_GET(self) -> None:
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


def main(argv: list[str] | None = None) -> None:
    """Start the farm, run the three fetches and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per response")
    parser.add_argument("--concurrency", type=int, default=None, help="fetch.concurrency")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="digest-fetch-bench-"))
    try:
        config = work / "sources.yaml"
        config.write_text(
            "sources:\n  - type: rss\n    name: x\n    url: http://127.0.0.1/\n", encoding="utf-8"
        )
        window = window_for(load(config).config, DAY)
        farm = Farm([feed(n, window.since + timedelta(hours=1)) for n in range(args.feeds)], 0.0)
        server = serve(farm)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        urls = [f"{base}/{n}.xml" for n in range(args.feeds)]
        fetch = f"fetch:\n  concurrency: {args.concurrency}\n" if args.concurrency else ""
        config.write_text(
            fetch
            + "sources:\n"
            + "".join(
                f"  - type: rss\n    name: feed{n}\n    url: {u}\n" for n, u in enumerate(urls)
            ),
            encoding="utf-8",
        )
        settings = load(config)
        import feedparser

        farm.latency = args.latency
        rows: list[tuple[str, float, int, int, int]] = []

        started = time.perf_counter()
        entries = sum(len(feedparser.parse(url).entries) for url in urls)
        loop = time.perf_counter() - started
        assert entries == ITEMS * args.feeds, entries
        rows.append(("feedparser loop", loop, *farm.reset(), entries))

        with settings.state.open_archive() as archive:
            for label, refetch in (("fetch stage", False), ("--refetch rerun", True)):
                started = time.perf_counter()
                results = fetch_sources(settings, archive, window, now=NOW, refetch=refetch)
                seconds = time.perf_counter() - started
                failed = [r for r in results if r.status == "failed"]
                assert not failed, failed[0].error
                fetched = sum(r.fetched for r in results)
                rows.append((label, seconds, *farm.reset(), fetched))
        server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"{args.feeds} feeds x {ITEMS} items, {args.latency * 1000:.0f} ms per response, "
        f"fetch.concurrency {settings.config.fetch.concurrency}"
    )
    print(f"{'run':16s} {'feeds':>6s} {'seconds':>8s} {'speed-up':>9s} {'bytes':>10s} {'304s':>5s}")
    for label, seconds, sent, not_modified, _items in rows:
        print(
            f"{label:16s} {args.feeds:6d} {seconds:8.2f} {loop / seconds:8.1f}x "
            f"{sent:10d} {not_modified:5d}"
        )


if __name__ == "__main__":
    main()
