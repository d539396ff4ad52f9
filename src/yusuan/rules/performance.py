"""Family P: performance targets (绩效目标, DOMAIN.md §4)."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher
from typing import Iterable

from ..catalog.vocabulary import squash
from ..model import Indicator, Project, Source, half_ulp
from ..report import Severity
from .base import Context, finding, fmt, rule

HUNDRED = Decimal(100)
_COUNT = re.compile(r"(次数|人数|个数|户数|件数|\d+\s*(名|人|个|次|户|件))")
_RATE = re.compile(r"率|比例|比重|占比|度")
_EXECUTION = re.compile(r"预算执行率|预算完成率|支付进度|执行率")
_MONEY_NAME = re.compile(r"资金|补助|补贴|发放|金额|经费")
_NEED = re.compile(r"(共需|需要|需列支|共需开支|预计需|共计需|项目需要)[^，。；]{0,10}?(资金|经费|专项经费)?"
                   r"(\d+(?:\.\d+)?)\s*万元")
_STALE_YEAR = re.compile(r"(20\d{2})\s*年")


def _forms(ctx: Context) -> list[tuple[str, Source, tuple[Indicator, ...], Project | None]]:
    out = [(f"项目「{p.name}」", p.source, p.indicators, p) for p in ctx.doc.projects]
    if ctx.doc.performance is not None:
        perf = ctx.doc.performance
        out.append(("整体绩效目标表", perf.source, perf.indicators, None))
    return out


def _texts(p: Project, fields: tuple[str, ...], *marks: str) -> Iterable[tuple[str, str]]:
    """(field, text) of a project's texts, each text once (立项依据 often repeats 项目概况), and with
    ``marks`` only those that contain one of them."""
    seen = set()
    for f in fields:
        t = getattr(p, f)
        if t and t not in seen and (not marks or any(map(t.__contains__, marks))):
            seen.add(t)
            yield f, t


def _kind(project: Project | None) -> str:
    return "project_performance" if project is not None else "unit_performance"


def weights(ctx: Context) -> Iterable:
    for name, src, indicators, project in _forms(ctx):
        w = [i.weight for i in indicators if i.weight is not None]
        if not w:
            continue  # Henan prints no weights
        total = sum(w, Decimal(0)) + (project.execution_weight or 0 if project else 0)
        if total != HUNDRED:
            extra = f"（含预算执行率权重 {project.execution_weight}）" if project and project.execution_weight else ""
            yield finding(P101, P101.severity, f"{name}的指标权重合计 {fmt(total)}{extra}，应为 100", src,
                          table=_kind(project), row=project.code if project else None, column="weight",
                          expected=100, actual=total)


def qualitative(ctx: Context) -> Iterable:
    for name, _, indicators, project in _forms(ctx):
        for i in indicators:
            if i.operator == "定性" and (i.unit or i.number is not None):
                yield finding(P102, P102.severity, f"{name}指标“{i.name}”为定性指标，不应有"
                              f"{'计量单位“' + i.unit + '”' if i.unit else '数值 ' + i.value}", i.source,
                              table=_kind(project), row=project.code if project else None, column="unit")


def count_with_percent(ctx: Context) -> Iterable:
    for name, _, indicators, project in _forms(ctx):
        for i in indicators:
            if i.unit == "%" and _COUNT.search(i.name) and not _RATE.search(i.name):
                yield finding(P103, P103.severity, f"{name}指标“{i.name} {i.operator} {i.value} %”为计数指标，计量单位不应为“%”",
                              i.source, table=_kind(project), row=project.code if project else None, column="unit",
                              actual="%")


def execution_rate_level(ctx: Context) -> Iterable:
    for name, _, indicators, project in _forms(ctx):
        for i in indicators:
            if _EXECUTION.search(i.name) and i.level1 in ("产出指标", "效益指标"):
                yield finding(P104, P104.severity, f"{name}把“{i.name}”列在{i.level1}/{i.level2}下：预算执行率另设权重，不应列为产出或效益指标",
                              i.source, table=_kind(project), row=project.code if project else None)


def direction(ctx: Context) -> Iterable:
    for name, _, indicators, project in _forms(ctx):
        for i in indicators:
            if _RATE.search(i.name):
                continue  # a rate filed under 成本 or 数量 is misfiled (P112), not a direction problem
            if i.level1 == "成本指标" and i.operator == "≥":
                bad = "成本指标不应使用“≥”，成本应设上限"
            elif i.level2 == "数量指标" and i.operator == "≤":
                bad = "数量指标不应使用“≤”，数量目标应设下限"
            else:
                continue
            yield finding(P105, P105.severity, f"{name}指标“{i.name} {i.operator} {i.value}{i.unit}”：{bad}", i.source,
                          table=_kind(project), row=project.code if project else None, column="operator",
                          actual=i.operator)


def without_targets(ctx: Context) -> Iterable:
    for p in ctx.doc.projects:
        no_goal = p.goal == ""  # printed but empty (Henan's matrix has no goal field: None)
        if not p.indicators or no_goal:
            missing = "绩效目标和绩效指标" if not p.indicators and no_goal else "绩效指标" if not p.indicators else "绩效目标"
            yield finding(P106, P106.severity, f"项目「{p.name}」（{fmt(p.amount)} 万元）没有{missing}", p.source,
                          table="project_performance", row=p.code)


def money_target_low(ctx: Context) -> Iterable:
    for p in ctx.doc.projects:
        if not p.amount:
            continue
        for i in p.indicators:
            if i.unit == "万元" and i.operator in ("≥", "=") and i.number is not None and _MONEY_NAME.search(i.name) \
                    and i.number * 5 < p.amount * 4:
                yield finding(P107, P107.severity, f"项目「{p.name}」预算 {fmt(p.amount)} 万元，指标“{i.name} {i.operator} "
                              f"{i.value} 万元”仅为预算的 {(i.number / p.amount * 100):.0f}%", i.source,
                              table="project_performance", row=p.code, expected=p.amount, actual=i.number)


def text_vs_budget(ctx: Context) -> Iterable:
    """A project's own text states the money it needs; that figure is the budget, allowing only
    the text's own rounding to whole 万元 (printed 405 for 405.80)."""
    for p in ctx.doc.projects:
        if p.amount is None:
            continue
        stated = ((f, m) for f, t in _texts(p, ("overview", "basis")) for m in _NEED.finditer(t))
        for field, m in stated:
            said = Decimal(m.group(3))
            if said == p.amount:
                continue
            inside = said - Decimal("0.5") <= p.amount < said + 1  # rounded or cut to whole 万元
            yield finding(P108, Severity.WARNING if inside else P108.severity,
                          f"项目「{p.name}」预算 {fmt(p.amount)} 万元，而项目说明写“{m.group(0)}”", p.where(field),
                          table="project_performance", row=p.code, column="total", expected=p.amount, actual=said)
            break


