"""The 决算 narrative: what its claims are about (DOMAIN.md §6).

The generic reader (narrative.py) finds every number; in a 决算 package this module names what
each one is, with a ``code``:

* 项/类 passages, “社会保障和就业支出（类）…行政运行（项）：年初预算为A万元，支出决算为B万元，完成
  年初预算的C%”: subjects 年初预算数 / 全年预算数 / 决算数 / 完成年初预算 / 完成全年预算, code the
  functional code (printed, or found by the names of the chain in the 一般公共预算财政拨款支出决算表);
* “三公” passages: subjects 预算数 / 决算数 / 完成预算, code ``three_public.`` and the 三公 column (total,
  abroad, vehicles, vehicle_purchase, vehicle_operation, reception); counts (购置 n 辆, 保有量 n 辆, 团组 n 个, n 人次,
  n 批次) as ``count`` claims, code vehicle_purchase_count, vehicle_stock, abroad_groups,
  abroad_people, reception_batches, reception_people;
* 政府采购: code procurement.total / goods / works / services / sme / sme_share / small;
* 绩效自评: self_evaluation.projects (n 个项目) and self_evaluation.funds (涉及资金);
* totals (收入总计, 本年支出合计, 财政拨款收入, 一般公共预算财政拨款支出, 人员经费…): a normalised
  subject, no code.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Sequence

from ..catalog.names import LINKED_NAME
from ..catalog.vocabulary import squash
from ..model import Claim, Row, Source, parse_amount
from ..model.roles import RowRole, role
from .narrative import SENTENCE_ENDS, last_before

_ITEM = re.compile(rf"(\d{{3,7}})?({LINKED_NAME})[（(](类|款|项)[）)]")
_LEVEL = {"类": 1, "款": 2, "项": 3}
_MEASURES = ((r"完成(年初)?预算(数)?的?$", "完成年初预算"), (r"完成(全年|调整)预算(数)?的?$", "完成全年预算"),
             (r"决算(数)?(为|是|共计)?$", "决算数"), (r"年初预算(数)?(为|是)?$", "年初预算数"),
             (r"(全年|调整)预算(数)?(为|是)?$", "全年预算数"), (r"预算(数)?(为|是)?$", "预算数"))
_THREE = ((r"因公出国[（(]境[）)]?费|因公出国费", "abroad"), (r"公务用车购置及运行(维护)?费", "vehicles"),
          (r"公务用车购置费", "vehicle_purchase"), (r"公务用车运行(维护)?费", "vehicle_operation"),
          (r"公务接待费", "reception"), (r"三公”?经费", "total"))
_THREE_ANY = re.compile("|".join(p for p, _ in _THREE))
_COUNTS = ((r"(购置公务用车|购置车辆|公务用车购置)(数量?)?(为|共)?$", "辆", "vehicle_purchase_count", "公务用车购置数"),
           (r"保有量(为|共)?$", "辆", "vehicle_stock", "公务用车保有量"),
           (r"团组(数)?(为|共)?$", "个", "abroad_groups", "因公出国（境）团组"),
           (r"出国.*$", "人次", "abroad_people", "因公出国（境）人次"),
           (r"接待.*$", "批次", "reception_batches", "公务接待批次"),
           (r"接待.*$", "人次", "reception_people", "公务接待人次"))
_PART = re.compile(r"外宾|外事")  # the foreign guests among the 公务接待: a part of its counts
_PROCUREMENT = ((r"货物", "goods", "政府采购货物支出"), (r"工程", "works", "政府采购工程支出"),
                (r"服务", "services", "政府采购服务支出"), (r"小微企业", "small", "授予小微企业合同金额"),
                (r"中小企业", "sme", "授予中小企业合同金额"), (r"支出总额|采购总额", "total", "政府采购支出总额"))
_TOTALS = ((r"财政拨款收入支出(决算)?总计$", "财政拨款收入支出总计"),
           (r"一般公共预算财政拨款收入$", "一般公共预算财政拨款收入"),
           (r"政府性基金预算财政拨款收入$", "政府性基金预算财政拨款收入"),
           (r"国有资本经营预算财政拨款收入$", "国有资本经营预算财政拨款收入"),
           (r"(?<!预算)财政拨款收入$", "财政拨款收入"),  # all funds: not one fund's (its own subject above)
           (r"(一般公共预算)财政拨款支出(决算)?(数)?$", "一般公共预算财政拨款支出"),
           (r"政府性基金预算财政拨款支出(决算)?(数)?$", "政府性基金预算财政拨款支出"),
           (r"国有资本经营预算财政拨款支出(决算)?(数)?$", "国有资本经营预算财政拨款支出"),
           (r"(?<!预算)财政拨款支出(决算)?$", "财政拨款支出"), (r"本年收入合计$", "本年收入合计"),
           (r"本年支出合计$", "本年支出合计"), (r"收入(决算)?总计$", "收入总计"), (r"支出(决算)?总计$", "支出总计"),
           (r"^(人员经费)$", "人员经费"), (r"^(公用经费)$", "公用经费"), (r"^其他收入$", "其他收入"),
           (r"^(基本支出)$", "基本支出"), (r"^(项目支出)$", "项目支出"))
_EXTRA = re.compile(r"(\d+)(人次|批次)")
_LEAD = re.compile(r"(为|是|共计|共|合计|累计|达)$")


def refine_section(stream: list[tuple[str, int]], file: str, section: str, title: str, claims: list[Claim],
                   rows: tuple[Row, ...] = ()) -> list[Claim]:
    """The claims of one section of a 决算 narrative, named and coded; counts in 人次 and 批次 added."""
    text, starts = "", []
    for piece, no in stream:
        starts.append((len(text), no))
        text += piece
    placed: list[tuple[int, Claim]] = []
    stops = [m.start() for m in SENTENCE_ENDS.finditer(text)]  # where each sentence ends
    at = 0
    for c in claims:
        pos = text.find(c.text, at)
        pos = at if pos < 0 else pos
        at = pos + len(c.text)
        placed.append((at, _named(c, text, at, text[last_before(stops, at) + 1:at], title, rows)))
    for m in _EXTRA.finditer(text):
        before = text[:m.start()]
        sentence = _since(before, "。；;")
        if _PART.search(_since(before, "，,；;。：:")):
            continue  # “其中：接待外宾0批次”: a part of the count, not the count
        for pattern, unit, code, subject in _COUNTS:
            if unit == m.group(2) and re.search(pattern, sentence):
                line = next((no for pos, no in reversed(starts) if pos <= m.start()), None)
                placed.append((m.end(), Claim(parse_amount(m.group(1)), unit, subject, _since(before, "，,；;。：:")
                                              + m.group(), Source(file, line), "count", None, None, section,
                                              _sentence(text, m.start(), m.end()), None, code)))
                break
    return [c for _, c in sorted(placed, key=lambda pc: pc[0])]


def _since(before: str, stops: str) -> str:
    return before[max(before.rfind(c) for c in stops) + 1:]


def _sentence(text: str, start: int, end: int) -> str:
    ends = [i for i in (text.find(c, end) for c in "。；;") if i >= 0]
    return text[max(text.rfind(c, 0, start) for c in "。；;") + 1:min(ends) if ends else len(text)]


def _clause(c: Claim) -> str:
    """The words before the number, without the number."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?\D*$", c.text)
    return squash(c.text[:m.start()] if m else c.text).replace("“", "").replace("”", "").replace('"', "")


