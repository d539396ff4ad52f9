"""Performance-target forms → Projects and the unit's Performance.

A form is a sequence of ``key value`` fields (申报单位, 项目编码, 当年预算…) followed by an
indicator block whose header (一级指标 二级指标 三级指标 指标性质 …) gives the field order.
Fields are found by their keys in every layout (form_words.py); the indicator rows are
indicators.py's. Henan prints all projects in one matrix (form_matrix.py).
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ..catalog.vocabulary import squash
from ..model import Performance, Project, Source, Status, classify, parse_amount
from . import assign
from .form_matrix import is_matrix, read_matrix
from .form_words import INDICATOR_FIELDS, KEYS, form_key, is_field, is_key
from .indicators import read_indicators
from .lines import Line, line, one_cell_lines
from .problems import R002, R004, R012, problem
from .segment import Block

_CODE = re.compile(r"^([0-9A-Z]{21})\s*[-－—]\s*(.*)$")
_PHONE = re.compile(r"\d{5,}")


# ---------------------------------------------------------------------------------------
def read_forms(blocks: list[Block], layout: str, file: str, fiscal_only: bool = False):
    """``fiscal_only``: the document's 收支总表 shows income from 财政拨款 alone (evidence
    for placing the 整体绩效 amounts when their empty cells were dropped)."""
    projects: list[Project] = []
    performance: Performance | None = None
    findings: list = []
    for b in blocks:
        lines = [ln for page in b.pages for ln in page]
        if b.kind == "project_performance" and is_matrix(lines):
            projects.extend(read_matrix(lines, file))
            continue
        src = Source(file, b.line, table=b.kind)
        fields, order, rows, header = _fields(lines, layout, b.indicator_header)
        if layout == "pdf_text" and _scrambled(lines, order):  # its fields out of their order: none can be paired
            findings.append(problem(R012, f"{b.title.strip()}在文本中一个单元格一行、次序已打乱，无法对应字段，未读取；"
                                    "请用原文件或保留版式的文本核对", src, table=b.kind))
            continue
        indicators = tuple(read_indicators(rows, order, layout, file, header))
        if b.kind == "unit_performance":
            performance, f = _performance(fields, indicators, src, lines, fiscal_only)
            findings.extend(f)
        else:
            projects.append(_project(fields, indicators, src))
    return projects, performance, findings


def _pieces(lines: list[Line], layout: str) -> list[tuple[str, int, bool]]:
    """(text, line, is_key). PDF lines are split at keys; vertical labels (总/体/目/标) rejoined."""
    out: list[tuple[str, int, bool]] = []
    vertical: list[Line] = []
    for ln in lines + [_END]:
        if layout == "pdf_text" and len(ln.filled) == 1 and len(squash(ln.text)) == 1:
            vertical.append(ln)
            continue
        if vertical:
            word = "".join(squash(v.text) for v in vertical)
            out.append((word, vertical[0].no, form_key(word) in KEYS))
            vertical = []
        if layout == "pdf_text":
            buf: list[str] = []
            for cell in ln.cells:
                for tok, keyed in _keyed(cell):
                    if keyed:
                        if buf:
                            out.append((" ".join(buf), ln.no, False))
                            buf = []
                        out.append((tok, ln.no, True))
                    else:
                        buf.append(tok)
            if buf:
                out.append((" ".join(buf), ln.no, False))
        else:
            for c in ln.filled:
                out.append((c, ln.no, is_key(c)))
    return out


_END = line(0, (), False)  # (closes a vertical label at the end)


@lru_cache(maxsize=8192)  # a token's pieces and whether each is a field's key, worked out once
def _keyed(cell: str) -> tuple[tuple[str, bool], ...]:
    return tuple((piece, form_key(piece) in KEYS) for piece in _unglued(cell))


def _scrambled(lines: list[Line], order: list[str]) -> bool:
    """A form extracted one cell per line out of its order (pdftotext without -layout): even its
    indicator header, whose words a readable form prints on one line, is spread over lines."""
    if order:  # its indicator header was found on one line
        return False
    return sum(is_field(c) for ln in lines for c in ln.filled) >= 3 and one_cell_lines(lines)


@lru_cache(maxsize=8192)  # asked of every token of every form
def _unglued(token: str) -> tuple[str, ...]:
    """An amount printed against the next key with no space between (“4,563,800.00年度资金申请总额”)."""
    m = _GLUED.fullmatch(token)
    return (m.group(1), m.group(2)) if m and form_key(m.group(2)) in KEYS else (token,)


_GLUED = re.compile(r"([-+]?\d[\d,]*\.\d+)(\D.+)")
_WRAPPED_UNIT = re.compile(r"[（(](万元|元)[)）]")
_KEY_UNIT = re.compile(r"（(万元|元)）")
_KEY_UNITS = {k: m.group(1) for k in KEYS if (m := _KEY_UNIT.search(k))}  # a key → the unit it names


def _fields(lines: list[Line], layout: str, header: Line | None):
    """The form's fields, the indicator header order, and the lines/cells of the indicator rows.
    ``header``: the indicator header line, which segment found among ``lines``."""
    fields: dict[str, list[tuple[str, int]]] = {}
    current = None
    start = None if header is None else lines.index(header)
    head = lines if start is None else lines[:start]
    for text, no, keyed in _pieces(head, layout):
        if "元" in text and (m := _WRAPPED_UNIT.fullmatch(squash(text))):  # “项目资金 / （元）” wrapped in a narrow cell
            fields.setdefault("amount_unit", [(m.group(1), no)])
            continue
        if keyed:
            key = form_key(text)
            current = KEYS[key]
            fields.setdefault(current, [])
            if key in _KEY_UNITS:  # the unit its amounts are in
                fields.setdefault("amount_unit", [(_KEY_UNITS[key], no)])
        elif current and current != "skip":
            fields[current].append((text, no))
    if start is None:
        return fields, [], [], None
    order = [INDICATOR_FIELDS[form_key(c)] for c in lines[start].cells if form_key(c) in INDICATOR_FIELDS]
    return fields, order, lines[start + 1:], lines[start]


def _text(fields, name: str, sep: str = "") -> str | None:
    if not fields.get(name):
        return None  # (most forms print few of the fields asked)
    vals = [t for t, _ in fields[name] if t]
    return sep.join(vals).strip() or None


def _project(fields, indicators, src: Source) -> Project:
    name = _text(fields, "name")
    code = _text(fields, "code")
    if name and (m := _CODE.match(squash(name))):
        code, name = m.group(1), m.group(2)
    contact, phone = _text(fields, "contact"), _text(fields, "phone")
    if cp := _text(fields, "contact_phone", " "):
        parts = cp.split()
        contact = " ".join(p for p in parts if not _PHONE.search(p)) or None
        phone = " ".join(p for p in parts if _PHONE.search(p)) or None
    funding = []  # (a loop, not a generator: a form prints a few sources, if any)
    for k in fields:
        if k.startswith("f:") and (v := _amount(fields, k)) is not None:
            funding.append((k[2:], v))
    return Project(
        code=squash(code) if code else None, name=squash(name) if name else "", amount=_amount(fields, "amount"),
        funding=tuple(funding), indicators=indicators, source=src.at(line=_line(fields, "name") or src.line),
        type=_text(fields, "type"), unit=_text(fields, "unit"), department=_text(fields, "department"),
        contact=contact, phone=phone, overview=_text(fields, "overview"), basis=_text(fields, "basis"),
        schedule=_text(fields, "schedule"), goal=_text(fields, "goal") or ("" if "goal" in fields else None),
        execution_weight=_amount(fields, "execution_weight"),
        places=_places(fields, src),
        amount_unit=_text(fields, "amount_unit") or "万元",
    )


def _amount(fields, name: str) -> Decimal | None:
    for t, _ in fields.get(name, []):
        v = parse_amount(t)
        if v is not None:
            return v
    return None


TEXT_FIELDS = ("overview", "basis", "schedule", "goal")


def _places(fields, src: Source) -> tuple[tuple[str, Source], ...]:
    """Where each text field's first printed piece is (a loop: most forms print few of them)."""
    out = []
    for f in TEXT_FIELDS:
        for t, no in fields.get(f, ()):
            if t.strip():
                if no:
                    out.append((f, src.at(line=no)))
                break
    return tuple(out)


