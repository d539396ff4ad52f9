"""The printed layout of each table, from a read (or prepared) Document: one path for every kind,
budget or 决算 alike.

A layout is what every output format draws: a title, the 单位 line, header cells (merged where
the official templates merge them), label columns (科目编码, 科目名称) and body lines. Values stay
``Decimal``; a blank stays blank. The rows are the document's own: a layout adds nothing and
recomputes nothing, so that reading a rendered package gives back the same facts.

What a kind prints is its spec (catalog/data/tables.toml: its header tree, label columns, blocks,
what an empty table holds); what a region prints beyond that is its profile (catalog/data/profiles:
order, numbering, titles, a 栏次 row, 行次 columns, a 编制单位 line, its own header trees). The 行次
and 栏次 numbers are printed as text; the readers drop them (read/line_numbers.py).
"""
from __future__ import annotations

from decimal import Decimal

from ..catalog.specs import Profile, TableSpec, profile, spec
from ..catalog.vocabulary import KIND_NAMES, chinese_numeral
from ..model import Document, Row, Table
from ..model.roles import RowRole, role
from . import heads
from .records import Header, Line, TableLayout

__all__ = ["Header", "Line", "TableLayout", "guess_template", "layouts", "table_layout"]


def layouts(doc: Document, template: str | None = None) -> list[TableLayout]:
    """The document's tables in the profile's order (``template``, when it is of the document's
    family: budget or 决算; else as guess_template says), numbered as the profile numbers them."""
    p = profile(template) if template else None
    if p is None or p.family != _family(doc):
        p = profile(guess_template(doc))
    order = {k: i for i, k in enumerate(p.order)}
    sets = {u: i for i, u in enumerate(dict.fromkeys(t.unit for t in doc.tables))}  # a 部门's 汇总, then each unit's
    tables = sorted(doc.tables, key=lambda t: (sets[t.unit], order.get(t.kind, len(order))))
    return [table_layout(doc, t, p.numbering.format(n=n, cn=chinese_numeral(n)), p) for n, t in enumerate(tables, 1)]


def _family(doc: Document) -> str:
    return "final_accounts" if doc.kind == "final_accounts" else "budget"


def guess_template(doc: Document) -> str:
    """The source's own order: a 决算 package has the national one (公开01表 …); of a budget, 财政拨款
    收支总表 first is Chongqing's, 收支总表 first is 143号's."""
    if _family(doc) == "final_accounts":
        return "national_final"
    kinds = [t.kind for t in doc.tables]
    first = next((k for k in kinds if k in ("fiscal_summary", "summary")), "fiscal_summary")
    return "chongqing" if first == "fiscal_summary" else "national"


def title(doc: Document, t: Table, printed: str | None = None) -> str:
    """The unit's name and the table's title: the region's (its profile's), else yusuan's name."""
    return f"{(t.unit or doc.unit).name or ''}{printed or KIND_NAMES.get(t.kind, t.kind)}"


def table_layout(doc: Document, t: Table, number: str, p: Profile) -> TableLayout:
    s = spec(t.kind)
    if s.rows == "sides":
        header, body, labels, ncols = _two_sided(doc, t, s, p)
    elif s.side_blocks:
        header, body, labels, ncols = _side_blocks(t, s)
    else:
        header, body, labels, ncols = _classified(doc, t, s, p)
    note = None
    if not any(isinstance(c, Decimal) and c for line in body for c in line.cells):
        year = f"{doc.year}年度" if doc.year else ""
        note = t.notes[-1] if t.notes else p.layout.statement.format(year=year, what=s.holds)
    rows = max(h.row + h.rowspan for h in header)
    if p.layout.preparer:  # the title the table's own, the unit on the 编制单位 line
        printed, preparer = p.title(t.kind) or t.title, doc.unit.name or ""
    else:  # a unit's own table in a 部门 package names it on the 编制单位 line, as the reader takes it
        printed = title(doc, t, p.title(t.kind))
        preparer = "-".join(x for x in (t.unit.code, t.unit.name) if x) if t.unit is not None else None
    return TableLayout(t.kind, number, printed, t.amount_unit, tuple(header), rows, labels, ncols, tuple(body), note,
                       preparer)


