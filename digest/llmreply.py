"""Reading what an OpenAI-compatible server sent back, how a request samples, and when to ask
again.

``Sampling`` is what one request asks of the sampler (the answer's cap, temperature, seed);

``retry_delay`` says how long to wait before a retry (what the server asks in
``retry-after-ms`` or ``Retry-After``, else an exponential back-off); ``extract_json`` finds the
JSON object in a model's text (code fences and chatter aside); the private helpers read a
reply's content, a cached answer and a validation error for ``digest.llm``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import openai
from pydantic import BaseModel, ValidationError

from digest.config import LLMConfig
from digest.http import retry_after_seconds

T = TypeVar("T", bound=BaseModel)

RETRY_BASE = 2.0
"""Seconds before the first retry when the server does not say how long to wait; doubled for
each retry after it."""
RETRY_CAP = 120.0
"""The longest wait before a retry; a server asking for more fails the call."""
_RETRY_STATUS = frozenset({408, 409, 429})
VARIANT_TEMPERATURE = 0.8
"""The least temperature a best-of-N sample after the first is asked at (they must differ)."""


@dataclass(frozen=True)
class Sampling:
    """How one request samples its answer: the answer's cap, the temperature, the seed."""

    max_tokens: int
    temperature: float
    seed: int | None = None

    @classmethod
    def of(cls, cfg: LLMConfig, max_tokens: int | None = None, variant: int = 0) -> Sampling:
        """The configured sampling; ``max_tokens`` for a longer answer; ``variant`` above 0 for
        another sample of the same request (best-of-N): with that seed and a temperature of at
        least ``VARIANT_TEMPERATURE``."""
        temperature = cfg.temperature
        if variant:
            temperature = max(temperature, VARIANT_TEMPERATURE)
        return cls(max_tokens or cfg.max_output_tokens, temperature, variant or None)


def retry_delay(
    attempt: int, headers: Mapping[str, str] | None, jitter: float, now: datetime | None = None
) -> float | None:
    """Seconds to wait before retry ``attempt + 1``; None when the server asks for too long.

    What the server asks (``retry-after-ms``, else ``Retry-After`` in seconds or as a date)
    is honoured up to ``RETRY_CAP``; without it the wait is ``RETRY_BASE * 2**attempt``
    (2, 4, 8, ... s, at most ``RETRY_CAP``) times ``0.75 + jitter / 2`` (``jitter`` in [0, 1)),
    so concurrent calls do not all come back at once.
    """
    asked: float | None = None
    if headers is not None:
        millis = headers.get("retry-after-ms")
        if millis is not None:
            try:
                asked = float(millis) / 1000
            except ValueError:
                asked = None
        if asked is None and headers.get("retry-after") is not None:
            asked = retry_after_seconds(headers["retry-after"], now or datetime.now(UTC))
    if asked is not None and asked >= 0:
        return asked if asked <= RETRY_CAP else None
    return min(RETRY_BASE * 2**attempt, RETRY_CAP) * (0.75 + jitter / 2)


def extract_json(text: str) -> Any:
    """The JSON object in a model's text: code fences and chatter around it are ignored."""
    stripped = text.strip()
    fence = re.search(r"```(?:json)?\s*(.*?)```", stripped, re.DOTALL)
    if fence:
        stripped = fence.group(1).strip()
    try:
        return json.loads(stripped)
    except json.JSONDecodeError:
        pass
    start = stripped.find("{")
    if start < 0:
        raise ValueError("the answer holds no JSON object")
    decoder = json.JSONDecoder()
    try:
        value, _ = decoder.raw_decode(stripped[start:])
    except json.JSONDecodeError as exc:
        raise ValueError(f"the JSON in the answer is broken: {exc.msg} at {exc.pos}") from None
    return value


def _retryable(exc: openai.APIError) -> bool:
    """Whether a failed request is worth sending again: connection errors and timeouts,
    408, 409, 429 and 5xx."""
    if isinstance(exc, openai.APIConnectionError):
        return True
    status = getattr(exc, "status_code", None)
    return isinstance(status, int) and (status in _RETRY_STATUS or status >= 500)


def _content(response: Any) -> str | None:
    """The first choice's text, or None (no choices, no message, null content)."""
    try:
        content = response.choices[0].message.content
    except (AttributeError, IndexError, TypeError, KeyError):
        return None
    return content if isinstance(content, str) else None


def _from_cache(text: str, schema: type[T]) -> T | None:
    """A cached answer read back; answers cached raw by earlier versions (in code fences,
    with chatter) are read too. None if it does not fit the schema."""
    try:
        return schema.model_validate_json(text)
    except ValidationError:
        pass
    try:
        return schema.model_validate(extract_json(text))
    except (ValidationError, ValueError):
        return None


def _about_response_format(exc: openai.BadRequestError) -> bool:
    text = str(getattr(exc, "message", "")) + json.dumps(getattr(exc, "body", None) or {})
    text = text.lower()
    return any(word in text for word in ("response_format", "json_schema", "json schema", "schema"))


def _short_errors(exc: ValidationError) -> str:
    errors = exc.errors()
    if errors and all(e["type"] == "json_invalid" for e in errors):
        return f"the answer is not JSON ({errors[0]['msg']})"
    parts = []
    for error in exc.errors()[:8]:
        place = ".".join(str(p) for p in error["loc"]) or "(root)"
        parts.append(f"{place}: {error['msg']}")
    return "; ".join(parts)
