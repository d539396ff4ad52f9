"""What a narrative's claim is about: its subject ("基本支出", "三公经费预算", "社会保障和就业支出"…)
matched to one table quantity, read in its context. After “一般公共预算财政拨款…” a 项目支出 is the
一般公共预算 one, after “国有资本经营预算财政拨款…” the 国有资本经营 one, elsewhere the whole budget's;
in a 决算 the same subjects read the 决算 tables (a 决算 kind's spec names the budget kind it prints the
quantities of). A subject that matches nothing resolves to None: the checker says nothing it cannot
back with a table."""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from typing import Callable

from ..catalog import specs
from ..catalog.specs import Kind, counterpart, spec
from ..catalog.vocabulary import COLUMN_NAMES, squash
from ..derive import says
from ..model import Claim, Table, unread
from ..model.records import kept
from .amounts import project_spending
from .base import Context, or_zero, value
from .items import items, row_of
from .words import table_name

Quantity = tuple[Decimal | None, str]  # (value, where it is printed)


def is_final(ctx: Context) -> bool:
    return ctx.doc.kind == "final_accounts"


def table_of(ctx: Context, kind: str) -> Table | None:
    """The table of a budget kind; in a 决算 the 决算 kind that prints its quantities (its spec's
    ``budget``), else the budget kind, if printed."""
    if is_final(ctx):
        return ctx.table(counterpart(kind, "final_accounts")) or ctx.table(kind)
    return ctx.table(kind)


def _column(t: Table, col: str) -> str:
    """A budget column's name in ``t``: a table of a 预算数 and a 决算数 block (the “三公” 决算表) prints its
    amounts in the 决算数 block."""
    prefix = spec(t.kind).block("决算数")
    if prefix:
        return prefix if col == "total" else f"{prefix}.{col}"
    return col


def _row(ctx: Context, kind: str, code: str, col: str = "total") -> Quantity:
    """A printed quantity; a blank cell in a row that exists is zero."""
    t = table_of(ctx, kind)
    if t is None or t.row(code) is None:
        return None, ""
    label = "" if col == "total" else COLUMN_NAMES.get(col, col)
    return or_zero(value(t.row(code), _column(t, col))), f"{table_name(t)}「{t.row(code).name}」{label}"


def _col(ctx: Context, kind: str, col: str, label: str) -> Quantity:
    t = table_of(ctx, kind)
    if t is None:
        return None, ""
    return or_zero(says.total(ctx.ledger, t, col)), f"{table_name(t)}{label}"


def _income(ctx: Context, source: str) -> Quantity:
    for kind in ("summary", "fiscal_summary"):
        t = table_of(ctx, kind)
        if t is not None and (t.row(f"in.{source}") is not None or t.row("in.total") is not None):
            r = t.row(f"in.{source}")
            return or_zero(value(r, "total")), f"{table_name(t)}「{r.name if r else source}」"
    return None, ""


def _grand(ctx: Context, side: str) -> Quantity:
    t = table_of(ctx, "summary") or table_of(ctx, "fiscal_summary")
    if t is None or is_final(ctx):  # a 决算's 收入 / 支出: 总计 or 本年 合计? N110 reads the named ones
        return None, ""
    r = t.row(f"{side}.total") or t.row(f"{side}.current")
    return value(r, "total"), f"{table_name(t)}「{r.name if r else ''}」"


def _general(ctx: Context, col: str, label: str) -> Quantity:
    return _col(ctx, "general_expenditure", col, label)


def _soe_projects(ctx: Context) -> Quantity:
    for kind in ("expenditure", "revenue"):
        cls = says.classes(ctx.ledger, table_of(ctx, kind), "project" if kind == "expenditure" else "total").get("223")
        if cls is not None:
            return or_zero(cls[0]), f"{table_name(table_of(ctx, kind))} 223 类项目支出"
    return _row(ctx, "fiscal_summary", "out.current", "soe")


def _soe(ctx: Context) -> Quantity:
    got = _income(ctx, "soe")
    return got if got[0] is not None else _row(ctx, "fiscal_summary", "out.current", "soe")


def _basic(ctx: Context, c: Claim) -> Quantity:
    if c.fund == "general_budget" or table_of(ctx, "expenditure") is None:
        return _general(ctx, "basic", "基本支出")
    return _col(ctx, "expenditure", "basic", "基本支出")


