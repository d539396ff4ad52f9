"""The ledger (Document → entries with their dimensions) and derive (ledger → tables): on every seed and
corpus package, each consistent table made again from the ledger agrees with the printed table cell
for cell; small inline tables for the dimensions a cell gets; the ``ledger`` command's contract."""
from __future__ import annotations

import csv
import io
import json
import pickle
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.catalog.specs import spec
from yusuan.derive import Asking, cells, derive, says
from yusuan.ledger.build import ledger_of, row_selection, table_entries
from yusuan.read import read_file
from yusuan.ledger import build_ledger
from yusuan.model import Status
from yusuan.report import Severity
from yusuan.rules import check
from yusuan.serialize import LEDGER_COLUMNS

from test_rules import FISCAL_CARRY, Inline, found

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "examples" / "disclosures").glob("*.txt"))
CORPUS = sorted(p for p in (ROOT.parent / "shared" / "corpus").glob("*.*") if p.suffix != ".md")


def _printed(t):
    return {(r.code or r.name, c.column): c.value for r in t.rows for c in r.cells
            if c.column and c.status is Status.NUMBER}


def _consistent_tables(doc):
    """The derivable tables on which no arithmetic error is reported (A errors: the table disagrees
    with itself, and no derivation can agree with all of it)."""
    wrong = {f.table for f in check(doc).findings if f.code[0] == "A" and f.severity is Severity.ERROR}
    return [t for t in doc.tables if spec(t.kind).derive and t.kind not in wrong]


# the derived cells of every consistent table, per package: none disagrees, and all are derived but
# those the ledger cannot answer, which are left out, never guessed (004: 36 of 183, the 部门's row over
# its unit, the 其中：财政拨款 memo and an empty fund's 0.00 total; 福利院: 4 of 185, the row of a code
# printed wrong, 71102, which no sum of classes takes either)
EXPECTED = {"000": 145, "001": 157, "002": 279, "003": 251, "004": 147,
            "shanghai-putuo-fuliyuan-2024-unit-budget.pdf": 181,
            "shanghai-putuo-guihua-ziyuan-ju-2024-dept-final.pdf": 217,
            "shanghai-putuo-shehui-gongzuobu-2024-dept-final.pdf": 145,
            "shanghai-putuo-wanli-jiedao-2023-dept-budget.pdf": 638,
            "shanghai-putuo-wanli-jiedao-2024-dept-budget.pdf": 875}


@pytest.mark.parametrize("path", SEEDS + CORPUS, ids=lambda p: p.name[:3] if p in SEEDS else p.name)
def test_each_consistent_table_derived_from_the_ledger_equals_the_printed_table(path):
    doc = read_file(path)
    ledger = build_ledger(doc)
    derived = 0
    for t in _consistent_tables(doc):
        printed = _printed(t)
        got = cells(ledger, t)
        assert [(k, printed[k], v.value) for k, v in got.items() if not v.agrees(printed[k])] == [], t.kind
        derived += len(got)
    assert derived == EXPECTED.get(path.name[:3] if path in SEEDS else path.name, 0)


def test_the_ledger_of_a_seed_holds_its_amounts_with_what_they_are(seed):
    ledger = build_ledger(seed("003"))
    by = {(e.basis, e.row, e.column): e for e in ledger.entries}
    e = by[("general_expenditure", "2080101", "basic")]
    assert (e.amount, dict(e.dims)) == (Decimal("530.70"), {
        "fund": "general_budget", "function": "2080101", "purpose": "basic", "side": "spending",
        "period": "current", "measure": "budget"})
    assert e.source.line is not None and e.unit == "万元"
    assert dict(by[("basic_expenditure", "30101", "personnel")].dims)["staff"] == "personnel"
    assert dict(by[("fiscal_summary", "in.soe", "total")].dims) == {
        "side": "income", "fund": "soe", "period": "current", "measure": "budget"}
    assert by[("three_public", "total", "prior_year.vehicle_operation")].dim("period") == "prior_year"
    # the 经济分类 款 that is a “三公” item says which (the 基本支出 part of that item)
    assert [(k[1], e.dim("item")) for k, e in by.items() if k[0] == "basic_expenditure" and e.dim("item")] == [
        ("30217", "reception"), ("30231", "vehicle_operation")]
    # only leaves: no 类 or 合计 row, no 合计 column of the 一般公共预算 table is an entry
    assert not [k for k in by if k[0] == "general_expenditure" and (k[1] in ("208", "total") or k[2] == "total")]
    spent = sum(e.amount for e in ledger.entries if e.basis == "general_expenditure" and e.dim("period") == "current")
    assert spent == Decimal("1293.40")  # 基本支出 719.83 + 项目支出 573.57, as the 合计 row prints


