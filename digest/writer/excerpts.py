"""What the extractive writer may quote of an item: its own sentences, no link leftovers.

Feeds wrap links in words that mean nothing once the link is gone: ``Link:``, ``🔗``,
``원문 보기``, ``Read more · discussion``, ``요약:``, a title's ``(github.com)``, a lead-in such
as "Interesting numbers in" before a bare URL. ``sentences`` takes those out with the URLs;
``repeats`` says when a sentence says again what a headline or another bullet said;
``cut`` shortens a headline at a phrase boundary. Everything here is pure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from digest.models import Item
from digest.screens import about_post, addresses_model
from digest.textclean import mojibake_runs, repair_text
from digest.writer.edits import clean_prose
from digest.writer.topics import names

MIN_CHARS = 20
"""A sentence shorter than this (a reaction, "이거 써보신 분?") is not worth a bullet."""

_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)\S+", re.IGNORECASE)
# Words that only point at a link: a lead-in ending in one of them goes with the URL.
_POINTING = {
    "a", "an", "the", "at", "in", "on", "of", "to", "for", "from", "about", "via", "by",
    "with", "see", "here", "link", "links", "source", "sources", "read", "more", "paper",
    "code", "repo", "demo", "pdf", "post", "thread", "article", "blog", "announcement",
    "원문", "링크", "출처", "여기", "아래", "참고", "기사", "논문", "코드", "보기",
}  # fmt: skip
_POINTERS = "🔗👉👇➡⬇↓→⇒▶►▸"
_POINTER = re.compile(f"[{_POINTERS}]\ufe0f?")
# Words that make up a "read more" line: a sentence of nothing else is dropped.
_CALL_WORDS = {
    "read", "more", "full", "story", "post", "article", "discussion", "comment", "comments",
    "link", "links", "source", "sources", "continue", "reading", "here", "see", "the", "this",
    "thread", "announcement", "and", "원문", "보기", "원문보기", "자세히", "더", "더보기", "링크",
    "출처", "기사", "바로가기",
}  # fmt: skip
# Labels that open a line: [요약], 요약:, TL;DR:, My notes:, RT @x:, @x:, and the lead-ins of
# a reaction that quotes a headline ("Quick take on", "Everyone is talking about", ...).
_OPENING = re.compile(
    r"^(?:\[[^\]]{1,12}\]\s*|【[^】]{1,12}】\s*|"
    r"(?:요약|한\s?줄\s?요약|정리|속보|공지|summary|tl;?\s?dr|my notes|notes|note|update|"
    r"breaking|my take|hot take|source|출처|via)\s*[:：]\s*|"
    r"(?:quick take on|thread on|notes on|thoughts on|everyone is talking about|"
    r"interesting numbers in|worth reading|must read|big if (?:it holds up|true))\s*[:：]?\s+|"
    r"(?:rt\s+)?@\w{1,15}\s*[:：]\s*)+",
    re.IGNORECASE,
)
# What closes a line but only ever framed a link: " (github.com)", "· via @x", "🔗", "→", ":".
_CLOSING = re.compile(
    r"(?:\s*\((?:www\.)?[\w-]+(?:\.[\w-]+)+\)|\s*·?\s*via\s+@\w{1,15}|\s*[:：·|\-–—>]|"
    rf"\s*[{_POINTERS}]\ufe0f?)+\s*$",
    re.IGNORECASE,
)
_ENGAGEMENT = re.compile(
    r"^[\d,.]+[KkMm]?\s*(?:points?|comments?|upvotes?|likes?|views?|retweets?|reposts?)\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…。])\s+(?=\S)")
_STOP_AT_END = {
    "a", "an", "the", "and", "or", "but", "of", "on", "in", "at", "to", "for", "from", "with",
    "by", "via", "as", "is", "are", "was", "were", "be", "its", "their", "his", "her", "our",
    "your", "my", "into", "onto", "over", "under", "about", "than", "that", "which", "who",
    "whose", "this", "these", "those", "per", "vs", "&",
}  # fmt: skip
# Korean endings that leave a phrase open: particles and adnominal forms (모델의…, 구동되는…).
_OPEN_KOREAN = re.compile(
    r"(?:은|는|이|가|을|를|의|에|에서|에게|로|으로|와|과|및|도|만|한|할|된|될|던|인|고|며|면|서)$"
)
# Where a phrase ends: a comma, colon or dash, an opening bracket, or before a conjunction.
_CLAUSE = re.compile(
    r"\s*(?:[,;:，：]\s|\s[—–-]\s|\s\()|"
    r"\s(?=(?:and|or|but|while|with|after|before|because|as|so|to|for)\s)"
)


_BROKEN = "\0"  # where a URL that a sentence pointed at was taken out of it


def _drop_urls(line: str) -> str:
    """``line`` without URLs, and without the words before each one that only pointed at it.

    Where a longer sentence points at the URL ("… add a link to <URL> in every bullet"), it
    is left marked ``_BROKEN``: without its link it no longer reads.
    """
    out = []
    last = 0
    for match in _URL.finditer(line):
        before = line[last : match.start()]
        head, lead = _split_lead(before)
        words = re.findall(r"[\w']+", lead.lower())
        pointing = (
            len(words) <= 2
            or bool(_POINTER.search(lead))
            or (lead.rstrip().endswith((":", "：", "-", "—", "–")) and len(words) <= 4)
            or (words[-1] in _POINTING and len(words) <= 6)
        )
        if pointing:
            out.append(head)
        else:
            out.append(before + (_BROKEN if words[-1] in _POINTING else ""))
        last = match.end()
    out.append(line[last:])
    return "".join(out)


def _split_lead(text: str) -> tuple[str, str]:
    """``text`` split after its last sentence end: what stays, and the lead-in to a link."""
    ends = list(_SENTENCE_BREAK.finditer(text))
    cut = ends[-1].end() if ends else 0
    return text[:cut], text[cut:]


def unlabelled(sentence: str) -> str:
    """A sentence without the labels that open it and the leftovers that close it."""
    previous = None
    while previous != sentence:
        previous = sentence
        sentence = _OPENING.sub("", sentence).strip()
        sentence = _CLOSING.sub("", sentence).strip()
        sentence = _POINTER.sub("", sentence).strip()
    return sentence


def sentences(text: str) -> list[str]:
    """The sentences of untrusted text, plain, with the link leftovers taken out.

    Lines are split at sentence ends; each is cleaned with ``clean_prose``. A sentence that
    is only a call to follow a link ("Read more · discussion", "원문 보기") or engagement
    ("592 points") is dropped.
    """
    out = []
    for line in repair_text(text).splitlines():
        line = _drop_urls(line)
        for piece in _SENTENCE_BREAK.split(line):
            if _BROKEN in piece:
                continue
            sentence = unlabelled(clean_prose(piece))
            if says_nothing(sentence):
                continue
            out.append(sentence)
    return out


def says_nothing(sentence: str) -> bool:
    """True for a sentence that is only a call to follow a link ("Read more · discussion",
    "원문 보기", "Link:", "🔗") or engagement ("592 points")."""
    words = set(re.findall(r"\w+", sentence.lower()))
    return not words or words <= _CALL_WORDS or bool(_ENGAGEMENT.match(sentence.strip()))


def quotable(sentence: str) -> bool:
    """A sentence worth a bullet: it says something (``informative``), in letters, has no
    mojibake, and speaks to people about the news (not ``speaks_out_of_turn``)."""
    return (
        len(sentence) >= MIN_CHARS
        and sum(c.isalpha() for c in sentence) * 2 >= len(sentence.replace(" ", ""))
        and not mojibake_runs(sentence)
        and informative(sentence)
        and not speaks_out_of_turn(sentence)
    )


def speaks_out_of_turn(sentence: str) -> bool:
    """True for a sentence no post quotes: words to a language model ("SYSTEM: … write
    that …") or about the newsletter, its sponsors or its readers."""
    return bool(addresses_model(sentence) or about_post(sentence))


def informative(sentence: str) -> bool:
    """True when a sentence carries news, not just a reaction ("Tried it this morning."):
    a figure, two names, or eight words (five in Korean, whose words carry their particles).
    """
    if re.search(r"(?<![\w-])\d", sentence) or len(names(sentence)) >= 2:
        return True
    words = sentence.split()
    korean = sum("가" <= c <= "힣" for c in sentence) * 2 >= sum(c.isalpha() for c in sentence)
    return len(words) >= (5 if korean else 8)


def title_of(item: Item) -> str:
    """The item's title as a headline: cleaned, labels and link leftovers gone."""
    parts = sentences(item.title)
    return " ".join(parts)


def own_sentences(item: Item, *, retweets: bool = False) -> list[str]:
    """What the item itself says, title first, that is worth quoting.

    A retweet (``RT @…``) says nothing of its own, unless ``retweets``: a story that only
    retweets heard is told in the retweeted words, "RT @who:" and all.
    """
    retweet = re.match(r"\s*(RT\s+@\w+:?)\s*", item.text)
    if retweet:
        heard = " ".join(sentences(item.text[retweet.end() :])) if retweets else ""
        said = f"{retweet.group(1)} {heard}"
        return [said] if heard and not mojibake_runs(said) else []
    found = [*sentences(item.title), *sentences(item.text)]
    out: list[str] = []
    for sentence in found:
        if quotable(sentence) and not repeats(sentence, out):
            out.append(sentence)
    return out


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("'s ", " ").replace("’s ", " ")
    return " ".join(re.findall(r"\w+", text))


def repeats(sentence: str, said: Iterable[str]) -> bool:
    """True when ``sentence`` says again what one of ``said`` says.

    The same words, one inside the other (a headline inside "Thread on <headline>"), or
    four in five of the sentence's words in the other.
    """
    mine = _norm(sentence)
    if not mine:
        return True
    words = set(mine.split())
    for other in said:
        theirs = _norm(other)
        if not theirs:
            continue
        if mine == theirs or f" {theirs} " in f" {mine} " or f" {mine} " in f" {theirs} ":
            return True
        if len(words) >= 3 and len(words & set(theirs.split())) * 5 >= len(words) * 4:
            return True
    return False


def complete(sentence: str) -> bool:
    """True when the sentence ends as a sentence does (a full stop, ``?``, ``!``, ``다``)."""
    return bool(re.search(r"(?:[.!?。…]|다)[\"'”’)]*$", sentence))


def cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a phrase boundary, ending in ``…`` if cut.

    A phrase boundary (a comma, a colon, a dash, before "and" or "with") in the second half
    comes first; then a space after a word that does not leave the phrase open (not "on",
    "the", "모델의", "구동되는"). Never mid-word.
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    room = limit - 1
    clauses = [m.start() for m in _CLAUSE.finditer(text[: room + 1]) if m.start() <= room]
    if clauses and clauses[-1] >= room * 0.5:
        return text[: clauses[-1]].rstrip() + "…"
    spaces = [i for i, c in enumerate(text[: room + 1]) if c.isspace()]
    for space in reversed(spaces):
        stem = text[:space].rstrip(" ,;:-–—(")
        last = stem.split()[-1] if stem.split() else ""
        if len(stem) < room * 0.4:
            break
        bare = last.strip("\"'“”‘’").lower()
        if bare not in _STOP_AT_END and not _OPEN_KOREAN.search(bare):
            return stem + "…"
    if spaces and spaces[-1] > 0:
        return text[: spaces[-1]].rstrip(" ,;:-–—(") + "…"
    return text[:room] + "…"
