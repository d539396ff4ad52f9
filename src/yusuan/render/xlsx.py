"""The package as an Excel workbook: a cover, the 情况说明 draft, one sheet per table as in the
official templates, the 整体 and project performance forms as their own sheets.

Every number keeps the decimals it was printed with (8.5 stays 8.5, not 8.50): a reader of the
workbook must get back exactly the facts it was written from.
"""
from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter

from ..model import Document
from .forms import Form, forms
from .layout import TableLayout, layouts
from .narrative import kind_word, paragraphs, title

NARRATIVE_WIDTH = 60  # the 情况说明 sheet's one column, in Excel's width units: A4 portrait without scaling
TITLE_SCALE = 16 / 10  # a title's characters (16 pt) against the body's (10 pt)


def xlsx(doc: Document, template: str | None = None, prior: Document | None = None) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    fmt = _Formats(book)
    _cover(book, fmt, doc)
    _narrative(book, fmt, doc, prior)
    for layout in layouts(doc, template):
        _table(book, fmt, layout)
    for form in forms(doc):
        _form(book, fmt, form)
    book.close()
    return out.getvalue()


class _Formats:
    def __init__(self, book):
        base = {"font_name": "宋体", "font_size": 10, "border": 1, "valign": "vcenter"}
        self.book = book
        self.title = book.add_format({"font_name": "黑体", "font_size": 16, "bold": True, "align": "center"})
        self.wrapped_title = book.add_format({"font_name": "黑体", "font_size": 16, "bold": True, "align": "center",
                                              "text_wrap": True, "valign": "vcenter"})
        self.unit = book.add_format({"font_name": "宋体", "font_size": 10, "align": "right"})
        self.head = book.add_format({**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#F2F2F2"})
        self.text = book.add_format({**base, "text_wrap": True})
        self.total = book.add_format({**base, "bold": True})
        self.plain = book.add_format({"font_name": "宋体", "font_size": 10, "text_wrap": True, "valign": "top"})
        self.heading = book.add_format({"font_name": "黑体", "font_size": 11, "bold": True, "text_wrap": True})
        self._numbers: dict[tuple[int, bool], object] = {}
        self._indents: dict[int, object] = {}

    def number(self, decimals: int, bold: bool = False):
        key = (decimals, bold)
        if key not in self._numbers:
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            self._numbers[key] = self.book.add_format({"font_name": "宋体", "font_size": 10, "border": 1,
                                                       "num_format": pattern, "bold": bold, "align": "right"})
        return self._numbers[key]

    def indent(self, level: int):
        if level not in self._indents:
            self._indents[level] = self.book.add_format({"font_name": "宋体", "font_size": 10, "border": 1,
                                                         "indent": max(level - 1, 0)})
        return self._indents[level]


def _decimals(v: Decimal) -> int:
    exp = v.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _cover(book, fmt: _Formats, doc: Document) -> None:
    sheet = book.add_worksheet("封面")
    sheet.set_column(0, 0, 60)
    level = "部门" if (doc.unit.code or "").endswith("001") or len(doc.unit.code or "") == 3 else "单位"
    if doc.kind == "final_accounts":
        sheet.write(0, 0, f"{doc.unit.name or ''}{doc.year or ''}年度{kind_word(doc)}决算", fmt.title)
    else:
        sheet.write(0, 0, f"{doc.unit.name or ''}{doc.year or ''}年{level}预算", fmt.title)
    sheet.write(1, 0, f"{doc.unit.code or ''}-{doc.unit.name or ''}", fmt.plain)


def _lines(text: str, width: float, scale: float = 1.0) -> int:
    """How many printed lines ``text`` takes in a cell ``width`` units wide (wrapped), with room to
    spare: a printer's substitute for 宋体 may set the characters wider."""
    return max(1, -(-int(_width(text) * scale * 1.15) // max(int(width) - 2, 1)))


def _narrative(book, fmt: _Formats, doc: Document, prior: Document | None) -> None:
    """The 情况说明 draft: a heading or a paragraph a row, wrapped in one wide column, A4 portrait."""
    sheet = book.add_worksheet("情况说明")
    sheet.set_column(0, 0, NARRATIVE_WIDTH)
    heading = title(doc)
    name = doc.unit.name or ""
    if _lines(heading, NARRATIVE_WIDTH, TITLE_SCALE) > 1 and heading.startswith(name):  # the unit, then the rest
        heading = f"{name}\n{heading[len(name):]}"
    sheet.write(0, 0, heading, fmt.wrapped_title)
    sheet.set_row(0, 22 * sum(_lines(part, NARRATIVE_WIDTH, TITLE_SCALE) for part in heading.split("\n")))
    for r, p in enumerate(paragraphs(doc, prior), 2):
        sheet.write_string(r, 0, p.text, fmt.heading if p.level else fmt.plain)
        sheet.set_row(r, 14 * _lines(p.text, NARRATIVE_WIDTH))
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)


def _table(book, fmt: _Formats, t: TableLayout) -> None:
    sheet = book.add_worksheet(t.sheet)
    top = 0
    if t.preparer is not None:  # 决算: the number above the title, 编制单位 beside 单位
        sheet.write(0, 0, t.number, fmt.plain)
        top = 1
    sheet.merge_range(top, 0, top, max(t.ncols - 1, 1), t.title, fmt.title)
    if t.preparer is not None:
        sheet.write(top + 1, 0, f"编制单位：{t.preparer}", fmt.plain)
    sheet.write(top + 1, max(t.ncols - 1, 1 if t.preparer is not None else 0), f"单位：{t.unit}", fmt.unit)
    top += 2
    for h in t.header:
        r, c = top + h.row, h.col
        if h.rowspan > 1 or h.colspan > 1:
            sheet.merge_range(r, c, r + h.rowspan - 1, c + h.colspan - 1, h.text, fmt.head)
        else:
            sheet.write(r, c, h.text, fmt.head)
    widths = [8] * t.ncols
    for h in t.header:
        if h.colspan == 1:
            widths[h.col] = max(widths[h.col], min(_width(h.text) + 2, 20))
    row = top + t.header_rows
    for line in t.body:
        for c, v in enumerate(line.cells):
            if isinstance(v, Decimal):
                sheet.write_number(row, c, float(v), fmt.number(_decimals(v), line.total))
                widths[c] = max(widths[c], len(f"{v:,}") + 2)
            elif v:
                style = fmt.total if line.total else (fmt.indent(line.level) if c == t.label_cols - 1 and line.level
                                                      else fmt.text)
                sheet.write_string(row, c, v, style)
                widths[c] = max(widths[c], min(_width(v) + 2 + 2 * max(line.level - 1, 0), 50))
            else:
                sheet.write_blank(row, c, None, fmt.text)
        row += 1
    if t.note:  # across the table: in one narrow cell it would be cut ("本单位无该项收")
        at = row + (0 if t.body else 1)
        sheet.merge_range(at, 0, at, max(t.ncols - 1, 1), t.note, fmt.plain)
        sheet.set_row(at, 14 * _lines(t.note, sum(widths[:max(t.ncols, 2)])))
    short = _width(t.title) * TITLE_SCALE + 4 - sum(widths)  # the title is merged across: widen, never clip
    if short > 0:
        widths[t.label_cols - 1 if t.label_cols else 0] += short
    for c, w in enumerate(widths):
        sheet.set_column(c, c, w)
    sheet.set_paper(9)  # A4
    if t.ncols > 6:
        sheet.set_landscape()
    sheet.repeat_rows(0, top + t.header_rows - 1)
    sheet.fit_to_pages(1, 0)


def _form(book, fmt: _Formats, form: Form) -> None:
    sheet, last = book.add_worksheet(form.sheet), form.width - 1
    sheet.set_column(0, last, 16)
    sheet.set_column(1, 1, 30)
    sheet.set_column(3, 3, 30)
    sheet.merge_range(0, 0, 0, last, form.title, fmt.title)
    top = 1
    if form.unit_note:
        sheet.write(1, last, form.unit_note, fmt.unit)
        top = 2
    for r, cells in enumerate(form.rows, top):
        for c, cell in cells:
            style = fmt.head if cell.head else fmt.text
            if isinstance(cell.value, Decimal):
                style = fmt.number(_decimals(cell.value))
            if cell.colspan > 1 or cell.rowspan > 1:
                sheet.merge_range(r, c, r + cell.rowspan - 1, c + cell.colspan - 1, "", style)
            if isinstance(cell.value, Decimal):
                sheet.write_number(r, c, float(cell.value), style)
            elif cell.value:
                sheet.write_string(r, c, cell.value, style)
            else:
                sheet.write_blank(r, c, None, style)
            if cell.long:  # text left to overflow its cell prints across its neighbours: wrap it
                sheet.set_row(r, 14 * max(1, -(-_width(cell.value) // 110)))  # ~110 half-width characters a line
    _print(sheet)


def _print(sheet) -> None:
    """A4 landscape, one page wide: a form split over two pages cannot be read back."""
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
