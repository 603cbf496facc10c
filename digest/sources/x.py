"""X (Twitter): the official API v2, a Nitter-compatible RSS feed, or files the user exported.

``via: api`` reads accounts (``/2/users/:id/tweets`` with ``start_time``/``end_time``) and lists
(``/2/lists/:id/tweets``, newest first, paged back until before the window) with a bearer token
from an environment variable. Reads are billed per post, so handles are resolved once and kept
in the archive, ``since_id`` skips posts an earlier run read, and the run report says how many
posts were read. A 429 carries ``x-rate-limit-reset`` (epoch seconds): a near reset is waited
for, a far one skips the source with the time it resets.

``via: nitter`` reads ``/<user>/rss`` and ``/i/lists/<id>/rss`` from a self-hosted instance;
links are rewritten to ``x.com``. ``via: file`` reads the X archive's ``data/tweets.js`` or
JSON Lines of tweets: API v2 or v1.1 objects, and the pages and filtered-stream lines tools
such as twarc2 write (``{"data": ..., "includes": ...}``). A post saved without ``created_at``
is timed by its id.

Retweets and quotes link to their original post, so the story engine folds or joins them.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import quote, urlencode, urlsplit

from pydantic import Field, model_validator

from digest.errors import FetchError
from digest.http import Response, fetch, redact_url
from digest.models import Item
from digest.sources.api import arr, obj, parse_json, request
from digest.sources.base import ENV_NAME_PATTERN, FetchContext, SourceBase, secret_from_env
from digest.sources.rss import parse_feed
from digest.textclean import detect_language, repair_text
from digest.urls import clean_url

TWITTER_EPOCH_MS = 1_288_834_974_657
SNOWFLAKE_MIN = 1 << 35  # smaller ids are the sequential ones of before 2010-11-04: no time
TWEET_FIELDS = "created_at,author_id,public_metrics,entities,referenced_tweets,note_tweet"
_HANDLE = r"^@?[A-Za-z0-9_]{1,15}$"
_STATUS_PATH = re.compile(r"^/([A-Za-z0-9_]{1,15})/status(?:es)?/(\d{1,20})")
_V1_TIME = "%a %b %d %H:%M:%S %z %Y"
_RT_PREFIX = re.compile(r"^(?:RT @[A-Za-z0-9_]{1,15}:\s*)+")
_SPACES = re.compile(r"[^\S\n]{2,}")
_LINE_ENDS = re.compile(r" ?\n ?")
_STATUSES = {
    401: ("the bearer token was refused", "check the token in the environment variable"),
    403: (
        "this endpoint is not in your API plan, or the account or list is private",
        "check your X developer plan's access level and the source's accounts or list_id",
    ),
    404: ("not found", "check the handles or list_id"),
}


def status_time(status_id: int) -> datetime:
    """When a post id was made (X ids are snowflakes from 2010-11-04)."""
    return datetime.fromtimestamp(((status_id >> 22) + TWITTER_EPOCH_MS) / 1000, UTC)


def permalink(handle: str | None, status_id: str) -> str:
    """``https://x.com/<handle>/status/<id>`` (``/i/status/`` when the handle is unknown)."""
    return f"https://x.com/{handle or 'i'}/status/{status_id}"


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

    def fetch(self, ctx: FetchContext) -> list[Item]:
        """The window's posts."""
        if self.via == "file":
            assert self.file is not None
            body = ctx.read(self.file)
            if body is None:
                return []
            tweets = parse_export(body.content, where=body.url, skipped=ctx.skipped)
            items = [_item(t, self.name, self.handle) for t in tweets]
            if None in items:
                ctx.skipped["posts without an id or time"] += items.count(None)
            return [i for i in items if i is not None and i.published in ctx.window]
        if self.via == "nitter":
            return self._from_nitter(ctx)
        return _Api(self, ctx).fetch()

    def _from_nitter(self, ctx: FetchContext) -> list[Item]:
        root = self.base_url.rstrip("/")
        paths = [f"/{quote(h.lstrip('@'))}/rss" for h in self.accounts]
        if self.list_id:
            paths.append(f"/i/lists/{self.list_id}/rss")
        found: dict[str, Item] = {}
        failed: list[str] = []
        for path in paths:
            try:
                response = fetch(ctx.client, root + path, ctx.settings)
                items = parse_nitter(
                    response.content, source=self.name, instance=root, skipped=ctx.skipped
                )
            except FetchError as exc:
                if len(paths) == 1:
                    raise
                failed.append(f"{path}: {exc}")
                continue
            for item in items:
                found.setdefault(item.id, item)
        if failed and len(failed) == len(paths):
            raise FetchError(f"every Nitter feed failed; first: {failed[0]}", "check base_url")
        ctx.notes.extend(f"skipped {f}" for f in failed)
        return [i for i in found.values() if i.published in ctx.window]

    def secrets(self) -> list[str]:
        """The bearer token's variable, for the API."""
        return [self.token_env] if self.via == "api" else []

    def probe(self, ctx: FetchContext) -> str:
        """API: look up the first account or the list (not a post read: nothing billed)."""
        if self.via != "api":
            return super().probe(ctx)
        api = _Api(self, ctx)
        if self.list_id:
            data = api._get(f"/lists/{self.list_id}", {})
            name = obj(data.get("data")).get("name")
            if not name:
                raise FetchError(f"list {self.list_id}: {_error_detail(data) or 'not found'}", "")
            return f"list '{name}' found"
        handle = self.accounts[0].lstrip("@")
        return f"@{handle} is user {api._user_id(handle)}"

    def describe(self) -> str:
        """What is read, never the token."""
        if self.via == "file":
            return f"x file {redact_url(self.file or '')}"
        what = ", ".join(self.accounts) + (f" list {self.list_id}" if self.list_id else "")
        return f"x {self.via} {what}"


