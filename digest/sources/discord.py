"""Discord channels: the bot API, or a DiscordChatExporter JSON export.

The API is read with a **bot** token (never a user token: automating a user account breaks
Discord's terms). ``GET /channels/{id}/messages?limit=100&after=<snowflake>`` is paged from the
window's start; each page holds the 100 messages after ``after``, newest first. A 429 carries
``retry_after`` (seconds) in its body and a ``Retry-After`` header: both are honoured.

Busy channels are hundreds of short messages. Replies point at their parent (``reply_to``), and
a message sent by the same author within ``burst_minutes`` of their previous one continues it,
so the story engine keeps a conversation together. Reactions count as engagement.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from pydantic import Field, model_validator

from digest.errors import FetchError
from digest.http import Response, redact_url
from digest.models import Item, Window
from digest.retry import Api
from digest.sources.api import arr, iso_time, obj, parse_json, plain_links
from digest.sources.base import (
    ENV_NAME_PATTERN,
    Body,
    FetchContext,
    SourceBase,
    secret_from_env,
)
from digest.textclean import detect_language, repair_text
from digest.urls import clean_url

DISCORD_EPOCH_MS = 1_420_070_400_000
_SNOWFLAKE = r"^\d{15,21}$"


def snowflake_time(snowflake: int) -> datetime:
    """When a Discord id was made: ``(id >> 22) + 1420070400000`` ms since the Unix epoch."""
    return datetime.fromtimestamp(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000, UTC)


def time_snowflake(moment: datetime) -> int:
    """The smallest id made at ``moment`` (so ``after=`` it starts just before ``moment``)."""
    return max(int(moment.timestamp() * 1000) - DISCORD_EPOCH_MS, 0) << 22


class DiscordSource(SourceBase):
    """A Discord channel, through the bot API or from an export file.

    Attributes:
        channel_id: the channel's id (API mode).
        guild_id: the server's id, for message links (read from the channel when not given).
        token_env: the environment variable holding the bot token.
        base_url: the API root.
        file: a DiscordChatExporter JSON export to read instead of the API.
        burst_minutes: a message this soon after the same author's previous one continues it.
        max_pages: pages of 100 messages read at most per run.
    """

    type: Literal["discord"]
    channel_id: str | None = Field(default=None, pattern=_SNOWFLAKE)
    guild_id: str | None = Field(default=None, pattern=_SNOWFLAKE)
    token_env: str = Field(default="DISCORD_BOT_TOKEN", pattern=ENV_NAME_PATTERN)
    base_url: str = "https://discord.com/api/v10"
    file: str | None = None
    burst_minutes: float = Field(default=5.0, ge=0, le=120)
    max_pages: int = Field(default=50, ge=1, le=1000)

    @model_validator(mode="after")
    def _one_way_in(self) -> DiscordSource:
        if bool(self.channel_id) == bool(self.file):
            raise ValueError("give either channel_id (the bot API) or file (an export), not both")
        return self

    def document(self) -> str | None:
        """The export file, if one is given."""
        return self.file

    def parse(self, body: Body, ctx: FetchContext) -> list[Item]:
        """The window's messages in the export, oldest first."""
        return parse_export(body.content, source=self.name, window=ctx.window, burst=self._burst())

    def _burst(self) -> timedelta:
        return timedelta(minutes=self.burst_minutes)

    def read_service(self, ctx: FetchContext) -> list[Item]:
        """The window's messages from the bot API, oldest first."""
        token = secret_from_env(self.token_env, "the Discord bot token")
        headers = {"Authorization": f"Bot {token}"}
        root = self.base_url.rstrip("/")
        answer = self._get(ctx, f"{root}/channels/{self.channel_id}", headers)
        channel = parse_json(answer, "Discord")
        if not isinstance(channel, dict):
            raise FetchError("Discord sent an unexpected channel object", "check channel_id")
        guild = self.guild_id or str(channel.get("guild_id") or "")
        if not guild:
            raise FetchError(
                f"channel {self.channel_id} is not in a server (a DM?)",
                "digest reads server channels; set guild_id if this is wrong",
            )
        after = time_snowflake(ctx.window.since) - 1
        raw: dict[str, dict[str, Any]] = {}
        for page in range(self.max_pages):
            url = f"{root}/channels/{self.channel_id}/messages?limit=100&after={after}"
            batch = parse_json(self._get(ctx, url, headers), "Discord")
            if not isinstance(batch, list):
                raise FetchError(
                    f"Discord sent an unexpected answer for {redact_url(url)}",
                    "check base_url; it should end in /api/v10",
                )
            for message in batch:
                if isinstance(message, dict) and str(message.get("id", "")).isdigit():
                    raw.setdefault(str(message["id"]), message)
            ids = [int(i) for i in raw if int(i) > after]
            if len(batch) < 100 or not ids or snowflake_time(max(ids)) >= ctx.window.until:
                break
            after = max(ids)
            if page == self.max_pages - 1:
                ctx.notes.append(f"stopped after {self.max_pages} pages; raise max_pages")
        last = str(channel.get("last_message_id") or "")
        if not raw and last.isdigit() and snowflake_time(int(last)) >= ctx.window.since:
            raise FetchError(
                f"Discord returned no messages for channel {self.channel_id}, which has "
                "messages in the window",
                "give the bot the Read Message History permission in this channel",
            )
        messages = [_api_message(m) for m in raw.values()]
        items = to_items(
            messages, source=self.name, guild=guild, channel=str(self.channel_id),
            window=ctx.window, burst=self._burst(),
        )  # fmt: skip
        if messages and not any(m.content or m.embeds for m in messages):
            raise FetchError(
                f"every message in channel {self.channel_id} came without its text",
                "turn on the Message Content intent for the bot "
                "(Developer Portal → Bot → Privileged Gateway Intents)",
            )
        return items

    def _get(self, ctx: FetchContext, url: str, headers: Mapping[str, str]) -> Response:
        return ctx.get(url, headers=headers, rules=_RULES)

    def secrets(self) -> list[str]:
        """The bot token's variable, for the API."""
        return [self.token_env] if self.channel_id else []

    def probe(self, ctx: FetchContext) -> str:
        """API: read the channel object (name and server), no messages."""
        if not self.channel_id:
            return super().probe(ctx)
        token = secret_from_env(self.token_env, "the Discord bot token")
        root = self.base_url.rstrip("/")
        answer = self._get(
            ctx, f"{root}/channels/{self.channel_id}", {"Authorization": f"Bot {token}"}
        )
        channel = obj(parse_json(answer, "Discord"))
        return f"#{channel.get('name', '?')} in server {channel.get('guild_id', '?')}"

    def describe(self) -> str:
        """The channel id or the export file; never the token."""
        where = f"channel {self.channel_id}" if self.channel_id else redact_url(self.file or "")
        return f"discord {where}"


