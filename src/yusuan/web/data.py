"""The portal's read queries: public budgets (every stored document but uploads under review), the
index with search and pages, a unit's budget for a year, the series the charts draw, the review
dashboard and the findings of a document with their marks.

Plain SQLAlchemy Core, the same on SQLite and PostgreSQL; amounts stay exact decimal text.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, bindparam, case, func, or_, select
from sqlalchemy.engine import Connection

from ..store import schema as s
from ..store.query import BudgetRef, StoredUnit, _ref, _unit
from ..store import portal as t

UPLOAD = "upload:"  # the path a document read from an upload is stored with: not public until published
PAGE = 50


def public():
    """Documents on the public pages: read, and not an upload under review."""
    d = s.documents.c
    return and_(d.status == "read", or_(d.path.is_(None), ~d.path.startswith(UPLOAD, autoescape=True)))


def _budgets():
    b, d = s.budgets, s.documents
    return (select(b.c.id.label("budget_id"), b.c.unit_id, b.c.year, b.c.kind, b.c.version, b.c.document_id,
                   b.c.amount_unit, d.c.file, d.c.path, d.c.sha256)
            .join(d, d.c.id == b.c.document_id))


@dataclass(frozen=True)
class Listed:
    unit: StoredUnit
    years: tuple[tuple[int, str], ...]  # (year, kind) with a public budget, newest first


def _search(q: str):
    u = s.units.c
    q = q.strip()
    return or_(u.code == q, u.code.startswith(q, autoescape=True), u.name.contains(q, autoescape=True))


def index(conn: Connection, q: str = "", page: int = 1, size: int = PAGE) -> tuple[tuple[Listed, ...], int]:
    """One page of the units with a public budget (by code and name), and how many there are."""
    u, b = s.units, s.budgets
    has = select(b.c.unit_id).join(s.documents, s.documents.c.id == b.c.document_id).where(public())
    where = [u.c.id.in_(has)]
    if q.strip():
        where.append(_search(q))
    total = conn.execute(select(func.count()).select_from(u).where(*where)).scalar_one()
    rows = conn.execute(select(u).where(*where).order_by(u.c.code, u.c.name, u.c.id)
                        .limit(size).offset((max(page, 1) - 1) * size)).all()
    years: dict[int, list] = {r.id: [] for r in rows}
    if rows:
        for r in conn.execute(select(b.c.unit_id, b.c.year, b.c.kind).distinct()
                              .join(s.documents, s.documents.c.id == b.c.document_id)
                              .where(public(), b.c.unit_id.in_(list(years)), b.c.year.is_not(None))
                              .order_by(b.c.year.desc(), b.c.kind)):
            years[r.unit_id].append((r.year, r.kind))
    return tuple(Listed(_unit(r), tuple(years[r.id])) for r in rows), total


def _find(by_kind: bool):
    b, u = s.budgets.c, s.units
    q = (_budgets().add_columns(*[c.label(f"u_{c.name}") for c in u.c]).join(u, u.c.id == b.unit_id)
         .where(u.c.code == bindparam("code"), b.year == bindparam("year"), public()))
    if by_kind:
        q = q.where(b.kind == bindparam("kind"))
    return q.order_by(case((b.kind == "budget", 0), else_=1), b.version.desc(), b.id.desc()).limit(1)


_FIND = {by_kind: _find(by_kind) for by_kind in (False, True)}  # built once: building costs more than running


def _unit_ref(r) -> tuple[StoredUnit, BudgetRef]:
    return StoredUnit(r.u_id, r.u_code, r.u_name, r.u_parent, r.u_region), _ref(r)


def find(conn: Connection, code: str, year: int, kind: str | None = None) -> tuple[StoredUnit, BudgetRef] | None:
    """The public budget of the unit with this code for a year: its latest version (a 预算 before a
    决算 unless ``kind`` asks)."""
    r = conn.execute(_FIND[bool(kind)], {"code": code, "year": year, **({"kind": kind} if kind else {})}).first()
    return None if r is None else _unit_ref(r)


def _find_many():
    b, u = s.budgets.c, s.units
    return (_budgets().add_columns(*[c.label(f"u_{c.name}") for c in u.c]).join(u, u.c.id == b.unit_id)
            .where(u.c.code.in_(bindparam("codes", expanding=True)), b.year.in_(bindparam("years", expanding=True)),
                   b.kind == bindparam("kind"), public())
            .order_by(b.version.desc(), b.id.desc()))


_FIND_MANY = _find_many()


def find_many(conn: Connection, keys, kind: str) -> dict[tuple[str, int], tuple[StoredUnit, BudgetRef]]:
    """(code, year) → what ``find(conn, code, year, kind)`` gives, for each of these keys that has
    one, in one statement."""
    keys = set(keys)
    out: dict[tuple[str, int], tuple[StoredUnit, BudgetRef]] = {}
    if keys:
        for r in conn.execute(_FIND_MANY, {"codes": sorted({c for c, _ in keys}), "years": sorted({y for _, y in keys}),
                                           "kind": kind}):
            if (r.u_code, r.year) in keys and (r.u_code, r.year) not in out:  # the first: the latest version
                out[r.u_code, r.year] = _unit_ref(r)
    return out


def public_budgets(conn: Connection, q: str = "", page: int = 1, size: int = PAGE) -> tuple[list[dict], int]:
    """The API's listing: one row per unit, year and kind (its latest public version)."""
    b, u = s.budgets, s.units
    top = (select(b.c.unit_id, b.c.year, b.c.kind, func.max(b.c.version).label("version"))
           .join(s.documents, s.documents.c.id == b.c.document_id).where(public(), b.c.year.is_not(None))
           .group_by(b.c.unit_id, b.c.year, b.c.kind).subquery())
    where = [_search(q)] if q.strip() else []
    total = conn.execute(select(func.count()).select_from(top.join(u, u.c.id == top.c.unit_id)).where(*where)).scalar_one()
    rows = conn.execute(select(u.c.code, u.c.name, u.c.parent, u.c.region, top.c.year, top.c.kind, top.c.version)
                        .select_from(top.join(u, u.c.id == top.c.unit_id)).where(*where)
                        .order_by(u.c.code, u.c.name, top.c.year, top.c.kind)
                        .limit(size).offset((max(page, 1) - 1) * size)).all()
    return [{"code": r.code, "name": r.name, "parent": r.parent, "region": r.region, "year": r.year, "kind": r.kind,
             "version": r.version} for r in rows], total


