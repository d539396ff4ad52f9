"""Excel workbooks (.xlsx, .xlsb, .xls) → positioned lines of cells, read with python-calamine.

Each visible worksheet in workbook order, each row as a user sees it:

* a number shows as its cell's number format shows it: ``#,##0.00`` → ``2,859.58``, ``0.00`` →
  ``130.00``, General → ``208`` (calamine gives every number as a float, ``208.0``). Formats
  are read from ``xl/styles.xml``; a ``.xls`` has none we can read, so there a column that
  prints decimals anywhere gives its whole numbers the same decimals;
* text is kept as stored, numbers stored as text too; a formula shows its cached value, and one
  saved without it (a workbook written by a program that does not calculate) is a value that
  could not be read: ``#####``, with an R002 naming the cell (公式未保存计算结果);
* a merged cell: its text in the first cell, "" in the others, exactly as Excel copies it;
* a sheet named like a table (“2一般公共预算支出表”) whose rows print no title of their own gets
  its name as its title, a line of its own before its first row;
* hidden rows and columns are read (their numbers are in the totals) and hidden sheets are not
  (they hold working data, not the published tables); both are reported (R008).

A row's trailing empty cells are dropped, and columns start at the sheet's first used column.
"""
from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from itertools import islice
from posixpath import join, normpath

import python_calamine as calamine

from ..catalog.vocabulary import kind_of_title, squash
from ..model import Document, Source
from .lines import line
from .limits import DEFAULT, Limits, limit_error
from .office import DAMAGED, Place, damaged, flat, letters, paragraphs, parse_xml, read_placed, unreadable
from .package import (STYLE, Cell, Package, area, clamp_sheet, column_index, merge_count, more_merges,
                      plain_cells, repacked, sheet_extent, without_merges)
from .problems import R002, R008, R011, problem

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STYLED = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?\ss="(\d+)"')
_HIDDEN_ROW = re.compile(rb'<row r="(\d+)"[^>]*?\shidden="(?:1|true)"')
_COL = re.compile(rb"<col\b[^>]*>")
_BUILTIN = {1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 37: "#,##0", 38: "#,##0",
            39: "#,##0.00", 40: "#,##0.00", 41: "#,##0", 42: "#,##0", 43: "#,##0.00", 44: "#,##0.00"}
Spec = tuple[int, bool, bool]  # decimals, thousands separator, percent
_new = tuple.__new__


def read_workbook(raw: bytes, file: str, package: Package | None, limits: Limits = DEFAULT) -> Document:
    """``package``: the .xlsx or .xlsb package (None for .xls); an .xlsx's number formats and hidden
    rows are read from it. calamine reads the package rebuilt from the checked parts, its sheets
    clamped to the limits (``package.py``)."""
    findings: list = []
    xlsx = package is not None and "xl/workbook.xml" in package.names
    try:
        parts = _Parts(package, file, limits, findings) if xlsx else None
        if package is None:
            source = raw
        else:
            source = parts.repacked if parts else repacked(package.parts(_essential))
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(source))
        del source
        lines, places, cells, unsaved = [], {}, 0, []
        for meta in book.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue
            if meta.visible != calamine.SheetVisibleEnum.Visible:
                findings.append(problem(R008, f"工作表「{meta.name}」为隐藏工作表，未读取",
                                        Source(file, sheet=meta.name)))
                continue
            sheet = book.get_sheet_by_name(meta.name)
            cells += sheet.height * sheet.width  # an .xls or .xlsb sheet is measured only now
            if cells > limits.cells:
                raise limit_error(file, "cells", limits, f"读到工作表「{meta.name}」时已有 {cells:,} 个",
                                  f"{cells:,} by the sheet {meta.name}")
            unsaved += _sheet(sheet, parts, file, lines, places, findings, limits)
    except calamine.PasswordError as e:
        raise unreadable(file, "文件有密码保护，请去掉密码后再读取", "password-protected file, remove the "
                                                             "password first") from e
    except DAMAGED as e:
        raise damaged(file, e) from e
    except BaseException as e:  # calamine's Rust panics arrive as pyo3's PanicException, a BaseException
        if type(e).__name__ != "PanicException":
            raise
        raise damaged(file, e) from e
    fmt = "xlsx" if xlsx else ("xls" if raw[:4] == b"\xd0\xcf\x11\xe0" else "xlsb")
    doc = read_placed(lines, places, file, fmt, findings)
    return _told_unsaved(doc, unsaved, file) if unsaved else doc


