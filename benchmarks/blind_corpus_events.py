"""Event types for the blind corpus: what facts each has and how people write about it.

Each event type has headline sentences (English and Korean), titles for feeds, forums and HN,
detail sentences that each tell one fact, short posts, and the casual follow-up lines one
person adds in a chat burst. A slot is ``{name}`` or ``{name:josa}``; the josa form picks the
Korean particle that fits the word before it (``{org:이}`` gives ``구글이`` or ``OpenAI가``).
A template is used only when the story has a fact for each of its slots.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    """How one kind of event is written about.

    Attributes:
        name: the event type.
        head_en: English headline sentences.
        head_ko: Korean headline sentences.
        title_en: English titles (feeds, Reddit, HN).
        title_ko: Korean titles.
        details: (fact, English sentences, Korean sentences) for one fact each.
        short_en: English posts under eight words that still name the subject.
        short_ko: Korean ones.
        cont_en: English follow-up lines of a chat burst.
        cont_ko: Korean ones.
    """

    name: str
    head_en: tuple[str, ...]
    head_ko: tuple[str, ...]
    title_en: tuple[str, ...]
    title_ko: tuple[str, ...]
    details: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    short_en: tuple[str, ...]
    short_ko: tuple[str, ...]
    cont_en: tuple[str, ...]
    cont_ko: tuple[str, ...]


EVENTS: dict[str, Event] = {}


def _add(event: Event) -> None:
    EVENTS[event.name] = event


_add(
    Event(
        "release",
        head_en=(
            "{org} just released {p}.",
            "{org} launches {p}, its new flagship model.",
            "{p} is here: {org}'s newest model is available today.",
            "New model from {org}: {p}.",
            "{org} has released {p}, a {modality} model with a {ctx} context window.",
            "Meet {p}. {org} says it beats everything they have shipped so far.",
            "So {org} dropped {p} this morning.",
            "{p} is now live for everyone.",
            "{org} quietly shipped {p} overnight.",
            "Big release from {org} today: {p}.",
            "{org} unveils {p}, and the {bench} numbers are strong.",
            "It's out: {p} from {org}.",
            "After weeks of rumours, {p} is official.",
            "{org} announced {p} an hour ago, {avail}.",
            "{org} just dropped {p}.",
            "{org} just dropped {p}, {ctx} context and {score} on {bench}.",
        ),
        head_ko=(
            "{org:이} {p:을} 공개했습니다.",
            "{org}, 신규 모델 {p} 출시",
            "{p} 나왔네요. {org}의 새 플래그십 모델입니다.",
            "{org:이} 오늘 {p:을} 내놨다.",
            "{org} 신모델 {p} 공개… {modality} 지원",
            "드디어 {p} 출시됐습니다.",
            "{org:은} {p:을} 정식 출시한다고 밝혔다.",
            "방금 {org}에서 {p} 발표함",
            "{org:이} 새 모델 {p:을} 선보였습니다. {avail} 쓸 수 있다고 하네요.",
            "소문만 돌던 {p:이} 드디어 공식 발표됐네요.",
        ),
        title_en=(
            "{org} releases {p}",
            "Introducing {p}",
            "{p}: {org}'s new model",
            "{org} launches {p} with {ctx} context",
            "{p} is now available",
            "{org} unveils {p}, claims top {bench} score",
        ),
        title_ko=(
            "{org}, '{p}' 공개",
            "{org} {p} 출시… {ctx} 컨텍스트 지원",
            "{p} 출시 소식",
            "[속보] {org} {p} 발표",
            "{org}, 차세대 모델 {p} 선보여",
        ),
        details=(
            (
                "ctx",
                (
                    "It supports a {ctx} context window.",
                    "Context length is {ctx}.",
                    "{ctx} of context, which is wild.",
                ),
                (
                    "컨텍스트 길이는 {ctx}입니다.",
                    "{ctx} 컨텍스트를 지원합니다.",
                    "컨텍스트가 {ctx:이라}니",
                ),
            ),
            (
                "score",
                (
                    "It scores {score} on {bench}.",
                    "{score} on {bench}, according to {org}.",
                    "Reported {bench}: {score}.",
                ),
                (
                    "{bench}에서 {score:을} 기록했다고 합니다.",
                    "{bench} 점수는 {score}.",
                    "{bench} 기준 {score}",
                ),
            ),
            (
                "avail",
                ("Available {avail}.", "You can try it {avail}.", "Rolling out {avail}."),
                ("{avail} 쓸 수 있어요.", "{avail} 사용 가능합니다.", "{avail} 순차 제공된다고 함"),
            ),
            (
                "price_new",
                ("Pricing is {price_new}.", "API price: {price_new}.", "It costs {price_new}."),
                ("가격은 {price_new}.", "API 가격 {price_new}.", "요금은 {price_new}입니다."),
            ),
            (
                "modality",
                ("It handles {modality}.", "{modality} out of the box."),
                ("{modality:을} 지원합니다.", "{modality}도 된다고 합니다."),
            ),
        ),
        short_en=(
            "{p} is out",
            "wow {p} is out",
            "{p} just dropped 🔥",
            "{org} shipped {p}!",
            "{p} finally",
            "{p} is live",
        ),
        short_ko=("{p} 나왔다", "{p} 출시 ㄷㄷ", "와 {p}", "{p} 드디어 공개", "{p} 떴다"),
        cont_en=(
            "context is {ctx} btw",
            "{bench} {score} if you believe the chart",
            "already live {avail}",
            "and pricing is {price_new}",
        ),
        cont_ko=(
            "컨텍스트 {ctx:이라}네요",
            "{bench} {score} 나왔다네요",
            "{avail} 바로 써볼 수 있음",
        ),
    )
)

_add(
    Event(
        "open_weights",
        head_en=(
            "{p} weights are now on {hf}.",
            "{org} open-sourced {p} under {license}.",
            "{org} released the weights for {p} ({params}).",
            "Open weights alert: {p} from {org}, {license}.",
            "You can now download {p} from {hf}.",
            "{org} just put {p} on {hf}, {params} and {license}.",
            "A new open model: {p}. {params}, {ctx} context, {license}.",
            "{org} dropped {p} as open weights and it looks competitive with much bigger models.",
            "Local folks, {p} is out with open weights.",
            "{p} ({params}) is downloadable now, license is {license}.",
        ),
        head_ko=(
            "{org:이} {p} 가중치를 {hf}에 공개했습니다.",
            "{p} 오픈웨이트로 풀렸습니다. 라이선스는 {license}.",
            "{org}, {params} 규모 {p} 오픈소스로 공개",
            "{hf}에 {p} 올라왔네요.",
            "{org:이} {p:을} {license} 라이선스로 공개했다.",
            "로컬 돌리시는 분들 {p} 나왔어요. {params}입니다.",
            "{p} 가중치 공개됨. {hf}에서 받을 수 있어요.",
            "{org} 오픈 모델 {p} 공개… 상업적 이용 가능",
        ),
        title_en=(
            "{org} releases {p} open weights",
            "{p}: an open {params} model",
            "{p} weights now available on {hf}",
            "{org} open-sources {p} under {license}",
            "Welcome {p} to {hf}",
        ),
        title_ko=(
            "{org}, {p} 오픈소스 공개",
            "{p} 가중치 {hf} 공개",
            "{org} {params} 오픈 모델 {p} 출시",
            "{p} 오픈웨이트 공개… {license} 라이선스",
        ),
        details=(
            (
                "license",
                (
                    "License is {license}.",
                    "It ships under {license}.",
                    "{license}, so commercial use is fine.",
                ),
                (
                    "라이선스는 {license}입니다.",
                    "{license} 라이선스로 풀렸어요.",
                    "라이선스 {license}",
                ),
            ),
            (
                "params",
                ("It has {params}.", "Size: {params}.", "{params}, fits on one GPU at 4-bit."),
                ("크기는 {params}입니다.", "{params} 모델이에요.", "파라미터 {params}"),
            ),
            (
                "ctx",
                ("Context is {ctx}.", "{ctx} context window."),
                ("컨텍스트 {ctx}.", "{ctx} 컨텍스트 지원."),
            ),
            (
                "score",
                ("{score} on {bench}.", "It reaches {score} on {bench}."),
                ("{bench} {score}.", "{bench}에서 {score} 기록."),
            ),
        ),
        short_en=(
            "{p} weights are up",
            "{p} on hf now",
            "{p} open weights 🔥",
            "downloading {p} rn",
            "{p} gguf when?",
        ),
        short_ko=("{p} 가중치 풀림", "{p} 받는 중", "{p} 오픈 ㄷㄷ", "{p} 허깅페이스에 올라옴"),
        cont_en=(
            "license is {license}",
            "it's {params}",
            "ctx {ctx} too",
            "{bench} {score} apparently",
        ),
        cont_ko=("라이선스는 {license}", "{params}짜리", "{bench} {score} 나왔다고 함"),
    )
)

_add(
    Event(
        "paper",
        head_en=(
            'New paper from {org}: "{ptitle}".',
            "{person} and colleagues at {org} propose a new approach to {topic}.",
            "Interesting paper on {topic}: {ptitle}.",
            "{org} researchers show {pct} gains on {bench} with a simple trick for {topic}.",
            '"{ptitle}" just hit arXiv ({arxiv}).',
            "Paper of the day: {ptitle}, by {person} et al.",
            "A paper from {org} argues that {topic} is mostly about data, not architecture.",
            "This {topic} paper from {org} is worth reading.",
            "{person} et al. ({org}) report {pct} improvement in {topic}.",
            "fresh on arXiv: {ptitle}",
            "{org} paper: {topic} gets {pct} better on {bench}.",
            "{org} paper: {ptitle}",
            "Reading {ptitle} now. The ablations on {bench} are great.",
        ),
        head_ko=(
            '{org} 연구진이 "{ptitle}" 논문을 공개했습니다.',
            "{topic} 관련 흥미로운 논문: {ptitle}",
            "{org}에서 {topic}에 대한 새로운 논문이 나왔네요.",
            "{person} 등이 발표한 논문, {bench}에서 {pct} 향상",
            "오늘 읽은 논문: {ptitle} ({arxiv})",
            "{org} 논문 요약: {topic}, 생각보다 간단한 방법으로 성능을 올렸습니다.",
            "{topic} 논문 하나 공유합니다. {org} 연구입니다.",
            "arXiv에 {ptitle} 올라왔네요.",
        ),
        title_en=(
            "{ptitle}",
            "[R] {ptitle}",
            "{ptitle} ({org})",
            "Paper: {ptitle}",
            "{org} paper on {topic}",
        ),
        title_ko=(
            "[논문] {ptitle}",
            "{org}, {topic} 논문 발표",
            "논문 리뷰: {ptitle}",
            "{topic} 새 논문",
        ),
        details=(
            (
                "pct",
                (
                    "They report {pct} improvement on {bench}.",
                    "Gains of {pct} over the baseline.",
                    "{pct} better on {bench}.",
                ),
                (
                    "{bench}에서 {pct} 개선.",
                    "베이스라인 대비 {pct} 향상.",
                    "성능이 {pct} 올랐다고 합니다.",
                ),
            ),
            (
                "arxiv",
                ("arXiv: {arxiv}.", "It is {arxiv} on arXiv."),
                ("arXiv 번호 {arxiv}.", "논문 번호: {arxiv}"),
            ),
            (
                "person",
                ("First author is {person}.", "Work led by {person}."),
                ("제1저자는 {person}.", "{person} 연구팀 작업입니다."),
            ),
            (
                "venue",
                ("Accepted at {venue}.", "To appear at {venue}."),
                ("{venue} 채택 논문이라고 합니다.", "{venue}에서 발표 예정."),
            ),
            (
                "topic",
                ("The topic is {topic}.", "It is about {topic}."),
                ("주제는 {topic}입니다.", "{topic} 관련 연구."),
            ),
        ),
        short_en=(
            "new {org} paper on {topic}",
            "{ptitle} 👀",
            "great paper: {ptitle}",
            "{arxiv} is a must read",
        ),
        short_ko=("{topic} 논문 좋네요", "{ptitle} 추천", "{org} 논문 👀"),
        cont_en=("{pct} on {bench} is not nothing", "code is supposedly coming", "arxiv {arxiv}"),
        cont_ko=("{bench}에서 {pct}면 꽤 큼", "코드도 공개 예정이래요", "논문 번호 {arxiv}"),
    )
)

_add(
    Event(
        "funding",
        head_en=(
            "{org} raised {amount} in a {round} led by {org2}.",
            "{org} closes {amount} {round}, valuing the company at {valuation}.",
            "Funding news: {org} gets {amount} from {org2} and others.",
            "{org2} leads a {amount} round in {org}.",
            "{org} is now worth {valuation} after a new {amount} raise.",
            "Another big round: {org} pulls in {amount}.",
            "{org} announced a {round} of {amount} today.",
            "{amount} for {org}. {org2} led.",
            "Wow, {org} just raised {amount} at {valuation}.",
        ),
        head_ko=(
            "{org:이} {amount} 규모의 {round} 투자를 유치했습니다.",
            "{org}, {org2} 주도로 {amount} 투자 유치",
            "{org:이} 기업가치 {valuation:을} 인정받았다.",
            "{org} {round} {amount}… {org2} 리드",
            "{org}에 {amount} 투자. {org2:이} 주도했다고 하네요.",
            "국내외 투자사들이 {org}에 {amount:을} 베팅했다.",
            "{org:이} {round:을} 마무리했습니다. 규모는 {amount}.",
        ),
        title_en=(
            "{org} raises {amount} {round}",
            "{org} valued at {valuation} in new round",
            "{org2} backs {org} with {amount}",
            "{org} lands {amount} {use}",
        ),
        title_ko=(
            "{org}, {amount} {round} 유치",
            "{org} 기업가치 {valuation}",
            "{org2}, {org}에 {amount} 투자",
            "{org} {amount} 투자 유치… {use}",
        ),
        details=(
            (
                "valuation",
                (
                    "The round values it at {valuation}.",
                    "Valuation: {valuation}.",
                    "That puts it at {valuation}.",
                ),
                ("기업가치는 {valuation}.", "밸류에이션 {valuation:으로} 평가받았습니다."),
            ),
            (
                "use",
                ("They will use the money {use}.", "The plan is {use}."),
                ("자금은 {use} 쓸 예정입니다.", "{use} 투자할 계획이라고."),
            ),
            (
                "org2",
                ("{org2} led the round.", "Lead investor is {org2}."),
                ("리드 투자자는 {org2}.", "{org2:이} 주도했습니다."),
            ),
            (
                "count",
                ("The team is {count}.", "They have {count}."),
                ("직원 수는 {count}.", "현재 {count} 규모."),
            ),
        ),
        short_en=("{org} raised {amount}?!", "{amount} for {org} lol", "{org} {round} 💸"),
        short_ko=("{org} {amount} 투자 유치", "{org} 투자 대박", "{amount:이라}니"),
        cont_en=("valuation {valuation} btw", "{org2} led it", "they say it's {use}"),
        cont_ko=("밸류 {valuation:이라}네요", "{org2} 리드", "{use} 쓴다고"),
    )
)

_add(
    Event(
        "benchmark",
        head_en=(
            "{p} is now {rank} on {bench} with {score}.",
            "{p} takes the top spot on {bench}, passing {p2}.",
            "New {bench} results: {p} scores {score}.",
            "{org}'s {p} hits {score} on {bench}.",
            "{bench} leaderboard update: {p} at {rank}.",
            "{p} beats {p2} on {bench} ({score}).",
            "Independent evals put {p} at {score} on {bench}.",
            "Surprise: {p} just overtook {p2} on {bench}.",
            "{score} on {bench} for {p}. That is {rank}.",
        ),
        head_ko=(
            "{p:이} {bench}에서 {rank:을} 차지했습니다.",
            "{bench} 리더보드 갱신: {p} {score}",
            "{p}, {bench}에서 {p2} 제쳐",
            "{org}의 {p:이} {bench} {score:을} 기록했다.",
            "{bench} 새 1위는 {p}네요. 점수 {score}.",
            "{p:이} {p2:을} 넘어섰습니다 ({bench} 기준).",
            "독립 평가에서 {p:이} {bench} {score}",
        ),
        title_en=(
            "{p} tops {bench}",
            "{p} reaches {score} on {bench}",
            "{bench}: {p} overtakes {p2}",
            "New {bench} leader: {p}",
        ),
        title_ko=("{p}, {bench} 1위", "{bench} 순위 변동… {p} 선두", "{p} {bench} {score} 기록"),
        details=(
            (
                "score",
                ("Score: {score}.", "It posted {score}.", "{score}, a new high."),
                ("점수는 {score}.", "{score:을} 찍었네요."),
            ),
            (
                "p2",
                ("{p2} held the spot before.", "It passes {p2}."),
                ("이전 1위는 {p2}.", "{p2:을} 제쳤습니다."),
            ),
            (
                "rank",
                ("That is {rank} overall.", "Now {rank}."),
                ("종합 {rank}.", "현재 {rank}."),
            ),
        ),
        short_en=("{p} {rank} on {bench}", "{p} tops {bench} 👀", "{p} > {p2} now"),
        short_ko=("{p} {bench} 1위", "{p:이} {p2} 이김", "{bench} {p} 선두"),
        cont_en=("{score} btw", "{p2} dropped to second", "vibes check pending"),
        cont_ko=("점수 {score}", "{p2:은} 2위로", "실사용은 또 다를 듯"),
    )
)

_add(
    Event(
        "outage",
        head_en=(
            "{p} is down.",
            "{org}'s {p} has been down for {hours}.",
            "Is {p} down for anyone else?",
            "Major outage at {org}: {p} returns errors in {region}.",
            "{p} outage: {org} says it is investigating elevated error rates.",
            "{org} confirms a {p} outage affecting {count}.",
            "{p} back up after a {hours} outage.",
            "Status page says {p} is degraded in {region}.",
            "Looks like {p} fell over again.",
        ),
        head_ko=(
            "{p} 지금 안 되네요.",
            "{p} 장애 발생, {hours}째 접속 불가",
            "{org} {p} 서비스 장애… {region} 중심",
            "{p} 다운된 거 저만 그런가요?",
            "{org:이} {p} 장애를 공식 확인했습니다.",
            "{p:이} {hours} 만에 복구됐습니다.",
            "{p} 오류율 급증, {org} 원인 조사 중",
        ),
        title_en=(
            "{p} outage",
            "{org} {p} down in {region}",
            "{p} is down ({hours})",
            "Incident: {p} elevated errors",
        ),
        title_ko=("{p} 장애", "{org} {p} 먹통… {hours}", "{p} 서비스 장애 발생"),
        details=(
            (
                "hours",
                ("It lasted {hours}.", "Down for {hours} so far.", "About {hours} of downtime."),
                ("{hours} 동안 장애.", "벌써 {hours}째.", "약 {hours} 지속"),
            ),
            (
                "region",
                ("Mostly {region}.", "Affecting {region}."),
                ("{region} 중심으로 발생.", "{region} 사용자 영향."),
            ),
            (
                "count",
                ("{count} were affected.", "Hit {count}."),
                ("{count:이} 영향을 받았습니다.", "피해 사용자 {count}."),
            ),
        ),
        short_en=("{p} down?", "{p} is down again", "rip {p} lol", "{p} 500s everywhere"),
        short_ko=("{p} 또 터짐", "{p} 안 돼요", "{p} 장애 ㅠㅠ"),
        cont_en=("status page finally updated", "back up for me", "{hours} and counting"),
        cont_ko=("상태 페이지 이제 뜨네", "지금은 됨", "{hours}째…"),
    )
)

_add(
    Event(
        "lawsuit",
        head_en=(
            "{plaintiff} sued {org} in {court}, alleging {claim}.",
            "{org} is being sued over {claim}.",
            "Lawsuit: {plaintiff} vs {org}, seeking {amount}.",
            "{org} hit with a {amount} suit over {claim}.",
            "{plaintiff} files suit against {org} in {court}.",
            "Legal trouble for {org}: a complaint over {claim} was filed in {court}.",
            "The {org} lawsuit is about {claim}, and the damages ask is {amount}.",
        ),
        head_ko=(
            "{plaintiff:이} {org:을} 상대로 소송을 제기했습니다.",
            "{org}, {claim} 혐의로 피소",
            "{court}에 {org} 상대 소송… 청구액 {amount}",
            "{org:이} {claim} 문제로 소송에 휘말렸다.",
            "{plaintiff}, {org} 고소. 쟁점은 {claim}.",
            "{org} 상대 {amount} 규모 손해배상 청구",
        ),
        title_en=(
            "{plaintiff} sues {org} over {claim}",
            "{org} faces {amount} lawsuit",
            "Lawsuit targets {org} over {claim}",
        ),
        title_ko=(
            "{org}, {claim} 소송 피소",
            "{plaintiff}, {org} 상대 소송",
            "{org} 상대 {amount} 손배소",
        ),
        details=(
            (
                "court",
                ("It was filed in {court}.", "The case is in {court}."),
                ("소장은 {court}에 접수됐습니다.", "관할은 {court}."),
            ),
            (
                "amount",
                ("They seek {amount}.", "Damages sought: {amount}."),
                ("청구액은 {amount}.", "배상 요구액 {amount}."),
            ),
            (
                "claim",
                ("The complaint alleges {claim}.", "At issue: {claim}."),
                ("쟁점은 {claim}.", "{claim:을} 주장하고 있습니다."),
            ),
        ),
        short_en=("{org} getting sued lol", "{org} lawsuit incoming", "{plaintiff} vs {org}"),
        short_ko=("{org} 피소", "{org} 소송 당함", "{org} 또 소송"),
        cont_en=("damages ask is {amount}", "filed in {court}", "this one might stick"),
        cont_ko=("청구액 {amount}", "{court}에 냈다네요", "이건 좀 커질 듯"),
    )
)

_add(
    Event(
        "policy",
        head_en=(
            "{body} passed the {law}.",
            "The {law} takes effect {date}.",
            "{body} published final rules for the {law}.",
            "New AI rules: the {law} requires labs to disclose training data.",
            "Under the {law}, fines can reach {pct} of revenue.",
            "{body} announced the {law}, effective {date}.",
            "Policy watch: {body} moves ahead with the {law}.",
            "Big day for AI policy: the {law} is law now.",
        ),
        head_ko=(
            "{body:이} {law:을} 통과시켰습니다.",
            "{law}, {date} 시행",
            "{body}, {law} 세부 규칙 발표",
            "{law} 위반 시 매출의 {pct}까지 과징금",
            "{body:이} {law} 시행령을 공개했다.",
            "{law:이} 드디어 통과됐네요. {date} 시행입니다.",
            "AI 규제 본격화… {body} {law} 확정",
        ),
        title_en=(
            "{body} passes {law}",
            "{law} takes effect {date}",
            "What the {law} means for labs",
            "{body} finalizes {law}",
        ),
        title_ko=(
            "{law} 통과",
            "{body}, {law} 확정",
            "{law} {date} 시행… 업계 촉각",
            "[정책] {law} 주요 내용",
        ),
        details=(
            (
                "date",
                ("It applies {date}.", "Effective {date}."),
                ("{date} 시행.", "시행 시점은 {date}."),
            ),
            (
                "pct",
                ("Fines up to {pct} of revenue.", "Penalties reach {pct} of turnover."),
                ("과징금은 매출의 최대 {pct}.", "최대 {pct} 과징금."),
            ),
            (
                "amount",
                ("Or up to {amount}.", "The cap is {amount}."),
                ("상한은 {amount}.", "최대 {amount}."),
            ),
        ),
        short_en=("{law} passed", "the {law} is real now", "{body} did it"),
        short_ko=("{law} 통과됨", "{law} 시행 확정", "{body} 결국"),
        cont_en=("fines up to {pct}", "starts {date}", "compliance teams are crying"),
        cont_ko=("과징금 {pct}", "{date} 시행", "스타트업들 부담 클 듯"),
    )
)

_add(
    Event(
        "acquisition",
        head_en=(
            "{org} is acquiring {org2} for {amount}.",
            "{org} buys {org2}.",
            "{org2} has been acquired by {org}.",
            "Acquisition: {org} picks up {org2}, reportedly for {amount}.",
            "{org} agreed to buy {org2}, a team of {count}.",
            "Deal news: {org2} joins {org} in a {amount} deal.",
            "{org2}'s team is joining {org}.",
        ),
        head_ko=(
            "{org:이} {org2:을} 인수합니다.",
            "{org}, {org2} {amount}에 인수",
            "{org2:이} {org}에 인수됐습니다.",
            "{org:이} {org2:을} 품었다… 인수가 {amount}",
            "{org2} 팀 {count}, {org:으로} 합류",
            "{org}의 {org2} 인수 발표",
        ),
        title_en=(
            "{org} to acquire {org2}",
            "{org} buys {org2} for {amount}",
            "{org2} joins {org}",
        ),
        title_ko=("{org}, {org2} 인수", "{org} {org2} 인수… {amount}", "{org2}, {org}에 매각"),
        details=(
            (
                "amount",
                ("The price is {amount}.", "Reported price: {amount}."),
                ("인수가는 {amount}.", "거래 규모 {amount}."),
            ),
            (
                "count",
                ("{org2} has {count}.", "About {count} join."),
                ("{org2} 직원은 {count}.", "{count:이} 합류합니다."),
            ),
        ),
        short_en=("{org} bought {org2}?", "{org2} acquired lol", "{org} x {org2}"),
        short_ko=("{org} {org2} 인수", "{org2} 팔렸네", "{org:이} {org2} 삼"),
        cont_en=("price was {amount}", "{count} joining", "acquihire vibes"),
        cont_ko=("인수가 {amount}", "{count} 합류", "사실상 인재 영입"),
    )
)

_add(
    Event(
        "hire",
        head_en=(
            "{person} is leaving {org2} to join {org} as {role}.",
            "{org} hired {person} from {org2}.",
            "{person} joins {org} as {role}.",
            "Big hire: {org} gets {person}, previously at {org2}.",
            "{person} announced they are moving from {org2} to {org}.",
            "{org} names {person} {role}.",
            "Career news: {person} ({org2}) is heading to {org}.",
        ),
        head_ko=(
            "{person:이} {org2:을} 떠나 {org:으로} 옮깁니다.",
            "{org}, {org2} 출신 {person} 영입",
            "{person}, {org} {role:으로} 합류",
            "{org:이} {person:을} {role:으로} 선임했다.",
            "{org2}의 {person:이} {org:으로} 이직한다고 밝혔습니다.",
            "인재 이동: {person} {org2} → {org}",
        ),
        title_en=(
            "{person} joins {org}",
            "{org} hires {person} as {role}",
            "{person} leaves {org2} for {org}",
        ),
        title_ko=(
            "{person}, {org} 합류",
            "{org}, {person} {role} 영입",
            "{person} {org2} 떠나 {org}행",
        ),
        details=(
            (
                "role",
                ("The new role is {role}.", "Title: {role}."),
                ("직책은 {role}.", "{role} 자리입니다."),
            ),
            (
                "org2",
                ("Before that: {org2}.", "They spent years at {org2}."),
                ("이전 소속은 {org2}.", "{org2}에서 오래 일했습니다."),
            ),
        ),
        short_en=("{person} to {org}!", "{person} left {org2}?", "huge hire for {org}"),
        short_ko=("{person} {org}행", "{person} 이직", "{org} 영입 대박"),
        cont_en=("as {role}", "{org2} keeps losing people", "congrats {person}"),
        cont_ko=("{role:으로}", "{org2} 인재 유출 계속", "축하합니다"),
    )
)

_add(
    Event(
        "price_change",
        head_en=(
            "{org} cut {p} prices by {pct}.",
            "{p} is now {price_new}, down from {price_old}.",
            "Price drop: {p} goes from {price_old} to {price_new}.",
            "{org} slashes API pricing for {p}.",
            "{p} got {pct} cheaper today.",
            "Cheaper {p}: {org} lowers the price to {price_new}.",
            "{org} just made {p} {pct} cheaper, which changes the math for a lot of apps.",
            "The {p} price cut is real: {price_new}.",
        ),
        head_ko=(
            "{org:이} {p} 가격을 {pct} 인하했습니다.",
            "{p} 가격 {price_old}에서 {price_new:으로}",
            "{p} API 요금 인하… {pct} 저렴해져",
            "{org}, {p} 가격 대폭 인하",
            "{p:이} {price_new:으로} 내려갔네요.",
            "가격 인하 소식: {p} {pct} 다운",
        ),
        title_en=("{org} cuts {p} prices by {pct}", "{p} now costs {price_new}", "{p} price drop"),
        title_ko=("{org}, {p} 가격 {pct} 인하", "{p} 요금 인하", "{p} 가격 {price_new:으로}"),
        details=(
            (
                "price_old",
                ("It used to be {price_old}.", "Was {price_old}."),
                ("기존에는 {price_old}.", "원래 가격은 {price_old}."),
            ),
            (
                "price_new",
                ("Now {price_new}.", "New price {price_new}."),
                ("이제 {price_new}.", "새 가격 {price_new}."),
            ),
            (
                "pct",
                ("That is a {pct} cut.", "{pct} off."),
                ("{pct} 인하.", "{pct} 싸졌습니다."),
            ),
        ),
        short_en=("{p} price cut!", "{p} {pct} cheaper", "{p} now {price_new}"),
        short_ko=("{p} 가격 인하", "{p} {pct} 싸짐", "{p} 요금 내림"),
        cont_en=("{pct} off", "was {price_old}", "race to the bottom"),
        cont_ko=("{pct} 인하", "전엔 {price_old}", "가격 경쟁 치열"),
    )
)

_add(
    Event(
        "dataset",
        head_en=(
            "{org} released {dataset}, a dataset of {tokens}.",
            "New dataset: {dataset} from {org} ({license}).",
            "{dataset} is out: {tokens} across {langs}.",
            "{org} open-sourced {dataset} for pretraining.",
            "Huge open dataset drop: {dataset}, {tokens}.",
            "{dataset} by {org} covers {langs}, {license}.",
            "{org} published {dataset}, and {pct} of it is Korean.",
        ),
        head_ko=(
            "{org:이} {dataset} 데이터셋을 공개했습니다.",
            "{dataset} 공개: {tokens} 규모",
            "{org}, 사전학습용 {dataset} 오픈소스 공개",
            "{dataset} 데이터셋에 한국어가 {pct} 포함돼 있네요.",
            "{tokens} 규모 {dataset} 공개… 라이선스 {license}",
            "{org} 새 데이터셋 {dataset}, {langs} 지원",
        ),
        title_en=(
            "{org} releases {dataset}",
            "{dataset}: {tokens} of open data",
            "Introducing {dataset}",
        ),
        title_ko=("{org}, {dataset} 공개", "{dataset} 데이터셋 공개", "{tokens} 규모 {dataset}"),
        details=(
            (
                "tokens",
                ("It has {tokens}.", "Size: {tokens}."),
                ("규모는 {tokens}.", "{tokens}입니다."),
            ),
            (
                "langs",
                ("It covers {langs}.", "{langs} included."),
                ("{langs} 포함.", "{langs:을} 다룹니다."),
            ),
            (
                "license",
                ("License: {license}.", "Released under {license}."),
                ("라이선스 {license}.", "{license:으로} 공개."),
            ),
        ),
        short_en=("{dataset} is out", "{dataset} 👀", "{tokens} dataset from {org}"),
        short_ko=("{dataset} 공개됨", "{dataset} 좋네요", "{org} 데이터셋"),
        cont_en=("{tokens} total", "license {license}", "{langs}"),
        cont_ko=("{tokens} 규모", "라이선스 {license}", "{langs}"),
    )
)

_add(
    Event(
        "jailbreak",
        head_en=(
            "{person} jailbroke {p} with {tech}.",
            "{p} has already been jailbroken.",
            "A {tech} attack gets {p} to ignore its safety rules {rate} of the time.",
            "Researchers found {tech} works on {p}.",
            "{p} jailbreak is out: {tech}.",
            "Took {hours} for someone to jailbreak {p}.",
            "{person} published a jailbreak for {org}'s {p}.",
            "So much for the guardrails: {p} falls to {tech}.",
        ),
        head_ko=(
            "{p} 탈옥 방법이 벌써 공개됐네요.",
            "{person:이} {tech:으로} {p:을} 탈옥했습니다.",
            "{p}, {tech}에 뚫려… 성공률 {rate}",
            "{p} 탈옥까지 {hours}밖에 안 걸렸다.",
            "{org}의 {p} 안전장치 우회 기법 공개",
            "{tech:으로} {p} 가드레일 우회 가능",
        ),
        title_en=(
            "Jailbreaking {p} with {tech}",
            "{p} jailbroken in {hours}",
            "{tech}: a jailbreak for {p}",
        ),
        title_ko=("{p} 탈옥 기법 공개", "{tech:으로} {p} 탈옥", "{p} 가드레일 우회"),
        details=(
            (
                "rate",
                ("Success rate: {rate}.", "It works {rate} of the time."),
                ("성공률 {rate}.", "{rate} 확률로 통함."),
            ),
            (
                "tech",
                ("The trick is {tech}.", "Method: {tech}."),
                ("방법은 {tech}.", "{tech} 기법."),
            ),
            (
                "person",
                ("Found by {person}.", "Credit to {person}."),
                ("{person:이} 발견.", "발견자는 {person}."),
            ),
        ),
        short_en=("{p} jailbroken already", "{p} jailbreak lol", "{tech} on {p} 😬"),
        short_ko=("{p} 벌써 탈옥", "{p} 뚫림", "{p} 탈옥 ㅋㅋ"),
        cont_en=("{rate} success rate", "patched yet?", "{tech} again, of course"),
        cont_ko=("성공률 {rate}", "패치는 언제", "또 {tech}"),
    )
)

_add(
    Event(
        "demo",
        head_en=(
            "{org} showed a demo of {p} {what}.",
            "Watch {p} {what}.",
            "This {org} demo is something: {p} {what}.",
            "{org} demoed {p} live at {venue}.",
            "Demo video: {p} {what}. {count} already.",
            "Impressive demo from {org} where {p} is {what}.",
            "{p} demo at {venue} had people clapping.",
        ),
        head_ko=(
            "{org:이} {p} 시연 영상을 공개했습니다. {what} 모습이 담겼네요.",
            "{p} 데모 영상 보셨나요? {what} 장면이 놀랍습니다.",
            "{venue}에서 {org} {p} 라이브 시연",
            "{org} {p} 데모, 조회수 {count} 돌파",
            "{p:이} {what} 모습을 보여줬다.",
            "오늘 {org} 데모 미쳤네요. {p:이} {what} 장면",
        ),
        title_en=("{org} demos {p}", "{p} demo: {what}", "Watch: {p} at {venue}"),
        title_ko=("{org}, {p} 시연", "{p} 데모 공개", "{venue} {p} 시연 화제"),
        details=(
            (
                "count",
                ("The video has {count}.", "{count} so far."),
                ("영상 조회수 {count}.", "벌써 {count}."),
            ),
            (
                "venue",
                ("Shown at {venue}.", "Live at {venue}."),
                ("{venue}에서 공개.", "{venue} 현장 시연."),
            ),
            (
                "what",
                ("In the clip it is {what}.", "It is {what}."),
                ("영상에서는 {what} 장면이 나옵니다.", "{what} 모습이 인상적."),
            ),
        ),
        short_en=("the {p} demo 🤯", "{org} demo is wild", "watch the {p} video"),
        short_ko=("{p} 데모 ㄷㄷ", "{org} 시연 미쳤다", "{p} 영상 꼭 보세요"),
        cont_en=("{count} already", "no cuts apparently", "at {venue}"),
        cont_ko=("조회수 {count}", "편집 없이라는데", "{venue}에서"),
    )
)

_add(
    Event(
        "talk",
        head_en=(
            "{person} ({org}) at {venue}: {claim}.",
            "In a talk at {venue}, {person} said {claim}.",
            "Great keynote by {person} at {venue} on {topic}.",
            "{person} says {claim}. Full talk from {venue} is up.",
            "Notes from {person}'s {venue} talk on {topic}.",
            "{org}'s {person} gave a talk on {topic} at {venue}.",
            "Worth watching: {person} on {topic} ({venue}).",
        ),
        head_ko=(
            "{person}({org}) {venue} 발표: {claim}",
            "{venue}에서 {person:이} {topic}에 대해 발표했습니다.",
            "{person} 키노트 요약. {claim}",
            "{person:은} {claim}고 말했다.",
            "{venue} {person} 강연 정리 ({topic})",
            "{org} {person}, {venue}에서 {topic} 발표",
        ),
        title_en=(
            "{person} on {topic} at {venue}",
            "{person}: {claim}",
            "{venue} keynote: {person}",
        ),
        title_ko=("{person} {venue} 강연", "{person}, {topic} 발표", "[강연] {person}: {claim}"),
        details=(
            (
                "claim",
                ("Main point: {claim}.", "The claim: {claim}."),
                ("핵심은 '{claim}'.", "{claim}는 주장."),
            ),
            (
                "topic",
                ("Topic was {topic}.", "On {topic}."),
                ("주제는 {topic}.", "{topic} 관련."),
            ),
            (
                "venue",
                ("At {venue}.", "Recorded at {venue}."),
                ("{venue}에서.", "{venue} 현장."),
            ),
        ),
        short_en=("{person}'s talk 🔥", "{person} at {venue}", "great talk by {person}"),
        short_ko=("{person} 발표 좋았음", "{person} 강연 👍", "{venue} {person}"),
        cont_en=("slides are up", "the Q&A was better than the talk", "on {topic}"),
        cont_ko=("슬라이드 공개됨", "질의응답이 더 재밌었음", "{topic} 이야기"),
    )
)

_add(
    Event(
        "partnership",
        head_en=(
            "{org} and {org2} announced a partnership {what}.",
            "{org} partners with {org2} {what}.",
            "{org2} teams up with {org}.",
            "New deal: {org} x {org2}, {what}.",
            "{org} signed a multi-year deal with {org2} worth {amount}.",
            "{org} is working with {org2} {what}.",
            "Partnership news: {org2} will use {org}'s models {what}.",
        ),
        head_ko=(
            "{org:와} {org2:이} 전략적 파트너십을 맺었습니다.",
            "{org}, {org2:와} 협력… {what}",
            "{org2:이} {org:와} 손잡았다.",
            "{org} x {org2} 협업 발표",
            "{org:이} {org2:와} {amount} 규모 계약을 체결했다.",
            "{org2}, {org} 모델 도입… {what}",
        ),
        title_en=(
            "{org} partners with {org2}",
            "{org} and {org2} team up",
            "{org2} signs deal with {org}",
        ),
        title_ko=("{org}-{org2} 파트너십", "{org}, {org2:와} 협력", "{org2}, {org:와} 계약"),
        details=(
            (
                "amount",
                ("Deal value: {amount}.", "Reportedly {amount}."),
                ("계약 규모 {amount}.", "약 {amount} 규모."),
            ),
            (
                "what",
                ("The goal is {what}.", "Plan: {what}."),
                ("목표는 {what}.", "{what} 계획."),
            ),
        ),
        short_en=("{org} x {org2}", "{org} and {org2}?!", "{org2} deal with {org}"),
        short_ko=("{org} {org2} 협업", "{org} x {org2}", "{org2}랑 손잡았네"),
        cont_en=("reportedly {amount}", "{what}", "makes sense honestly"),
        cont_ko=("{amount} 규모래요", "{what}", "예상된 행보"),
    )
)

_add(
    Event(
        "chip",
        head_en=(
            "{org} unveiled the {chip}, {times} faster than its last chip.",
            "The {chip} from {org} is official.",
            "{org} announces {chip} at {venue}.",
            "{chip} specs: {mem} of memory, {times} the inference speed.",
            "{org2} will be the first customer for {org}'s {chip}.",
            "{org} says the {chip} ships this year with {mem}.",
            "New silicon: {org} {chip}.",
        ),
        head_ko=(
            "{org:이} {chip:을} 공개했습니다.",
            "{org}, 신형 칩 {chip} 발표… 성능 {times}",
            "{venue}에서 {org} {chip} 공개",
            "{chip}, 메모리 {mem} 탑재",
            "{org2:이} {org} {chip} 첫 고객이 된다.",
            "{org} {chip} 양산 돌입",
        ),
        title_en=("{org} unveils {chip}", "{chip}: {times} faster", "{org} {chip} at {venue}"),
        title_ko=("{org}, {chip} 공개", "{chip} 성능 {times} 향상", "{org} 신형 {chip}"),
        details=(
            (
                "times",
                ("It is {times} faster.", "{times} the throughput."),
                ("성능은 {times}.", "처리량 {times}."),
            ),
            (
                "mem",
                ("It has {mem}.", "Memory: {mem}."),
                ("메모리 {mem}.", "{mem} 탑재."),
            ),
            (
                "org2",
                ("First customer: {org2}.", "{org2} signed up."),
                ("첫 고객은 {org2}.", "{org2} 도입 예정."),
            ),
        ),
        short_en=("{chip} looks insane", "{org} {chip} 👀", "{chip} is real"),
        short_ko=("{chip} 미쳤다", "{org} {chip} 공개", "{chip} 나왔네"),
        cont_en=("{mem}!", "{times} claimed", "price tbd"),
        cont_ko=("{mem}!", "{times:이라}고 함", "가격은 미정"),
    )
)

_add(
    Event(
        "security",
        head_en=(
            "{org} disclosed a vulnerability in {p} ({cve}).",
            "Security issue in {p}: {cve} exposed data of {count}.",
            "{person} found a bug in {p} that leaked chat histories.",
            "{org} patched {cve} in {p}.",
            "Heads up: {cve} affects {p}, update now.",
            "A {p} security flaw exposed {count}.",
            "{org} confirms a data exposure in {p}.",
        ),
        head_ko=(
            "{org:이} {p} 보안 취약점({cve})을 공개했습니다.",
            "{p} 취약점으로 {count} 정보 노출",
            "{cve}, {p}에 영향… 업데이트 필요",
            "{person:이} {p}에서 대화 기록 유출 버그를 발견했다.",
            "{org}, {p} 보안 패치 배포",
            "{p} 데이터 노출 사고 발생",
        ),
        title_en=("{cve} in {p}", "{org} patches {p} flaw", "{p} data exposure affects {count}"),
        title_ko=("{p} 보안 취약점 {cve}", "{org}, {p} 보안 패치", "{p} 정보 노출 사고"),
        details=(
            (
                "cve",
                ("Tracked as {cve}.", "The ID is {cve}."),
                ("식별번호 {cve}.", "{cve:으로} 등록됨."),
            ),
            (
                "count",
                ("{count} affected.", "Up to {count}."),
                ("피해 규모 {count}.", "최대 {count}."),
            ),
            (
                "person",
                ("Reported by {person}.", "{person} found it."),
                ("{person:이} 제보.", "발견자 {person}."),
            ),
        ),
        short_en=("patch {p} now", "{cve} is bad", "{p} leak?!"),
        short_ko=("{p} 업데이트 하세요", "{cve} 심각", "{p} 유출 ㄷㄷ"),
        cont_en=("{count} affected", "patched in the latest version", "{cve}"),
        cont_ko=("{count} 영향", "최신 버전에서 패치됨", "{cve}"),
    )
)

_add(
    Event(
        "oss_release",
        head_en=(
            "{proj} {ver} is out, with {feature}.",
            "{proj} {ver} released: {feature}.",
            "New {proj} release ({ver}) adds {feature}.",
            "{proj} just shipped {feature} in {ver}.",
            "{proj} {ver}: {times} faster and {feature}.",
            "Upgrade {proj} to {ver}, it finally has {feature}.",
            "The {proj} team released {ver}. Headline feature: {feature}.",
            "{proj} passed {count} and released {ver} today.",
        ),
        head_ko=(
            "{proj} {ver} 릴리스. {feature} 추가.",
            "{proj} {ver} 나왔습니다. {feature:이} 들어갔어요.",
            "{proj} 새 버전 {ver}, 속도 {times} 개선",
            "{proj}에 드디어 {feature} 들어왔네요 ({ver}).",
            "{proj} {ver} 업데이트 소식: {feature}",
            "{proj} 깃허브 스타 {count} 돌파, {ver} 출시",
        ),
        title_en=(
            "{proj} {ver}",
            "{proj} {ver} released",
            "{proj} {ver} adds {feature}",
            "{proj} {ver}: {feature}",
        ),
        title_ko=("{proj} {ver} 출시", "{proj} {ver} 릴리스 노트", "{proj}, {feature} 지원"),
        details=(
            (
                "feature",
                ("New: {feature}.", "Biggest change is {feature}."),
                ("새 기능: {feature}.", "가장 큰 변화는 {feature}."),
            ),
            (
                "times",
                ("About {times} faster.", "{times} speedup on common workloads."),
                ("약 {times} 빨라짐.", "속도 {times}."),
            ),
            (
                "count",
                ("The repo has {count}.", "{count} on GitHub now."),
                ("깃허브 스타 {count}.", "스타 {count} 넘음."),
            ),
        ),
        short_en=("{proj} {ver} is out", "upgrade {proj}!", "{proj} {ver} 🚀"),
        short_ko=("{proj} {ver} 나옴", "{proj} 업데이트", "{proj} {ver} 🚀"),
        cont_en=("{feature} finally", "{times} faster for me", "changelog is long"),
        cont_ko=("{feature} 드디어", "체감상 {times}", "릴리스 노트 길다"),
    )
)

_add(
    Event(
        "layoff",
        head_en=(
            "{org} is laying off {count}.",
            "{org} cuts {pct} of staff.",
            "Layoffs at {org}: {count} let go.",
            "{org} confirmed job cuts affecting {count}, about {pct} of the company.",
            "Rough news from {org}, {pct} of the team laid off.",
            "{org} restructures and lets {count} go.",
        ),
        head_ko=(
            "{org:이} {count:을} 감원합니다.",
            "{org}, 인력 {pct} 구조조정",
            "{org} 정리해고… {count}",
            "{org:이} 전체 직원의 {pct:을} 내보낸다.",
            "{org} 구조조정 소식, {count} 규모",
        ),
        title_en=("{org} lays off {count}", "{org} cuts {pct} of staff", "Layoffs hit {org}"),
        title_ko=("{org}, {count} 감원", "{org} 구조조정", "{org} 인력 {pct} 감축"),
        details=(
            (
                "pct",
                ("That is {pct} of staff.", "Roughly {pct}."),
                ("전체의 {pct}.", "약 {pct} 규모."),
            ),
            (
                "count",
                ("{count} affected.", "In total {count}."),
                ("총 {count}.", "{count} 대상."),
            ),
        ),
        short_en=("{org} layoffs 😞", "{org} cut {pct}", "oof {org}"),
        short_ko=("{org} 감원", "{org} 구조조정 ㅠ", "{org} 정리해고"),
        cont_en=("{pct} of the company", "{count} people", "hope everyone lands well"),
        cont_ko=("{pct} 규모", "{count}", "다들 잘 되시길"),
    )
)
