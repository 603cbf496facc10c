"""The one network seam: the HTTP client factory and a careful ``fetch``.

Every request goes through ``fetch`` (sources call it as ``FetchContext.get``), which caps the
body size, retries under the one policy of ``digest.retry`` (honouring ``Retry-After`` and a
service's own rate-limit rule), and turns every failure into a ``FetchError`` whose message
names the URL with its secrets removed (``redact_url``).
"""

from __future__ import annotations

import codecs
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from digest.errors import FetchError
from digest.retry import RETRY_STATUSES, WEB, Rules, backoff, retry_after_seconds

if TYPE_CHECKING:
    # Imported by the functions that make requests: a run that fetches nothing (a rerun,
    # ``digest --help``, loading the config) does not load httpx.
    import httpx

__all__ = [
    "FetchSettings",
    "OnDemandClient",
    "Response",
    "TransientFetchError",
    "fetch",
    "make_client",
    "redact_url",
    "retry_after_seconds",
]

MAX_REDIRECTS = 5
_REDACTED = "***"
_SECRET_NAME = re.compile(
    r"(^|[_.-])(token|key|apikey|secret|password|passwd|pwd|sig|signature|auth|authorization|"
    r"credential|credentials|session|sessionid|jwt|code)$|token|secret|password|api_?key|"
    r"^x-amz-(signature|credential|security-token)$",
    re.IGNORECASE,
)
# Secrets that live in the path: Telegram bot tokens and Discord/Slack webhook tokens.
_SECRET_PATHS = (
    (re.compile(r"/bot\d+:[A-Za-z0-9_-]+"), "/bot" + _REDACTED),
    (re.compile(r"(/api/webhooks/\d+/)[^/?#]+"), r"\g<1>" + _REDACTED),
    (re.compile(r"(/services/[A-Z0-9]+/[A-Z0-9]+/)[A-Za-z0-9]+"), r"\g<1>" + _REDACTED),
)
_CHUNK = 64 * 1024
_ERROR_BODY = 16 * 1024


class TransientFetchError(FetchError):
    """A failure worth trying again: a timeout, a reset or a connection closed mid-body.

    Attributes:
        reason: what went wrong, in words (``timed out``).
        shown: the URL, secrets masked.
    """

    def __init__(self, reason: str, shown: str) -> None:
        super().__init__(
            f"{reason}: {shown}", "check the address and your network; the site may be down"
        )
        self.reason = reason
        self.shown = shown

    def after(self, attempts: int) -> FetchError:
        """The error to report once ``attempts`` tries have all failed this way."""
        return FetchError(f"{self.reason} after {attempts} attempts: {self.shown}", self.hint)


@dataclass(frozen=True)
class FetchSettings:
    """Network limits and retry policy.

    Attributes:
        timeout: seconds to wait for each read, write or pooled connection.
        connect_timeout: seconds to wait for a connection.
        max_bytes: the largest (decoded) body accepted.
        retries: how many times a transient failure is retried (so ``retries + 1`` attempts).
        backoff: base wait in seconds; attempt ``n`` waits ``backoff * 2**(n-1)`` times 1–2.
        max_retry_wait: the longest wait accepted, from ``Retry-After`` or backoff.
        user_agent: the ``User-Agent`` header.
        max_connections: the connection pool size.
    """

    timeout: float = 20.0
    connect_timeout: float = 10.0
    max_bytes: int = 10_000_000
    retries: int = 3
    backoff: float = 0.5
    max_retry_wait: float = 60.0
    user_agent: str = "digest/0.1 (+https://github.com/digest-ai/digest)"
    max_connections: int = 16


@dataclass(frozen=True)
class Response:
    """A fetched response, body read in full.

    Attributes:
        url: the final URL, after redirects.
        status: the HTTP status code (2xx, 304 or another non-error code).
        headers: response headers, names lower-cased, repeated headers joined by ``, ``.
        content: the body (decoded from any Content-Encoding such as gzip).
        encoding: the ``charset`` of the Content-Type, lower-cased, if Python knows it.
    """

    url: str
    status: int
    headers: dict[str, str]
    content: bytes
    encoding: str | None


