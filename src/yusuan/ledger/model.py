"""The budget as a ledger: every printed amount with what it is, not where it was printed.

An ``Entry`` is one amount of the budget with its dimensions: whose (``owner``), from which fund,
on which 功能分类 or 经济分类 code, 基本 or 项目, 人员 or 公用, which “三公” item, income or spending,
this year or last, budgeted or spent. Each entry keeps the printed cell it came from (``source``)
and the table it was printed in (``basis``). Only a table's leaf cells are entries: a 类 row or a
合计 column is the sum of its parts, and derive() makes it again from them.

Tables show the budget along different dimensions that are never printed together (spending by
功能分类 in one table, by 经济分类 in another), so one amount is an entry of each table that prints
it; a question to the ledger (``Ledger.amount``) is answered from one table's view, the most detailed
that can answer it (derive.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from ..model import Claim, Performance, Project, Source, Unit

# the dimensions, in the order the ``ledger`` contract prints them; every entry has the first three
DIMENSIONS = ("side", "period", "measure", "fund", "function", "economic", "purpose", "staff", "project_type",
              "item", "flow", "fee", "funded", "row", "gov_economic")
# added after the contract was set: printed after its last column, so that the others keep their places
ADDED_DIMENSIONS = ("gov_economic",)
DEFAULTS = {"side": "spending", "period": "current", "measure": "budget"}
# ``funded`` carryover: spending paid by last year's carry-over (a prepared budget says so; the 收入总表
# prints it in its 上年结转 column); ``row``: a table's own row (a procurement item, a unit); ``gov_economic``:
# the 政府经济分类 code a 经济分类 row prints beside its 部门 code (Henan prints one 部门 code under two)
CODE_DIMENSIONS = frozenset({"function", "economic"})  # matched by prefix: 208 holds 2080101


def matches(dims: dict[str, str], sel: dict[str, str]) -> bool:
    """Whether an entry of ``dims`` is part of the selection ``sel`` (codes by prefix: 208 holds 2080101;
    ``*``: any value; "": the dimension absent)."""
    for k, v in sel.items():
        mine = dims.get(k)
        if v == "":  # the dimension must be absent (本年收入: not the 上年结转 flow)
            if mine is not None:
                return False
        elif mine is None or not (v == "*" or (mine.startswith(v) if k in CODE_DIMENSIONS else mine == v)):
            return False
    return True


class Entry(NamedTuple):
    """(A named tuple, not a record: a ledger makes hundreds, and a tuple is made at half the cost and is
    one object for the cyclic collector to walk, not two.)"""
    amount: Decimal
    dims: tuple[tuple[str, str], ...]  # sorted (dimension, value) pairs
    basis: str  # the kind of table it was printed in
    row: str  # the printed row's code (2080101, in.general_budget) or name
    row_name: str
    column: str  # the printed column
    unit: str  # 万元 or 元; a count's own (辆, 批次)
    source: Source
    owner: Unit | None = None  # a unit's own table set in a 部门 package; None: the document's unit

    def dim(self, name: str) -> str | None:
        return next((v for k, v in self.dims if k == name), None)


@dataclass(frozen=True)
class Ledger:
    file: str
    unit: Unit
    year: int | None
    kind: str  # budget | final_accounts
    amount_unit: str
    entries: tuple[Entry, ...]
    projects: tuple[Project, ...]
    performance: Performance | None
    claims: tuple[Claim, ...]
    # values printed but not known (lost, text, or in no column, with their row's dimensions only): a
    # leaf's, or a sum's with no leaf printed under it; never taken as blank, and what is derived through
    # them is not known either
    unread: tuple[Entry, ...] = ()
    # what the tables printed for their sums (类 rows, 合计 columns): not amounts of their own, but what a
    # comparison with the printed table should quote
    sums: tuple[Entry, ...] = ()
    department: str | None = None  # the name of a 单位's 部门 (unit.parent), where known

    def view_of(self, basis: str, owner: Unit | None) -> "View":
        """One table's view of the budget for one unit, with all that derive asks of it (``View``): made
        once, beside the fields (equality and hashing unchanged)."""
        views = self.__dict__.get("_views") or self._group()
        view = views.get((basis, owner))
        if view.__class__ is not View:  # its record made when first asked (a check asks of some views only)
            view = views[basis, owner] = View(*(view or ([], [], [])))
        return view

    def _group(self) -> dict:
        """(basis, owner) → every view's entries, sums and unread, in one pass each (a table's are
        together: each run of them is looked up once)."""
        by_view: dict[tuple, tuple[list, list, list] | View] = {}
        for i, entries in enumerate((self.entries, self.sums, self.unread)):
            basis = owner = lists = None
            for e in entries:
                if e.basis is not basis or e.owner is not owner or lists is None:
                    basis, owner = e.basis, e.owner
                    lists = by_view.setdefault((basis, owner), ([], [], []))
                lists[i].append(e)
        self.__dict__["_views"] = by_view
        return by_view

    def view(self, basis: str, owner: Unit | None) -> tuple[list, list, list]:
        """One table's (entries, sums, unread) for one unit, each entry and value not known with its
        dimensions as a dict (``View.lists``)."""
        return self.view_of(basis, owner).lists

    def bases(self) -> tuple[str, ...]:
        """The tables that are views of the budget: those with an amount, a printed sum or a value not known."""
        if "_bases" not in self.__dict__:  # (in the order of the views' first entries)
            self.__dict__["_bases"] = tuple(dict.fromkeys(b for b, _ in self.__dict__.get("_views") or self._group()))
        return self.__dict__["_bases"]


class View:
    """One table's view of the budget for one unit and what derive asks of it, made at once: derive asks
    the same views many times. ``lists``: its entries and values not known, each with its dimensions as
    a dict, and its printed sums; ``indexes``: its entries by the 类 of their codes, its sums by their
    sorted pairs; ``pairs``: the (dimension, value) pairs of its entries and of its sums; ``kept``: what
    derive made of it (its answers, by what they answer)."""
    __slots__ = ("lists", "indexes", "pairs", "kept")

    def __init__(self, entries: list[Entry], sums: list[Entry], unread: list[Entry]):
        listed = [(e, dict(e.dims)) for e in entries]
        self.lists = (listed, sums, [(e, dict(e.dims)) for e in unread])
        by_class: dict[tuple[str, str], list] = {}
        for pair in listed:
            d = pair[1]
            for k in CODE_DIMENSIONS:
                code = d.get(k)
                if code is not None:
                    group = by_class.get((k, code[:3]))
                    if group is None:
                        by_class[k, code[:3]] = [pair]
                    else:
                        group.append(pair)
        by_dims: dict[tuple, Entry] = {}
        for e in sums:
            by_dims.setdefault(e.dims, e)
        self.indexes = (by_class, by_dims)
        self.pairs = (frozenset().union(*(e.dims for e in entries)), frozenset().union(*(e.dims for e in sums)))
        self.kept: dict = {"columns": {}, "reach": {}, "lists": {}, "parts": {}}
