"""X's official API v2: accounts and lists read with a bearer token, billed per post read.

Accounts are read with ``start_time``/``end_time``; lists newest first, paged back until
before the window. Handles are resolved once and kept in the archive, ``since_id`` skips
posts an earlier run read for the same window, and the run report says how many posts were
read. A 429 carries ``x-rate-limit-reset`` (epoch seconds): the retry policy waits for a near
reset and skips the source, with the time it resets, for a far one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from digest.errors import FetchError
from digest.http import Response, redact_url
from digest.models import Item
from digest.retry import Api
from digest.sources.api import obj, parse_json
from digest.sources.base import FetchContext, secret_from_env
from digest.sources.x_tweets import shape_v2, tweet_item

if TYPE_CHECKING:
    from digest.sources.x import XSource

TWEET_FIELDS = "created_at,author_id,public_metrics,entities,referenced_tweets,note_tweet"
_REFUSALS = {
    403: (
        "this endpoint is not in your API plan, or the account or list is private",
        "check your X developer plan's access level and the source's accounts or list_id",
    ),
    404: ("not found", "check the handles or list_id"),
}


class XApi:
    """One run against the X API v2 for one source."""

    def __init__(self, source: XSource, ctx: FetchContext) -> None:
        self.source = source
        self.ctx = ctx
        self.root = source.base_url.rstrip("/")
        self.headers = {
            "Authorization": f"Bearer {secret_from_env(source.token_env, 'the X API bearer token')}"
        }
        self.rules = Api(
            name="X API",
            rate_wait=_reset_wait,
            max_wait=source.max_wait,
            token="bearer token",
            refusals=_REFUSALS,
        )
        self.reads = 0
        self.requests = 0

    def fetch(self) -> list[Item]:
        """The accounts' and the list's posts, oldest first; the report says how many were read."""
        ctx, source = self.ctx, self.source
        found: dict[str, Item] = {}
        try:
            for handle in source.accounts:
                user_id = self.user_id(handle.lstrip("@"))
                for item in self._timeline(f"/users/{user_id}/tweets", f"user:{user_id}", True):
                    found.setdefault(item.id, item)
            if source.list_id:
                for item in self._timeline(f"/lists/{source.list_id}/tweets", "list", False):
                    found.setdefault(item.id, item)
        finally:
            ctx.notes.append(f"{self.reads} posts read from the X API in {self.requests} requests")
        return sorted(found.values(), key=lambda i: int(i.id))

    def get(self, path: str, query: Mapping[str, str]) -> Any:
        """The JSON object the API answers for ``path`` with ``query``."""
        url = f"{self.root}{path}?{urlencode(query)}" if query else f"{self.root}{path}"
        self.requests += 1
        response = self.ctx.get(url, headers=self.headers, rules=self.rules)
        data = parse_json(response, "The X API")
        if not isinstance(data, dict):
            raise FetchError(f"the X API sent an unexpected answer: {redact_url(url)}", "")
        return data

    def user_id(self, handle: str) -> str:
        """The account id of ``handle``, looked up once and kept in the archive."""
        key = f"x:user:{handle.lower()}"
        known = self.ctx.archive.get_meta(key)
        if known:
            return known
        data = self.get(f"/users/by/username/{quote(handle)}", {})
        user = data.get("data")
        if not isinstance(user, dict) or not str(user.get("id", "")).isdigit():
            detail = error_detail(data) or "no such user"
            raise FetchError(
                f"X account @{handle} could not be resolved: {detail}",
                "check the handle in accounts (it may be renamed, suspended or protected)",
            )
        self.ctx.archive.set_meta(key, str(user["id"]))
        return str(user["id"])

    def _timeline(self, path: str, cursor: str, timed: bool) -> list[Item]:
        """Posts of one timeline back through the window, newer than what earlier runs read."""
        window = self.ctx.window
        # Per window: the newest post an earlier run for this same window read. Everything
        # older was read then (timelines are read from the newest back through the window).
        state_key = f"x:since:{self.source.name}:{cursor}:{_iso(window.since)}"
        since_id = None if self.ctx.refetch else self.ctx.archive.get_meta(state_key)
        query = {
            "max_results": "100",
            "tweet.fields": TWEET_FIELDS,
            "expansions": "author_id,referenced_tweets.id,referenced_tweets.id.author_id",
            "user.fields": "username,name",
        }
        if timed:
            query["start_time"] = _iso(window.since)
            query["end_time"] = _iso(window.until)
        if since_id and timed:
            query["since_id"] = since_id  # lists take no since_id: paging stops there instead
        items: list[Item] = []
        newest = int(since_id) if since_id else 0
        token = None
        for page in range(self.source.max_pages):
            data = self.get(path, {**query, **({"pagination_token": token} if token else {})})
            tweets = [t for t in data.get("data") or [] if isinstance(t, dict)]
            includes = obj(data.get("includes"))
            self.reads += len(tweets) + len(includes.get("tweets") or [])
            users = {
                str(u.get("id")): u for u in includes.get("users") or [] if isinstance(u, dict)
            }
            refs = {
                str(t.get("id")): t for t in includes.get("tweets") or [] if isinstance(t, dict)
            }
            if not tweets and not data.get("meta") and data.get("errors"):
                raise FetchError(
                    f"the X API refused {path}: {error_detail(data)}", "check the source settings"
                )
            oldest = None
            for raw in tweets:
                tweet = shape_v2(raw, users, refs)
                item = tweet_item(tweet, self.source.name, None)
                if item is None or (since_id and int(item.id) <= int(since_id)):
                    continue
                if item.published in window or not timed:
                    newest = max(newest, int(item.id))
                oldest = item.published if oldest is None else min(oldest, item.published)
                items.append(item)
            meta = obj(data.get("meta"))
            token = meta.get("next_token")
            known = since_id and any(int(str(t.get("id") or 0)) <= int(since_id) for t in tweets)
            if not token or known or (oldest is not None and oldest < window.since):
                break
            if page == self.source.max_pages - 1:
                self.ctx.notes.append(f"{path}: stopped after {page + 1} pages; raise max_pages")
        if newest and newest != int(since_id or 0):
            self.ctx.archive.set_meta(state_key, str(newest))
        return items


def _reset_wait(response: Response) -> float | None:
    """Seconds until ``x-rate-limit-reset`` (epoch seconds); None when absent."""
    value = response.headers.get("x-rate-limit-reset", "").strip()
    if not value.isdigit():
        return None
    return max(int(value) - datetime.now(UTC).timestamp(), 0.0)


def error_detail(data: Mapping[str, Any]) -> str:
    """The first error the API put in ``data``, in its words (200 characters at most)."""
    errors = data.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("detail") or errors[0].get("title") or "")[:200]
    return str(data.get("detail") or data.get("title") or "")[:200]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
