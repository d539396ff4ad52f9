"""决算 情况说明: its claims named and coded (read/final_narrative.py) and checked against the 决算
tables (rules/final_narrative.py, N110–N117; N101, N102 and N108 of rules/narrative.py read the 决算 tables
too). The fixture (tests/fixtures/final_2024.txt, written by
make_final.py) states every number of its tables except the errors planted in make_final.PLANTED."""
from __future__ import annotations

import re
from decimal import Decimal as D
from pathlib import Path

import pytest

from yusuan.catalog.specs import said, said_under
from yusuan.read import read_text
from yusuan.read.final_narrative import _TOTALS
from yusuan.rules import check

FIXTURE = Path(__file__).parent / "fixtures" / "final_2024.txt"
TEXT = FIXTURE.read_text(encoding="utf-8")
TABLES = TEXT[TEXT.index("\n\n公开01表"):]


@pytest.fixture(scope="module")
def doc():
    return read_text(TEXT, "final_2024.txt")


def _claim(doc, code, subject):
    return next(c for c in doc.claims if c.code == code and c.subject == subject)


def _found(narrative: str, tables: str = TABLES) -> set[tuple]:
    text = "示范县就业服务中心2024年度部门决算\n第二部分 2024年度部门决算情况说明\n" + narrative + tables
    return {(f.code, f.severity.value, f.source.line) for f in check(read_text(text, "n.txt"), select=("N",)).findings}


# --- reading ----------------------------------------------------------------------------------------
def test_item_claims_carry_their_codes(doc):
    assert _claim(doc, "2080101", "年初预算数").amount == D("300.00")
    assert _claim(doc, "2080101", "决算数").amount == D("312.45")
    assert _claim(doc, "2080101", "完成年初预算").amount == D("104.51")  # planted
    assert _claim(doc, "2080505", "决算数").amount == D("38.16")  # 行政运行 and the others by their names
    items = {c.code for c in doc.claims if c.code and c.code.isdigit()}
    assert items == {"2080101", "2080102", "2080505", "2080506", "2101101", "2210201"}
    assert _claim(doc, "total", "完成全年预算").amount == D("98.73")


def test_totals_are_named(doc):
    said = {c.subject: c.amount for c in doc.claims if c.code is None and c.unit == "万元" and c.kind == "amount"}
    assert said["收入总计"] == D("499.99") and said["支出总计"] == D("499.99")
    assert said["财政拨款收入支出总计"] == D("493.99") and said["一般公共预算财政拨款支出"] == D("492.99")
    assert said["人员经费"] == D("344.38") and said["公用经费"] == D("62.41")


def test_three_public_amounts_and_counts(doc):
    assert _claim(doc, "three_public.total", "决算数").amount == D("4.36")
    assert _claim(doc, "three_public.vehicle_operation", "预算数").amount == D("4.00")
    assert _claim(doc, "three_public.reception", "完成预算").amount == D("86.00")
    counts = {c.code: (c.amount, c.unit) for c in doc.claims if c.kind == "count" and c.code}
    assert counts["vehicle_purchase_count"] == (D(1), "辆") and counts["vehicle_stock"] == (D(1), "辆")
    assert counts["abroad_groups"] == (D(0), "个") and counts["abroad_people"] == (D(0), "人次")
    assert counts["reception_batches"] == (D(12), "批次") and counts["reception_people"] == (D(86), "人次")
    people = next(c for c in doc.claims if c.code == "reception_people")
    assert people.source.line == TEXT.splitlines().index(next(ln for ln in TEXT.splitlines() if "86人次" in ln)) + 1


def test_procurement_and_self_evaluation(doc):
    got = {c.code: c.amount for c in doc.claims if c.code and c.code.startswith(("procurement.", "self_evaluation."))}
    assert got == {"procurement.total": D("8.00"), "procurement.goods": D("5.00"), "procurement.works": D("0"),
                   "procurement.services": D("2.50"), "procurement.sme": D("6.00"), "procurement.sme_share": D("80"),
                   "procurement.small": D("6.00"), "self_evaluation.projects": D(2),
                   "self_evaluation.funds": D("91.20")}


def test_budget_documents_get_no_codes(seed):
    assert seed("003").claims and all(c.code is None for c in seed("003").claims)


# --- checking: exactly the planted errors --------------------------------------------------------------
def _line(fragment: str) -> int:
    return next(i for i, ln in enumerate(TEXT.splitlines(), 1) if fragment in ln)


