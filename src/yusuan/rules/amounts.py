"""What a package's tables say about one quantity: a table's total, its classes' amounts, a cell, the
budget's 项目支出. Shared by the rules that compare tables with each other and with the narrative."""
from __future__ import annotations

from decimal import Decimal

from ..catalog.specs import Kind, spec
from ..derive import Derived, asking
from ..ledger.build import row_selection, side_selection
from ..model import UNREAD, Row, Table, half_ulp, unread
from .base import ZERO, Context, Verdict, value
from .words import table_name


def cell_value(t: Table, code: str, col: str = "total") -> Decimal | None:
    return value(t.row(code), col)


def classes(ctx: Context, t: Table | None, column: str) -> dict[str, tuple[Decimal | None, Row]]:
    """Each 类 of a table's spending, with its first printed row (its 类 row; Henan prints 项 rows only)
    and what the table says for it in a column (``said``: its 类 row as printed, else the sum of its rows;
    None for blank)."""
    if t is None:
        return {}
    first: dict[str, Row] = {}
    for rows in t.class_rows():
        for r in rows:
            first.setdefault(r.code[:3], r)
    dimension = "economic" if spec(t.kind).rows == "economic" else "function"
    return {code: (said(ctx, t, {dimension: code}, column), r) for code, r in first.items()}


def project_spending(ctx: Context) -> tuple[Decimal | None, str]:
    """项目支出 of the whole budget: the 支出总表's 合计 row, else 一般公共预算 projects (its 合计, else the sum
    of its rows) + 国有资本经营 spending. A 支出总表 without its 合计 row is not summed: it is seen printed
    with some classes only (X103), and its sum would not be the budget's."""
    e = ctx.table(Kind.EXPENDITURE)
    if e is not None and e.row("total") is not None:
        return e.row("total").value("project"), f"{table_name(e)}项目支出"
    g, f = ctx.table(Kind.GENERAL_EXPENDITURE), ctx.table(Kind.FISCAL_SUMMARY)
    gp = own_total(ctx, g, "project") if g is not None else None
    soe = said(ctx, f, {"side": "spending", "flow": ""}, "soe") if f is not None else None
    if gp is None:
        return None, ""
    return UNREAD if unread(gp, soe) else gp + (soe or ZERO), "一般公共预算项目支出" + ("＋国有资本经营预算支出" if soe else "")


def amount(got: Derived | None) -> Decimal | None:
    """A derived amount as the comparisons take it: None for nothing, UNREAD for one not known."""
    if got is None or not got.parts:
        return None
    return UNREAD if got.unread else got.value


def within(printed: Decimal | None, got: Derived) -> Verdict:
    """A printed value against a derived amount, by their intervals: the printed value ± its half-unit
    and the derived one ± the half-units of the printed values it was made of (nothing: an exact 0)."""
    diff = (printed or ZERO) - (got.value if got.parts else ZERO)
    if diff == 0:
        return Verdict("equal", diff, ZERO)
    slack = (got.slack if got.parts else ZERO) + (half_ulp(printed) if printed is not None else ZERO)
    return Verdict("tail" if abs(diff) <= slack else "error", diff, slack)


def answer(got: tuple[Derived, str] | None) -> Decimal | None:
    """``amount`` of what Asking.cell answers (a derived amount and the view it came from)."""
    return amount(got[0] if got else None)


def said(ctx: Context, t: Table, sel: dict[str, str], column: str) -> Decimal | None:
    """What table ``t`` says for ``sel`` in a column: as printed (its 合计 row, a 类 row), else the sum
    of its rows (the ledger's view of it); None when it has nothing, UNREAD when that is not known."""
    return answer(asking(ctx.ledger, t, views=(t.kind,), printed=True).cell(t.kind, sel, column))


def told(ctx: Context, t: Table, sel: dict[str, str], column: str, views: tuple[str, ...],
         kind: str | None = None) -> Derived | None:
    """What the package's other tables (``views``, the first that can tell) say for ``sel`` in a column
    of ``t`` (of a table of ``kind``: the 支出总表's 合计 is all funds', the 一般公共预算 table's its fund's),
    as printed where they print it (a 类 row, a 合计), else as the sum of their rows: nothing (``parts``
    0) when the view lists its rows and this one is not among them; None when none can tell."""
    got = asking(ctx.ledger, t, exclude_self=True, views=views, printed=True).cell(kind or t.kind, sel, column)
    return got[0] if got else None


def from_rest(ctx: Context, t: Table, row: Row | None, column: str, views: tuple[str, ...]) -> Decimal | None:
    """``told``'s amount for a printed row (None: the table's 合计); None when the other table has nothing
    for the row (or cannot tell), UNREAD when what it prints for it is not known (so the comparison
    says nothing)."""
    sel = {} if row is None else row_selection(t, row)
    got = None if sel is None else told(ctx, t, sel, column, views)
    return amount(got)


def own_total(ctx: Context, t: Table | None, column: str) -> Decimal | None:
    """The table's 合计 in a column (a two-sided table's: its 本年支出): its printed 合计 row (blank: None),
    else what the table says of its rows."""
    if t is None:
        return None
    code = "out.current" if spec(t.kind).rows == "sides" else "total"
    row = t.row(code)
    return row.value(column) if row is not None else said(ctx, t, side_selection(code) or {}, column)
