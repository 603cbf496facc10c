"""A post's figures: citations, support, coverage of the top stories, repeats, Korean style.

``post_metrics`` computes them from a digest, the items it may cite and the day's top stories,
with no I/O: ``digest eval`` scores a built post with it, and the LLM writer scores each
candidate post of best-of-N (``writer.candidates``) with it before keeping one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from digest.config import EvalConfig
from digest.models import Digest, Item, Story
from digest.quality import Checker, endings, hangul_share, unsupported


@dataclass
class Metric:
    """One figure of the evaluation.

    Attributes:
        name: what is measured.
        value: the figure (a share in 0–1, or dollars for cost), None when it does not apply.
        threshold: the configured bound, None when unchecked.
        higher_is_better: whether the figure must be at least (True) or at most the bound.
        detail: counts behind the figure, for people.
    """

    name: str
    value: float | None
    threshold: float | None
    higher_is_better: bool
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Whether the figure is within its bound (always, when either is missing)."""
        if self.value is None or self.threshold is None:
            return True
        if self.higher_is_better:
            return self.value >= self.threshold - 1e-9
        return self.value <= self.threshold + 1e-9


def post_metrics(
    digest: Digest,
    items: Mapping[str, Item],
    top: Sequence[Story],
    checker: Checker,
    bounds: EvalConfig,
    post_text: str | None = None,
) -> tuple[list[Metric], list[str]]:
    """The figures of a post and the statements flagged, for people to look at.

    Args:
        digest: the post.
        items: archive key → item, for the items it cites.
        top: the day's top stories (the Preview's number, repeats left out).
        checker: the checks, with the earlier posts' sentences.
        bounds: the thresholds.
        post_text: the post file's text; citations must then be printed in it.
    """
    metrics: list[Metric] = []
    flagged: list[str] = []
    # Citations: each names an archived item, with that item's own link, printed in the post.
    pairs = [
        (b.text, key)
        for section in [*digest.preview, *digest.overview]
        for b in section.bullets
        for key in b.cites
    ]
    valid = 0
    for _text, key in pairs:
        item, link = items.get(key), digest.links.get(key)
        printed = post_text is None or (link is not None and f"]({link.url})" in post_text)
        if item is not None and link is not None and item.url == link.url and printed:
            valid += 1
    metrics.append(
        Metric(
            "valid citations",
            valid / len(pairs) if pairs else None,
            bounds.min_valid_citations,
            True,
            f"{valid}/{len(pairs)}",
        )
    )
    # Statements and the items they cite.
    bullets = [b for section in [*digest.preview, *digest.overview] for b in section.bullets]
    everything = [k for k in digest.cited_keys() if k in items]
    statements = [(b.text, b.cites) for b in bullets]
    if digest.writer == "llm":  # an extractive intro is digest's own count of the day
        statements += [(t, everything) for t in (digest.intro, digest.viewpoint) if t]

    unbacked = 0
    for text, keys in statements:
        problems = unsupported(text, checker.sources(keys))
        if problems:
            unbacked += 1
            flagged.append(f"{text[:80]} — {'; '.join(problems)}")
    metrics.append(
        Metric(
            "unsupported statements",
            unbacked / len(statements) if statements else None,
            bounds.max_unsupported,
            False,
            f"{unbacked}/{len(statements)}",
        )
    )
    # Coverage of the day's top stories (repeats of earlier posts do not count).
    cited = set(digest.cited_keys())
    covered = sum(1 for s in top if any(i.key in cited for i in s.all_items()))
    metrics.append(
        Metric(
            "top stories covered",
            covered / len(top) if top else None,
            bounds.min_top_coverage,
            True,
            f"{covered}/{len(top)}",
        )
    )
    # Repetition against the earlier posts of the look-back window.
    copied = [t for t, _k in statements if checker.copied(t)]
    flagged += [f"{t[:80]} — copied from an earlier post" for t in copied]
    metrics.append(
        Metric(
            "repeated from earlier posts",
            len(copied) / len(statements) if statements else None,
            bounds.max_repeated,
            False,
            f"{len(copied)}/{len(statements)}",
        )
    )
    # Korean: Hangul share and 합니다체 endings (not judged for extractive posts, which quote
    # their sources as written).
    prose = " ".join(t for t, _k in statements)
    korean = digest.writer == "llm"
    formal, judged = endings(prose)
    metrics.append(
        Metric(
            "Hangul share of prose",
            round(hangul_share(prose), 3) if prose else None,
            bounds.min_hangul_share if korean else None,
            True,
            "" if korean else "not checked: extractive post",
        )
    )
    metrics.append(
        Metric(
            "합니다체 endings",
            formal / judged if judged else None,
            bounds.min_formal_endings if korean else None,
            True,
            f"{formal}/{judged}" + ("" if korean else "; not checked: extractive post"),
        )
    )
    return metrics, flagged
