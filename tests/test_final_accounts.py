"""决算 (final accounts): the nine tables of DOMAIN.md §6 read from a made-up package
(tests/fixtures/final_2024.txt, written by make_final.py and consistent by construction), and the
决算 identities (A112–A114) finding exactly the errors planted in it."""
from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from yusuan.ledger.facts import facts
from yusuan.model import UNREAD
from yusuan.read import read_text
from yusuan.rules import check
from yusuan.serialize import document_dict

FIXTURE = Path(__file__).parent / "fixtures" / "final_2024.txt"
TEXT = FIXTURE.read_text(encoding="utf-8")
NINE = ["final_summary", "final_revenue", "final_expenditure", "final_fiscal_summary", "final_general_expenditure",
        "final_basic_expenditure", "final_three_public", "final_gov_fund", "final_soe"]


@pytest.fixture(scope="module")
def doc():
    return read_text(TEXT, "final_2024.txt")


def _errors(text: str) -> set[tuple]:
    report = check(read_text(text, "planted.txt"), ignore=("N11",))  # the narrative's planted errors: test_final_narrative
    return {(f.code, f.severity.value, f.table, f.row, f.column) for f in report.findings}


def _plant(old: str, new: str, text: str = TEXT) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_the_fixture_is_written_by_its_generator():
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_final", FIXTURE.with_name("make_final.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == TEXT


def test_nine_tables_recognised_in_order(doc):
    assert doc.kind == "final_accounts"
    assert doc.year == 2024
    assert doc.unit.name == "示范县就业服务中心"
    assert [t.kind for t in doc.tables] == NINE
    assert [t.number for t in doc.tables] == [f"公开{i:02d}表" for i in range(1, 10)]
    assert not [f for f in doc.findings if f.code.startswith("R")]


def test_json_kind_and_columns(doc):
    data = json.loads(json.dumps(document_dict(doc), ensure_ascii=False))
    assert data["kind"] == "final_accounts"
    general = next(t for t in data["tables"] if t["kind"] == "final_general_expenditure")
    assert general["columns"] == ["initial_budget", "full_year_budget", "total", "basic", "project", "rate"]


def test_values_of_the_tables(doc):
    g = doc.table("final_general_expenditure")
    row = g.row("2080101")
    assert (row.value("initial_budget"), row.value("full_year_budget"), row.value("total"), row.value("rate")) == \
        (D("300.00"), D("315.00"), D("312.45"), D("99.19"))
    assert g.row("total").value("project") == D("86.20")
    e = doc.table("final_expenditure")
    assert e.row("2080102").value("project") == D("91.20") and e.row("total").value("basic") == D("406.79")
    r = doc.table("final_revenue")
    assert r.row("2080102").value("fiscal") == D("83.21") and r.row("total").value("other") == D("6.00")


def test_line_number_columns_and_column_number_rows_are_not_data(doc):
    s = doc.table("final_summary")
    assert s.columns == ("total",)
    assert s.row("in.general_budget").value("total") == D("490.00")
    assert s.row("in.carryover").value("total") == D("3.99")
    assert s.row("out.carry_forward").value("total") == D("2.00")
    assert s.row("out.total").value("total") == D("499.99")
    assert [r.code for r in s.rows if r.side == "expenditure" and r.code[0].isdigit()] == ["208", "210", "221"]
    assert all(len(r.cells) <= 1 for r in s.rows)  # no 行次 among the values
    assert not any(r.name == "栏次" for t in doc.tables for r in t.rows)


def test_fiscal_summary_by_fund(doc):
    t = doc.table("final_fiscal_summary")
    assert t.row("in.carryover.general_budget").value("total") == D("3.99")
    assert t.row("out.current").value("general_budget") == D("492.99")
    assert t.row("out.carry_forward").value("general_budget") == D("1.00")