def duplicates(ctx: Context) -> Iterable:
    for name, _, indicators, project in _forms(ctx):
        seen: dict[tuple[str, str], list[Indicator]] = {}  # by operator and value: a twin has the same
        for i in indicators:
            same = seen.setdefault((i.operator, i.value), [])
            twin = next((s for s in same if s.name in i.name or i.name in s.name), None) if i.name else None
            if twin is not None:
                yield finding(P109, P109.severity, f"{name}的指标“{i.name}”与“{twin.name}”重复", i.source,
                              table=_kind(project), row=project.code if project else None)
            if i.name:
                same.append(i)


def stale_year(ctx: Context) -> Iterable:
    year = ctx.doc.year
    if year is None:
        return
    for name, _, indicators, project in _forms(ctx):
        for i in indicators:
            m = _STALE_YEAR.search(i.name)
            if m and int(m.group(1)) < year and ("完成" in i.name or "年度" in i.name):
                yield finding(P110, P110.severity, f"{name}指标“{i.name}”所写年度 {m.group(1)} 年早于预算年度 {year} 年",
                              i.source, table=_kind(project), row=project.code if project else None)


def spending_as_benefit(ctx: Context) -> Iterable:
    for name, _, indicators, project in _forms(ctx):
        for i in indicators:
            if i.level1 == "效益指标" and i.unit in ("万元", "元", "亿元") and _MONEY_NAME.search(i.name):
                yield finding(P111, P111.severity, f"{name}把支出金额“{i.name} {i.operator} {i.value}{i.unit}”列为"
                              f"{i.level2 or '效益指标'}：支出金额属于产出或成本指标，不应列为效益指标", i.source,
                              table=_kind(project), row=project.code if project else None)


