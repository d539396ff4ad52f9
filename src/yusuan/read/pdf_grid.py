"""Ruled tables on a PDF page, as geometry: the page's rulings grouped into grids (column x's, row
y's), the stretches each row boundary is ruled over and each row's cell edges, and the cell a point
falls in (a cell merged down belongs to its first row, one merged across to its first column).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

def merge(values: list[float], tol: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def grids(vertical, horizontal) -> list[tuple[list[float], list[float], list]]:
    """Ruled tables: (column x's, row y's top to bottom, their vertical rulings), one per
    group of vertical rulings that touch one another, top to bottom (apart in height)."""
    groups: list[list] = []  # [lowest bottom, rulings]
    for v in sorted(vertical, key=lambda v: -v[2]):
        # every ruling met so far is as high as v: v touches a group when it reaches down to its lowest
        # bottom, which only the last group can (n rulings, n groups: linear, not quadratic)
        if groups and v[2] >= groups[-1][0] - 1.5:
            groups[-1][0] = min(groups[-1][0], v[1])
            groups[-1][1].append(v)
        else:
            groups.append([v[1], [v]])
    horizontal = sorted(horizontal)
    heights = [h[0] for h in horizontal]
    out = []
    for _, g in groups:
        xs = merge([v[0] for v in g])
        if len(xs) < 2:
            continue
        bottom, top = min(v[1] for v in g), max(v[2] for v in g)
        near = horizontal[bisect_left(heights, bottom - 1.5):bisect_right(heights, top + 1.5)]
        ys = merge([h[0] for h in near if h[1] <= xs[0] + 1.5 and h[2] >= xs[-1] - 1.5
                     or min(h[2], xs[-1]) - max(h[1], xs[0]) > 4])
        ys = sorted(set(ys) | {bottom, top}, reverse=True)
        out.append((xs, _merge_desc(ys), g))
    return out


def _merge_desc(ys: list[float]) -> list[float]:
    return sorted(merge(ys), reverse=True)


def around(lows: list[float], y: float) -> range:
    """The grids (``grids``, top to bottom; ``lows``: their bottoms negated) that may hold height
    ``y``: the highest whose bottom is below it, and the next (their rulings' tolerances overlap)."""
    t = bisect_left(lows, -y)
    return range(t, min(t + 2, len(lows)))


def crossings(ys: list[float], rulings) -> list[tuple[int, int]]:
    """For each vertical ruling of a grid, the rows (from, to) whose middles it crosses."""
    middles = [-(ys[r] + ys[r + 1]) / 2 for r in range(len(ys) - 1)]  # ascending
    return [(bisect_left(middles, -(top + 1.5)), bisect_right(middles, -(bottom - 1.5))) for _, bottom, top in rulings]


def edges(xs: list[float], rows: int, rulings, crossings: list[tuple[int, int]]) -> list[list[float]]:
    """Each row's cell edges: the vertical rulings that cross its middle (the grid's columns if none)."""
    crossing: list[list[float]] = [[] for _ in range(rows)]
    for (x, _, _), (a, b) in zip(rulings, crossings):
        for r in range(a, b):
            crossing[r].append(x)
    return [merge(c) or xs for c in crossing]


def stretches(horizontal, heights: list[float], y: float) -> list[tuple[float, float]]:
    """The stretches a row boundary at ``y`` is ruled over, within the tolerance (1.5 pt) and joined
    where they touch, left to right (``horizontal`` sorted by height, ``heights`` theirs)."""
    out: list[list[float]] = []
    for a, b in sorted((h[1] - 1.5, h[2] + 1.5) for h in horizontal[bisect_left(heights, y - 1.5):
                                                                   bisect_right(heights, y + 1.5)]):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


class Boundaries:
    """A grid's row boundaries (``stretches`` each), with the rows found for a point remembered by
    where its x stands among the stretches' ends (a cell merged down over n rows is walked once,
    not once for each of its glyphs)."""

    def __init__(self, stretches: list[list[tuple[float, float]]]):
        self.stretches = stretches
        self.ends = sorted({e for s in stretches for st in s for e in st})
        self.memo: dict[tuple, int] = {}

    def __len__(self) -> int:
        return len(self.stretches)

    def __getitem__(self, r: int) -> list[tuple[float, float]]:
        return self.stretches[r]

    def walk(self, r: int, x: float, step: int, end) -> int:
        """From row ``r``, rows ``step`` by ``step`` while ``end(r)`` says to go on; remembered."""
        key = (bisect_left(self.ends, x), bisect_right(self.ends, x), step)
        passed = []
        while (got := self.memo.get((r, key))) is None and end(r):
            passed.append(r)
            r += step
        got = r if got is None else got
        for p in passed:
            self.memo[p, key] = got
        return got


def column(row_edges: list[float], xs: list[float], x: float) -> int:
    """The grid column where the cell of a row (its ``row_edges``) that holds ``x`` starts."""
    i = bisect_right(row_edges, x + 0.5)
    return nearest(xs, row_edges[i - 1] if i else xs[0])


def _ruled_at(stretches: list[tuple[float, float]], x: float) -> bool:
    """``x`` within one of a boundary's stretches (``stretches``: apart, left to right)."""
    i = bisect_right(stretches, (x, float("inf"))) - 1
    return i >= 0 and x <= stretches[i][1]


def first_row(ruled_over: Boundaries, r: int, x: float) -> int:
    """The row whose cell holds (row ``r``, ``x``): a cell merged down over rows (its text often
    centred) belongs to its first row, the one ruled above at ``x``."""
    return ruled_over.walk(r, x, -1, lambda r: r > 0 and not _ruled_at(ruled_over[r], x))


def last_row(ruled_over: Boundaries, r: int, x: float) -> int:
    """The last row of the cell that starts at row ``r`` at ``x`` (merged down while no ruling
    crosses ``x`` below it)."""
    return ruled_over.walk(r, x, 1, lambda r: r + 1 < len(ruled_over) - 1 and not _ruled_at(ruled_over[r + 1], x))


def right_edge(row_edges: list[float], xs: list[float], col: int) -> float:
    """The right edge of the cell that starts at column ``col`` (a merged cell spans columns)."""
    i = bisect_right(row_edges, xs[col] + 1.5)
    return row_edges[i] if i < len(row_edges) else xs[-1]


def nearest(xs: list[float], x: float) -> int:
    """The index of the sorted ``xs`` nearest to ``x`` (the lower one on a tie)."""
    i = bisect_left(xs, x)
    return i - 1 if i == len(xs) or i > 0 and x - xs[i - 1] <= xs[i] - x else i
