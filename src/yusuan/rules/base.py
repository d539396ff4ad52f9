"""What every rule shares: the Rule record, the context it reads, and interval comparison.

A printed value with d decimals stands for value ± 0.5·10⁻ᵈ; a sum of printed values has the
summed interval. Two sides whose intervals overlap are consistent: exactly equal says nothing,
a difference inside the intervals is a rounding tail (尾差, info). Disjoint intervals are an
error. There is no other tolerance (XBRL Calculations 1.1).
"""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import cached_property
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Callable, Iterable, Sequence

from ..catalog import Catalog, load_catalog
from ..catalog.harvest import NO_EXTENSION, Extension
from ..catalog.vocabulary import AMOUNT_UNITS, in_unit
from ..ledger.build import ledger_of
from ..ledger.model import Ledger
from ..model import Document, Row, Source, Table, Unit, Unread, half_ulp, unread
from ..model.money import exponent
from ..model.frozen import record
from ..report import Finding, Severity
from .codes import CODES, Code

ZERO = Decimal(0)  # a blank cell: an exact zero (this object, never a printed "0", which is ± 0.5)


@dataclass(frozen=True)
class Rule:
    code: str  # stable, never reused; its severity and status are in codes.py
    title: str  # one line, Chinese
    what: str  # what it checks
    why: str  # why it matters (the rule or identity behind it)
    example: str  # a real case, usually from a seed
    check: Callable[["Context"], Iterable[Finding]] = field(repr=False, compare=False)
    # what the rule sees in a package with several units' table sets: ``unit`` each set apart, with
    # that unit's own narrative (X: tables compared with each other; N: a narrative speaks of its
    # own unit's tables), ``document`` all of it. "" = by family.
    scope: str = ""

    def __post_init__(self):
        if CODES.get(self.code, Code(None, "retired")).status == "retired":
            raise ValueError(f"rule code {self.code} is not in rules/codes.py or is retired")

    @property
    def severity(self) -> Severity:
        """The severity of a real violation (rounding tails are info)."""
        return CODES[self.code].severity

    @property
    def status(self) -> str:
        return CODES[self.code].status

    @cached_property  # (kept in the instance's __dict__: the record stays frozen and compares as before)
    def per_unit(self) -> bool:
        return (self.scope or ("unit" if self.code[0] in "XN" else "document")) == "unit"


def rule(code: str, title: str, what: str, why: str, example: str, check: Callable[["Context"], Iterable[Finding]],
         scope: str = "") -> Rule:
    return Rule(code, title, what, why, example, check, scope)


def found_by_reader(code: str, title: str, what: str, why: str, example: str) -> Rule:
    """A rule whose findings the readers (or the entries' loader) make where they meet the problem: it
    passes them on, so that they are documented, listed and selected like every other rule's."""
    def check(ctx: "Context") -> Iterable[Finding]:
        return (f for f in ctx.doc.findings if f.code == code)
    return Rule(code, title, what, why, example, check)