_MONEY_UNITS = re.compile(r"元")


def misfiled(ctx: Context) -> Iterable:
    for name, _, indicators, project in _forms(ctx):
        for i in indicators:
            if i.level1 == "成本指标" and i.unit and not _MONEY_UNITS.search(i.unit):
                why = "成本指标应以金额计"
            elif i.level2 == "数量指标" and _RATE.search(i.name) and i.unit == "%" and not _EXECUTION.search(i.name):
                why = "比率不是数量，应列在质量或时效指标下"
            else:
                continue
            yield finding(P112, P112.severity, f"{name}把“{i.name} {i.operator} {i.value}{i.unit}”列在"
                          f"{i.level1}/{i.level2}下：{why}", i.source, table=_kind(project),
                          row=project.code if project else None)


# a count stated in a text (a number and its unit), and the words right before it (Chinese, brackets)
_COUNTED = re.compile(r"(\d+)\s*(人次|人|名|个|次|场|台|件)")
_WORDS_BEFORE = re.compile(r"[\u4e00-\u9fff（）()]{2,20}$")


def _counts(text: str) -> list[tuple[str, str, str, str]]:
    r"""(words, number, unit, as printed) of each count with two or more such characters right before it:
    what ``([\u4e00-\u9fff（）()]{2,20}?)(\d+)\s*(人次|…)`` finds, found from the counts (20 times
    quicker than trying the words at each character): its words go back 20 characters at most, and not
    into the previous count's."""
    out, end = [], 0
    for m in _COUNTED.finditer(text):
        words = _WORDS_BEFORE.search(text, max(end, m.start() - 20), m.start())
        if words is not None:
            out.append((words.group(), m.group(1), m.group(2), text[words.start():m.end()]))
            end = m.end()
    return out


def _bigrams(text: str) -> set[str]:
    t = _NOT_HAN.sub("", text)
    return {t[i:i + 2] for i in range(len(t) - 1)}


_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]")


def text_vs_indicators(ctx: Context) -> Iterable:
    """An exact count (=) stated differently in the project's own text for the same thing: the
    words before the text's number share two character pairs with the indicator's name, and no
    mention of it gives the indicator's number."""
    for p in ctx.doc.projects:
        text = "".join(t for t in (p.overview, p.basis, p.goal) if t)
        counts = None  # the text's counts, found once for the project's indicators: (match, its words' pairs)
        for i in p.indicators:
            if i.operator != "=" or i.number is None or i.unit not in ("人", "人次", "个", "次", "场", "台", "件", "名"):
                continue
            if counts is None:
                counts = [(number, unit, quote, _bigrams(words)) for words, number, unit, quote in _counts(text)]
            names = _bigrams(i.name) - {"人数", "发放", "服务", "每月", "每年"}
            said = [(Decimal(number), quote) for number, unit, quote, pairs in counts
                    if len(names & pairs) >= 2 and unit in (i.unit, "名")]
            if said and all(n != i.number for n, _ in said):
                yield finding(P113, P113.severity, f"项目「{p.name}」指标“{i.name} {i.operator} {i.value} {i.unit}”，"
                              f"而项目说明写“{said[0][1]}”", i.source, table="project_performance", row=p.code,
                              expected=said[0][0], actual=i.number)


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_BETWEEN_NUMBERS = re.compile(r"(\d+(?:\.\d+)?)")  # (split by _NUMBER, the numbers kept)
_YEAR = re.compile(r"(19|20)\d{2}")


