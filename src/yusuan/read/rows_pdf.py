"""Rows of a table in text without positions (extracted from a PDF): empty cells dropped, long names
wrapped over lines, two-sided tables' labels split between their sides."""
from __future__ import annotations

import re

from ..catalog.names import normalize_name
from ..catalog.vocabulary import ORDINAL, squash
from . import labels as wrapped
from .lines import LOST, Line, is_number
from .raw_rows import ELLIPSIS, ITEM, ORG, TOTAL, RawRow, class_named, is_code, side_row, split_labels

_DASH = re.compile(r"[-—–－]{1,2}")  # printed for nothing (Excel's accounting format prints a zero so)
_LETTER = re.compile(r"[A-Z]")


def name_head_in_header(header: list[Line], rows: list[RawRow], year: int | None) -> bool:
    """The first row's name printed centred over its line (社会保障和就 / 208 754.75 … / 业支出): its
    first words stand on the line above, which looks like the header's last line. Taken back only
    when the catalog's name of the row's code is those words and the row's own."""
    if not header or not rows or len(header[-1].filled) != 1 or not rows[0].code:
        return False
    want = wrapped.catalog_name(rows[0].code, year)
    return want is not None and normalize_name(header[-1].text + rows[0].name) == want \
        and normalize_name(rows[0].name) != want


def _segments(ln: Line) -> list[tuple[list[str], list[str], list[int]]]:
    """Runs of (label tokens, value tokens, gaps before each value)."""
    segs: list[tuple[list[str], list[str], list[int]]] = []
    gaps = list(ln.gaps) + [0] * (len(ln.cells) + 1 - len(ln.gaps))
    for i, tok in enumerate(ln.cells):
        # (the regexes asked only of tokens they can match: “#” in it, at most two characters)
        value = is_number(tok) or "#" in tok and LOST.fullmatch(tok) or segs and len(tok) <= 2 and _DASH.fullmatch(tok)
        if value and not (i == 0 and is_code(tok) and (not segs or not segs[-1][1])) \
                and not (len(segs) == 1 and not segs[0][1] and wrapped.is_code_fragment(tok, segs[0][0])):
            if not segs:
                segs.append(([], [], []))
            segs[-1][1].append(tok)
            segs[-1][2].append(gaps[i])
        else:
            if not segs or segs[-1][1]:
                segs.append(([], [], []))
            segs[-1][0].append(tok)
    if segs:
        segs[-1][2].append(gaps[len(ln.cells)])  # trailing empty cells
    return segs


def _unglued(ln: Line) -> Line:
    cells, at = wrapped.unglue(ln.cells)
    if at is None:
        return ln
    gaps = ln.gaps[:at] + (0,) + ln.gaps[at:] if ln.gaps else ln.gaps
    return ln._replace(cells=cells, gaps=gaps, filled=cells)


def _project_labels(words: list[str]) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """Henan's 项目支出表 without rulings: 类型 | 项目名称 | 项目单位 come as the words of one label.
    They are told apart when the first is a 项目类型 (其他运转类, 特定目标类) and the last a
    unit's name; the words between are the project's name."""
    if len(words) >= 3 and words[0].endswith("类") and ORG.search(squash(words[-1])):
        return "".join(words[1:-1]), (("type", words[0]), ("unit", squash(words[-1])))
    return None


def _ordinals_joined(words: list[str]) -> list[str]:
    """“1.” “一般公共预算资金”: an ordinal printed apart is the start of the label after it."""
    out: list[str] = []
    for w in words:
        if out and ORDINAL.sub("", squash(out[-1])) == "":
            out[-1] += w
        else:
            out.append(w)
    return out


def _rejoined(rows: list[RawRow], pieces: list[str], year: int | None) -> bool:
    """A two-sided table's labels wrapped onto a line of their own (政府性基金预算资 | 社会保障和就业支
    over 金 | 出): each piece goes on the last row of a side whose label it completes, a name that
    side knows when the row's own label is none; two pieces go on the income and the
    expenditure side, one on either."""
    sides = [("income", "expenditure")] if len(pieces) == 2 else [("expenditure",), ("income",)]
    for chosen in sides:
        last = [next((r for r in reversed(rows) if r.side == side), None) for side in chosen]
        if all(r is not None and not _side_label(r.name, side, year) and _side_label(r.name + piece, side, year)
               for r, side, piece in zip(last, chosen, pieces)):
            for r, piece in zip(last, pieces):
                r.name += piece
            return True
    return False


