"""The standard tables of a region's set, laid out from a ledger alone (a package being prepared).

Each table is asked of the ledger as a reader would read it: the classified tables by their codes
(derive()), the two-sided tables by their income rows and their spending by class, the “三公” table
by its items. The rows carry the labels the readers know (vocabulary.SIDE_ROWS), so that reading the
rendered package gives back the same tables.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from ..catalog import load_catalog
from ..catalog.specs import Kind, Profile, column_dims, spec
from ..catalog.vocabulary import COLUMN_NAMES, KIND_NAMES
from ..ledger.build import side_selection
from ..ledger.model import Ledger
from ..model import Cell, Row, Source, Status, Table, Unit
from . import Asking, bases, derive, derived_cell, labels

# the two-sided tables' rows, in printed order: (code, label); None: the classes go here
_FISCAL_INCOME = (("in.current", "一、本年收入"), ("in.general_budget", "一般公共预算拨款收入"),
                  ("in.gov_fund", "政府性基金预算拨款收入"), ("in.soe", "国有资本经营预算拨款收入"),
                  ("in.carryover", "二、上年结转"), ("in.carryover.general_budget", "一般公共预算拨款"),
                  ("in.carryover.gov_fund", "政府性基金预算拨款"), ("in.carryover.soe", "国有资本经营预算拨款"))
_FISCAL_SPENDING = (("out.current", "一、本年支出"), None, ("out.carry_forward", "二、结转下年"))
_SUMMARY_INCOME = (("in.general_budget", "一般公共预算拨款收入"), ("in.gov_fund", "政府性基金预算拨款收入"),
                   ("in.soe", "国有资本经营预算拨款收入"), ("in.special_account", "财政专户管理资金收入"),
                   ("in.business", "事业收入"), ("in.operating", "事业单位经营收入"),
                   ("in.superior_subsidy", "上级补助收入"), ("in.subordinate", "附属单位上缴收入"),
                   ("in.other", "其他收入"), ("in.current", "本年收入合计"), ("in.carryover", "上年结转"))
_SUMMARY_SPENDING = (None, ("out.current", "本年支出合计"), ("out.carry_forward", "结转下年"))
CENT = Decimal("0.01")
_TOTALS = (("in.total", "收入总计"), ("out.total", "支出总计"))
_COLUMNS = {Kind.FISCAL_SUMMARY: ("total", "general_budget", "gov_fund", "soe"), Kind.SUMMARY: ("total",),
            Kind.THREE_PUBLIC: ("total", "abroad", "vehicles", "vehicle_purchase", "vehicle_operation", "reception"),
            Kind.REVENUE: ("total", "carryover", "general_budget", "gov_fund", "soe", "special_account", "business",
                           "operating", "superior_subsidy", "subordinate", "other")}


def standard_tables(ledger: Ledger, p: Profile, owner: Unit | None = None) -> tuple[Table, ...]:
    """Every table of the profile's standard set the ledger can give, in the profile's order, in the
    region's units, columns and header words."""
    out = []
    for kind in sorted(p.standard, key=lambda k: p.order.index(k) if k in p.order else len(p.order)):
        t = table(ledger, kind, owner, p)
        if (t is None or not any(r.cells for r in t.rows)) and kind in p.columns and spec(kind).rows == "functional" \
                and p.family == "budget":
            t = _zeros(ledger, kind, owner, p)
        if t is not None:
            out.append(_printed(t))
    return tuple(out)


def printed(v: Decimal) -> Decimal:
    """An amount as a table prints it: to the cent, rounded half up from an exact amount finer than that
    (entries in 元 for a package in 万元)."""
    return v.quantize(CENT, ROUND_HALF_UP) if v.as_tuple().exponent < -2 else v


def _printed(t: Table) -> Table:
    def cell(c: Cell) -> Cell:
        if c.value is None or c.value.as_tuple().exponent >= -2:
            return c
        v = printed(c.value)
        return replace(c, text=str(v), value=v)
    return replace(t, rows=tuple(replace(r, cells=tuple(map(cell, r.cells))) for r in t.rows))


