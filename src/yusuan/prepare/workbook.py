"""The entry workbook a finance officer fills in (``yusuan template``), and reading it back.

One sheet per kind of entry, Chinese headers with a note on every column, drop-down lists for the
codes (the catalogs of the budget year, on a hidden sheet), totals shown as formulas and never typed.
The workbook is read back by workbook_reader.py.
"""
from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..catalog import load_catalog
from ..catalog.specs import profiles
from . import final_workbook
from .entries import (FINAL, OTHER_SPENDING_FUNDS, OTHER_SPENDING_NAMES, SOURCE_NAMES, SOURCES, THREE_COUNTS,
                      THREE_PUBLIC)

FUND_NAMES = {"general_budget": "一般公共预算", "gov_fund": "政府性基金预算", "soe": "国有资本经营预算",
              "special_account": "财政专户管理资金", "business": "事业收入", "operating": "事业单位经营收入",
              "superior_subsidy": "上级补助收入", "subordinate": "附属单位上缴收入", "other": "其他收入"}
# a 决算's funds: the unit's own money (非财政拨款) too, which its tables print as one
FINAL_FUND_NAMES = {**FUND_NAMES, "unit_funds": "非财政拨款资金"}
TYPE_NAMES = {"other_operation": "其他运转类", "specific_purpose": "特定目标类"}
THREE_NAMES = {"abroad": "因公出国（境）费", "reception": "公务接待费", "vehicle_purchase": "公务用车购置费",
               "vehicle_operation": "公务用车运行费", "vehicle_stock": "公务用车保有量（辆）",
               "vehicle_purchase_count": "公务用车购置数（辆）", "abroad_groups": "因公出国（境）团组数（个）",
               "abroad_people": "因公出国（境）人次数", "reception_batches": "国内公务接待批次",
               "reception_people": "国内公务接待人次"}
PROCUREMENT_NAMES = {"goods": "货物", "services": "服务", "works": "工程"}
TEXTS = (("职能职责", "单位的主要职能职责"), ("机构设置", "内设机构、下属单位、人员编制"),
         ("收入预算", "收入与上年相比增减的主要原因（写“主要原因是……。”）"),
         ("支出预算", "支出与上年相比增减的主要原因"), ("财政拨款收入支出", "财政拨款收支增减的主要原因"),
         ("三公", "“三公”经费增减的主要原因"), ("机关运行经费", "机关运行经费增减的主要原因"))

# (sheet, columns): each column (header, JSON key, note)
UNIT = ("单位信息", (("项目", None, ""), ("内容", None, "")))
BASIC = ("基本支出", (("功能分类科目编码", "function", "支出功能分类的项级科目（7 位），可从下拉列表选择"),
                    ("经济分类科目编码", "economic", "部门预算支出经济分类的款级科目（5 位）；人员经费、公用经费由它决定"),
                    ("资金来源", "fund", "一般公共预算、政府性基金预算……；不填为一般公共预算"),
                    ("上年结转安排", "funded", "由上年结转资金安排的填“是”"),
                    ("金额", "amount", "本行金额，按封面的金额单位（一般为万元）"),
                    ("政府经济分类科目编码", "gov_economic",
                     "政府预算支出经济分类的款级科目（5 位，如 50201），支出经济分类汇总表印在部门预算经济分类旁；可不填")))
PROJECTS = ("项目", (("项目编码", "code", "预算管理一体化系统中的项目编码，可不填"),
                   ("项目名称", "name", "必填；与“绩效指标”表的项目名称一致"),
                   ("功能分类科目编码", "function", "项级科目（7 位）"), ("资金来源", "fund", "不填为一般公共预算"),
                   ("项目类型", "type", "其他运转类或特定目标类"), ("上年结转安排", "funded", "由上年结转资金安排的填“是”"),
                   ("金额", "amount", "项目当年预算"), ("项目概况", "overview", ""), ("立项依据", "basis", ""),
                   ("实施计划", "schedule", ""), ("年度绩效目标", "goal", ""),
                   ("资金来源明细", "funding", "绩效目标表印出的资金来源，如“财政拨款 13.20”，多项用“；”分开；可不填")))
