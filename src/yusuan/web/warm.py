"""``yusuan warm``: make and keep (web/kept.py) the page of every public budget not yet kept, newest
first, so that no visitor waits for a first rendering. It runs beside a server as well as before one
(another process: the server reads what it keeps); a page asked for meanwhile is made by its
request as usual. Rows no page can use any more are dropped first."""
from __future__ import annotations

import sys
import time

from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.engine import Connection, Engine

from ..store import portal as t
from ..store import schema as s
from ..store.query import BudgetRef, StoredUnit, _ref
from . import budget, data, kept
from .parts import PARTS


def pending(conn: Connection, codes=None, *, api: bool = True) -> list[tuple[StoredUnit, BudgetRef]]:
    """The budgets /units/{code}/{year} shows (data.find's choice) whose page or parts are not all
    kept, or kept by other code, or the page before another budget of the unit was stored; newest
    year first. ``codes``: of these units only; ``api``: False when a missing API part does not count."""
    b, u, c = s.budgets.c, s.units, t.page_cache.c
    rank = func.row_number().over(partition_by=(u.c.code, b.year),
                                  order_by=(case((b.kind == "budget", 0), else_=1), b.version.desc(), b.id.desc()))
    shown = (data._budgets().add_columns(*[col.label(f"u_{col.name}") for col in u.c], rank.label("rank"))
             .join(u, u.c.id == b.unit_id).where(data.public(), b.year.is_not(None), u.c.code.is_not(None),
                                                 *(() if codes is None else (u.c.code.in_(codes),)))
             .subquery())
    page = exists().where(c.budget_id == shown.c.budget_id, c.part == "page", c.document_id == shown.c.document_id,
                          c.stamp == kept.STAMP, c.depends == kept.newest(shown.c.u_code, shown))
    others = (select(func.count()).where(c.budget_id == shown.c.budget_id, c.part.in_(PARTS),
                                         c.document_id == shown.c.document_id, c.stamp == kept.STAMP)
              .scalar_subquery())  # a page made by a visit has no API part unless the API was asked too
    rows = conn.execute(select(shown).where(shown.c.rank == 1, or_(~page, others < len(PARTS)) if api else ~page)
                        .order_by(shown.c.year.desc(), shown.c.budget_id.desc())).all()
    return [(StoredUnit(r.u_id, r.u_code, r.u_name, r.u_parent, r.u_region), _ref(r)) for r in rows]


def make(engine: Engine, unit: StoredUnit, ref: BudgetRef) -> None:
    """Every kept part of this budget and its anonymous page."""
    kept.parts(engine, unit, ref)
    make_page(engine, unit, ref)


def make_page(engine: Engine, unit: StoredUnit, ref: BudgetRef, depends: int | None = None) -> bytes:
    """The budget's anonymous page, from its kept parts (those the import keeps, the others made now),
    kept and → packed. ``depends``: the newest budget id of the unit's code, read before (else here)."""
    if depends is None:
        with engine.connect() as conn:
            depends = kept.depends(conn, unit.code)  # read first: a budget stored meanwhile makes the page again
    packed = kept.pack(budget.anonymous_page(engine, unit, ref))
    kept.put(engine, ref, {"page": packed}, depends)
    return packed


def keep_pages(engine: Engine, codes) -> int:
    """Make and keep the pages of these units' public budgets that are not kept, or were kept before
    another of their budgets was stored: ``yusuan import`` calls it after each group of files is
    stored, so that no first visit renders a page (the package and the figures it needs were made
    as the files were read). → pages made; a page that cannot be made is left to its first visit."""
    codes = sorted(c for c in codes if c)
    made = 0
    for n in range(0, len(codes), 500):
        with engine.connect() as conn:
            todo = pending(conn, codes[n:n + 500], api=False)
        for unit, ref in todo:
            try:
                make_page(engine, unit, ref)
                made += 1
            except Exception:  # noqa: BLE001 - the import goes on; a visit makes the page (and says why not)
                pass
    return made


def warm(engine: Engine, *, limit: int | None = None, progress: bool = False) -> tuple[int, int, int]:
    """→ (pages made, stale rows dropped, pages that could not be made: each said on stderr)."""
    with engine.begin() as conn:
        dropped = kept.prune(conn)
    with engine.connect() as conn:
        todo = pending(conn)[:limit]
    start, failed = time.monotonic(), 0
    for n, (unit, ref) in enumerate(todo, 1):
        try:
            make(engine, unit, ref)
        except Exception as e:  # one budget's page (a document of a newer yusuan …): the others are still made
            failed += 1
            print(f"\nyusuan warm: {unit.code} {ref.year} 第 {ref.version} 版未能生成 / not made: "
                  f"{type(e).__name__}: {e}", file=sys.stderr)
        if progress and (n % 50 == 0 or n == len(todo)):
            print(f"\r  {n:,}/{len(todo):,} ({time.monotonic() - start:.0f} s)", end="", file=sys.stderr, flush=True)
    if progress and todo:
        print(file=sys.stderr)
    return len(todo) - failed, dropped, failed