def _zeros(ledger: Ledger, kind: str, owner: Unit | None, p: Profile) -> Table:
    """A table the region prints with its own columns even when the unit has nothing of it (Henan's
    政府性基金支出预算表 of a unit without such funds): its 合计 row, 0.00 in every column."""
    columns = p.columns[kind]
    src = Source(ledger.file, table=kind, row="total")
    zero = Decimal("0.00")
    row = Row("total", "合计", tuple(Cell(c, "0.00", Status.NUMBER, zero, src.at(column=c)) for c in columns), src)
    t = laid_table(ledger, kind, owner, columns, [row], p.unit(kind) or ledger.amount_unit)
    return replace(t, column_labels=tuple(p.label(kind, c) or w for c, w in zip(columns, t.column_labels)))


def table(ledger: Ledger, kind: str, owner: Unit | None = None, p: Profile | None = None) -> Table | None:
    if p is not None and spec(kind).family == "final_accounts":
        from .final import final_table
        return final_table(ledger, kind, owner, p)
    rows = spec(kind).rows
    unit = (p.unit(kind) if p else None) or ledger.amount_unit
    columns = p.columns.get(kind) if p else None
    if kind == Kind.REVENUE and p is not None and p.rows.get(kind) == "units":
        t = _revenue_by_unit(ledger, owner, unit, columns)
    elif kind == Kind.REVENUE:
        t = _revenue(ledger, owner, unit, columns)
    elif rows == "economic" and "purpose" not in dict(spec(kind).dims) and any(
            not e.dim("economic") for e in ledger.entries if e.owner == owner and e.dim("purpose") == "project"):
        return None  # all spending by economic class (支出经济分类汇总表) needs each project's classes too
    elif rows == "economic":
        t = _by_gov(ledger, derive(ledger, kind, owner, unit, columns), owner, unit)
    elif rows == "functional":
        t = derive(ledger, kind, owner, unit, columns)
    elif rows == "sides":
        t = _two_sided(ledger, kind, owner, unit, columns, p.same if p else {})
    elif kind == Kind.THREE_PUBLIC:
        t = _items(ledger, kind, owner, unit, columns)
    elif kind == Kind.PROCUREMENT:
        t = _procurement(ledger, owner, unit, columns)
    elif kind == Kind.PROJECT_EXPENDITURE:
        t = _projects(ledger, owner, unit, columns)
    else:
        return None
    if t is None or p is None:
        return t
    words = tuple(p.label(kind, c) or label for c, label in zip(t.columns, t.column_labels))
    return _laid_out(replace(t, column_labels=words), p.rows.get(kind), p.same, ledger)


def _by_gov(ledger: Ledger, t: Table | None, owner: Unit | None, unit: str) -> Table | None:
    """A table by economic class with the 政府预算 款 beside each 部门预算 款, where the entries give it: a
    款 paid under two 政府预算 款 (办公费 as 办公经费 and as 商品和服务支出) is a row for each."""
    if t is None:
        return None
    govs: dict[str, list[str]] = {}
    for e in ledger.entries:
        if e.owner == owner and e.dim("economic"):
            gov = e.dim("gov_economic") or ""
            if gov not in govs.setdefault(e.dim("economic"), []):
                govs[e.dim("economic")].append(gov)
    if not any(g for x in govs.values() for g in x):
        return t
    ask = ask_all(ledger, t.kind, owner, unit)
    tree = load_catalog().economic_gov
    rows = []
    for r in t.rows:
        if r.code not in govs or not any(govs[r.code]):
            rows.append(r)
            continue
        for gov in sorted(govs[r.code]):
            found = tree.by_code(gov, ledger.year) if gov else None
            row = laid_row(ask, t.kind, r.code, r.name, {"economic": r.code, "gov_economic": gov}, t.columns, 0,
                       level=r.level)
            extra = (("gov_code", gov), ("gov_name", found.name if found else "")) if gov else ()
            if row.cells:  # (a 政府预算 款 of the 款's project spending is none of a table of basic spending)
                rows.append(replace(row, source=r.source, extra=extra))
    return replace(t, rows=tuple(rows))