def make_client(
    settings: FetchSettings, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """The shared HTTP/1.1 client: timeouts, User-Agent, pool limits, up to 5 redirects."""
    import httpx

    return httpx.Client(
        timeout=httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
        headers={"User-Agent": settings.user_agent},
        limits=httpx.Limits(
            max_connections=settings.max_connections,
            max_keepalive_connections=settings.max_connections,
        ),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        http1=True,
        http2=False,
        transport=transport,
    )


class OnDemandClient:
    """The shared client of ``make_client``, made on first use and closed by ``close``: a fetch
    that reads only local files never imports httpx nor sets up TLS (~0.2 s)."""

    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()

    def get(self) -> httpx.Client:
        """The client, made now if it was not yet."""
        with self._lock:
            if self._client is None:
                self._client = make_client(self.settings)
            return self._client

    def close(self) -> None:
        """Close the client, if it was made."""
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None


def fetch(
    client: httpx.Client,
    url: str,
    settings: FetchSettings,
    *,
    headers: Mapping[str, str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    rules: Rules = WEB,
    before_body: Callable[[], None] | None = None,
) -> Response:
    """GET ``url`` under the one retry policy (``digest.retry``), the body size-capped.

    ``rules`` says how long a retryable answer asks to wait, how long is too long, and what
    to tell the user; every failure raises ``FetchError``. ``before_body`` is called when an
    answer that is neither an error nor 304 Not Modified has come, before its body is read
    (again for each attempt that gets that far).
    """
    shown = redact_url(url)
    _check_url(url, shown)
    attempts = max(settings.retries, 0) + 1
    limit = settings.max_retry_wait if rules.max_wait is None else rules.max_wait
    for attempt in range(1, attempts + 1):
        try:
            response = _get(client, url, settings, headers, shown, before_body)
        except TransientFetchError as exc:
            # Connect errors, timeouts, resets and connections closed mid-body.
            if attempt < attempts:
                sleep(backoff(settings.backoff, attempt, settings.max_retry_wait))
                continue
            raise exc.after(attempts) from None
        if response.status in RETRY_STATUSES:
            wait = rules.wait_hint(response)
            if wait is not None and wait > limit:
                raise rules.too_long(response, wait, shown)
            if attempt < attempts:
                if wait is None:
                    wait = backoff(settings.backoff, attempt, settings.max_retry_wait)
                sleep(max(wait, 0.0))
                continue
            raise rules.exhausted(response.status, attempts, shown)
        refusal = rules.refused(response, redact_url(response.url))
        if refusal is not None:
            raise refusal
        return response
    raise AssertionError("unreachable")  # pragma: no cover


def _get(
    client: httpx.Client,
    url: str,
    settings: FetchSettings,
    headers: Mapping[str, str] | None,
    shown: str,
    before_body: Callable[[], None] | None,
) -> Response:
    """One GET, whatever its status; an error answer's body is kept only up to a few KiB."""
    import httpx

    with _http_errors(shown), client.stream("GET", url, headers=dict(headers or {})) as response:
        if response.status_code >= 400:
            # Kept for the rate-limit rules that read it (Discord's retry_after). The status is
            # the answer: an error body cut short or badly compressed changes nothing.
            try:
                head = _read_head(response, _ERROR_BODY)
            except httpx.HTTPError:
                head = b""
            return _response(response, head)
        if before_body is not None and response.status_code != 304:
            before_body()
        return _response(response, _read_capped(response, settings.max_bytes, shown))


@contextmanager
def _http_errors(shown: str) -> Iterator[None]:
    """httpx failures as ``FetchError``s naming ``shown``; transport ones as transient."""
    import httpx

    try:
        yield
    except httpx.TooManyRedirects:
        raise FetchError(
            f"too many redirects (more than {MAX_REDIRECTS}): {shown}",
            "open the URL in a browser; it may loop between pages or need a login",
        ) from None
    except (httpx.UnsupportedProtocol, httpx.InvalidURL):
        raise FetchError(
            f"invalid URL or redirect to a non-http(s) address: {shown}",
            "use the full http(s) address of the page or feed",
        ) from None
    except httpx.DecodingError:
        raise FetchError(
            f"the response could not be decoded (bad compression): {shown}",
            "the server sent a broken body; try again later",
        ) from None
    except httpx.TransportError as exc:
        raise TransientFetchError(_transport_reason(exc), shown) from None


def _response(response: httpx.Response, content: bytes) -> Response:
    """The response with its body."""
    return Response(
        url=str(response.url),
        status=response.status_code,
        headers={name.lower(): value for name, value in response.headers.items()},
        content=content,
        encoding=_charset(response),
    )


def redact_url(url: str) -> str:
    """``url`` without userinfo and with secret-looking query values and path tokens masked."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return re.sub(r"[?#].*", "", url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = netloc.rsplit("@", 1)[1]
    path = parts.path
    for pattern, replacement in _SECRET_PATHS:
        path = pattern.sub(replacement, path)
    query = _redact_pairs(parts.query)
    fragment = _redact_pairs(parts.fragment) if "=" in parts.fragment else parts.fragment
    if (netloc, path, query, fragment) == (parts.netloc, parts.path, parts.query, parts.fragment):
        return url
    return urlunsplit((parts.scheme, netloc, path, query, fragment))


def _check_url(url: str, shown: str) -> None:
    import httpx

    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchError(f"invalid URL: {shown!r}", "use the full address, starting with https://")


def _read_capped(response: httpx.Response, max_bytes: int, shown: str) -> bytes:
    """The body, refusing it as soon as it passes ``max_bytes``."""
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_big(f"{int(declared):,} bytes", max_bytes, shown)
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes(_CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise _too_big(f"over {max_bytes:,} bytes", max_bytes, shown)
        chunks.append(chunk)
    return b"".join(chunks)


def _read_head(response: httpx.Response, limit: int) -> bytes:
    """At most the first ``limit`` bytes of the body; the rest is left unread."""
    head = b""
    for chunk in response.iter_bytes(_CHUNK):
        head += chunk
        if len(head) >= limit:
            break
    return head[:limit]


def _too_big(size: str, max_bytes: int, shown: str) -> FetchError:
    return FetchError(
        f"response too large ({size}, the cap is {max_bytes:,}): {shown}",
        "raise fetch.max_bytes in the config if this source is meant to be that big",
    )


def _charset(response: httpx.Response) -> str | None:
    charset = response.charset_encoding
    if not charset:
        return None
    charset = charset.strip().strip("\"'").lower()
    try:
        codecs.lookup(charset)
    except LookupError:
        return None
    return charset


def _transport_reason(exc: httpx.TransportError) -> str:
    import httpx

    if isinstance(exc, httpx.ConnectTimeout):
        return "could not connect in time"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.ConnectError):
        detail = str(exc).strip()
        return f"could not connect ({detail[:120]})" if detail else "could not connect"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the connection was closed early"
    if isinstance(exc, (httpx.ReadError, httpx.WriteError)):
        return "the connection was reset"
    if isinstance(exc, httpx.ProxyError):
        return "the proxy failed"
    return f"network error ({type(exc).__name__})"


def _redact_pairs(query: str) -> str:
    if not query:
        return query
    pieces = []
    for piece in query.split("&"):
        name, sep, _value = piece.partition("=")
        pieces.append(f"{name}={_REDACTED}" if sep and _SECRET_NAME.search(name) else piece)
    return "&".join(pieces)
