"""Social sources inside a whole build: failures isolated, secrets kept out of every file."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from digest.config import load
from digest.errors import ExitCode
from digest.pipeline import BuildOptions, build
from tests.httpserver import LocalServer, Reply
from tests.sourcectx import SINCE
from tests.test_source_x import FakeX, tweet

X_TOKEN = "AAAAAAAAAAAAAAAAAAAAAx-secret-token-0001"
DISCORD_TOKEN = "MTA5ODc2.discord-secret-token-0002"


def test_a_refused_source_is_reported_others_are_posted_and_no_secret_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("X_BEARER_TOKEN", X_TOKEN)
    monkeypatch.setenv("DISCORD_BOT_TOKEN", DISCORD_TOKEN)
    hour = timedelta(hours=1)
    posts = [
        tweet(SINCE + hour * k, f"Kapo {k}.0 ships with a {k}M context https://t.co/x", "100")
        for k in range(1, 6)
    ]
    fake = FakeX(posts)
    routes = {
        **fake.routes(),
        "/api/v10/channels/112233445566778899": Reply(403, '{"message": "Missing Access"}'),
    }
    with LocalServer(routes) as server:
        config = tmp_path / "sources.yaml"
        config.write_text(
            "sources:\n"
            f"  - {{type: x, name: xs, accounts: [labnews], base_url: '{server.url('/2')}'}}\n"
            "  - {type: discord, name: dc, channel_id: '112233445566778899',"
            f" base_url: '{server.url('/api/v10')}'}}\n",
            encoding="utf-8",
        )
        settings = load(config)
        now = datetime(2024, 5, 4, 0, 30, tzinfo=UTC)
        report = build(
            settings, BuildOptions(day=date(2024, 5, 4), out_dir=tmp_path / "out", now=now)
        )
    assert report.exit_code == ExitCode.PARTIAL
    by_name = {s.name: s for s in report.sources}
    assert by_name["xs"].status == "ok" and by_name["xs"].in_window == 5
    assert by_name["xs"].notes == ["5 posts read from the X API in 2 requests"]
    assert by_name["dc"].status == "failed"
    assert "Read Message History" in (by_name["dc"].error or "")
    assert report.post is not None
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite3" for p in written) and any(
        p.suffix == ".json" for p in written
    )
    for path in written:
        data = path.read_bytes()
        for secret in (X_TOKEN, DISCORD_TOKEN, "secret-token"):
            assert secret.encode() not in data, f"{secret} leaked into {path}"
    saved = json.loads((tmp_path / ".digest" / "reports" / "2024-05-04.json").read_text())
    assert {s["name"]: s["notes"] for s in saved["sources"]}["xs"]
