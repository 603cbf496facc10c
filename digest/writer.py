"""Stories → a ``Digest``: with an LLM (map per story, then compose) or extractively.

Items go to the model as JSON with short ids and no URLs; the model cites ids; only ids that
exist survive, and the links come from the archive, never from the model's text.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from pydantic import BaseModel, Field

from digest.config import LLMConfig, OutputConfig
from digest.llm import LLMInvalidAnswer, StructuredLLM, estimate_tokens
from digest.models import Bullet, Digest, Item, Link, Section, Story
from digest.quality import Checker, Glossary, Verdict, feedback, same_text
from digest.textclean import repair_text, truncate

MAX_FACTS = 4


# Schemas the model answers in ------------------------------------------------------------
class Fact(BaseModel):
    """One sentence about a story and the item ids behind it."""

    text: str
    cites: list[str]


class StoryNotes(BaseModel):
    """The model's notes on one story."""

    headline: str
    category: str
    summary: str
    facts: list[Fact] = Field(max_length=8)


class PlanBullet(BaseModel):
    """A bullet of the composed post."""

    topic: str
    text: str
    cites: list[str]


class PlanSection(BaseModel):
    """A category or theme of the composed post."""

    title: str
    bullets: list[PlanBullet]


class PostPlan(BaseModel):
    """The composed post."""

    title: str
    description: str
    tags: list[str]
    intro: str
    preview: list[PlanSection]
    viewpoint: str
    overview_heading: str
    overview: list[PlanSection]


