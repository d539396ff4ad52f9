"""The rendered workbook: laid out like the official templates, and read back fact for fact."""
from __future__ import annotations

import io
from collections import Counter
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from yusuan.ledger import facts
from yusuan.read import read_file
from yusuan.render.layout import guess_template, layouts
from yusuan.render.xlsx import xlsx
from yusuan.report import Severity
from yusuan.rules import check

SEEDS = sorted((Path(__file__).resolve().parents[1] / "examples" / "disclosures").glob("*.txt"))


def _facts(doc) -> Counter:
    return Counter((f.table, f.row_code, f.column, f.amount_text) for f in facts(doc))


@pytest.fixture(scope="module", params=[p.name[:3] for p in SEEDS])
def rendered(request, tmp_path_factory):
    seed = next(p for p in SEEDS if p.name.startswith(request.param))
    doc = read_file(seed)
    path = tmp_path_factory.mktemp("xlsx") / (seed.stem + ".xlsx")
    path.write_bytes(xlsx(doc))
    return doc, path, read_file(path)


def test_round_trip_gives_the_same_facts(rendered):
    doc, _, back = rendered
    assert _facts(back) == _facts(doc)
    assert (back.unit.code, back.unit.name, back.year) == (doc.unit.code, doc.unit.name, doc.year)
    assert [(p.code, p.amount, p.funding) for p in back.projects] == [(p.code, p.amount, p.funding) for p in doc.projects]
    assert [t.kind for t in back.tables] == [l.kind for l in layouts(doc)]


def test_round_trip_gives_the_same_indicators(rendered):
    # 004 (Henan) prints indicators without 指标性质 (“资金使用合规率 100%”) and values with their
    # operator and unit (“≤87.04 万元”): they come back by the header's columns, number and all
    doc, _, back = rendered

    def indicators(d):
        return [(p.code, [(i.level1, i.level2, i.name, i.operator, i.value, i.number, i.unit, i.weight, i.core)
                          for i in p.indicators]) for p in d.projects]
    assert indicators(back) == indicators(doc)
    if doc.performance is not None:
        assert [(i.name, i.operator, i.number) for i in back.performance.indicators] == \
            [(i.name, i.operator, i.number) for i in doc.performance.indicators]


def test_rendering_adds_no_arithmetic_or_cross_table_error(rendered):
    doc, _, back = rendered
    # X120 (a table from last year) needs the narrative's stated changes; the workbook carries
    # none, so the seed's own cell-by-cell contradictions are the ones to compare with
    before = check(doc, select=["A", "X"], ignore=["X120"])
    after = check(back, select=["A", "X"])
    assert set(after.codes(Severity.ERROR)) <= set(before.codes(Severity.ERROR))
    assert len(after.errors) <= len(before.errors)


def test_sheets_headers_and_formats():
    doc = read_file(next(p for p in SEEDS if p.name.startswith("002")))
    book = openpyxl.load_workbook(io.BytesIO(xlsx(doc)))
    assert book.sheetnames[:2] == ["封面", "情况说明"]
    assert book.sheetnames[2:5] == ["表一 财政拨款收支总表", "表二 一般公共预算支出表", "表三 一般公共预算基本支出表"]
    assert "整体绩效目标表" in book.sheetnames and "项目10" in book.sheetnames
    three = book["表四 一般公共预算“三公”经费支出表"]
    assert three["A1"].value == "重庆市荣昌区社会保险事务中心一般公共预算“三公”经费支出表"
    assert "C3:E3" in {str(r) for r in three.merged_cells.ranges}  # 公务用车购置及运行费 over 小计/购置/运行
    assert [three.cell(4, c).value for c in (3, 4, 5)] == ["小计", "公务用车购置费", "公务用车运行费"]
    # 8.5 keeps its single decimal: a number, formatted as printed
    procurement = book["表九 政府采购预算明细表"]
    cell = next(c for row in procurement.iter_rows() for c in row if c.value == 8.5)
    assert cell.number_format == "#,##0.0"
    general = book["表二 一般公共预算支出表"]
    assert general.print_title_rows == "$1:$4" and general.page_setup.paperSize == 9  # title, 单位, 2 header rows


