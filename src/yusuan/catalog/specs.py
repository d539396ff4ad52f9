"""The table kinds and the regional profiles, as data (data/tables.toml, data/profiles/*.toml).

A ``TableSpec`` says what a kind of table is: its name, the pattern its titles match, what its rows
are, what its amounts mean in the ledger, whether the standard set derives it, how it is printed (its
header tree, label columns, blocks) and what the checker reads in it. Budget and 决算 kinds are specs
of two families, not two code paths. ``columns()`` is the value columns (data/columns.toml): their
names and how each kind's are found in a header. A ``Profile`` is a region's table set: the order its
tables are printed in, how they are numbered, their titles, units and columns, and how its tables are
laid out beyond their kinds (``Layout``, its own header trees). A new region is one more file: in
data/profiles/, or in a folder named by the ``YUSUAN_PROFILES`` environment variable (several folders
separated by ``os.pathsep``).
"""
from __future__ import annotations

import functools
import os
import tomllib
from dataclasses import dataclass, field
from enum import Enum
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from ..model.frozen import record

FAMILIES = ("budget", "final_accounts")
ROWS = ("functional", "economic", "sides", "items", "lines", "form")


@record
class Head:
    """A header cell of a printed table: a leaf names a value column; a group spans the leaves under it."""

    label: str
    column: str | None = None
    children: tuple["Head", ...] = ()


@record
class LabelColumn:
    """A label column: its header and the row field it prints (code, name, or one of the row's own:
    type, unit, gov_code…); ``optional``: printed only when some row carries the field."""

    header: str
    field: str
    optional: bool = False


@record
class SideBlock:
    """One of the blocks a table prints side by side: its rows are those of its economic classes
    (the last block takes the rest), its amount is ``column``."""

    label: str
    column: str
    classes: tuple[str, ...] = ()
    amount: str = ""


@record
class Agreement:
    """A figure printed in two tables (tables.toml ``agrees``): ``row`` and ``column`` of the spec's
    table (``classes``: each 类 row) = what the ledger derives for it from ``table``, which prints it as
    Σ ``columns`` of its row ``table_row`` (None: the same row; the words of the message)."""

    what: str
    row: str
    column: str
    table: str
    columns: tuple[str, ...]
    table_row: str | None = None


_LABELS = (LabelColumn("科目编码", "code"), LabelColumn("科目名称", "name"))


@record
class TableSpec:
    kind: str
    name: str
    family: str  # budget | final_accounts
    title: str  # a regex on the squashed title ("" for unknown)
    rows: str  # see ROWS
    dims: tuple[tuple[str, str], ...] = ()
    unit_rows: bool = False  # a row may be a 预算单位's
    derive: bool = False
    identities: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (column, its parts): column = Σ parts
    # how it is printed (tables.toml's header comment)
    head: tuple[Head, ...] = ()
    labels: tuple[LabelColumn, ...] = _LABELS
    band: str | None = None  # None: the profile's
    income: str = ""
    holds: str = "该项收支"
    blocks: tuple[tuple[str, str], ...] = ()  # (label, column prefix)
    side_blocks: tuple[SideBlock, ...] = ()
    # what the checker reads in it (tables.toml's header comment)
    budget: str = ""
    words: tuple[tuple[str, str], ...] = ()  # (column, header words)
    said: tuple[tuple[str, str, str], ...] = ()  # (subject, row, column)
    said_under: tuple[str, tuple[tuple[str, str, str], ...]] = ("", ())  # (heading words, its said)
    agrees: tuple[Agreement, ...] = ()
    # the kind this one is printed in place of, its rows by the other classification (a region's 基本支出表
    # by 功能分类): read as this kind when the printed codes say so, and counted as that kind's table
    stands_for: str = ""

    def word(self, column: str) -> str | None:
        return dict(self.words).get(column)

    def block(self, label: str) -> str | None:
        """The column prefix of the block printed under ``label`` (预算数 → full_year_budget)."""
        return dict(self.blocks).get(label)


def heads(data: list) -> tuple[Head, ...]:
    """``["合计 = total", {"本年支出" = ["小计 = total", …]}]`` → the Head tree."""
    out = []
    for item in data:
        if isinstance(item, dict):
            (label, kids), = item.items()
            out.append(Head(label, None, heads(kids)))
        else:
            label, _, column = item.rpartition("=")
            out.append(Head(label.strip(), column.strip()))
    return tuple(out)


