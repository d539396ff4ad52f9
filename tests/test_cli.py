"""The command line contract (DESIGN.md §4): ``read``, ``facts``, ``demo`` and exit codes.

The commands run in a subprocess, as a user runs them, so that stdout, stderr and the exit
code are exactly what a script sees.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "disclosures"


def seed_path(number: str) -> Path:
    return sorted(SEEDS.glob(f"{number}_*.txt"))[0]


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "yusuan.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=300)


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def bilingual(message: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", message)) and bool(re.search(r"[A-Za-z]{4,}", message))


# --------------------------------------------------------------------------- facts


def test_facts_csv_header_and_rows():
    path = seed_path("000")
    r = run("facts", str(path))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    # the contract's nine columns, then amount_unit and kind (added at the end)
    assert lines[0] == "file,unit_code,unit_name,year,table,row_code,row_name,column,amount,amount_unit,kind"
    rows = csv_rows(r.stdout)
    key = {(x["table"], x["row_code"], x["column"]): x for x in rows}
    row = key[("basic_expenditure", "30239", "public")]  # line 111
    assert row == {"file": str(path), "unit_code": "212002", "unit_name": "重庆市綦江区社会保险事务中心",
                   "year": "2023", "table": "basic_expenditure", "row_code": "30239", "row_name": "其他交通费用",
                   "column": "public", "amount": "34.91", "amount_unit": "万元", "kind": "budget"}
    assert key[("general_expenditure", "208", "total")]["amount"] == "2859.58"  # "2,859.58"
    assert key[("general_expenditure", "2080102", "project")]["amount"] == "2.19"
    assert key[("fiscal_summary", "223", "soe")]["amount"] == "130.00"
    assert key[("three_public", "total", "vehicle_operation")]["amount"] == "3.50"
    assert ("general_expenditure", "2080101", "project") not in key  # a blank cell has no fact
    assert all(x["column"] for x in rows)
    assert all(x["unit_code"] == "212002" and x["year"] == "2023" for x in rows)


def test_facts_csv_for_henan_spaced_numbers():
    r = run("facts", str(seed_path("004")))
    assert r.returncode == 0, r.stderr
    key = {(x["table"], x["row_code"], x["column"]): x["amount"] for x in csv_rows(r.stdout)}
    assert key[("basic_expenditure", "total", "total")] == "4675.21"  # "4, 675. 21"
    assert key[("expenditure", "2080109", "specific_purpose")] == "187.47"  # 208|01|09


def test_facts_json():
    r = run("facts", str(seed_path("002")), "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert isinstance(rows, list) and rows
    assert set(rows[0]) == {"file", "unit_code", "unit_name", "year", "table", "row_code", "row_name", "column",
                            "amount", "amount_unit", "kind"}
    key = {(x["table"], x["row_code"], x["column"]): x for x in rows}
    assert key[("procurement", "total", "total")]["amount"] == "8.5"  # exact decimal string, not a float
    assert key[("fiscal_summary", "223", "soe")]["amount"] == "177.60"
    assert str(key[("fiscal_summary", "223", "soe")]["year"]) == "2026"


def test_facts_of_several_files_share_one_header():
    r = run("facts", str(seed_path("000")), str(seed_path("003")))
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("file,unit_code,unit_name") == 1
    units = {x["unit_code"] for x in csv_rows(r.stdout)}
    assert units == {"212002", "124"} or units == {"212002", "124001"}


# --------------------------------------------------------------------------- read


def test_read_json_contract():
    r = run("read", str(seed_path("000")), "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    for key in ("unit", "year", "kind", "amount_unit", "tables", "projects", "performance", "narrative"):
        assert key in doc, key
    assert doc["unit"] == {"code": "212002", "name": "重庆市綦江区社会保险事务中心", "parent": "212"}
    assert (doc["year"], doc["kind"], doc["amount_unit"]) == (2023, "budget", "万元")
    assert [t["kind"] for t in doc["tables"]] == [
        "fiscal_summary", "general_expenditure", "basic_expenditure", "three_public", "gov_fund_expenditure",
        "summary", "revenue", "expenditure"]
    for t in doc["tables"]:
        assert {"kind", "title", "number", "rows", "source"} <= set(t)
    ge = doc["tables"][1]
    assert (ge["number"], ge["title"]) == ("附件4-2", "重庆市綦江区社会保险事务中心一般公共预算财政拨款支出预算")
    assert ge["source"]["line"] == 22
    assert len(ge["rows"]) == 20
    assert len(doc["projects"]) == 17
    for p in doc["projects"]:
        assert {"code", "name", "amount", "funding", "indicators"} <= set(p)
    p = [p for p in doc["projects"] if p["code"] == "50011023T000003385373"][0]
    assert p["name"] == "代发企业退休军转干解困补助资金"
    assert p["amount"] == "1000.30"  # exact, as a string
    funding = p["funding"].items() if isinstance(p["funding"], dict) else [tuple(x) for x in p["funding"]]
    assert sorted((k, str(v)) for k, v in funding) == [("上级资金", "530.00"), ("本级资金", "470.30")]
    assert len(p["indicators"]) == 5
    assert {"goal", "indicators"} <= set(doc["performance"])
    assert len(doc["performance"]["indicators"]) == 5
    assert doc["narrative"]["sections"] == []


def test_read_json_of_a_narrated_seed():
    r = run("read", str(seed_path("003")))
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["year"] == 2024
    assert [t["number"] for t in doc["tables"]] == ["表一", "表二", "表三", "表四", "表五", "表六", "表七", "表八", "表九"]
    assert len(doc["narrative"]["sections"]) > 0
    assert doc["performance"]["goal"].startswith("1.提供良好的业务办理硬件支撑环境")


# --------------------------------------------------------------------------- unreadable files: exit 2


@pytest.mark.parametrize("command", ["read", "facts"])
def test_missing_file_exits_2_and_the_good_file_is_still_printed(command, tmp_path):
    missing = tmp_path / "missing.txt"
    good = seed_path("001")
    r = run(command, str(missing), str(good))
    assert r.returncode == 2
    assert str(missing) in r.stderr
    assert bilingual(r.stderr)
    assert "Traceback" not in r.stderr
    if command == "read":
        docs = json.loads(r.stdout)  # two files asked for: a list, holding the one that could be read
        assert [d["unit"]["code"] for d in docs] == ["212001"]
    else:
        rows = csv_rows(r.stdout)
        assert rows and {x["unit_code"] for x in rows} == {"212001"}


@pytest.mark.parametrize("command", ["read", "facts"])
def test_non_disclosure_file_exits_2_and_the_good_file_is_still_printed(command, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("会议纪要\n今天讨论了工作安排。\n明天继续。\n后天休息。\n周五汇报。\n", encoding="utf-8")
    good = seed_path("003")
    r = run(command, str(good), str(junk))  # the bad file after the good one
    assert r.returncode == 2
    assert str(junk) in r.stderr
    assert bilingual(r.stderr)
    assert "Traceback" not in r.stderr
    if command == "read":
        assert [d["year"] for d in json.loads(r.stdout)] == [2024]
    else:
        assert {x["year"] for x in csv_rows(r.stdout)} == {"2024"}


def test_good_files_exit_0_with_nothing_on_stderr():
    r = run("read", str(seed_path("002")), str(seed_path("004")))
    assert r.returncode == 0
    assert r.stderr == ""
    docs = json.loads(r.stdout)
    assert [d["unit"]["code"] for d in docs] == ["121003", "303016"]


# --------------------------------------------------------------------------- demo


def test_demo_prints_the_five_units():
    r = run("demo")
    assert r.returncode == 0, r.stderr
    for code, name in (("212002", "重庆市綦江区社会保险事务中心"), ("212001", "重庆市綦江区人力资源和社会保障局（本级）"),
                       ("121003", "重庆市荣昌区社会保险事务中心"), ("303016", "新乡市社会保险中心")):
        assert code in r.stdout and name in r.stdout
    assert "重庆市大渡口区社会保险事务中心" in r.stdout
    for year in ("2023", "2024", "2026"):
        assert year in r.stdout


def test_demo_of_one_path():
    r = run("demo", str(seed_path("001")))
    assert r.returncode == 0, r.stderr
    assert "212001" in r.stdout
    assert "212002" not in r.stdout


def test_catalog_harvest_then_check_with_it(tmp_path):
    # the codes a 普陀 package prints that yusuan's catalog lacks (Shanghai numbers the economic 款
    # its own way: 302 10 车辆运行费): K105 until the harvest is trusted
    pdf = ROOT / "examples" / "corpus" / "shanghai-putuo-fuliyuan-2024-unit-budget.pdf"
    before = run("check", "--select", "K105", str(pdf))
    assert before.returncode == 0, before.stderr
    assert "[K105] 一般公共预算基本支出表「30210 车辆运行费」" in before.stdout
    out = tmp_path / "putuo.csv"
    harvested = run("catalog", "harvest", str(pdf), str(tmp_path / "missing.pdf"), "-o", str(out))
    assert harvested.returncode == 2 and "missing.pdf" in harvested.stderr  # said; the others harvested
    rows = csv_rows(out.read_text(encoding="utf-8"))
    assert list(rows[0]) == ["tree", "code", "name", "count", "seen"]
    assert {"tree": "economic_dept", "code": "30210", "name": "车辆运行费", "count": "1"}.items() \
        <= next(r for r in rows if r["code"] == "30210").items()
    after = run("check", "--select", "K105,K102", "--catalog", str(out), str(pdf))
    assert after.returncode == 0 and after.stdout.count("[K10") == 0, after.stdout
