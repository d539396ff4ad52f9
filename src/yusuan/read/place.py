"""Placing each row's values in its columns, then making the cells.

Rows printed with their empty cells are already placed. Rows printed without them get every
order-preserving placement as candidates; ``assign`` narrows them with the table's identities
(row identities, then parent = Σ children per column), then with what other tables of the
document say (``refs``, ``virtual`` totals), then with the extractor's spacing. Whatever is
still ambiguous is reported (R004) and left unplaced.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

from ..catalog.vocabulary import ROW_IDENTITIES, identity_parts
from ..model import Cell, Row, Source, Status, Table, classify
from ..model.frozen import changed, made
from ..model.roles import RowRole, role
from . import assign
from .problems import R002, R004, R005, R007, R012, problem
from .raw_rows import RawRow
from .tables import Parsed

if TYPE_CHECKING:
    from .office import Sheets, Spots


@lru_cache(maxsize=1024)  # a kind's identities over the same columns, table after table
def _row_rules(kind: str, columns: tuple[str, ...]) -> tuple[assign.RowRule, ...]:
    out = []
    for prefix in ("", "prior_year."):
        idx = {c[len(prefix):] if prefix and c.startswith(prefix) else c: i
               for i, c in enumerate(columns) if (c.startswith(prefix) if prefix else "." not in c)}
        if prefix and "prior_year" in columns:
            idx["total"] = columns.index("prior_year")
        for lhs, rhs in ROW_IDENTITIES.get(kind, ()):
            parts = tuple(idx[r] for r in identity_parts(kind, rhs, idx))
            if lhs in idx and parts:
                out.append((idx[lhs], parts))
    return tuple(out)


def column_groups(rows: list[RawRow], index: dict[str, int]) -> list[tuple[int, tuple[int, ...]]]:
    """parent = Σ children: 类 = Σ 款, 款 = Σ 项, 合计 = Σ 类 (the expenditure side only); ``index``:
    each code's row there."""
    children: dict[int, list[int]] = {}
    top: list[int] = []
    for i, r in enumerate(rows):
        if r.side == "income" or role(r) is not RowRole.CLASS:
            continue
        parent_code = {5: r.code[:3], 7: r.code[:5]}.get(len(r.code))
        if parent_code and parent_code in index:
            children.setdefault(index[parent_code], []).append(i)
        elif len(r.code) == 3:
            top.append(i)
    total = index.get("total", index.get("out.current", index.get("out.total")))
    if total is not None and top:
        children.setdefault(total, []).extend(top)
    if "out.total" in index and "out.current" in index:
        extra = [index["out.current"]] + ([index["out.carry_forward"]] if "out.carry_forward" in index else [])
        children.setdefault(index["out.total"], []).extend(extra)
    return [(p, tuple(c)) for p, c in children.items()]


NOT_ADDITIVE = frozenset({"rate"})
Refs = dict[tuple[str, str], Decimal]  # (row code, column) → the value another table gives
Virtual = tuple[dict[str, Decimal], tuple[str, ...]]  # a total row another table implies: targets, child codes


