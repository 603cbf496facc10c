"""X posts in one shape, whichever way they came in (API v2, the X archive, JSON Lines).

Every way in produces the same dict: id, handle, text, time, urls (t.co → expanded),
metrics, reply_to, retweet_of and quote_of (tweet dicts of the same shape, or None), and
``tweet_item`` makes the item. Retweets and quotes link to their original post, so the story
engine folds or joins them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from digest.errors import FetchError
from digest.http import redact_url
from digest.models import Item
from digest.sources.api import iso_time, obj
from digest.textclean import detect_language, repair_text
from digest.urls import clean_url

TWITTER_EPOCH_MS = 1_288_834_974_657
_V1_TIME = "%a %b %d %H:%M:%S %z %Y"


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


def parse_export(body: bytes, *, where: str = "the file") -> list[dict[str, Any]]:
    """Tweets from the X archive's ``tweets.js`` or from JSON Lines, in the common shape."""
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
    out, bad = [], 0
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError:
            bad += 1
            continue
        if not isinstance(raw, dict):
            bad += 1
        elif "id_str" in raw or "full_text" in raw or isinstance(raw.get("user"), dict):
            out.append(shape_v1(raw))
        else:
            author = obj(raw.get("author"))
            users = {str(raw.get("author_id")): author} if author else {}
            includes = obj(raw.get("includes"))
            users.update(
                {str(u.get("id")): u for u in includes.get("users") or [] if isinstance(u, dict)}
            )
            refs = {
                str(t.get("id")): t for t in includes.get("tweets") or [] if isinstance(t, dict)
            }
            out.append(shape_v2(raw, users, refs))
    if bad and not out:
        raise FetchError(
            f"{redact_url(where)} is neither the X archive's tweets.js nor JSON Lines of tweets",
            "give data/tweets.js from the archive, or one JSON tweet per line",
        )
    return out


def tweet_item(tweet: Mapping[str, Any], source: str, default_handle: str | None) -> Item | None:
    """The item for a tweet in the common shape; None without an id or a time."""
    ident, moment = tweet.get("id", ""), tweet.get("time")
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
    text = repair_text(str(tweet.get("text") or ""))
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
    return " ".join(text.split(" ")).strip(), links


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
