"""Novelty across days: a story an earlier post covered is a repeat, or a follow-up when it
brings new facts.

Each built post leaves a *fingerprint* of every story it covered in the archive: the item
keys, the links its items carry, the names its items use (with how many items use each), its
engagement. Today's story is judged against **all** the coverage of the look-back window
together, not against one earlier story:

- it *matches* every earlier story that shares an item or a specific link with it, or whose
  *anchor names* it shares. A story's anchors are its names weighted by rarity (a name few
  other stories use, today's one by one and earlier posts' one per date: ``kanana``,
  ``garnet-4``, not ``openai``) and by how many of its items use them; bare numbers (``15``,
  ``2025``) weigh half. Two stories match when the names they share carry more than
  ``MATCH_SHARE`` of either one's anchor weight and include a distinctive one, or when they
  share two names no other story uses (``codestral`` and ``25.08``), a product name with its
  version counting twice (``garnet-4``). So a follow-up that adds ten new names still matches
  through the few it keeps, and a Korean retelling matches through the Latin names and
  numbers it keeps;
- *what is new* is measured as new **facts** against everything covered: names (numbers with
  units, versions, sizes, prices, product names) no earlier story in the window used, each
  in two of today's posts or carrying a digit, plus new links to release pages (a repository,
  a model card, a paper). A new link elsewhere (a press article retelling a covered story)
  is not news;
- a match is a **follow-up** with at least ``NEW_FACTS`` new facts (a figure counts once
  whatever its unit word: ``128k-token`` is ``128k``); otherwise a **repeat** (a roundup whose
  links were all covered is a *recap*, a repeat too) and left out of the post. More
  engagement is not news: a covered story that spreads is still a repeat (the *why* says so).

A follow-up carries an ``Earlier``: the date and story it follows and the new facts; the
earlier post's headline and sentences are added from its saved digest by ``recall``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from digest.models import Digest, Earlier, Story
from digest.stories.features import extract, settle_names
from digest.stories.rank import raw_engagement

TOP_NAMES = 10
MAX_FACTS = 60
MATCH_SHARE = 0.5
NEW_FACTS = 2
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
        permalinks: canonical keys of its items' own URLs.
        facts: every name its items use (up to ``MAX_FACTS``) → how many items use it.
    """

    date: str
    story: str
    title: str
    items: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    engagement: float = 0.0
    permalinks: tuple[str, ...] = ()
    facts: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Plain data for the archive."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fingerprint:
        """Read one back from the archive (a fingerprint from before ``facts`` reads too)."""
        names = tuple(data.get("names", ()))
        facts = data.get("facts") or dict.fromkeys(names, 1)
        return cls(
            date=str(data["date"]),
            story=str(data["story"]),
            title=str(data.get("title", "")),
            items=tuple(data.get("items", ())),
            links=tuple(data.get("links", ())),
            names=names,
            engagement=float(data.get("engagement", 0.0)),
            permalinks=tuple(data.get("permalinks", ())),
            facts={str(k): int(v) for k, v in facts.items()},
        )


@dataclass
class _Summary:
    links: set[str] = field(default_factory=set)
    permalinks: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    keys: set[str] = field(default_factory=set)
    engagement: float = 0.0


