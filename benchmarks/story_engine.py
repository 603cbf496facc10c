"""Story engine benchmark: speed, memory and clustering quality on two labelled corpora.

    uv run python benchmarks/story_engine.py                  # 2k, 10k and 20k items, both corpora
    uv run python benchmarks/story_engine.py 2000 5000        # chosen sizes
    uv run python benchmarks/story_engine.py --50k            # 2k, 10k, 20k and 50k
    uv run python benchmarks/story_engine.py --seed 3 --repeat 3 20000
    uv run python benchmarks/story_engine.py --corpus blind 20000 50000   # one corpus
    uv run python benchmarks/story_engine.py --ratio 5        # 50k against 20k, 5 rounds

Two corpora, side by side: ``own`` is the project's ``benchmarks/corpus.py`` (written next to
the engine), ``blind`` is ``benchmarks/blind_corpus.py`` (written from a spec without reading
the engine; ``--seed`` picks its day, 2 by default). Each corpus and size runs in a fresh
process so peak memory (ru_maxrss) is that run's own. Per run it prints:

- ``seconds``: wall time of ``build_stories`` (dedupe + cluster + rank), the median of
  ``--repeat`` builds in that process, and ``cpu_seconds`` the CPU time of the same builds,
  the process a build forks to read texts included (the fairer figure on a busy machine).
  Builds after the first reuse ``canonical_url``'s cache and ``extract``'s reading of the
  same item objects, so only ``--repeat 1`` (the default) times a cold build, which is what
  a scheduled build is;
- ``peak_mib``: the process's peak resident memory, corpus and imports included, and
  ``build_mib``: how far the build raised that peak;
- B-cubed precision/recall/F1 and the adjusted Rand index against the story labels (an item
  that belongs to no story is its own cluster);
- ``fold_p``/``fold_r``: pairwise precision and recall of copy folding, and for the blind
  corpus ``fold_r_<kind>``: the share of copies of each kind folded with their original;
  ``fold_p_cross``: the precision counting only false pairs across true stories, and
  ``fold_false_same_text``: the share of false pairs whose two texts are the same;
  ``fold_p_item``: the share of folded items labelled copies of the item they are folded
  under (one figure per item, so a big fold group weighs by its size, not its pairs), and
  ``fold_p_lossless``: the share of folded items that are labelled copies or say no word the
  item they are folded under does not (case, links, hashtags, emoji and punctuation aside),
  so folding them hides nothing from a reader;
- ``fold_twin_<kind>``: the share of copies of each kind whose text another post of their story
  says that is labelled no copy of the same original (see ``_twin_shares``);
- ``top20_mix``: among the 20 best-ranked stories, the most true stories mixed in one (an item
  of no story counts as one story of its own), and ``top20_mix_stories`` the same with items
  of no story left out (chatter that joined a story is noise in it, but mixes no two stories).

``--ratio R`` measures how the time grows with the day instead: R rounds, each a fresh process
at the smaller size (20,000 by default) and one at the larger (50,000), on the blind corpus of
``--seed``, run back to back so both see the same load. Per round it prints both times and
their ratio, wall and CPU, then the medians over the rounds and the load average before and
after (a ratio read on a busy machine says more about the machine than the engine).
"""

from __future__ import annotations

import json
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import DAY, DAY_START, Labelled, make_corpus  # noqa: E402
from digest.models import Item, Story  # noqa: E402
from digest.stories import build_stories  # noqa: E402

CORPORA = ("own", "blind")
CHATTER = "chatter:"  # the label prefix of an item that belongs to no story


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


def _origins(copy_of: Mapping[str, str | None], keys: Sequence[str]) -> dict[str, str]:
    """Each key's first original (a copy of a copy goes back to the first post)."""

    def origin(key: str) -> str:
        seen = 0
        while copy_of.get(key) and seen < 100:
            key = copy_of[key] or key
            seen += 1
        return key

    return {key: origin(key) for key in keys}


def _copy_groups(stories: list[Story]) -> dict[str, str]:
    """Item key → the key of the item its story folded it under (itself if none)."""
    out: dict[str, str] = {}
    for story in stories:
        for item in story.items:
            out[item.key] = item.key
            for dupe in story.copies.get(item.key, ()):
                out[dupe.key] = item.key
    return out