def test_basic_expenditure_in_two_blocks(doc):
    t = doc.table("final_basic_expenditure")
    assert t.columns == ("personnel", "public")
    assert t.row("30101").value("personnel") == D("120.50") and t.row("30101").value("public") is None
    assert t.row("30217").value("public") == D("0.86")
    assert t.row("310").value("public") == D("5.00")
    assert t.row("total").value("personnel") == D("344.38") and t.row("total").value("public") == D("62.41")
    assert len([r for r in t.rows if r.code and r.code.isdigit()]) == 26


def test_three_public_budget_and_final_blocks(doc):
    t = doc.table("final_three_public")
    total = t.row("total")
    assert total.value("full_year_budget") == D("5.00") and total.value("final") == D("4.36")
    assert total.value("final.vehicle_operation") == D("3.50") and total.value("full_year_budget.reception") == D("1.00")


def test_empty_tables_keep_their_statements(doc):
    for kind in ("final_gov_fund", "final_soe"):
        t = doc.table(kind)
        assert t.is_empty and any("故此表无数据" in n for n in t.notes)


def test_facts(doc):
    by = {(f.table, f.row_code, f.column): f.amount for f in facts(doc)}
    assert by[("final_general_expenditure", "2080101", "total")] == D("312.45")
    assert by[("final_expenditure", "2080101", "basic")] == D("312.45")
    assert by[("final_basic_expenditure", "30231", "public")] == D("3.50")
    assert by[("final_three_public", "total", "final.reception")] == D("0.86")
    assert ("final_summary", "in.non_fiscal_balance", "total") not in by  # printed blank: no fact


def test_the_consistent_package_has_no_findings(doc):
    assert check(doc, ignore=("N11",)).findings == ()  # the narrative's planted errors: test_final_narrative


# --- planted errors ---------------------------------------------------------------------------
def test_a114_completion_rate_misprinted():
    text = _plant("2080101\t行政运行\t300.00\t315.00\t312.45\t312.45\t\t99.19",
                  "2080101\t行政运行\t300.00\t315.00\t312.45\t312.45\t\t99.91")
    assert _errors(text) == {("A114", "error", "final_general_expenditure", "2080101", "rate")}


def test_a114_rounding_tail_is_info():
    # 86.20 ÷ 90.00 = 95.777…%: 95.77 lies within the rounding of the three printed numbers
    text = _plant("\t86.20\t\t86.20\t95.78", "\t86.20\t\t86.20\t95.77")
    assert _errors(text) == {("A114", "info", "final_general_expenditure", "2080102", "rate")}


def test_a113_three_public_over_budget():
    text = _plant("5.00\t\t4.00\t\t4.00\t1.00\t4.36\t\t3.50\t\t3.50\t0.86",
                  "5.00\t\t4.00\t\t4.00\t1.00\t4.70\t\t3.50\t\t3.50\t1.20")
    assert _errors(text) == {("A113", "error", "final_three_public", "total", "final.reception")}


def test_a113_spending_over_full_year_budget():
    text = _plant("2210201\t住房公积金\t28.00\t28.62\t28.62\t28.62\t\t100.00",
                  "2210201\t住房公积金\t28.00\t28.00\t28.62\t28.62\t\t102.21")
    found = _errors(text)
    assert ("A113", "error", "final_general_expenditure", "2210201", "total") in found
    # the 款 above it no longer adds up in the 全年预算数 column: that is A102's
    assert {f[0] for f in found} == {"A113", "A102"}


def test_a112_fund_does_not_balance():
    text = _plant("一般公共预算财政拨款\t6\t3.99", "一般公共预算财政拨款\t6\t4.99")
    assert _errors(text) == {("A106", "error", "final_fiscal_summary", "in.carryover", "total"),
                             ("A112", "error", "final_fiscal_summary", "out.current", "general_budget")}


def test_a112_gov_fund_rows():
    text = _plant("\n合计\t\t\t\t\t\t\t\n注：本单位2024年度无政府性基金",
                  "\n合计\t\t10.00\t50.00\t45.00\t45.00\t\t10.00\n注：本单位2024年度无政府性基金")
    found = _errors(text)
    assert ("A112", "error", "final_gov_fund", "total", "total") in found


