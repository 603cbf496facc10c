"""Write the sample day's social files (deterministic): run ``generate.py``, which calls this.

One file per social source type, each in the real format the source reads, about the same
events as the feeds (``generate.EVENTS``) plus the chatter around them:

- ``x-list.jsonl``: X posts as JSON Lines (API v2 objects, ``author`` and referenced posts
  expanded inline), with quotes, retweets, a self-reply thread and a mojibake post;
- ``x-archive/tweets.js``: the X archive's ``window.YTD.tweets.part0`` (v1.1, numbers as strings);
- ``discord-export.json``: a DiscordChatExporter JSON export (local-time offsets, replies,
  reactions, a duplicate message, a message without author or reactions keys);
- ``telegram-channel.html``: a ``t.me/s/<channel>`` preview page (views like ``1.2K``, a
  forwarded post, link previews, a photo-only post);
- ``reddit-localllama.json``: a subreddit's ``new.json?raw_json=1`` listing;
- ``hn-search.json``: an Algolia ``search_by_date`` answer.

The wording is ours.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

import generate as g

OUT = Path(__file__).resolve().parent / "social"
KST_ZONE = g.KST
X_EPOCH_MS = 1_288_834_974_657
DISCORD_EPOCH_MS = 1_420_070_400_000

# Events the social sources talk about (keys of generate.EVENTS), and how loudly.
X_EVENTS = ["dreureka", "groq-llama", "gsm1k", "kaggle-lmsys", "gradient-1m", "phi3", "kan",
            "deepseek-v2", "anthropic-team", "hf-zerogpu", "llm-compiler", "effort-engine"]  # fmt: skip
DISCORD_EVENTS = ["groq-llama", "gradient-1m", "phi3", "deepseek-v2", "ollama-update", "kan"]
TELEGRAM_EVENTS = ["upstage-solar", "naver-hyperclova", "kakao-kanana", "phi3", "anthropic-team",
                   "gsm1k", "deepseek-v2", "hf-zerogpu"]  # fmt: skip
REDDIT_EVENTS = ["gradient-1m", "phi3", "deepseek-v2", "groq-llama", "llama3-instruct-ft",
                 "ollama-update", "vllm-release", "kan", "effort-engine"]  # fmt: skip
HN_EVENTS = ["kan", "effort-engine", "gsm1k", "deepseek-v2", "anthropic-team", "rocm-fa2",
             "stack-overflow", "openai-memory", "xlstm", "triton-blocks"]  # fmt: skip


def mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252: what a broken exporter writes."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))  # the five bytes cp1252 leaves undefined pass through
    return "".join(out)


class Day:
    def __init__(self) -> None:
        self.rng = random.Random(20240503)
        self.events = {e[0]: e for e in g.EVENTS}

    def inside(self, start: float = 0.0, end: float = 1.0) -> datetime:
        span = (g.END - g.START).total_seconds()
        return g.START + timedelta(seconds=int(span * (start + (end - start) * self.rng.random())))

    def x_id(self, moment: datetime) -> str:
        ms = int(moment.timestamp() * 1000) - X_EPOCH_MS
        return str((ms << 22) + self.rng.randrange(1 << 22))

    def discord_id(self, moment: datetime) -> str:
        ms = int(moment.timestamp() * 1000) - DISCORD_EPOCH_MS
        return str((ms << 22) + self.rng.randrange(1 << 22))


def iso_z(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def tco(rng: random.Random) -> str:
    return "https://t.co/" + "".join(rng.choice("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(10))


# --- X --------------------------------------------------------------------------------------
def x_list(day: Day) -> list[dict]:
    rng = day.rng
    users: dict[str, dict] = {}

    def user(handle: str) -> dict:
        return users.setdefault(handle, {"id": str(10_000_000 + len(users) * 7919), "username": handle,
                                         "name": handle.replace("_", " ").strip()})

    def tweet(handle: str, text: str, when: datetime, urls: list[str], **extra: object) -> dict:
        entities = []
        for url in urls:
            short = tco(rng)
            text = f"{text} {short}"
            entities.append({"start": len(text) - len(short), "end": len(text), "url": short,
                             "expanded_url": url, "display_url": url.split("//")[1][:26] + "…"})
        out = {"id": day.x_id(when), "text": text, "created_at": iso_z(when), "author_id": user(handle)["id"],
               "author": user(handle), "lang": "en",
               "public_metrics": {"retweet_count": rng.randrange(0, 400), "reply_count": rng.randrange(0, 90),
                                  "like_count": rng.randrange(5, 4000), "quote_count": rng.randrange(0, 60),
                                  "bookmark_count": rng.randrange(0, 300), "impression_count": rng.randrange(900, 250000)},
               "edit_history_tweet_ids": []}
        if entities:
            out["entities"] = {"urls": entities}
        out["edit_history_tweet_ids"] = [out["id"]]
        out.update(extra)
        return out

    lines: list[dict] = []
    for n, key in enumerate(X_EVENTS):
        _, title, _, url, detail, author = day.events[key]
        when = day.inside(0.02, 0.7)
        original = tweet(author, title, when, [url + rng.choice(["", "?utm_source=twitter"])])
        lines.append(original)
        if n % 3 == 0:  # the author continues in a thread
            reply = tweet(author, detail, when + timedelta(minutes=2), [],
                          referenced_tweets=[{"type": "replied_to", "id": original["id"]}],
                          in_reply_to_user_id=original["author_id"])
            lines.append(reply)
        for r in range(rng.randrange(1, 3)):
            reactor = rng.choice(g.REACTORS)
            later = when + timedelta(minutes=rng.randrange(10, 300))
            if r == 0 and n % 2 == 0:
                rt = tweet(reactor, f"RT @{author}: {original['text']}", later, [],
                           referenced_tweets=[{"type": "retweeted", "id": original["id"], **original}])
                rt["public_metrics"] = dict(original["public_metrics"])
                lines.append(rt)
            else:
                comment = rng.choice(g.REACTIONS) + " " + title.split(":")[0] + "."
                quote = tweet(reactor, comment, later, [f"https://x.com/{author}/status/{original['id']}"],
                              referenced_tweets=[{"type": "quoted", "id": original["id"], **original}])
                lines.append(quote)
    # A long post (note_tweet), a post the exporter garbled, chatter, and two outside the window.
    when = day.inside(0.3, 0.5)
    long_text = ("Long thread on why small models got good this spring: better data filtering, longer "
                 "training, and distillation from bigger teachers. Phi-3 mini and Llama 3 8B are the "
                 "clearest examples, and both now run on a phone. " * 2).strip()
    lines.append(tweet("rasbt", long_text[:270] + "…", when, [],
                       note_tweet={"text": long_text}))
    lines.append(tweet("hwchase17", mojibake("LangChain 0.2 – partner packages are live “today”"),
                       day.inside(0.4, 0.6), ["https://blog.langchain.dev/langchain-v02-leap-to-stability/"]))
    for text in ["gm. coffee first, then evals", "Conference wifi is a benchmark of its own",
                 "Reminder: the reading group meets Friday"]:
        lines.append(tweet(rng.choice(g.REACTORS), text, day.inside(), []))
    lines.append(tweet("karpathy", "Yesterday's post, outside the window", g.START - timedelta(hours=3), []))
    lines.append(tweet("karpathy", "Tomorrow's post, outside the window", g.END + timedelta(minutes=1), []))
    lines.sort(key=lambda t: int(t["id"]))
    return lines


def x_archive(day: Day) -> str:
    """The archive of the editor's own account: comments and retweets, v1.1 shape."""
    rng = day.rng
    records = []
    for key in ["phi3", "upstage-solar", "deepseek-v2", "anthropic-team"]:
        _, title, ko, url, _detail, author = day.events[key]
        when = day.inside(0.1, 0.9)
        short = tco(rng)
        text = f"{ko} — 오늘 다이제스트에 넣을 후보. {short}"
        records.append({"tweet": {
            "edit_info": {"initial": {"editTweetIds": [day.x_id(when)], "editableUntil": "2024-05-03T00:00:00.000Z",
                                      "editsRemaining": "5", "isEditEligible": True}},
            "retweeted": False, "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
            "entities": {"hashtags": [], "symbols": [], "user_mentions": [],
                         "urls": [{"url": short, "expanded_url": url, "display_url": url.split("//")[1][:26] + "…",
                                   "indices": ["40", "63"]}]},
            "display_text_range": ["0", str(len(text))], "favorite_count": str(rng.randrange(0, 80)),
            "id_str": day.x_id(when), "truncated": False, "retweet_count": str(rng.randrange(0, 20)),
            "id": "0", "created_at": when.strftime("%a %b %d %H:%M:%S +0000 %Y"), "favorited": False,
            "full_text": text, "lang": "ko",
        }})
        records[-1]["tweet"]["id"] = records[-1]["tweet"]["id_str"]
        rt_when = when + timedelta(minutes=30)
        rt_text = f"RT @{author}: {title}"[:140]
        records.append({"tweet": {
            "retweeted": False, "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
            "entities": {"hashtags": [], "symbols": [], "user_mentions": [
                {"name": author, "screen_name": author, "indices": ["3", str(4 + len(author))],
                 "id_str": "1", "id": "1"}], "urls": []},
            "display_text_range": ["0", str(len(rt_text))], "favorite_count": "0",
            "id_str": day.x_id(rt_when), "truncated": False, "retweet_count": "0", "id": "0",
            "created_at": rt_when.strftime("%a %b %d %H:%M:%S +0000 %Y"), "favorited": False,
            "full_text": rt_text, "lang": "en",
        }})
        records[-1]["tweet"]["id"] = records[-1]["tweet"]["id_str"]
    records.sort(key=lambda r: int(r["tweet"]["id_str"]), reverse=True)
    return "window.YTD.tweets.part0 = " + json.dumps(records, indent=2, ensure_ascii=False) + "\n"


