"""The streaming HTML reader gives what walking Beautiful Soup's ``html.parser`` tree gives.

``digest.htmltext`` reads HTML without building a tree. The yardstick here is the tree
itself: bs4 parses each fragment and ``soup_walk`` walks it (the walk html_to_text made
before the streaming reader). They must agree, text and links, on every HTML block of the
recorded and sample feeds, on fragments made to hit the tree builder's odd rules, and on
thousands of random fragments.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from digest.htmltext import DROP_TAGS, LINE_TAGS, PARAGRAPH_TAGS, text_and_links
from digest.textclean import beautiful_soup

ROOT = Path(__file__).parent.parent
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")


def soup_walk(html: str) -> tuple[str, list[str]]:
    """The text and ``<a href>`` values of bs4's tree of ``html``, walked in document order."""
    from bs4.element import NavigableString, PageElement, Tag

    soup = beautiful_soup()(html, "html.parser")
    out: list[str] = []
    hrefs: list[str] = []
    pending = 0
    stack: list[tuple[PageElement, bool]] = [(child, True) for child in reversed(soup.contents)]
    pre_depth = 0
    while stack:
        node, entering = stack.pop()
        if isinstance(node, Tag):
            if node.name in DROP_TAGS:
                continue
            name = node.name.lower()
            if entering and name == "a":
                href = node.attrs.get("href")
                if isinstance(href, str):
                    hrefs.append(href)
            if name == "pre":
                pre_depth += 1 if entering else -1
            if name == "br":
                if entering:
                    out.append("\n" * max(pending, 1))
                    pending = 0
            elif name in PARAGRAPH_TAGS:
                pending = 2
            elif name in LINE_TAGS:
                pending = max(pending, 1)
            elif name in ("td", "th") and not entering:
                out.append(" ")
            if entering:
                stack.append((node, False))
                stack.extend((child, True) for child in reversed(node.contents))
        elif type(node) is NavigableString:  # not comments, CDATA, ruby text ...
            text = str(node) if pre_depth > 0 else _WHITESPACE.sub(" ", str(node))
            if pending and not text.strip():
                continue
            if pending and out:
                out.append("\n" * pending)
            pending = 0
            out.append(text)
    return "".join(out), hrefs


def recorded_html() -> list[str]:
    """Every title, summary and content block of the recorded and sample feeds."""
    import feedparser

    paths = [*(ROOT / "tests" / "fixtures" / "real" / "feeds").rglob("*"),
             *(ROOT / "examples" / "sample").rglob("*")]  # fmt: skip
    found: list[str] = []
    for path in sorted(p for p in paths if p.is_file()):
        parsed = feedparser.parse(path.read_bytes(), sanitize_html=False)
        for entry in parsed.entries:
            found += [entry.get("title", ""), entry.get("summary", "")]
            found += [c.get("value", "") for c in entry.get("content", []) or []]
    return [html for html in found if "<" in html or "&" in html]


CRAFTED = [
    # void elements: closed at once; a later end tag of the same name is ignored, once
    "a<br>b</br>c</br>d",
    "<p>x<br/>y<br>z</br></p>",
    "<hr>one<hr/>two</hr>three",
    "<embed>after an embed</embed> kept?<embed/>also",
    "<div>a<img src=x>b</img>c</div>",
    # stray and overlapping end tags
    "</p>text</div> more</li>",
    "<b><i>bold italic</b> plain?</i> end",
    "<ul><li>one<li>two</ul>after",
    "<table><tr><td>a<td>b</tr><tr><th>c</th></table>d",
    "<p>never closed<div>nor this",
    # dropped subtrees and ruby
    "<p>keep<script>drop <a href='/s'>s</a></script> this</p>",
    "<svg><a href='/in-svg'>x</a></svg><a href='/out'>y</a>",
    "<noscript>no</noscript><template><p>t</p></template><style>p{}</style>yes",
    "<object><embed>x</object>after object",
    "漢<ruby>字<rp>(</rp><rt>kan<a href='/rt'>j</a>i</rt><rp>)</rp></ruby> done",
    "<head><title>t</title></head><body>body</body>",
    # whitespace: runs, between blocks, inside <pre> and <textarea>
    "<p>  </p>\n\n<p>a</p>   <p>\n b \n</p>",
    "<pre>  keep\n\n   this  </pre> <pre>\n</pre>x",
    "<textarea>  t  \n x</textarea> <pre><b> </b>\n\t</pre>",
    "a <!-- c --> b <!----> c",
    "x<![CDATA[ cdata ]]>y<?pi x?>z<!DOCTYPE html>w",
    "<p>a</p><!-- between --> <p>b</p>",
    # character references
    "&amp; &lt;&gt; &copy &nbsp;&notin; &foo; &amp x &AMP; &Amp;",
    "&#65;&#x42;&#X43;&#0;&#x110000;&#xD800;&#150;&#x81;&#xFDD0;&#xFFFE;&#1114111;",
    "&#65x &#9 &#x; &# &#; tail&#",
    "AT&T a<b c>d &",
    # links
    "<a href>empty</a><a>none</a><a href='' >blank</a><a HREF='/UP'>up</a>",
    "<a href='/1' href='/2'>twice</a><A href=\"/caps\">A</A>",
    "<a href='?q=1&amp;r=2'>q</a><a href=' /sp '>s</a>",
    # odd markup html.parser reads its own way
    "<p>x</p><!DOCTYPE a [<!x>]>",
    "<p>a<![if x]>b",
    "<div<p>>broken</p>",
    "< p>not a tag</p>",
    "<p/>after self-closing p<div/>div<span/>",
    "text with < and > and <3",
    "<scr<script>ipt>alert(1)</script>",
    "<script>never closed <p>hidden",
    "<style>a</style>b</style>c",
]


