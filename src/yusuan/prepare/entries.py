"""The entries a unit's finance officer gives for a package: the budget itself, not its print.

Entries come as JSON (``entries.schema.json``, for forms and for systems that export data) or as the
entry workbook (workbook.py). Each value keeps where it was given (``Source``: the workbook's sheet
and cell, or the JSON path), so that a problem is reported at its place. Loading never raises on bad
data: a value that is not a number, a code the catalogs lack, a project without indicators are
findings (family E), and the rest is still loaded.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Indicator, Source, Unit
from ..model.frozen import record

# income sources and funds, as the ledger names them (catalog/data/tables.toml [columns])
SOURCES = ("general_budget", "gov_fund", "soe", "special_account", "business", "operating", "superior_subsidy",
           "subordinate", "other")
FISCAL = ("general_budget", "gov_fund", "soe")
SOURCE_NAMES = {"general_budget": "一般公共预算拨款收入", "gov_fund": "政府性基金预算拨款收入",
                "soe": "国有资本经营预算拨款收入", "special_account": "财政专户管理资金收入", "business": "事业收入",
                "operating": "事业单位经营收入", "superior_subsidy": "上级补助收入", "subordinate": "附属单位上缴收入",
                "other": "其他收入"}
# spending beside 基本支出 and 项目支出 (the 支出总表's and 支出决算表's other columns, tables.toml [columns])
OTHER_SPENDING = ("to_superior", "operating_expenditure", "to_subordinate")
OTHER_SPENDING_NAMES = {"to_superior": "上缴上级支出", "operating_expenditure": "事业单位经营支出",
                        "to_subordinate": "对附属单位补助支出"}
# the fund such a line is paid from when the entries name none: 经营支出 from 经营收入, the rest from 其他收入
OTHER_SPENDING_FUNDS = {"to_superior": "other", "operating_expenditure": "operating", "to_subordinate": "other"}
PROJECT_TYPES = ("other_operation", "specific_purpose")
THREE_PUBLIC = ("abroad", "reception", "vehicle_purchase", "vehicle_operation")
THREE_COUNTS = ("vehicle_stock", "vehicle_purchase_count", "abroad_groups", "abroad_people", "reception_batches",
                "reception_people")
PROCUREMENT_ITEMS = ("goods", "services", "works")
# 决算: the funds a carry-over (年初/年末结转和结余) is of: the three 财政拨款 funds, and the unit's own money
# (非财政拨款), which the 决算 tables print only as part of the unit's whole carry-over
CARRIED = (*FISCAL, "unit_funds")
FINAL = "final_accounts"


@record
class Line:
    """An amount of basic spending: a 功能分类 code, a 经济分类 code (人员 or 公用 follows from it), a fund."""
    function: str
    economic: str
    amount: Decimal
    source: Source
    fund: str = "general_budget"
    funded: str = ""  # carryover: paid by last year's carry-over of the fund
    gov_economic: str = ""  # the 政府预算支出经济分类 款 it is printed beside (支出经济分类汇总表), when given


@record
class EconomicPart:
    """A part of a project line by economic class: the 部门预算 款 and, when given, the 政府预算 款."""
    economic: str
    amount: Decimal
    source: Source
    gov_economic: str = ""


@record
class ProjectEntry:
    name: str
    function: str
    amount: Decimal
    source: Source
    code: str | None = None
    fund: str = "general_budget"
    type: str = "specific_purpose"  # other_operation | specific_purpose
    overview: str | None = None  # 项目概况
    basis: str | None = None  # 立项依据
    schedule: str | None = None  # 实施计划
    goal: str | None = None  # 年度绩效目标
    indicators: tuple[Indicator, ...] = ()
    funded: str = ""  # carryover: paid by last year's carry-over of the fund
    funding: tuple[tuple[str, Decimal], ...] = ()  # the form's 资金来源 as it prints them (财政拨款, 本级资金 …)
    # the line by economic class (they sum to its amount); none given: its classes are not known, and the
    # tables of all spending by economic class (支出经济分类汇总表) cannot be made
    economic: tuple[EconomicPart, ...] = ()


@record
class Amount:
    """An amount of one kind (an income source, a carry-over of a fund, a “三公” item, a procurement item)."""
    key: str
    amount: Decimal
    source: Source
    fund: str = ""
    function: str = ""  # 决算: the 功能分类 code an income is for (收入决算表), or a budget by class is of


@dataclass(frozen=True)
class Entries:
    file: str
    unit: Unit
    year: int
    kind: str = "budget"  # budget | final_accounts
    unit_type: str = "单位"  # 部门 | 单位
    region: str = "national"  # the profile of the region's table set (catalog/data/profiles)
    amount_unit: str = "万元"
    contact: str | None = None
    phone: str | None = None
    department: str | None = None  # the 部门's name, for a 单位 (its tables may print the 部门's row)
    income: tuple[Amount, ...] = ()  # key: a source (SOURCES)
    carryover: tuple[Amount, ...] = ()  # key: a fund
    basic: tuple[Line, ...] = ()
    projects: tuple[ProjectEntry, ...] = ()
    three_public: tuple[Amount, ...] = ()  # key: THREE_PUBLIC (money) or THREE_COUNTS (counts)
    three_public_prior: tuple[Amount, ...] = ()  # last year's, printed beside this year's
    general_prior: tuple[Amount, ...] = ()  # last year's 一般公共预算支出 by 功能分类 (key: the code), printed beside
    operation_funds: Amount | None = None  # 机关运行经费
    procurement: tuple[Amount, ...] = ()  # key: goods | services | works; fund
    goal: str | None = None  # 整体绩效目标
    indicators: tuple[Indicator, ...] = ()  # 整体绩效指标
    texts: tuple[tuple[str, str], ...] = ()  # the narrative's human words: (职能职责 | 机构设置 | …, text)
    # 决算 (kind final_accounts): ``income`` (by source and 功能分类), ``carryover`` (年初结转和结余), ``basic``,
    # ``projects`` and ``three_public`` are what was received and spent; these are the rest
    # 年末结转和结余, key: a fund (CARRIED); a carry-over of the 政府性基金 or 国有资本经营 by class names its
    # ``function`` (their tables print 年初 and 年末 by class)
    carry_forward: tuple[Amount, ...] = ()
    three_public_budget: tuple[Amount, ...] = ()  # the “三公” 预算数 (全年预算) beside the 决算数
    initial_budget: tuple[Amount, ...] = ()  # 年初预算数 by 功能分类 (key: the code; fund)
    full_year_budget: tuple[Amount, ...] = ()  # 全年预算数 by 功能分类 (key: the code; fund)
    # 上缴上级支出, 经营支出, 对附属单位补助支出 (key: OTHER_SPENDING; function; fund): spending that is neither
    # 基本支出 nor 项目支出 (决算: as spent)
    other_spending: tuple[Amount, ...] = ()
    findings: tuple = field(default=(), compare=False)  # problems in the entries (family E)


STAFF = {"301": "personnel", "303": "personnel"}  # 工资福利支出, 对个人和家庭的补助; the other 类 are 公用


def staff_of(economic: str) -> str:
    """人员经费 or 公用经费, from the 经济分类 code's 类 (部门预算支出经济分类)."""
    return STAFF.get(economic[:3], "public")
