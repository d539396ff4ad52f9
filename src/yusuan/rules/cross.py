"""Family X: the same quantity printed in two tables (DOMAIN.md §2.3)."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from ..catalog.specs import Kind, spec, table_specs
from ..derive import NOTHING, Asking, Derived, asking, says
from ..derive.says import amount, printed
from ..ledger.build import row_selection
from ..catalog.vocabulary import RATES, THREE_PUBLIC_ITEMS
from ..model import Row, Table, unread
from ..model.roles import RowRole, row_role
from ..report import Severity
from .amounts import answered, rest, told, within
from .target_funds import X112, X113
from .words import column_label, row_label, table_name
from .base import ZERO, Context, Rule, cell_source, finding, fmt, or_zero, placed_by_tables, rule, tally, value


def _classes(t: Table | None) -> dict[str, Row]:
    return {r.code: r for r in (t.rows if t else ()) if row_role(r.code) is RowRole.CLASS and len(r.code) == 3
            and r.side != "income"}


def _same(rule: Rule, printed_: Decimal | Derived | None, got: Derived | None, what: str, row: Row | None, col: str,
          t: Table, other: str) -> Iterable:
    """A printed cell of ``t`` (or what ``t`` says of its rows, derived) against what the rest of the
    package derives for it, by their intervals (a sum of n printed values is ± their n half-units):
    equal, a rounding tail, or an error. Equal says nothing when the reader chose this value's column
    by what the other tables print: it cannot confirm itself."""
    a, b = amount(printed_) if isinstance(printed_, Derived) else printed_, amount(got)
    if a is None and b is None:
        return
    if unread(a, b):
        tally(rule, skipped=True)
        return
    v = None if a == b else within(printed_, got)  # (most agree: no intervals to weigh then)
    if v is None or v.kind == "equal":
        if row is not None and placed_by_tables(row, col):
            tally(rule, skipped=True)
    else:
        src = cell_source(row, col) if row is not None else t.source
        yield finding(rule, v, f"{table_name(t)}{what}印为 {fmt(a, t.amount_unit)}，而{other}为 {fmt(b, t.amount_unit)}", src,
                      table=t.kind, row=row.code if row else None, column=col, expected=b, actual=a)


# --- X101–X103: the three 收支 tables agree -------------------------------------------------------
def summary_vs_revenue_expenditure(ctx: Context) -> Iterable:
    s, rev, exp = ctx.table(Kind.SUMMARY), ctx.table(Kind.REVENUE), ctx.table(Kind.EXPENDITURE)
    if s is None:
        return
    grand = s.row("in.total")
    if rev is not None and rev.row("total") is not None and grand is not None:
        yield from _same(X101, value(grand, "total"), rest(ctx, s, grand, "total", (Kind.REVENUE,)), "「收入总计」",
                         grand, "total", s, f"{table_name(rev)}合计")
    if exp is not None and exp.row("total") is not None and s.row("out.current") is not None:
        row = s.row("out.current")
        yield from _same(X101, value(row, "total"), rest(ctx, s, row, "total", (Kind.EXPENDITURE,)),
                         "「本年支出合计」", row, "total", s, f"{table_name(exp)}合计")


_SOURCE_COLUMNS = ("general_budget", "gov_fund", "soe", "special_account", "business", "operating",
                   "superior_subsidy", "subordinate", "other", "carryover", "business_fund", "fiscal")
_FUNDS = ("general_budget", "gov_fund", "soe")


def _by_fund(t: Table, col: str) -> bool:
    """The table prints this fund in a column of its own, not only inside one 财政拨款收入 column."""
    return col not in _FUNDS or col in t.columns or "fiscal" not in t.columns


def income_by_source(ctx: Context) -> Iterable:
    s, rev = ctx.table(Kind.SUMMARY), ctx.table(Kind.REVENUE)
    if s is None or rev is None or rev.is_empty:
        return
    for col in _SOURCE_COLUMNS:
        if not _by_fund(rev, col) or col in ("fiscal", "carryover") and col not in rev.columns:
            continue  # a 收入总表 without a 上年结转 column (Shanghai's) says nothing of it
        row = s.row(f"in.{col}")
        theirs = rest(ctx, s, row, "total", (Kind.REVENUE,)) if row is not None else None
        if row is not None and (row.cells or amount(theirs)):
            yield from _same(X102, row.value("total"), theirs, f"「{row.name}」", row, "total", s,
                             f"{table_name(rev)}合计行")


def _class_of(ctx: Context, s: Table, code: str, other: Table):
    """What ``other`` says of a 类 of ``s``: its printed class row, else the sum of its rows of the class;
    nothing (``parts`` 0) when it lists classes and not this one. The 收入总表's classes are income by
    class (the side of its view)."""
    return told(ctx, s, {"function": code, **{k: v for k, v in spec(other.kind).dims if k == "side"}}, "total",
                (other.kind,))


def classes_agree(ctx: Context) -> Iterable:
    s = ctx.table(Kind.SUMMARY)
    if s is None:
        return
    mine = says.classes_told(ctx.ledger, s, "total")
    for other in (ctx.table(Kind.EXPENDITURE), ctx.table(Kind.REVENUE)):
        if other is None:
            continue
        for code, (v, row) in mine.items():
            theirs = _class_of(ctx, s, code, other)
            if theirs is None:
                continue  # an empty table (C103), or one by unit rather than by class (Henan 收入预算表)
            if theirs.parts:  # (what is derived through a value not known is not known: said nothing of)
                yield from _same(X103, v, theirs, f"「{code} {row.name}」", row, "total", s, table_name(other))
            elif amount(v):
                yield finding(X103, X103.severity, f"{table_name(other)}缺少「{code} {row.name}」类"
                              f"（{table_name(s)}为 {fmt(amount(v), s.amount_unit)}）", other.source,
                              table=other.kind, row=code, column="total", expected=amount(v))


# --- X104–X108: the 财政拨款 tables agree ---------------------------------------------------------
def fiscal_vs_general(ctx: Context) -> Iterable:
    """X104: the 财政拨款收支总表's 一般公共预算 column against what the 一般公共预算 table says."""
    f, g = ctx.table(Kind.FISCAL_SUMMARY), ctx.table(Kind.GENERAL_EXPENDITURE)
    if f is None or g is None:
        return
    for row in (*_classes(f).values(), f.row("out.current")):
        if row is None:
            continue
        theirs = rest(ctx, f, row, "general_budget", (Kind.GENERAL_EXPENDITURE,))
        if row.code == "out.current":
            yield from _same(X104, row.value("general_budget"), theirs, "「本年支出」一般公共预算", row,
                             "general_budget", f, f"{table_name(g)}合计")
        elif amount(theirs) is not None or row.value("general_budget"):
            yield from _same(X104, row.value("general_budget"), theirs, f"「{row.code} {row.name}」一般公共预算",
                             row, "general_budget", f, table_name(g))


