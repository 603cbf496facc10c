"""A labelled multi-day set for the novelty check: no story told twice.

``generate(seed, days=4)`` returns a :class:`DaySet`: ``days`` consecutive days (starting
2024-07-01), each with the items a fetch on the next morning would serve, a label for every
item, and, in ``DaySet.expected``, what a build of the days in order, with one archive, must
decide. Everything is made from the seed (``random.Random(seed)``): the same seed gives the
same set, byte for byte.

Days and windows
    ``Day.date`` is the day the window covers: ``Day.window`` runs from 00:00 to 24:00 of that
    date, Asia/Seoul (timezone-aware). The post that covers it is dated the next day
    (``Day.post_date``), as the default ``window: {end: "00:00", hours: 24}`` does. Item
    ``published`` times are UTC. ``Day.items`` is what the fetch for that window returns:
    the items published inside it, plus *rollovers* (entries from the previous day still in
    the feeds), plus *late* items (published 23:40–23:59 the day before, first served now).

Sources (8)
    ``blogs`` (labs' blog posts, English, the canonical announcement of most events),
    ``mlwire`` (English tech news: retellings, follow-ups), ``arxiv-cs`` (a paper feed),
    ``ko-aitimes`` (Korean press: the first telling of Korean companies' news, retellings),
    ``ko-community`` (a Korean community blog whose entries have no guid: the id is the link),
    ``weekly`` (a weekly roundup newsletter), ``x-en`` and ``x-ko`` (X posts: kind ``x``,
    ``https://x.com/<handle>/status/<id>`` permalinks, ``@handle`` authors). RSS items have
    kind ``rss``.

Labels (``Day.labels[item.key]``: a :class:`Label`, one for every item of the day)
    ``event``: a global event id (``E001``…) shared by every item about that event on any day,
    or ``None`` for chatter and recaps. ``role`` is one of:

    - ``first``: an item of an event on the day the event is first told (the canonical post
      and its same-day echoes: X posts linking it, news stories, a Korean translation).
    - ``repeat``: the event told again on a later day with nothing new. ``how`` says which:
      ``link`` (a repost reusing the event's link), ``reworded`` (a retelling in other words
      with no shared link), ``translated`` (the event retold in the other language, no shared
      link), ``press`` (a Korean press article with a new URL and a new link, no new fact).
    - ``follow_up``: the same event on a later day with new facts (weights released, benchmark
      numbers, a price, a licence, a new version, …); ``new_facts`` lists them. ``how`` is
      ``new_facts`` (three or more new facts, no shared link: it shares little more than the
      company and product name) or ``shared_link`` (links the event's earlier link).
    - ``recap``: a weekly roundup entry linking 4–5 earlier events (``covers``), nothing new.
    - ``late``: published 23:40–23:59 of the previous day (inside the previous window), listed
      only in this day's items. Each late item is the one item of a new event.
    - ``republished``: a ``ko-community`` entry without a guid (so the same key) posted again
      with the same link, title and text, published inside this window; it was an item of the
      previous day.
    - ``unrelated_same_company``: a new, different event about a company that had an earlier
      event (``company_of`` names that earlier event).
    - ``rollover``: an entry from the previous day's items still in its feed: the same key and
      ``published`` (inside the previous window), the same ``event``.
    - ``chatter``: no event (questions, opinions, meetups); ``event`` is ``None``.

    ``window_day`` is the ``Day.date`` whose window holds ``published``. ``seen`` is the
    ``post_date`` of the latest earlier post that covered the event (repeat, follow_up,
    republished, recap), ``seen_day`` the matching ``Day.date``.

Counts, every day from the second (the first day has only first tellings, chatter and the late
items it hands on), at least: 3 ``repeat/link``, 2 ``repeat/reworded``, 1 ``repeat/translated``,
1 ``repeat/press``, 2 ``follow_up/new_facts`` events, 1 ``follow_up/shared_link`` event,
2 ``unrelated_same_company`` events, 2 ``late``, 1 ``republished``, several ``rollover``; from
the third day, 1 ``recap``. 9–13 new events a day (models, papers — one at least —, products,
datasets, chips), chatter to fill 70–120 items a day. An event has one verdict per day: the
events followed up on a day are never repeated that day. Late events are never retold.

Expected outcomes (``DaySet.expected[Day.date]``: a :class:`DayExpect`)
    ``stories``: an :class:`Expect` per event told inside the day's window: ``verdict`` is
    ``new`` (first or unrelated_same_company), ``follow-up`` (``seen``: the earlier post's date)
    or ``repeat`` (must not be in the post); a recap is its own entry (``event`` ``recap:<date>``,
    verdict ``repeat``). ``keys`` are the day's item keys for it. ``late``: keys of the late items
    that must appear in this day's post (or be reported). ``absent``: keys the post must not cite
    (repeats, recaps, republished entries, rollovers).

Run ``python benchmarks/blind_days.py --seed 1`` for a per-day summary.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from digest.models import Item, Window
from digest.textclean import detect_language

SEOUL = ZoneInfo("Asia/Seoul")
START = date(2024, 7, 1)
ROLES = (
    "first",
    "repeat",
    "follow_up",
    "recap",
    "late",
    "republished",
    "unrelated_same_company",
    "rollover",
    "chatter",
)


@dataclass(frozen=True)
class Label:
    """The truth about one item of one day (see the module docstring)."""

    event: str | None
    role: str
    window_day: str
    how: str = ""
    seen: str | None = None
    seen_day: str | None = None
    new_facts: tuple[str, ...] = ()
    covers: tuple[str, ...] = ()
    company_of: str | None = None


@dataclass(frozen=True)
class Expect:
    """What a build must decide for one event on one day."""

    event: str
    verdict: str
    seen: str | None
    keys: tuple[str, ...]


@dataclass
class DayExpect:
    """The expected outcomes of one day's build."""

    post_date: str
    stories: list[Expect]
    late: list[str]
    absent: list[str]


@dataclass
class Day:
    """One day: its window, the items its fetch serves, and their labels."""

    date: str
    post_date: str
    window: Window
    items: list[Item]
    labels: dict[str, Label]


