"""Ledger → tables: each standard table made again from the ledger's entries.

An amount is asked of the ledger as a selection of dimensions (fund general_budget, function 208,
purpose basic …). It is answered from one table's view of the budget (a ``basis``): the table being
derived first (unless it is to be left out, to compare it with the rest of the package), then the most
detailed (功能分类 and 经济分类 tables before the two-sided summaries, a fund's own table before the
table of all funds). A view answers only a question as narrow as itself: the 一般公共预算 table
answers for general_budget, never for all funds; 财政拨款 (fiscal) is the sum of its three funds'
answers, when each has one.

``cells(ledger, table)`` gives, for every printed cell of a table, the value derived from the
ledger; ``derive(ledger, kind)`` lays out the standard table itself.
"""
from __future__ import annotations

import functools
from decimal import Decimal
from typing import NamedTuple

from ..catalog import load_catalog
from ..catalog.specs import column_dims, spec, table_specs
from ..catalog.vocabulary import AMOUNT_UNITS, COLUMN_NAMES, KIND_NAMES, TEMPLATES
from ..ledger.build import identities, row_selection, split_column
from ..ledger.model import CODE_DIMENSIONS, DEFAULTS, Entry, Ledger, View, matches
from ..model import Cell, Row, Source, Status, Table, Unit, half_ulp

FUND_PARTS = {"fiscal": ("general_budget", "gov_fund", "soe")}
_ROWS_RANK = {"functional": 0, "economic": 0, "sides": 1, "items": 2, "lines": 3, "form": 4}
_ORDER = {s.kind: i for i, s in enumerate(table_specs())}


def bases(ledger: Ledger, kind: str, exclude: frozenset[str] = frozenset()) -> list[str]:
    """The views that may answer for ``kind``'s cells, in the order they are asked."""
    cache = ledger.__dict__.setdefault("_orders", {})  # asked for every cell compared: made once
    if (kind, exclude) not in cache:
        present = [k for k in ledger.bases() if k not in exclude]
        present.sort(key=lambda k: (k != kind, _rank(k)))
        cache[kind, exclude] = present
    return list(cache[kind, exclude])


@functools.cache
def _rank(kind: str) -> tuple[int, int, int]:
    """Where a view is asked among the others (the table being derived aside): the most detailed first."""
    return _ROWS_RANK[spec(kind).rows], -len(spec(kind).dims), _ORDER.get(kind, 99)


class Derived(NamedTuple):
    """A derived amount and its rounding slack: the sum of n printed values stands for their sum
    ± the sum of their half-units (two sides agree when their intervals overlap). ``parts``: how
    many printed values it was made of (0: the view lists no such row, so it is nothing)."""
    value: Decimal
    slack: Decimal
    parts: int = 1
    unread: bool = False  # made through a value that is printed but not known: not known either

    def __add__(self, other: "Derived") -> "Derived":
        return Derived(self.value + other.value, self.slack + other.slack, self.parts + other.parts,
                       self.unread or other.unread)

    def agrees(self, printed: Decimal) -> bool:
        return abs(printed - self.value) <= self.slack + half_ulp(printed)


ZERO_AMOUNT = Decimal(0)
NOTHING = Derived(ZERO_AMOUNT, ZERO_AMOUNT, 0)


def _sum(amounts: list[Derived]) -> Derived:
    """``sum(amounts, NOTHING)``, the same additions in the same order, making one Derived, not one a term."""
    value, slack, parts, unread = NOTHING
    for a in amounts:
        value += a.value
        slack += a.slack
        parts += a.parts
        unread = unread or a.unread
    return Derived(value, slack, parts, unread)


def _touches(dims: dict[str, str], sel: dict[str, str]) -> bool:
    """Whether a value not known may be part of ``sel``: it matches on every dimension it has (one in no
    column has its row's only)."""
    for k, v in sel.items():
        mine = dims.get(k)
        if mine is None or v in ("", "*"):
            continue
        if not (mine.startswith(v) if k in CODE_DIMENSIONS else mine == v):
            return False
    return True


