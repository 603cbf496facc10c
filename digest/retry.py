"""The one retry policy every request follows, and the service rules that feed it.

``digest.http.fetch`` asks a ``Rules`` object three things about an answer: is it worth trying
again (``RETRY_STATUSES``), how long does the server ask to wait (``wait_hint``: the standard
``Retry-After`` against the server's own clock, or a service's rule such as X's
``x-rate-limit-reset`` and Discord's ``retry_after`` body field), and what to tell the user when
it gives up. A wait longer than ``max_wait`` is not waited for: the source is skipped at once
with the time it may be tried again. Without a hint, attempt ``n`` waits
``backoff * 2**(n-1)`` seconds times a random factor in [1, 2), capped at the longest wait.

``Web`` holds the rules for a plain address (a feed, a page, a public JSON listing); ``Api``
adds a service's name, its own wait rule and what its refusals mean.

Why not tenacity or stamina: every decision here (the wait read from the answer, giving up at
once on a long one, the messages) is ours, and the loop around them is a dozen lines; stamina
takes no per-call ``sleep`` (the seam tests record waits through), and either library adds
40–140 ms to the import of every command that loads the config.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from digest.errors import FetchError

if TYPE_CHECKING:
    from digest.http import Response

__all__ = [
    "RETRY_STATUSES",
    "Api",
    "Rules",
    "Web",
    "backoff",
    "retry_after_seconds",
    "server_now",
]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Answers worth trying again: rate limits and a server that is down or overloaded."""

WaitRule = Callable[["Response"], float | None]


def backoff(base: float, attempt: int, cap: float) -> float:
    """Exponential backoff with jitter: ``base * 2**(attempt-1)`` times [1, 2), at most ``cap``."""
    return min(base * 2 ** (attempt - 1) * (1 + random.random()), cap)


def retry_after_seconds(value: str, now: datetime) -> float | None:
    """Seconds a ``Retry-After`` value asks to wait (delay or HTTP-date); None if unreadable."""
    text = value.strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - now).total_seconds(), 0.0)


def server_now(headers: Mapping[str, str]) -> datetime:
    """The server's clock from its ``Date`` header (so clock skew does not matter), else ours."""
    date = headers.get("date")
    if date:
        try:
            when = parsedate_to_datetime(date)
            return when if when.tzinfo else when.replace(tzinfo=UTC)
        except (TypeError, ValueError, IndexError):
            pass
    return datetime.now(UTC)


def retry_after(response: Response) -> float | None:
    """Seconds the standard ``Retry-After`` header asks for, read against the server's clock."""
    value = response.headers.get("retry-after")
    return retry_after_seconds(value, server_now(response.headers)) if value else None


@dataclass(frozen=True)
class Rules:
    """What the retry policy asks about one kind of address; see ``Web`` and ``Api``.

    Attributes:
        max_wait: the longest wait accepted; None means the fetch settings' ``max_retry_wait``.
    """

    max_wait: float | None = None

    def wait_hint(self, response: Response) -> float | None:
        """Seconds the answer asks to wait before the next try; None: back off instead."""
        return retry_after(response)

    def too_long(self, response: Response, wait: float, shown: str) -> FetchError:
        """The error when the answer asks to wait longer than ``max_wait``."""
        raise NotImplementedError

    def exhausted(self, status: int, attempts: int, shown: str) -> FetchError:
        """The error when every attempt got a retryable ``status``."""
        raise NotImplementedError

    def refused(self, response: Response, shown: str) -> FetchError | None:
        """The error for an answer that is not retried and not accepted; None accepts it.

        ``shown`` is the final URL (after redirects), secrets masked.
        """
        raise NotImplementedError


@dataclass(frozen=True)
class Web(Rules):
    """A plain web address: 2xx and 304 are answers, 4xx and other 5xx say what to check."""

    def too_long(self, response: Response, wait: float, shown: str) -> FetchError:
        """The server asks for more than we wait: say until when."""
        until = datetime.now(UTC) + timedelta(seconds=wait)
        return FetchError(
            f"HTTP {response.status}: the server asks to wait {wait:,.0f} s before "
            f"retrying {shown}",
            f"try again after {until:%Y-%m-%d %H:%M} UTC",
        )

    def exhausted(self, status: int, attempts: int, shown: str) -> FetchError:
        """Rate limited or down on every attempt."""
        what = "rate limited (HTTP 429)" if status == 429 else f"server error {status}"
        return FetchError(
            f"{what} after {attempts} attempts: {shown}",
            "the site may be down or busy; try again later",
        )

    def refused(self, response: Response, shown: str) -> FetchError | None:
        """A 4xx or non-retryable 5xx."""
        return _status_error(response.status, shown) if response.status >= 400 else None


