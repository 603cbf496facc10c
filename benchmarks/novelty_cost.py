"""What the novelty check costs on a big day: ``mark_novelty`` against a week of posts.

    uv run python benchmarks/novelty_cost.py               # 2,000 and 20,000 items
    uv run python benchmarks/novelty_cost.py 20000 --profile

The archive is 7 earlier days of the blind corpus (seeds 11 to 17, 2,000 items each), each
leaving the fingerprints of the stories a post covers (its first ``max_stories``, 15 by
default). Today is the blind corpus's seed 2 at each size given. The stories are built first
(not counted); then ``mark_novelty`` runs ``--repeat`` times (3 by default). Per size it prints
the stories, the fingerprints, the median CPU seconds and the function calls one run makes
(counted by ``cProfile``: the same on any machine, whatever its load), and with ``--profile``
the functions that take the most time.
"""

from __future__ import annotations

import cProfile
import pstats
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.blind_corpus import generate  # noqa: E402
from digest.models import Story  # noqa: E402
from digest.stories import build_stories  # noqa: E402
from digest.stories.novelty import Fingerprint, fingerprint, mark_novelty  # noqa: E402

ARCHIVE_SEEDS = range(11, 18)
ARCHIVE_ITEMS = 2000
POST_STORIES = 15
TODAY_SEED = 2


def archive() -> list[Fingerprint]:
    """The fingerprints a week of posts leaves, one day per seed, the newest last."""
    out: list[Fingerprint] = []
    first = date(2024, 6, 24)
    for n, seed in enumerate(ARCHIVE_SEEDS):
        corpus = generate(ARCHIVE_ITEMS, seed)
        stories = build_stories(list(corpus.items), until=corpus.window.until)
        day = (first + timedelta(days=n)).isoformat()
        out += [fingerprint(s, day) for s in stories[:POST_STORIES]]
    return out


def today(n: int) -> list[Story]:
    """The stories of today's ``n`` items."""
    corpus = generate(n, TODAY_SEED)
    return build_stories(list(corpus.items), until=corpus.window.until)


def measure(stories: list[Story], history: list[Fingerprint], repeat: int) -> tuple[float, int]:
    """Median CPU seconds of ``mark_novelty`` and the function calls of one run."""
    cpu = []
    for _ in range(repeat):
        started = time.process_time()
        mark_novelty(stories, history)
        cpu.append(time.process_time() - started)
    profile = cProfile.Profile()
    profile.runcall(mark_novelty, stories, history)
    return statistics.median(cpu), int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


def main() -> None:
    """Measure each size given (2,000 and 20,000 items by default)."""
    args = sys.argv[1:]
    repeat = 3
    if "--repeat" in args:
        at = args.index("--repeat")
        repeat = int(args[at + 1])
        del args[at : at + 2]
    profile = "--profile" in args
    sizes = [int(a) for a in args if a != "--profile"] or [2000, 20000]
    history = archive()
    for n in sizes:
        stories = today(n)
        cpu, calls = measure(stories, history, repeat)
        print(
            f"items {n}: stories {len(stories)}, fingerprints {len(history)}, "
            f"cpu_seconds {cpu:.3f} (median of {repeat}), calls {calls}"
        )
        if profile:
            run = cProfile.Profile()
            run.runcall(mark_novelty, stories, history)
            pstats.Stats(run).sort_stats("tottime").print_stats(14)


if __name__ == "__main__":
    main()
