"""Reader edge cases on small inline documents (beancount's ``load_doc`` style).

Each document is the smallest text that shows one thing a real seed does: tab-separated cells,
PDF text with its empty cells dropped, names wrapped over lines, a two-sided table, a table
printed over two pages, Henan's split codes and spaced numbers, one cell per line. A title is
confirmed by the ``单位：万元`` line under it, as in the seeds.
"""
from __future__ import annotations

from decimal import Decimal
from textwrap import dedent

import pytest

from yusuan.ledger import facts
from yusuan.read import UnreadableError, read_file, read_text
from yusuan.model import Status

D = Decimal


def doc_of(text: str, tabs: bool = False):
    """Read an inline document; with ``tabs``, ``|`` stands for a tab (so the test stays readable)."""
    text = dedent(text).strip("\n") + "\n"
    if tabs:
        text = text.replace("|", "\t")
    return read_text(text, "inline.txt")


def values(row) -> dict[str, Decimal]:
    return {c.column: c.value for c in row.cells if c.value is not None}


def codes(findings, code):
    return [f for f in findings if f.code == code]


# --------------------------------------------------------------------------- tsv


TSV = """\
某单位2024年部门预算

某单位一般公共预算财政拨款支出预算表

单位：万元

功能分类科目||2024年预算数||
科目编码|科目名称|小计|基本支出|项目支出
208|社会保障和就业支出|100.00|60.00|40.00
20801|人力资源和社会保障管理事务|100.00|60.00|40.00
2080101|行政运行|60.00|60.00|
2080199|其他人力资源和社会保障管理事务支出|40.00||40.00

备注：本表反映2024年当年一般公共预算财政拨款支出情况。
"""


def test_tsv_table():
    doc = doc_of(TSV, tabs=True)
    assert doc.layout == "tsv"
    assert doc.year == 2024
    assert [t.kind for t in doc.tables] == ["general_expenditure"]
    t = doc.table("general_expenditure")
    assert t.title == "某单位一般公共预算财政拨款支出预算表"
    assert t.columns == ("total", "basic", "project")
    assert t.amount_unit == "万元"
    assert t.year == 2024
    assert t.notes == ("备注：本表反映2024年当年一般公共预算财政拨款支出情况。",)
    assert [(r.code, r.level) for r in t.rows] == [("208", 1), ("20801", 2), ("2080101", 3), ("2080199", 3)]
    assert values(t.row("208")) == {"total": D("100.00"), "basic": D("60.00"), "project": D("40.00")}
    assert values(t.row("2080101")) == {"total": D("60.00"), "basic": D("60.00")}
    assert values(t.row("2080199")) == {"total": D("40.00"), "project": D("40.00")}
    blank = t.row("2080101").cell("project")
    assert blank is None or (blank.status is Status.BLANK and blank.value is None)
    cell = t.row("2080199").cell("project")
    assert (cell.source.file, cell.source.line, cell.source.column) == ("inline.txt", 12, "project")
    assert doc.findings == ()
    assert {(f.row_code, f.column, f.amount) for f in facts(doc)} == {
        ("208", "total", D("100.00")), ("208", "basic", D("60.00")), ("208", "project", D("40.00")),
        ("20801", "total", D("100.00")), ("20801", "basic", D("60.00")), ("20801", "project", D("40.00")),
        ("2080101", "total", D("60.00")), ("2080101", "basic", D("60.00")),
        ("2080199", "total", D("40.00")), ("2080199", "project", D("40.00")),
    }


def test_tsv_lost_value_is_reported_at_its_cell():
    doc = doc_of("""\
        某单位2024年部门预算

        某单位一般公共预算财政拨款基本支出预算表
        单位：万元
        科目编码|科目名称|合计|人员经费|公用经费
        301|工资福利支出|#####|100.00|
        30101|基本工资|100.00|100.00|
    """, tabs=True)
    row = doc.table("basic_expenditure").row("301")
    cell = row.cell("total")
    assert (cell.status, cell.value, cell.text) == (Status.LOST, None, "#####")
    [f] = codes(doc.findings, "R002")
    assert (f.source.line, f.table, f.row, f.column) == (6, "basic_expenditure", "301", "total")
    [fact] = [f for f in facts(doc) if f.row_code == "301" and f.column == "total"]
    assert fact.amount is None and fact.amount_text == "#####"