def overview_vs_goal(ctx: Context) -> Iterable:
    """项目概述 and 当年绩效目标 often repeat one sentence; a figure one text gives and the other
    does not, where the words around it are the words around such a figure in the other (eight
    tokens before and after, 60% alike), is the same statement with another number: one of the
    two is wrong (years aside: a goal restating last year's figure for this year is not)."""
    for p in ctx.doc.projects:
        if not p.overview or not p.goal:
            continue
        numbers_a, numbers_b = set(_NUMBER.findall(p.overview)), set(_NUMBER.findall(p.goal))
        if numbers_a <= numbers_b or numbers_b <= numbers_a:  # no figure on both sides that the other lacks
            continue
        (a, at_a), (b, at_b) = _tokens(p.overview), _tokens(p.goal)
        only_a, only_b = _figures(a, at_a, numbers_a - numbers_b), _figures(b, at_b, numbers_b - numbers_a)
        windows_b = {j: (_Window(b[max(0, j - 8):j]), _Window(b[j + 1:j + 9])) for j in only_b}  # counted once
        for i in only_a:
            before, after = _Window(a[max(0, i - 8):i]), _Window(a[i + 1:i + 9])
            j = next((j for j in only_b if _similar(before, windows_b[j][0]) and _similar(after, windows_b[j][1])),
                     None)
            if j is not None:
                yield finding(P114, P114.severity, f"项目「{p.name}」项目概述写“{_clause(a, i)}”，"
                              f"而当年绩效目标写“{_clause(b, j)}”", p.where("overview"),
                              table="project_performance", row=p.code, expected=a[i], actual=b[j])


_STOPS = frozenset("，。；：！？,;\n")
_QUOTED = 30  # at most this many tokens either side of the figure


def _clause(tokens: list[str], i: int) -> str:
    """The clause around token ``i`` (from the punctuation before it to the punctuation after it),
    quoted whole, never cut mid-word; "…" where a very long clause is shortened."""
    start, end = i, i + 1
    while start > 0 and tokens[start - 1] not in _STOPS and i - start < _QUOTED:
        start -= 1
    while end < len(tokens) and tokens[end] not in _STOPS and end - i <= _QUOTED:
        end += 1
    head = "…" if start > 0 and tokens[start - 1] not in _STOPS else ""
    tail = "…" if end < len(tokens) and tokens[end] not in _STOPS else ""
    return head + "".join(tokens[start:end]) + tail


def _tokens(text: str) -> tuple[list[str], list[int]]:
    """The text's tokens (a number, else one character that is no space: ``\\d+(?:\\.\\d+)?|\\S``) and the
    positions of its numbers among them: the characters between two numbers are taken at once, not
    matched one by one (a text is hundreds of characters, with a few numbers)."""
    tokens: list[str] = []
    numbers: list[int] = []
    for k, part in enumerate(_BETWEEN_NUMBERS.split(text)):
        if k % 2:
            numbers.append(len(tokens))
            tokens.append(part)
        else:
            tokens.extend("".join(part.split()))
    return tokens, numbers


def _figures(tokens: list[str], at: list[int], numbers: set[str]) -> list[int]:
    """The positions of the figures (numbers, not years) among ``numbers``: those the other text never gives.
    (``at``: the positions of the text's number tokens, which are the numbers ``_NUMBER`` finds in it.)"""
    figures = {n for n in numbers if not _YEAR.fullmatch(n)}
    return [i for i in at if tokens[i] in figures]


class _Window:
    """Eight tokens beside a figure (each window is compared with many), and as a set: a repeated token
    is in it as (token, n) for its n-th repeat, so that two windows' common tokens, counted as multisets,
    are their sets' intersection."""

    __slots__ = ("tokens", "bag")

    def __init__(self, tokens: list[str]):
        self.tokens, self.bag = tokens, set(tokens)
        if len(self.bag) < len(tokens):  # a token repeated
            seen: dict[str, int] = {}
            for t in tokens:
                n = seen[t] = seen.get(t, -1) + 1
                if n:
                    self.bag.add((t, n))


