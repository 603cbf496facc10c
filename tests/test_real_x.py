"""The x source over answers and exports that other projects recorded (tests/fixtures/real/x).

Files are read the way a user gives them (``via: file``); the API answers are also served by a
local X API, so ``via: api`` reads what the real service sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from digest.errors import FetchError
from digest.models import Item, Window
from digest.sources.base import FetchContext
from digest.sources.x import XSource, status_time
from tests.httpserver import LocalServer, Reply
from tests.sourcectx import fetch_context

REAL = Path(__file__).parent / "fixtures" / "real" / "x"
EVER = Window(datetime(2006, 3, 21, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
JSON = {"Content-Type": "application/json; charset=utf-8"}


@pytest.fixture(autouse=True)
def _token(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("X_BEARER_TOKEN", "AAAAAAAAAAAAAAAAAAAAArecorded-fixture-token")
    yield


def read_file(tmp_path: Path, name: str, **extra: str) -> tuple[list[Item], dict[str, int]]:
    """The items of one recorded file read with ``via: file``, and what was skipped."""
    source = XSource(type="x", name="xs", via="file", file=str(REAL / name), **extra)
    with fetch_context(tmp_path) as ctx:
        items = source.fetch(replace(ctx, window=EVER))
        return items, dict(+ctx.skipped)


def by_id(items: list[Item]) -> dict[str, Item]:
    return {i.id: i for i in items}


def test_a_twarc2_search_page_reads_authors_and_originals_from_includes(tmp_path: Path) -> None:
    items, skipped = read_file(tmp_path, "twarc2-search-page.jsonl")
    assert len(items) == 100 and not skipped
    assert all(i.author.startswith("@") for i in items)  # every author_id is in includes.users
    first = by_id(items)["1440716895355764743"]
    assert first.author == "@WarmongerHodges"
    assert first.published == datetime(2021, 9, 22, 16, 37, 29, tzinfo=UTC)
    assert first.published.utcoffset() == timedelta(0)
    assert first.url == "https://x.com/WarmongerHodges/status/1440716895355764743"
    assert first.engagement == {"likes": 0, "reposts": 0, "replies": 0, "quotes": 0}
    retweet = by_id(items)["1440716856763977732"]  # its original is in includes.tweets
    assert retweet.text.startswith("RT @carolJhedges: . #BorisJohnson has revealed")
    assert retweet.links[0] == "https://x.com/carolJhedges/status/1440713161355583489"
    assert retweet.engagement["reposts"] == 22
    quote = by_id(items)["1440715975020584960"]
    assert quote.text.startswith("And @AngelaRayner & #NicolaSturgeon blame #Brexit")
    assert "@paulafr68963440: French TV reporting" in quote.text
    assert "https://x.com/paulafr68963440/status/1440660748275834882" in quote.links
    assert not any("&amp;" in i.text or "&gt;" in i.text for i in items)


def test_a_page_with_a_retweet_whose_original_is_included(tmp_path: Path) -> None:
    items, _ = read_file(tmp_path, "twarc2-two-tweets.jsonl")
    [item] = items
    assert (item.author, item.text) == ("@LachiVeronica", "RT @bibaigna96: #POIUYTREWQ")
    assert item.links == ("https://x.com/bibaigna96/status/1391677057810288641",)


def test_filtered_stream_lines_and_a_cut_off_last_line(tmp_path: Path) -> None:
    items, skipped = read_file(tmp_path, "twarc2-stream-with-error.jsonl")
    assert [(i.author, i.published) for i in items][:2] == [
        ("@blackheart_265", datetime(2021, 4, 1, 15, 52, 31, tzinfo=UTC)),
        ("@sheelaghb18", datetime(2021, 4, 1, 15, 52, 32, tzinfo=UTC)),
    ]
    assert len(items) == 7
    assert skipped == {"lines that are not JSON": 1}
    assert items[-1].url == "https://x.com/ArborRidge1/status/1377650529766154240"


def test_twarc2_flattened_posts(tmp_path: Path) -> None:
    items, skipped = read_file(tmp_path, "twarc2-flat.jsonl")
    assert len(items) == 100 and not skipped
    first = by_id(items)["1380242611781386245"]
    assert first.author == "@Alexandravm12"
    assert first.text.startswith("RT @williamserafino: De manera simultánea")
    assert first.links[0] == "https://x.com/williamserafino/status/1380175475545362437"


def test_a_reply_quoting_an_edited_post(tmp_path: Path) -> None:
    [item], _ = read_file(tmp_path, "twarc2-quoted-edit.jsonl")
    assert item.reply_to == "xs:1576994789110992896"
    assert item.text.startswith("@wongmjane Test\n")
    assert "@wongmjane: i miss y’all so much haha" in item.text
    assert "https://x.com/wongmjane/status/1576994746135764992" in item.links


def test_posts_recorded_without_created_at_take_their_time_from_the_id(tmp_path: Path) -> None:
    items, skipped = read_file(tmp_path, "tweepy-v2-list-tweets.json")
    assert len(items) == 97 and not skipped  # before: 0 of 97, every one dropped
    item = by_id(items)["1578510160623853570"]
    assert item.published == status_time(1578510160623853570)
    assert item.published.replace(microsecond=0) == datetime(2022, 10, 7, 22, 18, 44, tzinfo=UTC)
    assert item.url == "https://x.com/i/status/1578510160623853570"  # no author was recorded
    own, _ = read_file(tmp_path, "tweepy-v2-users-tweets.json", handle="Twitter")
    assert [i.url for i in own] == [
        "https://x.com/Twitter/status/1577730467436138524",
        "https://x.com/Twitter/status/1565318587736285184",
    ]


def test_a_retweet_of_a_retweet_keeps_one_prefix_and_single_spaces(tmp_path: Path) -> None:
    items, _ = read_file(tmp_path, "tweepy-v1-retweets.json")  # an API answer saved whole
    assert len(items) == 15
    for item in items:
        assert item.text.startswith('RT @Twitter: Bolstering our infrastructure. "As usage')
        assert "RT @Twitter: RT @" not in item.text and "  " not in item.text
        assert item.links[0] == "https://x.com/Twitter/status/266367358078169089"
    [one], _ = read_file(tmp_path, "tweepy-v1-retweet.json")
    assert one.text.startswith("RT @Twitter: Bolstering our infrastructure.")


@pytest.mark.parametrize(
    ("name", "records"), [("twarc2-users.jsonl", 96), ("twarc2-lists.jsonl", 6)]
)
def test_files_without_posts_are_refused_naming_the_file_and_the_shapes(
    tmp_path: Path, name: str, records: int
) -> None:
    with pytest.raises(FetchError) as caught:
        read_file(tmp_path, name)
    message = str(caught.value)
    assert name in message and f"no post in {records} records" in message
    assert "API v2 pages" in message and "tweets.js" in message


def api_context(ctx: FetchContext, since: datetime, until: datetime) -> FetchContext:
    return replace(ctx, window=Window(since, until), now=until)


def test_the_api_reads_a_recorded_list_answer_without_created_at(tmp_path: Path) -> None:
    body = (REAL / "tweepy-v2-list-tweets.json").read_bytes()
    route = {"/2/lists/84839422/tweets": Reply(200, body, JSON)}
    since, until = datetime(2022, 10, 7, 18, tzinfo=UTC), datetime(2022, 10, 8, tzinfo=UTC)
    with LocalServer(route) as server, fetch_context(tmp_path) as ctx:
        source = XSource(type="x", name="xl", list_id="84839422", base_url=server.url("/2"))
        items = source.fetch(api_context(ctx, since, until))
        hits = server.hits("/2/lists/84839422/tweets")
    assert len(items) == 53  # the posts made from 18:00 UTC on; the oldest ends the paging
    assert hits == 1
    assert all(since <= i.published < until for i in items)


def test_the_api_reads_a_recorded_page_with_expansions(tmp_path: Path) -> None:
    page = (REAL / "twarc2-search-page.jsonl").read_text(encoding="utf-8")
    answer = {k: v for k, v in json.loads(page).items() if k != "__twarc"}
    route = {"/2/lists/1/tweets": Reply(200, json.dumps(answer), JSON)}
    since = datetime(2021, 9, 22, 16, 30, tzinfo=UTC)
    with LocalServer(route) as server, fetch_context(tmp_path) as ctx:
        source = XSource(type="x", name="xl", list_id="1", base_url=server.url("/2"))
        items = source.fetch(api_context(ctx, since, since + timedelta(hours=1)))
    assert len(items) == 64
    quote = by_id(items)["1440715975020584960"]
    assert quote.author == "@Munku1" and "& #NicolaSturgeon" in quote.text
