"""Writer cost benchmark: what one day costs in LLM calls, tokens and dollars, run and rerun.

    uv run python benchmarks/writer_cost.py              # a generated 10,000-item day
    uv run python benchmarks/writer_cost.py 2000 10000   # chosen sizes
    uv run python benchmarks/writer_cost.py --sample     # the sample day, built end to end
    uv run python benchmarks/writer_cost.py --candidates 3 --sample   # best-of-3
    uv run python benchmarks/writer_cost.py --prompts DIR --sample    # other prompt templates

For each size: the labelled corpus (``benchmarks/corpus.py``) becomes stories, and the LLM
writer writes the post against the local fake OpenAI-compatible server of the tests (a
deterministic model that answers in valid, cited Korean). With ``--sample`` the sample day
(``examples/sample``) is built by the pipeline against the same server. Each line gives, per
run (first, then a rerun on the same archive), the calls, cache hits, and prompt and
completion tokens of the story stage and the composing stage (the server's count: a quarter
of the request's characters), the characters of every prompt against the characters of the
selected items' text (``item_chars``: the titles and texts of the items picked for the model,
cleaned and cut to ``llm.item_chars``, whatever the prompt then does with them), and the
price at gpt-4o-mini's ($0.15 per million input tokens, $0.075 cached, $0.60 output), with
cached prefixes (``cost_usd``) and without (``cost_uncached_usd``). ``--prompts DIR`` reads
the prompt templates from ``DIR`` first, to price another version of the rules.

Cached tokens are what a provider that caches prompt prefixes (OpenAI: from 1,024 tokens, in
steps of 128) would take from its cache: for each request in order, the longest prefix it
shares with an earlier one.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import DAY, DAY_START, make_corpus  # noqa: E402
from digest.archive import Archive  # noqa: E402
from digest.config import LLMConfig, OutputConfig, load  # noqa: E402
from digest.llm import StructuredLLM, make_client  # noqa: E402
from digest.models import Story  # noqa: E402
from digest.pipeline import BuildOptions, build  # noqa: E402
from digest.stories import build_stories  # noqa: E402
from digest.textclean import truncate  # noqa: E402
from digest.writer.citations import diverse  # noqa: E402
from digest.writer.edits import clean_prose  # noqa: E402
from digest.writer.llm import LLMWriter  # noqa: E402
from tests.fake_openai import FakeOpenAI, Seen, is_story_request  # noqa: E402

PRICE_INPUT, PRICE_CACHED, PRICE_OUTPUT = 0.15, 0.075, 0.60  # gpt-4o-mini, USD per million
CACHE_MIN, CACHE_STEP = 1024, 128


def _serialised(request: Seen) -> str:
    return json.dumps(request.body.get("messages", []), ensure_ascii=False)


def _tokens(text: str) -> int:
    return len(text) // 4  # as the fake server counts


def cached_tokens(requests: Sequence[Seen]) -> int:
    """The prompt tokens a prefix cache would serve (see the module)."""
    seen: list[str] = []
    total = 0
    for request in requests:
        text = _serialised(request)
        best = 0
        for earlier in seen:
            n, limit = 0, min(len(text), len(earlier))
            while n < limit and text[n] == earlier[n]:
                n += 1
            best = max(best, n)
        shared = _tokens(text[:best])
        if shared >= CACHE_MIN:
            total += CACHE_MIN + (shared - CACHE_MIN) // CACHE_STEP * CACHE_STEP
        seen.append(text)
    return total


def selected_chars(stories: Sequence[Story], cfg: LLMConfig, output: OutputConfig) -> int:
    """The characters of the selected items' text: titles and texts, cleaned and cut."""
    return sum(
        len(clean_prose(item.title)) + len(truncate(clean_prose(item.text), cfg.item_chars))
        for story in stories[: output.max_stories]
        for item in diverse(story, cfg.max_items_per_story)
    )


def figures(requests: Sequence[Seen], usage: dict[str, dict[str, int]], item_chars: int) -> str:
    """The figures of one run's requests, as ``key=value`` pairs."""
    story, compose = usage.get("story", {}), usage.get("compose", {})
    prompt_chars = sum(len(m["content"]) for r in requests for m in r.body["messages"])
    story_chars = sum(
        len(m["content"]) for r in requests if is_story_request(r) for m in r.body["messages"]
    )
    item_chars = item_chars if requests else 0
    prompt = story.get("prompt_tokens", 0) + compose.get("prompt_tokens", 0)
    completion = story.get("completion_tokens", 0) + compose.get("completion_tokens", 0)
    cached = min(cached_tokens(requests), prompt)
    cost = (prompt - cached) * PRICE_INPUT + cached * PRICE_CACHED + completion * PRICE_OUTPUT
    uncached = prompt * PRICE_INPUT + completion * PRICE_OUTPUT
    ratio = prompt_chars / item_chars if item_chars else 0.0
    return (
        f"story_calls={story.get('calls', 0)} story_hits={story.get('cache_hits', 0)} "
        f"story_prompt={story.get('prompt_tokens', 0)} "
        f"story_completion={story.get('completion_tokens', 0)} "
        f"compose_calls={compose.get('calls', 0)} compose_hits={compose.get('cache_hits', 0)} "
        f"compose_prompt={compose.get('prompt_tokens', 0)} "
        f"compose_completion={compose.get('completion_tokens', 0)} "
        f"prompt_chars={prompt_chars} story_chars={story_chars} item_chars={item_chars} "
        f"prompt_per_item_char={ratio:.2f} cached_tokens={cached} cost_usd={cost / 1e6:.6f} "
        f"cost_uncached_usd={uncached / 1e6:.6f}"
    )