def _similar(a: _Window, b: _Window) -> bool:
    # SequenceMatcher's quick_ratio (the tokens both windows hold, as multisets) bounds its ratio
    # from above and rules most pairs out; it is counted here without building a matcher
    if not a.tokens and not b.tokens:
        return True  # ratio() of two empty sequences is 1
    if 2.0 * len(a.bag & b.bag) / (len(a.tokens) + len(b.tokens)) < 0.6:  # difflib's arithmetic
        return False
    return SequenceMatcher(None, a.tokens, b.tokens, autojunk=False).ratio() >= 0.6


# 180人 … 人均年生活补贴29220元，医疗补助1700元/人: a head count and what each person gets a year
_HEADS = re.compile(r"(\d+)\s*人(?![次均/])")
_PER_HEAD = re.compile(r"人均(?:年)?[\u4e00-\u9fff]{0,8}?(\d+(?:\.\d+)?)\s*元(?![/／]?[月天日次])"
                       r"|(\d+(?:\.\d+)?)\s*元\s*[/／]\s*人(?:\s*[/／]\s*年|\s*[·.]\s*年)?(?![/／·.]?\s*[月天日次期])")
_MONTHLY = re.compile(r"按月|每月|月标准")
_SENTENCES = re.compile(r"[。；;]")


def estimate_over_budget(ctx: Context) -> Iterable:
    """A sentence that gives one head count and yearly amounts per head (人均…元, …元/人) states an
    estimate: heads × the sum of the amounts. An estimate above the project's budget means the
    budget does not cover what the text says it pays (a sentence paid monthly is left alone)."""
    for p in ctx.doc.projects:
        if p.amount is None:
            continue
        over = next(((f, n, rates) for f, t in _texts(p, ("overview", "goal"), "人均", "/人", "／人")
                     for n, rates in _estimates(t) if n * sum(rates) / 10000 > p.amount), None)
        if over is not None:
            field, n, rates = over
            estimate = n * sum(rates) / 10000
            said = " + ".join(f"{r.normalize():f}" for r in rates)
            yield finding(P115, P115.severity, f"项目「{p.name}」说明中 {n} 人 × ({said}) 元 = {fmt(estimate)} 万元，"
                          f"超过当年预算 {fmt(p.amount)} 万元", p.where(field), table="project_performance",
                          row=p.code, column="total", expected=fmt(estimate), actual=p.amount)


def _estimates(text: str) -> Iterable[tuple[int, list[Decimal]]]:
    """(heads, yearly amounts per head) of each sentence that gives one head count and is not paid monthly."""
    for sentence in _SENTENCES.split(text):
        if "人" not in sentence or "元" not in sentence:
            continue  # (what _HEADS and _PER_HEAD need: quick tests first)
        heads = {int(m.group(1)) for m in _HEADS.finditer(sentence)}
        rates = [Decimal(m.group(1) or m.group(2)) for m in _PER_HEAD.finditer(sentence)]
        if len(heads) == 1 and rates and not _MONTHLY.search(sentence):
            yield heads.pop(), rates


