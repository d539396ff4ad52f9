"""Two stored budgets side by side: a unit in two years, two units in a year (SQLite and PostgreSQL)."""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from conftest import seed_path
from storedb import edited, engine_for, prior_year_000, store_files
from yusuan.cli import main
from yusuan.compare import compare, percent
from yusuan.store import query as q

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _years(tmp):
    """000 as 2023 and its edited 2022 copy (208: 2,600.00 instead of 2,859.58)."""
    return [seed_path("000"), prior_year_000(tmp)]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("compare")
    url = f"sqlite:///{tmp / 'store.db'}"
    engine = engine_for(url)
    extra = edited("000", tmp, "000_2021.txt", ("2023", "2021"),
                   ("2080905\t军队转业干部安置", "2080999\t其他退役安置支出"))
    store_files(engine, _years(tmp) + [seed_path("001"), extra])
    return url, engine


def _pair(engine, a, b):
    with engine.connect() as conn:
        [u] = q.find_units(conn, "212002")
        return compare(q.budget(conn, u, a), q.budget(conn, u, b), str(a), str(b))


def test_years_side_by_side_with_exact_change_and_percentage(db):
    c = _pair(db[1], 2022, 2023)
    line = c.line("general_expenditure", "208")
    assert (line.left, line.right, line.change, line.percent, line.status) == \
        ("2600.00", "2859.58", Decimal("259.58"), Decimal("9.98"), "changed")  # 259.58 / 2600 = 9.9838…%
    project = c.line("general_expenditure", "208", "project")
    assert (project.left, project.right, project.change, project.percent) == \
        ("1720.31", "1979.89", Decimal("259.58"), Decimal("15.09"))  # 15.0891…% → 15.09
    same = c.line("fiscal_summary", "out.total")
    assert (same.left, same.right, same.change, same.percent, same.status) == \
        ("3094.17", "3094.17", Decimal("0.00"), Decimal("0.00"), "same")
    assert c.tables()[:2] == ("fiscal_summary", "general_expenditure")


def test_rows_in_one_year_only_are_added_or_removed(db):
    c = _pair(db[1], 2021, 2023)
    added = c.line("general_expenditure", "2080905")
    removed = c.line("general_expenditure", "2080999")
    assert (added.status, added.left, added.right, added.change) == ("added", None, "255.00", None)
    assert (removed.status, removed.left, removed.right) == ("removed", "255.00", None)


def test_percentage_rounding_is_half_up_and_absent_on_zero_base():
    assert percent(Decimal("1"), Decimal("8")) == Decimal("12.50")
    assert percent(Decimal("0.005"), Decimal("100")) == Decimal("0.01")  # 0.005% → 0.01 (half up)
    assert percent(Decimal("-0.005"), Decimal("100")) == Decimal("-0.01")
    assert percent(Decimal("5"), Decimal("0")) is None and percent(Decimal("5"), None) is None


def test_compare_command_years_text_json_csv(db):
    url, _ = db
    r = CliRunner().invoke(main, ["compare", "212002", "--years", "2022", "2023", "--db", url])
    assert r.exit_code == 0, r.output
    years, head = r.output.splitlines()[:2]
    assert years == "比较 / comparing: 212002-重庆市綦江区社会保险事务中心 2022 年 → 2023 年"
    assert all(h in head for h in ("表", "编码", "名称", "栏目", "2022", "2023", "增减", "增减%", "状态"))
    row = next(x for x in r.output.splitlines() if x.startswith("一般公共预算支出表") and " 208 " in x and "合计" in x)
    assert "2600.00" in row and "2859.58" in row and "+259.58" in row and "+9.98%" in row and "变化" in row
    assert "四舍五入" in r.output

    r = CliRunner().invoke(main, ["compare", "212002", "--years", "2022", "2023", "--db", url, "--format", "json"])
    data = json.loads(r.output)
    assert data["left"] == "2022" and data["right"] == "2023" and "ROUND_HALF_UP" in data["rounding"]
    line = next(x for x in data["lines"] if x["table"] == "general_expenditure" and x["row_code"] == "208"
                and x["column"] == "total")
    assert (line["change"], line["percent"]) == ("259.58", "9.98")

    r = CliRunner().invoke(main, ["compare", "212002", "--years", "2022", "2023", "--db", url, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.output)))
    total = next(x for x in rows if x["table"] == "fiscal_summary" and x["row_code"] == "out.total"
                 and x["column"] == "total")
    assert (total["left"], total["right"], total["change"], total["status"]) == ("3094.17", "3094.17", "0.00", "same")


def test_compare_two_units_in_a_year(db):
    url, _ = db
    r = CliRunner().invoke(main, ["compare", "--units", "212001", "212002", "--year", "2023", "--db", url,
                                  "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["left"] == "212001-重庆市綦江区人力资源和社会保障局（本级）"
    assert data["right"] == "212002-重庆市綦江区社会保险事务中心"
    line = next(x for x in data["lines"] if x["table"] == "fiscal_summary" and x["row_code"] == "out.total"
                and x["column"] == "total")
    assert line["right"] == "3094.17" and Decimal(line["change"]) == Decimal("3094.17") - Decimal(line["left"])
    r = CliRunner().invoke(main, ["compare", "212002", "--db", url])
    assert r.exit_code == 2 and "用法" in r.output


@pytest.mark.server
def test_same_compare_on_postgresql(db, tmp_path):
    pytest.importorskip("psycopg", reason="psycopg is not installed: the PostgreSQL run needs it")
    from sqlalchemy import create_engine, text
    try:
        with create_engine(PG).connect() as conn:
            conn.execute(text("select 1"))
    except Exception as e:  # pragma: no cover - the machine has PostgreSQL; say so clearly if not
        pytest.skip(f"PostgreSQL at {PG} is not reachable: {e}")
    schema_name = "yusuan_compare_test"
    admin = create_engine(PG)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema_name} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema_name}"))
    try:
        url = f"{PG}?options=-csearch_path%3D{schema_name}"
        engine = engine_for(url)
        store_files(engine, _years(tmp_path))
        on_pg = _pair(engine, 2022, 2023)
        engine.dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema_name} CASCADE"))
        admin.dispose()
    on_sqlite = _pair(db[1], 2022, 2023)
    assert on_pg.lines == on_sqlite.lines
    assert on_pg.line("general_expenditure", "208").percent == Decimal("9.98")