# What the writer tells the run report ------------------------------------------------------
@dataclass
class WriteStats:
    """Counts of what the writer dropped or repaired.

    Attributes:
        stories_in: stories given to the writer.
        stories_written: stories with at least one cited statement.
        stories_failed: stories whose notes the model could not produce.
        unknown_ids: cited ids that do not exist (dropped).
        uncited_bullets: bullets left with no valid citation (dropped).
        urls_removed: URLs removed from the model's prose.
        compose_fallback: the composing call failed and the post was assembled from notes.
        quality_reasks: answers asked again because they failed the checks.
        unsupported_dropped: statements dropped for numbers or names their items do not state.
        style_dropped: statements dropped for not being Korean or not in 합니다체.
        copied_dropped: statements dropped for repeating an earlier post word for word.
        repeated_dropped: Overview statements dropped for repeating the Preview.
        glossary_fixed: Korean spellings of names replaced by the English name.
        translationese_flagged: statements kept but flagged for stock translationese.
    """

    stories_in: int = 0
    stories_written: int = 0
    stories_failed: int = 0
    unknown_ids: int = 0
    uncited_bullets: int = 0
    urls_removed: int = 0
    compose_fallback: bool = False
    quality_reasks: int = 0
    unsupported_dropped: int = 0
    style_dropped: int = 0
    copied_dropped: int = 0
    repeated_dropped: int = 0
    glossary_fixed: int = 0
    translationese_flagged: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The counts as plain data."""
        return {
            "stories_in": self.stories_in,
            "stories_written": self.stories_written,
            "stories_failed": self.stories_failed,
            "unknown_ids": self.unknown_ids,
            "uncited_bullets": self.uncited_bullets,
            "urls_removed": self.urls_removed,
            "compose_fallback": self.compose_fallback,
            "quality_reasks": self.quality_reasks,
            "unsupported_dropped": self.unsupported_dropped,
            "style_dropped": self.style_dropped,
            "copied_dropped": self.copied_dropped,
            "repeated_dropped": self.repeated_dropped,
            "glossary_fixed": self.glossary_fixed,
            "translationese_flagged": self.translationese_flagged,
        }


_URL = re.compile(
    r"(?:\b(?:https?|ftp|file|javascript|data|vbscript):\S*)|(?:\bwww\.\S+)|"
    r"(?:\b[\w.+-]+@[\w-]+\.[\w.-]+\b)",
    re.IGNORECASE,
)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_INLINE_IDS = re.compile(
    r"\s*[\[(]\s*(?:S\d+)?i\d+(?:\s*,\s*(?:S\d+)?i\d+)*\s*[\])]", re.IGNORECASE
)


def clean_prose(text: str, stats: WriteStats | None = None) -> str:
    """Untrusted prose made plain: one line, no URLs, e-mail addresses, HTML comments or ids.

    ``repair_text`` has already removed zero-width and bidi control characters.
    """
    text = _HTML_COMMENT.sub(" ", repair_text(text))
    text, removed = _URL.subn("", text)
    if stats is not None:
        stats.urls_removed += removed
    text = _INLINE_IDS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def link_for(item: Item) -> Link | None:
    """The link the post may print for an item: its permalink, labelled by author or site."""
    if not item.url:
        return None
    label = item.author or urlsplit(item.url).hostname or item.source
    label = label.removeprefix("www.")
    return Link(label=truncate(clean_prose(label), 40) or item.source, url=item.url)


def _prompt_env(template_dirs: Sequence[Path]) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [
        jinja2.FileSystemLoader([str(p) for p in template_dirs if p.is_dir()])
    ]
    loaders.append(jinja2.FunctionLoader(_packaged_prompt))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def _packaged_prompt(name: str) -> str | None:
    path = resources.files("digest") / "prompts" / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _data_block(payload: Any) -> tuple[str, str]:
    """Data as delimited JSON, with a marker derived from the data itself (stable for caching)."""
    data = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True)
    marker = hashlib.sha256(data.encode("utf-8")).hexdigest()[:10]
    return marker, f"<<DATA {marker}>>\n{data}\n<<END {marker}>>"


def _strip_markers(text: str) -> str:
    return re.sub(r"<<\s*(?:DATA|END)[^>]*>>", "", text)


def _drop(verdict: Verdict, stats: WriteStats) -> bool:
    """Count a fatal verdict under its kind; True when the sentence must go."""
    if verdict.unsupported:
        stats.unsupported_dropped += 1
    elif verdict.copied:
        stats.copied_dropped += 1
    elif verdict.style:
        stats.style_dropped += 1
    else:
        if verdict.soft:
            stats.translationese_flagged += 1
        return False
    return True


def _fix(checker: Checker, text: str, stats: WriteStats) -> str:
    """``text`` with Korean spellings of English names replaced (counted)."""
    fixed, count = checker.glossary.fix(text)
    stats.glossary_fixed += count
    return fixed


# The LLM writer ----------------------------------------------------------------------------
class LLMWriter:
    """Map (one call per story, concurrent and cached) then reduce (one composing call).

    Every answer is checked (``Checker``) before anything is kept: an answer with problems is
    asked again once with the problems listed; what still fails is dropped and counted.
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
        self.env = _prompt_env(template_dirs)
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
        pool = ThreadPoolExecutor(max_workers=self.cfg.concurrency)
        try:
            results = list(pool.map(lambda s: self._notes_for(s, checker), chosen))
        except BaseException:
            # An outage or the budget: stop asking; finished answers are in the cache.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown()
        notes: list[tuple[Story, StoryNotes, dict[str, str]]] = []
        for story, result in zip(chosen, results, strict=True):
            if result is None:
                stats.stories_failed += 1
                continue
            story_notes, ids, reasked = result
            stats.quality_reasks += reasked
            checked = self._check_notes(story_notes, ids, stats, checker, story)
            if checked.facts:
                notes.append((story, checked, ids))
        stats.stories_written = len(notes)
        if len(notes) < self.output.min_stories:
            stats.notes.append(
                f"{len(notes)} stories could be written, fewer than output.min_stories "
                f"({self.output.min_stories})"
            )
            return _empty_digest(date), stats
        try:
            plan = self._compose(notes, checker, stats)
            digest = self._digest_from_plan(plan, notes, items, date, stats, checker)
        except LLMInvalidAnswer:
            stats.compose_fallback = True
            digest = assemble_from_notes(notes, items, date, self.output, stats)
        if not digest.preview and not digest.overview:
            stats.compose_fallback = True
            digest = assemble_from_notes(notes, items, date, self.output, stats)
        return _with_links(cite_copies(digest, chosen), items), stats

    # map -------------------------------------------------------------------
    def _payload(self, story: Story) -> tuple[list[dict[str, Any]], dict[str, str]]:
        """The story's items for the model, one per kind of source first, within the budget."""
        ids: dict[str, str] = {}
        payload_items: list[dict[str, Any]] = []
        spent = 0
        for item in _diverse(story, self.cfg.max_items_per_story):
            short = f"i{len(payload_items) + 1}"
            entry: dict[str, Any] = {
                "id": short,
                "source": item.source,
                "author": item.author,
                "published": item.published.isoformat(),
                "title": clean_prose(item.title),
                "text": truncate(clean_prose(item.text), self.cfg.item_chars),
                **({"engagement": item.engagement} if item.engagement else {}),
                **_also_on(item, story),
            }
            cost = estimate_tokens(json.dumps(entry, ensure_ascii=False))
            if payload_items and spent + cost > self.cfg.story_input_tokens:
                break
            spent += cost
            ids[short] = item.key
            payload_items.append(entry)
        return payload_items, ids

    def _story_request(self, story: Story) -> tuple[str, str, dict[str, str]] | None:
        """The system and user messages of a story call, and its ids; None if nothing to cite."""
        payload_items, ids = self._payload(story)
        if not payload_items:
            return None  # no item with a permalink: nothing could be cited
        payload: dict[str, Any] = {"items": payload_items}
        if story.novelty == "follow-up" and story.seen:
            payload["follow_up"] = {"covered_on": story.seen}
        marker, data = _data_block(payload)
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

    def _notes_for(
        self, story: Story, checker: Checker
    ) -> tuple[StoryNotes, dict[str, str], int] | None:
        request = self._story_request(story)
        if request is None:
            return None
        system, data, ids = request
        try:
            answer = self.llm.ask(model=self.cfg.model, system=system, user=data, schema=StoryNotes)
        except LLMInvalidAnswer:
            return None
        problems = self._note_problems(answer, ids, checker)
        if not problems or not self.cfg.quality_reask:
            return answer, ids, 0
        try:
            again = self.llm.ask(
                model=self.cfg.model,
                system=system,
                user=data + feedback(answer, problems),
                schema=StoryNotes,
            )
        except LLMInvalidAnswer:
            return answer, ids, 1
        return again, ids, 1

    def _note_problems(self, notes: StoryNotes, ids: dict[str, str], checker: Checker) -> list[str]:
        """What is wrong with a story's notes, as lines for a re-ask."""
        problems = []
        every = list(ids.values())
        for n, fact in enumerate(notes.facts[:MAX_FACTS], start=1):
            keys = [ids[c] for c in fact.cites if c in ids]
            unknown = [c for c in fact.cites if c not in ids]
            if unknown:
                problems.append(f"facts[{n}] cites ids that do not exist: {', '.join(unknown)}")
            if not keys:
                problems.append(f"facts[{n}] cites no item")
                continue
            problems += [f"facts[{n}]: {p}" for p in checker.sentence(fact.text, keys).problems()]
        problems += [f"summary: {p}" for p in checker.sentence(notes.summary, every).problems()]
        verdict = checker.sentence(notes.headline, every, prose=False)
        problems += [f"headline: {p}" for p in verdict.problems()]
        return problems

    def _check_notes(
        self,
        notes: StoryNotes,
        ids: dict[str, str],
        stats: WriteStats,
        checker: Checker,
        story: Story,
    ) -> StoryNotes:
        """The notes with bad ids, URLs and failing facts removed (counted)."""
        facts = []
        every = list(ids.values())
        for fact in notes.facts[:MAX_FACTS]:
            cites = _valid_cites(fact.cites, ids, stats)
            text = clean_prose(_strip_markers(fact.text), stats)
            if not cites or not text:
                stats.uncited_bullets += 1
                continue
            if _drop(checker.sentence(text, cites), stats):
                continue
            facts.append(Fact(text=_fix(checker, text, stats), cites=cites))
        summary = clean_prose(notes.summary, stats)
        if summary and _drop(checker.sentence(summary, every), stats):
            summary = ""
        headline = clean_prose(notes.headline, stats)
        if checker.sentence(headline, every, prose=False).unsupported:
            headline = truncate(clean_prose(story.lead.title), 60)
        return StoryNotes(
            headline=_fix(checker, headline, stats),
            category=_fix(checker, clean_prose(notes.category, stats), stats),
            summary=_fix(checker, summary, stats),
            facts=facts,
        )

    # reduce ----------------------------------------------------------------
    def _compose(
        self,
        notes: Sequence[tuple[Story, StoryNotes, dict[str, str]]],
        checker: Checker,
        stats: WriteStats,
    ) -> PostPlan:
        stories: list[dict[str, Any]] = []
        spent = 0
        for rank, (story, story_notes, ids) in enumerate(notes, start=1):
            sid = f"S{rank}"
            short = {key: local for local, key in ids.items()}
            entry = {
                "id": sid,
                "rank": rank,
                "sources": len(story.sources()),
                **({"follow_up_of": story.seen} if story.novelty == "follow-up" else {}),
                "headline": story_notes.headline,
                "category": story_notes.category,
                "summary": story_notes.summary,
                "facts": [
                    {"text": f.text, "cites": [f"{sid}{short[c]}" for c in f.cites]}
                    for f in story_notes.facts
                ],
            }
            cost = estimate_tokens(json.dumps(entry, ensure_ascii=False))
            if stories and spent + cost > self.cfg.compose_input_tokens:
                stats.notes.append(
                    f"compose_input_tokens reached: {len(notes) - len(stories)} lower-ranked "
                    "stories were left out of the composing call"
                )
                break
            spent += cost
            stories.append(entry)
        marker, data = _data_block({"stories": stories})
        system = self.env.get_template("compose_system.md.j2").render(
            marker=marker,
            preview_stories=min(self.output.preview_stories, len(stories)),
            preview_sections=max(1, min(4, self.output.preview_stories)),
        )
        model = self.cfg.compose_model or self.cfg.model
        plan = self.llm.ask(model=model, system=system, user=data, schema=PostPlan, stage="compose")
        problems = self._plan_problems(plan, notes, checker)
        if not problems or not self.cfg.quality_reask:
            return plan
        stats.quality_reasks += 1
        try:
            return self.llm.ask(
                model=model,
                system=system,
                user=data + feedback(plan, problems),
                schema=PostPlan,
                stage="compose",
            )
        except LLMInvalidAnswer:
            return plan

    def _plan_problems(
        self,
        plan: PostPlan,
        notes: Sequence[tuple[Story, StoryNotes, dict[str, str]]],
        checker: Checker,
    ) -> list[str]:
        """What is wrong with the composed post, as lines for a re-ask."""
        ids = _plan_ids(notes)
        every = list(ids.values())
        problems = []
        preview_texts = [b.text for section in plan.preview for b in section.bullets]
        for part, sections in (("preview", plan.preview), ("overview", plan.overview)):
            for s, section in enumerate(sections, start=1):
                for b, bullet in enumerate(section.bullets, start=1):
                    where = f"{part}[{s}].bullets[{b}]"
                    keys = [ids[c] for c in bullet.cites if c in ids]
                    if not keys:
                        problems.append(f"{where} cites no existing id")
                        continue
                    verdict = checker.sentence(bullet.text, keys)
                    problems += [f"{where}: {p}" for p in verdict.problems()]
                    if part == "overview" and any(same_text(bullet.text, t) for t in preview_texts):
                        problems.append(f"{where} repeats a Preview bullet word for word")
        for name in ("intro", "viewpoint", "description"):
            text = getattr(plan, name)
            if text:
                problems += [f"{name}: {p}" for p in checker.sentence(text, every).problems()]
        problems += [
            f"title: {p}" for p in checker.sentence(plan.title, every, prose=False).problems()
        ]
        return problems

    def _digest_from_plan(
        self,
        plan: PostPlan,
        notes: Sequence[tuple[Story, StoryNotes, dict[str, str]]],
        items: dict[str, Item],
        date: str,
        stats: WriteStats,
        checker: Checker,
    ) -> Digest:
        ids = _plan_ids(notes)
        every = list(ids.values())
        kept_preview: list[str] = []

        def sections(planned: Sequence[PlanSection], part: str) -> list[Section]:
            out = []
            for section in planned:
                bullets = []
                for bullet in section.bullets:
                    cites = _valid_cites(bullet.cites, ids, stats)
                    text = clean_prose(_strip_markers(bullet.text), stats)
                    if not cites or not text:
                        stats.uncited_bullets += 1
                        continue
                    if _drop(checker.sentence(text, cites), stats):
                        continue
                    if part == "overview" and any(same_text(text, t) for t in kept_preview):
                        stats.repeated_dropped += 1
                        continue
                    if part == "preview":
                        kept_preview.append(text)
                    topic = clean_prose(bullet.topic, stats)
                    if checker.sentence(topic, cites, prose=False).unsupported:
                        topic = ""
                    bullets.append(
                        Bullet(
                            topic=_fix(checker, topic, stats),
                            text=_fix(checker, text, stats),
                            cites=cites,
                        )
                    )
                title = _fix(checker, clean_prose(section.title, stats), stats)
                if bullets and title:
                    out.append(Section(title=title, bullets=bullets))
            return out

        def prose(text: str) -> str:
            text = clean_prose(text, stats)
            if text and _drop(checker.sentence(text, every), stats):
                return ""
            return _fix(checker, text, stats)

        preview = sections(plan.preview, "preview")
        overview = sections(plan.overview, "overview")
        lead = notes[0][1]
        title = clean_prose(plan.title, stats)
        if not title or checker.sentence(title, every, prose=False).unsupported:
            title = lead.headline
        digest = Digest(
            date=date,
            title=_fix(checker, title, stats) or f"AI 다이제스트 {date}",
            description=prose(plan.description) or lead.summary,
            tags=[t for t in (_fix(checker, clean_prose(t, stats), stats) for t in plan.tags) if t],
            intro=prose(plan.intro) or lead.summary,
            preview=preview,
            viewpoint=prose(plan.viewpoint),
            overview_heading=_fix(checker, clean_prose(plan.overview_heading, stats), stats),
            overview=overview,
            writer="llm",
        )
        return _with_links(digest, items)


