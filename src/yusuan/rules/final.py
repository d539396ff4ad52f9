"""Family A, 决算 (final accounts): the identities of DOMAIN.md §6.

A112 each fund balances over the year: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余;
A113 决算数 ≤ 全年预算数 where spending cannot exceed its appropriation (一般公共预算财政拨款,
“三公”); A114 a printed completion rate = 决算数 ÷ 预算数 × 100, judged on intervals: the rate is
printed rounded, and so are both amounts.
"""
from __future__ import annotations

from typing import Iterable

from ..catalog.specs import Kind
from ..model import half_ulp, unread
from ..model.roles import RowRole, role
from .amounts import cell_value
from .arithmetic import FUNDS
from .words import column_label, row_label, table_name
from .base import ZERO, Context, Verdict, cell_source, finding, fmt, identity, rate_check, rule, value
from ..report import Severity


# --- A112 ------------------------------------------------------------------------------------
def balances(ctx: Context) -> Iterable:
    for t in ctx.tables(Kind.FINAL_FISCAL_SUMMARY):
        for f in FUNDS:
            inc = [cell_value(t, f"in.{f}"), cell_value(t, f"in.carryover.{f}")]
            out = [cell_value(t, "out.current", f), cell_value(t, "out.carry_forward", f)]
            if any(v is not None for v in inc + out):
                src = t.row("out.current") or t.rows[0]
                yield from identity(A112, sum((v for v in inc if v is not None), ZERO), out,
                                    f"{table_name(t)}“{column_label(f)}”：年初结转和结余 + 本年收入 ≠ 本年支出 + 年末结转和结余",
                                    cell_source(src, f), unit=t.amount_unit, table=t.kind, row="out.current", column=f)
    for kind in ("final_gov_fund", "final_soe"):
        for t in ctx.tables(kind):
            if not {"opening_balance", "current_income", "closing_balance"} & set(t.columns):
                continue
            for r in t.rows:
                inc = [r.value("opening_balance"), r.value("current_income")]
                out = [r.value("total"), r.value("closing_balance")]
                if any(v is not None for v in inc + out):
                    yield from identity(A112, sum((v for v in inc if v is not None), ZERO), out,
                                        f"{table_name(t)}「{row_label(r)}」年初结转和结余 + 本年收入 ≠ 本年支出 + 年末结转和结余",
                                        cell_source(r, "total"), unit=t.amount_unit, table=t.kind, row=r.code,
                                        column="total")


# --- A113 ------------------------------------------------------------------------------------
def _pairs(ctx: Context):
    """(table, row, 决算 column, 预算 column) that must satisfy 决算 ≤ 预算."""
    for t in ctx.tables(Kind.FINAL_GENERAL_EXPENDITURE):
        budget = "full_year_budget" if "full_year_budget" in t.columns else "initial_budget"
        if budget in t.columns:
            for r in t.rows:
                yield t, r, "total", budget
    for t in ctx.tables(Kind.FINAL_THREE_PUBLIC):
        for r in t.rows:
            for c in t.columns:
                if c == "final" or c.startswith("final."):
                    b = "full_year_budget" + c[len("final"):]
                    if b in t.columns:
                        yield t, r, c, b


def within_budget(ctx: Context) -> Iterable:
    for t, r, c, b in _pairs(ctx):
        spent, budget = r.value(c), r.value(b)
        if spent is None or unread(spent, budget) or spent <= (budget or ZERO):
            continue
        slack = half_ulp(spent) + (half_ulp(budget) if budget is not None else ZERO)
        v = Verdict("tail" if spent - (budget or ZERO) <= slack else "error", spent - (budget or ZERO), slack)
        message = f"{table_name(t)}「{row_label(r)}」{column_label(c)} {fmt(spent)} 超过{column_label(b)} {fmt(budget)}"
        if b == "initial_budget" and v.kind == "error":
            # 年初预算数 is the budget before the year's adjustments: spending above it is
            # allowed when the budget was raised; only the full-year budget bounds it.
            v = Severity.WARNING
            message += "（表中没有全年预算数，年度中追加预算时可以超过年初预算数，请核对调整后的预算）"
        yield finding(A113, v, message, cell_source(r, c), table=t.kind, row=r.code, column=c,
                      expected=budget, actual=spent)


