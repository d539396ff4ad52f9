"""What a package says it is, from its cover, title and headings: the unit, the year, budget or 决算.

A cover prints the title over a few short lines (“上海市普陀区规划和自然 / 资源局 / 2024 年度部门决算”)
and often a field naming the unit (预算主管部门：…, 预算单位：…); a web page's title line says it
in one (“标题: 2016年平潭综合实验区检验检测认证中心部门预算说明”). Table labels never name the unit:
a row or title such as “二十一、国有资本经营预算” is not one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..catalog.vocabulary import squash
from .segment import ORG_NAME

# a field naming the unit: 预算主管部门：…, 预算单位：…, 编制部门：…, 单位名称：…
_FIELD = re.compile(r"(?:预算主管部门|主管部门|预算单位|预算部门|编制部门|编制单位|编报单位|填报单位|单位名称|部门名称)[:：]"
                    r"\s*([^\s:：，,。]{3,40}?)(?=\s*(?:单位[:：]|金额单位|$|\s))")
_YEAR = r"(?P<year>20\d{2})年度?"
_KIND = r"(?P<level>(?:省|市|区|县)级)?(?:部门|单位)?(?P<kind>预算|决算)"
# “X2024年度部门决算”, “2016年X部门预算说明”, “上海市普陀区2024年区级部门预算”
_TITLE = (re.compile(rf"(?P<unit>[^\d]{{2,40}}?){_YEAR}{_KIND}"), re.compile(rf"{_YEAR}(?P<unit>[^\d]{{2,40}}?){_KIND}"))
_COVER_END = re.compile(r"目\s*录|^第[一二三四五六七八九十]+部分|^[一二三四五六七八九十]+、")


@dataclass(frozen=True)
class Cover:
    unit: str | None
    year: int | None
    kind: str | None  # budget | final_accounts


def _unit(name: str) -> str | None:
    name = re.sub(r"^(标题|题目)[:：]", "", name).strip("“”\"（）()·")
    if not name or not ORG_NAME.search(name):
        return None
    return name


def read_cover(lines: list[str]) -> Cover:
    """The unit, year and kind a package's first lines state (None for what they do not)."""
    head: list[str] = []
    for raw in lines[:40]:
        t = squash(raw)
        if not t:
            continue
        if head and (_COVER_END.search(t) or len(t) > 60):
            break
        head.append(t)
    title = "".join(head[:6])
    unit = year = kind = None
    for pattern in _TITLE:
        m = pattern.search(title)
        if m:
            year, kind = int(m.group("year")), "final_accounts" if m.group("kind") == "决算" else "budget"
            unit = _unit(m.group("unit"))
            break
    for raw in lines[:60]:
        m = _FIELD.search(raw.strip())
        named = _unit(m.group(1)) if m else None
        if named:
            unit = named  # a field says it plainly, where a title may name the region (上海市普陀区2024年区级…)
            break
    return Cover(unit, year, kind)
