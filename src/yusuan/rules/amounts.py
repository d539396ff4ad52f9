"""What a package's tables say about one quantity: a table's total, its classes' amounts, a cell, the
budget's 项目支出. Shared by the rules that compare tables with each other and with the narrative."""
from __future__ import annotations

from decimal import Decimal

from ..catalog.specs import Kind
from ..derive import Derived, asking
from ..derive.says import amount, printed, tells, totals
from ..ledger.build import row_selection
from ..model import Row, Table
from .base import ZERO, Context, Verdict, value
from .words import table_name


def cell_value(t: Table, code: str, col: str = "total") -> Decimal | None:
    return value(t.row(code), col)


def project_spending(ctx: Context) -> tuple[Derived | None, str]:
    """项目支出 of the whole budget: the 支出总表's 合计 row, else 一般公共预算 projects (its 合计, else the sum
    of its rows) + 国有资本经营 spending. A 支出总表 without its 合计 row is not summed: it is seen printed
    with some classes only (X103), and its sum would not be the budget's."""
    e = ctx.table(Kind.EXPENDITURE)
    if e is not None and e.row("total") is not None:
        return printed(e.row("total").value("project")), f"{table_name(e)}项目支出"
    g, f = ctx.table(Kind.GENERAL_EXPENDITURE), ctx.table(Kind.FISCAL_SUMMARY)
    gp = totals(ctx.ledger, g, "project")
    soe = tells(ctx.ledger, f, {"side": "spending", "flow": ""}, "soe") if f is not None else None
    if amount(gp) is None:
        return None, ""
    return gp + soe if amount(soe) is not None else gp, \
        "一般公共预算项目支出" + ("＋国有资本经营预算支出" if amount(soe) else "")


def within(printed_: Decimal | Derived | None, got: Derived | None) -> Verdict:
    """A printed value (or a derived one) against a derived amount, by their intervals: each ± the
    half-units of the printed values it was made of (a blank, nothing, or the exact ZERO: an exact 0)."""
    mine = printed_ if isinstance(printed_, Derived) else _exact(printed_)
    theirs = got if got is not None and got.parts else None
    diff = (mine.value if mine else ZERO) - (theirs.value if theirs else ZERO)
    return Verdict.of(diff, (mine.slack if mine else ZERO) + (theirs.slack if theirs else ZERO))


def _exact(v: Decimal | None) -> Derived | None:
    """A printed value as a derived amount; a blank counted as zero (``ZERO``) is exact."""
    return None if v is None or v is ZERO else printed(v)


def answered(got: tuple[Derived, str] | None) -> Derived | None:
    """The derived amount of what ``Asking.cell`` answers (an amount and the view it came from)."""
    return got[0] if got else None


def told(ctx: Context, t: Table, sel: dict[str, str], column: str, views: tuple[str, ...],
         kind: str | None = None) -> Derived | None:
    """What the package's other tables (``views``, the first that can tell) say for ``sel`` in a column
    of ``t`` (of a table of ``kind``: the 支出总表's 合计 is all funds', the 一般公共预算 table's its fund's),
    as printed where they print it (a 类 row, a 合计), else as the sum of their rows: nothing (``parts``
    0) when the view lists its rows and this one is not among them; None when none can tell."""
    got = asking(ctx.ledger, t, exclude_self=True, views=views, printed=True).cell(kind or t.kind, sel, column)
    return got[0] if got else None


def rest(ctx: Context, t: Table, row: Row | None, column: str, views: tuple[str, ...]) -> Derived | None:
    """``told`` for a printed row (None: the table's 合计); None when the ledger cannot tell or the row is
    none it can answer."""
    sel = {} if row is None else row_selection(t, row)
    return None if sel is None else told(ctx, t, sel, column, views)
