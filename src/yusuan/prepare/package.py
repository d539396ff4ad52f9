"""Entries → the package: a Document with every table of the region's set derived from the ledger,
the projects' and the unit's performance tables, and the sections only people can write; the
narrative draft (render/narrative.py) then states every number from these tables."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ..catalog.specs import Kind, profile
from ..catalog.vocabulary import COUNT_UNITS
from ..derive.standard import printed, standard_tables
from ..ledger.model import Ledger
from ..model import Claim, Document, Performance, Project, Section, Source
from ..report import Finding
from .entries import FINAL, THREE_COUNTS, Entries
from .ledger import entries_ledger

def _projects(e: Entries) -> tuple[Project, ...]:
    """One form a project: the lines of a project spread over several classes are one project."""
    lines: dict[str, list] = {}
    for p in e.projects:
        lines.setdefault(p.code or p.name, []).append(p)
    out = []
    for same in lines.values():
        # a project's words and indicators are given on any one of its lines
        p = replace(same[0], **{k: next((v for x in same if (v := getattr(x, k))), getattr(same[0], k))
                                for k in ("indicators", "overview", "basis", "schedule", "goal")})
        amount = printed(sum((x.amount for x in same), Decimal(0)))  # the form prints it to the cent
        # the form's 资金来源 is the project's, given on any one of its lines
        funding = next((x.funding for x in same if x.funding), (("本级资金", amount),))
        out.append(Project(p.code, p.name, amount, funding, p.indicators, p.source,
                           "其他运转类" if p.type == "other_operation" else "特定目标类", e.unit.name, None, e.contact,
                           e.phone, p.overview, p.basis, p.schedule, p.goal))
    return tuple(out)


def _performance(e: Entries) -> Performance | None:
    if not e.indicators and not e.goal:
        return None
    # the unit's whole spending: 上缴上级, 经营 and 对附属单位补助支出 too (the 支出总计 it is checked against)
    total = printed(sum((x.amount for x in (*e.basic, *e.projects, *e.other_spending)), Decimal(0)))
    return Performance(e.goal, e.indicators, (("total", total),), e.amount_unit, Source(e.file, cell="/performance"))


def _counts(e: Entries) -> tuple[Claim, ...]:
    """The “三公” counts the entries give (cars owned and bought, groups abroad, receptions), and a 决算's
    机关运行经费, as a narrative states them, coded: the draft says them instead of asking for them."""
    counts = tuple(Claim(a.amount, COUNT_UNITS[a.key], a.key, f"{a.amount}{COUNT_UNITS[a.key]}", a.source, kind="count",
                         code=a.key) for a in e.three_public if a.key in THREE_COUNTS)
    running = e.operation_funds  # a 决算's tables print no 机关运行经费: its draft states it from this claim
    if e.kind == FINAL and running is not None:
        counts += (Claim(running.amount, "万元", "机关运行经费", f"机关运行经费{running.amount}万元", running.source,
                         code="operation_funds"),)
    return counts


def package(e: Entries, region: str | None = None) -> tuple[Document, Ledger]:
    """The package the entries make (laid out by ``region``'s profile, else the entries' own), and their
    ledger."""
    ledger = entries_ledger(e)
    p = profile(region or e.region)
    tables = standard_tables(ledger, p)
    # an empty “三公” table still prints, with its statement (a 决算's always: the renderer states it has no data)
    if e.kind != FINAL and not e.three_public and not e.three_public_prior:
        tables = tuple(t for t in tables if t.kind != Kind.THREE_PUBLIC or t.rows[0].cells)
    # the draft takes people's words from the sections by their titles (职能职责, 机构设置 …)
    sections = tuple(Section("", k, text, 1, Source(e.file, cell=f"/texts/{k}")) for k, text in e.texts)
    # a 决算's project lines are its 项目支出 by class, not the performance forms of a budget
    forms = () if e.kind == FINAL else _projects(e)
    doc = Document(e.file, "prepared", e.unit, e.year, e.kind, e.amount_unit, tables, forms,
                   _performance(e), sections, _counts(e), findings=tuple(f for f in e.findings if isinstance(f, Finding)))
    return doc, ledger