def test_tsv_text_in_a_number_cell_is_reported():
    doc = doc_of("""\
        某单位2024年部门预算

        某单位一般公共预算财政拨款支出预算表
        单位：万元
        科目编码|科目名称|小计|基本支出|项目支出
        208|社会保障和就业支出|100.00|60.00|40.00
        2080101|行政运行|60.00|60.00|
        2080199|其他人力资源和社会保障管理事务支出|40.00||待定
    """, tabs=True)
    [f] = codes(doc.findings, "R005")
    assert (f.source.line, f.row, f.column) == (8, "2080199", "project")
    cell = doc.table("general_expenditure").row("2080199").cell("project")
    assert (cell.status, cell.value, cell.text) == (Status.TEXT, None, "待定")


# --------------------------------------------------------------------------- pdf text: placing values


def test_pdf_text_values_placed_by_row_and_column_identities():
    # "2080101 行政运行 60.00 60.00" could be 基本 or 项目; 20801 = Σ its 项 decides
    doc = doc_of("""\
        某单位2024年部门预算

        某单位一般公共预算财政拨款支出预算表
        单位：万元
        功能分类科目 2024年预算数
        科目编码 科目名称 小计 基本支出 项目支出
        208 社会保障和就业支出 100.00 60.00 40.00
        20801 人力资源和社会保障管理事务 100.00 60.00 40.00
        2080101 行政运行 60.00 60.00
        2080199 其他人力资源和社会保障管理事务支出 40.00 40.00
    """)
    assert doc.layout == "pdf_text"
    t = doc.table("general_expenditure")
    assert values(t.row("2080101")) == {"total": D("60.00"), "basic": D("60.00")}
    assert values(t.row("2080199")) == {"total": D("40.00"), "project": D("40.00")}
    assert t.row("2080101").value("project") is None
    assert doc.findings == ()


def test_pdf_text_basic_table_placed_under_its_total_row():
    # 301 and 302 each print "x x": 人员经费 or 公用经费? The 合计 row (人员 100, 公用 50) decides,
    # and 30101 / 30201 follow their 类.
    doc = doc_of("""\
        某单位2024年部门预算

        某单位一般公共预算财政拨款基本支出预算表
        单位：万元
        经济分类科目 2024年基本支出
        科目编码 科目名称 合计 人员经费 公用经费
        合计 150.00 100.00 50.00
        301 工资福利支出 100.00 100.00
        30101 基本工资 100.00 100.00
        302 商品和服务支出 50.00 50.00
        30201 办公费 50.00 50.00
    """)
    t = doc.table("basic_expenditure")
    assert [r.code for r in t.rows] == ["total", "301", "30101", "302", "30201"]
    assert values(t.row("total")) == {"total": D("150.00"), "personnel": D("100.00"), "public": D("50.00")}
    assert values(t.row("301")) == {"total": D("100.00"), "personnel": D("100.00")}
    assert values(t.row("30101")) == {"total": D("100.00"), "personnel": D("100.00")}
    assert values(t.row("302")) == {"total": D("50.00"), "public": D("50.00")}
    assert values(t.row("30201")) == {"total": D("50.00"), "public": D("50.00")}
    assert doc.findings == ()


def test_pdf_text_name_wrapped_over_three_lines():
    # 003 style: the code on one line, the name over two, the values on a fourth
    doc = doc_of("""\
        某单位2024年部门预算

        某单位一般公共预算财政拨款支出预算表
        单位：万元
        功能分类科目 2024年预算数
        科目编码 科目名称 小计 基本支出 项目支出
        合计 100.00 78.55 21.45
        208 社会保障和就业支出 100.00 78.55 21.45
         20805  行政事业单位养老支出 78.55 78.55
          2080505
          机关事业单位基本养老保险缴

        费支出
        78.55 78.55
         20899  其他社会保障和就业支出 21.45 21.45
          2089999   其他社会保障和就业支出 21.45 21.45
    """)
    t = doc.table("general_expenditure")
    assert [r.code for r in t.rows] == ["total", "208", "20805", "2080505", "20899", "2089999"]
    row = t.row("2080505")
    assert row.name == "机关事业单位基本养老保险缴费支出"
    assert row.level == 3
    assert row.source.line == 10
    assert values(row) == {"total": D("78.55"), "basic": D("78.55")}
    assert values(t.row("2089999")) == {"total": D("21.45"), "project": D("21.45")}
    assert doc.findings == ()


