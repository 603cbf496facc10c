"""The reddit and hackernews sources against local servers speaking their wire formats."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from digest.errors import FetchError
from digest.sources.hackernews import HackerNewsSource
from digest.sources.reddit import RedditSource
from tests.conftest import SAMPLE
from tests.httpserver import LocalServer, Reply
from tests.sourcectx import SINCE, UNTIL, WINDOW, fetch_context, mojibake

JSON = {"Content-Type": "application/json; charset=UTF-8"}


# --- reddit ----------------------------------------------------------------------------------
def post(ident: str, when: datetime, title: str, **extra: Any) -> dict[str, Any]:
    """A ``t3`` child as ``/r/<sub>/new.json?raw_json=1`` lists it."""
    slug = "_".join(title.lower().split()[:5])
    data = {
        "subreddit": "LocalLLaMA", "selftext": "", "title": title, "name": f"t3_{ident}",
        "id": ident, "score": 10, "num_comments": 2, "is_self": False, "stickied": False,
        "created_utc": float(int(when.timestamp())), "author": "someone",
        "permalink": f"/r/LocalLLaMA/comments/{ident}/{slug}/",
        "url": "https://lab.example/post?utm_source=reddit", "removed_by_category": None,
        **extra,
    }  # fmt: skip
    return {"kind": "t3", "data": data}


def listing(children: list[dict[str, Any]], after: str | None) -> Reply:
    data = {"after": after, "dist": len(children), "modhash": "", "geo_filter": None,
            "children": children, "before": None}  # fmt: skip
    body = {"kind": "Listing", "data": data}
    return Reply(200, json.dumps(body), JSON)


def reddit(server: LocalServer, **extra: Any) -> RedditSource:
    return RedditSource(
        type="reddit", name="rl", subreddit="LocalLLaMA", base_url=server.base, **extra
    )


def test_new_pages_with_after_until_before_the_window(tmp_path: Path) -> None:
    hour = timedelta(hours=1)
    first = [post(f"a{k:02d}", UNTIL - hour * k, f"Post {k}") for k in range(0, 13)]
    second = [post(f"b{k:02d}", UNTIL - hour * k, f"Post {k}") for k in range(13, 27)]

    def route(handler: BaseHTTPRequestHandler) -> Reply:
        query = parse_qs(urlsplit(handler.path).query)
        assert query["raw_json"] == ["1"] and query["limit"] == ["100"]
        if query.get("after") == ["t3_a12"]:
            return listing(second, "t3_b26")
        return listing(first, "t3_a12")

    with LocalServer({"/r/LocalLLaMA/new.json": route}) as server, fetch_context(tmp_path) as ctx:
        items = reddit(server).fetch(ctx)
        assert server.hits("/r/LocalLLaMA/new.json") == 2  # the second page reaches past the start
    # UNTIL itself (k=0) is the next day; k=24 is SINCE, the first instant of the window.
    assert sorted(int(i.title.split()[1]) for i in items) == list(range(1, 25))
    item = next(i for i in items if i.title == "Post 1")
    assert item.url == "https://www.reddit.com/r/LocalLLaMA/comments/a01/post_1/"
    assert item.links == ("https://lab.example/post",)
    assert item.engagement == {"score": 10, "comments": 2} and item.kind == "reddit"


def test_self_posts_crossposts_stickies_mojibake_and_min_score(tmp_path: Path) -> None:
    when = SINCE + timedelta(hours=2)
    children = [
        post("s1", when, mojibake("Llama 3 – “fine-tune” notes"), is_self=True,
             selftext="See https://github.com/unslothai/unsloth. Works on 24GB.", score=50),
        post("s2", when, "Rules", stickied=True),
        post("s3", when, "Low score", score=1),
        post("s4", when, "Removed", removed_by_category="moderator"),
        post("s5", when, "Crosspost", crosspost_parent_list=[
            {"permalink": "/r/MachineLearning/comments/zz1/original/"}]),
    ]  # fmt: skip
    route = {"/r/LocalLLaMA/top.json": listing(children, None)}
    with LocalServer(route) as server, fetch_context(tmp_path) as ctx:
        items = {i.id: i for i in reddit(server, listing="top", min_score=5).fetch(ctx)}
        query = parse_qs(urlsplit(server.requests[0].path).query)
    assert query["t"] == ["day"]
    assert set(items) == {"s1", "s5"}
    assert items["s1"].title == "Llama 3 – “fine-tune” notes"
    assert items["s1"].links == ("https://github.com/unslothai/unsloth",)
    assert items["s5"].links[0] == "https://www.reddit.com/r/MachineLearning/comments/zz1/original/"


def test_a_block_page_with_status_200_is_an_error(tmp_path: Path) -> None:
    page = b"<!DOCTYPE html><html><body>whoa there, pardner! You've been blocked</body></html>"
    route = {"/r/LocalLLaMA/new.json": Reply(200, page, {"Content-Type": "text/html"})}
    with LocalServer(route) as server, fetch_context(tmp_path) as ctx:
        with pytest.raises(FetchError, match="web page instead of the listing") as caught:
            reddit(server).fetch(ctx)
    assert "user_agent" in str(caught.value)


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (Reply(403, "{}"), "access denied"),
        (Reply(404, "{}"), "not found"),
        (Reply(503), "server error 503 after 3 attempts"),
        (Reply(429, headers={"Retry-After": "7200"}), "asks to wait 7,200 s"),
        (Reply(200, '{"kind": "Listing", "data": {"chil', JSON), "malformed JSON"),
        (Reply(200, '{"error": 404, "message": "Not Found"}', JSON), "other than a listing"),
    ],
)
def test_failures_are_reported_in_words_a_user_can_act_on(
    tmp_path: Path, reply: Reply, words: str
) -> None:
    with LocalServer({"/r/LocalLLaMA/new.json": reply}) as server, fetch_context(tmp_path) as ctx:
        with pytest.raises(FetchError, match=words):
            reddit(server).fetch(ctx)


def test_a_rate_limit_with_a_short_wait_is_retried(tmp_path: Path) -> None:
    ok = listing([post("r1", SINCE + timedelta(hours=1), "Fine")], None)
    route = {"/r/LocalLLaMA/new.json": [Reply(429, headers={"Retry-After": "0"}), ok]}
    with LocalServer(route) as server, fetch_context(tmp_path) as ctx:
        assert [i.id for i in reddit(server).fetch(ctx)] == ["r1"]


REDDIT_RSS = """<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" \
xmlns:media="http://search.yahoo.com/mrss/"><category term="LocalLLaMA" label="r/LocalLLaMA"/>\
<updated>2024-05-03T10:00:00+00:00</updated><id>/r/LocalLLaMA/new/.rss</id>\
<link rel="self" href="https://www.reddit.com/r/LocalLLaMA/new/.rss" type="application/atom+xml" />\
<title>newest submissions : LocalLLaMA</title>\
<entry><author><name>/u/someone</name><uri>https://www.reddit.com/user/someone</uri></author>\
<category term="LocalLLaMA" label="r/LocalLLaMA"/><content type="html">&lt;!-- SC_OFF --&gt;\
&lt;div class=&quot;md&quot;&gt;&lt;p&gt;Phi-3 runs at 20 tok/s on my phone. \
&lt;a href=&quot;https://huggingface.co/microsoft/Phi-3-mini-4k-instruct&quot;&gt;model&lt;/a&gt;\
&lt;/p&gt;&lt;/div&gt;</content><id>t3_1cj2abc</id>\
<link href="https://www.reddit.com/r/LocalLLaMA/comments/1cj2abc/phi3_on_a_phone/" />\
<updated>2024-05-03T09:00:00+00:00</updated><published>2024-05-03T09:00:00+00:00</published>\
<title>Phi-3 on a phone</title></entry></feed>"""


def test_the_rss_feed_is_read_when_asked_for(tmp_path: Path) -> None:
    route = {
        "/r/LocalLLaMA/new/.rss": Reply(200, REDDIT_RSS, {"Content-Type": "application/atom+xml"})
    }
    with LocalServer(route) as server, fetch_context(tmp_path) as ctx:
        items = reddit(server, format="rss").fetch(ctx)
    assert len(items) == 1
    item = items[0]
    assert item.id == "1cj2abc" and item.kind == "reddit"
    assert item.url == "https://www.reddit.com/r/LocalLLaMA/comments/1cj2abc/phi3_on_a_phone/"
    assert "https://huggingface.co/microsoft/Phi-3-mini-4k-instruct" in item.links


def test_the_sample_listing_reads_offline(tmp_path: Path) -> None:
    source = RedditSource(type="reddit", name="rl", subreddit="LocalLLaMA",
                          url=str(SAMPLE / "social" / "reddit-localllama.json"))  # fmt: skip
    with fetch_context(tmp_path) as ctx:
        items = source.fetch(ctx)
    assert len(items) >= 9 and all(i.published in WINDOW for i in items)
    assert not any(i.title == "Weekly rules and FAQ" for i in items)


# --- hacker news -----------------------------------------------------------------------------
def hit(ident: int, when: datetime, title: str, **extra: Any) -> dict[str, Any]:
    """A hit of ``/api/v1/search_by_date?tags=story``."""
    return {
        "_highlightResult": {}, "_tags": ["story", "author_pg", f"story_{ident}"],
        "author": "pg", "children": [], "created_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "created_at_i": int(when.timestamp()), "num_comments": 12, "objectID": str(ident),
        "points": 100, "story_id": ident, "title": title, "updated_at": "2024-05-04T00:00:00Z",
        "url": f"https://lab.example/{ident}?utm_source=hn", **extra,
    }  # fmt: skip


def answer(hits: list[dict[str, Any]], page: int, pages: int) -> Reply:
    body = {"exhaustive": {"nbHits": True}, "hits": hits, "hitsPerPage": 100,
            "nbHits": 100 * pages, "nbPages": pages, "page": page, "processingTimeMS": 1,
            "query": "", "params": ""}  # fmt: skip
    return Reply(200, json.dumps(body), JSON)


def hn(server: LocalServer, **extra: Any) -> HackerNewsSource:
    return HackerNewsSource(type="hackernews", name="hn", base_url=server.url("/api/v1"), **extra)


def test_the_window_is_asked_for_exactly_and_pages_are_followed(tmp_path: Path) -> None:
    minute = timedelta(minutes=1)

    def route(handler: BaseHTTPRequestHandler) -> Reply:
        query = parse_qs(urlsplit(handler.path).query)
        page = int(query["page"][0])
        hits = [hit(1000 + page * 10 + k, SINCE + minute * (page * 10 + k), f"S{page}{k}")
                for k in range(10)]  # fmt: skip
        return answer(hits, page, 3)

    with LocalServer({"/api/v1/search_by_date": route}) as server, fetch_context(tmp_path) as ctx:
        items = hn(server, query="LLM").fetch(ctx)
        query = parse_qs(urlsplit(server.requests[0].path).query)
        assert server.hits("/api/v1/search_by_date") == 3
    since, until = int(SINCE.timestamp()), int(UNTIL.timestamp())
    assert query["numericFilters"] == [f"created_at_i>={since},created_at_i<{until}"]
    assert query["tags"] == ["story"] and query["query"] == ["LLM"]
    assert len(items) == 30
    item = items[0]
    assert item.url == f"https://news.ycombinator.com/item?id={item.id}"
    assert item.links[0] == f"https://lab.example/{item.id}"
    assert item.engagement == {"points": 100, "comments": 12} and item.kind == "hackernews"


def test_ask_hn_min_points_mojibake_and_items_outside_the_window(tmp_path: Path) -> None:
    when = SINCE + timedelta(hours=1)
    hits = [
        hit(1, when, "Ask HN: Who runs LLMs on-device?", url=None,
            story_text="<p>I tried <a href=\"https://github.com/ml-explore/mlx\" rel=\"nofollow\">"
                       "MLX</a> &amp; llama.cpp.</p>"),
        hit(2, when, mojibake("Kolmogorov–Arnold “networks”")),
        hit(3, when, "Few points", points=1),
        hit(4, UNTIL, "Tomorrow"),
        {**hit(5, when, ""), "title": None},
    ]  # fmt: skip
    with LocalServer({"/api/v1/search_by_date": answer(hits, 0, 1)}) as server:
        with fetch_context(tmp_path) as ctx:
            items = {i.id: i for i in hn(server, min_points=5).fetch(ctx)}
    assert set(items) == {"1", "2"}
    ask = items["1"]
    assert ask.url == "https://news.ycombinator.com/item?id=1"
    assert ask.text == "I tried MLX & llama.cpp." and ask.links == (
        "https://github.com/ml-explore/mlx",
    )
    assert items["2"].title == "Kolmogorov–Arnold “networks”"


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (Reply(200, '{"hits": [', JSON), "malformed JSON"),
        (Reply(200, '{"message": "invalid parameters"}', JSON), "no hits list"),
        (Reply(200, "<html><body>Service Unavailable</body></html>"), "web page instead of JSON"),
        (Reply(502), "server error 502 after 3 attempts"),
        (Reply(403, "{}"), "access denied"),
    ],
)
def test_hn_failures_are_reported(tmp_path: Path, reply: Reply, words: str) -> None:
    with LocalServer({"/api/v1/search_by_date": reply}) as server, fetch_context(tmp_path) as ctx:
        with pytest.raises(FetchError, match=words):
            hn(server).fetch(ctx)


def test_an_empty_window_is_an_empty_list(tmp_path: Path) -> None:
    with LocalServer({"/api/v1/search_by_date": answer([], 0, 0)}) as server:
        with fetch_context(tmp_path) as ctx:
            assert hn(server).fetch(ctx) == []
            assert server.hits("/api/v1/search_by_date") == 1


def test_the_sample_answer_reads_offline(tmp_path: Path) -> None:
    source = HackerNewsSource(
        type="hackernews", name="hn", url=str(SAMPLE / "social/hn-search.json")
    )
    with fetch_context(tmp_path) as ctx:
        items = source.fetch(ctx)
    assert len(items) >= 10
    assert any(i.title.startswith("Ask HN") and i.links for i in items)
