"""Family S: checks across stored documents (run by ``yusuan check-store``).

They need the store: last year's budget of the same unit, or the budgets of a 部门's units. The
store gives them a ``StoreContext`` (loaded beforehand: rules do no I/O); they are kept out of the
per-document ``REGISTRY`` and listed by ``yusuan rules --store``. Intervals as everywhere: a
printed value with d decimals is ± 0.5·10⁻ᵈ; overlapping is a rounding tail (info).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..catalog import Catalog, load_catalog
from ..catalog.vocabulary import KIND_NAMES
from ..compare import column_name
from ..model import Document, Source
from ..model.roles import RowRole, row_role
from ..report import Finding
from ..store.query import StoredBudget, StoredFact
from ..store.rebuild import document, row_groups
from .base import ZERO, Context, compare, finding, fmt, rule

FORMS = frozenset({"unit_performance", "project_performance"})


@dataclass(frozen=True)
class StoreContext:
    """One stored budget and what the store says beside it."""
    budget: StoredBudget
    prior: StoredBudget | None = None  # the same unit's budget for the year before (latest version)
    narrative: Document | None = None  # the budget's document as read again (for its narrative claims)
    units: tuple[StoredBudget, ...] = ()  # for a 部门: its units' budgets for the same year
    catalog: Catalog = field(default_factory=load_catalog, compare=False)


def _where(b: StoredBudget) -> str:
    return f"已入库的 {b.year} 年{'决算' if b.ref.kind == 'final_accounts' else '预算'}（{b.ref.file}，第 {b.ref.version} 版）"


def _source(b: StoredBudget, f: StoredFact) -> Source:
    return Source(b.ref.file, f.line, f.page, f.table, f.row_code or None, f.column or None, f.sheet, f.cell)


def _label(f: StoredFact) -> str:
    code = f.row_code + " " if row_role(f.row_code) is RowRole.CLASS else ""
    return f"{KIND_NAMES.get(f.table, f.table)}「{code}{f.row_name}」"


def _rows(b: StoredBudget) -> dict[tuple, dict[str, StoredFact]]:
    return {key: {f.column: f for f in row} for key, row in row_groups(b.facts).items()}


# --- S101: a table's prior-year column against last year's stored budget ---------------------------
def prior_columns(ctx: StoreContext) -> Iterable[Finding]:
    if ctx.prior is None:
        return
    last = _rows(ctx.prior)
    for key, row in _rows(ctx.budget).items():
        before = last.get(key)
        if before is None:
            continue
        for col, f in row.items():
            if not (col == "prior_year" or col.startswith("prior_year.")) or f.value is None:
                continue
            then = before.get("total" if col == "prior_year" else col.split(".", 1)[1])
            if then is not None and then.value is None:
                continue
            stored = then.value if then is not None else ZERO
            v = compare(f.value, [stored])
            if v.kind != "equal":
                yield finding(S101, v, f"{_label(f)}的{column_name(col)}列印为 {fmt(f.value, f.amount_unit or '')}，而{_where(ctx.prior)}"
                              f"同一行{column_name(col.split('.', 1)[1]) if '.' in col else '合计'}为 {fmt(stored, f.amount_unit or '')}",
                              _source(ctx.budget, f), table=f.table, row=f.row_code, column=col,
                              expected=stored, actual=f.value)


# --- S102: the narrative's changes against last year's stored budget -------------------------------
def narrative_changes(ctx: StoreContext) -> Iterable[Finding]:
    if ctx.prior is None or ctx.narrative is None:
        return
    from .subjects import resolve, resolved
    now = Context(ctx.narrative, ctx.catalog)
    then = Context(document(ctx.prior), ctx.catalog)
    for c, current, where in resolved(now, "change"):
        if c.direction not in ("增加", "减少", "增长", "下降", "持平") or current is None:
            continue
        if c.compare_year is not None and c.compare_year != ctx.prior.year:
            continue
        got = resolve(then, c)
        if got is None or got[0] is None:
            continue
        prior = got[0]
        sign = -1 if c.direction in ("减少", "下降") else 1
        v = compare(sign * c.amount, [current, -prior])
        if v.kind != "equal":
            yield finding(S102, v, f"情况说明“{c.text}”，而本年{where} {fmt(current)} 万元减{_where(ctx.prior)}的"
                          f"{got[1]} {fmt(prior)} 万元，为 {fmt(current - prior)} 万元", c.source,
                          expected=current - prior, actual=sign * c.amount)


# --- S103: a 部门's package against the sum of its units' ------------------------------------------
def department_sums(ctx: StoreContext) -> Iterable[Finding]:
    if not ctx.units:
        return
    parts = [_rows(u) for u in ctx.units]
    tables = {f.table for u in ctx.units for f in u.facts}
    names = "、".join(u.unit.code or u.unit.name or "?" for u in ctx.units)
    for key, row in _rows(ctx.budget).items():
        table, unit, code, occurrence = key  # the 部门's own (汇总) rows: not a unit set's, first occurrence
        if table in FORMS or table not in tables or unit or occurrence or code.startswith(("name:", "unit:")) \
                or len(code) > 12:
            continue
        for col, f in row.items():
            if f.value is None or not col:
                continue
            values = [(p.get(key) or {}).get(col) for p in parts]
            if any(x is not None and x.value is None for x in values):
                continue
            summed = [x.value for x in values if x is not None]
            v = compare(f.value, summed)
            if v.kind != "equal":
                total = sum(summed, ZERO)
                yield finding(S103, v, f"{_label(f)}{column_name(col)}印为 {fmt(f.value, f.amount_unit or '')}，而已入库的 {len(ctx.units)} 个"
                              f"所属单位（{names}）{ctx.budget.year} 年同一行之和为 {fmt(total, f.amount_unit or '')}",
                              _source(ctx.budget, f), table=table, row=code, column=col, expected=total,
                              actual=f.value)


S101 = rule("S101", "上年数与已入库的上年预算不符",
             "表中的上年列（如“2023年预算数”、三公经费表的上年各栏）与同一单位已入库的上年预算（最新版本）同一行的数一致。",
             "上年数应照录上年公开的预算；不一致说明抄错或上年预算曾调整而未说明。",
             "本年表二“2023 年预算数”合计 1,193.21，而已入库的 2023 年预算表二合计为 1,190.00：错误。", prior_columns)
S102 = rule("S102", "情况说明的增减额与已入库的上年预算不符",
             "情况说明所述“比上年增加/减少 x 万元”= 本年表中的数 − 同一单位已入库的上年预算中同一数（口径同 N101）。"
             "情况说明中的数字陈述随预算入库，不需要原文件。",
             "本文件没有上年列时（N102 无从核对），只有上年的公开文件能说明增减额对不对。",
             "情况说明写“基本支出增加87.02万元”，而本年基本支出减去已入库的上年基本支出为 80.00 "
             "万元：错误。", narrative_changes)
S103 = rule("S103", "部门汇总数与所属单位之和不符",
             "部门预算（单位编码即部门编码，如 212）各表每一行、每一栏 = 已入库的所属单位（parent 为该部门）同年预算同一行之和。",
             "部门预算由所属单位预算汇总而成。为警告：库中可能缺少某些单位的文件，消息列出参加求和的单位。",
             "212 部门合计 3,094.17，而 212001、212002 之和为 3,000.00。", department_sums)

RULES = (S101, S102, S103)
BY_CODE = {r.code: r for r in RULES}
