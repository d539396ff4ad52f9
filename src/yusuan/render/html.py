"""The package as one self-contained HTML page: title, contents, the 情况说明 draft, every table
drawn as in the official documents, the 整体 and project performance forms.

No external assets: the page is mailed, archived and printed as one file. ``page(…, media="print")``
is the variant WeasyPrint turns into the PDF (A4, wide tables on landscape pages, header rows
repeated on every page, page numbers in the footer).
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from html import escape

from ..model import Document, Indicator, Project
from .layout import Header, Line, TableLayout, layouts
from .narrative import kind_word, narrative_html

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
.unit{text-align:right;font-size:.9em;margin:.2em 0}
@media screen{.scroll{overflow-x:auto}}
table{border-collapse:collapse;width:100%;font-size:.88em}
th,td{border:1px solid #555;padding:3px 6px;vertical-align:middle}
th{background:#f0f0f0;font-weight:bold;text-align:center}
td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.code{white-space:nowrap;min-width:4.5em} td.name{min-width:9em} tr.total td{font-weight:bold}
p.note{font-size:.9em;color:#333;margin:.3em 0}
table.form th{text-align:left;width:9em;background:#f6f6f6}
table.form td.n{text-align:left}
.project{margin:2em 0} .project h3{border-left:4px solid #1a4d8f;padding-left:.5em}
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
thead{display:table-header-group} tr{page-break-inside:avoid}
h2,h3,h4{page-break-after:avoid}
.project{page-break-before:always;margin:0}
section.performance{page-break-before:always}
mark.todo{background:none;border-bottom:1px dashed #8a5300}
"""

_FUNDS = (("basic", "合计"), ("basic.fiscal", "财政拨款"), ("basic.special_account", "专户资金"),
          ("basic.unit_funds", "单位资金"), ("project", "合计"), ("project.fiscal", "财政拨款"),
          ("project.special_account", "专户资金"), ("project.unit_funds", "单位资金"))
_INDICATOR_HEAD = ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重", "是否核心指标")


def html(doc: Document, template: str | None = None, prior: Document | None = None) -> str:
    return page(doc, template, prior)


def page(doc: Document, template: str | None = None, prior: Document | None = None, media: str = "screen") -> str:
    tables = layouts(doc, template)
    name = doc.unit.name or ""
    year = f"{doc.year}年" if doc.year else ""
    heading = f"{name}{year}{kind_word(doc)}预算"
    css = CSS + (PRINT_CSS if media == "print" else "")
    body = [_cover(doc, heading), _toc(doc, tables), narrative_html(doc, prior), '<section id="tables"><h2>预算公开表</h2>']
    body += [_sheet(t, n) for n, t in enumerate(tables, 1)]
    body.append("</section>")
    body += [_performance(doc), _projects(doc)]
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(heading)}</title><style>{css}</style></head><body>\n"
            + "\n".join(b for b in body if b) + "\n</body></html>\n")


def _cover(doc: Document, heading: str) -> str:
    unit = " ".join(x for x in (doc.unit.code, doc.unit.name) if x)
    return (f'<header class="cover"><h1>{escape(heading)}</h1>'
            f'<p class="meta">预算单位：{escape(unit)}　预算年度：{doc.year or ""}　金额单位：{escape(doc.amount_unit)}</p>'
            "</header>")


def _toc(doc: Document, tables: list[TableLayout]) -> str:
    items = ['<li><a href="#narrative">情况说明</a></li>', '<li><a href="#tables">预算公开表</a><ol>']
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
    taken = set().union(*(_cells(h) for h in t.header))
    out = []
    for h in sorted(t.header, key=lambda h: (h.row, h.col)):
        below = replace(h, row=h.row + h.rowspan, rowspan=1)
        while below.row < t.header_rows and not _cells(below) & taken:
            taken |= _cells(below)
            h = replace(h, rowspan=h.rowspan + 1)
            below = replace(below, row=below.row + 1)
        out.append(h)
    return out


