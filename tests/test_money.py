"""Money as printed: every number format seen in the seeds, parsed exactly (DOMAIN.md §2.1)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from yusuan.model import Status, classify, half_ulp, is_amount, parse_amount

D = Decimal


@pytest.mark.parametrize(
    "text, value",
    [
        ("2,859.58", "2859.58"),  # 000 4-2, thousands separator
        ("2,627.17", "2627.17"),
        ("30,941,738.93", "30941738.93"),  # 000 整体绩效, in 元, two separators
        ("11144.72", "11144.72"),  # 004 收支预算表, no separator
        ("4, 675. 21", "4675.21"),  # 004 基本支出表, spaces from PDF/OCR extraction
        ("1, 212. 19", "1212.19"),
        ("407. 55", "407.55"),
        ("5. 20", "5.20"),
        ("8.5", "8.5"),  # 002 表九, one decimal
        ("0.00", "0.00"),  # 004 prints zeros
        ("0.02", "0.02"),
        ("1,000.30", "1000.30"),
        ("100", "100"),
        ("1,234", "1234"),
        ("-12.50", "-12.50"),  # negative
        ("−3.00", "-3.00"),  # U+2212 minus sign
        ("+7.25", "7.25"),
        (" 3.50 ", "3.50"),  # cells are stripped
        ("4,\u3000675.21", "4675.21"),  # an ideographic space inside
    ],
)
def test_numbers_parse_exactly(text, value):
    status, parsed = classify(text)
    assert status is Status.NUMBER
    assert isinstance(parsed, Decimal)
    assert parsed == D(value)
    # the printed precision is kept: "130.00" stays "130.00", "8.5" stays "8.5"
    assert str(parsed) == value.lstrip("+")
    assert parse_amount(text) == D(value)


@pytest.mark.parametrize("text", [None, "", "   ", "\u3000", "\t"])
def test_blank_is_absent_not_zero(text):
    assert classify(text) == (Status.BLANK, None)
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["#####", "###", "##", " ##### "])
def test_hashes_are_a_lost_value(text):
    assert classify(text) == (Status.LOST, None)
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "无",
        "abc",
        "合计",
        "1,23.4",  # bad grouping: a group of two digits
        "12,34.00",
        "1234,567.00",  # a leading group of four digits
        "1,2345.00",
        "2.19.1",
        "12%",
        "≥95%",
        "3.50万元",
        "#",  # a single hash is text, not a lost value
        "1.2e3",
    ],
)
def test_text_is_not_a_number(text):
    assert classify(text) == (Status.TEXT, None)
    assert parse_amount(text) is None


def test_is_amount():
    assert is_amount("2,859.58")
    assert is_amount("4, 675. 21")
    assert not is_amount("")
    assert not is_amount("#####")
    assert not is_amount("1,23.4")


@pytest.mark.parametrize(
    "value, half",
    [
        ("2.19", "0.005"),
        ("8.5", "0.05"),
        ("100", "0.5"),
        ("30941738.93", "0.005"),
        ("4675.21", "0.005"),
        ("0.00", "0.005"),
        ("-12.50", "0.005"),
        ("1.234", "0.0005"),
        ("2.190", "0.0005"),
        ("1E+3", "5E+2"),  # written with an exponent: 1000 to the thousand
        ("1.2E-8", "5E-10"),
        ("0.0000001", "5E-8"),
        ("NaN", "0"),
        ("-Infinity", "0"),
    ],
)
def test_half_ulp(value, half):
    got = half_ulp(D(value))
    assert got == D(half) and got.as_tuple() == D(half).as_tuple()  # the same digits, not only the same value


def test_half_ulp_of_parsed_values_follows_the_print():
    # "8.5" (one decimal, 002 表九) stands for 8.45…8.55, "8.50" for 8.495…8.505
    assert half_ulp(parse_amount("8.5")) == D("0.05")
    assert half_ulp(parse_amount("8.50")) == D("0.005")
    assert half_ulp(parse_amount("4, 675. 21")) == D("0.005")
    assert half_ulp(parse_amount("11144.72")) == D("0.005")


# ---- the number rule (model/money.py, docs/limits.md): one rule for full-width forms, accounting
# negatives and other scripts' digits -----------------------------------------------------------
@pytest.mark.parametrize(
    "text, value",
    [
        ("２，６２７．１７", "2627.17"),  # full-width digits, comma and full stop (Chinese input methods)
        ("９９９", "999"),
        ("－2,627.17", "-2627.17"),  # full-width minus
        ("＋5.00", "5.00"),
        ("(2,627.17)", "-2627.17"),  # accounting negative
        ("（2,627.17）", "-2627.17"),  # with full-width parentheses
        ("(12.00)", "-12.00"),
        ("1" * 38 + ".5", "1" * 38 + ".5"),  # 38 digits before the point are still a number
    ],
)
def test_number_rule_reads(text, value):
    assert classify(text) == (Status.NUMBER, D(value))


@pytest.mark.parametrize(
    "text",
    [
        "٢٦٢٧.١٧",  # Arabic-Indic digits
        "२६२७",  # Devanagari
        "(1)",  # numbers an item: no decimal point, no separator
        "（1）",
        "(-1.00)",
        "-(1.00)",
        "1" * 39,  # more than 38 digits
        "0." + "1" * 39,
    ],
)
def test_number_rule_refuses(text):
    assert classify(text) == (Status.TEXT, None)


def test_full_width_amount_is_an_amount_for_the_readers():
    from yusuan.read.lines import is_amount as printed_amount
    assert printed_amount("２，６２７．１７") and printed_amount("(2,627.17)") and not printed_amount("（1）")
