"""The printed layout of the nine 决算 (final-accounts) tables (DOMAIN.md §6), as the 部门决算
公开 templates draw them: 公开01表 … 公开09表, the title, a 编制单位 line beside the 单位 line,
header bands (本年支出 over 小计/基本支出/项目支出, 预算数 and 决算数 blocks in the “三公” table),
a 栏次 row under the header, a 行次 column in the two total tables, and the 基本支出决算表 in two
blocks (人员经费 codes on the left, 公用经费 codes on the right).

As for the budget tables (layout.py) the rows are the document's own: nothing is added or
recomputed, so that reading the rendered package gives back the same facts. The 行次 and 栏次
numbers are printed as text; the readers drop them (read/final.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..catalog.specs import profile
from ..catalog.vocabulary import COLUMN_NAMES
from ..model import Document, Row, Table
from .layout import Header, Line, TableLayout

FINAL = profile("national_final")  # the 决算 set: its order, numbering and titles (catalog/data/profiles)
_WHAT = {"final_gov_fund": "政府性基金预算财政拨款收入支出", "final_soe": "国有资本经营预算财政拨款支出",
         "final_three_public": "“三公”经费财政拨款支出"}
STATEMENT = "注：本单位{year}无{what}，故此表无数据。"


@dataclass(frozen=True)
class Node:
    """A header cell: a leaf names a value column; a group spans the leaves under it."""

    label: str
    col: str | None = None
    children: tuple["Node", ...] = ()


def _n(label: str, col: str | None = None, *children: Node) -> Node:
    return Node(label, col, children)


_SPENT = (_n("合计", "total"), _n("基本支出", "basic"), _n("项目支出", "project"))
_THREE = (_n("合计", ""), _n("因公出国（境）费", ".abroad"),
          _n("公务用车购置及运行费", None, _n("小计", ".vehicles"), _n("公务用车购置费", ".vehicle_purchase"),
             _n("公务用车运行费", ".vehicle_operation")),
          _n("公务接待费", ".reception"))


def _three_block(label: str, prefix: str) -> Node:
    def walk(node: Node) -> Node:
        col = None if node.col is None else prefix + node.col
        return Node(node.label, col, tuple(walk(c) for c in node.children))
    return Node(label, None, tuple(walk(n) for n in _THREE))


# Per kind: the value columns' header tree, in printed order (DOMAIN.md §6; the 2024 templates)
HEADS: dict[str, tuple[Node, ...]] = {
    "final_summary": (_n("金额", "total"),),
    "final_fiscal_summary": (_n("合计", "total"), _n("一般公共预算财政拨款", "general_budget"),
                             _n("政府性基金预算财政拨款", "gov_fund"), _n("国有资本经营预算财政拨款", "soe")),
    "final_revenue": (_n("本年收入合计", "total"), _n("财政拨款收入", "fiscal"), _n("上级补助收入", "superior_subsidy"),
                      _n("事业收入", "business"), _n("经营收入", "operating"), _n("附属单位上缴收入", "subordinate"),
                      _n("其他收入", "other")),
    "final_expenditure": (_n("本年支出合计", "total"), _n("基本支出", "basic"), _n("项目支出", "project"),
                          _n("上缴上级支出", "to_superior"), _n("经营支出", "operating_expenditure"),
                          _n("对附属单位补助支出", "to_subordinate")),
    "final_general_expenditure": (_n("年初预算数", "initial_budget"), _n("全年预算数", "full_year_budget"),
                                  _n("决算数", None, *_SPENT), _n("完成全年预算（%）", "rate")),
    "final_three_public": (_three_block("预算数", "full_year_budget"), _three_block("决算数", "final")),
    "final_gov_fund": (_n("年初结转和结余", "opening_balance"), _n("本年收入", "current_income"),
                       _n("本年支出", None, _n("小计", "total"), *_SPENT[1:]), _n("年末结转和结余", "closing_balance")),
    "final_soe": (_n("本年支出", None, *_SPENT),),
}
# Tables whose labels are 项目 › 功能分类科目编码 | 科目名称 (the others print 科目编码 | 科目名称)
_UNDER_ITEM = frozenset({"final_revenue", "final_expenditure"})
_NO_COLUMN_NUMBERS = frozenset({"final_basic_expenditure"})  # the two-block table has no 栏次 row


def is_final(doc: Document) -> bool:
    return doc.kind == "final_accounts"


def layouts(doc: Document) -> list[TableLayout]:
    order = {k: i for i, k in enumerate(FINAL.order)}
    tables = sorted(doc.tables, key=lambda t: order.get(t.kind, len(order)))
    return [table_layout(doc, t, FINAL.numbering.format(n=n)) for n, t in enumerate(tables, 1)]


def title(t: Table) -> str:
    return FINAL.title(t.kind) or t.title


def table_layout(doc: Document, t: Table, number: str) -> TableLayout:
    if t.kind == "final_basic_expenditure":
        header, body, labels, ncols = _two_blocks(t)
    elif t.kind in ("final_summary", "final_fiscal_summary"):
        header, body, labels, ncols = _two_sided(t)
    else:
        header, body, labels, ncols = _classified(t)
    note = None
    if not any(isinstance(c, Decimal) and c for line in body for c in line.cells):
        year = f"{doc.year}年度" if doc.year else ""
        note = t.notes[-1] if t.notes else STATEMENT.format(year=year, what=_WHAT.get(t.kind, "该项收支"))
    rows = max(h.row + h.rowspan for h in header)
    return TableLayout(t.kind, number, title(t), t.amount_unit, tuple(header), rows, labels, ncols, tuple(body), note,
                       preparer=doc.unit.name or "")


# --- value headers -------------------------------------------------------------------------------
def _present(node: Node, columns: set[str]) -> Node | None:
    """The node with only the columns the table has; a group left with its own 小计 alone is that
    column under the group's label (决算数 alone, not 决算数 › 合计)."""
    if not node.children:
        return node if node.col in columns else None
    kids = tuple(k for k in (_present(c, columns) for c in node.children) if k is not None)
    if not kids:
        return None
    if len(kids) == 1 and not kids[0].children and kids[0].label in ("合计", "小计"):
        return Node(node.label, kids[0].col)
    return Node(node.label, None, kids)


