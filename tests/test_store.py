"""The store: migrations, open_store, the five seeds imported into real SQLite files and a real
PostgreSQL database, versions, idempotence."""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from batchdb import count, snapshot
from conftest import SEEDS, seed_path
from yusuan.batch import run
from yusuan.store import metadata
from yusuan.store.engine import open_store, store_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from storedb import edited  # noqa: E402


def _no_drift(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)


def test_migration_matches_schema_sqlite(tmp_path):
    engine = open_store(str(tmp_path / "y.db"))
    assert _no_drift(engine) == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0010"
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1


def test_migration_matches_schema_postgresql(pg_url):
    engine = open_store(pg_url)
    assert _no_drift(engine) == []
    open_store(pg_url)  # opening again: already at head, nothing to do
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0010"
    engine.dispose()


def test_store_url(tmp_path, monkeypatch):
    monkeypatch.delenv("YUSUAN_DB", raising=False)
    assert store_url() == "sqlite:///yusuan.db"
    assert store_url("x/budget.db") == "sqlite:///x/budget.db"
    assert store_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("YUSUAN_DB", str(tmp_path / "env.db"))
    assert store_url() == f"sqlite:///{tmp_path / 'env.db'}"
    open_store()
    assert (tmp_path / "env.db").exists()


def _facts(engine, sql: str, **params) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


FACT_208 = """SELECT f."column", f.amount, f.line FROM facts f JOIN budgets b ON b.id = f.budget_id
              JOIN units u ON u.id = b.unit_id WHERE u.code = :code AND f."table" = 'general_expenditure'
              AND f.row_code = '208' AND b.version = :version ORDER BY f."column" """


def _check_seeds(engine) -> None:
    assert count(engine, "documents") == 5 and count(engine, "budgets") == 5 and count(engine, "units") == 5
    assert count(engine, "facts") == 1262
    assert count(engine, "projects") == 65
    assert count(engine, "indicators") == 375
    assert count(engine, "findings") == 148  # 000: procurement disclosed nowhere is C104 alone (no C108 beside it)
    assert _facts(engine, "SELECT u.code, u.name, u.parent, u.region, b.year, b.kind, b.version FROM budgets b "
                          "JOIN units u ON u.id = b.unit_id ORDER BY u.code") == [
        ("121003", "重庆市荣昌区社会保险事务中心", "121", "500153", 2026, "budget", 1),
        ("124", "重庆市大渡口区社会保险事务中心", None, "500104", 2024, "budget", 1),
        ("212001", "重庆市綦江区人力资源和社会保障局（本级）", "212", "500110", 2023, "budget", 1),
        ("212002", "重庆市綦江区社会保险事务中心", "212", "500110", 2023, "budget", 1),
        ("303016", "新乡市社会保险中心", "303", "410700", 2023, "budget", 1)]
    # 表二, 208 社会保障和就业支出 of seed 000: 2,859.58 = 879.69 + 1,979.89, stored as exact text
    assert _facts(engine, FACT_208, code="212002", version=1) == [
        ("basic", "879.69", 28), ("project", "1979.89", 28), ("total", "2859.58", 28)]
    assert _facts(engine, FACT_208, code="124", version=1) == [
        ("basic", "639.88", 186), ("prior_year", "1133.65", 186), ("project", "573.57", 186),
        ("total", "1213.45", 186)]
    per_doc = _facts(engine, "SELECT d.file, count(*) FROM facts f JOIN budgets b ON b.id = f.budget_id JOIN "
                             "documents d ON d.id = b.document_id GROUP BY d.file ORDER BY d.file")
    assert [n for _, n in per_doc] == [186, 219, 304, 262, 291]


def test_five_seeds_sqlite(tmp_path):
    engine = open_store(str(tmp_path / "y.db"))
    summary = run([SEEDS], engine, jobs=1, progress=False)
    assert (summary.files, summary.stored, summary.skipped, summary.budgets, summary.unreadable) == (5, 5, 0, 5, 0)
    _check_seeds(engine)
    with sqlite3.connect(tmp_path / "y.db") as raw:  # amounts are TEXT in the file itself
        assert raw.execute("SELECT typeof(amount), count(*) FROM facts GROUP BY 1").fetchall() == [("text", 1262)]


def test_five_seeds_postgresql(pg_url):
    engine = open_store(pg_url)
    run([SEEDS], engine, jobs=2, progress=False)
    _check_seeds(engine)
    engine.dispose()


def test_sqlite_and_postgresql_identical(tmp_path, pg_url):
    lite, pg = open_store(str(tmp_path / "y.db")), open_store(pg_url)
    for engine in (lite, pg):
        run([SEEDS], engine, jobs=1, progress=False)
    a, b = snapshot(lite), snapshot(pg)
    assert len(a["facts"]) == 1262
    for table in a:
        assert a[table] == b[table], table
    pg.dispose()


def test_reimport_stores_nothing(tmp_path):
    engine = open_store(str(tmp_path / "y.db"))
    run([SEEDS], engine, progress=False)
    before = snapshot(engine)
    again = run([SEEDS], engine, jobs=2, progress=False)
    assert (again.files, again.stored, again.skipped, again.budgets) == (5, 0, 5, 0)
    assert snapshot(engine) == before


def test_new_version_keeps_the_old(tmp_path):
    """Seed 000 with one number edited (表二 2080102 一般行政管理事务 2.19 → 3.19): version 2, version 1 kept."""
    engine = open_store(str(tmp_path / "y.db"))
    run([seed_path("000")], engine, progress=False)
    v2 = edited("000", tmp_path, "000_v2.txt", ("2080102\t一般行政管理事务\t2.19\t\t2.19",
                                                "2080102\t一般行政管理事务\t3.19\t\t3.19"))
    summary = run([v2], engine, progress=False)
    assert (summary.stored, summary.budgets) == (1, 1)
    assert _facts(engine, "SELECT u.code, b.year, b.version, d.file FROM budgets b JOIN units u ON u.id = b.unit_id "
                          "JOIN documents d ON d.id = b.document_id ORDER BY b.version") == [
        ("212002", 2023, 1, str(seed_path("000"))), ("212002", 2023, 2, str(v2))]
    assert count(engine, "units") == 1
    edited_row = """SELECT b.version, f.amount FROM facts f JOIN budgets b ON b.id = f.budget_id
                    WHERE f."table" = 'general_expenditure' AND f.row_code = '2080102' AND f."column" = 'total'
                    ORDER BY b.version"""
    assert _facts(engine, edited_row) == [(1, "2.19"), (2, "3.19")]
    assert _facts(engine, FACT_208, code="212002", version=2) == _facts(engine, FACT_208, code="212002", version=1)
    assert count(engine, "facts") == 2 * 186