# --- Discord --------------------------------------------------------------------------------
MEMBERS = [("민수", "minsu_dev"), ("Jiwon", "jiwon.k"), ("hyunwoo", "hyunwoo_ml"), ("Sora Park", "sora.p"),
           ("taeyang", "taeyang99"), ("Eunji", "eunji_lee")]  # fmt: skip
EMOJI = ["👍", "🔥", "👀", "🤯", "❤️"]


def discord_export(day: Day) -> dict:
    rng = day.rng
    guild = {"id": "1098765432109876543", "name": "AI Builders KR (sample)", "iconUrl": "https://cdn.discordapp.com/embed/avatars/0.png"}
    channel = {"id": "1112223334445556667", "type": "GuildTextChat", "categoryId": "1112223334445550000",
               "category": "news", "name": "ai-news", "topic": "AI 소식 공유"}
    messages: list[dict] = []

    def author(k: int) -> dict:
        nick, name = MEMBERS[k % len(MEMBERS)]
        return {"id": str(900000000000000000 + k % len(MEMBERS)), "name": name, "discriminator": "0000",
                "nickname": nick, "color": None, "isBot": False, "roles": [],
                "avatarUrl": "https://cdn.discordapp.com/embed/avatars/1.png"}

    def message(k: int, content: str, when: datetime, reply_to: str | None = None, embed: dict | None = None) -> dict:
        m = {"id": day.discord_id(when), "type": "Reply" if reply_to else "Default",
             "timestamp": when.astimezone(UTC).__add__(KST_ZONE).replace(tzinfo=None).isoformat(timespec="milliseconds") + "+09:00",
             "timestampEdited": None, "callEndedTimestamp": None, "isPinned": False, "content": content,
             "author": author(k), "attachments": [], "embeds": [embed] if embed else [], "stickers": [],
             "reactions": [{"emoji": {"id": "", "name": e, "code": "x", "isAnimated": False, "imageUrl": ""},
                            "count": rng.randrange(1, 12), "users": []} for e in rng.sample(EMOJI, rng.randrange(0, 3))],
             "mentions": [], "inlineEmojis": []}
        if reply_to:
            m["reference"] = {"messageId": reply_to, "channelId": channel["id"], "guildId": guild["id"]}
        messages.append(m)
        return m

    comments = ["이거 써보신 분?", "벤치마크 수치가 꽤 좋네요", "라이선스 확인해봐야겠어요", "로컬에서 돌려봤는데 빠릅니다",
                "Tried it, works on my 4090", "가격이 관건이겠네요"]
    for n, key in enumerate(DISCORD_EVENTS):
        _, title, ko, url, detail, _ = day.events[key]
        when = day.inside(0.1, 0.8)
        poster = n
        first = message(poster, f"{ko} {url}", when,
                        embed={"title": title, "url": url, "timestamp": None, "description": detail,
                               "color": None, "thumbnail": None, "images": [], "fields": []})
        # The same person adds a line a minute later (a burst), then others reply.
        message(poster, "요약: " + detail, when + timedelta(minutes=1))
        for r in range(rng.randrange(2, 4)):
            message(poster + r + 1, rng.choice(comments), when + timedelta(minutes=5 + 7 * r), reply_to=first["id"])
    chatter = ["좋은 아침입니다", "오늘 밋업 오시는 분?", "점심 뭐 먹지", "gm", "주말에 스터디 자료 올릴게요"]
    for k, text in enumerate(chatter):
        message(k, text, day.inside())
    broken = message(2, mojibake("DeepSeek-V2 논문 읽는 중 – MLA 구조가 흥미롭네요"), day.inside(0.5, 0.9))
    duplicate = dict(messages[3])  # exporters sometimes write a message twice
    messages.append(duplicate)
    no_author = message(4, "author와 reactions 키가 없는 메시지 (내보내기 오류)", day.inside())
    del no_author["author"], no_author["reactions"]
    message(1, "어제 메시지 (창 밖)", g.START - timedelta(minutes=30))
    del broken["timestampEdited"]
    messages.sort(key=lambda m: int(m["id"]))
    return {"guild": guild, "channel": channel, "dateRange": {"after": None, "before": None},
            "exportedAt": "2024-05-04T00:10:00.000+09:00", "messages": messages, "messageCount": len(messages)}


