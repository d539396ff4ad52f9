"""编制: a package prepared from entries (JSON). Every standard table derived from the entries' ledger,
the narrative stating the numbers, the package checked as it will be published, each kind of
problem in the entries reported at its place with exit code 1, and the round trip: reading what
``prepare`` wrote gives back the tables the entries make."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import seed_path

from yusuan.derive import cells
from yusuan.read import read_file
from yusuan.ledger import build_ledger, facts
from yusuan.prepare.ledger import entries_ledger
from yusuan.prepare.load import entries as load_entries
from yusuan.prepare.package import package
from yusuan.prepare.run import prepare
from yusuan.render.narrative import markdown

ROOT = Path(__file__).resolve().parents[1]
ENTRIES = ROOT / "examples" / "entries" / "demo-unit-2025.json"
PRIOR = ROOT / "examples" / "entries" / "demo-unit-2024.json"
DATA = json.loads(ENTRIES.read_text(encoding="utf-8"))


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "yusuan.cli", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT)


def _table(doc, kind):
    t = doc.table(kind)
    return {(r.code, c.column): c.value for r in t.rows for c in r.cells}


def test_every_standard_table_is_derived_from_the_entries():
    doc, _ = package(load_entries(DATA, "e.json"))
    assert [t.kind for t in doc.tables] == ["summary", "revenue", "expenditure", "fiscal_summary", "general_expenditure",
                                            "basic_expenditure", "three_public", "gov_fund_expenditure"]
    g = _table(doc, "general_expenditure")
    assert (g[("total", "total")], g[("total", "basic")], g[("total", "project")]) == (
        Decimal("850.00"), Decimal("600.00"), Decimal("250.00"))  # 基本 600 + 项目 230 + 20 (上年结转), all 一般公共预算
    assert g[("2080109", "project")] == Decimal("250.00") and ("223", "total") not in g  # 223 is 国有资本经营's
    f = _table(doc, "fiscal_summary")
    assert f[("in.general_budget", "total")] == Decimal("830.00") and f[("in.carryover.general_budget", "total")] == \
        Decimal("20.00")
    assert (f[("out.current", "general_budget")], f[("out.current", "soe")], f[("out.total", "total")]) == (
        Decimal("850.00"), Decimal("50.00"), Decimal("900.00"))
    r = _table(doc, "revenue")  # this year's income by class, apart from what the carry-over pays
    assert (r[("208", "general_budget")], r[("208", "carryover")], r[("223", "soe")]) == (
        Decimal("760.00"), Decimal("20.00"), Decimal("50.00"))
    b = _table(doc, "basic_expenditure")  # 人员 or 公用 follows from the economic code
    assert (b[("total", "personnel")], b[("total", "public")], b[("30217", "public")]) == (
        Decimal("550.00"), Decimal("50.00"), Decimal("2.00"))
    t = _table(doc, "three_public")
    assert (t[("total", "total")], t[("total", "vehicles")]) == (Decimal("10.00"), Decimal("8.00"))
    assert [r.name for r in doc.table("basic_expenditure").rows][:3] == ["合计", "工资福利支出", "基本工资"]  # the catalog's


def test_the_narrative_states_the_computed_numbers_and_the_changes_on_last_year():
    done = prepare(str(ENTRIES), prior=str(PRIOR))
    text = markdown(done.doc, done.prior)
    assert "2025年收入预算900.00万元，比2024年增加8.00万元，增长0.90%" in text
    assert "一般公共预算拨款收入830.00万元，比2024年减少12.00万元，下降1.43%" in text
    assert "公务接待费2.00万元，比2024年减少1.00万元，下降33.33%" in text
    assert "负责本区社会保险登记" in text  # what only people know, from the entries' texts
    assert "【待填写：主要项目及用途】" in text  # and asked for where they gave none
    # the “三公” counts the entries give are stated, the split only people know is asked for
    assert "本单位共有车辆2辆，其中一般公务用车【待填写：数量】辆" in text and "安排购置车辆0辆" in text


def test_the_prepared_package_reads_back_to_the_same_tables_and_is_clean():
    done = prepare(str(ENTRIES), prior=str(PRIOR))
    assert [f for f in done.report.findings if f.severity.value != "info"] == []
    mine = {(f.table, f.row_code, f.column, f.amount) for f in facts(done.doc)}
    back = {(f.table, f.row_code, f.column, f.amount) for f in facts(done.read_back)}
    assert mine == back and len(mine) > 150
    # the ledger read from the written workbook gives every table of the entries' ledger again
    ledger = build_ledger(done.read_back)
    for t in done.doc.tables:
        got = cells(ledger, t)
        assert all(v.agrees(c.value) for r in t.rows for c in r.cells if (v := got.get((r.code, c.column)))), t.kind


def _broken(change):
    data = copy.deepcopy(DATA)
    change(data)
    return load_entries(data, "entries.json")


@pytest.mark.parametrize("change, code, where, words", [
    (lambda d: d["basic"][2].update(amount="四十"), "E101", "/basic/2/amount", "不是金额"),
    (lambda d: d["basic"][0].update(function="2089988"), "E102", "/basic/0/function", "2089988"),
    (lambda d: d["basic"][3].update(economic="38888"), "E103", "/basic/3/economic", "38888"),
    (lambda d: d["projects"][2].update(indicators=[]), "E104", "/projects/2/indicators", "企业退休人员社会化管理补助"),
    (lambda d: d["projects"][0]["indicators"][0].update(weight="20"), "E105", "/projects/0/indicators", "90"),
    (lambda d: d["three_public"].append({"key": "vehicle_purchase_count", "amount": "1"}), "E106",
     "/three_public/5/amount", "公务用车购置费"),
    (lambda d: d["projects"][1].update(name=""), "E107", "/projects/1/name", "项目名称"),
    (lambda d: d["income"][0].update(amount="800.00"), "E108", "/income", "870.00"),
])
def test_each_kind_of_error_in_the_entries_is_reported_at_its_place(change, code, where, words):
    found = [f for f in _broken(change).findings]
    assert [(f.code, f.source.cell) for f in found] == [(code, where)]
    assert words in found[0].message


def test_prepare_blocks_on_errors_unless_forced(tmp_path):
    bad = copy.deepcopy(DATA)
    bad["basic"][0]["economic"] = "38888"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.xlsx"
    done = _cli("prepare", path, "-o", out, "-q")
    assert done.returncode == 1 and not out.exists()
    assert f"{path}:/basic/0/economic: 错误 [E103]" in done.stderr.replace("\\", "/")
    assert _cli("prepare", path, "-o", out, "-q", "--force").returncode == 0 and out.stat().st_size > 10_000


def test_prepare_writes_each_format(tmp_path):
    for fmt in ("xlsx", "html", "md", "json"):
        out = tmp_path / f"p.{fmt}"
        done = _cli("prepare", ENTRIES, "--prior", PRIOR, "-o", out, "-q")
        assert done.returncode == 0, done.stderr
    assert "示例区社会保险事务中心" in (tmp_path / "p.md").read_text(encoding="utf-8")
    assert json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))["unit"]["code"] == "901001"
    doc = read_file(tmp_path / "p.xlsx")
    assert {t.kind for t in doc.tables} >= {"fiscal_summary", "general_expenditure", "three_public"}


def test_the_entries_ledger_carries_what_each_amount_is():
    ledger = entries_ledger(load_entries(DATA, "e.json"))
    by = {(e.row, e.row_name, e.column): dict(e.dims) for e in ledger.entries}
    assert by[("2080109", "30101", "basic")]["staff"] == "personnel"  # 人员 or 公用 by the economic code
    assert by[("2080109", "30201", "basic")]["staff"] == "public"
    assert by[("2230105", "企业退休人员社会化管理补助", "project")]["fund"] == "soe"
    assert by[("2080109", "社会保险档案数字化", "project")]["funded"] == "carryover"
    assert {e.basis for e in ledger.entries} == {"entries", "three_public"}  # the 三公 items: a view of their own


# --- the entry workbook and the published schema --------------------------------------------------------
SCHEMA = json.loads((ROOT / "src" / "yusuan" / "prepare" / "entries.schema.json").read_text(encoding="utf-8"))


def test_the_entries_follow_the_published_schema(seed):
    import jsonschema

    from yusuan.prepare.from_package import entries_as_data, entries_from

    jsonschema.validate(DATA, SCHEMA)
    jsonschema.validate(entries_as_data(load_entries(DATA, "e.json")), SCHEMA)
    jsonschema.validate(json.loads(json.dumps(entries_from(seed("003")))), SCHEMA)


def test_the_entry_workbook_reads_back_to_the_same_entries(tmp_path):
    done = _cli("template", "--from", ENTRIES, "-o", tmp_path / "entries.xlsx")
    assert done.returncode == 0, done.stderr
    from yusuan.prepare.workbook_reader import load_workbook
    mine, back = load_entries(DATA, "e.json"), load_workbook(str(tmp_path / "entries.xlsx"))
    assert back.findings == ()
    assert sorted((e.amount, e.dims) for e in entries_ledger(back).entries) == \
        sorted((e.amount, e.dims) for e in entries_ledger(mine).entries)
    assert (back.texts, [p.name for p in back.projects], len(back.indicators)) == \
        (mine.texts, [p.name for p in mine.projects], 2)


def test_an_error_in_the_workbook_is_reported_at_its_sheet_and_cell(tmp_path):
    import openpyxl

    book = tmp_path / "entries.xlsx"
    assert _cli("template", "--from", ENTRIES, "-o", book).returncode == 0
    wb = openpyxl.load_workbook(book)
    wb["基本支出"]["B5"] = "38888"  # the third line's 经济分类
    wb["绩效指标"]["H2"] = 10  # the first project's first weight: 30 → 10
    wb.save(book)
    done = _cli("prepare", book, "-o", tmp_path / "out.xlsx", "-q")
    assert done.returncode == 1 and not (tmp_path / "out.xlsx").exists()
    lines = [line.replace(str(book), "B") for line in done.stderr.splitlines() if "[E" in line]
    assert lines[0].startswith("B:基本支出!B5: 错误 [E103]") and "38888" in lines[0]
    assert any(line.startswith("B:项目!B3: 错误 [E105]") and "80" in line for line in lines)


def test_an_empty_template_has_every_sheet_with_its_lists():
    from python_calamine import CalamineWorkbook

    from yusuan.prepare.workbook import template
    path = ROOT / "build" / "empty-entries.xlsx"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(template())
    names = CalamineWorkbook.from_path(str(path)).sheet_names
    assert names == ["填表说明", "单位信息", "收入", "科目", "基本支出", "项目", "上缴经营补助支出", "项目经济分类", "绩效指标", "三公经费", "其他",
                     "政府采购", "上年数", "情况说明"]
    codes = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("科目").to_python()
    assert ["2080109", "社会保险经办机构"] == [str(c) for c in codes[[str(r[0]) for r in codes].index("2080109")][:2]]


def test_a_published_package_becomes_entries_that_give_back_its_tables(seed):
    """--from a package: the basic spending split so that both the 一般公共预算 and the 基本支出 tables come
    back, their rounding tails too (the leaves in 元, within their intervals); what the package cannot
    say (its projects beyond the forms) left for the officer, and said."""
    from yusuan.prepare.from_package import entries_from

    doc = seed("003")
    e = load_entries(json.loads(json.dumps(entries_from(doc))), "from-003.json")
    said = sorted((f.code, f.source.cell) for f in e.findings)
    assert said == [("E104", "/projects/3/indicators"), ("E104", "/projects/4/indicators"),
                    ("E104", "/projects/5/indicators"), ("E105", "/projects/0/indicators"),
                    ("E105", "/projects/1/indicators"), ("E105", "/projects/2/indicators")]  # weights of 90: 003's
    prepared, _ = package(e, "chongqing")
    g, b = _table(prepared, "general_expenditure"), _table(prepared, "basic_expenditure")
    printed_g, printed_b = _table(doc, "general_expenditure"), _table(doc, "basic_expenditure")
    leaves_g = [k for k in printed_g if len(k[0]) == 7 and k[1] != "prior_year"]  # last year: no entry
    assert all(g[k] == printed_g[k] for k in leaves_g)  # every 项 of the 一般公共预算 table, exactly
    assert all(b[k] == printed_b[k] for k in printed_b if len(k[0]) == 5)  # every 款 of the 基本支出 table


def test_the_region_of_the_entries_lays_the_package_out(tmp_path):
    book = tmp_path / "entries.xlsx"
    assert _cli("template", "--from", ENTRIES, "--region", "chongqing", "-o", book).returncode == 0
    done = prepare(str(book), prior=str(PRIOR))
    assert done.region == "chongqing" and [t.kind for t in done.read_back.tables][:2] == [
        "fiscal_summary", "general_expenditure"]
    from yusuan.render.layout import layouts
    assert [x.number for x in layouts(done.doc, done.region)][:3] == ["表一", "表二", "表三"]
    assert [t.kind for t in done.doc.tables][-1] == "expenditure"  # no 政府采购 entries: no such table


def test_a_shanghai_package_prepared_for_shanghai_prints_its_titles_order_words_and_yuan(tmp_path):
    """A corpus package (上海市普陀区社会福利院, 2024) as entries, prepared --region shanghai: the tables in
    Shanghai's order and titles, in 元 (the “三公” table in 万元, with 机关运行经费), with Shanghai's header
    words, and the workbook it writes reads back to the same tables."""
    pdf = ROOT.parent / "shared" / "corpus" / "shanghai-putuo-fuliyuan-2024-unit-budget.pdf"
    entries = tmp_path / "sh.json"
    assert _cli("template", "--from", pdf, "--region", "shanghai", "-o", entries).returncode == 0
    done = prepare(str(entries))
    assert done.region == "shanghai"
    assert [(f.code, f.source.cell) for f in done.report.findings] == [("E104", "/projects/0/indicators")]  # no forms
    back = done.read_back
    assert [t.title.removeprefix("上海市普陀区社会福利院") for t in back.tables] == [
        "部门财务收支预算总表", "部门收入预算总表", "部门支出预算总表", "部门财政拨款收支预算总表",
        "部门一般公共预算支出功能分类预算表", "部门政府性基金预算支出功能分类预算表", "部门国有资本经营预算支出功能分类预算表",
        "部门一般公共预算基本支出部门预算经济分类预算表", "部门“三公”经费和机关运行经费预算表"]
    assert [t.amount_unit for t in back.tables] == ["元"] * 8 + ["万元"]
    three = back.table("three_public")
    assert three.column_labels[:2] == ("合计", "因公出国(境)费") and "operation_funds" in three.columns
    assert back.table("summary").columns == ("total", "personnel", "public", "project")
    mine = {(f.table, f.row_code, f.column, f.amount) for f in facts(done.doc)}
    assert mine == {(f.table, f.row_code, f.column, f.amount) for f in facts(back)} and len(mine) > 150
    original = read_file(pdf)  # and the same amounts as the package it came from, where that printed them
    printed = {(f.table, f.row_code, f.column): f.amount for f in facts(original) if f.table == "general_expenditure"}
    assert all(printed[k] == v for (t, *k2, v) in mine if t == "general_expenditure"
               for k in [(t, *k2)] if k in printed)


def test_seed_003_from_its_workbook_gives_back_every_table_fact(tmp_path, seed_file):
    """template --from the seed, prepare --to xlsx, facts: every fact of the seed, its two rounding tails
    too (210 卫生健康支出 printed 34.92 in every table, its items 25.91 + 4.16 + 4.86 = 34.93; 302 printed
    149.50, its 款 summing to 149.49): the entries are in 元 where the tails need it, each within half a cent
    of its printed value, and every printed cell is rounded from them. Beyond the seed: a form for each
    project it gives none (its X113: 685.01 万元 of projects without a form)."""
    book, out = tmp_path / "entries.xlsx", tmp_path / "package.xlsx"
    assert _cli("template", "--from", seed_file("003"), "--region", "chongqing", "-o", book).returncode == 0
    done = _cli("prepare", book, "-o", out, "-q", "--force")  # the seed's own errors (weights of 90) block it
    assert done.returncode == 0, done.stderr
    printed, mine = _fact_counts(read_file(seed_file("003"))), _fact_counts(read_file(out))
    assert printed - mine == {} and sum(printed.values()) == 262
    assert {k[:3] for k in mine - printed} == {("project_performance", "", "total"),
                                               ("project_performance", "", "local_funds")}
    from yusuan.prepare.workbook_reader import load_workbook
    lines = {(x.function, x.economic): x.amount for x in load_workbook(str(book)).basic}
    assert sum(v for (f, _), v in lines.items() if f.startswith("210")) == Decimal("34.9249")  # < 34.925
    assert all(v.as_tuple().exponent >= -4 for v in lines.values()) and len(lines) == 34


def test_a_tail_no_choice_can_print_is_said_not_forced():
    """Intervals that leave no choice: the printed values stay as they are (nothing is invented), and
    leaves() says so."""
    from yusuan.prepare.exact import leaves

    d = Decimal
    tree = {"a": ("total",), "b": ("total",)}
    assert leaves([({"a": d("1.00"), "b": d("2.00")}, tree, {"total": d("3.00")})]) == [{"a": d("1.00"), "b": d("2.00")}]
    got = leaves([({"a": d("1.00"), "b": d("2.00")}, tree, {"total": d("3.01")})])  # 3.005 ≤ Σ < 3.015
    assert got == [{"a": d("1.0049"), "b": d("2.0049")}]  # as near 3.01 as the leaves' intervals reach
    assert leaves([({"a": d("1.00"), "b": d("2.00")}, tree, {"total": d("3.02")})]) is None  # beyond ½ cent a leaf


def test_template_from_says_the_tails_its_entries_cannot_print(seed):
    """002's 合计 of the 一般公共预算 table is printed 2023.59, a cent over its 基本 and 项目 as printed and
    beyond what their intervals allow with the other tables: said where it is printed, as a warning (E110)."""
    from yusuan.prepare.from_package import entries_from

    from python_calamine import CalamineWorkbook

    from yusuan.prepare.workbook import template
    data = entries_from(seed("002"), "chongqing")
    said = data["findings"]
    assert all("警告 [E110]" in x for x in said) and len(said) == 11
    assert any("印出的 2023.59 与其组成部分之和（2023.5800）" in x and "general_expenditure total total" in x for x in said)
    assert "findings" not in entries_from(seed("003"), "chongqing")  # 003's tails are all printed again
    path = ROOT / "build" / "entries-002.xlsx"  # the workbook tells the officer, on its first sheet
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(template(data))
    first = [str(r[0]) for r in CalamineWorkbook.from_path(str(path)).get_sheet_by_name("填表说明").to_python()]
    assert sum(line.startswith("请核对：") and "[E110]" in line for line in first) == 11
    done = _cli("template", "--from", seed_path("002"), "-o", ROOT / "build" / "entries-002.json")
    assert done.returncode == 0 and done.stderr.count("[E110]") == 11  # and the command says them too


# the differences between a seed and the package prepared from it, by (table, row): each is one of the
# seed's known table errors (DOMAIN.md §2.5), and the prepared package has no A or X error
# 000-1 (302 Σ款 177.39, 人员 806.88) and 001-2 (301 Σ款 647.84) are rounding tails the entries in 元 print
ODD_001 = {(t, r) for t in ("fiscal_summary", "summary")  # 001-1: 208 is 3,649.83 in its 项; 4,284.87 the odd one
           for r in ("208", "in.current", "in.general_budget", "in.total", "out.current", "out.total")}
LAST_YEAR_002 = {("fiscal_summary", r) for r in (  # 002-1: its 表一 is the 2025 table
    "205", "208", "210", "221", "223", "in.carryover", "in.carryover.general_budget", "in.carryover.soe",
    "in.current", "in.general_budget", "in.soe", "in.total", "out.current", "out.total")}
TAIL_002 = {  # 002-7: its 基本支出 tails are printed again; its 合计 (2023.59, 2235.58) and 208 (1857.87) are a
    # cent over its 基本 and 项目 as printed, which no choice within the intervals makes (template --from says so)
    ("general_expenditure", "208"), ("general_expenditure", "total"), ("expenditure", "208"),
    ("expenditure", "total"), ("revenue", "208"), ("revenue", "total"), ("summary", "208"),
    ("summary", "in.general_budget"), ("summary", "in.total"), ("summary", "out.total")}


@pytest.mark.parametrize("number, differ, more", [
    # 000-2, 000-3, 001-3: its 收入总表 has no rows, its 支出总表 only 208: the prepared ones have them all;
    # and the 合计 row its 一般公共预算 table does not print
    ("000", set(), {"revenue", "expenditure", ("general_expenditure", "total")}),
    ("001", ODD_001, {"revenue", "expenditure", ("general_expenditure", "total")}),
    # 002-1 again: 213 (17.00, 退捕渔民) is new this year; and the 本年收入/支出合计 rows its 收支总表 lacks
    ("002", LAST_YEAR_002 | TAIL_002, {("fiscal_summary", "213"), ("summary", "in.current"), ("summary", "out.current")}),
])
def test_a_seed_with_known_errors_gives_a_consistent_package_that_differs_by_them_alone(seed, number, differ, more):
    from yusuan.prepare.from_package import entries_from
    from yusuan.rules import check

    doc = seed(number)
    e = load_entries(json.loads(json.dumps(entries_from(doc, "chongqing"))), f"from-{number}.json")
    prepared, _ = package(e)
    assert [f for f in check(prepared).findings if f.code[0] in "AX" and f.severity.value == "error"] == []
    forms = ("project_performance", "unit_performance")
    printed = {(f.table, f.row_code, f.column): f.amount for f in facts(doc) if f.table not in forms}
    mine = {(f.table, f.row_code, f.column): f.amount for f in facts(prepared) if f.table not in forms}
    assert {(t, r) for (t, r, c), v in printed.items() if mine.get((t, r, c)) != v} == differ
    extra = {(t, r) for (t, r, c) in mine if (t, r, c) not in printed}
    assert {x for x in extra if x[0] not in more} == {x for x in more if isinstance(x, tuple)}


def test_entries_of_a_wrong_shape_are_said_where_and_the_rest_loads():
    data = copy.deepcopy(DATA)
    data["basic"][1] = "30102 120.00"  # a line as text
    data["three_public"] = {"reception": "2.00"}  # an object for a list
    data["projects"][0]["indicators"] = "见附件"
    e = load_entries(data, "e.json")
    said = {(f.code, f.source.cell) for f in e.findings}
    assert {("E107", "/basic/1"), ("E107", "/three_public"), ("E107", "/projects/0/indicators")} <= said
    assert len(e.basic) == len(DATA["basic"]) - 1 and e.three_public == ()
    from yusuan.prepare.workbook import template
    assert template({**DATA, "year": "2025年"})[:2] == b"PK"  # a year of text: no catalog year, no crash



@pytest.mark.parametrize("code, change, where", [
    ("E101", {"基本支出": {"E5": "四十"}}, "基本支出!E5"),
    ("E102", {"基本支出": {"A3": "2089988"}}, "基本支出!A3"),
    ("E103", {"基本支出": {"B5": "38888"}}, "基本支出!B5"),
    ("E104", {"绩效指标": {f"A{r}": "另一个项目" for r in (8, 9)}}, "项目!B5"),
    ("E105", {"绩效指标": {"H2": 10}}, "项目!B3"),
    ("E106", {"三公经费": {"B7": 1}}, "三公经费!B7"),
    ("E107", {"项目": {"C4": None}}, "项目!C4"),
    ("E108", {"收入": {"B2": 800}}, "收入!B11"),
])
def test_each_kind_of_error_in_the_workbook_is_said_at_its_sheet_and_cell(tmp_path, code, change, where):
    import openpyxl

    book = tmp_path / "entries.xlsx"
    assert _cli("template", "--from", ENTRIES, "-o", book).returncode == 0
    wb = openpyxl.load_workbook(book)
    for sheet, values in change.items():
        for cell, value in values.items():
            wb[sheet][cell] = value
    wb.save(book)
    done = _cli("prepare", book, "-o", tmp_path / "out.xlsx", "-q")
    assert done.returncode == 1 and not (tmp_path / "out.xlsx").exists()
    said = [line.replace(str(book), "B") for line in done.stderr.splitlines() if f"[{code}]" in line]
    assert said and said[0].startswith(f"B:{where}: 错误 [{code}]"), done.stderr


def test_seed_004_prepared_for_henan_gives_back_its_spending_tables(seed):
    """Henan's 一般公共预算 and 支出总表 print 工资福利支出 … and 其他运转类 / 特定目标类 by 项, under the 部门's
    row: --from splits the lines within each class and type, and the Henan profile lays them out so."""
    from yusuan.prepare.from_package import entries_from

    doc = seed("004")
    e = load_entries(json.loads(json.dumps(entries_from(doc, "henan"))), "from-004.json")
    assert e.findings == () and e.department == "新乡市人力资源和社会保障局"
    prepared, _ = package(e)
    for kind in ("general_expenditure", "expenditure", "basic_expenditure", "three_public", "project_expenditure",
                 "summary", "fiscal_summary", "revenue", "gov_fund_expenditure"):
        assert _table(prepared, kind) == _table(doc, kind), kind
    assert [r.code for r in prepared.table("general_expenditure").rows][:3] == ["total", "unit:303", "2080109"]
    # the 收入预算表 by unit; the 其中：财政拨款 row; the 0.00 of a fund the unit has nothing of
    assert [r.code for r in prepared.table("revenue").rows] == ["total", "unit:303", "unit:303016"]
    assert prepared.table("summary").row("in.fiscal_appropriation").value("total") == Decimal("11436.06")
    assert _table(prepared, "gov_fund_expenditure")[("total", "project")] == Decimal("0.00")
    # the 支出经济分类汇总表 from each project's economic classes: 劳务费 under two 政府预算 款, as printed
    rows = [(r.code, dict(r.extra).get("gov_code"), r.value("total")) for r in prepared.table("economic_summary").rows]
    printed = [(r.code, dict(r.extra).get("gov_code"), r.value("total")) for r in doc.table("economic_summary").rows]
    assert sorted(rows, key=str) == sorted(printed, key=str) and len(rows) == 24
    assert ("30226", "50205", Decimal("87.04")) in rows and ("30226", "50502", Decimal("222.00")) in rows


def _fact_counts(doc):
    from collections import Counter
    return Counter((f.table, f.row_code, f.column, f.amount) for f in facts(doc))


def test_seed_004_from_its_workbook_gives_back_every_table_fact(tmp_path, seed_file):
    """template --from the seed --region henan, prepare --to xlsx, facts: every fact of the seed, exactly
    (291, the two 劳务费 rows of its 支出经济分类汇总表 each once)."""
    book, out = tmp_path / "entries.xlsx", tmp_path / "package.xlsx"
    assert _cli("template", "--from", seed_file("004"), "--region", "henan", "-o", book).returncode == 0
    done = _cli("prepare", book, "-o", out, "-q")
    # the only error: the 情况说明 cannot compare with last year without last year's package (--prior)
    assert done.returncode == 1 and {line.split("错误 [")[1][:4] for line in done.stderr.splitlines() if "错误 [" in line} \
        == {"C106"}, done.stderr
    assert _cli("prepare", book, "-o", out, "-q", "--force").returncode == 0
    printed, mine = _fact_counts(read_file(seed_file("004"))), _fact_counts(read_file(out))
    assert mine == printed and sum(mine.values()) == 291


@pytest.fixture(scope="module")
def book_004(tmp_path_factory, seed_file):
    book = tmp_path_factory.mktemp("b004") / "entries.xlsx"
    assert _cli("template", "--from", seed_file("004"), "--region", "henan", "-o", book).returncode == 0
    return book


@pytest.mark.parametrize("code, change, where, words", [
    ("E109", {"E3": 80}, "项目经济分类!E3", "80.00 不等于项目金额 87.04"),
    ("E103", {"D3": "58888"}, "项目经济分类!D3", "政府预算支出经济分类科目“58888”"),
    ("E103", {"C4": "38888"}, "项目经济分类!C4", "部门预算支出经济分类科目“38888”"),
    ("E107", {"A3": "另一个项目"}, "项目经济分类!A3", "另一个项目"),
])
def test_an_error_in_the_projects_economic_classes_is_said_at_its_cell(tmp_path, book_004, code, change, where,
                                                                        words):
    import openpyxl

    wb = openpyxl.load_workbook(book_004)
    for cell, value in change.items():
        wb["项目经济分类"][cell] = value
    book = tmp_path / "entries.xlsx"
    wb.save(book)
    done = _cli("prepare", book, "-o", tmp_path / "out.xlsx", "-q")
    assert done.returncode == 1 and not (tmp_path / "out.xlsx").exists()
    said = [line.replace(str(book), "B") for line in done.stderr.splitlines() if f"[{code}]" in line]
    assert said and said[0].startswith(f"B:{where}: 错误 [{code}]") and words in said[0], done.stderr


def test_the_economic_classes_in_json_are_checked_where_given(seed):
    from yusuan.prepare.from_package import entries_from

    data = json.loads(json.dumps(entries_from(seed("004"), "henan")))
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(data, SCHEMA)
    assert data["projects"][0]["economic"] == [{"economic": "30226", "amount": "87.04", "gov_economic": "50502"}]
    data["projects"][0]["economic"][0]["amount"] = "87.00"
    data["basic"][0]["gov_economic"] = "58888"
    found = [(f.code, f.source.cell) for f in load_entries(data, "e.json").findings]
    assert found == [("E103", "/basic/0/gov_economic"), ("E109", "/projects/0/economic")]
    del data["projects"][0]["economic"]  # a project without its classes: no 支出经济分类汇总表, said by C108
    prepared, _ = package(load_entries(data, "e.json"))
    assert prepared.table("economic_summary") is None and prepared.table("general_expenditure") is not None


# --- 决算 (final accounts) ----------------------------------------------------------------------------------
FINAL_SOCIAL = ROOT / "examples" / "corpus" / "shanghai-putuo-shehui-gongzuobu-2024-dept-final.pdf"
FINAL_PLANNING = ROOT / "examples" / "corpus" / "shanghai-putuo-guihua-ziyuan-ju-2024-dept-final.pdf"


def _final_round_trip(pdf: Path, tmp_path: Path) -> tuple[dict, dict, subprocess.CompletedProcess]:
    """template --from the 决算 package → prepare --to xlsx → facts: (the package's table facts, the
    prepared package's, prepare's run), each fact (table, row, column) → amount."""
    book, out = tmp_path / "entries.xlsx", tmp_path / "prepared.xlsx"
    made = _cli("template", "--from", pdf, "--kind", "final_accounts", "-o", book)
    assert made.returncode == 0, made.stderr
    done = _cli("prepare", book, "--to", "xlsx", "-o", out, "--force", "-q")
    assert done.returncode == 0 and out.exists(), done.stderr

    def of(doc):
        return {(f.table, f.row_code, f.column): f.amount for f in facts(doc)}
    return of(read_file(str(pdf))), of(read_file(str(out))), done


def test_a_final_package_gives_back_its_nine_tables_exactly_through_the_entry_workbook(tmp_path):
    printed, prepared, done = _final_round_trip(FINAL_SOCIAL, tmp_path)
    assert len(printed) == 205 and prepared == printed  # every figure, to the cent, in every table
    import jsonschema
    from yusuan.prepare.from_final import entries_from_final
    jsonschema.validate(json.loads(json.dumps(entries_from_final(read_file(str(FINAL_SOCIAL))))), SCHEMA)
    assert printed[("final_basic_expenditure", "302", "public")] == Decimal("10.23")  # its rounding tail (款 sum 10.22)
    assert printed[("final_general_expenditure", "total", "basic")] == Decimal("105.58")  # (95.36 + 10.23 = 105.59)
    # no entry problem: its 0.00 line of 30311 代缴社会保险费 is a code of the national list
    errors = [line for line in done.stderr.splitlines() if "错误" in line]
    assert len(errors) == 1 and "[C106]" in errors[0], errors  # only the change from last year, which needs --prior


def test_a_final_package_with_its_own_arithmetic_tails_differs_by_exactly_those(tmp_path):
    printed, prepared, done = _final_round_trip(FINAL_PLANNING, tmp_path)
    assert printed.keys() == prepared.keys()
    differ = {k: (printed[k], prepared[k]) for k in printed if printed[k] != prepared[k]}
    d = Decimal
    assert differ == {
        # the 2 收支总表 print 210 as 236.63, the 功能分类 tables as 236.64 (40.35 + 196.29)
        ("final_summary", "210", "total"): (d("236.63"), d("236.64")),
        ("final_fiscal_summary", "210", "total"): (d("236.63"), d("236.64")),
        ("final_fiscal_summary", "210", "general_budget"): (d("236.63"), d("236.64")),
        # 212: the 收支总表 3845.25, the 支出决算表 3845.24
        ("final_summary", "212", "total"): (d("3845.25"), d("3845.24")),
        # 2120101's 合计 1092.80, its 基本支出 1084.02 + 项目支出 8.77 = 1092.79, carried up to 212 and the 合计
        ("final_general_expenditure", "2120101", "total"): (d("1092.80"), d("1092.79")),
        ("final_general_expenditure", "21201", "total"): (d("1092.80"), d("1092.79")),
        ("final_general_expenditure", "212", "total"): (d("3832.36"), d("3832.35")),
        ("final_general_expenditure", "total", "total"): (d("9746.50"), d("9746.49")),
        ("final_fiscal_summary", "212", "total"): (d("3832.36"), d("3832.35")),
        ("final_fiscal_summary", "212", "general_budget"): (d("3832.36"), d("3832.35")),
        ("final_fiscal_summary", "out.current", "total"): (d("9746.50"), d("9746.49")),
        ("final_fiscal_summary", "out.current", "general_budget"): (d("9746.50"), d("9746.49")),
        ("final_fiscal_summary", "out.total", "total"): (d("9746.50"), d("9746.49")),
        ("final_fiscal_summary", "out.total", "general_budget"): (d("9746.50"), d("9746.49")),
    }
    # the carry-overs (the unit's own money: 年初 112.88, 年末 100.00) are where they were printed
    assert prepared[("final_summary", "in.carryover", "total")] == d("112.88")
    assert prepared[("final_summary", "out.carry_forward", "total")] == d("100.00")
    # and the entries say where the package's money does not balance (E108, at its cell)
    assert "结转结余!C5: 错误 [E108] 非财政拨款资金收支不平衡" in done.stderr


def test_a_final_fund_that_does_not_balance_is_said_at_its_cell_and_nothing_is_written(tmp_path):
    book, out = tmp_path / "entries.xlsx", tmp_path / "prepared.xlsx"
    assert _cli("template", "--from", FINAL_SOCIAL, "--kind", "final_accounts", "-o", book).returncode == 0
    import openpyxl
    wb = openpyxl.load_workbook(book)
    ws = wb["结转结余"]
    assert ws["A2"].value == "一般公共预算财政拨款"
    ws["C2"] = 12.5  # 年末结转和结余 of the 一般公共预算 that its income and spending do not leave
    wb.save(book)
    done = _cli("prepare", book, "-o", out)
    assert done.returncode == 1 and not out.exists()
    said = [line for line in done.stderr.splitlines() if "[E108]" in line]
    assert said == [f"{book}:结转结余!C2: 错误 [E108] 一般公共预算财政拨款收支不平衡：年初结转和结余 0.00 加本年收入 307.82 为 "
                    "307.82，而本年支出 307.82 加年末结转和结余 12.50 为 320.32"]


def test_a_final_entry_workbook_is_offered_empty_and_its_kind_reads_back(tmp_path):
    book = tmp_path / "empty.xlsx"
    assert _cli("template", "--kind", "final_accounts", "-o", book).returncode == 0
    import openpyxl
    names = openpyxl.load_workbook(book).sheetnames
    assert {"收入", "结转结余", "基本支出", "项目", "预算数", "三公经费", "情况说明"} <= set(names)
    from yusuan.prepare.workbook_reader import load_workbook
    e = load_workbook(str(book))
    assert (e.kind, e.region) == ("final_accounts", "national_final")


FINAL = {"schema": 1, "kind": "final_accounts", "year": 2024, "unit": {"name": "某区某局", "type": "部门"},
         "income": [{"key": "general_budget", "function": "2010301", "amount": "500.00"},
                    {"key": "general_budget", "function": "2080505", "amount": "40.00"},
                    {"key": "gov_fund", "function": "2120801", "amount": "100.00"},
                    {"key": "other", "function": "2010301", "amount": "5.00"}],
         "carryover": [{"key": "general_budget", "amount": "20.00"}, {"key": "unit_funds", "amount": "3.00"},
                       {"key": "gov_fund", "function": "2120801", "amount": "10.00"}],
         "carry_forward": [{"key": "general_budget", "amount": "15.00"}, {"key": "unit_funds", "amount": "2.00"},
                           {"key": "gov_fund", "function": "2120801", "amount": "30.00"}],
         "basic": [{"function": "2010301", "economic": "30101", "amount": "300.00"},
                   {"function": "2010301", "economic": "30201", "amount": "50.00"},
                   {"function": "2080505", "economic": "30108", "amount": "40.00"},
                   {"function": "2010301", "economic": "", "fund": "unit_funds", "amount": "6.00"}],
         "projects": [{"name": "项目支出", "function": "2010301", "amount": "155.00", "indicators": []},
                      {"name": "基金项目", "function": "2120801", "fund": "gov_fund", "amount": "80.00", "indicators": []}],
         "initial_budget": [{"function": "2010301", "amount": "480.00"}, {"function": "2080505", "amount": "38.00"}],
         "full_year_budget": [{"function": "2010301", "amount": "520.00"}, {"function": "2080505", "amount": "40.00"}],
         "three_public": [{"key": "reception", "amount": "1.20"}, {"key": "vehicle_operation", "amount": "3.00"}],
         "three_public_budget": [{"key": "reception", "amount": "2.00"}, {"key": "vehicle_operation", "amount": "3.50"}]}


def test_final_entries_make_the_nine_tables_with_their_funds_budgets_and_carry_overs(tmp_path):
    import jsonschema
    jsonschema.validate(FINAL, SCHEMA)
    path = tmp_path / "final.json"
    path.write_text(json.dumps(FINAL, ensure_ascii=False), encoding="utf-8")
    done = prepare(str(path))
    assert [f.code for f in done.report.findings if f.code[0] in "AXER"] == []  # the tables agree, read back
    assert [t.kind for t in done.doc.tables] == ["final_summary", "final_revenue", "final_expenditure",
                                                 "final_fiscal_summary", "final_general_expenditure",
                                                 "final_basic_expenditure", "final_three_public", "final_gov_fund",
                                                 "final_soe"]
    d = Decimal
    s = _table(done.doc, "final_summary")  # all the money: 年初 3 + 20 + 10, 年末 2 + 15 + 30
    assert (s[("in.current", "total")], s[("in.carryover", "total")], s[("out.current", "total")],
            s[("out.carry_forward", "total")], s[("in.total", "total")]) == (
        d("645.00"), d("33.00"), d("631.00"), d("47.00"), d("678.00"))
    f = _table(done.doc, "final_fiscal_summary")  # the 财政拨款's alone (the unit's own 3.00 and 2.00 are not)
    assert (f[("in.carryover", "total")], f[("in.carryover.gov_fund", "total")], f[("out.carry_forward", "gov_fund")],
            f[("out.current", "general_budget")], f[("out.total", "total")]) == (
        d("30.00"), d("10.00"), d("30.00"), d("545.00"), d("670.00"))
    g = _table(done.doc, "final_general_expenditure")  # 年初预算数, 全年预算数 beside the 决算数
    assert (g[("2010301", "initial_budget")], g[("2010301", "full_year_budget")], g[("2010301", "total")],
            g[("total", "basic")]) == (d("480.00"), d("520.00"), d("505.00"), d("390.00"))
    r = _table(done.doc, "final_revenue")
    assert (r[("2010301", "fiscal")], r[("2010301", "other")], r[("total", "total")]) == (
        d("500.00"), d("5.00"), d("645.00"))
    e = _table(done.doc, "final_expenditure")  # the unit's own 6.00 too
    assert (e[("2010301", "basic")], e[("total", "project")]) == (d("356.00"), d("235.00"))
    fund = _table(done.doc, "final_gov_fund")  # 年初 10 + 收入 100 = 支出 80 + 年末 30, by class
    assert [fund[("2120801", c)] for c in ("opening_balance", "current_income", "total", "closing_balance")] == [
        d("10.00"), d("100.00"), d("80.00"), d("30.00")]
    t = _table(done.doc, "final_three_public")
    assert (t[("total", "full_year_budget")], t[("total", "final")], t[("total", "final.vehicles")]) == (
        d("5.50"), d("4.20"), d("3.00"))
    assert done.doc.table("final_soe").rows == ()  # printed empty, with its statement
    printed = {(x.table, x.row_code, x.column): x.amount for x in facts(done.doc)}
    assert {(x.table, x.row_code, x.column): x.amount for x in facts(done.read_back)} == printed
    # and the package read back gives the same entries' tables again (template --from)
    from yusuan.prepare.from_final import entries_from_final
    again = tmp_path / "again.json"
    again.write_text(json.dumps(entries_from_final(done.read_back), ensure_ascii=False), encoding="utf-8")
    assert {(x.table, x.row_code, x.column): x.amount for x in facts(prepare(str(again)).doc)} == printed


def test_each_final_fund_balances_on_its_own():
    data = copy.deepcopy(FINAL)
    data["carry_forward"][2]["amount"] = "31.00"  # the 政府性基金's 年末 one over
    data["carryover"][1]["amount"] = "4.00"  # the unit's own money's 年初 one over
    said = [(f.code, f.source.cell, f.message) for f in load_entries(data, "f.json").findings]
    assert said == [
        ("E108", "/carry_forward/1/amount", "非财政拨款资金收支不平衡：年初结转和结余 4.00 加本年收入 5.00 为 9.00，"
                                            "而本年支出 6.00 加年末结转和结余 2.00 为 8.00"),
        ("E108", "/carry_forward/2/amount", "政府性基金预算财政拨款收支不平衡：年初结转和结余 10.00 加本年收入 100.00 为 "
                                            "110.00，而本年支出 80.00 加年末结转和结余 31.00 为 111.00")]


def test_final_entries_carry_the_three_public_counts_into_the_draft(tmp_path):
    """The 决算 narrative's counts (团组, 批次, 人次, 车辆) go into the entries and the prepared draft states them,
    and its 机关运行经费 as the entries give it;
    a purchase count the 购置费 contradicts (the fixture's planted 1 car, no money) is asked for instead."""
    from yusuan.prepare.from_final import entries_from_final
    data = entries_from_final(read_file(str(ROOT / "tests" / "fixtures" / "final_2024.txt")))
    counts = {d["key"]: d["amount"] for d in data["three_public"]}
    assert counts["reception_batches"] == "12" and counts["reception_people"] == "86" and counts["vehicle_stock"] == "1"
    path = tmp_path / "final.json"
    path.write_text(json.dumps({**data, "operation_funds": "12.34"}, ensure_ascii=False), encoding="utf-8")
    text = markdown(prepare(str(path)).doc)
    assert "全年国内公务接待12批次、86人次" in text and "公务用车保有量为1辆" in text and "共有车辆1辆" in text
    assert "本年购置公务用车【待填写：数量】辆" in text
    assert "2024年度本单位机关运行经费支出12.34万元，【待填写：比上年增减变化及主要原因】" in text  # from the entries


OTHER = {"schema": 1, "year": 2025, "unit": {"name": "某区某事业单位", "code": "101001"},
         "income": [{"key": "general_budget", "amount": "300.00"}, {"key": "operating", "amount": "80.00"},
                    {"key": "other", "amount": "10.00"}],
         "basic": [{"function": "2080109", "economic": "30101", "amount": "200.00"},
                   {"function": "2080109", "economic": "30201", "amount": "50.00"}],
         "projects": [{"name": "信息化运维", "function": "2080109", "amount": "50.00",
                       "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "运维系统数", "operator": "≥",
                                       "value": "3", "unit": "个", "weight": "100"}]}],
         "other_spending": [{"key": "operating_expenditure", "function": "2080199", "amount": "80.00"},
                            {"key": "to_superior", "function": "2080109", "amount": "10.00"}],
         "performance": {"goal": "保障社会保险经办服务正常运行。"}}