@dataclass(frozen=True)
class Api(Web):
    """A JSON API with its own words and rate-limit rule; only 2xx is an answer.

    Attributes:
        name: how messages name the service (``X API``, ``Discord``).
        rate_wait: seconds a 429 asks to wait by the service's own rule (X's reset time,
            Discord's body); None from it falls back to ``Retry-After``.
        token: what the service calls the secret it was sent (``bot token``), for a 401.
        refusals: status → (message, what to do), for statuses the service gives meaning to.
    """

    name: str = "the API"
    rate_wait: WaitRule | None = None
    token: str | None = None
    refusals: Mapping[int, tuple[str, str]] = field(default_factory=dict)

    def wait_hint(self, response: Response) -> float | None:
        """The service's rule for a 429 first (its headers mean nothing on a 5xx)."""
        if response.status == 429 and self.rate_wait is not None:
            wait = self.rate_wait(response)
            if wait is not None:
                return wait
        return retry_after(response)

    def too_long(self, response: Response, wait: float, shown: str) -> FetchError:
        """A far rate-limit reset: skip the source now and say when it resets."""
        if response.status != 429:
            return super().too_long(response, wait, shown)
        resume = datetime.fromtimestamp(datetime.now(UTC).timestamp() + wait, UTC)
        return FetchError(
            f"{self.name} rate limit reached; it resets in {wait:,.0f} s "
            f"(at {resume:%H:%M} UTC), so this source was skipped: {shown}",
            "the next run picks it up; fetch less often or follow fewer accounts",
        )

    def exhausted(self, status: int, attempts: int, shown: str) -> FetchError:
        """Rate limited or down on every attempt."""
        if status == 429:
            return FetchError(
                f"{self.name} rate limit (HTTP 429) after {attempts} attempts: {shown}",
                "try again later",
            )
        return FetchError(
            f"{self.name} server error {status} after {attempts} attempts: {shown}",
            "the service may be down; the next run tries again",
        )

    def refused(self, response: Response, shown: str) -> FetchError | None:
        """Anything but 2xx, in the service's words where it has them."""
        status = response.status
        if 200 <= status < 300:
            return None
        if status == 401 and self.token and status not in self.refusals:
            message, hint = (
                f"the {self.token} was refused",
                "check the token in the environment variable",
            )
        else:
            message, hint = self.refusals.get(status) or _generic(status)
        return FetchError(f"{self.name}: {message} (HTTP {status}): {shown}", hint)


def _generic(status: int) -> tuple[str, str]:
    if status in (401, 403):
        return "access denied", "check the token and its permissions"
    if status == 404:
        return "not found", "check the ids and names in the source's settings"
    if status >= 500:
        return "server error", "the service may be down; the next run tries again"
    return "request refused", "check the source's settings"


def _status_error(status: int, shown: str) -> FetchError:
    """A FetchError a user can act on for a 4xx or non-retryable 5xx status."""
    if status in (401, 403):
        return FetchError(
            f"access denied (HTTP {status}): {shown}",
            "check the token, or the URL is private",
        )
    if status == 404:
        return FetchError(f"not found (HTTP 404): {shown}", "check the URL")
    if status == 410:
        return FetchError(
            f"gone (HTTP 410): {shown}", "the page was removed; update or remove this source"
        )
    if status == 407:
        return FetchError(
            f"proxy authentication required (HTTP 407): {shown}", "check the proxy settings"
        )
    if status == 451:
        return FetchError(
            f"unavailable for legal reasons (HTTP 451): {shown}", "this source cannot be read here"
        )
    if status >= 500:
        return FetchError(f"server error {status}: {shown}", "try again later")
    return FetchError(
        f"request refused (HTTP {status}): {shown}",
        "check the URL and the source's settings",
    )


WEB = Web()
"""The rules for plain web addresses."""
