"""Checks on what the model wrote, before anything is published.

Grounding: the numbers, versions and names a sentence states must appear in the items it cites
(``unsupported``). Korean: prose is mostly Hangul (``hangul_share``), sentences end in the
합니다체 register (``ending_problems``), product names stay in English (``Glossary``), and
stock translationese is flagged (``translationese``). Repetition: ``same_text`` says when two
sentences are the same but for spacing and punctuation.

Untrusted instructions (``digest.screens``, re-exported here): ``addresses_model`` flags what
in an item speaks to a language model; ``about_post``, ``bare_domains`` and ``foreign_domains``
catch a sentence that obeyed an injection, which the grounding check lets by.

Every check is a pure function of text. ``Checker`` applies them all to one sentence and its
cited items and returns a ``Verdict``; ``feedback`` turns the problems into a re-ask. The writer
decides what to re-ask and what to drop; ``digest eval`` uses the same checks on a saved post.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel

from digest.models import Item
from digest.screens import about_post, addresses_model, bare_domains, foreign_domains, sentences

__all__ = [
    "MIN_HANGUL",
    "Checker",
    "Glossary",
    "Sources",
    "Verdict",
    "about_post",
    "addresses_model",
    "bare",
    "bare_domains",
    "ending_problems",
    "endings",
    "feedback",
    "foreign_domains",
    "hangul_share",
    "same_text",
    "sentences",
    "translationese",
    "unsupported",
]

# Below this share of Hangul among its letters a sentence counts as not written in Korean (a
# Korean sentence quoting an English title still has about 0.2).
MIN_HANGUL = 0.12
# Words a sentence may use without a source saying them: generic terms, not claims.
_GENERIC = frozenset(
    (
        "ai ml llm llms api apis gpu gpus cpu cpus tpu npu sdk cli ui ux ceo cto faq q&a qa oss "
        "ok vs etc e.g i.e rag moe sota agi nlp cv rl rlhf dpo token tokens open source "
        "benchmark benchmarks model models paper papers blog x reddit discord telegram hacker "
        "news hn ask show"
    ).split()
)
# A number with an optional currency sign, decimal part and scale or unit.
_NUMBER = re.compile(
    r"(?P<cur>[$€£₩¥])?\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?"
    r"\s?(?P<unit>[kKmMbB](?![A-Za-z])|만|억|천|조|%|퍼센트)?"
)
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[.+\-][A-Za-z0-9]+)*\+*")
_NAME_NUMBER = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9+\-]*)[\s-]+(\d+(?:\.\d+)?[A-Za-z]{0,2})(?![A-Za-z0-9.])"
)
# Korean compound numbers: 5만 5천, 1억 2000만.
_KOREAN_COMPOUND = re.compile(r"(?:\d+(?:\.\d+)?\s?[조억만천]\s?){2,}(?:\d+)?")
_SCALES = {
    "k": 1e3, "m": 1e6, "b": 1e9, "천": 1e3, "만": 1e4, "억": 1e8, "조": 1e12,
}  # fmt: skip
_WORD_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WORD_SCALE = re.compile(
    r"(?:(?P<num>\d[\d,]*(?:\.\d+)?)\s*)?\b(?P<word>thousand|million|billion|trillion)s?\b",
    re.IGNORECASE,
)
_HANGUL = re.compile(r"[가-힣]")
_LETTER = re.compile(r"[A-Za-z가-힣]")
_SENTENCE = re.compile(r"[^.!?。]+[.!?。]?")
_LAST_WORD = re.compile(r"([가-힣]+)[\s\"'”’)\]]*[.!?。]?\s*$")
# 합니다체: -습니다/-ㅂ니다 (statements), -습니까 (questions), -십시오/-시오, -세요 (requests).
_FORMAL = re.compile(r"(니다|니까|시오|세요)$")
# Other registers at the end of a sentence: 해라체 (했다/이다), 해요체 (해요), 음슴체 (함/음/임).
_INFORMAL = re.compile(r"(다|요|함|음|임|됨|냐|니|지|야|어|아|네|군|걸)$")
_TRANSLATIONESE = [
    (re.compile(r"되어지|되어졌|되어진"), "double passive (되어지다): write 되다"),
    (re.compile(r"(?:^|\s)그것은\s"), "'그것은' opening: name the thing or drop the pronoun"),
    (re.compile(r"것이 가능합니다|것이 가능하"), "'~하는 것이 가능하다': write '~할 수 있다'"),
    (re.compile(r"에 있어서"), "'~에 있어서': write '~에서' or '~할 때'"),
    (re.compile(r"로부터의|에서의|으로의|에로의"), "stacked particles (~로부터의, ~에서의)"),
    (re.compile(r"보여집니다|보여진다"), "'보여집니다': write '보입니다'"),
    (re.compile(r"을 가지고 있습니다|를 가지고 있습니다"), "'~를 가지고 있다': write '~가 있다'"),
]


def _fold(text: str) -> str:
    """Lower case, NFKC, hyphens and dots as spaces: 'Llama-3' and 'llama 3' compare equal."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.sub(r"[\-_/·]", " ", text).split())


