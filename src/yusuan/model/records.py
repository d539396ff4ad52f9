"""Frozen records for a read document: tables, rows, cells, projects, narrative.

Records hold tuples, never lists, so that a read document can be shared and hashed.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Callable

from .frozen import changed, record
from .money import UNREAD, Status


@record
class Source:
    """Where a value was printed. ``line`` is 1-based in text files; ``page`` for PDFs. In a
    workbook ``sheet`` and ``cell`` (``C12``) name the cell and ``line`` is its row in the sheet;
    in a Word file ``sheet`` is ``表N`` (the N-th table), ``cell`` ``R{row}C{col}`` and ``line``
    the row in that table, or the paragraph's ordinal for narrative."""

    file: str
    line: int | None = None
    page: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    sheet: str | None = None
    cell: str | None = None

    def at(self, **changes) -> "Source":
        if not changes.keys() <= _SOURCE_FIELDS:
            raise TypeError(f"Source has no field {sorted(changes.keys() - _SOURCE_FIELDS)}")
        return changed(self, changes)

    def as_dict(self) -> dict:
        """file, line and page; a workbook's or Word file's sheet and cell too when there are."""
        where = {"file": self.file, "line": self.line, "page": self.page}
        return {**where, "sheet": self.sheet, "cell": self.cell} if self.sheet else where

    def __str__(self) -> str:
        if self.sheet:
            at = self.cell or self.line
            return f"{self.file}:{self.sheet}!{at}" if at else f"{self.file}:{self.sheet}"
        if self.page:  # a PDF: page, and line on the page
            return f"{self.file}:p{self.page}" + (f":{self.line}" if self.line else "")
        if self.cell:  # a value of JSON entries: its path (/basic/0/economic)
            return f"{self.file}:{self.cell}"
        return f"{self.file}{':' + str(self.line) if self.line else ''}"


_SOURCE_FIELDS = frozenset(Source.__dataclass_fields__)


@record
class Unit:
    code: str | None
    name: str | None
    parent: str | None = None  # the 部门 code for a 单位 (212 for 212002)


@record
class Cell:
    column: str | None  # vocabulary name; None when the reader could not place the value
    text: str
    status: Status
    value: Decimal | None
    source: Source
    # how the reader chose the column of a value printed without its empty neighbours: "row" (a row
    # identity), "column" (parent = Σ children), "tables" (other tables' numbers), "spacing" (the text's
    # spacing), "total" (the only placement in columns the 合计 row prints); None: as printed, or the only place it could go. A rule does not confirm a value with
    # the identity that placed it.
    placed_by: str | None = None


@record
class Row:
    code: str | None  # classification code, ``total`` for 合计, or a row-vocabulary code
    name: str
    cells: tuple[Cell, ...]  # the printed values; a blank cell is absent (not zero) and has none
    source: Source
    level: int = 0  # 1 类, 2 款, 3 项 for classified rows; 0 otherwise
    side: str | None = None  # ``income`` / ``expenditure`` in two-sided tables
    extra: tuple[tuple[str, str], ...] = ()  # e.g. the 政府经济分类 code next to a 部门 code

    _by_column = None  # (not a field: the index of its cells, made when first asked; see _index_cells)

    def cell(self, column: str) -> Cell | None:
        return (self._by_column or _index_cells(self)).get(column)

    def value(self, column: str) -> Decimal | None:
        """The column's amount; None for a blank cell; UNREAD when a value is there but unknown:
        the cell is lost or not a number, or (no cell) the row has a value no column could take."""
        by_column = self._by_column or _index_cells(self)
        c = by_column.get(column)
        if c is not None:
            v = c.value
            return v if v is not None else UNREAD
        return UNREAD if by_column[_UNPLACED] else None

    def values(self, columns) -> list[Decimal | None]:
        """``value`` of each of ``columns``, in one call (a rule that sums a row's columns asks for several)."""
        by_column = self._by_column or _index_cells(self)
        missing = UNREAD if by_column[_UNPLACED] else None
        out = []
        for column in columns:
            c = by_column.get(column)
            out.append(missing if c is None else UNREAD if c.value is None else c.value)
        return out

    def lost_columns(self) -> frozenset[str]:
        """The columns of its values printed as "#####" (R002): nothing is checked through them."""
        return (self._by_column or _index_cells(self))[_LOST_COLUMNS]

    def placed_columns(self) -> frozenset[str]:
        """The columns whose cell the reader placed by a step (Cell.placed_by): most rows have none."""
        return (self._by_column or _index_cells(self))[_PLACED_COLUMNS]

    def __getstate__(self) -> dict:
        return _without_indexes(self)


