"""Rows printed in blocks side by side (the 基本支出决算表: 人员经费 codes on the left, 公用经费 codes on
the right; its spec's ``side_blocks``): each (code, name, amount) triple is a row of its own, its amount
in the column of the block of its economic class (the last block takes the classes no block names);
the foot (人员经费合计 … 公用经费合计 …) is the one ``total`` row.
"""
from __future__ import annotations

import re

from ..catalog.specs import SideBlock
from ..catalog.vocabulary import squash
from .lines import Line, is_amount, is_number

_CODE = re.compile(r"^\d{3}(\d{2})?$")
_TOTAL = re.compile(r"^(合计|总计)$")


def block_of(code: str, blocks: tuple[SideBlock, ...]) -> int:
    """The block a code's row is printed in: its economic class's, else the last."""
    return next((i for i, b in enumerate(blocks) if code[:3] in b.classes), len(blocks) - 1)


def _foot(text: str, blocks: tuple[SideBlock, ...]) -> int | None:
    """The block whose foot ``text`` is (人员经费合计, 公用经费小计, 人员经费 alone), or None."""
    return next((i for i, b in enumerate(blocks) if re.fullmatch(re.escape(b.label) + "(合计|小计)?", text)), None)


def entries(ln: Line, blocks: tuple[SideBlock, ...]) -> list[tuple[str | int | None, str, str]]:
    """(code, name, amount) triples of one printed line of the block layout; a foot label
    (人员经费合计, 公用经费合计) comes out with its block's index as its code."""
    out: list[list] = []
    for tok in ln.filled:
        t = squash(tok)
        foot = _foot(t, blocks)
        if _CODE.match(t) or foot is not None or (t == "合计" and not out):
            out.append([foot if foot is not None else (None if t == "合计" else t), "" if _CODE.match(t) else t, ""])
        elif is_amount(tok) or (is_number(tok) and out and out[-1][1]):
            if out and not out[-1][2]:
                out[-1][2] = tok
        elif out and not out[-1][2]:
            out[-1][1] += tok.strip()
        else:
            out.append([None, tok.strip(), ""])
    return [tuple(e) for e in out]


def rows(body: list[Line], blocks: tuple[SideBlock, ...]) -> list[tuple[str | None, str, list[str], int]]:
    """The block layout → (code, name, [an amount per block], line) rows: each code's amount in its
    block's column, wrapped names joined, the foot lines as one 合计 row, last."""
    out: list[tuple[str | None, str, list[str], int]] = []
    total: tuple[str, str, list[str], int] | None = None
    for ln in body:
        for code, name, amount in entries(ln, blocks):
            if isinstance(code, int) or (code is None and _TOTAL.match(name)):
                total = total or ("total", "合计", [""] * len(blocks), ln.no)
                total[2][code or 0] = amount
                continue
            if code is None and out and not amount:
                c, n, v, no = out[-1]
                out[-1] = (c, n + name, v, no)  # a wrapped name
                continue
            bare = next((i for i in range(len(out) - 1, max(len(out) - 3, -1), -1)
                         if out[i][0] and not out[i][1] and not any(out[i][2])), None)
            if code is None and amount and bare is not None:
                # a code printed alone, its name and amount on the next line (a tall cell's text centred)
                c, _, v, no = out[bare]
                v[block_of(c, blocks)] = amount
                out[bare] = (c, name, v, no)
                continue
            values = [""] * len(blocks)
            if code:
                values[block_of(code, blocks)] = amount
            out.append((code, name, values, ln.no))
    return out + ([total] if total else [])
