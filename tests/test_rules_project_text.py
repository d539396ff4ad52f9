"""P114–P116: what a project's own text says against itself and its budget (inline 项目支出绩效目标表
documents; the seeds' cases are in test_rules_seeds.py)."""
from __future__ import annotations

import pytest

from test_rules import PROJECT_CODE, Inline, found, project
from yusuan.report import Severity

GOAL = "为民师群体发放医疗补助，达到领取养老待遇的条件时按110元/人的标准按月发放医疗补助，确保按时足额发放。"


def test_p114_overview_and_goal_disagree_on_a_number():
    inline = Inline(project(overview=GOAL.replace("按110元/人", "按10元/年"), goal=GOAL))
    [f] = found(inline, "P114")
    assert (f.severity, f.row, f.expected, f.actual, f.source.line) == (
        Severity.WARNING, PROJECT_CODE, "10", "110", inline.line("项目概况|"))  # where the overview is printed
    assert "按10元/年" in f.message and "按110元/人" in f.message


@pytest.mark.parametrize("overview", [
    GOAL,  # the same sentence
    GOAL.replace("按110元/人的标准按月发放医疗补助", "按规定发放"),  # other words around the number
    "2025年为民师群体发放医疗补助，确保按时足额发放。",  # a year is not a figure that must agree
])
def test_p114_quiet(overview):
    goal = GOAL if "2025" not in overview else "2026年为民师群体发放医疗补助，确保按时足额发放。"
    assert found(Inline(project(overview=overview, goal=goal)), "P114") == []


def test_p115_heads_times_yearly_amounts_over_budget():
    # 002 军转干: 180 人 × (29220 + 1700) 元 = 556.56 万元 > 540.00
    text = "预计符合补助政策的退休人员180人，预计人均年生活补贴29220元，医疗补助1700元/人，确保按时足额发放。"
    inline = Inline(project(amount="540.00", own="540.00", overview=text))
    [f] = found(inline, "P115")
    assert (f.severity, f.row, f.column, f.expected, f.actual) == (
        Severity.WARNING, PROJECT_CODE, "total", "556.56", "540.00")
    assert "180 人 × (29220 + 1700) 元 = 556.56 万元" in f.message


@pytest.mark.parametrize("amount, overview", [  # each would be over budget if it were an estimate
    ("556.56", "退休人员180人，人均年生活补贴29220元，医疗补助1700元/人。"),  # covered exactly
    ("20.00", "退休人员180人，医疗补助1700元/人，按月发放。"),  # monthly: not a yearly estimate
    ("10.00", "服务对象180人次，人均1000元。"),  # 人次 is not a head count
    ("100.00", "退休人员180人，遗属120人，人均年补贴29220元。"),  # two head counts: which one?
])
def test_p115_quiet(amount, overview):
    assert found(Inline(project(amount=amount, own=amount, overview=overview)), "P115") == []


def test_p116_calculation_does_not_come_out():
    # 001 机关办公楼年租物业费: 12134.54 × 30 × 12 = 4,368,434.4 元 = 436.84 万元, printed 436.85
    text = "明细如下：1.房屋租金12134.54平方×30元/月×12月=436.85万元；2.物业管理费12134.54平方×4元/月×12月=58.25万元。"
    inline = Inline(project(overview=text))
    [f] = found(inline, "P116")
    assert (f.severity, f.row, f.expected, f.actual) == (Severity.WARNING, PROJECT_CODE, "436.84", "436.85")
    assert "12134.54平方×30元/月×12月=436.85万元" in f.message and "436.84344" in f.message


@pytest.mark.parametrize("text", [
    "全年计划安置职工380人，共需资金380人×1200元/人/月×12月=547.2万元。",
    "参保人数33万人×1元/人=33万元。",  # 万 on a quantity
    "二类单位4名×3万元/名=12万元。",  # the price in 万元
    "数字化处理社会人才档案5000卷×53元/卷=265,000元。",  # the total in 元 with commas
    "8914人×70元/人=62.4万元。",  # 62.398 printed to one decimal
])
def test_p116_calculations_that_come_out(text):
    assert found(Inline(project(overview=text)), "P116") == []
