"""Family S: cross-document checks on the store (prior-year columns and narrative changes against
last year's stored budget; a 部门 package against the sum of its units')."""
from __future__ import annotations

import json
from decimal import Decimal

from click.testing import CliRunner
from sqlalchemy import text

from conftest import seed_path
from storedb import edited, edited_lines, engine_for, store_files
from yusuan.cli import main
from yusuan.read import read_file
from yusuan.report import Severity
from yusuan.rules.stored import RULES
from yusuan.store.checks import check_store


def _db(tmp, paths):
    url = f"sqlite:///{tmp / 'store.db'}"
    engine = engine_for(url)
    store_files(engine, paths)
    return url, engine


def _findings(engine, code, **kw):
    with engine.connect() as conn:
        results = check_store(conn, read=read_file, **kw)
    return [f for r in results for f in r.report.findings if f.code == code]


def test_rules_are_documented_and_listed():
    assert [r.code for r in RULES] == ["S101", "S102", "S103"]
    r = CliRunner().invoke(main, ["rules", "--store", "--format", "json"])
    assert [x["code"] for x in json.loads(r.output)] == ["S101", "S102", "S103"]


def test_s101_prior_year_column_against_stored_prior_year(tmp_path):
    # 003 (2024) prints 2023 figures in 表二; its "2023" copy prints 合计 1,193.21 as 2024 states,
    # but keeps 208 at 1,213.45 where 2024's prior-year column says 1,133.65.
    prior = edited_lines("003", tmp_path, "003_2023.txt", (("2023", "2022"), ("2024", "2023")),
                         {184: ("1,293.40 719.83", "1,193.21 719.83")})
    _, engine = _db(tmp_path, [seed_path("003"), prior])
    found = _findings(engine, "S101", year=2024)
    by_row = {(f.table, f.row, f.column): f for f in found}
    assert ("general_expenditure", "total", "prior_year") not in by_row  # agrees
    f = by_row[("general_expenditure", "208", "prior_year")]
    assert f.severity is Severity.ERROR and (f.actual, f.expected) == ("1133.65", "1213.45")
    assert f.source.line == 186 and f.source.file.endswith("003_125ac91881a2613a.txt")
    assert "1,133.65" in f.message and "1,213.45" in f.message and "2023 年预算" in f.message
    assert _findings(engine, "S101", year=2023) == []  # no 2022 budget stored


def _prior_002(tmp_path):
    # 002 (2026) says 收入/支出 较去年增加 112.54, 三公 减少 0.1, 基本支出 增加 87.02. The 2025 copy
    # agrees on the first three (收支合计 2,123.04; 三公 1.00) but not on 基本支出 (unchanged).
    return edited_lines("002", tmp_path, "002_2025.txt", (("2025", "2024"), ("2026", "2025")),
                        {721: ("2,235.58", "2,123.04"), 723: ("2,235.58", "2,123.04"),
                         621: ("0.90", "1.00"), 626: ("0.90", "1.00")})


def test_s102_narrative_change_against_stored_prior_year(tmp_path):
    _, engine = _db(tmp_path, [seed_path("002"), _prior_002(tmp_path)])
    found = _findings(engine, "S102", unit="121003", year=2026)
    texts = {f.message.split("”")[0].split("“")[1]: f for f in found}
    assert "收入较去年增加112.54万元" not in texts and "支出较去年增加112.54万元" not in texts
    assert not any("三公" in t or "公务接待费" in t for t in texts)
    f = texts["主要是基本支出增加87.02万元"]
    assert f.severity is Severity.ERROR and f.source.line == 21
    assert (Decimal(f.actual), Decimal(f.expected)) == (Decimal("87.02"), Decimal("0.00"))
    assert "1,060.61" in f.message


def test_s102_from_the_stored_claims_once_the_files_are_gone(tmp_path):
    """The narrative's stated numbers are stored (claims): S102 needs no file to read again."""
    copy = tmp_path / "002.txt"
    copy.write_bytes(seed_path("002").read_bytes())
    prior = _prior_002(tmp_path)
    _, engine = _db(tmp_path, [copy, prior])
    copy.unlink()
    prior.unlink()
    with engine.connect() as conn:
        [result] = check_store(conn, unit="121003", year=2026)  # no reader given: nothing is read
        assert conn.execute(text("SELECT count(*) FROM claims")).scalar_one() > 50
    found = [f for f in result.report.findings if f.code == "S102"]  # as from the file read again
    assert result.narrative_read and [f.source.line for f in found] == [20, 21, 21, 23, 23, 23, 23, 29]
    [basic] = [f for f in found if "主要是基本支出增加87.02万元" in f.message]
    assert (basic.actual, basic.expected, basic.severity) == ("87.02", "0.00", Severity.ERROR)


def test_s102_from_the_kept_document_without_claims_or_files(tmp_path):
    """A budget stored with its whole document (migration 0006) needs neither claims nor its file."""
    copy = tmp_path / "002.txt"
    copy.write_bytes(seed_path("002").read_bytes())
    _, engine = _db(tmp_path, [copy, _prior_002(tmp_path)])
    copy.unlink()
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM claims"))
    with engine.connect() as conn:
        [result] = check_store(conn, unit="121003", year=2026)
    found = [f for f in result.report.findings if f.code == "S102"]
    assert result.narrative_read and [f.source.line for f in found] == [20, 21, 21, 23, 23, 23, 23, 29]


def test_s102_reads_the_file_again_for_a_budget_stored_without_claims(tmp_path):
    _, engine = _db(tmp_path, [seed_path("002"), _prior_002(tmp_path)])
    with engine.begin() as conn:  # as stored before migrations 0003 and 0006
        conn.execute(text("DELETE FROM claims"))
        conn.execute(text("DELETE FROM documents_json"))
    assert [f.source.line for f in _findings(engine, "S102", unit="121003", year=2026)] == [20, 21, 21, 23, 23, 23, 23, 29]
    with engine.connect() as conn:
        [result] = check_store(conn, unit="121003", year=2026)  # no reader: S102 cannot run
    assert not result.narrative_read and not [f for f in result.report.findings if f.code == "S102"]


def test_s103_department_against_its_units(tmp_path):
    # a 部门 package "212" made from 000: its only stored unit is 212002 (000 itself), so every row
    # agrees, except 208 合计 in 表二 and in 支出总表, planted as 2,900.00.
    dept = edited("000", tmp_path, "212.txt", ("212002-", "212-"),
                  ("208\t社会保障和就业支出\t2,859.58\t879.69", "208\t社会保障和就业支出\t2,900.00\t879.69"))
    url, engine = _db(tmp_path, [seed_path("000"), dept])
    found = _findings(engine, "S103")
    assert [(f.table, f.row, f.column, f.actual, f.expected) for f in found] == \
        [("general_expenditure", "208", "total", "2900.00", "2859.58"),
         ("expenditure", "208", "total", "2900.00", "2859.58")]
    assert found[0].severity is Severity.WARNING and "212002" in found[0].message

    r = CliRunner().invoke(main, ["check-store", "--db", url, "--format", "json"])
    assert r.exit_code == 0, r.output  # warnings only
    data = json.loads(r.output)
    [dept_report] = [x for x in data if x["unit"] == "212"]
    assert [f["code"] for f in dept_report["findings"]] == ["S103", "S103"]
    r = CliRunner().invoke(main, ["check-store", "--db", url])
    assert "[S103]" in r.output and "已检查 2 个预算" in r.output