def _plan_ids(notes: Sequence[tuple[Story, StoryNotes, dict[str, str]]]) -> dict[str, str]:
    """Composing-call ids (``S2i1``) → archive keys."""
    return {
        f"S{rank}{short}": key
        for rank, (_s, _n, table) in enumerate(notes, start=1)
        for short, key in table.items()
    }


def _valid_cites(cites: Sequence[str], ids: dict[str, str], stats: WriteStats) -> list[str]:
    """Map model ids to archive keys; unknown ids are dropped and counted."""
    out: list[str] = []
    for cite in cites:
        key = ids.get(str(cite).strip())
        if key is None:
            stats.unknown_ids += 1
        elif key not in out:
            out.append(key)
    return out


def _also_on(item: Item, story: Story) -> dict[str, list[str]]:
    """The other sources that carried a copy of ``item``, for the model to weigh."""
    others = sorted({c.source for c in story.copies.get(item.key, ()) if c.source != item.source})
    return {"also_posted_on": others} if others else {}


def cite_copies(digest: Digest, stories: Sequence[Story], extra: int = 2) -> Digest:
    """Add to each bullet up to ``extra`` copies of what it cites, from sources it lacks.

    A retweet or cross-post says the same thing, so it backs the same sentence; citing it
    shows readers every place the news appeared.
    """
    copies = {key: dupes for story in stories for key, dupes in story.copies.items()}
    sources = {i.key: i.source for story in stories for i in story.all_items()}

    def widen(cites: list[str]) -> list[str]:
        out = list(cites)
        seen = {sources.get(k) for k in out}
        added = 0
        for key in cites:
            for copy in copies.get(key, ()):
                if added < extra and copy.url and copy.source not in seen:
                    out.append(copy.key)
                    seen.add(copy.source)
                    added += 1
        return out

    def sections(planned: Sequence[Section]) -> list[Section]:
        return [
            s.model_copy(
                update={
                    "bullets": [b.model_copy(update={"cites": widen(b.cites)}) for b in s.bullets]
                }
            )
            for s in planned
        ]

    return digest.model_copy(
        update={"preview": sections(digest.preview), "overview": sections(digest.overview)}
    )