def _laid_out(t: Table, rows: str | None, same, ledger: Ledger) -> Table:
    """The region's rows and memo columns: the 项 (or 款) rows alone, under the 部门's own row where it
    prints one; a 其中 column as the column it equals."""
    out = list(t.rows)
    if rows in ("items", "unit-items"):
        codes = {r.code for r in out}
        out = [r for r in out if r.code == "total" or not any(c != r.code and c.startswith(r.code or "") for c in codes)]
        parent = ledger.unit.parent
        if rows == "unit-items" and parent and out and out[0].code == "total":
            out.insert(1, replace(out[0], code=f"unit:{parent}", name=ledger.department or parent, level=0))
    if same:
        def filled(r: Row) -> Row:
            have = {c.column: c for c in r.cells}
            extra = [replace(have[other], column=memo, source=have[other].source.at(column=memo))
                     for memo, other in same.items() if memo in t.columns and other in have and memo not in have]
            cells = sorted((*r.cells, *extra), key=lambda c: t.columns.index(c.column))
            return replace(r, cells=tuple(cells))
        out = [filled(r) for r in out]
    return replace(t, rows=tuple(out))


def ask_all(ledger: Ledger, kind: str, owner: Unit | None, unit: str) -> Asking:
    return Asking(ledger, owner, unit, tuple(bases(ledger, kind)))


def laid_row(ask: Asking, kind: str, code: str, name: str, sel: dict, columns, line: int, side: str | None = None,
         level: int = 0, as_kind: str | None = None) -> Row:
    src = Source(ask.ledger.file, line=line, table=kind, row=code)
    cells = []
    for col in columns:
        got = ask.cell(as_kind or kind, sel, col)
        if cell := derived_cell(col, got and got[0], src):
            cells.append(cell)
    return Row(code, name, tuple(cells), src, level, side)


def laid_table(ledger: Ledger, kind: str, owner: Unit | None, columns, rows, unit: str) -> Table:
    return Table(kind, KIND_NAMES[kind], None, unit, tuple(columns), labels(tuple(columns)),
                 tuple(rows), Source(ledger.file, table=kind), ledger.year, unit=owner)


def spending_classes(ledger: Ledger, owner: Unit | None) -> list[str]:
    """The 类 of the budget's spending, in code order."""
    return sorted({e.dim("function")[:3] for e in ledger.entries
                   if e.owner == owner and e.dim("function") and e.dim("side") == "spending"})


def class_name(code: str, year: int | None) -> str:
    found = load_catalog().functional.by_code(code, year)
    return found.name if found else code


def _two_sided(ledger: Ledger, kind: str, owner: Unit | None, unit: str, columns=None, same=None) -> Table:
    """``same``: the region's 其中 columns (其中：财政拨款 as 一般公共预算), printed on the income side as a row
    under the row they equal."""
    ask = ask_all(ledger, kind, owner, unit)
    fiscal = kind == Kind.FISCAL_SUMMARY
    columns = columns or _COLUMNS[Kind.FISCAL_SUMMARY if fiscal else Kind.SUMMARY]
    income: list[tuple[str, str, dict]] = [(code, label, side_sel(code))
                                           for code, label in (_FISCAL_INCOME if fiscal else _SUMMARY_INCOME)]
    for memo, other in (same or {}).items():
        at = next((i for i, (code, _, _) in enumerate(income) if code == f"in.{other}"), None)
        if at is not None:
            income.insert(at + 1, (f"in.{memo}", COLUMN_NAMES.get(memo, memo), income[at][2]))
    spending: list[tuple[str, str, dict]] = []
    for item in _FISCAL_SPENDING if fiscal else _SUMMARY_SPENDING:
        if item is None:
            spending += [(c, class_name(c, ledger.year), {"function": c}) for c in spending_classes(ledger, owner)]
        else:
            spending.append((item[0], item[1], side_sel(item[0])))
    lines = max(len(income), len(spending))
    rows = []
    for i in range(lines):
        if i < len(income):
            code, label, sel = income[i]
            rows.append(laid_row(ask, kind, code, label, sel, ("total",), i + 1, "income"))
        if i < len(spending):
            code, label, sel = spending[i]
            rows.append(laid_row(ask, kind, code, label, sel, columns, i + 1, "expenditure"))
    rows.append(laid_row(ask, kind, _TOTALS[0][0], _TOTALS[0][1], side_sel("in.total"), ("total",), lines + 1, "income"))
    rows.append(laid_row(ask, kind, _TOTALS[1][0], _TOTALS[1][1], side_sel("out.total"), columns, lines + 1,
                         "expenditure"))
    return laid_table(ledger, kind, owner, columns, rows, unit)