OTHER = ("上缴经营补助支出", (("支出类别", "key", "上缴上级支出、事业单位经营支出或对附属单位补助支出（支出总表中基本支出、项目支出以外的各栏）"),
                           ("功能分类科目编码", "function", "项级科目（7 位），可从下拉列表选择"),
                           ("资金来源", "fund", "支付这笔支出的收入；不填时经营支出为事业单位经营收入，其余为其他收入"),
                           ("金额", "amount", "本行金额，按封面的金额单位")))
CLASSES = ("项目经济分类", (("项目名称", "project", "“项目”表中的项目名称"),
                         ("功能分类科目编码", "function", "该项目在“项目”表中那一行的功能分类科目（项目分几行时用来区分）"),
                         ("经济分类科目编码", "economic", "部门预算支出经济分类的款级科目（5 位）"),
                         ("政府经济分类科目编码", "gov_economic", "政府预算支出经济分类的款级科目（5 位）；可不填"),
                         ("金额", "amount", "一个项目（一行）各经济分类金额之和应等于其金额；支出经济分类汇总表由此生成")))
INDICATORS = ("绩效指标", (("项目名称", "project", "“项目”表中的项目名称；单位整体绩效目标填“整体”"),
                         ("一级指标", "level1", "产出指标、效益指标、满意度指标、成本指标"), ("二级指标", "level2", "如数量指标、质量指标"),
                         ("三级指标", "name", "指标名称"), ("指标性质", "operator", "≥、≤、= 或 定性"),
                         ("指标值", "value", "数字或文字"), ("计量单位", "unit", "如 人、%、万元"),
                         ("权重", "weight", "一个项目各指标权重合计应为 100"), ("是否核心指标", "core", "是或否")))


class Workbook:
    """The entry workbook's sheets being written (xlsxwriter)."""

    def __init__(self, year: int | None, funds: dict[str, str] = FUND_NAMES):
        self.funds = funds  # the funds a line may be of, by name
        self.out = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.out, {"in_memory": True})
        self.head = self.book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        # amounts to the cent, and finer where they are (元 in a 万元 book: 25.905)
        self.total = self.book.add_format({"bold": True, "num_format": "#,##0.00##", "bg_color": "#F2F2F2"})
        self.money = self.book.add_format({"num_format": "#,##0.00##"})
        self.year = year

    def sheet(self, name: str, columns, widths=None):
        ws = self.book.add_worksheet(name)
        for c, (header, _, note) in enumerate(columns):
            ws.write(0, c, header, self.head)
            if note:
                ws.write_comment(0, c, note)
            ws.set_column(c, c, (widths or {}).get(c, 16))
        ws.freeze_panes(1, 0)
        return ws

    def lists(self):
        """The hidden sheet of the code lists the drop-downs offer: the catalogs of the budget year."""
        ws = self.book.add_worksheet("科目")
        cat = load_catalog()
        functional = [e for e in cat.functional if e.level == 3 and e.valid_in(self.year)]
        economic = [e for e in cat.economic_dept if e.level == 2 and e.valid_in(self.year)]
        for r, e in enumerate(functional):
            ws.write_string(r, 0, e.code)
            ws.write_string(r, 1, e.name)
        for r, e in enumerate(economic):
            ws.write_string(r, 2, e.code)
            ws.write_string(r, 3, e.name)
        for r, name in enumerate(self.funds.values()):
            ws.write_string(r, 4, name)
        gov = [e for e in cat.economic_gov if e.level == 2 and e.valid_in(self.year)]
        for r, e in enumerate(gov):
            ws.write_string(r, 5, e.code)
            ws.write_string(r, 6, e.name)
        ws.hide()
        self.lists_made = (f"=科目!$A$1:$A${len(functional)}", f"=科目!$C$1:$C${len(economic)}",
                           f"=科目!$E$1:$E${len(self.funds)}", f"=科目!$F$1:$F${len(gov)}")
        return self.lists_made

    def close(self) -> bytes:
        self.book.close()
        return self.out.getvalue()


def _text(v) -> str:
    return "" if v is None else str(v)


