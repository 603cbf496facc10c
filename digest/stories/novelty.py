"""Novelty across days: a story an earlier post covered is a repeat, or a follow-up when it
brings new facts.

Each built post leaves a *fingerprint* of every story it covered in the archive: the item
keys, the links its items carry, the names its items use (with how many items use each), its
engagement. Today's story is judged against **all** the coverage of the look-back window
together, not against one earlier story:

- it *matches* every earlier story that shares an item or a specific link with it (a post
  under the address an earlier story's post had only if it uses ``SAME_POST`` of its names
  in that story: a site that reuses one address for unlike posts, which the build's clash
  guard keeps apart within a day, ties nothing across days), or whose *anchor names* it
  shares. A story's anchors are its names weighted by rarity (a name few
  other stories use, today's one by one and earlier posts' one per date: ``kanana``,
  ``garnet-4``, not ``openai``) and by how many of its items use them; bare numbers (``15``,
  ``2025``) and words capitalised only where a sentence starts (``Highlights:``, ``According
  to``, ``Try it``) weigh half. Two stories match when the names they share carry more than
  ``MATCH_SHARE`` of either one's anchor weight and include a distinctive one, or when they
  share two names no other story uses (``codestral`` and ``25.08``). A name in two words
  (``Mir Tech``) is one name. A product's name (with its version, ``garnet-4``; coined,
  ``NimbraCorpus``; or in several words quoted, ``'Nimbra Studio'``, or kept in Latin in a
  Korean post, ``가온전자가 Nimbra Studio의``), or any name that names
  a page one of the two links (``/blog/tern``), that few stories use is enough by itself,
  however many of today's stories use it (the engine may split a follow-up). A place of
  release (``GitHub``) and a test a score is measured on (``61.5 on GSM8K``, ``HumanEval
  41.4``, ``KMMLU 점수 59.0``) are no products, however they are written. Two stories
  that name different products and none in common (``Orrin N1`` and ``Brisk-2``,
  ``Dunlin N4`` and ``Ferrum N4``) do not match by names. So a follow-up that adds ten new
  names still matches through the product it keeps, and a Korean retelling matches through
  the Latin names and numbers it keeps;
- *what is new* is measured as new **facts**: names (numbers with units, versions, sizes,
  prices, product names) that the earlier stories it matched (all of them together) never
  used (a name in two words counting once), each in two of today's posts, carrying a digit
  or of hyphened words (a ``Llama-style`` licence), a place of release they never named
  (weights on ``Hugging Face``, ``허깅페이스``; code on ``GitHub`` or as open source), plus
  new links to release pages (a repository, a model card, a paper) no earlier story in the
  window linked. A benchmark score another story reported is still news for this one; a
  story that matches ``RECAP_STORIES`` earlier stories or more (a roundup) is judged against
  everything covered. A new link elsewhere (a press article retelling a covered story) is
  not news;
- a match is a **follow-up** with at least ``NEW_FACTS`` new facts (a figure counts once
  whatever its unit word: ``128k-token`` is ``128k``); otherwise a **repeat** and left out of
  the post. One post (its copies aside) that matches ``RECAP_STORIES`` covered stories or
  more about different products (stories naming a product in common count once) is a
  *recap*, a repeat whatever detail it adds to its entries; one post about a product none of
  the stories it matched named (its headline's first product, ``Garnet-5 beats Solar Pro
  2``) is new. More engagement is not news: a covered story that spreads is still a repeat
  (the *why* says so).

A follow-up carries an ``Earlier``: the date and the story it follows (the newest of those
that name its product: what readers were told last) and the new facts; the earlier post's
headline and sentences are added from its saved digest by ``recall``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from digest.models import Digest, Earlier, Story
from digest.stories.features import MAX_CHARS, extract_all, settle_names
from digest.stories.rank import rank_follow_ups, raw_engagement
from digest.stories.unionfind import UnionFind

TOP_NAMES = 10
MAX_FACTS = 60
MATCH_SHARE = 0.5
NEW_FACTS = 2
ENGAGEMENT_JUMP = 2.0
MODEL_STORIES = 3
ANCHOR_STORIES = 4
RECAP_STORIES = 3
# Today's post under an address an earlier story's post had is that post only if it uses this
# share of its names in that story (a site may reuse an address for an unlike post).
SAME_POST = 0.3


@dataclass(frozen=True)
class Fingerprint:
    """What a post said about one story, kept to recognise the story on later days.

    Attributes:
        date: the post's date.
        story: the story's id that day.
        title: the lead item's title or text (for people reading the archive).
        items: archive keys of the story's items and copies.
        links: canonical links its items mention (not their own permalinks).
        names: the names most of its items use, commonest first.
        engagement: the story's raw engagement total.
        permalinks: canonical keys of its items' own URLs.
        facts: every name its items use (up to ``MAX_FACTS``) → how many items use it.
        products: the products it names, each the words of its name (``dunlin n4``,
            ``nimbracorpus``, ``brisk-2``).
        venues: the places of release it names or links (``Hugging Face``, ``GitHub``).
        figures: the numbers it writes with thousands separators (``32,768``). Its names
            hold them whole too; an archive from before they did holds only the parts there.
        dates: the dates it names, read whole (``July 23``, ``2026-12-01``, ``12월 3일``),
            each as ``YYYY-MM-DD`` (a date without its year in the year it falls next).
    """

    date: str
    story: str
    title: str
    items: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    engagement: float = 0.0
    permalinks: tuple[str, ...] = ()
    facts: dict[str, int] = field(default_factory=dict)
    products: tuple[str, ...] = ()
    venues: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Plain data for the archive."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fingerprint:
        """Read one back from the archive (a fingerprint from before ``facts`` reads too)."""
        names = tuple(data.get("names", ()))
        facts = data.get("facts") or dict.fromkeys(names, 1)
        return cls(
            date=str(data["date"]),
            story=str(data["story"]),
            title=str(data.get("title", "")),
            items=tuple(data.get("items", ())),
            links=tuple(data.get("links", ())),
            names=names,
            engagement=float(data.get("engagement", 0.0)),
            permalinks=tuple(data.get("permalinks", ())),
            facts={str(k): int(v) for k, v in facts.items()},
            products=tuple(str(p) for p in data.get("products", ())),
            venues=tuple(str(v) for v in data.get("venues", ())),
            figures=tuple(str(v) for v in data.get("figures", ())),
            dates=tuple(str(v) for v in data.get("dates", ())),
        )


@dataclass
class _Summary:
    links: set[str] = field(default_factory=set)
    permalinks: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    keys: set[str] = field(default_factory=set)
    engagement: float = 0.0
    # Names written next to each other as one name ("Mir Tech", "Dunlin N4").
    joined: dict[str, str] = field(default_factory=dict)
    # Names coined with a capital inside them ("NimbraCorpus"): a product's, like "garnet-4".
    coined: set[str] = field(default_factory=set)
    # The places of release it names or links (``_VENUES``).
    venues: set[str] = field(default_factory=set)
    # Words capitalised only where a sentence starts: weak evidence of a name.
    weak: set[str] = field(default_factory=set)
    # Each of its items' own addresses → the names the items under it use.
    under: dict[str, set[str]] = field(default_factory=dict)
    # Its items' texts, as read (``MAX_CHARS`` each).
    texts: list[str] = field(default_factory=list)
    # Whether its lead item is a roundup (``Features.roundup``).
    roundup: bool = False
    # The dates it names (``_dates``) and which of them are still to come on its day.
    dates: set[str] = field(default_factory=set)
    future: set[str] = field(default_factory=set)
    # Names that are parts of a date or of a number with a scale word (``july``, ``23``, the
    # ``900`` of ``900만``): the whole is the fact, not the part.
    parts: set[str] = field(default_factory=set)

    @cached_property
    def quoted(self) -> set[frozenset[str]]:
        """Names in quotes ("'Nimbra Studio'"), each the words of its name: a product's, as a
        coined name is."""
        return _quoted(self.texts, self.counts)

    @cached_property
    def units(self) -> set[frozenset[str]]:
        """The products it names (``_units``), found once for every rule that asks."""
        return _units(self)

    @cached_property
    def scored(self) -> set[str]:
        """Names written where a score's test stands ("61.5 on GSM8K", "KMMLU 점수 59.0"): a
        benchmark, which many products report on, not a product. Found when asked for: few
        stories share a name that could be either with an earlier one."""
        return _scored(self.texts, self.counts)


# Capitalised words with one space between them: one name in several words ("Mir Tech");
# a word with a capital inside it is a coined name (``NimbraCorpus``, ``DeltaKV``).
_CAPITALS = re.compile(r"(?<![A-Za-z0-9-])[A-Z][A-Za-z0-9]*(?: [A-Z][A-Za-z0-9]*)+(?![A-Za-z0-9-])")
_COINED = re.compile(r"(?<![A-Za-z0-9-])[A-Z][a-z]+[A-Z][A-Za-z]*(?![A-Za-z0-9-])")


def _written(
    texts: Sequence[str], counts: Counter[str], max_chars: int = 2000
) -> tuple[dict[str, str], set[str]]:
    """How names are written: those written as one name in two words (each word → the first
    word of its name), and the coined ones."""
    joined: dict[str, str] = {}
    coined: set[str] = set()
    for text in texts:
        text = text[:max_chars]
        coined.update(w for w in map(str.lower, _COINED.findall(text)) if w in counts)
        for run in _CAPITALS.finditer(text):
            words = run.group().split(" ")
            # The first word may be capitalised only because it starts a sentence.
            first = 1 if _starts_sentence(text, run.start()) else 0
            for a, b in zip(words[first:], words[first + 1 :], strict=False):
                one, two = a.lower(), b.lower()
                if (
                    a.isalpha()
                    and len(a) > 1
                    and len(b) > 1
                    and one != two
                    and one in counts
                    and two in counts
                ):
                    head = joined.get(one, one)
                    joined.setdefault(one, head)
                    joined.setdefault(two, head)
    return joined, coined


# A Latin name in quotes: Korean press quotes a product's name ("앱 'Nimbra Studio'을 공개").
_QUOTED = re.compile(r"['‘\"“]([A-Z][A-Za-z0-9.-]*(?: [A-Z0-9][A-Za-z0-9.-]*){0,3})['’\"”]")
# A score and the test it was measured on: "61.5 on GSM8K", "80.8% on HAE-RAE", "KMMLU 점수
# 59.0", "a HAE-RAE score of 80.8%", "KoBEST 55.2점", "HumanEval 41.4". (A name and a small
# figure, "Llama 3.1", is as often a version; so is a name and a year with its month,
# "Codestral 25.08".) Found from the scores, which are few.
_SCORES = re.compile(r"(?<![\d.])(?:\d+\.\d+%?|\d+(?:%|점))")
_TEST = r"[A-Z][A-Za-z0-9-]*(?: [A-Z][A-Za-z0-9-]*)*"
_TEST_AFTER = re.compile(rf" (?:on|in) (?:the )?({_TEST})")
_TEST_BEFORE = re.compile(rf"(?<![A-Za-z0-9-])({_TEST}) (score (?:of )?|점수 )?$")
# A plain figure after a name that is a version of it: a year and its month ("Mistral Large
# 24.11").
_CALENDAR = re.compile(r"\d{2}\.(?:0[1-9]|1[0-2])")
# A figure that compares a product with another ("Garnet-5 40% faster than Garnet-4",
# "Garnet-5 30% 저렴"): the name before it is the product, not a test.
_COMPARED = re.compile(
    r"\s*(?:faster|cheaper|slower|better|worse|higher|lower|more|less|fewer|smaller|larger"
    r"|bigger|lighter|quicker|off|discount|improvement|increase|reduction|gain|boost|lift"
    r"|저렴|빠르|빨라|빠른|향상|개선|더|높|낮|감소|증가|절감|할인|줄|적은|싸)",
    re.IGNORECASE,
)


def _quoted(texts: Sequence[str], counts: Counter[str]) -> set[frozenset[str]]:
    """The names ``texts`` write in quotes, each the words of its name (all of them names),
    and those a Korean text keeps in Latin in several words (``가온전자가 Nimbra Studio의``)."""
    out: set[frozenset[str]] = set()
    for text in texts:
        found = [m.group(1) for m in _QUOTED.finditer(text)]
        if _HANGUL.search(text):
            found += [m.group() for m in _KEPT_LATIN.finditer(text)]
        for name in found:
            words = frozenset(w.lower() for w in name.split(" "))
            if all(w in counts for w in words) and not words & _MAKER_WORDS:
                out.add(words)
    return out


# Words that make a name in several words a maker's, not a product's ("Google DeepMind", "Meta
# AI", "Halden Labs"): a Korean post keeps a company's name in Latin as often as a product's,
# and a maker ties all its stories, not one.
_MAKER_WORDS = frozenset(
    {"ai", "labs", "lab", "research", "inc", "corp", "corporation", "systems", "technologies",
     "tech", "group", "electronics", "deepmind", "brain", "foundation", "institute"}
)  # fmt: skip


# Korean press writes a maker in Hangul (``가온전자``, its Latin name at most in brackets after
# it: ``가온전자(Gaon Electronics)``) and keeps a product's name in Latin: a Latin name in several
# words there is a product's, as a quoted one is.
_HANGUL = re.compile(r"[가-힣]")
_KEPT_LATIN = re.compile(
    r"(?<![A-Za-z0-9.(‘'\"“-])[A-Z][A-Za-z0-9.-]*(?: [A-Z][A-Za-z0-9.-]*){1,3}"
    r"(?![A-Za-z0-9.)’'\"”-])"
)


def _scored(texts: Sequence[str], counts: Counter[str]) -> set[str]:
    """The names ``texts`` write as the test a score was measured on. A name with a version
    digit written before a figure is a test only where a figure after it compares nothing
    (``GSM8K 61.5%``): before figures that compare (``Garnet-5 40% faster``, in every post of
    a story) it is the product compared."""
    out: set[str] = set()
    for text in texts:
        for score in _SCORES.finditer(text):
            written = score.group()
            after = _TEST_AFTER.match(text, score.end(), score.end() + 60)
            if after and written[-1] != "점":
                _add_test(out, after.group(1), 0, counts)
            before = _TEST_BEFORE.search(text[max(0, score.start() - 60) : score.start()])
            # "KoBEST 55.2점", "GSM8K 61.5%", "HumanEval 41.4", "KMMLU 점수 59.0"; not
            # "Llama 3.1", "Codestral 25.08".
            if before is None:
                continue
            plain = not before.group(2)
            decimal = re.fullmatch(r"\d{2,3}\.\d+", written) and not _CALENDAR.fullmatch(written)
            if plain and not (written[-1] in "%점" or decimal):
                continue
            near = before.group(1).rsplit(" ", 1)[-1].lower()
            _add_test(out, before.group(1), -1, counts, near=not _has_digit(near))
            if _has_digit(near) and near in counts and not _COMPARED.match(text, score.end()):
                out.add(near)
    return out


def _add_test(out: set[str], test: str, at: int, counts: Counter[str], near: bool = True) -> None:
    """Add the test's own name: the word next to the score (at ``at``: ``GSM8K``; without
    ``near``, left to the caller), with the words of its name around it that carry no digit
    (``SWE-bench Verified``, not the product before it in "Brisk-2 KMMLU 63.6점")."""
    words = test.lower().split(" ")
    at %= len(words)
    out.update(
        w for i, w in enumerate(words) if w in counts and ((near and i == at) or not _has_digit(w))
    )


def _starts_sentence(text: str, at: int) -> bool:
    """Whether the word at ``at`` starts a sentence (capitalised for that: "Introducing X")."""
    at -= 1
    while at >= 0 and text[at] in " \t":
        at -= 1
    return at < 0 or text[at] in ".!?:\n"


def _summarise(story: Story, taken: Collection[str] = ()) -> _Summary:
    """What ``story``'s items say; the items whose keys are in ``taken`` have no address of
    their own (``Story.unaddressed``)."""
    items = story.all_items()
    raw = extract_all(items)
    feats = settle_names(raw)
    counts: Counter[str] = Counter()
    links: set[str] = set()
    permalinks: set[str] = set()
    under: dict[str, set[str]] = {}
    for item, f in zip(items, feats, strict=True):
        counts.update(set(f.names))
        links.update(link for link in f.links if link != f.permalink)
        if f.permalink and item.key not in taken:
            permalinks.add(f.permalink)
            under.setdefault(f.permalink, set()).update(f.names)
    texts = [f"{i.title}\n{i.text}"[:MAX_CHARS] for i in items]
    day = max(i.published for i in items).date()
    dates, future, parts = _dates(texts, day)
    scaled = _scaled(texts, parts)
    if scaled:
        counts.update(scaled)
    names = [n for n, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    joined, coined = _written(texts, counts)
    # Words its items capitalise only where a sentence starts ("Highlights: …", "According
    # to …", "Try it today."), never inside one, and not as part of a longer name.
    strong = {n for f in raw for n in f.names}
    weak = {n for f in raw for n in f.maybe_names if n.isalpha() and n not in strong}
    weak -= joined.keys()
    text = "\n".join(texts)
    return _Summary(
        dates=dates,
        future=future,
        parts=parts,
        texts=texts,
        roundup=raw[0].roundup,
        venues=_named_venues(text, links | permalinks),
        under=under,
        weak=weak,
        joined=joined,
        coined=coined,
        links=links,
        permalinks=permalinks,
        names=names,
        counts=counts,
        keys={i.key for i in items},
        engagement=sum(raw_engagement(i) for i in items),
    )


# Dates read whole: "July 23", "Jul. 23, 2026", "3 March", "2026-12-01", "12월 3일",
# "2026년 12월 3일". Its parts alone (a bare 23, a month's name) are no facts.
_MONTH_NAMES = (
    "January|Jan|February|Feb|March|Mar|April|Apr|May|June|Jun|July|Jul|August|Aug"
    "|September|Sept|Sep|October|Oct|November|Nov|December|Dec"
)
_MONTHS = {
    name.lower(): n
    for n, names in enumerate(
        ("January Jan", "February Feb", "March Mar", "April Apr", "May", "June Jun",
         "July Jul", "August Aug", "September Sept Sep", "October Oct", "November Nov",
         "December Dec"),
        start=1,
    )
    for name in names.split()
}  # fmt: skip
_DATE = re.compile(
    rf"(?<![A-Za-z])(?P<m1>{_MONTH_NAMES})\.? (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
    rf"(?:,? (?P<y1>\d{{4}})(?!\d))?"
    rf"|(?<![\d.])(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH_NAMES})(?![A-Za-z])(?:,? (?P<y2>\d{{4}})(?!\d))?"
    r"|(?<![\d-])(?P<y3>\d{4})-(?P<m3>\d\d)-(?P<d3>\d\d)(?![\d-])"
    r"|(?:(?P<y4>\d{4})년\s?)?(?P<m4>\d{1,2})월\s?(?P<d4>\d{1,2})일"
)
# Where a text may name a date: a month's name, an ISO date's dashes, 월 (a cheap test that
# spares most texts the full pattern).
_DATE_HINT = re.compile(rf"(?<![A-Za-z])(?:{_MONTH_NAMES})(?![a-z]{{3}})|\d-\d\d-|월")


def _dates(texts: Sequence[str], day: date) -> tuple[set[str], set[str], set[str]]:
    """The dates ``texts`` name (``YYYY-MM-DD``; one without its year in the year that puts it
    within half a year of ``day``, the day the story was told), those after ``day``, and the
    names that are their parts (``july``, ``23``, ``2026-12-01``)."""
    dates: set[str] = set()
    future: set[str] = set()
    parts: set[str] = set()
    for text in texts:
        if _DATE_HINT.search(text) is None:
            continue
        for found in _DATE.finditer(text):
            g = found.groupdict()
            month_name = g["m1"] or g["m2"]
            month = _MONTHS[month_name.lower()] if month_name else int(g["m3"] or g["m4"])
            number = int(g["d1"] or g["d2"] or g["d3"] or g["d4"])
            year_written = g["y1"] or g["y2"] or g["y3"] or g["y4"]
            try:
                when = date(int(year_written) if year_written else day.year, month, number)
                if not year_written and when < day - timedelta(days=183):
                    when = when.replace(year=day.year + 1)
            except ValueError:  # "February 30", "13월 1일": no date
                continue
            dates.add(when.isoformat())
            if when > day:
                future.add(when.isoformat())
            written = found.group().lower()
            parts.update(w for w in re.split(r"[\s,.년월일]+", written) if w)
            parts.add(str(number))
            if month_name:
                parts.add(month_name.lower())
    return dates, future, parts


# A number with a scale word: "9 million", "1.2 billion", "900만" (9M), "1.2억" (120M),
# "15조" (15T). Korean counts in ten-thousands: the figure is the number times its scale.
_SCALED = re.compile(
    r"(?<![\d.,])(\d+(?:\.\d+)?)"
    r"(?: (thousand|million|billion|trillion)(?![a-z])| ?(만|억|조))"
)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "만": 1e4,
           "억": 1e8, "조": 1e12}  # fmt: skip
_SCALE_HINT = re.compile(r"illion|thousand|\d\s?[만억조]")


def _scaled(texts: Sequence[str], parts: set[str]) -> Counter[str]:
    """The numbers ``texts`` write with a scale word, as figures (``900만`` and ``9 million``
    are both ``9m``), each counted once an item; their numbers alone go into ``parts``."""
    out: Counter[str] = Counter()
    for text in texts:
        if _SCALE_HINT.search(text) is None:
            continue
        found: set[str] = set()
        for match in _SCALED.finditer(text):
            number, word, korean = match.groups()
            value = float(number) * _SCALES[word or korean]
            found.add(_compact(value))
            parts.add(number)
        out.update(found)
    return out


def _compact(value: float) -> str:
    """A figure in its shortest writing with a unit letter: 9e6 is ``9m``, 1.2e8 ``120m``."""
    for unit, size in (("t", 1e12), ("b", 1e9), ("m", 1e6), ("k", 1e3)):
        if value >= size:
            return f"{value / size:.3f}".rstrip("0").rstrip(".") + unit
    return f"{value:.3f}".rstrip("0").rstrip(".")


# Where code, weights and papers are released: a story that says its weights are on Hugging Face
# ("허깅페이스 가중치 공개") or its code on GitHub states a fact, as a link to them would.
# Each: how it is written (lower-cased), where its pages are.
_VENUES = {
    "Hugging Face": (("huggingface", "hugging face", "허깅페이스", "허깅 페이스"),
                     ("https://huggingface.co/",)),
    "GitHub": (("github", "깃허브", "깃헙"), ("https://github.com/",)),
    "arXiv": (("arxiv",), ("https://arxiv.org/",)),
    # Code released without naming where ("an open-source reference implementation").
    "open source": (("open-source", "open source", "오픈소스", "오픈 소스", "source code",
                     "소스 코드"), ()),
}  # fmt: skip


# A venue's name written as names: ``hugging``, ``face`` and ``github`` are the venue, counted
# once.
_VENUES_SPELT = {"hugging": "Hugging Face", "face": "Hugging Face", "huggingface": "Hugging Face",
                 "github": "GitHub", "arxiv": "arXiv"}  # fmt: skip


def _named_venues(text: str, links: Iterable[str]) -> set[str]:
    """The places of release ``text`` names or ``links`` point into."""
    text = text.lower()
    found = {v for v, (written, _) in _VENUES.items() if any(w in text for w in written)}
    for link in links:
        found.update(v for v, (_, hosts) in _VENUES.items() if link.startswith(hosts))
    return found


def _spelt(p: Fingerprint) -> str:
    """An earlier story's names as text (``hugging`` and ``face`` next to each other)."""
    names = p.facts or dict.fromkeys(p.names, 1)
    return " ".join(names) + (" hugging face" if "hugging" in names and "face" in names else "")


