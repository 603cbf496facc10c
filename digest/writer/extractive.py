"""The extractive writer: a deterministic post from the stories' own text, with no model."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from digest.config import OutputConfig
from digest.models import Bullet, Digest, Section, Story
from digest.textclean import truncate
from digest.writer.citations import cite_copies, diverse, with_links
from digest.writer.compose import empty_digest
from digest.writer.edits import WriteStats, clean_prose

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.+-]*[A-Za-z0-9]|[가-힣]{2,}")
_STOP = {
    "the", "and", "for", "with", "from", "that", "this", "are", "new", "its", "you", "your",
    "how", "why", "what", "into", "about", "now", "our", "has", "have", "will", "can", "not",
    "all", "more", "out", "one", "was", "but", "via", "per", "than", "their", "they", "week",
}  # fmt: skip


def label(story: Story) -> str:
    """The mark a headline starts with: a follow-up names the earlier post's date; a story of
    late items names the post whose window they were published in."""
    if story.novelty == "follow-up" and story.seen:
        return f"[후속 · {story.seen} 보도] "
    if story.late_for:
        return f"[늦게 확인 · {story.late_for} 다이제스트 이후] "
    return ""


def write_extractive(
    stories: Sequence[Story], date: str, output: OutputConfig
) -> tuple[Digest, WriteStats]:
    """A deterministic post from the stories' own text, with no language model."""
    stats = WriteStats(stories_in=len(stories))
    chosen = [s for s in stories[: output.max_stories] if any(i.url for i in s.items)]
    stats.stories_written = len(chosen)
    if not chosen:
        return empty_digest(date), stats
    items = {i.key: i for s in chosen for i in s.all_items()}

    def headline(story: Story) -> str:
        lead = next(i for i in story.items if i.url)
        return label(story) + (truncate(clean_prose(lead.title or lead.text), 100) or lead.source)

    def bullets(story: Story, limit: int) -> list[Bullet]:
        out = []
        for item in diverse(story, limit):
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
                cites=[i.key for i in diverse(story, 3)],
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
    return with_links(cite_copies(digest, chosen), items), stats