def test_spending_beside_basic_and_projects_is_printed_in_its_columns_and_comes_back(tmp_path):
    """经营支出 and 上缴上级支出 in the 支出总表's own columns, counted in the 收支总表's 本年支出合计 (which
    balances the 经营收入 and 其他收入 that pay them); template --from gives them back."""
    import jsonschema
    jsonschema.validate(OTHER, SCHEMA)
    path = tmp_path / "other.json"
    path.write_text(json.dumps(OTHER, ensure_ascii=False), encoding="utf-8")
    done = prepare(str(path))
    assert [f.code for f in done.report.findings if f.code[0] in "AXE"] == []
    d = Decimal
    e = _table(done.doc, "expenditure")
    assert (e[("total", "total")], e[("total", "basic")], e[("total", "project")], e[("total", "to_superior")],
            e[("total", "operating_expenditure")], e[("2080199", "operating_expenditure")], e[("2080109", "total")]) == (
        d("390.00"), d("250.00"), d("50.00"), d("10.00"), d("80.00"), d("80.00"), d("310.00"))
    s = _table(done.doc, "summary")
    assert (s[("in.operating", "total")], s[("out.current", "total")], s[("in.total", "total")],
            s[("out.total", "total")]) == (d("80.00"), d("390.00"), d("390.00"), d("390.00"))
    assert dict(done.doc.performance.amounts)["total"] == d("390.00")  # the 整体绩效目标表's 预算支出总额: all of it
    r = _table(done.doc, "revenue")  # the income by class: 经营收入 pays the 经营支出
    assert (r[("2080199", "operating")], r[("2080109", "other")]) == (d("80.00"), d("10.00"))
    printed = {(x.table, x.row_code, x.column, x.amount) for x in facts(done.doc)}
    assert {(x.table, x.row_code, x.column, x.amount) for x in facts(done.read_back)} == printed
    from yusuan.prepare.from_package import entries_from
    data = entries_from(done.read_back)
    assert data["other_spending"] == [
        {"key": "to_superior", "function": "2080109", "fund": "other", "amount": "10.00"},
        {"key": "operating_expenditure", "function": "2080199", "fund": "operating", "amount": "80.00"}]
    again = tmp_path / "again.json"
    again.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert {(x.table, x.row_code, x.column, x.amount) for x in facts(prepare(str(again)).doc)} == printed


