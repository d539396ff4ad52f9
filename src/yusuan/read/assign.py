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
from functools import lru_cache
from itertools import combinations, compress
from operator import add, itemgetter, le, or_
from typing import Callable, NamedTuple, Sequence

from ..model import half_ulp
from .int_amounts import EXACT_BELOW, as_int, slack_int

Vector = tuple[Decimal | None, ...]
RowRule = tuple[int, tuple[int, ...]]  # column = Σ columns
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
    placed_by: str | None = None  # the step that left one placement of several (Cell.placed_by)
    # id of a placement → (the placement, its integers, its slack), made with it (``placed``); the
    # placement is held so that its id is never that of a later one
    scaled: dict | None = field(default=None, repr=False, compare=False)

    @property
    def resolved(self) -> bool:
        return len(self.candidates) == 1


def placements(values: Sequence[Decimal], n: int) -> list[Vector]:
    """Every order-preserving placement of ``values`` into ``n`` columns, blanks (None) elsewhere."""
    if n <= 1:  # an itemgetter of one item gives the item, not a tuple
        return [tuple(values)] if len(values) == n else [(None,)] if not values else []
    source = (None, *values)
    return [pick(source) for pick in _pickers(n, len(values))]


def placed(values: tuple[Decimal, ...], n: int, rules: tuple[RowRule, ...] = (), memo: dict | None = None) -> Slot:
    """A slot for a row's printed values with the placements that satisfy the row identities
    ``rules`` (exactly, else within rounding; every placement when none does, and a note says so),
    each scaled for the search (``Slot.scaled``). The identities are judged as the placements are
    made, so that only the few kept are scaled: four values in twelve columns have 495. A slot the
    identities narrow to one placement is placed by "row". ``memo``, one table's, keeps the answer
    by the printed texts: a 类, its 款 and its 项 often print the same values."""
    if n <= 1:
        return Slot(values, placements(values, n))
    key = (tuple(map(str, values)), n, rules)  # by the texts: 1.0 and 1.00 round differently
    hit = memo.get(key) if memo is not None else None
    if hit is None:
        hit = _held(values, n, rules)
        if memo is not None:
            memo[key] = hit
    candidates, scaled, narrowed, note = hit
    slot = Slot(values, list(candidates), scaled=scaled)
    if narrowed and len(candidates) == 1:
        slot.placed_by = "row"
    if note:
        slot.notes.append(note)
    return slot


def _held(values: tuple[Decimal, ...], n: int, rules: tuple[RowRule, ...]):
    """(the placements that satisfy ``rules``, their scaling, whether the rules narrowed them, a note)."""
    pickers = _pickers(n, len(values))
    source = (None, *values)
    try:
        ints = (0, *map(as_int, values))
        slack = (0, *map(slack_int, values))
    except OverflowError:  # not an amount the search handles (_scaled says so when one asks)
        return [pick(source) for pick in pickers], None, False, None
    kept, note = pickers, None
    if rules and len(pickers) > 1:
        exact, rounded, shape_of = _shapes(n, len(values), rules)
        holds = exact(ints[1:])
        kept = list(compress(pickers, map(holds.__getitem__, shape_of)))
        if not kept:
            holds = rounded(ints[1:], slack[1:])
            kept = list(compress(pickers, map(holds.__getitem__, shape_of)))
        if not kept:
            kept, note = pickers, "row identities do not hold for any placement"
    candidates = [pick(source) for pick in kept]
    scaled = {id(v): (v, pick(ints), pick(slack)) for v, pick in zip(candidates, kept)}
    return candidates, scaled, len(kept) < len(pickers), note


@lru_cache(maxsize=1024)
def _pickers(n: int, k: int) -> tuple[itemgetter, ...]:
    """For each choice of k of n columns, a getter that lays (None, v1 … vk) out over the n columns."""
    out = []
    for cols in combinations(range(n), k):
        at = [0] * n
        for i, c in enumerate(cols, 1):
            at[c] = i
        out.append(itemgetter(*at))
    return tuple(out)


def _num(v: Decimal | None) -> Decimal:
    return ZERO if v is None else v


