"""A ruled table's cells put right after its glyphs were placed by where they stand: wrapped text
taller than its row (printed centred over its rulings, among its neighbours' lines) dealt out to
its cells again by baseline, and a merged cell printed past the grid's edges (a sheet printed
without fitting it) taken whole where it begins. Each step a crafted page could make quadratic is
capped per file (``Caps``); what a cap left as it stood becomes an R011 finding.
"""
from __future__ import annotations

from bisect import bisect_left

from . import pdf_grid as grid

Glyph = tuple[str, float, float, float, float, float]  # text, left, right, bottom, top (loose box), baseline

# caps on a page's work (real pages: a few hundred rulings and cells, a wrapped name's 7 lines dealt)
MAX_CELLS = 200_000  # a page's cells, and its rows crossed by vertical rulings, over all its tables
_DEAL_LINES = 200  # the lines of one column's problem spot dealt out again (_deal)
_DEAL_STEPS = 5_000_000  # _deal's steps in one file
_BESIDE_GLYPHS = 5_000_000  # glyphs of cells compared with lines past a grid's edges in one file
_CROWDED = ("单元格文字行数过多，未按行高重新分配", "cells of too many lines: not dealt out again")


class Caps:
    """What the steps of reading one file's pages that a crafted page could make quadratic may
    cost, and what was left as it stood where a cap was hit (each an R011 finding)."""

    def __init__(self):
        self.page = 1  # the page being read
        self.deal = _DEAL_STEPS  # the steps of _deal left
        self.beside = _BESIDE_GLYPHS  # the glyphs past_the_edges may still compare
        self.notes: list[tuple[int, str, str]] = []  # (page, Chinese, English)

    def left_out(self, zh: str, en: str) -> None:
        if not any(p == self.page and z == zh for p, z, _ in self.notes):
            self.notes.append((self.page, zh, en))


def past_the_edges(free: list[Glyph], cells: dict, grids, ruled_over, edges, downwards, paper, lows,
                   caps: Caps) -> list[Glyph]:
    """A merged cell wider than the paper's part of the sheet (a sheet printed without fitting it to
    the page) is printed whole on each page it crosses, clipped to that page's part of the grid:
    the glyphs past the clip are still in the page's text. A line that runs on past the grid's
    right edge from its last cell is that cell's (so the page where the cell begins holds its whole
    text, its lines in order), as is a line off the paper's right edge (``paper``: its left and
    right edges) beside an empty last cell left open there (a header merged over the next pages,
    its text centred on them). A line
    that starts off the paper's left edge is a copy of a cell begun on the page before: it is left
    out, with its part inside the grid's first cell. → the free glyphs left."""
    out: list[Glyph] = []
    for bottom, top, band in bands(free):
        cy, h = (bottom + top) / 2, top - bottom
        left, right = min(g[1] for g in band), max(g[2] for g in band)
        copy = left < paper[0] - 1
        for t in grid.around(lows, cy):
            xs, ys, _ = grids[t]
            onward = left >= xs[-1] - h  # past the right edge, else (a copy) before the left one
            if not ys[-1] <= cy <= ys[0] or not (onward or copy and right <= xs[0] + h):
                continue
            x = xs[-1] - 1 if onward else xs[0] + 1
            r = max(0, bisect_left(downwards[t], -cy) - 1)
            key = (t, grid.first_row(ruled_over[t], r, x), grid.column(edges[t][r], xs, x))
            caps.beside -= len(cells.get(key, ()))
            if caps.beside < 0:  # (each line past the edge compared with a cell of thousands of lines)
                caps.left_out("表格边线外的文字过多，其余按表外文字读取",
                              "too many lines past a table's edges: the rest are read as text outside tables")
                out.extend(band)
                break
            inside = [g for g in cells.get(key, ()) if bottom <= (g[3] + g[4]) / 2 <= top]
            if onward and left > paper[1] and not cells.get(key) and all(abs(e - xs[-1]) > 1.5 for e in edges[t][r]):
                cells[key] = list(band)
                break
            if not inside or (left - max(g[2] for g in inside) if onward else min(g[1] for g in inside) - right) > h:
                continue
            if onward:
                cells[key].extend(band)
            else:
                copied = set(map(id, inside))
                cells[key] = [g for g in cells[key] if id(g) not in copied]
            break
        else:
            if not copy:
                out.extend(band)
    return out


