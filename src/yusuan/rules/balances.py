"""A112: each fund balances over the year (DOMAIN.md §6): 年初结转和结余 + 本年收入 = 本年支出 +
年末结转和结余, in a two-sided table of the funds (its income rows ``in.F`` and ``in.carryover.F``, its
spending rows ``out.current`` and ``out.carry_forward`` in the fund's column) and on every row of a
table that prints the four as columns (opening_balance, current_income, total, closing_balance).
"""
from __future__ import annotations

from typing import Iterable

from ..catalog.specs import Kind
from .amounts import cell_value
from .arithmetic import FUNDS
from .base import ZERO, Context, cell_source, identity, rule
from .words import column_label, row_label, table_name

_FLOWS = ("opening_balance", "current_income", "closing_balance")  # with total: a row's year, as columns


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
    for t in ctx.doc.tables:
        if t.kind == Kind.FINAL_FISCAL_SUMMARY or not set(_FLOWS) & set(t.columns):
            continue
        for r in t.rows:
            inc = [r.value("opening_balance"), r.value("current_income")]
            out = [r.value("total"), r.value("closing_balance")]
            if any(v is not None for v in inc + out):
                yield from identity(A112, sum((v for v in inc if v is not None), ZERO), out,
                                    f"{table_name(t)}「{row_label(r)}」年初结转和结余 + 本年收入 ≠ 本年支出 + 年末结转和结余",
                                    cell_source(r, "total"), unit=t.amount_unit, table=t.kind, row=r.code,
                                    column="total")


A112 = rule("A112", "决算：结转结余不平衡",
            "财政拨款收入支出决算总表，每一种资金：年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余；"
            "政府性基金（国有资本经营）决算表每一行同样。",
            "决算的每一种资金各自平衡：年末结转和结余由年初结转和结余加本年收入减本年支出倒算得出。",
            "一般公共预算财政拨款：3.99 + 490.00 = 492.99 + 1.00。", balances)
