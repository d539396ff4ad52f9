"""X130: a figure a table prints again in another is the same in both (DOMAIN.md §6). Which figures:
the tables' specs (tables.toml ``agrees``): in a 决算, the 一般公共预算 spending of the 财政拨款收入支出
决算总表 and the 一般公共预算财政拨款支出决算表, class by class and in total; its 基本支出 and the 基本
支出决算表's 人员经费 + 公用经费; the 收入支出决算总表's spending by class and the 支出决算表; its 本年收入
合计 and the 收入决算表's.
"""
from __future__ import annotations

from typing import Iterable

from ..catalog.specs import table_specs
from ..model.roles import RowRole, role
from .base import Context, cell_source, identity, rule
from .words import cell_at, column_label, row_label, table_name


def _classes(t) -> dict[str, object]:
    return {r.code: r for r in t.rows if role(r) is RowRole.CLASS and len(r.code) == 3 and r.side != "income"}


def _pairs(ctx: Context):
    """(agreement, its table, its row, the other table, the other row)."""
    for s in table_specs():
        for a in s.agrees:
            lt, rt = ctx.table(s.kind), ctx.table(a.table)
            if lt is None or rt is None:
                continue
            if a.row == "classes":
                for code, r in _classes(lt).items():
                    if rt.row(code) is not None:
                        yield a, lt, r, rt, rt.row(code)
            elif lt.row(a.row) is not None and rt.row(a.table_row or a.row) is not None:
                yield a, lt, lt.row(a.row), rt, rt.row(a.table_row or a.row)


def across(ctx: Context) -> Iterable:
    for a, lt, lr, rt, rr in _pairs(ctx):
        if len(a.columns) == 1:
            yield from identity(X130, lr.value(a.column), [rr.value(a.columns[0])],
                                lambda: f"{a.what}：{table_name(lt)}「{row_label(lr)}」“{column_label(a.column)}”栏 ≠ "
                                        f"{table_name(rt)}「{row_label(rr)}」",
                                lambda: cell_source(lr, a.column), unit=lt.amount_unit, table=lt.kind, row=lr.code,
                                column=a.column)
            continue
        where = "合计" if rr.code == "total" else f"「{row_label(rr)}」"
        yield from identity(X130, lr.value(a.column), [rr.value(c) for c in a.columns],
                            f"{cell_at(lt, lr, a.column)} ≠ {table_name(rt)}"
                            + " + ".join(f"{column_label(c)}{where}" for c in a.columns),
                            cell_source(lr, a.column), unit=lt.amount_unit, table=lt.kind, row=lr.code,
                            column=a.column)


X130 = rule("X130", "决算：表与表的数字不一致",
            "财政拨款收入支出决算总表的一般公共预算支出（逐类、本年支出合计）= 一般公共预算财政拨款支出决算表；"
            "一般公共预算财政拨款支出决算表的基本支出合计 = 基本支出决算表的人员经费合计 + 公用经费合计；"
            "收入支出决算总表的支出（逐类）= 支出决算表；本年收入合计 = 收入决算表合计。",
            "同一个数在决算的几张表中各出现一次，必须相同：财政拨款收入支出决算总表与一般公共预算财政拨款支出决算表"
            "、基本支出与人员经费和公用经费、收入支出决算总表与收入决算表、支出决算表。",
            "财政拨款收入支出决算总表 208 一般公共预算 452.07 = 一般公共预算财政拨款支出决算表 208 决算数 452.07。",
            across)
