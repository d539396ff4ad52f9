"""Text → lines of cells, for each of the text layouts seen in real disclosures.

* ``tsv``: cells separated by tabs, empty cells kept (text copied out of Excel; 000, 004).
* ``pdf_text``: cells separated by single spaces, empty cells dropped, long names wrapped over
  several lines (text extracted from PDF; 001, 003). Some extractors print an empty cell as
  two spaces; that spacing is kept as a hint (``gaps``), never as the only evidence.
* ``cell_lines``: one cell per line, each line starting with a tab, empty cells kept (002).

The layout is decided by looking at the text, never by the file name.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress
from typing import NamedTuple

from ..model import Status, classify

PAGE_NUMBER = re.compile(r"^\s*[-－—]\s*\d+\s*[-－—]\s*$|^\s*第\s*\d+\s*页")
_YEAR_SPLIT = re.compile(r"(\d{4})\s+(年)")


class Line(NamedTuple):
    """One printed row of cells. A tuple (cheap: a document has thousands); make it with ``line``."""

    no: int  # 1-based line number in the file
    cells: tuple[str, ...]  # stripped; "" for an empty cell (positioned layouts only)
    positioned: bool  # True when empty cells are kept, so the n-th cell is the n-th column
    gaps: tuple[int, ...]  # pdf_text: empty cells the spacing suggests before each cell
    raw: str  # the line as printed (narrative keeps its own spacing)
    filled: tuple[str, ...]  # the non-empty cells
    text: str  # the non-empty cells, space-joined

    @property
    def blank(self) -> bool:
        return not self.filled


def line(no: int, cells: tuple[str, ...], positioned: bool, gaps: tuple[int, ...] = (), raw: str = "") -> Line:
    filled = tuple(filter(None, cells)) if positioned else cells  # PDF tokens are never empty
    return _new(Line, (no, cells, positioned, gaps, raw, filled, " ".join(filled)))


_new = tuple.__new__  # a Line made without NamedTuple's keyword-argument __new__: a document makes thousands


# the separators str.splitlines knows beside \n, \r and \r\n: a page break is not a line of its own
_PAGE_BREAKS = "\f\v\x1c\x1d\x1e\x85\u2028\u2029"
_DROP_PAGE_BREAKS = str.maketrans("", "", _PAGE_BREAKS)


def file_lines(text: str) -> list[str]:
    """The text's lines as an editor counts them: a page break (form feed, which pdftotext puts
    between pages) or another Unicode separator is not a line of its own, so line numbers stay
    the file's own (str.splitlines would add one at every page)."""
    global _last_split
    last = _last_split  # one read of the pair: safe under threads
    if last[0] is not text:  # the layout, the lines, the cover and the year all ask for the same text
        cut = text.translate(_DROP_PAGE_BREAKS) if any(c in text for c in _PAGE_BREAKS) else text
        last = _last_split = (text, tuple(cut.splitlines()))  # at \n, \r and \r\n only, now
    return list(last[1])


_last_split: tuple = (None, ())  # (the text last split, its lines)


def detect_layout(text: str) -> str | None:
    if "\t" not in text:  # no layout's cells but PDF text's: no need to count tabs line by line
        return "pdf_text" if any(ln and not ln.isspace() for ln in file_lines(text)[:1500]) else None
    lines = [ln for ln in file_lines(text)[:1500] if ln and not ln.isspace()]  # a sample is enough (not blank)
    if len(lines) < 5:  # a web page's text may be one line: what it says decides (read_lines)
        return "pdf_text" if lines else None
    lead_tab = inner_tab = 0  # lines of one leading tab; lines with a tab inside or two or more
    for ln in lines:
        tabs = ln.count("\t")
        if tabs >= 2:
            inner_tab += 1
        elif tabs == 1:
            if ln[0] == "\t":
                lead_tab += 1
            elif ln[-1] != "\t":
                inner_tab += 1
    if lead_tab > 0.3 * len(lines):
        return "cell_lines"
    if inner_tab > 0.1 * len(lines):
        return "tsv"
    return "pdf_text"


