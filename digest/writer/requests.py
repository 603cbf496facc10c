"""What the story calls and the composing call send: compact data, short ids, only what the
model can use.

A story goes to the model as ``{"items": [...]}``: each item ``{"id", "src", "by", "title",
"text"}`` (empty fields left out; see ``_entry`` for what is not sent), with ``also`` (other
sources that carried the same post) and ``flag`` (its words speak to the model) where they
apply, and ``follow_up`` / ``late_for`` for a story an earlier post covered or whose items came
late. Stories go several to a call, packed by the size of their data (``groups``), as
``{"batch": [{"story": "s1", "items": [...]}, ...]}``, their items numbered ``s1i1``; the
answer of a batch is split back into one answer per story (``split``), as if each had been
asked alone, and cached so.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from digest.config import LLMConfig
from digest.llm import estimate_tokens
from digest.models import Item, Story
from digest.quality import addresses_model, bare, sentences
from digest.textclean import truncate
from digest.writer.citations import diverse
from digest.writer.edits import clean_prose
from digest.writer.excerpts import says_nothing, unlabelled
from digest.writer.notes import MAX_FACTS
from digest.writer.prompts import data_block
from digest.writer.schemas import Fact, NotedStory, StoryBatch, StoryNotes

FLAG = "addresses the model"
"""The flag an item carries in the data when its text speaks to the model."""


@dataclass(frozen=True)
class StoryRequest:
    """A story call: its system and user messages, the ids its items were sent under, how
    many of them are flagged as addressing the model, and its data for a batch.

    Attributes:
        system: the system message (the rules, then the data marker).
        data: the user message (the delimited data).
        ids: short id (``i1``) → archive key.
        flagged: items flagged as addressing the model.
        payload: the story's data before it is delimited.
        tokens: the data's estimated tokens.
    """

    system: str
    data: str
    ids: dict[str, str]
    flagged: int
    payload: dict[str, Any]
    tokens: int


@dataclass(frozen=True)
class BatchRequest:
    """A call for several small stories: its messages and, per story, its name in the batch.

    Attributes:
        system: the system message.
        data: the user message.
        names: the stories' names in the batch (``s1``, ``s2``), in the members' order.
    """

    system: str
    data: str
    names: list[str]


_SAID = 12  # a sentence this long (letters and digits) is sent once per story
_NAMED = frozenset({"rss", "x"})
"""Kinds of source whose author is someone a note may name (a blog's writer, an X account); on
forums and chats (Hacker News, Reddit, Discord, Telegram) it is a user name or the channel's
own, which no note names."""


def _once(text: str, said: set[str]) -> str:
    """``text`` without the sentences in ``said`` (their ``bare`` forms, labels such as
    "요약:" or "Thread on" left out), which it joins, and without the ones that say nothing
    (``says_nothing``: "Read more · discussion", "🔗")."""
    kept = []
    for sentence in sentences(text):
        key = bare(unlabelled(sentence))  # "요약: X" and "Thread on X" say X again
        if (len(key) >= _SAID and key in said) or says_nothing(sentence):
            continue
        said.add(key)
        kept.append(sentence)
    return " ".join(kept)


def _author(item: Item) -> str:
    """The item's author when a note may name them: not on a forum or chat, and not the
    source's own name over again (``geeknews`` on ``geeknews-kr``)."""
    author, source = bare(item.author), bare(item.source)
    if item.kind not in _NAMED or not author or author in source or source in author:
        return ""
    return item.author


def _entry(item: Item, story: Story, cfg: LLMConfig, said: set[str]) -> dict[str, Any]:
    """One item for the model (see the module), without its id; title and text plain
    (``clean_prose``), without what ``said`` holds (what the story's earlier items said),
    which it joins. Empty when the item says nothing new.

    Cross-posts and write-ups repeat the announcement's sentences word for word (six times in
    one story of the sample day); each is sent once, and the model cites the item that says it.
    A title the text begins with is not sent twice. Engagement figures and times are not sent:
    no note may state a figure its items do not say (engagement is not in their words), and
    the stories are ranked, marked late or followed up in code.
    """
    entry: dict[str, Any] = {"src": item.source}
    if author := _author(item):
        entry["by"] = author
    title, text = clean_prose(item.title), clean_prose(item.text)
    if bare(title) and bare(text).startswith(bare(title)):
        title = ""  # the text says it first
    if title and bare(title) not in said:
        whole, title = bare(title), _once(title, said)
        said.add(whole)
        if title:
            entry["title"] = title
    text = truncate(_once(text, said), cfg.item_chars)
    if text:
        entry["text"] = text
    if "title" not in entry and "text" not in entry:
        return {}
    others = sorted({c.source for c in story.copies.get(item.key, ()) if c.source != item.source})
    if others:
        entry["also"] = others
    if addresses_model(f"{item.title}\n{item.text}"):
        entry["flag"] = FLAG  # judged on the raw text
    return entry


def _earlier(story: Story) -> dict[str, Any]:
    """What the earlier post said about a follow-up, and what the novelty check found new."""
    earlier = story.earlier
    if earlier is None:
        return {}
    said = {"earlier_headline": earlier.headline, "earlier_sentences": list(earlier.sentences)}
    return {**{k: v for k, v in said.items() if v}, "new_facts": list(earlier.new)}


def story_request(env: jinja2.Environment, story: Story, cfg: LLMConfig) -> StoryRequest | None:
    """The messages of a story call and its ids; None if nothing could be cited.

    Items go one per kind of source first, within ``story_input_tokens``.
    """
    offered = diverse(story, cfg.max_items_per_story)
    said: set[str] = set()
    said_once = [(item, _entry(item, story, cfg, said)) for item in offered]
    # An item that adds nothing is not sent (unless none adds anything: the story still goes).
    kept = [(item, e) for item, e in said_once if e] or said_once[:1]
    numbered = [
        ({"id": f"i{n}", **(e or {"src": item.source})}, item)
        for n, (item, e) in enumerate(kept, start=1)
    ]
    items = within((entry for entry, _ in numbered), cfg.story_input_tokens)
    if not items:
        return None  # no item with a permalink: nothing could be cited
    ids = {entry["id"]: item.key for entry, item in numbered[: len(items)]}
    payload: dict[str, Any] = {"items": items}
    if story.novelty == "follow-up" and story.seen:
        payload["follow_up"] = {"covered_on": story.seen, **_earlier(story)}
    if story.late_for:
        payload["late_for"] = story.late_for
    marker, data = data_block(payload)
    system = env.get_template("story_system.md.j2").render(marker=marker, max_facts=MAX_FACTS)
    flagged = sum(1 for entry in items if entry.get("flag") == FLAG)
    tokens = estimate_tokens(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
    return StoryRequest(system, data, ids, flagged, payload, tokens)


def groups(
    requests: Sequence[StoryRequest | None],
    todo: Callable[[int], bool],
    cfg: LLMConfig,
) -> list[list[int]]:
    """Runs of stories (by rank) to ask in one call each; a story alone is not a group.

    Stories are packed by the size of their data: a group holds at most twice
    ``story_input_tokens`` of it (and ``stories_per_call`` stories), so a small day is one
    call and the rules are sent once. A story with an item flagged as addressing the model is
    asked alone, so that its words reach no other story's notes. ``todo`` says which stories
    still need asking (not cached).
    """
    out: list[list[int]] = []
    if cfg.stories_per_call < 2:
        return out
    current: list[int] = []
    spent = 0
    budget = 2 * cfg.story_input_tokens
    for n, request in enumerate(requests):
        if request is None or request.flagged or not todo(n):
            continue
        if current and (len(current) >= cfg.stories_per_call or spent + request.tokens > budget):
            out.append(current)
            current, spent = [], 0
        current.append(n)
        spent += request.tokens
    out.append(current)
    return [g for g in out if len(g) > 1]


def batch_request(env: jinja2.Environment, members: Sequence[StoryRequest]) -> BatchRequest:
    """One call for ``members``: each story named ``s1``, ``s2``..., its item ids prefixed."""
    names = [f"s{k}" for k in range(1, len(members) + 1)]
    batch = []
    for name, member in zip(names, members, strict=True):
        story = {"story": name, **member.payload}
        story["items"] = [{**e, "id": f"{name}{e['id']}"} for e in member.payload["items"]]
        batch.append(story)
    marker, data = data_block({"batch": batch})
    system = env.get_template("story_system.md.j2").render(marker=marker, max_facts=MAX_FACTS)
    return BatchRequest(system, data, names)


def split(answer: StoryBatch, batch: BatchRequest) -> dict[str, StoryNotes]:
    """The batch's answer as one answer per story name, cited with the story's own ids
    (``s2i1`` → ``i1``; an id of another story stays as written and is unknown there)."""
    out: dict[str, StoryNotes] = {}
    for notes in answer.stories:
        name = notes.story.strip()
        if name not in batch.names or name in out:
            continue

        def own(cite: str, name: str = name) -> str:
            return cite[len(name) :] if cite.startswith(name + "i") else cite

        out[name] = StoryNotes(
            headline=notes.headline,
            category=notes.category,
            summary=notes.summary,
            facts=[Fact(text=f.text, cites=[own(c) for c in f.cites]) for f in notes.facts],
        )
    return out


def within(entries: Iterable[dict[str, Any]], budget: int) -> list[dict[str, Any]]:
    """The leading entries whose estimated tokens fit in ``budget`` (the first always)."""
    kept: list[dict[str, Any]] = []
    spent = 0
    for entry in entries:
        cost = estimate_tokens(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
        if kept and spent + cost > budget:
            break
        spent += cost
        kept.append(entry)
    return kept


def compose_entry(rank: int, noted: NotedStory) -> dict[str, Any]:
    """A story's checked notes for the composing call, citing ``S{rank}i{n}`` ids; stories
    come in rank order, so the id says the rank."""
    sid = f"S{rank}"
    story, notes = noted.story, noted.notes
    short = {key: local for local, key in noted.ids.items()}
    return {
        "id": sid,
        "sources": len(story.sources()),
        **({"follow_up_of": story.seen} if story.novelty == "follow-up" else {}),
        **({"late_for": story.late_for} if story.late_for else {}),
        "headline": notes.headline,
        "category": notes.category,
        "summary": notes.summary,
        "facts": [
            {"text": f.text, "cites": [f"{sid}{short[c]}" for c in f.cites]} for f in notes.facts
        ],
    }