def test_a_department_code_printed_under_two_government_codes_is_two_rows_of_the_ledger(seed):
    # Henan's 支出经济分类汇总表 prints 30201 办公费 under 50201 and under 50502: each row is its own
    # (gov_economic), and a question for 30201 alone is both
    doc = seed("004")
    ledger, t = build_ledger(doc), doc.table("economic_summary")
    ask = Asking(ledger, None, t.amount_unit, ("economic_summary",), printed=True)
    rows = [r for r in t.rows if r.code == "30201"]
    assert [(dict(r.extra)["gov_code"], ask.cell(t.kind, row_selection(t, r), "total")[0].value) for r in rows] == [
        ("50201", Decimal("71.68")), ("50502", Decimal("37.47"))]
    assert ask.cell(t.kind, {"economic": "30201"}, "total")[0].value == Decimal("109.15")
    assert LEDGER_COLUMNS[-1] == "gov_economic"  # added at the end: the contract's columns keep their places


def test_derive_lays_out_the_standard_table_from_the_ledger(seed):
    doc = seed("003")
    t = derive(build_ledger(doc), "general_expenditure")
    printed = doc.table("general_expenditure")
    assert [r.code for r in t.rows] == [r.code for r in printed.rows]
    assert t.columns == ("prior_year", "total", "basic", "project")  # as the seed prints it, last year first
    mine = {(r.code, c.column): c.value for r in t.rows for c in r.cells}
    assert mine[("2080101", "basic")] == Decimal("530.70") and mine[("208", "total")] == Decimal("1213.45")
    assert mine[("total", "total")] == Decimal("1293.40")
    assert mine[("2080101", "prior_year")] == {(r.code, c.column): c.value for r in printed.rows
                                               for c in r.cells}[("2080101", "prior_year")]
    assert [r.name for r in t.rows][:3] == ["合计", "社会保障和就业支出", "人力资源和社会保障管理事务"]


def test_a_table_compared_with_the_rest_of_the_package_shows_the_tables_that_disagree(seed):
    """002's 财政拨款收支总表 is last year's (X120): made from its other tables, its 一般公共预算 spending
    is this year's 2,023.58, not the printed 1,945.44."""
    doc = seed("002")
    t = doc.table("fiscal_summary")
    got = cells(build_ledger(doc), t, exclude_self=True)
    assert got[("out.current", "general_budget")].value == Decimal("2023.58")
    assert not got[("out.current", "general_budget")].agrees(Decimal("1945.44"))
    assert got[("208", "general_budget")].value == Decimal("1857.86")


def test_a_fiscal_summary_s_income_rows_and_carryovers_are_entries_by_fund():
    doc = Inline(FISCAL_CARRY).doc  # 本年收入 130, 上年结转 10 (一般公共预算), 结转下年 10
    ledger = build_ledger(doc)
    entries = {e.row: (e.amount, dict(e.dims)) for e in ledger.entries}
    assert entries["in.general_budget"][1] == {"side": "income", "fund": "general_budget", "period": "current",
                                               "measure": "budget"}
    assert entries["in.carryover.general_budget"] == (Decimal("10.00"), {
        "side": "income", "flow": "carryover", "fund": "general_budget", "period": "current", "measure": "budget"})
    assert entries["208"] == (Decimal("80.00"), {"side": "spending", "function": "208", "fund": "general_budget",
                                                 "period": "current", "measure": "budget"})
    assert entries["out.carry_forward"][1]["flow"] == "carry_forward"
    got = cells(ledger, doc.table("fiscal_summary"))
    assert got[("in.current", "total")].value == Decimal("130.00")  # this year's income: the carryover apart
    assert got[("in.total", "total")].value == Decimal("140.00")
    assert got[("out.current", "general_budget")].value == Decimal("100.00")  # 208 + 210, the carry-forward apart
    assert got[("out.total", "total")].value == Decimal("140.00")


def test_a_cell_that_could_not_be_read_is_no_entry_and_is_listed():
    doc = Inline("""
        某单位一般公共预算支出表
        单位：万元
        科目编码|科目名称|合计|基本支出|项目支出
        |合计|#####|80.00|20.00
        201|一般公共服务支出|#####|80.00|20.00
        20101|人大事务|#####|80.00|20.00
        2010101|行政运行|#####|80.00|20.00
    """).doc
    ledger = build_ledger(doc)
    assert [(e.row, e.column) for e in ledger.entries] == [("2010101", "basic"), ("2010101", "project")]
    got = cells(ledger, doc.table("general_expenditure"))
    assert got[("201", "basic")].value == Decimal("80.00")
    assert ("201", "total") not in got  # a lost value is never checked as if it were blank


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "yusuan.cli", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT)


