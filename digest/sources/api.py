"""What the JSON and HTML sources share: rate-limited requests, JSON bodies, plain-text links.

``request`` is for services with their own rate-limit rules (X's ``x-rate-limit-reset``,
Discord's ``retry_after``): the caller says how long a 429 asks to wait, and ``request``
waits when that is short and gives up with a clear message when it is long.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from digest.errors import FetchError
from digest.http import (
    Response,
    TransientFetchError,
    fetch_once,
    redact_url,
    retry_after_seconds,
)
from digest.sources.base import FetchContext
from digest.urls import clean_url

__all__ = [
    "arr",
    "compact_number",
    "looks_like_html",
    "obj",
    "parse_json",
    "parse_json_file",
    "plain_links",
    "request",
    "retry_after_header",
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


def retry_after_header(response: Response) -> float | None:
    """Seconds the standard ``Retry-After`` header asks for, if present and readable."""
    value = response.headers.get("retry-after")
    return retry_after_seconds(value, datetime.now(UTC)) if value else None


def request(
    ctx: FetchContext,
    url: str,
    *,
    service: str,
    headers: Mapping[str, str] | None = None,
    rate_wait: Callable[[Response], float | None] = retry_after_header,
    max_wait: float | None = None,
    statuses: Mapping[int, tuple[str, str]] | None = None,
) -> Response:
    """GET ``url`` with the service's rate-limit rules; 2xx comes back, the rest raises.

    Args:
        ctx: the fetch context (client, settings, sleep).
        url: the address (its secrets are masked in every message).
        service: the service's name for messages (``X API``, ``Discord``).
        headers: request headers (the ``Authorization`` header never reaches a message).
        rate_wait: seconds a 429 asks to wait (None: unknown, back off instead).
        max_wait: the longest wait accepted; longer means give up now with the reset time.
        statuses: status → (message, what to do), for statuses the service gives meaning to.
    """
    settings = ctx.settings
    limit = settings.max_retry_wait if max_wait is None else max_wait
    shown = redact_url(url)
    attempts = max(settings.retries, 0) + 1
    for attempt in range(1, attempts + 1):
        try:
            response = fetch_once(ctx.client, url, settings, headers=headers)
        except TransientFetchError as exc:
            if attempt < attempts:
                ctx.sleep(_backoff(settings.backoff, attempt))
                continue
            raise exc.after(attempts) from None
        status = response.status
        if status == 429:
            wait = rate_wait(response)
            if wait is not None and wait > limit:
                resume = datetime.fromtimestamp(datetime.now(UTC).timestamp() + wait, UTC)
                raise FetchError(
                    f"{service} rate limit reached; it resets in {wait:,.0f} s "
                    f"(at {resume:%H:%M} UTC), so this source was skipped: {shown}",
                    "the next run picks it up; fetch less often or follow fewer accounts",
                )
            if attempt < attempts:
                ctx.sleep(_backoff(settings.backoff, attempt) if wait is None else max(wait, 0.0))
                continue
            raise FetchError(
                f"{service} rate limit (HTTP 429) after {attempts} attempts: {shown}",
                "try again later",
            )
        if status >= 500 and status not in (statuses or {}):
            if attempt < attempts:
                ctx.sleep(_backoff(settings.backoff, attempt))
                continue
            raise FetchError(
                f"{service} server error {status} after {attempts} attempts: {shown}",
                "the service may be down; the next run tries again",
            )
        if status >= 400 or status < 200:
            message, hint = (statuses or {}).get(status) or _generic(status)
            raise FetchError(f"{service}: {message} (HTTP {status}): {shown}", hint)
        return response
    raise AssertionError("unreachable")  # pragma: no cover


def _generic(status: int) -> tuple[str, str]:
    if status in (401, 403):
        return "access denied", "check the token and its permissions"
    if status == 404:
        return "not found", "check the ids and names in the source's settings"
    return "request refused", "check the source's settings"


def _backoff(base: float, attempt: int) -> float:
    return base * 2 ** (attempt - 1) * (1 + random.random())


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:120]
