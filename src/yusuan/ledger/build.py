"""Document → Ledger: each table's leaf cells become entries with the dimensions its spec gives.

Which cells are leaves follows from the table as printed: a row is a leaf when no row under it is
printed (a 项 row, or a 类 row printed alone: Henan prints 项 rows only), a column when it is not
the sum of columns printed beside it (vocabulary.ROW_IDENTITIES: 合计 = 基本支出 + 项目支出 only when
both are printed). So nothing is counted twice within a table, whatever levels a region prints.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect
from decimal import Decimal

from ..catalog.specs import column_dims, spec
from ..catalog.vocabulary import REVENUE_WITH_BLOCKS, ROW_IDENTITIES, TEMPLATES, THREE_PUBLIC_ITEMS, column_unit, squash
from ..model import Document, Row, Status, Table
from ..model.records import classified_code, kept
from ..model.roles import RowRole, row_role
from .model import DEFAULTS, Entry, Ledger, matches

ZERO = Decimal(0)
NUMBER = Status.NUMBER
_entry = tuple.__new__

# a column name's prefix: the block it is printed in (上年, 全年预算, 决算)
PREFIXES = {"prior_year": ("period", "prior_year"), "full_year_budget": ("measure", "full_year_budget"),
            "final": ("measure", "final")}
# income rows of a two-sided table that are sums of other rows, or memos that are not amounts
_SIDE_SUMS = frozenset({"in.total", "in.current", "out.total", "out.current", "total"})
_SIDE_MEMOS = frozenset({"in.fiscal_appropriation"})
_SIDE_FLOWS = {"in.carryover": "carryover", "in.non_fiscal_balance": "non_fiscal_balance",
               "out.carry_forward": "carry_forward", "out.balance_distribution": "balance_distribution"}


@functools.cache  # asked for every cell a rule compares
def split_column(column: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """A printed column as (its block's dimensions, its base name): prior_year.abroad → period prior_year,
    abroad; full_year_budget → measure full_year_budget, total (a block's own total)."""
    head, _, rest = column.partition(".")
    if head in PREFIXES:
        return (PREFIXES[head],), rest or "total"
    return (), column


@functools.cache
def identities(kind: str) -> dict[str, tuple[str, ...]]:
    """The kind's column sums on base names (a 决算 block's prefix taken off): its row identities;
    its header's groups over their parts (本年收入 over the sources; not a 其中 memo, which is no
    part); and 合计 over the header's other first-level columns where no identity says otherwise.
    A part that is itself the sum of other parts listed (财政拨款 beside its three funds) is left out."""
    out: dict[str, tuple[str, ...]] = {}
    for lhs, rhs in ROW_IDENTITIES.get(kind, ()):
        out.setdefault(split_column(lhs)[1], tuple(split_column(c)[1] for c in rhs))
    template = TEMPLATES.get(kind, ()) + (REVENUE_WITH_BLOCKS if kind == "revenue" else ())

    def walk(cols):
        for c in cols:
            parts = tuple(ch.name for ch in c.children if column_dims(ch.name) is not None)
            if parts:
                out.setdefault(c.name, parts)
            walk(c.children)
    walk(template)
    top = tuple(c.name for c in template if c.name != "total" and column_dims(c.name) is not None)
    if top:
        out.setdefault("total", tuple(dict.fromkeys(top)))
    return {lhs: tuple(p for p in parts if not set(out.get(p, ())) or not set(out[p]) <= set(parts))
            for lhs, parts in out.items()}


def _covered(base: str, printed: set[str], identities: dict, seen: frozenset = frozenset()) -> bool:
    """Whether ``base`` is printed as the sum of printed columns (its parts, or their parts). A part
    the header lacks is not in the region's template: 合计 = 基本支出 + 项目支出 + 上缴上级 … is a sum
    of the first two where the others are not printed."""
    parts = identities.get(base)
    if not parts or base in seen:
        return False
    return any(p in printed or _covered(p, printed, identities, seen | {base}) for p in parts)


def leaf_columns(t: Table) -> tuple[str, ...]:
    return _leaf_columns(t.kind, t.columns)


@functools.lru_cache(maxsize=1024)  # a kind is printed under a few headers: the same answer, package after package
def _leaf_columns(kind: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    identities_ = identities(kind)
    blocks: dict[tuple, set[str]] = {}
    for c in columns:
        prefix, base = split_column(c)
        blocks.setdefault(prefix, set()).add(base)
    out = []
    for c in columns:
        prefix, base = split_column(c)
        if column_dims(base) is not None and not _covered(base, blocks[prefix], identities_):
            out.append(c)
    return tuple(out)


def _classified_leaves(t: Table) -> dict[int, tuple[str, str]]:
    """id(row) → (dimension, code) for the classified rows with no printed row under them (made once a
    table: asked for each of its rows)."""
    return kept(t, "classified_leaves", _find_classified_leaves)


def _find_classified_leaves(t: Table) -> dict[int, tuple[str, str]]:
    dimension = "economic" if spec(t.kind).rows == "economic" else "function"
    out = {}
    for rows in t.class_rows():
        # a code with another printed under it: in sorted order, the codes a code heads follow it at once
        codes = sorted({r.code for r in rows})
        parents = {a for a, b in zip(codes, codes[1:]) if b.startswith(a)}
        for r in rows:
            if r.code not in parents:
                out[id(r)] = (dimension, r.code)
    return out


@functools.lru_cache(maxsize=4096)  # by printed names: bounded, so that a batch worker's memory stays flat
def three_public_item(name: str) -> str | None:
    """The “三公” item an 经济分类 款 is, by its name (公务接待费 → reception): a region numbering the 款 its
    own way prints it under another code."""
    squashed = squash(name)
    return next((item for item, pattern in THREE_PUBLIC_ITEMS.items() if re.search(pattern, squashed)), None)


def row_dims(t: Table, r: Row, rows: str, classified: dict) -> tuple[tuple[tuple[str, str], ...], bool] | None:
    """What a row is, and whether it is a leaf (else a sum of others, with its ``row_selection``'s
    non-empty pairs); None for a row the ledger holds nothing of. ``rows``: the spec's, ``classified``:
    ``_classified_leaves``."""
    leaf = classified.get(id(r))
    if leaf is not None:
        if leaf[0] != "economic":
            return (leaf,), True
        item = three_public_item(r.name)
        gov = r.extra and dict(r.extra).get("gov_code")
        return (leaf, *((("item", item),) if item else ()), *((("gov_economic", gov),) if gov else ())), True
    code = r.code or ""
    if classified_code(code):  # a 类 or 款 with its parts printed
        if rows == "sides" and r.side == "income":
            return None
        return (("economic" if rows == "economic" else "function", code),), False
    if row_role(r.code) is RowRole.UNIT:  # a unit's row: a leaf when nothing is printed under it
        return None if classified or code in _code_heads(t) else ((("row", code),), True)
    if rows == "sides":
        pairs = _side_dims(code)
        if pairs is None:
            return None
        # a sum of the rows printed under it (上年结转 over its funds; 财政拨款 over its three)
        return pairs, not (code in _SIDE_SUMS or code in _dotted_heads(t) or (
            code == "in.fiscal" and any(t.row(f"in.{f}") for f in ("general_budget", "gov_fund", "soe"))))
    if rows == "items":
        return ((), True) if code == "total" else None
    if code == "total":
        return (), False
    if rows == "lines" or (rows in ("functional", "economic") and r.cells and not classified):
        return (("row", r.code or r.name),), True
    return None


@functools.lru_cache(maxsize=256)  # (a two-sided table's row codes are the vocabulary's)
def _side_dims(code: str) -> tuple[tuple[str, str], ...] | None:
    """``side_selection``'s non-empty pairs, sorted: "" (no flow) is no dimension of an entry."""
    sel = side_selection(code)
    return None if sel is None else tuple(sorted((k, v) for k, v in sel.items() if v))


def _code_heads(t: Table) -> frozenset[str]:
    """The table's row codes with another printed under them (unit:303 over unit:303016): in sorted
    order, the codes a code heads follow it at once. Made once a table (asked for each unit's row)."""
    return kept(t, "code_heads", _find_code_heads)


def _find_code_heads(t: Table) -> frozenset[str]:
    codes = sorted({r.code for r in t.rows if r.code})
    return frozenset(a for a, b in zip(codes, codes[1:]) if b.startswith(a))


def _dotted_heads(t: Table) -> frozenset[str]:
    """The heads of the table's dotted row codes (in, in.carryover for in.carryover.soe): a row whose
    code is one has rows printed under it. Made once a table."""
    return kept(t, "dotted_heads", _find_dotted_heads)


def _find_dotted_heads(t: Table) -> frozenset[str]:
    heads = set()
    for r in t.rows:
        code = r.code or ""
        while "." in code:
            code = code.rpartition(".")[0]
            heads.add(code)
    return frozenset(heads)


_SIDE_SELECTIONS = {"in.total": {"side": "income"}, "in.current": {"side": "income", "flow": ""},
                    "out.total": {"side": "spending"}, "out.current": {"side": "spending", "flow": ""}}


def side_selection(code: str) -> dict[str, str] | None:
    """A two-sided table's row code as dimensions: in.general_budget → income of that fund;
    in.carryover.soe → income carried over, of that fund; out.carry_forward → spending carried on."""
    if code in _SIDE_SELECTIONS:
        return dict(_SIDE_SELECTIONS[code])
    if code in _SIDE_MEMOS or not code.startswith(("in.", "out.")):
        return None
    side, _, rest = code.partition(".")
    head, _, fund = rest.partition(".")
    sel = {"side": "income" if side == "in" else "spending"}
    flow = _SIDE_FLOWS.get(f"{side}.{head}")
    if flow:
        sel["flow"] = flow
        if fund:
            sel["fund"] = fund
    elif side == "in" and not fund:
        sel.update(fund=head, flow="")  # this year's income of the fund, not what was carried over
    else:
        return None
    return sel


def row_selection(t: Table, r: Row) -> dict[str, str] | None:
    """What a printed row is a sum of, as a selection of the ledger (its leaves, or itself when it is
    one); None for a row the ledger cannot answer (a memo, a unit's row with units under it)."""
    rows = spec(t.kind).rows
    code = r.code or ""
    if code and classified_code(code) and not (rows == "sides" and r.side == "income"):
        if rows == "economic" and (gov := dict(r.extra).get("gov_code")) and id(r) in _classified_leaves(t):
            return {"economic": code, "gov_economic": gov}  # one of the rows of its 部门 code
        return {"economic" if rows == "economic" else "function": code}
    if rows == "sides":
        return side_selection(code)
    if code == "total":
        return {}
    what = row_dims(t, r, rows, _classified_leaves(t))
    return dict(what[0]) if what and what[0] else None  # (a leaf: the rest are answered above)


def _merge(*groups: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Later groups win: a column's fund over the table's, a row's side over the default."""
    merged = dict(DEFAULTS)
    for g in groups:
        merged.update(g)
    return tuple(sorted(merged.items()))


def table_entries(t: Table) -> tuple[tuple[Entry, ...], tuple[Entry, ...], tuple[Entry, ...]]:
    """A table's leaf cells as entries; its printed sums (a 类 row, a 合计 column) as entries of
    another list, which say what the table printed for a sum (never counted with the leaves); and
    its leaf values printed but not known (lost, text, or in no column: their row's dimensions only),
    so that nothing derived through them is taken as known. Made once per table: a check builds the
    ledger of the package and of each unit's set, which share their tables."""
    return kept(t, "ledger_entries", _table_entries)


def _table_entries(t: Table) -> tuple[tuple[Entry, ...], tuple[Entry, ...], tuple[Entry, ...]]:
    s = spec(t.kind)
    if s.rows == "form":
        return (), (), ()
    leaves = leaf_columns(t)
    classified = _classified_leaves(t)
    income_rows = s.rows == "sides"
    entries: list[Entry] = []
    sums: list[Entry] = []
    unknown: list[Entry] = []
    lost_sums: list[Entry] = []
    kind, owner, amount_unit = t.kind, t.unit, t.amount_unit
    # column → (_column_info, a leaf?); None: no ledger amount
    columns: dict[str, tuple | None] = {}
    for r in t.rows:
        if not r.cells:
            continue  # (nothing printed: no entry of any kind)
        what = row_dims(t, r, s.rows, classified)
        if what is None:
            continue
        rd, leaf_row = what
        income = income_rows and r.side == "income"
        own = dict(rd)  # (rd: pairs of distinct dimensions)
        # a row of one pair (most) is put among the column's sorted pairs at its place: no sort
        one = rd[0][0] if len(rd) == 1 else None
        code, name = r.code or r.name, r.name
        for c in r.cells:
            column = c.column
            if income and column not in ("total", None):
                continue  # the income side prints one column
            if column is None:  # a value no column could take (R004): its row is not known
                if c.status is not Status.BLANK:
                    (unknown if leaf_row else lost_sums).append(
                        Entry(ZERO, _merge(s.dims, rd), kind, code, name, "", amount_unit, c.source, owner))
                continue
            info = columns.get(column, columns)
            if info is columns:
                info = columns[column] = _column_info(kind, column, amount_unit)
                if info is not None:
                    info = columns[column] = (*info, column in leaves)
            if info is None:
                continue
            pairs, unit, keys, names, leaf_column = info
            leaf = leaf_row and (income or leaf_column)
            # = _merge(s.dims, column, prefix, rd), of the column's and the row's pairs themselves: an entry
            # makes one tuple, not one more per pair (fewer objects for the cyclic collector to walk); the
            # column's pairs filtered only where the row names one of its dimensions (most rows name others)
            if not keys.isdisjoint(own):
                dims = tuple(sorted(tuple(p for p in pairs if p[0] not in own) + rd))
            elif one is not None:
                at = bisect(names, one)
                dims = pairs[:at] + rd + pairs[at:]
            else:
                dims = tuple(sorted(pairs + rd))
            status = c.status
            if status is not NUMBER or c.value is None:
                if status is not Status.BLANK:
                    (unknown if leaf else lost_sums).append(
                        Entry(ZERO, dims, kind, code, name, column, unit, c.source, owner))
                continue
            # (an Entry made by tuple.__new__, without its Python __new__: hundreds a ledger)
            (entries if leaf else sums).append(
                _entry(Entry, (c.value, dims, kind, code, name, column, unit, c.source, owner)))
    # a sum printed but not known says nothing where a leaf under it is printed, known or not (they make
    # it again; a leaf not printed is blank); where none is (a 类 row whose 项 rows lost their values, in
    # a text), what it holds is not known
    if lost_sums:
        leaves = [dict(e.dims) for e in (*entries, *unknown)]
        unknown += [e for e in lost_sums if not any(matches(d, dict(e.dims)) for d in leaves)]
    return tuple(entries), tuple(sums), tuple(unknown)


@functools.lru_cache(maxsize=1024)  # a kind's few columns, table after table
def _column_info(kind: str, column: str, amount_unit: str) -> tuple | None:
    """A column's (dimension, value) pairs over its kind's (the defaults, the kind's, its block's), sorted,
    its unit and its dimensions' names (as a set, and in order); None for a column that is no ledger amount."""
    prefix, base = split_column(column)
    dims = column_dims(base)
    if dims is None:
        return None
    pairs = tuple(sorted({**dict(_merge(spec(kind).dims)), **dict(dims), **dict(prefix)}.items()))
    names = tuple(k for k, _ in pairs)
    return pairs, column_unit(column, amount_unit), frozenset(names), names


def ledger_of(doc: Document) -> Ledger:
    """The document's ledger, built once (the checker and the narrative draft ask it many questions)."""
    return kept(doc, "ledger", build_ledger)


def build_ledger(doc: Document) -> Ledger:
    entries: list[Entry] = []
    sums: list[Entry] = []
    unknown: list[Entry] = []
    made: dict[tuple, tuple] = {}  # (kind, unit) → the table's entries, sums and unread
    for t in doc.tables:
        if (t.kind, t.unit) in made:  # a second table of a kind for one unit is a copy or a misreading:
            continue  # one view of the budget each (the first), or its money would be counted twice
        e, m, u = made[t.kind, t.unit] = table_entries(t)
        entries += e
        sums += m
        unknown += u
    ledger = Ledger(doc.file, doc.unit, doc.year, doc.kind, doc.amount_unit, tuple(entries), doc.projects,
                    doc.performance, doc.claims, tuple(unknown), tuple(sums))
    ledger.__dict__["_views"] = _views(made)
    return ledger


def _views(made: dict[tuple, tuple]) -> dict:
    """``Ledger._group`` made from each table's lists, not entry by entry: a table's entries are one view
    (its kind, its unit). In the same order: the views with entries, then those with sums, then with unread."""
    views: dict[tuple, tuple[list, list, list]] = {}
    for i in range(3):
        for key, lists in made.items():
            if lists[i]:
                views.setdefault(key, ([], [], []))[i].extend(lists[i])
    return views
