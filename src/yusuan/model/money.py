"""Exact amounts parsed from printed text.

A printed cell is one of: a number (kept as ``Decimal`` with the decimals it was printed
with, so rounding intervals can be derived), blank (absent, not zero), a lost value
("#####", an overflowing spreadsheet cell) or text that is not a number.

The number rule, one for every reader (docs/limits.md):

1. Spaces, the ideographic space U+3000 included, are removed ("4, 675. 21" → 4675.21): PDF and
   OCR extraction put them around separators.
2. Full-width forms, which Chinese input methods type, are their ASCII forms: digits ０–９, the
   comma ，, the full stop ．, ＋ and －, the parentheses （ ）; U+2212 − is a minus.
   "２，６２７．１７" is 2627.17, "９９９" is 999.
3. Only those digits are digits. Digits of other scripts (Arabic-Indic ٣, Devanagari ३, …) never
   appear in these disclosures: such a cell is text, reported where a number belongs (R005).
4. A leading + or − gives the sign. A number in parentheses printed as an amount (with a decimal
   point or thousands separators) is negative, as accountants print it: "(2,627.17)" and
   "（2,627.17）" are −2627.17; "(1)" numbers an item and is text.
5. A dash alone (-, －, —, –, or two of them) is printed for nothing: blank.
6. Thousands separators only in groups of three; one decimal point.
7. At most 38 digits before the point and 38 after it (far beyond any amount; a longer run of
   digits is text): every amount fits a 76-digit decimal, so exports hold it exactly.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache

# Thousands separators are only accepted in groups of three; spaces that PDF/OCR extraction
# puts around separators and the decimal point ("4, 675. 21") are removed first. ASCII digits
# only ([0-9], not \d, which admits every script's digits).
_NUMBER = re.compile(r"^[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?$")
_SPACES = re.compile(r"[\s\u3000]+")
_LOST = re.compile(r"^#{2,}$")
_DASH = re.compile(r"^[-—–]{1,2}$")
_ASCII = str.maketrans("０１２３４５６７８９，．＋－（）−", "0123456789,.+-()-")
MAX_DIGITS = 38  # before the point, and after it


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
    t = _SPACES.sub("", text)
    if not t.isascii():
        t = t.translate(_ASCII)
    if t == "" or _DASH.match(t):  # “-”, “—”: printed for nothing
        return Status.BLANK, None
    if _LOST.match(t):
        return Status.LOST, None
    negative = len(t) > 2 and t[0] == "(" and t[-1] == ")" and ("." in t or "," in t) and t[1] not in "+-"
    if negative:
        t = t[1:-1]
    if not _NUMBER.match(t):
        return Status.TEXT, None
    whole, _, decimals = t.replace(",", "").lstrip("+-").partition(".")
    if len(whole) > MAX_DIGITS or len(decimals) > MAX_DIGITS:
        return Status.TEXT, None
    try:
        value = Decimal(t.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        return Status.TEXT, None
    return Status.NUMBER, -value if negative else value


class Unread(Decimal):
    """A value that is there but could not be read or placed (R002, R004, R005, R007): arithmetic
    sees nothing (0), and a check that meets it is skipped, never judged as if the cell were blank."""

    def __repr__(self) -> str:
        return "UNREAD"


UNREAD = Unread(0)


def unread(*values) -> bool:
    for v in values:  # a plain loop: the checker asks this of every comparison
        if v.__class__ is Unread:
            return True
    return False


def parse_amount(text: str | None) -> Decimal | None:
    """The exact value of a printed number, or None when it is blank, lost or not a number."""
    return classify(text)[1]


def is_amount(text: str | None) -> bool:
    return classify(text)[0] is Status.NUMBER


def half_ulp(value: Decimal) -> Decimal:
    """Half a unit in the last printed place: "2.19" stands for 2.19 ± 0.005 (and "2.190" for ± 0.0005)."""
    if not value.is_finite():
        return Decimal(0)
    exp = exponent(value)
    half = _HALVES.get(exp)
    if half is None:
        half = Decimal(5).scaleb(exp - 1)
        if -40 < exp < 40:  # (the places amounts are printed to: a bounded table)
            _HALVES[exp] = half
    return half


_HALVES: dict[int, Decimal] = {}


def exponent(value: Decimal) -> int:
    """A finite value's exponent, read from its text (as_tuple builds a named tuple: three times the
    cost): a Decimal is written without an exponent exactly when its digits after the point are
    −exponent (or none: 0)."""
    text = str(value)
    if "E" in text:
        return value.as_tuple().exponent
    dot = text.find(".")
    return 0 if dot < 0 else dot + 1 - len(text)