def _tree(t: Table, s: TableSpec, p: Profile):
    """The header tree of the table's value columns (cut to its columns), or None: the kind has
    none, its header is drawn from its column template."""
    head = heads.blocks(p.head(t.kind), s)
    return heads.tree(t, head) if head else None


def _whole_cells(doc: Document) -> bool:
    return doc.layout != "pdf_text"


# --- the shapes ----------------------------------------------------------------------------------
def _classified(doc: Document, t: Table, s: TableSpec, p: Profile) -> tuple[list[Header], list[Line], int, int]:
    """Label columns (none for a table of one row of items) beside the value columns."""
    labels = _label_columns(t, s)
    nodes = _tree(t, s, p)
    cols = heads.columns(nodes) if nodes is not None else list(t.columns)

    def values(rows: int) -> list[Header]:  # reaching down to header row ``rows`` (0: their own depth)
        if nodes is not None:
            return heads.headers(nodes, len(labels), 0, rows or heads.depth(nodes))
        return heads.from_template(t, len(labels), 0, doc.year, _whole_cells(doc), rows)

    header = values(0)
    rows = max((h.row + h.rowspan for h in header), default=1)
    if labels:
        band = p.layout.band if s.band is None else s.band
        if band:  # 科目 over 编码/名称: two rows at least
            rows = max(rows, 2)
            header = [Header(band, 0, 0, 1, len(labels))]
            header += [Header(c.header, 1, i, rows - 1, 1) for i, c in enumerate(labels)]
        else:
            header = [Header(c.header, 0, i, rows) for i, c in enumerate(labels)]
        header += values(rows)
    if p.layout.column_numbers:
        if labels:
            header.append(Header("栏次", rows, 0, 1, len(labels)))
        header += heads.column_numbers(len(labels), 1, len(cols), rows)
    if not labels:
        body = [Line(tuple(r.value(c) for c in cols), 0, True) for r in t.rows]
    else:
        body = [Line(_label_cells(r, labels) + tuple(r.value(c) for c in cols), r.level, r.code == "total")
                for r in t.rows]
    return header, body, len(labels), len(labels) + len(cols)


def _label_columns(t: Table, s: TableSpec) -> list:
    """The kind's label columns; its optional ones (``field?``) together, when some row carries the
    first of them; none for a table of one row of items (the “三公” table)."""
    if s.rows == "items":
        return []
    optional = [c for c in s.labels if c.optional]
    shown = bool(optional) and any(dict(r.extra).get(optional[0].field) for r in t.rows)
    return [c for c in s.labels if not c.optional or shown]


def _code(r: Row) -> str:
    if not r.code or r.code in ("total", "goods", "services", "works"):
        return ""
    return r.code.removeprefix("unit:")


def _label_cells(r: Row, labels: list) -> tuple[str, ...]:
    """A row's label cells: its code, its name, its own fields (a project's 项目类型 and 项目单位); a
    unit's row and the total row print their code in the first column instead."""
    x = dict(r.extra)
    out = []
    for i, c in enumerate(labels):
        if c.field == "name":
            out.append(r.name)
        elif c.field == "code":
            out.append(_code(r))
        elif role(r) in (RowRole.UNIT, RowRole.TOTAL):
            out.append(_code(r) if i == 0 else "")
        else:
            out.append(x.get(c.field, ""))
    return tuple(out)