# 12134.54平方×30元/月×12月=436.85万元; 参保人数33万人×1元/人=33万元
_FACTOR = r"(\d[\d,]*(?:\.\d+)?)\s*(万)?\s*([\u4e00-\u9fff]{0,2}(?:[/／][\u4e00-\u9fff]{1,2}){0,3})"
# (a figure, at most 12 characters of its unit, then a times sign, tested first at each digit: most
# figures are in no formula; the text it is searched in has no spaces)
_FORMULA = re.compile(rf"(?=\d[\d,.]*+[\u4e00-\u9fff/／]{{0,12}}+[×xX*＊]){_FACTOR}(?:\s*[×xX*＊]\s*{_FACTOR}){{1,3}}\s*[=＝]\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|元)")
_ONE_FACTOR = re.compile(_FACTOR)


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def calculations(ctx: Context) -> Iterable:
    """A calculation written out in a project's text (quantity × price × months = total) must come
    out at the printed total, within the rounding of the total's last printed digit."""
    for p in ctx.doc.projects:
        for field, text in _texts(p, ("overview", "basis", "goal"), "=", "＝"):
            for m in _FORMULA.finditer(re.sub(r"\s+", "", text)):
                left, _, right = m.group(0).rpartition("=") if "=" in m.group(0) else m.group(0).rpartition("＝")
                factors = [(_decimal(f.group(1)), f.group(2), f.group(3)) for f in _ONE_FACTOR.finditer(left)]
                if sum("元" in unit for _, _, unit in factors) != 1:  # one price: the product is money
                    continue
                product = Decimal(1)
                for number, wan, unit in factors:
                    product *= number * (10000 if wan or unit.startswith("万") else 1)
                printed = _decimal(m.group(m.lastindex - 1))
                scale = Decimal(10000) if m.group(m.lastindex) == "万元" else Decimal(1)
                exact = product / scale
                if abs(exact - printed) > half_ulp(printed):
                    shown = exact.quantize(Decimal(1).scaleb(min(printed.as_tuple().exponent, 0)), ROUND_HALF_UP)
                    yield finding(P116, P116.severity, f"项目「{p.name}」算式“{m.group(0)}”不成立：结果应为 "
                                  f"{shown}{m.group(m.lastindex)}（{exact.normalize():f}）", p.where(field),
                                  table="project_performance", row=p.code, expected=shown, actual=printed)


_MEASURE_WORD = re.compile(r"(率|度|数|量|性)$")
_DIGIT = re.compile(r"\d")


def values_without_target(ctx: Context) -> Iterable:
    """A 指标值 that names a measure but sets no level: “完工及时率 → 及时率”, “居民满意度 → 满意度”."""
    for where, _, indicators, p in _forms(ctx):
        for i in indicators:
            value = squash(i.value)
            if i.operator == "定性" or _DIGIT.search(value):
                continue
            if not value or len(value) <= 4 and _MEASURE_WORD.search(value):
                yield finding(P117, P117.severity, f"{where}指标“{i.name}”的指标值为“{value or '空'}”，没有可考核的目标值",
                              i.source, table="project_performance" if p else "unit_performance",
                              row=p.code if p else None, actual=value)


P101 = rule("P101", "指标权重合计不等于 100",
             "每张绩效目标表的指标权重之和（加预算执行率权重）= 100。", "绩效自评按权重计分（财预〔2020〕10号）。",
             "项目“社会保险基金稽核监管专项”的指标权重 20 + 20 + 10 + 20 + 20 = 90，不等于 "
             "100：错误。", weights)
P102 = rule("P102", "定性指标带单位或数值", "定性指标的指标值是文字，没有计量单位。",
             "定性指标以文字描述目标（如“及时”“明显提升”），没有计量单位；带单位说明指标性质或单位填错。",
             "“补贴发放及时性 定性 及时 天”。", qualitative)
P103 = rule("P103", "个数指标的单位是 %", "次数、人数等个数指标的单位应是次、人，不是 %。", "单位错了，目标就不可考核。",
             "指标“每年发放次数 = 12 %”：次数的单位应是“次”：警告。", count_with_percent)
P104 = rule("P104", "预算执行率列在产出或效益指标下", "预算执行率另有权重，不应作为产出或效益指标。",
             "预算执行率在绩效目标表中单独设置权重，不是产出指标，也不是效益指标。",
             "整体绩效目标表把“预算执行率”列在效益指标/经济效益指标下：警告。", execution_rate_level)
P105 = rule("P105", "指标方向不当", "成本指标应有上限（≤），数量指标应有下限（≥）。", "方向反了，目标失去约束。",
             "成本指标“人均年补贴费用 ≥ 2800 元/人年”：成本应有上限（≤），警告。", direction)
P106 = rule("P106", "项目没有绩效目标或指标", "每个项目都要有当年绩效目标和绩效指标。", "项目支出全面实行绩效目标管理。",
             "项目“国有企业职教幼教专项补助”（12.51 万元）的绩效目标和绩效指标都是"
             "空的：错误。", without_targets)
