"""Family K: classification codes and names against the catalogs of the budget year."""
from __future__ import annotations

from typing import Iterable

from ..catalog import misprints, normalize_name
from ..catalog.vocabulary import ORDINAL, TWO_SIDED, squash
from ..report import Severity
from .arithmetic import _name
from .base import Context, finding, rule

_ECONOMIC = ("basic_expenditure", "economic_summary", "final_basic_expenditure")


def _tree(ctx: Context, kind: str):
    return ctx.catalog.economic_dept if kind in _ECONOMIC else ctx.catalog.functional


def codes_exist(ctx: Context) -> Iterable:
    year = ctx.doc.year
    for t in ctx.doc.tables:
        tree = _tree(ctx, t.kind)
        for r in t.rows:
            if not (r.code and r.code.isdigit() and len(r.code) in (3, 5, 7)) or t.kind in TWO_SIDED:
                continue  # project codes (21 characters) and unit codes are not classification codes
            if tree.by_code(r.code, year) is None:
                yield finding(K101, K101.severity, f"{_name(t)}「{r.code} {r.name}」：{year or ''}年的"
                              f"{'部门预算支出经济分类' if t.kind in _ECONOMIC else '支出功能分类'}中没有这个科目",
                              r.source, table=t.kind, row=r.code)


def names_match(ctx: Context) -> Iterable:
    year = ctx.doc.year
    wrong = misprints()
    for t in ctx.doc.tables:
        if t.kind in TWO_SIDED:
            continue  # their class rows take their codes from their names (K103 judges those)
        tree = _tree(ctx, t.kind)
        for r in t.rows:
            if not (r.code and r.code.isdigit() and len(r.code) in (3, 5, 7) and r.name):
                continue
            entry = tree.by_code(r.code, year)
            printed = ORDINAL.sub("", squash(r.name))
            if entry is None:
                continue
            names = {normalize_name(n) for n in (entry.name, *entry.aliases)}
            official = wrong.get((r.code, printed))
            if official:
                yield finding(K102, K102.severity, f"{_name(t)}「{r.code}」名称印为“{printed}”，应为“{official}”",
                              r.source, table=t.kind, row=r.code, expected=official, actual=printed)
            elif normalize_name(printed) not in names and normalize_name(printed + "支出") not in names \
                    and normalize_name(printed.removesuffix("支出")) not in names:
                yield finding(K102, Severity.WARNING, f"{_name(t)}「{r.code}」名称“{printed}”与科目表“{entry.name}”不同",
                              r.source, table=t.kind, row=r.code, expected=entry.name, actual=printed)


def stale_names(ctx: Context) -> Iterable:
    year = ctx.doc.year
    if year is None:
        return
    for t in ctx.doc.tables:
        if t.kind not in TWO_SIDED:
            continue
        for r in t.rows:
            if r.side != "expenditure" or not r.code or not r.code.isdigit():
                continue
            entry = ctx.catalog.functional.by_name(ORDINAL.sub("", squash(r.name)), year, level=1)
            if entry is not None and not entry.valid_in(year):
                current = ctx.catalog.functional.by_code(entry.code, year)
                yield finding(K103, K103.severity, f"{_name(t)}列有“{r.name}”，这是 {entry.valid_to} 年以前的类名"
                              + (f"，{year} 年为“{current.name}”" if current else ""), r.source, table=t.kind,
                              row=r.code, expected=current.name if current else None, actual=r.name)


def economic_mapping(ctx: Context) -> Iterable:
    """部门经济分类 → 政府经济分类 pairs (Henan prints both): known pairs, one code one mapping,
    and one kind of unit (机关 501/502 or 事业 505) for the whole table."""
    for t in ctx.doc.tables:
        pairs: dict[str, set[str]] = {}
        for r in t.rows:
            gov = dict(r.extra).get("gov_code")
            if not gov or not r.code or not r.code.isdigit():
                continue
            pairs.setdefault(r.code, set()).add(gov)
            allowed = ctx.catalog.map_dept_to_gov(r.code)
            if allowed and gov not in allowed:
                yield finding(K104, K104.severity, f"{_name(t)}「{r.code} {r.name}」对应政府经济分类 {gov}，"
                              f"对照表为 {'/'.join(allowed)}", r.source, table=t.kind, row=r.code,
                              expected="/".join(allowed), actual=gov)
        for code, govs in pairs.items():
            if len(govs) > 1:
                yield finding(K104, K104.severity, f"{_name(t)}部门经济分类 {code} 同时对应政府经济分类 "
                              f"{'、'.join(sorted(govs))}", t.source, table=t.kind, row=code, actual="、".join(sorted(govs)))
        kinds = {g[:3] for govs in pairs.values() for g in govs} & {"501", "502", "505"}
        if "505" in kinds and kinds & {"501", "502"}:
            yield finding(K104, K104.severity, f"{_name(t)}同时使用机关（501/502）和事业单位（505）政府经济分类：同一单位"
                          "只应使用其中一种", t.source, table=t.kind, actual="、".join(sorted(kinds)))



K101 = rule("K101", "科目编码不存在",
            "功能分类、经济分类编码必须是预算年度科目表中的科目。", "错误编码无法汇总，也常是录入错误。",
            "2080198 不是 2023 年的科目。", codes_exist)
K102 = rule("K102", "科目名称与科目表不符",
            "科目名称应与科目表一致：已知错字（如“保险”误为“保障”）为错误，其他不同名称为警告。",
            "名称错误会让读者和汇总程序误解科目。",
            "一般公共预算支出表“20801”印为“人力资源和社会保险管理事务”，科目表为“人力资源和社会保障管理"
            "事务”：错误。", names_match)
K103 = rule("K103", "使用已停用的类名",
            "收支总表、财政拨款收支总表中的类名应是预算年度的名称。", "如 210 在 2019 年起称“卫生健康支出”。",
            "财政拨款收支总表同时列有“医疗卫生与计划生育支出”和“卫生健康支出”：前者是"
            " 2018 年以前的类名，警告。", stale_names, Severity.WARNING)
K104 = rule("K104", "部门与政府经济分类对应有误",
            "部门预算经济分类与政府预算经济分类要按对照表对应，同一科目只对应一个政府科目，"
            "一个单位要么是机关（501/502），要么是事业单位（505）。", "两套经济分类对照表（财政部）。",
            "支出经济分类汇总表中，部门经济分类 30226 劳务费同时对应政府经济分类"
            " 50205 和 50502：警告。", economic_mapping, Severity.WARNING)

RULES = (K101, K102, K103, K104)
