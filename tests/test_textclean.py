"""repair_text, the mojibake left after it, html_to_text, detect_language and truncate."""

from __future__ import annotations

import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from digest import textclean
from digest.textclean import (
    MOJIBAKE_SHARE,
    detect_language,
    garbled,
    html_to_text,
    mojibake_runs,
    mojibake_share,
    repair_text,
    truncate,
)

KOREAN = "OpenAI가 새 모델을 출시했다. 성능은 “놀랍다”는 평가’s"


def mojibake(text: str, codec: str = "latin-1") -> str:
    """``text`` as UTF-8 bytes wrongly read with ``codec`` (what a bad feed gives us)."""
    return text.encode("utf-8").decode(codec, errors="strict")


def sloppy_cp1252(text: str) -> str:
    """UTF-8 read as Windows-1252 the way browsers do (undefined bytes become C1 controls)."""
    return "".join(
        bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
        for b in text.encode("utf-8")
    )


# --- repair_text -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "normal",
    [
        KOREAN,
        "모델 출시 — 새로운 기능 (베타) 100% 무료!",
        "ＡＩ（인공지능）와 全角 문자, 「인용」",
        "Café naïve résumé £5 ¿Qué? ½ × ÷ °C",
        "It’s “quoted” — en–dash … ellipsis",
        "Ångström Æsir Øresund",
        "日本語のテキストです。中文文本。",
        "tabs\tand\nnewlines\n\nkept",
        "emoji 👩‍💻 🇰🇷 ❤️ 👍🏽",
        "math: a < b && c > d; x = y & z",
        "&lt;b&gt; stays literal &amp;",
        "GPT-4o, Llama-3 70B, Claude 3.5",
    ],
)
def test_repair_text_leaves_normal_text_alone(normal: str) -> None:
    assert repair_text(normal) == unicodedata.normalize("NFC", normal)


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("Itâ€™s here", "It’s here"),
        ("â€œquotedâ€\x9d", "“quoted”"),
        ("Ã©tÃ© Ã  Paris", "été à Paris"),
        ("Â°C", "°C"),
        (mojibake("모델 출시 소식: 새로운 한국어 모델"), "모델 출시 소식: 새로운 한국어 모델"),
        (sloppy_cp1252("모델 출시"), "모델 출시"),
        ("ëª¨ë\x8d¸", "모델"),
        (mojibake("GPT-4o는 “빠르다”", "latin-1"), "GPT-4o는 “빠르다”"),
        (sloppy_cp1252("오늘의 AI 소식 — 요약"), "오늘의 AI 소식 — 요약"),
    ],
)
def test_repair_text_fixes_mojibake(broken: str, fixed: str) -> None:
    assert repair_text(broken) == fixed


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("a\u200bb\u200cc\u2060d\ufeffe", "abcde"),
        ("\ufeffBOM first", "BOM first"),
        ("left\u200eright\u200f", "leftright"),
        ("evil\u202egnp.exe", "evilgnp.exe"),
        ("\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069x", "x"),
        ("a\x00b\x07c\x1bd\x7fe", "abcde"),
        ("keep\ttab\nand newline", "keep\ttab\nand newline"),
        ("crlf\r\nline", "crlf\nline"),
        ("zero\u200dwidth joiner", "zerowidth joiner"),
        ("e\u0301", "é"),  # NFC
        ("e\u200b\u0301", "é"),  # NFC after removal
        ("", ""),
    ],
)
def test_repair_text_removes_invisible_and_control_characters(dirty: str, clean: str) -> None:
    assert repair_text(dirty) == clean


def test_repair_text_drops_c1_controls() -> None:
    out = repair_text("한국어 \x9b text \x80")
    assert all(not 0x80 <= ord(c) <= 0x9F for c in out)
    assert out.startswith("한국어")


def test_repair_text_is_idempotent() -> None:
    for text in (KOREAN, mojibake("모델"), "It’s", "a\u200bb"):
        once = repair_text(text)
        assert repair_text(once) == once


# --- mojibake beyond repair ---------------------------------------------------------------


