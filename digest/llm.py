"""Structured answers from any OpenAI-compatible server: cached, budgeted, validated.

The method that works is found once per server and model and remembered in the archive:
``json_schema`` (``chat.completions.parse``), else ``json_object`` (JSON mode), else plain
text; every answer is validated against the pydantic schema, with one re-ask that lists the
validation errors.
"""

from __future__ import annotations

import contextvars
import hashlib
import ipaddress
import json
import math
import os
import re
import threading
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

import openai
from pydantic import BaseModel, ValidationError

from digest.archive import Archive
from digest.config import LLMConfig
from digest.errors import BudgetExceeded, ConfigError, LLMError

T = TypeVar("T", bound=BaseModel)

METHODS = ("json_schema", "json_object", "text")
OFFLINE_GUARD_ENV = "DIGEST_LLM_LOCAL_ONLY"
"""When set (the test suite sets it), any LLM server off this machine is refused."""

_CACHE_VERSION = "1"
BATCH_SUFFIX = " (batch)"
"""Usage of a model through the Batch API is counted under its name with this suffix."""
# The stage a call belongs to (``story`` or ``compose``), set by ``ask`` in the calling thread.
_STAGE: contextvars.ContextVar[str] = contextvars.ContextVar("llm_stage", default="story")
_STAGE_FIGURES = ("calls", "cache_hits", "prompt_tokens", "completion_tokens")


class LLMInvalidAnswer(LLMError):
    """The model's answer could not be used even after a re-ask."""


@dataclass
class Usage:
    """What the LLM cost in one run.

    Attributes:
        calls: requests sent to the server.
        cache_hits: answers taken from the archive instead.
        prompt_tokens: prompt tokens the server reported.
        completion_tokens: completion tokens the server reported.
        reasks: re-asks after an unusable answer.
        invalid: answers still unusable after the re-ask.
        fallbacks: structured-output methods abandoned for a simpler one.
    """

    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    reasks: int = 0
    invalid: int = 0
    fallbacks: int = 0
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
            "stages": {k: dict(v) for k, v in sorted(self.stages.items())},
            "models": {k: dict(v) for k, v in sorted(self.models.items())},
        }


def estimate_tokens(text: str) -> int:
    """A cautious offline token estimate: about three UTF-8 bytes a token."""
    return math.ceil(len(text.encode("utf-8")) / 3)


def is_local(base_url: str | None) -> bool:
    """True when the URL's host is this machine (loopback)."""
    if not base_url:
        return False
    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_client(cfg: LLMConfig) -> openai.OpenAI:
    """An ``openai`` client for the configured server, the key read from the environment."""
    if os.environ.get(OFFLINE_GUARD_ENV) and not is_local(cfg.base_url):
        raise LLMError(
            f"refusing to call a remote LLM ({cfg.base_url or 'OpenAI'}) while "
            f"{OFFLINE_GUARD_ENV} is set",
            "tests must use the local fake server",
        )
    key = os.environ.get(cfg.api_key_env, "")
    if not key:
        if cfg.base_url is None:
            raise ConfigError(
                f"llm: the environment variable {cfg.api_key_env} is not set",
                f"export {cfg.api_key_env}=... (or set llm.base_url to a local server "
                "such as Ollama, or remove the llm section to write without a model)",
            )
        key = "unused"  # local servers (Ollama, vLLM) ignore the key but the client needs one
    return openai.OpenAI(
        api_key=key, base_url=cfg.base_url, timeout=cfg.timeout, max_retries=cfg.max_retries
    )


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


