"""The checker on the five seeds: a regression of what it finds, held against DOMAIN.md §2.5.

Every ERR item of the register is found at its table / row / column and seed line; every TAIL
item (a 0.01 rounding tail) is info, never an error; seed 004, whose identities all hold, has no
arithmetic finding at all. Seed lines are checked against the printed text as well, so that a
finding's location is the one a reader of the seed would point at.
"""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from yusuan.catalog.vocabulary import COLUMN_NAMES
from yusuan.report import Severity
from yusuan.rules import check

D = Decimal
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
SEEDS = ("000", "001", "002", "003", "004")

# DESIGN.md §4, the table kinds of the contract
TABLE_KINDS = {"fiscal_summary", "general_expenditure", "basic_expenditure", "three_public", "gov_fund_expenditure",
               "soe_expenditure", "summary", "revenue", "expenditure", "procurement", "project_expenditure",
               "economic_summary", "unit_performance", "project_performance"}


@pytest.fixture(scope="module")
def report(seed):
    cache: dict = {}

    def get(number: str):
        if number not in cache:
            cache[number] = check(seed(number))
        return cache[number]

    return get


def _value(text: str | None):
    """A numeric expected/actual as a Decimal; a name or a list stays text."""
    return D(text) if text and re.fullmatch(r"-?\d+(\.\d+)?", text) else text


def located(findings) -> set[tuple]:
    return {(f.code, f.table, f.row, f.column, f.source.line, _value(f.expected), _value(f.actual))
            for f in findings}


def of(report, severity) -> list:
    return [f for f in report.findings if f.severity is severity]


def diff(f) -> Decimal | None:
    try:
        return abs(D(f.expected) - D(f.actual))
    except Exception:
        return None


# --------------------------------------------------------------------------- error codes per seed

ERROR_CODES = {
    "000": {"C102", "C103", "C104", "C105", "K102", "X103", "X112"},
    "001": {"C102", "C103", "C105", "P101", "P108", "X103", "X112", "X113"},
    "002": {"N101", "N102", "N104", "N105", "N106", "P106", "X120"},
    "003": {"X113"},
    "004": set(),
}


@pytest.mark.parametrize("number", SEEDS)
def test_error_codes_per_seed(report, number):
    assert report(number).codes(ERROR) == sorted(ERROR_CODES[number])


@pytest.mark.parametrize("number", SEEDS)
def test_counts_agree_with_findings(report, number):
    r = report(number)
    assert r.counts == {s.value: len(of(r, s)) for s in Severity}
    assert r.errors == tuple(of(r, ERROR))


# --------------------------------------------------------------------------- 000 重庆市綦江区社会保险事务中心 2023


def test_000_errors_located(report, seed_lines):
    got = located(of(report("000"), ERROR))
    assert got == {
        # 000-4: no 政府采购 table and no narrative at all
        ("C104", "procurement", None, None, None, None, None),
        ("C105", None, None, None, None, None, None),
        # 000-5: 保障 printed 保险 in 4-2
        ("K102", "general_expenditure", "20801", None, 29, "人力资源和社会保障管理事务", "人力资源和社会保险管理事务"),
        ("K102", "general_expenditure", "2080199", None, 32, "其他人力资源和社会保障管理事务支出",
         "其他人力资源和社会保险管理事务支出"),
        # 000-4: 4-5 政府性基金 empty, no statement
        ("C102", "gov_fund_expenditure", None, None, 134, None, None),
        # 000-2: 4-7 收入总表 header only although income is 3,094.17
        ("C103", "revenue", None, None, 158, D("3094.17"), None),
        # 000-3: 4-8 支出总表 only row 208; missing 210 38.50, 221 66.09, 223 130.00
        ("X103", "expenditure", "210", "total", 165, D("38.50"), None),
        ("X103", "expenditure", "221", "total", 165, D("66.09"), None),
        ("X103", "expenditure", "223", "total", 165, D("130.00"), None),
        # 000-7: 整体绩效 基本支出 9,864,738.93 元 = 986.47 万 ≠ 984.28 (the 2.19 遗属补助 project)
        ("X112", "unit_performance", "funds", "basic", 172, D("984.28"), D("986.47")),
    }
    lines = seed_lines("000")
    assert lines[29].split("\t")[:2] == ["20801", "人力资源和社会保险管理事务"]
    assert lines[32].startswith("2080199\t其他人力资源和社会保险管理事务支出")
    assert lines[134].endswith("政府性基金预算支出表")
    assert lines[158].endswith("部门收入总表")
    assert lines[165].endswith("部门支出总表")
    assert lines[172].startswith("2023年部门（单位）整体支出绩效目标表")