def test_a_bad_code_of_other_spending_is_said_at_its_place_and_blocks(tmp_path):
    bad = copy.deepcopy(OTHER)
    bad["other_spending"][1]["function"] = "2089988"
    said = [(f.code, f.source.cell) for f in load_entries(bad, "o.json").findings]
    assert said == [("E102", "/other_spending/1/function")]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.xlsx"
    done = _cli("prepare", path, "-o", out, "-q")
    assert done.returncode == 1 and not out.exists()
    assert f"{path}:/other_spending/1/function: 错误 [E102]" in done.stderr.replace("\\", "/")
    assert "上缴上级支出" in done.stderr


def test_other_spending_goes_through_the_entry_workbook_and_is_said_at_its_cell(tmp_path):
    from yusuan.prepare.workbook import template
    from yusuan.prepare.workbook_reader import load_workbook
    book = tmp_path / "o.xlsx"
    book.write_bytes(template(OTHER))
    e = load_workbook(str(book))
    assert [(a.key, a.function, a.fund, a.amount) for a in e.other_spending] == [
        ("operating_expenditure", "2080199", "operating", Decimal("80.00")),
        ("to_superior", "2080109", "other", Decimal("10.00"))] and e.findings == ()
    bad = copy.deepcopy(OTHER)
    bad["other_spending"][0]["function"] = "2089988"
    book.write_bytes(template(bad))
    said = [(f.code, f.source.sheet, f.source.cell) for f in load_workbook(str(book)).findings]
    assert said == [("E102", "上缴经营补助支出", "B3")]


