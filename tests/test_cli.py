"""The command line as a user runs it, README examples included."""

from __future__ import annotations

import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest
from typer.core import TyperGroup
from typer.main import get_command

from digest.cli import app
from tests.clirun import digest
from tests.conftest import ROOT, SAMPLE

COMMANDS = ("build", "stories", "eval", "doctor", "preview", "version")
# What the CLI must not import to start: each is imported by the command that needs it.
HEAVY = {"openai", "numpy", "scipy", "sklearn", "trafilatura", "bs4"}
LATER = {"pydantic", "httpx", "rich", "jinja2", "yaml", "feedparser", "ftfy"}
SECRET = "xq-7Hk2-not-a-real-token-9931"


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Two commands", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip()]


def loaded(code: str) -> set[str]:
    """The top-level packages loaded after running ``code`` in a fresh interpreter."""
    report = "print(*sorted({name.split('.')[0] for name in sys.modules}))"
    result = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\n{report}"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return set(result.stdout.splitlines()[-1].split())


def sample_urls() -> set[str]:
    """Every item permalink in the sample data, as the archive holds them."""
    from digest.sources.rss import parse_feed

    urls: set[str] = set()
    for feed in sorted((SAMPLE / "feeds").iterdir()):
        urls |= {i.url for i in parse_feed(feed.read_bytes(), source="x") if i.url}
    # The social files, read straight from their formats (not through the sources).
    social = SAMPLE / "social"
    for line in (social / "x-list.jsonl").read_text().splitlines():
        tweet = json.loads(line)
        urls.add(f"https://x.com/{tweet['author']['username']}/status/{tweet['id']}")
    archive = (social / "x-archive" / "tweets.js").read_text().split("=", 1)[1]
    urls |= {
        f"https://x.com/ai_digest_kr/status/{r['tweet']['id_str']}" for r in json.loads(archive)
    }
    export = json.loads((social / "discord-export.json").read_text())
    where = f"https://discord.com/channels/{export['guild']['id']}/{export['channel']['id']}"
    urls |= {f"{where}/{m['id']}" for m in export["messages"]}
    page = (social / "telegram-channel.html").read_text()
    urls |= {f"https://t.me/{post}" for post in re.findall(r'data-post="([^"]+)"', page)}
    listing = json.loads((social / "reddit-localllama.json").read_text())
    urls |= {f"https://www.reddit.com{c['data']['permalink']}" for c in listing["data"]["children"]}
    hits = json.loads((social / "hn-search.json").read_text())["hits"]
    urls |= {f"https://news.ycombinator.com/item?id={h['objectID']}" for h in hits}
    return urls


def test_readme_names_the_two_commands() -> None:
    commands = readme_commands()
    assert commands == [
        "uv run digest build --date 2024-05-04 --config examples/sample/sources.yaml --out output",
        "uv run pytest -n 2",
    ]


