"""A day read back from the archive: its ranked stories, and what the posts before it said.

``digest build`` ranks the stories of the items it fetched; ``digest stories`` and ``digest
eval`` rank the same day again from the archive alone, without fetching.
"""

from __future__ import annotations

from datetime import date, timedelta

from digest.archive import Archive
from digest.config import Config, Settings, window_for
from digest.errors import DigestError
from digest.models import Digest, Item, Story, Window
from digest.state import StateDir
from digest.stories import Thresholds, build_stories
from digest.stories.novelty import Fingerprint, mark_novelty, recall


def ranked_stories(
    config: Config,
    archive: Archive,
    items: list[Item],
    day: date,
    window: Window,
    state: StateDir | None = None,
    late: dict[str, str] | None = None,
) -> list[Story]:
    """The day's stories, ranked and checked against the posts of the look-back window.

    With ``state``, a follow-up is told what the earlier post said about it; ``late`` (item
    key → the date of the post those items missed) marks the stories that carry late items.
    """
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
    marked = mark_novelty(stories, history)
    if late:
        marked = [_mark_late(s, late) for s in marked]
    if state is None:
        return marked
    prints = {(f.date, f.story): f for f in history}
    digests: dict[str, Digest | None] = {}
    out = []
    for story in marked:
        earlier = story.earlier
        if earlier is not None:
            if earlier.date not in digests:
                try:
                    digests[earlier.date] = state.load_digest(date.fromisoformat(earlier.date))
                except DigestError:
                    digests[earlier.date] = None  # its digest file is gone or damaged
            items_then = prints[(earlier.date, earlier.story)].items
            story = recall(story, digests[earlier.date], items_then)
        out.append(story)
    return out


def _mark_late(story: Story, late: dict[str, str]) -> Story:
    missed = sorted({late[i.key] for i in story.all_items() if i.key in late})
    return story.model_copy(update={"late_for": missed[-1]}) if missed else story


def late_warnings(late: dict[str, str], held_back: int) -> list[str]:
    """What the report says about late items carried in, and items left for the next post."""
    out = []
    for missed in sorted(set(late.values())):
        count = sum(d == missed for d in late.values())
        out.append(
            f"{count} item{'s' if count > 1 else ''} published in the window of the {missed} "
            "post but first seen after it was built: carried into this post (marked late)"
        )
    if held_back:
        out.append(
            f"{held_back} item{'s' if held_back > 1 else ''} of this window first seen after "
            "this post was first built: left for the next post"
        )
    return out


def window_items(
    config: Config, archive: Archive, day: date, window: Window, sources: list[str]
) -> tuple[list[Item], dict[str, str], int]:
    """The items a post for ``day`` covers: its window's, and the late ones it carries.

    An item is *late* for an earlier post when it was published in that post's window but
    first seen after the post was first built; it is carried into the first post built after
    it was seen (within the look-back window). A rebuild of a day once a later post exists
    leaves out the items first seen after its first build: they belong to the next post.
    Returns the items, the late ones (key → the date of the post they missed) and how many
    this rebuild left out.
    """
    built = archive.first_built(day.isoformat())
    newest = archive.posts_before("9999-12-31", 1)
    if not newest or newest[0].date <= day.isoformat():
        built = None  # no later post took them: a rerun (a source that failed) fills this one
    items = archive.items_between(window.since, window.until, sources, seen_by=built)
    held_back = 0
    if built is not None:
        everything = archive.items_between(window.since, window.until, sources)
        held_back = len(everything) - len(items)
    posts = sorted(archive.posts_before(day.isoformat(), max(config.stories.lookback_days, 1)),
                   key=lambda p: p.date)  # fmt: skip
    firsts = {p.date: archive.first_built(p.date) for p in posts}
    late: dict[str, str] = {}
    present = {i.key for i in items}
    for index, post in enumerate(posts):
        missed_at = firsts[post.date]
        if missed_at is None:
            continue
        then = window_for(config, date.fromisoformat(post.date))
        for item in archive.items_between(then.since, then.until, sources, seen_after=missed_at):
            seen = archive.first_seen(item.key)
            # Not late for this post if a post built in between saw it first.
            later = [firsts[p.date] for p in posts[index + 1 :]]
            if any(b is not None and seen is not None and seen <= b for b in later):
                continue
            if built is not None and seen is not None and seen > built:
                continue
            if item.key not in present:
                present.add(item.key)
                items.append(item)
                late[item.key] = post.date
    return items, late, held_back


def day_stories(settings: Settings, day: date) -> list[Story]:
    """The ranked stories of a day, from the archive alone (nothing is fetched)."""
    config = settings.config
    window = window_for(config, day)
    enabled = [s.name for s in config.sources if s.enabled]
    if not settings.archive_path.exists():
        return []
    with settings.state.open_archive() as archive:
        items, late, _ = window_items(config, archive, day, window, enabled)
        return ranked_stories(config, archive, items, day, window, settings.state, late)


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
        **({"follows": story.earlier.model_dump(mode="json")} if story.earlier else {}),
        **({"late_for": story.late_for} if story.late_for else {}),
        "sources": story.sources(),
        "title": " ".join((lead.title or lead.text).split())[:100],
        "item_keys": [i.key for i in story.all_items()],
        "urls": [i.url for i in story.all_items() if i.url],
    }