def _tol(*vals: Decimal | None) -> Decimal:
    return sum((half_ulp(v) for v in vals if v is not None), ZERO)


def equal(lhs: Decimal | None, parts: Sequence[Decimal | None], exact: bool) -> bool:
    diff = abs(_num(lhs) - sum((_num(p) for p in parts), ZERO))
    return diff == 0 if exact else diff <= _tol(lhs, *parts)


def near(a: Decimal | None, b: Decimal) -> bool:
    """``equal(a, (b,), exact=False)`` in integers: below 10²⁷ units (5·10¹⁷) the Decimal
    arithmetic there is exact too (28 digits), so both say the same; beyond, it is asked."""
    try:
        ia, ib = as_int(a), as_int(b)
        if abs(ia) < EXACT_BELOW and abs(ib) < EXACT_BELOW:
            return abs(ia - ib) <= (0 if a is None else slack_int(a)) + slack_int(b)
    except OverflowError:  # more than nine decimals
        pass
    return equal(a, (b,), exact=False)


@lru_cache(maxsize=1024)
def _shapes(n: int, k: int, rules: tuple[RowRule, ...]) -> tuple[Callable, Callable, tuple[int, ...]]:
    """The row identities as the placements of k values in n columns (``_pickers``' order) read them.
    Placements whose values stand alike in every identity's columns (most of them: those whose values
    lie outside) hold or fail together, so each such shape is judged once: two expressions, made once
    for (n, k, rules), give every shape's answer for the values' amounts ``a`` (scaled), exactly and
    within their slack ``t`` (``a[0] - a[1] == 0 and …``); the third item is each placement's shape."""
    # each identity's weight of each column in its difference and in its slack, looked up per placement
    weights = [(tuple((c == lhs) - rhs.count(c) for c in range(n)).__getitem__,
                tuple((c == lhs) + rhs.count(c) for c in range(n)).__getitem__) for lhs, rhs in rules]
    index: dict[tuple, int] = {}
    shape_of = []
    for cols in combinations(range(n), k):
        shape = tuple((tuple(map(net, cols)), tuple(map(gross, cols))) for net, gross in weights)
        shape_of.append(index.setdefault(shape, len(index)))
    exact = ", ".join(" and ".join(f"{_weighed(w, 'a')} == 0" for w, _ in shape) or "True" for shape in index)
    rounded = ", ".join(" and ".join(f"abs({_weighed(w, 'a')}) <= {_weighed(r, 't')}" for w, r in shape) or "True"
                        for shape in index)
    return (eval(f"lambda a: ({exact},)"), eval(f"lambda a, t: ({rounded},)"),  # noqa: S307 (integers only)
            tuple(shape_of))


def _weighed(weights: tuple[int, ...], name: str) -> str:
    """Σ weight·name[i] as an expression (``a[0] - a[2]``; ``0`` when every weight is 0)."""
    terms = "".join(f" + {w} * {name}[{i}]" if w > 1 else f" - {-w} * {name}[{i}]" if w < -1
                    else f" + {name}[{i}]" if w == 1 else f" - {name}[{i}]" if w == -1 else ""
                    for i, w in enumerate(weights))
    return (terms[3:] if terms.startswith(" + ") else f"-{terms[3:]}" if terms else "0")


