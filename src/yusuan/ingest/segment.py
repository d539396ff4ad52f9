"""Lines → blocks: one block per printed table, the narrative apart.

A table starts at its title (recognised by kind words, confirmed by a 单位 line or a form
field just below, so that a table of contents or a narrative heading is not taken for one),
optionally preceded by its number (附件4-2, 表二, 预算 01 表). A table printed over several
pages repeats its title and header; those pages are joined into one block.

A 部门 package may print its 汇总 tables and then each 预算单位's own set. Each block keeps the
unit it says it belongs to: its own 编制单位/单位名称 line (``label``), else the last heading
above it such as “重庆市XX局（本级）2025年部门预算” (``heading``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..catalog.vocabulary import FORMS, kind_of_title, squash
from .lines import Line

NUMBER = re.compile(r"^(附件\s*\d+\s*[-－]\s*\d+|表[一二三四五六七八九十]+|(预算|公开|决算)\s*\d+\s*表)$")
_CONFIRM = re.compile(r"^(单位[:：]|单位名称|编制单位|填报部门|申报单位|预算部门|部门名称|部门[（(]单位[)）]名称|金额单位)")
_NOT_TITLE = re.compile(r"[，。；：:]|情况说明|说明$|^[-－—]|^注|^备注|(^|年度?)无")  # “2024年度无政府采购”


_UNIT_KEY = re.compile(r"^(单位名称|编制单位|编报单位|预算单位|部门名称|填报部门|填报单位|部门[（(]单位[)）]名称|单位)[:：]")
_AMOUNT_UNIT = re.compile(r"(金额)?单位[:：]?(万元|元|千元|亿元)$")
_CODE_NAME = re.compile(r"^\d{3}(\d{3})?[-－—]")
# an organisation's name ends like one (局, 中心, …) or with （本级）
ORG_NAME = re.compile(r"(局|中心|委员会|委|厅|院|学校|校|所|站|办公室|办|处|馆|队|部|会|园|社|室|团|司|署|场|台|机关|"
                      r"[（(]本级[)）])$")
_HEADING = re.compile(r"^(?P<name>\D.{1,40}?)20\d{2}年度?(部门|单位)?(预算|决算)(公开)?$")


def unit_label(text: str) -> str | None:
    """The unit a 编制单位/单位名称/部门名称 line names (``303016-新乡市社会保险中心`` or a name),
    None for any other line (``单位：万元`` included)."""
    t = squash(text)
    m = _UNIT_KEY.match(t)
    if not m:
        return None
    value = _AMOUNT_UNIT.sub("", t[m.end():])  # “部门名称：X　单位：元” on one line
    if not value or _AMOUNT_UNIT.fullmatch(t) or (m.group(1) == "单位" and not _CODE_NAME.match(value)):
        return None
    return value


def heading_label(text: str) -> str | None:
    """The unit a package or set heading names: “重庆市XX局（本级）2025年部门预算” → 重庆市XX局（本级）."""
    m = _HEADING.match(squash(text))
    name = m.group("name") if m else None
    return name if name and ORG_NAME.search(name) else None


@dataclass
class Block:
    title: str
    number: str | None
    kind: str | None
    line: int
    pages: list[list[Line]] = field(default_factory=list)
    label: str | None = None  # the unit its own 编制单位/单位名称 line names
    heading: str | None = None  # the unit the last set heading above it names


def segment(lines: list[Line]) -> tuple[list[tuple[str | None, list[Line]]], list[Block]]:
    """→ the stories (the package's narrative, then each unit's that follows its set heading after
    the tables, with that heading's unit) and the blocks (titled tables and forms)."""
    narrative: list[Line] = []
    stories: list[tuple[str | None, list[Line]]] = [(None, narrative)]
    story: list[Line] | None = None  # a unit's story being read
    package: str | None = None  # the first heading's unit (a running page header repeats it)
    blocks: list[Block] = []
    pending_number: str | None = None
    heading: str | None = None
    for i, line in enumerate(lines):
        if blocks and blocks[-1].label is None and line.cells and len(line.filled) <= 3:
            if sum(len(p) for p in blocks[-1].pages) < 4:
                blocks[-1].label = unit_label("".join(line.filled[:2]))  # just under the title
            else:
                blocks[-1].label = ""  # past the lines under the title: none (and no more looking)
        if not line.cells or len(line.filled) > 3:  # a title or a number label is one or two cells
            if blocks:
                blocks[-1].pages[-1].append(line)
            else:
                narrative.append(line)
            continue
        text = squash(line.text)
        if NUMBER.match(text):
            pending_number = text
            continue
        named = heading_label(text)
        if named:  # a package's or a unit set's heading: not a row of the table above
            heading, package = named, package or named
            story = None
            if not blocks:
                narrative.append(line)
            elif named != package:  # a unit's own narrative may follow, up to its first title
                stories.append((named, []))
                story = stories[-1][1]
            continue
        if _is_title(lines, i, text, pending_number is not None) or _unfamiliar_title(lines, i, text):
            kind = kind_of_title(text)
            prev = blocks[-1] if blocks else None
            if (prev and kind not in FORMS and prev.kind == kind and squash(prev.title) == text
                    and pending_number in (None, prev.number)):
                prev.pages.append([])  # the same table continued on a new page
            else:
                blocks.append(Block(line.text.strip(), pending_number, kind, line.no, [[]], heading=heading))
            pending_number = story = None
            continue
        if story is not None and len(line.filled) == 1:  # text under a unit's heading, before its tables
            story.append(line)
        elif blocks:
            blocks[-1].pages[-1].append(line)
        else:
            narrative.append(line)
    return [(unit, lines_) for unit, lines_ in stories if unit is None or lines_], blocks


_TABLE_WORD = re.compile(r"(表|附表\s*\d+)([（(]续[)）])?$")


def _unfamiliar_title(lines: list[Line], i: int, text: str) -> bool:
    """A title whose words we do not know (其他地区的模板): it ends like a table title and a
    单位 line follows. Its table is cut here and recognised by content (or kept as unknown),
    never swallowed into the table before it."""
    if not text or len(text) > 40 or len(lines[i].filled) > 2 or not _TABLE_WORD.search(text):
        return False
    return not kind_of_title(text) and not _NOT_TITLE.search(text) and _confirmed(lines, i, strict=True)


def _confirmed(lines: list[Line], i: int, strict: bool = False) -> bool:
    """A 单位 line within three lines below; ``strict``: with no table number or known title
    between (a cover page's “××单位预算表” above the first table is not a table)."""
    seen = 0
    for j in range(i + 1, len(lines)):  # not lines[i + 1:]: a copy of the rest for every title is quadratic
        t = squash(lines[j].text)
        if not t:
            continue
        if _CONFIRM.match(t):
            return True
        if strict and (NUMBER.match(t) or kind_of_title(t)):
            return False
        seen += 1
        if seen >= 3:
            return False
    return False


def _is_title(lines: list[Line], i: int, text: str, numbered: bool) -> bool:
    if not text or len(text) > 60 or len(lines[i].filled) > 2 or not kind_of_title(text):
        return False
    if _NOT_TITLE.search(text):
        return False
    if numbered:  # a number label (表九) just above a kind title is confirmation enough
        return True
    return _confirmed(lines, i)
