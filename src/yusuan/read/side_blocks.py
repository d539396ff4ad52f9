"""Rows printed in blocks side by side (the 基本支出决算表: 人员经费 codes on the left, 公用经费 codes on
the right; its spec's ``side_blocks``): each (code, name, amount) triple is a row of its own, its amount
in the column of the block of its economic class (the last block takes the classes no block names);
the foot (人员经费合计 … 公用经费合计 …) is the one ``total`` row.
"""
from __future__ import annotations

import re

from ..catalog.specs import SideBlock
from ..catalog.vocabulary import squash
from .lines import LOST, Line, is_amount, is_number

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
        elif is_amount(tok) or LOST.fullmatch(t) or (is_number(tok) and out and out[-1][1]):  # (#####: lost, not a name)
            if out and not out[-1][2]:
                out[-1][2] = tok
        elif out and not out[-1][2]:
            out[-1][1] += tok.strip()
        else:
            out.append([None, tok.strip(), ""])
    return [tuple(e) for e in out]


def rows(body: list[Line], blocks: tuple[SideBlock, ...]) -> list[tuple[str | None, str, list[str], int]]:
    """The block layout → (code, name, [an amount per block], line) rows: each code's amount in its
    block's column, wrapped names joined, the foot lines as one 合计 row, last.

    A name too long for its cell wraps around the line of its code and amount (机关事业单位基本 /
    30108 … 6.18 / 养老保险缴费): a piece of name alone on a line goes to a row printed without a name,
    the one on the line below (the piece above it) or the one on the line above (the piece below);
    else it continues the name of the row before it."""
    out: list[tuple[str | None, str, list[str], int]] = []
    total: tuple[str, str, list[str], int] | None = None
    pending: tuple[int, str] | None = None  # a piece of name above a line: (the row before it, the piece)
    nameless: list[int] = []  # rows of the line before printed without a name, open to a piece below

    def join(i: int, piece: str, before: bool = False) -> None:
        c, n, v, no = out[i]
        out[i] = (c, piece + n if before else n + piece, v, no)

    for ln in body:
        found = entries(ln, blocks)
        piece = len(found) == 1 and found[0][0] is None and not found[0][2] and not _TOTAL.match(found[0][1])
        if piece and out:
            if nameless:
                join(nameless.pop(0), found[0][1])
            else:
                if pending is not None:
                    join(*pending)
                pending = (len(out) - 1, found[0][1])
            continue
        nameless = []
        for code, name, amount in found:
            if isinstance(code, int) or (code is None and _TOTAL.match(name)):
                total = total or ("total", "合计", [""] * len(blocks), ln.no)
                total[2][code or 0] = amount
                continue
            if code is None and out and not amount:
                join(len(out) - 1, name)  # a wrapped name
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
            if code and not name and amount:
                nameless.append(len(out) - 1)
        if pending is not None:
            if nameless:
                join(nameless[0], pending[1], before=True)
            else:
                join(*pending)
            pending = None
    if pending is not None:
        join(*pending)
    return out + ([total] if total else [])
