"""The package as a PDF, typeset by Typst (the ``typst`` package: the compiler is in the wheel, no
external program) with the template render/typst/package.typ.

The document goes to the template as JSON data (render/typst_data.py), never spliced into markup,
so no text of a disclosure can run as Typst code. Text stays text (selectable, searchable Chinese):
the template sets Debian's fonts-noto-cjk “Noto Sans CJK SC”, embedded as a subset with its Unicode
map. A4 portrait for the narrative and narrow tables, landscape for wide ones and the forms; table
header rows repeat on every page a table runs over; page numbers in the footer; a table whose last
rows would fall alone on a page is set smaller (decided inside the one compilation, see the
template). A row the data judges sure to fit on one line is given the height of a line, so that Typst
lays its cells out once instead of measuring them first (render/typst_data.py).

One compiler is kept per process: it has read the template and indexed the fonts once, and Typst
keeps what it laid out for the next packages (headers, footers, repeated cells).
"""
from __future__ import annotations

import json
import threading
from functools import lru_cache
from pathlib import Path
from typing import Callable

import click

from ..model import Document
from .typst_data import package_json

TEMPLATE = Path(__file__).with_name("typst") / "package.typ"
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")  # Debian's fonts-noto-cjk
FONT = "Noto Sans CJK SC"
_LOCK = threading.Lock()  # the compiler is one object: one compilation at a time


class PdfError(click.ClickException):
    """The PDF cannot be typeset: a message for the user (Chinese, then English), never a traceback;
    the command line says it as it says a file it cannot read, and exits 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"yusuan: {self.format_message()}", err=True)


def fonts(dirs: tuple[str, ...] = FONT_DIRS, system: bool = True):
    """The fonts Typst may use: the Noto CJK folders (indexing them alone is quick), else the system's."""
    import typst

    found = typst.Fonts(include_system_fonts=False, font_paths=[d for d in dirs if Path(d).is_dir()])
    if FONT not in found.families() and system:
        found = typst.Fonts(include_system_fonts=True, font_paths=[d for d in dirs if Path(d).is_dir()])
    if FONT not in found.families():
        raise PdfError(f"找不到字体 {FONT}，请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk） / "
                       f"the font {FONT} is missing: install fonts-noto-cjk")
    return found


@lru_cache(maxsize=1)
def compiler():
    import typst  # imported here: the other formats do not need it

    return typst.Compiler(TEMPLATE, root=TEMPLATE.parent, font_paths=fonts(), ignore_system_fonts=True)


def pdf(doc: Document, template: str | None = None, prior: Document | None = None,
        step: Callable[[str], None] = lambda _: None) -> bytes:
    """The PDF; ``step`` hears of the phases."""
    import typst

    data = package_json(doc, template, prior)
    typesetter = compiler()
    step("排版并写出 / laying out and writing the pages")
    with _LOCK:
        try:
            return typesetter.compile(sys_inputs={"data": data})
        except typst.TypstError as e:
            raise PdfError(f"PDF 排版失败 / typesetting the PDF failed: {e.message}") from e


def small_tables() -> frozenset[str]:
    """The ids (``t7``) of the tables that the PDF last made in this process prints smaller,
    because their last ``SPILL`` rows or fewer would have fallen onto a page of their own."""
    with _LOCK:
        return frozenset(m["value"] for m in json.loads(compiler().query("<small>")))
