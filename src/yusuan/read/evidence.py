"""What the other tables of a document say about a table whose values could not all be placed.

Only equalities the domain guarantees are used (DOMAIN.md §2.3): a 支出总表 row and the
一般公共预算支出表 row of the same code share 基本/项目 when the unit has only 财政拨款;
B5 合计 基本 = B6 合计 (X6); a 财政拨款收支总表 class row's 一般公共预算 column is B5's class
total (X4); 223 is the only 国有资本经营 class; 三公 items and their economic codes (X9).
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..catalog.vocabulary import AMOUNT_UNITS, THREE_PUBLIC_ITEMS, squash
from ..model import Table, parse_amount, unread
from ..model.roles import RowRole, role
from .place import Refs, Virtual
from .tables import Parsed

ZERO = Decimal(0)


def _by_code(table: Table | None) -> dict[str, dict[str, Decimal]]:
    """Each row's placed values by code; a row with a value not yet placed says nothing."""
    out: dict[str, dict[str, Decimal]] = {}
    for row in table.rows if table else ():
        if row.code and row.side != "income" and all(c.column for c in row.cells):
            out[row.code] = {c.column: c.value for c in row.cells if c.value is not None}
    return out


def _settled(table: Table) -> bool:
    """Every value of the table is placed: a class it does not print is one it does not have."""
    return all(c.column for r in table.rows for c in r.cells)


def for_table(p: Parsed, tables: dict[str, Table]) -> tuple[Refs, tuple[Virtual, ...]]:
    if all(r.positioned for r in p.rows):  # every value printed in its column: place.build_table asks nothing
        return {}, ()
    refs: Refs = {}
    virtual: list[Virtual] = []
    if p.kind in ("general_expenditure", "expenditure", "revenue"):
        other = _by_code(tables.get("expenditure" if p.kind == "general_expenditure" else "general_expenditure"))
        for code, vals in other.items():
            for col in ("total", "basic", "project"):
                if col in vals or vals:
                    refs[(code, col)] = vals.get(col, ZERO)
            if p.kind == "revenue" and "total" in vals:
                refs[(code, "general_budget")] = vals["total"]
    if p.kind == "general_expenditure":
        basic_total = _by_code(tables.get("basic_expenditure")).get("total", {}).get("total")
        classes = tuple(r.code for r in p.rows if r.code and r.level == 1)
        if basic_total is not None and classes:
            virtual.append(({"basic": basic_total}, classes))
            refs[("total", "basic")] = basic_total  # X6: its 合计 基本支出 is the 基本支出表's total
    if p.kind == "fiscal_summary":
        # a class the printed table lacks spends nothing from that fund; a table not printed at all
        # says nothing (zero would be a guess)
        sources = [(col, _by_code(tables[kind]), _settled(tables[kind]))
                   for col, kind in (("general_budget", "general_expenditure"), ("gov_fund", "gov_fund_expenditure"))
                   if kind in tables]
        for r in p.rows:
            if r.side != "expenditure" or role(r) is not RowRole.CLASS:
                continue
            for col, by_code, settled in sources:
                if r.code in by_code or settled:
                    refs[(r.code, col)] = by_code.get(r.code, {}).get("total", ZERO)
    if p.kind in ("fiscal_summary", "revenue", "expenditure", "procurement"):
        for r in p.rows:  # 国有资本经营预算 money is spent only under class 223
            if not (r.code and r.code.startswith("223")):
                continue
            printed = [v for v in map(parse_amount, r.values) if v is not None]
            if printed:
                refs[(r.code, "soe")] = max(printed)
                refs[(r.code, "general_budget")] = ZERO
    if p.kind == "three_public":
        refs.update({("total", col): v for col, v in
                     _three_public(tables.get("basic_expenditure"), "total", p.amount_unit).items()})
    if p.kind == "revenue":
        refs.update(_income_sources(p, tables.get("summary"), _BUDGET_SOURCES))
    if p.kind.startswith("final_"):
        refs.update(_final(p, tables))
    return refs, tuple(virtual)


