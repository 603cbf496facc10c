"""What the story engine reads from an item: link keys, words, names and a copy signature.

Korean has no spaces between a word and its particles (``GPT-5를``, ``공개했습니다``), so Hangul
runs become character bigrams, which match across endings without a tokenizer. Latin words are
lower-cased and stop words dropped. *Names* are the tokens that carry an event across languages:
product and model names, versions, sizes, scores and sums (``kapo``, ``3.5``, ``70b``,
``85.3%``, ``$85m``): words with digits, ``owner/repo``, and words the day's posts capitalise
inside sentences at least as often as they write them in lower case (or only capitalise at the
start of one); in Korean text, where Latin letters are almost always names, a Latin word next to
Hangul counts as capitalised. Names are decided over the whole day and then found in any case,
so chat written all in lower case ("fyi breaking: kapo 3.5 is out") keeps its names, and a name
the day writes run together (``kanana5plus``) is found in the posts that write it spaced.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from itertools import chain

from digest.models import Item
from digest.urls import TWEET_KEY, canonical_url

_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_RETWEET = re.compile(r"^\s*RT\s+@(?P<who>[A-Za-z0-9_]{1,50}):\s*", re.IGNORECASE)
_VIA = re.compile(r"\((?:via|h/t|cc)\s+@?[\w.]+\)", re.IGNORECASE)
_HASHTAG = re.compile(r"(?<!\w)#\w+")
_MENTION = re.compile(r"(?<!\w)@\w+")
_ADDRESSED = re.compile(r"(?<!\w)@(\w+)(?!\w|:)")
# A Latin token: letters, digits and the joiners names use (GPT-4o, v0.4.0, 85.3%, $85M),
# a figure in groups of three whole ("32,768-token", "$1,000,000": read apart, "32" and
# "768-token" were two names every post giving that context size shared).
# (A joiner is followed by a letter or digit; written as runs, it reads twice as fast as a
# lookahead after every character.)
_TOKEN = re.compile(
    r"\$?(?:\d{1,3}(?:,\d{3})+(?!\d)|[A-Za-z0-9]+)(?:[.\-+_/][A-Za-z0-9]+)*%?|[가-힣]+"
)
# Where a feed or a preview cut a post: an ellipsis at the end, perhaps with "more".
_CUT = re.compile(
    r"\s*(?:…|\.{3}|\[…\]|\[\.\.\.\])\s*(?:더\s?보기|(?:read |see |show )?more)?\s*$",
    re.IGNORECASE,
)
_HANGUL = re.compile(r"[가-힣]")
_DIGIT = re.compile(r"\d")
_UPPER = re.compile(r"[A-Z]")
# English function words and chat filler: they say nothing about which event a post is about.
_STOP = frozenset(
    """a about above after again against all almost also am among an and any are as at be because
    been before being below between both but by can cannot could did do does doing done down
    during each either else enough even ever every few for from further get gets got had has
    have having he her here hers herself him himself his how however i if in into is it its
    itself just least less let like many may me might more most much must my myself neither no
    nor not now of off often on once one only or other others our ours ourselves out over own
    per perhaps quite rather really same shall she should since so some such than that the
    their theirs them themselves then there these they this those though through thus to too
    toward under until up upon us very via was we well were what when where whether which while
    who whom whose why will with within without would yet you your yours yourself yourselves rt
    new today amp https http com www thread wow yes lol still already ever here's it's i'm
    that's what's there's don't can't isn't roughly nearly approximately around""".split()
)
# Words that start sentences capitalised but name nothing.
_COMMON_CAPS = frozenset(
    {"ai", "api", "apis", "ml", "llm", "llms", "gpu", "gpus", "cpu", "ceo", "cto", "sdk", "ui",
     "ux", "faq", "pr", "tl", "dr", "tldr", "imo", "btw", "fyi", "og", "ok", "lol", "omg", "usa",
     "us", "eu", "uk", "new", "big", "huge", "wow"}
)  # fmt: skip

# A link shared by more of one source's items than this share is that source's boilerplate
# (a newsletter footer, a channel's home link), not one story's subject.
BOILERPLATE_SHARE = 0.5

# A post that puts links on this many lines of its text is a list of stories, not one.
ROUNDUP_LINES = 3

# Hosts where a one-segment path is a person or an organisation, not one story.
_PROFILE_HOSTS = {
    "x.com", "github.com", "huggingface.co", "youtube.com", "linkedin.com", "medium.com",
    "reddit.com", "t.me", "discord.com", "instagram.com", "facebook.com", "threads.net",
}  # fmt: skip


@functools.lru_cache(maxsize=1 << 17)  # a day of 50,000 posts has ~55,000 links
def link_key(url: str) -> str:
    """The canonical URL, keeping an anchor: newsletters give each item ``issue#item``."""
    key = canonical_url(url)
    _, _, fragment = url.partition("#")
    # A tweet has no parts: a mirror's anchor (nitter's ``#m``) names the same post.
    if (
        fragment
        and not fragment.startswith(("!", ":~:"))
        and "#" not in key
        and not key.startswith(TWEET_KEY)
    ):
        key = f"{key}#{fragment}"
    return key