class _Api:
    """One run against the X API v2 for one source."""

    def __init__(self, source: XSource, ctx: FetchContext) -> None:
        self.source = source
        self.ctx = ctx
        self.root = source.base_url.rstrip("/")
        self.headers = {
            "Authorization": f"Bearer {secret_from_env(source.token_env, 'the X API bearer token')}"
        }
        self.reads = 0
        self.requests = 0

    def fetch(self) -> list[Item]:
        ctx, source = self.ctx, self.source
        found: dict[str, Item] = {}
        try:
            for handle in source.accounts:
                user_id = self._user_id(handle.lstrip("@"))
                for item in self._timeline(f"/users/{user_id}/tweets", f"user:{user_id}", True):
                    found.setdefault(item.id, item)
            if source.list_id:
                for item in self._timeline(f"/lists/{source.list_id}/tweets", "list", False):
                    found.setdefault(item.id, item)
        finally:
            ctx.notes.append(f"{self.reads} posts read from the X API in {self.requests} requests")
        return sorted(found.values(), key=lambda i: int(i.id))

    def _get(self, path: str, query: Mapping[str, str]) -> Any:
        url = f"{self.root}{path}?{urlencode(query)}" if query else f"{self.root}{path}"
        self.requests += 1
        response = request(
            self.ctx,
            url,
            service="X API",
            headers=self.headers,
            rate_wait=_reset_wait,
            max_wait=self.source.max_wait,
            statuses=_STATUSES,
        )
        data = parse_json(response, "The X API")
        if not isinstance(data, dict):
            raise FetchError(f"the X API sent an unexpected answer: {redact_url(url)}", "")
        return data

    def _user_id(self, handle: str) -> str:
        key = f"x:user:{handle.lower()}"
        known = self.ctx.archive.get_meta(key)
        if known:
            return known
        data = self._get(f"/users/by/username/{quote(handle)}", {})
        user = data.get("data")
        if not isinstance(user, dict) or not str(user.get("id", "")).isdigit():
            detail = _error_detail(data) or "no such user"
            raise FetchError(
                f"X account @{handle} could not be resolved: {detail}",
                "check the handle in accounts (it may be renamed, suspended or protected)",
            )
        self.ctx.archive.set_meta(key, str(user["id"]))
        return str(user["id"])

    def _timeline(self, path: str, cursor: str, timed: bool) -> list[Item]:
        """Posts of one timeline in the window, newer than what earlier runs read."""
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
            data = self._get(path, {**query, **({"pagination_token": token} if token else {})})
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
                    f"the X API refused {path}: {_error_detail(data)}", "check the source settings"
                )
            oldest = None
            for raw in tweets:
                tweet = _v2(raw, users, refs)
                item = _item(tweet, self.source.name, None)
                if item is None or (since_id and int(item.id) <= int(since_id)):
                    continue
                if item.published in window or not timed:
                    newest = max(newest, int(item.id))
                oldest = item.published if oldest is None else min(oldest, item.published)
                if item.published in window:
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


