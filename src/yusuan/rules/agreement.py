"""X130: the 决算 tables agree with each other (DOMAIN.md §6): a figure printed in two of them is the
same in both (the 一般公共预算 spending of the 财政拨款收入支出决算总表 and the 一般公共预算财政拨款支出决算表,
class by class and in total; its 基本支出 and the 基本支出决算表's 人员经费 + 公用经费; the 收入支出决算总表's
spending by class and the 支出决算表; its 本年收入合计 and the 收入决算表's).
"""
from __future__ import annotations

from typing import Iterable

from ..catalog.specs import Kind
from ..model.roles import RowRole, role
from .base import Context, cell_source, identity, rule
from .words import column_label, row_label, table_name


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


X130 = rule("X130", "决算：表与表的数字不一致",
            "财政拨款收入支出决算总表的一般公共预算支出（逐类、本年支出合计）= 一般公共预算财政拨款支出决算表；"
            "一般公共预算财政拨款支出决算表的基本支出合计 = 基本支出决算表的人员经费合计 + 公用经费合计；"
            "收入支出决算总表的支出（逐类）= 支出决算表；本年收入合计 = 收入决算表合计。",
            "同一个数在决算的几张表中各出现一次，必须相同：财政拨款收入支出决算总表与一般公共预算财政拨款支出决算表"
            "、基本支出与人员经费和公用经费、收入支出决算总表与收入决算表、支出决算表。",
            "财政拨款收入支出决算总表 208 一般公共预算 452.07 = 一般公共预算财政拨款支出决算表 208 决算数 452.07。",
            across)