def item_links(item: Item) -> list[str]:
    """The canonical forms of an item's own URL and the links in its text, in order."""
    links = map(link_key, (item.url, *item.links) if item.url else item.links)
    return list(dict.fromkeys(links))


def specific(link: str) -> bool:
    """True for links that name one thing: not a site's root, not a profile page."""
    host, _, path = link.split("://", 1)[-1].partition("/")
    path = path.split("?", 1)[0].split("#", 1)[0].strip("/")
    if not path:
        return "?" in link or "#" in link
    return "/" in path or host not in _PROFILE_HOSTS


@dataclass(frozen=True)
class Features:
    """An item as the engine sees it.

    Attributes:
        permalink: the canonical key of the item's own URL, if it has one.
        links: canonical keys of the specific links it carries (its own permalink first).
        words: word tokens (Latin words, Hangul bigrams) for text similarity.
        names: name tokens (see the module text), a subset of the Latin words; ``extract``
            gives the words this item capitalises, ``settle_names`` the day's names it uses.
        maybe_names: capitalised words that start a sentence: names unless the day's items
            also use them in lower case (``Big drop today`` vs ``Poon requests fail``).
        lower: Latin words the item writes in lower case.
        copy_text: the text that copies of this item share (URLs, RT prefix, tags removed).
        copy_words: how many words ``copy_text`` has.
        retweet_of: the handle an ``RT @handle:`` post copies, if it is one.
        truncated: whether the text ends cut off (``…``, ``[…]``, ``… more``), as feeds and
            previews cut a post; ``copy_text`` then ends before the cut's partial last word.
        body_text: ``copy_text`` of the text alone, without the title (a preview cuts the
            text, not the title), when the item has a title.
        roundup: whether the text lists links on ``ROUNDUP_LINES`` lines or more (a
            newsletter issue, a channel's "today in AI"): it covers several stories, none of
            which its links or words may tie to another.
    """

    permalink: str | None
    links: tuple[str, ...]
    words: tuple[str, ...]
    names: tuple[str, ...]
    maybe_names: tuple[str, ...]
    lower: tuple[str, ...]
    copy_text: str
    copy_words: int
    retweet_of: str | None
    truncated: bool = False
    body_text: str = ""
    roundup: bool = False


