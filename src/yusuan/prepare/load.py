"""Entries from JSON (the shape of entries.schema.json), checked as they are loaded.

Every value is looked at where it was given: an amount that is no number, a code the catalogs do not
have for the year, a project without indicators, weights that do not sum to 100, a “三公” count
without its money are findings (family E) at their place (the JSON path, or the workbook's sheet and
cell); what is sound is still loaded. A file that is no JSON object at all is an EntriesError.
"""
from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Callable

from ..catalog import load_catalog
from ..catalog.regions import regions
from ..catalog.specs import profile, profiles
from ..model import Indicator, Source, Unit
from ..report import Finding, Severity
from .entries import (CARRIED, FINAL, FISCAL, OTHER_SPENDING, OTHER_SPENDING_FUNDS, OTHER_SPENDING_NAMES,
                      PROCUREMENT_ITEMS, PROJECT_TYPES, SOURCES, THREE_COUNTS, THREE_PUBLIC, Amount, EconomicPart, Entries, Line, ProjectEntry)

HUNDRED = Decimal(100)
_COUNTED = {"vehicle_purchase_count": "vehicle_purchase", "abroad_groups": "abroad", "abroad_people": "abroad",
            "reception_batches": "reception", "reception_people": "reception"}  # a count → the money it needs
_NAMES = {"vehicle_purchase_count": "公务用车购置数", "vehicle_purchase": "公务用车购置费", "abroad_groups": "出国团组数",
          "abroad_people": "出国人次数", "abroad": "因公出国（境）费", "reception_batches": "公务接待批次",
          "reception_people": "公务接待人次", "reception": "公务接待费"}
CENT = Decimal("0.01")
_TREES = {"functional": "功能分类", "economic_dept": "部门预算支出经济分类", "economic_gov": "政府预算支出经济分类"}


class EntriesError(ValueError):
    """Entries that cannot be read at all (not JSON, not an object)."""


class Places:
    """Where a value was given, and the findings about it. ``at(path)`` names a value's place:
    a JSON path for JSON entries; the workbook loader gives its own (sheet, cell)."""

    def __init__(self, file: str, at: Callable[[str], Source] | None = None):
        self.file = file
        self.findings: list[Finding] = []
        self.at = at or (lambda path: Source(file, cell=path))

    def say(self, code: str, message: str, path: str, severity: Severity = Severity.ERROR) -> None:
        self.findings.append(Finding(code, severity, message, self.at(path)))

    def amount(self, value, path: str, what: str, money: bool = True) -> Decimal | None:
        if value is None or value == "":
            return None
        try:
            d = Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            d = None
        if d is None or not d.is_finite():
            self.say("E101", f"{what}“{value}”不是金额（应为数字，如 12.34）", path)
            return None
        return d.quantize(CENT) if money and d.as_tuple().exponent > -2 else d  # 8 → 8.00, exactly; 8.125 stays

    def code(self, value, path: str, tree: str, year: int | None, what: str, region: str = "national") -> str:
        """The code as given (said when it is missing or not in the year's catalog: the amount is real
        money all the same, and stays in the tables under the code it was given)."""
        code = str(value or "").strip()
        if not code:
            self.say("E107", f"{what}缺少{'功能分类' if tree == 'functional' else '经济分类'}科目编码", path)
            return ""
        name = {"functional": "functional", "gov": "economic_gov"}.get(tree, "economic_dept")
        if name in _regional_trees(region):  # a region that numbers this catalog its own way (Shanghai's 302 款)
            return code
        if getattr(load_catalog(), name).by_code(code, year) is None:
            self.say("E102" if tree == "functional" else "E103",
                     f"{what}的{_TREES[name]}科目“{code}”在 {year or ''} 年的科目表中不存在", path)
        return code


def _indicators(items, path: str, p: Places) -> tuple[Indicator, ...]:
    out = []
    for i, d in enumerate(items or ()):
        at = f"{path}/{i}"
        number = p.amount(d.get("value"), f"{at}/value", "指标值", money=False) if _numeric(d.get("value")) else None
        out.append(Indicator(str(d.get("level1", "")), str(d.get("level2", "")), str(d.get("name", "")),
                             str(d.get("operator", "")), str(d.get("value", "")), number, str(d.get("unit", "")),
                             p.amount(d.get("weight"), f"{at}/weight", "权重", money=False), d.get("core"), p.at(at)))
    return tuple(out)


