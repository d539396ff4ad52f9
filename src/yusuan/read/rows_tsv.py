"""Rows of a table printed with its empty cells (text copied out of a spreadsheet, one cell per
line, a workbook): labels and values by position."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..catalog.vocabulary import squash
from . import labels as wrapped
from .lines import Line, is_amount, is_number, is_value
from .raw_rows import ELLIPSIS, TOTAL, RawRow, split_labels

@lru_cache(maxsize=8192)  # asked of each row by the label width, then by the row itself
def _label_end(cells: tuple[str, ...]) -> int:
    """Where a row's labels end: after the last name (text) printed before its first amount.
    A bare integer after the name is then a value (80), while codes before a name stay labels
    (Henan's 30103 | 奖金 | 50101 | 工资奖金津补贴)."""
    first = next((i for i, c in enumerate(cells) if is_value(c)), len(cells))
    return max((i + 1 for i in range(first) if cells[i] and not is_number(cells[i])), default=0)


LABEL_WORD = re.compile(r"^((功能|经济|支出|部门预算|政府预算|单位|部门)?(分类)?(科目)?(编码|代码|名称)|项目|科目|类|款|项|栏次|行次)$")


def _header_label_width(header: list[Line]) -> int:
    """The label columns a header printed with its empty cells names (科目编码 | 科目名称 | …)."""
    width = 0
    for ln in header:
        if not ln.positioned:
            continue
        first = next((j for j, c in enumerate(ln.cells) if squash(c) and not LABEL_WORD.match(squash(c))), None)
        if first is not None and any(LABEL_WORD.match(squash(c)) for c in ln.cells[:first]):
            width = max(width, first)
    return width


def label_width(body: list[Line], header: list[Line] = ()) -> int:
    """The table's label columns: what most rows say (one odd row, a 合计 printed across two
    columns or a text in a number cell, must not shift the others); with only 合计 rows, what the
    header says."""
    ends = Counter(_label_end(ln.cells) for ln in body if ln.filled and not TOTAL.match(squash(ln.filled[0]))
                   and any(map(is_amount, ln.cells)))  # a line of text after the table has no say
    if ends and set(ends) == {0}:
        return 0  # rows of amounts only (the “三公” table's one row)
    ends.pop(0, None)
    if ends:
        return max(ends, key=lambda e: (ends[e], e))
    ends = Counter(_label_end(ln.cells) for ln in body if ln.filled)
    ends.pop(0, None)
    return max(max(ends, key=lambda e: (ends[e], e)) if ends else 0, _header_label_width(header))


def tsv_rows(body: list[Line], columns: tuple[str, ...], two_sided: bool, kind: str,
              positions: list[int] | None = None, header: list[Line] = (), width: int | None = None) -> list[RawRow]:
    rows: list[RawRow] = []
    if two_sided:
        at = positions or list(range(3, 3 + len(columns)))
        for ln in body:
            c = list(ln.cells) + [""] * (max(at) + 1)
            values = [c[j] for j in at]
            if squash(c[0]):
                rows.append(RawRow(None, c[0], [c[1]], True, ln.no, "income"))
            if squash(c[2]) or any(values):
                rows.append(RawRow(None, c[2], values, True, ln.no, "expenditure"))
        return rows
    width = label_width(body, header) if width is None else width
    at: list[int] = []  # the column of each row's first label
    placed = frozenset(positions or ())
    for ln in body:
        cells = list(ln.cells)
        end = _label_end(ln.cells)
        # a 合计 printed across the code and name columns: its values follow it directly
        merged = 0 < end < width and bool(TOTAL.match(squash(cells[end - 1]))) and bool(cells[end:end + 1] != [""])
        start = end if merged else (0 if end == 0 and cells and is_amount(cells[0]) else width)  # no labels
        labels, values = cells[:start], cells[start:]
        if positions is not None and start == width:  # each value at its column's position; others after
            values = [cells[j] if j < len(cells) else "" for j in positions] + \
                     [c for j, c in enumerate(cells[width:], width) if c and j not in placed]
        values = values + [""] * (len(columns) - len(values))
        at.append(next((j for j, c in enumerate(labels) if squash(c)), -1))
        if kind == "project_expenditure" and len(filled := [c for c in labels if c]) == 3:  # 类型 | 项目名称 | 项目单位
            rows.append(RawRow(None, squash(filled[1]), values, True, ln.no,
                               extra=(("type", filled[0]), ("unit", squash(filled[2])))))
            continue
        code, name, extra = split_labels(labels)
        rows.append(RawRow(code, name, values, True, ln.no, extra=extra))
    _complete_codes(rows, at)
    return rows


def _complete_codes(rows: list[RawRow], at: list[int]) -> None:
    """类 | 款 | 项 columns that print only a row's own part (“| 02 | | 民政管理事务”, “| | 01 | 行政运行”):
    the part's column says its level, the 类 and 款 above it the rest of its code."""
    cls, kuan, cls_at = "", "", None
    for r, j in zip(rows, at):
        code = r.code or ""
        if not code.isdigit():
            continue
        if len(code) in (3, 5, 7):
            cls, cls_at = code[:3], (j if len(code) == 3 else cls_at)
            kuan = code[:5] if len(code) > 3 else ""
        elif len(code) == 2 and cls_at is not None:
            if j == cls_at + 1 and cls:
                r.code = kuan = cls + code
            elif j == cls_at + 2 and kuan:
                r.code = kuan + code


def join_wrapped(rows: list[RawRow], year: int | None) -> list[RawRow]:
    """Label-only rows (no code, no value) between two coded rows are a long name wrapped onto
    lines of its own: the catalog names of the codes above and below say whose they are."""
    out: list[RawRow] = []
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and rows[j].code is None and not any(rows[j].values) and squash(rows[j].name) \
                and not TOTAL.match(squash(rows[j].name)) and not ELLIPSIS.match(squash(rows[j].name)):
            j += 1
        if j == i:
            out.append(rows[i])
            i += 1
            continue
        prev = out[-1] if out and out[-1].code and out[-1].code.isdigit() else None
        nxt = rows[j] if j < len(rows) and rows[j].code and rows[j].code.isdigit() else None
        pieces = [squash(r.name) for r in rows[i:j]]
        k = wrapped.split_wrapped(pieces, prev.name if prev else "", prev.code if prev else None,
                                  nxt.name if nxt else "", nxt.code if nxt else None, year) \
            if prev or nxt else None
        if k is None:
            out.extend(rows[i:j])
        else:  # pieces the split gives to no row (none above, none below) stay rows of their own
            if prev is not None:
                prev.name += "".join(pieces[:k])
            else:
                out.extend(rows[i:i + k])
            if nxt is not None:
                nxt.name = "".join(pieces[k:]) + nxt.name
            else:
                out.extend(rows[i + k:j])
        i = j
    return out