def template(data: dict | None = None) -> bytes:
    """The entry workbook, empty or filled with ``data`` (entries in their JSON shape)."""
    data = data or {}
    unit = data.get("unit") or {}
    final = data.get("kind") == FINAL
    wb = Workbook(data.get("year") if isinstance(data.get("year"), int) else None,
                  FINAL_FUND_NAMES if final else FUND_NAMES)
    ws = wb.book.add_worksheet("填表说明")
    ws.set_column(0, 0, 100)
    for r, line in enumerate((
            "本工作簿是编制部门（单位）决算公开文件的录入表：填好后运行 yusuan prepare 本文件 -o 公开.xlsx，生成九张决算公开表"
            "和情况说明，并检查。基本支出、项目填决算数；收入按功能分类和来源填写；每种资金的年初结转和结余加本年收入应等于"
            "本年支出加年末结转和结余。" if final else
            "本工作簿是编制部门（单位）预算公开文件的录入表：填好后运行 yusuan prepare 本文件 -o 公开.xlsx，生成全部公开表格、"
            "绩效目标表和情况说明，并检查。",
            "金额按“单位信息”中的金额单位（一般为万元）填写，保留两位小数；合计由公式计算，不要填写。",
            "科目编码可从下拉列表选择（当年的支出功能分类项级科目、部门预算支出经济分类款级科目）。",
            "情况说明中只有人才知道的内容（职能职责、机构设置、增减原因）在“情况说明”表中填写；其余数字由表格计算。",
            "有错误的单元格在检查结果中以“表名!单元格”指出，例如 基本支出!E5。")):
        ws.write_string(r, 0, line)
    # what --from could not make the entries print as the package did (E110): for the officer to check
    for r, said in enumerate(data.get("findings") or (), r + 2):
        ws.write_string(r, 0, f"请核对：{said}")

    ws = wb.sheet(*UNIT, widths={0: 16, 1: 40})
    for r, (label, value) in enumerate((("单位编码", unit.get("code")), ("单位名称", unit.get("name")),
                                        ("单位类型", unit.get("type", "单位")), ("上级部门编码", unit.get("parent")),
                                        ("上级部门名称", unit.get("department")),
                                        ("决算年度" if final else "预算年度", data.get("year")),
                                        ("金额单位", data.get("amount_unit", "万元")),
                                        ("地区", data.get("region", "national_final" if final else "national")),
                                        ("联系人", unit.get("contact")), ("联系电话", unit.get("phone")),
                                        *([(final_workbook.KIND_LABEL, final_workbook.KIND_WORD)] if final else [])),
                                       1):
        ws.write_string(r, 0, label)
        if isinstance(value, int) and not isinstance(value, bool):
            ws.write_number(r, 1, value)
        else:
            ws.write_string(r, 1, _text(value))
    ws.data_validation(3, 1, 3, 1, {"validate": "list", "source": ["部门", "单位"]})
    family = FINAL if final else "budget"
    ws.data_validation(8, 1, 8, 1, {"validate": "list", "source": [p.id for p in profiles() if p.family == family]})
    if final:
        lists = wb.lists()
        final_workbook.write(wb, data, lists, _amount, wb.funds)
        _spending(wb, data, lists)
        _rest(wb, data, final_workbook.TEXTS)
        return wb.close()

    income = {d["key"]: d["amount"] for d in data.get("income") or ()}
    carried = {d["key"]: d["amount"] for d in data.get("carryover") or ()}
    ws = wb.sheet("收入", (("收入来源", None, ""), ("本年收入", None, "本年预算收入"),
                         ("上年结转", None, "上年结转的财政拨款（一般公共预算、政府性基金、国有资本经营）")), {0: 24})
    for r, key in enumerate(SOURCES, 1):
        ws.write_string(r, 0, SOURCE_NAMES[key])
        _amount(ws, r, 1, income.get(key), wb.money)
        if key in ("general_budget", "gov_fund", "soe"):
            _amount(ws, r, 2, carried.get(key), wb.money)
    last = len(SOURCES) + 1
    ws.write_string(last, 0, "合计", wb.total)
    for c in (1, 2):
        ws.write_formula(last, c, f"=SUM({xl_rowcol_to_cell(1, c)}:{xl_rowcol_to_cell(last - 1, c)})", wb.total)

    lists = wb.lists()
    projects = _spending(wb, data, lists)
    functional_list, economic_list, fund_list, gov_list = lists
    ws = wb.sheet(*CLASSES, widths={0: 28})
    parts = [(p, c) for p in projects for c in p.get("economic") or ()]
    for r, (p, c) in enumerate(parts, 2):
        for col, value in enumerate((p.get("name"), p.get("function"), c.get("economic"), c.get("gov_economic"))):
            ws.write_string(r, col, _text(value))
        _amount(ws, r, 4, c.get("amount"), wb.money)
    _total_row(ws, wb, 4, len(parts))
    _lists(ws, {1: functional_list, 2: economic_list, 3: gov_list})

    ws = wb.sheet(*INDICATORS, widths={3: 30})
    r = 1
    given: dict[str, list] = {}  # a project's indicators once, from whichever of its lines gives them
    for p in projects:
        if not given.get(p.get("name", "")):
            given[p.get("name", "")] = p.get("indicators") or []
    for name, items in ([x for x in given.items() if x[1]]
                        + [("整体", (data.get("performance") or {}).get("indicators") or ())]):
        for i in items:
            ws.write_string(r, 0, name)
            for c, (_, key, _) in enumerate(INDICATORS[1][1:], 1):
                value = i.get(key)
                ws.write_string(r, c, "是" if value is True else "否" if value is False else _text(value))
            r += 1
    _lists(ws, {4: ["≥", "≤", "=", "定性"], 8: ["是", "否"]})

    three = {d["key"]: d["amount"] for d in data.get("three_public") or ()}
    prior = {d["key"]: d["amount"] for d in data.get("three_public_prior") or ()}
    ws = wb.sheet("三公经费", (("项目", None, ""), ("本年预算", None, "金额按金额单位；数量按个、辆、人次"),
                           ("上年预算", None, "用于说明中的增减，可不填")), {0: 28})
    for r, key in enumerate(THREE_PUBLIC + THREE_COUNTS, 1):
        ws.write_string(r, 0, THREE_NAMES[key])
        if key in THREE_PUBLIC:
            _amount(ws, r, 1, three.get(key), wb.money)
            _amount(ws, r, 2, prior.get(key), wb.money)
        else:
            _amount(ws, r, 1, three.get(key), None)

    _rest(wb, data, TEXTS, "上年数")
    return wb.close()


