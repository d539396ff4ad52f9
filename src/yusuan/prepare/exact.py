"""Entries that print a package's rounding tails as it printed them (``template --from``).

A package in 万元 is rounded from exact amounts: a 类 printed 34.92 whose 项 are printed 25.91, 4.16 and
4.86 (34.93) is consistent, its exact 项 summing to less than 34.925. Entries of the printed values
cannot print it again; entries at a finer precision (元 in a 万元 package) can. Every printed value
stands for an interval, [printed − ½ cent, printed + ½ cent) (rounded half up); the basic spending is
printed as two sum trees over the same money (by 功能分类: 项, 款, 类, 合计; by 经济分类: 款, 类, 人员/公用,
合计), so each tree's leaves are chosen within their intervals such that every node's sum is within its
own, both trees summing to one amount (``leaves``): the lines are then split from exact leaves, and
print every printed value again after rounding. Nothing is chosen outside an interval; when the
intervals leave no choice, nothing is changed and the tail is said.

``unmet`` checks the entries against every printed cell of the package (which lines a cell sums is
asked of the ledger itself, each line given a power of two): a cell within reach of its rounding that
the entries still do not print is said (E110), for the officer.
"""
from __future__ import annotations

import copy
from decimal import Decimal
from typing import Callable

from ..derive import cells
from ..model import Document, Row, Source, Table
from ..report import Finding, Severity
from .entries import staff_of

CENT = Decimal("0.01")
HALF = CENT / 2
STEP = Decimal("0.0001")  # 元 in a 万元 package: the entries' finer precision
BATCH = 60  # lines probed at once (2**60 and its sums are exact in Decimal's 28 digits)

Tree = dict[str, tuple[str, ...]]  # leaf → its nodes, nearest first (30201 → 302, staff:public, total)


ZERO = Decimal(0)


def interval(printed: Decimal) -> tuple[Decimal, Decimal]:
    """What a printed amount stands for: [printed − ½ cent, printed + ½ cent), in 元."""
    return printed - HALF, printed + HALF - STEP


def _ranges(leaves: dict[str, Decimal], tree: Tree, printed: dict[str, Decimal],
            more: dict[str, tuple[Decimal, Decimal]] | None = None) -> dict[str, tuple[Decimal, Decimal]]:
    """Every leaf's and node's range: its own interval, a node's narrowed to what its leaves can sum to
    (and to ``more``: what another printed sum over it allows)."""
    out = {code: interval(v) for code, v in leaves.items()}
    children = _children(tree)
    for node in sorted(children, key=lambda n: -_depth(n, tree)):  # the deepest first
        lo = sum((out[c][0] for c in children[node]), Decimal(0))
        hi = sum((out[c][1] for c in children[node]), Decimal(0))
        for low, high in ([interval(printed[node])] if node in printed else []) + ([more[node]] if node in (
                more or {}) else []):
            lo, hi = max(lo, low), min(hi, high)
        out[node] = (lo, hi)
    return out


def _children(tree: Tree) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for leaf, nodes in tree.items():
        for child, node in zip((leaf, *nodes), nodes):
            if child not in out.setdefault(node, []):
                out[node].append(child)
    return out


def _depth(node: str, tree: Tree) -> int:
    return max((len(nodes) - nodes.index(node) for nodes in tree.values() if node in nodes), default=0)


def _spread(node: str, target: Decimal, children: dict[str, list[str]], ranges, natural, out: dict) -> None:
    """Give ``node``'s children values within their ranges summing to ``target``: each its natural value
    (as printed), the difference spread in order, as far as each range allows."""
    kids = children.get(node)
    if not kids:
        out[node] = target
        return
    values = {c: min(max(natural[c], ranges[c][0]), ranges[c][1]) for c in kids}
    left = target - sum(values.values(), Decimal(0))
    for c in kids:
        move = min(left, ranges[c][1] - values[c]) if left > 0 else max(left, ranges[c][0] - values[c])
        values[c] += move
        left -= move
    for c in kids:
        _spread(c, values[c], children, ranges, natural, out)


