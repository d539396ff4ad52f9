"""A package with several 预算单位 (issue 7).

(a) rows by unit inside a table (收入总表 / 支出总表 listing 部门 303, 单位 303001, 303016): read as
    unit rows, checked by A115 (部门 row = Σ its units, 合计 = Σ units, a unit = Σ its classes);
(b) a 部门 package printing its 汇总 set and then each unit's own set: every table carries its unit
    (Table.unit, the facts' unit columns, the JSON), cross-table rules check each set on its own and
    X116 checks 汇总 = Σ units.

Fixtures: tests/fixtures/budget_department_2025.txt and budget_department_error_2025.txt, written by
tests/fixtures/make_templates.py (department()), consistent by construction but for the planted error.
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

from yusuan.derive import says
from yusuan.ledger import build_budget, build_ledger
from yusuan.read import read_text
from yusuan.model import Unit
from yusuan.rules import check
from yusuan.rules.base import Context
from yusuan.serialize import document_dict, fact_rows

from test_templates import _found, _plant  # the same inline checks as the other templates

HERE = Path(__file__).parent / "fixtures"
DEPT = (HERE / "budget_department_2025.txt").read_text(encoding="utf-8")
ERROR = (HERE / "budget_department_error_2025.txt").read_text(encoding="utf-8")
BUREAU = Unit("305", "示范市人力资源和社会保障局", None)
OWN = Unit("305001", "示范市人力资源和社会保障局（本级）", "305")
CENTRE = Unit("305002", "示范市社会保险事务中心", "305")
KINDS = ["summary", "revenue", "expenditure", "general_expenditure", "fiscal_summary", "basic_expenditure",
         "three_public", "gov_fund_expenditure"]


def test_fixtures_are_written_by_their_generator():
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_templates", HERE / "make_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.department() == DEPT and module.department(error=True) == ERROR


# --- (b) reading: every table's unit --------------------------------------------------------------
def test_every_table_carries_its_unit():
    doc = read_text(DEPT, "d.txt")
    assert doc.unit == BUREAU  # the 部门 of the 汇总 set, its code from its row in the 收入总表
    assert [t.kind for t in doc.tables] == KINDS * 3
    assert [t.unit for t in doc.tables] == [None] * 8 + [OWN] * 8 + [CENTRE] * 8
    assert doc.table_units == (OWN, CENTRE)
    assert [doc.unit_of(t).code for t in doc.tables[::8]] == ["305", "305001", "305002"]
    assert doc.findings == ()


def test_each_set_has_its_own_figures():
    doc = read_text(DEPT, "d.txt")
    totals = [t.row("total").value("total") for t in doc.tables_of("expenditure")]
    assert totals == [D("1095.86"), D("600.81"), D("495.05")]
    assert totals[0] == totals[1] + totals[2]
    basic = [t.row("2080109") for t in doc.tables_of("basic_expenditure")]
    assert basic == [None, None, None]  # economic codes only
    general = [t.row("2080109") for t in doc.tables_of("general_expenditure")]
    assert [r.value("project") if r else None for r in general] == [D("120.00"), None, D("120.00")]


def test_facts_carry_the_table_unit():
    doc = read_text(DEPT, "d.txt")
    rows = fact_rows(doc)
    by = {(r["unit_code"], r["table"], r["row_code"], r["column"]): r for r in rows}
    assert by[("305", "expenditure", "2080505", "total")]["amount"] == "81.80"
    assert by[("305001", "expenditure", "2080505", "total")]["amount"] == "48.20"
    assert by[("305002", "expenditure", "2080505", "total")]["amount"] == "33.60"
    assert by[("305002", "expenditure", "2080505", "total")]["unit_name"] == "示范市社会保险事务中心"
    assert by[("305001", "basic_expenditure", "30231", "public")]["amount"] == "8.00"
    assert {r["unit_code"] for r in rows} == {"305", "305001", "305002"}
    counts = {(r["unit_code"], r["table"]) for r in rows}
    assert len(counts) == 24  # 8 tables × 3 sets
    # every printed number once: the 汇总's 收入总表 is 合计 + 3 unit rows × 2 columns; the 中心's
    # 支出总表 is 合计 and 208, 20801, 2080109 with 3 values, 9 rows with 2
    n = {k: sum((r["unit_code"], r["table"]) == k for r in rows) for k in counts}
    assert (n[("305", "revenue")], n[("305002", "revenue")], n[("305002", "expenditure")]) == (8, 26, 30)
    # the facts' own field is the unit of a unit's set, None for the document's
    facts = build_budget(doc).facts
    assert {f.owner for f in facts} == {None, OWN, CENTRE}


def test_facts_cli_and_json():
    done = subprocess.run([sys.executable, "-m", "yusuan.cli", "facts", str(HERE / "budget_department_2025.txt")],
                          capture_output=True, text=True, encoding="utf-8", check=True)
    out = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {(r["unit_code"], r["unit_name"]) for r in out if r["table"] == "three_public"} == {
        ("305", "示范市人力资源和社会保障局"), ("305001", "示范市人力资源和社会保障局（本级）"),
        ("305002", "示范市社会保险事务中心")}
    data = document_dict(read_text(DEPT, "d.txt"))
    assert data["unit"] == {"code": "305", "name": "示范市人力资源和社会保障局", "parent": None}
    assert [t["unit"] for t in data["tables"]][7:9] == [
        None, {"code": "305001", "name": "示范市人力资源和社会保障局（本级）", "parent": "305"}]
    assert data["tables"][-1]["unit"]["code"] == "305002"
    json.dumps(data, ensure_ascii=False)  # plain JSON


def test_a_single_unit_package_has_no_table_units():
    for name in ("budget_yuan_2025.txt", "final_2024.txt"):
        doc = read_text((HERE / name).read_text(encoding="utf-8"), name)
        assert doc.table_units == () and all(t.unit is None for t in doc.tables)


def test_set_heading_is_not_a_row_of_the_table_above():
    doc = read_text(DEPT, "d.txt")
    gov_fund = doc.tables[7]  # the 汇总's last table, just above the 本级's heading
    assert [r.code for r in gov_fund.rows] == ["total"]
    assert not any("2025年部门预算" in r.name for t in doc.tables for r in t.rows)


# --- (b) rules: each set on its own, and 汇总 = Σ units --------------------------------------------
def test_the_consistent_package_checks_clean():
    assert check(read_text(DEPT, "d.txt")).findings == ()


def test_planted_error_in_the_summary():
    # the fixture moves 1.00 from 2080506 to 2080505 in the 汇总 支出总表 (basic and total): that table
    # still adds up, but no longer equals the units' 支出总表 added up; and 2080506 in the 汇总
    # 一般公共预算支出表 is now more than in its 支出总表 (X107)
    assert _found(ERROR) == {
        ("X116", "error", "expenditure", "2080505", "total"), ("X116", "error", "expenditure", "2080505", "basic"),
        ("X116", "error", "expenditure", "2080506", "total"), ("X116", "error", "expenditure", "2080506", "basic"),
        ("X107", "error", "general_expenditure", "2080506", "total"),
        ("X107", "error", "general_expenditure", "2080506", "basic")}
    report = check(read_text(ERROR, "e.txt"))
    first = next(f for f in report.findings if f.code == "X116")
    assert first.message == ("汇总支出总表「2080505 机关事业单位基本养老保险缴费支出」“合计”栏印为 82.80 万元，而各单位同表之和"
                             "（示范市人力资源和社会保障局（本级） 48.20 + 示范市社会保险事务中心 33.60）为 81.80 万元")
    assert (first.expected, first.actual, first.source.line) == ("81.80", "82.80", ERROR.splitlines().index(
        "2080505\t机关事业单位基本养老保险缴费支出\t82.80\t82.80\t") + 1)


def test_cross_table_rules_check_each_unit_set():
    # the 本级's “三公” table prints 5.00 for 公务用车运行费 while its own 基本支出表 has 30231 8.00: X109 in
    # the 本级's set (the 汇总's pair agrees), and the 汇总's “三公” is no longer 本级 + 中心 (X116)
    text = _plant(DEPT, "8.00\t0.00\t8.00\t0.00\t8.00\t0.00", "5.00\t0.00\t5.00\t0.00\t5.00\t0.00",
                  after="示范市人力资源和社会保障局（本级）2025年部门预算")
    doc = read_text(text, "t.txt")
    found = check(doc).findings
    x109 = [f for f in found if f.code == "X109"]
    assert [(f.table, f.row, f.column, f.expected, f.actual) for f in x109] == [
        ("three_public", "total", "vehicle_operation", "8.00", "5.00")]
    assert "示范市人力资源和社会保障局（本级）" in x109[0].message
    lines = text.splitlines()
    own, centre = (lines.index(f"{u.name}2025年部门预算") + 1 for u in (OWN, CENTRE))
    assert own < x109[0].source.line < centre  # in the 本级's set
    assert {(f.code, f.table, f.row, f.column) for f in found if f.code == "X116"} == {
        ("X116", "three_public", "total", c) for c in ("total", "vehicles", "vehicle_operation")}


def test_a_unit_value_not_known_says_nothing_of_the_summary_cell():
    # the 中心's 2080505 lost: what the units add up to there is not known, so the 汇总's 82.80 is not judged
    row = "2080505\t机关事业单位基本养老保险缴费支出\t"
    text = _plant(ERROR, row + "33.60\t33.60\t\n", row + "#####\t#####\t\n", after="示范市社会保险事务中心2025年部门预算")
    report = check(read_text(text, "t.txt"), select=["X116"])
    assert {(f.table, f.row, f.column) for f in report.findings} == {
        ("expenditure", "2080506", "total"), ("expenditure", "2080506", "basic")}
    assert report.skipped.get("X116") == 2


def test_context_groups_split_the_package():
    doc = read_text(DEPT, "d.txt")
    groups = Context(doc).groups
    assert [g.doc.unit for g in groups] == [BUREAU, OWN, CENTRE]
    assert [len(g.doc.tables) for g in groups] == [8, 8, 8]
    assert groups[0].doc.sections == doc.sections and groups[1].doc.sections == ()
    assert groups[2].table("expenditure").row("total").value("total") == D("495.05")
    assert Context(read_text((HERE / "budget_yuan_2025.txt").read_text(encoding="utf-8"))).groups[0].doc.unit.name \
        == "示范市统计数据中心"


def test_narrative_is_checked_against_the_package_tables_only():
    # the narrative's 收入总计 is the 汇总's; a unit's set (a smaller total) is not compared with it
    text = DEPT.replace("收入总计1,095.86万元", "收入总计1,096.86万元")
    found = check(read_text(text, "t.txt"), select=["N"]).findings
    assert [(f.code, f.severity.value, f.expected, f.actual, f.source.line) for f in found] == [
        ("N101", "error", "1095.86", "1096.86", 7)]


def test_a_summary_listing_units_whose_sets_are_missing_is_not_summed():
    # drop the 中心's set: the 汇总 (which lists 305002) cannot be the sum of the 本级's set alone
    cut = DEPT[:DEPT.index("示范市社会保险事务中心2025年部门预算")]
    doc = read_text(cut, "t.txt")
    assert doc.table_units == (OWN,)
    assert not [f for f in check(doc).findings if f.code == "X116"]


def test_unit_row_of_the_summary_against_the_unit_total():
    text = _plant(DEPT, "305002\t示范市社会保险事务中心\t495.05\t495.05", "305002\t示范市社会保险事务中心\t459.05\t459.05")
    assert _found(text, select=["A1", "X116"]) == {
        ("A115", "error", "revenue", "unit:305", "total"), ("A115", "error", "revenue", "unit:305", "general_budget"),
        ("X116", "error", "revenue", "unit:305002", "total"),
        ("X116", "error", "revenue", "unit:305002", "general_budget")}


# --- (a) rows by unit inside one table --------------------------------------------------------------
BY_UNIT = """示范局2025年部门预算
部门支出总表
单位：万元
科目编码\t\t\t单位代码\t单位（科目名称）\t合计\t基本支出\t项目支出
\t\t\t\t合计\t300.00\t250.00\t50.00
\t\t\t305\t示范局\t300.00\t250.00\t50.00
\t\t\t305001\t示范局机关\t180.00\t130.00\t50.00
208\t01\t01\t\t行政运行\t130.00\t130.00\t
208\t01\t07\t\t社会保险业务管理事务\t50.00\t\t50.00
\t\t\t305016\t示范局服务中心\t120.00\t120.00\t
208\t01\t01\t\t行政运行\t100.00\t100.00\t
208\t05\t05\t\t机关事业单位基本养老保险缴费支出\t20.00\t20.00\t
部门收入总表
单位：万元
部门（单位）代码\t部门（单位）名称\t合计\t一般公共预算\t政府性基金
\t合计\t300.00\t300.00\t
305\t示范局\t300.00\t300.00\t
305001\t示范局机关\t180.00\t180.00\t
305016\t示范局服务中心\t120.00\t120.00\t
"""


def test_unit_rows_are_read_as_units():
    doc = read_text(BY_UNIT, "u.txt")
    e, r = doc.table("expenditure"), doc.table("revenue")
    assert [x.code for x in e.rows] == ["total", "unit:305", "unit:305001", "2080101", "2080107", "unit:305016",
                                        "2080101", "2080505"]
    assert [x.code for x in r.rows] == ["total", "unit:305", "unit:305001", "unit:305016"]
    # 示范局机关 does not end like an organisation's name: the 单位代码 column says it is a unit
    assert (e.row("unit:305001").name, e.row("unit:305001").value("project")) == ("示范局机关", D("50.00"))
    facts = {(f["row_code"], f["column"]): f["amount"] for f in fact_rows(doc) if f["table"] == "revenue"}
    assert facts[("unit:305016", "general_budget")] == "120.00"
    # the classes of each unit are checked within that unit (2080101 is printed under both)
    assert e.class_rows() == (tuple(e.rows[3:5]), tuple(e.rows[6:]))
    assert says.classes(build_ledger(doc), e, "total") == {"208": (D("300.00"), e.rows[3])}


def test_consistent_unit_rows_check_clean():
    assert _found(BY_UNIT, select=["A", "X"]) == set()


def test_unit_rows_planted_errors():
    # a unit's row no longer equals the classes under it, nor the 部门 row the sum of its units
    text = BY_UNIT.replace("305016\t示范局服务中心\t120.00\t120.00\t\n2", "305016\t示范局服务中心\t121.00\t121.00\t\n2")
    assert _found(text, select=["A"]) == {("A115", "error", "expenditure", "unit:305", "total"),
                                          ("A115", "error", "expenditure", "unit:305", "basic"),
                                          ("A115", "error", "expenditure", "unit:305016", "total"),
                                          ("A115", "error", "expenditure", "unit:305016", "basic")}
    # the 合计 row against the top unit rows (the 部门 row 305)
    text = BY_UNIT.replace("\t合计\t300.00\t300.00\t", "\t合计\t310.00\t310.00\t")
    found = check(read_text(text, "u.txt"), select=["A115"]).findings
    assert [(f.table, f.row, f.column, f.expected, f.actual) for f in found] == [
        ("revenue", "total", "total", "300.00", "310.00"), ("revenue", "total", "general_budget", "300.00", "310.00")]
    assert found[0].message == "收入总表合计行“合计”栏 ≠ 各单位之和：印为 310.00 万元，应为 300.00 万元"


def test_unit_rows_rounding_tail_is_info():
    text = BY_UNIT.replace("305\t示范局\t300.00\t300.00", "305\t示范局\t300.01\t300.01")
    found = check(read_text(text, "u.txt"), select=["A115"]).findings
    # 305 against its units, and 合计 against 305: both differ by 0.01 within ±0.01
    assert {(f.severity.value, f.row, f.column) for f in found} == {
        ("info", r, c) for r in ("unit:305", "total") for c in ("total", "general_budget")}
    assert all(f.message.startswith("尾差") for f in found)


def test_three_digit_class_under_a_unit_code_column_stays_a_class():
    text = """部门支出总表