def _named(sel: dict[str, str]) -> frozenset:
    """The (dimension, value) pairs ``sel`` names that its entries must have (not a code, which matches
    by prefix): entries of pairs that lack one of them cannot match it."""
    return frozenset((k, v) for k, v in sel.items() if v != "" and v != "*" and k not in CODE_DIMENSIONS)


def _rest(sel: dict[str, str], named: frozenset) -> dict[str, str]:
    """What ``sel`` asks beside its ``named`` pairs (a code, by prefix; a dimension absent, or any value):
    an entry matches ``sel`` when its dimensions have the named pairs (a test of sets) and match the rest."""
    return {k: v for k, v in sel.items() if (k, v) not in named}


def _fits(d: dict[str, str], named: frozenset, rest: dict[str, str]) -> bool:
    """Whether an entry's dimensions ``d`` match a selection given as its ``named`` pairs and the ``rest``."""
    return d.items() >= named and (not rest or matches(d, rest))


def _qualifies(kind: str, sel: dict[str, str]) -> bool:
    """A view answers a question at least as narrow as itself (``*``: the question names one, any)."""
    for k, v in spec(kind).dims:
        if (sel.get(k) is None) if v == "*" else (sel.get(k, DEFAULTS.get(k)) != v):
            return False
    return True


def _in(e: Entry, unit: str) -> Derived:
    """An entry's amount in ``unit`` (元 and 万元 exactly, by a power of ten); a count as it is."""
    if e.unit == unit or e.unit not in AMOUNT_UNITS or unit not in AMOUNT_UNITS:
        return Derived(e.amount, half_ulp(e.amount))
    shift = AMOUNT_UNITS[e.unit] - AMOUNT_UNITS[unit]
    return Derived(e.amount.scaleb(shift), half_ulp(e.amount).scaleb(shift))


