"""A labelled day of AI-community posts, written from a spec alone, to test the story engine.

``generate(n_items, seed)`` returns a :class:`Corpus`: ``n_items`` :class:`digest.models.Item`
values inside one day (2024-06-10 00:00 to 2024-06-11 00:00, Korea time) and, for each item,
the true story it belongs to. The generator was written without looking at the engine, so the
corpus tests what a real day does to it, not what the engine's own generator imagined.

Run ``python benchmarks/blind_corpus.py --items 20000 --seed 1`` for a summary.

The day
-------
* **Stories.** About one story per 30 items (``round(n / 30)``). Sizes are heavy-tailed: about
  half the stories have 1–3 items, a third have 4–40, and the rest share what is left in
  proportion to Pareto weights (α = 1.3), capped at 3% of the day, so a few have hundreds.
* **Chatter.** 17–23% of items (drawn per seed) belong to no story (label ``None``): greetings,
  hiring posts, memes, off-topic talk, questions that name products, opinions, self-promotion,
  meetups, moderator notes, Ask/Show HN, Reddit discussion threads, and newsletter or channel
  round-ups that link several stories at once. Chatter has its own replies, bursts and copies.
* **Sources.** 29 sources of six kinds (``rss``, ``x``, ``discord``, ``telegram``, ``reddit``,
  ``hackernews``), Korean and English communities, each with its own crowd of authors (a few
  post a lot). Items are shaped as the project's source adapters shape them: X authors are
  ``@handle`` and retweets read ``RT @handle: …`` and link the original's permalink first;
  quote posts are ``comment\\n\\n@handle: quoted text``; Discord messages carry a link preview's
  title and description after the text; Telegram forwards name the original channel as author
  and link the original post first; Reddit cross-posts link the original thread first; HN and
  Reddit link posts carry the article as their first link; feeds, Reddit and HN have titles,
  chat has none. Permalinks are real shapes (``x.com/<user>/status/<id>``,
  ``discord.com/channels/<guild>/<channel>/<id>``, ``t.me/<channel>/<n>``,
  ``www.reddit.com/r/<sub>/comments/<id>/<slug>/``, ``news.ycombinator.com/item?id=<n>``, news
  and blog URLs); X and Discord ids are snowflakes of the post's time.
* **Events.** 20 event types (release, open weights, paper, funding, benchmark result, outage,
  lawsuit, policy, acquisition, hire, price change, dataset, jailbreak, demo, talk,
  partnership, chip, security flaw, open-source release, layoff), each a set of facts (numbers,
  names, places) from which every post picks some. Names come from a vocabulary of over 500
  organisations, model families, people, projects, benchmarks, chips, bodies, laws and venues
  (``blind_corpus_vocab.py``); products are made up from families each day (``Kestrel-7B``,
  ``Gemini 3.5 Flash``), with Korean forms (``케스트럴-7B``, ``제미나이 3.5 플래시``).
  Sentences come from about 950 event patterns (``blind_corpus_events.py``: headlines, titles,
  one-fact details, short posts, burst lines, in English and Korean) and about 380 openers,
  closers, replies and chatter lines here, composed from parts, so two posts about one event
  differ in structure, in the facts they pick and in how they write names and numbers
  (``1.5M`` / ``1,500,000`` / ``150만``; ``$1.5B`` / ``15억 달러`` / ``약 2조 700억원``).

The patterns of a real day (issue 13), each tagged on the items that show it
----------------------------------------------------------------------------
1. **Hub links** (tag ``hub:<kind>``): links that many unrelated posts share: subreddit front
   pages, leaderboards, arXiv listing pages (``arxiv.org/list/cs.CL/new``), GitHub trending,
   Hugging Face daily papers, site home pages, newsletter archive pages; channel footers that
   put the same link under every post. Link shorteners (tag ``shortener:<host>``): ``t.co``
   codes (a new code per post, even for one target), ``bit.ly`` (one code per target, so
   unrelated posts share a channel's vanity code), ``lnkd.in`` and ``buff.ly``;
   ``Corpus.expansions`` maps each short URL to its target.
2. **Lower-cased chat** (``lowercase``): whole posts lower-cased, most on Discord ("fyi
   breaking: amd paper: …"); **Korean** posts naming products in Latin script
   (``ko_latin_name``) or in Hangul transliteration (``ko_translit``: 허깅페이스 for Hugging
   Face), code-switching (``code_switch``) and posts mixing an English and a Korean sentence
   (``mixed``).
3. **Short posts** (``short``: under eight words, "wow gemini 2.5 is out", "이거 대박") and
   story posts without links (``no_link``).
4. **Copies** (``copy:<kind>``; ``Corpus.copy_of`` and ``Corpus.copy_kind``): ``exact`` (the
   same text elsewhere; the same HN item seen by two HN sources), ``near`` (a word or two
   changed), ``case`` (case changed), ``retweet``, ``truncated`` (the first 60–80% and ``…``,
   ``...`` or ``[…]``, as previews cut them), ``crosspost`` (to another kind of source:
   forwards, feed-to-X bots, Reddit cross-posts, a tweet pasted into Discord with its t.co
   links), ``url_variant`` (the same post with another form of its link: ``utm_`` parameters,
   ``m.``/``mobile.``, ``twitter.com`` for ``x.com``, arXiv ``abs``/``pdf``/``v2``, AMP pages,
   ``hf.co``, ``youtu.be``). A copy points at an original, never at another copy.
5. **Same product, another event** (``same_product``): a product's release and, later that day,
   its price cut, jailbreak, outage, benchmark result or security flaw are different stories.
   **One template, different products** (``template``): groups of 3–5 stories announced in the
   same words ("X-7B weights are now on Hugging Face", "Y-13B weights are now on Hugging
   Face") are different stories.

And the variety around them: emoji, hashtags, @mentions (``emoji``, ``hashtag``, ``mention``),
quote posts (``quote``), replies (``reply``; ``reply_to`` is the parent's archive key), Discord
bursts by one author (``burst``; most continuations point at the message before, as the
Discord adapter does within its burst window), paraphrases by other authors (``paraphrase``),
Discord link previews (``embed``), Telegram forwards (``forward``), tweets shared elsewhere by
their permalink, as ``x.com``, ``twitter.com`` or ``mobile.twitter.com`` (``tweet_link``),
numbers written the Korean way (``ko_number``), URL variants in originals (``url_variant``).

Labels
------
``story[key]`` is the story label (``s0042-release``) or ``None`` for chatter. A reply, burst
continuation or quote post belongs to the story of the post it answers; a copy to the story of
its original. ``copy_of[key]`` is the original's key for every copy, ``copy_kind[key]`` its
kind. ``stories`` describes each story (event, subject, size, the story it shares a product
with, its template group). ``tags[key]`` lists the patterns an item shows.
"""

from __future__ import annotations

import argparse
import bisect
import math
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import blind_corpus_vocab as vocab
from benchmarks.blind_corpus_events import EVENTS
from digest.models import Item, Window

KST = timezone(timedelta(hours=9))
DAY_START = datetime(2024, 6, 10, tzinfo=KST)
DAY = 86_400

# --- what the generator returns -------------------------------------------------------------------


@dataclass(frozen=True)
class StoryInfo:
    """What one true story is about.

    Attributes:
        label: the story label.
        event: its event type.
        subject: the product, organisation, person or project it is about.
        size: how many items it has, copies included.
        related: the label of another story about the same product (another event), if any.
        template: the template group it was announced in, if any.
    """

    label: str
    event: str
    subject: str
    size: int
    related: str | None = None
    template: str | None = None


@dataclass
class Corpus:
    """A generated day with its labels.

    Attributes:
        items: the day's items, oldest first.
        story: item key → story label, or ``None`` for chatter.
        copy_of: copy's key → key of the item it copies.
        copy_kind: copy's key → kind of copy.
        window: the day.
        tags: item key → the patterns it shows (see the module docstring).
        stories: story label → what the story is about.
        expansions: short URL → the URL it expands to.
    """

    items: list[Item]
    story: dict[str, str | None]
    copy_of: dict[str, str]
    copy_kind: dict[str, str]
    window: Window
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stories: dict[str, StoryInfo] = field(default_factory=dict)
    expansions: dict[str, str] = field(default_factory=dict)


# --- the world: names -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    name: str
    ko: str
    sep: str
    open: bool


@dataclass(frozen=True)
class Org:
    name: str
    ko: str
    alias: str
    handle: str
    domain: str
    kind: str
    families: tuple[Family, ...] = ()


@dataclass(frozen=True)
class Product:
    name: str
    ko: str
    short: str
    org: Org
    params: float = 0.0  # billions, for open models

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True)
class Person:
    en: str
    ko: str


@dataclass(frozen=True)
class Project:
    name: str
    repo: str
    ko: str


@dataclass(frozen=True)
class Pair:
    en: str
    ko: str


@dataclass(frozen=True)
class Money:
    usd: float


@dataclass(frozen=True)
class Count:
    n: float
    en: str
    ko: str


@dataclass(frozen=True)
class Pct:
    v: float


@dataclass(frozen=True)
class Tokens:
    n: int


@dataclass(frozen=True)
class Params:
    b: float


@dataclass(frozen=True)
class Price:
    usd: float  # per million tokens


@dataclass(frozen=True)
class Hours:
    h: float


@dataclass(frozen=True)
class Times:
    x: float


@dataclass(frozen=True)
class Score:
    v: float


