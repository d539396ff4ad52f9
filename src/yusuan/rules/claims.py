"""Family N: what a 决算 情况说明 says against its tables (DOMAIN.md §6), claim by claim.

The claims come named and coded from the 决算 narrative reader (read/final_narrative.py): totals by
subject, 项/类 by functional code, “三公” by column, 政府采购 and 绩效自评 by item. Which cell a subject
names is its table's spec (tables.toml: ``said``, ``said_under``); a “三公” amount is in the column of
the block its measure names (``blocks``: 预算数, 决算数). N110 totals, N111 项/类 年初预算 and 决算, N112
completion rates (on intervals), N113 “三公” 预算 and 决算, N115 政府采购 货物 + 工程 + 服务 = 总额, N116
the share awarded to small and medium enterprises (on intervals). The counts (N114, N117): counts.py.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from ..catalog.specs import Kind, said, said_under, spec
from ..model import Claim
from ..report import Severity
from .words import column_label, table_name
from .base import ZERO, Context, compare, finding, fmt, rate_check, rule

_ITEM_COLUMNS = {"年初预算数": "initial_budget", "预算数": "initial_budget", "全年预算数": "full_year_budget",
                 "决算数": "total"}
_THREE = ("total", "abroad", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
_THREE_NAMES = {"total": "“三公”经费", "abroad": "因公出国（境）费", "vehicles": "公务用车购置及运行费",
                "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行费", "reception": "公务接待费"}


def coded(ctx: Context) -> bool:
    """The document's claims are the 决算 narrative reader's, named and coded."""
    return ctx.doc.kind == "final_accounts"


def _claims(ctx: Context, kind: str, unit: str = "万元") -> Iterable[Claim]:
    return (c for c in ctx.doc.claims if c.kind == kind and c.unit == unit) if coded(ctx) else ()


def printed(ctx: Context, kind: str, row: str, col: str) -> tuple[Decimal | None, str]:
    """A printed cell, blank as zero in a row that exists; and where it is, in words."""
    t = ctx.table(kind)
    r = t.row(row) if t is not None else None
    if r is None:
        return None, ""
    label = spec(kind).word(col) or column_label(col)
    return r.value(col) if r.value(col) is not None else ZERO, f"{table_name(t)}「{r.name}」{label}"


def block_column(kind: str, code: str, measure: str) -> str:
    """A column of the block ``measure`` (预算数, 决算数) names: ``final.abroad``; the block's total is its prefix."""
    prefix = spec(kind).block(measure)
    return prefix if code == "total" else f"{prefix}.{code}"


# --- N110 totals ----------------------------------------------------------------------------------
def totals(ctx: Context) -> Iterable:
    for c in _claims(ctx, "amount"):
        if c.code is not None or c.subject not in said():
            continue
        kind, row, col = said_under(c.section or "", c.subject) or said()[c.subject]
        mine, where = printed(ctx, kind, row, col)
        if mine is None:
            continue
        v = compare(c.amount, [mine])
        if v.kind != "equal":
            yield finding(N110, v, f"情况说明“{c.text}”，而{where}为 {fmt(mine)} 万元", c.source,
                          table=kind, row=row, column=col, expected=mine, actual=c.amount)


# --- N111 项/类 年初预算 and 决算 ---------------------------------------------------------------------
def items(ctx: Context) -> Iterable:
    t = ctx.table(Kind.FINAL_GENERAL_EXPENDITURE)
    if t is None:
        return
    for c in _claims(ctx, "amount"):
        if c.code is None or c.subject not in _ITEM_COLUMNS or c.code.startswith(
                ("three_public.", "procurement.", "self_evaluation.")):
            continue
        row = t.row(c.code)
        if row is None:
            yield finding(N111, Severity.WARNING, f"情况说明“{c.text}”：{table_name(t)}中没有科目“{c.code}”", c.source,
                          table=t.kind, actual=c.amount)
            continue
        col = _ITEM_COLUMNS[c.subject]
        if col not in t.columns:
            continue  # the table does not print that column (a 决算 table of 决算数 only): nothing to compare
        mine, where = printed(ctx, t.kind, c.code, col)
        v = compare(c.amount, [mine])
        if v.kind != "equal":
            yield finding(N111, v, f"情况说明“{c.text}”（{c.code} {row.name}），而{where}为 {fmt(mine)} 万元",
                          c.source, table=t.kind, row=c.code, column=col, expected=mine, actual=c.amount)


