"""X130: a figure a table prints again in another is the same in both (DOMAIN.md §6). Which figures:
the tables' specs (tables.toml ``agrees``): in a 决算, the 一般公共预算 spending of the 财政拨款收入支出
决算总表 and the 一般公共预算财政拨款支出决算表, class by class and in total; its 基本支出 and the 基本
支出决算表's 人员经费 + 公用经费; the 收入支出决算总表's spending by class and the 支出决算表; its 本年收入
合计 and the 收入决算表's.

Each printed cell is checked against what the ledger derives for it from the other table (as that
table prints it: its row, its 合计s; else the sum of its rows), never against a cell looked up by its
place, and reported on the printed cell with the derived value.
"""
from __future__ import annotations

from typing import Iterable

from ..catalog.specs import table_specs
from ..ledger.build import row_selection
from ..model import unread
from ..model.roles import RowRole, row_role
from .amounts import amount, told, within
from .base import ZERO, Context, cell_source, finding, fmt, placed_by_tables, rule, tally
from .words import cell_at, column_label, row_label, table_name


def _rows(t, row: str):
    """The printed rows an agreement names: each 类 row of spending (``classes``), or its one row."""
    if row == "classes":
        return [r for r in t.rows if row_role(r.code) is RowRole.CLASS and len(r.code) == 3 and r.side != "income"]
    return [r for r in (t.row(row),) if r is not None]


def _named(a, lt, lr, rt) -> str:
    """The message's words for the two figures (the other table's as it prints it: its row, its columns)."""
    code = a.table_row or lr.code
    label = row_label(rt.row(code) or lr)  # (a row it does not print: named as this table names it)
    if len(a.columns) == 1:
        return (f"{a.what}：{table_name(lt)}「{row_label(lr)}」“{column_label(a.column)}”栏 ≠ "
                f"{table_name(rt)}「{label}」")
    where = "合计" if code == "total" else f"「{label}」"
    return f"{cell_at(lt, lr, a.column)} ≠ {table_name(rt)}" + " + ".join(
        f"{column_label(c)}{where}" for c in a.columns)


def across(ctx: Context) -> Iterable:
    for s in table_specs():
        for a in s.agrees:
            lt, rt = ctx.table(s.kind), ctx.table(a.table)
            if lt is None or rt is None:
                continue
            for lr in _rows(lt, a.row):
                sel = row_selection(lt, lr)
                got = None if sel is None else told(ctx, lt, sel, a.column, (a.table,))
                if got is None:
                    continue  # the other table cannot tell
                printed, derived = lr.value(a.column), amount(got)  # (nothing: it lists no such row)
                if printed is None and derived is None:
                    continue  # blank, and nothing in the other table: no figure to compare
                if unread(printed, derived):
                    tally(X130, skipped=True)
                    continue
                v = within(printed, got)
                if v.kind == "equal" and printed is not None and placed_by_tables(lr, a.column):
                    tally(X130, skipped=True)  # the other tables placed this value: it cannot confirm it
                    continue
                tally(X130)
                if v.kind == "equal":
                    continue
                derived = ZERO if derived is None else derived
                yield finding(X130, v, f"{_named(a, lt, lr, rt)}：印为 {fmt(printed, lt.amount_unit)}，"
                              f"应为 {fmt(derived, lt.amount_unit)}", cell_source(lr, a.column),
                              table=lt.kind, row=lr.code, column=a.column, expected=derived, actual=printed)


X130 = rule("X130", "决算：表与表的数字不一致",
            "财政拨款收入支出决算总表的一般公共预算支出（逐类、本年支出合计）= 一般公共预算财政拨款支出决算表；"
            "一般公共预算财政拨款支出决算表的基本支出合计 = 基本支出决算表的人员经费合计 + 公用经费合计；"
            "收入支出决算总表的支出（逐类）= 支出决算表；本年收入合计 = 收入决算表合计。",
            "同一个数在决算的几张表中各出现一次，必须相同：财政拨款收入支出决算总表与一般公共预算财政拨款支出决算表"
            "、基本支出与人员经费和公用经费、收入支出决算总表与收入决算表、支出决算表。",
            "财政拨款收入支出决算总表 208 一般公共预算 452.07 = 一般公共预算财政拨款支出决算表 208 决算数 452.07。",
            across)
