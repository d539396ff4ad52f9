"""The levels of government (省级, 市级, 区县级) as data (data/levels.toml): the level of a unit by the
divisions its name begins with, and the level words a text names funding with (区级财政, 市级预算主管部门)."""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

from .vocabulary import squash


@dataclass(frozen=True)
class Level:
    id: str
    name: str  # 区县级
    words: tuple[str, ...]  # 区级, 县级, 区本级 …
    divisions: tuple[str, ...]  # the endings of its divisions: 区, 县, 旗 …


@dataclass(frozen=True)
class Levels:
    levels: tuple[Level, ...]
    skip: tuple[str, ...]  # words before a unit's region (中共)
    not_divisions: tuple[str, ...]  # 社区, 城市: the region ends before them
    zones: tuple[str, ...]  # 开发区, 新区: no level known
    not_cities: tuple[str, ...]  # 市场, 市政: after a 县, the 市 of no city (新乡县市场监督管理局)
    funds: tuple[str, ...]  # the words of funding a level word qualifies (财政, 预算主管部门)
    transfers: tuple[str, ...]  # 转移支付, 补助: money from that level, not the unit's own
    terms: tuple[str, ...]  # the terms whose definition states the unit's own funding
    stated: tuple[str, ...]  # a term whose level is said outright (区级财政拨款收入)


@functools.cache
def levels() -> Levels:
    d = tomllib.loads(resources.files(__package__).joinpath("data/levels.toml").read_text(encoding="utf-8"))
    return Levels(tuple(Level(x["id"], x["name"], tuple(x["words"]), tuple(x["divisions"])) for x in d["level"]),
                  *(tuple(d[k]) for k in ("skip", "not_divisions", "zones", "not_cities", "funds", "transfers", "terms", "stated")))


def one_of(words) -> str:
    """Longest first, so that 自治区级 is not read as 区级 and 财政拨款 not as 财政."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _division() -> re.Pattern:
    return re.compile(rf"\w{{1,7}}?(?P<end>{one_of(e for lv in levels().levels for e in lv.divisions)})")


class UnitLevel(NamedTuple):
    level: Level
    division: str  # the division that decides it: 普陀区
    word: str  # how the unit names its own level: 区级 for a 区, 州级 for a 自治州, 市级 for 辉县市

    def names_own(self, named: "Named") -> bool:
        """Whether a level word names the unit's own level (a county-level city's 市级 does)."""
        return named.level == self.level or named.word == self.word


def unit_level(name: str | None) -> UnitLevel | None:
    """The level of a unit by its name's last division (上海市普陀区人民政府万里街道办事处: 普陀区, 区县级;
    上海市规划和自然资源局: 上海市, 市级). None when the name begins with no division, or with a zone
    whose level varies (平潭综合实验区)."""
    data = levels()
    text = squash(name or "")
    text = next((text[len(w):] for w in data.skip if text.startswith(w)), text)
    pos, last = 0, None  # (the level's division ending, the division's name)
    while (m := _division().match(text, pos)) is not None:
        division, pos = m.group(), m.end()
        if division.endswith(data.zones):
            return None
        if division.endswith(data.not_divisions):
            break
        rest = text[pos:]
        if rest.startswith("市") and not rest.startswith(data.not_cities) and not division.endswith("市"):
            division, pos = division + "市", pos + 1  # 辉县市: a county-level city named after its county
        last = (m.group("end"), division)
    if last is None:
        return None
    end, division = last
    level = next(lv for lv in data.levels if end in lv.divisions)
    ends = sorted((e for lv in data.levels for e in lv.divisions if division.endswith(e)), key=len, reverse=True)
    words = {w for lv in data.levels for w in lv.words}
    return UnitLevel(level, division, next((w for w in (ends[0] + "级", ends[0][-1] + "级") if w in words), level.name))


class Named(NamedTuple):
    word: str  # 市级
    level: Level
    start: int
    end: int  # after the word of funding


@functools.cache
def _named(nouns: tuple[str, ...]) -> re.Pattern:
    words = one_of(w for lv in levels().levels for w in lv.words)
    return re.compile(rf"(?P<word>{words})(?:{one_of(nouns)})")


def levels_named(text: str, nouns: tuple[str, ...]) -> list[Named]:
    """Each level word in ``text`` that qualifies one of ``nouns`` (区级财政, 市级预算主管部门), leaving
    out money that comes down from that level (市级财政转移支付, 市级财政补助)."""
    data = levels()
    return [Named(m.group("word"), next(lv for lv in data.levels if m.group("word") in lv.words), m.start(), m.end())
            for m in _named(nouns).finditer(text) if not text.startswith(data.transfers, m.end())]