# --- N112 completion rates --------------------------------------------------------------------------
def _stated(ctx: Context, c: Claim, subjects: tuple[str, ...]) -> Decimal | None:
    return next((x.amount for x in ctx.doc.claims if x.code == c.code and x.sentence == c.sentence
                 and x.subject in subjects and x.unit == "万元"), None)


def _agrees(stated: Decimal | None, printed: Decimal | None) -> bool:
    return stated is not None and (printed is None or compare(stated, [printed]).kind != "error")


def rates(ctx: Context) -> Iterable:
    for c in _claims(ctx, "percent", "%"):
        if c.code is None or not c.subject.startswith("完成"):
            continue
        if c.code.startswith("three_public."):
            kind, row, item = Kind.FINAL_THREE_PUBLIC, "total", c.code.split(".", 1)[1]
            final_col, budget_col = block_column(kind, item, "决算数"), block_column(kind, item, "预算数")
            budget_words = ("预算数",)
        else:
            kind, row, final_col = "final_general_expenditure", c.code, "total"
            budget_col = "full_year_budget" if c.subject == "完成全年预算" else "initial_budget"
            budget_words = ("全年预算数",) if budget_col == "full_year_budget" else ("年初预算数", "预算数")
        f_cell, f_where = printed(ctx, kind, row, final_col)
        b_cell, b_where = printed(ctx, kind, row, budget_col)
        f_said, b_said = _stated(ctx, c, ("决算数",)), _stated(ctx, c, budget_words)
        # the stated amounts when they agree with the table (N111/N113 report them otherwise)
        spent = f_said if _agrees(f_said, f_cell) else f_cell
        budget = b_said if _agrees(b_said, b_cell) else b_cell
        full = _stated(ctx, c, ("全年预算数",)) if budget_col == "initial_budget" else None
        if spent and budget == 0 and full and rate_check(c.amount, spent, full) is None:
            # “年初预算为 0 万元，全年预算为 321.02 万元…完成年初预算的 95.89%”: 95.89% is of the 全年预算
            yield finding(N112, N112.severity, f"情况说明“{c.text}”：年初预算为 0，无从计算完成年初预算的比例；{c.amount}% 是"
                          f"决算 {fmt(spent)} ÷ 全年预算 {fmt(full)}，应写作“完成全年预算的”", c.source, table=kind,
                          row=row, column=final_col, expected="完成全年预算", actual=c.subject)
            continue
        if not spent or not budget:
            continue
        judged = rate_check(c.amount, spent, budget)
        if judged is None:
            continue
        shown, verdict = judged
        yield finding(N112, verdict, f"情况说明“{c.text}”，决算 {fmt(spent)} ÷ 预算 {fmt(budget)} = {shown}%",
                      c.source, table=kind, row=row, column=final_col, expected=shown, actual=c.amount)


# --- N113 “三公” 预算 and 决算 ------------------------------------------------------------------------
def three_public(ctx: Context) -> Iterable:
    for c in _claims(ctx, "amount"):
        item = (c.code or "").removeprefix("three_public.")
        if item not in _THREE or c.code == item or c.subject not in ("预算数", "决算数"):
            continue
        col = block_column(Kind.FINAL_THREE_PUBLIC, item, c.subject)
        mine, where = printed(ctx, "final_three_public", "total", col)
        if mine is None:
            continue
        v = compare(c.amount, [mine])
        if v.kind != "equal":
            yield finding(N113, v, f"情况说明“{c.text}”（{_THREE_NAMES[item]}），而{where}为 {fmt(mine)} 万元",
                          c.source, table="final_three_public", row="total", column=col, expected=mine,
                          actual=c.amount)


# --- N115 / N116 政府采购 -------------------------------------------------------------------------------
def _procurement(ctx: Context) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = {}
    for c in ctx.doc.claims if coded(ctx) else ():
        if c.code and c.code.startswith("procurement."):
            out.setdefault(c.section or "", []).append(c)
    return out


