"""Discord, Reddit, Hacker News and feed sources over data other projects recorded.

The files are in tests/fixtures/real (their origins in its README). Exports are read as files
the way a user gives them; API answers and feeds are served by a local server so the source
reads them over HTTP as it reads the real service.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from digest.errors import DigestError, FetchError
from digest.models import Item, Window
from digest.sources.base import FetchContext
from digest.sources.discord import DiscordSource
from digest.sources.hackernews import HackerNewsSource
from digest.sources.reddit import RedditSource
from digest.sources.rss import RssSource
from tests.httpserver import LocalServer, Reply
from tests.sourcectx import fetch_context

REAL = Path(__file__).parent / "fixtures" / "real"
EVER = Window(datetime(2005, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
JSON = {"Content-Type": "application/json; charset=utf-8"}


@contextmanager
def context(tmp_path: Path, window: Window = EVER) -> Iterator[FetchContext]:
    with fetch_context(tmp_path) as ctx:
        yield replace(ctx, window=window, now=min(window.until, datetime.now(UTC)))


def by_id(items: list[Item]) -> dict[str, Item]:
    return {i.id: i for i in items}


# --- Discord ---------------------------------------------------------------------------------
def export(tmp_path: Path, name: str) -> tuple[list[Item], dict[str, int]]:
    source = DiscordSource(type="discord", name="dc", file=str(REAL / "discord" / name))
    with context(tmp_path) as ctx:
        return source.fetch(ctx), dict(+ctx.skipped)


def test_a_server_channel_export_leaves_out_joins_and_the_thread_notice(tmp_path: Path) -> None:
    items, skipped = export(tmp_path, "dce-example-guild-general.json")
    # 35 messages: 3 joins and a "Started a thread." are system messages; 3 are a sticker or
    # an attachment alone.
    assert len(items) == 28
    assert skipped == {"system messages": 4, "messages without words": 3}
    assert not any(i.text in ("Joined the server.", "Started a thread.") for i in items)
    first = items[0]
    assert (first.author, first.id) == ("Adam", "1045178587575242772")
    assert first.published == datetime(2023, 1, 6, 14, 3, 3, 853000, tzinfo=UTC)
    assert first.url == (
        "https://discord.com/channels/748545324524575035/1012224565567721552/1045178587575242772"
    )
    answer = by_id(items)["1060926346089476176"]  # a reply the older exporter marks Default
    assert answer.reply_to == "dc:1060926317920538735"
    assert answer.engagement == {"reactions": 1}
    wiki = by_id(items)["1060926895719460986"]
    assert wiki.links == ("https://github.com/Tyrrrz/DiscordChatExporter/wiki",)
    assert "Home · Tyrrrz/DiscordChatExporter Wiki" in wiki.text  # the link preview's title


def test_a_thread_and_a_channel_with_reply_messages(tmp_path: Path) -> None:
    thread, skipped = export(tmp_path, "dce-example-guild-thread.json")
    assert len(thread) == 5 and not skipped
    assert by_id(thread)["1060927583467876363"].reply_to == "dc:1060927555093413928"
    talk, _ = export(tmp_path, "dce-example-guild-chill-talk.json")
    assert len(talk) == 6
    reply = by_id(talk)["1060954094627463198"]  # type "Reply"
    assert (reply.author, reply.reply_to) == ("Thomas", "dc:1060954094627463098")


def test_direct_messages_link_to_me_and_calls_are_not_items(tmp_path: Path) -> None:
    items, skipped = export(tmp_path, "dce-dm.json")
    assert [i.text for i in items] == ["blah", "something something text"]
    assert skipped == {"system messages": 1}  # "Started a call that lasted 251 minutes."
    assert items[0].url == (
        "https://discord.com/channels/@me/530805775262679064/530805779645595660"
    )
    assert items[0].engagement == {"reactions": 42}
    group, skipped = export(tmp_path, "dce-group-dm.json")
    assert skipped == {"system messages": 3}  # a call, a new channel name, a new icon
    assert all(i.url and "/channels/@me/1064990764406419508/" in i.url for i in group)
    assert {i.author for i in group} == {"mlomb", "theplant", "lombi"}  # nickname over name


def test_a_message_listed_twice_counts_once(tmp_path: Path) -> None:
    items, skipped = export(tmp_path, "dce-server.json")
    assert len(items) == 4 and skipped == {"duplicates": 1}
    assert by_id(items)["459136077417021488"].author == "Deleted User"


def test_the_bot_api_reads_the_documented_message_objects(tmp_path: Path) -> None:
    plain = json.loads((REAL / "discord" / "api-docs-example-message.json").read_text())
    crossposted = json.loads(
        (REAL / "discord" / "api-docs-example-crossposted-message.json").read_text()
    )
    channel = plain["channel_id"]
    # The documentation gives no channel object; this one is the test's own.
    info = {"id": channel, "type": 0, "guild_id": "81384788765712384", "name": "general"}
    day = datetime(2017, 7, 11, tzinfo=UTC)

    def read(answer: list[dict[str, object]]) -> tuple[list[Item], dict[str, int]]:
        routes = {
            f"/api/v10/channels/{channel}": Reply(200, json.dumps(info), JSON),
            f"/api/v10/channels/{channel}/messages": Reply(200, json.dumps(answer), JSON),
        }
        with (
            LocalServer(routes) as server,
            context(tmp_path, Window(day, day + timedelta(1))) as ctx,
        ):
            source = DiscordSource(
                type="discord", name="dc", channel_id=channel, base_url=server.url("/api/v10")
            )
            with pytest.MonkeyPatch.context() as env:
                env.setenv("DISCORD_BOT_TOKEN", "recorded-fixture-bot-token")
                return source.fetch(ctx), dict(+ctx.skipped)

    [item], skipped = read([plain, crossposted])
    assert skipped == {"duplicates": 1}  # both documented examples carry the same id
    assert (item.author, item.text, item.engagement) == ("Mason", "Supa Hot", {"reactions": 1})
    assert item.published == datetime(2017, 7, 11, 17, 27, 7, 299000, tzinfo=UTC)
    assert item.url == f"https://discord.com/channels/81384788765712384/{channel}/{item.id}"
    [news], _ = read([crossposted])
    assert news.text == "Big news! In this <#278325129692446722> channel!"
    assert news.reply_to is None  # its reference is the original in another channel


# --- Reddit ----------------------------------------------------------------------------------
def listing_file(tmp_path: Path, name: str) -> tuple[list[Item], dict[str, int]]:
    source = RedditSource(type="reddit", name="rd", subreddit="AskReddit",
                          url=str(REAL / "reddit" / name))  # fmt: skip
    with context(tmp_path) as ctx:
        return source.fetch(ctx), dict(+ctx.skipped)


def test_a_recorded_new_listing_through_the_json_api(tmp_path: Path) -> None:
    page = (REAL / "reddit" / "praw-askreddit-new.json").read_bytes()

    def route(handler: BaseHTTPRequestHandler) -> Reply:
        if "after" in parse_qs(urlsplit(handler.path).query):
            return Reply(200, '{"kind": "Listing", "data": {"children": [], "after": null}}', JSON)
        return Reply(200, page, JSON)

    day = Window(datetime(2016, 3, 1, tzinfo=UTC), datetime(2016, 3, 2, tzinfo=UTC))
    with LocalServer({"/r/AskReddit/new.json": route}) as server, context(tmp_path, day) as ctx:
        source = RedditSource(type="reddit", name="rd", subreddit="AskReddit",
                              base_url=server.base)  # fmt: skip
        items = source.fetch(ctx)
        assert server.hits("/r/AskReddit/new.json") == 2
    assert len(items) == 100
    item = by_id(items)["48fbm9"]
    assert item.author == "RedHeadQc"
    assert item.published == datetime(2016, 3, 1, 8, 37, 38, tzinfo=UTC)
    assert item.url == (
        "https://www.reddit.com/r/AskReddit/comments/48fbm9/"
        "serious_parents_of_reddit_whats_the_biggest_lie/"
    )
    assert item.engagement == {"score": 1, "comments": 1}
    assert item.title.startswith("[Serious] Parents of Reddit, what's the biggest lie")


def test_listings_of_comments_are_counted_not_dropped(tmp_path: Path) -> None:
    items, skipped = listing_file(tmp_path, "praw-askreddit-comments.json")
    assert items == [] and skipped == {"comments": 100}
    mixed, skipped = listing_file(tmp_path, "praw-spez-overview-new.json")
    assert len(mixed) == 10 and skipped == {"comments": 90}
    assert {i.author for i in mixed} == {"spez"}
    best, _ = listing_file(tmp_path, "praw-front-best.json")
    assert len(best) == 100
    assert by_id(best)["8h9v02"].engagement == {"score": 39285, "comments": 900}
    search, _ = listing_file(tmp_path, "communal-search.json")
    assert by_id(search)["2r539r"].author == "MisterSnuggles"


def test_a_subreddit_feed_reads_like_the_json_listing(tmp_path: Path) -> None:
    feed = (REAL / "reddit" / "feed-rs-homelab-new.atom.xml").read_bytes()
    route = {"/r/homelab/new/.rss": Reply(200, feed, {"Content-Type": "application/atom+xml"})}
    day = Window(datetime(2023, 7, 23, tzinfo=UTC), datetime(2023, 7, 24, tzinfo=UTC))
    with LocalServer(route) as server, context(tmp_path, day) as ctx:
        source = RedditSource(type="reddit", name="rd", subreddit="homelab", format="rss",
                              base_url=server.base)  # fmt: skip
        items = source.fetch(ctx)
    assert len(items) == 25
    item = by_id(items)["157kyrd"]
    assert item.author == "Remarkable_Housing61"  # the feed says /u/Remarkable_Housing61
    assert item.url == (  # served by ud.reddit.com, linked as www.reddit.com
        "https://www.reddit.com/r/homelab/comments/157kyrd/"
        "any_reason_to_keep_1g_connections_to_my_servers/"
    )
    assert item.published == datetime(2023, 7, 23, 17, 38, 30, tzinfo=UTC)
    assert item.text.endswith("have access to all of the 1G resources.")
    assert not any("submitted by" in i.text or "[comments]" in i.text for i in items)
    assert not any("reddit.com/user/" in link for i in items for link in i.links)
    assert by_id(items)["157kx9b"].links[0].startswith("https://www.amazon.com/APC-Battery")


def test_a_search_feed_keeps_the_linked_article(tmp_path: Path) -> None:
    source = RedditSource(type="reddit", name="rd", subreddit="kevincox",
                          url=str(REAL / "reddit" / "feed-rs-search.atom.xml"))  # fmt: skip
    with context(tmp_path) as ctx:
        [item] = source.fetch(ctx)
    assert (item.id, item.author, item.text) == ("qksbf1", "kevincox_ca", "")
    assert item.links == ("https://kevincox.ca/2021/11/01/announcing-feedmail/",)


# --- Hacker News -----------------------------------------------------------------------------
def test_a_recorded_algolia_answer(tmp_path: Path) -> None:
    answer = (REAL / "hackernews" / "communal-algolia-search.json").read_bytes()
    with LocalServer({"/api/v1/search_by_date": Reply(200, answer, JSON)}) as server:
        with context(tmp_path) as ctx:
            source = HackerNewsSource(type="hackernews", name="hn",
                                      base_url=server.url("/api/v1"))  # fmt: skip
            items = source.fetch(ctx)
            assert server.hits("/api/v1/search_by_date") == 1  # nbPages is 1
    assert [i.id for i in items] == ["8828543", "11516582", "13566801", "8830693"]
    first = items[0]
    assert (first.author, first.title) == ("dkua", "Why aren’t we using SSH for everything?")
    assert first.published == datetime(2015, 1, 2, 21, 5, 46, tzinfo=UTC)
    assert first.url == "https://news.ycombinator.com/item?id=8828543"
    assert first.links == ("https://medium.com/@shazow/ssh-how-does-it-even-9e43586e4ffc",)
    assert first.engagement == {"points": 270, "comments": 103}
    with context(tmp_path) as ctx:
        source = HackerNewsSource(
            type="hackernews",
            name="hn",
            min_points=100,
            url=str(REAL / "hackernews" / "communal-algolia-search.json"),
        )
        assert len(source.fetch(ctx)) == 2
        assert dict(+ctx.skipped) == {"below min_points": 2}


# --- feeds -----------------------------------------------------------------------------------
FEEDS = sorted(p for p in (REAL / "feeds").rglob("*") if p.is_file())


def test_the_feed_corpora_are_all_here() -> None:
    assert len([p for p in FEEDS if "feed-rs" in p.parts]) == 68
    assert len([p for p in FEEDS if "illformed" in p.parts]) == 276


def test_every_recorded_feed_parses_or_fails_cleanly_naming_the_file(tmp_path: Path) -> None:
    with_items, empty, refused, before = 0, [], [], []
    with context(tmp_path) as shared:
        for path in FEEDS:
            ctx = replace(shared, outside=[])
            try:
                items = RssSource(type="rss", name="feed", url=str(path)).fetch(ctx)
            except DigestError as exc:  # anything else fails the test: no crash
                assert str(path) in str(exc), exc
                refused.append(path.relative_to(REAL / "feeds").as_posix())
                continue
            read = [*items, *ctx.outside]  # the window kept, the rest archived
            with_items += bool(read)
            if not read:
                empty.append(path.relative_to(REAL / "feeds").as_posix())
            if ctx.outside:
                assert all(i.published < EVER.since for i in ctx.outside)
                before.append(path.relative_to(REAL / "feeds").as_posix())
            for item in read:
                assert item.published.tzinfo is not None
                assert "<p>" not in item.text and "</" not in item.text  # plain text
    # 2 feeds hold a channel and no entry; 256 of the refused are feedparser's entity tests
    # (a channel with an undeclared entity and no entry).
    assert (with_items, len(refused)) == (68, 274)
    # The specs' examples are dated 2002 and 2003: read, and outside the window.
    assert before == [
        "feed-rs/atom/atom_example_1.xml",
        "feed-rs/atom/atom_pub_spec_1.xml",
        "feed-rs/atom/atom_relative.xml",
        "feed-rs/atom/atom_spec_1.xml",
        "feed-rs/rss2/rss_2.0_spec_1.xml",
    ]
    assert empty == ["illformed/always_strip_doctype.xml", "illformed/http_high_bit_date.xml"]
    assert {p for p in refused if p.startswith("feed-rs/")} == {
        "feed-rs/jsonfeed/jsonfeed_elastic_1.1.json",
        "feed-rs/jsonfeed/jsonfeed_example_1.json",
        "feed-rs/jsonfeed/jsonfeed_spec_1.json",
        "feed-rs/rss2/rss_2.0_invalid_1.xml",
        "feed-rs/xml/xml_sample_1.xml",
        "feed-rs/xml/xml_sample_2.xml",
    }


def serve_feed(tmp_path: Path, relative: str, now: datetime) -> tuple[list[Item], list[str]]:
    body = (REAL / "feeds" / relative).read_bytes()
    with LocalServer({"/feed": Reply(200, body, {"Content-Type": "application/xml"})}) as srv:
        with fetch_context(tmp_path) as ctx:
            ctx = replace(ctx, window=EVER, now=now)
            items = RssSource(type="rss", name="feed", url=srv.url("/feed")).fetch(ctx)
            return items, list(ctx.notes)


def test_real_feeds_keep_authors_times_in_utc_links_and_plain_text(tmp_path: Path) -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    [vimeo], _ = serve_feed(tmp_path, "feed-rs/rss2/rss_2.0_vimeo_media.xml", now)
    assert vimeo.title == "Oregon Harvest Update and Fall Release Date Set"
    assert vimeo.published == datetime(2024, 9, 27, 16, 29, 11, tzinfo=UTC)  # 12:29:11 -0400
    assert vimeo.url == "https://vimeo.com/1013595996"
    releases, _ = serve_feed(tmp_path, "feed-rs/atom/atom_example_6.xml", now)
    assert [(i.title, i.author) for i in releases][:2] == [("0.2.0", "markpritchard"),
                                                          ("0.1.3", "kumabook")]  # fmt: skip
    assert releases[1].published == datetime(2017, 7, 7, 11, 47, 46, tzinfo=UTC)  # +10:00
    [cloudflare], _ = serve_feed(tmp_path, "feed-rs/rss2/rss_2.0_cloudflare.xml", now)
    assert cloudflare.author == "Luke Valenta"
    assert cloudflare.text.startswith("Today we’re announcing a public demo")
    assert cloudflare.links[:2] == ("https://migp.cloudflare.com/",
                                    "https://github.com/cloudflare/migp-go")  # fmt: skip


def test_a_feed_without_dates_is_dated_when_first_seen(tmp_path: Path) -> None:
    first = datetime(2025, 1, 1, 6, tzinfo=UTC)
    items, notes = serve_feed(tmp_path, "feed-rs/rss0/rss_0.91_spec_1.xml", first)
    assert [i.title for i in items] == [
        "Giving the world a pluggable Gnutella",
        "Syndication discussions hot up",
    ]
    assert all(i.published == first for i in items)
    assert notes == ["2 entries without a date, dated when first seen"]
    # The archive remembers them: a later run keeps the first date.
    with fetch_context(tmp_path) as ctx:
        ctx.archive.put_items(items, first)
    later, _ = serve_feed(tmp_path, "feed-rs/rss0/rss_0.91_spec_1.xml", first + timedelta(1))
    assert [i.published for i in later] == [first, first]
    assert [i.id for i in later] == [i.id for i in items]


def test_json_feeds_are_refused_saying_what_is_read(tmp_path: Path) -> None:
    path = REAL / "feeds" / "feed-rs" / "jsonfeed" / "jsonfeed_spec_1.json"
    with context(tmp_path) as ctx, pytest.raises(FetchError) as caught:
        RssSource(type="rss", name="feed", url=str(path)).fetch(ctx)
    assert str(path) in str(caught.value)
    assert "RSS 0.9x/1.0/2.0 and Atom" in str(caught.value)