def test_readme_build_command_writes_the_sample_post(tmp_path: Path) -> None:
    shutil.copytree(
        SAMPLE, tmp_path / "examples" / "sample", ignore=shutil.ignore_patterns(".digest")
    )
    args = shlex.split(readme_commands()[0])
    assert args[:3] == ["uv", "run", "digest"]
    result = digest(*args[3:], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    path = tmp_path / result.stdout.strip().splitlines()[-1]
    assert path == tmp_path / "output" / "2024-05-04-ai-digest" / "index.md"
    post = frontmatter.load(path)
    assert list(post.keys()) == ["title", "description", "date", "update", "tags"]
    assert "no LLM was used" in result.stderr
    links = re.findall(r"\]\(([^)]+)\)", post.content)
    assert len(links) >= 20
    known = sample_urls()
    assert set(links) <= known, set(links) - known
    for bad in ("utm_", "fbclid", "<script", "javascript:", "{{<", "Ã", "â€"):
        assert bad not in path.read_text(encoding="utf-8")
    # Every kind of source is cited, each with its own permalink form.
    forms = {
        "x": r"^https://x\.com/[A-Za-z0-9_]{1,15}/status/\d+$",
        "discord": r"^https://discord\.com/channels/\d+/\d+/\d+$",
        "telegram": r"^https://t\.me/[A-Za-z0-9_]+/\d+$",
        "reddit": r"^https://www\.reddit\.com/r/LocalLLaMA/comments/[a-z0-9]+/[^/]+/$",
        "hackernews": r"^https://news\.ycombinator\.com/item\?id=\d+$",
        "blog": r"^https://(huggingface\.co|github\.com|arxiv\.org|simon\.example|news\.hada)",
    }
    for kind, form in forms.items():
        assert any(re.match(form, link) for link in links), f"no {kind} item is cited"


def test_bad_config_is_a_usage_error_with_the_line(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - type: rss\n    name: a\n    url: a.xml\n    weigth: 2\n", encoding="utf-8"
    )
    result = digest("build", "--date", "2024-05-04", cwd=tmp_path)
    assert result.exit_code == 2
    assert "sources[0].weigth: unknown setting" in result.stderr
    assert "line 5" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    result = digest(
        "build", "--config", str(SAMPLE / "sources.yaml"), "--date", "May 4", cwd=tmp_path
    )
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_every_command_has_help_in_plain_wrapped_lines() -> None:
    group = get_command(app)
    assert isinstance(group, TyperGroup)
    top = digest("--help", cwd=ROOT, env={"COLUMNS": "80"})
    assert top.exit_code == 0 and top.stdout.startswith("Usage: ")
    assert all(name in top.stdout for name in COMMANDS)
    assert sorted(group.commands) == sorted(COMMANDS)
    for name in COMMANDS:
        result = digest(name, "--help", cwd=ROOT, env={"COLUMNS": "80"})
        assert result.exit_code == 0 and result.stdout.startswith(f"Usage: digest {name} ")
        assert "<bool>" not in result.stdout, result.stdout
        doc = group.commands[name].help
        assert doc, f"{name} has no help text"
        about = result.stdout.split("\n\n", 1)[1].split("\nOptions:", 1)[0]
        paragraphs = [p.splitlines() for p in about.strip("\n").split("\n\n")]
        assert [" ".join(" ".join(p).split()) for p in paragraphs] == [
            " ".join(p.split()) for p in doc.split("\n\n")
        ]
        # Wrapped where the next word does not fit (78 columns), never at the docstring's
        # own line breaks.
        for lines in paragraphs:
            for line, following in itertools.pairwise(lines):
                assert len(line) + 1 + len(following.split()[0]) > 78, (name, line)


def test_importing_the_cli_loads_no_heavy_library() -> None:
    assert loaded("import digest.cli") & (HEAVY | LATER) == set()


def test_help_and_version_load_no_heavy_library() -> None:
    for args in (["--help"], ["version"], ["build", "--help"]):
        run = f"from digest.cli import app\ntry:\n    app({args!r})\nexcept SystemExit:\n    pass"
        assert loaded(run) & (HEAVY | LATER) == set(), args


def boom(*args: object, **kwargs: object) -> None:
    plain = "plain-local-value-0451"  # printed only by a traceback that shows local variables
    token = os.environ["X_BEARER_TOKEN"]
    raise RuntimeError(
        plain
        and f"lost the line to https://me:{token}@api.example/2?token={token}\n(and a second line)"
    )


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (["build", "--date", "2024-05-04"], "digest.pipeline.build"),
        (["stories", "--date", "2024-05-04"], "digest.day.day_stories"),
        (["eval", "--date", "2024-05-04"], "digest.evaluate.evaluate"),
        (["doctor"], "digest.doctor.diagnose"),
        (["preview", "--date", "2024-05-04", "--no-serve"], "digest.preview.place"),
        (["version"], "importlib.metadata.version"),
    ],
    ids=lambda value: value[0] if isinstance(value, list) else None,
)
def test_an_unexpected_error_is_one_line_in_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], target: str
) -> None:
    shutil.copy(SAMPLE / "sources.yaml", tmp_path)
    monkeypatch.setattr(target, boom)
    env = {"X_BEARER_TOKEN": SECRET}
    result = digest(*command, cwd=tmp_path, env=env)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: unexpected RuntimeError: lost the line to https://api.example/2?token=*** "
        "(and a second line)",
        "  → run again with --debug for the traceback, and report it",
    ]
    debug = digest(*command, "--debug", cwd=tmp_path, env=env)
    assert debug.exit_code == 1
    assert debug.stderr.startswith("Traceback (most recent call last):")
    assert ", in boom\n    raise RuntimeError(" in debug.stderr
    assert "plain-local-value-0451" not in debug.stderr
    assert debug.stderr.endswith(result.stderr)
    assert SECRET not in result.output + debug.output


