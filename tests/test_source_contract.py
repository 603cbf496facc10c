"""The source contract: a type is its parsing plus one registry entry; the base reads the saved
file and keeps the window; every request waits through the context's ``sleep``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Literal

import pytest
from pydantic import TypeAdapter, ValidationError

from digest.config import parse
from digest.models import Item
from digest.sources import REGISTRY, SourceBase, registry, union_of
from digest.sources.base import Body, FetchContext
from digest.sources.rss import RssSource
from tests.feeds import rss
from tests.httpserver import LocalServer, Reply
from tests.sourcectx import SINCE, UNTIL, fetch_context
from tests.test_faults import KINDS, Kind


class LinesSource(SourceBase):
    """A made-up type for the test: one ``<ISO time> <text>`` per line of a file.

    Attributes:
        file: the file.
    """

    type: Literal["lines"]
    file: str

    def document(self) -> str:
        return self.file

    def parse(self, body: Body, ctx: FetchContext) -> list[Item]:
        items = []
        for number, line in enumerate(body.content.decode().splitlines()):
            stamp, text = line.split(" ", 1)
            items.append(
                Item(
                    source=self.name,
                    id=str(number),
                    text=text,
                    kind="rss",
                    published=SINCE.fromisoformat(stamp),
                )
            )
        return items


def test_a_new_type_is_its_parsing_and_one_registry_entry(tmp_path: Path) -> None:
    types = registry(RssSource, LinesSource)
    entries: TypeAdapter[list[SourceBase]] = TypeAdapter(list[union_of(types)])
    hour = timedelta(hours=1)
    stamps = [t.isoformat() for t in (SINCE + hour, SINCE - hour, UNTIL)]
    lines = [f"{stamps[0]} kept", f"{stamps[1]} too early", f"{stamps[2]} too late"]
    (tmp_path / "day.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (source,) = entries.validate_python([{"type": "lines", "name": "ln", "file": "day.txt"}])
    assert isinstance(source, LinesSource)
    with fetch_context(tmp_path) as ctx:
        items = source.fetch(ctx)
        assert [i.text for i in items] == ["kept"]
        assert [i.text for i in ctx.outside] == ["too early", "too late"]
        assert len(source.read(ctx)) == 3  # read is everything, before the window
    with pytest.raises(ValidationError, match="'rss', 'lines'"):
        entries.validate_python([{"type": "gopher", "name": "g"}])


def test_the_config_union_is_the_registry() -> None:
    assert list(REGISTRY) == ["rss", "x", "discord", "telegram", "reddit", "hackernews"]
    text = "sources:\n  - {type: gopher, name: g, url: a.xml}\n"
    with pytest.raises(Exception, match="expected tags: " + ", ".join(f"'{k}'" for k in REGISTRY)):
        parse(text, Path("/tmp/cfg/sources.yaml"))


def test_a_registry_entry_must_name_one_new_type() -> None:
    with pytest.raises(TypeError, match=r"LinesSource\.type must be a Literal of one new name"):
        registry(LinesSource, LinesSource)


CASES = [pytest.param(kind, id=kind.name) for kind in KINDS]


@pytest.mark.parametrize("kind", CASES)
def test_every_request_waits_through_the_context(
    tmp_path: Path, kind: Kind, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("X_BEARER_TOKEN", "test-bearer")
    monkeypatch.setenv("DISCORD_BOT_TOKEN", "test-bot")
    routes = {**kind.extra_routes(), kind.path: [Reply(503), kind.healthy()]}
    waits: list[float] = []
    with LocalServer(routes) as server, fetch_context(tmp_path, waits=waits) as ctx:
        config = parse(f"sources:\n  - {kind.config(server.base)}\n", tmp_path / "sources.yaml")
        items = config.config.sources[0].fetch(ctx)
    assert len(items) == 1 and len(waits) == 1, (items, waits)


def test_articles_and_nitter_feeds_wait_through_the_context(tmp_path: Path) -> None:
    entry = {"title": "Kapo", "link": "", "date": SINCE + timedelta(hours=1), "html": "<p>t</p>"}
    page = (
        "<html><body><article><p>" + "Kapo 3.5 ships today. " * 40 + "</p></article></body></html>"
    )
    waits: list[float] = []
    with LocalServer() as server, fetch_context(tmp_path, waits=waits) as ctx:
        server.route("/feed", Reply(200, rss([{**entry, "link": server.url("/a")}])))
        server.route("/a", [Reply(502), Reply(200, page, {"Content-Type": "text/html"})])
        server.route("/kapo/rss", [Reply(503), Reply(200, rss([]))])
        blog = RssSource(type="rss", name="blog", url=server.url("/feed"), full_text=True)
        (item,) = blog.fetch(ctx)
        assert "Kapo 3.5 ships today" in item.text and len(waits) == 1
        from digest.sources.x import XSource

        nitter = XSource(type="x", name="xn", via="nitter", base_url=server.base, accounts=["kapo"])
        assert nitter.fetch(ctx) == [] and len(waits) == 2
