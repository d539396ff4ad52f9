"""Word list numbering (``word/numbering.xml``): the "一、" or "（二）" that Word draws before an
automatically numbered paragraph is not in the paragraph's text, so a narrative whose headings
are numbered by Word would lose its section numbers. This computes them as Word does: counters
per list (abstract numbering), a level restarting the levels below it, ``startOverride``, and
numbering that comes from the paragraph's style (``Heading 1`` numbered in ``styles.xml``).

Only body paragraphs are counted; a list that runs through table cells is numbered as if the
cells were not there.
"""
from __future__ import annotations

import re
from typing import Callable, NamedTuple

from ..catalog.vocabulary import DIGITS, chinese_numeral
from .office import letters

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PPR, NUMPR, NUMID, ILVL, PSTYLE, VAL = (f"{_W}{t}" for t in ("pPr", "numPr", "numId", "ilvl", "pStyle", "val"))


def _letters(n: int) -> str:
    """1 → A, 27 → AA (as spreadsheet columns are named)."""
    return letters(n - 1) if n > 0 else ""


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += numeral * count
    return out


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalEnclosedCircle": lambda n: chr(0x245F + n) if 0 < n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: f"({n})",
    "chineseCounting": chinese_numeral,
    "chineseCountingThousand": chinese_numeral,
    "japaneseCounting": chinese_numeral,
    "taiwaneseCounting": chinese_numeral,
    "ideographDigital": lambda n: "".join(DIGITS[int(d)] for d in str(n)),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[n - 1] if 0 < n <= 10 else str(n),
    "upperLetter": _letters,
    "lowerLetter": lambda n: _letters(n).lower(),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
}
_PLACEHOLDER = re.compile(r"%([1-9])")


class _Level(NamedTuple):
    start: int
    format: str
    text: str
    suffix: str  # tab (Word's default), space or nothing


def _val(el, tag: str, default: str | None = None) -> str | None:
    child = el.find(tag) if el is not None else None
    return child.get(VAL, default) if child is not None else default


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


class Numbering:
    """The numbering of one document, counted paragraph by paragraph in reading order."""

    def __init__(self, numbering, styles=None) -> None:
        self.lists: dict[str, dict[int, _Level]] = {}  # abstractNumId → level → _Level
        self.level_styles: dict[str, tuple[str, int]] = {}  # styleId → (abstractNumId, level)
        for a in numbering.iterchildren(f"{_W}abstractNum"):
            levels = self.lists.setdefault(a.get(f"{_W}abstractNumId", ""), {})
            for lvl in a.iterchildren(f"{_W}lvl"):
                i = _int(lvl.get(f"{_W}ilvl"), 0)
                levels[i] = _Level(_int(_val(lvl, f"{_W}start"), 1), _val(lvl, f"{_W}numFmt", "decimal"),
                                   _val(lvl, f"{_W}lvlText", ""), _val(lvl, f"{_W}suff", "tab"))
                if (style := _val(lvl, PSTYLE)) is not None:
                    self.level_styles[style] = (a.get(f"{_W}abstractNumId", ""), i)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, level → start)
        for n in numbering.iterchildren(f"{_W}num"):
            overrides = {_int(o.get(ILVL), 0): _int(_val(o, f"{_W}startOverride"), -1)
                         for o in n.iterchildren(f"{_W}lvlOverride")}
            self.nums[n.get(NUMID, "")] = (_val(n, f"{_W}abstractNumId", ""),
                                            {i: s for i, s in overrides.items() if s >= 0})
        self.style_nums = _style_numbering(styles) if styles is not None else {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()

    def label(self, p) -> str:
        """The number Word draws before paragraph ``p`` ("" when it has none), counted."""
        ppr = p[0] if len(p) and p[0].tag == PPR else None
        numpr = ppr.find(NUMPR) if ppr is not None else None
        style = _val(ppr, PSTYLE)
        num_id, level = _val(numpr, NUMID), _val(numpr, ILVL)
        if num_id is None and style is not None:
            num_id, style_level = self.style_nums.get(style, (None, None))
            level = level if level is not None else style_level
        if num_id is None or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.lists.get(abstract, {})
        if level is None:
            level = self.level_styles.get(style, ("", 0))[1] if style else 0
        ilvl = _int(level, 0)
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:  # a list instance's startOverride restarts its levels
            self.started.add(num_id)
            for i, start in overrides.items():
                counters[i] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [i for i in counters if i > ilvl]:
            del counters[deeper]
        lvl = levels[ilvl]
        if lvl.format in ("bullet", "none"):
            return ""

        def number(m: re.Match) -> str:
            i = int(m.group(1)) - 1
            shown = levels.get(i, lvl)
            n = counters.get(i, shown.start)
            return _FORMATS.get(shown.format, str)(n) if 0 < n < 4000 else str(n)  # a damaged start

        text = _PLACEHOLDER.sub(number, lvl.text)
        # Word puts a tab after the number; after "一、" or "（二）" it reads as nothing
        return text if lvl.suffix == "nothing" or not text or text[-1] in "、.．)）:：" else text + " "


def _style_numbering(styles) -> dict[str, tuple[str, str | None]]:
    """styleId → (numId, level) for paragraph styles numbered themselves or through ``basedOn``."""
    own: dict[str, tuple[str | None, str | None]] = {}
    based: dict[str, str] = {}
    for s in styles.iterchildren(f"{_W}style"):
        sid = s.get(f"{_W}styleId", "")
        numpr = s.find(f"{PPR}/{NUMPR}")
        if numpr is not None:
            own[sid] = (_val(numpr, NUMID), _val(numpr, ILVL))
        if (base := _val(s, f"{_W}basedOn")) is not None:
            based[sid] = base
    out: dict[str, tuple[str, str | None]] = {}
    for sid in set(own) | set(based):
        seen, cur = set(), sid
        while cur is not None and cur not in own and cur not in seen:  # basedOn chains can loop
            seen.add(cur)
            cur = based.get(cur)
        num_id, level = own.get(cur, (None, None)) if cur is not None else (None, None)
        if num_id is not None and num_id != "0":
            out[sid] = (num_id, level)
    return out