def test_000_tails_are_the_info_findings(report):
    # 000-1: 302 Σ款 177.39 vs 177.40; 人员经费 806.89 vs 301 + 303 = 806.88; 人员 + 公用 984.29 vs 984.28
    got = located(of(report("000"), INFO))
    assert got == {
        ("A101", "basic_expenditure", "total", "total", 57, D("984.29"), D("984.28")),
        ("A104", "basic_expenditure", "total", "personnel", 57, D("806.88"), D("806.89")),  # once, not also A103
        ("A102", "basic_expenditure", "302", "total", 71, D("177.39"), D("177.40")),
        ("A102", "basic_expenditure", "302", "public", 71, D("177.39"), D("177.40")),
    }


def test_000_lost_value_and_performance_warnings(report):
    warnings = of(report("000"), WARNING)
    [lost] = [f for f in warnings if f.code == "R002"]
    assert (lost.table, lost.column, lost.source.line) == ("unit_performance", "project", 176)
    # 000-10: 16 代发 projects print 每年发放次数 in %; 军转干 ≥ 400 vs 1,000.30
    assert len([f for f in warnings if f.code == "P103"]) == 16
    [low] = [f for f in warnings if f.code == "P107" and f.row == "50011023T000003385373"]
    assert (low.expected, low.actual) == ("1000.30", "400")
    assert not [f for f in report("000").findings if f.code == "X112" and f.column == "project"]  # ##### not compared


# --------------------------------------------------------------------------- 001 綦江区人力资源和社会保障局（本级） 2023


def test_001_errors_located(report, seed_lines):
    got = located(f for f in of(report("001"), ERROR) if f.code != "P101")  # P101: test_001_weights_not_100
    assert got == {
        ("C105", None, None, None, None, None, None),
        # 001-4: 4-5 政府性基金 and 4-9 政府采购 empty with no statement
        ("C102", "gov_fund_expenditure", None, None, 271, None, None),
        ("C102", "procurement", None, None, 373, None, None),
        # 001-3: 4-7 empty; 4-8 only row 208 (missing 210 33.20, 211 547.20, 221 54.65)
        ("C103", "revenue", None, None, 316, D("4284.87"), None),
        ("X103", "expenditure", "210", "total", 361, D("33.20"), None),
        ("X103", "expenditure", "211", "total", 361, D("547.20"), None),
        ("X103", "expenditure", "221", "total", 361, D("54.65"), None),
        # 001-5: 基本 839.14 = 836.86 + 2.28 (遗属生活补助费用); 项目 3,445.74 = 3,448.02 − 2.28
        ("X112", "unit_performance", "funds", "basic", 418, D("836.86"), D("839.14")),
        ("X112", "unit_performance", "funds", "project", 418, D("3448.02"), D("3445.74")),
        # 001-6: 27 project tables 3,122.05 against 3,448.02: 325.97 without 绩效目标表
        ("X113", "project_performance", None, "total", 572, D("3448.02"), D("3122.05")),
        # 001-8: 193.39 vs “需列支专项经费200万元”; 131.40 vs “共需开支经费221.4万元”
        ("P108", "project_performance", "50011023T000003384940", "total", 870, D("193.39"), D("200")),
        ("P108", "project_performance", "50011023T000003385078", "total", 2118, D("131.40"), D("221.4")),
    }
    [gap] = [f for f in report("001").errors if f.code == "X113"]
    assert "325.97" in gap.message
    lines = seed_lines("001")
    assert "社会保险基金稽核监管专项" in lines[1860] and "全区基层人力社保以奖代补专项" in lines[2046]
    assert "市属国有企业退休人员社会化管理补助专项" in lines[856]
    assert "机关事业单位退休干部管理及活动专项" in lines[2104]