@dataclass
class DaySet:
    """The days in order and what their builds must decide."""

    seed: int
    days: list[Day]
    expected: dict[str, DayExpect]


# --- vocabulary -------------------------------------------------------------------------

# (English name, Korean name, domain, X handle, Korean company)
COMPANIES = [
    ("Halden Labs", "할든랩스", "haldenlabs.ai", "haldenlabs", False),
    ("Norvik AI", "노르빅AI", "norvik.ai", "norvik_ai", False),
    ("Brightwater Research", "브라이트워터리서치", "brightwater.dev", "bwresearch", False),
    ("Quanta Forge", "퀀타포지", "quantaforge.com", "quantaforge", False),
    ("Meridian Systems", "메리디안시스템즈", "meridian-sys.com", "meridiansys", False),
    ("Pellucid", "펠루시드", "pellucid.ai", "pellucid_ai", False),
    ("Tamsin AI", "탐신AI", "tamsin.ai", "tamsinai", False),
    ("Corbel Compute", "코벨컴퓨트", "corbel.io", "corbelcompute", False),
    ("Hanbit AI", "한빛AI", "hanbit-ai.co.kr", "hanbit_ai", True),
    ("Daon Systems", "다온시스템즈", "daonsys.co.kr", "daonsys", True),
    ("Mir Tech", "미르테크", "mirtech.kr", "mirtech_kr", True),
    ("Saebom Lab", "새봄랩", "saebomlab.com", "saebomlab", True),
    ("Nuri Soft", "누리소프트", "nurisoft.co.kr", "nurisoft", True),
    ("Gaon Electronics", "가온전자", "gaon-elec.com", "gaon_elec", True),
]
PRODUCTS = (
    "Corvid Kestrel Solenne Marlow Tessera Halcyon Quillon Borealis Nimbra Sable Ferrum Lyra "
    "Caspian Perseid Vireo Auric Zephra Ondine Cobalta Talon Aster Vela Orrin Brisk Calder "
    "Dunlin Ember Fennec Garnet Heron Ibis Juniper Kite Lumen Mistral_ Noctis Opal Petrel "
    "Quasar Rook Sorrel Tern Umber Vesper Wren Yarrow Zircon Alder Bramble Cinder"
).split()
METHODS = (
    "SparseRoute FlashMix LoopDistill TokenSieve ShardLoRA SpecCascade RetroPlan MirrorRL "
    "DeltaKV PatchMerge"
).split()
BENCHES = ["MMLU", "GSM8K", "HumanEval", "MATH", "GPQA", "SWE-bench Verified", "ARC-Challenge"]
KO_BENCHES = ["KMMLU", "HAE-RAE", "KoBEST"]
LICENCES = ["Apache 2.0", "MIT", "CC BY 4.0", "Llama-style community licence"]
KINDS = ["model", "model", "model", "paper", "paper", "product", "dataset", "chip"]
WHAT_EN = {
    "model": ["language model", "open-weight model", "foundation model"],
    "paper": ["paper", "research paper"],
    "product": ["assistant", "developer tool", "app"],
    "funding": ["funding round"],
    "dataset": ["dataset", "training corpus"],
    "chip": ["AI accelerator", "inference chip"],
}
WHAT_KO = {
    "model": ["언어모델", "오픈 모델", "파운데이션 모델"],
    "paper": ["논문", "연구"],
    "product": ["AI 비서", "개발 도구", "앱"],
    "funding": ["투자 유치"],
    "dataset": ["데이터셋", "학습 말뭉치"],
    "chip": ["AI 가속기", "추론 칩"],
}
CHATTER_EN = [
    "Anyone else hitting rate limits on every provider this afternoon?",
    "Hot take: half of the leaderboard gains this year are prompt formatting.",
    "Reading group tonight: we are going through the attention sinks discussion again.",
    "My eval harness finally runs end to end. Only took three weekends.",
    "What is everyone using for local inference on a 24GB card these days?",
    "PSA: pin your tokenizer version. Lost a day to a silent change.",
    "Slides from my talk on retrieval pipelines are up, thanks for the questions.",
    "Is there a good write-up on KV cache quantization trade-offs? Asking for a friend.",
    "Unpopular opinion: most agent demos are just retries with better lighting.",
    "Weekend project: a tiny RSS reader that summarises nothing and I love it.",
    "Does anyone have numbers on long-context recall beyond 64K that they trust?",
    "Reminder that the meetup moved to Thursday, same place.",
    "Spent the morning cleaning a dataset. The model was fine, the labels were not.",
    "Benchmarks are a map, not the territory. Go talk to your users.",
    "Hiring: two research engineers, remote friendly, DM me.",
    "Coffee, a profiler and a mysterious 40% slowdown. Good morning.",
]
CHATTER_KO = [
    "오늘 사내 세미나 자료 공유합니다. 질문은 댓글로 남겨 주세요.",
    "로컬에서 돌릴 만한 모델 추천 부탁드립니다. 메모리는 24GB입니다.",
    "평가 지표만 보고 모델 고르는 건 이제 그만해야 할 것 같아요.",
    "이번 주 스터디는 검색 증강 생성 파이프라인 정리로 진행합니다.",
    "토크나이저 버전 고정 안 해서 하루를 날렸네요. 다들 조심하세요.",
    "주말에 작은 RSS 리더를 만들어 봤습니다. 생각보다 재밌네요.",
    "에이전트 데모는 멋진데 실제 업무에 쓰기엔 아직 멀었다는 생각입니다.",
    "다음 주 밋업 장소가 바뀌었습니다. 공지 확인 부탁드립니다.",
    "데이터 정제하다 보니 모델보다 라벨이 문제였네요.",
    "GPU 예약 경쟁이 점점 치열해지네요. 다들 어떻게 구하시나요?",
    "긴 문맥 성능은 실제로 써 보면 체감이 많이 다릅니다.",
    "채용 중입니다. 연구 엔지니어 두 분 모십니다.",
]
OPEN_EN = ["", "", "Honestly: ", "Quick one. ", "Day 3 of this: ", "Late thought. ", "Q: "]
OPEN_KO = ["", "", "질문입니다. ", "오늘의 잡담: ", "퇴근 전에 하나만. ", "혹시 ", "공지: "]
HANDLES_EN = ["mlhacker", "tensorjane", "gradnotes", "evalguy", "sparse_sam", "inferops", "aiwatch"]
HANDLES_KO = ["ai_jiwon", "deep_minsu", "llm_kr", "mlops_seoul", "nlp_hyun", "gpu_daily"]