def test_empty_table_carries_its_statement():
    doc = read_file(next(p for p in SEEDS if p.name.startswith("000")))  # 4-5 is empty, with no statement
    fund = next(l for l in layouts(doc) if l.kind == "gov_fund_expenditure")
    assert fund.body == () and fund.note == "本单位无政府性基金预算收支，故此表无数据。"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx(doc)))[fund.sheet]
    [cell] = [c for row in sheet.iter_rows() for c in row if c.value == fund.note]
    # merged across the table and tall enough: in one narrow cell it printed as “本单位无该项收”
    [merged] = [r for r in sheet.merged_cells.ranges if cell.coordinate in r]
    assert (merged.min_col, merged.max_col) == (1, sheet.max_column)
    width = sum(sheet.column_dimensions[chr(64 + c)].width for c in range(1, sheet.max_column + 1))
    assert width * (sheet.row_dimensions[cell.row].height / 14) >= 2 * len(fund.note) + 2


@pytest.mark.parametrize("number", ["000", "002", "003"])
def test_titles_fit_their_merged_width(number):
    """A title (16 pt, merged over the table) is never wider than the columns it is merged over:
    003's narrow 表五 printed its title cut at both ends."""
    doc = read_file(next(p for p in SEEDS if p.name.startswith(number)))
    book = openpyxl.load_workbook(io.BytesIO(xlsx(doc)))
    for t in layouts(doc):
        sheet = book[t.sheet]
        width = sum(sheet.column_dimensions[chr(64 + c)].width for c in range(1, max(t.ncols, 2) + 1))
        assert width >= 2 * len(t.title) * 16 / 10, t.sheet


def test_the_narrative_draft_has_its_sheet():
    doc = read_file(next(p for p in SEEDS if p.name.startswith("003")))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx(doc)))["情况说明"]
    texts = [c.value for c in sheet["A"] if c.value]
    assert texts[0] == "重庆市大渡口区社会保险事务中心\n2024年部门预算情况说明"  # too wide for one line: two
    assert texts[1] == "一、部门基本情况" and any("【待填写" in t for t in texts)
    assert any("1,524.40万元" in t for t in texts)


def test_template_orders():
    doc = read_file(next(p for p in SEEDS if p.name.startswith("004")))
    assert guess_template(doc) == "national"
    assert [l.kind for l in layouts(doc)][:4] == ["summary", "revenue", "expenditure", "fiscal_summary"]
    assert [l.number for l in layouts(doc)][:2] == ["预算01表", "预算02表"]
    chongqing = layouts(doc, "chongqing")
    assert [l.kind for l in chongqing][:3] == ["fiscal_summary", "general_expenditure", "basic_expenditure"]
    assert chongqing[0].number == "表一"


def test_henan_nested_headers():
    doc = read_file(next(p for p in SEEDS if p.name.startswith("004")))
    exp = next(l for l in layouts(doc) if l.kind == "expenditure")
    cells = {(h.text, h.row, h.col, h.rowspan, h.colspan) for h in exp.header}
    # 基本支出 over 小计 + 人员经费 (工资福利, 对个人) + 公用经费 (商品和服务, 资本性); 项目支出 over its three
    assert ("基本支出", 0, 3, 1, 5) in cells and ("人员经费", 1, 4, 1, 2) in cells and ("公用经费", 1, 6, 1, 2) in cells
    assert ("小计", 1, 3, 2, 1) in cells and ("项目支出", 0, 8, 1, 3) in cells
    row = next(line for line in exp.body if line.cells[0] == "2080109")
    assert row.cells[2:] == (Decimal("4103.95"), Decimal("3757.44"), Decimal("3360.15"), None, Decimal("397.29"),
                             None, Decimal("346.51"), Decimal("159.04"), Decimal("187.47"))
