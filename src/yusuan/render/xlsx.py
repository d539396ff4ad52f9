"""The package as an Excel workbook: a cover, one sheet per table as in the official templates,
the 整体 and project performance forms as their own sheets.

Every number keeps the decimals it was printed with (8.5 stays 8.5, not 8.50): a reader of the
workbook must get back exactly the facts it was written from.
"""
from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter

from ..model import Document, Indicator, Performance, Project
from .layout import TableLayout, layouts

_FUND_LABELS = (("total", "合计"), ("basic", "合计"), ("basic.fiscal", "财政拨款"), ("basic.special_account", "专户资金"),
                ("basic.unit_funds", "单位资金"), ("project", "合计"), ("project.fiscal", "财政拨款"),
                ("project.special_account", "专户资金"), ("project.unit_funds", "单位资金"))
# how each funding source is printed as a form field (as the Chongqing templates print them)
_FUNDING_KEYS = {"本级安排": "本级安排（万元）", "上级补助": "上级补助（万元）", "财政拨款": "其中：财政拨款"}
_INDICATOR_HEAD = ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重", "是否核心指标")


def xlsx(doc: Document, template: str | None = None) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    fmt = _Formats(book)
    _cover(book, fmt, doc)
    for layout in layouts(doc, template):
        _table(book, fmt, layout)
    if doc.performance is not None:
        _performance(book, fmt, doc, doc.performance)
    for n, p in enumerate(doc.projects, 1):
        _project(book, fmt, doc, p, n)
    book.close()
    return out.getvalue()


