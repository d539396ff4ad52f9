"""The five seed disclosures read into typed records, checked against their printed text.

Every expected value below is transcribed from the seed text (examples/disclosures/*.txt);
the comments give the seed line. DOMAIN.md §1.2 names the tables each seed has and §2.5 lists
the seeds' own errors, which a reader must reproduce as printed, never "fix".
"""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest

from yusuan.ledger import FACT_COLUMNS, build_budget, facts
from yusuan.model import Status

D = Decimal
SEEDS = ("000", "001", "002", "003", "004")


# --------------------------------------------------------------------------- helpers


def squash(text: str | None) -> str:
    return re.sub(r"[\s\u3000]+", "", text or "")


def grid(columns: str, text: str) -> set[tuple[str, str, Decimal]]:
    """A transcribed table: one row per line, ``key v1 v2 …`` in the order of ``columns``,
    ``-`` for a blank cell. Keys are row codes, or ``name:货物类`` for a row without one."""
    cols = columns.split()
    out = set()
    for line in text.strip().splitlines():
        key, *values = line.split()
        assert len(values) == len(cols), f"bad transcription line: {line!r}"
        for col, v in zip(cols, values):
            if v != "-":
                out.add((key, col, D(v)))
    return out


def cells(text: str) -> set[tuple[str, str, Decimal]]:
    """A transcribed sparse table: ``key col=value col=value`` per line."""
    out = set()
    for line in text.strip().splitlines():
        key, *pairs = line.split()
        for pair in pairs:
            col, v = pair.split("=")
            out.add((key, col, D(v)))
    return out


def _column(col: str) -> str:
    # The prior-year block's own total may be named ``prior_year`` or ``prior_year.total``.
    return "prior_year" if col == "prior_year.total" else col


def table_facts(doc, kind: str) -> Counter:
    """(row key, column, amount) of every fact of the one table of ``kind``, with counts."""
    assert len(doc.tables_of(kind)) == 1, f"expected exactly one {kind} table"
    got = Counter()
    for f in facts(doc):
        if f.table == kind:
            key = f.row_code or f"name:{squash(f.row_name)}"
            got[(key, _column(f.column), f.amount)] += 1
    return got


def assert_table(doc, kind: str, expected: set) -> None:
    """Every printed number of the table is a fact exactly once, in its row and column,
    and there is no other fact."""
    got = table_facts(doc, kind)
    twice = sorted(k for k, n in got.items() if n > 1)
    missing = sorted(expected - set(got))
    extra = sorted(set(got) - expected)
    assert (missing, extra, twice) == ([], [], [])


def project(doc, code: str):
    found = [p for p in doc.projects if p.code == code]
    assert len(found) == 1, f"project {code}: {len(found)} found"
    return found[0]


def values(row) -> dict[str, Decimal]:
    return {c.column: c.value for c in row.cells if c.value is not None}


# --------------------------------------------------------------------------- identity of the documents


@pytest.mark.parametrize(
    "number, code, name, parent, year, layout, region",
    [
        ("000", "212002", "重庆市綦江区社会保险事务中心", "212", 2023, "tsv", "500110"),
        ("001", "212001", "重庆市綦江区人力资源和社会保障局（本级）", "212", 2023, "pdf_text", "500110"),
        ("002", "121003", "重庆市荣昌区社会保险事务中心", "121", 2026, "cell_lines", "500153"),
        ("004", "303016", "新乡市社会保险中心", "303", 2023, "tsv", "410700"),
    ],
)
def test_unit_year_layout_region(seed, number, code, name, parent, year, layout, region):
    doc = seed(number)
    assert (doc.unit.code, doc.unit.name, doc.unit.parent) == (code, name, parent)
    assert doc.year == year
    assert doc.layout == layout
    assert doc.region == region
    assert doc.kind == "budget"
    assert doc.amount_unit == "万元"


def test_unit_003_is_the_department_124(seed):
    doc = seed("003")
    # 表十: "部门名称 124-重庆市大渡口区社会保险事务中心"; 实施部门 124001-…（本级）
    assert doc.unit.code in ("124", "124001")
    assert doc.unit.name == "重庆市大渡口区社会保险事务中心"
    if doc.unit.code == "124001":
        assert doc.unit.parent == "124"
    assert (doc.year, doc.layout, doc.region, doc.kind) == (2024, "pdf_text", "500104", "budget")


# --------------------------------------------------------------------------- which tables (DOMAIN §1.2)

KINDS = {
    "000": ["fiscal_summary", "general_expenditure", "basic_expenditure", "three_public",
            "gov_fund_expenditure", "summary", "revenue", "expenditure"],
    "001": ["fiscal_summary", "general_expenditure", "basic_expenditure", "three_public",
            "gov_fund_expenditure", "summary", "revenue", "expenditure", "procurement"],
    "002": ["fiscal_summary", "general_expenditure", "basic_expenditure", "three_public",
            "gov_fund_expenditure", "summary", "revenue", "expenditure", "procurement"],
    "003": ["fiscal_summary", "general_expenditure", "basic_expenditure", "three_public",
            "gov_fund_expenditure", "summary", "revenue", "expenditure", "procurement"],
    "004": ["summary", "revenue", "expenditure", "fiscal_summary", "general_expenditure",
            "basic_expenditure", "economic_summary", "three_public", "gov_fund_expenditure",
            "project_expenditure"],
}


@pytest.mark.parametrize("number", SEEDS)
def test_every_table_is_recognised_in_printed_order(seed, number):
    doc = seed(number)
    assert [t.kind for t in doc.tables] == KINDS[number]
    assert not [f for f in doc.findings if f.code == "R003"]
    assert all(t.amount_unit == "万元" for t in doc.tables)


@pytest.mark.parametrize(
    "number, numbers",
    [
        # 000 prints only 附件4-2 (line 20) and 附件4-4 (line 123)
        ("000", {"general_expenditure": "附件4-2", "three_public": "附件4-4"}),
        ("001", {"fiscal_summary": "附件4-1", "general_expenditure": "附件4-2", "basic_expenditure": "附件4-3",
                 "three_public": "附件4-4", "gov_fund_expenditure": "附件4-5", "summary": "附件4-6",
                 "revenue": "附件4-7", "expenditure": "附件4-8", "procurement": "附件4-9"}),
        ("002", {"fiscal_summary": "表一", "general_expenditure": "表二", "basic_expenditure": "表三",
                 "three_public": "表四", "gov_fund_expenditure": "表五", "summary": "表六", "revenue": "表七",
                 "expenditure": "表八", "procurement": "表九"}),
        ("003", {"fiscal_summary": "表一", "general_expenditure": "表二", "basic_expenditure": "表三",
                 "three_public": "表四", "gov_fund_expenditure": "表五", "summary": "表六", "revenue": "表七",
                 "expenditure": "表八", "procurement": "表九"}),
        ("004", {"summary": "预算01表"}),  # "预算 01 表", line 143
    ],
)
def test_table_numbers_where_printed(seed, number, numbers):
    doc = seed(number)
    assert {k: doc.table(k).number for k in numbers} == numbers


@pytest.mark.parametrize(
    "number, empty",
    [
        ("000", {"gov_fund_expenditure", "revenue"}),  # 4-5, 4-7
        ("001", {"gov_fund_expenditure", "revenue", "procurement"}),  # 4-5, 4-7, 4-9
        ("002", {"gov_fund_expenditure"}),  # 表五
        ("003", {"gov_fund_expenditure"}),  # 表五
    ],
)
def test_empty_tables_are_flagged(seed, number, empty):
    doc = seed(number)
    assert {t.kind for t in doc.tables if t.is_empty} == empty


def test_titles_as_printed(seed):
    # 000 4-3's title is truncated in the seed (line 51, DOMAIN §2.5 000-6)
    assert seed("000").table("basic_expenditure").title == "重庆市綦江区社会保险事务中心一般公共预算财政拨款基本支出预"
    assert seed("001").table("general_expenditure").title == \
        "重庆市綦江区人力资源和社会保障局（本级）一般公共预算财政拨款支出预算表"
    assert seed("002").table("three_public").title == "一般公共预算三公经费支出表"
    assert seed("003").table("revenue").title == "重庆市大渡口区社会保险事务中心收入总表"
    assert squash(seed("004").table("basic_expenditure").title) == "2023年一般公共预算基本支出表"


def test_statements_are_kept_as_notes(seed):
    def notes(number, kind):
        return " ".join(seed(number).table(kind).notes)

    assert "备注：本表反映2023年当年一般公共预算财政拨款支出情况。" in notes("000", "general_expenditure")  # line 49
    assert "备注：本表反映2023年当年一般公共预算财政拨款支出情况。" in notes("001", "general_expenditure")  # line 109
    assert "本单位无该项收支，故此表无数据。" in notes("002", "gov_fund_expenditure")  # line 686
    assert "备注：本部门无政府性基金收支，故此表无数据。" in notes("003", "gov_fund_expenditure")  # line 394
    assert "说明：我单位没有政府性基金收入，也没有使用政府性基金安排支出，故此表无数据。" in \
        notes("004", "gov_fund_expenditure")  # line 385
    for kind in ("summary", "revenue", "expenditure", "fiscal_summary", "general_expenditure",
                 "basic_expenditure", "economic_summary", "project_expenditure"):
        assert "因四舍五入可能存在尾差" in notes("004", kind), kind
    # 000/001 4-5 and 001 4-9 are empty with no statement (DOMAIN §1.4)
    assert seed("000").table("gov_fund_expenditure").notes == ()
    assert seed("001").table("procurement").notes == ()


def test_pages_joined(seed):
    # 000 4-3 and 001 4-3 are printed over three pages, each repeating title and header
    assert seed("000").table("basic_expenditure").pages == 3
    assert seed("001").table("basic_expenditure").pages == 3
    assert seed("000").table("general_expenditure").pages == 1
    assert seed("003").table("revenue").pages == 1


def test_table_years(seed):
    assert seed("000").table("general_expenditure").year == 2023  # "2023年预算数"
    assert seed("002").table("general_expenditure").year == 2026
    assert seed("003").table("general_expenditure").year == 2024  # prints 2023 and 2024: the budget year


