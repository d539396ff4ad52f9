"""Performance-target forms → Projects and the unit's Performance.

A form is a sequence of ``key value`` fields (申报单位, 项目编码, 当年预算…) followed by an
indicator block whose header (一级指标 二级指标 三级指标 指标性质 …) gives the field order.
Fields are found by their keys in every layout; indicator rows are anchored on their
operator (≥ ≤ = 定性), which survives every layout, even a row that lost its first cell.
Henan prints all projects in one matrix (one row per project, indicators in column pairs).
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from itertools import compress, count, islice

from ..catalog.vocabulary import squash
from ..model import Indicator, Performance, Project, Source, Status, classify, parse_amount
from . import assign
from .lines import Line, line, one_cell_lines
from .problems import R002, R004, R012, problem
from .segment import Block

OPERATORS = {"≥": "≥", "≧": "≥", "＞=": "≥", ">=": "≥", "≤": "≤", "≦": "≤", "<=": "≤", "=": "=", "＝": "=",
             "＞": ">", ">": ">", "＜": "<", "<": "<", "定性": "定性"}

# squashed key (parens made full-width, trailing colon dropped) → field
KEYS: dict[str, str] = {
    "申报单位": "unit", "编制单位": "unit", "填报部门": "unit", "预算部门": "unit", "部门（单位）名称": "unit",
    "部门名称": "unit", "项目编码": "code", "项目名称": "name", "项目类型": "type", "项目分类": "type",
    "业务主管部门": "department", "主管部门": "department", "实施部门": "implementer", "联系人": "contact",
    "联系电话": "phone", "项目负责人及联系电话": "contact_phone", "当年预算（万元）": "amount",
    "年度资金总额": "amount", "部门支出预算数": "amount", "支出预算数": "amount", "上级资金": "f:上级资金",
    "本级资金": "f:本级资金", "其他资金": "f:其他资金", "本级安排（万元）": "f:本级安排", "上级补助（万元）": "f:上级补助",
    "其中：财政拨款": "f:财政拨款", "政府预算资金": "f:政府预算资金", "财政专户管理资金": "f:财政专户管理资金",
    "单位资金": "f:单位资金", "项目概况": "overview", "项目概述": "overview", "立项依据": "basis",
    "当年实施进度计划": "schedule", "当年整体绩效目标": "goal", "当年绩效目标": "goal", "整体绩效目标": "goal",
    "总体目标": "goal", "预算执行率权重": "execution_weight", "预算执行率权重（%）": "execution_weight",
    "当年绩效指标": "indicators", "绩效指标": "indicators", "年度绩效指标": "indicators", "其他说明": "other",
    "资金情况（万元）": "skip", "部门整体绩效情况": "skip", "总体资金情况（元）": "money", "单位：万元": "skip",
    # Shanghai's 财政项目支出绩效目标填报表: the year's amount and where it comes from, in 元
    "项目资金（元）": "skip", "项目资金（万元）": "skip", "项目资金总额": "skip", "其中：财政资金": "skip",
    "年度资金申请总额": "amount", "其中：当年财政拨款": "f:当年财政拨款", "上年结转资金": "f:上年结转资金",
    "项目总目标": "skip", "年度总体目标": "goal", "项目性质": "skip", "项目类别": "type", "实施单位": "unit",
    "计划开始日期": "skip", "计划完成日期": "skip",
}
INDICATOR_FIELDS = {
    "一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标名称": "name", "指标性质": "operator",
    "绩效指标性质": "operator", "指标值": "value", "绩效指标值": "value", "度量单位": "unit", "计量单位": "unit",
    "绩效度量单位": "unit", "权重": "weight", "指标权重": "weight", "权重（%）": "weight", "是否核心指标": "core",
    "年度（/项目）指标值": "value", "年度指标值": "value",
}
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
_LEVEL2_BARE = ("社会效益", "经济效益", "生态效益", "可持续影响")
_CODE = re.compile(r"^([0-9A-Z]{21})\s*[-－—]\s*(.*)$")
_VALUE = re.compile(r"^(≥|≧|≤|≦|=|＝|＞|<|>|＜)?\s*([-+]?\d[\d,]*(?:\.\d+)?)\s*(.*)$")


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    t = squash(text).replace("(", "（").replace(")", "）").rstrip(":：")
    return t


@lru_cache(maxsize=8192)
def is_level(text: str) -> bool:
    t = squash(text)
    return t in LEVEL1 or t in _LEVEL2_BARE or (t.endswith("指标") and 3 <= len(t) <= 12 and t not in INDICATOR_FIELDS)


# ---------------------------------------------------------------------------------------
def read_forms(blocks: list[Block], layout: str, file: str, fiscal_only: bool = False):
    """``fiscal_only``: the document's 收支总表 shows income from 财政拨款 alone (evidence
    for placing the 整体绩效 amounts when their empty cells were dropped)."""
    projects: list[Project] = []
    performance: Performance | None = None
    findings: list = []
    for b in blocks:
        lines = [ln for page in b.pages for ln in page]
        if b.kind == "project_performance" and _is_matrix(lines):
            projects.extend(_matrix(lines, file))
            continue
        src = Source(file, b.line, table=b.kind)
        fields, order, rows, header = _fields(lines, layout)
        if layout == "pdf_text" and _scrambled(lines, order):  # its fields out of their order: none can be paired
            findings.append(problem(R012, f"{b.title.strip()}在文本中一个单元格一行、次序已打乱，无法对应字段，未读取；"
                                    "请用原文件或保留版式的文本核对", src, table=b.kind))
            continue
        indicators = tuple(_indicators(rows, order, layout, file, header))
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
    for ln in lines + [line(0, (), False)]:
        if layout == "pdf_text" and len(ln.filled) == 1 and len(squash(ln.text)) == 1:
            vertical.append(ln)
            continue
        if vertical:
            word = "".join(squash(v.text) for v in vertical)
            out.append((word, vertical[0].no, _key(word) in KEYS))
            vertical = []
        if layout == "pdf_text":
            buf: list[str] = []
            for cell in ln.cells:
                for tok, is_key in _keyed(cell):
                    if is_key:
                        if buf:
                            out.append((" ".join(buf), ln.no, False))
                            buf = []
                        out.append((tok, ln.no, True))
                    else:
                        buf.append(tok)
            if buf:
                out.append((" ".join(buf), ln.no, False))
        else:
            for c in ln.cells:
                if c:
                    out.append((c, ln.no, _is_key(c)))
    return out


@lru_cache(maxsize=8192)
def _is_key(text: str) -> bool:
    return _key(text) in KEYS


@lru_cache(maxsize=8192)  # a token's pieces and whether each is a field's key, worked out once
def _keyed(cell: str) -> tuple[tuple[str, bool], ...]:
    return tuple((piece, _key(piece) in KEYS) for piece in _unglued(cell))


def _scrambled(lines: list[Line], order: list[str]) -> bool:
    """A form extracted one cell per line out of its order (pdftotext without -layout): even its
    indicator header, whose words a readable form prints on one line, is spread over lines."""
    if order:  # its indicator header was found on one line
        return False
    return sum(_is_field(c) for ln in lines for c in ln.filled) >= 3 and one_cell_lines(lines)


@lru_cache(maxsize=8192)  # asked of every token of every form
def _unglued(token: str) -> tuple[str, ...]:
    """An amount printed against the next key with no space between (“4,563,800.00年度资金申请总额”)."""
    m = _GLUED.fullmatch(token)
    return (m.group(1), m.group(2)) if m and _key(m.group(2)) in KEYS else (token,)


_GLUED = re.compile(r"([-+]?\d[\d,]*\.\d+)(\D.+)")
_WRAPPED_UNIT = re.compile(r"[（(](万元|元)[)）]")
_KEY_UNIT = re.compile(r"（(万元|元)）")


def _fields(lines: list[Line], layout: str):
    """The form's fields, the indicator header order, and the lines/cells of the indicator rows."""
    fields: dict[str, list[tuple[str, int]]] = {}
    current = None
    start = None
    for i, ln in enumerate(lines):
        if sum(map(_is_field, filter(None, ln.cells))) >= 3:
            start = i
            break
    head = lines if start is None else lines[:start]
    for text, no, is_key in _pieces(head, layout):
        if "元" in text and (m := _WRAPPED_UNIT.fullmatch(squash(text))):  # “项目资金 / （元）” wrapped in a narrow cell
            fields.setdefault("amount_unit", [(m.group(1), no)])
            continue
        if is_key:
            current = KEYS[_key(text)]
            fields.setdefault(current, [])
            if m := _KEY_UNIT.search(_key(text)):  # the unit its amounts are in
                fields.setdefault("amount_unit", [(m.group(1), no)])
        elif current and current != "skip":
            fields[current].append((text, no))
    if start is None:
        return fields, [], [], None
    order = [INDICATOR_FIELDS[_key(c)] for c in lines[start].cells if _key(c) in INDICATOR_FIELDS]
    return fields, order, lines[start + 1:], lines[start]


