"""Novelty benchmark: builds of the blind multi-day set, in order, with one archive.

    uv run python benchmarks/novelty.py            # seeds 1, 2 and 3
    uv run python benchmarks/novelty.py 7 8        # chosen seeds

Each day's items are stored in the archive as the morning fetch after its window would store
them (first seen then), and the post is built from the archive (the extractive writer; no
network). Per day and in total it prints:

- repeats that reached a post: expected repeats and recaps whose items the post cites, and
  any other key the set says the post must not cite (rollovers, republished entries);
- follow-ups recognised (a ``follow-up`` verdict with the right earlier date) and marked
  (the post's heading or label for it carries ``후속`` and that date);
- false repeats: events the set calls new that were judged repeats;
- late items carried: late items the post cites, or that the build reported;
- misses never in an earlier post: missed follow-ups and repeats whose event no earlier post
  cited (the set expects every event a day told to be in that day's post; the engine split
  it off or it was ranked out, so readers never saw it).
"""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.blind_days import DaySet, generate  # noqa: E402
from digest.config import load  # noqa: E402
from digest.day import day_stories  # noqa: E402
from digest.models import Digest, Story  # noqa: E402
from digest.pipeline import BuildOptions, build  # noqa: E402

# A second sighting of a key is stored as ``<id>@<published>``.
_SIGHTING = re.compile(r"@\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def base_key(key: str) -> str:
    """The key an archive sighting is a sighting of."""
    return _SIGHTING.sub("", key)


@dataclass
class Score:
    """Counts over one day or many."""

    repeats: int = 0
    repeats_in_post: int = 0
    follow_ups: int = 0
    recognised: int = 0
    marked: int = 0
    new: int = 0
    false_repeats: int = 0
    late: int = 0
    late_carried: int = 0
    uncovered: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("repeats", "repeats_in_post", "follow_ups", "recognised", "marked", "new",
                     "false_repeats", "late", "late_carried", "uncovered"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    def miss(self, what: str, never_told: bool) -> None:
        """Note a miss; the set expects every event a day told to be in that day's post, and
        one the engine split off or ranked out never reached readers at all."""
        self.uncovered += never_told
        self.misses.append(f"{what}{' (never in an earlier post)' if never_told else ''}")

    def line(self) -> str:
        return (
            f"repeats in post {self.repeats_in_post}/{self.repeats}  "
            f"follow-ups recognised {self.recognised}/{self.follow_ups} "
            f"marked {self.marked}/{self.follow_ups}  "
            f"false repeats {self.false_repeats}/{self.new}  "
            f"late carried {self.late_carried}/{self.late}  "
            f"misses never in an earlier post {self.uncovered}"
        )


def _marks(digest: Digest, keys: set[str], seen: str) -> bool:
    """Whether a heading or bullet citing ``keys`` says 후속 with the date ``seen``."""
    for section in [*digest.preview, *digest.overview]:
        for bullet in section.bullets:
            if keys & {base_key(k) for k in bullet.cites}:
                text = f"{section.title} {bullet.topic} {bullet.text}"
                if "후속" in text and seen in text:
                    return True
    return False


def run(seed: int, days: int = 4) -> list[tuple[str, Score]]:
    """Build every day of one seed's set; a score per post."""
    dataset: DaySet = generate(seed, days=days)
    sources = sorted({i.source for d in dataset.days for i in d.items})
    out: list[tuple[str, Score]] = []
    told: set[str] = set()  # events an earlier post cited
    with tempfile.TemporaryDirectory(prefix="digest-novelty-") as tmp:
        work = Path(tmp)
        config = work / "sources.yaml"
        config.write_text(
            "output: {max_stories: 40}\nsources:\n"
            + "".join(f"  - {{type: rss, name: {s}, url: feeds/{s}.xml}}\n" for s in sources),
            encoding="utf-8",
        )
        settings = load(config)
        for day in dataset.days:
            morning = day.window.until + timedelta(minutes=30)
            with settings.state.open_archive() as archive:
                archive.put_items(day.items, morning)
                for name in sources:  # the morning fetch: every source answered
                    count = sum(i.source == name for i in day.items)
                    archive.record_source_run(name, morning, True, count)
            post_day = date.fromisoformat(day.post_date)
            report = build(settings, BuildOptions(day=post_day, out_dir=work / "out", now=morning))
            digest = settings.state.load_digest(post_day) if report.post else None
            cited = {base_key(k) for k in digest.cited_keys()} if digest else set()
            stories = day_stories(settings, post_day)
            by_key: dict[str, Story] = {}
            for story in stories:
                for item in story.all_items():
                    by_key.setdefault(base_key(item.key), story)
            expect = dataset.expected[day.date]
            score = Score()
            for ex in expect.stories:
                keys = set(ex.keys)
                # A recap covers several events; any other event should have been told before.
                unseen = not ex.event.startswith("recap:") and ex.event not in told
                verdicts = {(s.novelty, s.seen) for k in keys if (s := by_key.get(k))}
                if ex.verdict == "repeat":
                    score.repeats += 1
                    if keys & cited:
                        score.repeats_in_post += 1
                        score.miss(f"{day.post_date} repeat in post: {ex.event}", unseen)
                elif ex.verdict == "follow-up":
                    score.follow_ups += 1
                    if ("follow-up", ex.seen) in verdicts:
                        score.recognised += 1
                        if digest is not None and _marks(digest, keys, ex.seen or ""):
                            score.marked += 1
                    else:
                        got = sorted(verdicts)
                        score.miss(f"{day.post_date} follow-up missed: {ex.event} {got}", unseen)
                else:
                    score.new += 1
                    if any(v == "repeat" for v, _ in verdicts):
                        score.false_repeats += 1
                        score.misses.append(f"{day.post_date} false repeat: {ex.event}")
            extra = set(expect.absent) & cited - {k for e in expect.stories for k in e.keys}
            score.repeats_in_post += len(extra)
            score.repeats += len(extra)
            reported = sum(
                int(m.group(1))
                for w in report.warnings
                if (m := re.match(r"(\d+) items? published in the window", w))
            )
            score.late += len(expect.late)
            carried = len(set(expect.late) & cited)
            score.late_carried += max(carried, min(reported, len(expect.late)))
            told.update(e.event for e in expect.stories if e.event and set(e.keys) & cited)
            out.append((day.post_date, score))
    return out


def main() -> None:
    """Run the seeds given (1 2 3 by default) and print a line per post and a total."""
    seeds = [int(a) for a in sys.argv[1:]] or [1, 2, 3]
    total = Score()
    for seed in seeds:
        for post_date, score in run(seed):
            print(f"seed {seed} post {post_date}: {score.line()}")
            total.add(score)
    print(f"total: {total.line()}")
    for miss in total.misses[:40]:
        print("  " + miss)


if __name__ == "__main__":
    main()
