"""Non-overlapping character spans kept sorted: overlap and membership tests in O(log n).

A long text has thousands of mentions; testing each candidate against every span already taken was
quadratic. Used for the organ mentions chosen so far, quoted titles, and the spans citations took.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class Spans:
    """(start, end) spans that do not overlap each other, sorted by start."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.items = sorted(spans)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that share at least one character with [start, end)."""
        i = bisect.bisect_left(self.items, (start, -1))
        if i > 0 and self.items[i - 1][1] > start:
            i -= 1
        out = []
        while i < len(self.items) and self.items[i][0] < end:
            if self.items[i][1] > start:
                out.append(self.items[i])
            i += 1
        return out

    def __contains__(self, point: int) -> bool:
        """Whether ``point`` lies inside one of the spans."""
        i = bisect.bisect_right(self.items, (point, float("inf"))) - 1
        return i >= 0 and self.items[i][0] <= point < self.items[i][1]

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.items, (start, end))

    def remove(self, start: int, end: int) -> None:
        self.items.remove((start, end))
