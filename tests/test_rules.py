"""Every rule on the smallest inline document that triggers it, and on the corrected one.

Documents are written as in the seeds (Chongqing tab-separated tables, ``|`` standing for a tab,
a 情况说明 before the first table, 000-style 绩效目标表). Each test isolates one rule with
``check(doc, select=[code])`` and asserts where the finding points: table, row, column, line,
expected and actual. ``COMPLETE`` is a whole, consistent package on which no rule says anything.

The interval rule (DESIGN.md §3): a value printed with d decimals is ±0.5·10⁻ᵈ; an identity whose
two sides' intervals overlap is a rounding tail (info, under the rule's own code), disjoint
intervals are the rule's severity, exact equality is nothing.
"""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from textwrap import dedent

import pytest

from yusuan.read import read_text
from yusuan.report import Severity
from yusuan.rules import BY_CODE, REGISTRY, check, selected
from yusuan.rules.base import compare

D = Decimal
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
HEAD = "某单位2024年部门预算\n"


class Inline:
    """An inline document made of parts (``|`` stands for a tab), and its line numbers."""

    def __init__(self, *parts: str):
        self.text = HEAD + "".join("\n" + dedent(p).strip("\n") + "\n" for p in parts)
        self.doc = read_text(self.text.replace("|", "\t"), "inline.txt")

    def line(self, needle: str) -> int:
        """The 1-based number of the one line that contains ``needle``."""
        hits = [n for n, text in enumerate(self.text.splitlines(), 1) if needle in text]
        assert len(hits) == 1, f"{needle!r} is on lines {hits}"
        return hits[0]