def _label_column(text: str) -> LabelColumn:
    header, _, field = text.rpartition("=")
    field = field.strip()
    return LabelColumn(header.strip(), field.rstrip("?"), field.endswith("?"))


def _identity(text: str) -> tuple[str, tuple[str, ...]]:
    """``"total = basic + project"`` → ("total", ("basic", "project"))."""
    lhs, _, rhs = text.partition("=")
    return lhs.strip(), tuple(p.strip() for p in rhs.split("+"))


@record
class Layout:
    """How a profile's tables are printed beyond their kinds' specs (a profile's [layout]); the
    defaults are the budget tables'."""

    preparer: bool = False  # the unit on a 编制单位 line (titles without its name)
    column_numbers: bool = False  # a 栏次 row numbering the value columns under the header
    line_numbers: bool = False  # a 行次 column beside each side of a two-sided table
    band: str = "科目"  # the header cell over the label columns
    statement: str = "本单位无{what}，故此表无数据。"  # an empty table's ({year}: 2024年度)


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    family: str
    order: tuple[str, ...]  # table kinds in printed order
    numbering: str  # a format: "表{cn}" (表一), "预算{n:02d}表", "附件4-{n}"
    titles: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # kind → printed title
    aliases: tuple[str, ...] = ()  # other names accepted for it (mof143 for national)
    standard: tuple[str, ...] = ()  # the tables a package prepared for the region prints
    requires: tuple[str, ...] = ()  # the tables the region asks for beyond the national set (C108)
    units: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # kind (or default) → 元/万元
    columns: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # kind → its printed columns
    labels: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # "kind.column" → header words
    # kind → how its classified rows are printed: "items" (the 项 or 款 rows alone), "unit-items" (those
    # under the 部门's own row); by default every level (类, 款, 项)
    rows: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    same: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # a 其中 column printed as another
    layout: Layout = Layout()
    heads: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # kind → its own header tree

    def title(self, kind: str) -> str | None:
        return self.titles.get(kind)

    def unit(self, kind: str) -> str | None:
        """The amount unit the region prints the kind in; None: as the amounts come."""
        return self.units.get(kind, self.units.get("default"))

    def label(self, kind: str, column: str) -> str | None:
        return self.labels.get(f"{kind}.{column}")

    def head(self, kind: str) -> tuple[Head, ...]:
        """The header tree the region prints the kind with: its own, else the kind's."""
        return self.heads.get(kind) or spec(kind).head


def _toml(text: str, where: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"{where}: {e}") from None


def _spec(kind: str, d: dict) -> TableSpec:
    return TableSpec(kind, d["name"], d["family"], d.get("title", ""), d["rows"],
                     tuple(sorted(d.get("dims", {}).items())), d.get("unit_rows", False), d.get("derive", False),
                     tuple(_identity(i) for i in d.get("identities", ())), heads(d.get("head", ())),
                     tuple(_label_column(x) for x in d["labels"]) if "labels" in d else _LABELS, d.get("band"),
                     d.get("income", ""), d.get("holds", "该项收支"),
                     tuple((b["label"], b["prefix"]) for b in d.get("blocks", ())),
                     tuple(SideBlock(b["label"], b["column"], tuple(b.get("classes", ())), b.get("amount", ""))
                           for b in d.get("side_blocks", ())),
                     d.get("budget", ""), tuple(d.get("words", {}).items()), _said(d.get("said", {})),
                     (d.get("said_under", {}).get("heading", ""),
                      _said({k: v for k, v in d.get("said_under", {}).items() if k != "heading"})),
                     tuple(Agreement(a["what"], a["row"], a["column"], a["table"], tuple(a["columns"]), a.get("table_row"))
                           for a in d.get("agrees", ())), d.get("stands_for", ""))


def _said(d: dict) -> tuple[tuple[str, str, str], ...]:
    return tuple((subject, row, column) for subject, (row, column) in d.items())