def fingerprint(story: Story, date: str) -> Fingerprint:
    """The fingerprint a post leaves of a story it covered; its items whose address the build
    took away (``Story.unaddressed``) leave no address of their own."""
    summary = _summarise(story, story.unaddressed)
    lead = story.lead
    return Fingerprint(
        date=date,
        story=story.id,
        title=" ".join((lead.title or lead.text).split())[:120],
        items=tuple(sorted(summary.keys)),
        links=tuple(sorted(summary.links))[:100],
        names=tuple(summary.names[:TOP_NAMES]),
        engagement=summary.engagement,
        permalinks=tuple(sorted(summary.permalinks))[:100],
        facts={n: summary.counts[n] for n in summary.names[:MAX_FACTS]},
        products=tuple(sorted(" ".join(sorted(u)) for u in summary.units))[:20],
        venues=tuple(sorted(summary.venues)),
        figures=tuple(sorted(n for n in summary.names if "," in n))[:20],
        dates=tuple(sorted(summary.dates))[:20],
    )


# Links to posts on social sites: a quote or a reply links to a new one every day.
_SOCIAL_POSTS = (
    "https://x.com/i/status/", "https://reddit.com/comments/", "https://discord.com/channels/",
    "https://t.me/", "https://news.ycombinator.com/item",
)  # fmt: skip
# Links that are a release in themselves: code, weights, a paper.
_RELEASES = (
    "https://github.com/", "https://huggingface.co/", "https://arxiv.org/abs/",
    "https://arxiv.org/pdf/", "https://pypi.org/project/", "https://www.npmjs.com/package/",
)  # fmt: skip


