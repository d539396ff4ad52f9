"""XLSX and DOCX readers (issue 5): the seeds as real workbooks and Word files, hard cases built
inline with openpyxl and python-docx, and broken files.

The XLSX/DOCX versions of the five seeds are made once per session by
``tests/fixtures/make_office.py`` (independent of the reader: its own splitter for the text
seeds, openpyxl and python-docx for writing) into a temporary directory, so every run reads
real files and no binary is committed.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")
docx = pytest.importorskip("docx")

from yusuan.ledger import facts  # noqa: E402
from yusuan.read import UnreadableError, read_file  # noqa: E402
from yusuan.read.docx import table_rows  # noqa: E402
from yusuan.model import Source  # noqa: E402
from yusuan.rules import BY_CODE, check  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import make_office  # noqa: E402

D = Decimal
SEEDS = ("000", "001", "002", "003", "004")
FORMATS = ("xlsx", "docx")


@pytest.fixture(scope="session")
def office(tmp_path_factory):
    """{seed number: {"xlsx": path, "docx": path}}, written once per session."""
    return make_office.build(tmp_path_factory.mktemp("office"))


@pytest.fixture(scope="session")
def office_doc(office):
    cache: dict = {}

    def load(number: str, fmt: str):
        if (number, fmt) not in cache:
            cache[number, fmt] = read_file(office[number][fmt])
        return cache[number, fmt]

    return load


def fact_set(doc) -> Counter:
    return Counter((f.table, f.row_code, f.column, f.amount) for f in facts(doc))


def error_codes(doc) -> set[str]:
    return {f.code for f in check(doc).errors}


# --------------------------------------------------------------------------- the seeds


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("number", SEEDS)
def test_seed_facts_equal_the_text_seed(seed, office_doc, number, fmt):
    text, doc = seed(number), office_doc(number, fmt)
    assert fact_set(doc) == fact_set(text)
    assert len(facts(doc)) == len(facts(text)) > 150
    assert doc.layout == fmt


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("number", SEEDS)
def test_seed_unit_year_projects_and_targets(seed, office_doc, number, fmt):
    text, doc = seed(number), office_doc(number, fmt)
    assert (doc.unit, doc.year, doc.kind, doc.amount_unit) == (text.unit, text.year, text.kind, text.amount_unit)
    assert [(p.code, p.amount, p.funding, len(p.indicators)) for p in doc.projects] == \
           [(p.code, p.amount, p.funding, len(p.indicators)) for p in text.projects]
    if text.performance:
        assert doc.performance.amounts == text.performance.amounts
        assert len(doc.performance.indicators) == len(text.performance.indicators)
    assert [(t.kind, t.columns, len(t.rows), t.notes) for t in doc.tables] == \
           [(t.kind, t.columns, len(t.rows), t.notes) for t in text.tables]
    assert (len(doc.sections), len(doc.claims)) == (len(text.sections), len(text.claims))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("number", SEEDS)
def test_seed_error_codes_equal_the_text_seed(seed, office_doc, number, fmt):
    assert error_codes(office_doc(number, fmt)) == error_codes(seed(number))


@pytest.fixture(scope="session")
def xls_books(office, tmp_path_factory):
    """The seeds' workbooks saved as Excel 97 .xls by LibreOffice (no number formats to read:
    decimals come from the column, codes come back as floats)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by `python3 dev.py test` (Debian package libreoffice-calc-nogui)"
    work = tmp_path_factory.mktemp("xls")
    subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to",
                    "xls", "--outdir", str(work), *(str(office[n]["xlsx"]) for n in SEEDS)],
                   check=True, capture_output=True, timeout=600)
    return {n: work / (office[n]["xlsx"].stem + ".xls") for n in SEEDS}


@pytest.mark.parametrize("number", SEEDS)
def test_seed_as_xls_reads_like_the_text_seed(seed, xls_books, number):
    text, doc = seed(number), read_file(xls_books[number])
    assert doc.layout == "xls"
    assert fact_set(doc) == fact_set(text)
    assert error_codes(doc) == error_codes(text)
    assert (doc.unit, doc.year) == (text.unit, text.year)


@pytest.mark.parametrize("number", ["000", "004"])
def test_seed_with_every_table_on_one_sheet(seed, seed_file, number, tmp_path, monkeypatch):
    """A unit that exports the whole package onto one sheet: titles, tables, forms and the
    narrative one under another; the tables are found by their titles as in text."""
    monkeypatch.setattr(make_office, "_sheets", lambda items: [items])
    path = tmp_path / "one.xlsx"
    make_office.write_xlsx(make_office.seed_items(seed_file(number)), path)
    text, doc = seed(number), read_file(path)
    assert len(openpyxl.load_workbook(path).worksheets) == 1
    assert fact_set(doc) == fact_set(text)
    assert [t.kind for t in doc.tables] == [t.kind for t in text.tables]
    assert len(doc.projects) == len(text.projects) and error_codes(doc) == error_codes(text)
    assert {f.source.sheet for f in facts(doc)} == {doc.sheets[0]}


