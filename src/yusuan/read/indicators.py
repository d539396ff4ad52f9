"""The indicator block of a performance-target form → Indicators: rows anchored on their operator
(≥ ≤ = 定性), which survives every layout, even a row that lost its first cell; or read by the
header's columns, or by their levels, where a form prints no 指标性质."""
from __future__ import annotations

import re
from functools import lru_cache

from ..catalog.vocabulary import squash
from ..model import Indicator, Source, Status, classify, parse_amount
from .form_words import INDICATOR_FIELDS, LEVEL1, OPERATORS, form_key, is_field, is_key, is_level
from .lines import Line, line

VALUE = re.compile(r"^(≥|≧|≤|≦|=|＝|＞|<|>|＜)?\s*([-+]?\d[\d,]*(?:\.\d+)?)\s*(.*)$")


@lru_cache(maxsize=8192)  # asked of every token of every indicator line until one is found
def op_of(text: str) -> str | None:
    return OPERATORS.get(squash(text))


def _first_operator(tokens) -> int | None:
    """Where the first operator (≥, 定性…) among the tokens is, if any."""
    for k, t in enumerate(tokens):  # (a loop: an iterator chain costs more to build than a row has tokens)
        if op_of(t):
            return k
    return None

def read_indicators(rows: list[Line], order: list[str], layout: str, file: str, header: Line | None = None):
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
    column = {INDICATOR_FIELDS[form_key(c)]: j for j, c in enumerate(header.cells) if form_key(c) in INDICATOR_FIELDS} \
        if header is not None and header.positioned else {}
    padding = ("",) * max(len(before), len(after))
    for ln in rows:
        g = ln.cells
        at = _first_operator(g)
        if at is not None:
            op = g[at]
            # the fields around the operator, the cells before the row's first or after its last blank
            got = dict(zip(order, (padding + tuple(g) + padding)[at + len(padding) - len(before):]))
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
    column = {INDICATOR_FIELDS[form_key(c)]: j for j, c in enumerate(header.cells) if form_key(c) in INDICATOR_FIELDS}
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
        m = VALUE.match(squash(got["value"]))
        if m and m.group(3) and not got.get("unit"):
            got["unit"] = m.group(3).strip("()（）")  # ≥13459.00(平方米)
        yield _indicator(got, m.group(1) or "" if m else "", Source(file, ln.no, None, "performance"))


def _pdf_indicators(rows: list[Line], before: list[str], after: list[str], file: str):
    extra_before = [f for f in before if f not in ("level1", "level2", "name")]
    fields = [f for f in after if f != "value"]  # printed after the value
    level1 = level2 = ""
    buffer: list[str] = []
    vertical = _vertical_letters(rows)
    for i, ln in enumerate(rows):
        if i in vertical:
            continue
        toks = list(ln.cells)
        # (a header's words; a form's key, its tokens' text squashed by is_key)
        if not toks or len(toks) >= 3 and sum(map(is_field, toks)) >= 3 or is_key(ln.text):
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
        m = VALUE.match(squash(got["value"]))
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
    for i, ln in enumerate(rows + [_LAST]):
        if len(ln.filled) == 1 and len(squash(ln.filled[0])) == 1:
            run.append(i)
            continue
        if len(run) >= 3:
            out.update(run)
        run = []
    return out


_LAST = line(0, ("xx",), False)  # (ends the last run)


def _looks_like_unit(t: str) -> bool:
    return classify(t)[0] is not Status.NUMBER and len(squash(t)) <= 4 and not op_of(t)


def _indicator(got: dict[str, str], op: str, src: Source) -> Indicator:
    value = (got.get("value") or "").strip()
    number = None
    operator = op_of(op)
    if operator != "定性":
        m = VALUE.match(value)  # “≤87.04 万元”: a value printed with its operator and unit
        number = parse_amount(value) if m is None or not (m.group(1) or m.group(3)) else parse_amount(m.group(2))
    weight = parse_amount(got.get("weight"))  # (None when not printed)
    core = _CORE.get(squash(c)) if (c := got.get("core")) else None
    unit = got.get("unit")
    return Indicator(squash(got.get("level1", "")), squash(got.get("level2", "")), squash(got.get("name", "")),
                     operator or "", value, number, squash(unit) if unit else "", weight, core, src)


_CORE = {"是": True, "否": False}
