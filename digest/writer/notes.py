"""A story call's answer checked: what to tell the model in a re-ask, and what to keep."""

from __future__ import annotations

from dataclasses import replace

from digest.quality import Checker, addresses_model
from digest.textclean import truncate
from digest.writer.edits import Editor, clean_prose
from digest.writer.schemas import Fact, NotedStory, StoryNotes

MAX_FACTS = 4  # facts kept from a story's notes (the prompt asks for at most this many)


def note_problems(notes: StoryNotes, ids: dict[str, str], checker: Checker) -> list[str]:
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
        problems += checker.problems(f"facts[{n}]", fact.text, keys)
    problems += checker.problems("summary", notes.summary, every)
    problems += checker.problems("headline", notes.headline, every, prose=False)
    return problems


def check_notes(answer: NotedStory, edit: Editor) -> NotedStory:
    """The notes with bad ids, URLs and failing facts removed (counted); cites become keys."""
    notes, ids = answer.notes, answer.ids
    every = list(ids.values())
    facts = []
    for fact in notes.facts[:MAX_FACTS]:
        kept = edit.statement(fact.text, fact.cites, ids)
        if kept is not None:
            text, cites = kept
            facts.append(Fact(text=edit.fix(text), cites=cites))
    summary = edit.prose(notes.summary, every)
    category = edit.label(notes.category, every) or ""
    headline = edit.label(notes.headline, every)
    if not headline:
        headline = _title_headline(answer, edit) or category
    checked = StoryNotes(
        headline=edit.fix(headline),
        category=edit.fix(category),
        summary=summary,
        facts=facts,
    )
    return replace(answer, notes=checked)


def _title_headline(answer: NotedStory, edit: Editor) -> str:
    """A headline from the first of the story's item titles that passes as a label and does
    not address the model (an item's title is untrusted too)."""
    every = list(answer.ids.values())
    for item in answer.story.all_items():
        if not item.title or addresses_model(item.title):
            continue
        title = edit.label(truncate(clean_prose(item.title), 60), every)
        if title:
            return title
    return ""