def _two_sided(doc: Document, t: Table, s: TableSpec, p: Profile) -> tuple[list[Header], list[Line], int, int]:
    """收入 (项目 | its amount) beside 支出 (项目 | the value columns), each with a 行次 column when the
    profile prints them, and a 栏次 row when it prints that."""
    numbered = p.layout.line_numbers
    nodes = _tree(t, s, p)
    cols = heads.columns(nodes) if nodes is not None else list(t.columns)
    n = len(cols)
    income = ["项目"] + (["行次"] if numbered else []) + [s.income]
    spending = ["项目"] + (["行次"] if numbered else [])
    first = len(income) + len(spending)
    header = [Header("收入", 0, 0, 1, len(income)), Header("支出", 0, len(income), 1, len(spending) + n)]
    header += [Header(text, 1, i) for i, text in enumerate(income + spending)]
    if nodes is not None:
        header += heads.headers(nodes, first, 1, 1)
    else:
        header += [Header(heads.label(t, c, _whole_cells(doc)), 1, first + i) for i, c in enumerate(cols)]
    if p.layout.column_numbers:
        blank = [""] if numbered else []
        header += [Header(text, 2, i) for i, text in enumerate(["栏次", *blank, "1", "栏次", *blank])]
        header += heads.column_numbers(first, 2, n, 2)
    lines: list[dict[str, Row]] = []  # the two sides of each printed line
    at: dict[int, int] = {}
    for r in t.rows:
        side, no = r.side or "expenditure", r.source.line or 0
        if no not in at or side in lines[at[no]]:  # a side taken twice on one line: a line of its own
            at[no] = len(lines)
            lines.append({})
        lines[at[no]][side] = r
    incomes = sum(1 for sides in lines if "income" in sides)
    number = {"income": 0, "expenditure": incomes}  # 行次: the income side first, the expenditure side after it
    body = []
    for sides in lines:
        inc, exp = sides.get("income"), sides.get("expenditure")
        cells: tuple = ("", *([""] if numbered else []), None)
        if inc is not None:
            number["income"] += 1
            cells = (inc.name, *([str(number["income"])] if numbered else []), inc.value("total"))
        if exp is not None:
            number["expenditure"] += 1
            cells += (exp.name, *([str(number["expenditure"])] if numbered else [])) + tuple(exp.value(c) for c in cols)
        else:
            cells += ("", *([""] if numbered else [])) + (None,) * n
        total = bool(inc and inc.code == "in.total") or bool(exp and exp.code == "out.total")
        body.append(Line(cells, 0, total))
    return header, body, 1, first + n  # the income side's label; the expenditure label follows its amount


def _side_blocks(t: Table, s: TableSpec) -> tuple[list[Header], list[Line], int, int]:
    """Blocks side by side (人员经费 | 公用经费), each 科目编码 | 科目名称 | its amount: a row in the block
    whose column it has an amount in (in each, when several), else in its economic class's (a row
    without a code in the first, a class no block names in the last); each block's 合计 at the foot."""
    blocks = s.side_blocks
    header = [Header(b.label, 0, 3 * i, 1, 3) for i, b in enumerate(blocks)]
    header += [Header(text, 1, 3 * i + j) for i, b in enumerate(blocks)
               for j, text in enumerate(("科目编码", "科目名称", b.amount))]
    sides: list[list[Row]] = [[] for _ in blocks]
    foot: Row | None = None
    for r in t.rows:
        if r.code == "total":
            foot = r
            continue
        with_amount = [i for i, b in enumerate(blocks) if r.value(b.column) is not None]
        if not with_amount:
            code = (r.code or "")[:3]
            with_amount = [0] if not r.code else [next((i for i, b in enumerate(blocks) if code in b.classes),
                                                       len(blocks) - 1)]
        for i in with_amount:
            sides[i].append(r)
    body = []
    for k in range(max(len(side) for side in sides)):
        cells: tuple = ()
        for side, b in zip(sides, blocks):
            r = side[k] if k < len(side) else None
            cells += (_code(r), r.name, r.value(b.column)) if r is not None else ("", "", None)
        body.append(Line(cells, sides[0][k].level if k < len(sides[0]) else 0))
    if foot is not None:
        body.append(Line(tuple(x for b in blocks for x in (f"{b.label}合计", "", foot.value(b.column))), 0, True))
    return header, body, 2, 3 * len(blocks)
