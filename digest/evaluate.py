"""``digest eval``: score a built post against its archive, so a cron job can hold it back.

Every figure is computed from what is on disk: the digest the build saved in the state
folder, the post file, the archive's items and earlier posts, and the run report (for the
cost).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from digest.config import Settings
from digest.day import day_stories, earlier_sentences
from digest.errors import ExitCode
from digest.quality import Checker, Glossary, endings, hangul_share, unsupported
from digest.sites import site_for


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


@dataclass
class Evaluation:
    """The evaluation of one post.

    Attributes:
        date: the post's date.
        post: the post file, if found.
        writer: ``llm`` or ``extractive``.
        metrics: the figures.
        flagged: statements with problems, for people to look at.
    """

    date: str
    post: str | None
    writer: str
    metrics: list[Metric] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Whether every checked figure is within its bound."""
        return all(m.ok for m in self.metrics)

    @property
    def exit_code(self) -> int:
        """0 when the post passes, 5 (below a threshold) otherwise."""
        return int(ExitCode.OK if self.passed else ExitCode.BELOW)

    def to_json(self) -> dict[str, Any]:
        """The evaluation as plain data."""
        return {
            "date": self.date,
            "post": self.post,
            "writer": self.writer,
            "passed": self.passed,
            "metrics": [
                {
                    "name": m.name,
                    "value": m.value,
                    "threshold": m.threshold,
                    "higher_is_better": m.higher_is_better,
                    "ok": m.ok,
                    "detail": m.detail,
                }
                for m in self.metrics
            ],
            "flagged": self.flagged,
        }


def evaluate(settings: Settings, day: date, out_dir: Path) -> Evaluation:
    """Score the post built for ``day`` (its digest, its file under ``out_dir``, its archive)."""
    config, state = settings.config, settings.state
    stamp = day.isoformat()
    digest = state.load_digest(day)
    post_path = site_for(config.output, day).post_path(out_dir, day)
    post_text = post_path.read_text(encoding="utf-8") if post_path.is_file() else None
    result = Evaluation(
        date=stamp, post=str(post_path) if post_text is not None else None, writer=digest.writer
    )
    bounds = config.eval
    with state.open_archive() as archive:
        items = archive.get_items(digest.cited_keys())
        earlier = earlier_sentences(state, archive, stamp, config)
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
    result.metrics.append(
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
    checker = Checker(items, Glossary(), earlier)

    unbacked = 0
    for text, keys in statements:
        problems = unsupported(text, checker.sources(keys))
        if problems:
            unbacked += 1
            result.flagged.append(f"{text[:80]} — {'; '.join(problems)}")
    result.metrics.append(
        Metric(
            "unsupported statements",
            unbacked / len(statements) if statements else None,
            bounds.max_unsupported,
            False,
            f"{unbacked}/{len(statements)}",
        )
    )
    # Coverage of the day's top stories (repeats of earlier posts do not count).
    stories = [s for s in day_stories(settings, day) if s.novelty != "repeat"]
    top = stories[: config.output.preview_stories]
    cited = set(digest.cited_keys())
    covered = sum(1 for s in top if any(i.key in cited for i in s.all_items()))
    result.metrics.append(
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
    result.flagged += [f"{t[:80]} — copied from an earlier post" for t in copied]
    result.metrics.append(
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
    result.metrics.append(
        Metric(
            "Hangul share of prose",
            round(hangul_share(prose), 3) if prose else None,
            bounds.min_hangul_share if korean else None,
            True,
            "" if korean else "not checked: extractive post",
        )
    )
    result.metrics.append(
        Metric(
            "합니다체 endings",
            formal / judged if judged else None,
            bounds.min_formal_endings if korean else None,
            True,
            f"{formal}/{judged}" + ("" if korean else "; not checked: extractive post"),
        )
    )
    # Cost, from the run report.
    report = state.load_report(day)
    cost: float | None = None
    detail = "no run report"
    if report is not None:
        llm = report.get("llm") or {}
        value = llm.get("cost_usd")
        cost = float(value) if isinstance(value, (int, float)) else None
        detail = (
            f"{llm.get('calls', 0)} calls, {llm.get('prompt_tokens', 0):,}+"
            f"{llm.get('completion_tokens', 0):,} tokens, {llm.get('cache_hits', 0)} cache hits"
            if llm
            else "no LLM used"
        )
    result.metrics.append(Metric("cost (USD)", cost, bounds.max_cost_usd, False, detail))
    return result