def _error_detail(data: Mapping[str, Any]) -> str:
    errors = data.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("detail") or errors[0].get("title") or "")[:200]
    return str(data.get("detail") or data.get("title") or "")[:200]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- one tweet shape -----------------------------------------------------------------------
# Every way in produces the same dict: id, handle, text, time, urls (t.co → expanded),
# metrics, reply_to, retweet_of and quote_of (tweet dicts of the same shape, or None).


def _v2(
    raw: Mapping[str, Any], users: Mapping[str, Any], refs: Mapping[str, Any]
) -> dict[str, Any]:
    """An API v2 tweet (with its expansions) in the common shape."""
    note = raw.get("note_tweet") if isinstance(raw.get("note_tweet"), dict) else None
    text = str((note or {}).get("text") or raw.get("text") or "")
    entities = (note or {}).get("entities") or raw.get("entities") or {}
    user = users.get(str(raw.get("author_id"))) or {}
    embedded = obj(raw.get("author"))
    handle = user.get("username") or embedded.get("username") or raw.get("username")
    metrics = obj(raw.get("public_metrics"))
    out: dict[str, Any] = {
        "id": str(raw.get("id") or ""),
        "handle": handle,
        "text": text,
        "time": _time(raw.get("created_at")),
        "urls": _urls(entities),
        "metrics": {
            "likes": metrics.get("like_count"),
            "reposts": metrics.get("retweet_count"),
            "replies": metrics.get("reply_count"),
            "quotes": metrics.get("quote_count"),
            "views": metrics.get("impression_count"),
        },
        "reply_to": None,
        "retweet_of": None,
        "quote_of": None,
    }
    for ref in raw.get("referenced_tweets") or []:
        if not isinstance(ref, dict):
            continue
        kind, ref_id = ref.get("type"), str(ref.get("id") or "")
        if kind == "replied_to":
            out["reply_to"] = ref_id
        elif kind in ("retweeted", "quoted"):
            target = refs.get(ref_id) or (ref if ref.get("text") else None)  # inline expansion
            shaped = _v2(target, users, {}) if isinstance(target, dict) else {"id": ref_id}
            out["retweet_of" if kind == "retweeted" else "quote_of"] = shaped
    return out


