"""canonical_url (duplicate-link keys) and clean_url (links shown to readers)."""

from __future__ import annotations

import pytest

from digest.urls import canonical_url, clean_url, is_tracking_param

CANONICAL = [
    # scheme, host case, www, default port, fragment, trailing slash
    ("http://www.Example.com:80/a/?utm_source=x&b=2&a=1#frag", "https://example.com/a?a=1&b=2"),
    ("HTTPS://EXAMPLE.COM:443", "https://example.com/"),
    ("https://example.com/", "https://example.com/"),
    ("https://example.com:8443/x/", "https://example.com:8443/x"),
    ("https://example.com./a", "https://example.com/a"),
    ("https://user:pw@example.com/a", "https://example.com/a"),
    ("https://example.com/a/./b/../c", "https://example.com/a/c"),
    ("https://example.com/%7euser/%c3%a9", "https://example.com/~user/%C3%A9"),
    ("https://example.com/café", "https://example.com/caf%C3%A9"),
    ("https://example.com/a%2Fb/%28x%29", "https://example.com/a%2Fb/(x)"),
    ("https://example.com/%ff", "https://example.com/%FF"),
    ("https://example.com/?", "https://example.com/"),
    ("https://example.com/search?q=a+b&lang=en", "https://example.com/search?lang=en&q=a%20b"),
    # tracking families
    (
        "https://groq.com/blog/llama3-speed?utm_source=news&utm_medium=email",
        "https://groq.com/blog/llama3-speed",
    ),
    ("https://news.example/a1?fbclid=abc", "https://news.example/a1"),
    (
        "https://shop.example/p?gclid=1&dclid=2&msclkid=3&yclid=4&id=9",
        "https://shop.example/p?id=9",
    ),
    ("https://blog.example/p?mc_cid=a&mc_eid=b&_hsenc=c&_hsmi=d", "https://blog.example/p"),
    ("https://blog.example/p?mkt_tok=xyz&spm=a2&cmpid=rss&ocid=x", "https://blog.example/p"),
    ("https://blog.example/p?vero_id=1&vero_conv=2&oly_anon_id=3", "https://blog.example/p"),
    ("https://learn.microsoft.com/a?WT.mc_id=twitter", "https://learn.microsoft.com/a"),
    ("https://www.producthunt.com/posts/x?ref=hn", "https://producthunt.com/posts/x"),
    ("https://github.com/Org/Repo?ref=newsletter", "https://github.com/org/repo"),
    (
        "https://github.com/vllm-project/vllm/releases/tag/v0.4.2?ref=ainews",
        "https://github.com/vllm-project/vllm/releases/tag/v0.4.2",
    ),
    (
        "https://github.com/Org/Repo/blob/dev/a.py?ref=dev",
        "https://github.com/org/repo/blob/dev/a.py?ref=dev",
    ),
    ("https://www.instagram.com/p/abc/?igshid=x&igsh=y", "https://instagram.com/p/abc"),
    ("https://www.facebook.com/story?mibextid=abc&id=4", "https://facebook.com/story?id=4"),
    ("https://medium.com/@a/post-123?source=rss----abc---4", "https://medium.com/@a/post-123"),
    ("https://example.com/p?source=twitter", "https://example.com/p"),
    ("https://data.example/q?source=census", "https://data.example/q?source=census"),
    # X / Twitter
    (
        "https://twitter.com/drjim/status/1786429467537088741?s=20&t=abcDEF",
        "https://x.com/i/status/1786429467537088741",
    ),
    (
        "https://mobile.twitter.com/DrJim/status/1786429467537088741?ref_src=twsrc%5Etfw",
        "https://x.com/i/status/1786429467537088741",
    ),
    (
        "https://x.com/drjim/status/1786429467537088741/photo/1",
        "https://x.com/i/status/1786429467537088741",
    ),
    ("https://mobile.x.com/i/web/status/17", "https://x.com/i/status/17"),
    ("https://www.twitter.com/OpenAI", "https://x.com/OpenAI"),
    # YouTube
    ("https://youtu.be/dQw4w9WgXcQ?si=abc&t=42", "https://youtube.com/watch?v=dQw4w9WgXcQ"),
    (
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ&feature=share",
        "https://youtube.com/watch?v=dQw4w9WgXcQ",
    ),
    ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ", "https://youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://www.youtube.com/@openai", "https://youtube.com/@openai"),
    ("https://open.spotify.com/episode/abc?si=123", "https://open.spotify.com/episode/abc"),
    # arXiv
    ("https://arxiv.org/pdf/2405.00332v2.pdf", "https://arxiv.org/abs/2405.00332"),
    ("http://arxiv.org/pdf/2405.00332", "https://arxiv.org/abs/2405.00332"),
    ("https://arxiv.org/abs/2405.00332v1", "https://arxiv.org/abs/2405.00332"),
    ("https://www.arxiv.org/abs/2405.00332/", "https://arxiv.org/abs/2405.00332"),
    ("https://export.arxiv.org/abs/hep-th/9901001v3", "https://arxiv.org/abs/hep-th/9901001"),
    ("https://arxiv.org/html/2405.00332v1", "https://arxiv.org/abs/2405.00332"),
    ("https://arxiv.org/list/cs.CL/recent", "https://arxiv.org/list/cs.CL/recent"),
    # mobile hosts
    (
        "https://en.m.wikipedia.org/wiki/Transformer_(deep_learning_architecture)",
        "https://en.wikipedia.org/wiki/Transformer_(deep_learning_architecture)",
    ),
    ("https://m.facebook.com/groups/1", "https://facebook.com/groups/1"),
    ("https://mobile.reuters.com/article/x", "https://reuters.com/article/x"),
    ("https://mobile.example.co.kr/news/1", "https://example.co.kr/news/1"),
    ("https://m.blog.naver.com/user/223", "https://blog.naver.com/user/223"),
    ("https://m.zdnet.co.kr/view/?no=20240610225667", "https://zdnet.co.kr/view?no=20240610225667"),
    ("https://m.simonwillison.net/2024/Jun/10/jax/", "https://simonwillison.net/2024/Jun/10/jax"),
    ("https://m.me/someone", "https://m.me/someone"),  # a site of its own, not a mobile host
    # Reddit and Hacker News
    (
        "https://www.reddit.com/r/LocalLLaMA/comments/1cj4abc/llama_3_is_great/?share_id=x",
        "https://reddit.com/comments/1cj4abc",
    ),
    (
        "https://old.reddit.com/r/LocalLLaMA/comments/1cj4abc/",
        "https://reddit.com/comments/1cj4abc",
    ),
    ("https://redd.it/1cj4abc", "https://reddit.com/comments/1cj4abc"),
    (
        "https://www.reddit.com/r/ML/comments/1cj4abc/title/l2abcd9/",
        "https://reddit.com/comments/1cj4abc/_/l2abcd9",
    ),
    (
        "https://news.ycombinator.com/item?id=40234241",
        "https://news.ycombinator.com/item?id=40234241",
    ),
    # IDN
    ("https://bücher.example/x", "https://xn--bcher-kva.example/x"),
    ("https://xn--bcher-kva.example/x", "https://xn--bcher-kva.example/x"),
    # not http(s) or junk: returned as given (trimmed), never an exception
    ("mailto:someone@example.com", "mailto:someone@example.com"),
    ("not a url at all", "not a url at all"),
    ("http://[::1", "http://[::1"),
    ("http://example.com:99999/", "http://example.com:99999/"),
    ("", ""),
    ("  https://example.com/a  ", "https://example.com/a"),
    ("//cdn.example.com/x/", "https://cdn.example.com/x"),
]


