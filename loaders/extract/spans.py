"""Non-overlapping character spans kept sorted: overlap and membership tests in O(log n).

A long text has thousands of mentions; testing each candidate against every span already taken was
quadratic. ``Spans``: the organ mentions chosen so far, quoted titles, the spans citations took;
``Mentions``: a text's organ mentions for the steps that read around them (citations, tasks, people).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from itertools import accumulate

from loaders.extract.model import OrganRef


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


class Mentions:
    """The organ mentions of a text, found by where they start, end or lie (O(1) and O(log n))."""

    def __init__(self, organs: Iterable[OrganRef]) -> None:
        self.organs = sorted((o for o in organs if o.span), key=lambda o: (o.span.start, o.span.end))
        self.starts = [o.span.start for o in self.organs]
        self.reach = list(accumulate((o.span.end for o in self.organs), max))   # furthest end so far
        self.by_start: dict[int, OrganRef] = {}
        self.by_end: dict[int, OrganRef] = {}
        for o in self.organs:
            self.by_start.setdefault(o.span.start, o)
            self.by_end.setdefault(o.span.end, o)

    def inside(self, point: int) -> bool:
        """Whether ``point`` lies inside a mention."""
        i = bisect.bisect_right(self.starts, point) - 1
        return i >= 0 and self.reach[i] > point

    def containing(self, point: int, strict: bool = False) -> OrganRef | None:
        """The nearest mention whose span holds ``point`` (``strict``: not at its first character)."""
        i = bisect.bisect_right(self.starts, point) - 1
        while i >= 0 and self.reach[i] > point:
            o = self.organs[i]
            if (o.span.start < point if strict else o.span.start <= point) and point < o.span.end:
                return o
            i -= 1
        return None

    def starting_in(self, low: int, high: int) -> OrganRef | None:
        """The first mention starting in (low, high]."""
        i = bisect.bisect_right(self.starts, low)
        return self.organs[i] if i < len(self.starts) and self.starts[i] <= high else None