def _named_by_sheet(name: str, rows: list[list]) -> bool:
    """A sheet named like a table (“2一般公共预算支出表”) whose first rows print no title: a row of
    one or two cells whose words end in 表 or name a table."""
    if kind_of_title(squash(name)) is None:
        return False
    for values in islice((v for v in rows if any(x != "" for x in v)), 3):  # the first three rows not blank
        filled = [str(x) for x in values if x != ""]
        text = squash("".join(filled))
        if len(filled) <= 2 and (kind_of_title(text) or re.search(r"表([（(]续[)）])?$", text)):
            return False
    return True


def _sheet(sheet, parts, file: str, lines: list, places: dict, findings: list, limits: Limits) -> list[Unsaved]:
    """The sheet's lines → ``lines`` and ``places``; returns its formula cells saved without their result."""
    name = sheet.name  # (asked of calamine once, not for every row)
    xml = parts.sheet_xml(name) if parts else None
    unsaved = _unsaved_formulas(xml) if xml else []
    rows = sheet.to_python(skip_empty_area=True)
    if not rows or sheet.start is None:
        return [(name, r, c) for r, c in unsaved]
    r0, c0 = sheet.start
    width = max(map(len, rows))
    lost: dict[int, list[int]] = {}
    for r, c in unsaved:
        if c >= c0:
            lost.setdefault(r, []).append(c - c0)
    formats = parts.formats(name, xml, c0) if xml else {}
    blank, note = _merged(sheet.merged_cell_ranges or (), r0, r0 + len(rows) - 1, c0, c0 + width - 1, limits)
    if note:
        findings.append(problem(R011, note, Source(file, sheet=name)))
    guess = _column_decimals(rows) if parts is None else {}
    if _named_by_sheet(name, rows):  # the sheet's name is the table's only title
        no = len(lines) + 1
        lines.append(line(no, (name.strip(),), True, raw=name.strip()))
        places[no] = Place(name, r0 + 1, c0)
    for r, values in enumerate(rows, r0):
        end = len(values)
        while end and values[end - 1] == "":
            end -= 1
        specs = formats.get(r, guess)
        # a text on one line is stripped here (flat(), inline: most cells)
        if specs:  # its numbers' formats, by column
            cells = [(v.strip() if "\n" not in v and "\r" not in v else flat(v)) if v.__class__ is str
                     else _show(v, specs.get(j)) for j, v in enumerate(values[:end])]
        else:  # most rows: text, and numbers in General
            cells = [(v.strip() if "\n" not in v and "\r" not in v else flat(v)) if v.__class__ is str
                     else _show(v, None) for v in values[:end]]
        if r in lost:
            for j in lost[r]:
                cells.extend([""] * (j + 1 - len(cells)))
                cells[j] = LOST_TEXT
        if r in blank:
            for j in blank[r]:
                if 0 <= j < len(cells):
                    cells[j] = ""
        while cells and not cells[-1]:
            cells.pop()
        place = _new(Place, (name, r + 1, c0, False))  # Place(name, r + 1, c0), without its keyword __new__
        for printed in _as_printed(cells, values) if cells and not any(cells[:-1]) else (tuple(cells),):
            no = len(lines) + 1
            lines.append(line(no, printed, True, raw="\t".join(printed)))
            places[no] = place
    if xml and b'hidden="' in xml:  # most sheets hide nothing: no pattern walks them
        _hidden(xml, name, r0, r0 + len(rows), c0, c0 + width, file, findings)
    return [(name, r, c) for r, c in unsaved]


# --- formulas saved without their result ---------------------------------------------------------
Unsaved = tuple[str, int, int]  # sheet, row, column (0-based)
LOST_TEXT = "#####"  # what Excel prints for a value it cannot show: the pipeline's lost value (Status.LOST)
# every sheet with a formula holds one (<f>…</f>, or a shared formula's master); searched as a pattern,
# which skips to each "f", rather than with ``in``, which stops at each of the sheet's many ">"
_FORMULA_GATE = re.compile(rb"f>")
_CELL_CONTENT = re.compile(rb"<(?:[\w.-]+:)?c\s([^<>]*?)(?<!/)>(.*?)</(?:[\w.-]+:)?c>", re.S)
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v\b[^<>]*>([^<]*)")
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_STRING = re.compile(rb'\bt="str"')