def _named(c: Claim, text: str, at: int, sentence: str, title: str, rows: tuple[Row, ...]) -> Claim:
    """The claim named and coded by the words before it: ``text`` up to ``at``, whose last
    ``sentence`` it ends."""
    clause = _clause(c)
    if c.kind == "count":
        if _PART.search(clause):
            return c
        for pattern, unit, code, subject in _COUNTS:
            if unit == c.unit and re.search(pattern, clause):
                return replace(c, subject=subject, code=code)
        if c.unit == "个" and "绩效" in c.sentence and re.search(r"项目", c.sentence[c.sentence.find(clause):]):
            return replace(c, subject="绩效自评项目数", code="self_evaluation.projects")
        return c
    plain = squash(sentence).replace("“", "").replace("”", "")
    if "采购" in title + plain or "中小企业" in clause:
        for pattern, code, subject in _PROCUREMENT:
            if re.search(pattern, clause):
                return replace(c, subject=subject if c.unit != "%" else "授予中小企业合同金额占比",
                               code="procurement.sme_share" if c.unit == "%" else f"procurement.{code}")
    if "绩效" in title + plain and c.unit == "万元" and re.search(r"(涉及|资金)", clause):
        return replace(c, subject="绩效自评资金", code="self_evaluation.funds")
    measure = next((name for pattern, name in _MEASURES if re.search(pattern, clause)), None)
    three = list(_THREE_ANY.finditer(plain))
    if measure and three:
        code = next(code for pattern, code in _THREE if re.fullmatch(pattern, three[-1].group()))
        return replace(c, subject=measure.replace("年初", ""), code=f"three_public.{code}")
    if measure:
        chain = _chain(text[:at], _items_in(text))
        if chain:
            return replace(c, subject=measure, code=_code(chain, rows) or "".join(n for _, n, _ in chain))
        if "一般公共预算" in plain:  # “一般公共预算财政拨款支出…万元，完成全年预算的…%”: the 合计 row
            return replace(c, subject=measure, code="total")
    bare = re.sub(r"^(\d{4}年度?|本年度?|全年)", "", _LEAD.sub("", clause))
    for pattern, subject in _TOTALS:
        if re.search(pattern, bare):
            return replace(c, subject=subject)
    return c


