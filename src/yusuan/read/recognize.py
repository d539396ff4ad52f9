"""A table's kind from its content, when its title says nothing we know.

The header's words and the rows' codes vote: each kind has a few signs (header words, the
class of its row codes, row labels); the kind with the largest share of its signs present wins,
and that share is the confidence. Below ``THRESHOLD`` the table stays ``unknown`` (R003): kept
whole, never guessed, never dropped.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..catalog.specs import reading, spec
from ..catalog.vocabulary import squash
from .lines import Line

THRESHOLD = Decimal("0.6")
_CODE = re.compile(r"^(\d{3})(\d{2}){0,2}$")
_OTHER = {"functional": "economic", "economic": "functional"}

# kind → signs: header patterns, then a row sign ("functional", "economic", a label pattern); tables.toml [signs]
SIGNS: dict[str, tuple[str, ...]] = dict(reading().signs)


def _rows_say(body: list[Line]) -> tuple[set[str], str]:
    kinds: set[str] = set()
    labels = []
    for ln in body:
        if not ln.filled:
            continue
        first = squash(ln.filled[0])
        labels.append("".join(squash(c) for c in ln.filled if not re.fullmatch(r"[\d,.\s]+", c)))
        if _CODE.match(first):
            kinds.add(code_class(first))
    return kinds, "|".join(labels)


def code_class(code: str) -> str:
    """The classification a code of 3, 5 or 7 digits is of: 2… 功能分类, 3… 经济分类."""
    return "economic" if code[0] == "3" else "functional" if code[0] == "2" else "other"


def by_content(header: str, body: list[Line]) -> tuple[str, Decimal] | None:
    """(kind, confidence) or None when no kind reaches the threshold."""
    codes, labels = _rows_say(body)
    best: tuple[str, Decimal] | None = None
    for kind, signs in SIGNS.items():
        hit = 0
        veto = False
        counted = 0
        for sign in signs:
            if sign.startswith("!"):
                veto = veto or bool(re.search(sign[1:], header))
                continue
            counted += 1
            if sign.startswith("@="):
                hit += bool(re.search(sign[2:], labels))
            elif sign.startswith("@"):
                hit += sign[1:] in codes
            else:
                hit += bool(re.search(sign, header))
        rows = spec(kind).rows  # rows of one classification's codes are no table of the other's
        if veto or not counted or _OTHER.get(rows) in codes and rows not in codes:
            continue
        score = (Decimal(hit) / counted).quantize(Decimal("0.01"))
        if best is None or score > best[1]:
            best = (kind, score)
    return best if best and best[1] >= THRESHOLD else None
