"""A disclosure's tables printed as a borderless PDF (WeasyPrint), by means independent of the
reader: what a word processor prints for a table without borders."""
from __future__ import annotations

from html import escape
from pathlib import Path

from yusuan.render.layout import layouts


def borderless_html(doc) -> str:
    """The tables printed plainly, as a word processor prints a table without borders: the
    header rows with their merged cells (centred), labels left, amounts right, no rulings,
    cells apart only by space."""
    parts = [f"<p>{escape(doc.unit.name or '')}{doc.year}年部门预算</p>"]
    for layout in layouts(doc):
        rows = []
        for r in range(layout.header_rows):
            cells = sorted((h for h in layout.header if h.row == r), key=lambda h: h.col)
            rows.append("".join(f"<th colspan={h.colspan} rowspan={h.rowspan}>{escape(h.text)}</th>" for h in cells))
        for line in layout.body:
            rows.append("".join(f"<td>{escape(v)}</td>" if isinstance(v, str) else
                                f"<td class=n>{'' if v is None else f'{v:,}'}</td>" for v in line.cells))
        parts.append(f"<p>{escape(layout.title)}</p><p>单位：{layout.unit}</p><table>"
                     + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>")
    css = ("@page{size:A4 landscape;margin:1cm} body{font-family:'Noto Sans CJK SC';font-size:9pt}"
           "td,th{padding:0 6pt;white-space:nowrap;font-weight:normal} th{text-align:center} td.n{text-align:right}"
           "table{border-collapse:collapse;margin-bottom:12pt}")
    return f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{''.join(parts)}</body></html>"


def borderless_pdf(doc, path: Path) -> Path:
    import weasyprint  # a pinned dependency
    weasyprint.HTML(string=borderless_html(doc)).write_pdf(path)
    return path
