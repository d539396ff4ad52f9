"""Entries from a published package (``yusuan template --from FILE``): last year's budget to start this
year's from, or a draft in any format yusuan reads.

A package prints its spending twice, by 功能分类 (the 一般公共预算 table) and by 经济分类 (the 基本支出
table), never the two together. The entries need each line with both codes, so the lines are made by
the north-west corner rule: any split that gives back both printed tables exactly. It is a starting
point, said so in the workbook, for the officer to correct where the real split differs. Likewise the
named projects of the performance forms are spread over the 项目支出 of each class, and what no form
names is left as an unnamed project for the officer to name.
"""
from __future__ import annotations

from decimal import Decimal

from ..catalog.specs import Kind
from ..ledger import build_ledger
from ..ledger.model import Ledger
from ..model import Document
from ..render.draft_sources import stated
from .entries import OTHER_SPENDING, OTHER_SPENDING_FUNDS, THREE_COUNTS, THREE_PUBLIC, Entries
from .exact import basic_leaves, unmet

ZERO = Decimal(0)
REASONS = {"income": "收入预算", "spending": "支出预算", "gpb": "财政拨款收入支出", "three": "三公",
           "public": "机关运行经费"}


def _leaves(ledger: Ledger, basis: str, **want) -> list[tuple[str, Decimal]]:
    """(code, amount) of a view's leaves with these dimensions (this year's unless ``period`` says), summed
    by code, in code order."""
    out: dict[str, Decimal] = {}
    dimension = "economic" if basis == Kind.BASIC_EXPENDITURE else "function"
    want = {"period": "current", **want}
    for e in ledger.entries:
        d = dict(e.dims)
        if e.basis == basis and e.owner is None and d.get(dimension) and all(d.get(k) == v for k, v in want.items()):
            out[d[dimension]] = out.get(d[dimension], ZERO) + e.amount
    return sorted(out.items())


def corner(rows: list[tuple[str, Decimal]], cols: list[tuple[str, Decimal]]) -> list[tuple[str, str, Decimal]]:
    """The north-west corner rule: cells (row, column, amount) whose row sums and column sums are the
    given ones (exactly, when the two totals agree; what one side has over is left on its last cells)."""
    out, i, j = [], 0, 0
    rows, cols = [list(x) for x in rows], [list(x) for x in cols]
    while i < len(rows) and j < len(cols):
        take = min(rows[i][1], cols[j][1])
        if take:
            out.append((rows[i][0], cols[j][0], take))
        rows[i][1] -= take
        cols[j][1] -= take
        if not rows[i][1]:
            i += 1
        if j < len(cols) and not cols[j][1]:
            j += 1
    out += [(r, "", v) for r, v in rows[i:] if v]  # one side's rest, with the other code left to fill in
    out += [("", c, v) for c, v in cols[j:] if v]
    return out


_ECONOMIC_CLASSES = ("301", "302", "303", "310")  # the 工资福利, 商品和服务, 对个人和家庭的补助, 资本性 columns


def _by_type(ledger: Ledger, fund: str, spending: list[tuple[str, Decimal]]) -> list[tuple[str, Decimal]]:
    """A fund's 项目支出 by class, split by project type where its table prints 其他运转类 and 特定目标类
    (keys function|type; the type left empty where it does not)."""
    basis = next((b for b, f in _FUND_TABLES if f == fund), None)
    types = {t: dict(_leaves(ledger, basis, project_type=t)) for t in ("other_operation", "specific_purpose")} \
        if basis else {}
    out = []
    for function, v in spending:
        parts = [(t, types[t][function]) for t in types if function in types[t]]
        if parts and sum(x for _, x in parts) == v:
            out += [(f"{function}|{t}", x) for t, x in parts]
        else:
            out.append((f"{function}|", v))
    return out


_FUND_TABLES = ((Kind.GENERAL_EXPENDITURE, "general_budget"), (Kind.GOV_FUND_EXPENDITURE, "gov_fund"),
                (Kind.SOE_EXPENDITURE, "soe"))
_NON_FISCAL = ("special_account", "business", "operating", "superior_subsidy", "subordinate", "other")