def lossy_cp1252(text: str) -> str:
    """UTF-8 read as Windows-1252 with the five bytes it leaves undefined lost for good."""
    return text.encode("utf-8").decode("cp1252", errors="ignore")


REFERENCE = "이번 주 AI 뉴스는 조용한 편이었습니다. 새로운 Kaggle 도전이 시작되었습니다."


def test_what_repair_cannot_bring_back_is_measured() -> None:
    left = repair_text(lossy_cp1252(REFERENCE))
    assert left.startswith("ì´ë²ˆ 주")  # 이 lost a byte; 주 came back
    runs = mojibake_runs(left)
    assert runs[:2] == ["ì´", "ë²ˆ"]
    assert mojibake_share(left) > 0.2 and garbled(left)


@pytest.mark.parametrize(
    "normal",
    [
        REFERENCE,
        KOREAN,
        "Café naïve résumé £5 ¿Qué? ½ × ÷ °C",
        "It’s “quoted” — en–dash … ellipsis",
        "Ångström Æsir Øresund Größe ção",
        "«voilà» and the café… résumé” ok",
        "GPT-4o, Llama-3 70B, Claude 3.5 ™ ©",
        "",
    ],
)
def test_normal_and_repaired_text_is_not_garbled(normal: str) -> None:
    assert mojibake_runs(normal) == [] and mojibake_share(normal) == 0 and not garbled(normal)
    if normal:
        assert not garbled(repair_text(mojibake(normal)))


def test_one_stray_run_in_a_long_text_stays_under_the_share() -> None:
    text = "The model card says Ã© once. " + "The rest is an ordinary paragraph. " * 4
    assert mojibake_runs(text) == ["Ã©"]
    assert 0 < mojibake_share(text) < MOJIBAKE_SHARE and not garbled(text)


# --- html_to_text ------------------------------------------------------------------------


def test_paragraph_soup() -> None:
    html = """
    <div class="post">
      <h2>제목</h2>
      <p>첫   문단은
         여러 줄에 걸쳐 있다.</p>
      <p>둘째 <b>문단</b>과 <a href="/x">링크</a>.</p>
      <p></p><p>  </p>
      <ul><li>하나</li><li>둘</li></ul>
      <blockquote>인용</blockquote>
      끝<br>줄바꿈<br><br>빈 줄
    </div>
    """
    text, links = html_to_text(html, base_url="https://blog.example/post/1")
    assert text == (
        "제목\n\n첫 문단은 여러 줄에 걸쳐 있다.\n\n둘째 문단과 링크.\n\n하나\n둘\n\n인용\n\n"
        "끝\n줄바꿈\n\n빈 줄"
    )
    assert links == ["https://blog.example/x"]


def test_hostile_html() -> None:
    html = (
        "<p>safe</p><script>alert('x')</script><style>p{}</style>"
        "<noscript>no</noscript><iframe src='https://evil.example'>frame</iframe>"
        "<template><a href='https://hidden.example'>t</a></template>"
        "<svg><text>svg</text></svg><!-- comment <a href='https://c.example'>c</a> -->"
        "<a href='javascript:alert(1)'>js</a>"
        '<a href="  JaVaScRiPt:alert(1)">js2</a>'
        "<a href='java&#x09;script:alert(1)'>js3</a>"
        "<a href='&#106;avascript:alert(1)'>js4</a>"
        "<a href='jav&#x0A;ascript:alert(1)'>js5</a>"
        "<a href='data:text/html,hi'>data</a>"
        "<a href='vbscript:x'>vb</a>"
        "<a href='https://ok.example/a?utm_source=feed'>ok</a>"
        "<img src=x onerror=alert(1)>"
    )
    text, links = html_to_text(html, base_url="https://blog.example/")
    for bad in ("alert", "p{}", "no", "frame", "svg", "comment", "<", "hidden"):
        assert bad not in text.replace("safe", "")
    assert text.startswith("safe")
    assert links == ["https://ok.example/a"]


