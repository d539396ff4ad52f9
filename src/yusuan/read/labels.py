"""Row labels as other regions print them.

* a code glued to its name (``2080101行政运行``, ``30101基本工资``): split into code and name;
* a code split over cells or tokens (``208 05 05``, ``301 01``): the two-digit parts are code,
  not amounts (the PDF-text tokenizer would otherwise read ``05`` as a value);
* a long name wrapped onto a line of its own, below its code line or above it: the catalog name
  of the codes on either side decides where each wrapped piece belongs. Without that evidence
  the pieces are left as they were read.
"""
from __future__ import annotations

import re

from ..catalog import load_catalog
from ..catalog.names import normalize_name

_GLUED = re.compile(r"^(\d{3}(?:\d{2}){0,2})([^\d\s.,，．%].*)$")
_FRAGMENT = re.compile(r"^\d{1,2}$")  # one digit: a 款 printed without its leading zero (301 2)


def unglue(cells: tuple[str, ...]) -> tuple[tuple[str, ...], int | None]:
    """The cells with a glued first code split off; the index where a token was inserted."""
    if cells:
        m = _GLUED.match(cells[0].strip())
        if m:
            return (m.group(1), m.group(2)) + tuple(cells[1:]), 1
    return cells, None


def is_code_fragment(tok: str, labels_so_far: list[str]) -> bool:
    """``05`` (or ``5``) right after a 3- or 5-digit code at the start of a line is part of the code."""
    if not _FRAGMENT.match(tok) or not labels_so_far or not all(t.isdigit() for t in labels_so_far):
        return False
    return len("".join(labels_so_far)) in (3, 5)


def catalog_name(code: str | None, year: int | None) -> str | None:
    if not code or not code.isdigit():
        return None
    cat = load_catalog()
    entry = (cat.economic_dept if code[0] == "3" else cat.functional).by_code(code, year)
    return normalize_name(entry.name) if entry else None


def split_wrapped(pieces: list[str], above_name: str, above_code: str | None, below_name: str,
                  below_code: str | None, year: int | None) -> int | None:
    """How many of the wrapped pieces belong to the row above (the rest to the row below), when
    the catalog names of the two codes say so; None when they do not.

    A name printed centred in a tall cell wraps both above and below its code's line (其他行政事业 /
    2080599 0.88 / 单位养老支出), so while the pieces are read the row above may still lack its first
    words and the row below its last: a split that makes a whole name counts first, then one that
    makes the end of the name above and the start of the name below."""
    want_above, want_below = catalog_name(above_code, year), catalog_name(below_code, year)
    best, best_score = None, (0, 0)
    for k in range(len(pieces), -1, -1):
        up = normalize_name(above_name + "".join(pieces[:k]))
        down = normalize_name("".join(pieces[k:]) + below_name)
        whole = (up == want_above) + (down == want_below)
        part = (bool(up) and want_above is not None and want_above.endswith(up)
                and (k > 0 or not above_name)) + \
            (bool(down) and want_below is not None and want_below.startswith(down) and (k < len(pieces) or not below_name))
        score = (whole, part)
        if score > best_score:
            best, best_score = k, score
    return best