def build_table(p: Parsed, file: str, refs: Refs | None = None, virtual: tuple[Virtual, ...] = (),
                sheets: Sheets | None = None) -> tuple[Table, list]:
    """Place every value (identities, then ``virtual`` totals and ``refs`` from other tables of
    the same document, then spacing) and make the Table; its sources at their sheets' cells when
    ``sheets`` says where its lines were printed (office.py)."""
    findings: list = []
    cols = p.columns
    n = len(cols)
    at = Source(file, table=p.kind)  # each row's Source is a copy of it, at its line and code
    if all(r.positioned for r in p.rows):  # every value already in its column (cells kept their places)
        rows = [_make_row(p, r, _PLACED, at, findings, sheets) for r in p.rows]
        return _table(p, file, rows, findings, sheets), findings
    slots: list[assign.Slot] = []
    rules = _row_rules(p.kind, tuple(cols))
    by_texts: dict = {}  # the placements kept for a row's printed texts (assign.placed)
    for r in p.rows:
        width = 1 if r.side == "income" else n
        if r.positioned:
            vals = tuple(classify(v)[1] for v in r.values[:width])
            slots.append(assign.Slot(tuple(v for v in vals if v is not None), [vals]))
            continue
        printed = tuple(v for v in (classify(t)[1] for t in r.values) if v is not None)
        if len(printed) > width:
            slots.append(assign.Slot(printed, [tuple(printed[:width])]))
            findings.append(problem(R007, f"{p.block.title}第{r.line}行有{len(printed)}个数，多于{width}列",
                                    Source(file, r.line, table=p.kind, row=r.code)))
            continue
        slot = assign.placed(printed, width, rules, by_texts)
        slot.hint = _hint(r, printed, width)
        slots.append(slot)
    wide = [i for i, r in enumerate(p.rows) if r.side != "income"]
    rates = frozenset(i for i, c in enumerate(cols) if c in NOT_ADDITIVE)
    if rates:  # a completion rate is not the sum of the rows below it
        for s in slots:
            s.free = s.free | rates
    if any(not slots[i].resolved for i in wide):
        open_ = [i for i in wide if not slots[i].resolved]  # rows whose columns the search decides, till it does

        def decided(by: str) -> None:
            """The open rows the last step placed were placed by it; the others stay open."""
            left = []
            for i in open_:
                if len(slots[i].candidates) == 1:  # resolved
                    slots[i].placed_by = by
                else:
                    left.append(i)
            open_[:] = left
        index = {r.code: i for i, r in enumerate(p.rows) if r.code and r.side != "income"}
        groups = column_groups(p.rows, index)
        for targets, children in virtual:
            kids = tuple(index[c] for c in children if c in index)
            if kids and not any(c in index for c in ("total", "out.current")):
                vec = tuple(targets.get(c) for c in cols)
                slots.append(assign.Slot((), [vec], free=frozenset(i for i, c in enumerate(cols) if c not in targets)))
                groups.append((len(slots) - 1, kids))
        memo: dict = {}  # each group's answer for the candidate lists it had (assign.propagate)
        if _spacing_first(slots, wide, p, cols, refs, groups, n, memo):
            decided("spacing")
        else:
            assign.propagate(slots, groups, n, memo)
            decided("column")
        # (the rows outside open_ are placed: each step below leaves them be)
        if refs:
            for i in open_:
                if not slots[i].resolved:
                    assign.choose_by_evidence(slots[i], _scorer(p.rows[i], cols, refs))
            decided("tables")
            assign.propagate(slots, groups, n, memo)
            decided("column")
        for i in open_:
            assign.choose_by_hint(slots[i])
        decided("spacing")
        assign.propagate(slots, groups, n, memo)
        decided("column")
        printed = _total_columns(p.rows, slots)
        if printed is not None:
            for i in open_:
                assign.choose_within(slots[i], printed)
            decided("total")
            assign.propagate(slots, groups, n, memo)
            decided("column")
    rows = [_make_row(p, r, slot, at, findings, sheets) for r, slot in zip(p.rows, slots)]
    return _table(p, file, rows, findings, sheets), findings


def _total_columns(rows: list[RawRow], slots: list[assign.Slot]) -> frozenset[int] | None:
    """The columns the table's 合计 row prints a value in (0.00 included), once it is placed: the
    合计 is the sum of every row, so a column it leaves blank is one no row prints a value in."""
    at = next((i for i, r in enumerate(rows) if r.code == "total" and r.side != "income"), None)
    if at is None or not slots[at].resolved or not slots[at].values:
        return None
    return frozenset(j for j, v in enumerate(slots[at].candidates[0]) if v is not None)


# an Enum member read from its class costs a look-up through the metaclass: read once, for every cell
_NUMBER, _BLANK, _LOST, _TEXT = Status.NUMBER, Status.BLANK, Status.LOST, Status.TEXT
_PLACED = assign.Slot((), [()])  # the slot of a row printed with its empty cells (_make_row does not look)


