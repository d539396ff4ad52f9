"""A table too wide for its paper, printed from a spreadsheet: its right-hand columns come on
pages of their own, after its left-hand ones (Calc and Excel print down, then over). Each
right-hand page prints the rows of a left-hand page at the same heights, under the title cut
where the page ends ("年预算单位财务收支预算总表") or repeated, and often the 单位 line. Those
pages are joined back onto their left-hand pages, so that each row gets the cells printed
beside it and the table is one table.

A run of n pages of one grid (a long table's pages, down) is followed by n pages of other
grids (its right-hand part, down, in the same order): the i-th of them goes with the i-th page
of the run when every row it prints stands at the height of a row of that page, and it prints
no title but the left-hand page's own (whole or cut), nor a sentence above its last row.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..catalog.vocabulary import kind_of_title, squash

_TOL = 1.5  # points: one row's height on both pages, one grid's columns
_SENTENCE = re.compile(r"[。；]")
_LINES = 200  # lines outside its grid a right-hand page may print (a title, 单位, a header's words: a few)


def join_cut_columns(pages: list[list]) -> None:
    """Join right-hand pages onto their left-hand pages, in place (a joined page is left empty, so
    that the pages keep their numbers)."""
    i = 0
    while i < len(pages):
        grid = _grid(pages[i])
        if grid is None:
            i += 1
            continue
        n = 1
        while i + n < len(pages) and _same(_grid(pages[i + n]), grid):
            n += 1
        k = i + n
        while _right_hand(pages, i, n, k, grid):  # (a table three papers wide has two runs of them)
            for m in range(n):
                pages[i + m] = _joined(pages[i + m], pages[k + m])
                pages[k + m] = []
            k += n
        i = k


def _ruled(page: list) -> list:
    return [r for r in page if r.ruled]


def _grid(page: list) -> tuple[float, ...] | None:
    """The columns of the page's one grid; None for a page without one, or with several."""
    rows = _ruled(page)
    if not rows or any(not _same(r.columns, rows[0].columns) for r in rows):
        return None
    return rows[0].columns


def _same(a: tuple | None, b: tuple | None) -> bool:
    return a is not None and b is not None and len(a) == len(b) and all(abs(x - y) <= _TOL for x, y in zip(a, b))


def _right_hand(pages: list[list], i: int, n: int, k: int, left: tuple[float, ...]) -> bool:
    """Whether pages k … k+n-1 are the right-hand part of pages i … i+n-1, whose grid was ``left``
    before any part was joined to them. Each has a grid of its own: a form's right-hand pages rule
    the columns their rows merge, not always the same ones."""
    if k + n > len(pages):
        return False
    return all((grid := _grid(pages[k + m])) is not None and not _same(grid, left)
               and _beside(pages[i + m], pages[k + m]) for m in range(n))


def _beside(left: list, right: list) -> bool:
    """Whether ``right`` prints the right-hand columns of ``left``'s rows: most of the rows of the
    sparser page at the heights of rows of the other (a row may stand alone, its cells on the other
    side empty or merged and unruled there), not labelled as they are, below the left-hand page's
    title, and nothing above them but that title (whole or cut) and short fields such as 单位：元
    (a page of the same table further down starts where that title stands; another table has a
    title of its own)."""
    rows, lefts = _ruled(right), _ruled(left)
    if len(right) - len(rows) > _LINES:
        return False  # a page of text
    partner = _partners(left)
    pairs = [(r, p) for r in rows if (p := partner(r)) is not None]
    if len(pairs) * 2 < min(len(rows), len(lefts)):
        return False
    labelled = [r.cells[0] == p.cells[0] for r, p in pairs if r.cells[0] and p.cells[0]]
    if sum(labelled) * 2 > len(labelled):
        return False  # its rows begin with the same labels: the next copy of a form, not its right-hand part
    first, last = max(r.top for r in rows), min(r.top for r in rows)
    titles = [(r.top, squash(r.cells[0])) for r in left if not r.ruled and r.top > lefts[0].top + _TOL
              and kind_of_title(r.cells[0])]
    if any(first >= top - _TOL for top, _ in titles):
        return False
    for r in right:
        if r.ruled:
            continue
        t = squash(r.cells[0])
        if r.top > first + _TOL and kind_of_title(t) and not any(t in x for _, x in titles) \
                and (titles or any(x.top >= r.top - _TOL for x in left)):
            return False  # (a title centred over the whole width may print on the right-hand page only)
        if r.top > last + _TOL and _SENTENCE.search(t) and not any(abs(x.top - r.top) <= _TOL for x in left):
            return False  # narrative (not a merged cell's text, printed on both pages)
    return True


def _partners(page: list):
    """row → the (first) ruled row of ``page`` at the height of ``row``, or None; found by height
    (a page of n rows and its right-hand page: n log n, not n²)."""
    ruled = sorted((r.top, i) for i, r in enumerate(page) if r.ruled)
    tops = [top for top, _ in ruled]

    def partner(row):
        near = ruled[bisect_left(tops, row.top - _TOL):bisect_right(tops, row.top + _TOL)]
        near = [i for top, i in near if abs(top - row.top) <= _TOL]
        return page[min(near)] if near else None
    return partner


def _joined(left: list, right: list) -> list:
    """The left-hand page with the right-hand page's cells beside its rows and its other lines
    (the 单位 line, a header's words) added; the title printed again (whole or cut) is dropped."""
    grid = _grid(right)
    lcols = _grid(left)
    shift = lcols[-1] - grid[0]
    columns = lcols + tuple(x + shift for x in grid[1:])
    blank = [""] * (len(grid) - 1)
    out = []
    across, back = _partners(right), _partners(left)
    for row in left:
        if not row.ruled:
            out.append(row)
            continue
        other = across(row)
        cells = list(row.cells) + (list(other.cells) if other else blank)
        ends = row.ends and row.ends + (other.ends if other and other.ends else ((row.top, False),) * len(blank))
        out.append(row._replace(cells=cells, columns=columns, ends=ends))
    for r in right:
        if r.ruled:
            if not back(r):
                out.append(r._replace(cells=[""] * (len(lcols) - 1) + list(r.cells), columns=columns, ends=()))
            continue
        t = squash(r.cells[0])
        k = next((k for k, x in enumerate(out) if not x.ruled and abs(x.top - r.top) <= _TOL), None)
        if k is None:
            out.append(r)
        elif squash(out[k].cells[0]) in t:  # (a merged cell's text, cut on the left-hand page)
            out[k] = r
        elif t not in squash(out[k].cells[0]):  # (a title printed again, whole or cut, is the left one's)
            out[k] = out[k]._replace(cells=[f"{out[k].cells[0]} {r.cells[0]}"])
    out.sort(key=lambda r: -r.top)
    return out
