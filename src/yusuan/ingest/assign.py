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
    changed = True
    while changed:
        changed = False
        for parent, children in groups:
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
                    changed = True


def _feasible(slots, parent, children, width, exact) -> list[set[int]] | None:
    """For each member, the indices of its placements that take part in some combination
    satisfying the group's identity in every column; None when the search is too large."""
    keep: list[set[int]] = [set() for _ in range(len(children) + 1)]
    kids = [slots[c].candidates for c in children]
    n = len(kids)
    # what the remaining children can still add (amount and rounding slack), for pruning
    rest = [[ZERO] * width for _ in range(n + 1)]
    rest_tol = [[ZERO] * width for _ in range(n + 1)]
    for k in range(n - 1, -1, -1):
        for c in range(width):
            rest[k][c] = rest[k + 1][c] + max(_num(v[c]) for v in kids[k])
            rest_tol[k][c] = rest_tol[k + 1][c] + max(_tol(v[c]) for v in kids[k])
    prunable = all(_num(x) >= 0 for s in (parent, *children) for v in slots[s].candidates for x in v)
    nodes = 0

    free = slots[parent].free
    for pi, pvec in enumerate(slots[parent].candidates):
        target = [_num(x) for x in pvec]
        ptol = [_tol(x) for x in pvec]
        chosen: list[int] = []

        def fits(k: int, sums: list[Decimal], tols: list[Decimal]) -> bool:
            for c in range(width):
                if c in free:
                    continue
                slack = ZERO if exact else tols[c] + rest_tol[k][c] + ptol[c]
                if target[c] < sums[c] - slack or target[c] > sums[c] + rest[k][c] + slack:
                    return False
            return True

        def dfs(k: int, sums: list[Decimal], tols: list[Decimal]) -> None:
            nonlocal nodes
            nodes += 1
            if nodes > _NODE_LIMIT:
                raise OverflowError
            if k == n:
                if all(c in free or (sums[c] == target[c] if exact else abs(sums[c] - target[c]) <= tols[c] + ptol[c])
                       for c in range(width)):
                    keep[0].add(pi)
                    for j, ci in enumerate(chosen):
                        keep[j + 1].add(ci)
                return
            for ci, vec in enumerate(kids[k]):
                ns = [sums[c] + _num(vec[c]) for c in range(width)]
                nt = [tols[c] + _tol(vec[c]) for c in range(width)]
                if prunable and not fits(k + 1, ns, nt):
                    continue
                chosen.append(ci)
                dfs(k + 1, ns, nt)
                chosen.pop()

        try:
            dfs(0, [ZERO] * width, [ZERO] * width)
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
