"""Family A: arithmetic inside one table (DOMAIN.md §2.2)."""
from __future__ import annotations

import functools
import re
from typing import Iterable

from ..catalog.specs import Kind
from ..catalog.vocabulary import RATES, ROW_IDENTITIES, TWO_SIDED, identity_parts
from ..model import Row, Table
from ..model.records import kept
from ..model.roles import RowRole, row_role
from .amounts import cell_value
from .base import ZERO, Context, broken, cell_source, compare, finding, fmt, holds, identity, rule, tally, value
from .words import cell_at, column_label, row_label, table_name

FUNDS = ("general_budget", "gov_fund", "soe")
SOURCES = ("general_budget", "gov_fund", "soe", "special_account", "business", "operating",
           "superior_subsidy", "subordinate", "other")


_NOT_AMOUNTS = re.compile(r"[%％]|率|比例|比重|数量|人数|个数|单价|编制|次数")


def _additive(column: str) -> bool:
    """Amounts that add up the tree: not a rate, nor an unknown column whose label says it counts or
    compares (数量, 比例%)."""
    return column not in RATES and not (column.startswith("col:") and _NOT_AMOUNTS.search(column))


@functools.lru_cache(maxsize=1024)  # (a table's header: the same few, package after package)
def _additive_columns(columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c for c in columns if _additive(c))


def _lost(row: Row, *cols: str) -> bool:
    """A value printed as "#####" cannot be checked (R002 says so); neither can what depends on it."""
    lost = row.lost_columns()  # (asked of every row and column the identities touch: most rows have none)
    return bool(lost) and any(c in lost for c in cols)


_NONE: frozenset[str] = frozenset()


def _union(sets: Iterable[frozenset[str]]) -> frozenset[str]:
    """The columns in any of these rows' sets (lost, placed): most rows have none, and then no new set is made."""
    out = _NONE
    for s in sets:
        if s:
            out = out | s if out else s
    return out


def _marked(rows: Iterable[Row]) -> tuple[frozenset[str], frozenset[str]]:
    """The columns of these rows' lost values and of their values placed by a step (``_union`` of their
    ``lost_columns`` and of their ``placed_columns``), in one pass: every family of rows is asked."""
    lost = placed = _NONE
    for r in rows:
        s = r.lost_columns()
        if s:
            lost = lost | s if lost else s
        s = r.placed_columns()
        if s:
            placed = placed | s if placed else s
    return lost, placed


# --- A101 ---------------------------------------------------------------------------------
def row_totals(ctx: Context) -> Iterable:
    for t in ctx.doc.tables:
        rules = _identities(t)
        if not rules:
            continue
        unknown = [c for c in t.columns if c.startswith("col:")]  # a header word yusuan does not know
        for r in t.rows:
            if r.side == "income" or not r.cells:
                continue
            lost, placed = r.lost_columns(), r.placed_columns()  # (most rows have neither)
            for lhs, rhs in rules:
                if r.cell(lhs) is None and not any(r.cell(c) for c in rhs) or lost and _lost(r, lhs, *rhs):
                    continue
                total, parts = r.value(lhs), r.values(rhs)
                if placed and placed_by("row", (r,), lhs, *rhs) and compare(total, parts).kind == "equal":
                    tally(A101, skipped=True)  # the identity placed these values: it cannot confirm them
                    continue
                extra = [v for v in map(r.value, unknown) if v is not None] if unknown and lhs == "total" else ()
                if extra and compare(total, parts).kind != "equal" and compare(total, parts + extra).kind == "equal":
                    continue  # the unknown column is one more part (其他资金 beside the funds)
                if not holds(A101, total, parts):
                    yield broken(A101, total, parts, f"{cell_at(t, r, lhs)} ≠ {' + '.join(column_label(c) for c in rhs)}",
                                 cell_source(r, lhs), t.amount_unit, table=t.kind, row=r.code, column=lhs)


def placed_by(step: str, rows, *columns: str) -> bool:
    """Whether a value of these rows and columns had its column chosen by ``step`` (Cell.placed_by):
    an identity that holds because it placed the values confirms nothing, and is not counted as checked."""
    for r in rows:  # (plain loops, not a generator: asked of every identity through a placed value)
        placed = r.placed_columns()
        if placed:
            for c in columns:
                if c in placed and r.cell(c).placed_by == step:
                    return True
    return False


def _identities(t: Table) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return _header_identities(t.kind, t.columns)