def test_entities_are_decoded() -> None:
    text, _ = html_to_text("<p>AT&amp;T &lt;3 &quot;q&quot; &#44256;&#xC591;&nbsp;이 &copy;</p>")
    assert text == 'AT&T <3 "q" 고양 이 ©'


def test_entity_encoded_html_inside_text_stays_text() -> None:
    text, links = html_to_text("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    assert text == "<script>alert(1)</script>"
    assert links == []


def test_links_are_cleaned_deduplicated_and_ordered() -> None:
    # An empty href (the page itself) is not a link worth keeping.
    html = (
        '<a href="/b">b</a> <a href="https://a.example/?fbclid=1">a</a>'
        '<a href="/b#">again</a><a href="/b">dup</a><a name="x">no href</a>'
        '<a href="">empty</a><a href="https://c.example/a b">c</a>'
    )
    _, links = html_to_text(html, base_url="https://site.example/dir/")
    assert links == [
        "https://site.example/b",
        "https://a.example/",
        "https://c.example/a%20b",
    ]


def test_relative_links_without_base_are_dropped() -> None:
    _, links = html_to_text('<a href="/x">x</a><a href="https://ok.example/">ok</a>')
    assert links == ["https://ok.example/"]


def test_plain_text_comes_back_unchanged() -> None:
    plain = "오늘의 소식: a<b, AT&T, x > y\n\n둘째 줄"
    assert html_to_text(plain) == (plain, [])


def test_plain_text_whitespace_is_tidied() -> None:
    text, _ = html_to_text("  one   two \n\n\n\n three\t\tfour  ")
    assert text == "one two\n\nthree four"


def test_mojibake_inside_html_is_repaired() -> None:
    text, _ = html_to_text(f"<p>{mojibake('한국어 모델')}</p><p>Itâ€™s</p>")
    assert text == "한국어 모델\n\nIt’s"


def test_table_cells_and_pre() -> None:
    text, _ = html_to_text(
        "<table><tr><th>모델</th><th>점수</th></tr><tr><td>A</td><td>90</td></tr></table>"
        "<pre>line one\nline two</pre>"
    )
    assert text == "모델 점수\nA 90\n\nline one\nline two"


def test_full_document_head_is_dropped() -> None:
    text, _ = html_to_text(
        "<!DOCTYPE html><html><head><title>T</title><meta charset=utf-8></head>"
        "<body><article><h1>Head</h1><p>Body</p></article></body></html>"
    )
    assert text == "Head\n\nBody"


def test_deeply_nested_html_does_not_overflow() -> None:
    depth = 5000
    text, _ = html_to_text("<div>" * depth + "deep" + "</div>" * depth)
    assert text == "deep"


@pytest.mark.parametrize("empty", ["", "   ", "<p></p>", "<script>x</script>", "<!-- only -->"])
def test_empty_input(empty: str) -> None:
    assert html_to_text(empty) == ("", [])


def test_invisible_characters_in_html_are_removed() -> None:
    text, _ = html_to_text("<p>a\u200b b\u202e c</p>")
    assert text == "a b c"


# --- detect_language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("OpenAI가 새 모델을 발표했다", "ko"),
        ("GPT-4o 출시: 빠르고 저렴한 multimodal model", "ko"),
        ("Llama 3 70B benchmark results and 추론", "en"),
        ("東京都知事選、小池氏が3選", "ja"),
        ("大規模言語モデルの評価について", "ja"),
        ("大型语言模型的发展非常迅速", "zh"),
        ("Hello world", "en"),
        ("Café naïve résumé", "en"),
        ("123 456 !!! ...", "und"),
        ("", "und"),
        ("😀 👍", "und"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_detect_language_threshold_is_twenty_percent() -> None:
    assert detect_language("가" * 2 + "a" * 8) == "ko"
    assert detect_language("가" * 2 + "a" * 9) == "en"


# --- truncate ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("exactly ten", 11, "exactly ten"),
        ("This is a sentence. And another one that is long.", 30, "This is a sentence. And…"),
        ("First sentence here. Second one is long enough to cut.", 24, "First sentence here. …"),
        ("한국어 문장을 자르는 시험입니다 정말로 그렇습니다", 15, "한국어 문장을 자르는…"),
        ("첫 문장입니다. 둘째 문장은 훨씬 더 길어서 잘립니다", 12, "첫 문장입니다. 둘째…"),
        ("첫 문장입니다. 둘째 문장은 훨씬 더 길어서 잘립니다", 11, "첫 문장입니다. …"),
        ("word, another, third", 14, "word, another…"),
        ("abcdefghijklmnopqrstuvwxyz", 10, "abcdefghi…"),
        ("大型语言模型的发展非常迅速", 6, "大型语言模…"),
        ("anything", 1, "…"),
        ("anything", 0, ""),
    ],
)
def test_truncate(text: str, limit: int, expected: str) -> None:
    out = truncate(text, limit)
    assert out == expected
    assert len(out) <= max(limit, 0)


