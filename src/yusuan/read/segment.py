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
from functools import lru_cache

from ..catalog.vocabulary import FORMS, chinese_numeral, kind_of_title, squash
from .form_words import is_field
from .lines import Line, is_value

NUMBER = re.compile(r"^(附件\s*\d+(\s*[-－]\s*\d+)?|附?表\s*([一二三四五六七八九十]+|\d+(\s*[-－]\s*\d+)?)|"
                    r"(预算|公开|决算)\s*\d+\s*表)$")
_CONFIRM = re.compile(r"^(单位[:：]|单位名称|编制单位|填报部门|申报单位|预算部门|部门名称|部门[（(]单位[)）]名称|金额单位)")
_NOT_TITLE = re.compile(r"[，。；：:]|情况说明|说明$|^[-－—]|^注|^备注|(^|年度?)无|…{2,}|\.{6,}")  # “2024年度无政府采购”


_UNIT_KEY = re.compile(r"^(单位名称|编制单位|编报单位|预算单位|部门名称|填报部门|填报单位|部门[（(]单位[)）]名称|单位)[:：]")
_AMOUNT_UNIT = re.compile(r"(金额)?单位[:：]?(万元|元|千元|亿元)$")
_CODE_NAME = re.compile(r"^\d{3}(\d{3})?[-－—]")
# an organisation's name ends like one (局, 中心, …) or with （本级）
ORG_NAME = re.compile(r"(局|中心|委员会|委|厅|院|学校|校|所|站|办公室|办|处|馆|队|部|会|园|社|室|团|司|署|场|台|机关|"
                      r"[（(]本级[)）])$")
_HEADING = re.compile(r"^(第[一二三四五六七八九十]+部分)?(?P<name>\D.{1,40}?)20\d{2}年度?(部门|单位)?(预算|决算)(公开)?$")


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


_HEADING_ENDS = ("预算", "决算", "预算公开", "决算公开")


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
    closed: bool = False  # narrative followed it: later lines are not its own
    indicator_header: Line | None = None  # a form's first line of 一级指标 二级指标 … (read_forms starts there)


def segment(lines: list[Line], starts: frozenset[int] = frozenset()) -> tuple[list[tuple[str | None, list[Line]]],
                                                                                 list[Block]]:
    """→ the stories (the package's narrative, then each unit's that follows its set heading after
    the tables, with that heading's unit) and the blocks (titled tables and forms). ``starts``: the
    numbers of the lines that begin a sheet or a page."""
    narrative: list[Line] = []
    stories: list[tuple[str | None, list[Line]]] = [(None, narrative)]
    story: list[Line] | None = None  # a unit's story being read
    package: str | None = None  # the first heading's unit (a running page header repeats it)
    blocks: list[Block] = []
    pending_number: str | None = None
    heading: str | None = None
    outline: dict[str, str] = {}  # the narrative's last heading number of each style (一、, （一）)
    begun = False  # a sheet or a page begun, its first printed line not met yet
    # the last block, the page lines go to and whether it is a form (asked of every line: kept at hand)
    last: Block | None = None
    page: list[Line] = narrative
    form = False
    for i, line in enumerate(lines):
        cells, filled = line.cells, line.filled
        begun = begun or line.no in starts
        top, begun = begun and bool(filled), begun and not filled  # top: the sheet's or page's first line
        if last is not None and last.label is None and cells and len(filled) <= 3:
            if sum(map(len, last.pages)) < 4:
                last.label = unit_label("".join(filled[:2]))  # just under the title
            else:
                last.label = ""  # past the lines under the title: none (and no more looking)
        if not cells or len(filled) > 3 and (line.positioned or _row_like_words(filled)):  # a table's row
            if last is not None and last.closed and cells:  # rows after narrative: a table without a title
                last = Block("", None, None, line.no, [[]], heading=heading)
                blocks.append(last)
                page, form = last.pages[-1], False
            page.append(line)  # (the narrative's, before any block)
            if form and last.indicator_header is None and _indicator_header(line):
                last.indicator_header = line
            continue
        text = squash(line.text)
        if text[:1] in _NUMBER_FIRST and NUMBER.match(text) and not _titled_by_number(lines, i):
            pending_number = text
            continue
        named = heading_label(text) if text.endswith(_HEADING_ENDS) else None  # (_HEADING's end: no match else)
        if named:  # a package's or a unit set's heading: not a row of the table above
            heading, package = named, package or named
            story = None
            if last is None:
                narrative.append(line)
            elif named != package:  # a unit's own narrative may follow, up to its first title
                stories.append((named, []))
                story = stories[-1][1]
            continue
        # a title of a kind we know (_is_title), else one we do not (_unfamiliar_title): either, not both
        if len(filled) <= 2 and (_is_title(lines, i, text, pending_number is not None) if kind_of_title(text)
                                 else "表" in text and _unfamiliar_title(lines, i, text)):
            kind = kind_of_title(text)
            if (last is not None and kind not in FORMS and last.kind == kind and squash(last.title) == text
                    and pending_number in (None, last.number)):
                last.pages.append([])  # the same table continued on a new page
            else:
                last = Block(line.text.strip(), pending_number, kind, line.no, [[]], heading=heading)
                blocks.append(last)
                form = kind in FORMS
            page = last.pages[-1]
            pending_number = story = None
            continue
        if last is not None and not last.closed and _narrative_resumes(last, lines, i, top, outline):
            last.closed = True  # the table is over: a heading or paragraph of narrative follows
        if story is not None and len(filled) == 1:  # text under a unit's heading, before its tables
            story.append(line)
        elif last is not None and not last.closed:
            page.append(line)
            if form and last.indicator_header is None and _indicator_header(line):
                last.indicator_header = line
        else:
            narrative.append(line)
            if number := _heading_number(text):
                outline[number[0]] = number[1]
    return [(unit, lines_) for unit, lines_ in stories if unit is None or lines_], blocks