def _project(ctx: Context, c: Claim) -> Quantity:
    if c.fund == "soe":
        return _soe_projects(ctx)
    if c.fund == "general_budget":
        return _general(ctx, "project", "项目支出")
    got, where = project_spending(ctx)
    return says.amount(got), where


def _procurement(col_row: str) -> Callable[[Context, Claim], Quantity]:
    def get(ctx: Context, c: Claim) -> Quantity:
        t = ctx.table(Kind.PROCUREMENT)  # a 决算 prints none: its 政府采购 sentences are N115/N116's
        if t is None:
            return None, ""
        r = t.row(col_row)
        col = "general_budget" if "一般公共预算" in c.subject else "total"
        return or_zero(value(r, col)), f"{table_name(t)}「{r.name if r else col_row}」"
    return get


def _operation_funds(ctx: Context, c: Claim) -> Quantity:
    """机关运行经费 is the 公用经费 of 行政 and 参公 units: the 基本支出表's 公用经费 bounds it, and is it
    only when every unit of the package is one (a 部门 with 事业单位 states less): so a smaller amount
    says nothing, and neither does a sentence that names the units it covers (“下属1家机关和1家参公事业单位”)."""
    if re.search(r"\d+家(机关|行政|参公)", c.sentence):
        return None, ""
    public, where = _row(ctx, "basic_expenditure", "total", "public")
    if c.kind == "amount" and public is not None and not unread(public) and c.amount < public:
        return None, ""
    return public, where


# (pattern on the subject, resolver). The first match wins: the specific come first.
SUBJECTS: tuple[tuple[str, Callable[[Context, Claim], Quantity]], ...] = (
    (r"公务用车购置及运行", lambda ctx, c: _row(ctx, "three_public", "total", "vehicles")),
    (r"公务用车运行", lambda ctx, c: _row(ctx, "three_public", "total", "vehicle_operation")),
    (r"公务用车购置费", lambda ctx, c: _row(ctx, "three_public", "total", "vehicle_purchase")),
    (r"因公出国", lambda ctx, c: _row(ctx, "three_public", "total", "abroad")),
    (r"公务接待", lambda ctx, c: _row(ctx, "three_public", "total", "reception")),
    (r"三公", lambda ctx, c: _row(ctx, "three_public", "total", "total")),
    (r"运[行转]经费", lambda ctx, c: _operation_funds(ctx, c)),
    (r"政府采购.*货物", _procurement("goods")),
    (r"政府采购.*工程", _procurement("works")),
    (r"政府采购.*服务", _procurement("services")),
    (r"政府采购", _procurement("total")),
    (r"^人员经费$", lambda ctx, c: _row(ctx, "basic_expenditure", "total", "personnel")),
    (r"^公用经费$", lambda ctx, c: _row(ctx, "basic_expenditure", "total", "public")),
    (r"^涉及.*国有资本经营", lambda ctx, c: _soe_projects(ctx)),
    (r"^涉及.*一般公共预算", lambda ctx, c: _general(ctx, "project", "项目支出")),
    (r"^基本支出$", _basic),
    (r"^项目支出$", _project),
    (r"^国有资本经营预算(财政拨款|拨款)?(收入|支出)?$", lambda ctx, c: _soe(ctx)),
    (r"^政府性基金(预算)?(财政拨款|拨款)?(收入|支出)?$", lambda ctx, c: _income(ctx, "gov_fund")),
    (r"^一般公共预算(财政拨款)?支出$", lambda ctx, c: _general(ctx, "total", "合计")),
    (r"^一般公共预算(财政拨款|拨款)?(收入)?(合计)?$", lambda ctx, c: _income(ctx, "general_budget")),
    (r"^财政专户管理资金(收入)?$", lambda ctx, c: _income(ctx, "special_account")),
    (r"^事业收入$", lambda ctx, c: _income(ctx, "business")),
    (r"^事业单位经营收入$", lambda ctx, c: _income(ctx, "operating")),
    (r"^上级补助收入$", lambda ctx, c: _income(ctx, "superior_subsidy")),
    (r"^附属单位上缴收入$", lambda ctx, c: _income(ctx, "subordinate")),
    (r"^其他收入$", lambda ctx, c: _income(ctx, "other")),
    (r"^(收入|收入合计|收入总计|本年收入|收入预算)$", lambda ctx, c: _grand(ctx, "in")),
    (r"^(支出|支出合计|支出总计|本年支出|支出预算)$", lambda ctx, c: _grand(ctx, "out")),
)
_COMPILED = tuple((re.compile(p), f) for p, f in SUBJECTS)