def test_pdf_text_more_values_than_columns_is_reported():
    doc = doc_of("""\
        某单位2024年部门预算

        某单位一般公共预算财政拨款支出预算表
        单位：万元
        科目编码 科目名称 小计 基本支出 项目支出
        208 社会保障和就业支出 100.00 60.00 40.00
        2080101 行政运行 60.00 60.00 0.00 1.00
    """)
    [f] = codes(doc.findings, "R007")
    assert f.source.line == 7


TWO_SIDED = """\
某单位2024年部门预算

某单位财政拨款收支总表
单位：万元
收入 支出
项目 预算数 项目 合计 一般公共预算财政拨款 政府性基金预算财政拨款 国有资本经营预算财政拨款
一、本年收入 120.00 一、本年支出 120.00 120.00
一般公共预算拨款 120.00 社会保障和就业支出 100.00 100.00
政府性基金预算拨款 卫生健康支出 20.00 20.00
国有资本经营预算拨款
二、上年结转 二、结转下年
一般公共预算拨款
收入总计 120.00 支出总计 120.00 120.00

某单位一般公共预算财政拨款支出预算表
单位：万元
功能分类科目 2024年预算数
科目编码 科目名称 小计 基本支出 项目支出
208 社会保障和就业支出 100.00 60.00 40.00
20801 人力资源和社会保障管理事务 100.00 60.00 40.00
2080101 行政运行 60.00 60.00
2080199 其他人力资源和社会保障管理事务支出 40.00 40.00
210 卫生健康支出 20.00 15.00 5.00
21011 行政事业单位医疗 20.00 15.00 5.00
2101101 行政单位医疗 15.00 15.00
2101199 其他行政事业单位医疗支出 5.00 5.00
"""


def test_pdf_text_two_sided_fiscal_summary():
    doc = doc_of(TWO_SIDED)
    assert [t.kind for t in doc.tables] == ["fiscal_summary", "general_expenditure"]
    t = doc.table("fiscal_summary")
    assert t.columns == ("total", "general_budget", "gov_fund", "soe")
    got = [(r.code, r.side, r.source.line, values(r)) for r in t.rows]
    assert got == [
        ("in.current", "income", 7, {"total": D("120.00")}),
        ("out.current", "expenditure", 7, {"total": D("120.00"), "general_budget": D("120.00")}),
        ("in.general_budget", "income", 8, {"total": D("120.00")}),
        ("208", "expenditure", 8, {"total": D("100.00"), "general_budget": D("100.00")}),
        # line 9: an income label without a value, then an expenditure row
        ("in.gov_fund", "income", 9, {}),
        ("210", "expenditure", 9, {"total": D("20.00"), "general_budget": D("20.00")}),
        ("in.soe", "income", 10, {}),
        ("in.carryover", "income", 11, {}),
        ("out.carry_forward", "expenditure", 11, {}),
        ("in.carryover.general_budget", "income", 12, {}),
        ("in.total", "income", 13, {"total": D("120.00")}),
        ("out.total", "expenditure", 13, {"total": D("120.00"), "general_budget": D("120.00")}),
    ]
    assert t.row("210").level == 1
    assert t.row("210").name == "卫生健康支出"
    ge = doc.table("general_expenditure")
    assert values(ge.row("2101101")) == {"total": D("15.00"), "basic": D("15.00")}
    assert values(ge.row("2101199")) == {"total": D("5.00"), "project": D("5.00")}
    assert codes(doc.findings, "R004") == []


