"""X (Twitter): the official API v2, a Nitter-compatible RSS feed, or files the user exported.

``via: api`` reads accounts (``/2/users/:id/tweets`` with ``start_time``/``end_time``) and lists
(``/2/lists/:id/tweets``, newest first, paged back until before the window) with a bearer token
from an environment variable. Reads are billed per post (``x_api``).

``via: nitter`` reads ``/<user>/rss`` and ``/i/lists/<id>/rss`` from a self-hosted instance;
links are rewritten to ``x.com`` (``x_nitter``). ``via: file`` reads the X archive's
``data/tweets.js`` or JSON Lines of tweets, API v2 or v1.1 objects (``x_tweets``, the one
shape every way in produces).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from digest.errors import FetchError
from digest.http import redact_url
from digest.models import Item
from digest.sources.api import obj
from digest.sources.base import ENV_NAME_PATTERN, Body, FetchContext, SourceBase
from digest.sources.x_api import XApi, error_detail
from digest.sources.x_nitter import parse_nitter, read_nitter
from digest.sources.x_tweets import parse_export, permalink, status_time, tweet_item

__all__ = ["XSource", "parse_export", "parse_nitter", "permalink", "status_time"]

_HANDLE = r"^@?[A-Za-z0-9_]{1,15}$"


class XSource(SourceBase):
    """Posts from X accounts or a list.

    Attributes:
        via: ``api`` (official API v2), ``nitter`` (a Nitter-compatible RSS instance) or
            ``file`` (the X archive's tweets.js, or JSON Lines of tweets).
        accounts: handles to read (api, nitter).
        list_id: a list to read (api, nitter).
        token_env: the environment variable holding the API bearer token.
        base_url: the API root, or the Nitter instance's root.
        file: the exported file (file).
        handle: whose archive the file is (for permalinks; optional).
        max_pages: pages (100 posts each) read at most per account or list.
        max_wait: the longest wait for a rate-limit reset before the source is skipped.
    """

    type: Literal["x"]
    via: Literal["api", "nitter", "file"] = "api"
    accounts: list[str] = Field(default_factory=list)
    list_id: str | None = Field(default=None, pattern=r"^\d{1,20}$")
    token_env: str = Field(default="X_BEARER_TOKEN", pattern=ENV_NAME_PATTERN)
    base_url: str = "https://api.x.com/2"
    file: str | None = None
    handle: str | None = Field(default=None, pattern=_HANDLE)
    max_pages: int = Field(default=10, ge=1, le=100)
    max_wait: float = Field(default=60.0, ge=0, le=900)

    @model_validator(mode="after")
    def _complete(self) -> XSource:
        for handle in self.accounts:
            if not re.match(_HANDLE, handle):
                raise ValueError(f"{handle!r} is not an X handle (letters, digits, _; 15 at most)")
        if self.via == "file":
            if not self.file:
                raise ValueError("via: file needs file (data/tweets.js or a .jsonl file)")
        elif not self.accounts and not self.list_id:
            raise ValueError(f"via: {self.via} needs accounts or list_id")
        elif self.via == "nitter" and self.base_url == "https://api.x.com/2":
            raise ValueError("via: nitter needs base_url: the root of your Nitter instance")
        return self

    def document(self) -> str | None:
        """The exported file, for ``via: file``."""
        return self.file if self.via == "file" else None

    def parse(self, body: Body, ctx: FetchContext) -> list[Item]:
        """The posts in the exported file."""
        items = [
            tweet_item(t, self.name, self.handle)
            for t in parse_export(body.content, where=body.url)
        ]
        return [i for i in items if i is not None]

    def read_service(self, ctx: FetchContext) -> list[Item]:
        """The posts from the API or the Nitter instance."""
        if self.via == "nitter":
            return read_nitter(self, ctx)
        return XApi(self, ctx).fetch()

    def secrets(self) -> list[str]:
        """The bearer token's variable, for the API."""
        return [self.token_env] if self.via == "api" else []

    def probe(self, ctx: FetchContext) -> str:
        """API: look up the first account or the list (not a post read: nothing billed)."""
        if self.via != "api":
            return super().probe(ctx)
        api = XApi(self, ctx)
        if self.list_id:
            data = api.get(f"/lists/{self.list_id}", {})
            name = obj(data.get("data")).get("name")
            if not name:
                raise FetchError(f"list {self.list_id}: {error_detail(data) or 'not found'}", "")
            return f"list '{name}' found"
        handle = self.accounts[0].lstrip("@")
        return f"@{handle} is user {api.user_id(handle)}"

    def describe(self) -> str:
        """What is read, never the token."""
        if self.via == "file":
            return f"x file {redact_url(self.file or '')}"
        what = ", ".join(self.accounts) + (f" list {self.list_id}" if self.list_id else "")
        return f"x {self.via} {what}"
