"""Plain aligned text tables that line up Chinese text (wide characters count as two columns)."""
from __future__ import annotations

import unicodedata
from typing import Sequence


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, n: int, right: bool) -> str:
    gap = " " * (n - width(text))
    return gap + text if right else text + gap


def grid(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """The rows under their header, columns separated by two spaces; ``numeric`` columns right-aligned."""
    widths = [max([width(header[i])] + [width(r[i]) for r in rows]) for i in range(len(header))]
    out = []
    for r in (header, *rows):
        out.append("  ".join(_pad(str(v), widths[i], i in numeric) for i, v in enumerate(r)).rstrip())
    return "\n".join(out)