单位：万元
单位编码\t单位名称\t合计\t基本支出\t项目支出
\t合计\t30.00\t30.00\t
305\t示范局\t30.00\t30.00\t
208\t社会保障和就业支出\t30.00\t30.00\t
"""
    e = read_text(text, "u.txt").table("expenditure")
    assert [r.code for r in e.rows] == ["total", "unit:305", "208"]


# --- the store: a fact's own unit, exported and rebuilt -----------------------------------------------
def test_store_keeps_each_table_unit(tmp_path):
    from sqlalchemy import text

    from yusuan.batch import run
    from yusuan.store import query
    from yusuan.store.engine import open_store
    from yusuan.store.rebuild import document

    path = tmp_path / "dept.txt"
    path.write_text(DEPT, encoding="utf-8")
    engine = open_store(str(tmp_path / "y.db"))
    run([path], engine, jobs=1, progress=False)
    with engine.connect() as conn:
        stored = conn.execute(text(
            "SELECT f.unit_code, f.unit_name, f.amount FROM facts f WHERE f.\"table\" = 'expenditure' "
            "AND f.row_code = '2080505' AND f.\"column\" = 'total' ORDER BY f.id")).all()
        assert [tuple(r) for r in stored] == [(None, None, "81.80"), ("305001", OWN.name, "48.20"),
                                              ("305002", CENTRE.name, "33.60")]
        exported = [r for r in query.all_facts(conn) if r["table"] == "expenditure" and r["row_code"] == "2080505"
                    and r["column"] == "total"]
        assert [(r["unit_code"], r["unit_name"], r["amount"], r["parent"]) for r in exported] == [
            ("305", BUREAU.name, "81.80", ""), ("305001", OWN.name, "48.20", ""), ("305002", CENTRE.name, "33.60", "")]
        unit = query.find_units(conn, "305")[0]
        rebuilt = document(query.budget(conn, unit, 2025))
    assert [(t.kind, t.unit.code if t.unit else None) for t in rebuilt.tables] == [
        (k, code) for code in (None, "305001", "305002") for k in KINDS]
    assert [t.row("total").value("total") for t in rebuilt.tables_of("expenditure")] == [D("1095.86"), D("600.81"), D("495.05")]


def test_migration_0002_keeps_stored_facts(tmp_path):
    from sqlalchemy import text

    from yusuan.batch import run
    from alembic.script import ScriptDirectory
    from yusuan.store.engine import alembic_config, open_store, upgrade

    seed = Path(__file__).resolve().parents[1] / "examples" / "disclosures" / "004_d963c162c8092ea1.txt"
    engine = open_store(str(tmp_path / "y.db"), migrate=False)
    upgrade(engine, "0001")
    with engine.begin() as conn:  # a store written before 0002: facts without a unit
        conn.execute(text("INSERT INTO documents (id, sha256, file, size, read_at, status) "
                          "VALUES (1, 'x', 'old.txt', 1, '2025-01-01T00:00:00', 'read')"))
        conn.execute(text("INSERT INTO units (id, code, name) VALUES (1, '303016', '新乡市社会保险中心')"))
        conn.execute(text("INSERT INTO budgets (id, unit_id, year, kind, version, document_id) "
                          "VALUES (1, 1, 2023, 'budget', 1, 1)"))
        conn.execute(text("INSERT INTO facts (budget_id, table_kind, row_code, row_name, column_name, amount) "
                          "VALUES (1, 'revenue', 'total', '合计', 'total', '11436.06')"))
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == \
            ScriptDirectory.from_config(alembic_config()).get_current_head()  # every migration since ran
        assert tuple(conn.execute(text("SELECT amount, unit_code, unit_name FROM facts")).one()) == \
            ("11436.06", None, None)
        assert conn.execute(text("SELECT count(*) FROM claims")).scalar_one() == 0  # 0003: none before it
    run([seed], engine, jobs=1, progress=False)
    with engine.connect() as conn:  # a single-unit package: every fact is the budget's unit's
        assert tuple(conn.execute(text("SELECT count(*), count(unit_code) FROM facts WHERE budget_id = 2")).one()) \
            == (291, 0)


BY_UNIT_SETS = BY_UNIT + """示范局机关2025年部门预算
部门支出总表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
\t合计\t180.00\t130.00\t50.00
2080101\t行政运行\t130.00\t130.00\t
2080107\t社会保险业务管理事务\t50.00\t\t50.00
部门收入总表
单位：万元
科目编码\t科目名称\t合计\t一般公共预算\t政府性基金
\t合计\t180.00\t180.00\t
2080101\t行政运行\t130.00\t130.00\t
2080107\t社会保险业务管理事务\t50.00\t50.00\t
示范局服务中心2025年部门预算
部门支出总表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
\t合计\t120.00\t120.00\t
2080101\t行政运行\t100.00\t100.00\t
2080505\t机关事业单位基本养老保险缴费支出\t20.00\t20.00\t
部门收入总表
单位：万元
科目编码\t科目名称\t合计\t一般公共预算\t政府性基金
\t合计\t120.00\t120.00\t
2080101\t行政运行\t100.00\t100.00\t
2080505\t机关事业单位基本养老保险缴费支出\t20.00\t20.00\t
"""


def test_summary_by_unit_against_each_unit_set():
    # the 汇总 支出总表 prints each unit's classes under its row: those are that unit's, not a sum
    doc = read_text(BY_UNIT_SETS, "s.txt")
    assert [t.unit.code if t.unit else None for t in doc.tables] == [None, None, "305001", "305001", "305016",
                                                                     "305016"]
    assert _found(BY_UNIT_SETS, select=["A", "X"]) == set()
    # 2080101 is printed under both units in the 汇总: each against its own unit's row, not their sum
    text = _plant(BY_UNIT_SETS, "2080101\t行政运行\t100.00\t100.00", "2080101\t行政运行\t101.00\t101.00",
                  after="示范局服务中心2025年部门预算")
    found = check(read_text(text, "s.txt"), select=["X116"]).findings
    assert [(f.table, f.row, f.column, f.expected, f.actual, f.source.line) for f in found] == [
        ("expenditure", "2080101", c, "101.00", "100.00", 11) for c in ("total", "basic")]
    assert found[0].message == "汇总支出总表「2080101 行政运行」“合计”栏印为 100.00 万元，而示范局服务中心同表为 101.00 万元"


def test_render_keeps_each_unit_set_and_reads_back(tmp_path):
    """The 汇总 set, then each unit's set, each unit named on its tables' 编制单位 line: the workbook
    and the PDF read back with every fact under its unit and no finding on the tables."""
    from yusuan.read import read_file
    from yusuan.render.layout import layouts
    from yusuan.render.pdf import pdf
    from yusuan.render.xlsx import xlsx
    doc = read_text(DEPT, "dept.txt")
    laid = layouts(doc)
    assert [t.preparer for t in laid][:8] == [None] * 8
    assert {t.preparer for t in laid[8:]} == {"305001-示范市人力资源和社会保障局（本级）", "305002-示范市社会保险事务中心"}
    assert laid[8].title.startswith(OWN.name)

    def by_unit(d):
        return sorted((r["unit_code"], r["table"], r["row_code"], r["column"], r["amount"]) for r in fact_rows(d))
    for name, data in (("dept.xlsx", xlsx(doc)), ("dept.pdf", pdf(doc))):
        path = tmp_path / name
        path.write_bytes(data)
        back = read_file(path)
        assert back.unit.code == BUREAU.code and {t.unit for t in back.tables} == {None, OWN, CENTRE}
        assert by_unit(back) == by_unit(doc)
        assert not check(back, select=("A", "X")).findings


def _with_unit_story(*sentences: str) -> str:
    """The department package with a 情况说明 of its own under the 本级 set's heading."""
    heading = "示范市人力资源和社会保障局（本级）2025年部门预算\n"
    assert DEPT.count(heading) == 1
    return DEPT.replace(heading, heading + "".join(s + "\n" for s in sentences))


