"""Word documents (.docx) → lines, with zipfile and lxml: body paragraphs and tables in document
order, so that a title (the paragraph just above a table) and a ``单位：万元`` line work as in text.

* a paragraph is one line of one cell (a line break inside it starts a new line);
* a table row is a positioned line: a cell spanning columns (``gridSpan``) has its text in its
  first grid column and "" in the others, a cell continuing a vertical merge (``vMerge``) is "",
  ``gridBefore`` keeps the row's leading empty columns — the shape of a tab-separated seed.

Text boxes, deleted text and field codes are not body text and are not read. The numbers Word
draws before list paragraphs ("一、" headings) are put back (``numbering.py``).
"""
from __future__ import annotations

from lxml import etree

from ..model import Document
from .lines import line
from .numbering import Numbering
from .office import DAMAGED, Place, damaged, flat, parse_xml, read_placed
from .package import Package

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM = (f"{_W}{t}" for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent",
                                                                 "customXml"))
R, T, TAB, BR, CR, TXBX = (f"{_W}{t}" for t in ("r", "t", "tab", "br", "cr", "txbxContent"))
VAL = f"{_W}val"
TCPR, TRPR, SPAN, VMERGE, HMERGE, BEFORE = (f"{_W}{t}" for t in ("tcPr", "trPr", "gridSpan", "vMerge", "hMerge",
                                                                   "gridBefore"))


def read_docx(package: Package, file: str) -> Document:
    try:
        data = package.read("word/document.xml")
        body = parse_xml(data).find(f"{_W}body")
        lines, places = [], {}
        if body is not None:
            numbered = b"numPr" in data or b"pStyle" in data  # numbered itself or through its style
            _read_body(body, lines, places, _numbering(package) if numbered else None)
    except DAMAGED as e:
        raise damaged(file, e) from e
    return read_placed(lines, places, file, "docx")


def _numbering(package: Package) -> Numbering | None:
    if "word/numbering.xml" not in package.names:
        return None
    styles = package.read("word/styles.xml") if "word/styles.xml" in package.names else b""
    # styles.xml can be large (350 KB from python-docx's template): parsed only when a style is numbered
    return Numbering(parse_xml(package.read("word/numbering.xml")), parse_xml(styles) if b"numPr" in styles else None)


def _read_body(body, lines: list, places: dict, numbering: Numbering | None = None) -> None:
    paragraphs = tables = 0
    special = special_paragraphs(body)
    for el in _blocks(body):
        if el.tag == P:
            paragraphs += 1
            text = paragraph_text(el, special)
            if numbering is not None:
                text = numbering.label(el) + text
            for text in text.split("\n"):
                text = text.strip()
                if text:
                    no = len(lines) + 1
                    lines.append(line(no, (text,), True, raw=text))
                    places[no] = Place(None, paragraphs)
            continue
        tables += 1
        for r, cells in enumerate(table_rows(el, special), 1):
            while cells and not cells[-1]:
                cells.pop()
            no = len(lines) + 1
            lines.append(line(no, tuple(cells), True, raw="\t".join(cells)))
            places[no] = Place(f"表{tables}", r, word=True)


def _blocks(parent):
    """Body paragraphs and tables in document order (content controls and custom XML opened)."""
    for el in parent:
        tag = el.tag
        if tag == P or tag == TBL:
            yield el
        elif tag == SDT:
            content = el.find(SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)
        elif tag == CUSTOM:
            yield from _blocks(el)


_RUN_TEXT = etree.XPath(".//w:t/text()", namespaces={"w": _W[1:-1]}, smart_strings=False)


def special_paragraphs(body) -> set:
    """The paragraphs with a tab, break or text box in them (few, often none). The others' text is
    their runs' text, which one XPath gives without a Python step per element."""
    special = set()
    for el in body.iter(TAB, BR, CR, TXBX):
        special.update(el.iterancestors(P))
    return special


