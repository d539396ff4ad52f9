"""The rule registry documents itself (DESIGN.md §3): one explicit table of stable codes, each
rule with a Chinese one-line title and What / Why / Example. (README checks are left out while
the README is being rewritten.)"""
from __future__ import annotations

import re

import pytest

from yusuan.report import Severity
from yusuan.rules import BY_CODE, REGISTRY

CJK = re.compile(r"[\u4e00-\u9fff]")
FAMILIES = {"A": "inside a table", "X": "across tables", "N": "narrative", "C": "completeness", "K": "catalog",
            "P": "performance", "R": "reading"}


def test_registry_is_not_empty_and_in_family_order():
    codes = [r.code for r in REGISTRY]
    assert len(codes) >= 60
    families = [c[0] for c in codes]
    assert families == sorted(families, key="AXNCKPR".index)  # A, X, N, C, K, P, R as in rules/__init__
    for family in "AXNCKPR":
        block = [c for c in codes if c[0] == family]
        assert block == sorted(block), family


def test_codes_unique_and_well_formed():
    codes = [r.code for r in REGISTRY]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[AXNCKPR]\d{3}", c) for c in codes), codes
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


def test_examples_cite_the_seeds_where_the_rule_comes_from_them():
    # rules born of a seed error say which seed: 000 K102, 001 P101/P108/X113, 002 X120/N104/N105
    for code, seed in (("K102", "000"), ("P101", "001"), ("P108", "001"), ("X113", "001"), ("X120", "002"),
                       ("N104", "002"), ("N105", "002"), ("C102", "000")):
        assert seed in BY_CODE[code].example, code