class Asking(NamedTuple):  # (made for every question a rule asks: a named tuple is made quickest)
    """Questions to one ledger for one unit's tables, in one amount unit, of the views in ``order``.
    ``printed``: a view's printed sum (its 类 row, its 合计 column) answers for that sum, as the
    view printed it, rather than the sum of its leaves (what a comparison of two tables quotes).
    What it derives is kept with each view of the ledger (``View.kept``): several rules ask the same."""
    ledger: Ledger
    owner: Unit | None
    unit: str
    order: tuple[str, ...]
    printed: bool = False

    def amount(self, sel: dict[str, str], view: str) -> Derived | None:
        """The sum of ``view``'s entries for ``sel``; nothing when the view lists its rows and this is
        not among them; None when the view cannot answer."""
        return self._amount(sel, view, self.ledger.view_of(view, self.owner))

    def _amount(self, sel: dict[str, str], view: str, v: View) -> Derived | None:
        fund = sel.get("fund")
        if fund in FUND_PARTS:  # 财政拨款: its funds that the view has (a fund it has nothing of is none)
            parts = [p for f in FUND_PARTS[fund] if (p := self._amount({**sel, "fund": f}, view, v)) is not None]
            if parts:
                return _sum(parts)
        # the defaults where not asked, after what was: most entries match them, so they are tested last
        full = {**sel, **DEFAULTS, **sel}
        named = _named(full)
        return self._entries(full, named, _rest(full, named), view, v)

    def _entries(self, sel: dict[str, str], named: frozenset, rest: dict[str, str], view: str,
                 v: View) -> Derived | None:
        """``_amount`` of a selection with the defaults (``named``: its ``_named`` pairs, ``rest``: the others)."""
        if not _qualifies(view, sel):
            return None
        _, _, unknown = v.lists
        if not unknown:
            if not named <= v.pairs[0]:
                return None
        elif any(_touches(d, sel) for _, d in unknown):  # (a value not known may be anything)
            return Derived(ZERO_AMOUNT, ZERO_AMOUNT, 1, True)
        found = [_in(e, self.unit) for e, d in _candidates(v, sel) if _fits(d, named, rest)]
        if found:
            return _sum(found)
        listed = _ROW_DIMENSION.get(spec(view).rows)
        return NOTHING if listed in sel and _lists(v, {**sel, listed: "*"}) else None

    def _printed_sum(self, q: "_Question", v: View) -> Derived | None:
        """What the view printed for the question: its sum printed whole, else the sums it printed of its
        parts along one dimension (the 基本支出决算表's 人员经费合计 and 公用经费合计 for its 基本支出; a table
        without its 合计 row, its 类 rows), when they cover every entry of the question (a printed sum is
        a fact: its rows may add up to another figure by a rounding tail)."""
        key = q.key
        if not v.pairs[1].issuperset(key):  # (most: a leaf's code, which no printed sum has)
            return None
        e = v.indexes[1].get(key)
        if e is not None:
            return _in(e, self.unit)
        want = q.full
        parts = {k: printed for k, printed in _parts(v, key).items() if k not in want}
        if not parts:
            return None
        inside = [d for _, d in _candidates(v, want) if _fits(d, q.named, q.rest)] + \
            [d for _, d in v.lists[2] if _touches(d, want)]
        for k, printed in parts.items():  # (a value not known counts as outside them: it may be anywhere)
            if k in CODE_DIMENSIONS:  # the top codes printed (a 类 row, not its 款 rows as well)
                printed = {c: e for c, e in printed.items() if not any(c[:n] in printed for n in range(1, len(c)))}
            if inside and all(d.get(k) is not None and _part(k, d[k], printed) for d in inside):
                return _sum([_in(e, self.unit) for e in printed.values()])
        return None

    def column(self, kind: str, row_sel: dict[str, str], column: str, view: str) -> Derived | None:
        """A column of a row of ``kind``, from ``view``: as the view printed it (``printed``), else by
        its own dimensions (基本支出: purpose basic), else the sum of its parts where the kind's
        identities make it one (合计 = 基本支出 + 项目支出; the “三公” 合计 leaves 机关运行经费 out), else,
        a column of no dimension of its own (合计), everything the view has for the row. A column that contradicts its row
        (the 政府性基金 column of the 一般公共预算 income row) holds nothing. Kept with the view: the
        rules ask the same cells again (X120 runs the comparisons of a table it suspects)."""
        return self._kept_column(_question(kind, column, _pairs(row_sel)), view, self.ledger.view_of(view, self.owner))

    def _kept_column(self, q: "_Question", view: str, v: View) -> Derived | None:
        cache = v.kept["columns"]
        key = (self.unit, self.printed, q)
        got = cache.get(key, cache)
        if got is cache:  # (None is an answer)
            parts = _reach(v, q.kind, q.column, q.names)
            got = cache[key] = None if parts is None else self._column(q, view, v, parts)
        return got

    def _column(self, q: "_Question", view: str, v: View, parts: tuple[str, ...]) -> Derived | None:
        """``column`` of a view that may hold something of it (``parts``: those of its parts it may hold
        something of, ``_reach``)."""
        own = q.own
        if q.contradicts:
            return None
        if self.printed and own is not None and (found := self._printed_sum(q, v)):
            return found
        if own and (found := self._asked_amount(q, view, v)) is not None:
            return found  # 基本支出 by its own dimension: every economic class, not only the four printed
        if parts:
            values = [x for p in parts if (x := self._kept_column(_question(q.kind, p, q.row), view, v))]
            if values:
                return _sum(values)
        return None if own is None or own else self._asked_amount(q, view, v)

    def _asked_amount(self, q: "_Question", view: str, v: View) -> Derived | None:
        """``_amount`` of the question's selection (with its defaults and named pairs made once)."""
        if q.sel.get("fund") in FUND_PARTS:
            return self._amount(q.sel, view, v)
        return self._entries(q.full, q.named, q.rest, view, v)

    def cell(self, kind: str, row_sel: dict[str, str], column: str) -> tuple[Derived, str] | None:
        """A cell and the view that gave it: the first view that can, all of it from that one view (a
        合计 is never its 基本支出 from one table and its 项目支出 from another). Kept with the ledger: several
        rules ask the same cell."""
        cache = self.ledger.__dict__.setdefault("_cells", {})
        q = _question(kind, column, _pairs(row_sel))
        key = (self.owner, self.unit, self.printed, self.order, q)
        if key not in cache:
            cache[key] = self._first(q)
        return cache[key]

    def _first(self, q: "_Question") -> tuple[Derived, str] | None:
        for view in self.order:
            if got := self._kept_column(q, view, self.ledger.view_of(view, self.owner)):
                return got, view
        return None


