"""Placing values whose empty neighbours were dropped.

PDF text drops empty cells: ``2080101 行政运行 589.13 589.13`` under 小计/基本/项目 could be
basic or project. The candidates are every order-preserving placement of the printed values
into the columns; the table's own identities decide (a row's total = Σ its parts; a parent
row = Σ its children, column by column), then evidence from other tables of the same
document, then the extractor's spacing. What stays ambiguous is reported, never guessed.

Equalities are judged with rounding intervals: a value printed with d decimals stands for
± 0.5·10⁻ᵈ. The exact reading is tried first; intervals only when nothing fits exactly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from typing import Callable, Sequence

from ..model import half_ulp

Vector = tuple[Decimal | None, ...]
ZERO = Decimal(0)
_NODE_LIMIT = 200_000


@dataclass
class Slot:
    """One row's values and the placements still possible for them."""

    values: tuple[Decimal, ...]  # printed values, in order
    candidates: list[Vector]
    hint: Vector | None = None  # placement suggested by the spacing, if any
    free: frozenset[int] = frozenset()  # columns a virtual (implied) row does not constrain
    notes: list[str] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return len(self.candidates) == 1


def placements(values: Sequence[Decimal], n: int) -> list[Vector]:
    out = []
    for cols in combinations(range(n), len(values)):
        vec: list[Decimal | None] = [None] * n
        for c, v in zip(cols, values):
            vec[c] = v
        out.append(tuple(vec))
    return out


def _num(v: Decimal | None) -> Decimal:
    return ZERO if v is None else v


def _tol(*vals: Decimal | None) -> Decimal:
    return sum((half_ulp(v) for v in vals if v is not None), ZERO)


def equal(lhs: Decimal | None, parts: Sequence[Decimal | None], exact: bool) -> bool:
    diff = abs(_num(lhs) - sum((_num(p) for p in parts), ZERO))
    return diff == 0 if exact else diff <= _tol(lhs, *parts)


RowRule = tuple[int, tuple[int, ...]]  # column = Σ columns


def filter_by_rows(slot: Slot, rules: Sequence[RowRule]) -> None:
    """Keep the placements that satisfy every row identity (exactly, else within rounding)."""
    if slot.resolved or not rules:
        return
    for exact in (True, False):
        ok = [v for v in slot.candidates
              if all(equal(v[lhs], [v[i] for i in rhs], exact) for lhs, rhs in rules)]
        if ok:
            slot.candidates = ok
            return
    slot.notes.append("row identities do not hold for any placement")


def propagate(slots: Sequence[Slot], groups: Sequence[tuple[int, tuple[int, ...]]], width: int) -> None:
    """Column identities parent = Σ children narrow the placements until nothing changes."""
    pending = list(range(len(groups)))
    touching: dict[int, list[int]] = {}
    for g, (parent, children) in enumerate(groups):
        for m in (parent, *children):
            touching.setdefault(m, []).append(g)
    while pending:
        g = pending.pop()
        parent, children = groups[g]
        members = (parent, *children)
        if all(slots[m].resolved for m in members):
            continue
        for exact in (True, False):
            feasible = _feasible(slots, parent, children, width, exact)
            if feasible is None or any(feasible):
                break
        if feasible is None or not any(feasible):
            continue
        for m, keep in zip(members, feasible):
            if len(keep) < len(slots[m].candidates):
                slots[m].candidates = [slots[m].candidates[i] for i in sorted(keep)]
                pending.extend(x for x in touching[m] if x != g and x not in pending)


def _scaled(vectors: list[list[Vector]]) -> tuple[list[list[tuple[int, ...]]], list[list[tuple[int, ...]]]]:
    """Vectors as integers in a common unit, with their rounding slack (half a printed unit),
    so that the search adds machine integers instead of Decimals."""
    digits = max((-x.as_tuple().exponent for vs in vectors for v in vs for x in v
                  if x is not None and isinstance(x.as_tuple().exponent, int)), default=0)
    digits = max(digits, 0)
    unit = Decimal(10) ** -digits / 2  # half the finest printed unit is the integer 1

    def conv(x: Decimal | None) -> tuple[int, int]:
        if x is None:
            return 0, 0
        return int(x / unit), int(half_ulp(x) / unit)

    vals = [[tuple(conv(x)[0] for x in v) for v in vs] for vs in vectors]
    tols = [[tuple(conv(x)[1] for x in v) for v in vs] for vs in vectors]
    return vals, tols


def _feasible(slots, parent, children, width, exact) -> list[set[int]] | None:
    """For each member, the indices of its placements that take part in some combination
    satisfying the group's identity in every column; None when the search is too large."""
    vals, tols = _scaled([slots[m].candidates for m in (parent, *children)])
    pvals, ptols, kids, ktols = vals[0], tols[0], vals[1:], tols[1:]
    keep: list[set[int]] = [set() for _ in range(len(children) + 1)]
    n = len(kids)
    rest = [[0] * width for _ in range(n + 1)]  # what the remaining children can still add
    rest_tol = [[0] * width for _ in range(n + 1)]
    for k in range(n - 1, -1, -1):
        for c in range(width):
            rest[k][c] = rest[k + 1][c] + max(v[c] for v in kids[k])
            rest_tol[k][c] = rest_tol[k + 1][c] + max(t[c] for t in ktols[k])
    prunable = all(x >= 0 for vs in vals for v in vs for x in v)
    free = slots[parent].free
    cols = [c for c in range(width) if c not in free]
    nodes = 0

    for pi, target in enumerate(pvals):
        ptol = ptols[pi]
        chosen: list[int] = []

        def dfs(k: int, sums: list[int], slack: list[int]) -> None:
            nonlocal nodes
            nodes += 1
            if nodes > _NODE_LIMIT:
                raise OverflowError
            if k == n:
                if all(abs(sums[c] - target[c]) <= (0 if exact else slack[c] + ptol[c]) for c in cols):
                    keep[0].add(pi)
                    for j, ci in enumerate(chosen):
                        keep[j + 1].add(ci)
                return
            for ci, vec in enumerate(kids[k]):
                tv = ktols[k][ci]
                ns = [sums[c] + vec[c] for c in range(width)]
                nt = [slack[c] + tv[c] for c in range(width)]
                if prunable and any(
                        target[c] < ns[c] - (0 if exact else nt[c] + rest_tol[k + 1][c] + ptol[c]) or
                        target[c] > ns[c] + rest[k + 1][c] + (0 if exact else nt[c] + rest_tol[k + 1][c] + ptol[c])
                        for c in cols):
                    continue
                chosen.append(ci)
                dfs(k + 1, ns, nt)
                chosen.pop()

        try:
            dfs(0, [0] * width, [0] * width)
        except OverflowError:
            return None
    return keep


def choose_by_evidence(slot: Slot, score: Callable[[Vector], int]) -> None:
    """Among the remaining placements keep the one other tables support best, if unique."""
    if slot.resolved:
        return
    scores = [score(v) for v in slot.candidates]
    best = max(scores)
    if scores.count(best) == 1 and best > min(scores):
        slot.candidates = [slot.candidates[scores.index(best)]]


def choose_by_hint(slot: Slot) -> None:
    if not slot.resolved and slot.hint is not None and slot.hint in slot.candidates:
        slot.candidates = [slot.hint]
