"""The 情况说明 draft, written from a Document's tables (DOMAIN.md §1.3, Chongqing order).

Every number the draft states is read from a table, and from the table the narrative checker
(rules/subjects.py) reads for the same words: a draft read back and checked gives no N error
by construction. Where the tables of a document disagree (000's 支出总表 lacks rows), the
draft leaves the number out rather than state one the checker would contradict.

Year-on-year changes use the document's own prior-year columns first (what the published
document prints, and what the checker compares with), then the same quantities read from a
``prior`` Document. What the source's own 情况说明 says in words is taken from it (draft_sources.py:
``Stated``); what needs human words and the source does not give is marked 【待填写：…】.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from ..catalog import load_catalog
from ..catalog.vocabulary import in_unit
from ..model import Document
from .draft_sources import INCOME, PROCUREMENT, THREE, ZERO, Facts, facts, prior_facts, stated, vehicles

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Paragraph:
    section: str  # the top-level section it belongs to, e.g. "三、单位预算情况说明"
    text: str
    level: int  # 1: a 一、 heading; 2: a （一） heading; 0: body text


def todo(what: str) -> str:
    return f"【待填写：{what}】"

# --- wording ----------------------------------------------------------------------------------------
def money(v: Decimal) -> str:
    """``1,524.40`` (two decimals, as the narratives print them; more only when the amount has them:
    12,345.67 元 is 1.234567 万元, never rounded)."""
    q = v.quantize(CENT)
    return f"{q if q == v or v.as_tuple().exponent >= -2 else v.normalize():,}"


def change(now: Decimal | None, before: Decimal | None, year: str) -> str:
    """“，比2023年增加100.19万元，增长8.40%” / “，与上年持平”; empty when last year is unknown."""
    if now is None or before is None:
        return ""
    d = now - before
    if d == 0:
        return "，与上年持平"
    text = f"，比{year}{'增加' if d > 0 else '减少'}{money(abs(d))}万元"
    if before:
        pct = (abs(d) / before * 100).quantize(CENT, ROUND_HALF_UP)
        text += f"，{'增长' if d > 0 else '下降'}{pct}%"
    return text


def kind_word(doc: Document) -> str:
    """部门 or 单位, as the document calls itself: a 决算 in its headings (“2024年度部门决算情况说明”),
    else in its table titles, else by the unit code's length."""
    if doc.kind == "final_accounts":
        for s in doc.sections:
            m = re.search(r"(部门|单位)决算", s.title)
            if m:
                return m.group(1)
    titles = "".join(t.title for t in doc.tables)
    if re.search(r"单位(收支|收入|支出|预算)", titles):
        return "单位"
    if "部门" in titles:
        return "部门"
    return "部门" if doc.unit.code and len(doc.unit.code) == 3 else "单位"


def _class_name(code: str, year: int | None) -> str:
    entry = load_catalog().functional.by_code(code, year) or load_catalog().functional.by_code(code)
    return entry.name if entry else code


def _spending_name(code: str, v: Decimal, f: Facts, year: int | None) -> str:
    """The class's name; 223 only when it equals the 国有资本经营预算 income (the checker reads the
    class name “国有资本经营预算支出” as that income, which a carry-over makes differ)."""
    if code == "223" and v != f.get("in.soe"):
        return "国有资本经营预算安排的支出"
    return _class_name(code, year)


# --- the draft ---------------------------------------------------------------------------------------
def in_wan(doc: Document | None) -> Document | None:
    """The document with its tables in 万元, the unit the narrative states (Shanghai prints 元), exactly."""
    if doc is None or all(t.amount_unit == "万元" for t in doc.tables):
        return doc
    return replace(doc, tables=tuple(in_unit(t, "万元") for t in doc.tables))