def test_a_secret_the_config_names_is_masked_whatever_its_variable_is_called(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sources.yaml").write_text(
        "llm:\n  model: m\n  api_key_env: LAB_MODEL_PASS\n"
        "sources:\n  - {type: rss, name: a, url: a.xml}\n",
        encoding="utf-8",
    )

    def fails(*args: object, **kwargs: object) -> None:
        raise ValueError(f"the server said no to {os.environ['LAB_MODEL_PASS']}")

    monkeypatch.setattr("digest.pipeline.build", fails)
    result = digest("build", cwd=tmp_path, env={"LAB_MODEL_PASS": SECRET})
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first == "Error: unexpected ValueError: the server said no to ***"


def test_a_digest_error_exits_with_its_code_and_hint_and_no_traceback(tmp_path: Path) -> None:
    shutil.copy(SAMPLE / "sources.yaml", tmp_path)
    for args in (["--date", "2024-05-04", "--site", "nope"], ["--since", "today"]):
        result = digest("build", *args, cwd=tmp_path)
        assert result.exit_code == 2
        lines = result.stderr.splitlines()
        assert len(lines) == 2 and lines[0].startswith("Error: --") and lines[1].startswith("  → ")
    debug = digest("build", "--since", "today", "--debug", cwd=tmp_path)
    assert debug.exit_code == 2 and "Traceback" in debug.stderr and "ConfigError" in debug.stderr


def test_a_corrupt_saved_digest_is_one_error_line_for_eval_and_preview(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "s", ignore=shutil.ignore_patterns(".digest", "output"))
    root = tmp_path / "s"
    assert digest("build", "-q", "--date", "2024-05-04", cwd=root).exit_code == 0
    (root / ".digest" / "digests" / "2024-05-04.json").write_text('{"date": "2024-05-04", "ti')
    for command in (["eval"], ["preview", "--no-serve"]):
        result = digest(*command, "--date", "2024-05-04", cwd=root)
        assert result.exit_code == 1, result.output
        lines = result.stderr.splitlines()
        assert len(lines) == 2 and lines[0].startswith("Error: "), result.stderr
        assert "2024-05-04.json" in lines[0] and "digest build" in lines[1], result.stderr
        assert "Traceback" not in result.output


def test_stories_command_explains_the_ranking(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "s", ignore=shutil.ignore_patterns(".digest"))
    config = str(tmp_path / "s" / "sources.yaml")
    before = digest("stories", "-c", config, "--date", "2024-05-04", cwd=tmp_path)
    assert before.exit_code == 4 and "digest build" in before.stderr
    assert digest("build", "-q", "-c", config, "--date", "2024-05-04", cwd=tmp_path).exit_code == 0
    table = digest("stories", "-c", config, "--date", "2024-05-04", "--limit", "5", cwd=tmp_path)
    assert table.exit_code == 0 and "sources" in table.stdout and "recency" in table.stdout
    listed = digest("stories", "-c", config, "--date", "2024-05-04", "--json", cwd=tmp_path)
    data = json.loads(listed.stdout)
    assert [s["rank"] for s in data] == list(range(1, len(data) + 1))
    assert data == sorted(data, key=lambda s: -s["score"])
    assert all(s["urls"] and s["breakdown"] for s in data)


def test_version_flag_on_the_group() -> None:
    from importlib.metadata import version

    for flag in ("--version", "-V"):
        result = digest(flag, cwd=ROOT)
        assert result.exit_code == 0
        assert result.stdout == f"digest {version('digest')}\n"


def test_shell_completion_is_offered() -> None:
    top = digest("--help", cwd=ROOT)
    assert "--install-completion" in top.stdout and "--show-completion" in top.stdout
    script = subprocess.run(
        [sys.executable, "-m", "digest", "--show-completion", "bash"],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
    )  # fmt: skip
    assert script.returncode == 0, script.stderr
    assert "complete -o default -F _digest_completion digest" in script.stdout
    complete = subprocess.run(
        [sys.executable, "-m", "digest"],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "_DIGEST_COMPLETE": "complete_bash", "COMP_WORDS": "digest pre",
             "COMP_CWORD": "1"},
    )  # fmt: skip
    assert complete.stdout.split() == ["preview"], complete.stderr