def fiscal_funds(ctx: Context) -> Iterable:
    f = ctx.table(Kind.FISCAL_SUMMARY)
    cur = f.row("out.current") if f else None
    if cur is None:
        return
    fund = ctx.table(Kind.GOV_FUND_EXPENDITURE)
    if fund is not None:
        yield from _same(X105, cur.value("gov_fund"), rest(ctx, f, cur, "gov_fund", (Kind.GOV_FUND_EXPENDITURE,)),
                         "「本年支出」政府性基金", cur, "gov_fund", f, f"{table_name(fund)}合计")
    for other in (ctx.table(Kind.EXPENDITURE), ctx.table(Kind.REVENUE)):
        soe = _class_of(ctx, f, "223", other) if other is not None else None
        if soe is not None and soe.parts:  # a missing 223 class is X103's to report
            yield from _same(X105, cur.value("soe"), soe, "「本年支出」国有资本经营预算",
                             cur, "soe", f, f"{table_name(other)} 223 类")


def basic_agrees(ctx: Context) -> Iterable:
    """X106: the 一般公共预算 table's 基本支出 合计 against what the 基本支出 table says."""
    g, b = ctx.table(Kind.GENERAL_EXPENDITURE), ctx.table(Kind.BASIC_EXPENDITURE)
    if g is None or b is None:
        return
    row = g.row("total")
    yield from _same(X106, says.totals(ctx.ledger, g, "basic"),
                     rest(ctx, g, row, "basic", (Kind.BASIC_EXPENDITURE,)), "基本支出合计", row, "basic", g,
                     f"{table_name(b)}合计")