def paragraph_text(p, special: set | None = None) -> str:
    """``special``: from ``special_paragraphs``; a paragraph not in it takes the fast path."""
    if special is not None and p not in special:
        return _one_run_text(p) if len(p) < 2 else "".join(_RUN_TEXT(p))
    found = list(p.iter(T, TAB, BR, CR, TXBX))
    if len(found) == 1 and found[0].tag == T:  # one run of text: most cells
        return found[0].text or ""
    out: list[str] = []
    skip: set = set()
    for el in found:
        tag = el.tag
        if tag == TXBX:  # a text box floats beside the text; it is not part of the paragraph
            skip.update(el.iter(T, TAB, BR, CR))
        elif el in skip:
            continue
        elif tag == T:
            out.append(el.text or "")
        elif el.getparent().tag == R:  # not a tab stop of the paragraph's properties
            out.append(" " if tag == TAB else "\n")
    return "".join(out)


def _one_run_text(p) -> str:
    """A paragraph of at most one element: nothing (an empty cell), or one run of one text (most
    cells) read without the XPath, which costs twice as much; anything else through it."""
    if not len(p):
        return ""
    r = p[0]
    if r.tag == R and len(r) == 1:
        t = r[0]
        if t.tag == T and not len(t):
            return t.text or ""
    return "".join(_RUN_TEXT(p))


def table_rows(tbl, special: set | None = None) -> list[list[str]]:
    """Each row's cells, one per grid column (the nested tables of a cell read as its text).
    Children are walked directly: lxml's ``find`` goes through ElementPath, ten times slower."""
    rows = []
    # most rows span and merge no cell: their cells' properties are then not walked one by one (the
    # rows that do are found in one walk of the table: a walk of each row costs more)
    spanning = {tr for el in tbl.iter(SPAN, VMERGE, HMERGE) for tr in el.iterancestors(TR)}
    for tr in tbl.iterchildren(TR):
        cells: list[str] = []
        spans = tr in spanning
        for el in tr:
            tag = el.tag
            if tag == TRPR:
                for x in el:  # (a plain walk: a row's few properties cost less than a tag-filtered iterator)
                    if x.tag == BEFORE:
                        cells.extend([""] * _int(x.get(VAL), 0))
            elif tag == TC:
                _cell(el, cells, special, spans)
            elif tag == SDT or tag == CUSTOM:  # cells wrapped in a content control
                for content in (el.iterchildren(SDT_CONTENT) if tag == SDT else (el,)):
                    for tc in content.iterchildren(TC):
                        _cell(tc, cells, special, spans)
        rows.append(cells)
    return rows


def _cell(tc, cells: list[str], special: set | None, spans: bool) -> None:
    """The cell's text → ``cells``, "" for each further grid column it spans; ``spans``: False when
    its row spans and merges no cell (its properties are not looked at)."""
    span, merged = 1, False
    texts: list[str] = []
    for x in tc:
        tag = x.tag
        if tag == P:  # (paragraph_text's fast path, inline: most cells)
            texts.append(_one_run_text(x) if special is not None and len(x) < 2 and x not in special
                         else paragraph_text(x, special))
        elif tag == TCPR:
            for y in x if spans else ():
                tag = y.tag
                if tag == SPAN:
                    span = max(1, _int(y.get(VAL), 1))
                elif tag == VMERGE or tag == HMERGE:
                    merged = y.get(VAL, "continue") == "continue"
        elif tag == TBL or tag == SDT:  # a nested table or a content control: its paragraphs
            texts.extend(paragraph_text(p, special) for p in x.iter(P))
    if merged:
        cells.append("")
    else:
        text = texts[0] if len(texts) == 1 else "\n".join(texts)
        cells.append(text.strip() if "\n" not in text and "\r" not in text else flat(text))  # (flat(), inline)
    if span > 1:
        cells.extend([""] * (span - 1))


def _int(text: str | None, default: int) -> int:
    """A count of grid columns; a damaged value counts as ``default``."""
    try:
        return max(0, min(int(text), 1000)) if text is not None else default
    except ValueError:
        return default
