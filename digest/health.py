"""Source health across days: which sources failed or brought nothing, several days running.

Every fetch of a source is recorded in the archive (``source_runs``). A day is good for a
source when one of its fetches that day worked and brought at least one item; counting back
from the newest day with a fetch, the bad days before the first good one are its streak.
Days with no fetch at all (no build ran) neither break nor lengthen a streak. A source skipped
as ``cached`` (a rerun that reuses a fetch made after its window closed) records nothing: the
fetch it reuses was counted on the day it was made, and counting it again on the rerun's day
would let a rebuild of an old window hide a source whose fetch failed that morning. Pure: the
runs and the timezone are passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo


@dataclass(frozen=True)
class SourceRun:
    """One recorded fetch of a source.

    Attributes:
        at: when it was fetched.
        ok: whether the fetch worked.
        items: how many items it brought.
        error: the error, for a failed fetch.
    """

    at: datetime
    ok: bool
    items: int
    error: str | None = None


@dataclass(frozen=True)
class SourceHealth:
    """How a source has done lately.

    Attributes:
        source: the source's name.
        bad_days: the days in a row (newest first) it failed or brought nothing.
        failed_days: how many of those it failed outright.
        last_good: the last day it brought items, or None.
        last_error: the newest error in the streak, if any.
    """

    source: str
    bad_days: int
    failed_days: int
    last_good: date | None
    last_error: str | None

    def unhealthy(self, after: int) -> bool:
        """Whether the streak reached ``after`` days."""
        return self.bad_days >= after

    def describe(self) -> str:
        """One line for a person: what went wrong, for how long, since when."""
        if self.failed_days == self.bad_days:
            what = f"failed {self.bad_days} days in a row"
        elif self.failed_days == 0:
            what = f"brought no items {self.bad_days} days in a row"
        else:
            what = f"failed or brought no items {self.bad_days} days in a row"
        since = self.last_good.isoformat() if self.last_good else "never"
        error = f"; last error: {self.last_error}" if self.last_error else ""
        return f"{what} (last items: {since}){error}"


def source_health(source: str, runs: Iterable[SourceRun], tz: tzinfo) -> SourceHealth:
    """The health of ``source`` from its recorded fetches, days taken in ``tz``."""
    days: dict[date, list[SourceRun]] = {}
    for run in runs:
        days.setdefault(run.at.astimezone(tz).date(), []).append(run)
    bad = failed = 0
    last_good: date | None = None
    last_error: str | None = None
    for day in sorted(days, reverse=True):
        that_day = days[day]
        if any(r.ok and r.items > 0 for r in that_day):
            last_good = day
            break
        bad += 1
        if not any(r.ok for r in that_day):
            failed += 1
            if last_error is None:
                newest = max((r for r in that_day if not r.ok), key=lambda r: r.at)
                last_error = newest.error
    return SourceHealth(source, bad, failed, last_good, last_error)