# --- A114 ------------------------------------------------------------------------------------
def rates(ctx: Context) -> Iterable:
    for t in ctx.tables(Kind.FINAL_GENERAL_EXPENDITURE):
        if "rate" not in t.columns:
            continue
        budget_col = "full_year_budget" if "full_year_budget" in t.columns else "initial_budget"
        for r in t.rows:
            printed, spent, budget = r.value("rate"), r.value("total"), value(r, budget_col)
            if printed is None or spent is None or not budget:
                continue
            judged = rate_check(printed, spent, budget)
            if judged is None:
                continue
            shown, verdict = judged
            yield finding(A114, verdict,
                          f"{table_name(t)}「{row_label(r)}」完成率印为 {printed}%，{column_label('total')} {fmt(spent)} ÷ "
                          f"{column_label(budget_col)} {fmt(budget)} = {shown}%",
                          cell_source(r, "rate"), table=t.kind, row=r.code, column="rate", expected=shown,
                          actual=printed)


# --- A116: the “三公” counts against their money -----------------------------------------------------
# (money column of the 决算数 block, its count column, what is counted)
_COUNTED = (("final.abroad", "abroad_groups", "因公出国（境）团组"), ("final.vehicle_purchase", "vehicle_purchase_count",
            "购置公务用车"), ("final.reception", "reception_batches", "国内公务接待批次"))


def counts_and_money(ctx: Context) -> Iterable:
    """Money spent with nothing counted, or something counted with no money spent: one of the two
    cells is wrong (a warning: a car paid this year and delivered next is possible, rarely)."""
    for t in ctx.tables(Kind.FINAL_THREE_PUBLIC):
        for r in t.rows:
            for money, count, what in _COUNTED:
                spent, n = r.value(money), r.value(count)
                if n is None or money not in t.columns or unread(spent, n):
                    continue
                if (spent or ZERO) > 0 and n == 0 or (spent or ZERO) == 0 and n > 0:
                    yield finding(A116, A116.severity, f"{table_name(t)}「{row_label(r)}」{column_label(money)} "
                                  f"{fmt(spent) if spent is not None else '空白'}，{what} {n.normalize():f}",
                                  cell_source(r, count), table=t.kind, row=r.code, column=count,
                                  expected=spent, actual=n)


# --- X130: the 决算 tables agree with each other -------------------------------------------------
def _classes(t) -> dict[str, object]:
    return {r.code: r for r in t.rows if role(r) is RowRole.CLASS and len(r.code) == 3 and r.side != "income"}


def _pairs_across(ctx: Context):
    """(what, left table, left row, left column, right table, right row, right column)."""
    fs, ge = ctx.table(Kind.FINAL_FISCAL_SUMMARY), ctx.table(Kind.FINAL_GENERAL_EXPENDITURE)
    su = ctx.table(Kind.FINAL_SUMMARY)
    ex, rv = ctx.table(Kind.FINAL_EXPENDITURE), ctx.table(Kind.FINAL_REVENUE)
    if fs is not None and ge is not None:
        for code, r in _classes(fs).items():
            if ge.row(code) is not None:
                yield "财政拨款收入支出决算总表的一般公共预算支出 = 一般公共预算财政拨款支出决算表", \
                    fs, r, "general_budget", ge, ge.row(code), "total"
        if fs.row("out.current") is not None and ge.row("total") is not None:
            yield "本年支出合计（一般公共预算）= 一般公共预算财政拨款支出决算表合计", \
                fs, fs.row("out.current"), "general_budget", ge, ge.row("total"), "total"
    if su is not None and ex is not None:
        for code, r in _classes(su).items():
            if ex.row(code) is not None:
                yield "收入支出决算总表的支出 = 支出决算表", su, r, "total", ex, ex.row(code), "total"
    if su is not None and rv is not None and su.row("in.current") is not None and rv.row("total") is not None:
        yield "本年收入合计 = 收入决算表合计", su, su.row("in.current"), "total", rv, rv.row("total"), "total"


