"""The state folder: saved digests read back (damaged ones in words), an old archive upgraded."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import Result

from digest.archive import SCHEMA_VERSION, Archive
from digest.config import load, parse
from digest.day import earlier_sentences
from digest.errors import DigestError
from digest.models import Digest
from digest.state import StateDir
from tests.clirun import digest as run_digest
from tests.conftest import SAMPLE

DAY = date(2024, 5, 4)


def digest(*args: str, cwd: Path) -> Result:
    """The command as a user runs it, in this process (wide lines, so a message is never
    wrapped)."""
    return run_digest(*args, cwd=cwd, env={"COLUMNS": "400"})


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample day built once (extractive); tests copy it."""
    root = tmp_path_factory.mktemp("state") / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".digest", "output"))
    result = digest("build", "-q", "--date", "2024-05-04", "--out", "output", cwd=root)
    assert result.exit_code == 0, result.stderr
    return root


def truncated(text: str) -> str:
    return text[: len(text) // 2]


def wrong_shape(text: str) -> str:
    data = json.loads(text)
    data["preview"] = "not a list of sections"
    del data["title"]
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("spoil", [truncated, wrong_shape])
@pytest.mark.parametrize(
    "command",
    [
        ["eval", "--date", "2024-05-04", "--out", "output"],
        ["preview", "--date", "2024-05-04", "--no-serve"],
    ],
)
def test_a_damaged_saved_digest_is_one_line_naming_the_file(
    built: Path, tmp_path: Path, spoil, command: list[str]
) -> None:
    root = tmp_path / "sample"
    shutil.copytree(built, root)
    saved = root / ".digest" / "digests" / "2024-05-04.json"
    saved.write_text(spoil(saved.read_text(encoding="utf-8")), encoding="utf-8")
    result = digest(*command, cwd=root)
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr and "pydantic" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, lines  # the error and what to do
    assert lines[0].startswith("Error:") and str(saved) in lines[0]
    assert "digest build --date 2024-05-04" in lines[1]
    assert not result.stdout


def test_a_saved_digest_of_the_wrong_shape_says_what_is_wrong(built: Path) -> None:
    state = StateDir.at(built / ".digest")
    good = state.digest_file(DAY).read_text(encoding="utf-8")
    other = StateDir.at(built / ".other")
    other.digest_file(DAY).parent.mkdir(parents=True)
    other.digest_file(DAY).write_text(wrong_shape(good), encoding="utf-8")
    with pytest.raises(DigestError) as caught:
        other.load_digest(DAY)
    assert "damaged" in caught.value.message and "and 1 more problem" in caught.value.message
    assert "\n" not in caught.value.message
    assert state.load_digest(DAY).date == "2024-05-04"  # the good one still loads
    # A digest that cannot be read at all (here a folder in its place) says so, too.
    other.digest_file(DAY).unlink()
    other.digest_file(DAY).mkdir()
    with pytest.raises(DigestError, match="cannot read the saved digest") as caught:
        other.load_digest(DAY)
    assert str(other.digest_file(DAY)) in caught.value.message
    assert "digest build --date 2024-05-04" in str(caught.value.hint)


def test_a_damaged_run_report_is_an_error_naming_it(tmp_path: Path) -> None:
    state = StateDir.at(tmp_path)
    assert state.load_report(DAY) is None
    state.report_file(DAY).parent.mkdir(parents=True)
    for text in ('{"date": "2024-05-04", "ll', "[1, 2]"):
        state.report_file(DAY).write_text(text, encoding="utf-8")
        with pytest.raises(DigestError, match="run report") as caught:
            state.load_report(DAY)
        assert str(state.report_file(DAY)) in caught.value.message


def test_every_path_of_the_state_folder_comes_from_one_layout(built: Path) -> None:
    settings = load(built / "sources.yaml")
    state = settings.state
    assert state.root == built / ".digest" and settings.archive_path == state.archive
    assert state.archive == built / ".digest" / "archive.sqlite3"
    assert state.digest_file(DAY).is_file() and state.report_file(DAY).is_file()
    assert state.log_file.is_file() and state.lock.is_file()
    names = {p.name for p in state.root.iterdir()} - {"archive.sqlite3-wal", "archive.sqlite3-shm"}
    assert names == {"archive.sqlite3", "digest.lock", "digests", "logs", "reports"}


# An archive as version 1 wrote it: each post also kept its whole digest.
V1_POSTS = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
CREATE TABLE posts (
    date TEXT PRIMARY KEY, slug TEXT NOT NULL, path TEXT NOT NULL, built_at REAL NOT NULL,
    item_keys TEXT NOT NULL, story_ids TEXT NOT NULL, digest TEXT NOT NULL
);
"""


def a_digest(day: str, sentence: str) -> Digest:
    return Digest.model_validate(
        {
            "date": day,
            "title": "t",
            "description": "",
            "tags": [],
            "intro": sentence,
            "preview": [{"title": "s", "bullets": [{"text": f"{day} 소식", "cites": ["a:1"]}]}],
            "overview": [],
        }
    )


def test_a_version_1_archive_is_upgraded_keeping_its_digests(tmp_path: Path) -> None:
    state = StateDir.at(tmp_path / ".digest")
    state.root.mkdir()
    db = sqlite3.connect(state.archive)
    db.executescript(V1_POSTS)
    for day, sentence in (
        ("2024-05-02", "이틀 전 이야기입니다."),
        ("2024-05-03", "어제 이야기입니다."),
    ):
        db.execute(
            "INSERT INTO posts VALUES (?, ?, ?, ?, ?, ?, ?)",
            (day, f"{day}-ai-digest", "p", 0.0, '["a:1"]', '["s"]',
             a_digest(day, sentence).model_dump_json()),
        )  # fmt: skip
    db.commit()
    db.close()
    # The state folder kept the newer digest itself (as a build wrote it); the older is gone.
    kept = a_digest("2024-05-03", "상태 폴더의 문장입니다.")
    state.save_digest(date(2024, 5, 3), kept)

    with state.open_archive() as archive:
        archive.record_post(
            date="2024-05-04", slug="s", path="p", built_at=datetime.now(UTC),
            item_keys=["a:2"], story_ids=["x"],
        )  # fmt: skip
        assert [p.date for p in archive.posts_before("2024-05-05")] == [
            "2024-05-04",
            "2024-05-03",
            "2024-05-02",
        ]
        config = parse("sources:\n  - {type: rss, name: a, url: a.xml}\n", tmp_path / "s.yaml")
        earlier = earlier_sentences(state, archive, "2024-05-04", config.config)
    assert "이틀 전 이야기입니다." in earlier  # written out of the old archive
    assert "상태 폴더의 문장입니다." in earlier and "어제 이야기입니다." not in earlier
    assert state.load_digest(date(2024, 5, 2)).intro == "이틀 전 이야기입니다."

    db = sqlite3.connect(state.archive)
    columns = [row[1] for row in db.execute("PRAGMA table_info(posts)")]
    version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    db.close()
    assert columns == ["date", "slug", "path", "built_at", "item_keys", "story_ids"]
    assert version == str(SCHEMA_VERSION) == "2"
    with state.open_archive() as archive:  # opening it again changes nothing
        assert len(archive.posts_before("2024-05-05")) == 3


def test_an_archive_from_a_newer_digest_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite3"
    with Archive(path):
        pass
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(DigestError, match="newer digest") as caught:
        Archive(path)
    assert str(path) in caught.value.message


def loaded_by(module: str) -> set[str]:
    """The modules a fresh interpreter has loaded after importing ``module``."""
    code = f"import sys, {module}; print(' '.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return set(result.stdout.split())


def test_eval_and_preview_stand_apart_from_the_build() -> None:
    preview = loaded_by("digest.preview")
    assert not {"digest.pipeline", "digest.writer", "openai"} & preview
    assert "digest.pipeline" not in loaded_by("digest.evaluate")
    # The build loads the LLM client only when it writes with one.
    assert not {"openai", "digest.llm", "digest.batch"} & loaded_by("digest.pipeline")
