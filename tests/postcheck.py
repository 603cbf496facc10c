"""Counts of what an editor would not publish in a post: read from the Markdown alone.

Written apart from the writer's own rules (no import of them), so a test can hold the post to
them and a before/after comparison can count the same things on any post.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter

GLOSSARY = Path(__file__).resolve().parent.parent / "digest" / "glossary.txt"

# What a cut link leaves: labels that pointed at it, pointers, a title's "(site.com)".
LEFTOVERS = [
    r"\bLinks?\s*:",
    "🔗",
    "👉",
    "→",
    "➡",
    r"원문\s*보기",
    r"원문\s*:",
    r"요약\s*:",
    r"\[요약\]",
    r"(?i)\bread more\b",
    r"\bSource\s*:",
    r"출처\s*:",
    r"(?i)\bvia @\w+",
    r"\((?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+\)$",
    r"[:：]$",
    r"(?i)\b(?:in|on|about|at|to|of|for|via|see)$",
]
# A UTF-8 lead byte read as Latin-1/cp1252, then one or more continuation bytes so read.
_CONTINUATION = set(bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore")) | set(
    bytes(range(0xA0, 0xC0)).decode("latin-1")
)
MOJIBAKE = re.compile(
    "[" + re.escape(bytes(range(0xC2, 0xF5)).decode("latin-1")) + "]"
    "[" + re.escape("".join(sorted(_CONTINUATION))) + "]+"
)
STOP_AT_END = {"a", "an", "the", "and", "or", "of", "on", "in", "at", "to", "for", "with", "by",
               "is", "are", "from", "as", "into", "its"}  # fmt: skip


@dataclass
class Bullet:
    text: str
    urls: list[str]
    topic: str = ""


@dataclass
class Block:
    """A Preview story (its headline) or an Overview theme (its name), with bullets."""

    title: str
    overview: bool
    bullets: list[Bullet] = field(default_factory=list)


@dataclass
class Post:
    title: str
    tags: list[str]
    blocks: list[Block]
    text: str


def _plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown).strip()


def _bullet(line: str) -> Bullet:
    at = line.rfind(" ([")
    body, links = (line[:at], line[at:]) if at >= 0 else (line, "")
    urls = re.findall(r"\]\((https?://[^)\s]+)\)", links)
    topic = ""
    match = re.match(r"\*\*(.+?)\*\*: (.*)$", body)
    if match:
        topic, body = match[1], match[2]
    return Bullet(text=_plain(body), urls=urls, topic=_plain(topic))


def parse(path: Path) -> Post:
    """The post's title, tags, Preview stories and Overview themes."""
    post = frontmatter.load(str(path))
    blocks: list[Block] = []
    for line in post.content.splitlines():
        if match := re.match(r"^\* \*\*(.+)\*\*$", line):
            blocks.append(Block(_plain(match[1]), overview=False))
        elif match := re.match(r"^\*\*\d+\. (.+)\*\*$", line):
            blocks.append(Block(_plain(match[1]), overview=True))
        elif match := re.match(r"^ *- (.+)$", line):
            blocks[-1].bullets.append(_bullet(match[1]))
    return Post(str(post["title"]), [str(t) for t in post["tags"]], blocks, path.read_text("utf-8"))


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.findall(r"\w+", text))


def _inside(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    return bool(a and b) and (f" {a} " in f" {b} " or f" {b} " in f" {a} ")


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+| — ", text)
    return [norm(p) for p in parts if len(norm(p)) >= 15]


def defects(path: Path, source_names: set[str]) -> dict[str, int]:
    """Each kind of defect, counted in the post at ``path``."""
    post = parse(path)
    preview = [b for b in post.blocks if not b.overview]
    themes = [b for b in post.blocks if b.overview]
    counts = dict.fromkeys(
        ["headline_repeated", "headline_twice", "sentence_repeated", "same_source_twice",
         "link_leftovers", "themes_named_by_source", "split_tags", "title_cut_mid_phrase",
         "mojibake_runs", "url_twice_in_bullet"], 0,
    )  # fmt: skip
    headlines = [b.title for b in preview] + [u.topic for t in themes for u in t.bullets if u.topic]
    counts["headline_twice"] = len(headlines) - len({norm(h) for h in headlines})
    for block in post.blocks:
        seen: dict[str, int] = {}
        first_sources: list[str] = []
        for bullet in block.bullets:
            headline = bullet.topic if block.overview else block.title
            if headline and _inside(headline, bullet.text):
                counts["headline_repeated"] += 1
            parts = bullet.text.split(" — ")
            if len(parts) > 1 and _inside(parts[0], parts[1]):
                counts["headline_repeated"] += 1
            for sentence in set(_sentences(bullet.text)):
                seen[sentence] = seen.get(sentence, 0) + 1
            counts["url_twice_in_bullet"] += len(bullet.urls) - len(set(bullet.urls))
            if bullet.urls:
                first_sources.append(bullet.urls[0])
            for text in (bullet.text, bullet.topic):
                counts["link_leftovers"] += sum(len(re.findall(p, text)) for p in LEFTOVERS)
        if not block.overview:
            counts["sentence_repeated"] += sum(n - 1 for n in seen.values() if n > 1)
            counts["same_source_twice"] += len(first_sources) - len(set(first_sources))
            counts["link_leftovers"] += sum(len(re.findall(p, block.title)) for p in LEFTOVERS)
    lowered = {n.lower() for n in source_names}
    counts["themes_named_by_source"] = sum(1 for t in themes if t.title.lower() in lowered)
    multi = [
        line.split(":", 1)[0].strip()
        for line in GLOSSARY.read_text("utf-8").splitlines()
        if ":" in line and not line.startswith("#") and " " in line.split(":", 1)[0].strip()
    ]
    for name in multi:
        if name in post.text:
            counts["split_tags"] += sum(1 for t in post.tags if t in name.split())
    top = preview[0].title if preview else ""
    counts["title_cut_mid_phrase"] = int(_cut_badly(post.title, top))
    counts["mojibake_runs"] = len(MOJIBAKE.findall(post.text))
    return counts


def _cut_badly(title: str, headline: str) -> bool:
    """True when the title shortens the headline mid-word or after a word that opens a phrase."""
    if not headline or title.endswith(headline):
        return False
    stem = title.removesuffix("…").rstrip()
    for start in range(len(stem)):
        if headline.startswith(stem[start:]) and len(stem) - start >= 8:
            rest = headline[len(stem) - start :]
            last = stem.split()[-1].lower()
            return not title.endswith("…") or (rest[:1].isalnum()) or last in STOP_AT_END
    return False