def _series():
    b, f = s.budgets, s.facts
    units = bindparam("units", expanding=True)
    top = (select(b.c.unit_id, b.c.year, func.max(b.c.version).label("v"))
           .join(s.documents, s.documents.c.id == b.c.document_id)
           .where(b.c.unit_id.in_(units), b.c.kind == "budget", public(), b.c.year.is_not(None))
           .group_by(b.c.unit_id, b.c.year).subquery())
    return (select(b.c.unit_id, b.c.year, f.c.amount).select_from(
            b.join(top, and_(top.c.unit_id == b.c.unit_id, top.c.year == b.c.year, top.c.v == b.c.version))
            .outerjoin(f, and_(f.c.budget_id == b.c.id, f.c.table_kind == bindparam("table"),
                               f.c.row_code == bindparam("row"), f.c.column_name == bindparam("column"),
                               f.c.unit_code.is_(None))))
            .where(b.c.unit_id.in_(units), b.c.kind == "budget").order_by(b.c.unit_id, b.c.year, f.c.id))


_SERIES = _series()  # built once


def series_of(conn: Connection, unit_ids, table: str, row: str,
              column: str = "total") -> dict[int, list[tuple[int, Decimal | None]]]:
    """unit id → (year, amount) of one figure in each year's latest public 预算 of the unit (every
    unit asked for, with [] when it has none), in one statement."""
    out: dict[int, dict[int, Decimal | None]] = {u: {} for u in unit_ids}
    for r in conn.execute(_SERIES, {"units": list(out), "table": table, "row": row, "column": column}):
        years = out[r.unit_id]
        if r.year not in years or years[r.year] is None:
            years[r.year] = Decimal(r.amount) if r.amount and r.amount != "#####" else None
    return {u: sorted(years.items()) for u, years in out.items()}


def series(conn: Connection, unit: StoredUnit, table: str, row: str, column: str = "total") -> list[tuple[int, Decimal | None]]:
    """(year, amount) of one figure in each year's latest public 预算 of a unit."""
    return series_of(conn, (unit.id,), table, row, column)[unit.id]


# ---- review -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DashboardRow:
    unit: StoredUnit
    year: int | None
    kind: str
    version: int
    document_id: int
    file: str
    errors: int
    warnings: int
    open_errors: int  # errors not yet marked
    upload_id: int | None