def settle_names(feats: Sequence[Features]) -> list[Features]:
    """Decide which words are names from the whole day, and find them in any case.

    A word is a name when the day's items write it capitalised inside a sentence at least as
    often as they write it in lower case (``Kapo`` vs ``big``), or only ever capitalise it at
    the start of a sentence. Posts written all in lower case ("fyi breaking: kapo 3.5 is
    out") are no evidence either way; they get the day's names in whatever case they use.
    A post that writes a name of the day in another spelling gets it too (``_Spellings``).
    """
    strong = Counter(chain.from_iterable(f.names for f in feats))
    weak = Counter(chain.from_iterable(f.maybe_names for f in feats))
    common = Counter(chain.from_iterable(f.lower for f in feats))

    def named(word: str) -> bool:
        if strong[word]:
            return strong[word] >= common[word]
        return bool(weak[word]) and not common[word]

    day = {w for w in (*strong, *weak) if named(w)}
    # Whether a word is a name depends on the word alone now: decide each once.
    every = set(chain.from_iterable(f.words for f in feats))
    name_words = {
        w
        for w in every
        if w[0] < "가" and (w in day or _DIGIT.search(w) or "/" in w) and w not in _COMMON_CAPS
    }
    spell = _Spellings(name_words)
    parts = split_glued(name_words)
    out = []
    found: dict[tuple[str, ...], tuple[str, ...]] = {}  # copies share their words: read once
    for f in feats:
        names = found.get(f.words)
        if names is None:
            names = tuple(dict.fromkeys(w for w in f.words if w in name_words))
            if not parts.keys().isdisjoint(names):
                names = tuple(dict.fromkeys(chain(*((w, *parts.get(w, ())) for w in names))))
            found[f.words] = names
        other = spell.of(f.copy_text)
        if other:
            other = tuple(w for w in other if w not in names)
        if any(w in parts for w in names):
            # The pieces of a run-together name are words of the post too (names are words).
            other = (*other, *(p for p in names if p not in f.words and p not in other))
        if other:
            out.append(_with_names(f, (*names, *other), (*f.words, *other)))
        else:
            out.append(_with_names(f, names) if names != f.names else f)
    return out


GLUED_PIECES = 3  # a run-together name is read as at most this many of the day's names


def split_glued(name_words: set[str]) -> dict[str, tuple[str, ...]]:
    """Per run-together name of the day, the day's names it is made of.

    ``gemini2flash`` is ``Gemini 2 Flash`` and ``openaio3`` (``OpenAIo3``) is ``OpenAI o3``,
    written without their spaces: the spaced posts name ``gemini`` and ``flash``, the glued
    one only its own word, so they shared no name to join on. A name that reads as two or
    three of the day's names end to end (a lone digit between them is a version, no name of
    its own) also stands for those names. The fewest pieces win, then the longest first piece.
    """
    out: dict[str, tuple[str, ...]] = {}
    for word in name_words:
        if len(word) < 5 or not word[:2].isalpha() or not word.isascii():
            continue
        if "/" in word or "-" in word or word.isdigit():
            continue
        pieces = _pieces(word, name_words, GLUED_PIECES)
        if pieces:
            out[word] = pieces
    return out


def _pieces(word: str, names: set[str], most: int) -> tuple[str, ...] | None:
    """``word`` read as 2 to ``most`` names of ``names`` end to end, or None."""
    for count in range(2, most + 1):
        found = _split(word, count, names)
        if found:
            return found
    return None


def _split(text: str, count: int, names: set[str]) -> tuple[str, ...] | None:
    """``text`` as ``count`` names of ``names`` end to end, the longest first piece first; a
    lone digit after a piece that ends in a letter is its version (``gemini2flash``)."""
    if count == 1:
        return (text,) if text in names else None
    for k in range(len(text) - 2, 1, -1):
        head = text[:k]
        if head not in names:
            continue
        rest = text[k:]
        found = _split(rest, count - 1, names)
        if found:
            return (head, *found)
        if rest[0].isdigit() and rest[1].isalpha() and head[-1].isalpha():
            found = _split(rest[1:], count - 1, names)
            if found:  # the spaced posts name the version with its line too (``gemini2``)
                return (head, head + rest[0], *found)
    return None


