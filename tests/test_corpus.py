"""The real packages of examples/corpus/ (other regions' PDFs, workbooks and web pages) and the texts
researchers extract from the PDFs (pdfplumber, pdftotext with and without -layout), against the
annotations in tests/corpus/annotations/: every file read, its tables, unit, year and kind right,
the annotated problems found and no error finding that is not one of them (bench/corpus.py prints
the same board)."""
from __future__ import annotations

import shutil
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402

from yusuan.read import read_file  # noqa: E402

pytest.importorskip("pdfplumber")
DOCS = sorted(p for p in corpus.CORPUS.iterdir() if p.suffix != ".md")


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is needed: python3 dev.py test installs it")
    into = tmp_path_factory.mktemp("corpus-text")
    out = []
    for doc in DOCS:
        note = corpus.annotation(doc)
        layouts = [(doc.suffix.lstrip("."), doc)]
        if doc.suffix == ".pdf":
            layouts += [(layout, corpus.extract(doc, layout, into)) for layout in corpus.LAYOUTS]
        out += [(corpus.score(path, layout, note, doc.name), note) for layout, path in layouts]
    return out


def test_every_corpus_file_is_annotated():
    assert [d.name for d in DOCS if corpus.annotation(d) is None] == []


def test_every_file_and_text_is_read_with_its_tables_unit_year_and_kind(board):
    wrong = [(s.document, s.layout, s.exit, s.tables, s.unit, s.year, s.kind) for s, _ in board
             if s.exit or s.tables[0] != s.tables[1] or not (s.unit and s.year and s.kind)]
    assert wrong == []
    assert len(board) == 28


def test_no_false_error_on_the_corpus(board):
    assert [(s.document, s.layout, f.code, f.message) for s, _ in board for f in s.false] == []


def test_annotated_problems_found_in_the_files_as_published(board):
    originals = [(s, note) for s, note in board if s.layout in ("pdf", "xlsx", "txt")]
    annotated = sum(corpus.checkable(note) for _, note in originals)
    found = annotated - sum(len(s.missed) for s, _ in originals)
    assert annotated == 44
    assert found / annotated >= 0.9, [m for s, _ in originals for m in s.missed]


def test_the_texts_that_keep_rows_are_read_to_the_values_of_the_pdf(board):
    # pdfplumber's text and pdftotext -layout drop empty cells and wrap headers and names, yet every
    # value is placed in its column, with no reading finding, as from the PDF itself (one 0.00 of a
    # code glued to its name, 310资本性支出, is left out of the -layout 基本支出决算表)
    by = {(s.document, s.layout): s for s, _ in board}
    texts = [s for s, _ in board if s.layout in ("pdfplumber", "pdftotext-layout")]
    assert len(texts) == 12
    assert [(s.document, s.layout, s.placed, s.reading) for s in texts
            if s.placed[0] != s.placed[1] or s.reading] == []
    assert [(s.document, s.layout) for s in texts
            if s.placed[1] < by[(s.document, "pdf")].placed[1]] == [
        ("shanghai-putuo-shehui-gongzuobu-2024-dept-final.pdf", "pdftotext-layout")]
    assert sum(s.placed[0] for s in texts) == 2 * 2211 - 1
    # -layout keeps each value under its column: the values are placed by where they stand, so every
    # identity is checked, none skipped as placed by itself (as from the PDF) but one: 福利院's “三公” row
    # prints six values for seven columns (购置费 blank) and is placed by the other tables, so X109 (the
    # 三公 against the 基本支出 table's 302 款) does not confirm what placed it
    layout = [s for s in texts if s.layout == "pdftotext-layout"]
    assert [(s.document, s.skipped) for s in layout if s.skipped] == [("shanghai-putuo-fuliyuan-2024-unit-budget.pdf", 1)]
    assert sum(s.checked for s in layout) == sum(by[(s.document, "pdf")].checked for s in layout) - 4  # 2123


def test_annotated_problems_found_in_the_texts_researchers_have(board):
    # pdfplumber and pdftotext -layout: every one the PDF finds (a finding on a text's line is on the page
    # that line is printed on, which some problems are found by); pdftotext without -layout: what its
    # tables, one cell per line and out of order (R012), leave to find. The 名词解释 copied from the
    # city's template (wanli 2024, N130) is found by its words in every layout
    found = {layout: sum(corpus.checkable(note) - len(s.missed) for s, note in board if s.layout == layout)
             for layout in (*corpus.LAYOUTS, "pdf")}
    assert found == {"pdfplumber": 38, "pdftotext-layout": 38, "pdftotext": 26, "pdf": 38}
    assert sum(corpus.checkable(note) - len(s.missed) for s, note in board) == 146


def test_a_value_that_could_not_be_placed_is_never_checked_as_blank(board):
    # the one-cell-per-line text (pdftotext without -layout) of a WPS-made PDF: its tables are said to
    # be unreadable (R012), their values kept, and no identity is judged on them
    raw = [s for s, _ in board if s.layout == "pdftotext" and "wanli-jiedao-2024" in s.document]
    [s] = raw
    assert s.placed[0] == 0 and s.placed[1] > 1000 and s.skipped > 0 and not s.false


def test_prose_only_pages_are_read_as_narrative_with_their_numbers():
    doc = read_file(corpus.CORPUS / "fujian-pingtan-jianyan-jiance-zhongxin-2016-budget-narrative.txt")
    assert (doc.unit.name, doc.year, doc.kind, doc.tables) == ("平潭综合实验区检验检测认证中心", 2016, "budget", ())
    # the page's words before its first heading (当前位置…现将我单位2016年部门预算说明如下) are a section of no number
    assert [s.number + s.title for s in doc.sections][:4] == ["", "一、部门主要职责", "二、部门预算单位基本情况",
                                                             "三、部门主要工作任务"]
    amounts = Counter((str(c.amount), c.subject) for c in doc.claims)
    assert amounts[("93.91", "人员支出")] == 1 and amounts[("2.7", "公务接待费")] == 1
    notice = read_file(corpus.CORPUS / "fujian-pingtan-xingzheng-fuwu-zhongxin-2014-final-approval.txt")
    assert (notice.unit.name, notice.year, notice.kind) == ("平潭综合实验区行政服务中心", 2014, "final_accounts")
    assert {str(c.amount) for c in notice.claims} >= {"1.11", "4.63", "1.29"}


def test_shanghai_tables_read_as_printed():
    doc = read_file(corpus.CORPUS / "shanghai-putuo-wanli-jiedao-2024-dept-budget.pdf")
    revenue = doc.table("revenue")
    assert revenue.columns == ("total", "fiscal", "business", "operating", "other")
    assert revenue.amount_unit == "元" and revenue.row("total").value("fiscal") == 156211123
    three = doc.table("three_public")  # 公务接待费 before 公务用车, 机关运行经费 last, in 万元
    assert three.columns == ("total", "abroad", "reception", "vehicles", "vehicle_purchase", "vehicle_operation",
                             "operation_funds")
    assert [str(three.row("total").value(c)) for c in three.columns] == ["47.91", "0", "1.35", "46.56", "25",
                                                                         "21.56", "443.18"]
    basic = doc.table("basic_expenditure")  # “301 | 2 津贴补贴” is 30102
    assert basic.row("30102").value("personnel") == 16623810
    final = read_file(corpus.CORPUS / "shanghai-putuo-guihua-ziyuan-ju-2024-dept-final.pdf")
    three = final.table("final_three_public")  # 预算数 | 决算数 under each item
    assert (three.row("total").value("full_year_budget"), three.row("total").value("final.reception")) == \
        (Decimal("2.85"), Decimal("0.39"))

