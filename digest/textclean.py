"""Text hygiene: repair mojibake, HTML to plain text, a language guess, and truncation.

All functions are pure and never raise on odd input.

Decisions callers should know:

- ``repair_text`` keeps curly quotes, full-width characters and HTML entities as they are
  (ftfy's ``uncurl_quotes``, ``fix_character_width`` and ``unescape_html`` are off); a
  zero-width joiner is kept only inside emoji sequences (👩‍💻), removed everywhere else.
  It calls ftfy only on text where ftfy could do more than NFC (a cheap check first): most
  English and Korean text never pays for it.
- ``html_to_text`` treats input without any tag as plain text: only ``&name;`` / ``&#n;``
  entities are decoded there, so ``a<b`` or ``AT&T`` survive.
- ``truncate`` never returns more than ``limit`` characters, ellipsis included.
- ``mojibake_share`` measures what ``repair_text`` could not repair: UTF-8 read as cp1252 or
  Latin-1 with bytes lost for good stays as runs like ``ì´ë²ˆ``. ``garbled`` text (a share of
  at least ``MOJIBAKE_SHARE``) is not fit to quote.
"""

from __future__ import annotations

import html as html_lib
import importlib
import re
import sys
import threading
import types
import unicodedata
import warnings
from functools import cache
from typing import TYPE_CHECKING, Any

from digest.htmltext import text_and_links
from digest.urls import clean_url

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

__all__ = [
    "MOJIBAKE_SHARE",
    "beautiful_soup",
    "detect_language",
    "garbled",
    "html_to_text",
    "mojibake_runs",
    "mojibake_share",
    "repair_text",
    "truncate",
]


@cache
def _ftfy() -> Any:
    """ftfy and its settings, imported on first use (text without suspect characters never
    needs it, and a command that repairs nothing never pays for it)."""
    import ftfy

    return ftfy, ftfy.TextFixerConfig(
        unescape_html=False,  # entities are html_to_text's job; `&lt;` in plain text stays literal
        uncurl_quotes=False,  # ’ and “ ” are intended typography
        fix_character_width=False,  # full-width ＡＩ and （） are normal in CJK text
        fix_latin_ligatures=False,
        fix_c1_controls=False,  # C1 controls left after decoding are removed below, not guessed
        normalization="NFC",
        explain=False,
    )


_SOUP_LOCK = threading.Lock()


class _OnFirstUse(types.ModuleType):
    """A stand-in for a module not imported yet: the first attribute asked of it imports the
    module and puts it in the stand-in's place in ``bs4.css``."""

    def __getattr__(self, name: str) -> Any:
        real = importlib.import_module(self.__name__)
        import bs4.css

        bs4.css.soupsieve = real
        return getattr(real, name)


@cache
def beautiful_soup() -> type[BeautifulSoup]:
    """bs4's ``BeautifulSoup``, imported without soupsieve where it can be.

    bs4 imports soupsieve, its CSS selector engine, as it loads: about half of bs4's import
    (~0.1 s of CPU), and no HTML this project reads is searched by selector. Unless one of
    them was imported already, bs4 is imported with soupsieve held back and given a stand-in
    that imports it on first use, so ``Tag.select`` still works.
    """
    with _SOUP_LOCK:
        if "bs4" not in sys.modules and "soupsieve" not in sys.modules:
            sys.modules["soupsieve"] = None  # type: ignore[assignment]  # import -> ImportError
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # "soupsieve is not installed"
                    import bs4.css
            finally:
                del sys.modules["soupsieve"]
            if bs4.css.soupsieve is None:
                bs4.css.soupsieve = _OnFirstUse("soupsieve")
        from bs4 import BeautifulSoup

        return BeautifulSoup


_EMOJI = "\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f"
_ZWJ_OUTSIDE_EMOJI = re.compile(rf"(?<![{_EMOJI}])\u200d|\u200d(?![{_EMOJI}])")
_INVISIBLE = re.compile(
    "[\u200b\u200c\u200e\u200f\u2060\ufeff"  # zero-width, LRM/RLM, word joiner, BOM
    "\u202a-\u202e\u2066-\u2069\u061c"  # bidi embeddings, overrides, isolates, ALM
    "\x00-\x08\x0b-\x1f\x7f-\x9f]"  # C0 (except \t \n) and C1 controls
)

