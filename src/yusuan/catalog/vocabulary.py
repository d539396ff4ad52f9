"""The words of the facts contract as the readers use them: title and header words of the table
kinds, two-sided row labels, amount units; and views of the specs (catalog/specs.py: the kinds of
data/tables.toml, the columns of data/columns.toml), so that a new template is a line of data, not
new code. Matching is on text with all whitespace removed.
"""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from ..model import Table
from .specs import Col, columns, profile_titles, reading, spec, table_specs

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
HEADER_KINDS = reading().header_signs  # tables.toml [header_signs]


def kind_of_header(title_kind: str | None, header: str) -> str | None:
    if title_kind in FINAL_KINDS:  # a 决算 title names its table exactly
        return title_kind
    for kind, pattern, unless in HEADER_KINDS:
        if re.search(pattern, header) and not (unless and re.search(unless, header)):
            return kind
    return title_kind


KIND_NAMES = {s.kind: s.name for s in table_specs()}

# Tables whose rows have an income side on the left and an expenditure side on the right; forms.
TWO_SIDED = frozenset(s.kind for s in table_specs() if s.rows == "sides")
FORMS = frozenset(s.kind for s in table_specs() if s.rows == "form")


@lru_cache(maxsize=8192)  # bounded: a batch worker's memory must stay flat over thousands of files
def squash(text: str) -> str:
    """The text without any whitespace (str.split knows every Unicode space, U+3000 too)."""
    return "".join(text.split())


_TITLE_WORDS = ("表", "支出", "收入", "三公", "绩效", "采购")
# a title that names one classification is no table by the other (一般公共预算支出经济分类预算表: its
# rows are economic codes, not the 一般公共预算支出表's functional ones)
_NOT_OF_ROWS = {"functional": ("经济分类",), "economic": ("功能分类",)}


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
        if re.search(pattern, t) and not any(w in t for w in _NOT_OF_ROWS.get(spec(kind).rows, ())):
            return kind
    # a 决算 title the patterns do not know: a profile's own (tried last, as the national titles, 支出决算表
    # and the like, are the ends of many others)
    return _by_profile(t, "final_accounts") if final else None


def _by_profile(title: str, family: str) -> str | None:
    return next((kind for printed, kind in profile_titles(family) if title.endswith(printed)), None)


# --- value columns -----------------------------------------------------------------------
# The columns spec lives in data/columns.toml (catalog/specs.py); these are its views for the readers.
_COLUMNS = columns()
COLUMN_NAMES = dict(_COLUMNS.names)
COUNT_UNITS = dict(_COLUMNS.count_units)  # the 决算 “三公” counts: each in its own unit, never money
# Per kind: the columns in printed order. Optional columns are simply absent from a header.
TEMPLATES: dict[str, tuple[Col, ...]] = dict(_COLUMNS.templates)
ORDER_VARIANTS: dict[str, tuple[tuple[str, ...], ...]] = dict(_COLUMNS.order_variants)
ORDER_BY_HEADER = _COLUMNS.order_by_header
REVENUE_WITH_BLOCKS = _COLUMNS.variants["revenue"][1]  # Henan's 收入预算表: 总计 | 本年收入 (…) | 上年结转 (…)

# Each “三公” item and the names of the 基本支出 (economic) rows it is spent through. By name: regions
# number the 302 款 their own way (302 12 is 因公出国（境）费用 nationally, another item in some
# Shanghai packages), so a code alone says nothing.
THREE_PUBLIC_ITEMS = {"abroad": r"^因公出国[（(]?境?[）)]?费用?$", "reception": r"^公务接待费$",
                      "vehicle_operation": r"^(公务用车运行(维护)?费|车辆运行(维护)?费)$",
                      "vehicle_purchase": r"^公务用车购置(费)?$"}


# amount units as powers of ten of 元
AMOUNT_UNITS = {"元": 0, "千元": 3, "万元": 4, "亿元": 8}


# percentages printed in a table (完成率, 增减%): not amounts, never added up nor scaled
RATES = _COLUMNS.rates


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

DIGITS = "〇一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """一 … 十 … 九十九 (as headings and tables are numbered); larger numbers in digits."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else DIGITS[tens]) + "十" if tens else "") + (DIGITS[ones] if ones else "")


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