# a source column of a 收入表 → the 收支总表 income rows that give its total (the first printed of each
# tuple of alternatives: 一、财政拨款收入 itself, else its funds)
_BUDGET_SOURCES = {"fiscal": (("in.fiscal",), ("in.general_budget", "in.gov_fund", "in.soe")),
                   "business": (("in.business",),), "operating": (("in.operating",),), "other": (("in.other",),),
                   "superior_subsidy": (("in.superior_subsidy",),), "subordinate": (("in.subordinate",),)}
_FINAL_SOURCES = {col: (rows,) for col, rows in {
    "fiscal": ("in.general_budget", "in.gov_fund", "in.soe"), "superior_subsidy": ("in.superior_subsidy",),
    "business": ("in.business",), "operating": ("in.operating",), "subordinate": ("in.subordinate",),
    "other": ("in.other",)}.items()}


def _income_sources(p: Parsed, summary: Table | None, sources: dict) -> Refs:
    """The 收入表's 合计 of a source is the 收支总表's income from it, so a source the 收支总表 shows
    no income from has none in any row; only of a source whose row it prints with its value placed."""
    refs: Refs = {}
    if summary is None:
        return refs
    codes = [r.code for r in p.rows if r.code]
    for col, alternatives in sources.items():
        rows = next(([summary.row(c) for c in rows if summary.row(c)] for rows in alternatives
                     if any(summary.row(c) for c in rows)), None)
        if not rows or any(unread(r.value("total")) for r in rows):
            continue  # not printed, or printed with a value not placed: it says nothing
        amount = sum((r.value("total") or ZERO for r in rows), ZERO)
        for code in codes:
            if not amount:
                refs[(code, col)] = ZERO
        refs[("total", col)] = amount
    return refs



def _empty(t: Table | None) -> bool:
    return t is not None and t.is_empty


def _final(p: Parsed, tables: dict[str, Table]) -> Refs:
    """The same for 决算 tables (DOMAIN.md §6): a source the 收入支出决算总表 shows no income from
    has none in any row of the 收入决算表; 基本/项目 as in the 一般公共预算财政拨款支出决算表 (when
    the unit has only 财政拨款); a fund whose 决算表 is empty has nothing in the 财政拨款总表;
    三公 决算 items and their economic codes in the 基本支出决算表."""
    refs: Refs = {}
    codes = [r.code for r in p.rows if r.code]
    if p.kind == "final_revenue":
        refs.update(_income_sources(p, tables.get("final_summary"), _FINAL_SOURCES))
    if p.kind == "final_expenditure":
        for code, vals in _by_code(tables.get("final_general_expenditure")).items():
            for col in ("basic", "project"):
                refs[(code, col)] = vals.get(col, ZERO)
    if p.kind == "final_fiscal_summary":
        general = _by_code(tables.get("final_general_expenditure"))
        for code in codes:
            if code.isdigit() and code in general:
                refs[(code, "general_budget")] = general[code].get("total", ZERO)
            for kind, col in (("final_gov_fund", "gov_fund"), ("final_soe", "soe")):
                if _empty(tables.get(kind)):
                    refs[(code, col)] = ZERO
        if "total" in general:
            refs[("out.current", "general_budget")] = general["total"].get("total", ZERO)
    if p.kind == "final_three_public":
        refs.update({("total", f"final.{col}"): v
                     for col, v in _three_public(tables.get("final_basic_expenditure"), "public", p.amount_unit).items()})
    return refs


def _three_public(basic: Table | None, column: str, unit: str) -> dict[str, Decimal]:
    """Each “三公” item's amount in the 基本支出 table: its rows of that name (a 5-digit 款), summed;
    an item no row names says nothing. In ``unit``, the “三公” table's (the 基本支出 table may print 元)."""
    if basic is None:
        return {}
    shift = AMOUNT_UNITS.get(basic.amount_unit, 4) - AMOUNT_UNITS.get(unit, 4)
    out = {}
    kuan = [(squash(r.name), r) for r in basic.rows  # (looked for once, not once per item)
            if role(r) is RowRole.CLASS and len(r.code) == 5 and all(c.column for c in r.cells)]
    for col, pattern in THREE_PUBLIC_ITEMS.items():
        rows = [r for name, r in kuan if re.search(pattern, name)]
        if rows:
            out[col] = sum((r.value(column) or ZERO for r in rows), ZERO).scaleb(shift)
    return out