class _Spellings:
    """The other spellings of the day's names that a post's text may use.

    A product written as one word (``kanana5plus``, ``quartz-4turbo``) is the same name as its
    spaced form (``Kanana 5 Plus``, ``Quartz-4 Turbo``, whose single digit is no name of its
    own). A post whose words, run together (hyphens aside), make a name that the day writes
    so gets that name.
    """

    def __init__(self, name_words: set[str]) -> None:
        # Run-together names: their letters and digits without hyphens → the names so written
        # (``openelm-1.5`` and ``openelm1.5`` are both ``openelm1.5``).
        self.glued: dict[str, tuple[str, ...]] = {}
        for word in sorted(name_words):
            if len(word) >= 5 and word[:2].isalpha() and "/" not in word:
                key = word.replace("-", "")
                self.glued[key] = (*self.glued.get(key, ()), word)
        self.prefixes = {g[:k] for g in self.glued for k in range(1, len(g))}
        self.names = name_words
        self.cache: dict[str, tuple[str, ...]] = {}

    def of(self, text: str) -> tuple[str, ...]:
        """The day's names that ``text`` (a ``copy_text``) writes in another spelling."""
        known = self.cache.get(text)
        if known is not None:
            return known
        out: list[str] = []
        spaced = _PARTICLE_AT.sub(" ", text) if _HANGUL.search(text) else text
        tokens = spaced.split()
        prefixes, glued = self.prefixes, self.glued
        if _LONE_DIGIT.search(spaced):
            out += self._versions(tokens)
        if prefixes.isdisjoint(tokens):
            tokens = []  # it writes no name of the day run together
        for start, token in enumerate(tokens):
            if token not in prefixes:
                continue
            joined = token
            end = start + 1
            while end < len(tokens) and end - start < 5:
                joined += tokens[end]
                end += 1
                written = glued.get(joined)
                if written:
                    # A hyphenated name written spaced is split_compounds' to match, by its parts.
                    out += (name for name in written if name.split("-") != tokens[start:end])
                if joined not in prefixes:
                    break
        found = self.cache[text] = tuple(dict.fromkeys(out))
        return found

    def _versions(self, tokens: Sequence[str]) -> list[str]:
        """A name and the one-digit version after it, as one name (``Dalbit 7`` → ``dalbit7``,
        ``HyperCLOVA X 4`` → ``hyperclovax4``): the digit alone is too short to be a name."""
        out = []
        names = self.names

        def version(at: int) -> bool:
            """Whether ``tokens[at]`` is one digit that ends a name: what follows is a name,
            a function word or nothing (``MMLU, 0 points`` counts points), and not three
            digits (``MATH, 1,024`` reads ``math 1 024``: the digit starts a number)."""
            if at >= len(tokens) or len(tokens[at]) != 1 or not tokens[at].isdigit():
                return False
            after = tokens[at + 1] if at + 1 < len(tokens) else ""
            if len(after) == 3 and after.isdigit():
                return False
            return not after or after in names or after in _STOP or after in _PARTICLES

        for k, token in enumerate(tokens[:-1]):
            if token in names and token.isalpha():
                nxt = tokens[k + 1]
                if version(k + 1):
                    out.append(token + nxt)
                elif len(nxt) == 1 and nxt.isalpha() and version(k + 2):
                    out.append(token + nxt + tokens[k + 2])
        return out


_LONE_DIGIT = re.compile(r"(?<![\w.])\d(?![\w.])")
# Korean writes its particles onto the word before (``Kanana 5 Plus를``, ``Dalbit 7이``): a
# Latin or digit run is read apart from the Hangul after it.
_PARTICLE_AT = re.compile(r"(?<=[0-9a-z])(?=[가-힣])")
_PARTICLES = frozenset(
    "이 가 은 는 을 를 의 에 와 과 도 로 으로 에서 에게 까지 부터 이다 이고 입니다".split()
)


def _with_names(
    f: Features, names: tuple[str, ...], words: tuple[str, ...] | None = None
) -> Features:
    """``replace(f, names=names)`` (and ``words``, if given), five times cheaper: ``Features``
    has nothing to check or derive, so its fields are copied as they are."""
    out = object.__new__(Features)
    out.__dict__.update(f.__dict__, names=names)
    if words is not None:
        out.__dict__["words"] = words
    return out


def split_compounds(feats: Sequence[Features], rows: Sequence[int] | None = None) -> list[Features]:
    """``feats`` with each hyphenated name (of the items ``rows``, all by default) taken apart:
    its parts are added to the item's words, and those the day uses as names (or that carry a
    digit) stand for it among the names. A compound none of whose parts is a name
    (``SQLite-backed``, ``Multi-Turn``) describes, it does not name.

    One product is written ``Lumen-2.1-Turbo``, ``Lumen 2.1 Turbo`` and ``lumen 2.1``; as one
    token the first matches neither of the others.
    """
    day: set[str] = set()
    for f in feats:
        day.update(f.names)
    out = list(feats)
    for row in range(len(feats)) if rows is None else rows:
        f = feats[row]
        if not any("-" in name for name in f.names):
            continue
        parts: list[str] = []
        kept: list[str] = []
        for name in f.names:
            pieces = (
                [
                    p
                    for p in name.split("-")
                    if len(p) >= 2 and p not in _STOP and p not in _COMMON_CAPS
                ]
                if "-" in name
                else []
            )
            parts += pieces
            named = [p for p in pieces if p in day or _DIGIT.search(p)]
            kept += named if pieces else [name]
        words = tuple(dict.fromkeys([*f.words, *parts]))
        out[row] = replace(f, words=words, names=tuple(dict.fromkeys(kept)))
    return out