def run(size: int, candidates: int = 1, prompts: Path | None = None) -> list[str]:
    """The figure lines for one generated day of ``size`` items."""
    items = [x.item for x in make_corpus(size, seed=11)]
    stories = build_stories(items, until=DAY_START + DAY, weights={})
    day_bytes = sum(len(i.title.encode()) + len(i.text.encode()) for i in items)
    lines = []
    with (
        tempfile.TemporaryDirectory() as folder,
        FakeOpenAI() as server,
        Archive(Path(folder) / "archive.sqlite3") as archive,
    ):
        for label in ("first", "rerun"):
            cfg = LLMConfig(base_url=server.base_url, model="story-model",
                            compose_model="compose-model")  # fmt: skip
            llm = StructuredLLM(cfg, archive, make_client(cfg))
            writer = LLMWriter(
                llm, cfg, OutputConfig(), template_dirs=[prompts] if prompts else [],
                candidates=candidates,
            )  # fmt: skip
            before = len(server.chat_requests)
            started = time.perf_counter()
            digest, stats = writer.write(stories, "2024-05-04")
            seconds = time.perf_counter() - started
            chars = selected_chars(stories, cfg, OutputConfig())
            requests = server.chat_requests[before:]
            sent = sum(len(r.user.encode()) for r in requests)
            bullets = sum(len(s.bullets) for s in [*digest.preview, *digest.overview])
            lines.append(
                f"items={size} run={label} stories={len(stories)} "
                f"written={stats.stories_written} bullets={bullets} "
                f"{figures(requests, llm.usage.stages, chars)} "
                f"day_kb={day_bytes // 1024} sent_kb={sent // 1024} seconds={seconds:.2f}"
            )
    return lines


def sample(candidates: int = 1, prompts: Path | None = None) -> list[str]:
    """The figure lines for the sample day built by the pipeline, first run and rerun."""
    work = Path(tempfile.mkdtemp(prefix="digest-cost-"))
    lines = []
    try:
        folder = work / "sample"
        shutil.copytree(
            ROOT / "examples" / "sample", folder, ignore=shutil.ignore_patterns(".digest")
        )
        base = (folder / "sources.yaml").read_text(encoding="utf-8")
        given: list[tuple[Sequence[Story], LLMConfig, OutputConfig]] = []
        write = LLMWriter.write

        def noting(writer: LLMWriter, stories: Sequence[Story], *args: Any, **kw: Any) -> Any:
            given.append((stories, writer.cfg, writer.output))  # what the pipeline gave it
            return write(writer, stories, *args, **kw)

        LLMWriter.write = noting  # type: ignore[method-assign]
        with FakeOpenAI() as server:
            config = folder / "sources-llm.yaml"
            config.write_text(
                f"llm:\n  base_url: {server.base_url}\n  model: gpt-4o-mini\n"
                f"writer:\n  candidates: {candidates}\n" + base,
                encoding="utf-8",
            )
            for label in ("first", "rerun"):
                before = len(server.chat_requests)
                options = BuildOptions(
                    day=date(2024, 5, 4),
                    out_dir=work / "out",
                    now=datetime(2024, 5, 4, 0, 30, tzinfo=UTC),
                    templates_dir=prompts,
                )
                given.clear()
                report = build(load(config), options)
                requests = server.chat_requests[before:]
                chars = selected_chars(*given[0]) if given else 0
                lines.append(
                    f"day=sample run={label} exit={report.exit_code} stories={report.stories} "
                    f"{figures(requests, (report.llm or {}).get('stages', {}), chars)}"
                )
    finally:
        LLMWriter.write = write  # type: ignore[method-assign]
        shutil.rmtree(work, ignore_errors=True)
    return lines


def main(args: list[str]) -> None:
    if "-h" in args or "--help" in args:
        print(__doc__)
        return
    candidates, prompts = 1, None
    if "--candidates" in args:
        at = args.index("--candidates")
        candidates = int(args[at + 1])
        args = args[:at] + args[at + 2 :]
    if "--prompts" in args:
        at = args.index("--prompts")
        prompts = Path(args[at + 1])
        args = args[:at] + args[at + 2 :]
    if args == ["--sample"]:
        for line in sample(candidates, prompts):
            print(line, flush=True)
        return
    for size in [int(a) for a in args] or [10_000]:
        for line in run(size, candidates, prompts):
            print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
