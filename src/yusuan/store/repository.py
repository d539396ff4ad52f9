"""Writing one file's results into the store, and the plain record that carries them there.

A worker reads and checks a file and returns a ``Loaded``: plain tuples only, so that it crosses
process and network boundaries cheaply (a process pool, a Dask cluster). ``save`` writes it in
the caller's transaction: either all of a file's rows are stored or none.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from ..ledger import facts as document_facts
from ..model import Document, Source
from ..report import Report
from . import schema as s
from .documents import SCHEMA, pack


@dataclass(frozen=True)
class Loaded:
    sha256: str
    file: str
    path: str
    size: int
    format: str
    seconds: float
    status: str  # read | unreadable
    unit: tuple  # (code, name, parent, region)
    year: int | None
    kind: str
    amount_unit: str | None
    facts: tuple[dict, ...]
    projects: tuple[dict, ...]
    indicators: tuple[dict, ...]
    findings: tuple[dict, ...]
    claims: tuple[dict, ...] = ()
    document: bytes | None = None  # the whole document, packed (store/documents.py); None when unreadable
    document_schema: int | None = None  # the codec's schema version it was packed with
    pages: tuple[tuple[str, bytes], ...] = ()  # parts of its public page made as it was read (web/parts.read_parts)
    api_tables: str | None = None  # the "tables" of its API's JSON, made there too: ``kept_rows`` keeps the JSON


def _where(src: Source) -> dict:
    return {"line": src.line, "page": src.page, "sheet": src.sheet, "cell": src.cell}


def _text(value) -> str | None:
    return None if value is None else str(value)


def _indicator_rows(indicators, project_ordinal: int | None) -> list[dict]:
    return [{"project_ordinal": project_ordinal, "level1": i.level1, "level2": i.level2, "name": i.name,
             "operator": i.operator, "value": i.value, "number": _text(i.number), "unit": i.unit,
             "weight": _text(i.weight), "core": i.core, "line": i.source.line} for i in indicators]


def _finding_row(f) -> dict:
    return {"code": f.code, "severity": f.severity.value, "message": f.message, "table_kind": f.table,
            "row_code": f.row, "column_name": f.column, "expected": f.expected, "actual": f.actual,
            **_where(f.source)}


def loaded(doc: Document, report: Report, *, sha256: str, path: str, size: int, seconds: float) -> Loaded:
    """A read and checked document → its rows (pure), text made storable (``storable``)."""
    return storable(_loaded(doc, report, sha256=sha256, path=path, size=size, seconds=seconds))


def _loaded(doc: Document, report: Report, *, sha256: str, path: str, size: int, seconds: float) -> Loaded:
    indicators = _indicator_rows(doc.performance.indicators, None) if doc.performance else []
    for n, p in enumerate(doc.projects):
        indicators += _indicator_rows(p.indicators, n)
    return Loaded(
        sha256=sha256, file=doc.file, path=path, size=size, format=doc.layout, seconds=seconds, status="read",
        unit=(doc.unit.code, doc.unit.name, doc.unit.parent, doc.region),
        year=doc.year, kind=doc.kind, amount_unit=doc.amount_unit,
        facts=tuple({"table_kind": f.table, "row_code": f.row_code, "row_name": f.row_name,
                     "column_name": f.column, "amount": f.amount_text, "amount_unit": f.unit, **_where(f.source),
                     "unit_code": f.owner.code if f.owner else None, "unit_name": f.owner.name if f.owner else None}
                    for f in document_facts(doc)),
        projects=tuple({"ordinal": n, "code": p.code, "name": p.name, "amount": _text(p.amount),
                        "funding": json.dumps({k: str(v) for k, v in p.funding}, ensure_ascii=False),
                        "type": p.type, "department": p.department, "goal": p.goal, "line": p.source.line}
                       for n, p in enumerate(doc.projects)),
        indicators=tuple(indicators),
        findings=tuple(_finding_row(f) for f in report.findings),
        claims=tuple({"amount": str(c.amount), "unit": c.unit, "kind": c.kind, "subject": c.subject, "text": c.text,
                      "direction": c.direction, "compare_year": c.compare_year, "section": c.section,
                      "sentence": c.sentence, "fund": c.fund, "code": c.code,
                      "owner_code": c.owner.code if c.owner else None, "owner_name": c.owner.name if c.owner else None,
                      **_where(c.source)} for c in doc.claims),
        document=pack(doc), document_schema=SCHEMA,
    )


def unreadable(finding, *, sha256: str, file: str, path: str, size: int, seconds: float) -> Loaded:
    """A file that could not be read: stored as a document with its one finding (R001)."""
    return storable(Loaded(sha256=sha256, file=file, path=path, size=size, format="", seconds=seconds, status="unreadable",
                  unit=(None, None, None, None), year=None, kind="", amount_unit=None,
                  facts=(), projects=(), indicators=(), findings=(_finding_row(finding),)))


def stored(conn: Connection, sha256: str) -> bool:
    return conn.execute(select(s.documents.c.id).where(s.documents.c.sha256 == sha256)).first() is not None


UNIT = (s.units.c.id, s.units.c.code, s.units.c.name, s.units.c.parent, s.units.c.region)


def _unit(conn: Connection, code, name, parent, region) -> tuple:
    """The unit's row (id, code, name, parent, region): the stored one, else a new one as described."""
    key = s.unit_key(code, name)
    found = conn.execute(select(*UNIT).where(s.units.c.key_sha256 == key)).first()
    if found is not None:
        return tuple(found)
    return tuple(conn.execute(insert(s.units).values(code=code, name=name, parent=parent, region=region,
                                                     key_sha256=key).returning(*UNIT)).one())