# --- facts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One fact about an event: a kind and a value."""

    kind: str
    value: tuple[Any, ...]

    @property
    def key(self) -> str:
        return f"{self.kind}:" + "/".join(str(v) for v in self.value)


def _num(x: float) -> str:
    return f"{x:g}"


def _ko_eok(billions: float) -> str:
    """7 → 70억, 1.5 → 15억, 405 → 4050억."""
    return f"{round(billions * 10):,}억"


def _ko_dollars(millions: int) -> str:
    """120 → 1억2000만 달러, 45 → 4500만 달러."""
    eok, man = divmod(millions * 100, 10000)
    return (f"{eok}억" if eok else "") + (f"{man}만" if man else "") + " 달러"


def fact_en(f: Fact, rng: random.Random) -> str:
    """An English phrase for the fact, in one of several formats."""
    v = f.value
    k = f.kind
    if k == "size":
        n = float(v[0])
        return rng.choice([f"{_num(n)}B parameters", f"{_num(n)} billion parameters"])
    if k == "small":
        n = float(v[0])
        return rng.choice([f"a {_num(n)}B variant", f"a smaller {_num(n)}-billion-parameter model"])
    if k == "context":
        c = int(v[0])
        return rng.choice([f"a {c}K-token context", f"a {c * 1024:,}-token context window"])
    if k == "bench":
        name, score = v
        article = "an" if name[0] in "AEIOU" else "a"
        return rng.choice(
            [f"{score} on {name}", f"{name} {score}", f"{article} {name} score of {score}%"]
        )
    if k == "price":
        p = float(v[0])
        short = f"{round(p * 100)} cents per 1M tokens" if p < 1 else f"${p:g} per 1M tokens"
        return rng.choice([f"${p:.2f} per million input tokens", short, f"${p:g}/M"])
    if k == "licence":
        return rng.choice([f"the {v[0]} licence", f"{v[0]} terms"])
    if k == "weights":
        return rng.choice(["open weights on Hugging Face", "downloadable weights (Hugging Face)"])
    if k == "version":
        return rng.choice([f"version {v[0]}", f"v{v[0]}"])
    if k == "download":
        return rng.choice([f"a {v[0]}GB download", f"{v[0]} GB of checkpoint files"])
    if k == "gpus":
        n = int(v[0])
        return rng.choice([f"{n:,} H100 GPUs", f"a cluster of {n} H100s"])
    if k == "langs":
        return rng.choice([f"{v[0]} languages", f"support for {v[0]} languages"])
    if k == "funding":
        m = int(v[0])
        return rng.choice([f"${m} million", f"${m}M in Series {v[1]} funding"])
    if k == "valuation":
        return rng.choice([f"a ${v[0]} billion valuation", f"a valuation of ${v[0]}B"])
    if k == "avail":
        return rng.choice([f"availability from July {v[0]}", f"a July {v[0]} launch"])
    if k == "users":
        return rng.choice([f"{v[0]} million users", f"{v[0]}M sign-ups"])
    if k == "code":
        return rng.choice(["code on GitHub", "an open-source reference implementation"])
    if k == "tokens":
        return rng.choice([f"{v[0]} trillion tokens", f"{v[0]}T tokens"])
    if k == "tops":
        return rng.choice([f"{v[0]} TOPS", f"{v[0]} tera-operations per second"])
    if k == "power":
        return rng.choice([f"a {v[0]} W power envelope", f"{v[0]} watts"])
    raise ValueError(k)


def fact_ko(f: Fact, rng: random.Random) -> str:
    """A Korean phrase for the fact, in one of several formats."""
    v = f.value
    k = f.kind
    if k == "size":
        n = float(v[0])
        return rng.choice([f"매개변수 {_ko_eok(n)} 개", f"{_num(n)}B 규모"])
    if k == "small":
        n = float(v[0])
        return rng.choice([f"{_num(n)}B 경량 모델", f"{_ko_eok(n)} 파라미터 소형 버전"])
    if k == "context":
        c = int(v[0])
        return rng.choice([f"{c}K 토큰 컨텍스트", f"최대 {c * 1024:,} 토큰 문맥"])
    if k == "bench":
        name, score = v
        return rng.choice([f"{name} {score}점", f"{name} 점수 {score}"])
    if k == "price":
        p = float(v[0])
        return rng.choice([f"입력 100만 토큰당 {p:g}달러", f"100만 토큰에 {p:.2f}달러"])
    if k == "licence":
        return rng.choice([f"{v[0]} 라이선스", f"라이선스는 {v[0]}"])
    if k == "weights":
        return rng.choice(["허깅페이스 가중치 공개", "모델 가중치 공개"])
    if k == "version":
        return rng.choice([f"{v[0]} 버전", f"v{v[0]}"])
    if k == "download":
        return rng.choice([f"용량 {v[0]}GB", f"{v[0]}GB 체크포인트"])
    if k == "gpus":
        n = int(v[0])
        return rng.choice([f"H100 {n:,}장", f"GPU {n}개"])
    if k == "langs":
        return rng.choice([f"{v[0]}개 언어", f"{v[0]}개국 언어 지원"])
    if k == "funding":
        m = int(v[0])
        return rng.choice([_ko_dollars(m), f"시리즈 {v[1]} {_ko_dollars(m)}"])
    if k == "valuation":
        b = float(v[0])
        return f"기업가치 {round(b * 10)}억 달러"
    if k == "avail":
        return rng.choice([f"7월 {v[0]}일 출시", f"7월 {v[0]}일부터 제공"])
    if k == "users":
        return rng.choice([f"이용자 {v[0]}00만 명", f"가입자 {v[0]}00만 명"])
    if k == "code":
        return rng.choice(["깃허브 코드 공개", "오픈소스 구현 공개"])
    if k == "tokens":
        return rng.choice([f"{v[0]}조 토큰", f"토큰 {v[0]}조 개"])
    if k == "tops":
        return f"{v[0]} TOPS"
    if k == "power":
        return rng.choice([f"전력 {v[0]}W", f"소비전력 {v[0]}와트"])
    raise ValueError(k)


