"""The printed layout of each standard table, from a read (or prepared) Document.

A layout is what every output format draws: a title, the 单位 line, header cells (merged where
the official templates merge them), label columns (科目编码, 科目名称) and body lines. Values stay
``Decimal``; a blank stays blank. The rows are the document's own: a layout adds nothing and
recomputes nothing, so that reading a rendered package gives back the same facts.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..catalog.specs import profile
from ..catalog.vocabulary import COLUMN_NAMES, KIND_NAMES, REVENUE_WITH_BLOCKS, TEMPLATES, TWO_SIDED
from ..model import Document, Row, Table

NUMERALS = "一二三四五六七八九十"
EMPTY_STATEMENT = "本单位无{what}，故此表无数据。"
_WHAT = {"gov_fund_expenditure": "政府性基金预算收支", "soe_expenditure": "国有资本经营预算收支",
         "procurement": "政府采购预算", "three_public": "“三公”经费预算"}


@dataclass(frozen=True)
class Header:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Line:
    cells: tuple[str | Decimal | None, ...]  # label cells are str, values Decimal, None is blank
    level: int = 0  # 1 类, 2 款, 3 项: how far the name is indented
    total: bool = False


@dataclass(frozen=True)
class TableLayout:
    kind: str
    number: str  # 表一 / 附件4-1
    title: str
    unit: str  # 万元
    header: tuple[Header, ...]
    header_rows: int
    label_cols: int
    ncols: int
    body: tuple[Line, ...]
    note: str | None  # the statement an empty table must carry
    preparer: str | None = None  # the 编制单位 printed beside the 单位 line, the number above the title (决算
    # tables, a unit's own tables in a 部门 package)

    @property
    def sheet(self) -> str:
        name = self.title if self.preparer is not None else KIND_NAMES.get(self.kind, self.kind)  # 决算: the title
        return f"{self.number} {name}"[:31]


def layouts(doc: Document, template: str | None = None) -> list[TableLayout]:
    from . import final  # here: final.py builds on this module's records

    if final.is_final(doc):  # the 决算 package has one standard order: 公开01表 … 公开09表
        return final.layouts(doc)
    p = profile(template or guess_template(doc))
    order = {k: i for i, k in enumerate(p.order)}
    sets = {u: i for i, u in enumerate(dict.fromkeys(t.unit for t in doc.tables))}  # a 部门's 汇总, then each unit's
    tables = sorted(doc.tables, key=lambda t: (sets[t.unit], order.get(t.kind, len(order))))
    return [table_layout(doc, t, p.numbering.format(n=n, cn=_numeral(n)), p.title(t.kind))
            for n, t in enumerate(tables, 1)]


def guess_template(doc: Document) -> str:
    """The source's own order: 财政拨款收支总表 first is Chongqing's, 收支总表 first is 143号's."""
    kinds = [t.kind for t in doc.tables]
    first = next((k for k in kinds if k in ("fiscal_summary", "summary")), "fiscal_summary")
    return "chongqing" if first == "fiscal_summary" else "national"


