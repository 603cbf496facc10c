"""What the model answers in, and the checked notes that travel from the story calls onward."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from digest.models import Story


class Fact(BaseModel):
    """One sentence about a story and the item ids behind it."""

    text: str
    cites: list[str]


class StoryNotes(BaseModel):
    """The model's notes on one story."""

    headline: str
    category: str
    summary: str
    facts: list[Fact] = Field(max_length=8)


class BatchNotes(StoryNotes):
    """The notes on one story of a batch, naming it as the data does (``s2``)."""

    story: str


class StoryBatch(BaseModel):
    """The model's notes on the stories of a batch, one entry per story."""

    stories: list[BatchNotes]


class PlanBullet(BaseModel):
    """A bullet of the composed post."""

    topic: str
    text: str
    cites: list[str]


class PlanSection(BaseModel):
    """A category or theme of the composed post."""

    title: str
    bullets: list[PlanBullet]


class PlanFix(BaseModel):
    """A rewrite of one part of the composed post that had problems (empty text: drop it)."""

    where: str
    text: str
    cites: list[str]


class PlanFixes(BaseModel):
    """The composing call's re-ask: rewrites of the parts that had problems, nothing else."""

    fixes: list[PlanFix]


class PostPlan(BaseModel):
    """The composed post."""

    title: str
    description: str
    tags: list[str]
    intro: str
    preview: list[PlanSection]
    viewpoint: str
    overview_heading: str
    overview: list[PlanSection]


@dataclass(frozen=True)
class NotedStory:
    """A story, the model's notes on it and the short ids its items were sent under.

    Attributes:
        story: the story.
        notes: the model's notes (checked once the writer keeps them; their cites are then
            archive keys).
        ids: short id the model saw (``i1``) → archive key.
    """

    story: Story
    notes: StoryNotes
    ids: dict[str, str]
