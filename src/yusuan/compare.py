"""Two stored budgets side by side: a unit in two years, or two units in one year.

Rows are matched by (table, the unit of a unit's own set in a 部门 package, row code — or the
row's name when it has no code —, column, and which occurrence of that row in the table it is). A row printed in both budgets is compared cell
by cell, a blank cell counting as an exact zero; a row printed in one budget only is shown as
added or removed. Money is exact ``Decimal``: the change is exact; the percentage is change ÷ the
left amount × 100, rounded to 2 decimals half up (``ROUND_HALF_UP``), and absent when the left
amount is zero, blank or lost.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .catalog.vocabulary import COLUMN_NAMES, KIND_NAMES
from .store.query import LOST, StoredBudget, StoredFact
from .store.rebuild import row_groups

CENT = Decimal("0.01")
ROUNDING = "百分比 = 增减额 ÷ 左侧金额 × 100，保留两位小数，四舍五入（ROUND_HALF_UP）"
STATUS_NAMES = {"same": "相同", "changed": "变化", "added": "新增", "removed": "删除", "lost": "数值丢失"}


@dataclass(frozen=True)
class Line:
    table: str
    row_code: str
    row_name: str
    column: str
    left: str | None  # the exact amount text; None: the row is not in the left budget (or the cell is blank)
    right: str | None
    status: str  # same | changed | added | removed | lost
    change: Decimal | None
    percent: Decimal | None

    def as_dict(self, left_label: str, right_label: str) -> dict:
        return {"table": self.table, "row_code": self.row_code, "row_name": self.row_name, "column": self.column,
                "left": self.left, "right": self.right, "change": None if self.change is None else str(self.change),
                "percent": None if self.percent is None else str(self.percent), "status": self.status,
                "left_label": left_label, "right_label": right_label}


@dataclass(frozen=True)
class Comparison:
    left_label: str  # 2025, or a unit
    right_label: str
    left_file: str
    right_file: str
    lines: tuple[Line, ...]

    def tables(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(x.table for x in self.lines))

    def line(self, table: str, row_code: str, column: str = "total") -> Line | None:
        return next((x for x in self.lines if x.table == table and x.row_code == row_code and x.column == column), None)

    def as_dict(self) -> dict:
        return {"left": self.left_label, "right": self.right_label, "left_file": self.left_file,
                "right_file": self.right_file, "rounding": ROUNDING,
                "lines": [x.as_dict(self.left_label, self.right_label) for x in self.lines]}


def percent(change: Decimal, base: Decimal | None) -> Decimal | None:
    if base is None or base == 0:
        return None
    return (change / base * 100).quantize(CENT, rounding=ROUND_HALF_UP)


def _rows(facts: tuple[StoredFact, ...]) -> dict[tuple, dict[str, StoredFact]]:
    """(table, unit, row key, occurrence) → {column: fact}, in document order."""
    return {key: {f.column: f for f in row} for key, row in row_groups(facts).items()}


def _line(table, code, name, column, a: StoredFact | None, b: StoredFact | None, a_row: bool, b_row: bool) -> Line:
    left, right = (a.amount if a else None), (b.amount if b else None)
    if not a_row:
        return Line(table, code, name, column, None, right, "added", None, None)
    if not b_row:
        return Line(table, code, name, column, left, None, "removed", None, None)
    if LOST in (left, right):
        return Line(table, code, name, column, left, right, "lost", None, None)
    x, y = (Decimal(left) if left else Decimal(0)), (Decimal(right) if right else Decimal(0))
    change = y - x
    return Line(table, code, name, column, left, right, "same" if change == 0 else "changed", change,
                percent(change, x if left else None))


def compare(left: StoredBudget, right: StoredBudget, left_label: str, right_label: str) -> Comparison:
    a, b = _rows(left.facts), _rows(right.facts)
    by_table: dict[str, list[tuple]] = {}  # the left's rows, then the right's new ones; table by table
    for key in (*a, *(k for k in b if k not in a)):
        by_table.setdefault(key[0], []).append(key)
    lines = []
    for table, keys in by_table.items():
        for key in keys:
            ra, rb = a.get(key), b.get(key)
            first = next(iter((rb or ra).values()))
            cells_a, cells_b = ra or {}, rb or {}
            for col in {**cells_a, **cells_b}:  # the left's columns, then the right's new ones
                lines.append(_line(table, first.row_code, first.row_name, col, cells_a.get(col), cells_b.get(col),
                                   ra is not None, rb is not None))
    return Comparison(left_label, right_label, left.ref.file, right.ref.file, tuple(lines))


def column_name(column: str) -> str:
    base = column.split(".")[-1]
    if not column:
        return "（未定列）"
    return ("上年" if column.startswith("prior_year") and column != "prior_year" else "") + COLUMN_NAMES.get(base, base)


def table_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


def _signed(d: Decimal | None) -> str:
    return "" if d is None else (f"{d:+}" if d else f"{d}")


HEADERS = ("表", "编码", "名称", "栏目")


def rows_for_text(c: Comparison) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    header = (*HEADERS, c.left_label, c.right_label, "增减", "增减%", "状态")
    body = [(table_name(x.table), x.row_code, x.row_name, column_name(x.column), x.left or "", x.right or "",
             _signed(x.change), "" if x.percent is None else f"{_signed(x.percent)}%",
             STATUS_NAMES[x.status]) for x in c.lines]
    return header, body


CSV_COLUMNS = ("table", "row_code", "row_name", "column", "left", "right", "change", "percent", "status",
               "left_label", "right_label")
