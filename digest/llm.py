"""Structured answers from any OpenAI-compatible server: cached, budgeted, validated.

The method that works is found once per server and model and remembered in the archive:
``json_schema`` (``chat.completions.parse``), else ``json_object`` (JSON mode), else plain
text; every answer is validated against the pydantic schema, with one re-ask that lists the
validation errors. The cache holds the validated answer (whatever wrapped it: code fences,
chatter), in the same shape whether it came from a direct call or from the Batch API.

Failures are of three kinds. ``LLMInvalidAnswer``: the model answered, twice, with nothing
usable (no choices, null content, prose, cut-off JSON, a body that is not JSON at all).
``LLMCallFailed``: the call failed after its retries (429, 5xx, timeouts, a refused request);
other calls may still work. Any other ``LLMError`` (the key refused, an unknown model) stops the
run. Retries wait what the server asks (``retry-after-ms``, ``Retry-After``), else back off
exponentially (``retry_delay``).
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import random
import re
import threading
import time
from typing import Any, TypeVar
from urllib.parse import urlsplit

import openai
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

from digest.archive import Archive
from digest.config import LLMConfig
from digest.errors import BudgetExceeded, ConfigError, LLMError
from digest.llmreply import (
    RETRY_BASE,
    RETRY_CAP,
    Sampling,
    _about_response_format,
    _content,
    _from_cache,
    _retryable,
    _short_errors,
    extract_json,
    retry_delay,
)
from digest.llmusage import _STAGE, BATCH_SUFFIX, Usage, estimate_tokens

__all__ = [
    "BATCH_SUFFIX",
    "METHODS",
    "OFFLINE_GUARD_ENV",
    "RETRY_BASE",
    "RETRY_CAP",
    "LLMCallFailed",
    "LLMInvalidAnswer",
    "Sampling",
    "StructuredLLM",
    "Usage",
    "estimate_tokens",
    "extract_json",
    "is_local",
    "make_client",
    "retry_delay",
]

T = TypeVar("T", bound=BaseModel)

METHODS = ("json_schema", "json_object", "text")
OFFLINE_GUARD_ENV = "DIGEST_LLM_LOCAL_ONLY"
"""When set (the test suite sets it), any LLM server off this machine is refused."""

_CACHE_VERSION = "1"


class LLMInvalidAnswer(LLMError):
    """The model's answer could not be used even after a re-ask.

    Attributes:
        reason: what came back (``no choices in the reply``, ``the answer holds no JSON``).
        model: the model asked.
    """

    def __init__(
        self, message: str, hint: str | None = None, *, reason: str = "", model: str = ""
    ) -> None:
        super().__init__(
            message,
            hint
            or "check llm.model and llm.base_url: the model must answer in JSON (small local "
            "models often cannot); `digest doctor` probes the server",
        )
        self.reason = reason or message
        self.model = model


class LLMCallFailed(LLMError):
    """One call failed after its retries (rate limit, server error, timeout, a request the
    server refused); other calls may still work, so the writer drops only its story."""


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
        # Retries are ours (``_once``): they honour Retry-After and back off for longer.
        self._chat = client.with_options(max_retries=0)

    # public ----------------------------------------------------------------
    def ask(
        self,
        *,
        model: str,
        system: str,
        user: str,
        schema: type[T],
        stage: str = "story",
        max_tokens: int | None = None,
        variant: int = 0,
    ) -> T:
        """One validated answer: from the cache, or from the server within the budget.

        ``stage`` names the pipeline stage (``story``, ``compose``) the usage is counted under;
        ``max_tokens`` caps the answer instead of ``llm.max_output_tokens`` (a call for several
        stories needs more); ``variant`` above 0 another sample, cached apart (``Sampling.of``).

        Raises:
            LLMInvalidAnswer: the model answered twice with nothing usable.
            LLMCallFailed: the call failed after its retries.
            LLMError: the server refused the key or does not know the model.
            BudgetExceeded: the call would cross ``llm.token_budget``.
        """
        _STAGE.set(stage)
        sampling = Sampling.of(self.cfg, max_tokens, variant)
        key = self._cache_key(model, system, user, schema, sampling)
        cached = self.archive.cached_answer(key)
        if cached is not None:
            answer = _from_cache(cached.response, schema)
            if answer is not None:
                self.usage.count(model=model, cache_hits=1)
                return answer
        answer = self._ask_server(model, system, user, schema, sampling)
        self.remember(key, model, answer)
        return answer

    def remember(
        self,
        key: str,
        model: str,
        answer: BaseModel,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
    ) -> None:
        """Cache a validated answer under a request key, as its schema's JSON (the one shape
        ``ask`` reads back, whether the answer came directly or from a batch)."""
        self.archive.cache_answer(
            key, model, answer.model_dump_json(), prompt_tokens, completion_tokens
        )

    def request_key(self, model: str, system: str, user: str, schema: type[BaseModel]) -> str:
        """The cache key ``ask`` files the answer to this request under."""
        return self._cache_key(model, system, user, schema)

    def redact(self, text: str) -> str:
        """``text`` with the API key masked."""
        return self._redact(text)

    # internals -------------------------------------------------------------
    def _cache_key(
        self,
        model: str,
        system: str,
        user: str,
        schema: type[BaseModel],
        sampling: Sampling | None = None,
    ) -> str:
        request: dict[str, Any] = {
            "v": _CACHE_VERSION,
            "base_url": self.cfg.base_url or "",
            "model": model,
            "system": system,
            "user": user,
            "schema": schema.model_json_schema(),
            "temperature": sampling.temperature if sampling else self.cfg.temperature,
            "max_tokens": sampling.max_tokens if sampling else self.cfg.max_output_tokens,
        }
        if sampling is not None and sampling.seed is not None:
            request["seed"] = sampling.seed  # absent otherwise: earlier answers keep their keys
        blob = json.dumps(request, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _method_key(self, model: str) -> str:
        return f"llm-method:{self.cfg.base_url or 'openai'}|{model}"

    def _ask_server(
        self, model: str, system: str, user: str, schema: type[T], sampling: Sampling
    ) -> T:
        key = self._method_key(model)
        if self.archive.get_meta(key) in METHODS:
            return self._ask_methods(model, system, user, schema, sampling)
        with self._probe_lock:
            # The first call to a server and model finds out which method works; the others
            # wait for it rather than all being rejected at once.
            return self._ask_methods(model, system, user, schema, sampling)

    def _ask_methods(
        self, model: str, system: str, user: str, schema: type[T], sampling: Sampling
    ) -> T:
        key = self._method_key(model)
        method = self.archive.get_meta(key) or METHODS[0]
        if method not in METHODS:
            method = METHODS[0]
        while True:
            try:
                answer = self._ask_with(method, model, system, user, schema, sampling)
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
        self, method: str, model: str, system: str, user: str, schema: type[T], sampling: Sampling
    ) -> T:
        if method != "json_schema":
            system = (
                f"{system}\n\nAnswer with one JSON object only, matching this JSON Schema:\n"
                f"{json.dumps(schema.model_json_schema(), ensure_ascii=False)}"
            )
        messages: list[dict[str, str]] = [
            {"role": "system", "content": system},
            {"role": "user", "content": user},
        ]
        content, error = self._once(method, model, messages, schema, sampling)
        if error is None:
            assert content is not None
            return self._validate(content, schema)
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
        content, error = self._once(method, model, messages, schema, sampling)
        if error is None:
            assert content is not None
            return self._validate(content, schema)
        self.usage.count(invalid=1)
        raise LLMInvalidAnswer(
            f"the answer of model {model} was unusable twice: {error}", reason=error, model=model
        )

    def _validate(self, content: str, schema: type[T]) -> T:
        return schema.model_validate(extract_json(content))

    def _once(
        self,
        method: str,
        model: str,
        messages: list[dict[str, str]],
        schema: type[BaseModel],
        sampling: Sampling,
    ) -> tuple[str | None, str | None]:
        """One request, retried after a 429, 5xx, timeout or lost connection (waiting what
        the server asks, else backing off); (content, None) or (content, why it is unusable)."""
        estimate = sum(estimate_tokens(m["content"]) for m in messages)
        estimate += sampling.max_tokens
        self._reserve(estimate)
        try:
            attempt = 0
            while True:
                try:
                    return self._attempt(method, model, messages, schema, sampling)
                except openai.APIError as exc:
                    if not _retryable(exc) or attempt >= self.cfg.max_retries:
                        raise self._api_error(exc, attempt) from None
                    response = getattr(exc, "response", None)
                    headers = getattr(response, "headers", None)
                    wait = retry_delay(attempt, headers, random.random())
                    if wait is None:
                        raise self._api_error(exc, attempt, asked_too_long=True) from None
                    self.usage.count(retries=1)
                    attempt += 1
                    time.sleep(wait)
        finally:
            with self._budget_lock:
                self._reserved -= estimate

    def _attempt(
        self,
        method: str,
        model: str,
        messages: list[dict[str, str]],
        schema: type[BaseModel],
        sampling: Sampling,
    ) -> tuple[str | None, str | None]:
        """Send one request; (content, None) or (content, why it is unusable).

        Raises ``openai.APIError`` for the caller to retry or report.
        """
        response: Any = None
        try:
            kwargs: dict[str, Any] = {
                "model": model,
                "messages": messages,
                "temperature": sampling.temperature,
                "max_tokens": sampling.max_tokens,
                **({"seed": sampling.seed} if sampling.seed is not None else {}),
            }
            if method == "json_schema":
                raw = self._chat.chat.completions.with_raw_response.parse(
                    response_format=schema, **kwargs
                )
                try:
                    response = raw.parse()
                except ValidationError:
                    # The content does not fit the schema as it stands (code fences, chatter
                    # around it): read it as the other methods do.
                    response = ChatCompletion.model_validate(json.loads(raw.text))
            elif method == "json_object":
                kwargs["response_format"] = {"type": "json_object"}
                response = self._chat.chat.completions.create(**kwargs)
            else:
                response = self._chat.chat.completions.create(**kwargs)
        except openai.LengthFinishReasonError as exc:
            response = exc.completion
            return _content(response), "the answer was cut off (too long)"
        except openai.ContentFilterFinishReasonError as exc:
            return None, f"the answer was filtered: {exc}"
        except ValidationError as exc:
            return None, _short_errors(exc)
        except openai.BadRequestError as exc:
            if method != "text" and _about_response_format(exc):
                raise _MethodUnsupported() from None
            raise
        except openai.APIError:
            raise
        except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
            # A body that is not a chat completion: garbage bytes, cut-off or non-JSON text,
            # JSON of another shape. The SDK fails to decode it; it is the model's (or its
            # proxy's) answer all the same, and an unusable one.
            return None, (
                f"the reply is not a chat completion ({type(exc).__name__}: "
                f"{self._redact(str(exc))[:120]})"
            )
        finally:
            self._count(response, model)
        choices = getattr(response, "choices", None)
        if not choices:
            return None, "no choices in the reply"
        content = _content(response)
        message = getattr(choices[0], "message", None)
        if message is not None and getattr(message, "refusal", None):
            return content, f"the model refused: {message.refusal}"
        if content is None:
            return None, "the answer's content was null"
        if not content.strip():
            return content, "the answer was empty"
        if getattr(choices[0], "finish_reason", None) == "length":
            return content, "the answer was cut off (too long)"
        try:
            self._validate(content, schema)
        except ValidationError as exc:
            return content, _short_errors(exc)
        except ValueError as exc:
            return content, str(exc)
        return content, None

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

    def _count(self, response: Any, model: str) -> None:
        """Count one request sent, and the tokens the server reported for it."""
        usage = getattr(response, "usage", None) if response is not None else None
        self.usage.count(
            model=model,
            calls=1,
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        )

    def _api_error(
        self, exc: openai.APIError, retries: int = 0, *, asked_too_long: bool = False
    ) -> LLMError:
        where = self.cfg.base_url or "OpenAI"
        after = f" (after {retries} retries)" if retries else ""
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return LLMError(
                f"the LLM server at {where} refused the API key",
                f"check the {self.cfg.api_key_env} environment variable",
            )
        if isinstance(exc, openai.NotFoundError):
            return LLMError(
                f"the LLM server at {where} does not know the model or the endpoint",
                "check llm.model and llm.base_url (it usually ends in /v1)",
            )
        if asked_too_long:
            return LLMCallFailed(
                f"the LLM server at {where} answered {getattr(exc, 'status_code', 'error')} "
                f"and asks to wait more than {RETRY_CAP:g} s",
                "run again later (finished stories are cached), or lower llm.concurrency",
            )
        if isinstance(exc, openai.APITimeoutError):
            return LLMCallFailed(
                f"the LLM server at {where} did not answer within {self.cfg.timeout:g} s{after}",
                "try again later or raise llm.timeout; finished stories are cached",
            )
        if isinstance(exc, openai.APIConnectionError):
            return LLMCallFailed(
                f"cannot reach the LLM server at {where}{after}",
                "check llm.base_url and that the server is running; finished stories are cached",
            )
        if isinstance(exc, openai.RateLimitError):
            return LLMCallFailed(
                f"the LLM server at {where} kept answering 429 (rate limit or quota){after}",
                "wait and run again (finished stories are cached), or lower llm.concurrency",
            )
        status = getattr(exc, "status_code", None)
        message = self._redact(str(getattr(exc, "message", exc)))[:300]
        return LLMCallFailed(
            f"the LLM server at {where} failed ({status or 'error'}){after}: {message}"
        )

    def _redact(self, text: str) -> str:
        if self._secret:
            text = text.replace(self._secret, "***")
        return re.sub(r"sk-[A-Za-z0-9_*-]{6,}", "sk-***", text)


class _MethodUnsupported(Exception):
    """The server rejected the structured-output method."""