class StructuredLLM:
    """Asks for answers in a pydantic schema; caches, budgets and counts every call."""

    def __init__(self, cfg: LLMConfig, archive: Archive, client: openai.OpenAI) -> None:
        self.cfg = cfg
        self.archive = archive
        self.client = client
        self.usage = Usage()
        self._reserved = 0
        self._budget_lock = threading.Lock()
        self._probe_lock = threading.Lock()
        self._secret = os.environ.get(cfg.api_key_env, "")

    # public ----------------------------------------------------------------
    def ask(
        self, *, model: str, system: str, user: str, schema: type[T], stage: str = "story"
    ) -> T:
        """One validated answer: from the cache, or from the server within the budget.

        ``stage`` names the pipeline stage (``story``, ``compose``) the usage is counted under.
        """
        _STAGE.set(stage)
        key = self._cache_key(model, system, user, schema)
        cached = self.archive.cached_answer(key)
        if cached is not None:
            try:
                answer = schema.model_validate_json(cached.response)
            except ValidationError:
                pass
            else:
                self.usage.count(model=model, cache_hits=1)
                return answer
        answer, raw = self._ask_server(model, system, user, schema)
        self.archive.cache_answer(key, model, raw, 0, 0)
        return answer

    def request_key(self, model: str, system: str, user: str, schema: type[BaseModel]) -> str:
        """The cache key ``ask`` files the answer to this request under."""
        return self._cache_key(model, system, user, schema)

    def redact(self, text: str) -> str:
        """``text`` with the API key masked."""
        return self._redact(text)

    # internals -------------------------------------------------------------
    def _cache_key(self, model: str, system: str, user: str, schema: type[BaseModel]) -> str:
        request = {
            "v": _CACHE_VERSION,
            "base_url": self.cfg.base_url or "",
            "model": model,
            "system": system,
            "user": user,
            "schema": schema.model_json_schema(),
            "temperature": self.cfg.temperature,
            "max_tokens": self.cfg.max_output_tokens,
        }
        blob = json.dumps(request, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _method_key(self, model: str) -> str:
        return f"llm-method:{self.cfg.base_url or 'openai'}|{model}"

    def _ask_server(self, model: str, system: str, user: str, schema: type[T]) -> tuple[T, str]:
        key = self._method_key(model)
        if self.archive.get_meta(key) in METHODS:
            return self._ask_methods(model, system, user, schema)
        with self._probe_lock:
            # The first call to a server and model finds out which method works; the others
            # wait for it rather than all being rejected at once.
            answer = self._ask_methods(model, system, user, schema)
            return answer

    def _ask_methods(self, model: str, system: str, user: str, schema: type[T]) -> tuple[T, str]:
        key = self._method_key(model)
        method = self.archive.get_meta(key) or METHODS[0]
        if method not in METHODS:
            method = METHODS[0]
        while True:
            try:
                answer = self._ask_with(method, model, system, user, schema)
            except _MethodUnsupported:
                following = METHODS.index(method) + 1
                if following >= len(METHODS):
                    raise LLMError(
                        f"the LLM server rejected every way of asking for JSON (model {model})",
                        "check that the model name is right and the server is OpenAI-compatible",
                    ) from None
                method = METHODS[following]
                self.usage.count(fallbacks=1)
                continue
            if self.archive.get_meta(key) != method:
                self.archive.set_meta(key, method)
            return answer

    def _ask_with(
        self, method: str, model: str, system: str, user: str, schema: type[T]
    ) -> tuple[T, str]:
        if method != "json_schema":
            system = (
                f"{system}\n\nAnswer with one JSON object only, matching this JSON Schema:\n"
                f"{json.dumps(schema.model_json_schema(), ensure_ascii=False)}"
            )
        messages: list[dict[str, str]] = [
            {"role": "system", "content": system},
            {"role": "user", "content": user},
        ]
        content, error = self._once(method, model, messages, schema)
        if error is None:
            assert content is not None
            return self._validate(content, schema), content
        self.usage.count(reasks=1)
        messages = [
            *messages,
            {"role": "assistant", "content": (content or "")[:4000]},
            {
                "role": "user",
                "content": "That answer could not be used: "
                f"{error}\nAnswer again with one complete JSON object that matches the schema "
                "exactly. Keep it shorter if it was cut off.",
            },
        ]
        content, error = self._once(method, model, messages, schema)
        if error is None:
            assert content is not None
            return self._validate(content, schema), content
        self.usage.count(invalid=1)
        raise LLMInvalidAnswer(f"the model's answer was unusable twice: {error}")

    def _validate(self, content: str, schema: type[T]) -> T:
        return schema.model_validate(extract_json(content))

    def _once(
        self, method: str, model: str, messages: list[dict[str, str]], schema: type[BaseModel]
    ) -> tuple[str | None, str | None]:
        """Send one request; return (content, None) or (content, why it is unusable)."""
        estimate = sum(estimate_tokens(m["content"]) for m in messages)
        estimate += self.cfg.max_output_tokens
        self._reserve(estimate)
        response: Any = None
        try:
            kwargs: dict[str, Any] = {
                "model": model,
                "messages": messages,
                "temperature": self.cfg.temperature,
                "max_tokens": self.cfg.max_output_tokens,
            }
            if method == "json_schema":
                response = self.client.chat.completions.parse(response_format=schema, **kwargs)
            elif method == "json_object":
                kwargs["response_format"] = {"type": "json_object"}
                response = self.client.chat.completions.create(**kwargs)
            else:
                response = self.client.chat.completions.create(**kwargs)
        except openai.LengthFinishReasonError as exc:
            response = exc.completion
            return self._content(response), "the answer was cut off (too long)"
        except openai.ContentFilterFinishReasonError as exc:
            return None, f"the answer was filtered: {exc}"
        except ValidationError as exc:
            return None, _short_errors(exc)
        except openai.BadRequestError as exc:
            if method != "text" and _about_response_format(exc):
                raise _MethodUnsupported() from None
            raise self._api_error(exc) from None
        except openai.APIError as exc:
            raise self._api_error(exc) from None
        finally:
            self._settle(estimate, response, model)
        content = self._content(response)
        message = response.choices[0].message if response.choices else None
        if message is not None and getattr(message, "refusal", None):
            return content, f"the model refused: {message.refusal}"
        if not content:
            return content, "the answer was empty"
        if response.choices[0].finish_reason == "length":
            return content, "the answer was cut off (too long)"
        try:
            self._validate(content, schema)
        except ValidationError as exc:
            return content, _short_errors(exc)
        except ValueError as exc:
            return content, str(exc)
        return content, None

    @staticmethod
    def _content(response: Any) -> str | None:
        if response is None or not response.choices:
            return None
        content = response.choices[0].message.content
        return content if isinstance(content, str) else None

    def _reserve(self, estimate: int) -> None:
        with self._budget_lock:
            spent = self.usage.total_tokens + self._reserved
            if spent + estimate > self.cfg.token_budget:
                raise BudgetExceeded(
                    f"the next LLM call needs up to {estimate:,} tokens, and {spent:,} of the "
                    f"{self.cfg.token_budget:,} token budget are spent or reserved",
                    "raise llm.token_budget or lower output.max_stories / llm.item_chars",
                )
            self._reserved += estimate

    def _settle(self, estimate: int, response: Any, model: str) -> None:
        usage = getattr(response, "usage", None) if response is not None else None
        with self._budget_lock:
            self._reserved -= estimate
            self.usage.count(
                model=model,
                calls=1,
                prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
                completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
            )

    def _api_error(self, exc: openai.APIError) -> LLMError:
        where = self.cfg.base_url or "OpenAI"
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return LLMError(
                f"the LLM server at {where} refused the API key",
                f"check the {self.cfg.api_key_env} environment variable",
            )
        if isinstance(exc, openai.APITimeoutError):
            return LLMError(
                f"the LLM server at {where} did not answer within {self.cfg.timeout:g} s",
                "try again later or raise llm.timeout; finished stories are cached",
            )
        if isinstance(exc, openai.APIConnectionError):
            return LLMError(
                f"cannot reach the LLM server at {where}",
                "check llm.base_url and that the server is running; finished stories are cached",
            )
        if isinstance(exc, openai.NotFoundError):
            return LLMError(
                f"the LLM server at {where} does not know the model or the endpoint",
                "check llm.model and llm.base_url (it usually ends in /v1)",
            )
        if isinstance(exc, openai.RateLimitError):
            return LLMError(
                f"the LLM server at {where} kept answering 429 (rate limit or quota)",
                "wait and run again (finished stories are cached), or lower llm.concurrency",
            )
        status = getattr(exc, "status_code", None)
        message = self._redact(str(getattr(exc, "message", exc)))[:300]
        return LLMError(f"the LLM server at {where} failed ({status or 'error'}): {message}")

    def _redact(self, text: str) -> str:
        if self._secret:
            text = text.replace(self._secret, "***")
        return re.sub(r"sk-[A-Za-z0-9_*-]{6,}", "sk-***", text)


class _MethodUnsupported(Exception):
    """The server rejected the structured-output method."""


def _about_response_format(exc: openai.BadRequestError) -> bool:
    text = str(getattr(exc, "message", "")) + json.dumps(getattr(exc, "body", None) or {})
    text = text.lower()
    return any(word in text for word in ("response_format", "json_schema", "json schema", "schema"))


def _short_errors(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:8]:
        place = ".".join(str(p) for p in error["loc"]) or "(root)"
        parts.append(f"{place}: {error['msg']}")
    return "; ".join(parts)
