"""Family C: what a package must contain (DOMAIN.md §1.2–§1.4)."""
from __future__ import annotations

import re
from typing import Iterable

from ..catalog.regions import regions
from ..catalog.specs import Kind, profiles, spec
from ..catalog.vocabulary import KIND_NAMES, squash
from ..model import Source, Table
from ..report import Severity
from .words import table_name
from .base import Context, finding, fmt, rule, value

REQUIRED = ("summary", "revenue", "expenditure", "fiscal_summary", "general_expenditure", "basic_expenditure",
            "three_public", "gov_fund_expenditure")  # the 8 tables of 财预〔2016〕143号
# “本单位无该项收支，故此表无数据”, “本部门2024年无政府性基金预算财政拨款安排的预算，故本表为空表”
_STATEMENT = re.compile(r"空表|无数据|无该项|未安排|没有.*(收入|支出|收支|预算|安排|资金|经费)"
                        r"|无.*(收支|支出|收入|预算|安排|资金|经费)")
_SECTIONS = (  # (what, pattern on the narrative, severity)
    ("职能职责", r"职责|职能", Severity.ERROR),
    ("机构设置", r"机构|单位构成|内设", Severity.ERROR),
    ("收支增减变化", r"(收入|支出|收支).{0,40}(增加|减少|持平|增长|下降|一致)", Severity.ERROR),
    ("机关运行经费", r"机关运行经费|运行经费|机构运转经费", Severity.ERROR),
    ("“三公”经费", r"三公", Severity.ERROR),
    ("政府采购", r"政府采购", Severity.ERROR),
    ("专业性名词解释", r"名词解释", Severity.ERROR),
    ("国有资产占用", r"国有资产|车辆", Severity.WARNING),
    ("绩效目标设置", r"绩效目标", Severity.WARNING),
)
# a 决算 reports on targets set a year before: 绩效自评 / 绩效评价 results, not 绩效目标 (DOMAIN.md §6)
_FINAL_SECTIONS = tuple(("绩效自评（评价）结果", r"绩效(自评|评价)", sev) if what == "绩效目标设置" else (what, p, sev)
                        for what, p, sev in _SECTIONS)


def _all_zero(t: Table) -> bool:
    """Nothing printed but zeros; values that could not be placed are something."""
    return all(not c.value and c.column is not None for r in t.rows for c in r.cells)


REQUIRED_FINAL = ("final_summary", "final_revenue", "final_expenditure", "final_fiscal_summary",
                  "final_general_expenditure", "final_basic_expenditure", "final_three_public", "final_gov_fund",
                  "final_soe")  # the nine 决算 tables (DOMAIN.md §6)


def required_tables(ctx: Context) -> Iterable:
    """Each unit's set in a 部门 package is a package of its own (run per unit: the 汇总 set, then each)."""
    present = {k for t in ctx.doc.tables for k in (t.kind, spec(t.kind).stands_for)}  # (by 功能分类: the same table)
    final = ctx.doc.kind == "final_accounts"
    if not ctx.doc.tables:  # a 说明 page, a 批复 notice: said once, its tables may be an attachment
        yield finding(C101, Severity.WARNING, f"文件只有说明文字，没有{'决算9' if final else '预算8'}张公开表格"
                      "（表格可能另有附件，请一并检查）", Source(ctx.doc.file))
        return
    whose = (ctx.doc.unit.name or "") if any(t.unit for t in ctx.doc.tables) else ""
    for kind in REQUIRED_FINAL if final else REQUIRED:
        if kind not in present:
            yield finding(C101, C101.severity, f"{whose}缺少{KIND_NAMES[kind]}（“{'决算9' if final else '8'}张表”之一）",
                          Source(ctx.doc.file), table=kind)


def _income(ctx: Context):
    s = ctx.table(Kind.SUMMARY) or ctx.table(Kind.FISCAL_SUMMARY)
    return value(s.row("in.total"), "total") if s is not None and s.row("in.total") else None