P107 = rule("P107", "资金指标远低于项目预算", "以万元计的资金指标低于项目预算的 80%。", "目标定得远低于预算，失去约束。",
             "项目“代发企业退休军转干解困补助资金”预算 1,000.30 万元，指标“代发补助资金 ≥ 400 万元"
             "”仅为预算的 40%：警告。", money_target_low)
P108 = rule("P108", "项目说明中的金额与预算不符",
             "项目概况/立项依据写明的所需资金应等于当年预算；说明取整到万元时为警告，否则为错误。",
             "说明和预算不一致，至少一处是错的。",
             "项目“机关事业单位退休干部管理及活动专项”预算 131.40 万元，项目说明写“共需开支经费221.4万元”：错误。",
             text_vs_budget)
P109 = rule("P109", "指标重复", "同一张表中名称相同（或互相包含）、目标相同的指标。", "重复指标虚增权重。",
             "整体绩效目标表同时有“企业劳动合同签订率 ≥ 90%”和“劳动合同签订率 ≧ 90%”：警告。", duplicates)
P110 = rule("P110", "指标写的是往年", "指标名称中的年份早于预算年度。", "多半是沿用上年的表。",
             "2023 年预算的项目“职称评审专项”有指标“2022年完成 = 100%”：警告。", stale_year)
P111 = rule("P111", "把支出金额当作效益", "以金额计的发放、补助资金列在效益指标下。",
             "花费的金额是产出或成本，不能体现资金使用的效果，不是效益指标。",
             "“代发补助资金 ≥ 40 万元”列在效益指标/经济效益指标下：警告。", spending_as_benefit)

P112 = rule("P112", "指标级次归类不当", "成本指标下列了不以金额计的指标，或数量指标下列了比率。",
             "级次错了，权重和评价就错了。",
             "整体绩效目标表把“政策知晓率 ≥ 90%”列在成本指标/社会成本指标下：比率不是成本，警告。", misfiled)

P113 = rule("P113", "项目说明中的数量与指标不符",
             "项目概况、立项依据或目标中写明的人数、次数等，与同一事物的数量指标不同。", "说明和指标至少一处是错的。",
             "项目说明写“正高级职称专业技术人员健康体检（医疗费）80人”，指标为“正高级专家体检 = 107 人”：警告。",
             text_vs_indicators)

P114 = rule("P114", "项目概述与绩效目标中的数字不一致",
             "项目概述和当年绩效目标重复同一句话时，句中的数字应相同。", "两处说法不同，至少一处是错的。",
             "项目概述写“按10元/年的标准按月发放医疗补助”，当年绩效目标写“按110元/人的标准按月发放"
             "医疗补助”：警告。", overview_vs_goal)
P115 = rule("P115", "说明中的测算超过项目预算",
             "说明中一句话写了人数和每人每年的金额，人数 × 金额之和不应超过当年预算。", "测算超过预算，说明写的待遇发不足。",
             "项目说明写 180 人，每人每年 29,220 元加 1,700 元：180 × 30,920 元 = 556.56 万元，超过当年预算 540.00 "
             "万元：警告。",
             estimate_over_budget)
P116 = rule("P116", "说明中的算式不成立",
             "项目说明中写出的算式（数量 × 单价 × 月数 = 金额），按结果印出的位数舍入后应成立。", "算式不成立，测算或金额有误。",
             "项目说明写“12134.54平方×30元/月×12月=436.85万元”，而 12,134.54 × 30 × 12 = 4,368,434.40 "
             "元，即 436.84 万元：警告。", calculations)

P117 = rule("P117", "指标值没有目标值",
             "指标值空着，或只写了指标名里的计量词（“完工及时率”的指标值为“及时率”，“居民满意度”为“满意度”），"
             "没有数值或等级。", "没有目标值的指标无法考核，绩效自评也无从计分。",
             "“完善社区基础设施建设”的指标值为“完善率”。", values_without_target)

RULES = (P101, P102, P103, P104, P105, P106, P107, P108, P109, P110, P111, P112, P113, P114, P115, P116, P117)