def slugify(text: str, sep: str = "-", limit: int = 60) -> str:
    """Lower-case ASCII words joined by ``sep``."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))
    out = sep.join(words)[:limit].strip(sep)
    return out or "post"


def _pairs(block: str, sep: str = "/") -> list[tuple[str, ...]]:
    return [tuple(line.split(sep)) for line in block.strip().splitlines() if line.strip()]


def _words(block: str) -> list[str]:
    return block.split()


def _lines(block: str) -> list[list[str]]:
    """One entry a line, its fields split on ``/`` (a field may be a single space)."""
    return [line.split("/") for line in block.strip("\n").splitlines() if line.strip()]


def _spaced_pairs(block: str) -> list[tuple[str, str]]:
    """``English name/Korean`` pairs separated by spaces; both sides may hold spaces.

    A pair's Korean side ends at the space before the next all-Latin name and its slash.
    """
    out: list[tuple[str, str]] = []
    for line in block.strip().splitlines():
        pattern = r"([A-Z][^/]*?)/([^/]*?)(?=\s+[A-Z][^/가-힣]*/|\s*$)"
        for en, ko in re.findall(pattern, line.strip()):
            out.append((en.strip(), ko.strip()))
    return out


def _orgs() -> list[Org]:
    out = []
    for line in vocab.ORGS.strip().splitlines():
        name, ko, alias, handle, domain, kind, fams = line.split("|")
        families = []
        for f in filter(None, fams.split(";")):
            fname, fko, fsep, fopen = f.split("/")
            families.append(Family(fname, fko, fsep, fopen == "1"))
        out.append(Org(name, ko or name, alias, handle, domain, kind, tuple(families)))
    return out


ORGS = _orgs()
FAMILY_POOL = [Family(a, b, c, d == "1") for a, b, c, d in _lines(vocab.FAMILIES)]
PEOPLE = [Person(en, ko) for en, ko in _spaced_pairs(vocab.PEOPLE)]
UNIS = [
    Org(en, ko, "", "", slugify(en, "") + ".edu", "uni")
    for en, ko in _spaced_pairs(vocab.UNIVERSITIES)
]
VCS = [Org(en, ko, "", "", "", "vc") for en, ko in _spaced_pairs(vocab.VCS)]
PROJECTS = [
    Project(name, f"{owner}/{repo}", ko) for name, owner, repo, ko in _lines(vocab.PROJECTS)
]
BENCHMARKS = [b.strip() for b in vocab.BENCHMARKS.replace("\n", "").split("|") if b.strip()]
CHIPS = [(chip, maker) for chip, maker in _lines(vocab.CHIPS)]
TOPICS = [Pair(en, ko) for en, ko in _pairs(vocab.TOPICS)]
LAWS = [Pair(en, ko) for en, ko in _pairs(vocab.LAWS)]
BODIES = [Org(a, b, c, "", "", "body") for a, b, c in _pairs(vocab.BODIES)]
COURTS = [Pair(en, ko) for en, ko in _pairs(vocab.COURTS)]
CONFERENCES = [tuple(c) for c in _pairs(vocab.CONFERENCES)]
CITIES = [Pair(en, ko) for en, ko in _lines(vocab.CITIES)]
PHRASES = {k: [Pair(en, ko) for en, ko in _pairs(v)] for k, v in vocab.PHRASES.items()}
PAPER_WORDS = _words(vocab.PAPER_WORDS)
PAPER_NOUNS = _words(vocab.PAPER_NOUNS)
HF = next(o for o in ORGS if o.name == "Hugging Face")

# --- writing numbers and names --------------------------------------------------------------------

_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
_KO_NUMBER_WORDS = "영 한 두 세 네 다섯 여섯 일곱 여덟 아홉 열".split()


def _trim(x: float, digits: int = 1) -> str:
    text = f"{x:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def ko_units(n: float) -> str:
    """A number the Korean way: ``150만``, ``15억``, ``2조 700억``, ``12만 8000``."""
    n = round(n)
    jo, rest = divmod(n, 10**12)
    eok, rest = divmod(rest, 10**8)
    man, rest = divmod(rest, 10**4)
    parts = []
    if jo:
        parts.append(f"{jo}조")
    if eok:
        parts.append(f"{eok}억")
    if man and not jo:
        parts.append(f"{man}만")
    if rest and not (jo or eok) and (not man or rest >= 1000):
        parts.append(str(rest))
    return " ".join(parts) or "0"


def _round_sig(x: float, sig: int = 2) -> float:
    if x == 0:
        return 0.0
    return round(x, sig - 1 - math.floor(math.log10(abs(x))))


def _big_en(n: float, rng: random.Random) -> str:
    """1.5M / 1.5 million / 1,500,000 (and B, T, K)."""
    for value, short, long in (
        (1e12, "T", "trillion"),
        (1e9, "B", "billion"),
        (1e6, "M", "million"),
    ):
        if n >= value:
            x = _trim(n / value)
            style = rng.random()
            if style < 0.45:
                return f"{x}{short}"
            if style < 0.8:
                return f"{x} {long}"
            return f"{int(n):,}"
    if n >= 10_000 and rng.random() < 0.5:
        return f"{_trim(n / 1000)}K"
    return f"{int(n):,}" if rng.random() < 0.7 else str(int(n))


class Writer:
    """Fills one post's templates: picks surface forms, formats numbers, keeps them stable.

    A name written once in a post is written the same way the next time in that post.
    """

    def __init__(
        self,
        rng: random.Random,
        facts: dict[str, Any],
        lang: str,
        tags: set[str],
        formal: bool = False,
    ):
        self.rng = rng
        self.facts = facts
        self.lang = lang
        self.tags = tags
        self.formal = formal  # titles and articles: no @handles, no nicknames
        self.cache: dict[str, str] = {}

    def fill(self, template: str) -> str:
        return _SLOT.sub(self._sub, template)

    def _sub(self, m: re.Match[str]) -> str:
        name, josa = m.group(1), m.group(2)
        word = self.cache.get(name)
        if word is None:
            word = self.render(self.facts[name])
            self.cache[name] = word
        return word + particle(word, josa) if josa else word

    def render(self, value: Any) -> str:
        rng, ko = self.rng, self.lang == "ko"
        if isinstance(value, str):
            return value
        if isinstance(value, Org):
            return self.org(value)
        if isinstance(value, Product):
            return self.product(value)
        if isinstance(value, Person):
            if ko and rng.random() < 0.75:
                self._translit(value.ko, value.en)
                return value.ko
            if ko:
                self.tags.add("ko_latin_name")
            return value.en
        if isinstance(value, Project):
            if ko and value.ko and rng.random() < 0.4:
                self._translit(value.ko, value.name)
                return value.ko
            if ko:
                self.tags.add("ko_latin_name")
            return value.name
        if isinstance(value, Pair):
            if ko and rng.random() < 0.12 and value.en != value.ko:
                self.tags.add("code_switch")
                return value.en
            return value.ko if ko else value.en
        if isinstance(value, Money):
            return self.money(value.usd)
        if isinstance(value, Count):
            return self.count(value)
        if isinstance(value, Pct):
            x = _trim(value.v)
            if ko:
                return f"{x}퍼센트" if rng.random() < 0.3 else f"{x}%"
            return f"{x} percent" if rng.random() < 0.25 else f"{x}%"
        if isinstance(value, Tokens):
            return self.tokens(value.n)
        if isinstance(value, Params):
            return self.params(value.b)
        if isinstance(value, Price):
            return self.price(value.usd)
        if isinstance(value, Hours):
            return self.hours(value.h)
        if isinstance(value, Times):
            x = _trim(value.x)
            if ko:
                return f"{x}배"
            return f"{x} times" if rng.random() < 0.3 else f"{x}x"
        if isinstance(value, Score):
            x = _trim(value.v)
            if ko:
                return f"{x}점" if rng.random() < 0.5 else f"{x}%"
            r = rng.random()
            return f"{x}%" if r < 0.4 else (f"{x} points" if r < 0.55 else x)
        raise TypeError(f"no way to write {value!r}")

    def _translit(self, hangul: str, latin: str) -> None:
        if hangul != latin and re.search("[가-힣]", hangul):
            self.tags.add("ko_translit")

    def org(self, org: Org) -> str:
        rng = self.rng
        if self.lang == "ko":
            r = rng.random()
            if org.ko != org.name and r < 0.62:
                self._translit(org.ko, org.name)
                return org.ko
            if org.ko != org.name and r < 0.7 and re.search("[가-힣]", org.ko):
                self._translit(org.ko, org.name)
                return f"{org.ko}({org.name})"
            self.tags.add("ko_latin_name")
            return org.alias if org.alias and rng.random() < 0.2 else org.name
        r = rng.random()
        if org.alias and r < 0.2:
            return org.alias
        if org.handle and r < 0.25 and not self.formal:
            self.tags.add("mention")
            return "@" + org.handle
        return org.name

    def product(self, p: Product) -> str:
        rng = self.rng
        if self.lang == "ko" and p.ko != p.name and rng.random() < 0.45:
            self._translit(p.ko, p.name)
            return p.ko
        if self.lang == "ko":
            self.tags.add("ko_latin_name")
        r = rng.random()
        if r < 0.62:
            return p.name
        if r < 0.78:
            return p.short
        if r < 0.86:
            return p.name.replace(" ", "-")
        if r < 0.94 and self.lang == "en":
            return f"{(p.org.alias or p.org.name)} {p.name}"
        return p.name if self.formal else p.name.replace(" ", "").lower()

    def money(self, usd: float) -> str:
        rng = self.rng
        usd = _round_sig(usd, 2)
        if self.lang == "ko":
            r = rng.random()
            if r < 0.45:
                self.tags.add("ko_number")
                return f"{ko_units(usd)} 달러" if rng.random() < 0.7 else f"{ko_units(usd)}달러"
            if r < 0.75:
                self.tags.add("ko_number")
                return f"약 {ko_units(_round_sig(usd * 1380, 2))}원"
            scaled = usd / 1e9 if usd >= 1e9 else usd / 1e6
            return f"${_trim(scaled)}{'B' if usd >= 1e9 else 'M'}"
        r = rng.random()
        for value, short, long in ((1e9, "B", "billion"), (1e6, "M", "million")):
            if usd >= value:
                x = _trim(usd / value)
                if r < 0.4:
                    return f"${x}{short}"
                if r < 0.7:
                    return f"${x} {long}"
                if r < 0.82:
                    return f"{x} {long} dollars"
                if r < 0.92:
                    return f"US${x}{'bn' if short == 'B' else 'm'}"
                return f"${int(usd):,}"
        return f"${int(usd):,}"

    def count(self, c: Count) -> str:
        rng = self.rng
        n = _round_sig(c.n, 2) if c.n >= 1000 else c.n
        if self.lang == "ko":
            if n >= 10_000 and rng.random() < 0.8:
                self.tags.add("ko_number")
                number = ko_units(n)
            else:
                number = f"{int(n):,}"
            gap = " " if c.ko and not c.ko.startswith("개 ") and rng.random() < 0.6 else ""
            return f"{number}{gap}{c.ko}".strip()
        return f"{_big_en(n, rng)} {c.en}".strip()

    def tokens(self, n: int) -> str:
        rng = self.rng
        k = n // 1000
        if self.lang == "ko":
            r = rng.random()
            if r < 0.5:
                return f"{k}K 토큰" if n < 1_000_000 else f"{_trim(n / 1e6)}M 토큰"
            self.tags.add("ko_number")
            return f"{ko_units(n)} 토큰"
        r = rng.random()
        if n >= 1_000_000:
            return (
                f"{_trim(n / 1e6)}M tokens",
                f"{_trim(n / 1e6)} million tokens",
                f"{n:,} tokens",
            )[int(r * 3)]
        return (f"{k}K", f"{k}k tokens", f"{n:,}-token", f"{k}K-token")[int(r * 4)]

    def params(self, b: float) -> str:
        rng = self.rng
        x = _trim(b)
        if self.lang == "ko":
            if rng.random() < 0.5:
                self.tags.add("ko_number")
                return f"{ko_units(b * 1e9)} 파라미터"
            return f"{x}B"
        r = rng.random()
        if r < 0.4:
            return f"{x}B parameters"
        if r < 0.7:
            return f"{x}B params"
        return f"{x} billion parameters"

    def price(self, usd: float) -> str:
        rng = self.rng
        x = f"{usd:.2f}" if rng.random() < 0.5 else _trim(usd, 2)
        if self.lang == "ko":
            r = rng.random()
            if r < 0.4:
                return f"100만 토큰당 {x}달러"
            if r < 0.7:
                return f"백만 토큰당 ${x}"
            return f"${x}/1M 토큰"
        r = rng.random()
        if r < 0.35:
            return f"${x} per million tokens"
        if r < 0.65:
            return f"${x}/1M tokens"
        if r < 0.85:
            return f"${x}/M"
        return f"{x} dollars per 1M tokens"

    def hours(self, h: float) -> str:
        rng = self.rng
        whole = int(h)
        if self.lang == "ko":
            if h != whole:
                return f"{whole}시간 {int((h - whole) * 60)}분"
            if whole <= 10 and rng.random() < 0.4:
                return f"{_KO_NUMBER_WORDS[whole]} 시간"
            return f"{whole}시간"
        if h != whole:
            return f"{int(h * 60)} minutes" if rng.random() < 0.5 else f"{_trim(h)} hours"
        r = rng.random()
        if whole <= 12 and r < 0.35:
            return f"{_NUMBER_WORDS[whole]} hour{'s' if whole != 1 else ''}"
        if r < 0.6:
            return f"{whole}h"
        return f"{whole} hour{'s' if whole != 1 else ''}"


_SLOT = re.compile(r"\{(\w+)(?::(\w+))?\}")
_SLOT_NAMES: dict[str, tuple[str, ...]] = {}


def slots(template: str) -> tuple[str, ...]:
    """The slot names a template needs."""
    names = _SLOT_NAMES.get(template)
    if names is None:
        names = tuple(m.group(1) for m in _SLOT.finditer(template))
        _SLOT_NAMES[template] = names
    return names


_JOSA = {
    "은": ("은", "는"),
    "이": ("이", "가"),
    "을": ("을", "를"),
    "와": ("과", "와"),
    "이라": ("이라", "라"),
}
_BATCHIM_DIGITS = "013678"


def _batchim(word: str) -> tuple[bool, bool]:
    """Whether the word's last sound has a final consonant, and whether that consonant is ㄹ."""
    word = word.rstrip(" )'\"")
    if not word:
        return False, False
    last = word[-1]
    if "가" <= last <= "힣":
        jong = (ord(last) - 0xAC00) % 28
        return jong != 0, jong == 8
    if last.isdigit():
        return last in _BATCHIM_DIGITS, last in "178"
    if last.isupper() and (len(word) == 1 or not word[-2].islower()):
        return last in "LMNR", last in "LR"
    if word.lower().endswith("ng"):
        return True, False
    return last.lower() in "lmnk", last.lower() == "l"


def particle(word: str, josa: str) -> str:
    """The Korean particle that fits after ``word`` (``은``/``는``, ``이``/``가``, …)."""
    final, rieul = _batchim(word)
    if josa == "으로":
        return "로" if (not final or rieul) else "으로"
    pair = _JOSA.get(josa)
    if pair is None:
        return josa
    return pair[0] if final else pair[1]


# --- sources --------------------------------------------------------------------------------------


@dataclass
class Source:
    """One source of the day, as ``sources.yaml`` would name it."""

    name: str
    kind: str
    ko: bool
    weight: float
    favours: tuple[str, ...] = ()
    lower: float = 0.0
    channel: str = ""  # Telegram channel, subreddit, or Discord guild id
    title: str = ""  # Telegram channel title
    channels: tuple[tuple[str, str], ...] = ()  # Discord (channel id, name)
    footer: tuple[str, str, float] | None = None  # (text with {url}, hub kind, share of posts)
    authors: list[str] = field(default_factory=list)
    cum: list[float] = field(default_factory=list)

    def author(self, rng: random.Random) -> str:
        """An author, the prolific ones more often."""
        return self.authors[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]


PAPERS = ("paper", "dataset", "talk")
BUSINESS = ("funding", "acquisition", "lawsuit", "policy", "hire", "layoff", "partnership")
MODELS = ("release", "open_weights", "benchmark", "price_change", "jailbreak", "demo")
BUILDERS = ("oss_release", "open_weights", "security", "outage", "chip")


def _sources() -> list[Source]:
    s = Source
    return [
        s("lab-blogs", "rss", False, 1.2, (*MODELS, "dataset", "partnership", "price_change")),
        s("hf-blog", "rss", False, 0.5, ("open_weights", "dataset", "oss_release", "paper")),
        s("techcrunch-ai", "rss", False, 0.9, (*BUSINESS, "release", "outage", "security", "chip")),
        s("verge-ai", "rss", False, 0.6, (*BUSINESS, "release", "demo", "outage")),
        s("arxiv-cs-cl", "rss", False, 0.8, ("paper",)),
        s("aitimes-kr", "rss", True, 0.9, BUSINESS + MODELS + ("chip", "policy")),
        s("zdnet-kr", "rss", True, 0.7, (*BUSINESS, "release", "chip", "outage", "security")),
        s("geeknews", "rss", True, 0.6, (*BUILDERS, "release", "paper")),
        s("simon-blog", "rss", False, 0.3, ("release", "jailbreak", "oss_release", "price_change")),
        s("ainews-letter", "rss", False, 0.15, ()),
        s("x-ai-list", "x", False, 3.2, MODELS + BUSINESS, lower=0.1),
        s("x-research", "x", False, 2.0, (*PAPERS, "open_weights", "benchmark"), lower=0.12),
        s("x-kr-ai", "x", True, 2.0, (), lower=0.08),
        s("x-builders", "x", False, 1.8, (*BUILDERS, "release", "price_change"), lower=0.15),
        s("x-news-bots", "x", False, 1.0, BUSINESS + MODELS),
        s("discord-localllama", "discord", False, 2.2, BUILDERS + MODELS, lower=0.5),
        s("discord-latent-space", "discord", False, 1.6, MODELS + PAPERS, lower=0.45),
        s("discord-kr-llm", "discord", True, 1.6, (), lower=0.45),
        s("discord-eleuther", "discord", False, 0.9, (*PAPERS, "jailbreak"), lower=0.55),
        s("discord-ai-art", "discord", False, 0.7, ("release", "demo", "open_weights"), lower=0.5),
        s("tg-ai-news-kr", "telegram", True, 1.1, (), channel="ainewskr", title="AI 뉴스 코리아"),
        s("tg-gpt-korea", "telegram", True, 0.8, MODELS, channel="gptkorea", title="GPT 코리아"),
        s(
            "tg-ml-papers",
            "telegram",
            False,
            0.7,
            PAPERS,
            channel="mlpapers_daily",
            title="ML Papers Daily",
        ),
        s(
            "tg-ai-daily",
            "telegram",
            False,
            0.8,
            (),
            channel="aidailybrief",
            title="AI Daily Brief",
        ),
        s(
            "r-localllama",
            "reddit",
            False,
            1.3,
            (*BUILDERS, "open_weights", "release", "benchmark"),
            channel="LocalLLaMA",
        ),
        s(
            "r-machinelearning",
            "reddit",
            False,
            0.7,
            (*PAPERS, "benchmark"),
            channel="MachineLearning",
        ),
        s("r-singularity", "reddit", False, 0.8, MODELS + BUSINESS, channel="singularity"),
        s("hn-front", "hackernews", False, 1.1, BUILDERS + BUSINESS + ("release", "paper")),
        s("hn-ai", "hackernews", False, 0.7, BUILDERS + MODELS + PAPERS),
    ]


_DISCORD_CHANNELS = {
    "discord-localllama": ("general", "models", "news", "help"),
    "discord-latent-space": ("ai-news", "llm-paper-club", "general"),
    "discord-kr-llm": ("일반", "뉴스", "질문", "모델"),
    "discord-eleuther": ("research", "interpretability", "off-topic"),
    "discord-ai-art": ("showcase", "news", "general"),
}

_FOOTERS = {
    "tg-ai-daily": ("📬 Subscribe: {url}", "newsletter_archive", 0.7),
    "tg-ml-papers": ("More papers: {url}", "arxiv_listing", 0.5),
    "tg-gpt-korea": ("출처: {url}", "subreddit", 0.3),
    "tg-ai-news-kr": ("구독하기 👉 {url}", "shortener_hub", 0.5),
    "ainews-letter": ("Archive: {url}", "newsletter_archive", 1.0),
    "x-news-bots": ("via {url}", "home_page", 0.3),
}

HUBS: dict[str, tuple[str, ...]] = {
    "subreddit": (
        "https://www.reddit.com/r/LocalLLaMA/",
        "https://www.reddit.com/r/MachineLearning/",
        "https://www.reddit.com/r/singularity/",
    ),
    "leaderboard": (
        "https://lmarena.ai/leaderboard",
        "https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard",
        "https://huggingface.co/spaces/upstage/open-ko-llm-leaderboard",
    ),
    "arxiv_listing": (
        "https://arxiv.org/list/cs.CL/new",
        "https://arxiv.org/list/cs.LG/new",
        "https://arxiv.org/list/cs.AI/recent",
    ),
    "github_trending": (
        "https://github.com/trending",
        "https://github.com/trending/python?since=daily",
    ),
    "hf_papers": ("https://huggingface.co/papers",),
    "home_page": (
        "https://huggingface.co/",
        "https://news.hada.io/",
        "https://www.aitimes.com/",
    ),
    "newsletter_archive": (
        "https://buttondown.com/ainews/archive/",
        "https://aidailybrief.substack.com/archive",
        "https://www.deeplearning.ai/the-batch/",
    ),
}
_FOOTER_URL = {
    "tg-ai-daily": "https://aidailybrief.substack.com/archive",
    "tg-ml-papers": "https://arxiv.org/list/cs.CL/new",
    "tg-gpt-korea": "https://www.reddit.com/r/singularity/",
    "tg-ai-news-kr": "https://bit.ly/aidaily-kr",
    "ainews-letter": "https://buttondown.com/ainews/archive/",
    "x-news-bots": "https://news.hada.io/",
}


def _handle(rng: random.Random, taken: set[str], ko: bool) -> str:
    a, b, c = (
        _words(vocab.HANDLE_PARTS_A),
        _words(vocab.HANDLE_PARTS_B),
        _words(vocab.HANDLE_PARTS_C),
    )
    while True:
        shape = rng.random()
        if shape < 0.3:
            h = f"{rng.choice(a)}_{rng.choice(b)}"
        elif shape < 0.55:
            h = f"{rng.choice(b)}{rng.choice(a)}{rng.randint(1, 99)}"
        elif shape < 0.75:
            h = f"{rng.choice(a)}{rng.choice(c)}"
        elif shape < 0.9:
            h = f"{rng.choice(b)}_{rng.choice(c)}{rng.randint(0, 9)}"
        else:
            h = f"{rng.choice(b)}{rng.choice(b)}{'_kr' if ko else ''}"
        if h not in taken:
            taken.add(h)
            return h