def test_a_units_own_narrative_is_its_own():
    doc = read_text(_with_unit_story("一、部门基本情况", "本级负责全市人力资源和社会保障工作。", "二、收支预算总体情况",
                                     "本级2025年收入预算600.81万元，支出预算600.81万元。"), "t.txt")
    mine = [s for s in doc.sections if s.owner is not None]
    assert [(s.number, s.title, s.owner) for s in mine] == [("一、", "部门基本情况", OWN), ("二、", "收支预算总体情况", OWN)]
    assert {c.amount for c in doc.claims if c.owner == OWN} == {D("600.81")}
    assert all(s.owner is None for s in doc.sections[:len(doc.sections) - 2])  # the package's narrative
    assert [r.name for r in doc.table("gov_fund_expenditure").rows] == ["合计"]  # no narrative line in a table
    assert not check(doc, select=("N", "R")).findings  # 600.81 is the 本级's own total, not the 部门's


def test_a_units_narrative_is_checked_against_its_own_tables():
    text = _with_unit_story("二、收支预算总体情况", "本级2025年收入预算610.81万元。")
    doc = read_text(text, "t.txt")
    [f] = check(doc, select=("N",)).findings
    assert (f.code, f.expected, f.actual) == ("N101", "600.81", "610.81")
    assert f.source.line == text.splitlines().index("本级2025年收入预算610.81万元。") + 1
    assert document_dict(doc)["narrative"]["sections"][-1]["owner"]["code"] == OWN.code