def _facts_for(kind: str, korean: bool, rng: random.Random) -> tuple[list[Fact], list[Fact]]:
    """The facts known at the first telling, and the pool later follow-ups reveal."""
    bench = rng.sample(KO_BENCHES if korean else BENCHES, 1) + rng.sample(BENCHES, 2)
    scores = [f"{rng.uniform(40, 92):.1f}" for _ in bench]
    b = [Fact("bench", (n, s)) for n, s in zip(bench, scores, strict=True)]
    size = rng.choice([7, 8, 13, 32, 70, 110, 405])
    lic = Fact("licence", (rng.choice(LICENCES),))
    price = Fact("price", (rng.choice([0.15, 0.3, 0.6, 1.2, 2.5]),))
    version = Fact("version", (f"{rng.randint(1, 3)}.{rng.randint(1, 9)}",))
    if kind == "model":
        first = [Fact("size", (size,)), Fact("context", (rng.choice([32, 128, 256]),)), b[0]]
        pool = [Fact("weights", ("hf",)), lic, price, b[1], Fact("download", (rng.randint(4, 9),))]
        pool += [Fact("small", (rng.choice([1.5, 2, 3]),)), version, b[2]]
    elif kind == "paper":
        first = [b[0], Fact("gpus", (rng.choice([256, 512, 1024]),))]
        pool = [Fact("code", ("gh",)), Fact("weights", ("hf",)), b[1], lic, version, b[2]]
    elif kind == "product":
        first = [Fact("avail", (rng.randint(8, 28),)), Fact("langs", (rng.randint(12, 60),))]
        pool = [price, version, Fact("users", (rng.randint(1, 9),)), b[0], lic]
    elif kind == "funding":
        first = [Fact("funding", (rng.choice([45, 80, 120, 300]), rng.choice("ABC")))]
        pool = [Fact("valuation", (rng.choice([1.2, 2.5, 4.0]),)), Fact("gpus", (2048,))]
        pool += [Fact("users", (rng.randint(1, 9),)), Fact("langs", (rng.randint(12, 40),))]
        pool += [Fact("avail", (rng.randint(8, 28),))]
    elif kind == "dataset":
        first = [Fact("tokens", (rng.choice([2, 5, 15]),)), Fact("langs", (rng.randint(20, 90),))]
        pool = [lic, Fact("download", (rng.randint(40, 900),)), version, b[0], b[1]]
    else:  # chip
        first = [
            Fact("tops", (rng.choice([400, 800, 1600]),)),
            Fact("power", (rng.choice([75, 150]),)),
        ]
        pool = [price, Fact("avail", (rng.randint(8, 28),)), version, b[0]]
        pool += [Fact("users", (rng.randint(1, 9),))]
    rng.shuffle(pool)
    return first, pool


# --- events -----------------------------------------------------------------------------


@dataclass
class _Event:
    id: str
    kind: str
    company: tuple[str, str, str, str, bool]
    name: str
    url: str
    known: list[Fact]
    pool: list[Fact]
    what_en: str
    what_ko: str
    covered: list[str] = field(default_factory=list)  # window days of posts that covered it
    solo: bool = False  # late events: never retold

    @property
    def co(self) -> str:
        return self.company[0]

    @property
    def co_ko(self) -> str:
        return self.company[1]

    @property
    def korean(self) -> bool:
        return self.company[4]


def _has_batchim(word: str) -> bool:
    last = word.rstrip("'\" )")[-1:]
    if not last:
        return False
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28 != 0
    if last.isdigit():
        return last in "013678"
    return last.lower() in "lmnr" or word.lower().endswith("ng")


def _j(word: str, pair: str) -> str:
    """``word`` with the right form of a Korean particle pair (``이가``, ``은는``, ``을를``…)."""
    with_b, without_b = {"이가": ("이", "가"), "은는": ("은", "는"), "을를": ("을", "를")}.get(
        pair, ("과", "와")
    )
    return word + (with_b if _has_batchim(word) else without_b)