def test_the_config_path_can_come_from_digest_config(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "s", ignore=shutil.ignore_patterns(".digest", "output"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"DIGEST_CONFIG": str(tmp_path / "s" / "sources.yaml")}
    result = digest("build", "-q", "--date", "2024-05-04", "--out", "o", cwd=elsewhere, env=env)
    assert result.exit_code == 0, result.stderr
    assert (elsewhere / "o" / "2024-05-04-ai-digest" / "index.md").exists()
    missing = digest("doctor", cwd=elsewhere, env={"DIGEST_CONFIG": str(tmp_path / "nope.yaml")})
    assert "nope.yaml" in missing.stdout
    assert "DIGEST_CONFIG" in digest("build", "--help", cwd=ROOT).stdout


def test_tables_off_a_terminal_fold_instead_of_cutting(tmp_path: Path) -> None:
    deep = tmp_path / ("a-rather-long-folder-name-" * 4) / "feeds" / "nowhere"
    result = digest("doctor", "--config", str(deep / "sources.yaml"), cwd=tmp_path, env={})
    assert "…" not in result.stdout
    # Every character of the path is in the table, folded over lines if need be.
    cells = "".join(
        line.split("│")[2].strip() for line in result.stdout.splitlines() if line.count("│") == 5
    )
    assert str(deep / "sources.yaml") in cells


def _failing_sources(root: Path, feed_url: str = "feeds/missing.xml") -> None:
    (root / "sources.yaml").write_text(
        "sources:\n"
        f"  - {{type: rss, name: first, url: '{feed_url}'}}\n"
        "  - {type: rss, name: second, url: feeds/also-missing.xml}\n",
        encoding="utf-8",
    )


def test_when_every_source_fails_the_run_says_so_and_logs_warnings(tmp_path: Path) -> None:
    _failing_sources(tmp_path)
    result = digest("build", "--date", "2024-05-04", cwd=tmp_path)
    assert result.exit_code == 1
    text = " ".join(result.stderr.split())
    assert "every source failed (2 of 2): no post was written" in text
    assert "no items in the window" not in text
    log = (tmp_path / ".digest" / "logs" / "digest.log").read_text(encoding="utf-8")
    failed = [line for line in log.splitlines() if "source first failed" in line]
    assert failed and " WARNING source first failed" in failed[0]


def test_an_unwritable_out_is_found_before_fetching(tmp_path: Path) -> None:
    from tests.httpserver import LocalServer, Reply

    with LocalServer({"/feed.xml": Reply(200, "<rss/>")}) as server:
        _failing_sources(tmp_path, server.url("/feed.xml"))
        (tmp_path / "a-file").write_text("not a folder")
        for where in (["--out", "a-file/posts"], ["--site", "a-file"]):
            result = digest("build", "--date", "2024-05-04", *where, cwd=tmp_path)
            assert result.exit_code in (1, 2), result.stderr
            assert "a-file" in result.stderr
        assert server.hits("/feed.xml") == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_out_is_found_before_fetching(tmp_path: Path) -> None:
    _failing_sources(tmp_path)
    (tmp_path / "ro").mkdir(mode=0o500)
    result = digest("build", "--date", "2024-05-04", "--out", "ro/posts", cwd=tmp_path)
    assert result.exit_code == 1
    assert "is not writable" in result.stderr
    assert not (tmp_path / ".digest" / "reports").exists()


def test_a_future_date_and_since_after_until_are_usage_errors(tmp_path: Path) -> None:
    _failing_sources(tmp_path)
    future = digest("build", "--date", "2999-01-01", cwd=tmp_path)
    assert future.exit_code == 2
    assert "is in the future" in future.stderr
    backwards = digest(
        "build", "--since", "2024-05-04T06:00", "--until", "2024-05-03T06:00", cwd=tmp_path
    )
    assert backwards.exit_code == 2
    assert "the window is empty" in " ".join(backwards.stderr.split())
    assert not (tmp_path / ".digest" / "reports").exists()  # nothing was fetched or reported
