"""Tables printed without rulings, read by where their words stand (the PDF reader's fallback).

Each line comes with its words and their x-extents (``Word``). A table's columns are the
x-ranges its amount lines' words cover; its header lines are put back in rows and cells; each
line gets the empty columns before its cells (the ``gaps`` the placement takes as its hint).
"""
from __future__ import annotations

import re

from ..catalog.vocabulary import squash
from .lines import Line, is_amount, is_value, line, split_lines

Word = tuple[str, float, float, float]  # text, left, right, its line's middle

_REGION_END = re.compile(r"表$|单位[:：]|^(注|备注|说明)[:：]")


_RUN = re.compile(r"\S+")
_WIDE_GAP = re.compile(r"\S {3,}\S")


def aligned(lines: list[Line]) -> list[Line]:
    """Text laid out in columns by spaces (``pdftotext -layout``): each word stands at its
    character column, as a PDF word at its x, so the tables are read by where their words stand.
    Other text (words a single space apart: pdfplumber's) is returned as it is."""
    rows = [ln for ln in lines if len(ln.filled) >= 3]
    if not rows or sum(bool(_WIDE_GAP.search(ln.raw)) for ln in rows) * 2 < len(rows):
        return lines
    words = [[(m.group(), float(m.start()), float(m.end()), float(-ln.no)) for m in _RUN.finditer(ln.raw)]
             for ln in lines]
    return borderless(lines, words, by_rows=False)


def borderless(lines: list[Line], words: list[list[Word]], by_rows: bool = True) -> list[Line]:
    """Borderless tables read by their words' positions. Each table's header lines are put
    back in rows (a cell merged down over rows and centred between them joins its first row,
    as a ruled grid reads it), and each line gets the empty columns before each of its cells
    and after the last (the ``gaps`` the placement takes as its spacing hint):

    * the table's columns are the x-ranges its amount lines' words cover (labels left, amounts
      right or centred: whatever the alignment, one column's words overlap one another and
      never the next column's);
    * a column with no amount at all shows only as its header: a header word standing in the
      gap between two columns (or after the last) with no header word below it is an empty
      column there (a group header, 2024年预算数 over three columns, has its columns' own
      headers below it);
    * a value's gap is the number of amount columns between it and the word before it.

    A table runs from a title or 单位 line to the next; across a page break it goes on. A line
    whose words do not fit the columns gets no gaps, and identities alone place it. ``by_rows``:
    header lines are put back in rows by their height (not in text, whose lines are whole rows)."""
    out = list(lines)
    start = 0
    for i in range(len(lines) + 1):
        if i == len(lines) or _REGION_END.search(squash(lines[i].text)) and not any(map(is_amount, lines[i].cells)):
            _region(words, range(start, i), out, by_rows)
            start = i + 1
    return out


def _region(words: list[list[Word]], idxs: range, out: list[Line], by_rows: bool = True) -> None:
    body = [i for i in idxs if any(is_value(w[0]) for w in words[i])]
    if not body:
        return
    if by_rows:
        _stack_wrapped(words, [i for i in idxs if i < body[0]], out)
        _header_rows(words, [i for i in idxs if i < body[0]], body, out)
    clusters: list[list] = []  # [left, right, amounts, other words]
    for text, left, right, _ in sorted((w for i in body for w in words[i]), key=lambda w: w[1]):
        if clusters and left <= clusters[-1][1] + 0.5:
            c = clusters[-1]
            c[1] = max(c[1], right)
        else:
            c = [left, right, 0, 0]
            clusters.append(c)
        c[2 if is_value(text) else 3] += 1
    slots = [(c[0], c[1], c[2] >= c[3]) for c in clusters]  # (left, right, amounts?)
    # column numbers (栏次 1 2 3 …) stand centred over amounts printed to the right: no column of their own
    header = [[w for w in words[i] if not w[0].isdigit()] for i in idxs if i < body[0]]
    for k in range(len(clusters) + 1):
        lo = clusters[k - 1][1] if k else float("-inf")
        hi = clusters[k][0] if k < len(clusters) else float("inf")
        if k < len(clusters) and not slots[k][2]:
            continue  # between label columns: a group header (科目) sits there, never an amount column
        inside = sorted(((w, h) for h, ws in enumerate(header) for w in ws if w[1] >= lo and w[2] <= hi),
                        key=lambda x: x[0][1])
        found: list[Word] = []
        for w, h in inside:
            if any(v[2] > w[1] and v[1] < w[2] for ws in header[h + 1:] for v in ws):
                continue  # a header cell below it: a group header (2024年预算数 over three columns)
            if found and w[1] - found[-1][2] < (w[2] - w[1]) / max(len(w[0]), 1):
                continue  # one header cell printed as two words
            found.append(w)
        slots.extend((w[1], w[2], True) for w in found)
    slots.sort()
    amounts = [s[2] for s in slots]
    for i in idxs:
        if i < body[0] or len(words[i]) != len(out[i].cells):
            continue
        at = []
        for text, left, right, _ in words[i]:
            middle = (left + right) / 2
            k = next((k for k, s in enumerate(slots) if s[0] - 0.5 <= middle <= s[1] + 0.5), None)
            if k is None or (is_value(text) and not amounts[k]):
                break
            at.append(k)
        else:
            if not any(amounts[k] for k in at):
                continue
            gaps, prev = [], -1
            for k in at:
                gaps.append(sum(amounts[prev + 1:k]) if amounts[k] and k > prev else 0)
                prev = max(prev, k)
            gaps.append(sum(amounts[prev + 1:]))
            out[i] = out[i]._replace(gaps=tuple(gaps))