def normalise(text: str, nfkc: bool = True) -> str:
    """NFKC (unless the text is already) and case-folded, non-word runs made one space."""
    text = (unicodedata.normalize("NFKC", text) if nfkc else text).casefold()
    return _NON_WORD.sub(" ", text).strip()


_NON_WORD = re.compile(r"[^\w%$.]+|(?<!\w)[.]|[.](?!\w)")
_ASCII_NON_WORD = {c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) in "_%$.")}
_LONE_DOT = re.compile(r"(?<!\w)[.]|[.](?!\w)")
# A token with what decides its part: a ``#`` before it (a hashtag) and a sentence end after.
# (Neither can start a token, so taking them into the match finds the same tokens.)
_TOKEN_AT = re.compile(rf"([#]?)({_TOKEN.pattern})([.!?\n:]?)")
# What a token is, whatever its place: see ``_token_kind``. (Kinds below ``_NAME`` never name.)
_SKIP, _WORD, _BIGRAMS, _NAME, _LOWER, _CAPITAL = range(6)


def _token_kind(token: str) -> tuple[str, int]:
    """A token's word and what it is wherever it stands.

    ``_BIGRAMS``: a Hangul run (its words are ``_bigrams``); ``_SKIP``: no word (too short,
    a stop word); ``_WORD``: a word that names nothing; ``_NAME``: a name wherever it stands
    (digits, ``owner/repo``, capitals inside); ``_LOWER``: written in lower case;
    ``_CAPITAL``: capitalised, a name unless it starts a sentence.
    """
    if token[0] >= "가":
        return token, _BIGRAMS
    low = token.lower()
    if low[0] == "$":
        low = low[1:]
    if len(low) < 2 or low in _STOP:
        return low, _SKIP
    if low in _COMMON_CAPS:
        return low, _WORD
    if token == low:
        return low, (_NAME if _DIGIT.search(low) or "/" in low else _LOWER)
    if token[1:] != low[1:] or _DIGIT.search(low):
        return low, _NAME
    return low, _CAPITAL


@functools.lru_cache(maxsize=1 << 16)
def _bigrams(run: str) -> tuple[str, ...]:
    """The character bigrams of a Hangul run."""
    return tuple(run[i : i + 2] for i in range(len(run) - 1))


class _Tokens(dict[str, tuple[str, int, tuple[str, ...]]]):
    """Per token, its word, its kind (``_token_kind``) and the words it adds to an item's."""

    def __missing__(self, token: str) -> tuple[str, int, tuple[str, ...]]:
        word, kind = _token_kind(token)
        adds = _bigrams(word) if kind == _BIGRAMS else () if kind == _SKIP else (word,)
        if len(self) >= 1 << 17:
            self.clear()  # a bound for a long-lived process (a 50k day has ~11,000 words)
        self[token] = out = (word, kind, adds)
        return out


_TOKENS = _Tokens()


MAX_CHARS = 2000

# Features already read, by the item object they were read from, for as long as it lives.
# An ``Item`` is frozen, so one object always gives the same features: the novelty check reads
# the items the build just read without reading them again. (A cache by the item's fields
# must hold all that ``extract`` reads, the URL and links too: a cross-post repeats its
# original's text under another permalink.)
_read: dict[int, tuple[weakref.ref[Item], Features]] = {}


def extract(item: Item, max_chars: int = MAX_CHARS) -> Features:
    """The features of one item (pure, cheap: a few microseconds per short post)."""
    if max_chars != MAX_CHARS:
        return _extract(item, max_chars)
    known = _known(item)
    if known is not None:
        return known
    features = _extract(item, max_chars)
    _remember(item, features)
    return features


def _known(item: Item) -> Features | None:
    """What ``extract`` read from this very item object, if it did."""
    known = _read.get(id(item))
    return known[1] if known is not None and known[0]() is item else None


