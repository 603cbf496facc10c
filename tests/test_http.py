"""fetch against a real local HTTP server: caps, retries, Retry-After, errors, redaction."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from digest.errors import FetchError
from digest.http import FetchSettings, fetch, make_client, redact_url, retry_after_seconds
from tests.httpserver import LocalServer, Reply, redirect

FAST = FetchSettings(timeout=2.0, connect_timeout=2.0, retries=3, backoff=0.01)


class Sleeps:
    """An injected ``sleep`` that records what it was asked and does not wait."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with make_client(FAST) as c:
        yield c


@pytest.fixture(autouse=True)
def _bounded(request: pytest.FixtureRequest) -> Iterator[None]:
    started = time.monotonic()
    yield
    assert time.monotonic() - started < 5, f"{request.node.name} took too long"


def test_ok_response(client: httpx.Client) -> None:
    body = "<rss>한국어</rss>"
    routes = {"/feed": Reply(200, body=body, headers={"Content-Type": "application/rss+xml"})}
    with LocalServer(routes) as server:
        response = fetch(client, server.url("/feed"), FAST)
    assert response.status == 200
    assert response.content == body.encode("utf-8")
    assert response.url == server.url("/feed")
    assert response.headers["content-type"] == "application/rss+xml"
    assert response.encoding is None
    assert server.requests[0].headers["user-agent"].startswith("digest/")


def test_headers_are_lower_cased(client: httpx.Client) -> None:
    with LocalServer({"/": Reply(200, body=b"x", headers={"X-Custom-Thing": "v"})}) as server:
        response = fetch(client, server.url("/"), FAST)
    assert response.headers["x-custom-thing"] == "v"
    assert all(name == name.lower() for name in response.headers)


def test_etag_round_trip_and_304(client: httpx.Client) -> None:
    def conditional(handler: BaseHTTPRequestHandler) -> Reply:
        if handler.headers.get("If-None-Match") == '"v1"':
            return Reply(304, headers={"ETag": '"v1"'})
        return Reply(200, body=b"<feed/>", headers={"ETag": '"v1"'})

    with LocalServer({"/feed": conditional}) as server:
        first = fetch(client, server.url("/feed"), FAST)
        etag = first.headers["etag"]
        second = fetch(client, server.url("/feed"), FAST, headers={"If-None-Match": etag})
    assert first.status == 200
    assert etag == '"v1"'
    assert second.status == 304
    assert second.content == b""
    assert server.requests[1].headers["if-none-match"] == '"v1"'


@pytest.mark.parametrize(
    ("status", "words", "hint"),
    [
        (404, "not found (HTTP 404)", "check the URL"),
        (401, "access denied (HTTP 401)", "check the token"),
        (403, "access denied (HTTP 403)", "private"),
        (410, "gone (HTTP 410)", "removed"),
        (400, "request refused (HTTP 400)", "check the URL"),
        (501, "server error 501", "try again later"),
    ],
)
def test_client_errors_are_not_retried(
    client: httpx.Client, status: int, words: str, hint: str
) -> None:
    sleeps = Sleeps()
    with LocalServer({"/x": Reply(status)}) as server:
        with pytest.raises(FetchError) as caught:
            fetch(client, server.url("/x"), FAST, sleep=sleeps)
        assert server.hits("/x") == 1
    assert words in caught.value.message
    assert server.url("/x") in caught.value.message
    assert hint in (caught.value.hint or "")
    assert sleeps.calls == []


def test_500_then_200_is_retried(client: httpx.Client) -> None:
    sleeps = Sleeps()
    with LocalServer({"/x": [Reply(500), Reply(502), Reply(200, body=b"ok")]}) as server:
        response = fetch(client, server.url("/x"), FAST, sleep=sleeps)
        assert server.hits("/x") == 3
    assert response.content == b"ok"
    assert len(sleeps.calls) == 2
    # exponential backoff with jitter: attempt n waits backoff * 2**(n-1) times [1, 2)
    assert FAST.backoff <= sleeps.calls[0] < 2 * FAST.backoff
    assert 2 * FAST.backoff <= sleeps.calls[1] < 4 * FAST.backoff