def dashboard(conn: Connection, *, family: str = "", region: str = "", year: int | None = None, status: str = "",
              units: tuple[str, ...] | None = None, limit: int = 500) -> list[DashboardRow]:
    """Documents with their error and warning counts, worst first; ``family``: a rule code's letter
    (A, X, N …); ``status``: 未处理 | 已核实 | 已说明 (findings with that mark); ``units``: only
    these unit (or 部门) codes."""
    fi, m, b, u, d = s.findings, t.marks, s.budgets, s.units, s.documents
    conds = [fi.c.severity.in_(("error", "warning"))]
    if family:
        conds.append(fi.c.code.startswith(family, autoescape=True))
    if status == "未处理":
        conds.append(m.c.status.is_(None))
    elif status:
        conds.append(m.c.status == status)
    counted = (select(fi.c.document_id,
                      func.sum(case((fi.c.severity == "error", 1), else_=0)).label("errors"),
                      func.sum(case((fi.c.severity == "warning", 1), else_=0)).label("warnings"),
                      func.sum(case((and_(fi.c.severity == "error", m.c.status.is_(None)), 1), else_=0)).label("open"))
               .select_from(fi.outerjoin(m, m.c.finding_id == fi.c.id)).where(*conds)
               .group_by(fi.c.document_id).subquery())
    last_upload = select(func.max(t.uploads.c.id)).where(t.uploads.c.document_id == d.c.id).scalar_subquery()
    q = (select(u, b.c.year, b.c.kind, b.c.version, d.c.id.label("doc"), d.c.file,
                func.coalesce(counted.c.errors, 0).label("errors"), func.coalesce(counted.c.warnings, 0).label("warnings"),
                func.coalesce(counted.c.open, 0).label("open"), last_upload.label("upload"))
         .select_from(b.join(u, u.c.id == b.c.unit_id).join(d, d.c.id == b.c.document_id)
                      .outerjoin(counted, counted.c.document_id == d.c.id)))
    if family or status:
        q = q.where(counted.c.document_id.is_not(None))
    if region:
        q = q.where(u.c.region.startswith(region, autoescape=True))
    if year:
        q = q.where(b.c.year == year)
    if units is not None:
        q = q.where(or_(u.c.code.in_(units), u.c.parent.in_(units)))
    q = q.order_by(func.coalesce(counted.c.errors, 0).desc(), func.coalesce(counted.c.warnings, 0).desc(),
                   u.c.code, b.c.year).limit(limit)
    return [DashboardRow(_unit(r), r.year, r.kind, r.version, r.doc, r.file, int(r.errors), int(r.warnings),
                         int(r.open), r.upload) for r in conn.execute(q)]


@dataclass(frozen=True)
class MarkedFinding:
    id: int
    code: str
    severity: str
    message: str
    table: str | None
    line: int | None
    mark: str | None
    comment: str
    by: str | None
    at: str | None


def findings(conn: Connection, document_id: int) -> list[MarkedFinding]:
    fi, m, us = s.findings, t.marks, t.users
    rank = case((fi.c.severity == "error", 0), (fi.c.severity == "warning", 1), else_=2)
    q = (select(fi.c.id, fi.c.code, fi.c.severity, fi.c.message, fi.c.table_kind, fi.c.line, m.c.status, m.c.comment,
                us.c.name, m.c.at)
         .select_from(fi.outerjoin(m, m.c.finding_id == fi.c.id).outerjoin(us, us.c.id == m.c.user_id))
         .where(fi.c.document_id == document_id).order_by(rank, fi.c.id))
    return [MarkedFinding(r.id, r.code, r.severity, r.message, r.table_kind, r.line, r.status, r.comment or "",
                          r.name, r.at) for r in conn.execute(q)]


def document_unit(conn: Connection, document_id: int) -> tuple[StoredUnit | None, object]:
    """The unit a document was stored under (None for an unreadable file) and its budget row."""
    b, u = s.budgets, s.units
    r = conn.execute(select(u, b.c.year, b.c.kind, b.c.version).select_from(b.join(u, u.c.id == b.c.unit_id))
                     .where(b.c.document_id == document_id)).first()
    return (None, None) if r is None else (_unit(r), r)


def export_rows(conn: Connection, units: tuple[str, ...] | None):
    """Every finding with its document's unit and year and its mark, for the CSV export."""
    fi, m, us, b, u, d = s.findings, t.marks, t.users, s.budgets, s.units, s.documents
    q = (select(u.c.code, u.c.name, u.c.region, b.c.year, b.c.kind, b.c.version, d.c.file, fi.c.id, fi.c.code.label("rule"),
                fi.c.severity, fi.c.message, fi.c.table_kind, fi.c.row_code, fi.c.column_name, fi.c.expected,
                fi.c.actual, fi.c.line, m.c.status, m.c.comment, us.c.name.label("by"), m.c.at)
         .select_from(fi.join(d, d.c.id == fi.c.document_id).outerjoin(b, b.c.document_id == d.c.id)
                      .outerjoin(u, u.c.id == b.c.unit_id).outerjoin(m, m.c.finding_id == fi.c.id)
                      .outerjoin(us, us.c.id == m.c.user_id))
         .order_by(u.c.code, b.c.year, d.c.id, fi.c.id))
    if units is not None:
        q = q.where(or_(u.c.code.in_(units), u.c.parent.in_(units)))
    return conn.execute(q)
