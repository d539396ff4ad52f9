"""Family E: problems in the entries a package is prepared from (prepare/load.py finds them where
each value was given: the workbook's sheet and cell, or the JSON path). Registered here so that they
are documented, listed and selectable like every other rule."""
from __future__ import annotations

from typing import Iterable

from .base import Context, Rule


def _passed_on(code: str):
    def check(ctx: Context) -> Iterable:
        return (f for f in ctx.doc.findings if f.code == code)
    return check


def _rule(code, title, what, why, example) -> Rule:
    return Rule(code, title, what, why, example, _passed_on(code))


E101 = _rule("E101", "录入的金额不是数字", "金额、权重、数量栏填的不是数字。", "不是数字就无法计入任何一张表。",
             "基本支出第 3 行金额填为“十二万”。")
E102 = _rule("E102", "功能分类科目不存在", "基本支出、项目填的支出功能分类科目编码在预算年度的科目表中不存在。",
             "表格按功能分类汇总，不存在的科目无法归入类、款、项，也无法公开。", "项目功能分类填为 2089901（该年度无此科目）。")
E103 = _rule("E103", "经济分类科目不存在", "基本支出填的部门预算支出经济分类科目编码在预算年度的科目表中不存在。",
             "基本支出表按经济分类汇总，人员经费和公用经费也由经济分类决定。", "经济分类填为 30199X。")
E104 = _rule("E104", "项目没有绩效指标", "每个项目都要填写绩效指标。", "项目支出全面实行绩效目标管理，没有指标的项目无法公开其绩效目标表。",
             "项目“社会保险经办服务”的指标表为空。")
E105 = _rule("E105", "绩效指标权重合计不等于 100", "一个项目（或整体绩效目标）各指标的权重之和应为 100。",
             "权重合计不是 100，绩效评价无法按权重计分。", "四个指标权重为 30、30、20、10，合计 90。")
E106 = _rule("E106", "“三公”经费有数量而无金额", "填了公务用车购置数、出国团组或人次、公务接待批次或人次，而对应的经费为空或 0。",
             "有购置、出国或接待就有经费，数量和金额要一致。", "公务用车购置数填 1 辆，公务用车购置费为空。")
E107 = _rule("E107", "录入数据缺少必填项或填写不合规定", "缺少单位名称、预算年度、项目名称、科目编码，或填了不可选的项目。",
             "缺少这些内容就无法生成标题、表格和说明。", "第 2 个项目只填了金额 20.00 万元和功能分类 2080109，项目名称为空。")
E108 = _rule("E108", "收入与支出不平衡", "本年收入加上年结转应等于基本支出加项目支出。",
             "部门预算收支平衡：财政拨款收支总表和收支总表的收入总计必须等于支出总计。", "收入 900.00 万元，支出 920.00 万元。")

RULES = (E101, E102, E103, E104, E105, E106, E107, E108)