def test_retries_exhausted(client: httpx.Client) -> None:
    sleeps = Sleeps()
    with LocalServer({"/x": Reply(503)}) as server:
        with pytest.raises(FetchError, match=r"server error 503 after 4 attempts"):
            fetch(client, server.url("/x"), FAST, sleep=sleeps)
        assert server.hits("/x") == 4
    assert len(sleeps.calls) == 3


def test_no_retries_setting(client: httpx.Client) -> None:
    settings = FetchSettings(retries=0)
    with LocalServer({"/x": Reply(504)}) as server:
        with pytest.raises(FetchError, match=r"server error 504 after 1 attempts"):
            fetch(client, server.url("/x"), settings, sleep=Sleeps())
        assert server.hits("/x") == 1


def test_429_honours_retry_after_seconds(client: httpx.Client) -> None:
    sleeps = Sleeps()
    routes = {"/x": [Reply(429, headers={"Retry-After": "1"}), Reply(200, body=b"ok")]}
    with LocalServer(routes) as server:
        response = fetch(client, server.url("/x"), FAST, sleep=sleeps)
    assert response.content == b"ok"
    assert sleeps.calls == [pytest.approx(1.0)]


def test_503_honours_retry_after_http_date(client: httpx.Client) -> None:
    sleeps = Sleeps()
    now = datetime(2024, 5, 4, 12, 0, 0, tzinfo=UTC)
    later = datetime(2024, 5, 4, 12, 0, 7, tzinfo=UTC)
    first = Reply(
        503,
        headers={
            "Retry-After": format_datetime(later, usegmt=True),
            "Date": format_datetime(now, usegmt=True),
        },
    )
    with LocalServer({"/x": [first, Reply(200, body=b"ok")]}) as server:
        fetch(client, server.url("/x"), FAST, sleep=sleeps)
    assert sleeps.calls == [pytest.approx(7.0)]


def test_429_with_huge_retry_after_gives_up_at_once(client: httpx.Client) -> None:
    sleeps = Sleeps()
    with LocalServer({"/x": Reply(429, headers={"Retry-After": "86400"})}) as server:
        with pytest.raises(FetchError) as caught:
            fetch(client, server.url("/x"), FAST, sleep=sleeps)
        assert server.hits("/x") == 1
    assert "86,400 s" in caught.value.message
    assert "try again after" in (caught.value.hint or "")
    assert sleeps.calls == []


def test_429_exhausted_says_rate_limited(client: httpx.Client) -> None:
    settings = FetchSettings(retries=1, backoff=0.01)
    expected = r"rate limited \(HTTP 429\) after 2 attempts"
    with LocalServer({"/x": Reply(429)}) as server, pytest.raises(FetchError, match=expected):
        fetch(client, server.url("/x"), settings, sleep=Sleeps())


def test_an_error_answer_with_a_broken_body_is_still_its_status(client: httpx.Client) -> None:
    settings = FetchSettings(retries=1, backoff=0.01)
    cut = Reply(503, b"x" * 5000, truncate_at=10)
    with LocalServer({"/x": cut}) as server, pytest.raises(FetchError) as caught:
        fetch(client, server.url("/x"), settings, sleep=Sleeps())
    assert caught.value.message == f"server error 503 after 2 attempts: {server.url('/x')}"


def test_unreadable_retry_after_falls_back_to_backoff(client: httpx.Client) -> None:
    sleeps = Sleeps()
    routes = {"/x": [Reply(503, headers={"Retry-After": "soon"}), Reply(200, body=b"ok")]}
    with LocalServer(routes) as server:
        fetch(client, server.url("/x"), FAST, sleep=sleeps)
    assert FAST.backoff <= sleeps.calls[0] < 2 * FAST.backoff