def test_check_finds_exactly_the_planted_errors(doc):
    found = {(f.code, f.severity.value, f.source.line, f.table, f.row, f.column) for f in check(doc).findings}
    assert found == {
        ("N110", "error", _line("财政拨款支出492.90"), "final_fiscal_summary", "out.current", "total"),
        ("N112", "error", _line("104.51%"), "final_general_expenditure", "2080101", "total"),
        ("N111", "error", _line("28.26"), "final_general_expenditure", "2210201", "total"),
        ("N113", "error", _line("0.68万元"), "final_three_public", "total", "final.reception"),
        ("N114", "error", _line("购置公务用车1辆"), "final_three_public", "total", "final.vehicle_purchase"),
        ("N115", "error", _line("政府采购支出总额8.00"), None, None, None),
        ("N116", "error", _line("占政府采购支出总额的80%"), None, None, None),
    }


def test_the_generator_plants_what_the_test_expects():
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_final", FIXTURE.with_name("make_final.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert len(module.PLANTED) == 7 and module.build() == TEXT


# --- one small document per rule ------------------------------------------------------------------------
def test_n110_totals():
    assert _found("一、收入支出决算总体情况\n2024年度收入总计499.99万元，支出总计499.90万元。\n") == {("N110", "error", 4)}
    assert _found("一、总体情况\n本年支出合计497.99万元，其中：基本支出406.79万元，项目支出91.20万元。\n") == set()


def test_n110_one_funds_appropriation_is_its_own_row_not_the_total():
    """“政府性基金预算财政拨款收入” is that fund's row of the 财政拨款收入支出决算总表, not 财政拨款收入 as a whole."""
    assert _found("一、财政拨款收入支出决算总体情况\n2024年度政府性基金预算财政拨款收入0.00万元，政府性基金预算财政拨款支出0.00万元，"
                  "国有资本经营预算财政拨款收入0.00万元。\n") == set()
    assert _found("一、财政拨款收入支出决算总体情况\n2024年度政府性基金预算财政拨款收入5.00万元。\n") == {("N110", "error", 4)}


def test_n110_basic_and_project_under_a_general_budget_heading():
    assert _found("一、一般公共预算财政拨款支出决算情况\n基本支出406.79万元，项目支出86.20万元。\n") == set()


def test_n111_item_amounts_printed_code_or_names():
    assert _found("一、具体情况\n2080102一般行政管理事务（项）：年初预算为80.00万元，支出决算为86.20万元。\n") == set()
    assert _found("一、具体情况\n卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）。年初预算为12.50万元，"
                  "支出决算为12.30万元。\n") == {("N111", "error", 4)}
    assert _found("一、具体情况\n2089999其他支出（项）：年初预算为1.00万元。\n") == {("N111", "warning", 4)}


def test_n112_rates_on_intervals():
    assert _found("一、具体情况\n行政运行（项）：年初预算为300.00万元，支出决算为312.45万元，完成年初预算的104.15%。\n") == set()
    # 86.20 ÷ 80.00 = 107.75: 107.7 (± 0.05) overlaps what the rounded amounts allow, a tail; 107.5 does not
    assert _found("一、具体情况\n一般行政管理事务（项）：年初预算为80.00万元，支出决算为86.20万元，完成年初预算的107.7%。\n") == \
        {("N112", "info", 4)}
    assert _found("一、具体情况\n一般行政管理事务（项）：年初预算为80.00万元，支出决算为86.20万元，完成年初预算的107.5%。\n") == \
        {("N112", "error", 4)}
    # a rate with no amounts stated is computed from the table (合计: 492.99 ÷ 499.34)
    assert _found("一、一般公共预算财政拨款支出决算情况\n一般公共预算财政拨款支出492.99万元，完成全年预算的98.73%。\n") == set()


def test_n113_three_public():
    assert _found("一、“三公”经费\n公务用车运行维护费预算为4.00万元，支出决算为3.05万元，完成预算的87.50%。\n") == \
        {("N113", "error", 4)}


def test_n114_counts():
    assert _found("一、“三公”经费\n全年因公出国（境）团组1个、3人次。\n") == {("N114", "error", 4)}
    assert _found("一、“三公”经费\n全年国内公务接待5批次、3人次。\n") == {("N114", "error", 4)}
    assert _found("一、“三公”经费\n截至年底公务用车保有量为0辆。\n") == {("N114", "warning", 4)}
    # the foreign guests are a part of the 公务接待 counts, not the counts (a 规划和自然资源局 决算)
    assert _found("一、“三公”经费\n国内公务接待2批次、26人次，其中：接待外宾0批次、0人次。\n") == set()