def _text(fields, name: str, sep: str = "") -> str | None:
    vals = [t for t, _ in fields.get(name, []) if t]
    return sep.join(vals).strip() or None


def _project(fields, indicators, src: Source) -> Project:
    name = _text(fields, "name")
    code = _text(fields, "code")
    if name and (m := _CODE.match(squash(name))):
        code, name = m.group(1), m.group(2)
    contact, phone = _text(fields, "contact"), _text(fields, "phone")
    if cp := _text(fields, "contact_phone", " "):
        parts = cp.split()
        contact = " ".join(p for p in parts if not re.search(r"\d{5,}", p)) or None
        phone = " ".join(p for p in parts if re.search(r"\d{5,}", p)) or None
    funding = tuple((k[2:], v) for k in fields if k.startswith("f:") for v in [_amount(fields, k)] if v is not None)
    return Project(
        code=squash(code) if code else None, name=squash(name) if name else "", amount=_amount(fields, "amount"),
        funding=funding, indicators=indicators, source=src.at(line=_line(fields, "name") or src.line),
        type=_text(fields, "type"), unit=_text(fields, "unit"), department=_text(fields, "department"),
        contact=contact, phone=phone, overview=_text(fields, "overview"), basis=_text(fields, "basis"),
        schedule=_text(fields, "schedule"), goal=_text(fields, "goal") or ("" if "goal" in fields else None),
        execution_weight=_amount(fields, "execution_weight"),
        places=tuple((f, src.at(line=no)) for f in TEXT_FIELDS
                     for no in [next((n for t, n in fields.get(f, ()) if t.strip()), None)] if no),
        amount_unit=_text(fields, "amount_unit") or "万元",
    )


