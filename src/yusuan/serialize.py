"""Records → plain JSON-ready dicts (the ``read --format json`` contract). Decimals become
exact strings, never floats."""
from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from decimal import Decimal
from enum import Enum

from .ledger import facts
from .ledger.model import ADDED_DIMENSIONS, DIMENSIONS, Ledger
from .model import Document, Indicator, Performance, Project, Source, Table, Unit


def plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Source):
        return value.as_dict()
    if is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def table_dict(t: Table) -> dict:
    extra = {"recognition": {"by": t.recognition[0], "confidence": str(t.recognition[1])}} if t.recognition else {}
    return {**extra,
        "kind": t.kind, "title": t.title, "number": t.number, "amount_unit": t.amount_unit, "year": t.year,
        "columns": list(t.columns), "column_labels": list(t.column_labels), "pages": t.pages,
        "notes": list(t.notes), "empty": t.is_empty, "source": plain(t.source), "unit": unit_dict(t.unit),
        "rows": [{"code": r.code, "name": r.name, "level": r.level, "side": r.side, "extra": dict(r.extra),
                  "cells": {c.column or f"?{i}": (c.text if c.value is None else str(c.value))
                            for i, c in enumerate(r.cells) if c.text},
                  **_at(r.source)} for r in t.rows],
    }


def unit_dict(u: Unit | None) -> dict | None:
    return None if u is None else {"code": u.code, "name": u.name, "parent": u.parent}


def _at(src: Source) -> dict:
    """Where a row, project or indicator was printed: its line, and its sheet in a workbook or
    Word file (where ``line`` is the row within that sheet or table)."""
    return {"line": src.line, "sheet": src.sheet} if src.sheet else {"line": src.line}


def _indicator(i: Indicator) -> dict:
    d = plain(i)
    del d["source"]
    d.update(_at(i.source))
    return d


def project_dict(p: Project) -> dict:
    d = {k: plain(getattr(p, k)) for k in ("code", "name", "type", "amount", "unit", "department", "contact",
                                           "phone", "overview", "basis", "schedule", "goal", "execution_weight")}
    d["funding"] = {label: str(v) for label, v in p.funding}
    d["indicators"] = [_indicator(i) for i in p.indicators]
    d.update(_at(p.source))
    return d


def performance_dict(p: Performance | None) -> dict | None:
    if p is None:
        return None
    return {"goal": p.goal, "unit": p.unit_field, "amount_unit": p.amount_unit,
            "amounts": {k: (str(v) if v is not None else "#####") for k, v in p.amounts},
            "lost": list(p.lost), "indicators": [_indicator(i) for i in p.indicators], **_at(p.source)}


def document_dict(doc: Document) -> dict:
    return {
        "file": doc.file, "layout": doc.layout,
        "unit": unit_dict(doc.unit),
        "region": doc.region, "year": doc.year, "kind": doc.kind, "amount_unit": doc.amount_unit,
        "tables": [table_dict(t) for t in doc.tables],
        "projects": [project_dict(p) for p in doc.projects],
        "performance": performance_dict(doc.performance),
        "narrative": {"sections": plain(doc.sections), "claims": plain(doc.claims)},
        "findings": [f.as_dict() for f in doc.findings],
    }


def fact_rows(doc: Document) -> list[dict]:
    """The ``facts`` contract; a fact of a unit's own table set carries that unit's code and name."""
    return [{"file": doc.file, "unit_code": f.unit_of(doc.unit).code or "", "unit_name": f.unit_of(doc.unit).name or "",
             "year": doc.year or "", "table": f.table, "row_code": f.row_code, "row_name": f.row_name,
             "column": f.column, "amount": f.amount_text, "amount_unit": f.unit, "kind": doc.kind} for f in facts(doc)]


# ---- CSV cells that a spreadsheet would run as formulas ----------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def csv_text(value):
    """A CSV cell that Excel would run as a formula (text starting with = + - @, a tab or a
    carriage return: CSV injection) gets a leading ' as OWASP advises; numbers (-12.50) stay
    numbers, and other values stay as they are."""
    if value.__class__ is str and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_row(row: dict) -> dict:
    return {k: csv_text(v) for k, v in row.items()}


# ---- the ``ledger`` contract ------------------------------------------------------------------------
# one row per ledger entry; a dimension an entry does not have is empty. Extended, never changed.
LEDGER_COLUMNS = ("file", "unit_code", "unit_name", "year", "kind", "table", "row_code", "row_name", "column",
                  *(d for d in DIMENSIONS if d != "row" and d not in ADDED_DIMENSIONS), "amount", "amount_unit",
                  "line", "page", "sheet", "cell", *ADDED_DIMENSIONS)


def ledger_rows(ledger: Ledger) -> list[dict]:
    out = []
    for e in ledger.entries:
        unit = e.owner or ledger.unit
        dims = dict(e.dims)
        src = e.source
        out.append({"file": ledger.file, "unit_code": unit.code or "", "unit_name": unit.name or "",
                    "year": ledger.year or "", "kind": ledger.kind, "table": e.basis, "row_code": e.row,
                    "row_name": e.row_name, "column": e.column,
                    **{d: dims.get(d, "") for d in DIMENSIONS if d != "row" and d not in ADDED_DIMENSIONS},
                    "amount": str(e.amount), "amount_unit": e.unit, "line": src.line or "", "page": src.page or "",
                    "sheet": src.sheet or "", "cell": src.cell or "", **{d: dims.get(d, "") for d in ADDED_DIMENSIONS}})
    return out


def ledger_dict(ledger: Ledger) -> dict:
    """``ledger --format json``: the entries (as the CSV rows), the cells that could not be read, and the
    projects, the 整体 performance targets and the narrative's stated numbers the ledger carries."""
    return {"file": ledger.file, "unit": unit_dict(ledger.unit), "year": ledger.year, "kind": ledger.kind,
            "amount_unit": ledger.amount_unit, "entries": ledger_rows(ledger),
            "unread": [e.source.as_dict() for e in ledger.unread],
            "projects": [project_dict(p) for p in ledger.projects],
            "performance": performance_dict(ledger.performance), "claims": plain(ledger.claims)}
