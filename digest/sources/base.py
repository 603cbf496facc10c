"""What every source type shares: its config fields and the context a fetch runs in."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
from pydantic import BaseModel, ConfigDict, Field, field_validator

from digest.archive import Archive
from digest.errors import FetchError
from digest.http import FetchSettings, fetch, redact_url
from digest.models import Item, Window


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
        client: the shared HTTP client (see ``digest.http.make_client``).
        settings: network limits and retry policy.
        archive: the archive, for conditional GET state and ids seen before.
        window: the span of time the post covers.
        base_dir: the folder relative ``file:`` paths start from (the config's folder).
        now: the run's clock reading.
        refetch: ignore validators and fetch everything again.
        unchanged: URLs that answered 304 Not Modified during this fetch.
        notes: remarks for the run report (posts read, pages skipped, ...), secret-free.
        skipped: entries read but not made items, counted by reason (``system messages``,
            ``outside the window``, ...): the run report accounts for every entry read.
        sleep: how to wait (tests pass a recorder instead of sleeping).
    """

    client: httpx.Client
    settings: FetchSettings
    archive: Archive
    window: Window
    base_dir: Path
    now: datetime
    refetch: bool = False
    unchanged: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    sleep: Callable[[float], None] = time.sleep

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
        state = None if self.refetch else self.archive.fetch_state(url)
        if state:
            if state.etag:
                headers["If-None-Match"] = state.etag
            if state.last_modified:
                headers["If-Modified-Since"] = state.last_modified
        response = fetch(self.client, url, self.settings, headers=headers)
        if response.status == 304:
            self.unchanged.append(url)
            return None
        self.archive.set_fetch_state(
            url,
            response.headers.get("etag"),
            response.headers.get("last-modified"),
            response.status,
            self.now,
        )
        return Body(response.content, response.headers.get("content-type"), response.url)


class SourceBase(BaseModel):
    """Fields every source has; each type adds its own and a ``fetch`` method.

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
        """Fetch the source's items (all of them; the pipeline keeps the window)."""
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