def test_001_weights_not_100(report, seed_lines):
    # 001-7: 社会保险基金稽核监管专项 and 全区基层人力社保以奖代补专项, 20 + 20 + 10 + 20 + 20 = 90; the
    # finding names the project form it is on (DESIGN.md §4 table kinds)
    got = located(f for f in of(report("001"), ERROR) if f.code == "P101")
    assert got == {("P101", "project_performance", "50011023T000003385051", "weight", 1860, D("100"), D("90")),
                   ("P101", "project_performance", "50011023T000003385057", "weight", 2046, D("100"), D("90"))}


def test_001_tails_are_info(report):
    # 001-1: 208 3,649.82 in 4-1/4-6 vs 3,649.83 in 4-2/4-8; 4,284.87 vs 4,284.88 (B11 in 元)
    # 001-2: 301 Σ款 647.84 vs 647.83
    got = located(of(report("001"), INFO))
    assert got == {
        ("X104", "fiscal_summary", "out.current", "general_budget", 21, D("4284.88"), D("4284.87")),
        ("X104", "fiscal_summary", "208", "general_budget", 23, D("3649.83"), D("3649.82")),
        ("X103", "summary", "208", "total", 292, D("3649.83"), D("3649.82")),
        ("X112", "unit_performance", "funds", "total", 418, D("4284.87"), D("4284.88")),
        ("A102", "basic_expenditure", "301", "total", 125, D("647.84"), D("647.83")),
        ("A102", "basic_expenditure", "301", "personnel", 125, D("647.84"), D("647.83")),
    }


def test_001_text_and_indicator_warnings(report, seed_lines):
    warnings = of(report("001"), WARNING)
    # 001-8: 正高级职称人员体检 80 人 in the text, = 107 人 in the indicator
    [exam] = [f for f in warnings if f.code == "P113"]
    assert (exam.row, exam.source.line, exam.expected, exam.actual) == ("50011023T000003384913", 2021, "80", "107")
    assert "正高级专家体检" in seed_lines("001")[2021]
    # 001-8: text rounded to whole 万元 (405.80 → 405, 255.50 → 255) is a warning, not an error
    rounded = {(f.row, f.expected, f.actual) for f in warnings if f.code == "P108"}
    assert rounded == {("50011023T000003384729", "405.80", "405"), ("50011023T000003384780", "255.50", "255")}
    # 001-9: stale year, duplicate indicator
    assert [f.source.line for f in warnings if f.code == "P110"] == [1564]
    assert [f.code for f in warnings if f.code == "P109"] == ["P109"]


def test_001_calculation_in_project_text(report, seed_lines):
    # 001-8 (TAIL): 12134.54平方×30元/月×12月 = 436.84344 万元, printed 436.85 (项目概况 and 立项依据: one finding)
    [f] = [f for f in report("001").findings if f.code == "P116"]
    assert (f.severity, f.row, f.source.line, f.expected, f.actual) == (
        WARNING, "50011023T000003385003", 996, "436.84", "436.85")
    assert seed_lines("001")[996].startswith("租用市民服务中心") and "436.85万元" in seed_lines("001")[997]


# --------------------------------------------------------------------------- 002 重庆市荣昌区社会保险事务中心 2026


def test_002_errors_located(report, seed_lines):
    got = located(of(report("002"), ERROR))
    assert got == {
        # 002-2: “一般公共服务支出2023.59万元” and the enumeration that does not add up to 2,235.58
        ("N104", None, None, None, 21, None, D("2023.59")),
        ("N106", None, None, None, 21, D("2235.58"), D("4047.18")),
        # 002-3: “项目支出1174.97万元” under 一般公共预算 (962.97); +112.54 vs +78.15
        ("N101", None, None, None, 23, D("962.97"), D("1174.97")),
        ("N102", None, None, None, 23, None, "78.15、112.54"),
        # 002-4: “2026年度无政府采购” vs 表九 8.5
        ("N105", "procurement", None, None, 30, None, D("8.5")),
        # 002-5: “涉及一般公共预算财政拨款1174.96万元”
        ("N101", None, None, None, 32, D("962.97"), D("1174.96")),
        # 002-1: 表一 is the 2025 table
        ("X120", "fiscal_summary", None, None, 51, None, "2123.04, 1945.44, 177.60"),
        # 002-9: two projects with no target and no indicator
        ("P106", "project_performance", "50015322T000002703908", None, 1951, None, None),
        ("P106", "project_performance", "50015324T000004229331", None, 2129, None, None),
    }
    lines = seed_lines("002")
    assert "一般公共服务支出2023.59万元" in lines[21]
    assert "项目支出1174.97万元" in lines[23]
    assert lines[30].startswith("（三）政府采购情况") and lines[31].startswith("2026年度无政府采购")
    assert "1174.96万元" in lines[32]
    assert lines[51].strip() == "财政拨款收支总表"


