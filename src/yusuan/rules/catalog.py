"""Family K: classification codes and names against the catalogs of the budget year."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from ..catalog import misprints, normalize_name as _normalize_name
from ..catalog.harvest import ECONOMIC_KINDS, tree_of
from ..catalog.regions import region_of
from ..catalog.vocabulary import ORDINAL, TWO_SIDED, squash
from ..model.records import kept
from ..model.roles import RowRole, row_role
from ..report import Severity
from .base import Context, finding, rule
from .words import table_name

_ECONOMIC = ECONOMIC_KINDS
_TREE_NAMES = {"functional": "支出功能分类", "economic_dept": "部门预算支出经济分类"}
_LENGTHS = {"functional": (3, 5, 7), "economic_dept": (3, 5)}


def _tree(ctx: Context, kind: str):
    return ctx.catalog.economic_dept if kind in _ECONOMIC else ctx.catalog.functional


def _classified_rows(t) -> list:
    """The table's rows that carry a classification code (not a project's, a unit's or a two-sided label's):
    found once a table (K101, K105 and K102 each go through them)."""
    return kept(t, "classified_rows", _find_classified)


def _find_classified(t) -> list:
    if t.kind in TWO_SIDED or t.kind in ("project_expenditure", "unknown"):
        return []
    return [r for r in t.rows if row_role(r.code) is RowRole.CLASS and 3 <= len(r.code) <= 7]


def _malformed(tree, tree_name: str, code: str, printed: set[str]) -> str | None:
    """Why a code cannot be one of the tree's (wrong length, no such 类, a parent that is neither
    printed nor known), or None when its structure holds."""
    if len(code) not in _LENGTHS[tree_name]:
        return f"编码应为 {'、'.join(map(str, _LENGTHS[tree_name]))} 位，印为 {len(code)} 位"
    if tree.by_code(code[:3]) is None:
        return f"没有 {code[:3]} 这个类"
    parent = code[:len(code) - 2] if len(code) > 3 else None
    if parent and parent not in printed and tree.by_code(parent) is None and len(parent) > 3:
        grand = parent[:3]
        if grand not in printed:
            return f"上级科目 {parent} 既未列出，也不在科目表中"
    return None


def codes_exist(ctx: Context) -> Iterable:
    return (f for f in _codes(ctx) if f.code == "K101")


def codes_unknown(ctx: Context) -> Iterable:
    return (f for f in _codes(ctx) if f.code == "K105")


def _codes(ctx: Context) -> list:
    """K101's and K105's findings, made once a context (each rule takes its own)."""
    return kept(ctx, "codes_found", lambda ctx: list(_find_codes(ctx)))


def _find_codes(ctx: Context) -> Iterable:
    """K101 for a code that cannot exist; K105 (info) for a well-formed code yusuan's catalog lacks:
    the bundled catalog is not the whole national one, so it never says such a code is wrong."""
    year = ctx.doc.year
    unknown: dict[tuple[str, str], list] = {}  # (tree, code) → [(table, row)…]: K105 once per code
    for t in ctx.doc.tables:
        tree = _tree(ctx, t.kind)
        tree_name = tree_of(t.kind)
        printed = None  # the table's codes, for a code the tree lacks (few are)
        for r in _classified_rows(t):
            if tree.by_code(r.code, year) is not None or ctx.extension.knows(tree_name, r.code):
                continue
            if printed is None:
                printed = {x.code for x in t.rows if row_role(x.code) is RowRole.CLASS}
            why = _malformed(tree, tree_name, r.code, printed)
            if why:
                yield finding(K101, K101.severity, f"{table_name(t)}「{r.code} {r.name}」不是{_TREE_NAMES[tree_name]}的科目："
                              f"{why}", r.source, table=t.kind, row=r.code)
            else:
                unknown.setdefault((tree_name, r.code), []).append((t, r))
    for (tree_name, code), places in unknown.items():
        t, r = places[0]
        also = f"；另有 {len(places) - 1} 张表列有该科目" if len(places) > 1 else ""
        yield finding(K105, K105.severity, f"{table_name(t)}「{code} {r.name}」不在 yusuan 所带的 {year or ''}"
                      f"年{_TREE_NAMES[tree_name]}科目表中（编码结构无误，未核对名称{also}）", r.source,
                      table=t.kind, row=code)


# a row's name against its code's: the same names come back row after row, package after package
normalize_name = lru_cache(maxsize=16384)(_normalize_name)


@lru_cache(maxsize=4096)
def _names(entry) -> frozenset[str]:
    """The catalog entry's name and aliases, normalised."""
    return frozenset(normalize_name(n) for n in (entry.name, *entry.aliases))