def _regional_trees(region: str) -> frozenset[str]:
    return next((r.regional_trees for r in regions() if r.id == region), frozenset())


def _prior_general(data: dict, year: int | None, region: str, p: Places) -> tuple[Amount, ...]:
    out = []
    for i, d in enumerate(data.get("general_prior") or ()):
        at = f"/general_prior/{i}"
        code = p.code(d.get("function"), f"{at}/function", "functional", (year or 1) - 1, "上年一般公共预算支出", region)
        if (v := p.amount(d.get("amount"), f"{at}/amount", "上年一般公共预算支出")) is not None and code:
            out.append(Amount(code, v, p.at(f"{at}/amount")))
    return tuple(out)


def _region(value, p: Places, family: str = "budget") -> str:
    default = "national" if family == "budget" else "national_final"
    name = str(value or default)
    try:
        found = profile(name)
    except KeyError:
        found = None
    if found is None or found.family != family:
        p.say("E107", f"地区“{name}”不在可选的地区中（{'、'.join(x.id for x in profiles() if x.family == family)}）",
              "/region")
        return default
    return found.id


def _funded(d: dict, at: str, p: Places) -> str:
    funded = str(d.get("funded") or "")
    if funded not in ("", "carryover"):
        p.say("E107", f"“funded”只能是 carryover（上年结转安排）或不填，而不是“{funded}”", f"{at}/funded")
        return ""
    return funded


def _numeric(v) -> bool:
    try:
        Decimal(str(v))
        return True
    except (InvalidOperation, TypeError):
        return False


def _weights(indicators: tuple[Indicator, ...], path: str, what: str, p: Places) -> None:
    weights = [i.weight for i in indicators if i.weight is not None]
    if weights and sum(weights) != HUNDRED:
        p.say("E105", f"{what}的指标权重合计为 {sum(weights)}，应为 100", path)


_LISTS = ("income", "carryover", "basic", "projects", "three_public", "three_public_prior", "procurement",
          "general_prior", "carry_forward", "three_public_budget", "initial_budget", "full_year_budget",
          "other_spending")


def _shaped(data: dict, p: Places) -> dict:
    """The entries with every list a list of objects and every object an object: a value of another
    shape is said (E107, at its path) and left out, so that the rest loads."""
    def obj(value, path: str) -> dict:
        if value is None or isinstance(value, dict):
            return value or {}
        p.say("E107", f"应为一个对象（{{…}}），而不是 {type(value).__name__}", path)
        return {}

    def objects(value, path: str) -> list[dict]:
        if value is None:
            return []
        if not isinstance(value, list):
            p.say("E107", f"应为一个列表（[…]），而不是 {type(value).__name__}", path)
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                out.append(item)
            else:
                p.say("E107", f"应为一个对象（{{…}}），而不是 {type(item).__name__}", f"{path}/{i}")
        return out

    shaped = {**data, "unit": obj(data.get("unit"), "/unit"), "texts": obj(data.get("texts"), "/texts")}
    for key in _LISTS:
        shaped[key] = objects(data.get(key), f"/{key}")
    shaped["projects"] = [{**d, "indicators": objects(d.get("indicators"), f"/projects/{i}/indicators"),
                           "economic": objects(d.get("economic"), f"/projects/{i}/economic"),
                           "funding": obj(d.get("funding"), f"/projects/{i}/funding")}
                          for i, d in enumerate(shaped["projects"])]
    performance = obj(data.get("performance"), "/performance")
    shaped["performance"] = {**performance, "indicators": objects(performance.get("indicators"),
                                                                  "/performance/indicators")}
    shaped["texts"] = {str(k): str(v) for k, v in shaped["texts"].items() if v is not None}
    return shaped


