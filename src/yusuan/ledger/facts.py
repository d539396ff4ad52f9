"""The long-format facts of a document (the ``facts`` contract) and the Budget that holds them.

One fact per printed number: table, row code, column, exact amount in the table's own unit,
and the 预算单位 whose table it is when that is not the document's (a 部门 package's unit sets).
A blank cell is absent, not zero, so it has no fact; a lost value ("#####") has one, with
amount ``#####``, so that it is never silently dropped.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..catalog.vocabulary import column_unit
from ..model import Claim, Document, Performance, Project, Source, Status, Unit
from ..model.frozen import record

FUNDING_COLUMNS = {
    "上级资金": "superior_funds", "上级补助": "superior_funds", "本级资金": "local_funds", "本级安排": "local_funds",
    "其他资金": "other_funds", "财政拨款": "fiscal", "政府预算资金": "fiscal",
    "财政专户管理资金": "special_account", "单位资金": "unit_funds",
}
# the ``facts`` contract; amount_unit and kind were added at the end (scripts reading by name or by the
# first nine positions are unaffected). The store's exports add STORED_COLUMNS (store/query.py).
FACT_COLUMNS = ("file", "unit_code", "unit_name", "year", "table", "row_code", "row_name", "column", "amount",
                "amount_unit", "kind")


@record
class Fact:
    table: str
    row_code: str
    row_name: str
    column: str  # "" when the reader could not place the value (see its R004 finding)
    amount: Decimal | None  # None for a lost value
    unit: str  # 万元 or 元; a count column's own (辆, 个, 批次, 人次: columns.toml [count_units])
    source: Source
    owner: Unit | None = None  # the table's own 预算单位; None: the document's

    def unit_of(self, doc_unit: Unit) -> Unit:
        return self.owner or doc_unit

    @property
    def amount_text(self) -> str:
        return "#####" if self.amount is None else str(self.amount)


@dataclass(frozen=True)
class Budget:
    file: str
    unit: Unit
    year: int | None
    kind: str
    amount_unit: str
    facts: tuple[Fact, ...]
    projects: tuple[Project, ...]
    performance: Performance | None
    claims: tuple[Claim, ...]

    def value(self, table: str, row_code: str, column: str) -> Decimal | None:
        return next((f.amount for f in self.facts
                     if f.table == table and f.row_code == row_code and f.column == column), None)


def facts(doc: Document) -> tuple[Fact, ...]:
    out: list[Fact] = []
    for t in doc.tables:
        for r in t.rows:
            for c in r.cells:
                if c.status in (Status.NUMBER, Status.LOST):
                    out.append(Fact(t.kind, r.code or "", r.name, c.column or "", c.value,
                                    column_unit(c.column or "", t.amount_unit), c.source,
                                    t.unit))
    if doc.performance:
        p = doc.performance
        for name, value in p.amounts:
            out.append(Fact("unit_performance", "funds", "总体资金情况", name, value, p.amount_unit, p.source))
    for pr in doc.projects:
        src = pr.source
        if pr.amount is not None:
            out.append(Fact("project_performance", pr.code or "", pr.name, "total", pr.amount, "万元", src))
        for label, value in pr.funding:
            out.append(Fact("project_performance", pr.code or "", pr.name, FUNDING_COLUMNS.get(label, label),
                            value, "万元", src))
    return tuple(out)


def build_budget(doc: Document) -> Budget:
    return Budget(doc.file, doc.unit, doc.year, doc.kind, doc.amount_unit, facts(doc), doc.projects,
                  doc.performance, doc.claims)
