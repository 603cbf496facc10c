"""Conditional requests inside whole builds: reruns answered with 304, validators per window,
and a connection pool as large as the fetch concurrency."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from digest.archive import Archive
from digest.config import load
from digest.errors import ExitCode
from digest.http import FetchSettings, OnDemandClient
from digest.models import Window
from digest.pipeline import BuildOptions, build
from digest.sources import FetchContext
from tests.feeds import rss
from tests.httpserver import LocalServer, Reply

DAY = date(2024, 5, 4)
NOW = datetime(2024, 5, 4, 0, 30, tzinfo=UTC)  # after the window of DAY closed (00:00 KST)
WHEN = datetime(2024, 5, 3, 3, 0, tzinfo=UTC)  # noon in Seoul on May 3: inside DAY's window
RSS = {"Content-Type": "application/rss+xml"}


class Feeds:
    """Feeds that answer 304 to a matching ``If-None-Match`` or ``If-Modified-Since``."""

    def __init__(self) -> None:
        self.not_modified = 0
        self.full = 0
        self._lock = threading.Lock()

    def route(
        self, body: bytes, *, etag: str | None = None, stamp: str | None = None
    ) -> Callable[[BaseHTTPRequestHandler], Reply]:
        def answer(handler: BaseHTTPRequestHandler) -> Reply:
            same = (etag is not None and handler.headers.get("If-None-Match") == etag) or (
                stamp is not None and handler.headers.get("If-Modified-Since") == stamp
            )
            with self._lock:
                if same:
                    self.not_modified += 1
                else:
                    self.full += 1
            validators = {"ETag": etag} if etag else {"Last-Modified": stamp or ""}
            return (
                Reply(304, headers=validators) if same else Reply(200, body, {**RSS, **validators})
            )

        return answer


def feed(k: int, when: datetime = WHEN) -> bytes:
    return rss([{"title": f"Kapo {k}.0 ships", "link": f"https://kapo.example/{k}", "date": when,
                 "html": f"<p>Kapo {k}.0 ships with a {k}M context window.</p>"}])  # fmt: skip


def config(tmp_path: Path, urls: list[str], extra: str = "") -> Path:
    path = tmp_path / "sources.yaml"
    lines = [f"  - {{type: rss, name: f{k}, url: '{url}'}}" for k, url in enumerate(urls)]
    path.write_text(extra + "sources:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_refetch_over_unchanged_feeds_is_answered_with_304(tmp_path: Path) -> None:
    feeds = Feeds()
    stamp = "Fri, 03 May 2024 03:00:00 GMT"
    routes = {f"/{k}.xml": feeds.route(feed(k), etag=f'"v{k}"') for k in range(3)}
    routes |= {f"/{k}.xml": feeds.route(feed(k), stamp=stamp) for k in range(3, 6)}
    with LocalServer(routes) as server:
        path = config(tmp_path, [server.url(f"/{k}.xml") for k in range(6)])
        out = tmp_path / "out"
        first = build(load(path), BuildOptions(day=DAY, out_dir=out, now=NOW))
        post = Path(first.post or "").read_text(encoding="utf-8")
        assert (feeds.full, feeds.not_modified) == (6, 0)
        again = build(
            load(path),
            BuildOptions(day=DAY, out_dir=out, now=NOW + timedelta(hours=1), refetch=True),
        )
        sent = server.requests[6:]
    assert first.exit_code == again.exit_code == ExitCode.OK
    assert (feeds.full, feeds.not_modified) == (6, 6)
    assert {s.status for s in again.sources} == {"not-modified"}
    assert sum(s.fetched for s in again.sources) == 0
    etags = sorted(r.headers["if-none-match"] for r in sent if "if-none-match" in r.headers)
    assert etags == ['"v0"', '"v1"', '"v2"']
    assert [r.headers.get("if-modified-since") for r in sent].count(stamp) == 3
    # The archived items stand in for the unchanged feeds: the same post again.
    assert again.items_in_window == first.items_in_window == 6
    assert Path(again.post or "").read_text(encoding="utf-8") == post


def test_a_304_on_the_next_day_finds_what_the_first_run_read_outside_its_window(
    tmp_path: Path,
) -> None:
    # The feed holds one entry of May 3 and one of May 4 (Seoul). The run for May 4's post
    # keeps the first in its post and archives the second; the next day's run gets a 304 for
    # the unchanged feed and must still find the May 4 entry, in the archive.
    body = rss([
        {"title": "Kapo 3 ships", "link": "https://kapo.example/3", "date": WHEN,
         "html": "<p>Kapo 3 ships with a 3M context window.</p>"},
        {"title": "Kapo 4 ships", "link": "https://kapo.example/4",
         "date": NOW - timedelta(minutes=10), "html": "<p>Kapo 4 ships with a 4M context.</p>"},
    ])  # fmt: skip
    feeds = Feeds()
    with LocalServer({"/feed.xml": feeds.route(body, etag='"same"')}) as server:
        path = config(tmp_path, [server.url("/feed.xml")])
        out = tmp_path / "out"
        first = build(load(path), BuildOptions(day=DAY, out_dir=out, now=NOW))
        later = NOW + timedelta(days=1)
        options = BuildOptions(day=DAY + timedelta(days=1), out_dir=out, now=later)
        nextday = build(load(path), options)
        sent = [r.headers.get("if-none-match") for r in server.requests]
    assert (first.items_in_window, first.sources[0].fetched, first.sources[0].outside) == (1, 1, 1)
    assert sent == [None, '"same"'] and feeds.not_modified == 1
    assert nextday.sources[0].status == "not-modified" and nextday.items_in_window == 1
    assert "kapo.example/4" in Path(nextday.post or "").read_text(encoding="utf-8")


def test_a_feed_that_failed_keeps_no_validators(tmp_path: Path) -> None:
    # The first answer is a document the source cannot read (a broken upload); the server's
    # ETag does not change when it is fixed. Had the failed run kept that ETag, the next run
    # would get a 304 and never read the feed's entries.
    served = 0

    def flaky(handler: BaseHTTPRequestHandler) -> Reply:
        nonlocal served
        served += 1
        if served == 1:
            return Reply(200, b"<html><body>Service moved</body></html>", {**RSS, "ETag": '"v1"'})
        if handler.headers.get("If-None-Match") == '"v1"':
            return Reply(304, headers={"ETag": '"v1"'})
        return Reply(200, feed(1), {**RSS, "ETag": '"v1"'})

    feeds = Feeds()
    routes = {"/bad.xml": flaky, "/good.xml": feeds.route(feed(2), etag='"g"')}
    with LocalServer(routes) as server:
        path = config(tmp_path, [server.url("/bad.xml"), server.url("/good.xml")])
        out = tmp_path / "out"
        first = build(load(path), BuildOptions(day=DAY, out_dir=out, now=NOW))
        again = build(
            load(path),
            BuildOptions(day=DAY, out_dir=out, now=NOW + timedelta(hours=1), refetch=True),
        )
        sent = [r.headers.get("if-none-match") for r in server.requests if r.path == "/bad.xml"]
    assert first.sources[0].status == "failed"
    assert sent == [None, None]  # no validator kept from the failed run
    assert again.sources[0].status == "ok" and again.sources[0].fetched == 1


def test_the_connection_pool_follows_fetch_concurrency(tmp_path: Path) -> None:
    # 24 feeds, 24 at once: every request waits until all 24 are in flight. A pool smaller
    # than the concurrency (16 was fixed before) would leave some queued and break the barrier.
    count = 24
    barrier = threading.Barrier(count, timeout=5)

    def together(k: int) -> Callable[[BaseHTTPRequestHandler], Reply]:
        def answer(handler: BaseHTTPRequestHandler) -> Reply:
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                return Reply(500, "not all requests were in flight at once")
            return Reply(200, feed(k), RSS)

        return answer

    with LocalServer({f"/{k}.xml": together(k) for k in range(count)}) as server:
        path = config(
            tmp_path,
            [server.url(f"/{k}.xml") for k in range(count)],
            extra=f"fetch: {{concurrency: {count}, retries: 0}}\n",
        )
        settings = load(path)
        assert settings.config.fetch.settings().max_connections == count
        report = build(settings, BuildOptions(day=DAY, out_dir=tmp_path / "out", now=NOW))
    assert {s.status for s in report.sources} == {"ok"}, [s.error for s in report.sources]
    assert report.items_in_window == count


def test_a_rerun_waits_for_more_conditional_requests_at_once_than_the_concurrency(
    tmp_path: Path,
) -> None:
    # 8 feeds at fetch.concurrency 2. The first fetch never has more than 2 requests in flight;
    # the rerun's 8 conditional requests are all in flight together (each waits until all 8
    # are), answered by 304s that cost nothing to read.
    count, concurrency = 8, 2
    feeds = Feeds()
    barrier = threading.Barrier(count, timeout=5)
    lock = threading.Lock()
    in_flight = [0, 0]  # now, most at once

    def watched(k: int) -> Callable[[BaseHTTPRequestHandler], Reply]:
        plain = feeds.route(feed(k), etag=f'"v{k}"')

        def answer(handler: BaseHTTPRequestHandler) -> Reply:
            with lock:
                in_flight[0] += 1
                in_flight[1] = max(in_flight)
            try:
                if handler.headers.get("If-None-Match"):
                    try:
                        barrier.wait()
                    except threading.BrokenBarrierError:
                        return Reply(500, "not all conditional requests were in flight at once")
                else:
                    time.sleep(0.05)  # time for more requests to come, were they let through
                return plain(handler)
            finally:
                with lock:
                    in_flight[0] -= 1

        return answer

    with LocalServer({f"/{k}.xml": watched(k) for k in range(count)}) as server:
        path = config(
            tmp_path,
            [server.url(f"/{k}.xml") for k in range(count)],
            extra=f"fetch: {{concurrency: {concurrency}, retries: 0}}\n",
        )
        out = tmp_path / "out"
        first = build(load(path), BuildOptions(day=DAY, out_dir=out, now=NOW))
        first_most, in_flight[1] = in_flight[1], 0
        again = build(
            load(path),
            BuildOptions(day=DAY, out_dir=out, now=NOW + timedelta(hours=1), refetch=True),
        )
    assert first_most == concurrency and first.items_in_window == count
    assert {s.status for s in again.sources} == {"not-modified"}, [s.error for s in again.sources]
    assert in_flight[1] == count and feeds.not_modified == count
    assert again.items_in_window == count


def test_a_conditional_request_answered_with_a_document_joins_the_bound_before_its_body(
    tmp_path: Path,
) -> None:
    # The fetch stage lets conditional requests wait outside fetch.concurrency and bounds a
    # source once `before_body` is called: that must come before the body is read, or every
    # changed feed of a rerun would download outside the bound. The server sends the headers
    # at once and holds the body until `before_body` was called (or a few seconds passed).
    called = threading.Event()
    held: list[bool] = []
    body = feed(1)

    def changed(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        for name, value in {**RSS, "ETag": '"v2"', "Content-Length": str(len(body))}.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.flush()
        held.append(called.wait(timeout=3))
        handler.wfile.write(body)

    settings = FetchSettings(retries=0)
    with (
        LocalServer({"/feed.xml": changed}) as server,
        Archive(tmp_path / "a.db") as archive,
    ):
        url = server.url("/feed.xml")
        archive.set_fetch_state(url, '"v1"', None, 200, NOW)
        client = OnDemandClient(settings)
        ctx = FetchContext(
            client=client, settings=settings, archive=archive, window=Window(WHEN, NOW),
            base_dir=tmp_path, now=NOW, before_body=called.set,
        )  # fmt: skip
        try:
            got = ctx.read(url)
        finally:
            client.close()
    assert server.requests[0].headers["if-none-match"] == '"v1"'
    assert got is not None and got.content == body
    assert held == [True]  # `before_body` came while the body was still held back
