"""Build the sample day twice against the fake OpenAI-compatible server and print the figures.

    uv run python benchmarks/sample_build.py

Prints items, stories, wall time and LLM calls/tokens for a first run (empty archive) and a
rerun (everything cached), plus the same for the extractive writer.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.config import load  # noqa: E402
from digest.pipeline import BuildOptions, build  # noqa: E402
from tests.fake_openai import FakeOpenAI  # noqa: E402


def main() -> None:
    """Run the builds and print one line per run."""
    work = Path(tempfile.mkdtemp(prefix="digest-bench-"))
    try:
        sample = work / "sample"
        shutil.copytree(
            ROOT / "examples" / "sample", sample, ignore=shutil.ignore_patterns(".digest")
        )
        base = (sample / "sources.yaml").read_text(encoding="utf-8")
        now = datetime(2024, 5, 4, 0, 30, tzinfo=UTC)
        with FakeOpenAI() as server:
            config = sample / "sources-llm.yaml"
            config.write_text(
                f"llm:\n  base_url: {server.base_url}\n  model: fake-model\n" + base,
                encoding="utf-8",
            )
            runs = [
                ("extractive", sample / "sources.yaml"),
                ("llm first", config),
                ("llm rerun", config),
            ]
            for label, path in runs:
                settings = load(path)
                options = BuildOptions(day=date(2024, 5, 4), out_dir=work / "out", now=now)
                started = time.perf_counter()
                report = build(settings, options)
                elapsed = time.perf_counter() - started
                llm = report.llm or {}
                print(
                    f"{label:11s} exit={report.exit_code} items={report.items_in_window} "
                    f"stories={report.stories} wall={elapsed:.2f}s "
                    f"calls={llm.get('calls', 0)} cache_hits={llm.get('cache_hits', 0)} "
                    f"prompt_tokens={llm.get('prompt_tokens', 0)} "
                    f"completion_tokens={llm.get('completion_tokens', 0)} dropped={report.dropped}"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
