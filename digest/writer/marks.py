"""The marks a story carries in the post: a follow-up names the earlier post's date, a story of
late items names the post whose window they were published in.

Both writers use the same label (``label``). The extractive writer puts it before each
headline; the LLM writer is asked to mark such stories, and ``mark_stories`` then makes sure
the post says it whatever the model wrote: a story whose bullets carry no mark gets the label
on its first bullet (before the topic in the Overview, before the text in the Preview, where
topics are not shown).
"""

from __future__ import annotations

from collections.abc import Sequence

from digest.models import Digest, Section, Story


def label(story: Story) -> str:
    """The mark a headline starts with: a follow-up names the earlier post's date; a story of
    late items names the post whose window they were published in."""
    if story.novelty == "follow-up" and story.seen:
        return f"[후속 · {story.seen} 보도] "
    if story.late_for:
        return f"[늦게 확인 · {story.late_for} 다이제스트 이후] "
    return ""


def _marked(story: Story, text: str) -> bool:
    """Whether ``text`` already marks ``story`` (the word and the date, in any wording)."""
    if story.novelty == "follow-up" and story.seen:
        return "후속" in text and story.seen in text
    if story.late_for:
        return "늦게" in text and story.late_for in text
    return True


def mark_stories(digest: Digest, stories: Sequence[Story]) -> Digest:
    """``digest`` with every follow-up and late story marked at least once (see the module).

    A bullet belongs to the story of its first cited item; a story counts as marked when a
    bullet of it, its topic or its section's title carries the word and the date.
    """
    story_of = {item.key: s for s in stories if label(s) for item in s.all_items()}
    if not story_of:
        return digest
    parts = {"preview": digest.preview, "overview": digest.overview}
    marked: set[str] = set()
    first: dict[str, tuple[str, int, int]] = {}  # story id → where its first bullet stands
    for part, sections in parts.items():
        for s, section in enumerate(sections):
            for b, bullet in enumerate(section.bullets):
                story = next((story_of[k] for k in bullet.cites[:1] if k in story_of), None)
                if story is None:
                    continue
                first.setdefault(story.id, (part, s, b))
                if _marked(story, f"{section.title} {bullet.topic} {bullet.text}"):
                    marked.add(story.id)
    todo = {where: sid for sid, where in first.items() if sid not in marked}
    if not todo:
        return digest
    by_id = {s.id: s for s in stories}
    update: dict[str, list[Section]] = {}
    for part, sections in parts.items():
        out = []
        for s, section in enumerate(sections):
            bullets = []
            for b, bullet in enumerate(section.bullets):
                sid = todo.get((part, s, b))
                if sid is not None and part == "overview":
                    topic = f"{label(by_id[sid])}{bullet.topic}".strip()
                    bullet = bullet.model_copy(update={"topic": topic})
                elif sid is not None:
                    bullet = bullet.model_copy(update={"text": label(by_id[sid]) + bullet.text})
                bullets.append(bullet)
            out.append(section.model_copy(update={"bullets": bullets}))
        update[part] = out
    return digest.model_copy(update=update)
