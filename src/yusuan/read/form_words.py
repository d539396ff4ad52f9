"""The words of performance-target forms, as data in one place: the operators, the fields' keys,
the indicator header's words, the indicator levels."""
from __future__ import annotations

from functools import lru_cache

from ..catalog.vocabulary import squash

OPERATORS = {"≥": "≥", "≧": "≥", "＞=": "≥", ">=": "≥", "≤": "≤", "≦": "≤", "<=": "≤", "=": "=", "＝": "=",
             "＞": ">", ">": ">", "＜": "<", "<": "<", "定性": "定性"}

# squashed key (parens made full-width, trailing colon dropped) → field
KEYS: dict[str, str] = {
    "申报单位": "unit", "编制单位": "unit", "填报部门": "unit", "预算部门": "unit", "部门（单位）名称": "unit",
    "部门名称": "unit", "项目编码": "code", "项目名称": "name", "项目类型": "type", "项目分类": "type",
    "业务主管部门": "department", "主管部门": "department", "实施部门": "implementer", "联系人": "contact",
    "联系电话": "phone", "项目负责人及联系电话": "contact_phone", "当年预算（万元）": "amount",
    "年度资金总额": "amount", "部门支出预算数": "amount", "支出预算数": "amount", "上级资金": "f:上级资金",
    "本级资金": "f:本级资金", "其他资金": "f:其他资金", "本级安排（万元）": "f:本级安排", "上级补助（万元）": "f:上级补助",
    "其中：财政拨款": "f:财政拨款", "政府预算资金": "f:政府预算资金", "财政专户管理资金": "f:财政专户管理资金",
    "单位资金": "f:单位资金", "项目概况": "overview", "项目概述": "overview", "立项依据": "basis",
    "当年实施进度计划": "schedule", "当年整体绩效目标": "goal", "当年绩效目标": "goal", "整体绩效目标": "goal",
    "总体目标": "goal", "预算执行率权重": "execution_weight", "预算执行率权重（%）": "execution_weight",
    "当年绩效指标": "indicators", "绩效指标": "indicators", "年度绩效指标": "indicators", "其他说明": "other",
    "资金情况（万元）": "skip", "部门整体绩效情况": "skip", "总体资金情况（元）": "money", "单位：万元": "skip",
    # Shanghai's 财政项目支出绩效目标填报表: the year's amount and where it comes from, in 元
    "项目资金（元）": "skip", "项目资金（万元）": "skip", "项目资金总额": "skip", "其中：财政资金": "skip",
    "年度资金申请总额": "amount", "其中：当年财政拨款": "f:当年财政拨款", "上年结转资金": "f:上年结转资金",
    "项目总目标": "skip", "年度总体目标": "goal", "项目性质": "skip", "项目类别": "type", "实施单位": "unit",
    "计划开始日期": "skip", "计划完成日期": "skip",
}
INDICATOR_FIELDS = {
    "一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标名称": "name", "指标性质": "operator",
    "绩效指标性质": "operator", "指标值": "value", "绩效指标值": "value", "度量单位": "unit", "计量单位": "unit",
    "绩效度量单位": "unit", "权重": "weight", "指标权重": "weight", "权重（%）": "weight", "是否核心指标": "core",
    "年度（/项目）指标值": "value", "年度指标值": "value",
}
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
_LEVEL2_BARE = ("社会效益", "经济效益", "生态效益", "可持续影响")


@lru_cache(maxsize=8192)
def form_key(text: str) -> str:
    t = squash(text).replace("(", "（").replace(")", "）").rstrip(":：")
    return t


@lru_cache(maxsize=8192)
def is_level(text: str) -> bool:
    t = squash(text)
    return t in LEVEL1 or t in _LEVEL2_BARE or (t.endswith("指标") and 3 <= len(t) <= 12 and t not in INDICATOR_FIELDS)


@lru_cache(maxsize=8192)
def is_key(text: str) -> bool:
    return form_key(text) in KEYS


@lru_cache(maxsize=8192)
def is_field(text: str) -> bool:
    """A word of the indicator header (一级指标, 指标性质, 指标值…)."""
    return form_key(text) in INDICATOR_FIELDS
