"""The quick tests some rules run before a pattern (``if "主要原因" not in text: continue``) skip texts
the pattern cannot match; each is written by hand beside its pattern. Here each pattern's parse is
read to prove that every match it can make holds one of its guard's words, so that a pattern edited
without its guard fails here instead of silently missing findings."""
from __future__ import annotations

import re
import re._parser as sre

import pytest
from re._constants import ASSERT, BRANCH, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, SUBPATTERN

from yusuan.rules import listings, performance, prose

# (pattern, the words one of which its rule's quick test asks the text for)
GUARDED = [
    (prose._REASON, ("主要原因",)),
    (prose._ITEM_HEAD, ("（项）",)),
    (prose._WHOLE, ("其中",)),
    (prose._SME_AWARD, ("由中小企业供应商中标或成交的",)),
    (prose._AS_OF, ("截至",)),
    (prose._SINCE, ("比20", "较20", "与20")),
    (listings._LISTING, ("主要包括", "主要用于")),
    (performance._HEADS, ("人",)),
    (performance._PER_HEAD, ("元",)),
]

_MANY = 64  # the spellings of one stretch of literals followed at most (character classes multiply them)


def _guaranteed(items, words: tuple[str, ...]) -> bool:
    """Whether every text a sequence of parsed items matches (lookarounds included: the text around
    holds theirs) contains one of ``words``."""
    runs = [""]  # the spellings of the stretch of literals being read
    for op, av in _flat(items):
        spellings = _spellings(op, av)
        if spellings is not None and len(runs) * len(spellings) <= _MANY:
            runs = [r + s for r in runs for s in spellings]
            continue
        if _holds(runs, words):
            return True
        runs = [""]
        if op is BRANCH and all(_guaranteed(alt, words) for alt in av[1]):
            return True
        if op in (MAX_REPEAT, MIN_REPEAT) and av[0] >= 1 and _guaranteed(av[2], words):
            return True
        if op is ASSERT and _guaranteed(av[1], words):  # (a positive lookahead or lookbehind)
            return True
    return _holds(runs, words)


def _spellings(op, av) -> list[str] | None:
    """What one item can match when that is a few literal strings: a character, a class of
    characters (比|较), alternatives of literals (包括|用于); None for anything else."""
    if op is LITERAL:
        return [chr(av)]
    if op is IN and all(o is LITERAL for o, _ in av):
        return [chr(c) for _, c in av]
    if op is BRANCH and all(o is LITERAL for alt in av[1] for o, _ in _flat(alt)):
        return ["".join(chr(c) for _, c in _flat(alt)) for alt in av[1]]
    return None


def _flat(items):
    """The items with the groups' own items in their place (a group is matched where it stands)."""
    for op, av in items:
        if op is SUBPATTERN:
            yield from _flat(av[3])
        else:
            yield op, av


def _holds(runs: list[str], words: tuple[str, ...]) -> bool:
    return all(any(w in r for w in words) for r in runs)


@pytest.mark.parametrize("pattern, words", GUARDED, ids=[p.pattern[:24] for p, _ in GUARDED])
def test_a_rules_quick_test_holds_for_every_match_of_its_pattern(pattern, words):
    assert _guaranteed(sre.parse(pattern.pattern), words), f"{pattern.pattern} can match without {words}"


def test_the_proof_refuses_a_pattern_that_can_match_without_the_word():
    assert not _guaranteed(sre.parse(r"主要(原因|理由)"), ("主要原因",))
    assert not _guaranteed(sre.parse(r"(?:截至)?20\d{2}年"), ("截至",))
    assert _guaranteed(sre.parse(r"(比|较)(20\d{2})"), ("比20", "较20"))
    assert not _guaranteed(sre.parse(r"(比|较|与)(20\d{2})"), ("比20", "较20"))
    assert re.search(prose._REASON, "比上年增加10万元，主要原因是人员增加。")  # (the patterns still find)