def _unsaved_formulas(xml: bytes) -> list[tuple[int, int]]:
    """(row, column), 0-based, of each formula cell saved without its result: openpyxl writes
    ``<f>D7+E7</f><v></v>``, which calamine reads as blank. A string formula's empty ``<v></v>``
    is its result, an empty string (as Excel saves ``=""``)."""
    if not _FORMULA_GATE.search(xml):
        return []
    out = []
    for m in _CELL_CONTENT.finditer(xml):
        attrs, content = m.groups()
        if not _FORMULA.search(content):
            continue
        value = _VALUE.search(content)
        ref = _REF.search(attrs)
        if ref and not (value and (value.group(1).strip() or _STRING.search(attrs))):
            out.append((int(ref.group(2)) - 1, column_index(ref.group(1))))
    return out


def _told_unsaved(doc: Document, unsaved: list[Unsaved], file: str) -> Document:
    """One R002 for each formula saved without its result, naming its cell: the pipeline's R002 for
    the cell's ``#####`` is told what happened instead; a cell outside every table gets its own."""
    wanted = {(sheet, f"{letters(c)}{r + 1}"): r + 1 for sheet, r, c in unsaved}
    met, findings = set(), []
    for f in doc.findings:
        key = (f.source.sheet, f.source.cell)
        if f.code == R002 and key in wanted:
            met.add(key)
            f = replace(f, message=_unsaved_message(*key))
        findings.append(f)
    findings += [problem(R002, _unsaved_message(sheet, ref), Source(file, row, sheet=sheet, cell=ref))
                 for (sheet, ref), row in wanted.items() if (sheet, ref) not in met]
    return replace(doc, findings=tuple(findings))


def _unsaved_message(sheet: str, ref: str) -> str:
    return (f"工作表「{sheet}」{ref} 单元格的公式未保存计算结果，数值无法读取：请用 Excel 打开、重新计算并保存后再读取"
            f" / the formula in {ref} was saved without its result: open, recalculate and save the workbook in Excel")


def _as_printed(cells: list[str], values: list) -> list[tuple[str, ...]]:
    """The lines of a row of one filled cell, its last (trailing empty cells are dropped): the row
    itself, or, for a cell of prose paragraphs, one line a paragraph (at the cell's column), as the
    narrative reader meets them on a printed page."""
    if len(cells) <= len(values) and (v := values[len(cells) - 1]).__class__ is str and "\n" in v.strip() \
            and (pieces := paragraphs(v)):
        return [(*cells[:-1], p) for p in pieces]
    return [tuple(cells)]


def _merged(ranges, top: int, bottom: int, left: int, right: int, limits: Limits) -> tuple[dict[int, list[int]],
                                                                                           str | None]:
    """Row → the columns (from ``left``) a merged cell covers but does not start, and the first
    thing not followed (R011). Each range is clamped to the cells read (one merge A1:XFD1048576
    covers 17 billion cells, not one of them read); ranges that together cover more cells than the
    sheet has (overlapping: damaged or crafted) are not followed further."""
    blank: dict[int, list[int]] = {}
    budget = (bottom - top + 1) * (right - left + 1)
    note = None
    for (r1, c1), (r2, c2) in ranges:
        if note is None and (r2 >= limits.sheet_rows or c2 >= limits.sheet_columns):
            ref = f"{letters(c1)}{r1 + 1}:{letters(c2)}{r2 + 1}"
            note = (f"合并单元格 {ref} 超出读取范围 {limits.sheet_rows:,} 行 × {limits.sheet_columns:,} 列"
                    f"（--max-sheet-rows、--max-sheet-columns），只按读到的单元格合并 / the merged range {ref} goes "
                    f"beyond the reading limits of {limits.sheet_rows:,} rows × {limits.sheet_columns:,} columns, "
                    f"merged over the cells read only")
        rows = range(max(r1, top), min(r2, bottom) + 1)
        cols = range(max(c1, left), min(c2, right) + 1)
        budget -= len(rows) * len(cols)
        if budget < 0:
            note = note or (f"合并单元格相互重叠，合计超过工作表的单元格数，其余合并未读取 / merged ranges overlap beyond "
                            f"the sheet's {(bottom - top + 1) * (right - left + 1):,} cells; the rest were not followed")
            break
        for r in rows:
            blank.setdefault(r, []).extend(c - left for c in cols if (r, c) != (r1, c1))
    return blank, note


