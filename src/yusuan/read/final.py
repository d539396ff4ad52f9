"""What 决算 (final-accounts) tables print that budget tables do not (DOMAIN.md §6).

* 行次 columns (the line number of each row, 1, 2, 3…) beside the labels: dropped before the
  rows are read, so that they are never taken for amounts; 栏次 rows (1 2 3 under the header)
  are header lines already (they hold no amount).
* the 基本支出决算表 printed in blocks side by side (人员经费 codes on the left, 公用经费 codes
  on the right, sometimes a third block): each (code, name, amount) triple is a row of its own;
  the column is decided by the economic class (301/303 人员经费, the others 公用经费), and the
  foot (人员经费合计 … 公用经费合计 …) is the one ``total`` row.
* a 预算数 block beside a 决算数 block (the “三公” 决算表): the same columns twice, prefixed
  ``full_year_budget.`` and ``final.`` (the block totals are ``full_year_budget`` and ``final``);
  the physical counts some print after them (公务用车购置数/保有量, 因公出国团组数/人次, 国内公务接待
  批次/人次) once, unprefixed, in the order printed, each in its own unit (vocabulary.COUNT_UNITS).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..catalog.vocabulary import COUNT_UNITS, FINAL_BLOCKS, squash
from .lines import Line, is_amount, is_number, line
from .segment import Block

_LINE_NO = re.compile(r"^\d{1,3}$")
_CODE = re.compile(r"^\d{3}(\d{2})?$")
_TOTAL = re.compile(r"^(合计|总计)$")
_FOOT = re.compile(r"^(人员经费|公用经费)(合计|小计)?$")


def drop_line_numbers(block: Block) -> Block:
    """The block without its 行次 columns."""
    head = [ln for page in block.pages for ln in page[:12]]
    if not any(squash(c) == "行次" for ln in head for c in ln.filled):
        return block
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


def column_of(code: str) -> str:
    return "personnel" if code[:3] in ("301", "303") else "public"


def basic_entries(ln: Line) -> list[tuple[str | None, str, str]]:
    """(code, name, amount) triples of one printed line of the block layout; the foot labels
    (人员经费合计, 公用经费合计) come out with the code ``personnel`` or ``public``."""
    out: list[list] = []
    for tok in ln.filled:
        t = squash(tok)
        foot = _FOOT.match(t)
        if _CODE.match(t) or foot or (t == "合计" and not out):
            out.append([("personnel" if t.startswith("人员") else "public") if foot else
                        (None if t == "合计" else t), "" if _CODE.match(t) else t, ""])
        elif is_amount(tok) or (is_number(tok) and out and out[-1][1]):
            if out and not out[-1][2]:
                out[-1][2] = tok
        elif out and not out[-1][2]:
            out[-1][1] += tok.strip()
        else:
            out.append([None, tok.strip(), ""])
    return [tuple(e) for e in out]


def basic_rows(body: list[Line]) -> list[tuple[str | None, str, list[str], int]]:
    """The two-block 基本支出决算表 → (code, name, [personnel, public], line) rows: each code's
    amount in its class's column, wrapped names joined, the foot lines as one 合计 row, last."""
    rows: list[tuple[str | None, str, list[str], int]] = []
    total: tuple[str, str, list[str], int] | None = None
    for ln in body:
        for code, name, amount in basic_entries(ln):
            if code in ("personnel", "public") or (code is None and _TOTAL.match(name)):
                total = total or ("total", "合计", ["", ""], ln.no)
                total[2][1 if code == "public" else 0] = amount
                continue
            if code is None and rows and not amount:
                c, n, v, no = rows[-1]
                rows[-1] = (c, n + name, v, no)  # a wrapped name
                continue
            bare = next((i for i in range(len(rows) - 1, max(len(rows) - 3, -1), -1)
                         if rows[i][0] and not rows[i][1] and not any(rows[i][2])), None)
            if code is None and amount and bare is not None:
                # a code printed alone, its name and amount on the next line (a tall cell's text centred)
                c, _, v, no = rows[bare]
                v[0 if column_of(c) == "personnel" else 1] = amount
                rows[bare] = (c, name, v, no)
                continue
            values = ["", ""]
            if code:
                values[0 if column_of(code) == "personnel" else 1] = amount
            rows.append((code, name, values, ln.no))
    return rows + ([total] if total else [])


def block_columns(header: str, cols: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
    """A 预算数 block and a 决算数 block: each money column twice, prefixed, then the count
    columns once, in header order; None when there are neither blocks nor counts."""
    money = [(c, p) for c, p in cols if c not in COUNT_UNITS]
    counts = sorted(((c, p) for c, p in cols if c in COUNT_UNITS), key=lambda cp: re.search(cp[1], header).start())
    if not all(word in header for word, _ in FINAL_BLOCKS):
        return money + counts if counts else None
    pair = "".join(word for word, _ in FINAL_BLOCKS)
    if header.count(pair) >= 2 and header.count(pair) == len(money):
        # 预算数 | 决算数 under each item (Shanghai), not a 预算数 block and a 决算数 block
        return [(prefix if c == "total" else f"{prefix}.{c}", p) for c, p in money for _, prefix in FINAL_BLOCKS] + counts
    out = []
    for _, prefix in FINAL_BLOCKS:
        out += [(prefix if c == "total" else f"{prefix}.{c}", p) for c, p in money]
    return out + counts
