"""Best-of-N: candidate posts composed from the same checked notes, scored, the best kept.

Each candidate is scored with ``digest eval``'s checks (``scores.post_metrics``: valid
citations, unsupported statements, coverage of the top stories, repeats of earlier posts,
Hangul share and 합니다체 endings). The best has the fewest figures outside their bounds
(``eval`` in the config), then the highest sum of the figures (each as a share, the lower-is-
better ones counted as one minus the share), then the most statements; a tie goes to the
earlier candidate, so the choice is the same on every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from digest.models import Digest
from digest.scores import Metric
from digest.writer.edits import WriteStats


@dataclass
class Candidate:
    """One composed post and its figures, or why it could not be composed.

    Attributes:
        number: its place among the candidates (1 is asked as with one candidate).
        digest: the post, links included; None when the composing call failed.
        stats: what its checks dropped or repaired.
        metrics: its figures.
        reasks: composing calls asked again for it.
        error: why it could not be composed.
    """

    number: int
    digest: Digest | None = None
    stats: WriteStats = field(default_factory=WriteStats)
    metrics: list[Metric] = field(default_factory=list)
    reasks: int = 0
    error: str = ""

    @property
    def statements(self) -> int:
        """Bullets in the post."""
        if self.digest is None:
            return 0
        return sum(len(s.bullets) for s in [*self.digest.preview, *self.digest.overview])

    @property
    def failed(self) -> int:
        """Figures outside their bounds."""
        return sum(1 for m in self.metrics if not m.ok)

    @property
    def total(self) -> float:
        """The figures summed, each as a share where higher is better."""
        total = 0.0
        for m in self.metrics:
            if m.value is None:
                continue
            total += m.value if m.higher_is_better else 1.0 - min(m.value, 1.0)
        return round(total, 6)

    def key(self) -> tuple[int, float, int, int]:
        """Sorts the best candidate first (see the module)."""
        return (self.failed, -self.total, -self.statements, self.number)

    def record(self, kept: bool) -> dict[str, Any]:
        """The candidate for the run report."""
        if self.digest is None:
            return {"candidate": self.number, "kept": False, "error": self.error}
        return {
            "candidate": self.number,
            "kept": kept,
            "failed_checks": self.failed,
            "total": self.total,
            "statements": self.statements,
            "scores": {m.name: m.value for m in self.metrics},
        }


def choose(candidates: Sequence[Candidate]) -> Candidate | None:
    """The best of the candidates that were composed; None if none was."""
    composed = [c for c in candidates if c.digest is not None]
    return min(composed, key=Candidate.key) if composed else None