def _tree(t: Table) -> list[Node]:
    """The kind's header tree cut to the table's columns; a column the tree does not know is a
    leaf of its own at the end, under its printed label."""
    cols = set(t.columns)
    nodes = [n for n in (_present(n, cols) for n in HEADS.get(t.kind, ())) if n is not None]
    known = {leaf.col for n in nodes for leaf in _leaves(n)}
    for c, label in zip(t.columns, t.column_labels):
        if c not in known:
            nodes.append(Node(label or COLUMN_NAMES.get(c.split(".")[-1], c), c))
    return nodes


def _leaves(node: Node) -> list[Node]:
    return [node] if not node.children else [leaf for c in node.children for leaf in _leaves(c)]


def _depth(node: Node) -> int:
    return 1 + max((_depth(c) for c in node.children), default=0)


def _value_headers(nodes: list[Node], col: int, top: int, rows: int) -> list[Header]:
    """Groups merged over their leaves, leaves reaching down to the last of ``rows`` header rows."""
    out: list[Header] = []

    def place(node: Node, row: int, at: int) -> int:
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


def _column_numbers(first: int, start: int, count: int, row: int) -> list[Header]:
    return [Header(str(start + i), row, first + i) for i in range(count)]


def _columns(nodes: list[Node]) -> list[str]:
    return [leaf.col for n in nodes for leaf in _leaves(n)]


# --- the tables -----------------------------------------------------------------------------------
def _classified(t: Table) -> tuple[list[Header], list[Line], int, int]:
    nodes = _tree(t)
    cols = _columns(nodes)
    depth = max((_depth(n) for n in nodes), default=1)
    if t.kind == "final_three_public":  # one row of values, no 科目 columns
        header = _value_headers(nodes, 0, 0, depth)
        header += _column_numbers(0, 1, len(cols), depth)
        body = [Line(tuple(r.value(c) for c in cols), 0, True) for r in t.rows]
        return header, body, 0, len(cols)
    if t.kind in _UNDER_ITEM:
        rows = max(depth, 2)
        header = [Header("项目", 0, 0, 1, 2), Header("功能分类科目编码", 1, 0, rows - 1), Header("科目名称", 1, 1, rows - 1)]
    else:
        rows = depth
        header = [Header("科目编码", 0, 0, rows), Header("科目名称", 0, 1, rows)]
    header += _value_headers(nodes, 2, 0, rows)
    header += [Header("栏次", rows, 0, 1, 2)] + _column_numbers(2, 1, len(cols), rows)
    body = [Line((_code(r), r.name) + tuple(r.value(c) for c in cols), r.level, r.code == "total") for r in t.rows]
    return header, body, 2, 2 + len(cols)