def procurement_parts(ctx: Context) -> Iterable:
    for group in _procurement(ctx).values():
        total = next((c for c in group if c.code == "procurement.total"), None)
        parts = [c for c in group if c.code in ("procurement.goods", "procurement.works", "procurement.services")]
        if total is None or not parts:
            continue
        v = compare(total.amount, [p.amount or ZERO for p in parts])  # “0万元”: none, exactly
        if v.kind != "equal":
            stated = "、".join(f"{p.subject} {fmt(p.amount)}" for p in parts)
            yield finding(N115, v, f"情况说明政府采购支出总额 {fmt(total.amount)} 万元，而{stated} 之和为 "
                          f"{fmt(sum((p.amount for p in parts), ZERO))} 万元", total.source,
                          expected=sum((p.amount for p in parts), ZERO), actual=total.amount)


def procurement_share(ctx: Context) -> Iterable:
    for group in _procurement(ctx).values():
        total = next((c for c in group if c.code == "procurement.total"), None)
        sme = next((c for c in group if c.code == "procurement.sme"), None)
        for c in (c for c in group if c.code == "procurement.sme_share"):
            if total is None or sme is None or not total.amount:
                continue
            judged = rate_check(c.amount, sme.amount, total.amount)
            if judged is None:
                continue
            shown, verdict = judged
            yield finding(N116, verdict, f"情况说明“{c.text}”，授予中小企业合同金额 {fmt(sme.amount)} ÷ 政府采购支出总额 "
                          f"{fmt(total.amount)} = {shown}%", c.source, expected=shown, actual=c.amount)



N110 = rule("N110", "决算说明的总额与决算表不符",
            "决算情况说明中的收入总计、支出总计、本年收入合计、本年支出合计、财政拨款收入、财政拨款支出、财政拨款"
            "收入支出决算总计、一般公共预算财政拨款支出（及其基本支出）、人员经费、公用经费，与决算表中同一个数一致。",
            "决算情况说明中的数字是对决算表的文字说明，必须与表中同一个数一致。",
            "“财政拨款支出492.90万元”，财政拨款收入支出决算总表本年支出合计 492.99。", totals)
N111 = rule("N111", "决算说明的科目预算数、决算数与表不符",
            "“××（项）：年初预算为A万元，支出决算为B万元”：A、B 与一般公共预算财政拨款支出决算表该科目的年初预算数"
            "（全年预算数）、决算数一致；科目按所印编码，或按“类、款、项”名称在表中查找，找不到为警告。",
            "逐项说明决算与预算的差异是决算公开的要求，所述数字必须是表中的数字。",
            "“住房公积金（项）……支出决算为28.26万元”，表中 2210201 决算数 28.62。", items)
N112 = rule("N112", "决算说明的完成率算错",
            "“完成年初预算的C%”（项、类、合计、“三公”各项）：C = 决算数 ÷ 预算数 × 100。所述金额与表一致时用所述金额，"
            "否则用表中的数（金额之误由 N111/N113 报告）；三个数都是舍入后的数，按区间判断。",
            "完成率是两个数的比值，算错说明其中一个数或比值写错。",
            "行政运行：312.45 ÷ 300.00 = 104.15%，说明写为 104.51%。", rates)
N113 = rule("N113", "决算说明的“三公”经费与决算表不符",
            "“三公”经费合计及因公出国（境）费、公务用车购置及运行费（购置费、运行费）、公务接待费的预算数、决算数"
            "与“三公”经费支出决算表的预算数、决算数一致。",
            "“三公”经费是决算公开的重点，说明与表格必须一致。",
            "“公务接待费预算为1.00万元，支出决算为0.68万元”，表中公务接待费决算数 0.86。", three_public)
N115 = rule("N115", "政府采购货物、工程、服务之和与总额不符",
            "“政府采购支出总额A万元，其中：货物B、工程C、服务D”：B + C + D = A（区间判断）。",
            "政府采购支出按货物、工程、服务三类全部列示。",
            "总额 8.00 万元，货物 5.00 + 工程 0 + 服务 2.50 = 7.50。", procurement_parts)
N116 = rule("N116", "授予中小企业合同金额的占比算错",
            "“授予中小企业合同金额E万元，占政府采购支出总额的F%”：F = E ÷ A × 100，A 为所述政府采购支出总额；"
            "按区间判断。", "决算公开要求说明政府采购授予中小企业的合同金额及其占比。",
            "6.00 ÷ 8.00 = 75%，说明写为 80%。", procurement_share)

RULES = (N110, N111, N112, N113, N115, N116)