def _values(text: str) -> set[float]:
    """Every number in ``text`` as a value (scales and Korean units applied)."""
    out: set[float] = set()
    for match in _KOREAN_COMPOUND.finditer(text):
        total = 0.0
        for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s?([조억만천]?)", match.group(0)):
            total += float(number) * _SCALES.get(unit, 1)
        out.add(total)
    for match in _NUMBER.finditer(text):
        value = float(match.group("num").replace(",", "") + "." + (match.group("dec") or "0"))
        unit = (match.group("unit") or "").lower()
        out.add(value)
        if unit in _SCALES:
            out.add(value * _SCALES[unit])
    # Scales in words: "per million tokens" backs "100만 토큰당", "1.5 billion" backs "15억".
    for match in _WORD_SCALE.finditer(text):
        scale = _WORD_SCALES[match.group("word").lower()]
        number = match.group("num")
        out.add(scale * (float(number.replace(",", "")) if number else 1.0))
    return out


@dataclass(frozen=True)
class Sources:
    """The text of the items a sentence cites, prepared for lookups."""

    folded: str
    values: frozenset[float]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Sources:
        joined = "\n".join(texts)
        return cls(folded=f" {_fold(joined)} ", values=frozenset(_values(joined)))

    @classmethod
    def of_items(cls, items: Iterable[Item]) -> Sources:
        """What items say: title, text, author, source name and links."""
        return cls.of(
            f"{i.title}\n{i.text}\n{i.author}\n{i.source}\n{' '.join(i.links)}" for i in items
        )


# A follow-up's or late story's mark, as the writers put it ("[후속 · 2024-05-03 보도] ",
# "[늦게 확인 · 2024-05-03 다이제스트 이후] ", see writer/marks.py) or the model is asked to
# ("후속(2024-05-03):"): its date is the earlier post's, not a fact of the cited items.
_MARK = re.compile(
    r"\[(?:후속 · \d{4}-\d{2}-\d{2} 보도|늦게 확인 · \d{4}-\d{2}-\d{2} 다이제스트 이후)\]"
    r"|(?:후속|늦게 확인)\(\d{4}-\d{2}-\d{2}\):"
)


def unsupported(text: str, sources: Sources) -> list[str]:
    """The numbers, versions and names in ``text`` that its sources never state.

    A number passes when the same value appears in a source, in any notation (``$100k`` backs
    ``10만 달러``); a count up to 10 without a unit passes (``세 가지``, ``3개 출처``) unless it
    is a version after a name (``Llama 4``). A Latin-script name passes when the sources contain it
    (case, hyphens and spacing aside); generic terms (AI, LLM, GPU, ...) always pass.
    """
    problems: list[str] = []
    versions: set[str] = set()
    text = _MARK.sub(" ", text)  # the earlier post's date, which no item states
    for name, number in _NAME_NUMBER.findall(text):
        if name.lower() in _GENERIC or not re.search(r"[A-Za-z]", name):
            continue
        phrase = _fold(f"{name} {number}")
        versions.add(number)
        if f" {phrase}" not in sources.folded and f"{_fold(name)}{number.lower()}" not in (
            sources.folded
        ):
            problems.append(f"'{name} {number}' is not in the cited items")
    compounds = [m.span() for m in _KOREAN_COMPOUND.finditer(text)]
    for start, end in compounds:
        raw = text[start:end].strip()
        if not _values(raw) & sources.values:
            problems.append(f"the number '{raw}' is not in the cited items")
    for match in _NUMBER.finditer(text):
        if any(start <= match.start("num") < end for start, end in compounds):
            continue
        raw = match.group(0).strip()
        number = match.group("num").replace(",", "")
        unit = match.group("unit")
        if number in versions or (not unit and not match.group("dec") and int(number) <= 10):
            continue
        values = _values(raw)
        if values & sources.values or any(_close(v, sources.values) for v in values):
            continue
        problems.append(f"the number '{raw}' is not in the cited items")
    for word in _LATIN.findall(text):
        folded = _fold(word)
        if folded in _GENERIC or len(folded) < 2 or folded.isdigit():
            continue
        if f" {folded}" not in sources.folded and folded not in sources.folded:
            problems.append(f"the name '{word}' is not in the cited items")
    return list(dict.fromkeys(problems))