def _indicator_header(line: Line) -> bool:
    """A form's indicator header: three of its words or more (一级指标 二级指标 三级指标 …)."""
    return len(line.filled) >= 3 and sum(map(is_field, line.filled)) >= 3


# the end of a table's title: …表, 附表3, then perhaps （续） or what it is by (（按功能科目）, （按政府预算支出经济分类）)
_TABLE_WORD = re.compile(r"(表|附?表\s*\d+)([（(](续|按[^（()）]{1,14})[)）])?$")
_NUMBER_FIRST = frozenset("附表预公决")  # the first character of anything NUMBER matches


def _titled_by_number(lines: list[Line], i: int) -> bool:
    """A number (附表3) with a 单位 line right under it: the table's only title, not a label above one."""
    nxt = next((lines[j] for j in range(i + 1, len(lines)) if squash(lines[j].text)), None)  # no copy of the rest
    return nxt is not None and (bool(_CONFIRM.match(squash(nxt.text))) or _field_line(nxt, squash(nxt.text)))


def _unfamiliar_title(lines: list[Line], i: int, text: str) -> bool:
    """A title whose words we do not know (其他地区的模板): it ends like a table title and a
    单位 line follows. Its table is cut here and recognised by content (or kept as unknown),
    never swallowed into the table before it."""
    if not text or len(text) > 60 or len(lines[i].filled) > 2 or not _TABLE_WORD.search(text):
        return False
    return not kind_of_title(text) and not _NOT_TITLE.search(text) and _confirmed(lines, i, strict=True)


# a note under a table (注：…, 本表无数据, 故此表为空表), which may wrap onto a second line
NOTE = re.compile(r"^(注|备注|说明)[:：]|(此|本|该)表(为空|无数据|无内容)|空表|故此表|无该项|无此项")
_SECTION = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+部分)"
                      r"|(情况说明|说明|情况)$")


@lru_cache(maxsize=8192)
def _note(text: str) -> bool:
    """A line of the notes under a table (asked of each line after every line of the table above)."""
    return NOTE.search(squash(text)) is not None


@lru_cache(maxsize=8192)  # a running header or footer repeats on every page
def _row_like_words(filled: tuple[str, ...]) -> bool:
    """A line of PDF text (its words split at spaces) that prints an amount or starts with a code: a
    table's row, where words alone are a sentence (“中共上海市普陀区委社会工作部 2024 年度…”). A
    sentence's marks (。，；) make it prose whatever it prints (“9859.38 万元。与 2023 年度相比，…”)."""
    return (any(map(is_value, filled)) or filled[0].isdigit()) and not _PROSE_MARKS.search(" ".join(filled))


