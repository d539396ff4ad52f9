"""Entries from a published 决算 package (``yusuan template --kind final_accounts --from FILE``).

A 决算 prints its money several times over: the spending by 功能分类 for all funds (支出决算表) and for
each 财政拨款 fund (一般公共预算, 政府性基金, 国有资本经营), the 一般公共预算 basic spending by 经济分类
(基本支出决算表), the income by 功能分类 and source (收入决算表), the carry-overs (收支决算总表,
财政拨款收支决算总表). The entries are the leaves: each fund's spending by class (what the 支出决算表
has beyond the 财政拨款 funds is the unit's own money, 非财政拨款), the 一般公共预算 basic spending split
by both codes with the north-west corner rule (as for a budget, from_package.py), the income by class
and source, the carry-overs by fund. A 0.00 a table prints is an entry of 0.00, so that it prints again.
"""
from __future__ import annotations

from decimal import Decimal

from ..catalog.specs import Kind
from ..model import Document, Table
from ..render.draft_sources import stated
from .entries import FISCAL, OTHER_SPENDING, OTHER_SPENDING_FUNDS, THREE_COUNTS, staff_of
from .exact import basic_leaves
from .from_package import corner

ZERO = Decimal(0)
OWN = "unit_funds"  # the unit's money that is no 财政拨款 (非财政拨款)
_FUND_TABLES = ((Kind.FINAL_GENERAL_EXPENDITURE, "general_budget"), (Kind.FINAL_GOV_FUND, "gov_fund"),
                (Kind.FINAL_SOE, "soe"))
_SOURCES = ("superior_subsidy", "business", "operating", "subordinate", "other")  # the 收入决算表's, beside 财政拨款
_THREE = ("abroad", "vehicle_purchase", "vehicle_operation", "reception")


def _leaf_rows(t: Table | None) -> list:
    """The rows of a table by 功能分类 (or 经济分类) that no printed row is under."""
    if t is None:
        return []
    codes = [r.code for r in t.rows if r.code and r.code.isdigit()]
    return [r for r in t.rows if r.code in codes and not any(c != r.code and c.startswith(r.code) for c in codes)]


def _by_class(t: Table | None, column: str) -> dict[str, Decimal]:
    return {r.code: v for r in _leaf_rows(t) if (v := r.value(column)) is not None}


def _side_value(t: Table | None, code: str, column: str = "total") -> Decimal:
    row = t.row(code) if t is not None else None
    return (row.value(column) if row is not None else None) or ZERO


