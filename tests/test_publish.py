"""Publishing as cron runs it: site profiles, --site, the lock, the report file and the log.

The lock tests start real processes (``python -m digest``); the rest run in-process.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import frontmatter

from digest.runlock import run_lock
from digest.state import StateDir
from tests.clirun import digest
from tests.conftest import SAMPLE

ARGS = ["build", "-q", "-c", "sources.yaml", "--date", "2024-05-04"]


def sample(tmp_path: Path, extra: str = "") -> Path:
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".digest", "output"))
    if extra:
        config = root / "sources.yaml"
        config.write_text(extra + config.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def site_sample(tmp_path: Path, output: str) -> tuple[Path, Path]:
    """The sample with ``output`` lines added to its output section, and an empty site."""
    root = sample(tmp_path)
    config = root / "sources.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("output:\n", "output:\n" + output, 1), encoding="utf-8")
    site = tmp_path / "blog"
    site.mkdir()
    return root, site


def test_hugo_profile_writes_a_page_bundle_with_hugo_front_matter(tmp_path: Path) -> None:
    root, site = site_sample(tmp_path, "  site: hugo\n  categories: [AI, 뉴스]\n  draft: true\n")
    first = digest(*ARGS, "--site", str(site), cwd=root)
    assert first.exit_code == 0, first.stderr
    path = site / "content" / "posts" / "2024-05-04-ai-digest" / "index.md"
    assert first.stdout.strip() == str(path)
    post = frontmatter.load(str(path))
    keys = ["title", "date", "lastmod", "description", "tags", "categories", "slug", "draft"]
    assert list(post.keys()) == keys
    assert post["date"] == "2024-05-04T00:00:00+09:00"  # the window's end, never in the future
    assert datetime.fromisoformat(post["lastmod"]).utcoffset() is not None
    assert post["categories"] == ["AI", "뉴스"] and post["draft"] is True
    assert post["slug"] == "2024-05-04-ai-digest"
    # A rerun replaces the post in place: the same date, a new lastmod.
    path.write_text(
        path.read_text(encoding="utf-8").replace(post["lastmod"], "2024-05-04T01:00:00+09:00"),
        encoding="utf-8",
    )
    again = digest(*ARGS, "--site", str(site), cwd=root)
    assert again.exit_code == 0, again.stderr
    rebuilt = frontmatter.load(str(path))
    assert rebuilt["date"] == post["date"] and rebuilt["lastmod"] != "2024-05-04T01:00:00+09:00"
    assert len(list((site / "content" / "posts").iterdir())) == 1


def test_gatsby_profile_with_a_series_goes_to_contents_posts(tmp_path: Path) -> None:
    root, site = site_sample(tmp_path, "  series: AI 다이제스트\n")
    result = digest(*ARGS, "--site", str(site), cwd=root)
    assert result.exit_code == 0, result.stderr
    post = frontmatter.load(str(site / "contents/posts/2024-05-04-ai-digest/index.md"))
    assert list(post.keys()) == ["title", "description", "date", "update", "tags", "series"]
    assert post["date"] == date(2024, 5, 4) and post["series"] == "AI 다이제스트"


def test_jekyll_profile_writes_a_dated_post_into_posts(tmp_path: Path) -> None:
    root, site = site_sample(tmp_path, "  site: jekyll\n")
    (site / "_config.yml").write_text("title: AI 다이제스트\n", encoding="utf-8")
    first = digest(*ARGS, "--site", str(site), cwd=root)
    assert first.exit_code == 0, first.stderr
    path = site / "_posts" / "2024-05-04-ai-digest.md"
    assert first.stdout.strip() == str(path)
    # The file name is the one Jekyll reads a post's date and slug from.
    assert re.fullmatch(r"(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)", path.name)
    post = frontmatter.load(str(path))
    assert list(post.keys()) == ["title", "date", "categories", "tags"]
    assert post["date"] == "2024-05-04 00:00:00 +0900"  # the window's end, never in the future
    assert post["categories"] == ["AI"] and post["tags"] and post["title"]
    assert "## Today's Preview" in post.content
    # A rerun replaces the post in place and keeps its date.
    path.write_text(
        path.read_text(encoding="utf-8").replace(post["date"], "2024-05-03 23:00:00 +0900"),
        encoding="utf-8",
    )
    again = digest(*ARGS, "--site", str(site), cwd=root)
    assert again.exit_code == 0, again.stderr
    assert frontmatter.load(str(path))["date"] == "2024-05-03 23:00:00 +0900"
    assert [p.name for p in (site / "_posts").iterdir()] == [path.name]
    # `digest eval` finds the post where the profile put it.
    scored = digest("eval", "-c", "sources.yaml", "--date", "2024-05-04", "--site", str(site),
                    "--json", cwd=root)  # fmt: skip
    assert json.loads(scored.stdout)["post"] == str(path), scored.stderr


def test_site_and_out_together_is_a_usage_error(tmp_path: Path) -> None:
    root = sample(tmp_path)
    result = digest(*ARGS, "--site", str(tmp_path), "--out", "x", cwd=root)
    assert result.exit_code == 2 and "--out or --site" in result.stderr
    missing = digest(*ARGS, "--site", str(tmp_path / "nope"), cwd=root)
    assert missing.exit_code == 2 and "is not a folder" in missing.stderr


def test_two_runs_at_once_leave_one_correct_post(tmp_path: Path) -> None:
    root = sample(tmp_path)
    # The second run waits for the first however long a build takes on this machine (the
    # default wait, 30 s, is shorter than a build on a busy one).
    command = [sys.executable, "-m", "digest", *ARGS, "--out", "out", "--lock-wait", "3600"]
    runs = [
        subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=7200) for run in runs]
    results = [(run.returncode, output) for run, output in zip(runs, outputs, strict=True)]
    assert [code for code, _ in results] == [0, 0], [err.decode() for _, (_o, err) in results]
    folder = root / "out" / "2024-05-04-ai-digest"
    assert [p.name for p in folder.iterdir()] == ["index.md"]  # no temporary file left
    post = frontmatter.load(str(folder / "index.md"))
    assert post["title"] and "## Today's Preview" in post.content
    log = (root / ".digest" / "logs" / "digest.log").read_text(encoding="utf-8")
    assert log.count("build 2024-05-04 started") == 2
    assert log.count("build 2024-05-04 finished: exit 0") == 2


def test_a_run_that_cannot_get_the_lock_says_so(tmp_path: Path) -> None:
    root = sample(tmp_path)
    with run_lock(StateDir.at(root / ".digest").lock, wait=0):
        result = subprocess.run(
            [sys.executable, "-m", "digest", *ARGS, "--out", "out", "--lock-wait", "0.5"],
            cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=600,
        )  # fmt: skip
    assert result.returncode == 6
    assert "another digest run is using" in result.stderr and "pid" in result.stderr
    assert not (root / "out").exists()


def test_report_json_for_scripts(tmp_path: Path) -> None:
    root = sample(tmp_path)
    saved = digest(*ARGS, "--out", "out", "--report-json", "report.json", cwd=root)
    assert saved.exit_code == 0, saved.stderr
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert report["exit_code"] == 0 and report["post"] == saved.stdout.strip()
    assert {s["type"] for s in report["sources"]} >= {"rss", "x", "discord", "telegram"}
    printed = digest(*ARGS, "--out", "out", "--report-json", "-", cwd=root)
    assert json.loads(printed.stdout)["date"] == "2024-05-04"
