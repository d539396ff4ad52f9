"""The 决算 情况说明 draft (DOMAIN.md §6), written from the 决算 tables in the order of the 部门决算
公开 templates: 第一部分 概况, 第二部分 the nine 说明 (收入支出, 财政拨款, 一般公共预算 by 项 with
决算 against 预算, 基本支出, “三公”, 机关运行经费, 政府采购, 国有资产, 绩效), 第三部分 名词解释.

Every amount is a table's cell, worded as the 决算 narrative reader (read/final_narrative.py)
names it, so that the draft read back and checked agrees with its tables. Completion rates are
computed from the amounts they relate (决算 ÷ 预算, two decimals, half up), not copied from a
printed rate column. Counts (团组, 批次, 车辆) are taken from the document's own narrative when
they agree with the 三公 amounts; reasons, functions and what no table holds are 【待填写：…】.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..catalog.specs import Kind
from ..catalog import load_catalog
from ..model import Document, Row, Table
from ..model.roles import RowRole, role
from .draft_sources import stated, vehicles
from .narrative import Paragraph, change, kind_word, money, todo

ZERO = Decimal(0)
CENT = Decimal("0.01")
_NUMERALS = "一二三四五六七八九十"
_INCOME = (("in.general_budget", "一般公共预算财政拨款收入"), ("in.gov_fund", "政府性基金预算财政拨款收入"),
           ("in.soe", "国有资本经营预算财政拨款收入"), ("in.superior_subsidy", "上级补助收入"),
           ("in.business", "事业收入"), ("in.operating", "经营收入"), ("in.subordinate", "附属单位上缴收入"),
           ("in.other", "其他收入"))
_SPENDING = (("basic", "基本支出"), ("project", "项目支出"), ("to_superior", "上缴上级支出"),
             ("operating_expenditure", "经营支出"), ("to_subordinate", "对附属单位补助支出"))


def rate(spent: Decimal, budget: Decimal) -> Decimal:
    return (spent * 100 / budget).quantize(CENT, ROUND_HALF_UP)


def _cell(t: Table | None, code: str, col: str = "total") -> Decimal | None:
    """A printed cell; a blank cell in a row that exists is zero; None without the row."""
    r = t.row(code) if t is not None else None
    if r is None:
        return None
    v = r.value(col)
    return ZERO if v is None else v


def _compare(spent: Decimal, budget: Decimal, what: str) -> str:
    """决算数大于/小于…的主要原因 (to fill in), or 持平."""
    if spent == budget:
        return f"决算数与{what}持平。"
    return f"决算数{'大于' if spent > budget else '小于'}{what}的主要原因是{todo('主要原因')}。"


class _Counts:
    """The document's own stated counts, kept where they agree with the “三公” amounts (as N114 checks)."""

    _FEES = {"vehicle_purchase_count": "final.vehicle_purchase", "abroad_groups": "final.abroad",
             "reception_batches": "final.reception", "vehicle_stock": None}
    _PEOPLE = {"abroad_people": "abroad_groups", "reception_people": "reception_batches"}

    def __init__(self, doc: Document, three: Table | None):
        said = {c.code: c.amount for c in doc.claims if c.kind == "count" and c.code}
        self.known: dict[str, Decimal] = {}
        for code, fee_col in self._FEES.items():
            fee = _cell(three, "total", fee_col) if fee_col else None
            if code in said and (fee is None or (said[code] == 0) == (fee == 0)):
                self.known[code] = said[code]
        for code, groups in self._PEOPLE.items():
            g = self.known.get(groups)
            if code in said and g is not None and said[code] >= g and (said[code] == 0) == (g == 0):
                self.known[code] = said[code]

    def __call__(self, code: str) -> str:
        return str(self.known[code]) if code in self.known else todo("数量")


def _chain(code: str, rows: dict[str, Row]) -> str:
    """社会保障和就业支出（类）人力资源和社会保障管理事务（款）行政运行（项）."""
    parts = []
    for width, level in ((3, "类"), (5, "款"), (7, "项")):
        if len(code) >= width:
            r = rows.get(code[:width])
            name = r.name if r is not None else _catalog_name(code[:width])
            parts.append(f"{name}（{level}）")
    return "".join(parts)