def general_within_expenditure(ctx: Context) -> Iterable:
    """X107: each row of the 一般公共预算 table against what the 支出总表 (all funds) says for it."""
    g, e = ctx.table(Kind.GENERAL_EXPENDITURE), ctx.table(Kind.EXPENDITURE)
    if g is None or e is None:
        return
    ask = asking(ctx.ledger, g, exclude_self=True, views=(Kind.EXPENDITURE,), printed=True)
    for row in g.rows:
        if row_role(row.code) is not RowRole.CLASS:
            continue
        sel = row_selection(g, row)
        if sel is None or amount(answered(ask.cell(Kind.EXPENDITURE, sel, "total"))) is None:
            continue  # a row the 支出总表 does not have (X103 says so of a class), or cannot tell
        for col in ("total", "basic", "project"):
            a = row.value(col)
            got = None if a is None else answered(ask.cell(Kind.EXPENDITURE, sel, col))
            b = amount(got)
            if b is None or unread(a, b) or a <= b or within(a, got).kind != "error":  # (most are not larger)
                if b is not None and (unread(a, b) or placed_by_tables(row, col)):
                    tally(X107, skipped=True)  # not known, or the 支出总表's row placed this value: it cannot confirm it
                continue
            yield finding(X107, X107.severity, f"{table_name(g)}「{row.code} {row.name}」“{column_label(col)}”栏 "
                          f"{fmt(a, g.amount_unit)}，大于{table_name(e)}同一栏的 {fmt(b, g.amount_unit)}"
                          f"（后者含全部资金，不应更小）", cell_source(row, col),
                          table=g.kind, row=row.code, column=col, expected=b, actual=a)


def fiscal_income(ctx: Context) -> Iterable:
    f, s, rev = ctx.table(Kind.FISCAL_SUMMARY), ctx.table(Kind.SUMMARY), ctx.table(Kind.REVENUE)
    row = f.row("in.general_budget") if f else None
    if row is None:
        return
    if s is not None and s.row("in.general_budget") is not None:
        yield from _same(X108, row.value("total"), rest(ctx, f, row, "total", (Kind.SUMMARY,)),
                         "「一般公共预算拨款」", row, "total", f, f"{table_name(s)}")
    if rev is not None and not rev.is_empty and _by_fund(rev, "general_budget"):
        yield from _same(X108, row.value("total"), rest(ctx, f, row, "total", (Kind.REVENUE,)),
                         "「一般公共预算拨款」", row, "total", f, f"{table_name(rev)}合计行")


