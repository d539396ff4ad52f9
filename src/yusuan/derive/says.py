"""What one printed table says of a quantity, through the ledger: as it prints it (its 合计 row, a 类 row,
the 合计s of a column's parts), else the sum of its rows. The checker (rules/) and the narrative draft
(render/narrative.py) read the same answers, so that a draft read back and checked agrees with itself."""
from __future__ import annotations

from decimal import Decimal

from ..catalog.specs import spec
from ..ledger.build import side_selection
from ..ledger.model import Ledger
from ..model import UNREAD, Row, Table, half_ulp
from . import Derived, asking


def amount(got: Derived | None) -> Decimal | None:
    """A derived amount as the comparisons take it: None for nothing, UNREAD for one not known."""
    if got is None or not got.parts:
        return None
    return UNREAD if got.unread else got.value


def printed(v: Decimal | None) -> Derived | None:
    """One printed value as a derived amount (itself ± its half-unit); None for a blank."""
    if v is None:
        return None
    return Derived(v, ZERO, 1, True) if v is UNREAD else Derived(v, half_ulp(v))


ZERO = Decimal(0)


def tells(ledger: Ledger, t: Table, sel: dict[str, str], column: str) -> Derived | None:
    """What table ``t`` says for ``sel`` in a column, with its rounding slack: as printed, else the sum
    of its rows (the ledger's view of it); None when it cannot tell."""
    got = asking(ledger, t, views=(t.kind,), printed=True).cell(t.kind, sel, column)
    return got[0] if got else None


def said(ledger: Ledger, t: Table, sel: dict[str, str], column: str) -> Decimal | None:
    """``tells`` as an amount: None when the table has nothing, UNREAD when that is not known."""
    return amount(tells(ledger, t, sel, column))


def totals(ledger: Ledger, t: Table | None, column: str) -> Derived | None:
    """The table's 合计 in a column (a two-sided table's: its 本年支出): its printed 合计 row (blank: None),
    else what the table says of its rows."""
    if t is None:
        return None
    code = "out.current" if spec(t.kind).rows == "sides" else "total"
    row = t.row(code)
    return printed(row.value(column)) if row is not None else tells(ledger, t, side_selection(code) or {}, column)


def total(ledger: Ledger, t: Table | None, column: str) -> Decimal | None:
    """``totals`` as an amount."""
    return amount(totals(ledger, t, column))


def classes_told(ledger: Ledger, t: Table | None, column: str) -> dict[str, tuple[Derived | None, Row]]:
    """Each 类 of a table's spending, with its first printed row (its 类 row; Henan prints 项 rows only)
    and what the table says for it in a column (its 类 row as printed, else the sum of its rows). Asked
    for each claim of a class and by several rules: kept with the ledger, per table (the ledger's
    documents are frozen)."""
    if t is None:
        return {}
    cache = ledger.__dict__.setdefault("_classes", {})
    key = (id(t), column)
    if key not in cache or cache[key][0] is not t:  # (the table kept with its answer: its id is not reused)
        first: dict[str, Row] = {}
        for rows in t.class_rows():
            for r in rows:
                first.setdefault(r.code[:3], r)
        dimension = "economic" if spec(t.kind).rows == "economic" else "function"
        cache[key] = (t, {code: (tells(ledger, t, {dimension: code}, column), r) for code, r in first.items()})
    return cache[key][1]


def classes(ledger: Ledger, t: Table | None, column: str) -> dict[str, tuple[Decimal | None, Row]]:
    """``classes_told`` as amounts (None for blank)."""
    return {code: (amount(got), r) for code, (got, r) in classes_told(ledger, t, column).items()}