def test_final_spending_beside_basic_and_projects_is_printed_and_balances_the_units_own_money(tmp_path):
    """A 决算's 经营支出 and 对附属单位补助支出 (决算数): in the 支出决算表's columns and the 收入支出决算总表's
    本年支出合计, balancing the unit's own money (年初 3 + 收入 5 + 经营收入 30 = 支出 6 + 25 + 5 + 年末 2)."""
    from yusuan.prepare.from_final import entries_from_final
    data = copy.deepcopy(FINAL)
    data["income"].append({"key": "operating", "function": "2010301", "amount": "30.00"})
    data["other_spending"] = [{"key": "operating_expenditure", "function": "2010301", "amount": "25.00"},
                              {"key": "to_subordinate", "function": "2080505", "amount": "5.00"}]
    path = tmp_path / "final.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = prepare(str(path))
    assert [f.code for f in done.report.findings if f.code[0] in "AXER"] == []
    d = Decimal
    e = _table(done.doc, "final_expenditure")
    assert (e[("total", "total")], e[("total", "operating_expenditure")], e[("2080505", "to_subordinate")],
            e[("2010301", "total")]) == (d("661.00"), d("25.00"), d("5.00"), d("536.00"))
    s = _table(done.doc, "final_summary")
    assert (s[("in.operating", "total")], s[("out.current", "total")], s[("in.total", "total")],
            s[("out.total", "total")]) == (d("30.00"), d("661.00"), d("708.00"), d("708.00"))
    printed = {(x.table, x.row_code, x.column, x.amount) for x in facts(done.doc)}
    assert {(x.table, x.row_code, x.column, x.amount) for x in facts(done.read_back)} == printed
    again = entries_from_final(done.read_back)
    assert [(x["key"], x["function"], x["amount"]) for x in again["other_spending"]] == [
        ("operating_expenditure", "2010301", "25.00"), ("to_subordinate", "2080505", "5.00")]
    path.write_text(json.dumps(again, ensure_ascii=False), encoding="utf-8")
    assert {(x.table, x.row_code, x.column, x.amount) for x in facts(prepare(str(path)).doc)} == printed
