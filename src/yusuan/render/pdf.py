"""The package as a PDF: the print variant of the HTML page through WeasyPrint.

Text stays text (selectable, searchable Chinese) because the page names an installed CJK font
(Debian's fonts-noto-cjk, “Noto Sans CJK SC”) that WeasyPrint embeds as a subset with its
Unicode map. A4 portrait for the narrative and narrow tables, landscape for wide ones; table
header rows repeat on every page a table runs over; page numbers in the footer.
"""
from __future__ import annotations

from ..model import Document
from .html import page


def pdf(doc: Document, template: str | None = None, prior: Document | None = None) -> bytes:
    from weasyprint import HTML  # imported here: the other formats do not need it (nor its start-up time)

    return HTML(string=page(doc, template, prior, media="print"), base_url=".").write_pdf()