def _close(value: float, values: Iterable[float]) -> bool:
    """Equal within rounding (``1.2M`` against ``1,234,567``)."""
    return any(v and abs(v - value) / v <= 0.05 for v in values if v >= 1000)


def hangul_share(text: str) -> float:
    """Hangul syllables among the letters of ``text`` (1.0 for text without letters)."""
    letters = _LETTER.findall(text)
    return len(_HANGUL.findall(text)) / len(letters) if letters else 1.0


def endings(text: str) -> tuple[int, int]:
    """(sentences in 합니다체, sentences whose ending can be judged) in ``text``."""
    formal = judged = 0
    for sentence in _SENTENCE.findall(text):
        match = _LAST_WORD.search(sentence.strip())
        if not match:
            continue  # ends in a name, a number or a quote: nothing to judge
        word = match.group(1)
        if _FORMAL.search(word):
            formal += 1
            judged += 1
        elif _INFORMAL.search(word):
            judged += 1
    return formal, judged


def ending_problems(text: str) -> list[str]:
    """Sentences that do not end in the 합니다체 register (반말, 해요체, 음슴체)."""
    problems = []
    for sentence in _SENTENCE.findall(text):
        sentence = sentence.strip()
        formal, judged = endings(sentence)
        if judged and not formal:
            problems.append(f"'…{sentence[-20:]}' does not end in 합니다체 (-습니다/-입니다)")
    return problems


def translationese(text: str) -> list[str]:
    """Stock translationese patterns found in ``text``, with the fix for each."""
    return [advice for pattern, advice in _TRANSLATIONESE if pattern.search(text)]


def same_text(a: str, b: str) -> bool:
    """Whether two sentences are the same but for spacing, punctuation and case."""
    return bare(a) == bare(b) and bool(bare(a))


def bare(text: str) -> str:
    """``text`` without spacing, punctuation or case: equal for sentences ``same_text`` equates."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


@dataclass
class Glossary:
    """Names that stay in English, with the Korean spellings to replace.

    The packaged ``glossary.txt`` holds common ones; a user file (``llm.glossary``) adds more.
    Each line reads ``Hugging Face: 허깅페이스, 허깅 페이스``; ``#`` starts a comment.
    """

    names: dict[str, str] = field(default_factory=dict)  # Korean spelling → English name

    @classmethod
    def load(cls, extra: Path | None = None) -> Glossary:
        text = (resources.files("digest") / "glossary.txt").read_text(encoding="utf-8")
        if extra is not None:
            text += "\n" + extra.read_text(encoding="utf-8")
        names: dict[str, str] = {}
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if ":" not in line:
                continue
            english, spellings = line.split(":", 1)
            for spelling in spellings.split(","):
                if spelling.strip():
                    names[spelling.strip()] = english.strip()
        return cls(names)

    def problems(self, text: str) -> list[str]:
        """Korean spellings of names that stay in English."""
        return [
            f"write '{en}' in English, not '{ko}'" for ko, en in self.names.items() if ko in text
        ]

    def fix(self, text: str) -> tuple[str, int]:
        """``text`` with every Korean spelling replaced by the English name, and the count."""
        count = 0
        for ko in sorted(self.names, key=len, reverse=True):
            if ko in text:
                count += text.count(ko)
                text = text.replace(ko, self.names[ko])
        return text, count


@dataclass
class Verdict:
    """What is wrong with one sentence the model wrote.

    Attributes:
        injected: it is about the newsletter, its sponsors or its readers (an obeyed
            injection: the sentence goes even when its items say it).
        foreign: domains it names that its cited items do not link to.
        unsupported: numbers and names its cited items do not state.
        style: not Korean, or not in the 합니다체 register.
        copied: it repeats an earlier post word for word.
        fixable: names written in Korean that the glossary turns back into English.
        soft: stock translationese (flagged, kept).

    The first five are fatal: the sentence goes if a re-ask does not fix it.
    """

    injected: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    style: list[str] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)
    fixable: list[str] = field(default_factory=list)
    soft: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Everything to tell the model in a re-ask."""
        return [
            *self.injected,
            *self.foreign,
            *self.unsupported,
            *self.style,
            *self.copied,
            *self.fixable,
            *self.soft,
        ]