def _bare(name: str) -> bool:
    """A plain number (``15``, ``2025``): the day of a month as often as a figure."""
    return name.isdigit()


def _product(name: str) -> bool:
    """A product or model name with its version (``garnet-4``, ``gpt-4o``, ``n7``)."""
    return name[0].isalpha() and _has_digit(name)


def _model(name: str) -> bool:
    """A product name with its version (``garnet-4``, ``n7``), not a version alone (``v1.4``)."""
    return _product(name) and not (name[0] == "v" and name[1:2].isdigit())


def _one(name: str) -> str:
    """A model's plural is the model: ``h100s`` is ``h100``."""
    return name[:-1] if name.endswith("s") and name[-2:-1].isdigit() else name


def _units(summary: _Summary) -> set[frozenset[str]]:
    """The products a story names, each the words of its name: a model (``brisk-2``), a
    coined name (``nimbracorpus``), with the words written next to it (``dunlin n4``)."""
    groups: dict[str, set[str]] = {}
    for name, head in summary.joined.items():
        groups.setdefault(head, set()).add(name)
    return {
        frozenset(_one(w) for w in groups.get(summary.joined.get(n, ""), {n}))
        for n in summary.counts
        if (_model(n) or n in summary.coined) and not _not_product(n, summary)
    } | {u for u in summary.quoted if not u & summary.scored and not u & _VENUES_SPELT.keys()}