def test_slow_response_times_out() -> None:
    settings = FetchSettings(timeout=0.3, connect_timeout=0.3, retries=1, backoff=0.01)
    sleeps = Sleeps()
    slow = Reply(200, body=b"late", delay=1.0)
    with LocalServer({"/slow": slow}) as server, make_client(settings) as client:
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"timed out after 2 attempts"):
            fetch(client, server.url("/slow"), settings, sleep=sleeps)
        assert time.monotonic() - started < 2
    assert len(sleeps.calls) == 1


def test_slow_then_fast_succeeds() -> None:
    settings = FetchSettings(timeout=0.3, connect_timeout=0.3, retries=2, backoff=0.01)
    routes = {"/x": [Reply(200, body=b"late", delay=1.0), Reply(200, body=b"ok")]}
    with LocalServer(routes) as server, make_client(settings) as client:
        assert fetch(client, server.url("/x"), settings, sleep=Sleeps()).content == b"ok"


def test_body_over_cap_with_content_length(client: httpx.Client) -> None:
    settings = FetchSettings(max_bytes=1000)
    sleeps = Sleeps()
    with LocalServer({"/big": Reply(200, body=b"x" * 5000)}) as server:
        with pytest.raises(FetchError, match=r"too large \(5,000 bytes, the cap is 1,000\)"):
            fetch(client, server.url("/big"), settings, sleep=sleeps)
        assert server.hits("/big") == 1
    assert sleeps.calls == []


def test_content_length_checked_before_reading(client: httpx.Client) -> None:
    settings = FetchSettings(max_bytes=1000)
    # Claims 10 GB but sends little: refused from the header alone, without waiting for a body.
    reply = Reply(200, body=b"x" * 10, declared_length=10_000_000_000)
    with (
        LocalServer({"/big": reply}) as server,
        pytest.raises(FetchError, match=r"10,000,000,000 bytes"),
    ):
        fetch(client, server.url("/big"), settings, sleep=Sleeps())


def test_body_over_cap_without_content_length(client: httpx.Client) -> None:
    settings = FetchSettings(max_bytes=100_000)
    chunks = [b"y" * 16_384] * 64  # 1 MiB, streamed, no Content-Length
    with (
        LocalServer({"/big": Reply(200, body=chunks, content_length=False)}) as server,
        pytest.raises(FetchError, match=r"too large \(over 100,000 bytes"),
    ):
        fetch(client, server.url("/big"), settings, sleep=Sleeps())


def test_body_at_cap_is_accepted(client: httpx.Client) -> None:
    settings = FetchSettings(max_bytes=1000)
    with LocalServer({"/ok": Reply(200, body=b"z" * 1000, content_length=False)}) as server:
        assert len(fetch(client, server.url("/ok"), settings).content) == 1000


def test_gzip_bomb_is_capped_after_decoding(client: httpx.Client) -> None:
    settings = FetchSettings(max_bytes=100_000)
    bomb = gzip.compress(b"\0" * 5_000_000)
    reply = Reply(200, body=bomb, headers={"Content-Encoding": "gzip"})
    with LocalServer({"/bomb": reply}) as server:
        assert len(bomb) < settings.max_bytes
        with pytest.raises(FetchError, match=r"too large"):
            fetch(client, server.url("/bomb"), settings, sleep=Sleeps())


def test_gzip_body_is_decoded(client: httpx.Client) -> None:
    reply = Reply(200, body=gzip.compress(b"hello"), headers={"Content-Encoding": "gzip"})
    with LocalServer({"/z": reply}) as server:
        assert fetch(client, server.url("/z"), FAST).content == b"hello"


def test_redirects_are_followed(client: httpx.Client) -> None:
    routes = {
        "/old": redirect("/mid", 301),
        "/mid": redirect("/new"),
        "/new": Reply(200, body=b"n"),
    }
    with LocalServer(routes) as server:
        response = fetch(client, server.url("/old"), FAST)
    assert response.url == server.url("/new")
    assert response.content == b"n"


