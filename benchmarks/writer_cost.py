"""Writer cost benchmark: what one day costs in LLM calls and tokens, by stage, run and rerun.

    uv run python benchmarks/writer_cost.py              # a generated 10,000-item day
    uv run python benchmarks/writer_cost.py 2000 10000   # chosen sizes

For each size: the labelled corpus (``benchmarks/corpus.py``) becomes stories, and the LLM
writer writes the post against the local fake OpenAI-compatible server of the tests (a
deterministic model that answers in valid, cited Korean). It prints, per run (first, then a
rerun on the same archive), the calls, cache hits, and prompt and completion tokens of the
story stage and the composing stage, the post's statements, and the bytes of item text the
day holds against the bytes sent, to show the firehose never reaches the model.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import DAY, DAY_START, make_corpus  # noqa: E402
from digest.archive import Archive  # noqa: E402
from digest.config import LLMConfig, OutputConfig  # noqa: E402
from digest.llm import StructuredLLM, make_client  # noqa: E402
from digest.stories import build_stories  # noqa: E402
from digest.writer.llm import LLMWriter  # noqa: E402
from tests.fake_openai import FakeOpenAI  # noqa: E402


def run(size: int) -> list[str]:
    """The figure lines for one day of ``size`` items."""
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
            writer = LLMWriter(llm, cfg, OutputConfig())
            before = len(server.chat_requests)
            started = time.perf_counter()
            digest, stats = writer.write(stories, "2024-05-04")
            seconds = time.perf_counter() - started
            sent = sum(len(r.user.encode()) for r in server.chat_requests[before:])
            stages = llm.usage.stages
            story, compose = stages.get("story", {}), stages.get("compose", {})
            bullets = sum(len(s.bullets) for s in [*digest.preview, *digest.overview])
            lines.append(
                f"items={size} run={label} stories={len(stories)} "
                f"written={stats.stories_written} bullets={bullets} "
                f"story_calls={story.get('calls', 0)} story_hits={story.get('cache_hits', 0)} "
                f"story_prompt={story.get('prompt_tokens', 0)} "
                f"story_completion={story.get('completion_tokens', 0)} "
                f"compose_calls={compose.get('calls', 0)} "
                f"compose_hits={compose.get('cache_hits', 0)} "
                f"compose_prompt={compose.get('prompt_tokens', 0)} "
                f"compose_completion={compose.get('completion_tokens', 0)} "
                f"day_kb={day_bytes // 1024} sent_kb={sent // 1024} seconds={seconds:.2f}"
            )
    return lines


def main(sizes: list[int]) -> None:
    for size in sizes:
        for line in run(size):
            print(line, flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000])