def _other_funds(ledger: Ledger, doc: Document, fiscal: dict) -> dict[str, list[tuple[str, Decimal]]]:
    """The 项目支出 of the funds that are no 财政拨款 (事业收入, 其他收入 …): the 支出总表's, less the fiscal
    funds', by class; each class's rest spread over the sources its 收入总表 row prints (其他 when none)."""
    paid = [x for spending in fiscal.values() for x in spending]

    def paid_for(code: str) -> Decimal:  # at the level the 支出总表 prints (a 类 alone, or its 项)
        return sum((v for c, v in paid if c.startswith(code) or code.startswith(c)), ZERO)
    rest = [(code, v - paid_for(code)) for code, v in _leaves(ledger, Kind.EXPENDITURE, purpose="project")]
    revenue = doc.table(Kind.REVENUE)
    out: dict[str, list[tuple[str, Decimal]]] = {}
    for code, v in rest:
        if v <= 0:
            continue
        row = revenue.row(code) if revenue is not None else None
        sources = [(f, row.value(f)) for f in _NON_FISCAL if row is not None and row.value(f)]
        for mine, fund, part in corner([(code, v)], sources or [("other", v)]):
            if mine:  # (what the sources print beyond this class's rest is its basic spending's)
                out.setdefault(fund or "other", []).append((code, part))
    return out


def _carried(ledger: Ledger, doc: Document) -> dict[str, Decimal]:
    """Last year's carry-over by fund: the 财政拨款收支总表's split, when it agrees with the 收支总表's
    上年结转 (002's 财政拨款收支总表 is last year's: its carry-over is not this year's), else none."""
    split: dict[str, Decimal] = {}
    for e in ledger.entries:
        d = dict(e.dims)
        if e.basis == Kind.FISCAL_SUMMARY and e.owner is None and d.get("flow") == "carryover":
            split[d.get("fund", "general_budget")] = split.get(d.get("fund", "general_budget"), ZERO) + e.amount
    s = doc.table(Kind.SUMMARY)
    if s is not None and s.row("in.total") is not None:
        row = s.row("in.carryover")
        stated = (row.value("total") if row is not None else None) or ZERO
        return split if sum(split.values(), ZERO) == stated else ({"general_budget": stated} if stated else {})
    return split


def _funded_by_carryover(carried: list[dict], projects: list[dict], basic: list[dict]) -> None:
    """Mark the lines last year's carry-over pays: each fund's projects first, then its basic spending
    (the 收入总表 prints them in its 上年结转 column). A line paid partly so is split in two."""
    for c in carried:
        fund, left = c["key"], Decimal(c["amount"])
        for lines in (projects, basic):
            for i, line in enumerate(list(lines)):
                if left <= 0 or line.get("fund", "general_budget") != fund or line.get("funded"):
                    continue
                amount = Decimal(line["amount"])
                take = min(amount, left)
                left -= take
                if take == amount:
                    line["funded"] = "carryover"
                else:
                    line["amount"] = _money(amount - take)
                    lines.insert(lines.index(line) + 1, {**line, "amount": _money(take), "funded": "carryover"})


def _elsewhere(ledger: Ledger, doc: Document, fund: str) -> list[tuple[str, Decimal]]:
    """A fund without a table of its own (a package that prints no 国有资本经营 table): its 项目支出 by
    class from the 支出总表, for the classes the 财政拨款收支总表 spends from that fund."""
    f = doc.table(Kind.FISCAL_SUMMARY)
    classes = {r.code: r.value(fund) for r in (f.rows if f else ()) if r.code and r.code.isdigit() and r.value(fund)}
    found = [(c, v) for c, v in _leaves(ledger, Kind.EXPENDITURE, purpose="project") if c[:3] in classes]
    said = {c[:3] for c, _ in found}
    # a class the 支出总表 does not print (000's lacks its 223): the class itself, as the 财政拨款收支总表 gives it
    return found + [(c, v) for c, v in classes.items() if c not in said]


def _printed_classes(doc: Document, kind: str) -> list[tuple[str, str, Decimal]]:
    """A table's 款 rows by economic class as printed: (部门预算 款, 政府预算 款 or "", 合计)."""
    t = doc.table(kind)
    return [(r.code, dict(r.extra).get("gov_code") or "", v) for r in (t.rows if t is not None else ())
            if r.code and len(r.code) == 5 and r.code.isdigit() and (v := r.value("total")) is not None]


