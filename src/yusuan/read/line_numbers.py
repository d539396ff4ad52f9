"""行次 columns (the line number of each row, 1, 2, 3…, printed beside the labels, as the 决算 templates
print them): dropped before the rows are read, so that they are never taken for amounts. 栏次 rows
(1 2 3 under the header) are header lines already (they hold no amount).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..catalog.vocabulary import squash
from .lines import Line, is_number, line
from .segment import Block

_LINE_NO = re.compile(r"^\d{1,3}$")


def drop_line_numbers(block: Block) -> Block:
    """The block without its 行次 columns."""
    head = [ln for page in block.pages for ln in page[:12]]
    if not any("次" in ln.text for ln in head) or not any(squash(c) == "行次" for ln in head for c in ln.filled):
        return block  # (a line's text holds its cells: without 次 in any, no cell is 行次)
    positions = sorted({i for ln in head if ln.positioned for i, c in enumerate(ln.cells) if squash(c) == "行次"})

    def fix(ln: Line) -> Line:
        if ln.positioned:
            cells = tuple(c for i, c in enumerate(ln.cells) if i not in positions)
            return line(ln.no, cells, True, raw=ln.raw)
        keep, prev_text = [], False
        for tok in ln.cells:
            if squash(tok) == "行次" or (prev_text and _LINE_NO.match(tok)):
                prev_text = False
                continue
            keep.append(tok)
            prev_text = not is_number(tok)
        return line(ln.no, tuple(keep), False, raw=ln.raw)

    return replace(block, pages=[[fix(ln) for ln in page] for page in block.pages])
