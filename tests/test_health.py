"""Source health across days, from the fetches the archive records (real SQLite)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from digest.archive import Archive
from digest.health import SourceRun, source_health
from tests.clirun import digest
from tests.conftest import SAMPLE

SEOUL = ZoneInfo("Asia/Seoul")


def at(day: int, hour: int = 7) -> datetime:
    return datetime(2024, 5, day, hour, tzinfo=SEOUL)


def test_a_streak_counts_bad_days_back_to_the_last_good_one(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.sqlite3") as archive:
        archive.record_source_run("blog", at(1), True, 5)
        archive.record_source_run("blog", at(2), False, 0, "HTTP 500")
        archive.record_source_run("blog", at(2, 9), True, 0)  # a retry that day: still nothing
        archive.record_source_run("blog", at(4), True, 0)  # no build on the 3rd: not counted
        archive.record_source_run("blog", at(5), False, 0, "cannot resolve host")
        archive.record_source_run("other", at(5), True, 3)
        runs = archive.source_runs("blog")
        assert [r.at for r in runs] == [
            at(d, h).astimezone(UTC) for d, h in ((5, 7), (4, 7), (2, 9), (2, 7), (1, 7))
        ]
        health = source_health("blog", runs, SEOUL)
        other = source_health("other", archive.source_runs("other"), SEOUL)
    assert (health.bad_days, health.failed_days, health.last_good) == (3, 1, date(2024, 5, 1))
    assert health.last_error == "cannot resolve host"
    assert health.unhealthy(3) and not health.unhealthy(4)
    assert health.describe() == (
        "failed or brought no items 3 days in a row (last items: 2024-05-01); "
        "last error: cannot resolve host"
    )
    assert (other.bad_days, other.last_good) == (0, date(2024, 5, 5))
    assert not other.unhealthy(1)


def test_days_are_local_days() -> None:
    # 23:30 and 00:30 in Seoul are two days, though the same UTC day.
    runs = [SourceRun(at(3, 23).replace(minute=30), False, 0, "x"), SourceRun(at(4, 0), False, 0)]
    assert source_health("s", runs, SEOUL).bad_days == 2
    assert source_health("s", runs, UTC).bad_days == 1
    never = source_health("s", [], SEOUL)
    assert (never.bad_days, never.last_good) == (0, None) and not never.unhealthy(1)


def test_the_run_report_and_doctor_flag_a_source_dead_for_days(tmp_path: Path) -> None:
    root = tmp_path / "s"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".digest", "output"))
    config = root / "sources.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("sources:\n", "fetch:\n  unhealthy_after: 3\nsources:\n  - {type: rss, "
                     "name: gone, url: feeds/gone.xml}\n", 1),
        encoding="utf-8",
    )  # fmt: skip
    (root / ".digest").mkdir()
    now = datetime.now(UTC)
    with Archive(root / ".digest" / "archive.sqlite3") as archive:
        archive.record_source_run("gone", now - timedelta(days=4), True, 4)
        archive.record_source_run("gone", now - timedelta(days=2), False, 0, "file not found")
        archive.record_source_run("gone", now - timedelta(days=1), False, 0, "file not found")
    two_days = digest("build", "--date", "2024-05-04", "--refetch", cwd=root)
    assert two_days.exit_code == 3, two_days.stderr  # a post, one source failed
    report = json.loads((root / ".digest" / "reports" / "2024-05-04.json").read_text())
    assert any(w.startswith("source gone failed 3 days in a row") for w in report["warnings"])
    assert "source gone failed 3 days in a row" in " ".join(two_days.stderr.split())
    last_items = (now - timedelta(days=4)).astimezone(SEOUL).date().isoformat()
    assert f"(last items: {last_items})" in " ".join(report["warnings"])
    log = (root / ".digest" / "logs" / "digest.log").read_text(encoding="utf-8")
    assert "WARNING source gone failed 3 days in a row" in log
    for name in ("ainews", "lab-blog"):
        assert not any(name in w for w in report["warnings"])

    doctor = digest("doctor", cwd=root, env={"COLUMNS": "250"})
    lines = [" ".join(line.split()) for line in doctor.stdout.splitlines()]
    assert doctor.exit_code == 1
    assert any("source gone │ recent days │ fail │ failed 3 days in a row" in ln for ln in lines)
    assert any("source ainews │ recent days │ ok │ last items" in ln for ln in lines)
    built = datetime.now(SEOUL).strftime("%Y-%m-%d")
    assert any(f"history │ last post │ ok │ 2024-05-04 (built {built}" in ln for ln in lines)


def test_doctor_without_history_says_no_post_yet(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - {type: rss, name: a, url: a.xml}\n", encoding="utf-8"
    )
    result = digest("doctor", cwd=tmp_path, env={"COLUMNS": "250"})
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert any("history │ last post │ skip │ no post built yet" in ln for ln in lines)
    assert not any("recent days" in ln for ln in lines)


def test_a_rerun_that_reuses_a_fetch_leaves_the_streaks_as_they_were(tmp_path: Path) -> None:
    # A source skipped as "cached" records no fetch: the fetch it reuses was counted on its
    # own day, and a rebuild of an old window must not make today look good for a source
    # whose morning fetch failed.
    root = tmp_path / "s"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".digest", "output"))
    config = root / "sources.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("sources:\n", "fetch:\n  unhealthy_after: 3\nsources:\n  - {type: rss, "
                     "name: gone, url: feeds/gone.xml}\n", 1),
        encoding="utf-8",
    )  # fmt: skip
    (root / ".digest").mkdir()
    db = root / ".digest" / "archive.sqlite3"
    now = datetime.now(UTC)
    # One fetch on each of the last four days as Seoul counts them, whatever the clock says
    # (just after midnight in Seoul, five minutes ago was yesterday there).
    midnight = now.astimezone(SEOUL).replace(hour=0, minute=0, second=0, microsecond=0)
    noon = midnight + timedelta(hours=12)
    with Archive(db) as archive:
        archive.record_source_run("gone", noon - timedelta(days=3), True, 4)  # after 2024-05-04
        for days in (2, 1):
            archive.record_source_run("gone", noon - timedelta(days=days), False, 0, "not found")
        today = midnight + (now - midnight) / 2
        archive.record_source_run("gone", today, False, 0, "not found")

    def history() -> dict[str, list[tuple[float, int, int]]]:
        with sqlite3.connect(db) as conn:
            rows = conn.execute(
                "SELECT source, fetched_at, ok, items FROM source_runs ORDER BY source, fetched_at"
            ).fetchall()
        found: dict[str, list[tuple[float, int, int]]] = {}
        for source, fetched_at, ok, items in rows:
            found.setdefault(source, []).append((fetched_at, ok, items))
        return found

    first = digest("build", "--date", "2024-05-04", cwd=root)
    assert first.exit_code == 0, first.stderr
    report = json.loads((root / ".digest" / "reports" / "2024-05-04.json").read_text())
    statuses = {s["name"]: s["status"] for s in report["sources"]}
    assert statuses["gone"] == "cached" and statuses["ainews"] == "ok"
    assert any(w.startswith("source gone failed 3 days in a row") for w in report["warnings"])
    before = history()
    assert len(before["gone"]) == 4 and len(before["ainews"]) == 1

    again = digest("build", "--date", "2024-05-04", cwd=root)
    assert again.exit_code == 0, again.stderr
    report = json.loads((root / ".digest" / "reports" / "2024-05-04.json").read_text())
    assert {s["status"] for s in report["sources"]} == {"cached"}
    assert history() == before  # no fetch recorded for a reused one
    assert any(w.startswith("source gone failed 3 days in a row") for w in report["warnings"])
    with Archive(db) as archive:
        gone = source_health("gone", archive.source_runs("gone"), SEOUL)
        ainews = source_health("ainews", archive.source_runs("ainews"), SEOUL)
    assert (gone.bad_days, gone.failed_days) == (3, 3)
    assert (ainews.bad_days, ainews.last_good) == (0, now.astimezone(SEOUL).date())
