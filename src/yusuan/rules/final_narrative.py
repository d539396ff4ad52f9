"""Family N, 决算: what a 决算 情况说明 says against the 决算 tables (DOMAIN.md §6).

The claims come named and coded from ``read/final_narrative.py``: totals by subject, 项/类 by
functional code, “三公” by column, 政府采购 and 绩效自评 by item. N110 totals, N111 项/类 年初预算 and
决算, N112 completion rates (on intervals), N113 “三公” 预算 and 决算, N114 “三公” counts, N115 政府采购
货物 + 工程 + 服务 = 总额, N116 the share awarded to small and medium enterprises (on intervals), N117
“三公” counts against the count columns the table prints (exact: counts are not rounded).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from ..catalog.specs import Kind
from ..catalog.vocabulary import COLUMN_NAMES, COUNT_UNITS
from ..model import Claim
from ..report import Severity
from .words import column_label, table_name
from .base import ZERO, Context, compare, finding, fmt, rate_check, rule

# subject → (table kind, row, column); a subject under a 一般公共预算 heading reads that table
TOTALS = {"收入总计": ("final_summary", "in.total", "total"), "支出总计": ("final_summary", "out.total", "total"),
           "本年收入合计": ("final_summary", "in.current", "total"),
           "本年支出合计": ("final_summary", "out.current", "total"),
           "一般公共预算财政拨款收入": ("final_summary", "in.general_budget", "total"),
           "其他收入": ("final_summary", "in.other", "total"),
           "基本支出": ("final_expenditure", "total", "basic"), "项目支出": ("final_expenditure", "total", "project"),
           "财政拨款收入": ("final_fiscal_summary", "in.current", "total"),
           "财政拨款支出": ("final_fiscal_summary", "out.current", "total"),
           "财政拨款收入支出总计": ("final_fiscal_summary", "in.total", "total"),
           "一般公共预算财政拨款支出": ("final_general_expenditure", "total", "total"),
           "一般公共预算财政拨款基本支出": ("final_general_expenditure", "total", "basic"),
           "人员经费": ("final_basic_expenditure", "total", "personnel"),
           "公用经费": ("final_basic_expenditure", "total", "public")}
_GENERAL = {"基本支出": "basic", "项目支出": "project"}
_ITEM_COLUMNS = {"年初预算数": "initial_budget", "预算数": "initial_budget", "全年预算数": "full_year_budget",
                 "决算数": "total"}
_THREE = ("total", "abroad", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
_THREE_NAMES = {"total": "“三公”经费", "abroad": "因公出国（境）费", "vehicles": "公务用车购置及运行费",
                "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行费", "reception": "公务接待费"}


_LABELS = {("final_general_expenditure", "total"): "决算数", ("final_summary", "total"): "金额",
           ("final_fiscal_summary", "total"): "金额"}


def _final(ctx: Context) -> bool:
    return ctx.doc.kind == "final_accounts"


def _claims(ctx: Context, kind: str, unit: str = "万元") -> Iterable[Claim]:
    return (c for c in ctx.doc.claims if c.kind == kind and c.unit == unit) if _final(ctx) else ()


def _cell(ctx: Context, kind: str, row: str, col: str) -> tuple[Decimal | None, str]:
    """A printed cell, blank as zero in a row that exists; and where it is, in words."""
    t = ctx.table(kind)
    r = t.row(row) if t is not None else None
    if r is None:
        return None, ""
    label = _LABELS.get((kind, col)) or column_label(col)
    return r.value(col) if r.value(col) is not None else ZERO, f"{table_name(t)}「{r.name}」{label}"


def _three_col(code: str, measure: str) -> str:
    prefix = "final" if measure == "决算数" else "full_year_budget"
    return prefix if code == "total" else f"{prefix}.{code}"


# --- N110 totals ----------------------------------------------------------------------------------
def totals(ctx: Context) -> Iterable:
    for c in _claims(ctx, "amount"):
        if c.code is not None or c.subject not in TOTALS:
            continue
        kind, row, col = TOTALS[c.subject]
        if c.subject in _GENERAL and "一般公共预算" in (c.section or ""):
            kind, row, col = "final_general_expenditure", "total", _GENERAL[c.subject]
        mine, where = _cell(ctx, kind, row, col)
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
        mine, where = _cell(ctx, t.kind, c.code, col)
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
            kind, row, item = "final_three_public", "total", c.code.split(".", 1)[1]
            final_col, budget_col = _three_col(item, "决算数"), _three_col(item, "预算数")
            budget_words = ("预算数",)
        else:
            kind, row, final_col = "final_general_expenditure", c.code, "total"
            budget_col = "full_year_budget" if c.subject == "完成全年预算" else "initial_budget"
            budget_words = ("全年预算数",) if budget_col == "full_year_budget" else ("年初预算数", "预算数")
        f_cell, f_where = _cell(ctx, kind, row, final_col)
        b_cell, b_where = _cell(ctx, kind, row, budget_col)
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
        col = _three_col(item, c.subject)
        mine, where = _cell(ctx, "final_three_public", "total", col)
        if mine is None:
            continue
        v = compare(c.amount, [mine])
        if v.kind != "equal":
            yield finding(N113, v, f"情况说明“{c.text}”（{_THREE_NAMES[item]}），而{where}为 {fmt(mine)} 万元",
                          c.source, table="final_three_public", row="total", column=col, expected=mine,
                          actual=c.amount)


# --- N114 “三公” counts ------------------------------------------------------------------------------
_COUNT_FEES = {"vehicle_purchase_count": ("final.vehicle_purchase", Severity.ERROR, "公务用车购置费"),
               "vehicle_stock": ("final.vehicle_operation", Severity.WARNING, "公务用车运行费"),
               "abroad_groups": ("final.abroad", Severity.ERROR, "因公出国（境）费"),
               "reception_batches": ("final.reception", Severity.WARNING, "公务接待费")}
_PEOPLE = {"abroad_people": "abroad_groups", "reception_people": "reception_batches"}


def counts(ctx: Context) -> Iterable:
    if not _final(ctx):
        return
    said = [c for c in ctx.doc.claims if c.kind == "count" and c.code]
    for c in said:
        if c.code in _COUNT_FEES:
            col, severity, label = _COUNT_FEES[c.code]
            fee, where = _cell(ctx, "final_three_public", "total", col)
            if fee is not None and (c.amount == 0) != (fee == 0):
                yield finding(N114, severity, f"情况说明“{c.text}”，而{where}为 {fmt(fee)} 万元", c.source,
                              table="final_three_public", row="total", column=col, actual=c.amount)
        if c.code in _PEOPLE:
            groups = next((g for g in said if g.code == _PEOPLE[c.code] and g.sentence == c.sentence), None)
            if groups is not None and (c.amount < groups.amount or (c.amount == 0) != (groups.amount == 0)):
                yield finding(N114, Severity.ERROR, f"情况说明“{groups.text}”与“{c.text}”不符：人次不能少于"
                              f"{'团组' if c.code == 'abroad_people' else '批次'}数，且二者同为零或同不为零", c.source,
                              actual=c.amount)


# --- N117 “三公” counts against the table's count columns ----------------------------------------------
def printed_counts(ctx: Context) -> Iterable:
    t = ctx.table(Kind.FINAL_THREE_PUBLIC) if _final(ctx) else None
    row = t.row("total") if t is not None else None
    if row is None:
        return
    for c in ctx.doc.claims:
        if c.kind != "count" or c.code not in COUNT_UNITS or c.code not in t.columns:
            continue
        printed = row.value(c.code)
        mine = ZERO if printed is None else printed  # a blank count cell is none, exactly
        if c.amount != mine:
            yield finding(N117, N117.severity, f"情况说明“{c.text}”，而{table_name(t)}{COLUMN_NAMES[c.code]}为 {mine} "
                          f"{COUNT_UNITS[c.code]}", c.source, table=t.kind, row="total", column=c.code,
                          expected=mine, actual=c.amount)


# --- N115 / N116 政府采购 -------------------------------------------------------------------------------
def _procurement(ctx: Context) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = {}
    for c in ctx.doc.claims if _final(ctx) else ():
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
N114 = rule("N114", "决算说明的“三公”数量与经费不符",
            "购置公务用车 n 辆与公务用车购置费（一个为零另一个不为零为错误）；公务用车保有量与运行费、公务接待批次与"
            "接待费（同上，为警告）；出国团组数与出国费（错误）；人次不少于团组数、批次数，且同为零或同不为零。",
            "“三公”的实物量与经费要对得上：没买车不会有购置费，没有出国不会有出国费。",
            "“本年购置公务用车1辆”，“三公”经费支出决算表公务用车购置费决算数为空。", counts)
N115 = rule("N115", "政府采购货物、工程、服务之和与总额不符",
            "“政府采购支出总额A万元，其中：货物B、工程C、服务D”：B + C + D = A（区间判断）。",
            "政府采购支出按货物、工程、服务三类全部列示。",
            "总额 8.00 万元，货物 5.00 + 工程 0 + 服务 2.50 = 7.50。", procurement_parts)
N116 = rule("N116", "授予中小企业合同金额的占比算错",
            "“授予中小企业合同金额E万元，占政府采购支出总额的F%”：F = E ÷ A × 100，A 为所述政府采购支出总额；"
            "按区间判断。", "决算公开要求说明政府采购授予中小企业的合同金额及其占比。",
            "6.00 ÷ 8.00 = 75%，说明写为 80%。", procurement_share)

N117 = rule("N117", "决算说明的“三公”数量与表中数量不符",
            "“三公”经费支出决算表印有数量栏（因公出国（境）团组数、人次数，公务用车购置数、保有量，国内公务接待批次、"
            "人次）时，情况说明所说的数量（“团组0个、0人次”“购置公务用车1辆”“保有量为1辆”“接待12批次、86人次”）"
            "与表中数量相同。数量是整数，没有舍入，必须相等；空格为 0。",
            "同一个数量在说明和表中各印一次，必须一致；数量栏不是金额，不参与任何金额合计。",
            "“全年国内公务接待12批次”，“三公”经费支出决算表国内公务接待批次为 15。", printed_counts)

RULES = (N110, N111, N112, N113, N114, N115, N116, N117)