def _code(r: Row) -> str:
    return "" if r.code in (None, "total") else r.code


def _two_sided(t: Table) -> tuple[list[Header], list[Line], int, int]:
    """收入 (项目 | 行次 | 金额) beside 支出 (项目 | 行次 | the value columns); 栏次 under each side."""
    nodes = _tree(t)
    cols = _columns(nodes)
    n = len(cols)
    header = [Header("收入", 0, 0, 1, 3), Header("支出", 0, 3, 1, 2 + n),
              Header("项目", 1, 0), Header("行次", 1, 1), Header("金额", 1, 2),
              Header("项目", 1, 3), Header("行次", 1, 4)]
    header += _value_headers(nodes, 5, 1, 1)
    header += [Header("栏次", 2, 0), Header("", 2, 1), Header("1", 2, 2), Header("栏次", 2, 3), Header("", 2, 4)]
    header += _column_numbers(5, 2, n, 2)
    lines: list[dict[str, Row]] = []  # the two sides of each printed line
    at: dict[int, int] = {}
    for r in t.rows:
        side, no = r.side or "expenditure", r.source.line or 0
        if no not in at or side in lines[at[no]]:  # a side taken twice on one line: a line of its own
            at[no] = len(lines)
            lines.append({})
        lines[at[no]][side] = r
    incomes = sum(1 for sides in lines if "income" in sides)
    body = []
    number = {"income": 0, "expenditure": incomes}  # 行次: the income side first, the expenditure side after it
    for sides in lines:
        inc, exp = sides.get("income"), sides.get("expenditure")
        cells: tuple = ("", "", None)
        if inc is not None:
            number["income"] += 1
            cells = (inc.name, str(number["income"]), inc.value("total"))
        if exp is not None:
            number["expenditure"] += 1
            cells += (exp.name, str(number["expenditure"])) + tuple(exp.value(c) for c in cols)
        else:
            cells += ("", "") + (None,) * n
        total = bool(inc and inc.code == "in.total") or bool(exp and exp.code == "out.total")
        body.append(Line(cells, 0, total))
    return header, body, 1, 5 + n


def _two_blocks(t: Table) -> tuple[list[Header], list[Line], int, int]:
    """人员经费 (科目编码 | 科目名称 | 决算数) beside 公用经费 (the same); the foot prints each
    block's 合计 under it."""
    header = [Header("人员经费", 0, 0, 1, 3), Header("公用经费", 0, 3, 1, 3)]
    header += [Header(text, 1, c) for c, text in enumerate(("科目编码", "科目名称", "决算数") * 2)]
    left: list[Row] = []
    right: list[Row] = []
    foot: Row | None = None
    for r in t.rows:
        if r.code == "total":
            foot = r
        elif r.value("personnel") is not None and r.value("public") is not None:
            left.append(r)  # both: printed in both blocks, each with its own amount
            right.append(r)
        elif r.value("public") is not None:
            right.append(r)
        elif r.value("personnel") is not None or (r.code or "")[:3] in ("301", "303") or not r.code:
            left.append(r)
        else:
            right.append(r)
    body = []
    for k in range(max(len(left), len(right))):
        cells: tuple = ()
        for side, col in ((left, "personnel"), (right, "public")):
            r = side[k] if k < len(side) else None
            cells += (_code(r), r.name, r.value(col)) if r is not None else ("", "", None)
        level = left[k].level if k < len(left) else 0
        body.append(Line(cells, level))
    if foot is not None:
        body.append(Line(("人员经费合计", "", foot.value("personnel"), "公用经费合计", "", foot.value("public")), 0, True))
    return header, body, 2, 6
