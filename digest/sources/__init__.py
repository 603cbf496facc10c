"""The registry of source types, keyed by the ``type`` field in ``sources.yaml``.

Adding a source type is one module with a ``SourceBase`` subclass and one line below.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from digest.sources.base import FetchContext, SourceBase
from digest.sources.rss import RssSource

SOURCE_TYPES: tuple[type[SourceBase], ...] = (RssSource,)

# A discriminated union on ``type``; with one member pydantic still checks the tag.
SourceConfig = Annotated[RssSource, Field(discriminator="type")]

__all__ = ["SOURCE_TYPES", "FetchContext", "SourceBase", "SourceConfig"]
