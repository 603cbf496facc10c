"""Names and topics of stories, for a post written without a model: tags and Overview themes.

``names`` finds whole names in a headline: the glossary's (``Hugging Face``, ``Llama 3``,
also as ``Llama-3``) and runs of capitalised words or words with figures or capitals inside
(``Flash Attention 2``, ``DeepSeek-V2``, ``GSM1K``), never a name's single word.
``topic`` names the theme a story belongs to from its words: a short Korean heading from
``THEMES`` (``연구와 벤치마크``...) or, for a story none of them fits, its first name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from digest.quality import Glossary

# (heading, words that point to it): the first heading with the most hits wins.
THEMES: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (heading, frozenset(cues.split()))
    for heading, cues in (
        (
            "연구와 벤치마크",
            """paper papers arxiv benchmark benchmarks dataset datasets research researchers
            authors accuracy evaluation eval evals study architecture algorithm theory
            interpretability reasoning overfit leaderboard
            논문 벤치마크 데이터셋 연구 연구진 평가 정확도 알고리즘 아키텍처 재해석 리더보드
            과적합 해석""",
        ),
        (
            "모델 공개",
            """model models weights parameters instruct context moe open-weight checkpoint
            multimodal vision-language tokens
            모델 파라미터 가중치 컨텍스트 오픈소스 멀티모달""",
        ),
        (
            "개발 도구와 인프라",
            """gpu gpus library framework toolkit sdk package packages integrations inference
            kernel kernels cuda rocm triton port github fine-tune fine-tunes fine-tuning
            quantization server serving release releases version compute accelerators recipe
            requests cache throughput open-sources
            추론 라이브러리 도구 툴킷 프레임워크 커널 포팅 미세조정 연산량 출시 배포""",
        ),
        (
            "서비스와 업계 소식",
            """plan plans pricing price partnership partner app apps users customers contest
            competition funding raises acquisition acquires launches subscription seats
            enterprise hiring outage policy regulation
            요금제 파트너십 제휴 서비스 대회 투자 인수 가격 사용자 채용 장애 규제 정책 상금""",
        ),
    )
)

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9.+'’-]*[A-Za-z0-9+]|[A-Za-z]|\d[A-Za-z0-9.+-]*|[가-힣]+")
_FIGURE = re.compile(r"^\d[\d.,]*[A-Za-z]{0,2}$")  # 70B, 4K, 1.5, 2: a figure, not a name
_SIZE = re.compile(r"^\d[\d.,]*[A-Za-z]{1,2}$|^\d+\.\d")  # 70B, 24GB, 0.1.33: not in a name
_PARTICLE = re.compile(r"(?<=[가-힣])(?:에서|으로|에게|은|는|이|가|을|를|의|에|로|와|과|도|만)$")
_INITIAL_WORDS = {
    "a", "an", "the", "this", "that", "why", "how", "what", "when", "who", "thoughts", "notes",
    "new", "quick", "my", "our", "your", "we", "i", "it", "is", "are", "tomorrow's", "today's",
}  # fmt: skip


@cache
def glossary_names() -> tuple[str, ...]:
    """The packaged glossary's English names, longest first."""
    return tuple(sorted(set(Glossary.load().names.values()), key=len, reverse=True))


def _name_pattern(name: str) -> re.Pattern[str]:
    # "Llama 3" also as "Llama-3" or "Llama3"; "Hugging Face" not inside "Hugging Faces".
    parts = [re.escape(p) for p in name.split()]
    return re.compile(r"(?<![\w-])" + r"[\s-]?".join(parts) + r"(?![\w]|-\w)")


def _is_name_word(token: str, first: bool) -> bool:
    if not token[0].isalpha():
        return False
    inner = any(c.isupper() for c in token[1:]) or any(c.isdigit() for c in token)
    if inner:
        return True
    if not token[0].isupper():
        return False
    return not (first and token.lower() in _INITIAL_WORDS)


def names(text: str, known: Sequence[str] | None = None) -> list[str]:
    """The whole names in ``text``, in order: glossary names first, then capitalised runs.

    A run is a sequence of name words (capitalised, or with capitals or figures inside)
    separated by single spaces; figures at its end (``70B``) are not part of it. The first word
    of the text starts a run only if it is not a common opener ("A", "Why", "Thoughts").
    """
    known = glossary_names() if known is None else known
    found: list[tuple[int, str]] = []
    masked = text
    for name in known:
        for match in _name_pattern(name).finditer(masked):
            found.append((match.start(), name))
            masked = masked[: match.start()] + "\0" * len(match[0]) + masked[match.end() :]
    run: list[str] = []
    start = 0

    def close() -> None:
        while run and _SIZE.match(run[-1]):
            run.pop()
        while run and _FIGURE.match(run[0]):
            run.pop(0)
        if run:
            found.append((start, " ".join(run)))
        run.clear()

    previous_end = -1
    for index, match in enumerate(_TOKEN.finditer(masked)):
        token = match[0].removesuffix("'s").removesuffix("’s").rstrip(".'’")
        gap = masked[previous_end : match.start()] if previous_end >= 0 else ""
        if run and gap != " ":
            close()
        if run and re.fullmatch(r"\d{1,2}", token):
            run.append(token)  # Flash Attention 2, ROCm 6: a version number ends the name
        elif token and _is_name_word(token, first=index == 0 and match.start() == 0):
            if not run:
                start = match.start()
            run.append(token)
        else:
            close()
        if match[0] != token and run:
            close()  # "Microsoft's Phi-3": the possessive ends the name
        previous_end = match.end()
    close()
    out: list[str] = []
    for _, name in sorted(found):
        if name not in out:
            out.append(name)
    return out


def tags(headlines: Iterable[str], limit: int = 5) -> list[str]:
    """Names shared by at least two headlines, the most shared first (whole names only)."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for n, headline in enumerate(headlines):
        for name in names(headline):
            counts[name] = counts.get(name, 0) + 1
            first.setdefault(name, n)
    shared = [name for name, count in counts.items() if count >= 2]
    return sorted(shared, key=lambda name: (-counts[name], first[name], name))[:limit]


def topic(text: str) -> str:
    """The ``THEMES`` heading whose words ``text`` uses most; empty when it uses none."""
    words = {w.lower() for w in re.findall(r"[\w.+-]+", text)}
    words |= {_PARTICLE.sub("", w) for w in words}  # 모델을 → 모델
    best, hits = "", 0
    for heading, cues in THEMES:
        count = len(words & cues)
        if count > hits:
            best, hits = heading, count
    return best