def split_lines(text: str, layout: str) -> list[Line]:
    if layout == "cell_lines":
        return _cell_rows(text)
    raws = file_lines(text)
    if layout == "tsv":
        return _tsv_lines(raws)
    out: list[Line] = []
    spaced_blanks = layout == "pdf_text" and _marks_blanks_with_spaces(raws)
    for no, raw in enumerate(raws, 1):
        cells = raw.split()
        if not cells or cells[0][0] in _PAGE_FIRST and PAGE_NUMBER.match(raw):
            continue  # (PDF extractors put empty lines anywhere; they carry nothing)
        if "年" in raw and _YEAR_SPLIT.search(raw):
            raw = _YEAR_SPLIT.sub(r"\1\2", raw)
            cells = raw.split()
        cells = tuple(cells)
        out.append(_new(Line, (no, cells, False, _gaps(raw, cells) if spaced_blanks else (), raw, cells,
                               " ".join(cells))))
    return out


_PAGE_FIRST = "-－—第"  # the first printed character of any line PAGE_NUMBER matches


def _tsv_lines(raws: list[str]) -> list[Line]:
    out: list[Line] = []
    for no, raw in enumerate(raws, 1):
        cells = tuple(map(str.strip, raw.split("\t")))
        filled = tuple(filter(None, cells))
        if filled and filled[0][0] in _PAGE_FIRST and PAGE_NUMBER.match(raw):
            continue
        out.append(_new(Line, (no, cells, True, (), raw, filled, " ".join(filled)) if filled else
                        (no, (), True, (), raw, (), "")))
    return out


def _cell_rows(text: str) -> list[Line]:
    """One cell per line (a tab, then the cell); an empty line ends a row, so empty cells
    (a lone tab) keep their column."""
    out: list[Line] = []
    cells: list[str] = []
    first = 0
    for no, raw in enumerate(file_lines(text) + [""], 1):
        cell = raw.strip()
        if "\t" in raw and (cell or raw[0] == "\t"):
            first = first or no
            cells.append(cell)
            continue
        if cells:
            row = tuple(cells)
            filled = tuple(filter(None, row))
            out.append(_new(Line, (first, row, True, (), "\t".join(row), filled, " ".join(filled))))
            cells, first = [], 0
        if cell:  # a line without its tab: narrative text
            out.append(_new(Line, (no, (cell,), True, (), raw, (cell,), cell)))
    return out


def _marks_blanks_with_spaces(lines: list[str]) -> bool:
    """Extractors that end every cell with a space print an empty cell as two spaces: most printed
    lines end with one. (Counted in C: a line of spaces alone is not printed.)"""
    spaces = list(map(str.isspace, lines))
    printed = len(lines) - lines.count("") - sum(spaces)
    ending = "\n".join([*lines, ""]).count(" \n") - sum(ln.endswith(" ") for ln in compress(lines, spaces))
    return ending > 0.5 * printed


def _gaps(raw: str, cells: tuple[str, ...]) -> tuple[int, ...]:
    """The empty cells the spacing suggests before each cell (none before the first) and after the last."""
    gaps, end = [0], raw.find(cells[0]) + len(cells[0])
    for cell in cells[1:]:
        start = raw.find(cell, end)  # only spaces lie between: the cell's own place
        gaps.append((start - end - 1) // 2)
        end = start + len(cell)
    gaps.append(max(0, (len(raw) - end - 1) // 2))  # trailing empty cells
    return tuple(gaps)


# A cell's kind is asked many times over (segmenting, splitting header from body, labels from
# values): each answer is kept, bounded so that a batch worker's memory stays flat.
@lru_cache(maxsize=65536)
def is_number(cell: str) -> bool:
    return classify(cell)[0] is Status.NUMBER


@lru_cache(maxsize=65536)
def is_amount(cell: str) -> bool:
    """A printed money amount: a number with decimals or thousands separators (a bare
    integer is more often a code, a year or a count)."""
    return is_number(cell) and ("." in cell or "," in cell or "．" in cell or "，" in cell)


LOST = re.compile(r"#{3,}")  # a value lost in export ("#####": the column was too narrow)


@lru_cache(maxsize=65536)
def is_value(cell: str) -> bool:
    """A cell that holds an amount, or one lost in export."""
    return is_amount(cell) or bool(LOST.fullmatch(cell))


_CODE = re.compile(r"\d{3}|\d{5}|\d{7}|\d{6}")


def is_code(cell: str) -> bool:
    return bool(_CODE.fullmatch(cell.strip()))


def one_cell_lines(body: list[Line]) -> bool:
    """A table or form extracted one cell per line (pdftotext without -layout on some PDFs: a column
    of codes, then names and amounts): most lines hold a single word, so no line is a row."""
    lines = [ln for ln in body if ln.filled]
    return len(lines) >= 6 and sum(len(ln.filled) == 1 for ln in lines) * 10 >= len(lines) * 7
