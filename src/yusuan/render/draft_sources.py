"""What the 情况说明 draft (render/narrative.py) is written from: the quantities, read from the tables
as the narrative checker reads them (rules/subjects.py), and what the source's own 情况说明 says in
words (``Stated``: 职能职责, 机构设置, reasons for changes that give no figure of their own, vehicle
counts, the 政府采购 it states when no table does, the contact printed on the project forms)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from ..catalog.specs import Kind
from ..derive import says
from ..ledger import Ledger
from ..ledger.build import ledger_of
from ..model import Document, Table

ZERO = Decimal(0)


# --- the quantities, read as the checker reads them ----------------------------------------------
Facts = dict[str, Decimal | None]

INCOME = (("general_budget", "一般公共预算拨款收入"), ("gov_fund", "政府性基金预算拨款收入"),
          ("soe", "国有资本经营预算拨款收入"), ("special_account", "财政专户管理资金收入"), ("business", "事业收入"),
          ("operating", "事业单位经营收入"), ("superior_subsidy", "上级补助收入"), ("subordinate", "附属单位上缴收入"),
          ("other", "其他收入"), ("business_fund", "用事业基金弥补收支差额"), ("carryover", "上年结转"))
THREE = (("total", "“三公”经费"), ("abroad", "因公出国（境）费"), ("reception", "公务接待费"),
         ("vehicles", "公务用车购置及运行费"), ("vehicle_purchase", "公务用车购置费"),
         ("vehicle_operation", "公务用车运行费"))
PROCUREMENT = (("goods", "货物"), ("works", "工程"), ("services", "服务"))


def _v(t: Table | None, code: str, col: str = "total", blank_is_zero: bool = True) -> Decimal | None:
    """A printed cell; a blank cell in a row that exists is zero."""
    r = t.row(code) if t is not None else None
    if r is None:
        return None
    v = r.value(col)
    return ZERO if v is None and blank_is_zero else v


def _classes(ledger: Ledger, t: Table | None, col: str) -> dict[str, Decimal | None]:
    """Each 类's amount, as the checker reads it (derive.says)."""
    return {code: v for code, (v, _) in says.classes(ledger, t, col).items()}


def facts(doc: Document) -> Facts:
    """The quantities the narrative states, by name (``in.total``, ``gpb.basic``, ``three.reception``…)."""
    f: Facts = {}
    ledger = ledger_of(doc)
    summary, fiscal = doc.table(Kind.SUMMARY), doc.table(Kind.FISCAL_SUMMARY)
    grand = summary or fiscal
    f["in.total"] = _v(grand, "in.total", blank_is_zero=False)
    if f["in.total"] is None:
        f["in.total"] = _v(grand, "in.current", blank_is_zero=False)
    f["out.total"] = _v(grand, "out.total", blank_is_zero=False)
    if f["out.total"] is None:
        f["out.total"] = _v(grand, "out.current", blank_is_zero=False)
    income = next((t for t in (summary, fiscal) if t is not None and (t.row("in.total") or any(
        r.code == "in.general_budget" for r in t.rows))), None)
    for src, _ in INCOME:
        f[f"in.{src}"] = _v(income, f"in.{src}")
    # the carry-over by fund is printed in the 财政拨款收支总表 only; trusted when that table agrees
    # with the 收支总表 on this year's income (002 prints last year's 财政拨款收支总表)
    agree = summary is None or _v(fiscal, "in.general_budget") == _v(summary, "in.general_budget")
    for fund in ("general_budget", "soe", "gov_fund"):
        f[f"in.carryover.{fund}"] = _v(fiscal, f"in.carryover.{fund}") if agree else None
    classes = _classes(ledger, _class_table(doc, ledger), "total")
    for code, v in classes.items():
        f[f"class.{code}"] = v

    g, e = doc.table(Kind.GENERAL_EXPENDITURE), doc.table(Kind.EXPENDITURE)
    f["gpb"] = says.total(ledger, g, "total")
    f["gpb.basic"] = says.total(ledger, g, "basic")
    f["gpb.project"] = says.total(ledger, g, "project")
    for code, v in _classes(ledger, g, "total").items():
        f[f"gpb.class.{code}"] = v

    f["soe.out"] = classes["223"] if classes.get("223") is not None else _v(fiscal, "out.current", "soe")
    soe_projects = None
    for kind, col in (("expenditure", "project"), ("revenue", "total")):
        got = _classes(ledger, doc.table(kind), col)
        if "223" in got:
            soe_projects = got["223"] or ZERO
            break
    f["soe.project"] = soe_projects if soe_projects is not None else f["soe.out"]
    gf = doc.table(Kind.GOV_FUND_EXPENDITURE)
    f["gf.out"] = max((v for v in (_v(fiscal, "out.current", "gov_fund"), says.total(ledger, gf, "total")) if v is not None),
                      default=None)

    # 基本/项目 of the whole budget: the 支出总表 when it is whole, else 一般公共预算 plus 国有资本经营
    if e is not None and e.row("total") is not None:
        f["basic"], f["project"] = _v(e, "total", "basic"), _v(e, "total", "project")
    elif e is None and f["gpb.project"] is not None:
        f["basic"], f["project"] = f["gpb.basic"], f["gpb.project"] + (f["soe.out"] or ZERO)
    else:  # a 支出总表 with rows missing: the checker reads 基本 and 项目 from different tables
        f["basic"] = f["project"] = None
    if e is not None and e.row("total") is not None:
        f["project.all"] = f["project"]
    elif f["gpb.project"] is not None:
        f["project.all"] = f["gpb.project"] + (f["soe.out"] or ZERO)

    b = doc.table(Kind.BASIC_EXPENDITURE)
    f["public"], f["personnel"] = _v(b, "total", "public"), _v(b, "total", "personnel")

    t = doc.table(Kind.THREE_PUBLIC)
    row = t.row("total") if t is not None else None
    for col, _ in THREE:
        f[f"three.{col}"] = (row.value(col) or ZERO) if row is not None else None

    p = doc.table(Kind.PROCUREMENT)
    if p is not None:
        f["proc.total"] = _v(p, "total") or ZERO
        f["proc.general_budget"] = _v(p, "total", "general_budget") if "general_budget" in p.columns else None
        for code, _ in PROCUREMENT:
            f[f"proc.{code}"] = _v(p, code) or ZERO
    return f


