"""Value-column headers: bands merged over the leaves under them, the leaves reaching down to the
last header row. Drawn from a header tree (a kind's ``head`` in catalog/data/tables.toml, or a
profile's own) with the tree's words, or, for a kind with none, from its column template
(catalog/data/columns.toml) with the words the source printed; and the 栏次 numbers under them.
"""
from __future__ import annotations

from functools import lru_cache

from ..catalog.specs import Col, Head, TableSpec, columns as columns_spec
from ..catalog.vocabulary import COLUMN_NAMES, TEMPLATES
from ..model import Table
from .records import Header


def blocks(head: tuple[Head, ...], spec: TableSpec) -> tuple[Head, ...]:
    """The tree once under each of the kind's blocks (预算数 | 决算数), its columns prefixed; the tree
    itself when the kind prints no blocks."""
    if not spec.blocks:
        return head

    def prefixed(node: Head, prefix: str) -> Head:
        col = None if node.column is None else prefix if node.column == "total" else f"{prefix}.{node.column}"
        return Head(node.label, col, tuple(prefixed(c, prefix) for c in node.children))

    return tuple(Head(label, None, tuple(prefixed(n, prefix) for n in head)) for label, prefix in spec.blocks)


def _present(node: Head, columns: set[str]) -> Head | None:
    """The node with only the columns the table has; a group left with its own 小计 alone is that
    column under the group's label (决算数 alone, not 决算数 › 合计)."""
    if not node.children:
        return node if node.column in columns else None
    kids = tuple(k for k in (_present(c, columns) for c in node.children) if k is not None)
    if not kids:
        return None
    if len(kids) == 1 and not kids[0].children and kids[0].label in ("合计", "小计"):
        return Head(node.label, kids[0].column)
    return Head(node.label, None, kids)


def tree(t: Table, head: tuple[Head, ...]) -> list[Head]:
    """The header tree cut to the table's columns; a column the tree does not know is a leaf of its
    own at the end, under its printed label."""
    cols = set(t.columns)
    nodes = [n for n in (_present(n, cols) for n in head) if n is not None]
    known = {leaf.column for n in nodes for leaf in leaves(n)}
    for c, label in zip(t.columns, t.column_labels):
        if c not in known:
            nodes.append(Head(label or COLUMN_NAMES.get(c.split(".")[-1], c), c))
    return nodes


def leaves(node: Head) -> list[Head]:
    return [node] if not node.children else [leaf for c in node.children for leaf in leaves(c)]


def columns(nodes: list[Head]) -> list[str]:
    return [leaf.column for n in nodes for leaf in leaves(n)]


def depth(nodes: list[Head]) -> int:
    def one(node: Head) -> int:
        return 1 + max((one(c) for c in node.children), default=0)
    return max((one(n) for n in nodes), default=1)


def headers(nodes: list[Head], col: int, top: int, rows: int) -> list[Header]:
    """Groups merged over their leaves, leaves reaching down to the last of ``rows`` header rows."""
    out: list[Header] = []

    def place(node: Head, row: int, at: int) -> int:
        if not node.children:
            out.append(Header(node.label, row, at, top + rows - row, 1))
            return 1
        width = 0
        for child in node.children:
            width += place(child, row + 1, at + width)
        out.append(Header(node.label, row, at, 1, width))
        return width

    for node in nodes:
        col += place(node, top, col)
    return out


def column_numbers(first: int, start: int, count: int, row: int) -> list[Header]:
    """The 栏次 numbers of ``count`` value columns from column ``first``, counting from ``start``."""
    return [Header(str(start + i), row, first + i) for i in range(count)]


# --- from the column template ----------------------------------------------------------------------
def label(t: Table, col: str, printed: bool = True) -> str:
    """The header of a value column: as the source printed it when it printed whole cells (a
    PDF's wrapped header gives only fragments), else the template's name. A prior-year block
    repeats the names under its year."""
    return _label(tuple(t.columns), tuple(t.column_labels), col, printed)