@dataclass
class Context:
    """A document and what rules need beside it. Rules do no I/O."""

    doc: Document
    catalog: Catalog = field(default_factory=load_catalog)
    extension: Extension = NO_EXTENSION  # code–name pairs the user trusts (check --catalog)
    partial: bool = False  # some tables left out as misread (R012): what the tables lack is not known
    # rule code → its findings on this context, as check() ran it (a rule that looks at others' reuses them)
    ran: dict[str, list[Finding]] = field(default_factory=dict, repr=False, compare=False)

    def findings_of(self, rule: Rule) -> list[Finding]:
        """``rule``'s findings on this context: those check() made, else made now."""
        return self.ran[rule.code] if rule.code in self.ran else list(rule.check(self))

    def tables(self, kind: str) -> tuple[Table, ...]:
        return self.doc.tables_of(kind)

    def table(self, kind: str) -> Table | None:
        return self.doc.table(kind)

    @property
    def in_wan(self) -> "Context":
        """The document with every amount in 万元: tables printed in 元 beside tables in 万元 (Shanghai's
        “三公” table) and a narrative that states 元 or 亿元 compare as quantities, not as digits. (Made
        once; the context itself is not kept in its own __dict__: a context that refers to itself is
        freed only by the cyclic collector, with all the findings it holds.)"""
        if "_in_wan" not in self.__dict__:
            self.__dict__["_in_wan"] = self._in_wan()
        return self.__dict__["_in_wan"] or self

    def _in_wan(self) -> "Context | None":
        """The context in 万元; None when every amount is in 万元 already."""
        tables = tuple(in_unit(t, "万元") for t in self.doc.tables)
        projects = tuple(_project_in_wan(p) for p in self.doc.projects)
        claims = tuple(_claim_in_wan(c) for c in self.doc.claims)
        if all(a is b for a, b in zip(tables + projects + claims, self.doc.tables + self.doc.projects + self.doc.claims)):
            return None
        return Context(replace(self.doc, tables=tables, projects=projects, claims=claims), self.catalog, self.extension,
                       self.partial)

    @cached_property
    def ledger(self) -> Ledger:
        """The document as a ledger, which cross-table rules ask what another table says."""
        return ledger_of(self.doc)

    @property
    def groups(self) -> tuple["Context", ...]:
        """One context per unit with its own tables and narrative: the package's (with every project,
        as its 汇总 covers them all, and the performance forms), then each unit's set as a document of
        that unit's own only (its projects: those it declares as 申报单位). (Made once; a package of one
        unit is its own only group, not kept: see ``in_wan``.)"""
        if "_groups" not in self.__dict__:
            self.__dict__["_groups"] = self._groups()
        return self.__dict__["_groups"] or (self,)

    def _groups(self) -> tuple["Context", ...]:
        units = self.doc.table_units
        if not units:
            return ()
        d = self.doc
        own = replace(d, tables=tuple(t for t in d.tables if t.unit is None),
                      sections=tuple(s for s in d.sections if s.owner is None),
                      claims=tuple(c for c in d.claims if c.owner is None))
        sets = [replace(d, unit=u, tables=tuple(t for t in d.tables if t.unit == u), performance=None,
                        projects=tuple(p for p in d.projects if _declared_by(p.unit, u)),
                        sections=tuple(s for s in d.sections if s.owner == u),
                        claims=tuple(c for c in d.claims if c.owner == u), findings=()) for u in units]
        return tuple(Context(d, self.catalog, self.extension, self.partial) for d in (own, *sets))


def _claim_in_wan(c):
    """A narrative's amount stated in 元 or 亿元, in 万元 (its printed precision kept: 12,345.67 元
    is 1.234567 万元)."""
    if c.kind not in ("amount", "change") or c.unit not in ("元", "亿元"):
        return c
    return replace(c, amount=c.amount.scaleb(AMOUNT_UNITS[c.unit] - AMOUNT_UNITS["万元"]), unit="万元")


def _project_in_wan(p):
    """A project form's amounts in 万元 (Shanghai's forms print 元)."""
    shift = AMOUNT_UNITS.get(p.amount_unit, 4) - AMOUNT_UNITS["万元"]
    if not shift:
        return p
    return replace(p, amount=p.amount.scaleb(shift) if p.amount is not None else None, amount_unit="万元",
                   funding=tuple((k, v.scaleb(shift)) for k, v in p.funding))


def _declared_by(declared: str | None, u: Unit) -> bool:
    """A project's 申报单位 as printed (``305002-示范市社会保险事务中心`` or a name) names unit ``u``."""
    text = "".join((declared or "").split())
    return bool(text) and (bool(u.code) and text.startswith(u.code + "-") or bool(u.name) and text.endswith(u.name))


@record  # (made for every identity compared: the quick frozen record)
class Verdict:
    kind: str  # equal | tail | error
    diff: Decimal
    slack: Decimal

    @classmethod
    def of(cls, diff: Decimal, slack: Decimal) -> "Verdict":
        """A difference judged by its intervals' slack: none is equal, within the slack a rounding tail."""
        if diff == 0:
            return cls("equal", diff, ZERO)
        return cls("tail" if abs(diff) <= slack else "error", diff, slack)


