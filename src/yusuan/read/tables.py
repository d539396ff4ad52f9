"""Block → rows with their printed values, whatever the layout.

1. the header (the lines before the first data line) names the value columns, through the
   kind's column template (columns.py);
2. each body line becomes a row: code, name (rejoined when wrapped), values;
3. ``place`` then puts each value in its column and makes the cells.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..catalog import load_catalog
from ..catalog.names import normalize_name
from ..catalog.specs import spec as kind_spec, table_specs
from ..catalog.vocabulary import (ORDER_BY_HEADER, ORDER_VARIANTS, ORDINAL, ROW_IDENTITIES, TEMPLATES, TWO_SIDED,
                                  identity_parts, kind_of_header, squash)
from ..catalog.vocabulary import side_row as _side_row
from ..model import classify
from .assign import equal, placements
from . import labels as wrapped, line_numbers, recognize, side_blocks
from .columns import YEAR, by_blocks, by_position, columns_of, covered, labels_of
from .lines import LOST, Line, is_amount, is_number, is_value, one_cell_lines
from .segment import Block, unit_label

_UNIT = re.compile(r"单位[:：]\s*(万元|元|千元|亿元)")
_NOTE = re.compile(r"^(注|备注|说明)[:：]|故此表无数据|此表无数据|无该项")
_TOTAL = re.compile(r"^(合计|总计)$")
_PROSE = re.compile(r"，.*[。：:]$")  # a sentence, not a header
_ELLIPSIS = re.compile(r"^[…⋯.．·]+$")  # a template's placeholder row (“… | …”), not a piece of a name
_CODE = re.compile(r"\d{3}|\d{5}|\d{7}")
_DASH = re.compile(r"[-—–－]{1,2}")  # printed for nothing (Excel's accounting format prints a zero so)
_PROCUREMENT = {"货物": "goods", "服务": "services", "工程": "works"}
_ORG = re.compile(r"(局|中心|委员会|厅|院|学校|所|站|办公室|处|馆|队|部)(（本级）)?$")
_UNIT_CODES = re.compile(r"(单位|部门)([（(]单位[)）])?(代码|编码)")  # a column of 预算单位 codes
_UNIT_ROW_KINDS = frozenset(s.kind for s in table_specs() if s.unit_rows)
_ITEM = re.compile(r"^([A-Z]|货物类?|服务类?|工程类?)$")  # 政府采购 rows (A 货物, 货物类…)
_DIGITS = re.compile(r"\d+")
_LETTER = re.compile(r"[A-Z]")


@dataclass
class RawRow:
    code: str | None
    name: str
    values: list[str]  # positioned: one per column ("" = blank); else the printed values only
    positioned: bool
    line: int
    side: str | None = None
    gaps: tuple[int, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()
    level: int = 0


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
    lines = [ln for page in block.pages for ln in page]
    unit = "万元"
    for ln in lines[:12]:
        m = _UNIT.search(squash(ln.text))
        if m:
            unit = m.group(1)
            break
    header_lines, body, notes = _lines_split(block)
    header_cells = [c for ln in header_lines for c in ln.filled]
    header_text = squash("".join(ln.text for ln in header_lines))
    kind = kind_of_header(block.kind, header_text)
    recognition = None
    if block.kind is None:  # an unfamiliar title: the header's words and the rows' codes decide
        found = recognize.by_content(header_text, body)
        kind, recognition = (found[0], ("content", found[1])) if found else (kind or "unknown", None)
        if kind == "unknown" and header_lines:  # kept whole: every line after the first header line
            lines_all = [ln for ln in lines if not ln.blank and not _is_meta(ln.text) and not _NOTE.search(squash(ln.text))
                         and not re.match(r"(金额)?单位[:：]", squash(ln.text))]
            header_lines, body = lines_all[:1], lines_all[1:]
            header_cells = list(header_lines[0].filled)
            header_text = squash(header_lines[0].text)
    spec = columns_of(kind, header_text)
    positions = None
    width = None  # the label columns of a one-sided table in cells (_label_width), measured once
    if layout in ("tsv", "cell_lines") and kind not in TWO_SIDED:
        width = _label_width(body, header_lines)
    if layout in ("tsv", "cell_lines") and kind in TEMPLATES and kind not in _OWN_COLUMNS \
            and not any(c.startswith("prior_year") for c, _ in spec):
        positions, placed = _positioned(kind, header_lines, body, spec, 3 if kind in TWO_SIDED else width)
        if placed is not None:
            spec, header_cells = [(c, p) for c, p, _ in placed], [label for _, _, label in placed]
    if layout in ("tsv", "cell_lines") and kind_spec(kind).blocks and header_lines:
        at, placed = _interleaved(kind, header_lines, body)
        if placed is not None:
            spec, header_cells, positions = [(c, p) for c, p, _ in placed], [label for _, _, label in placed], at
    if layout not in ("tsv", "cell_lines") and kind in ORDER_BY_HEADER:
        spec, joined = _wrapped_header_cells(kind, header_lines, spec)
        header_cells = joined + header_cells
    if layout not in ("tsv", "cell_lines") and kind in ORDER_VARIANTS:
        spec = _order_by_rows(kind, spec, body) or spec
    columns = tuple(name for name, _ in spec)
    years = sorted({int(y) for y in YEAR.findall(header_text)})
    year = years[-1] if years else None
    two_sided = kind in TWO_SIDED
    if kind_spec(kind).side_blocks:
        rows = [RawRow(code, name, values, True, no)
                for code, name, values, no in side_blocks.rows(body, kind_spec(kind).side_blocks)]
    elif layout in ("tsv", "cell_lines"):
        rows = _tsv_rows(body, columns, two_sided, kind, positions, header_lines, width)
        if not two_sided:
            rows = _join_wrapped(rows, doc_year or year)
    else:
        rows = _pdf_rows(body, two_sided, doc_year or year, kind)
        if not two_sided and _name_head_in_header(header_lines, rows, doc_year or year):
            rows[0].name = header_lines[-1].text + rows[0].name
            header_cells = header_cells[:len(header_cells) - len(header_lines[-1].filled)]
    units = bool(_UNIT_CODES.search(header_text))
    rows = [_name_row(r, kind, two_sided, doc_year or year, units) for r in rows]
    kind = _printed_in_place(kind, rows)
    _carryover_context(rows, two_sided)
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
    twin = next((s for s in table_specs() if s.stands_for == kind), None)
    codes = [r.code for r in rows if r.code and r.code.isdigit()]
    if twin is None or not codes or any(recognize.code_class(c) != twin.rows for c in codes):
        return kind
    return twin.kind


def _scrambled(body: list[Line]) -> bool:
    """Cells one per line, out of their rows: most lines hold a single word, and the amounts stand on
    lines of their own, apart from their labels. A table whose rows are mostly labels without values
    (a 财政拨款收支总表's classes, most of them blank) and whose amounts share a line with their labels
    is not scrambled, nor is a table without amounts (an empty template's: there is nothing to misplace)."""
    if not one_cell_lines(body):
        return False
    valued = [ln for ln in body if any(map(is_value, ln.filled))]
    return bool(valued) and sum(len(ln.filled) == 1 for ln in valued) * 2 >= len(valued)


# kinds whose columns are not placed by position: printed in blocks (theirs, below) or unknown
_OWN_COLUMNS = frozenset({s.kind for s in table_specs() if s.blocks or s.side_blocks} | {"unknown"})


def _positioned(kind: str, header: list[Line], body: list[Line], spec, width: int | None = None) \
        -> tuple[list[int] | None, list | None]:
    """A header printed with its empty cells places its columns itself: the value positions are
    where the rows print numbers, each named by the header cells above it (columns.by_position).
    Used when it names every column the template found by words, in the printed order, or more.
    ``width``: where values start (a two-sided table's expenditure side: after 收入项目 | 金额 | 支出项目)."""
    width = _label_width(body, header) if width is None else width
    positions = sorted({j for ln in body for j, c in enumerate(ln.cells) if j >= width and c and is_value(c)
                        or j >= width and c and is_number(c) and not _CODE.fullmatch(squash(c))}
                       | {j for ln in header if ln.positioned for j, c in enumerate(ln.cells) if j >= width and squash(c)})
    if not positions or not header:
        return None, None
    placed = by_position(TEMPLATES[kind], [ln.cells for ln in header], positions)
    if placed is None or not {c for c, _ in spec} <= covered(TEMPLATES[kind], {c for c, _, _ in placed}):
        return None, None
    return positions, placed


def _interleaved(kind: str, header: list[Line], body: list[Line]) -> tuple[list[int], list | None]:
    """A table of blocks (its spec's: 预算数, 决算数) printing 预算数 | 决算数 under each item (Shanghai's
    “三公” 决算表) rather than a 预算数 block and a 决算数 block: the columns by where they stand
    (columns.by_blocks)."""
    positions = sorted({j for ln in body for j, c in enumerate(ln.cells) if c and is_number(c)}
                       | {j for ln in header if ln.positioned for j, c in enumerate(ln.cells) if squash(c)})
    return positions, by_blocks(TEMPLATES[kind], [ln.cells for ln in header], positions, kind_spec(kind).blocks)


def _wrapped_header_cells(kind: str, header: list[Line], spec: list) -> tuple[list, list[str]]:
    """A tall header cell whose words wrap around the header's main line (附属单位 / 本年收入合计 财政
    拨款收入 … / 上缴收入) comes out of text without positions as a word on a line of its own above
    and the rest on a line below, so its column is missing from the joined header (附属单位上缴收入
    is nowhere in it) or found after the main line's columns (事业单位 / … 其他收入 / 经营收入). The
    two pieces are joined, and the column takes its place in the kind's template order among the
    columns found (where it is printed is not in the text). → the columns, and the joined cells (their
    labels)."""
    template = TEMPLATES[kind]
    any_column = _any_column(kind)
    rank = {n.name: k for k, node in enumerate(template) for n in (node, *node.children)}  # a part: its group's
    near = [[(i, squash(w)) for w in ln.filled] for i, ln in enumerate(header)]  # a line's words, by line
    words = [w for line in near for w in line]
    pieces: dict[str, tuple[int, str, str]] = {}  # column → (lines apart, pattern, the joined cell)
    for i, top in words:
        if len(header[i].filled) > 2:
            continue  # the main line (a piece above it stands alone, or beside a label, 功能分类 | 事业单位)
        if not top or _LABEL_WORD.match(top) or any_column.search(top):
            continue  # a header cell of its own, not the first piece of one
        for j, rest in (x for k in range(i + 1, min(i + 4, len(header))) for x in near[k]):
            node = next((n for n in template if _spans(n.pattern, top, rest)), None) \
                if any_column.search(top + rest) else None
            around = any(len(header[k].filled) >= 3 for k in range(i + 1, j))  # the main line between
            # pieces on lines in a row are joined in the header's text already; the rest alone naming
            # the column is that cell's only when the main line stands between
            if node is not None and not around and (_found(node.pattern, rest) or node.name in dict(spec)):
                node = None
            if node is not None:
                if j - i < pieces.get(node.name, (99,))[0]:  # the nearest pieces are the cell's
                    pieces[node.name] = (j - i, node.pattern, top + rest)
                break
    if not pieces:
        return spec, []
    out = [(c, p) for c, p in spec if c not in pieces]
    for name, (_, pattern, _) in pieces.items():
        before = [k for k, (c, _) in enumerate(out) if rank.get(c, len(template)) < rank[name]]
        out.insert(before[-1] + 1 if before else len(out), (name, pattern))
    return out, [cell for _, _, cell in pieces.values()]


@lru_cache(maxsize=None)
def _any_column(kind: str) -> re.Pattern:
    """One search for whether any of the kind's columns is named (its template's patterns as one)."""
    return re.compile("|".join(f"(?:{node.pattern})" for node in TEMPLATES[kind]))


def _found(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


def _spans(pattern: str, top: str, rest: str) -> bool:
    """The two pieces joined name the column, the rest taking part in its name."""
    m = re.search(pattern, top + rest)
    return m is not None and m.end() > len(top)


def _order_by_rows(kind: str, spec, body: list[Line]) -> list | None:
    """The column order of ORDER_VARIANTS (among those with every column the header names) under which
    every row keeps the kind's row identities, its values placed in order with blanks where they
    were dropped (in text without positions a wrapped header no longer shows the order); None when
    no row decides, or when not exactly one order fits."""
    rows = [cells for cells in (tuple(c for c in ln.cells if is_number(c)) for ln in body) if cells]
    patterns = dict(spec)
    fits = []
    for order in ORDER_VARIANTS[kind]:
        if not set(patterns) <= set(order) or not rows or any(len(cells) > len(order) for cells in rows):
            continue
        if all(_fits(kind, order, cells) for cells in rows):
            fits.append(order)
    if len(fits) != 1:
        return None
    return [(c, patterns.get(c, "")) for c in fits[0]]


@lru_cache(maxsize=4096)  # a 类, its 款 and its 项 often print the same numbers
def _fits(kind: str, order: tuple[str, ...], cells: tuple[str, ...]) -> bool:
    """Whether some placement of a row's printed numbers into ``order`` keeps the kind's row identities."""
    vals = [classify(c)[1] for c in cells]
    return any(_holds(kind, order, vec) for vec in placements(vals, len(order)))


def _holds(kind: str, order: tuple[str, ...], values) -> bool:
    at = {c: v for c, v in zip(order, values) if v is not None}
    for lhs, rhs in ROW_IDENTITIES.get(kind, ()):
        parts = [at[c] for c in identity_parts(kind, rhs, at)]
        if lhs in at and parts and not equal(at[lhs], parts, exact=False):
            return False
    return True


def _trim(values: list[str]) -> list[str]:
    while values and not values[-1]:
        values = values[:-1]
    return values


# --- header / body / notes ---------------------------------------------------------------
@lru_cache(maxsize=8192)  # each line is asked up to three times (header, body, notes)
def _is_meta(text: str) -> bool:
    t = squash(text)
    return bool(_UNIT.search(t)) or t.startswith("单位名称") or not t or unit_label(t) is not None


@lru_cache(maxsize=8192)
def _is_data(cells: tuple[str, ...]) -> bool:
    if not cells:
        return False
    if any(map(is_value, cells)):
        return True
    first = squash(cells[0])
    if _CODE.fullmatch(first):
        return True
    if _TOTAL.match(first):
        return all(is_number(c) for c in cells[1:])
    return _strong_side_label(first)


def _lone_header_total(ln: Line, rest: list[Line]) -> bool:
    """A 合计 on its own line is a wrapped header word unless a row follows it."""
    if len(ln.filled) != 1 or not _TOTAL.match(squash(ln.text)):
        return False
    nxt = next((x for x in rest if not x.blank), None)
    return nxt is not None and not _is_data(nxt.filled) and not _ITEM.match(squash(nxt.filled[0]))


def _strong_side_label(label: str) -> bool:
    """A two-sided row label that cannot be a wrapped header word (一、本年收入, 收入总计)."""
    sr = side_row(label)
    return sr is not None and sr[0] != "total" and (ORDINAL.match(label) is not None or sr[0].endswith("total"))


@lru_cache(maxsize=8192)  # a page's repeated header asks again, and so does every read of a template
def _note_or_sentence(text: str) -> tuple[bool, bool]:
    """Whether a line is a note under the table (注：…, 此表无数据), and whether it reads as a sentence."""
    t = squash(text)
    return _NOTE.search(t) is not None, _PROSE.search(t) is not None


def _lines_split(block: Block) -> tuple[list[Line], list[Line], list[str]]:
    header: list[Line] = []
    body: list[Line] = []
    notes: list[str] = []
    meta: list[tuple[str, ...]] = []  # the 单位 lines above the header, repeated with it at page breaks
    for p, page in enumerate(block.pages):
        started = False
        for k, ln in enumerate(page):
            if ln.blank:
                continue
            if (not started or ln.filled in meta) and _is_meta(ln.text):
                meta.append(ln.filled)
                continue
            note, sentence = _note_or_sentence(ln.text)
            if note or (sentence and not _is_data(ln.filled)):
                notes.append(ln.text.strip())  # a note, or a sentence under an empty table (a template's instruction)
                continue
            if not started and (not _is_data(ln.filled) or _lone_header_total(ln, page[k + 1:])):
                if p == 0:
                    header.append(ln)
                continue  # a repeated header on a following page
            if not _is_data(ln.filled) and any(ln.filled == h.filled for h in header):
                continue  # a header repeated at a page break that did not repeat the title
            started = True
            body.append(ln)
    return header, body, notes


# --- rows: tsv -----------------------------------------------------------------------------
@lru_cache(maxsize=8192)  # asked of each row by the label width, then by the row itself
def _label_end(cells: tuple[str, ...]) -> int:
    """Where a row's labels end: after the last name (text) printed before its first amount.
    A bare integer after the name is then a value (80), while codes before a name stay labels
    (Henan's 30103 | 奖金 | 50101 | 工资奖金津补贴)."""
    first = next((i for i, c in enumerate(cells) if is_value(c)), len(cells))
    return max((i + 1 for i in range(first) if cells[i] and not is_number(cells[i])), default=0)


_LABEL_WORD = re.compile(r"^((功能|经济|支出|部门预算|政府预算|单位|部门)?(分类)?(科目)?(编码|代码|名称)|项目|科目|类|款|项|栏次|行次)$")


def _header_label_width(header: list[Line]) -> int:
    """The label columns a header printed with its empty cells names (科目编码 | 科目名称 | …)."""
    width = 0
    for ln in header:
        if not ln.positioned:
            continue
        first = next((j for j, c in enumerate(ln.cells) if squash(c) and not _LABEL_WORD.match(squash(c))), None)
        if first is not None and any(_LABEL_WORD.match(squash(c)) for c in ln.cells[:first]):
            width = max(width, first)
    return width


def _label_width(body: list[Line], header: list[Line] = ()) -> int:
    """The table's label columns: what most rows say (one odd row, a 合计 printed across two
    columns or a text in a number cell, must not shift the others); with only 合计 rows, what the
    header says."""
    ends = Counter(_label_end(ln.cells) for ln in body if ln.filled and not _TOTAL.match(squash(ln.filled[0]))
                   and any(map(is_amount, ln.cells)))  # a line of text after the table has no say
    if ends and set(ends) == {0}:
        return 0  # rows of amounts only (the “三公” table's one row)
    ends.pop(0, None)
    if ends:
        return max(ends, key=lambda e: (ends[e], e))
    ends = Counter(_label_end(ln.cells) for ln in body if ln.filled)
    ends.pop(0, None)
    return max(max(ends, key=lambda e: (ends[e], e)) if ends else 0, _header_label_width(header))


def _tsv_rows(body: list[Line], columns: tuple[str, ...], two_sided: bool, kind: str,
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
    width = _label_width(body, header) if width is None else width
    at: list[int] = []  # the column of each row's first label
    placed = frozenset(positions or ())
    for ln in body:
        cells = list(ln.cells)
        end = _label_end(ln.cells)
        # a 合计 printed across the code and name columns: its values follow it directly
        merged = 0 < end < width and bool(_TOTAL.match(squash(cells[end - 1]))) and bool(cells[end:end + 1] != [""])
        start = end if merged else (0 if end == 0 and cells and is_amount(cells[0]) else width)  # no labels
        labels, values = cells[:start], cells[start:]
        if positions is not None and start == width:  # each value at its column's position; others after
            values = [cells[j] if j < len(cells) else "" for j in positions] + \
                     [c for j, c in enumerate(cells) if j >= width and c and j not in placed]
        values = values + [""] * (len(columns) - len(values))
        filled = [c for c in labels if c]
        at.append(next((j for j, c in enumerate(labels) if squash(c)), -1))
        if kind == "project_expenditure" and len(filled) == 3:  # 类型 | 项目名称 | 项目单位
            rows.append(RawRow(None, squash(filled[1]), values, True, ln.no,
                               extra=(("type", filled[0]), ("unit", squash(filled[2])))))
            continue
        code, name, extra = _split_labels(labels)
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


def _split_labels(labels: list[str]) -> tuple[str | None, str, tuple[tuple[str, str], ...]]:
    """Code and name from the label cells: ``208|01|09|…|名称``, ``30103|奖金|50101|工资…``."""
    groups: list[tuple[str, str]] = []  # (code, name)
    code = ""
    short = None  # a 款 printed without its leading zero: 301 | 2 is 30102
    for cell in labels:
        t = squash(cell)
        if not t:
            continue
        if _DIGITS.fullmatch(t) and (not code or len(t) <= 2):  # 类 | 款 | 项 cells: one code
            if len(t) == 1 and len(code) in (3, 5):
                short = short or f"{code} {t}"
                t = "0" + t
            code += t
        elif _DIGITS.fullmatch(t):
            groups.append((code, ""))
            code = t
        else:
            groups.append((code, cell.strip()))
            code = ""
    if code:
        groups.append((code, ""))
    if not groups:
        return None, "", ()
    first_code, first_name = groups[0]
    extra: list[tuple[str, str]] = []  # e.g. the 政府经济分类 code and name beside a 部门 code
    for c, n in groups[1:]:
        extra += ([("gov_code", c)] if c else []) + ([("gov_name", n)] if n else [])
    if short and first_code and short.replace(" ", "") != first_code:
        extra.append(("printed_code", short))
    return first_code or None, first_name, tuple(extra)


def _join_wrapped(rows: list[RawRow], year: int | None) -> list[RawRow]:
    """Label-only rows (no code, no value) between two coded rows are a long name wrapped onto
    lines of its own: the catalog names of the codes above and below say whose they are."""
    out: list[RawRow] = []
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and rows[j].code is None and not any(rows[j].values) and squash(rows[j].name) \
                and not _TOTAL.match(squash(rows[j].name)) and not _ELLIPSIS.match(squash(rows[j].name)):
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
        else:
            if prev is not None:
                prev.name += "".join(pieces[:k])
            if nxt is not None:
                nxt.name = "".join(pieces[k:]) + nxt.name
        i = j
    return out


# --- rows: pdf text -------------------------------------------------------------------------
def _name_head_in_header(header: list[Line], rows: list[RawRow], year: int | None) -> bool:
    """The first row's name printed centred over its line (社会保障和就 / 208 754.75 … / 业支出): its
    first words stand on the line above, which looks like the header's last line. Taken back only
    when the catalog's name of the row's code is those words and the row's own."""
    if not header or not rows or len(header[-1].filled) != 1 or not rows[0].code:
        return False
    want = wrapped.catalog_name(rows[0].code, year)
    return want is not None and normalize_name(header[-1].text + rows[0].name) == want \
        and normalize_name(rows[0].name) != want


def _segments(ln: Line) -> list[tuple[list[str], list[str], list[int]]]:
    """Runs of (label tokens, value tokens, gaps before each value)."""
    segs: list[tuple[list[str], list[str], list[int]]] = []
    gaps = list(ln.gaps) + [0] * (len(ln.cells) + 1 - len(ln.gaps))
    for i, tok in enumerate(ln.cells):
        value = is_number(tok) or LOST.fullmatch(tok) or segs and _DASH.fullmatch(tok)  # “-”: a blank printed
        if value and not (i == 0 and _CODE.fullmatch(tok) and (not segs or not segs[-1][1])) \
                and not (len(segs) == 1 and not segs[0][1] and wrapped.is_code_fragment(tok, segs[0][0])):
            if not segs:
                segs.append(([], [], []))
            segs[-1][1].append(tok)
            segs[-1][2].append(gaps[i])
        else:
            if not segs or segs[-1][1]:
                segs.append(([], [], []))
            segs[-1][0].append(tok)
    if segs:
        segs[-1][2].append(gaps[len(ln.cells)])  # trailing empty cells
    return segs


def _unglued(ln: Line) -> Line:
    cells, at = wrapped.unglue(ln.cells)
    if at is None:
        return ln
    gaps = ln.gaps[:at] + (0,) + ln.gaps[at:] if ln.gaps else ln.gaps
    return ln._replace(cells=cells, gaps=gaps, filled=cells)


def _project_labels(words: list[str]) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """Henan's 项目支出表 without rulings: 类型 | 项目名称 | 项目单位 come as the words of one label.
    They are told apart when the first is a 项目类型 (其他运转类, 特定目标类) and the last a
    unit's name; the words between are the project's name."""
    if len(words) >= 3 and words[0].endswith("类") and _ORG.search(squash(words[-1])):
        return "".join(words[1:-1]), (("type", words[0]), ("unit", squash(words[-1])))
    return None


def _ordinals_joined(words: list[str]) -> list[str]:
    """“1.” “一般公共预算资金”: an ordinal printed apart is the start of the label after it."""
    out: list[str] = []
    for w in words:
        if out and ORDINAL.sub("", squash(out[-1])) == "":
            out[-1] += w
        else:
            out.append(w)
    return out


def _rejoined(rows: list[RawRow], pieces: list[str], year: int | None) -> bool:
    """A two-sided table's labels wrapped onto a line of their own (政府性基金预算资 | 社会保障和就业支
    over 金 | 出): each piece goes on the last row of a side whose label it completes, a name that
    side knows when the row's own label is none; two pieces go on the income and the
    expenditure side, one on either."""
    sides = [("income", "expenditure")] if len(pieces) == 2 else [("expenditure",), ("income",)]
    for chosen in sides:
        last = [next((r for r in reversed(rows) if r.side == side), None) for side in chosen]
        if all(r is not None and not _side_label(r.name, side, year) and _side_label(r.name + piece, side, year)
               for r, side, piece in zip(last, chosen, pieces)):
            for r, piece in zip(last, pieces):
                r.name += piece
            return True
    return False


def _side_label(label: str, side: str, year: int | None) -> bool:
    sr = side_row(label)
    if sr and sr[1] in (side, None):
        return True
    return side == "expenditure" and _class_named(label, year) is not None


@lru_cache(maxsize=4096)  # the same labels in every two-sided table, package after package
def _class_named(name: str, year: int | None):
    """The 功能分类 类 a two-sided table's expenditure row names (“一、社会保障和就业支出”)."""
    return load_catalog().functional.by_name(ORDINAL.sub("", squash(name)), year, level=1)


side_row = lru_cache(maxsize=4096)(_side_row)  # a label's side and code, asked of each two-sided row


def _pdf_rows(body: list[Line], two_sided: bool, year: int | None = None, kind: str = "") -> list[RawRow]:
    rows: list[RawRow] = []
    if two_sided:
        for ln in body:
            pairs: list[tuple[str, list[str], list[int]]] = []  # (label, values, gaps)
            for labels, values, gaps in _segments(ln):
                labels = _ordinals_joined(labels)
                pairs.extend((lab, [], [0]) for lab in labels[:-1])
                pairs.append((labels[-1] if labels else "", values, gaps))
            if len(pairs) <= 2 and not any(values for _, values, _ in pairs) and _rejoined(rows, [p[0] for p in pairs], year):
                continue
            if len(pairs) == 1 and not pairs[0][0] and rows and rows[-1].side == "expenditure" and not rows[-1].values:
                rows[-1].values, rows[-1].gaps = pairs[0][1], tuple(pairs[0][2])  # its values printed between
                continue  # the two lines of its wrapped label (四、文化旅游体育与传媒 / 200,000 200,000 / 支出)
            for k, (label, values, gaps) in enumerate(pairs):
                if len(pairs) > 1:
                    side = "income" if k == 0 else "expenditure"
                else:  # the income side prints one value: more are the expenditure side's (国有资本经营预算 | 231 | 231)
                    sr = side_row(label)
                    side = sr[1] if sr and sr[1] and not (sr[1] == "income" and len(values) > 1) else "expenditure"
                rows.append(RawRow(None, label, values, False, ln.no, side, tuple(gaps)))
        return rows
    open_row: RawRow | None = None
    pending: list[tuple[int, str]] = []  # label-only lines after a row with values: wrapped names

    def flush(next_row: RawRow | None) -> RawRow | None:
        """Give the pending pieces to the row above or below as the catalog says, else make them
        the row they always were."""
        nonlocal pending
        if not pending:
            return None
        pieces = [p for _, p in pending]
        prev = rows[-1] if rows else None
        k = wrapped.split_wrapped(pieces, prev.name if prev else "", prev.code if prev else None,
                                  next_row.name if next_row else "", next_row.code if next_row else None, year)
        made = None
        if k is None and prev is not None and not prev.values and prev.code:
            prev.name += "".join(pieces)  # a row without values (an empty template's): its own name goes on
        elif k is None:
            made = RawRow(None, "".join(pieces), [], False, pending[0][0])
            rows.append(made)
        else:
            if prev is not None:
                prev.name += "".join(pieces[:k])
            if next_row is not None:
                next_row.name = "".join(pieces[k:]) + next_row.name
        pending = []
        return made

    for ln in body:
        if all(_ELLIPSIS.match(c) for c in ln.filled):
            continue  # a template's placeholder row (… …), not a piece of a name
        ln = _unglued(ln)
        segs = _segments(ln)
        while len(segs) > 1 and segs[1][0]:  # numbers between names are labels (Henan's 50101 | 工资奖金津补贴)
            segs[0:2] = [(segs[0][0] + segs[0][1] + segs[1][0], segs[1][1], segs[1][2])]
        labels, values, gaps = segs[0] if segs else ([], [], [])
        starts_row = bool(labels) and (_CODE.fullmatch(labels[0]) or _TOTAL.match(labels[0])
                                       or _ITEM.match(labels[0]))
        if (not starts_row and labels and not values and open_row is not None
                and open_row.code and open_row.code.isdigit()) or (pending and not starts_row and labels and not values):
            pending.append((ln.no, "".join(labels)))
            continue
        if pending and not (starts_row and labels and _DIGITS.fullmatch(labels[0])):
            open_row = flush(None) or open_row
        if starts_row or open_row is None or (open_row.values and labels):
            if labels and _DIGITS.fullmatch(labels[0]):
                code, name, extra = _split_labels(labels)
            elif labels and _LETTER.fullmatch(labels[0]):
                code, name, extra = labels[0], "".join(labels[1:]), ()
            else:
                code = None
                name, extra = kind == "project_expenditure" and _project_labels(labels) or ("".join(labels), ())
            open_row = RawRow(code, name.replace(" ", "") if code else name, [], False, ln.no, extra=extra)
            flush(open_row)
            rows.append(open_row)
        elif labels:
            open_row.name += "".join(labels)  # a wrapped name
        if values:
            open_row.values.extend(values)
            open_row.gaps = tuple(gaps)
    flush(None)
    return rows


# --- naming rows ----------------------------------------------------------------------------
def _unit_row(row: RawRow, name: str, kind: str, units: bool, cat, year: int | None) -> bool:
    """A row for a 预算单位: an organisation's name, or (under a 单位编码 column) a 6-digit code, or a
    3-digit one whose name is no class's."""
    if not row.code or kind not in _UNIT_ROW_KINDS:
        return False
    if _ORG.search(squash(name)):
        return True
    bare = ORDINAL.sub("", squash(name))
    return units and (len(row.code) == 6 or len(row.code) == 3 and not any(
        c.by_name(bare, year, level=1) for c in (cat.functional, cat.economic_dept, cat.economic_gov)))


def _name_row(row: RawRow, kind: str, two_sided: bool, year: int | None, units: bool = False) -> RawRow:
    name = row.name.strip()
    cat = load_catalog()
    if two_sided:
        sr = side_row(name)
        if sr and row.side == "expenditure" and sr[1] == "income":
            sr = None  # “二十三、国有资本经营预算” on the expenditure side is class 223
        if sr:
            row.code = sr[0] if sr[0] != "total" else ("in.total" if row.side == "income" else "out.total")
            row.side = row.side or sr[1]
        elif row.side == "expenditure" and name:
            entry = _class_named(name, year)
            row.code = entry.code if entry else None
            row.level = 1
        return row
    if row.code is None and (_TOTAL.match(squash(name)) or (kind_spec(kind).rows == "items"  # one row of items
                                                             and squash(name) in ("", "金额", "决算数"))):
        row.code, row.name = "total", row.name or "合计"
    elif kind == "procurement" and (cat := _PROCUREMENT.get(squash(name)[:2])
                                   or _PROCUREMENT.get(dict(row.extra).get("gov_name", "")[:2])):
        row.name = name if squash(name)[:2] in _PROCUREMENT else dict(row.extra)["gov_name"]
        row.code, row.extra = cat, ()
    elif _unit_row(row, name, kind, units, cat, year):
        row.code = f"unit:{row.code}"
    elif row.code and row.code.isdigit():
        row.level = {3: 1, 5: 2, 7: 3}.get(len(row.code), 0)
    return row


def _carryover_context(rows: list[RawRow], two_sided: bool) -> None:
    """Fund rows under 二、上年结转 are carry-over by fund, not this year's income."""
    if not two_sided:
        return
    under = False
    for r in rows:
        if r.side != "income" or not r.code:
            continue
        if r.code == "in.carryover":
            under = True
        elif r.code in ("in.current", "in.total"):
            under = False
        elif under and r.code.startswith("in.") and r.code.count(".") == 1:
            r.code = "in.carryover." + r.code[3:]
