"""Stories → a ``Digest``: with an LLM (map per story, then compose) or extractively.

The modules, in the order a post passes through them:

- ``llm``: ``LLMWriter``. Each story's items go to the model as compact data (``requests``,
  delimited by ``prompts``) with short ids, an item that speaks to the model flagged; small
  stories go several to a call and their answer is split per story. Each answer
  (``StoryNotes``) is checked by ``notes`` and travels on as a ``NotedStory`` (story, checked
  notes, ids). A story whose call fails is left out (``StoryFailure``) and asked for again
  next run. The composing call turns the notes into a ``PostPlan``; ``compose`` checks it and
  makes the ``Digest`` (or assembles one from the notes when the call fails); with
  ``writer.candidates`` above 1 it is made N times and ``best`` keeps the best-scored post.
  ``marks`` labels follow-ups and late stories whatever the model wrote.
- ``extractive``: ``write_extractive``, a post from the stories' own text, with no model.
- ``schemas``: what the model answers in, and ``NotedStory``.
- ``edits``: ``clean_prose``, the ``Editor`` that cleans, screens (nothing about the
  newsletter, its sponsors or readers; no foreign domains), checks and repairs every field the
  model writes, and ``WriteStats``, the counts both writers report.
- ``citations``: which items a story offers, composing-call ids to archive keys, copies cited
  beside what they copy, and the links (from the archive, never from the model's text).
- ``prompts``: the prompt templates (a user's folder first, then ``digest/prompts``).

The sentence checks themselves (``Checker``, ``Verdict``, the re-ask ``feedback``) are in
``digest.quality``, shared with ``digest eval``.

The names below are loaded on first use, so that importing the package (or the extractive
writer) does not import the LLM client.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from digest.writer.edits import WriteStats
    from digest.writer.extractive import write_extractive
    from digest.writer.llm import LLMWriter
    from digest.writer.schemas import StoryNotes

__all__ = ["LLMWriter", "StoryNotes", "WriteStats", "write_extractive"]

_HOMES = {
    "LLMWriter": "digest.writer.llm",
    "StoryNotes": "digest.writer.schemas",
    "WriteStats": "digest.writer.edits",
    "write_extractive": "digest.writer.extractive",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(home), name)