def _line(fields, name: str) -> int | None:
    vals = fields.get(name)
    return vals[0][1] if vals else None


_MONEY_NAMES = {"total": "预算支出总额", "basic": "基本支出合计", "basic.fiscal": "基本支出财政拨款",
                "basic.special_account": "基本支出专户资金", "basic.unit_funds": "基本支出单位资金",
                "project": "项目支出合计", "project.fiscal": "项目支出财政拨款",
                "project.special_account": "项目支出专户资金", "project.unit_funds": "项目支出单位资金"}
_MONEY_FIELDS = ("total", "basic", "basic.fiscal", "basic.special_account", "basic.unit_funds",
                 "project", "project.fiscal", "project.special_account", "project.unit_funds")


def _money_cells(lines: list[Line]) -> tuple[list[str], int | None, bool]:
    """The amounts row of the 总体资金情况 block, its line, and whether it is positioned
    (positioned rows keep their empty cells, though trailing ones may be cut)."""
    for ln in lines:
        nums = [c for c in ln.cells if classify(c)[0] in (Status.NUMBER, Status.LOST)]
        if len(nums) >= 2 and not any(form_key(c) in INDICATOR_FIELDS for c in ln.cells):
            if not ln.positioned:
                return nums, ln.no, False
            cells = list(ln.cells)
            first = next(i for i, c in enumerate(cells) if c)
            return cells[first:], ln.no, True
    return [], None, False


