"""The plain data that passes between the pipeline's stages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


@dataclass(frozen=True)
class Window:
    """A half-open span of time ``[since, until)``, timezone-aware.

    Attributes:
        since: the first instant inside.
        until: the first instant after.
    """

    since: datetime
    until: datetime

    def __contains__(self, moment: datetime) -> bool:
        return self.since <= moment < self.until


class Item(BaseModel):
    """One post, entry or message from a source.

    Attributes:
        source: name of the source in ``sources.yaml``.
        id: the source's own identifier for the item (guid, status id, ...).
        url: the item's permalink (cleaned, http/https only), or ``None``.
        title: the item's title, if the source has titles.
        author: who wrote it, if known.
        text: clean plain text (HTML removed, mojibake repaired).
        published: when it was published (timezone-aware).
        links: links found in the text, cleaned, in order.
        language: a language code guessed from the text (``ko``, ``en``, ...).
        engagement: figures the source reports (``likes``, ``comments``, ``views``, ...).
        kind: the source type that produced it (``rss``, ...).
        reply_to: the archive key of the item this one answers or continues (a thread), if any.
    """

    model_config = ConfigDict(frozen=True)

    source: str
    id: str
    url: str | None = None
    title: str = ""
    author: str = ""
    text: str = ""
    published: datetime
    links: tuple[str, ...] = ()
    language: str = "und"
    engagement: dict[str, int] = Field(default_factory=dict)
    kind: str = "rss"
    reply_to: str | None = None

    @property
    def key(self) -> str:
        """The archive key of the item: unique across sources."""
        return f"{self.source}:{self.id}"


class Earlier(BaseModel):
    """What an earlier post said about a story that comes back as a follow-up.

    Attributes:
        date: the earlier post's date.
        story: the story's id that day.
        headline: the heading the post gave it (empty when it is not known).
        sentences: the post's sentences about it.
        new: the facts the novelty check found new today (numbers, versions, names, releases).
    """

    model_config = ConfigDict(frozen=True)

    date: str
    story: str
    headline: str = ""
    sentences: tuple[str, ...] = ()
    new: tuple[str, ...] = ()


class Story(BaseModel):
    """Items about one event, ranked.

    Attributes:
        id: a stable identifier derived from the story's items.
        items: the story's distinct items, lead item first.
        copies: for an item with copies (retweets, cross-posts), its key → the copies.
        score: the ranking score (higher first).
        duplicates: how many copies were folded into the items.
        breakdown: the parts the score is the sum of, by name.
        novelty: ``new``, ``follow-up`` (an earlier post covered it; there is new material)
            or ``repeat`` (covered already, nothing new: left out of the post).
        seen: the date of the earlier post that covered it, if any.
        why: a short explanation of the novelty verdict.
        earlier: for a follow-up, what the earlier post said and what is new.
        late_for: the date of an earlier post whose window its items were published in but
            that was built before they were first seen (they are carried into this post).
        unaddressed: keys of its items whose own address the build took away (a post under
            the address of an unlike earlier post of the day): they leave no address in its
            fingerprint.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    items: tuple[Item, ...]
    copies: dict[str, tuple[Item, ...]] = Field(default_factory=dict)
    score: float = 0.0
    duplicates: int = 0
    breakdown: dict[str, float] = Field(default_factory=dict)
    novelty: str = "new"
    seen: str | None = None
    why: str = ""
    earlier: Earlier | None = None
    late_for: str | None = None
    unaddressed: tuple[str, ...] = ()

    @property
    def lead(self) -> Item:
        """The item that best represents the story."""
        return self.items[0]

    def all_items(self) -> list[Item]:
        """The items and their copies, each item followed by its copies."""
        out: list[Item] = []
        for item in self.items:
            out.append(item)
            out.extend(self.copies.get(item.key, ()))
        return out

    def sources(self) -> list[str]:
        """The distinct sources the story was seen on, copies included."""
        return sorted({i.source for i in self.all_items()})


class Bullet(BaseModel):
    """One cited statement in the post.

    Attributes:
        topic: a short bold label (Overview bullets) or empty.
        text: the statement, plain text.
        cites: archive keys of the items that back it (never empty once validated).
    """

    topic: str = ""
    text: str
    cites: list[str]


class Section(BaseModel):
    """A titled group of bullets (a Preview category or an Overview theme).

    Attributes:
        title: the category or theme name.
        bullets: its cited bullets.
    """

    title: str
    bullets: list[Bullet]


class Link(BaseModel):
    """A link the renderer may print: its label and a URL that came from a source.

    Attributes:
        label: the visible text.
        url: the target (http/https, cleaned).
    """

    label: str
    url: str


class Digest(BaseModel):
    """Everything the renderer needs to write one post; saved as JSON beside the archive.

    Attributes:
        date: the post's date, ``YYYY-MM-DD``.
        title: the post title.
        description: a one-line description.
        tags: tags for the front matter.
        intro: the opening paragraph.
        preview: ``Today's Preview`` categories.
        viewpoint: the ``AI Viewpoint`` commentary, or empty.
        overview_heading: the heading under ``Today's Overview``.
        overview: ``Today's Overview`` themes.
        links: archive key → link, for every cited item.
        writer: which writer produced the text (``llm`` or ``extractive``).
    """

    date: str
    title: str
    description: str
    tags: list[str]
    intro: str
    preview: list[Section]
    viewpoint: str = ""
    overview_heading: str = ""
    overview: list[Section]
    links: dict[str, Link] = Field(default_factory=dict)
    writer: str = "llm"

    def cited_keys(self) -> list[str]:
        """Every archive key cited anywhere in the post, in order of first use."""
        seen: dict[str, None] = {}
        for section in [*self.preview, *self.overview]:
            for bullet in section.bullets:
                for key in bullet.cites:
                    seen.setdefault(key, None)
        return list(seen)