def compare(lhs: Decimal | None, parts: Sequence[Decimal | None]) -> Verdict:
    """lhs against Σ parts, blanks being zero; the slack is the summed half-units (of no use, so
    not summed, when they are equal: most identities hold). A value that could not be read makes
    the comparison say nothing (counted as skipped for the rule running)."""
    if unread(lhs, *parts):
        state = TALLY.get()
        if state is not None and state.rule is not None:
            tally(state.rule, skipped=True)
        return Verdict("equal", ZERO, ZERO)
    return _judged(lhs, _sum(parts), parts)


def _sum(parts: Sequence[Decimal | None]) -> Decimal:
    """Σ parts, blanks being zero (a plain loop: a generator in ``sum`` costs as much again)."""
    total = ZERO
    for p in parts:
        if p is not None:
            total += p
    return total


def _judged(lhs: Decimal | None, expected: Decimal, parts: Sequence[Decimal | None]) -> Verdict:
    """lhs against ``expected``, its parts' sum; the slack is the summed half-units (of no use, so not
    summed, when they are equal)."""
    diff = (lhs or ZERO) - expected
    if diff == 0:
        return Verdict.of(diff, ZERO)
    slack = ZERO
    for v in (lhs, *parts):
        if v is not None and v is not ZERO:
            slack += half_ulp(v)
    return Verdict.of(diff, slack)


def rounds_to(exact: Decimal, printed: Decimal) -> bool:
    """``exact`` printed to ``printed``'s digits: 四舍五入 (half up) or, at a tie, to even."""
    places = Decimal(1).scaleb(min(printed.as_tuple().exponent, 0))
    return printed in (exact.quantize(places, ROUND_HALF_UP), exact.quantize(places, ROUND_HALF_EVEN))


def rate_check(printed: Decimal, part: Decimal, whole: Decimal) -> tuple[Decimal, Verdict] | None:
    """A printed percentage against part ÷ whole × 100: None when the exact rate rounds to it
    (either way at a tie: 四舍五入 or to even). Otherwise the rate to the printed digits and the
    verdict: a tail when some values of the two amounts, printed rounded too, give the printed
    rate; an error when none do."""
    exact = part * 100 / whole
    places = Decimal(1).scaleb(min(printed.as_tuple().exponent, 0))
    if rounds_to(exact, printed):
        return None
    h = half_ulp(printed)
    hp, hw = half_ulp(part), half_ulp(whole)
    lo = (part - hp) * 100 / (whole + hw)
    hi = (part + hp) * 100 / (whole - hw) if whole - hw > 0 else Decimal("Infinity")
    verdict = Verdict("tail" if printed - h <= hi and printed + h >= lo else "error",
                      (printed - exact).quantize(places.scaleb(-2)), h)
    return exact.quantize(places, ROUND_HALF_UP), verdict


def fmt(v: Decimal | None, unit: str = "") -> str:
    """An amount as messages print it: ``2,859.58 万元`` (blank: 空)."""
    if v is None:
        return "空"
    if exponent(v) < -2:  # a 元 amount in 万元: 3,351.3343, not 3,351.334300; 105.00, not 105.000000
        short = v.normalize()
        v = short if exponent(short) < -2 else v.quantize(CENT)
    return f"{v:,} {unit}" if unit else f"{v:,}"


CENT = Decimal("0.01")


def finding(rule: Rule, verdict_or_severity, message: str, source: Source, *, table: str | None = None,
            row: str | None = None, column: str | None = None, expected=None, actual=None) -> Finding:
    """A finding of ``rule``; a rounding tail is reported as info whatever the rule's severity."""
    if isinstance(verdict_or_severity, Verdict):
        severity = Severity.INFO if verdict_or_severity.kind == "tail" else rule.severity
        if verdict_or_severity.kind == "tail":
            message = f"尾差：{message}（差 {verdict_or_severity.diff:+}，在舍入误差 ±{verdict_or_severity.slack} 之内）"
    else:
        severity = verdict_or_severity
    return Finding(rule.code, severity, message, source, table, row, column,
                   None if expected is None else str(expected), None if actual is None else str(actual))


