"""The registry of source types, keyed by the ``type`` field in ``sources.yaml``.

Adding a source type is one module with a ``SourceBase`` subclass and one line below.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from digest.sources.base import FetchContext, SourceBase
from digest.sources.discord import DiscordSource
from digest.sources.hackernews import HackerNewsSource
from digest.sources.reddit import RedditSource
from digest.sources.rss import RssSource
from digest.sources.telegram import TelegramSource
from digest.sources.x import XSource

SOURCE_TYPES: tuple[type[SourceBase], ...] = (
    RssSource,
    XSource,
    DiscordSource,
    TelegramSource,
    RedditSource,
    HackerNewsSource,
)

SourceConfig = Annotated[
    RssSource | XSource | DiscordSource | TelegramSource | RedditSource | HackerNewsSource,
    Field(discriminator="type"),
]

__all__ = ["SOURCE_TYPES", "FetchContext", "SourceBase", "SourceConfig"]