@pytest.mark.parametrize(
    "number, kind, columns",
    [
        ("000", "general_expenditure", ("total", "basic", "project")),
        ("000", "basic_expenditure", ("total", "personnel", "public")),
        ("000", "three_public", ("total", "abroad", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")),
        ("000", "fiscal_summary", ("total", "general_budget", "gov_fund", "soe")),
        ("000", "expenditure", ("total", "basic", "project", "to_superior", "operating_expenditure",
                                "to_subordinate")),
        ("000", "revenue", ("total", "carryover", "general_budget", "gov_fund", "soe", "business_non_edu",
                            "business_edu", "operating", "other", "business_fund")),
        ("001", "general_expenditure", ("total", "basic", "project")),
        ("002", "basic_expenditure", ("total", "personnel", "public")),  # 总计 | 人员经费 | 日常公用经费
        ("002", "revenue", ("total", "general_budget", "gov_fund", "soe", "special_account", "business",
                            "superior_subsidy", "subordinate", "operating", "other")),
        ("003", "general_expenditure", ("prior_year", "total", "basic", "project")),
        ("004", "expenditure", ("total", "basic", "wages", "family_subsidy", "goods_services", "capital",
                                "project", "other_operation", "specific_purpose")),
        ("004", "basic_expenditure", ("total", "personnel", "public")),
        ("004", "fiscal_summary", ("total", "general_budget", "fiscal_appropriation", "gov_fund", "soe")),
    ],
)
def test_columns_in_printed_order(seed, number, kind, columns):
    assert seed(number).table(kind).columns == columns


def test_004_revenue_columns_in_printed_order(seed):
    # line 195-196: 总计 | 本年收入: 合计, 一般公共预算 (小计, 其中：财政拨款), 政府性基金, 国有资本经营预算,
    # 财政专户管理资金收入, 事业收入, 事业单位经营收入, 上级补助收入, 附属单位上缴收入, 其他收入 |
    # 上年结转结余: 合计 + five funds. 18 value columns, 事业单位经营收入 before 上级补助收入.
    cols = seed("004").table("revenue").columns
    assert cols[:12] == ("total", "current", "general_budget", "fiscal_appropriation", "gov_fund", "soe",
                         "special_account", "business", "operating", "superior_subsidy", "subordinate", "other")
    assert len(cols) == 18
    assert cols[12] == "carryover"


def test_004_project_expenditure_has_every_printed_column(seed):
    # line 393-394: 合计 | 本年拨款 (一般公共预算, 政府性基金预算, 国有资本经营预算) |
    # 财政拨款结转结余 (一般公共预算, 政府性基金预算, 国有资本经营预算) | 财政专户管理资金 | 单位资金
    cols = seed("004").table("project_expenditure").columns
    assert len(cols) == 9
    assert cols[:4] == ("total", "general_budget", "gov_fund", "soe")
    assert cols[-2:] == ("special_account", "unit_funds")


@pytest.mark.parametrize("number, kind, labels", [
    ("000", "general_expenditure", ("小计", "基本支出", "项目支出")),  # line 27
    ("002", "basic_expenditure", ("总计", "人员经费", "日常公用经费")),  # lines 395-397
    ("003", "basic_expenditure", ("合计", "人员经费", "公用经费")),  # line 262
])
def test_column_labels_as_printed(seed, number, kind, labels):
    # records.Table.column_labels: "the printed header label of each value column"
    assert seed(number).table(kind).column_labels == labels


# --------------------------------------------------------------------------- the examples of the issue


def test_000_basic_30239_on_the_third_page(seed):
    t = seed("000").table("basic_expenditure")
    assert t.pages == 3
    row = t.row("30239")  # line 111: 30239 其他交通费用 34.91 | | 34.91
    assert row.name == "其他交通费用"
    assert row.value("public") == D("34.91")
    assert row.value("total") == D("34.91")
    assert row.value("personnel") is None
    assert row.source.line == 111
    cell = row.cell("public")
    assert (cell.source.line, cell.source.column, cell.source.table, cell.source.row) == \
        (111, "public", "basic_expenditure", "30239")
    assert cell.text == "34.91" and cell.status is Status.NUMBER


def test_001_general_2080101_basic_with_project_blank(seed):
    row = seed("001").table("general_expenditure").row("2080101")  # line 57: "2080101 行政运行 589.13 589.13"
    assert row.value("basic") == D("589.13")
    assert row.value("total") == D("589.13")
    assert row.value("project") is None
    assert row.source.line == 57
    assert row.cell("basic").source.line == 57


def test_001_three_public(seed):
    row = seed("001").table("three_public").row("total")  # line 265: "8.94 3.50 3.50 5.44"
    assert row.value("total") == D("8.94")
    assert row.value("vehicles") == D("3.50")
    assert row.value("vehicle_operation") == D("3.50")
    assert row.value("vehicle_purchase") is None
    assert row.value("abroad") is None
    assert row.value("reception") == D("5.44")


def test_003_general_2080109_prior_year_and_project(seed):
    row = seed("003").table("general_expenditure").row("2080109")  # line 192: 368.24 385.81   385.81
    assert row.value("prior_year") == D("368.24")
    assert row.value("total") == D("385.81")
    assert row.value("project") == D("385.81")
    assert row.value("basic") is None


def test_002_fiscal_summary_read_as_printed(seed):
    # 表一 holds the 2025 figures (DOMAIN §2.5 002-1): read as printed, not corrected
    t = seed("002").table("fiscal_summary")
    assert t.row("223").value("soe") == D("177.60")  # line 114-118
    assert t.row("223").value("total") == D("177.60")
    assert t.row("223").value("general_budget") is None
    assert t.row("out.current").value("general_budget") == D("1945.44")  # line 76
    assert t.row("in.current").value("total") == D("2009.04")  # line 73


def test_004_basic_total_from_spaced_number(seed):
    row = seed("004").table("basic_expenditure").row("total")  # line 302: 合计 4, 675. 21 | 4, 267. 66 | 407. 55
    assert row.value("total") == D("4675.21")
    assert row.value("personnel") == D("4267.66")
    assert row.value("public") == D("407.55")
    assert row.cell("total").text == "4, 675. 21"  # the cell keeps the text as printed


def test_levels_and_sides(seed):
    ge = seed("000").table("general_expenditure")
    assert [(ge.row(c).level) for c in ("208", "20801", "2080101")] == [1, 2, 3]
    basic = seed("001").table("basic_expenditure")
    assert (basic.row("301").level, basic.row("30101").level) == (1, 2)
    assert seed("004").table("expenditure").row("2080109").level == 3
    fs = seed("001").table("fiscal_summary")
    assert fs.row("in.current").side == "income"
    assert fs.row("out.current").side == "expenditure"
    assert (fs.row("211").side, fs.row("211").level) == ("expenditure", 1)
    assert fs.row("in.carryover.general_budget").side == "income"


def test_wrapped_names_are_rejoined(seed):
    ge = seed("003").table("general_expenditure")
    assert ge.row("2080505").name == "机关事业单位基本养老保险缴费支出"  # lines 196-200
    assert ge.row("2080506").name == "机关事业单位职业年金缴费支出"
    rev = seed("003").table("revenue")
    assert rev.row("2230105").name == "国有企业退休人员社会化管理补助支出"  # lines 597-605
    assert rev.row("208").name == "社会保障和就业支出"
    assert rev.row("2080505").source.line == 524


def test_henan_codes_and_unit_rows(seed):
    exp = seed("004").table("expenditure")
    assert [r.code for r in exp.rows] == ["total", "unit:303", "2080109", "2080501", "2080505", "2080506",
                                          "2080801", "2089999", "2101101", "2101103"]
    assert exp.row("2080109").name == "社会保险经办机构"  # line 215: 208|01|09
    rev = seed("004").table("revenue")
    assert [r.code for r in rev.rows] == ["total", "unit:303", "unit:303016"]
    assert rev.row("unit:303016").name == "新乡市社会保险中心"


def test_henan_class_rows_of_two_sided_tables(seed):
    # 收支预算表 line 174 and 财政拨款收支总体情况表 line 257: "（二十三）国有资本经营预算" is the
    # expenditure class 223, not an income source
    for kind, line in (("summary", 174), ("fiscal_summary", 257)):
        rows = [r for r in seed("004").table(kind).rows if r.source.line == line and r.side == "expenditure"]
        assert [(r.code, r.level) for r in rows] == [("223", 1)], kind
    fs = seed("004").table("fiscal_summary")
    row = [r for r in fs.rows if r.source.line == 245 and r.side == "expenditure"][0]  # （十）卫生健康支出
    assert (row.code, row.value("total")) == ("210", D("291.34"))


def test_henan_basic_table_carries_government_codes(seed):
    t = seed("004").table("basic_expenditure")
    expected = {  # lines 303-319: 部门 code | name | 政府 code | name
        "30103": ("50101", "工资奖金津补贴"), "30102": ("50101", "工资奖金津补贴"),
        "30101": ("50101", "工资奖金津补贴"), "30113": ("50103", "住房公积金"),
        "30201": ("50201", "办公经费"), "30231": ("50208", "公务用车运行维护费"),
        "30229": ("50201", "办公经费"), "30228": ("50201", "办公经费"), "30239": ("50201", "办公经费"),
        "30211": ("50201", "办公经费"), "30302": ("50905", "离退休费"),
        "30299": ("50299", "其他商品和服务支出"), "30108": ("50102", "社会保障缴费"),
        "30305": ("50901", "社会福利和救助"), "30112": ("50102", "社会保障缴费"),
        "30110": ("50102", "社会保障缴费"), "30111": ("50102", "社会保障缴费"),
    }
    got = {r.code: (dict(r.extra).get("gov_code"), dict(r.extra).get("gov_name")) for r in t.rows if r.code != "total"}
    assert got == expected
    assert t.row("30111").source.line == 319
    assert t.row("30103").name == "奖金"


def test_henan_economic_summary_rows(seed):
    t = seed("004").table("economic_summary")
    rows = [(r.code, dict(r.extra).get("gov_code"), r.value("total")) for r in t.rows]
    assert rows[:2] == [("total", None, D("11436.06")), ("unit:303", None, D("11436.06"))]
    # lines 344-346: 30226 劳务费 is printed twice, under 50502 and 50205; 30201 twice too
    assert ("30226", "50502", D("222.00")) in rows
    assert ("30226", "50205", D("87.04")) in rows
    assert ("30201", "50201", D("71.68")) in rows
    assert ("30201", "50502", D("37.47")) in rows
    assert ("30109", "50102", D("4660.00")) in rows
    assert ("30399", "50999", D("1754.34")) in rows
    assert len(rows) == 24
    assert sum(v for c, g, v in rows[2:]) == D("11436.06")  # X15: Σ = 合计
    for r in t.rows:
        assert values(r) == {"total": r.value("total"), "general_budget": r.value("total"),
                             "fiscal_appropriation": r.value("total")}


def test_henan_project_expenditure_rows_are_the_projects(seed):
    doc = seed("004")
    t = doc.table("project_expenditure")
    amounts = {squash(p.name): p.amount for p in doc.projects}
    named = [r for r in t.rows if r.code not in ("total", "unit:303")]
    # lines 397-404: 类型 | 项目名称 | 项目单位 | 合计 | 一般公共预算 …
    assert {squash(r.name): r.value("total") for r in named} == amounts
    assert {squash(r.name) for r in named} == {
        "信息系统维护费", "聘用20人工资及保险", "社保工作经费", "职业年金虚账记实资金",
        "移交退管中心的关闭破产企业离休人员费用", "原755厂等三家子弟学校退休教师补差",
        "企业离休干部和建国前工人住房补贴、健康休养费、物业补贴及取暖费", "染织厂提前退休人员待遇调整"}
    assert all(r.value("general_budget") == r.value("total") for r in named)
    assert t.row("total").value("total") == D("6760.85")


# --------------------------------------------------------------------------- complete tables → facts


def test_000_fiscal_summary_facts(seed):
    assert_table(seed("000"), "fiscal_summary", cells("""
        in.current total=2627.17
        out.current total=3094.17 general_budget=2964.17 soe=130.00
        in.general_budget total=2627.17
        208 total=2859.58 general_budget=2859.58
        210 total=38.50 general_budget=38.50
        221 total=66.09 general_budget=66.09
        in.carryover total=467.00
        223 total=130.00 soe=130.00
        in.carryover.general_budget total=337.00
        in.carryover.soe total=130.00
        in.total total=3094.17
        out.total total=3094.17 general_budget=2964.17 soe=130.00
    """))


GE_000 = """
208      2859.58 879.69 1979.89
20801    2377.13 734.24 1642.89
2080101  734.24  734.24 -
2080102  2.19    -      2.19
2080199  1640.70 -      1640.70
20805    145.45  145.45 -
2080505  78.55   78.55  -
2080506  39.27   39.27  -
2080599  27.63   27.63  -
20809    255.00  -      255.00
2080905  255.00  -      255.00
20899    82.00   -      82.00
2089999  82.00   -      82.00
210      38.50   38.50  -
21011    38.50   38.50  -
2101101  31.94   31.94  -
2101103  6.56    6.56   -
221      66.09   66.09  -
22102    66.09   66.09  -
2210201  66.09   66.09  -
"""


def test_000_general_expenditure_facts(seed):
    assert_table(seed("000"), "general_expenditure", grid("total basic project", GE_000))


BASIC_000 = """
total 984.28 806.89 177.40
301   781.86 781.86 -
30101 172.45 172.45 -
30102 133.10 133.10 -
30103 245.19 245.19 -
30108 78.55  78.55  -
30109 39.27  39.27  -
30110 31.94  31.94  -
30112 8.71   8.71   -
30113 66.09  66.09  -
30114 6.56   6.56   -
302   177.40 -      177.40
30201 18.28  -      18.28
30202 4.00   -      4.00
30205 0.30   -      0.30
30206 8.00   -      8.00
30207 14.79  -      14.79
30209 9.00   -      9.00
30211 4.92   -      4.92
30213 9.00   -      9.00
30214 2.00   -      2.00
30215 1.00   -      1.00
30216 12.58  -      12.58
30227 8.00   -      8.00
30228 6.11   -      6.11
30229 5.17   -      5.17
30231 3.50   -      3.50
30239 34.91  -      34.91
30299 35.83  -      35.83
303   25.02  25.02  -
30307 2.00   2.00   -
30309 0.02   0.02   -
30399 23.00  23.00  -
"""


def test_000_basic_expenditure_facts(seed):
    doc = seed("000")
    assert_table(doc, "basic_expenditure", grid("total personnel public", BASIC_000))
    # every printed row, blank ones included, in printed order over the three pages
    assert [r.code for r in doc.table("basic_expenditure").rows] == (
        "total 301 30101 30102 30103 30107 30108 30109 30110 30111 30112 30113 30114 30199 "
        "302 30201 30202 30203 30204 30205 30206 30207 30208 30209 30211 30212 30213 30214 30215 30216 "
        "30217 30218 30223 30224 30225 30226 30227 30228 30229 30231 30239 30240 30299 "
        "303 30305 30306 30307 30308 30309 30310 30399").split()


def test_000_three_public_facts(seed):
    # line 132: 3.50 | | 3.50 | | 3.50 |
    assert_table(seed("000"), "three_public", cells("total total=3.50 vehicles=3.50 vehicle_operation=3.50"))


def test_000_summary_and_expenditure_facts(seed):
    doc = seed("000")
    assert_table(doc, "summary", cells("""
        in.general_budget total=2627.17
        208 total=2859.58
        210 total=38.50
        221 total=66.09
        223 total=130.00
        in.current total=2627.17
        out.current total=3094.17
        in.carryover total=467.00
        in.total total=3094.17
        out.total total=3094.17
    """))
    # 4-8 prints only the 208 row (DOMAIN §2.5 000-3)
    assert_table(doc, "expenditure", grid("total basic project", "208 2859.58 879.69 1979.89"))
    assert_table(doc, "gov_fund_expenditure", set())
    assert_table(doc, "revenue", set())


def test_001_fiscal_summary_facts(seed):
    assert_table(seed("001"), "fiscal_summary", cells("""
        in.current total=3940.91
        out.current total=4284.87 general_budget=4284.87
        in.general_budget total=3940.91
        208 total=3649.82 general_budget=3649.82
        210 total=33.20 general_budget=33.20
        221 total=54.65 general_budget=54.65
        in.carryover total=343.96
        211 total=547.20 general_budget=547.20
        in.carryover.general_budget total=343.96
        in.total total=4284.87
        out.total total=4284.87 general_budget=4284.87
    """))


GE_001 = """
208      3649.83 749.01 2900.82
20801    3162.95 589.13 2573.82
2080101  589.13  589.13 -
2080102  360.48  -      360.48
2080105  10.00   -      10.00
2080106  76.00   -      76.00
2080108  271.64  -      271.64
2080109  216.10  -      216.10
2080110  20.00   -      20.00
2080111  27.00   -      27.00
2080112  17.00   -      17.00
2080199  1575.60 -      1575.60
20805    159.88  159.88 -
2080505  65.55   65.55  -
2080506  32.77   32.77  -
2080599  61.56   61.56  -
20899    327.00  -      327.00
2089999  327.00  -      327.00
210      33.20   33.20  -
21011    33.20   33.20  -
2101101  28.88   28.88  -
2101103  4.32    4.32   -
211      547.20  -      547.20
21110    547.20  -      547.20
2111001  547.20  -      547.20
221      54.65   54.65  -
22102    54.65   54.65  -
2210201  54.65   54.65  -
"""


def test_001_general_expenditure_facts(seed):
    assert_table(seed("001"), "general_expenditure", grid("total basic project", GE_001))


BASIC_001 = """
total 836.86 705.33 131.53
301   647.83 647.83 -
30101 159.27 159.27 -
30102 102.50 102.50 -
30103 193.65 193.65 -
30108 65.55  65.55  -
30109 32.77  32.77  -
30110 28.88  28.88  -
30112 6.25   6.25   -
30113 54.65  54.65  -
30114 4.32   4.32   -
302   131.53 -      131.53
30201 14.16  -      14.16
30202 2.00   -      2.00
30205 0.20   -      0.20
30206 5.00   -      5.00
30207 8.42   -      8.42
30209 6.00   -      6.00
30211 3.24   -      3.24
30213 5.00   -      5.00
30215 2.00   -      2.00
30216 6.93   -      6.93
30217 5.44   -      5.44
30227 3.00   -      3.00
30228 5.24   -      5.24
30229 4.78   -      4.78
30231 3.50   -      3.50
30239 30.70  -      30.70
30299 25.92  -      25.92
303   57.50  57.50  -
30307 4.60   4.60   -
30399 52.90  52.90  -
"""


def test_001_basic_expenditure_facts(seed):
    doc = seed("001")
    assert_table(doc, "basic_expenditure", grid("total personnel public", BASIC_001))
    assert len(doc.table("basic_expenditure").rows) == 51  # blank rows too (30107, 30203 …)


def test_001_other_tables_facts(seed):
    doc = seed("001")
    assert_table(doc, "three_public",
                 cells("total total=8.94 vehicles=3.50 vehicle_operation=3.50 reception=5.44"))
    assert_table(doc, "summary", cells("""
        in.general_budget total=3940.91
        208 total=3649.82
        210 total=33.20
        221 total=54.65
        211 total=547.20
        in.current total=3940.91
        out.current total=4284.87
        in.carryover total=343.96
        in.total total=4284.87
        out.total total=4284.87
    """))
    assert_table(doc, "expenditure", grid("total basic project", "208 3649.83 749.01 2900.82"))
    for kind in ("gov_fund_expenditure", "revenue", "procurement"):
        assert_table(doc, kind, set())
    # 4-9 prints its row labels with no values (lines 406-412)
    assert [(r.code, r.name) for r in doc.table("procurement").rows] == [
        ("total", "合计"), ("goods", "货物类"), ("services", "服务类"), ("works", "工程类")]


def test_002_fiscal_summary_facts(seed):
    assert_table(seed("002"), "fiscal_summary", cells("""
        in.current total=2009.04
        out.current total=2123.04 general_budget=1945.44 soe=177.60
        in.general_budget total=1878.04
        205 total=4.35 general_budget=4.35
        208 total=1810.30 general_budget=1810.30
        in.soe total=131.00
        210 total=68.01 general_budget=68.01
        221 total=62.78 general_budget=62.78
        223 total=177.60 soe=177.60
        in.carryover total=114.00
        in.carryover.general_budget total=67.40
        in.carryover.soe total=46.60
        in.total total=2123.04
        out.total total=2123.04 general_budget=1945.44 soe=177.60
    """))


GE_002 = """
total    2023.59 1060.61 962.97
205      4.93    4.93    -
20508    4.93    4.93    -
2050803  4.93    4.93    -
208      1857.87 911.89  945.97
20801    1690.95 757.49  933.46
2080101  757.49  757.49  -
2080108  6.50    -       6.50
2080109  207.00  -       207.00
2080199  719.96  -       719.96
20805    154.40  154.40  -
2080505  78.62   78.62   -
2080506  39.31   39.31   -
2080599  36.47   36.47   -
20806    12.51   -       12.51
2080699  12.51   -       12.51
210      74.88   74.88   -
21011    74.88   74.88   -
2101101  41.77   41.77   -
2101103  19.66   19.66   -
2101199  13.45   13.45   -
213      17.00   -       17.00
21301    17.00   -       17.00
2130135  17.00   -       17.00
221      68.91   68.91   -
22102    68.91   68.91   -
2210201  68.91   68.91   -
"""


def test_002_general_expenditure_facts(seed):
    # the 合计 row prints four cells (line 209-212): 合计 | 2,023.59 | 1,060.61 | 962.97
    assert_table(seed("002"), "general_expenditure", grid("total basic project", GE_002))


def test_002_total_rows_of_cell_lines_tables(seed):
    doc = seed("002")
    assert values(doc.table("general_expenditure").row("total")) == \
        {"total": D("2023.59"), "basic": D("1060.61"), "project": D("962.97")}
    assert values(doc.table("basic_expenditure").row("total")) == \
        {"total": D("1060.61"), "personnel": D("886.37"), "public": D("174.24")}  # line 399
    assert values(doc.table("revenue").row("total")) == \
        {"total": D("2235.58"), "general_budget": D("2023.59"), "soe": D("211.99")}  # line 840
    assert values(doc.table("expenditure").row("total")) == \
        {"total": D("2235.58"), "basic": D("1060.61"), "project": D("1174.97")}  # line 1259
    assert values(doc.table("procurement").row("total")) == \
        {"total": D("8.5"), "general_budget": D("8.5")}  # line 1502
    for kind in ("general_expenditure", "basic_expenditure", "revenue", "expenditure", "procurement"):
        row = doc.table(kind).row("total")
        assert row.name == "合计"
        assert dict(row.extra) == {}, kind


BASIC_002 = """
total 1060.61 886.37 174.24
301   848.85 848.85 -
30101 188.39 188.39 -
30102 124.80 124.80 -
30103 261.07 261.07 -
30108 78.62  78.62  -
30109 39.31  39.31  -
30110 41.77  41.77  -
30111 19.66  19.66  -
30112 8.85   8.85   -
30113 68.91  68.91  -
30114 9.88   9.88   -
30199 7.60   7.60   -
302   174.24 -      174.24
30201 4.00   -      4.00
30202 0.50   -      0.50
30205 1.50   -      1.50
30206 5.00   -      5.00
30207 13.08  -      13.08
30211 8.50   -      8.50
30213 1.00   -      1.00
30216 5.93   -      5.93
30217 0.90   -      0.90
30226 0.18   -      0.18
30228 45.75  -      45.75
30239 31.91  -      31.91
30299 56.00  -      56.00
303   37.52  37.52  -
30305 30.29  30.29  -
30307 7.17   7.17   -
30309 0.05   0.05   -
"""


def test_002_basic_expenditure_facts(seed):
    assert_table(seed("002"), "basic_expenditure", grid("total personnel public", BASIC_002))


REV_002 = """
total    2235.58 2023.59 211.99
205      4.93    4.93    -
20508    4.93    4.93    -
2050803  4.93    4.93    -
208      1857.87 1857.87 -
20801    1690.95 1690.95 -
2080101  757.49  757.49  -
2080108  6.50    6.50    -
2080109  207.00  207.00  -
2080199  719.96  719.96  -
20805    154.40  154.40  -
2080505  78.62   78.62   -
2080506  39.31   39.31   -
2080599  36.47   36.47   -
20806    12.51   12.51   -
2080699  12.51   12.51   -
210      74.88   74.88   -
21011    74.88   74.88   -
2101101  41.77   41.77   -
2101103  19.66   19.66   -
2101199  13.45   13.45   -
213      17.00   17.00   -
21301    17.00   17.00   -
2130135  17.00   17.00   -
221      68.91   68.91   -
22102    68.91   68.91   -
2210201  68.91   68.91   -
223      211.99  -       211.99
22301    211.99  -       211.99
2230105  211.99  -       211.99
"""

EXP_002 = """
total    2235.58 1060.61 1174.97
205      4.93    4.93    -
20508    4.93    4.93    -
2050803  4.93    4.93    -
208      1857.87 911.89  945.97
20801    1690.95 757.49  933.46
2080101  757.49  757.49  -
2080108  6.50    -       6.50
2080109  207.00  -       207.00
2080199  719.96  -       719.96
20805    154.40  154.40  -
2080505  78.62   78.62   -
2080506  39.31   39.31   -
2080599  36.47   36.47   -
20806    12.51   -       12.51
2080699  12.51   -       12.51
210      74.88   74.88   -
21011    74.88   74.88   -
2101101  41.77   41.77   -
2101103  19.66   19.66   -
2101199  13.45   13.45   -
213      17.00   -       17.00
21301    17.00   -       17.00
2130135  17.00   -       17.00
221      68.91   68.91   -
22102    68.91   68.91   -
2210201  68.91   68.91   -
223      211.99  -       211.99
22301    211.99  -       211.99
2230105  211.99  -       211.99
"""


def test_002_revenue_and_expenditure_facts(seed):
    doc = seed("002")
    assert_table(doc, "revenue", grid("total general_budget soe", REV_002))
    assert_table(doc, "expenditure", grid("total basic project", EXP_002))


def test_002_procurement_facts(seed):
    # 表九 lines 1502-1513: 合计 | 8.5 | 8.5 …; A | 货物 | 8.5 | 8.5 …  (one decimal, as printed).
    # Item rows are named by the procurement vocabulary: 货物 → goods, 服务 → services, 工程 → works.
    doc = seed("002")
    assert_table(doc, "procurement", cells("""
        total total=8.5 general_budget=8.5
        goods total=8.5 general_budget=8.5
    """))
    row = doc.table("procurement").row("goods")
    assert row.name == "货物"
    assert row.source.line == 1513
    assert str(row.value("total")) == "8.5"


def test_002_three_public_and_summary_facts(seed):
    doc = seed("002")
    assert_table(doc, "three_public", cells("total total=0.90 reception=0.90"))  # line 621
    # 表六: one 合计 per side (line 720) + the sources and classes
    got = table_facts(doc, "summary")
    assert not [k for k, n in got.items() if n > 1]
    body = cells("""
        in.general_budget total=2023.59
        205 total=4.93
        208 total=1857.87
        in.soe total=211.99
        210 total=74.88
        213 total=17.00
        221 total=68.91
        223 total=211.99
    """)
    assert body <= set(got)
    rest = sorted(set(got) - body)
    assert [(k.split(".")[0], c, v) for k, c, v in rest] == [("in", "total", D("2235.58")),
                                                             ("out", "total", D("2235.58"))]
    assert_table(doc, "gov_fund_expenditure", set())


def test_003_fiscal_summary_facts(seed):
    assert_table(seed("003"), "fiscal_summary", cells("""
        in.current total=1524.40
        out.current total=1524.40 general_budget=1293.40 soe=231.00
        in.general_budget total=1293.40
        208 total=1213.45 general_budget=1213.45
        210 total=34.92 general_budget=34.92
        in.soe total=231.00
        221 total=45.02 general_budget=45.02
        223 total=231.00 soe=231.00
        in.total total=1524.40
        out.total total=1524.40 general_budget=1293.40 soe=231.00
    """))


GE_003 = """
total    1193.21 1293.40 719.83 573.57
208      1133.65 1213.45 639.88 573.57
20801    819.90  916.51  530.70 385.81
2080101  451.66  530.70  530.70 -
2080109  368.24  385.81  -      385.81
20805    104.87  109.18  109.18 -
2080505  48.94   51.81   51.81  -
2080506  24.47   25.91   25.91  -
2080599  31.46   31.46   31.46  -
20899    208.88  187.76  -      187.76
2089999  208.88  187.76  -      187.76
210      22.85   34.92   34.92  -
21011    22.85   34.92   34.92  -
2101101  16.01   25.91   25.91  -
2101103  3.84    4.16    4.16   -
2101199  3.00    4.86    4.86   -
221      36.71   45.02   45.02  -
22102    36.71   45.02   45.02  -
2210201  36.71   45.02   45.02  -
"""


def test_003_general_expenditure_facts_with_prior_year(seed):
    # 表二 prints a 2023 column before the 2024 小计 | 基本支出 | 项目支出 (line 180)
    assert_table(seed("003"), "general_expenditure", grid("prior_year total basic project", GE_003))


BASIC_003 = """
total 719.83 570.33 149.50
301   538.87 538.87 -
30101 116.88 116.88 -
30102 84.98  84.98  -
30103 173.33 173.33 -
30108 51.81  51.81  -
30109 25.91  25.91  -
30110 27.52  27.52  -
30112 5.83   5.83   -
30113 45.02  45.02  -
30114 4.16   4.16   -
30199 3.43   3.43   -
302   149.50 -      149.50
30201 20.77  -      20.77
30203 3.00   -      3.00
30207 10.00  -      10.00
30211 5.00   -      5.00
30213 8.00   -      8.00
30214 2.00   -      2.00
30215 1.00   -      1.00
30216 11.17  -      11.17
30217 1.00   -      1.00
30226 5.00   -      5.00
30228 22.23  -      22.23
30229 6.35   -      6.35
30231 7.00   -      7.00
30239 21.97  -      21.97
30299 25.00  -      25.00
303   31.46  31.46  -
30305 29.26  29.26  -
30307 2.20   2.20   -
"""


def test_003_basic_expenditure_facts(seed):
    assert_table(seed("003"), "basic_expenditure", grid("total personnel public", BASIC_003))


def test_003_three_public_two_blocks(seed):
    # line 375: "8.00   7.00   7.00 1.00 8.00   7.00   7.00 1.00" — 2023 block, then 2024 block
    assert_table(seed("003"), "three_public", cells("""
        total prior_year=8.00 prior_year.vehicles=7.00 prior_year.vehicle_operation=7.00 prior_year.reception=1.00
        total total=8.00 vehicles=7.00 vehicle_operation=7.00 reception=1.00
    """))


REV_003 = """
total    1524.40 1293.40 231.00
208      1213.45 1213.45 -
20801    916.51  916.51  -
2080101  530.70  530.70  -
2080109  385.81  385.81  -
20805    109.18  109.18  -
2080505  51.81   51.81   -
2080506  25.91   25.91   -
2080599  31.46   31.46   -
20899    187.76  187.76  -
2089999  187.76  187.76  -
210      34.92   34.92   -
21011    34.92   34.92   -
2101101  25.91   25.91   -
2101103  4.16    4.16    -
2101199  4.86    4.86    -
221      45.02   45.02   -
22102    45.02   45.02   -
2210201  45.02   45.02   -
223      231.00  -       231.00
22301    231.00  -       231.00
2230105  231.00  -       231.00
"""

EXP_003 = """
total    1524.40 719.83 804.57
208      1213.45 639.88 573.57
20801    916.51  530.70 385.81
2080101  530.70  530.70 -
2080109  385.81  -      385.81
20805    109.18  109.18 -
2080505  51.81   51.81  -
2080506  25.91   25.91  -
2080599  31.46   31.46  -
20899    187.76  -      187.76
2089999  187.76  -      187.76
210      34.92   34.92  -
21011    34.92   34.92  -
2101101  25.91   25.91  -
2101103  4.16    4.16   -
2101199  4.86    4.86   -
221      45.02   45.02  -
22102    45.02   45.02  -
2210201  45.02   45.02  -
223      231.00  -      231.00
22301    231.00  -      231.00
2230105  231.00  -      231.00
"""


def test_003_revenue_facts(seed):
    # 表七 drops its empty cells: "223 … 231.00     231.00" is 合计 + 国有资本经营预算
    assert_table(seed("003"), "revenue", grid("total general_budget soe", REV_003))


def test_003_expenditure_facts(seed):
    assert_table(seed("003"), "expenditure", grid("total basic project", EXP_003))


def test_003_summary_and_procurement_facts(seed):
    doc = seed("003")
    assert_table(doc, "summary", cells("""
        in.general_budget total=1293.40
        208 total=1213.45
        210 total=34.92
        in.soe total=231.00
        221 total=45.02
        223 total=231.00
        in.current total=1524.40
        out.current total=1524.40
        in.total total=1524.40
        out.total total=1524.40
    """))
    # lines 730-736: 合计 5.00 5.00 / 货物类 5.00 5.00 / 服务类 / 工程类
    assert_table(doc, "procurement", cells("""
        total total=5.00 general_budget=5.00
        goods total=5.00 general_budget=5.00
    """))
    t = doc.table("procurement")
    assert [(r.code, r.name) for r in t.rows] == [("total", "合计"), ("goods", "货物类"), ("services", "服务类"),
                                                  ("works", "工程类")]
    assert_table(doc, "gov_fund_expenditure", set())


HENAN_EXP = """
total     11436.06 4675.21 3937.53 330.13 407.55 - 6760.85 167.87 6592.98
unit:303  11436.06 4675.21 3937.53 330.13 407.55 - 6760.85 167.87 6592.98
2080109   4103.95  3757.44 3360.15 -      397.29 - 346.51  159.04 187.47
2080501   338.57   338.57  -       328.31 10.26  - -       -      -
2080505   282.50   282.50  282.50  -      -      - -       -      -
2080506   4660.00  -       -       -      -      - 4660.00 -      4660.00
2080801   1.82     1.82    -       1.82   -      - -       -      -
2089999   1757.88  3.54    3.54    -      -      - 1754.34 8.83   1745.51
2101101   148.99   148.99  148.99  -      -      - -       -      -
2101103   142.35   142.35  142.35  -      -      - -       -      -
"""
HENAN_EXP_COLUMNS = "total basic wages family_subsidy goods_services capital project other_operation specific_purpose"


def test_004_expenditure_facts(seed):
    # 单位支出预算表, lines 213-222, codes split 类|款|项
    assert_table(seed("004"), "expenditure", grid(HENAN_EXP_COLUMNS, HENAN_EXP))


def test_004_general_expenditure_facts(seed):
    # 一般公共预算支出预算表, lines 281-290: the same figures
    assert_table(seed("004"), "general_expenditure", grid(HENAN_EXP_COLUMNS, HENAN_EXP))


BASIC_004 = """
total 4675.21 4267.66 407.55
30103 1212.19 1212.19 -
30102 696.27  696.27  -
30101 1167.00 1167.00 -
30113 284.69  284.69  -
30201 71.68   -       71.68
30231 5.20    -       5.20
30229 59.31   -       59.31
30228 47.45   -       47.45
30239 204.15  -       204.15
30211 9.50    -       9.50
30302 328.31  328.31  -
30299 10.26   -       10.26
30108 282.50  282.50  -
30305 1.82    1.82    -
30112 3.54    3.54    -
30110 148.99  148.99  -
30111 142.35  142.35  -
"""


def test_004_basic_expenditure_facts(seed):
    # lines 302-319, every amount spaced like "1, 212. 19"
    assert_table(seed("004"), "basic_expenditure", grid("total personnel public", BASIC_004))


def test_004_three_public_facts(seed):
    # line 368: 5.20 | 0.00 | 5.20 | 0.00 | 5.20 | 0.00 — printed zeros are numbers
    assert_table(seed("004"), "three_public", cells(
        "total total=5.20 abroad=0.00 vehicles=5.20 vehicle_purchase=0.00 vehicle_operation=5.20 reception=0.00"))


def test_004_two_sided_and_revenue_facts(seed):
    doc = seed("004")
    assert_table(doc, "summary", cells("""
        in.general_budget total=11436.06
        in.fiscal_appropriation total=11436.06
        208 total=11144.72
        210 total=291.34
        in.current total=11436.06
        out.current total=11436.06
        in.total total=11436.06
        out.total total=11436.06
    """))
    assert_table(doc, "fiscal_summary", cells("""
        in.current total=11436.06
        out.current total=11436.06 general_budget=11436.06 fiscal_appropriation=11436.06
        in.general_budget total=11436.06
        in.fiscal_appropriation total=11436.06
        208 total=11144.72 general_budget=11144.72 fiscal_appropriation=11144.72
        210 total=291.34 general_budget=291.34 fiscal_appropriation=291.34
        in.total total=11436.06
        out.total total=11436.06 general_budget=11436.06 fiscal_appropriation=11436.06
    """))
    assert_table(doc, "revenue", grid("total current general_budget fiscal_appropriation", """
        total        11436.06 11436.06 11436.06 11436.06
        unit:303     11436.06 11436.06 11436.06 11436.06
        unit:303016  11436.06 11436.06 11436.06 11436.06
    """))
    assert_table(doc, "gov_fund_expenditure", cells(  # line 381: Henan prints 0.00 in an empty table
        "total total=0.00 basic=0.00 wages=0.00 family_subsidy=0.00 goods_services=0.00 capital=0.00 "
        "project=0.00 other_operation=0.00"))


# --------------------------------------------------------------------------- facts: general properties


@pytest.mark.parametrize("number", SEEDS)
def test_facts_have_a_column_and_are_not_duplicated(seed, number):
    doc = seed(number)
    fs = facts(doc)
    assert fs, "no facts"
    assert [f for f in fs if not f.column] == []
    # one printed cell, one fact
    per_cell = Counter((f.table, f.source.line, f.row_code, f.row_name, f.column) for f in fs
                       if f.table not in ("unit_performance", "project_performance"))
    assert [k for k, n in per_cell.items() if n > 1] == []
    # a (table, row, column) is printed once; a row is its code, or its name when it has none
    # (004's 经济分类汇总表 prints a 部门 code once per 政府 code: 30226 and 30201 twice)
    keyed = Counter((f.table, f.row_code or squash(f.row_name), f.column) for f in fs
                    if f.table != "economic_summary")
    assert [k for k, n in keyed.items() if n > 1] == []


@pytest.mark.parametrize("number", SEEDS)
def test_every_printed_value_is_placed(seed, number):
    doc = seed(number)
    bad = [(f.code, f.source.line, f.message) for f in doc.findings if f.code in ("R004", "R005", "R007")]
    assert bad == []
    for t in doc.tables:
        for r in t.rows:
            for c in r.cells:
                assert c.column is not None, (t.kind, r.code, c.text)
                assert c.column in t.columns or (r.side == "income" and c.column == "total"), (t.kind, c.column)


@pytest.mark.parametrize("number", SEEDS)
def test_amounts_keep_their_printed_precision(seed, number):
    for f in facts(seed(number)):
        if f.amount is not None:
            assert isinstance(f.amount, Decimal)
            assert f.amount.as_tuple().exponent in (-1, -2), (f.table, f.row_code, f.column, f.amount)


def test_fact_text_is_exact(seed):
    by = {(f.table, f.row_code, f.column): f for f in facts(seed("002"))}
    assert by[("procurement", "total", "total")].amount_text == "8.5"
    by = {(f.table, f.row_code, f.column): f for f in facts(seed("004"))}
    assert by[("basic_expenditure", "total", "total")].amount_text == "4675.21"
    assert by[("three_public", "total", "abroad")].amount_text == "0.00"
    assert by[("summary", "208", "total")].amount_text == "11144.72"
    by = {(f.table, f.row_code, f.column): f for f in facts(seed("000"))}
    assert by[("fiscal_summary", "223", "soe")].amount_text == "130.00"
    assert by[("fiscal_summary", "223", "soe")].unit == "万元"
    assert FACT_COLUMNS == ("file", "unit_code", "unit_name", "year", "table", "row_code", "row_name",
                            "column", "amount", "amount_unit", "kind")  # the contract's nine, then two added


def test_budget_value_lookup(seed):
    b = build_budget(seed("001"))
    assert (b.unit.code, b.year, b.kind, b.amount_unit) == ("212001", 2023, "budget", "万元")
    assert b.value("general_expenditure", "2080101", "basic") == D("589.13")
    assert b.value("general_expenditure", "2080101", "project") is None
    assert b.value("three_public", "total", "reception") == D("5.44")
    assert len(b.projects) == 27


# --------------------------------------------------------------------------- cross-table sanity (as printed)


@pytest.mark.parametrize("number, basic", [("000", "984.28"), ("001", "836.86"), ("002", "1060.61"),
                                           ("003", "719.83"), ("004", "4675.21")])
def test_general_basic_equals_basic_table_total(seed, number, basic):
    """X6 holds in all five seeds: B5 合计 基本支出 = B6 合计 (000/001 print no B5 合计: Σ 类)."""
    doc = seed(number)
    ge = doc.table("general_expenditure")
    total_row = ge.row("total")
    b5 = total_row.value("basic") if total_row else sum(
        (r.value("basic") or D(0)) for r in ge.rows if r.level == 1)
    assert b5 == D(basic)
    assert doc.table("basic_expenditure").row("total").value("total") == D(basic)


# --------------------------------------------------------------------------- projects

PROJECTS_000 = [
    # (code, name, amount, {funding}) — lines 191-536
    ("50011023T000003385181", "代发建国初期参加革命工作退休干部生活补助资金", "43.90", {"本级资金": "43.90"}),
    ("50011023T000003385332", "代发国有企业职教幼教退休教师生活补助资金", "85.00", {"本级资金": "85.00"}),
    ("50011023T000003385364", "代发民办教师养老和医疗补助资金", "168.00", {"本级资金": "168.00"}),
    ("50011023T000003385373", "代发企业退休军转干解困补助资金", "1000.30", {"上级资金": "530.00", "本级资金": "470.30"}),
    ("50011023T000003385401", "代发乡村医生享受养老和医疗补助资金", "281.00", {"本级资金": "281.00"}),
    ("50011023T000003385404", "代发放映员享受养老和医疗补助资金", "22.00", {"本级资金": "22.00"}),
    ("50011023T000003385418", "代发企业复员军人生活补助资金", "44.00", {"本级资金": "44.00"}),
    ("50011023T000003385571", "代发农技农机享受养老和医疗补助资金", "27.00", {"本级资金": "27.00"}),
    ("50011023T000003385590", "代发广播员养老和医疗补助资金", "11.50", {"本级资金": "11.50"}),
    ("50011023T000003385601", "代发林业员养老和医疗补助资金", "9.00", {"本级资金": "9.00"}),
    ("50011023T000003385621", "代发企办员机养老和医疗补助资金", "33.00", {"本级资金": "33.00"}),
    ("50011023T000003385637", "代发村社区干部养老待遇资金", "145.00", {"本级资金": "145.00"}),
    ("50011023T000003385659", "代发协税员养老和医疗补助资金", "7.00", {"本级资金": "7.00"}),
    ("50011023T000003385685", "代发未参保集体企业“50.60”人员享受生活补助资金", "16.00",
     {"上级资金": "5.00", "本级资金": "11.00"}),
    ("50011023T000003385700", "代发原公社邮递员、乡办邮政员养老和医疗补助资金", "8.00", {"本级资金": "8.00"}),
    ("50011021T000000051347", "2021年国有企业退休人员社会化管理补助资金", "207.00", {"本级资金": "207.00"}),
    ("50011023T000003385743", "社保遗属生活补助", "2.19", {"本级资金": "2.19"}),
]

PROJECTS_001 = [
    # (code, name, amount, {funding}, indicators, Σ weights)
    ("50011023T000003176409", "2023年运转性项目-独立运行补丁", "10.00", {"本级资金": "10.00"}, 5, 100),
    ("50011023T000003176741", "2023年运转性项目-非在编人员（限额10%）", "80.20", {"本级资金": "80.20"}, 5, 100),
    ("50011023T000003385089", "遗属生活补助费用", "2.28", {"本级资金": "2.28"}, 5, 100),
    ("50011023T000003384729", "乡镇人才队伍工资津贴-统发", "405.80", {"上级资金": "100.00", "本级资金": "305.80"}, 5, 100),
    ("50011023T000003384780", "乡镇人才队伍-社会保障缴费", "255.50", {"上级资金": "107.00", "本级资金": "148.50"}, 5, 100),
    ("50011023T000003384940", "市属国有企业退休人员社会化管理补助专项", "193.39",
     {"上级资金": "18.00", "本级资金": "175.39"}, 5, 100),
    ("50011023T000003384988", "金保网络租赁及运维费用", "152.13", {"本级资金": "152.13"}, 5, 100),
    ("50011023T000003385003", "机关办公楼年租物业费", "497.50", {"本级资金": "497.50"}, 5, 100),
    ("50011023T000003385018", "办公网络租赁及软件运维费用", "115.55", {"本级资金": "115.55"}, 5, 100),
    ("50011023T000003384801", "乡村振兴人才队伍建设专项", "23.00", {"本级资金": "23.00"}, 5, 100),
    ("50011023T000003384955", "劳动人事争议仲裁专项", "17.00", {"本级资金": "17.00"}, 5, 100),
    ("50011023T000003384961", "工伤认定及劳动能力鉴定专项", "20.00", {"本级资金": "20.00"}, 5, 100),
    ("50011023T000003384976", "人力社保综合执法专项", "10.00", {"本级资金": "10.00"}, 5, 100),
    ("50011023T000003384819", "公招专项", "200.00", {"本级资金": "200.00"}, 5, 100),
    ("50011023T000003384834", "职业技能鉴定专项", "60.00", {"本级资金": "60.00"}, 5, 100),
    ("50011023T000003385030", "人力资源和社会保障档案管理专项", "35.00", {"本级资金": "35.00"}, 10, 100),
    ("50011023T000003384852", "职称评审专项", "10.00", {"本级资金": "10.00"}, 5, 100),
    ("50011023T000003384870", "公务员和事业单位工作人员奖励（年度考核）专项", "60.00", {"本级资金": "60.00"}, 5, 100),
    ("50011023T000003384925", "淘汰煤炭落后产能职工安置专项补助", "547.20", {"本级资金": "547.20"}, 5, 100),
    ("50011023T000003384894", "农民工工作专项", "6.00", {"本级资金": "6.00"}, 5, 100),
    ("50011023T000003384904", "职业技能大赛专项", "10.00", {"本级资金": "10.00"}, 5, 100),
    ("50011023T000003385042", "人力社保窗口工作人员工作服购置", "30.00", {"本级资金": "30.00"}, 5, 100),
    ("50011023T000003385051", "社会保险基金稽核监管专项", "20.00", {"本级资金": "20.00"}, 5, 90),
    ("50011023T000003538194", "职工养老保险专项补助经费预算", "140.10", {"上级资金": "140.10"}, 5, 100),
    ("50011023T000003384913", "高技能人才培训补贴及专家工作专项", "27.00", {"本级资金": "27.00"}, 7, 100),
    ("50011023T000003385057", "全区基层人力社保以奖代补专项", "63.00", {"本级资金": "63.00"}, 5, 90),
    ("50011023T000003385078", "机关事业单位退休干部管理及活动专项", "131.40", {"本级资金": "131.40"}, 5, 100),
]

PROJECTS_002 = [
    # (code, name, amount, {funding}, type, indicators, core flags, 预算执行率权重) — 表十一, lines 1678-2524
    ("50015322T000000092262", "荣昌区企业军转干部生活补助及医疗补助", "540.00", {"本级安排": "540.00"}, "重点专项",
     3, [True, False, False], "10"),
    ("50015322T000000092268", "荣昌区民师生活医疗补助", "170.00", {"本级安排": "170.00"}, "重点专项",
     3, [True, False, False], "10"),
    ("50015322T000000092276", "荣昌区17号文、离休建工生活医疗补助", "9.96", {"本级安排": "9.96"}, "重点专项",
     3, [True, False, False], "10"),
    ("50015322T000002703908", "国有企业职教幼教专项补助", "12.51", {"上级补助": "12.51"}, "一般性项目",
     0, [], None),
    ("50015324T000003801032", "荣昌区退捕渔民养老保险补贴", "17.00", {"上级补助": "17.00"}, "重点专项",
     5, [True, True, False, True, False], "10"),
    ("50015324T000004229331", "荣昌区国有企业退休人员社会管理服务", "81.99", {"上级补助": "81.99"}, "一般性项目",
     0, [], None),
    ("50015326T000005242471", "社会保险档案管理服务专项", "50.00", {"本级安排": "50.00"}, "一般性项目",
     3, [True, False, False], "10"),
    ("50015326T000005242672", "信息化升级专项", "6.50", {"本级安排": "6.50"}, "一般性项目",
     3, [True, False, False], "10"),
    ("50015326T000005244845", "国有企业退休人员社会化管理", "130.00", {"上级补助": "130.00"}, "重点专项",
     3, [True, False, False], "10"),
    ("50015326T000005245886", "社保管理和服务专项", "157.00", {"上级补助": "157.00"}, "一般性项目",
     3, [True, True, False], "10"),
]

PROJECTS_004 = [
    # (code re-joined, name, amount, indicators) — 单位预算项目绩效目标表, lines 417-450
    ("410700220000000010699", "聘用20人工资及保险", "87.04", 9),
    ("410700220000000010701", "移交退管中心的关闭破产企业离休人员费用", "8.83", 6),
    ("410700220000000029838", "信息系统维护费", "72.00", 6),
    ("410700220000000029389", "企业离休干部和建国前工人住房补贴、健康休养费、物业补贴及取暖费", "1529.82", 10),
    ("410700220000000029774", "职业年金虚账记实资金", "4660.00", 6),
    ("410700220000000029814", "社保工作经费", "187.47", 8),
    ("410700220000000029817", "染织厂提前退休人员待遇调整", "15.69", 5),
    ("410700220000000034009", "原755厂等三家子弟学校退休教师补差", "200.00", 7),
]


@pytest.mark.parametrize("number, count, total", [("000", 17, "2109.89"), ("001", 27, "3122.05"),
                                                  ("002", 10, "1174.96"), ("003", 3, "119.56"),
                                                  ("004", 8, "6760.85")])
def test_project_count_and_sum(seed, number, count, total):
    doc = seed(number)
    assert len(doc.projects) == count
    assert sum(p.amount for p in doc.projects) == D(total)
    for p in doc.projects:
        assert p.code and len(p.code) == 21 and re.fullmatch(r"\d{8}[0-9A-Z]\d{12}", p.code), p.code
        assert p.code[:6] == doc.region


def test_000_projects(seed):
    doc = seed("000")
    got = [(p.code, p.name, p.amount, {k: v for k, v in p.funding}) for p in doc.projects]
    assert got == [(c, n, D(a), {k: D(v) for k, v in f.items()}) for c, n, a, f in PROJECTS_000]
    for p in doc.projects:
        assert p.type == "底线民生"
        assert p.unit == "212002-重庆市綦江区社会保险事务中心"
        assert len(p.indicators) == 5
        assert sum(i.weight for i in p.indicators) == 100
    p = project(doc, "50011023T000003385373")
    assert p.funding == (("上级资金", D("530.00")), ("本级资金", D("470.30")))  # lines 257-258
    assert (p.contact, p.phone) == ("张汐亚", "87260838")
    last = project(doc, "50011023T000003385743")
    assert (last.contact, last.phone) == ("赵瑜", "87260743")
    assert last.goal == "通过发放遗属生活补助，妥善解决本单位工作人员去世后其部分遗属生活困难的问题"


def test_000_indicator_with_percent_unit_is_kept_as_printed(seed):
    # line 203: "每年发放次数 = 12 %" (a count with unit %, DOMAIN §4.6): kept, not corrected
    p = project(seed("000"), "50011023T000003385181")
    i = p.indicators[1]
    assert (i.level1, i.level2, i.name, i.operator, i.value, i.number, i.unit, i.weight) == \
        ("产出指标", "数量指标", "每年发放次数", "=", "12", D("12"), "%", D("20"))
    assert i.source.line == 203
    first = p.indicators[0]  # line 202: 每月发放人数 ≥ 10 人数
    assert (first.name, first.operator, first.number, first.unit) == ("每月发放人数", "≥", D("10"), "人数")


def test_000_layout_shifted_satisfaction_row(seed):
    # line 269: "满意度指标⇥服务对象满意度指标⇥服务对象满意度⇥≥⇥90⇥%⇥20⇥" — the row lost its first
    # (empty) column, so every cell sits one column to the left
    p = project(seed("000"), "50011023T000003385373")
    assert len(p.indicators) == 5
    i = p.indicators[-1]
    assert (i.level1, i.level2, i.name, i.operator, i.value, i.unit, i.weight) == \
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "90", "%", D("20"))
    assert i.source.line == 269


def test_001_projects(seed):
    doc = seed("001")
    got = [(p.code, p.name, p.amount, {k: v for k, v in p.funding}, len(p.indicators),
            sum(i.weight for i in p.indicators)) for p in doc.projects]
    assert got == [(c, n, D(a), {k: D(v) for k, v in f.items()}, k, w) for c, n, a, f, k, w in PROJECTS_001]
    # DOMAIN §2.5 001-7: two projects' weights sum to 90
    assert [p.name for p in doc.projects if sum(i.weight for i in p.indicators) == 90] == \
        ["社会保险基金稽核监管专项", "全区基层人力社保以奖代补专项"]
    first = doc.projects[0]  # lines 570-574
    assert (first.type, first.contact, first.phone) == ("运转性项目", "彭尚琴", "48225707")
    # contact and telephone are blank for two projects (lines 858, 1401)
    for code in ("50011023T000003384940", "50011023T000003384834"):
        p = project(doc, code)
        assert not p.contact and not p.phone


def test_001_name_wrapped_with_one_character(seed):
    # lines 962-965: "社保待遇领取资格认证一体" / "机" / "≥ 50 台 20"
    p = project(seed("001"), "50011023T000003384988")
    i = p.indicators[1]
    assert (i.name, i.operator, i.number, i.unit, i.weight) == ("社保待遇领取资格认证一体机", "≥", D("50"), "台", D("20"))
    assert [i.name for i in p.indicators] == ["金保网络租赁", "社保待遇领取资格认证一体机", "覆盖人口", "稳定运行天数",
                                              "服务对象满意度"]


def test_001_indicator_details(seed):
    doc = seed("001")
    ind = {(p.code, i.name): i for p in doc.projects for i in p.indicators}
    # line 1270: "法定期限内结案 ≦ 60 日" — ≦ normalised to ≤
    i = ind[("50011023T000003384961", "法定期限内结案")]
    assert (i.level1, i.level2, i.operator, i.value, i.unit) == ("效益指标", "社会效益指标", "≤", "60", "日")
    # line 1564: "时效指标 2022年完成 ＝ 100 % 20" — ＝ normalised to =
    i = ind[("50011023T000003384852", "2022年完成")]
    assert (i.level1, i.level2, i.operator, i.number, i.unit) == ("产出指标", "时效指标", "=", D("100"), "%")
    # lines 1142-1145: wrapped name, operator on the values line
    i = ind[("50011023T000003384801", "“三下乡”“返家乡”社会实践活动")]
    assert (i.operator, i.number, i.unit, i.weight) == ("=", D("2"), "次", D("20"))
    i = ind[("50011023T000003384801", "引进、培育、培养乡村振兴人才队伍合格率")]
    assert (i.operator, i.number, i.unit) == ("≥", D("90"), "%")  # ≧ on line 1156
    # 满意度 level 2 is wrapped over two lines ("服务对象满意" / "度指标")
    sat = [i for p in doc.projects for i in p.indicators if i.level1 == "满意度指标"]
    assert len(sat) == 27
    assert {i.level2 for i in sat} == {"服务对象满意度指标"}


def test_002_projects(seed):
    doc = seed("002")
    got = [(p.code, p.name, p.amount, {k: v for k, v in p.funding}, p.type, len(p.indicators),
            [i.core for i in p.indicators], p.execution_weight) for p in doc.projects]
    assert got == [(c, n, D(a), {k: D(v) for k, v in f.items()}, t, k, core, None if w is None else D(w))
                   for c, n, a, f, t, k, core, w in PROJECTS_002]
    for p in doc.projects:
        assert p.unit == "121003-重庆市荣昌区社会保险事务中心"
        assert p.department == "重庆市荣昌区人力资源和社会保障局"
        if p.indicators:  # Σ weights 90 + 预算执行率权重 10 (DOMAIN §4.4)
            assert sum(i.weight for i in p.indicators) + p.execution_weight == 100
    # DOMAIN §2.5 002-9: two projects with an empty target and no indicators
    empty = [p for p in doc.projects if not p.indicators]
    assert [p.code for p in empty] == ["50015322T000002703908", "50015324T000004229331"]
    assert all(not p.goal for p in empty)


def test_002_indicator_details(seed):
    doc = seed("002")
    p = project(doc, "50015324T000003801032")  # 退捕渔民, lines 2059-2099
    rows = [(i.level1, i.level2, i.name, i.weight, i.unit, i.operator, i.value, i.core) for i in p.indicators]
    assert rows == [
        ("产出指标", "数量指标", "补贴人数", D("40"), "人", "≥", "54", True),
        ("效益指标", "社会效益指标", "参保率", D("20"), "%", "≥", "95", True),
        ("满意度指标", "服务对象满意度指标", "群众满意度", D("10"), "%", "≥", "85", False),
        ("成本指标", "经济成本指标", "人均年补贴费用", D("15"), "元/人年", "≥", "2800", True),
        ("成本指标", "社会成本指标", "政策知晓率", D("5"), "%", "≥", "95", False),
    ]
    i = project(doc, "50015326T000005242672").indicators[0]  # line 2326: 电脑采购台数 ≤ 65 台
    assert (i.name, i.operator, i.number, i.unit) == ("电脑采购台数", "≤", D("65"), "台")


PROJECTS_003 = {
    # code: (name, amount, [(level1, level2, name, operator, value, unit, weight)]) — 表十一–十三
    "50010422T000000083159": ("区属国有企业幼职教生活补贴", "13.20", [
        ("产出指标", "数量指标", "享受补贴人数", "≥", "4", "人", "20"),
        ("产出指标", "时效指标", "补贴发放及时性", "定性", "及时", "", "30"),
        ("效益指标", "社会效益指标", "提高该类人员的生活水平", "定性", "提高", "", "15"),
        ("效益指标", "可持续影响指标", "待遇稳步提高", "定性", "稳步提高", "", "15"),
        ("满意度指标", "帮扶对象满意度指标", "领取补贴人员满意度", "≥", "90", "%", "10"),
    ]),
    "50010422T000000083161": ("原民办教师、农机员、放映员、乡镇企办员等特殊人员医疗补助资金", "41.64", [
        ("满意度指标", "帮扶对象满意度指标", "领取补贴人员满意度", "≥", "90", "%", "10"),
        ("产出指标", "时效指标", "补贴发放及时性", "定性", "及时", "", "30"),
        ("产出指标", "数量指标", "享受补贴人数", "≥", "240", "人", "20"),
        ("效益指标", "可持续影响指标", "待遇发放终身", "定性", "发放终身", "", "15"),
        ("效益指标", "社会效益指标", "提高该类人员的生活水平", "定性", "提高", "", "15"),
    ]),
    "50010422T000000083166": ("121号文区级补贴", "64.72", [
        ("效益指标", "可持续影响指标", "待遇稳步提高", "定性", "稳步提高", "", "15"),
        ("效益指标", "社会效益指标", "改善该类人员的生活水平", "定性", "改善", "", "15"),
        ("满意度指标", "帮扶对象满意度指标", "领取补贴人员满意度", "≥", "90", "%", "10"),
        ("产出指标", "数量指标", "每月发放补贴人数", "≤", "134", "人", "20"),
        ("产出指标", "时效指标", "补贴发放及时性", "定性", "及时", "", "30"),
    ]),
}


def test_003_projects(seed):
    doc = seed("003")
    assert [p.code for p in doc.projects] == list(PROJECTS_003)
    for p in doc.projects:
        name, amount, indicators = PROJECTS_003[p.code]
        assert squash(p.name) == name
        assert p.amount == D(amount)
        assert p.funding == (("财政拨款", D(amount)),)
        assert p.execution_weight == D("10")  # "预算执行率权重(%)： 10"
        assert (p.contact, p.phone) == ("石安梅", "68950803")
        assert squash(p.department) == "124-重庆市大渡口区社会保险事务中心"
        assert len(p.indicators) == 5
        assert sum(i.weight for i in p.indicators) + p.execution_weight == 100


@pytest.mark.parametrize("code", list(PROJECTS_003))
def test_003_project_indicators(seed, code):
    # names and 二级 levels wrapped over lines ("补贴发放及时" / "性", "可持续影响指" / "标")
    p = project(seed("003"), code)
    got = [(i.level1, i.level2, squash(i.name), i.operator, i.value, i.unit, i.weight) for i in p.indicators]
    assert got == [(a, b, c, d, e, f, D(g)) for a, b, c, d, e, f, g in PROJECTS_003[code][2]]


def test_003_qualitative_indicators(seed):
    doc = seed("003")
    qual = [i for p in doc.projects for i in p.indicators if i.operator == "定性"]
    assert len(qual) == 9
    for i in qual:
        assert i.number is None and i.unit == ""
    timely = [i for i in qual if i.value == "及时"]
    assert len(timely) == 3 and all(i.weight == D("30") for i in timely)


def test_004_projects(seed):
    doc = seed("004")
    got = [(p.code, squash(p.name), p.amount, len(p.indicators)) for p in doc.projects]
    assert got == [(c, n, D(a), k) for c, n, a, k in PROJECTS_004]
    for p in doc.projects:
        assert sum(v for _, v in p.funding) == p.amount  # 政府预算资金 = 资金总额
        assert all(i.weight is None for i in p.indicators)  # Henan prints no weights
        assert {i.level1 for i in p.indicators} <= {"成本指标", "产出指标", "效益指标", "满意度指标"}


def test_004_indicator_operator_inside_the_value(seed):
    doc = seed("004")
    p = project(doc, "410700220000000010699")  # lines 417-421, code printed "410700220 000000010 699"
    rows = [(i.level1, squash(i.name), i.operator, i.number, i.unit) for i in p.indicators]
    assert ("成本指标", "聘用20人工资及保险", "≤", D("87.04"), "万元") in rows  # "≤87.04 万元"
    assert ("产出指标", "资金使用合规率", "", D("100"), "%") in rows  # "100%": no operator printed
    assert ("效益指标", "保障本单位工作正常开展", "≥", D("98"), "%") in rows  # "≥98%"
    assert ("满意度指标", "聘用人员满意度", "≥", D("95"), "%") in rows  # "≥95%"
    assert ("产出指标", "聘用人员考勤率", "≥", D("95"), "%") in rows  # line 418
    assert ("满意度指标", "参保职工及离退休人员", "≥", D("90"), "%") in rows  # line 418, 满意度 column
    assert ("产出指标", "单位聘用人员人数", "", D("20"), "人") in rows  # "20 人"
    sat = [i for i in p.indicators if squash(i.name) == "聘用人员满意度"][0]
    assert sat.value == "≥95%"  # the value as printed
    p = project(doc, "410700220000000029814")  # line 439-443
    rows = {squash(i.name): (i.operator, i.number, i.unit) for i in p.indicators}
    assert rows["完成全市全年机关养老待遇发放"] == ("≥", D("40"), "亿元")
    assert rows["完成全市全年工伤待遇支出"] == ("≥", D("1.5"), "亿元")
    assert rows["完成全市全年企业养老待遇发放"] == ("", D("100"), "亿元")
    assert rows["确保全市参保职工和离退休人员各项待遇"][1] is None  # "确保": qualitative


@pytest.mark.parametrize("number", SEEDS)
def test_operators_are_normalised(seed, number):
    doc = seed(number)
    ops = {i.operator for p in doc.projects for i in p.indicators}
    if doc.performance:
        ops |= {i.operator for i in doc.performance.indicators}
    assert ops <= {"≥", "≤", "=", "定性", ""}
    for p in doc.projects:
        for i in p.indicators:
            if i.operator in ("≥", "≤", "="):
                assert i.number is not None, (p.code, i.name)


# --------------------------------------------------------------------------- 整体绩效


def test_000_unit_performance_with_lost_value(seed):
    doc = seed("000")
    perf = doc.performance
    assert perf.amount_unit == "元"
    amounts = dict(perf.amounts)
    # line 176: 30,941,738.93 | 9,864,738.93 | 9,864,738.93 | | | ##### | 21,077,000.00 |
    assert amounts["total"] == D("30941738.93")
    assert amounts["basic"] == D("9864738.93")
    assert amounts["basic.fiscal"] == D("9864738.93")
    assert amounts["project.fiscal"] == D("21077000.00")
    assert amounts["project"] is None
    assert perf.lost == ("project",)
    assert perf.goal.startswith("统筹建立覆盖城乡的社会保障体系")
    assert len(perf.indicators) == 5
    assert sum(i.weight for i in perf.indicators) == 100
    assert [i.name for i in perf.indicators] == ["参保率", "企业参保稽核", "发放社保待遇", "服务群众人数", "服务对象满意率"]
    lost = [f for f in facts(doc) if f.table == "unit_performance" and f.column == "project"]
    assert len(lost) == 1 and lost[0].amount is None and lost[0].amount_text == "#####" and lost[0].unit == "元"


def test_000_lost_value_finding_points_at_its_line(seed, seed_lines):
    doc = seed("000")
    r002 = [f for f in doc.findings if f.code == "R002"]
    assert len(r002) == 1
    assert (r002[0].table, r002[0].column) == ("unit_performance", "project")
    assert r002[0].source.line == 176  # the line that prints "#####"
    assert "#####" in seed_lines("000")[r002[0].source.line]
    assert [f.code for f in doc.findings] == ["R002"]


def test_001_unit_performance(seed):
    perf = seed("001").performance
    amounts = dict(perf.amounts)  # line 429
    assert amounts["total"] == D("42848758.19")
    assert amounts["basic.fiscal"] == D("8391350.69")
    assert amounts["project.fiscal"] == D("34457407.50")
    assert amounts["basic"] == D("8391350.69")
    assert amounts["project"] == D("34457407.50")
    assert perf.amount_unit == "元"
    assert perf.lost == ()
    assert len(perf.indicators) == 29
    assert sum(i.weight for i in perf.indicators) == 100  # 7×5 + 21×3 + 2
    names = [i.name for i in perf.indicators]
    assert "招聘乡镇教育、卫生、农业、文化、规划、建设等事业单位紧缺专业人才" in names  # lines 471-474
    assert "建档立卡贫困人员参加居民养老保险政府代缴" in names  # lines 495-498
    assert names.count("劳动合同签订率") == 1 and "企业劳动合同签订率" in names
    last = perf.indicators[-1]  # lines 555-559: "服务对象满意率 ≧ 95 % 2"
    assert (last.level1, last.level2, last.name, last.operator, last.number, last.unit, last.weight) == \
        ("满意度指标", "服务对象满意度指标", "服务对象满意率", "≥", D("95"), "%", D("2"))
    assert perf.goal.startswith("1.贯彻执行人力社保法律、法规、规章和方针政策")


def test_002_unit_performance(seed):
    perf = seed("002").performance
    assert dict(perf.amounts)["total"] == D("2235.58")  # line 1554: 部门支出预算数 2,235.58
    assert perf.amount_unit == "万元"
    assert len(perf.indicators) == 9
    assert sum(i.weight for i in perf.indicators) == 100
    assert [i.core for i in perf.indicators] == [True, True, True, False, False, True, False, False, False]
    i = perf.indicators[3]  # line 1602: 预算执行率 filed under 经济效益指标, operator ＝
    assert (i.level1, i.level2, i.name, i.operator, i.number, i.unit) == \
        ("效益指标", "经济效益指标", "预算执行率", "=", D("100"), "%")


def test_003_unit_performance(seed):
    perf = seed("003").performance
    assert dict(perf.amounts)["total"] == D("1524.40")  # line 744
    assert len(perf.indicators) == 7
    assert sum(i.weight for i in perf.indicators) == 100
    rows = [(squash(i.name), i.operator, i.value, i.unit, i.weight) for i in perf.indicators]
    assert rows == [
        ("网络专线", "=", "2", "条", D("10")),
        ("三季度预算执行进度", "≥", "75", "%", D("10")),
        ("部门预算按时公开率", "=", "100", "%", D("10")),
        ("全年预算支出执行率", "=", "100", "%", D("10")),
        ("保证社保大厅正常运转", "定性", "正常运转", "", D("30")),
        ("原民办教师、农机员、放映员、乡镇企办员等特殊人员医疗补助资金发放及时性", "定性", "及时", "", D("20")),
        ("提高民众对社保政策认知度", "定性", "提高", "", D("10")),
    ]


def test_004_has_no_unit_performance(seed):
    assert seed("004").performance is None


def test_performance_and_project_facts(seed):
    doc = seed("000")
    perf = {f.column: f.amount for f in facts(doc) if f.table == "unit_performance"}
    assert perf["total"] == D("30941738.93")
    rows = [f for f in facts(doc) if f.table == "project_performance" and f.row_code == "50011023T000003385373"]
    assert sorted(f.amount for f in rows) == [D("470.30"), D("530.00"), D("1000.30")]
    assert [f.amount for f in rows if f.column == "total"] == [D("1000.30")]
    assert all(f.unit == "万元" for f in rows)


# --------------------------------------------------------------------------- narrative (情况说明)


def test_narrative_sections(seed):
    assert seed("000").sections == () and seed("001").sections == ()  # no narrative (DOMAIN §0)
    for number, titles in (
        ("002", ["单位基本情况", "单位收支总体情况", "单位预算情况说明", "“三公”经费情况说明",
                 "其他重要事项的情况说明", "专业性名词解释"]),
        ("003", ["单位基本情况", "部门收支总体情况", "部门预算情况说明", "“三公”经费情况说明",
                 "其他重要事项的情况说明", "专业性名词解释"]),
    ):
        top = [s for s in seed(number).sections if s.number.endswith("、") and s.level == 1]
        assert [squash(s.title) for s in top] == titles, number
