"""The store's facts and findings as Parquet datasets partitioned by year and region.

``write_parquet(engine, DIR)`` writes ``DIR/facts/year=2023/region=500110/part-0.parquet`` and
``DIR/findings/…`` (Hive-style directories that pandas, DuckDB and Spark read as columns; a missing
year or region is ``__HIVE_DEFAULT_PARTITION__``, read back as null). Read ``region`` as text
(``PARTITIONING`` here; DuckDB: ``hive_types={'region': VARCHAR}``), or discovery makes 500110 a number.
The datasets are rewritten from the store, streaming, so they always hold everything stored,
also after an interrupted and resumed import. The facts' columns are those of ``export --to csv|parquet``
(``query.EXPORT_COLUMNS``, one vocabulary): ``amount`` is the exact decimal text as printed (the
``facts`` contract); ``value`` is the same number as decimal128(38, 8), null for a lost value (``#####``);
a store with longer amounts gets a wider decimal that holds them exactly (``decimals.py``).
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from . import schema as s
from .decimals import to_value, value_type
from .query import EXPORT_COLUMNS

_BATCH = 50_000
PARTITIONING = ds.partitioning(pa.schema([("year", pa.int32()), ("region", pa.string())]), flavor="hive")

_INTEGERS = frozenset({"year", "version", "line", "page"})


def facts_schema(value: pa.DataType = pa.decimal128(38, 8)) -> pa.Schema:
    """The facts' Parquet schema: the export's columns, then ``value`` of the type that holds them."""
    return pa.schema([(c, pa.int32() if c in _INTEGERS else pa.string()) for c in EXPORT_COLUMNS]
                     + [("value", value)])


FACTS = facts_schema()
FINDINGS = pa.schema([
    ("file", pa.string()), ("sha256", pa.string()), ("unit_code", pa.string()), ("unit_name", pa.string()),
    ("year", pa.int32()), ("region", pa.string()), ("kind", pa.string()), ("version", pa.int32()),
    ("code", pa.string()), ("severity", pa.string()), ("message", pa.string()), ("table", pa.string()),
    ("row", pa.string()), ("column", pa.string()), ("expected", pa.string()), ("actual", pa.string()),
    ("line", pa.int32()), ("page", pa.int32()), ("sheet", pa.string()), ("cell", pa.string()),
])


def _owner(f=None):
    """Whose row it is; a fact of a unit's own table set (``f`` the facts table) is that unit's."""
    d, b, u = s.documents, s.budgets, s.units
    code, name = u.c.code, u.c.name
    if f is not None:
        code, name = func.coalesce(f.c.unit_code, code), func.coalesce(f.c.unit_name, name)
    return [d.c.file, d.c.sha256, code.label("unit_code"), name.label("unit_name"), b.c.year, u.c.region,
            b.c.kind, b.c.version]


def _facts_query():
    f, b, u, d = s.facts, s.budgets, s.units, s.documents
    return (select(*_owner(f), f.c.table_kind.label("table"), f.c.row_code, f.c.row_name,
                   f.c.column_name.label("column"), f.c.amount, f.c.amount_unit, f.c.line, f.c.page, f.c.sheet,
                   f.c.cell)
            .join_from(f, b, f.c.budget_id == b.c.id).join(u, b.c.unit_id == u.c.id)
            .join(d, b.c.document_id == d.c.id).order_by(f.c.id))


def _findings_query():
    f, b, u, d = s.findings, s.budgets, s.units, s.documents
    return (select(*_owner(), f.c.code, f.c.severity, f.c.message, f.c.table_kind.label("table"),
                   f.c.row_code.label("row"), f.c.column_name.label("column"), f.c.expected, f.c.actual, f.c.line,
                   f.c.page, f.c.sheet, f.c.cell)
            .join_from(f, d, f.c.document_id == d.c.id).outerjoin(b, b.c.document_id == d.c.id)
            .outerjoin(u, b.c.unit_id == u.c.id).order_by(f.c.id))


def _batches(engine: Engine, query, schema: pa.Schema, with_value: bool):
    names = schema.names
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=_BATCH).execute(query)
        for rows in result.partitions():
            columns = {k: [] for k in names}
            for r in rows:
                m = r._mapping
                for k in names:
                    if k == "value":
                        columns[k].append(to_value(m["amount"], schema.field("value").type) if with_value else None)
                    else:
                        columns[k].append(m[k])
            yield pa.RecordBatch.from_pydict(columns, schema=schema)


def write_parquet(engine: Engine, directory: str | Path) -> dict[str, Path]:
    """Write the store's facts and findings under ``directory``; → {"facts": path, "findings": path}."""
    out = {}
    with engine.connect() as conn:
        facts = facts_schema(value_type(conn, 8))
    for name, query, schema in (("facts", _facts_query(), facts), ("findings", _findings_query(), FINDINGS)):
        target = Path(directory) / name
        target.mkdir(parents=True, exist_ok=True)
        for old in target.rglob("*.parquet"):  # rewritten whole: no stale partitions survive
            old.unlink()
        ds.write_dataset(_batches(engine, query, schema, name == "facts"), target, schema=schema, format="parquet",
                         partitioning=PARTITIONING, existing_data_behavior="overwrite_or_ignore",
                         basename_template="part-{i}.parquet", max_rows_per_group=_BATCH)
        out[name] = target
    return out