def side_sel(code: str) -> dict:
    return side_selection(code) or {}


def _revenue(ledger: Ledger, owner: Unit | None, unit: str, printed=None) -> Table | None:
    """The 收入总表 by 功能分类: the income that pays for each class, which is each fund's spending on
    it (asked as the 支出总表 is, by fund), this year's apart from what last year's carry-over pays."""
    spent = derive(ledger, Kind.EXPENDITURE, owner)
    if spent is None:
        return None
    ask = ask_all(ledger, Kind.EXPENDITURE, owner, unit)
    mine = [e for e in ledger.entries if e.owner == owner and e.dim("side") == "spending"]
    funds = {e.dim("fund") for e in mine if not e.dim("funded")}
    carried = any(e.dim("funded") == "carryover" for e in mine)
    columns = printed or tuple(c for c in _COLUMNS[Kind.REVENUE] if c == "total" or c in funds
                               or c == "carryover" and carried)
    split = "carryover" in columns
    rows = []
    for i, r in enumerate(spent.rows):
        src = Source(ledger.file, line=i + 1, table=Kind.REVENUE, row=r.code)
        sel = {} if r.code == "total" else {"function": r.code}
        cells = []
        for col in columns:
            if col == "total":
                got = ask.cell(Kind.EXPENDITURE, sel, "total")
            elif col == "carryover":
                got = ask.cell(Kind.EXPENDITURE, {**sel, "funded": "carryover"}, "total")
            else:  # a fund's own column; what the carry-over pays stays in it where 上年结转 has no column
                got = ask.cell(Kind.EXPENDITURE, {**sel, "fund": col, **({"funded": ""} if split else {})}, "total")
            if cell := derived_cell(col, got and got[0], src):
                cells.append(cell)
        rows.append(Row(r.code, r.name, tuple(cells), src, r.level))
    return laid_table(ledger, Kind.REVENUE, owner, columns, rows, unit)


def _revenue_by_unit(ledger: Ledger, owner: Unit | None, unit: str, printed=None) -> Table | None:
    """The 收入总表 by unit (Henan's 单位收入预算表): the 合计, the 部门's row and the unit's own, each with
    this year's income by fund and last year's carry-over by fund."""
    mine = [e for e in ledger.entries if e.owner == owner and e.dim("side") == "spending"]
    if not mine:
        return None
    columns = printed or ("total", "current", *sorted({e.dim("fund") for e in mine if not e.dim("funded")},
                                                      key=_COLUMNS[Kind.REVENUE].index),
                          *(("carryover",) if any(e.dim("funded") for e in mine) else ()))
    ask = ask_all(ledger, Kind.EXPENDITURE, owner, unit)
    who = owner or ledger.unit
    rows = [("total", "合计")]
    if who.parent:
        rows.append((f"unit:{who.parent}", ledger.department or who.parent))
    rows.append((f"unit:{who.code}" if who.code else "unit", who.name or ""))
    out = []
    for i, (code, name) in enumerate(rows, 1):
        src = Source(ledger.file, line=i, table=Kind.REVENUE, row=code)
        cells = []
        for col in columns:
            flow, _, fund = col.rpartition(".") if col.startswith("carryover.") else ("", "", col)
            if col == "carryover":
                sel = {"funded": "carryover"}
            elif flow:
                sel = {"fund": fund, "funded": "carryover"}
            elif col in ("total", "current"):
                sel = {"funded": ""} if col == "current" else {}
            elif column_dims(col) and dict(column_dims(col)).get("fund"):
                sel = {"fund": col, "funded": ""}
            else:
                continue  # a memo column (其中：财政拨款): the region's ``same`` fills it
            if cell := derived_cell(col, (got := ask.cell(Kind.EXPENDITURE, sel, "total")) and got[0], src):
                cells.append(cell)
        out.append(Row(code, name, tuple(cells), src, 0))
    return laid_table(ledger, Kind.REVENUE, owner, columns, out, unit)


