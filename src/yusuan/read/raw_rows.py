"""A table's rows as printed, before their values are placed (RawRow), and what the row readers of
every layout share: the row words (合计, a code, an organisation, a 政府采购 item), a label's code and
name, a two-sided table's row labels."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..catalog import load_catalog
from ..catalog.vocabulary import ORDINAL, squash
from ..catalog.vocabulary import side_row as _side_row

TOTAL = re.compile(r"^(合计|总计)$")
ELLIPSIS = re.compile(r"^[…⋯.．·]+$")  # a template's placeholder row (“… | …”), not a piece of a name
CODE = re.compile(r"\d{3}|\d{5}|\d{7}")
ORG = re.compile(r"(局|中心|委员会|厅|院|学校|所|站|办公室|处|馆|队|部)(（本级）)?$")
ITEM = re.compile(r"^([A-Z]|货物类?|服务类?|工程类?)$")  # 政府采购 rows (A 货物, 货物类…)


def is_code(text: str) -> bool:
    """``CODE.fullmatch(text)`` without a regex call (each token of each row asks): ``\\d`` is
    ``str.isdecimal``'s Unicode Nd."""
    return len(text) in (3, 5, 7) and text.isdecimal()


@dataclass
class RawRow:
    code: str | None
    name: str
    values: list[str]  # positioned: one per column ("" = blank); else the printed values only
    positioned: bool
    line: int
    side: str | None = None
    gaps: tuple[int, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()
    level: int = 0


def split_labels(labels: list[str]) -> tuple[str | None, str, tuple[tuple[str, str], ...]]:
    """Code and name from the label cells: ``208|01|09|…|名称``, ``30103|奖金|50101|工资…``."""
    groups: list[tuple[str, str]] = []  # (code, name)
    code = ""
    short = None  # a 款 printed without its leading zero: 301 | 2 is 30102
    for cell in labels:
        t = squash(cell)
        if not t:
            continue
        if t.isdecimal() and (not code or len(t) <= 2):  # 类 | 款 | 项 cells: one code
            if len(t) == 1 and len(code) in (3, 5):
                short = short or f"{code} {t}"
                t = "0" + t
            code += t
        elif t.isdecimal():
            groups.append((code, ""))
            code = t
        else:
            groups.append((code, cell.strip()))
            code = ""
    if code:
        groups.append((code, ""))
    if not groups:
        return None, "", ()
    first_code, first_name = groups[0]
    extra: list[tuple[str, str]] = []  # e.g. the 政府经济分类 code and name beside a 部门 code
    for c, n in groups[1:]:
        extra += ([("gov_code", c)] if c else []) + ([("gov_name", n)] if n else [])
    if short and first_code and short.replace(" ", "") != first_code:
        extra.append(("printed_code", short))
    return first_code or None, first_name, tuple(extra)


@lru_cache(maxsize=4096)  # the same labels in every two-sided table, package after package
def class_named(name: str, year: int | None):
    """The 功能分类 类 a two-sided table's expenditure row names (“一、社会保障和就业支出”)."""
    return load_catalog().functional.by_name(ORDINAL.sub("", squash(name)), year, level=1)


side_row = lru_cache(maxsize=4096)(_side_row)  # a label's side and code, asked of each two-sided row
