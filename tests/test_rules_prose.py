"""N118–N127: what the narrative says against itself, each on a small inline 情况说明 (the wording
of the Shanghai, Fujian and Chongqing packages these checks were written from), and on the
corrected text, where the rule says nothing."""
from __future__ import annotations

from decimal import Decimal
from textwrap import dedent

from yusuan.read import read_text
from yusuan.report import Severity
from yusuan.rules import check

D = Decimal
TABLE = """
某单位2024年部门财务收支预算总表
编制部门：上海市普陀区某某局|||单位：元
本年收入||本年支出|
项目|预算数|项目|预算数
一、财政拨款收入|1,000,000|一、一般公共服务支出|1,000,000
收入总计|1,000,000|支出总计|1,000,000
"""


def doc(narrative: str, unit: str = "上海市普陀区某某局"):
    text = f"上海市普陀区2024年区级部门预算\n预算主管部门：{unit}\n" + dedent(narrative).strip("\n") + "\n" + TABLE
    return read_text(text.replace("|", "\t"), "inline.txt")


def found(d, code: str) -> list:
    report = check(d, select=[code])
    assert {f.code for f in report.findings} <= {code}
    return list(report.findings)


# --------------------------------------------------------------------------- N118 direction words
def test_n118_rate_said_to_rise_when_the_amount_fell():
    d = doc("""
        一、部门预算编制说明
        1. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”25.77万元，主要用于专项普查活动。2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数增加57.14%。
    """)
    [f] = found(d, "N118")
    assert f.severity is Severity.ERROR
    assert (f.expected, f.actual) == ("减少", "增加")


def test_n118_increase_larger_than_the_amount():
    d = doc("""
        一、部门预算编制说明
        政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元。
    """)
    [f] = found(d, "N118")
    assert f.actual == "1421.25" and "上年数将为负" in f.message


def test_n118_clean():
    d = doc("""
        一、部门预算编制说明
        1. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”25.77万元。2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%。
        政府性基金拨款支出预算1500.00万元，比2022年预算增加1421.25万元。
    """)
    assert found(d, "N118") == []


# --------------------------------------------------------------------------- N119 reasons
def test_n119_reason_says_the_opposite():
    d = doc("""
        一、部门预算编制说明
        2023年当年预算执行数为114.00万元，2024年预算安排110.60万元，比2023年预算执行数减少2.98%。主要原因是：宣传事务一般行政管理事务经费增加。
    """)
    [f] = found(d, "N119")
    assert f.severity is Severity.WARNING and f.actual == "宣传事务一般行政管理事务经费增加"


def test_n119_clean():
    d = doc("""
        一、部门预算编制说明
        2023年当年预算执行数为114.00万元，2024年预算安排110.60万元，比2023年预算执行数减少2.98%。主要原因是：宣传事务经费减少。
    """)
    assert found(d, "N119") == []


# --------------------------------------------------------------------------- N120 template text
def test_n120_template_alternatives_and_remarks():
    d = doc("""
        一、部门预算编制说明
        “三公”经费支出决算数比2023年度减少0.15万元，下降（增长）27.78%。
        五、国有资产占有使用情况（增加内容）
        截至2023年12月31日，本部门共有车辆2辆。
    """)
    assert sorted(f.actual for f in found(d, "N120")) == ["下降（增长）", "（增加内容）"]


def test_n120_clean():
    d = doc("""
        一、部门预算编制说明
        “三公”经费支出决算数比2023年度减少0.15万元，下降27.78%。
        原文链接: https://www.pingtan.gov.cn/zwgk/zdlyxxgk/czzj/bmyjsgk/，见网页。
    """)
    assert found(d, "N120") == []  # (xx inside a web address is no placeholder)
    assert [f.actual for f in found(doc("""
        一、部门预算编制说明
        本部门共有xx个处室，20XX年预算xx万元。
    """), "N120")] == ["xx", "XX"]


# --------------------------------------------------------------------------- N121 punctuation, blanks
def test_n121_blank_amount_empty_reason_brackets_and_doubled_marks():
    d = doc("""
        一、部门预算编制说明
        2014年年初结转结余28.78万元，用事业基金弥补收支差额万元，本年支出120.46万元。
        (一）公务用车购置及运行费6.40万元，与2023年预算持平，主要原因是。
        （二）、公务接待费1.35万元。。
    """)
    messages = [f.message for f in found(d, "N121")]
    assert any("金额没有填写" in m and "弥补收支差额" in m for m in messages)
    assert any("原因没有填写" in m for m in messages)
    assert any("括号不配对" in m and "(一）" in m for m in messages)
    assert any("序号后多了顿号" in m for m in messages)
    assert any("标点重复" in m for m in messages)
    assert len(messages) == 5