def _side_label(label: str, side: str, year: int | None) -> bool:
    sr = side_row(label)
    if sr and sr[1] in (side, None):
        return True
    return side == "expenditure" and class_named(label, year) is not None


def pdf_rows(body: list[Line], two_sided: bool, year: int | None = None, kind: str = "") -> list[RawRow]:
    rows: list[RawRow] = []
    if two_sided:
        for ln in body:
            pairs: list[tuple[str, list[str], list[int]]] = []  # (label, values, gaps)
            for labels, values, gaps in _segments(ln):
                labels = _ordinals_joined(labels)
                pairs.extend((lab, [], [0]) for lab in labels[:-1])
                pairs.append((labels[-1] if labels else "", values, gaps))
            if len(pairs) <= 2 and not any(values for _, values, _ in pairs) and _rejoined(rows, [p[0] for p in pairs], year):
                continue
            if len(pairs) == 1 and not pairs[0][0] and rows and rows[-1].side == "expenditure" and not rows[-1].values:
                rows[-1].values, rows[-1].gaps = pairs[0][1], tuple(pairs[0][2])  # its values printed between
                continue  # the two lines of its wrapped label (四、文化旅游体育与传媒 / 200,000 200,000 / 支出)
            for k, (label, values, gaps) in enumerate(pairs):
                if len(pairs) > 1:
                    side = "income" if k == 0 else "expenditure"
                else:  # the income side prints one value: more are the expenditure side's (国有资本经营预算 | 231 | 231)
                    sr = side_row(label)
                    side = sr[1] if sr and sr[1] and not (sr[1] == "income" and len(values) > 1) else "expenditure"
                rows.append(RawRow(None, label, values, False, ln.no, side, tuple(gaps)))
        return rows
    open_row: RawRow | None = None
    pending: list[tuple[int, str]] = []  # label-only lines after a row with values: wrapped names

    def flush(next_row: RawRow | None) -> RawRow | None:
        """Give the pending pieces to the row above or below as the catalog says, else make them
        the row they always were."""
        nonlocal pending
        if not pending:
            return None
        pieces = [p for _, p in pending]
        prev = rows[-1] if rows else None
        k = wrapped.split_wrapped(pieces, prev.name if prev else "", prev.code if prev else None,
                                  next_row.name if next_row else "", next_row.code if next_row else None, year)
        made = None
        if k is None and prev is not None and not prev.values and prev.code:
            prev.name += "".join(pieces)  # a row without values (an empty template's): its own name goes on
        elif k is None:
            made = RawRow(None, "".join(pieces), [], False, pending[0][0])
            rows.append(made)
        else:
            if prev is not None:
                prev.name += "".join(pieces[:k])
            if next_row is not None:
                next_row.name = "".join(pieces[k:]) + next_row.name
        pending = []
        return made

    for ln in body:
        if all(ELLIPSIS.match(c) for c in ln.filled):
            continue  # a template's placeholder row (… …), not a piece of a name
        ln = _unglued(ln)
        segs = _segments(ln)
        while len(segs) > 1 and segs[1][0]:  # numbers between names are labels (Henan's 50101 | 工资奖金津补贴)
            segs[0:2] = [(segs[0][0] + segs[0][1] + segs[1][0], segs[1][1], segs[1][2])]
        labels, values, gaps = segs[0] if segs else ([], [], [])
        starts_row = bool(labels) and (is_code(labels[0]) or TOTAL.match(labels[0])
                                       or ITEM.match(labels[0]))
        if (not starts_row and labels and not values and open_row is not None
                and open_row.code and open_row.code.isdigit()) or (pending and not starts_row and labels and not values):
            pending.append((ln.no, "".join(labels)))
            continue
        if pending and not (starts_row and labels and labels[0].isdecimal()):
            open_row = flush(None) or open_row
        if starts_row or open_row is None or (open_row.values and labels):
            if labels and labels[0].isdecimal():
                code, name, extra = split_labels(labels)
            elif labels and _LETTER.fullmatch(labels[0]):
                code, name, extra = labels[0], "".join(labels[1:]), ()
            else:
                code = None
                name, extra = kind == "project_expenditure" and _project_labels(labels) or ("".join(labels), ())
            open_row = RawRow(code, name.replace(" ", "") if code else name, [], False, ln.no, extra=extra)
            flush(open_row)
            rows.append(open_row)
        elif labels:
            open_row.name += "".join(labels)  # a wrapped name
        if values:
            open_row.values.extend(values)
            open_row.gaps = tuple(gaps)
    flush(None)
    return rows