def _not_product(name: str, summary: _Summary) -> bool:
    """A name written like a product's that is a place of release (``GitHub``) or a test a
    score was measured on (``GSM8K``, ``HumanEval``)."""
    return name in _VENUES_SPELT or name in summary.scored


def _differ(
    mine: Sequence[frozenset[str]],
    names_mine: set[str],
    doc: _Doc,
    theirs: Sequence[frozenset[str]],
    df: Counter[str],
) -> bool:
    """Whether today's story (its products ``mine``, its names ``names_mine``) and an earlier
    one (``doc``, its products ``theirs``) name different products and none in common:
    ``Orrin N1`` and ``Brisk-2`` of one company, or ``Dunlin N4`` and ``Ferrum N4``, are two
    stories, however many other names they share.

    Only products few stories name count (``h100`` trains half the papers)."""
    other = [u for u in theirs if min(df[w] for w in u) <= MODEL_STORIES]
    if not mine or not other:
        return False
    names_theirs = {_one(n) for n in doc.centrality}
    return not any(u <= names_theirs for u in mine) and not any(u <= names_mine for u in other)


def _core(name: str, sized: bool = True) -> str:
    """A figure as the fact it states, whatever its writing: ``128k-token``, ``128K`` and
    ``131,072`` (read whole, ``131072``: 128 × 1024), ``1,500`` and ``1.5K``, ``73.3%`` and
    ``73.3``, ``v2.3`` and ``2.3``, ``$2.5/M`` and ``2.50``, ``15T`` tokens and ``15조``
    (``15``) are one fact each.
    A size keeps its unit (``sized``): ``70b`` parameters are not the ``70%`` of a score."""
    name = name.removesuffix("%")
    head, dash, tail = name.partition("-")
    if dash and _has_digit(head) and tail.isalpha():
        name = head
    name = name.partition("/")[0] or name
    if name[:1] == "v" and name[1:2].isdigit():
        name = name[1:]
    # Thousands are read as thousands only where the text says so, by its separators
    # ("131,072") or a unit ("128K"): a run of four digits is as often a year or a count
    # ("2024", "1500 stars") as a size.
    separated = "," in name and _SEPARATED.fullmatch(name) is not None
    if separated:
        name = name.replace(",", "")
    figure = _FIGURE.fullmatch(name)
    if figure is None:
        return name
    number, unit = figure.groups()
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    elif separated and not unit:
        value = int(number)
        if value % 1024 == 0:
            number, unit = str(value // 1024), "k"  # 131,072 tokens is a 128K context
        elif value % 100 == 0:
            # 2,000 is 2K, not the 2 of "Garnet 2"; 1,500 is 1.5K.
            thousands, rest = divmod(value, 1000)
            number, unit = f"{thousands}.{rest:03d}".rstrip("0").rstrip("."), "k"
    size = unit if sized and unit in _SIZES else ""  # 70b parameters and 70% are two facts
    return number + size


def _cores(names: Iterable[str]) -> set[str]:
    """The facts ``names`` state (``_core``), a size also without its unit: a retelling that
    writes "5 GB" for yesterday's "5GB" states no new figure."""
    out: set[str] = set()
    for name in names:
        out.add(_core(name))
        out.add(_core(name, sized=False))
    return out


# Units of size a figure keeps: a model's parameters, a file's bytes and a context's thousands
# of tokens are not its score.
_SIZES = frozenset({"b", "gb", "mb", "tb", "k"})
# A number with a unit letter or two (``15t``, ``7gb``, ``150w``, ``128k``).
_FIGURE = re.compile(r"(\d+(?:\.\d+)?)([a-z]{0,2})")
_LONE_FIGURE = re.compile(r"\d+(?:[.,]\d+)*[a-z%]{0,2}")
# A number written with thousands separators, whole ("131,072"), perhaps with a unit.
_SEPARATED = re.compile(r"\d{1,3}(?:,\d{3})+[a-z]{0,2}")


def _figure(name: str) -> bool:
    """Whether a name is a figure ("150w", "58.3", "32k", "2,048"), not a name that starts
    with a digit ("42dot", "01.ai", "3dgs")."""
    return _LONE_FIGURE.fullmatch(name) is not None


def _separated(figure: str) -> str:
    """A fingerprint's figure as written with its separators: an archive from before they were
    kept holds ``32768`` for ``32,768``."""
    return f"{int(figure):,}" if figure.isdigit() else figure


def _has_digit(name: str) -> bool:
    return any(c.isdigit() for c in name)


@dataclass(frozen=True)
class _Doc:
    """One story's names as the matcher weighs them: name → how central it is (0–1]."""

    centrality: dict[str, float]

    @classmethod
    def of(cls, counts: dict[str, int] | Counter[str]) -> _Doc:
        top = max(counts.values(), default=1)
        return cls({n: c / top for n, c in counts.items()})


def _paths(links: Iterable[str]) -> str:
    """The paths of links, lower-cased, one string: where a page is named after a product."""
    return " ".join(link.split("/", 3)[-1].lower() for link in links if link.count("/") >= 3)


def _names_page(name: str, paths: Sequence[str]) -> bool:
    """Whether ``name`` is a word of one of the link ``paths`` (``brisk-2`` of
    ``/2024/07/03/brisk-2-174``; ``n3`` is not a word of ``/newsroom/938``)."""
    word = None
    for text in paths:
        if name in text:
            word = word or re.compile(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])")
            if word.search(text):
                return True
    return False


