"""X112, X113: the money the performance-target forms state against the budget tables (the
整体绩效目标表's funds, the 项目 forms' amounts against 项目支出)."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable

from ..catalog.specs import Kind
from ..derive import NOTHING, says
from ..derive.says import amount, printed
from ..model import UNREAD, unread
from .amounts import project_spending, within
from .base import ZERO, Context, finding, fmt, judged, rule, tally

WAN = Decimal(10000)


def _wan(v: Decimal | None, unit: str) -> Decimal | None:
    return None if v is None else (v / WAN if unit == "元" else v)


_FUNDS_NAMES = {"total": "预算支出总额", "basic": "基本支出", "project": "项目支出"}


def unit_performance_vs_budget(ctx: Context) -> Iterable:
    """X112: the 整体绩效目标表's funds against what the tables say: 支出总计 (the 收支总表's, else the
    财政拨款收支总表's), the 基本支出 table's 合计, the budget's 项目支出."""
    perf = ctx.doc.performance
    if perf is None or not perf.amounts:
        return
    a = dict(perf.amounts)
    s = ctx.table(Kind.SUMMARY) or ctx.table(Kind.FISCAL_SUMMARY)
    b = ctx.table(Kind.BASIC_EXPENDITURE)
    spend = says.tells(ctx.ledger, s, {"side": "spending"}, "total") if s is not None else None
    basic = says.tells(ctx.ledger, b, {}, "total") if b is not None else None
    project, where = project_spending(ctx)
    for name, got, what in (("total", spend, "支出总计"), ("basic", basic, "基本支出表合计"),
                            ("project", project, where)):
        mine, theirs = _wan(a.get(name), perf.amount_unit), amount(got)
        if mine is None or theirs is None or name in perf.lost:
            continue
        if unread(theirs):
            tally(X112, skipped=True)
            continue
        rounded = mine.quantize(theirs) if perf.amount_unit == "元" else mine
        v = within(rounded, got)
        if v.kind != "equal":
            yield finding(X112, v, f"整体绩效目标表{_FUNDS_NAMES[name]} {fmt(a.get(name))} {perf.amount_unit}（{fmt(rounded)} 万元）"
                          f"与{what} {fmt(theirs)} 万元不符", perf.source, table="unit_performance", row="funds",
                          column=name, expected=theirs, actual=rounded)


def _stated_coverage(ctx: Context):
    """“编报绩效目标的项目5个，涉及项目预算资金3328.13万元”: the narrative's own sum of the projects it
    sets targets for (Shanghai discloses the targets of some projects only)."""
    return next((c for c in ctx.doc.claims if c.kind == "amount" and c.unit == "万元" and "绩效" in c.sentence
                 and re.search(r"涉及.*资金", c.subject)), None)


def project_coverage(ctx: Context) -> Iterable:
    if not ctx.doc.projects:
        return
    stated = _stated_coverage(ctx)
    got, where = (printed(stated.amount), "情况说明所述编报绩效目标的项目资金") if stated else project_spending(ctx)
    target = amount(got)
    if target is None:
        return
    amounts = [p.amount for p in ctx.doc.projects]
    if not judged(X113, *(UNREAD if a is None else a for a in amounts)):
        return  # a form whose amount could not be read: the sum says nothing
    if unread(target):
        tally(X113, skipped=True)
        return
    total = sum(amounts, ZERO)
    v = within(sum(map(printed, amounts), NOTHING), got)  # each form's amount rounded: n half-units
    if v.kind != "equal":
        gap = f"，{fmt(target - total)} 万元的项目没有绩效目标表" if v.kind == "error" and total < target else ""
        yield finding(X113, v, f"{len(amounts)} 张项目绩效目标表合计 {fmt(total)} 万元，{where} {fmt(target)} 万元{gap}",
                      ctx.doc.projects[0].source, table="project_performance", column="total",
                      expected=target, actual=total)


X112 = rule("X112", "整体绩效目标表资金与预算表不一致",
            "整体绩效目标表的总额 = 支出总计；基本支出 = 基本支出表合计；项目支出 = 支出总表项目支出（元折万元后比较）。",
            "整体绩效目标表的资"
            "金与预算表是同一笔钱：总额等于支出总计，基本支出等于基本支出表合计，项目支出等于项目支出合计。整体绩效目"
            "标表常以元为单位，折合万元后比较。",
            "整体绩效目标表基本支出 9,864,738.93 元，即 986.47 万元，而基本支出表合计 984.28 万元：差 2.19 万元，错"
            "误。",
            unit_performance_vs_budget)
X113 = rule("X113", "项目绩效目标表未覆盖全部项目支出",
            "各项目支出绩效目标表的当年预算之和 = 项目支出（支出总表，或一般公共预算项目支出 + 国有资本经营预算支出）。",
            "项目支出应全部实行绩效目标管理：各项目绩效"
            "目标表的当年预算之和应等于项目支出。",
            "27 张项目绩效目标表合计 3,122.05 万元，项目支出 3,448.02 万元：325.97 万元的项目没有绩效目标表。",
            project_coverage)
