"""An HTML fragment's text and links in one streaming pass of ``html.parser``.

``text_and_links`` reads HTML the way Beautiful Soup's ``html.parser`` tree builder does (the
same tokenizer; the same rules for void elements, stray end tags, character references and
strings of nothing but spaces) and gives what walking that tree in document order gives,
without building it: about a quarter of the cost, and no bs4 import.

What the walk keeps and drops (``digest.textclean.html_to_text`` tidies the result):

- the subtrees of ``DROP_TAGS`` (scripts, styles, embedded documents) are passed over whole;
- text inside ``<rt>``/``<rp>`` (ruby annotations) is left out, as are comments, CDATA,
  doctypes and processing instructions;
- an element of ``PARAGRAPH_TAGS`` owes a blank line before the next text, one of
  ``LINE_TAGS`` a line break, ``<br>`` a line break at once, and a table cell a space after
  it;
- whitespace is collapsed to single spaces except inside ``<pre>``; whitespace between two
  blocks is dropped;
- the ``href`` of every ``<a>`` met outside the dropped subtrees is kept, in order.

``tests/test_htmltext.py`` checks all of this against a walk over Beautiful Soup's own tree.
"""

from __future__ import annotations

import re
from collections import Counter
from html.entities import html5
from html.parser import HTMLParser

__all__ = ["DROP_TAGS", "LINE_TAGS", "PARAGRAPH_TAGS", "text_and_links"]

DROP_TAGS = frozenset(
    {"script", "style", "noscript", "iframe", "template", "svg", "head", "object", "embed"}
)
"""Elements whose whole subtree is left out."""

PARAGRAPH_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section", "article",
     "ul", "ol", "dl", "table", "figure", "hr", "header", "footer", "aside", "main", "nav",
     "details", "form", "fieldset", "address"}
)  # fmt: skip
"""Elements that end a paragraph: a blank line before the text after their start and end."""

LINE_TAGS = frozenset(
    {"div", "li", "tr", "dt", "dd", "figcaption", "caption", "summary", "legend", "center",
     "thead", "tbody", "tfoot", "option"}
)  # fmt: skip
"""Elements that end a line."""

_CELL_TAGS = frozenset({"td", "th"})
# Elements that never hold content: closed as soon as they open (a later `</br>` is ignored).
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "menuitem",
     "meta", "param", "source", "track", "wbr", "basefont", "bgsound", "command", "frame",
     "image", "isindex", "nextid", "spacer"}
)  # fmt: skip
_WHITESPACE_KEPT = frozenset({"pre", "textarea"})  # where a string of spaces stays as it is
# Elements whose strings are not plain text (ruby annotations; the rest are dropped anyway).
_STRING_CONTAINERS = frozenset({"rt", "rp", "style", "script", "template"})
_ASCII_SPACES = " \n\t\f\r"
_HTML_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_NUMBER_AND_REST = re.compile("^([0-9]+)(.*)")
_HEX_AND_REST = re.compile("^([0-9a-f]+)(.*)")


def _numeric_reference(name: str) -> tuple[str, str]:
    """The character ``&#name;`` stands for, and any text after its number that is not part
    of it (``&#65x``: ``A``, ``x``)."""
    base, pattern = 10, _NUMBER_AND_REST
    if name[:1] in ("x", "X"):
        name, base, pattern = name[1:], 16, _HEX_AND_REST
    try:
        number = int(name, base)
        rest = ""
    except ValueError:
        match = pattern.search(name)
        if match is None:
            return "", name
        number, rest = int(match.group(1), base), match.group(2)
    if number == 0 or number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
        return "\ufffd", rest
    if 0x80 <= number <= 0x9F:  # a Windows-1252 byte written as a number: its character
        try:
            return bytes([number]).decode("cp1252"), rest
        except UnicodeDecodeError:
            pass
    return chr(number), rest


