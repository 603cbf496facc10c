"""A scripted HTTP/1.1 server on 127.0.0.1 for tests that need real sockets.

Each path gets a route: one ``Reply``, a list of them (served in turn; the last one repeats),
or a callable that receives the request handler and either returns a ``Reply`` or writes the
response itself. Unknown paths answer 404. Every request is recorded in ``server.requests``.

    with LocalServer({"/feed": [Reply(503), Reply(200, body=b"<rss/>")]}) as server:
        fetch(client, server.url("/feed"), settings)
        assert server.hits("/feed") == 2

    def conditional(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return Reply(304)
        return Reply(200, body=b"...", headers={"ETag": '"v1"'})

    with LocalServer({"/feed.xml": conditional}) as server: ...

Routes match the path with its query first, then without it. Responses always close the
connection (``Connection: close``), so the scripted ``delay``/``truncate_at`` are reliable.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeAlias

__all__ = ["LocalServer", "Reply", "Seen", "redirect"]


@dataclass(frozen=True)
class Reply:
    """One scripted response.

    Attributes:
        status: the HTTP status code.
        body: the body (str is sent as UTF-8); an iterable of bytes is sent chunk by chunk.
        headers: response headers; they replace the defaults (Date, Server, Content-Length, and
            Content-Type, which is text/plain; charset=utf-8 unless given).
        delay: seconds to wait before sending anything (to trip client timeouts).
        content_length: send a Content-Length header (False: the body ends when the
            connection closes).
        declared_length: the Content-Length to claim instead of the true one.
        truncate_at: send only this many body bytes, then drop the connection.
    """

    status: int = 200
    body: bytes | str | Iterable[bytes] = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content_length: bool = True
    declared_length: int | None = None
    truncate_at: int | None = None


def redirect(location: str, status: int = 302) -> Reply:
    """A redirect to ``location`` (absolute, or a path on the same server)."""
    return Reply(status=status, headers={"Location": location})


@dataclass(frozen=True)
class Seen:
    """A request the server received.

    Attributes:
        method: the HTTP method.
        path: the request target (path and query).
        headers: request headers, names lower-cased.
        body: the request body.
    """

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Handler: TypeAlias = Callable[[BaseHTTPRequestHandler], Reply | None]
Route: TypeAlias = Reply | Handler | Sequence[Reply | Handler]


class LocalServer:
    """A threaded HTTP server with a per-path route table; use it as a context manager.

    Attributes:
        routes: path -> route; change it with ``route()`` while the server runs.
        requests: every request received, in order.
    """

    def __init__(self, routes: Mapping[str, Route] | None = None) -> None:
        self.routes: dict[str, list[Reply | Handler]] = {}
        self._served: dict[str, int] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        for path, route in (routes or {}).items():
            self.route(path, route)
        self._server = _Server(("127.0.0.1", 0), _make_handler(self))
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def route(self, path: str, route: Route) -> None:
        """Set (or replace) what ``path`` answers; its script starts again from the top."""
        with self._lock:
            if isinstance(route, Reply) or callable(route):
                self.routes[path] = [route]
            else:
                self.routes[path] = list(route)
            self._served[path] = 0

    @property
    def base(self) -> str:
        """``http://127.0.0.1:<port>``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str = "/") -> str:
        """The absolute URL of ``path`` on this server."""
        return self.base + path

    def hits(self, path: str) -> int:
        """How many requests asked for ``path`` (query ignored unless given)."""
        with self._lock:
            return sum(
                1 for seen in self.requests if seen.path == path or seen.path.split("?")[0] == path
            )

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=2)

    def _next(self, target: str) -> Reply | Handler | None:
        with self._lock:
            path = target if target in self.routes else target.split("?")[0]
            script = self.routes.get(path)
            if not script:
                return None
            index = min(self._served[path], len(script) - 1)
            self._served[path] += 1
            return script[index]

    def _record(self, seen: Seen) -> None:
        with self._lock:
            self.requests.append(seen)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler still sleeping must not hold up the test's end

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up early (timeouts, size caps) are expected here; stay quiet."""


def _make_handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # no delayed-ACK wait between a reply's writes

        def log_message(self, format: str, *args: Any) -> None:
            """Silence the default stderr log."""

        def _dispatch(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            server._record(
                Seen(
                    method=self.command,
                    path=self.path,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )
            )
            action = server._next(self.path)
            if action is None:
                reply: Reply | None = Reply(404, body=b"no route")
            elif isinstance(action, Reply):
                reply = action
            else:
                reply = action(self)
            if reply is None:  # the callable wrote the response itself
                self.close_connection = True
                return
            _send(self, reply)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _dispatch

    return _Handler


def _send(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
    """Write ``reply`` to the socket as scripted."""
    if reply.delay:
        time.sleep(reply.delay)
    if isinstance(reply.body, str):
        chunks = [reply.body.encode("utf-8")]
    elif isinstance(reply.body, bytes):
        chunks = [reply.body]
    else:
        chunks = list(reply.body)
    size = sum(len(chunk) for chunk in chunks)
    handler.close_connection = True
    handler.send_response_only(reply.status)
    names = {name.lower() for name in reply.headers}
    if "date" not in names:  # scripted headers replace the defaults
        handler.send_header("Date", handler.date_time_string())
    if "server" not in names:
        handler.send_header("Server", "LocalServer")
    for name, value in reply.headers.items():
        handler.send_header(name, value)
    if "content-type" not in names and reply.status not in (204, 304):
        handler.send_header("Content-Type", "text/plain; charset=utf-8")
    if reply.content_length and "content-length" not in names:
        declared = reply.declared_length if reply.declared_length is not None else size
        handler.send_header("Content-Length", str(declared))
    handler.send_header("Connection", "close")
    handler.end_headers()
    if handler.command == "HEAD" or reply.status in (204, 304):
        return
    budget = reply.truncate_at if reply.truncate_at is not None else size
    for chunk in chunks:
        if budget <= 0:
            break
        handler.wfile.write(chunk[:budget])
        handler.wfile.flush()
        budget -= len(chunk)
