"""``digest doctor`` explains a broken setup in a table, and passes a working one."""

from __future__ import annotations

from pathlib import Path

from typer.testing import Result

from tests.clirun import digest
from tests.fake_openai import FakeOpenAI
from tests.httpserver import LocalServer, Reply, redirect

SECRET = "xoxo-super-secret-token-123"


def doctor(cwd: Path, env: dict[str, str]) -> Result:
    return digest("doctor", cwd=cwd, env={"COLUMNS": "200", **env})


def rows(output: str) -> dict[tuple[str, str], str]:
    """(area, check) → the rest of the table row."""
    out = {}
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip("│┃ ").split("│")]
        if len(cells) == 4:
            out[(cells[0], cells[1])] = f"{cells[2]} {cells[3]}"
    return out


def test_a_broken_setup_is_explained_row_by_row(tmp_path: Path) -> None:
    routes = {
        "/feed.xml": Reply(404),
        "/api/v10/channels/112233445566778899": Reply(403, '{"message": "Missing Access"}'),
        "/s/closedchannel": redirect("/closedchannel"),
        "/closedchannel": Reply(200, "<html>no preview</html>"),
    }
    with LocalServer(routes) as server, FakeOpenAI() as llm:
        (tmp_path / "sources.yaml").write_text(
            f"llm:\n  base_url: {llm.base_url}\n  model: no-such-model\n"
            "sources:\n"
            f"  - {{type: rss, name: blog, url: '{server.url('/feed.xml')}'}}\n"
            "  - {type: x, name: xs, accounts: [labnews]}\n"
            "  - {type: discord, name: dc, channel_id: '112233445566778899',"
            f" base_url: '{server.url('/api/v10')}'}}\n"
            "  - {type: telegram, name: tg, channel: closedchannel,"
            f" base_url: '{server.base}'}}\n"
            "  - {type: rss, name: local, url: feeds/missing.xml}\n"
            "  - {type: rss, name: spare, url: x.xml, enabled: false}\n",
            encoding="utf-8",
        )
        result = doctor(tmp_path, {"DISCORD_BOT_TOKEN": SECRET, "X_BEARER_TOKEN": ""})
    table = rows(result.stdout)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert ("source blog", "reach (rss)") in table, result.stdout
    assert table[("source blog", "reach (rss)")].startswith("fail not found (HTTP 404)")
    assert table[("source xs", "$X_BEARER_TOKEN")].startswith("fail export X_BEARER_TOKEN")
    assert table[("source xs", "reach (x)")].startswith("skip")
    assert table[("source dc", "$DISCORD_BOT_TOKEN")] == "ok set (not shown)"
    assert "the bot cannot read this channel" in table[("source dc", "reach (discord)")]
    assert "no public web preview" in table[("source tg", "reach (telegram)")]
    assert "file not found" in table[("source local", "reach (rss)")]
    assert table[("source spare", "enabled")].startswith("skip")
    assert table[("llm", "model no-such-model")].startswith("fail not listed")
    assert SECRET not in result.stdout + result.stderr
    assert "problem(s) to fix" in result.stderr


def test_a_working_setup_passes(tmp_path: Path) -> None:
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>a</title><link>https://a.example/1</link>"
        "<pubDate>Fri, 03 May 2024 01:00:00 GMT</pubDate></item></channel></rss>"
    )
    with LocalServer({"/feed.xml": Reply(200, body)}) as server, FakeOpenAI() as llm:
        (tmp_path / "sources.yaml").write_text(
            f"llm:\n  base_url: {llm.base_url}\n  model: fake-model\n"
            f"sources:\n  - {{type: rss, name: blog, url: '{server.url('/feed.xml')}'}}\n",
            encoding="utf-8",
        )
        result = doctor(tmp_path, {})
        probes = server.hits("/feed.xml")
    table = rows(result.stdout)
    assert result.exit_code == 0, result.stdout
    assert table[("source blog", "reach (rss)")].startswith("ok 1 entries")
    assert table[("llm", "model fake-model")].startswith("ok")
    assert probes == 1
    # The probe used a scratch archive: the next build still fetches the feed in full.
    import sqlite3
    from contextlib import closing

    from digest.archive import Archive

    with Archive(tmp_path / ".digest" / "archive.sqlite3"):
        pass  # the folder check opened it; it holds no validators of any URL or window
    with closing(sqlite3.connect(tmp_path / ".digest" / "archive.sqlite3")) as db:
        assert db.execute("SELECT url FROM fetch_state").fetchall() == []


def test_a_probe_makes_one_attempt(tmp_path: Path) -> None:
    with LocalServer({"/feed.xml": Reply(503)}) as server:
        (tmp_path / "sources.yaml").write_text(
            "fetch:\n  retries: 3\n"
            f"sources:\n  - {{type: rss, name: blog, url: '{server.url('/feed.xml')}'}}\n",
            encoding="utf-8",
        )
        result = doctor(tmp_path, {})
        attempts = server.hits("/feed.xml")
    assert result.exit_code == 1
    assert rows(result.stdout)[("source blog", "reach (rss)")].startswith("fail")
    assert attempts == 1
