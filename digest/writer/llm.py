"""The LLM writer: one call per story (map, concurrent and cached), then one composing call.

Items go to the model as JSON with short ids and no URLs; the model cites ids; only ids that
exist survive, and the links come from the archive, never from the model's text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from digest.config import LLMConfig, OutputConfig
from digest.llm import LLMInvalidAnswer, StructuredLLM, estimate_tokens
from digest.models import Digest, Item, Story
from digest.quality import Checker, Glossary, feedback
from digest.textclean import truncate
from digest.writer.citations import cite_copies, diverse, with_links
from digest.writer.compose import (
    assemble_from_notes,
    digest_from_plan,
    empty_digest,
    plan_problems,
)
from digest.writer.edits import Editor, WriteStats, clean_prose
from digest.writer.notes import MAX_FACTS, check_notes, note_problems
from digest.writer.prompts import data_block, prompt_env
from digest.writer.schemas import NotedStory, PostPlan, StoryNotes

A = TypeVar("A", bound=BaseModel)


class LLMWriter:
    """Map (one call per story, concurrent and cached) then reduce (one composing call).

    Every answer is checked (``quality.Checker``) before anything is kept: an answer with
    problems is asked again once with the problems listed; what still fails is dropped and
    counted.
    """

    def __init__(
        self,
        llm: StructuredLLM,
        cfg: LLMConfig,
        output: OutputConfig,
        template_dirs: Sequence[Path] = (),
        glossary: Glossary | None = None,
    ) -> None:
        self.llm = llm
        self.cfg = cfg
        self.output = output
        self.env = prompt_env(template_dirs)
        self.glossary = glossary or Glossary.load()

    def write(
        self, stories: Sequence[Story], date: str, earlier: Sequence[str] = ()
    ) -> tuple[Digest, WriteStats]:
        """Write the day's digest from ranked stories.

        Args:
            stories: the day's stories, best first.
            date: the post's date.
            earlier: sentences of earlier posts, which the post must not copy.
        """
        stats = WriteStats(stories_in=len(stories))
        chosen = list(stories[: self.output.max_stories])
        items = {item.key: item for story in chosen for item in story.all_items()}
        checker = Checker(items, self.glossary, earlier)
        edit = Editor(checker, stats)
        pool = ThreadPoolExecutor(max_workers=self.cfg.concurrency)
        try:
            results = list(pool.map(lambda s: self._notes_for(s, checker), chosen))
        except BaseException:
            # An outage or the budget: stop asking; finished answers are in the cache.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown()
        noted: list[NotedStory] = []
        for result in results:
            if result is None:
                stats.stories_failed += 1
                continue
            answer, reasked = result
            stats.quality_reasks += reasked
            checked = check_notes(answer, edit)
            if checked.notes.facts:
                noted.append(checked)
        stats.stories_written = len(noted)
        if len(noted) < self.output.min_stories:
            stats.notes.append(
                f"{len(noted)} stories could be written, fewer than output.min_stories "
                f"({self.output.min_stories})"
            )
            return empty_digest(date), stats
        try:
            plan = self._compose(noted, checker, stats)
            digest = digest_from_plan(plan, noted, date, edit)
        except LLMInvalidAnswer:
            stats.compose_fallback = True
            digest = assemble_from_notes(noted, date, self.output.preview_stories)
        if not digest.preview and not digest.overview:
            stats.compose_fallback = True
            digest = assemble_from_notes(noted, date, self.output.preview_stories)
        return with_links(cite_copies(digest, chosen), items), stats

    def _ask(
        self,
        model: str,
        system: str,
        data: str,
        schema: type[A],
        problems_of: Callable[[A], list[str]],
        stage: str,
    ) -> tuple[A, int]:
        """An answer, asked again once with its problems listed; and 1 if it was asked again.

        An unusable answer to the re-ask keeps the first answer.
        """
        answer = self.llm.ask(model=model, system=system, user=data, schema=schema, stage=stage)
        problems = problems_of(answer)
        if not problems or not self.cfg.quality_reask:
            return answer, 0
        try:
            again = self.llm.ask(
                model=model,
                system=system,
                user=data + feedback(answer, problems),
                schema=schema,
                stage=stage,
            )
        except LLMInvalidAnswer:
            return answer, 1
        return again, 1

    # map -------------------------------------------------------------------
    def _payload(self, story: Story) -> tuple[list[dict[str, Any]], dict[str, str]]:
        """The story's items for the model, one per kind of source first, within the budget."""
        offered = diverse(story, self.cfg.max_items_per_story)
        entries = (
            {
                "id": f"i{n}",
                "source": item.source,
                "author": item.author,
                "published": item.published.isoformat(),
                "title": clean_prose(item.title),
                "text": truncate(clean_prose(item.text), self.cfg.item_chars),
                **({"engagement": item.engagement} if item.engagement else {}),
                **_also_on(item, story),
            }
            for n, item in enumerate(offered, start=1)
        )
        payload_items = _within(entries, self.cfg.story_input_tokens)
        ids = {entry["id"]: item.key for entry, item in zip(payload_items, offered, strict=False)}
        return payload_items, ids

    def _story_request(self, story: Story) -> tuple[str, str, dict[str, str]] | None:
        """The system and user messages of a story call, and its ids; None if nothing to cite."""
        payload_items, ids = self._payload(story)
        if not payload_items:
            return None  # no item with a permalink: nothing could be cited
        payload: dict[str, Any] = {"items": payload_items}
        if story.novelty == "follow-up" and story.seen:
            payload["follow_up"] = {"covered_on": story.seen, **_earlier(story)}
        if story.late_for:
            payload["late_for"] = story.late_for
        marker, data = data_block(payload)
        system = self.env.get_template("story_system.md.j2").render(
            marker=marker, max_facts=MAX_FACTS
        )
        return system, data, ids

    def story_requests(self, stories: Sequence[Story]) -> list[tuple[str, str, str]]:
        """(model, system, user) of every story call ``write`` would make first, in order.

        For the Batch API: answers stored in the cache under the same request are what
        ``write`` then finds instead of calling.
        """
        out = []
        for story in stories[: self.output.max_stories]:
            request = self._story_request(story)
            if request is not None:
                out.append((self.cfg.model, request[0], request[1]))
        return out

    def _notes_for(self, story: Story, checker: Checker) -> tuple[NotedStory, int] | None:
        """The model's notes on a story (not yet checked), and 1 if they were asked again."""
        request = self._story_request(story)
        if request is None:
            return None
        system, data, ids = request
        try:
            answer, reasked = self._ask(
                self.cfg.model,
                system,
                data,
                StoryNotes,
                lambda notes: note_problems(notes, ids, checker),
                stage="story",
            )
        except LLMInvalidAnswer:
            return None
        return NotedStory(story, answer, ids), reasked

    # reduce ----------------------------------------------------------------
    def _compose(
        self, noted: Sequence[NotedStory], checker: Checker, stats: WriteStats
    ) -> PostPlan:
        """The composing call's answer on the checked notes, within the input budget."""
        entries = (_compose_entry(rank, n) for rank, n in enumerate(noted, start=1))
        stories = _within(entries, self.cfg.compose_input_tokens)
        if len(stories) < len(noted):
            stats.notes.append(
                f"compose_input_tokens reached: {len(noted) - len(stories)} lower-ranked "
                "stories were left out of the composing call"
            )
        marker, data = data_block({"stories": stories})
        system = self.env.get_template("compose_system.md.j2").render(
            marker=marker,
            preview_stories=min(self.output.preview_stories, len(stories)),
            preview_sections=max(1, min(4, self.output.preview_stories)),
        )
        plan, reasked = self._ask(
            self.cfg.compose_model or self.cfg.model,
            system,
            data,
            PostPlan,
            lambda answer: plan_problems(answer, noted, checker),
            stage="compose",
        )
        stats.quality_reasks += reasked
        return plan