@lru_cache(maxsize=8)  # a section's, found once for the claims of it that name a measure
def _items_in(text: str) -> tuple[re.Match, ...]:
    return tuple(_ITEM.finditer(text))


def _chain(upto: str, items: Sequence[re.Match] | None = None) -> list[tuple[str | None, str, int]]:
    """The 类/款/项 named last before a number, when it is in the number's sentence or the one before.
    ``items``: those named in the whole text ``upto`` begins."""
    found = _items_before(items, len(upto))
    if found is None:
        found = list(_ITEM.finditer(upto))
    if not found or upto.count("。", found[-1].end()) > 1:
        return []
    chain = [found[-1]]
    for m in reversed(found[:-1]):
        if m.end() != chain[0].start() - (1 if upto[chain[0].start() - 1:chain[0].start()] in "、" else 0):
            break
        chain.insert(0, m)
    return [(m.group(1), re.sub(r"^[\d.．、]+", "", squash(m.group(2))), _LEVEL[m.group(3)]) for m in chain]


def _items_before(items: Sequence[re.Match] | None, at: int) -> list[re.Match] | None:
    """What a search of the text up to ``at`` finds, from the search of the whole text: its names
    that end by ``at``. None when one of them runs across ``at`` (a search of the part would then
    find another) or when there is no whole search: the part is searched instead."""
    if items is None or any(m.start() < at < m.end() for m in items):
        return None
    return [m for m in items if m.end() <= at]


def _code(chain: list[tuple[str | None, str, int]], rows: tuple[Row, ...]) -> str | None:
    """The printed code of the last link, or the row of that name and level whose ancestors bear
    the names of the links before it."""
    code, name, level = chain[-1]
    if code:
        return code
    names = {r.code: squash(r.name) for r in rows if role(r) is RowRole.CLASS}
    width = {1: 3, 2: 5, 3: 7}
    candidates = [k for k, v in names.items() if v == squash(name) and len(k) == width[level]]
    for c_code, c_name, c_level in chain[:-1]:
        candidates = [k for k in candidates if names.get(k[:width[c_level]]) == squash(c_name)] or candidates
    return candidates[0] if len(candidates) == 1 else None