def leaves(trees: list[tuple]) -> list[dict[str, Decimal]] | None:
    """Exact leaves for sum trees over the same money, each tree (its printed leaves, the nodes of each
    leaf, its printed nodes, and optionally more intervals of its nodes) rooted at ``total``: every leaf
    and node within its interval, the roots one amount. The printed leaves as they are when they already
    sum to every printed node; None when no choice exists."""
    if all(_consistent(*t) for t in trees) and len({sum(t[0].values(), Decimal(0)) for t in trees}) == 1:
        return [dict(t[0]) for t in trees]
    ranges = [_ranges(*t) for t in trees]
    lo = max(r["total"][0] for r in ranges)
    hi = min(r["total"][1] for r in ranges)
    if lo > hi or any(a > b for r in ranges for a, b in r.values()):
        return None
    printed = next((t[2]["total"] for t in trees if "total" in t[2]), sum(trees[0][0].values(), Decimal(0)))
    target = min(max(printed, lo), hi)
    out = []
    for (printed_leaves, tree, nodes, *_), r in zip(trees, ranges):
        children = _children(tree)
        natural = {**printed_leaves, **{n: nodes.get(n, _sum_of(n, children, printed_leaves)) for n in children}}
        values: dict[str, Decimal] = {}
        _spread("total", target, children, r, natural, values)
        out.append({k: v for k, v in values.items() if k in printed_leaves})
    return out


def _sum_of(node: str, children: dict[str, list[str]], leaves_: dict[str, Decimal]) -> Decimal:
    return sum((leaves_[c] if c in leaves_ else _sum_of(c, children, leaves_) for c in children[node]), Decimal(0))


def _consistent(printed_leaves: dict[str, Decimal], tree: Tree, nodes: dict[str, Decimal], more=None) -> bool:
    children = _children(tree)
    return all(_sum_of(n, children, printed_leaves) == v for n, v in nodes.items() if n in children) and all(
        lo <= _sum_of(n, children, printed_leaves) <= hi for n, (lo, hi) in (more or {}).items() if n in children)


# --- the entries against every printed cell ------------------------------------------------------------
Leaves = list[tuple[str, Decimal]]


def basic_leaves(doc: Document, general: Table | None, basic: Table | None, functions: Leaves, economics: Leaves,
                 projects: Leaves, printed: Callable[[Row], Decimal | None]) -> tuple[Leaves, Leaves]:
    """The basic spending's leaves by 功能分类 and by 经济分类 (budget or 决算 alike), at the finer precision
    a rounding tail needs: each within its printed interval, every printed 款, 类, 人员经费/公用经费 合计
    and 合计 (``general``'s 基本支出 column; ``basic``'s 类 and 合计 rows as ``printed`` reads them)
    rounding to what was printed, both summing to one amount. As printed when they already agree, or
    when the intervals leave no choice (the tail is then said). ``projects``: the 项目支出 by 项 (as
    printed), which ``general``'s 合计 column adds to the 基本支出."""
    if general is None or basic is None or doc.amount_unit != "万元" or not functions or not economics:
        return functions, economics
    nodes = {r.code: v for r in general.rows if r.code and (r.code == "total" or len(r.code) in (3, 5))
             and (v := r.value("basic")) is not None}
    f_tree = {c: (*(c[:n] for n in (5, 3) if n < len(c)), "total") for c, _ in functions}
    staff = {r.code: v for r in basic.rows if r.code and (r.code == "total" or len(r.code) == 3)
             and (v := printed(r)) is not None}
    total = basic.row("total")
    for group in ("personnel", "public"):
        if total is not None and (v := total.value(group)) is not None:
            staff[f"staff:{group}"] = v
    e_tree = {c: (c[:3], *((f"staff:{staff_of(c)}",) if f"staff:{staff_of(c)}" in staff else ()), "total")
              for c, _ in economics}
    # the table's 合计 column is the 基本支出 and the 项目支出 (as printed): another interval of a node
    more = {}
    for r in general.rows:
        if r.code and (r.code == "total" or len(r.code) in (3, 5)) and (v := r.value("total")) is not None:
            low, high = interval(v)
            paid = sum((x for c, x in projects if r.code == "total" or c.startswith(r.code)), ZERO)
            more[r.code] = (low - paid, high - paid)
    got = leaves([(dict(functions), f_tree, nodes, more), (dict(economics), e_tree, staff)]) or \
        leaves([(dict(functions), f_tree, nodes), (dict(economics), e_tree, staff)])  # (a 合计 beyond reach)
    if got is None:
        return functions, economics
    return [(c, got[0][c]) for c, _ in functions], [(c, got[1][c]) for c, _ in economics]