def sub(text: str, old: str, new: str) -> str:
    """``text`` with its one occurrence of ``old`` replaced (a mutated fixture)."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def found(inline: Inline, code: str) -> list:
    report = check(inline.doc, select=[code])
    assert {f.code for f in report.findings} <= {code}
    return list(report.findings)


def where(f) -> tuple:
    return (f.code, f.severity, f.table, f.row, f.column, f.source.line)


def nums(f) -> tuple:
    return (f.expected and D(f.expected), f.actual and D(f.actual))


# --------------------------------------------------------------------------- the package, table by table

NARRATIVE = """
一、单位基本情况
（一）职能职责：负责社会保险经办。
（二）单位构成：内设综合科、财务科。
二、收支总体情况
（一）收入预算：2024年收入合计100.00万元，其中一般公共预算拨款100.00万元。
（二）支出预算：2024年支出合计100.00万元，其中：社会保障和就业支出80.00万元，卫生健康支出20.00万元。支出较去年增加10.00万元。
三、部门预算情况说明
2024年一般公共预算财政拨款支出100.00万元。其中：基本支出70.00万元；项目支出30.00万元。
2024年无使用政府性基金预算拨款安排的支出，与上年保持一致。
四、“三公”经费情况说明
2024年“三公”经费预算3.50万元。其中：因公出国（境）费用0万元；公务接待费0.50万元；公务用车运行维护费3.00万元；公务用车购置费0万元。
五、其他重要事项的情况说明
（一）机关运行经费：2024年一般公共预算财政拨款运行经费10.00万元。
（二）政府采购情况：本单位政府采购预算总额5.00万元，政府采购货物预算5.00万元。
（三）绩效目标设置情况：2024年项目支出均实行了绩效目标管理。
（四）国有资产占有使用情况：本单位共有车辆1辆。2024年一般公共预算安排购置车辆0辆。
六、专业性名词解释
（一）基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。
"""

FISCAL = """
某单位财政拨款收支总表
单位：万元
收入||支出||||
项目|预算数|项目|合计|一般公共预算财政拨款|政府性基金预算财政拨款|国有资本经营预算财政拨款
一、本年收入|100.00|一、本年支出|100.00|100.00||
一般公共预算拨款|100.00|社会保障和就业支出|80.00|80.00||
政府性基金预算拨款||卫生健康支出|20.00|20.00||
国有资本经营预算拨款||||||
二、上年结转||二、结转下年||||
收入总计|100.00|支出总计|100.00|100.00||
"""

GENERAL = """
某单位一般公共预算财政拨款支出预算表
单位：万元
科目编码|科目名称|小计|基本支出|项目支出
|合计|100.00|70.00|30.00
208|社会保障和就业支出|80.00|50.00|30.00
20801|人力资源和社会保障管理事务|80.00|50.00|30.00
2080101|行政运行|50.00|50.00|
2080199|其他人力资源和社会保障管理事务支出|30.00||30.00
210|卫生健康支出|20.00|20.00|
21011|行政事业单位医疗|20.00|20.00|
2101101|行政单位医疗|20.00|20.00|
"""

BASIC = """
某单位一般公共预算财政拨款基本支出预算表
单位：万元
科目编码|科目名称|合计|人员经费|公用经费
|合计|70.00|60.00|10.00
301|工资福利支出|60.00|60.00|
30101|基本工资|40.00|40.00|
30110|职工基本医疗保险缴费|20.00|20.00|
302|商品和服务支出|10.00||10.00
30201|办公费|6.50||6.50
30217|公务接待费|0.50||0.50
30231|公务用车运行维护费|3.00||3.00
"""

THREE = """
某单位一般公共预算“三公”经费支出预算表
单位：万元
合计|因公出国（境）费|公务用车购置及运行费|||公务接待费
||小计|公务用车购置费|公务用车运行费|
3.50||3.00||3.00|0.50
"""

GOVFUND = """
某单位政府性基金预算支出表
单位：万元
科目编码|科目名称|合计|基本支出|项目支出
本单位无政府性基金收支，故此表无数据。
"""

SUMMARY = """
某单位部门收支总表
单位：万元
收入||支出|
项目|预算数|项目|预算数
一般公共预算拨款收入|100.00|社会保障和就业支出|80.00
政府性基金预算拨款收入||卫生健康支出|20.00
本年收入合计|100.00|本年支出合计|100.00
上年结转||结转下年|
收入总计|100.00|支出总计|100.00
"""

REVENUE = """
某单位部门收入总表
单位：万元
科目编码|科目名称|合计|上年结转|一般公共预算拨款收入
|合计|100.00||100.00
208|社会保障和就业支出|80.00||80.00
20801|人力资源和社会保障管理事务|80.00||80.00
2080101|行政运行|50.00||50.00
2080199|其他人力资源和社会保障管理事务支出|30.00||30.00
210|卫生健康支出|20.00||20.00
21011|行政事业单位医疗|20.00||20.00
2101101|行政单位医疗|20.00||20.00
"""

EXPENDITURE = """
某单位部门支出总表
单位：万元
科目编码|科目名称|合计|基本支出|项目支出
|合计|100.00|70.00|30.00
208|社会保障和就业支出|80.00|50.00|30.00
20801|人力资源和社会保障管理事务|80.00|50.00|30.00
2080101|行政运行|50.00|50.00|
2080199|其他人力资源和社会保障管理事务支出|30.00||30.00
210|卫生健康支出|20.00|20.00|
21011|行政事业单位医疗|20.00|20.00|
2101101|行政单位医疗|20.00|20.00|
"""

PROCUREMENT = """
某单位政府采购预算明细表
单位：万元
项目|合计|一般公共预算拨款收入
合计|5.00|5.00
货物类|5.00|5.00
服务类||
工程类||
"""

STANDARD_INDICATORS = (
    "|产出指标|数量指标|每月发放人数|≥|10|人|20",
    "||时效指标|发放及时性|定性|及时||20",
    "|效益指标|社会效益指标|服务人数|≥|10|人次|20",
    "||可持续影响指标|待遇稳步提高|定性|稳步提高||20",
    "|满意度指标|服务对象满意度指标|服务对象满意度|≥|90|%|20",
)
PROJECT_CODE = "50011024T000003385181"


def project(code=PROJECT_CODE, name="代发生活补助资金", amount="30.00", upper="", own="30.00",
            overview="代发生活补助资金30万元。", basis="根据有关文件代发生活补助。", goal="按时发放生活补助资金。",
            indicators=STANDARD_INDICATORS, replace: dict[int, str] | None = None) -> str:
    """A 000-style 项目支出绩效目标表; ``replace`` swaps indicator lines by index."""
    rows = list(indicators)
    for i, text in (replace or {}).items():
        rows[i] = text
    return "\n".join([
        "2024年财政资金项目支出绩效目标表", "单位：万元",
        f"申报单位|212002-某单位|||项目编码|{code}||",
        f"项目名称|{name}||||||",
        "项目类型|底线民生||联系人|张三|联系电话|87260838|",
        f"当年预算（万元）|{amount}||上级资金||{upper}||",
        f"|||本级资金||{own}||",
        "|||其他资金||||",
        f"项目概况|{overview}||||||",
        f"立项依据|{basis}||||||",
        "当年实施进度计划|按月发放。||||||",
        f"当年整体绩效目标|{goal}||||||",
        "当年绩效指标|一级指标|二级指标|三级指标|指标性质|指标值|度量单位|权重",
        *rows])


def unit_performance(total="1,000,000.00", basic="700,000.00", basic_fiscal="700,000.00",
                     project_="300,000.00", project_fiscal="300,000.00") -> str:
    """A 000-style 整体支出绩效目标表, amounts in 元."""
    return "\n".join([
        "2024年部门（单位）整体支出绩效目标表|||||||||",
        "预算部门|212002-某单位||||||||",
        "总体资金情况（元）|预算支出总额|基本支出||||项目支出|||",
        "||合计|财政拨款|专户资金|单位资金|合计|财政拨款|专户资金|单位资金",
        f"||{total}|{basic}|{basic_fiscal}|||{project_}|{project_fiscal}|",
        "部门整体绩效情况|整体绩效目标|保障单位正常运转。|||||||",
        "|年度绩效指标||||||||",
        "|一级指标|二级指标|三级指标|绩效指标性质|绩效指标值|绩效度量单位|权重||",
        "|产出指标|数量指标|参保人数|≥|100|人|20||",
        "|||企业参保稽核|≥|2|次|20||",
        "|效益指标|社会效益|发放社保待遇|≥|1000|人次|20||",
        "|||服务群众人数|≥|100|人次|20||",
        "|满意度指标|服务对象满意度指标|服务对象满意率|≥|95|%|20||",
        "其他说明|||||||||"])


COMPLETE = (NARRATIVE, FISCAL, GENERAL, BASIC, THREE, GOVFUND, SUMMARY, REVENUE, EXPENDITURE, PROCUREMENT,
            unit_performance(), project())


def test_complete_consistent_package_has_no_finding_at_all():
    inline = Inline(*COMPLETE)
    doc = inline.doc
    assert [t.kind for t in doc.tables] == ["fiscal_summary", "general_expenditure", "basic_expenditure",
                                            "three_public", "gov_fund_expenditure", "summary", "revenue",
                                            "expenditure", "procurement"]
    assert doc.performance is not None and len(doc.projects) == 1
    report = check(doc)
    assert [str(f) for f in report.findings] == []
    assert report.counts == {"error": 0, "warning": 0, "info": 0}


# --------------------------------------------------------------------------- the interval rule


def test_compare_exact_tail_and_error():
    assert compare(D("100.00"), [D("60.00"), D("40.00")]).kind == "equal"
    v = compare(D("100.01"), [D("60.00"), D("40.00")])  # three printed values: ±0.015
    assert (v.kind, v.diff, v.slack) == ("tail", D("0.01"), D("0.015"))
    v = compare(D("20.01"), [D("20.00")])  # one quantity in two tables: ±0.01
    assert (v.kind, v.diff, v.slack) == ("tail", D("0.01"), D("0.010"))
    v = compare(D("20.03"), [D("20.00")])
    assert (v.kind, v.diff, v.slack) == ("error", D("0.03"), D("0.010"))
    v = compare(D("19.98"), [D("20.00")])
    assert (v.kind, v.diff) == ("error", D("-0.02"))


def test_compare_precision_of_each_printed_value():
    assert compare(D("8"), [D("8.00")]).kind == "equal"
    assert compare(D("3.5"), [D("3.50")]).kind == "equal"
    assert compare(D("8"), [D("8.4")]).kind == "tail"  # 8 ± 0.5 overlaps 8.4 ± 0.05
    assert compare(D("8"), [D("8.6")]).kind == "error"
    v = compare(D("0.40"), [None])  # a blank cell is an exact zero, not a printed "0"
    assert (v.kind, v.slack) == ("error", D("0.005"))


def test_identity_off_by_one_cent_is_an_info_tail_of_the_rule():
    inline = Inline(sub(GENERAL, "2080101|行政运行|50.00|50.00|", "2080101|行政运行|50.01|50.00|"))
    [f] = found(inline, "A101")
    assert where(f) == ("A101", INFO, "general_expenditure", "2080101", "total", inline.line("2080101|"))
    assert nums(f) == (D("50.00"), D("50.01"))
    assert f.message.startswith("尾差")


def test_two_values_three_cents_apart_are_an_error():
    inline = Inline(FISCAL, sub(GENERAL, "210|卫生健康支出|20.00|20.00|", "210|卫生健康支出|20.03|20.03|"))
    [f] = found(inline, "X104")
    assert where(f) == ("X104", ERROR, "fiscal_summary", "210", "general_budget", inline.line("|卫生健康支出|20.00"))
    assert nums(f) == (D("20.03"), D("20.00"))
    assert not f.message.startswith("尾差")


def test_two_values_one_cent_apart_are_a_tail():
    inline = Inline(FISCAL, sub(GENERAL, "210|卫生健康支出|20.00|20.00|", "210|卫生健康支出|20.01|20.01|"))
    [f] = found(inline, "X104")
    assert where(f) == ("X104", INFO, "fiscal_summary", "210", "general_budget", inline.line("|卫生健康支出|20.00"))
    assert nums(f) == (D("20.01"), D("20.00"))


def test_narrative_one_decimal_equals_table_two_decimals():
    inline = Inline("四、“三公”经费情况说明\n2024年“三公”经费预算3.5万元。其中：公务接待费0.5万元。", THREE)
    assert found(inline, "N101") == []


def test_integer_table_cells_equal_their_two_decimal_parts():
    # "80" is 80 ± 0.5, consistent with 50.00 + 30.00: a printed integer is a value, never dropped
    inline = Inline("""
        某单位一般公共预算财政拨款支出预算表
        单位：万元
        科目编码|科目名称|小计|基本支出|项目支出
        208|社会保障和就业支出|80|50.00|30.00
        2080101|行政运行|50.00|50.00|
        2080199|其他人力资源和社会保障管理事务支出|30.00||30.00
    """)
    row = inline.doc.table("general_expenditure").row("208")
    assert (row.value("total"), row.value("basic"), row.value("project")) == (D("80"), D("50.00"), D("30.00"))
    assert check(inline.doc, select=["A"]).findings == ()


def test_blank_cell_is_an_exact_zero_not_half_a_unit():
    # 三公 prints no 公务接待费 while the basic table spends 0.50 on 30217: 0 is not 0 ± 0.5
    inline = Inline(BASIC, sub(THREE, "3.50||3.00||3.00|0.50", "3.00||3.00||3.00|"))
    [f] = found(inline, "X109")
    assert where(f) == ("X109", ERROR, "three_public", "total", "reception", inline.line("3.00||3.00||3.00|"))
    assert nums(f) == (D("0.50"), D("0"))


def test_narrative_amount_against_a_blank_cell_is_an_error_not_a_tail():
    inline = Inline("四、“三公”经费情况说明\n2024年“三公”经费预算3.50万元。其中：因公出国（境）费用0.40万元。", THREE)
    [f] = found(inline, "N101")
    assert (f.code, f.severity, f.source.line) == ("N101", ERROR, inline.line("因公出国（境）费用0.40"))
    assert nums(f) == (D("0"), D("0.40"))


def test_tails_are_info_whatever_the_rule_severity():
    inline = Inline(sub(GENERAL, "2080101|行政运行|50.00|50.00|", "2080101|行政运行|50.01|50.00|"))
    report = check(inline.doc)
    tails = [f for f in report.findings if f.message.startswith("尾差")]
    assert {(f.code, f.severity) for f in tails} == {("A101", INFO), ("A102", INFO)}


# --------------------------------------------------------------------------- selection


def test_selected_by_prefix():
    assert selected("A101")
    assert selected("A101", ["A"]) and not selected("X101", ["A"])
    assert not selected("A101", ["A"], ["A1"])
    assert selected("A201", ["A"], ["A1"])
    assert not selected("X104", (), ["X10"]) and selected("X112", (), ["X10"])
    assert selected("N101", ["A", "N"]) and not selected("C101", ["A", "N"])
    assert selected("P113", ["P113"]) and not selected("P11", ["P113"])
    assert not selected("K101", ["K"], ["K"])


def test_check_select_and_ignore():
    inline = Inline(sub(GENERAL, "2080101|行政运行|50.00|50.00|", "2080101|行政运行|60.00|50.00|"))
    everything = check(inline.doc).codes()
    assert {"A101", "A102", "C101", "C104", "C105"} <= set(everything)
    assert check(inline.doc, select=["A"]).codes() == ["A101", "A102"]
    assert check(inline.doc, select=["A"], ignore=["A101"]).codes() == ["A102"]
    assert check(inline.doc, select=["A", "C10"], ignore=["A1", "C101"]).codes() == ["C104", "C105"]
    assert check(inline.doc, ignore=["A", "C"]).codes() == []


# --------------------------------------------------------------------------- A: inside a table


def test_a101_row_total_not_sum_of_columns():
    inline = Inline(sub(GENERAL, "2080101|行政运行|50.00|50.00|", "2080101|行政运行|50.00|45.00|"))
    [f] = found(inline, "A101")
    assert where(f) == ("A101", ERROR, "general_expenditure", "2080101", "total", inline.line("2080101|"))
    assert nums(f) == (D("45.00"), D("50.00"))


def test_a101_three_public_vehicles():
    inline = Inline(sub(THREE, "3.50||3.00||3.00|0.50", "3.50||3.00||2.00|0.50"))
    [f] = found(inline, "A101")
    assert where(f) == ("A101", ERROR, "three_public", "total", "vehicles", inline.line("3.50|"))
    assert nums(f) == (D("2.00"), D("3.00"))


def test_a101_clean():
    assert found(Inline(GENERAL, BASIC, THREE, REVENUE, EXPENDITURE, FISCAL, PROCUREMENT), "A101") == []


def test_a102_parent_not_sum_of_children():
    inline = Inline(sub(GENERAL, "21011|行政事业单位医疗|20.00|20.00|", "21011|行政事业单位医疗|25.00|25.00|"))
    got = {(f.row, f.column): (f.severity, nums(f), f.source.line) for f in found(inline, "A102")}
    assert got == {
        ("210", "total"): (ERROR, (D("25.00"), D("20.00")), inline.line("210|")),
        ("210", "basic"): (ERROR, (D("25.00"), D("20.00")), inline.line("210|")),
        ("21011", "total"): (ERROR, (D("20.00"), D("25.00")), inline.line("21011|")),
        ("21011", "basic"): (ERROR, (D("20.00"), D("25.00")), inline.line("21011|")),
    }
    assert {f.table for f in found(inline, "A102")} == {"general_expenditure"}


def test_a102_economic_classes():
    inline = Inline(sub(BASIC, "30201|办公费|6.50||6.50", "30201|办公费|6.40||6.40"))
    got = {(f.row, f.column, f.severity) for f in found(inline, "A102")}
    assert got == {("302", "total", ERROR), ("302", "public", ERROR)}


def test_a102_clean():
    assert found(Inline(GENERAL, BASIC, REVENUE, EXPENDITURE), "A102") == []


def test_a103_total_row_not_sum_of_classes():
    inline = Inline(sub(EXPENDITURE, "|合计|100.00|70.00|30.00", "|合计|100.00|70.00|35.00"))
    [f] = found(inline, "A103")
    assert where(f) == ("A103", ERROR, "expenditure", "total", "project", inline.line("|合计|100.00"))
    assert nums(f) == (D("30.00"), D("35.00"))


def test_a103_procurement_total_not_goods_works_services():
    inline = Inline(sub(PROCUREMENT, "服务类||", "服务类|2.00|2.00"))
    got = {(f.row, f.column): (f.severity, nums(f), f.source.line) for f in found(inline, "A103")}
    assert got == {("total", "total"): (ERROR, (D("7.00"), D("5.00")), inline.line("合计|5.00")),
                   ("total", "general_budget"): (ERROR, (D("7.00"), D("5.00")), inline.line("合计|5.00"))}
    assert {f.table for f in found(inline, "A103")} == {"procurement"}


def test_a103_clean():
    assert found(Inline(GENERAL, BASIC, REVENUE, EXPENDITURE, PROCUREMENT), "A103") == []


def test_a104_personnel_total_not_301_plus_303():
    inline = Inline(sub(BASIC, "|合计|70.00|60.00|10.00", "|合计|71.00|61.00|10.00"))
    [f] = found(inline, "A104")
    assert where(f) == ("A104", ERROR, "basic_expenditure", "total", "personnel", inline.line("|合计|71.00"))
    assert nums(f) == (D("60.00"), D("61.00"))


def test_a104_clean():
    assert found(Inline(BASIC), "A104") == []


def test_a105_goods_and_services_in_the_personnel_column():
    inline = Inline(sub(BASIC, "30201|办公费|6.50||6.50", "30201|办公费|6.50|6.50|"))
    [f] = found(inline, "A105")
    assert where(f) == ("A105", ERROR, "basic_expenditure", "30201", "personnel", inline.line("30201|"))
    assert nums(f) == (D("0"), D("6.50"))


def test_a105_clean():
    assert found(Inline(BASIC), "A105") == []


FISCAL_CARRY = """
某单位财政拨款收支总表
单位：万元
收入||支出||||
项目|预算数|项目|合计|一般公共预算|政府性基金预算|国有资本经营预算
一、本年收入|130.00|一、本年支出|130.00|100.00||30.00
一般公共预算拨款|100.00|社会保障和就业支出|80.00|80.00||
政府性基金预算拨款||卫生健康支出|20.00|20.00||
国有资本经营预算拨款|30.00|国有资本经营预算支出|30.00|||30.00
二、上年结转|10.00|二、结转下年|10.00|10.00||
一般公共预算拨款|10.00|||||
收入总计|140.00|支出总计|140.00|110.00||30.00
"""


def test_two_sided_clean():
    inline = Inline(FISCAL_CARRY)
    t = inline.doc.table("fiscal_summary")
    assert t.row("in.carryover.general_budget").value("total") == D("10.00")
    assert t.row("out.total").value("soe") == D("30.00")
    assert check(inline.doc, select=["A"]).findings == ()
    assert check(Inline(SUMMARY).doc, select=["A"]).findings == ()


def test_a106_current_income_not_sum_of_sources():
    inline = Inline(sub(FISCAL_CARRY, "一、本年收入|130.00", "一、本年收入|131.00"))
    got = {f.row: (where(f), nums(f)) for f in found(inline, "A106")}
    assert got == {
        "in.current": (("A106", ERROR, "fiscal_summary", "in.current", "total", inline.line("一、本年收入")),
                       (D("130.00"), D("131.00"))),
        "in.total": (("A106", ERROR, "fiscal_summary", "in.total", "total", inline.line("收入总计")),
                     (D("141.00"), D("140.00"))),
    }


def test_a106_carryover_not_sum_of_its_parts():
    inline = Inline(sub(FISCAL_CARRY, "一般公共预算拨款|10.00|", "一般公共预算拨款|9.00|"))
    [f] = found(inline, "A106")
    assert where(f) == ("A106", ERROR, "fiscal_summary", "in.carryover", "total", inline.line("二、上年结转"))
    assert nums(f) == (D("9.00"), D("10.00"))


def test_a106_summary_income():
    inline = Inline(sub(SUMMARY, "本年收入合计|100.00", "本年收入合计|90.00"))
    got = {f.row: (f.severity, nums(f)) for f in found(inline, "A106")}
    assert got == {"in.current": (ERROR, (D("100.00"), D("90.00"))), "in.total": (ERROR, (D("90.00"), D("100.00")))}


def test_a107_current_spending_not_sum_of_classes():
    inline = Inline(sub(FISCAL_CARRY, "社会保障和就业支出|80.00|80.00", "社会保障和就业支出|85.00|85.00"))
    got = {(f.row, f.column): (f.severity, nums(f), f.source.line) for f in found(inline, "A107")}
    line = inline.line("一、本年支出")
    assert got == {("out.current", "total"): (ERROR, (D("135.00"), D("130.00")), line),
                   ("out.current", "general_budget"): (ERROR, (D("105.00"), D("100.00")), line)}


def test_a107_grand_total_not_current_plus_carry_forward():
    inline = Inline(sub(FISCAL_CARRY, "二、结转下年|10.00|10.00", "二、结转下年|12.00|12.00"))
    got = {(f.row, f.column): (f.severity, nums(f)) for f in found(inline, "A107")}
    assert got == {("out.total", "total"): (ERROR, (D("142.00"), D("140.00"))),
                   ("out.total", "general_budget"): (ERROR, (D("112.00"), D("110.00")))}
    assert {f.source.line for f in found(inline, "A107")} == {inline.line("支出总计")}


def test_a108_income_total_not_spending_total():
    inline = Inline(sub(SUMMARY, "收入总计|100.00", "收入总计|101.00"))
    [f] = found(inline, "A108")
    assert where(f) == ("A108", ERROR, "summary", "in.total", "total", inline.line("收入总计"))
    assert nums(f) == (D("100.00"), D("101.00"))


def test_a109_one_fund_does_not_balance():
    # 一般公共预算: 100 + 10 carried in, 100 spent + 12 carried forward
    text = sub(FISCAL_CARRY, "二、结转下年|10.00|10.00", "二、结转下年|12.00|12.00")
    inline = Inline(sub(text, "支出总计|140.00|110.00", "支出总计|142.00|112.00"))
    [f] = found(inline, "A109")
    assert where(f) == ("A109", ERROR, "fiscal_summary", "out.current", "general_budget", inline.line("一、本年支出"))
    assert nums(f) == (D("112.00"), D("110.00"))


def test_a109_clean():
    assert found(Inline(FISCAL_CARRY), "A109") == [] and found(Inline(FISCAL), "A109") == []


def test_a110_project_budget_not_sum_of_its_funds():
    inline = Inline(project(upper="5.00"))
    [f] = found(inline, "A110")
    assert where(f) == ("A110", ERROR, "project_performance", PROJECT_CODE, "total", inline.line("项目名称|"))
    assert nums(f) == (D("35.00"), D("30.00"))


def test_a110_one_cent_is_a_tail():
    [f] = found(Inline(project(upper="10.00", own="20.01")), "A110")
    assert (f.severity, nums(f)) == (INFO, (D("30.01"), D("30.00")))


def test_a110_clean():
    assert found(Inline(project(upper="10.00", own="20.00")), "A110") == []


def test_a111_unit_performance_total_not_basic_plus_project():
    inline = Inline(unit_performance(total="1,000,100.00"))
    [f] = found(inline, "A111")
    assert where(f) == ("A111", ERROR, "unit_performance", "funds", "total", inline.line("整体支出绩效目标表"))
    assert nums(f) == (D("1000000.00"), D("1000100.00"))


def test_a111_basic_not_sum_of_its_sources():
    [f] = found(Inline(unit_performance(basic_fiscal="600,000.00")), "A111")
    assert (f.severity, f.row, f.column, nums(f)) == (ERROR, "funds", "basic", (D("600000.00"), D("700000.00")))


def test_a111_clean_and_lost_value_not_checked():
    assert found(Inline(unit_performance()), "A111") == []
    inline = Inline(unit_performance(project_="#####"))
    assert found(inline, "A111") == []
    [r] = found(inline, "R002")
    assert where(r) == ("R002", WARNING, "unit_performance", None, "project", inline.line("#####"))


# --------------------------------------------------------------------------- X: across tables


def test_x101_summary_against_revenue_and_expenditure_totals():
    inline = Inline(SUMMARY, sub(REVENUE, "|合计|100.00||100.00", "|合计|101.00||101.00"),
                    sub(EXPENDITURE, "|合计|100.00|70.00|30.00", "|合计|102.00|72.00|30.00"))
    got = {f.row: (where(f), nums(f)) for f in found(inline, "X101")}
    assert got == {
        "in.total": (("X101", ERROR, "summary", "in.total", "total", inline.line("收入总计")), (D("101.00"), D("100.00"))),
        "out.current": (("X101", ERROR, "summary", "out.current", "total", inline.line("本年收入合计")),
                        (D("102.00"), D("100.00"))),
    }


def test_x101_clean():
    assert found(Inline(SUMMARY, REVENUE, EXPENDITURE), "X101") == []


def test_x102_income_by_source():
    inline = Inline(SUMMARY, sub(REVENUE, "|合计|100.00||100.00", "|合计|100.00|10.00|90.00"))
    got = {f.row: (where(f), nums(f)) for f in found(inline, "X102")}
    assert got == {
        "in.general_budget": (("X102", ERROR, "summary", "in.general_budget", "total", inline.line("一般公共预算拨款收入|")),
                              (D("90.00"), D("100.00"))),
        "in.carryover": (("X102", ERROR, "summary", "in.carryover", "total", inline.line("上年结转||")),
                         (D("10.00"), None)),
    }


def test_x102_clean():
    assert found(Inline(SUMMARY, REVENUE), "X102") == []


def test_x103_class_differs():
    inline = Inline(SUMMARY, sub(EXPENDITURE, "210|卫生健康支出|20.00|20.00|", "210|卫生健康支出|21.00|21.00|"))
    [f] = found(inline, "X103")
    assert where(f) == ("X103", ERROR, "summary", "210", "total", inline.line("卫生健康支出|20.00"))
    assert nums(f) == (D("21.00"), D("20.00"))


def test_x103_class_missing():
    inline = Inline(SUMMARY, EXPENDITURE.split("210|")[0])
    [f] = found(inline, "X103")
    assert where(f) == ("X103", ERROR, "expenditure", "210", "total", inline.line("某单位部门支出总表"))
    assert nums(f) == (D("20.00"), None)


def test_x103_clean():
    assert found(Inline(SUMMARY, REVENUE, EXPENDITURE), "X103") == []


def test_x103_a_class_summed_from_its_rows_has_the_rounding_slack_of_every_row():
    # 26.67 + 26.67 + 26.68 = 80.02, each ± 0.005: the sum is 80.02 ± 0.015, and 80.00 ± 0.005 meets it
    inline = Inline(SUMMARY, """
        某单位部门支出总表
        单位：万元
        科目编码|科目名称|合计|基本支出|项目支出
        2080101|行政运行|26.67|26.67|
        2080102|一般行政管理事务|26.67|26.67|
        2080199|其他人力资源和社会保障管理事务支出|26.68||26.68
        2101101|行政单位医疗|20.00|20.00|
        """)
    [f] = found(inline, "X103")
    assert where(f) == ("X103", INFO, "summary", "208", "total", inline.line("社会保障和就业支出|80.00"))
    assert nums(f) == (D("80.02"), D("80.00")) and "±0.020" in f.message


def test_x104_fiscal_summary_against_general_expenditure():
    inline = Inline(FISCAL, sub(GENERAL, "|合计|100.00|70.00|30.00", "|合计|101.00|71.00|30.00"))
    [f] = found(inline, "X104")
    assert where(f) == ("X104", ERROR, "fiscal_summary", "out.current", "general_budget", inline.line("一、本年支出"))
    assert nums(f) == (D("101.00"), D("100.00"))


def test_x104_clean():
    assert found(Inline(FISCAL, GENERAL), "X104") == []


FISCAL_FUNDS = """
某单位财政拨款收支总表
单位：万元
收入||支出||||
项目|预算数|项目|合计|一般公共预算财政拨款|政府性基金预算财政拨款|国有资本经营预算财政拨款
一、本年收入|{cur}|一、本年支出|{cur}|100.00|{gf}|{soe}
一般公共预算拨款|100.00|社会保障和就业支出|80.00|80.00||
政府性基金预算拨款|{gf}|卫生健康支出|20.00|20.00||
国有资本经营预算拨款|{soe}|国有资本经营预算支出|{soe}|||{soe}
二、上年结转||二、结转下年||||
收入总计|{cur}|支出总计|{cur}|100.00|{gf}|{soe}
"""

EXPENDITURE_SOE = """
某单位部门支出总表
单位：万元
科目编码|科目名称|合计|基本支出|项目支出
|合计|130.00|70.00|60.00
208|社会保障和就业支出|80.00|50.00|30.00
210|卫生健康支出|20.00|20.00|
223|国有资本经营预算支出|30.00||30.00
"""

GOVFUND_4 = """
某单位政府性基金预算支出表
单位：万元
科目编码|科目名称|合计|基本支出|项目支出
|合计|4.00||4.00
212|城乡社区支出|4.00||4.00
"""


def test_x105_soe_against_class_223():
    inline = Inline(FISCAL_FUNDS.format(cur="131.00", gf="", soe="31.00"), EXPENDITURE_SOE)
    [f] = found(inline, "X105")
    assert where(f) == ("X105", ERROR, "fiscal_summary", "out.current", "soe", inline.line("一、本年支出"))
    assert nums(f) == (D("30.00"), D("31.00"))


def test_x105_gov_fund_against_its_table():
    inline = Inline(FISCAL_FUNDS.format(cur="105.00", gf="5.00", soe=""), GOVFUND_4)
    [f] = found(inline, "X105")
    assert where(f) == ("X105", ERROR, "fiscal_summary", "out.current", "gov_fund", inline.line("一、本年支出"))
    assert nums(f) == (D("4.00"), D("5.00"))


def test_x105_clean():
    assert found(Inline(FISCAL_FUNDS.format(cur="130.00", gf="", soe="30.00"), EXPENDITURE_SOE), "X105") == []
    assert found(Inline(FISCAL_FUNDS.format(cur="104.00", gf="4.00", soe=""), GOVFUND_4), "X105") == []
    assert found(Inline(FISCAL, GOVFUND), "X105") == []


def test_x106_basic_totals():
    inline = Inline(GENERAL, sub(BASIC, "|合计|70.00|60.00|10.00", "|合计|71.00|61.00|10.00"))
    [f] = found(inline, "X106")
    assert where(f) == ("X106", ERROR, "general_expenditure", "total", "basic", inline.line("|合计|100.00|70.00"))
    assert nums(f) == (D("71.00"), D("70.00"))


def test_x106_clean():
    assert found(Inline(GENERAL, BASIC), "X106") == []


def test_x107_general_budget_row_larger_than_all_funds():
    inline = Inline(GENERAL, sub(EXPENDITURE, "2080101|行政运行|50.00|50.00|", "2080101|行政运行|40.00|40.00|"))
    got = {f.column: (where(f), nums(f)) for f in found(inline, "X107")}
    line = inline.line("2080101|行政运行|50.00")
    assert got == {"total": (("X107", ERROR, "general_expenditure", "2080101", "total", line), (D("40.00"), D("50.00"))),
                   "basic": (("X107", ERROR, "general_expenditure", "2080101", "basic", line), (D("40.00"), D("50.00")))}


def test_x107_clean_when_other_funds_make_the_expenditure_row_larger():
    other = sub(EXPENDITURE, "2080101|行政运行|50.00|50.00|", "2080101|行政运行|55.00|55.00|")
    assert found(Inline(GENERAL, other), "X107") == []


def test_x107_a_class_the_expenditure_table_prints_by_its_items_only():
    # a 支出总表 of 项 rows alone (Henan's): its class is the sum of its rows, and the finding is on the
    # 一般公共预算 table's printed 类 row with that sum
    items = "\n".join(line for line in EXPENDITURE.strip().splitlines() if not re.match(r"\d{3}\|", line)
                      and not re.match(r"\d{5}\|", line))
    items = sub(items, "2080101|行政运行|50.00|50.00|", "2080101|行政运行|40.00|40.00|")
    inline = Inline(GENERAL, items)
    got = {(f.row, f.column): nums(f) for f in found(inline, "X107")}
    assert got[("208", "total")] == (D("70.00"), D("80.00"))
    assert got[("2080101", "basic")] == (D("40.00"), D("50.00"))
    assert where(next(f for f in found(inline, "X107") if f.row == "208" and f.column == "total"))[-1] == \
        inline.line("208|社会保障和就业支出|80.00")


def test_x107_says_nothing_through_a_value_not_known():
    lost = sub(EXPENDITURE, "2080101|行政运行|50.00|50.00|", "2080101|行政运行|#####|#####|")
    report = check(Inline(GENERAL, lost).doc, select=["X107"])
    assert [f for f in report.findings if f.code == "X107" and f.row == "2080101"] == []
    assert report.skipped.get("X107", 0) >= 2


def _placed_by_tables(doc, kind: str, code: str):
    """``doc`` with the cells of row ``code`` of its table ``kind`` placed by the other tables."""
    t = doc.table(kind)
    rows = tuple(replace(r, cells=tuple(replace(c, placed_by="tables") for c in r.cells)) if r.code == code else r
                 for r in t.rows)
    return replace(doc, tables=tuple(replace(x, rows=rows) if x is t else x for x in doc.tables))


def test_x107_a_value_the_expenditure_table_placed_is_not_confirmed_by_it():
    doc = _placed_by_tables(Inline(GENERAL, EXPENDITURE).doc, "general_expenditure", "2080101")
    report = check(doc, select=["X107"])
    assert (report.findings, report.skipped.get("X107")) == ((), 2)  # 行政运行's 合计 and 基本支出


def test_x108_general_budget_income():
    inline = Inline(FISCAL, sub(SUMMARY, "一般公共预算拨款收入|100.00", "一般公共预算拨款收入|90.00"),
                    sub(REVENUE, "|合计|100.00||100.00", "|合计|100.00|15.00|85.00"))
    got = {nums(f): where(f) for f in found(inline, "X108")}
    line = inline.line("一般公共预算拨款|100.00|社会")
    assert got == {(D("90.00"), D("100.00")): ("X108", ERROR, "fiscal_summary", "in.general_budget", "total", line),
                   (D("85.00"), D("100.00")): ("X108", ERROR, "fiscal_summary", "in.general_budget", "total", line)}


def test_x108_clean():
    assert found(Inline(FISCAL, SUMMARY, REVENUE), "X108") == []


@pytest.mark.parametrize("code", ["30217", "30216"])
def test_x109_three_public_less_than_its_economic_code(code):
    # found by its name: a region numbering the 款 its own way prints 公务接待费 under another code
    inline = Inline(sub(BASIC, "30217|公务接待费", f"{code}|公务接待费"),
                    sub(THREE, "3.50||3.00||3.00|0.50", "3.40||3.00||3.00|0.40"))
    [f] = found(inline, "X109")
    assert where(f) == ("X109", ERROR, "three_public", "total", "reception", inline.line("3.40|"))
    assert nums(f) == (D("0.50"), D("0.40"))


def test_x109_clean_when_projects_add_to_three_public():
    assert found(Inline(BASIC, THREE), "X109") == []
    more = sub(THREE, "3.50||3.00||3.00|0.50", "4.00||3.00||3.00|1.00")
    assert found(Inline(BASIC, more), "X109") == []


def test_x109_the_basic_table_not_known_says_nothing_and_placed_values_are_skipped():
    lost = sub(BASIC, "30217|公务接待费|0.50||0.50", "30217|公务接待费|#####||#####")
    less = sub(THREE, "3.50||3.00||3.00|0.50", "3.40||3.00||3.00|0.40")
    report = check(Inline(lost, less).doc, select=["X109"])
    assert (report.findings, report.skipped.get("X109")) == ((), 1)
    doc = _placed_by_tables(Inline(BASIC, THREE).doc, "three_public", "total")
    report = check(doc, select=["X109"])
    assert (report.findings, report.skipped.get("X109")) == ((), 2)  # 公务接待费 and 公务用车运行费


def test_x112_unit_performance_against_the_budget():
    inline = Inline(FISCAL, BASIC, EXPENDITURE,
                    unit_performance(total="1,021,900.00", basic="721,900.00", basic_fiscal="721,900.00"))
    got = {f.column: (where(f), nums(f)) for f in found(inline, "X112")}
    line = inline.line("整体支出绩效目标表")
    assert got == {"total": (("X112", ERROR, "unit_performance", "funds", "total", line), (D("100.00"), D("102.19"))),
                   "basic": (("X112", ERROR, "unit_performance", "funds", "basic", line), (D("70.00"), D("72.19")))}


def test_x112_yuan_rounded_to_wan_then_compared():
    # 700,060.00 元 = 70.006 万元 → 70.01 against 70.00: a tail, as 001's 4,284.88 vs 4,284.87
    inline = Inline(FISCAL, BASIC, EXPENDITURE, unit_performance(total="1,000,060.00", basic="700,060.00",
                                                                 basic_fiscal="700,060.00"))
    got = {f.column: (f.severity, nums(f)) for f in found(inline, "X112")}
    assert got == {"total": (INFO, (D("100.00"), D("100.01"))), "basic": (INFO, (D("70.00"), D("70.01")))}


def test_x112_the_basic_table_s_total_from_its_rows_or_not_known():
    # its 合计 lost: its 类 rows answer; a row lost under a 类 row lost too: not known, nothing said
    lost_total = sub(BASIC, "|合计|70.00|60.00|10.00", "|合计|#####|#####|#####")
    forms = unit_performance(total="1,021,900.00", basic="721,900.00", basic_fiscal="721,900.00")
    got = {f.column: nums(f) for f in found(Inline(FISCAL, lost_total, EXPENDITURE, forms), "X112")}
    assert got["basic"] == (D("70.00"), D("72.19"))
    lost = sub(lost_total, "30101|基本工资|40.00|40.00|", "30101|基本工资|#####|#####|")
    assert {f.column: nums(f) for f in found(Inline(FISCAL, lost, EXPENDITURE, forms), "X112")} == got
    lost = sub(lost, "301|工资福利支出|60.00|60.00|", "301|工资福利支出|#####|#####|")
    report = check(Inline(FISCAL, lost, EXPENDITURE, forms).doc, select=["X112"])
    assert [f.column for f in report.findings] == ["total"] and report.skipped.get("X112") == 1


def test_x112_clean():
    assert found(Inline(FISCAL, BASIC, EXPENDITURE, unit_performance()), "X112") == []


def test_x113_projects_do_not_cover_project_spending():
    inline = Inline(EXPENDITURE, project(amount="20.00", own="20.00", overview="代发生活补助资金20万元。"))
    [f] = found(inline, "X113")
    assert where(f) == ("X113", ERROR, "project_performance", None, "total", inline.line("项目名称|"))
    assert nums(f) == (D("30.00"), D("20.00"))
    assert "10.00" in f.message


def test_x113_says_nothing_when_a_forms_amount_could_not_be_read():
    two = (project(amount="10.00", own="10.00", overview="代发10万元。"),
           project(code="50011024T000003385182", name="第二项目", amount="", own="20.00", overview="代发20万元。"))
    assert found(Inline(EXPENDITURE, *two), "X113") == []


def test_x113_without_expenditure_table_uses_general_budget_projects():
    [f] = found(Inline(GENERAL, project(amount="20.00", own="20.00")), "X113")
    assert (f.severity, nums(f)) == (ERROR, (D("30.00"), D("20.00")))


def test_x113_one_cent_is_a_tail_and_clean():
    [f] = found(Inline(EXPENDITURE, project(amount="29.99", own="29.99")), "X113")
    assert (f.severity, nums(f)) == (INFO, (D("30.00"), D("29.99")))
    two = (project(amount="10.00", own="10.00", overview="代发10万元。"),
           project(code="50011024T000003385182", name="第二项目", amount="20.00", own="20.00", overview="代发20万元。"))
    assert found(Inline(EXPENDITURE, *two), "X113") == []


HENAN_PROJECTS = """
2024 年项目支出预算表
单位名称：某中心
单位：万元
类型|项目名称|项目单位|合计|本年拨款|||财政拨款结转结余|||财政专户 管理资金|单位资金
||||一般公共 预算|政府性 基金预算|国有资本 经营预算|一般公共 预算|政府性 基金预算|国有资本 经营预算||
||合计|{total}|{total}|||||||
其他运转类|信息系统维护费|某中心|{first}|{first}|||||||
特定目标类|社保工作经费|某中心|20.00|20.00|||||||
"""

HENAN_PERFORMANCE = """
2024 年度单位预算项目绩效目标表
单位名称：某中心
单位编码 (项目编 码)|项目单位 (项目名 称)|项目金额（万元）||||绩效目标|||||||
||资金总额|政府预算 资金|财政专 户管理 资金|单位 资金|成本指标||产出指标||效益指标||满意度指标|
||||||三级指标|指标值|三级指标|指标值|三级指标|指标值|三级指标|指标值
410700220000000029838|信息系统维护费|10.00|10.00|||项目总成本|≤10 万元|维护人员数量|2 人|保障业务正常办理|持续有效|参保职工满意度|≥90%
410700220000000029814|社保工作经费|20.00|20.00|||工作经费控制情况|≤20万元|完成待遇发放|≥40 亿元|确保机构正常运转|持续有效|离退休人员满意度|≥90%
"""


def test_x115_henan_project_table_against_expenditure_and_forms():
    inline = Inline(EXPENDITURE, HENAN_PROJECTS.format(total="31.00", first="11.00"), HENAN_PERFORMANCE)
    got = {f.row: (where(f), nums(f)) for f in found(inline, "X115")}
    assert got == {
        "total": (("X115", ERROR, "project_expenditure", "total", "total", inline.line("||合计|31.00")),
                  (D("30.00"), D("31.00"))),
        "410700220000000029838": (("X115", ERROR, "project_expenditure", "410700220000000029838", "total",
                                   inline.line("其他运转类|")), (D("10.00"), D("11.00"))),
    }


def test_x115_clean():
    assert found(Inline(EXPENDITURE, HENAN_PROJECTS.format(total="30.00", first="10.00"), HENAN_PERFORMANCE),
                 "X115") == []


def test_x115_against_an_expenditure_table_without_its_total_row_and_one_not_known():
    # no 合计 row: the 支出总表's 项目支出 is the sum of its rows
    inline = Inline(sub(EXPENDITURE, "|合计|100.00|70.00|30.00\n", ""), HENAN_PROJECTS.format(total="31.00", first="10.00"))
    [f] = found(inline, "X115")
    assert (where(f), nums(f)) == (("X115", ERROR, "project_expenditure", "total", "total", inline.line("||合计|31.00")),
                                   (D("30.00"), D("31.00")))
    lost = sub(EXPENDITURE, "2080199|其他人力资源和社会保障管理事务支出|30.00||30.00",
               "2080199|其他人力资源和社会保障管理事务支出|30.00||#####")
    lost = sub(lost, "|合计|100.00|70.00|30.00\n", "")
    # a 项 lost under the 类 row that prints it: the 类 rows say the total
    [f] = found(Inline(lost, HENAN_PROJECTS.format(total="31.00", first="10.00")), "X115")
    assert nums(f) == (D("30.00"), D("31.00"))
    # its 类 and 款 lost too: not known, nothing said
    for code, name in (("208", "社会保障和就业支出"), ("20801", "人力资源和社会保障管理事务")):
        lost = sub(lost, f"{code}|{name}|80.00|50.00|30.00", f"{code}|{name}|80.00|50.00|#####")
    report = check(Inline(lost, HENAN_PROJECTS.format(total="31.00", first="10.00")).doc, select=["X115"])
    assert (report.findings, report.skipped.get("X115")) == ((), 1)


STALE_NARRATIVE = """
一、单位基本情况
二、收支总体情况
（一）收入预算：2024年收入合计130.00万元，其中一般公共预算拨款100.00万元，国有资本经营预算收入30.00万元。收入较去年增加10.00万元，主要是一般公共预算拨款增加8.00万元，国有资本经营预算拨款增加2.00万元。
"""

FISCAL_OF_YEAR = """
某单位财政拨款收支总表
单位：万元
收入||支出||||
项目|预算数|项目|合计|一般公共预算财政拨款|政府性基金预算财政拨款|国有资本经营预算财政拨款
一、本年收入|{cur}|一、本年支出|{cur}|{gb}||{soe}
一般公共预算拨款|{gb}|社会保障和就业支出|{c208}|{c208}||
政府性基金预算拨款||卫生健康支出|20.00|20.00||
国有资本经营预算拨款|{soe}|国有资本经营预算支出|{soe}|||{soe}
二、上年结转||二、结转下年||||
收入总计|{cur}|支出总计|{cur}|{gb}||{soe}
"""

SUMMARY_SOE = """
某单位部门收支总表
单位：万元
收入||支出|
项目|预算数|项目|预算数
一般公共预算拨款收入|100.00|社会保障和就业支出|80.00
国有资本经营预算拨款收入|30.00|卫生健康支出|20.00
||国有资本经营预算支出|30.00
本年收入合计|130.00|本年支出合计|130.00
收入总计|130.00|支出总计|130.00
"""


def test_x120_last_years_table_is_one_finding():
    # 002's error in small: 表一 prints 2023 (130 − 10, 100 − 8, 30 − 2), every other table 2024
    last_year = FISCAL_OF_YEAR.format(cur="120.00", gb="92.00", soe="28.00", c208="72.00")
    inline = Inline(STALE_NARRATIVE, last_year, GENERAL, SUMMARY_SOE, EXPENDITURE_SOE)
    [f] = found(inline, "X120")
    assert where(f) == ("X120", ERROR, "fiscal_summary", None, None, inline.line("某单位财政拨款收支总表"))
    assert f.actual == "120.00, 92.00, 28.00"
    x = check(inline.doc, select=["X"])
    assert [g.code for g in x.findings if g.table == "fiscal_summary"] == ["X120"]  # X104/X105/X108 folded in
    alone = check(inline.doc, select=["X104", "X105", "X108"])  # without X120 they are reported one by one
    assert {g.code for g in alone.findings} == {"X104", "X105", "X108"}


def test_x120_clean():
    this_year = FISCAL_OF_YEAR.format(cur="130.00", gb="100.00", soe="30.00", c208="80.00")
    inline = Inline(STALE_NARRATIVE, this_year, GENERAL, SUMMARY_SOE, EXPENDITURE_SOE)
    assert check(inline.doc, select=["X"]).findings == ()


# --------------------------------------------------------------------------- N: narrative against tables


def narrative(*lines: str) -> str:
    return "\n".join(lines)


def test_n101_a_class_under_a_general_budget_heading_is_that_tables():
    # the 收支总表 (all funds) has 卫生健康支出 30.00; the 一般公共预算支出表 20.00, which the section explains
    summary = """
    某单位部门收支总表
    单位：万元
    收入||支出|
    项目|预算数|项目|预算数
    一般公共预算拨款收入|100.00|社会保障和就业支出|80.00
    事业收入|10.00|卫生健康支出|30.00
    本年收入合计|110.00|本年支出合计|110.00
    收入总计|110.00|支出总计|110.00
    """
    for said, wrong in (("20.00", False), ("30.00", True)):
        inline = Inline(narrative("三、一般公共预算财政拨款支出情况", f"（二）卫生健康支出（类）{said}万元。"), summary, GENERAL)
        assert [f.expected for f in found(inline, "N101")] == (["20.00"] if wrong else [])


@pytest.mark.parametrize("said, wrong", [("1,000,000.00元", False), ("1,050,000.00元", True), ("0.01亿元", False)])
def test_n101_amounts_stated_in_yuan_or_yi(said, wrong):
    inline = Inline(narrative("三、部门预算情况说明", f"2024年一般公共预算财政拨款支出{said}。"), GENERAL)
    assert [(f.expected, f.actual) for f in found(inline, "N101")] == ([("100.00", "105.000000")] if wrong else [])  # in 万元, to the 元 printed


@pytest.mark.parametrize("said, wrong", [("10.00", False), ("8.00", False), ("12.00", True)])
def test_n101_operation_funds_are_at_most_the_public_funds(said, wrong):
    # 机关运行经费 is the 公用经费 of 行政 and 参公 units only: a 部门 with 事业单位 states less
    inline = Inline(narrative("（一）机关运行经费", f"2024年机关运行经费{said}万元。"), BASIC)
    assert [f.expected for f in found(inline, "N101")] == (["10.00"] if wrong else [])


def test_n101_a_part_in_brackets_is_not_its_whole():
    # “公务接待费0.50万元（含外宾接待费0.00万元）”: 0.00 is the 外宾 part, not the 公务接待费
    inline = Inline(narrative("（三）“三公”经费", "公务接待费0.50万元（含外宾接待费0.00万元）。"), THREE)
    assert found(inline, "N101") == []
    wrong = Inline(narrative("（三）“三公”经费", "公务接待费0.60万元（含外宾接待费0.00万元）。"), THREE)
    assert [(f.expected, f.actual) for f in found(wrong, "N101")] == [("0.50", "0.60")]


def test_n101_amount_differs_from_its_table():
    inline = Inline(narrative("三、部门预算情况说明",
                              "2024年一般公共预算财政拨款支出100.00万元。其中：基本支出70.00万元；项目支出35.00万元。"), GENERAL)
    [f] = found(inline, "N101")
    assert (f.code, f.severity, f.source.line) == ("N101", ERROR, inline.line("项目支出35.00"))
    assert nums(f) == (D("30.00"), D("35.00"))
    assert "项目支出35.00万元" in f.message


def test_n101_tail():
    inline = Inline(narrative("三、部门预算情况说明", "2024年一般公共预算财政拨款支出100.00万元。其中：基本支出70.01万元。"),
                    GENERAL)
    [f] = found(inline, "N101")
    assert (f.severity, nums(f)) == (INFO, (D("70.00"), D("70.01")))


def test_n101_project_spending_of_the_general_budget_in_its_paragraph():
    # 002: “一般公共预算…项目支出1174.97万元” is the 一般公共预算 one (962.97), not all projects with SOE
    inline = Inline(narrative("三、部门预算情况说明", "2024年一般公共预算财政拨款支出100.00万元。其中：项目支出60.00万元。"),
                    GENERAL, EXPENDITURE_SOE)
    [f] = found(inline, "N101")
    assert (f.severity, nums(f)) == (ERROR, (D("30.00"), D("60.00")))
    assert "一般公共预算支出表" in f.message


def test_n101_clean():
    assert found(Inline(*COMPLETE), "N101") == []


def test_n102_change_against_the_prior_year_column():
    prior = """
    某单位一般公共预算财政拨款支出预算表
    单位：万元
    功能分类科目||2023年预算数|2024年预算数||
    科目编码|科目名称|小计|小计|基本支出|项目支出
    |合计|90.00|100.00|70.00|30.00
    208|社会保障和就业支出|72.00|80.00|50.00|30.00
    20801|人力资源和社会保障管理事务|72.00|80.00|50.00|30.00
    2080101|行政运行|72.00|50.00|50.00|
    2080199|其他人力资源和社会保障管理事务支出||30.00||30.00
    210|卫生健康支出|18.00|20.00|20.00|
    21011|行政事业单位医疗|18.00|20.00|20.00|
    2101101|行政单位医疗|18.00|20.00|20.00|
    """
    said = "三、部门预算情况说明\n2024年一般公共预算财政拨款支出100.00万元，比2023年增加{}万元。"
    inline = Inline(said.format("12.00"), prior)
    assert inline.doc.table("general_expenditure").columns == ("prior_year", "total", "basic", "project")
    [f] = found(inline, "N102")
    assert (f.code, f.severity, f.source.line) == ("N102", ERROR, inline.line("比2023年增加"))
    assert nums(f) == (D("10.00"), D("12.00"))
    [t] = found(Inline(said.format("10.01"), prior), "N102")
    assert (t.severity, nums(t)) == (INFO, (D("10.00"), D("10.01")))
    assert found(Inline(said.format("10.00"), prior), "N102") == []
    assert check(Inline(said.format("10.00"), prior).doc, select=["A"]).findings == ()


def test_n102_two_statements_of_one_change_disagree():
    inline = Inline(narrative("二、收支总体情况",
                              "（一）收入预算：2024年收入合计100.00万元，其中一般公共预算拨款100.00万元。一般公共预算拨款经费增加8.00万元。",
                              "三、部门预算情况说明", "2024年一般公共预算财政拨款支出100.00万元，比2023年增加10.00万元。"),
                    GENERAL, SUMMARY)
    [f] = found(inline, "N102")
    assert (f.code, f.severity, f.source.line) == ("N102", ERROR, inline.line("比2023年增加10.00"))
    assert f.actual == "8.00、10.00"


def test_n102_clean():
    inline = Inline(narrative("二、收支总体情况",
                              "（一）收入预算：2024年收入合计100.00万元，其中一般公共预算拨款100.00万元。一般公共预算拨款经费增加10.00万元。",
                              "三、部门预算情况说明", "2024年一般公共预算财政拨款支出100.00万元，比2023年增加10.00万元。"),
                    GENERAL, SUMMARY)
    assert found(inline, "N102") == []


def test_n103_share_miscomputed():
    inline = Inline(narrative("二、收支总体情况",
                              "（二）支出预算：2024年支出合计100.00万元，其中基本支出70.00万元，占71.00%；项目支出30.00万元，占30.00%。"),
                    EXPENDITURE, SUMMARY)
    [f] = found(inline, "N103")
    assert (f.code, f.severity, f.source.line) == ("N103", ERROR, inline.line("占71.00%"))
    assert nums(f) == (D("70.00"), D("71.00"))


def test_n103_clean():
    inline = Inline(narrative("二、收支总体情况",
                              "（二）支出预算：2024年支出合计100.00万元，其中基本支出70.00万元，占70.00%；项目支出30.00万元，占30.00%。"),
                    EXPENDITURE, SUMMARY)
    assert found(inline, "N103") == []


@pytest.mark.parametrize("share, wrong", [("80.00%", False), ("8.00%", True)])
def test_n103_a_share_of_a_total_the_sentence_names_but_does_not_state(share, wrong):
    # “占本年支出合计的…”: the whole is the 收支总表's 本年支出合计, 100.00
    inline = Inline(narrative("二、收支总体情况", f"（二）支出预算：社会保障和就业支出80.00万元，占本年支出合计的{share}。"),
                    EXPENDITURE, SUMMARY)
    got = [(f.source.line, nums(f)) for f in found(inline, "N103")]
    assert got == ([(inline.line("占本年支出合计"), (D("80.00"), D("8.00")))] if wrong else [])


@pytest.mark.parametrize("rate, wrong", [("8.57", False), ("9.57", True)])
def test_n103_a_change_on_the_years_amount_the_sentence_states(rate, wrong):
    # “比上年预算数3.50万元减少0.30万元，下降8.57%”: the base is the 3.50 stated, not 3.20 + 0.30
    inline = Inline(narrative("二、收支总体情况", f"（一）“三公”经费：2024年“三公”经费预算数为3.20万元，比上年预算数3.50万元"
                                               f"减少0.30万元，下降{rate}%。"), EXPENDITURE, SUMMARY)
    got = [(f.source.line, nums(f)) for f in found(inline, "N103")]
    assert got == ([(inline.line("下降"), (D("8.57"), D(rate)))] if wrong else [])


@pytest.mark.parametrize("printed", ["0.13", "0.12"])
def test_n103_a_tie_rounds_either_way(printed):
    # 0.10 ÷ 80.00 = 0.125%: 四舍五入 prints 0.13, rounding to even 0.12; neither is an error
    inline = Inline(narrative("二、收支总体情况", f"（二）支出预算：2024年支出合计80.00万元，其中基本支出0.10万元，占{printed}%。"),
                    EXPENDITURE, SUMMARY)
    assert found(inline, "N103") == []


def test_n104_class_the_tables_do_not_have():
    inline = Inline(narrative("二、收支总体情况",
                              "（二）支出预算：2024年支出合计100.00万元，其中：一般公共服务支出80.00万元，卫生健康支出20.00万元。"),
                    SUMMARY, GENERAL)
    [f] = found(inline, "N104")
    assert (f.code, f.severity, f.source.line, f.actual) == ("N104", ERROR, inline.line("一般公共服务支出"), "80.00")
    assert "一般公共服务支出" in f.message


def test_n104_clean():
    assert found(Inline(*COMPLETE), "N104") == []


def test_n105_no_procurement_said_while_the_table_has_some():
    inline = Inline(narrative("五、其他重要事项的情况说明", "（二）政府采购情况：本单位2024年度无政府采购预算。"), PROCUREMENT)
    [f] = found(inline, "N105")
    assert where(f) == ("N105", ERROR, "procurement", None, None, inline.line("无政府采购"))
    assert nums(f) == (None, D("5.00"))


def test_n105_seed_wording_on_its_own_line():
    # 002 lines 30-31: “（三）政府采购情况。” then “2026年度无政府采购” without a full stop
    inline = Inline(narrative("五、其他重要事项的情况说明", "（二）政府采购情况。", "2024年度无政府采购",
                              "（三）绩效目标设置情况。"), PROCUREMENT)
    assert [(f.severity, f.table, f.actual) for f in found(inline, "N105")] == [(ERROR, "procurement", "5.00")]


def test_n105_no_gov_fund_said_while_the_table_has_some():
    inline = Inline(narrative("三、部门预算情况说明", "2024年无使用政府性基金预算拨款安排的支出，与上年保持一致。"), GOVFUND_4)
    [f] = found(inline, "N105")
    assert where(f) == ("N105", ERROR, "gov_fund_expenditure", None, None, inline.line("三、部门预算情况说明"))
    assert nums(f) == (None, D("4.00"))


def test_n105_clean():
    assert found(Inline(*COMPLETE), "N105") == []
    none = narrative("五、其他重要事项的情况说明", "（二）政府采购情况：本单位2024年度无政府采购预算。")
    assert found(Inline(none, THREE), "N105") == []


def test_n106_enumerated_classes_do_not_add_up():
    inline = Inline(narrative("二、收支总体情况",
                              "（二）支出预算：2024年支出合计100.00万元，其中：社会保障和就业支出80.00万元，卫生健康支出15.00万元。"),
                    SUMMARY)
    [f] = found(inline, "N106")
    assert (f.code, f.severity, f.source.line) == ("N106", ERROR, inline.line("支出合计100.00"))
    assert nums(f) == (D("100.00"), D("95.00"))


def test_n106_tail():
    inline = Inline(narrative("二、收支总体情况",
                              "（二）支出预算：2024年支出合计100.00万元，其中：社会保障和就业支出80.00万元，卫生健康支出19.99万元。"),
                    SUMMARY)
    [f] = found(inline, "N106")
    assert (f.severity, nums(f)) == (INFO, (D("100.00"), D("99.99")))


def test_n106_clean():
    assert found(Inline(*COMPLETE), "N106") == []


def test_n107_vehicle_purchase_without_purchase_money():
    inline = Inline(narrative("五、其他重要事项的情况说明",
                              "（四）国有资产占有使用情况：本单位共有车辆1辆。2024年一般公共预算安排购置车辆1辆。"), THREE)
    [f] = found(inline, "N107")
    assert where(f) == ("N107", ERROR, "three_public", "total", "vehicle_purchase", inline.line("安排购置车辆"))
    assert f.actual == "1"


def test_n107_no_vehicle_but_running_costs_is_a_warning():
    inline = Inline(narrative("五、其他重要事项的情况说明",
                              "（四）国有资产占有使用情况：本单位共有车辆0辆。2024年一般公共预算安排购置车辆0辆。"), THREE)
    [f] = found(inline, "N107")
    assert where(f) == ("N107", WARNING, "three_public", "total", "vehicle_operation", inline.line("共有车辆"))
    assert f.actual == "0"


def test_n107_clean():
    assert found(Inline(*COMPLETE), "N107") == []


# --------------------------------------------------------------------------- C: completeness


def test_c101_missing_tables():
    inline = Inline(THREE, GOVFUND)
    got = [(f.severity, f.table, f.source.file, f.source.line) for f in found(inline, "C101")]
    assert got == [(ERROR, kind, "inline.txt", None) for kind in
                   ("summary", "revenue", "expenditure", "fiscal_summary", "general_expenditure", "basic_expenditure")]


def test_c101_clean():
    assert found(Inline(FISCAL, GENERAL, BASIC, THREE, GOVFUND, SUMMARY, REVENUE, EXPENDITURE), "C101") == []


def test_c102_empty_table_without_statement():
    inline = Inline(THREE, sub(GOVFUND, "本单位无政府性基金收支，故此表无数据。", ""))
    [f] = found(inline, "C102")
    assert where(f) == ("C102", ERROR, "gov_fund_expenditure", None, None, inline.line("某单位政府性基金预算支出表"))


@pytest.mark.parametrize("statement", [
    "本单位无政府性基金收支，故此表无数据。",
    "备注：本部门无政府性基金收支，故此表无数据。",
    "说明：我单位没有政府性基金收入，也没有使用政府性基金安排支出，故此表无数据。",
])
def test_c102_clean_with_each_seed_statement(statement):
    assert found(Inline(THREE, sub(GOVFUND, "本单位无政府性基金收支，故此表无数据。", statement)), "C102") == []


EMPTY_REVENUE = """
某单位部门收入总表
单位：万元
科目编码|科目名称|合计|上年结转|一般公共预算拨款收入
"""


def test_c103_empty_revenue_table_of_a_unit_with_income():
    inline = Inline(SUMMARY, EMPTY_REVENUE)
    [f] = found(inline, "C103")
    assert where(f) == ("C103", ERROR, "revenue", None, None, inline.line("某单位部门收入总表"))
    assert nums(f) == (D("100.00"), None)
    assert found(inline, "C102") == []  # one problem, one finding


def test_c103_clean():
    assert found(Inline(SUMMARY, REVENUE), "C103") == []


def test_c104_procurement_nowhere():
    [f] = found(Inline(THREE), "C104")
    assert (f.severity, f.table, f.source.line) == (ERROR, "procurement", None)


def test_c104_clean_with_table_or_narrative():
    assert found(Inline(THREE, PROCUREMENT), "C104") == []
    said = narrative("五、其他重要事项的情况说明", "（二）政府采购情况：本单位2024年度无政府采购预算。")
    assert found(Inline(said, THREE), "C104") == []


def test_c105_no_narrative():
    [f] = found(Inline(THREE), "C105")
    assert (f.severity, f.table, f.source.file, f.source.line) == (ERROR, None, "inline.txt", None)


def test_c105_clean():
    assert found(Inline(narrative("一、单位基本情况", "（一）职能职责：负责社会保险经办。"), THREE), "C105") == []


def test_c106_missing_sections():
    inline = Inline(narrative("一、单位基本情况", "（一）职能职责：负责社会保险经办。"), THREE)
    got = [(f.severity, f.message, f.source.line) for f in found(inline, "C106")]
    line = inline.line("一、单位基本情况")
    assert got == [(ERROR, f"情况说明缺少“{what}”", line) for what in
                   ("机构设置", "收支增减变化", "机关运行经费", "“三公”经费", "政府采购", "专业性名词解释")] + \
                  [(WARNING, f"情况说明缺少“{what}”", line) for what in ("国有资产占用", "绩效目标设置")]


def test_c106_clean():
    assert found(Inline(*COMPLETE), "C106") == []


def test_c106_a_change_stated_of_one_item_is_not_the_totals():
    # 平潭 2016: the totals stated without last year; only a 三公 item says 支出增加
    inline = Inline(narrative("一、部门职责", "负责社会保险经办，内设机构3个。",
                              "二、收支预算总体情况", "2024年收入预算100.00万元，支出预算100.00万元。",
                              "三、“三公”经费", "公务接待费0.50万元，与上年相比支出增加，主要原因是业务量增加。"), THREE)
    [f] = [f for f in found(inline, "C106") if "收支增减变化" in f.message]
    assert f.message == "情况说明缺少“收支增减变化”：“2024年收入预算100.00万元”没有与上年比较，也没有说明增减原因"


def test_c107_numbering_skipped_and_repeated():
    # 002 五: （一）（三）（三）（四）
    inline = Inline(narrative("五、其他重要事项的情况说明", "（一）机关运行经费：无。", "（三）政府采购情况：无。",
                              "（三）绩效目标设置情况：无。", "（四）国有资产占有使用情况：无。"), THREE)
    got = [(f.severity, f.source.line, f.expected, f.actual) for f in found(inline, "C107")]
    assert got == [(WARNING, inline.line("政府采购情况"), "（二）", "（三）"),
                   (WARNING, inline.line("绩效目标设置情况"), None, "（三）")]


def test_c107_clean_numbering_restarts_under_each_heading():
    assert found(Inline(*COMPLETE), "C107") == []


def test_c108_regional_tables_missing():
    # the project code 500110… places the unit in 重庆, which also publishes 采购 and 整体绩效 tables
    inline = Inline(NARRATIVE, THREE, project())  # the narrative's 政府采购 section is no 明细表
    got = [(f.severity, f.table) for f in found(inline, "C108")]
    assert got == [(WARNING, "procurement"), (WARNING, "unit_performance")]
    # with procurement disclosed nowhere, C104's error says it once
    inline = Inline(THREE, project())
    assert [(f.severity, f.table) for f in found(inline, "C108")] == [(WARNING, "unit_performance")]
    assert [(f.severity, f.table) for f in found(inline, "C104")] == [(ERROR, "procurement")]


def test_c109_empty_note_over_amounts():
    inline = Inline(THREE + "注：本单位无“三公”经费预算，故本表为空表。\n")
    [f] = found(inline, "C109")
    assert where(f) == ("C109", ERROR, "three_public", "total", "total", inline.line("3.50|"))
    assert f.actual == "3.50"


def test_c109_clean():
    assert found(Inline(THREE, GOVFUND), "C109") == []  # an empty table may say so


def test_c110_blank_form_is_said_once():
    inline = Inline(sub(THREE, "3.50||3.00||3.00|0.50", "||||||"), GOVFUND)
    [f] = found(inline, "C110")
    assert where(f)[:2] == ("C110", WARNING)
    assert found(inline, "C102") == []  # not once per table


def test_c110_clean():
    assert found(Inline(THREE, GOVFUND), "C110") == []
    assert [f.table for f in found(Inline(THREE, GOVFUND.replace("本单位无政府性基金收支，故此表无数据。", "")), "C102")] \
        == ["gov_fund_expenditure"]


def test_c108_clean():
    assert found(Inline(THREE, PROCUREMENT, unit_performance(), project()), "C108") == []
    assert found(Inline(THREE), "C108") == []  # no region known: nothing to require


# --------------------------------------------------------------------------- K: catalog


def test_r012_a_table_whose_identities_mostly_fail_was_misread():
    # every row's 小计 printed where 基本支出 should be (a text whose cells came out of order):
    # one R012, and none of the table's A errors
    shifted = """
        某单位一般公共预算财政拨款支出预算表
        单位：万元
        科目编码|科目名称|小计|基本支出|项目支出
        |合计|70.00|100.00|30.00
        208|社会保障和就业支出|50.00|80.00|30.00
        20801|人力资源和社会保障管理事务|50.00|80.00|30.00
        2080101|行政运行|50.00|50.00|
        210|卫生健康支出|20.00|20.00|
    """
    report = check(Inline(shifted).doc)
    [f] = [f for f in report.findings if f.code == "R012"]
    assert (f.severity, f.table) == (WARNING, "general_expenditure")
    assert not [f for f in report.findings if f.code.startswith("A") and f.severity is ERROR]
    assert report.skipped["A101"] == 3


def test_r012_clean_one_wrong_number_is_an_error_not_a_misreading():
    inline = Inline(sub(GENERAL, "21011|行政事业单位医疗|20.00|20.00|", "21011|行政事业单位医疗|25.00|25.00|"))
    codes = {f.code for f in check(inline.doc).findings}
    assert "A102" in codes and "R012" not in codes


def test_k105_well_formed_code_the_catalog_lacks_is_info():
    # 2080198 sits under a printed 20801: yusuan's catalog is not the whole national one, so it is
    # never said not to exist
    inline = Inline(sub(GENERAL, "2080199|其他人力", "2080198|其他人力"))
    assert found(inline, "K101") == []
    [f] = found(inline, "K105")
    assert where(f) == ("K105", INFO, "general_expenditure", "2080198", None, inline.line("2080198|"))


def test_k105_economic_code():
    inline = Inline(sub(BASIC, "30201|办公费", "30298|办公费"))
    assert found(inline, "K101") == []
    [f] = found(inline, "K105")
    assert where(f) == ("K105", INFO, "basic_expenditure", "30298", None, inline.line("30298|"))


def test_k101_no_such_class():
    inline = Inline(sub(GENERAL, "2080199|其他人力", "2990199|其他人力"))
    [f] = found(inline, "K101")
    assert where(f) == ("K101", ERROR, "general_expenditure", "2990199", None, inline.line("2990199|"))
    assert "没有 299 这个类" in f.message


def test_k101_economic_code_of_no_class():
    inline = Inline(sub(BASIC, "30201|办公费", "30801|办公费"))
    [f] = found(inline, "K101")
    assert where(f) == ("K101", ERROR, "basic_expenditure", "30801", None, inline.line("30801|"))


def test_k106_short_code_is_read_padded_and_said():
    # 301 | 2: a 款 printed without its leading zero, read as 30102 (not as code 3012)
    inline = Inline("""
        某单位一般公共预算基本支出部门预算经济分类预算表
        编制部门：某单位|||||单位：元
        部门预算经济分类科目编码||经济分类科目名称|合计|人员经费|公用经费
        类|款||||
        301||工资福利支出|600,000|600,000|0
        301|1|基本工资|400,000|400,000|0
        301|10|职工基本医疗保险缴费|200,000|200,000|0
        合计|||600,000|600,000|0
    """)
    [f] = found(inline, "K106")
    assert where(f) == ("K106", WARNING, "basic_expenditure", "30101", None, inline.line("301|1|"))
    assert (f.expected, f.actual) == ("30101", "301 1")
    assert inline.doc.table("basic_expenditure").row("30101").value("total") == D("400000")
    assert found(inline, "K101") == [] and found(inline, "A102") == []


def test_k106_clean():
    assert found(Inline(BASIC), "K106") == []


def test_k101_clean():
    assert found(Inline(*COMPLETE), "K101") == []


def test_k102_known_misprint_is_an_error():
    # 000 附件4-2: 保障 printed 保险
    inline = Inline(sub(GENERAL, "20801|人力资源和社会保障管理事务", "20801|人力资源和社会保险管理事务"))
    [f] = found(inline, "K102")
    assert where(f) == ("K102", ERROR, "general_expenditure", "20801", None, inline.line("20801|"))
    assert (f.expected, f.actual) == ("人力资源和社会保障管理事务", "人力资源和社会保险管理事务")


def test_k102_other_name_is_a_warning():
    inline = Inline(sub(GENERAL, "2080101|行政运行", "2080101|行政运转"))
    [f] = found(inline, "K102")
    assert where(f) == ("K102", WARNING, "general_expenditure", "2080101", None, inline.line("2080101|"))
    assert (f.expected, f.actual) == ("行政运行", "行政运转")


def test_k102_clean():
    assert found(Inline(*COMPLETE), "K102") == []


def test_k102_a_templates_placeholder_row_is_not_part_of_a_name():
    # 上海 templates print “… | …” rows below the example rows: not the rest of a wrapped name
    inline = Inline(sub(GENERAL, "2080101|行政运行|50.00|50.00|\n", "2080101|行政运行|50.00|50.00|\n…|…|||\n"))
    assert found(inline, "K102") == []
    rows = [r for t in inline.doc.tables for r in t.rows if r.code == "2080101"]
    assert rows and all(r.name == "行政运行" for r in rows)


@pytest.mark.parametrize("unit, judged", [("上海市普陀区某某局", False), ("重庆市某某局", True)])
def test_k102_economic_names_of_a_region_that_numbers_them_its_own_way(unit, judged):
    # a 2024 普陀 单位预算 prints 302 02 咨询费: Shanghai numbers the economic 款 its own way
    basic = sub(sub(BASIC, "30201|办公费", "30202|咨询费"), "某单位一般公共预算财政拨款基本支出预算表",
                f"某单位一般公共预算财政拨款基本支出预算表\n编制单位：{unit}")
    got = [(f.severity, f.row, f.expected) for f in found(Inline(basic), "K102")]
    assert got == ([(WARNING, "30202", "印刷费")] if judged else [])


def test_k103_stale_class_name():
    inline = Inline(sub(FISCAL, "卫生健康支出", "医疗卫生与计划生育支出"))
    [f] = found(inline, "K103")
    assert where(f) == ("K103", WARNING, "fiscal_summary", "210", None, inline.line("医疗卫生与计划生育支出"))
    assert (f.expected, f.actual) == ("卫生健康支出", "医疗卫生与计划生育支出")


def test_k103_clean():
    assert found(Inline(FISCAL, SUMMARY), "K103") == []


def test_k103_only_names_given_up_before_the_year(monkeypatch):
    # a 2016 package: 社会保障和就业支出 is that year's name; the catalog dates 金融支出 from 2018 only,
    # which does not make it a stale name (K103 once said “这是 None 年以前的类名”)
    monkeypatch.setitem(globals(), "HEAD", "某单位2016年部门预算\n")
    inline = Inline(sub(FISCAL, "卫生健康支出", "金融支出"))
    assert inline.doc.year == 2016
    assert found(inline, "K103") == []
    stale = Inline(sub(FISCAL, "卫生健康支出", "医疗卫生与计划生育支出"))
    assert found(stale, "K103") == []  # its name in 2016


HENAN_BASIC = """
2024 年一般公共预算基本支出表
单位名称：某中心
单位：万元
部门预算支出经济分类科目||政府预算支出经济分类科目编码||本年一般公共预算基本支出||
科目编码|科目名称|科目编码|科目名称|合计|人员经费|公用经费
合计||||60.00|50.00|10.00
30101|基本工资|{gov}|工资奖金津补贴|50.00|50.00|
30201|办公费|50201|办公经费|10.00||10.00
"""


def test_k104_mapping_not_in_the_correspondence_table():
    inline = Inline(HENAN_BASIC.format(gov="50201"))
    [f] = found(inline, "K104")
    assert where(f) == ("K104", WARNING, "basic_expenditure", "30101", None, inline.line("30101|"))
    assert (f.expected, f.actual) == ("50101/50501", "50201")


def test_k104_administrative_and_institutional_codes_mixed():
    inline = Inline(HENAN_BASIC.format(gov="50501"))
    [f] = found(inline, "K104")
    assert (f.severity, f.table, f.row, f.actual) == (WARNING, "basic_expenditure", None, "502、505")


def test_k104_one_code_two_mappings():
    inline = Inline(HENAN_BASIC.format(gov="50101") + "30201|办公费|50502|商品和服务支出|1.00||1.00\n")
    rows = {(f.row, f.actual) for f in found(inline, "K104")}
    assert ("30201", "50201、50502") in rows


def test_k104_clean():
    assert found(Inline(HENAN_BASIC.format(gov="50101")), "K104") == []


# --------------------------------------------------------------------------- P: performance targets


def indicator_line(inline: Inline, name: str) -> int:
    return inline.line(f"|{name}|")


def test_p101_weights_not_100():
    # 001 社会保险基金稽核监管专项: 20 + 20 + 10 + 20 + 20 = 90
    inline = Inline(project(replace={4: "|满意度指标|服务对象满意度指标|服务对象满意度|≥|90|%|10"}))
    [f] = found(inline, "P101")
    assert (f.code, f.severity, f.row, f.column, f.source.line) == (
        "P101", ERROR, PROJECT_CODE, "weight", inline.line("项目名称|"))
    assert nums(f) == (D("100"), D("90"))


def test_p101_unit_performance_weights():
    text = unit_performance().replace("|满意度指标|服务对象满意度指标|服务对象满意率|≥|95|%|20||",
                                      "|满意度指标|服务对象满意度指标|服务对象满意率|≥|95|%|30||")
    inline = Inline(text)
    [f] = found(inline, "P101")
    assert (f.severity, f.row, nums(f)) == (ERROR, None, (D("100"), D("110")))


def test_p101_clean():
    assert found(Inline(project(), unit_performance()), "P101") == []


def test_p102_qualitative_with_a_unit():
    inline = Inline(project(replace={1: "||时效指标|发放及时性|定性|及时|天|20"}))
    [f] = found(inline, "P102")
    assert (f.severity, f.row, f.column, f.source.line) == (WARNING, PROJECT_CODE, "unit", indicator_line(inline, "发放及时性"))


def test_p102_clean():
    assert found(Inline(project()), "P102") == []


def test_p103_count_in_percent():
    # 000: “每年发放次数 = 12 %”
    inline = Inline(project(replace={1: "||数量指标|每年发放次数|=|12|%|20"}))
    [f] = found(inline, "P103")
    assert (f.severity, f.row, f.column, f.actual, f.source.line) == (
        WARNING, PROJECT_CODE, "unit", "%", indicator_line(inline, "每年发放次数"))


def test_p103_clean():
    assert found(Inline(project(replace={1: "||数量指标|每年发放次数|=|12|次|20"})), "P103") == []


def test_p104_execution_rate_as_output():
    inline = Inline(project(replace={1: "||数量指标|预算执行率|=|100|%|20"}))
    [f] = found(inline, "P104")
    assert (f.severity, f.row, f.source.line) == (WARNING, PROJECT_CODE, indicator_line(inline, "预算执行率"))


def test_p104_clean():
    assert found(Inline(project()), "P104") == []


def test_p105_quantity_with_upper_bound():
    # 003 83166: “每月发放补贴人数 ≤ 134 人”
    inline = Inline(project(replace={0: "|产出指标|数量指标|每月发放人数|≤|10|人|20"}))
    [f] = found(inline, "P105")
    assert (f.severity, f.row, f.column, f.actual, f.source.line) == (
        WARNING, PROJECT_CODE, "operator", "≤", indicator_line(inline, "每月发放人数"))


def test_p105_cost_with_lower_bound():
    # 002 退捕渔民: “人均年补贴费用 ≥ 2800 元/人年”
    inline = Inline(project(replace={1: "|成本指标|经济成本指标|人均年补贴费用|≥|2800|元/人年|20"}))
    [f] = found(inline, "P105")
    assert (f.severity, f.actual, f.source.line) == (WARNING, "≥", indicator_line(inline, "人均年补贴费用"))


def test_p105_clean():
    assert found(Inline(project(replace={1: "|成本指标|经济成本指标|人均年补贴费用|≤|2800|元/人年|20"})), "P105") == []


def test_p106_project_without_target_and_indicators():
    # 002: two projects with an empty 当年绩效目标 and no indicator
    inline = Inline(project(goal="", indicators=()))
    [f] = found(inline, "P106")
    assert where(f) == ("P106", ERROR, "project_performance", PROJECT_CODE, None, inline.line("项目名称|"))
    assert "没有绩效目标和绩效指标" in f.message


def test_p106_project_without_target():
    [f] = found(Inline(project(goal="")), "P106")
    assert (f.severity, f.row) == (ERROR, PROJECT_CODE)
    assert f.message.endswith("没有绩效目标")


def test_p106_clean():
    assert found(Inline(project()), "P106") == []


def test_p107_money_target_far_below_budget():
    # 000 军转干: budget 1,000.30, “代发补助资金 ≥ 400 万元”
    inline = Inline(project(replace={1: "||数量指标|代发补助资金|≥|20|万元|20"}))
    [f] = found(inline, "P107")
    assert (f.severity, f.row, f.source.line) == (WARNING, PROJECT_CODE, indicator_line(inline, "代发补助资金"))
    assert nums(f) == (D("30.00"), D("20"))


def test_p107_clean():
    assert found(Inline(project(replace={1: "||数量指标|代发补助资金|≥|30|万元|20"})), "P107") == []


def test_p108_text_needs_other_money_than_the_budget():
    # 001 市属国有企业退休人员社会化管理补助专项: 193.39 vs “预计2023年需列支专项经费200万元”
    inline = Inline(project(overview="预计需列支专项经费40万元。"))
    [f] = found(inline, "P108")
    assert where(f) == ("P108", ERROR, "project_performance", PROJECT_CODE, "total", inline.line("项目概况|"))
    assert nums(f) == (D("30.00"), D("40"))


def test_p108_text_rounded_to_whole_wan_is_a_warning():
    # 001 乡镇人才队伍工资津贴: 405.80 vs “共需资金405万元”
    [f] = found(Inline(project(amount="30.50", own="30.50", overview="共需资金30万元。")), "P108")
    assert (f.severity, nums(f)) == (WARNING, (D("30.50"), D("30")))


def test_p108_clean():
    assert found(Inline(project(overview="共需资金30.00万元。")), "P108") == []


def test_p109_duplicate_indicator():
    inline = Inline(project(replace={1: "||质量指标|每月发放人数|≥|10|人|20"}))
    [f] = found(inline, "P109")
    assert (f.severity, f.row, f.source.line) == (WARNING, PROJECT_CODE, inline.line("|质量指标|每月发放人数|"))


def test_p109_clean():
    assert found(Inline(project(), unit_performance()), "P109") == []


def test_p110_stale_year_in_an_indicator():
    # 001 职称评审专项: “2022年完成” in a 2023 budget
    inline = Inline(project(replace={1: "||时效指标|2023年完成|=|100|%|20"}))
    [f] = found(inline, "P110")
    assert (f.severity, f.row, f.source.line) == (WARNING, PROJECT_CODE, indicator_line(inline, "2023年完成"))


def test_p110_clean():
    assert found(Inline(project(replace={1: "||时效指标|2024年完成|=|100|%|20"})), "P110") == []


def test_p111_spending_as_benefit():
    # 000: “代发补助资金 ≥ X 万元” under 经济效益指标
    inline = Inline(project(replace={2: "|效益指标|经济效益指标|代发补助资金|≥|30|万元|20"}))
    [f] = found(inline, "P111")
    assert (f.severity, f.row, f.source.line) == (WARNING, PROJECT_CODE, indicator_line(inline, "代发补助资金"))


def test_p111_clean():
    assert found(Inline(project(replace={1: "||数量指标|代发补助资金|≥|30|万元|20"})), "P111") == []


def test_p112_rate_under_cost():
    # 002 整体: 政策知晓率 under 成本指标/社会成本指标
    inline = Inline(project(replace={1: "|成本指标|社会成本指标|政策知晓率|≥|90|%|20"}))
    [f] = found(inline, "P112")
    assert (f.severity, f.row, f.source.line) == (WARNING, PROJECT_CODE, indicator_line(inline, "政策知晓率"))


def test_p112_rate_under_quantity():
    inline = Inline(project(replace={1: "||数量指标|提供公共服务差错率|≤|5|%|20"}))
    [f] = found(inline, "P112")
    assert (f.severity, f.source.line) == (WARNING, indicator_line(inline, "提供公共服务差错率"))


def test_p112_clean():
    assert found(Inline(project(replace={1: "||质量指标|提供公共服务差错率|≤|5|%|20"})), "P112") == []


def test_p117_value_without_target():
    # a Shanghai 填报表: 完工及时率 → “及时率”, 居民满意度 → “满意度”
    inline = Inline(project(replace={1: "||质量指标|完工及时率||及时率||20"}))
    [f] = found(inline, "P117")
    assert (f.severity, f.row, f.actual, f.source.line) == (WARNING, PROJECT_CODE, "及时率",
                                                             indicator_line(inline, "完工及时率"))


def test_p117_clean():
    assert found(Inline(project(replace={1: "||质量指标|完工及时率|≥|95|%|20"})), "P117") == []
    assert found(Inline(project(replace={1: "||成本指标|预算内经费|定性|合规||20"})), "P117") == []


def test_p113_count_in_text_differs_from_indicator():
    # 001 高技能人才培训补贴及专家工作专项: text 80 人, indicator 正高级专家体检 = 107 人
    inline = Inline(project(overview="为正高级职称专业技术人员健康体检80人，每人1000元。",
                            replace={1: "||数量指标|正高级专家体检|=|107|人|20"}))
    [f] = found(inline, "P113")
    assert (f.severity, f.row, f.source.line) == (WARNING, PROJECT_CODE, indicator_line(inline, "正高级专家体检"))
    assert nums(f) == (D("80"), D("107"))


def test_p113_clean():
    inline = Inline(project(overview="为正高级职称专业技术人员健康体检107人，每人1000元。",
                            replace={1: "||数量指标|正高级专家体检|=|107|人|20"}))
    assert found(inline, "P113") == []


# --------------------------------------------------------------------------- R: reading problems


def test_r002_lost_value():
    inline = Inline(sub(BASIC, "301|工资福利支出|60.00|60.00|", "301|工资福利支出|#####|60.00|"))
    [f] = found(inline, "R002")
    assert where(f) == ("R002", WARNING, "basic_expenditure", "301", "total", inline.line("#####"))


def test_lost_value_is_not_checked_as_a_blank():
    # “#####” is an unknown value (R002), not zero: no identity can be judged on it
    inline = Inline(sub(BASIC, "301|工资福利支出|60.00|60.00|", "301|工资福利支出|#####|60.00|"))
    on_lost = [str(f) for f in check(inline.doc, select=["A", "X"]).findings if (f.row, f.column) == ("301", "total")]
    assert on_lost == []


def test_r002_clean():
    assert found(Inline(BASIC), "R002") == []


def test_r004_value_whose_column_cannot_be_told():
    doc = read_text(HEAD + "\n某单位一般公共预算财政拨款支出预算表\n单位：万元\n科目编码 科目名称 小计 基本支出 项目支出\n"
                    "210 卫生健康支出 33.20 33.20\n", "inline.txt")
    [f] = [f for f in check(doc, select=["R004"]).findings]
    assert (f.code, f.severity, f.table, f.row, f.source.line) == ("R004", WARNING, "general_expenditure", "210", 6)


def test_r004_clean():
    # the same PDF text with the 款 row: 20801 = Σ its 项 places every value
    doc = read_text(HEAD + "\n某单位一般公共预算财政拨款支出预算表\n单位：万元\n科目编码 科目名称 小计 基本支出 项目支出\n"
                    "208 社会保障和就业支出 100.00 60.00 40.00\n20801 人力资源和社会保障管理事务 100.00 60.00 40.00\n"
                    "2080101 行政运行 60.00 60.00\n2080199 其他人力资源和社会保障管理事务支出 40.00 40.00\n", "inline.txt")
    assert check(doc, select=["R004"]).findings == ()
    assert doc.table("general_expenditure").row("2080199").value("project") == D("40.00")
    assert check(Inline(GENERAL).doc, select=["R"]).findings == ()


def test_r005_text_in_a_number_cell():
    inline = Inline(sub(GENERAL, "2080199|其他人力资源和社会保障管理事务支出|30.00||30.00",
                        "2080199|其他人力资源和社会保障管理事务支出|30.00||待定"))
    [f] = found(inline, "R005")
    assert where(f) == ("R005", WARNING, "general_expenditure", "2080199", "project", inline.line("待定"))


def test_r005_clean():
    assert found(Inline(GENERAL), "R005") == []


def test_r007_more_values_than_columns():
    doc = read_text(HEAD + "\n某单位一般公共预算财政拨款支出预算表\n单位：万元\n科目编码 科目名称 小计 基本支出 项目支出\n"
                    "208 社会保障和就业支出 100.00 60.00 40.00\n2080101 行政运行 60.00 60.00 0.00 1.00\n", "inline.txt")
    [f] = check(doc, select=["R007"]).findings
    assert (f.code, f.severity, f.source.line) == ("R007", WARNING, 7)


def test_r007_clean():
    assert found(Inline(*COMPLETE), "R007") == []


def test_reading_findings_pass_through_check_unchanged():
    inline = Inline(sub(BASIC, "301|工资福利支出|60.00|60.00|", "301|工资福利支出|#####|60.00|"))
    assert [f for f in inline.doc.findings] == [f for f in check(inline.doc, select=["R"]).findings]


def test_three_public_with_a_labelled_prior_year_row_is_read():
    # 003 prints a 2023 block beside 2024; a labelled row after the unlabelled one must not crash the reader
    inline = Inline("""
        某单位一般公共预算“三公”经费支出预算表
        单位：万元
        合计|因公出国（境）费|公务用车购置及运行费|||公务接待费
        ||小计|公务用车购置费|公务用车运行费|
        3.50||3.00||3.00|0.50
        2023年预算数|3.00||3.00||3.00|
    """)
    assert inline.doc.table("three_public").row("total").value("total") == D("3.50")


# --------------------------------------------------------------------------- every rule has its tests

TESTED = {
    "A101", "A102", "A103", "A104", "A105", "A106", "A107", "A108", "A109", "A110", "A111",
    "X101", "X102", "X103", "X104", "X105", "X106", "X107", "X108", "X109", "X112", "X113", "X115", "X120",
    "N101", "N102", "N103", "N104", "N105", "N106", "N107", "N108", "N130",
    "C101", "C102", "C103", "C104", "C105", "C106", "C107", "C108", "C109", "C110",
    "K101", "K102", "K103", "K104", "K105", "K106",
    "P101", "P102", "P103", "P104", "P105", "P106", "P107", "P108", "P109", "P110", "P111", "P112", "P113", "P117",
    "R002", "R004", "R005", "R007", "R012",
}
NOT_INLINE = {"R001": "an unreadable file: test_check_cli exit code 2",
              "R003": "an unrecognised table (kept whole as unknown): tests/test_templates.py",
              "R008": "hidden rows, columns or sheets exist in workbooks only, not in a text document",
              "R011": "cells and merged ranges beyond a worksheet's reading limits: tests/test_hostile.py",
              "A112": "决算 identities: tests/test_final_accounts.py", "A113": "tests/test_final_accounts.py",
              "A114": "tests/test_final_accounts.py", "A117": "tests/test_layouts.py", "A116": "tests/test_final_accounts.py", "X130": "tests/test_final_accounts.py", "R009": "tables recognised by content: tests/test_templates.py",
              "R010": "tests/test_templates.py", "A115": "tables by unit: tests/test_units.py",
              "R013": "a rule that raises: tests/test_rule_codes.py",
              **{f"E1{i:02d}": "the entries of a prepared package: tests/test_prepare.py" for i in range(1, 11)},
              "X116": "a 部门 package's unit sets: tests/test_units.py",
              **{c: "a project's own text: tests/test_rules_project_text.py" for c in ("P114", "P115", "P116")},
              **{f"N11{i}": "决算 narrative: tests/test_final_narrative.py" for i in range(8)},
              **{f"N1{i}": "the narrative against itself: tests/test_rules_prose.py" for i in range(18, 30)}}


def test_every_registered_rule_is_tested_here():
    assert {r.code for r in REGISTRY} - TESTED - set(NOT_INLINE) == set()
    assert TESTED | set(NOT_INLINE) <= set(BY_CODE)


def test_messages_name_columns_in_chinese():
    # the reports speak Chinese: a column is 基本支出, 项目支出, 上年预算数, never ``basic`` or 上年上年…
    prior = """
    某单位一般公共预算财政拨款支出预算表
    单位：万元
    功能分类科目||2023年预算数|2024年预算数||
    科目编码|科目名称|小计|小计|基本支出|项目支出
    |合计|91.00|100.00|70.00|30.00
    208|社会保障和就业支出|72.00|80.00|50.00|30.00
    20801|人力资源和社会保障管理事务|72.00|80.00|50.00|30.00
    2080101|行政运行|72.00|50.00|50.00|
    2080199|其他人力资源和社会保障管理事务支出||30.00||待定
    210|卫生健康支出|18.00|20.00|20.00|
    21011|行政事业单位医疗|18.00|20.00|20.00|
    2101101|行政单位医疗|18.00|20.00|20.00|
    """
    inline = Inline(prior, sub(EXPENDITURE, "2080101|行政运行|50.00|50.00|", "2080101|行政运行|40.00|40.00|"),
                    sub(BASIC, "301|工资福利支出|60.00|60.00|", "301|工资福利支出|#####|60.00|"))
    messages = [f"{f.code}: {f.message}" for f in check(inline.doc, select=["A103", "X107", "R"]).findings]
    assert {m[:4] for m in messages} == {"A103", "X107", "R002", "R005"}
    bad = re.compile(r"(?<![A-Za-z_.])(total|basic|project|personnel|public|prior_year)(?![A-Za-z_])|上年上年")
    assert [m for m in messages if bad.search(m)] == []


def test_a109_without_a_current_spending_row_sums_the_classes():
    """A 财政拨款收支总表 printed without 本年支出合计: the classes are this year's spending (no
    false A109), and a class that does not add up is still caught."""
    def doc(amount: str):
        return read_text("某单位2026年单位预算\n表一\n某单位财政拨款收支总表\n单位：万元\n"
                         "收入\t\t支出\t\t\t\t\n项目\t预算数\t项目\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算\n"
                         "一般公共预算资金\t100.00\t社会保障和就业支出\t60.00\t60.00\t\t\n"
                         f"\t\t卫生健康支出\t{amount}\t{amount}\t\t\n", "a109.txt")
    assert "A109" not in check(doc("40.00"), select=["A109"]).codes()
    found = check(doc("30.00"), select=["A109"]).findings
    assert [(f.code, f.column, f.expected, f.actual) for f in found] == [("A109", "general_budget", "90.00", "100.00")]


# --------------------------------------------------------------------------- N108: a 类's share (issue 7)

def test_n108_class_share_of_the_general_budget():
    # 004 五: “社会保障和就业（类）支出 11,144.72 万元，占 97.45%”: the 一般公共预算 part reads 一般公共预算支出表
    inline = Inline(narrative("五、一般公共预算支出情况说明", "2024年一般公共预算支出100.00万元。",
                              "主要用于：社会保障和就业（类）支出80.00万元，占80.00%；卫生健康（类）支出20.00万元，占25.00%。"),
                    GENERAL, EXPENDITURE)
    [f] = found(inline, "N108")
    assert where(f) == ("N108", ERROR, "general_expenditure", "210", "total", inline.line("占25.00%"))
    assert nums(f) == (D("20.00"), D("25.00"))
    assert found(Inline(*COMPLETE), "N103") == [] and found(inline, "N103") == []  # a 类's share is N108's only


def test_n108_share_named_in_the_sentence():
    said = "二、收支总体情况\n社会保障和就业支出占本年支出的{}%。"
    assert found(Inline(said.format("80.00"), EXPENDITURE), "N108") == []
    [f] = found(Inline(said.format("8.00"), EXPENDITURE), "N108")
    assert (f.table, f.row, nums(f)) == ("expenditure", "208", (D("80.00"), D("8.00")))
    [f] = found(Inline("二、收支总体情况\n卫生健康支出占财政拨款支出的25.00%。", FISCAL, EXPENDITURE), "N108")
    assert (f.severity, f.table, f.row) == (ERROR, "fiscal_summary", "210")


def test_n108_tail():
    # 20.00 ÷ 100.00 lies in [19.994, 20.006]; 20.01 ± 0.005 overlaps it
    inline = Inline(narrative("五、一般公共预算支出情况说明", "卫生健康支出(类)20.00万元，占20.01%。"), GENERAL)
    [f] = found(inline, "N108")
    assert (f.severity, nums(f)) == (INFO, (D("20.00"), D("20.01")))


def test_n108_clean():
    assert found(Inline(*COMPLETE), "N108") == []


def test_n101_class_with_a_half_width_level_mark():
    inline = Inline(narrative("五、一般公共预算支出情况说明", "卫生健康支出(类)25.00万元，占20.00%。"), GENERAL)
    [f] = found(inline, "N101")
    assert (f.severity, nums(f), f.source.line) == (ERROR, (D("20.00"), D("25.00")), inline.line("卫生健康支出(类)"))


GLOSSARY = """
三、名词解释
（一）财政拨款收入：是区级预算主管部门及所属预算单位本年度从本级财政部门取得的财政拨款。
（二）项目支出预算：是区级预算主管部门及所属预算单位在基本支出之外编制的年度支出计划，含市级财政转移支付安排的项目。
（三）“三公”经费：是与区级财政有经费领拨关系的部门及其下属预算单位使用区级财政拨款安排的因公出国（境）费、公务用车购置及运行费、公务接待费。
（四）上级补助收入：指从主管部门和上级单位取得的非财政补助收入。
"""


def levelled(unit: str, glossary: str = GLOSSARY) -> Inline:
    """A package of ``unit`` (its name on the 收支总表) with a 名词解释."""
    return Inline(NARRATIVE, glossary, sub(SUMMARY, "某单位部门收支总表", f"某单位部门收支总表\n编制单位：{unit}"))


def test_n130_a_district_units_glossary_copied_from_the_citys_template():
    # 上海市普陀区…万里街道办事处 2024: 财政拨款收入, 项目支出 and “三公” defined with 市级 (its 2023 package: 区级)
    inline = levelled("上海市普陀区某某街道办事处", GLOSSARY.replace("区级", "市级"))
    assert inline.doc.unit.name == "上海市普陀区某某街道办事处"
    [f] = found(inline, "N130")
    assert (f.severity, f.source.line, f.expected, f.actual) == (WARNING, inline.line("（一）财政拨款收入"), "区级", "市级")
    assert "“财政拨款收入：是市级预算主管部门……”等 3 处（财政拨款收入、项目支出预算、“三公”经费）" in f.message
    assert "属普陀区，是区县级单位" in f.message


def test_n130_a_city_unit_saying_district_and_a_statement_of_its_income():
    text = GLOSSARY + "四、收入预算情况说明\n2024年区级财政拨款收入100.00万元。\n"
    [f] = found(levelled("上海市某某局", text), "N130")
    assert (f.expected, f.actual) == ("市级", "区级") and "等 4 处" in f.message


def test_n130_clean_on_its_own_level_and_on_transfers_from_above():
    # 区级 for a 区's unit; 市级财政转移支付 and 上级补助收入 are money from above, not its own level
    assert found(levelled("上海市普陀区某某街道办事处"), "N130") == []
    assert found(levelled("中共上海市普陀区委某某部"), "N130") == []
    assert found(levelled("新乡市某某中心", GLOSSARY.replace("区级", "市级")), "N130") == []
    assert found(levelled("上海市某某局", GLOSSARY.replace("区级", "本级")), "N130") == []
    # a county-level city named after its county names its own funds 市级; its 县级 is right too
    assert found(levelled("河南省辉县市某某局", GLOSSARY.replace("区级", "市级")), "N130") == []
    assert found(levelled("河南省辉县市某某局", GLOSSARY.replace("区级", "县级")), "N130") == []
    [f] = found(levelled("河南省新乡县市场监督管理局", GLOSSARY.replace("区级", "市级")), "N130")
    assert (f.expected, f.actual) == ("县级", "市级")


def test_n130_clean_when_the_units_level_is_unknown():
    # no division in its name, or a zone whose level varies
    for unit in ("某某街道办事处", "平潭综合实验区某某中心", "上海市浦东新区某某局"):
        inline = levelled(unit, GLOSSARY.replace("区级", "市级"))
        assert inline.doc.unit.name == unit
        assert found(inline, "N130") == []


def test_c106_budget_still_asks_for_targets():
    # a budget sets 绩效目标; 绩效自评 is what a 决算 reports (tests/test_final_accounts.py)
    text = sub(NARRATIVE, "（三）绩效目标设置情况：2024年项目支出均实行了绩效目标管理。", "（三）绩效自评情况：已开展绩效自评。")
    got = [(f.severity, f.message) for f in found(Inline(text, *COMPLETE[1:]), "C106")]
    assert got == [(WARNING, "情况说明缺少“绩效目标设置”")]


def test_n108_seed_004_class_shares_are_read_and_hold(seed):
    # 004 五: 11,144.72 ÷ 11,436.06 = 97.452…%, 291.34 ÷ 11,436.06 = 2.547…% (checked by hand): no finding
    from yusuan.rules.base import Context
    from yusuan.rules.narrative import _class_share
    doc = seed("004")
    ctx = Context(doc)
    got = [(c.amount, s[0], s[1].kind, s[2], s[3]) for c in doc.claims if (s := _class_share(ctx, c))]
    assert got == [(D("97.45"), "208", "general_expenditure", D("11144.72"), D("11436.06")),
                   (D("2.55"), "210", "general_expenditure", D("291.34"), D("11436.06"))]
    assert check(doc, select=["N108"]).findings == ()
    assert all(not _class_share(Context(seed(n)), c) for n in ("000", "001", "002", "003") for c in seed(n).claims)
