"""A table block's lines → its header, its body (the rows) and the notes under it."""
from __future__ import annotations

import re
from functools import lru_cache

from ..catalog.vocabulary import ORDINAL, squash
from .lines import Line, is_number, is_value
from .raw_rows import CODE, ITEM, TOTAL, side_row
from .segment import Block, unit_label

UNIT = re.compile(r"单位[:：]\s*(万元|元|千元|亿元)")
NOTE = re.compile(r"^(注|备注|说明)[:：]|故此表无数据|此表无数据|无该项")
_PROSE = re.compile(r"，.*[。：:]$")  # a sentence, not a header


@lru_cache(maxsize=8192)  # each line is asked up to three times (header, body, notes)
def is_meta(text: str) -> bool:
    t = squash(text)
    return bool(UNIT.search(t)) or t.startswith("单位名称") or not t or unit_label(t) is not None


@lru_cache(maxsize=8192)
def _is_data(cells: tuple[str, ...]) -> bool:
    if not cells:
        return False
    if any(map(is_value, cells)):
        return True
    first = squash(cells[0])
    if CODE.fullmatch(first):
        return True
    if TOTAL.match(first):
        return all(is_number(c) for c in cells[1:])
    return _strong_side_label(first)


def _lone_header_total(ln: Line, rest: list[Line]) -> bool:
    """A 合计 on its own line is a wrapped header word unless a row follows it."""
    if len(ln.filled) != 1 or not TOTAL.match(squash(ln.text)):
        return False
    nxt = next((x for x in rest if not x.blank), None)
    return nxt is not None and not _is_data(nxt.filled) and not ITEM.match(squash(nxt.filled[0]))


def _strong_side_label(label: str) -> bool:
    """A two-sided row label that cannot be a wrapped header word (一、本年收入, 收入总计)."""
    sr = side_row(label)
    return sr is not None and sr[0] != "total" and (ORDINAL.match(label) is not None or sr[0].endswith("total"))


@lru_cache(maxsize=8192)  # a page's repeated header asks again, and so does every read of a template
def _note_or_sentence(text: str) -> tuple[bool, bool]:
    """Whether a line is a note under the table (注：…, 此表无数据), and whether it reads as a sentence."""
    t = squash(text)
    return NOTE.search(t) is not None, _PROSE.search(t) is not None


def header_body_notes(block: Block) -> tuple[list[Line], list[Line], list[str]]:
    header: list[Line] = []
    body: list[Line] = []
    notes: list[str] = []
    meta: list[tuple[str, ...]] = []  # the 单位 lines above the header, repeated with it at page breaks
    printed: set[tuple[str, ...]] = set()  # the header lines' cells (a repeated one is known by them)
    for p, page in enumerate(block.pages):
        started = False
        for k, ln in enumerate(page):
            if ln.blank:
                continue
            if (not started or ln.filled in meta) and is_meta(ln.text):
                meta.append(ln.filled)
                continue
            note, sentence = _note_or_sentence(ln.text)
            data = _is_data(ln.filled)
            if note or (sentence and not data):
                notes.append(ln.text.strip())  # a note, or a sentence under an empty table (a template's instruction)
                continue
            if not started and (not data or _lone_header_total(ln, page[k + 1:])):
                if p == 0:
                    header.append(ln)
                    printed.add(ln.filled)
                continue  # a repeated header on a following page
            if not data and ln.filled in printed:
                continue  # a header repeated at a page break that did not repeat the title
            started = True
            body.append(ln)
    return header, body, notes
