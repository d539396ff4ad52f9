"""The 决算 (final-accounts) package rendered: the nine tables (公开01表 … 公开09表) with their bands,
栏次 rows, 行次 columns, the two-block 基本支出决算表 and the 预算数/决算数 “三公” blocks; the workbook
and the PDF read back fact for fact; the 决算 情况说明 draft."""
from __future__ import annotations

import io
import shutil
import subprocess
from collections import Counter
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from lxml import html as lhtml

from yusuan.ledger import facts
from yusuan.cli import main
from yusuan.read import read_file
from yusuan.render.html import html
from yusuan.render.layout import layouts
from yusuan.render.narrative import markdown
from yusuan.render.xlsx import xlsx
from yusuan.report import Severity
from yusuan.rules import check

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "final_2024.txt"
NINE = ["final_summary", "final_revenue", "final_expenditure", "final_fiscal_summary", "final_general_expenditure",
        "final_basic_expenditure", "final_three_public", "final_gov_fund", "final_soe"]
TITLES = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
          "一般公共预算财政拨款基本支出决算表", "一般公共预算财政拨款“三公”经费支出决算表",
          "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表"]


def squash(text: str) -> str:
    return "".join(text.split())


def _facts(doc) -> Counter:
    return Counter((f.table, f.row_code, f.column, f.amount_text) for f in facts(doc))


@pytest.fixture(scope="module")
def doc():
    return read_file(FIXTURE)


@pytest.fixture(scope="module")
def workbook(doc, tmp_path_factory):
    path = tmp_path_factory.mktemp("final") / "final_2024.xlsx"
    path.write_bytes(xlsx(doc))
    return path


@pytest.fixture(scope="module")
def printed(doc, tmp_path_factory):
    pytest.importorskip("weasyprint")
    from yusuan.render.pdf import pdf

    path = tmp_path_factory.mktemp("final") / "final_2024.pdf"
    path.write_bytes(pdf(doc))
    return path


def _errors(d, families) -> list:
    return [f for f in check(d, select=families).findings if f.severity is Severity.ERROR]


# --- layout ---------------------------------------------------------------------------------------
def test_nine_tables_numbered_and_titled(doc):
    tables = layouts(doc)
    assert [t.kind for t in tables] == NINE
    assert [t.number for t in tables] == [f"公开{n:02d}表" for n in range(1, 10)]
    assert [t.title for t in tables] == TITLES
    assert {t.preparer for t in tables} == {"示范县就业服务中心"}
    fund, soe = tables[7], tables[8]
    assert fund.body == () and fund.note == "注：本单位2024年度无政府性基金预算财政拨款收入支出，故此表无数据。"
    assert soe.note == "注：本单位2024年度无国有资本经营预算财政拨款支出，故此表无数据。"


def _cells(t):
    return {(h.text, h.row, h.col, h.rowspan, h.colspan) for h in t.header}


