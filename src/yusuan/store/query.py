"""Reading the store back: units, one unit's stored budget, every fact (for export).

Plain queries (SQLAlchemy Core) returning frozen records; the same code on SQLite and PostgreSQL.
Amounts stay the exact decimal text they were stored as; ``StoredFact.value`` parses it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from ..ledger import FACT_COLUMNS
from ..model import Claim, Source, Unit
from . import schema as s

LOST = "#####"


@dataclass(frozen=True)
class StoredUnit:
    id: int
    code: str | None
    name: str | None
    parent: str | None
    region: str | None

    @property
    def label(self) -> str:
        return "-".join(x for x in (self.code, self.name) if x)


@dataclass(frozen=True)
class BudgetRef:
    """One stored budget of a unit: a year, a kind, a version and the document it came from."""
    id: int
    year: int | None
    kind: str
    version: int
    file: str
    document_id: int
    amount_unit: str | None
    path: str | None = None  # where the document was read from
    sha256: str = ""


@dataclass(frozen=True)
class UnitListing:
    unit: StoredUnit
    budgets: tuple[BudgetRef, ...]  # by year, kind, version

    @property
    def documents(self) -> int:
        return len({b.document_id for b in self.budgets})


@dataclass(frozen=True)
class StoredFact:
    table: str
    row_code: str
    row_name: str
    column: str
    amount: str  # exact decimal text, or "#####"
    amount_unit: str | None
    line: int | None = None
    page: int | None = None
    sheet: str | None = None
    cell: str | None = None
    unit_code: str | None = None  # a unit's own table set in a 部门 package; None: the budget's unit
    unit_name: str | None = None

    @property
    def value(self) -> Decimal | None:
        """The exact amount; None for a lost value."""
        return None if self.amount == LOST else Decimal(self.amount)


@dataclass(frozen=True)
class StoredBudget:
    unit: StoredUnit
    ref: BudgetRef
    facts: tuple[StoredFact, ...]  # in document order
    findings: tuple[tuple[str, int], ...]  # (severity, count): error, warning, info
    claims: tuple[Claim, ...] = ()  # the narrative's stated numbers, in document order

    @property
    def year(self) -> int | None:
        return self.ref.year

    def tables(self) -> tuple[str, ...]:
        """Table kinds in document order."""
        return tuple(dict.fromkeys(f.table for f in self.facts))

    def facts_of(self, table: str) -> tuple[StoredFact, ...]:
        return tuple(f for f in self.facts if f.table == table)

    def value(self, table: str, row_code: str, column: str = "total") -> Decimal | None:
        """The first stored amount at (table, row, column); None when absent or lost."""
        f = next((f for f in self.facts if f.table == table and f.row_code == row_code and f.column == column), None)
        return f.value if f else None


def _unit(row) -> StoredUnit:
    return StoredUnit(row.id, row.code, row.name, row.parent, row.region)


def _ref(row) -> BudgetRef:
    return BudgetRef(row.budget_id, row.year, row.kind, row.version, row.file, row.document_id, row.amount_unit,
                     row.path, row.sha256)


def _budget_select():
    b, d = s.budgets, s.documents
    return (select(b.c.id.label("budget_id"), b.c.unit_id, b.c.year, b.c.kind, b.c.version, b.c.document_id,
                   b.c.amount_unit, d.c.file, d.c.path, d.c.sha256)
            .join(d, d.c.id == b.c.document_id))


def units(conn: Connection) -> tuple[UnitListing, ...]:
    """Every stored unit with its budgets, by unit code and name."""
    found = conn.execute(select(s.units).order_by(s.units.c.code, s.units.c.name, s.units.c.id)).all()
    refs: dict[int, list[BudgetRef]] = {}
    for r in conn.execute(_budget_select().order_by(s.budgets.c.year, s.budgets.c.kind, s.budgets.c.version)):
        refs.setdefault(r.unit_id, []).append(_ref(r))
    return tuple(UnitListing(_unit(u), tuple(refs.get(u.id, ()))) for u in found)


def find_units(conn: Connection, text: str) -> tuple[StoredUnit, ...]:
    """Units whose code is ``text``, else whose name contains it (``212002``, ``綦江区社会保险``,
    or ``212002-重庆市…`` as printed)."""
    text = text.strip()
    code, _, name = text.partition("-")
    u = s.units.c
    for where in (u.code == text, and_(u.code == code, u.name == name) if name else None, u.name == text,
                  u.name.contains(text, autoescape=True)):
        if where is None:
            continue
        rows = conn.execute(select(s.units).where(where).order_by(u.code, u.name, u.id)).all()
        if rows:
            return tuple(_unit(r) for r in rows)
    return ()


def unit_by_code(conn: Connection, code: str) -> tuple[StoredUnit, ...]:
    return tuple(_unit(r) for r in conn.execute(select(s.units).where(s.units.c.code == code).order_by(s.units.c.id)))


def children(conn: Connection, parent: str) -> tuple[StoredUnit, ...]:
    """The units whose 部门 is ``parent``."""
    return tuple(_unit(r) for r in conn.execute(
        select(s.units).where(s.units.c.parent == parent).order_by(s.units.c.code, s.units.c.id)))


def budget_refs(conn: Connection, unit: StoredUnit, kind: str = "budget") -> tuple[BudgetRef, ...]:
    return tuple(_ref(r) for r in conn.execute(
        _budget_select().where(s.budgets.c.unit_id == unit.id, s.budgets.c.kind == kind)
        .order_by(s.budgets.c.year, s.budgets.c.version)))


def latest(refs, year: int | None = None) -> BudgetRef | None:
    """The latest version for ``year`` (the latest year when None)."""
    refs = [r for r in refs if year is None or r.year == year]
    if year is None and refs:
        top = max((r.year for r in refs if r.year is not None), default=None)
        refs = [r for r in refs if r.year == top]
    return max(refs, key=lambda r: r.version, default=None)


def budget(conn: Connection, unit: StoredUnit, year: int | None = None, *, kind: str = "budget",
           version: int | None = None) -> StoredBudget | None:
    """A unit's stored budget for a year (the latest year when None), latest version unless asked."""
    refs = budget_refs(conn, unit, kind)
    ref = (next((r for r in refs if r.year == year and r.version == version), None) if version is not None
           else latest(refs, year))
    return None if ref is None else load(conn, unit, ref)


