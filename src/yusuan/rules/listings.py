"""Family N: what the narrative names, one by one, against the tables: N125 a 类/款/项 named otherwise
than the table names it; N126 a 项 left out of a one-by-one explanation; N127 the “三公” items that do
not make up their total; N129 a basic-spending listing that names an item the table prints as 0.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable

from ..catalog.vocabulary import squash
from ..model import unread
from ..model.roles import RowRole, row_role
from ..report import Severity
from .base import Context, compare, finding, fmt, rule
from .items import items, printed_name, row_of
from .prose import section_texts
from .words import table_name


# --- N125: the 类/款/项 an item names ----------------------------------------------------------------------
_ITEM_TABLES = ("general_expenditure", "final_general_expenditure", "expenditure", "final_expenditure")


def item_names(ctx: Context) -> Iterable:
    """“住房保障支出（类）住房保障支出（款）住房公积金（项）”: a link the table prints under another name
    (the 款 is 住房改革支出), or an old name (其他国土资源事务支出 for 其他自然资源事务支出)."""
    t = next((ctx.table(k) for k in _ITEM_TABLES if ctx.table(k) is not None), None)
    if t is None:
        return
    seen: set[tuple[str, str]] = set()
    for s, text in section_texts(ctx):
        for item in items(text):
            if len(item.links) < 2:
                continue
            row, wrong = row_of(t, item)
            if row is None or wrong is None:
                continue
            code, name = printed_name(t, row, wrong[1])
            if (code, wrong[0]) in seen or not name:
                continue
            seen.add((code, wrong[0]))
            level = "类款项"[wrong[1] - 1]
            yield finding(N125, N125.severity, f"情况说明写作“{wrong[0]}（{level}）”，{table_name(t)}中 {code} 为“{name}”"
                          f"（“{item.text}”）", s.source, table=t.kind, row=code, expected=name, actual=wrong[0])


def items_covered(ctx: Context) -> Iterable:
    """A narrative that explains the 项 one by one (at least three) explains every 项 the table spends on."""
    t = next((ctx.table(k) for k in _ITEM_TABLES if ctx.table(k) is not None), None)
    if t is None:
        return
    for s, text in section_texts(ctx):
        named = [row_of(t, item)[0] for item in items(text) if item.links and item.links[-1][1] == 3]
        if len(named) < 3:
            continue
        said = {r.code for r in named if r is not None}
        for r in t.rows:
            if row_role(r.code) is RowRole.CLASS and len(r.code) == 7 and r.code not in said and r.value("total"):
                yield finding(N126, N126.severity, f"情况说明逐项解释了 {len(named)} 个项级科目，没有解释「{r.code} {r.name}」"
                              f"（{table_name(t)}为 {fmt(r.value('total'))} 万元）", s.source, table=t.kind,
                              row=r.code, expected=r.value("total"))
        return  # the one section that explains the 项


# --- N127: the “三公” items against their total --------------------------------------------------------
_THREE_ITEMS = (("abroad", "因公出国（境）费", re.compile(r"出国|出境")), ("reception", "公务接待费", re.compile(r"接待")),
                ("vehicle", "公务用车购置及运行费", re.compile(r"公务用?车|车辆")))
_PAST = re.compile(r"上年|上一年|去年|20\d\d年(?:预算|决算|执行)?数")
_NUMERALS = "一二三四五六七八九十"
_NUMBER = re.compile(rf"[（(]([{_NUMERALS}])[)）]")


def three_public_items(ctx: Context) -> Iterable:
    """“三公”经费 6.6万元 … 公务接待费 2.7万元 … 公务用车购置及运行费 3.8万元: the three items are
    the whole of it, so an item left unstated is the remainder, and three stated items add up."""
    if ctx.doc.kind != "budget":
        return  # a 决算 narrative states 预算数 and 决算数 side by side: N113's, by column
    claims = [c for c in ctx.doc.claims if c.kind == "amount" and c.unit == "万元" and c.compare_year is None
              and not _PAST.search(c.subject)]
    total = next((c for c in claims if "三公" in c.subject), None)
    if total is None:
        return
    stated: dict[str, Decimal] = {}
    numbers = set()  # the sub-headings' numbers the items are stated under: （一）（三）
    for c in claims[claims.index(total) + 1:]:
        if "三公" in c.subject:
            break  # a second total: last year's or another unit's
        words = c.subject if any(p.search(c.subject) for _, _, p in _THREE_ITEMS) else (c.section or "")
        item = next((k for k, _, p in _THREE_ITEMS if p.search(words)), None)
        if item is None or item in stated:
            continue
        if item == "vehicle" and re.search(r"购置费|运行费", c.subject) and "购置及运行" not in c.subject:
            continue  # one of its two parts: the item's own amount is stated beside it, or not at all
        stated[item] = c.amount
        if m := _NUMBER.match(c.section or ""):
            numbers.add(_NUMERALS.index(m.group(1)) + 1)
    if not stated:
        return
    left = total.amount - sum(stated.values(), Decimal(0))
    v = compare(total.amount, list(stated.values()))
    # a numbered item skipped (（一）…（三）): a remainder within rounding is then likelier the item left out
    skipped = len(stated) < 3 and left > 0 and numbers and max(numbers) > len(numbers)
    if left < 0 or (v.kind != "error" and not skipped):
        return  # more than the total: N124's when stated as its parts
    named = "、".join(f"{name} {fmt(stated[k])}" for k, name, _ in _THREE_ITEMS if k in stated)
    if len(stated) == 3:
        yield finding(N127, N127.severity, f"情况说明“三公”经费 {fmt(total.amount)} 万元，而{named} 万元合计 "
                      f"{fmt(total.amount - left)} 万元", total.source, expected=total.amount, actual=total.amount - left)
    else:
        missing = "、".join(name for k, name, _ in _THREE_ITEMS if k not in stated)
        yield finding(N127, Severity.WARNING, f"情况说明“三公”经费 {fmt(total.amount)} 万元，只说明了{named} 万元，"
                      f"其余 {fmt(left)} 万元（{missing}）没有说明"
                      + ("（差额在尾数误差之内，但所列编号有空缺，或是漏列了一项）" if v.kind != "error" else ""), total.source, expected=total.amount,
                      actual=total.amount - left)


# --- N129: what a basic-spending listing names ------------------------------------------------------
_LISTING = re.compile(r"(人员经费|公用经费)[^。；;]*?主要(?:包括|用于)[：:]?([^。；;]+)")
_BASIC_TABLES = ("final_basic_expenditure", "basic_expenditure")


def listed_items(ctx: Context) -> Iterable:
    """“公用经费 10.23 万元，主要包括：办公费、邮电费、差旅费……”: each item named is one the 基本支出表
    spends on; one its row prints as 0 is a listing copied from a template, not this year's spending."""
    t = next((ctx.table(k) for k in _BASIC_TABLES if ctx.table(k) is not None), None)
    if t is None:
        return
    rows = None  # the 款 by name, made at the first listing (most narratives have none)
    for s in ctx.doc.sections:
        text = squash(s.text)
        if "主要包括" not in text and "主要用于" not in text:
            continue  # (what _LISTING needs: a quick test first)
        if rows is None:
            rows = {_bare(r.name): r for r in t.rows if row_role(r.code) is RowRole.CLASS and len(r.code) == 5}
        for m in _LISTING.finditer(text):
            column = "personnel" if m.group(1) == "人员经费" else "public"
            for name in re.split(r"[、，,]", re.sub(r"(等(方面|项目)?的?(支出)?|……)$", "", m.group(2))):
                r = rows.get(_bare(name)) or rows.get(_bare(name).removesuffix("支出"))
                if r is None:
                    continue
                v = r.value(column)
                v = r.value("total") if v is None else v  # its own column blank: the row's total says
                if v is not None and not unread(v) and v == 0:
                    yield finding(N129, N129.severity, f"情况说明列举的{m.group(1)}项目“{name}”，{table_name(t)}"
                                  f"「{r.code} {r.name}」为 0", s.source, table=t.kind, row=r.code, column=column,
                                  expected="0", actual=name)


