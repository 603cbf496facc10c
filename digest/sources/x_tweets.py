"""X posts in one shape, whichever way they came in (API v2, the X archive, JSON Lines).

Every way in produces the same dict: id, handle, text, time, urls (t.co → expanded),
metrics, reply_to, retweet_of and quote_of (tweet dicts of the same shape, or None), and
``tweet_item`` makes the item. Retweets and quotes link to their original post, so the story
engine folds or joins them. A post saved without ``created_at`` is timed by its id.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from digest.errors import FetchError
from digest.http import redact_url
from digest.models import Item
from digest.sources.api import arr, iso_time, obj
from digest.textclean import detect_language, repair_text
from digest.urls import clean_url

TWITTER_EPOCH_MS = 1_288_834_974_657
SNOWFLAKE_MIN = 1 << 35  # smaller ids are the sequential ones of before 2010-11-04: no time
_V1_TIME = "%a %b %d %H:%M:%S %z %Y"
_RT_PREFIX = re.compile(r"^(?:RT @[A-Za-z0-9_]{1,15}:\s*)+")
_SPACES = re.compile(r"[^\S\n]{2,}")
_LINE_ENDS = re.compile(r" ?\n ?")


def status_time(status_id: int) -> datetime:
    """When a post id was made (X ids are snowflakes from 2010-11-04)."""
    return datetime.fromtimestamp(((status_id >> 22) + TWITTER_EPOCH_MS) / 1000, UTC)


def permalink(handle: str | None, status_id: str) -> str:
    """``https://x.com/<handle>/status/<id>`` (``/i/status/`` when the handle is unknown)."""
    return f"https://x.com/{handle or 'i'}/status/{status_id}"


def shape_v2(
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
            shaped = shape_v2(target, users, {}) if isinstance(target, dict) else {"id": ref_id}
            out["retweet_of" if kind == "retweeted" else "quote_of"] = shaped
    return out


def shape_v1(raw: Mapping[str, Any]) -> dict[str, Any]:
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
        out["retweet_of"] = shape_v1(raw["retweeted_status"])
    if isinstance(raw.get("quoted_status"), dict):
        out["quote_of"] = shape_v1(raw["quoted_status"])
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
        return [shape_v1(r.get("tweet", r)) for r in records if isinstance(r, dict)]
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
        return [shape_v1(value)]
    includes = obj(value.get("includes"))
    users, refs = _lookup(includes, "users"), _lookup(includes, "tweets")
    if "data" in value and not _is_v2(value):  # an API v2 answer or a filtered-stream line
        data = value["data"]
        out = []
        for row in data if isinstance(data, list) else [data]:
            if isinstance(row, dict) and _is_v2(row):
                out.append(shape_v2(row, users, refs))
            else:
                skipped["records that are not posts"] += 1
        return out
    if _is_v2(value):
        author = obj(value.get("author"))  # twarc2's flattened posts carry their author
        if author:
            users.setdefault(str(value.get("author_id")), author)
        return [shape_v2(value, users, refs)]
    if "errors" in value:
        skipped["error messages"] += 1  # the API's and the stream's error objects
    else:
        skipped["records that are not posts"] += 1
    return []


def tweet_item(tweet: Mapping[str, Any], source: str, default_handle: str | None) -> Item | None:
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
    """An API v2 time (ISO 8601) or a v1.1 one (``Wed Oct 10 20:19:24 +0000 2018``)."""
    moment = iso_time(value)
    if moment is not None or not isinstance(value, str):
        return moment
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