# a sentence's marks, or an amount with its unit written after it (“支出 0.39 万（含…0.00 万元）”: a table
# prints its unit once, in its 单位 line)
_PROSE_MARKS = re.compile(r"[。，；]|\d\s+万元?(?![\u4e00-\u9fff])")


def _wrapped_sentence(ln: Line, t: str) -> bool:
    """A line of PDF text that wraps a sentence just after an amount (“…2024 年度收入支出总计 307.82”):
    long words and at most one amount, not a row that starts with a code."""
    return not ln.positioned and len(t) >= 20 and not any(map(is_value, ln.filled[:-1])) \
        and not ln.filled[0][:1].isdigit()


def _prose(ln: Line, t: str) -> bool:
    """A line of narrative: one cell (or the words of one sentence), no amount of a table row."""
    return (len(ln.filled) == 1 or not ln.positioned and not any(map(is_value, ln.filled))) and not NOTE.search(t)


def _narrative_resumes(block: Block, lines: list[Line], i: int, top: bool = False,
                       outline: dict[str, str] | None = None) -> bool:
    """After a table, the narrative goes on at a paragraph (a sentence of 30 or more characters); at
    prose (a sentence, a heading) that begins a sheet or a page, or at the narrative's next heading
    (四、 after its 三、), a sentence following before any table row (a table's rows are numbered so
    too: 十九、援助其他地区支出); at a section heading with a paragraph under it. After a form, whose
    fields hold paragraphs and numbered goals, only at a part's heading (第三部分 名词解释) or the
    narrative's next heading, with prose under it, or past its indicators at a line none of its rows
    (公开联系人：…)."""
    if not any(block.pages):
        return False
    ln = lines[i]
    t, heading, marks = _signs(ln.text)
    if block.kind in FORMS:
        if block.indicator_header is not None and _after_indicators(lines, i, t):
            return True
        if not (heading and (_PART.match(t) or _next_heading(t, outline or {}))):
            return False
    sentence = marks and (len(t) >= 30 or top)
    if not sentence and not heading:
        return False  # neither a paragraph nor a heading (the notes below can only say no)
    if not _prose(ln, t):
        return False
    before = next((x for x in reversed(block.pages[-1]) if not x.blank), None)
    if before is not None and NOTE.search(squash(before.text)) and not before.text.rstrip().endswith("。"):
        return False  # the rest of a wrapped note
    if any(_note(x.text) for x in [x for x in lines[i + 1:i + 4] if x.filled][:2]):
        return False  # a line of the notes under the table (a template's instruction, then 说明：…无数据)
    if sentence and len(t) >= 30 and block.kind not in FORMS:
        return True
    if top or heading and _next_heading(t, outline or {}):  # prose follows: a sentence before any table row
        for x in [ln, *[x for x in lines[i + 1:i + 8] if not x.blank][:4]]:
            if len(x.filled) >= 2 and any(map(is_value, x.filled)):
                return False
            if _SENTENCE_WORDS.search(x.text):
                return True
        return False
    if heading:  # a heading (wrapped, maybe), a sub-heading, then a paragraph
        for nxt in [x for x in lines[i + 1:i + 8] if not x.blank][:4]:
            n = squash(nxt.text)
            if NOTE.search(n) or not (_prose(nxt, n) or _wrapped_sentence(nxt, n)):
                return False  # (the table's notes: its last labels stood above them)
            if len(n) >= 20 and (_SENTENCE_WORDS.search(n) or not _SECTION.search(n)):
                return True
            if not (_SECTION.search(n) and len(n) <= 40 or len(n) <= 8 and not re.search(r"\d", n)):
                return False
    return False


_SENTENCE_WORDS = re.compile(r"[，。；]")


def _after_indicators(lines: list[Line], i: int, t: str) -> bool:
    """Past a form's indicator rows, a line that is none of them and no row follows: where cells keep
    their columns, one cell that reads as prose (公开联系人：…，联系电话：…; an indicator fills several
    cells, and its long name wraps inside its cell); in PDF text, where a long name wraps onto lines of
    its own, a line that opens with a key and its colon (联系人：张三)."""
    ln = lines[i]
    if ln.positioned:
        own = len(ln.filled) == 1 and _PROSE_OR_KEY.search(t)
    else:
        own = ("：" in t or ":" in t) and _KEYED.match(t)  # (a quick test first: most lines hold no colon)
    if not own:
        return False
    return not any(len(x.filled) >= 3 for x in [x for x in lines[i + 1:i + 6] if x.filled][:3])


