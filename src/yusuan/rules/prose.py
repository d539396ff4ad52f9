"""Family N: what the narrative says against itself, as a finance bureau's reviewer reads it.

N118 a direction word (增加 / 减少 / 持平) against the two numbers it compares; N119 a reason that
says the opposite of the change it explains; N120 template words and placeholders left in; N121
punctuation (doubled marks, an ordinal followed by 、, brackets that do not close, an amount or a
reason left empty); N122 the unit's name written another way; N123 one item stating its amount
twice differently; N124 the parts of a “其中” larger than their whole; N128 a year that is not the
report's; N130 the unit's own funding named with another level of government than the unit's (市级财政
in a 区's 名词解释). What it names one by one against the tables (N125–N127, N129): rules/listings.py.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Iterable

from ..catalog.levels import levels, levels_named, one_of, unit_level
from ..catalog.vocabulary import squash
from ..model import Section, Source
from ..model.records import kept
from .base import Context, compare, finding, fmt, rule
from .narrative import FALL, RISE, change_base

_STEADY = ("持平", "不变", "一致")


def section_text(s: Section) -> str:
    """A section's words: its number, title and text, the title kept apart from the text (|). A
    numbered paragraph whose first sentence is its title keeps that sentence in its text too (for
    its amounts): it is read there, once."""
    if s.title and s.text.startswith(s.title):
        return s.number + s.text
    return s.number + s.title + "|" + s.text


def section_texts(ctx: Context) -> list[tuple[Section, str]]:
    """Each section with its ``section_text`` without whitespace, as most N rules read it: made once a
    context."""
    return kept(ctx, "section texts", lambda ctx: [(s, squash(section_text(s))) for s in ctx.doc.sections])


# --- N118: direction words ------------------------------------------------------------------------
def directions(ctx: Context) -> Iterable:
    claims = ctx.doc.claims
    for i, c in enumerate(claims):
        if c.kind not in ("percent", "change") or c.direction is None or c.code is not None:
            continue
        if c.kind == "change":
            current = next((x for x in reversed(claims[:i]) if x.kind == "amount" and x.unit == c.unit
                            and x.sentence == c.sentence), None)
            if current is not None and c.direction in RISE and compare(current.amount, [c.amount]).kind == "error" \
                    and current.amount < c.amount:
                yield finding(N118, N118.severity, f"情况说明“{current.text}…{c.text}”：本年只有 {fmt(current.amount)}"
                              f"{c.unit}，不可能比上年增加 {fmt(c.amount)}{c.unit}（上年数将为负）", c.source,
                              expected=f"≤ {current.amount}", actual=c.amount)
            continue
        found = change_base(claims, i)
        if found is None:
            continue
        now, then, _ = found
        v = compare(now, [then])
        if v.kind != "error":
            continue
        said = "增加" if c.direction in RISE else "减少"
        real = "增加" if now > then else "减少"
        if said != real:
            yield finding(N118, N118.severity, f"情况说明“{c.text}”说{c.direction}，而所比两数为本年 {fmt(now)}、"
                          f"上年 {fmt(then)}，实为{real}", c.source, expected=real, actual=c.direction)


# --- N119: the reason against the change ------------------------------------------------------------
_REASON = re.compile(r"(比[^。；]{0,30}?)(增加|增长|上升|减少|下降|降低)[^。；]{0,20}?[。；，,]?主要原因(是|为)[:：]?([^。；]{1,60})")


def reasons(ctx: Context) -> Iterable:
    for s in ctx.doc.sections:
        text = section_text(s)
        if "主要原因" not in text:
            continue  # (what _REASON needs: a quick test first, as most sections state no reason)
        for m in _REASON.finditer(text):
            change, reason = m.group(2), m.group(4)
            up, down = bool(re.search("|".join(RISE), reason)), bool(re.search("|".join(FALL), reason))
            if (change in RISE and down and not up) or (change in FALL and up and not down):
                yield finding(N119, N119.severity, f"情况说明“{_cut(m.group())}”：{change}的原因写作“{_cut(reason)}”，"
                              "方向相反", s.source, actual=reason)


def _cut(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[:n] + "…"


# --- N120: template text left in ---------------------------------------------------------------------
# (XX not inside a word of letters: a web address's zdlyxxgk). The lookahead first: the characters the
# alternatives start with (an alternative added must start with one of them), which refuse most of the
# text's positions at once rather than each alternative in turn (4× quicker).
_TEMPLATE = re.compile(r"(?=[Xx×Ｘ（(增减下上作仍…])(?:"
                       r"(?<![A-Za-z])(?:XX+|xx+)(?![A-Za-z])|××+|ＸＸ+|x,xxx|（增加内容）|\(增加内容\)|"
                       r"增加[（(]减少[)）]|减少[（(]增加[)）]|下降[（(]增长[)）]|增长[（(]下降[)）]|上升[（(]下降[)）]|"
                       r"[（(]持平[)）]|作下述说明|"
                       r"仍保留该表格式|[（(]不涉及的不列[)）]|[（(]若无，则写|…{2,}[：:]?指……|[（(]说明[^）)]{0,20}[)）]$)")


def template_text(ctx: Context) -> Iterable:
    seen: set[str] = set()
    places = [(text, s.source) for s, text in section_texts(ctx)] + \
             [(squash(n), t.source) for t in ctx.doc.tables for n in t.notes]
    for text, source in places:
        for m in _TEMPLATE.finditer(text):
            key = m.group()
            if key in seen:
                continue
            seen.add(key)
            around = text[max(0, m.start() - 12):m.end() + 12].replace("|", "")
            yield finding(N120, N120.severity, f"留有模板的填写提示或占位符“{key}”：“{around}”", source, actual=key)


# --- N121: punctuation and empty blanks ----------------------------------------------------------------
# (pattern, what it finds, words one of which each match holds: tested first where that is quicker than
# the pattern, as most sections hold none).
# A lookahead before a lookbehind: the character the match starts with, tested first at each position;
# 万元 and 万 first, literals the pattern is searched by quickly, and what is before them tested after
# (_blank_amount, _short_unit).
_PUNCT = (
    (re.compile(r"(?=[。，、；：])(?<![。，、；：.…])([。，、；：])\1(?![。，、；：.…])"), "标点重复",
     ("。。", "，，", "、、", "；；", "：：")),
    (re.compile(r"[（(][一二三四五六七八九十]+[)）][、，.．]"), "序号后多了顿号", ()),
    (re.compile(r"原因(是|为)[:：]?[。；]"), "原因没有填写", ()),
    (re.compile(r"万元(?![）)]?[\d])"), "金额没有填写（“万元”前没有数字）", ()),
    (re.compile(r"(增长|下降|增加|减少|完成[^，。；]{0,8}的)\s*\d+\.\d+(?=[。，；])"), "百分比少了“%”", ()),
    (re.compile(r"万(?=[（(，。；、）)])"), "金额单位写作“万”，少了“元”", ()),
)


def punctuation(ctx: Context) -> Iterable:
    seen: set[str] = set()
    for s, text in section_texts(ctx):
        for pattern, what, words in _PUNCT:
            if words and not any(w in text for w in words):
                continue
            for m in pattern.finditer(text):
                if what.startswith("金额没有") and not _blank_amount(text, m.start()):
                    continue
                if what.startswith("金额单位") and not _short_unit(text, m.start()):
                    continue
                around = text[max(0, m.start() - 12):m.end() + 8]
                if around in seen:
                    continue
                seen.add(around)
                yield finding(N121, N121.severity, f"情况说明{what}：“{around}”", s.source, actual=m.group())
        for opened, closed, shown in _unclosed(text):
            yield finding(N121, N121.severity, f"情况说明的括号不配对：“{shown}”（{opened}…{closed}）", s.source,
                          actual=opened + closed)


_MONEY_BEFORE = re.compile(r"(支出|收入|经费|资金|预算|拨款|决算|费)[^，。；]*$")
_TWO_HAN = re.compile(r"[\u4e00-\u9fff]{2}$")
_NUMBER_WORD = re.compile(r"[一二三四五六七八九十百千几数亿多余]$")


def _blank_amount(text: str, at: int) -> bool:
    """“…弥补收支差额万元”: a name of an amount right before 万元, no number (not “三万元”, “数万元”, “亿万元”)."""
    before = text[max(0, at - 6):at]
    return bool(_TWO_HAN.search(before)) and not _NUMBER_WORD.search(before)


def _short_unit(text: str, at: int) -> bool:
    """“支出 0.39 万（含…）”: 万 right after a figure, said of an amount (服务居民3万，is a count, not one)."""
    before = text[at - 1:at] if at else ""
    return (before.isdecimal() or before in ("X", "x", "Ｘ")) and bool(_MONEY_BEFORE.search(text[max(0, at - 16):at]))


_PAIRS = {"（": "）", "(": ")", "“": "”", "《": "》", "【": "】"}
_CLOSE = {v: k for k, v in _PAIRS.items()}
_BRACKETS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSE)) + "]")


def _unclosed(text: str) -> Iterable[tuple[str, str, str]]:
    """Brackets opened with one kind and closed with another ( “(一）” ), or never closed."""
    if "（" not in text and "(" not in text:
        return  # both need one of these opened
    stack: list[tuple[str, int]] = []
    for m in _BRACKETS.finditer(text):  # (the brackets only: a section is thousands of characters)
        i, ch = m.start(), m.group()
        if ch in _PAIRS:
            stack.append((ch, i))
        elif ch in _CLOSE:
            if stack and _PAIRS[stack[-1][0]] == ch:
                stack.pop()
            elif stack and ch in "）)" and stack[-1][0] in "（(":
                o, j = stack.pop()
                yield o, ch, text[max(0, j - 6):i + 6]
    for o, j in stack[:1]:
        if o in "（(" and len(text) - j > 80:  # a bracket open to the end of a long section
            yield o, "", text[max(0, j - 6):j + 20]


# --- N122: the unit's name ---------------------------------------------------------------------------
_REGION = re.compile(r"^(中共)?(\w{2,3}省|\w{2,3}自治区)?(\w{2,4}市)?(\w{2,4}(区|县|旗))?(\w{2,6}(实验区|新区))?")
_SUFFIX = re.compile(r"(局|中心|委员会|院|所|站|办公室|办事处|处|馆|队|部|会|园|社|室|团|署|场|台|校|学校)$")


def unit_name(ctx: Context) -> Iterable:
    name = squash(ctx.doc.unit.name or "")
    suffix = _SUFFIX.search(name)
    if len(name) < 6 or suffix is None:
        return
    region = _REGION.match(name).group()
    core = name[len(region):]
    if len(core) < 4:
        return
    seen: set[str] = set()
    matcher = SequenceMatcher(None, "", core)  # the windows against the core: its index made once
    parts = _DIVISIONS.findall(region)
    # “上海市规划和自然资源局” for 上海市普陀区…: another (higher) level's unit
    higher = "".join(parts[:-1]) + core if len(parts) >= 2 else None
    for s, text in section_texts(ctx):
        end = text.find(suffix.group())
        while end >= 0:
            end += len(suffix.group())
            for n in range(len(core) - 2, len(core) + 2):  # a window that starts as the name's core does
                window = text[max(0, end - n):end]
                if not window or window[0] != core[0]:
                    continue
                matcher.set_seq1(window)
                if 0.8 <= matcher.ratio() < 1 and window not in name and core not in window and window not in seen:
                    seen.add(window)
                    yield finding(N122, N122.severity, f"情况说明写作“{window}”，单位名称为“{name}”", s.source,
                                  expected=name, actual=window)
                    break
            end = text.find(suffix.group(), end)
        if higher is not None and higher in text and higher not in seen:
            seen.add(higher)
            yield finding(N122, N122.severity, f"情况说明写作“{higher}”，单位名称为“{name}”（少了“{parts[-1]}”）",
                          s.source, expected=name, actual=higher)


_DIVISIONS = re.compile(r"中共|\w{2,3}?(?:自治区|省)|\w{1,4}?市|\w{1,4}?(?:区|县|旗)|\w{2,6}?(?:实验区|新区)")


# --- N123: one item, two amounts ----------------------------------------------------------------------
_ITEM_HEAD = re.compile(r"“([^”]{2,80}（项）)”(\d[\d,]*\.?\d*)万元")


def item_amounts(ctx: Context) -> Iterable:
    """“…（项）”350.35万元 … 2024年预算安排352.67万元: the item's amount for the report year, twice."""
    year = ctx.doc.year
    if year is None:
        return
    current = re.compile(rf"{year}年(?:预算安排|预算数为|预算为|安排)(\d[\d,]*\.?\d*)万元")
    for s, text in section_texts(ctx):
        if "（项）" not in text:
            continue  # (what _ITEM_HEAD needs: a quick test first)
        heads = list(_ITEM_HEAD.finditer(text))
        for k, m in enumerate(heads):
            end = heads[k + 1].start() if k + 1 < len(heads) else len(text)
            head = Decimal(m.group(2).replace(",", ""))
            for again in current.finditer(text, m.end(), end):
                value = Decimal(again.group(1).replace(",", ""))
                if compare(value, [head]).kind == "error":
                    yield finding(N123, N123.severity, f"情况说明“{m.group(1)}”先说 {fmt(head)} 万元，又说“{again.group()}”",
                                  s.source, expected=head, actual=value)


# --- N124: parts larger than their whole -----------------------------------------------------------------
_WHOLE = re.compile(r"(\d[\d,]*\.?\d*)(万元|平方米|亩|辆|人|台|个)[，,（(]?其中[：:]?")
_PART = r"(\d[\d,]*\.?\d*){unit}"
_CHANGE = re.compile(r"比|较|增加|减少|增长|下降|持平|上年|同比")  # a change or last year's amount, not a part
_COUNTED = ("辆", "人", "台", "个")


def parts_and_whole(ctx: Context) -> Iterable:
    for s, text in section_texts(ctx):
        for m in _WHOLE.finditer(text) if "其中" in text else ():  # (what _WHOLE needs: a quick test first)
            unit = m.group(2)
            whole = Decimal(m.group(1).replace(",", ""))
            stop = _scope_end(text, m.end(), m.group().endswith(("（其中", "(其中", "（其中：", "(其中：", "（其中:")))
            scope = re.sub(r"[（(][^（()）]*[)）]", "", text[m.end():stop])  # a nested 其中 is its own whole
            if unit == "万元" and re.search(r"支出\d", scope):
                continue  # a total's classes: N106's
            parts = [Decimal(x.group(1).replace(",", "")) for x in re.finditer(_PART.format(unit=unit), scope)
                     if not _CHANGE.search(scope[:x.start()].split("，")[-1].split("、")[-1])]
            if len(parts) < 2 or any(p > whole for p in parts):
                continue  # one part, or a part that is a new total (not a part of this one)
            total = sum(parts, Decimal(0))
            counted = unit in _COUNTED  # a count is exact: no rounding to allow for
            if total > whole and (counted or compare(whole, parts).kind == "error"):
                yield finding(N124, N124.severity, f"情况说明“{text[m.start():stop][:80]}”：其中各项之和 {fmt(total)}{unit} "
                              f"大于总数 {fmt(whole)}{unit}", s.source, expected=f"≤ {whole}", actual=total)
        for whole, parts, what in _sme_awards(text):
            total = sum(parts, Decimal(0))
            if compare(whole, parts).kind == "error" and total > whole:
                yield finding(N124, N124.severity, f"情况说明中{what}（预留项目与其他项目）合计 {fmt(total)} 万元，"
                              f"大于政府采购金额 {fmt(whole)} 万元", s.source, expected=f"≤ {whole}", actual=total)


_PROCUREMENT_TOTAL = re.compile(r"政府采购(?:支出)?(?:总)?(?:金额|总额)(?:[（(][^）)]*[）)])?为?(\d[\d,]*\.?\d*)万元")
_SME_AWARD = re.compile(r"由中小企业供应商中标或成交的[，,]?(?:采购金额|合同金额)为?(\d[\d,]*\.?\d*)万元")


def _sme_awards(text: str) -> Iterable[tuple[Decimal, list[Decimal], str]]:
    """Awards to small and medium enterprises, in reserved projects and in others: parts of the
    year's 政府采购 amount, never more than it."""
    if "由中小企业供应商中标或成交的" not in text:
        return  # (what _SME_AWARD needs: a quick test first)
    total = _PROCUREMENT_TOTAL.search(text)
    awards = [Decimal(m.group(1).replace(",", "")) for m in _SME_AWARD.finditer(text)]
    if total and len(awards) >= 2:
        yield Decimal(total.group(1).replace(",", "")), awards, "由中小企业供应商中标或成交的采购金额"


def _scope_end(text: str, start: int, bracketed: bool) -> int:
    """Where a 其中 ends: its closing bracket, else the end of its sentence."""
    if bracketed:
        close = min((i for i in (text.find("）", start), text.find(")", start)) if i >= 0), default=-1)
        if close >= 0:
            return close
    ends = [i for i in (text.find(c, start) for c in "。；;") if i >= 0]
    return min(ends) if ends else len(text)

# --- N128: years against the report's year -----------------------------------------------------------
_AS_OF = re.compile(r"截至(20\d{2})年(?:12月31日|12月底|年?底|年?末)")
_SINCE = re.compile(r"(?:比|较)(20\d{2})年度?|与(20\d{2})年度?(?=[^，。；]{0,10}?(?:相比|比较|持平|一致|相同))")
_HEADED = re.compile(r"^(20\d{2})年度?")


def years(ctx: Context) -> Iterable:
    """A year the narrative names where the report's year decides it: the date of the assets (截至
    上年末 in a budget, 本年末 in a 决算), the year a change is measured from (the year before; in a
    决算 also the year's own budget; in a budget the last 决算, two years back), and a heading's year.
    Text copied from last year's package keeps last year's years."""
    year, final = ctx.doc.year, ctx.doc.kind == "final_accounts"
    if not year:
        return
    wrong: dict[tuple[str, int], list] = {}
    for s in ctx.doc.sections:
        text, title = squash(s.text), squash(s.title)
        found = []
        m = _HEADED.match(title)
        if m and ("决算" if final else "预算") in title and not re.search(r"计划|预算安排" if final else r"执行|完成|计划|决算",
                                                                       title):
            found.append(("heading", int(m.group(1)), s.number + title, {year}))
        if "截至" in text:  # (what _AS_OF needs, and _SINCE below: quick tests first)
            found += [("as_of", int(m.group(1)), m.group(), {year if final else year - 1}) for m in _AS_OF.finditer(text)]
        for m in _SINCE.finditer(text) if "比20" in text or "较20" in text or "与20" in text else ():
            after = text[m.end():m.end() + 8]
            right = {year - 1, year} if final else {year - 1, year - 2} if "决算" in after else {year - 1}
            found.append(("since", int(m.group(1) or m.group(2)), text[m.start():m.end() + 8], right))
        for what, y, quote, right in found:
            if y not in right:
                wrong.setdefault((what, y), []).append((quote, s.source, right))
    for (what, y), places in wrong.items():
        quote, source, right = places[0]
        also = f"（共 {len(places)} 处）" if len(places) > 1 else ""
        should = "或".join(f"{e}年" for e in sorted(right, reverse=True))
        yield finding(N128, N128.severity, f"情况说明“{quote}”{also}：{_YEAR_WORDS[what]}是 {y} 年，本文件是 {year} 年"
                      f"{'决算' if final else '预算'}，应为{should}", source, expected=should, actual=f"{y}年")


_YEAR_WORDS = {"as_of": "资产的截止日期", "since": "比较的年度", "heading": "标题的年度"}

# --- N130: the level of government of the unit's own funding -----------------------------------------
@functools.cache
def _definition() -> re.Pattern:
    """“（一）财政拨款收入：是……。”: a term of the unit's own funding (at the start of a paragraph or after
    its number) and its defining sentence."""
    return re.compile(rf"(?<![\u4e00-\u9fff])(?P<term>(?:{one_of(levels().terms)})[^|：:。；，,]{{0,6}})[|：:。]{{1,2}}"
                      r"(?:是指|是|指|系)(?P<body>[^。；]*)")


def own_level(ctx: Context) -> Iterable:
    """The level a 名词解释 or a 财政拨款收入 statement names the unit's own funding with (市级预算主管部门,
    与区级财政有经费领拨关系, 区级财政拨款收入) against the unit's level by its name (a 区's unit is 区县级):
    text copied from another level's template. Money coming down from a level (市级财政转移支付) is no
    contradiction, and neither is 本级."""
    unit = unit_level(ctx.doc.unit.name)
    if unit is None:
        return
    data = levels()
    wrong: dict[str, list[tuple[str, str, Source]]] = {}  # the level word → (term, quote, where)
    for s, text in section_texts(ctx):
        places, spans = [], []  # (term, where its quote starts, the level word); the definitions' spans
        # (a definition begins with a term, a statement names a term stated: quick tests first)
        for m in _definition().finditer(text) if any(map(text.__contains__, data.terms)) else ():
            spans.append(range(m.start(), m.end()))
            named = levels_named(m.group("body"), data.funds)
            if not any(unit.names_own(n) for n in named):  # a definition naming its own level is right
                places += [(m.group("term"), m.start(), n._replace(end=m.start("body") + n.end)) for n in named[:1]]
        places += [(text[n.start + len(n.word):n.end], max(0, n.start - 16), n)
                   for n in (levels_named(text, data.stated) if any(map(text.__contains__, data.stated)) else ())
                   if not unit.names_own(n) and not any(n.start in span for span in spans)]
        for term, start, named in places:
            wrong.setdefault(named.word, []).append((term, text[start:named.end].replace("|", "："), s.source))
    for word, found in wrong.items():
        _, quote, source = found[0]
        also = f"等 {len(found)} 处（{'、'.join(dict.fromkeys(t for t, _, _ in found))}）" if len(found) > 1 else ""
        yield finding(N130, N130.severity, f"情况说明以“{word}”称本单位自己的经费：“{quote}……”{also}；而“{ctx.doc.unit.name}”"
                      f"属{unit.division}，是{unit.level.name}单位，应为“{unit.word}”或“本级”（多是照抄了其他层级的模板）",
                      source, expected=unit.word, actual=word)


N118 = rule("N118", "增减方向与数字矛盾",
            "“比上年增加/减少 x%”所比的两个数，其大小要与所说的方向一致；“比上年增加 d 万元”时，本年数不能小于 d。",
            "方向说反，读者就会误解收支变化。", "“2023年为60.13万元，2024年安排25.77万元，比2023年增加57.14%”：实为减少。",
            directions)
N119 = rule("N119", "增减原因与增减方向相反",
            "“比上年减少……主要原因是……经费增加”：原因所说的方向与变化相反。",
            "原因多是照抄其他条目，没有随内容修改。",
            "“比2023年预算执行数减少2.98%。主要原因是：宣传事务一般行政管理事务经费增加。”", reasons)
N120 = rule("N120", "留有模板提示或占位符",
            "公开文本中留有模板的占位符（XX、××、x,xxx）、二选一的写法（增加（减少）、下降（增长））或填写提示"
            "（（增加内容）、作下述说明、（不涉及的不列））。", "说明未按本单位情况填写完整。",
            "“比上年下降（增长）27.78%”；标题后留有“（增加内容）”。", template_text)
N121 = rule("N121", "标点、空缺和书写不规范",
            "重复的标点（。。、，，）、序号后多余的顿号（（一）、）、不配对的括号（(一）、未闭合的括号）、"
            "没有填写的原因（主要原因是。）和金额（弥补收支差额万元）、少了“%”的百分比、少了“元”的金额单位（支出 0.39 万（含…））。",
            "公开文本是正式文件，空缺和错漏会让读者怀疑数据是否完整。", "“用事业基金弥补收支差额万元”：金额空缺。",
            punctuation)
N122 = rule("N122", "单位名称前后不一",
            "情况说明中出现与单位全称相近而不同的写法（少字、错字、缺少区县名称）。",
            "单位名称是公开文件的主体，前后不一会让读者无法确认是哪个单位。",
            "单位为“上海市普陀区规划和自然资源局”，说明中写作“规划与自然资源局”。", unit_name)
N123 = rule("N123", "同一科目说明前后金额不一",
            "“××（项）”a万元……“本年预算安排b万元”：同一条说明中本年金额前后应相同。",
            "一条说明里两个不同的本年金额，至少有一个是错的（常是沿用上年的文字）。",
            "“住房公积金（项）”350.35万元……“2024年预算安排352.67万元”。", item_amounts)
N124 = rule("N124", "“其中”各项之和大于总数",
            "“X，其中：a，b……”或“X（其中 a，b）”：所列各项是总数的组成部分，之和不能大于总数（金额按区间判断，"
            "辆、人、台、个按整数判断）。",
            "组成部分之和超过总数，说明某个数字写错或重复计算。",
            "“地上建筑面积为8013平方米（其中计容面积7998平方米，不计容面积105平方米）”：7998 + 105 = 8103。",
            parts_and_whole)

N128 = rule("N128", "年份与报告年度不符",
            "情况说明中由报告年度决定的年份：资产的截止日期（预算为“截至上年12月31日”，决算为本年）、比较的年度"
            "（比上年；决算也可比本年预算；预算也可比上上年决算）、标题中的预算（决算）年度。",
            "年份不对多是沿用了上一年的说明没有改过，读者会误解比较的对象。",
            "2024年部门预算的情况说明写“一、2023年“三公”经费预算情况说明”“比2022年预算增加”。", years)
N130 = rule("N130", "经费所属的财政层级与单位层级不符",
            "名词解释给本单位的经费下定义（财政拨款收入、基本支出、项目支出、“三公”经费、机关运行经费：“是……”），"
            "或说明写明“××级财政拨款收入”时，所称的财政层级（省级、市级、区级、县级）应与单位名称所属的层级一致："
            "区、县（含其街道、乡镇）的单位为区县级，市的单位为市级，省的单位为省级；写“本级”的不论层级都对。"
            "上级财政的转移支付、补助（“市级财政转移支付”“上级补助收入”）不是本单位的层级，不在此列；单位名称看不出层级的不检查。",
            "区级单位的名词解释写“市级预算主管部门”“市级财政拨款”，多是照抄了市级（或其他层级）的模板，"
            "与本单位的经费来源不符，读者会误解经费由哪一级财政安排。",
            "上海市普陀区人民政府万里街道办事处2024年部门预算的名词解释：“财政拨款收入：是市级预算主管部门及所属预算单位"
            "本年度从本级财政部门取得的财政拨款”，“三公”经费也写作“使用市级财政拨款安排的”；该单位属普陀区，应为“区级”"
            "（其2023年预算即写作“区级”）。",
            own_level)

RULES = (N118, N119, N120, N121, N122, N123, N124, N128, N130)