def test_n121_a_blank_in_a_numbered_paragraph_is_reported_once():
    # a numbered paragraph that states amounts is its own title and text (a 决算批复's “二、…”)
    d = doc("""
        一、部门预算编制说明
        二、2014年基本支出120.46万元，补助下级支出万元。
        三、2014年“三公”经费支出7.03万元。
    """)
    [f] = found(d, "N121")
    assert "金额没有填写" in f.message and "补助下级支出万元" in f.message


def test_n121_clean():
    d = doc("""
        一、部门预算编制说明
        2014年年初结转结余28.78万元，用事业基金弥补收支差额0万元，本年支出数万元以上的项目有3个。
        （一）公务用车购置及运行费6.40万元，与2023年预算持平，主要原因是车辆数未变。
        目录……1。。。2。。。3
    """)
    assert found(d, "N121") == []


def test_n121_an_amount_in_wan_without_yuan():
    # the Shanghai 决算 template's “国内公务接待支出 XX 万（含外宾接待支出 XX 万元）”, copied by the units
    d = doc("""
        一、“三公”经费支出决算情况说明
        公务接待费支出 0.39 万元。其中：国内公务接待支出 0.39 万（含外宾接待支出 0.00 万元）。
        全年服务居民 3 万，接待 26 人次。
    """)
    [f] = found(d, "N121")
    assert "金额单位写作“万”，少了“元”" in f.message and "国内公务接待支出0.39万（" in f.message
    assert f.actual == "万"


# --------------------------------------------------------------------------- N122 the unit's name
def test_n122_unit_name_written_another_way():
    d = doc("""
        一、部门主要职能
        规划与自然资源局负责本区规划和自然资源管理。上海市规划和自然资源局2024年度部门决算表如下。
    """, unit="上海市普陀区规划和自然资源局")
    assert sorted(f.actual for f in found(d, "N122")) == ["上海市规划和自然资源局", "规划与自然资源局"]


def test_n122_clean():
    d = doc("""
        一、部门主要职能
        上海市普陀区规划和自然资源局负责本区规划和自然资源管理；普陀区规划和自然资源局下设办公室。
    """, unit="上海市普陀区规划和自然资源局")
    assert found(d, "N122") == []


# --------------------------------------------------------------------------- N123 one item, two amounts
def test_n123_item_states_its_amount_twice():
    d = doc("""
        一、部门预算编制说明
        31. “住房保障支出（类）住房改革支出（款）住房公积金（项）”350.35万元，主要用于住房公积金。2023年当年预算执行数为348.52万元，2024年预算安排352.67万元，比2023年预算执行数增加0.53%。
    """)
    [f] = found(d, "N123")
    assert (f.expected, f.actual) == ("350.35", "352.67")


def test_n123_clean():
    d = doc("""
        一、部门预算编制说明
        31. “住房保障支出（类）住房改革支出（款）住房公积金（项）”350.35万元。2023年当年预算执行数为348.52万元，2024年预算安排350.35万元，比2023年预算执行数增加0.53%。
    """)
    assert found(d, "N123") == []


# --------------------------------------------------------------------------- N124 parts and whole
def test_n124_parts_larger_than_the_whole():
    d = doc("""
        一、项目概况
        本工程规划建筑面积约为13459平方米，其中地上建筑面积为8013平方米（其中计容面积7998平方米，不计容面积105平方米），地下建筑面积为5356平方米。
    """)
    [f] = found(d, "N124")
    assert (f.expected, f.actual) == ("≤ 8013", "8103")


def test_n124_clean_changes_and_partial_lists_are_not_parts():
    d = doc("""
        一、项目概况
        本工程规划建筑面积约为13459平方米，其中地上建筑面积为8103平方米（其中计容面积7998平方米，不计容面积105平方米），地下建筑面积为5356平方米。
        收入预算16497.86万元，其中：财政拨款收入16497.86万元，比2022年预算增加1421.25万元。
    """)
    assert found(d, "N124") == []


# --------------------------------------------------------------------------- N125 / N126 the items
GENERAL_2024 = """
某单位2024年部门一般公共预算支出功能分类预算表
编制部门：上海市普陀区某某局|||||单位：元
功能分类科目编码|||功能分类科目名称|合计|基本支出|项目支出
类|款|项||||
221|||住房保障支出|5,000,000|5,000,000|0
221|02||住房改革支出|5,000,000|5,000,000|0
221|02|01|住房公积金|3,000,000|3,000,000|0
221|02|03|购房补贴|1,500,000|1,500,000|0
221|02|99|其他住房改革支出|500,000|500,000|0
合计||||5,000,000|5,000,000|0
"""


