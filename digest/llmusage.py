"""What the LLM cost in one run: calls, cache hits, tokens per stage and per model, and the
price estimate (``Usage``); ``estimate_tokens`` guesses a prompt's size before it is sent."""

from __future__ import annotations

import contextvars
import math
import threading
from dataclasses import dataclass, field
from typing import Any

BATCH_SUFFIX = " (batch)"
"""Usage of a model through the Batch API is counted under its name with this suffix."""
# The stage a call belongs to (``story`` or ``compose``), set by ``ask`` in the calling thread.
_STAGE: contextvars.ContextVar[str] = contextvars.ContextVar("llm_stage", default="story")
_STAGE_FIGURES = ("calls", "cache_hits", "prompt_tokens", "completion_tokens")


@dataclass
class Usage:
    """What the LLM cost in one run.

    Attributes:
        calls: requests sent to the server (each retry is one more).
        cache_hits: answers taken from the archive instead.
        prompt_tokens: prompt tokens the server reported.
        completion_tokens: completion tokens the server reported.
        reasks: re-asks after an unusable answer.
        invalid: answers still unusable after the re-ask.
        fallbacks: structured-output methods abandoned for a simpler one.
        retries: requests sent again after a 429, a 5xx, a timeout or a lost connection.
    """

    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    reasks: int = 0
    invalid: int = 0
    fallbacks: int = 0
    retries: int = 0
    stages: dict[str, dict[str, int]] = field(default_factory=dict)
    models: dict[str, dict[str, int]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count(self, model: str | None = None, **amounts: int) -> None:
        """Add to the counters (thread-safe): ``usage.count(calls=1, reasks=1)``.

        Calls, cache hits and tokens are also counted per stage (story, compose) and, when
        ``model`` is given, per model (for the price estimate).
        """
        with self._lock:
            for name, amount in amounts.items():
                setattr(self, name, getattr(self, name) + amount)
            shared = {k: v for k, v in amounts.items() if k in _STAGE_FIGURES}
            if not shared:
                return
            buckets = [self.stages.setdefault(_STAGE.get(), dict.fromkeys(_STAGE_FIGURES, 0))]
            if model:
                buckets.append(self.models.setdefault(model, dict.fromkeys(_STAGE_FIGURES, 0)))
            for bucket in buckets:
                for name, amount in shared.items():
                    bucket[name] += amount

    def cost(self, prices: dict[str, tuple[float, float]]) -> float | None:
        """The estimated price in USD from per-million-token prices per model (None: unknown)."""
        total, known = 0.0, False
        for model, figures in self.models.items():
            base = model.removesuffix(BATCH_SUFFIX)
            price = prices.get(base)
            if price is None:
                continue
            known = True
            share = 0.5 if model != base else 1.0  # the Batch API is half price
            total += figures["prompt_tokens"] / 1e6 * price[0] * share
            total += figures["completion_tokens"] / 1e6 * price[1] * share
        return round(total, 6) if known else None

    @property
    def total_tokens(self) -> int:
        """Prompt and completion tokens together."""
        return self.prompt_tokens + self.completion_tokens

    def as_dict(self) -> dict[str, Any]:
        """The figures as plain data."""
        return {
            "calls": self.calls,
            "cache_hits": self.cache_hits,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
            "reasks": self.reasks,
            "invalid": self.invalid,
            "fallbacks": self.fallbacks,
            "retries": self.retries,
            "stages": {k: dict(v) for k, v in sorted(self.stages.items())},
            "models": {k: dict(v) for k, v in sorted(self.models.items())},
        }


def estimate_tokens(text: str) -> int:
    """A cautious offline token estimate: about three UTF-8 bytes a token."""
    return math.ceil(len(text.encode("utf-8")) / 3)
