"""Benchmarks print figures on demand; these check that they run and print them, and that
what they count with is right."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _benchmark(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``benchmarks/<script>`` with ``args`` as a user would, its output captured."""
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )


def test_sample_build_benchmark_runs() -> None:
    result = _benchmark("sample_build.py", "--runs", "1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [
        "extractive", "llm", "llm", "processes:", "help", "first", "rerun",
    ]  # fmt: skip
    assert "calls=0" in lines[2] and "exit=0" in lines[1]
    assert lines[3].startswith("processes: median of 1, ")
    assert "stages fetch=" in lines[5] and lines[6].endswith("reused=True")


def test_writer_cost_benchmark_runs() -> None:
    result = _benchmark("writer_cost.py", "600")
    assert result.returncode == 0, result.stderr
    first, rerun = (dict(p.split("=") for p in line.split()) for line in result.stdout.splitlines())
    assert first["run"] == "first" and int(first["story_calls"]) > 0
    assert int(first["compose_calls"]) == 1 and int(first["story_prompt"]) > 0
    assert rerun["story_calls"] == rerun["compose_calls"] == "0"
    # Small stories share a call; each story's answer (and re-ask) is cached alone, and found
    # on the rerun.
    assert int(rerun["story_hits"]) >= int(first["written"]) > int(first["story_calls"])
    assert 0 < float(first["prompt_per_item_char"]) < 5 and float(first["cost_usd"]) > 0


def run_fetch_benchmark(*args: str) -> list[str]:
    """The fetch benchmark's output lines, run with ``args``; it must succeed."""
    result = _benchmark("fetch.py", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_fetch_benchmark_runs() -> None:
    lines = run_fetch_benchmark("--feeds", "10", "--latency", "0.005")
    assert lines[0].startswith("10 feeds x 20 items, 5 ms per response")
    assert lines[1].split() == ["run", "feeds", "seconds", "speed-up", "bytes", "304s", "CPU", "s"]
    rows = {line[:16].strip(): line[16:].split() for line in lines[2:5]}
    assert list(rows) == ["feedparser loop", "fetch stage", "--refetch rerun"]
    loop, first, rerun = rows.values()
    assert loop[0] == first[0] == rerun[0] == "10"
    assert int(loop[3]) == int(first[3]) > 0 and loop[4] == first[4] == "0"
    assert rerun[3] == "0" and rerun[4] == "10"  # every feed answered 304 with its validators
    # 10 feeds are fewer than WORKERS_FROM: parsed in the fetching threads, no process started.
    assert lines[5].startswith("median of 1 run; load average ")
    assert lines[5].endswith("started: --refetch rerun: no, fetch stage: no")


CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@pytest.mark.skipif(CPUS < 2, reason="parse workers start only with 2 CPUs or more to run on")
def test_fetch_benchmark_runs_with_parse_workers_twice() -> None:
    # Each run's workers come from a fork server of their own (stopped with the workers).
    lines = run_fetch_benchmark(
        "--feeds", "6", "--latency", "0.005", "--workers-from", "2", "--runs", "2"
    )  # fmt: skip
    stage = lines[3][16:].split()  # feeds, seconds, speed-up, bytes, 304s, CPU s
    assert lines[3].startswith("fetch stage") and stage[0] == "6" and stage[4] == "0"
    assert lines[5].startswith("median of 2 runs; load average ")
    assert lines[5].endswith("started: --refetch rerun: no, fetch stage: yes")


def test_story_engine_benchmark_runs_on_the_blind_corpus_alone() -> None:
    result = _benchmark(
        "story_engine.py", "--corpus", "blind", "--seed", "3", "--repeat", "2", "400"
    )
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    fields = dict(part.split("=") for part in line.split())
    assert fields["corpus"] == "blind" and fields["items"] == "400"
    assert 0.0 < float(fields["bcubed_f1"]) <= 1.0 and int(fields["top20_mix"]) >= 1
    assert any(key.startswith("fold_r_") for key in fields)


def test_the_story_benchmarks_adjusted_rand_is_scikit_learns() -> None:
    """The benchmark counts the index itself (no scikit-learn import per process); it must give
    scikit-learn's figure on labellings of every shape, one group and all singletons included."""
    import random

    metrics = pytest.importorskip("sklearn.metrics")
    from benchmarks.story_engine import adjusted_rand

    rng = random.Random(3)
    cases = [(["a"] * 5, ["x"] * 5), (list("abcde"), list("vwxyz")), (list("aab"), list("xyy"))]
    for _ in range(200):
        n = rng.randint(1, 300)
        truth = [str(rng.randint(0, rng.randint(0, 40))) for _ in range(n)]
        guess = [t if rng.random() < 0.7 else str(rng.randint(0, 9)) for t in truth]
        cases.append((truth, guess))
    for truth, guess in cases:
        assert adjusted_rand(truth, guess) == pytest.approx(
            metrics.adjusted_rand_score(truth, guess), abs=1e-12
        )


def test_story_engine_benchmark_prints_how_the_time_grows_with_the_day() -> None:
    result = _benchmark("story_engine.py", "--ratio", "2", "300", "600")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[:2]] == ["round=1", "round=2"]
    fields = dict(part.split("=") for part in lines[0].split())
    assert float(fields["ratio"]) > 0 and float(fields["cpu_ratio"]) > 0
    assert "seconds_300" in fields and "seconds_600" in fields
    assert lines[2].startswith("median of 2: ratio=")


def test_a_copy_has_a_twin_where_another_post_of_its_story_says_its_words() -> None:
    """``fold_twin_<kind>`` counts the copies whose text a post of the same story says that the
    labels call another post (no copy of the same original); in another story it is no twin."""
    from datetime import UTC, datetime, timedelta

    from benchmarks.story_engine import fold_scores
    from digest.models import Item
    from digest.stories import build_stories

    start = datetime(2024, 6, 10, 9, tzinfo=UTC)
    said = "Kapo 3 is out today with a longer context and lower prices"
    other = "Loom 4 weights are now on the hub for everyone to try"
    posts = [
        ("a", "alice", said),  # an original
        ("c", "bob", said),  # its copy
        ("t", "carol", said),  # the same words, posted on her own: the copy's twin
        ("e", "dan", other),  # another story's original
        ("d", "erin", other),  # its copy, with no twin
        ("f", "fay", other),  # the same words in a third story: no twin of d's
    ]
    items = [
        Item(source="x", id=key, author=who, text=text, published=start + timedelta(minutes=n))
        for n, (key, who, text) in enumerate(posts)
    ]
    keys = [i.key for i in items]
    truth = dict(zip(keys, ["s1", "s1", "s1", "s2", "s2", "s3"], strict=True))
    copy_of = {keys[1]: keys[0], keys[4]: keys[3]}
    kinds = {keys[1]: "exact", keys[4]: "exact"}
    stories = build_stories(items, until=start + timedelta(hours=1))
    assert fold_scores(copy_of, keys, stories, kinds, truth)["fold_twin_exact"] == 0.5