def _lines(data: dict) -> list[dict]:
    """The amounts the entries' spending is made of: each basic line, each project line's economic
    classes (or the line itself when it gives none); a line paid by last year's carry-over aside."""
    out = [x for x in data.get("basic") or () if not x.get("funded")]
    for p in data.get("projects") or ():
        if not p.get("funded"):
            out += p.get("economic") or [p]
    return out + list(data.get("other_spending") or ())  # 上缴上级, 经营, 对附属单位补助支出


def _probe(data: dict, values: dict[int, Decimal]) -> dict:
    """The entries with line i's amount values[i] (0 for the rest), income the sum of its fund's lines,
    and nothing else."""
    probe = copy.deepcopy(data)
    for i, line in enumerate(_lines(probe)):
        line["amount"] = str(values.get(i, Decimal(0)))
    income: dict[str, Decimal] = {}
    for p in probe.get("projects") or ():
        if p.get("economic") and not p.get("funded"):
            p["amount"] = str(sum((Decimal(c["amount"]) for c in p["economic"]), Decimal(0)))
    for x in (*(probe.get("basic") or ()), *(probe.get("projects") or ()), *(probe.get("other_spending") or ())):
        if x.get("funded"):
            x["amount"] = "0"
        else:
            fund = x.get("fund", "general_budget")
            income[fund] = income.get(fund, Decimal(0)) + Decimal(x["amount"])
    probe["income"] = [{"key": k, "amount": str(v)} for k, v in income.items()]
    for key in ("carryover", "three_public", "three_public_prior", "general_prior", "procurement"):
        probe[key] = []
    probe.pop("operation_funds", None)
    return probe


def _constraints(data: dict, doc: Document) -> list[tuple[str, frozenset[int], Decimal, Source]]:
    """(where, the lines a printed cell sums, its printed value, its place) for every printed cell the
    entries make (a 款 printed on two rows, beside two 政府预算 款, aside: the ledger answers for both)."""
    from .ledger import entries_ledger
    from .load import entries

    n = len(_lines(data))
    members: dict[tuple, set[int]] = {}
    for start in range(0, n, BATCH):
        batch = {i: Decimal(2) ** (i - start) for i in range(start, min(n, start + BATCH))}
        ledger = entries_ledger(entries(_probe(data, batch), doc.file))
        for t in doc.tables:
            for (row, column), got in cells(ledger, t).items():
                bits = int(got.value)
                if got.value == bits and bits > 0:
                    members.setdefault((id(t), row, column), set()).update(
                        start + k for k in range(bits.bit_length()) if bits >> k & 1)
    out = []
    for t in doc.tables:
        keys = [r.code or r.name for r in t.rows]
        for r in t.rows:
            if keys.count(r.code or r.name) > 1 or t.amount_unit != doc.amount_unit:
                continue
            for c in r.cells:
                found = members.get((id(t), r.code or r.name, c.column))
                if found and c.value is not None and c.value == c.value.quantize(CENT):
                    out.append((f"{t.kind} {r.code} {c.column}", frozenset(found), c.value, c.source))
    return out


def unmet(data: dict, doc: Document) -> tuple[Finding, ...]:
    """The printed cells within reach of their rounding (half a cent a line) that the entries do not print
    again (E110); a cell beyond it is an error of the package, which the checker says."""
    lines = _lines(data)
    try:
        amounts = [Decimal(str(x["amount"])) for x in lines]
    except ArithmeticError:
        return ()
    said = []
    for where, members, printed, source in _constraints(data, doc):
        s = sum((amounts[i] for i in members), Decimal(0))
        low, high = interval(printed)
        if not low <= s <= high and abs(s - printed) <= len(members) * HALF:
            said.append(Finding("E110", Severity.WARNING, f"印出的 {printed} 与其组成部分之和（{s}）只差舍入尾差，但各组成"
                                f"部分在各自的舍入区间内无论取何值都不能使它舍入为 {printed}（{where}），请核对", source))
    return tuple(said)
