"""What the source types' parsers share: JSON bodies, plain-text links, counts, times, items.

Requests go through ``FetchContext.get``; a service with its own rate-limit rule (X's
``x-rate-limit-reset``, Discord's ``retry_after``) passes it as ``digest.retry.Api`` rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from digest.errors import FetchError
from digest.http import Response, redact_url
from digest.models import Item
from digest.textclean import detect_language
from digest.urls import clean_url

__all__ = [
    "arr",
    "compact_number",
    "int_fields",
    "iso_time",
    "looks_like_html",
    "obj",
    "parse_json",
    "parse_json_file",
    "plain_links",
    "titled_item",
]

# http(s) URLs in plain text; trailing punctuation is trimmed afterwards.
_URL = re.compile(r"https?://[^\s<>\"'`|\\^{}\[\]]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}>'\"”’…"


def plain_links(text: str) -> list[str]:
    """The http(s) links written in plain text, cleaned, in order, without repeats."""
    out: dict[str, None] = {}
    for match in _URL.finditer(text or ""):
        raw = match.group(0)
        # Keep a closing parenthesis that belongs to the URL (Wikipedia-style paths).
        while raw and raw[-1] in _TRAILING:
            if raw[-1] == ")" and raw.count("(") >= raw.count(")"):
                break
            raw = raw[:-1]
        url = clean_url(raw)
        if url:
            out.setdefault(url, None)
    return list(out)


def obj(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one (real exports miss keys)."""
    return value if isinstance(value, dict) else {}


def arr(value: Any) -> list[Any]:
    """``value`` if it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []


def compact_number(text: str) -> int | None:
    """``4.4K`` → 4400, ``1.2M`` → 1200000, ``987`` → 987; None when it is not a count."""
    value = (text or "").strip().replace(",", "").upper()
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMB]?)", value)
    if not match:
        return None
    scale = {"": 1, "K": 1_000, "M": 1_000_000, "B": 1_000_000_000}[match.group(2)]
    return round(float(match.group(1)) * scale)


def int_fields(record: Mapping[str, Any], **names: str) -> dict[str, int]:
    """``record``'s integer values under new names: ``int_fields(hit, num_comments="comments")``."""
    return {name: record[key] for key, name in names.items() if isinstance(record.get(key), int)}


def iso_time(value: Any) -> datetime | None:
    """An ISO 8601 time with its offset (``Z`` allowed); None if it is not one."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def titled_item(*, title: str, text: str, **fields: Any) -> Item:
    """An ``Item`` whose language is told from its title and text together."""
    return Item(title=title, text=text, language=detect_language(f"{title}\n{text}"), **fields)


def looks_like_html(body: bytes) -> bool:
    """Whether a body is a web page (a login wall, a block page) rather than data."""
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def parse_json(response: Response, what: str) -> Any:
    """The JSON body of ``response``; a ``FetchError`` naming ``what`` when it is not JSON."""
    shown = redact_url(response.url)
    if looks_like_html(response.content):
        raise FetchError(
            f"{what} answered with a web page instead of JSON: {shown}",
            "the service may be blocking this address or asking for a login; "
            "check base_url and try again later",
        )
    try:
        return json.loads(response.content.decode(response.encoding or "utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(
            f"{what} sent a malformed JSON body ({_short(exc)}): {shown}",
            "the response may have been cut short; try again later",
        ) from None


def parse_json_file(content: bytes, where: str, hint: str) -> Any:
    """The JSON of a saved file (a BOM allowed); a ``FetchError`` naming it and ``hint``."""
    try:
        return json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(f"{redact_url(where)} is not valid JSON ({_short(exc)})", hint) from None


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:120]