def _amount(fields, name: str) -> Decimal | None:
    for t, _ in fields.get(name, []):
        v = parse_amount(t)
        if v is not None:
            return v
    return None


TEXT_FIELDS = ("overview", "basis", "schedule", "goal")


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
        if len(nums) >= 2 and not any(_key(c) in INDICATOR_FIELDS for c in ln.cells):
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


# --- indicators -----------------------------------------------------------------------------
@lru_cache(maxsize=8192)  # asked of every token of every indicator line until one is found
def _op(text: str) -> str | None:
    return OPERATORS.get(squash(text))


def _first_operator(tokens) -> int | None:
    """Where the first operator (≥, 定性…) among the tokens is, if any."""
    return next(compress(count(), map(_op, tokens)), None)  # (the indices whose token is one)


@lru_cache(maxsize=8192)
def _is_field(text: str) -> bool:
    """A word of the indicator header (一级指标, 指标性质, 指标值…)."""
    return _key(text) in INDICATOR_FIELDS


def _indicators(rows: list[Line], order: list[str], layout: str, file: str, header: Line | None = None):
    if order and "operator" not in order and header is not None and header.positioned:
        yield from _by_columns(rows, header, file)  # no 指标性质 column: the value carries it (≥13459.00(平方米))
        return
    if order and "operator" not in order and layout == "pdf_text":
        yield from _pdf_by_levels(rows, file)
        return
    if not order or "operator" not in order:
        return
    k = order.index("operator")
    before, after = order[:k], order[k + 1:]
    level1 = level2 = ""
    if layout == "pdf_text":
        yield from _pdf_indicators(rows, before, after, file)
        return
    # where the header prints each field, when cells keep their columns (for an indicator whose
    # 指标性质 is blank, as Henan prints “资金使用合规率 100%”: no operator to find it by)
    column = {INDICATOR_FIELDS[_key(c)]: j for j, c in enumerate(header.cells) if _key(c) in INDICATOR_FIELDS} \
        if header is not None and header.positioned else {}
    for ln in rows:
        g = ln.cells
        at = _first_operator(g)
        if at is not None:
            op = g[at]
            got = {f: (g[at - len(before) + j] if at - len(before) + j >= 0 else "") for j, f in enumerate(before)}
            got.update({f: (g[at + 1 + j] if at + 1 + j < len(g) else "") for j, f in enumerate(after)})
        else:
            op, got = "", {f: (g[j] if j < len(g) else "") for f, j in column.items()}
            if not column or got["operator"] or not got.get("name") or not got.get("value"):
                continue
        if got.get("level1"):
            level1, level2 = got["level1"], ""
        if got.get("level2"):
            level2 = got["level2"]
        got["level1"], got["level2"] = level1, level2
        yield _indicator(got, op, Source(file, ln.no, None, "performance"))