def test_bands_column_numbers_and_line_numbers(doc):
    t = {l.kind: l for l in layouts(doc)}
    general = t["final_general_expenditure"]  # 决算数 over 合计/基本支出/项目支出; 栏次 1…6 under the header
    assert ("决算数", 0, 4, 1, 3) in _cells(general) and ("完成全年预算（%）", 0, 7, 2, 1) in _cells(general)
    assert {("合计", 1, 4, 1, 1), ("基本支出", 1, 5, 1, 1), ("项目支出", 1, 6, 1, 1)} <= _cells(general)
    assert ("栏次", 2, 0, 1, 2) in _cells(general) and ("6", 2, 7, 1, 1) in _cells(general)
    assert general.header_rows == 3
    assert general.body[0].cells == ("", "合计", Decimal("473.00"), Decimal("499.34"), Decimal("492.99"),
                                     Decimal("406.79"), Decimal("86.20"), Decimal("98.73"))
    fund = t["final_gov_fund"]  # 本年支出 over 小计/基本支出/项目支出, between the balances
    assert ("本年支出", 0, 4, 1, 3) in _cells(fund) and ("小计", 1, 4, 1, 1) in _cells(fund)
    assert ("年初结转和结余", 0, 2, 2, 1) in _cells(fund) and ("年末结转和结余", 0, 7, 2, 1) in _cells(fund)
    revenue = t["final_revenue"]  # 项目 over 功能分类科目编码 | 科目名称
    assert ("项目", 0, 0, 1, 2) in _cells(revenue) and ("功能分类科目编码", 1, 0, 1, 1) in _cells(revenue)
    summary = t["final_summary"]  # 收入 | 支出, each 项目 | 行次 | 金额, 栏次 under them
    assert {("收入", 0, 0, 1, 3), ("支出", 0, 3, 1, 3), ("行次", 1, 1, 1, 1), ("行次", 1, 4, 1, 1),
            ("栏次", 2, 0, 1, 1), ("1", 2, 2, 1, 1), ("2", 2, 5, 1, 1)} <= _cells(summary)
    assert summary.body[0].cells == ("一、一般公共预算财政拨款收入", "1", Decimal("490.00"), "一、社会保障和就业支出",
                                     "13", Decimal("457.07"))
    assert summary.body[-1].cells == ("总计", "12", Decimal("499.99"), "总计", "19", Decimal("499.99"))
    fiscal = t["final_fiscal_summary"]
    assert [h.text for h in sorted(fiscal.header, key=lambda h: (h.row, h.col)) if h.row == 1][-4:] == \
        ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]


def test_two_block_basic_table(doc):
    basic = next(l for l in layouts(doc) if l.kind == "final_basic_expenditure")
    assert {("人员经费", 0, 0, 1, 3), ("公用经费", 0, 3, 1, 3)} <= _cells(basic)
    assert basic.body[0].cells == ("301", "工资福利支出", Decimal("338.38"), "302", "商品和服务支出", Decimal("57.41"))
    assert basic.body[11].cells == ("", "", None, "30231", "公务用车运行维护费", Decimal("3.50"))  # the left block ended
    assert basic.body[-1].cells == ("人员经费合计", "", Decimal("344.38"), "公用经费合计", "", Decimal("62.41"))
    assert len(basic.body) == 16  # 11 人员 lines beside 15 公用 lines, then the foot


def test_three_public_blocks(doc):
    three = next(l for l in layouts(doc) if l.kind == "final_three_public")
    cells = _cells(three)
    assert {("预算数", 0, 0, 1, 6), ("决算数", 0, 6, 1, 6), ("公务用车购置及运行费", 1, 2, 1, 3),
            ("公务用车购置及运行费", 1, 8, 1, 3), ("小计", 2, 8, 1, 1), ("公务接待费", 1, 11, 2, 1),
            ("12", 3, 11, 1, 1)} <= cells
    assert three.body[0].cells == (Decimal("5.00"), None, Decimal("4.00"), None, Decimal("4.00"), Decimal("1.00"),
                                   Decimal("4.36"), None, Decimal("3.50"), None, Decimal("3.50"), Decimal("0.86"))


# --- XLSX ------------------------------------------------------------------------------------------
def test_xlsx_round_trip_gives_the_same_facts(doc, workbook):
    back = read_file(workbook)
    assert back.kind == "final_accounts" and (back.unit.name, back.year) == (doc.unit.name, doc.year)
    assert [t.kind for t in back.tables] == NINE
    assert _facts(back) == _facts(doc) and len(_facts(doc)) == 200
    assert [t.notes for t in back.tables][7:] == [t.notes for t in doc.tables][7:]
    assert {f.code for f in _errors(back, ["A", "X"])} <= {f.code for f in _errors(doc, ["A", "X"])}
    assert not _errors(back, ["A", "X"])


