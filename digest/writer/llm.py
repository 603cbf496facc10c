"""The LLM writer: one call per story (map, concurrent and cached), then one composing call.

Items go to the model as JSON with short ids and no URLs or bare domains; an item that speaks
to the model (``quality.addresses_model``) goes as quoted data flagged ``"addresses the
model"``. The model cites ids; only ids that exist survive, and the links come from the
archive, never from the model's text.

A story whose call fails after its retries while others succeed is asked once more at the
end, one call at a time. A story still failing (or whose answers stay unusable) is left out
and named in ``WriteStats.notes``; it is not cached, so the next run asks only for it. When
every story call fails (or too many for ``output.min_stories``), ``write`` raises: the model
or the server is broken, and the error says which model and what came back.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from digest.config import LLMConfig, OutputConfig
from digest.errors import LLMError
from digest.llm import LLMCallFailed, LLMInvalidAnswer, StructuredLLM, estimate_tokens
from digest.models import Digest, Item, Story
from digest.quality import Checker, Glossary, addresses_model, feedback
from digest.textclean import truncate
from digest.writer.citations import cite_copies, diverse, with_links
from digest.writer.compose import (
    assemble_from_notes,
    digest_from_plan,
    empty_digest,
    plan_problems,
)
from digest.writer.edits import Editor, WriteStats, clean_prose
from digest.writer.marks import mark_stories
from digest.writer.notes import MAX_FACTS, check_notes, note_problems
from digest.writer.prompts import data_block, prompt_env
from digest.writer.schemas import NotedStory, PostPlan, StoryNotes

A = TypeVar("A", bound=BaseModel)
FLAG = "addresses the model"
"""The flag an item carries in the data when its text speaks to the model."""


@dataclass(frozen=True)
class _StoryRequest:
    """A story call: its system and user messages, the ids its items were sent under, and
    how many of them are flagged as addressing the model."""

    system: str
    data: str
    ids: dict[str, str]
    flagged: int


@dataclass(frozen=True)
class StoryFailure:
    """A story call that failed: the story, its rank, and why.

    Attributes:
        story: the story left out.
        rank: its place among the day's stories (1 is the first).
        error: the failure (``LLMInvalidAnswer`` or ``LLMCallFailed``).
    """

    story: Story
    rank: int
    error: LLMError

    @property
    def why(self) -> str:
        """What came back, in a few words."""
        if isinstance(self.error, LLMInvalidAnswer):
            return f"no usable answer ({self.error.reason})"
        return self.error.message

    def note(self) -> str:
        """A line for the run report."""
        title = " ".join((self.story.lead.title or self.story.lead.text).split())[:60]
        return f"story {self.rank} ({self.story.id}: {title!r}) was left out: {self.why}"


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
        requests = [self._story_request(story) for story in chosen]
        stats.instructions_flagged += sum(r.flagged for r in requests if r is not None)
        pool = ThreadPoolExecutor(max_workers=self.cfg.concurrency)
        try:
            results = list(pool.map(lambda s, r: self._notes_for(s, r, checker), chosen, requests))
        except BaseException:
            # The key refused, the budget: stop asking; finished answers are in the cache.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown()
        again = [n for n, r in enumerate(results) if isinstance(r, LLMCallFailed)]
        if again and len(again) < sum(r is not None for r in requests):
            # The server answers other calls: ask for these once more, one at a time (a rate
            # limit is usually about calls at once).
            for n in again:
                results[n] = self._notes_for(chosen[n], requests[n], checker)
                if isinstance(results[n], LLMCallFailed):
                    break  # still failing: the others keep their failure
        noted: list[NotedStory] = []
        failures: list[StoryFailure] = []
        asked = 0
        for rank, (story, result) in enumerate(zip(chosen, results, strict=True), start=1):
            if result is None:
                stats.stories_uncitable += 1
                continue
            asked += 1
            if isinstance(result, LLMError):
                failures.append(StoryFailure(story, rank, result))
                continue
            answer, reasked = result
            stats.quality_reasks += reasked
            checked = check_notes(answer, edit)
            if checked.notes.facts:
                noted.append(checked)
        if failures and (len(failures) == asked or len(noted) < self.output.min_stories):
            raise _failed(failures, asked, self.cfg.model)  # the model, not the day, failed
        stats.stories_failed += len(failures)
        stats.notes += [failure.note() for failure in failures]
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
        return with_links(cite_copies(mark_stories(digest, chosen), chosen), items), stats

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
        """The story's items for the model, one per kind of source first, within the budget.

        Titles and texts are plain (``clean_prose``: no URLs, bare domains or markup); an item
        whose words speak to the model is flagged (``FLAG``), judged on its raw text.
        """
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
                **({"flag": FLAG} if addresses_model(f"{item.title}\n{item.text}") else {}),
            }
            for n, item in enumerate(offered, start=1)
        )
        payload_items = _within(entries, self.cfg.story_input_tokens)
        ids = {entry["id"]: item.key for entry, item in zip(payload_items, offered, strict=False)}
        return payload_items, ids

    def _story_request(self, story: Story) -> _StoryRequest | None:
        """The messages of a story call and its ids; None if nothing could be cited."""
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
        flagged = sum(1 for entry in payload_items if entry.get("flag") == FLAG)
        return _StoryRequest(system, data, ids, flagged)

    def story_requests(self, stories: Sequence[Story]) -> list[tuple[str, str, str]]:
        """(model, system, user) of every story call ``write`` would make first, in order.

        For the Batch API: answers stored in the cache under the same request are what
        ``write`` then finds instead of calling.
        """
        out = []
        for story in stories[: self.output.max_stories]:
            request = self._story_request(story)
            if request is not None:
                out.append((self.cfg.model, request.system, request.data))
        return out

    def _notes_for(
        self, story: Story, request: _StoryRequest | None, checker: Checker
    ) -> tuple[NotedStory, int] | LLMInvalidAnswer | LLMCallFailed | None:
        """The model's notes on a story (not yet checked) and 1 if they were asked again; the
        failure if the call failed; None if the story has nothing to cite."""
        if request is None:
            return None
        ids = request.ids
        try:
            answer, reasked = self._ask(
                self.cfg.model,
                request.system,
                request.data,
                StoryNotes,
                lambda notes: note_problems(notes, ids, checker),
                stage="story",
            )
        except (LLMInvalidAnswer, LLMCallFailed) as failure:
            return failure
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


def _failed(failures: Sequence[StoryFailure], asked: int, model: str) -> LLMError:
    """The error when too many story calls failed to write a post: from which model, and
    what came back."""
    count = f"{len(failures)} of {asked}"
    invalid = [f.error for f in failures if isinstance(f.error, LLMInvalidAnswer)]
    if len(invalid) == len(failures):
        reason, _ = Counter(e.reason for e in invalid).most_common(1)[0]
        return LLMInvalidAnswer(
            f"model {model} answered {count} story calls with no usable JSON (e.g. {reason})",
            reason=reason,
            model=model,
        )
    first = next(f.error for f in failures if not isinstance(f.error, LLMInvalidAnswer))
    return type(first)(f"{count} story calls to model {model} failed: {first.message}", first.hint)


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