def draft(doc: Document, prior: Document | None = None) -> tuple[Paragraph, ...]:
    doc, prior = in_wan(doc), in_wan(prior)
    f, p = facts(doc), prior_facts(doc, prior)
    word = kind_word(doc)
    this = f"{doc.year}年" if doc.year else "本年度"
    last = f"{doc.year - 1}年" if doc.year else "上年"
    if prior is not None and prior.year and (doc.year is None or prior.year < doc.year):
        last = f"{prior.year}年"
    out: list[Paragraph] = []
    section = ""

    def h1(text: str) -> None:
        nonlocal section
        section = text
        out.append(Paragraph(section, text, 1))

    def h2(text: str) -> None:
        out.append(Paragraph(section, text, 2))

    def para(*parts: str) -> None:
        text = "".join(x for x in parts if x)
        if text:
            out.append(Paragraph(section, text, 0))

    def chg(key: str) -> str:
        return change(f.get(key), p.get(key), last)

    said = stated(doc)

    def reason(topic: str, *keys: str) -> str:
        """The reason where a change is stated and is not zero: the source's, else asked for."""
        changed = [k for k in keys if f.get(k) is not None and p.get(k) is not None and f[k] != p[k]]
        return (said.reasons.get(topic) or todo("增减变化的主要原因")) if changed else ""

    def unknown(topic: str) -> str:
        """Without last year's figures: the change asked for, the source's reason given."""
        if prior is not None:
            return ""
        return todo("与上年预算相比的增减情况") + said.reasons[topic] if topic in said.reasons else \
            todo("与上年预算相比的增减情况及原因")

    # 一、基本情况
    h1(f"一、{word}基本情况")
    h2("（一）职能职责")
    para(said.duties or todo(f"{word}主要职能职责"))
    h2(f"（二）{word}构成" if word == "单位" else "（二）机构设置")
    para(said.organisation or todo("内设机构、下属单位及人员编制情况"))

    # 二、收支总体情况
    h1(f"二、{word}收支总体情况")
    h2("（一）收入预算")
    if f.get("in.total") is not None:
        items = [f"{label}{money(f[f'in.{src}'])}万元{chg(f'in.{src}')}" for src, label in INCOME
                 if f.get(f"in.{src}")]
        para(f"{this}收入预算{money(f['in.total'])}万元{chg('in.total')}。",
             "其中：" + "；".join(items) + "。" if items else "",
             reason("income", "in.total") or unknown("income"))
    else:
        para(todo("收入预算总额及来源构成"))
    h2("（二）支出预算")
    if f.get("out.total") is not None:
        classes = [(c[6:], v) for c, v in f.items() if c.startswith("class.") and v]
        para(f"{this}支出预算{money(f['out.total'])}万元{chg('out.total')}。",
             f"其中：基本支出{money(f['basic'])}万元{chg('basic')}；项目支出{money(f['project'])}万元{chg('project')}。"
             if f.get("basic") is not None and f.get("project") is not None else "",
             "按支出功能分类：" + "，".join(f"{_spending_name(c, v, f, doc.year)}{money(v)}万元" for c, v in classes)
             + "。" if classes else "",
             reason("spending", "out.total", "basic", "project") or unknown("spending"))
    else:
        para(todo("支出预算总额及构成"))

    # 三、预算情况说明
    h1(f"三、{word}预算情况说明")
    if f.get("gpb") is not None:
        carry = f.get("in.carryover.general_budget")
        income = f.get("in.general_budget")
        para(f"{this}一般公共预算财政拨款收入{money(income)}万元，" if income is not None else "",
             f"上年结转一般公共预算财政拨款{money(carry)}万元，" if carry else "",
             f"一般公共预算财政拨款支出{money(f['gpb'])}万元{chg('gpb')}。",
             reason("gpb", "gpb") or ("" if "gpb" in p else unknown("gpb")))
        if f.get("gpb.basic") is not None and f.get("gpb.project") is not None:
            para(f"其中：基本支出{money(f['gpb.basic'])}万元{chg('gpb.basic')}，主要用于保障机构正常运转、完成日常工作任务"
                 f"的人员经费和公用经费支出；项目支出{money(f['gpb.project'])}万元{chg('gpb.project')}，主要用于",
                 said.uses.get("project") or todo("主要项目及用途"), "。", reason("gpb", "gpb.basic", "gpb.project"))
        classes = [(c[10:], v) for c, v in f.items() if c.startswith("gpb.class.") and v is not None]
        if classes:
            para("按支出功能分类：", "；".join(f"{_class_name(c, doc.year)}{money(v)}万元{chg(f'gpb.class.{c}')}"
                                          for c, v in classes), "。")
    else:
        para(todo("一般公共预算财政拨款收支情况"))
    if f.get("soe.out") or f.get("in.soe"):
        soe_in, soe_out = f.get("in.soe") or ZERO, f.get("soe.out") or ZERO
        carry = f.get("in.carryover.soe")
        # the checker reads “国有资本经营预算财政拨款支出” as the income: say it so only when they agree
        spent = "国有资本经营预算财政拨款支出" if soe_in == soe_out else "国有资本经营预算财政拨款安排的支出"
        para(f"{this}国有资本经营预算财政拨款收入{money(soe_in)}万元",
             f"，上年结转国有资本经营预算财政拨款{money(carry)}万元" if carry else "",
             f"；{spent}{money(soe_out)}万元{chg('soe.out')}",
             f"，其中：项目支出{money(f['soe.project'])}万元{chg('soe.project')}" if f.get("soe.project") is not None else "",
             "，主要用于", said.uses.get("soe") or todo("国有资本经营预算支出的用途"), "。", reason("soe", "soe.out"))
    if f.get("gf.out"):
        gf_in = f.get("in.gov_fund") or ZERO
        spent = "政府性基金预算财政拨款支出" if gf_in == f["gf.out"] else "政府性基金预算财政拨款安排的支出"
        para(f"{this}政府性基金预算财政拨款收入{money(gf_in)}万元；{spent}{money(f['gf.out'])}万元{chg('gf.out')}，主要用于",
             todo("政府性基金预算支出的用途"), "。")
    else:
        same = "，与上年保持一致" if "gf.out" in p and not p["gf.out"] else ""
        para(f"{this}无使用政府性基金预算拨款安排的支出{same}。")

    # 四、“三公”经费
    h1("四、“三公”经费情况说明")
    if f.get("three.total") is not None:
        items = [f"{label}{money(f[f'three.{col}'])}万元{chg(f'three.{col}')}" for col, label in THREE[1:]]
        para(f"{this}“三公”经费预算{money(f['three.total'])}万元{chg('three.total')}。",
             "其中：" + "；".join(items) + "。", reason("three", *(f"three.{c}" for c, _ in THREE))
             or ("" if "three.total" in p else unknown("three")))
    else:
        para(todo("“三公”经费预算及其增减变化"))

    # 五、其他重要事项
    h1("五、其他重要事项的情况说明")
    h2("（一）机关运行经费")
    if f.get("public") is not None:
        para(f"{this}本{word}机关运行经费{money(f['public'])}万元{chg('public')}，",
             "为一般公共预算财政拨款基本支出中的公用经费，主要用于办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、"
             "专用材料及一般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。",
             reason("public", "public"))
    else:
        para(todo("机关运行经费预算"))
    h2("（二）政府采购情况")
    if f.get("proc.total"):
        para(f"{this}本{word}政府采购预算总额{money(f['proc.total'])}万元，其中：",
             "，".join(f"政府采购{label}预算{money(f[f'proc.{code}'])}万元" for code, label in PROCUREMENT), "。",
             f"一般公共预算拨款安排的政府采购预算{money(f['proc.general_budget'])}万元。"
             if f.get("proc.general_budget") is not None else "")
    elif "proc.total" in f:
        para(f"本{word}{this}无政府采购预算。")
    elif "total" in said.procurement:  # no table: what the narrative states
        para(f"{this}本{word}政府采购预算总额{money(said.procurement['total'])}万元",
             "，其中：" + "，".join(f"政府采购{label}预算{money(said.procurement[code])}万元" for code, label in PROCUREMENT
                                  if code in said.procurement) if len(said.procurement) > 1 else "", "。")
    else:
        para(todo("政府采购预算总额及货物、工程、服务采购预算（本预算未附政府采购预算表）"))
    h2("（三）绩效目标设置情况")
    para(*_performance(doc, f, this, word))
    h2("（四）国有资产占有使用情况")
    para(*_assets(doc, f, this, word))

    # 六、名词解释
    h1("六、专业性名词解释")
    for n, (term, text) in enumerate(_definitions(f), 1):
        h2(f"（{_NUMERALS[n - 1]}）{term}")
        para(text)
    who, phone = said.contact or (todo("联系人"), todo("联系电话"))
    para(f"{word}预算公开联系人：{who}；联系方式：{phone}。")
    return tuple(out)