def _blank_form(ctx: Context) -> bool:
    """Every table is empty: a form not filled in (a template), not a unit with nothing to report."""
    return bool(ctx.doc.tables) and all(_all_zero(t) for t in ctx.doc.tables)


def blank_form(ctx: Context) -> Iterable:
    if _blank_form(ctx):
        yield finding(C110, C110.severity, f"全部 {len(ctx.doc.tables)} 张表都没有数据：这是未填写的模板，还是漏填了数据？",
                      ctx.doc.tables[0].source)


def empty_statement(ctx: Context) -> Iterable:
    if _blank_form(ctx):
        return  # said once (C110), not once per table
    misread = {f.table for f in ctx.doc.findings if f.code == "R012"}
    for t in ctx.doc.tables:
        if t.kind in ("revenue", "expenditure") and _income(ctx) or t.kind == "unknown" or t.kind in misread:
            continue  # not a table to explain but one to fill in (C103); not understood (R003), not read (R012)
        if _all_zero(t) and not any(_STATEMENT.search(squash(n)) for n in t.notes):
            yield finding(C102, C102.severity, f"{table_name(t)}没有数据，也没有“本单位无该项收支，故此表无数据”一类的说明",
                          t.source, table=t.kind)


def empty_but_filled(ctx: Context) -> Iterable:
    """A table that prints amounts under a note saying it is empty (a note copied from a template)."""
    for t in ctx.doc.tables:
        said = next((n for n in t.notes if _EMPTY.search(squash(n))), None)
        total = next((c for r in t.rows for c in r.cells if c.value), None) if said else None
        if total is not None:
            yield finding(C109, C109.severity, f"{table_name(t)}下注明“{said.strip()}”，而表中有数（如 {total.text}）",
                          total.source, table=t.kind, row=total.source.row, column=total.column, actual=total.text)


_EMPTY = re.compile(r"空表|无数据|此表无|本表无")


def rows_missing(ctx: Context) -> Iterable:
    income = _income(ctx)
    for kind in ("revenue", "expenditure"):
        t = ctx.table(kind)
        if t is not None and _all_zero(t) and income:
            yield finding(C103, C103.severity, f"{table_name(t)}是空表，而收支总表的收入（支出）总计为 {fmt(income)} 万元："
                          "应按科目列出", t.source, table=kind, expected=income)


def _procurement_missing(ctx: Context) -> bool:
    return (bool(ctx.doc.tables) and ctx.table(Kind.PROCUREMENT) is None
            and not any("政府采购" in s.title + s.text for s in ctx.doc.sections))


def procurement_disclosed(ctx: Context) -> Iterable:
    if _procurement_missing(ctx):
        yield finding(C104, C104.severity, "既没有政府采购预算表，情况说明也没有说明政府采购情况", Source(ctx.doc.file),
                      table="procurement")


def narrative_present(ctx: Context) -> Iterable:
    if not ctx.doc.sections:
        yield finding(C105, C105.severity, "没有情况说明（部门职责、收支增减、机关运行经费、“三公”经费、政府采购等说明）",
                      Source(ctx.doc.file))


_RULES_SINCE = 2017  # 财预〔2016〕143号, issued late in 2016, sets what a package discloses from 2017 on


def narrative_sections(ctx: Context) -> Iterable:
    if not ctx.doc.sections:
        return
    text = "".join(s.title + s.text for s in ctx.doc.sections)
    required = _FINAL_SECTIONS if ctx.doc.kind == "final_accounts" else _SECTIONS
    if ctx.doc.year and ctx.doc.year < _RULES_SINCE:  # before it: a change and its reason, as the 预算法 asks
        required = tuple((what, p, Severity.WARNING) for what, p, _ in required if what == "收支增减变化")
    for what, pattern, severity in required:
        if not re.search(pattern, _totals_text(ctx.doc.sections) if what == "收支增减变化" else text):
            yield finding(C106, severity, f"情况说明缺少“{what}”" + (_uncompared(ctx) if what == "收支增减变化" else ""),
                          ctx.doc.sections[0].source)