def _remember(item: Item, features: Features) -> None:
    """Keep ``features`` in ``_read`` for as long as ``item`` lives."""
    key = id(item)

    def forget(ref: weakref.ref[Item]) -> None:
        if _read.get(key, (None,))[0] is ref:
            del _read[key]

    _read[key] = (weakref.ref(item, forget), features)


_FIELDS = tuple(f.name for f in fields(Features))

# What ``_read_text`` reads: the fields of ``Features`` after ``permalink`` and ``links``.
_Text = tuple[
    tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], str, int, str | None,
    bool, str, bool,
]  # fmt: skip


# A day with this many texts to read has a second process read most of them (see PARENT_SHARE).
FORK_TEXTS = 4000
PARENT_SHARE = 3  # eighths of the texts the parent reads beside the links


def _links(items: Sequence[Item], known: Sequence[Features | None]) -> list[list[str]]:
    """The links of each item not read before (an empty list for the others)."""
    return [item_links(item) if k is None else [] for item, k in zip(items, known, strict=True)]


def extract_all(items: Sequence[Item]) -> list[Features]:
    """``extract`` of each of ``items``; the text of items that repeat one text is read once.

    A day repeats many texts (copies, retweets, stock lines): a third of the items of a busy
    day have a text another item has already. On a big day a forked child (``fork.in_child``)
    reads the later texts while this process reads the links and the first three eighths.
    """
    from digest.stories.fork import in_child

    out: list[Features | None] = [_known(item) for item in items]
    first: dict[tuple[str | None, str, str | None], int] = {}  # a text → its place in `unread`
    unread: list[Item] = []
    for item, known in zip(items, out, strict=True):
        if known is None:
            first.setdefault((item.title, item.text, item.language), len(unread))
            if len(first) > len(unread):
                unread.append(item)

    def read(part: Sequence[Item]) -> list[_Text]:
        return [_read_text(item, MAX_CHARS) for item in part]

    if len(unread) >= FORK_TEXTS:
        # This process reads the links too (about half as long as reading every text), so it
        # takes fewer texts: both finish together.
        mine = len(unread) * PARENT_SHARE // 8
        with in_child(lambda: read(unread[mine:])) as theirs:
            links = _links(items, out)
            texts = read(unread[:mine]) + theirs()
    else:
        links = _links(items, out)
        texts = read(unread)
    for index, item in enumerate(items):
        if out[index] is None:
            features = _known(item)  # read already if this item object came earlier too
            if features is None:
                text = texts[first[(item.title, item.text, item.language)]]
                features = _features(item, links[index], text)
                _remember(item, features)
            out[index] = features
    return out  # type: ignore[return-value]


def _extract(item: Item, max_chars: int) -> Features:
    return _with_links(item, _read_text(item, max_chars))


def _with_links(item: Item, text: _Text) -> Features:
    """The features of ``item`` from what its text says (``_read_text``) and its links."""
    return _features(item, item_links(item), text)


def _features(item: Item, every: list[str], text: _Text) -> Features:
    """The features of ``item`` from its links (``item_links``) and what its text says."""
    # ``Features(...)``, without the frozen dataclass's field-by-field ``__init__``: nothing
    # is checked or derived, and a day makes one per item.
    out = object.__new__(Features)
    out.__dict__.update(
        zip(
            _FIELDS,
            (every[0] if item.url else None, tuple(filter(_specific, every)), *text),
            strict=True,
        )
    )
    return out