class _Formats:
    def __init__(self, book):
        base = {"font_name": "宋体", "font_size": 10, "border": 1, "valign": "vcenter"}
        self.book = book
        self.title = book.add_format({"font_name": "黑体", "font_size": 16, "bold": True, "align": "center"})
        self.unit = book.add_format({"font_name": "宋体", "font_size": 10, "align": "right"})
        self.head = book.add_format({**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#F2F2F2"})
        self.text = book.add_format({**base, "text_wrap": True})
        self.total = book.add_format({**base, "bold": True})
        self.plain = book.add_format({"font_name": "宋体", "font_size": 10, "text_wrap": True, "valign": "top"})
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
    sheet.write(0, 0, f"{doc.unit.name or ''}{doc.year or ''}年{level}预算", fmt.title)
    sheet.write(1, 0, f"{doc.unit.code or ''}-{doc.unit.name or ''}", fmt.plain)


def _table(book, fmt: _Formats, t: TableLayout) -> None:
    sheet = book.add_worksheet(t.sheet)
    sheet.merge_range(0, 0, 0, max(t.ncols - 1, 1), t.title, fmt.title)
    sheet.write(1, max(t.ncols - 1, 0), f"单位：{t.unit}", fmt.unit)
    top = 2
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
    if t.note:
        sheet.write(row + (0 if t.body else 1), 0, t.note, fmt.plain)
    for c, w in enumerate(widths):
        sheet.set_column(c, c, w)
    sheet.set_paper(9)  # A4
    if t.ncols > 6:
        sheet.set_landscape()
    sheet.repeat_rows(0, top + t.header_rows - 1)
    sheet.fit_to_pages(1, 0)


_FORM_COLS = 9  # a form sheet's width in columns


def _kv(sheet, fmt, row: int, pairs: list[tuple[str, object]]) -> int:
    """Key/value fields on one row. A single text field spans the sheet and wraps inside it
    (text left to overflow its cell prints across its neighbours)."""
    if len(pairs) == 1 and not isinstance(pairs[0][1], Decimal):
        key, value = pairs[0]
        text = str(value or "")
        sheet.write(row, 0, key, fmt.head)
        sheet.merge_range(row, 1, row, _FORM_COLS - 1, text, fmt.text)
        sheet.set_row(row, 14 * max(1, -(-_width(text) // 110)))  # ~110 half-width characters a line
        return row + 1
    col = 0
    for key, value in pairs:
        sheet.write(row, col, key, fmt.head)
        if isinstance(value, Decimal):
            sheet.write_number(row, col + 1, float(value), fmt.number(_decimals(value)))
        else:
            sheet.write(row, col + 1, value if value is not None else "", fmt.text)
        col += 2
    return row + 1


def _indicators(sheet, fmt, row: int, label: str, indicators: tuple[Indicator, ...]) -> int:
    sheet.write(row, 0, label, fmt.head)
    for c, h in enumerate(_INDICATOR_HEAD, 1):
        sheet.write(row, c, h, fmt.head)
    row += 1
    for i in indicators:
        values = (i.level1, i.level2, i.name, i.operator, i.value, i.unit, i.weight,
                  {True: "是", False: "否"}.get(i.core, ""))
        sheet.write_blank(row, 0, None, fmt.text)
        for c, v in enumerate(values, 1):
            if isinstance(v, Decimal):
                sheet.write_number(row, c, float(v), fmt.number(_decimals(v)))
            else:
                sheet.write(row, c, v or "", fmt.text)
        row += 1
    return row


def _performance(book, fmt: _Formats, doc: Document, perf: Performance) -> None:
    sheet = book.add_worksheet("整体绩效目标表")
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 9, 18)
    sheet.set_column(3, 3, 30)
    sheet.merge_range(0, 0, 0, 8, f"{doc.year or ''}年部门（单位）整体支出绩效目标表", fmt.title)
    amounts = dict(perf.amounts)
    unit = perf.unit_field or f"{doc.unit.code or ''}-{doc.unit.name or ''}"
    if perf.amount_unit == "元" or len(amounts) > 1:
        _kv(sheet, fmt, 1, [("预算部门", unit)])
        sheet.write(2, 0, "总体资金情况（元）", fmt.head)
        sheet.write(2, 1, "预算支出总额", fmt.head)
        sheet.merge_range(2, 2, 2, 5, "基本支出", fmt.head)
        sheet.merge_range(2, 6, 2, 9, "项目支出", fmt.head)
        for c, (_, label) in enumerate(_FUND_LABELS[1:], 2):
            sheet.write(3, c, label, fmt.head)
        for c, (key, _) in enumerate(_FUND_LABELS, 1):
            if key in perf.lost:
                sheet.write_string(4, c, "#####", fmt.text)
            elif amounts.get(key) is not None:
                sheet.write_number(4, c, float(amounts[key]), fmt.number(_decimals(amounts[key])))
            else:
                sheet.write_blank(4, c, None, fmt.text)
        row = 5
    else:
        row = _kv(sheet, fmt, 1, [("部门（单位）名称", unit), ("部门支出预算数", amounts.get("total"))])
    row = _kv(sheet, fmt, row, [("整体绩效目标", perf.goal or "")])
    _indicators(sheet, fmt, row, "年度绩效指标", perf.indicators)
    _print(sheet)


def _project(book, fmt: _Formats, doc: Document, p: Project, n: int) -> None:
    sheet = book.add_worksheet(f"项目{n}")
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 8, 16)
    sheet.set_column(1, 1, 30)
    sheet.set_column(3, 3, 30)
    sheet.merge_range(0, 0, 0, 8, f"{doc.year or ''}年项目支出绩效目标表", fmt.title)
    sheet.write(1, 8, "单位：万元", fmt.unit)
    row = _kv(sheet, fmt, 2, [("申报单位", p.unit or f"{doc.unit.code or ''}-{doc.unit.name or ''}"),
                              ("项目编码", p.code or "")])
    row = _kv(sheet, fmt, row, [("项目名称", p.name)])
    row = _kv(sheet, fmt, row, [("项目类型", p.type or ""), ("业务主管部门", p.department or ""),
                                ("联系人", p.contact or ""), ("联系电话", p.phone or "")])
    row = _kv(sheet, fmt, row, [("当年预算（万元）", p.amount)] + [(_FUNDING_KEYS.get(label, label), v)
                                                              for label, v in p.funding])
    for key, value in (("项目概况", p.overview), ("立项依据", p.basis), ("当年实施进度计划", p.schedule),
                       ("当年绩效目标", p.goal)):
        if value is not None:
            row = _kv(sheet, fmt, row, [(key, value)])
    if p.execution_weight is not None:
        row = _kv(sheet, fmt, row, [("预算执行率权重", p.execution_weight)])
    _indicators(sheet, fmt, row, "当年绩效指标", p.indicators)
    _print(sheet)


def _print(sheet) -> None:
    """A4 landscape, one page wide: a form split over two pages cannot be read back."""
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