class Tally:
    """What the checks of one ``check()`` did, per rule code: identities compared (``checked``), and those
    skipped because a value in them could not be read or placed (it is reported once, as an R finding);
    and the rule it is running (``compare`` counts a skip for it). One a check, in ``TALLY`` (a context
    variable is set once a check, not once a rule: setting one costs more than many a rule's work). The
    counts are plain dicts, code → count (a Counter's ``+= 1`` costs twice a dict's: every identity is counted)."""

    __slots__ = ("checked", "skipped", "rule")

    def __init__(self):
        self.checked: dict[str, int] = {}
        self.skipped: dict[str, int] = {}
        self.rule: Rule | None = None


TALLY: ContextVar[Tally | None] = ContextVar("tally", default=None)


def tally(rule: Rule, skipped: bool = False) -> None:
    state = TALLY.get()
    if state is not None:
        counts = state.skipped if skipped else state.checked
        counts[rule.code] = counts.get(rule.code, 0) + 1


def judged(rule: Rule, *values) -> bool:
    """False (and counted as skipped) when one of the values could not be read: the check says nothing."""
    if unread(*values):
        tally(rule, skipped=True)
        return False
    tally(rule)
    return True


def identity(rule: Rule, lhs: Decimal | None, parts: Sequence[Decimal | None], message: str, source: Source,
             unit: str = "", **where) -> tuple[Finding, ...]:
    """One finding when lhs ≠ Σ parts (an error, or an info tail); none when equal. ``unit``: the
    amounts' unit (万元), said with them. Skipped when a value in it could not be read. (A rule that
    judges many identities, most of which hold, asks ``holds`` and makes the message only when one
    does not: ``broken``.)"""
    return () if holds(rule, lhs, parts) else (broken(rule, lhs, parts, message, source, unit, **where),)


def holds(rule: Rule, lhs: Decimal | None, parts: Sequence[Decimal | None]) -> bool:
    """Whether lhs = Σ parts, blanks being zero (counted as checked); an identity through a value that
    could not be read says nothing: it holds, counted as skipped. (One pass over the parts, no call a
    value: every identity of a table is asked this.)"""
    skipped = lhs.__class__ is Unread
    expected = ZERO
    for p in parts:
        if p is not None:
            if p.__class__ is Unread:
                skipped = True
            expected += p
    state = TALLY.get()
    if state is not None:
        counts = state.skipped if skipped else state.checked
        counts[rule.code] = counts.get(rule.code, 0) + 1
    return skipped or (lhs or ZERO) == expected


def broken(rule: Rule, lhs: Decimal | None, parts: Sequence[Decimal | None], message: str, source: Source,
           unit: str = "", **where) -> Finding:
    """The finding of an identity that does not ``hold``: lhs against Σ parts, an error or a rounding tail."""
    expected = _sum(parts)
    return finding(rule, _judged(lhs, expected, parts), f"{message}：印为 {fmt(lhs, unit)}，应为 {fmt(expected, unit)}", source,
                   expected=expected, actual=lhs, **where)


def or_zero(v: Decimal | None) -> Decimal:
    """A blank as zero, keeping a value that could not be read (UNREAD) for the checks to skip."""
    return ZERO if v is None else v


def value(row: Row | None, column: str) -> Decimal | None:
    return row.value(column) if row is not None else None


def placed_by_tables(row: Row, col: str) -> bool:
    """The reader chose this value's column by what the other tables print (Cell.placed_by)."""
    cell = row.cell(col)
    return cell is not None and cell.placed_by == "tables"


def cell_source(row: Row, column: str) -> Source:
    c = row.cell(column)
    return c.source if c else row.source.at(column=column)