def _table(p: Parsed, file: str, rows: list[Row], findings: list, sheets: Sheets | None) -> Table:
    if p.scrambled:
        findings.append(problem(R012, f"{p.block.title}在文本中一个单元格一行、行列次序已打乱，数值无法对应到行和列，"
                                      "未参加核对；请用 PDF 原件或按版面提取的文本（pdftotext -layout）",
                                Source(file, p.block.line, table=p.kind), table=p.kind))
    src = Source(file, p.block.line, table=p.kind) if sheets is None else sheets.source(p.block.line, p.kind)
    return Table(p.kind, p.block.title, p.block.number, p.amount_unit, p.columns, p.labels, tuple(rows), src, p.year,
                 tuple(p.notes), len(p.block.pages), p.recognition)


def _spacing_first(slots, wide, p: Parsed, cols, refs, groups, n, memo: dict | None = None) -> bool:
    """A shortcut for extractors that mark empty cells with spacing: take each row's spaced
    placement when the row identities and the other tables allow it, and keep it only if
    every column identity then holds. Otherwise nothing is changed and the full search runs,
    so the result is the same either way; only the work differs."""
    chosen = []
    for i in wide:
        slot = slots[i]
        if slot.resolved or slot.hint is None or slot.hint not in slot.candidates:
            continue
        if refs:
            score = _scorer(p.rows[i], cols, refs)
            if score is not _no_score and score(slot.hint) < max(map(score, slot.candidates)):
                continue
        chosen.append(i)
    if not chosen:
        return False
    snapshot = [s.candidates for s in slots]
    for i in chosen:
        slots[i].candidates = [slots[i].hint]
    if assign.propagate(slots, groups, n, memo):
        return True
    for s, c in zip(slots, snapshot):
        s.candidates = c
    return False


def _scorer(r: RawRow, cols: tuple[str, ...], refs: Refs) -> Callable[[assign.Vector], int]:
    """How well a placement of the row agrees with the other tables: +1 for each column whose value
    one of them gives, −1 for each it contradicts. The columns with a reference are looked up once."""
    code = r.code or ""
    known = [(j, ref) for j, col in enumerate(cols) if (ref := refs.get((code, col))) is not None]
    if not known:
        return _no_score
    near = assign.near
    said: dict = {}  # (column, the value's id) → ±1: a row's placements share its few printed values

    def score(vec) -> int:
        total = 0
        for j, ref in known:
            if j < len(vec):
                v = vec[j]
                hit = said.get((j, id(v)))
                if hit is None:  # the value is kept with its answer, so that its id is never another's
                    hit = said[(j, id(v))] = (1 if near(v, ref) else -1, v)
                total += hit[0]
        return total
    return score


def _no_score(vec) -> int:
    return 0


def _hint(r: RawRow, printed: tuple, width: int) -> assign.Vector | None:
    """The placement the extractor's spacing suggests (two spaces = an empty cell)."""
    if not r.gaps or len(r.gaps) != len(printed) + 1:
        return None
    vec: list[Decimal | None] = []
    for gap, v in zip(r.gaps, printed):
        vec.extend([None] * gap)
        vec.append(v)
    vec.extend([None] * r.gaps[-1])
    return tuple(vec) if len(vec) == width else None