def test_002_project_text_contradictions(report, seed_lines):
    warnings = of(report("002"), WARNING)
    # 002-10: 民师 项目概述 “按10元/年的标准按月发放” vs 绩效目标 “按110元/人的标准按月发放”
    [mismatch] = [f for f in warnings if f.code == "P114"]
    assert (mismatch.row, mismatch.source.line, mismatch.expected, mismatch.actual) == (
        "50015322T000000092268", 1793, "10", "110")
    # 002-10: 军转干 180 人 × (29220 + 1700) 元 = 556.56 万元 > 540.00
    [estimate] = [f for f in warnings if f.code == "P115"]
    assert (estimate.row, estimate.source.line, estimate.expected, estimate.actual) == (
        "50015322T000000092262", 1704, "556.56", "540.00")
    lines = seed_lines("002")
    assert "按10元/年" in lines[1794] and "按110元/人" in lines[1800] and "180人" in lines[1705]
    assert lines[1793].strip() == lines[1704].strip() == "项目概述"  # each points at its 项目概述


def test_002_stale_table_is_one_finding(report):
    r = report("002")
    on_fiscal = [f for f in r.findings if f.table == "fiscal_summary"]
    assert [f.code for f in on_fiscal if f.code.startswith("X")] == ["X120"]
    assert not [f for f in r.findings if f.code in ("X104", "X105", "X108")]
    [x] = [f for f in r.findings if f.code == "X120"]
    assert "2,235.58" not in x.message and "2,123.04" in x.message


def test_002_tails_are_info(report):
    # 002-7: 表二 208 1,857.87 vs 1,857.86 and 合计 2,023.58 vs 2,023.59; 表三 301/302/303; 表八 项目
    got = located(of(report("002"), INFO))
    assert {
        ("A101", "general_expenditure", "total", "total", 209, D("2023.58"), D("2023.59")),
        ("A101", "general_expenditure", "208", "total", 232, D("1857.86"), D("1857.87")),
        ("A102", "general_expenditure", "208", "total", 232, D("1857.86"), D("1857.87")),
        ("A102", "basic_expenditure", "301", "total", 404, D("848.86"), D("848.85")),
        ("A102", "basic_expenditure", "302", "total", 476, D("174.25"), D("174.24")),
        ("A102", "basic_expenditure", "303", "total", 560, D("37.51"), D("37.52")),
        ("A103", "expenditure", "total", "project", 1259, D("1174.96"), D("1174.97")),
        ("X113", "project_performance", None, "total", 1684, D("1174.97"), D("1174.96")),
    } <= got
    assert {diff(f) for f in of(report("002"), INFO)} == {D("0.01")}


def test_002_numbering_and_performance_warnings(report):
    warnings = of(report("002"), WARNING)
    # 002-6: 五 numbered （一）（三）（三）（四）
    assert [(f.code, f.source.line) for f in warnings if f.code == "C107"] == [("C107", 30), ("C107", 32)]
    # 002-10/11: 成本 with ≥; 数量 with ≤; 预算执行率 under 经济效益; 知晓率 / 冒领率 under 成本
    assert {f.row for f in warnings if f.code == "P105"} == {"50015324T000003801032", "50015326T000005242672"}
    assert [f.source.line for f in warnings if f.code == "P104"] == [1602]
    assert {f.source.line for f in warnings if f.code == "P112"} >= {1642, 1652}


# --------------------------------------------------------------------------- 003 重庆市大渡口区社会保险事务中心 2024


def test_003_only_error_is_project_coverage(report):
    # 003-3: 3 project tables 119.56 against 项目支出 804.57 (GPB 573.57 + SOE 231)
    assert located(of(report("003"), ERROR)) == {
        ("X113", "project_performance", None, "total", 788, D("804.57"), D("119.56"))}