def _spending(wb: Workbook, data: dict, lists) -> list:
    """The 基本支出 and 项目 sheets (a budget's and a 决算's): the lines, and the projects written."""
    functional_list, economic_list, fund_list, gov_list = lists
    ws = wb.sheet(*BASIC)
    rows = data.get("basic") or ()
    for r, d in enumerate(rows, 2):
        ws.write_string(r, 0, _text(d.get("function")))
        ws.write_string(r, 1, _text(d.get("economic")))
        ws.write_string(r, 2, wb.funds.get(d.get("fund", "general_budget"), ""))
        ws.write_string(r, 3, "是" if d.get("funded") == "carryover" else "")
        _amount(ws, r, 4, d.get("amount"), wb.money)
        ws.write_string(r, 5, _text(d.get("gov_economic")))
    _total_row(ws, wb, 4, len(rows))
    _lists(ws, {0: functional_list, 1: economic_list, 2: fund_list, 3: ["是", "否"], 5: gov_list})

    ws = wb.sheet(*PROJECTS, widths={1: 28, 7: 40, 8: 30, 9: 30, 10: 40})
    projects = data.get("projects") or ()
    for r, d in enumerate(projects, 2):
        for c, (_, key, _) in enumerate(PROJECTS[1]):
            value = d.get(key)
            if key == "fund":
                value = wb.funds.get(value or "general_budget")
            elif key == "type":
                value = TYPE_NAMES.get(value or "specific_purpose")
            elif key == "funded":
                value = "是" if value == "carryover" else ""
            elif key == "funding":
                value = "；".join(f"{label} {x}" for label, x in (value or {}).items())
            if key == "amount":
                _amount(ws, r, c, value, wb.money)
            else:
                ws.write_string(r, c, _text(value))
    _total_row(ws, wb, 6, len(projects))
    _lists(ws, {2: functional_list, 3: fund_list, 4: list(TYPE_NAMES.values()), 5: ["是", "否"]})

    ws = wb.sheet(*OTHER, widths={0: 22, 2: 20})
    rows = data.get("other_spending") or ()
    for r, d in enumerate(rows, 2):
        ws.write_string(r, 0, OTHER_SPENDING_NAMES.get(d.get("key"), _text(d.get("key"))))
        ws.write_string(r, 1, _text(d.get("function")))
        ws.write_string(r, 2, wb.funds.get(d.get("fund") or OTHER_SPENDING_FUNDS.get(d.get("key"), ""), ""))
        _amount(ws, r, 3, d.get("amount"), wb.money)
    _total_row(ws, wb, 3, len(rows))
    _lists(ws, {0: list(OTHER_SPENDING_NAMES.values()), 1: functional_list, 2: fund_list})
    return projects



