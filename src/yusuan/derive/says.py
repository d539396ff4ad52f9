"""What one printed table says of a quantity, through the ledger: as it prints it (its 合计 row, a 类 row,
the 合计s of a column's parts), else the sum of its rows. The checker (rules/) and the narrative draft
(render/narrative.py) read the same answers, so that a draft read back and checked agrees with itself."""
from __future__ import annotations

from decimal import Decimal

from ..catalog.specs import spec
from ..ledger.build import side_selection
from ..ledger.model import Ledger
from ..model import UNREAD, Row, Table
from . import Derived, asking


def amount(got: Derived | None) -> Decimal | None:
    """A derived amount as the comparisons take it: None for nothing, UNREAD for one not known."""
    if got is None or not got.parts:
        return None
    return UNREAD if got.unread else got.value


def said(ledger: Ledger, t: Table, sel: dict[str, str], column: str) -> Decimal | None:
    """What table ``t`` says for ``sel`` in a column: as printed, else the sum of its rows (the ledger's
    view of it); None when it has nothing, UNREAD when that is not known."""
    got = asking(ledger, t, views=(t.kind,), printed=True).cell(t.kind, sel, column)
    return amount(got[0] if got else None)


def total(ledger: Ledger, t: Table | None, column: str) -> Decimal | None:
    """The table's 合计 in a column (a two-sided table's: its 本年支出): its printed 合计 row (blank: None),
    else what the table says of its rows."""
    if t is None:
        return None
    code = "out.current" if spec(t.kind).rows == "sides" else "total"
    row = t.row(code)
    return row.value(column) if row is not None else said(ledger, t, side_selection(code) or {}, column)


def classes(ledger: Ledger, t: Table | None, column: str) -> dict[str, tuple[Decimal | None, Row]]:
    """Each 类 of a table's spending, with its first printed row (its 类 row; Henan prints 项 rows only)
    and what the table says for it in a column (its 类 row as printed, else the sum of its rows; None for
    blank)."""
    if t is None:
        return {}
    first: dict[str, Row] = {}
    for rows in t.class_rows():
        for r in rows:
            first.setdefault(r.code[:3], r)
    dimension = "economic" if spec(t.kind).rows == "economic" else "function"
    return {code: (said(ledger, t, {dimension: code}, column), r) for code, r in first.items()}