def _retry_after(response: Response) -> float | None:
    """Discord's wait: ``retry_after`` in the JSON body (the policy falls back to the header)."""
    try:
        body = json.loads(response.content)
        value = body.get("retry_after") if isinstance(body, dict) else None
        if isinstance(value, (int, float)) and value >= 0:
            return float(value)
    except (ValueError, UnicodeDecodeError):
        pass
    return None


_RULES = Api(
    name="Discord",
    rate_wait=_retry_after,
    token="bot token",
    refusals={
        403: (
            "the bot cannot read this channel",
            "give the bot the View Channel and Read Message History permissions there",
        ),
        404: ("unknown channel", "check channel_id (Developer Mode → Copy Channel ID)"),
    },
)


@dataclass(frozen=True)
class _Message:
    """A message as ``to_items`` reads it, from the API or from an export."""

    id: str
    time: datetime
    author_id: str
    author: str
    content: str
    embeds: list[dict[str, str]]
    reactions: int
    reply_to: str | None


def _message(
    m: Mapping[str, Any], *, names: tuple[str, str], reference: tuple[str, str]
) -> _Message:
    """One message; ``names`` are the author's display-name keys, best first, and
    ``reference`` the key of the replied-to object and its id key (API and export differ)."""
    author = obj(m.get("author"))
    replied = obj(m.get(reference[0]))
    return _Message(
        id=str(m.get("id")),
        time=iso_time(m.get("timestamp")) or snowflake_time(int(str(m.get("id")))),
        author_id=str(author.get("id", "")),
        author=str(author.get(names[0]) or author.get(names[1]) or ""),
        content=str(m.get("content") or ""),
        embeds=_embeds(m.get("embeds")),
        reactions=sum(_count(r) for r in arr(m.get("reactions"))),
        reply_to=str(replied.get(reference[1]) or "") or None,
    )


