"""The rule registry documents itself: one explicit table of stable codes, each rule with a Chinese
one-line title and What / Why / Example that a user can read on their own (no references to
documents outside the repository, no numbers of the bundled examples)."""
from __future__ import annotations

import re

import pytest

from yusuan.report import Severity
from yusuan.rules import BY_CODE, REGISTRY

CJK = re.compile(r"[\u4e00-\u9fff]")
FAMILIES = {"A": "inside a table", "X": "across tables", "N": "narrative", "C": "completeness", "K": "catalog",
            "P": "performance", "R": "reading", "E": "entries"}


def test_registry_is_not_empty_and_in_family_order():
    codes = [r.code for r in REGISTRY]
    assert len(codes) >= 60
    families = [c[0] for c in codes]
    assert families == sorted(families, key="AXNCKPRE".index)  # A, X, N, C, K, P, R, E as in rules/__init__
    for family in "AXNCKPRE":
        block = [c for c in codes if c[0] == family]
        assert block == sorted(block), family


def test_codes_unique_and_well_formed():
    codes = [r.code for r in REGISTRY]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[AXNCKPRE]\d{3}", c) for c in codes), codes
    assert set(BY_CODE) == set(codes)
    assert all(BY_CODE[r.code] is r for r in REGISTRY)


def test_every_family_has_rules():
    assert {r.code[0] for r in REGISTRY} == set(FAMILIES)


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.code)
def test_rule_is_documented(rule):
    for field in ("title", "what", "why", "example"):
        text = getattr(rule, field)
        assert isinstance(text, str) and text.strip(), f"{rule.code}.{field} is empty"
    assert CJK.search(rule.title), f"{rule.code} title is not Chinese: {rule.title!r}"
    assert CJK.search(rule.what), rule.code
    assert "\n" not in rule.title and len(rule.title) <= 40, f"{rule.code}: the title is one short line"
    assert rule.title != rule.what
    assert isinstance(rule.severity, Severity)
    assert callable(rule.check)


def test_titles_are_distinct():
    titles = [r.title for r in REGISTRY]
    assert len(titles) == len(set(titles))


def test_known_severities():
    # the severity of a real violation; rounding tails are info under the same code
    assert {c: BY_CODE[c].severity for c in ("A101", "X104", "N101", "C101", "K102", "P101", "P108", "R001")} == \
        {c: Severity.ERROR for c in ("A101", "X104", "N101", "C101", "K102", "P101", "P108", "R001")}
    assert {c: BY_CODE[c].severity for c in ("C107", "K103", "K104", "P103", "P113", "R002", "R004")} == \
        {c: Severity.WARNING for c in ("C107", "K103", "K104", "P103", "P113", "R002", "R004")}
    # only what yusuan itself lacks is info by nature: a well-formed code its catalog does not hold
    assert [r.code for r in REGISTRY if r.severity is Severity.INFO] == ["K105"]


STORE_RULES = __import__("yusuan.rules.stored", fromlist=["RULES"]).RULES
OUTSIDE = re.compile(r"DOMAIN|DESIGN|§|\b[IWX]\d+(\.\d+)?\b(?!\d)|(?<![A-Z\d,.])00[0-4](?![\d,.])|种子|seed")


@pytest.mark.parametrize("rule", REGISTRY + STORE_RULES, ids=lambda r: r.code)
def test_explanations_stand_on_their_own(rule):
    """No "DOMAIN §2.2 I2.1", "X11" or "003 表二": a user has neither the domain notes nor the seeds'
    numbers. Rule codes (N101) are fine: ``yusuan rules`` lists them."""
    for field in ("what", "why", "example"):
        text = getattr(rule, field)
        assert not OUTSIDE.search(text.replace(rule.code, "")), f"{rule.code}.{field}: {text}"
        assert len(text) >= 8, f"{rule.code}.{field} says too little: {text}"


def test_rules_born_of_real_errors_keep_the_figures_they_teach():
    assert "325.97" in BY_CODE["X113"].example and "人力资源和社会保险管理事务" in BY_CODE["K102"].example
    assert "8.5" in BY_CODE["N105"].example and "2,123.04" in BY_CODE["X120"].example