def _label(columns: tuple[str, ...], labels: tuple[str, ...], col: str, printed: bool) -> str:
    base = col.split(".")[-1]
    if col == "prior_year":
        base = "total"
    if printed and col in columns and not col.startswith("prior_year"):
        return labels[columns.index(col)]
    return COLUMN_NAMES.get(base, base)


def _paths(kind: str, columns: list[str]) -> tuple[dict[str, tuple[str, ...]], set[str]]:
    """Each column's chain of group labels, from the kind's header template: wages sits under
    基本支出 › 人员经费; vehicle_purchase under 公务用车购置及运行费; a group's own column (its 小计)
    under the group itself."""
    template = TEMPLATES.get(kind, ())
    variant = columns_spec().variants.get(kind)
    if variant and _names(variant[1]) - _names(template) & set(columns):  # printed with the other template's
        template = variant[1]
    out: dict[str, tuple[str, ...]] = {}
    own: set[str] = set()  # group columns printed as the group's 小计

    def walk(nodes, above: tuple[str, ...]):
        for node in nodes:
            group = above + (node.label or COLUMN_NAMES.get(node.name, node.name),)
            if node.children and any(_printed(child, columns) for child in node.children):
                if node.name in columns:
                    out[node.name] = group
                    own.add(node.name)
                walk(node.children, group)
            elif node.name in columns:
                out[node.name] = above

    walk(template, ())
    return out, own


def _names(nodes: tuple[Col, ...]) -> set[str]:
    return {n.name for n in nodes} | {m for n in nodes for m in _names(n.children)}


def _base(col: str) -> str:
    """A column's name within its block: prior_year.abroad → abroad, prior_year → total."""
    return "total" if col == "prior_year" else col.removeprefix("prior_year.")


def _printed(node, columns) -> bool:
    return node.name in columns or any(_printed(c, columns) for c in node.children)


def from_template(t: Table, first_col: int, top: int, doc_year: int | None, printed: bool,
                   rows: int = 0) -> list[Header]:
    """Value column headers: groups merged over their columns (基本支出 over 小计/人员经费/公用经费,
    a year over each block), leaves at the bottom reaching down to it."""
    labels = tuple(t.column_labels) if printed else ()  # not printed: the template's names, whatever the source's
    return list(_from_template(t.kind, tuple(t.columns), labels, t.year or doc_year, first_col, top, printed, rows))


@lru_cache(maxsize=512)  # the tables of a kind print the same columns in package after package: made once
def _from_template(kind: str, cols: tuple[str, ...], labels: tuple[str, ...], year: int | None, first_col: int,
                   top: int, printed: bool, rows: int) -> tuple[Header, ...]:
    blocks = [[c for c in cols if c.startswith("prior_year")], [c for c in cols if not c.startswith("prior_year")]]
    years = bool(blocks[0])
    chain, owns = {}, set()
    for block in blocks:
        names = [_base(c) for c in block]
        p, own = _paths(kind, names)
        for c, n in zip(block, names):
            chain[c] = p.get(n, ())
            if n in own:
                owns.add(c)
    depth = max(max((len(v) for v in chain.values()), default=0) + 1 + years, rows)
    out: list[Header] = []
    col = first_col
    for b, block in enumerate(blocks):
        if not block:
            continue
        if years:
            out.append(Header(f"{(year or 0) - (1 if b == 0 else 0)}年预算数", top, col, 1, len(block)))
        base = top + years
        for level in range(depth - 1 - years):  # merged group cells, level by level
            i = 0
            while i < len(block):
                path = chain[block[i]]
                if level >= len(path):
                    i += 1
                    continue
                j = i
                while j + 1 < len(block) and chain[block[j + 1]][:level + 1] == path[:level + 1]:
                    j += 1
                out.append(Header(path[level], base + level, col + i, 1, j - i + 1))
                i = j + 1
        for i, c in enumerate(block):  # leaves, reaching down to the last header row
            path = chain[c]
            text = "小计" if c in owns else _label(cols, labels, c, printed)
            out.append(Header(text, base + len(path), col + i, depth - years - len(path), 1))
        col += len(block)
    return tuple(out)
