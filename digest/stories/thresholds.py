"""How alike two items must be to join one story (a setting, kept apart from the heavy code)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    """How alike two items must be to join.

    Attributes:
        text: cosine of the weighted TF-IDF vectors.
        names: cosine over names and links, with at least two names shared.
        merge: centroid cosine (text space) two groups of several items need to merge.
        merge_names: the same over names, for groups joined by shared names.
    """

    text: float = 0.6
    names: float = 0.7
    merge: float = 0.4
    merge_names: float = 0.6