def test_003_tails_are_info(report):
    # 003-1: 表二 210 34.92 vs 34.93; Σ类 1,293.39 vs 1,293.40; Σ基本 719.82 vs 719.83; narrative 1,524.39
    r = report("003")
    got = located(of(r, INFO))
    assert {
        ("A102", "general_expenditure", "21011", "total", 215, D("34.93"), D("34.92")),
        ("A103", "general_expenditure", "total", "total", 184, D("1293.39"), D("1293.40")),
        ("A103", "general_expenditure", "total", "basic", 184, D("719.82"), D("719.83")),
        ("A102", "basic_expenditure", "302", "total", 288, D("149.49"), D("149.50")),
        ("N106", None, None, None, 40, D("1524.40"), D("1524.39")),
    } <= got
    assert {f.code for f in of(r, INFO)} <= {"A102", "A103", "A107", "N106"}
    assert {diff(f) for f in of(r, INFO)} == {D("0.01")}


def test_003_quantity_with_upper_bound(report):
    assert [(f.code, f.row) for f in of(report("003"), WARNING)] == [("P105", "50010422T000000083166")]


# --------------------------------------------------------------------------- 004 新乡市社会保险中心 2023


def test_004_no_error_no_arithmetic_finding(report):
    r = report("004")
    assert r.errors == ()
    assert [str(f) for f in r.findings if f.code[0] in "AX"] == []
    assert r.codes(WARNING) == ["K103", "K104"]


def test_004_warnings_located(report, seed_lines):
    warnings = of(report("004"), WARNING)
    # 004-2: “（九）医疗卫生与计划生育支出” beside “（十）卫生健康支出”
    [stale] = [f for f in warnings if f.code == "K103"]
    assert (stale.table, stale.row, stale.source.line, stale.expected) == ("fiscal_summary", "210", 244, "卫生健康支出")
    assert "医疗卫生与计划生育支出" in seed_lines("004")[244]
    # 004-3: 30226 → 50205 and 50502; 30201 → 50201 and 50502; 501/502 with 505
    mapping = {(f.table, f.row, f.actual) for f in warnings if f.code == "K104"}
    assert mapping == {("economic_summary", "30201", "50201、50502"), ("economic_summary", "30226", "50205、50502"),
                       ("economic_summary", None, "501、502、505")}


# --------------------------------------------------------------------------- across the seeds


@pytest.mark.parametrize("number", SEEDS)
def test_no_rounding_tail_is_an_error(report, number):
    # every TAIL of DOMAIN §2.5 is exactly 0.01; none may be reported as an error
    tails_as_errors = [str(f) for f in report(number).errors if diff(f) == D("0.01")]
    assert tails_as_errors == []


@pytest.mark.parametrize("number", SEEDS)
def test_tails_are_marked_as_such(report, number):
    for f in of(report(number), INFO):
        assert f.message.startswith("尾差"), f
        assert diff(f) is None or diff(f) <= D("0.02"), f


@pytest.mark.parametrize("number", SEEDS)
def test_findings_are_in_reading_order(report, number):
    lines = [f.source.line or 0 for f in report(number).findings]
    assert lines == sorted(lines)


@pytest.mark.parametrize("number", SEEDS)
def test_findings_point_into_the_file(report, seed, seed_file, number):
    doc = seed(number)
    n = len(seed_file(number).read_text(encoding="utf-8").splitlines())
    for f in report(number).findings:
        assert f.source.file == doc.file
        assert f.source.line is None or 1 <= f.source.line <= n, f


def test_finding_tables_use_the_contract_kinds(report):
    # DESIGN.md §4: a finding's table is one of the table kinds; a project's findings name the
    # project form (project_performance), the unit's the unit form (unit_performance)
    odd = sorted({(n, f.code, f.table) for n in SEEDS for f in report(n).findings
                  if f.table not in TABLE_KINDS | {None}})
    assert odd == []


_COLUMN_KEY = re.compile(r"(?<![A-Za-z_.])(" + "|".join(sorted(map(re.escape, COLUMN_NAMES), key=len, reverse=True))
                         + r")(?![A-Za-z_])")


def test_messages_name_columns_in_chinese(report):
    # the reports speak Chinese (DESIGN.md §1): “basic 9,864,738.93 元” should read “基本支出 …”
    english = [f"{n} {f.code}: {f.message}" for n in SEEDS for f in report(n).findings
               if _COLUMN_KEY.search(f.message)]
    assert english == []