_NUMERALS = "一二三四五六七八九十"


def _performance(doc: Document, f: Facts, this: str, word: str) -> list[str]:
    targeted = [pr for pr in doc.projects if pr.goal or pr.indicators]
    covered = sum((pr.amount or ZERO for pr in targeted), ZERO)
    gp, sp, total = f.get("gpb.project"), f.get("soe.project"), f.get("project.all")
    funds = "，".join(x for x in (f"涉及一般公共预算当年财政拨款{money(gp)}万元" if gp is not None else "",
                                 f"涉及国有资本经营预算当年财政拨款{money(sp)}万元" if sp else "") if x)
    whole = f"本{word}编制了{word}整体支出绩效目标。" if doc.performance is not None else ""
    if targeted and total is not None and covered == total:
        return [f"{this}本{word}项目支出均实行了绩效目标管理，共{len(targeted)}个项目，", funds, "。", whole]
    if not targeted:
        return [todo("项目支出绩效目标设置情况"), whole]
    return [f"{this}本{word}编制了绩效目标的项目{len(targeted)}个，金额合计{money(covered)}万元",
            f"；项目支出{money(total)}万元，其中{funds}" if total is not None and funds else "", "。",
            todo("其余项目的绩效目标设置情况") if total is None or covered != total else "", whole]