_LOOKS_LIKE_HTML = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>|/[a-zA-Z][^<>]*>|!--)")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_SPACES = re.compile(r"[ \t\f\v\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n{3,}")

# Mojibake left after repair: the character a UTF-8 lead byte (0xC2-0xF4) becomes under
# Latin-1/cp1252, followed by what continuation bytes (0x80-0xBF) become. Korean mangled so
# reads ì´ë²ˆ (이번); no Korean or English word has a Latin-1 letter followed by such a sign,
# except a word ending in é or à before closing punctuation (café…, «voilà»), not counted.
_LEADS = re.escape(bytes(range(0xC2, 0xF5)).decode("latin-1"))
_FOLLOWERS = set(bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore")) | set(
    bytes(range(0xA0, 0xC0)).decode("latin-1")
)
_CLOSING = "»”’…™®"
_ANY = re.escape("".join(sorted(_FOLLOWERS)))
_NOT_CLOSING = re.escape("".join(sorted(_FOLLOWERS - set(_CLOSING))))
_MOJIBAKE_RUN = re.compile(
    f"[{_LEADS}](?:[{_ANY}]{{2,}}|[{_NOT_CLOSING}]|[{re.escape(_CLOSING)}](?=\\w))"
)
# What ftfy changes in any text (line breaks, surrogates, terminal escapes and control
# characters, ``ftfy.fixes``), and every character its mojibake pattern can hinge on (Latin-1
# and Latin, Greek and Cyrillic letters, combining marks, typographic punctuation, currency,
# maths, box drawing, ligatures, U+FFFD): text with neither is left as it is by ftfy, but for
# NFC. tests/test_textclean.py checks both sets against ftfy's own tables.
_FTFY_ON_SIGHT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\u206a-\u206f\ud800-\udfff\ufeff\ufff9-\ufffc]"
)
_MOJIBAKE_SIGNS = re.compile("[\x80-\u04ff\u1e00-\u1fff\u2000-\u2bff\uf8ff\ufb00-\ufb4f\ufffd]")
_FTFY_SEGMENT = 1_000_000  # ftfy's max_decode_length
_ASCII_LETTER = re.compile("[A-Za-z]")
_HANGUL = re.compile("[\uac00-\ud7a3]")
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003134f]")
MOJIBAKE_SHARE = 0.02
"""The share of non-space characters in mojibake runs from which text counts as garbled."""

# truncate: where a sentence ends, so a cut can fall between two sentences.
_SENTENCE_END = re.compile(r"[.!?…](?=[\s\"'”’)\]])|[。！？](?!$)")
_ELLIPSIS = "…"


def repair_text(s: str) -> str:
    """Fix mojibake, NFC-normalise, and drop invisible, bidi and control characters."""
    if not s:
        return ""
    # The ASCII characters ftfy changes on sight (C0 controls but tab and newline, and DEL)
    # are the ASCII ones _INVISIBLE removes: ASCII text without them comes back as it is.
    if s.isascii() and not _FTFY_ON_SIGHT.search(s):
        return s  # nothing for ftfy, NFC or the removals below to change
    text = s if s.isascii() else unicodedata.normalize("NFC", s)
    if _ftfy_would_change(s, text):
        ftfy, config = _ftfy()
        text = ftfy.fix_text(s, config)
    text = _ZWJ_OUTSIDE_EMOJI.sub("", text)
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", text)


def _ftfy_would_change(s: str, nfc: str) -> bool:
    """Whether ftfy (as configured) would make more of ``s`` than its NFC form ``nfc``.

    A cheap check first: with none of the characters ftfy removes or rewrites on sight, and
    no sign of mojibake (ftfy's own badness pattern, which only ever matches where one of
    ``_MOJIBAKE_SIGNS`` is), ftfy would only NFC-normalise. Everything else goes to ftfy.
    """
    if len(s) > _FTFY_SEGMENT:  # ftfy cuts such text at arbitrary points: let it
        return True
    for text in (s, nfc) if nfc is not s else (s,):
        if _FTFY_ON_SIGHT.search(text):
            return True
        if _MOJIBAKE_SIGNS.search(text) and _ftfy_badness().search(text):
            return True
    return False


@cache
def _ftfy_badness() -> re.Pattern[str]:
    """ftfy's mojibake pattern, with ``^`` at every line start (ftfy checks line by line)."""
    from ftfy.badness import BADNESS_RE

    return re.compile(BADNESS_RE.pattern, BADNESS_RE.flags | re.MULTILINE)


