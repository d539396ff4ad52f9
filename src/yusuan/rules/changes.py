"""A117: a table's change on last year (增减额, 增减%) against its two years' amounts.

Tables that print last year's amount beside this year's often add the change: 增减额 = 本年 − 上年
and 增减% = 增减额 ÷ 上年 × 100. Every amount is printed rounded, so both are judged on intervals
(a difference within the printed digits is a rounding tail).
"""
from __future__ import annotations

from typing import Iterable

from ..model import unread
from .words import row_label, table_name
from .base import Context, cell_source, compare, finding, fmt, rate_check, rule

_KINDS = ("general_expenditure", "gov_fund_expenditure", "soe_expenditure", "expenditure", "basic_expenditure")


def changes(ctx: Context) -> Iterable:
    for t in (t for kind in _KINDS for t in ctx.tables(kind)):
        if "prior_year" not in t.columns or not {"change", "change_rate"} & set(t.columns):
            continue
        for r in t.rows:
            now, then = r.value("total"), r.value("prior_year")
            if now is None and then is None or unread(now, then):
                continue
            now, then = now or 0, then or 0
            change = r.value("change")
            if change is not None and not unread(change):
                v = compare(change, [now, -then])
                if v.kind != "equal":
                    yield finding(A117, v, f"{table_name(t)}「{row_label(r)}」增减额印为 {fmt(change)}，本年 {fmt(now)} − "
                                  f"上年 {fmt(then)} = {fmt(now - then, t.amount_unit)}", cell_source(r, "change"), table=t.kind,
                                  row=r.code, column="change", expected=now - then, actual=change)
            rate = r.value("change_rate")
            if rate is None or unread(rate) or not then:
                continue
            judged = rate_check(rate, now - then, then)
            if judged is not None:
                shown, v = judged
                yield finding(A117, v, f"{table_name(t)}「{row_label(r)}」增减率印为 {rate}%，（{fmt(now)} − {fmt(then)}）÷ "
                              f"{fmt(then)} = {shown}%", cell_source(r, "change_rate"), table=t.kind, row=r.code,
                              column="change_rate", expected=shown, actual=rate)


A117 = rule("A117", "增减额、增减率与两年数不符",
            "印有上年数和本年数的表（一般公共预算支出表、支出总表、基本支出表等）：增减额 = 本年数 − 上年数；"
            "增减率（%）= 增减额 ÷ 上年数 × 100。各数都是四舍五入后印出的，按区间判断：区间重叠为尾差。",
            "增减额和增减率由两年的数算出，不一致说明其中一个数印错，或上年数改过而增减没有重算。",
            "「208 社会保障和就业支出」上年 190.00，本年 200.00，增减额印为 12.00（应为 10.00）。", changes)

RULES = (A117,)
