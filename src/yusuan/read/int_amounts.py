"""Amounts as machine integers for the placement search (``assign.py``): in units of half of 10⁻⁹, finer
than any printed amount, so that sums of printed values are added exactly and quickly."""
from __future__ import annotations

from decimal import Decimal

EXACT_BELOW = 10 ** 27  # below it, Decimal arithmetic (28 digits) on the same amounts is exact too
_UNIT = Decimal("0.0000000005")  # the integer unit: half of 10⁻⁹, finer than any printed amount


def as_int(x: Decimal | None) -> int:
    if x is None:
        return 0
    out = _INTS.get(x)
    if out is None:
        q = x / _UNIT
        if q != q.to_integral_value():
            raise OverflowError  # more than nine decimals: not an amount this search handles
        out = int(q)
        if len(_INTS) < 100_000:
            _INTS[x] = out
    return out


_INTS: dict[Decimal, int] = {}  # by value (1.0 and 1.00 are the same integer): a document repeats its amounts


def slack_int(x: Decimal) -> int:
    """``as_int(half_ulp(x))`` from x's exponent alone: half of 10^e is 10^(e + 9) units."""
    exp = x.as_tuple().exponent
    if not isinstance(exp, int):
        return 0  # (no NaN nor infinity is read; half_ulp gives them 0)
    if exp < -9:
        raise OverflowError  # as in as_int: more than nine decimals
    return _POWERS[exp + 9] if exp + 9 < len(_POWERS) else 10 ** (exp + 9)


_POWERS = tuple(10 ** e for e in range(40))
