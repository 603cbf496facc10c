"""The LLM writer's own promises against the fake server: follow-up and late marks that hold
whatever the model wrote."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from digest.archive import Archive
from digest.config import LLMConfig, OutputConfig
from digest.llm import StructuredLLM, make_client
from digest.models import Item, Story
from digest.render import render_post
from digest.writer.llm import LLMWriter
from tests.fake_openai import FakeOpenAI, Reply, Seen, answer, data_of, scripted_model

T0 = datetime(2024, 5, 3, 3, 0, tzinfo=UTC)
DAY = date(2024, 5, 4)
TOPICS = ["Kapo 3.5 ships", "Zebel paper tops GPQA", "Quorin raises funds", "Lumove v2 lands"]


def story(n: int, **fields: Any) -> Story:
    items = tuple(
        Item(
            source=f"src{k}",
            id=f"{n}-{k}",
            url=f"https://example.com/{n}/{k}",
            title=f"{TOPICS[n]} ({k})",
            author=f"author{k}",
            text=f"{TOPICS[n]}, the team said today.",
            published=T0 + timedelta(minutes=k),
        )
        for k in range(2)
    )
    return Story(id=f"s{n}", items=items, score=10 - n, **fields)


def writer(server: FakeOpenAI, archive: Archive, **overrides: Any) -> LLMWriter:
    cfg = LLMConfig(
        base_url=server.base_url, model="fake-model", max_retries=1, concurrency=1, **overrides
    )
    return LLMWriter(StructuredLLM(cfg, archive, make_client(cfg)), cfg, OutputConfig())


def bullets_of(digest: Any, n: int) -> list[Any]:
    """The bullets of story ``n`` (by their first citation)."""
    return [
        b
        for section in [*digest.preview, *digest.overview]
        for b in section.bullets
        if b.cites and b.cites[0].split(":", 1)[1].startswith(f"{n}-")
    ]


def test_follow_ups_and_late_stories_are_marked_whatever_the_model_wrote(
    server: FakeOpenAI, archive: Archive
) -> None:
    # The scripted model never writes a mark: its headlines and bullets are plain news.
    stories = [
        story(0, novelty="follow-up", seen="2024-05-02"),
        story(1),
        story(2, late_for="2024-05-03"),
        story(3, novelty="follow-up", seen="2024-05-01"),
    ]
    digest, _ = writer(server, archive).write(stories, DAY.isoformat())
    answers = [json.dumps(scripted_model(r).content) for r in server.chat_requests]
    assert not any("후속" in a or "늦게" in a for a in answers)
    lead = bullets_of(digest, 0)  # in the Preview: the mark opens the bullet
    assert lead and lead[0].text.startswith("[후속 · 2024-05-02 보도] ")
    assert not any("후속" in b.text for b in lead[1:])  # once per story
    late = bullets_of(digest, 2)
    assert late and "[늦게 확인 · 2024-05-03 다이제스트 이후]" in late[0].text + late[0].topic
    last = bullets_of(digest, 3)  # in the Overview: the mark opens the topic
    assert last and last[0].topic.startswith("[후속 · 2024-05-01 보도]")
    assert not any("후속" in b.text + b.topic for b in bullets_of(digest, 1))
    post = render_post(digest, created=DAY, updated=DAY)
    for mark in ("후속 · 2024-05-02 보도", "후속 · 2024-05-01 보도"):
        assert f"\\[{mark}\\]" in post  # brackets escaped as Markdown text


def test_a_mark_the_model_wrote_is_not_doubled(server: FakeOpenAI, archive: Archive) -> None:
    def marks_itself(request: Seen) -> Reply:
        reply = scripted_model(request)
        if "items" in data_of(request):
            return reply
        plan = json.loads(reply.content or "{}")
        first = plan["preview"][0]["bullets"][0]
        first["text"] = "후속(2024-05-02): " + first["text"]
        return answer(plan)

    server.responder = marks_itself
    stories = [story(0, novelty="follow-up", seen="2024-05-02"), story(1)]
    digest, _ = writer(server, archive).write(stories, DAY.isoformat())
    text = json.dumps(digest.model_dump(mode="json"), ensure_ascii=False)
    assert text.count("후속") == 1, text