class _Gen:
    def __init__(self, seed: int, ndays: int) -> None:
        self.rng = random.Random(seed)
        self.ndays = ndays
        self.events: dict[str, _Event] = {}
        self.products = list(PRODUCTS)
        self.rng.shuffle(self.products)
        self.methods = list(METHODS)
        self.rng.shuffle(self.methods)
        self.serial = 0
        self.used: set[str] = set()

    # ids and times

    def _next(self) -> int:
        self.serial += 1
        return self.serial

    def at(self, day: date, lo: float, hi: float) -> datetime:
        """A UTC moment between hours ``lo`` and ``hi`` (Seoul) of ``day``."""
        minutes = self.rng.randint(int(lo * 60), int(hi * 60) - 1)
        local = datetime.combine(day, time(0, 0), SEOUL) + timedelta(minutes=minutes)
        return local.astimezone(UTC).replace(second=self.rng.randint(0, 59))

    def stem(self) -> str:
        """A product name not used before."""
        if self.products:
            return self.products.pop()
        while True:
            name = self.rng.choice(PRODUCTS) + self.rng.choice(["ix", "ara", "et", "o", "um"])
            if name not in self.used:
                self.used.add(name)
                return name

    def new_event(
        self,
        day: date,
        company: tuple[str, str, str, str, bool] | None = None,
        not_kind: str = "",
        kind: str = "",
    ) -> _Event:
        rng = self.rng
        kind = kind or rng.choice([k for k in KINDS if k != not_kind])
        if company is None:
            company = rng.choice(COMPANIES)
        if kind == "paper":
            name = self.methods.pop() if self.methods else self.stem() + "Net"
        else:
            base = self.stem()
            name = {
                "model": f"{base}-{rng.randint(2, 4)}",
                "product": f"{base} Studio",
                "funding": f"Series {rng.choice('ABC')}",
                "dataset": f"{base}Corpus",
                "chip": f"{base} N{rng.randint(1, 9)}",
            }[kind]
            if kind == "funding":
                name = f"{company[0]} {name}"
        eid = f"E{len(self.events) + 1:03d}"
        slug = name.lower().replace(" ", "-").replace(".", "")
        if kind == "paper":
            url = f"https://arxiv.org/abs/2407.{rng.randint(10000, 19999)}"
        elif company[4]:
            url = f"https://www.{company[2]}/newsroom/{rng.randint(100, 999)}"
        else:
            url = f"https://{company[2]}/blog/{slug}"
        first, pool = _facts_for(kind, company[4], rng)
        ev = _Event(
            eid,
            kind,
            company,
            name,
            url,
            first,
            pool,
            rng.choice(WHAT_EN[kind]),
            rng.choice(WHAT_KO[kind]),
        )
        self.events[eid] = ev
        return ev

    # items

    def rss(
        self,
        source: str,
        url: str,
        title: str,
        text: str,
        published: datetime,
        links: tuple[str, ...] = (),
        author: str = "",
        guid: bool = True,
    ) -> Item:
        ident = f"tag:{source},2024:{self._next()}" if guid else url
        engagement = {"comments": self.rng.randint(0, 40)} if self.rng.random() < 0.4 else {}
        return Item(
            source=source,
            id=ident,
            url=url,
            title=title,
            author=author,
            text=text,
            published=published,
            links=links,
            language=detect_language(f"{title}\n{text}"),
            engagement=engagement,
            kind="rss",
        )

    def x(
        self, source: str, handle: str, text: str, published: datetime, links: tuple[str, ...] = ()
    ) -> Item:
        full = f"{text} {' '.join(links)}".strip()
        ms = int(published.timestamp() * 1000)
        status = ((ms - 1288834974657) << 22) | (self._next() % 4096)
        rng = self.rng
        return Item(
            source=source,
            id=str(status),
            url=f"https://x.com/{handle}/status/{status}",
            author=f"@{handle}",
            text=full,
            published=published,
            links=links,
            language=detect_language(full),
            engagement={
                "likes": rng.randint(0, 4000),
                "reposts": rng.randint(0, 600),
                "replies": rng.randint(0, 120),
            },
            kind="x",
        )

    # wording

    def phrases_en(self, ev: _Event, facts: list[Fact]) -> list[str]:
        return [fact_en(f, self.rng) for f in facts]

    def phrases_ko(self, ev: _Event, facts: list[Fact]) -> list[str]:
        return [fact_ko(f, self.rng) for f in facts]

    def pick(self, facts: list[Fact], lo: int = 1) -> list[Fact]:
        n = self.rng.randint(min(lo, len(facts)), len(facts))
        return self.rng.sample(facts, n)

    def official_en(self, ev: _Event) -> tuple[str, str]:
        rng = self.rng
        p = self.phrases_en(ev, ev.known)
        title = rng.choice(
            [
                f"Introducing {ev.name}",
                f"{ev.co} launches {ev.name}, a new {ev.what_en}",
                f"{ev.name}: {p[0]}",
                f"Announcing {ev.name}",
            ]
        )
        body = rng.choice(
            [
                f"Today we are releasing {ev.name}, our {ev.what_en}. It comes with {_and(p)}.",
                f"{ev.name} is {ev.co}'s newest {ev.what_en}. Highlights: {'; '.join(p)}.",
                f"We built {ev.name} to be practical. The headline numbers are {_and(p)}.",
            ]
        )
        return title, body + " " + rng.choice(["More details below.", "", "Try it today."])

    def news_en(self, ev: _Event, facts: list[Fact]) -> tuple[str, str]:
        rng = self.rng
        p = self.phrases_en(ev, facts)
        title = rng.choice(
            [
                f"{ev.co} debuts {ev.name} with {p[0]}",
                f"{ev.co}'s {ev.name} bets on {p[-1]}",
                f"What {ev.co}'s new {ev.what_en} {ev.name} brings",
                f"{ev.name} arrives from {ev.co}",
            ]
        )
        body = rng.choice(
            [
                f"{ev.co} has unveiled {ev.name}. The company points to {_and(p)}.",
                f"The new {ev.what_en}, called {ev.name}, was announced by {ev.co}; "
                f"it offers {_and(p)}.",
                f"According to {ev.co}, {ev.name} features {_and(p)}, "
                "though independent tests are still to come.",
                f"In short: {ev.name} ({ev.co}), {', '.join(p)}.",
            ]
        )
        return title, body

    def ko_story(self, ev: _Event, facts: list[Fact]) -> tuple[str, str]:
        rng = self.rng
        p = self.phrases_ko(ev, facts)
        title = rng.choice(
            [
                f"{ev.co_ko}, {p[0]} '{ev.name}' 공개",
                f"{_j(ev.co_ko, '은는')} 새 {_j(ev.what_ko, '을를')} 내놨다… {ev.name}",
                f"[AI 브리핑] {ev.co_ko} {ev.name} 발표",
                f"{ev.name} 출시한 {ev.co_ko}, {p[-1]} 내세워",
            ]
        )
        body = rng.choice(
            [
                f"{_j(ev.co_ko, '이가')} {ev.what_ko} '{ev.name}'{_pp(ev.name)} 공개했다. "
                f"주요 특징은 {', '.join(p)}이다.",
                f"{ev.co_ko}({ev.co})는 {ev.name}{_pp(ev.name)} 선보이며 {', '.join(p)} 등을 "
                "강조했다.",
                f"{ev.name}에 대한 {ev.co_ko}의 설명에 따르면 {', '.join(p)} 수준이다. "
                "업계에서는 관심이 크다.",
            ]
        )
        return title, body

    def x_en(self, ev: _Event, facts: list[Fact]) -> str:
        rng = self.rng
        p = self.phrases_en(ev, facts)
        return rng.choice(
            [
                f"{ev.name} from {ev.co} just dropped: {', '.join(p)}.",
                f"ok {ev.name} looks interesting. {p[0]}?",
                f"{ev.co} shipped {ev.name} ({', '.join(p)}). Thread below.",
                f"Worth a read: {ev.co} on {ev.name}, {p[0]}.",
            ]
        )

    def x_ko(self, ev: _Event, facts: list[Fact]) -> str:
        rng = self.rng
        p = self.phrases_ko(ev, facts)
        return rng.choice(
            [
                f"{ev.co_ko} {ev.name} 나왔네요. {', '.join(p)}.",
                f"{ev.name} 써 보신 분? {p[0]}라고 합니다.",
                f"{ev.co_ko}에서 {ev.name} 공개. 핵심은 {p[-1]}.",
            ]
        )

    def followup_en(self, ev: _Event, new: list[Fact]) -> tuple[str, str]:
        rng = self.rng
        p = self.phrases_en(ev, new)
        title = rng.choice(
            [
                f"{ev.name} update: {p[0]} and more",
                f"{ev.co} adds {p[0]} to {ev.name}",
                f"Now with {p[-1]}: {ev.name}",
            ]
        )
        body = rng.choice(
            [
                f"Following the launch, {ev.co} now lists {_and(p)} for {ev.name}.",
                f"New details on {ev.name}: {'; '.join(p)}.",
                f"{ev.co} published more on {ev.name} — {_and(p)}.",
            ]
        )
        return title, body

    def followup_ko(self, ev: _Event, new: list[Fact]) -> tuple[str, str]:
        rng = self.rng
        p = self.phrases_ko(ev, new)
        title = rng.choice(
            [f"{ev.name}, {p[0]} 추가 공개", f"{ev.co_ko} {ev.name} 후속 발표… {p[-1]}"]
        )
        body = f"{_j(ev.co_ko, '이가')} {ev.name}의 추가 정보를 내놨다. {', '.join(p)} 등이다."
        return title, body


