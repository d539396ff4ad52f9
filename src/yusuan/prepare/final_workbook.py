"""The 决算 sheets of the entry workbook (kind final_accounts), and reading them back.

A 决算's entry workbook shares the budget's 单位信息, 基本支出 and 项目 sheets (the 决算数 of each line;
a 项目 line is the 项目支出 of a class, no performance form) and has its own: 收入 (the income by 功能分类
and source), 结转结余 (年初 and 年末 by fund), 预算数 (年初预算数 and 全年预算数 by class, where the
一般公共预算 table prints them) and 三公经费 (预算数 and 决算数, with the counts the narrative states).
"""
from __future__ import annotations

from .entries import SOURCE_NAMES, SOURCES, THREE_COUNTS, THREE_PUBLIC

KIND_LABEL = "报表类别"  # the 单位信息 row that says a workbook is a 决算's
KIND_WORD = "决算"
CARRIED_NAMES = {"general_budget": "一般公共预算财政拨款", "gov_fund": "政府性基金预算财政拨款",
                 "soe": "国有资本经营预算财政拨款", "unit_funds": "非财政拨款资金"}
INCOME = ("收入", (("功能分类科目编码", "function", "收入决算表的项级科目（7 位）"),
                 ("收入来源", "key", "一般公共预算拨款收入、政府性基金预算拨款收入、事业收入……"),
                 ("金额", "amount", "本年收入决算数")))
CARRIED = ("结转结余", (("资金", None, ""), ("年初结转和结余", None, "上年末结转和结余，即本年初的数"),
                     ("年末结转和结余", None, "年初结转和结余加本年收入减本年支出；每种资金都应平衡")))
BUDGETS = ("预算数", (("功能分类科目编码", "function", "项级科目（7 位）"), ("资金来源", "fund", "不填为一般公共预算"),
                    ("年初预算数", "initial_budget", "一般公共预算财政拨款支出决算表的“年初预算数”；可不填"),
                    ("全年预算数", "full_year_budget", "“全年预算数”（含预算调整）；可不填")))
THREE = ("三公经费", (("项目", None, ""), ("预算数", None, "全年预算数；金额按金额单位"),
                   ("决算数", None, "本年实际支出；数量按个、辆、人次")))
TEXTS = (("职能职责", "部门（单位）的主要职能"), ("机构设置", "决算单位构成"),
         ("收入决算", "收入与上年相比增减的主要原因"), ("支出决算", "支出与上年相比增减的主要原因"),
         ("三公", "“三公”经费决算数与预算数、与上年相比增减的主要原因"), ("机关运行经费", "机关运行经费增减的主要原因"))