def _with_gov(leaves: list[tuple[str, Decimal]], printed: list[tuple[str, str, Decimal]]) -> list[tuple[str, Decimal]]:
    """The basic spending by 款, each 款 as code|政府预算 款 where its table prints that beside it (its rows
    of one 款 summing to it)."""
    out = []
    for code, v in leaves:
        rows = [(gov, x) for c, gov, x in printed if c == code and gov]
        if rows and sum(x for _, x in rows) == v:
            out += [(f"{code}|{gov}", x) for gov, x in rows]
        else:
            out.append((code, v))
    return out


def _project_classes(projects: list[dict], summary: list[tuple[str, str, Decimal]], basic: list[dict]) -> None:
    """Each project line's economic classes, from the 支出经济分类汇总表 (all spending by class): what it
    prints beyond the basic spending of each class is the projects', spread over their lines by the
    north-west corner rule (a starting point, as the basic lines are). Left out unless it makes up the
    projects' amount exactly."""
    left: dict[tuple[str, str], Decimal] = {}
    for line in basic:
        key = (line["economic"], line.get("gov_economic", ""))
        left[key] = left.get(key, ZERO) + Decimal(line["amount"])
    rest = []
    for code, gov, v in summary:
        for key in ((code, gov), (code, "")):  # the basic spending of the row's 款 (with its 政府 款, if printed)
            take = min(left.get(key, ZERO), v)
            if take:
                left[key] -= take
                v -= take
        if v:
            rest.append((f"{code}|{gov}", v))
    if not projects or any(v < 0 for _, v in rest) or any(left.values()) or \
            sum((v for _, v in rest), ZERO) != sum((Decimal(p["amount"]) for p in projects), ZERO):
        return
    for i, key, v in corner([(str(i), Decimal(p["amount"])) for i, p in enumerate(projects)], rest):
        code, _, gov = key.partition("|")
        projects[int(i)].setdefault("economic", []).append(
            {"economic": code, "amount": _money(v), **({"gov_economic": gov} if gov else {})})


def _money(v: Decimal) -> str:
    return str(v)


