"""How rules name tables, columns, rows and cells in their messages (Chinese)."""
from __future__ import annotations

from ..catalog.vocabulary import COLUMN_NAMES, KIND_NAMES
from ..model import Row, Table
from ..model.roles import RowRole, row_role


def table_name(t: Table) -> str:
    """A table in messages; a unit's own table (a 部门 package's unit set) is named with the unit."""
    owner = t.unit.name if t.unit is not None and t.unit.name else ""
    return f"{t.number + ' ' if t.number else ''}{owner}{KIND_NAMES.get(t.kind, t.kind)}"


def column_label(c: str) -> str:
    """A column's Chinese name, for messages."""
    base = c.split(".")[-1]
    return ("上年" if c.startswith("prior_year.") else "") + COLUMN_NAMES.get(base, base)


def row_label(r: Row) -> str:
    return f"{r.code + ' ' if row_role(r.code) is RowRole.CLASS else ''}{r.name}"


def cell_at(t: Table, r: Row, c: str) -> str:
    """A cell in messages: 表二 一般公共预算支出表「208 社会保障和就业支出」“合计”栏; the total row is
    合计行 (never 「合计」合计)."""
    row = "合计行" if row_role(r.code) is RowRole.TOTAL else f"「{row_label(r)}」"
    return f"{table_name(t)}{row}“{column_label(c)}”栏"
