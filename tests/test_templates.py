"""Other regions' templates (issue 7 part 2) and recognition by content (part 3).

Fixtures written by tests/fixtures/make_templates.py, consistent by construction:
budget_yuan_2025.txt (tab-separated, 元, codes split 类|款|项 and 类|款, other titles, zeros 0.00,
a page break inside a table) and budget_glued_2025.txt (PDF text, codes glued to names, wrapped
names below and above their code lines, a page number and a repeated header inside a table)."""
from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

from yusuan.ledger.facts import facts
from yusuan.read import read_text
from yusuan.rules import check

HERE = Path(__file__).parent / "fixtures"
YUAN = (HERE / "budget_yuan_2025.txt").read_text(encoding="utf-8")
GLUED = (HERE / "budget_glued_2025.txt").read_text(encoding="utf-8")


def _found(text: str, **kw) -> set[tuple]:
    return {(f.code, f.severity.value, f.table, f.row, f.column)
            for f in check(read_text(text, "t.txt"), **kw).findings}


def _plant(text: str, old: str, new: str, after: str | None = None) -> str:
    start = text.index(after) if after else 0
    i = text.index(old, start)
    return text[:i] + new + text[i + len(old):]


def test_fixtures_are_written_by_their_generator():
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_templates", HERE / "make_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.yuan() == YUAN and module.glued() == GLUED


# --- 元, split codes, other titles ------------------------------------------------------------
def test_other_titles_recognised():
    doc = read_text(YUAN, "yuan.txt")
    assert [(t.kind, t.title) for t in doc.tables] == [
        ("summary", "部门财务收支预算总表"), ("revenue", "部门收入预算总表"), ("expenditure", "部门支出预算总表"),
        ("fiscal_summary", "财政拨款收支预算总表"), ("general_expenditure", "一般公共预算支出功能分类预算表"),
        ("basic_expenditure", "一般公共预算基本支出部门预算经济分类预算表"),
        ("three_public", "“三公”经费和机关运行经费预算表"), ("gov_fund_expenditure", "政府性基金预算支出表")]
    assert doc.amount_unit == "元" and {t.amount_unit for t in doc.tables} == {"元"}
    assert doc.unit.name == "示范市统计数据中心" and doc.year == 2025 and doc.kind == "budget"
    assert doc.findings == ()


def test_split_codes_and_amounts_in_yuan():
    doc = read_text(YUAN, "yuan.txt")
    by = {(f.table, f.row_code, f.column): f.amount for f in facts(doc)}
    assert by[("general_expenditure", "2080101", "basic")] == D("1523456.78")
    assert by[("revenue", "2080505", "general_budget")] == D("182345.60")
    assert by[("revenue", "20805", "total")] == D("273518.40")
    revenue = doc.table("revenue")
    assert revenue.row("2080505").name == "机关事业单位基本养老保险缴费支出"  # wrapped below its code line
    assert revenue.row("2080506").name == "机关事业单位职业年金缴费支出"  # wrapped above it
    assert all(r.code for r in revenue.rows)
    assert by[("basic_expenditure", "30101", "personnel")] == D("600000.00")
    assert by[("basic_expenditure", "30101", "public")] == D("0.00")  # a printed zero is a fact
    assert by[("three_public", "total", "operation_funds")] == D("268456.78")
    assert by[("three_public", "total", "abroad")] == D("0.00")


def test_page_break_inside_a_table():
    t = read_text(YUAN, "yuan.txt").table("expenditure")
    codes = [r.code for r in t.rows]
    assert codes == ["total", "208", "20801", "2080101", "2080107", "20805", "2080505", "2080506", "210", "21011",
                     "2101101", "221", "22102", "2210201"]


def test_the_consistent_budget_checks_clean():
    assert check(read_text(YUAN, "yuan.txt")).findings == ()


def test_planted_error_in_yuan():
    text = _plant(YUAN, "182,345.60\t182,345.60", "182,354.60\t182,345.60", after="部门收入预算总表")
    assert _found(text) == {("A101", "error", "revenue", "2080505", "total"),
                            ("A102", "error", "revenue", "20805", "total")}