def items_doc(narrative: str):
    return doc(narrative + GENERAL_2024)


def test_n125_kuan_named_as_its_class_and_an_old_name():
    d = items_doc("""
        一、部门预算编制说明
        1. “住房保障支出（类）住房保障支出（款）住房公积金（项）”300.00万元，主要用于住房公积金。
        2. “住房保障支出（类）住房改革支出（款）购房补助（项）”150.00万元，主要用于购房补贴。
    """)
    got = sorted((f.row, f.actual, f.expected) for f in found(d, "N125"))
    assert got == [("22102", "住房保障支出", "住房改革支出"), ("2210203", "购房补助", "购房补贴")]


def test_n125_clean():
    d = items_doc("""
        一、部门预算编制说明
        1. “住房保障支出（类）住房改革支出（款）住房公积金（项）”300.00万元。
    """)
    assert found(d, "N125") == []


def test_n125_a_name_with_brackets_of_its_own():
    """“政府办公厅（室）及相关机构事务（款）”: the （室） is part of the 款's name, not a link of the chain."""
    d = doc("""
        一、部门预算编制说明
        1. “一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）”200.00万元。
        2. “一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）一般行政管理事务（项）”100.00万元。
    """ + """
某单位2024年部门一般公共预算支出功能分类预算表
编制部门：上海市普陀区某某局|||||单位：元
功能分类科目编码|||功能分类科目名称|合计|基本支出|项目支出
类|款|项||||
201|||一般公共服务支出|3,000,000|2,000,000|1,000,000
201|03||政府办公厅（室）及相关机构事务|3,000,000|2,000,000|1,000,000
201|03|01|行政运行|2,000,000|2,000,000|0
201|03|02|一般行政管理事务|1,000,000|0|1,000,000
合计||||3,000,000|2,000,000|1,000,000
""")
    assert found(d, "N125") == [] and found(d, "N126") == []


def test_n126_one_item_not_explained():
    d = items_doc("""
        一、部门预算编制说明
        1. “住房保障支出（类）住房改革支出（款）住房公积金（项）”300.00万元。
        2. “住房保障支出（类）住房改革支出（款）购房补贴（项）”150.00万元。
        3. “住房保障支出（类）住房改革支出（款）住房公积金（项）”300.00万元。
    """)
    [f] = found(d, "N126")
    assert (f.row, f.expected) == ("2210299", "50.0000")


def test_n126_clean_when_every_item_is_explained_or_none_is():
    d = items_doc("""
        一、部门预算编制说明
        1. “住房保障支出（类）住房改革支出（款）住房公积金（项）”300.00万元。
        2. “住房保障支出（类）住房改革支出（款）购房补贴（项）”150.00万元。
        3. “住房保障支出（类）住房改革支出（款）其他住房改革支出（项）”50.00万元。
    """)
    assert found(d, "N126") == []
    assert found(items_doc("一、部门预算编制说明\n住房保障支出500.00万元。"), "N126") == []


def test_n101_an_items_amount_against_its_row():
    d = items_doc("""
        一、部门预算编制说明
        1. “住房保障支出（类）住房改革支出（款）购房补贴（项）”157.00万元，主要用于购房补贴。
    """)
    [f] = [f for f in found(d, "N101") if f.severity is Severity.ERROR]
    assert (f.expected, f.actual) == ("150.0000", "157.00")


def test_n124_awards_to_small_firms_larger_than_the_purchases():
    d = doc("""
        一、政府采购支出情况
        本部门2024年度政府采购金额（以合同签订为准）为21.07万元。在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额21.07万元；在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额21.07万元。
    """)
    [f] = found(d, "N124")
    assert (f.expected, f.actual) == ("≤ 21.07", "42.14")


# --------------------------------------------------------------------------- N127 “三公” items
THREE_PUBLIC = """
    一、2024年“三公”经费预算情况说明
    2024年“三公”经费预算数为47.91万元，比2023年预算增加25万元。其中：
    （一）因公出国（境）费0万元，比2023年预算持平。
    （二）公务用车购置及运行费46.56万元，比2023年预算增加25万元，其中：公务用车购置费25万元，公务用车运行费21.56万元。
    （三）公务接待费1.35万元。比2023年预算持平。
"""


def test_n127_three_items_that_do_not_make_the_total():
    [f] = found(doc(THREE_PUBLIC.replace("47.91万元", "48.91万元")), "N127")
    assert (f.severity, f.expected, f.actual) == (Severity.ERROR, "48.91", "47.91")


