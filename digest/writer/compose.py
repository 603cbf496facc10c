"""From checked story notes to a ``Digest``, without calling the model.

``plan_problems`` lists what is wrong with the composing call's answer; its re-ask
(``repair_request``) quotes only the parts with problems and asks for their rewrites, which
``apply_fixes`` puts in place (the notes are not sent again beyond the request's own data,
and the whole post is not written again). ``digest_from_plan`` keeps what passes the checks;
``assemble_from_notes`` builds the post from the notes alone when the composing call fails.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from digest.models import Bullet, Digest, Section
from digest.quality import Checker, same_text
from digest.writer.citations import plan_ids
from digest.writer.edits import Editor
from digest.writer.schemas import NotedStory, PlanFixes, PlanSection, PostPlan

_PART = re.compile(
    r"^(?:(preview|overview)\[(\d+)\]\.bullets\[(\d+)\]|(intro|viewpoint|description|title))(?=[\s:]|$)"
)


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


def repair_request(plan: PostPlan, problems: Sequence[str]) -> str:
    """The re-ask of the composing call: the parts of ``plan`` with problems, quoted with
    their problems, and the answer wanted (rewrites of those parts only)."""
    parts: dict[str, list[str]] = {}
    for problem in problems:
        match = _PART.match(problem)
        if match is not None:
            parts.setdefault(match.group(0), []).append(problem[match.end() :].lstrip(": "))
    lines = []
    for where, said in parts.items():
        text, cites = _part(plan, where)
        quoted = json.dumps({"text": text, "cites": cites}, ensure_ascii=False)
        lines.append(f"- {where} {quoted}: {'; '.join(said)}")
    return (
        "\n\nThese parts of your post have problems:\n" + "\n".join(lines) + "\n\nAnswer with "
        '{"fixes": [{"where": "<the part, as named above>", "text": "...", "cites": [...]}]}, '
        "one rewrite for each part named above and nothing else (the rest of the post is kept): "
        "state only numbers, versions and names the cited notes state; write only about the "
        "stories, never about the newsletter, its sponsors or its readers, and name no web "
        "address; write Korean in the 합니다체 register (-습니다/-입니다); keep product and "
        "company names in English; do not repeat earlier posts or the Preview. An empty text "
        "drops the part: drop it rather than guess."
    )


def _part(plan: PostPlan, where: str) -> tuple[str, list[str]]:
    """The text and cites of a part of ``plan`` named as in its problems."""
    match = _PART.match(where)
    if match is None:
        return "", []
    if match.group(4):
        return getattr(plan, match.group(4)), []
    sections = plan.preview if match.group(1) == "preview" else plan.overview
    s, b = int(match.group(2)) - 1, int(match.group(3)) - 1
    if 0 <= s < len(sections) and 0 <= b < len(sections[s].bullets):
        bullet = sections[s].bullets[b]
        return bullet.text, list(bullet.cites)
    return "", []


def apply_fixes(plan: PostPlan, fixes: PlanFixes) -> PostPlan:
    """``plan`` with the rewrites in place (a part named wrongly is ignored); a bullet
    rewritten empty goes, an empty field is left for ``digest_from_plan`` to fill."""
    fixed = plan.model_copy(deep=True)
    gone: set[tuple[str, int, int]] = set()
    for fix in fixes.fixes:
        match = _PART.match(fix.where.strip())
        if match is None:
            continue
        text = fix.text.strip()
        if match.group(4):
            setattr(fixed, match.group(4), text)
            continue
        part = match.group(1)
        sections = fixed.preview if part == "preview" else fixed.overview
        s, b = int(match.group(2)) - 1, int(match.group(3)) - 1
        if not (0 <= s < len(sections) and 0 <= b < len(sections[s].bullets)):
            continue
        if not text:
            gone.add((part, s, b))
            continue
        bullet = sections[s].bullets[b]
        bullet.text = text
        bullet.cites = list(fix.cites) or bullet.cites
    for part in ("preview", "overview"):
        sections = getattr(fixed, part)
        for s, section in enumerate(sections):
            section.bullets = [x for b, x in enumerate(section.bullets) if (part, s, b) not in gone]
    return fixed


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
