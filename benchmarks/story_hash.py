"""Hashes of what the story engine decides, to show that a speed change changed nothing.

    uv run python benchmarks/story_hash.py                 # print the hashes
    uv run python benchmarks/story_hash.py --check-same    # compare with story_hash.json
    uv run python benchmarks/story_hash.py --size 50000    # the same days at 50,000 items

Days: the blind corpus's seeds 1, 2 and 3 and the project's own corpus, 20,000 items each
(``story_hash.json`` holds those); ``--size`` prints them at another size, to compare by eye
or with ``diff`` before and after a change (it cannot be stored or checked).
Per day it prints two hashes: ``features``, of every field ``extract`` and ``settle_names``
give each item, and ``stories``, of the stories ``build_stories`` returns in order (id,
score, duplicates, the member keys in order and each member's folded copies). ``--write``
stores them in ``benchmarks/story_hash.json``; ``--check-same`` fails if any differs.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import astuple
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from digest.models import Item, Story  # noqa: E402
from digest.stories import build_stories  # noqa: E402
from digest.stories.features import extract, settle_names  # noqa: E402

STORED = Path(__file__).with_name("story_hash.json")
DAYS = ("blind:1", "blind:2", "blind:3", "own")
SIZE = 20_000


def day_items(day: str, n: int = SIZE) -> tuple[list[Item], object]:
    """The items of ``day`` and the end of its window."""
    if day == "own":
        from benchmarks.corpus import DAY, DAY_START, make_corpus

        return [x.item for x in make_corpus(n)], DAY_START + DAY + timedelta(seconds=1)
    from benchmarks.blind_corpus import generate

    corpus = generate(n, int(day.split(":")[1]))
    return list(corpus.items), corpus.window.until


def features_hash(items: Sequence[Item]) -> str:
    """A hash of every item's features, in the order the engine reads them."""
    ordered = sorted(items, key=lambda i: (i.published, i.source, i.id))
    digest = hashlib.sha256()
    for f in settle_names([extract(item) for item in ordered]):
        digest.update(repr(astuple(f)).encode())
    return digest.hexdigest()[:16]


def stories_hash(stories: Sequence[Story]) -> str:
    """A hash of the stories in order: ids, scores, members and their copies."""
    digest = hashlib.sha256()
    for story in stories:
        members = [
            (item.key, [c.key for c in story.copies.get(item.key, ())]) for item in story.items
        ]
        digest.update(repr((story.id, story.score, story.duplicates, members)).encode())
    return digest.hexdigest()[:16]


def hashes(day: str, n: int = SIZE) -> dict[str, str]:
    items, until = day_items(day, n)
    stories = build_stories(items, until=until)  # type: ignore[arg-type]
    return {"features": features_hash(items), "stories": stories_hash(stories)}


def main(argv: list[str]) -> int:
    size = int(argv[argv.index("--size") + 1]) if "--size" in argv else SIZE
    if size != SIZE and ("--write" in argv or "--check-same" in argv):
        print(f"{STORED.name} holds {SIZE:,}-item days: --size cannot be stored or checked")
        return 2
    found = {day: hashes(day, size) for day in DAYS}
    for day, h in found.items():
        print(f"{day}: features={h['features']} stories={h['stories']}", flush=True)
    if "--write" in argv:
        STORED.write_text(json.dumps(found, indent=2, sort_keys=True) + "\n")
    if "--check-same" in argv:
        stored = json.loads(STORED.read_text())
        if stored != found:
            print("DIFFERENT from", STORED.name)
            return 1
        print("same as", STORED.name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