# --- Telegram -------------------------------------------------------------------------------
CHANNEL = "ai_news_kr_sample"


def telegram_page(day: Day) -> str:
    rng = day.rng
    posts = []
    number = 4200
    for key in TELEGRAM_EVENTS:
        _, title, ko, url, detail, _ = day.events[key]
        number += rng.randrange(1, 4)
        posts.append(("post", number, day.inside(0.05, 0.95), ko, detail, url, title))
    number += 1
    posts.append(("photo", number, day.inside(), "", "", "", ""))
    number += 1
    posts.append(("forward", number, day.inside(), "Llama 3 8B를 24GB GPU 한 장으로 파인튜닝하는 레시피 정리",
                  "", "https://github.com/unslothai/unsloth", "unsloth"))
    posts.append(("post", 4199, g.START - timedelta(hours=5), "어제 올린 소식 (창 밖)", "", "", ""))
    posts.sort(key=lambda p: p[1])
    out = ['<!DOCTYPE html>', '<html>', '<head>', '<meta charset="utf-8">',
           f'<title>AI 뉴스 KR (sample) – Telegram</title>',
           f'<link rel="canonical" href="https://t.me/s/{CHANNEL}">', '</head>', '<body class="widget_frame_base tgme_webpage">',
           '<div class="tgme_channel_info">', '<div class="tgme_channel_info_header_title"><span dir="auto">AI 뉴스 KR (sample)</span></div>',
           f'<div class="tgme_channel_info_header_username"><a href="https://t.me/{CHANNEL}">@{CHANNEL}</a></div>',
           '<div class="tgme_channel_info_counters"><div class="tgme_channel_info_counter"><span class="counter_value">2.4K</span> <span class="counter_type">subscribers</span></div></div>',
           '</div>', '<section class="tgme_channel_history js-message_history">',
           f'<div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/s/{CHANNEL}?before={posts[0][1]}" class="tme_messages_more js-messages_more" data-before="{posts[0][1]}"></a></div>']
    for kind, num, when, text, detail, url, title in posts:
        views = rng.choice(["987", "1.2K", "4.4K", "12.3K", "2K"])
        stamp = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
        out.append('<div class="tgme_widget_message_wrap js-widget_message_wrap">')
        out.append(f'<div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="{CHANNEL}/{num}" data-view="x">')
        out.append('<div class="tgme_widget_message_bubble">')
        if kind == "forward":
            out.append('<div class="tgme_widget_message_forwarded_from accent_color">Forwarded from '
                       '<a class="tgme_widget_message_forwarded_from_name" href="https://t.me/llm_tips_sample/77">'
                       '<span dir="auto">LLM Tips (sample)</span></a></div>')
        out.append(f'<div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" '
                   f'href="https://t.me/{CHANNEL}"><span dir="auto">AI 뉴스 KR (sample)</span></a></div>')
        if kind == "photo":
            out.append('<a class="tgme_widget_message_photo_wrap" href="https://t.me/x" style="background-image:url(\'https://cdn4.telesco.pe/file/x.jpg\')"></a>')
        if text:
            body = f"<b>{escape(text)}</b>"
            if detail:
                body += f"<br/><br/>{escape(detail)}"
            if url:
                body += f'<br/><br/>🔗 <a href="{escape(url)}?utm_source=telegram" target="_blank" rel="noopener">{escape(url)}</a>'
            out.append(f'<div class="tgme_widget_message_text js-message_text" dir="auto">{body}</div>')
        if url and kind == "post":
            out.append(f'<a class="tgme_widget_message_link_preview" href="{escape(url)}">'
                       f'<div class="link_preview_site_name accent_color" dir="auto">{escape(url.split("/")[2])}</div>'
                       f'<div class="link_preview_title" dir="auto">{escape(title)}</div>'
                       f'<div class="link_preview_description" dir="auto">{escape(detail)}</div></a>')
        out.append('<div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info short js-message_info">')
        out.append(f'<span class="tgme_widget_message_views">{views}</span><span class="copyonly"> views</span>')
        out.append(f'<span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" href="https://t.me/{CHANNEL}/{num}">'
                   f'<time datetime="{stamp}" class="time">{when.astimezone(UTC):%H:%M}</time></a></span>')
        out.append('</div></div></div></div></div>')
    out += ['</section>', '</body>', '</html>']
    return "\n".join(out) + "\n"