def _uncompared(ctx: Context) -> str:
    """The total the narrative states without its change, to show what is missing."""
    c = next((c for c in ctx.doc.claims if c.kind == "amount" and re.search(r"收入|支出|收支", c.subject)
              and not _ITEM_PARTS.search(c.section or "")), None)
    return f"：“{c.text}”没有与上年比较，也没有说明增减原因" if c is not None else ""


# parts of a narrative about one item, whose changes are not the totals' (a 三公 item's 支出增加)
_ITEM_PARTS = re.compile(r"三公|机关运行|运行经费|政府采购|国有资产|车辆|绩效")


def _totals_text(sections) -> str:
    """The narrative outside its parts on single items: where the totals' change is stated."""
    out, top = [], ""
    for s in sections:
        if s.level <= 1:
            top = s.number + s.title
        if not _ITEM_PARTS.search(top + s.title):
            out.append(s.title + s.text)
    return "".join(out)


_NUMERALS = "一二三四五六七八九十"


def numbering(ctx: Context) -> Iterable:
    """（一）（二）… under each 一、: a repeated or skipped number is a sign of a copied paragraph."""
    expected, seen = 1, set()
    for s in ctx.doc.sections:
        if s.level <= 1:
            expected, seen = 1, set()
            continue
        n = _NUMERALS.find(s.number.strip("（）()")) + 1
        if not n:
            continue
        if n in seen:
            yield finding(C107, C107.severity, f"情况说明的编号{s.number}重复：“{s.number}{s.title}”", s.source, actual=s.number)
        elif n > expected:
            missing = "、".join(f"（{_NUMERALS[k - 1]}）" for k in range(expected, n))
            yield finding(C107, C107.severity, f"情况说明在“{s.number}{s.title}”之前缺少编号{missing}", s.source,
                          expected=f"（{_NUMERALS[expected - 1]}）", actual=s.number)
        seen.add(n)
        expected = max(expected, n + 1)


def _required(division: str | None) -> tuple[str, tuple[str, ...]]:
    """(region name, the tables its profile ``requires`` beyond the national 8) for a 区划 code."""
    for r in regions():
        if r.division and (division or "").startswith(r.division):
            for p in profiles():
                if p.id == r.id and p.family == "budget":
                    return p.name, p.requires
    return "", ()


def regional_tables(ctx: Context) -> Iterable:
    name, required = _required(ctx.doc.region)
    if not required:
        return
    present = {t.kind for t in ctx.doc.tables}
    present |= {"unit_performance"} if ctx.doc.performance else set()
    present |= {"project_performance"} if ctx.doc.projects else set()
    if _procurement_missing(ctx):
        present.add("procurement")  # reported once, as C104's error
    for kind in required:
        if kind not in present:
            yield finding(C108, C108.severity, f"缺少{KIND_NAMES[kind]}（{name}公开表格之一）", Source(ctx.doc.file),
                          table=kind)



C101 = rule("C101", "缺少必须公开的表格",
            "部门预算必须公开“8张表”：收支总表、收入总表、支出总表、财政拨款收支总表、一般公共预算支出表、"
            "一般公共预算基本支出表、一般公共预算“三公”经费支出表、政府性基金预算支出表；部门决算必须公开 9 张表："
            "收入支出决算总表、收入决算表、支出决算表、财政拨款收入支出决算总表、一般公共预算财政拨款支出决算表、"
            "一般公共预算财政拨款基本支出决算表、财政拨款“三公”经费支出决算表、政府性基金预算财政拨款收入支出决算表、"
            "国有资本经营预算财政拨款支出决算表。",
            "财预〔2016〕143号《地方预决算公开操作规程》。", "某单位只公开了 7 张表，缺少政府性基金预算支出表。",
            required_tables, scope="unit")
