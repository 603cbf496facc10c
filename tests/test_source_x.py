"""The x source: a local X API v2, a Nitter RSS feed, and the user's exported files."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from digest.archive import Archive
from digest.errors import FetchError
from digest.sources.x import XSource, parse_export, parse_nitter, status_time
from tests.conftest import SAMPLE
from tests.httpserver import LocalServer, Reply
from tests.sourcectx import SINCE, WINDOW, fetch_context, mojibake

FIXTURES = Path(__file__).parent / "fixtures"
TOKEN = "AAAAAAAAAAAAAAAAAAAAAsecret%2Fbearer"
X_EPOCH_MS = 1_288_834_974_657
JSON = {"Content-Type": "application/json; charset=utf-8"}


@pytest.fixture(autouse=True)
def _token(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("X_BEARER_TOKEN", TOKEN)
    yield


def status_id(when: datetime, salt: int = 0) -> str:
    return str(((int(when.timestamp() * 1000) - X_EPOCH_MS) << 22) + salt)


def tweet(when: datetime, text: str, author: str = "100", **extra: Any) -> dict[str, Any]:
    """A post object as API v2 returns it with the fields digest asks for."""
    metrics = {"retweet_count": 3, "reply_count": 1, "like_count": 20, "quote_count": 0,
               "bookmark_count": 2, "impression_count": 900}  # fmt: skip
    return {
        "id": status_id(when, int(author) % 1000),
        "text": text,
        "created_at": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "author_id": author,
        "public_metrics": metrics,
        "edit_history_tweet_ids": [],
        **extra,
    }


class FakeX:
    """``/2/users/by/username``, ``/2/users/:id/tweets`` and ``/2/lists/:id/tweets``."""

    def __init__(self, tweets: list[dict[str, Any]], page: int = 100) -> None:
        self.tweets = sorted(tweets, key=lambda t: -int(t["id"]))  # newest first, as X sends
        self.page = page
        self.users = {"100": "labnews", "200": "reactor"}
        self.auth: set[str] = set()

    def _send(self, handler: BaseHTTPRequestHandler, chosen: list[dict[str, Any]]) -> Reply:
        self.auth.add(handler.headers.get("Authorization", ""))
        query = {k: v[0] for k, v in parse_qs(urlsplit(handler.path).query).items()}
        start = int(query.get("pagination_token", "0"))
        if "since_id" in query:
            chosen = [t for t in chosen if int(t["id"]) > int(query["since_id"])]
        rows = chosen[start : start + self.page]
        meta: dict[str, Any] = {"result_count": len(rows)}
        if rows:
            meta |= {"newest_id": rows[0]["id"], "oldest_id": rows[-1]["id"]}
        if start + self.page < len(chosen):
            meta["next_token"] = str(start + self.page)
        body: dict[str, Any] = {"meta": meta}
        if rows:
            body["data"] = rows
            body["includes"] = {
                "users": [
                    {"id": k, "username": v, "name": v.title()} for k, v in self.users.items()
                ]
            }
        return Reply(200, json.dumps(body), JSON)

    def user(self, handler: BaseHTTPRequestHandler) -> Reply:
        name = urlsplit(handler.path).path.rsplit("/", 1)[1]
        for ident, handle in self.users.items():
            if handle == name:
                return Reply(
                    200, json.dumps({"data": {"id": ident, "name": name, "username": name}})
                )
        error = {
            "value": name,
            "detail": f"Could not find user with username: [{name}].",
            "title": "Not Found Error",
            "type": "https://api.twitter.com/2/problems/resource-not-found",
        }
        return Reply(200, json.dumps({"errors": [error]}), JSON)

    def timeline(self, handler: BaseHTTPRequestHandler) -> Reply:
        query = {k: v[0] for k, v in parse_qs(urlsplit(handler.path).query).items()}
        author = urlsplit(handler.path).path.split("/")[3]
        since = datetime.fromisoformat(query["start_time"].replace("Z", "+00:00"))
        until = datetime.fromisoformat(query["end_time"].replace("Z", "+00:00"))
        chosen = [
            t for t in self.tweets
            if t["author_id"] == author
            and since <= datetime.fromisoformat(t["created_at"].replace("Z", "+00:00")) < until
        ]  # fmt: skip
        return self._send(handler, chosen)

    def list_tweets(self, handler: BaseHTTPRequestHandler) -> Reply:
        return self._send(handler, self.tweets)

    def routes(self) -> dict[str, Any]:
        return {
            "/2/users/by/username/labnews": self.user,
            "/2/users/by/username/nobody": self.user,
            "/2/users/100/tweets": self.timeline,
            "/2/users/200/tweets": self.timeline,
            "/2/lists/555/tweets": self.list_tweets,
        }


def api(server: LocalServer, **extra: Any) -> XSource:
    return XSource(type="x", name="xs", via="api", base_url=server.url("/2"), **extra)


def test_accounts_resolve_once_read_the_window_and_never_a_post_twice(tmp_path: Path) -> None:
    hour = timedelta(hours=1)
    posts = [tweet(SINCE + hour * k, f"post {k}") for k in range(-2, 30)]
    fake = FakeX(posts, page=10)
    with Archive(tmp_path / "a.db") as archive, LocalServer(fake.routes()) as server:
        with fetch_context(tmp_path, archive=archive) as ctx:
            items = api(server, accounts=["@labnews"]).fetch(ctx)
            first_notes = list(ctx.notes)
        timeline = [s.path for s in server.requests if "/users/100/tweets" in s.path]
        assert server.hits("/2/users/by/username/labnews") == 1
        query = parse_qs(urlsplit(timeline[0]).query)
        assert query["start_time"] == ["2024-05-02T15:00:00Z"]
        assert query["end_time"] == ["2024-05-03T15:00:00Z"]
        assert "created_at" in query["tweet.fields"][0] and "note_tweet" in query["tweet.fields"][0]
        assert len(timeline) == 3  # 24 posts in pages of 10
        # A later run: the handle comes from the archive; since_id asks only for newer posts.
        fake.tweets.insert(0, tweet(SINCE + hour * 23 + timedelta(minutes=30), "late post"))
        with fetch_context(tmp_path, archive=archive) as ctx:
            again = api(server, accounts=["labnews"]).fetch(ctx)
            second_notes = list(ctx.notes)
        assert server.hits("/2/users/by/username/labnews") == 1
        last = parse_qs(urlsplit(server.requests[-1].path).query)
        assert last["since_id"] == [items[-1].id]
    assert [i.text for i in items] == [f"post {k}" for k in range(24)]
    assert [i.text for i in again] == ["late post"]
    assert first_notes == ["24 posts read from the X API in 4 requests"]
    assert second_notes == ["1 posts read from the X API in 1 requests"]
    assert fake.auth == {f"Bearer {TOKEN}"}
    item = items[0]
    assert item.url == f"https://x.com/labnews/status/{item.id}" and item.author == "@labnews"
    assert item.engagement == {"likes": 20, "reposts": 3, "replies": 1, "quotes": 0, "views": 900}


def test_a_list_pages_back_until_before_the_window(tmp_path: Path) -> None:
    hour = timedelta(hours=1)
    posts = [tweet(SINCE + hour * k, f"list post {k}", "200") for k in range(-30, 30)]
    fake = FakeX(posts, page=10)
    with LocalServer(fake.routes()) as server, fetch_context(tmp_path) as ctx:
        items = api(server, list_id="555").fetch(ctx)
        pages = server.hits("/2/lists/555/tweets")
    assert sorted(i.text for i in items) == sorted(f"list post {k}" for k in range(24))
    assert pages == 4  # of 6 newest-first pages: the fourth is the first to reach before the window
    # Lists take no since_id: a rerun stops at the first page holding a post read before.
    fake.tweets.insert(0, tweet(SINCE + hour * 29 + timedelta(minutes=1), "new on the list", "200"))
    with LocalServer(fake.routes()) as server, fetch_context(tmp_path) as ctx:
        again = api(server, list_id="555").fetch(ctx)
        assert server.hits("/2/lists/555/tweets") == 1
        assert "since_id" not in server.requests[0].path
    assert again == []  # the new post is after the window; nothing read before comes back


def test_retweets_quotes_replies_long_posts_and_links(tmp_path: Path) -> None:
    t = SINCE + timedelta(hours=5)
    original = tweet(t, "Phi-3 is out https://t.co/abc", "100", entities={"urls": [
        {"start": 13, "end": 29, "url": "https://t.co/abc",
         "expanded_url": "https://huggingface.co/microsoft/Phi-3?utm_source=twitter"},
        {"start": 30, "end": 53, "url": "https://t.co/pic",
         "expanded_url": "https://x.com/labnews/status/1/photo/1"}]})  # fmt: skip
    original["entities"]["urls"][1]["expanded_url"] = (
        f"https://x.com/labnews/status/{original['id']}/photo/1"
    )
    original["text"] += " https://t.co/pic"
    retweet = tweet(t + timedelta(minutes=5), "RT @labnews: Phi-3 is out https://t.co/abc", "200",
                    referenced_tweets=[{"type": "retweeted", "id": original["id"]}])  # fmt: skip
    quote = tweet(t + timedelta(minutes=9), "Big if true", "200",
                  referenced_tweets=[{"type": "quoted", "id": original["id"]}])  # fmt: skip
    reply = tweet(t + timedelta(minutes=2), "It runs on a phone.", "100",
                  referenced_tweets=[{"type": "replied_to", "id": original["id"]}])  # fmt: skip
    long = tweet(t + timedelta(minutes=20), "A long thread…", "100",
                 note_tweet={"text": "A long thread " + "word " * 80})  # fmt: skip
    body = {
        "data": [long, quote, retweet, reply, original],
        "includes": {
            "users": [{"id": "100", "username": "labnews"}, {"id": "200", "username": "reactor"}],
            "tweets": [original],
        },
        "meta": {"result_count": 5},
    }
    with LocalServer({"/2/lists/555/tweets": Reply(200, json.dumps(body), JSON)}) as server:
        with fetch_context(tmp_path) as ctx:
            items = {i.id: i for i in api(server, list_id="555").fetch(ctx)}
    first = items[original["id"]]
    assert first.text == "Phi-3 is out https://huggingface.co/microsoft/Phi-3"
    assert first.links == ("https://huggingface.co/microsoft/Phi-3",)
    rt = items[retweet["id"]]
    assert rt.text == "RT @labnews: Phi-3 is out https://huggingface.co/microsoft/Phi-3"
    assert rt.links[0] == f"https://x.com/labnews/status/{original['id']}"
    quoted = items[quote["id"]]
    assert f"https://x.com/labnews/status/{original['id']}" in quoted.links
    assert quoted.text.startswith("Big if true\n\n@labnews: Phi-3 is out")
    assert items[reply["id"]].reply_to == f"xs:{original['id']}"
    assert items[long["id"]].text.startswith("A long thread word word")
    assert len(items[long["id"]].text) > 300


def test_a_near_rate_limit_reset_is_waited_for(tmp_path: Path) -> None:
    fake = FakeX([tweet(SINCE + timedelta(hours=1), "hello", "200")])
    reset = str(int(time.time()) + 2)
    limited = Reply(429, json.dumps({"title": "Too Many Requests", "status": 429}),
                    {"x-rate-limit-limit": "75", "x-rate-limit-remaining": "0",
                     "x-rate-limit-reset": reset})  # fmt: skip
    routes = fake.routes()
    routes["/2/lists/555/tweets"] = [limited, fake.list_tweets]
    waits: list[float] = []
    with LocalServer(routes) as server, fetch_context(tmp_path, waits=waits) as ctx:
        items = api(server, list_id="555").fetch(ctx)
    assert [i.text for i in items] == ["hello"]
    assert len(waits) == 1 and 0 < waits[0] <= 2


def test_a_far_rate_limit_reset_skips_the_source_with_the_time(tmp_path: Path) -> None:
    reset = str(int(time.time()) + 900)
    routes = {"/2/lists/555/tweets": Reply(429, "{}", {"x-rate-limit-reset": reset})}
    with LocalServer(routes) as server, fetch_context(tmp_path) as ctx:
        with pytest.raises(FetchError, match=r"X API rate limit reached; it resets in \d+ s"):
            api(server, list_id="555").fetch(ctx)
        assert server.hits("/2/lists/555/tweets") == 1
        assert ctx.notes == ["0 posts read from the X API in 1 requests"]


def test_a_server_error_is_retried_even_with_a_far_rate_limit_reset(tmp_path: Path) -> None:
    # X sends its rate-limit headers on every answer: on a 5xx the reset means nothing, so
    # the policy backs off (or follows Retry-After) instead of skipping the source.
    fake = FakeX([tweet(SINCE + timedelta(hours=1), "hello", "200")])
    far = str(int(time.time()) + 900)
    routes = fake.routes()
    routes["/2/lists/555/tweets"] = [
        Reply(503, "{}", {"x-rate-limit-reset": far}),
        Reply(503, "{}", {"x-rate-limit-reset": far, "Retry-After": "3"}),
        fake.list_tweets,
    ]
    waits: list[float] = []
    with LocalServer(routes) as server, fetch_context(tmp_path, waits=waits) as ctx:
        items = api(server, list_id="555").fetch(ctx)
    assert [i.text for i in items] == ["hello"]
    assert len(waits) == 2 and waits[0] < 1 and waits[1] == 3.0


@pytest.mark.parametrize(
    ("status", "words"), [(401, "bearer token was refused"), (403, "not in your API plan")]
)
def test_refusals_are_clear_and_never_show_the_token(
    tmp_path: Path, status: int, words: str
) -> None:
    body = json.dumps({"title": "Unauthorized", "type": "about:blank", "status": status})
    with LocalServer({"/2/lists/555/tweets": Reply(status, body, JSON)}) as server:
        with fetch_context(tmp_path) as ctx, pytest.raises(FetchError) as caught:
            api(server, list_id="555").fetch(ctx)
    assert words in str(caught.value) and TOKEN not in str(caught.value)


def test_unknown_handles_and_server_errors(tmp_path: Path) -> None:
    with LocalServer(FakeX([]).routes()) as server, fetch_context(tmp_path) as ctx:
        with pytest.raises(FetchError, match="@nobody could not be resolved: Could not find"):
            api(server, accounts=["nobody"]).fetch(ctx)
    with LocalServer({"/2/lists/555/tweets": Reply(500)}) as server, fetch_context(tmp_path) as ctx:
        with pytest.raises(FetchError, match="X API server error 500 after 3 attempts"):
            api(server, list_id="555").fetch(ctx)
    with LocalServer({"/2/lists/555/tweets": Reply(200, '{"data": [')}) as server:
        with fetch_context(tmp_path) as ctx, pytest.raises(FetchError, match="malformed JSON"):
            api(server, list_id="555").fetch(ctx)


def test_an_empty_window_is_no_posts(tmp_path: Path) -> None:
    fake = FakeX([tweet(SINCE - timedelta(days=3), "old", "100")])
    with LocalServer(fake.routes()) as server, fetch_context(tmp_path) as ctx:
        assert api(server, accounts=["labnews"]).fetch(ctx) == []


NITTER = (FIXTURES / "nitter-user.rss.xml").read_text(encoding="utf-8")


def test_nitter_feeds_point_at_x(tmp_path: Path) -> None:
    def feed(handler: BaseHTTPRequestHandler) -> Reply:
        base = f"http://{handler.headers['Host']}"
        return Reply(200, NITTER.format(base=base), {"Content-Type": "application/rss+xml"})

    routes = {"/labnews/rss": feed, "/i/lists/555/rss": Reply(404)}
    with LocalServer(routes) as server, fetch_context(tmp_path) as ctx:
        source = XSource(type="x", name="xn", via="nitter", base_url=server.base,
                         accounts=["labnews"], list_id="555")  # fmt: skip
        items = {i.id: i for i in source.fetch(ctx)}
        notes = list(ctx.notes)
    assert set(items) == {"1786200000000000001", "1786200000000000002", "1786200000000000003"}
    first = items["1786200000000000001"]
    assert first.url == "https://x.com/labnews/status/1786200000000000001"
    assert first.links == ("https://huggingface.co/microsoft/Phi-3",)  # the proxied image dropped
    rt = items["1786200000000000002"]
    assert rt.author == "@someone" and rt.url == "https://x.com/someone/status/1786200000000000002"
    assert rt.links == ("https://x.com/someone",)
    assert items["1786200000000000003"].text == "agreed"
    assert len(notes) == 1 and "/i/lists/555/rss" in notes[0]  # the pinned post is months old


def test_nitter_titles_without_description() -> None:
    body = NITTER.format(base="https://nitter.example").replace("<p>agreed</p>", "")
    items = {
        i.id: i for i in parse_nitter(body.encode(), source="xn", instance="https://nitter.example")
    }
    assert items["1786200000000000003"].text == "agreed"


ARCHIVE = (FIXTURES / "x-archive-tweets.js").read_text(encoding="utf-8")


def test_the_x_archive_tweets_js(tmp_path: Path) -> None:
    (tmp_path / "tweets.js").write_text(ARCHIVE, encoding="utf-8")
    source = XSource(type="x", name="me", via="file", file="tweets.js", handle="ai_digest_kr")
    with fetch_context(tmp_path) as ctx:
        items = source.fetch(ctx)
    assert len(items) == 1  # the new-year post is outside the window
    item = items[0]
    assert item.url == "https://x.com/ai_digest_kr/status/1786189050147889728"
    assert item.published == datetime(2024, 5, 3, 0, 20, 30, tzinfo=UTC)
    assert item.text == "KAN 논문 정리했습니다 https://arxiv.org/abs/2404.19756"
    assert item.links == ("https://arxiv.org/abs/2404.19756",)
    assert item.engagement == {"likes": 12, "reposts": 3}
    assert item.reply_to == "me:1786186541400084400"


def test_json_lines_of_v2_and_v1_posts_with_mojibake_and_bad_lines(tmp_path: Path) -> None:
    when = SINCE + timedelta(hours=1)
    v2 = tweet(when, mojibake("새 모델 – “공개”"), "100")
    v2["author"] = {"id": "100", "username": "labnews"}
    v1 = {"id_str": status_id(when, 7), "full_text": "v1 post", "user": {"screen_name": "old_api"},
          "created_at": when.strftime("%a %b %d %H:%M:%S +0000 %Y"), "favorite_count": 4,
          "retweeted_status": {"id_str": "1786000000000000000", "full_text": "the original",
                               "user": {"screen_name": "orig"},
                               "created_at": "Thu May 02 10:00:00 +0000 2024"}}  # fmt: skip
    lines = [json.dumps(v2, ensure_ascii=False), "{not json", json.dumps(v1), ""]
    (tmp_path / "posts.jsonl").write_text("\n".join(lines), encoding="utf-8")
    source = XSource(type="x", name="xs", via="file", file="posts.jsonl")
    with fetch_context(tmp_path) as ctx:
        items = {i.text: i for i in source.fetch(ctx)}
    assert set(items) == {"새 모델 – “공개”", "RT @orig: the original"}
    assert items["새 모델 – “공개”"].url == f"https://x.com/labnews/status/{v2['id']}"
    rt = items["RT @orig: the original"]
    assert rt.url == f"https://x.com/old_api/status/{v1['id_str']}"
    assert rt.links == ("https://x.com/orig/status/1786000000000000000",)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"window.YTD.tweets.part0 = [ {", "does not parse"),
        (b"hello\nworld\n", "neither the X archive"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_broken_files_are_reported(body: bytes, words: str) -> None:
    with pytest.raises(FetchError, match=words):
        parse_export(body)


def test_status_ids_carry_their_time() -> None:
    # The archive's post 1786189050147889728 says it was made 2024-05-03 00:20:30 UTC.
    made = status_time(1786189050147889728)
    assert made.replace(microsecond=0) == datetime(2024, 5, 3, 0, 20, 30, tzinfo=UTC)
    assert status_time(int(status_id(SINCE))) == SINCE


def test_the_sample_files_read_offline() -> None:
    lines = parse_export((SAMPLE / "social" / "x-list.jsonl").read_bytes())
    archive = parse_export((SAMPLE / "social" / "x-archive" / "tweets.js").read_bytes())
    assert len(lines) >= 30 and len(archive) >= 8
    assert any(t["retweet_of"] for t in lines) and any(t["quote_of"] for t in lines)
    assert all(t["time"] in WINDOW for t in archive)


def test_config_checks() -> None:
    with pytest.raises(ValueError, match="needs accounts or list_id"):
        XSource(type="x", name="xs", via="api")
    with pytest.raises(ValueError, match="needs file"):
        XSource(type="x", name="xs", via="file")
    with pytest.raises(ValueError, match="not an X handle"):
        XSource(type="x", name="xs", accounts=["not a handle"])
    with pytest.raises(ValueError, match="root of your Nitter instance"):
        XSource(type="x", name="xs", via="nitter", accounts=["a"])