def _summarise(story: Story) -> _Summary:
    items = story.all_items()
    feats = settle_names([extract(i) for i in items])
    counts: Counter[str] = Counter()
    links: set[str] = set()
    permalinks: set[str] = set()
    for f in feats:
        counts.update(set(f.names))
        links.update(link for link in f.links if link != f.permalink)
        if f.permalink:
            permalinks.add(f.permalink)
    names = [n for n, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return _Summary(
        links=links,
        permalinks=permalinks,
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
        names=tuple(summary.names[:TOP_NAMES]),
        engagement=summary.engagement,
        permalinks=tuple(sorted(summary.permalinks))[:100],
        facts={n: summary.counts[n] for n in summary.names[:MAX_FACTS]},
    )


# Links to posts on social sites: a quote or a reply links to a new one every day.
_SOCIAL_POSTS = (
    "https://x.com/i/status/", "https://reddit.com/comments/", "https://discord.com/channels/",
    "https://t.me/", "https://news.ycombinator.com/item",
)  # fmt: skip
# Links that are a release in themselves: code, weights, a paper.
_RELEASES = (
    "https://github.com/", "https://huggingface.co/", "https://arxiv.org/abs/",
    "https://arxiv.org/pdf/", "https://pypi.org/project/", "https://www.npmjs.com/package/",
)  # fmt: skip


def _bare(name: str) -> bool:
    """A plain number (``15``, ``2025``): the day of a month as often as a figure."""
    return name.isdigit()


def _product(name: str) -> bool:
    """A product or model name with its version (``garnet-4``, ``gpt-4o``, ``n7``)."""
    return name[0].isalpha() and _has_digit(name)


def _core(name: str) -> str:
    """A figure without its unit word or percent sign: ``128k-token`` and ``128k``, ``73.3%``
    and ``73.3`` state the same fact."""
    name = name.removesuffix("%")
    head, dash, tail = name.partition("-")
    return head if dash and _has_digit(head) and tail.isalpha() else name


def _has_digit(name: str) -> bool:
    return any(c.isdigit() for c in name)


@dataclass(frozen=True)
class _Doc:
    """One story's names as the matcher weighs them: name → how central it is (0–1]."""

    centrality: dict[str, float]

    @classmethod
    def of(cls, counts: dict[str, int] | Counter[str]) -> _Doc:
        top = max(counts.values(), default=1)
        return cls({n: c / top for n, c in counts.items()})


def _share(a: _Doc, b: _Doc, df: Counter[str]) -> tuple[float, float, float]:
    """How much of ``a``'s and of ``b``'s anchor weight the shared names carry; their rarity.

    A name's rarity is 1 / (1 + the number of *other* stories that use it); bare numbers
    weigh half.
    """
    shared = a.centrality.keys() & b.centrality.keys()
    if not shared:
        return 0.0, 0.0, 0.0

    def rarity(name: str, both: bool) -> float:
        others = df[name] - (2 if both else 1)
        return (0.5 if _bare(name) else 1.0) / (1 + max(others, 0))

    def part(doc: _Doc) -> float:
        total = got = 0.0
        for name, central in doc.centrality.items():
            weight = rarity(name, name in shared) * central
            total += weight
            if name in shared:
                got += weight
        return got / total if total else 0.0

    distinct = sum(rarity(n, True) * (2 if _product(n) else 1) for n in shared if not _bare(n))
    return part(a), part(b), distinct


def mark_novelty(stories: Sequence[Story], history: Sequence[Fingerprint]) -> list[Story]:
    """The stories with ``novelty``, ``seen``, ``why`` and ``earlier`` set against the history.

    ``history`` holds the fingerprints of the look-back window's posts. A story that matches
    several earlier stories follows the closest one (the newest on a tie).
    """
    if not history:
        return list(stories)
    past = sorted(history, key=lambda f: f.date, reverse=True)
    summaries = [_summarise(s) for s in stories]
    past_docs = [_Doc.of(p.facts or dict.fromkeys(p.names, 1)) for p in past]
    today_docs = [_Doc.of(s.counts) for s in summaries]
    # How many other stories use a name: today's stories one by one, earlier posts one per
    # date (a story an earlier post told in two parts is still one story).
    df: Counter[str] = Counter()
    for doc in today_docs:
        df.update(doc.centrality.keys())
    by_date: dict[str, set[str]] = {}
    for p, doc in zip(past, past_docs, strict=True):
        by_date.setdefault(p.date, set()).update(doc.centrality)
    for names in by_date.values():
        df.update(names)
    by_name: dict[str, list[int]] = {}
    for index, doc in enumerate(past_docs):
        for name in doc.centrality:
            by_name.setdefault(name, []).append(index)
    covered_names: set[str] = set()
    covered_links: set[str] = set()
    for p in past:
        covered_names.update(p.facts or p.names)
    covered_cores = {_core(n) for n in covered_names}
    for p in past:
        covered_links.update(p.links)
        covered_links.update(p.permalinks)

    # Earlier stories by the items and links they hold: a story meets those it shares one with.
    by_item: dict[str, list[int]] = {}
    by_link: dict[str, list[int]] = {}
    for index, p in enumerate(past):
        for key in p.items:
            by_item.setdefault(key, []).append(index)
        for link in {*p.links, *p.permalinks}:
            by_link.setdefault(link, []).append(index)

    out = []
    for story, today, doc in zip(stories, summaries, today_docs, strict=True):
        matches: list[tuple[float, int]] = []
        candidates = {i for n in doc.centrality for i in by_name.get(n, ())}
        linked = {i for k in today.keys for i in by_item.get(k, ())}
        linked.update(i for k in today.links | today.permalinks for i in by_link.get(k, ()))
        for index in range(len(past)):
            if index in linked:
                matches.append((2.0, index))
                continue
            if index not in candidates:
                continue
            mine, theirs, distinct = _share(doc, past_docs[index], df)
            if (max(mine, theirs) > MATCH_SHARE and distinct >= 1.0) or distinct >= 2.0:
                matches.append((max(mine, theirs), index))
        if not matches:
            out.append(story)
            continue
        # The closest match; the newest (lowest index) on a tie.
        best = past[min(matches, key=lambda m: (-m[0], m[1]))[1]]
        new_facts = [
            n
            for n in today.names
            if n not in covered_names
            and _core(n) not in covered_cores
            and (today.counts[n] >= 2 or (_has_digit(n) and not _bare(n)))
        ]
        new_links = sorted(
            link
            for link in (today.links | today.permalinks) - covered_links
            if not link.startswith(_SOCIAL_POSTS)
        )
        releases = [link for link in new_links if link.startswith(_RELEASES)]
        jump = best.engagement > 0 and today.engagement >= ENGAGEMENT_JUMP * best.engagement
        reasons = []
        if new_facts:
            reasons.append("new facts: " + ", ".join(new_facts[:6]))
        if new_links:
            reasons.append(f"{len(new_links)} new link{'s' if len(new_links) > 1 else ''}")
        if jump:
            reasons.append(f"engagement ×{today.engagement / best.engagement:.1f}")
        # Attention is not news: a covered story that spreads further is still a repeat.
        follow = len(new_facts) + len(releases) >= NEW_FACTS
        stories_matched = len({past[i].story for _, i in matches})
        covered = f"covered {best.date}"
        if stories_matched > 1:
            covered += f" (recap of {stories_matched} covered stories)" if not follow else ""
        if follow:
            novelty, why = "follow-up", f"{covered}; {'; '.join(reasons)}"
            earlier = Earlier(
                date=best.date, story=best.story, new=tuple([*new_facts[:8], *releases[:3]])
            )
        else:
            detail = f" ({'; '.join(reasons)}: not enough)" if reasons else ""
            novelty, why, earlier = "repeat", f"{covered}; nothing new{detail}", None
        out.append(
            story.model_copy(
                update={"novelty": novelty, "seen": best.date, "why": why, "earlier": earlier}
            )
        )
    return out


def recall(story: Story, earlier_post: Digest | None, item_keys: Sequence[str]) -> Story:
    """A follow-up with the earlier post's headline and sentences about it filled in.

    ``item_keys`` are the earlier story's items (its fingerprint's): the post's bullets that
    cite one of them are what it said; the heading over the first is its headline.
    """
    if story.earlier is None or earlier_post is None:
        return story
    keys = set(item_keys)
    headline = ""
    sentences: list[str] = []
    for section in [*earlier_post.preview, *earlier_post.overview]:
        for bullet in section.bullets:
            if keys & set(bullet.cites):
                if not headline:
                    headline = bullet.topic or section.title
                sentences.append(bullet.text)
    earlier = story.earlier.model_copy(
        update={"headline": headline, "sentences": tuple(sentences[:6])}
    )
    return story.model_copy(update={"earlier": earlier})
