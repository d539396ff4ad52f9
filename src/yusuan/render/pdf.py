"""The package as a PDF, typeset by Typst (the ``typst`` package: a compiler in the wheel, no
external program) from the template render/typst/package.typ.

The document is handed to the template as JSON data (render/typst_data.py), never spliced into
markup, so no text of a disclosure can run as Typst code. Text stays text (selectable, searchable
Chinese): the template sets Debian's fonts-noto-cjk “Noto Sans CJK SC”, embedded as a subset with
its Unicode map. A4 portrait for the narrative and narrow tables, landscape for wide ones and the
forms; table header rows repeat on every page a table runs over; page numbers in the footer.

One compiler is kept per process: it has read the template and indexed the fonts once, and Typst
memoises what did not change between two compilations (the second pass below costs little).
"""
from __future__ import annotations

import json
import threading
from functools import lru_cache
from pathlib import Path
from typing import Callable

from ..model import Document
from .typst_data import package_json

TEMPLATE = Path(__file__).with_name("typst") / "package.typ"
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")  # Debian's fonts-noto-cjk
FONT = "Noto Sans CJK SC"
_LOCK = threading.Lock()  # one compilation at a time per compiler


class PdfError(RuntimeError):
    """The PDF could not be typeset (a message for the user, in Chinese then English)."""


@lru_cache(maxsize=1)
def _compiler():
    import typst  # imported here: the other formats do not need it

    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True,
                        font_paths=[d for d in FONT_DIRS if Path(d).is_dir()])
    if FONT not in fonts.families():
        raise PdfError(f"找不到字体 {FONT}（请安装 fonts-noto-cjk） / font {FONT} is missing: install fonts-noto-cjk")
    return typst.Compiler(TEMPLATE, root=TEMPLATE.parent, font_paths=fonts, ignore_system_fonts=True)


def pdf(doc: Document, template: str | None = None, prior: Document | None = None,
        step: Callable[[str], None] = lambda _: None) -> bytes:
    """The PDF; ``step`` hears of the phases (laying out, writing)."""
    import typst

    data = package_json(doc, template, prior)
    compiler = _compiler()
    step("排版 / laying out the pages")
    with _LOCK:
        try:
            return compiler.compile(sys_inputs={"data": data})
        except typst.TypstError as e:
            raise PdfError(f"PDF 排版失败 / typesetting the PDF failed: {e.message}") from e


def small_tables(compiler) -> frozenset[str]:
    """The ids (``t7``) of the tables printed smaller in the document last compiled, because their
    last ``SPILL`` rows or fewer would have fallen onto a page of their own."""
    return frozenset(m["value"] for m in json.loads(compiler.query("<small>")))