def _bare(name: str) -> str:
    """A name without its brackets and spaces: 维修（护）费 and 维修(护)费 are one."""
    return _BRACKETS.sub("", squash(name))


_BRACKETS = re.compile(r"[（(）)\s]")


N125 = rule("N125", "说明中的科目名称与表不符",
            "情况说明逐项解释“××（类）××（款）××（项）”时，各级名称应与表中该科目的名称一致：按名称或所述金额"
            "找到表中的科目，名称不同即提示（常见的是写错款名，或用了停用的旧科目名）。",
            "名称与表不一致，读者无法把说明与表对上。",
            "“住房保障支出（类）住房保障支出（款）住房公积金（项）”：表中 22102 为“住房改革支出”。",
            item_names)

N126 = rule("N126", "逐项说明漏列科目",
            "情况说明逐项解释项级科目（至少三项）时，表中有支出的每个项级科目都应说明。",
            "漏列的科目多是说明写完后表格又有调整，或把小额科目省略了；读者看不到这笔钱的用途。",
            "逐项说明列了 6 个项级科目，没有解释“2080599 其他行政事业单位养老支出”（7,020 元）。",
            items_covered)

N127 = rule("N127", "“三公”经费各项与总数不符",
            "预算说明写明“三公”经费总数和各项（因公出国（境）费、公务接待费、公务用车购置及运行费）时：三项都写明的，"
            "之和等于总数（错误）；只写明一两项的，之和小于总数即有一项的金额没有说明（警告；差额在尾数误差之内，但各项的编号有空缺的，也提示）。",
            "“三公”经费就是这三项之和：总数大于写明的各项，差额必是未说明的一项，或某个数写错。",
            "“三公经费控制数6.6万元。其中：（一）公务接待费……2.7万元……（三）公务用车购置及运行费……3.8万元”："
            "其余 0.1 万元（因公出国（境）费）没有说明。", three_public_items)

N129 = rule("N129", "说明列举的经费项目在表中为零",
            "情况说明写“人员经费……主要包括：……”“公用经费……主要包括：……”时，所列各项在基本支出表中应有支出；"
            "表中该项印为 0 的，提示说明照抄了模板或往年的文字。",
            "列举的项目应说明本年的钱实际花在哪里，列出没有支出的项目会误导读者。",
            "“公用经费10.23万元，主要包括：办公费、邮电费、差旅费……”，基本支出决算表「30207 邮电费」为 0.00。",
            listed_items)

RULES = (N125, N126, N127, N129)