def write(wb, data: dict, lists, amount, funds: dict[str, str]) -> None:
    """The 决算 sheets, filled with ``data``; ``amount`` writes an amount, ``lists`` the drop-downs."""
    functional_list, _, fund_list, _ = lists
    ws = wb.sheet(*INCOME, widths={1: 24})
    rows = data.get("income") or ()
    for r, d in enumerate(rows, 2):
        ws.write_string(r, 0, str(d.get("function") or ""))
        ws.write_string(r, 1, SOURCE_NAMES.get(d.get("key"), str(d.get("key") or "")))
        amount(ws, r, 2, d.get("amount"), wb.money)
    _total(ws, wb, 2, len(rows))
    ws.data_validation(2, 0, 1000, 0, {"validate": "list", "source": functional_list, "ignore_blank": True})
    ws.data_validation(2, 1, 1000, 1, {"validate": "list", "source": [SOURCE_NAMES[k] for k in SOURCES]})

    ws = wb.sheet(*CARRIED, widths={0: 24, 1: 18, 2: 18})
    given = {key: {d["key"]: d["amount"] for d in data.get(key) or ()} for key in ("carryover", "carry_forward")}
    for r, (key, name) in enumerate(CARRIED_NAMES.items(), 1):
        ws.write_string(r, 0, name)
        amount(ws, r, 1, given["carryover"].get(key), wb.money)
        amount(ws, r, 2, given["carry_forward"].get(key), wb.money)

    ws = wb.sheet(*BUDGETS, widths={2: 16, 3: 16})
    budgets: dict[tuple[str, str], dict] = {}
    for measure in ("initial_budget", "full_year_budget"):
        for d in data.get(measure) or ():
            budgets.setdefault((d.get("function") or "", d.get("fund") or "general_budget"), {})[measure] = d["amount"]
    for r, ((function, fund), measures) in enumerate(sorted(budgets.items()), 2):
        ws.write_string(r, 0, function)
        ws.write_string(r, 1, funds.get(fund, fund))
        amount(ws, r, 2, measures.get("initial_budget"), wb.money)
        amount(ws, r, 3, measures.get("full_year_budget"), wb.money)
    _total(ws, wb, 2, len(budgets))
    ws.write_formula(1, 3, f"=SUM(D3:D{max(len(budgets), 1) + 201})", wb.total)
    ws.data_validation(2, 0, 1000, 0, {"validate": "list", "source": functional_list, "ignore_blank": True})
    ws.data_validation(2, 1, 1000, 1, {"validate": "list", "source": fund_list, "ignore_blank": True})

    from .workbook import THREE_NAMES
    ws = wb.sheet(*THREE, widths={0: 28})
    spent = {d["key"]: d["amount"] for d in data.get("three_public") or ()}
    budget = {d["key"]: d["amount"] for d in data.get("three_public_budget") or ()}
    for r, key in enumerate(THREE_PUBLIC + THREE_COUNTS, 1):
        ws.write_string(r, 0, THREE_NAMES[key])
        if key in THREE_PUBLIC:
            amount(ws, r, 1, budget.get(key), wb.money)
            amount(ws, r, 2, spent.get(key), wb.money)
        else:
            amount(ws, r, 2, spent.get(key), None)


def _total(ws, wb, col: int, n: int) -> None:
    from .workbook import _total_row
    _total_row(ws, wb, col, n)


def read(rows, put, data: dict) -> None:
    """The 决算 sheets into ``data`` (the JSON shape), each value's place ``put``."""
    from .workbook import FINAL_FUND_NAMES, THREE_NAMES
    sources = {SOURCE_NAMES[k]: k for k in SOURCES}
    for key in ("carry_forward", "three_public_budget", "initial_budget", "full_year_budget"):
        data.setdefault(key, [])
    for r, cells in rows(INCOME[0], 2):
        cells += [""] * 3
        n = len(data["income"])
        for c, (_, key, _) in enumerate(INCOME[1]):
            put(f"/income/{n}/{key}", INCOME[0], r, c, None)
        data["income"].append({"function": cells[0], "key": sources.get(cells[1], cells[1]), "amount": cells[2]})
    funds = {v: k for k, v in CARRIED_NAMES.items()}
    for r, cells in rows(CARRIED[0]):
        cells += ["", ""]
        fund = funds.get(cells[0])
        for c, into in ((1, "carryover"), (2, "carry_forward")):
            if fund and cells[c]:
                n = len(data[into])
                data[into].append({"key": fund, "amount": put(f"/{into}/{n}/amount", CARRIED[0], r, c, cells[c])})
    by_name = {v: k for k, v in FINAL_FUND_NAMES.items()}
    for r, cells in rows(BUDGETS[0], 2):
        cells += [""] * 4
        for c, measure in ((2, "initial_budget"), (3, "full_year_budget")):
            if cells[c]:
                n = len(data[measure])
                put(f"/{measure}/{n}/function", BUDGETS[0], r, 0, None)
                data[measure].append({"function": cells[0], "fund": by_name.get(cells[1], cells[1] or "general_budget"),
                                      "amount": put(f"/{measure}/{n}/amount", BUDGETS[0], r, c, cells[c])})
    items = {v: k for k, v in THREE_NAMES.items()}
    for r, cells in rows(THREE[0]):
        key = items.get(cells[0])
        cells += ["", ""]
        for c, into in ((1, "three_public_budget"), (2, "three_public")):
            if key and cells[c] and (into == "three_public" or key in THREE_PUBLIC):
                n = len(data[into])
                data[into].append({"key": key, "amount": put(f"/{into}/{n}/amount", THREE[0], r, c, cells[c])})