# --- X109: 三公 and its economic codes ---------------------------------------------------------
def three_public_codes(ctx: Context) -> Iterable:
    """X109: each “三公” item against what the 基本支出 table spends on it (its 经济分类 款 of the item,
    the ledger's ``item``): the item may add project spending, never less."""
    t, b = ctx.table(Kind.THREE_PUBLIC), ctx.table(Kind.BASIC_EXPENDITURE)
    row = t.row("total") if t else None
    if row is None or b is None:
        return
    for col in THREE_PUBLIC_ITEMS:
        spent = told(ctx, t, {"item": col}, "total", (Kind.BASIC_EXPENDITURE,), Kind.BASIC_EXPENDITURE)
        if spent is None or not spent.parts:
            continue
        mine = or_zero(row.value(col))
        if unread(mine):
            continue
        if spent.unread:
            tally(X109, skipped=True)  # the 款 is printed but not known
        elif mine < spent.value and within(mine, spent).kind == "error":
            names = "、".join(dict.fromkeys(f"{e.row} {e.row_name}" for e, d in ctx.ledger.view(b.kind, b.unit)[0]
                                            if d.get("item") == col))
            yield finding(X109, X109.severity, f"{table_name(t)}“{column_label(col)}”为 {fmt(row.value(col), t.amount_unit)}，"
                          f"少于基本支出表「{names}」的 {fmt(spent.value, t.amount_unit)}", cell_source(row, col),
                          table=t.kind, row="total", column=col, expected=spent.value, actual=mine)
        elif placed_by_tables(row, col):
            tally(X109, skipped=True)  # the 基本支出 table's 款 placed this value: it cannot confirm it


# --- X115: Henan's 项目支出预算表 against the budget and the forms ------------------------------
def henan_projects(ctx: Context) -> Iterable:
    """X115: the 项目支出预算表's 合计 against the 支出总表's 项目支出, each project against its form, and
    the 支出经济分类汇总表's 合计 against the 支出总表's (the other table's 合计 as printed, else the sum
    of its rows)."""
    t = ctx.table(Kind.PROJECT_EXPENDITURE)
    if t is None:
        return
    e = ctx.table(Kind.EXPENDITURE)
    row = t.row("total")
    if row is not None and e is not None:
        yield from _same(X115, row.value("total"), rest(ctx, t, row, "total", (Kind.EXPENDITURE,)), "合计",
                         row, "total", t, f"{table_name(e)}项目支出")
    rows = {r.code: r for r in t.rows if r.code and len(r.code) == 21}
    for p in ctx.ledger.projects:
        r = rows.get(p.code or "")
        if r is not None and p.amount is not None:
            yield from _same(X115, r.value("total"), printed(p.amount), f"「{p.name}」", r, "total", t, "其绩效目标表资金总额")
    econ = ctx.table(Kind.ECONOMIC_SUMMARY)
    if econ is not None and e is not None:
        total = econ.row("total")
        yield from _same(X115, says.totals(ctx.ledger, econ, "total"),
                         rest(ctx, econ, total, "total", (Kind.EXPENDITURE,)), "合计", total, "total", econ,
                         f"{table_name(e)}合计")


# --- X120: a table from the previous year -------------------------------------------------------
_CHECKS_OF_TABLE = ("X101", "X102", "X103", "X104", "X105", "X108")


def _priors(ctx: Context) -> set[Decimal]:
    """Last year's figures the narrative implies: each amount stated, less (or plus) each change
    stated in the same section."""
    changes: dict[str | None, list] = {}  # by section
    for c in ctx.doc.claims:
        if c.kind == "change" and c.unit == "万元" and c.direction in ("增加", "减少", "增长", "下降"):
            changes.setdefault(c.section, []).append(c)
    return {a.amount - c.amount if c.direction in ("增加", "增长") else a.amount + c.amount
            for a in ctx.doc.claims if a.kind == "amount" and a.unit == "万元" for c in changes.get(a.section, ())}