def _storable(value):
    """A value both databases take as it is: text without NUL (PostgreSQL's text cannot hold it)
    and without lone surrogates (not UTF-8; a file name in an unknown encoding has them), each
    replaced by U+FFFD the same way on SQLite and PostgreSQL."""
    if value.__class__ is not str or (value.isascii() and "\x00" not in value):
        return value
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)
    return value


def _row(row: dict) -> dict:
    return {k: _storable(v) for k, v in row.items()}


_ODD = re.compile("[\x00\ud800-\udfff]")  # what _storable replaces


def _clean(rows: tuple[dict, ...]) -> tuple[dict, ...]:
    """The rows with storable text; the same rows when all of it is (one search over all their text)."""
    if not rows or not _ODD.search("".join([v for r in rows for v in r.values() if v.__class__ is str])):
        return rows
    return tuple(_row(r) for r in rows)


def storable(item: Loaded) -> Loaded:
    """The item with every text storable as it is (``_storable``), where it is made (a worker), so
    that a batch stores groups of items without looking at each value again (``store/bulk.py``)."""
    tables = {name: _clean(getattr(item, name)) for name in ("facts", "projects", "indicators", "findings", "claims")}
    unit = tuple(map(_storable, item.unit))
    texts = {name: _storable(getattr(item, name)) for name in ("file", "path", "format", "amount_unit")}
    if unit == item.unit and all(tables[n] is getattr(item, n) for n in tables) and \
            all(texts[n] is getattr(item, n) for n in texts):
        return item
    return replace(item, unit=unit, **tables, **texts)


def _rows(rows) -> list[dict]:
    return [_row(r) for r in rows]


def save(conn: Connection, item: Loaded) -> int | None:
    """Store one file's results; → the new document id, or None when the same content is already
    stored. A second document for the same unit, year and kind becomes the next version. Text is
    stored as it is, but for NUL and lone surrogates (``_storable``)."""
    if stored(conn, item.sha256):
        return None
    doc_id = conn.execute(insert(s.documents).values(_row({
        "sha256": item.sha256, "file": item.file, "path": item.path, "format": item.format, "size": item.size,
        "read_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "seconds": item.seconds,
        "status": item.status})).returning(s.documents.c.id)).scalar_one()
    if item.findings:
        conn.execute(insert(s.findings), _rows({"document_id": doc_id, **f} for f in item.findings))
    if item.status != "read":
        return doc_id
    unit = _unit(conn, *map(_storable, item.unit))
    unit_id = unit[0]
    version = conn.execute(select(func.coalesce(func.max(s.budgets.c.version), 0) + 1).where(
        s.budgets.c.unit_id == unit_id, s.budgets.c.kind == item.kind,
        s.budgets.c.year.is_(None) if item.year is None else s.budgets.c.year == item.year)).scalar_one()
    budget_id = conn.execute(insert(s.budgets).values(
        unit_id=unit_id, year=item.year, kind=item.kind, version=version, document_id=doc_id,
        amount_unit=_storable(item.amount_unit)).returning(s.budgets.c.id)).scalar_one()
    for table, rows in ((s.facts, item.facts), (s.projects, item.projects), (s.indicators, item.indicators),
                        (s.claims, item.claims)):
        if rows:
            conn.execute(insert(table), _rows({"budget_id": budget_id, **r} for r in rows))
    if item.document is not None:  # as packed: the codec keeps NUL and every character
        conn.execute(insert(s.documents_json).values(budget_id=budget_id, schema=item.document_schema,
                                                     body=item.document))
    if _clean(item.facts) is not item.facts:  # stored cleaned: not as the tables made from them were
        item = replace(item, api_tables=None)
    rows = kept_rows(item, unit, budget_id, doc_id, version)
    if rows:
        from .portal import page_cache
        conn.execute(insert(page_cache), rows)
    return doc_id


def kept_rows(item: Loaded, unit: tuple, budget_id: int, doc_id: int, version: int) -> list[dict]:
    """The rows of ``page_cache`` a stored file brings (kept as web/kept.py keeps what a visit makes,
    so that a first visit renders little): the parts of its page made as it was read, and its API's
    JSON, from the tables made there and what only the store knows (``unit``: its row; the version)."""
    bodies = list(item.pages)
    if item.api_tables is not None:
        from ..web.parts import stored_api
        from .query import BudgetRef, StoredUnit
        ref = BudgetRef(budget_id, item.year, item.kind, version, item.file, doc_id, item.amount_unit)
        bodies.append(("api", stored_api(item, StoredUnit(*unit), ref)))
    if not bodies:
        return []
    from .portal import stamp
    at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return [{"budget_id": budget_id, "part": part, "document_id": doc_id, "stamp": stamp(), "depends": None,
             "body": body, "made_at": at} for part, body in bodies]