def _class_table(doc: Document, ledger: Ledger) -> Table | None:
    for kind in ("summary", "expenditure", "general_expenditure"):
        if _classes(ledger, doc.table(kind), "total"):
            return doc.table(kind)
    return None


def prior_facts(doc: Document, prior: Document | None) -> Facts:
    """Last year's quantities: the document's own prior-year columns, else the prior Document's."""
    f = facts(prior) if prior is not None else {}
    g = doc.table(Kind.GENERAL_EXPENDITURE)
    if g is not None and "prior_year" in g.columns:
        ledger = ledger_of(doc)
        own = says.total(ledger, g, "prior_year")
        if f.get("gpb") != own:  # the prior Document's 基本/项目 split would not add up to this total
            f.pop("gpb.basic", None), f.pop("gpb.project", None)
        f["gpb"] = own
        f.update({f"gpb.class.{c}": v or ZERO for c, v in _classes(ledger, g, "prior_year").items()})
    t = doc.table(Kind.THREE_PUBLIC)
    if t is not None and "prior_year" in t.columns and t.row("total") is not None:
        for col, _ in THREE:
            f[f"three.{col}"] = t.row("total").value("prior_year" if col == "total" else f"prior_year.{col}") or ZERO
    return f


# --- what the source says in words ----------------------------------------------------------------------
_REASON = re.compile(r"主要原因(?:是|为|：|:)?\s*([^。；;]+?)(?:，主要用于|[。；;]|$)")
_USES = {"project": re.compile(r"项目支出[^。；;]*?主要用于([^。；;]+)"),
         "soe": re.compile(r"国有资本经营预算[^。]*?主要用于([^。；;]+)")}
_FIGURE = re.compile(r"\d[\d,.]*\s*(?:万元|亿元|元|%|％|辆|人次|人|个|次)")  # what the checker would read as a claim
_TOPICS = {"income": ("收入预算",), "spending": ("支出预算",), "gpb": ("预算情况说明", "财政拨款收入支出", "一般公共预算支出"),
           "three": ("三公",), "public": ("机关运行经费", "机构运转经费", "运行经费")}


@dataclass(frozen=True)
class Stated:
    duties: str | None  # the 职能职责 section's text
    organisation: str | None  # 机构设置 / 单位构成
    reasons: dict[str, str]  # topic → “主要原因是…” (a reason that gives no figure: nothing to contradict)
    uses: dict[str, str]  # project / soe → what the spending is for (主要用于…), without figures
    contact: tuple[str, str] | None  # (联系人, 联系电话) as the project forms print them
    procurement: dict[str, Decimal]  # total / goods / works / services, as the narrative states them


def stated(doc: Document) -> Stated:
    own = [s for s in doc.sections if s.owner is None and s.text.strip()]

    def text_of(*words: str) -> str | None:
        return next((s.text.strip() for s in own if any(w in s.title for w in words)), None)

    def first(pattern: re.Pattern, text: str) -> str | None:
        return next((m.group(1).strip("，, ") for m in pattern.finditer(text) if not _FIGURE.search(m.group(1))), None)

    reasons: dict[str, str] = {}
    uses: dict[str, str] = {}
    for topic, words in _TOPICS.items():
        for s in (s for s in own if any(w in s.number + s.title for w in words)):
            if (found := first(_REASON, s.text)) and topic not in reasons:
                reasons[topic] = f"主要原因是{found}。"
            for what, pattern in _USES.items():
                if topic == "gpb" and (found := first(pattern, s.text)):
                    uses.setdefault(what, found)
    contacts = Counter((p.contact, p.phone) for p in doc.projects if p.contact and p.phone)
    procurement: dict[str, Decimal] = {}
    for c in doc.claims:
        if c.unit == "万元" and c.owner is None and "政府采购" in c.subject and "一般公共预算" not in c.subject:
            key = next((k for k, label in PROCUREMENT if label in c.subject), "total")
            procurement.setdefault(key, c.amount)
    return Stated(text_of("职责"), text_of("机构", "构成"), reasons, uses,
                  contacts.most_common(1)[0][0] if contacts else None, procurement)


_CODED_VEHICLES = {"vehicle_stock": "owned.total", "vehicle_purchase_count": "purchase.total"}


def vehicles(doc: Document) -> dict[str, Decimal]:
    """Vehicle counts the document's own narrative states (“共有车辆2辆，其中一般公务用车2辆…”), or its
    entries give (a prepared package's counts, coded)."""
    out: dict[str, Decimal] = {}
    group = None
    for c in doc.claims:
        if c.unit != "辆":
            continue
        if c.code in _CODED_VEHICLES:
            out.setdefault(_CODED_VEHICLES[c.code], c.amount)
            continue
        s = c.subject
        if "共有车辆" in s:
            group = "owned"
        elif "购置车辆" in s:
            group = "purchase"
        elif group is None:
            continue
        kind = "general" if "一般公务用车" in s else "duty" if "执勤执法" in s or "执法执勤" in s else "total"
        out.setdefault(f"{group}.{kind}", c.amount)
    return out