def _hidden(xml: bytes, name: str, top: int, bottom: int, left: int, right: int, file: str, findings: list) -> None:
    """R008 for hidden rows and columns inside the sheet's used range (0-based, end exclusive)."""
    rows = [int(m.group(1)) for m in _HIDDEN_ROW.finditer(xml) if top < int(m.group(1)) <= bottom]
    if rows:
        findings.append(problem(R008, f"工作表「{name}」第 {_ranges(rows)} 行为隐藏行（已读取）",
                                Source(file, rows[0], sheet=name, cell=f"{letters(left)}{rows[0]}")))
    cols: list[int] = []
    for m in _COL.finditer(xml):
        tag = m.group()
        if b'hidden="1"' in tag or b'hidden="true"' in tag:
            lo, hi = re.search(rb'min="(\d+)"', tag), re.search(rb'max="(\d+)"', tag)
            if lo and hi:
                cols.extend(c for c in range(max(int(lo.group(1)), left + 1), min(int(hi.group(1)), right) + 1))
    if cols:
        findings.append(problem(R008, f"工作表「{name}」第 {'、'.join(letters(c - 1) for c in cols)} 列为隐藏列（已读取）",
                                Source(file, top + 1, sheet=name, cell=f"{letters(cols[0] - 1)}{top + 1}")))


def _ranges(numbers: list[int]) -> str:
    out, start = [], numbers[0]
    for a, b in zip(numbers, numbers[1:] + [None]):
        if b != a + 1:
            out.append(str(start) if start == a else f"{start}–{a}")
            start = b
    return "、".join(out)


# the parts python-calamine (and _Parts) need to read a workbook: damage in any other part leaves it out
_NEEDED = frozenset({"_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/_rels/workbook.bin.rels", "xl/workbook.xml",
                     "xl/workbook.bin", "xl/styles.xml", "xl/styles.bin", "xl/sharedStrings.xml", "xl/sharedStrings.bin"})


def _essential(name: str) -> bool:
    return name in _NEEDED or name.startswith("xl/worksheets/")


def _clamped(file: str, sheet: str, limits: Limits, dropped: int, first: str | None):
    zh, en = (f"工作表「{sheet}」有 {dropped:,} 个单元格（如 {first}）在读取范围 {limits.sheet_rows:,} 行 × "
              f"{limits.sheet_columns:,} 列（--max-sheet-rows、--max-sheet-columns）之外，未读取",
              f"{dropped:,} cells of the sheet beyond the reading limits of {limits.sheet_rows:,} rows × "
              f"{limits.sheet_columns:,} columns (e.g. {first}) were not read")
    return problem(R011, f"{zh} / {en}", Source(file, sheet=sheet))


