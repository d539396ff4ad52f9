"""The package as one self-contained HTML page: title, contents, the 情况说明 draft, every table
drawn as in the official documents, the 整体 and project performance forms.

No external assets: the page is mailed, archived and printed as one file. ``page(…, media="print")``
is its print variant (A4, wide tables on landscape pages, header rows repeated on every page, page
numbers in the footer) for a browser's print; the PDF itself is typeset by Typst (pdf.py).
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
import re
from functools import lru_cache
from html import escape as _escape

from ..model import Document
from .forms import Form, FormCell, forms
from .layout import Header, Line, TableLayout, layouts
from .narrative import heading as package_heading, narrative_html

escape = lru_cache(maxsize=1 << 14)(_escape)  # labels and names recur in every table and form: escaped once
WIDE = 7  # tables with this many columns or more go on a landscape page when printed

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;color:#222;margin:0 auto;
 max-width:1100px;padding:1.5em 2em;line-height:1.6}
h1{font-size:1.7em;text-align:center;margin:.6em 0 .2em} h2{font-size:1.3em;border-bottom:2px solid #444;
 margin-top:2em;padding-bottom:.2em} h3{font-size:1.1em;margin:1.4em 0 .4em} h4{font-size:1em;margin:1em 0 .3em}
.cover{text-align:center;margin-bottom:2em} .cover .meta{color:#555}
nav.toc ol{padding-left:1.5em} nav.toc li{margin:.15em 0} nav.toc a{color:#1a4d8f;text-decoration:none}
nav.toc a:hover{text-decoration:underline}
.narrative p{text-indent:2em;margin:.4em 0} mark.todo{background:#fff3b0;color:#8a5300;padding:0 .15em}
.sheet{margin:2.5em 0} .sheet .number{font-size:.95em;color:#333}
.sheet h3{text-align:center;font-size:1.2em;margin:.2em 0}
.unit{text-align:right;font-size:.9em;margin:.2em 0} .unit.preparer{display:flex;justify-content:space-between}
@media screen{.scroll{overflow-x:auto}}
table{border-collapse:collapse;width:100%;font-size:.88em}
th,td{border:1px solid #555;padding:3px 6px;vertical-align:middle}
th{background:#f0f0f0;font-weight:bold;text-align:center} th span.w{white-space:nowrap}
td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.code{white-space:nowrap;min-width:4.5em} td.name{min-width:9em} tr.total td{font-weight:bold}
p.note{font-size:.9em;color:#333;margin:.3em 0}
table.form th{background:#f6f6f6} table.form td{vertical-align:top}
.perf-form{margin:2em 0}
.perf-form h3{text-align:center}
"""

PRINT_CSS = """
@page{size:A4;margin:18mm 15mm 18mm 15mm;
 @bottom-center{content:"第 " counter(page) " 页 共 " counter(pages) " 页";font-size:9pt;color:#555;
 font-family:"Noto Sans CJK SC",sans-serif}}
@page wide{size:A4 landscape;margin:15mm 15mm 15mm 15mm}
body{max-width:none;padding:0;font-size:10.5pt}
nav.toc a::after{content:leader(".") target-counter(attr(href), page)}
nav.toc{page-break-after:always}
.sheet{page-break-before:always;margin:0} .sheet.wide{page:wide}
.sheet table{font-size:9pt} .sheet.wide table{font-size:8pt}
.sheet.compact table{font-size:7pt;line-height:1.25} .sheet.compact td,.sheet.compact th{padding:1px 4px}
thead{display:table-header-group} tr{page-break-inside:avoid}
h2,h3,h4{page-break-after:avoid}
.perf-form{page-break-before:always;margin:0;page:wide} table.form{font-size:8.5pt}
mark.todo{background:none;border-bottom:1px dashed #8a5300}
"""



def html(doc: Document, template: str | None = None, prior: Document | None = None) -> str:
    return page(doc, template, prior)


def page(doc: Document, template: str | None = None, prior: Document | None = None, media: str = "screen",
         compact: frozenset[int] = frozenset()) -> str:
    """The page; ``compact``: the numbers of the tables to print smaller (see render/pdf.py)."""
    css = CSS + (PRINT_CSS if media == "print" else "")
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(package_heading(doc))}</title><style>{css}</style></head><body>\n"
            + body(doc, template, prior, compact) + "\n</body></html>\n")


def body(doc: Document, template: str | None = None, prior: Document | None = None,
         compact: frozenset[int] = frozenset()) -> str:
    """What the page's <body> holds: the cover, the contents, the 情况说明, the tables and the forms."""
    tables = layouts(doc, template)
    parts = [_cover(doc, package_heading(doc)), _toc(doc, tables), narrative_html(doc, prior),
             '<section class="tables">']
    # the part's heading inside its first sheet: on the page the table starts, never alone at a page foot
    parts += [_sheet(t, n, f'<h2 id="tables">{_tables_heading(doc)}</h2>' if n == 1 else "", n in compact)
              for n, t in enumerate(tables, 1)] or [f'<h2 id="tables">{_tables_heading(doc)}</h2>']
    parts.append("</section>")
    parts.append(_forms(doc))
    return "\n".join(b for b in parts if b)


