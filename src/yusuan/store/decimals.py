"""The Parquet ``value`` beside the exact ``amount`` text: a decimal type that holds every stored
amount exactly.

The usual type is decimal128(38, s) (s = 6 for ``export``, 8 for ``import --to parquet``), which
every amount of a real disclosure fits. A store holding an amount with more decimals widens the
scale, and one with more integer digits than decimal128(38, s) leaves goes to decimal256(76, s):
never a crash, never a NULL for an amount that exists (the number rule, ``model/money.py``, admits
at most 38 digits on each side of the point). A lost value (``#####``) is NULL.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pyarrow as pa
from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection

from . import schema as s
from .query import LOST


def _exact(amount: str | None) -> tuple[Decimal, int, int] | None:
    """(value, integer digits, decimals) of an amount; None when it is lost or not a number."""
    if amount is None or amount == LOST:
        return None
    try:
        d = Decimal(amount)
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    t = d.as_tuple()
    return d, max(0, len(t.digits) + t.exponent), max(0, -t.exponent)


def value_type(conn: Connection, scale: int) -> pa.DataType:
    """The decimal type for the facts' amounts: decimal128(38, ``scale``) when they all fit it (one
    SQL pass over their lengths and forms), else the narrowest that holds them all (one more pass)."""
    a = s.facts.c.amount
    odd = a.like("%E%") | a.like("%e%") | a.like("%." + "_" * (scale + 1) + "%")
    longest, unusual = conn.execute(select(func.max(func.length(a)), func.sum(case((odd, 1), else_=0)))
                                    .where(a != LOST)).one()
    if not unusual and (longest or 0) <= 38 - scale:
        return pa.decimal128(38, scale)
    whole = 0
    for (amount,) in conn.execute(select(a).where(a != LOST)):
        found = _exact(amount)
        if found:
            whole, scale = max(whole, found[1]), max(scale, found[2])
    if whole + scale <= 38:
        return pa.decimal128(38, scale)
    return pa.decimal256(min(76, max(whole + scale, 39)), min(scale, 76))


def to_value(amount: str | None, kind: pa.DataType) -> Decimal | None:
    """The amount as a value of ``kind`` (the type was chosen to hold it); None when lost."""
    found = _exact(amount)
    if found is None or found[1] > kind.precision - kind.scale or found[2] > kind.scale:
        return None  # lost, or beyond 76 digits, which no reader produces
    return found[0]