@pytest.mark.parametrize(("url", "expected"), CANONICAL)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "variants",
    [
        [
            "https://groq.com/blog/llama3-speed?utm_source=news&utm_medium=email",
            "https://groq.com/blog/llama3-speed",
            "http://www.groq.com/blog/llama3-speed/",
            "https://GROQ.com/blog/llama3-speed#top",
        ],
        [
            "https://twitter.com/drjim/status/1786429467537088741?s=20",
            "https://x.com/drjim/status/1786429467537088741",
            "https://mobile.twitter.com/drjim/status/1786429467537088741?ref_src=twsrc",
            "https://fxtwitter.com/drjim/status/1786429467537088741",
            "https://vxtwitter.com/drjim/status/1786429467537088741",
            "https://fixupx.com/drjim/status/1786429467537088741/photo/1",
            "https://nitter.net/drjim/status/1786429467537088741#m",
            "https://nitter.example.org/drjim/status/1786429467537088741",
            "https://xcancel.com/drjim/status/1786429467537088741",
        ],
        [
            "https://www.theverge.com/2024/5/3/24148293/openai-search",
            "https://www.theverge.com/2024/5/3/24148293/openai-search/amp",
            "https://theverge.com/2024/5/3/24148293/openai-search?amp=1",
            "https://amp.theverge.com/2024/5/3/24148293/openai-search",
            "https://www-theverge-com.cdn.ampproject.org/c/s/www.theverge.com/2024/5/3/24148293/openai-search/amp",
            "https://www.google.com/amp/s/www.theverge.com/2024/5/3/24148293/openai-search",
            "https://www.theverge.com:443/2024/5/3/24148293/openai-search/",
        ],
        [
            "https://news.example.com/tech/ai-story.html",
            "https://news.example.com/tech/ai-story.amp.html",
            "https://news.example.com/amp/tech/ai-story.html",
        ],
        [
            "https://arxiv.org/abs/2405.00332",
            "https://arxiv.org/pdf/2405.00332v3",
            "http://arxiv.org/pdf/2405.00332v1.pdf",
        ],
        ["https://youtu.be/abcdefghijk", "https://www.youtube.com/watch?v=abcdefghijk&si=x"],
        [
            "https://en.wikipedia.org/wiki/Transformer_(deep_learning_architecture)",
            "https://en.m.wikipedia.org/wiki/Transformer_%28deep_learning_architecture%29",
            clean_url("https://en.wikipedia.org/wiki/Transformer_(deep_learning_architecture)"),
        ],
        [
            "https://example.com/한국어/글",
            "https://example.com/%ED%95%9C%EA%B5%AD%EC%96%B4/%EA%B8%80",
        ],
    ],
)
def test_variants_share_one_key(variants: list[str | None]) -> None:
    assert len({canonical_url(url or "") for url in variants}) == 1