def _share(
    a: _Doc,
    b: _Doc,
    df: Counter[str],
    today: _Summary,
    paths: Sequence[str] = (),
    units: Sequence[frozenset[str]] = (),
) -> tuple[float, float, float]:
    """How much of ``a``'s and of ``b``'s anchor weight the shared names carry; their rarity.

    A name's rarity is 1 / (1 + the number of *other* stories that use it); bare numbers
    weigh half. ``today`` (``a``'s summary) says which of its names are one name in two
    words and which are coined; ``units`` are ``b``'s products, each the words of its name.
    """
    shared = a.centrality.keys() & b.centrality.keys()
    if not shared:
        return 0.0, 0.0, 0.0

    weak = today.weak

    def rarity(name: str, both: bool) -> float:
        others = df[name] - (2 if both else 1)
        return (0.5 if _bare(name) or name in weak else 1.0) / (1 + max(others, 0))

    def part(doc: _Doc) -> float:
        total = got = 0.0
        for name, central in doc.centrality.items():
            both = name in shared
            if name.isdigit() or name in weak:  # a bare number, a sentence's first word
                central /= 2.0
            others = df[name] - 1 - both  # the other stories that use it
            weight = central / (1 + others) if others > 0 else central
            total += weight
            if both:
                got += weight
        return got / total if total else 0.0

    joined = today.joined
    coined = today.coined
    groups: dict[str, set[str]] = {}
    for name, head in joined.items():
        groups.setdefault(head, set()).add(name)
    # A name in two words ("Mir Tech") is one name: its words count once, at the rarer's
    # weight; a part of one ("N4" of "Dunlin N4" against "Ferrum N4", in either story's
    # writing) counts half. A product's name few stories use ("garnet-4", "NimbraCorpus", or
    # in several words that either story quotes or the earlier one named as a product:
    # "Nimbra Studio"), or a name of a page one of the two links (``paths``: ``/blog/tern``),
    # is an anchor by itself, however many of today's stories (often one the engine split)
    # use it. A place of release ("GitHub") or a test scores are measured on ("GSM8K") is no
    # product.
    mine_words = {_one(n) for n in a.centrality} if units else set()
    # (A name in several words needs two shared names.)
    several_words: set[frozenset[str]] = set()
    if len(shared) > 1:
        several_words = {*today.quoted, *(u for u in units if len(u) > 1)}
    plurals = {_one(n) for n in shared if n[-1] == "s"} - shared
    shared_one = shared | plurals if plurals else shared
    weights: dict[str, float] = {}
    figures = 0.0
    for n in shared:
        if _bare(n):
            continue
        head = joined.get(n, n)
        group = groups.get(head, {n})
        # A name in several words quoted as one (today's writing may not join its words).
        unit = (
            next((u for u in several_words if _one(n) in u and u <= shared_one), None)
            if several_words
            else None
        )
        if unit is not None:
            group, head = set(unit), min(unit)
        whole = group <= shared_one and not any(
            _one(n) in u and len(u) > 1 and not u <= mine_words for u in units
        )
        # A test scores are measured on is no anchor, even where a page is named after it.
        named = _names_page(n, paths) and n not in today.scored
        product = (_model(n) or n in coined or unit is not None) and not _not_product(n, today)
        rarest = min(max(df[w], df[_one(w)]) for w in group)
        if (product or named) and rarest <= ANCHOR_STORIES and whole:
            weight = 2.0
        else:
            weight = rarity(n, True) * (2 if _product(n) and named else 1) * (1 if whole else 0.5)
        if head == n and len(group) == 1 and _figure(n):
            figures += weight  # a figure on its own: a head of a name is a word
        weights[head] = max(weights.get(head, 0.0), weight)
    # A figure ("150W", "58.3", "32k") ties stories only beside a name they share: alone, it
    # is a figure many products of a kind share (a 150W chip, version 1.7).
    distinct = sum(weights.values())
    return part(a), part(b), distinct if distinct > figures else 0.0