def test_000_basic_table_continues_over_three_sheets(office_doc, office):
    doc = office_doc("000", "xlsx")
    basic = doc.table("basic_expenditure")
    assert basic.pages == 3 and basic.row("30239") is not None
    sheets = {r.source.sheet for r in basic.rows}
    assert len(sheets) == 3  # one sheet per printed page, each with its repeated title and header
    assert len(openpyxl.load_workbook(office["000"]["xlsx"]).worksheets[1].merged_cells.ranges) > 0


def test_seed_xlsx_sources_name_the_cells(office_doc, office):
    for number in SEEDS:
        doc = office_doc(number, "xlsx")
        wb = openpyxl.load_workbook(office[number]["xlsx"])
        checked = 0
        for t in doc.tables:
            for r in t.rows:
                for c in r.cells:
                    value = wb[c.source.sheet][c.source.cell].value
                    assert c.source.line == int(re.sub(r"[A-Z]+", "", c.source.cell))
                    if c.value is not None and not isinstance(value, str):
                        assert D(str(value)) == c.value, (number, c.source)
                        checked += 1
        assert checked > 100


def test_seed_docx_sources_name_the_cells(office_doc, office):
    for number in SEEDS:
        doc = office_doc(number, "docx")
        tables = docx.Document(office[number]["docx"]).tables
        for t in doc.tables:
            for r in t.rows:
                for c in r.cells:
                    n = int(c.source.sheet[1:])
                    row, col = map(int, re.fullmatch(r"R(\d+)C(\d+)", c.source.cell).groups())
                    assert tables[n - 1].cell(row - 1, col - 1).text == c.text
                    assert c.source.line == row


def test_finding_prints_sheet_and_cell(office_doc):
    doc = office_doc("003", "xlsx")
    tails = [str(f) for f in check(doc).findings if f.code == "A103"]
    assert any(re.search(r"003\.xlsx:.+收入总表!C\d+: 提示 \[A103\]", t) for t in tails)
    tails = [str(f) for f in check(office_doc("003", "docx")).findings if f.code == "A103"]
    assert any(re.search(r"003\.docx:表7!R\d+C3: 提示 \[A103\]", t) for t in tails)
    assert str(Source("a.xlsx", 12, sheet="表三", cell="C12")) == "a.xlsx:表三!C12"
    assert str(Source("a.txt", 12)) == "a.txt:12"


@pytest.mark.parametrize("number", ["000", "002"])
def test_report_lists_findings_sheet_by_sheet_in_workbook_order(office, office_doc, number):
    import python_calamine
    sheets = python_calamine.CalamineWorkbook.from_path(str(office[number]["xlsx"])).sheet_names
    placed = [(sheets.index(f.source.sheet), f.source.line or 0) for f in check(office_doc(number, "xlsx")).findings
              if f.source.sheet]
    assert placed == sorted(placed) and len({s for s, _ in placed}) > 2


def test_report_orders_by_page_then_sheet_order_then_line():
    from yusuan.report import Finding, Report, Severity
    at = [Source("a.pdf", 40, page=1), Source("a.pdf", 3, page=2), Source("a.xlsx", 9, sheet="乙"),
          Source("a.xlsx", 2, sheet="甲"), Source("a.xlsx", 5, sheet="底稿"), Source("a.xlsx", 1)]
    report = Report.of("a", [Finding("A101", Severity.ERROR, "", s) for s in reversed(at)], sheets=("乙", "甲"))
    assert [f.source for f in report.findings] == [at[5], at[2], at[3], at[4], at[0], at[1]]


def trim(row: list[str]) -> list[str]:
    while row and not row[-1]:
        row = row[:-1]
    return row


def _python_docx_rows(table) -> list[list[str]]:
    """python-docx repeats a merged cell's text in every grid cell it covers: keep it in the
    first one only, as the reader does."""
    rows = []
    above: list = []
    for tr in table.rows:
        cells = tr.cells
        row = []
        for j, cell in enumerate(cells):
            repeat = (j and cells[j - 1]._tc is cell._tc) or (j < len(above) and above[j] is cell._tc)
            row.append("" if repeat else cell.text)
        above = [c._tc for c in cells]
        rows.append(trim(row))
    return rows