def test_canonical_url_is_idempotent() -> None:
    for url, _ in CANONICAL:
        once = canonical_url(url)
        assert canonical_url(once) == once


@pytest.mark.parametrize(
    "junk", ["\x00", "http://", "https://[", "::::", "http:// /", "\ud800", "%"]
)
def test_canonical_url_never_raises(junk: str) -> None:
    assert isinstance(canonical_url(junk), str)


CLEAN = [
    # kept as given except trackers, host case and Markdown-breaking characters
    ("https://Example.COM/Path/?b=2&a=1#Frag", "https://example.com/Path/?b=2&a=1#Frag"),
    ("http://www.example.com/a", "http://www.example.com/a"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("https://example.com:8080/a", "https://example.com:8080/a"),
    ("https://groq.com/news/llama3?utm_source=x&id=7", "https://groq.com/news/llama3?id=7"),
    ("https://example.com/a?utm_source=x&utm_medium=y", "https://example.com/a"),
    ("https://example.com/a?fbclid=1#section-2", "https://example.com/a#section-2"),
    ("https://example.com/s?q=a+b&x=%2F", "https://example.com/s?q=a+b&x=%2F"),
    ("https://x.com/drjim/status/17?s=20&t=abc", "https://x.com/drjim/status/17"),
    ("https://twitter.com/a/status/1?ref_src=twsrc%5Etfw", "https://twitter.com/a/status/1"),
    ("https://youtu.be/dQw4w9WgXcQ?si=abc&t=42", "https://youtu.be/dQw4w9WgXcQ?t=42"),
    ("https://www.youtube.com/watch?v=x&feature=youtu.be", "https://www.youtube.com/watch?v=x"),
    ("https://arxiv.org/pdf/2405.00332v2", "https://arxiv.org/pdf/2405.00332v2"),
    ("https://github.com/o/r/tree/main?ref=hn", "https://github.com/o/r/tree/main?ref=hn"),
    ("https://example.com/p?ref=hn&page=2", "https://example.com/p?page=2"),
    ("https://example.com/p?source=census", "https://example.com/p?source=census"),
    # Markdown-breaking characters are percent-encoded
    ("https://example.com/a b(c)", "https://example.com/a%20b%28c%29"),
    (
        "https://en.wikipedia.org/wiki/Transformer_(deep_learning_architecture)",
        "https://en.wikipedia.org/wiki/Transformer_%28deep_learning_architecture%29",
    ),
    ('https://example.com/"><script>', "https://example.com/%22%3E%3Cscript%3E"),
    ("https://example.com/it's", "https://example.com/it%27s"),
    (
        "https://example.com/a?q=x)](javascript:alert(1)",
        "https://example.com/a?q=x%29]%28javascript:alert%281%29",
    ),
    ("https://example.com/\u202egnp.exe", "https://example.com/%E2%80%AEgnp.exe"),
    ("https://example.com/a\x7fb", "https://example.com/a%7Fb"),
    ("https://example.com/한국어", "https://example.com/한국어"),
    ("https://한국.example/a", "https://xn--3e0b707e.example/a"),
    # browsers drop tabs/newlines and read backslashes as slashes in http(s) URLs
    ("https://exa\nmple.com/a\tb", "https://example.com/ab"),
    ("https:\\\\evil.example\\x", "https://evil.example/x"),
    ("  https://example.com/a  ", "https://example.com/a"),
    # credentials are never shown
    ("https://user:pw@example.com/x", "https://example.com/x"),
    ("https://google.com@evil.example/x", "https://evil.example/x"),
]


@pytest.mark.parametrize(("url", "expected"), CLEAN)
def test_clean_url(url: str, expected: str) -> None:
    assert clean_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "  JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java\x00script:alert(1)",
        "\x01javascript:alert(1)",
        "java\u200bscript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "mailto:a@example.com",
        "file:///etc/passwd",
        "ftp://example.com/x",
        "about:blank",
        "https://",
        "https:///path",
        "http://exa mple.com/",
        "http://example.com:99999/",
        "http://example.com:port/",
        "http://[::1",
    ],
)
def test_clean_url_refuses(url: str) -> None:
    assert clean_url(url) is None
    assert clean_url(url, "https://base.example/dir/page") is None


