"""From checked story notes to a ``Digest``, without calling the model.

``plan_problems`` lists what is wrong with the composing call's answer (for its re-ask);
``digest_from_plan`` keeps what passes the checks; ``assemble_from_notes`` builds the post
from the notes alone when the composing call fails.
"""

from __future__ import annotations

from collections.abc import Sequence

from digest.models import Bullet, Digest, Section
from digest.quality import Checker, same_text
from digest.writer.citations import plan_ids
from digest.writer.edits import Editor
from digest.writer.schemas import NotedStory, PlanSection, PostPlan


def empty_digest(date: str) -> Digest:
    """A post with nothing in it: what a writer returns when there is nothing to write."""
    return Digest(date=date, title="", description="", tags=[], intro="", preview=[], overview=[])


def plan_problems(plan: PostPlan, noted: Sequence[NotedStory], checker: Checker) -> list[str]:
    """What is wrong with the composed post, as lines for a re-ask."""
    ids = plan_ids(noted)
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
                problems += checker.problems(where, bullet.text, keys)
                if part == "overview" and any(same_text(bullet.text, t) for t in preview_texts):
                    problems.append(f"{where} repeats a Preview bullet word for word")
    for name in ("intro", "viewpoint", "description"):
        text = getattr(plan, name)
        if text:
            problems += checker.problems(name, text, every)
    problems += checker.problems("title", plan.title, every, prose=False)
    # Section titles, topics, the Overview heading and tags are checked when kept
    # (``digest_from_plan``) and replaced or dropped: not worth asking for the post again.
    return problems


def digest_from_plan(
    plan: PostPlan, noted: Sequence[NotedStory], date: str, edit: Editor
) -> Digest:
    """The composed post with what fails the checks dropped or repaired (counted).

    Every field goes through ``edit``: bullets and prose as checked Korean statements, the
    title, section titles, topics, the Overview heading and the tags as labels. A section
    whose title must go takes the category of the story its first bullet cites.
    """
    ids = plan_ids(noted)
    every = list(ids.values())
    category = {key: n.notes.category for n in noted for key in n.ids.values()}
    kept_preview: list[str] = []

    def sections(planned: Sequence[PlanSection], part: str) -> list[Section]:
        out = []
        for section in planned:
            bullets = []
            for bullet in section.bullets:
                kept = edit.statement(bullet.text, bullet.cites, ids)
                if kept is None:
                    continue
                text, cites = kept
                if part == "overview" and any(same_text(text, t) for t in kept_preview):
                    edit.stats.repeated_dropped += 1
                    continue
                if part == "preview":
                    kept_preview.append(text)
                topic = edit.label(bullet.topic, cites) or ""
                bullets.append(Bullet(topic=edit.fix(topic), text=edit.fix(text), cites=cites))
            if not bullets:
                continue
            cited = [c for b in bullets for c in b.cites]
            title = edit.label(section.title, cited) or category.get(cited[0]) or "기타"
            out.append(Section(title=edit.fix(title), bullets=bullets))
        return out

    preview = sections(plan.preview, "preview")
    overview = sections(plan.overview, "overview")
    lead = noted[0].notes
    title = edit.label(plan.title, every) or lead.headline
    labels = [edit.label(tag, every) for tag in plan.tags]
    return Digest(
        date=date,
        title=edit.fix(title) or f"AI 다이제스트 {date}",
        description=edit.prose(plan.description, every) or lead.summary,
        tags=list(dict.fromkeys(edit.fix(t) for t in labels if t)),
        intro=edit.prose(plan.intro, every) or lead.summary,
        preview=preview,
        viewpoint=edit.prose(plan.viewpoint, every),
        overview_heading=edit.fix(edit.label(plan.overview_heading, every) or ""),
        overview=overview,
        writer="llm",
    )


def assemble_from_notes(noted: Sequence[NotedStory], date: str, preview_stories: int) -> Digest:
    """A post assembled from checked story notes: the first ``preview_stories`` as the Preview,
    the rest grouped by category as the Overview."""
    preview = [
        Section(
            title=n.notes.headline or n.notes.category,
            bullets=[Bullet(text=f.text, cites=f.cites) for f in n.notes.facts[:2]],
        )
        for n in noted[:preview_stories]
    ]
    themes: dict[str, list[Bullet]] = {}
    for n in noted[preview_stories:]:
        facts = n.notes.facts
        themes.setdefault(n.notes.category or "기타", []).append(
            Bullet(
                topic=n.notes.headline,
                text=n.notes.summary or facts[0].text,
                cites=list(dict.fromkeys(c for f in facts for c in f.cites)),
            )
        )
    overview = [Section(title=t, bullets=b) for t, b in themes.items()]
    lead = noted[0].notes
    return Digest(
        date=date,
        title=lead.headline or f"AI 다이제스트 {date}",
        description=lead.summary,
        tags=list(dict.fromkeys(n.notes.category for n in noted if n.notes.category))[:6],
        intro=lead.summary,
        preview=preview,
        overview_heading="그 밖의 소식" if overview else "",
        overview=overview,
        writer="llm",
    )