def test_final_summary_totals_include_the_final_rows():
    # 总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余
    text = _plant("使用非财政拨款结余\t10\t", "使用非财政拨款结余\t10\t1.00")
    assert _errors(text) == {("A106", "error", "final_summary", "in.total", "total")}


def test_missing_final_table_is_c101():
    start = TEXT.index("\n公开09表")
    text = TEXT[:start] + "\n"
    assert _errors(text) == {("C101", "error", "final_soe", None, None)}


def test_x130_final_tables_disagree():
    # 208 in the 财政拨款收入支出决算总表 misprinted (both columns): the class sum breaks too
    text = _plant("一、社会保障和就业支出\t21\t452.07\t452.07", "一、社会保障和就业支出\t21\t452.70\t452.70")
    assert _errors(text) == {("X130", "error", "final_fiscal_summary", "208", "general_budget"),
                             ("A107", "error", "final_fiscal_summary", "out.current", "total"),
                             ("A107", "error", "final_fiscal_summary", "out.current", "general_budget")}


def test_x130_basic_total_against_the_basic_table():
    text = _plant("人员经费合计\t\t344.38", "人员经费合计\t\t344.83")
    found = _errors(text)
    assert ("X130", "error", "final_general_expenditure", "total", "basic") in found
    assert {f[0] for f in found} == {"X130", "A103"}  # and the 人员经费 total ≠ 301 + 303


def test_x130_reports_the_printed_cell_with_the_value_derived_from_the_other_table():
    """On the cell printed, with what the ledger derives for it from the other table: the 基本支出决算表's
    人员经费合计 (misprinted 344.83) + 公用经费合计 as printed, 407.24, against the 一般公共预算 table's 406.79."""
    text = _plant("人员经费合计\t\t344.38", "人员经费合计\t\t344.83")
    [f] = [f for f in check(read_text(text, "planted.txt"), select=["X130"]).findings]
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln.startswith("合计\t\t473.00"))
    assert (f.severity.value, f.table, f.row, f.column, f.source.line, f.expected, f.actual) == \
        ("error", "final_general_expenditure", "total", "basic", line, "407.24", "406.79")
    assert f.message.endswith("印为 406.79 万元，应为 407.24 万元")


def test_rates_printed_with_a_percent_sign():
    text = _plant("\t312.45\t312.45\t\t99.19", "\t312.45\t312.45\t\t99.19%")
    doc = read_text(text, "pct.txt")
    assert doc.table("final_general_expenditure").row("2080101").value("rate") == D("99.19")
    assert check(doc, ignore=("N11",)).findings == ()  # the narrative's planted errors: test_final_narrative


def test_pdf_text_places_what_identities_and_other_tables_decide():
    """The package as PDF text (empty cells dropped): rates are not summed, 收入决算表 sources
    follow the 收入支出决算总表, funds whose 决算表 is empty hold nothing. What stays ambiguous
    (项目支出 or 上缴上级支出 when the 支出决算表 differs from the 财政拨款 table; the 三公 预算数
    block) is reported (R004), not guessed: in plain text nothing on the page decides them. A PDF
    does: test_borderless_pdf_places_every_number."""
    text = "\n".join(" ".join(c for c in ln.split("\t") if c.strip()) for ln in TEXT.splitlines())
    doc = read_text(text, "final.pdf.txt")
    assert doc.layout == "pdf_text" and [t.kind for t in doc.tables] == NINE
    assert doc.table("final_general_expenditure").row("2080101").value("rate") == D("99.19")
    assert doc.table("final_general_expenditure").row("2080102").value("project") == D("86.20")
    assert doc.table("final_fiscal_summary").row("208").value("general_budget") == D("452.07")
    assert doc.table("final_fiscal_summary").row("out.carry_forward").value("general_budget") == D("1.00")
    assert doc.table("final_revenue").row("2080102").value("other") == D("6.00")
    assert doc.table("final_three_public").row("total").value("final.reception") is UNREAD  # unplaced: not blank
    unplaced = {(f.table, f.row) for f in doc.findings if f.code == "R004"}
    assert unplaced == {("final_expenditure", "total"), ("final_expenditure", "208"), ("final_expenditure", "20801"),
                        ("final_expenditure", "2080102"), ("final_three_public", "total")}
    assert {f.code for f in doc.findings} == {"R004"}