def _pp(word: str) -> str:
    return "을" if _has_batchim(word) else "를"


def _and(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _label(ev: _Event | None, role: str, dstr: str, **kw: Any) -> Label:
    """A label for an item of ``ev`` (or chatter) told on ``dstr``."""
    seen_day = ev.covered[-1] if ev is not None and ev.covered else None
    if role in ("first", "unrelated_same_company", "chatter"):
        seen_day = None
    seen = _post_date(date.fromisoformat(seen_day)) if seen_day else None
    return Label(
        event=ev.id if ev else None,
        role=role,
        window_day=dstr,
        seen=seen,
        seen_day=seen_day,
        **kw,
    )


def _post_date(day: date) -> str:
    return (day + timedelta(days=1)).isoformat()


# --- the days ---------------------------------------------------------------------------


def generate(seed: int, days: int = 4) -> DaySet:
    """The labelled multi-day set for ``seed`` (see the module docstring)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    g = _Gen(seed, days)
    rng = g.rng
    out: list[Day] = []
    expected: dict[str, DayExpect] = {}
    carry_late: list[tuple[Item, Label]] = []
    carry_repub: tuple[Item, _Event] | None = None
    prev: Day | None = None

    for index in range(days):
        day = START + timedelta(days=index)
        dstr = day.isoformat()
        last = index == days - 1
        window = Window(
            datetime.combine(day, time(0, 0), SEOUL),
            datetime.combine(day + timedelta(days=1), time(0, 0), SEOUL),
        )
        items: list[tuple[Item, Label]] = []
        today: set[str] = set()  # events with a verdict today

        def lab(ev: _Event | None, role: str, **kw: Any) -> Label:
            return _label(ev, role, dstr, **kw)  # noqa: B023 (called inside this iteration only)

        earlier = [
            e for e in g.events.values() if e.covered and not e.solo and e.covered[-1] < dstr
        ]

        # follow-ups: two with many new facts and no shared link, one sharing the link
        if index:
            blocked = {carry_repub[1].id} if carry_repub else set()
            cands = [e for e in earlier if len(e.pool) >= 3 and e.id not in blocked]
            chosen = rng.sample(cands, 3 + (rng.random() < 0.4))
            for n, ev in enumerate(chosen):
                shared = n == 2
                k = rng.randint(2, 3) if shared else rng.randint(3, min(5, len(ev.pool)))
                new, ev.pool = ev.pool[:k], ev.pool[k:]
                how = "shared_link" if shared else "new_facts"
                keys = tuple(f.key for f in new)
                t = g.at(day, 7, 22)
                if ev.korean and rng.random() < 0.6:
                    title, body = g.followup_ko(ev, new)
                    url = f"https://www.ko-aitimes.kr/news/{g._next() + 50000}"
                    links = (ev.url,) if shared else ()
                    item = g.rss("ko-aitimes", url, title, body, t, links)
                elif shared:
                    body = g.followup_en(ev, new)[1]
                    item = g.x("x-en", ev.company[3], body, t, (ev.url,))
                else:
                    title, body = g.followup_en(ev, new)
                    url = f"https://mlwire.news/2024/07/{day.day:02d}/{ev.name.lower()[:12]}-"
                    url += f"{g._next()}"
                    item = g.rss("mlwire", url, title, body, t)
                items.append((item, lab(ev, "follow_up", how=how, new_facts=keys)))
                if rng.random() < 0.5:  # an echo on X telling the same new facts
                    text = g.x_ko(ev, new) if rng.random() < 0.5 else g.x_en(ev, new)
                    src = "x-ko" if detect_language(text) == "ko" else "x-en"
                    hnd = rng.choice(HANDLES_KO if src == "x-ko" else HANDLES_EN)
                    t2 = t + timedelta(minutes=rng.randint(20, 90))
                    links = (ev.url,) if shared else ()
                    items.append(
                        (
                            g.x(src, hnd, text, t2, links),
                            lab(ev, "follow_up", how=how, new_facts=keys),
                        )
                    )
                ev.known = ev.known + new
                today.add(ev.id)

        # repeats: reposts with the link, rewordings, a translation, a Korean press article
        if index:
            pool = [e for e in earlier if e.id not in today]
            plan = ["link"] * 3 + ["reworded"] * 2 + ["translated", "press"]
            plan += rng.choices(["link", "reworded", "translated"], k=rng.randint(0, 3))
            for how in plan:
                ev = rng.choice(pool)
                facts = g.pick(ev.known)
                t = g.at(day, 6, 23.5)
                if how == "link":
                    if rng.random() < 0.6:
                        hnd = rng.choice(HANDLES_EN)
                        item = g.x("x-en", hnd, g.x_en(ev, facts), t, (ev.url,))
                    else:
                        hnd = rng.choice(HANDLES_KO)
                        item = g.x("x-ko", hnd, g.x_ko(ev, facts), t, (ev.url,))
                elif how == "reworded":
                    if ev.korean:
                        title, body = g.ko_story(ev, facts)
                        url = f"https://www.ko-aitimes.kr/news/{g._next() + 50000}"
                        item = g.rss("ko-aitimes", url, title, body, t)
                    else:
                        title, body = g.news_en(ev, facts)
                        url = f"https://mlwire.news/2024/07/{day.day:02d}/story-{g._next()}"
                        item = g.rss("mlwire", url, title, body, t)
                elif how == "translated":
                    if ev.korean:
                        title, body = g.news_en(ev, facts)
                        url = f"https://mlwire.news/2024/07/{day.day:02d}/korea-{g._next()}"
                        item = g.rss("mlwire", url, title, body, t)
                    else:
                        title, body = g.ko_story(ev, facts)
                        url = f"https://ko-community.dev/posts/{g._next() + 7000}"
                        item = g.rss("ko-community", url, title, body, t, guid=False)
                else:  # press: a new URL and a new link, nothing new
                    title, body = g.ko_story(ev, facts)
                    url = f"https://www.ko-aitimes.kr/news/{g._next() + 50000}"
                    extra = f"https://www.ko-aitimes.kr/tags/{ev.co_ko}"
                    item = g.rss("ko-aitimes", url, title, body, t, (extra,))
                items.append((item, lab(ev, "repeat", how=how)))
                today.add(ev.id)

        # the previous day's guid-less entry, posted again
        if carry_repub is not None:
            old, ev = carry_repub
            t = g.at(day, 8, 20)
            again = old.model_copy(update={"published": t})
            items.append((again, lab(ev, "republished")))
            today.add(ev.id)

        # a weekly roundup linking 4-5 earlier events
        if index >= 2:
            covers = rng.sample([e for e in earlier if e.id not in today], rng.randint(4, 5))
            lines = []
            for ev in covers:
                p = g.phrases_en(ev, g.pick(ev.known))
                lines.append(f"{ev.co}'s {ev.name}: {', '.join(p)}.")
            url = f"https://weekly-ai.news/issues/{27 + index}"
            item = g.rss(
                "weekly",
                url,
                f"This week in AI #{27 + index}",
                "The week's stories in one place. " + " ".join(lines),
                g.at(day, 9, 11),
                tuple(e.url for e in covers),
            )
            latest = max(e.covered[-1] for e in covers)
            label = Label(
                event=None,
                role="recap",
                window_day=dstr,
                seen=_post_date(date.fromisoformat(latest)),
                seen_day=latest,
                covers=tuple(e.id for e in covers),
            )
            items.append((item, label))

        # new events, each told first by its canonical post and echoed the same day
        fresh: list[tuple[_Event, str]] = [
            (g.new_event(day, kind="paper" if n == 1 else ""), "first")
            for n in range(rng.randint(9, 13))
        ]
        if index:
            for old_ev in rng.sample(earlier, 2):
                ev = g.new_event(day, company=old_ev.company, not_kind=old_ev.kind)
                fresh.append((ev, f"unrelated:{old_ev.id}"))
        repub_next: tuple[Item, _Event] | None = None
        for n, (ev, tag) in enumerate(fresh):
            role = "first" if tag == "first" else "unrelated_same_company"
            extra_kw: dict[str, object] = {}
            if tag != "first":
                extra_kw["company_of"] = tag.split(":", 1)[1]
            t0 = g.at(day, 0.2, 20)
            if ev.kind == "paper":
                p = g.phrases_en(ev, ev.known)
                title = f"{ev.name}: {rng.choice(['efficient', 'scalable', 'robust'])} "
                title += f"{rng.choice(['routing', 'distillation', 'decoding', 'fine-tuning'])} "
                title += "for large language models"
                body = (
                    f"We propose {ev.name}. Experiments with {_and(p)} show gains over strong "
                    f"baselines. Work by researchers at {ev.co}."
                )
                canon = g.rss("arxiv-cs", ev.url, title, body, t0, author=f"{ev.co} et al.")
            elif ev.korean:
                title, body = g.ko_story(ev, ev.known)
                url = f"https://www.ko-aitimes.kr/news/{g._next() + 50000}"
                canon = g.rss("ko-aitimes", url, title, body, t0, (ev.url,))
            else:
                title, body = g.official_en(ev)
                canon = g.rss("blogs", ev.url, title, body, t0, author=ev.co)
            items.append((canon, lab(ev, role, **extra_kw)))
            echoes = rng.choices(["x-en", "x-ko", "mlwire", "ko-community"], k=rng.randint(0, 3))
            if n == 0 and not last:
                echoes.append("ko-community-guidless")
            for src in echoes:
                t = min(t0 + timedelta(minutes=rng.randint(15, 200)), g.at(day, 23, 23.5))
                facts = g.pick(ev.known)
                if src == "x-en":
                    hnd = rng.choice([*HANDLES_EN, ev.company[3]])
                    item = g.x(
                        src, hnd, g.x_en(ev, facts), t, (ev.url,) if rng.random() < 0.7 else ()
                    )
                elif src == "x-ko":
                    item = g.x(src, rng.choice(HANDLES_KO), g.x_ko(ev, facts), t)
                elif src == "mlwire":
                    title, body = g.news_en(ev, facts)
                    url = f"https://mlwire.news/2024/07/{day.day:02d}/n-{g._next()}"
                    item = g.rss(src, url, title, body, t, (ev.url,))
                else:
                    title, body = g.ko_story(ev, facts)
                    url = f"https://ko-community.dev/posts/{g._next() + 7000}"
                    item = g.rss("ko-community", url, title, body, t, guid=False)
                    if src == "ko-community-guidless":
                        repub_next = (item, ev)
                items.append((item, lab(ev, role, **extra_kw)))
            today.add(ev.id)

        # late items published now, served by the next day's fetch
        late_next: list[tuple[Item, Label]] = []
        if not last:
            for _ in range(2):
                ev = g.new_event(day)
                ev.solo = True
                t = g.at(day, 23 + 40 / 60, 24)
                if rng.random() < 0.5:
                    title, body = g.official_en(ev)
                    item = g.rss("blogs", ev.url, title, body, t, author=ev.co)
                else:
                    item = g.x("x-en", ev.company[3], g.x_en(ev, ev.known), t, (ev.url,))
                late_next.append((item, Label(event=ev.id, role="late", window_day=dstr)))

        # rollovers and the late items of the previous day
        listed: list[tuple[Item, Label]] = []
        for item, label in carry_late:
            listed.append((item, label))
        if prev is not None:
            skip = {carry_repub[0].key} if carry_repub else set()
            olds_rss = [
                (i, prev.labels[i.key])
                for i in prev.items
                if i.kind == "rss" and i.key not in skip and i.published in prev.window
            ]
            for item, label in rng.sample(olds_rss, min(len(olds_rss), rng.randint(5, 10))):
                listed.append(
                    (
                        item,
                        Label(
                            event=label.event,
                            role="rollover",
                            window_day=label.window_day,
                        ),
                    )
                )
        # chatter
        lo, hi = (70, 86) if index == 0 else (72, 116)
        for _ in range(max(12, rng.randint(lo, hi) - len(items) - len(listed))):
            t = g.at(day, 0.1, 23.5)
            r = rng.random()
            if r < 0.4:
                text = f"{rng.choice(OPEN_EN)}{rng.choice(CHATTER_EN)}"
                item = g.x("x-en", rng.choice(HANDLES_EN), text, t)
            elif r < 0.7:
                text = f"{rng.choice(OPEN_KO)}{rng.choice(CHATTER_KO)}"
                item = g.x("x-ko", rng.choice(HANDLES_KO), text, t)
            else:
                text = rng.choice(CHATTER_KO)
                url = f"https://ko-community.dev/posts/{g._next() + 7000}"
                item = g.rss("ko-community", url, text[:24], text, t, guid=False)
            items.append((item, lab(None, "chatter")))
        while len(items) + len(listed) > 120 and listed and listed[-1][1].role == "rollover":
            listed.pop()

        # coverage and expectations
        by_event: dict[str, list[tuple[Item, Label]]] = {}
        for item, label in items:
            if label.event is not None:
                by_event.setdefault(label.event, []).append((item, label))
        stories: list[Expect] = []
        for eid, members in by_event.items():
            roles = {lb.role for _, lb in members}
            keys = tuple(i.key for i, _ in members)
            ev = g.events[eid]
            if roles & {"first", "unrelated_same_company"}:
                stories.append(Expect(eid, "new", None, keys))
            elif "follow_up" in roles:
                stories.append(Expect(eid, "follow-up", members[0][1].seen, keys))
            else:
                stories.append(Expect(eid, "repeat", members[0][1].seen, keys))
        for item, label in items:
            if label.role == "recap":
                stories.append(Expect(f"recap:{dstr}", "repeat", label.seen, (item.key,)))
        for st in stories:
            if st.verdict != "repeat" and not st.event.startswith("recap:"):
                g.events[st.event].covered.append(dstr)
        for _item, label in carry_late:
            if label.event:
                g.events[label.event].covered.append(dstr)
        all_items = items + listed
        rng.shuffle(all_items)
        absent = [
            i.key
            for i, lb in all_items
            if lb.role in ("repeat", "recap", "republished", "rollover")
        ]
        expected[dstr] = DayExpect(
            post_date=_post_date(day),
            stories=sorted(stories, key=lambda s: s.event),
            late=[i.key for i, _ in carry_late],
            absent=absent,
        )
        the_day = Day(
            date=dstr,
            post_date=_post_date(day),
            window=window,
            items=[i for i, _ in all_items],
            labels={i.key: lb for i, lb in all_items},
        )
        out.append(the_day)
        prev = the_day
        carry_late = late_next
        carry_repub = repub_next
    return DaySet(seed=seed, days=out, expected=expected)


def summary(ds: DaySet) -> str:
    """Per day: item count, counts by role (and by ``how``), verdicts."""
    lines = []
    for d in ds.days:
        roles = Counter(lb.role for lb in d.labels.values())
        hows = Counter(f"{lb.role}/{lb.how}" for lb in d.labels.values() if lb.how)
        verdicts = Counter(s.verdict for s in ds.expected[d.date].stories)
        sources = Counter(i.source for i in d.items)
        langs = Counter(i.language for i in d.items)
        lines.append(f"{d.date} (post {d.post_date}): {len(d.items)} items")
        lines.append("  roles:    " + ", ".join(f"{r} {roles[r]}" for r in ROLES if roles[r]))
        lines.append("  how:      " + ", ".join(f"{k} {v}" for k, v in sorted(hows.items())))
        lines.append("  verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())))
        lines.append(f"  late keys to carry: {len(ds.expected[d.date].late)}")
        lines.append("  sources:  " + ", ".join(f"{k} {v}" for k, v in sorted(sources.items())))
        lines.append("  language: " + ", ".join(f"{k} {v}" for k, v in sorted(langs.items())))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=4)
    args = parser.parse_args()
    print(summary(generate(args.seed, args.days)))


if __name__ == "__main__":
    main()
