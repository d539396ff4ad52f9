"""The rule codes' one table (rules/codes.py) and the runner's isolation of a rule that raises."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import yusuan.rules as rules
from yusuan.read import read_file
from yusuan.report import Severity
from yusuan.rules import BY_CODE, REGISTRY, check
from yusuan.rules.base import Rule
from yusuan.rules.codes import CODES
from yusuan.rules.stored import S101, S102, S103

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "disclosures"


def test_every_rule_has_its_severity_and_status_in_the_table():
    registered = {r.code for r in (*REGISTRY, S101, S102, S103)}
    live = {code for code, c in CODES.items() if c.status != "retired"}
    assert registered == live
    assert BY_CODE["A101"].severity is Severity.ERROR and BY_CODE["A101"].status == "stable"
    assert BY_CODE["K105"].severity is Severity.INFO
    assert BY_CODE["N118"].status == "preview"


def test_a_retired_or_unknown_code_cannot_be_given_to_a_rule():
    assert CODES["R006"].status == "retired" and CODES["R006"].severity is None
    for code in ("R006", "Z999"):
        with pytest.raises(ValueError, match=code):
            Rule(code, "t", "w", "y", "e", lambda ctx: ())


def _boom(ctx):
    yield from ()
    raise KeyError("total")


def test_a_rule_that_raises_gives_one_R013_and_the_rest_of_the_report_stands(monkeypatch):
    doc = read_file(next(SEEDS.glob("002_*")))
    before = check(doc)
    assert any(f.code == "P105" for f in before.findings)  # the seed's real P105 warnings
    broken = replace(BY_CODE["P105"], check=_boom)
    monkeypatch.setattr(rules, "REGISTRY", tuple(broken if r.code == "P105" else r for r in REGISTRY))
    after = check(doc)
    r013 = [f for f in after.findings if f.code == "R013"]
    assert len(r013) == 1 and "P105" in r013[0].message and "KeyError" in r013[0].message
    assert r013[0].severity is Severity.WARNING
    assert [f for f in after.findings if f.code not in ("P105", "R013")] == \
        [f for f in before.findings if f.code != "P105"]