def _performance(fields, indicators, src: Source, lines: list[Line], fiscal_only: bool):
    findings = []
    unit = "万元"
    amounts: list[tuple[str, Decimal | None]] = []
    lost: list[str] = []
    money = [t for t, _ in fields.get("money", [])]
    if money:  # Qijiang: the amounts in 元, split 基本/项目 × 财政拨款/专户/单位资金
        unit = "元"
        cells, no, positioned = _money_cells(lines)
        vals, lost, f = _place_money(cells, src.at(line=no or src.line), fiscal_only, positioned)
        findings.extend(f)
        amounts = list(vals)
    elif (v := _amount(fields, "amount")) is not None:
        amounts = [("total", v)]
    return Performance(_text(fields, "goal"), indicators, tuple(amounts), unit, src, tuple(lost),
                       _text(fields, "unit")), findings


def _place_money(texts: list[str], src: Source, fiscal_only: bool, positioned: bool = False):
    """Nine amounts, printed with or without their empty cells; identities place them, and
    the unit's income sources (``fiscal_only``) when the identities cannot."""
    findings = []
    lost = []
    if (positioned and len(texts) <= len(_MONEY_FIELDS)) or (
            len(texts) in (len(_MONEY_FIELDS) - 1, len(_MONEY_FIELDS)) and any(not t for t in texts)):
        placed = dict(zip(_MONEY_FIELDS, texts))  # positioned (a trailing empty cell may be cut)
        vals = []
        for k, t in placed.items():
            st, v = classify(t)
            if st is Status.LOST:
                lost.append(k)
                findings.append(problem(R002, f"整体绩效目标表的{_MONEY_NAMES[k]}印为“{t}”，数值已丢失", src,
                                        table="unit_performance", column=k))
            if st is not Status.BLANK:
                vals.append((k, v))
        return tuple(vals), tuple(lost), findings
    printed = tuple(v for v in (parse_amount(t) for t in texts) if v is not None)
    slot = assign.placed(printed, len(_MONEY_FIELDS), ((0, (1, 5)), (1, (2, 3, 4)), (5, (6, 7, 8))))
    if fiscal_only:  # the 收支总表 shows no income but 财政拨款: no 专户资金, no 单位资金
        slot.candidates = [c for c in slot.candidates if all(c[i] is None for i in (3, 4, 7, 8))] or slot.candidates
    if not slot.resolved:
        findings.append(problem(R004, f"整体绩效目标表的金额 {'、'.join(map(str, printed))} 无法确定所属栏目", src,
                                table="unit_performance"))
        return (), (), findings
    return tuple((k, v) for k, v in zip(_MONEY_FIELDS, slot.candidates[0]) if v is not None), (), findings
