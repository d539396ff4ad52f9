"""A table's header → its value columns and their printed labels.

The kind's column template (catalog/data/columns.toml) is matched against the header's text: which
columns are printed and in what order, a prior-year block when two years are printed, the two
blocks of a 决算 “三公” table; then each column takes its own header cell as its label.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..catalog.specs import columns as columns_spec, spec as kind_spec
from ..catalog.vocabulary import COLUMN_NAMES, ORDER_BY_HEADER, TEMPLATES, Col, squash
from .measure_blocks import block_columns

YEAR = re.compile(r"(\d{4})年")


@lru_cache(maxsize=16384)
def _found(pattern: str, text: str) -> bool:
    """re.search(pattern, text), kept: the template's patterns meet the same header cells table after table."""
    return _rx(pattern).search(text) is not None


_rx = lru_cache(maxsize=4096)(re.compile)


def resolve_columns(kind: str, header: str) -> tuple[str, ...]:
    return tuple(name for name, _ in columns_of(kind, header))


def columns_of(kind: str, header: str) -> list[tuple[str, str]]:
    """(column, header pattern) in printed order."""
    return list(_columns_of(kind, header))


@lru_cache(maxsize=2048)  # the same headers come back table after table, package after package
def _columns_of(kind: str, header: str) -> tuple[tuple[str, str], ...]:
    return tuple(_columns(kind, header))


def _columns(kind: str, header: str) -> list[tuple[str, str]]:
    template = TEMPLATES.get(kind)
    if template is None:
        return []
    variant = columns_spec().variants.get(kind)
    if variant and variant[0] in header:  # the kind's other template, when the header shows its words
        template = variant[1]
    if kind_spec(kind).side_blocks:  # its rows give every amount its block's column (side_blocks.rows)
        return [(c.name, c.pattern) for c in template]
    cols = _resolve(template, header, kind in ORDER_BY_HEADER) or [(template[0].name, template[0].pattern)]
    if kind_spec(kind).blocks:
        return block_columns(header, cols, kind_spec(kind).blocks) or cols
    if cols[0][0] != "total" and template[0].name == "total":
        cols.insert(0, ("total", template[0].pattern))  # a total column is always printed, whatever its label
    years = sorted({int(y) for y in YEAR.findall(header)})
    if len(years) >= 2:
        distinctive = template[1].pattern if len(template) > 1 else template[0].pattern
        if len(re.findall(distinctive, header)) >= 2:  # a whole prior-year block
            prior = [("prior_year" if c == "total" else f"prior_year.{c}", p) for c, p in cols]
            return prior + cols
        return [("prior_year", rf"{years[0]}年")] + cols
    return cols


def _resolve(nodes: tuple[Col, ...], text: str, by_position: bool) -> list[tuple[str, str]]:
    found: list[tuple[int, list[tuple[str, str]]]] = []
    for node in nodes:
        m = _rx(node.pattern).search(text)
        if not m:
            continue
        rest = text[:m.start()] + text[m.end():]
        kids = _resolve(node.children, rest, by_position) if node.children else []
        own = [(node.name, node.pattern)]
        found.append((m.start(), (own if node.subtotal else []) + kids if kids else own))
    if by_position:
        found.sort(key=lambda f: f[0])
    return [c for _, cols in found for c in cols]


def labels_of(columns: list[tuple[str, str]], header_cells: list[str]) -> tuple[str, ...]:
    """The printed header label of each column: the first unused header cell it matches (one that
    no other column's pattern matches, when there is one: 公务用车运行费 rather than 公务用车购置及
    运行费), else its vocabulary name (a label wrapped over several PDF lines has no single cell)."""
    return _labels_of(tuple(columns), tuple(header_cells))


@lru_cache(maxsize=2048)  # the same header under the same columns, table after table
def _labels_of(columns: tuple[tuple[str, str], ...], header_cells: tuple[str, ...]) -> tuple[str, ...]:
    cells = [squash(c) for c in header_cells if squash(c)]
    patterns = set(p for _, p in columns)
    used: set[int] = set()
    out = []
    for name, pattern in columns:
        hits = [] if name.startswith("prior_year.") else \
            [i for i, c in enumerate(cells) if i not in used and _found(pattern, c)]
        if len(hits) > 1:
            own = [i for i in hits if not any(_found(p, cells[i]) for p in patterns if p != pattern)]
            hits = own or hits
        hit = hits[0] if hits else None
        if hit is not None and name.startswith("prior_year"):
            hit = None if name != "prior_year" else hit
        if hit is not None:
            used.add(hit)
            out.append(cells[hit])
        else:
            base = name.split(".")[-1]
            label = COLUMN_NAMES.get(base, base)
            out.append(("上年" + label) if name.startswith("prior_year.") else label)
    return tuple(out)


# --- columns by position -----------------------------------------------------------------------
_SUBTOTAL = re.compile(r"^(小计|合计)$")