@dataclass
class _Index:
    """The look-back window's coverage, indexed for matching today's stories against it."""

    past: list[Fingerprint]
    docs: list[_Doc]
    df: Counter[str]
    by_name: dict[str, list[int]]
    by_item: dict[str, list[int]]
    by_link: dict[str, list[int]]
    covered_names: set[str]
    covered_cores: set[str]
    covered_links: set[str]
    covered_dates: set[str]
    paths: list[str]
    units: list[list[frozenset[str]]]
    venues: list[set[str]]

    @classmethod
    def of(cls, today_docs: Sequence[_Doc], history: Sequence[Fingerprint]) -> _Index:
        past = sorted(history, key=lambda f: f.date, reverse=True)
        docs = [_Doc.of(p.facts or dict.fromkeys(p.names, 1)) for p in past]
        # How many other stories use a name: today's stories one by one, earlier posts one per
        # date (a story an earlier post told in two parts is still one story).
        # A model's plural counts as the model too: ``h100`` counts the stories that write
        # ``h100s``.
        df: Counter[str] = Counter()
        for doc in today_docs:
            plural = {n[:-1] for n in doc.centrality if n[-1:] == "s" and n[-2:-1].isdigit()}
            df.update(plural | doc.centrality.keys() if plural else doc.centrality.keys())
        by_date: dict[str, set[str]] = {}
        for p, doc in zip(past, docs, strict=True):
            by_date.setdefault(p.date, set()).update(doc.centrality, map(_one, doc.centrality))
        for names in by_date.values():
            df.update(names)
        by_name: dict[str, list[int]] = {}
        for index, doc in enumerate(docs):
            for name in doc.centrality:
                by_name.setdefault(name, []).append(index)
        covered_names: set[str] = set()
        covered_links: set[str] = set()
        # Earlier stories by the items and links they hold: a story meets those it shares one
        # with.
        by_item: dict[str, list[int]] = {}
        by_link: dict[str, list[int]] = {}
        for index, p in enumerate(past):
            covered_names.update(p.facts or p.names)
            covered_links.update(p.links)
            covered_links.update(p.permalinks)
            for key in p.items:
                by_item.setdefault(key, []).append(index)
            for link in {*p.links, *p.permalinks}:
                by_link.setdefault(link, []).append(index)
        return cls(
            past=past,
            docs=docs,
            df=df,
            by_name=by_name,
            by_item=by_item,
            by_link=by_link,
            covered_names=covered_names,
            covered_cores=_cores(
                [*covered_names, *(_separated(f) for p in past for f in p.figures)]
            ),
            covered_links=covered_links,
            covered_dates={d for p in past for d in p.dates},
            paths=[_paths([*p.links, *p.permalinks]) for p in past],
            # An archive from before ``products``: the models its names hold.
            units=[
                [frozenset(u.split()) for u in p.products if u not in _VENUES_SPELT]
                or [frozenset({_one(n)}) for n in p.facts or p.names if _model(n)]
                for p in past
            ],
            # An archive from before ``venues``: the ones its names and links hold.
            venues=[
                {*p.venues, *_named_venues(_spelt(p), [*p.links, *p.permalinks])} for p in past
            ],
        )

    def share(
        self, today: _Summary, doc: _Doc, index: int, paths: str | None = None
    ) -> tuple[float, float, float]:
        """``_share`` of today's story (the paths of its links: ``paths``) and the earlier
        story ``past[index]``."""
        if paths is None:
            paths = _paths(today.links | today.permalinks)
        return _share(
            doc, self.docs[index], self.df, today, (paths, self.paths[index]), self.units[index]
        )

    def _one_post(self, address: str, names: set[str], index: int) -> bool:
        """Whether today's posts under ``address`` (naming ``names``) can be the post the earlier
        story ``past[index]`` had under it: a site that reuses an address (the build's clash
        guard, across days) puts unlike posts under one, and those share few names."""
        if address not in self.past[index].permalinks:
            return True  # the earlier story linked the page: today's post is that page
        theirs = self.docs[index].centrality
        if not names or not theirs:
            return True
        return len(names & theirs.keys()) >= SAME_POST * len(names)

    def matches(self, today: _Summary, doc: _Doc) -> list[tuple[float, int]]:
        """The earlier stories ``today`` matches: (closeness, index into ``past``)."""
        matches: list[tuple[float, int]] = []
        # A figure alone ties no stories (``_share``): candidates share a name that is none.
        candidates = {i for n in doc.centrality if not _figure(n) for i in self.by_name.get(n, ())}
        linked = {i for k in today.keys for i in self.by_item.get(k, ())}
        linked.update(i for k in today.links for i in self.by_link.get(k, ()))
        for address, names in today.under.items():
            linked.update(
                i for i in self.by_link.get(address, ()) if self._one_post(address, names, i)
            )
        matches += [(2.0, index) for index in sorted(linked)]
        candidates -= linked
        if not candidates:
            return matches
        paths = _paths(today.links | today.permalinks)
        products: list[frozenset[str]] | None = None
        names_mine: set[str] = set()
        for index in sorted(candidates):
            mine, theirs, distinct = self.share(today, doc, index, paths)
            if not ((max(mine, theirs) > MATCH_SHARE and distinct >= 1.0) or distinct >= 2.0):
                continue
            if products is None:
                # Today's products few stories name, its names (a model's plural as the model).
                # A name in several words is as rare as its rarest word: ``Yarrow N9`` is
                # another chip than ``Tern N1`` however many stories name an ``N9``.
                products = [
                    u
                    for u in today.units
                    if all(self.df[w] <= MODEL_STORIES for w in u if _model(w) or w in today.coined)
                    or (len(u) > 1 and min(self.df[w] for w in u) <= MODEL_STORIES)
                ]
                names_mine = {_one(n) for n in today.counts}
            if not _differ(products, names_mine, self.docs[index], self.units[index], self.df):
                matches.append((max(mine, theirs), index))
        return matches

    def recap(self, today: _Summary, matched: set[int]) -> bool:
        """Whether ``today`` goes over ``RECAP_STORIES`` or more of the covered stories it
        ``matched`` (those that name a product in common, parts of one story an earlier post
        told apart, count once), naming at most ``topics - 2`` products of its own that none
        of them named: a roundup of three with one entry no post told is still a recap, one
        post about two new products that mentions three covered ones is not. (A single post
        that compares one new model with three covered ones is a recap by this rule; the new
        model's own posts are a story of their own.)"""
        same = UnionFind(len(self.past))
        by_product: dict[frozenset[str], int] = {}
        for i in sorted(matched):
            for unit in self.units[i]:
                # Only a product few stories name makes two covered stories one topic: a
                # model many compare themselves with (``gpt-4o``) would make one of all.
                if all(self.df[w] <= MODEL_STORIES for w in unit):
                    same.union(i, by_product.setdefault(unit, i))
        topics = len({same.find(i) for i in matched})
        if topics < RECAP_STORIES:
            return False
        mine = [u for u in today.units if all(self.df[w] <= MODEL_STORIES for w in u)]
        if len(mine) < topics - 1:
            return True
        names = {_one(n) for i in matched for n in self.docs[i].centrality}
        untold = sum(not u <= names for u in mine)
        # A roundup (links on many lines, a newsletter's issue) is a recap when the covered
        # stories it goes over outnumber the products no post told: its new entries are news
        # of their own, told apart by the engine on other days, not this post's.
        return untold < topics if today.roundup else untold < topics - 1

    def compared(self, matches: Iterable[tuple[float, int]]) -> set[int] | None:
        """The earlier stories a story's new facts are judged against, given its ``matches``:
        what is new about a story is what the stories it follows never said; a roundup of
        ``RECAP_STORIES`` covered stories or more (a recap) is judged against everything
        covered (``None``)."""
        matched = {i for _, i in matches}
        return None if len({self.past[i].story for i in matched}) >= RECAP_STORIES else matched

    def new_facts(self, today: _Summary, matched: Collection[int] | None = None) -> list[str]:
        """Today's names that the earlier stories it matched (all of them together; without
        ``matched``, every earlier story) never used, as facts (``_core``: each counted once):
        each in two items, carrying a digit or of hyphened words; and the places of release
        they never named."""
        if matched is None:
            names, cores = self.covered_names, self.covered_cores
            matched = range(len(self.past))
            dates = self.covered_dates
        else:
            names = {n for i in matched for n in self.docs[i].centrality}
            cores = _cores(
                [*names, *(_separated(f) for i in matched for f in self.past[i].figures)]
            )
            dates = {d for i in matched for d in self.past[i].dates}
        venues = today.venues - {v for i in matched for v in self.venues[i]}
        # A new release link into a venue is counted as a release (``mark_novelty``): the venue
        # is not counted twice. Another new link there (an arXiv listing) is no release.
        linked = {
            venue
            for venue in venues
            for link in today.links | today.permalinks
            if link.startswith(_VENUES[venue][1])
            and link.startswith(_RELEASES)
            and link not in self.covered_links
        }
        # A name of hyphened words ("Llama-style") is a fact in one post, as a figure is; a
        # lone capitalised word needs two.
        plain = [
            n
            for n in today.names
            if n not in names
            and n not in today.parts
            and _core(n) not in cores
            and (
                today.counts[n] >= 2
                or (_has_digit(n) and not _bare(n))
                or ("-" in n and not _has_digit(n))
            )
            and not (venues and _VENUES_SPELT.get(n) in venues)
        ]
        # One fact, however many ways today's posts write it ("61.5" and "61.5%"); a name in
        # two words is one name ("Meridian Systems").
        facts: dict[str, str] = {}
        for n in plain:
            facts.setdefault(today.joined.get(n) or _core(n), n)
        # A date still to come that they never named (a launch day, a deadline) is news; one
        # gone by is a detail of what they told.
        return [*facts.values(), *sorted(today.future - dates), *sorted(venues - linked)]


