"""Henan's project forms: every project in one matrix, a row each, its indicators in column pairs."""
from __future__ import annotations

import re
from itertools import islice

from ..catalog.vocabulary import squash
from ..model import Indicator, Project, Source, parse_amount
from .form_words import OPERATORS
from .indicators import VALUE
from .lines import Line

def is_matrix(lines: list[Line]) -> bool:
    head = list(islice((ln for ln in lines if ln.filled), 5))  # the first five printed lines, not all of them
    if not head or not head[0].positioned:  # (PDF text: never a matrix)
        return False
    text = squash(" ".join(ln.text for ln in head))
    return "资金总额" in text and "三级指标" in text


def read_matrix(lines: list[Line], file: str) -> list[Project]:
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
    m = VALUE.match(v)
    if m:
        op = OPERATORS.get(m.group(1) or "", "")
        return Indicator(level1, "", name, op, value, parse_amount(m.group(2)), m.group(3), None, None, src)
    return Indicator(level1, "", name, "定性", value, None, "", None, None, src)