def _numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    return ("" if n < 20 else NUMERALS[n // 10 - 1]) + "十" + (NUMERALS[n % 10 - 1] if n % 10 else "")


def title(doc: Document, t: Table, printed: str | None = None) -> str:
    """The unit's name and the table's title: the region's (its profile's), else yusuan's name."""
    return f"{(t.unit or doc.unit).name or ''}{printed or KIND_NAMES.get(t.kind, t.kind)}"


def table_layout(doc: Document, t: Table, number: str, printed_title: str | None = None) -> TableLayout:
    if t.kind in TWO_SIDED:
        header, body, labels = _two_sided(t, _whole_cells(doc))
        ncols = 3 + len(t.columns)  # 收入项目 | 预算数 | 支出项目 | values
    else:
        header, body, labels = _classified(doc, t)
        ncols = labels + len(t.columns)
    note = None
    if not any(isinstance(c, Decimal) and c for line in body for c in line.cells):
        note = t.notes[-1] if t.notes else EMPTY_STATEMENT.format(what=_WHAT.get(t.kind, "该项收支"))
    rows = max(h.row + h.rowspan for h in header)
    # a unit's own table in a 部门 package names it on the 编制单位 line, as the reader takes it
    preparer = "-".join(x for x in (t.unit.code, t.unit.name) if x) if t.unit is not None else None
    return TableLayout(t.kind, number, title(doc, t, printed_title), t.amount_unit, tuple(header), rows, labels, ncols,
                       tuple(body), note, preparer)


def _label(t: Table, col: str, printed: bool = True) -> str:
    """The header of a value column: as the source printed it when it printed whole cells (a
    PDF's wrapped header gives only fragments), else the template's name. A prior-year block
    repeats the names under its year."""
    base = col.split(".")[-1]
    if col == "prior_year":
        base = "total"
    if printed and col in t.columns and not col.startswith("prior_year"):
        return t.column_labels[t.columns.index(col)]
    return COLUMN_NAMES.get(base, base)


def _paths(kind: str, columns: list[str]) -> tuple[dict[str, tuple[str, ...]], set[str]]:
    """Each column's chain of group labels, from the kind's header template: wages sits under
    基本支出 › 人员经费; vehicle_purchase under 公务用车购置及运行费; a group's own column (its 小计)
    under the group itself."""
    template = TEMPLATES.get(kind, ())
    if kind == "revenue" and "current" in columns:
        template = REVENUE_WITH_BLOCKS
    out: dict[str, tuple[str, ...]] = {}
    own: set[str] = set()  # group columns printed as the group's 小计

    def walk(nodes, above: tuple[str, ...]):
        for node in nodes:
            group = above + (node.label or COLUMN_NAMES.get(node.name, node.name),)
            if node.children and any(_present(child, columns) for child in node.children):
                if node.name in columns:
                    out[node.name] = group
                    own.add(node.name)
                walk(node.children, group)
            elif node.name in columns:
                out[node.name] = above

    walk(template, ())
    return out, own


def _base(col: str) -> str:
    """A column's name within its block: prior_year.abroad → abroad, prior_year → total."""
    return "total" if col == "prior_year" else col.removeprefix("prior_year.")


def _present(node, columns) -> bool:
    return node.name in columns or any(_present(c, columns) for c in node.children)


def _value_headers(t: Table, first_col: int, top: int, doc_year: int | None, printed: bool,
                   rows: int = 0) -> list[Header]:
    """Value column headers: groups merged over their columns (基本支出 over 小计/人员经费/公用经费,
    a year over each block), leaves at the bottom reaching down to it."""
    cols = list(t.columns)
    blocks = [[c for c in cols if c.startswith("prior_year")], [c for c in cols if not c.startswith("prior_year")]]
    year = t.year or doc_year
    years = bool(blocks[0])
    chain, owns = {}, set()
    for block in blocks:
        names = [_base(c) for c in block]
        p, own = _paths(t.kind, names)
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
            label = "小计" if c in owns else _label(t, c, printed)
            out.append(Header(label, base + len(path), col + i, depth - years - len(path), 1))
        col += len(block)
    return out


def _classified(doc: Document, t: Table) -> tuple[list[Header], list[Line], int]:
    extra = any(dict(r.extra).get("gov_code") for r in t.rows)
    project = t.kind == "project_expenditure"
    if t.kind == "three_public":  # one row of values, no 科目 columns
        header = _value_headers(t, 0, 0, doc.year, _whole_cells(doc))
        return header, [Line(tuple(r.value(c) for c in t.columns), 0, True) for r in t.rows], 0
    if project:
        names = ["项目类型", "项目名称", "项目单位"]
    elif t.kind in ("basic_expenditure", "economic_summary"):
        names = ["科目编码", "科目名称"] + (["政府经济分类编码", "政府经济分类名称"] if extra else [])
    else:
        names = ["科目编码", "科目名称"]
    labels = len(names)
    values = _value_headers(t, labels, 0, doc.year, _whole_cells(doc))
    rows = max(max((h.row + h.rowspan for h in values), default=1), 2)  # 科目 over 编码/名称: two rows at least
    header = [Header("科目" if not project else "项目", 0, 0, 1, labels)]
    header += [Header(n, 1, i, rows - 1, 1) for i, n in enumerate(names)]
    header += _value_headers(t, labels, 0, doc.year, _whole_cells(doc), rows)
    body = [Line(_labels_of(r, names, extra, project) + tuple(r.value(c) for c in t.columns), r.level,
                 r.code == "total") for r in t.rows]
    return header, body, labels


def _labels_of(r: Row, names: list[str], extra: bool, project: bool) -> tuple[str, ...]:
    x = dict(r.extra)
    if project:
        if r.code and r.code.startswith("unit:"):
            return (r.code[5:], r.name, "")
        return (x.get("type", ""), r.name, x.get("unit", "")) if r.code != "total" else ("", r.name, "")
    code = ""
    if r.code and r.code not in ("total", "goods", "services", "works"):
        code = r.code.removeprefix("unit:")
    cells = (code, r.name)
    if extra:
        cells += (x.get("gov_code", ""), x.get("gov_name", ""))
    return cells


def _whole_cells(doc: Document) -> bool:
    return doc.layout != "pdf_text"


def _two_sided(t: Table, printed: bool) -> tuple[list[Header], list[Line], int]:
    n = len(t.columns)
    header = [Header("收入", 0, 0, 1, 2), Header("支出", 0, 2, 1, 1 + n),
              Header("项目", 1, 0), Header("预算数", 1, 1), Header("项目", 1, 2)]
    header += [Header(_label(t, c, printed), 1, 3 + i) for i, c in enumerate(t.columns)]
    lines: dict[int, dict[str, Row]] = {}
    for r in t.rows:
        lines.setdefault(r.source.line or 0, {})[r.side or "expenditure"] = r
    body = []
    for sides in lines.values():
        inc, exp = sides.get("income"), sides.get("expenditure")
        cells: tuple = ((inc.name, inc.value("total")) if inc else ("", None))
        cells += ((exp.name,) + tuple(exp.value(c) for c in t.columns)) if exp else ("",) + (None,) * n
        body.append(Line(cells, 0, bool(inc and inc.code in ("in.total",)) or bool(exp and exp.code == "out.total")))
    return header, body, 1  # the income side's label; the expenditure label sits in column 2
