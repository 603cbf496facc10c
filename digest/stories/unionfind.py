"""A disjoint-set forest: the engine's way of saying "these belong together"."""

from __future__ import annotations


class UnionFind:
    """Sets over ``0..n-1``; the smallest index is each set's root, so results are stable."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        """The root of ``x``'s set."""
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> bool:
        """Join the sets of ``a`` and ``b``; False if they were one already."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if ra < rb:
            self.parent[rb] = ra
        else:
            self.parent[ra] = rb
        return True

    def groups(self) -> dict[int, list[int]]:
        """Each root's members, in index order."""
        out: dict[int, list[int]] = {}
        for index in range(len(self.parent)):
            out.setdefault(self.find(index), []).append(index)
        return out