def entries_from(doc: Document, region: str = "national") -> dict:
    """The package as entries, in the JSON shape of entries.schema.json."""
    ledger = build_ledger(doc)
    said = stated(doc)
    data: dict = {"schema": 1, "kind": doc.kind, "year": doc.year, "region": region, "amount_unit": doc.amount_unit,
                  "unit": {"code": doc.unit.code, "name": doc.unit.name, "parent": doc.unit.parent,
                           "type": "单位", "contact": said.contact[0] if said.contact else None,
                           "department": next((r.name for t in doc.tables for r in t.rows
                                               if doc.unit.parent and r.code == f"unit:{doc.unit.parent}"), None),
                           "phone": said.contact[1] if said.contact else None}}
    gov = _printed_classes(doc, Kind.BASIC_EXPENDITURE)
    by_economic = _with_gov(_leaves(ledger, Kind.BASIC_EXPENDITURE), gov)
    # a 一般公共预算 table that prints 工资福利支出 … by class (Henan) splits each class apart: the corner
    # rule within each 经济分类 类 gives back that table's columns too
    by_class = {c: _leaves(ledger, Kind.GENERAL_EXPENDITURE, purpose="basic", economic=c) for c in _ECONOMIC_CLASSES}
    pairs = [(by_class[c], [(e, v) for e, v in by_economic if e.startswith(c)]) for c in _ECONOMIC_CLASSES
             if by_class[c]]
    if not pairs:  # the two tables' leaves exact, where their rounding tails need it
        functions, economics = basic_leaves(
            doc, doc.table(Kind.GENERAL_EXPENDITURE), doc.table(Kind.BASIC_EXPENDITURE),
            _leaves(ledger, Kind.GENERAL_EXPENDITURE, purpose="basic"), _leaves(ledger, Kind.BASIC_EXPENDITURE),
            _leaves(ledger, Kind.GENERAL_EXPENDITURE, purpose="project"), lambda r: r.value("total"))
        pairs = [(functions, _with_gov(economics, gov))]
    data["basic"] = [{"function": f, "economic": e.partition("|")[0], "amount": _money(v),
                      **({"gov_economic": e.partition("|")[2]} if e.partition("|")[2] else {})}
                     for rows, cols in pairs for f, e, v in corner(rows, cols)]

    projects = []
    named = [(p, p.amount.scaleb(-4) if p.amount_unit == "元" else p.amount) for p in doc.projects
             if p.amount is not None]
    spent = {fund: (_leaves(ledger, basis, purpose="project") if doc.table(basis) is not None
                    else _elsewhere(ledger, doc, fund)) for basis, fund in _FUND_TABLES}
    funded: set[str] = set()  # the forms whose 资金来源 a line has taken
    lines_of: dict[str, list[dict]] = {}  # a form's lines
    for fund, spending in (*spent.items(), *_other_funds(ledger, doc, spent).items()):
        names = [(str(i), v) for i, (_, v) in enumerate(named)] if fund == "general_budget" else []
        typed = _by_type(ledger, fund, spending)  # (function|type, amount): the table's 其他运转类/特定目标类
        for key, which, v in corner(typed, names):
            function, _, kind = key.partition("|")
            if not function:
                continue  # a form's amount beyond the table's 项目支出 (X113 says so)
            p = named[int(which)][0] if which else None
            first = which not in funded  # a project's form (words, indicators, funding) is given on its first line
            projects.append({
                "code": p.code if p else None, "name": p.name if p else f"未列明的项目支出（{function}）",
                "function": function, "fund": fund, "amount": _money(v),
                "type": kind or ("other_operation" if p and p.type and "运转" in p.type else "specific_purpose"),
                "overview": p.overview if p and first else None, "basis": p.basis if p and first else None,
                "schedule": p.schedule if p and first else None, "goal": p.goal if p and first else None,
                "indicators": [_indicator(i) for i in p.indicators] if p and first else [],
                "funding": {label: _money(x) for label, x in p.funding} if p and first else {}})
            funded.add(which)
            if p:
                lines_of.setdefault(which, []).append(projects[-1])
    for which, lines in lines_of.items():  # a form whose amount its lines do not make up: its 资金来源 is not theirs
        if sum((Decimal(x["amount"]) for x in lines), ZERO) != named[int(which)][1]:
            lines[0]["funding"] = {}
    data["carryover"] = [{"key": k, "amount": _money(v)} for k, v in _carried(ledger, doc).items() if v]
    _funded_by_carryover(data["carryover"], projects, data["basic"])
    _project_classes(projects, _printed_classes(doc, Kind.ECONOMIC_SUMMARY), data["basic"])
    data["projects"] = projects
    # this year's income of each fund: what it spends, less what last year's carry-over pays (the budget
    # balances; a package whose income tables disagree with its spending by a rounding tail or more is
    # made consistent here, from its most detailed tables)
    # 上缴上级, 经营, 对附属单位补助支出 by class, as the 支出总表 prints them (paid from their default funds)
    data["other_spending"] = [{"key": k, "function": code, "fund": OTHER_SPENDING_FUNDS[k], "amount": _money(v)}
                              for k in OTHER_SPENDING for code, v in _leaves(ledger, Kind.EXPENDITURE, purpose=k)]
    income: dict[str, Decimal] = {}
    for line in (*data["basic"], *projects, *data["other_spending"]):
        if line.get("funded") != "carryover":
            fund = line.get("fund", "general_budget")
            income[fund] = income.get(fund, ZERO) + Decimal(line["amount"])
    data["income"] = [{"key": k, "amount": _money(v)} for k, v in income.items() if v]

    t = doc.table(Kind.THREE_PUBLIC)
    row = t.row("total") if t is not None else None
    if row is not None:
        data["three_public"] = [{"key": k, "amount": _money(v)} for k in THREE_PUBLIC + THREE_COUNTS
                                if (v := row.value(k)) is not None]
        data["three_public_prior"] = [{"key": k, "amount": _money(v)} for k in THREE_PUBLIC
                                      if (v := row.value(f"prior_year.{k}")) is not None]
    prior = _leaves(ledger, Kind.GENERAL_EXPENDITURE, period="prior_year")
    if prior:
        data["general_prior"] = [{"function": code, "amount": _money(v)} for code, v in prior]
    data["procurement"] = [{"key": d["row"], "fund": d["fund"], "amount": _money(e.amount)} for e in ledger.entries
                           if e.basis == Kind.PROCUREMENT and e.owner is None
                           and (d := dict(e.dims)).get("row") in ("goods", "services", "works") and d.get("fund")]
    running = next((c.amount for c in doc.claims if c.owner is None and c.kind == "amount" and c.unit == "万元"
                    and "机关运行经费" in c.subject), None)
    if running is not None:
        data["operation_funds"] = _money(running)
    if doc.performance is not None:
        data["performance"] = {"goal": doc.performance.goal,
                               "indicators": [_indicator(i) for i in doc.performance.indicators]}
    texts = {"职能职责": said.duties, "机构设置": said.organisation}
    texts.update({REASONS[k]: v for k, v in said.reasons.items() if k in REASONS})
    data["texts"] = {k: v for k, v in texts.items() if v}
    tails = [str(f) for f in unmet(data, doc)]  # printed values the entries cannot print again
    if tails:
        data["findings"] = tails  # what the template command says; the entries do not take it
    return data


