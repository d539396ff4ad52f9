"""Columns printed twice, under a 预算数 block and a 决算数 block (the 决算 “三公” table; its spec's
``blocks``): the same columns with each block's prefix (``full_year_budget.abroad``, ``final.abroad``; a
block's total is its prefix alone); the physical counts some print after them (公务用车购置数/保有量,
因公出国团组数/人次, 国内公务接待批次/人次) once, unprefixed, in the order printed, each in its own unit
(columns.toml [count_units]).
"""
from __future__ import annotations

import re

from ..catalog.vocabulary import COUNT_UNITS


def block_columns(header: str, cols: list[tuple[str, str]], blocks: tuple[tuple[str, str], ...]) \
        -> list[tuple[str, str]] | None:
    """The blocks ((label, prefix), as 预算数 and 决算数): each money column once in each, prefixed, then
    the count columns once, in header order; None when there are neither blocks nor counts."""
    money = [(c, p) for c, p in cols if c not in COUNT_UNITS]
    counts = sorted(((c, p) for c, p in cols if c in COUNT_UNITS), key=lambda cp: re.search(cp[1], header).start())
    if not all(word in header for word, _ in blocks):
        return money + counts if counts else None
    pair = "".join(word for word, _ in blocks)
    if header.count(pair) >= 2 and header.count(pair) == len(money):
        # 预算数 | 决算数 under each item (Shanghai), not a 预算数 block and a 决算数 block
        return [(prefix if c == "total" else f"{prefix}.{c}", p) for c, p in money for _, prefix in blocks] + counts
    out = []
    for _, prefix in blocks:
        out += [(prefix if c == "total" else f"{prefix}.{c}", p) for c, p in money]
    return out + counts