def _tables_heading(doc: Document) -> str:
    return "决算公开表" if doc.kind == "final_accounts" else "预算公开表"


def _cover(doc: Document, heading: str) -> str:
    unit = " ".join(x for x in (doc.unit.code, doc.unit.name) if x)
    word = "决算" if doc.kind == "final_accounts" else "预算"
    return (f'<header class="cover"><h1>{escape(heading)}</h1>'
            f'<p class="meta">{word}单位：{escape(unit)}　{word}年度：{doc.year or ""}　金额单位：{escape(doc.amount_unit)}</p>'
            "</header>")


def _toc(doc: Document, tables: list[TableLayout]) -> str:
    items = ['<li><a href="#narrative">情况说明</a></li>', f'<li><a href="#tables">{_tables_heading(doc)}</a><ol>']
    items += [f'<li><a href="#t{n}">{escape(t.number)} {escape(t.title)}</a></li>' for n, t in enumerate(tables, 1)]
    items.append("</ol></li>")
    if doc.performance is not None:
        items.append('<li><a href="#performance">整体绩效目标</a></li>')
    if doc.projects:
        items.append('<li><a href="#projects">项目支出绩效目标</a><ol>')
        items += [f'<li><a href="#p{n}">{escape(p.name)}</a></li>' for n, p in enumerate(doc.projects, 1)]
        items.append("</ol></li>")
    return f'<nav class="toc" id="toc"><h2>目录</h2><ol>{"".join(items)}</ol></nav>'


# --- tables -------------------------------------------------------------------------------------------
def _cells(h: Header) -> set[tuple[int, int]]:
    return {(r, c) for r in range(h.row, h.row + h.rowspan) for c in range(h.col, h.col + h.colspan)}


def _filled(t: TableLayout) -> list[Header]:
    """Headers with their rowspans stretched over empty cells below them, so that the grid is
    whole (a leaf header reaches down to the last header row, as the official tables draw it)."""
    return list(_filled_headers(t.header, t.header_rows))


@lru_cache(maxsize=256)  # tables of a kind share their header, within a package and across packages
def _filled_headers(header: tuple[Header, ...], header_rows: int) -> tuple[Header, ...]:
    taken = set().union(*(_cells(h) for h in header))
    out = []
    for h in sorted(header, key=lambda h: (h.row, h.col)):
        below = replace(h, row=h.row + h.rowspan, rowspan=1)
        while below.row < header_rows and not _cells(below) & taken:
            taken |= _cells(below)
            h = replace(h, rowspan=h.rowspan + 1)
            below = replace(below, row=below.row + 1)
        out.append(h)
    return tuple(out)


_TOKEN = re.compile(r"（[^）]*）|\([^)]*\)|[A-Za-z0-9.%]+|.", re.S)


def _breakable(text: str) -> str:
    """A header cell's text that a narrow column wraps between two-character words only (事业 / 收入,
    政府性 / 基金), never leaving one character on a line of its own (事业收 / 入). Each chunk is kept
    whole; a zero-width space between chunks is the only place a line may break."""
    tokens = _TOKEN.findall(text)
    if len(tokens) <= 3:
        return f'<span class="w">{escape(text)}</span>'
    first = 3 if len(tokens) % 2 else 2
    chunks = ["".join(tokens[:first])] + ["".join(tokens[k:k + 2]) for k in range(first, len(tokens), 2)]
    return "&#8203;".join(f'<span class="w">{escape(c)}</span>' for c in chunks)


def _thead(t: TableLayout) -> str:
    return _thead_html(t.header, t.header_rows, t.ncols)