@lru_cache(maxsize=16384)  # (the same codes and names come back row after row, package after package)
def _named_as(tree, code: str, year: int | None, name: str):
    """A row's code and printed name against the tree: the code's entry (None: not in the tree), the name
    without its ordinal, and whether that is one of the entry's names (or is with 支出 added or taken off)."""
    entry = tree.by_code(code, year)
    printed = ORDINAL.sub("", squash(name))
    if entry is None:
        return None, printed, False
    names = _names(entry)
    return entry, printed, normalize_name(printed) in names or normalize_name(printed + "支出") in names \
        or normalize_name(printed.removesuffix("支出")) in names


def names_match(ctx: Context) -> Iterable:
    year = ctx.doc.year
    wrong = misprints()
    # the bundled catalog's names count where the tree is the national one (not a region's own)
    regional = region_of(ctx.doc.unit.name, ctx.doc.region).regional_trees
    for t in ctx.doc.tables:
        if t.kind in TWO_SIDED:
            continue  # their class rows take their codes from their names (K103 judges those)
        tree = _tree(ctx, t.kind)
        tree_name = tree_of(t.kind)
        if tree_name in regional:
            continue
        for r in _classified_rows(t):
            if not r.name:
                continue
            entry, printed, agrees = _named_as(tree, r.code, year, r.name)
            if entry is None:
                continue
            official = wrong.get((r.code, printed))
            if (official or not agrees) and ctx.extension.accepts(tree_name, r.code, printed):
                continue  # a name the user trusts
            if official:
                yield finding(K102, K102.severity, f"{table_name(t)}「{r.code}」名称印为“{printed}”，应为“{official}”",
                              r.source, table=t.kind, row=r.code, expected=official, actual=printed)
            elif not agrees:
                yield finding(K102, Severity.WARNING, f"{table_name(t)}「{r.code}」名称“{printed}”与科目表“{entry.name}”不同",
                              r.source, table=t.kind, row=r.code, expected=entry.name, actual=printed)


def short_codes(ctx: Context) -> Iterable:
    """A 款 printed without its leading zero (301 | 2 for 301 | 02): read as 30102, and said."""
    for t in ctx.doc.tables:
        for r in t.rows:
            printed = r.extra and dict(r.extra).get("printed_code")
            if printed:
                yield finding(K106, K106.severity, f"{table_name(t)}「{r.name}」的编码印为“{printed}”，少了一位，"
                              f"按 {r.code} 读取", r.source, table=t.kind, row=r.code, expected=r.code, actual=printed)


@lru_cache(maxsize=4096)  # (the 收支总表 and the 财政拨款收支总表 name the same classes)
def _class_named(tree, name: str, year: int):
    """The 类 a class row's printed name is."""
    return tree.by_name(ORDINAL.sub("", squash(name)), year, level=1)


def stale_names(ctx: Context) -> Iterable:
    year = ctx.doc.year
    if year is None:
        return
    for t in ctx.doc.tables:
        if t.kind not in TWO_SIDED:
            continue
        for r in t.rows:
            if r.side != "expenditure" or row_role(r.code) is not RowRole.CLASS:
                continue
            entry = _class_named(ctx.catalog.functional, r.name, year)
            # stale: the name was given up before the year (a name the catalog dates only from a
            # later year is not said to be stale)
            if entry is not None and entry.valid_to is not None and entry.valid_to < year:
                current = ctx.catalog.functional.by_code(entry.code, year)
                yield finding(K103, K103.severity, f"{table_name(t)}列有“{r.name}”，这是 {entry.valid_to} 年以前的类名"
                              + (f"，{year} 年为“{current.name}”" if current else ""), r.source, table=t.kind,
                              row=r.code, expected=current.name if current else None, actual=r.name)


def _gov_codes(catalog) -> dict[str, tuple[str, ...]]:
    """``catalog.map_dept_to_gov`` of every 部门 code (any unit type), made once a catalog: each answer
    goes through the whole table, and a table asks one for each of its rows."""
    out: dict[str, list[str]] = {}
    for dept, gov, _ in catalog.mapping:
        govs = out.setdefault(dept, [])
        if gov not in govs:
            govs.append(gov)
    return {dept: tuple(govs) for dept, govs in out.items()}