def load(conn: Connection, unit: StoredUnit, ref: BudgetRef) -> StoredBudget:
    f = s.facts.c
    facts = tuple(StoredFact(r.table_kind, r.row_code, r.row_name, r.column_name, r.amount, r.amount_unit,
                             r.line, r.page, r.sheet, r.cell, r.unit_code, r.unit_name)
                  for r in conn.execute(select(s.facts).where(f.budget_id == ref.id).order_by(f.id)))
    counts = Counter(dict(conn.execute(
        select(s.findings.c.severity, func.count()).where(s.findings.c.document_id == ref.document_id)
        .group_by(s.findings.c.severity)).all()))
    c = s.claims.c
    claims = tuple(Claim(Decimal(r.amount), r.unit, r.subject, r.text,
                         Source(ref.file, r.line, r.page, sheet=r.sheet, cell=r.cell), r.kind, r.direction,
                         r.compare_year, r.section, r.sentence or "", r.fund, r.code,
                         Unit(r.owner_code, r.owner_name) if r.owner_code or r.owner_name else None)
                   for r in conn.execute(select(s.claims).where(c.budget_id == ref.id).order_by(c.id)))
    return StoredBudget(unit, ref, facts, tuple((k, counts.get(k, 0)) for k in ("error", "warning", "info")), claims)


# One vocabulary for every export of the store (CSV, Parquet, the partitioned Parquet of ``import --to``):
# the ``facts`` columns, then which version, where, which file's content, where in it.
EXPORT_COLUMNS = (*FACT_COLUMNS, "version", "region", "sha256", "line", "page", "sheet", "cell")


def all_facts(conn: Connection, *, latest_only: bool = False) -> Iterator[dict]:
    """Every stored fact as a flat row (``EXPORT_COLUMNS``, and ``parent`` for the Fiscal Data
    Package), by unit, year, version, document order; a fact of a unit's own table set carries that
    unit's code and name (``parent`` stays the budget's). ``latest_only``: only the latest version
    of each unit's budget for a year."""
    b, u, d, f = s.budgets, s.units, s.documents, s.facts
    q = (select(d.c.file, d.c.sha256, func.coalesce(f.c.unit_code, u.c.code).label("code"),
                func.coalesce(f.c.unit_name, u.c.name).label("name"), u.c.region, u.c.parent, b.c.year, b.c.version,
                b.c.kind, f.c.table_kind, f.c.row_code, f.c.row_name, f.c.column_name, f.c.amount, f.c.amount_unit,
                f.c.line, f.c.page, f.c.sheet, f.c.cell)
         .select_from(f.join(b, b.c.id == f.c.budget_id).join(u, u.c.id == b.c.unit_id)
                      .join(d, d.c.id == b.c.document_id)))
    if latest_only:
        top = (select(b.c.unit_id, b.c.year, b.c.kind, func.max(b.c.version).label("v"))
               .group_by(b.c.unit_id, b.c.year, b.c.kind).subquery())
        q = q.join(top, and_(top.c.unit_id == b.c.unit_id, top.c.kind == b.c.kind, top.c.v == b.c.version,
                             func.coalesce(top.c.year, -1) == func.coalesce(b.c.year, -1)))
    q = q.order_by(u.c.code, u.c.name, b.c.year, b.c.kind, b.c.version, f.c.id)
    for r in conn.execute(q):
        yield {"file": r.file, "unit_code": r.code or "", "unit_name": r.name or "",
               "year": "" if r.year is None else r.year, "table": r.table_kind, "row_code": r.row_code,
               "row_name": r.row_name, "column": r.column_name, "amount": r.amount, "amount_unit": r.amount_unit or "",
               "kind": r.kind, "version": r.version, "region": r.region or "", "sha256": r.sha256, "line": r.line,
               "page": r.page, "sheet": r.sheet, "cell": r.cell, "parent": r.parent or ""}