@functools.cache
def _tables() -> tuple[tuple[TableSpec, ...], MappingProxyType]:
    data = _toml(resources.files(__package__).joinpath("data/tables.toml").read_text(encoding="utf-8"),
                 "catalog/data/tables.toml")
    columns = MappingProxyType({name: tuple(sorted(d.items())) for name, d in data.pop("columns").items()})
    reading = Reading(tuple((k, tuple(v)) for k, v in data.pop("signs").items()),
                      tuple((k, v["pattern"], v.get("unless")) for k, v in data.pop("header_signs").items()),
                      tuple(data.pop("reading")["order"]))
    specs = tuple(_spec(kind, d) for kind, d in data.items())
    assert all(s.family in FAMILIES and s.rows in ROWS for s in specs), "tables.toml: family or rows"
    kinds = {s.kind for s in specs}
    assert {k for k, _ in reading.signs} | {k for k, *_ in reading.header_signs} | set(reading.order) <= kinds, \
        "tables.toml: [signs], [header_signs] or [reading] name an unknown kind"
    return specs, columns, reading


def table_specs() -> tuple[TableSpec, ...]:
    return _tables()[0]


@record
class Reading:
    """What the reader takes from tables.toml besides the kinds (its [signs], [header_signs], [reading])."""

    signs: tuple[tuple[str, tuple[str, ...]], ...]  # (kind, its signs), a tie to the first
    header_signs: tuple[tuple[str, str, str | None], ...]  # (kind, header pattern, unless)
    order: tuple[str, ...]  # the kinds placed first, in turn


def reading() -> Reading:
    return _tables()[2]


# the kinds as a type, made from the data: Kind.GENERAL_EXPENDITURE == "general_expenditure", so the
# JSON and CSV contracts keep their strings, and a misspelt kind fails where it is written
Kind = Enum("Kind", {s.kind.upper(): s.kind for s in table_specs()}, type=str)
Kind.__str__ = str.__str__


@functools.cache
def spec(kind: str) -> TableSpec:
    return next((s for s in table_specs() if s.kind == kind), None) or spec("unknown")


def counterpart(kind: str, family: str) -> str:
    """The kind of ``family`` that prints the quantities of ``kind`` (支出总表 → 支出决算表), else ``kind``."""
    return next((s.kind for s in table_specs() if s.family == family and s.budget == kind), kind)


@functools.cache
def said(family: str = "final_accounts") -> MappingProxyType:
    """subject → (kind, row, column): the cell a narrative's subject names in the family's tables."""
    return MappingProxyType({subject: (s.kind, row, col) for s in table_specs() if s.family == family
                             for subject, row, col in s.said})


def said_under(section: str, subject: str, family: str = "final_accounts") -> tuple[str, str, str] | None:
    """The cell a subject said under a heading names, where the heading's words name a table."""
    for s in table_specs():
        heading, cells = s.said_under
        if s.family == family and heading and heading in section:
            for name, row, col in cells:
                if name == subject:
                    return s.kind, row, col
    return None


# --- the value columns (data/columns.toml) ---------------------------------------------------------
@dataclass(frozen=True)
class Col:
    """A node of a header tree. A group with printed children has its own column only when
    it prints a 小计 (``subtotal``); otherwise only its children are columns."""

    name: str
    pattern: str  # regex on the squashed header text
    children: tuple["Col", ...] = ()
    subtotal: bool = False
    label: str | None = None  # how a group is printed, when not COLUMN_NAMES[name]


@record
class Columns:
    names: MappingProxyType  # column → how yusuan names it
    count_units: MappingProxyType  # count column → its unit (辆, 个, 批次, 人次)
    rates: frozenset  # percentage columns
    templates: MappingProxyType  # kind → its columns (Col trees) in printed order
    variants: MappingProxyType  # kind → (header words, the columns used when the header shows them)
    order_by_header: frozenset  # kinds whose columns follow the header's order
    order_variants: MappingProxyType  # kind → other printed orders of its columns


