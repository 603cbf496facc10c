"""A labelled corpus for the story engine: a busy day of AI chatter whose true stories are known.

``make_corpus(n, seed)`` returns ``n`` items, each with the story it belongs to and, for
copies, the item it copies. It is written for digest's benchmark and quality test: every
sentence comes from templates here, filled with invented product names and figures.

What a day holds, roughly in the shares real days show:

- stories (about ``n / 50`` of them, sizes heavy-tailed from 2 to a few hundred items), each
  with an origin (a blog post, a paper, a repository or a news article) and the chatter
  around it: English paraphrases, Korean write-ups, link variants (tracking parameters,
  ``twitter.com``/``mobile.``/``fxtwitter`` forms, ``arxiv`` PDF and versions, AMP, ``www``,
  trailing slashes), retweets and cross-posts (copies), quotes of the announcement, HN and
  Reddit submissions, and replies in threads that name nothing but the thread;
- sibling stories: two events about the same product (a release and, later, a jailbreak or
  an outage) that must stay apart;
- noise, about 15%: chatter that belongs to no story, some of it naming the day's products.

The labels are the story ids (a noise item is its own story; a reply joins its parent's
story) and, for copies, the key of the item copied. A copy is made on purpose (a retweet, a
cross-post of the same text with perhaps a tag or an emoji added) or by accident: a post
whose words repeat an earlier post of the story (word 3-shingles, Jaccard 0.8 or more,
computed exactly), or the same remark quoting the same tweet. Two stories' posts that read
alike ("Kapo is down", "Zebel is down") are never copies.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from digest.models import Item

DAY_START = datetime(2024, 5, 3, 15, 0, tzinfo=UTC)  # 2024-05-04 00:00 in Seoul
DAY = timedelta(hours=24)


@dataclass(frozen=True)
class Labelled:
    """One corpus item with its truth.

    Attributes:
        item: the item.
        story: the id of the story it belongs to.
        copy_of: the key of the item it copies (a retweet or a cross-post), or None.
    """

    item: Item
    story: str
    copy_of: str | None = None


ORGS = [
    ("OpenAI", "openai.com", "오픈AI"),
    ("Anthropic", "anthropic.com", "앤트로픽"),
    ("Google DeepMind", "deepmind.google", "구글 딥마인드"),
    ("Meta AI", "ai.meta.com", "메타"),
    ("Mistral AI", "mistral.ai", "미스트랄"),
    ("Qwen", "qwenlm.github.io", "알리바바"),
    ("DeepSeek", "deepseek.com", "딥시크"),
    ("Microsoft", "microsoft.com", "마이크로소프트"),
    ("NVIDIA", "nvidia.com", "엔비디아"),
    ("Hugging Face", "huggingface.co", "허깅페이스"),
    ("Cohere", "cohere.com", "코히어"),
    ("xAI", "x.ai", "xAI"),
    ("Naver", "naver.com", "네이버"),
    ("Kakao", "kakaocorp.com", "카카오"),
    ("LG AI Research", "lgresearch.ai", "LG AI연구원"),
    ("Upstage", "upstage.ai", "업스테이지"),
    ("Stability AI", "stability.ai", "스태빌리티AI"),
    ("Allen AI", "allenai.org", "앨런AI"),
    ("Apple", "apple.com", "애플"),
    ("Amazon", "aws.amazon.com", "아마존"),
]
NEWS = ["techcrunch.com", "theverge.com", "venturebeat.com", "zdnet.co.kr", "etnews.com"]
SYLLABLES = [
    "ve", "qua", "lo", "rin", "tal", "mo", "zen", "ka", "dra", "sol", "ny", "xo", "pra", "vi",
    "lu", "gor", "tes", "mi", "ra", "bel", "ON", "fi", "ce", "dus", "har", "po", "ze", "ul",
]  # fmt: skip
BENCHES = ["MMLU-Pro", "GPQA", "SWE-bench", "HumanEval", "MATH-500", "ArenaHard", "LiveCodeBench"]
INVESTORS = ["Sequoia", "a16z", "Lightspeed", "SoftBank", "Kleiner Perkins", "General Catalyst"]
FEATURES_EN = [
    "streaming tool calls", "a Rust tokenizer", "paged KV cache", "speculative decoding",
    "FP8 training", "structured output", "multi-GPU sharding", "a new CLI",
]  # fmt: skip
FEATURES_KO = [
    "스트리밍 도구 호출", "Rust 토크나이저", "페이지드 KV 캐시", "추측 디코딩",
    "FP8 학습", "구조화된 출력", "멀티 GPU 샤딩", "새 CLI",
]  # fmt: skip
TOPIC_WORDS = [
    "Sparse", "Recursive", "Contrastive", "Latent", "Adaptive", "Hierarchical", "Causal",
    "Retrieval", "Routing", "Distillation", "Attention", "Memory", "Reasoning", "Planning",
    "Alignment", "Tokenization", "Compression", "Agents", "Video", "Speech", "Robotics",
]  # fmt: skip

# Templates. Fields: {org} {org_ko} {prod} {ver} {size} {ctx} {bench} {score} {amount}
# {investor} {repo} {semver} {feat} {feat_ko} {paper} {hours} {prev}.
EN = {
    "release": [
        "{org} releases {prod} {ver}, a {size} model with a {ctx} context window.",
        "{prod} {ver} is out from {org}: {size} parameters, {ctx} context, open weights.",
        "Big drop from {org} today. {prod} {ver} ({size}) with {ctx} tokens of context.",
        "{org} just announced {prod} {ver}. It's {size} and handles {ctx} context.",
        "New model alert: {org} {prod} {ver}, {size}, {ctx} context, scores {score} on {bench}.",
        "So {org} shipped {prod} {ver} ({size}, {ctx} ctx). Benchmarks look strong on {bench}.",
    ],
    "paper": [
        "New paper from {org}: {paper}. Reports {score} on {bench}.",
        "{paper} ({org}) claims a {score} result on {bench} with a {size} model.",
        "Interesting read: {paper}. The {org} team gets {score} on {bench}.",
        "Paper of the day: {paper} by {org}, {score} on {bench}.",
        "{org} researchers propose {paper}; {bench} goes to {score}.",
    ],
    "funding": [
        "{prod} raises {amount} in a round led by {investor}.",
        "AI startup {prod} lands {amount} from {investor} and others.",
        "{investor} leads {amount} investment in {prod}, the {org} alumni startup.",
        "Funding news: {prod} closes {amount}, led by {investor}.",
    ],
    "opensource": [
        "{repo} {semver} released with {feat}.",
        "{repo} {semver} is out: {feat} and many fixes.",
        "Just upgraded to {repo} {semver}. {feat} finally landed!",
        "Release notes for {repo} {semver}: {feat}, faster builds.",
    ],
    "benchmark": [
        "{prod} {ver} tops {bench} at {score}, ahead of {prev}.",
        "{bench} leaderboard update: {prod} {ver} now first with {score}.",
        "{org}'s {prod} {ver} hits {score} on {bench}, beating {prev}.",
        "Wow, {prod} {ver} scores {score} on {bench}.",
    ],
    "incident": [
        "{org} API is down: {prod} requests failing for {hours} hours.",
        "Outage: {prod} on {org} returns errors, status page says {hours} hours so far.",
        "Is {prod} down for everyone? {org} status page confirms an incident.",
        "{org} says the {prod} outage lasted {hours} hours and is now resolved.",
    ],
    "jailbreak": [
        "Researchers jailbreak {prod} {ver} with a {bench}-style prompt attack.",
        "A new jailbreak gets {prod} {ver} to ignore its safety rules; {org} is patching.",
        "{prod} {ver} jailbreak spreads on forums; {org} responds.",
    ],
}
KO = {
    "release": [
        "{org_ko}가 {prod} {ver}를 공개했습니다. {size} 규모에 컨텍스트는 {ctx}입니다.",
        "{org} {prod} {ver} 출시. {size} 모델이며 {ctx} 컨텍스트를 지원합니다.",
        "{prod} {ver} 나왔네요. {org} 모델인데 {bench} 점수 {score}라고 합니다.",
        "{org_ko}의 새 모델 {prod} {ver}: {size}, 컨텍스트 {ctx}, 가중치 공개.",
    ],
    "paper": [
        "{org_ko} 연구진의 새 논문 {paper}. {bench}에서 {score}를 기록했습니다.",
        "오늘의 논문: {paper} ({org}), {bench} {score}.",
        "{paper} 논문 정리: {size} 모델로 {bench} {score} 달성.",
    ],
    "funding": [
        "{prod}가 {investor} 주도로 {amount} 투자를 유치했습니다.",
        "AI 스타트업 {prod}, {amount} 규모 투자 유치 ({investor} 리드).",
        "{prod} 투자 소식: {investor}가 {amount} 라운드를 이끌었습니다.",
    ],
    "opensource": [
        "{repo} {semver} 릴리스: {feat_ko} 추가.",
        "{repo} {semver} 업데이트 소식입니다. {feat_ko} 기능이 들어갔습니다.",
        "{repo} 새 버전 {semver} 나왔습니다. {feat_ko} 지원.",
    ],
    "benchmark": [
        "{prod} {ver}가 {bench}에서 {score}로 1위를 차지했습니다.",
        "{bench} 리더보드 갱신: {prod} {ver} {score}, {prev} 추월.",
        "{org} {prod} {ver}, {bench} 점수 {score} 기록.",
    ],
    "incident": [
        "{org} API 장애: {prod} 요청이 {hours}시간째 실패하고 있습니다.",
        "{prod} 지금 안 되나요? {org} 상태 페이지에 장애 공지가 떴습니다.",
        "{org}, {prod} 장애 {hours}시간 만에 복구했다고 밝혔습니다.",
    ],
    "jailbreak": [
        "{prod} {ver} 탈옥 기법이 공개됐습니다. {org}는 패치 중이라고 합니다.",
        "{prod} {ver}의 안전 규칙을 우회하는 프롬프트 공격이 확산되고 있습니다.",
    ],
}
# Words people swap when they retell a headline in their own words.
SYNONYMS = {
    "releases": ["launches", "ships", "unveils", "drops", "puts out"],
    "released": ["shipped", "out now", "launched"],
    "announced": ["revealed", "introduced", "unveiled"],
    "model": ["LLM", "model", "checkpoint"],
    "context": ["context", "context window", "ctx"],
    "raises": ["secures", "gets", "closes"],
    "tops": ["leads", "takes first place on", "beats everyone on"],
    "errors": ["failures", "500s", "timeouts"],
    "new": ["fresh", "brand new", "new"],
    "with": ["with", "featuring", "including"],
}
EXTRAS_EN = [
    "Weights are on Hugging Face.", "Apache 2.0 license.", "{bench}: {score}.",
    "Blog post has the details.", "API access rolls out this week.", "{size} params.",
    "Compared against {prev}.", "Docs are already updated.", "Paper and code linked.",
    "Available in {org}'s console.", "Pricing not announced yet.", "Context: {ctx}.",
]  # fmt: skip
EXTRAS_KO = [
    "가중치는 Hugging Face에 올라와 있습니다.", "라이선스는 Apache 2.0입니다.", "{bench} {score}.",
    "자세한 내용은 블로그에 있습니다.", "API는 이번 주부터 열립니다.", "{prev}와 비교했습니다.",
    "가격은 아직 미정입니다.", "컨텍스트 {ctx}.",
]  # fmt: skip
COMMENTS_EN = [
    "Huge if true.", "Thread below.", "This changes a lot for local inference.",
    "Curious how it compares to {other}.", "Not convinced yet.", "Pricing looks aggressive.",
    "Our team is testing it now.", "The eval numbers need independent checks.", "",
]  # fmt: skip
COMMENTS_KO = [
    "대박이네요.", "직접 써 봐야겠습니다.", "{other}와 비교가 궁금합니다.", "가격이 관건입니다.",
    "국내에서도 바로 쓸 수 있을까요?", "",
]  # fmt: skip
REPLIES = [
    "Does it run on a single 4090?", "Any numbers on latency?", "Link to the weights?",
    "Tried it, works great for coding.", "Same question here.", "How does licensing work?",
    "이거 한국어도 잘 되나요?", "벤치마크 재현해 보신 분 있나요?", "Following.", "+1",
    "Any word on API pricing?", "The demo was impressive.",
]  # fmt: skip
CITIES = ["Seoul", "Busan", "Pangyo", "Berlin", "Austin", "Toronto", "Tokyo", "Paris", "Lagos"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NOISE_TAILS = [
    "", "Day {n} of learning.", "Any advice welcome!", "(been at it for {n} hours)", "Thoughts?",
    "Asking for a friend.", "Kind of stuck.", "DMs open.", "{n}번째 시도 중입니다.",
    "조언 부탁드려요.",
]  # fmt: skip
NOISE_EN = [
    "Anyone have tips for fine-tuning {a} models on a dataset of {n} examples?",
    "Spent the weekend rewriting our {a} eval harness. Lessons learned: {b} matters.",
    "Hot take: most {a} papers are really about {b}.",
    "Looking for a co-founder interested in {a} and {b}, based in {city}.",
    "Reading group on {a} this {day}. Join us!",
    "My {org} API bill this month is ${n}. Wild.",
    "Is {prod_any} still worth using in production for {b}?",
    "Meetup in {city} on {day} about {a} for {b}.",
    "Good morning from {city}! Working on {a} today.",
    "We are hiring ML engineers in {city} who care about {a}.",
    "Anyone else seeing slow {org} responses from {city} right now?",
    "Finished a {n}-hour course on {a}. Recommend it for {b}.",
]
NOISE_KO = [
    "주말에 {a} 공부했는데 {b} 부분이 생각보다 어렵네요.",
    "{a} 관련 좋은 자료 있으면 추천 부탁드립니다. {b}도 궁금합니다.",
    "{day}에 {city}에서 {a} 스터디 모집합니다.",
    "{org} API 요금이 이번 달 {n}달러 나왔어요.",
    "{city}는 오늘 비가 오네요. {a} 코드 짜기 좋은 날입니다.",
    "{prod_any} 아직 {b} 실무에서 쓸 만한가요?",
    "{n}시간째 {a} 디버깅 중입니다.",
]
# Where items come from: (source, kind, language, weight in the mix of chatter).
SHARE_SOURCES = [
    ("x-ai-list", "x", "en"), ("discord-llm", "discord", "en"), ("telegram-ko", "telegram", "ko"),
    ("reddit-localllama", "reddit", "en"), ("geeknews", "rss", "ko"), ("newsletter", "rss", "en"),
]  # fmt: skip


def _text_of(title: str, text: str) -> str:
    """What a reader sees of a post: its title and text, the title once."""
    return (text if title in text else f"{title} {text}").strip()


class _Gen:
    def __init__(self, n: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n = n
        self.out: list[Labelled] = []
        self.counter = 0
        self.used_names: set[str] = set()
        self.authors = {
            kind: [f"{kind}_user{i}" for i in range(max(20, n // 8))]
            for kind in ("x", "discord", "telegram", "reddit", "hn", "rss")
        }
        self.products: list[str] = []
        self.also: list[tuple[str, str]] = []  # more copy pairs than copy_of can hold

    # names -----------------------------------------------------------------
    def name(self) -> str:
        while True:
            parts = self.rng.sample(SYLLABLES, self.rng.choice([2, 2, 3]))
            word = "".join(parts).capitalize()
            if word not in self.used_names:
                self.used_names.add(word)
                return word

    def next_id(self) -> int:
        self.counter += 1
        return 1780000000000000000 + self.counter * 7919

    # links -----------------------------------------------------------------
    def variant(self, url: str) -> str:
        """The same page as people actually paste it."""
        r = self.rng
        if "arxiv.org/abs/" in url and r.random() < 0.5:
            paper = url.rsplit("/", 1)[1]
            return r.choice([
                f"https://arxiv.org/pdf/{paper}", f"https://arxiv.org/pdf/{paper}v2",
                f"http://arxiv.org/abs/{paper}v1", f"https://arxiv.org/pdf/{paper}.pdf",
            ])  # fmt: skip
        if "x.com/" in url:
            path = url.split("x.com", 1)[1]
            return r.choice([
                url, f"https://twitter.com{path}", f"https://mobile.twitter.com{path}",
                f"https://fxtwitter.com{path}", f"https://x.com{path}?s=20&t=Ab3kLm",
                f"https://nitter.net{path}", f"https://vxtwitter.com{path}",
            ])  # fmt: skip
        choice = r.random()
        if choice < 0.25:
            return url + r.choice(
                [
                    "?utm_source=twitter",
                    "?utm_source=newsletter&utm_medium=email",
                    "?ref=hn",
                    "?fbclid=IwAR0x9",
                    "?utm_campaign=launch&igshid=abc",
                ]
            )
        if choice < 0.35:
            return url.replace("https://", "http://www.", 1)
        if choice < 0.45:
            return url + "/"
        if choice < 0.55 and any(host in url for host in NEWS):
            return url + "/amp" if r.random() < 0.5 else url + "?amp=1"
        return url

    # items -----------------------------------------------------------------
    def author(self, kind: str) -> str:
        pool = self.authors[kind]
        # A few people post a lot (heavy-tailed), most post once or twice.
        return (
            pool[min(int(self.rng.paretovariate(1.2)) - 1, len(pool) - 1)]
            if (self.rng.random() < 0.3)
            else self.rng.choice(pool)
        )

    def engagement(self, kind: str, boost: float) -> dict[str, int]:
        r = self.rng
        base = r.lognormvariate(1.5, 1.3) * boost
        match kind:
            case "x":
                return {"likes": int(base * 10), "reposts": int(base * 2), "replies": int(base),
                        "views": int(base * 400)}  # fmt: skip
            case "discord":
                return {"reactions": int(base / 2)}
            case "telegram":
                return {"views": int(base * 150)}
            case "reddit":
                return {"score": int(base * 8), "comments": int(base * 2)}
            case "hn":
                return {"points": int(base * 6), "comments": int(base * 2)}
        return {}

    def add(
        self,
        *,
        story: str,
        source: str,
        kind: str,
        lang: str,
        text: str,
        at: datetime,
        title: str = "",
        url: str | None = None,
        links: tuple[str, ...] = (),
        reply_to: str | None = None,
        copy_of: str | None = None,
        boost: float = 1.0,
        author: str | None = None,
    ) -> Item:
        num = self.next_id()
        item_id = str(num)
        who = author or self.author(kind)
        if url is None:
            url = {
                "x": f"https://x.com/{who}/status/{num}",
                "discord": f"https://discord.com/channels/1000/2000/{num}",
                "telegram": f"https://t.me/ai_ko_news/{num % 1000003}",
                "reddit": f"https://www.reddit.com/r/LocalLLaMA/comments/{num % 99991:x}z/",
                "hn": f"https://news.ycombinator.com/item?id={num % 9999991}",
            }.get(kind, f"https://blog.example.com/posts/{num}")
        item = Item(
            source=source,
            id=item_id,
            url=url,
            title=title,
            author=who,
            text=text,
            published=min(at, DAY_START + DAY - timedelta(seconds=1)),
            links=links,
            language=lang,
            engagement=self.engagement(kind, boost),
            kind=kind,
            reply_to=reply_to,
        )
        self.out.append(Labelled(item, story, copy_of))
        return item

    @staticmethod
    def _shingles(text: str) -> set[str]:
        words = re.sub(r"https?://\S+|[^\w%.]+|(?<!\w)\.|\.(?!\w)", " ", text.lower()).split()
        if len(words) < 8:
            return {" ".join(words)}
        return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}

    def copied(self, shingled: list[tuple[set[str], str]], text: str) -> str | None:
        """The key of an earlier post of the story whose words this text nearly repeats.

        Truth for copies that nobody made on purpose: word 3-shingles with a Jaccard similarity
        of 0.8 or more, computed exactly over every earlier post of the story.
        """
        mine = self._shingles(text)
        matches = []
        for theirs, key in shingled:
            shared = len(mine & theirs)
            if shared and shared >= 0.8 * (len(mine) + len(theirs) - shared):
                matches.append(key)
        # Near copies chain (A~B, B~C): every match joins the copy group, not just the first.
        self.also.extend(itertools.pairwise(matches))
        return matches[0] if matches else None

    def remember(self, shingled: list[tuple[set[str], str]], item: Item) -> None:
        shingled.append((self._shingles(_text_of(item.title, item.text)), item.key))

    def resolve_copies(self) -> None:
        """Point every copy at the first post of its copy group (groups joined transitively)."""
        parent: dict[str, str] = {}

        def find(key: str) -> str:
            while parent.get(key, key) != key:
                key = parent[key]
            return key

        order = {x.item.key: i for i, x in enumerate(self.out)}
        pairs = [(x.copy_of, x.item.key) for x in self.out if x.copy_of] + self.also
        for a, b in pairs:
            ra, rb = find(a), find(b)
            if ra != rb:
                first, second = sorted((ra, rb), key=order.__getitem__)
                parent[second] = first
        self.out = [
            Labelled(x.item, x.story, None if find(x.item.key) == x.item.key else find(x.item.key))
            for x in self.out
        ]

    def retell(self, lang: str, kind: str, f: dict[str, str]) -> tuple[str, str]:
        """A headline told in someone's words (template, swapped words, an extra fact), with and
        without the remark they add; the first, the news in their wording, decides copies."""
        r = self.rng
        text = r.choice((KO if lang == "ko" else EN)[kind]).format(**f)
        if lang == "en":
            words = text.split(" ")
            for i, word in enumerate(words):
                if word.lower() in SYNONYMS and r.random() < 0.7:
                    words[i] = r.choice(SYNONYMS[word.lower()])
            text = " ".join(words)
        core = text
        extras = EXTRAS_KO if lang == "ko" else EXTRAS_EN
        for extra in r.sample(extras, r.choice([0, 1, 1, 2])):
            text += " " + extra.format(**f)
        comments = COMMENTS_KO if lang == "ko" else COMMENTS_EN
        comment = r.choice(comments).format(other=r.choice(self.products))
        return core, (f"{comment} {text}" if r.random() < 0.5 else f"{text} {comment}").strip()

    # stories ---------------------------------------------------------------
    def facts(self, org: tuple[str, str, str], kind: str) -> dict[str, str]:
        r = self.rng
        prod = self.name()
        self.products.append(prod)
        words = r.sample(TOPIC_WORDS, 3)
        owner = org[0].split()[0].lower()
        return {
            "org": org[0], "org_ko": org[2], "prod": prod,
            "ver": r.choice(["2", "3", "3.5", "4", "4.1", "1.5", "2.0", "V3", "R1"]),
            "size": f"{r.choice([1, 3, 7, 8, 14, 32, 70, 110, 405])}B",
            "ctx": f"{r.choice([32, 64, 128, 200, 256, 1000])}K",
            "bench": r.choice(BENCHES), "score": f"{r.uniform(40, 95):.1f}%",
            "amount": f"${r.choice([12, 40, 85, 150, 300, 640])}M",
            "investor": r.choice(INVESTORS),
            "repo": f"{owner}/{prod.lower()}", "semver": f"v{r.randint(0, 3)}.{r.randint(1, 20)}.0",
            "feat": r.choice(FEATURES_EN), "feat_ko": FEATURES_KO[r.randrange(len(FEATURES_KO))],
            "paper": f"{words[0]} {words[1]} for {words[2]}",
            "hours": str(r.randint(2, 9)), "prev": self.rng.choice(self.products[-30:] or [prod]),
            "kind": kind,
        }  # fmt: skip

    def origin_url(self, org: tuple[str, str, str], f: dict[str, str]) -> str:
        slug = f["prod"].lower() + "-" + f["ver"].replace(".", "-").lower()
        match f["kind"]:
            case "paper":
                return f"https://arxiv.org/abs/24{self.rng.randint(1, 12):02d}.{self.counter:05d}"
            case "opensource":
                return f"https://github.com/{f['repo']}/releases/tag/{f['semver']}"
            case "funding":
                return f"https://{self.rng.choice(NEWS)}/2024/05/03/{f['prod'].lower()}-raises"
            case "incident":
                return f"https://status.{org[1]}/incidents/{self.counter:x}"
        return f"https://{org[1]}/blog/{slug}-{f['kind']}"

    def story(self, label: str, size: int, f: dict[str, str], org: tuple[str, str, str]) -> None:
        r = self.rng
        origin = self.origin_url(org, f)
        start = DAY_START + timedelta(hours=r.uniform(0, 20))
        kind = f["kind"]
        headline = r.choice(EN[kind]).format(**f)
        body = " ".join(t.format(**f) for t in r.sample(EN[kind], 2))
        lead = self.add(story=label, source="blogs", kind="rss", lang="en", title=headline,
                        text=body + " " + r.choice(COMMENTS_EN).format(other=f["prev"]),
                        at=start, url=origin, boost=0)  # fmt: skip
        told = r.choice(EN[kind]).format(**f)
        announce = self.add(story=label, source="x-ai-list", kind="x", lang="en",
                            text=told + " " + self.variant(origin),
                            at=start + timedelta(minutes=r.uniform(1, 30)),
                            links=(self.variant(origin),), boost=3,
                            author=org[0].replace(" ", ""))  # fmt: skip
        posted = [lead, announce]
        # Independent posts that happen to say exactly the same thing are copies too.
        shingled: list[tuple[set[str], str]] = []
        quotes: dict[str, str] = {}  # the same remark on the same tweet is one post
        self.remember(shingled, announce)
        for _ in range(size - 2):
            at = start + timedelta(hours=r.expovariate(1 / 3))
            roll = r.random()
            if roll < 0.30:  # an English share, in the sharer's own words
                source, skind, _ = r.choice([s for s in SHARE_SOURCES if s[2] == "en"])
                link = (self.variant(origin),) if r.random() < 0.6 else ()
                _, text = self.retell("en", kind, f)
                posted.append(
                    self.add(
                        story=label,
                        source=source,
                        kind=skind,
                        lang="en",
                        text=(text + " " + " ".join(link)).strip(),
                        at=at,
                        links=link,
                        copy_of=self.copied(shingled, text),
                    )
                )
                self.remember(shingled, posted[-1])
            elif roll < 0.50:  # a Korean write-up
                source, skind, _ = r.choice([s for s in SHARE_SOURCES if s[2] == "ko"])
                link = (self.variant(origin),) if r.random() < 0.5 else ()
                _, text = self.retell("ko", kind, f)
                title = r.choice(KO[kind]).format(**f) if skind == "rss" else ""
                posted.append(
                    self.add(
                        story=label,
                        source=source,
                        kind=skind,
                        lang="ko",
                        title=title,
                        text=text,
                        at=at,
                        links=link,
                        copy_of=self.copied(shingled, _text_of(title, text)),
                    )
                )
                self.remember(shingled, posted[-1])
            elif roll < 0.65:  # a copy: a retweet or the same text cross-posted elsewhere
                original = r.choice([p for p in posted if p.reply_to is None])
                if original.kind == "x" and r.random() < 0.6:
                    text = f"RT @{original.author}: {original.text}"
                    source, skind = "x-ai-list", "x"
                else:
                    text = original.text + r.choice(["", " #AI", " 🔥", " (via @someone)"])
                    source, skind, _ = r.choice(SHARE_SOURCES)
                self.add(story=label, source=source, kind=skind, lang=original.language,
                         title=original.title, text=text, at=max(at, original.published),
                         links=original.links, copy_of=original.key)  # fmt: skip
            elif roll < 0.75:  # a quote of the announcement
                comment = r.choice([*COMMENTS_EN[:-1], "👇", "This.", "Wow."]).format(
                    other=r.choice(self.products)
                )
                link = self.variant(announce.url or "")
                posted.append(self.add(story=label, source="x-ai-list", kind="x", lang="en",
                                       text=f"{comment} {link}", at=at, links=(link,),
                                       copy_of=quotes.get(comment)))  # fmt: skip
                quotes.setdefault(comment, posted[-1].key)
            elif roll < 0.88:  # a reply in a thread
                parent = r.choice([p for p in posted if p.kind in ("x", "discord")] or posted)
                posted.append(self.add(story=label, source=parent.source, kind=parent.kind,
                                       lang="en", text=r.choice(REPLIES),
                                       at=max(at, parent.published + timedelta(minutes=1)),
                                       reply_to=parent.key))  # fmt: skip
            else:  # a submission on HN or Reddit, with its headline as the title
                where = r.choice(["hn", "reddit"])
                _, title = self.retell("en", kind, f)
                link = self.variant(origin)
                posted.append(self.add(story=label, source="hn" if where == "hn" else
                                       "reddit-localllama", kind=where, lang="en", title=title,
                                       text="" if where == "hn" else title, at=at,
                                       links=(link,), boost=2,
                                       copy_of=self.copied(shingled, title)))  # fmt: skip
                self.remember(shingled, posted[-1])

    def noise(self, label: str) -> None:
        r = self.rng
        fill = {
            "a": r.choice(TOPIC_WORDS).lower(), "b": r.choice(TOPIC_WORDS).lower(),
            "org": r.choice(ORGS)[0], "prod_any": r.choice(self.products or ["GPT-4"]),
            "n": r.randint(2, 999), "city": r.choice(CITIES), "day": r.choice(DAYS),
        }  # fmt: skip
        source, kind, lang = r.choice(SHARE_SOURCES)
        pool = NOISE_KO if lang == "ko" else NOISE_EN
        text = " ".join(t.format(**fill) for t in r.sample(pool, r.choice([1, 2, 2])))
        text = f"{text} {r.choice(NOISE_TAILS).format(n=r.randint(2, 400))}".strip()
        at = DAY_START + timedelta(hours=r.uniform(0, 23.5))
        item = self.add(story=label, source=source, kind=kind, lang=lang, text=text, at=at)
        if kind in ("x", "discord") and r.random() < 0.2:  # a short thread of its own
            self.add(
                story=label,
                source=source,
                kind=kind,
                lang="en",
                text=r.choice(REPLIES),
                at=at + timedelta(minutes=r.uniform(1, 30)),
                reply_to=item.key,
            )


def make_corpus(n: int, seed: int = 7) -> list[Labelled]:
    """``n`` labelled items for one busy day (deterministic for a given ``n`` and seed)."""
    g = _Gen(n, seed)
    r = g.rng
    story_items = int(n * 0.85)
    count = max(3, n // 50)
    raw = [min(max(r.paretovariate(1.3), 1.0), 60.0) for _ in range(count)]
    scale = story_items / sum(raw)
    sizes = [max(2, round(x * scale)) for x in raw]
    kinds = ["release", "paper", "funding", "opensource", "benchmark", "incident"]
    index = 0
    while index < len(sizes):
        org = r.choice(ORGS)
        f = g.facts(org, r.choice(kinds))
        g.story(f"s{index}", sizes[index], f, org)
        index += 1
        if f["kind"] == "release" and index < len(sizes) and r.random() < 0.3:
            # A sibling: the same product in a different event the same day.
            sib = dict(f, kind=r.choice(["jailbreak", "incident", "benchmark"]))
            g.story(f"s{index}", sizes[index], sib, org)
            index += 1
    noise = 0
    while len(g.out) < n:
        g.noise(f"n{noise}")
        noise += 1
    g.out = g.out[:n]
    g.resolve_copies()
    return g.out


if __name__ == "__main__":
    import collections
    import sys

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    corpus = make_corpus(size)
    stories = collections.Counter(x.story for x in corpus)
    print(f"items={len(corpus)} labels={len(stories)} copies={sum(1 for x in corpus if x.copy_of)}")
    for x in corpus[:12]:
        print(x.story, x.item.source, x.item.text[:100])