def _candidates(v: View, sel: dict[str, str]) -> list:
    """The view's entries that may match ``sel``: those of its code's 类 when it names a code."""
    for k in CODE_DIMENSIONS:
        code = sel.get(k)
        if code and len(code) >= 3:
            return v.indexes[0].get((k, code[:3]), [])
    return v.lists[0]


def _lists(v: View, rest: dict[str, str]) -> bool:
    """Whether the view has entries for ``rest`` (a question with any code): it then lists its rows
    by code, and a code it has no row for is nothing (a table by unit lists none). Asked for every
    cell compared: kept."""
    cache = v.kept["lists"]
    key = _pairs(rest)
    if key not in cache:
        cache[key] = any(matches(d, rest) for _, d in v.lists[0])
    return cache[key]


def _parts(v: View, key: tuple[tuple[str, str], ...]) -> dict[str, dict[str, Entry]]:
    """The view's printed sums that are parts of the sum of dimensions ``key`` (sorted pairs): those with
    its dimensions and one more → that dimension → its value → the sum printed. Kept per view and key
    (few sums are parts of another, and a view is asked of few sums)."""
    cache = v.kept["parts"]
    out = cache.get(key)
    if out is None:
        out = cache[key] = {}
        mine = frozenset(key)
        for dims, pairs, e in _sums_by_size(v).get(len(key) + 1, ()):
            if mine <= pairs:
                k, x = next(p for p in dims if p not in mine)
                if k not in _NOT_PARTS:
                    out.setdefault(k, {})[x] = e
    return out


def _sums_by_size(v: View) -> dict[int, list[tuple[tuple, frozenset, Entry]]]:
    """The view's printed sums by how many dimensions they have, each with its pairs as a set (in the
    order of ``index``)."""
    out = v.kept.get("sums by size")
    if out is None:
        out = v.kept["sums by size"] = {}
        for dims, e in v.indexes[1].items():
            out.setdefault(len(dims), []).append((dims, frozenset(dims), e))
    return out


def _reach(v: View, kind: str, column: str, names: tuple[str, ...]) -> tuple[str, ...] | None:
    """The column's parts that the view may hold something of, for a row that names the dimensions
    ``names``; None when it holds nothing of the column nor of any of its parts, whatever the row's
    values. Made once per kind, column, view and the dimensions a row names: most columns a rule
    tries are none of most views' (the 收支总表 prints no 基本支出 of its classes)."""
    cache = v.kept["reach"]
    key = (kind, column, names)
    got = cache.get(key, cache)
    if got is cache:  # (None is an answer)
        all_parts, named = _reaching(kind, column, names)
        parts = tuple(p for p in all_parts if _reach(v, kind, p, names) is not None) if all_parts else ()
        got = cache[key] = parts if parts or not _beside(v, named) else None
    return got


def _beside(v: View, named: frozenset) -> bool:
    """Whether the view holds nothing of a column itself (its parts aside), whatever the row's values:
    the column names a value of its own (``named``: not the row's, not a code, not 财政拨款, which is its
    funds) that none of the view's entries has, and one that none of its printed sums has, and the view
    has no value not known (which may be anything)."""
    entry_pairs, sum_pairs = v.pairs
    return not v.lists[2] and not named.issubset(entry_pairs) and not named.issubset(sum_pairs)


@functools.cache
def _reaching(kind: str, column: str, names: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset]:
    """A column's parts, and the values it names of its own for a row naming ``names`` (``_beside``)."""
    plan = _plan(kind, column)
    return plan.parts, frozenset((k, v) for k, v in plan.mine.items() if k not in names and v != "" and v != "*"
                                 and k not in CODE_DIMENSIONS and not (k == "fund" and v in FUND_PARTS))


def _pairs(sel: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(sel.items()))