@pytest.mark.parametrize("html", CRAFTED)
def test_crafted_fragments_read_as_the_tree_reads(html: str) -> None:
    assert text_and_links(html) == soup_walk(html)


def test_every_recorded_block_reads_as_the_tree_reads() -> None:
    blocks = recorded_html()
    assert len(blocks) > 600
    different = [html for html in blocks if text_and_links(html) != soup_walk(html)]
    assert different == []


def random_fragment(rng: random.Random) -> str:
    """A fragment of tags of every kind the reader treats apart, text, whitespace, entities
    and comments, opened and closed in no particular order."""
    names = [*sorted(DROP_TAGS), *sorted(PARAGRAPH_TAGS)[:8], *sorted(LINE_TAGS)[:6],
             "td", "th", "br", "hr", "img", "embed", "a", "b", "pre", "textarea", "rt", "rp",
             "span", "ruby"]  # fmt: skip
    words = ["word", " ", "  ", "\n", "\t", "\n\n ", "가나", "x y", "&amp;", "&nbsp;", "&#150;",
             "&#x1F600;", "&bogus;", "&lt", "<!-- c -->", "<!---->", "<![CDATA[d]]>", "<", ">",
             "&", "\r\n"]  # fmt: skip
    pieces = []
    for _ in range(rng.randrange(1, 30)):
        roll = rng.random()
        name = rng.choice(names)
        if roll < 0.3:
            href = rng.choice(["", " href='/x'", ' href="https://h.example/p?a=1&amp;b=2"',
                               " href", " href='/1' href='/2'"])  # fmt: skip
            pieces.append(f"<{name}{href if name == 'a' else ''}>")
        elif roll < 0.45:
            pieces.append(f"</{name}>")
        elif roll < 0.5:
            pieces.append(f"<{name}/>")
        else:
            pieces.append(rng.choice(words))
    return "".join(pieces)


def test_random_fragments_read_as_the_tree_reads() -> None:
    rng = random.Random(20261202)
    fragments = [random_fragment(rng) for _ in range(4000)]
    different = [html for html in fragments if text_and_links(html) != soup_walk(html)]
    assert different == []


def test_deep_nesting_does_not_overflow() -> None:
    depth = sys.getrecursionlimit() * 3
    text, _ = text_and_links("<div>" * depth + "deep" + "</div>" * depth)
    assert text == "deep"


def test_reading_html_imports_no_bs4() -> None:
    import subprocess

    script = (
        "import sys\n"
        "from digest.textclean import html_to_text\n"
        "print(html_to_text('<p>Kapo <a href=\"https://k.example/4\">4</a></p>'))\n"
        "print('bs4' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.splitlines() == ["('Kapo 4', ['https://k.example/4'])", "False"]


def test_a_broken_declaration_loses_nothing_after_it() -> None:
    # html.parser gives up on "<![bogus[": the fragment is read again with it as text.
    text, links = text_and_links('x<![bogus[y]]>z tail <p>more <a href="https://e.x/">l</a></p>')
    assert text.startswith("x") and text.endswith("more l") and "tail" in text
    assert links == ["https://e.x/"]