def _with_links(digest: Digest, items: dict[str, Item]) -> Digest:
    links: dict[str, Link] = {}
    for key in digest.cited_keys():
        item = items.get(key)
        link = link_for(item) if item else None
        if link is not None:
            links[key] = link
    return digest.model_copy(update={"links": links})


def _empty_digest(date: str) -> Digest:
    return Digest(date=date, title="", description="", tags=[], intro="", preview=[], overview=[])


def assemble_from_notes(
    notes: Sequence[tuple[Story, StoryNotes, dict[str, str]]],
    items: dict[str, Item],
    date: str,
    output: OutputConfig,
    stats: WriteStats,
) -> Digest:
    """A post assembled from checked story notes without the composing call."""
    preview_notes = notes[: output.preview_stories]
    rest = notes[output.preview_stories :]
    preview = [
        Section(
            title=n.headline or n.category,
            bullets=[Bullet(text=f.text, cites=f.cites) for f in n.facts[:2]],
        )
        for _s, n, _i in preview_notes
    ]
    themes: dict[str, list[Bullet]] = {}
    for _s, n, _i in rest:
        facts = n.facts
        themes.setdefault(n.category or "기타", []).append(
            Bullet(
                topic=n.headline,
                text=n.summary or facts[0].text,
                cites=list(dict.fromkeys(c for f in facts for c in f.cites)),
            )
        )
    overview = [Section(title=t, bullets=b) for t, b in themes.items()]
    lead = notes[0][1]
    digest = Digest(
        date=date,
        title=lead.headline or f"AI 다이제스트 {date}",
        description=lead.summary,
        tags=list(dict.fromkeys(n.category for _s, n, _i in notes if n.category))[:6],
        intro=lead.summary,
        preview=preview,
        overview_heading="그 밖의 소식" if overview else "",
        overview=overview,
        writer="llm",
    )
    return _with_links(digest, items)