def entries(data: dict, file: str, places: Places | None = None) -> Entries:
    """Entries from their JSON shape; problems are findings on the result."""
    p = places or Places(file)
    if not isinstance(data, dict):
        raise EntriesError("录入数据应为一个 JSON 对象 / the entries must be a JSON object")
    data = _shaped(data, p)
    u = data.get("unit") or {}
    year = data.get("year") if isinstance(data.get("year"), int) else None
    family = str(data.get("kind") or "budget")
    final = family == FINAL
    region = _region(data.get("region"), p, family if final else "budget")
    if not u.get("name"):
        p.say("E107", "缺少单位名称", "/unit/name")
    if year is None:
        p.say("E107", "缺少预算年度（如 2024）", "/year")

    def amounts(key: str, names: tuple[str, ...], fund: bool = False, function: bool = False) -> tuple[Amount, ...]:
        """``function``: each amount may name its 功能分类 (决算: the income by class)."""
        out = []
        for i, d in enumerate(data.get(key) or ()):
            at = f"/{key}/{i}"
            k = str(d.get("key", ""))
            if k not in names:
                p.say("E107", f"“{k}”不是可选的项目（可选：{'、'.join(names)}）", f"{at}/key")
                continue
            code = p.code(d.get("function"), f"{at}/function", "functional", year, _WHAT.get(key, key), region) \
                if function and d.get("function") else ""
            if (v := p.amount(d.get("amount"), f"{at}/amount", k, money=k not in THREE_COUNTS)) is not None:
                out.append(Amount(k, v, p.at(f"{at}/amount"), str(d.get("fund", "general_budget")) if fund else "",
                                  code))
        return tuple(out)

    def by_class(key: str, what: str) -> tuple[Amount, ...]:
        """Amounts by 功能分类 (决算: 年初预算数, 全年预算数), keyed by the code."""
        out = []
        for i, d in enumerate(data.get(key) or ()):
            at = f"/{key}/{i}"
            code = p.code(d.get("function"), f"{at}/function", "functional", year, what, region)
            if (v := p.amount(d.get("amount"), f"{at}/amount", what)) is not None and code:
                out.append(Amount(code, v, p.at(f"{at}/amount"), str(d.get("fund", "general_budget"))))
        return tuple(out)

    basic = []
    spent: list[Decimal | None] = []  # every amount of spending given, for the balance, whatever else is wrong
    for i, d in enumerate(data.get("basic") or ()):
        at = f"/basic/{i}"
        fn = p.code(d.get("function"), f"{at}/function", "functional", year, "基本支出", region)
        # a 决算 prints basic spending by 经济分类 for the 一般公共预算 alone: another fund's line may lack it
        ec = "" if final and not d.get("economic") and d.get("fund", "general_budget") != "general_budget" else \
            p.code(d.get("economic"), f"{at}/economic", "economic", year, "基本支出", region)
        v = p.amount(d.get("amount"), f"{at}/amount", "基本支出金额")
        spent.append(v)
        gov = p.code(d.get("gov_economic"), f"{at}/gov_economic", "gov", year, "基本支出", region) \
            if d.get("gov_economic") else ""
        if v is not None:
            basic.append(Line(fn, ec, v, p.at(f"{at}/amount"), str(d.get("fund", "general_budget")),
                              _funded(d, at, p), gov))

    projects = []
    lines: dict[str, list] = {}  # a project's lines (by code, else name): its indicators are given on any one
    for i, d in enumerate(data.get("projects") or ()):
        at = f"/projects/{i}"
        name = str(d.get("name", "")).strip()
        if not name:
            p.say("E107", f"项目缺少项目名称（金额 {d.get('amount') or '空'}，功能分类 {d.get('function') or '空'}）", f"{at}/name")
        fn = p.code(d.get("function"), f"{at}/function", "functional", year, f"项目「{name}」", region)
        v = p.amount(d.get("amount"), f"{at}/amount", f"项目「{name}」金额")
        spent.append(v)
        indicators = _indicators(d.get("indicators"), f"{at}/indicators", p)
        lines.setdefault(d.get("code") or name, []).append((at, name, bool(indicators)))
        _weights(indicators, f"{at}/indicators", f"项目「{name}」", p)
        kind = str(d.get("type", "specific_purpose"))
        if kind not in PROJECT_TYPES:
            p.say("E107", f"项目「{name}」的类型“{kind}”不是 other_operation 或 specific_purpose", f"{at}/type")
        if v is not None:
            projects.append(ProjectEntry(name, fn, v, p.at(f"{at}/amount"), d.get("code"),
                                         str(d.get("fund", "general_budget")), kind, d.get("overview"), d.get("basis"),
                                         d.get("schedule"), d.get("goal"), indicators, _funded(d, at, p),
                                         tuple((str(k), a) for k, x in (d.get("funding") or {}).items()
                                               if (a := p.amount(x, f"{at}/funding/{k}", f"项目「{name}」{k}")) is not None),
                                         _classes(d, at, name, v, year, region, p)))
    for same in () if final else lines.values():  # a 决算's project lines are spending by class, no forms
        if not any(has for _, _, has in same):
            at, name, _ = same[0]
            p.say("E104", f"项目「{name}」没有绩效指标", f"{at}/indicators")

    other = _other_spending(data, year, region, spent, p)
    three = amounts("three_public", THREE_PUBLIC + THREE_COUNTS)
    money = {a.key: a.amount for a in three if a.key in THREE_PUBLIC}
    for i, d in enumerate(data["three_public"]):
        count = next((a for a in three if a.key == d.get("key")), None)
        needs = _COUNTED.get(d.get("key"))
        if needs and count is not None and count.amount and not money.get(needs):
            p.say("E106", f"“三公”经费填了{_NAMES[count.key]} {count.amount}，而{_NAMES[needs]}为空或 0",
                  f"/three_public/{i}/amount")
    performance = data.get("performance") or {}
    indicators = _indicators(performance.get("indicators"), "/performance/indicators", p)
    _weights(indicators, "/performance/indicators", "整体绩效目标", p)
    operation = p.amount(data.get("operation_funds"), "/operation_funds", "机关运行经费")
    out = Entries(
        file, Unit(u.get("code"), u.get("name"), u.get("parent")), year or 0, family,
        str(u.get("type", "单位")), region, str(data.get("amount_unit", "万元")),
        u.get("contact"), u.get("phone"), u.get("department"),
        amounts("income", SOURCES, function=final), amounts("carryover", CARRIED if final else FISCAL, function=final),
        tuple(basic),
        tuple(projects), three,
        amounts("three_public_prior", THREE_PUBLIC), _prior_general(data, year, region, p), None if operation is None else
        Amount("operation_funds", operation, p.at("/operation_funds")),
        amounts("procurement", PROCUREMENT_ITEMS, fund=True), performance.get("goal"), indicators,
        tuple((str(k), str(v)) for k, v in (data.get("texts") or {}).items()),
        amounts("carry_forward", CARRIED, function=True), amounts("three_public_budget", THREE_PUBLIC),
        by_class("initial_budget", "年初预算数"), by_class("full_year_budget", "全年预算数"), other)
    if None not in spent and final:
        _final_balance(out, p)
    elif None not in spent:  # with an amount that is no number, the balance is not known
        _balance(out, sum(spent, Decimal(0)), p)
    return replace(out, findings=tuple(p.findings))