@functools.lru_cache(maxsize=1024)  # a kind is printed under a few headers: the same answers, package after package
def _header_identities(kind: str, columns: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    for prefix in ("", "prior_year."):
        for lhs, rhs in ROW_IDENTITIES.get(kind, ()):
            name = (prefix + lhs) if prefix and lhs != "total" else ("prior_year" if prefix else lhs)
            printed = {c[len(prefix):] for c in columns if c.startswith(prefix)} if prefix else set(columns)
            parts = tuple(prefix + c for c in identity_parts(kind, rhs, printed))
            if name in columns and parts:
                out.append((name, parts))
    return tuple(out)


# --- A102 / A103: hierarchy and totals ----------------------------------------------------
def _classified(t: Table) -> list[Row]:
    return [r for r in t.rows if row_role(r.code) is RowRole.CLASS and r.side != "income"]


def _tree(rows: tuple[Row, ...]) -> tuple[dict[str, list[Row]], list[Row]]:
    """The rows under each code (those whose nearest printed ancestor it is), and the top rows (no ancestor printed)."""
    codes = {r.code for r in rows}
    children: dict[str, list[Row]] = {}
    tops = []
    for r in rows:
        code = r.code
        # its nearest printed ancestor: 2080101's is 20801, or 208 when 20801 is not printed
        parent = code[:5] if len(code) > 5 and code[:5] in codes else \
            code[:3] if len(code) > 3 and code[:3] in codes else None
        if parent is None:
            tops.append(r)
        else:
            children.setdefault(parent, []).append(r)
    return children, tops


def _trees(t: Table) -> tuple[tuple[dict[str, list[Row]], list[Row]], ...]:
    """``_tree`` of each block of ``t.class_rows()``: made once a table (A102 and A103 both ask)."""
    return kept(t, "class_trees", lambda t: tuple(_tree(block) for block in t.class_rows()))


def hierarchy(ctx: Context) -> Iterable:
    for t in ctx.doc.tables:
        for block, (kids, _) in zip(t.class_rows(), _trees(t)):  # each unit's classes apart in a table by unit
            yield from _hierarchy(t, block, kids)


def _hierarchy(t: Table, block: tuple[Row, ...], kids: dict[str, list[Row]]) -> Iterable:
    columns = _additive_columns(t.columns)
    for parent in block:
        rows = kids.get(parent.code)
        if rows:
            family = (parent, *rows)
            lost, placed = _marked(family)
            for c in columns:
                if c in lost:
                    continue
                total, parts = parent.value(c), [k.value(c) for k in rows]
                if c in placed and placed_by("column", family, c) and compare(total, parts).kind == "equal":
                    tally(A102, skipped=True)  # (a rounding tail it placed within is still said)
                    continue
                if not holds(A102, total, parts):
                    yield broken(A102, total, parts, f"{cell_at(t, parent, c)} ≠ 下级科目之和", cell_source(parent, c),
                                 t.amount_unit, table=t.kind, row=parent.code, column=c)


def totals(ctx: Context) -> Iterable:
    for t in ctx.doc.tables:
        if t.kind in TWO_SIDED:
            continue
        total = t.row("total")
        top = [r for _, tops in _trees(t) for r in tops]
        family = (total, *top) if total is not None and top else ()
        lost, placed = _marked(family)
        for c in _additive_columns(t.columns) if family else ():
            if t.kind == "basic_expenditure" and c in ("personnel", "public"):
                continue  # 人员经费 = 301 + 303 and 公用经费 = 302 + 310 are A104's
            if c in placed and placed_by("column", family, c) and \
                    compare(total.value(c), [r.value(c) for r in top]).kind == "equal":
                tally(A103, skipped=True)
            elif c not in lost:
                lhs, parts = total.value(c), [r.value(c) for r in top]
                if not holds(A103, lhs, parts):
                    yield broken(A103, lhs, parts, f"{cell_at(t, total, c)} ≠ 各类之和", cell_source(total, c),
                                 t.amount_unit, table=t.kind, row="total", column=c)
        if t.kind == "procurement" and total is not None:
            items = [r for r in t.rows if r.code in ("goods", "services", "works")]
            for c in t.columns if items else ():
                lhs, parts = total.value(c), [r.value(c) for r in items]
                if not holds(A103, lhs, parts):
                    yield broken(A103, lhs, parts, f"{cell_at(t, total, c)} ≠ 货物 + 工程 + 服务", cell_source(total, c),
                                 t.amount_unit, table=t.kind, row="total", column=c)


# --- A115: rows by 预算单位 -------------------------------------------------------------------
def _unit_code(r: Row) -> str:
    return r.code.removeprefix("unit:") if r.code else ""


def unit_rows(ctx: Context) -> Iterable:
    """A table by unit (收入总表 / 支出总表 of a 部门): each 部门 row (303) = Σ its 单位 rows (303001,
    303016); 合计 = Σ the top unit rows; a unit row = Σ the classes printed under it."""
    for t in ctx.doc.tables:
        units = [r for r in t.rows if row_role(r.code) is RowRole.UNIT]
        if not units:
            continue
        codes = {_unit_code(r) for r in units}
        checks = []  # (row, parts, what the parts are)
        for dept in (r for r in units if len(_unit_code(r)) == 3):
            kids = [r for r in units if len(_unit_code(r)) == 6 and _unit_code(r)[:3] == _unit_code(dept)]
            if kids:
                checks.append((dept, kids, "所属单位之和"))
        total = t.row("total")
        top = [r for r in units if len(_unit_code(r)) == 3 or _unit_code(r)[:3] not in codes]
        if total is not None and top:
            checks.append((total, top, "各单位之和"))
        for unit, block in _unit_blocks(t):
            tops = _tree(block)[1]
            if tops:
                checks.append((unit, tops, "其下各类之和"))
        columns = [c for c in t.columns if c not in RATES and not c.startswith("prior_year")]
        for row, parts, what in checks:
            lost = _union(r.lost_columns() for r in (row, *parts))
            for c in columns:
                if c in lost or row.cell(c) is None and not any(p.cell(c) for p in parts):
                    continue
                total, values = row.value(c), [p.value(c) for p in parts]
                if not holds(A115, total, values):
                    yield broken(A115, total, values, f"{cell_at(t, row, c)} ≠ {what}", cell_source(row, c),
                                 t.amount_unit, table=t.kind, row=row.code, column=c)


def _unit_blocks(t: Table) -> list[tuple[Row, tuple[Row, ...]]]:
    """Each unit row with the classified rows printed under it (up to the next unit row)."""
    out: list[tuple[Row, list[Row]]] = []
    for r in t.rows:
        if row_role(r.code) is RowRole.UNIT:
            out.append((r, []))
        elif out and row_role(r.code) is RowRole.CLASS and r.side != "income":
            out[-1][1].append(r)
    return [(u, tuple(rows)) for u, rows in out if rows]


# --- A104 / A105: personnel and public funds in the 基本支出表 ------------------------------
def personnel_public(ctx: Context) -> Iterable:
    for t in ctx.tables(Kind.BASIC_EXPENDITURE):
        total = t.row("total")
        if total is None:
            continue
        classes = {r.code: r for r in _classified(t) if len(r.code) == 3}
        for col, codes in (("personnel", ("301", "303")), ("public", ("302", "310", "399"))):
            parts = [value(classes.get(c), "total") for c in codes if c in classes]
            if parts:
                yield from identity(A104, total.value(col), parts,
                                    f"{cell_at(t, total, col)} ≠ {' + '.join(c for c in codes if c in classes)}",
                                    cell_source(total, col), unit=t.amount_unit, table=t.kind, row="total",
                                    column=col)


def misplaced_economic(ctx: Context) -> Iterable:
    wrong = {"301": "public", "303": "public", "302": "personnel", "310": "personnel"}
    for t in ctx.tables(Kind.BASIC_EXPENDITURE):
        for r in _classified(t):
            col = wrong.get(r.code[:3])
            v = r.value(col) if col else None
            if v:
                yield finding(A105, A105.severity,
                              f"{table_name(t)}「{row_label(r)}」属于{'公用' if col == 'personnel' else '人员'}经费，"
                              f"不应列在“{column_label(col)}”栏（列为 {fmt(v, t.amount_unit)}）", cell_source(r, col),
                              table=t.kind, row=r.code, column=col, expected=0, actual=v)


# --- A106–A109: the two-sided tables -------------------------------------------------------
_SOURCE_ROWS = frozenset(f"in.{s}" for s in SOURCES)
_FUND_ROWS = frozenset(f"in.{f}" for f in FUNDS)


def income_side(ctx: Context) -> Iterable:
    for t in ctx.doc.tables:
        if t.kind not in TWO_SIDED:
            continue
        current = t.row("in.current")
        sources = [r for r in t.rows if r.code in _SOURCE_ROWS]
        fiscal = t.row("in.fiscal")  # 一、财政拨款收入 with its three funds under it (Shanghai)
        if fiscal is not None:
            funds = [r for r in sources if r.code in _FUND_ROWS]
            if funds:
                yield from identity(A106, fiscal.value("total"), [r.value("total") for r in funds],
                                    f"{table_name(t)}「{fiscal.name}」≠ 各项财政拨款之和", cell_source(fiscal, "total"),
                                    table=t.kind, row="in.fiscal", column="total")
            sources = [fiscal] + [r for r in sources if r not in funds]
        if current is not None and sources:
            yield from identity(A106, current.value("total"), [r.value("total") for r in sources],
                                f"{table_name(t)}「{current.name}」≠ 各项收入之和", cell_source(current, "total"),
                                unit=t.amount_unit, table=t.kind, row="in.current", column="total")
        carry = t.row("in.carryover")
        parts = [r for r in t.rows if r.code and r.code.startswith("in.carryover.")]
        if carry is not None and parts:
            yield from identity(A106, carry.value("total"), [r.value("total") for r in parts],
                                f"{table_name(t)}「{carry.name}」≠ 各项结转之和", cell_source(carry, "total"),
                                unit=t.amount_unit, table=t.kind, row="in.carryover", column="total")
        grand = t.row("in.total")
        if grand is not None:
            base = [current.value("total")] if current is not None else [r.value("total") for r in sources]
            yield from identity(A106, grand.value("total"),
                                base + [cell_value(t, "in.carryover"), cell_value(t, "in.business_fund"),
                                        cell_value(t, "in.non_fiscal_balance")],
                                f"{table_name(t)}「{grand.name}」≠ 本年收入 + 上年结转", cell_source(grand, "total"),
                                unit=t.amount_unit, table=t.kind, row="in.total", column="total")


def expenditure_side(ctx: Context) -> Iterable:
    for t in ctx.doc.tables:
        if t.kind not in TWO_SIDED:
            continue
        classes = [r for r in t.rows if r.side == "expenditure" and row_role(r.code) is RowRole.CLASS]
        current, grand = t.row("out.current"), t.row("out.total")
        carry = t.row("out.carry_forward")
        for c in t.columns:
            if current is not None and classes:
                lhs, parts = current.value(c), [r.value(c) for r in classes]
                if not holds(A107, lhs, parts):
                    yield broken(A107, lhs, parts, f"{cell_at(t, current, c)} ≠ 各类支出之和", cell_source(current, c),
                                 t.amount_unit, table=t.kind, row="out.current", column=c)
            if grand is not None and (current is not None or classes):
                base = [current.value(c)] if current is not None else [r.value(c) for r in classes]
                lhs, parts = grand.value(c), base + [value(carry, c), value(t.row("out.balance_distribution"), c)]
                if not holds(A107, lhs, parts):
                    yield broken(A107, lhs, parts, f"{cell_at(t, grand, c)} ≠ 本年支出 + 结转下年", cell_source(grand, c),
                                 t.amount_unit, table=t.kind, row="out.total", column=c)


def balance(ctx: Context) -> Iterable:
    for t in ctx.doc.tables:
        if t.kind not in TWO_SIDED:
            continue
        income, spending = t.row("in.total"), t.row("out.total")
        if income is not None and spending is not None:
            yield from identity(A108, income.value("total"), [spending.value("total")],
                                f"{table_name(t)}收入总计 ≠ 支出总计", cell_source(income, "total"),
                                unit=t.amount_unit, table=t.kind, row="in.total", column="total")


def fund_balance(ctx: Context) -> Iterable:
    for t in ctx.tables(Kind.FISCAL_SUMMARY):
        current = t.row("out.current")
        # 本年支出 is its row, or the sum of the classes when the table prints no such row
        spending = [current] if current is not None else \
            [r for r in t.rows if r.side == "expenditure" and row_role(r.code) is RowRole.CLASS]
        if not spending:
            continue
        for f in FUNDS:  # each fund balances: 本年收入 + 上年结转 = 本年支出 + 结转下年 (I4.7)
            inc = [cell_value(t, f"in.{f}"), cell_value(t, f"in.carryover.{f}")]
            out = [r.value(f) for r in spending] + [cell_value(t, "out.carry_forward", f)]
            lhs = sum((v for v in inc if v is not None), ZERO)
            if any(v is not None for v in inc + out) and not holds(A109, lhs, out):
                yield broken(A109, lhs, out, f"{table_name(t)}“{column_label(f)}”：本年收入 + 上年结转 ≠ 本年支出 + 结转下年",
                             cell_source(spending[0], f), t.amount_unit, table=t.kind, row="out.current", column=f)


# --- A110 / A111: projects and the 整体绩效 table ----------------------------------------------
def project_funding(ctx: Context) -> Iterable:
    for p in ctx.doc.projects:
        if p.amount is None or not any(v for _, v in p.funding):
            continue  # no source read with money in it: nothing to weigh the amount against
        yield from identity(A110, p.amount, [v for _, v in p.funding],
                            f"项目「{p.name}」当年预算 ≠ {' + '.join(k for k, _ in p.funding)}", p.source,
                            unit=p.amount_unit or "万元", table="project_performance", row=p.code, column="total")


_FUNDS = {"total": "预算支出总额", "basic": "基本支出", "project": "项目支出"}
_FUNDS.update({f"{part}.{k}": f"{_FUNDS[part]}{name}" for part in ("basic", "project")
               for k, name in (("fiscal", "财政拨款"), ("special_account", "专户资金"), ("unit_funds", "单位资金"))})


def unit_performance_split(ctx: Context) -> Iterable:
    perf = ctx.doc.performance
    if perf is None or not perf.amounts:
        return
    a = dict(perf.amounts)
    checks = (("total", ("basic", "project")),
              ("basic", ("basic.fiscal", "basic.special_account", "basic.unit_funds")),
              ("project", ("project.fiscal", "project.special_account", "project.unit_funds")))
    for lhs, rhs in checks:
        if lhs in perf.lost or any(r in perf.lost for r in rhs) or lhs not in a or not any(r in a for r in rhs):
            continue  # a lost value (R002) cannot be checked; a lone 支出预算数 has no parts
        yield from identity(A111, a.get(lhs), [a.get(r) for r in rhs],
                            f"整体绩效目标表{_FUNDS[lhs]} ≠ {' + '.join(_FUNDS[r] for r in rhs)}", perf.source,
                            unit=perf.amount_unit, table="unit_performance", row="funds", column=lhs)



A101 = rule("A101", "行内合计不等于各分项之和",
            "每一行：小计 = 基本支出 + 项目支出；合计 = 人员经费 + 公用经费；三公合计 = 三项之和，"
            "车辆小计 = 购置 + 运行；合计 = 各资金来源之和（收入总表、政府采购表）。",
            "同一行的合计由本行各栏相加而来，是表格的横向勾稽关系：合计与各分项之和不等，说明至少有一个数印错或漏印"
            "。",
            "一般公共预算支出表“2080101 行政运行”：小计 530.70 = 基本支出 530.70 + 项目支出 0（一致）。", row_totals)
A102 = rule("A102", "上级科目不等于下级科目之和",
            "每一列：类 = Σ款，款 = Σ项（功能分类）；类 = Σ款（经济分类）。",
            "功能分类的类、款、项和经济分类的类、款逐级汇总：上级科目的数等于其下级科目之和，这是表格的纵向勾稽关系"
            "。",
            "一般公共预算支出表“210 卫生健康支出”印为 34.92，其下各款 25.91 + 4.16 + 4.86 = 34.93：差 0.0"
            "1，在舍入误差之内，报告为尾差提示。", hierarchy)
A103 = rule("A103", "合计行不等于各类之和",
            "每一列：合计行 = 各类（最上级科目）之和；政府采购 合计 = 货物 + 工程 + 服务。",
            "合计行是各类（最上级科目）的总和；政府采购合计是货物、工程、服务三类之和。",
            "一般公共预算基本支出表：合计 984.28 = 301 工资福利支出 781.86 + 302 商品和服务支出 177.40 + 303"
            " 对个人和家庭的补助 25.02。", totals)
A104 = rule("A104", "人员经费/公用经费合计与经济分类不符",
            "基本支出表：人员经费 = 301 + 303；公用经费 = 302 + 310（+ 399）。",
            "人员经费由 301 工资福利支出和 303 对个人和家庭的补助构成，公用经费由 302 商品和服务支出和 310 资本性支"
            "出构成：两栏合计必须与这些经济分类的合计相等。",
            "一般公共预算基本支出表：人员经费合计印为 806.89，301 + 303 = 806.88：差 0.01，报告为"
            "尾差提示。", personnel_public)
A105 = rule("A105", "经济分类款列错栏",
            "基本支出表：301、303 的款只能在人员经费栏，302、310 的款只能在公用经费栏。",
            "工资福利支出和对个人和家庭的补助属于人员经费，商品和服务支出和资本性支出属于公用经费：列错栏会使人员经"
            "费、公用经费两个合计都失真。",
            "30201 办公费 列在人员经费栏。", misplaced_economic)
A106 = rule("A106", "收入方合计不符",
            "收支总表、财政拨款收支总表的收入方：本年收入 = 各项收入之和；上年结转 = 各项结转之和；"
            "收入总计 = 本年收入 + 上年结转（+ 用事业基金弥补收支差额）。",
            "收入方逐项相加：本年收入是各项收入"
            "之和，上年结转是各项结转之和，收入总计是本年收入与上年结转（及用事业基金弥补收支差额）之和。",
            "财政拨款收支总表：收入总计 3,094.17 = 本年收入 2,627.17 + 上年结转 467.00（一致）。", income_side)
A107 = rule("A107", "支出方合计不符",
            "本年支出 = 各类支出之和（逐列）；支出总计 = 本年支出 + 结转下年。",
            "支出方逐项相加：本年支出是各类"
            "支出之和，支出总计是本年支出与结转下年之和。",
            "财政拨款收支总表：本年支出 4,284.87，各类支出之和 4,284.87（一致）。", expenditure_side)
A108 = rule("A108", "收入总计不等于支出总计",
            "收支总表、财政拨款收支总表：收入总计 = 支出总计。",
            "预算收支平衡：收支总表、财政拨款收支总表的收入总计必须等于支出总计。",
            "财政拨款收支总表：收入合计 2,123.04 = 支出合计 2,123.04（一致）。", balance)
A109 = rule("A109", "单项资金收支不平衡",
            "财政拨款收支总表，每一种资金（一般公共预算、政府性基金、国有资本经营）："
            "本年收入 + 上年结转 = 本年支出 + 结转下年。",
            "一般公共预算、政府性基金预算"
            "、国有资本经营预算分别编制、各自平衡：每一种资金的收入与结转之和等于其支出与结转下年之和。",
            "财政拨款收支总表，一般公共预算：本年收入 2,627.17 + 上年结转 337.00 = 本年支出 2,964.17（"
            "一致）。", fund_balance)
A110 = rule("A110", "项目资金来源之和不等于当年预算",
            "项目支出绩效目标表：当年预算 = 上级资金 + 本级资金 + 其他资金（或本级安排 + 上级补助，"
            "或财政拨款 + 其他资金）。", "项目的当年预算按资金来源分列，各来源之和就是当年预算。",
            "项目“代发企业退休军转干解困补助资金”：当年预算 1,000.30 = 上级资金 530.00 + 本级资金 4"
            "70.30（一致）。", project_funding)
A111 = rule("A111", "整体绩效目标表资金构成不符",
            "整体绩效目标表：预算支出总额 = 基本支出 + 项目支出；基本（项目）支出 = 财政拨款 + 专户资金 + 单位资金。",
            "整体绩效目标表的资金总额分为基本"
            "支出和项目支出，每一部分又按财政拨款、专户资金、单位资金分列，各部分之和必须等于总额。",
            "整体绩效目标表（单位：元）：预算支出总额 42,848,758.19 = 基本支出 8,391,350.69 + 项目支出 34,457,407.50"
            "（一致）。",
            unit_performance_split)

A115 = rule("A115", "部门行或合计行不等于所属单位之和",
            "按预算单位列示的收入总表、支出总表（及收入决算表、支出决算表）：部门行（3 位编码，如 303）= 其所属单位行"
            "（303001、303016…）之和；合计行 = 各部门（或单位）行之和；单位行 = 其下列示的各类科目之和。逐列比较。",
            "部门预算是所属各预算单位预算的汇总。部门编码为 3 位（如 303），所属单位编码为 6 位且以部门编码开头（如 "
            "303016）。",
            "收入预算表：303 新乡市人力资源和社会保障局 11,436.06 = 303016 新乡市社会保险中心 11,436.06（只有一个所"
            "属单位，一致）。",
            unit_rows)

RULES = (A101, A102, A103, A104, A105, A106, A107, A108, A109, A110, A111)
UNIT_RULES = (A115,)  # registered after A112–A114 (balances.py, execution.py), in code order
