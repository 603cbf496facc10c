"""The fault matrix: every source type against every network fault, inside a whole build.

Each case builds a post from two sources: a healthy feed file and one source of the type
under test, served by a local server that misbehaves in one way. The post must be written
from what worked, the failure listed in the report in words (no traceback), and a rerun after
the fault clears must fetch the broken source again and keep the healthy one from the archive.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from digest.config import FetchConfig, load
from digest.errors import ExitCode
from digest.pipeline import BuildOptions, build
from tests.clirun import digest
from tests.feeds import rss
from tests.httpserver import LocalServer, Reply, redirect

DAY = date(2024, 5, 4)
NOW = datetime(2024, 5, 4, 0, 30, tzinfo=UTC)
WHEN = datetime(2024, 5, 3, 3, 0, tzinfo=UTC)  # noon in Seoul, inside the window
HTML = {"Content-Type": "text/html; charset=utf-8"}
JSON = {"Content-Type": "application/json"}


@dataclass(frozen=True)
class Kind:
    """One source type: its config line, the path that fails, and what that path answers."""

    name: str
    config: Callable[[str], str]
    path: str
    healthy: Callable[[], Reply]
    extra_routes: Callable[[], dict[str, Any]] = dict


def _feed() -> Reply:
    body = rss([{"title": "Kapo 3.5 ships", "link": "https://kapo.example/3.5", "date": WHEN,
                 "html": "<p>Kapo 3.5 ships with a 128K context.</p>"}])  # fmt: skip
    return Reply(200, body, {"Content-Type": "application/rss+xml"})


def _tweets() -> Reply:
    ident = str(((int(WHEN.timestamp() * 1000) - 1_288_834_974_657) << 22) + 1)
    body = {"data": [{"id": ident, "text": "Kapo 3.5 ships with a 128K context",
                      "created_at": WHEN.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "author_id": "1"}],
            "includes": {"users": [{"id": "1", "username": "kapo"}]},
            "meta": {"result_count": 1}}  # fmt: skip
    return Reply(200, json.dumps(body), JSON)


def _messages() -> Reply:
    ident = str((int(WHEN.timestamp() * 1000) - 1_420_070_400_000) << 22)
    body = [{"id": ident, "content": "Kapo 3.5 ships with a 128K context", "timestamp":
             WHEN.isoformat(), "author": {"id": "9", "username": "minsu"}}]  # fmt: skip
    return Reply(200, json.dumps(body), JSON)


def _channel() -> Reply:
    body = {"id": "112233445566778899", "guild_id": "998877665544332211", "name": "news"}
    return Reply(200, json.dumps(body), JSON)


def _preview() -> Reply:
    page = (
        '<html><body><div class="tgme_channel_info"></div>'
        '<div class="tgme_widget_message" data-post="kapochan/7">'
        '<div class="tgme_widget_message_text">'
        "Kapo 3.5 ships with a 128K context</div>"
        f'<a class="tgme_widget_message_date"><time datetime="{WHEN.isoformat()}"></time></a>'
        "</div></body></html>"
    )
    return Reply(200, page, HTML)


def _listing() -> Reply:
    post = {"kind": "t3", "data": {"id": "abc", "title": "Kapo 3.5 ships", "created_utc":
            WHEN.timestamp(), "permalink": "/r/LocalLLaMA/comments/abc/kapo/", "score": 5,
            "num_comments": 1, "url": "https://kapo.example/3.5", "selftext": ""}}  # fmt: skip
    return Reply(200, json.dumps({"kind": "Listing", "data": {"children": [post], "after": None}}))


def _hits() -> Reply:
    hit = {"objectID": "4001", "title": "Kapo 3.5 ships", "url": "https://kapo.example/3.5",
           "created_at_i": int(WHEN.timestamp()), "points": 50, "num_comments": 3}  # fmt: skip
    return Reply(200, json.dumps({"hits": [hit], "nbPages": 1, "page": 0}), JSON)


KINDS = [
    Kind("rss", lambda base: f"{{type: rss, name: under, url: '{base}/feed.xml'}}",
         "/feed.xml", _feed),
    Kind("x", lambda base: f"{{type: x, name: under, list_id: '555', base_url: '{base}/2'}}",
         "/2/lists/555/tweets", _tweets),
    Kind("discord", lambda base: "{type: discord, name: under, channel_id: '112233445566778899',"
         f" base_url: '{base}/api/v10'}}", "/api/v10/channels/112233445566778899/messages",
         _messages, lambda: {"/api/v10/channels/112233445566778899": _channel()}),
    Kind("telegram", lambda base: f"{{type: telegram, name: under, channel: kapochan, "
         f"base_url: '{base}'}}", "/s/kapochan", _preview),
    Kind("reddit", lambda base: f"{{type: reddit, name: under, subreddit: LocalLLaMA, "
         f"base_url: '{base}'}}", "/r/LocalLLaMA/new.json", _listing),
    Kind("hackernews", lambda base: f"{{type: hackernews, name: under, base_url: '{base}/api/v1'}}",
         "/api/v1/search_by_date", _hits),
]  # fmt: skip

FAULTS: dict[str, Callable[[Kind], Any]] = {
    "timeout": lambda k: Reply(200, b"{}", delay=1.2),
    "connection reset": lambda k: Reply(200, b"x" * 4000, truncate_at=100),
    "server error 503": lambda k: Reply(503, "Service Unavailable"),
    "429 with a long Retry-After": lambda k: Reply(
        429, "{}", {"Retry-After": "7200", "x-rate-limit-reset": str(int(NOW.timestamp()) + 10**9)}
    ),
    "429 without Retry-After": lambda k: Reply(429, "{}"),
    "truncated body": lambda k: Reply(200, b"{" * 500, declared_length=5000, truncate_at=500),
    "oversized body": lambda k: Reply(200, b"[" + b" " * 80_000 + b"]", JSON),
    "redirect loop": lambda k: redirect(k.path),
    "wrong content type": lambda k: Reply(200, "<!DOCTYPE html><html>login</html>", HTML),
    "malformed payload": lambda k: Reply(200, '{"data": [{"id": ', JSON),
}
# Faults the source rides out: a short rate limit is waited for, then the fetch succeeds.
SURVIVED = {"429 then success": lambda k: [Reply(429, "{}", {"Retry-After": "0",
            "x-rate-limit-reset": "0"}), k.healthy()]}  # fmt: skip


def site(tmp_path: Path, kind: Kind, base: str) -> Path:
    (tmp_path / "feeds").mkdir(exist_ok=True)
    (tmp_path / "feeds" / "good.xml").write_bytes(_feed().body)  # type: ignore[arg-type]
    config = tmp_path / "sources.yaml"
    config.write_text(
        "fetch: {timeout: 0.5, retries: 1, max_bytes: 50000}\n"
        "sources:\n  - {type: rss, name: good, url: feeds/good.xml}\n"
        f"  - {kind.config(base)}\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture(autouse=True)
def _tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BEARER_TOKEN", "test-bearer")
    monkeypatch.setenv("DISCORD_BOT_TOKEN", "test-bot")


@pytest.fixture(autouse=True)
def _short_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries wait 1 ms, not the default 0.5-1 s: these tests count attempts (the waits
    themselves are checked through a recorded ``sleep`` in tests/test_http.py)."""
    settings = FetchConfig.settings
    monkeypatch.setattr(
        FetchConfig, "settings", lambda self: replace(settings(self), backoff=0.001)
    )


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_a_fault_costs_only_its_source(tmp_path: Path, kind: Kind, fault: str) -> None:
    routes = {**kind.extra_routes(), kind.path: FAULTS[fault](kind)}
    with LocalServer(routes) as server:
        config = site(tmp_path, kind, server.base)
        report = build(load(config), BuildOptions(day=DAY, out_dir=tmp_path / "out", now=NOW))
        by_name = {s.name: s for s in report.sources}
        assert report.exit_code == ExitCode.PARTIAL, (fault, by_name["under"])
        assert report.post and Path(report.post).is_file()
        assert by_name["good"].status == "ok" and by_name["good"].in_window == 1
        failed = by_name["under"]
        assert failed.status == "failed" and failed.error
        assert "Traceback" not in failed.error and "unexpected" not in failed.error, failed.error
        if fault in ("timeout", "connection reset", "server error 503"):
            assert "after 2 attempts" in failed.error  # transient: tried again (retries: 1)
        # The fault clears; the next run fetches the broken source again, the good one not.
        server.route(kind.path, kind.healthy())
        later = NOW + timedelta(hours=1)
        again = build(load(config), BuildOptions(day=DAY, out_dir=tmp_path / "out", now=later))
    statuses = {s.name: s.status for s in again.sources}
    assert statuses == {"good": "cached", "under": "ok"}, again.sources
    assert again.exit_code == ExitCode.OK and again.items_in_window == 2


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_a_short_rate_limit_is_ridden_out(tmp_path: Path, kind: Kind) -> None:
    routes = {**kind.extra_routes(), kind.path: SURVIVED["429 then success"](kind)}
    with LocalServer(routes) as server:
        config = site(tmp_path, kind, server.base)
        report = build(load(config), BuildOptions(day=DAY, out_dir=tmp_path / "out", now=NOW))
    assert report.exit_code == ExitCode.OK, report.sources
    assert {s.name: s.in_window for s in report.sources} == {"good": 1, "under": 1}