@pytest.mark.parametrize("limit", range(1, 60))
def test_truncate_never_exceeds_limit(limit: int) -> None:
    text = "OpenAI가 새 모델을 발표했다. It is fast, cheap and good! 다음 소식은… 끝."
    out = truncate(text, limit)
    assert len(out) <= limit
    assert out == text or out.endswith("…")


def test_truncate_keeps_combining_marks_with_their_letter() -> None:
    text = "cafe\u0301" * 5
    out = truncate(text, 5)
    assert not unicodedata.combining(out[-2])
    assert out.endswith("…")
    assert unicodedata.normalize("NFC", out[:-1]).endswith(("caf", "é", "c", "a", "f"))


# --- the cheap checks in front of ftfy and the script count ------------------------------
# repair_text calls ftfy only where ftfy could change more than NFC does, and detect_language
# counts scripts with regular expressions: both must give what the plain way gives.


def ftfy_always(text: str) -> str:
    """repair_text as it is without the cheap check: ftfy on every text."""
    ftfy, config = textclean._ftfy()
    fixed = ftfy.fix_text(text, config) if text else ""
    fixed = textclean._ZWJ_OUTSIDE_EMOJI.sub("", fixed)
    return unicodedata.normalize("NFC", textclean._INVISIBLE.sub("", fixed))


def count_every_letter(text: str) -> str:
    """detect_language as a plain loop over the letters."""
    letters = hangul = kana = han = 0
    for char in text:
        if not char.isalpha():
            continue
        letters += 1
        code = ord(char)
        if 0xAC00 <= code <= 0xD7A3:
            hangul += 1
        elif 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
            kana += 1
        elif (
            0x4E00 <= code <= 0x9FFF
            or 0x3400 <= code <= 0x4DBF
            or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x3134F
        ):
            han += 1
    if letters == 0:
        return "und"
    if hangul * 5 >= letters:
        return "ko"
    if (kana + han) * 5 >= letters:
        return "ja" if kana and kana * 20 >= kana + han else "zh"
    return "en"


def recorded_texts() -> list[str]:
    """Every title, summary, content block and author in the recorded and sample feeds."""
    import feedparser

    root = Path(__file__).parent
    paths = [*(root / "fixtures" / "real" / "feeds").rglob("*"),
             *(root.parent / "examples" / "sample" / "feeds").rglob("*")]  # fmt: skip
    texts: list[str] = []
    for path in sorted(p for p in paths if p.is_file()):
        parsed = feedparser.parse(path.read_bytes(), sanitize_html=False)
        for entry in parsed.entries:
            texts += [entry.get("title", ""), entry.get("summary", ""), entry.get("author", "")]
            texts += [c.get("value", "") for c in entry.get("content", []) or []]
    return [t for t in texts if t]


