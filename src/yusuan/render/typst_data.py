"""The package as plain data for the Typst template (render/typst/package.typ).

Everything the PDF prints is handed over as JSON strings and numbers, never as Typst markup: the
template only places them, so no text of a disclosure (``#``, ``$``, ``[``, ``\\``, ``<``…) can run
as code. Amounts are formatted here (``Decimal`` → ``1,293.40``), as the HTML page prints them.
"""
from __future__ import annotations

import json
import math
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


def _row(line: Line, one: bool) -> list:
    """[level, total, long, one line, cell…]: cells as printed strings."""
    cells = [_text(v) for v in line.cells]
    return [line.level, line.total, any(len(c) >= LONG for c in cells), one, *cells]


# --- column widths ----------------------------------------------------------------------------------
# Estimated here, as a browser's automatic table layout would (each column between the width of its
# longest unbreakable piece and that of its longest text), and handed to Typst as fractions of the
# width: Typst then measures no cell twice, and a column of names is never squeezed to nothing by
# columns of amounts. Widths in em of the table's type size.
TEXT_PT = {False: 510, True: 757}  # the text width in pt, rounded: A4 portrait 180 mm, landscape 267 mm
SIZE_PT = {False: 9, True: 8}  # the type size of a portrait and of a landscape table (as the template sets it)
PAGE_EM = {wide: TEXT_PT[wide] / SIZE_PT[wide] for wide in (False, True)}
PAD = 1.0  # a cell's left and right inset
NAME_MIN = 7.0  # a column of names wraps, but not narrower than this
INDENT_EM = 1.2  # a name's indent for each level below the first (as the template pads it)


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
                w += INDENT_EM * (line.level - 1)
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


# --- rows of one line ------------------------------------------------------------------------------
# A row sure to fit on one line is given its height (the template measures a line) instead of `auto`:
# Typst then lays each of its cells out once, where it measures the cells of an auto row first (and
# a row that may not break once more), which took about a fifth of the PDF's time. A row only
# probably of one line stays `auto`, so a misjudged text costs time, never an overflowing cell.
FIT_PT = {False: 510, True: 756.8}  # the text width in pt, rounded down
FORM_PT = 8.5, 3  # a form's type size and cell inset (x) in pt, as the template sets them
TABLE_INSET_PT = 4
# the widest a digit or an ASCII sign (``#$+<>^~_``), and a comma or a point, is in em: regular, bold
DIGIT_EM, POINT_EM = {False: 0.56, True: 0.6}, {False: 0.28, True: 0.33}


def _max_em(text: str, bold: bool) -> float:
    """A printed width in em the text does not exceed: an ASCII letter or a CJK character up to
    1.01 (``@``), a rarer sign 3 (a three-em dash); a line break or a tab, no width at all."""
    if any(ch < " " or ch in "\x85\u2028\u2029" for ch in text):
        return math.inf
    return sum((1.01 if ch.isalpha() or ch in "%&@`" else POINT_EM[bold] if ch in ",.:;'" else DIGIT_EM[bold])
               if ch.isascii() else 1.0 if "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
               or "\uff00" <= ch <= "\uffef" or ch in "—…‘’“”·" else 3.0 for ch in text)


def _fits(text: str, bold: bool, share: float, wide: bool, size: float, inset: float, indent_em: float = 0) -> bool:
    """Whether ``text`` is sure to fit on one line in a cell ``share`` of the text width wide."""
    return _max_em(text, bold) + indent_em <= (FIT_PT[wide] * share - 2 * inset) / size


def _table(t: TableLayout, n: int) -> dict:
    numeric = [any(isinstance(line.cells[c], Decimal) for line in t.body if c < len(line.cells))
               for c in range(t.ncols)]
    widths = _widths(t, numeric)
    wide = t.ncols >= WIDE
    name_col = (1 if t.label_cols >= 2 else 0) if t.label_cols > 0 else -1

    def fits(text: str, bold: bool, col: int, span: int = 1, indent_em: float = 0) -> bool:
        return _fits(text, bold, sum(widths[col:col + span]) / sum(widths), wide, SIZE_PT[wide], TABLE_INSET_PT,
                     indent_em)

    def one_line(line: Line) -> bool:
        cells = [_text(v) for v in line.cells[:t.ncols]]
        return any(c.strip() for c in cells) and all(
            fits(s, line.total, c, indent_em=INDENT_EM * (line.level - 1) if c == name_col and line.level > 1 else 0)
            for c, s in enumerate(cells))
    head = [(h.row, h.col, h.rowspan, h.colspan, h.text, True) for h in _filled(t)]
    return {"n": n, "id": f"t{n}", "number": t.number, "title": t.title, "unit": t.unit, "preparer": t.preparer,
            "wide": wide, "ncols": t.ncols, "head": _head(t), "head_rows": _one_line_rows(t.header_rows, head, fits),
            "numeric": numeric, "widths": widths, "name_col": name_col,
            "body": [_row(line, one_line(line)) for line in t.body], "note": t.note}


def _form_widths(width: int) -> list[float]:
    """Nine columns, an indicator's name the widest; a tenth (the 总体资金 row) takes room from the narrow ones."""
    return [1.2, 1, 1, 2, 0.8, 1, 0.8, 0.8, 0.9] if width == 9 else [1.2, 1, 1, 2] + [1] * (width - 4)


def _one_line_rows(n: int, cells: list[tuple[int, int, int, int, str, bool]], fits) -> list[bool]:
    """Per row of a grid of ``n``, whether it is one line high: a cell of its own has text, and every
    cell on it (one merged down from above too) ``fits(text, bold, column, colspan)`` on one line.
    ``cells``: (row, column, rowspan, colspan, text, bold)."""
    has_text, fit = [False] * n, [True] * n
    for y, x, rowspan, colspan, text, bold in cells:
        ok = fits(text, bold, x, colspan)
        for dy in range(rowspan):
            fit[y + dy] = fit[y + dy] and ok
        has_text[y] = has_text[y] or (rowspan == 1 and bool(text.strip()))
    return [a and b for a, b in zip(has_text, fit)]


def _form_rows(form: Form, widths: list[float]) -> list[bool]:
    def fits(text: str, bold: bool, col: int, span: int) -> bool:
        return _fits(text, bold, sum(widths[col:col + span]) / sum(widths), True, *FORM_PT)
    return _one_line_rows(len(form.rows), [(y, x, cell.rowspan, cell.colspan, _text(cell.value), cell.head)
                                           for y, row in enumerate(form.rows) for x, cell in row], fits)


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
    widths = _form_widths(width)
    return {"id": form.anchor, "title": form.title, "unit": form.unit_note, "widths": widths,
            "rows": _form_rows(form, widths), "cells": cells}


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
