"""The whole pipeline, from a config file to a post, with real files, HTTP and SQLite."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import frontmatter
import pytest

from digest.config import load
from digest.errors import ExitCode, LLMError
from digest.pipeline import BuildOptions, build
from tests.clirun import digest
from tests.fake_openai import FakeOpenAI, error
from tests.feeds import rss

DAY = date(2024, 5, 4)
IN_WINDOW = datetime(2024, 5, 3, 3, 0, tzinfo=UTC)  # 12:00 KST on May 3


TOPICS = [
    "Kapo 3.5 ships with 128K context",
    "Zebel paper tops GPQA",
    "Quorin raises $40M",
    "Lumove v2.1 adds a Rust tokenizer",
    "Vexa outage lasts six hours",
    "Tesze benchmark lands on SWE-bench",
    "Mira agents framework goes open source",
    "Dusk voice model speaks Korean",
]


def entries(prefix: str, n: int, start: datetime = IN_WINDOW) -> list[dict]:
    return [
        {
            "title": f"{prefix}: {TOPICS[k]}",
            "link": f"https://{prefix}.example/posts/{k}?utm_source=feed",
            "date": start + timedelta(minutes=7 * k),
            "html": f"<p>{prefix} on {TOPICS[k]}. <a href='https://shared.example/news/{k}'>more</a></p>",
            "author": f"{prefix}@example.com ({prefix.title()} Writer)",
        }
        for k in range(n)
    ]


def write_config(folder: Path, sources: str, llm: str = "") -> Path:
    path = folder / "sources.yaml"
    path.write_text(f"{llm}sources:\n{sources}", encoding="utf-8")
    return path


def feed_source(name: str, url: str) -> str:
    return f"  - type: rss\n    name: {name}\n    url: {url}\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "a.xml").write_bytes(rss(entries("alpha", 6)))
    (tmp_path / "feeds" / "b.xml").write_bytes(rss(entries("beta", 4)))
    return tmp_path


def run(config: Path, out: Path, **kw: object):
    settings = load(config)
    options = BuildOptions(day=DAY, out_dir=out, now=datetime(2024, 5, 4, 0, 30, tzinfo=UTC), **kw)  # type: ignore[arg-type]
    return build(settings, options)


def test_extractive_build_from_files(site: Path) -> None:
    config = write_config(
        site, feed_source("alpha", "feeds/a.xml") + feed_source("beta", "file:feeds/b.xml")
    )
    report = run(config, site / "out")
    assert report.exit_code == ExitCode.OK
    assert report.items_in_window == 10
    assert report.writer == "extractive"
    post = frontmatter.load(report.post)
    assert post["date"] == DAY
    assert "## Today's Preview" in post.content
    urls = re.findall(r"\]\((https?://[^)]+)\)", post.content)
    assert urls and all("utm_" not in u for u in urls)
    assert all(re.match(r"https://(alpha|beta)\.example/posts/\d+$", u) for u in urls)
    saved = json.loads((site / ".digest" / "reports" / "2024-05-04.json").read_text())
    assert saved["items_in_window"] == 10


def test_report_json_has_stage_times(site: Path) -> None:
    config = write_config(
        site, feed_source("alpha", "feeds/a.xml") + feed_source("beta", "feeds/b.xml")
    )
    args = ["build", "-c", str(config), "--date", DAY.isoformat(), "--out", "out"]
    result = digest(*args, "-q", "--report-json", "report.json", cwd=site)
    assert result.exit_code == 0, result.stderr
    report = json.loads((site / "report.json").read_text(encoding="utf-8"))
    stages = report["stages"]
    assert set(stages) == {"fetch", "stories", "write", "render"}
    assert all(isinstance(v, float) and v >= 0 for v in stages.values())
    # Each stage is rounded down to the millisecond, the total to the nearest one.
    assert sum(stages.values()) <= report["seconds"] + 0.0005
    printed = digest(*args, cwd=site)
    assert printed.exit_code == 0
    shown = re.search(r"time: [\d.]+s \((.*)\)", printed.stderr)
    assert shown and [part.split()[0] for part in shown[1].split(" · ")] == list(stages)


def test_a_broken_source_is_reported_and_skipped(site: Path) -> None:
    (site / "feeds" / "bad.xml").write_text("<html><body>not a feed</body></html>")
    config = write_config(
        site,
        feed_source("alpha", "feeds/a.xml")
        + feed_source("bad", "feeds/bad.xml")
        + feed_source("gone", "feeds/missing.xml"),
    )
    report = run(config, site / "out")
    assert report.exit_code == ExitCode.PARTIAL
    failed = {s.name: s.error for s in report.failed_sources}
    assert set(failed) == {"bad", "gone"}
    assert "not a feed" in failed["bad"] and "not found" in failed["gone"]
    assert Path(report.post).exists()


def test_no_items_in_the_window_writes_no_post(site: Path) -> None:
    (site / "feeds" / "old.xml").write_bytes(
        rss(entries("old", 3, start=IN_WINDOW - timedelta(days=3)))
    )
    config = write_config(site, feed_source("old", "feeds/old.xml"))
    report = run(config, site / "out")
    assert report.exit_code == ExitCode.NOTHING
    assert report.post is None
    assert not (site / "out").exists()


def test_window_override(site: Path) -> None:
    config = write_config(site, feed_source("alpha", "feeds/a.xml"))
    report = run(
        config,
        site / "out",
        since=IN_WINDOW + timedelta(minutes=10),
        until=IN_WINDOW + timedelta(minutes=30),
    )
    assert report.items_in_window == 3  # minutes 14, 21 and 28


def test_llm_build_and_rerun_makes_zero_calls(site: Path) -> None:
    with FakeOpenAI() as server:
        llm = f"llm:\n  base_url: {server.base_url}\n  model: fake-model\n"
        config = write_config(
            site, feed_source("alpha", "feeds/a.xml") + feed_source("beta", "feeds/b.xml"), llm
        )
        first = run(config, site / "out")
        assert first.exit_code == ExitCode.OK and first.writer == "llm"
        calls = len(server.chat_requests)
        assert calls == first.llm["calls"] > 0
        text = Path(first.post).read_text(encoding="utf-8")
        assert "### AI Viewpoint 🤖" in text and "## Today's Overview" in text, first.dropped
        second = run(config, site / "out")
        assert len(server.chat_requests) == calls
        assert second.llm["calls"] == 0 and second.llm["cache_hits"] == calls
        assert Path(second.post).read_text(encoding="utf-8") == text
        sources = {s.name: s.status for s in second.sources}
        assert sources == {"alpha": "cached", "beta": "cached"}


def test_llm_outage_leaves_no_post_and_keeps_finished_work(site: Path) -> None:
    with FakeOpenAI() as server:
        llm = (
            f"llm:\n  base_url: {server.base_url}\n  model: fake-model\n"
            "  max_retries: 0\n  concurrency: 1\n  stories_per_call: 1\n"  # one story a call
        )
        config = write_config(site, feed_source("alpha", "feeds/a.xml"), llm)
        server.queue(*[error(500, "down")] * 0)
        original = server.responder
        count = {"n": 0}

        def flaky(request):
            count["n"] += 1
            if count["n"] >= 3:
                return error(503, "overloaded")
            return original(request)

        server.responder = flaky
        with pytest.raises(LLMError):
            run(config, site / "out")
        assert not (site / "out").exists()
        server.responder = original
        report = run(config, site / "out")
        assert report.exit_code == ExitCode.OK
        assert report.llm["cache_hits"] == 2  # the two stories finished before the outage


def test_archive_is_one_sqlite_file_with_everything(site: Path) -> None:
    config = write_config(site, feed_source("alpha", "feeds/a.xml"))
    run(config, site / "out")
    db = sqlite3.connect(site / ".digest" / "archive.sqlite3")
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"items", "fetch_state", "llm_cache", "posts"} <= tables
    assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 6
    assert db.execute("SELECT date FROM posts").fetchall() == [("2024-05-04",)]


def test_rebuild_keeps_date_and_moves_update(site: Path) -> None:
    config = write_config(site, feed_source("alpha", "feeds/a.xml"))
    first = run(config, site / "out")
    settings = load(config)
    later = BuildOptions(day=DAY, out_dir=site / "out", now=datetime(2024, 5, 6, 1, 0, tzinfo=UTC))
    second = build(settings, later)
    assert first.post == second.post
    post = frontmatter.load(second.post)
    assert post["date"] == DAY and post["update"] == date(2024, 5, 6)


def test_rerun_with_nothing_new_skips_the_stories_and_a_changed_input_does_not(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import digest.day

    calls: list[int] = []
    real = digest.day.build_stories

    def counted(items, **kw):  # type: ignore[no-untyped-def]
        calls.append(len(items))
        return real(items, **kw)

    monkeypatch.setattr(digest.day, "build_stories", counted)
    config = write_config(site, feed_source("alpha", "feeds/a.xml"))
    templates = site / "templates"
    templates.mkdir()
    first = run(config, site / "out", templates_dir=templates)
    assert first.exit_code == ExitCode.OK and not first.reused and calls == [6]
    text = Path(first.post).read_text(encoding="utf-8")

    again = run(config, site / "out", templates_dir=templates)
    assert again.reused and calls == [6]
    assert again.post == first.post and Path(again.post).read_text(encoding="utf-8") == text
    assert (again.stories, again.writer, again.warnings) == (
        first.stories,
        first.writer,
        first.warnings,
    )

    # A post edited on disk is rendered again from the saved digest, still without clustering.
    Path(first.post).write_text("edited by hand\n", encoding="utf-8")
    mended = run(config, site / "out", templates_dir=templates)
    assert mended.reused and calls == [6]
    assert Path(mended.post).read_text(encoding="utf-8") == text

    # An edited template.
    source = (Path(digest.day.__file__).parent / "templates" / "post.md.j2").read_text("utf-8")
    (templates / "post.md.j2").write_text(source + "\n<!-- edited -->\n", encoding="utf-8")
    edited = run(config, site / "out", templates_dir=templates)
    assert not edited.reused and calls == [6, 6]
    assert Path(edited.post).read_text(encoding="utf-8").endswith("<!-- edited -->\n")
    assert run(config, site / "out", templates_dir=templates).reused and calls == [6, 6]

    # A changed config.
    config.write_text(
        config.read_text(encoding="utf-8") + "stories:\n  text_similarity: 0.5\n",
        encoding="utf-8",
    )
    assert not run(config, site / "out", templates_dir=templates).reused and calls == [6, 6, 6]

    # A new item in the window.
    (site / "feeds" / "a.xml").write_bytes(rss(entries("alpha", 7)))
    newer = run(config, site / "out", templates_dir=templates, refetch=True)
    assert not newer.reused and calls == [6, 6, 6, 7]
    assert newer.items_in_window == 7
