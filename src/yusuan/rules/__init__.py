"""The rule registry: one explicit table of codes → rules (no discovery by scanning).

Codes are stable and never reused. Families: A inside a table, X across tables, N narrative vs
tables, C completeness, K catalog, P performance targets, R reading problems, E the entries a package
is prepared from.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Sequence

from ..collector import paused
from ..model import Document, Source
from ..report import Finding, Report, Severity
from . import (agreement, arithmetic, balances, catalog, changes, claims, completeness, counts, cross, entries,
               execution, listings, narrative, performance, prose, reading)
from .words import table_name
from .base import TALLY, Context, Rule, Tally, finding

REGISTRY: tuple[Rule, ...] = (
    *arithmetic.RULES,
    balances.A112,
    execution.A113,
    execution.A114,
    *arithmetic.UNIT_RULES,
    counts.A116,
    *changes.RULES,
    *cross.RULES,
    agreement.X130,
    *narrative.RULES,
    claims.N110,
    claims.N111,
    claims.N112,
    claims.N113,
    counts.N114,
    claims.N115,
    claims.N116,
    counts.N117,
    prose.N118, prose.N119, prose.N120, prose.N121, prose.N122, prose.N123, prose.N124,
    listings.N125, listings.N126, listings.N127, prose.N128, listings.N129, prose.N130,
    *completeness.RULES,
    *catalog.RULES,
    *performance.RULES,
    *reading.RULES,
    *entries.RULES,
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


def _run(rule: Rule, ctx: Context) -> list[Finding]:
    """The rule's findings; a rule that raises (a defect in yusuan, not in the file) adds one R013
    naming it to what it found before, and the other rules' findings stand."""
    state = TALLY.get()
    if state is not None:
        running, state.rule = state.rule, rule
    out: list[Finding] = []
    view = _view(rule, ctx)
    try:
        out.extend(rule.check(view))
        view.ran[rule.code] = out
    except Exception as e:  # noqa: BLE001 — any defect of one rule
        out.append(finding(reading.R013, Severity.WARNING, f"规则 {rule.code}（{rule.title}）运行出错，该项检查未完成"
                        f"（{type(e).__name__}: {str(e)[:200]}）；其余规则的结果照常有效", Source(ctx.doc.file)))
    finally:
        if state is not None:
            state.rule = running
    return out


def check(doc: Document, select: Sequence[str] = (), ignore: Sequence[str] = (), ctx: Context | None = None) -> Report:
    with paused():  # (collector.py: a quarter of a check's time when the caller holds other documents)
        return _check(doc, select, ignore, ctx)


def _check(doc: Document, select: Sequence[str], ignore: Sequence[str], ctx: Context | None) -> Report:
    ctx = ctx or Context(doc)
    # (every rule unless some are selected or ignored: asking each costs a check more than most rules do)
    first, rest, own, compared = (_stages([r for r in REGISTRY if selected(r.code, select, ignore)])
                                  if select or ignore else _registry_stages())
    state = Tally()
    token = TALLY.set(state)
    try:
        findings: list[Finding] = [f for r in first for f in _run(r, ctx)]
        misread = _misread(doc, findings)
        # tables and narrative are compared only with what was read right
        trusted = Context(replace(doc, tables=tuple(t for t in doc.tables if t.kind not in misread)),
                          ctx.catalog, ctx.extension, partial=True) if misread else ctx
        findings += [f for r in rest for f in _run(r, ctx)]
        for group in ctx.groups:  # each unit's set on its own (one group for a package of one unit)
            findings.extend(f for r in own for f in _run(r, group))
        for group in trusted.groups:
            findings.extend(cross.consolidate([f for r in compared for f in _run(r, group)]))
    finally:
        TALLY.reset(token)
    findings = _unreliable(doc, findings, misread, state.skipped, selected("R012", select, ignore))
    return Report.of(doc.file, findings, doc.sheets, checked=dict(state.checked), skipped=dict(state.skipped))


def _stages(rules: Sequence[Rule]) -> tuple[tuple[Rule, ...], ...]:
    """The rules in the four runs of a check: the document's A rules (whose errors tell a misread table),
    its other rules, then per unit set the rules of one table or text, and those comparing its tables
    (X, N)."""
    return (tuple(r for r in rules if r.code[0] == "A" and not r.per_unit),
            tuple(r for r in rules if r.code[0] != "A" and not r.per_unit),
            tuple(r for r in rules if r.per_unit and r.code[0] not in "XN"),
            tuple(r for r in rules if r.per_unit and r.code[0] in "XN"))


_staged: tuple = ((), _stages(()))  # REGISTRY → its stages (sorting ~100 rules costs a check 0.3 M)


def _registry_stages() -> tuple[tuple[Rule, ...], ...]:
    """``REGISTRY``'s stages, made again only when it is another registry (a test puts in its own)."""
    global _staged
    kept, stages = _staged
    if kept is not REGISTRY:
        stages = _stages(REGISTRY)
        _staged = (REGISTRY, stages)
    return stages


def _misread(doc: Document, findings: list[Finding]) -> dict[str, int]:
    """Tables whose own identities fail in half their rows or more (at least 3): misread, not misprinted
    (a text whose cells came out of order). Kind → the number of such rows. And those the reader
    could not put in rows at all (its R012), with 0."""
    wrong = {(f.table, f.row) for f in findings if f.code[0] == "A" and f.severity is Severity.ERROR and f.table}
    rows = Counter(kind for kind, _ in wrong)
    out = {t.kind: rows[t.kind] for t in doc.tables
           if rows[t.kind] >= 3 and rows[t.kind] * 2 >= sum(1 for r in t.rows if r.cells)}
    return out | {f.table: 0 for f in doc.findings if f.code == "R012" and f.table}


def _unreliable(doc: Document, findings: list[Finding], misread: dict[str, int], skipped: dict[str, int],
                say: bool = True) -> list[Finding]:
    """A misread table's own errors are dropped (counted as skipped) and one R012 says so."""
    if not misread:
        return findings
    kept = []
    for f in findings:
        if f.table in misread and f.code[0] == "A" and f.severity is Severity.ERROR:
            skipped[f.code] = skipped.get(f.code, 0) + 1
        else:
            kept.append(f)
    said = {kind for kind, n in misread.items() if not n}  # the reader has said these already
    for t in doc.tables:
        if t.kind in misread and say and t.kind not in said:
            said.add(t.kind)
            kept.append(finding(BY_CODE["R012"], Severity.WARNING, f"{table_name(t)}有 {misread[t.kind]} 行表内勾稽不成立"
                                f"（共 {sum(1 for r in t.rows if r.cells)} 行有数），多半是读取时行列错位；"
                                "该表不参加勾稽核对，请核对原文件", t.source, table=t.kind))
    return kept