@pytest.mark.parametrize("number", SEEDS)
def test_docx_reader_agrees_with_python_docx(office, number):
    path = office[number]["docx"]
    ours = zipfile.ZipFile(path)
    from lxml import etree
    body = etree.fromstring(ours.read("word/document.xml")).find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body")
    mine = [t for t in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl")]
    theirs = docx.Document(path).tables
    assert len(mine) == len(theirs) > 5
    for a, b in zip(mine, theirs):
        assert [trim(r) for r in table_rows(a)] == _python_docx_rows(b)


# --------------------------------------------------------------------------- inline hard cases

TITLE = "某单位一般公共预算财政拨款支出预算表"
HEADER = [["功能分类科目", None, "2024年预算数", None, None], ["科目编码", "科目名称", "小计", "基本支出", "项目支出"]]
BODY = [
    [208, "社会保障和就业支出", 100, 60, 40],
    [20801, "人力资源和社会保障管理事务", 100, 60, 40],
    [2080101, "行政运行", 60, 60, None],
    [2080199, "其他人力资源和社会保障管理事务支出", 40, None, 40],
]


def workbook(path: Path, sheets: dict[str, list[list]], *, amounts: str = "#,##0.00", merge_header: bool = True,
             hidden_rows: dict[str, list[int]] | None = None, hidden_cols: dict[str, str] | None = None,
             hidden_sheets=(), texts=()) -> Path:
    """A workbook whose sheets hold ``rows`` from A1; numbers in columns C… get ``amounts``
    as number format (codes stay General: they come back as floats 208.0); ``texts``: the
    (sheet, cell) whose number is stored as text."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for i, row in enumerate(rows, 1):
            for j, v in enumerate(row, 1):
                if v is None:
                    continue
                cell = ws.cell(i, j, str(v) if (name, f"{chr(64 + j)}{i}") in texts else v)
                if (isinstance(v, (int, float)) or str(v).startswith("=")) and j >= 3:
                    cell.number_format = amounts
            if merge_header and row and row[0] == "功能分类科目":
                ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=2)
                ws.merge_cells(start_row=i, start_column=3, end_row=i, end_column=5)
        for r in (hidden_rows or {}).get(name, ()):
            ws.row_dimensions[r].hidden = True
        for c in (hidden_cols or {}).get(name, ""):
            ws.column_dimensions[c].hidden = True
        if name in hidden_sheets:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def general_sheet(body=BODY, title=TITLE):
    return [["某单位2024年部门预算"], [], [title], ["单位：万元"], *HEADER, *body]


def test_xlsx_merged_header_float_codes_and_formats(tmp_path):
    import python_calamine
    path = workbook(tmp_path / "a.xlsx", {"表二": general_sheet()})
    raw = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert raw[6][0] == 208.0 and type(raw[6][0]) is float and raw[4][1] == ""  # a code as a float; B5 merged
    doc = read_file(path)
    t = doc.table("general_expenditure")
    assert t.columns == ("total", "basic", "project") and t.year == 2024
    assert [r.code for r in t.rows] == ["208", "20801", "2080101", "2080199"]  # 208.0 → 208
    row = t.row("2080101")
    assert [(c.column, c.text) for c in row.cells] == [("total", "60.00"), ("basic", "60.00")]
    assert (row.source.sheet, row.source.cell, row.source.line) == ("表二", "A9", 9)
    assert row.cell("basic").source.cell == "D9"
    assert doc.layout == "xlsx" and not check(doc, select=["A", "R"]).findings


def test_xlsx_general_format_and_numbers_stored_as_text(tmp_path):
    body = [[208, "社会保障和就业支出", 100.5, 60.25, 40.25], [20801, "人力资源和社会保障管理事务", 100.5, 60.25, 40.25],
            [2080101, "行政运行", 60.25, 60.25, None], [2080199, "其他人力资源和社会保障管理事务支出", 40.25, None, 40.25]]
    path = workbook(tmp_path / "b.xlsx", {"表二": general_sheet(body)}, amounts="General",
                    texts={("表二", "C10"), ("表二", "E10")})
    t = read_file(path).table("general_expenditure")
    assert t.row("208").cell("total").text == "100.5"  # General shows what is stored
    assert [c.text for c in t.row("2080199").cells] == ["40.25", "40.25"]  # stored as text, kept
    assert t.row("2080199").value("project") == D("40.25")


def test_xlsx_table_continues_on_a_second_sheet_with_its_header_repeated(tmp_path):
    first = general_sheet(BODY[:2])
    second = [[TITLE], ["单位：万元"], *HEADER, *BODY[2:]]
    doc = read_file(workbook(tmp_path / "c.xlsx", {"第1页": first, "第2页": second}))
    t = doc.table("general_expenditure")
    assert len(doc.tables) == 1 and t.pages == 2
    assert [r.code for r in t.rows] == ["208", "20801", "2080101", "2080199"]
    assert [r.source.sheet for r in t.rows] == ["第1页", "第1页", "第2页", "第2页"]
    assert not check(doc, select=["A", "R"]).findings


def test_xlsx_hidden_rows_are_read_and_reported_hidden_sheets_skipped(tmp_path):
    scratch = [["某单位一般公共预算财政拨款基本支出预算表"], ["单位：万元"], ["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
               [301, "工资福利支出", 999, 999, None]]
    path = workbook(tmp_path / "d.xlsx", {"表二": general_sheet(), "底稿": scratch},
                    hidden_rows={"表二": [9, 10]}, hidden_cols={"表二": "E"}, hidden_sheets=("底稿",))
    doc = read_file(path)
    assert doc.table("general_expenditure").row("2080101").value("total") == D("60.00")  # read though hidden
    assert doc.table("general_expenditure").row("2080199").value("project") == D("40.00")  # column E, hidden
    assert doc.table("basic_expenditure") is None  # the hidden sheet is not read
    found = [f for f in check(doc, select=["R008"]).findings]
    assert sorted(f.message for f in found) == ["工作表「底稿」为隐藏工作表，未读取", "工作表「表二」第 9–10 行为隐藏行（已读取）",
                                                 "工作表「表二」第 E 列为隐藏列（已读取）"]
    assert {str(f.source) for f in found} == {f"{path}:底稿", f"{path}:表二!A9", f"{path}:表二!E1"}
    assert BY_CODE["R008"].severity.value == "warning"


def test_read_lines_is_the_pipeline_after_the_cells(seed, seed_file):
    from yusuan.read import read_lines
    from yusuan.read.lines import line
    text = seed_file("000").read_text(encoding="utf-8")
    lines = [line(no, tuple(c.strip() for c in raw.split("\t")) if raw.strip() else (), True, raw=raw)
             for no, raw in enumerate(text.splitlines(), 1)]
    assert fact_set(read_lines(lines, "tsv", "000.txt")) == fact_set(seed("000"))


def test_xlsx_formula_shows_its_cached_value(tmp_path):
    body = [list(r) for r in BODY]
    body[0][2] = "=D7+E7"  # the cached value is written below, as Excel saves it
    path = workbook(tmp_path / "e.xlsx", {"表二": general_sheet(body)})
    raw = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(raw, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb"<f>D7\+E7</f>(<v\s*/>|<v>\s*</v>)?", b"<f>D7+E7</f><v>100</v>", data)
                assert n == 1
            dst.writestr(name, data)
    path.write_bytes(raw.getvalue())
    cell = read_file(path).table("general_expenditure").row("208").cell("total")
    assert (cell.text, cell.value, cell.source.cell) == ("100.00", D("100.00"), "C7")


def test_xlsx_formula_saved_without_its_result_is_a_value_not_read(tmp_path):
    body = [list(r) for r in BODY]
    body[0][2] = "=D7+E7"  # openpyxl saves the formula only: <f>D7+E7</f><v></v>
    path = workbook(tmp_path / "f.xlsx", {"表二": general_sheet(body) + [[], ["=1+1"]]})
    assert b"<f>D7+E7</f><v></v>" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    doc = read_file(path)
    row = doc.table("general_expenditure").row("208")
    assert row.cell("total").status.value == "lost" and repr(row.value("total")) == "UNREAD"  # not blank
    found = check(doc, select=["R", "A"]).findings
    assert [(f.code, f.source.cell) for f in found] == [("R002", "C7"), ("R002", "A12")]  # no A101 on a blank
    assert all("公式未保存计算结果" in f.message and f"表二」{f.source.cell} " in f.message for f in found)


@pytest.mark.parametrize("code, value, shown", [
    ("General", 208.0, "208"), ("General", 2859.58, "2859.58"), ("G/通用格式", 20801.0, "20801"),
    ("0.00", 130.0, "130.00"), ("#,##0.00", 2859.575, "2,859.58"), ("#,##0", 30941738.93, "30,941,739"),
    ("0.00%", 0.9512, "95.12%"), ("0%", 0.95, "95%"), ('_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_)', 4.5, "4.50"),
    ('#,##0.00"万元"', 1.0, "1.00"), ("[Red]#,##0.00;-#,##0.00", -12.3, "-12.30"), ("@", 208.0, "208"),
])
def test_numbers_show_as_their_format_shows_them(code, value, shown):
    from yusuan.read.xlsx import _show, _spec
    assert _show(value, _spec(code)) == shown


def test_xls_columns_without_formats_take_the_decimals_they_print_elsewhere():
    from yusuan.read.xlsx import _column_decimals, _show
    rows = [[208.0, "社会保障和就业支出", 2859.58, 130.0], [20801.0, "人力资源", 130.0, 0.5]]
    guess = _column_decimals(rows)
    assert [[_show(v, guess.get(j)) for j, v in enumerate(r)] for r in rows] == [
        ["208", "社会保障和就业支出", "2859.58", "130.0"], ["20801", "人力资源", "130.00", "0.5"]]


def test_wrapped_cell_text_is_rejoined():
    from yusuan.read.office import flat
    assert flat(" 其他人力资源和社会\n保险管理事务支出 ") == "其他人力资源和社会保险管理事务支出"
    assert flat("Social\nsecurity") == "Social security"


def test_xlsx_sheet_of_prose_in_one_cell_is_read_paragraph_by_paragraph(tmp_path):
    """A narrative sheet whose text is one cell of Alt+Enter paragraphs reaches the narrative as
    its printed page does: each paragraph a line, so a heading's template hint is its own."""
    prose = (" 一、项目概述\n （说明项目的总体情况、立项目的等）\n 二、立项依据\n 详见立项文件。\n"
             " 三、实施周期\n （说明项目实施的周期）\n")
    title = "某单位2024年部门预算\n收支总表"  # a title wrapped by hand: one line, as flat() rejoins it
    other = "一、政府采购预算情况\n 2024年本部门政府采购预算XXX万元，其中：政府采购货物预算XXX万元。"
    path = workbook(tmp_path / "p.xlsx", {"封面": [[title]], "表二": general_sheet(), "其他相关情况说明": [[other]],
                                          "项目经费情况说明": [["XX项目经费情况说明"], [], [prose]]})
    doc = read_file(path)
    sections = [(s.number, s.title, s.text, s.source.cell) for s in doc.sections if s.source.sheet == "项目经费情况说明"]
    assert sections == [("", "XX项目经费情况说明", "", "A1"), ("一、", "项目概述", "（说明项目的总体情况、立项目的等）", "A3"),
                        ("二、", "立项依据", "详见立项文件。", "A3"), ("三、", "实施周期", "（说明项目实施的周期）", "A3")]
    hints = sorted(f.actual for f in check(doc, select=["N120"]).findings)
    assert hints == ["XX", "XXX", "（说明项目实施的周期）", "（说明项目的总体情况、立项目的等）"]
    from yusuan.read.office import paragraphs
    assert paragraphs(title) is None and paragraphs("主要职能包括：\n1.负责…") == ["主要职能包括：", "1.负责…"]


def test_a_sheet_of_short_prose_after_a_table_sheet_is_narrative(tmp_path):
    prose = [["其他相关情况说明"], [], ["一、政府采购"], ["本单位无政府采购。"], ["二、国有资产"], ["共有车辆2辆。"]]
    path = workbook(tmp_path / "p.xlsx", {"表二": general_sheet(), "其他相关情况说明": prose})
    doc = read_file(path)
    assert [r.code for r in doc.table("general_expenditure").rows] == ["208", "20801", "2080101", "2080199"]
    assert [(s.number, s.title, s.text, s.source.cell) for s in doc.sections] == [
        ("", "其他相关情况说明", "", "A1"), ("一、", "政府采购", "本单位无政府采购。", "A3"),
        ("二、", "国有资产", "共有车辆2辆。", "A5")]
    assert "C104" not in check(doc).codes()  # its 政府采购 is said


def word(path: Path, blocks: list) -> Path:
    """A Word file: a str is a paragraph; a list of rows a table, ``None`` marking the cells
    merged into the one before (left) or, with ``"^"``, into the one above."""
    d = docx.Document()
    for b in blocks:
        if isinstance(b, str):
            d.add_paragraph(b)
            continue
        width = max(len(r) for r in b)
        table = d.add_table(rows=len(b), cols=width)
        for i, row in enumerate(b):
            for j, v in enumerate(row):
                if v is None:
                    table.cell(i, j - 1).merge(table.cell(i, j))
                elif v == "^":
                    table.cell(i - 1, j).merge(table.cell(i, j))
        for i, row in enumerate(b):
            for j, v in enumerate(row):
                if v not in (None, "^", ""):
                    table.cell(i, j).text = str(v)
    d.save(path)
    return path


def test_docx_merged_headers_and_paragraph_titles(tmp_path):
    header = [["科目编码", "科目名称", "2024年预算数", None, None], ["^", "^", "小计", "基本支出", "项目支出"]]
    body = [[str(c), n, f"{a}.00", f"{b}.00" if b else "", f"{p}.00" if p else ""] for c, n, a, b, p in BODY]
    doc = read_file(word(tmp_path / "a.docx", ["某单位2024年部门预算", "一、部门职责", "负责社会保险经办。", TITLE,
                                               "单位：万元", header + body]))
    t = doc.table("general_expenditure")
    assert t.columns == ("total", "basic", "project") and t.title == TITLE
    assert t.row("2080199").value("project") == D("40.00") and t.row("2080199").value("basic") is None
    assert (t.row("208").source.sheet, t.row("208").source.cell) == ("表1", "R3C1")
    assert t.row("208").cell("basic").source.cell == "R3C4"
    assert [s.title for s in doc.sections] == ["部门职责"] and doc.sections[0].source.line == 2
    assert doc.layout == "docx" and not check(doc, select=["A", "R"]).findings


def test_docx_a_finding_about_a_table_titled_by_a_paragraph_names_the_tables_source(tmp_path):
    # the table's source is its title paragraph (no sheet): a finding made with it (R010, amounts of 元
    # under 单位：万元) is not moved a second time, as if the paragraph's ordinal (4) were a line of the
    # file (the line 4 is a row of the table of contacts above it)
    header = [["科目编码", "科目名称", "2024年预算数", None, None], ["^", "^", "小计", "基本支出", "项目支出"]]
    body = [[str(c), n, f"{a}0000000.00", f"{b}0000000.00" if b else "", f"{p}0000000.00" if p else ""]
            for c, n, a, b, p in BODY]
    contacts = [["联系人", "张三"], ["电话", "023-12345678"], ["地址", "某路1号"]]
    doc = read_file(word(tmp_path / "a.docx", ["某单位2024年部门预算", contacts, "一、部门职责", "负责社会保险经办。",
                                               TITLE, "单位：万元", header + body]))
    t = doc.table("general_expenditure")
    assert (t.source.sheet, t.source.line) == (None, 4)
    assert [f.source for f in doc.findings if f.code == "R010"] == [t.source]


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _numbered(path: Path, numbered: dict[str, int | None]) -> Path:
    """Number the paragraphs of a Word file as Word does it: a list of levels "一、" "（二）" "3."
    in numbering.xml, level 0 through the Heading 1 style (``numbered[text] is None``), the others
    on the paragraph itself."""
    from lxml import etree
    d = docx.Document(str(path))
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{f}"/><w:lvlText w:val="{t}"/></w:lvl>'
                     for i, (f, t) in enumerate([("chineseCounting", "%1、"), ("chineseCounting", "（%2）"),
                                                 ("decimal", "%3.")]))
    numbering = d.part.numbering_part.element
    numbering.insert(0, etree.fromstring(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(etree.fromstring(f'<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numpr(level):
        ilvl = "" if level is None else f'<w:ilvl w:val="{level}"/>'
        return etree.fromstring(f'<w:numPr xmlns:w="{W_NS}">{ilvl}<w:numId w:val="90"/></w:numPr>')

    d.styles["Heading 1"].element.get_or_add_pPr().append(numpr(None))
    for p in d.paragraphs:
        if p.text in numbered:
            if numbered[p.text] is None:
                p.style = d.styles["Heading 1"]
            else:
                p._p.get_or_add_pPr().append(numpr(numbered[p.text]))
    d.save(str(path))
    return path


def test_docx_word_numbered_headings_keep_their_numbers(tmp_path):
    body = [[str(c), n, f"{a}.00", f"{b}.00" if b else "", f"{p}.00" if p else ""] for c, n, a, b, p in BODY]
    path = word(tmp_path / "n.docx", ["某单位2024年部门预算", "部门基本情况", "职能职责", "负责社会保险经办。", "单位构成",
                                      "本部门由1个单位构成。", "收支预算情况", "收入预算", "工资福利支出60.00万元",
                                      "项目支出40.00万元", TITLE, "单位：万元", HEADER + body])
    doc = read_file(_numbered(path, {"部门基本情况": None, "职能职责": 1, "单位构成": 1, "收支预算情况": None,
                                     "收入预算": 1, "工资福利支出60.00万元": 2, "项目支出40.00万元": 2}))
    assert [(s.number, s.title) for s in doc.sections][:5] == [
        ("一、", "部门基本情况"), ("（一）", "职能职责"), ("（二）", "单位构成"), ("二、", "收支预算情况"), ("（一）", "收入预算")]
    assert "1.工资福利支出60.00万元" in doc.sections[4].text and "2.项目支出40.00万元" in doc.sections[4].text
    assert not check(doc, select=["C107"]).findings  # numbering neither skipped nor repeated


def test_word_numbering_formats():
    from yusuan.read.numbering import _FORMATS
    assert [_FORMATS["chineseCounting"](n) for n in (1, 10, 11, 20, 21, 99)] == ["一", "十", "十一", "二十", "二十一", "九十九"]
    assert [_FORMATS[f](4) for f in ("ideographTraditional", "upperRoman", "lowerLetter", "decimalEnclosedCircle",
                                     "decimalFullWidth")] == ["丁", "IV", "d", "④", "４"]
    assert _FORMATS["upperLetter"](28) == "AB"


def test_docx_table_continues_after_a_repeated_title(tmp_path):
    header = [["科目编码", "科目名称", "小计", "基本支出", "项目支出"]]
    body = [[str(c), n, f"{a}.00", f"{b}.00" if b else "", f"{p}.00" if p else ""] for c, n, a, b, p in BODY]
    doc = read_file(word(tmp_path / "b.docx", [TITLE, "单位：万元", header + body[:2], TITLE, "单位：万元", header + body[2:]]))
    t = doc.table("general_expenditure")
    assert t.pages == 2 and [r.code for r in t.rows] == ["208", "20801", "2080101", "2080199"]
    assert [r.source.sheet for r in t.rows] == ["表1", "表1", "表2", "表2"]


# --------------------------------------------------------------------------- broken files


def ole(*streams: str) -> bytes:
    """A minimal OLE compound file (v3, 512-byte sectors) holding empty-ish streams of these
    names: what an encrypted XLSX/DOCX (EncryptionInfo, EncryptedPackage) or a Word 97 file
    (WordDocument) is."""
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    size = 4096  # at the mini-stream cutoff: regular sectors
    fat = [fat_sector, end]
    entries = [("Root Entry", 5, 1 if streams else free, free, end, 0)]
    for k, name in enumerate(streams):
        first = len(fat)
        fat += list(range(first + 1, first + size // 512)) + [end]
        entries.append((name, 2, free, k + 2 if k + 1 < len(streams) else free, first, size))
    fat += [free] * (128 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6,
              0, 1, 1, 0, 4096, end, 0, end, 0) + struct.pack("<I", 0) + struct.pack("<108I", *[free] * 108))
    directory = b""
    for name, kind, child, right, start, length in entries + [("", 0, free, free, end, 0)] * (4 - len(entries)):
        encoded = (name.encode("utf-16-le") + b"\0\0") if name else b""
        directory += (encoded.ljust(64, b"\0") + struct.pack("<HBBIII", len(encoded), kind, 1, free, right, child)
                      + bytes(16 + 4 + 16) + struct.pack("<IQ", start, length))
    return header + struct.pack("<128I", *fat) + directory + bytes(size * len(streams))


def broken_files(tmp: Path, good: dict[str, Path]) -> dict[str, Path]:
    out: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        out[name] = tmp / name
        out[name].write_bytes(data)

    xlsx, word_file = good["xlsx"].read_bytes(), good["docx"].read_bytes()
    put("zero.xlsx", b"")
    put("truncated.xlsx", xlsx[:len(xlsx) // 2])
    put("truncated.docx", word_file[:-200])
    put("password.xlsx", ole("EncryptionInfo", "EncryptedPackage"))
    put("password.docx", ole("EncryptionInfo", "EncryptedPackage"))
    put("word97.doc", ole("WordDocument", "1Table"))
    put("html.xlsx", "<!DOCTYPE html>\n<html><body><table><tr><td>208</td><td>2,859.58</td></tr></table>"
                     "</body></html>".encode())
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("OEBPS/content.opf", "<package/>")
    put("epub.docx", other.getvalue())
    damaged = io.BytesIO()
    with zipfile.ZipFile(good["docx"]) as src, zipfile.ZipFile(damaged, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name)[:5000] if name == "word/document.xml" else src.read(name))
    put("cut-xml.docx", damaged.getvalue())
    return out


BROKEN_WORDS = {"zero.xlsx": "文件为空", "truncated.xlsx": "损坏", "truncated.docx": "损坏", "password.xlsx": "密码",
                "password.docx": "密码", "word97.doc": ".doc", "html.xlsx": "HTML", "epub.docx": "既不是",
                "cut-xml.docx": "损坏"}


def test_minimal_ole_file_is_a_real_compound_file(tmp_path):
    import python_calamine
    path = tmp_path / "x.xls"
    path.write_bytes(ole("Workbook"))
    book = python_calamine.CalamineWorkbook.from_path(str(path))  # opens: a valid container
    assert book.sheet_names == []  # whose Workbook stream holds no sheet
    with pytest.raises(UnreadableError, match="no budget table found, nor a budget narrative: .*x.xls"):
        read_file(path)


@pytest.mark.parametrize("name", sorted(BROKEN_WORDS))
def test_broken_file_is_unreadable_with_its_name(tmp_path, office, name):
    path = broken_files(tmp_path, office["003"])[name]
    with pytest.raises(UnreadableError) as e:
        read_file(path)
    message = str(e.value)
    assert str(path) in message and BROKEN_WORDS[name] in message
    assert re.search(r"[\u4e00-\u9fff]", message) and re.search(r"[A-Za-z]{4,} ", message)


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "yusuan.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=300)


def test_cli_exits_2_for_broken_files_and_reads_the_good_ones(tmp_path, office):
    broken = broken_files(tmp_path, office["003"])
    r = run("facts", str(broken["truncated.xlsx"]), str(office["003"]["xlsx"]), str(broken["password.docx"]),
            str(office["002"]["docx"]), str(broken["html.xlsx"]))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    for name in ("truncated.xlsx", "password.docx", "html.xlsx"):
        assert str(broken[name]) in r.stderr
    units = {line.split(",")[1] for line in r.stdout.splitlines()[1:]}
    assert units == {"124", "121003"}


def test_cli_check_prints_sheet_and_cell(office):
    r = run("check", str(office["003"]["xlsx"]), "--select", "A103")
    assert r.returncode == 0, r.stderr
    assert re.search(r"003\.xlsx:.+收入总表!C\d+: 提示 \[A103\]", r.stdout)


def test_a_three_public_sheet_with_its_items_down_it_points_each_value_at_its_own_cell(tmp_path):
    # the items printed as rows (项目 | 预算数), read into one 合计 row with a column per item: each value
    # keeps the cell it is printed in (B6, not its line's name cell A6 or the 合计 line's B5), and an
    # A101 on the 公务用车 sum names its cell
    sheet = [["某单位2024年部门预算"], [], ["一般公共预算“三公”经费支出预算表"], ["单位：万元"], ["项目", "预算数"],
             ["合计", 31], ["1.因公出国（境）费", 0], ["2.公务接待费", 10], ["3.公务用车购置及运行费", 21],
             ["其中：（1）公务用车购置费", 0], ["（2）公务用车运行费", 20]]
    doc = read_file(workbook(tmp_path / "t.xlsx", {"三公": sheet}))
    [row] = doc.table("three_public").rows
    assert [(c.column, c.value, c.source.cell) for c in row.cells] == [
        ("total", D("31"), "B6"), ("abroad", D("0"), "B7"), ("reception", D("10"), "B8"), ("vehicles", D("21"), "B9"),
        ("vehicle_purchase", D("0"), "B10"), ("vehicle_operation", D("20"), "B11")]
    assert [(f.code, f.source.cell) for f in check(doc, select=["A101"]).findings] == [("A101", "B9")]  # 21 ≠ 0 + 20


def test_sources_made_at_their_cells_keep_how_a_value_was_placed():
    # a cell placed by a step (PDF text drops empty cells; the row identity chose its column) keeps that
    # when its source is made at a sheet and cell: the rules do not confirm a value by what placed it
    from yusuan.read import read_file
    from yusuan.read.borderless import aligned
    from yusuan.read.document import read_lines
    from yusuan.read.lines import split_lines
    from yusuan.read.office import Place, Sheets, relocate
    path = ROOT / "examples" / "disclosures" / "001_b7e1d5b40907585d.txt"
    text = path.read_text(encoding="utf-8")
    placed = [(r.source.line, c.placed_by) for t in read_file(path).tables for r in t.rows for c in r.cells
              if c.placed_by]
    assert placed
    lines = aligned(split_lines(text, "pdf_text"))
    where = Sheets(str(path), {ln.no: Place("Sheet1", ln.no) for ln in lines}, {ln.no: ln.cells for ln in lines})
    moved = relocate(read_lines(lines, "pdf_text", str(path), text, sheets=where), where)
    after = [(c.source.line, c.placed_by) for t in moved.tables for r in t.rows for c in r.cells if c.placed_by]
    assert after == placed
    assert all(c.source.sheet == "Sheet1" and c.source.cell for t in moved.tables for r in t.rows for c in r.cells)
    assert all(s.source.sheet == "Sheet1" for s in moved.sections)