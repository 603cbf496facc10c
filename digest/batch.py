"""The story stage through OpenAI's Batch API: half the price, for posts built the night before.

``run_batch`` puts the story calls that are not cached yet into one JSONL file, uploads it,
creates a batch (``/v1/chat/completions``, 24 h window) and remembers the batch in the archive
under the post's date. It then polls with progress until the batch ends or the wait runs out.
A finished batch's answers are validated and stored in the answer cache under the same keys
the writer computes and in the same shape as a direct call's (``StructuredLLM.remember``), so
the writer finds them there and makes no story calls. A batch still running when the wait
ends is left running: ``BatchPending`` says so, and the next run for the same date picks it
up instead of submitting again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import openai
from pydantic import BaseModel, ValidationError

from digest.errors import DigestError, ExitCode, LLMError
from digest.llm import BATCH_SUFFIX, StructuredLLM, extract_json

ENDPOINT: Final = "/v1/chat/completions"
_ENDED = frozenset({"failed", "expired", "cancelled", "cancelling"})


class BatchPending(DigestError):
    """The batch is still running; the next run for the same date picks it up."""

    exit_code = ExitCode.NOTHING


@dataclass
class BatchResult:
    """What a batch run did.

    Attributes:
        batch_id: the batch, if one was needed.
        submitted: requests sent in the batch.
        stored: answers stored in the cache from it.
        failed: requests the batch could not answer (the writer asks them directly).
        resumed: the batch was submitted by an earlier run.
    """

    batch_id: str | None = None
    submitted: int = 0
    stored: int = 0
    failed: int = 0
    resumed: bool = False


def run_batch(
    llm: StructuredLLM,
    day: str,
    requests: Sequence[tuple[str, str, str]],
    schema: type[BaseModel],
    *,
    wait: float,
    poll: float = 15.0,
    progress: Callable[[int, int], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> BatchResult:
    """Answer ``requests`` (model, system, user) through a batch and cache the answers.

    Raises:
        BatchPending: the batch did not end within ``wait`` seconds.
        LLMError: the server refused the upload or the batch.
    """
    archive, client = llm.archive, llm.client
    meta_key = f"batch:{day}"
    keyed = {llm.request_key(m, s, u, schema): (m, s, u) for m, s, u in requests}
    result = BatchResult()
    pending = archive.get_meta(meta_key)
    try:
        if pending:
            state = json.loads(pending)
            result.batch_id, result.resumed = state["id"], True
            result.submitted = int(state.get("requests", 0))
        else:
            todo = {k: r for k, r in keyed.items() if archive.cached_answer(k) is None}
            if not todo:
                return result
            lines = [
                json.dumps(
                    {"custom_id": key, "method": "POST", "url": ENDPOINT, "body": _body(llm, *req)},
                    ensure_ascii=False,
                )
                for key, req in todo.items()
            ]
            upload = client.files.create(
                file=(f"digest-{day}.jsonl", ("\n".join(lines) + "\n").encode("utf-8")),
                purpose="batch",
            )
            batch = client.batches.create(
                input_file_id=upload.id,
                endpoint=ENDPOINT,
                completion_window="24h",
                metadata={"digest_date": day},
            )
            result.batch_id, result.submitted = batch.id, len(todo)
            archive.set_meta(meta_key, json.dumps({"id": batch.id, "requests": len(todo)}))
        started = time.monotonic()
        while True:
            batch = client.batches.retrieve(result.batch_id)
            counts = batch.request_counts
            if progress is not None and counts is not None:
                progress(counts.completed + counts.failed, counts.total)
            if batch.status == "completed":
                break
            if batch.status in _ENDED:
                archive.set_meta(meta_key, "")
                result.failed = result.submitted
                return result  # the writer asks directly what the batch did not answer
            if time.monotonic() - started >= wait:
                done = f"{counts.completed}/{counts.total} done" if counts else "queued"
                raise BatchPending(
                    f"the batch {result.batch_id} for {day} is still running ({done}, "
                    f"status {batch.status})",
                    "run the same command again later: it picks the batch up where it is",
                )
            sleep(poll)
        if batch.output_file_id:
            text = client.files.content(batch.output_file_id).text
            result.stored, result.failed = _store(llm, text, keyed, schema)
        archive.set_meta(meta_key, "")
        return result
    except openai.APIError as exc:
        raise LLMError(
            f"the Batch API refused the request: {type(exc).__name__}: {llm.redact(str(exc))}",
            "check that the server supports /v1/batches (OpenAI does; most local servers "
            "do not), or build without --batch",
        ) from None


def _body(llm: StructuredLLM, model: str, system: str, user: str) -> dict[str, Any]:
    """The chat request of one batch line (JSON mode: answers are validated on return)."""
    return {
        "model": model,
        "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
        "temperature": llm.cfg.temperature,
        "max_tokens": llm.cfg.max_output_tokens,
        "response_format": {"type": "json_object"},
    }


def _store(
    llm: StructuredLLM,
    output: str,
    keyed: dict[str, tuple[str, str, str]],
    schema: type[BaseModel],
) -> tuple[int, int]:
    """Validate the output lines and cache the good answers; (stored, failed)."""
    stored = failed = 0
    for line in output.splitlines():
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            key = row["custom_id"]
            response = row.get("response") or {}
            body = response.get("body") or {}
            if key not in keyed or response.get("status_code") != 200:
                raise ValueError("not answered")
            content = body["choices"][0]["message"]["content"]
            answer = schema.model_validate(extract_json(content))
        except (ValueError, KeyError, IndexError, TypeError, ValidationError):
            failed += 1
            continue
        model = keyed[key][0]
        usage = body.get("usage") or {}
        prompt, completion = (
            int(usage.get("prompt_tokens", 0)),
            int(usage.get("completion_tokens", 0)),
        )
        llm.remember(key, model, answer, prompt, completion)
        llm.usage.count(
            model=model + BATCH_SUFFIX, calls=1, prompt_tokens=prompt, completion_tokens=completion
        )
        stored += 1
    return stored, failed