@lru_cache(maxsize=256)  # drawn once per distinct header (see _filled_headers)
def _thead_html(header: tuple[Header, ...], header_rows: int, ncols: int) -> str:
    headers = _filled_headers(header, header_rows)
    start = {(h.row, h.col): h for h in headers}
    covered = set().union(*(_cells(h) for h in headers))
    rows = []
    for r in range(header_rows):
        cells = []
        for c in range(ncols):
            h = start.get((r, c))
            if h is not None:
                span = (f' rowspan="{h.rowspan}"' if h.rowspan > 1 else "") + \
                    (f' colspan="{h.colspan}"' if h.colspan > 1 else "")
                cells.append(f"<th{span}>{_breakable(h.text)}</th>")
            elif (r, c) not in covered:
                cells.append("<th></th>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<thead>{''.join(rows)}</thead>"


def _cell(v, name_col: bool, level: int, code_col: bool) -> str:
    """A label column's cell: the name indented by its level, the code kept on one line."""
    if isinstance(v, Decimal) or not v or not (name_col or code_col):
        return _value(v)
    if name_col:
        indent = f' style="padding-left:{0.4 + 1.2 * (level - 1):.1f}em"' if level > 1 else ""
        return f'<td class="name"{indent}>{escape(v)}</td>'
    return f'<td class="code">{escape(v)}</td>'


def _value(v) -> str:
    """A value column's cell (and a label column's amount or blank): an amount, a blank, or a text (the
    支出 side's 项目 of a two-sided table)."""
    if isinstance(v, Decimal):
        return f'<td class="n">{v:,}</td>'
    return f"<td>{escape(v)}</td>" if v else "<td></td>"


SPILL = 3  # a table whose last page would hold this many of its rows or fewer is printed smaller


def _row(line: Line, t: TableLayout, anchor: str = "") -> str:
    name = 1 if t.label_cols >= 2 else 0  # the name column is indented by level; the code column is not
    labels = [_cell(v, i == name, line.level, i == 0 and t.label_cols >= 2)
              for i, v in enumerate(line.cells[:t.label_cols])]
    cells = "".join(labels + [_value(v) for v in line.cells[t.label_cols:]])
    attrs = (' class="total"' if line.total else "") + (f' id="{anchor}"' if anchor else "")
    return f"<tr{attrs}>{cells}</tr>"


def _tail_anchor(n: int, k: int, rows: int) -> str:
    """The ids by which the PDF finds a table's last row and the row ``SPILL`` rows before it."""
    return f"t{n}-last" if k == rows - 1 else (f"t{n}-keep" if k == rows - 1 - SPILL else "")


def _unit_line(t: TableLayout) -> str:
    """单位：万元 at the right; a 决算 table's 编制单位 at the left of the same line."""
    if t.preparer is None:
        return f'<div class="unit">单位：{escape(t.unit)}</div>'
    return (f'<div class="unit preparer"><span>编制单位：{escape(t.preparer)}</span>'
            f'<span>单位：{escape(t.unit)}</span></div>')


def _sheet(t: TableLayout, n: int, heading: str = "", compact: bool = False) -> str:
    body = "".join(_row(line, t, _tail_anchor(n, k, len(t.body))) for k, line in enumerate(t.body)) \
        or f"<tr>{'<td>&#160;</td>' * t.ncols}</tr>"
    note = f'<p class="note">{escape(t.note)}</p>' if t.note else ""
    wide = " wide" if t.ncols >= WIDE else ""
    small = " compact" if compact else ""
    return (f'<section class="sheet{wide}{small}" id="t{n}" data-kind="{t.kind}">{heading}'
            f'<div class="number">{escape(t.number)}</div>'
            f'<h3>{escape(t.title)}</h3>{_unit_line(t)}'
            f'<div class="scroll"><table>{_thead(t)}<tbody>{body}</tbody></table></div>{note}</section>')


# --- performance forms -----------------------------------------------------------------------------
_LONG = ' class="long"'


def _form(form: Form, heading: str = "") -> str:
    """A performance form: its title, its unit, and one grid (see render/forms.py), drawn cell by
    cell at the columns the grid gives (a column under a cell merged down from above is skipped, an
    empty one drawn empty), so that every row spans the form's whole width."""
    rows, width = [], form.width
    below: dict[int, set[int]] = {}  # row → its columns under a cell merged down from a row above
    for r, cells in enumerate(form.rows):
        at, covered, tds, c = dict(cells), below.pop(r, ()), [], 0
        while c < width:
            cell = None if c in covered else at.get(c)
            if cell is None:  # under a cell merged down (skipped), or blank
                if c not in covered:
                    tds.append("<td></td>")
                c += 1
                continue
            for dr in range(1, cell.rowspan):
                below.setdefault(r + dr, set()).update(range(c, c + cell.colspan))
            tds.append(_form_amount(cell) if isinstance(cell.value, Decimal) else _form_text(cell))
            c += cell.colspan
        rows.append(f"<tr>{''.join(tds)}</tr>")
    unit = f'<div class="unit">{escape(form.unit_note)}</div>' if form.unit_note else ""
    return (f'<section class="perf-form" id="{form.anchor}">{heading}'
            f'<h3>{escape(form.title)}</h3>{unit}<table class="form">{"".join(rows)}</table></section>')


def _span(cell: FormCell) -> str:
    return "" if cell.colspan == cell.rowspan == 1 else (
        (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") +
        (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""))


@lru_cache(maxsize=4096)  # labels and indicator words recur in every form: each cell drawn once
def _form_text(cell: FormCell) -> str:
    tag = "th" if cell.head else "td"
    return f'<{tag}{_span(cell)}{_LONG if cell.long else ""}>{escape(cell.value)}</{tag}>'


def _form_amount(cell: FormCell) -> str:
    """Not kept like a text: equal amounts print differently (5 and 5.00 are one key)."""
    tag = "th" if cell.head else "td"
    return f'<{tag}{_span(cell)} class="n">{cell.value:,}</{tag}>'


def _forms(doc: Document) -> str:
    """The 整体 form, then the projects' forms (each form names its project: no heading of its own,
    which a reader would take for one more row of the table before it). A part's heading goes inside
    its first form, so that it is printed on the page the form starts."""
    parts = []
    for form in forms(doc):
        heading = {"performance": '<h2 id="performance-part">整体绩效目标</h2>',
                   "p1": '<h2 id="projects">项目支出绩效目标</h2>'}.get(form.anchor, "")
        parts.append(_form(form, heading))
    return f'<section class="forms">{"".join(parts)}</section>' if parts else ""
