"""Table kinds, value columns and two-sided row labels: the words of the facts contract.

Everything a reader needs to name what it finds lives here as data, so that a new template
is a new line, not new code. Matching is on text with all whitespace removed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from ..model import Table
from .specs import profile_titles, table_specs

# --- table kinds -------------------------------------------------------------------------
# What each kind is lives in data/tables.toml (catalog/specs.py); these are its views for the readers.
# (kind, title pattern), checked in order: the first match wins, so the specific comes first.
TITLE_KINDS: tuple[tuple[str, str], ...] = tuple((s.kind, s.title) for s in table_specs()
                                                 if s.family == "budget" and s.title)
# 决算 (final accounts) titles, tried first when a title says 决算 (DOMAIN.md §6: the nine tables).
FINAL_TITLE_KINDS: tuple[tuple[str, str], ...] = tuple((s.kind, s.title) for s in table_specs()
                                                       if s.family == "final_accounts")
FINAL_KINDS = frozenset(k for k, _ in FINAL_TITLE_KINDS)

# Header signatures that outrank a title: a 三公 header or a 人员/公用 split says what the table
# is even under a title that names another kind (附件 titles are often copied or truncated).
HEADER_KINDS: tuple[tuple[str, str, str | None], ...] = (
    ("three_public", r"因公出国.*公务接待|公务接待.*因公出国", None),
    ("basic_expenditure", r"人员经费.*公用经费", r"项目支出|功能分类"),
)


def kind_of_header(title_kind: str | None, header: str) -> str | None:
    if title_kind in FINAL_KINDS:  # a 决算 title names its table exactly
        return title_kind
    for kind, pattern, unless in HEADER_KINDS:
        if re.search(pattern, header) and not (unless and re.search(unless, header)):
            return kind
    return title_kind


KIND_NAMES = {s.kind: s.name for s in table_specs()}

# Tables whose rows have an income side on the left and an expenditure side on the right.
TWO_SIDED = frozenset({"fiscal_summary", "summary", "final_summary", "final_fiscal_summary"})
FORMS = frozenset({"unit_performance", "project_performance"})


@lru_cache(maxsize=8192)  # bounded: a batch worker's memory must stay flat over thousands of files
def squash(text: str) -> str:
    """The text without any whitespace (str.split knows every Unicode space, U+3000 too)."""
    return "".join(text.split())


_TITLE_WORDS = ("表", "支出", "收入", "三公", "绩效", "采购")


@lru_cache(maxsize=4096)
def kind_of_title(title: str) -> str | None:
    t = squash(title)
    if not any(w in t for w in _TITLE_WORDS):
        return None
    final = "决算" in t
    if not final:  # a region's own title (its profile) names its table exactly
        kind = _by_profile(t, "budget")
        if kind:
            return kind
    for kind, pattern in (FINAL_TITLE_KINDS if final else ()) + TITLE_KINDS:
        if re.search(pattern, t):
            return kind
    # a 决算 title the patterns do not know: a profile's own (tried last, as the national titles, 支出决算表
    # and the like, are the ends of many others)
    return _by_profile(t, "final_accounts") if final else None


def _by_profile(title: str, family: str) -> str | None:
    return next((kind for printed, kind in profile_titles(family) if title.endswith(printed)), None)


# --- value columns -----------------------------------------------------------------------
@dataclass(frozen=True)
class Col:
    """A node of a header tree. A group with printed children has its own column only when
    it prints a 小计 (``subtotal``); otherwise only its children are columns."""

    name: str
    pattern: str  # regex on the squashed header text
    children: tuple["Col", ...] = ()
    subtotal: bool = False
    label: str | None = None  # how a group is printed, when not COLUMN_NAMES[name]


def _c(name, pattern, *children, subtotal=False, label=None):
    return Col(name, pattern, tuple(children), subtotal, label)


_BASIC = _c("basic", "基本支出",
            _c("personnel", "人员经费", _c("wages", "工资福利支出"), _c("family_subsidy", "对个人和家庭的补助")),
            _c("public", "公用经费", _c("goods_services", "商品和服务支出"), _c("capital", "资本性支出")),
            subtotal=True)
_PROJECT = _c("project", "项目支出", _c("other_operation", "其他运转类"), _c("specific_purpose", "特定目标类"),
              subtotal=True)
_GPB = _c("general_budget", "一般公共预算", _c("fiscal_appropriation", "其中[:：]?财政拨款"), subtotal=True)
_SOURCES = (
    _GPB,
    _c("gov_fund", "政府性基金"),
    _c("soe", "国有资本经营"),
    _c("special_account", "财政专户"),
    _c("business", "事业收入", _c("business_non_edu", "非教育收费"), _c("business_edu", "(?<!非)教育收费")),
    _c("superior_subsidy", "上级补助"),
    _c("subordinate", "附属单位上缴"),
    _c("operating", "经营收入"),
    _c("other", "其他收入|其他资金"),
    _c("fiscal", "(?<![中：:])财政拨款收入|^财政拨款$"),  # the three funds as one column (Shanghai's 收入预算总表)
)
_THREE_PUBLIC = (
    _c("total", "合计"),
    _c("abroad", r"因公出国(?![（(]?境?[）)]?(团组|人次|人数))"),  # not the 决算 counts' 团组数, 人次数
    _c("vehicles", "公务用车购置及运行", _c("vehicle_purchase", "购置费"), _c("vehicle_operation", "运行(维护)?费"),
       subtotal=True),
    _c("reception", r"公务接待(?!(批|人))"),
    _c("operation_funds", "机关运行|机构运转"),  # “机关运行经 / 费预算数” wraps in narrow columns
)
# Each “三公” item and the names of the 基本支出 (economic) rows it is spent through. By name: regions
# number the 302 款 their own way (302 12 is 因公出国（境）费用 nationally, another item in some
# Shanghai packages), so a code alone says nothing.
THREE_PUBLIC_ITEMS = {"abroad": r"^因公出国[（(]?境?[）)]?费用?$", "reception": r"^公务接待费$",
                      "vehicle_operation": r"^(公务用车运行(维护)?费|车辆运行(维护)?费)$",
                      "vehicle_purchase": r"^公务用车购置(费)?$"}
# 决算 “三公” physical counts (DOMAIN.md §6), printed after the money columns: counts, not money,
# each in its own unit (COUNT_UNITS), never added into a money total. Named as the narrative's
# count claims are coded (read/final_narrative.py), so a claim names its column.
_THREE_COUNTS = (
    _c("abroad_groups", r"团组(?!人)"),
    _c("abroad_people", r"出国[（(]?境?[）)]?(团组)?人(次|数)"),
    _c("vehicle_purchase_count", r"购置(数|数量|车辆)"),
    _c("vehicle_stock", r"保有(量|数)"),
    _c("reception_batches", r"接待(批次|批数)"),
    _c("reception_people", r"接待人(次|数)"),
)
COUNT_UNITS = {"abroad_groups": "个", "abroad_people": "人次", "vehicle_purchase_count": "辆", "vehicle_stock": "辆",
               "reception_batches": "批次", "reception_people": "人次"}
_FINAL_SPENDING = (_c("opening_balance", "年初结转"), _c("current_income", "本年收入"),
                   _c("total", "小计|合计|本年支出|决算数"), _c("basic", "基本支出"), _c("project", "项目支出"),
                   _c("closing_balance", "年末结转"))

# The change on last year printed after a table's two years: 增减额 and 增减% (or 增长率, 增幅)
_CHANGE = (_c("change", r"增减额|增减金额|增加额"), _c("change_rate", r"增减[%％率]|增减幅度|增长[%％率]|增幅|变动率"))

# Per kind: the columns in printed order. Optional columns are simply absent from a header.
TEMPLATES: dict[str, tuple[Col, ...]] = {
    "general_expenditure": (_c("total", "小计|合计|总计"), _BASIC, _PROJECT, *_CHANGE),
    "gov_fund_expenditure": (_c("total", "小计|合计|总计"), _BASIC, _PROJECT, *_CHANGE),
    "soe_expenditure": (_c("total", "小计|合计|总计"), _BASIC, _PROJECT, *_CHANGE),
    "expenditure": (_c("total", "合计|总计"), _BASIC, _PROJECT, _c("to_superior", "上缴上级"),
                    _c("operating_expenditure", "经营支出"), _c("to_subordinate", "对下级单位补助|对附属单位补助"),
                    *_CHANGE),
    "basic_expenditure": (_c("total", "合计|总计"), _c("personnel", "人员经费"), _c("public", "公用经费"), *_CHANGE),
    "three_public": _THREE_PUBLIC,
    "revenue": (_c("total", "合计|总计"), _c("carryover", "上年结转"), *_SOURCES,
                _c("business_fund", "用事业基金弥补")),
    "procurement": (_c("total", "合计|总计"), _c("carryover", "上年结转"), *_SOURCES,
                    _c("business_fund", "用事业基金弥补")),
    "project_expenditure": (_c("total", "合计"),
                            _c("current", "本年拨款", _GPB, _c("gov_fund", "政府性基金"), _c("soe", "国有资本经营"),
                               label="本年拨款"),
                            _c("carryover", "结转结余", _c("carryover.general_budget", "一般公共预算"),
                               _c("carryover.gov_fund", "政府性基金"), _c("carryover.soe", "国有资本经营"),
                               label="财政拨款结转结余"),
                            _c("special_account", "财政专户"), _c("unit_funds", "单位资金")),
    "economic_summary": (_c("total", "总计|合计"), _GPB, _c("gov_fund", "政府性基金"), _c("soe", "国有资本经营"),
                         _c("carryover", "上年结转"), _c("special_account", "财政专户"), _c("business", "事业收入"),
                         _c("superior_subsidy", "上级补助"), _c("subordinate", "附属单位上缴"),
                         _c("operating", "经营收入"), _c("other", "其他收入")),
    # two-sided: the expenditure side's value columns; the income side has one (``total``)
    # the funds by the first words of their names: narrow columns wrap them (一般公共 / 预算财政 / 拨款)
    "fiscal_summary": (_c("total", "合计"), _c("general_budget", "一般公共", *_GPB.children, subtotal=True),
                       _c("gov_fund", "政府性基"), _c("soe", "国有资本")),
    # its expenditure side may print 基本支出 (人员经费 | 公用经费) and 项目支出 beside the total (Shanghai)
    "summary": (_c("total", "预算数|金额|合计"), _c("basic", "基本支出", _c("personnel", "人员经费"),
                                              _c("public", "公用经费")), _PROJECT),
    # 决算 (DOMAIN.md §6)
    "final_summary": (_c("total", "决算数|金额|合计"),),
    "final_fiscal_summary": (_c("total", "合计|决算数"), _c("general_budget", "一般公共"),
                             _c("gov_fund", "政府性基"), _c("soe", "国有资本")),
    "final_revenue": (_c("total", "本年收入合计|合计|总计"), _c("fiscal", "财政拨款"), _c("superior_subsidy", "上级补助"),
                      _c("business", "事业收入"), _c("operating", "经营收入"), _c("subordinate", "附属单位上缴"),
                      _c("other", "其他收入")),
    "final_expenditure": (_c("total", "本年支出合计|合计|总计"), _c("basic", "基本支出"), _c("project", "项目支出"),
                          _c("to_superior", "上缴上级"), _c("operating_expenditure", "经营支出"),
                          _c("to_subordinate", "对附属单位补助|对下级单位补助")),
    "final_general_expenditure": (_c("initial_budget", "年初预算"), _c("full_year_budget", "(?<!完成)(全年预算|调整预算)"),
                                  _c("total", "合计|小计|决算数"), _c("basic", "基本支出"), _c("project", "项目支出"),
                                  _c("rate", "完成|%|％")),
    "final_basic_expenditure": (_c("personnel", "人员经费"), _c("public", "公用经费")),
    # two blocks: 预算数 (full_year_budget…) and 决算数 (final…); then the counts, when printed
    "final_three_public": _THREE_PUBLIC + _THREE_COUNTS,
    "final_gov_fund": _FINAL_SPENDING,
    "final_soe": _FINAL_SPENDING,
}

# Column orders printed beside the template's, for text without positions, where a header wrapped
# over lines no longer tells the order: the rows' own identities choose (Shanghai prints 公务接待费
# before 公务用车购置及运行费, and 机关运行经费 after them).
ORDER_VARIANTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "three_public": (("total", "abroad", "vehicles", "vehicle_purchase", "vehicle_operation", "reception"),
                     ("total", "abroad", "reception", "vehicles", "vehicle_purchase", "vehicle_operation"),
                     ("total", "abroad", "vehicles", "vehicle_purchase", "vehicle_operation", "reception",
                      "operation_funds"),
                     ("total", "abroad", "reception", "vehicles", "vehicle_purchase", "vehicle_operation",
                      "operation_funds")),
}

# Kinds whose source columns are printed in varying orders: their columns follow the header.
ORDER_BY_HEADER = frozenset({"revenue", "procurement", "economic_summary", "project_expenditure", "final_revenue",
                             "final_expenditure"})

# Henan's 收入预算表: 总计 | 本年收入 (合计, sources…) | 上年结转结余 (合计, by fund)
REVENUE_WITH_BLOCKS = (
    _c("total", "总计"),
    _c("current", "本年收入", *_SOURCES, subtotal=True),
    _c("carryover", "上年结转", _c("carryover.general_budget", "一般公共预算"), _c("carryover.gov_fund", "政府性基金"),
       _c("carryover.soe", "国有资本经营"), _c("carryover.special_account", "财政专户"),
       _c("carryover.unit_funds", "单位资金"), subtotal=True),
)

COLUMN_NAMES = {
    "total": "合计", "basic": "基本支出", "project": "项目支出", "personnel": "人员经费", "public": "公用经费",
    "wages": "工资福利支出", "family_subsidy": "对个人和家庭的补助", "goods_services": "商品和服务支出",
    "capital": "资本性支出", "other_operation": "其他运转类", "specific_purpose": "特定目标类",
    "general_budget": "一般公共预算", "fiscal_appropriation": "其中：财政拨款", "gov_fund": "政府性基金预算",
    "soe": "国有资本经营预算", "special_account": "财政专户管理资金", "business": "事业收入",
    "business_non_edu": "非教育收费", "business_edu": "教育收费", "superior_subsidy": "上级补助收入",
    "subordinate": "附属单位上缴收入", "operating": "事业单位经营收入", "other": "其他收入",
    "carryover": "上年结转", "business_fund": "用事业基金弥补收支差额", "to_superior": "上缴上级支出",
    "operating_expenditure": "事业单位经营支出", "to_subordinate": "对下级单位补助支出",
    "abroad": "因公出国（境）费", "vehicles": "公务用车购置及运行费", "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行费", "reception": "公务接待费", "prior_year": "上年预算数",
    "current": "本年收入合计", "unit_funds": "单位资金",
    "initial_budget": "年初预算数", "full_year_budget": "全年预算数", "final": "决算数", "rate": "完成全年预算（%）",
    "opening_balance": "年初结转和结余", "closing_balance": "年末结转和结余", "current_income": "本年收入",
    "fiscal": "财政拨款收入", "operation_funds": "机关运行经费", "change": "增减额", "change_rate": "增减（%）",
    "abroad_groups": "因公出国（境）团组数", "abroad_people": "因公出国（境）人次数",
    "vehicle_purchase_count": "公务用车购置数", "vehicle_stock": "公务用车保有量",
    "reception_batches": "国内公务接待批次", "reception_people": "国内公务接待人次",
}


# amount units as powers of ten of 元
AMOUNT_UNITS = {"元": 0, "千元": 3, "万元": 4, "亿元": 8}


# percentages printed in a table (完成率, 增减%): not amounts, never added up nor scaled
RATES = frozenset({"rate", "change_rate"})


def in_unit(t: Table, unit: str) -> Table:
    """``t`` with its amounts in ``unit``, each keeping its printed precision (2,627 元 stands for
    ± 0.5 元 = ± 0.00005 万元); counts and rates as they are."""
    shift = AMOUNT_UNITS.get(t.amount_unit, 4) - AMOUNT_UNITS[unit]
    if not shift:
        return t

    def cell(c):
        if c.value is None or not isinstance(c.value, Decimal) or c.column is None or c.column in RATES \
                or c.column.split(".")[-1] in COUNT_UNITS:
            return c
        return replace(c, value=c.value.scaleb(shift))

    rows = tuple(replace(r, cells=tuple(cell(c) for c in r.cells)) for r in t.rows)
    return replace(t, rows=rows, amount_unit=unit)


def column_unit(column: str, amount_unit: str) -> str:
    """The unit of a column's values: a rate's %, a count column's own (辆, 个, 批次, 人次), else the table's."""
    base = column.split(".")[-1]
    return "%" if base in RATES else COUNT_UNITS.get(base, amount_unit)

# Row identities per kind: column = Σ columns (DOMAIN.md §2.2; data/tables.toml). The reader uses them
# to place values whose empty cells were dropped; the checker reports where they fail.
ROW_IDENTITIES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    s.kind: s.identities for s in table_specs() if s.identities}


def identity_parts(kind: str, rhs: tuple[str, ...], printed) -> tuple[str, ...]:
    """The printed columns an identity's right side stands for: a part that is not printed is
    replaced by its own parts when those are (基本支出 by 人员经费 + 公用经费 under a merged 基本支出
    header with no 小计 of its own)."""
    own = dict(ROW_IDENTITIES.get(kind, ()))
    out: list[str] = []
    for part in rhs:
        if part in printed:
            out.append(part)
        elif part in own:
            out.extend(p for p in identity_parts(kind, own[part], printed) if p not in out)
    return tuple(out)


# --- row labels of two-sided tables --------------------------------------------------------
# (row code, side, pattern on the squashed label without its ordinal prefix). First match wins.
SIDE_ROWS: tuple[tuple[str, str, str], ...] = (
    ("in.total", "income", r"^收入(总计|总数|合计)$"),
    ("out.total", "expenditure", r"^支出(总计|总数|合计)$"),
    ("in.current", "income", r"^本年收入(合计)?$"),
    ("out.current", "expenditure", r"^本年支出(合计)?$"),
    ("out.carry_forward", "expenditure", r"^(结转下年|年终结转结余|年末(财政拨款)?结转和结余)$"),
    ("in.carryover", "income", r"^(上年结转(结余)?|年初(财政拨款)?结转和结余)$"),
    ("in.non_fiscal_balance", "income", r"^使用非财政拨款结余(和专用结余)?$"),
    ("out.balance_distribution", "expenditure", r"^结余分配$"),
    ("in.business_fund", "income", r"^用事业基金弥补收支差额$"),
    ("in.fiscal_appropriation", "income", r"^其中[:：]?财政拨款$"),
    ("in.fiscal", "income", r"^财政拨款(收入|资金)?$"),  # Shanghai: 一、财政拨款收入, its funds under it
    ("in.general_budget", "income", r"^一般公共预算(拨款|资金|拨款收入|财政拨款(收入)?)?$"),
    ("in.gov_fund", "income", r"^政府性基金(预算)?(拨款|资金|拨款收入|收入|财政拨款(收入)?)?$"),
    ("in.soe", "income", r"^国有资本经营(预算)?(拨款|资金|拨款收入|收入|财政拨款(收入)?)?$"),
    ("in.special_account", "income", r"^财政专户管理资金(收入)?$"),
    ("in.business", "income", r"^事业收入(预算|资金)?$"),
    ("in.operating", "income", r"^(事业单位)?经营收入(预算|资金)?$"),
    ("in.superior_subsidy", "income", r"^上级补助收入(资金)?$"),
    ("in.subordinate", "income", r"^附属单位上缴收入(资金)?$"),
    ("in.other", "income", r"^其他收入(预算|资金)?$"),
    ("total", None, r"^(合计|总计)$"),
)

ORDINAL = re.compile(r"^(（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、"
                     r"|[（(]\d{1,2}[）)]|\d{1,2}[.．、](?!\d))")


@lru_cache(maxsize=4096)
def side_row(label: str) -> tuple[str, str | None] | None:
    """The row code and side of a two-sided table's label, or None for a 类 name."""
    t = ORDINAL.sub("", squash(label))
    for code, side, pattern in SIDE_ROWS:
        if re.search(pattern, t):
            return code, side
    return None