def test_redirect_loop(client: httpx.Client) -> None:
    sleeps = Sleeps()
    with LocalServer({"/a": redirect("/b"), "/b": redirect("/a")}) as server:
        with pytest.raises(FetchError, match=r"too many redirects \(more than 5\)"):
            fetch(client, server.url("/a"), FAST, sleep=sleeps)
        assert len(server.requests) == 6
    assert sleeps.calls == []


def test_redirect_to_another_scheme_is_refused(client: httpx.Client) -> None:
    with (
        LocalServer({"/a": redirect("ftp://example.com/x")}) as server,
        pytest.raises(FetchError, match=r"non-http\(s\)"),
    ):
        fetch(client, server.url("/a"), FAST, sleep=Sleeps())


def test_connection_closed_mid_body_is_retried_then_fails(client: httpx.Client) -> None:
    sleeps = Sleeps()
    settings = FetchSettings(retries=2, backoff=0.01)
    with LocalServer({"/cut": Reply(200, body=b"a" * 1000, truncate_at=100)}) as server:
        with pytest.raises(FetchError, match=r"closed early after 3 attempts"):
            fetch(client, server.url("/cut"), settings, sleep=sleeps)
        assert server.hits("/cut") == 3
    assert len(sleeps.calls) == 2


def test_connection_closed_mid_body_then_ok(client: httpx.Client) -> None:
    routes = {"/cut": [Reply(200, body=b"a" * 1000, truncate_at=10), Reply(200, body=b"whole")]}
    with LocalServer(routes) as server:
        assert fetch(client, server.url("/cut"), FAST, sleep=Sleeps()).content == b"whole"


def test_connection_refused_is_retried() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps = Sleeps()
    settings = FetchSettings(retries=2, backoff=0.01, connect_timeout=1.0)
    with make_client(settings) as client, pytest.raises(FetchError) as caught:
        fetch(client, f"http://127.0.0.1:{port}/x?token=s3cret", settings, sleep=sleeps)
    assert "could not connect" in caught.value.message
    assert "after 3 attempts" in caught.value.message
    assert "s3cret" not in str(caught.value)
    assert len(sleeps.calls) == 2


def test_handler_that_hangs_up_without_answering(client: httpx.Client) -> None:
    def hang_up(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True

    settings = FetchSettings(retries=1, backoff=0.01)
    with (
        LocalServer({"/x": hang_up}) as server,
        pytest.raises(FetchError, match=r"after 2 attempts"),
    ):
        fetch(client, server.url("/x"), settings, sleep=Sleeps())


@pytest.mark.parametrize(
    ("content_type", "encoding"),
    [
        ("text/html; charset=EUC-KR", "euc-kr"),
        ('application/xml; charset="utf-8"', "utf-8"),
        ("text/plain; charset=iso-8859-1", "iso-8859-1"),
        ("text/html; charset=no-such-codec", None),
        ("application/octet-stream", None),
    ],
)
def test_charset_from_content_type(
    client: httpx.Client, content_type: str, encoding: str | None
) -> None:
    with LocalServer({"/x": Reply(200, body=b"x", headers={"Content-Type": content_type})}) as s:
        assert fetch(client, s.url("/x"), FAST).encoding == encoding


def test_euc_kr_body_round_trip(client: httpx.Client) -> None:
    body = "한국어 피드".encode("euc-kr")
    headers = {"Content-Type": "text/xml; charset=euc-kr"}
    with LocalServer({"/x": Reply(200, body=body, headers=headers)}) as server:
        response = fetch(client, server.url("/x"), FAST)
    assert response.encoding is not None
    assert response.content.decode(response.encoding) == "한국어 피드"


@pytest.mark.parametrize(
    "url", ["not a url", "ftp://example.com/x", "file:///etc/passwd", "http://", "", "https:///x"]
)
def test_invalid_urls(client: httpx.Client, url: str) -> None:
    with pytest.raises(FetchError, match=r"invalid URL"):
        fetch(client, url, FAST, sleep=Sleeps())


def test_error_messages_never_show_secrets(client: httpx.Client) -> None:
    with LocalServer({"/private": Reply(401)}) as server:
        secret_url = server.url("/private?api_key=SECRET1&page=2&access_token=SECRET2")
        with pytest.raises(FetchError) as caught:
            fetch(client, secret_url, FAST)
    text = str(caught.value)
    assert "SECRET" not in text
    assert "page=2" in text
    assert "access denied" in text


def test_make_client_settings() -> None:
    settings = FetchSettings(timeout=7.0, connect_timeout=3.0, user_agent="ua/1")
    with make_client(settings) as client:
        assert client.timeout.read == 7.0
        assert client.timeout.connect == 3.0
        assert client.headers["user-agent"] == "ua/1"
        assert client.follow_redirects is True
        assert client.max_redirects == 5


def test_make_client_with_mock_transport() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"mocked", headers={"Content-Type": "text/plain"})

    with make_client(FAST, transport=httpx.MockTransport(handler)) as client:
        response = fetch(client, "https://example.com/x", FAST)
    assert response.content == b"mocked"