def mark_novelty(stories: Sequence[Story], history: Sequence[Fingerprint]) -> list[Story]:
    """The stories with ``novelty``, ``seen``, ``why`` and ``earlier`` set against the history.

    ``history`` holds the fingerprints of the look-back window's posts. A story that matches
    several earlier stories follows the closest one (the newest on a tie), or the newest of
    those that name its product. Follow-ups then rank
    higher (``rank.rank_follow_ups``): the story is one readers of the earlier post follow.
    """
    if not history:
        return list(stories)
    summaries = [_summarise(s) for s in stories]
    today_docs = [_Doc.of(s.counts) for s in summaries]
    index = _Index.of(today_docs, history)
    past = index.past
    out = []
    for story, today, doc in zip(stories, summaries, today_docs, strict=True):
        matches = index.matches(today, doc)
        if not matches:
            out.append(story)
            continue
        about = _about(story, today, index.df) if len(story.items) == 1 else None
        if about is not None and not any(
            about <= {_one(n) for n in index.docs[i].centrality} for _, i in matches
        ):
            # One post about a product none of the stories it names named ("Garnet-5 beats
            # Solar Pro 2, Kanana-3 and HyperCLOVA X"): news of its own, not a recap of them.
            named = len({past[i].story for _, i in matches})
            why = f"about {' '.join(sorted(about))}, new; names {named} covered stor"
            out.append(story.model_copy(update={"why": why + ("ies" if named > 1 else "y")}))
            continue
        # The closest match (the newest, lowest index, on a tie), or a newer telling of its
        # product: the story follows what readers were told last.
        closest = min(matches, key=lambda m: (-m[0], m[1]))[1]
        products = _followed(today, about, index.docs[closest], index.df)
        best = past[min(i for _, i in matches if i == closest or products & set(index.units[i]))]
        new_facts = index.new_facts(today, index.compared(matches))
        new_links = sorted(
            link
            for link in (today.links | today.permalinks) - index.covered_links
            if not link.startswith(_SOCIAL_POSTS)
        )
        releases = [link for link in new_links if link.startswith(_RELEASES)]
        jump = best.engagement > 0 and today.engagement >= ENGAGEMENT_JUMP * best.engagement
        reasons = []
        if new_facts:
            reasons.append("new facts: " + ", ".join(new_facts[:6]))
        if new_links:
            reasons.append(f"{len(new_links)} new link{'s' if len(new_links) > 1 else ''}")
        if jump:
            reasons.append(f"engagement ×{today.engagement / best.engagement:.1f}")
        # One post that goes over several covered stories about different products (a weekly
        # roundup) is a recap: what it says that no post said is its entries' detail, not news
        # of its own. A big story meets many covered ones by its many names: not a recap.
        recap = len(story.items) == 1 and index.recap(today, {i for _, i in matches})
        # Attention is not news: a covered story that spreads further is still a repeat.
        follow = not recap and len(new_facts) + len(releases) >= NEW_FACTS
        stories_matched = len({past[i].story for _, i in matches})
        covered = f"covered {best.date}"
        if stories_matched > 1:
            covered += f" (recap of {stories_matched} covered stories)" if not follow else ""
        if follow:
            novelty, why = "follow-up", f"{covered}; {'; '.join(reasons)}"
            earlier = Earlier(
                date=best.date, story=best.story, new=tuple([*new_facts[:8], *releases[:3]])
            )
        else:
            detail = f" ({'; '.join(reasons)}: not enough)" if reasons else ""
            novelty, why, earlier = "repeat", f"{covered}; nothing new{detail}", None
        out.append(
            story.model_copy(
                update={"novelty": novelty, "seen": best.date, "why": why, "earlier": earlier}
            )
        )
    return rank_follow_ups(out)