def _by_columns(rows: list[Line], header: Line, file: str):
    """Indicator rows read by the header's columns (a form printed with its empty cells and no
    指标性质 column, as Shanghai's 绩效目标填报表): the operator is read from the value itself."""
    column = {INDICATOR_FIELDS[_key(c)]: j for j, c in enumerate(header.cells) if _key(c) in INDICATOR_FIELDS}
    if "name" not in column or "value" not in column:
        return
    level1 = level2 = ""
    for ln in rows:
        got = {f: (ln.cells[j] if j < len(ln.cells) else "") for f, j in column.items()}
        if got.get("level1"):
            level1, level2 = squash(got["level1"]), ""
        if got.get("level2"):
            level2 = squash(got["level2"])
        if not squash(got["name"]):
            continue
        got["level1"], got["level2"] = level1, level2
        m = _VALUE.match(squash(got["value"]))
        if m and m.group(3) and not got.get("unit"):
            got["unit"] = m.group(3).strip("()（）")  # ≥13459.00(平方米)
        yield _indicator(got, m.group(1) or "" if m else "", Source(file, ln.no, None, "performance"))


def _pdf_indicators(rows: list[Line], before: list[str], after: list[str], file: str):
    extra_before = [f for f in before if f not in ("level1", "level2", "name")]
    level1 = level2 = ""
    buffer: list[str] = []
    vertical = _vertical_letters(rows)
    for i, ln in enumerate(rows):
        if i in vertical:
            continue
        toks = list(ln.cells)
        if not toks or sum(map(_is_field, toks)) >= 3 or _is_key("".join(toks)):
            continue
        at = _first_operator(toks)
        if at is None:
            buffer.extend(toks)  # a wrapped label or name, even a single character (“机”)
            continue
        head, tail = toks[:at], toks[at + 1:]
        got: dict[str, str] = {}
        for f in reversed(extra_before):  # e.g. 指标权重, 计量单位 printed before the operator
            if not head:
                break
            if f == "weight" and classify(head[-1])[0] is Status.NUMBER:
                got[f] = head.pop()
            elif f == "unit" and _looks_like_unit(head[-1]):
                got[f] = head.pop()
        pieces = buffer + head
        buffer = []
        acc = ""
        labels: list[str] = []
        for piece in pieces:
            acc += squash(piece)
            if is_level(acc):
                labels.append(acc)
                acc = ""
        for lab in labels:
            if lab in LEVEL1:
                level1, level2 = lab, ""
            else:
                level2 = lab
        got["name"] = acc
        if tail:
            got["value"] = tail[0]
            rest = tail[1:]
            fields = [f for f in after if f != "value"]
            if len(rest) >= len(fields):
                got.update(zip(fields, rest))
            else:
                for t in rest:
                    f = "weight" if classify(t)[0] is Status.NUMBER and "weight" in fields else "unit"
                    got[f] = t
        got["level1"], got["level2"] = level1, level2
        yield _indicator(got, toks[at], Source(file, ln.no, None, "performance"))


def _pdf_by_levels(rows: list[Line], file: str):
    """Indicator rows of a form without 指标性质 in PDF text (Shanghai's 绩效目标填报表): the levels
    a line starts with, then the indicator's name, its value last (≥13459.00(平方米)). A level
    label wrapped over lines of its own is left unknown rather than guessed; but a 一级指标 alone on
    its line after the form's first indicators, which have none yet, is the merged cell over them
    printed centred (数量指标 … / 产出指标 / 质量指标 …): theirs, and the next ones'."""
    level1 = level2 = ""
    found: list[tuple[dict, str, Source]] = []
    for ln in rows:
        toks = [t for t in ln.cells if squash(t) and squash(t) != "绩效指标"]  # the block's own label
        levels = []
        while toks and is_level(toks[0]):
            levels.append(squash(toks.pop(0)))
        for lab in levels:
            if lab in LEVEL1:
                if not toks and not level1:
                    for got, _, _ in found:
                        got["level1"] = lab
                level1, level2 = lab, ""
            else:
                level2 = lab
        if len(toks) < 2:
            continue  # a level alone, or a piece of a wrapped label
        got = {"level1": level1, "level2": level2, "name": "".join(toks[:-1]), "value": toks[-1]}
        m = _VALUE.match(squash(got["value"]))
        if m and m.group(3):
            got["unit"] = m.group(3).strip("()（）")
        found.append((got, m.group(1) or "" if m else "", Source(file, ln.no, None, "performance")))
    for got, op, src in found:
        yield _indicator(got, op, src)


