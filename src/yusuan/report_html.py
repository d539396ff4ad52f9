"""A standalone HTML page for one checked document: its tables as printed, every cell that a
finding points at marked (red error, amber warning, grey info) with the message beside it."""
from __future__ import annotations

from html import escape

from .catalog.vocabulary import KIND_NAMES
from .model import Document
from .report import Finding, Report, Severity

_LABEL = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em} h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0 1em;font-size:.9em}
th,td{border:1px solid #999;padding:2px 6px} th{background:#eee} td.n{text-align:right;font-variant-numeric:tabular-nums}
td.error{background:#fdd;outline:2px solid #c00} td.warning{background:#fec;outline:2px solid #d80}
td.info{background:#eee;outline:1px dashed #888}
td[id].error:not(.n){border-left:4px solid #c00} td[id].warning:not(.n){border-left:4px solid #d80}
.finding{margin:.2em 0}.finding .code{font-family:monospace;font-weight:bold}
.error .sev,.sev.error{color:#c00}.warning .sev,.sev.warning{color:#b60}.info .sev,.sev.info{color:#666}
.counts span{margin-right:1.5em} .note{color:#555;font-size:.85em} p.marked{background:#fdd}
"""


def _sev(findings: list[Finding]) -> Severity | None:
    return min((f.severity for f in findings), key=_RANK.get, default=None)


def _anchor(i: int, code: str | None, col: str | None) -> str:
    return f"t{i}-{code or ''}-{col or ''}".replace(".", "_").replace(":", "_")


def render(doc: Document, report: Report) -> str:
    by_cell: dict[tuple[str, str | None, str | None], list[Finding]] = {}
    by_line: dict[int, list[Finding]] = {}
    for f in report.findings:
        by_cell.setdefault((f.table or "", f.row, f.column), []).append(f)
        if f.source.line:
            by_line.setdefault(f.source.line, []).append(f)
    anchors: dict[int, str] = {}
    body = [_tables(doc, by_cell, anchors), _performance(doc, by_cell, anchors), _narrative(doc, by_line),
            _projects(doc, by_line, by_cell, anchors)]
    listing = "".join(_finding(f, anchors.get(id(f))) for f in report.findings)
    c = report.counts
    u = doc.unit
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>检查报告：{escape(u.name or doc.file)}</title>
<style>{CSS}</style></head><body>
<h1>检查报告：{escape(u.code or '')} {escape(u.name or '')} {doc.year or ''}年</h1>
<p class="note">{escape(doc.file)}</p>
<p class="counts"><span class="sev error">错误 {c['error']}</span><span class="sev warning">警告 {c['warning']}</span>
<span class="sev info">提示 {c['info']}</span></p>
<h2 id="findings">发现的问题</h2>{listing or '<p>未发现问题。</p>'}
{''.join(body)}
</body></html>"""


def _finding(f: Finding, anchor: str | None) -> str:
    where = f'<a href="#{anchor}">第{f.source.line}行</a>' if anchor else (f"第{f.source.line}行" if f.source.line else "")
    return (f'<div class="finding {f.severity.value}"><span class="sev">{_LABEL[f.severity]}</span> '
            f'<span class="code">{f.code}</span> {escape(f.message)} <span class="note">{where}</span></div>')


def _td(anchor: str, found: list[Finding], text: str, anchors) -> str:
    if not found:
        return f'<td class="n">{text}</td>'
    for f in found:
        anchors.setdefault(id(f), anchor)
    tip = escape("\n".join(f"[{f.code}] {f.message}" for f in found))
    return f'<td id="{anchor}" class="n {_sev(found).value}" title="{tip}">{text}</td>'


def _cells(i: int, t, r, cols, by_cell, anchors) -> str:
    out = []
    for col in cols:
        found = by_cell.get((t.kind, r.code, col), []) if r is not None else []
        cell = r.cell(col) if r is not None else None
        text = escape(cell.text) if cell else ""
        if found:
            a = _anchor(i, r.code, col)
            for f in found:
                anchors.setdefault(id(f), a)
            tip = escape("\n".join(f"[{f.code}] {f.message}" for f in found))
            out.append(f'<td id="{a}" class="n {_sev(found).value}" title="{tip}">{text}</td>')
        else:
            out.append(f'<td class="n">{text}</td>')
    return "".join(out)


def _label_cell(i: int, t, r, by_cell, anchors) -> str:
    if r is None:
        return "<td></td>"
    found = by_cell.get((t.kind, r.code, None), [])
    for f in found:
        anchors.setdefault(id(f), _anchor(i, r.code, None))
    cls = f' class="{_sev(found).value}"' if found else ""
    label = f"{r.code} " if r.code and r.code[0].isdigit() else ""
    return f'<td id="{_anchor(i, r.code, None)}"{cls}>{escape(label + r.name)}</td>'


def _tables(doc: Document, by_cell, anchors) -> str:
    out = []
    for i, t in enumerate(doc.tables):
        name = KIND_NAMES.get(t.kind, t.kind)
        head = "".join(f"<th>{escape(label)}</th>" for label in t.column_labels)
        rows = []
        if any(r.side for r in t.rows):  # two-sided: income | expenditure, line by line as printed
            head = f"<th>收入项目</th><th>预算数</th><th>支出项目</th>{head}"
            lines: dict[int, dict[str, object]] = {}
            for r in t.rows:
                lines.setdefault(r.source.line or 0, {})[r.side or "expenditure"] = r
            for sides in lines.values():
                inc, exp = sides.get("income"), sides.get("expenditure")
                rows.append(f"<tr>{_label_cell(i, t, inc, by_cell, anchors)}{_cells(i, t, inc, ('total',), by_cell, anchors)}"
                            f"{_label_cell(i, t, exp, by_cell, anchors)}{_cells(i, t, exp, t.columns, by_cell, anchors)}</tr>")
        else:
            head = f"<th>科目</th>{head}"
            for r in t.rows:
                rows.append(f"<tr>{_label_cell(i, t, r, by_cell, anchors)}"
                            f"{_cells(i, t, r, t.columns, by_cell, anchors)}</tr>")
        present = {r.code for r in t.rows}
        missing = sorted({row for (kind, row, col) in by_cell if kind == t.kind and row and row not in present})
        for code in missing:  # a row other tables say this one lacks (X103): shown where it belongs
            cells = "".join(_td(_anchor(i, code, col), by_cell.get((t.kind, code, col), []), "", anchors)
                            for col in t.columns)
            pad = "<td></td><td></td><td></td>" if any(r.side for r in t.rows) else ""
            rows.append(f'<tr>{pad}<td class="error">{escape(code)}（表中缺少）</td>{cells}</tr>')
        table_findings = by_cell.get((t.kind, None, None), [])
        for f in table_findings:
            anchors.setdefault(id(f), f"t{i}")
        flag = "".join(_finding(f, None) for f in table_findings)
        notes = "".join(f'<p class="note">{escape(n)}</p>' for n in t.notes)
        out.append(f'<h2 id="t{i}">{escape(t.number or "")} {escape(name)}</h2><p class="note">{escape(t.title)}'
                   f'（单位：{escape(t.amount_unit)}）</p>{flag}<table><tr>{head}</tr>{"".join(rows)}</table>{notes}')
    return "".join(out)


def _narrative(doc: Document, by_line) -> str:
    if not doc.sections:
        return ""
    paras = []
    for s in doc.sections:
        lines = range(s.source.line or 0, (s.source.line or 0) + 1 + s.text.count("。") + 3)
        found = [f for ln in lines for f in by_line.get(ln, []) if f.code.startswith(("N", "C"))]
        cls = ' class="marked"' if any(f.severity is Severity.ERROR for f in found) else ""
        notes = "".join(_finding(f, None) for f in found)
        paras.append(f"<p{cls}><b>{escape(s.number + s.title)}</b> {escape(s.text)}</p>{notes}")
    return '<h2 id="narrative">情况说明</h2>' + "".join(paras)


_FUNDS = (("total", "预算支出总额"), ("basic", "基本支出"), ("basic.fiscal", "其中：财政拨款"),
          ("basic.special_account", "专户资金"), ("basic.unit_funds", "单位资金"), ("project", "项目支出"),
          ("project.fiscal", "其中：财政拨款"), ("project.special_account", "专户资金"), ("project.unit_funds", "单位资金"))
_FUNDING = {"上级资金": "superior_funds", "上级补助": "superior_funds", "本级资金": "local_funds", "本级安排": "local_funds",
            "其他资金": "other_funds", "财政拨款": "fiscal", "政府预算资金": "fiscal"}


def _performance(doc: Document, by_cell, anchors) -> str:
    perf = doc.performance
    if perf is None:
        return ""
    amounts = dict(perf.amounts)
    shown = [(k, label) for k, label in _FUNDS if k in amounts or k in perf.lost]
    head = "".join(f"<th>{label}</th>" for _, label in shown)
    cells = "".join(_td(f"perf-{k}", by_cell.get(("unit_performance", "funds", k), []),
                        "#####" if k in perf.lost else f"{amounts[k]:,}", anchors) for k, _ in shown)
    own = [f for (kind, row, col), fs in by_cell.items() if kind == "unit_performance" and col is None for f in fs]
    return (f'<h2 id="performance">整体绩效目标</h2><p class="note">单位：{escape(perf.amount_unit)}</p>'
            + "".join(_finding(f, None) for f in own)
            + f"<table><tr>{head}</tr><tr>{cells}</tr></table>")


def _projects(doc: Document, by_line, by_cell, anchors) -> str:
    if not doc.projects:
        return ""
    out = ['<h2 id="projects">项目支出绩效目标</h2>']
    for n, p in enumerate(doc.projects):
        key = p.code or p.name
        money = [("total", "当年预算", p.amount)] + [(_FUNDING.get(k, k), k, v) for k, v in p.funding]
        weights = [i.weight for i in p.indicators if i.weight is not None]
        total_weight = sum(weights) + (p.execution_weight or 0) if weights else None
        head = "".join(f"<th>{escape(label)}</th>" for _, label, _ in money) + "<th>权重合计</th>"
        cells = "".join(_td(f"p{n}-{col}", by_cell.get(("project_performance", key, col), []),
                            f"{v:,}" if v is not None else "", anchors) for col, _, v in money)
        cells += _td(f"p{n}-weight", by_cell.get(("project_performance", key, "weight"), []),
                     str(total_weight) if total_weight is not None else "", anchors)
        rows = []
        for i in p.indicators:
            found = by_line.get(i.source.line or -1, [])
            cls = f' class="{_sev(found).value}"' if found else ""
            rows.append(f"<tr{cls}><td>{escape(i.level1)}</td><td>{escape(i.level2)}</td><td>{escape(i.name)}</td>"
                        f"<td>{escape(i.operator)}</td><td>{escape(i.value)}</td><td>{escape(i.unit)}</td>"
                        f"<td class='n'>{i.weight if i.weight is not None else ''}</td></tr>")
        own = [f for (kind, row, col), fs in by_cell.items() if kind == "project_performance" and row == key
               and col is None for f in fs]
        out.append(f"<h3>{escape(p.code or '')} {escape(p.name)}</h3>" + "".join(_finding(f, None) for f in own)
                   + f"<table><tr>{head}</tr><tr>{cells}</tr></table>"
                   + "<table><tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>性质</th><th>指标值</th>"
                   f"<th>单位</th><th>权重</th></tr>{''.join(rows)}</table>")
    return "".join(out)