def fold_scores(
    copy_of: Mapping[str, str | None],
    keys: Sequence[str],
    stories: list[Story],
    kinds: Mapping[str, str] | None = None,
    truth: Mapping[str, str] | None = None,
) -> dict[str, float]:
    """Pairwise precision and recall of copy folding (a copy group is an original + copies),
    and per kind of copy the share of copies folded with their original.

    With ``truth`` (key → story), two figures on the false pairs beside them:
    ``fold_p_cross``, the precision when only false pairs of items from different true
    stories count (a fold that hides another story's post, or ties two stories together),
    and ``fold_false_same_text``, the share of false pairs whose two texts are the same
    (case, links and spacing aside): labels that call such a pair two posts leave no text
    rule a way to tell it from a copy.
    """
    root = _origins(copy_of, keys)
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
    out = {
        "fold_p": hit / len(predicted) if predicted else 1.0,
        "fold_r": hit / len(truth_pairs) if truth_pairs else 1.0,
    }
    if truth is not None:
        text = {i.key: _plain(i) for story in stories for i in story.all_items()}
        false = predicted - truth_pairs
        cross = sum(1 for a, b in false if truth[a] != truth[b])
        out["fold_p_cross"] = 1 - cross / len(predicted) if predicted else 1.0
        same = sum(1 for a, b in false if text[a] == text[b])
        out["fold_false_same_text"] = same / len(false) if false else 0.0
        out.update(_item_precision(root, stories))
    if kinds:
        folded_under = _copy_groups(stories)
        per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for key, kind in kinds.items():
            if key not in folded_under:
                continue
            per_kind[kind][1] += 1
            per_kind[kind][0] += folded_under[key] == folded_under.get(root[key])
        for kind, (good, total) in sorted(per_kind.items()):
            out[f"fold_r_{kind}"] = good / total
        if truth is not None:
            out.update(_twin_shares(root, text, kinds, truth))
    return out


def _twin_shares(
    root: Mapping[str, str],
    text: Mapping[str, str],
    kinds: Mapping[str, str],
    truth: Mapping[str, str],
) -> dict[str, float]:
    """Per kind of copy, ``fold_twin_<kind>``: the share of its copies that have a *twin*, a
    post of the same story (or chatter like them) that says the same text (``_plain``) and
    that the labels call another post, not a copy of the same original.

    A rule that reads the posts cannot fold such a copy without folding its twin too, unless
    time or place tells them apart (the authors differ in both cases): so the share bounds
    what recall at full precision can reach by text. ``root`` is each item's original (see
    ``_origins``), ``text`` each built item's ``_plain`` text.
    """

    def place(key: str) -> str:
        return CHATTER if truth[key].startswith(CHATTER) else truth[key]

    originals: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, said in text.items():
        originals[(place(key), said)].add(root[key])
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key, kind in kinds.items():
        if key in text:
            per_kind[kind][1] += 1
            per_kind[kind][0] += len(originals[(place(key), text[key])]) > 1
    return {f"fold_twin_{kind}": n / total for kind, (n, total) in sorted(per_kind.items())}


def _item_precision(root: Mapping[str, str], stories: list[Story]) -> dict[str, float]:
    """``fold_p_item`` and ``fold_p_lossless`` (see the module's docstring)."""
    copies = lossless = total = 0
    for story in stories:
        items = {i.key: i for i in story.items}
        for kept_key, dupes in story.copies.items():
            kept = items[kept_key]
            for dupe in dupes:
                total += 1
                if root[dupe.key] == root[kept_key]:
                    copies += 1
                elif _words(dupe) <= _words(kept):
                    lossless += 1
    if not total:
        return {"fold_p_item": 1.0, "fold_p_lossless": 1.0}
    return {"fold_p_item": copies / total, "fold_p_lossless": (copies + lossless) / total}


_WORD = re.compile(r"\w+")


def _words(item: Item) -> set[str]:
    """The words an item says: case-folded, without links, hashtags, emoji or punctuation."""
    return {w for part in _plain(item).split() if part[0] != "#" for w in _WORD.findall(part)}


def _plain(item: Item) -> str:
    """An item's title and text, case-folded, without links, spacing made one space."""
    words = f"{item.title} {item.text}".casefold().split()
    return " ".join(w for w in words if "://" not in w)


def top_mix(
    truth: Mapping[str, str], stories: list[Story], top: int = 20, chatter: bool = True
) -> int:
    """Among the ``top`` best-ranked stories, the most true stories mixed in one; without
    ``chatter``, items of no story (labelled ``chatter:…``) are left out of the count."""
    return max(
        (
            len(
                {
                    truth[i.key]
                    for i in s.all_items()
                    if i.key in truth and (chatter or not truth[i.key].startswith(CHATTER))
                }
            )
            for s in stories[:top]
        ),
        default=0,
    )