class _Question:
    """A column of a kind asked of a row (``row``: its selection as sorted pairs; ``names``: the dimensions
    it names), with what ``_column`` asks of every view for it: ``sel``, the column's selection (its
    plan's) with the row's; ``full``, the same with the defaults after it (entries are matched with
    it: most match the defaults, tested last); ``named``, its ``_named`` pairs, and ``rest``, the others
    (``_rest``); ``own``, the values of the column's own dimensions (``_Plan``); ``contradicts``: the row
    names another value of one of them, so that the column holds nothing; ``key``, ``full``'s sorted
    pairs without the absent ones, which a printed sum is looked up by. Made once (``_question``): each
    view asked, and the next documents, ask the same. Compared by identity (a key of the views' answers)."""
    __slots__ = ("kind", "column", "row", "names", "sel", "full", "named", "rest", "own", "contradicts", "key")

    def __init__(self, kind: str, column: str, row: tuple[tuple[str, str], ...]):
        plan = _plan(kind, column)
        self.kind, self.column, self.row = kind, column, row
        self.names = tuple(k for k, _ in row)
        self.sel = {**plan.mine, **dict(row)}
        self.full = {**self.sel, **DEFAULTS, **self.sel}
        self.named = _named(self.full)
        self.rest = _rest(self.full, self.named)
        self.own = plan.own
        self.contradicts = bool(self.own) and any(self.own.get(k, x) not in (x, "*") for k, x in row)
        self.key = tuple(sorted((k, x) for k, x in self.full.items() if x != ""))


@functools.lru_cache(maxsize=8192)  # (a document asks a few hundred; the next asks mostly the same)
def _question(kind: str, column: str, row: tuple[tuple[str, str], ...]) -> _Question:
    return _Question(kind, column, row)


class _Plan(NamedTuple):
    """What a column of a kind asks the ledger, whatever the row: its selection (the kind's dimensions,
    the column's, its block's), the values of the column's own dimensions (None: a column that is no
    ledger amount; a row naming another value holds nothing of it), its parts by the kind's identities.
    Shared by every question: its dicts are never changed."""
    mine: dict[str, str]
    own: dict[str, str] | None
    parts: tuple[str, ...]


@functools.cache
def _plan(kind: str, column: str) -> _Plan:
    prefix, base = split_column(column)
    dims = column_dims(base)
    mine = {**dict(spec(kind).dims), **dict(dims or ()), **dict(prefix)}
    own = None if dims is None else {k: mine[k] for k, _ in dims}
    parts = tuple(_join(prefix, p) for p in identities(kind).get(base) or ())
    return _Plan(mine, own, parts)


_ROW_DIMENSION = {"functional": "function", "economic": "economic"}
# dimensions along which printed sums are no parts of a sum printed (a unit's row, a side of a table)
_NOT_PARTS = frozenset({"gov_economic", "row", "side"})


def _part(k: str, value: str, printed: dict[str, Entry]) -> bool:
    """Whether an entry's ``value`` of dimension ``k`` is under one of the sums printed (a code by prefix)."""
    return any(value[:n] in printed for n in range(1, len(value) + 1)) if k in CODE_DIMENSIONS else value in printed


def _join(prefix: tuple[tuple[str, str], ...], base: str) -> str:
    """A base column in a block: (period prior_year, abroad) → prior_year.abroad."""
    if not prefix:
        return base
    head = prefix[0][1]
    return head if base == "total" else f"{head}.{base}"


def asking(ledger: Ledger, t: Table, exclude_self: bool = False, views: tuple[str, ...] | None = None,
           printed: bool = False) -> Asking:
    """Questions about table ``t``'s cells: from every view (``views``: these only), the table's own
    first unless ``exclude_self``."""
    cache = ledger.__dict__.setdefault("_asked_orders", {})  # (rules ask through it for every cell they compare)
    key = (t.kind, exclude_self, views)
    if key not in cache:
        order = bases(ledger, t.kind, frozenset({t.kind}) if exclude_self else frozenset())
        cache[key] = tuple(k for k in order if views is None or k in views)
    return Asking(ledger, t.unit, t.amount_unit, cache[key], printed)


def cells(ledger: Ledger, t: Table, exclude_self: bool = False) -> dict[tuple[str, str], Derived]:
    """Every printed value cell of ``t`` that the ledger can derive from its leaves: (row code, column)
    → value. ``exclude_self``: from the rest of the package only (the table's own entries left out)."""
    ask = asking(ledger, t, exclude_self)
    out = {}
    for r in t.rows:
        sel = row_selection(t, r)
        if sel is None:
            continue
        for c in r.cells:
            if c.column and c.status is Status.NUMBER and (got := ask.cell(t.kind, sel, c.column)) \
                    and not got[0].unread:
                out[(r.code or r.name, c.column)] = got[0]
    return out


