"""The rule registry: one explicit table of codes → rules (no discovery by scanning).

Codes are stable and never reused. Families: A inside a table, X across tables, N narrative vs
tables, C completeness, K catalog, P performance targets, R reading problems.
"""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from ..model import Document
from ..report import Finding, Report
from . import arithmetic, catalog, completeness, cross, final, final_narrative, narrative, performance, prose, reading
from .base import TALLY, Context, Rule

REGISTRY: tuple[Rule, ...] = (
    *arithmetic.RULES,
    *final.A_RULES,
    *arithmetic.UNIT_RULES,
    final.A116,
    *cross.RULES,
    *final.X_RULES,
    *narrative.RULES,
    *final_narrative.RULES,
    *prose.RULES,
    *completeness.RULES,
    *catalog.RULES,
    *performance.RULES,
    *reading.RULES,
)
BY_CODE: dict[str, Rule] = {r.code: r for r in REGISTRY}
assert len(BY_CODE) == len(REGISTRY), "duplicate rule code"


def selected(code: str, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> bool:
    """ruff-style prefix selection: ``--select A --ignore A1`` keeps A2xx only."""
    if select and not any(code.startswith(p) for p in select):
        return False
    return not any(code.startswith(p) for p in ignore)


def _view(rule: Rule, ctx: Context) -> Context:
    """Rules that compare tables with each other or with the narrative see every amount in 万元."""
    return ctx.in_wan if rule.code[0] in "XN" else ctx


def check(doc: Document, select: Sequence[str] = (), ignore: Sequence[str] = (), ctx: Context | None = None) -> Report:
    ctx = ctx or Context(doc)
    rules = [r for r in REGISTRY if selected(r.code, select, ignore)]
    counts = (Counter(), Counter())
    token = TALLY.set(counts)
    try:
        findings: list[Finding] = [f for r in rules if not r.per_unit for f in r.check(_view(r, ctx))]
        for group in ctx.groups:  # each unit's set on its own (one group for a package of one unit)
            findings.extend(cross.consolidate([f for r in rules if r.per_unit for f in r.check(_view(r, group))]))
    finally:
        TALLY.reset(token)
    return Report.of(doc.file, findings, doc.sheets, checked=dict(counts[0]), skipped=dict(counts[1]))

