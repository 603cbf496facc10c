"""The registry of source types, keyed by the ``type`` field in ``sources.yaml``.

Adding a source type is one module with a ``SourceBase`` subclass (its ``type`` a one-value
``Literal``; it implements ``document``/``parse`` or ``read_service``) and one line in
``REGISTRY`` below; the config's union of source types is built from it.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from functools import reduce
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args, get_origin

from pydantic import Field

from digest.sources import discord, hackernews, reddit, rss, telegram, x
from digest.sources.base import FetchContext, SourceBase


def registry(*types: type[SourceBase]) -> dict[str, type[SourceBase]]:
    """The types keyed by their ``type`` literal (so key and class cannot disagree)."""
    out: dict[str, type[SourceBase]] = {}
    for kind in types:
        annotation = kind.model_fields["type"].annotation
        names = get_args(annotation) if get_origin(annotation) is Literal else ()
        if len(names) != 1 or not isinstance(names[0], str) or names[0] in out:
            raise TypeError(f"{kind.__name__}.type must be a Literal of one new name")
        out[names[0]] = kind
    return out


REGISTRY: dict[str, type[SourceBase]] = registry(
    rss.RssSource,
    x.XSource,
    discord.DiscordSource,
    telegram.TelegramSource,
    reddit.RedditSource,
    hackernews.HackerNewsSource,
)


def union_of(types: Mapping[str, type[SourceBase]]) -> Any:
    """The pydantic type of one ``sources:`` entry: the registered types, told by ``type``."""
    return Annotated[reduce(operator.or_, types.values()), Field(discriminator="type")]


if TYPE_CHECKING:
    SourceConfig = SourceBase
else:
    SourceConfig = union_of(REGISTRY)
"""One entry of ``sources:``: whichever registered type its ``type`` names."""

__all__ = ["REGISTRY", "FetchContext", "SourceBase", "SourceConfig", "registry", "union_of"]
