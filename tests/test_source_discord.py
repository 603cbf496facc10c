"""The discord source against a local Discord API, and DiscordChatExporter exports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from digest.errors import FetchError
from digest.models import Item
from digest.sources.discord import (
    DiscordSource,
    parse_export,
    snowflake_time,
    time_snowflake,
)
from tests.conftest import SAMPLE
from tests.httpserver import LocalServer, Reply
from tests.sourcectx import SINCE, UNTIL, fetch_context, mojibake

GUILD, CHANNEL = "1098765432109876543", "1112223334445556667"
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-bot-token"


@pytest.fixture(autouse=True)
def _token(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DISCORD_BOT_TOKEN", TOKEN)
    yield


def message(when: datetime, content: str, author: str = "1", **extra: Any) -> dict[str, Any]:
    """A message object as ``GET /channels/{id}/messages`` returns it."""
    ident = time_snowflake(when) + 7
    return {
        "id": str(ident),
        "type": 0,
        "channel_id": CHANNEL,
        "content": content,
        "timestamp": when.isoformat(),
        "edited_timestamp": None,
        "author": {"id": author, "username": f"user{author}", "global_name": f"User {author}"},
        "attachments": [],
        "embeds": extra.pop("embeds", []),
        "mentions": [],
        "pinned": False,
        "tts": False,
        **extra,
    }


class FakeDiscord:
    """The channel and messages endpoints over a message list, paged as Discord pages."""

    def __init__(self, messages: list[dict[str, Any]], page: int = 100) -> None:
        self.messages = sorted(messages, key=lambda m: int(m["id"]))
        self.page = page
        self.auth: list[str] = []

    def channel(self, handler: BaseHTTPRequestHandler) -> Reply:
        self.auth.append(handler.headers.get("Authorization", ""))
        last = self.messages[-1]["id"] if self.messages else None
        body = {
            "id": CHANNEL,
            "type": 0,
            "guild_id": GUILD,
            "name": "ai-news",
            "last_message_id": last,
        }
        return Reply(200, json.dumps(body), {"Content-Type": "application/json"})

    def history(self, handler: BaseHTTPRequestHandler) -> Reply:
        query = parse_qs(urlsplit(handler.path).query)
        after = int(query["after"][0])
        limit = min(int(query.get("limit", ["50"])[0]), self.page)
        newer = [m for m in self.messages if int(m["id"]) > after][:limit]
        # Discord answers newest first, whatever the direction of paging.
        body = list(reversed(newer))
        return Reply(200, json.dumps(body), {"Content-Type": "application/json"})

    def routes(self) -> dict[str, Any]:
        return {
            f"/api/v10/channels/{CHANNEL}": self.channel,
            f"/api/v10/channels/{CHANNEL}/messages": self.history,
        }


def api_source(server: LocalServer, **extra: Any) -> DiscordSource:
    return DiscordSource(
        type="discord",
        name="dc",
        channel_id=CHANNEL,
        base_url=server.url("/api/v10"),
        **extra,
    )


def test_snowflakes_and_times_agree() -> None:
    # A real id (Discord's docs): 175928847299117063 was made 2016-04-30 11:18:25.796 UTC.
    assert snowflake_time(175928847299117063).isoformat() == "2016-04-30T11:18:25.796000+00:00"
    assert snowflake_time(time_snowflake(SINCE)) == SINCE


def test_pages_after_the_window_start_until_its_end(tmp_path: Path) -> None:
    minute = timedelta(minutes=1)
    messages = [
        message(SINCE + minute * (7 * k) - minute * 30, f"msg {k}", str(k % 9)) for k in range(260)
    ]
    fake = FakeDiscord(messages)
    with LocalServer(fake.routes()) as server, fetch_context(tmp_path) as ctx:
        items = api_source(server).fetch(ctx)
        history = [s.path for s in server.requests if s.path.split("?")[0].endswith("/messages")]
        notes = list(ctx.notes)
    inside = [m for m in messages if SINCE <= datetime.fromisoformat(m["timestamp"]) < UNTIL]
    assert [i.id for i in items] == [m["id"] for m in inside]
    assert len(history) == 3 and not notes  # 100 + 100 + the rest; no page past the window end
    first_after = parse_qs(urlsplit(history[0]).query)["after"][0]
    assert snowflake_time(int(first_after)) < SINCE <= snowflake_time(int(first_after) + 1)
    assert fake.auth == [f"Bot {TOKEN}"]
    item = items[0]
    assert item.url == f"https://discord.com/channels/{GUILD}/{CHANNEL}/{item.id}"
    assert item.kind == "discord" and item.author.startswith("User ")


def test_replies_bursts_reactions_and_embeds(tmp_path: Path) -> None:
    t = SINCE + timedelta(hours=3)
    root = message(
        t,
        "Phi-3 is out https://huggingface.co/microsoft/Phi-3?utm_source=discord",
        "1",
        embeds=[{"title": "Phi-3 mini", "description": "3.8B", "url": "https://hf.co/x"}],
        reactions=[{"count": 5, "emoji": {"name": "🔥"}}, {"count": 2, "emoji": {"name": "👀"}}],
    )
    burst = message(t + timedelta(minutes=1), "runs on a phone too", "1")
    answer = {"message_id": root["id"]}
    reply = message(t + timedelta(minutes=20), "nice", "2", message_reference=answer, type=19)
    later = message(t + timedelta(minutes=30), "unrelated", "1")
    empty = message(t + timedelta(minutes=31), "", "3")  # a sticker or an attachment only
    with LocalServer(FakeDiscord([root, burst, reply, later, empty]).routes()) as server:
        with fetch_context(tmp_path) as ctx:
            items = {i.id: i for i in api_source(server).fetch(ctx)}
    first = items[root["id"]]
    assert first.engagement == {"reactions": 7}
    assert first.links == ("https://huggingface.co/microsoft/Phi-3", "https://hf.co/x")
    assert "Phi-3 mini — 3.8B" in first.text
    assert items[burst["id"]].reply_to == f"dc:{root['id']}"
    assert items[reply["id"]].reply_to == f"dc:{root['id']}"
    assert items[later["id"]].reply_to is None  # 29 minutes later: a new conversation
    assert empty["id"] not in items


def test_rate_limit_waits_for_retry_after_from_the_body(tmp_path: Path) -> None:
    fake = FakeDiscord([message(SINCE + timedelta(hours=1), "hello")])
    limited = Reply(
        429,
        json.dumps(
            {"message": "You are being rate limited.", "retry_after": 0.25, "global": False}
        ),
        {"Content-Type": "application/json", "Retry-After": "1", "X-RateLimit-Scope": "user"},
    )
    routes = fake.routes()
    routes[f"/api/v10/channels/{CHANNEL}/messages"] = [limited, fake.history]
    waits: list[float] = []
    with LocalServer(routes) as server, fetch_context(tmp_path, waits=waits) as ctx:
        items = api_source(server).fetch(ctx)
    assert [i.text for i in items] == ["hello"] and waits == [0.25]


def test_a_long_rate_limit_skips_the_source_with_the_reset_time(tmp_path: Path) -> None:
    routes = FakeDiscord([]).routes()
    routes[f"/api/v10/channels/{CHANNEL}/messages"] = Reply(
        429, json.dumps({"retry_after": 3600.0, "global": True}), {"Retry-After": "3600"}
    )
    with LocalServer(routes) as server, fetch_context(tmp_path) as ctx:
        with pytest.raises(FetchError, match="Discord rate limit reached; it resets in 3,600 s"):
            api_source(server).fetch(ctx)


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (401, "the bot token was refused"),
        (403, "Read Message History"),
        (404, "unknown channel"),
    ],
)
def test_refusals_say_what_to_fix_and_never_show_the_token(
    tmp_path: Path, status: int, words: str
) -> None:
    body = json.dumps({"message": "Missing Access", "code": 50001})
    with LocalServer({f"/api/v10/channels/{CHANNEL}": Reply(status, body)}) as server:
        with fetch_context(tmp_path) as ctx, pytest.raises(FetchError) as caught:
            api_source(server).fetch(ctx)
    assert words in str(caught.value) and TOKEN not in str(caught.value)


def test_server_errors_are_retried_then_reported(tmp_path: Path) -> None:
    with LocalServer({f"/api/v10/channels/{CHANNEL}": Reply(503)}) as server:
        with fetch_context(tmp_path) as ctx, pytest.raises(FetchError, match="server error 503"):
            api_source(server).fetch(ctx)
        assert server.hits(f"/api/v10/channels/{CHANNEL}") == 3


def test_no_messages_in_a_busy_channel_means_a_missing_permission(tmp_path: Path) -> None:
    fake = FakeDiscord([message(SINCE + timedelta(hours=1), "hidden")])
    routes = fake.routes()
    routes[f"/api/v10/channels/{CHANNEL}/messages"] = Reply(200, "[]")
    with LocalServer(routes) as server, fetch_context(tmp_path) as ctx:
        with pytest.raises(FetchError, match="Read Message History"):
            api_source(server).fetch(ctx)


def test_every_message_without_text_means_the_content_intent_is_off(tmp_path: Path) -> None:
    fake = FakeDiscord([message(SINCE + timedelta(hours=k), "") for k in range(1, 4)])
    with LocalServer(fake.routes()) as server, fetch_context(tmp_path) as ctx:
        with pytest.raises(FetchError, match="Message Content intent"):
            api_source(server).fetch(ctx)


def test_a_quiet_day_is_empty_not_an_error(tmp_path: Path) -> None:
    fake = FakeDiscord([message(SINCE - timedelta(days=2), "old news")])
    with LocalServer(fake.routes()) as server, fetch_context(tmp_path) as ctx:
        assert api_source(server).fetch(ctx) == []


def test_malformed_json_is_reported(tmp_path: Path) -> None:
    routes = FakeDiscord([]).routes()
    routes[f"/api/v10/channels/{CHANNEL}/messages"] = Reply(200, '[{"id": "1", "content": ')
    with LocalServer(routes) as server, fetch_context(tmp_path) as ctx:
        with pytest.raises(FetchError, match="malformed JSON"):
            api_source(server).fetch(ctx)


def test_a_missing_token_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISCORD_BOT_TOKEN")
    with LocalServer({}) as server, fetch_context(tmp_path) as ctx:
        with pytest.raises(FetchError, match="DISCORD_BOT_TOKEN is not set"):
            api_source(server).fetch(ctx)
        assert server.requests == []


def export(messages: list[dict[str, Any]]) -> bytes:
    return json.dumps(
        {
            "guild": {"id": GUILD, "name": "AI Builders"},
            "channel": {"id": CHANNEL, "type": "GuildTextChat", "name": "ai-news"},
            "dateRange": {"after": None, "before": None},
            "messages": messages,
            "messageCount": len(messages),
        },
        ensure_ascii=False,
    ).encode()


def exported(when: datetime, content: str, **extra: Any) -> dict[str, Any]:
    """A message as DiscordChatExporter writes it: local time with its offset."""
    kst = timezone(timedelta(hours=9))
    return {
        "id": str(time_snowflake(when) + 3),
        "type": "Default",
        "timestamp": when.astimezone(kst).isoformat(timespec="milliseconds"),
        "timestampEdited": None,
        "isPinned": False,
        "content": content,
        "author": {"id": "42", "name": "minsu", "discriminator": "0000", "nickname": "민수",
                   "isBot": False},
        "attachments": [],
        "embeds": [],
        "reactions": [],
        "mentions": [],
        **extra,
    }  # fmt: skip


def read_export(tmp_path: Path, body: bytes) -> tuple[list[Item], list[Item]]:
    """The export's items in the window, and those the source read outside it."""
    (tmp_path / "export.json").write_bytes(body)
    with fetch_context(tmp_path) as ctx:
        items = DiscordSource(type="discord", name="dc", file="export.json").fetch(ctx)
        return items, ctx.outside


