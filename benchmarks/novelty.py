"""Novelty benchmark: builds of the blind multi-day set, in order, with one archive.

    uv run python benchmarks/novelty.py            # seeds 1, 2 and 3
    uv run python benchmarks/novelty.py 7 8        # chosen seeds
    uv run python benchmarks/novelty.py 1 --why    # and why each miss got its verdict

Each day's items are stored in the archive as the morning fetch after its window would store
them (first seen then), and the post is built from the archive (the extractive writer; no
network). Per day and in total it prints:

- repeats that reached a post: expected repeats and recaps whose items the post cites, and
  any other key the set says the post must not cite (rollovers, republished entries);
- follow-ups recognised (a ``follow-up`` verdict with the right earlier date) and marked
  (the post's heading or label for it carries ``후속`` and that date);
- false repeats: events the set calls new that were judged repeats;
- false follow-ups: events the set calls new that were judged follow-ups (published, but
  marked as following an earlier story they have nothing to do with);
- late items carried: late items the post cites, or that the build reported;
- misses never in an earlier post: missed follow-ups and repeats whose event no earlier post
  cited (the set expects every event a day told to be in that day's post; the engine split
  it off or it was ranked out, so readers never saw it);
- of events an earlier post told: the repeats that reached a post and the follow-ups
  recognised, counting only events some earlier post cited an item of (what "nothing told
  twice" promises readers), and how many of those misses follow an earlier post that told
  the event only in part (the engine split it that day and a part was left out).
"""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.blind_days import Day, DaySet, generate  # noqa: E402
from digest.config import load  # noqa: E402
from digest.day import day_stories  # noqa: E402
from digest.models import Digest, Story  # noqa: E402
from digest.pipeline import BuildOptions, build  # noqa: E402
from digest.stories.novelty import Fingerprint  # noqa: E402

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
    false_follow_ups: int = 0
    late: int = 0
    late_carried: int = 0
    uncovered: int = 0
    told_repeats: int = 0
    told_in_post: int = 0
    told_follow_ups: int = 0
    told_recognised: int = 0
    told_in_part: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for f in fields(self):
            if f.type == "int":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
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
            f"false follow-ups {self.false_follow_ups}/{self.new}  "
            f"late carried {self.late_carried}/{self.late}  "
            f"misses never in an earlier post {self.uncovered}  "
            f"(of events an earlier post told: repeats in post "
            f"{self.told_in_post}/{self.told_repeats}, follow-ups recognised "
            f"{self.told_recognised}/{self.told_follow_ups}, misses after a post that told "
            f"part {self.told_in_part})"
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


def explain(
    stories: list[Story], history: list[Fingerprint], story: Story, earlier_keys: set[str]
) -> list[str]:
    """Why ``story`` got its verdict: its names, and for each earlier story it matched or
    should have matched (one holding ``earlier_keys``), the shared names and the scores."""
    from digest.stories.novelty import _Doc, _Index, _summarise

    summaries = [_summarise(s) for s in stories]
    docs = [_Doc.of(s.counts) for s in summaries]
    index = _Index.of(docs, history)
    today = summaries[stories.index(story)]
    doc = docs[stories.index(story)]
    names = ", ".join(f"{n}×{today.counts[n]}" for n in today.names[:14])
    out = [f"    story {story.id} [{story.novelty}] {story.why or ''}", f"      names: {names}"]
    matches = index.matches(today, doc)
    matched = {i for _, i in matches}
    wanted = {i for i, p in enumerate(index.past) if earlier_keys & set(p.items)}
    for i in sorted(matched | wanted):
        p = index.past[i]
        mine, theirs, distinct = index.share(today, doc, i)
        shared = sorted(doc.centrality.keys() & index.docs[i].centrality.keys())
        rare = ", ".join(f"{n}(df{index.df[n]})" for n in shared)
        tag = ("matched" if i in matched else "") + (" expected" if i in wanted else "")
        out.append(
            f"      {tag.strip()} {p.date} {p.story}: mine {mine:.2f} theirs {theirs:.2f} "
            f"distinct {distinct:.2f}; shared {rare}"
        )
        out.append(f"        its names: {', '.join(list(p.facts)[:14])}")
    if matches:
        # As mark_novelty judges them: against the stories matched (everything for a recap).
        against = index.compared(matches)
        what = "everything covered" if against is None else f"{len(against)} matched"
        facts = ", ".join(index.new_facts(today, against)[:10])
        out.append(f"      new facts (against {what}): {facts}")
    unseen = [n for n in today.names if n not in index.covered_names]
    out.append(f"      names no earlier story used: {', '.join(unseen[:12])}")
    links = sorted((today.links | today.permalinks) - index.covered_links)
    out.append(f"      new links: {', '.join(links[:6])}")
    return out


def parts(stories: list[Story], keys: set[str], cited: set[str]) -> list[str]:
    """The stories an event's ``keys`` fell into: each one's verdict, its place among the
    stories a post may hold (new and follow-ups, best first) and whether the post cites it."""
    fresh = [s for s in stories if s.novelty != "repeat"]
    out = []
    for story in stories:
        mine = {base_key(i.key) for i in story.all_items()}
        if not mine & keys:
            continue
        place = f"#{fresh.index(story) + 1} of {len(fresh)}" if story in fresh else "left out"
        lead = story.lead.title or story.lead.text[:80]
        out.append(
            f"    part {story.id} [{story.novelty}] {place}, score {story.score:.2f}, "
            f"{len(mine & keys)} of its {len(mine)} items, "
            f"{'cited' if mine & cited else 'not cited'}: {lead}"
        )
    return out