def test_three_public_count_columns_round_trip(tmp_path):
    """The variant whose “三公” table prints counts (团组, 车辆, 批次, 人次) after the two blocks."""
    counts = read_file(FIXTURE.with_name("final_2024_counts.txt"))
    path = tmp_path / "counts.xlsx"
    path.write_bytes(xlsx(counts))
    back = read_file(path)
    assert back.table("final_three_public").columns[12:] == ("abroad_groups", "abroad_people", "vehicle_purchase_count",
                                                             "vehicle_stock", "reception_batches", "reception_people")
    assert _facts(back) == _facts(counts)
    assert back.table("final_three_public").row("total").value("reception_batches") == Decimal(15)


def test_xlsx_sheets(workbook):
    book = openpyxl.load_workbook(io.BytesIO(workbook.read_bytes()))
    assert book.sheetnames[0] == "封面" and book["封面"]["A1"].value == "示范县就业服务中心2024年度部门决算"
    assert book.sheetnames[1:5] == ["情况说明", "公开01表 收入支出决算总表", "公开02表 收入决算表", "公开03表 支出决算表"]
    summary = book["公开01表 收入支出决算总表"]
    assert [summary["A1"].value, summary["A2"].value, summary["A3"].value, summary["F3"].value] == \
        ["公开01表", "收入支出决算总表", "编制单位：示范县就业服务中心", "单位：万元"]
    assert {"A4:C4", "D4:F4"} <= {str(r) for r in summary.merged_cells.ranges}  # 收入 | 支出
    assert [summary.cell(5, c).value for c in range(1, 7)] == ["项目", "行次", "金额", "项目", "行次", "金额"]
    assert [summary.cell(7, c).value for c in range(1, 7)] == ["一、一般公共预算财政拨款收入", "1", 490, "一、社会保障和就业支出",
                                                            "13", 457.07]
    assert summary.cell(7, 3).number_format == "#,##0.00"
    three = book["公开07表 一般公共预算财政拨款“三公”经费支出决算表"]
    assert {"A4:F4", "G4:L4", "C5:E5", "I5:K5"} <= {str(r) for r in three.merged_cells.ranges}
    assert [three.cell(4, 1).value, three.cell(4, 7).value] == ["预算数", "决算数"]


# --- PDF -------------------------------------------------------------------------------------------
def test_pdf_round_trip_gives_the_same_facts(doc, printed):
    back = read_file(printed)
    assert back.kind == "final_accounts" and (back.unit.name, back.year) == (doc.unit.name, doc.year)
    assert [t.kind for t in back.tables] == NINE
    assert _facts(back) == _facts(doc)
    assert not _errors(back, ["A", "X"])
    # the 决算 draft read back agrees with its tables: no finding above info, N and C included
    assert [f.code for f in check(back).findings if f.severity is not Severity.INFO] == []


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_pdftotext_finds_every_title_and_amount(doc, printed):
    flat = squash(subprocess.run(["pdftotext", "-enc", "UTF-8", str(printed), "-"], capture_output=True, text=True,
                                 check=True).stdout)
    assert "示范县就业服务中心2024年度部门决算" in flat and "决算公开表" in flat
    for t in layouts(doc):
        assert squash(t.number + t.title) in flat, t.title
        assert f"编制单位：{t.preparer}单位：万元" in flat
        for v in (v for line in t.body for v in line.cells if isinstance(v, Decimal)):
            assert f"{v:,}" in flat, (t.title, v)
        if t.note:
            assert squash(t.note) in flat
    assert "完成全年预算的99.19%" in flat and "【待填写：主要原因】" in flat


# --- HTML ------------------------------------------------------------------------------------------
def test_html_renders_the_package(doc):
    text = html(doc)
    tree = lhtml.fromstring(text)
    assert tree.findtext(".//title") == "示范县就业服务中心2024年度部门决算"
    sheets = tree.xpath("//section[contains(@class,'sheet')]")
    assert [s.get("data-kind") for s in sheets] == NINE
    for sheet, t in zip(sheets, layouts(doc)):
        assert sheet.findtext(".//div[@class='number']") == t.number and sheet.findtext(".//h3") == t.title
        assert [s.text for s in sheet.xpath(".//div[contains(@class,'unit')]/span")] == \
            ["编制单位：示范县就业服务中心", "单位：万元"]
        assert len(sheet.find(".//table").find("thead")) == t.header_rows
    fund = {s.get("data-kind"): s for s in sheets}["final_gov_fund"]
    assert fund.xpath(".//th[@colspan='3']")[0].text_content().replace("\u200b", "") == "本年支出"
    assert tree.xpath("//section[@id='narrative']//h3")[1].text == "第二部分 2024年度部门决算情况说明"


