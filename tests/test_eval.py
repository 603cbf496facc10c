"""``digest eval`` on the sample day built with the scripted model, and on spoilt posts."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from digest.config import load
from digest.pipeline import BuildOptions, build
from tests.clirun import digest
from tests.conftest import SAMPLE
from tests.fake_openai import FakeOpenAI

DAY = date(2024, 5, 4)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample day, built once with the scripted model; each test copies it."""
    root = tmp_path_factory.mktemp("eval") / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".digest", "output"))
    config = root / "sources.yaml"
    with FakeOpenAI() as server:
        config.write_text(
            f"llm:\n  base_url: {server.base_url}\n  model: gpt-4o-mini\n"
            + config.read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        now = datetime(2024, 5, 4, 0, 30, tzinfo=UTC)
        report = build(load(config), BuildOptions(day=DAY, out_dir=root / "output", now=now))
    assert report.post and report.writer == "llm"
    assert report.llm["cost_usd"] is not None  # gpt-4o-mini is in the default price table
    return root


def run_eval(root: Path) -> tuple[int, dict]:
    result = digest(
        "eval", "-c", "sources.yaml", "--date", "2024-05-04", "--out", "output", "--json",
        cwd=root,
    )  # fmt: skip
    assert result.stdout, result.stderr
    return result.exit_code, json.loads(result.stdout)


def copy_of(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "sample"
    shutil.copytree(built, root)
    return root


def test_the_sample_post_passes_with_every_citation_valid(built: Path, tmp_path: Path) -> None:
    code, result = run_eval(copy_of(built, tmp_path))
    metrics = {m["name"]: m for m in result["metrics"]}
    assert code == 0 and result["passed"], result
    assert metrics["valid citations"]["value"] == 1.0
    assert metrics["unsupported statements"]["value"] == 0.0
    assert metrics["top stories covered"]["value"] >= 0.6
    assert metrics["repeated from earlier posts"]["value"] == 0.0
    assert metrics["합니다체 endings"]["value"] >= 0.8
    assert metrics["cost (USD)"]["value"] is not None


def test_a_link_that_is_not_its_items_fails_the_post(built: Path, tmp_path: Path) -> None:
    root = copy_of(built, tmp_path)
    saved = root / ".digest" / "digests" / "2024-05-04.json"
    digest = json.loads(saved.read_text(encoding="utf-8"))
    key = next(iter(digest["links"]))
    digest["links"][key]["url"] = "https://evil.example/phish"
    saved.write_text(json.dumps(digest, ensure_ascii=False), encoding="utf-8")
    code, result = run_eval(root)
    metrics = {m["name"]: m for m in result["metrics"]}
    assert code == 5 and not result["passed"]
    assert metrics["valid citations"]["value"] < 1.0 and not metrics["valid citations"]["ok"]


def test_invented_figures_and_banmal_fail_the_post(built: Path, tmp_path: Path) -> None:
    root = copy_of(built, tmp_path)
    saved = root / ".digest" / "digests" / "2024-05-04.json"
    digest = json.loads(saved.read_text(encoding="utf-8"))
    for section in digest["preview"] + digest["overview"]:
        for bullet in section["bullets"]:
            bullet["text"] = "GPT-7이 초당 98765 토큰을 냈다."
    saved.write_text(json.dumps(digest, ensure_ascii=False), encoding="utf-8")
    code, result = run_eval(root)
    metrics = {m["name"]: m for m in result["metrics"]}
    assert code == 5
    assert metrics["unsupported statements"]["value"] > 0.5
    assert metrics["합니다체 endings"]["value"] < 0.5
    assert any("98765" in line for line in result["flagged"])


def test_eval_without_a_build_says_what_to_do(tmp_path: Path) -> None:
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".digest", "output"))
    result = digest("eval", "--date", "2024-05-04", cwd=root)
    assert result.exit_code == 1
    assert "digest build --date 2024-05-04" in result.stderr