def _catalog_name(code: str) -> str:
    entry = load_catalog().functional.by_code(code)
    return entry.name if entry else code


def _names(t: Table | None, col: str) -> str:
    """The economic 款 printed in a block of the 基本支出决算表 (基本工资、津贴补贴…)."""
    if t is None:
        return ""
    names = [r.name for r in t.rows if role(r) is RowRole.CLASS and len(r.code) == 5 and r.value(col)]
    return "、".join(names[:8]) + ("等" if names else "")


def draft(doc: Document, prior: Document | None = None) -> tuple[Paragraph, ...]:
    w = kind_word(doc)
    this = f"{doc.year}年度" if doc.year else "本年度"
    last = f"{prior.year}年度" if prior is not None and prior.year else (f"{doc.year - 1}年度" if doc.year else "上年度")
    summary, fiscal = doc.table(Kind.FINAL_SUMMARY), doc.table(Kind.FINAL_FISCAL_SUMMARY)
    expenditure, general = doc.table(Kind.FINAL_EXPENDITURE), doc.table(Kind.FINAL_GENERAL_EXPENDITURE)
    basic, three = doc.table(Kind.FINAL_BASIC_EXPENDITURE), doc.table(Kind.FINAL_THREE_PUBLIC)
    before = prior.table(Kind.FINAL_SUMMARY) if prior is not None else None
    out: list[Paragraph] = []
    section = ""

    def head(text: str, level: int) -> None:
        nonlocal section
        if level <= 2:
            section = text
        out.append(Paragraph(section, text, level))

    def para(*parts: str) -> None:
        text = "".join(x for x in parts if x)
        if text:
            out.append(Paragraph(section, text, 0))

    head(f"第一部分 {w}概况", 1)
    said = stated(doc)
    head("一、主要职能", 2)
    para(said.duties or todo(f"{w}主要职能职责"))
    head("二、机构设置", 2)
    para(said.organisation or todo("内设机构、下属单位及人员编制情况"))

    head(f"第二部分 {this}{w}决算情况说明", 1)

    # 一、收入支出决算总体情况
    head("一、收入支出决算总体情况说明", 2)
    in_total, out_total = _cell(summary, "in.total"), _cell(summary, "out.total")
    if in_total is not None and out_total is not None:
        was = _cell(before, "in.total")
        para(f"{this}收入总计{money(in_total)}万元，支出总计{money(out_total)}万元",
             change(in_total, was, last) if was is not None else "", "。",
             f"与{last}相比增减变化的主要原因是{todo('主要原因')}。" if was is None or was != in_total else "")
    else:
        para(todo("收入总计、支出总计及与上年相比的增减变化"))
    current = _cell(summary, "in.current")
    if current is not None:
        items = [f"{label}{money(v)}万元" for code, label in _INCOME if (v := _cell(summary, code))]
        para(f"本年收入合计{money(current)}万元", "，其中：" + "，".join(items) if items else "", "。")
    spent = _cell(summary, "out.current")
    if spent is not None:
        items = [f"{label}{money(v)}万元" for col, label in _SPENDING
                 if expenditure is not None and col in expenditure.columns and (v := _cell(expenditure, "total", col))]
        para(f"本年支出合计{money(spent)}万元", "，其中：" + "，".join(items) if items else "", "。")

    # 二、财政拨款收入支出决算总体情况
    head("二、财政拨款收入支出决算总体情况说明", 2)
    f_in, f_out, f_total = (_cell(fiscal, code) for code in ("in.current", "out.current", "in.total"))
    if f_in is not None and f_out is not None:
        para(f"{this}财政拨款收入{money(f_in)}万元，财政拨款支出{money(f_out)}万元",
             f"；财政拨款收入支出决算总计{money(f_total)}万元" if f_total is not None else "", "。",
             f"与{last}相比增减变化的主要原因是{todo('主要原因')}。")
    else:
        para(todo("财政拨款收入支出决算总体情况"))

    # 三、一般公共预算财政拨款支出决算情况
    head("三、一般公共预算财政拨款支出决算情况说明", 2)
    _general(general, this, head, para)

    # 四、基本支出
    head("四、一般公共预算财政拨款基本支出决算情况说明", 2)
    g_basic = _cell(general, "total", "basic") if general is not None and "basic" in general.columns else None
    personnel, public = _cell(basic, "total", "personnel"), _cell(basic, "total", "public")
    if g_basic is not None or personnel is not None:
        para(f"{this}一般公共预算财政拨款基本支出{money(g_basic)}万元，其中：" if g_basic is not None else "其中：")
        if personnel is not None:
            para(f"人员经费{money(personnel)}万元，主要包括{_names(basic, 'personnel')}；")
        if public is not None:
            para(f"公用经费{money(public)}万元，主要包括{_names(basic, 'public')}。")
    else:
        para(todo("一般公共预算财政拨款基本支出及人员经费、公用经费"))

    # 五、“三公”经费
    head("五、“三公”经费财政拨款支出决算情况说明", 2)
    _three(doc, three, this, para)

    head("六、机关运行经费支出情况说明", 2)
    running = next((c.amount for c in doc.claims if c.code == "operation_funds"), None)  # as the entries give it
    para(f"{this}本{w}机关运行经费支出",
         f"{money(running)}万元" if running is not None
         else todo("金额（行政单位和参照公务员法管理的事业单位填写，其他事业单位说明不涉及）"),
         "，", todo("比上年增减变化及主要原因"), "。")
    head("七、政府采购支出情况说明", 2)
    para(todo("政府采购支出总额，其中政府采购货物、工程、服务支出；授予中小企业合同金额及占政府采购支出总额的比例，"
              "其中授予小微企业合同金额"))
    head("八、国有资产占有使用情况说明", 2)
    owned = vehicles(doc)
    year_end = f"截至{doc.year}年12月31日" if doc.year else "截至本年末"
    para(f"{year_end}，本{w}共有车辆{owned.get('owned.total', todo('数量'))}辆，其中：一般公务用车"
         f"{owned.get('owned.general', todo('数量'))}辆；", todo("其他车辆和大型设备的数量"), "。")
    head("九、预算绩效管理情况说明", 2)
    para(f"本{w}组织对", todo("项目个数"), "个项目开展绩效自评，涉及资金", todo("金额"), "万元，自评结果",
         todo("绩效自评结果及年度绩效目标完成情况"), "。")

    head("第三部分 名词解释", 1)
    for n, (term, text) in enumerate(_DEFINITIONS, 1):
        para(f"{n}.{term}：{text}")
    return tuple(out)