def wrong_year(ctx: Context) -> Iterable:
    priors = _priors(ctx)
    if not priors:
        return
    errors = [f for r in RULES if r.code in _CHECKS_OF_TABLE for f in ctx.findings_of(r)
              if f.severity is Severity.ERROR]  # as check() ran them, not run twice
    for t in ctx.doc.tables:
        failing = [f for f in errors if f.table == t.kind]
        if len(failing) < 2:
            continue
        matched: dict[Decimal, str] = {}  # each distinct figure once, with where it is printed
        for r in t.rows:
            for c in r.cells:
                if c.value and c.value in priors and row_role(r.code) is not RowRole.CLASS:
                    matched.setdefault(c.value, f"「{r.name}」{column_label(c.column)}")
        if len(matched) >= 2:
            shown = "；".join(f"{where} {fmt(v, t.amount_unit)}" for v, where in sorted(matched.items(), reverse=True)[:3])
            yield finding(X120, X120.severity, f"{table_name(t)}的数字是上一年度的：{shown} 都等于情况说明中"
                          f"本年数减去所述增减额，而与本年其他表不符（{len(failing)} 处）", t.source,
                          table=t.kind, actual=", ".join(str(v) for v in sorted(matched, reverse=True)[:3]))


# --- X116: a 部门 package's 汇总 tables = Σ its units' own tables --------------------------------
def _listed_units(t: Table) -> set[str]:
    return {r.code[5:] for r in t.rows if row_role(r.code) is RowRole.UNIT and len(r.code) == 11}


def units_sum(ctx: Context) -> Iterable:
    """Each cell of a 汇总 table against the sum of what the units' own tables of its kind say for it
    (the ledger's view of each unit's table: its printed row, else the sum of its rows); the 汇总's row
    of a unit against that unit's table's 合计."""
    units = ctx.doc.table_units
    if not units:
        return
    package = [t for t in ctx.doc.tables if t.unit is None]
    listed = set().union(*(_listed_units(t) for t in package))
    printed = {u.code for u in units}
    if listed and None not in printed and not listed <= printed:
        return  # the 汇总 lists units whose tables are not printed: the sets do not add up to it
    for t in package:
        theirs = [next((x for x in ctx.doc.tables if x.unit == u and x.kind == t.kind), None) for u in units]
        if t.kind == "unknown" or any(x is None for x in theirs):
            continue  # a unit without this table: nothing to add up (C101 asks for it)
        asks = [Asking(ctx.ledger, u, t.amount_unit, (t.kind,), printed=True) for u in units]
        columns = [c for c in t.columns if c not in RATES]  # rates do not add up
        under = None  # the unit whose classes follow its row in a 汇总 by unit (Henan's 支出预算表)
        for r in t.rows:
            if row_role(r.code) is RowRole.UNIT:  # the 汇总's row of a unit = that unit's own total
                under = next((i for i, u in enumerate(units) if u.code == r.code[5:]), None)
                if under is not None:
                    u, x = units[under], theirs[under]
                    for col in columns:
                        got = answered(asks[under].cell(t.kind, {}, col))
                        if r.cell(col) is not None or amount(got) is not None:
                            yield from _summed(t, r, col, [got], (u,), f"{u.name}{table_name(x)}合计")
                continue
            sel = row_selection(t, r)
            if sel is None:
                continue
            mine = range(len(units)) if under is None or row_role(r.code) is RowRole.TOTAL else (under,)
            cols = ("total",) if t.kind in _TWO_SIDED and r.side == "income" else columns  # the income side's one
            got = {col: [asks[i].cell(t.kind, sel, col) for i in mine] for col in cols}
            if not any(g and g[0].parts for gs in got.values() for g in gs):
                continue  # a row no unit has (the 汇总 by unit, the units by class): not comparable
            for col in cols:
                yield from _summed(t, r, col, [answered(g) for g in got[col]], [units[i] for i in mine])


_TWO_SIDED = frozenset(s.kind for s in table_specs() if s.rows == "sides")