def test_export_reads_local_offsets_duplicates_missing_keys_and_mojibake(tmp_path: Path) -> None:
    t = SINCE + timedelta(hours=2)
    first = exported(t, mojibake("DeepSeek-V2 논문 – “MLA”"), reactions=[{"count": 3}])
    reply = exported(t + timedelta(minutes=30), "좋네요", reference={"messageId": first["id"]})
    bare = exported(t + timedelta(hours=1), "author 없는 메시지")
    del bare["author"], bare["reactions"], bare["timestampEdited"]
    edge = exported(UNTIL, "다음 날 자정")  # 2024-05-04 00:00 KST: the next post's
    items, outside = read_export(tmp_path, export([first, reply, dict(first), bare, edge]))
    assert [i.text for i in items] == ["DeepSeek-V2 논문 – “MLA”", "좋네요", "author 없는 메시지"]
    assert [(i.text, i.published) for i in outside] == [("다음 날 자정", UNTIL)]
    assert items[0].published == t and items[0].author == "민수"
    assert items[0].engagement == {"reactions": 3}
    assert items[1].reply_to == f"dc:{first['id']}"
    assert items[2].author == ""


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"<html>not json</html>", "not valid JSON"),
        (b'{"guild": {}, "channel": {}, "messages": []}', "lacks guild.id"),
        (b'{"messages": 3}', "no messages list"),
    ],
)
def test_broken_exports_are_reported(body: bytes, words: str) -> None:
    with pytest.raises(FetchError, match=words):
        parse_export(body, source="dc")


def test_the_sample_export_reads_offline(tmp_path: Path) -> None:
    body = (SAMPLE / "social" / "discord-export.json").read_bytes()
    items, _ = read_export(tmp_path, body)
    assert len(items) >= 25
    assert len({i.id for i in items}) == len(items)
    assert sum(1 for i in items if i.reply_to) >= 10
    assert not any("ì" in i.text or "â€" in i.text for i in items)


def test_config_needs_exactly_one_way_in() -> None:
    with pytest.raises(ValueError, match="either channel_id"):
        DiscordSource(type="discord", name="dc")
    with pytest.raises(ValueError, match="pattern"):
        DiscordSource(type="discord", name="dc", channel_id="general")
