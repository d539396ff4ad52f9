"""The budget's execution in a 决算 (DOMAIN.md §6): A113 决算数 ≤ 预算数 where spending cannot exceed
its appropriation, A114 a printed completion rate = 决算数 ÷ 预算数 × 100, judged on intervals (the
rate is printed rounded, and so are both amounts).

Where the two are: a table that prints 全年预算数 (or 年初预算数 alone) beside its 决算数 (``total``),
and a table that prints its columns twice, under a 预算数 block and a 决算数 block (its spec's
``blocks``): each 决算数 column against the same column of the 预算数 block.
"""
from __future__ import annotations

from typing import Iterable

from ..catalog.specs import Kind, spec
from ..model import half_ulp, unread
from ..report import Severity
from .base import ZERO, Context, Verdict, cell_source, finding, fmt, rate_check, rule, value
from .words import column_label, row_label, table_name

SPENT, BUDGETED = "决算数", "预算数"  # the block labels (tables.toml's ``blocks``)


def _budget_column(t) -> str:
    return "full_year_budget" if "full_year_budget" in t.columns else "initial_budget"


def _pairs(ctx: Context):
    """(table, row, 决算 column, 预算 column) that must satisfy 决算 ≤ 预算."""
    for t in ctx.tables(Kind.FINAL_GENERAL_EXPENDITURE):
        budget = _budget_column(t)
        if budget in t.columns:
            for r in t.rows:
                yield t, r, "total", budget
    for t in ctx.doc.tables:
        s = spec(t.kind)
        spent, budgeted = s.block(SPENT), s.block(BUDGETED)
        if not (spent and budgeted):
            continue
        for r in t.rows:
            for c in t.columns:
                if c == spent or c.startswith(spent + "."):
                    b = budgeted + c[len(spent):]
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


def rates(ctx: Context) -> Iterable:
    for t in ctx.tables(Kind.FINAL_GENERAL_EXPENDITURE):
        if "rate" not in t.columns:
            continue
        budget_col = _budget_column(t)
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