def _v1(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A v1.1 tweet (the X archive's, or a JSON Lines export of them) in the common shape."""
    entities = obj(raw.get("entities"))
    user = obj(raw.get("user"))
    out: dict[str, Any] = {
        "id": str(raw.get("id_str") or raw.get("id") or ""),
        "handle": user.get("screen_name"),
        "text": str(raw.get("full_text") or raw.get("text") or ""),
        "time": _time(raw.get("created_at")),
        "urls": _urls(entities),
        "metrics": {
            "likes": _int(raw.get("favorite_count")),
            "reposts": _int(raw.get("retweet_count")),
        },
        "reply_to": str(raw.get("in_reply_to_status_id_str") or "") or None,
        "retweet_of": None,
        "quote_of": None,
    }
    if isinstance(raw.get("retweeted_status"), dict):
        out["retweet_of"] = _v1(raw["retweeted_status"])
    if isinstance(raw.get("quoted_status"), dict):
        out["quote_of"] = _v1(raw["quoted_status"])
    return out


EXPORT_SHAPES = (
    "the X archive's data/tweets.js, or JSON Lines of API v2 posts, API v2 pages and "
    'filtered-stream lines ({"data": ..., "includes": ...}), twarc2 flattened posts or '
    "API v1.1 statuses (a saved API answer as one JSON document works too)"
)


def parse_export(
    body: bytes, *, where: str = "the file", skipped: Counter[str] | None = None
) -> list[dict[str, Any]]:
    """Posts from the X archive's ``tweets.js`` or from JSON Lines, in the common shape.

    JSON Lines may hold posts (API v2 or v1.1), whole API v2 answers and filtered-stream lines
    (``{"data": post or [posts], "includes": {"users": ..., "tweets": ...}, ...}``, the shape
    twarc2 writes), or arrays of posts. Lines that are not posts are counted in ``skipped``;
    a file with no post at all is refused with the shapes that are read.
    """
    skipped = skipped if skipped is not None else Counter()
    try:
        text = body.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        raise FetchError(f"{redact_url(where)} is not UTF-8 text", "export it again") from None
    if text.startswith("window.YTD."):
        try:
            records = json.loads(text.split("=", 1)[1].strip().rstrip(";"))
        except (IndexError, json.JSONDecodeError) as exc:
            raise FetchError(
                f"{redact_url(where)} looks like the X archive's tweets.js but does not parse "
                f"({' '.join(str(exc).split())[:80]})",
                "take data/tweets.js from a fresh archive download",
            ) from None
        if not isinstance(records, list):
            raise FetchError(f"{redact_url(where)}: the archive holds no list of tweets", "")
        return [_v1(r.get("tweet", r)) for r in records if isinstance(r, dict)]
    out: list[dict[str, Any]] = []
    bad = 0
    for value in _json_values(text):
        if value is _NOT_JSON:
            bad += 1
        else:
            out.extend(_posts(value, skipped))
    if not out and (bad or skipped):
        raise FetchError(
            f"{redact_url(where)} is neither the X archive's tweets.js nor JSON Lines of posts: "
            f"no post in {bad + sum(skipped.values())} records. digest reads {EXPORT_SHAPES}",
            "give data/tweets.js from the archive, or one JSON post (or API answer) per line",
        )
    if bad:
        skipped["lines that are not JSON"] += bad
    return out


_NOT_JSON = object()


def _json_values(text: str) -> list[Any]:
    """The file as one JSON document if it is one, else its lines (``_NOT_JSON`` where bad)."""
    if text[:1] in ("{", "["):
        try:
            return [json.loads(text)]
        except json.JSONDecodeError:
            pass  # JSON Lines, or broken: read line by line
    values: list[Any] = []
    for line in text.splitlines():
        if line.strip():
            try:
                values.append(json.loads(line))
            except json.JSONDecodeError:
                values.append(_NOT_JSON)
    return values


def _is_v2(raw: Mapping[str, Any]) -> bool:
    return isinstance(raw.get("text"), str) and str(raw.get("id") or "").isdigit()


def _is_v1(raw: Mapping[str, Any]) -> bool:
    has_text = isinstance(raw.get("full_text") or raw.get("text"), str)
    return has_text and ("id_str" in raw or isinstance(raw.get("user"), dict))


def _lookup(includes: Mapping[str, Any], key: str) -> dict[str, Any]:
    return {str(x.get("id")): x for x in arr(includes.get(key)) if isinstance(x, dict)}


def _posts(value: Any, skipped: Counter[str]) -> list[dict[str, Any]]:
    """The posts in one JSON value of an export, in the common shape; the rest counted."""
    if isinstance(value, list):
        return [post for element in value for post in _posts(element, skipped)]
    if not isinstance(value, dict):
        skipped["records that are not posts"] += 1
        return []
    if _is_v1(value):
        return [_v1(value)]
    includes = obj(value.get("includes"))
    users, refs = _lookup(includes, "users"), _lookup(includes, "tweets")
    if "data" in value and not _is_v2(value):  # an API v2 answer or a filtered-stream line
        data = value["data"]
        out = []
        for row in data if isinstance(data, list) else [data]:
            if isinstance(row, dict) and _is_v2(row):
                out.append(_v2(row, users, refs))
            else:
                skipped["records that are not posts"] += 1
        return out
    if _is_v2(value):
        author = obj(value.get("author"))  # twarc2's flattened posts carry their author
        if author:
            users.setdefault(str(value.get("author_id")), author)
        return [_v2(value, users, refs)]
    if "errors" in value:
        skipped["error messages"] += 1  # the API's and the stream's error objects
    else:
        skipped["records that are not posts"] += 1
    return []


def _item(tweet: Mapping[str, Any], source: str, default_handle: str | None) -> Item | None:
    """The item for a tweet in the common shape; None without an id or a time."""
    ident, moment = tweet.get("id", ""), tweet.get("time")
    if moment is None and str(ident).isdigit() and int(ident) >= SNOWFLAKE_MIN:
        moment = status_time(int(ident))  # recorded without tweet.fields=created_at
    if not str(ident).isdigit() or moment is None:
        return None
    handle = (tweet.get("handle") or (default_handle or "").lstrip("@")) or None
    text, links = _expand(tweet)
    origin = tweet.get("retweet_of")
    if origin and str(origin.get("id", "")).isdigit():
        # A retweet carries the original's words and points at it: the story engine folds it.
        original_text, original_links = _expand(origin) if origin.get("text") else ("", [])
        who = origin.get("handle")
        if original_text:
            original_text = _RT_PREFIX.sub("", original_text)  # of a retweet: one prefix
            text = f"RT @{who}: {original_text}" if who else original_text
            links = original_links
        links = [permalink(who, origin["id"]), *[u for u in links if u]]
    quoted = tweet.get("quote_of")
    if quoted and str(quoted.get("id", "")).isdigit():
        quoted_text, quoted_links = _expand(quoted) if quoted.get("text") else ("", [])
        links.append(permalink(quoted.get("handle"), quoted["id"]))
        links.extend(quoted_links)
        if quoted_text:
            who = quoted.get("handle")
            text = f"{text}\n\n" + (f"@{who}: " if who else "") + quoted_text
    metrics = {k: v for k, v in (tweet.get("metrics") or {}).items() if isinstance(v, int)}
    reply_to = tweet.get("reply_to")
    return Item(
        source=source,
        id=str(ident),
        url=permalink(handle, str(ident)),
        author=f"@{handle}" if handle else "",
        text=text,
        published=moment,
        links=tuple(dict.fromkeys(u for u in links if u)),
        language=detect_language(text),
        engagement=metrics,
        kind="x",
        reply_to=f"{source}:{reply_to}" if reply_to else None,
    )


def _expand(tweet: Mapping[str, Any]) -> tuple[str, list[str]]:
    """The tweet's text with its t.co links expanded; the links (media links left out)."""
    # X sends &, < and > as HTML entities in the text of every API version and export.
    text = repair_text(html.unescape(str(tweet.get("text") or "")))
    links: list[str] = []
    own = str(tweet.get("id") or "")
    for short, full in tweet.get("urls") or []:
        url = clean_url(full) if full else None
        parts = urlsplit(url or "")
        is_media = (parts.hostname or "").endswith(("x.com", "twitter.com")) and re.search(
            rf"/status/{own}/(photo|video)/", parts.path
        )
        if url and not is_media:
            text = text.replace(short, url) if short else text
            links.append(url)
        elif short:
            text = text.replace(short, "")
    return _LINE_ENDS.sub("\n", _SPACES.sub(" ", text)).strip(), links


def _urls(entities: Any) -> list[tuple[str, str]]:
    out = []
    for entry in (entities or {}).get("urls") or [] if isinstance(entities, dict) else []:
        if isinstance(entry, dict) and entry.get("expanded_url"):
            out.append((str(entry.get("url") or ""), str(entry["expanded_url"])))
    media = (entities or {}).get("media") if isinstance(entities, dict) else None
    for entry in media or []:
        if isinstance(entry, dict) and entry.get("url"):
            out.append((str(entry["url"]), ""))  # the archive's pic.twitter.com stubs
    return out


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = datetime.strptime(value, _V1_TIME)
        except ValueError:
            return None
    return moment if moment.tzinfo else None


def _int(value: Any) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


# --- Nitter --------------------------------------------------------------------------------
_RT_BY = re.compile(r"^RT by @([A-Za-z0-9_]{1,15}):\s*")
_REPLY_TO = re.compile(r"^R to @([A-Za-z0-9_]{1,15}):\s*")
_PINNED = re.compile(r"^Pinned:\s*")


def parse_nitter(
    body: bytes, *, source: str, instance: str, skipped: Counter[str] | None = None
) -> list[Item]:
    """Posts from a Nitter RSS feed, with links pointing at ``x.com`` instead of the instance."""
    skipped = skipped if skipped is not None else Counter()
    host = urlsplit(instance).hostname or ""
    items = []
    for entry in parse_feed(body, source=source, base_url=instance, skipped=skipped):
        link = _to_x(entry.url or "", host)
        match = _STATUS_PATH.match(urlsplit(link or "").path)
        if not link or not match:
            skipped["entries that are not posts"] += 1
            continue
        handle, ident = match.groups()
        text = entry.text or entry.title
        for pattern in (_RT_BY, _REPLY_TO, _PINNED):
            text = pattern.sub("", text)
        own = permalink(handle, ident)
        links = [u for u in (_to_x(x, host) for x in entry.links) if u and u != own]
        items.append(
            entry.model_copy(
                update={
                    "id": ident,
                    "url": own,
                    "title": "",
                    "author": f"@{handle}",
                    "text": text.strip(),
                    "links": tuple(dict.fromkeys(links)),
                    "language": detect_language(text),
                    "kind": "x",
                }
            )
        )
    return items


def _to_x(url: str, host: str) -> str | None:
    """A link on the Nitter instance rewritten to ``x.com`` (``#m`` and ``/pic`` dropped)."""
    parts = urlsplit(url)
    if parts.hostname != host:
        return clean_url(url) if url else None
    path = parts.path
    if path.startswith("/pic/"):
        return None  # images proxied by the instance
    return clean_url(f"https://x.com{path}")