def evaluate(
    corpus: list[Labelled], stories: list[Story], kinds: Mapping[str, str] | None = None
) -> dict[str, float]:
    """Quality figures of ``stories`` against the labels of the project's own corpus."""
    truth = {x.item.key: x.story for x in corpus}
    copy_of = {x.item.key: x.copy_of for x in corpus}
    return score(truth, copy_of, stories, kinds)


def _pair_count(counts: Iterable[int]) -> int:
    return sum(c * (c - 1) // 2 for c in counts)


def adjusted_rand(labels: Sequence[str], predicted: Sequence[str]) -> float:
    """The adjusted Rand index of two labellings of the same items (Hubert and Arabie).

    Pairs counted from the contingency table: written here because importing
    ``sklearn.metrics`` for it costs each benchmark process ~2.4 s of CPU.
    """
    both = _pair_count(Counter(zip(labels, predicted, strict=True)).values())
    rows, cols = _pair_count(Counter(labels).values()), _pair_count(Counter(predicted).values())
    total = _pair_count([len(labels)])
    expected = rows * cols / total if total else 0.0
    best = (rows + cols) / 2
    if best == expected:  # both labellings all singletons, or both one group
        return 1.0
    return (both - expected) / (best - expected)


def score(
    truth: Mapping[str, str],
    copy_of: Mapping[str, str | None],
    stories: list[Story],
    kinds: Mapping[str, str] | None = None,
) -> dict[str, float]:
    """Quality figures of ``stories`` against labels (key → story) and copies (key → original)."""
    predicted = {item.key: story.id for story in stories for item in story.all_items()}
    keys = sorted(truth)
    p, r, f1 = bcubed(dict(truth), predicted)
    ari = adjusted_rand([truth[k] for k in keys], [predicted[k] for k in keys])
    out: dict[str, float] = {
        "bcubed_p": p, "bcubed_r": r, "bcubed_f1": f1, "ari": ari,
        "stories": len(stories), "labels": len(set(truth.values())),
    }  # fmt: skip
    out.update(fold_scores(copy_of, keys, stories, kinds, truth))
    out["top20_mix"] = top_mix(truth, stories)
    out["top20_mix_stories"] = top_mix(truth, stories, chatter=False)
    return out


def blind_labels(
    n: int, seed: int
) -> tuple[list[Item], datetime, dict[str, str], dict[str, str | None], dict[str, str]]:
    """The blind corpus's items, the end of its day, labels, copies and copy kinds.

    Chatter (label None) becomes its own singleton story for scoring.
    """
    from benchmarks.blind_corpus import generate

    corpus = generate(n, seed)
    truth = {
        key: label if label is not None else f"{CHATTER}{key}"
        for key, label in corpus.story.items()
    }
    copy_of: dict[str, str | None] = dict(corpus.copy_of)
    return list(corpus.items), corpus.window.until, truth, copy_of, dict(corpus.copy_kind)


def _cpu() -> float:
    """CPU seconds of this process and of the children it has reaped (a build's forked helper)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def run_one(corpus_name: str, n: int, seed: int, repeat: int = 1) -> dict[str, float]:
    """Build one corpus, time the engine on it, and score the result."""
    kinds: dict[str, str] | None = None
    if corpus_name == "own":
        own = make_corpus(n)
        items = [x.item for x in own]
        until = DAY_START + DAY + timedelta(seconds=1)
        truth = {x.item.key: x.story for x in own}
        copy_of: dict[str, str | None] = {x.item.key: x.copy_of for x in own}
    else:
        items, until, truth, copy_of, kinds = blind_labels(n, seed)
    # The engine imports numpy, scipy and scikit-learn on first use; time the work, not that.
    import digest.stories.cluster
    import digest.stories.dedupe  # noqa: F401

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times = []
    cpu = []
    for _ in range(max(1, repeat)):
        started, cpu_started = time.perf_counter(), _cpu()
        stories = build_stories(items, until=until)
        times.append(time.perf_counter() - started)
        cpu.append(_cpu() - cpu_started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = score(truth, copy_of, stories, kinds)
    figures["items"] = len(items)
    figures["seconds"] = statistics.median(times)
    figures["cpu_seconds"] = statistics.median(cpu)
    figures["peak_mib"] = peak
    figures["build_mib"] = peak - before
    return figures


def _line(corpus_name: str, f: Mapping[str, float]) -> str:
    head = (
        f"corpus={corpus_name} items={f['items']:.0f} seconds={f['seconds']:.2f} "
        f"cpu_seconds={f['cpu_seconds']:.2f} "
        f"peak_mib={f['peak_mib']:.0f} build_mib={f['build_mib']:.0f} "
        f"bcubed_p={f['bcubed_p']:.3f} bcubed_r={f['bcubed_r']:.3f} "
        f"bcubed_f1={f['bcubed_f1']:.3f} ari={f['ari']:.3f} "
        f"fold_p={f['fold_p']:.3f} fold_r={f['fold_r']:.3f} "
        f"fold_p_cross={f['fold_p_cross']:.3f} "
        f"fold_false_same_text={f['fold_false_same_text']:.3f}"
    )
    if "fold_p_item" in f:
        head += f" fold_p_item={f['fold_p_item']:.3f} fold_p_lossless={f['fold_p_lossless']:.3f}"
    kinds = " ".join(
        f"{k}={v:.3f}" for k, v in f.items() if k.startswith(("fold_r_", "fold_twin_"))
    )
    tail = (
        f"top20_mix={f['top20_mix']:.0f} top20_mix_stories={f['top20_mix_stories']:.0f} "
        f"stories={f['stories']:.0f} labels={f['labels']:.0f}"
    )
    return " ".join(part for part in (head, kinds, tail) if part)


def main(sizes: list[int], corpora: Sequence[str], seed: int, repeat: int, rounds: int) -> None:
    if rounds:
        ratio(rounds, sizes[0], sizes[1], seed)
        return
    for n in sizes:
        for name in corpora:
            print(_line(name, _run(name, n, seed, repeat)), flush=True)


def _run(name: str, n: int, seed: int, repeat: int) -> dict[str, float]:
    """One corpus and size in a fresh process, so its peak memory and imports are its own."""
    out = subprocess.run(
        [sys.executable, __file__, "--one", name, str(n), str(seed), str(repeat)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    figures: dict[str, float] = json.loads(out)
    return figures


def ratio(rounds: int, small: int, large: int, seed: int) -> None:
    """Print how much longer the larger day takes than the smaller, round by round."""
    import os

    load = os.getloadavg()[0]
    walls, cpus = [], []
    for k in range(1, rounds + 1):
        a, b = _run("blind", small, seed, 1), _run("blind", large, seed, 1)
        walls.append(b["seconds"] / a["seconds"])
        cpus.append(b["cpu_seconds"] / a["cpu_seconds"])
        print(
            f"round={k} seconds_{small}={a['seconds']:.2f} seconds_{large}={b['seconds']:.2f} "
            f"cpu_{small}={a['cpu_seconds']:.2f} cpu_{large}={b['cpu_seconds']:.2f} "
            f"ratio={walls[-1]:.2f} cpu_ratio={cpus[-1]:.2f}",
            flush=True,
        )
    print(
        f"median of {rounds}: ratio={statistics.median(walls):.2f} "
        f"cpu_ratio={statistics.median(cpus):.2f} "
        f"load_before={load:.2f} load_after={os.getloadavg()[0]:.2f}"
    )


def _parse(argv: list[str]) -> tuple[list[int], list[str], int, int, int]:
    sizes: list[int] = []
    corpora = list(CORPORA)
    seed, repeat, big, rounds = 2, 1, False, 0
    args = iter(argv)
    for arg in args:
        if arg == "--50k":
            big = True
        elif arg == "--seed":
            seed = int(next(args))
        elif arg == "--repeat":
            repeat = int(next(args))
        elif arg == "--corpus":
            corpora = next(args).split(",")
        elif arg == "--ratio":
            rounds = int(next(args))
        elif arg in ("-h", "--help"):
            print(__doc__)
            raise SystemExit(0)
        elif arg.isdigit():
            sizes.append(int(arg))
        else:
            raise SystemExit(f"story_engine.py: unknown argument {arg!r} (see --help)")
    if rounds:
        if len(sizes) not in (0, 2):
            raise SystemExit("story_engine.py: --ratio takes two sizes or none (20000 50000)")
        return sorted(sizes) or [20000, 50000], ["blind"], seed, repeat, rounds
    sizes = sizes or [2000, 10000, 20000]
    if big and 50000 not in sizes:
        sizes.append(50000)
    return sizes, corpora, seed, repeat, 0


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--one":
        name, n, seed, repeat = sys.argv[2], *map(int, sys.argv[3:6])
        print(json.dumps(run_one(name, n, seed, repeat)))
    else:
        main(*_parse(sys.argv[1:]))