def test_a_read_only_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "good.xml").write_bytes(_feed().body)  # type: ignore[arg-type]
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - {type: rss, name: good, url: feeds/good.xml}\n", encoding="utf-8"
    )
    target = "/proc/digest-read-only" if os.geteuid() == 0 else str(tmp_path / "ro")
    if os.geteuid() != 0:
        (tmp_path / "ro").mkdir(mode=0o500)
    result = digest("build", "--date", "2024-05-04", "--out", target, cwd=tmp_path)
    assert result.exit_code == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
    assert "writable" in " ".join(result.stderr.split())


def test_a_full_disk_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from digest import state

    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "good.xml").write_bytes(_feed().body)  # type: ignore[arg-type]
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - {type: rss, name: good, url: feeds/good.xml}\n", encoding="utf-8"
    )
    real = state.os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(state.os, "fsync", full)
    from digest.errors import OutputError

    with pytest.raises(OutputError, match="No space left on device"):
        build(
            load(tmp_path / "sources.yaml"), BuildOptions(day=DAY, out_dir=tmp_path / "o", now=NOW)
        )
    monkeypatch.setattr(state.os, "fsync", real)
    assert not list((tmp_path / "o").rglob("index.md"))  # no half-written post
    assert not list((tmp_path / "o").rglob("*.tmp"))
    # Nothing fetched is lost: the rerun finds the items in the archive.
    again = build(load(tmp_path / "sources.yaml"), BuildOptions(day=DAY, out_dir=tmp_path / "o",
                                                                  now=NOW))  # fmt: skip
    assert again.post and {s.status for s in again.sources} == {"cached"}