# --- Reddit ---------------------------------------------------------------------------------
def reddit_listing(day: Day) -> dict:
    rng = day.rng
    children = []
    for n, key in enumerate(REDDIT_EVENTS):
        _, title, _, url, detail, _ = day.events[key]
        when = day.inside(0.05, 0.95)
        ident = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(7))
        slug = "_".join(title.lower().replace(":", "").split()[:6])
        self_post = n % 3 == 2
        children.append({"kind": "t3", "data": {
            "subreddit": "LocalLLaMA", "selftext": f"{detail}\n\nLink: {url}" if self_post else "",
            "author_fullname": f"t2_{ident[::-1]}", "title": title, "name": f"t3_{ident}", "id": ident,
            "score": rng.randrange(15, 1500), "num_comments": rng.randrange(3, 300), "upvote_ratio": 0.97,
            "is_self": self_post, "created_utc": float(int(when.timestamp())), "author": rng.choice(["kryptkpr", "fallingdowndizzyvr", "a_beautiful_rhind", "Balance-"]),
            "domain": "self.LocalLLaMA" if self_post else url.split("/")[2], "stickied": False,
            "permalink": f"/r/LocalLLaMA/comments/{ident}/{slug}/",
            "url": f"https://www.reddit.com/r/LocalLLaMA/comments/{ident}/{slug}/" if self_post else url + rng.choice(["", "?utm_source=reddit"]),
            "link_flair_text": "News", "over_18": False, "removed_by_category": None,
        }})
    children.append({"kind": "t3", "data": {
        "subreddit": "LocalLLaMA", "selftext": "Read the rules before posting.", "title": "Weekly rules and FAQ",
        "name": "t3_rules01", "id": "rules01", "score": 5, "num_comments": 0, "is_self": True, "stickied": True,
        "created_utc": float(int(day.inside().timestamp())), "author": "AutoModerator",
        "permalink": "/r/LocalLLaMA/comments/rules01/weekly_rules_and_faq/", "url": "https://www.reddit.com/r/LocalLLaMA/comments/rules01/weekly_rules_and_faq/"}})
    children.append({"kind": "t3", "data": {
        "subreddit": "LocalLLaMA", "selftext": "", "title": "Older post, outside the window", "name": "t3_old0001",
        "id": "old0001", "score": 40, "num_comments": 2, "is_self": True, "stickied": False,
        "created_utc": float(int((g.START - timedelta(hours=2)).timestamp())), "author": "someone",
        "permalink": "/r/LocalLLaMA/comments/old0001/older_post/", "url": "https://www.reddit.com/r/LocalLLaMA/comments/old0001/older_post/"}})
    children.sort(key=lambda c: -c["data"]["created_utc"])
    return {"kind": "Listing", "data": {"after": "t3_old0001", "dist": len(children), "modhash": "",
                                        "geo_filter": None, "children": children, "before": None}}


