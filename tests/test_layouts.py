"""The layout families of real packages, each on a small inline document (the wording and layout of
the Shanghai and Fujian packages in examples/corpus/): tables confirmed by what follows their title,
space-separated PDF text, amounts in 元 against a narrative in 万元, a header wrapped over lines, a
heading that wraps, narrative after the tables, page-break form feeds, text extracted one cell per
line, prose-only pages, HTML pages, 类 | 款 | 项 columns that print only their own part and a
worksheet whose name is its table's title. Split and glued codes, wrapped names and the two-block
基本支出决算表 have theirs in test_templates.py and test_final_accounts.py."""
from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from textwrap import dedent

import pytest

from yusuan.read import UnreadableError, read_file, read_text
from yusuan.rules import check

ROOT = Path(__file__).resolve().parents[1]

SUMMARY = """
2024年部门财务收支预算总表
编制部门：上海市普陀区某某局 单位：元
本年收入 本年支出
项目 预算数 项目 预算数
一、财政拨款收入 1,000,000 一、一般公共服务支出 600,000
1. 一般公共预算资金 1,000,000 二、城乡社区支出 400,000
2. 政府性基金
二、事业收入
收入总计 1,000,000 支出总计 1,000,000
"""
GENERAL = """
2024年部门一般公共预算支出功能分类预算表
编制部门：上海市普陀区某某局 单位：元
项目 一般公共预算支出
功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出
类 款 项
201 一般公共服务支出 600,000 600,000 0
201 01 人大事务 600,000 600,000 0
201 01 01 行政运行 600,000 600,000 0
212 城乡社区支出 400,000 0 400,000
212 01 城乡社区管理事务 400,000 0 400,000
212 01 99 其他城乡社区管理事务支出 400,000 0 400,000
合计 1,000,000 600,000 400,000
"""


def text_doc(*parts: str, head: str = "上海市普陀区2024年区级部门预算\n预算主管部门：上海市普陀区某某局\n"):
    return read_text(head + "".join(dedent(p) for p in parts), "inline.txt")


def test_a_title_confirmed_by_a_field_line_and_by_a_header_over_amounts():
    # 编制部门：… 单位：元 under the title (a word no list had), and a title with only a header under it
    doc = text_doc(SUMMARY, GENERAL.replace("编制部门：上海市普陀区某某局 单位：元\n", ""))
    assert [t.kind for t in doc.tables] == ["summary", "general_expenditure"]
    assert (doc.unit.name, doc.year, doc.kind) == ("上海市普陀区某某局", 2024, "budget")


def test_space_separated_pdf_text_in_yuan():
    doc = text_doc(SUMMARY, GENERAL)
    summary, general = doc.table("summary"), doc.table("general_expenditure")
    assert doc.layout == "pdf_text" and summary.amount_unit == "元"
    assert summary.row("in.fiscal").value("total") == D(1000000)  # 一、财政拨款收入 and its funds under it
    assert summary.row("in.general_budget").value("total") == D(1000000)
    assert general.row("2120199").value("project") == D(400000)
    assert not [f for f in check(doc).findings if f.severity.value == "error" and f.code[0] in "AX"]


def test_a_narrative_in_wan_against_tables_in_yuan():
    ok = text_doc("一、部门预算编制说明\n2024年，收入预算100.00万元。\n", SUMMARY)
    assert [f for f in check(ok, select=["N101"]).findings if f.severity.value != "info"] == []
    wrong = text_doc("一、部门预算编制说明\n2024年，收入预算110.00万元。\n", SUMMARY)
    [f] = check(wrong, select=["N101"]).findings
    assert (f.severity.value, f.actual, f.expected) == ("error", "110.00", "100.0000")


def test_three_public_order_chosen_by_its_identities_when_the_header_wraps():
    # Shanghai prints 公务接待费 before 公务用车购置及运行费, and the text lost the header's columns
    doc = text_doc("""
        部门“三公”经费和机关运行经费预算表
        编制部门：上海市普陀区某某局 单位:万元
        2024年“三公”经费预算数
        2024年机关运行经
        公务用车购置及运行费
        费预算数
        合计 因公出国(境)费 公务接待费
        小计 购置费 运行费
        47.91 0 1.35 46.56 25 21.56 443.18
    """)
    t = doc.table("three_public")
    assert t.columns == ("total", "abroad", "reception", "vehicles", "vehicle_purchase", "vehicle_operation",
                         "operation_funds")
    assert [str(t.row("total").value(c)) for c in t.columns] == ["47.91", "0", "1.35", "46.56", "25", "21.56",
                                                                 "443.18"]


def test_narrative_after_the_tables_and_a_heading_that_wraps():
    doc = text_doc(GENERAL, """
        其他相关情况说明
        一、2024年“三公”经费预算情况说明
        2024年“三公”经费预算数为47.91万元，比2023年预算增加25万元。
        第三部分 上海市普陀区某某局2024年度部门预算情况
        说明
        二、机关运行经费预算
        2024年机关运行经费预算为443.18万元
        。
    """)
    assert len(doc.table("general_expenditure").rows) == 7  # none of the narrative
    titles = [s.number + s.title for s in doc.sections]
    assert "一、2024年“三公”经费预算情况说明" in titles and "二、机关运行经费预算" in titles
    assert {str(c.amount) for c in doc.claims} >= {"47.91", "443.18"}


def test_the_narratives_next_heading_after_a_table_resumes_it_however_short_its_lines():
    doc = text_doc("""
        一、收入预算
        2024年收入预算1,000,000元，比上年增加100,000元。
        二、支出预算
    """, GENERAL, """
        三、政府采购
        本单位无政府采购。
        四、国有资产
        共有车辆2辆。
    """)
    assert len(doc.table("general_expenditure").rows) == 7  # none of the narrative
    assert [(s.number, s.title, s.text) for s in doc.sections][2:] == [
        ("三、", "政府采购", "本单位无政府采购。"), ("四、", "国有资产", "共有车辆2辆。")]
    assert "C104" not in check(doc).codes()  # its 政府采购 is said


def test_page_break_form_feeds_keep_the_files_own_line_numbers():
    text = "某单位2024年部门预算\n一、说明\n收入预算100.00万元。\n\f2024年收支总表\n单位：万元\n" \
           "项目\t预算数\t项目\t预算数\n一、财政拨款收入\t100.00\t一、一般公共服务支出\t100.00\n" \
           "收入总计\t100.00\t支出总计\t100.00\n"
    doc = read_text(text, "ff.txt")
    assert doc.table("summary").source.line == 4  # str.splitlines would say 5: a form feed is no line
    assert doc.table("summary").row("in.total").source.line == 8


