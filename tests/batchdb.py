"""Helpers for the store and batch tests: a fresh PostgreSQL database per test, and a snapshot of a
store's rows without its ids, times and absolute file locations (so that two stores compare)."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


@pytest.fixture
def pg_url():
    """A new, empty PostgreSQL database (dropped afterwards) → its URL."""
    name = f"yusuan_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(f"{PG_SERVER}/test", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


_OWNER = """documents d LEFT JOIN budgets b ON b.document_id = d.id LEFT JOIN units u ON u.id = b.unit_id"""


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every table, ids replaced by natural keys (the document's hash), sorted."""
    q = {
        "documents": "SELECT sha256, file, path, format, size, status FROM documents",
        "units": "SELECT code, name, parent, region FROM units",
        "budgets": "SELECT d.sha256, u.code, u.name, b.year, b.kind, b.version, b.amount_unit FROM budgets b "
                   "JOIN documents d ON d.id = b.document_id JOIN units u ON u.id = b.unit_id",
        "facts": "SELECT d.sha256, f.\"table\", f.row_code, f.row_name, f.\"column\", f.amount, f.amount_unit, "
                 "f.line, f.page, f.sheet, f.cell FROM facts f JOIN budgets b ON b.id = f.budget_id "
                 "JOIN documents d ON d.id = b.document_id",
        "projects": "SELECT d.sha256, p.ordinal, p.code, p.name, p.amount, p.funding, p.type, p.department, p.goal, "
                    "p.line FROM projects p JOIN budgets b ON b.id = p.budget_id JOIN documents d ON d.id = b.document_id",
        "indicators": "SELECT d.sha256, i.project_ordinal, i.level1, i.level2, i.name, i.operator, i.value, i.number, "
                      "i.unit, i.weight, i.core, i.line FROM indicators i JOIN budgets b ON b.id = i.budget_id "
                      "JOIN documents d ON d.id = b.document_id",
        "findings": "SELECT d.sha256, f.code, f.severity, f.message, f.\"table\", f.\"row\", f.\"column\", "
                    "f.expected, f.actual, f.line, f.page, f.sheet, f.cell FROM findings f "
                    "JOIN documents d ON d.id = f.document_id",
        "documents_json": "SELECT d.sha256, j.schema FROM documents_json j JOIN budgets b ON b.id = j.budget_id "
                          "JOIN documents d ON d.id = b.document_id",
    }
    with engine.connect() as conn:
        return {name: sorted((tuple(r) for r in conn.execute(text(sql))), key=repr) for name, sql in q.items()}


def count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
