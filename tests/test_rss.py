"""The rss source against feeds served over real HTTP on 127.0.0.1, parsed for real."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from digest.archive import Archive
from digest.errors import FetchError
from digest.http import FetchSettings, make_client
from digest.models import Window
from digest.sources import FetchContext
from digest.sources.rss import RssSource, parse_feed
from tests.feeds import rss
from tests.httpserver import LocalServer, Reply

T0 = datetime(2024, 5, 3, 3, 0, tzinfo=UTC)
WINDOW = Window(T0 - timedelta(hours=12), T0 + timedelta(hours=12))
FEED = rss(
    [
        {
            "title": "Phi-3 &amp; friends",
            "link": f"https://blog.example/p/{k}?utm_campaign=x",
            "date": T0 + timedelta(minutes=k),
            "html": f"<p>Post <b>{k}</b> <a href='/rel/{k}'>rel</a> <script>x()</script></p>",
        }
        for k in range(3)
    ]
)
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:t</id>
<updated>2024-05-03T03:00:00Z</updated>
<entry><title type="html">&lt;b&gt;Atom&lt;/b&gt; entry</title><id>urn:e1</id>
<link href="https://atom.example/e1"/><updated>2024-05-03T12:00:00+09:00</updated>
<author><name>Kim</name></author>
<content type="html">&lt;p&gt;Hello &lt;a href="https://x.com/a/status/1"&gt;tweet&lt;/a&gt;&lt;/p&gt;</content>
</entry></feed>"""
RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://r.example/"><title>r</title><link>https://r.example/</link>
<description>d</description></channel>
<item rdf:about="https://r.example/1"><title>RDF item</title><link>https://r.example/1</link>
<dc:date>2024-05-03T01:00:00Z</dc:date><description>one</description></item>
</rdf:RDF>"""


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[FetchContext]:
    settings = FetchSettings(
        timeout=0.5, connect_timeout=0.5, retries=1, backoff=0.01, max_bytes=50_000
    )
    with Archive(tmp_path / "a.db") as archive, make_client(settings) as client:
        yield FetchContext(
            client=client,
            settings=settings,
            archive=archive,
            window=WINDOW,
            base_dir=tmp_path,
            now=T0,
        )


def source(url: str) -> RssSource:
    return RssSource(type="rss", name="blog", url=url)


def test_rss2_items_are_clean(ctx: FetchContext) -> None:
    with LocalServer({"/feed": Reply(200, FEED, {"Content-Type": "application/rss+xml"})}) as srv:
        items = source(srv.url("/feed")).fetch(ctx)
    assert [i.url for i in items] == [f"https://blog.example/p/{k}" for k in range(3)]
    first = items[0]
    assert first.title == "Phi-3 & friends"
    assert "x()" not in first.text and "Post 0" in first.text
    assert first.links == ("https://blog.example/rel/0",)
    assert first.published == T0 and first.published.tzinfo is not None
    assert first.language == "en" and first.kind == "rss"


def test_atom_and_rss1_parse() -> None:
    (atom,) = parse_feed(ATOM, source="a")
    assert atom.title == "Atom entry" and atom.author == "Kim"
    assert atom.published == datetime(2024, 5, 3, 3, 0, tzinfo=UTC)
    assert atom.links == ("https://x.com/a/status/1",)
    (rdf,) = parse_feed(RSS1, source="r")
    assert rdf.url == "https://r.example/1" and rdf.published.hour == 1


def test_etag_round_trip_reuses_the_archive(ctx: FetchContext) -> None:
    def conditional(handler):  # type: ignore[no-untyped-def]
        if handler.headers.get("If-None-Match") == '"v1"':
            return Reply(304, headers={"ETag": '"v1"'})
        return Reply(200, FEED, {"ETag": '"v1"', "Content-Type": "application/rss+xml"})

    with LocalServer({"/feed": conditional}) as srv:
        first = source(srv.url("/feed")).fetch(ctx)
        assert len(first) == 3 and not ctx.unchanged
        second = source(srv.url("/feed")).fetch(ctx)
        assert second == [] and ctx.unchanged == [srv.url("/feed")]
        assert srv.requests[1].headers.get("if-none-match") == '"v1"'


def test_last_modified_is_sent_back(ctx: FetchContext) -> None:
    stamp = "Fri, 03 May 2024 03:00:00 GMT"
    with LocalServer({"/feed": [Reply(200, FEED, {"Last-Modified": stamp}), Reply(304)]}) as srv:
        source(srv.url("/feed")).fetch(ctx)
        assert source(srv.url("/feed")).fetch(ctx) == []
        assert srv.requests[1].headers.get("if-modified-since") == stamp


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(404, "nope"), "not found"),
        (Reply(500, "boom"), "500"),
        (
            Reply(200, "<html><body>Sign in</body></html>", {"Content-Type": "text/html"}),
            "not a feed",
        ),
        (
            Reply(200, b"<rss><channel><item><title>broken", {"Content-Type": "application/xml"}),
            "feed",
        ),
        (Reply(200, b"x" * 60_000), "50,000"),
        (Reply(200, FEED, delay=1.0), "time"),
    ],
)
def test_failures_are_fetch_errors_a_user_can_act_on(
    ctx: FetchContext, reply: Reply, message: str
) -> None:
    with LocalServer({"/feed": reply}) as srv, pytest.raises(FetchError) as caught:
        source(srv.url("/feed")).fetch(ctx)
    assert message in str(caught.value)


def test_wrong_charset_is_repaired(ctx: FetchContext) -> None:
    body = rss(
        [
            {
                "title": "한국어 모델 공개",
                "link": "https://k.example/1",
                "date": T0,
                "html": "새 모델",
            }
        ]
    )
    headers = {"Content-Type": "application/rss+xml; charset=iso-8859-1"}
    with LocalServer({"/feed": Reply(200, body, headers)}) as srv:
        (item,) = source(srv.url("/feed")).fetch(ctx)
    assert item.title == "한국어 모델 공개"
    assert item.language == "ko"


def test_mojibake_in_the_feed_is_repaired() -> None:
    broken = "한국어 모델 출시".encode().decode("latin-1")
    body = rss([{"title": broken, "link": "https://k.example/1", "date": T0}])
    (item,) = parse_feed(body, source="k")
    assert "모델" in item.title


def test_local_files_and_file_urls(ctx: FetchContext, tmp_path: Path) -> None:
    (tmp_path / "f.xml").write_bytes(FEED)
    assert len(source("f.xml").fetch(ctx)) == 3
    assert len(source(f"file://{tmp_path / 'f.xml'}").fetch(ctx)) == 3
    with pytest.raises(FetchError, match="not found"):
        source("missing.xml").fetch(ctx)
    with pytest.raises(FetchError, match="unsupported"):
        source("gopher://x/feed").fetch(ctx)


def test_a_feed_answering_with_a_path_is_not_read_from_the_disk(
    ctx: FetchContext, tmp_path: Path
) -> None:
    # feedparser reads bytes that name a file as that file: the answer must stay an answer.
    local = tmp_path / "private.xml"
    local.write_bytes(FEED)
    with LocalServer({"/feed": Reply(200, str(local).encode())}) as srv:
        with pytest.raises(FetchError, match="not a feed"):
            source(srv.url("/feed")).fetch(ctx)
    with pytest.raises(FetchError, match="not a feed"):
        parse_feed(str(local).encode(), source="blog")


def test_entries_without_dates_are_skipped_and_duplicates_kept_once() -> None:
    body = FEED.replace(
        b"</channel>",
        b"<item><title>undated</title><link>https://u.example/</link></item></channel>",
    )
    doubled = body.replace(b"<item>", b"<item>", 1)
    items = parse_feed(doubled + b"", source="s")
    assert [i.title for i in items].count("undated") == 0
    twice = FEED.replace(
        b"</channel>",
        FEED.split(b"<item>", 1)[1].split(b"</item>")[0].join([b"<item>", b"</item></channel>"]),
    )
    assert len(parse_feed(twice, source="s")) == 3


ARTICLE = """<!doctype html><html><head><title>Kapo 3.5</title></head><body>
<nav><a href="/">Home</a> · <a href="/about">About</a></nav>
<article><h1>Kapo 3.5 ships with a 128K context window</h1>
<p>Kapo 3.5 is a 70B model trained on 15T tokens. It scores 84.1% on MMLU-Pro and runs on
two GPUs with 4-bit weights. The weights are released under Apache 2.0.</p>
<p>The team also published the training recipe, the data mixture and the evaluation code,
so others can reproduce every number in the report.</p>
<p>새 모델은 한국어 벤치마크에서도 이전 버전보다 6점 높은 점수를 기록했습니다.</p></article>
<footer>Subscribe to our newsletter · Cookie settings</footer></body></html>"""


def test_full_text_replaces_teasers_in_the_window(ctx: FetchContext) -> None:
    def feed(handler: object) -> Reply:
        entries = [
            {"title": "Kapo 3.5", "link": srv.url("/a/1"), "date": T0, "html": "<p>Read more</p>"},
            {"title": "Broken", "link": srv.url("/a/2"), "date": T0, "html": "<p>Teaser two</p>"},
            {"title": "Old", "link": srv.url("/a/3"), "date": T0 - timedelta(days=3),
             "html": "<p>Old teaser</p>"},
            {"title": "Long", "link": srv.url("/a/4"), "date": T0,
             "html": "<p>" + "x " * 400 + "</p>"},
        ]  # fmt: skip
        return Reply(200, rss(entries), {"Content-Type": "application/rss+xml"})

    routes = {
        "/feed": feed,
        "/a/1": Reply(200, ARTICLE, {"Content-Type": "text/html; charset=utf-8"}),
        "/a/2": Reply(500),
        "/a/3": Reply(200, ARTICLE, {"Content-Type": "text/html"}),
        "/a/4": Reply(200, ARTICLE, {"Content-Type": "text/html"}),
    }
    with LocalServer(routes) as srv:
        blog = RssSource(type="rss", name="blog", url=srv.url("/feed"), full_text=True)
        items = {i.title: i for i in blog.fetch(ctx)}
        assert "84.1% on MMLU-Pro" in items["Kapo 3.5"].text
        assert "Subscribe" not in items["Kapo 3.5"].text and "Home" not in items["Kapo 3.5"].text
        assert items["Broken"].text == "Teaser two"  # the page failed: the teaser stays
        assert "Old" not in items  # outside the window: archived as it came, its page unread
        assert [i.text for i in ctx.outside] == ["Old teaser"]
        assert srv.hits("/a/3") == 0 and srv.hits("/a/4") == 0  # the long entry needs nothing

        # A rerun reuses the extracted text from the archive instead of fetching again.
        ctx.archive.put_items(items.values(), T0)
        again = {i.title: i for i in blog.fetch(ctx)}
        assert again["Kapo 3.5"].text == items["Kapo 3.5"].text
        assert srv.hits("/a/1") == 1


def test_full_text_is_off_by_default(ctx: FetchContext) -> None:
    entries = [{"title": "Kapo", "link": "https://blog.example/k", "date": T0, "html": "<p>t</p>"}]
    with LocalServer({"/feed": Reply(200, rss(entries))}) as srv:
        (item,) = source(srv.url("/feed")).fetch(ctx)
    assert item.text == "t"


def test_links_follow_the_bases_the_feed_declares() -> None:
    # xml:base on the feed and on an entry, HTML escaped and inline XHTML, a summary only,
    # and links of other schemes: each link is made absolute as feedparser itself would.
    body = (Path(__file__).parent / "fixtures" / "xml-base.atom").read_bytes()
    items = parse_feed(body, source="b", undated_at=lambda _id: datetime(2025, 1, 1, tzinfo=UTC))
    assert [(i.title, i.links) for i in items] == [
        ("Rel links", ("https://base.example/entries/two.html", "https://base.example/up",
                       "https://cdn.example/x")),
        ("No base", ("https://base.example/root/rel",)),
        ("Summary only", ("https://base.example/root/sub/page",)),
        ("undated", ()),
    ]  # fmt: skip
    assert items[2].text == "s &lt;not a tag&gt; © – 😀 &bogus"