def test_pdf_text_two_sided_labels_wrapped_onto_their_own_lines():
    # a narrow print: 政府性基金预算拨 | 社会保障和就业支 go on as 款 | 出 on the next line, and
    # 卫生健康支 alone as 出; the pieces complete the names each side knows
    text = TWO_SIDED.replace("一般公共预算拨款 120.00 社会保障和就业支出 100.00 100.00\n"
                             "政府性基金预算拨款 卫生健康支出 20.00 20.00\n",
                             "一般公共预算拨款 120.00 社会保障和就业支 100.00 100.00\n"
                             "出\n"
                             "政府性基金预算拨 卫生健康支 20.00 20.00\n"
                             "款 出\n")
    t = doc_of(text).table("fiscal_summary")
    got = [(r.code, r.side, r.name) for r in t.rows][2:6]
    assert got == [("in.general_budget", "income", "一般公共预算拨款"), ("208", "expenditure", "社会保障和就业支出"),
                   ("in.gov_fund", "income", "政府性基金预算拨款"), ("210", "expenditure", "卫生健康支出")]
    assert values(t.row("210")) == {"total": D("20.00"), "general_budget": D("20.00")}


def test_pdf_text_two_sided_row_with_more_values_than_the_income_side_is_expenditure():
    # 国有资本经营预算 is an income label, but two values are the expenditure side's (class 223)
    text = TWO_SIDED.replace("国有资本经营预算拨款\n", "国有资本经营预算拨款\n国有资本经营预算 0.00 0.00\n")
    t = doc_of(text).table("fiscal_summary")
    row = next(r for r in t.rows if r.name == "国有资本经营预算")
    assert row.side == "expenditure" and [c.value for c in row.cells] == [D("0.00"), D("0.00")]


# --------------------------------------------------------------------------- pages


def test_table_continued_over_two_pages():
    doc = doc_of("""\
        某单位2024年部门预算

        某单位一般公共预算财政拨款基本支出预算表
        单位：万元
        经济分类科目||2024年基本支出||
        科目编码|科目名称|合计|人员经费|公用经费
        |合计|150.00|100.00|50.00
        301|工资福利支出|100.00|100.00|
        30101|基本工资|100.00|100.00|

        某单位一般公共预算财政拨款基本支出预算表
        单位：万元
        经济分类科目||2024年基本支出||
        科目编码|科目名称|合计|人员经费|公用经费
        302|商品和服务支出|50.00||50.00
        30201|办公费|50.00||50.00
    """, tabs=True)
    assert [t.kind for t in doc.tables] == ["basic_expenditure"]
    t = doc.table("basic_expenditure")
    assert t.pages == 2
    assert [(r.code, r.source.line) for r in t.rows] == [("total", 7), ("301", 8), ("30101", 9), ("302", 15),
                                                          ("30201", 16)]
    assert values(t.row("30201")) == {"total": D("50.00"), "public": D("50.00")}
    assert doc.findings == ()


def test_header_repeated_without_its_title_after_a_page_break():
    # Word's 标题行重复: the table's first rows (its 单位 cell at the right, the header) come
    # again on the next page, the title above the table does not
    doc = doc_of("""\
        某单位2024年部门预算

        某单位一般公共预算财政拨款基本支出预算表
        ||||单位：万元
        经济分类科目||2024年基本支出||
        科目编码|科目名称|合计|人员经费|公用经费
        |合计|150.00|100.00|50.00
        301|工资福利支出|100.00|100.00|
        30101|基本工资|100.00|100.00|
        ||||单位：万元
        经济分类科目||2024年基本支出||
        科目编码|科目名称|合计|人员经费|公用经费
        302|商品和服务支出|50.00||50.00
        30201|办公费|50.00||50.00
    """, tabs=True)
    t = doc.table("basic_expenditure")
    assert [r.code for r in t.rows] == ["total", "301", "30101", "302", "30201"]
    assert values(t.row("30201")) == {"total": D("50.00"), "public": D("50.00")}
    assert doc.findings == ()


