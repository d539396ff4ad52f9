"""Which value columns a table's header names, and where, beyond its words (columns.py): a header
printed with its empty cells, blocks printed interleaved, header cells wrapped around the main line in
text without positions, a column order only the rows' identities tell."""
from __future__ import annotations

import re
from functools import lru_cache

from ..catalog.specs import spec as kind_spec, table_specs
from ..catalog.vocabulary import ORDER_VARIANTS, ROW_IDENTITIES, TEMPLATES, identity_parts, squash
from ..model import classify
from .assign import equal, placements
from .columns import by_blocks, by_position, covered
from .lines import Line, is_number, is_value
from .raw_rows import CODE
from .rows_tsv import LABEL_WORD, label_width

# kinds whose columns are not placed by position: printed in blocks (theirs, below) or unknown
OWN_COLUMNS = frozenset({s.kind for s in table_specs() if s.blocks or s.side_blocks} | {"unknown"})


def positioned(kind: str, header: list[Line], body: list[Line], spec, width: int | None = None) \
        -> tuple[list[int] | None, list | None]:
    """A header printed with its empty cells places its columns itself: the value positions are
    where the rows print numbers, each named by the header cells above it (columns.by_position).
    Used when it names every column the template found by words, in the printed order, or more.
    ``width``: where values start (a two-sided table's expenditure side: after 收入项目 | 金额 | 支出项目)."""
    width = label_width(body, header) if width is None else width
    positions = sorted({j for ln in body for j, c in enumerate(ln.cells[width:], width)
                        if c and (is_value(c) or is_number(c) and not CODE.fullmatch(squash(c)))}
                       | {j for ln in header if ln.positioned for j, c in enumerate(ln.cells[width:], width) if squash(c)})
    if not positions or not header:
        return None, None
    placed = by_position(TEMPLATES[kind], [ln.cells for ln in header], positions)
    if placed is None or not {c for c, _ in spec} <= covered(TEMPLATES[kind], {c for c, _, _ in placed}):
        return None, None
    return positions, placed


def interleaved(kind: str, header: list[Line], body: list[Line]) -> tuple[list[int], list | None]:
    """A table of blocks (its spec's: 预算数, 决算数) printing 预算数 | 决算数 under each item (Shanghai's
    “三公” 决算表) rather than a 预算数 block and a 决算数 block: the columns by where they stand
    (columns.by_blocks)."""
    positions = sorted({j for ln in body for j, c in enumerate(ln.cells) if c and is_number(c)}
                       | {j for ln in header if ln.positioned for j, c in enumerate(ln.cells) if squash(c)})
    return positions, by_blocks(TEMPLATES[kind], [ln.cells for ln in header], positions, kind_spec(kind).blocks)


def wrapped_header_cells(kind: str, header: list[Line], spec: list) -> tuple[list, list[str]]:
    """A tall header cell whose words wrap around the header's main line (附属单位 / 本年收入合计 财政
    拨款收入 … / 上缴收入) comes out of text without positions as a word on a line of its own above
    and the rest on a line below, so its column is missing from the joined header (附属单位上缴收入
    is nowhere in it) or found after the main line's columns (事业单位 / … 其他收入 / 经营收入). The
    two pieces are joined, and the column takes its place in the kind's template order among the
    columns found (where it is printed is not in the text). → the columns, and the joined cells (their
    labels)."""
    template = TEMPLATES[kind]
    any_column = _any_column(kind)
    rank = {n.name: k for k, node in enumerate(template) for n in (node, *node.children)}  # a part: its group's
    near = [[(i, squash(w)) for w in ln.filled] for i, ln in enumerate(header)]  # a line's words, by line
    words = [w for line in near for w in line]
    pieces: dict[str, tuple[int, str, str]] = {}  # column → (lines apart, pattern, the joined cell)
    for i, top in words:
        if len(header[i].filled) > 2:
            continue  # the main line (a piece above it stands alone, or beside a label, 功能分类 | 事业单位)
        if not top or LABEL_WORD.match(top) or any_column.search(top):
            continue  # a header cell of its own, not the first piece of one
        for j, rest in [x for k in range(i + 1, min(i + 4, len(header))) for x in near[k]]:
            node = _joined_column(kind, top, rest)
            if node is None:
                continue
            around = any(len(header[k].filled) >= 3 for k in range(i + 1, j))  # the main line between
            # pieces on lines in a row are joined in the header's text already; the rest alone naming
            # the column is that cell's only when the main line stands between
            if not around and (_found(node.pattern, rest) or node.name in dict(spec)):
                continue
            if j - i < pieces.get(node.name, (99,))[0]:  # the nearest pieces are the cell's
                pieces[node.name] = (j - i, node.pattern, top + rest)
            break
    if not pieces:
        return spec, []
    out = [(c, p) for c, p in spec if c not in pieces]
    for name, (_, pattern, _) in pieces.items():
        before = [k for k, (c, _) in enumerate(out) if rank.get(c, len(template)) < rank[name]]
        out.insert(before[-1] + 1 if before else len(out), (name, pattern))
    return out, [cell for _, _, cell in pieces.values()]


@lru_cache(maxsize=None)
def _any_column(kind: str) -> re.Pattern:
    """One search for whether any of the kind's columns is named (its template's patterns as one)."""
    return re.compile("|".join(f"(?:{node.pattern})" for node in TEMPLATES[kind]))


@lru_cache(maxsize=4096)  # a header's pieces are paired with each word of the lines below, table after table
def _joined_column(kind: str, top: str, rest: str):
    """The template's column the two pieces joined name, the rest taking part in its name; None if none."""
    if not _any_column(kind).search(top + rest):
        return None
    return next((n for n in TEMPLATES[kind] if _spans(n.pattern, top, rest)), None)


def _found(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


def _spans(pattern: str, top: str, rest: str) -> bool:
    """The two pieces joined name the column, the rest taking part in its name."""
    m = re.search(pattern, top + rest)
    return m is not None and m.end() > len(top)


def order_by_rows(kind: str, spec, body: list[Line]) -> list | None:
    """The column order of ORDER_VARIANTS (among those with every column the header names) under which
    every row keeps the kind's row identities, its values placed in order with blanks where they
    were dropped (in text without positions a wrapped header no longer shows the order); None when
    no row decides, or when not exactly one order fits."""
    rows = [cells for cells in (tuple(c for c in ln.cells if is_number(c)) for ln in body) if cells]
    patterns = dict(spec)
    fits = []
    for order in ORDER_VARIANTS[kind]:
        if not set(patterns) <= set(order) or not rows or any(len(cells) > len(order) for cells in rows):
            continue
        if all(_fits(kind, order, cells) for cells in rows):
            fits.append(order)
    if len(fits) != 1:
        return None
    return [(c, patterns.get(c, "")) for c in fits[0]]


@lru_cache(maxsize=4096)  # a 类, its 款 and its 项 often print the same numbers
def _fits(kind: str, order: tuple[str, ...], cells: tuple[str, ...]) -> bool:
    """Whether some placement of a row's printed numbers into ``order`` keeps the kind's row identities."""
    vals = [classify(c)[1] for c in cells]
    return any(_holds(kind, order, vec) for vec in placements(vals, len(order)))


def _holds(kind: str, order: tuple[str, ...], values) -> bool:
    at = {c: v for c, v in zip(order, values) if v is not None}
    for lhs, rhs in ROW_IDENTITIES.get(kind, ()):
        parts = [at[c] for c in identity_parts(kind, rhs, at)]
        if lhs in at and parts and not equal(at[lhs], parts, exact=False):
            return False
    return True
