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
from digest.quality import Checker, Glossary
from digest.scores import Metric, post_metrics
from digest.sites import site_for

__all__ = ["Evaluation", "Metric", "evaluate"]


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
    top = [s for s in day_stories(settings, day) if s.novelty != "repeat"]
    checker = Checker(items, Glossary(), earlier)
    metrics, flagged = post_metrics(
        digest, items, top[: config.output.preview_stories], checker, bounds, post_text
    )
    result.metrics += metrics
    result.flagged += flagged
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