def test_numbered_pages_of_one_table_are_joined():
    # 001 style: "附件4-3" repeated above each page's title
    doc = doc_of("""\
        某单位2024年部门预算

        附件4-3

        某单位一般公共预算财政拨款基本支出预算表

        单位：万元

        科目编码 科目名称 合计 人员经费 公用经费

        合计 150.00 100.00 50.00

        301 工资福利支出 100.00 100.00

        附件4-3

        某单位一般公共预算财政拨款基本支出预算表

        单位：万元

        科目编码 科目名称 合计 人员经费 公用经费

        302 商品和服务支出 50.00 50.00
    """)
    assert [(t.kind, t.number, t.pages) for t in doc.tables] == [("basic_expenditure", "附件4-3", 2)]
    t = doc.table("basic_expenditure")
    assert values(t.row("301")) == {"total": D("100.00"), "personnel": D("100.00")}
    assert values(t.row("302")) == {"total": D("50.00"), "public": D("50.00")}


# --------------------------------------------------------------------------- Henan


HENAN = """\
某中心2023年单位预算

2023 年一般公共预算支出预算表

单位名称：某中心

单位：万元

科目编码|||单位代码|单位（科目名称）|合计|基本支出|项目支出
类|款|项|||||
||||合计|100.00|60.00|40.00
|||303|某局|100.00|60.00|40.00
208|01|09||社会保险经办机构|70.00|60.00|10.00
208|05|06||机关事业单位职业年金缴费支出|30.00||30.00

2023 年一般公共预算基本支出表

单位名称：某中心

单位：万元

部门预算支出经济分类科目||政府预算支出经济分类科目编码||本年一般公共预算基本支出||
科目编码|科目名称|科目编码|科目名称|合计|人员经费|公用经费
合计||||1, 260. 00|1, 200. 00|60. 00
30101|基本工资|50101|工资奖金津补贴|1, 200. 00|1, 200. 00|
30201|办公费|50201|办公经费|60. 00||60. 00
"""


def test_henan_split_codes():
    doc = doc_of(HENAN, tabs=True)
    assert doc.layout == "tsv"
    assert [t.kind for t in doc.tables] == ["general_expenditure", "basic_expenditure"]
    t = doc.table("general_expenditure")
    assert [(r.code, r.level) for r in t.rows] == [("total", 0), ("unit:303", 0), ("2080109", 3), ("2080506", 3)]
    row = t.row("2080109")  # "208|01|09"
    assert row.name == "社会保险经办机构"
    assert values(row) == {"total": D("70.00"), "basic": D("60.00"), "project": D("10.00")}
    assert values(t.row("2080506")) == {"total": D("30.00"), "project": D("30.00")}
    assert t.row("unit:303").name == "某局"


def test_henan_spaced_numbers_and_government_codes():
    doc = doc_of(HENAN, tabs=True)
    t = doc.table("basic_expenditure")
    total = t.row("total")
    assert values(total) == {"total": D("1260.00"), "personnel": D("1200.00"), "public": D("60.00")}
    assert total.cell("total").text == "1, 260. 00"
    row = t.row("30101")
    assert row.name == "基本工资"
    assert dict(row.extra) == {"gov_code": "50101", "gov_name": "工资奖金津补贴"}
    assert values(row) == {"total": D("1200.00"), "personnel": D("1200.00")}
    assert dict(t.row("30201").extra) == {"gov_code": "50201", "gov_name": "办公经费"}
    assert doc.findings == ()
    amounts = {(f.row_code, f.column): f.amount_text for f in facts(doc) if f.table == "basic_expenditure"}
    assert amounts[("total", "total")] == "1260.00"


def test_henan_two_sided_class_names_without_the_word_支出():
    # 004 收支预算表 names its expenditure classes "八、社会保障和就业", "二十三、国有资本经营预算"
    doc = doc_of("""\
        某中心2023年单位预算

        预算 01 表

        2023 年单位收支预算表

        单位名称：某中心

        单位：万元

        收入||支出|
        项目|金额|项目|金额
        一、一般公共预算|100.00|八、社会保障和就业|80.00
        其中：财政拨款|100.00|十、卫生健康|20.00
        二、政府性基金预算拨款收入||二十三、国有资本经营预算|
        本 年 收 入 合 计|100.00|本 年 支 出 合 计|100.00
        收 入 总 计|100.00|支 出 总 计|100.00
    """, tabs=True)
    t = doc.table("summary")
    assert t.number == "预算01表"
    got = [(r.code, r.side, values(r)) for r in t.rows]
    assert got == [
        ("in.general_budget", "income", {"total": D("100.00")}),
        ("208", "expenditure", {"total": D("80.00")}),
        ("in.fiscal_appropriation", "income", {"total": D("100.00")}),
        ("210", "expenditure", {"total": D("20.00")}),
        ("in.gov_fund", "income", {}),
        ("223", "expenditure", {}),  # the expenditure class, not an income source
        ("in.current", "income", {"total": D("100.00")}),
        ("out.current", "expenditure", {"total": D("100.00")}),
        ("in.total", "income", {"total": D("100.00")}),
        ("out.total", "expenditure", {"total": D("100.00")}),
    ]


