"""Office files (XLSX/XLS workbooks, DOCX documents) → the lines the text pipeline reads.

The readers (xlsx.py, docx.py) turn every sheet or Word table into positioned rows of cells,
exactly the shape of a tab-separated text seed (a merged cell: its text in the first cell, ""
in the others), and remember where each line came from (a ``Place``). The pipeline then runs as
for text, numbering lines 1, 2, 3… across the whole file, and makes the tables' Sources at their
sheets (or Word tables) and cells (``Sheets``); ``relocate`` finally points every other Source there.

A file whose container cannot be opened (a truncated ZIP, a password, a Word 97 .doc, a ZIP of
something else, damaged XML) raises UnreadableError naming the file (the CLI: exit 2).
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from lxml import etree
from python_calamine import CalamineError

from ..model import Document, Source
from ..model.frozen import changed
from .document import UnreadableError, _with, read_lines, with_sources
from .limits import DEFAULT, Limits
from .lines import Line
from .package import Package

# What a damaged container raises while it is opened and walked (the pipeline's own errors are
# not caught here: a bug must not be reported as a damaged file).
DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, KeyError, ValueError, IndexError,
           OSError, UnicodeDecodeError, NotImplementedError, RuntimeError, etree.XMLSyntaxError, CalamineError)



def parse_xml(data: bytes):
    """A package part's XML: no entities resolved, nothing fetched (a parser per call: lxml
    parsers are not to be shared between threads)."""
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True))

_NEWLINE = re.compile(r"\s*\n\s*")


class Place(NamedTuple):
    """Where a line was printed."""

    sheet: str | None  # the sheet's name, ``表N`` for the N-th Word table, None for a paragraph
    line: int  # the row in the sheet or table (1-based), or the paragraph's ordinal
    first: int = 0  # the column (0-based) of the line's first cell
    word: bool = False  # a Word table: cells are named R{row}C{col}

    def ref(self, index: int) -> str | None:
        """The reference of the line's ``index``-th cell: ``C12`` in a sheet, ``R3C2`` in a Word table."""
        if self.sheet is None:
            return None
        col = self.first + index
        return f"R{self.line}C{col + 1}" if self.word else f"{letters(col)}{self.line}"