def _general(t: Table | None, this: str, head, para) -> None:
    """总体情况 (决算 against 全年预算), 结构 by 类, then every 项 with its 年初预算, 全年预算 and 决算."""
    if t is None or t.row("total") is None:
        para(todo("一般公共预算财政拨款支出决算情况"))
        return
    spent = _cell(t, "total")
    full = _cell(t, "total", "full_year_budget") if "full_year_budget" in t.columns else None
    head("（一）总体情况", 3)
    para(f"{this}一般公共预算财政拨款支出{money(spent)}万元",
         f"，完成全年预算的{rate(spent, full)}%。" if full else "。",
         _compare(spent, full, "全年预算数") if full is not None else "")
    head("（二）结构情况", 3)
    classes = [(r, r.value("total") or ZERO) for r in t.rows if role(r) is RowRole.CLASS and len(r.code) == 3]
    if classes and spent:
        para(f"{this}一般公共预算财政拨款支出主要用于以下方面：",
             "；".join(f"{r.name}（类）{money(v)}万元，占{rate(v, spent)}%" for r, v in classes), "。")
    head("（三）具体情况", 3)
    rows = {r.code: r for r in t.rows if role(r) is RowRole.CLASS}
    items = [r for r in t.rows if role(r) is RowRole.CLASS and len(r.code) == 7]
    for n, r in enumerate(items, 1):
        initial = r.value("initial_budget") if "initial_budget" in t.columns else None
        full = r.value("full_year_budget") if "full_year_budget" in t.columns else None
        final = r.value("total") or ZERO
        said = [f"年初预算为{money(initial or ZERO)}万元" if "initial_budget" in t.columns else "",
                f"全年预算为{money(full or ZERO)}万元" if "full_year_budget" in t.columns else "",
                f"支出决算为{money(final)}万元"]
        done = f"，完成全年预算的{rate(final, full)}%" if full else ""
        reason = _compare(final, full, "全年预算数") if full is not None else (
            _compare(final, initial, "年初预算数") if initial is not None else "")
        para(f"{n}.{_chain(r.code, rows)}：", "，".join(s for s in said if s), done, "。", reason)
    if not items:
        para(todo("各项（款）支出的年初预算、全年预算与决算及差异原因"))