def entries_from_final(doc: Document, region: str = "national_final") -> dict:
    """The 决算 package as entries, in the JSON shape of entries.schema.json (kind final_accounts)."""
    said = stated(doc)
    data: dict = {"schema": 1, "kind": "final_accounts", "year": doc.year, "region": region,
                  "amount_unit": doc.amount_unit,
                  "unit": {"code": doc.unit.code, "name": doc.unit.name, "parent": doc.unit.parent, "type": "部门",
                           "contact": said.contact[0] if said.contact else None,
                           "phone": said.contact[1] if said.contact else None}}
    everything = doc.table(Kind.FINAL_EXPENDITURE)
    spent: dict[tuple[str, str], dict[str, Decimal]] = {}  # (fund, purpose) → class → amount
    for kind, fund in _FUND_TABLES:
        for purpose in ("basic", "project"):
            spent[fund, purpose] = _by_class(doc.table(kind), purpose)
    for purpose in ("basic", "project"):  # what the 支出决算表 has beyond the 财政拨款 funds: the unit's own
        own = {}
        for code, v in _by_class(everything, purpose).items():
            fiscal = sum((x for f in FISCAL for c, x in spent[f, purpose].items()
                          if c.startswith(code) or code.startswith(c)), ZERO)
            if v - fiscal or (not v and not any(code in spent[f, purpose] for f in FISCAL)):
                own[code] = v - fiscal
        spent[OWN, purpose] = own

    general = spent["general_budget", "basic"]
    economics = {**_by_class(doc.table(Kind.FINAL_BASIC_EXPENDITURE), "personnel"),
                 **_by_class(doc.table(Kind.FINAL_BASIC_EXPENDITURE), "public")}
    g, b = doc.table(Kind.FINAL_GENERAL_EXPENDITURE), doc.table(Kind.FINAL_BASIC_EXPENDITURE)
    functions, by_economic = basic_leaves(  # exact, where its rounding tails need it
        doc, g, b, sorted((c, v) for c, v in general.items() if v), sorted((c, v) for c, v in economics.items() if v),
        list(_by_class(g, "project").items()),
        lambda r: None if r.code == "total" else r.value(staff_of(r.code)))  # a 类 in its block's column
    basic = [{"function": f, "economic": e, "fund": "general_budget", "amount": str(v)}
             for f, e, v in corner(functions, by_economic)]
    first = (basic[0]["function"] if basic else next(iter(general), "")), (basic[0]["economic"] if basic else "")
    basic += [{"function": first[0], "economic": e, "fund": "general_budget", "amount": "0.00"}
              for e, v in sorted(economics.items()) if not v]  # the 0.00 the 基本支出决算表 prints
    basic += [{"function": f, "economic": first[1], "fund": "general_budget", "amount": "0.00"}
              for f, v in sorted(general.items()) if not v]
    basic += [{"function": f, "economic": "", "fund": fund, "amount": str(v)}
              for fund in (*FISCAL[1:], OWN) for f, v in sorted(spent[fund, "basic"].items())]
    data["basic"] = basic
    data["projects"] = [{"name": f"项目支出（{f}）", "function": f, "fund": fund, "amount": str(v), "indicators": []}
                        for fund in (*FISCAL, OWN) for f, v in sorted(spent[fund, "project"].items())]
    # 上缴上级, 经营, 对附属单位补助支出 by class, as the 支出决算表 prints them (paid from their default funds)
    data["other_spending"] = [{"key": k, "function": f, "fund": OTHER_SPENDING_FUNDS[k], "amount": str(v)}
                              for k in OTHER_SPENDING for f, v in sorted(_by_class(everything, k).items()) if v]
    gen = doc.table(Kind.FINAL_GENERAL_EXPENDITURE)
    for measure in ("initial_budget", "full_year_budget"):
        data[measure] = [{"function": f, "fund": "general_budget", "amount": str(v)}
                         for f, v in sorted(_by_class(gen, measure).items())]

    revenue = doc.table(Kind.FINAL_REVENUE)
    others = {f: _by_class(doc.table(k), "current_income") for k, f in _FUND_TABLES[1:]}
    income = []
    for r in _leaf_rows(revenue):
        fiscal = r.value("fiscal")
        if fiscal is not None:
            rest, taken = fiscal, False
            for fund, by_class in others.items():
                if by_class.get(r.code):
                    income.append({"key": fund, "function": r.code, "amount": str(by_class[r.code])})
                    rest, taken = rest - by_class[r.code], True
            if rest or not taken:  # the 一般公共预算's: the rest of the 财政拨款
                income.append({"key": "general_budget", "function": r.code, "amount": str(rest)})
        income += [{"key": s, "function": r.code, "amount": str(v)} for s in _SOURCES if (v := r.value(s)) is not None]
    data["income"] = income

    summary, fiscal_summary = doc.table(Kind.FINAL_SUMMARY), doc.table(Kind.FINAL_FISCAL_SUMMARY)
    for key, code, by_fund in (
            ("carryover", "in.carryover", lambda f: _side_value(fiscal_summary, f"in.carryover.{f}")),
            ("carry_forward", "out.carry_forward", lambda f: _side_value(fiscal_summary, "out.carry_forward", f))):
        funds = {f: by_fund(f) for f in FISCAL}
        funds[OWN] = _side_value(summary, code) - sum(funds.values(), ZERO)
        # a fund whose own table prints its carry-overs by class gives them so (the fund's sum as before)
        column = "opening_balance" if key == "carryover" else "closing_balance"
        by_class = {f: _by_class(doc.table(k), column) for k, f in _FUND_TABLES[1:]}
        data[key] = [{"key": f, "amount": str(v)} for f, v in funds.items() if v and not by_class.get(f)]
        data[key] += [{"key": f, "function": c, "amount": str(v)} for f, classes in by_class.items()
                      for c, v in sorted(classes.items()) if v]

    three = doc.table(Kind.FINAL_THREE_PUBLIC)
    row = three.row("total") if three is not None and three.rows else None
    if row is not None:
        data["three_public"] = [{"key": k, "amount": str(v)} for k in _THREE
                                if (v := row.value(f"final.{k}")) is not None]
        data["three_public_budget"] = [{"key": k, "amount": str(v)} for k in _THREE
                                       if (v := row.value(f"full_year_budget.{k}")) is not None]
    # the counts (cars, groups, receptions): as the “三公” table prints them, else as the narrative states them
    counts = {k: v for k in THREE_COUNTS if row is not None and (v := row.value(k)) is not None}
    for c in doc.claims:
        if c.kind == "count" and c.code in THREE_COUNTS and c.owner is None:
            counts.setdefault(c.code, c.amount)
    if counts:
        data.setdefault("three_public", []).extend({"key": k, "amount": str(v)} for k, v in counts.items())
    running = next((c.amount for c in doc.claims if c.owner is None and c.kind == "amount" and c.unit == "万元"
                    and "机关运行经费" in c.subject), None)
    if running is not None:
        data["operation_funds"] = str(running)
    texts = {"职能职责": said.duties, "机构设置": said.organisation}
    data["texts"] = {k: v for k, v in texts.items() if v}
    return data