def subject_of(c: Claim) -> str:
    return _subject(c.subject)


@lru_cache(maxsize=4096)  # (asked of every claim by several rules; the same subjects come back, package after package)
def _subject(text: str) -> str:
    s = _COMPARED.sub("", squash(text)).strip("“”")
    return _FUNDS_WORD.sub("拨款", s)  # “一般公共预算拨款经费增加…”


@lru_cache(maxsize=4096)
def _getter(subject: str):
    """How to get the quantity of the first pattern of ``SUBJECTS`` that matches ``subject`` (None: none does)."""
    return next((get for pattern, get in _COMPILED if pattern.search(subject)), None)


_COMPARED = re.compile(r"(较|比)?(上年|去年|\d{4}年)$|[（(]类[）)]")
_FUNDS_WORD = re.compile(r"拨款经费$")


def _item(ctx: Context, c: Claim) -> Quantity | None:
    """“社会保障和就业支出（类）社会福利（款）社会福利事业单位（项）”738.66万元: the 项 (or 款) row of that
    name in the 一般公共预算支出表 (a 决算's items are rules/claims.py's)."""
    found = items(squash(c.subject)) if "（项）" in c.subject or "（款）" in c.subject else []
    if not found or is_final(ctx):
        return None
    t = table_of(ctx, "general_expenditure")
    if t is None:
        return None
    item = found[-1]
    row, _ = row_of(t, replace(item, amount=None))  # by its names only: the amount is what is checked
    return (or_zero(row.value("total")), f"{table_name(t)}「{row.code} {row.name}」") if row else (None, "")


def resolve(ctx: Context, c: Claim) -> Quantity | None:
    """The table quantity a claim is about, or None when its subject is not one we know."""
    chained = _item(ctx, c)
    if chained is not None:
        return chained if chained[0] is not None else None
    subject = subject_of(c)
    get = _getter(subject)
    if get is not None:
        return get(ctx, c)
    entry = ctx.catalog.functional.by_name(subject, ctx.doc.year, level=1) if subject.endswith("支出") or \
        re.search(r"[（(]类[）)]", c.subject) else None
    if entry is not None:
        return _class(ctx, entry.code, c)
    return None


def _class(ctx: Context, code: str, c: Claim) -> Quantity:
    # under a heading or in a passage on 一般公共预算 (财政拨款) spending: that table's class
    kinds = ("general_expenditure",) if in_general_context(ctx, c) else ("summary", "expenditure", "general_expenditure")
    for kind in kinds:
        t = table_of(ctx, kind)
        printed = says.classes(ctx.ledger, t, "total")
        if printed:
            got = printed.get(code)
            return (got[0] if got else None), f"{table_name(t)} {code} 类"
    return None, ""


def resolved(ctx: Context, kind: str) -> list[tuple[Claim, Decimal | None, str]]:
    """The claims of ``kind`` in 万元 with the table quantity each is about: made once a context (N101
    and N104 read the same amounts)."""
    return kept(ctx, f"resolved {kind}", lambda ctx: [
        (c, got[0], got[1]) for c in ctx.doc.claims
        if c.kind == kind and c.unit == "万元" and not _final_owned(ctx, c) and (got := resolve(ctx, c)) is not None
        and got[1]])


def _final_owned(ctx: Context, c: Claim) -> bool:
    """A 决算 claim that rules/claims.py and rules/counts.py check: coded (项/类, “三公”, 政府采购, 绩效自评)
    or an amount among the totals of N110 (a change stated of one of them is N102's)."""
    return is_final(ctx) and (c.code is not None or (c.kind == "amount" and c.subject in specs.said()))


def headings_above(ctx: Context, c: Claim) -> str:
    """The titles of the section a claim is in and of the sections above it (（二）结构情况 sits
    under 三、一般公共预算财政拨款支出决算情况说明)."""
    line = c.source.line or 0
    chain, level = [], 99
    for s in reversed([s for s in ctx.doc.sections if (s.source.line or 0) <= line]):
        if s.level < level:
            chain.append(s.title)
            level = s.level
    return "".join(chain)


def in_general_context(ctx: Context, c: Claim) -> bool:
    return c.fund == "general_budget" or "一般公共预算" in squash(c.sentence) + headings_above(ctx, c)