def _build_sources(rng: random.Random, n: int) -> list[Source]:
    sources = _sources()
    taken: set[str] = set()
    for src in sources:
        if src.kind == "discord":
            guild = str(rng.randint(10**17, 10**18 - 1))
            src.channel = guild
            src.channels = tuple(
                (str(rng.randint(10**17, 10**18 - 1)), name) for name in _DISCORD_CHANNELS[src.name]
            )
        if src.name in _FOOTERS:
            src.footer = _FOOTERS[src.name]
        if src.kind == "telegram":
            src.authors = [src.title]
        elif src.kind == "rss":
            count = max(3, min(40, n // 800))
            src.authors = [rng.choice(PEOPLE).en for _ in range(count)]
        else:
            per = {"x": 45, "discord": 70, "reddit": 90, "hackernews": 80}[src.kind]
            count = max(8, int(n * src.weight / per / 10))
            src.authors = [_handle(rng, taken, src.ko) for _ in range(count)]
        weights = [1 / (i + 1) ** 0.85 for i in range(len(src.authors))]
        total = 0.0
        src.cum = []
        for w in weights:
            total += w
            src.cum.append(total)
    return sources


# --- planning the stories -------------------------------------------------------------------------


@dataclass
class Plan:
    """One true story before it is written."""

    label: str
    event: str
    facts: dict[str, Any]
    subject: str
    size: int = 1
    t0: float = 0.0
    spread: float = 3600.0
    korean: float = 0.25
    primary: list[str] = field(default_factory=list)  # the event's own pages
    coverage: list[tuple[str, str]] = field(default_factory=list)  # (rss source, article URL)
    hubs: tuple[str, ...] = ()
    official: Org | None = None  # posts from the organisation itself
    page_title: str = ""
    page_desc: str = ""
    related: str | None = None
    template: str | None = None
    template_text: tuple[str, str] | None = None
    product: Product | None = None


_EVENT_WEIGHTS = {
    "release": 14,
    "open_weights": 10,
    "paper": 14,
    "funding": 8,
    "benchmark": 7,
    "oss_release": 8,
    "demo": 5,
    "partnership": 5,
    "outage": 3,
    "price_change": 4,
    "dataset": 4,
    "hire": 4,
    "policy": 3,
    "talk": 4,
    "acquisition": 3,
    "chip": 3,
    "jailbreak": 3,
    "lawsuit": 3,
    "security": 2,
    "layoff": 2,
}

# The day's biggest stories: mostly launches, money, outages and fights.
_BIG_EVENT_WEIGHTS = {
    "release": 30,
    "open_weights": 15,
    "outage": 6,
    "funding": 6,
    "benchmark": 5,
    "demo": 6,
    "acquisition": 4,
    "lawsuit": 3,
    "policy": 4,
    "price_change": 3,
    "jailbreak": 3,
    "chip": 4,
    "oss_release": 3,
    "paper": 5,
    "partnership": 2,
    "security": 2,
}

_TEMPLATE_GROUPS = (
    ("{p} weights are now on Hugging Face", "{p} 가중치가 허깅페이스에 공개됐습니다"),
    (
        "{org} just released {p}, available today in the API",
        "{org:이} {p:을} 출시했습니다. 오늘부터 API로 사용 가능",
    ),
    ("{p} is now #1 on {bench}", "{p}, {bench} 1위 등극"),
    ("New open model: {p} ({params}, {license})", "새 오픈 모델: {p} ({params}, {license})"),
)

_FOLLOW_ONS = ("price_change", "jailbreak", "outage", "benchmark", "security")


class World:
    """The names a day draws on, with the products it has made up so far."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        invented = [o for o in ORGS if not o.families and o.kind in ("startup", "lab", "korean")]
        pool = list(FAMILY_POOL)
        rng.shuffle(pool)
        self.orgs: list[Org] = []
        for org in ORGS:
            if org in invented and pool:
                take = 1 if rng.random() < 0.7 else 2
                fams = tuple(pool.pop() for _ in range(min(take, len(pool))))
                org = Org(org.name, org.ko, org.alias, org.handle, org.domain, org.kind, fams)
            self.orgs.append(org)
        self.makers = [o for o in self.orgs if o.families]
        self.open_makers = [o for o in self.makers if any(f.open for f in o.families)]
        self.korean = [o for o in self.orgs if o.kind == "korean"]
        self.fictional = [
            o
            for o in self.orgs
            if o.domain.endswith((".ai", ".io", ".kr", ".dev", ".cloud", ".ml"))
        ]
        self.companies = [
            o for o in self.orgs if o.kind in ("startup", "lab", "korean", "bigtech", "chip")
        ]
        self.chipmakers = [o for o in self.orgs if o.kind == "chip"]
        self.products: dict[str, Product] = {}
        self.used_datasets: set[str] = set()
        self.used: dict[str, set[str]] = {}

    def fresh(self, key: str, candidates: list[Any]) -> Any:
        """A candidate not yet used for ``key`` today (any one when all are used)."""
        used = self.used.setdefault(key, set())
        free = [c for c in candidates if _name(c) not in used]
        choice = self.rng.choice(free or candidates)
        used.add(_name(choice))
        return choice

    def product(
        self, org: Org | None = None, open_only: bool = False, service: bool = False
    ) -> Product:
        rng = self.rng
        for _ in range(40):
            maker = org or rng.choice(self.open_makers if open_only else self.makers)
            fams = [f for f in maker.families if f.open or not open_only] or list(maker.families)
            if not fams:
                maker = rng.choice(self.open_makers)
                fams = [f for f in maker.families if f.open]
            fam = rng.choice(fams)
            version = rng.choice(
                ("1.5", "2", "2.1", "2.5", "3", "3.1", "3.5", "4", "4.5", "5", "6", "7", "0.9")
            )
            join = fam.sep if fam.sep != " v" else " v"
            base, base_ko = f"{fam.name}{join}{version}", f"{fam.ko}{join}{version}"
            params = 0.0
            if service:
                svc = rng.choice(vocab.SERVICES)
                name, ko, short = f"{fam.name} {svc}", f"{fam.ko} {svc}", fam.name
            elif fam.open and (open_only or rng.random() < 0.6):
                size = rng.choice(
                    (
                        "0.5B",
                        "1.5B",
                        "3B",
                        "7B",
                        "8B",
                        "9B",
                        "13B",
                        "14B",
                        "27B",
                        "32B",
                        "34B",
                        "70B",
                        "72B",
                        "8x7B",
                        "8x22B",
                        "10.7B",
                    )
                )
                params = _moe_params(size)
                gap = " " if fam.sep == " " else "-"
                tail = "-Instruct" if rng.random() < 0.25 else ""
                name, ko, short = f"{base}{gap}{size}{tail}", f"{base_ko}{gap}{size}{tail}", base
            else:
                variant = rng.choice(
                    (
                        "",
                        " Pro",
                        " Flash",
                        " Mini",
                        " Turbo",
                        " Ultra",
                        " Lite",
                        " Plus",
                        " Max",
                        " Nano",
                    )
                )
                name = base + variant
                ko = base_ko + _KO_VARIANT.get(variant, variant)
                short = base
            if name not in self.products:
                product = Product(name, ko, short, maker, params)
                self.products[name] = product
                return product
        return product

    def dataset_name(self) -> str:
        rng = self.rng
        while True:
            name = rng.choice(vocab.DATASET_HEADS) + rng.choice(vocab.DATASET_TAILS)
            name += rng.choice(("", "-Ko", "-v2", "-2T", "-Edu", "-Pro"))
            if name not in self.used_datasets:
                self.used_datasets.add(name)
                return name


_KO_VARIANT = {
    " Pro": " 프로",
    " Flash": " 플래시",
    " Mini": " 미니",
    " Turbo": " 터보",
    " Ultra": " 울트라",
    " Lite": " 라이트",
    " Plus": " 플러스",
    " Max": " 맥스",
    " Nano": " 나노",
}


def _round_for(usd: float) -> int:
    """The funding round (index into the round phrases) a raise of this size is."""
    return sum(usd >= edge for edge in (10e6, 40e6, 150e6, 600e6))


def _name(thing: Any) -> str:
    return str(getattr(thing, "name", None) or getattr(thing, "en", None) or thing)


def _moe_params(size: str) -> float:
    if "x" in size:
        experts, each = size.rstrip("B").split("x")
        return round(int(experts) * float(each) * 0.8, 0)
    return float(size.rstrip("B"))


def _paper_title(rng: random.Random, topic: Pair) -> str:
    t = topic.en.title() if rng.random() < 0.7 else topic.en
    w, n = rng.choice(PAPER_WORDS), rng.choice(PAPER_NOUNS)
    shapes = (
        f"{w} {n} for {t}",
        f"{rng.choice(PAPER_NOUNS)}: {w} {t} with {n}",
        f"Do {n} Really Help {t}?",
        f"On the {w} Nature of {t}",
        f"{t} at Scale",
        f"Beyond {n}: {w} {t}",
        f"{w} {t} Without {n}",
        f"Rethinking {t}",
        f"{w}{n.lower()}: Towards {w} {t}",
    )
    return rng.choice(shapes)


def _plan_facts(
    event: str, world: World, rng: random.Random, product: Product | None = None
) -> tuple[dict[str, Any], str, Org | None, Product | None]:
    """The facts of one event, its subject's name, the organisation that posts it, its product."""
    f: dict[str, Any] = {}
    pick = rng.choice
    bench = pick(BENCHMARKS)
    if event in ("release", "open_weights", "benchmark", "price_change", "jailbreak", "demo"):
        if product is None:
            if event == "open_weights":
                product = world.product(open_only=True)
            elif rng.random() < 0.2:
                product = world.product(
                    org=pick(world.korean) if world.korean and rng.random() < 0.5 else None
                )
            else:
                product = world.product()
        f["p"], f["org"] = product, product.org
    if event == "release":
        f.update(
            ctx=Tokens(pick((32_768, 128_000, 200_000, 256_000, 1_000_000, 2_000_000))),
            bench=bench,
            score=Score(round(rng.uniform(55, 96), 1)),
            avail=pick(PHRASES["avail"]),
            modality=pick(PHRASES["modality"]),
            price_new=Price(pick((0.15, 0.25, 0.6, 1.1, 2.5, 3.0, 5.0, 10.0, 15.0))),
        )
    elif event == "open_weights":
        assert product is not None
        f.update(
            params=Params(product.params or pick((7.0, 8.0, 13.0, 70.0))),
            license=pick(vocab.LICENSES),
            ctx=Tokens(pick((8192, 32_768, 128_000))),
            bench=bench,
            score=Score(round(rng.uniform(40, 88), 1)),
            hf=HF,
        )
    elif event == "benchmark":
        f.update(
            bench=bench,
            score=Score(round(rng.uniform(60, 97), 1)),
            rank=pick(PHRASES["rank"]),
            p2=world.product(),
        )
    elif event == "price_change":
        old = pick((0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 15.0, 30.0, 60.0))
        cut = pick((0.3, 0.5, 0.6, 0.75, 0.8, 0.9))
        f.update(
            price_old=Price(old), price_new=Price(round(old * (1 - cut), 2)), pct=Pct(cut * 100)
        )
    elif event == "jailbreak":
        f.update(
            person=world.fresh("researcher", PEOPLE),
            tech=pick(PHRASES["tech"]),
            rate=Pct(pick((62, 71, 78, 84, 89, 93, 97))),
            hours=Hours(pick((2, 3, 5, 6, 9, 12, 1.5))),
        )
    elif event == "demo":
        conf = pick(CONFERENCES)
        f.update(
            what=pick(PHRASES["what"]),
            venue=Pair(conf[0], conf[1]),
            count=Count(pick((120_000, 450_000, 1_500_000, 3_200_000, 8_000_000)), "views", "회"),
        )
    elif event == "paper":
        inst = pick(
            UNIS + [o for o in world.orgs if o.kind in ("lab", "research", "bigtech", "korean")]
        )
        topic = pick(TOPICS)
        conf = pick(CONFERENCES[:3] + CONFERENCES[-1:])
        f.update(
            org=inst,
            person=world.fresh("author", PEOPLE),
            topic=topic,
            ptitle=_paper_title(rng, topic),
            pct=Pct(pick((3.2, 4.5, 7.0, 9.8, 12.0, 15.0, 23.0, 31.0, 40.0))),
            bench=bench,
            arxiv=f"2406.{rng.randint(1000, 7999):05d}",
            venue=conf[0],
        )
        return f, f["ptitle"], None, None
    elif event == "funding":
        org = world.fresh("company", world.fictional + world.korean)
        amount = pick((4e6, 12e6, 30e6, 45e6, 80e6, 150e6, 300e6, 640e6, 1.5e9, 6e9))
        f.update(
            org=org,
            org2=pick(VCS),
            amount=Money(amount),
            valuation=Money(amount * pick((5, 8, 10, 12, 20))),
            round=PHRASES["round"][_round_for(amount)],
            use=pick(PHRASES["use"]),
            count=Count((8, 20, 45, 120, 400)[_round_for(amount)], "people", "명"),
        )
        return f, org.name, org, None
    elif event == "outage":
        if product is None:
            org = world.fresh("outage", [o for o in world.makers if o.kind != "research"])
            product = world.product(org=org, service=True)
        org = product.org
        f.update(
            org=org,
            p=product,
            hours=Hours(pick((1, 2, 3, 4, 6, 1.5, 0.5))),
            region=pick(PHRASES["region"]),
            count=Count(pick((20_000, 150_000, 1_500_000, 4_000_000)), "users", "명"),
        )
        return f, product.name, org, product
    elif event == "lawsuit":
        org = world.fresh("company", world.fictional)
        f.update(
            org=org,
            plaintiff=pick(PHRASES["plaintiff"]),
            court=pick(COURTS),
            claim=pick(PHRASES["claim"]),
            amount=Money(pick((5e6, 40e6, 150e6, 1e9, 3e9))),
        )
        return f, org.name, None, None
    elif event == "policy":
        body = pick(BODIES)
        law = world.fresh("law", LAWS)
        f.update(
            body=body,
            law=law,
            date=pick(PHRASES["date"]),
            pct=Pct(pick((1, 2, 3, 4, 6, 7))),
            amount=Money(pick((10e6, 20e6, 35e6))),
        )
        return f, f"{body.name}: {law.en}", None, None
    elif event == "acquisition":
        org = pick([o for o in world.companies if o.kind in ("bigtech", "lab", "korean", "chip")])
        target = world.fresh("company", [o for o in world.fictional if o != org])
        f.update(
            org=org,
            org2=target,
            amount=Money(pick((50e6, 120e6, 400e6, 900e6, 2.1e9))),
            count=Count(pick((15, 40, 85, 200)), "employees", "명"),
        )
        return f, target.name, org, None
    elif event == "hire":
        org, org2 = rng.sample(
            [o for o in world.companies if o.kind in ("lab", "bigtech", "startup", "korean")], 2
        )
        person = world.fresh("hire", PEOPLE)
        f.update(person=person, org=org, org2=org2, role=pick(PHRASES["role"]))
        return f, person.en, None, None
    elif event == "dataset":
        org = pick(
            UNIS + [o for o in world.orgs if o.kind in ("research", "lab", "korean", "startup")]
        )
        f.update(
            org=org,
            dataset=world.dataset_name(),
            tokens=Count(pick((5e10, 2e11, 1.5e12, 3e12, 15e12)), "tokens", "토큰"),
            langs=Count(pick((2, 8, 30, 100, 119)), "languages", "개 언어"),
            license=pick(vocab.LICENSES),
            pct=Pct(pick((4, 12, 25, 40, 100))),
        )
        return f, f["dataset"], org if org.kind != "uni" else None, None
    elif event == "talk":
        person = world.fresh("talk", PEOPLE)
        org = pick(UNIS + world.companies)
        conf = pick(CONFERENCES)
        f.update(
            person=person,
            org=org,
            venue=Pair(conf[0], conf[1]),
            claim=pick(PHRASES["talk_claim"]),
            topic=pick(TOPICS),
        )
        return f, person.en, None, None
    elif event == "partnership":
        org = world.fresh("partner", world.companies)
        org2 = world.fresh("partner", [o for o in world.companies if o != org])
        f.update(
            org=org,
            org2=org2,
            what=pick(PHRASES["goal"]),
            amount=Money(pick((20e6, 100e6, 500e6, 1e9))),
        )
        return f, f"{org.name} + {org2.name}", org, None
    elif event == "chip":
        org = pick(world.chipmakers)
        own = [c[0] for c in CHIPS if c[1] == org.name]
        base = org.alias or org.name.split()[0]
        made = [f"{base} {tail}" for tail in ("X1", "N2", "Q3", "Ultra", "Pro 2", "M5", "Z9")]
        fresh_own = [c for c in own if c not in world.used.get("chip", set())]
        chip = world.fresh("chip", fresh_own or made)
        conf = pick(CONFERENCES)
        f.update(
            org=org,
            chip=chip,
            times=Times(pick((1.5, 2.0, 2.5, 3.0, 4.0, 5.0))),
            mem=f"{pick((96, 141, 192, 256, 288))}GB HBM3E",
            org2=pick([o for o in world.companies if o != org]),
            venue=Pair(conf[0], conf[1]),
        )
        return f, chip, org, None
    elif event == "security":
        org = pick([o for o in world.makers if o.kind != "research"])
        product = product or world.product(org=org, service=True)
        f.update(
            org=product.org,
            p=product,
            cve=f"CVE-2024-{rng.randint(30000, 39999)}",
            count=Count(pick((3_000, 40_000, 250_000, 1_200_000)), "users", "명"),
            person=pick(PEOPLE),
        )
        return f, product.name, product.org, product
    elif event == "oss_release":
        proj = world.fresh("project", PROJECTS)
        ver = pick(
            (
                f"v{rng.randint(0, 3)}.{rng.randint(1, 20)}.{rng.randint(0, 9)}",
                f"{rng.randint(1, 5)}.{rng.randint(0, 12)}",
                f"b{rng.randint(2800, 3500)}",
            )
        )
        f.update(
            proj=proj,
            ver=ver,
            feature=pick(PHRASES["feature"]),
            times=Times(pick((1.3, 1.5, 2.0, 3.0))),
            count=Count(pick((8_000, 25_000, 50_000, 100_000)), "stars", "개"),
        )
        return f, f"{proj.name} {ver}", None, None
    elif event == "layoff":
        org = world.fresh("company", world.fictional)
        f.update(
            org=org,
            count=Count(pick((30, 80, 150, 400, 1200)), "employees", "명"),
            pct=Pct(pick((8, 10, 15, 20, 30))),
        )
        return f, org.name, None, None
    assert product is not None
    return f, product.name, product.org, product


def _sizes(rng: random.Random, n_stories: int, total: int, n: int) -> list[int]:
    """Heavy-tailed story sizes that sum to ``total``."""
    sizes: list[int] = []
    large: list[int] = []
    for i in range(n_stories):
        r = rng.random()
        if r < 0.5:
            sizes.append(rng.choices((1, 2, 3), (0.5, 0.3, 0.2))[0])
        elif r < 0.88:
            sizes.append(int(math.exp(rng.uniform(math.log(4), math.log(40)))))
        else:
            sizes.append(0)
            large.append(i)
    if not large:
        large.append(max(range(n_stories), key=lambda i: sizes[i]))
        sizes[large[0]] = 0
    while sum(sizes) > total - len(large):  # a tiny day: shrink the middle stories first
        i = max(range(n_stories), key=lambda j: sizes[j])
        sizes[i] -= 1
    rest = total - sum(sizes)
    weights = {i: rng.paretovariate(1.3) for i in large}
    cap = max(int(0.03 * n), math.ceil(2 * rest / len(large)), 1)
    fixed: dict[int, float] = {}
    active = dict(weights)
    while active:
        left = rest - sum(fixed.values())
        share = sum(active.values())
        over = [i for i, w in active.items() if left * w / share > cap]
        if not over:
            for i, w in active.items():
                fixed[i] = left * w / share
            break
        for i in over:
            fixed[i] = cap
            del active[i]
    for i in large:
        sizes[i] = max(1, int(fixed[i]))
    gap = total - sum(sizes)
    order = sorted(large, key=lambda i: -fixed[i])
    k = 0
    while gap != 0:
        i = order[k % len(order)]
        step = 1 if gap > 0 else -1
        if sizes[i] + step >= 1:
            sizes[i] += step
            gap -= step
        k += 1
    return sizes


def _official_url(plan: Plan, org: Org, rng: random.Random) -> str:
    slug = slugify(plan.page_title)
    shape = rng.choice(
        ("{d}/blog/{s}", "{d}/news/{s}", "{d}/index/{s}/", "{d}/research/{s}", "blog.{d}/{s}")
    )
    domain = org.domain.removeprefix("www.")
    if shape.startswith("blog.") and domain.startswith("blog."):
        shape = "{d}/{s}"
    return "https://" + shape.format(d=domain, s=slug)


def _primary_links(plan: Plan, world: World, rng: random.Random) -> list[str]:
    f, ev = plan.facts, plan.event
    org: Any = f.get("org")  # every event but a policy has one
    links: list[str] = []
    if ev == "paper":
        links.append(f"https://arxiv.org/abs/{f['arxiv']}")
        if rng.random() < 0.5:
            user = slugify(f["person"].en, "")
            links.append(f"https://github.com/{user}/{slugify(f['ptitle'])[:30]}")
        if rng.random() < 0.4:
            links.append(f"https://huggingface.co/papers/{f['arxiv']}")
        return links
    if ev == "open_weights":
        p = plan.product
        assert p is not None
        links.append(
            f"https://huggingface.co/{slugify(p.org.alias or p.org.name, '')}/"
            + p.name.replace(" ", "-")
        )
        if rng.random() < 0.5:
            links.append(
                f"https://github.com/{slugify(p.org.name, '')}/{p.short.replace(' ', '-').lower()}"
            )
    if ev == "dataset":
        owner = slugify(getattr(org, "alias", "") or org.name, "")
        links.append(f"https://huggingface.co/datasets/{owner}/{f['dataset']}")
    if ev == "oss_release":
        proj = f["proj"]
        links.append(f"https://github.com/{proj.repo}/releases/tag/{f['ver']}")
        if rng.random() < 0.4:
            links.append(f"https://github.com/{proj.repo}")
        return links
    if ev == "outage":
        host = org.domain.split("/")[0]
        links.append(
            f"https://status.{host.removeprefix('blog.')}/incidents/"
            + "".join(rng.choices("abcdefghjkmnpqrstvwxyz0123456789", k=12))
        )
        return links
    if ev == "lawsuit":
        links.append(
            f"https://www.courtlistener.com/docket/{rng.randint(68000000, 69999999)}/"
            f"{slugify(f['plaintiff'].en)}-v-{slugify(org.name)}/"
        )
        return links
    if ev == "policy":
        body = f["body"]
        if "과학" in body.ko or "국회" in body.ko or "위원회" in body.ko:
            links.append(
                "https://www.msit.go.kr/bbs/view.do?sCode=user&nttSeqNo="
                + str(rng.randint(3100000, 3199999))
            )
        else:
            links.append(f"https://digital-strategy.ec.europa.eu/en/news/{slugify(f['law'].en)}")
        return links
    if ev == "demo" or ev == "talk":
        vid = "".join(
            rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", k=11)
        )
        links.append(f"https://www.youtube.com/watch?v={vid}")
    if ev == "jailbreak":
        person = f["person"]
        links.append(f"https://{slugify(person.en, '')}.github.io/{slugify(f['tech'].en)}/")
        return links
    if ev == "hire":
        return links
    if plan.official is not None and plan.official.domain:
        links.insert(0, _official_url(plan, plan.official, rng))
    elif isinstance(org, Org) and org.domain:
        links.insert(0, _official_url(plan, org, rng))
    return links


# Chat sources also gain replies, bursts and retweets, so originals lean to the others.
_KIND_BOOST = {
    "x": 0.8,
    "discord": 0.65,
    "telegram": 1.6,
    "reddit": 1.5,
    "rss": 1.1,
    "hackernews": 1.3,
}

_NEWS_SOURCES = (
    "techcrunch-ai",
    "verge-ai",
    "aitimes-kr",
    "zdnet-kr",
    "geeknews",
    "simon-blog",
    "hf-blog",
)


def _article_url(source: str, title: str, rng: random.Random) -> str:
    slug = slugify(title)
    if source == "techcrunch-ai":
        return f"https://techcrunch.com/2024/06/10/{slug}/"
    if source == "verge-ai":
        return f"https://www.theverge.com/2024/6/10/{rng.randint(24170000, 24179999)}/{slug}"
    if source == "aitimes-kr":
        return f"https://www.aitimes.com/news/articleView.html?idxno={rng.randint(160000, 169999)}"
    if source == "zdnet-kr":
        return f"https://zdnet.co.kr/view/?no=20240610{rng.randint(0, 235959):06d}"
    if source == "geeknews":
        return f"https://news.hada.io/topic?id={rng.randint(15000, 15999)}"
    if source == "simon-blog":
        return f"https://simonwillison.net/2024/Jun/10/{slug}/"
    if source == "hf-blog":
        return f"https://huggingface.co/blog/{slug}"
    if source == "ainews-letter":
        return f"https://buttondown.com/ainews/archive/ainews-{slug}/"
    if source == "arxiv-cs-cl":
        return f"https://arxiv.org/abs/2406.{rng.randint(1000, 7999):05d}"
    return f"https://example.com/{slug}"


def plan_stories(rng: random.Random, world: World, n_items: int, n_chatter: int) -> list[Plan]:
    """The day's stories: event, facts, size, start, links, and how they relate."""
    n_stories = max(3, round(n_items / 30))
    sizes = _sizes(rng, n_stories, n_items - n_chatter, n_items)
    events = list(_EVENT_WEIGHTS)
    weights = list(_EVENT_WEIGHTS.values())
    plans: list[Plan] = []
    big = [_BIG_EVENT_WEIGHTS.get(e, 1) for e in events]
    for i, size in enumerate(sizes):
        event = rng.choices(events, big if size > 80 else weights)[0]
        facts, subject, official, product = _plan_facts(event, world, rng)
        label = f"s{i:04d}-{event}"
        plan = Plan(label, event, facts, subject, size=size, official=official, product=product)
        plans.append(plan)
    # Same product, another event: a release (or open weights) and its later follow-on.
    launches = [
        p for p in plans if p.event in ("release", "open_weights") and p.product is not None
    ]
    others = [p for p in plans if p.event not in ("release", "open_weights") and p.size >= 2]
    rng.shuffle(launches)
    rng.shuffle(others)
    pairs = min(len(others), max(1, round(len(plans) * 0.06)), len(launches))
    for launch, follow in zip(launches[:pairs], others[:pairs], strict=True):
        event = rng.choice(_FOLLOW_ONS)
        facts, subject, official, product = _plan_facts(event, world, rng, product=launch.product)
        follow.event, follow.facts, follow.subject = event, facts, subject
        follow.official, follow.product = official, product
        follow.label = follow.label.split("-")[0] + "-" + event
        follow.related, launch.related = launch.label, follow.label
    # One template, different products: groups of 3-5 stories announced in the same words.
    free = [
        p
        for p in plans
        if p.related is None and p.event in ("release", "open_weights", "benchmark")
    ]
    rng.shuffle(free)
    groups = max(1, round(len(plans) * 0.012))
    g = 0
    for gi in range(groups):
        en, ko = _TEMPLATE_GROUPS[gi % len(_TEMPLATE_GROUPS)]
        want = rng.randint(3, 5)
        members: list[Plan] = []
        while free and len(members) < want:
            plan = free.pop()
            event = (
                "open_weights"
                if "weights" in en or "params" in en
                else ("benchmark" if "#1" in en else "release")
            )
            if plan.event != event:
                facts, subject, official, product = _plan_facts(event, world, rng)
                plan.event, plan.facts, plan.subject = event, facts, subject
                plan.official, plan.product = official, product
                plan.label = plan.label.split("-")[0] + "-" + event
            members.append(plan)
        if len(members) >= 2:
            for plan in members:
                plan.template, plan.template_text = f"t{g}", (en, ko)
            g += 1
    # Time, reach, links.
    by_label = {p.label: p for p in plans}
    for plan in plans:
        plan.t0 = rng.uniform(0, DAY * 0.85)
        plan.spread = 1800 + 900 * math.log1p(plan.size) * rng.uniform(0.5, 1.5)
        if plan.related is not None:
            other = by_label[plan.related]
            if plan.event in ("release", "open_weights"):
                plan.t0 = rng.uniform(0, DAY * 0.35)
            else:
                plan.t0 = max(rng.uniform(DAY * 0.5, DAY * 0.85), other.t0 + 4 * 3600)
        korean_subject = any(isinstance(v, Org) and v.kind == "korean" for v in plan.facts.values())
        korean_body = (
            isinstance(plan.facts.get("body"), Org)
            and re.search("[가-힣]", plan.facts["body"].ko[-3:])
            and plan.facts["body"].ko
            in ("과학기술정보통신부", "개인정보보호위원회", "방송통신위원회", "국회")
        )
        plan.korean = 0.75 if korean_subject or korean_body else rng.uniform(0.15, 0.35)
        writer = Writer(rng, plan.facts, "en", set())
        ev = EVENTS[plan.event]
        plan.page_title = writer.fill(_usable(ev.title_en, plan.facts, rng))
        desc = _usable([d for _, en, _ in ev.details for d in en], plan.facts, rng)
        plan.page_desc = Writer(rng, plan.facts, "en", set()).fill(desc)
        plan.primary = _primary_links(plan, world, rng)
        n_cov = min(3, int(math.log1p(plan.size) * rng.uniform(0.2, 0.8)))
        names = [
            s
            for s in _NEWS_SOURCES
            if s != "hf-blog" or plan.event in ("open_weights", "dataset", "oss_release")
        ]
        for src in rng.sample(names, min(n_cov, len(names))):
            title = Writer(
                rng,
                plan.facts,
                "ko" if src in ("aitimes-kr", "zdnet-kr", "geeknews") else "en",
                set(),
            ).fill(
                _usable(
                    ev.title_ko if src in ("aitimes-kr", "zdnet-kr") else ev.title_en,
                    plan.facts,
                    rng,
                )
            )
            plan.coverage.append(
                (
                    src,
                    _article_url(
                        src,
                        title if src not in ("aitimes-kr", "zdnet-kr") else plan.page_title,
                        rng,
                    ),
                )
            )
        hubs = {
            "paper": ("arxiv_listing", "arxiv_listing", "hf_papers", "github_trending"),
            "dataset": ("hf_papers", "github_trending"),
            "benchmark": ("leaderboard",),
            "release": ("leaderboard", "home_page"),
            "open_weights": ("leaderboard", "home_page", "subreddit", "github_trending"),
            "oss_release": ("github_trending", "github_trending", "subreddit"),
        }
        plan.hubs = hubs.get(plan.event, ("home_page",))
        if not plan.primary and not plan.coverage:
            plan.primary = [
                f"https://x.com/{slugify(plan.subject, '_')[:15]}/status/"
                + str(rng.randint(10**18, 2 * 10**18))
            ]
    return plans


def _usable(templates: Any, facts: dict[str, Any], rng: random.Random) -> str:
    ok = [t for t in templates if all(s in facts for s in slots(t))]
    return rng.choice(ok) if ok else "{" + next(iter(facts)) + "}"


# --- drafts: items before their ids ---------------------------------------------------------------


@dataclass(eq=False)  # one draft is one item: compared and hashed by identity
class Draft:
    """An item under construction; ids, permalinks and references are filled in last."""

    src: Source
    story: str | None
    t: float
    text: str
    author: str
    title: str = ""
    links: list[Any] = field(default_factory=list)  # str, or Draft for "that item's permalink"
    parent: Draft | None = None
    copy_of: Draft | None = None
    copy_kind: str | None = None
    tags: set[str] = field(default_factory=set)
    url: str | None = None  # feeds: the article URL, known up front
    same_item: Draft | None = None  # HN: the same HN item seen by another HN source
    channel: str = ""  # Discord channel id
    heat: float = 1.0
    rss_offset: bool = False
    id: str = ""

    def handle(self) -> str:
        return self.author.lstrip("@")


@dataclass(frozen=True)
class Permalink:
    """A link to another item of the day, in one of the forms people paste it."""

    draft: Draft
    form: str  # x, twitter, mobile, share


_OPENERS_EN = (
    "Breaking:",
    "BREAKING:",
    "fyi",
    "fyi breaking:",
    "🚨",
    "Big news:",
    "Huge:",
    "ok so",
    "PSA:",
    "New:",
    "Just in:",
    "heads up:",
    "woah,",
    "Not a drill:",
    "update:",
    "JUST IN:",
    "📢",
    "Whoa.",
    "In case you missed it:",
    "lol",
    "ngl",
    "so apparently",
    "TIL",
    "👀",
    "Quick one:",
    "Wow.",
)
_OPENERS_KO = (
    "속보:",
    "[속보]",
    "오늘 뉴스:",
    "와",
    "헐",
    "대박",
    "📢",
    "공유합니다:",
    "🔥",
    "따끈따끈한 소식:",
    "방금 봤는데",
    "참고로",
    "[단독]",
    "오 ",
    "ㄷㄷ",
    "뉴스 공유:",
    "[AI 소식]",
)
_CLOSERS_EN = (
    "Huge if true.",
    "Wild.",
    "This changes things.",
    "Can't wait to try it.",
    "Thoughts?",
    "Let's go!",
    "👀",
    "we're so back",
    "Pretty big deal.",
    "Not sure how I feel about this.",
    "The pace is insane.",
    "Called it.",
    "Interesting times.",
    "bullish",
    "hmm",
    "RIP my weekend",
    "What a week.",
    "Details below 👇",
    "More in the thread 🧵",
    "Link below.",
    "🔥🔥🔥",
    "Been waiting for this.",
    "Competition is good.",
    "Hype or real?",
    "ok this is actually cool",
    "Curious what people think.",
    "Benchmarks aside, let's see how it does in practice.",
)
_CLOSERS_KO = (
    "대박이네요.",
    "ㄷㄷ",
    "기대됩니다.",
    "어떻게 생각하세요?",
    "써봐야겠네요",
    "속도 미쳤다",
    "ㅋㅋㅋ",
    "흥미롭네요.",
    "자세한 내용은 링크 참고",
    "국내에도 영향 있을 듯",
    "한국어 성능이 궁금합니다",
    "역시",
    "오 이건 좀 놀랍네",
    "주말에 테스트해봐야지",
    "이제 시작인 듯",
    "경쟁 치열하네요",
    "정리해봤습니다.",
    "👇 링크",
    "🔥🔥",
)
_CLOSERS_KO_MIXED = (
    "완전 game changer일 듯",
    "ㄹㅇ insane",
    "벤치 SOTA 찍었네",
    "이건 must-read",
    "hype 아니길",
    "open weights 만세",
    "local에서 돌려봐야지",
    "진짜 next level",
    "low-key 대박",
    "big if true",
)
_HASHTAGS_EN = (
    "#AI",
    "#LLM",
    "#OpenSource",
    "#GenAI",
    "#MachineLearning",
    "#NLP",
    "#AIagents",
    "#buildinpublic",
)
_HASHTAGS_KO = ("#인공지능", "#생성형AI", "#AI", "#LLM", "#머신러닝", "#한국어AI", "#오픈소스")
_EMOJI = (
    "🔥",
    "🚀",
    "👀",
    "🤯",
    "😂",
    "🙏",
    "✨",
    "💯",
    "📈",
    "⚡",
    "🧵",
    "👇",
    "🤖",
    "📄",
    "💸",
    "⚠️",
    "🇰🇷",
    "🎉",
    "😬",
    "🥲",
)

_REPLIES_EN = (
    "congrats!",
    "huge",
    "finally",
    "license?",
    "is it open weights?",
    "source?",
    "this is wild",
    "benchmarks or it didn't happen",
    "ollama when",
    "gguf when?",
    "pricing?",
    "lol",
    "🔥🔥",
    "what's the context length?",
    "tried it, it's good at code",
    "meh",
    "wen api",
    "can it run on a 3090?",
    "link pls",
    "big if true",
    "nice",
    "interesting",
    "+1",
    "how does it compare to the last one?",
    "waiting for independent evals",
    "the chart is cherry-picked",
    "already on openrouter?",
    "this aged well",
    "called it last week",
    "ok but is it any good in korean",
)
_REPLIES_KO = (
    "오 대박",
    "드디어",
    "라이선스는요?",
    "이거 진짜예요?",
    "ㄷㄷ",
    "한국어 성능은 어떨지",
    "벤치 결과 궁금하네요",
    "ㅋㅋㅋ",
    "써봤는데 괜찮네요",
    "출처?",
    "api 가격은?",
    "이거 대박",
    "와",
    "축하드려요",
    "흠…",
    "로컬에서 돌아가나요?",
    "링크 좀요",
    "기대되네요",
    "이건 좀 과장 같은데",
    "벌써?",
)
_CHAT_REPLIES_EN = (
    "same",
    "lol",
    "+1",
    "this",
    "following",
    "dm'd you",
    "gm!",
    "welcome!",
    "agreed",
    "nah",
    "big mood",
    "haha",
    "so true",
    "sent you a message",
    "interested",
    "where?",
    "😂",
    "ty",
)
_CHAT_REPLIES_KO = (
    "ㅋㅋㅋ",
    "저도요",
    "ㅇㅈ",
    "환영합니다",
    "ㅎㅎ",
    "좋네요",
    "DM 드렸어요",
    "감사합니다",
    "오 저도 궁금",
)
_QUOTE_EN = (
    "this is big",
    "called it",
    "huge",
    "the real story here",
    "not surprised tbh",
    "👀",
    "wow",
    "big if true",
    "so it begins",
    "ok this is actually impressive",
    "read this",
    "important thread",
    "worth your time",
    "this 👇",
)
_QUOTE_KO = (
    "이거 큽니다",
    "예상했던 대로",
    "오",
    "흥미롭네요",
    "와 이건 좀",
    "필독",
    "정리 잘 돼 있네요",
    "이거 보세요 👇",
)
_BURST_EN = (
    "ok this is actually good",
    "also",
    "wait",
    "nvm found it",
    "testing it now",
    "ok first impressions are good",
    "not bad",
    "hmm the chart is doing a lot of work",
    "anyway",
)
_BURST_KO = (
    "잠깐",
    "근데",
    "오 써보니 괜찮음",
    "테스트 중",
    "아 찾았다",
    "첫인상은 좋네요",
    "일단 받아봄",
)


def _pick_lang(plan: Plan | None, src: Source, rng: random.Random) -> str:
    if src.ko:
        return "ko" if rng.random() < 0.86 else "en"
    if plan is not None and plan.korean > 0.5:
        return "ko" if rng.random() < 0.08 else "en"
    return "ko" if rng.random() < 0.02 else "en"


def _headline(plan: Plan, lang: str, w: Writer, rng: random.Random, template: bool = False) -> str:
    ev = EVENTS[plan.event]
    if plan.template_text is not None and (template or rng.random() < 0.8):
        w.tags.add("template")
        return w.fill(plan.template_text[1 if lang == "ko" else 0])
    return w.fill(_usable(ev.head_ko if lang == "ko" else ev.head_en, plan.facts, rng))


def _details(plan: Plan, lang: str, w: Writer, rng: random.Random, k: int) -> list[str]:
    ev = EVENTS[plan.event]
    options = [
        (fact, ko if lang == "ko" else en)
        for fact, en, ko in ev.details
        if fact in plan.facts and fact not in w.cache  # a fact the post has not told yet
    ]
    rng.shuffle(options)
    out = []
    for _, templates in options[:k]:
        ok = [t for t in templates if all(s in plan.facts for s in slots(t))]
        if ok:
            out.append(w.fill(rng.choice(ok)))
    return out


class Day:
    """Writes the day's drafts."""

    def __init__(self, rng: random.Random, sources: list[Source], world: World):
        self.rng = rng
        self.sources = sources
        self.by_name = {s.name: s for s in sources}
        self.by_kind: dict[str, list[Source]] = {}
        for s in sources:
            self.by_kind.setdefault(s.kind, []).append(s)
        self.world = world
        self.drafts: list[Draft] = []
        self.expansions: dict[str, str] = {}
        self.bitly: dict[str, str] = {}
        self.short_codes: set[str] = set()
        self.hn_twins: set[int] = set()  # ids of HN drafts already seen by the other HN source
        self.tweets: dict[str, list[Draft]] = {}  # story label → its original tweets

    # -- helpers

    def when(self, plan: Plan) -> float:
        rng = self.rng
        t = plan.t0 + rng.expovariate(1 / plan.spread)
        if t >= DAY:
            t = rng.uniform(plan.t0, DAY - 1)
        return t

    def after(self, t: float, mean: float) -> float:
        later = t + self.rng.expovariate(1 / mean)
        return later if later < DAY else self.rng.uniform(t, DAY - 0.001)

    def choose_source(
        self, plan: Plan, kinds: tuple[str, ...] | None = None, korean: bool | None = None
    ) -> Source:
        rng = self.rng
        pool = [
            s
            for s in self.sources
            if (kinds is None or s.kind in kinds) and s.name != "ainews-letter"
        ]
        if kinds is None or korean is not None:
            if korean is None:
                korean = rng.random() < plan.korean
            pool = [s for s in pool if s.ko == korean] or pool
        weights = []
        for s in pool:
            w = s.weight
            if s.favours:
                w *= 2.2 if plan.event in s.favours else 0.35
            weights.append(w * _KIND_BOOST[s.kind])
        return rng.choices(pool, weights)[0]

    def code(self, k: int) -> str:
        while True:
            c = "".join(
                self.rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789", k=k)
            )
            if c not in self.short_codes:
                self.short_codes.add(c)
                return c

    def shorten(self, url: str, host: str, tags: set[str]) -> str:
        if host == "bit.ly":
            short = self.bitly.get(url)
            if short is None:
                short = f"https://bit.ly/{self.code(7)}"
                self.bitly[url] = short
        else:
            short = f"https://{host}/{self.code(10 if host == 't.co' else 7)}"
        self.expansions[short] = url
        tags.add(f"shortener:{host}")
        return short

    def variant(self, url: str, tags: set[str]) -> str:
        """Another form of the same link."""
        rng = self.rng
        out = url
        if "arxiv.org/abs/" in url:
            ident = url.rsplit("/", 1)[1]
            out = rng.choice(
                (
                    f"https://arxiv.org/pdf/{ident}",
                    f"https://arxiv.org/abs/{ident}v2",
                    f"https://arxiv.org/pdf/{ident}v1.pdf",
                    f"http://export.arxiv.org/abs/{ident}",
                )
            )
        elif "x.com/" in url:
            out = url.replace(
                "https://x.com/",
                rng.choice(
                    ("https://twitter.com/", "https://mobile.twitter.com/", "https://x.com/")
                ),
            ) + rng.choice(("", "?s=20", "?s=46&t=Xy12ab"))
        elif "huggingface.co/" in url and rng.random() < 0.5:
            out = url.replace("https://huggingface.co/", "https://hf.co/")
        elif "youtube.com/watch?v=" in url:
            out = "https://youtu.be/" + url.split("v=")[1]
        elif "techcrunch.com" in url and rng.random() < 0.5:
            out = url.rstrip("/") + "/amp/"
        else:
            r = rng.random()
            if r < 0.5:
                sep = "&" if "?" in url else "?"
                medium = rng.choice(("twitter", "newsletter", "linkedin", "telegram"))
                out = f"{url}{sep}utm_source={medium}&utm_medium=social"
            elif r < 0.7:
                out = (
                    url.replace("https://www.", "https://m.")
                    if "://www." in url
                    else url.replace("https://", "https://m.", 1)
                )
            elif r < 0.85:
                out = url.replace("https://", "http://", 1)
            else:
                out = (
                    url + "#" + rng.choice(("comments", "top", "section-2"))
                    if "#" not in url
                    else url + "x"
                )
        if out == url:
            sep = "&" if "?" in url else "?"
            out = f"{url}{sep}ref=share"
        tags.add("url_variant")
        return out

    def story_links(self, plan: Plan, src: Source, tags: set[str]) -> list[str]:
        rng = self.rng
        pool = list(plan.primary) + [u for _, u in plan.coverage]
        if not pool:
            return []
        k = 1 if rng.random() < 0.8 else 2
        first = plan.primary[0] if plan.primary and rng.random() < 0.6 else rng.choice(pool)
        chosen = [first]
        others = [u for u in pool if u != first]
        if k == 2 and others:
            chosen.append(rng.choice(others))
        out = []
        for url in chosen:
            if rng.random() < 0.1:
                url = self.variant(url, tags)
            if src.kind in ("telegram", "discord") and rng.random() < 0.12:
                url = self.shorten(
                    url, rng.choice(("t.co", "bit.ly", "bit.ly", "lnkd.in", "buff.ly")), tags
                )
            elif src.name == "x-builders" and rng.random() < 0.15:
                url = self.shorten(url, "lnkd.in", tags)
            out.append(url)
        return out

    def hub_links(self, plan: Plan | None, src: Source, tags: set[str]) -> list[str]:
        rng = self.rng
        out = []
        if plan is not None and plan.hubs and rng.random() < _HUB_RATE.get(plan.event, 0.05):
            kind = rng.choice(plan.hubs)
            org = plan.facts.get("org")
            if kind == "home_page" and isinstance(org, Org) and org.domain and rng.random() < 0.5:
                url = f"https://{org.domain.removeprefix('blog.')}/"
            else:
                url = rng.choice(HUBS[kind])
            out.append(url)
            tags.add(f"hub:{kind}")
        if src.kind in ("discord", "x") and rng.random() < 0.02:
            out.append(rng.choice(HUBS["subreddit"]))
            tags.add("hub:subreddit")
        return out

    def decorate(self, text: str, lang: str, src: Source, tags: set[str], casual: bool) -> str:
        """Emoji, hashtags and mentions, as the source's crowd writes them."""
        rng = self.rng
        if src.kind in ("x", "telegram", "discord") and rng.random() < (0.3 if casual else 0.15):
            e = rng.choice(_EMOJI)
            text = f"{e} {text}" if rng.random() < 0.4 else f"{text} {e}"
            tags.add("emoji")
        if src.kind in ("x", "telegram") and rng.random() < 0.22:
            tags_pool = _HASHTAGS_KO if lang == "ko" else _HASHTAGS_EN
            text += " " + " ".join(rng.sample(tags_pool, rng.randint(1, 3)))
            tags.add("hashtag")
        if src.kind == "x" and rng.random() < 0.08:
            other = self.by_kind["x"][0].author(rng)
            text += f" cc @{other}"
            tags.add("mention")
        return text

    def finish_text(self, text: str, src: Source, tags: set[str]) -> str:
        if src.lower and self.rng.random() < src.lower:
            lowered = text.lower()
            if lowered != text:
                tags.add("lowercase")
            return lowered
        return text

    def add(self, d: Draft) -> Draft:
        self.drafts.append(d)
        return d

    def author_for(self, src: Source, plan: Plan | None) -> str:
        if src.kind == "x":
            if (
                plan is not None
                and plan.official is not None
                and plan.official.handle
                and self.rng.random() < 0.04
            ):
                return "@" + plan.official.handle
            return "@" + src.author(self.rng)
        return src.author(self.rng)

    def discord_channel(self, src: Source, story: bool) -> str:
        chans = src.channels
        if story:
            picks = [c for c, name in chans if name not in ("help", "off-topic", "질문")] or [
                chans[0][0]
            ]
            return self.rng.choice(picks)
        return self.rng.choice(chans)[0]

    # -- story items

    def original(
        self, plan: Plan, src: Source, t: float, short: bool = False, first: bool = False
    ) -> Draft:
        rng = self.rng
        announce = first and plan.template is not None
        lang = "en" if announce else _pick_lang(plan, src, rng)
        tags: set[str] = set()
        w = Writer(rng, plan.facts, lang, tags)
        ev = EVENTS[plan.event]
        title, text = "", ""
        links: list[Any] = []
        url = None
        kind = src.kind
        if short:
            text = w.fill(_usable(ev.short_ko if lang == "ko" else ev.short_en, plan.facts, rng))
            if rng.random() < 0.3:
                text += " " + rng.choice(_EMOJI)
            if rng.random() < 0.35:
                links = self.story_links(plan, src, tags)
        elif kind in ("rss", "reddit", "hackernews"):
            title_lang = "en" if kind == "hackernews" else lang
            tw = Writer(rng, plan.facts, title_lang, tags, formal=True)
            titles = ev.title_ko if title_lang == "ko" else ev.title_en
            title = tw.fill(_usable(titles, plan.facts, rng))
            if plan.template_text is not None and rng.random() < 0.5:
                title = tw.fill(plan.template_text[1 if title_lang == "ko" else 0])
                tags.add("template")
            if kind == "rss":
                w.formal = True
                body = [
                    _headline(plan, lang, w, rng),
                    *_details(plan, lang, w, rng, rng.randint(2, 4)),
                ]
                text = " ".join(_sentence(b) for b in body)
                url = self.article_for(plan, src, title)
                links = [u for u in self.story_links(plan, src, tags) if u != url]
            elif kind == "reddit":
                link_post = rng.random() < 0.5
                links = self.story_links(plan, src, tags)[:1] if link_post else []
                if not link_post or rng.random() < 0.4:
                    parts = _details(plan, lang, w, rng, rng.randint(1, 3))
                    if rng.random() < 0.5:
                        parts.append(rng.choice(_CLOSERS_KO if lang == "ko" else _CLOSERS_EN))
                    if not link_post and rng.random() < 0.6:
                        body_links = self.story_links(plan, src, tags)
                        parts.extend(body_links)
                        links.extend(body_links)
                    text = "\n\n".join(parts)
            else:
                if plan.event == "oss_release" and rng.random() < 0.3:
                    title = "Show HN: " + title
                links = self.story_links(plan, src, tags)[:1]
                if rng.random() < 0.15:
                    text = " ".join(
                        _details(plan, "en", Writer(rng, plan.facts, "en", tags), rng, 2)
                    )
        else:
            parts = []
            opener_rate = {"discord": 0.25, "x": 0.22, "telegram": 0.3}[kind]
            if rng.random() < opener_rate:
                parts.append(rng.choice(_OPENERS_KO if lang == "ko" else _OPENERS_EN))
            head = _headline(plan, lang, w, rng, template=announce)
            if lang == "ko" and rng.random() < 0.1:
                head = (
                    Writer(rng, plan.facts, "en", tags).fill(_usable(ev.head_en, plan.facts, rng))
                    + "\n"
                    + head
                )
                tags.add("mixed")
            parts.append(head)
            k = {
                "discord": rng.choice((0, 0, 1)),
                "x": rng.choice((0, 1, 1, 2)),
                "telegram": rng.randint(1, 3),
            }[kind]
            parts.extend(_details(plan, lang, w, rng, k))
            if rng.random() < 0.3:
                if lang == "ko" and rng.random() < 0.3:
                    parts.append(rng.choice(_CLOSERS_KO_MIXED))
                    tags.add("code_switch")
                else:
                    parts.append(rng.choice(_CLOSERS_KO if lang == "ko" else _CLOSERS_EN))
            if lang == "en" and src.ko and rng.random() < 0.3:
                parts.append(rng.choice(_CLOSERS_KO))
                tags.add("mixed")
            if kind == "telegram":
                parts = [_sentence(p) for p in parts]
            text = " ".join(parts)
            text = self.decorate(text, lang, src, tags, casual=kind == "discord")
            link_rate = {"discord": 0.55, "x": 0.6, "telegram": 0.85}[kind]
            if rng.random() < link_rate:
                links = self.story_links(plan, src, tags)
                if links and (kind != "x" or rng.random() < 0.7):
                    text += ("\n" if kind == "telegram" else " ") + " ".join(links)
            text = self.finish_text(text, src, tags)
        tweets = self.tweets.get(plan.label, [])
        if kind in ("discord", "telegram", "reddit") and tweets and rng.random() < 0.08:
            form = rng.choice(("x", "twitter", "twitter", "mobile", "share"))
            links.append(Permalink(rng.choice(tweets), form))  # someone shares the tweet
            tags.add("tweet_link")
            if form != "x":
                tags.add("url_variant")
        links.extend(self.hub_links(plan, src, tags))
        if src.footer and rng.random() < src.footer[2]:
            hub = _FOOTER_URL[src.name]
            text = (text + "\n\n" + src.footer[0].format(url=hub)).strip()
            links.append(hub)
            if hub.startswith("https://bit.ly/"):
                self.expansions[hub] = HUBS["newsletter_archive"][1]
                tags.add("shortener:bit.ly")
                tags.add("hub:newsletter_archive")
            else:
                tags.add(f"hub:{src.footer[1]}")
        title_out = title
        if kind == "telegram" and links and rng.random() < 0.4 and plan.page_title:
            title_out = plan.page_title  # the link preview's title
        if kind == "discord" and links and rng.random() < 0.35 and plan.page_title:
            text += f"\n\n{plan.page_title}\n{plan.page_desc}"
            tags.add("embed")
        d = Draft(
            src,
            plan.label,
            t,
            text,
            self.author_for(src, plan if first else None),
            title_out,
            list(dict.fromkeys(links)),
            tags=tags,
            url=url,
        )
        if kind == "x":
            self.tweets.setdefault(plan.label, []).append(d)
        if kind == "discord":
            d.channel = self.discord_channel(src, True)
        return self.add(d)

    def article_for(self, plan: Plan, src: Source, title: str) -> str:
        for i, (name, url) in enumerate(plan.coverage):
            if name == src.name:
                plan.coverage.pop(i)
                plan.coverage.append(("", url))  # used: others may still link it
                return url
        if (
            src.name == "lab-blogs"
            and plan.primary
            and not any(d == "lab-blogs-used" for d, _ in plan.coverage)
        ):
            plan.coverage.append(("lab-blogs-used", plan.primary[0]))
            return plan.primary[0]
        if (
            src.name == "arxiv-cs-cl"
            and plan.event == "paper"
            and not any(d == "arxiv-used" for d, _ in plan.coverage)
        ):
            plan.coverage.append(("arxiv-used", plan.primary[0]))
            return plan.primary[0]
        return _article_url(
            src.name if src.name != "lab-blogs" else "techcrunch-ai",
            title + f" {self.rng.randint(2, 99)}",
            self.rng,
        )

    def reply(self, plan: Plan | None, parent: Draft, label: str | None) -> Draft:
        rng = self.rng
        src = parent.src
        lang = (
            "ko"
            if (src.ko and rng.random() < 0.85) or re.search("[가-힣]", parent.text[:40])
            else "en"
        )
        tags = {"reply"}
        if plan is None:
            text = rng.choice(_CHAT_REPLIES_KO if lang == "ko" else _CHAT_REPLIES_EN)
        elif rng.random() < 0.35:
            ev = EVENTS[plan.event]
            text = Writer(rng, plan.facts, lang, tags).fill(
                _usable(ev.cont_ko if lang == "ko" else ev.cont_en, plan.facts, rng)
            )
        else:
            text = rng.choice(_REPLIES_KO if lang == "ko" else _REPLIES_EN)
        if src.kind == "x":
            text = f"@{parent.handle()} {text}" if rng.random() < 0.5 else text
        text = self.finish_text(text, src, tags)
        author = self.author_for(src, None)
        d = Draft(src, label, self.after(parent.t, 600), text, author, tags=tags, parent=parent)
        d.channel = parent.channel
        return self.add(d)

    def burst(self, plan: Plan | None, head: Draft, label: str | None) -> list[Draft]:
        rng = self.rng
        out = []
        prev = head
        lang = "ko" if re.search("[가-힣]", head.text[:60]) else "en"
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            tags = {"burst"}
            r = rng.random()
            if plan is not None and r < 0.5:
                ev = EVENTS[plan.event]
                text = Writer(rng, plan.facts, lang, tags).fill(
                    _usable(ev.cont_ko if lang == "ko" else ev.cont_en, plan.facts, rng)
                )
            elif plan is not None and r < 0.65 and (plan.primary or plan.coverage):
                links = self.story_links(plan, head.src, tags)
                text = rng.choice(("link: ", "hf: ", "", "source ", "링크: ")) + " ".join(links)
            else:
                text = rng.choice(_BURST_KO if lang == "ko" else _BURST_EN)
            if rng.random() < 0.6 and text.lower() != text:
                text = text.lower()
                tags.add("lowercase")
            t = prev.t + rng.uniform(8, 150)
            if t >= DAY:
                t = rng.uniform(prev.t, DAY - 0.001)
            links_out = [w for w in text.split() if w.startswith("http")]
            d = Draft(head.src, label, t, text, head.author, links=links_out, tags=tags)
            d.channel = head.channel
            if rng.random() < 0.75:
                d.parent = prev
            out.append(self.add(d))
            prev = d
        return out

    def quote(self, plan: Plan, quoted: Draft) -> Draft:
        rng = self.rng
        src = quoted.src if quoted.src.kind == "x" else rng.choice(self.by_kind["x"])
        if src.kind != "x":
            src = self.by_kind["x"][0]
        lang = _pick_lang(plan, src, rng)
        tags = {"quote"}
        if rng.random() < 0.3:
            ev = EVENTS[plan.event]
            comment = Writer(rng, plan.facts, lang, tags).fill(
                _usable(ev.short_ko if lang == "ko" else ev.short_en, plan.facts, rng)
            )
        else:
            comment = rng.choice(_QUOTE_KO if lang == "ko" else _QUOTE_EN)
        comment = self.finish_text(comment, src, tags)
        text = f"{comment}\n\n@{quoted.handle()}: {quoted.text}"
        links: list[Any] = [quoted, *[u for u in quoted.links if isinstance(u, str)]]
        d = Draft(
            src,
            plan.label,
            self.after(quoted.t, 1800),
            text,
            self.author_for(src, None),
            links=links,
            tags=tags,
        )
        return self.add(d)

    # -- copies

    def copy(self, plan: Plan | None, o: Draft, kind: str) -> Draft | None:
        """A copy of ``o`` of the given kind, or None when ``o`` cannot be copied that way."""
        rng = self.rng
        label = plan.label if plan is not None else None
        tags = {f"copy:{kind}"}
        src = o.src
        text, title, links = o.text, o.title, list(o.links)
        author = ""
        t = self.after(o.t, 1800)
        same_item = None
        if kind == "exact":
            if src.kind == "hackernews":  # one HN item, seen by both HN sources
                if id(o) in self.hn_twins:
                    return None
                self.hn_twins.add(id(o))
                src = next(s for s in self.by_kind["hackernews"] if s is not o.src)
                author, t, same_item = o.author, o.t, o
            else:
                src = self.sibling(o.src)
        elif kind == "near":
            if o.text:
                text = self.nearly(o.text)
                if o.title and rng.random() < 0.5:
                    title = self.nearly(o.title)
            else:
                title = self.nearly(o.title)
            if text == o.text and title == o.title:
                return None
            src = self.sibling(o.src) if rng.random() < 0.6 else o.src
        elif kind == "case":
            text, title = _recase(o.text, rng), _recase(o.title, rng)
            if text == o.text and title == o.title:
                return None
            src = self.sibling(o.src) if rng.random() < 0.6 else o.src
        elif kind == "retweet":
            if o.src.kind != "x" or o.text.startswith("RT @"):
                return None
            src = rng.choice(self.by_kind["x"])
            text = f"RT @{o.handle()}: {o.text}"
            links = [o, *[u for u in o.links if isinstance(u, str)]]
            t = self.after(o.t, 1200)
        elif kind == "truncated":
            base = o.text
            if len(base) < 50 or len(base.split()) < 8:
                return None
            text = _truncate(base, rng)
            if o.src.kind == "rss" and rng.random() < 0.6:
                pool = [self.by_name[n] for n in _AGGREGATORS if n != o.src.name]
            else:
                pool = [
                    s
                    for s in self.by_kind["telegram"] + self.by_kind["discord"] + self.by_kind["x"]
                    if s is not o.src
                ]
            src = rng.choice(pool)
            r = rng.random()
            if r < 0.4:
                links = [o]
            elif r < 0.7:
                links = [u for u in o.links if isinstance(u, str) and u in text]
            else:
                links = []
            title = o.title if src.kind in ("rss", "reddit", "hackernews") else ""
            t = self.after(o.t, 5400)
        elif kind == "crosspost":
            result = self.crosspost(o, tags)
            if result is None:
                return None
            src, text, title, links = result
        elif kind == "url_variant":
            urls = [u for u in o.links if isinstance(u, str)]
            if not urls:
                return None
            new = [self.variant(u, tags) for u in urls]
            for a, b in zip(urls, new, strict=True):
                text = text.replace(a, b)
            links = new
            src = self.sibling(o.src) if rng.random() < 0.5 else o.src
        if src.kind in ("rss", "reddit", "hackernews") and not title:
            title = o.title or _first_words(text, 12)
        if src.kind in ("x", "discord"):
            title = ""
        if not author:
            author = self.author_for(src, None)
            if src.kind == "telegram" and kind in ("crosspost",) and o.src.kind == "telegram":
                author = o.author
        d = Draft(
            src,
            label,
            t,
            text,
            author,
            title,
            list(dict.fromkeys(links)),
            copy_of=o,
            copy_kind=kind,
            tags=tags,
            same_item=same_item,
        )
        if src.kind == "rss":
            d.url = (
                o.url
                if (kind == "exact" and o.url)
                else _article_url(src.name, (title or text[:40]) + f" {rng.randint(100, 999)}", rng)
            )
        if src.kind == "discord":
            d.channel = self.discord_channel(src, label is not None)
        return self.add(d)

    def sibling(self, src: Source) -> Source:
        """Another source of the same kind (the same one when it has no sibling)."""
        same = [s for s in self.by_kind[src.kind] if s is not src and s.name != "ainews-letter"]
        if not same:
            return src
        alike = [s for s in same if s.ko == src.ko]
        return self.rng.choice(alike if alike and self.rng.random() < 0.85 else same)

    def nearly(self, text: str) -> str:
        rng = self.rng
        out = text
        for _ in range(rng.choice((1, 1, 2))):
            r = rng.random()
            words = out.split(" ")
            swaps = [(i, w) for i, w in enumerate(words) if w.lower().strip(".,!?:") in _NEAR_SWAPS]
            if r < 0.45 and swaps:
                i, word = rng.choice(swaps)
                core = word.lower().strip(".,!?:")
                repl = rng.choice(_NEAR_SWAPS[core])
                words[i] = word.replace(core, repl) if core in word else repl
                out = " ".join(words)
            elif r < 0.6:
                out = out + " " + rng.choice(_EMOJI)
            elif r < 0.72 and "#" in out:
                out = re.sub(r"\s#\w+", "", out, count=1)
            elif r < 0.84:
                out = out.replace("!", ".", 1) if "!" in out else out.rstrip(".") + "!"
            elif len(words) > 6:
                i = rng.randrange(1, len(words) - 1)
                if words[i].isalpha():
                    del words[i]
                out = " ".join(words)
            elif out == text:
                out = rng.choice(("new: ", "via friend: ", "this: ", "공유: ")) + out
        return out

    def crosspost(self, o: Draft, tags: set[str]) -> tuple[Source, str, str, list[Any]] | None:
        rng = self.rng
        kind = o.src.kind
        urls = [u for u in o.links if isinstance(u, str)]
        if kind == "x":
            dest = rng.choice(self.by_kind["telegram"] + self.by_kind["discord"])
            text, links = o.text, list[Any](urls)
            if rng.random() < 0.75 and urls:
                shorts = [self.shorten(u, "t.co", tags) for u in urls]
                for a, b in zip(urls, shorts, strict=True):
                    text = text.replace(a, b)
                links = shorts
                if not any(s in text for s in shorts):
                    text += " " + " ".join(shorts)
            if dest.kind == "discord" and rng.random() < 0.5:
                links = [o, *links]
                text = (
                    f"{text}\n{rng.choice(('from twitter:', 'via', 'saw this on x:'))} "
                    + "{permalink}"
                )
            if dest.kind == "telegram" and rng.random() < 0.5:
                text += f"\n\nvia @{o.handle()}"
            return dest, text, "", links
        if kind == "rss":
            dest = rng.choice(self.by_kind["x"] + self.by_kind["telegram"])
            url = o.url or (urls[0] if urls else "")
            if dest.name != "x-news-bots" and rng.random() < 0.3:
                dest = self.by_name["x-news-bots"]
            text = (
                f"{o.title} {url}".strip()
                if dest.kind == "x"
                else f"{o.title}\n\n{_first_words(o.text, 30)}\n{url}"
            )
            return dest, text, "", [url] if url else []
        if kind == "telegram":
            dest = self.sibling(o.src)
            tags.add("forward")
            return dest, o.text, o.title, [o, *urls]
        if kind == "reddit":
            dest = self.sibling(o.src)
            return dest, o.text, o.title, [o, *urls]
        if kind == "discord":
            dest = rng.choice(
                [s for s in self.by_kind["discord"] if s is not o.src] + self.by_kind["telegram"]
            )
            return dest, o.text, "", list(urls)
        if kind == "hackernews":
            dest = rng.choice(self.by_kind["reddit"])
            return dest, o.text, o.title, list(urls)
        return None


_AGGREGATORS = ("geeknews", "techcrunch-ai", "aitimes-kr", "zdnet-kr", "verge-ai")

_HUB_RATE = {
    "paper": 0.3,
    "benchmark": 0.5,
    "oss_release": 0.3,
    "release": 0.12,
    "open_weights": 0.2,
    "dataset": 0.2,
}

_NEAR_SWAPS: dict[str, tuple[str, ...]] = {
    "released": ("launched", "shipped", "dropped"),
    "launches": ("releases", "ships"),
    "just": ("", "literally"),
    "new": ("brand new", "fresh"),
    "today": ("just now", "this morning"),
    "huge": ("massive", "big"),
    "wild": ("insane", "crazy"),
    "is": ("is now",),
    "big": ("huge",),
    "공개했습니다": ("발표했습니다", "공개했네요"),
    "출시": ("공개", "발표"),
    "오늘": ("방금", "금일"),
    "대박이네요": ("대박", "놀랍네요"),
    "새": ("신규",),
    "the": ("this",),
    "now": ("finally",),
}


_URL = re.compile(r"https?://\S+")


def _recase(text: str, rng: random.Random) -> str:
    """The text lower-cased, upper-cased or title-cased; its URLs as they were."""
    r = rng.random()
    change: Callable[[str], str]
    if r < 0.65 and text.lower() != text:
        change = str.lower
    elif r < 0.85:
        change = str.upper
    else:
        change = _title_words

    out, last = [], 0
    for m in _URL.finditer(text):
        out.append(change(text[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(change(text[last:]))
    return "".join(out)


def _title_words(part: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in part.split(" "))


def _sentence(text: str) -> str:
    """The text ending as a sentence does."""
    text = text.rstrip()
    return text + "." if text and (text[-1].isalnum() or "가" <= text[-1] <= "힣") else text


def _truncate(text: str, rng: random.Random) -> str:
    cut = int(len(text) * rng.uniform(0.6, 0.8))
    if rng.random() < 0.8:
        space = text.rfind(" ", 0, cut)
        if space > len(text) * 0.45:
            cut = space
    return text[:cut].rstrip() + rng.choice(("…", "…", "...", " …", " […]", "… 더보기"))


def _first_words(text: str, k: int) -> str:
    words = text.split()
    return " ".join(words[:k]) + ("…" if len(words) > k else "")


# --- story realisation ----------------------------------------------------------------------------

_COPY_KINDS = ("exact", "near", "case", "retweet", "truncated", "crosspost", "url_variant")
_COPY_WEIGHTS = (0.14, 0.18, 0.1, 0.24, 0.14, 0.14, 0.06)
_ACTIONS = ("original", "copy", "reply", "burst", "quote", "short")
_ACTION_WEIGHTS = (0.47, 0.2, 0.11, 0.05, 0.06, 0.11)


def realise_story(day: Day, plan: Plan) -> None:
    """Write exactly ``plan.size`` drafts for one story."""
    rng = day.rng
    made: list[Draft] = []
    originals: list[Draft] = []

    def take(ds: list[Draft] | Draft | None) -> None:
        if ds is None:
            return
        for d in ds if isinstance(ds, list) else [ds]:
            made.append(d)

    while len(made) < plan.size:
        room = plan.size - len(made)
        if not originals:
            first_src = day.choose_source(plan)
            if plan.template is not None:  # announced in the group's words, in English
                first_src = day.choose_source(plan, ("x", "discord"), korean=False)
            elif plan.official is not None and plan.size >= 3 and rng.random() < 0.35:
                first_src = (
                    day.by_name["lab-blogs"]
                    if rng.random() < 0.5
                    else day.choose_source(plan, ("x",))
                )
            d = day.original(plan, first_src, plan.t0, first=True)
            originals.append(d)
            take(d)
            continue
        action = rng.choices(_ACTIONS, _ACTION_WEIGHTS)[0]
        if action == "original":
            d = day.original(plan, day.choose_source(plan), day.when(plan))
            d.tags.add("paraphrase")
            originals.append(d)
            take(d)
        elif action == "short":
            src = day.choose_source(plan, ("x", "discord", "telegram"))
            d = day.original(plan, src, day.when(plan), short=True)
            originals.append(d)
            take(d)
        elif action == "copy":
            o = rng.choice(originals[:3] if rng.random() < 0.5 else originals)
            for _ in range(4):
                kind = rng.choices(_COPY_KINDS, _COPY_WEIGHTS)[0]
                if kind == "retweet" and o.src.kind != "x":
                    xs = [d for d in originals if d.src.kind == "x"]
                    o = rng.choice(xs) if xs else o
                c = day.copy(plan, o, kind)
                if c is not None:
                    take(c)
                    break
        elif action == "reply":
            parents = [d for d in made if d.src.kind in ("x", "discord")]
            if parents:
                take(day.reply(plan, rng.choice(parents), plan.label))
        elif action == "burst":
            heads = [d for d in originals if d.src.kind == "discord"]
            if not heads:
                src = day.choose_source(plan, ("discord",))
                d = day.original(plan, src, day.when(plan))
                d.tags.add("paraphrase")
                originals.append(d)
                take(d)
                continue
            bursts = day.burst(plan, rng.choice(heads), plan.label)
            while len(made) + len(bursts) > plan.size:
                day.drafts.remove(bursts.pop())
            take(bursts)
        elif action == "quote" and room >= 1:
            xs = [d for d in originals if d.src.kind == "x"]
            if xs:
                take(day.quote(plan, rng.choice(xs)))


# --- chatter --------------------------------------------------------------------------------------

_CHATTER_EN: dict[str, tuple[str, ...]] = {
    "greeting": (
        "gm",
        "gm everyone ☀️",
        "good morning frens",
        "morning all",
        "hey all, new here 👋",
        "hi everyone! lurker from Seoul",
        "gn",
        "happy monday",
        "back from vacation, what did I miss?",
        "hello from berlin",
        "evening folks",
        "wassup",
        "gm gm",
        "hi all, first post here",
    ),
    "hiring": (
        "We're hiring ML engineers in {city}! DM me",
        "{org} is hiring a research scientist (post-training). Remote OK.",
        "Looking for a cofounder with infra experience",
        "[Hiring] Senior MLE, $200k-$260k, {city}/remote",
        "anyone looking for a contract gig doing RAG evals?",
        "Our team at {org} has 3 open roles in applied ML, link in bio",
        "hiring: founding engineer, LLM apps, {city}",
        "We need a CUDA person. Any CUDA people here?",
    ),
    "meme": (
        "me explaining to my mom that the AI is just autocomplete",
        "my gpu at 3am: 🔥",
        "prompt engineering is just asking nicely",
        "another day another 'AGI is here' thread",
        "the model said 'as an AI language model' and I felt that",
        "when the loss goes down 📉😌",
        "me: i'll sleep early. also me at 2am: reading {topic} papers",
        "nobody: \nme: one more fine-tune",
        "my code works and I don't know why, classic",
        "POV: you forgot to set the seed",
    ),
    "offtopic": (
        "anyone watching the game tonight?",
        "best ramen in {city}?",
        "my cat just walked on my keyboard and pushed to main",
        "coffee recs?",
        "what keyboard do you all use?",
        "finally finished my marathon training",
        "it's so hot today",
        "what are you all reading this summer?",
        "any good podcasts for a long drive?",
        "my internet has been down all morning, typing from my phone",
    ),
    "question": (
        "what's the best local model for coding on a 3090?",
        "how do you guys evaluate RAG pipelines?",
        "is {proj} still the fastest for serving?",
        "anyone using {fam} for sql?",
        "how much VRAM do I need for a 70B at 4-bit?",
        "any good papers on {topic}?",
        "LoRA vs full fine-tune for an 8B model?",
        "what do you use for evals these days?",
        "{proj} keeps crashing on my mac, any ideas?",
        "is it worth paying for {fam} over the open ones?",
        "best way to chunk PDFs for retrieval?",
        "anyone got {proj} working with ROCm?",
    ),
    "opinion": (
        "hot take: benchmarks are mostly vibes at this point",
        "open source is catching up faster than people think",
        "the AI hype cycle is exhausting",
        "agents are still mostly demos",
        "context length is the new megapixels",
        "i miss when papers had ablations",
        "unpopular opinion: {fam} is overrated",
        "we need better evals, not bigger models",
        "every startup is a wrapper and that's fine",
        "the best model is the one you can actually afford to run",
        "{org} has been quiet lately. something's coming",
        "data > architecture, always has been",
    ),
    "selfpromo": (
        "I wrote a thing about fine-tuning on a budget: {blog}",
        "new video: building a RAG app in 10 minutes {video}",
        "my weekend project: a tiny CLI for chatting with PDFs {repo}",
        "new blog post on {topic} {blog}",
        "launched my side project today, feedback welcome {repo}",
        "podcast ep 42 is up, we talk about {topic} {video}",
    ),
    "event": (
        "{city} AI meetup this Thursday, come say hi",
        "we're hosting a hackathon next month, prizes in GPUs",
        "who's going to {conf}?",
        "office hours today at 5pm KST in the voice channel",
        "study group on {topic} starts next week",
    ),
    "bot": (
        "Reminder: keep discussions in the right channels",
        "📌 pinned: please read the rules before posting",
        "Welcome to the server! Grab roles in #roles",
        "Weekly thread: what are you working on?",
        "Mods: self-promotion goes in #showcase",
    ),
    "hub": (
        "github trending today is all agents {hub}",
        "the sub is on fire today {hub}",
        "leaderboard shuffle again {hub}",
        "today's listing is huge {hub}",
        "anything good today? {hub}",
        "my morning routine: coffee + {hub}",
    ),
    "ask": (
        "Ask HN: How are you using LLMs at work?",
        "Ask HN: Best resources to learn ML in 2024?",
        "Ask HN: Is anyone running local models in production?",
        "Ask HN: What's your eval setup?",
        "Ask HN: How do you keep up with AI news?",
        "Ask HN: Who is hiring? (June 2024)",
    ),
    "show": (
        "Show HN: I built a {thing}",
        "Show HN: A {thing} in 500 lines",
        "Show HN: {thing}, open source",
    ),
    "discussion": (
        "[D] Is anyone else tired of leaderboard chasing?",
        "What's your local setup in 2024?",
        "Weekly self-promotion thread",
        "[D] Simple Questions Thread",
        "[D] How do you read papers efficiently?",
        "What model do you use daily and why?",
        "Rate my homelab",
        "[D] PhD or industry in 2024?",
    ),
    "ad": (
        "🎁 Free GPU credits for new users, link in bio",
        "Join our premium channel for daily AI signals 💎",
        "Sponsored: the fastest vector database for your RAG app",
        "📣 Our AI course is 50% off this week",
    ),
}
_CHATTER_KO: dict[str, tuple[str, ...]] = {
    "greeting": (
        "좋은 아침입니다",
        "안녕하세요 처음 왔습니다",
        "다들 점심 맛있게 드세요",
        "굿모닝~",
        "오늘도 화이팅",
        "월요일 싫다 ㅠㅠ",
        "퇴근하고 싶다",
        "다들 좋은 하루 보내세요",
        "안녕하세요! 눈팅만 하다가 인사드려요",
    ),
    "hiring": (
        "[채용] LLM 엔지니어 모십니다 ({city})",
        "{org}에서 ML 엔지니어 채용 중입니다. 관심 있으시면 DM 주세요",
        "스타트업 공동창업자 구합니다",
        "AI 스타트업 백엔드 개발자 구해요, {city} 근무",
        "인턴 모집합니다 (NLP)",
    ),
    "meme": (
        "GPU 가격 보고 울었다",
        "AI가 내 일 대신 해줬으면",
        "프롬프트 엔지니어링 = 공손하게 부탁하기 ㅋㅋ",
        "오늘도 삽질 중",
        "시드 고정 안 해서 재현 안 됨 ㅠ",
        "loss는 안 떨어지고 내 멘탈만 떨어짐",
    ),
    "offtopic": (
        "오늘 날씨 너무 덥네요",
        "{city} 맛집 추천 좀요",
        "주말에 뭐하세요?",
        "커피 몇 잔째인지 모르겠다",
        "키보드 뭐 쓰세요?",
        "요즘 볼만한 드라마 있나요",
        "출근길 지하철 지옥",
    ),
    "question": (
        "로컬에서 돌릴 한국어 모델 추천해주세요",
        "RAG 평가 어떻게들 하시나요?",
        "{proj} 설치하다 막혔는데 도와주실 분",
        "4090 하나로 70B 돌아가나요?",
        "{fam} 한국어 잘하나요?",
        "{topic} 관련 좋은 자료 있을까요?",
        "파인튜닝 데이터 몇 개 정도 필요할까요?",
        "회사에서 {fam} 쓰시는 분 계신가요?",
    ),
    "opinion": (
        "요즘 벤치마크는 별 의미 없는 듯",
        "오픈소스가 진짜 빨리 따라오네요",
        "에이전트는 아직 데모 수준인 것 같아요",
        "한국어 모델 더 많아졌으면",
        "결국 데이터 싸움",
        "{org} 요즘 조용하네요",
        "AI 뉴스 너무 많아서 못 따라가겠어요",
    ),
    "selfpromo": (
        "블로그에 {topic} 정리해봤습니다 {blog}",
        "유튜브에 RAG 튜토리얼 올렸어요 {video}",
        "주말 프로젝트 공유합니다 {repo}",
    ),
    "event": (
        "{city} AI 밋업 이번 주 목요일입니다",
        "{topic} 스터디 모집합니다",
        "{conf} 가시는 분?",
        "해커톤 팀원 구해요",
    ),
    "hub": (
        "오늘 허깅페이스 daily papers 보세요 {hub}",
        "깃허브 트렌딩 요즘 에이전트 천지 {hub}",
        "리더보드 또 바뀜 {hub}",
    ),
    "ad": (
        "🎁 신규 가입 시 GPU 크레딧 무료",
        "AI 강의 50% 할인 중 📣",
        "[광고] 기업용 LLM 솔루션 도입 문의",
    ),
    "bot": (
        "공지: 채널 주제에 맞게 대화해주세요",
        "📌 규칙을 먼저 읽어주세요",
        "새로 오신 분들 환영합니다!",
    ),
}
_CHATTER_MIX = {
    "discord": {
        "greeting": 0.22,
        "question": 0.24,
        "offtopic": 0.14,
        "meme": 0.1,
        "opinion": 0.1,
        "hub": 0.05,
        "bot": 0.06,
        "hiring": 0.04,
        "event": 0.05,
    },
    "x": {
        "opinion": 0.25,
        "meme": 0.15,
        "hiring": 0.1,
        "selfpromo": 0.15,
        "question": 0.1,
        "hub": 0.08,
        "greeting": 0.07,
        "event": 0.05,
        "offtopic": 0.05,
    },
    "telegram": {"ad": 0.3, "roundup": 0.2, "event": 0.15, "hiring": 0.15, "hub": 0.2},
    "reddit": {"question": 0.35, "discussion": 0.35, "selfpromo": 0.15, "meme": 0.15},
    "hackernews": {"ask": 0.4, "show": 0.4, "offtopic": 0.2},
    "rss": {"roundup": 0.45, "selfpromo": 0.35, "opinion": 0.2},
}
_THINGS = (
    "terminal UI for chatting with local models",
    "tiny vector database in Rust",
    "markdown-to-slides tool",
    "self-hosted podcast transcriber",
    "CLI that explains shell commands",
    "Korean spell checker",
    "browser extension that summarises tabs",
    "SQLite-backed job queue",
    "GPU price tracker",
)
_CHATTER_HUBS = {
    "github trending": "github_trending",
    "the sub": "subreddit",
    "leaderboard": "leaderboard",
    "listing": "arxiv_listing",
    "anything good": "hf_papers",
    "morning routine": "newsletter_archive",
    "daily papers": "hf_papers",
    "깃허브": "github_trending",
    "리더보드": "leaderboard",
}


def write_chatter(day: Day, n: int, plans: list[Plan]) -> None:
    """Write exactly ``n`` chatter drafts."""
    rng = day.rng
    kinds = list(_CHATTER_MIX)
    kind_weights = (0.32, 0.3, 0.11, 0.12, 0.08, 0.07)
    made = 0
    recent: list[Draft] = []
    families = [f.name for o in day.world.makers for f in o.families]
    while made < n:
        r = rng.random()
        if recent and r < 0.16:
            parent = rng.choice(recent[-200:])
            if parent.src.kind in ("x", "discord"):
                day.reply(None, parent, None)
                made += 1
                continue
        if recent and r < 0.2:
            head = rng.choice(recent[-200:])
            if head.src.kind == "discord" and head.parent is None:
                bursts = day.burst(None, head, None)
                while made + len(bursts) > n:
                    day.drafts.remove(bursts.pop())
                made += len(bursts)
                continue
        if recent and r < 0.23:
            o = rng.choice(recent[-300:])
            if o.copy_of is None:
                c = day.copy(None, o, rng.choice(("exact", "crosspost", "near", "retweet")))
                if c is not None:
                    made += 1
                    continue
        kind = rng.choices(kinds, kind_weights)[0]
        src = rng.choice(
            [s for s in day.by_kind[kind] if s.name != "ainews-letter"] or day.by_kind[kind]
        )
        mix = _CHATTER_MIX[kind]
        cat = rng.choices(list(mix), list(mix.values()))[0]
        if cat == "roundup":
            if kind == "rss":
                src = day.by_name["ainews-letter"]
            d = roundup(day, src, rng.uniform(0, DAY - 1), plans)
        else:
            d = chatter_item(day, src, cat, families)
        recent.append(d)
        made += 1


def chatter_item(day: Day, src: Source, cat: str, families: list[str]) -> Draft:
    rng = day.rng
    lang = "ko" if (src.ko and rng.random() < 0.85) or rng.random() < 0.03 else "en"
    table = _CHATTER_KO if lang == "ko" and cat in _CHATTER_KO else _CHATTER_EN
    template = rng.choice(table.get(cat) or _CHATTER_EN[cat])
    tags = {f"chatter:{cat}"}
    links: list[str] = []
    values = {
        "city": rng.choice(CITIES).ko if lang == "ko" else rng.choice(CITIES).en,
        "org": rng.choice(day.world.companies).name,
        "topic": rng.choice(TOPICS).ko if lang == "ko" else rng.choice(TOPICS).en,
        "proj": rng.choice(PROJECTS).name,
        "fam": rng.choice(families),
        "conf": rng.choice(CONFERENCES)[0],
        "thing": rng.choice(_THINGS),
    }
    for key in ("blog", "video", "repo"):
        if "{" + key + "}" in template:
            handle = slugify(rng.choice(PEOPLE).en, "")
            url = {
                "blog": f"https://{handle}.substack.com/p/{slugify(template[:30])}",
                "video": f"https://www.youtube.com/watch?v={day.code(11)}",
                "repo": f"https://github.com/{handle}/{slugify(rng.choice(_THINGS))[:24]}",
            }[key]
            values[key] = url
            links.append(url)
    if "{hub}" in template:
        hub_kind = next((v for k, v in _CHATTER_HUBS.items() if k in template), "home_page")
        url = rng.choice(HUBS[hub_kind])
        values["hub"] = url
        links.append(url)
        tags.add(f"hub:{hub_kind}")
    text = template.format(**values) if "{" in template else template
    title = ""
    if src.kind in ("reddit", "hackernews", "rss"):
        title = _URL.sub("", text).strip()
        text = ""
        if src.kind == "reddit" and rng.random() < 0.6:
            text = rng.choice(
                (
                    "Curious what everyone thinks.",
                    "Title says it all.",
                    "Context in comments.",
                    "Long time lurker, first post.",
                )
            )
        if src.kind == "rss":
            text = f"{title}. " + rng.choice(
                (
                    "Some notes from this week.",
                    "A short essay.",
                    "Thoughts on where things are going.",
                )
            )
        if src.kind == "hackernews" and title.startswith("Show HN") and not links:
            owner = slugify(rng.choice(PEOPLE).en, "")
            url = f"https://github.com/{owner}/{slugify(values['thing'])[:24]}"
            links.append(url)
    else:
        text = day.decorate(text, lang, src, tags, casual=True)
        text = day.finish_text(text, src, tags)
    t = rng.uniform(0, DAY - 1)
    d = Draft(src, None, t, text, day.author_for(src, None), title, links, tags=tags)
    if src.kind == "rss":
        d.url = _article_url(
            src.name if src.name in _NEWS_SOURCES or src.name == "ainews-letter" else "simon-blog",
            (title or text) + f" {rng.randint(1, 9999)}",
            rng,
        )
    if src.kind == "discord":
        d.channel = day.discord_channel(src, False)
    return day.add(d)


def roundup(day: Day, src: Source, t: float, plans: list[Plan]) -> Draft:
    """A newsletter issue or a channel's digest: several stories' headlines and links."""
    rng = day.rng
    picks = rng.sample(plans, min(len(plans), rng.randint(3, 6)))
    lang = "ko" if src.ko else "en"
    lines, links = [], []
    for plan in picks:
        head = Writer(rng, plan.facts, lang, set(), formal=True).fill(
            _usable(
                EVENTS[plan.event].title_ko if lang == "ko" else EVENTS[plan.event].title_en,
                plan.facts,
                rng,
            )
        )
        url = plan.primary[0] if plan.primary else (plan.coverage[0][1] if plan.coverage else "")
        lines.append(f"• {head} {url}".strip())
        if url:
            links.append(url)
    intro = (
        "오늘의 AI 뉴스"
        if lang == "ko"
        else rng.choice(("AI News for June 10", "Today in AI", "Your daily AI brief"))
    )
    tags = {"chatter:roundup", "roundup"}
    text = intro + "\n" + "\n".join(lines)
    title = ""
    if src.kind == "rss":
        theme = rng.choice(
            ("a busy Monday", "models, money and a lawsuit", "open weights everywhere")
        )
        title = f"{intro}: {theme}"
    if src.footer:
        hub = _FOOTER_URL[src.name]
        text += "\n\n" + src.footer[0].format(url=hub)
        links.append(hub)
        tags.add(
            f"hub:{src.footer[1]}" if not hub.startswith("https://bit.ly/") else "shortener:bit.ly"
        )
        if hub.startswith("https://bit.ly/"):
            day.expansions[hub] = HUBS["newsletter_archive"][1]
    d = Draft(src, None, t, text, day.author_for(src, None), title, links, tags=tags)
    if src.kind == "rss":
        d.url = _article_url(src.name, title + f" {rng.randint(1, 999)}", rng)
    return day.add(d)


# --- from drafts to items -------------------------------------------------------------------------

_X_EPOCH_MS = 1288834974657
_DISCORD_EPOCH_MS = 1420070400000


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out or "0"


def finalise(day: Day, window: Window) -> tuple[list[Item], dict[str, Draft]]:
    """Ids and permalinks in time order, references resolved, items built."""
    rng = day.rng
    drafts = sorted(day.drafts, key=lambda d: d.t)
    start_ms = int(DAY_START.timestamp() * 1000)
    taken: set[str] = set()
    tg_next = {s.name: rng.randint(20_000, 90_000) for s in day.by_kind["telegram"]}
    hn_next = 40_640_000 + rng.randint(0, 9999)
    reddit_taken: set[str] = set()
    for d in drafts:
        kind, src = d.src.kind, d.src
        ms = start_ms + int(d.t * 1000)
        if kind == "x":
            while True:
                d.id = str(((ms - _X_EPOCH_MS) << 22) | rng.getrandbits(22))
                if d.id not in taken:
                    break
            d.url = f"https://x.com/{d.handle()}/status/{d.id}"
        elif kind == "discord":
            while True:
                d.id = str(((ms - _DISCORD_EPOCH_MS) << 22) | rng.getrandbits(22))
                if d.id not in taken:
                    break
            d.url = f"https://discord.com/channels/{src.channel}/{d.channel}/{d.id}"
        elif kind == "telegram":
            tg_next[src.name] += rng.randint(1, 3)
            d.id = str(tg_next[src.name])
            d.url = f"https://t.me/{src.channel}/{d.id}"
        elif kind == "reddit":
            while True:
                ident = "1dc" + _base36(rng.randrange(36**3, 36**4))
                if ident not in reddit_taken:
                    reddit_taken.add(ident)
                    break
            d.id = ident
            slug = slugify(d.title or d.text, "_", 50)
            d.url = f"https://www.reddit.com/r/{src.channel}/comments/{ident}/{slug}/"
        elif kind == "hackernews":
            if d.same_item is not None:
                d.id = d.same_item.id
            else:
                hn_next += rng.randint(1, 9)
                d.id = str(hn_next)
            d.url = f"https://news.ycombinator.com/item?id={d.id}"
        else:
            d.url = d.url or _article_url(src.name, d.title, rng)
            d.id = _rss_id(src.name, d.url, rng)
            d.rss_offset = src.ko and rng.random() < 0.7
        taken.add(d.id)
    keys: dict[str, Draft] = {}
    items: list[Item] = []
    for d in drafts:
        links = [_resolve(x) for x in d.links]
        text = d.text
        if "{permalink}" in text:
            target = next((x for x in d.links if isinstance(x, Draft)), None)
            text = text.replace("{permalink}", target.url if target and target.url else "")
        key = f"{d.src.name}:{d.id}"
        while key in keys:  # two feed entries with one guid: feeds do that; keep both apart
            d.id += "#" + day.code(4)
            key = f"{d.src.name}:{d.id}"
        keys[key] = d
        moment = DAY_START + timedelta(seconds=d.t)
        published = moment.astimezone(KST if d.rss_offset else UTC)
        items.append(
            Item(
                source=d.src.name,
                id=d.id,
                url=d.url,
                title=d.title,
                author=d.author,
                text=text,
                published=published,
                links=tuple(dict.fromkeys(u for u in links if u)),
                language=_language(d.title + " " + text),
                engagement=_engagement(d, rng),
                kind=d.src.kind,
                reply_to=f"{d.parent.src.name}:{d.parent.id}" if d.parent is not None else None,
            )
        )
    assert all(i.published in window for i in items)
    return items, keys


def _resolve(link: Any) -> str:
    """A link as the item carries it: a URL, or the permalink of another item of the day."""
    if isinstance(link, Draft):
        return link.url or ""
    if isinstance(link, Permalink):
        url = link.draft.url or ""
        if link.form == "twitter":
            return url.replace("https://x.com/", "https://twitter.com/")
        if link.form == "mobile":
            return url.replace("https://x.com/", "https://mobile.twitter.com/")
        if link.form == "share":
            return url + "?s=20"
        return url
    return str(link)


def _rss_id(source: str, url: str, rng: random.Random) -> str:
    if source == "techcrunch-ai":
        return f"https://techcrunch.com/?p={rng.randint(2_700_000, 2_799_999)}"
    if source == "arxiv-cs-cl" and "arxiv.org/abs/" in url:
        return f"oai:arXiv.org:{url.rsplit('/', 1)[1]}v1"
    if source == "simon-blog":
        return f"tag:simonwillison.net,2024-06-10:/blog/entry/{rng.randint(13000, 13999)}/"
    return url


def _language(text: str) -> str:
    hangul = len(re.findall("[가-힣]", text))
    latin = len(re.findall("[A-Za-z]", re.sub(r"https?://\S+", "", text)))
    return "ko" if hangul and hangul >= 0.25 * (hangul + latin) else "en"


def _engagement(d: Draft, rng: random.Random) -> dict[str, int]:
    heat = rng.lognormvariate(0, 1.2) * (1.6 if d.story else 1.0)
    kind = d.src.kind
    if kind == "x":
        likes = int(heat * 12)
        out = {
            "likes": likes,
            "reposts": likes // rng.randint(4, 20),
            "replies": likes // rng.randint(6, 30),
        }
        if rng.random() < 0.85:
            out["quotes"] = likes // rng.randint(20, 80)
            out["views"] = likes * rng.randint(40, 220) + rng.randint(10, 500)
        return out
    if kind == "discord":
        reactions = int(heat * 1.5)
        return {"reactions": reactions} if reactions else {}
    if kind == "telegram":
        return {"views": int(heat * 400) + rng.randint(50, 400)}
    if kind == "reddit":
        score = int(heat * 40) + 1
        return {"score": score, "comments": int(score * rng.uniform(0.05, 0.5))}
    if kind == "hackernews":
        points = int(heat * 25) + 1
        return {"points": points, "comments": int(points * rng.uniform(0.1, 0.9))}
    return {"comments": rng.randint(0, 40)} if rng.random() < 0.15 else {}


# --- the whole day --------------------------------------------------------------------------------


def generate(n_items: int, seed: int) -> Corpus:
    """A labelled day of ``n_items`` items, the same for the same seed."""
    if n_items < 10:
        raise ValueError("a day needs at least 10 items")
    rng = random.Random(seed)
    window = Window(DAY_START, DAY_START + timedelta(days=1))
    world = World(rng)
    sources = _build_sources(rng, n_items)
    chatter_share = rng.uniform(0.17, 0.23)
    n_chatter = round(n_items * chatter_share)
    plans = plan_stories(rng, world, n_items, n_chatter)
    day = Day(rng, sources, world)
    for plan in plans:
        realise_story(day, plan)
    write_chatter(day, n_chatter, plans)
    items, keys = finalise(day, window)
    story: dict[str, str | None] = {}
    copy_of: dict[str, str] = {}
    copy_kind: dict[str, str] = {}
    tags: dict[str, tuple[str, ...]] = {}
    draft_key = {id(d): k for k, d in keys.items()}
    related = {p.label for p in plans if p.related}
    template = {p.label for p in plans if p.template}
    for item in items:
        d = keys[item.key]
        story[item.key] = d.story
        extra = set(d.tags)
        if d.copy_of is not None:
            copy_of[item.key] = draft_key[id(d.copy_of)]
            copy_kind[item.key] = d.copy_kind or "exact"
        if d.story is not None:
            words = len(re.sub(r"https?://\S+", "", item.text or item.title).split())
            if words < 8:
                extra.add("short")
            if not item.links:
                extra.add("no_link")
            if d.story in related:
                extra.add("same_product")
            if d.story in template:
                extra.add("template")
        if item.reply_to:
            extra.add("thread")
        if _EMOJI_RE.search(item.text):
            extra.add("emoji")
        if re.search(r"(?<![\w&/])#[\w가-힣]+", item.text):
            extra.add("hashtag")
        tags[item.key] = tuple(sorted(extra))
    sizes = Counter(v for v in story.values() if v is not None)
    stories = {
        p.label: StoryInfo(p.label, p.event, p.subject, sizes[p.label], p.related, p.template)
        for p in plans
    }
    return Corpus(
        items,
        story,
        copy_of,
        copy_kind,
        window,
        tags,
        stories,
        dict(sorted(day.expansions.items())),
    )


_EMOJI_RE = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")


# --- summary --------------------------------------------------------------------------------------


def summary(corpus: Corpus) -> str:
    """Counts by kind and copy kind, the story size histogram, chatter share, pattern counts."""
    n = len(corpus.items)
    lines = [f"items {n}  stories {len(corpus.stories)}"]
    kinds = Counter(i.kind for i in corpus.items)
    lines.append("by kind: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    langs = Counter(i.language for i in corpus.items)
    lines.append("by language: " + ", ".join(f"{k} {v}" for k, v in langs.most_common()))
    copies = Counter(corpus.copy_kind.values())
    lines.append(
        f"copies {len(corpus.copy_of)}: " + ", ".join(f"{k} {v}" for k, v in copies.most_common())
    )
    chatter = sum(1 for v in corpus.story.values() if v is None)
    lines.append(f"chatter {chatter} ({chatter / n:.1%})")
    sizes = Counter(v for v in corpus.story.values() if v is not None)
    bins = ((1, 1), (2, 2), (3, 3), (4, 5), (6, 10), (11, 30), (31, 100), (101, 300), (301, 10**9))
    hist = []
    for lo, hi in bins:
        count = sum(1 for s in sizes.values() if lo <= s <= hi)
        name = str(lo) if lo == hi else (f"{lo}-{hi}" if hi < 10**9 else f"{lo}+")
        hist.append(f"{name}: {count}")
    lines.append("story sizes: " + ", ".join(hist) + f"  (largest {max(sizes.values())})")
    events = Counter(s.event for s in corpus.stories.values())
    lines.append("events: " + ", ".join(f"{k} {v}" for k, v in events.most_common()))
    patterns = Counter(t for ts in corpus.tags.values() for t in ts)
    lines.append("patterns: " + ", ".join(f"{k} {v}" for k, v in sorted(patterns.items())))
    lines.append(f"short URLs {len(corpus.expansions)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    corpus = generate(args.items, args.seed)
    took = time.perf_counter() - began
    print(summary(corpus))
    print(f"generated in {took:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
