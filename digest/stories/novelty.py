"""Novelty across days: a story an earlier post covered is a repeat, or a follow-up when it
brings real new material.

Each built post leaves a *fingerprint* of every story it covered in the archive: the item
keys, the links its items mention, the names most of its items use, its engagement. Today's
story matches an earlier one when it shares an item, a mentioned link, or its main name and
most of its top names. A match is then:

- a **follow-up** when there is new material: links the earlier story did not have (not
  links to other social posts), at least ``NEW_NAMES`` names it did not use, each in two or
  more posts (a new version, new figures), or engagement that at least doubled;
- a **repeat** otherwise, and left out of the post.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from digest.models import Story
from digest.stories.features import extract, settle_names
from digest.stories.rank import raw_engagement

TOP_NAMES = 10
NEW_NAMES = 2
ENGAGEMENT_JUMP = 2.0


@dataclass(frozen=True)
class Fingerprint:
    """What a post said about one story, kept to recognise the story on later days.

    Attributes:
        date: the post's date.
        story: the story's id that day.
        title: the lead item's title or text (for people reading the archive).
        items: archive keys of the story's items and copies.
        links: canonical links its items mention (not their own permalinks).
        names: the names most of its items use, commonest first.
        engagement: the story's raw engagement total.
    """

    date: str
    story: str
    title: str
    items: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    engagement: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """Plain data for the archive."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fingerprint:
        """Read one back from the archive."""
        return cls(
            date=str(data["date"]),
            story=str(data["story"]),
            title=str(data.get("title", "")),
            items=tuple(data.get("items", ())),
            links=tuple(data.get("links", ())),
            names=tuple(data.get("names", ())),
            engagement=float(data.get("engagement", 0.0)),
        )


@dataclass
class _Summary:
    links: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    keys: set[str] = field(default_factory=set)
    engagement: float = 0.0


def _summarise(story: Story) -> _Summary:
    items = story.all_items()
    feats = settle_names([extract(i) for i in items])
    counts: Counter[str] = Counter()
    links: set[str] = set()
    for f in feats:
        counts.update(set(f.names))
        links.update(link for link in f.links if link != f.permalink)
    names = [n for n, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_NAMES]]
    return _Summary(
        links=links,
        names=names,
        counts=counts,
        keys={i.key for i in items},
        engagement=sum(raw_engagement(i) for i in items),
    )


def fingerprint(story: Story, date: str) -> Fingerprint:
    """The fingerprint a post leaves of a story it covered."""
    summary = _summarise(story)
    lead = story.lead
    return Fingerprint(
        date=date,
        story=story.id,
        title=" ".join((lead.title or lead.text).split())[:120],
        items=tuple(sorted(summary.keys)),
        links=tuple(sorted(summary.links))[:100],
        names=tuple(summary.names),
        engagement=summary.engagement,
    )


# Links to posts on social sites: a quote or a reply links to a new one every day.
_SOCIAL_POSTS = (
    "https://x.com/i/status/", "https://reddit.com/comments/", "https://discord.com/channels/",
    "https://t.me/", "https://news.ycombinator.com/item",
)  # fmt: skip


def _matches(today: _Summary, past: Fingerprint) -> bool:
    if today.keys & set(past.items) or today.links & set(past.links):
        return True
    if not today.names or not past.names:
        return False
    shared = set(today.names) & set(past.names)
    smaller = min(len(today.names), len(past.names))
    return today.names[0] in past.names and len(shared) >= max(2, 0.5 * smaller)


def mark_novelty(stories: Sequence[Story], history: Sequence[Fingerprint]) -> list[Story]:
    """The stories with ``novelty``, ``seen`` and ``why`` set against earlier posts' stories.

    ``history`` holds the fingerprints of the look-back window's posts; the newest match wins.
    """
    past = sorted(history, key=lambda f: f.date, reverse=True)
    out = []
    for story in stories:
        if not past:
            out.append(story)
            continue
        today = _summarise(story)
        match = next((p for p in past if _matches(today, p)), None)
        if match is None:
            out.append(story)
            continue
        new_links = {
            link for link in today.links - set(match.links) if not link.startswith(_SOCIAL_POSTS)
        }
        # A new name counts when two posts use it: one post's aside is not new material.
        new_names = [n for n in today.names if n not in match.names and today.counts[n] >= 2]
        jump = match.engagement > 0 and today.engagement >= ENGAGEMENT_JUMP * match.engagement
        reasons = []
        if new_links:
            reasons.append(f"{len(new_links)} new link{'s' if len(new_links) > 1 else ''}")
        if len(new_names) >= NEW_NAMES:
            reasons.append("new names: " + ", ".join(new_names[:4]))
        if jump:
            reasons.append(f"engagement ×{today.engagement / match.engagement:.1f}")
        novelty = "follow-up" if reasons else "repeat"
        why = f"covered {match.date}" + (f"; {'; '.join(reasons)}" if reasons else "; nothing new")
        out.append(story.model_copy(update={"novelty": novelty, "seen": match.date, "why": why}))
    return out
