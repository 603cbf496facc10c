"""The LLM writer: notes on each story (map, concurrent and cached), then one composing call.

Items go to the model as compact JSON with short ids and no URLs or bare domains
(``requests``); an item that speaks to the model (``quality.addresses_model``) goes as quoted
data flagged ``"addresses the model"``. Stories not cached yet go several to a call, packed by
the size of their data (``requests.groups``); each story's answer is then checked, re-asked
alone if need be, and cached as if it had been asked alone. The model cites ids; only ids that
exist survive, and the links come from the archive, never from the model's text.

A story whose call fails after its retries while others succeed is asked once more at the
end, one call at a time. A story still failing (or whose answers stay unusable) is left out
and named in ``WriteStats.notes``; it is not cached, so the next run asks only for it. When
every story call fails (or too many for ``output.min_stories``), ``write`` raises: the model
or the server is broken, and the error says which model and what came back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from digest.config import EvalConfig, LLMConfig, OutputConfig
from digest.errors import BudgetExceeded, LLMError
from digest.llm import LLMCallFailed, LLMInvalidAnswer, StructuredLLM
from digest.models import Digest, Story
from digest.quality import Checker, Glossary, feedback
from digest.scores import post_metrics
from digest.writer.best import Candidate, choose
from digest.writer.citations import cite_copies, with_links
from digest.writer.compose import (
    apply_fixes,
    assemble_from_notes,
    digest_from_plan,
    empty_digest,
    plan_problems,
    repair_request,
)
from digest.writer.edits import Editor, WriteStats
from digest.writer.marks import mark_stories
from digest.writer.notes import check_notes, note_problems
from digest.writer.prompts import data_block, prompt_env
from digest.writer.requests import (
    FLAG,
    StoryRequest,
    batch_request,
    compose_entry,
    groups,
    split,
    story_request,
    within,
)
from digest.writer.schemas import NotedStory, PlanFixes, PostPlan, StoryBatch, StoryNotes

__all__ = ["FLAG", "LLMWriter", "StoryFailure"]

A = TypeVar("A", bound=BaseModel)
_MAX_BATCH_OUTPUT = 16_000  # output tokens a batch may ask for at most


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
        candidates: int = 1,
        bounds: EvalConfig | None = None,
    ) -> None:
        self.llm = llm
        self.cfg = cfg
        self.output = output
        self.env = prompt_env(template_dirs)
        self.glossary = glossary or Glossary.load()
        self.candidates = candidates  # best-of-N: composing calls, the best post kept
        self.bounds = bounds or EvalConfig()  # what a candidate is scored against

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
            batches = groups(requests, lambda n: not self._cached(requests[n]), self.cfg)
            calls = {pool.submit(self._ask_batch, group, requests): group for group in batches}
            # A story in no batch (asked alone, or cached) does not wait for the batches, and a
            # batch's stories are checked as soon as its answer is back.
            in_batch = {n for group in batches for n in group}
            notes = {
                n: pool.submit(self._notes_for, chosen[n], requests[n], checker)
                for n in range(len(chosen))
                if n not in in_batch
            }
            for batch in as_completed(calls):
                for n, first in zip(calls[batch], batch.result(), strict=True):
                    notes[n] = pool.submit(self._notes_for, chosen[n], requests[n], checker, first)
            results = [notes[n].result() for n in range(len(chosen))]
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

        def finish(digest: Digest) -> Digest:
            """The post marked (follow-ups, late stories), copies cited, links from the archive."""
            return with_links(cite_copies(mark_stories(digest, chosen), chosen), items)

        top = [s for s in chosen if s.novelty != "repeat"][: self.output.preview_stories]
        candidates = []
        for candidate in self._candidates(noted, checker, stats, date):
            if candidate.digest is not None:
                candidate.digest = finish(candidate.digest)
                if self.candidates > 1:  # the scores choose between candidates
                    candidate.metrics, _ = post_metrics(
                        candidate.digest, items, top, checker, self.bounds
                    )
            stats.quality_reasks += candidate.reasks
            candidates.append(candidate)
        best = choose(candidates)
        if self.candidates > 1:
            stats.candidates = [c.record(c is best) for c in candidates]
        if best is None or best.digest is None:
            stats.compose_fallback = True
            return finish(assemble_from_notes(noted, date, self.output.preview_stories)), stats
        stats.add(best.stats)
        return best.digest, stats

    def _candidates(
        self, noted: Sequence[NotedStory], checker: Checker, stats: WriteStats, date: str
    ) -> list[Candidate]:
        """The candidate posts, in their order: the first asked alone (a composing call that
        fails stops the run before the others are asked), the others at once, at most
        ``llm.concurrency`` at a time. Each is the same request but for its seed, so which
        answers when changes nothing."""
        first = self._candidate(1, noted, checker, stats, date)
        if self.candidates < 2:
            return [first]
        pool = ThreadPoolExecutor(max_workers=min(self.cfg.concurrency, self.candidates - 1))
        try:
            others = list(
                pool.map(
                    lambda n: self._candidate(n, noted, checker, stats, date),
                    range(2, self.candidates + 1),
                )
            )
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown()
        return [first, *others]

    def _candidate(
        self,
        number: int,
        noted: Sequence[NotedStory],
        checker: Checker,
        stats: WriteStats,
        date: str,
    ) -> Candidate:
        """Candidate post ``number`` (1 is asked as with one candidate), its checks counted
        apart; without a post when the composing call fails (after the first, a failed call
        is only noted) or leaves nothing."""
        candidate = Candidate(number)
        try:
            plan, candidate.reasks = self._compose(noted, checker, stats, number - 1)
        except LLMInvalidAnswer as failure:
            candidate.error = failure.reason
            return candidate
        except (LLMCallFailed, BudgetExceeded) as failure:
            if number == 1:
                raise
            candidate.error = failure.message
            return candidate
        digest = digest_from_plan(plan, noted, date, Editor(checker, candidate.stats))
        if digest.preview or digest.overview:
            candidate.digest = digest
        else:
            candidate.error = "nothing in the composed post passed the checks"
        return candidate

    def _ask(
        self,
        model: str,
        system: str,
        data: str,
        schema: type[A],
        problems_of: Callable[[A], list[str]],
        stage: str,
        first: A | None = None,
    ) -> tuple[A, int]:
        """An answer (``first`` if one came already, from a batch), asked again once with its
        problems listed; and 1 if it was asked again.

        An unusable answer to the re-ask keeps the first answer.
        """
        answer = first
        if answer is None:
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
    def _story_request(self, story: Story) -> StoryRequest | None:
        """The messages of a story call and its ids; None if nothing could be cited."""
        return story_request(self.env, story, self.cfg)

    def _cached(self, request: StoryRequest | None) -> bool:
        """Whether the story call's answer is in the cache already."""
        if request is None:
            return True
        key = self.llm.request_key(self.cfg.model, request.system, request.data, StoryNotes)
        return self.llm.archive.cached_answer(key) is not None

    def _ask_batch(
        self, group: Sequence[int], requests: Sequence[StoryRequest | None]
    ) -> list[StoryNotes | None]:
        """The notes on several stories from one call, per story (None: not answered).

        Each answer is cached under its story's own request, so a rerun (or a story asked
        alone after a failed batch) finds it. A batch that fails gives nothing: its stories
        are then asked one by one.
        """
        members = [r for n in group if (r := requests[n]) is not None]
        batch = batch_request(self.env, members)
        model = self.cfg.model
        try:
            answer = self.llm.ask(
                model=model,
                system=batch.system,
                user=batch.data,
                schema=StoryBatch,
                stage="story",
                max_tokens=min(self.cfg.max_output_tokens * len(members), _MAX_BATCH_OUTPUT),
            )
        except (LLMInvalidAnswer, LLMCallFailed):
            return [None] * len(members)
        notes = split(answer, batch)
        out: list[StoryNotes | None] = []
        for name, member in zip(batch.names, members, strict=True):
            own = notes.get(name)
            if own is not None and own.facts:
                key = self.llm.request_key(model, member.system, member.data, StoryNotes)
                self.llm.remember(key, model, own)
            out.append(own if own is not None and own.facts else None)
        return out

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
        self,
        story: Story,
        request: StoryRequest | None,
        checker: Checker,
        first: StoryNotes | None = None,
    ) -> tuple[NotedStory, int] | LLMInvalidAnswer | LLMCallFailed | None:
        """The model's notes on a story (not yet checked) and 1 if they were asked again; the
        failure if the call failed; None if the story has nothing to cite. ``first`` is the
        answer a batch gave already."""
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
                first=first,
            )
        except (LLMInvalidAnswer, LLMCallFailed) as failure:
            return failure
        return NotedStory(story, answer, ids), reasked

    # reduce ----------------------------------------------------------------
    def _compose(
        self, noted: Sequence[NotedStory], checker: Checker, stats: WriteStats, variant: int = 0
    ) -> tuple[PostPlan, int]:
        """The composing call's answer on the checked notes, within the input budget, and 1 if
        it was asked again; ``variant`` above 0 is another sample of the same request."""
        entries = (compose_entry(rank, n) for rank, n in enumerate(noted, start=1))
        stories = within(entries, self.cfg.compose_input_tokens)
        if len(stories) < len(noted) and not variant:
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
        model = self.cfg.compose_model or self.cfg.model
        plan = self.llm.ask(
            model=model, system=system, user=data, schema=PostPlan, stage="compose", variant=variant
        )
        problems = plan_problems(plan, noted, checker)
        if not problems or not self.cfg.quality_reask:
            return plan, 0
        # The re-ask: the same request (a prefix cache serves it), then only the parts with
        # problems; the model rewrites those, not the whole post.
        try:
            fixes = self.llm.ask(
                model=model,
                system=system,
                user=data + repair_request(plan, problems),
                schema=PlanFixes,
                stage="compose",
                variant=variant,
            )
        except LLMInvalidAnswer:
            return plan, 1
        return apply_fixes(plan, fixes), 1


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
