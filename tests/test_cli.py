"""The command line as a user runs it, README examples included."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import frontmatter

from tests.clirun import digest
from tests.conftest import ROOT, SAMPLE


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Two commands", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip()]


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
        "uv run pytest",
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


def test_every_command_has_help() -> None:
    for command in (["--help"], ["build", "--help"]):
        result = digest(*command, cwd=ROOT)
        assert result.exit_code == 0
        assert "Usage" in result.stdout


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