C102 = rule("C102", "空表没有说明",
            "没有数据的表也要公开，并说明原因（如“本单位无该项收支，故此表无数据”）。",
            "“没有数据的表格应当列出空表并说明。”（地方预决算公开操作规程）",
            "政府性基金预算支出表是空表，表下没有“本单位无政府性基金预算收支，故此表无数据”一类的说"
            "明：错误。", empty_statement)
C103 = rule("C103", "应有数据的表是空表",
            "收入总表、支出总表在单位有收支时必须按科目列出。", "空的收入总表是遗漏，不是“无该项收支”。",
            "收入总表只有表头，而收支总表收入总计 3,094.17 万元：错误。", rows_missing)
C104 = rule("C104", "未公开政府采购情况",
            "政府采购要在政府采购预算表或情况说明中公开（总额及货物、工程、服务）。",
            "《预算法》第十四条和《地方预决算公开操作规程》（财预〔2016〕143号）要求公开政府采购情况。",
            "公开文件既没有政府采购预算表，情况说明也没有政府采购一节：错误。", procurement_disclosed)
C105 = rule("C105", "没有情况说明",
            "公开包应包括情况说明：职责、机构、收支增减变化、机关运行经费、三公、政府采购、名词解释等。",
            "《地方预决算公开操作规程》（财预〔2016〕14"
            "3号）要求部门预决算附情况说明。", "公开文件只有表格，没有情况说明：错误。", narrative_present)
C106 = rule("C106", "情况说明缺少必备内容",
            "情况说明要有：职能职责、机构设置、收支增减变化、机关运行经费、三公经费、政府采购、名词解释；"
            "国有资产占用、绩效目标设置为逐步公开内容（警告）；决算说明的是绩效自评（绩效评价）结果，而不是绩效目标。",
            "《地方预决算公开操作规程》（财预〔201"
            "6〕143号）规定了情况说明应当说明的内容。", "缺少“机关运行经费”一节；决算只说“绩效目标”而没有绩效自评结果。",
            narrative_sections)
C107 = rule("C107", "情况说明编号重复或跳号",
            "同一节下的（一）（二）（三）…应连续。", "重复或跳号常是段落复制后没有改写的痕迹。",
            "情况说明“五、其他重要事项”下的编号为（一）（三）（三）（四）：缺少（二），"
            "（三）重复。", numbering)

C108 = rule("C108", "缺少本地区要求的表格",
            "在“8张表”之外，重庆要求政府采购预算明细表、整体绩效目标表、项目支出绩效目标表；河南要求项目支出预算表、"
            "支出经济分类汇总表、项目绩效目标表（按项目编码的区划判断地区）。政府采购在表和情况说明中都没有公开时只报 C104。",
            "在全国统一的“8张表”之外，各地的公开目录另有要求：重庆要求政府采购预算明细表、整体绩效目标表、项目支出绩"
            "效目标表，河南要求项目支出预算表、支出经济分类汇总表、项目绩效目标表。",
            "重庆的单位预算（项目编码区划以 50 开头）没有政府采购预算明细表：警告"
            "。", regional_tables)

C109 = rule("C109", "注明空表而表中有数",
            "表下注明“本表为空表”“此表无数据”，表中却列有金额：说明或表格必有一错。",
            "空表说明多是从模板照搬，未随数据更新；读者无从判断该信哪个。",
            "“三公”经费表列有合计 47.91 万元，表下却注“本部门无“三公”经费预算，故本表为空表”。", empty_but_filled)

C110 = rule("C110", "全部表格都没有数据",
            "一套公开表格中每一张都没有数据：多是未填写的模板，或数据没有导出。此时不再逐表报告空表说明（C102）。",
            "没有一张表有数的公开文件不能反映单位的收支。", "模板文件的 9 张表只有表头和科目名称。",
            blank_form)

RULES = (C101, C102, C103, C104, C105, C106, C107, C108, C109, C110)
