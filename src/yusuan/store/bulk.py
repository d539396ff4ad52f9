"""Storing a group of files' results at once: the rows ``save`` writes file by file, in a few bulk
statements for the whole group (COPY on PostgreSQL, INSERTs of many rows each elsewhere), in the
caller's transaction.

The outcome is the rows ``save`` would write for the same items in the same order: ids in that
order, the same versions (a second document for a unit, year and kind is the next version, within
the group too), a content already stored (or met earlier in the group) skipped. A group either is
stored whole or not at all: the caller (``batch.py``) stores a group that fails file by file, so
that one file's refused rows never cost the others theirs.

The items' text must already be storable (``repository.storable``: ``loaded`` and ``unreadable``
make it so in the worker); the rows go to the driver as they are, without SQLAlchemy's per-row
processing, which took most of a file's store time.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from operator import itemgetter

from sqlalchemy import BigInteger, Boolean, Float, Integer, LargeBinary, String, Text, func, insert, select
from sqlalchemy.engine import Connection

from . import schema as s
from .repository import UNIT, Loaded, kept_rows

_PG_TYPES = {Integer: "int4", BigInteger: "int8", Text: "text", String: "text", Boolean: "bool", Float: "float8",
             LargeBinary: "bytea"}
_ROWS = (("facts", s.facts), ("projects", s.projects), ("indicators", s.indicators), ("claims", s.claims))


def save_many(conn: Connection, items: Sequence[Loaded]) -> list[int | None]:
    """Store the items → each one's new document id, or None when its content is already stored
    (or comes earlier in ``items``)."""
    out: list[int | None] = [None] * len(items)
    known = set(conn.execute(select(s.documents.c.sha256).where(
        s.documents.c.sha256.in_({i.sha256 for i in items}))).scalars())
    fresh: list[int] = []
    for n, item in enumerate(items):
        if item.sha256 not in known:
            known.add(item.sha256)
            fresh.append(n)
    if not fresh:
        return out
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    doc_ids = _returning(conn, s.documents, [
        {"sha256": items[n].sha256, "file": items[n].file, "path": items[n].path, "format": items[n].format,
         "size": items[n].size, "read_at": now, "seconds": items[n].seconds, "status": items[n].status}
        for n in fresh])
    for n, doc_id in zip(fresh, doc_ids):
        out[n] = doc_id
    _bulk(conn, s.findings, "document_id", [(doc_id, items[n].findings) for n, doc_id in zip(fresh, doc_ids)])
    read = [(n, doc_id) for n, doc_id in zip(fresh, doc_ids) if items[n].status == "read"]
    if not read:
        return out
    units = _unit_rows(conn, [items[n].unit for n, _ in read])
    versions = _latest_versions(conn, {row[0] for row in units})
    budgets = []
    for (n, doc_id), unit in zip(read, units):
        item = items[n]
        unit_id = unit[0]
        key = (unit_id, item.kind, item.year)
        versions[key] = versions.get(key, 0) + 1
        budgets.append({"unit_id": unit_id, "year": item.year, "kind": item.kind, "version": versions[key],
                        "document_id": doc_id, "amount_unit": item.amount_unit})
    budget_ids = _returning(conn, s.budgets, budgets)
    for name, table in _ROWS:
        _bulk(conn, table, "budget_id", [(b, getattr(items[n], name)) for (n, _), b in zip(read, budget_ids)])
    documents = [{"budget_id": b, "schema": items[n].document_schema, "body": items[n].document}
                 for (n, _), b in zip(read, budget_ids) if items[n].document is not None]
    if documents:
        _insert_dicts(conn, s.documents_json, documents)
    kept = [row for (n, doc_id), unit, b, budget in zip(read, units, budget_ids, budgets)
            for row in kept_rows(items[n], unit, b, doc_id, budget["version"])]
    if kept:
        from .portal import page_cache
        _insert_dicts(conn, page_cache, kept)
    return out


def _returning(conn: Connection, table, rows: list[dict]) -> list[int]:
    """Insert the rows in one statement (SQLAlchemy's insertmanyvalues) → their ids, in order."""
    if len(rows) == 1:
        return [conn.execute(insert(table).values(rows[0]).returning(table.c.id)).scalar_one()]
    result = conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    return list(result.scalars())


def _unit_rows(conn: Connection, units: list[tuple]) -> list[tuple]:
    """Each unit's row (id, code, name, parent, region), in order, for the units (code, name, parent,
    region): the stored ones found, the others inserted as the first of them to come describes them."""
    keys = [s.unit_key(code, name) for code, name, _, _ in units]  # once each: a sha256 of JSON
    wanted: dict[str, tuple] = {}
    for key, unit in zip(keys, units):
        wanted.setdefault(key, unit)
    found = {r[0]: tuple(r[1:]) for r in conn.execute(select(s.units.c.key_sha256, *UNIT).where(
        s.units.c.key_sha256.in_(wanted)))}
    new = [key for key in wanted if key not in found]
    if new:
        ids = _returning(conn, s.units, [dict(zip(("code", "name", "parent", "region"), wanted[k]), key_sha256=k)
                                         for k in new])
        found.update((k, (i, *wanted[k])) for k, i in zip(new, ids))
    return [found[key] for key in keys]


def _latest_versions(conn: Connection, unit_ids: set[int]) -> dict[tuple, int]:
    """(unit_id, kind, year) → the highest stored version, for these units."""
    b = s.budgets.c
    return {(u, k, y): v for u, k, y, v in conn.execute(
        select(b.unit_id, b.kind, b.year, func.max(b.version)).where(b.unit_id.in_(unit_ids))
        .group_by(b.unit_id, b.kind, b.year))}


def _bulk(conn: Connection, table, owner: str, groups: list[tuple[int, tuple[dict, ...]]]) -> None:
    """Each group's rows (dicts of the table's column keys) with the owner's id in front, in one go.
    The column keys are the first row's; every row of a table has the same (``loaded``)."""
    first = next((rows[0] for _, rows in groups if rows), None)
    if first is None:
        return
    keys = tuple(first)
    get = itemgetter(*keys) if len(keys) > 1 else (lambda r: (r[keys[0]],))
    values: list = []  # flat, row after row: no tuple per row (``_insert``)
    for owner_id, rows in groups:
        for r in rows:
            values.append(owner_id)
            values += get(r)
    _insert(conn, table, (table.c[owner], *(table.c[k] for k in keys)), values)


def _insert_dicts(conn: Connection, table, rows: list[dict]) -> None:
    """Rows given as dicts of the same column keys."""
    keys = tuple(rows[0])
    get = itemgetter(*keys)
    _insert(conn, table, tuple(table.c[k] for k in keys), [v for r in rows for v in get(r)])


_VARIABLES = 999  # bound values a SQLite statement takes on any build (newer ones take 32,766, but statements
# of 3,000 values stored no faster and of 32,766 slower)


def _insert(conn: Connection, table, columns: tuple, values: list) -> None:
    """Rows into these columns of the table, their values given flat (row after row): COPY on
    PostgreSQL, multi-row INSERTs elsewhere (``_many_rows``)."""
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c.name) for c in columns)
    n = len(columns)
    cursor = conn.connection.driver_connection.cursor()
    try:
        if conn.dialect.name == "postgresql":  # binary COPY: the values as the columns' types, no text in between
            with cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types([_PG_TYPES[type(c.type)] for c in columns])
                for k in range(0, len(values), n):
                    copy.write_row(values[k:k + n])
        else:
            _many_rows(cursor, f"INSERT INTO {quote(table.name)} ({names}) VALUES ", n, values)
    finally:
        cursor.close()


def _many_rows(cursor, head: str, n: int, values: list) -> None:
    """``head`` (INSERT … VALUES) with as many rows of ``n`` values a statement as ``_VARIABLES``
    allows: SQLite stores them in some two thirds of the time of one row a statement (a statement's
    step, reset and turn of the driver's loop, a third of what a row cost, are paid once for ~70 rows)."""
    step = max(1, _VARIABLES // n) * n
    whole = len(values) - len(values) % step
    row = f"({', '.join('?' * n)})"
    if whole:
        cursor.executemany(head + ", ".join([row] * (step // n)), (values[k:k + step] for k in range(0, whole, step)))
    if whole < len(values):
        cursor.execute(head + ", ".join([row] * ((len(values) - whole) // n)), values[whole:])
