"""Block → rows with their printed values, whatever the layout.

1. the block's lines split into header, body and notes (table_lines.py);
2. the header (the lines before the first data line) names the value columns, through the
   kind's column template (columns.py; table_header.py where the words alone do not tell);
3. each body line becomes a row: code, name (rejoined when wrapped), values (rows_tsv.py for text
   that keeps empty cells, rows_pdf.py for text that drops them), named (row_names.py);
4. ``place`` then puts each value in its column and makes the cells.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

from ..catalog.specs import spec as kind_spec, table_specs
from ..catalog.vocabulary import ORDER_BY_HEADER, ORDER_VARIANTS, TEMPLATES, TWO_SIDED, kind_of_header, squash
from . import line_numbers, recognize, side_blocks
from .columns import YEAR, columns_of, labels_of
from .lines import Line, is_value, one_cell_lines
from .raw_rows import RawRow
from .row_names import carryover_context, name_row
from .rows_pdf import name_head_in_header, pdf_rows
from .rows_tsv import join_wrapped, label_width, tsv_rows
from .segment import Block
from .table_header import OWN_COLUMNS, interleaved, order_by_rows, positioned, wrapped_header_cells
from .table_lines import NOTE, UNIT, header_body_notes, is_meta

_UNIT_CODES = re.compile(r"(单位|部门)([（(]单位[)）])?(代码|编码)")  # a column of 预算单位 codes


@dataclass
class Parsed:
    """A table before its values are placed: what the document builder may re-place."""

    block: Block
    kind: str
    amount_unit: str
    columns: tuple[str, ...]  # the expenditure side's columns for two-sided tables
    labels: tuple[str, ...]
    rows: list[RawRow]
    notes: list[str]
    year: int | None
    header_text: str
    findings: list = field(default_factory=list)
    recognition: tuple | None = None  # ("content", confidence) when the title did not name the kind
    scrambled: bool = False  # its cells came one per line, out of their rows: none can be placed


# ---------------------------------------------------------------------------------------
def parse_block(block: Block, layout: str, file: str, doc_year: int | None) -> Parsed:
    block = line_numbers.drop_line_numbers(block)
    lines = list(chain.from_iterable(block.pages))
    unit = "万元"
    for ln in lines[:12]:
        m = UNIT.search(squash(ln.text))
        if m:
            unit = m.group(1)
            break
    header_lines, body, notes = header_body_notes(block)
    header_cells = [c for ln in header_lines for c in ln.filled]
    header_text = squash("".join(ln.text for ln in header_lines))
    kind = kind_of_header(block.kind, header_text)
    recognition = None
    if block.kind is None:  # an unfamiliar title: the header's words and the rows' codes decide
        found = recognize.by_content(header_text, body)
        kind, recognition = (found[0], ("content", found[1])) if found else (kind or "unknown", None)
        if kind == "unknown" and header_lines:  # kept whole: every line after the first header line
            lines_all = [ln for ln in lines if not ln.blank and not is_meta(ln.text) and not NOTE.search(squash(ln.text))
                         and not re.match(r"(金额)?单位[:：]", squash(ln.text))]
            header_lines, body = lines_all[:1], lines_all[1:]
            header_cells = list(header_lines[0].filled)
            header_text = squash(header_lines[0].text)
    spec = columns_of(kind, header_text)
    positions = None
    width = None  # the label columns of a one-sided table in cells (label_width), measured once
    if layout in ("tsv", "cell_lines") and kind not in TWO_SIDED:
        width = label_width(body, header_lines)
    if layout in ("tsv", "cell_lines") and kind in TEMPLATES and kind not in OWN_COLUMNS \
            and not any(c.startswith("prior_year") for c, _ in spec):
        positions, placed = positioned(kind, header_lines, body, spec, 3 if kind in TWO_SIDED else width)
        if placed is not None:
            spec, header_cells = [(c, p) for c, p, _ in placed], [label for _, _, label in placed]
    if layout in ("tsv", "cell_lines") and kind_spec(kind).blocks and header_lines:
        at, placed = interleaved(kind, header_lines, body)
        if placed is not None:
            spec, header_cells, positions = [(c, p) for c, p, _ in placed], [label for _, _, label in placed], at
    if layout not in ("tsv", "cell_lines") and kind in ORDER_BY_HEADER:
        spec, joined = wrapped_header_cells(kind, header_lines, spec)
        header_cells = joined + header_cells
    if layout not in ("tsv", "cell_lines") and kind in ORDER_VARIANTS:
        spec = order_by_rows(kind, spec, body) or spec
    columns = tuple(name for name, _ in spec)
    years = sorted({int(y) for y in YEAR.findall(header_text)})
    year = years[-1] if years else None
    two_sided = kind in TWO_SIDED
    if kind_spec(kind).side_blocks:
        rows = [RawRow(code, name, values, True, no)
                for code, name, values, no in side_blocks.rows(body, kind_spec(kind).side_blocks)]
    elif layout in ("tsv", "cell_lines"):
        rows = tsv_rows(body, columns, two_sided, kind, positions, header_lines, width)
        if not two_sided:
            rows = join_wrapped(rows, doc_year or year)
    else:
        rows = pdf_rows(body, two_sided, doc_year or year, kind)
        if not two_sided and name_head_in_header(header_lines, rows, doc_year or year):
            rows[0].name = header_lines[-1].text + rows[0].name
            header_cells = header_cells[:len(header_cells) - len(header_lines[-1].filled)]
    units = bool(_UNIT_CODES.search(header_text))
    rows = [name_row(r, kind, two_sided, doc_year or year, units) for r in rows]
    kind = _printed_in_place(kind, rows)
    carryover_context(rows, two_sided)
    if "rate" in columns:  # a completion rate printed with its sign (98.73%) is the number 98.73
        for r in rows:
            r.values = [re.sub(r"^([\d.,\s]+)\s*[%％]$", r"\1", v) for v in r.values]
    if kind == "unknown":  # kept whole: as many columns as the widest row prints
        width = max((len(_trim(r.values)) for r in rows), default=0)
        spec = [(f"col{i}", "") for i in range(1, width + 1)]
        columns = tuple(c for c, _ in spec)
        for r in rows:
            r.values = list(_trim(r.values)) + ([""] * (width - len(_trim(r.values))) if r.positioned else [])
    labels = labels_of(spec, header_cells) if kind != "unknown" else columns
    return Parsed(block, kind, unit, columns, labels, rows, notes, year, header_text, recognition=recognition,
                  scrambled=layout == "pdf_text" and _scrambled(body))


def _printed_in_place(kind: str, rows: list[RawRow]) -> str:
    """The kind printed in place of ``kind`` (its ``stands_for``) when every code the rows print is of
    that kind's classification (a 基本支出表 by 功能分类), else ``kind``."""
    twin = _twin(kind)
    if twin is None:  # (most kinds: the rows are not looked at)
        return kind
    codes = [r.code for r in rows if r.code and r.code.isdigit()]
    if not codes or any(recognize.code_class(c) != twin.rows for c in codes):
        return kind
    return twin.kind


@lru_cache(maxsize=256)  # asked of every table
def _twin(kind: str):
    """The spec of the kind printed in place of ``kind``, if any."""
    return next((s for s in table_specs() if s.stands_for == kind), None)


def _scrambled(body: list[Line]) -> bool:
    """Cells one per line, out of their rows: most lines hold a single word, and the amounts stand on
    lines of their own, apart from their labels. A table whose rows are mostly labels without values
    (a 财政拨款收支总表's classes, most of them blank) and whose amounts share a line with their labels
    is not scrambled, nor is a table without amounts (an empty template's: there is nothing to misplace)."""
    if not one_cell_lines(body):
        return False
    valued = [ln for ln in body if any(map(is_value, ln.filled))]
    return bool(valued) and sum(len(ln.filled) == 1 for ln in valued) * 2 >= len(valued)


def _trim(values: list[str]) -> list[str]:
    while values and not values[-1]:
        values = values[:-1]
    return values