def _flat(nodes: tuple[Col, ...], parents: tuple[Col, ...] = ()) -> list[tuple[Col, tuple[Col, ...]]]:
    out = []
    for node in nodes:
        out.append((node, parents))
        out.extend(_flat(node.children, parents + (node,)))
    return out


def covered(template: tuple[Col, ...], placed: set[str]) -> set[str]:
    """The columns placed, and the groups over them (基本支出 over 人员经费 | 公用经费, printed with no
    小计 of its own)."""
    return set(placed) | {p.name for node, parents in _flat(template) if node.name in placed for p in parents}


def _stack(header: list[tuple[str, ...]], j: int) -> tuple[str, list[str]]:
    """The header cells over column ``j``: its lowest printed cell (the label), and the cells above
    it, top first, a merged cell's text being in its first column: the nearest printed cell to the
    left, unless a group of a row higher up starts between them (a merged cell stays in its group)."""
    low = max((k for k, cells in enumerate(header) if j < len(cells) and squash(cells[j])), default=None)
    if low is None:
        return "", []
    above = []
    for k, cells in enumerate(header[:low]):
        for i in range(min(j, len(cells) - 1), -1, -1):
            if squash(cells[i]):
                if not any(squash(up[x]) for up in header[:k] for x in range(i + 1, min(j, len(up) - 1) + 1)):
                    above.append(squash(cells[i]))
                break
    return squash(header[low][j]), above


def by_blocks(template: tuple[Col, ...], header: list[tuple[str, ...]], positions: list[int],
              blocks: tuple[tuple[str, str], ...]) -> list[tuple[str, str, str]] | None:
    """Columns whose lowest header cell names a block (预算数 | 决算数) under each item (合计, 因公出国
    （境）费, 小计 of 公务用车购置及运行费…), the blocks interleaved item by item: ``prefix.item``
    for each position, ``prefix`` alone under the total. None unless every position is named once."""
    nodes = _flat(template)
    out = []
    for j in positions:
        label, above = _stack(header, j)
        prefix = next((p for word, p in blocks if word in label), None)
        if prefix is None:
            return None
        item = None
        for k in range(len(above) - 1, -1, -1):  # the nearest named header cell above the block word
            text = above[k]
            if _SUBTOTAL.match(text) and k:  # 小计 under a group is the group's; 合计 at the top the total
                item = next((n for n, _ in nodes if n.subtotal and _found(n.pattern, above[k - 1])), None)
            item = item or next((n for n, _ in nodes if _found(n.pattern, text)), None)
            if item is not None:
                break
        if item is None:
            return None
        out.append((prefix if item.name == "total" else f"{prefix}.{item.name}", item.pattern, label))
    names = [c for c, _, _ in out]
    return out if len(set(names)) == len(names) else None


def by_position(template: tuple[Col, ...], header: list[tuple[str, ...]], positions: list[int]) -> \
        list[tuple[str, str, str]] | None:
    """(column, pattern, label) for each value position of a header printed with its empty cells
    (columns placed by where they stand; see _by_position)."""
    found = _by_position(template, tuple(map(tuple, header)), tuple(positions))
    return None if found is None else list(found)


@lru_cache(maxsize=1024)  # a workbook template's header comes back package after package
def _by_position(template: tuple[Col, ...], header: tuple[tuple[str, ...], ...], positions: tuple[int, ...]) -> \
        tuple[tuple[str, str, str], ...] | None:
    """(column, pattern, label) for each value position of a header printed with its empty cells
    (a ruled table, a workbook): each position takes the template column its label names, a
    小计 under a group the group's; a label no column names is a column of its own
    (``col:<label>``), never dropped. None when two positions name the same column."""
    nodes = _flat(template)
    out: list[tuple[str, str, str]] = []
    for j in positions:
        label, above = _stack(header, j)
        chosen = None
        if _SUBTOTAL.match(label) or not label:
            chosen = next((n for n, _ in nodes if n.subtotal and any(_found(n.pattern, a) for a in above)), None)
        if chosen is None and _SUBTOTAL.match(label) and above:  # 小计 under a group header: the group's column
            chosen = next((n for n, _ in nodes if _found(n.pattern, above[-1])), None)
        if chosen is None and label:
            hits = [(n, ps) for n, ps in nodes if _found(n.pattern, label)]
            under = [(n, ps) for n, ps in hits if ps and any(_found(ps[-1].pattern, a) for a in above)]
            chosen = (under or hits or [(None, ())])[0][0]
        if chosen is None and not label:
            chosen = next((n for a in reversed(above) for n, _ in nodes if _found(n.pattern, a)), None)
        if chosen is None:
            name = f"col:{label or (above[-1] if above else j)}"
            out.append((name, re.escape(label) if label else "", label or (above[-1] if above else "")))
        else:
            out.append((chosen.name, chosen.pattern, label or (above[-1] if above else "")))
    names = [c for c, _, _ in out]
    return tuple(out) if len(set(names)) == len(names) else None