# The extractive writer ---------------------------------------------------------------------
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.+-]*[A-Za-z0-9]|[가-힣]{2,}")
_STOP = {
    "the", "and", "for", "with", "from", "that", "this", "are", "new", "its", "you", "your",
    "how", "why", "what", "into", "about", "now", "our", "has", "have", "will", "can", "not",
    "all", "more", "out", "one", "was", "but", "via", "per", "than", "their", "they", "week",
}  # fmt: skip


def _diverse(story: Story, limit: int) -> list[Item]:
    """Up to ``limit`` citable items of a story: one per kind of source first (a blog, X,
    Discord, ...), then one per source, in the story's order.

    A story told by a lab blog, a Discord thread and a Telegram channel cites all three rather
    than three feeds that say the same.
    """
    citable = [i for i in story.items if i.url]
    chosen: list[Item] = []
    for distinct in (lambda i: i.kind, lambda i: i.source, id):
        taken = {distinct(i) for i in chosen}
        for item in citable:
            if len(chosen) < limit and item not in chosen and distinct(item) not in taken:
                chosen.append(item)
                taken.add(distinct(item))
    return sorted(chosen, key=citable.index)


def write_extractive(
    stories: Sequence[Story], date: str, output: OutputConfig
) -> tuple[Digest, WriteStats]:
    """A deterministic post from the stories' own text, with no language model."""
    stats = WriteStats(stories_in=len(stories))
    chosen = [s for s in stories[: output.max_stories] if any(i.url for i in s.items)]
    stats.stories_written = len(chosen)
    if not chosen:
        return _empty_digest(date), stats
    items = {i.key: i for s in chosen for i in s.all_items()}

    def headline(story: Story) -> str:
        lead = next(i for i in story.items if i.url)
        return truncate(clean_prose(lead.title or lead.text), 100) or lead.source

    def bullets(story: Story, limit: int) -> list[Bullet]:
        out = []
        for item in _diverse(story, limit):
            text = clean_prose(item.title) if item.title else ""
            body = truncate(clean_prose(item.text), 200)
            if body and body != text:
                text = f"{text} — {body}" if text else body
            if text:
                out.append(Bullet(text=text, cites=[item.key]))
        return out

    preview_stories = chosen[: output.preview_stories]
    preview = [Section(title=headline(s), bullets=bullets(s, 3)) for s in preview_stories]
    themes: dict[str, list[Bullet]] = {}
    for story in chosen[output.preview_stories :]:
        lead = next(i for i in story.items if i.url)
        text = truncate(clean_prose(lead.text), 220) or headline(story)
        themes.setdefault(lead.source, []).append(
            Bullet(
                topic=headline(story),
                text=text,
                cites=[i.key for i in _diverse(story, 3)],
            )
        )
    overview = [Section(title=name, bullets=b) for name, b in sorted(themes.items())]
    preview = [s for s in preview if s.bullets]
    sources = len({i.source for s in chosen for i in s.items})
    n_items = sum(len(s.items) for s in chosen)
    words: Counter[str] = Counter()
    for story in chosen:
        seen = {
            w
            for w in _WORD.findall(headline(story))
            if w.lower() not in _STOP and (w[0].isupper() or any(c.isdigit() for c in w))
        }
        words.update(seen)
    tags = [w for w, c in sorted(words.items(), key=lambda kv: (-kv[1], kv[0])) if c >= 2][:5]
    top = headline(chosen[0])
    digest = Digest(
        date=date,
        title=f"AI 다이제스트 {date}: {truncate(top, 60)}",
        description=truncate(top, 150),
        tags=tags or ["AI"],
        intro=(
            f"{date} 다이제스트는 {sources}개 출처의 항목 {n_items}개를 "
            f"이야기 {len(chosen)}개로 묶었습니다. 언어 모델 없이 원문에서 발췌했습니다."
        ),
        preview=preview,
        viewpoint="",
        overview_heading="그 밖의 소식" if overview else "",
        overview=overview,
        writer="extractive",
    )
    return _with_links(cite_copies(digest, chosen), items), stats