def economic_mapping(ctx: Context) -> Iterable:
    """部门经济分类 → 政府经济分类 pairs (Henan prints both): known pairs, one code one mapping,
    and one kind of unit (机关 501/502 or 事业 505) for the whole table."""
    mapped = kept(ctx.catalog, "gov_codes", _gov_codes)
    for t in ctx.doc.tables:
        pairs: dict[str, set[str]] = {}
        for r in t.rows:
            gov = r.extra and dict(r.extra).get("gov_code")
            if not gov or row_role(r.code) is not RowRole.CLASS:
                continue
            pairs.setdefault(r.code, set()).add(gov)
            allowed = mapped.get(r.code, ())
            if allowed and gov not in allowed:
                yield finding(K104, K104.severity, f"{table_name(t)}「{r.code} {r.name}」对应政府经济分类 {gov}，"
                              f"对照表为 {'/'.join(allowed)}", r.source, table=t.kind, row=r.code,
                              expected="/".join(allowed), actual=gov)
        for code, govs in pairs.items():
            if len(govs) > 1:
                yield finding(K104, K104.severity, f"{table_name(t)}部门经济分类 {code} 同时对应政府经济分类 "
                              f"{'、'.join(sorted(govs))}", t.source, table=t.kind, row=code, actual="、".join(sorted(govs)))
        kinds = {g[:3] for govs in pairs.values() for g in govs} & {"501", "502", "505"}
        if "505" in kinds and kinds & {"501", "502"}:
            yield finding(K104, K104.severity, f"{table_name(t)}同时使用机关（501/502）和事业单位（505）政府经济分类：同一单位"
                          "只应使用其中一种", t.source, table=t.kind, actual="、".join(sorted(kinds)))



K101 = rule("K101", "科目编码不成立",
            "功能分类、经济分类编码的位数和层级要成立：类要存在，款、项的上级要列出或是已知科目。",
            "位数或层级不对的编码无法汇总，多是录入错误。yusuan 所带的科目表不是全国完整的科目表，"
            "结构无误而表中没有的编码只作提示（K105），不说它不存在。",
            "“3012 津贴补贴”：部门预算经济分类的款应为 5 位（30102）。", codes_exist)
K102 = rule("K102", "科目名称与科目表不符",
            "科目名称应与预算年度的全国科目表一致：已知的错字（如“社会保障”误印为“社会保险”）为错误，"
            "其他不同名称为警告。自编经济分类款级编号的地区（如上海）不按全国名称核对。",
            "名称错误会让读者和汇总程序误解科目。",
            "一般公共预算支出表“20801”印为“人力资源和社会保险管理事务”，科目表为“人力资源和社会保障管理"
            "事务”：错误。", names_match)
K103 = rule("K103", "使用已停用的类名",
            "收支总表、财政拨款收支总表中的类名应是预算年度的名称。", "如 210 在 2019 年起称“卫生健康支出”。",
            "财政拨款收支总表同时列有“医疗卫生与计划生育支出”和“卫生健康支出”：前者是"
            " 2018 年以前的类名，警告。", stale_names)
K104 = rule("K104", "部门与政府经济分类对应有误",
            "部门预算经济分类与政府预算经济分类要按对照表对应，同一科目只对应一个政府科目，"
            "一个单位要么是机关（501/502），要么是事业单位（505）。", "两套经济分类对照表（财政部）。",
            "支出经济分类汇总表中，部门经济分类 30226 劳务费同时对应政府经济分类"
            " 50205 和 50502：警告。", economic_mapping)

K105 = rule("K105", "科目不在 yusuan 的科目表中",
            "编码结构无误（类存在，上级已列出或已知），但 yusuan 所带的科目表里没有这个科目。每个编码在一份文件中只提示一次"
            "（第一次出现处）。",
            "所带科目表只收录常见科目；这类编码多是真实科目，用 `yusuan catalog harvest` 收集后以 "
            "`check --catalog` 认可，即不再提示。", "上海单位预算基本支出表的“30210 车辆运行费”：上海自编的部门经济分类款。",
            codes_unknown)
K106 = rule("K106", "科目编码少印一位",
            "款级编码应为两位（01–99），印成一位（“301 | 2”）时按补零读取并提示。",
            "少一位的编码会被读成别的科目或无法汇总。", "“301 2 津贴补贴”按 30102 读取。",
            short_codes)

RULES = (K101, K102, K103, K104, K105, K106)
