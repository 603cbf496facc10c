"""Small RSS/Atom documents written by the tests themselves."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape


def rss(entries: list[dict[str, str | datetime]], title: str = "Test feed") -> bytes:
    """An RSS 2.0 feed; each entry has ``title``, ``link``, ``guid``, ``date``, ``html``.

    ``guid`` defaults to the link; an empty ``guid`` leaves the element out.
    """
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>https://feed.example/</link>",
        "<description>test</description>",
    ]
    for e in entries:
        date = e["date"]
        assert isinstance(date, datetime)
        parts.append(
            "<item>"
            f"<title>{escape(str(e['title']))}</title>"
            f"<link>{escape(str(e['link']))}</link>"
            + (f"<guid>{escape(str(guid))}</guid>" if (guid := e.get("guid", e["link"])) else "")
            + f"<pubDate>{format_datetime(date)}</pubDate>"
            f"<description>{escape(str(e.get('html', '')))}</description>"
            + (f"<author>{escape(str(e['author']))}</author>" if "author" in e else "")
            + "</item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")