def _three(doc: Document, t: Table | None, this: str, para) -> None:
    if t is None or t.row("total") is None:
        para(todo("“三公”经费财政拨款支出预算与决算"))
        return
    counts = _Counts(doc, t)

    def pair(col: str) -> tuple[Decimal, Decimal]:
        budget = _cell(t, "total", "full_year_budget" if col == "total" else f"full_year_budget.{col}")
        final = _cell(t, "total", "final" if col == "total" else f"final.{col}")
        return budget or ZERO, final or ZERO

    def said(col: str) -> str:
        budget, final = pair(col)
        done = f"，完成预算的{rate(final, budget)}%" if budget else ""
        return f"预算为{money(budget)}万元，支出决算为{money(final)}万元{done}"

    budget, final = pair("total")
    para(f"{this}“三公”经费财政拨款支出{said('total')}。", _compare(final, budget, "预算数"))
    para(f"1.因公出国（境）费{said('abroad')}。",
         f"全年因公出国（境）团组{counts('abroad_groups')}个、{counts('abroad_people')}人次。")
    para(f"2.公务用车购置及运行维护费{said('vehicles')}。")
    para(f"其中：公务用车购置费{said('vehicle_purchase')}，本年购置公务用车{counts('vehicle_purchase_count')}辆；")
    year_end = f"截至{doc.year}年12月31日" if doc.year else "截至本年末"
    para(f"公务用车运行维护费{said('vehicle_operation')}，主要用于", todo("用途"),
         f"。{year_end}，公务用车保有量为{counts('vehicle_stock')}辆。")
    para(f"3.公务接待费{said('reception')}。",
         f"全年国内公务接待{counts('reception_batches')}批次、{counts('reception_people')}人次，主要是", todo("接待事由"), "。")


_DEFINITIONS = (
    ("财政拨款收入", "指单位从同级财政部门取得的财政预算资金，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本"
     "经营预算财政拨款。"),
    ("上级补助收入", "指事业单位从主管部门和上级单位取得的非财政补助收入。"),
    ("事业收入", "指事业单位开展专业业务活动及其辅助活动取得的收入。"),
    ("经营收入", "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。"),
    ("其他收入", "指单位取得的除上述收入以外的各项收入。"),
    ("使用非财政拨款结余", "指事业单位使用以前年度积累的非财政拨款结余弥补当年收支差额的金额。"),
    ("年初结转和结余", "指以前年度尚未完成、结转到本年按有关规定继续使用的资金。"),
    ("结余分配", "指事业单位按规定提取的职工福利基金、事业基金和缴纳的所得税，以及建设单位按规定应交回的基本建设竣工"
     "项目结余资金。"),
    ("年末结转和结余", "指单位按有关规定结转到下年或以后年度继续使用的资金。"),
    ("基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。"),
    ("项目支出", "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
    ("“三公”经费", "指用一般公共预算财政拨款安排的因公出国（境）费、公务用车购置及运行维护费、公务接待费。"),
    ("机关运行经费", "指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金。"),
)