# Rules ask a row for its columns thousands of times: each row's cells are indexed by column on the
# first question, in the record's own __dict__ (not a field: equality, hashing, repr, replace() and
# pickling, which leaves the index out, see only the fields), and read as an attribute (a class
# attribute None until it is made: quicker than a look-up in __dict__). Every such name is here:
_INDEXES = ("_by_column", "_by_code", "_class_rows_made", "_by_kind", "_made")
_UNPLACED = object()  # the index's key for: a value is printed that no column took
_LOST_COLUMNS = object()  # … for: the columns of values printed as "#####"
_PLACED_COLUMNS = object()  # … for: the columns whose (first) cell the reader placed by a step
_NONE: frozenset = frozenset()


def _index_cells(row: "Row") -> dict:
    by_column: dict = {}
    unplaced = False
    # (most rows have none: one empty set for all, not two more objects a row for the cyclic collector)
    lost = placed = _NONE
    for c in row.cells:
        column, status = c.column, c.status
        if column not in by_column:  # the first cell of a column, as a search from the left finds
            by_column[column] = c
            if c.placed_by and column is not None:
                placed = placed | {column}
        if column is None and status is not _BLANK:
            unplaced = True
        if status is _LOST:
            lost = lost | {column}
    by_column[_UNPLACED] = unplaced
    by_column[_LOST_COLUMNS] = lost
    by_column[_PLACED_COLUMNS] = placed
    row.__dict__["_by_column"] = by_column
    return by_column


_BLANK, _LOST = Status.BLANK, Status.LOST


def kept(record, name: str, make: Callable):
    """What a later stage makes of a frozen record (a table's ledger entries, a document's ledger),
    made once and kept beside its fields like the indexes above: the record cannot change, so neither
    can what was made of it."""
    made = record.__dict__.get("_made")
    if made is None:
        made = record.__dict__["_made"] = {}
    got = made.get(name, made)
    if got is made:  # (None may be what was made)
        got = made[name] = make(record)
    return got


def _without_indexes(record) -> dict:
    state = record.__dict__
    return {k: v for k, v in state.items() if k not in _INDEXES} if any(k in state for k in _INDEXES) else state


def classified_code(code: str) -> bool:
    """A code of a classification tree by its shape: 功能分类 2xx, 经济分类 3xx/5xx, 3, 5 or 7 digits.
    A code printed wrong (“7 | 11 | 02”) stays out of every sum of classes (K101 reports it)."""
    return code.isdigit() and len(code) in (3, 5, 7) and code[0] in "235"


@record
class Table:
    kind: str  # table-kind vocabulary (DESIGN.md §4), ``unknown`` when not recognised
    title: str
    number: str | None  # 附件4-2, 表二, 预算01表
    amount_unit: str  # 万元 or 元
    columns: tuple[str, ...]  # value columns, vocabulary names, in printed order
    column_labels: tuple[str, ...]  # the printed header label of each value column
    rows: tuple[Row, ...]
    source: Source
    year: int | None = None  # the budget year printed in the header, when it is
    notes: tuple[str, ...] = ()  # statements under the table (备注, 说明, 故此表无数据)
    pages: int = 1  # how many printed pages (repeated headers) were joined
    # how the kind was decided when the title did not say it: ("content", confidence 0–1)
    recognition: tuple[str, Decimal] | None = None
    # the 预算单位 whose table this is, when not the document's: a 部门 package prints its 汇总
    # tables and then each unit's own set (None = the document's unit)
    unit: Unit | None = None

    @property
    def is_empty(self) -> bool:
        return not any(c.status is not Status.BLANK for r in self.rows for c in r.cells)

    _by_code = None  # (not a field: its rows by code, made when first asked)
    _class_rows_made = None  # (not a field: ``class_rows``, made when first asked)

    def row(self, code: str) -> Row | None:
        by_code = self._by_code
        if by_code is None:
            by_code = {}
            for r in self.rows:
                by_code.setdefault(r.code, r)  # the first row of a code
            self.__dict__["_by_code"] = by_code
        return by_code.get(code)

    def __getstate__(self) -> dict:
        return _without_indexes(self)

    def class_rows(self) -> tuple[tuple[Row, ...], ...]:
        """The classified rows (income side left out), cut where a 预算单位 row starts: a table that
        lists several units prints each unit's classes under its row, and a code's parent is
        looked for within its unit only."""
        made = self._class_rows_made
        if made is None:
            made = self.__dict__["_class_rows_made"] = self._class_rows()
        return made

    def _class_rows(self) -> tuple[tuple[Row, ...], ...]:
        out: list[list[Row]] = [[]]
        for r in self.rows:
            code = r.code
            if not code:
                continue
            if code.startswith("unit:"):
                if out[-1]:
                    out.append([])
            # (classified_code, written out: asked of every row)
            elif r.side != "income" and code.isdigit() and len(code) in (3, 5, 7) and code[0] in "235":
                out[-1].append(r)
        return tuple(tuple(rows) for rows in out if rows)


