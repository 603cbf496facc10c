"""URL hygiene: a canonical key to spot duplicate links, and a safe form to show readers.

Two functions, two jobs:

- ``canonical_url`` makes the *key* two links share when they point at the same thing
  (``http://www.Example.com/a/?utm_source=x`` and ``https://example.com/a`` agree). It is never
  shown to readers and may rewrite aggressively (site aliases, arXiv versions, tweet paths).
- ``clean_url`` makes the *link* a reader clicks: only http(s) with a host, tracking
  parameters removed, characters that could break a Markdown link target percent-encoded,
  and otherwise the URL as the source gave it.

Decisions callers should know:

- ``source=`` is treated as tracking only when its value looks like a campaign tag
  (``rss``, ``twitter``, ``newsletter``, Medium's ``post_page-----…``, ...); elsewhere it is
  kept because some sites use it for content.
- ``ref=`` is tracking except on code hosts' file and tree pages (GitHub, GitLab, Bitbucket),
  where it names a branch.
- ``clean_url`` drops any ``user:password@`` part (a phishing and a leak risk), resolves
  relative links only when given a usable ``base`` (``None`` otherwise), gives a
  protocol-relative ``//host/x`` link ``https:`` when there is no base, reads backslashes
  before the query as slashes and drops tabs/newlines anywhere (as browsers do), and
  returns ``None`` for an empty link.
- ``canonical_url`` keys: tweets become ``https://x.com/i/status/<id>``, YouTube videos
  ``https://youtube.com/watch?v=<id>`` (other parameters, including ``t``, dropped), Reddit
  posts ``https://reddit.com/comments/<id>``, GitHub owner/repo lower-cased; the path gets one
  percent-encoding and the remaining query is sorted.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import (
    SplitResult,
    parse_qsl,
    quote,
    unquote,
    unquote_plus,
    urlencode,
    urljoin,
    urlsplit,
)

__all__ = ["canonical_url", "clean_url", "is_tracking_param"]

# Exact parameter names (lower-cased) that only ever carry tracking data.
_TRACKING_NAMES = frozenset(
    {
        # ad click ids
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "ymclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "rdt_cid",
        "epik",
        "irclickid",
        # social share tags
        "igshid",
        "igsh",
        "mibextid",
        "ref_src",
        "ref_url",
        "__twitter_impression",
        "share_id",
        "sr_share",
        # newsletters and marketing automation
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "__hstc",
        "__hssc",
        "__hsfp",
        "hsctatracking",
        "mkt_tok",
        "__s",
        "_bta_tid",
        "_bta_c",
        "ck_subscriber_id",
        "oly_anon_id",
        "oly_enc_id",
        "rb_clickid",
        "s_cid",
        "s_kwcid",
        "ef_id",
        # publishers and portals
        "spm",
        "scm",
        "cmpid",
        "ocid",
        "ncid",
        "smid",
        "smtyp",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
        "at_medium",
        "at_campaign",
        "wt.mc_id",
        "wt_mc_id",
        "_ga",
        "_gl",
        "_branch_match_id",
        "_branch_referrer",
    }
)
# Parameter name prefixes (lower-cased) of whole tracking families.
_TRACKING_PREFIXES = ("utm_", "vero_", "oly_", "pk_", "mtm_", "hsa_", "wt.", "__hs")
# Values of ``source=`` that are campaign tags, not content.
_SOURCE_TRACKER = re.compile(
    r"^(rss|atom|feed|feedly|newsletter|email|e-?mail|mail|twitter|tw|x|facebook|fb|linkedin|"
    r"li|reddit|hn|hackernews|hacker_?news|social|share|sharing|copy_?link|app|ios|android|"
    r"homepage|home|telegram|discord|mastodon|threads|bluesky|substack|medium|post_page)"
    r"([-_.].*)?$|-{3,}",
    re.IGNORECASE,
)
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")
# Paths where a code host reads ``?ref=`` as a branch or tag (files, trees, edits, the API).
_CODE_REF_PATH = re.compile(r"/(?:blob|tree|raw|edit|commits|contents|-/blob|-/tree|src)/")
_YOUTUBE_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com")
_SPOTIFY_HOSTS = ("spotify.com", "spotify.link")
_X_HOSTS = ("x.com", "twitter.com")
# Extra per-site noise that canonical_url drops (clean_url keeps it: a timestamp helps readers).
_CANONICAL_NOISE = {
    "youtube.com": frozenset({"t", "start", "feature", "pp", "ab_channel", "app", "index"}),
    "x.com": frozenset({"lang", "cxt"}),
    "linkedin.com": frozenset({"trk", "trackingid", "lipi", "refid", "rcm", "originalsubdomain"}),
}

_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_ALIASES = {
    "twitter.com": "x.com",
    "mobile.twitter.com": "x.com",
    "m.twitter.com": "x.com",
    "mobile.x.com": "x.com",
    "m.x.com": "x.com",
    "m.youtube.com": "youtube.com",
    "music.youtube.com": "youtube.com",
    "youtube-nocookie.com": "youtube.com",
    "m.facebook.com": "facebook.com",
    "mobile.facebook.com": "facebook.com",
    "mbasic.facebook.com": "facebook.com",
    "fb.com": "facebook.com",
    "m.reddit.com": "reddit.com",
    "old.reddit.com": "reddit.com",
    "new.reddit.com": "reddit.com",
    "np.reddit.com": "reddit.com",
    "i.reddit.com": "reddit.com",
    "m.instagram.com": "instagram.com",
    "m.linkedin.com": "linkedin.com",
    "m.tiktok.com": "tiktok.com",
    "m.imdb.com": "imdb.com",
    "m.economictimes.com": "economictimes.com",
    "m.huffpost.com": "huffpost.com",
    "mobile.reuters.com": "reuters.com",
    "mobile.nytimes.com": "nytimes.com",
    "m.naver.com": "naver.com",
    "m.blog.naver.com": "blog.naver.com",
    "m.news.naver.com": "news.naver.com",
    "m.cafe.naver.com": "cafe.naver.com",
    "m.post.naver.com": "post.naver.com",
    "m.daum.net": "daum.net",
    "m.news.daum.net": "news.daum.net",
    "m.blog.daum.net": "blog.daum.net",
    "m.bbc.co.uk": "bbc.co.uk",
    "m.bbc.com": "bbc.com",
    # Tweet mirrors and embed fixers: the same status under another host.
    "fxtwitter.com": "x.com",
    "fixupx.com": "x.com",
    "fixvx.com": "x.com",
    "vxtwitter.com": "x.com",
    "twittpr.com": "x.com",
    "xcancel.com": "x.com",
    "nitter.net": "x.com",
    "nitter.poast.org": "x.com",
    "nitter.privacydev.net": "x.com",
    "nitter.tiekoetter.com": "x.com",
    "export.arxiv.org": "arxiv.org",
    "ar5iv.org": "arxiv.org",
    "ar5iv.labs.arxiv.org": "arxiv.org",
}
# Wikimedia mobile hosts: en.m.wikipedia.org -> en.wikipedia.org.
_WIKI_MOBILE = re.compile(
    r"^([a-z0-9-]+)\.m\.(wikipedia|wiktionary|wikibooks|wikiquote|wikisource|wikinews|"
    r"wikiversity|wikivoyage|wikimedia|wikidata)\.org$"
)
_ARXIV_PATH = re.compile(
    r"^/(?:abs|pdf|html|format)/"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[a-z]{2})?/\d{7})"
    r"(?:v\d+)?(?:\.pdf)?/?$",
    re.IGNORECASE,
)
_TWEET_PATH = re.compile(r"^/(?:[A-Za-z0-9_]{1,50}|i(?:/web)?)/status(?:es)?/(?P<id>\d+)(?:/.*)?$")
_YOUTUBE_ID_PATH = re.compile(r"^/(?:shorts|embed|live|v)/(?P<id>[A-Za-z0-9_-]{6,})/?$")
_REDDIT_POST = re.compile(
    r"^/(?:r|user|u)/[^/]+/comments/(?P<id>[a-z0-9]+)(?:/[^/]*(?:/(?P<c>[a-z0-9]+))?)?/?$",
    re.IGNORECASE,
)
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?"
_HOST_OK = re.compile(rf"^(?:{_LABEL}\.)*{_LABEL}$")
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
# Characters clean_url percent-encodes so a URL cannot break out of `[label](target)`.
_MD_UNSAFE = frozenset(" ()<>\"'\\")


def is_tracking_param(name: str, value: str = "", host: str = "", path: str = "") -> bool:
    """Whether a query parameter only tracks the click (``host``/``path`` enable site rules)."""
    key = name.strip().lower()
    if key in _TRACKING_NAMES or key.startswith(_TRACKING_PREFIXES):
        return True
    site = _site(host)
    if key == "ref":
        # On code hosts ``ref`` names a branch where files are shown; elsewhere (a release,
        # an issue, a repository's front page) it is a referrer tag like ``?ref=newsletter``.
        return site not in _CODE_HOSTS or not _CODE_REF_PATH.search(path)
    if key == "source":
        return bool(_SOURCE_TRACKER.search(value.strip()))
    if key == "si":
        return site in _YOUTUBE_HOSTS or site in _SPOTIFY_HOSTS
    if key in ("s", "t"):
        return site in _X_HOSTS
    if key in ("feature", "pp", "ab_channel"):
        return site in _YOUTUBE_HOSTS
    if key == "rdt":
        return site == "reddit.com"
    return site == "linkedin.com" and key in ("trk", "trackingid", "lipi", "refid", "rcm")


TWEET_KEY = "https://x.com/i/status/"  # a tweet's key, before its id, whatever host showed it


@functools.lru_cache(maxsize=65536)
def canonical_url(url: str) -> str:
    """The key two links share when they point at the same page (not meant for display)."""
    text = str(url)
    if "\t" in text or "\n" in text or "\r" in text:
        text = _TAB_NEWLINE.sub("", text)
    text = text.strip()
    try:
        return _canonical(text)
    except (ValueError, UnicodeError):
        return text


def clean_url(url: str, base: str | None = None) -> str | None:
    """The URL as shown to readers: http(s) only, trackers removed, Markdown-safe; else None."""
    try:
        return _clean(str(url), base)
    except (ValueError, UnicodeError):
        return None


# Most links: http(s), a plain host (no user, port or brackets), then anything. ``urlsplit``
# reads them as this does, and reading them so is several times cheaper.
_SIMPLE_URL = re.compile(
    r"(?P<scheme>https?)://(?P<host>[A-Za-z0-9.-]+)(?P<path>/[^?#]*)?(?:\?(?P<query>[^#]*))?(?:#.*)?",
    re.DOTALL,
)


def _canonical(text: str) -> str:
    simple = _SIMPLE_URL.fullmatch(text)
    if simple:
        parts = None
        scheme, hostname = simple["scheme"], simple["host"].lower()
        path, query = simple["path"] or "", simple["query"] or ""
    else:
        parts = urlsplit(text)
        scheme, hostname, path, query = (
            parts.scheme.lower(),
            parts.hostname or "",
            parts.path,
            parts.query,
        )
    if scheme not in ("http", "https"):
        if not scheme and text.startswith("//"):
            return _canonical("https:" + text)
        return text
    hosts = _key_hosts(hostname)
    if hosts is None:
        return text
    host, site = hosts
    amp = _amp_target(host, path)
    if amp is not None:
        return _canonical(amp)
    host = site
    port = parts.port if parts is not None else None  # raises ValueError for a bad port
    netloc = host if port is None or port in _DEFAULT_PORTS.values() else f"{host}:{port}"
    path = _strip_amp(_normal_path(path))
    pairs = [
        (k, v)
        for k, v in (parse_qsl(query, keep_blank_values=True) if query else ())
        if k.lower() not in ("amp", "outputtype") or v.lower() not in ("", "1", "true", "amp")
    ]

    special = _special_forms(host, path, pairs)
    if special is not None:
        return special

    noise = _CANONICAL_NOISE.get(host, frozenset())
    kept = sorted(
        (k, v)
        for k, v in pairs
        if not is_tracking_param(k, v, host, path) and k.lower() not in noise
    )
    if host in _CODE_HOSTS:
        segments = path.split("/")
        path = "/".join(s.lower() if i < 3 else s for i, s in enumerate(segments))
        path = path.removesuffix(".git")
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = urlencode(kept, quote_via=quote, safe="/:@!$'()*,;~") if kept else ""
    return f"https://{netloc}{path}" + (f"?{query}" if query else "")


@functools.lru_cache(maxsize=4096)
def _key_hosts(hostname: str) -> tuple[str, str] | None:
    """A link's host as AMP viewers are recognised by, and as its key has it; None if invalid.

    A day's links come from a few hundred hosts: each is worked out once.
    """
    host = _normal_host(hostname)
    if not host:
        return None
    host = host.removeprefix("www.")
    host = _HOST_ALIASES.get(host, host)
    if host.startswith("nitter.") or host.endswith(".nitter.net"):
        host = "x.com"  # self-hosted Nitter instances
    site = host
    if site.startswith("amp.") and site.count(".") >= 2:
        site = site.removeprefix("amp.")
    wiki = _WIKI_MOBILE.match(site)
    if wiki:
        site = f"{wiki.group(1)}.{wiki.group(2)}.org"
    if site.startswith(("mobile.", "m.")) and site.count(".") >= 2:
        # A site's mobile host (m.zdnet.co.kr, mobile.reuters.com) serves its pages.
        site = site.partition(".")[2]
    return host, site


_AMP_CACHE = re.compile(r"^/(?:[cvi]/)?(?:s/)?(?P<rest>[^/]+\.[^/]+/.*)$")
_AMP_SUFFIX = re.compile(r"(?:/amp|\.amp|/amp\.html)/?$", re.IGNORECASE)


def _amp_target(host: str, path: str) -> str | None:
    """The page an AMP cache or Google AMP viewer URL stands for, if it is one."""
    if host.endswith(".cdn.ampproject.org") or (
        host in ("google.com", "news.google.com") and path.startswith("/amp/")
    ):
        rest = path.removeprefix("/amp") if host.endswith("google.com") else path
        match = _AMP_CACHE.match(rest)
        if match:
            return "https://" + match.group("rest")
    return None


def _strip_amp(path: str) -> str:
    """``/news/story/amp`` and ``/news/story.amp.html`` → the page itself; ``/amp/x`` → ``/x``."""
    if "amp" not in path.lower():
        return path
    if path.lower().endswith(".amp.html"):
        return path[: -len(".amp.html")] + ".html"
    stripped = _AMP_SUFFIX.sub("", path)
    if stripped != path:
        return stripped or "/"
    if path.startswith("/amp/") and len(path) > 5:
        return path[4:]
    return path


def _special_forms(host: str, path: str, pairs: list[tuple[str, str]]) -> str | None:
    """Site-specific canonical forms (arXiv ids, YouTube videos, tweets, Reddit posts)."""
    if host == "arxiv.org":
        match = _ARXIV_PATH.match(path)
        if match:
            return f"https://arxiv.org/abs/{match.group('id').lower()}"
    video: str | None = None
    if host == "youtu.be":
        video = path.strip("/").split("/")[0]
    elif host == "youtube.com":
        match = _YOUTUBE_ID_PATH.match(path)
        if match:
            video = match.group("id")
        elif path.rstrip("/") == "/watch":
            video = next((v for k, v in pairs if k == "v" and v), None)
    if video:
        return f"https://youtube.com/watch?v={quote(video, safe='')}"
    if host == "x.com":
        match = _TWEET_PATH.match(path)
        if match:
            return f"{TWEET_KEY}{match.group('id')}"
    if host == "reddit.com":
        match = _REDDIT_POST.match(path)
        if match:
            post = f"https://reddit.com/comments/{match.group('id').lower()}"
            comment = match.group("c")
            return f"{post}/_/{comment.lower()}" if comment else post
    if host == "redd.it":
        post_id = path.strip("/")
        if re.fullmatch(r"[a-z0-9]+", post_id, re.IGNORECASE):
            return f"https://reddit.com/comments/{post_id.lower()}"
    return None


_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_SCHEME_END = re.compile(r"[/?#]")
# The characters _escape_char encodes, for ASCII text: controls, space and _MD_UNSAFE.
_ASCII_ESCAPED = re.compile(r"[\x00-\x20\x7f()<>\"'\\]")
_ASCII_UNSAFE = re.compile(r"[\x00-\x20\x7f]")  # _is_unsafe_char's ASCII characters


def _clean(text: str, base: str | None) -> str | None:
    plain = _PLAIN_ABSOLUTE.fullmatch(text)
    if plain is not None:  # what the general reading below makes of it, at a fraction of the cost
        scheme, hostname, rest = plain.group(1, 2, 3)
        rest, _, fragment = (rest or "").partition("#")
        path, _, query = rest.partition("?")
        port = None
    else:
        parts = _general_parts(text, base)
        if parts is None:
            return None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.netloc:
            return None
        hostname, path, query, fragment = (
            parts.hostname or "",
            parts.path,
            parts.query,
            parts.fragment,
        )
        port = parts.port  # raises ValueError for a bad port
    host = _normal_host(hostname)
    if not host:
        return None
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    query = query and "&".join(
        piece for piece in query.split("&") if piece and not _tracking_piece(piece, host, path)
    )
    url = f"{scheme}://{host}{path or '/'}"
    if query:
        url += f"?{query}"
    if fragment:
        url += f"#{fragment}"
    if url.isascii():
        return _ASCII_ESCAPED.sub(lambda match: quote(match.group(), safe=""), url)
    return "".join(_escape_char(c) for c in url)


# The links most feeds carry: http(s), lower-case scheme, a plain host (no user, port or
# brackets), then nothing but printable ASCII other than backslash (one scan of the text).
# ``urlsplit`` reads them as this does, and nothing before it changes them.
_PLAIN_ABSOLUTE = re.compile(r"(https?)://([A-Za-z0-9.-]+)([/?#][\x21-\x5b\x5d-\x7e]*)?")


def _general_parts(text: str, base: str | None) -> SplitResult | None:
    """``text`` split as a browser reads it, made absolute against ``base``; None when empty,
    relative without a usable base, or its scheme hides characters."""
    # What browsers do before parsing: drop tab/newline anywhere, trim C0 controls and space.
    text = _TAB_NEWLINE.sub("", text).strip(_C0_AND_SPACE)
    if not text:
        return None
    head = _SCHEME_END.split(text, maxsplit=1)[0]
    if ":" in head and _has_unsafe_char(head.split(":", 1)[0]):
        return None  # a scheme with hidden characters in it (``java\x00script:``)
    if text.startswith("//") and base is None:
        text = "https:" + text
    # For http(s) URLs a browser reads backslashes before the query as slashes.
    scheme_guess = head.split(":", 1)[0].lower() if ":" in head else ""
    if scheme_guess in ("http", "https", "") and not text.startswith(("?", "#")):
        cut = min((i for i in (text.find("?"), text.find("#")) if i >= 0), default=len(text))
        text = text[:cut].replace("\\", "/") + text[cut:]
    if not urlsplit(text).scheme:  # relative: only meaningful against a usable base
        base_url = _clean_base(base) if base is not None else None
        if base_url is None:
            return None
        text = urljoin(base_url, text)
    return urlsplit(text)


@functools.lru_cache(maxsize=1024)
def _clean_base(base: str) -> str | None:
    """``_clean(base, None)``, remembered: every relative link of a feed has the same base."""
    return _clean(base, None)


def _has_unsafe_char(text: str) -> bool:
    """Whether ``_is_unsafe_char`` holds for a character of ``text``."""
    if text.isascii():
        return _ASCII_UNSAFE.search(text) is not None
    return any(map(_is_unsafe_char, text))


def _tracking_piece(piece: str, host: str, path: str = "") -> bool:
    name, _, value = piece.partition("=")
    return is_tracking_param(unquote_plus(name), unquote_plus(value), host, path)


def _normal_host(host: str) -> str:
    """Lower-case, IDNA-encoded host without a trailing dot; empty when not a valid host."""
    host = host.strip().rstrip(".").lower()
    if not host:
        return ""
    if ":" in host:  # IPv6 literal (urlsplit removed the brackets)
        return f"[{host}]" if re.fullmatch(r"[0-9a-f:.]+(%[\w.~-]+)?", host) else ""
    host = unquote(host)
    if not host.isascii():
        host = ".".join(_idna_label(label) for label in host.split("."))
    return host if _HOST_OK.match(host) else ""


def _idna_label(label: str) -> str:
    if label.isascii():
        return label
    normal = unicodedata.normalize("NFKC", label).lower()
    try:
        return normal.encode("idna").decode("ascii")
    except UnicodeError:
        return "xn--" + normal.encode("punycode").decode("ascii")


def _normal_path(path: str) -> str:
    """Path with dot segments removed and one percent-encoding (for keys only).

    Each segment is decoded and encoded again, so ``(``/``%28`` and ``é``/``%C3%A9`` agree
    while an encoded ``%2F`` inside a segment stays encoded.
    """
    if "/." not in path and _PLAIN_PATH.fullmatch(path):
        return path  # no dot segment, nothing to decode or encode: the path as it is
    segments = [
        quote(
            unquote(segment, errors="surrogateescape"),
            safe="!$&'()*+,;=:@-._~",
            errors="surrogateescape",
        )
        for segment in _remove_dot_segments(path or "/").split("/")
    ]
    return "/".join(segments) or "/"


# A path of segments that percent-encoding leaves as they are (and nothing encoded).
_PLAIN_PATH = re.compile(r"(?:/[A-Za-z0-9_.~!$&'()*+,;=:@-]*)+")


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, for absolute paths."""
    out: list[str] = []
    segments = path.split("/")
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == ".":
            if last:
                out.append("")
        elif segment == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(segment)
    result = "/".join(out)
    return result if result.startswith("/") else "/" + result


def _site(host: str) -> str:
    """The registrable-ish site of a host for per-site rules (``m.youtube.com`` -> youtube)."""
    host = host.lower().split(":")[0].removeprefix("www.")
    host = _HOST_ALIASES.get(host, host)
    for site in (*_YOUTUBE_HOSTS, *_SPOTIFY_HOSTS, *_X_HOSTS, *_CODE_HOSTS, "reddit.com"):
        if host == site or host.endswith("." + site):
            return _HOST_ALIASES.get(site, site)
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        return "linkedin.com"
    return host


def _is_unsafe_char(char: str) -> bool:
    """Control, space, format (bidi, zero-width) and separator characters."""
    return unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp") or char == "\x7f"


def _escape_char(char: str) -> str:
    if char in _MD_UNSAFE or _is_unsafe_char(char):
        return quote(char, safe="")
    return char