def _vertical_letters(rows: list[Line]) -> set[int]:
    """Indices of lines that are letters of a label printed vertically (部/门/整/体/绩/效…):
    three or more one-character lines in a row. A single one is a wrapped word's tail."""
    out: set[int] = set()
    run: list[int] = []
    for i, ln in enumerate(rows + [line(0, ("xx",), False)]):
        if len(ln.filled) == 1 and len(squash(ln.filled[0])) == 1:
            run.append(i)
            continue
        if len(run) >= 3:
            out.update(run)
        run = []
    return out


def _looks_like_unit(t: str) -> bool:
    return classify(t)[0] is not Status.NUMBER and len(squash(t)) <= 4 and not _op(t)


def _indicator(got: dict[str, str], op: str, src: Source) -> Indicator:
    value = (got.get("value") or "").strip()
    number = None
    operator = _op(op)
    if operator != "定性":
        m = _VALUE.match(value)  # “≤87.04 万元”: a value printed with its operator and unit
        number = parse_amount(value) if m is None or not (m.group(1) or m.group(3)) else parse_amount(m.group(2))
    weight = parse_amount(got.get("weight") or "")
    core = {"是": True, "否": False}.get(squash(got.get("core") or ""))
    return Indicator(squash(got.get("level1", "")), squash(got.get("level2", "")), squash(got.get("name", "")),
                     operator or "", value, number, squash(got.get("unit") or ""), weight, core, src)


# --- Henan: all projects in one matrix ----------------------------------------------------------
def _is_matrix(lines: list[Line]) -> bool:
    head = list(islice((ln for ln in lines if ln.filled), 5))  # the first five printed lines, not all of them
    text = squash(" ".join(ln.text for ln in head))
    return "资金总额" in text and "三级指标" in text and head[0].positioned


def _matrix(lines: list[Line], file: str) -> list[Project]:
    head = [ln for ln in lines if not ln.blank][:5]
    blocks = []  # (column of 三级指标, level1)
    if head:
        levels = [ln for ln in head if "产出指标" in squash(ln.text)]
        names = [ln for ln in head if "三级指标" in squash(ln.text)]
        if levels and names:
            lv = levels[0].cells
            for i, c in enumerate(names[0].cells):
                if squash(c) == "三级指标":
                    label = next((squash(lv[j]) for j in range(i, -1, -1) if j < len(lv) and squash(lv[j])), "")
                    blocks.append((i, label))
    projects: list[Project] = []
    current: dict | None = None
    for ln in lines:
        cells = list(ln.cells) + [""] * 16
        code = squash(cells[0])
        if re.fullmatch(r"[0-9A-Z]{21}", code):
            current = {"code": code, "name": squash(cells[1]), "line": ln.no, "amount": parse_amount(cells[2]),
                       "funding": tuple((k, v) for k, t in (("政府预算资金", cells[3]), ("财政专户管理资金", cells[4]),
                                                            ("单位资金", cells[5]))
                                        for v in [parse_amount(t)] if v is not None), "indicators": []}
            projects.append(current)
        if current is None or not ln.positioned:
            continue
        for col, level1 in blocks:
            name, value = squash(cells[col]), cells[col + 1].strip()
            if name or value:
                current["indicators"].append(_henan_indicator(level1, name, value, Source(file, ln.no,
                                                                                         table="performance")))
    return [Project(p["code"], p["name"], p["amount"], p["funding"], tuple(p["indicators"]),
                    Source(file, p["line"], table="project_performance")) for p in projects]


def _henan_indicator(level1: str, name: str, value: str, src: Source) -> Indicator:
    """Henan writes the operator and the unit inside the value: ``≥95%``, ``≤87.04 万元``, ``及时``."""
    v = squash(value)
    m = _VALUE.match(v)
    if m:
        op = OPERATORS.get(m.group(1) or "", "")
        return Indicator(level1, "", name, op, value, parse_amount(m.group(2)), m.group(3), None, None, src)
    return Indicator(level1, "", name, "定性", value, None, "", None, None, src)