def _standard_columns(kind: str) -> tuple[str, ...]:
    """The first-level columns of the kind's header that are ledger amounts (合计, 基本支出, 项目支出 …)."""
    return tuple(c.name for c in TEMPLATES.get(kind, ()) if column_dims(c.name) is not None)


CENT = Decimal("0.01")


def tidy(v: Decimal) -> Decimal:
    """An amount in cents when it is that exactly (830.00 万元 in 元: 8300000.00, not 8.3000E+6)."""
    q = v.quantize(CENT)
    return q if q == v else v


def derived_cell(column: str, got: Derived | None, src: Source) -> Cell | None:
    """A derived amount as the cell a table prints (in cents where it is that exactly); None for none."""
    if got is None or not got.parts:
        return None
    v = tidy(got.value)
    return Cell(column, str(v), Status.NUMBER, v, src.at(column=column))


def derive(ledger: Ledger, kind: str, owner: Unit | None = None, unit: str | None = None,
           columns: tuple[str, ...] | None = None) -> Table | None:
    """The standard table of ``kind`` laid out from the ledger: for a table classified by 功能分类 or
    经济分类, a 合计 row and a row for every code the ledger has (with its 类 and 款); None when no
    view of the ledger can give it."""
    s = spec(kind)
    if s.rows not in ("functional", "economic"):
        return None
    order = bases(ledger, kind)
    unit = unit or ledger.amount_unit
    ask = Asking(ledger, owner, unit, tuple(order))
    dimension = "economic" if s.rows == "economic" else "function"
    universe = {**DEFAULTS, **dict(s.dims)}
    source_kind = next((k for k in order if _qualifies(k, universe)
                        and any(e.basis == k and e.dim(dimension) for e in ledger.entries)), None)
    if source_kind is None:
        return None
    # the codes the kind's own universe spends on (a fund's table lists that fund's classes only); their
    # names as the table printed them when it is the view, else the catalog's
    leaves = {d[dimension]: e.row_name for e, d in ledger.view(source_kind, owner)[0]
              if d.get(dimension) and matches(d, universe)}
    printed = source_kind == kind
    codes = sorted({c[:n] for c in leaves for n in (3, 5, 7) if n <= len(c)})
    tree = load_catalog().economic_dept if dimension == "economic" else load_catalog().functional
    # last year's column, for a fund's own table (the 一般公共预算 table prints it; a table of all funds would
    # need every fund's last year)
    prior = "fund" in dict(s.dims) and any(d.get(dimension) and matches(d, {**universe, "period": "prior_year"})
                                           for e in ledger.entries if e.owner == owner for d in [dict(e.dims)])
    columns = columns or (("prior_year",) if prior else ()) + _standard_columns(kind)
    src = Source(ledger.file, table=kind)
    rows = []
    for code in ("total", *codes):
        sel = {} if code == "total" else {dimension: code}
        found = tree.by_code(code, ledger.year) if code != "total" else None
        name = "合计" if code == "total" else (printed and leaves.get(code)) or (found.name if found else code)
        at = src.at(row=code)
        row_cells = tuple(c for col in columns
                          if (c := derived_cell(col, (got := ask.cell(kind, sel, col)) and got[0], at)))
        rows.append(Row(code, name, row_cells, src.at(row=code), 0 if code == "total" else {3: 1, 5: 2, 7: 3}.get(len(code), 0)))
    return Table(kind, KIND_NAMES.get(kind, kind), None, unit, columns, labels(columns), tuple(rows),
                 src, ledger.year, unit=owner)


def labels(columns: tuple[str, ...]) -> tuple[str, ...]:
    """The header words a derived table prints for its columns (the template's, which readers know)."""
    return tuple(COLUMN_NAMES.get(c.split(".")[-1] if c != "prior_year" else c, c) for c in columns)


__all__ = ["NOTHING", "Asking", "Derived", "asking", "bases", "cells", "derive", "derived_cell"]
