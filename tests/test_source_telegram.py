"""The telegram source against t.me/s preview pages served over real HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from pathlib import Path

import pytest

from digest.errors import FetchError
from digest.sources.telegram import TelegramSource, parse_page
from tests.conftest import SAMPLE
from tests.httpserver import LocalServer, Reply, redirect
from tests.sourcectx import SINCE, UNTIL, fetch_context, mojibake

CHANNEL = "ai_news_kr"


def post(number: int, when: datetime, text: str = "", **extra: str) -> str:
    """One message as the preview renders it (the markup of t.me/s pages)."""
    parts = [
        '<div class="tgme_widget_message_wrap js-widget_message_wrap">',
        f'<div class="tgme_widget_message js-widget_message" data-post="{CHANNEL}/{number}">',
        '<div class="tgme_widget_message_bubble">',
    ]
    if "forwarded" in extra:
        parts.append(
            '<div class="tgme_widget_message_forwarded_from accent_color">Forwarded from '
            f'<a class="tgme_widget_message_forwarded_from_name" href="{extra["forwarded"]}">'
            '<span dir="auto">Other Channel</span></a></div>'
        )
    parts.append(
        '<div class="tgme_widget_message_author accent_color">'
        f'<a class="tgme_widget_message_owner_name" href="https://t.me/{CHANNEL}">'
        '<span dir="auto">AI 뉴스</span></a></div>'
    )
    if "photo" in extra:
        parts.append('<a class="tgme_widget_message_photo_wrap" href="https://t.me/x"></a>')
    if text:
        parts.append(
            f'<div class="tgme_widget_message_text js-message_text" dir="auto">{text}</div>'
        )
    if "preview" in extra:
        parts.append(
            f'<a class="tgme_widget_message_link_preview" href="{extra["preview"]}">'
            '<div class="link_preview_site_name accent_color" dir="auto">site</div>'
            f'<div class="link_preview_title" dir="auto">{escape(extra.get("title", ""))}</div>'
            '<div class="link_preview_description" dir="auto">A description.</div></a>'
        )
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    parts.append(
        '<div class="tgme_widget_message_footer compact js-message_footer">'
        '<div class="tgme_widget_message_info short js-message_info">'
        f'<span class="tgme_widget_message_views">{extra.get("views", "1.2K")}</span>'
        '<span class="copyonly"> views</span><span class="tgme_widget_message_meta">'
        f'<a class="tgme_widget_message_date" href="https://t.me/{CHANNEL}/{number}">'
        f'<time datetime="{stamp}" class="time">{when:%H:%M}</time></a></span></div></div>'
        "</div></div></div>"
    )
    return "".join(parts)


def page(*posts: str) -> bytes:
    head = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>AI 뉴스 – Telegram</title></head>'
        '<body><div class="tgme_channel_info"><div class="tgme_channel_info_header_title">'
        'AI 뉴스</div></div><section class="tgme_channel_history js-message_history">'
    )
    return (head + "".join(posts) + "</section></body></html>").encode()


def html(body: bytes) -> Reply:
    return Reply(200, body, {"Content-Type": "text/html; charset=utf-8"})


def source(server: LocalServer, **extra: object) -> TelegramSource:
    return TelegramSource(
        type="telegram", name="tg", channel=CHANNEL, base_url=server.base, **extra
    )  # type: ignore[arg-type]


def test_pages_back_with_before_until_the_window_start(tmp_path: Path) -> None:
    hour = timedelta(hours=1)
    newest = page(
        *(
            post(
                n,
                SINCE + hour * (n - 100),
                f"소식 {n} <a href='https://ex.example/{n}?utm_source=tg'>링크</a>",
            )
            for n in range(110, 121)
        )
    )
    older = page(*(post(n, SINCE + hour * (n - 100), f"소식 {n}") for n in range(98, 110)))
    with (
        LocalServer(
            {f"/s/{CHANNEL}": html(newest), f"/s/{CHANNEL}?before=110": html(older)}
        ) as server,
        fetch_context(tmp_path) as ctx,
    ):
        items = source(server).fetch(ctx)
        paths = [seen.path for seen in server.requests]
    assert paths == [f"/s/{CHANNEL}", f"/s/{CHANNEL}?before=110"]
    # Posts 98 and 99 are before the window; 100 starts it; 120 (+20 h) is inside, 124 would not be.
    assert sorted(int(i.id) for i in items) == list(range(100, 121))
    first = next(i for i in items if i.id == "110")
    assert first.url == f"https://t.me/{CHANNEL}/110"
    assert first.links == ("https://ex.example/110",)
    assert first.text == "소식 110 링크" and first.language == "ko"
    assert first.engagement == {"views": 1200} and first.kind == "telegram"


def test_window_end_is_exclusive_and_the_window_is_exact(tmp_path: Path) -> None:
    body = page(
        post(1, SINCE - timedelta(seconds=1), "just before"),
        post(2, SINCE, "the first instant"),
        post(3, UNTIL - timedelta(seconds=1), "the last second"),
        post(4, UNTIL, "the next day"),
    )
    with LocalServer({f"/s/{CHANNEL}": html(body)}) as server, fetch_context(tmp_path) as ctx:
        items = source(server).fetch(ctx)
    assert [i.id for i in items] == ["2", "3"]


def test_forwarded_previews_views_and_media_only_posts(tmp_path: Path) -> None:
    when = SINCE + timedelta(hours=2)
    body = page(
        post(5, when, "", photo="1"),  # a photo with no words: nothing to cite
        post(6, when, "전달된 글", forwarded="https://t.me/other/77", views="4.4K"),
        post(7, when, "새 모델", preview="https://lab.example/m", title="Model card", views="12K"),
    )
    with LocalServer({f"/s/{CHANNEL}": html(body)}) as server, fetch_context(tmp_path) as ctx:
        items = {i.id: i for i in source(server).fetch(ctx)}
    assert set(items) == {"6", "7"}
    assert items["6"].author == "Other Channel"
    assert items["6"].links[0] == "https://t.me/other/77"
    assert items["6"].engagement == {"views": 4400}
    assert items["7"].title == "Model card" and "A description." in items["7"].text
    assert items["7"].links == ("https://lab.example/m",)
    assert items["7"].engagement == {"views": 12000}


def test_a_channel_without_preview_redirects_and_is_reported(tmp_path: Path) -> None:
    channel_page = Reply(200, b"<html><body>tgme_page_extra</body></html>")
    with (
        LocalServer(
            {f"/s/{CHANNEL}": redirect(f"/{CHANNEL}"), f"/{CHANNEL}": channel_page}
        ) as server,
        fetch_context(tmp_path) as ctx,
        pytest.raises(FetchError, match="no public web preview"),
    ):
        source(server).fetch(ctx)


def test_server_errors_retry_then_fail_clearly(tmp_path: Path) -> None:
    with LocalServer({f"/s/{CHANNEL}": Reply(502)}) as server, fetch_context(tmp_path) as ctx:
        with pytest.raises(FetchError, match="server error 502 after 3 attempts"):
            source(server).fetch(ctx)
        assert server.hits(f"/s/{CHANNEL}") == 3


def test_rate_limit_is_retried_after_the_wait(tmp_path: Path) -> None:
    body = page(post(9, SINCE + timedelta(hours=1), "hello"))
    with (
        LocalServer(
            {f"/s/{CHANNEL}": [Reply(429, headers={"Retry-After": "0"}), html(body)]}
        ) as server,
        fetch_context(tmp_path) as ctx,
    ):
        assert [i.id for i in source(server).fetch(ctx)] == ["9"]


def test_mojibake_and_hostile_markup_become_plain_text() -> None:
    body = page(
        post(1, SINCE, escape(mojibake("새 모델 출시 – “공개”"))),
        post(
            2,
            SINCE,
            "<script>alert(1)</script>{{&lt; shortcode &gt;}} <a href='javascript:x'>x</a>",
        ),
    )
    items = {i.id: i for i in parse_page(body, channel=CHANNEL, source="tg")}
    assert items["1"].text == "새 모델 출시 – “공개”"
    assert "alert" not in items["2"].text and items["2"].links == ()


def test_malformed_page_is_an_error_not_an_empty_day(tmp_path: Path) -> None:
    with (
        LocalServer({f"/s/{CHANNEL}": html(b"<html><body>maintenance</body></html>")}) as server,
        fetch_context(tmp_path) as ctx,
        pytest.raises(FetchError, match="not a Telegram channel preview"),
    ):
        source(server).fetch(ctx)


def test_max_pages_stops_paging_and_says_so(tmp_path: Path) -> None:
    hour = timedelta(hours=1)

    def newest_first(handler: object) -> Reply:
        path = getattr(handler, "path", "")
        before = int(path.split("before=")[1]) if "before=" in path else 200
        return html(page(*(post(n, SINCE + hour * 5, f"p{n}") for n in range(before - 5, before))))

    with LocalServer({f"/s/{CHANNEL}": newest_first}) as server, fetch_context(tmp_path) as ctx:
        items = source(server, max_pages=3).fetch(ctx)
        assert server.hits(f"/s/{CHANNEL}") == 3
        assert "raise max_pages" in ctx.notes[0]
    assert len(items) == 15


def test_the_sample_page_reads_offline(tmp_path: Path) -> None:
    body = (SAMPLE / "social" / "telegram-channel.html").read_bytes()
    items = parse_page(body, channel="ai_news_kr_sample", source="tg")
    assert len(items) >= 9
    assert all(i.url and i.url.startswith("https://t.me/ai_news_kr_sample/") for i in items)
