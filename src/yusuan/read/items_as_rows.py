"""A “三公” table printed with its items as rows (项目 | 预算数: 合计, 1.因公出国（境）费, 2.公务接待费,
3.公务用车购置及运行费, 其中：（1）公务用车购置费, （2）公务用车运行费), as some regions print it, turned
into the table the national template prints: one 合计 row, a column per item (and per item of an
earlier year's block), so that its identities, the ledger and the rules that compare it with the
narrative see its items. Each cell keeps its own printed line.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..catalog.vocabulary import TEMPLATES
from ..model import Cell, Row, Source, Table

if TYPE_CHECKING:
    from .office import Sheets

_KINDS = frozenset({"three_public"})
_PERIODS = ("prior_year", "total")  # the value columns of such a table: an earlier year's, this year's


def _items(nodes) -> list[tuple[str, str]]:
    """The kind's columns, a parent before its children: (column, pattern)."""
    return [x for n in nodes for x in [(n.name, n.pattern), *_items(n.children)]]


def _item(name: str, items: list[tuple[str, str]]) -> str | None:
    return next((col for col, pattern in items if re.search(pattern, name)), None)


def _column(period: str, item: str) -> str:
    """This year's 公务接待费 → reception; the earlier year's → prior_year.reception; its 合计 → prior_year."""
    return item if period == "total" else period if item == "total" else f"{period}.{item}"


def items_as_columns(t: Table, sheets: Sheets | None = None) -> Table:
    """``t`` with its items turned from rows into columns, when its rows are each one item (合计
    among them) and its columns are years; else ``t`` as it is. ``sheets``: where its lines were
    printed, when its sources are at their sheets' cells (office.py)."""
    if t.kind not in _KINDS or len(t.rows) < 3 or not set(t.columns) <= set(_PERIODS):
        return t
    items = [_item(r.name, _items(TEMPLATES[t.kind])) for r in t.rows]
    if None in items or len(set(items)) < len(items) or "total" not in items \
            or any(c.column not in t.columns for r in t.rows for c in r.cells):
        return t
    order = [_column(p, i) for p in t.columns for i in items]  # printed order: a year's block, then its items
    moved = [(_column(c.column, item), c) for r, item in zip(t.rows, items) for c in r.cells]
    moved.sort(key=lambda x: order.index(x[0]))
    labels = dict(zip(t.columns, t.column_labels))
    total = t.rows[items.index("total")]
    if sheets is None:
        cells = [replace(c, column=col, source=replace(c.source, column=col, row="total")) for col, c in moved]
        src = total.source
    else:
        cells, src = _at_cells(moved, total, sheets)
    return replace(t, columns=tuple(order), rows=(Row("total", total.name, tuple(cells), src),),
                   column_labels=tuple(f"{labels.get(p, '')}{r.name}" for p in t.columns for r in t.rows))


def _at_cells(moved: list[tuple[str, Cell]], total: Row, sheets: Sheets) -> tuple[list[Cell], Source]:
    """The 合计 row's cells at their sheet's cells: a value on the 合计 row's line found after its name
    (as any row's), one on a line of its own among that line's cells; and the row's own Source."""
    line = sheets.line(total.source)  # (None: a line not printed in a sheet, its sources not moved)
    spots = None if line is None else sheets.row(line, total.name)
    cells = []
    for col, c in moved:
        at = sheets.line(c.source)
        if at is None or spots is None:
            src = replace(c.source, column=col, row="total")
        else:
            src = spots.source(c.source.table, "total", col, c.text) if at == line else \
                sheets.printing(at, c.text, c.source.table, "total", col)
        cells.append(replace(c, column=col, source=src))
    return cells, total.source if spots is None else sheets.source(line, total.source.table, total.source.row)