def mojibake_runs(text: str) -> list[str]:
    """The runs of mojibake in ``text`` (repaired text: what repair could not bring back)."""
    return _MOJIBAKE_RUN.findall(text)


def mojibake_share(text: str) -> float:
    """The share of ``text``'s non-space characters that sit in mojibake runs (0 to 1)."""
    visible = sum(1 for char in text if not char.isspace())
    if not visible:
        return 0.0
    return sum(len(run) for run in mojibake_runs(text)) / visible


def garbled(text: str) -> bool:
    """True when repair left mojibake in at least ``MOJIBAKE_SHARE`` of ``text``."""
    return mojibake_share(text) >= MOJIBAKE_SHARE


def html_to_text(
    html: str, base_url: str | None = None, declared_base: str | None = None
) -> tuple[str, list[str]]:
    """Readable text of an HTML fragment and its cleaned ``<a href>`` links, in order.

    ``declared_base`` is the base the document declares for its links (a feed's
    ``xml:base``): an ``href`` is made absolute against it first, as feedparser does (an
    address of another scheme than it allows stays as written), then against ``base_url``.
    """
    if not html or not html.strip():
        return "", []
    if not _LOOKS_LIKE_HTML.search(html):
        text = _ENTITY.sub(lambda m: html_lib.unescape(m.group(0)), html)
        return _tidy(repair_text(text)), []
    text, hrefs = text_and_links(html)
    links: dict[str, None] = {}
    for href in hrefs:
        if declared_base:
            href = _absolute(declared_base, href)
        url = clean_url(href, base_url)
        if url is not None:
            links.setdefault(url, None)
    return _tidy(repair_text(text)), list(links)


def _absolute(base: str, href: str) -> str:
    """``href`` against ``base`` the way feedparser resolves a feed's relative links."""
    from feedparser.urls import make_safe_absolute_uri

    return make_safe_absolute_uri(base, href.strip()) or href


def detect_language(text: str) -> str:
    """``ko``, ``ja``, ``zh`` or ``en`` by script share of the letters; ``und`` if none."""
    if text.isascii():  # no Hangul, kana or Han: English if there is a letter at all
        return "en" if _ASCII_LETTER.search(text) else "und"
    hangul = len(_HANGUL.findall(text))  # every Hangul syllable is a letter
    kana = sum(map(str.isalpha, _KANA.findall(text)))
    han = sum(map(str.isalpha, _HAN.findall(text)))
    if not (hangul or kana or han):
        return "en" if any(map(str.isalpha, text)) else "und"
    letters = sum(map(str.isalpha, text))
    if hangul * 5 >= letters:
        return "ko"
    if (kana + han) * 5 >= letters:
        # Japanese mixes kana into kanji; Chinese has none (allow a stray borrowed の).
        return "ja" if kana and kana * 20 >= kana + han else "zh"
    return "en"


def truncate(text: str, limit: int) -> str:
    """``text`` cut at a sentence or word boundary near ``limit`` chars, ending in ``…``."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return _ELLIPSIS[:limit] if limit > 0 else ""
    room = limit - 1  # characters left for the text before the ellipsis
    window = text[: room + 1]  # one more, to see whether a word ends exactly at `room`

    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(window) if m.end() <= room - 1]
    if sentence_ends and sentence_ends[-1] >= room * 0.75:
        return text[: sentence_ends[-1]] + " " + _ELLIPSIS

    spaces = [i for i, char in enumerate(window) if char.isspace()]
    if spaces and spaces[-1] >= room * 0.5:
        stem = text[: spaces[-1]].rstrip()
        stem = stem.rstrip(",;:-–—·、，(「『[{\"'“‘")
        stem = stem.rstrip()
        if stem:
            return stem + _ELLIPSIS

    cut = room
    # Do not split a character from its combining marks, variation selector or joiner.
    while cut > 1 and (
        unicodedata.combining(text[cut]) or text[cut] in "\u200d\ufe0f\ufe0e"
        or text[cut - 1] == "\u200d"
    ):  # fmt: skip
        cut -= 1
    return text[:cut].rstrip() + _ELLIPSIS


def _tidy(text: str) -> str:
    """Collapse runs of spaces, strip lines, and keep at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip("\n")