@functools.cache
def columns() -> Columns:
    d = _toml(resources.files(__package__).joinpath("data/columns.toml").read_text(encoding="utf-8"),
              "catalog/data/columns.toml")
    nodes, lists = d.get("nodes", {}), d.get("lists", {})

    def cols(items) -> tuple[Col, ...]:
        out: list[Col] = []
        for item in items:
            if isinstance(item, str):  # "@id": a group of [nodes], or the columns of a list, in place
                ref = item.removeprefix("@")
                out.extend((node(nodes[ref]),) if ref in nodes else cols(lists[ref]))
            elif isinstance(item, list):
                out.append(Col(item[0], item[1]))
            else:
                out.append(node(item))
        return tuple(out)

    def node(n: dict) -> Col:
        return Col(n["column"], n["pattern"], cols(n.get("children", ())), n.get("subtotal", False), n.get("label"))

    known = {s.kind for s in table_specs()}
    templates = {kind: cols(items) for kind, items in d["templates"].items()}
    order = d.get("order", {})
    assert set(templates) | set(order.get("by_header", ())) <= known, "columns.toml: unknown table kinds"
    return Columns(MappingProxyType(dict(d["names"])), MappingProxyType(dict(d.get("count_units", {}))),
                   frozenset(d.get("rates", {}).get("columns", ())), MappingProxyType(templates),
                   MappingProxyType({k: (v["header"], cols(v["columns"])) for k, v in d.get("variants", {}).items()}),
                   frozenset(order.get("by_header", ())),
                   MappingProxyType({k: tuple(tuple(o) for o in v) for k, v in order.get("variants", {}).items()}))


def column_dims(column: str) -> tuple[tuple[str, str], ...] | None:
    """What a value column means in the ledger; None for a column that is not a ledger amount."""
    return _tables()[1].get(column)


def _profile(d: dict, where: str) -> Profile:
    known = {s.kind for s in table_specs()}
    order = tuple(d.get("order", ()))
    titles = d.get("titles", {})
    named = (*order, *titles, *d.get("standard", ()), *d.get("requires", ()), *d.get("columns", {}),
             *d.get("rows", {}), *d.get("heads", {}), *(u for u in d.get("units", {}) if u != "default"))
    unknown = [k for k in named if k not in known]
    if unknown:
        raise ValueError(f"{where}: unknown table kinds {unknown}")
    try:
        layout = Layout(**d.get("layout", {}))
    except TypeError:
        raise ValueError(f"{where}: [layout] takes {', '.join(Layout.__dataclass_fields__)}") from None
    return Profile(d["id"], d["name"], d.get("family", "budget"), order, d.get("numbering", "表{cn}"),
                   MappingProxyType(dict(titles)), tuple(d.get("aliases", ())), tuple(d.get("standard", ())),
                   tuple(d.get("requires", ())),                   MappingProxyType(dict(d.get("units", {}))),
                   MappingProxyType({k: tuple(v) for k, v in d.get("columns", {}).items()}),
                   MappingProxyType(dict(d.get("labels", {}))), MappingProxyType(dict(d.get("rows", {}))),
                   MappingProxyType(dict(d.get("same", {}))), layout,
                   MappingProxyType({k: heads(v) for k, v in d.get("heads", {}).items()}))


def _extra_dirs() -> list[Path]:
    return [Path(p) for p in os.environ.get("YUSUAN_PROFILES", "").split(os.pathsep) if p]


@functools.cache
def _profiles(extra: tuple[Path, ...]) -> tuple[Profile, ...]:
    files = [(f.name, f.read_text(encoding="utf-8"))
             for f in resources.files(__package__).joinpath("data/profiles").iterdir() if f.name.endswith(".toml")]
    for folder in extra:
        files += [(str(f), f.read_text(encoding="utf-8")) for f in sorted(folder.glob("*.toml"))]
    return tuple(_profile(_toml(text, where), where) for where, text in sorted(files, key=lambda x: x[0]))


def profiles() -> tuple[Profile, ...]:
    """Every profile: the bundled ones, then those of YUSUAN_PROFILES."""
    return _profiles(tuple(_extra_dirs()))


def profile(name: str) -> Profile:
    for p in profiles():
        if name == p.id or name in p.aliases:
            return p
    raise KeyError(name)


def profile_titles(family: str = "budget") -> tuple[tuple[str, str], ...]:
    """(squashed printed title, kind) of every profile of the family, longest first: a region's own
    title names its table exactly, before the general patterns are tried."""
    pairs = {("".join(t.split()), kind) for p in profiles() if p.family == family for kind, t in p.titles.items()}
    return tuple(sorted(pairs, key=lambda x: -len(x[0])))
