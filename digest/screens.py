"""Untrusted instructions: what no sentence of a story may do, whatever its items say.

``addresses_model`` says what in an item speaks to a language model (role tags, orders to ignore
instructions or to write something, fake data markers), so the writer can show such an item to
the model as flagged data; ``about_post`` says when a sentence the model wrote is about the
newsletter itself, its sponsors or its readers, and ``bare_domains`` finds host names written
without a scheme (``evil.example/x``), which a sentence may name only when its cited items link
there (``foreign_domains``). An obeyed injection passes the grounding check (the item itself
says it); these checks do not let it by. ``sentences`` splits text into sentences.

Every check is a pure function of text; ``digest.quality.Checker`` applies them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["about_post", "addresses_model", "bare_domains", "foreign_domains", "sentences"]

# What in an item speaks to a language model instead of to people: each pattern with its label.
_ADDRESSES_MODEL = [
    (
        re.compile(
            r"<\|[A-Za-z_]{2,20}\|>|\[/?INST\]|<</?SYS>>|</?(?:system|assistant|developer)>|"
            r"<(?:start|end)_of_turn>|(?:^|[\n.!?;\[(*#>\"'“]\s*)"
            r"(?:system|assistant|developer|시스템)(?:\s+(?:prompt|message|note))?\s*[:：]",
            re.IGNORECASE,
        ),
        "a role tag",
    ),
    (
        re.compile(
            r"\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}?"
            r"\b(?:instructions?|prompts?|rules|directions|guidelines|directives)\b|"
            r"(?:이전|앞의|위의|기존|모든)[^.!?\n]{0,20}?(?:지시|명령|지침|규칙|프롬프트)[^.!?\n]{0,12}?"
            r"(?:무시|잊)",
            re.IGNORECASE,
        ),
        "an order to ignore instructions",
    ),
    (
        re.compile(
            r"(?:^|[.!?:;,\n>\])]\s*|\b(?:please|and|also|now|then|instead|just|always)\s+)"
            r"(?:write|say|state|mention|claim|add|tell\s+(?:the\s+)?(?:readers?|users?|audience))"
            r"\s+(?:that|the\s+following)\b|"
            r"\byou\s+(?:must|should|have\s+to|need\s+to|are\s+required\s+to)\s+"
            r"(?:say|write|state|mention|include|add|tell|claim|respond|answer|output|describe|"
            r"recommend|promote|link)\b|"
            r"\b(?:new|updated|real)\s+instructions?\b|\bsystem\s+prompt\b|"
            r"\b(?:as|you\s+are(?:\s+now)?)\s+an?\s+(?:AI|language\s+model|LLM|assistant)\b|"
            r"(?:라고|이라고|다고)\s*(?:써|쓰|작성|적|말|언급|기재|소개)\S*(?:하라|해라|하세요|하십시오|주세요|줘)|"
            r"반드시[^.!?\n]{0,40}?(?:언급|포함|작성|소개|추천)\S*(?:하라|해라|하세요|하십시오)",
            re.IGNORECASE,
        ),
        "an order to write something",
    ),
    (re.compile(r"<<\s*/?\s*(?:DATA|END)\b", re.IGNORECASE), "a fake data marker"),
]


def addresses_model(text: str) -> list[str]:
    """What in ``text`` speaks to a language model rather than to people (empty: nothing).

    Role tags (``SYSTEM:``, ``<|im_start|>``, ``[INST]``), orders to ignore instructions, orders
    to write something (``write that …``, ``you must say``, ``…라고 쓰세요``) and fake data
    markers (``<<DATA``, ``<<END``). Such an item is still news; the writer shows it to the
    model flagged, as quoted data.
    """
    return [label for pattern, label in _ADDRESSES_MODEL if pattern.search(text)]


# The newsletter itself, its sponsors and its readers: what no sentence of a story is about.
_ABOUT_POST = [
    re.compile(
        r"\b(?:this|our|today'?s)\s+(?:digest|newsletter|issue|edition)\b|"
        r"\b(?:dear|our|fellow)\s+(?:readers?|subscribers?)\b|"
        r"\bsponsor(?:s|ed|ing|ship)?\b|\bbrought\s+to\s+you\s+by\b|"
        r"\b(?:promo|discount|coupon|referral)\s+codes?\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:이|본|이번|저희|우리|오늘의?)\s?(?:뉴스레터|다이제스트|레터)|"
        r"(?:^|\s)(?:이|본|이번|저희|우리)\s?(?:글|포스트|호|블로그)(?=\s|에서|은|는|의|을|를|$)|"
        r"여러분|독자(?:\s?여러분|분|님|들)|구독자\s?(?:여러분|분|님)|"
        r"후원|협찬|스폰서|(?:할인|쿠폰|프로모션|추천)\s?코드"
    ),
]


def about_post(text: str) -> list[str]:
    """The words that make ``text`` about the newsletter, its sponsors or its readers.

    A story's sentence is about the story. One about "this digest", "구독자 여러분" or who
    sponsors the post is what an item ordered the model to write, whatever the item says.
    """
    found: list[str] = []
    for pattern in _ABOUT_POST:
        found += [m.group(0).strip() for m in pattern.finditer(text)]
    return list(dict.fromkeys(found))


# Top-level domains of web sites, without the ones that are also file extensions in tech prose
# (main.py, README.md, install.sh, lib.rs, script.pl, main.cc, libfoo.so).
_TLDS = frozenset(
    (
        "com net org edu gov mil int info biz name pro mobi io ai co dev app xyz me tv fm gg ly "
        "to site online tech cloud page blog news live link space store shop wiki art design "
        "page club top icu vip one world today network systems tools studio zone run land "
        "us uk kr jp cn de fr ru eu ca au br es it nl se ch tw hk sg vn id in il at be dk fi no "
        "pt cz gr ie nz za mx ar cl tr ua ir th my ph "
        "example test invalid localhost onion"
    ).split()
)
_DOMAIN = re.compile(
    r"(?<![A-Za-z0-9@./:_-])"
    r"(?P<host>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?P<tld>[A-Za-z]{2,24}))"
    r"(?![A-Za-z0-9-])(?::\d{1,5})?(?P<path>/[A-Za-z0-9\-._~/?#%&=+:@!$*,;]*)?"
)


def bare_domains(text: str) -> list[tuple[str, str, tuple[int, int]]]:
    """The host names written without a scheme in ``text``: (host, whole match, span).

    ``evil.example/x``, ``docs.python.org``, ``fast.ai``; not file names (``main.py``) and not
    names whose domain part is in capitals (``Character.AI``, ``Socket.IO``). URLs with a
    scheme and ``www.`` are not looked for here (the writer removes them first).
    """
    out = []
    for match in _DOMAIN.finditer(text):
        tld = match.group("tld")
        if tld.lower() not in _TLDS:
            continue
        host = match.group("host")
        if not match.group("path") and tld.isupper() and re.search(r"[a-z]", host):
            continue  # Character.AI, Socket.IO: a name
        out.append((host.lower().removeprefix("www."), match.group(0), match.span()))
    return out


def foreign_domains(text: str, hosts: Iterable[str]) -> list[str]:
    """The domains ``text`` names that none of ``hosts`` (the cited items' links) is or is under.

    ``google.com`` is allowed by a link to ``blog.google.com``; ``evil.github.io`` is not
    allowed by a link to ``github.io``.
    """
    known = {h.lower().removeprefix("www.") for h in hosts if h}
    foreign = []
    for host, _whole, _span in bare_domains(text):
        if not any(k == host or k.endswith("." + host) for k in known):
            foreign.append(host)
    return list(dict.fromkeys(foreign))


def sentences(text: str) -> list[str]:
    """``text`` split after sentence-ending punctuation followed by a space (not in ``a.b``)."""
    parts = re.split(r"(?<=[.!?。])\s+", text.strip())
    return [p for p in parts if p]