@lru_cache(maxsize=1024)
def letters(col: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


def unreadable(file: str, zh: str, en: str, error: BaseException | None = None) -> UnreadableError:
    why = f" ({type(error).__name__}: {error})" if error is not None and str(error) else ""
    return UnreadableError(f"{zh} / {en}: {file}{why}")


def damaged(file: str, error: BaseException) -> UnreadableError:
    return unreadable(file, "文件已损坏或不完整，无法打开", "damaged or truncated file", error)


def flat(text: str) -> str:
    """A cell's text on one line: a wrapped CJK name is rejoined without a space (as the PDF
    reader rejoins wrapped names), Latin words keep one."""
    text = text.strip()
    if "\n" not in text and "\r" not in text:
        return text
    return _NEWLINE.sub(lambda m: "" if _cjk(text, m.start() - 1) or _cjk(text, m.end()) else " ",
                        text.replace("\r", "\n"))


_SENTENCE_END = tuple("。；：！？…")


def paragraphs(text: str) -> list[str] | None:
    """A cell that holds paragraphs of prose (a sheet of narrative: each paragraph ended by Alt+Enter)
    → its paragraphs, to be read as lines as a printed page shows them; None for a cell whose line
    breaks only wrap a name or a title (two lines, the first not ending a sentence), which ``flat``
    rejoins."""
    pieces = [p.strip() for p in text.replace("\r", "\n").split("\n")]
    pieces = [p for p in pieces if p]
    if len(pieces) < 2 or (len(pieces) == 2 and not pieces[0].endswith(_SENTENCE_END)):
        return None
    return pieces


def _cjk(text: str, i: int) -> bool:
    return 0 <= i < len(text) and ord(text[i]) > 0x2E7F


# ---------------------------------------------------------------------------------------------
def read_zip(raw: bytes, file: str, limits: Limits = DEFAULT) -> Document:
    """A ZIP container: XLSX (``xl/workbook.xml``), XLSB, or DOCX (``word/document.xml``), its parts
    read within ``limits`` (``package.py``)."""
    try:
        package = Package(zipfile.ZipFile(io.BytesIO(raw)), file, limits, raw)
    except DAMAGED as e:
        raise damaged(file, e) from e
    names = package.names
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        from .xlsx import read_workbook
        return read_workbook(raw, file, package, limits)
    if "word/document.xml" in names:
        from .docx import read_docx
        return read_docx(package, file)
    if "EncryptedPackage" in names:
        raise unreadable(file, "文件有密码保护，请去掉密码后再读取", "password-protected file, remove the password first")
    raise unreadable(file, "压缩包里既不是 Excel 工作簿也不是 Word 文档", "a ZIP archive that is neither an XLSX "
                     "workbook nor a DOCX document")


def _has_stream(raw: bytes, name: str) -> bool:
    """An OLE (compound file) directory names its streams in UTF-16."""
    return name.encode("utf-16-le") in raw


def read_ole(raw: bytes, file: str, limits: Limits = DEFAULT) -> Document:
    """An OLE compound file: an encrypted OOXML package, a Word 97 .doc, or an Excel 97 .xls."""
    if _has_stream(raw, "EncryptionInfo") or _has_stream(raw, "EncryptedPackage"):
        raise unreadable(file, "文件有密码保护，请去掉密码后再读取", "password-protected file, remove the password first")
    if _has_stream(raw, "WordDocument"):
        raise unreadable(file, "暂不支持 Word 97-2003（.doc）文件，请另存为 .docx", "Word 97-2003 .doc files are not "
                         "supported, save the file as .docx")
    if _has_stream(raw, "Workbook") or _has_stream(raw, "Book"):
        from .xlsx import read_workbook
        return read_workbook(raw, file, None, limits)
    raise unreadable(file, "不是 Excel 或 Word 文件（OLE 复合文档）", "an OLE compound file that is neither a workbook "
                     "nor a Word document")


# ---------------------------------------------------------------------------------------------
def read_placed(lines: list[Line], places: dict[int, Place], file: str, fmt: str, findings=()) -> Document:
    """Run the pipeline on the lines (numbered 1… across the file), its tables' sources made at their
    sheets and cells, then point the other sources there. ``fmt`` is the Document's layout (``xlsx``,
    ``xls``, ``docx``)."""
    sheets: dict[str, None] = {}  # in order
    starts = []  # the lines that begin a sheet or a Word table
    previous = None
    for no, p in places.items():  # (in line order)
        if p.sheet != previous:
            if p.sheet is not None:
                sheets[p.sheet] = None
                if no - 1 in places:
                    starts.append(no)
            previous = p.sheet
    texts = {ln.no: ln.cells for ln in lines}
    where = Sheets(file, places, texts)
    doc = read_lines(lines, "tsv", file, starts=frozenset(starts), sheets=where)
    doc = replace(doc, layout=fmt, findings=tuple(findings) + doc.findings, sheets=tuple(sheets))
    return relocate(doc, where)


class Spots:
    """A row's line: its values' cells found by their texts, left to right after the row's name (a
    two-sided table prints an income and an expenditure row on one line)."""

    __slots__ = ("sheets", "line", "cells", "start", "pos")

    def __init__(self, sheets: Sheets, line: int, name: str):
        name = name.strip()
        self.sheets, self.line, self.cells = sheets, line, sheets.texts[line]
        self.start = _find(self.cells, name, 0) if name else None  # the name's cell
        self.pos = 0 if self.start is None else self.start + 1

    def index(self, text: str) -> int | None:
        """The next cell that prints ``text`` (else the first that does)."""
        j = _find(self.cells, text, self.pos)
        if j is None:
            return _find(self.cells, text, 0)
        self.pos = j + 1
        return j

    def source(self, table: str | None, row: str | None, column: str | None, text: str) -> Source:
        """The Source of the row's next value, ``text``."""
        return self.sheets.source(self.line, table, row, column, self.index(text))


class Sheets:
    """Where each line of the pipeline was printed and its cells' texts: the pipeline makes a table's
    sources with it (``place.py``, ``items_as_rows.py``) at their sheets and cells, and ``relocate``
    moves the other records' sources after it, by the same rules."""

    def __init__(self, file: str, places: dict[int, Place], texts: dict[int, tuple[str, ...]]):
        self.file, self.places, self.texts = file, places, texts
        self.firsts: dict[int, str | None] = {}  # line → the reference of its first printed cell (many sources ask)
        # id(a Source made here) → the fields of the Source the pipeline would have made at the line, for
        # the findings made with it (relocate), and the Source itself, kept so that its id stays its own
        self.made: dict[int, tuple[tuple, Source]] = {}

    def first(self, line: int, place: Place) -> str | None:
        if line not in self.firsts:
            cells = self.texts.get(line, ())
            text = next(filter(None, cells), None)
            self.firsts[line] = None if text is None else place.ref(cells.index(text))
        return self.firsts[line]

    def row(self, line: int, name: str) -> Spots | None:
        """The row's line, to find its values' cells in; None when the line was not printed in a sheet."""
        return Spots(self, line, name) if line in self.texts and line in self.places else None

    def source(self, line: int, table: str | None, row: str | None = None, column: str | None = None,
               index: int | None = None) -> Source:
        """The Source of the ``line``'s ``index``-th cell (None: its first printed cell)."""
        place = self.places.get(line)
        if place is None:
            return Source(self.file, line, None, table, row, column)
        src = Source(self.file, place.line, None, table, row, column, place.sheet,
                     self.first(line, place) if index is None else place.ref(index))
        self.made[id(src)] = ((line, table, row, column), src)
        return src

    def printing(self, line: int, text: str, table: str | None, row: str | None, column: str | None) -> Source:
        """The Source of the ``line``'s first cell that prints ``text`` (its first printed cell if none does):
        a value printed on a line of its own (a “三公” table's items down the sheet)."""
        cells = self.texts.get(line, ())
        return self.source(line, table, row, column, cells.index(text) if text in cells else None)

    def line(self, src: Source) -> int | None:
        """The pipeline's line of a Source made here."""
        made = self.made.get(id(src))
        return None if made is None else made[0][0]


def relocate(doc: Document, where: Sheets) -> Document:
    """Every Source the pipeline made at its line (``line``: the pipeline's line number) → its sheet, row
    and line's first printed cell; the tables' were made there (``where``: the Sheets they were made with).
    A finding made with a table's source at its line (``place._said``) takes that source as made there."""
    places, file, made = where.places, where.file, where.made
    by_old: dict[tuple, Source] = {}  # made only if a finding asks

    def at(src: Source) -> Source:  # at its line's first printed cell
        place = places.get(src.line)
        return src if place is None else _moved(src, place, where.first(src.line, place))

    def finding(f):
        s = f.source
        if s.sheet or id(s) in made:  # (a Word paragraph's place has no sheet: a table's source made there)
            return f
        if not by_old:  # each cell's and row's source, by the source the pipeline would have made
            for t in doc.tables:  # equal sources: the last one, as a dict filled in order keeps
                for r in t.rows:
                    for c in r.cells:
                        if (m := made.get(id(c.source))) is not None:
                            by_old[m[0]] = c.source
                    if (m := made.get(id(r.source))) is not None:
                        by_old[m[0]] = r.source
        new = by_old.get((s.line, s.table, s.row, s.column)) \
            if s.file == file and s.page is None and s.cell is None else None
        return _with(f, source=new or at(s))

    return with_sources(doc, at, None, finding)


def _moved(src: Source, place: Place, ref: str | None) -> Source:
    """``src`` at the place's sheet and row, in the cell ``ref``."""
    return changed(src, {"line": place.line, "sheet": place.sheet, "cell": ref})


def _find(cells: tuple[str, ...], text: str, start: int) -> int | None:
    try:
        return cells.index(text, start)
    except ValueError:
        return None
