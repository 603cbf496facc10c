"""The source contract: the fields every type has, how a fetch goes, and its context.

``SourceBase.fetch`` is the one way a source is read (a saved file or feed through
``FetchContext.read``, or the service through the type's own paging), and the window is kept
there once. ``FetchContext.get`` is the one way a source makes a request.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from digest.archive import Archive, Validators
from digest.errors import FetchError
from digest.http import FetchSettings, OnDemandClient, Response, fetch, redact_url
from digest.models import Item, Window
from digest.retry import WEB, Rules

if TYPE_CHECKING:
    import httpx

    from digest.config import Settings


@dataclass(frozen=True)
class Body:
    """A fetched document.

    Attributes:
        content: the raw bytes.
        content_type: the ``Content-Type`` it came with, if any.
        url: where it came from (the final URL after redirects, or the file path).
    """

    content: bytes
    content_type: str | None
    url: str


@dataclass
class FetchContext:
    """Everything a source needs to fetch: the one HTTP client, the archive, the window.

    Attributes:
        client: the shared HTTP client (see ``digest.http.make_client``), or the one made
            on the first request (``OnDemandClient``).
        settings: network limits and retry policy.
        archive: the archive, for conditional GET state and ids seen before.
        window: the span of time the post covers.
        base_dir: the folder relative ``file:`` paths start from (the config's folder).
        now: the run's clock reading.
        refetch: fetch again what was fetched for this window already (conditional requests
            still let an unchanged document answer 304).
        unchanged: URLs that answered 304 Not Modified during this fetch.
        outside: items read outside the window: archived (another day's build may need them,
            and a 304 stands for them too), not returned.
        notes: remarks for the run report (posts read, pages skipped, ...), secret-free.
        skipped: entries read but not made items, counted by reason (``system messages``,
            ``outside the window``, ...): the run report accounts for every entry read.
        sleep: how to wait (tests pass a recorder instead of sleeping).
        workers: worker processes for CPU-bound parsing (feeds), or ``None`` to parse in
            the fetching thread (see ``digest.fetch``).
        validators: where to keep the validators of downloaded documents until the fetch
            stage stores them with the source's items (one transaction per source); ``None``
            stores them as they come.
        before_body: called when a document is coming (not for a 304), before its body is
            read: the fetch stage bounds how many sources download and parse bodies at once,
            but lets conditional requests wait for their answer outside that bound.
    """

    client: httpx.Client | OnDemandClient
    settings: FetchSettings
    archive: Archive
    window: Window
    base_dir: Path
    now: datetime
    refetch: bool = False
    unchanged: list[str] = field(default_factory=list)
    outside: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    sleep: Callable[[float], None] = time.sleep
    workers: Executor | None = None
    validators: list[Validators] | None = None
    before_body: Callable[[], None] | None = None

    @classmethod
    @contextmanager
    def open(
        cls,
        settings: Settings,
        archive: Archive,
        window: Window,
        *,
        now: datetime,
        refetch: bool = False,
        max_connections: int | None = None,
    ) -> Iterator[FetchContext]:
        """A context for the sources of ``settings``, with its own client (closed after);
        ``max_connections`` overrides the size of the client's connection pool."""
        net = settings.config.fetch.settings()
        if max_connections is not None:
            net = replace(net, max_connections=max_connections)
        client = OnDemandClient(net)
        try:
            yield cls(
                client=client,
                settings=net,
                archive=archive,
                window=window,
                base_dir=settings.base_dir,
                now=now,
                refetch=refetch,
            )
        finally:
            client.close()

    def get(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        rules: Rules = WEB,
        before_body: Callable[[], None] | None = None,
    ) -> Response:
        """GET ``url`` under the one retry policy; every request a source makes comes here.

        ``rules`` carry a service's own rate-limit rule and words (``digest.retry.Api``); the
        waits go through ``sleep``, so tests record them instead of sleeping.
        ``before_body`` is called before a document's body is read (``digest.http.fetch``).
        """
        client = self.client.get() if isinstance(self.client, OnDemandClient) else self.client
        return fetch(
            client, url, self.settings, headers=headers, sleep=self.sleep, rules=rules,
            before_body=before_body,
        )  # fmt: skip

    def local_path(self, url: str) -> Path | None:
        """The file a ``file:`` URL or plain path names, or ``None`` for http(s) URLs."""
        parts = urlsplit(url)
        if parts.scheme in ("http", "https"):
            return None
        if parts.scheme == "file":
            raw = unquote(parts.path if not parts.netloc else f"//{parts.netloc}{parts.path}")
        elif parts.scheme and len(parts.scheme) > 1:
            raise FetchError(
                f"unsupported URL scheme {parts.scheme!r} in {redact_url(url)}",
                "use an http(s) URL, a file: URL or a local path",
            )
        else:
            raw = url
        path = Path(raw).expanduser()
        return path if path.is_absolute() else self.base_dir / path

    def read(self, url: str) -> Body | None:
        """Read a URL or local file; ``None`` means unchanged since last time (HTTP 304)."""
        path = self.local_path(url)
        if path is not None:
            try:
                size = path.stat().st_size
                if size > self.settings.max_bytes:
                    raise FetchError(
                        f"{path} is {size:,} bytes, over the {self.settings.max_bytes:,} byte cap",
                        "raise fetch.max_bytes in the config if the file is meant to be this big",
                    )
                return Body(path.read_bytes(), None, str(path))
            except FileNotFoundError:
                raise FetchError(
                    f"file not found: {path}", "check the path (relative to the config file)"
                ) from None
            except OSError as exc:
                raise FetchError(f"cannot read {path}: {exc.strerror}") from None
        headers: dict[str, str] = {}
        state = self.archive.fetch_state(url)
        if state:
            if state.etag:
                headers["If-None-Match"] = state.etag
            if state.last_modified:
                headers["If-Modified-Since"] = state.last_modified
        response = self.get(url, headers=headers, before_body=self.before_body)
        if response.status == 304:
            self.unchanged.append(url)
            return None
        validators = Validators(
            url,
            response.headers.get("etag"),
            response.headers.get("last-modified"),
            response.status,
            self.now,
        )
        if self.validators is not None:
            self.validators.append(validators)
        else:
            self.archive.set_fetch_state(
                validators.url,
                validators.etag,
                validators.last_modified,
                validators.status,
                validators.at,
            )
        return Body(response.content, response.headers.get("content-type"), response.url)


class SourceBase(BaseModel):
    """Fields every source has, and the one way a source is fetched.

    ``fetch`` reads either one document (``document()``: a saved file, or a feed's address,
    read through ``FetchContext.read`` and handed to ``parse``) or the service itself
    (``read_service``, with its own paging), then keeps the window and puts the rest in
    ``FetchContext.outside``. A source type adds its fields and implements those parts.

    Attributes:
        type: the source type (the registry key).
        name: a short unique name, used in item keys and reports.
        weight: how much the source's items count in ranking.
        enabled: set to false to keep a source in the file but not read it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    weight: float = Field(default=1.0, ge=0, le=100)
    enabled: bool = True

    @field_validator("name", mode="before")
    @classmethod
    def _yaml_words(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(
                "YAML read this name as true/false (off, no, yes, on ...): quote it, "
                'like name: "off"'
            )
        return value

    def fetch(self, ctx: FetchContext) -> list[Item]:
        """The source's items in the window; those read outside it go to ``ctx.outside``."""
        kept: list[Item] = []
        for item in self.read(ctx):
            (kept if item.published in ctx.window else ctx.outside).append(item)
        return kept

    def read(self, ctx: FetchContext) -> list[Item]:
        """Everything the source read, before the window is applied."""
        where = self.document()
        if where is None:
            return self.read_service(ctx)
        body = ctx.read(where)
        return [] if body is None else self.parse(body, ctx)

    def document(self) -> str | None:
        """The one document to read instead of the service (a saved file, a feed), if any."""
        return None

    def parse(self, body: Body, ctx: FetchContext) -> list[Item]:
        """The items in the document ``document()`` names."""
        raise NotImplementedError

    def read_service(self, ctx: FetchContext) -> list[Item]:
        """The items from the service itself, paged as it needs (the window applied after)."""
        raise NotImplementedError

    def describe(self) -> str:
        """A short, secret-free description for reports."""
        return self.type

    def secrets(self) -> list[str]:
        """Names of the environment variables this source reads its secrets from."""
        return []

    def probe(self, ctx: FetchContext) -> str:
        """The smallest fetch that shows the source works (``digest doctor``); what it found.

        By default one page of the source, read in full; types with a cheaper check (an API's
        own lookup of the channel or account) override it.
        """
        one_page = {"max_pages": 1} if "max_pages" in type(self).model_fields else {}
        items = self.model_copy(update=one_page).fetch(ctx)
        return f"{len(items)} items in today's window"


class ServiceSource(SourceBase):
    """A source read from its service page by page, or from one saved answer instead.

    Attributes:
        url: a saved answer (``file:`` URL or a path) to read instead of the service.
    """

    url: str | None = None

    def document(self) -> str | None:
        """The saved answer, if one is given."""
        return self.url


def secret_from_env(name: str, what: str) -> str:
    """The value of the environment variable ``name``; a clear error when it is unset.

    The value is never put in a message: errors name the variable only.
    """
    value = os.environ.get(name, "").strip()
    if not value:
        raise FetchError(
            f"the environment variable {name} is not set ({what})",
            f"export {name}=... in the environment the cron job runs in",
        )
    return value


ENV_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
