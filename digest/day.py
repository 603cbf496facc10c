"""A day read back from the archive: its ranked stories, and what the posts before it said.

``digest build`` ranks the stories of the items it fetched; ``digest stories`` and ``digest
eval`` rank the same day again from the archive alone, without fetching.
"""

from __future__ import annotations

from datetime import date, timedelta

from digest.archive import Archive
from digest.config import Config, Settings, window_for
from digest.models import Item, Story, Window
from digest.state import StateDir
from digest.stories import Thresholds, build_stories
from digest.stories.novelty import Fingerprint, mark_novelty


def ranked_stories(
    config: Config, archive: Archive, items: list[Item], day: date, window: Window
) -> list[Story]:
    """The day's stories, ranked and checked against the posts of the look-back window."""
    stories = build_stories(
        items,
        until=window.until,
        weights={s.name: s.weight for s in config.sources},
        thresholds=Thresholds(
            text=config.stories.text_similarity, names=config.stories.name_similarity
        ),
    )
    first = (day - timedelta(days=config.stories.lookback_days)).isoformat()
    history = [Fingerprint.from_json(f) for f in archive.coverage_between(first, day.isoformat())]
    return mark_novelty(stories, history)


def day_stories(settings: Settings, day: date) -> list[Story]:
    """The ranked stories of a day, from the archive alone (nothing is fetched)."""
    config = settings.config
    window = window_for(config, day)
    enabled = [s.name for s in config.sources if s.enabled]
    if not settings.archive_path.exists():
        return []
    with settings.state.open_archive() as archive:
        items = archive.items_between(window.since, window.until, enabled)
        return ranked_stories(config, archive, items, day, window)


def earlier_sentences(state: StateDir, archive: Archive, day: str, config: Config) -> list[str]:
    """Every sentence of the posts in the look-back window before ``day`` (not to be copied)."""
    out: list[str] = []
    for digest in state.earlier_digests(archive, day, max(config.stories.lookback_days, 1)):
        out += [digest.intro, digest.viewpoint, digest.description]
        out += [b.text for s in [*digest.preview, *digest.overview] for b in s.bullets]
    return [s for s in out if s]


def story_summary(story: Story, rank: int) -> dict[str, object]:
    """A story as plain data for ``digest stories --json``."""
    lead = story.lead
    return {
        "rank": rank,
        "id": story.id,
        "score": story.score,
        "breakdown": story.breakdown,
        "items": len(story.items),
        "duplicates": story.duplicates,
        "novelty": story.novelty,
        "seen": story.seen,
        "why": story.why,
        "sources": story.sources(),
        "title": " ".join((lead.title or lead.text).split())[:100],
        "item_keys": [i.key for i in story.all_items()],
        "urls": [i.url for i in story.all_items() if i.url],
    }
