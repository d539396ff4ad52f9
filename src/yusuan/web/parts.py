"""What a budget version's public page and API answer are made of, each made from the store alone:

- ``package``: every table as printed and the 情况说明 (render/html.py's page body), or the stored
  figures table by table for a budget stored before whole documents were kept;
- ``figures``: what the charts draw from this version (the 支出 table's 功能分类 rows with their
  totals, its 合计 row's total / 基本 / 项目) and its findings' counts;
- ``api``: the JSON of ``/api/budgets/{code}/{year}``.

Each depends only on the version (its document, facts and findings never change: a new document is
a new version), so web/kept.py keeps them per version. What the page draws from other versions
("三公" over the years, last year's budget) is asked of the store on each render.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.engine import Connection

from ..store import load_document
from ..store.query import BudgetRef, StoredBudget, StoredFact, StoredUnit, load
from ..store.views import budget_dict, budget_tables
from .packing import pack

PARTS = ("package", "figures", "api")
EXPENDITURE = ("expenditure", "general_expenditure")


@dataclass(frozen=True)
class Figures:
    table: str  # the 支出 table the figures are from ("": none)
    rows: dict[str, tuple[str, Decimal | None]]  # 功能分类 code (类, 款, 项) → (name, total)
    whole: dict[str, Decimal | None]  # the table's 合计 row: total, basic, project
    counts: dict[str, int]  # findings by severity: error, warning, info

    def json(self) -> str:
        text = lambda v: None if v is None else str(v)  # noqa: E731  exact decimal text
        return json.dumps({"table": self.table, "rows": [[c, n, text(v)] for c, (n, v) in self.rows.items()],
                           "whole": {k: text(v) for k, v in self.whole.items()}, "counts": self.counts},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, body: str) -> Figures:
        d = json.loads(body)
        dec = lambda v: None if v is None else Decimal(v)  # noqa: E731
        return cls(d["table"], {c: (n, dec(v)) for c, n, v in d["rows"]}, {k: dec(v) for k, v in d["whole"].items()},
                   d["counts"])


def expenditure(b: StoredBudget) -> tuple[str, dict[str, tuple[str, dict[str, Decimal | None]]]]:
    """The functional classification rows of the 支出 table: code → (name, {column: amount})."""
    for table in EXPENDITURE:
        rows: dict[str, tuple[str, dict]] = {}
        for f in b.facts_of(table):
            if f.unit_code is None and f.row_code.isdigit() and len(f.row_code) in (3, 5, 7):
                rows.setdefault(f.row_code, (f.row_name, {}))[1].setdefault(f.column, f.value)
        if rows:
            return table, rows
    return "", {}


def figures(b: StoredBudget) -> Figures:
    table, rows = expenditure(b)
    whole = {c: b.value(table, "total", c) for c in ("total", "basic", "project")} if table else {}
    return Figures(table, {code: (name, cols.get("total")) for code, (name, cols) in rows.items()}, whole,
                   dict(b.findings))


def package(conn: Connection, b: StoredBudget) -> str:
    """Every table as printed and the 情况说明: the rendered package's page body when the store keeps
    the document, else the stored figures table by table."""
    from .pages import ENV
    doc = load_document(conn, b.ref.id)
    if doc is None:  # stored before documents were kept (migration 0006): the stored figures
        return ENV.get_template("facts_tables.html").render(tables=budget_dict(b)["tables"])
    return package_body(doc)


def package_body(doc) -> str:
    """The rendered package's page body: every table as printed and the 情况说明."""
    from ..render.html import body
    return f"\n{body(doc)}\n"  # as it stands between <body> and </body> in the page


SEVERITIES = ("error", "warning", "info")


def read_parts(doc, item):
    """The item with what is made where a file is read (the document is at hand there, not to be
    decoded again): ``pages``, the ``package`` and ``figures`` packed as web/kept.py keeps them, and
    ``api_tables``, the "tables" of the API's JSON (``store.save`` adds what only the store knows and
    keeps the JSON: ``stored_api``). The item as it was when they cannot be made (a visit makes them then)."""
    from dataclasses import replace
    try:
        facts = tuple(StoredFact(f["table_kind"], f["row_code"], f["row_name"], f["column_name"], f["amount"],
                                 f["amount_unit"], f["line"], f["page"], f["sheet"], f["cell"], f["unit_code"],
                                 f["unit_name"]) for f in item.facts)  # as the store gives them back (query.load)
        ref = BudgetRef(0, item.year, item.kind, 0, item.file, 0, item.amount_unit)
        b = StoredBudget(None, ref, facts, _counts(item))
        made = {"package": package_body(doc), "figures": figures(b).json()}
        tables = json.dumps(budget_tables(b), ensure_ascii=False)
    except Exception:  # noqa: BLE001 - a rendering bug must not lose the file: its first visit renders it
        return item
    return replace(item, pages=tuple((part, pack(text)) for part, text in made.items()), api_tables=tables)


def _counts(item) -> tuple[tuple[str, int], ...]:
    """The item's findings by severity, as query.load counts the stored ones."""
    counts = Counter(f["severity"] for f in item.findings)
    return tuple((k, counts.get(k, 0)) for k in SEVERITIES)


def stored_api(item, unit: StoredUnit, ref: BudgetRef) -> bytes:
    """The API's JSON of a file's budget as the store has just stored it (``unit``: its row, ``ref``:
    its version), from the tables made where it was read, packed: what a visit would make."""
    return pack(api_text(StoredBudget(unit, ref, (), _counts(item)), item.api_tables))


def api_budget(b: StoredBudget) -> dict:
    return {**budget_dict(b), "url": f"/units/{b.unit.code}/{b.year}",
            "facts_csv": f"/api/budgets/{b.unit.code}/{b.year}/facts.csv"}


def api_text(b: StoredBudget, tables: str | None = None) -> str:
    """The JSON of ``/api/budgets/{code}/{year}``; ``tables``: its "tables" already as JSON text, put
    where json.dumps would write those of ``b`` (written as json.dumps writes a dict: the same bytes)."""
    d = api_budget(b)
    if tables is None:
        return json.dumps(d, ensure_ascii=False)
    keys = list(d)  # "tables" is neither the first key nor the last: the keys around it, one json.dumps each
    at = keys.index("tables")
    head = json.dumps({k: d[k] for k in keys[:at]}, ensure_ascii=False)
    tail = json.dumps({k: d[k] for k in keys[at + 1:]}, ensure_ascii=False)
    return f'{head[:-1]}, "tables": {tables}, {tail[1:]}'


def make(conn: Connection, unit: StoredUnit, ref: BudgetRef, parts=PARTS) -> dict[str, str]:
    """The parts asked for, made now (the budget's facts read once)."""
    b = load(conn, unit, ref)
    out = {}
    if "package" in parts:
        out["package"] = package(conn, b)
    if "figures" in parts:
        out["figures"] = figures(b).json()
    if "api" in parts:
        out["api"] = api_text(b)
    return out