def _make_row(p: Parsed, r: RawRow, slot: assign.Slot, at: Source, findings: list, sheets: Sheets | None) -> Row:
    """``at``: the table's file and kind, as a Source (each row's is a copy, at its line and code)."""
    spots = None if sheets is None else sheets.row(r.line, r.name)
    if spots is None:
        src = changed(at, {"line": r.line, "row": r.code})  # (a copy of the table's)
    else:  # at its sheet and cells: an expenditure row at its name's cell, others at their line's first
        src = sheets.source(r.line, p.kind, r.code, None, spots.start if r.side == "expenditure" else None)
    cols = ("total",) if r.side == "income" else p.columns
    cells: list[Cell] = []
    texts = _printed(r.values) if not r.positioned or p.scrambled else None
    if p.scrambled:  # R012 says so, once: its values keep no column
        for text in texts:
            cells.append(_cell(None, text, src, [], p, None, spots))
    elif r.positioned:
        here = src.__dict__  # (a cell's source is the row's at its column)
        for col, text in zip(cols, r.values):
            if text:  # a blank cell is absent, not zero: it has no Cell
                status, value = classify(text)
                if status is _NUMBER or status is _BLANK:  # _cell's common case, inline, its records made so too
                    text = text.strip()
                    cells.append(made(Cell, {"column": col, "text": text, "status": status, "value": value,
                                             "source": made(Source, {**here, "column": col}) if spots is None
                                             else spots.source(p.kind, r.code, col, text), "placed_by": None}))
                else:
                    cells.append(_cell(col, text, src, findings, p, None, spots))
        for text in r.values[len(cols):]:
            if text:
                findings.append(problem(R007, f"{p.block.title}第{r.line}行多出一列：{text}", _said(src, spots)))
                cells.append(_cell(None, text, src, findings, p, None, spots))
    elif slot.resolved:
        vec, by = slot.candidates[0], slot.placed_by
        for col, v in zip(cols, vec):
            if v is not None:
                cells.append(_cell(col, next(texts), src, findings, p, by, spots))
    elif p.kind == "unknown":  # R003 says the table is not understood; its values keep no column
        for text in texts:
            cells.append(_cell(None, text, src, findings, p, None, spots))
    else:
        options = "、".join("/".join(c for c, v in zip(cols, vec) if v is not None) for vec in slot.candidates[:4])
        findings.append(problem(R004, f"{p.block.title}第{r.line}行「{r.name}」的数值 "
                                      f"{'、'.join(str(v) for v in slot.values)} 无法确定所属列（可能：{options}）",
                                _said(src, spots), table=p.kind, row=r.code))
        for text in texts:
            cells.append(_cell(None, text, src, findings, p, None, spots))
    return made(Row, {"code": r.code, "name": r.name.strip(), "cells": tuple(cells), "source": src, "level": r.level,
                      "side": r.side, "extra": r.extra})


def _said(src: Source, spots: Spots | None, col: str | None = None) -> Source:
    """The Source a finding about the row (``src``) or its cell ``col`` names: at the row's line when
    its sources are at its sheet's cells (``spots``), as office.relocate moves it with the others."""
    if spots is None:
        return src
    return Source(src.file, spots.line, None, src.table, src.row, col)


def _printed(values: list[str]):
    """The row's printed (not blank) texts, in order, as they are asked for."""
    for t in values:
        if classify(t)[0] is not _BLANK:
            yield t


def _cell(col: str | None, text: str, src: Source, findings: list, p: Parsed, placed_by: str | None = None,
          spots: Spots | None = None) -> Cell:
    """A value of the row whose Source is ``src``; ``spots``: the row's cells in a sheet (office.py)."""
    status, value = classify(text)
    if spots is None:
        where = changed(src, {"column": col})
    else:
        where = spots.source(src.table, src.row, col, text.strip())
    if status is _LOST or status is _TEXT:
        said = where if spots is None else _said(src, spots, col)
        label = p.labels[p.columns.index(col)] if col in p.columns else (col or "")
        if status is _LOST:
            findings.append(problem(R002, f"{p.block.title}的「{src.row or ''}」{label}栏印为“{text}”，数值已丢失",
                                    said, table=p.kind, row=src.row, column=col))
        else:
            findings.append(problem(R005, f"{p.block.title}的「{src.row or ''}」{label}栏应为数字，实为“{text}”",
                                    said, table=p.kind, row=src.row, column=col))
    return Cell(col, text.strip(), status, value, where, placed_by)
