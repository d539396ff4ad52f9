"""The package as plain data for the Typst template (render/typst/package.typ).

Everything the PDF prints is handed over as JSON strings and numbers, never as Typst markup: the
template only places them, so no text of a disclosure (``#``, ``$``, ``[``, ``\\``, ``<``…) can run
as code. Amounts are formatted here (``Decimal`` → ``1,293.40``), as the HTML page prints them.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal

from ..model import Document
from .final_narrative import word as final_word
from .forms import WIDTH, Form, forms
from .html import WIDE, _filled, _TOKEN
from .layout import Line, TableLayout, layouts
from .narrative import kind_word, paragraphs, title as narrative_title

LONG = 300  # a row with a cell of this many characters or more may break across pages
_TODO = re.compile(r"(【待填写：[^】]*】)")


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


def _table(t: TableLayout, n: int) -> dict:
    numeric = [any(isinstance(line.cells[c], Decimal) for line in t.body if c < len(line.cells))
               for c in range(t.ncols)]
    # a column of words shares the width left by the columns of codes and amounts, which keep theirs
    widths = ["fr" if not numeric[c] and any(len(_text(line.cells[c])) > 8 for line in t.body if c < len(line.cells))
              else "auto" for c in range(t.ncols)]
    if "fr" not in widths and t.label_cols > 0:
        widths[(1 if t.label_cols >= 2 else 0)] = "fr"
    return {"n": n, "id": f"t{n}", "number": t.number, "title": t.title, "unit": t.unit, "preparer": t.preparer,
            "wide": t.ncols >= WIDE, "ncols": t.ncols, "head_rows": t.header_rows, "head": _head(t),
            "numeric": numeric, "widths": widths, "name_col": (1 if t.label_cols >= 2 else 0) if t.label_cols > 0 else -1,
            "code_col": 0 if t.label_cols >= 2 else -1,
            "body": [_row(line) for line in t.body], "note": t.note}


def _form(form: Form) -> dict:
    cells = []
    for y, row in enumerate(form.rows):
        for x, cell in row:
            cells.append({"x": x, "y": y, "t": _text(cell.value), "head": cell.head, "rs": cell.rowspan,
                          "cs": cell.colspan, "num": isinstance(cell.value, Decimal), "long": cell.long})
    width = max([WIDTH] + [c["x"] + c["cs"] for c in cells])  # the 总体资金 row of a 整体 form has ten
    return {"id": form.anchor, "title": form.title, "unit": form.unit_note, "width": width, "cells": cells}


def _narrative(doc: Document, prior: Document | None) -> dict:
    paras = [{"level": p.level, "parts": [[s, bool(i % 2)] for i, s in enumerate(_TODO.split(p.text)) if s]}
             for p in paragraphs(doc, prior)]
    return {"title": narrative_title(doc), "paras": paras}


def package(doc: Document, template: str | None = None, prior: Document | None = None) -> dict:
    """What the template prints, in its order: cover, contents, narrative, tables, forms."""
    tables = layouts(doc, template)
    name = doc.unit.name or ""
    final = doc.kind == "final_accounts"
    year = (f"{doc.year}年度" if final else f"{doc.year}年") if doc.year else ""
    heading = f"{name}{year}{final_word(doc)}决算" if final else f"{name}{year}{kind_word(doc)}预算"
    word = "决算" if final else "预算"
    unit = " ".join(x for x in (doc.unit.code, doc.unit.name) if x)
    the_forms = forms(doc)
    return {
        "title": heading,
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