def across(ctx: Context) -> Iterable:
    for what, lt, lr, lc, rt, rr, rc in _pairs_across(ctx):
        yield from identity(X130, lr.value(lc), [rr.value(rc)],
                            lambda: f"{what}：{table_name(lt)}「{row_label(lr)}」“{column_label(lc)}”栏 ≠ {table_name(rt)}「{row_label(rr)}」",
                            lambda: cell_source(lr, lc), unit=lt.amount_unit, table=lt.kind, row=lr.code, column=lc)
    ge, be = ctx.table(Kind.FINAL_GENERAL_EXPENDITURE), ctx.table(Kind.FINAL_BASIC_EXPENDITURE)
    if ge is not None and be is not None and ge.row("total") is not None and be.row("total") is not None:
        t = be.row("total")
        yield from identity(X130, ge.row("total").value("basic"), [t.value("personnel"), t.value("public")],
                            f"{table_name(ge)}合计行“基本支出”栏 ≠ {table_name(be)}人员经费合计 + 公用经费合计",
                            cell_source(ge.row("total"), "basic"), unit=ge.amount_unit, table=ge.kind, row="total",
                            column="basic")



A112 = rule("A112", "决算：结转结余不平衡",
            "财政拨款收入支出决算总表，每一种资金：年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余；"
            "政府性基金（国有资本经营）决算表每一行同样。",
            "决算的每一种资金各自平衡：年末结转和结余由年初结转和结余加本年收入减本年支出倒算得出。",
            "一般公共预算财政拨款：3.99 + 490.00 = 492.99 + 1.00。", balances)
A113 = rule("A113", "决算：决算数超过全年预算数",
            "一般公共预算财政拨款支出决算表每一行：决算数 ≤ 全年预算数；表中只有年初预算数时，超过年初预算数为警告"
            "（年度中可以追加预算）；"
            "“三公”经费支出决算表每一项：决算数 ≤ 预算数。",
            "财政拨款支出不能超过批准的预算；“三公”经费实行预算控制，不得超支。",
            "“三公”决算表：公务接待费决算 1.20 > 预算 1.00。", within_budget)
A114 = rule("A114", "决算：完成率与决算数、预算数不符",
            "一般公共预算财政拨款支出决算表的完成率（%）= 决算数 ÷ 全年预算数 × 100（没有全年预算数时用年初预算数）。"
            "三个数都是四舍五入后印出的，按区间判断：区间重叠为尾差，不重叠为错误。",
            "完成率是两个表内数的比值，不一致说明其中一个数印错。",
            "2080101 行政运行：312.45 ÷ 315.00 = 99.19%，印为 99.91%。", rates)

A116 = rule("A116", "决算：“三公”数量与金额不符",
            "“三公”经费支出决算表印有实物量时：有因公出国（境）费决算数就应有团组，有公务用车购置费就应有购置数，"
            "有公务接待费就应有接待批次；反之，数量不为零时费用也不应为零。",
            "花了钱却没有数量，或有数量却没花钱，两个单元格至少一个有误。",
            "公务用车购置费决算数为空白，公务用车购置数 1 辆。", counts_and_money)

X130 = rule("X130", "决算：表与表的数字不一致",
            "财政拨款收入支出决算总表的一般公共预算支出（逐类、本年支出合计）= 一般公共预算财政拨款支出决算表；"
            "一般公共预算财政拨款支出决算表的基本支出合计 = 基本支出决算表的人员经费合计 + 公用经费合计；"
            "收入支出决算总表的支出（逐类）= 支出决算表；本年收入合计 = 收入决算表合计。",
            "同一个数在决算的几张表中各出现一次，必须相同：财政拨款收入支出决算总表与一般公共预算财政拨款支出决算表"
            "、基本支出与人员经费和公用经费、收入支出决算总表与收入决算表、支出决算表。",
            "财政拨款收入支出决算总表 208 一般公共预算 452.07 = 一般公共预算财政拨款支出决算表 208 决算数 452.07。",
            across)

A_RULES = (A112, A113, A114)
X_RULES = (X130,)
