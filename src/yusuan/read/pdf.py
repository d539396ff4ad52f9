"""PDF files with a text layer → the lines the PDF-text pipeline reads.

Geometry first. Each page's glyphs (pypdfium2) are placed by position, not by the order the
producer wrote them (LibreOffice writes merged cells last, titles after the table):

* a ruled table (the usual case) is read from its grid: horizontal rulings delimit its rows,
  the vertical rulings that cross a row delimit its cells, so a wrapped name stays in its cell
  and a merged header cell's text goes to its first column; the rows come out positioned,
  empty cells kept, exactly like the tab-separated seeds; a row that a word processor cut at
  a page break is joined back from the top of the next page; a wrapped text taller than its row
  (centred on it, printed over its rulings and among the lines of the rows next to it) stays in
  its cell, its lines told from its neighbours' by their baselines; a merged cell wider than the paper (a sheet
  printed without fitting it) is read whole on the page where it begins, its copies on the next
  pages (printed from off the paper) left out;
* text outside tables becomes lines: glyphs sharing a vertical band, left to right, a space at
  each visible gap.

A PDF without rulings gives only lines: cells separated by single spaces, empty cells dropped,
as in seeds 001 and 003, which the pipeline places by the tables' identities and the other
tables, helped by where the words stand (borderless.py). Every Source then gets its page and
its line.

Pages turned by their /Rotate attribute read as they are (pdfium gives unrotated coordinates);
a table drawn sideways (a landscape table printed on its side) is turned back by the angle of
most of its glyphs. Rulings inside form XObjects are mapped through the forms' matrices.

No text layer (a scan), text without a Unicode mapping (fonts that extract as ``(cid:…)``), a
password, or a damaged file: UnreadableError naming the file and what to do.

The grids' geometry is ``pdf_grid``; a ruled table's cells put right (wrapped text dealt out again,
merged cells past the edges, the caps on a crafted page) is ``pdf_cells``.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from typing import NamedTuple

from ..model import Document, Source
from . import pdf_grid as grid
from .borderless import Word, borderless
from .cut_columns import join_cut_columns
from .document import UnreadableError, read_lines, with_sources
from .limits import DEFAULT, Limits, limit_error, pdf_characters
from .lines import PAGE_NUMBER, is_amount, line, split_lines
from .pdf_cells import MAX_CELLS, Caps, Glyph, bands, overflows, past_the_edges
from .problems import R011, problem

_MIN_CHARS_PER_PAGE = 20


_GARBAGE = ("\ufffd",)  # what pdfium gives for glyphs it cannot map to Unicode


_LINE_END_HYPHEN = "\ufffe"  # what pdfium gives for a "-" printed at the end of a line


def _quarter_turns(textpage, n: int) -> int:
    """How many quarter turns (clockwise, as pdfium measures a glyph's angle) the page's text is drawn at: a landscape table
    printed sideways on a portrait page reads as 1 or 3. The majority of the glyphs decides."""
    import math

    import pypdfium2.raw as pdfium_c
    turns = [0, 0, 0, 0]
    for i in range(0, n, max(1, n // 200)):
        angle = pdfium_c.FPDFText_GetCharAngle(textpage, i)
        if angle >= 0:
            turns[round(angle / (math.pi / 2)) % 4] += 1
    return max(range(4), key=turns.__getitem__)


def _upright(left: float, bottom: float, right: float, top: float, turns: int) -> tuple[float, float, float, float]:
    """A box in page space → the same box with the page turned back so that text runs left to
    right (each turn undone by a counter-clockwise quarter turn: (x, y) → (−y, x))."""
    for _ in range(turns):
        left, bottom, right, top = -top, left, -bottom, right
    return left, bottom, right, top


def _glyphs(textpage, turns: int) -> list[Glyph]:
    """Printed glyphs with their loose boxes (the font's advance: "1,293.40" has no gaps) and
    baselines (a line's glyphs share one exactly, where their boxes differ by a little)."""
    import ctypes

    import pypdfium2.raw as pdfium_c
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n) if n else ""
    box = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    out = []
    for i, ch in enumerate(text[:n]):
        if ch.isspace() or not pdfium_c.FPDFText_GetLooseCharBox(textpage, i, box):
            continue
        if box.right > box.left and box.top > box.bottom:  # pdfium's generated characters have no box
            left, bottom, right, top = _upright(box.left, box.bottom, box.right, box.top, turns)
            pdfium_c.FPDFText_GetCharOrigin(textpage, i, x, y)
            baseline = _upright(x.value, y.value, x.value, y.value, turns)[1]
            out.append(("-" if ch == _LINE_END_HYPHEN else ch, left, right, bottom, top, baseline))
    return out


def _rulings(page, turns: int) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Thin path objects: vertical (x, bottom, top) and horizontal (y, left, right) rulings."""
    import pypdfium2.raw as pdfium_c
    vertical, horizontal = [], []
    for obj in page.get_objects(max_depth=5):
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        bounds = obj.get_bounds()
        form = obj.container  # a path inside a form XObject has its bounds in the form's space
        while form is not None:
            bounds = form.get_matrix().on_rect(*bounds)
            form = form.container
        left, bottom, right, top = _upright(*bounds, turns)
        if right - left < 2 and top - bottom > 4:
            vertical.append(((left + right) / 2, bottom, top))
        elif top - bottom < 2 and right - left > 4:
            horizontal.append(((bottom + top) / 2, left, right))
    return vertical, horizontal


class PageRow(NamedTuple):
    """A row of a page, in reading order. A ruled table row has one cell per column; a line of
    text outside tables is one cell; on a page without rulings each line keeps its words with
    their x-extents."""

    top: float
    cells: list[str]
    ruled: bool = False
    words: tuple = ()
    columns: tuple[float, ...] = ()  # a ruled row: its grid's column x's
    # a grid's last row, which a page break may have cut: for each column, the top of the row whose
    # cell covers it here (its own, or the first row of a cell merged down into it) and whether
    # that cell's text fills it to its right edge and bottom (so it may go on on the next page)
    ends: tuple[tuple[float, bool], ...] = ()


def _page(page, count=lambda n: None, caps: Caps | None = None) -> list[PageRow]:
    """The page's rows, top to bottom. ``count(n)`` is told the page's characters before they are
    read (it raises when they are too many); ``caps`` (one per file) bounds what a crafted page
    can cost."""
    caps = caps or Caps()
    textpage = page.get_textpage()
    count(textpage.count_chars())
    turns = _quarter_turns(textpage, textpage.count_chars())
    glyphs = _glyphs(textpage, turns)
    vertical, horizontal = _rulings(page, turns)
    grids = grid.grids(vertical, horizontal)
    crossings = [grid.crossings(ys, rulings) for _, ys, rulings in grids]
    size = sum((len(xs) - 1) * (len(ys) - 1) for xs, ys, _ in grids)
    size = max(size, sum(b - a for spans in crossings for a, b in spans))
    if size > MAX_CELLS:  # (a page's tables hold a few thousand cells, each crossed by two rulings)
        caps.left_out(f"第 {caps.page} 页的表格有 {size:,} 个单元格或单元格边线，超过上限 {MAX_CELLS:,} 个，"
                      f"该页按无表格线的文字读取",
                      f"page {caps.page}: its tables have {size:,} cells or cell edges, over the cap of "
                      f"{MAX_CELLS:,}; the page is read as text without rulings")
        grids, crossings = [], []
    rows: list[PageRow] = []
    free: list[Glyph] = []
    cells: dict[tuple[int, int, int], list[Glyph]] = {}
    # per grid, once: the stretches each row boundary is ruled over, and each row's cell edges
    horizontal.sort()
    heights = [h[0] for h in horizontal]
    ruled_over = [grid.Boundaries([grid.stretches(horizontal, heights, y) for y in ys]) for _, ys, _ in grids]
    edges = [grid.edges(xs, len(ys) - 1, rulings, spans) for (xs, ys, rulings), spans in zip(grids, crossings)]
    downwards = [[-y for y in ys] for _, ys, _ in grids]  # ascending, for bisect
    lows = [-ys[-1] for _, ys, _ in grids]  # ascending: the grids stand apart, top to bottom
    for g in glyphs:
        cx, cy = (g[1] + g[2]) / 2, (g[3] + g[4]) / 2
        for t in grid.around(lows, cy):
            xs, ys, _ = grids[t]
            if not (xs[0] <= cx <= xs[-1] and ys[-1] <= cy <= ys[0]):
                continue
            r = grid.first_row(ruled_over[t], max(0, bisect_left(downwards[t], -cy) - 1), cx)
            cells.setdefault((t, r, grid.column(edges[t][r], xs, cx)), []).append(g)
            break
        else:
            free.append(g)
    if grids and free:
        width, height = page.get_size()
        paper = sorted(_upright(0, 0, width, height, turns)[::2])  # the paper's left and right edges, upright
        free = past_the_edges(free, cells, grids, ruled_over, edges, downwards, paper, lows, caps)
    keys: list[list[tuple[int, int, int]]] = [[] for _ in grids]
    for key in cells:
        keys[key[0]].append(key)
    for t, (xs, ys, _) in enumerate(grids):
        overflows(cells, keys[t], t, xs, ys, ruled_over[t], edges[t], caps)
        texts = [["".join(_text(cells[(t, r, c)])) if (t, r, c) in cells else "" for c in range(len(xs) - 1)]
                 for r in range(len(ys) - 1)]
        last = max((r for r, row in enumerate(texts) if any(row)), default=-1)
        for r, row in enumerate(texts):
            if any(row):
                ends = _ends(cells, t, r, xs, ys, ruled_over[t], edges[t]) if r == last else ()
                rows.append(PageRow(ys[r], row, True, (), tuple(xs), ends))
    if grids:
        rows.extend(PageRow(top, [text]) for top, text in _text_lines(free))
    else:  # no table drawn: the words' positions are what places the values (see _gaps)
        rows.extend(PageRow(top, [" ".join(w[0] for w in words)], False, words) for top, words in _word_lines(free))
    rows.sort(key=lambda r: -r.top)
    return rows


def _ends(cells: dict, t: int, r: int, xs: list[float], ys: list[float], ruled_over, edges) -> tuple:
    """``PageRow.ends`` of row ``r`` of grid ``t``."""
    out = []
    for c in range(len(xs) - 1):
        x = (xs[c] + xs[c + 1]) / 2
        first = grid.first_row(ruled_over, r, x)
        glyphs = cells.get((t, first, c))
        fills = glyphs is not None and _fills(glyphs, xs[c], grid.right_edge(edges[first], xs, c),
                                              ys[grid.last_row(ruled_over, first, x) + 1])
        out.append((ys[first], fills))
    return tuple(out)


def _fills(glyphs: list[Glyph], left: float, right: float, floor: float) -> bool:
    """A cell's text fills it to its right edge and its bottom (``floor``): it starts at the left
    margin, its last line ends within what the next line begins with (up to two characters that
    stay together, 万元 or 厂、) of the right margin, taken as wide as the left one, and no room
    is left below that line. A name or a code cut there by a page break goes on in the same cell
    on the next page; a text that ended short of its cell's bottom was whole."""
    height = max(g[4] - g[3] for g in glyphs)
    bottom = min(g[3] for g in glyphs)
    last = [g for g in glyphs if g[3] < bottom + height / 2]
    margin = min(g[1] for g in glyphs) - left
    return margin <= height * 1.5 and right - max(g[2] for g in last) <= max(margin, 0) + height * 2.5 \
        and bottom - floor <= height * 0.8


def _text(glyphs: list[Glyph]) -> str:
    """A cell's text: its lines top to bottom, rejoined (a wrapped name is one name)."""
    return "".join(text for _, text in _text_lines(glyphs, join=""))


def _text_lines(glyphs: list[Glyph], join: str = " ") -> list[tuple[float, str]]:
    """Glyphs → lines: a vertical band each, left to right, a space at each visible gap."""
    out = []
    for bottom, top, row in bands(glyphs):
        row.sort(key=lambda g: g[1])
        space = (top - bottom) * 0.2
        chars, prev = [], None
        for ch, left, right, *_ in row:
            if prev is not None and left - prev > space:
                chars.append(" ")
            chars.append(ch)
            prev = right
        out.append((top, "".join(chars)))
    return out


def _word_lines(glyphs: list[Glyph]) -> list[tuple[float, list[Word]]]:
    """Glyphs → words → lines, for a page without rulings. A word is a run of glyphs on one
    baseline without a visible gap; a line is the words whose middles are level. Words first,
    so that two header cells on different baselines (a cell merged over two rows sits between
    them) never interleave their characters; a line is as tall as its first word, not grown by
    each word it takes, so that rows do not run together."""
    runs: list[list] = []  # [bottom, top, glyphs] per baseline
    for g in sorted(glyphs, key=lambda g: (-g[3], g[1])):
        if runs and abs(runs[-1][0] - g[3]) <= 0.15 * (g[4] - g[3]) and abs(runs[-1][1] - g[4]) <= 0.15 * (g[4] - g[3]):
            runs[-1][2].append(g)
        else:
            runs.append([g[3], g[4], [g]])
    words: list[tuple[float, float, str, float, float]] = []  # bottom, top, text, left, right
    for bottom, top, run in runs:
        run.sort(key=lambda g: g[1])
        space = (top - bottom) * 0.2
        start = 0
        for i in range(1, len(run) + 1):
            if i == len(run) or run[i][1] - run[i - 1][2] > space:
                words.append((bottom, top, "".join(g[0] for g in run[start:i]), run[start][1], run[i - 1][2]))
                start = i
    lines: list[list] = []  # [middle, height, top, words]
    for w in sorted(words, key=lambda w: -(w[0] + w[1])):
        middle = (w[0] + w[1]) / 2
        if lines and abs(lines[-1][0] - middle) <= 0.3 * lines[-1][1]:
            lines[-1][2] = max(lines[-1][2], w[1])
            lines[-1][3].append(w)
        else:
            lines.append([middle, w[1] - w[0], w[1], [w]])
    out = []
    for middle, height, top, ws in lines:
        ws.sort(key=lambda w: w[3])
        merged: list[list] = []
        for _, _, text, left, right in ws:  # two fonts on one baseline: one word if they touch
            if merged and left - merged[-1][2] <= height * 0.2:
                merged[-1][0] += text
                merged[-1][2] = max(merged[-1][2], right)
            else:
                merged.append([text, left, right])
        out.append((top, [(t, a, b, middle) for t, a, b in merged]))
    return out


def _garbled(ch: str) -> bool:
    return ch in _GARBAGE or "\ue000" <= ch <= "\uf8ff"


def read_pdf(raw: bytes, file: str, limits: Limits = DEFAULT) -> Document:
    import pypdfium2 as pdfium
    try:
        pdf = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            raise UnreadableError(f"PDF 有密码保护，请去掉密码后再读取 / password-protected PDF: {file}") from e
        raise UnreadableError(f"PDF 文件已损坏，无法打开 / damaged PDF, cannot be opened: {file} ({msg})") from e
    try:
        if len(pdf) > limits.pages:
            raise limit_error(file, "pages", limits, f"共 {len(pdf):,} 页", f"{len(pdf):,} pages")
        count, caps = _characters(file, limits), Caps()
        pages = []
        for i in range(len(pdf)):
            caps.page = i + 1
            pages.append(_page(pdf[i], count, caps))
    except pdfium.PdfiumError as e:
        raise UnreadableError(f"PDF 文件已损坏，无法读取页面 / damaged PDF, its pages cannot be read: {file}") from e
    finally:
        pdf.close()
    text = "".join(c for page in pages for r in page for c in r.cells)
    printed = [ch for ch in text if not ch.isspace()]
    if len(printed) < _MIN_CHARS_PER_PAGE * max(len(pages), 1) / 4:
        raise UnreadableError(f"PDF 没有文字层（可能是扫描件），需要先做文字识别（OCR） / the PDF has no text layer "
                              f"(a scan?): OCR it first: {file}")
    if sum(map(_garbled, printed)) > len(printed) / 5:
        raise UnreadableError(f"PDF 的字体没有文字编码（提取出乱码），无法读取，请用原始文件或重新导出 / the PDF's fonts "
                              f"have no Unicode mapping (text extracts as garbage): {file}")
    join_cut_columns(pages)
    _join_cut_rows(pages)
    ruled = any(r.ruled for page in pages for r in page)
    lines, where, words = [], [], []  # (page, line on the page) of each line; its words
    for p, page in enumerate(pages, 1):
        for n, row in enumerate(page, 1):
            if _footer(row):
                continue
            where.append((p, n))
            no = len(where)
            cells = row.cells
            if ruled:  # positioned rows; a line of text is one cell
                lines.append(line(no, tuple(cells), True, raw="\t".join(cells)))
            else:
                lines.append(split_lines(cells[0], "pdf_text")[0]._replace(no=no) if cells[0].strip()
                             else line(no, (), False))
                words.append(row.words)
    if not ruled:
        lines = borderless(lines, words)
    body = "\n".join(ln.raw or ln.text for ln in lines)
    starts = frozenset(no for no, (page, n) in enumerate(where, 1) if no > 1 and where[no - 2][0] != page)
    doc = read_lines(lines, "tsv" if ruled else "pdf_text", file, body, starts)
    left_out = tuple(problem(R011, f"{zh} / {en}", Source(file, page=page)) for page, zh, en in caps.notes)
    return _paged(replace(doc, layout="pdf", findings=left_out + doc.findings), where)


def _characters(file: str, limits: Limits):
    """A counter of the PDF's characters: ``pdf_characters(limits)`` in all, a sixteenth of that on
    one page (a page's glyphs are held with their boxes while it is read)."""
    total, cap = 0, pdf_characters(limits)

    def count(n: int) -> None:
        nonlocal total
        total += n
        if n > cap // 16:
            raise limit_error(file, "text_mb", limits, f"一页有 {n:,} 个字符", f"{n:,} characters on one page")
        if total > cap:
            raise limit_error(file, "text_mb", limits, f"超过 {cap:,} 个字符", f"over {cap:,} characters")
    return count


def _footer(row: PageRow) -> bool:
    """A page number or a "第 3 页 共 9 页" footer."""
    return not row.ruled and bool(PAGE_NUMBER.match(row.cells[0]))


def _join_cut_rows(pages: list[list[PageRow]]) -> None:
    """A table row cut by a page break (Word and Writer let a row break across pages): the rest
    of its cells' text is the first row of the next page. It is joined back when the two rows
    are of one grid, every cell the second row prints goes on from a cell that runs to its
    right edge (the last row's, or a cell merged down into it from a row above), and an amount
    cut in two is an amount again (11,436.0 | 6). Header rows repeated at the top of the next
    page come before the rest of the cut row."""
    for before, page in zip(pages, pages[1:]):
        end = next((i for i in range(len(before) - 1, -1, -1) if not _footer(before[i])), None)
        starts = [i for i, r in enumerate(page) if not _footer(r)]
        if end is None or not starts:
            continue
        # the table's header rows repeated at the top of the page (Word's 标题行重复) come first
        header = [r.cells for r in before[:8] if r.ruled]
        k = next((k for k, i in enumerate(starts) if not (page[i].ruled and page[i].cells in header)), len(starts))
        if k == len(starts):
            continue
        joins = _continuation(before, end, page[starts[k]])
        if joins:
            for i, c, text in joins:
                cells = list(before[i].cells)
                cells[c] += text
                before[i] = before[i]._replace(cells=cells)
            del page[starts[k]]


def _continuation(before: list[PageRow], end: int, b: PageRow) -> list[tuple[int, int, str]]:
    """(row of ``before``, column, text) for each cell of ``b`` that goes on from the row ``end``
    of the page before; [] when ``b`` is a row of its own."""
    a = before[end]
    if not (a.ends and b.ruled and len(a.columns) == len(b.columns)
            and all(abs(x - y) <= 1.5 for x, y in zip(a.columns, b.columns))):
        return []
    rows = {r.top: i for i, r in enumerate(before[:end + 1]) if r.ruled and r.columns == a.columns}
    joins = []
    for c, text in enumerate(b.cells):
        if not text:
            continue
        top, fills = a.ends[c]
        i = rows.get(top)
        owner = before[i] if i is not None else None
        if owner is None or not (owner.cells[c] and fills):
            return []
        if (is_amount(owner.cells[c]) or is_amount(text)) and not is_amount(owner.cells[c] + text):
            return []
        joins.append((i, c, text))
    return joins


def _paged(doc: Document, where: list[tuple[int, int]]) -> Document:
    """Every Source's line in the whole text → its page and its line on that page."""
    def at(src: Source) -> Source:
        if src.line is None or not 0 < src.line <= len(where):
            return src
        page, line = where[src.line - 1]
        return replace(src, page=page, line=line)

    def row(r):
        return replace(r, source=at(r.source), cells=tuple(replace(c, source=at(c.source)) for c in r.cells))

    return with_sources(doc, at, row)
