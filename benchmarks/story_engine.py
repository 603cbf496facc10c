"""Story engine benchmark: speed, memory and clustering quality on the labelled corpus.

    uv run python benchmarks/story_engine.py            # 2k, 10k and 20k items
    uv run python benchmarks/story_engine.py 2000 5000  # chosen sizes

Each size runs in a fresh process so peak memory (ru_maxrss) is that size's own. Per size it
prints wall time of ``build_stories`` (dedupe + cluster + rank), peak memory, B-cubed
precision/recall/F1 and the adjusted Rand index against the story labels, and the precision
and recall of copy folding over pairs of items.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import DAY, DAY_START, Labelled, make_corpus  # noqa: E402
from digest.models import Story  # noqa: E402
from digest.stories import build_stories  # noqa: E402


def bcubed(truth: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering against labels (both key → cluster)."""
    by_truth: dict[str, set[str]] = defaultdict(set)
    by_pred: dict[str, set[str]] = defaultdict(set)
    for key, label in truth.items():
        by_truth[label].add(key)
    for key, label in predicted.items():
        by_pred[label].add(key)
    precision = recall = 0.0
    for key in truth:
        mine = by_pred[predicted[key]]
        real = by_truth[truth[key]]
        both = len(mine & real)
        precision += both / len(mine)
        recall += both / len(real)
    p, r = precision / len(truth), recall / len(truth)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fold_scores(corpus: list[Labelled], stories: list[Story]) -> tuple[float, float]:
    """Pairwise precision and recall of copy folding (a copy group is an original + copies)."""
    parent = {x.item.key: x.copy_of for x in corpus}

    def origin(key: str) -> str:
        while parent.get(key):
            key = parent[key] or key
        return key

    root = {key: origin(key) for key in parent}
    truth_pairs: set[tuple[str, str]] = set()
    groups: dict[str, list[str]] = defaultdict(list)
    for key, r in root.items():
        groups[r].append(key)
    for members in groups.values():
        members.sort()
        truth_pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    predicted: set[tuple[str, str]] = set()
    for story in stories:
        for item_key, dupes in story.copies.items():
            members = sorted([item_key, *(d.key for d in dupes)])
            predicted.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    hit = len(truth_pairs & predicted)
    return (
        hit / len(predicted) if predicted else 1.0,
        hit / len(truth_pairs) if truth_pairs else 1.0,
    )


def evaluate(corpus: list[Labelled], stories: list[Story]) -> dict[str, float]:
    """Quality figures of ``stories`` against the corpus labels."""
    from sklearn.metrics import adjusted_rand_score

    truth = {x.item.key: x.story for x in corpus}
    predicted = {item.key: story.id for story in stories for item in story.all_items()}
    keys = sorted(truth)
    p, r, f1 = bcubed(truth, predicted)
    ari = adjusted_rand_score([truth[k] for k in keys], [predicted[k] for k in keys])
    fold_p, fold_r = fold_scores(corpus, stories)
    return {
        "bcubed_p": p, "bcubed_r": r, "bcubed_f1": f1, "ari": ari,
        "fold_p": fold_p, "fold_r": fold_r, "stories": len(stories),
        "labels": len(set(truth.values())),
    }  # fmt: skip


def run_one(n: int) -> dict[str, float]:
    """Build the corpus, time the engine on it, and score the result."""
    corpus = make_corpus(n)
    items = [x.item for x in corpus]
    # The engine imports numpy, scipy and scikit-learn on first use; time the work, not that.
    import digest.stories.cluster
    import digest.stories.dedupe  # noqa: F401

    started = time.perf_counter()
    stories = build_stories(items, until=DAY_START + DAY + timedelta(seconds=1))
    seconds = time.perf_counter() - started
    figures = evaluate(corpus, stories)
    figures["items"] = len(items)
    figures["seconds"] = seconds
    figures["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def main(sizes: list[int]) -> None:
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n)],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        f = json.loads(out)
        print(
            f"items={f['items']} seconds={f['seconds']:.2f} peak_mib={f['peak_mib']:.0f} "
            f"bcubed_p={f['bcubed_p']:.3f} bcubed_r={f['bcubed_r']:.3f} "
            f"bcubed_f1={f['bcubed_f1']:.3f} ari={f['ari']:.3f} "
            f"fold_p={f['fold_p']:.3f} fold_r={f['fold_r']:.3f} "
            f"stories={f['stories']} labels={f['labels']}",
            flush=True,
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(run_one(int(sys.argv[2]))))
    else:
        main([int(a) for a in sys.argv[1:]] or [2000, 10000, 20000])