class _TextOf(HTMLParser):
    """The parser: a stack of the open elements' names, and the walk's output so far."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.hrefs: list[str] = []
        self.pending = 0  # line breaks owed by block boundaries since the last text: 0-2
        self._data: list[str] = []  # the string being read, in pieces
        self._open: list[str] = []
        self._counts: dict[str, int] = {}
        self._dropped = 0  # open elements of DROP_TAGS
        self._pre = 0  # open <pre>
        self._kept = 0  # open <pre> and <textarea>
        self._containers = 0  # open elements of _STRING_CONTAINERS
        # Void elements whose end tag may still come, by tag (a count, not a list: a list
        # scanned at every end tag made a page of many <br> quadratic).
        self._closed_voids: Counter[str] = Counter()

    # tokenizer events -------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._end_string()
        self._push(tag, attrs)
        if tag in _VOID_TAGS:
            self._pop_to(tag)
            self._closed_voids[tag] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._end_string()
        self._push(tag, attrs)
        self._pop_to(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._closed_voids[tag]:  # `</br>` after `<br>`: closed already
            self._closed_voids[tag] -= 1
            return
        self._end_string()
        self._pop_to(tag)

    def handle_data(self, data: str) -> None:
        self._data.append(data)

    def handle_charref(self, name: str) -> None:
        self._data.extend(_numeric_reference(name))

    def handle_entityref(self, name: str) -> None:
        character = html5.get(name + ";")  # every name html5 lists bare it lists with ";"
        self._data.append(character if character is not None else f"&{name}")

    def handle_comment(self, data: str) -> None:
        self._end_string()  # a comment ends the string before it, and is no text itself

    def handle_decl(self, decl: str) -> None:
        self._end_string()  # so do doctypes, CDATA sections and processing instructions

    def unknown_decl(self, data: str) -> None:
        self._end_string()

    def handle_pi(self, data: str) -> None:
        self._end_string()

    def finish(self) -> str:
        """The text, once the whole fragment was fed: open elements closed at the end."""
        self._end_string()
        while self._open:
            self._pop()
        return "".join(self.out)

    # the tree's walk --------------------------------------------------------------------
    def _end_string(self) -> None:
        """The string read since the last element boundary, as the walk meets it."""
        if not self._data:
            return
        string = "".join(self._data)
        self._data.clear()
        if not self._kept and not string.strip(_ASCII_SPACES):
            string = "\n" if "\n" in string else " "
        if self._dropped or self._containers:
            return
        text = string if self._pre else _HTML_WHITESPACE.sub(" ", string)
        if self.pending:
            if not text.strip():
                return  # whitespace between blocks
            if self.out:
                self.out.append("\n" * self.pending)
            self.pending = 0
        self.out.append(text)

    def _push(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._dropped and tag not in DROP_TAGS:
            if tag == "a":
                href = None
                for name, value in attrs:
                    if name == "href":  # the last of repeated attributes counts
                        href = value or ""
                if href is not None:
                    self.hrefs.append(href)
            if tag == "br":
                self.out.append("\n" * max(self.pending, 1))
                self.pending = 0
            elif tag in PARAGRAPH_TAGS:
                self.pending = 2
            elif tag in LINE_TAGS:
                self.pending = max(self.pending, 1)
        self._open.append(tag)
        self._counts[tag] = self._counts.get(tag, 0) + 1
        self._dropped += tag in DROP_TAGS
        self._pre += tag == "pre"
        self._kept += tag in _WHITESPACE_KEPT
        self._containers += tag in _STRING_CONTAINERS

    def _pop(self) -> None:
        tag = self._open.pop()
        self._counts[tag] -= 1
        self._pre -= tag == "pre"
        self._kept -= tag in _WHITESPACE_KEPT
        self._containers -= tag in _STRING_CONTAINERS
        if tag in DROP_TAGS:
            self._dropped -= 1
        elif not self._dropped:
            if tag in PARAGRAPH_TAGS:
                self.pending = 2
            elif tag in LINE_TAGS:
                self.pending = max(self.pending, 1)
            elif tag in _CELL_TAGS:
                self.out.append(" ")

    def _pop_to(self, tag: str) -> None:
        """Close the most recent open ``tag`` and every element opened inside it (none if no
        ``tag`` is open: a stray end tag)."""
        if self._counts.get(tag):
            while self._open[-1] != tag:
                self._pop()
            self._pop()


def text_and_links(html: str) -> tuple[str, list[str]]:
    """The text of an HTML fragment with block structure as line breaks, and the ``href`` of
    each ``<a>`` in it as written, in document order."""
    parser = _TextOf()
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:
        # html.parser gives up on some broken declarations (``<![bogus[``): read the fragment
        # again with those written as text, so what follows one is not lost.
        if "<![" not in html:
            return parser.finish(), parser.hrefs
        return text_and_links(html.replace("<![", "&lt;!["))
    return parser.finish(), parser.hrefs
