"""``digest build --batch``: the story calls through the Batch API of the fake server."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from digest.config import load
from digest.errors import ExitCode
from digest.pipeline import BuildOptions, build
from tests.conftest import SAMPLE
from tests.fake_openai import FakeOpenAI

DAY = date(2024, 5, 4)
NOW = datetime(2024, 5, 4, 0, 30, tzinfo=UTC)


def sample(tmp_path: Path, server: FakeOpenAI) -> Path:
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".digest", "output"))
    config = root / "sources.yaml"
    config.write_text(
        f"llm:\n  base_url: {server.base_url}\n  model: gpt-4o-mini\n"
        + config.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    return config


def options(root: Path, **extra: object) -> BuildOptions:
    return BuildOptions(day=DAY, out_dir=root / "out", now=NOW, batch=True, batch_poll=0.0,
                        **extra)  # type: ignore[arg-type]  # fmt: skip


def test_story_calls_go_in_one_batch_at_half_price(tmp_path: Path) -> None:
    with FakeOpenAI(batch_polls=2) as server:
        config = sample(tmp_path, server)
        report = build(load(config), options(tmp_path))
        direct = [r for r in server.chat_requests if not r.path.endswith("#batch")]
    assert report.exit_code == ExitCode.OK and report.post
    assert report.batch["submitted"] == report.batch["stored"] == 15
    assert len(server.batch_requests) == 15 and len(direct) == 1  # only the composing call
    line = json.loads(next(iter(server.files.values())).decode().splitlines()[0])
    assert line["url"] == "/v1/chat/completions" and line["method"] == "POST"
    assert line["body"]["response_format"] == {"type": "json_object"}
    models = report.llm["models"]
    batched, direct_use = models["gpt-4o-mini (batch)"], models["gpt-4o-mini"]
    assert batched["calls"] == 15 and direct_use["calls"] == 1

    def price(figures: dict[str, int]) -> float:  # gpt-4o-mini: $0.15 in, $0.60 out per 1M
        return (figures["prompt_tokens"] * 0.15 + figures["completion_tokens"] * 0.60) / 1e6

    assert report.llm["cost_usd"] == pytest.approx(price(batched) / 2 + price(direct_use), abs=1e-6)


def test_a_batch_still_running_is_picked_up_by_the_next_run(tmp_path: Path) -> None:
    with FakeOpenAI(batch_polls=3) as server:
        config = sample(tmp_path, server)
        with pytest.raises(Exception, match="still running") as caught:
            build(load(config), options(tmp_path, batch_wait=0.0))
        assert getattr(caught.value, "exit_code", None) == ExitCode.NOTHING
        assert not (tmp_path / "out").exists()  # no half-written post
        report = build(load(config), options(tmp_path, batch_wait=60.0))
    assert report.post and report.batch["resumed"] is True
    assert report.batch["stored"] == 15
    assert len(server.batches) == 1 and len(server.files) == 2  # one upload, one output file


def test_a_failed_batch_falls_back_to_direct_calls(tmp_path: Path) -> None:
    with FakeOpenAI(batch_polls=1, batch_outcome="failed") as server:
        config = sample(tmp_path, server)
        report = build(load(config), options(tmp_path))
    assert report.post and report.batch["failed"] == 15 and report.batch["stored"] == 0
    # Asked directly instead: the 15 stories in one call (packed by the size of their data).
    assert report.llm["stages"]["story"]["calls"] == 1
    assert report.dropped["stories_written"] == 15 and report.dropped["stories_failed"] == 0


def test_a_rerun_after_a_batch_needs_no_calls(tmp_path: Path) -> None:
    with FakeOpenAI() as server:
        config = sample(tmp_path, server)
        build(load(config), options(tmp_path))
        before = len(server.requests)
        again = build(load(config), options(tmp_path))
        assert len(server.requests) == before
    assert again.post and again.batch["submitted"] == 0 and again.llm["calls"] == 0