def propagate(slots: Sequence[Slot], groups: Sequence[tuple[int, tuple[int, ...]]], width: int,
              memo: dict | None = None) -> bool:
    """Column identities parent = Σ children narrow the placements until nothing changes.
    False when some group has no consistent combination at all (its data contradict it).

    ``memo``, shared by the calls on one table, keeps each group's answer for the candidate lists
    it was given: a later call (after the spacing, the evidence, the hints) whose lists are the
    same objects gets it without searching again; and each list's form for the search (``_form``).
    The memo holds those lists, so that an id is never that of a list made since."""
    consistent = True
    pending = list(range(len(groups)))
    touching = None  # each member's groups, made when a member first narrows (most calls narrow none)
    while pending:
        g = pending.pop()
        parent, children = groups[g]
        members = (parent, *children)
        lists = tuple(slots[m].candidates for m in members)
        if tuple(map(len, lists)) == (1,) * len(lists):  # every member resolved
            continue
        key = (g, tuple(map(id, lists)))
        hit = memo.get(key) if memo is not None else None
        if hit is not None:
            feasible = hit[1]
        else:
            for exact in (True, False):
                feasible = _feasible(slots, parent, children, width, exact, memo)
                if feasible is None or any(feasible):
                    break
            if memo is not None:
                memo[key] = (lists, feasible)
        if feasible is None:
            continue
        if not any(feasible):
            consistent = False
            continue
        for m, keep in zip(members, feasible):
            if len(keep) < len(slots[m].candidates):
                kept = sorted(keep)
                old = slots[m].candidates
                slots[m].candidates = [old[i] for i in kept]
                _narrowed(old, slots[m].candidates, kept, width, memo)
                touching = touching or _touching(groups)
                pending.extend(x for x in touching[m] if x != g and x not in pending)
    return consistent


def _touching(groups: Sequence[tuple[int, tuple[int, ...]]]) -> dict[int, list[int]]:
    """Each member's groups."""
    touching: dict[int, list[int]] = {}
    for g, (parent, children) in enumerate(groups):
        for m in (parent, *children):
            touching.setdefault(m, []).append(g)
    return touching


_SCALE_CACHE: dict[tuple[str, ...], tuple[None, tuple[int, ...], tuple[int, ...]]] = {}  # (as Slot.scaled)


def _scaled(slots: Sequence[Slot]) -> tuple[list[list[tuple[int, ...]]], list[list[tuple[int, ...]]]]:
    """Each slot's placements as integers in units of half of 10⁻⁹ (finer amounts fall back to exact
    Decimals), with their rounding slack, so that the search adds machine integers. A placement
    made by ``placed`` is scaled already."""
    vals, tols = [], []
    for slot in slots:
        known = slot.scaled or {}
        vv, tt = [], []
        for v in slot.candidates:
            hit = known.get(id(v))
            if hit is None:
                key = tuple(map(str, v))  # by value and printed decimals: 1.0 and 1.00 round differently
                hit = _SCALE_CACHE.get(key)
                if hit is None:
                    hit = (None, tuple(as_int(x) for x in v), tuple(slack_int(x) if x is not None else 0 for x in v))
                    if len(_SCALE_CACHE) < 100_000:
                        _SCALE_CACHE[key] = hit
            vv.append(hit[1])
            tt.append(hit[2])
        vals.append(vv)
        tols.append(tt)
    return vals, tols


class _Form(NamedTuple):
    """A candidate list as the search reads it (``_form``)."""

    held: list  # the list it was made from, kept so that its id is never that of a later list
    vals: list[tuple[int, ...]]  # each placement's amounts, scaled (``_scaled``)
    tols: list[tuple[int, ...]]  # and their rounding slack
    most: list[int]  # per column, the largest amount of any placement
    most_tol: list[int]  # and the largest slack
    signed: bool  # some amount is negative: bounds prune nothing
    sparse: list[tuple[tuple[int, int, int], ...]]  # each placement's non-empty columns: (column, amount, slack)
    masks: list[int]  # each placement's columns with an amount above zero
    bounded: dict  # the parent's free columns → each placement as _bounded gives it


def _form(slot: Slot, width: int, memo: dict | None) -> _Form:
    """The slot's candidates as the search reads them, made once per list: ``memo`` (propagate's,
    one table's) keeps it for the calls that follow, each group asking of its members' lists
    again whenever one of them narrows."""
    key = ("form", id(slot.candidates), width)
    hit = memo.get(key) if memo is not None else None
    if hit is not None:
        return hit
    (vals,), (tols,) = _scaled([slot])
    columns, bits = range(width), _bits(width)
    # (v | t is zero when both are: an empty cell; a value's slack is never zero)
    sparse = [tuple(compress(zip(columns, v, t), map(or_, v, t))) for v, t in zip(vals, tols)]
    form = _made(slot.candidates, vals, tols, sparse, [sum(compress(bits, map(_POSITIVE, v))) for v in vals], width)
    if memo is not None:
        memo[key] = form
    return form


