"""The store's facts as one long table: CSV or Parquet.

Columns: ``query.EXPORT_COLUMNS`` — the ``facts`` contract (``file … amount, amount_unit, kind``),
then ``version, region, sha256, line, page, sheet, cell``: the same vocabulary as the partitioned
Parquet that ``import --to parquet`` writes. ``amount`` stays the exact decimal text (``#####`` for a
lost value); Parquet adds ``value``, the same amount as decimal128(38, 8), null when lost (a store with
longer amounts gets a wider decimal that holds them exactly: ``store/decimals.py``). Text that a
spreadsheet would run as a formula is written with a leading ' in the CSV (``serialize.csv_text``).
"""
from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy.engine import Connection

from ..serialize import csv_row
from ..store.partitioned import facts_schema
from ..store.query import EXPORT_COLUMNS, all_facts

COLUMNS = EXPORT_COLUMNS


def write_csv(conn: Connection, out: Path, *, latest_only: bool = False) -> int:
    """→ the number of rows written."""
    n = 0
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for row in all_facts(conn, latest_only=latest_only):
            w.writerow(csv_row(row))
            n += 1
    return n


def write_parquet(conn: Connection, out: Path, *, latest_only: bool = False, batch: int = 50_000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..store.decimals import to_value, value_type
    schema = facts_schema(value_type(conn, 8))
    kind = schema.field("value").type
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        chunk: list[dict] = []

        def flush():
            if chunk:
                cols = {c: [r[c] for r in chunk] for c in COLUMNS}
                cols["year"] = [None if y == "" else y for y in cols["year"]]
                cols["value"] = [to_value(a, kind) for a in cols["amount"]]
                writer.write_table(pa.table(cols, schema=schema))
                chunk.clear()
        for row in all_facts(conn, latest_only=latest_only):
            chunk.append(row)
            n += 1
            if len(chunk) >= batch:
                flush()
        flush()
    return n