def _summed(t: Table, r: Row, col: str, told_: list[Derived | None], units, what: str | None = None) -> Iterable:
    """A 汇总 cell against the sum of what its units' tables say for it, by intervals (each unit's
    figure ± the half-units of the printed values it was made of)."""
    mine, parts = r.value(col), [amount(g) for g in told_]
    if mine is None and all(p is None for p in parts):
        return
    if unread(mine, *parts):
        tally(X116, skipped=True)
        return
    v = within(mine, sum((g for g in told_ if g is not None), NOTHING))
    if v.kind != "equal":
        got = sum((p for p in parts if p is not None), ZERO)
        shown = what or (f"{units[0].name}同表" if len(units) == 1 else
                         "各单位同表之和（" + " + ".join(f"{u.name} {fmt(p)}" for u, p in zip(units, parts)) + "）")
        label = "合计" if row_role(r.code) is RowRole.TOTAL else row_label(r)
        yield finding(X116, v, f"汇总{table_name(t)}「{label}」“{column_label(col)}”栏印为 {fmt(mine, t.amount_unit)}，"
                               f"而{shown}为 {fmt(got, t.amount_unit)}",
                      cell_source(r, col), table=t.kind, row=r.code, column=col, expected=got, actual=mine)


def consolidate(findings: list) -> list:
    """A table found to be last year's is one finding, not one per cell it contradicts."""
    stale = {f.table for f in findings if f.code == "X120"}
    return [f for f in findings if not (f.code in _CHECKS_OF_TABLE and f.table in stale)]



X101 = rule("X101", "收支总表与收入总表、支出总表的总额不一致",
            "收支总表的收入总计 = 收入总表合计；本年支出合计 = 支出总表合计。",
            "收支总表、收入总表、支出总表反映的是同一笔资金：收支总表的收入总计等于收入总表合计，本年支出合计等于支"
            "出总表合计。",
            "收支总表收入总计 1,524.40 = 收入总表合计 1,524.40（一致）。", summary_vs_revenue_expenditure)
X102 = rule("X102", "分来源收入与收入总表不一致",
            "收支总表每项收入（一般公共预算、政府性基金、国有资本经营、事业收入…）= 收入总表合计行同一来源。",
            "收支总表按来源列示的每一项"
            "收入，与收入总表合计行同一来源的数是同一个数。",
            "收支总表“一般公共预算拨款收入”2,023.59 = 收入总表合计行“一般公共预算”2,023.59（一致）"
            "。", income_by_source)
X103 = rule("X103", "分类支出在各表不一致或缺失",
            "收支总表的每一类支出 = 支出总表、收入总表的同一类合计；一张表列出的类另一张表不能缺。",
            "收支总表列示的每一类支出，必须在支出"
            "总表（及按科目列示的收入总表）中以相同的数出现；一张表有而另一张表没有的类，是漏列或多列。",
            "收支总表列有 208、210、221、223 四类支出，支出总表只列 208 类：缺少 210、221、223 三类。", classes_agree)
X104 = rule("X104", "财政拨款收支总表与一般公共预算支出表不一致",
            "财政拨款收支总表每一类的一般公共预算数 = 一般公共预算支出表该类小计；本年支出的一般公共预算数 = 后者合计。",
            "财政拨款收支总表的一"
            "般公共预算支出，按类细化就是一般公共预算支出表：每一类和合计都必须相同。",
            "财政拨款收支总表“208 社会保障和就业支出”一般公共预算印为 3,649.82，一般公共预算支出"
            "表为 3,649.83：差 0.01，报告为尾差提示。", fiscal_vs_general)
X105 = rule("X105", "政府性基金、国有资本经营支出与其表不一致",
            "财政拨款收支总表的政府性基金支出 = 政府性基金预算支出表合计；国有资本经营支出 = 支出总表（收入总表）223 类。",
            "财政拨款收支总表的政府性基金支出由政"
            "府性基金预算支出表细化，国有资本经营预算支出对应支出总表（收入总表）的 223 类。", "财政拨款收支总表国有资本经营预算支出 177.60，而支出总表 223 类为 211.99：错误。", fiscal_funds)