_PROSE_OR_KEY = re.compile(r"[，。；：:]")
_KEYED = re.compile(r"[\u4e00-\u9fff]{2,12}[：:]\S")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_OUTLINE = re.compile(r"^(?:[（(]([一二三四五六七八九十]+)[）)]|([一二三四五六七八九十]+)、)")
_ORDINALS = tuple(chinese_numeral(n) for n in range(1, 100))


@lru_cache(maxsize=8192)
def _signs(text: str) -> tuple[str, bool, bool]:
    """A line's text without spaces, whether it is a section heading, whether it has a sentence's
    marks: asked of each line after a table until the narrative resumes (most lines of a form)."""
    t = squash(text)
    return t, len(t) <= 40 and _SECTION.search(t) is not None, _SENTENCE_WORDS.search(t) is not None


def _heading_number(text: str) -> tuple[str, str] | None:
    """A heading's number style (（一） or 一、) and numeral."""
    m = _OUTLINE.match(text)
    return None if m is None else ("（）", m.group(1)) if m.group(1) else ("、", m.group(2))


def _next_heading(text: str, outline: dict[str, str]) -> bool:
    """A heading numbered next after the narrative's last one of its style (四、 after 三、)."""
    number = _heading_number(text)
    last = outline.get(number[0]) if number else None
    return last in _ORDINALS[:-1] and _ORDINALS[_ORDINALS.index(last) + 1] == number[1]


def _confirmed(lines: list[Line], i: int, strict: bool = False) -> bool:
    """What follows a title says it is one: a 单位 or 编制部门-style field line, or a header and then a
    row of values, before any sentence of narrative or another title. ``strict``: not even a
    table number between (a cover page's “××单位预算表” above the first table is not a table)."""
    seen = 0
    for j in range(i + 1, len(lines)):  # not lines[i + 1:]: a copy of the rest for every title is quadratic
        nxt = lines[j]
        t = squash(nxt.text)
        if not t:
            continue
        if _CONFIRM.match(t) or _field_line(nxt, t) or _FORM_FIELD.match(t):
            return True
        if strict and (NUMBER.match(t) or kind_of_title(t)):
            return False
        if _TOC.search(t) or _SENTENCE.search(t) or (len(nxt.filled) == 1 and kind_of_title(t)):
            return False  # a table of contents, a paragraph, the next title: this was a heading
        if seen and sum(map(is_value, nxt.filled)) >= 1 and len(nxt.filled) >= 2:
            # a header, then a row of amounts: a title says it is one (…表), a header cell does not
            return bool(_TABLE_WORD.search(squash(lines[i].text)))
        seen += 1
        if seen >= 6:
            return False
    return False


# the first field of a performance-target form (项目名称 | …)
_FORM_FIELD = re.compile(r"^(项目名称|项目编码|项目代码|主管部门|实施单位|申报单位|预算单位|部门名称|单位名称)")
# a field line under a title: “编制部门：××局　单位：元”, “预算主管部门：××”, “单位：万元”
_FIELD = re.compile(r"^[\u4e00-\u9fff（）()]{2,12}[:：]")
_AMOUNT_UNIT_ANY = re.compile(r"单位[:：]?(万元|元|千元|亿元)")
_TOC = re.compile(r"…{2,}|\.{6,}|·{6,}")
_SENTENCE = re.compile(r"[。；]|^.{40,}$")


def _field_line(ln: Line, t: str) -> bool:
    return len(ln.filled) <= 4 and (bool(_AMOUNT_UNIT_ANY.search(t)) or bool(_FIELD.match(t)) and len(t) <= 60
                                    and not _SENTENCE.search(t))


def _is_title(lines: list[Line], i: int, text: str, numbered: bool) -> bool:
    if not text or len(text) > 60 or len(lines[i].filled) > 2 or not kind_of_title(text):
        return False
    if len(lines[i].filled) == 2 and not (NUMBER.match(squash(lines[i].filled[0])) or _TABLE_WORD.search(text)):
        return False  # two header cells (项目 | 一般公共预算支出), not a number and a title
    if _NOT_TITLE.search(text):
        return False
    if numbered:  # a number label (表九) just above a kind title is confirmation enough
        return True
    return _confirmed(lines, i)