# --- Hacker News ----------------------------------------------------------------------------
def hn_search(day: Day) -> dict:
    rng = day.rng
    hits = []
    for key in HN_EVENTS:
        _, title, _, url, _detail, _ = day.events[key]
        when = day.inside(0.05, 0.95)
        ident = str(40230000 + rng.randrange(20000))
        hits.append({"_highlightResult": {}, "_tags": ["story", f"author_{key[:4]}", f"story_{ident}"],
                     "author": rng.choice(["pg_fan", "throwaway42", "mlengineer", "dang_not"]),
                     "children": [], "created_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                     "created_at_i": int(when.timestamp()), "num_comments": rng.randrange(0, 400),
                     "objectID": ident, "points": rng.randrange(2, 900), "story_id": int(ident),
                     "title": title, "updated_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "url": url})
    when = day.inside(0.3, 0.6)
    hits.append({"_tags": ["story", "ask_hn", "story_40239999"], "author": "curious_dev",
                 "created_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "created_at_i": int(when.timestamp()),
                 "num_comments": 212, "objectID": "40239999", "points": 340, "story_id": 40239999,
                 "story_text": "<p>Phi-3 mini and Llama 3 8B both run on a phone now. Are you shipping on-device models, "
                               "and what broke? I tried <a href=\"https://github.com/ml-explore/mlx-swift-examples\" rel=\"nofollow\">"
                               "the MLX Swift examples</a> &amp; llama.cpp.</p>",
                 "title": "Ask HN: Who is running LLMs on-device in production?", "url": None})
    hits.sort(key=lambda h: -h["created_at_i"])
    return {"exhaustive": {"nbHits": True, "typo": True}, "exhaustiveNbHits": True, "hits": hits,
            "hitsPerPage": 100, "nbHits": len(hits), "nbPages": 1, "page": 0,
            "params": "tags=story&numericFilters=created_at_i%3E%3D1714662000,created_at_i%3C1714748400&hitsPerPage=100",
            "processingTimeMS": 3, "query": ""}


def main() -> None:
    day = Day()
    (OUT / "x-archive").mkdir(parents=True, exist_ok=True)
    tweets = x_list(day)
    (OUT / "x-list.jsonl").write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tweets), encoding="utf-8")
    (OUT / "x-archive" / "tweets.js").write_text(x_archive(day), encoding="utf-8")
    export = discord_export(day)
    (OUT / "discord-export.json").write_text(json.dumps(export, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (OUT / "telegram-channel.html").write_text(telegram_page(day), encoding="utf-8")
    listing = reddit_listing(day)
    (OUT / "reddit-localllama.json").write_text(json.dumps(listing, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    hn = hn_search(day)
    (OUT / "hn-search.json").write_text(json.dumps(hn, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"x-list.jsonl: {len(tweets)} posts; discord-export.json: {len(export['messages'])} messages; "
          f"reddit: {len(listing['data']['children'])} posts; hn: {len(hn['hits'])} hits")


if __name__ == "__main__":
    main()