def _indicator(i) -> dict:
    return {"level1": i.level1, "level2": i.level2, "name": i.name, "operator": i.operator, "value": i.value,
            "unit": i.unit, "weight": None if i.weight is None else str(i.weight), "core": i.core}


def entries_as_data(e: Entries) -> dict:
    """Entries back in their JSON shape (to write them as JSON, or into a workbook)."""
    def amounts(items, fund: bool = False):
        return [{"key": a.key, "amount": str(a.amount), **({"fund": a.fund} if fund else {}),
                 **({"function": a.function} if a.function else {})} for a in items]

    def by_class(items):
        return [{"function": a.key, "fund": a.fund, "amount": str(a.amount)} for a in items]
    final = {"carry_forward": amounts(e.carry_forward), "three_public_budget": amounts(e.three_public_budget),
             "initial_budget": by_class(e.initial_budget), "full_year_budget": by_class(e.full_year_budget)} \
        if e.kind == "final_accounts" else {}
    return {
        "schema": 1, "kind": e.kind, "year": e.year or None, "region": e.region, "amount_unit": e.amount_unit,
        "unit": {"code": e.unit.code, "name": e.unit.name, "parent": e.unit.parent, "type": e.unit_type,
                 "contact": e.contact, "phone": e.phone, "department": e.department},
        "income": amounts(e.income), "carryover": amounts(e.carryover),
        "basic": [{"function": x.function, "economic": x.economic, "fund": x.fund, "funded": x.funded,
                   "amount": str(x.amount), **({"gov_economic": x.gov_economic} if x.gov_economic else {})}
                  for x in e.basic],
        "projects": [{"code": p.code, "name": p.name, "function": p.function, "fund": p.fund, "type": p.type,
                      "funded": p.funded, "amount": str(p.amount), "overview": p.overview, "basis": p.basis,
                      "schedule": p.schedule, "goal": p.goal, "indicators": [_indicator(i) for i in p.indicators],
                      "funding": {label: str(x) for label, x in p.funding},
                      "economic": [{"economic": c.economic, "amount": str(c.amount),
                                    **({"gov_economic": c.gov_economic} if c.gov_economic else {})} for c in p.economic]}
                     for p in e.projects],
        "three_public": amounts(e.three_public), "three_public_prior": amounts(e.three_public_prior),
        "general_prior": [{"function": a.key, "amount": str(a.amount)} for a in e.general_prior],
        **({"operation_funds": str(e.operation_funds.amount)} if e.operation_funds else {}),
        "procurement": amounts(e.procurement, fund=True),
        "other_spending": [{"key": a.key, "function": a.function, "fund": a.fund, "amount": str(a.amount)}
                           for a in e.other_spending],
        "performance": {"goal": e.goal, "indicators": [_indicator(i) for i in e.indicators]},
        "texts": dict(e.texts), **final}