@dataclass
class Checker:
    """Checks sentences against their cited items, the Korean rules and earlier posts.

    Attributes:
        items: archive key → item, for every item the post may cite.
        glossary: names that stay in English.
        earlier: sentences of the earlier posts in the look-back window.
    """

    items: dict[str, Item]
    glossary: Glossary
    earlier: Sequence[str] = ()
    _seen: frozenset[str] = field(init=False, repr=False)
    _sources: dict[tuple[str, ...], Sources] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._seen = frozenset(bare(s) for s in self.earlier) - {""}
        self._sources = {}

    def sources(self, keys: Sequence[str]) -> Sources:
        """The cited items' words (title, text, author, source name, links), once per set."""
        wanted = tuple(keys)
        if wanted not in self._sources:
            found = (self.items[k] for k in wanted if k in self.items)
            self._sources[wanted] = Sources.of_items(found)
        return self._sources[wanted]

    def copied(self, text: str) -> bool:
        """Whether ``text`` repeats a sentence of an earlier post (spacing aside)."""
        return bare(text) in self._seen

    def hosts(self, keys: Sequence[str]) -> set[str]:
        """The hosts the cited items link to (their permalinks and the links in their text)."""
        out: set[str] = set()
        for key in keys:
            item = self.items.get(key)
            if item is None:
                continue
            for url in (item.url, *item.links):
                host = urlsplit(url).hostname if url else None
                if host:
                    out.add(host.lower().removeprefix("www."))
        return out

    def screen(self, text: str, keys: Sequence[str]) -> Verdict:
        """The verdict on what no sentence may do whatever its items say: speak about the
        newsletter, its sponsors or readers, or name a domain its items do not link to."""
        verdict = Verdict()
        about = about_post(text)
        if about:
            verdict.injected.append(
                f"it speaks about the newsletter, its sponsors or its readers "
                f"({', '.join(repr(a) for a in about[:3])}): write only about the story"
            )
        for host in foreign_domains(text, self.hosts(keys)):
            verdict.foreign.append(
                f"it names the domain '{host}', which its cited items do not link to"
            )
        return verdict

    def sentence(self, text: str, keys: Sequence[str], *, prose: bool = True) -> Verdict:
        """The verdict on one sentence citing ``keys``; ``prose`` False for labels and titles."""
        verdict = self.screen(text, keys)
        verdict.unsupported = unsupported(text, self.sources(keys))
        if prose:
            if hangul_share(text) < MIN_HANGUL:
                verdict.style.append("it is not written in Korean")
            verdict.style.extend(ending_problems(text))
            if self.copied(text):
                verdict.copied.append("it repeats an earlier post word for word")
            verdict.soft.extend(translationese(text))
        verdict.fixable.extend(self.glossary.problems(text))
        return verdict

    def problems(
        self, where: str, text: str, keys: Sequence[str], *, prose: bool = True
    ) -> list[str]:
        """The verdict on one sentence as re-ask lines naming where it stands (``facts[2]``)."""
        return [f"{where}: {p}" for p in self.sentence(text, keys, prose=prose).problems()]


def feedback(answer: BaseModel, problems: Sequence[str]) -> str:
    """The re-ask: the previous answer and what is wrong with it."""
    listed = "\n".join(f"- {p}" for p in problems)
    previous = answer.model_dump_json()
    return (
        f"\n\nYour previous answer:\n{previous}\n\nIt has these problems:\n{listed}\n\n"
        "Answer again with the whole JSON object, fixing each problem: state only numbers, "
        "versions and names the cited items state; write only about the story, never about "
        "the newsletter, its sponsors or its readers, and name no web address; write Korean in "
        "the 합니다체 register "
        "(-습니다/-입니다); keep product and company names in English; do not repeat earlier "
        "posts or the Preview. Drop a statement rather than guess."
    )