def _api_message(m: Mapping[str, Any]) -> _Message:
    """An API message (``message_reference.message_id``, ``global_name``)."""
    return _message(
        m, names=("global_name", "username"), reference=("message_reference", "message_id")
    )


def parse_export(
    body: bytes, *, source: str, window: Window, burst: timedelta = timedelta(minutes=5)
) -> list[Item]:
    """The window's messages from a DiscordChatExporter JSON export (``--format Json``)."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(
            f"the Discord export is not valid JSON ({' '.join(str(exc).split())[:100]})",
            "export again with DiscordChatExporter --format Json",
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        raise FetchError(
            "the Discord export has no messages list",
            "use a DiscordChatExporter JSON export (--format Json), not HTML or CSV",
        )
    guild = obj(data.get("guild"))
    channel = obj(data.get("channel"))
    guild_id, channel_id = str(guild.get("id", "")), str(channel.get("id", ""))
    if not (guild_id.isdigit() and channel_id.isdigit()):
        raise FetchError(
            "the Discord export lacks guild.id or channel.id, so messages cannot be linked",
            "export the channel again with DiscordChatExporter (JSON)",
        )
    messages = [
        _message(m, names=("nickname", "name"), reference=("reference", "messageId"))
        for m in data["messages"]
        if isinstance(m, dict) and str(m.get("id", "")).isdigit()
    ]
    return to_items(
        messages, source=source, guild=guild_id, channel=channel_id, window=window, burst=burst
    )


def to_items(
    messages: Iterable[_Message],
    *,
    source: str,
    guild: str,
    channel: str,
    window: Window,
    burst: timedelta,
) -> list[Item]:
    """Items for the window's messages with words, oldest first; duplicate ids count once."""
    seen: dict[str, _Message] = {}
    for m in messages:
        seen.setdefault(m.id, m)
    ordered = sorted(seen.values(), key=lambda m: int(m.id))
    items: list[Item] = []
    previous: dict[str, _Message] = {}  # author → their last message with words
    for m in ordered:
        text = repair_text(m.content).strip()
        embed_text, embed_links = _embed_parts(m.embeds)
        full = "\n\n".join(part for part in (text, embed_text) if part)
        if not full or m.time not in window:
            continue
        reply_to = m.reply_to if m.reply_to in seen else None
        before = previous.get(m.author_id)
        if (
            reply_to is None
            and before is not None
            and before.time
            and m.time - before.time <= burst
        ):
            reply_to = before.id  # the same person, still talking: one thread
        previous[m.author_id] = m
        links = plain_links(text)
        links.extend(u for u in embed_links if u not in links)
        items.append(
            Item(
                source=source,
                id=m.id,
                url=f"https://discord.com/channels/{guild}/{channel}/{m.id}",
                author=repair_text(m.author).strip(),
                text=full,
                published=m.time,
                links=tuple(links),
                language=detect_language(full),
                engagement={"reactions": m.reactions} if m.reactions else {},
                kind="discord",
                reply_to=f"{source}:{reply_to}" if reply_to else None,
            )
        )
    return items


def _count(reaction: Any) -> int:
    count = reaction.get("count") if isinstance(reaction, dict) else None
    return count if isinstance(count, int) and count > 0 else 0


def _embeds(value: Any) -> list[dict[str, str]]:
    out = []
    for embed in value if isinstance(value, list) else []:
        if isinstance(embed, dict):
            out.append({k: str(embed.get(k) or "") for k in ("title", "description", "url")})
    return out


def _embed_parts(embeds: list[dict[str, str]]) -> tuple[str, list[str]]:
    """Link-preview text (title, description) and URLs of a message's embeds."""
    texts, links = [], []
    for embed in embeds:
        words = " — ".join(
            repair_text(embed[k]).strip() for k in ("title", "description") if embed[k].strip()
        )
        if words:
            texts.append(words)
        url = clean_url(embed["url"]) if embed["url"] else None
        if url:
            links.append(url)
    return "\n".join(texts), links
