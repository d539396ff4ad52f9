"""The package as plain data for the Typst template (render/typst/package.typ).

Everything the PDF prints is handed over as JSON strings and numbers, never as Typst markup: the
template only places them, so no text of a disclosure (``#``, ``$``, ``[``, ``\\``, ``<``…) can run
as code. Amounts are formatted here (``Decimal`` → ``1,293.40``), as the HTML page prints them.
"""
from __future__ import annotations

import json
from decimal import Decimal

from ..model import Document
from .forms import Form, forms
from .html import SPILL, WIDE, _filled, _TOKEN
from .layout import Line, TableLayout, layouts
from .narrative import TODO, heading as package_heading, paragraphs, title as narrative_title

LONG = 300  # a row with a cell of this many characters or more may break across pages


def _text(v) -> str:
    if isinstance(v, Decimal):
        return f"{v:,}"
    return "" if v is None else str(v)


def _chunks(text: str) -> list[str]:
    """A header cell's text in the pieces a narrow column may wrap between (see html._breakable):
    two-character words, never one character alone on a line."""
    tokens = _TOKEN.findall(text)
    if len(tokens) <= 3:
        return [text]
    first = 3 if len(tokens) % 2 else 2
    return ["".join(tokens[:first])] + ["".join(tokens[k:k + 2]) for k in range(first, len(tokens), 2)]


def _head(t: TableLayout) -> list[dict]:
    """The header cells in reading order with their spans; an uncovered place is an empty cell."""
    headers = _filled(t)
    start = {(h.row, h.col): h for h in headers}
    covered = {(r, c) for h in headers for r in range(h.row, h.row + h.rowspan)
               for c in range(h.col, h.col + h.colspan)}
    out = []
    for r in range(t.header_rows):
        for c in range(t.ncols):
            h = start.get((r, c))
            if h is not None:
                out.append({"t": _chunks(h.text), "rs": h.rowspan, "cs": h.colspan})
            elif (r, c) not in covered:
                out.append({"t": [], "rs": 1, "cs": 1})
    return out


def _row(line: Line) -> list:
    """[level, total, long, cell…]: cells as printed strings."""
    cells = [_text(v) for v in line.cells]
    return [line.level, line.total, any(len(c) >= LONG for c in cells), *cells]


# --- column widths ----------------------------------------------------------------------------------
# Estimated here, as a browser's automatic table layout would (each column between the width of its
# longest unbreakable piece and that of its longest text), and handed to Typst as fractions of the
# width: Typst then measures no cell twice, and a column of names is never squeezed to nothing by
# columns of amounts. Widths in em of the table's type size.
PAGE_EM = {False: 510 / 9, True: 757 / 8}  # the text width (A4 portrait 180 mm, landscape 267 mm) / type size
PAD = 1.0  # a cell's left and right inset
NAME_MIN = 7.0  # a column of names wraps, but not narrower than this


def _em(text: str) -> float:
    """The printed width of a text in em: a CJK or full-width character is 1, a digit or letter
    a little over half, a comma or a point a third."""
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.3 if ch in ",.:;!|()'" else 0.6 for ch in text)


def _widths(t: TableLayout, numeric: list[bool]) -> list[float]:
    lo, hi = [0.0] * t.ncols, [0.0] * t.ncols
    name = (1 if t.label_cols >= 2 else 0) if t.label_cols > 0 else -1
    for h in t.header:
        if h.colspan == 1 and h.col < t.ncols:
            bold = 1.05  # header text is bold
            piece = max(_em(c) for c in _chunks(h.text)) * bold
            lo[h.col] = max(lo[h.col], piece)
            hi[h.col] = max(hi[h.col], min(_em(h.text) * bold, 2 * piece))  # a header may wrap once or twice
    for line in t.body:
        for c, v in enumerate(line.cells[:t.ncols]):
            w = _em(_text(v)) * (1.08 if line.total else 1)  # a total is bold
            if c == name and line.level > 1:
                w += 1.2 * (line.level - 1)  # the name's indent
            hi[c] = max(hi[c], w)
            if numeric[c] or (c == 0 and t.label_cols >= 2):  # amounts and codes do not wrap
                lo[c] = max(lo[c], w)
    # columns of words (names; not codes, amounts or a column left empty) wrap, and take the room left
    text = [not numeric[c] and not (c == 0 and t.label_cols >= 2)
            and any(isinstance(line.cells[c], str) and line.cells[c] for line in t.body if c < len(line.cells))
            for c in range(t.ncols)]
    for c in range(t.ncols):
        if text[c]:
            lo[c] = max(lo[c], min(hi[c], NAME_MIN))
    lo = [w + PAD for w in lo]
    hi = [max(a, b + PAD) for a, b in zip(lo, hi)]
    room = PAGE_EM[t.ncols >= WIDE]
    if sum(hi) <= room:  # all fits unwrapped: the words' columns take what is left
        takers = [c for c in range(t.ncols) if text[c]] or list(range(t.ncols))
        share = sum(hi[c] for c in takers)
        return [round(hi[c] + ((room - sum(hi)) * hi[c] / share if c in takers else 0), 2) for c in range(t.ncols)]
    if sum(lo) >= room:
        return [round(w, 2) for w in lo]
    k = (room - sum(lo)) / (sum(hi) - sum(lo))
    return [round(a + (b - a) * k, 2) for a, b in zip(lo, hi)]


