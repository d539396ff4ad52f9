"""Running the cross-document rules (family S, ``rules/stored.py``) over the store.

For each stored budget (latest version of each unit's year; narrowed by unit and year): last
year's budget of the same unit, the budgets of the units whose 部门 it is, and — for the
narrative — the whole document kept in the store (migration 0006); for a budget stored before
that, its stored claims (migration 0003), and before those the document read again from its
stored path when the file is still there with the same content (sha256). The rules themselves do no I/O; this module gathers what they read.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from sqlalchemy.engine import Connection

from ..catalog import load_catalog
from ..model import Document
from ..model.codec import CodecError
from ..report import Report
from ..rules import selected
from ..rules.stored import RULES, StoreContext
from . import query as q
from .documents import load_document
from .rebuild import document


@dataclass(frozen=True)
class StoreCheck:
    report: Report
    unit: q.StoredUnit
    year: int | None
    narrative_read: bool  # the document's narrative could be read again (S102 ran)


def _reread(ref: q.BudgetRef, read: Callable[[Path], Document]) -> Document | None:
    if not ref.path:
        return None
    p = Path(ref.path)
    try:
        if not p.is_file() or (ref.sha256 and hashlib.sha256(p.read_bytes()).hexdigest() != ref.sha256):
            return None
        return read(p)
    except Exception:  # a file that no longer reads: the narrative check is skipped, not the others
        return None


def _narrative(conn: Connection, budget: q.StoredBudget, ref: q.BudgetRef,
               read: Callable[[Path], Document] | None) -> Document | None:
    try:
        kept = load_document(conn, ref.id)
    except CodecError:  # damaged, or written by a newer yusuan: as if not kept
        kept = None
    if kept is not None:
        return kept
    return document(budget) if budget.claims else _reread(ref, read) if read else None


def contexts(conn: Connection, unit: str | None = None, year: int | None = None, *,
             read: Callable[[Path], Document] | None = None) -> Iterator[StoreContext]:
    """A StoreContext for every stored budget matching ``unit`` (code or name) and ``year``."""
    catalog = load_catalog()
    targets = q.find_units(conn, unit) if unit else tuple(x.unit for x in q.units(conn))
    for u in targets:
        refs = q.budget_refs(conn, u, "budget") + q.budget_refs(conn, u, "final_accounts")
        for y, kind in dict.fromkeys((r.year, r.kind) for r in refs):
            if year is not None and y != year:
                continue
            ref = q.latest([r for r in refs if r.kind == kind], y)
            budget = q.load(conn, u, ref)
            prior_ref = q.latest([r for r in refs if r.kind == kind], y - 1) if y is not None else None
            prior = q.load(conn, u, prior_ref) if prior_ref else None
            units = []
            if u.code:
                for child in q.children(conn, u.code):
                    if child.id != u.id:
                        b = q.budget(conn, child, y, kind=kind) if y is not None else None
                        if b is not None:
                            units.append(b)
            narrative = None
            if prior is not None:
                narrative = _narrative(conn, budget, ref, read)
            yield StoreContext(budget, prior, narrative, tuple(units), catalog)


def check_store(conn: Connection, unit: str | None = None, year: int | None = None, select: Sequence[str] = (),
                ignore: Sequence[str] = (), *, read: Callable[[Path], Document] | None = None) -> list[StoreCheck]:
    """The S findings of every matching stored budget; ``read`` (e.g. ``read.read_file``) lets the
    narrative be read again for S102."""
    rules = [r for r in RULES if selected(r.code, select, ignore)]
    out = []
    for ctx in contexts(conn, unit, year, read=read if any(r.code == "S102" for r in rules) else None):
        findings = [f for r in rules for f in r.check(ctx)]
        out.append(StoreCheck(Report.of(ctx.budget.ref.file, findings), ctx.budget.unit,
                              ctx.budget.year, ctx.narrative is not None))
    return out