def _rest(wb: Workbook, data: dict, texts_asked, before_texts: str | None = None) -> None:
    """The 其他, 政府采购 and 情况说明 sheets (a budget's 上年数 before the last); the workbook opens on 单位信息."""
    fund_list = wb.lists_made[2]
    ws = wb.sheet("其他", (("项目", None, ""), ("内容", None, "")), {0: 36, 1: 60})
    ws.write_string(1, 0, "机关运行经费")
    _amount(ws, 1, 1, data.get("operation_funds"), wb.money)
    ws.write_string(2, 0, "单位整体绩效目标")
    ws.write_string(2, 1, _text((data.get("performance") or {}).get("goal")))

    ws = wb.sheet("政府采购", (("采购类别", None, "货物、服务或工程"), ("资金来源", None, "不填为一般公共预算"),
                           ("金额", None, "")), {0: 16, 1: 20})
    for r, d in enumerate(data.get("procurement") or (), 1):
        ws.write_string(r, 0, PROCUREMENT_NAMES.get(d.get("key"), _text(d.get("key"))))
        ws.write_string(r, 1, FUND_NAMES.get(d.get("fund") or "general_budget", ""))
        _amount(ws, r, 2, d.get("amount"), wb.money)
    _lists(ws, {0: list(PROCUREMENT_NAMES.values()), 1: fund_list})

    if before_texts:
        _prior(wb, data)
    texts = data.get("texts") or {}
    ws = wb.sheet("情况说明", (("内容", None, ""), ("说明", None, ""), ("文字", None, "只填人才知道的内容；数字由表格计算")),
                  {0: 18, 1: 40, 2: 80})
    for r, (key, what) in enumerate(texts_asked, 1):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, what)
        ws.write_string(r, 2, _text(texts.get(key)))
    wb.book.worksheets()[1].activate()


def _prior(wb: Workbook, data: dict) -> None:
    ws = wb.sheet("上年数", (("功能分类科目编码", None, "上年一般公共预算支出表的项级科目"),
                          ("上年一般公共预算支出", None, "一般公共预算支出表“上年预算数”一栏；可不填")), {0: 20, 1: 24})
    for r, d in enumerate(data.get("general_prior") or (), 1):
        ws.write_string(r, 0, _text(d.get("function")))
        _amount(ws, r, 1, d.get("amount"), wb.money)


def _amount(ws, r: int, c: int, value, fmt) -> None:
    if value in (None, ""):
        return
    try:
        ws.write_number(r, c, float(Decimal(str(value))), fmt)  # xlsx stores binary doubles; read back as text
    except ArithmeticError:
        ws.write_string(r, c, str(value))


def _total_row(ws, wb: Workbook, col: int, n: int) -> None:
    """Row 2 (under the header): 合计, a formula over the rows below it; rows are entered from row 3."""
    ws.write_string(1, 0, "合计", wb.total)
    ws.write_formula(1, col, f"=SUM({xl_rowcol_to_cell(2, col)}:{xl_rowcol_to_cell(max(n, 1) + 200, col)})", wb.total)


def _lists(ws, lists: dict) -> None:
    for c, source in lists.items():
        ws.data_validation(2 if ws.name in ("基本支出", "项目", "项目经济分类", OTHER[0]) else 1, c, 1000, c,
                           {"validate": "list", "source": source, "ignore_blank": True})
