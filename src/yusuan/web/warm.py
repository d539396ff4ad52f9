"""``yusuan warm``: make and keep (web/kept.py) the page of every public budget not yet kept, newest
first, so that no visitor waits for a first rendering. It runs beside a server as well as before one
(another process: the server reads what it keeps); a page asked for meanwhile is made by its
request as usual. Rows no page can use any more are dropped first."""
from __future__ import annotations

import sys
import time

from sqlalchemy import bindparam, case, exists, func, or_, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from ..store import portal as t
from ..store import schema as s
from ..store.query import BudgetRef, StoredUnit, _ref
from . import budget, data, kept, parts
from .packing import pack, pack_around, unpack
from .parts import PARTS, Figures


def _pending(api: bool, some: bool):
    """The statement of ``pending``; ``some``: of the units whose codes are bound as "codes"."""
    b, u, c = s.budgets.c, s.units, t.page_cache.c
    rank = func.row_number().over(partition_by=(u.c.code, b.year),
                                  order_by=(case((b.kind == "budget", 0), else_=1), b.version.desc(), b.id.desc()))
    shown = (data._budgets().add_columns(*[col.label(f"u_{col.name}") for col in u.c], rank.label("rank"))
             .join(u, u.c.id == b.unit_id).where(data.public(), b.year.is_not(None), u.c.code.is_not(None),
                                                 *((u.c.code.in_(bindparam("codes", expanding=True)),) if some else ()))
             .subquery())
    page = exists().where(c.budget_id == shown.c.budget_id, c.part == "page", c.document_id == shown.c.document_id,
                          c.stamp == kept.STAMP, c.depends == kept.newest(shown.c.u_code, shown))
    others = (select(func.count()).where(c.budget_id == shown.c.budget_id, c.part.in_(PARTS),
                                         c.document_id == shown.c.document_id, c.stamp == kept.STAMP)
              .scalar_subquery())  # a page made by a visit has no API part unless the API was asked too
    return (select(shown).where(shown.c.rank == 1, or_(~page, others < len(PARTS)) if api else ~page)
            .order_by(shown.c.year.desc(), shown.c.budget_id.desc()))


# built once (a statement costs more to build than to run: the import asks after each group of files)
_PENDING = {(api, some): _pending(api, some) for api in (True, False) for some in (True, False)}


def pending(conn: Connection, codes=None, *, api: bool = True) -> list[tuple[StoredUnit, BudgetRef]]:
    """The budgets /units/{code}/{year} shows (data.find's choice) whose page or parts are not all
    kept, or kept by other code, or the page before another budget of the unit was stored; newest
    year first. ``codes``: of these units only; ``api``: False when a missing API part does not count."""
    some = codes is not None
    rows = conn.execute(_PENDING[api, some], {"codes": list(codes)} if some else {}).all()
    return [(StoredUnit(r.u_id, r.u_code, r.u_name, r.u_parent, r.u_region), _ref(r)) for r in rows]


def make(engine: Engine, unit: StoredUnit, ref: BudgetRef) -> None:
    """Every kept part of this budget and its anonymous page."""
    kept.parts(engine, unit, ref)
    make_page(engine, unit, ref)


def keep(engine: Engine, codes) -> None:
    """Make and keep every part and the page of these units' public budgets not kept yet (a version
    just published); one that cannot be made is left to its first visit (which says why)."""
    with engine.connect() as conn:
        todo = pending(conn, codes)
    for unit, ref in todo:
        try:
            make(engine, unit, ref)
        except Exception:  # noqa: BLE001 - the budget is stored whatever its page
            pass


def make_page(engine: Engine, unit: StoredUnit, ref: BudgetRef, depends: int | None = None) -> bytes:
    """The budget's anonymous page, from its kept parts (those the import keeps, the others made now),
    kept and → packed. ``depends``: the newest budget id of the unit's code, read before (else here)."""
    if depends is None:
        with engine.connect() as conn:
            depends = kept.depends(conn, unit.code)  # read first: a budget stored meanwhile makes the page again
    packed = pack(budget.anonymous_page(engine, unit, ref))
    kept.put(engine, ref, {"page": packed}, depends)
    return packed