def _other_spending(data: dict, year: int | None, region: str, spent: list, p: Places) -> tuple[Amount, ...]:
    """上缴上级支出, 经营支出, 对附属单位补助支出 by 功能分类, each of a fund (by default: 经营支出 of the
    经营收入, the others of 其他收入); their amounts join ``spent`` for the balance."""
    out = []
    for i, d in enumerate(data.get("other_spending") or ()):
        at = f"/other_spending/{i}"
        key = str(d.get("key", ""))
        if key not in OTHER_SPENDING:
            p.say("E107", f"“{key}”不是可选的支出类别（可选：{'、'.join(f'{k}（{n}）' for k, n in OTHER_SPENDING_NAMES.items())}）",
                  f"{at}/key")
            continue
        what = OTHER_SPENDING_NAMES[key]
        fn = p.code(d.get("function"), f"{at}/function", "functional", year, what, region)
        fund = str(d.get("fund") or OTHER_SPENDING_FUNDS[key])
        if fund not in SOURCES:
            p.say("E107", f"{what}的资金来源“{fund}”不是可选的来源（可选：{'、'.join(SOURCES)}）", f"{at}/fund")
            fund = OTHER_SPENDING_FUNDS[key]
        v = p.amount(d.get("amount"), f"{at}/amount", f"{what}金额")
        spent.append(v)
        if v is not None:
            out.append(Amount(key, v, p.at(f"{at}/amount"), fund, fn))
    return tuple(out)