@pytest.mark.parametrize(
    "url", ["", "   ", "not a url", "/relative/without/base", "https:evil.example", "%"]
)
def test_clean_url_needs_a_base_for_relative_urls(url: str) -> None:
    assert clean_url(url) is None


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/rel/path?a=1", "https://base.example/rel/path?a=1"),
        ("other", "https://base.example/dir/other"),
        ("../up", "https://base.example/up"),
        ("?page=2", "https://base.example/dir/page?page=2"),
        ("#note", "https://base.example/dir/page#note"),
        ("//cdn.example/x.js", "https://cdn.example/x.js"),
        ("https://abs.example/", "https://abs.example/"),
        ("\\\\evil.example/x", "https://evil.example/x"),
        ("/a b?utm_campaign=z", "https://base.example/a%20b"),
        ("javascript:alert(1)", None),
        ("  JaVaScRiPt:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("java\x00script:alert(1)", None),
        ("data:,x", None),
    ],
)
def test_clean_url_resolves_against_base(href: str, expected: str | None) -> None:
    assert clean_url(href, "https://base.example/dir/page?utm_source=feed") == expected


def test_clean_url_with_unusable_base() -> None:
    assert clean_url("/x", "javascript:alert(1)") is None
    assert clean_url("https://ok.example/x", "not a base") == "https://ok.example/x"


def test_protocol_relative_without_base_becomes_https() -> None:
    assert clean_url("//cdn.example/x") == "https://cdn.example/x"


def test_clean_url_output_is_safe_in_a_markdown_link() -> None:
    nasty = "https://e.example/ a(b)<c>\"d'e\\f\x01g\u2028h"
    out = clean_url(nasty)
    assert out is not None
    for char in " ()<>\"'\\\x01\u2028":
        assert char not in out


def test_clean_url_is_idempotent() -> None:
    for url, expected in CLEAN:
        assert clean_url(expected) == expected, url


@pytest.mark.parametrize(
    ("name", "value", "host", "tracking"),
    [
        ("utm_source", "x", "", True),
        ("UTM_Campaign", "x", "", True),
        ("fbclid", "x", "", True),
        ("si", "x", "youtu.be", True),
        ("si", "x", "open.spotify.com", True),
        ("si", "x", "example.com", False),
        ("s", "20", "x.com", True),
        ("t", "abc", "twitter.com", True),
        ("t", "42", "youtube.com", False),
        ("s", "query", "example.com", False),
        ("ref", "hn", "example.com", True),
        ("ref", "newsletter", "github.com", True),
        ("source", "rss", "", True),
        ("source", "post_page-----123", "", True),
        ("source", "census", "", False),
        ("id", "1", "", False),
    ],
)
def test_is_tracking_param(name: str, value: str, host: str, tracking: bool) -> None:
    assert is_tracking_param(name, value, host) is tracking


def test_ref_names_a_branch_only_where_a_code_host_shows_files() -> None:
    assert not is_tracking_param("ref", "main", "github.com", "/org/repo/tree/main/docs")
    assert not is_tracking_param("ref", "dev", "gitlab.com", "/group/p/-/blob/dev/a.py")
    assert is_tracking_param("ref", "main", "github.com", "/org/repo/releases")