def make_pages(conn: Connection, todo: list[tuple[StoredUnit, BudgetRef]]) -> list[kept.Row]:
    """The anonymous pages of these budgets, each as ``make_page`` makes it, with what they all need
    read in a few statements for them all (kept parts, "三公" series, last years' budgets, what each
    depends on); → the rows to keep: each page, and any part it needed that was not kept yet. A page
    that cannot be made is left out (a visit makes it, and says why not)."""
    depends = kept.depends_many(conn, {unit.code for unit, _ in todo})
    prior = data.find_many(conn, {(unit.code, ref.year - 1) for unit, ref in todo if budget.has_prior(ref)}, "budget")
    three = data.series_of(conn, {unit.id for unit, _ in todo}, "three_public", "total")
    found = kept.get_packed(conn, [ref for _, ref in todo] + [ref for _, ref in prior.values()], ("package", "figures"))
    rows: list[kept.Row] = []

    def got(unit: StoredUnit, ref: BudgetRef, wanted) -> dict[str, bytes]:  # as kept.parts: the missing made now
        have = found[ref.id]
        missing = [p for p in wanted if p not in have]
        if missing:
            made = {part: pack(body) for part, body in parts.make(conn, unit, ref, missing).items()}
            have.update(made)
            rows.extend(kept.Row(ref, part, body) for part, body in made.items())
        return have

    for unit, ref in todo:
        try:
            last = prior.get((unit.code, ref.year - 1)) if budget.has_prior(ref) else None
            old = Figures.from_json(unpack(got(*last, ("figures",))["figures"])).rows if last else None
            page = packed_page(unit, ref, got(unit, ref, ("package", "figures")), three[unit.id], old)
            rows.append(kept.Row(ref, "page", page, depends.get(unit.code)))
        except Exception:  # noqa: BLE001 - the import goes on; a visit makes the page (and says why not)
            pass
    return rows


_PACKAGE = "\0package\0"  # where the package goes in a page made around it (no page's own text has a NUL)


def packed_page(unit: StoredUnit, ref: BudgetRef, got: dict[str, bytes], three, old) -> bytes:
    """The anonymous page, packed, from the version's packed package and figures (``three``, ``old``: as
    budget.render_main takes them): the page is made with a mark where the package goes, and only
    what is around it is compressed (web/packing.py), the package's own compressed text put between."""
    figures = unpack(got["figures"])
    main = budget.render_main(unit, ref, {"package": _PACKAGE, "figures": figures}, three, old)
    around = budget.render_page(unit, ref, main).split(_PACKAGE)
    if len(around) == 2:
        return pack_around(around[0], got["package"], around[1])
    main = budget.render_main(unit, ref, {"package": unpack(got["package"]), "figures": figures}, three, old)
    return pack(budget.render_page(unit, ref, main))  # the mark elsewhere too (a NUL in a name): made whole


def keep_pages(engine: Engine, codes) -> int:
    """Make and keep the pages of these units' public budgets that are not kept, or were kept before
    another of their budgets was stored: ``yusuan import`` calls it after each group of files is
    stored, so that no first visit renders a page (the package and the figures it needs were made
    as the files were read). One connection and one transaction for up to 500 units' pages; should
    the store refuse them together (another process kept one first), each row is kept alone.
    → pages made; a page that cannot be made is left to its first visit."""
    codes = sorted(c for c in codes if c)
    made = 0
    for n in range(0, len(codes), 500):
        with engine.connect() as conn:
            rows = make_pages(conn, pending(conn, codes[n:n + 500], api=False))
            try:
                kept.write(conn, rows)
                conn.commit()
            except (IntegrityError, OperationalError):
                conn.rollback()
                rows = [r for r in rows if kept.put(engine, r.ref, {r.part: r.body}, r.depends)]
        made += sum(r.part == "page" for r in rows)
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
