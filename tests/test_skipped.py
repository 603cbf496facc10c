"""No silent drop: what a source reads but does not make an item is counted and reported.

Recorded data is in tests/test_real_*.py; these are the cases no recording covers (the bot
API's numbered system messages, a whole build's table) and the extractive headline of a
recorded retweet chain.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console

from digest.archive import Archive
from digest.config import OutputConfig, load
from digest.models import Story, Window
from digest.pipeline import fetch_sources
from digest.report import RunReport, SourceResult
from digest.sources.discord import DiscordSource, time_snowflake
from digest.sources.x import XSource
from digest.writer import write_extractive
from tests.httpserver import LocalServer, Reply
from tests.sourcectx import SINCE, UNTIL, fetch_context

REAL = Path(__file__).parent / "fixtures" / "real"
JSON = {"Content-Type": "application/json"}


def api_message(minutes: int, kind: int, content: str) -> dict[str, object]:
    when = SINCE + timedelta(minutes=minutes)
    return {"id": str(time_snowflake(when) + 1), "type": kind, "content": content,
            "timestamp": when.isoformat(), "channel_id": "1112223334445556667",
            "author": {"id": "9", "username": "kim"}, "embeds": [], "attachments": []}  # fmt: skip


def test_bot_api_system_messages_are_counted_not_items(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCORD_BOT_TOKEN", "test-bot-token")
    # 7 a join, 3 a call, 6 a pin, 8 a boost, 4 a name change; 19 and 21 are people's.
    messages = [api_message(1, 7, ""), api_message(2, 3, ""), api_message(3, 6, ""),
                api_message(4, 8, ""), api_message(5, 4, "new name"),
                api_message(6, 0, "Kapo 2 is out"), api_message(7, 19, "the weights?"),
                api_message(8, 21, "")]  # fmt: skip
    channel = {"id": "1112223334445556667", "guild_id": "1098765432109876543", "type": 0}
    routes = {
        "/api/v10/channels/1112223334445556667": Reply(200, json.dumps(channel), JSON),
        "/api/v10/channels/1112223334445556667/messages": Reply(
            200, json.dumps(messages[::-1]), JSON
        ),
    }
    with LocalServer(routes) as server, fetch_context(tmp_path) as ctx:
        source = DiscordSource(type="discord", name="dc", channel_id="1112223334445556667",
                               base_url=server.url("/api/v10"))  # fmt: skip
        items = source.fetch(ctx)
        skipped = dict(+ctx.skipped)
    assert [i.text for i in items] == ["Kapo 2 is out", "the weights?"]
    assert skipped == {"system messages": 5, "messages without words": 1}


def test_a_channel_of_joins_alone_is_not_taken_for_a_missing_intent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCORD_BOT_TOKEN", "test-bot-token")
    joins = [api_message(k, 7, "") for k in range(3)]
    channel = {"id": "1112223334445556667", "guild_id": "1098765432109876543", "type": 0}
    routes = {
        "/api/v10/channels/1112223334445556667": Reply(200, json.dumps(channel), JSON),
        "/api/v10/channels/1112223334445556667/messages": Reply(200, json.dumps(joins), JSON),
    }
    with LocalServer(routes) as server, fetch_context(tmp_path) as ctx:
        source = DiscordSource(type="discord", name="dc", channel_id="1112223334445556667",
                               base_url=server.url("/api/v10"))  # fmt: skip
        assert source.fetch(ctx) == []
        assert dict(ctx.skipped) == {"system messages": 3}


def test_stream_error_objects_and_non_posts_are_counted(tmp_path: Path) -> None:
    post = {"id": str(time_snowflake(SINCE)), "text": "hello", "created_at": "2024-05-02T16:00:00Z"}
    lines = [
        json.dumps({"data": post, "includes": {"users": []}}),
        json.dumps({"errors": [{"title": "operational-disconnect"}]}),
        json.dumps({"id": "5", "username": "someone", "name": "Someone"}),
    ]
    (tmp_path / "stream.jsonl").write_text("\n".join(lines), encoding="utf-8")
    source = XSource(type="x", name="xs", via="file", file="stream.jsonl")
    with fetch_context(tmp_path) as ctx:
        assert [i.text for i in source.fetch(ctx)] == ["hello"]
        assert dict(ctx.skipped) == {"error messages": 1, "records that are not posts": 1}


def test_the_report_says_what_was_skipped_and_why(tmp_path: Path) -> None:
    export = REAL / "discord" / "dce-example-guild-general.json"
    config = tmp_path / "sources.yaml"
    config.write_text(
        f"sources:\n  - {{type: discord, name: guild, file: '{export}'}}\n", encoding="utf-8"
    )
    settings = load(config)
    window = Window(datetime(2023, 1, 6, tzinfo=UTC), datetime(2023, 1, 6, 14, 22, 5, tzinfo=UTC))
    with Archive(tmp_path / "archive.db") as archive:
        [result] = fetch_sources(
            settings, archive, window, now=datetime(2023, 1, 7, tzinfo=UTC), refetch=True
        )
    # Before 14:22:05, 3 messages with words; 25 later ones; 3 joins and a thread notice; a
    # sticker and two pictures without words.
    # The 25 later ones are the window's, counted once: as outside it, by the source contract.
    assert (result.status, result.fetched, result.outside) == ("ok", 3, 25)
    assert result.skipped == {"system messages": 4, "messages without words": 3}
    report = RunReport(date="2023-01-06", since="-", until="-", sources=[result])
    console = Console(record=True, width=200)
    report.print(console)
    assert (
        "32 skipped: 25 outside the window, 4 system messages, 3 messages without words"
        in console.export_text()
    )
    saved = json.loads(report.to_json())
    assert saved["sources"][0]["skipped"]["system messages"] == 4
    assert saved["sources"][0]["outside"] == 25


def test_a_summary_is_empty_when_nothing_was_skipped() -> None:
    result = SourceResult("s", "rss", "ok", skipped={"duplicates": 0})
    assert result.skipped_summary() == ""
    assert SourceResult("s", "rss", "ok", skipped={"duplicates": 2}).skipped_summary() == (
        "2 skipped: 2 duplicates"
    )
    joined = SourceResult("s", "rss", "ok", outside=2, skipped={"duplicates": 3})
    assert joined.skipped_summary() == "5 skipped: 3 duplicates, 2 outside the window"
    assert SourceResult("s", "rss", "ok", outside=1).skipped_summary() == (
        "1 skipped: 1 outside the window"
    )


def test_the_extractive_headline_of_a_retweet_chain(tmp_path: Path) -> None:
    source = XSource(
        type="x", name="xs", via="file", file=str(REAL / "x" / "tweepy-v1-retweet.json")
    )
    with fetch_context(tmp_path) as ctx:
        ever = Window(datetime(2006, 1, 1, tzinfo=UTC), UNTIL)
        [item] = source.fetch(replace(ctx, window=ever))
    story = Story(id="s1", items=(item,))
    digest, _ = write_extractive([story], date(2024, 5, 4).isoformat(), OutputConfig())
    # A one-item story with nothing beyond its headline is one Overview line.
    headline = digest.preview[0].title if digest.preview else digest.overview[0].bullets[0].text
    assert headline.startswith("RT @Twitter: Bolstering our infrastructure.")
    assert "RT @Twitter: RT @" not in headline and "  " not in headline
