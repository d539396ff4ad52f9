"""The “三公” physical counts (团组, 人次, 车辆, 批次) a 决算 prints or states, against the money they
count and against each other: A116 the table's count columns against its 决算数 block, N114 the
narrative's counts against the table's money, N117 the narrative's counts against the table's count
columns (exact: counts are not rounded). The money column of a count is in the block its spec names
决算数 (tables.toml ``blocks``).
"""
from __future__ import annotations

from typing import Iterable

from ..catalog.specs import Kind
from ..catalog.vocabulary import COLUMN_NAMES, COUNT_UNITS
from ..model import unread
from ..report import Severity
from .base import ZERO, Context, finding, fmt, rule, cell_source
from .claims import block_column, coded, printed
from .words import column_label, row_label, table_name

_TABLE = Kind.FINAL_THREE_PUBLIC
# count column → (the item whose money it counts, N114's severity when one is zero and the other is not,
# what is counted: A116 compares the table's own, the stock of cars excepted)
_COUNTED = {"abroad_groups": ("abroad", Severity.ERROR, "因公出国（境）团组"),
            "vehicle_purchase_count": ("vehicle_purchase", Severity.ERROR, "购置公务用车"),
            "reception_batches": ("reception", Severity.WARNING, "国内公务接待批次"),
            "vehicle_stock": ("vehicle_operation", Severity.WARNING, None)}
_PEOPLE = {"abroad_people": "abroad_groups", "reception_people": "reception_batches"}  # 人次 of its groups


# --- A116: the table's counts against its money ------------------------------------------------------
def counts_and_money(ctx: Context) -> Iterable:
    """Money spent with nothing counted, or something counted with no money spent: one of the two
    cells is wrong (a warning: a car paid this year and delivered next is possible, rarely)."""
    for t in ctx.tables(_TABLE):
        for r in t.rows:
            for count, (item, _, what) in _COUNTED.items():
                money = block_column(t.kind, item, "决算数")
                spent, n = r.value(money), r.value(count)
                if what is None or n is None or money not in t.columns or unread(spent, n):
                    continue
                if (spent or ZERO) > 0 and n == 0 or (spent or ZERO) == 0 and n > 0:
                    yield finding(A116, A116.severity, f"{table_name(t)}「{row_label(r)}」{column_label(money)} "
                                  f"{fmt(spent) if spent is not None else '空白'}，{what} {n.normalize():f}",
                                  cell_source(r, count), table=t.kind, row=r.code, column=count,
                                  expected=spent, actual=n)


# --- N114: the narrative's counts against the table's money -----------------------------------------
def stated_counts(ctx: Context) -> Iterable:
    if not coded(ctx):
        return
    stated = [c for c in ctx.doc.claims if c.kind == "count" and c.code]
    for c in stated:
        if c.code in _COUNTED:
            item, severity, _ = _COUNTED[c.code]
            col = block_column(_TABLE, item, "决算数")
            fee, where = printed(ctx, _TABLE, "total", col)
            if fee is not None and (c.amount == 0) != (fee == 0):
                yield finding(N114, severity, f"情况说明“{c.text}”，而{where}为 {fmt(fee)} 万元", c.source,
                              table=_TABLE, row="total", column=col, actual=c.amount)
        if c.code in _PEOPLE:
            groups = next((g for g in stated if g.code == _PEOPLE[c.code] and g.sentence == c.sentence), None)
            if groups is not None and (c.amount < groups.amount or (c.amount == 0) != (groups.amount == 0)):
                yield finding(N114, Severity.ERROR, f"情况说明“{groups.text}”与“{c.text}”不符：人次不能少于"
                              f"{'团组' if c.code == 'abroad_people' else '批次'}数，且二者同为零或同不为零", c.source,
                              actual=c.amount)


# --- N117: the narrative's counts against the table's count columns -----------------------------------
def printed_counts(ctx: Context) -> Iterable:
    t = ctx.table(_TABLE) if coded(ctx) else None
    row = t.row("total") if t is not None else None
    if row is None:
        return
    for c in ctx.doc.claims:
        if c.kind != "count" or c.code not in COUNT_UNITS or c.code not in t.columns:
            continue
        cell = row.value(c.code)
        mine = ZERO if cell is None else cell  # a blank count cell is none, exactly
        if c.amount != mine:
            yield finding(N117, N117.severity, f"情况说明“{c.text}”，而{table_name(t)}{COLUMN_NAMES[c.code]}为 {mine} "
                          f"{COUNT_UNITS[c.code]}", c.source, table=t.kind, row="total", column=c.code,
                          expected=mine, actual=c.amount)


A116 = rule("A116", "决算：“三公”数量与金额不符",
            "“三公”经费支出决算表印有实物量时：有因公出国（境）费决算数就应有团组，有公务用车购置费就应有购置数，"
            "有公务接待费就应有接待批次；反之，数量不为零时费用也不应为零。",
            "花了钱却没有数量，或有数量却没花钱，两个单元格至少一个有误。",
            "公务用车购置费决算数为空白，公务用车购置数 1 辆。", counts_and_money)
N114 = rule("N114", "决算说明的“三公”数量与经费不符",
            "购置公务用车 n 辆与公务用车购置费（一个为零另一个不为零为错误）；公务用车保有量与运行费、公务接待批次与"
            "接待费（同上，为警告）；出国团组数与出国费（错误）；人次不少于团组数、批次数，且同为零或同不为零。",
            "“三公”的实物量与经费要对得上：没买车不会有购置费，没有出国不会有出国费。",
            "“本年购置公务用车1辆”，“三公”经费支出决算表公务用车购置费决算数为空。", stated_counts)

N117 = rule("N117", "决算说明的“三公”数量与表中数量不符",
            "“三公”经费支出决算表印有数量栏（因公出国（境）团组数、人次数，公务用车购置数、保有量，国内公务接待批次、"
            "人次）时，情况说明所说的数量（“团组0个、0人次”“购置公务用车1辆”“保有量为1辆”“接待12批次、86人次”）"
            "与表中数量相同。数量是整数，没有舍入，必须相等；空格为 0。",
            "同一个数量在说明和表中各印一次，必须一致；数量栏不是金额，不参与任何金额合计。",
            "“全年国内公务接待12批次”，“三公”经费支出决算表国内公务接待批次为 15。", printed_counts)