def _table(t: TableLayout, n: int) -> dict:
    numeric = [any(isinstance(line.cells[c], Decimal) for line in t.body if c < len(line.cells))
               for c in range(t.ncols)]
    widths = _widths(t, numeric)
    return {"n": n, "id": f"t{n}", "number": t.number, "title": t.title, "unit": t.unit, "preparer": t.preparer,
            "wide": t.ncols >= WIDE, "ncols": t.ncols, "head": _head(t),
            "numeric": numeric, "widths": widths,
            "name_col": (1 if t.label_cols >= 2 else 0) if t.label_cols > 0 else -1,
            "body": [_row(line) for line in t.body], "note": t.note}


def _form(form: Form) -> dict:
    """The form's cells in reading order, an empty one wherever no cell starts and none reaches (as
    html._form draws them): Typst places them in turn, around the cells merged down from above. A
    plain cell is its text; a header, an amount, a long text or a merged cell is a record."""
    width = form.width
    cells, covered = [], set()
    for y, row in enumerate(form.rows):
        at = dict(row)
        for x in range(width):
            if (y, x) in covered:
                continue
            cell = at.get(x)
            if cell is None:
                cells.append("")
                continue
            covered |= {(y + dy, x + dx) for dy in range(cell.rowspan) for dx in range(cell.colspan)}
            plain = not (cell.head or cell.long or cell.rowspan > 1 or cell.colspan > 1
                         or isinstance(cell.value, Decimal))
            cells.append(_text(cell.value) if plain else
                         {"t": _text(cell.value), "head": cell.head, "rs": cell.rowspan, "cs": cell.colspan,
                          "num": isinstance(cell.value, Decimal), "long": cell.long})
    return {"id": form.anchor, "title": form.title, "unit": form.unit_note, "width": width, "cells": cells}


def _narrative(doc: Document, prior: Document | None) -> dict:
    paras = [{"level": p.level, "parts": [[s, bool(i % 2)] for i, s in enumerate(TODO.split(p.text)) if s]}
             for p in paragraphs(doc, prior)]
    return {"title": narrative_title(doc), "paras": paras}


def package(doc: Document, template: str | None = None, prior: Document | None = None) -> dict:
    """What the template prints, in its order: cover, contents, narrative, tables, forms."""
    tables = layouts(doc, template)
    final = doc.kind == "final_accounts"
    heading = package_heading(doc)
    word = "决算" if final else "预算"
    unit = " ".join(x for x in (doc.unit.code, doc.unit.name) if x)
    the_forms = forms(doc)
    return {
        "title": heading,
        "spill": SPILL,
        "meta": f"{word}单位：{unit}　{word}年度：{doc.year or ''}　金额单位：{doc.amount_unit}",
        "narrative": _narrative(doc, prior),
        "tables_heading": "决算公开表" if final else "预算公开表",
        "tables": [_table(t, n) for n, t in enumerate(tables, 1)],
        "forms": [_form(f) for f in the_forms],
        "performance": doc.performance is not None,
        "projects": [p.name for p in doc.projects],
    }


def package_json(doc: Document, template: str | None = None, prior: Document | None = None) -> str:
    return json.dumps(package(doc, template, prior), ensure_ascii=False, separators=(",", ":"))