def test_a_stale_table_in_one_set_hides_nothing_in_another():
    """X120 folds a last-year table's X10x findings into one, in that unit's set only: the 本级's
    财政拨款收支总表 is last year's; the 汇总's of the same kind has an error of its own (X104)."""
    lines = DEPT.splitlines()
    start = lines.index("示范市人力资源和社会保障局（本级）2025年部门预算")
    own = next(i for i in range(start, len(lines)) if lines[i] == "财政拨款收支总表")
    for i in range(own, own + 9):
        lines[i] = (lines[i].replace("一、本年收入\t600.81", "一、本年收入\t590.81")
                    .replace("（一）一般公共预算拨款\t600.81", "（一）一般公共预算拨款\t580.81")
                    .replace("（二）政府性基金预算拨款\t", "（二）政府性基金预算拨款\t10.00"))
    lines[start + 1:start + 1] = ["二、收支预算总体情况", "本级2025年财政拨款收入600.81万元，比上年增加10.00万元；"
                                  "一般公共预算拨款收入600.81万元，比上年增加20.00万元。"]
    summary = lines.index("一、本年收入\t1,095.86\t一、社会保障和就业支出\t1,000.46\t1,000.46\t")
    lines[summary] = lines[summary].replace("1,000.46\t1,000.46", "1,000.46\t1,010.46")
    found = [f for f in check(read_text("\n".join(lines), "t.txt"), select=("X",)).findings if f.code != "X116"]
    assert [(f.code, f.row, f.column, f.source.line) for f in found] == [
        ("X104", "208", "general_budget", summary + 1), ("X120", None, None, own + 3)]


