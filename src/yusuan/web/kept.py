"""The parts of a budget's public page kept in the store per version (table ``page_cache``,
migration 0009): made on the first visit to the page, or beforehand by ``yusuan warm``.

A row is used only for the version it was made from (its budget id and document id) and only by
the code that made it (``STAMP``: a digest of yusuan's own files, so that a release that renders
differently makes every page again rather than serve an old rendering). The parts of web/parts.py
depend on the version alone. The whole anonymous page (``page``) also shows other years ("三公"
over the years, last year's budget): it is kept with the newest budget id of the units with its
code when it was made (``depends``) and used only while that is still the newest, so a budget
stored for any year of the unit, or a new version, makes the page again. Publishing drops the rows
of the versions it replaces, and ``prune`` every row that no page can use any more.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import and_, bindparam, case, delete, func, insert, or_, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from ..store import portal as t
from ..store import schema as s
from ..store.query import BudgetRef, StoredUnit
from . import data
from .packing import pack, unpack
from .parts import PARTS, make


STAMP = t.stamp()


_c = t.page_cache.c
_GET = select(_c.part, _c.body).where(_c.budget_id == bindparam("id"), _c.part.in_(bindparam("parts", expanding=True)),
                                      _c.document_id == bindparam("document_id"), _c.stamp == STAMP)  # built once
_ADD = insert(t.page_cache)


def get(conn: Connection, ref: BudgetRef, parts=PARTS) -> dict[str, str]:
    return {r.part: unpack(r.body)
            for r in conn.execute(_GET, {"id": ref.id, "parts": list(parts), "document_id": ref.document_id})}


_GET_MANY = select(_c.budget_id, _c.document_id, _c.part, _c.body).where(
    _c.budget_id.in_(bindparam("ids", expanding=True)), _c.part.in_(bindparam("parts", expanding=True)),
    _c.stamp == STAMP)
_DROP_ONE = delete(t.page_cache).where(_c.budget_id == bindparam("id"), _c.part == bindparam("drop_part"))


def get_many(conn: Connection, refs, parts=PARTS) -> dict[int, dict[str, str]]:
    """budget id → what ``get`` gives, for each of these versions (those with nothing kept too), in
    one statement."""
    return {i: {part: unpack(body) for part, body in got.items()} for i, got in get_packed(conn, refs, parts).items()}


def get_packed(conn: Connection, refs, parts=PARTS) -> dict[int, dict[str, bytes]]:
    """As ``get_many``, each part as kept (packed)."""
    documents = {ref.id: ref.document_id for ref in refs}
    out: dict[int, dict[str, bytes]] = {i: {} for i in documents}
    if documents:
        for r in conn.execute(_GET_MANY, {"ids": list(documents), "parts": list(parts)}):
            if r.document_id == documents[r.budget_id]:
                out[r.budget_id][r.part] = bytes(r.body)
    return out


@dataclass(frozen=True)
class Row:
    """A packed part to keep."""
    ref: BudgetRef
    part: str
    body: bytes
    depends: int | None = None


def write(conn: Connection, rows: list[Row]) -> None:
    """Keep these rows (replacing what other code made) in the caller's transaction: one executemany
    each to drop and to add."""
    if not rows:
        return
    at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    conn.execute(_DROP_ONE, [{"id": r.ref.id, "drop_part": r.part} for r in rows])
    conn.execute(_ADD, [{"budget_id": r.ref.id, "part": r.part, "document_id": r.ref.document_id, "stamp": STAMP,
                         "depends": r.depends, "body": r.body, "made_at": at} for r in rows])


def put(engine: Engine, ref: BudgetRef, bodies: dict[str, bytes], depends: int | None = None) -> bool:
    """Keep packed parts of this version (replacing what other code made); False when the store would
    not take them now (read-only, locked too long, another request kept them first): the page is
    served all the same."""
    try:
        with engine.begin() as conn:
            write(conn, [Row(ref, part, body, depends) for part, body in bodies.items()])
        return True
    except (IntegrityError, OperationalError):
        return False


def parts(engine: Engine, unit: StoredUnit, ref: BudgetRef, wanted=PARTS) -> dict[str, str]:
    """The parts of this version: kept ones, the others made now and kept."""
    with engine.connect() as conn:
        found = get(conn, ref, wanted)
        missing = [p for p in wanted if p not in found]
        if not missing:
            return found
        made = make(conn, unit, ref, missing)
    put(engine, ref, {k: pack(v) for k, v in made.items()})
    return {**found, **made}


# ---- the whole page of /units/{code}/{year} --------------------------------------------------------------

def newest(code, outer=None):
    """The newest budget id of the units with this code: a kept page is good while it is the same.
    ``outer``: the query ``code`` is a column of, when this is nested deeper than just inside it."""
    b, u = s.budgets.alias("nb"), s.units.alias("nu")  # aliases: never correlated with a query around it
    q = select(func.max(b.c.id)).select_from(b.join(u, u.c.id == b.c.unit_id)).where(u.c.code == code)
    return (q.correlate(outer) if outer is not None else q).scalar_subquery()


_DEPENDS = select(newest(bindparam("code")))  # built once: a statement costs more to build than to run


def depends(conn: Connection, code: str) -> int | None:
    return conn.execute(_DEPENDS, {"code": code}).scalar()


_DEPENDS_MANY = (select(s.units.c.code, func.max(s.budgets.c.id)).join(s.budgets, s.budgets.c.unit_id == s.units.c.id)
                 .where(s.units.c.code.in_(bindparam("codes", expanding=True))).group_by(s.units.c.code))


def depends_many(conn: Connection, codes) -> dict[str, int]:
    """code → ``depends(conn, code)`` for these codes (those with a budget), in one statement."""
    return dict(conn.execute(_DEPENDS_MANY, {"codes": sorted(set(codes))}).all())


def _shown(part: str):
    """/units/{code}/{year}'s budget (data.find's choice: a 预算 before a 决算, the latest version)
    with its kept ``part`` when it is still good (and, for the page, what it depends on now), in one
    statement (built once: a statement costs more to build than to run)."""
    b, u, c = s.budgets.c, s.units, t.page_cache.c
    code = bindparam("code")
    good = and_(c.budget_id == b.id, c.part == part, c.document_id == b.document_id, c.stamp == STAMP)
    columns = [*[col.label(f"u_{col.name}") for col in u.c], t.page_cache.c.body]
    if part == "page":
        good = and_(good, c.depends == newest(code))
        columns.append(newest(code).label("depends"))
    return (data._budgets().add_columns(*columns)
            .join(u, u.c.id == b.unit_id).outerjoin(t.page_cache, good)
            .where(u.c.code == code, b.year == bindparam("year"), data.public())
            .order_by(case((b.kind == "budget", 0), else_=1), b.version.desc(), b.id.desc()).limit(1))


_SHOWN = {part: _shown(part) for part in ("page", "api")}


@dataclass(frozen=True)
class Shown:
    unit: StoredUnit
    ref: BudgetRef
    body: bytes | None  # the kept part, gzip-compressed; None: not kept (or not good any more)
    depends: int | None  # the page's: the newest budget id of the units with its code, read with it


def shown(conn: Connection, code: str, year: int, part: str) -> Shown | None:
    """The budget /units/{code}/{year} shows with its kept ``part`` (page or api), or None when there
    is no such budget."""
    from ..store.query import _ref
    r = conn.execute(_SHOWN[part], {"code": code, "year": year}).first()
    if r is None:
        return None
    return Shown(StoredUnit(r.u_id, r.u_code, r.u_name, r.u_parent, r.u_region), _ref(r), r.body,
                 r.depends if part == "page" else None)


# ---- keeping the store's rows few -----------------------------------------------------------------------

def forget_superseded(conn: Connection, unit_id: int, year: int | None, kind: str) -> None:
    """Drop the kept parts of this unit's older versions for the year (a version was just published)."""
    b = s.budgets.c
    top = select(func.max(b.version)).where(b.unit_id == unit_id, b.year == year, b.kind == kind).scalar_subquery()
    older = select(b.id).where(b.unit_id == unit_id, b.year == year, b.kind == kind, b.version < top)
    conn.execute(delete(t.page_cache).where(t.page_cache.c.budget_id.in_(older)))


def latest():
    """The public budgets a page shows: the latest public version of each unit, year and kind."""
    b = s.budgets
    top = (select(b.c.unit_id, b.c.year, b.c.kind, func.max(b.c.version).label("v"))
           .join(s.documents, s.documents.c.id == b.c.document_id).where(data.public(), b.c.year.is_not(None))
           .group_by(b.c.unit_id, b.c.year, b.c.kind).subquery())
    return (data._budgets().add_columns(*[col.label(f"u_{col.name}") for col in s.units.c])
            .join(s.units, s.units.c.id == b.c.unit_id)
            .join(top, and_(top.c.unit_id == b.c.unit_id, top.c.year == b.c.year, top.c.kind == b.c.kind,
                            top.c.v == b.c.version)))


def prune(conn: Connection) -> int:
    """Drop the rows no page uses: made by other code, of another document, of a version that is no
    longer the latest public one. → how many."""
    c, b = t.page_cache.c, s.budgets.c
    stale = or_(c.stamp != STAMP, c.budget_id.not_in(latest().with_only_columns(b.id)),
                c.document_id != select(b.document_id).where(b.id == c.budget_id).scalar_subquery())
    return conn.execute(delete(t.page_cache).where(stale)).rowcount or 0
