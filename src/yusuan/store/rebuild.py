"""A stored budget → a Document of its tables, so that the document rules' readers of table
quantities (``rules.subjects.resolve`` …) work on a budget known only from the store.

The tables come back (rows, cells, sources) with the narrative's claims (its stated numbers); the
narrative's text, projects and performance forms are not stored as documents and are empty here.
"""
from __future__ import annotations

from ..catalog.vocabulary import COLUMN_NAMES, KIND_NAMES, TWO_SIDED
from ..model import Cell, Document, Row, Source, Status, Table, Unit
from .query import StoredBudget, StoredFact

FORMS = frozenset({"unit_performance", "project_performance"})


def _level(code: str) -> int:
    if not code.isdigit():
        return 0
    return {3: 1, 5: 2, 7: 3}.get(len(code), 0)


def _source(file: str, f: StoredFact) -> Source:
    return Source(file, f.line, f.page, f.table, f.row_code or None, f.column or None, f.sheet, f.cell)


def row_groups(facts) -> dict[tuple, list[StoredFact]]:
    """(table, unit, row key, occurrence) → the row's facts, in document order. The unit is "" but
    for a unit's own table set in a 部门 package (its code, else its name); the row key is the
    code, or ``name:`` and the name for a row without one; a repeated column starts a new row."""
    out: dict[tuple, list[StoredFact]] = {}
    seen: dict[tuple, int] = {}
    current = None
    columns: set[str] = set()  # the current row's
    for f in facts:
        key = (f.table, f.unit_code or f.unit_name or "", f.row_code or f"name:{f.row_name}")
        if current is None or current[:3] != key or f.column in columns:
            seen[key] = seen.get(key, -1) + 1
            current = (*key, seen[key])
            out[current] = []
            columns = set()
        out[current].append(f)
        columns.add(f.column)
    return out


def document(budget: StoredBudget) -> Document:
    """The budget's tables; a 部门 package's unit sets come back as tables of their own unit."""
    file = budget.ref.file
    rows: dict[tuple, list[Row]] = {}
    groups: dict[tuple, list[StoredFact]] = {}
    for f in budget.facts:  # by table and unit, so that a unit's set is not merged into the 汇总's table
        if f.table not in FORMS:
            groups.setdefault((f.table, f.unit_code, f.unit_name), []).append(f)
    for (table, code, name), group in groups.items():
        for facts in row_groups(group).values():
            first = facts[0]
            side = None
            if table in TWO_SIDED:
                side = "income" if first.row_code.startswith("in.") else "expenditure"
            cells = tuple(Cell(f.column or None, f.amount, Status.LOST if f.value is None else Status.NUMBER,
                               f.value, _source(file, f)) for f in facts)
            rows.setdefault((table, code, name), []).append(Row(first.row_code or None, first.row_name, cells,
                                                                _source(file, first).at(column=None),
                                                                _level(first.row_code), side))
    tables = []
    for (kind, code, name), rs in rows.items():
        columns = tuple(dict.fromkeys(c.column for r in rs for c in r.cells if c.column))
        unit = next((f.amount_unit for f in budget.facts if f.table == kind and f.amount_unit), None)
        owner = Unit(code, name, code[:3] if code and len(code) == 6 else None) if code or name else None
        tables.append(Table(kind, KIND_NAMES.get(kind, kind), None, unit or budget.ref.amount_unit or "万元", columns,
                            tuple(COLUMN_NAMES.get(c, c) for c in columns), tuple(rs),
                            Source(file, rs[0].source.line, table=kind), budget.year, unit=owner))
    u = budget.unit
    return Document(file, "store", Unit(u.code, u.name, u.parent), budget.year, budget.ref.kind,
                    budget.ref.amount_unit or "万元", tuple(tables), (), None, (), budget.claims, (), u.region)