# --------------------------------------------------------------------------- ambiguity is reported, never guessed


AMBIGUOUS = """\
某单位2024年部门预算

某单位一般公共预算财政拨款支出预算表
单位：万元
科目编码 科目名称 小计 基本支出 项目支出
210 卫生健康支出 33.20 33.20
"""


def test_genuinely_ambiguous_row_is_reported_not_guessed():
    # one 类 row, no 合计, no other table: 33.20 could be 基本支出 or 项目支出
    doc = doc_of(AMBIGUOUS)
    t = doc.table("general_expenditure")
    row = t.row("210")
    assert row is not None
    printed = [c for c in row.cells if c.value is not None]
    assert [c.value for c in printed] == [D("33.20"), D("33.20")]  # nothing dropped
    assert {c.column for c in printed} & {"basic", "project"} == set()  # nothing guessed
    assert any(c.column is None for c in printed)
    [f] = codes(doc.findings, "R004")
    assert (f.source.line, f.table, f.row) == (6, "general_expenditure", "210")
    assert "33.20" in f.message


# --------------------------------------------------------------------------- one cell per line


CELL_LINES = """\
某单位2026年单位预算

附件：某单位2026年单位预算公开报表
\t表二
\t
\t

\t一般公共预算财政拨款支出预算表

\t
\t单位：万元

\t功能分类科目
\t2026年预算数

\t科目编码
\t科目名称
\t小计
\t基本支出
\t项目支出

\t合计
\t100.00
\t60.00
\t40.00

\t208
\t社会保障和就业支出
\t100.00
\t60.00
\t40.00

\t 20801
\t 人力资源和社会保障管理事务
\t100.00
\t60.00
\t40.00

\t  2080101
\t  行政运行
\t60.00
\t60.00
\t

\t  2080199
\t  其他人力资源和社会保障管理事务支出
\t40.00
\t
\t40.00

"""


def test_cell_lines_document():
    doc = read_text(CELL_LINES, "cells.txt")
    assert doc.layout == "cell_lines"
    assert doc.year == 2026
    t = doc.table("general_expenditure")
    assert (t.number, t.title, t.year) == ("表二", "一般公共预算财政拨款支出预算表", 2026)
    assert t.columns == ("total", "basic", "project")
    assert [(r.code, r.level) for r in t.rows] == [("total", 0), ("208", 1), ("20801", 2), ("2080101", 3),
                                                   ("2080199", 3)]
    # the 合计 row prints four cells: 合计 spans 科目编码 and 科目名称
    assert values(t.row("total")) == {"total": D("100.00"), "basic": D("60.00"), "project": D("40.00")}
    assert t.row("total").name == "合计"
    assert values(t.row("2080101")) == {"total": D("60.00"), "basic": D("60.00")}
    assert values(t.row("2080199")) == {"total": D("40.00"), "project": D("40.00")}
    assert t.row("20801").name == "人力资源和社会保障管理事务"
    assert t.row("208").source.line == 27
    assert doc.findings == ()


# --------------------------------------------------------------------------- unreadable


@pytest.mark.parametrize("text", [
    "",
    "hello\n",
    "这是一段普通的文字。\n没有任何表格。\n第三行。\n第四行。\n第五行。\n第六行。\n",
    "Lorem ipsum dolor sit amet\nconsectetur adipiscing elit\nsed do eiusmod tempor\n"
    "incididunt ut labore\net dolore magna aliqua\n",
])
def test_unrecognisable_text_raises(text):
    with pytest.raises(UnreadableError):
        read_text(text, "junk.txt")