def _narrowed(old: list, new: list, kept: list[int], width: int, memo: dict | None) -> None:
    """The form of ``new``, the placements ``kept`` of ``old``, taken from old's when there is one
    (``_form`` would scale them again)."""
    was = memo.get(("form", id(old), width)) if memo is not None else None
    if was is None:
        return
    memo[("form", id(new), width)] = _made(new, [was.vals[i] for i in kept], [was.tols[i] for i in kept],
                                           [was.sparse[i] for i in kept], [was.masks[i] for i in kept], width)


def _made(held: list, vals: list, tols: list, sparse: list, masks: list, width: int) -> _Form:
    """A form with its column maxima and sign worked out (column by column, in C)."""
    amounts = list(zip(*vals)) or [(0,)] * width
    return _Form(held, vals, tols, list(map(max, amounts)), list(map(max, zip(*tols))) or [0] * width,
                 any(min(a) < 0 for a in amounts), sparse, masks, {})


@lru_cache(maxsize=256)
def _bits(width: int) -> tuple[int, ...]:
    """Each column's bit in a placement's mask."""
    return tuple(1 << c for c in range(width))


_POSITIVE = (0).__lt__  # x > 0


def _bounded(form: _Form, free: frozenset[int]) -> list:
    """Each placement as (index, sparse, mask, the columns the parent constrains it in, its amounts there)."""
    hit = form.bounded.get(free)
    if hit is None:
        hit = form.bounded[free] = []
        for ci, (nz, mask) in enumerate(zip(form.sparse, form.masks)):
            held = [(c, v) for c, v, _ in nz if c not in free]
            hit.append((ci, nz, mask, tuple(c for c, _ in held), tuple(v for _, v in held)))
    return hit


def _feasible(slots, parent, children, width, exact, memo: dict | None = None) -> list[set[int]] | None:
    """For each member, the indices of its placements that take part in some combination
    satisfying the group's identity in every column; None when the search is too large.

    A forward pass collects the reachable partial sums (with their rounding slack) child by
    child, a backward pass keeps those that can still reach the parent; a placement is
    feasible when it links two kept states."""
    try:
        forms = [_form(slots[m], width, memo) for m in (parent, *children)]
    except OverflowError:
        return None
    pvals, ptols, kids = forms[0].vals, forms[0].tols, forms[1:]
    n = len(kids)
    free = slots[parent].free
    cols = [c for c in range(width) if c not in free]
    rest = _remaining([f.most for f in kids], width)  # the most the remaining children can add
    rest_tol = _remaining([f.most_tol for f in kids], width) if not exact else None  # (and their slack)
    prunable = not any(f.signed for f in forms)
    keep: list[set[int]] = [set() for _ in range(n + 1)]
    budget = _NODE_LIMIT
    # each child's placements with their amounts in the columns the parent constrains
    bounded = [_bounded(f, free) for f in kids] if prunable else []
    everything = [list(enumerate(f.sparse)) for f in kids] if not prunable else []

    for pi, target in enumerate(pvals):
        ptol = ptols[pi]

        def alive(k: int, sums, slack) -> bool:
            if not prunable:
                return True
            for c in cols:
                margin = 0 if exact else slack[c] + rest_tol[k][c] + ptol[c]
                if target[c] < sums[c] - margin or target[c] > sums[c] + rest[k][c] + margin:
                    return False
            return True

        # a child's placement cannot exceed the parent in any column (amounts are ≥ 0)
        room = [target[c] + (0 if exact else ptol[c] + rest_tol[0][c]) for c in range(width)]
        open_cols = sum(1 << c for c in range(width) if room[c] > 0 or c in free)
        closed = ~open_cols
        at = room.__getitem__
        options = [[(ci, nz) for ci, nz, mask, where, amounts in bounded[k]
                    if not mask & closed and all(map(le, amounts, map(at, where)))]
                   for k in range(n)] if prunable else everything
        if exact:  # the usual pass: no slack to carry, each state its sums alone (_exact_layers)
            found = _exact_layers(target, options, rest, cols, n, prunable, width, budget)
            if found is None:
                return None
            last, steps, budget = found
            # (pruned, the last layer's states are those with nothing left to add: the target's sums)
            good_s = last if prunable else {st for st in last if all(st[c] == target[c] for c in cols)}
            if not good_s:
                continue
            keep[0].add(pi)
            for k in range(n - 1, -1, -1):
                back_s = set()
                for sums, ci, grown in steps[k]:
                    if grown in good_s:
                        back_s.add(sums)
                        keep[k + 1].add(ci)
                good_s = back_s
            continue
        zero = ((0,) * width, (0,) * width)
        layers = [{zero}]
        for k in range(n):
            nxt = set()
            for sums, slack in layers[-1]:
                for _, nz in options[k]:
                    ns, nt = _add(sums, slack, nz, exact)
                    if alive(k + 1, ns, nt):
                        nxt.add((ns, nt))
            budget -= len(nxt)
            if budget < 0:
                return None
            layers.append(nxt)
        good = {st for st in layers[n]
                if all(abs(st[0][c] - target[c]) <= (0 if exact else st[1][c] + ptol[c]) for c in cols)}
        if not good:
            continue
        keep[0].add(pi)
        for k in range(n - 1, -1, -1):
            back = set()
            for sums, slack in layers[k]:
                for ci, nz in options[k]:
                    if _add(sums, slack, nz, exact) in good:
                        back.add((sums, slack))
                        keep[k + 1].add(ci)
            good = back
    return keep


