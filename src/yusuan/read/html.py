"""A web page (a 预算说明 published as HTML, a portal's 部门预算公开 page) → lines of cells.

Its text blocks (paragraphs, headings, list items, line breaks) are lines of one cell, in
document order; each ``<table>`` row is a positioned line, a cell spanning columns keeping its
text in its first column and "" in the others (as a workbook's merged cell), a cell spanning rows
"" in the rows below. Scripts, styles and navigation are not read. The rest is the pipeline every
format shares (read_lines).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..model import Document
from .lines import Line, line

_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "section", "article", "td",
                     "th", "tr", "title", "dt", "dd", "blockquote", "pre"})
_SKIP = frozenset({"script", "style", "noscript", "nav", "header", "footer", "head", "select", "button", "iframe"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")


def read_html(raw: bytes, file: str) -> Document:
    from lxml import etree, html as lhtml

    from .document import UnreadableError, read_lines
    try:
        root = lhtml.document_fromstring(_decode(raw))
    except (etree.ParserError, ValueError) as e:
        raise UnreadableError(f"网页无法解析 / the HTML page cannot be parsed: {file} ({e})") from e
    lines: list[Line] = []
    body = root.find("body")
    _walk(body if body is not None else root, lines)
    text = "\n".join(ln.raw for ln in lines)
    try:
        return replace(read_lines(lines, "tsv", file, text), layout="html")
    except UnreadableError as e:
        raise UnreadableError(f"网页（HTML）中没有预算表，也没有预算、决算的说明文字 / an HTML page with no budget "
                              f"table and no budget narrative: {file}") from e


_CHARSET = re.compile(rb"charset=[\"']?([A-Za-z0-9_-]+)", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")


def _decode(raw: bytes) -> str:
    """The page as text: its declared charset, else UTF-8, else GB18030 (Chinese government sites use both)."""
    declared = _CHARSET.search(raw[:4096])
    for encoding in ([declared.group(1).decode("ascii")] if declared else []) + ["utf-8-sig", "gb18030"]:
        try:
            return _XML_DECL.sub("", raw.decode(encoding))
        except (LookupError, UnicodeDecodeError):
            continue
    return _XML_DECL.sub("", raw.decode("utf-8", errors="replace"))


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _walk(el, lines: list[Line]) -> None:
    """Text blocks in order, tables row by row."""
    buffer: list[str] = []

    def flush():
        for piece in "".join(buffer).split("\n"):
            t = _clean(piece)
            if t:
                lines.append(line(len(lines) + 1, (t,), True, raw=t))
        buffer.clear()

    def visit(node):
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP:
            if node.tail:
                buffer.append(node.tail)
            return
        if tag == "table":
            flush()
            _table(node, lines)
        else:
            if tag in _BLOCKS:
                buffer.append("\n")
            if node.text:
                buffer.append(node.text)
            for child in node:
                visit(child)
            if tag in _BLOCKS:
                buffer.append("\n")
        if node.tail:
            buffer.append(node.tail)

    visit(el)
    flush()


def _table(table, lines: list[Line]) -> None:
    below: dict[int, int] = {}  # column → rows a cell above still spans
    for tr in table.iter("tr"):
        cells: list[str] = []
        col = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            while below.get(col, 0) > 0:  # a cell from a row above spans here
                below[col] -= 1
                cells.append("")
                col += 1
            span = _int(td.get("colspan"))
            down = _int(td.get("rowspan"))
            cells.append(_clean(td.text_content()))
            cells.extend([""] * (span - 1))
            for k in range(col, col + span):
                if down > 1:
                    below[k] = down - 1
            col += span
        while below.get(col, 0) > 0:
            below[col] -= 1
            cells.append("")
            col += 1
        while cells and not cells[-1]:
            cells.pop()
        lines.append(line(len(lines) + 1, tuple(cells), True, raw="\t".join(cells)))


def _int(value) -> int:
    try:
        return max(1, min(int(value), 1000))  # a span is bounded: a crafted colspan=10**9 is not a row of them
    except (TypeError, ValueError):
        return 1
