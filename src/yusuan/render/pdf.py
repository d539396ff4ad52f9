"""The package as a PDF: the print variant of the HTML page through WeasyPrint.

Text stays text (selectable, searchable Chinese) because the page names an installed CJK font
(Debian's fonts-noto-cjk, “Noto Sans CJK SC”) that WeasyPrint embeds as a subset with its
Unicode map. A4 portrait for the narrative and narrow tables, landscape for wide ones; table
header rows repeat on every page a table runs over; page numbers in the footer.
"""
from __future__ import annotations

from typing import Callable

from ..model import Document
from .html import page


def pdf(doc: Document, template: str | None = None, prior: Document | None = None,
        step: Callable[[str], None] = lambda _: None) -> bytes:
    """The PDF; ``step`` hears of the two long phases (laying out, writing), which take seconds."""
    from weasyprint import HTML  # imported here: the other formats do not need it (nor its start-up time)

    step("排版 / laying out the pages")
    laid_out = HTML(string=page(doc, template, prior, media="print"), base_url=".").render()
    spilled = spills(laid_out)
    if spilled:  # once: smaller type for the tables whose last rows fell alone on a page
        step(f"{len(spilled)} 张表的最后几行单独成页，缩小字号重排 / laying out {len(spilled)} tables smaller")
        laid_out = HTML(string=page(doc, template, prior, media="print", compact=spilled), base_url=".").render()
    step(f"写出 {len(laid_out.pages)} 页 / writing {len(laid_out.pages)} pages")
    return laid_out.write_pdf()


def spills(laid_out) -> frozenset[int]:
    """The numbers of the tables whose last ``SPILL`` rows or fewer went onto a page of their own: a
    page break between the row ``SPILL`` rows before the last one and the last one."""
    at = {name: number for number, p in enumerate(laid_out.pages) for name in p.anchors}
    return frozenset(int(name[1:-5]) for name, number in at.items()
                     if name.endswith("-last") and number != at.get(name[:-5] + "-keep", number))
