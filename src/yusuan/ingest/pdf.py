"""PDF files with a text layer → the lines the PDF-text pipeline reads.

pdfium's own text extraction (pypdfium2) gives, page by page, what seeds 001 and 003 are: cells
separated by single spaces, empty cells dropped, long names wrapped over lines. The pipeline
places those values by the tables' identities and the other tables, as it does for that text.
Every Source then gets its page and its line on the page.

No text layer (a scan), text without a Unicode mapping (fonts that extract as ``(cid:…)``), a
password, or a damaged file: UnreadableError naming the file and what to do.
"""
from __future__ import annotations

from dataclasses import replace

from ..model import Document, Source
from .document import UnreadableError, read_lines
from .lines import split_lines

_MIN_CHARS_PER_PAGE = 20
_GARBAGE = ("\ufffd",)  # what pdfium gives for glyphs it cannot map to Unicode


def _garbled(ch: str) -> bool:
    return ch in _GARBAGE or "\ue000" <= ch <= "\uf8ff"


def read_pdf(raw: bytes, file: str) -> Document:
    import pypdfium2 as pdfium
    try:
        pdf = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            raise UnreadableError(f"PDF 有密码保护，请去掉密码后再读取 / password-protected PDF: {file}") from e
        raise UnreadableError(f"PDF 文件已损坏，无法打开 / damaged PDF, cannot be opened: {file} ({msg})") from e
    try:
        pages: list[str] = []
        for i in range(len(pdf)):
            page = pdf[i]
            pages.append(page.get_textpage().get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
    except pdfium.PdfiumError as e:
        raise UnreadableError(f"PDF 文件已损坏，无法读取页面 / damaged PDF, its pages cannot be read: {file}") from e
    finally:
        pdf.close()
    text = "".join(pages)
    printed = [ch for ch in text if not ch.isspace()]
    if len(printed) < _MIN_CHARS_PER_PAGE * max(len(pages), 1) / 4:
        raise UnreadableError(f"PDF 没有文字层（可能是扫描件），需要先做文字识别（OCR） / the PDF has no text layer "
                              f"(a scan?): OCR it first: {file}")
    if sum(map(_garbled, printed)) > len(printed) / 5:
        raise UnreadableError(f"PDF 的字体没有文字编码（提取出乱码），无法读取，请用原始文件或重新导出 / the PDF's fonts "
                              f"have no Unicode mapping (text extracts as garbage): {file}")
    joined, where = [], []  # the whole text, and (page, line on the page) of each line
    for p, page in enumerate(pages, 1):
        for n, ln in enumerate(page.split("\n"), 1):
            joined.append(ln)
            where.append((p, n))
    body = "\n".join(joined)
    doc = read_lines(split_lines(body, "pdf_text"), "pdf_text", file, body)
    return _paged(replace(doc, layout="pdf"), where)


def _paged(doc: Document, where: list[tuple[int, int]]) -> Document:
    """Every Source's line in the whole text → its page and its line on that page."""
    def at(src: Source) -> Source:
        if src.line is None or not 0 < src.line <= len(where):
            return src
        page, line = where[src.line - 1]
        return replace(src, page=page, line=line)

    def row(r):
        return replace(r, source=at(r.source), cells=tuple(replace(c, source=at(c.source)) for c in r.cells))

    perf = doc.performance
    return replace(
        doc,
        tables=tuple(replace(t, source=at(t.source), rows=tuple(row(r) for r in t.rows)) for t in doc.tables),
        projects=tuple(replace(p, source=at(p.source), indicators=tuple(replace(i, source=at(i.source))
                                                                        for i in p.indicators)) for p in doc.projects),
        performance=perf and replace(perf, source=at(perf.source),
                                     indicators=tuple(replace(i, source=at(i.source)) for i in perf.indicators)),
        sections=tuple(replace(s, source=at(s.source)) for s in doc.sections),
        claims=tuple(replace(c, source=at(c.source)) for c in doc.claims),
        findings=tuple(replace(f, source=at(f.source)) for f in doc.findings),
    )