def test_the_ledger_command_prints_the_contract_for_every_seed_and_corpus_file():
    done = _cli("ledger", *SEEDS, *CORPUS)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert tuple(rows[0]) == LEDGER_COLUMNS
    files = {Path(r["file"]).name for r in rows}
    assert {p.name for p in SEEDS} <= files and "shanghai-putuo-wanli-jiedao-2024-dept-budget.pdf" in files
    row = next(r for r in rows if r["file"].endswith("003_125ac91881a2613a.txt") and r["table"] == "basic_expenditure"
               and r["row_code"] == "30101")
    assert (row["economic"], row["purpose"], row["fund"], row["amount"], row["amount_unit"]) == \
        ("30101", "basic", "general_budget", "116.88", "万元")


def test_the_ledger_as_json_carries_projects_and_claims(seed_file):
    done = _cli("ledger", seed_file("003"), "--format", "json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["unit"]["code"] == "124" and out["year"] == 2024 and out["kind"] == "budget"
    assert len(out["entries"]) == len(build_ledger(read_file(seed_file("003"))).entries)
    assert out["claims"] and {"amount", "subject", "text"} <= set(out["claims"][0])


def test_a_value_in_no_column_makes_what_is_derived_through_it_unknown_not_blank():
    """A row whose values the reader could not place (R004) is in the ledger as not known: a table made
    from it says nothing for that row and its sums, rather than taking it as blank."""
    doc = Inline("""
        某单位一般公共预算支出表
        单位：万元
        科目编码|科目名称|合计|基本支出|项目支出
        |合计|100.00|80.00|20.00
        201|一般公共服务支出|100.00|80.00|20.00
        20101|人大事务|100.00|80.00|20.00
        2010101|行政运行|60.00|60.00|
        2010102|一般行政管理事务|40.00|20.00|20.00
    """).doc
    t = doc.table("general_expenditure")
    row = t.row("2010102")
    lost = replace(row, cells=tuple(replace(c, column=None) if c.column == "basic" else c for c in row.cells))
    ledger = build_ledger(replace(doc, tables=(replace(t, rows=tuple(lost if r is row else r for r in t.rows)),)))
    assert [(e.row, e.column) for e in ledger.unread] == [("2010102", "")]
    got = cells(ledger, replace(t, rows=tuple(lost if r is row else r for r in t.rows)))
    assert got[("2010101", "basic")].value == Decimal("60.00")
    # the row, and every sum over it, is not known: where its lost value goes is not known
    assert not {("2010102", "project"), ("201", "basic"), ("201", "project"), ("total", "total")} & set(got)


# a 决算's 基本支出 printed twice: the 一般公共预算 table's 合计 and the 基本支出 table's 人员经费合计 +
# 公用经费合计; the 301 rows carry a rounding tail (10.00 + 5.00 printed for 15.01)
FINAL_GENERAL = """
    一般公共预算财政拨款支出决算表
    单位：万元
    科目编码|科目名称|年初预算数|全年预算数|决算数|||完成全年预算（%）
    ||||合计|基本支出|项目支出|
    |合计|17.01|17.01|17.01|{basic}||100.00
    208|社会保障和就业支出|17.01|17.01|17.01|{basic}||100.00
    20801|人力资源和社会保障管理事务|17.01|17.01|17.01|{basic}||100.00
    2080101|行政运行|17.01|17.01|17.01|{basic}||100.00
"""
FINAL_BASIC = """
    一般公共预算财政拨款基本支出决算表
    单位：万元
    人员经费|||公用经费||
    科目编码|科目名称|决算数|科目编码|科目名称|决算数
    301|工资福利支出|{wages}|302|商品和服务支出|2.00
    30101|基本工资|{basic_wage}|30201|办公费|2.00
    30102|津贴补贴|{allowance}|||
    人员经费合计||{personnel}|公用经费合计||2.00
"""


def _final_basic(basic="17.01", wages="15.01", basic_wage="10.00", allowance="5.00", personnel="15.01"):
    return Inline(FINAL_GENERAL.format(basic=basic), FINAL_BASIC.format(
        wages=wages, basic_wage=basic_wage, allowance=allowance, personnel=personnel))


def _basic_from_the_basic_table(doc):
    ledger, g = build_ledger(doc), doc.table("final_general_expenditure")
    got = Asking(ledger, None, "万元", ("final_basic_expenditure",), printed=True).cell(g.kind, {}, "basic")
    return got and got[0]


def test_the_printed_totals_of_a_column_s_parts_answer_for_it_not_the_sum_of_their_rows():
    """A printed total is a fact: the 基本支出 the 基本支出 table prints is 人员经费合计 + 公用经费合计, 15.01 +
    2.00 within their half-cents, not its rows' 17.00; so the 一般公共预算 table's 17.01 agrees with it."""
    inline = _final_basic()
    got = _basic_from_the_basic_table(inline.doc)
    assert (got.value, got.slack, got.parts, got.unread) == (Decimal("17.01"), Decimal("0.010"), 2, False)
    assert not found(inline, "X130")
    # judged by the intervals: 17.02 is within 17.01 ± 0.010 and its own ± 0.005; 17.03 is not
    assert [(f.severity, f.expected, f.actual) for f in found(_final_basic(basic="17.02"), "X130")] == \
        [(Severity.INFO, "17.01", "17.02")]
    assert [(f.severity, f.expected, f.actual) for f in found(_final_basic(basic="17.03"), "X130")] == \
        [(Severity.ERROR, "17.01", "17.03")]


def test_a_total_lost_with_no_row_printed_under_it_is_not_known_not_nothing():
    """The 人员经费合计 lost (#####) and no 人员经费 row read: the 基本支出 table's 基本支出 is not known, not its
    公用经费 alone; X130 says nothing of it (counted as skipped) rather than comparing 17.01 with 2.00."""
    inline = _final_basic(wages="", basic_wage="", allowance="", personnel="#####")
    ledger = build_ledger(inline.doc)
    assert [(e.row, e.column) for e in ledger.unread] == [("total", "personnel")]
    assert _basic_from_the_basic_table(inline.doc).unread
    report = check(inline.doc, select=["X130"])
    assert not report.findings and report.skipped == {"X130": 1}
    # with its rows printed, the lost total is made again from them (and judged by their intervals)
    inline = _final_basic(personnel="#####")
    assert not build_ledger(inline.doc).unread
    got = _basic_from_the_basic_table(inline.doc)
    assert (got.value, got.slack, got.unread) == (Decimal("17.00"), Decimal("0.015"), False)
    assert [(f.severity, f.expected, f.actual) for f in found(inline, "X130")] == [(Severity.INFO, "17.00", "17.01")]


def test_a_table_without_its_total_row_totals_its_printed_classes():
    """No 合计 row: the table's total is what it prints for its 类 rows (10.01 + 2.00), not its 项 rows' 12.00."""
    doc = Inline("""
        某单位一般公共预算支出表
        单位：万元
        科目编码|科目名称|合计|基本支出|项目支出
        201|一般公共服务支出|10.01|10.01|
        20101|人大事务|10.01|10.01|
        2010101|行政运行|5.00|5.00|
        2010102|一般行政管理事务|5.00|5.00|
        208|社会保障和就业支出|2.00|2.00|
        20801|人力资源和社会保障管理事务|2.00|2.00|
        2080101|行政运行|2.00|2.00|
    """).doc
    t, ledger = doc.table("general_expenditure"), build_ledger(doc)
    assert says.total(ledger, t, "total") == Decimal("12.01")
    got = Asking(ledger, None, "万元", (t.kind,), printed=True).cell(t.kind, {}, "basic")[0]
    assert (got.value, got.slack, got.parts) == (Decimal("12.01"), Decimal("0.010"), 2)
    assert {c: v for c, (v, _) in says.classes(ledger, t, "total").items()} == {"201": Decimal("10.01"),
                                                                              "208": Decimal("2.00")}


def test_a_document_s_ledger_and_a_table_s_entries_are_made_once_and_never_stored_with_it(seed_file):
    doc = read_file(seed_file("003"))
    ledger = ledger_of(doc)
    assert ledger_of(doc) is ledger and ledger == build_ledger(doc)
    t = doc.table("basic_expenditure")
    assert table_entries(t) is table_entries(t)
    unit_set = replace(doc, tables=doc.tables[:3])  # a unit's set shares its tables with the package
    assert all(table_entries(x) is table_entries(y) for x, y in zip(unit_set.tables, doc.tables))
    again = pickle.loads(pickle.dumps(doc))
    assert again == doc and "_made" not in again.__dict__ and "_made" not in again.tables[0].__dict__
