"""Exact amounts parsed from printed text.

A printed cell is one of: a number (kept as ``Decimal`` with the decimals it was printed
with, so rounding intervals can be derived), blank (absent, not zero), a lost value
("#####", an overflowing spreadsheet cell) or text that is not a number.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache

# Thousands separators are only accepted in groups of three; spaces that PDF/OCR extraction
# puts around separators and the decimal point ("4, 675. 21") are removed first.
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_SPACES = re.compile(r"[\s\u3000]+")
_LOST = re.compile(r"^#{2,}$")
_DASH = re.compile(r"^[-－—–]{1,2}$")


class Status(str, Enum):
    NUMBER = "number"
    BLANK = "blank"
    LOST = "lost"  # "#####": a value existed but was lost in export
    TEXT = "text"  # not a number


@lru_cache(maxsize=65536)
def classify(text: str | None) -> tuple[Status, Decimal | None]:
    """Parse one printed cell; never raises. (Cached: Decimals are immutable.)"""
    if text is None:
        return Status.BLANK, None
    t = _SPACES.sub("", text).replace("−", "-").replace("，", ",")
    if t == "" or _DASH.match(t):  # “-”, “—”: printed for nothing
        return Status.BLANK, None
    if _LOST.match(t):
        return Status.LOST, None
    if _NUMBER.match(t):
        try:
            return Status.NUMBER, Decimal(t.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
            return Status.TEXT, None
    return Status.TEXT, None


class Unread(Decimal):
    """A value that is there but could not be read or placed (R002, R004, R005, R007): arithmetic
    sees nothing (0), and a check that meets it is skipped, never judged as if the cell were blank."""

    def __repr__(self) -> str:
        return "UNREAD"


UNREAD = Unread(0)


def unread(*values) -> bool:
    return any(isinstance(v, Unread) for v in values)


def parse_amount(text: str | None) -> Decimal | None:
    """The exact value of a printed number, or None when it is blank, lost or not a number."""
    return classify(text)[1]


def is_amount(text: str | None) -> bool:
    return classify(text)[0] is Status.NUMBER


def half_ulp(value: Decimal) -> Decimal:
    """Half a unit in the last printed place: "2.19" stands for 2.19 ± 0.005."""
    exp = value.as_tuple().exponent
    return Decimal(5).scaleb(exp - 1) if isinstance(exp, int) else Decimal(0)