def _classes(d: dict, at: str, name: str, amount: Decimal | None, year: int | None, region: str,
             p: Places) -> tuple[EconomicPart, ...]:
    """A project line's economic classes, which must sum to its amount (E109)."""
    out, given = [], []
    for j, c in enumerate(d.get("economic") or ()):
        here = f"{at}/economic/{j}"
        ec = p.code(c.get("economic"), f"{here}/economic", "economic", year, f"项目「{name}」", region)
        gov = p.code(c.get("gov_economic"), f"{here}/gov_economic", "gov", year, f"项目「{name}」", region) \
            if c.get("gov_economic") else ""
        v = p.amount(c.get("amount"), f"{here}/amount", f"项目「{name}」经济分类金额")
        given.append(v)
        if v is not None:
            out.append(EconomicPart(ec, v, p.at(f"{here}/amount"), gov))
    if given and amount is not None and None not in given and sum(given, Decimal(0)) != amount:
        p.say("E109", f"项目「{name}」按经济分类填写的金额合计 {sum(given, Decimal(0))} 不等于项目金额 {amount}",
              f"{at}/economic")
    return tuple(out)


def _balance(e: Entries, spending: Decimal, p: Places) -> None:
    """A budget balances: this year's income and the carry-over pay for this year's spending."""
    income = sum((a.amount for a in (*e.income, *e.carryover)), Decimal(0))
    if (e.income or e.carryover) and income != spending:
        p.say("E108", f"收入合计（含上年结转）{income} 不等于支出合计 {spending}（基本支出、项目支出及上缴上级、经营、对附属单位补助支出），"
                      "预算应收支平衡", "/income")


_WHAT = {"income": "收入", "carryover": "年初结转和结余", "carry_forward": "年末结转和结余"}
_FUND_NAMES = {"general_budget": "一般公共预算财政拨款", "gov_fund": "政府性基金预算财政拨款",
               "soe": "国有资本经营预算财政拨款", "": "非财政拨款资金"}


def _final_balance(e: Entries, p: Places) -> None:
    """A 决算 balances fund by fund: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余, for each 财政拨款 fund
    (the 财政拨款收支决算总表 prints them apart) and for the unit's other money together. Said at the fund's
    年末结转和结余 where it is given, else at its income."""
    def group(fund: str) -> str:
        return fund if fund in FISCAL else ""
    sums: dict[str, list[Decimal]] = {}
    at: dict[str, str] = {}
    for sign, key, items in ((1, "carryover", e.carryover), (1, "income", e.income), (-1, "basic", e.basic),
                             (-1, "projects", e.projects), (-1, "other_spending", e.other_spending),
                             (-1, "carry_forward", e.carry_forward)):
        for i, x in enumerate(items):
            spending = key in ("basic", "projects", "other_spending")
            fund = group(getattr(x, "fund", "") if spending else x.key)
            parts = sums.setdefault(fund, [Decimal(0)] * 4)
            parts[("carryover", "income", "basic", "carry_forward").index("basic" if spending else key)] += x.amount
            if key in ("income", "carry_forward"):
                at[fund] = f"/{key}/{i}/amount" if key == "carry_forward" or fund not in at else at[fund]
    for fund, (opening, income, spent, closing) in sums.items():
        if opening + income != spent + closing:
            m = _shown
            p.say("E108", f"{_FUND_NAMES[fund]}收支不平衡：年初结转和结余 {m(opening)} 加本年收入 {m(income)} 为 "
                          f"{m(opening + income)}，而本年支出 {m(spent)} 加年末结转和结余 {m(closing)} 为 "
                          f"{m(spent + closing)}", at.get(fund, "/income"))


def _shown(v: Decimal) -> Decimal:
    """An amount as said: in cents when it is that exactly (307.8200 → 307.82), else as exact as it is."""
    return v.quantize(CENT) if v == v.quantize(CENT) else v


def load_json(path: str) -> Entries:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f, parse_float=Decimal)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise EntriesError(f"录入数据无法读取 / cannot read the entries: {e}") from None
    return entries(data, path)