def test_unit_line_that_does_not_fit_the_amounts():
    text = _plant(YUAN, "单位：元", "单位：万元", after="部门支出预算总表")
    doc = read_text(text, "t.txt")
    assert [(f.code, f.table) for f in doc.findings] == [("R010", "expenditure")]


def test_wan_yuan_too_large():
    text = YUAN.replace("单位：元", "单位：万元")
    doc = read_text(text, "t.txt")
    assert not [f for f in doc.findings if f.code == "R010"]  # 231 亿元 is large but possible
    big = text.replace("1,523,456.78", "91,523,456.78", 1)
    assert [f.table for f in read_text(big, "t.txt").findings if f.code == "R010"] == ["revenue"]


# --- glued codes, wrapped names, PDF text ------------------------------------------------------
def test_glued_codes_and_wrapped_names():
    doc = read_text(GLUED, "glued.txt")
    assert doc.layout == "pdf_text"
    g = doc.table("general_expenditure")
    assert [(r.code, r.name) for r in g.rows if r.code in ("2080101", "2080505", "2080506")] == [
        ("2080101", "行政运行"), ("2080505", "机关事业单位基本养老保险缴费支出"), ("2080506", "机关事业单位职业年金缴费支出")]
    assert all(r.code for r in g.rows)  # no row made of a wrapped piece, a page number or a header
    assert g.row("2080107").value("project") == D("300000.00") and g.row("2080107").value("basic") is None
    b = doc.table("basic_expenditure")
    assert b.row("30231").value("public") == D("35000.00")
    assert not [f for f in doc.findings if f.code.startswith("R")]


def test_glued_checks_only_the_missing_tables():
    assert {f[0] for f in _found(GLUED)} == {"C101"}


# --- recognition by content ------------------------------------------------------------------
UNFAMILIAR = """示范单位2025年部门预算
表一
财政拨款收支总表
单位：万元
收入\t金额\t支出\t合计\t一般公共预算\t政府性基金\t国有资本经营
一般公共预算拨款\t100.00\t社会保障和就业支出\t100.00\t100.00\t\t
本年收入合计\t100.00\t本年支出合计\t100.00\t100.00\t\t
收入总计\t100.00\t支出总计\t100.00\t100.00\t\t
附表3
单位：万元
科目编码\t科目名称\t合计\t人员经费\t公用经费
301\t工资福利支出\t80.00\t80.00\t
30101\t基本工资\t80.00\t80.00\t
302\t商品和服务支出\t20.00\t\t20.00
30201\t办公费\t20.00\t\t20.00
合计\t\t100.00\t80.00\t20.00
人员名册统计表
单位：人
类别\t编制数\t实有人数
行政\t12\t10
事业\t5\t5
"""


def test_unfamiliar_title_recognised_by_content():
    doc = read_text(UNFAMILIAR, "u.txt")
    basic = doc.tables[1]
    assert (basic.kind, basic.title, basic.recognition) == ("basic_expenditure", "附表3", ("content", D("1.00")))
    assert basic.row("total").value("public") == D("20.00")
    assert [(f.code, f.table) for f in doc.findings] == [("R009", "basic_expenditure"), ("R003", "unknown")]


def test_unrecognised_table_is_kept_whole_not_swallowed():
    for text in (UNFAMILIAR, "\n".join(" ".join(c for c in ln.split("\t") if c) for ln in UNFAMILIAR.splitlines())):
        doc = read_text(text, "u.txt")
        assert [t.kind for t in doc.tables] == ["fiscal_summary", "basic_expenditure", "unknown"]
        unknown = doc.tables[2]
        assert unknown.title == "人员名册统计表"
        assert [(r.name, [c.text for c in r.cells]) for r in unknown.rows] == [("行政", ["12", "10"]),
                                                                            ("事业", ["5", "5"])]
        assert [r.code for r in doc.tables[1].rows][-1] == "total"  # the basic table ends where it ends


def test_recognition_in_json():
    from yusuan.serialize import document_dict
    data = document_dict(read_text(UNFAMILIAR, "u.txt"))
    assert data["tables"][1]["recognition"] == {"by": "content", "confidence": "1.00"}
    assert "recognition" not in data["tables"][0]