def test_unreadable_error_names_the_file(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("这是一段普通的文字。\n没有任何表格。\n第三行。\n第四行。\n第五行。\n", encoding="utf-8")
    with pytest.raises(UnreadableError) as e:
        read_file(junk)
    assert str(junk) in str(e.value)
    with pytest.raises(UnreadableError) as e:
        read_file(tmp_path / "missing.txt")
    assert "missing.txt" in str(e.value)


def test_gb18030_file_is_read(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(TSV.replace("|", "\t").encode("gb18030"))
    doc = read_file(path)
    assert doc.table("general_expenditure").row("208").value("total") == D("100.00")
    assert doc.file == str(path)


# --------------------------------------------------------------------------- title and header together

MISTITLED = """\
附件4-4

某单位一般公共预算财政拨款支出预算表

单位：万元

2023年预算数|||||
合计|因公出国（境）费|公务用车购置及运行费|||公务接待费
||小计|公务用车购置费|公务用车运行费|
3.50||3.50||3.50|
"""


def test_header_outranks_a_copied_title():
    # the title names the 一般公共预算支出表 (copied from 4-2), the header is a 三公 header
    doc = doc_of(MISTITLED, tabs=True)
    table = doc.table("three_public")
    assert table is not None and doc.table("general_expenditure") is None
    assert table.columns == ("total", "abroad", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
    assert values(table.row("total")) == {"total": D("3.50"), "vehicles": D("3.50"), "vehicle_operation": D("3.50")}


# --------------------------------------------------------------------------- 整体绩效 amounts without their empty cells

UNIT_PERFORMANCE = """\
2023年部门（单位）整体支出绩效目标表
预算部门 212009-某单位
总体资金情况（元）
预算支出总额
基本支出 项目支出
合计 财政拨款 专户资金 单位资金 合计 财政拨款 专户资金 单位资金
   300.00    100.00    100.00    200.00    200.00
整体绩效目标 保障运转
年度绩效指标
一级指标 二级指标 三级指标 绩效指标性质 绩效指标值 绩效度量单位 权重
产出指标
数量指标
发放人数 ≥ 10 人 100
"""

SUMMARY_FISCAL_ONLY = """\
某单位部门收支总表
单位：万元
收入 支出
项目 预算数 项目 预算数
一般公共预算拨款收入 0.03 社会保障和就业支出 0.03
事业收入预算
其他收入预算
本年收入合计 0.03 本年支出合计 0.03
收入总计 0.03 支出总计 0.03
"""


def test_unit_performance_amounts_need_evidence_when_cells_were_dropped():
    # 100.00 could be 财政拨款, 专户资金 or 单位资金: nothing in the document says which
    doc = doc_of(UNIT_PERFORMANCE)
    assert doc.performance.amounts == ()
    assert [f.code for f in doc.findings] == ["R004"]


def test_unit_performance_amounts_placed_by_the_units_income_sources():
    # the 收支总表 shows income from 财政拨款 alone, so neither 专户资金 nor 单位资金 can hold money
    doc = doc_of(SUMMARY_FISCAL_ONLY + "\n" + UNIT_PERFORMANCE)
    assert dict(doc.performance.amounts) == {
        "total": D("300.00"), "basic": D("100.00"), "basic.fiscal": D("100.00"),
        "project": D("200.00"), "project.fiscal": D("200.00")}
    assert not doc.findings


def test_a_table_not_printed_is_no_evidence():
    """Without a 一般公共预算支出表 or 政府性基金表 nothing says which fund a 财政拨款收支总表 amount
    belongs to: R004, not a guess (the absent tables used to count as zeros, which put it in 国有资本经营)."""
    doc = read_text("某单位2026年单位预算\n表一\n某单位财政拨款收支总表\n单位：万元\n收入 支出\n"
                    "项目 预算数 项目 合计 一般公共预算 政府性基金预算 国有资本经营预算\n"
                    "一、本年收入 100.00 一、本年支出 100.00 100.00\n"
                    "一般公共预算资金 100.00 社会保障和就业支出 100.00 100.00\n", "tiny.txt")
    row = doc.tables[0].row("208")
    assert [c.column for c in row.cells] == [None, None]
    assert [(f.code, f.source.line) for f in doc.findings if f.code == "R004"] == [("R004", 7), ("R004", 8)]


def test_placement_search_keeps_the_placements_the_identities_allow():
    from decimal import Decimal as D

    from yusuan.read import assign
    a, b = D("589.13"), D("100.00")
    assert assign.placements((a, b), 3) == [(a, b, None), (a, None, b), (None, a, b)]
    assert assign.placements((), 2) == [(None, None)] and assign.placements((a,), 1) == [(a,)]
    assert assign.placements((a, b), 1) == [] and assign.placements((a,), 0) == []
    # 小计 = 基本 + 项目: 589.13 under 小计 with one part printed is 小计 and that part, either one
    row = assign.placed((a, a), 3, ((0, (1, 2)),))
    assert row.candidates == [(a, a, None), (a, None, a)] and row.placed_by != "row"
    # within rounding only when nothing holds exactly: 10.0 = 3.3 + 6.6 (±0.05 + 0.05 + 0.05)
    tail = assign.placed((D("10.0"), D("3.3"), D("6.6")), 3, ((0, (1, 2)),))
    assert tail.candidates == [(D("10.0"), D("3.3"), D("6.6"))] and not tail.notes
    # an identity no placement satisfies keeps them all, and says so
    ten, three = D("10.00"), D("3.00")
    wrong = assign.placed((ten, three), 3, ((0, (1, 2)),))
    assert wrong.candidates == [(ten, three, None), (ten, None, three), (None, ten, three)]
    assert wrong.notes == ["row identities do not hold for any placement"]
    # a parent = Σ children column by column decides each child's place (合计 1000 = 基本 600 + 项目 400)
    t, x, y = D("1000.00"), D("600.00"), D("400.00")
    parent = assign.Slot((t, x, y), [(t, x, y)])
    first = assign.Slot((x, x), [(x, x, None), (x, None, x)])
    second = assign.Slot((y, y), [(y, y, None), (y, None, y)])
    assert assign.propagate([parent, first, second], [(0, (1, 2))], 3, memo={})
    assert first.candidates == [(x, x, None)] and second.candidates == [(y, None, y)]
    lone = assign.Slot((x,), [(x, None, None), (None, x, None)])  # 600 can nowhere make 1000
    assert not assign.propagate([assign.Slot((t, t), [(t, t, None)]), lone], [(0, (1,))], 3)
    assert len(lone.candidates) == 2  # a contradiction narrows nothing


def test_the_cyclic_collector_paused_for_a_read_is_resumed_after_it_and_after_a_failed_one():
    import gc

    from conftest import seed_path
    assert gc.isenabled()
    doc = read_text(seed_path("000").read_text(encoding="utf-8"))
    assert doc.tables and gc.isenabled()
    with pytest.raises(UnreadableError):
        read_text("一\n二\n三\n四\n五\n六")
    assert gc.isenabled()
    with pytest.raises(UnreadableError):
        read_file(seed_path("000").with_name("no-such-file.txt"))
    assert gc.isenabled()
    gc.disable()  # a caller that paused it itself keeps it paused
    try:
        read_file(seed_path("004"))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_rounding_slack_follows_the_printed_decimals_not_only_the_value():
    """1.0 and 1.00 are equal Decimals but stand for ±0.05 and ±0.005: the placement search's cache
    of scaled vectors must not give one the other's slack, nor a row's placements scaled as they are
    made (assign.placed)."""
    from yusuan.read.assign import Slot, _scaled, placed
    _, [[one_place]] = _scaled([Slot((), [(Decimal("1.0"),)])])
    _, [[two_places]] = _scaled([Slot((), [(Decimal("1.00"),)])])
    assert one_place[0] == 10 * two_places[0] > 0
    [[first, second]], [[first_slack, second_slack]] = _scaled([placed((Decimal("1.0"),), 2)])
    assert (first, second) == ((2_000_000_000, 0), (0, 2_000_000_000))
    assert (first_slack, second_slack) == ((one_place[0], 0), (0, one_place[0]))