def _remaining(most: list[list[int]], width: int) -> list[list[int]]:
    """For each child k, the sums of ``most`` over the children from k on, column by column (the
    last: nothing left, zeros)."""
    out = [[0] * width]
    for m in reversed(most):
        out.append(list(map(add, out[-1], m)))
    out.reverse()
    return out


def _exact_layers(target, options, rest, cols, n, prunable, width, budget):
    """The forward pass of _feasible for the exact reading: the partial sums reachable child by
    child that can still reach ``target`` (the same states and the same node budget as the general
    pass, whose slack is then always zero); None when the budget runs out. With the last layer, each
    child's steps kept, (sums, placement, sums after it), for the backward pass to read again."""
    layer = {(0,) * width}
    steps = []
    for k in range(n):
        nxt = set()
        kept = []
        most = rest[k + 1]
        for sums in layer:
            for ci, nz in options[k]:
                grown = list(sums)
                for c, v, _ in nz:
                    grown[c] += v
                if prunable:
                    for c in cols:
                        x = grown[c]
                        if target[c] < x or target[c] > x + most[c]:
                            break
                    else:
                        grown = tuple(grown)
                        nxt.add(grown)
                        kept.append((sums, ci, grown))
                else:
                    grown = tuple(grown)
                    nxt.add(grown)
                    kept.append((sums, ci, grown))
        budget -= len(nxt)
        if budget < 0:
            return None
        steps.append(kept)
        layer = nxt
    return layer, steps, budget


def _add(sums: tuple[int, ...], slack: tuple[int, ...], nz, exact: bool):
    s, t = list(sums), list(slack)
    for c, v, tv in nz:
        s[c] += v
        t[c] += tv
    return tuple(s), (slack if exact else tuple(t))


def choose_by_evidence(slot: Slot, score: Callable[[Vector], int]) -> None:
    """Among the remaining placements keep the one other tables support best, if unique."""
    if slot.resolved:
        return
    scores = [score(v) for v in slot.candidates]
    best = max(scores)
    if scores.count(best) == 1 and best > min(scores):
        slot.candidates = [slot.candidates[scores.index(best)]]


def choose_within(slot: Slot, columns: frozenset[int]) -> None:
    """Keep the one remaining placement that uses only ``columns``, if there is exactly one."""
    if slot.resolved:
        return
    inside = [v for v in slot.candidates if all(x is None or j in columns for j, x in enumerate(v))]
    if len(inside) == 1:
        slot.candidates = inside


def choose_by_hint(slot: Slot) -> None:
    if not slot.resolved and slot.hint is not None and slot.hint in slot.candidates:
        slot.candidates = [slot.hint]
