"""The 整体 and project performance forms as grids of cells, one layout for every output format.

A form is a 9-column grid, drawn as the Chongqing templates draw it: key/value fields on a row, a
long text field in one cell spanning the row, then the indicator table (一级 and 二级 merged down
over the rows that share them). The XLSX, HTML and PDF renderers only draw these grids, so what
one writes the readers read back the same from every format.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from ..model import Document, Indicator, Performance, Project

WIDTH = 9  # columns of a form
INDICATOR_HEAD = ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重", "是否核心指标")
FUND_LABELS = (("total", "合计"), ("basic", "合计"), ("basic.fiscal", "财政拨款"), ("basic.special_account", "专户资金"),
               ("basic.unit_funds", "单位资金"), ("project", "合计"), ("project.fiscal", "财政拨款"),
               ("project.special_account", "专户资金"), ("project.unit_funds", "单位资金"))
# how each funding source is printed as a form field (as the Chongqing templates print them)
FUNDING_KEYS = {"本级安排": "本级安排（万元）", "上级补助": "上级补助（万元）", "财政拨款": "其中：财政拨款"}
CORE = {True: "是", False: "否"}  # 是否核心指标 (None: not stated)


class FormCell(NamedTuple):  # a record made by the thousand per package: a tuple is made in half the time
    value: str | Decimal  # text, or an amount (printed with its own decimals)
    head: bool = False
    colspan: int = 1
    rowspan: int = 1
    long: bool = False  # a text field that wraps over several lines


@dataclass(frozen=True)
class Form:
    sheet: str  # the worksheet's name
    anchor: str  # the HTML id
    title: str
    unit_note: str  # "单位：万元", or "" when the form states its unit in its fields
    rows: tuple[tuple[tuple[int, FormCell], ...], ...]  # per row: (column, cell), blanks absent

    @property
    def width(self) -> int:
        """Its columns: WIDTH, or ten where the 整体 form's 总体资金 row prints its nine amounts after its label."""
        return max([WIDTH] + [x + cell.colspan for row in self.rows for x, cell in row])


def _kv(pairs: list[tuple[str, object]]) -> tuple[tuple[int, FormCell], ...]:
    """Key/value fields on one row; a single text field spans the rest of the row."""
    if len(pairs) == 1 and not isinstance(pairs[0][1], Decimal):
        key, value = pairs[0]
        return (0, FormCell(key, head=True)), (1, FormCell(str(value or ""), colspan=WIDTH - 1, long=True))
    cells = []
    for n, (key, value) in enumerate(pairs):
        cells += [(2 * n, FormCell(key, head=True)), (2 * n + 1, FormCell(value if value is not None else ""))]
    return tuple(cells)


def _indicators(label: str, indicators: tuple[Indicator, ...]) -> list[tuple[tuple[int, FormCell], ...]]:
    rows = [((0, FormCell(label, head=True, rowspan=len(indicators) + 1)),)
            + tuple((c, FormCell(h, head=True)) for c, h in enumerate(INDICATOR_HEAD, 1))]
    spans: list[dict[int, int]] = [{}, {}]  # row → how many rows its 一级 / 二级 cell spans
    for depth, key in enumerate((lambda i: (i.level1,), lambda i: (i.level1, i.level2))):
        start = 0
        for k in range(1, len(indicators) + 1):
            if k == len(indicators) or key(indicators[k]) != key(indicators[start]):
                spans[depth][start] = k - start
                start = k
    for k, i in enumerate(indicators):
        cells = [(1 + depth, FormCell(text, rowspan=spans[depth][k]))
                 for depth, text in enumerate((i.level1, i.level2)) if k in spans[depth]]
        cells += [(c, FormCell(v if v is not None else "")) for c, v in enumerate(
            (i.name, i.operator, i.value, i.unit, i.weight, CORE.get(i.core, "")), 3)]
        rows.append(tuple(cells))
    return rows


def unit_label(doc: Document) -> str:
    return f"{doc.unit.code or ''}-{doc.unit.name or ''}"


def performance_form(doc: Document, perf: Performance) -> Form:
    amounts = dict(perf.amounts)
    unit = perf.unit_field or unit_label(doc)
    if perf.amount_unit == "元" or len(amounts) > 1:
        def shown(key: str) -> str | Decimal:
            return "#####" if key in perf.lost else (amounts.get(key) if amounts.get(key) is not None else "")
        rows = [_kv([("预算部门", unit)]),
                ((0, FormCell("总体资金情况（元）", head=True)), (1, FormCell("预算支出总额", head=True)),
                 (2, FormCell("基本支出", head=True, colspan=4)), (6, FormCell("项目支出", head=True, colspan=4))),
                tuple((c, FormCell(label, head=True)) for c, (_, label) in enumerate(FUND_LABELS[1:], 2)),
                tuple((c, FormCell(shown(key))) for c, (key, _) in enumerate(FUND_LABELS, 1))]
    else:
        rows = [_kv([("部门（单位）名称", unit), ("部门支出预算数", amounts.get("total"))])]
    rows += [_kv([("整体绩效目标", perf.goal or "")]), *_indicators("年度绩效指标", perf.indicators)]
    return Form("整体绩效目标表", "performance", f"{doc.year or ''}年部门（单位）整体支出绩效目标表", "", tuple(rows))


def project_form(doc: Document, p: Project, n: int) -> Form:
    rows = [_kv([("申报单位", p.unit or unit_label(doc)), ("项目编码", p.code or "")]),
            _kv([("项目名称", p.name)]),
            _kv([("项目类型", p.type or ""), ("业务主管部门", p.department or ""), ("联系人", p.contact or ""),
                 ("联系电话", p.phone or "")]),
            _kv([("当年预算（万元）", p.amount)] + [(FUNDING_KEYS.get(label, label), v) for label, v in p.funding])]
    rows += [_kv([(key, value)]) for key, value in (("项目概况", p.overview), ("立项依据", p.basis),
                                                    ("当年实施进度计划", p.schedule), ("当年绩效目标", p.goal))
             if value is not None]
    if p.execution_weight is not None:
        rows.append(_kv([("预算执行率权重", p.execution_weight)]))
    rows += _indicators("当年绩效指标", p.indicators)
    return Form(f"项目{n}", f"p{n}", f"{doc.year or ''}年项目支出绩效目标表", "单位：万元", tuple(rows))


def forms(doc: Document) -> list[Form]:
    out = [performance_form(doc, doc.performance)] if doc.performance is not None else []
    return out + [project_form(doc, p, n) for n, p in enumerate(doc.projects, 1)]