# --- the 决算 情况说明 draft -------------------------------------------------------------------------------
def test_markdown_draft(doc):
    md = markdown(doc)
    assert md.startswith("# 示范县就业服务中心2024年度部门决算情况说明\n")
    for words in (
            "## 第一部分 部门概况", "### 一、收入支出决算总体情况说明", "#### （三）具体情况", "## 第三部分 名词解释",
            "2024年度收入总计499.99万元，支出总计499.99万元。与2023年度相比增减变化的主要原因是【待填写：主要原因】。",
            "本年收入合计496.00万元，其中：一般公共预算财政拨款收入490.00万元，其他收入6.00万元。",
            "本年支出合计497.99万元，其中：基本支出406.79万元，项目支出91.20万元。",
            "2024年度财政拨款收入490.00万元，财政拨款支出492.99万元；财政拨款收入支出决算总计493.99万元。",
            "2024年度一般公共预算财政拨款支出492.99万元，完成全年预算的98.73%。决算数小于全年预算数的主要原因是【待填写：主要原因】。",
            "社会保障和就业支出（类）452.07万元，占91.70%",
            "1.社会保障和就业支出（类）人力资源和社会保障管理事务（款）行政运行（项）：年初预算为300.00万元，全年预算为315.00万元，"
            "支出决算为312.45万元，完成全年预算的99.19%。决算数小于全年预算数的主要原因是【待填写：主要原因】。",
            "6.住房保障支出（类）住房改革支出（款）住房公积金（项）：年初预算为28.00万元，全年预算为28.62万元，支出决算为28.62万元，"
            "完成全年预算的100.00%。决算数与全年预算数持平。",
            "人员经费344.38万元，主要包括基本工资、津贴补贴、",
            "公用经费62.41万元，主要包括办公费、",
            "2024年度“三公”经费财政拨款支出预算为5.00万元，支出决算为4.36万元，完成预算的87.20%。决算数小于预算数的主要原因是",
            "3.公务接待费预算为1.00万元，支出决算为0.86万元，完成预算的86.00%。全年国内公务接待12批次、86人次",
            "截至2024年12月31日，公务用车保有量为1辆。"):
        assert words in md, words
    # the fixture's narrative says 1 car bought with no 购置费: a count the fees contradict is left to fill in
    assert "本年购置公务用车【待填写：数量】辆" in md


def test_markdown_with_a_prior_year(doc):
    md = markdown(doc, prior=doc)  # the same totals a year before: no change, no reason asked for
    assert "2024年度收入总计499.99万元，支出总计499.99万元，与上年持平。\n" in md


def test_cli_render_md(tmp_path):
    out = tmp_path / "draft.md"
    result = CliRunner().invoke(main, ["render", str(FIXTURE), "--to", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# 示范县就业服务中心2024年度部门决算情况说明")


def test_the_draft_names_economic_items_never_the_total_row(doc):
    """A 基本支出决算表 printing its 合计 first: the draft's 人员经费 items are 款, not 合计 (its code is ``total``)."""
    from dataclasses import replace
    t = doc.table("final_basic_expenditure")
    total = next(r for r in t.rows if r.code == "total")
    moved = replace(t, rows=(total, *(r for r in t.rows if r is not total)))
    md = markdown(replace(doc, tables=tuple(moved if x is t else x for x in doc.tables)))
    assert "人员经费344.38万元，主要包括基本工资、津贴补贴、" in md and "主要包括合计" not in md
