"""Build the sample day against the fake OpenAI-compatible server and print the figures.

    uv run python benchmarks/sample_build.py [--runs 5]

In this process: items, stories, wall time and LLM calls/tokens for an extractive build, a
first LLM run (empty archive) and a rerun (everything cached). Then whole processes, each a
fresh interpreter as a user starts it (``python -m digest``), median of ``--runs``:
``digest --help``, the sample day's first build in a fresh state folder (with its stage
times) and a rerun with nothing new. The first line of that part says the machine, the load
and where bytecode comes from: with ``PYTHONDONTWRITEBYTECODE`` set, a module without
compiled bytecode is compiled at every start (``uv sync --compile-bytecode`` compiles the
installed packages once; the project's own modules are not compiled by it).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
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


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one ``python -m digest ARGS`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "digest", *args],
        cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def medians(samples: list[tuple[float, float]]) -> str:
    wall = statistics.median(w for w, _ in samples)
    cpu = statistics.median(c for _, c in samples)
    return f"wall={wall:.2f}s cpu={cpu:.2f}s"


def processes(work: Path, runs: int) -> None:
    """Time ``--help``, a first build and a rerun as whole processes; one line each."""
    sample = work / "cli-sample"
    shutil.copytree(ROOT / "examples" / "sample", sample, ignore=shutil.ignore_patterns(".digest"))
    out, report = work / "cli-out", work / "cli-report.json"
    build = ["build", "--date", "2024-05-04", "--config", "sources.yaml", "--out", str(out)]
    build += ["--report-json", str(report)]
    import importlib.util

    import typer

    compiled = Path(importlib.util.cache_from_source(typer.__file__ or "")).exists()
    own = "compiled at every start" if sys.flags.dont_write_bytecode else "cached"
    bytecode = f"{'compiled' if compiled else 'none'} for installed packages, {own} for digest"
    load = os.getloadavg()[0]
    print(
        f"processes: median of {runs}, {os.cpu_count()} cores, load {load:.2f}, "
        f"python {sys.version.split()[0]}, bytecode {bytecode}"
    )
    timed(["--help"], sample)  # warm-up: the file cache, and bytecode where it is written
    print(f"help        {medians([timed(['--help'], sample) for _ in range(runs)])}")
    firsts, stages = [], []
    for _ in range(runs):
        shutil.rmtree(sample / ".digest", ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        firsts.append(timed(build, sample))
        stages.append(json.loads(report.read_text(encoding="utf-8"))["stages"])
    parts = " ".join(
        f"{name}={statistics.median(s[name] for s in stages):.2f}s" for name in stages[0]
    )
    print(f"first build {medians(firsts)} stages {parts}")
    reruns = [timed(build, sample) for _ in range(runs)]
    reused = json.loads(report.read_text(encoding="utf-8"))["reused"]
    print(f"rerun       {medians(reruns)} reused={reused}")


def main() -> None:
    """Run the builds and print one line per run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5, help="processes timed per figure")
    repeat = max(parser.parse_args().runs, 1)
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
        processes(work, repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
