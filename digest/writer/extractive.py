"""The extractive writer: a deterministic post from the stories' own text, with no model.

It is what a new user reads first and what readers get when the model is down, so it is
written as an editor would cut it from the sources:

- one headline per story (its lead item's title, labels and link leftovers taken out);
- each bullet one source's own sentence, a source no other bullet of the story quotes,
  saying what neither the headline nor another bullet says; the items that say the same
  sentence are cited beside it. A story with nothing to add to its headline is told in one
  Overview line;
- Overview themes named by topic (``topics.THEMES``), tags that are whole names;
- headlines and the title cut at a phrase boundary;
- items whose text is mojibake beyond repair (``textclean.garbled``) never quoted or cited.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from digest.config import OutputConfig
from digest.models import Bullet, Digest, Item, Section, Story
from digest.textclean import garbled
from digest.urls import canonical_url
from digest.writer.citations import cite_copies, with_links
from digest.writer.compose import empty_digest
from digest.writer.edits import WriteStats
from digest.writer.excerpts import (
    complete,
    cut,
    own_sentences,
    repeats,
    speaks_out_of_turn,
    title_of,
)
from digest.writer.marks import label
from digest.writer.topics import glossary_names, names, tags, topic

HEADLINE_CHARS = 100
BULLET_CHARS = 220
TITLE_CHARS = 120  # what the front matter keeps (``render.front_matter``)
ECHOES = 2  # other items cited beside a quoted sentence because they say the same
POOL = 60  # items of a story read for bullets: one per kind and per source come first
OTHER = "기타 소식"


@dataclass
class _Told:
    """A story as the post tells it: its headline and its bullets."""

    story: Story
    headline: str
    bullets: list[Bullet] = field(default_factory=list)


def _readable(item: Item) -> bool:
    return bool(item.url) and not garbled(f"{item.title}\n{item.text}")


def _pool(story: Story) -> list[Item]:
    """The story's citable, readable items: one per kind of source first, then one per
    source, then the rest, each group in the story's order."""
    items = [i for i in story.items if _readable(i)]
    kinds: set[str] = set()
    sources: set[str] = set()
    tier: dict[str, int] = {}
    for item in items:
        tier[item.key] = 0 if item.kind not in kinds else 1 if item.source not in sources else 2
        kinds.add(item.kind)
        sources.add(item.source)
    return sorted(items, key=lambda i: tier[i.key])


def _headline(story: Story, voices: Mapping[str, list[str]]) -> tuple[str, Item] | None:
    """The story's headline: the first readable title in the story's order (the lead's,
    unless it is unreadable), else the first sentence an item says; None when no item says
    anything quotable (a source's name is no headline)."""
    readable = [i for i in story.items if i.key in voices]
    for item in readable:
        title = title_of(item)
        if len(title) >= 8 and not garbled(title) and not speaks_out_of_turn(title):
            return title, item
    for item in readable:
        for sentence in voices[item.key]:
            return sentence, item
    return None


def _echoes(
    sentence: str,
    cited: Sequence[Item],
    pool: Sequence[Item],
    voices: Mapping[str, list[str]],
    limit: int = ECHOES,
) -> list[Item]:
    """Up to ``limit`` items saying ``sentence``, from sources and pages ``cited`` lacks,
    one per kind of source first."""
    sources = {i.source for i in cited}
    pages = {canonical_url(i.url or "") for i in cited}
    saying = [i for i in pool if any(repeats(s, [sentence]) for s in voices[i.key])]
    kinds = {i.kind for i in cited}
    saying.sort(key=lambda i: i.kind in kinds)  # stable: a new kind first, in pool order
    out: list[Item] = []
    for item in saying:
        page = canonical_url(item.url or "")
        if len(out) < limit and item.source not in sources and page not in pages:
            out.append(item)
            sources.add(item.source)
            pages.add(page)
    return out