def _read_text(item: Item, max_chars: int) -> _Text:
    """What an item's title, text and language say, in the order of ``Features``' fields."""
    raw = f"{item.title}\n{item.text}" if item.title and item.title not in item.text else item.text
    raw = _nfkc(raw[:max_chars])
    retweet = _RETWEET.match(raw)
    body = raw[retweet.end() :] if retweet else raw
    plain = _no_urls(body)
    korean = bool(_HANGUL.search(plain)) or item.language == "ko"

    words: list[str] = []
    names: list[str] = []
    maybe: list[str] = []
    lower: list[str] = []
    text = _MENTION.sub(" ", plain) if "@" in plain else plain
    found = _TOKEN_AT.findall(text)
    # In Korean text a Latin word among Korean words is a name ("ollama를 써 보니");
    # one inside a quoted English sentence is just English.
    hangul = [token[0] >= "가" for _, token, _ in found] if korean else []
    last = len(found) - 1
    sentence_start = True
    tokens = _TOKENS
    for index, (hashmark, token, ender) in enumerate(found):
        starts = sentence_start
        sentence_start = ender != ""
        word, kind, adds = tokens[token]
        words += adds
        # A hashtag names a topic (#NLP, #GenAI), not an event.
        if kind < _NAME or hashmark:
            continue
        if kind == _NAME:
            names.append(word)
            continue
        near = korean and (
            (index > 0 and hangul[index - 1]) or (index < last and hangul[index + 1])
        )
        if kind == _LOWER:
            (maybe if near else lower).append(word)
        else:
            (maybe if starts and not near else names).append(word)

    if "@" in plain:
        # A handle is an account's name: its words ("@ieum_ai", "@salesforce") are the post's
        # words, names when the day writes them as names, but no evidence of their case.
        for mention in _ADDRESSED.findall(plain):
            for piece in mention.lower().split("_"):
                if piece:
                    words += tokens[piece][2]
    if not _UPPER.search(plain):
        lower = []  # a post written all in lower case says nothing about which words are names
    cut = _cut(plain)
    if cut:
        plain = plain[: cut.start()]
    # A cut inside a trailing link ("https://upstage.ai/news/accel-backs-upstag...") cuts the post.
    truncated = cut is not None or bool(_cut(body))
    copy_text = _copy_text(plain, truncated)
    body_text = ""
    if raw != item.text[:max_chars] and item.text:
        body = _nfkc(item.text[:max_chars])
        body = _no_urls(body[retweet.end() :] if retweet and body.startswith("RT") else body)
        body_cut = _cut(body)
        body_text = _copy_text(body[: body_cut.start()] if body_cut else body, body_cut is not None)
    return (
        tuple(words),
        tuple(dict.fromkeys(names)),
        tuple(dict.fromkeys(maybe)),
        tuple(dict.fromkeys(lower)),
        copy_text,
        copy_text.count(" ") + 1 if copy_text else 0,
        retweet.group("who").lower() if retweet else None,
        truncated,
        body_text,
        _roundup(item.text),
    )


def _no_urls(text: str) -> str:
    """``text`` with its URLs made spaces."""
    return _URL.sub(" ", text) if "://" in text or "www." in text.lower() else text


def _cut(text: str) -> re.Match[str] | None:
    """Where a feed or a preview cut ``text``, if it did (every cut has an ellipsis)."""
    return _CUT.search(text) if "…" in text or "..." in text else None


def _roundup(text: str) -> bool:
    """Whether ``text`` puts links on ``ROUNDUP_LINES`` lines or more."""
    # A link never spans two lines, so a text with fewer links has fewer such lines; and each
    # link starts with its own "http" or "www.", so a text with fewer of those has fewer links.
    folded = text.lower()
    if folded.count("http") + folded.count("www.") < ROUNDUP_LINES:
        return False
    if len(_URL.findall(text)) < ROUNDUP_LINES:
        return False
    return sum(1 for line in text.splitlines() if _URL.search(line)) >= ROUNDUP_LINES


_specific = functools.lru_cache(maxsize=65536)(specific)


def _nfkc(text: str) -> str:
    # Most posts are already in NFKC form; checking is much cheaper than normalising, and
    # ASCII text always is.
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def _copy_text(plain: str, truncated: bool) -> str:
    if "(" in plain:
        plain = _VIA.sub(" ", plain)
    if "#" in plain:
        plain = _HASHTAG.sub(" ", plain)
    folded = plain.casefold()
    if folded.isascii():
        # ``normalise`` for ASCII text, by a table: one space per non-word character (the
        # runs become one space below), then the dots that are not inside a word.
        spaced = folded.translate(_ASCII_NON_WORD)
        if "." in spaced:
            spaced = _LONE_DOT.sub(" ", spaced)
        text = " ".join(spaced.split())
    else:
        text = " ".join(normalise(plain, nfkc=False).split())
    if truncated:
        text = text.rpartition(" ")[0]  # the cut's last word may be partial ("To ap…")
    return text