def test_n115_n116_procurement():
    assert _found("一、政府采购\n政府采购支出总额5.00万元，其中：政府采购货物支出5.00万元、政府采购工程支出0万元、"
                  "政府采购服务支出0万元。授予中小企业合同金额5.00万元，占政府采购支出总额的100%。\n") == set()
    assert _found("一、政府采购\n政府采购支出总额5.00万元，其中：政府采购货物支出4.00万元。\n") == {("N115", "error", 4)}
    assert _found("一、政府采购\n政府采购支出总额3.00万元。授予中小企业合同金额1.00万元，占政府采购支出总额的33.3%。\n") == \
        set()
    assert _found("一、政府采购\n政府采购支出总额3.00万元。授予中小企业合同金额1.00万元，占政府采购支出总额的34%。\n") == \
        {("N116", "info", 4)}  # 1.00 ÷ 3.00: 33.5–34.5 overlaps 33.1–33.6, a tail
    assert _found("一、政府采购\n政府采购支出总额3.00万元。授予中小企业合同金额1.00万元，占政府采购支出总额的35%。\n") == \
        {("N116", "error", 4)}


# --- N117: counts against the count columns of the “三公” table (final_2024_counts.txt) -------------------
COUNTS_TEXT = FIXTURE.with_name("final_2024_counts.txt").read_text(encoding="utf-8")
COUNT_TABLES = COUNTS_TEXT[COUNTS_TEXT.index("\n\n公开01表"):]


def test_the_counts_variant_is_written_by_the_generator():
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_final", FIXTURE.with_name("make_final.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build(counts=True) == COUNTS_TEXT and module.COUNTS_PLANTED == {"reception_batches": 15}


def test_n117_finds_the_planted_count_and_the_planted_purchase():
    found = check(read_text(COUNTS_TEXT, "final_2024_counts.txt")).findings
    n117 = {(f.code, f.severity.value, f.source.line, f.table, f.row, f.column, f.expected, f.actual)
            for f in found if f.code == "N117"}
    assert n117 == {
        ("N117", "error", _line("接待12批次"), "final_three_public", "total", "reception_batches", "15", "12"),
        ("N117", "error", _line("购置公务用车1辆"), "final_three_public", "total", "vehicle_purchase_count", "0", "1")}
    # the same narrative: the other planted errors, once each, and nothing from the count columns' arithmetic
    assert sorted(f.code for f in found) == ["N110", "N111", "N112", "N113", "N114", "N115", "N116", "N117", "N117"]


def test_n117_inline():
    assert _found("一、“三公”经费\n全年国内公务接待15批次、86人次。\n", COUNT_TABLES) == set()
    assert _found("一、“三公”经费\n截至年底公务用车保有量为2辆。\n", COUNT_TABLES) == {("N117", "error", 4)}
    # 团组 1 ≠ 0 and 人次 3 ≠ 0 (N117 twice), and an 出国 with no 出国费 (N114)
    assert _found("一、“三公”经费\n全年因公出国（境）团组1个、3人次。\n", COUNT_TABLES) == \
        {("N117", "error", 4), ("N114", "error", 4)}
    # a table without count columns: nothing to compare with (N114 still weighs the fees)
    assert _found("一、“三公”经费\n截至年底公务用车保有量为2辆。\n") == set()


# --- N108, N101, N102 on a 决算 --------------------------------------------------------------------------
GENERAL_HEAD = "三、一般公共预算财政拨款支出决算情况说明\n（一）结构情况\n"


def test_n108_class_shares_of_the_general_budget_table():
    # 452.07 ÷ 492.99 = 91.699…%, 28.62 ÷ 492.99 = 5.805…%: the 决算数 of the 一般公共预算财政拨款支出决算表
    assert _found(GENERAL_HEAD + "社会保障和就业支出（类）452.07万元，占91.70%；住房保障支出（类）28.62万元，占5.81%。\n") \
        == set()
    # 12.30 ÷ 492.99 = 2.4949…%: 2.50 (± 0.005) touches what the rounded amounts allow, a tail; 2.60 does not
    assert _found(GENERAL_HEAD + "卫生健康支出(类)12.30万元，占2.50%。\n") == {("N108", "info", 5)}
    text = "示范县就业服务中心2024年度部门决算\n" + GENERAL_HEAD + "卫生健康支出(类)12.30万元，占2.60%。\n" + TABLES
    [f] = check(read_text(text, "n.txt"), select=("N108",)).findings
    assert (f.severity.value, f.source.line, f.table, f.row, f.column, f.expected, f.actual) == \
        ("error", 4, "final_general_expenditure", "210", "total", "2.49", "2.60")


def test_n108_share_of_the_years_spending():
    # “占本年支出的”: the 支出决算表, 457.07 ÷ 497.99 = 91.78%
    assert _found("一、收入支出决算总体情况\n社会保障和就业支出占本年支出的91.78%。\n") == set()
    assert _found("一、收入支出决算总体情况\n社会保障和就业支出占本年支出的91.87%。\n") == {("N108", "error", 4)}


