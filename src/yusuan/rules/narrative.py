"""Family N: what the narrative (情况说明) says against what the tables print.

Each numeric claim's subject is matched to one table quantity (rules/subjects.py); a claim whose
subject matches nothing is left alone.

In a 决算 document what rules/claims.py and rules/counts.py check there (coded claims, the totals of
N110) is left to them, so that no number is reported twice.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable

from ..catalog.specs import Kind
from ..catalog.vocabulary import squash
from ..model import Claim, Table, unread
from ..report import Severity
from .base import ZERO, Context, compare, finding, fmt, or_zero, rate_check, rounds_to, rule, value
from .words import table_name
from ..derive import says
from .subjects import headings_above, in_general_context, resolved, subject_of, table_of


# --- N101 / N104: amounts --------------------------------------------------------------------------
def amounts(ctx: Context) -> Iterable:
    for c, mine, where in resolved(ctx, "amount"):
        if mine is not None:
            if mine.as_tuple().exponent < c.amount.as_tuple().exponent and rounds_to(mine, c.amount):
                continue  # the table's 538,440 元 said as 53.84 万元: the same amount, rounded as printed
            v = compare(c.amount, [mine])
            if v.kind != "equal":
                yield finding(N101, v, f"情况说明“{c.text}”，{where}为 {fmt(mine)} 万元", c.source,
                              expected=mine, actual=c.amount)


def categories(ctx: Context) -> Iterable:
    if ctx.partial:
        return  # a table left out as misread may hold the category
    for c, mine, _ in resolved(ctx, "amount"):
        if mine is None:
            yield finding(N104, N104.severity, f"情况说明“{c.text}”：表中没有“{c.subject}”"
                          + _same_amount(ctx, c.amount), c.source, actual=c.amount)


def _same_amount(ctx: Context, amount: Decimal) -> str:
    """A wrong name often sits on a right number: say which table quantity it equals."""
    for kind, code, col, label in (("general_expenditure", "total", "total", "一般公共预算支出合计"),
                                   ("summary", "in.general_budget", "total", "一般公共预算拨款收入")):
        t = table_of(ctx, kind)
        if t is not None and value(t.row(code), col) == amount:
            return f"（{fmt(amount)} 是{label}）"
    return ""


# --- N102: changes -----------------------------------------------------------------------------------
def _prior(ctx: Context, c: Claim) -> Decimal | None:
    """Last year's figure from the document's own prior-year columns, where it prints them."""
    subject = subject_of(c)
    g, t = table_of(ctx, "general_expenditure"), table_of(ctx, "three_public")
    if g is not None and "prior_year" in g.columns:
        if re.search(r"^一般公共预算(财政拨款)?(支出|拨款)?$", subject) or (
                c.fund == "general_budget" and subject in ("支出",)):
            return says.total(ctx.ledger, g, "prior_year")
    if t is not None and "prior_year" in t.columns and t.row("total") is not None:
        for pattern, col in ((r"公务用车运行", "vehicle_operation"), (r"公务用车购置费", "vehicle_purchase"),
                             (r"因公出国", "abroad"), (r"公务接待", "reception"), (r"三公", None)):
            if re.search(pattern, subject):
                return or_zero(value(t.row("total"), f"prior_year.{col}" if col else "prior_year"))
    return None


def _concept(ctx: Context, c: Claim, where: str) -> str:
    """Which quantity a change is about, for comparing two statements of it: 一般公共预算
    income and spending are one quantity when the unit carries nothing over."""
    s = table_of(ctx, "summary")
    carried = s is not None and value(s.row("in.carryover"), "total")
    if re.search(r"^一般公共预算(财政拨款|拨款)?(收入|支出)?(合计)?$", subject_of(c)) and not carried:
        return "一般公共预算"
    return where


def changes(ctx: Context) -> Iterable:
    stated: dict[str, list[Claim]] = {}
    for c, current, where in resolved(ctx, "change"):
        if c.direction not in ("增加", "减少", "增长", "下降", "持平"):
            continue
        stated.setdefault(_concept(ctx, c, where), []).append(c)
        prior = _prior(ctx, c)
        if current is None or prior is None:
            continue
        sign = -1 if c.direction in ("减少", "下降") else 1
        v = compare(sign * c.amount, [current, -prior])
        if v.kind != "equal":
            yield finding(N102, v, f"情况说明“{c.text}”，而{where} {fmt(current)} 万元减上年 {fmt(prior)} 万元为 "
                          f"{fmt(current - prior)} 万元", c.source, expected=current - prior, actual=sign * c.amount)
    for key, said in stated.items():  # one quantity, two different stated changes
        values = {(-1 if c.direction in ("减少", "下降") else 1) * c.amount for c in said}
        if len(values) > 1:
            shown = "；".join(f"“{c.text}”（见{c.section}）" for c in said)
            yield finding(N102, N102.severity, f"情况说明对同一数字的增减说法不一：{shown}", said[-1].source,
                          actual="、".join(str(v) for v in sorted(values)))


# --- N103: percentages --------------------------------------------------------------------------------
RISE = ("增加", "增长", "上升")
FALL = ("减少", "下降", "降低")


_STATED_BASE = re.compile(r"^(比|较|与)")


def change_base(claims: tuple[Claim, ...], i: int) -> tuple[Decimal, Decimal, str] | None:
    """The two amounts a change rate (“比2023年预算执行数减少57.14%”) compares, (now, then, how): the
    stated change and the amount it changed (…增加 x 万元，增长 p%), or the sentence's amount for
    the compared year and its other amount (上年 a 万元，本年 b 万元，比上年增加 p%)."""
    c = claims[i]
    before = [x for x in claims[:i] if x.unit == "万元" and x.sentence == c.sentence]
    if not before:
        return None
    part = before[-1]
    if part.kind == "change":
        amounts = [x for x in before[:-1] if x.kind == "amount"]
        # the compared year's amount stated before the change (比上年预算数3.50万元减少0.30万元) is its base
        stated = amounts.pop() if amounts and _STATED_BASE.match(amounts[-1].text) else None
        if not amounts:
            return None
        current = amounts[-1].amount
        base = stated.amount if stated else current + part.amount if part.direction in FALL else current - part.amount
        return current, base, f"{part.amount} ÷ 上年 {base}"
    amounts = [x for x in before if x.kind == "amount"]
    if len(amounts) < 2:
        return None
    year = str(c.compare_year) if c.compare_year else None
    then = next((x for x in amounts if year and year in x.text), amounts[0])
    now = next((x for x in reversed(amounts) if x is not then), None)
    if now is None:
        return None
    return now.amount, then.amount, f"（{now.amount} − {then.amount}）÷ {then.amount}"


_WHOLES = {"本年支出合计": "out.current", "本年支出": "out.current", "支出总计": "out.total",
           "本年收入合计": "in.current", "本年收入": "in.current", "收入总计": "in.total"}


def _named_whole(ctx: Context, c: Claim) -> Decimal | None:
    """The total a share names when the sentence does not state it: “占本年支出合计的99.86%”."""
    m = re.search(r"占(.{2,12}?)的?$", squash(re.sub(r"\d[\d,.]*\s*[%％]$", "", c.text)))
    row = _WHOLES.get(m.group(1)) if m else None
    t = table_of(ctx, "summary") if row else None
    return value(t.row(row), "total") if t is not None and t.row(row) is not None else None


def percentages(ctx: Context) -> Iterable:
    claims = ctx.doc.claims
    for i, c in enumerate(claims):
        if c.kind != "percent" or i == 0 or c.code is not None:  # coded 决算 claims: N112, N116
            continue
        if _class_share(ctx, c) is not None:  # a 类's share of a table's total: N108
            continue
        if c.direction in RISE + FALL:  # a change, not a share
            found = change_base(claims, i)
            if found is None or not found[1]:
                continue  # nothing to compare, or growth from zero (often written “增加100%”)
            now, then, what = found
            exact = abs(now - then) / then * 100
            if (now - then > 0 and c.direction in FALL) or (now - then < 0 and c.direction in RISE):
                continue  # the direction word is wrong: N118 says so
        else:
            part = claims[i - 1]
            if part.unit != "万元" or part.sentence != c.sentence:
                continue
            base = next((x.amount for x in claims[:i - 1] if x.kind == "amount" and x.unit == "万元"
                         and x.sentence == c.sentence), None) or _named_whole(ctx, c)
            if not base or unread(base):
                continue
            exact, what = part.amount / base * 100, f"{part.amount} ÷ {base}"
        if rounds_to(exact, c.amount):  # a tie rounds up (四舍五入) or to even: both hold
            continue
        shown = exact.quantize(c.amount) if c.amount.as_tuple().exponent < 0 else exact.quantize(Decimal(1))
        if shown != c.amount:
            yield finding(N103, N103.severity, f"情况说明“{c.text}”，{what} = {exact:.4f}%", c.source,
                          expected=shown, actual=c.amount)


# --- N105: “无…” statements -------------------------------------------------------------------------
_NONE = ((re.compile(r"无政府采购"), "procurement", "政府采购预算表"),
         (re.compile(r"无(使用)?政府性基金"), "gov_fund_expenditure", "政府性基金预算支出表"))


def none_statements(ctx: Context) -> Iterable:
    for s in ctx.doc.sections:
        text = s.title + s.text
        for pattern, kind, label in _NONE:
            m = pattern.search(text)
            if m is None:
                continue
            t = table_of(ctx, kind)
            total = says.total(ctx.ledger, t, "total")
            if total:
                yield finding(N105, N105.severity, f"情况说明称“{m.group()}”，而{table_name(t)}合计 {fmt(total)} 万元",
                              s.source, table=kind, actual=total)


# --- N106: an enumeration of classes against its total ----------------------------------------------
def enumerations(ctx: Context) -> Iterable:
    claims = ctx.doc.claims
    by_sentence: dict[str, list[Claim]] = {}
    for c in claims:
        if c.unit == "万元" and c.kind == "amount":
            by_sentence.setdefault(c.sentence, []).append(c)
    for sentence, group in by_sentence.items():
        if "其中" not in sentence or len(group) < 3:
            continue
        total, parts = group[0], group[1:]
        if not all(subject_of(p).endswith("支出") and ctx.catalog.functional.by_name(subject_of(p), ctx.doc.year, level=1)
                   for p in parts):
            continue
        v = compare(total.amount, [p.amount for p in parts])
        if v.kind != "equal":
            yield finding(N106, v, f"情况说明列举的各类支出之和 {fmt(sum((p.amount for p in parts), ZERO))} 万元，"
                          f"与所述总额 {fmt(total.amount)} 万元不符", total.source, expected=total.amount,
                          actual=sum((p.amount for p in parts), ZERO))


# --- N108: a 类's share ----------------------------------------------------------------------------
_SHARE = re.compile(r"占(.*?)(的)?(比重|比例)?(为|是)?\d[\d,]*(\.\d+)?[%％]$")
_MEASURE = re.compile(r"(支出)?(决算数?|年初预算数?|全年预算数?|预算数?)(为|是)?$")


def _class_share(ctx: Context, c: Claim) -> tuple[str, Table, Decimal, Decimal, str] | None:
    """(类 code, table, the 类's amount, the table's total, what the total is) for a claim
    “××支出（类）…，占p%” / “××支出占本年支出的p%”; None when it is not one or the table lacks the 类."""
    if c.kind != "percent" or c.code is not None or c.direction:
        return None
    text = squash(c.text)
    m = _SHARE.search(text)
    if m is None:
        return None
    name = _MEASURE.sub("", re.sub(r"[（(]类[）)]", "", text[:m.start()] or squash(c.subject)))
    entry = ctx.catalog.functional.by_name(name, ctx.doc.year, level=1) if name else None
    if entry is None:
        return None
    base = m.group(1)
    if "一般公共预算" in base or (not base and in_general_context(ctx, c)):
        kinds = ("general_expenditure",)
    elif "财政拨款" in base or (not base and "财政拨款" in squash(c.sentence) + headings_above(ctx, c)):
        kinds = ("fiscal_summary",)
    else:
        kinds = ("expenditure", "summary")
    t = next((t for t in map(lambda k: table_of(ctx, k), kinds) if t is not None), None)
    if t is None:
        return None
    amount = says.classes(ctx.ledger, t, "total").get(entry.code, (None, None))[0]
    total = says.total(ctx.ledger, t, "total")
    if amount is None or not total:
        return None
    return entry.code, t, amount, total, base or "合计"


def shares(ctx: Context) -> Iterable:
    for c in ctx.doc.claims:
        got = _class_share(ctx, c)
        if got is None:
            continue
        code, t, amount, total, base = got
        judged = rate_check(c.amount, amount, total)
        if judged is None:
            continue
        shown, verdict = judged
        yield finding(N108, verdict, f"情况说明“{c.text}”，{table_name(t)} {code} 类 {fmt(amount)} ÷ {base} "
                      f"{fmt(total)} = {shown}%", c.source, table=t.kind, row=code, column="total", expected=shown,
                      actual=c.amount)


# --- N107: vehicles -------------------------------------------------------------------------------
def vehicles(ctx: Context) -> Iterable:
    t = ctx.table(Kind.THREE_PUBLIC)
    row = t.row("total") if t is not None else None
    if row is None:
        return
    for c in ctx.doc.claims:
        if c.kind != "count" or c.unit != "辆":
            continue
        subject = squash(c.subject)
        if re.search(r"安排购置车辆$", subject):
            purchase = or_zero(row.value("vehicle_purchase"))
            if (c.amount == 0) != (purchase == 0):
                yield finding(N107, N107.severity, f"情况说明“{c.text}”，而“三公”经费表公务用车购置费为 {fmt(purchase)} 万元",
                              c.source, table="three_public", row="total", column="vehicle_purchase", actual=c.amount)
        elif re.search(r"共有车辆$", subject):
            running = or_zero(row.value("vehicle_operation"))
            if (c.amount == 0) != (running == 0):
                yield finding(N107, Severity.WARNING, f"情况说明“{c.text}”，而“三公”经费表公务用车运行费为 {fmt(running)} 万元",
                              c.source, table="three_public", row="total", column="vehicle_operation", actual=c.amount)



N101 = rule("N101", "情况说明的金额与表格不符",
            "情况说明中的每个金额（收支总额、一般公共预算、基本/项目支出、各类支出、三公各项、机关运行经费、"
            "政府采购及货物/工程/服务）与表中同一数字一致。按上下文判断口径：在“一般公共预算财政拨款”一段中，"
            "项目支出指一般公共预算的项目支出。机关运行经费是行政单位和参公单位的公用经费，不能大于基本支出表的公用经费"
            "（部门含事业单位时小于它，不算不符）。", "情况说明中的数字是对表格的文字说明，必须与表中同一个数一致。",
            "情况说明在“一般公共预算财政拨款”一段中写“项目支出1174.97万元”，而一般公共预算支出表项目支出为 "
            "962.97 万元：错误。", amounts)
N102 = rule("N102", "情况说明的增减额不对",
            "所述增减额 = 本年数 − 上年数（上年数取自本文件的上年列）；同一数字的增减额前后说法一致。",
            "增减额是本年数与上年数之差：所述增减"
            "额与表中本年数、上年数必须相符，同一数字的增减在说明中的几处说法也必须一致。",
            "情况说明一处写一般公共预算拨款“增加78.15万元”，另一处写“增加112.54万元”：说法不一，错误。", changes)
N103 = rule("N103", "情况说明的百分比算错",
            "“占 x%” = 该项 ÷ 所在句的总额；“下降 x%” = 减少额 ÷ 上年数；按所印小数位舍入后应一致。",
            "百分比是两个数的比值：占比 = 该项 ÷ 总额，增减率 = 增减额 ÷ 上年数；按所印小数位舍入后应与所写百分比一"
            "致。",
            "“基本支出4,675.21万元，占40.88%”：4,675.21 ÷ 11,436.06 = 40.88%（一致）。", percentages)
N104 = rule("N104", "情况说明提到表中没有的类别",
            "情况说明中的支出类别应是表中有的类。", "错写类别会让读者误解资金用途。",
            "情况说明写“一般公共服务支出2023.59万元”，而表中没有 201 一般公共服务支出类（2,023.59 是一般"
            "公共预算支出合计）：错误。", categories)
N105 = rule("N105", "“无…”的说法与表格矛盾",
            "情况说明称“无政府采购”“无政府性基金支出”，而对应的表有数。", "说明与表格必须一致。",
            "情况说明写“2026年度无政府采购”，而政府采购预算明细表合计 8.5 万元：错误。", none_statements)
N106 = rule("N106", "情况说明列举的各类之和与总额不符",
            "“支出合计 X，其中：A 类 a，B 类 b…”：列举的各类之和 = X。", "漏列或错列类别。",
            "情况说明写支出合计 2,235.58 万元，其后列举的各类支出之和为 4,047.18 万元：错误。", enumerations)

N107 = rule("N107", "车辆情况与三公经费不符",
            "“安排购置车辆 n 辆”与公务用车购置费（n 为 0 而购置费不为 0，或反之，为错误）；"
            "“共有车辆 n 辆”与公务用车运行费（没有车却有运行费，或有车却没有运行费，为警告）。",
            "三公经费中的车辆费用要与车辆情况对得上。",
            "情况说明写“共有车辆2辆”，“三公”经费表公务用车运行费 7.00 万元（一致）。", vehicles)

N108 = rule("N108", "情况说明中某类支出的占比与表不符",
            "“××支出（类）a万元，占p%”“××支出占本年支出的p%”：p = 该类在表中的金额 ÷ 表的合计 × 100。表按所说的"
            "总额（“占一般公共预算支出的”“占财政拨款支出的”“占本年支出的”）或所在段落选：一般公共预算支出表、财政拨款"
            "收支总表、支出总表（决算为对应的决算表）；金额与合计都是舍入后的数，按区间判断。所述金额 a 由 N101 核对。",
            "结构占比是两个表内数的比值，写错说明占比或金额之一有误。",
            "“社会保障和就业（类）支出11,144.72万元，占97.45%”：11,144.72 ÷ 11,436.06 = 97.45%（一致）。", shares)

RULES = (N101, N102, N103, N104, N105, N106, N107, N108)