def _items(ledger: Ledger, kind: str, owner: Unit | None, unit: str, printed=None) -> Table | None:
    ask = ask_all(ledger, kind, owner, unit)
    mine = printed or _COLUMNS[kind]
    prior = any(e.dim("item") and e.dim("period") == "prior_year" for e in ledger.entries if e.owner == owner)
    columns = (*(("prior_year", *(f"prior_year.{c}" for c in mine[1:] if c != "operation_funds")) if prior else ()),
               *mine)
    row = laid_row(ask, kind, "total", "合计", {}, columns, 1)
    if row.cells:
        return laid_table(ledger, kind, owner, columns, [row], unit)
    return laid_table(ledger, kind, owner, columns, [
        Row("total", "合计", tuple(Cell(c, "0.00", Status.NUMBER, Decimal("0.00"), row.source.at(column=c))
                                  for c in columns), row.source)], unit)


_PROCUREMENT = (("goods", "货物类"), ("services", "服务类"), ("works", "工程类"))


def _procurement(ledger: Ledger, owner: Unit | None, unit: str, printed=None) -> Table | None:
    """The 政府采购预算明细表: a row for each kind of purchase, a column for each fund that pays."""
    mine = [e for e in ledger.entries if e.owner == owner and e.dim("purpose") == "procurement"]
    if not mine:
        return None
    funds = {e.dim("fund") for e in mine}
    columns = printed or ("total", *(c for c in _COLUMNS[Kind.REVENUE][1:] if c in funds))
    ask = ask_all(ledger, Kind.PROCUREMENT, owner, unit)
    items = [(code, name) for code, name in _PROCUREMENT if any(e.dim("row") == code for e in mine)]
    rows = [laid_row(ask, Kind.PROCUREMENT, code, name, {} if code == "total" else {"row": code}, columns, i + 1)
            for i, (code, name) in enumerate((("total", "合计"), *items))]
    return laid_table(ledger, Kind.PROCUREMENT, owner, columns, rows, unit)


_TYPES = {"other_operation": "其他运转类", "specific_purpose": "特定目标类"}


def _projects(ledger: Ledger, owner: Unit | None, unit: str, printed=None) -> Table | None:
    """The 项目支出预算表 (Henan): a row for each project, a column for each fund that pays this year and
    for each fund's carry-over."""
    mine = [(e, d) for e in ledger.entries if e.owner == owner for d in [dict(e.dims)]
            if d.get("purpose") == "project" and d.get("row")]
    if not mine:
        return None
    funds = {(d.get("fund"), d.get("funded", "")) for _, d in mine}
    columns = printed or ("total", *(f for f in _COLUMNS[Kind.REVENUE][2:] if (f, "") in funds),
                          *(f"carryover.{f}" for f in ("general_budget", "gov_fund", "soe") if (f, "carryover") in funds))
    view = mine[0][0].basis  # the view that has the projects
    ask = Asking(ledger, owner, unit, (view,))
    rows = []
    names = {d["row"]: (e.row_name, d.get("project_type")) for e, d in mine}
    for i, code in enumerate(("total", *names), 1):
        sel = {"purpose": "project", **({} if code == "total" else {"row": code})}
        src = Source(ledger.file, line=i, table=Kind.PROJECT_EXPENDITURE, row=code)
        cells = []
        for col in columns:
            fund = col.removeprefix("carryover.")
            want = sel if col == "total" else {**sel, "fund": fund, "funded": "carryover" if col != fund else ""}
            if cell := derived_cell(col, ask.amount(want, view), src):
                cells.append(cell)
        name, kind = names.get(code, ("合计", None))
        extra = (("type", _TYPES.get(kind or "", "")), ("unit", ledger.unit.name or "")) if code != "total" else ()
        rows.append(Row(code, name, tuple(cells), src, 0, None, extra))
    return laid_table(ledger, Kind.PROJECT_EXPENDITURE, owner, columns, rows, unit)