def test_n101_reads_the_final_tables():
    # a 类 in the 一般公共预算 part is the 一般公共预算财政拨款支出决算表's (452.07), elsewhere the whole year's (457.07)
    assert _found(GENERAL_HEAD + "社会保障和就业支出（类）452.07万元。\n") == set()
    assert _found("一、收入支出决算总体情况\n社会保障和就业支出（类）452.07万元。\n") == {("N101", "error", 4)}
    assert _found("一、收入支出决算总体情况\n卫生健康支出12.30万元，事业收入0万元。\n") == set()
    # an uncoded “三公” amount: the 决算数 block
    assert _found("一、“三公”经费\n“三公”经费支出4.63万元，公务接待费0.86万元。\n") == {("N101", "error", 4)}


def test_n101_leaves_the_coded_and_the_totals_to_n110_n111():
    found = _found("一、收入支出决算总体情况\n2024年度收入总计499.90万元。\n" + GENERAL_HEAD.replace("（一）结构情况\n", "")
                   + "住房保障支出（类）住房改革支出（款）住房公积金（项）：年初预算为28.00万元，支出决算为28.26万元。\n")
    assert found == {("N110", "error", 4), ("N111", "error", 6)}


def _with_prior_year(tables: str) -> str:
    """The 一般公共预算财政拨款支出决算表 with a 2023年决算数 column first (here: the 年初预算数 again)."""
    head = "科目编码\t科目名称\t年初预算数\t全年预算数\t决算数\t\t\t完成全年预算（%）"
    tables = tables.replace(head, "科目编码\t科目名称\t2023年决算数\t2024年年初预算数\t2024年全年预算数\t2024年决算数\t\t\t"
                                  "完成全年预算（%）")
    tables = tables.replace("\n\t\t\t\t合计\t基本支出\t项目支出\t\n", "\n\t\t\t\t\t合计\t基本支出\t项目支出\t\n")
    start, end = tables.index("一般公共预算财政拨款支出决算表\n"), tables.index("公开06表")
    part = re.sub(r"(?m)^(合计\t\t|\d{3,7}\t[^\t]+\t)([\d.,]+)\t", r"\1\2\t\2\t", tables[start:end])
    return tables[:start] + part.replace("栏次\t\t1", "栏次\t\t0\t1") + tables[end:]


def test_n102_change_against_a_prior_year_column():
    tables = _with_prior_year(TABLES)
    g = read_text("某单位2024年度部门决算\n" + tables, "p.txt").table("final_general_expenditure")
    assert g.columns == ("prior_year", "initial_budget", "full_year_budget", "total", "basic", "project", "rate")
    assert g.row("total").value("prior_year") == D("473.00") and g.row("total").value("total") == D("492.99")
    said = "三、一般公共预算财政拨款支出决算情况说明\n一般公共预算财政拨款支出492.99万元，比2023年增加{}万元。\n"
    assert _found(said.format("19.99"), tables) == set()
    assert _found(said.format("29.99"), tables) == {("N102", "error", 4)}


def test_n102_two_statements_of_one_change():
    assert _found("三、一般公共预算财政拨款支出决算情况说明\n一般公共预算财政拨款支出492.99万元，比上年增加10.00万元。\n"
                  "四、其他\n一般公共预算财政拨款支出比上年增加12.00万元。\n") == {("N102", "error", 6)}


def test_n112_a_rate_of_an_initial_budget_of_zero():
    # a unit founded during the year (社会工作部 2024): the 95.89% is of the 全年预算
    text = ("某部门2024年度部门决算\n一、一般公共预算财政拨款支出决算情况说明\n"
            "一般公共预算财政拨款支出年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%。\n"
            "一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
            "\t合计\t307.82\t105.58\t202.24\n")
    found = [(f.code, f.severity.value, f.expected) for f in check(read_text(text, "n112.txt"), select=["N112"]).findings]
    assert found == [("N112", "error", "完成全年预算")]
    assert check(read_text(text.replace("完成年初预算", "完成全年预算"), "n112.txt"), select=["N112"]).findings == ()
    # the table prints no budget columns: the stated budgets have nothing to be compared with (N111)
    assert check(read_text(text, "n112.txt"), select=["N111"]).findings == ()


def test_every_total_the_reader_names_is_a_cell_of_a_spec():
    assert {subject for _, subject in _TOTALS} <= set(said())
    assert said()["财政拨款支出"] == ("final_fiscal_summary", "out.current", "total")
    assert said_under("三、一般公共预算财政拨款支出决算情况说明", "项目支出") == ("final_general_expenditure", "total", "project")
    assert said_under("一、收入支出决算总体情况说明", "项目支出") is None


def test_a_class_name_with_a_bracket_of_its_own_stays_one_link():
    """“政府办公厅（室）及相关机构事务（款）”: the （室） belongs to the 款's name; the chain keeps its three links."""
    from yusuan.read.final_narrative import _chain
    chain = _chain("1.一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）")
    assert [(name, level) for _, name, level in chain] == [
        ("一般公共服务支出", 1), ("政府办公厅（室）及相关机构事务", 2), ("行政运行", 3)]