def _followed(
    today: _Summary, about: frozenset[str] | None, closest: _Doc, df: Counter[str]
) -> set[frozenset[str]]:
    """The products of today's story that a newer telling than the ``closest`` story must name
    to be the one it follows: the product a one-post story is about, or the rarest of its own
    few stories name that the closest story names too (``garnet-4``, not ``gpt-4o``, which a
    story about another model compares itself with)."""
    names = {_one(n) for n in closest.centrality}
    if about is not None and about <= names:
        return {about}
    rare = {
        u: max(df[w] for w in u)
        for u in today.units
        if u <= names and all(df[w] <= MODEL_STORIES for w in u)
    }
    fewest = min(rare.values(), default=0)
    return {u for u, n in rare.items() if n == fewest}


# Where a headline's or a text's first sentence ends (a newsletter's "•" lists the next).
_FIRST_SENTENCE = re.compile(r"[.!?](?:\s|$)|[\n•|·]")


def _about(story: Story, today: _Summary, df: Counter[str]) -> frozenset[str] | None:
    """The product a one-post story is about: the first its headline (or its text's first
    sentence) names, of those few stories name (``MODEL_STORIES``). A roundup ("AI News for
    June 10 • …", or links on many lines) is about no product."""
    lead = story.lead
    if today.roundup:
        return None
    head = _FIRST_SENTENCE.split((lead.title or lead.text)[:160].lower(), maxsplit=1)[0]
    first: tuple[int, frozenset[str]] | None = None
    for unit in today.units:
        if any(df[w] > MODEL_STORIES for w in unit):
            continue
        # Its distinctive words (``garnet-5``, ``nimbracorpus``; ``n4`` of ``dunlin n4``), each
        # a whole word (``garnet-5`` is not in ``garnet-50``), a plural as the model.
        distinct = [w for w in unit if _has_digit(w) or w in today.coined] or unit
        for word in distinct:
            found = re.search(rf"(?<![a-z0-9]){re.escape(word)}s?(?![a-z0-9])", head)
            if found and (first is None or found.start() < first[0]):
                first = (found.start(), unit)
    return first[1] if first else None


def recall(story: Story, earlier_post: Digest | None, item_keys: Sequence[str]) -> Story:
    """A follow-up with the earlier post's headline and sentences about it filled in.

    ``item_keys`` are the earlier story's items (its fingerprint's): the post's bullets that
    cite one of them are what it said; the heading over the first is its headline.
    """
    if story.earlier is None or earlier_post is None:
        return story
    keys = set(item_keys)
    headline = ""
    sentences: list[str] = []
    for section in [*earlier_post.preview, *earlier_post.overview]:
        for bullet in section.bullets:
            if keys & set(bullet.cites):
                if not headline:
                    headline = bullet.topic or section.title
                sentences.append(bullet.text)
    earlier = story.earlier.model_copy(
        update={"headline": headline, "sentences": tuple(sentences[:6])}
    )
    return story.model_copy(update={"earlier": earlier})