def _thead(t: TableLayout) -> str:
    headers = _filled(t)
    start = {(h.row, h.col): h for h in headers}
    covered = set().union(*(_cells(h) for h in headers))
    rows = []
    for r in range(t.header_rows):
        cells = []
        for c in range(t.ncols):
            h = start.get((r, c))
            if h is not None:
                span = (f' rowspan="{h.rowspan}"' if h.rowspan > 1 else "") + \
                    (f' colspan="{h.colspan}"' if h.colspan > 1 else "")
                cells.append(f"<th{span}>{escape(h.text)}</th>")
            elif (r, c) not in covered:
                cells.append("<th></th>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<thead>{''.join(rows)}</thead>"


def _cell(v, name_col: bool, level: int, code_col: bool) -> str:
    if isinstance(v, Decimal):
        return f'<td class="n">{v:,}</td>'
    if v is None or v == "":
        return "<td></td>"
    if name_col:
        indent = f' style="padding-left:{0.4 + 1.2 * (level - 1):.1f}em"' if level > 1 else ""
        return f'<td class="name"{indent}>{escape(v)}</td>'
    return f'<td class="code">{escape(v)}</td>' if code_col else f"<td>{escape(v)}</td>"


def _row(line: Line, t: TableLayout) -> str:
    name = 1 if t.label_cols >= 2 else 0  # the name column is indented by level; the code column is not
    cells = "".join(_cell(v, i == name and t.label_cols > 0, line.level, i == 0 and t.label_cols >= 2)
                    for i, v in enumerate(line.cells))
    return f'<tr class="total">{cells}</tr>' if line.total else f"<tr>{cells}</tr>"


def _sheet(t: TableLayout, n: int) -> str:
    body = "".join(_row(line, t) for line in t.body) or f"<tr>{'<td>&#160;</td>' * t.ncols}</tr>"
    note = f'<p class="note">{escape(t.note)}</p>' if t.note else ""
    wide = " wide" if t.ncols >= WIDE else ""
    return (f'<section class="sheet{wide}" id="t{n}" data-kind="{t.kind}"><div class="number">{escape(t.number)}</div>'
            f'<h3>{escape(t.title)}</h3><div class="unit">单位：{escape(t.unit)}</div>'
            f'<div class="scroll"><table>{_thead(t)}<tbody>{body}</tbody></table></div>{note}</section>')


# --- performance forms -----------------------------------------------------------------------------
def _money(v: Decimal | None) -> str:
    return f"{v:,}" if v is not None else ""


def _indicators(indicators: tuple[Indicator, ...]) -> str:
    """The indicator table, 一级 and 二级 merged down over the rows that share them."""
    if not indicators:
        return '<p class="note">（无绩效指标）</p>'
    head = "".join(f"<th>{h}</th>" for h in _INDICATOR_HEAD)
    spans: list[dict[int, int]] = [{}, {}]
    for depth, key in enumerate((lambda i: (i.level1,), lambda i: (i.level1, i.level2))):
        start = 0
        for k in range(1, len(indicators) + 1):
            if k == len(indicators) or key(indicators[k]) != key(indicators[start]):
                spans[depth][start] = k - start
                start = k
    rows = []
    for k, i in enumerate(indicators):
        cells = ""
        for depth, text in enumerate((i.level1, i.level2)):
            if k in spans[depth]:
                span = f' rowspan="{spans[depth][k]}"' if spans[depth][k] > 1 else ""
                cells += f"<td{span}>{escape(text)}</td>"
        core = {True: "是", False: "否"}.get(i.core, "")
        weight = i.weight if i.weight is not None else ""
        cells += (f"<td>{escape(i.name)}</td><td>{escape(i.operator)}</td><td>{escape(i.value)}</td>"
                  f'<td>{escape(i.unit)}</td><td class="n">{weight}</td><td>{core}</td>')
        rows.append(f"<tr>{cells}</tr>")
    return f"<table class=\"indicators\"><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _performance(doc: Document) -> str:
    perf = doc.performance
    if perf is None:
        return ""
    amounts = dict(perf.amounts)
    shown = lambda k: "#####" if k in perf.lost else _money(amounts.get(k))  # noqa: E731
    split = [(k, label) for k, label in _FUNDS if k in amounts or k in perf.lost]
    if split:
        basic = [x for x in split if x[0].startswith("basic")]
        project = [x for x in split if x[0].startswith("project")]
        head = ('<tr><th rowspan="2">预算支出总额</th>'
                + (f'<th colspan="{len(basic)}">基本支出</th>' if basic else "")
                + (f'<th colspan="{len(project)}">项目支出</th>' if project else "") + "</tr><tr>"
                + "".join(f"<th>{label}</th>" for _, label in basic + project) + "</tr>")
        values = "".join(f'<td class="n">{shown(k)}</td>' for k, _ in [("total", "")] + basic + project)
        funds = f"<table><thead>{head}</thead><tbody><tr>{values}</tr></tbody></table>"
    else:
        funds = f'<table class="form"><tr><th>预算支出总额</th><td class="n">{shown("total")}</td></tr></table>'
    unit = perf.unit_field or " ".join(x for x in (doc.unit.code, doc.unit.name) if x)
    return (f'<section class="performance" id="performance"><h2>整体绩效目标</h2>'
            f'<h3>{escape(doc.unit.name or "")}{doc.year or ""}年整体支出绩效目标表</h3>'
            f'<table class="form"><tr><th>预算单位</th><td>{escape(unit)}</td></tr></table>'
            f'<div class="unit">单位：{escape(perf.amount_unit)}</div>{funds}'
            f'<h4>整体绩效目标</h4><p>{escape(perf.goal or "")}</p>'
            f"<h4>绩效指标</h4>{_indicators(perf.indicators)}</section>")


def _project(p: Project, n: int) -> str:
    fields = [("项目编码", p.code), ("项目名称", p.name), ("项目类型", p.type), ("申报单位", p.unit),
              ("业务主管部门", p.department), ("联系人", p.contact), ("联系电话", p.phone)]
    rows = [f"<tr><th>{k}</th><td>{escape(v)}</td></tr>" for k, v in fields if v]
    rows.append(f'<tr><th>当年预算（万元）</th><td class="n">{_money(p.amount)}</td></tr>')
    rows += [f'<tr><th>{escape(k)}</th><td class="n">{_money(v)}</td></tr>' for k, v in p.funding]
    if p.execution_weight is not None:
        rows.append(f'<tr><th>预算执行率权重</th><td class="n">{p.execution_weight}</td></tr>')
    texts = "".join(f"<h4>{k}</h4><p>{escape(v)}</p>" for k, v in (
        ("项目概况", p.overview), ("立项依据", p.basis), ("当年实施进度计划", p.schedule), ("当年绩效目标", p.goal)) if v)
    return (f'<section class="project" id="p{n}"><h3>{escape(p.name)}</h3>'
            f'<table class="form">{"".join(rows)}</table>{texts}<h4>绩效指标</h4>{_indicators(p.indicators)}</section>')


def _projects(doc: Document) -> str:
    if not doc.projects:
        return ""
    return ('<section id="projects"><h2>项目支出绩效目标</h2>'
            + "".join(_project(p, n) for n, p in enumerate(doc.projects, 1)) + "</section>")