def test_concurrent_fetches_share_one_client(client: httpx.Client) -> None:
    routes = {f"/{i}": Reply(200, body=str(i)) for i in range(8)}
    results: dict[int, bytes] = {}
    with LocalServer(routes) as server:

        def get(i: int) -> None:
            results[i] = fetch(client, server.url(f"/{i}"), FAST).content

        threads = [threading.Thread(target=get, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=4)
    assert results == {i: str(i).encode() for i in range(8)}


# --- redact_url and retry_after_seconds ---------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/feed", "https://example.com/feed"),
        ("https://example.com/feed?page=2", "https://example.com/feed?page=2"),
        ("https://user:pass@example.com/x", "https://example.com/x"),
        ("https://token@example.com/x", "https://example.com/x"),
        ("https://e.com/x?token=abc&page=2", "https://e.com/x?token=***&page=2"),
        ("https://e.com/x?api_key=abc", "https://e.com/x?api_key=***"),
        ("https://e.com/x?apiKey=abc", "https://e.com/x?apiKey=***"),
        ("https://e.com/x?key=abc&access_token=d", "https://e.com/x?key=***&access_token=***"),
        (
            "https://e.com/x?auth=a&sig=b&signature=c",
            "https://e.com/x?auth=***&sig=***&signature=***",
        ),
        (
            "https://e.com/x?password=p&client_secret=s",
            "https://e.com/x?password=***&client_secret=***",
        ),
        ("https://e.com/x?X-Amz-Signature=abc", "https://e.com/x?X-Amz-Signature=***"),
        ("https://e.com/cb#access_token=abc&state=1", "https://e.com/cb#access_token=***&state=1"),
        ("https://e.com/x?monkey=1&keyword=ai", "https://e.com/x?monkey=1&keyword=ai"),
        (
            "https://api.telegram.org/bot123456:AAH-secret_x/getUpdates",
            "https://api.telegram.org/bot***/getUpdates",
        ),
        (
            "https://discord.com/api/webhooks/123/very-secret-token",
            "https://discord.com/api/webhooks/123/***",
        ),
        ("feeds/local.xml", "feeds/local.xml"),
        ("http://[::1/x?token=a", "http://[::1/x"),
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


NOW = datetime(2024, 5, 4, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1", 1.0),
        (" 120 ", 120.0),
        ("0", 0.0),
        ("1.5", 1.5),
        ("Sat, 04 May 2024 12:00:30 GMT", 30.0),
        ("Sat, 04 May 2024 11:00:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        ("-5", None),
    ],
)
def test_retry_after_seconds(value: str, seconds: float | None) -> None:
    assert retry_after_seconds(value, NOW) == seconds