def test_text_extracted_one_cell_per_line_is_said_not_checked():
    cells = ["201", "一般公共服务支出", "600,000", "600,000", "0", "201", "01", "人大事务", "600,000", "0",
             "600,000", "212", "城乡社区支出", "400,000", "0", "400,000", "合计", "1,000,000", "600,000", "400,000"]
    doc = text_doc("2024年部门一般公共预算支出功能分类预算表\n编制部门：上海市普陀区某某局 单位：元\n"
                   "项目\n合计\n基本支出\n项目支出\n" + "\n\n".join(cells) + "\n")
    report = check(doc)
    assert [(f.code, f.table) for f in doc.findings if f.code == "R012"] == [("R012", "general_expenditure")]
    assert not [f for f in report.findings if f.code[0] in "AX" and f.severity.value == "error"]
    assert all(c.column is None for r in doc.table("general_expenditure").rows for c in r.cells)


def test_a_prose_only_page():
    page = ("标题: 2016年某某检验检测中心部门预算说明\n==================== 正文 ====================\n"
            "当前位置：首页 2016年某某检验检测中心部门预算说明 一、 部门主要职责 检验检测中心的主要职责是：质量检验。"
            " 二、预算收支总体情况 2016年收入预算为332.16万元，其中：一般公共预算拨款332.16万元。相应安排支出预算"
            "332.16万元，其中：人员支出93.91万元，公用支出8.75万元，项目支出229.50万元。 三、“三公”经费 （一）公务接待费"
            " 2016年预算安排2.7万元。 （三）公务用车购置及运行费 2016年预算安排3.8万元。\n")
    doc = read_text(page, "page.txt")
    assert (doc.unit.name, doc.year, doc.kind, doc.tables) == ("某某检验检测中心", 2016, "budget", ())
    assert [s.number + s.title for s in doc.sections] == ["一、部门主要职责", "二、预算收支总体情况", "三、“三公”经费",
                                                         "（一）公务接待费", "（三）公务用车购置及运行费"]
    assert {str(c.amount) for c in doc.claims} == {"332.16", "93.91", "8.75", "229.50", "2.7", "3.8"}
    codes = [(f.code, f.severity.value) for f in check(doc).findings]
    assert ("C101", "warning") in codes and codes.count(("C101", "warning")) == 1  # said once, not 8 errors
    assert ("C107", "warning") in codes  # （二） skipped


def test_a_text_with_no_budget_is_still_refused():
    with pytest.raises(UnreadableError, match="no budget table found, nor a budget narrative"):
        read_text("第一行\n第二行\n第三行\n第四行\n第五行\n", "note.txt")


PAGE = """<!DOCTYPE html><html><head><title>某局2024年部门预算</title><script>var x = "1,000";</script></head>
<body><nav>首页 | 政务公开 | 预算公开</nav>
<h1>上海市普陀区某某局2024年部门预算</h1>
<p>一、部门预算编制说明</p><p>2024年，收入预算100.00万元。</p>
<table>
<tr><td colspan="4">2024年部门财务收支预算总表</td></tr>
<tr><td colspan="3">编制部门：上海市普陀区某某局</td><td>单位：元</td></tr>
<tr><th colspan="2">本年收入</th><th colspan="2">本年支出</th></tr>
<tr><td>项目</td><td>预算数</td><td>项目</td><td>预算数</td></tr>
<tr><td>一、财政拨款收入</td><td>1,000,000</td><td>一、一般公共服务支出</td><td>1,000,000</td></tr>
<tr><td>收入总计</td><td>1,000,000</td><td>支出总计</td><td>1,000,000</td></tr>
</table></body></html>"""


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_an_html_page_its_text_and_tables(tmp_path, encoding):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.encode(encoding))
    doc = read_file(path)
    assert (doc.layout, doc.unit.name, doc.year) == ("html", "上海市普陀区某某局", 2024)
    summary = doc.table("summary")
    assert (summary.amount_unit, summary.row("in.total").value("total")) == ("元", D(1000000))
    assert [str(c.amount) for c in doc.claims] == ["100.00"]
    assert [f for f in check(doc, select=["N101", "A"]).findings if f.severity.value != "info"] == []