def _within(entries: Iterable[dict[str, Any]], budget: int) -> list[dict[str, Any]]:
    """The leading entries whose estimated tokens fit in ``budget`` (the first always)."""
    kept: list[dict[str, Any]] = []
    spent = 0
    for entry in entries:
        cost = estimate_tokens(json.dumps(entry, ensure_ascii=False))
        if kept and spent + cost > budget:
            break
        spent += cost
        kept.append(entry)
    return kept


def _earlier(story: Story) -> dict[str, Any]:
    """What the earlier post said about a follow-up, and what the novelty check found new."""
    earlier = story.earlier
    if earlier is None:
        return {}
    said = {"earlier_headline": earlier.headline, "earlier_sentences": list(earlier.sentences)}
    return {**{k: v for k, v in said.items() if v}, "new_facts": list(earlier.new)}


def _also_on(item: Item, story: Story) -> dict[str, list[str]]:
    """The other sources that carried a copy of ``item``, for the model to weigh."""
    others = sorted({c.source for c in story.copies.get(item.key, ()) if c.source != item.source})
    return {"also_posted_on": others} if others else {}


def _compose_entry(rank: int, noted: NotedStory) -> dict[str, Any]:
    """A story's checked notes for the composing call, citing ``S{rank}i{n}`` ids."""
    sid = f"S{rank}"
    story, notes = noted.story, noted.notes
    short = {key: local for local, key in noted.ids.items()}
    return {
        "id": sid,
        "rank": rank,
        "sources": len(story.sources()),
        **({"follow_up_of": story.seen} if story.novelty == "follow-up" else {}),
        **({"late_for": story.late_for} if story.late_for else {}),
        "headline": notes.headline,
        "category": notes.category,
        "summary": notes.summary,
        "facts": [
            {"text": f.text, "cites": [f"{sid}{short[c]}" for c in f.cites]} for f in notes.facts
        ],
    }
