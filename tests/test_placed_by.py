"""A value printed without its empty neighbours (PDF text) has its column chosen by the reader; the cell
says how (Cell.placed_by), and the identity that placed it confirms nothing: its check is counted as
skipped, not as checked, while a rounding tail or an error it could not place away is still said."""
from __future__ import annotations

from dataclasses import replace
from textwrap import dedent

from yusuan.read import read_text
from yusuan.model.codec import document_from_json, document_json
from yusuan.rules import check

TEXT = dedent("""
    某单位2024年部门预算
    某单位一般公共预算支出表
    单位：万元
    科目编码 科目名称 合计 基本支出 项目支出
    合计 100.00 60.00 40.00
    201 一般公共服务支出 100.00 60.00 40.00
    20101 人大事务 100.00 60.00 40.00
    2010101 行政运行 60.00 60.00
    2010102 一般行政管理事务 40.00 40.00
""").lstrip()


def test_the_column_sums_place_a_row_and_say_so():
    doc = read_text(TEXT, "t.txt")
    rows = {r.code: r for r in doc.table("general_expenditure").rows}
    assert [(c.column, c.placed_by) for c in rows["2010101"].cells] == [("total", "column"), ("basic", "column")]
    assert [(c.column, c.placed_by) for c in rows["2010102"].cells] == [("total", "column"), ("project", "column")]
    assert {c.placed_by for c in rows["201"].cells} == {None}  # printed whole: as printed
    assert document_from_json(document_json(doc)) == doc  # kept by the store as read


def test_the_identity_that_placed_values_is_not_counted_as_confirming_them():
    report = check(read_text(TEXT, "t.txt"))
    assert report.skipped.get("A102") == 3  # 20101's three columns are the sums that placed its 项
    assert not [f for f in report.findings if f.code[0] == "A"]


def test_an_identity_still_says_a_difference_in_values_it_placed():
    doc = read_text(TEXT, "t.txt")
    t = doc.table("general_expenditure")
    parent = t.row("20101")
    wrong = replace(parent, cells=tuple(replace(c, value=c.value + 1) if c.column == "basic" else c
                                        for c in parent.cells))
    doc = replace(doc, tables=(replace(t, rows=tuple(wrong if r is parent else r for r in t.rows)),))
    said = [(f.code, f.row, f.column) for f in check(doc).findings if f.code == "A102"]
    assert ("A102", "20101", "basic") in said
