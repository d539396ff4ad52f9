"""A row's code from its name, where the name says it: 合计, a 政府采购 item, a 预算单位, a two-sided
table's row, a 功能分类 class; the fund rows under 上年结转."""
from __future__ import annotations

from ..catalog import load_catalog
from ..catalog.specs import spec as kind_spec, table_specs
from ..catalog.vocabulary import ORDINAL, squash
from .raw_rows import ORG, TOTAL, RawRow, class_named, side_row

_PROCUREMENT = {"货物": "goods", "服务": "services", "工程": "works"}
_UNIT_ROW_KINDS = frozenset(s.kind for s in table_specs() if s.unit_rows)


def _unit_row(row: RawRow, name: str, kind: str, units: bool, cat, year: int | None) -> bool:
    """A row for a 预算单位: an organisation's name, or (under a 单位编码 column) a 6-digit code, or a
    3-digit one whose name is no class's."""
    if not row.code or kind not in _UNIT_ROW_KINDS:
        return False
    if ORG.search(squash(name)):
        return True
    bare = ORDINAL.sub("", squash(name))
    return units and (len(row.code) == 6 or len(row.code) == 3 and not any(
        c.by_name(bare, year, level=1) for c in (cat.functional, cat.economic_dept, cat.economic_gov)))


def name_row(row: RawRow, kind: str, two_sided: bool, year: int | None, units: bool = False) -> RawRow:
    name = row.name.strip()
    cat = load_catalog()
    if two_sided:
        sr = side_row(name)
        if sr and row.side == "expenditure" and sr[1] == "income":
            sr = None  # “二十三、国有资本经营预算” on the expenditure side is class 223
        if sr:
            row.code = sr[0] if sr[0] != "total" else ("in.total" if row.side == "income" else "out.total")
            row.side = row.side or sr[1]
        elif row.side == "expenditure" and name:
            entry = class_named(name, year)
            row.code = entry.code if entry else None
            row.level = 1
        return row
    if row.code is None and (TOTAL.match(squash(name)) or (kind_spec(kind).rows == "items"  # one row of items
                                                             and squash(name) in ("", "金额", "决算数"))):
        row.code, row.name = "total", row.name or "合计"
    elif kind == "procurement" and (cat := _PROCUREMENT.get(squash(name)[:2])
                                   or _PROCUREMENT.get(dict(row.extra).get("gov_name", "")[:2])):
        row.name = name if squash(name)[:2] in _PROCUREMENT else dict(row.extra)["gov_name"]
        row.code, row.extra = cat, ()
    elif _unit_row(row, name, kind, units, cat, year):
        row.code = f"unit:{row.code}"
    elif row.code and row.code.isdigit():
        row.level = {3: 1, 5: 2, 7: 3}.get(len(row.code), 0)
    return row


def carryover_context(rows: list[RawRow], two_sided: bool) -> None:
    """Fund rows under 二、上年结转 are carry-over by fund, not this year's income."""
    if not two_sided:
        return
    under = False
    for r in rows:
        if r.side != "income" or not r.code:
            continue
        if r.code == "in.carryover":
            under = True
        elif r.code in ("in.current", "in.total"):
            under = False
        elif under and r.code.startswith("in.") and r.code.count(".") == 1:
            r.code = "in.carryover." + r.code[3:]