def _stack_wrapped(words: list[list[Word]], header: list[int], out: list[Line]) -> None:
    """Header cells wrapped over lines in narrow columns (因公出 / 国 / （境） / 费): a header line
    whose every word starts where a cell of the line above starts, and ends before that line's
    next cell, goes on those cells, and the cells are whole again (因公出国（境）费). Both lines
    have several cells: a paragraph's lines (one word each) all start at the margin."""
    above = None
    for i in header:
        ws, cells = words[i], words[above] if above is not None else []
        under = [next((k for k, u in enumerate(cells) if abs(w[1] - u[1]) <= 1.5), None) for w in ws]
        if len(ws) > 1 and all(k is not None and (k + 1 == len(cells) or w[2] < cells[k + 1][1])
                               for w, k in zip(ws, under)):
            merged = list(cells)
            for w, k in zip(ws, under):
                merged[k] = (merged[k][0] + w[0], merged[k][1], max(merged[k][2], w[2]), merged[k][3])
            words[above], words[i] = merged, []
            out[above] = split_lines(" ".join(w[0] for w in merged), "pdf_text")[0]._replace(no=out[above].no)
            out[i] = line(out[i].no, (), False)
        elif ws:
            above = i if len(ws) > 1 else None


def _header_rows(words: list[list[Word]], header: list[int], body: list[int], out: list[Line]) -> None:
    """A header cell merged down over rows is printed centred between them: its line sits a
    half row (or more) below its first row's. Rows are counted in the body's line pitch from
    the first header line, and each header word joins the row it starts in: a half row down is
    the row above; a word centred on the whole header with no header word above or below it
    (总计 merged down over three rows) is the first row's."""
    steps = sorted(words[b][0][3] - words[a][0][3] for a, b in zip(body, body[1:]) if b == a + 1)
    header = [i for i in header if words[i]]
    if len(header) < 2 or not steps or steps[len(steps) // 2] >= 0:
        return
    pitch = -steps[len(steps) // 2]
    top = words[header[0]][0][3]
    rel = {i: (top - words[i][0][3]) / pitch for i in header}
    middle = int(max(rel.values()) + 0.3) / 2  # the whole header's middle, in rows
    rows: dict[int, list[Word]] = {}
    first: dict[int, int] = {}  # the line each row is printed on
    for i in header:
        row = int(rel[i] + 0.3)
        for w in words[i]:
            alone = abs(rel[i] - middle) < 0.2 and not any(v[2] > w[1] and v[1] < w[2]
                                                            for j in header if j != i for v in words[j])
            r = 0 if alone else row
            rows.setdefault(r, []).append(w)
            first.setdefault(r, i)
    if all(len(rows[r]) == len(words[i]) for r, i in first.items()):
        return  # every line is a row of its own already
    for i in header:
        out[i] = line(out[i].no, (), False)
    for r, ws in rows.items():
        i = first[r]
        ws.sort(key=lambda w: w[1])
        out[i] = split_lines(" ".join(w[0] for w in ws), "pdf_text")[0]._replace(no=out[i].no)