def _tell(story: Story, limit: int) -> _Told | None:
    """The story's headline and up to ``limit`` bullets, each from a different source;
    None when the story has nothing quotable."""
    pool = _pool(story)[:POOL]
    voices = {item.key: own_sentences(item) for item in pool}
    if not any(voices.values()):  # only retweets: their words are all the story has
        voices = {item.key: own_sentences(item, retweets=True) for item in pool}
    found = _headline(story, voices)
    if found is None:
        return None
    headline, source = found
    told = _Told(story, headline)
    said = [headline]
    used: set[str] = set()
    for item in pool:
        if len(told.bullets) == limit:
            break
        if item.source in used:
            continue
        fresh = [s for s in voices[item.key] if not repeats(s, said)]
        if not fresh:
            continue
        text = fresh[0]
        if (
            len(fresh) > 1
            and complete(text)
            and complete(fresh[1])
            and len(text) + 1 + len(fresh[1]) <= BULLET_CHARS
            and not repeats(fresh[1], [text])
        ):
            text = f"{text} {fresh[1]}"
            said.append(fresh[1])
        said.append(fresh[0])
        used.add(item.source)
        cited = [item, *_echoes(fresh[0], [item], pool, voices)]
        if not told.bullets:
            # The story's first line backs its headline too: cite who reported just that.
            cited += _echoes(headline, cited, pool, voices, limit=1)
        told.bullets.append(Bullet(text=cut(text, BULLET_CHARS), cites=[i.key for i in cited]))
    if not told.bullets:
        # Nothing beyond the headline: the headline is the story's one line.
        cited = [source, *_echoes(headline, [source], pool, voices)]
        told.bullets.append(Bullet(text=cut(headline, BULLET_CHARS), cites=[i.key for i in cited]))
        told.headline = ""
    return told


def _theme(told: _Told) -> str:
    """The Overview theme of a story, named from its words; never a source's name."""
    headline = told.headline or told.bullets[0].text
    text = " ".join([headline, *(b.text for b in told.bullets)])
    found = topic(text)
    if found:
        return found
    known = [n for n in names(headline) if n in glossary_names()]
    return f"{known[0]} 소식" if known else OTHER


def write_extractive(
    stories: Sequence[Story], date: str, output: OutputConfig
) -> tuple[Digest, WriteStats]:
    """A deterministic post from the stories' own text, with no language model."""
    stats = WriteStats(stories_in=len(stories))
    considered = stories[: output.max_stories]
    chosen = [s for s in considered if _pool(s)]
    lost = sum(1 for s in considered for i in s.items if i.url and not _readable(i))
    if lost:
        stats.notes.append(f"items left unquoted, their text mojibake beyond repair: {lost}")
    told = [t for t in (_tell(s, 3) for s in chosen) if t is not None]
    chosen = [t.story for t in told]
    stats.stories_written = len(chosen)
    if not chosen:
        return empty_digest(date), stats
    items = {i.key: i for s in chosen for i in s.all_items()}
    preview_told = [t for t in told if t.headline][: output.preview_stories]
    rest = [t for t in told if t not in preview_told]
    preview = [
        Section(title=label(t.story) + cut(t.headline, HEADLINE_CHARS), bullets=t.bullets)
        for t in preview_told
    ]
    themes: dict[str, list[Bullet]] = {}
    for t in rest:
        first = t.bullets[0]
        topic_line = label(t.story) + (cut(t.headline, HEADLINE_CHARS) if t.headline else "")
        bullet = Bullet(topic=topic_line, text=first.text, cites=first.cites)
        themes.setdefault(_theme(t), []).append(bullet)
    if OTHER in themes:
        themes[OTHER] = themes.pop(OTHER)  # the catch-all comes last
    overview = [Section(title=name, bullets=b) for name, b in themes.items()]

    sources = len({i.source for s in chosen for i in s.items})
    n_items = sum(len(s.items) for s in chosen)
    top = told[0].headline or told[0].bullets[0].text
    prefix = f"AI 다이제스트 {date}: "
    digest = Digest(
        date=date,
        title=prefix + cut(top, TITLE_CHARS - len(prefix)),
        description=cut(top, 150),
        tags=tags(t.headline or t.bullets[0].text for t in told) or ["AI"],
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
    return with_links(cite_copies(digest, chosen, extra=1), items), stats