def random_texts(count: int) -> list[str]:
    """Short texts mixing ASCII, Hangul, kana, Han, Latin-1, Greek, Cyrillic, combining marks,
    cp1252 punctuation, controls and emoji: where the cheap checks could go wrong."""
    alphabet = (
        "aZ 1.,!?\n\t\r가한글ㄱᄀ\u1161\u11a8カなー・゛漢字中ÃÂÎÐØÙéàìëíñ¢£€"
        "\xa0\xad·´–—’“”•…™®©°±²³µ»«¡¿×÷ΑΒΓΞΟβΩωВГРСЂа\u0301\u0300\u0308\u0338"
        "│═╔█▒√≈∞≠‚Ä\x1b[31m\x00\x85\u2028\u200b\u200d\ufeff\ufffd\ud800"
        "😀👩💻\ufe0fﬁﬂＡ（Å\u212b\u1f71"
    )
    pieces = [*alphabet, "Ã ", "â€™", "ì´ë²ˆ", "e\u0301€"]
    rng = random.Random(12)
    return ["".join(rng.choices(pieces, k=rng.randint(1, 12))) for _ in range(count)]


def test_the_cheap_check_covers_every_character_ftfy_acts_on() -> None:
    from ftfy.badness import BADNESS_RE
    from ftfy.chardata import CONTROL_CHARS

    pattern = BADNESS_RE.pattern
    # Every character ftfy's mojibake pattern names, and every one inside a range it names.
    named = {char for char in pattern if not char.isascii()}
    for start, end in re.findall(r"([^\x00-\x7f])-([^\x00-\x7f])", pattern):
        named |= {chr(code) for code in range(ord(start), ord(end) + 1)}
    assert named and all(textclean._MOJIBAKE_SIGNS.match(char) for char in named)
    # And what ftfy removes or rewrites in any text: controls, line breaks, surrogates, ESC.
    on_sight = {chr(code) for code in CONTROL_CHARS} | set("\r\x85\u2028\u2029\x1b\ud800\udfff")
    assert all(textclean._FTFY_ON_SIGHT.match(char) for char in on_sight)


def test_repair_text_gives_what_ftfy_on_every_text_gives() -> None:
    crafted = ["x\nÃ  line start", "e\u0301€ after NFC", "\u212b\u00a2", "a" * 10 + "\u200d"]
    texts = [*recorded_texts(), *random_texts(3000), mojibake(KOREAN), sloppy_cp1252(KOREAN)]
    texts += crafted
    assert len(texts) > 3500
    different = [t for t in texts if repair_text(t) != ftfy_always(t)]
    assert different == []


def test_detect_language_gives_what_counting_every_letter_gives() -> None:
    crafted = [KOREAN, "日本語のテキスト", "中文文本", "ー・゛゜", "١٢٣ ²½", ""]
    texts = [*recorded_texts(), *random_texts(3000), *crafted, "\U0002a6e0\U00020000 Han"]
    different = [t for t in texts if detect_language(t) != count_every_letter(t)]
    assert different == []


def test_bs4_is_loaded_without_soupsieve_and_selectors_still_work() -> None:
    script = (
        "import sys\n"
        "from digest.textclean import beautiful_soup, html_to_text\n"
        "print(html_to_text('<p>Kapo <a href=\"https://k.example/4\">4</a></p>'))\n"
        "print('soupsieve' in sys.modules)\n"
        "soup = beautiful_soup()('<div><p class=x>hi</p><p>no</p></div>', 'html.parser')\n"
        "print([p.text for p in soup.select('div > p.x')], 'soupsieve' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", script],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert result.stdout.splitlines() == [
        "('Kapo 4', ['https://k.example/4'])",
        "False",
        "['hi'] True",
    ]


def test_ascii_text_is_returned_as_it_is_only_without_what_repair_text_changes() -> None:
    # The fast path for ASCII text tests the ASCII characters ftfy changes on sight: they must
    # be the ones the removals drop, and each must change the text (the rest must not).
    ascii_chars = [chr(n) for n in range(128)]
    on_sight = {c for c in ascii_chars if textclean._FTFY_ON_SIGHT.search(c)}
    assert on_sight == {c for c in ascii_chars if textclean._INVISIBLE.search(c)}
    for c in ascii_chars:
        text = f"a{c}b"
        assert (repair_text(text) != text) == (c in on_sight), repr(c)
