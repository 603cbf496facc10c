"""The run report: what was fetched, written and dropped; printed and saved as JSON.

rich is imported by ``RunReport.print`` alone: a run that prints nothing does not load it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from digest.errors import ExitCode

if TYPE_CHECKING:
    from rich.console import Console

OUTSIDE = "outside the window"
"""The reason the summary gives for the items ``SourceResult.outside`` counts."""
STAGES = ("fetch", "stories", "write", "render")
"""The stages a build times, in order."""


@dataclass
class SourceResult:
    """How one source went.

    Attributes:
        name: the source's name.
        type: its type.
        status: ``ok``, ``not-modified``, ``cached`` (already fetched for this window),
            ``failed`` or ``disabled``.
        fetched: items the fetch returned (inside the window).
        outside: items the fetch read outside the window (archived, not in this post).
        in_window: archived items of this source inside the window.
        seconds: how long the fetch took.
        error: why it failed, in words a user can act on.
        notes: remarks from the fetch (posts read from a billed API, pages skipped, ...).
        skipped: entries the source read but did not make items, by reason, most first
            (the items outside the window are counted in ``outside``, not here).
    """

    name: str
    type: str
    status: str
    fetched: int = 0
    outside: int = 0
    in_window: int = 0
    seconds: float = 0.0
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def skipped_summary(self) -> str:
        """``12 skipped: 10 system messages, 2 outside the window`` (empty when none were).

        The items read outside the window (``outside``) count as one more reason.
        """
        counts = {reason: n for reason, n in self.skipped.items() if n > 0}
        if self.outside > 0:
            counts[OUTSIDE] = self.outside
        counts = dict(sorted(counts.items(), key=lambda kv: -kv[1]))
        total = sum(counts.values())
        if not total:
            return ""
        parts = ", ".join(f"{n} {reason}" for reason, n in counts.items())
        return f"{total} skipped: {parts}"


@dataclass
class RunReport:
    """Everything a run did, for people (printed) and for scripts (JSON).

    Attributes:
        date: the post's date.
        since: the window's start, local ISO time.
        until: the window's end, local ISO time.
        sources: per-source results.
        items_fetched: items fetched in this run.
        items_in_window: items inside the window (from this run and the archive).
        stories: stories the items formed.
        copies: posts folded into another as copies (retweets, cross-posts).
        follow_ups: stories an earlier post covered that bring new material.
        repeats: stories an earlier post covered, left out.
        writer: ``llm`` or ``extractive``.
        llm: LLM calls, cache hits and tokens.
        batch: the Batch API run, if ``--batch`` was given (id, submitted, stored, failed).
        dropped: what the writer dropped or repaired.
        candidates: with best-of-N (``writer.candidates``), each candidate post's scores and
            whether it was kept.
        post: the written post's path, if one was written.
        exit_code: the process exit code.
        seconds: the run's wall time.
        stages: wall seconds of each stage (``fetch``, ``stories``, ``write``, ``render``);
            a stage the run did not reach stays at 0.
        reused: nothing the stories and the post depend on had changed since the last build
            of the day: its digest was published again, without clustering or writing.
        warnings: notes for the user.
        error: why the run stopped, when it failed.
    """

    date: str
    since: str
    until: str
    sources: list[SourceResult] = field(default_factory=list)
    items_fetched: int = 0
    items_in_window: int = 0
    stories: int = 0
    copies: int = 0
    follow_ups: int = 0
    repeats: int = 0
    writer: str = ""
    llm: dict[str, Any] = field(default_factory=dict)
    batch: dict[str, Any] = field(default_factory=dict)
    dropped: dict[str, Any] = field(default_factory=dict)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    post: str | None = None
    exit_code: int = int(ExitCode.OK)
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    reused: bool = False

    @property
    def failed_sources(self) -> list[SourceResult]:
        """Sources that failed in this run."""
        return [s for s in self.sources if s.status == "failed"]

    def to_json(self) -> str:
        """The report as JSON text."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    def print(self, console: Console) -> None:
        """Print a readable summary."""
        from rich.markup import escape
        from rich.table import Table

        table = Table(title=f"Sources ({self.since} → {self.until})", title_justify="left")
        for column in ("source", "type", "status", "fetched", "in window", "time", "note"):
            table.add_column(
                column,
                justify="right" if column in ("fetched", "in window") else "left",
                overflow="fold",
            )
        for s in self.sources:
            style = {"failed": "red", "ok": "green"}.get(s.status, "")
            table.add_row(
                s.name,
                s.type,
                f"[{style}]{s.status}[/]" if style else s.status,
                str(s.fetched),
                str(s.in_window),
                f"{s.seconds:.2f}s",
                escape(s.error or "; ".join(n for n in (*s.notes, s.skipped_summary()) if n)),
            )
        console.print(table)
        llm = self.llm
        if self.reused:
            console.print("nothing changed since the last build: its stories and post were reused")
        console.print(
            f"items: {self.items_fetched} fetched, {self.items_in_window} in window · "
            f"stories: {self.stories} ({self.copies} copies folded, "
            f"{self.follow_ups} follow-ups, {self.repeats} repeats left out) · "
            f"writer: {self.writer or '-'}"
        )
        if llm:
            console.print(
                f"LLM: {llm.get('calls', 0)} calls, {llm.get('cache_hits', 0)} cache hits, "
                f"{llm.get('prompt_tokens', 0):,} prompt + "
                f"{llm.get('completion_tokens', 0):,} completion tokens"
                + (
                    f", about ${llm['cost_usd']:.4f}"
                    if isinstance(llm.get("cost_usd"), (int, float))
                    else " (no price for this model in llm.prices)"
                )
            )
            stages = llm.get("stages") or {}
            if len(stages) > 1:
                console.print(
                    "  "
                    + " · ".join(
                        f"{name}: {f['calls']} calls, {f['prompt_tokens']:,}+"
                        f"{f['completion_tokens']:,} tokens"
                        for name, f in stages.items()
                    )
                )
        if self.dropped:
            shown = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in self.dropped.items())
            console.print(f"writer: {shown}")
        if self.candidates:
            console.print(
                "candidates: "
                + " · ".join(
                    f"{c['candidate']}{' (kept)' if c['kept'] else ''}: "
                    + (
                        f"{c['failed_checks']} checks failed, score {c['total']:.3f}"
                        if "error" not in c
                        else f"failed ({c['error']})"
                    )
                    for c in self.candidates
                )
            )
        for warning in self.warnings:
            console.print(f"[yellow]warning:[/] {warning}")
        stages = " · ".join(f"{name} {self.stages.get(name, 0.0):.2f}s" for name in STAGES)
        console.print(f"time: {self.seconds:.2f}s ({stages})")
