"""What a row is, as a type rather than a test on its code string (the ``facts`` contract keeps the
strings: ``2080101``, ``total``, ``in.current``, ``unit:303016``, ``goods``)."""
from __future__ import annotations

from enum import Enum
from functools import lru_cache

from .records import Row


class RowRole(str, Enum):
    CLASS = "class"  # a classification code: 功能分类 208, 2080101; 经济分类 301, 30101
    TOTAL = "total"  # the table's 合计 row
    SIDE = "side"  # a two-sided table's income or spending row (in.current, out.carry_forward)
    UNIT = "unit"  # a 预算单位's row in a table that lists units (unit:303016)
    ITEM = "item"  # any other row: a procurement item, a project, an unnamed row


@lru_cache(maxsize=4096)  # asked of every row by many rules; a document's codes repeat across its tables
def row_role(code: str | None) -> RowRole:
    if not code:
        return RowRole.ITEM
    if code.isdigit():
        return RowRole.CLASS
    if code == "total":
        return RowRole.TOTAL
    if code.startswith(("in.", "out.")):
        return RowRole.SIDE
    if code.startswith("unit:"):
        return RowRole.UNIT
    return RowRole.ITEM


def role(row: Row) -> RowRole:
    return row_role(row.code)