def _assets(doc: Document, f: Facts, this: str, word: str) -> list[str]:
    known = vehicles(doc)

    def n(key: str) -> str:
        return str(known[key]) if key in known else todo("数量")

    year = f"{doc.year - 1}年" if doc.year else "上年"
    purchase = f.get("three.vehicle_purchase")
    buy = (f"{this}一般公共预算安排购置车辆{n('purchase.total')}辆，其中一般公务用车{n('purchase.general')}辆、"
           f"执勤执法用车{n('purchase.duty')}辆。")
    if purchase is not None and not purchase and "purchase.total" not in known:  # no purchase money: no cars bought
        buy = f"{this}一般公共预算安排购置车辆0辆。"
    return [f"截至{year}12月，本{word}共有车辆{n('owned.total')}辆，其中一般公务用车{n('owned.general')}辆、"
            f"执勤执法用车{n('owned.duty')}辆。", buy, todo("其他国有资产占有使用情况")]


def _definitions(f: Facts) -> list[tuple[str, str]]:
    soe = bool(f.get("soe.out") or f.get("in.soe"))
    return [
        ("财政拨款收入", "指本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府性基金预算财政拨款"
         + ("和国有资本经营预算财政拨款。" if soe else "。")),
        ("基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。"),
        ("项目支出", "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
        ("人员经费和公用经费", "人员经费指工资福利支出和对个人和家庭的补助；公用经费指商品和服务支出和资本性支出中用于"
         "保障机构正常运转的部分。"),
        ("“三公”经费", "指用一般公共预算财政拨款安排的因公出国（境）费、公务用车购置及运行维护费、公务接待费。其中，"
         "因公出国（境）费反映单位公务出国（境）的国际旅费、国外城市间交通费、住宿费、伙食费、培训费、公杂费等支出；"
         "公务用车购置费反映单位公务用车购置支出（含车辆购置税）；公务用车运行维护费反映单位按规定保留的公务用车燃料费、"
         "维修费、过路过桥费、保险费等支出；公务接待费反映单位按规定开支的各类公务接待（含外宾接待）支出。"),
        ("机关运行经费", "指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金，包括办公及"
         "印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、办公用房水电费、办公用房取暖费、"
         "办公用房物业管理费、公务用车运行维护费以及其他费用。"),
    ]


# --- output --------------------------------------------------------------------------------------------
def _final(doc: Document):
    """The 决算 draft's module for a final-accounts document, else None."""
    if doc.kind != "final_accounts":
        return None
    from . import final_narrative  # here: it builds on this module's wording helpers
    return final_narrative


def paragraphs(doc: Document, prior: Document | None = None) -> tuple[Paragraph, ...]:
    """The draft: the 决算 情况说明 for a final-accounts document, the 预算 one otherwise."""
    final = _final(doc)
    return final.draft(doc, prior) if final else draft(doc, prior)


def heading(doc: Document) -> str:
    """The package's name: 示范县就业服务中心2024年度部门决算, …2025年部门预算."""
    final = doc.kind == "final_accounts"
    year = (f"{doc.year}年度" if final else f"{doc.year}年") if doc.year else ""
    return f"{doc.unit.name or ''}{year}{kind_word(doc)}{'决算' if final else '预算'}"


def title(doc: Document) -> str:
    """The narrative's title: the package's name and 情况说明."""
    return f"{heading(doc)}情况说明"


_MARKS = {1: "## ", 2: "### ", 3: "#### "}


def markdown(doc: Document, prior: Document | None = None) -> str:
    lines = [f"# {title(doc)}", ""]
    for p in paragraphs(doc, prior):
        lines += [_MARKS.get(p.level, "") + p.text, ""]
    return "\n".join(lines)


TODO = re.compile(r"(【待填写：[^】]*】)")  # what only people can write (a group: split keeps it)


def narrative_html(doc: Document, prior: Document | None = None) -> str:
    """An HTML fragment: the draft as a <section>, to-fill places marked."""
    out = [f'<section class="narrative" id="narrative"><h2>{escape(title(doc))}</h2>']
    n = 0
    for p in paragraphs(doc, prior):
        text = TODO.sub(lambda m: f'<mark class="todo">{m.group()}</mark>', escape(p.text))
        if p.level == 1:
            n += 1
            out.append(f'<h3 id="narrative-{n}">{text}</h3>')
        elif p.level in (2, 3):
            out.append(f"<h{p.level + 2}>{text}</h{p.level + 2}>")
        else:
            out.append(f"<p>{text}</p>")
    out.append("</section>")
    return "\n".join(out)