# --- “三公” count columns (final_2024_counts.txt: the same package with 实物量 columns) ---------------------
COUNTS_TEXT = FIXTURE.with_name("final_2024_counts.txt").read_text(encoding="utf-8")
COUNTS = ("abroad_groups", "abroad_people", "vehicle_purchase_count", "vehicle_stock", "reception_batches",
          "reception_people")


def test_three_public_count_columns(doc):
    t = read_text(COUNTS_TEXT, "c.txt").table("final_three_public")
    assert t.columns[:12] == doc.table("final_three_public").columns and t.columns[12:] == COUNTS
    assert t.column_labels[12:] == ("因公出国（境）团组数（个）", "因公出国（境）人次数（人次）", "公务用车购置数（辆）",
                                    "公务用车保有量（辆）", "国内公务接待批次（批次）", "国内公务接待人次（人次）")
    total = t.row("total")
    assert [total.value(c) for c in COUNTS] == [D(0), D(0), D(0), D(1), D(15), D(86)]
    assert total.value("final") == D("4.36") and total.value("final.reception") == D("0.86")


def test_count_facts_carry_their_own_unit():
    from yusuan.catalog.vocabulary import column_unit
    doc = read_text(COUNTS_TEXT, "c.txt")
    by = {(f.table, f.row_code, f.column): f.amount for f in facts(doc)}
    assert by[("final_three_public", "total", "reception_batches")] == D(15)
    assert by[("final_three_public", "total", "vehicle_stock")] == D(1)
    assert [column_unit(c, "万元") for c in COUNTS] == ["个", "人次", "辆", "辆", "批次", "人次"]
    units = {f.column: f.unit for f in facts(doc) if f.table == "final_three_public"}
    assert (units["reception_batches"], units["vehicle_stock"], units["final.reception"]) == ("批次", "辆", "万元")
    assert column_unit("final.reception", "万元") == "万元" and column_unit("total", "元") == "元"


def test_counts_are_never_added_into_money():
    # counts far larger than any amount: no identity of the money columns moves (A101, A113, X…)
    text = _plant("3.50\t0.86\t0\t0\t0\t1\t15\t86", "3.50\t0.86\t30\t300\t5\t40\t500\t9000", COUNTS_TEXT)
    assert check(read_text(text, "c.txt"), ignore=("N", "A116")).findings == ()  # A116 compares counts with money
    assert check(read_text(COUNTS_TEXT, "c.txt"), ignore=("N",)).findings == ()


def test_count_columns_follow_the_printed_order():
    heads = "因公出国（境）团组数（个）\t因公出国（境）人次数（人次）\t公务用车购置数（辆）\t公务用车保有量（辆）\t国内公务接待批次（批次）\t国内公务接待人次（人次）"
    swapped = "国内公务接待批次（批次）\t国内公务接待人次（人次）\t公务用车保有量（辆）\t公务用车购置数（辆）\t因公出国（境）团组数（个）\t因公出国（境）人次数（人次）"
    text = _plant("0.86\t0\t0\t0\t1\t15\t86", "0.86\t15\t86\t1\t0\t0\t0", _plant(heads, swapped, COUNTS_TEXT))
    t = read_text(text, "c.txt").table("final_three_public")
    assert t.columns[12:] == ("reception_batches", "reception_people", "vehicle_stock", "vehicle_purchase_count",
                              "abroad_groups", "abroad_people")
    assert (t.row("total").value("reception_batches"), t.row("total").value("vehicle_stock")) == (D(15), D(1))


