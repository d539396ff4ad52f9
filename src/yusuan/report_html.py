"""A standalone HTML page for one checked document: its tables as printed, every cell that a
finding points at marked (red error, amber warning, grey info) with the message beside it.

Every finding has one place on the page (its home): the cell, the table row or the table it points
at; the 情况说明 paragraph its line falls in (N, and C findings about the narrative); its project's
block (P), with the indicator row it names marked; the 整体绩效 block. The list at the top links
each finding to its home; a finding is listed under its home once, never under another paragraph.
"""
from __future__ import annotations

import bisect
from html import escape

from .catalog.vocabulary import KIND_NAMES
from .model import Document, Indicator
from .report import Finding, Report, Severity

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em} h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0 1em;font-size:.9em}
th,td{border:1px solid #999;padding:2px 6px} th{background:#eee} td.n{text-align:right;font-variant-numeric:tabular-nums}
td.error,tr.error>td{background:#fdd} td.warning,tr.warning>td{background:#fec} td.info,tr.info>td{background:#eee}
td.error{outline:2px solid #c00} td.warning{outline:2px solid #d80} td.info{outline:1px dashed #888}
td[id].error:not(.n){border-left:4px solid #c00} td[id].warning:not(.n){border-left:4px solid #d80}
tr.error>td:first-child{border-left:4px solid #c00} tr.warning>td:first-child{border-left:4px solid #d80}
.finding{margin:.2em 0}.finding .code{font-family:monospace;font-weight:bold}
.error .sev,.sev.error{color:#c00}.warning .sev,.sev.warning{color:#b60}.info .sev,.sev.info{color:#666}
.counts span{margin-right:1.5em} .note{color:#555;font-size:.85em}
p.error{background:#fdd} p.warning{background:#fec} p.info{background:#f4f4f4} :target{outline:2px solid #1a4d8f}
"""
def _sev(findings: list[Finding]) -> Severity | None:
    return min((f.severity for f in findings), key=lambda s: s.rank, default=None)


def _anchor(i: int, code: str | None, col: str | None) -> str:
    return f"t{i}-{code or ''}-{col or ''}".replace(".", "_").replace(":", "_")


def _key(source) -> tuple[int, int]:
    return source.page or 0, source.line or 0


def _in_narrative(f: Finding) -> bool:
    """An N finding, or a C finding about the narrative (numbering), has its home in the 情况说明."""
    return bool(f.source.line) and (f.code[0] == "N" or (f.code[0] == "C" and f.table is None))


def render(doc: Document, report: Report) -> str:
    by_cell: dict[tuple[str, str | None, str | None], list[Finding]] = {}
    narrative: list[Finding] = []
    for f in report.findings:
        if doc.sections and _in_narrative(f):
            narrative.append(f)
        else:
            by_cell.setdefault((f.table or "", f.row, f.column), []).append(f)
    anchors: dict[int, str] = {}
    body = [_tables(doc, by_cell, anchors), _performance(doc, by_cell, anchors), _narrative(doc, narrative, anchors),
            _projects(doc, by_cell, anchors)]
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
    place = f"第{f.source.line}行" if f.source.line else "查看"
    where = f'<a href="#{anchor}">{place}</a>' if anchor else (place if f.source.line else "")
    return (f'<div class="finding {f.severity.value}"><span class="sev">{f.severity.label}</span> '
            f'<span class="code">{f.code}</span> {escape(f.message)} <span class="note">{where}</span></div>')


def _home(found: list[Finding], anchor: str, anchors) -> None:
    for f in found:
        anchors.setdefault(id(f), anchor)


def _td(anchor: str, found: list[Finding], text: str, anchors) -> str:
    if not found:
        return f'<td class="n">{text}</td>'
    _home(found, anchor, anchors)
    tip = escape("\n".join(f"[{f.code}] {f.message}" for f in found))
    return f'<td id="{anchor}" class="n {_sev(found).value}" title="{tip}">{text}</td>'


def _cells(i: int, t, r, cols, by_cell, anchors) -> str:
    out = []
    for col in cols:
        found = by_cell.get((t.kind, r.code, col), []) if r is not None else []
        cell = r.cell(col) if r is not None else None
        out.append(_td(_anchor(i, r.code if r else None, col), found, escape(cell.text) if cell else "", anchors))
    return "".join(out)


def _label_cell(i: int, t, r, by_cell, anchors) -> str:
    if r is None:
        return "<td></td>"
    found = by_cell.get((t.kind, r.code, None), [])
    _home(found, _anchor(i, r.code, None), anchors)
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
        _home(table_findings, f"t{i}", anchors)
        flag = "".join(_finding(f, None) for f in table_findings)
        notes = "".join(f'<p class="note">{escape(n)}</p>' for n in t.notes)
        out.append(f'<h2 id="t{i}">{escape(t.number or "")} {escape(name)}</h2><p class="note">{escape(t.title)}'
                   f'（单位：{escape(t.amount_unit)}）</p>{flag}<table><tr>{head}</tr>{"".join(rows)}</table>{notes}')
    return "".join(out)


def _narrative(doc: Document, found: list[Finding], anchors) -> str:
    """Each paragraph with the findings whose line falls in it: after its first line and before the
    next paragraph's (by page, then line)."""
    if not doc.sections:
        return ""
    order = sorted(range(len(doc.sections)), key=lambda k: _key(doc.sections[k].source))
    starts = [_key(doc.sections[k].source) for k in order]
    own: dict[int, list[Finding]] = {}
    for f in found:
        at = bisect.bisect_right(starts, _key(f.source)) - 1
        own.setdefault(order[max(at, 0)], []).append(f)
    paras = []
    for k, s in enumerate(doc.sections):
        mine = own.get(k, [])
        _home(mine, f"s{k}", anchors)
        cls = f' class="{_sev(mine).value}"' if mine else ""
        notes = "".join(_finding(f, None) for f in mine)
        paras.append(f'<p id="s{k}"{cls}><b>{escape(s.number + s.title)}</b> {escape(s.text)}</p>{notes}')
    return '<h2 id="narrative">情况说明</h2>' + "".join(paras)


def _indicators(prefix: str, indicators: tuple[Indicator, ...], found: list[Finding], anchors) -> str:
    """The indicators as printed; a row a finding's line points at is marked, and is that finding's home."""
    at_line: dict[int, list[Finding]] = {}
    for f in found:
        if f.source.line:
            at_line.setdefault(f.source.line, []).append(f)
    rows = []
    for i in indicators:
        mine = at_line.get(i.source.line or -1, [])
        anchor = f"{prefix}-l{i.source.line}"
        _home(mine, anchor, anchors)
        attrs = f' id="{anchor}" class="{_sev(mine).value}" title="{escape(chr(10).join(f"[{f.code}] {f.message}" for f in mine))}"' \
            if mine else ""
        rows.append(f"<tr{attrs}><td>{escape(i.level1)}</td><td>{escape(i.level2)}</td><td>{escape(i.name)}</td>"
                    f"<td>{escape(i.operator)}</td><td>{escape(i.value)}</td><td>{escape(i.unit)}</td>"
                    f"<td class='n'>{i.weight if i.weight is not None else ''}</td></tr>")
    return ("<table><tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>性质</th><th>指标值</th>"
            f"<th>单位</th><th>权重</th></tr>{''.join(rows)}</table>")


def _block_findings(found: list[Finding], anchor: str, anchors) -> str:
    """A block's findings, all listed under its heading; those not at home in one of its cells or
    indicator rows have the heading as their home."""
    _home([f for f in found if id(f) not in anchors], anchor, anchors)
    return "".join(_finding(f, None) for f in found)


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
    found = [f for (kind, _, _), fs in by_cell.items() if kind == "unit_performance" for f in fs]
    indicators = _indicators("perf", perf.indicators, found, anchors)
    return (f'<h2 id="performance">整体绩效目标</h2><p class="note">单位：{escape(perf.amount_unit)}</p>'
            + _block_findings(found, "performance", anchors)
            + f"<table><tr>{head}</tr><tr>{cells}</tr></table>{indicators}")


def _projects(doc: Document, by_cell, anchors) -> str:
    if not doc.projects:
        return ""
    keys = {p.code or p.name for p in doc.projects}
    whole = [f for (kind, row, _), fs in by_cell.items() if kind == "project_performance" and row not in keys
             for f in fs]  # about all projects together (X113: their total against the budget)
    out = ['<h2 id="projects">项目支出绩效目标</h2>' + _block_findings(whole, "projects", anchors)]
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
        found = [f for (kind, row, _), fs in by_cell.items() if kind == "project_performance" and row == key
                 for f in fs]
        indicators = _indicators(f"p{n}", p.indicators, found, anchors)
        out.append(f'<h3 id="p{n}">{escape(p.code or "")} {escape(p.name)}</h3>'
                   + _block_findings(found, f"p{n}", anchors)
                   + f"<table><tr>{head}</tr><tr>{cells}</tr></table>{indicators}")
    return "".join(out)