X106 = rule("X106", "基本支出合计在两表不一致",
            "一般公共预算支出表的基本支出合计 = 一般公共预算基本支出表合计。",
            "一般公共预算支出表的基本支出，按经济分类细化就是一般公共预算基本支出表：两者合计相同。",
            "一般公共预算支出表基本支出合计 879.69 + 38.50 + 66.09 = 984.28 = 一般公共预算基本支出表合"
            "计 984.28（一致）。", basic_agrees)
X107 = rule("X107", "一般公共预算支出大于全部资金支出",
            "一般公共预算支出表每一行不大于支出总表同一行（支出总表含全部资金）。",
            "支出总表含全部资金来源，一般公共预算支出表只含其中的一般公共预算：同一科目同一栏，前者不能小于后者。",
            "2080101 一般公共预算 530.70 > 支出总表 500.00。", general_within_expenditure)
X108 = rule("X108", "一般公共预算拨款收入在各表不一致",
            "财政拨款收支总表的一般公共预算拨款 = 收支总表一般公共预算拨款收入 = 收入总表一般公共预算合计。",
            "一般公共预算拨款收入在财政拨款收支总表、收支总表和收入总表中各出现一次，三处是同一个数。",
            "财政拨款收支总表一般公共预算拨款 1,878.04，而收支总表为 2,023.59：错误。", fiscal_income)
X109 = rule("X109", "“三公”经费少于对应经济分类",
            "三公表：因公出国 ≥ 基本支出表的因公出国（境）费用（全国编码 30212），公务接待 ≥ 公务接待费（30217），"
            "公务用车运行 ≥ 公务用车运行维护费（30231），公务用车购置 ≥ 公务用车购置（31013、30913）。按科目名称对应："
            "有的地区对商品和服务支出的款另行编号。",
            "“三公”经费包括基本支出中的因公出国（境）费、公务接待费、公务用车运行维护费和公务用车购置，还可另含项目"
            "支出：“三公”经费表的各项不能少于基本支出表中的对应科目。",
            "“三公”经费表公务用车运行费 3.50 = 基本支出表 30231 公务用车运行维护费 3.50（一致）"
            "。", three_public_codes)
X115 = rule("X115", "项目支出预算表与绩效目标表、支出总表不一致",
            "（河南）项目支出预算表合计 = 支出总表项目支出；每个项目的金额 = 其绩效目标表资金总额；"
            "支出经济分类汇总表合计 = 支出总表合计。",
            "河南等地的项目支出预算表逐个列出项目：其合计等于支出总表"
            "的项目支出，每个项目的金额等于其绩效目标表的资金总额；支出经济分类汇总表合计等于支出总表合计。",
            "项目支出预算表合计 6,760.85 = 支出总表项目支出 6,760.85（一致）。", henan_projects)
X116 = rule("X116", "部门汇总表不等于所属单位同表之和",
            "部门预算包先列部门汇总表、再列各预算单位自己的表时：汇总表每一行每一列 = 各单位同一张表同一行同一列之和；"
            "汇总表中单位行（303016）= 该单位同一张表的合计。",
            "部门预算是所属各预算单位预算的汇总：部门汇总表的每一个数，等于各单位同一张表同一行同一栏之和。",
            "汇总收入总表 2080101 合计 150.00 = 本级 100.00 ＋ 中心 50.00。", units_sum, scope="document")

X120 = rule("X120", "表格是上一年度的",
            "一张表与本年其他表多处不符，而它的数字正好是情况说明中本年数减去所述增减额（即上年数）。"
            "此时只报这一条，不再逐格报告它引起的不符。",
            "沿用上年报表是常见错误；逐格报告会淹没真正的原因。",
            "财政拨款收支总表收入合计 2,123.04 = 情况说明所述本年 2,235.58 − 增加额 112.54；一般公共预算"
            " 1,945.44 = 2,023.59 − 78.15：该表是上一年度的表，报告一条 X120。", wrong_year)

RULES = (X101, X102, X103, X104, X105, X106, X107, X108, X109, X112, X113, X115, X116, X120)
