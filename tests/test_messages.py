"""Findings as a finance office reads them: formal wording, amounts with their unit, quotes that end
where the clause ends, no stutter (「合计」合计) and no brackets inside brackets."""
from __future__ import annotations

import re

import pytest
from conftest import SEED_NUMBERS

from yusuan.rules import check

COLLOQUIAL = ("是个数", "却", "花的钱", "写的是", "只要求", "只能是")
AMOUNT = re.compile(r"(印为|应为|为) (-?[\d,]+\.\d+)(?![\d])(?! 万元| 元)")


@pytest.fixture(scope="module")
def messages(seed):
    return {n: [(f.code, f.message) for f in check(seed(n)).findings] for n in SEED_NUMBERS}


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_wording(messages, number):
    for code, text in messages[number]:
        assert not any(w in text for w in COLLOQUIAL), (code, text)
        assert "「合计」合计" not in text and "合计行 合计" not in text, (code, text)
        assert "（（" not in text, (code, text)
        assert "  " not in text and " 为 " not in text, (code, text)


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_table_amounts_carry_their_unit(messages, number):
    for code, text in messages[number]:
        if code[0] in "AX":
            assert not AMOUNT.search(text.split("（差")[0]), (code, text)


def test_the_messages_that_were_unclear(messages):
    said = {(code, text) for n in SEED_NUMBERS for code, text in messages[n]}
    assert ("C107", "情况说明在“（三）政府采购情况”之前缺少编号（二）") in said  # was （二）（（三）政府采购情况）
    assert ("C107", "情况说明的编号（三）重复：“（三）绩效目标设置情况”") in said
    assert ("A101", "尾差：表二 一般公共预算支出表合计行“合计”栏 ≠ 基本支出 + 项目支出：印为 2,023.59 万元，"
                    "应为 2,023.58 万元（差 +0.01，在舍入误差 ±0.015 之内）") in said  # was 「合计」合计
    assert ("P103", "项目「代发企业退休军转干解困补助资金」指标“每年发放次数 = 12 %”为计数指标，计量单位不应为“%”") in said
    # a quote is the whole clause, never cut mid-word (was “条件时按10元/年的” / “时预计按110元/人的”)
    assert ("P114", "项目「荣昌区民师生活医疗补助」项目概述写“达到领取养老待遇的条件时按10元/年的的标准按月发放医疗补助”，"
                    "而当年绩效目标写“达到领取养老待遇的条件时预计按110元/人的标准按月发放医疗补助”") in said