def test_n127_an_item_left_unstated():
    [f] = found(doc(THREE_PUBLIC.replace("（三）公务接待费1.35万元。比2023年预算持平。", "")), "N127")
    assert (f.severity, f.expected, f.actual) == (Severity.WARNING, "47.91", "46.56")
    assert "其余 1.35 万元（公务接待费）" in f.message


def test_n127_clean():
    assert found(doc(THREE_PUBLIC), "N127") == []
    # a 公务车 written without 用; the remainder within the rounding of one-decimal amounts
    assert found(doc(THREE_PUBLIC.replace("公务用车购置及运行费", "公务车购置及运行费")), "N127") == []
    assert found(doc(PINGTAN_THREE.replace("（三）", "（二）")), "N127") == []


PINGTAN_THREE = """
        六、一般公共预算“三公”经费支出情况
        2016年下达我单位“三公经费”控制数6.6万元。其中：
        （一）公务接待费 2016年预算安排2.7万元。
        （三）公务用车购置及运行费 2016年预算安排车辆经费3.8万元，其中车辆运行费3.8万元。
"""


def test_n127_a_remainder_within_rounding_where_a_numbered_item_is_skipped():
    # Pingtan 2016: （二） is skipped, and 2.7 + 3.8 falls 0.1 short of 6.6: likelier the item left out
    [f] = found(doc(PINGTAN_THREE), "N127")
    assert (f.severity, f.expected, f.actual) == (Severity.WARNING, "6.6", "6.5")
    assert "其余 0.1 万元（因公出国（境）费）没有说明（差额在尾数误差之内，但所列编号有空缺" in f.message


def test_n124_counts_are_exact():
    [f] = found(doc("""
        十、国有资产占用情况
        截至2023年12月31日，本部门共有车辆2辆，其中：一般公务用车2辆，执法执勤用车1辆。
    """), "N124")
    assert (f.expected, f.actual) == ("≤ 2", "3")
    assert found(doc("""
        十、国有资产占用情况
        截至2023年12月31日，本部门共有车辆2辆，其中：一般公务用车1辆，执法执勤用车1辆。
    """), "N124") == []


# --------------------------------------------------------------------------- N128 years
def test_n128_years_copied_from_last_years_text():
    d = doc("""
        一、2023年“三公”经费预算情况说明
        2024年“三公”经费预算数为6.40万元，比2022年预算持平。其中：公务用车运行费6.40万元，比2022年预算持平。
        二、国有资产占有使用情况
        截至2024年12月31日，本单位共有车辆1辆。
    """)
    got = [(f.source.line, f.expected, f.actual) for f in found(d, "N128")]
    assert got == [(3, "2024年", "2023年"), (3, "2023年", "2022年"), (5, "2023年", "2024年")]
    assert "（共 2 处）" in found(d, "N128")[1].message


def test_n128_clean():
    assert found(doc("""
        一、2024年“三公”经费预算情况说明
        2024年“三公”经费预算数为6.40万元，与2023年预算持平，比2022年决算数减少0.10万元。
        二、国有资产占有使用情况
        截至2023年12月31日，本单位共有车辆1辆。与2020年签订的合同有关。
    """), "N128") == []


# --------------------------------------------------------------------------- N129 listed items
BASIC_FINAL = """
一般公共预算财政拨款基本支出决算表
单位：万元
经济分类||决算数|经济分类||决算数
科目编码|科目名称||科目编码|科目名称|
301|工资福利支出|14.12|302|商品和服务支出|4.93
30101|基本工资|14.12|30201|办公费|3.78
30103|奖金|0.00|30207|邮电费|0.00
||||30211|差旅费|1.15
"""


def test_n129_a_listing_that_names_an_item_printed_as_zero():
    text = "上海市普陀区某某局2024年度部门决算\n" + dedent("""
        六、一般公共预算财政拨款基本支出决算情况说明
        一般公共预算财政拨款基本支出19.05万元。其中：人员经费14.12万元，主要包括：基本工资、奖金；公用经费4.93万元，主要包括：办公费、邮电费、差旅费等。
    """) + BASIC_FINAL.replace("|", "\t")
    d = read_text(text, "inline.txt")
    t = d.table("final_basic_expenditure")  # two blocks, no 人员经费 | 公用经费 header: the class decides
    assert t.columns == ("personnel", "public") and t.row("30211").value("public") == D("1.15")
    got = [(f.row, f.column, f.actual) for f in found(d, "N129")]
    assert got == [("30103", "personnel", "奖金"), ("30207", "public", "邮电费")]
    assert found(read_text(text.replace("、奖金", "").replace("邮电费、", ""), "inline.txt"), "N129") == []