def test_an_html_page_without_a_budget_says_it_is_a_web_page(tmp_path):
    path = tmp_path / "page.xlsx"
    path.write_text("<html><body><table><tr><td>预算</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(UnreadableError, match="HTML"):
        read_file(path)


@pytest.mark.parametrize("kuan, xiang", [("|02||", "208|02|01|"), ("|02||", "||01|")])
def test_class_item_columns_that_print_only_their_own_part(kuan, xiang):
    # 类 | 款 | 项 in three columns; a 款 row prints 02 alone, a 项 row 01 alone or the whole chain
    doc = read_text(dedent(f"""\
        某县民政局2024年部门预算
        一般公共预算支出表
        编制单位：某县民政局|||单位：万元
        科目编码|||科目名称|合计|基本支出|项目支出
        类|款|项
        |||合计|100.00|70.00|30.00
        208|||社会保障和就业支出|100.00|70.00|30.00
        {kuan}民政管理事务|100.00|70.00|30.00
        {xiang}行政运行|70.00|70.00|
        {xiang.replace("01", "99")}其他民政管理事务支出|30.00||30.00
        """).replace("|", "\t"), "inline.txt")
    [t] = doc.tables
    assert [r.code for r in t.rows] == ["total", "208", "20802", "2080201", "2080299"]
    assert [f.code for f in check(doc).findings if f.code[0] in "AK"] == []


def test_a_sheet_named_like_a_table_is_its_title(tmp_path):
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2一般公共预算支出表"
    for row in (["单位：万元"], ["科目编码", "科目名称", "合计", "基本支出", "项目支出"], ["", "合计", 70, 70, None],
                ["208", "社会保障和就业支出", 70, 70], ["20805", "行政事业单位养老支出", 70, 70],
                ["2080505", "机关事业单位基本养老保险缴费支出", 70, 70]):
        sheet.append(row)
    titled = book.create_sheet("Sheet2")  # a sheet that prints its own title keeps it
    for row in (["一般公共预算“三公”经费支出表"], ["单位：万元"], ["合计", "因公出国（境）费", "公务用车购置及运行费",
                                                  "公务接待费"], [1, 0, 0, 1]):
        titled.append(row)
    book.save(tmp_path / "sheets.xlsx")
    doc = read_file(tmp_path / "sheets.xlsx")
    assert [(t.kind, t.title) for t in doc.tables] == [("general_expenditure", "2一般公共预算支出表"),
                                                      ("three_public", "一般公共预算“三公”经费支出表")]
    assert doc.tables[0].row("total").value("total") == D("70")
    assert (doc.tables[0].source.sheet, doc.tables[0].row("208").source.cell) == ("2一般公共预算支出表", "A4")


TWO_YEARS = """\
表5
一般公共预算财政拨款支出表
部门名称：北京市某区卫生健康委员会|||金额单位：万元
科目编码|科目名称|2023年预算数|2024年预算数|||2024年预算数比2023年预算数增减
|||小计|基本支出|项目支出|增减额|增减%
|合计|950.00|1,000.00|900.00|100.00|50.00|5.26
208|社会保障和就业支出|190.00|200.00|200.00||10.00|5.26
20805|行政事业单位养老支出|190.00|200.00|200.00||10.00|5.26
2080505|机关事业单位基本养老保险缴费支出|190.00|200.00|200.00||10.00|5.26
210|卫生健康支出|760.00|800.00|700.00|100.00|40.00|5.26
21004|公共卫生|760.00|800.00|700.00|100.00|40.00|5.26
2100401|疾病预防控制机构|760.00|800.00|700.00|100.00|40.00|5.26
表6
"""


@pytest.mark.parametrize("printed, found", [("10.00|5.26", []), ("12.00|5.26", [("change", "10.00", "12.00")]),
                                            ("10.00|5.62", [("change_rate", "5.26", "5.62")])])
def test_the_change_on_last_year_against_the_two_years(printed, found):
    # a table numbered 表5, followed by the next table's number: neither number is a row
    text = "北京市某区卫生健康委员会2024年部门预算\n" + TWO_YEARS.replace("就业支出|190.00|200.00|200.00||10.00|5.26",
                                                                 f"就业支出|190.00|200.00|200.00||{printed}")
    [t] = read_text(text.replace("|", "\t"), "inline.txt").tables
    assert (t.number, t.columns) == ("表5", ("prior_year", "total", "basic", "project", "change", "change_rate"))
    assert [r.code for r in t.rows] == ["total", "208", "20805", "2080505", "210", "21004", "2100401"]
    assert (t.row("210").value("change"), t.row("210").value("change_rate")) == (D("40.00"), D("5.26"))
    got = [(f.column, f.expected, f.actual) for f in check(read_text(text.replace("|", "\t"), "inline.txt"),
                                                           select=["A117"]).findings]
    assert got == found


EXPENDITURE_BY_CLASS = """\
部门支出总表
编制单位：某市交通运输局|||单位：万元
科目编码|科目名称|合计|基本支出||项目支出
|||人员经费|公用经费
|合计|500.00|300.00|50.00|150.00
214|交通运输支出|500.00|300.00|50.00|150.00
21401|公路水路运输|500.00|300.00|50.00|150.00
2140106|公路养护|500.00|300.00|50.00|150.00
"""


def test_group_headers_without_a_subtotal_of_their_own_and_a_subtotal_under_a_group():
    # 财政拨款收入 (小计 | 一般公共预算拨款 | 政府性基金预算拨款) beside 事业收入; 基本支出 over 人员经费 | 公用经费
    doc = read_text((dedent("""\
        某市交通运输局2025年部门预算
        部门收入总表
        编制单位：某市交通运输局|||||||单位：万元
        科目编码|科目名称|合计|财政拨款收入|||事业收入|其他收入|上年结转结余
        |||小计|一般公共预算拨款|政府性基金预算拨款
        |合计|500.00|450.00|400.00|50.00|30.00|20.00|
        214|交通运输支出|500.00|450.00|400.00|50.00|30.00|20.00|
        21401|公路水路运输|500.00|450.00|400.00|50.00|30.00|20.00|
        2140106|公路养护|500.00|450.00|400.00|50.00|30.00|20.00|
        """) + EXPENDITURE_BY_CLASS).replace("|", "\t"), "inline.txt")
    revenue, expenditure = doc.tables
    assert revenue.columns == ("total", "fiscal", "general_budget", "gov_fund", "business", "other", "carryover")
    assert revenue.row("total").value("fiscal") == D("450.00")
    assert expenditure.columns == ("total", "personnel", "public", "project")
    report = check(doc, select=["A", "R"])
    # each revenue row's 合计 and 财政拨款收入, each expenditure row's 合计 (= 人员 + 公用 + 项目)
    assert report.findings == () and report.checked["A101"] == 4 * 2 + 4
    planted = "某市交通运输局2025年部门预算\n" + EXPENDITURE_BY_CLASS.replace(
        "214|交通运输支出|500.00|300.00|50.00|150.00", "214|交通运输支出|500.00|300.00|50.00|160.00")
    assert [(f.code, f.row, f.column) for f in check(read_text(planted.replace("|", "\t"), "inline.txt"),
                                                     select=["A101"]).findings] == [("A101", "214", "total")]


def test_two_block_basic_final_table_with_a_code_alone_on_its_line():
    # pdftotext -layout of a WPS 决算: a tall right-hand cell prints its code on one line, its name
    # and amount centred on the next
    doc = text_doc("""\
        一般公共预算财政拨款基本支出决算表
        单位：万元
        科目编码 科目名称 决算数 科目编码 科目名称 决算数
        301 工资福利支出 239.76 302 商品和服务支出 8.05
        30109 职业年金缴费 225.12 30207
                                     邮电费 8.05
        30110 职工基本医疗保险缴费 14.64 30208
                                     取暖费 0.00
        """, head="上海市普陀区某某局2024年度部门决算\n")
    t = doc.table("final_basic_expenditure")
    assert [(r.code, r.name, r.value("personnel"), r.value("public")) for r in t.rows] == [
        ("301", "工资福利支出", D("239.76"), None), ("302", "商品和服务支出", None, D("8.05")),
        ("30109", "职业年金缴费", D("225.12"), None), ("30207", "邮电费", None, D("8.05")),
        ("30110", "职工基本医疗保险缴费", D("14.64"), None), ("30208", "取暖费", None, D("0.00"))]


def _procurement(other: str, *rows: str):
    return read_text(dedent(f"""\
        某县教育局2024年部门预算
        政府采购预算表
        编制单位：某县教育局|||||单位：万元
        项目名称|采购品目|数量|计量单位|预算金额||
        ||||合计|一般公共预算拨款|{other}
        """).replace("|", "\t") + "\n".join(rows).replace("|", "\t") + "\n", "inline.txt")


@pytest.mark.parametrize("other", ["其他资金", "自筹资金"])
def test_procurement_by_project_with_a_fund_column_yusuan_may_not_know(other):
    # 其他资金 is 其他收入's; 自筹资金 an unknown column: one more part of the 合计, not an error
    doc = _procurement(other, "合计||||60.00|50.00|10.00", "办公设备购置|台式计算机|10|台|6.00|6.00|",
                       "校舍维修|房屋修缮||项|40.00|30.00|10.00", "物业服务|物业管理服务|1|项|14.00|14.00|")
    [t] = doc.tables
    assert t.columns[-1] == ("other" if other == "其他资金" else f"col:{other}")
    assert check(doc, select=["A", "R"]).findings == ()
    wrong = _procurement(other, "校舍维修|房屋修缮||项|45.00|30.00|10.00")
    assert [(f.code, f.column) for f in check(wrong, select=["A101"]).findings] == [("A101", "total")]


def test_pdf_text_sentences_with_amounts_are_narrative_and_a_part_heading_names_no_unit_set():
    # pdfplumber's text of a 决算: sentence lines print amounts among their words; “第三部分 X 2024
    # 年度部门决算” heads the package's own narrative, not a unit's set
    doc = text_doc("""\
        第三部分 上海市普陀区某某局 2024 年度部门决算
        情况说明
        一、收入支出决算总体情况说明
        上海市普陀区某某局 2024 年度收入支出总计
        9859.38 万元。与 2023 年度相比，收入支出总计增加 1062.85
        万元，增长 12.08%。
        二、收入决算情况说明
        本年收入合计 9746.50 万元，其中：财政拨款收入 9746.50
        万元，占 100.00%。
        """, head="上海市普陀区某某局2024年度部门决算\n")
    assert doc.tables == () and {s.owner for s in doc.sections} == {None}
    assert [s.number + s.title for s in doc.sections][-2:] == ["一、收入支出决算总体情况说明", "二、收入决算情况说明"]
    assert {str(c.amount) for c in doc.claims} >= {"9859.38", "1062.85", "9746.50"}


FORM_TEXT = """\
财政项目支出绩效目标填报表
（2023年度）
项目名称 就业援助基地补贴 项目性质 经常性项目 项目类别 特定目标类
主管部门 上海市普陀区某某局 实施单位 上海市普陀区某某局
项目资金总额 6,351,000.00年度资金申请总额 6,351,000.00
其中：当年财政拨款 6,351,000.00
项目资金 其中：财政资金 6,351,000.00
（元） 上年结转资金 0.00
其他资金 0.00
一级指标 二级指标 三级指标 年度(/项目)指标值
数量指标 补贴对象申请审核完成率 =100.00(%)
产出指标
质量指标 补贴对象审核达标率 =100.00(%)
绩效指标
效益指标 社会效益指标 补贴对象生活改善度 补贴对象生活改善度不低于80%
服务对象满意
满意度指标 补贴对象满意度 ≥80.00(%)
度指标
"""


def test_a_shanghai_form_in_pdf_text():
    # the amount glued to the next key, the unit （元） on a line of its own, indicators without 指标性质;
    # 产出指标 printed centred over its two rows, after the first: the first's too
    [p] = text_doc(FORM_TEXT, head="上海市普陀区2023年区级部门预算\n").projects
    assert (p.name, p.amount, p.amount_unit) == ("就业援助基地补贴", D("6351000.00"), "元")
    assert [(i.level1, i.level2, i.name, i.operator, i.number, i.unit) for i in p.indicators] == [
        ("产出指标", "数量指标", "补贴对象申请审核完成率", "=", D("100.00"), "%"),
        ("产出指标", "质量指标", "补贴对象审核达标率", "=", D("100.00"), "%"),
        ("效益指标", "社会效益指标", "补贴对象生活改善度", "", None, ""),
        ("满意度指标", "", "补贴对象满意度", "≥", D("80.00"), "%")]


def test_a_form_extracted_one_cell_per_line_is_said_not_read():
    scrambled = "\n".join(w for ln in FORM_TEXT.splitlines() for w in ln.split()) + "\n"
    doc = text_doc(scrambled, head="上海市普陀区2023年区级部门预算\n")
    assert doc.projects == ()
    assert [(f.code, f.table) for f in doc.findings] == [("R012", "project_performance")]


def test_a_sentence_under_an_empty_table_is_its_note():
    # a 决算 template's instruction to the preparer, printed above the table's statement
    doc = text_doc("""\
        政府性基金预算财政拨款收入支出决算表
        单位：万元
        科目编码 科目名称 年初结转和结余 本年收入 本年支出 年末结转和结余
        合计
        注：本表反映部门本年度政府性基金预算财政拨款收入支出及结转和结余情况。
        无政府性基金预算财政拨款收入支出的，仍保留该表格式，并在本表下方作下述说明：
        说明：本部门本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。
        """, head="上海市普陀区某某局2024年度部门决算\n")
    [t] = doc.tables
    assert len(t.notes) == 3 and t.notes[1].startswith("无政府性基金")
    assert [f.actual for f in check(doc, select=["N120"]).findings] == ["仍保留该表格式", "作下述说明"]


REVENUE = """
2024年部门收入预算总表
编制部门：上海市普陀区某某局 单位：元
项目 收入预算
功能分类科目编码
事业单位
功能分类科目名称 合计 财政拨款收入 事业收入 其他收入
经营收入
类 款 项
201 一般公共服务支出 600,000 600,000
201 01 人大事务 600,000 600,000
201 01 01 行政运行 600,000 600,000
212 城乡社区支出 400,000 400,000
212 01 城乡社区管理事务 400,000 400,000
212 01 99 其他城乡社区管理事务支出 400,000 400,000
合计 1,000,000 1,000,000
"""


def test_a_revenue_row_without_its_empty_cells_is_placed_by_the_sources_the_summary_shows():
    # 合计 | 财政拨款收入 printed as two equal numbers of five columns: the 收支总表 shows income from
    # 财政拨款 only (事业收入 printed blank), so the second is 财政拨款收入's, not 事业收入's or 其他收入's
    doc = text_doc(SUMMARY, REVENUE)
    revenue = doc.table("revenue")
    row = revenue.row("2010101")
    assert {c.column: c.value for c in row.cells} == {"total": D(600000), "fiscal": D(600000)}
    assert revenue.row("total").value("fiscal") == D(1000000)
    assert not [f for f in doc.findings if f.code == "R004"]
    # without the 收支总表 nothing says which source it is: reported, never guessed
    alone = text_doc(REVENUE)
    assert [f.row for f in alone.findings if f.code == "R004"][:2] == ["201", "20101"]


FINAL_EXPENDITURE = """
支出决算表
单位：万元
项目
对附属单位补
本年支出合计 基本支出 项目支出 上缴上级支出 经营支出
功能分类
助支出
科目名称
科目编码
合计 1,000.00 600.00 400.00
208 社会保障和就业支出 600.00 600.00 0.00
20805 行政事业单位养老支出 600.00 600.00 0.00
2080501 行政单位离退休 600.00 600.00 0.00
212 城乡社区支出 400.00 0.00 400.00
21201 城乡社区管理事务 400.00 0.00 400.00
2120199 其他城乡社区管理事务支出 400.00 0.00 400.00
"""


FINAL_GENERAL = """
一般公共预算财政拨款支出决算表
单位：万元
项目 本年支出
科目编码 科目名称 小计 基本支出 项目支出
合计 1,000.00 600.00 400.00
208 社会保障和就业支出 600.00 600.00
20805 行政事业单位养老支出 600.00 600.00
2080501 行政单位离退休 600.00 600.00
212 城乡社区支出 400.00 400.00
21201 城乡社区管理事务 400.00 400.00
2120199 其他城乡社区管理事务支出 400.00 400.00
"""


def test_a_zero_printed_without_its_empty_cells_goes_to_a_column_the_total_row_prints():
    # 600.00 600.00 0.00 under six columns: the 0.00 could be 项目支出's, 上缴上级支出's, 经营支出's… (the
    # 一般公共预算 table says 项目支出 is 0, and a blank is 0 too); the 合计 row prints 合计 | 基本支出 |
    # 项目支出 only, and a column it leaves blank no row prints in
    doc = text_doc(FINAL_EXPENDITURE, FINAL_GENERAL, head="上海市普陀区某某局2024年度部门决算\n")
    table = doc.table("final_expenditure")
    row = table.row("2080501")
    assert [(c.column, c.value, c.placed_by) for c in row.cells] == [
        ("total", D("600.00"), "total"), ("basic", D("600.00"), "total"), ("project", D("0.00"), "total")]
    assert not [f for f in doc.findings if f.code == "R004"]


FISCAL_FINAL = """
财政拨款收入支出决算总表
单位：万元
收入 支出
项目 决算数 项目 合计 一般公共预算财政拨款 政府性基金预算财政拨款 国有资本经营预算财政拨款
一、一般公共预算财政拨款 300.00 一、一般公共服务支出 270.00 270.00
二、政府性基金预算财政拨款 二、外交支出
三、国有资本经营预算财政拨款 三、国防支出
四、公共安全支出
五、教育支出
六、科学技术支出
七、文化旅游体育与传媒支出
八、社会保障和就业支出 30.00 30.00
九、卫生健康支出
十、节能环保支出
本年收入合计 300.00 本年支出合计 300.00 300.00
总计 300.00 总计 300.00 300.00
"""


def test_a_two_sided_table_of_mostly_blank_classes_is_read_not_taken_for_one_cell_per_line():
    # most lines are a class's label alone (nothing spent), as a one-cell-per-line text is; but its
    # amounts share their lines with their labels, so its rows are rows
    doc = text_doc(FISCAL_FINAL, head="上海市普陀区某某局2024年度部门决算\n")
    table = doc.table("final_fiscal_summary")
    assert not [f for f in doc.findings if f.code == "R012"]
    assert [c.value for c in table.row("208").cells] == [D("30.00"), D("30.00")]  # its own, in its row
    assert table.row("in.current").value("total") == D("300.00")


def test_a_header_cell_wrapped_around_the_main_header_line_is_joined_and_keeps_its_place():
    # a tall cell's words printed above and below the line of the other header cells (附属单位 / … /
    # 上缴收入): joined, its column is there, among the others in the kind's order
    doc = text_doc(FINAL_EXPENDITURE, FINAL_GENERAL, head="上海市普陀区某某局2024年度部门决算\n")
    table = doc.table("final_expenditure")
    assert table.columns == ("total", "basic", "project", "to_superior", "operating_expenditure", "to_subordinate")
    assert table.column_labels[-1] == "对附属单位补助支出"
    # 事业单位 / 合计 财政拨款收入 事业收入 其他收入 / 经营收入: 经营收入 is found, but after 其他收入 in the text
    revenue = text_doc(SUMMARY, REVENUE).table("revenue")
    assert revenue.columns == ("total", "fiscal", "business", "operating", "other")
    assert revenue.column_labels == ("合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入")


CENTRED_NAMES = """
一般公共预算财政拨款支出决算表
单位：万元
项目
合计 基本支出 项目支出
功能分类
科目名称
科目编码
社会保障和就
208 754.75 754.75 0.00
业支出
行政事业单位
20805 754.75 754.75 0.00
养老支出
机关事业单位
2080505 基本养老保险 446.11 446.11 0.00
缴费支出
机关事业单位
2080506 职业年金缴费 307.76 307.76 0.00
支出
其他行政事业
2080599 0.88 0.88 0.00
单位养老支出
合计 754.75 754.75 0.00
"""


def test_names_printed_centred_over_their_code_line_are_joined_to_their_own_rows():
    # a name wrapped above and below its code's line (其他行政事业 / 2080599 0.88 … / 单位养老支出):
    # each piece goes to the row the catalog's names say, the first row's head out of the header
    doc = text_doc(CENTRED_NAMES, head="上海市普陀区某某局2024年度部门决算\n")
    table = doc.table("final_general_expenditure")
    assert [(r.code, r.name) for r in table.rows] == [
        ("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出"), ("2080505", "机关事业单位基本养老保险缴费支出"),
        ("2080506", "机关事业单位职业年金缴费支出"), ("2080599", "其他行政事业单位养老支出"), ("total", "合计")]
    assert table.column_labels == ("合计", "基本支出", "项目支出")
    assert not [f for f in check(doc).findings if f.code == "K102"]


def test_an_empty_template_keeps_its_names_without_placeholders():
    empty = FINAL_EXPENDITURE.split("合计 1,000.00")[0] + dedent("""\
        合计
        205 教育支出
        20502 普通教育
        2050205 高等教育
        … …
        207 文化旅游体育与传媒支出
        其他文化旅游体育与传媒支
        20799
        出
        …
        … …
        """)
    doc = text_doc(empty, head="上海市XX局2024年度部门决算\n")
    table = doc.table("final_expenditure")
    assert [(r.code, r.name) for r in table.rows if r.code != "total"] == [
        ("205", "教育支出"), ("20502", "普通教育"), ("2050205", "高等教育"), ("207", "文化旅游体育与传媒支出"),
        ("20799", "其他文化旅游体育与传媒支出")]
    assert table.is_empty and not [f for f in doc.findings if f.code == "R012"]
    assert not [f for f in check(doc).findings if f.code == "K102"]


def test_a_sentence_line_whose_mark_moved_to_the_next_line_is_narrative_after_the_tables():
    # pdftotext -layout puts the 。 of “国内公务接待支出 0.39 万（含外宾接待支出 0.00 万元）。” on a line of
    # its own: the line shows no sentence mark, but an amount with its unit after it is a sentence's
    doc = text_doc(FINAL_GENERAL, """\
        “三公”经费财政拨款支出决算中，因公出国（境）费和公务用车购置及运行维护费没有支出。具体情况如下：
        （二）公务接待费支出 0.39 万元。其中：
          国内公务接待支出 0.39 万（含外宾接待支出 0.00 万元）
                                         。
        主要用于接待上级部门及外省市单位调研学习及考察，列明公务接待 2 批次、26 人次。
        """, head="上海市普陀区某某局2024年度部门决算\n")
    assert [t.kind for t in doc.tables] == ["final_general_expenditure"]
    assert any("国内公务接待支出0.39万（含外宾接待支出0.00万元）" in s.text for s in doc.sections)
    assert not [f for f in doc.findings if f.code == "R003"]


def test_the_last_labels_of_an_empty_table_above_its_note_are_not_a_heading():
    # 一、二、三、 labels of a 财政拨款收支总表 without amounts, then 总计, then the table's 注：…。 line:
    # the note is no paragraph under a heading, so the narrative does not resume there
    doc = text_doc("""\
        财政拨款收入支出决算总表
        单位：万元
        收入 支出
        项目 决算数 项目 合计 一般公共预算财政拨款 政府性基金预算财政拨款 国有资本经营预算财政拨款
        一、一般公共预算财政拨款 一、一般公共服务支出
        本年收入合计 本年支出合计
        年初财政拨款结转和结余 年末财政拨款结转和结余
        一、一般公共预算财政拨款
        二、政府性基金预算财政拨款
        三、国有资本经营预算财政拨款
        总计 总计
        注：本表反映部门本年度财政拨款总收支和结转结余情况。
        """, head="上海市XX局2024年度部门决算\n")
    assert [t.kind for t in doc.tables] == ["final_fiscal_summary"] and doc.sections == ()


def test_headings_whose_number_stands_on_its_own_line_and_a_contents_split_over_lines():
    # pdftotext: 目 / 录 on two lines, the contents' entries then the body, whose part headings put
    # their number on a line of its own (第一部分 / ××概况) as does pdftotext -layout (（二） / title)
    doc = text_doc("""\
        目

        录
        第一部分 上海市普陀区某某局概况
        一、主要职能
        第二部分 上海市普陀区某某局 2024 年度部门决算情况说明
        第一部分
        上海市普陀区某某局概况
        一、主要职能
        负责本区规划和自然资源管理工作，承担相关行政审批事项，组织实施有关规划。
        第二部分
        上海市普陀区某某局 2024 年度部门决算情况说明
        （二）
        “三公”经费财政拨款支出决算具体情况说明。
        公务接待费支出决算 0.39 万元，占 100.00%。
        """, head="上海市普陀区某某局2024年度部门决算\n")
    assert [s.number + s.title for s in doc.sections] == [
        "第一部分上海市普陀区某某局概况", "一、主要职能", "第二部分上海市普陀区某某局2024年度部门决算情况说明",
        "（二）“三公”经费财政拨款支出决算具体情况说明"]
    assert [(str(c.amount), c.section) for c in doc.claims][:1] == [("0.39", "（二）“三公”经费财政拨款支出决算具体情况说明")]


def test_contents_whose_dot_leaders_stand_on_lines_of_their_own():
    doc = text_doc("""\
        目
        录
        一、部门主要职能
        ……………………………………………………
        二、部门机构设置
        ……………………………………………………
        三、名词解释
        一、部门主要职能
        负责辖区内的社区管理和公共服务工作，组织实施社区建设规划，承担其他交办事项。
        二、部门机构设置
        本部门设有党政办公室、社区管理办公室等内设机构，下属事业单位两个。
        三、名词解释
        基本支出预算：是部门为保障其机构正常运转、完成日常工作任务而编制的年度基本支出计划。
        2024年，本部门收入预算1,000.00万元，支出预算1,000.00万元。
        """, head="上海市普陀区2024年区级部门预算\n")
    assert [s.number + s.title for s in doc.sections] == ["一、部门主要职能", "二、部门机构设置", "三、名词解释"]


def test_contents_without_leaders_then_a_heading_naming_the_unit():
    # a workbook printed to PDF: the 目录 page lists “一、单位主要职能”, the body's first heading puts
    # the unit's name in its place (“XX（单位）主要职能”) and its short paragraph has no comma
    doc = text_doc("""\
        目 录
        一、单位主要职能
        二、单位机构设置
        三、名词解释
        上海市普陀区某某中心主要职能
        承担本区社区服务管理工作。
        主要职能包括：
        上海市普陀区某某中心机构设置
        单位设3个内设机构，包括：办公室、业务科、财务科。
        三、名词解释
        基本支出预算：是单位为保障其机构正常运转、完成日常工作任务而编制的年度基本支出计划。
        2024年，本单位收入预算1,000.00万元，支出预算1,000.00万元。
        """, head="上海市普陀区某某中心2024年单位预算\n")
    assert [s.number + s.title for s in doc.sections] == [
        "上海市普陀区某某中心主要职能", "上海市普陀区某某中心机构设置", "三、名词解释"]
    assert doc.sections[0].text.startswith("承担本区社区服务管理工作。")


LAID_OUT = """\
                 2024年部门一般公共预算支出功能分类预算表
编制部门：上海市普陀区某某局                                          单位：元
                       项目                    一般公共预算支出
功能分类科目编码  功能分类科目名称                  合计        基本支出          项目支出
类     款    项

201             一般公共服务支出         500,000       500,000

201   01        人大事务             500,000       500,000

201   01   01   行政运行             500,000       500,000

212             城乡社区支出           500,000                     500,000

212   01        城乡社区管理事务         500,000                     500,000

212   01   99   其他城乡社区管理事务支出     500,000                     500,000

                合计             1,000,000       500,000       500,000
"""


def test_text_laid_out_in_columns_places_values_by_where_they_stand():
    # pdftotext -layout: the spaces keep each value under its column; nothing else in the document
    # says whether 500,000 | 500,000 is 基本支出 or 项目支出 (either way the columns add up)
    doc = text_doc(LAID_OUT)
    table = doc.table("general_expenditure")
    assert [(c.column, c.value, c.placed_by) for c in table.row("2010101").cells] == [
        ("total", D(500000), "spacing"), ("basic", D(500000), "spacing")]
    assert [(c.column, c.value) for c in table.row("2120199").cells] == [("total", D(500000)), ("project", D(500000))]
    assert not [f for f in doc.findings if f.code == "R004"]
    # the same words a single space apart (pdfplumber) say nothing of it: reported, never guessed
    flat = text_doc("\n".join(" ".join(ln.split()) for ln in LAID_OUT.splitlines()))
    assert "2010101" in [f.row for f in flat.findings if f.code == "R004"]


def test_a_numbered_heading_wrapped_just_after_its_colon():
    doc = text_doc("""\
        第四部分 名词解释
        四、其他收入：指单位取得的除“财政拨款收入”
        “事业收入”“经营收入”等以外的收入。2024年其他收入预算为0.00万元。
        """, head="上海市普陀区某某局2024年度部门决算\n")
    assert [s.number + s.title for s in doc.sections] == ["第四部分名词解释", "四、其他收入"]
    assert doc.sections[1].text.startswith("指单位取得的除“财政拨款收入”“事业收入”")


def test_side_blocks_names_wrapped_around_a_nameless_code_line():
    """A 基本支出决算表 in blocks side by side, as pdftotext -layout prints a name too long for its cell:
    a piece above the code's line, the code and amount, a piece below. Each piece goes to the row printed
    without a name (30108, 30110), not to the right block's row before it (30206 电费, 30207 邮电费)."""
    from yusuan.catalog.specs import spec
    from yusuan.read.lines import line
    from yusuan.read.side_blocks import rows
    printed = [("30107", "绩效工资", "10.16", "30205", "水费", "0.00"), ("机关事业单位基本",),
               ("30108", "6.18", "30206", "电费", "0.00"), ("养老保险缴费",),
               ("30109", "职业年金缴费", "4.64", "30207", "邮电费", "0.00"), ("职工基本医疗保险",),
               ("30110", "2.71", "30208", "取暖费", "0.00"), ("缴费",),
               ("人员经费合计", "33.01", "公用经费合计", "10.23")]
    got = rows([line(n, cells, True) for n, cells in enumerate(printed, 1)], spec("final_basic_expenditure").side_blocks)
    names = {code: (name, [v for v in values if v]) for code, name, values, _ in got}
    assert names["30108"] == ("机关事业单位基本养老保险缴费", ["6.18"])
    assert names["30110"] == ("职工基本医疗保险缴费", ["2.71"])
    assert names["30206"] == ("电费", ["0.00"]) and names["30207"] == ("邮电费", ["0.00"])
    assert names["30208"] == ("取暖费", ["0.00"]) and names["total"] == ("合计", ["33.01", "10.23"])


def test_the_central_templates_total_tables_named_overall_situation():
    # 部门收支总体情况表, 部门收入总体情况表, 部门支出总体情况表 (the central departments' 2015–2017 names, and
    # some regions' since): the same tables, the same findings as 部门收支总表 …
    seed = ROOT / "examples" / "disclosures" / "001_b7e1d5b40907585d.txt"
    text = seed.read_text(encoding="utf-8")
    renamed = text
    for side in ("收支", "收入", "支出"):
        renamed = renamed.replace(f"部门{side}总表", f"部门{side}总体情况表")
    assert renamed.count("总体情况表") == 3
    before, after = read_text(text, seed.name), read_text(renamed, seed.name)
    assert [t.kind for t in after.tables] == [t.kind for t in before.tables] == [
        "fiscal_summary", "general_expenditure", "basic_expenditure", "three_public", "gov_fund_expenditure",
        "summary", "revenue", "expenditure", "procurement"]
    assert [(f.code, f.source.line) for f in check(after).findings] == \
        [(f.code, f.source.line) for f in check(before).findings]


def test_a_table_of_one_kind_of_funds_spending_is_no_expenditure_total_table():
    # 机关运行经费支出预算表 (economic codes, one column): not the 支出总表 by the end of its title, whose
    # functional codes would make its 302 rows three false K101; kept whole as a table not recognised
    seed = ROOT / "examples" / "disclosures" / "001_b7e1d5b40907585d.txt"
    extra = dedent("""
        重庆市綦江区人力资源和社会保障局（本级）机关运行经费支出预算表
        单位：万元
        科目编码|科目名称|机关运行经费
        302|商品和服务支出|10.00
        30201|办公费|5.00
        30211|差旅费|5.00
        |合计|10.00
        """).replace("|", "\t")
    doc = read_text(seed.read_text(encoding="utf-8") + extra, seed.name)
    assert [t.kind for t in doc.tables][-2:] == ["procurement", "unknown"]
    assert [(f.code, f.source.line) for f in check(doc).findings if f.code in ("K101", "R003")] == [
        ("R003", doc.tables[-1].source.line)]


@pytest.mark.parametrize("title", ["一般公共预算支出经济分类预算表", "一般公共预算支出预算表（按政府预算支出经济分类）"])
def test_a_table_by_economic_class_is_no_functional_table(title):
    # a title naming 经济分类 is not the 一般公共预算支出表's (rows by 功能分类), nor are rows of economic
    # codes under a header that looks like it: kept whole as not recognised, not four false K101
    seed = ROOT / "examples" / "disclosures" / "001_b7e1d5b40907585d.txt"
    extra = dedent(f"""
        重庆市綦江区人力资源和社会保障局（本级）{title}
        单位：万元
        科目编码|科目名称|合计|基本支出|项目支出
        |合计|10.00|6.00|4.00
        301|工资福利支出|6.00|6.00|
        30101|基本工资|6.00|6.00|
        302|商品和服务支出|4.00||4.00
        30201|办公费|4.00||4.00

        """).replace("|", "\t")
    text = seed.read_text(encoding="utf-8").replace("附件4-10\n", extra + "附件4-10\n")  # before the forms
    doc = read_text(text, seed.name)
    assert [t.kind for t in doc.tables][-2:] == ["procurement", "unknown"]
    assert [f.code for f in check(doc).findings if f.code in ("K101", "R003")] == ["R003"]


def test_the_narrative_after_the_performance_forms_at_a_parts_heading():
    # 第三部分 名词解释 after the last 绩效目标表 (the forms' fields hold paragraphs, so only a part's
    # heading or the narrative's next heading ends them): its paragraphs are narrative, not lost in the form
    seed = ROOT / "examples" / "disclosures" / "001_b7e1d5b40907585d.txt"
    text = seed.read_text(encoding="utf-8").rstrip() + dedent("""

        第三部分 名词解释
        一、财政拨款收入：指区级财政当年拨付的资金。
        二、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。
        """)
    before, doc = read_text(seed.read_text(encoding="utf-8"), seed.name), read_text(text, seed.name)
    assert [(s.number, s.title, s.text) for s in doc.sections[-3:]] == [
        ("第三部分", "名词解释", ""), ("一、", "财政拨款收入", "指区级财政当年拨付的资金。"),
        ("二、", "基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。")]
    assert doc.projects == before.projects and doc.performance == before.performance


@pytest.mark.parametrize("dash", ["-", "—", "－", "--"])
def test_a_dash_printed_for_nothing_in_pdf_text_keeps_its_column(dash):
    # Excel's accounting format prints a zero as “-”: in space-separated text it is a value's place,
    # not a word of the name (which put 600,000 under 项目支出 and gave false A103)
    doc = text_doc(SUMMARY, GENERAL.replace(" 0\n", f" {dash}\n"))
    t = doc.tables[1]
    assert t.kind == "general_expenditure"
    row = next(r for r in t.rows if r.code == "2010101")
    assert (row.name, [(c.column, c.value) for c in row.cells if c.value is not None]) == (
        "行政运行", [("total", D("600000")), ("basic", D("600000"))])
    assert [f.code for f in check(doc).findings if f.code[0] in "AXR"] == []


THREE_ROWS = """
2024年一般公共预算“三公”经费支出预算表
编制部门：上海市普陀区某某局 单位：元
项目 2023年预算数 2024年预算数
合计 35,000 31,000
1.因公出国（境）费 0 0
2.公务接待费 15,000 10,000
3.公务用车购置及运行费 20,000 20,000
其中：（1）公务用车购置费 0 0
（2）公务用车运行费 20,000 21,000
"""


def test_a_three_public_table_with_its_items_as_rows_is_checked_as_the_national_one():
    # the items printed down the table (项目 | 预算数), as some regions do: one 合计 row, a column per
    # item and per item of the earlier year, each cell on its own printed line; its two sums checked
    doc = text_doc(SUMMARY, GENERAL, THREE_ROWS)
    [t] = [t for t in doc.tables if t.kind == "three_public"]
    [row] = t.rows
    assert [(c.column, c.value, c.source.line) for c in row.cells][5:] == [
        ("prior_year.vehicle_operation", D("20000"), doc_line(doc, "（2）公务用车运行费")),
        ("total", D("31000"), doc_line(doc, "合计 35,000")), ("abroad", D("0"), doc_line(doc, "1.因公出国")),
        ("reception", D("10000"), doc_line(doc, "2.公务接待费")),
        ("vehicles", D("20000"), doc_line(doc, "3.公务用车")), ("vehicle_purchase", D("0"), doc_line(doc, "其中：（1）")),
        ("vehicle_operation", D("21000"), doc_line(doc, "（2）公务用车运行费"))]
    assert [(f.code, f.source.column, f.source.line) for f in check(doc).findings if f.code[0] == "A"] == [
        ("A101", "total", doc_line(doc, "合计 35,000")), ("A101", "vehicles", doc_line(doc, "3.公务用车"))]
    clean = text_doc(SUMMARY, GENERAL, THREE_ROWS.replace("31,000", "30,000").replace("0 21,000", "0 20,000"))
    assert [f.code for f in check(clean).findings if f.code[0] == "A"] == []


def doc_line(doc, start: str) -> int:
    """The number of the line of the inline document that starts with ``start``."""
    head = "上海市普陀区2024年区级部门预算\n预算主管部门：上海市普陀区某某局\n"
    text = head + "".join(dedent(p) for p in (SUMMARY, GENERAL, THREE_ROWS))
    return next(i for i, ln in enumerate(text.split("\n"), 1) if ln.startswith(start))


BASIC_BY_FUNCTION = """
2024年一般公共预算基本支出预算表
编制部门：上海市普陀区某某局 单位：元
功能分类科目编码 功能分类科目名称 合计 人员经费 公用经费
201 一般公共服务支出 600,000 500,000 100,000
201 01 人大事务 600,000 500,000 100,000
201 01 01 行政运行 600,000 500,000 100,000
合计 600,000 500,000 100,000
"""


def test_a_basic_expenditure_table_by_function_is_read_and_checked_as_such():
    # some regions print the 基本支出表 by 功能分类: its codes are no 经济分类 codes (three false K101 and
    # a false C101 before); its 类 rows are checked against the 一般公共预算支出表's 基本支出
    doc = text_doc(SUMMARY, GENERAL, BASIC_BY_FUNCTION)
    t = doc.tables[-1]
    assert (t.kind, [r.code for r in t.rows]) == ("basic_by_function", ["201", "20101", "2010101", "total"])
    assert t.rows[2].value("personnel") == D("500000")
    findings = check(doc).findings
    assert [f.code for f in findings if f.code in ("K101", "X130") or f.table == "basic_expenditure"] == []
    wrong = text_doc(SUMMARY, GENERAL, BASIC_BY_FUNCTION.replace("600,000 500,000", "590,000 490,000"))
    [f] = [f for f in check(wrong).findings if f.code == "X130"]
    assert (f.source.row, f.source.column, D(f.actual), D(f.expected)) == ("201", "total", 59, 60)  # 万元


def test_a_short_narrative_without_numbered_parts_is_read():
    # a 说明 of plain paragraphs: its prose is a section of no number (it was lost: a false C105, and a
    # false C104 though it speaks of 政府采购), and its amounts are claims
    doc = text_doc(dedent("""
        上海市普陀区某某局2024年部门预算说明
        根据区政府要求，现将本部门2024年部门预算公开如下：
        2024年部门收入预算100.00万元，比上年增加10.00万元，增长11.11%。
        2024年“三公”经费预算0万元，政府采购预算0万元。
        """), SUMMARY, GENERAL)
    [s] = doc.sections
    assert (s.number, s.title, s.source.line) == ("", "", 5)  # its first sentence
    assert {(c.subject, c.amount) for c in doc.claims if c.kind == "amount"} >= {("部门收入预算", D("100.00"))}
    assert [f.code for f in check(doc).findings if f.code in ("C104", "C105", "N103")] == []


def test_a_contact_line_after_the_last_form_is_kept_as_narrative():
    # 公开联系人 printed under the last indicator row: no row of the form (it was dropped before)
    doc = text_doc("一、部门职责\n本部门负责就业援助工作。\n", FORM_TEXT, "公开联系人：张三 联系电话：021-12345678\n",
                   head="上海市普陀区2023年区级部门预算\n")
    [p] = doc.projects
    assert len(p.indicators) == 4
    assert doc.sections[-1].text.endswith("本部门负责就业援助工作。公开联系人：张三联系电话：021-12345678")


def test_the_seeds_contact_line_after_their_forms_is_in_the_narrative():
    doc = read_file(ROOT / "examples" / "disclosures" / "002_7c3d463bfeea7d61.txt")
    assert doc.sections[-1].text.endswith("单位预算公开联系人:米琳联系方式：023-46787137")
    assert len(doc.projects[-1].indicators) == 3  # as before: the line took none of them


def test_a_line_of_words_under_the_last_row_is_no_wrapped_name_of_nobody():
    # text copied out of a workbook: a label-only line after the last coded row, whose catalog name is
    # whole without it, and no row below to take it: a row of its own (it was dropped before)
    table = "\n".join("\t".join(cells) for cells in [
        ["2024年部门一般公共预算支出功能分类预算表"], ["编制部门：上海市普陀区某某局", "", "单位：元"],
        ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"],
        ["合计", "", "600,000", "600,000", "0"], ["201", "一般公共服务支出", "600,000", "600,000", "0"],
        ["20101", "人大事务", "600,000", "600,000", "0"], ["2010101", "行政运行", "600,000", "600,000", "0"],
        ["联系人：张三", "", "", "", ""]]) + "\n"
    t = text_doc(table).table("general_expenditure")
    assert [(r.code, r.name) for r in t.rows][-2:] == [("2010101", "行政运行"), (None, "联系人：张三")]


def test_a_note_between_indicator_rows_does_not_end_the_form():
    # a one-cell note with more indicator rows under it is the form's own line, not narrative
    seed = (ROOT / "examples" / "disclosures" / "000_f91b7b473888f42b.txt").read_text(encoding="utf-8")
    row = "\t\t数量指标\t发放次数\t=\t12\t次\t20"
    assert seed.count(row) == 1
    doc = read_text(seed.replace(row, "注：补助按月发放，全年发放12次。\n" + row), "000.txt")
    assert [len(p.indicators) for p in doc.projects] == [len(p.indicators) for p in read_text(seed, "000.txt").projects]
    assert len(doc.projects[-1].indicators) == 5
    assert all("按月发放" not in s.text for s in doc.sections)
