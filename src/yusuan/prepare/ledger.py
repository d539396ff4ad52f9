"""Entries → Ledger: each amount the officer gave, with its dimensions, as one view of the budget
(``entries``) from which every standard table is derived. The “三公” items, 机关运行经费 and the
procurement are parts of that spending told apart, not more of it: they are the views of their own
tables, which answer only questions about them."""
from __future__ import annotations

from ..catalog.specs import Kind
from ..catalog.vocabulary import COUNT_UNITS
from ..ledger.model import DEFAULTS, Entry, Ledger
from .entries import FINAL, Entries, staff_of

BASIS = "entries"


def _entry(e: Entries, amount, source, row_code: str, name: str, column: str, unit: str | None = None,
           basis: str = BASIS, **dims) -> Entry:
    merged = {**DEFAULTS, **{k: v for k, v in dims.items() if v}}
    return Entry(amount, tuple(sorted(merged.items())), basis, row_code, name, column, unit or e.amount_unit, source)


def entries_ledger(e: Entries) -> Ledger:
    if e.kind == FINAL:
        return _final_ledger(e)
    out = []
    for a in e.income:
        out.append(_entry(e, a.amount, a.source, f"in.{a.key}", a.key, "total", side="income", fund=a.key))
    for a in e.carryover:
        out.append(_entry(e, a.amount, a.source, f"in.carryover.{a.key}", a.key, "total", side="income",
                          flow="carryover", fund=a.key))
    for x in e.basic:
        out.append(_entry(e, x.amount, x.source, x.function, x.economic, "basic", fund=x.fund, function=x.function,
                          economic=x.economic, purpose="basic", staff=staff_of(x.economic), funded=x.funded,
                          gov_economic=x.gov_economic))
    for p in e.projects:  # a line given by economic class: an entry of each class
        for amount, source, economic, gov in ([(c.amount, c.source, c.economic, c.gov_economic) for c in p.economic]
                                              or [(p.amount, p.source, "", "")]):
            out.append(_entry(e, amount, source, p.function, p.name, "project", fund=p.fund, function=p.function,
                              economic=economic, gov_economic=gov, purpose="project", project_type=p.type,
                              funded=p.funded, row=p.code or p.name))
    out += _other_spending(e)
    for a in e.three_public:
        out.append(_entry(e, a.amount, a.source, "total", a.key, a.key, COUNT_UNITS.get(a.key), Kind.THREE_PUBLIC,
                          fund="general_budget", item=a.key))
    for a in e.three_public_prior:
        out.append(_entry(e, a.amount, a.source, "total", a.key, f"prior_year.{a.key}", None, Kind.THREE_PUBLIC,
                          fund="general_budget", item=a.key, period="prior_year"))
    for a in e.general_prior:
        out.append(_entry(e, a.amount, a.source, a.key, a.key, "prior_year", fund="general_budget", function=a.key,
                          period="prior_year"))
    if e.operation_funds is not None:
        out.append(_entry(e, e.operation_funds.amount, e.operation_funds.source, "total", "机关运行经费",
                          "operation_funds", None, Kind.THREE_PUBLIC, fund="general_budget", item="operation_funds"))
    for a in e.procurement:
        out.append(_entry(e, a.amount, a.source, a.key, a.key, a.fund, None, Kind.PROCUREMENT, fund=a.fund,
                          purpose="procurement", row=a.key))
    return Ledger(e.file, e.unit, e.year, e.kind, e.amount_unit, tuple(out), (), None, (), department=e.department)


def _final_ledger(e: Entries) -> Ledger:
    """A 决算's entries: every amount received, carried and spent is a 决算数 (measure final); the budgets
    printed beside it (年初预算数, 全年预算数, the “三公” 预算数) are amounts of their own measure."""
    out = []
    for a in e.income:
        out.append(_entry(e, a.amount, a.source, a.function or f"in.{a.key}", a.key, "total", side="income",
                          fund=a.key, function=a.function, measure="final"))
    for flow, side, items in (("carryover", "income", e.carryover), ("carry_forward", "spending", e.carry_forward)):
        for a in items:
            out.append(_entry(e, a.amount, a.source, a.function or f"{flow}.{a.key}", a.key, "total", side=side,
                              flow=flow, fund=a.key, function=a.function, measure="final"))
    for x in e.basic:
        out.append(_entry(e, x.amount, x.source, x.function, x.economic, "basic", fund=x.fund, function=x.function,
                          economic=x.economic, purpose="basic", staff=staff_of(x.economic), measure="final"))
    for p in e.projects:
        out.append(_entry(e, p.amount, p.source, p.function, p.name, "project", fund=p.fund, function=p.function,
                          purpose="project", measure="final"))
    out += _other_spending(e, measure="final")
    for measure, items in (("initial_budget", e.initial_budget), ("full_year_budget", e.full_year_budget)):
        for a in items:
            out.append(_entry(e, a.amount, a.source, a.key, a.key, measure, fund=a.fund or "general_budget",
                              function=a.key, measure=measure))
    for measure, items in (("final", e.three_public), ("full_year_budget", e.three_public_budget)):
        for a in items:
            out.append(_entry(e, a.amount, a.source, "total", a.key, f"{measure}.{a.key}", COUNT_UNITS.get(a.key),
                              Kind.FINAL_THREE_PUBLIC, fund="fiscal", item=a.key, measure=measure))
    if e.operation_funds is not None:
        out.append(_entry(e, e.operation_funds.amount, e.operation_funds.source, "total", "机关运行经费",
                          "operation_funds", None, Kind.FINAL_THREE_PUBLIC, fund="general_budget",
                          item="operation_funds", measure="final"))
    for a in e.procurement:
        out.append(_entry(e, a.amount, a.source, a.key, a.key, a.fund, None, Kind.PROCUREMENT, fund=a.fund,
                          purpose="procurement", row=a.key, measure="final"))
    return Ledger(e.file, e.unit, e.year, e.kind, e.amount_unit, tuple(out), (), None, (), department=e.department)


def _other_spending(e: Entries, **dims) -> list[Entry]:
    """上缴上级支出, 经营支出, 对附属单位补助支出: spending by class of its own purpose, as the readers give
    those columns of the 支出总表 / 支出决算表."""
    return [_entry(e, a.amount, a.source, a.function, a.key, a.key, fund=a.fund, function=a.function,
                   purpose=a.key, **dims) for a in e.other_spending]