@pytest.mark.parametrize("printed, column", [
    ("3.50\t0.86\t0\t0\t1\t1\t15\t86", "vehicle_purchase_count"),  # a car counted, its 购置费 blank
    ("3.50\t0.86\t0\t0\t0\t1\t0\t0", "reception_batches"),  # 0.86 spent on 接待, no batch counted
])
def test_a116_counts_against_their_money(printed, column):
    text = _plant("3.50\t0.86\t0\t0\t0\t1\t15\t86", printed, COUNTS_TEXT)
    [f] = check(read_text(text, "c.txt"), select=("A116",)).findings
    assert (f.severity.value, f.table, f.row, f.column) == ("warning", "final_three_public", "total", column)
    assert f.source.line == text.splitlines().index(next(ln for ln in text.splitlines() if ln.endswith(printed))) + 1
    assert check(read_text(COUNTS_TEXT, "c.txt"), select=("A116",)).findings == ()


# --- C106: a 决算 reports 绩效自评 results, not 绩效目标 ------------------------------------------------------
def test_c106_final_accounts_ask_for_self_evaluation():
    assert [f.code for f in check(read_text(TEXT, "f.txt"), select=("C",)).findings] == []
    text = _plant("本单位组织对2个项目开展绩效自评，涉及资金91.20万元，自评结果均为优，年度绩效目标均已完成。",
                  "本单位2024年度项目均设定了绩效目标。")
    found = check(read_text(text, "f.txt"), select=("C106",)).findings
    assert [(f.code, f.severity.value, f.message) for f in found] == \
        [("C106", "warning", "情况说明缺少“绩效自评（评价）结果”")]


def test_borderless_pdf_places_every_number(tmp_path):
    """The package printed as a PDF without rulings: where each word stands decides what plain
    text leaves ambiguous (the 支出决算表's 项目支出 vs 上缴上级支出, the 三公 table's two blocks
    whose 因公出国 and 购置费 columns are empty). Every number is placed, fact for fact."""
    from borderless import borderless_pdf

    from yusuan.read import read_file
    text_doc = read_text(TEXT, "final_2024.txt")
    doc = read_file(borderless_pdf(text_doc, tmp_path / "final.pdf"))
    assert [t.kind for t in doc.tables] == NINE
    assert doc.findings == ()  # no R004: nothing left unplaced
    assert all(c.column for t in doc.tables for r in t.rows for c in r.cells)

    def _facts(d):
        return sorted((f.table, f.row_code, f.column, f.amount_text) for f in facts(d))
    assert _facts(doc) == _facts(text_doc)
    assert doc.table("final_three_public").row("total").value("final.reception") == D("0.86")
    assert doc.table("final_expenditure").row("2080102").value("project") == D("91.20")  # R004 in plain text


def test_three_public_labels_are_each_columns_own(doc):
    # 公务用车购置及运行费 is the band over 购置费 and 运行费; each block's 运行费 column is labelled 运行费
    t = doc.table("final_three_public")
    labels = dict(zip(t.columns, t.column_labels))
    assert [labels[f"{b}.vehicle_operation"] for b in ("full_year_budget", "final")] == ["公务用车运行费"] * 2
    assert [labels[f"{b}.vehicles"] for b in ("full_year_budget", "final")] == ["公务用车购置及运行费"] * 2


def test_a113_over_the_initial_budget_alone_is_a_warning():
    # only 年初预算数 printed: the budget may have been raised during the year
    text = ("示范县就业服务中心2024年度部门决算\n一般公共预算财政拨款支出决算表\n编制单位：示范县就业服务中心\t\t单位：万元\n"
            "科目编码\t科目名称\t年初预算数\t决算数\t\t\n\t\t\t合计\t基本支出\t项目支出\n"
            "合计\t\t300.00\t312.45\t312.45\t\n208\t社会保障和就业支出\t300.00\t312.45\t312.45\t\n"
            "20801\t人力资源和社会保障管理事务\t300.00\t312.45\t312.45\t\n2080101\t行政运行\t300.00\t312.45\t312.45\t\n")
    doc = read_text(text, "initial.txt")
    assert doc.tables[0].columns == ("initial_budget", "total", "basic", "project")
    found = {(f.code, f.severity.value, f.row) for f in check(doc).findings if f.code == "A113"}
    assert found == {("A113", "warning", r) for r in ("total", "208", "20801", "2080101")}