def overflows(cells: dict, keys: list, t: int, xs: list[float], ys: list[float], ruled_over, edges,
               caps: Caps) -> None:
    """A cell's wrapped text taller than its row is printed centred on the row, over its rulings
    (by LibreOffice and Excel alike): its first and last lines stand across the rulings or, three
    lines or more in a one-line row, wholly inside the rows next to it, among (even overlapping)
    their own lines, so that where each glyph stands puts them in the wrong cells. In a column of
    cells where a cell's lines overlap (two lines of one cell never do) or stand over its rulings,
    the column's lines, top to bottom by baseline, are dealt out to its cells again (``_deal``)."""
    spilt: dict[int, set[int]] = {}  # column → the rows of its cells that spill
    crowded = set()  # cells of more lines than a problem spot may deal: left as they stand
    for key in keys:
        _, r, c = key
        glyphs = cells[key]
        if not glyphs:
            continue
        base = glyphs[0][5]
        if all(g[5] == base for g in glyphs):  # one line (most cells): nothing to overlap
            lines = [[base, min(g[3] for g in glyphs), max(g[4] for g in glyphs)]]
        elif len({g[5] for g in glyphs}) > _DEAL_LINES:
            caps.left_out(*_CROWDED)
            crowded.add(key)
            continue
        else:
            lines = _baselines(glyphs)
        top, bottom = ys[r], ys[grid.last_row(ruled_over, r, (xs[c] + xs[c + 1]) / 2) + 1]
        if any(not _apart(a, b) for a, b in zip(lines, lines[1:])) or \
                any(ln[1] < bottom - (ln[2] - ln[1]) / 4 or ln[2] > top + (ln[2] - ln[1]) / 4 for ln in lines):
            spilt.setdefault(c, set()).add(r)
    for c, rows in sorted(spilt.items()):
        x = (xs[c] + xs[c + 1]) / 2
        slots = [(r, ys[r], ys[grid.last_row(ruled_over, r, x) + 1], grid.right_edge(edges[r], xs, c))
                 for r in range(len(ys) - 1) if grid.first_row(ruled_over, r, x) == r and grid.column(edges[r], xs, x) == c]
        spans: list[list[int]] = []  # the cells within three of a spilling one, dealt together
        for n in sorted(n for n, slot in enumerate(slots) if slot[0] in rows):
            if spans and n - 3 <= spans[-1][1]:
                spans[-1][1] = min(len(slots), n + 4)
            else:
                spans.append([max(0, n - 3), min(len(slots), n + 4)])
        for first, end in spans:
            window = slots[first:end]
            if any((t, r, c) in crowded for r, *_ in window):
                caps.left_out(*_CROWDED)
                continue
            lines = sorted((ln + [n] for n, (r, *_) in enumerate(window) if cells.get((t, r, c))
                            for ln in _baselines(cells[(t, r, c)])), key=lambda ln: -ln[0])
            steps = len(window) * len(lines) * (len(lines) + 1) // 2
            if len(lines) > _DEAL_LINES or steps > caps.deal:
                caps.left_out(*_CROWDED)
                continue
            caps.deal -= steps
            dealt = _deal(lines, [slot[1:] for slot in window])
            for (r, *_), group in zip(window, dealt or ()):
                if group:
                    cells[(t, r, c)] = [g for ln in group for g in ln[3]]
                else:
                    cells.pop((t, r, c), None)