# --- the package: sheet parts and number formats -----------------------------------------------
class _Parts:
    """An .xlsx package's parts, inflated within the limits; its worksheets clamped (R011) and
    the cells of the visible ones counted before calamine sees them."""

    def __init__(self, package: Package, file: str, limits: Limits, findings: list):
        self.parts = package.parts(_essential)
        self.crcs = dict(package.crcs)  # of the parts as read: a part changed here leaves it
        self.paths, visible = self._sheet_paths()
        self.specs = self._styles()
        self.cells: dict[str, list[Cell]] = {}  # a sheet's path → its cells, when written plainly (``formats``)
        cells = 0
        for name, path in self.paths.items():
            xml = self.parts.get(path)
            if xml is None:
                continue
            plain = plain_cells(xml)
            if plain is None:
                extent = sheet_extent(xml)
            else:
                self.cells[path], extent = plain
            if extent is None or extent[1] >= limits.sheet_rows or extent[3] >= limits.sheet_columns:
                xml, extent, dropped, first = clamp_sheet(xml, limits.sheet_rows, limits.sheet_columns)
                if dropped:
                    self._change(path, xml)
                    findings.append(_clamped(file, name, limits, dropped, first))
            if more_merges(xml, max(area(extent), 1)):
                self._change(path, without_merges(xml))
                findings.append(problem(R011, f"工作表「{name}」的合并单元格（{merge_count(xml):,} 个）比单元格还多，未读取合并"
                                              f" / the sheet has more merged ranges ({merge_count(xml):,}) than cells: "
                                              f"its merges were not read", Source(file, sheet=name)))
            if name in visible:
                cells += area(extent)
        if cells > limits.cells:
            raise limit_error(file, "cells", limits, f"可见工作表共 {cells:,} 个", f"its visible sheets span {cells:,}")
        self.repacked = repacked(self.parts, self.crcs)

    def _change(self, path: str, xml: bytes) -> None:
        self.parts[path] = xml
        self.crcs.pop(path, None)
        self.cells.pop(path, None)

    def _sheet_paths(self) -> tuple[dict[str, str], set[str]]:
        book = parse_xml(self.parts["xl/workbook.xml"])
        rels = parse_xml(self.parts["xl/_rels/workbook.xml.rels"])
        target = {r.get("Id"): r.get("Target", "") for r in rels}
        out, visible = {}, set()
        for s in book.iter(f"{_MAIN}sheet"):
            t = target.get(s.get(_REL), "")
            out[s.get("name")] = t.lstrip("/") if t.startswith("/") else normpath(join("xl", t))
            if s.get("state") in (None, "visible"):
                visible.add(s.get("name"))
        return out, visible

    def _styles(self) -> list[Spec | None]:
        if "xl/styles.xml" not in self.parts:
            return []
        root = parse_xml(self.parts["xl/styles.xml"])
        codes = dict(_BUILTIN)
        for f in root.iter(f"{_MAIN}numFmt"):
            codes[int(f.get("numFmtId", "0"))] = f.get("formatCode", "")
        xfs = root.find(f"{_MAIN}cellXfs")
        return [_spec(codes.get(int(x.get("numFmtId", "0")), "")) for x in (xfs if xfs is not None else ())]

    def sheet_xml(self, name: str) -> bytes | None:
        path = self.paths.get(name)
        return self.parts.get(path) if path else None

    def formats(self, name: str, xml: bytes, left: int) -> dict[int, dict[int, Spec]]:
        """Row (0-based) → column (counted from ``left``) → the number format of each cell whose
        format is not General: from the styled ones of the cells found with its extent, else a pass of its own."""
        specs = self.specs
        if not any(specs):
            return {}
        out: dict[int, dict[int, Spec]] = {}
        by_style: dict[bytes, Spec | None] = {}  # a sheet uses a few styles over many cells
        row, cells = None, {}
        found = self.cells.get(self.paths[name])
        for col, r, style in _STYLED.findall(xml) if found is None else filter(STYLE, found):
            spec = by_style.get(style, False)
            if spec is False:
                s = int(style)
                spec = by_style[style] = specs[s] if s < len(specs) else None
            if spec:
                if r != row:  # a row's cells come together
                    row, cells = r, out.setdefault(int(r) - 1, {})
                cells[column_index(col) - left] = spec
        return out


_LITERAL = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')


@lru_cache(maxsize=256)
def _spec(code: str) -> Spec | None:
    """A number format's decimals, thousands separator and percent; None for General, text,
    scientific and dates (General shows them well enough; calamine gives dates as dates)."""
    section = _LITERAL.sub("", code.split(";")[0])
    if not re.search(r"[0#?]", section) or re.search(r"[eE][+-]|[yYmMdDhHsS]", section):
        return None
    whole, _, frac = section.partition(".")
    return len(re.findall(r"[0#?]", frac)), bool(re.search(r"[0#?],[0#?]", whole)), "%" in section


def _column_decimals(rows: list[list]) -> dict[int, Spec]:
    """Without number formats (.xls): a column that prints decimals anywhere prints them in every
    number (``130`` beside ``2,859.58`` was ``130.00``)."""
    out: dict[int, int] = {}
    for values in rows:
        for j, v in enumerate(values):
            if type(v) is float and not v.is_integer():
                d = len(format(v, ".15g").partition(".")[2])
                if d <= 4:
                    out[j] = max(out.get(j, 0), d)
    return {j: (d, False, False) for j, d in out.items()}


@lru_cache(maxsize=8192, typed=True)  # a package prints each amount in several tables; True is not 1.0
def _show(v, spec: Spec | None) -> str:
    """A cell's value as Excel shows it."""
    t = type(v)
    if t is str:
        return flat(v) if v else ""
    if t is float or t is int:
        if spec is None:
            if t is int or v.is_integer() and abs(v) < 1e15:
                return str(int(v))
            return format(v, ".15g")
        decimals, thousands, percent = spec
        x = Decimal(repr(v)).scaleb(2 if percent else 0).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        shown = f"{x:,.{decimals}f}" if thousands else f"{x:.{decimals}f}"
        return shown + "%" if percent else shown
    if t is bool:
        return "TRUE" if v else "FALSE"
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == time() else v.isoformat(sep=" ")
    if isinstance(v, (date, time)):
        return v.isoformat()
    if isinstance(v, timedelta):
        return str(v)
    return flat(str(v))