def run(seed: int, days: int = 4, why: bool = False) -> list[tuple[str, Score]]:
    """Build every day of one seed's set; a score per post (with ``why``, diagnostics)."""
    dataset: DaySet = generate(seed, days=days)
    sources = sorted({i.source for d in dataset.days for i in d.items})
    out: list[tuple[str, Score]] = []
    told: set[str] = set()  # events an earlier post cited
    in_part: set[str] = set()  # events the latest post that cited them told only in part
    event_keys: dict[str, set[str]] = {}  # event → its items' keys on the days before
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
            history: list[Fingerprint] = []
            if why:
                with settings.state.open_archive() as archive:
                    rows = archive.coverage_between("0000-00-00", post_day.isoformat())
                history = [Fingerprint.from_json(f) for f in rows]

            def diagnose(keys: set[str], event: str, day: Day = day, score: Score = score,
                         stories: list[Story] = stories, history: list[Fingerprint] = history,
                         by_key: dict[str, Story] = by_key) -> None:  # fmt: skip
                if not why:
                    return
                before = set(event_keys.get(event, set()))
                for label in {day.labels[k] for k in keys}:
                    for c in label.covers:
                        before |= event_keys.get(c, set())
                    score.misses.append(
                        f"    label {label.role}/{label.how} new {list(label.new_facts)} "
                        f"covers {[(c, c in told) for c in label.covers]}"
                    )
                for story in {id(s): s for k in keys if (s := by_key.get(k))}.values():
                    score.misses += explain(stories, history, story, before)

            for ex in expect.stories:
                keys = set(ex.keys)
                # A recap covers several events; any other event should have been told before.
                unseen = not ex.event.startswith("recap:") and ex.event not in told
                verdicts = {(s.novelty, s.seen) for k in keys if (s := by_key.get(k))}
                part = ex.event in in_part
                if ex.verdict == "repeat":
                    score.repeats += 1
                    score.told_repeats += not unseen
                    if keys & cited:
                        score.repeats_in_post += 1
                        score.told_in_post += not unseen
                        score.told_in_part += not unseen and part
                        score.miss(f"{day.post_date} repeat in post: {ex.event}", unseen)
                        diagnose(keys, ex.event)
                elif ex.verdict == "follow-up":
                    score.follow_ups += 1
                    score.told_follow_ups += not unseen
                    if ("follow-up", ex.seen) in verdicts:
                        score.recognised += 1
                        score.told_recognised += not unseen
                        if digest is not None and _marks(digest, keys, ex.seen or ""):
                            score.marked += 1
                        else:
                            follow = {
                                k for k in keys if (s := by_key.get(k)) and s.novelty == "follow-up"
                            }
                            where = "cited unmarked" if follow & cited else "not in the post"
                            score.misses.append(
                                f"{day.post_date} follow-up not marked ({where}): {ex.event}"
                            )
                            if why:
                                score.misses += parts(stories, keys, cited)
                    else:
                        got = sorted(verdicts)
                        score.told_in_part += not unseen and part
                        score.miss(f"{day.post_date} follow-up missed: {ex.event} {got}", unseen)
                        diagnose(keys, ex.event)
                else:
                    score.new += 1
                    if any(v == "repeat" for v, _ in verdicts):
                        score.false_repeats += 1
                        score.misses.append(f"{day.post_date} false repeat: {ex.event}")
                        diagnose(keys, ex.event)
                    elif any(v == "follow-up" for v, _ in verdicts):
                        score.false_follow_ups += 1
                        score.misses.append(f"{day.post_date} false follow-up: {ex.event}")
                        diagnose(keys, ex.event)
            extra = set(expect.absent) & cited - {k for e in expect.stories for k in e.keys}
            score.repeats_in_post += len(extra)
            score.repeats += len(extra)
            # Counted as above: a rollover or a republished entry of an event an earlier post
            # told, cited again.
            again = {k for k in extra if day.labels[k].event in told}
            score.told_repeats += len(again)
            score.told_in_post += len(again)
            reported = sum(
                int(m.group(1))
                for w in report.warnings
                if (m := re.match(r"(\d+) items? published in the window", w))
            )
            score.late += len(expect.late)
            carried = len(set(expect.late) & cited)
            score.late_carried += max(carried, min(reported, len(expect.late)))
            for e in expect.stories:
                if e.event and set(e.keys) & cited:
                    told.add(e.event)
                    # Told in part: some of its stories that day were left out of the post.
                    left = {
                        id(s) for k in e.keys if (s := by_key.get(k)) and not {
                            base_key(i.key) for i in s.all_items()} & cited
                    }  # fmt: skip
                    (in_part.add if left else in_part.discard)(e.event)
            for key, label in day.labels.items():
                if label.event:
                    event_keys.setdefault(label.event, set()).add(key)
            out.append((day.post_date, score))
    return out


def main() -> None:
    """Run the seeds given (1 2 3 by default) and print a line per post and a total."""
    why = "--why" in sys.argv
    seeds = [int(a) for a in sys.argv[1:] if a != "--why"] or [1, 2, 3]
    total = Score()
    for seed in seeds:
        for post_date, score in run(seed, why=why):
            print(f"seed {seed} post {post_date}: {score.line()}")
            total.add(score)
    print(f"total: {total.line()}")
    for miss in total.misses if why else total.misses[:40]:
        print("  " + miss)


if __name__ == "__main__":
    main()