def test_each_unit_set_needs_its_eight_tables():
    """C101 per set: the 中心's set lacks its 政府性基金预算支出表, which the 汇总 and the 本级 have."""
    lines = DEPT.splitlines()
    start = lines.index("示范市社会保险事务中心2025年部门预算")
    first = next(i for i in range(start, len(lines)) if lines[i] == "政府性基金预算支出表")
    end = next((i for i in range(first + 1, len(lines)) if not lines[i].strip()), len(lines))  # the last table
    doc = read_text("\n".join(lines[:first] + lines[end:]), "t.txt")
    [f] = check(doc, select=("C101",)).findings
    assert (f.table, f.message) == ("gov_fund_expenditure", "示范市社会保险事务中心缺少政府性基金预算支出表（“8张表”之一）")
    assert not check(read_text(DEPT, "t.txt"), select=("C101",)).findings


def test_compare_years_matches_rows_unit_by_unit(tmp_path):
    """A 部门 package whose next year prints the same figures with its units' sets in the other
    order: each unit's rows are compared with the same unit's, so nothing changed."""
    from storedb import engine_for, store_files

    from yusuan.compare import compare
    from yusuan.store import query as q
    lines = DEPT.splitlines()
    own = lines.index("示范市人力资源和社会保障局（本级）2025年部门预算")
    centre = lines.index("示范市社会保险事务中心2025年部门预算")
    swapped = "\n".join(lines[:own] + lines[centre:] + [""] + lines[own:centre]).replace("2025", "2026")
    (tmp_path / "a.txt").write_text(DEPT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(swapped, encoding="utf-8")
    engine = engine_for(f"sqlite:///{tmp_path / 's.db'}")
    store_files(engine, [tmp_path / "a.txt", tmp_path / "b.txt"])
    with engine.connect() as conn:
        [u] = q.find_units(conn, "305")
        c = compare(q.budget(conn, u, 2025), q.budget(conn, u, 2026), "2025", "2026")
    assert {x.status for x in c.lines} == {"same"} and len(c.lines) > 300


def _with_projects(centre_amount: str) -> str:
    """The department package with one project form per unit (本级 60.00, 中心 ``centre_amount``)."""
    from test_rules import project
    forms = [project(code=code, name=name, amount=amount, own=amount, overview=f"{name}{amount}万元。")
             .replace("2024年", "2025年").replace("212002-某单位", unit)
             for code, name, amount, unit in (
                 ("50011025T000000000001", "就业服务专项", "60.00", "305001-示范市人力资源和社会保障局（本级）"),
                 ("50011025T000000000002", "社保经办专项", centre_amount, "305002-示范市社会保险事务中心"))]
    return DEPT + "\n" + "\n\n".join(forms).replace("|", "\t") + "\n"


def test_each_unit_set_covers_its_own_projects():
    """X113 per set: the 汇总 against every project (60 + 120 = 180), each unit against those it declares."""
    doc = read_text(_with_projects("120.00"), "t.txt")
    assert [p.unit for p in doc.projects] == ["305001-示范市人力资源和社会保障局（本级）", "305002-示范市社会保险事务中心"]
    assert [len(g.doc.projects) for g in Context(doc).groups] == [2, 1, 1]
    assert not check(doc, select=("X113",)).findings
    found = check(read_text(_with_projects("110.00"), "t.txt"), select=("X113",)).findings
    assert sorted((f.expected, f.actual) for f in found) == [("120.00", "110.00"), ("180.00", "170.00")]
