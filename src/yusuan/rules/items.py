"""The 类/款/项 a narrative item names (“社会保障和就业支出（类）社会福利（款）社会福利事业单位（项）”738.66
万元) and the table row it is: found by the names of its links, or, when the last name is not the
table's, by the amount it states under the ancestors that are."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..catalog.names import LINKED_NAME
from ..catalog.vocabulary import ORDINAL, squash
from ..model import Row, Table
from ..model.records import kept
from ..model.roles import RowRole, row_role

_LINK = re.compile(rf"({LINKED_NAME})[（(](类|款|项)[）)]")
_LEVEL = {"类": 1, "款": 2, "项": 3}
_WIDTH = {1: 3, 2: 5, 3: 7}
_AMOUNT = re.compile(r"(\d[\d,]*\.?\d*)万元")


@dataclass(frozen=True)
class Item:
    links: tuple[tuple[str, int], ...]  # (name, level), 类 first
    text: str  # as printed
    amount: Decimal | None  # the first amount stated after it
    at: int  # where it starts in its text


def items(text: str) -> list[Item]:
    """The chains of 类/款/项 named in a (squashed) text, with the first amount stated after each."""
    return list(_items(text))


@lru_cache(maxsize=1024)  # a section's text is read by several rules (N125, N126, …)
def _items(text: str) -> tuple[Item, ...]:
    if "（" not in text and "(" not in text:
        return ()  # no link (类/款/项 in brackets) can be named
    out: list[Item] = []
    for m in _CHAIN.finditer(text):
        links = tuple((_LEADING.sub("", squash(x.group(1))), _LEVEL[x.group(2)])
                      for x in _LINK.finditer(m.group()))
        after = text[m.end():m.end() + 120]
        amount = _AMOUNT.search(_LINK.split(after)[0])  # before the next item's chain
        out.append(Item(links, m.group(), Decimal(amount.group(1).replace(",", "")) if amount else None, m.start()))
    return tuple(out)


_CHAIN = re.compile(rf"(?:{_LINK.pattern})+")
_LEADING = re.compile(r"^[\d.．、“”\"]+")


def _names(t: Table) -> dict[str, str]:
    """The table's classified rows' names as the items name them, by code. Asked for every item of
    every claim: made once per table."""
    return kept(t, "item_names", lambda t: {r.code: ORDINAL.sub("", squash(r.name)) for r in t.rows
                                            if row_role(r.code) is RowRole.CLASS})


def row_of(t: Table, item: Item) -> tuple[Row | None, tuple[str, int] | None]:
    """The row an item names, and the link (name, level) the table prints under another name (None
    when every link is the table's). The last link is found by its name under its named ancestors,
    else by the amount stated (in any column) among the rows of its level under them."""
    names = _names(t)
    rows = kept(t, "class_rows_by_code", lambda t: {r.code: r for r in t.rows if row_role(r.code) is RowRole.CLASS})
    under = ""  # the code of the deepest ancestor found
    wrong = None
    for name, level in item.links[:-1]:
        hit = [c for c, n in names.items() if n == name and len(c) == _WIDTH[level] and c.startswith(under)]
        if len(hit) == 1:
            under = hit[0]
        elif wrong is None:
            wrong = (name, level)
    name, level = item.links[-1]
    hit = [c for c, n in names.items() if n == name and len(c) == _WIDTH[level] and c.startswith(under)]
    if len(hit) != 1 and item.amount is not None:
        hit = [c for c in names if len(c) == _WIDTH[level] and c.startswith(under)
               and any(cell.value == item.amount for cell in rows[c].cells)]
        wrong = (name, level) if len(hit) == 1 else wrong
    if len(hit) != 1:
        return None, None
    code = hit[0]
    if wrong is None:  # an ancestor named otherwise than the table names it
        for name, level in item.links[:-1]:
            if names.get(code[:_WIDTH[level]]) != name:
                wrong = (name, level)
                break
    return rows[code], wrong


def printed_name(t: Table, row: Row, level: int) -> tuple[str, str]:
    """The code and name the table prints for the row's ancestor (or itself) at ``level``."""
    code = row.code[:_WIDTH[level]]
    return code, _names(t).get(code, "")
