"""The store read back: units, a unit's budget (query library and the units/show commands)."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from conftest import SEED_NUMBERS, seed_path
from storedb import engine_for, prior_year_000, store_files
from yusuan.cli import main
from yusuan.store import query as q


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("query")
    url = f"sqlite:///{tmp / 'store.db'}"
    engine = engine_for(url)
    store_files(engine, [seed_path(n) for n in SEED_NUMBERS] + [prior_year_000(tmp)])
    return url, engine


def test_units_lists_years_versions_and_documents(db):
    _, engine = db
    with engine.connect() as conn:
        listing = {x.unit.code: x for x in q.units(conn)}
    assert set(listing) == {"212002", "212001", "121003", "124", "303016"}
    qijiang = listing["212002"]
    assert qijiang.unit.name == "重庆市綦江区社会保险事务中心" and qijiang.unit.parent == "212"
    assert [(b.year, b.version) for b in qijiang.budgets] == [(2022, 1), (2023, 1)]
    assert qijiang.documents == 2


def test_find_units_by_code_name_or_part_of_name(db):
    _, engine = db
    with engine.connect() as conn:
        assert [u.code for u in q.find_units(conn, "212002")] == ["212002"]
        assert [u.code for u in q.find_units(conn, "綦江区社会保险")] == ["212002"]
        assert [u.code for u in q.find_units(conn, "212001-重庆市綦江区人力资源和社会保障局（本级）")] == ["212001"]
        assert {u.code for u in q.find_units(conn, "社会保险")} == {"212002", "121003", "124", "303016"}
        assert q.find_units(conn, "不存在的单位") == ()


def test_budget_latest_year_by_default_and_exact_amounts(db):
    _, engine = db
    with engine.connect() as conn:
        [u] = q.find_units(conn, "212002")
        latest, older = q.budget(conn, u), q.budget(conn, u, 2022)
    assert latest.year == 2023 and older.year == 2022
    assert latest.value("general_expenditure", "208") == Decimal("2859.58")
    assert older.value("general_expenditure", "208") == Decimal("2600.00")
    assert latest.value("fiscal_summary", "out.total") == Decimal("3094.17")
    assert dict(latest.findings)["error"] > 0


def test_units_and_show_commands(db):
    url, _ = db
    r = CliRunner().invoke(main, ["units", "--db", url])
    assert r.exit_code == 0, r.output
    assert "212002" in r.output and "2022预算，2023预算" in r.output and "共 5 个单位" in r.output
    r = CliRunner().invoke(main, ["units", "--db", url, "--format", "json"])
    data = {u["code"]: u for u in json.loads(r.output)}
    assert [b["year"] for b in data["212002"]["budgets"]] == [2022, 2023] and data["212002"]["documents"] == 2

    r = CliRunner().invoke(main, ["show", "綦江区社会保险", "--db", url, "--format", "json"])
    assert r.exit_code == 0, r.output
    shown = json.loads(r.output)
    assert shown["year"] == 2023 and shown["version"] == 1
    general = next(t for t in shown["tables"] if t["kind"] == "general_expenditure")
    row = next(x for x in general["rows"] if x["code"] == "208")
    assert row["amounts"] == {"total": "2859.58", "basic": "879.69", "project": "1979.89"}
    summary = next(t for t in shown["tables"] if t["kind"] == "fiscal_summary")
    assert summary["total"]["total"] == "3094.17"
    assert set(shown["findings"]) == {"error", "warning", "info"}

    r = CliRunner().invoke(main, ["show", "212002", "--year", "2022", "--db", url])
    assert r.exit_code == 0, r.output
    assert "2022 年预算" in r.output and "一般公共预算支出表" in r.output and "2600.00" in r.output

    r = CliRunner().invoke(main, ["show", "社会保险", "--db", url])
    assert r.exit_code == 2 and "多个单位" in r.output
