"""The nine 决算 tables (national_final), laid out from the ledger of a 决算's entries (a package being
prepared). Every amount there is a 决算数 (measure final); the budgets printed beside some of them
(年初预算数, 全年预算数, the “三公” 预算数) are amounts of their own measure.

The tables by 功能分类 are derive()'s; the two-sided ones print the 决算 rows (年初结转和结余 …) with
the labels the readers know (vocabulary.SIDE_ROWS); a table of a fund the unit has nothing of prints
no row, so that the renderer states that it has no data, as the templates ask.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ..catalog.specs import Kind, Profile, spec
from ..ledger.model import Ledger
from ..model import Row, Source, Table, Unit
from . import Derived, derive, derived_cell, labels
from .standard import ask_all, class_name, laid_row, laid_table, side_sel, spending_classes

# the two-sided tables' rows, in printed order: (code, label); the spending side's classes come first
_SUMMARY_INCOME = (("in.general_budget", "一、一般公共预算财政拨款收入"), ("in.gov_fund", "二、政府性基金预算财政拨款收入"),
                   ("in.soe", "三、国有资本经营预算财政拨款收入"), ("in.superior_subsidy", "四、上级补助收入"),
                   ("in.business", "五、事业收入"), ("in.operating", "六、经营收入"),
                   ("in.subordinate", "七、附属单位上缴收入"), ("in.other", "八、其他收入"))
_SUMMARY_FOOT = ((("in.current", "本年收入合计"), ("out.current", "本年支出合计")),
                 (("in.carryover", "年初结转和结余"), ("out.carry_forward", "年末结转和结余")))
_FISCAL_INCOME = (("in.general_budget", "一、一般公共预算财政拨款"), ("in.gov_fund", "二、政府性基金预算财政拨款"),
                  ("in.soe", "三、国有资本经营预算财政拨款"))
_FISCAL_FOOT = ((("in.current", "本年收入合计"), ("out.current", "本年支出合计")),
                (("in.carryover", "年初财政拨款结转和结余"), ("out.carry_forward", "年末财政拨款结转和结余")),
                (("in.carryover.general_budget", "一、一般公共预算财政拨款"), None),
                (("in.carryover.gov_fund", "二、政府性基金预算财政拨款"), None),
                (("in.carryover.soe", "三、国有资本经营预算财政拨款"), None))
_SIDES = {Kind.FINAL_SUMMARY: (_SUMMARY_INCOME, _SUMMARY_FOOT),
          Kind.FINAL_FISCAL_SUMMARY: (_FISCAL_INCOME, _FISCAL_FOOT)}
# the “三公” table's blocks (预算数, 决算数), each 合计 = 出国 + 车辆 (购置 + 运行) + 接待
_THREE = ("abroad", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
_PARTS = {"total": ("abroad", "vehicle_purchase", "vehicle_operation", "reception"),
          "vehicles": ("vehicle_purchase", "vehicle_operation")}
# a fund's own table (政府性基金, 国有资本经营): the fund
_FUND_OF = {Kind.FINAL_GOV_FUND: "gov_fund", Kind.FINAL_SOE: "soe"}


def final_table(ledger: Ledger, kind: str, owner: Unit | None, p: Profile) -> Table:
    unit = p.unit(kind) or ledger.amount_unit
    columns = tuple(p.columns.get(kind, ()))
    if spec(kind).rows == "sides":
        return _two_sided(ledger, kind, owner, unit, columns)
    if kind == Kind.FINAL_THREE_PUBLIC:
        return _three_public(ledger, owner, unit, columns)
    spent = _flows_aside(ledger)  # what is carried is no income or spending of the year's classes
    fund = _FUND_OF.get(kind)
    if fund and not any(e.dim("fund") == fund and e.dim("function") for e in spent.entries):
        return laid_table(ledger, kind, owner, columns, [], unit)  # printed empty, with its statement
    measured = tuple(c for c in columns if c in ("initial_budget", "full_year_budget"))
    given = {e.dim("measure") for e in spent.entries if e.dim("function")}
    flows = tuple(c for c in columns if c in _FLOWS)
    t = derive(spent, kind, owner, unit, tuple(c for c in columns if c not in measured + flows or c in given))
    if t is None:
        return laid_table(ledger, kind, owner, columns, [], unit)
    return _with_flows(ledger, t, fund, columns) if fund and flows else t


# a fund's own table: its 年初结转和结余, 本年收入 and 年末结转和结余 by class, beside its spending
_FLOWS = {"opening_balance": {"side": "income", "flow": "carryover"}, "current_income": {"side": "income", "flow": ""},
          "closing_balance": {"side": "spending", "flow": "carry_forward"}}


def _with_flows(ledger: Ledger, t: Table, fund: str, columns: tuple[str, ...]) -> Table:
    """The flow columns of each row: the fund's entries of that flow for the row's class (all of them on the
    合计 row); a class the entries give no such amount prints none."""
    mine = [e for e in ledger.entries if e.owner == t.unit and e.dim("fund") == fund]
    columns = tuple(c for c in columns if c in t.columns or c in _FLOWS)
    rows = []
    for r in t.rows:
        have = {c.column: c for c in r.cells}
        for col, want in _FLOWS.items():
            found = [e.amount for e in mine if e.dim("side") == want["side"] and (e.dim("flow") or "") == want["flow"]
                     and (r.code == "total" or (e.dim("function") or "").startswith(r.code or "-"))]
            if col in columns and found:
                have[col] = derived_cell(col, Derived(sum(found, Decimal(0)), Decimal(0)), r.source)
        rows.append(replace(r, cells=tuple(have[c] for c in columns if c in have)))
    return replace(t, columns=columns, column_labels=labels(columns), rows=tuple(rows))


def _flows_aside(ledger: Ledger) -> Ledger:
    return replace(ledger, entries=tuple(e for e in ledger.entries if not e.dim("flow")))


def _two_sided(ledger: Ledger, kind: str, owner: Unit | None, unit: str, columns: tuple[str, ...]) -> Table:
    """The income rows beside the spending by 类, then the foot: 本年收入合计 beside 本年支出合计, the
    carry-overs beside each other, 总计 beside 总计."""
    ask = ask_all(ledger, kind, owner, unit)
    income, foot = _SIDES[kind]
    classes = [(c, class_name(c, ledger.year)) for c in spending_classes(_flows_aside(ledger), owner)]
    lines = []
    for i in range(max(len(income), len(classes))):
        lines.append((income[i] if i < len(income) else None, classes[i] if i < len(classes) else None))
    lines += list(foot) + [(("in.total", "总计"), ("out.total", "总计"))]
    # the 财政拨款 table's rows are of its three funds only (a carry-over of the unit's own money is not)
    funds = {"fund": "fiscal"} if kind == Kind.FINAL_FISCAL_SUMMARY else {}
    rows = []
    for n, (left, right) in enumerate(lines, 1):
        if left is not None:
            rows.append(laid_row(ask, kind, left[0], left[1], {**funds, **side_sel(left[0])}, ("total",), n, "income"))
        if right is not None:
            code, label = right
            sel = side_sel(code) if code.startswith("out.") else {"function": code, "flow": ""}  # (what is spent)
            level = 0 if "." in code else 1
            whole = laid_row(ask, kind, code, label, {**funds, **sel}, ("total",), n, "expenditure", level)
            each = laid_row(ask, kind, code, label, sel, tuple(c for c in columns if c != "total"), n, "expenditure",
                            level)
            rows.append(replace(each, cells=tuple(sorted((*whole.cells, *each.cells),
                                                         key=lambda c: columns.index(c.column)))))
    return laid_table(ledger, kind, owner, columns, rows, unit)


def _three_public(ledger: Ledger, owner: Unit | None, unit: str, columns: tuple[str, ...]) -> Table:
    """One row of the “三公” money by block (预算数, 决算数); none when no amount was given (the table is
    then printed with its statement that the unit has no such spending)."""
    given: dict[tuple[str, str], Decimal] = {}
    for e in ledger.entries:
        if e.owner == owner and e.basis == Kind.FINAL_THREE_PUBLIC and e.dim("item") in _PARTS["total"]:
            key = (e.dim("measure"), e.dim("item"))
            given[key] = given.get(key, Decimal(0)) + e.amount
    if not given:
        return laid_table(ledger, Kind.FINAL_THREE_PUBLIC, owner, columns, [], unit)
    src = Source(ledger.file, line=1, table=Kind.FINAL_THREE_PUBLIC, row="total")
    cells = []
    for col in columns:
        measure, _, item = col.partition(".")
        parts = [given[(measure, x)] for x in _PARTS.get(item or "total", (item,)) if (measure, x) in given]
        if parts and (cell := derived_cell(col, Derived(sum(parts, Decimal(0)), Decimal(0)), src)):
            cells.append(cell)
    return laid_table(ledger, Kind.FINAL_THREE_PUBLIC, owner, columns, [Row("total", "合计", tuple(cells), src)], unit)