def _deal(lines: list[list], slots: list[tuple[float, float, float]]) -> list[list] | None:
    """The lines of a column of cells (``_baselines`` and the cell each was in, top to bottom) →
    each cell's (``slots``: its top, bottom and right edge): consecutive lines, apart from one
    another, those from another cell within its right edge, a cell that takes a line standing
    outside it (by more than a quarter of the line) taking a block that covers its middle (its text
    centred on it). Of such deals, the one that takes fewest lines out of where they stand, then
    the one whose blocks stand nearest their cells' middles. None when there is none."""
    m, inf = len(lines), float("inf")
    rights = [max(g[2] for g in ln[3]) for ln in lines]
    cost = [[inf] * (m + 1) for _ in range(len(slots) + 1)]
    start = [[0] * (m + 1) for _ in range(len(slots) + 1)]
    cost[0][0] = 0.0
    for j, (ceiling, floor, right) in enumerate(slots, 1):
        middle = (ceiling + floor) / 2
        for i in range(m + 1):
            cost[j][i], start[j][i] = cost[j - 1][i], i  # the cell left empty
            top, bottom, moved = -inf, inf, 0
            for a in range(i - 1, -1, -1):  # the cell takes lines[a:i]
                ln = lines[a]
                quarter = (ln[2] - ln[1]) / 4
                if a < i - 1 and not _apart(ln, lines[a + 1]) or rights[a] > right + quarter and ln[4] != j - 1 \
                        or ln[1] > ceiling + 8 * (i - a) * quarter:
                    break
                top, bottom = max(top, ln[2]), min(bottom, ln[1])
                moved += min(ln[2], ceiling) - max(ln[1], floor) < quarter
                if moved and not bottom <= middle <= top:
                    continue
                c = cost[j - 1][a] + 1000 * moved + abs((top + bottom) / 2 - middle)
                if c < cost[j][i]:
                    cost[j][i], start[j][i] = c, a
    if cost[-1][m] == inf:
        return None
    out, i = [], m
    for j in range(len(slots), 0, -1):
        a = start[j][i]
        out.append(lines[a:i])
        i = a
    return out[::-1]


def _baselines(glyphs: list[Glyph]) -> list[list]:
    """A cell's glyphs → its lines [baseline, bottom, top, glyphs], top to bottom: the glyphs on
    one baseline (two cells' lines may overlap, never share one), a smaller glyph (a superscript)
    on the line whose band holds its middle."""
    tall = max(g[4] - g[3] for g in glyphs)
    lines: list[list] = []
    small = []
    for g in sorted(glyphs, key=lambda g: -g[5]):
        if g[4] - g[3] < 0.8 * tall:
            small.append(g)
        elif lines and lines[-1][0] - g[5] <= 0.03 * tall:
            lines[-1][1:3] = min(lines[-1][1], g[3]), max(lines[-1][2], g[4])
            lines[-1][3].append(g)
        else:
            lines.append([g[5], g[3], g[4], [g]])
    for g in small:
        home = next((ln for ln in lines if ln[1] <= (g[3] + g[4]) / 2 <= ln[2]), None)
        if home:
            home[3].append(g)
        else:
            lines.append([g[5], g[3], g[4], [g]])
    return sorted(lines, key=lambda ln: -ln[0])


def _apart(upper: list, lower: list) -> bool:
    """Two lines (``_baselines``) that may be one cell's: they do not overlap by much."""
    return (upper[1] + upper[2] - lower[1] - lower[2]) / 2 >= 0.9 * min(upper[2] - upper[1], lower[2] - lower[1])


def bands(glyphs: list[Glyph]) -> list[list]:
    """Glyphs → [bottom, top, glyphs] of each line, top to bottom: a vertical band each (a comma
    sits low but on its line)."""
    rows: list[list] = []
    for g in sorted(glyphs, key=lambda g: -(g[3] + g[4])):
        centre = (g[3] + g[4]) / 2
        if rows and rows[-1][0] <= centre <= rows[-1][1]:
            rows[-1][0] = min(rows[-1][0], g[3])
            rows[-1][2].append(g)
        else:
            rows.append([g[3], g[4], [g]])
    return rows