@record
class Indicator:
    level1: str  # 一级指标 (产出指标, 效益指标, 满意度指标, 成本指标)
    level2: str  # 二级指标
    name: str  # 三级指标
    operator: str  # ≥ ≤ = 定性, or "" when none was printed
    value: str  # as printed
    number: Decimal | None  # the numeric target when the value is a number
    unit: str
    weight: Decimal | None
    core: bool | None  # 是否核心指标, when printed
    source: Source


@record
class Project:
    code: str | None
    name: str
    amount: Decimal | None
    funding: tuple[tuple[str, Decimal], ...]  # (上级资金|本级资金|…, amount), as printed
    indicators: tuple[Indicator, ...]
    source: Source
    type: str | None = None  # 项目类型/项目分类
    unit: str | None = None  # 申报单位/编制单位 as printed
    department: str | None = None  # 业务主管部门
    contact: str | None = None
    phone: str | None = None
    overview: str | None = None  # 项目概况
    basis: str | None = None  # 立项依据
    schedule: str | None = None  # 当年实施进度计划
    goal: str | None = None  # 当年(整体)绩效目标
    execution_weight: Decimal | None = None  # 预算执行率权重
    places: tuple[tuple[str, Source], ...] = ()  # where overview, basis, schedule and goal are printed
    amount_unit: str = "万元"  # of amount and funding: the form's own (项目资金（元）)

    def where(self, field: str) -> Source:
        """Where a text field is printed (the form's name line when not known)."""
        return dict(self.places).get(field, self.source)


@record
class Performance:
    """The unit's 整体绩效目标表."""

    goal: str | None
    indicators: tuple[Indicator, ...]
    amounts: tuple[tuple[str, Decimal | None], ...]  # (total|basic|project|basic.fiscal…, value)
    amount_unit: str
    source: Source
    lost: tuple[str, ...] = ()  # amount names printed as "#####"
    unit_field: str | None = None  # the 预算部门/部门名称 field as printed ("212002-重庆市…")


@record
class Claim:
    """A number stated in the narrative."""

    amount: Decimal
    unit: str  # 万元, %, 辆, 元…
    subject: str  # what it refers to, normalised (e.g. 收入合计, 一般公共预算拨款, 基本支出)
    text: str  # the sentence fragment it came from
    source: Source
    kind: str = "amount"  # amount | change | percent | count
    direction: str | None = None  # 增加/减少/持平 for a change
    compare_year: int | None = None
    section: str | None = None
    sentence: str = ""  # the whole sentence it was stated in
    fund: str | None = None  # general_budget | soe | gov_fund when a “…预算财政拨款” passage frames it
    # 决算 narratives (read/final_narrative.py): the functional code (2080101), “三公” column
    # (total, abroad, vehicle_purchase…) or item (procurement.goods…) a claim is about; None otherwise
    code: str | None = None
    owner: Unit | None = None  # stated in a unit's own narrative in a 部门 package (None: the package's)


@record
class Section:
    number: str  # 一、 / （一） / 第一部分
    title: str
    text: str
    level: int
    source: Source
    owner: Unit | None = None  # a unit's own narrative in a 部门 package (None: the package's)


@record
class Document:
    file: str
    layout: str  # tsv | pdf_text | cell_lines
    unit: Unit
    year: int | None
    kind: str  # budget | final_accounts
    amount_unit: str
    tables: tuple[Table, ...]
    projects: tuple[Project, ...]
    performance: Performance | None
    sections: tuple[Section, ...]
    claims: tuple[Claim, ...]
    findings: tuple = ()  # reading findings (report.Finding)
    region: str | None = None  # 6-digit 行政区划 from project codes
    sheets: tuple[str, ...] = ()  # the sheets (Word: 表N) in reading order, which sources name

    _by_kind = None  # (not a field: its tables by kind, made when first asked)

    def tables_of(self, kind: str) -> tuple[Table, ...]:
        by_kind = self._by_kind
        if by_kind is None:
            by_kind = {}
            for t in self.tables:
                by_kind[t.kind] = by_kind.get(t.kind, ()) + (t,)
            self.__dict__["_by_kind"] = by_kind
        return by_kind.get(kind, ())

    def __getstate__(self) -> dict:
        return _without_indexes(self)

    def unit_of(self, t: Table) -> Unit:
        """The unit a table belongs to: its own, else the document's."""
        return t.unit or self.unit

    @property
    def table_units(self) -> tuple[Unit, ...]:
        """The units that have their own table set in this package, in printed order (not the
        document's own unit, whose tables have ``unit`` None)."""
        return tuple(dict.fromkeys(t.unit for t in self.tables if t.unit is not None))

    def table(self, kind: str) -> Table | None:
        tables = self.tables_of(kind)  # (not next(iter(…)): rules ask it a hundred times a check)
        return tables[0] if tables else None
