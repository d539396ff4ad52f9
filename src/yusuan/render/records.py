"""The records a layout is made of: what every output format (XLSX, HTML, PDF) draws."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..catalog.vocabulary import KIND_NAMES


@dataclass(frozen=True)
class Header:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Line:
    cells: tuple[str | Decimal | None, ...]  # label cells are str, values Decimal, None is blank
    level: int = 0  # 1 类, 2 款, 3 项: how far the name is indented
    total: bool = False


@dataclass(frozen=True)
class TableLayout:
    kind: str
    number: str  # 表一 / 附件4-1
    title: str
    unit: str  # 万元
    header: tuple[Header, ...]
    header_rows: int
    label_cols: int
    ncols: int
    body: tuple[Line, ...]
    note: str | None  # the statement an empty table must carry
    preparer: str | None = None  # the 编制单位 printed beside the 单位 line, the number above the title (决算
    # tables, a unit's own tables in a 部门 package)

    @property
    def sheet(self) -> str:
        name = self.title if self.preparer is not None else KIND_NAMES.get(self.kind, self.kind)  # 决算: the title
        return f"{self.number} {name}"[:31]
