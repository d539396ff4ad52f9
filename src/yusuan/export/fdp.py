"""The store as a Fiscal Data Package: ``datapackage.json`` + ``budget.csv`` in a directory.

Follows the Fiscal Data Package specification (Frictionless Data / OpenSpending): one tabular
data resource whose ``schema.fields`` declare every CSV column (with FDP 1.0 ``columnType``s),
and a ``model`` (FDP 0.3 style) naming the measure (``amount_cny``, currency CNY, phase
``approved`` for 预算, ``executed`` for 决算) and the dimensions (administrative classification:
the unit; date: the fiscal year; functional classification: 支出功能分类 and its COFOG mapping;
economic classification: 部门预算支出经济分类; the table line). The fiscal year is the calendar
year. Only the latest version of each budget is exported; lost values (``#####``) are left out.
``amount`` is exact as printed in its table's unit; ``amount_cny`` is the same amount in yuan, exact.
"""
from __future__ import annotations

import csv
import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy.engine import Connection

from ..catalog.cofog import cofog
from ..catalog.vocabulary import KIND_NAMES
from ..compare import column_name
from ..serialize import csv_row
from ..store.query import LOST, all_facts

FACTOR = {"万元": Decimal(10000), "元": Decimal(1), "千元": Decimal(1000), "亿元": Decimal(100000000)}
REVENUE_TABLES = frozenset({"revenue"})
FORMS = frozenset({"unit_performance", "project_performance"})

# name, type, Chinese title, FDP 1.0 columnType (None: none applies)
FIELDS: tuple[tuple[str, str, str, str | None], ...] = (
    ("unit_code", "string", "单位编码", "administrative-classification:generic:code"),
    ("unit_name", "string", "单位名称", "administrative-classification:generic:label"),
    ("parent", "string", "部门编码", None),
    ("region", "string", "行政区划", None),
    ("year", "year", "预算年度", "date:fiscal-year"),
    ("kind", "string", "预算/决算", None),
    ("version", "integer", "版本", None),
    ("file", "string", "文件", None),
    ("table", "string", "表", None),
    ("table_name", "string", "表名", None),
    ("direction", "string", "收支方向", None),
    ("row_code", "string", "行编码", None),
    ("row_name", "string", "行名称", None),
    ("functional_code", "string", "支出功能分类编码", "functional-classification:generic:code"),
    ("functional_class", "string", "支出功能分类（类）", "functional-classification:generic:level1:code"),
    ("cofog", "string", "COFOG 编码", "functional-classification:cofog:code"),
    ("cofog_name", "string", "COFOG 名称", "functional-classification:cofog:label"),
    ("economic_code", "string", "支出经济分类编码", "economic-classification:generic:code"),
    ("column", "string", "栏目", None),
    ("column_name", "string", "栏目名称", None),
    ("amount", "number", "金额（原表单位）", None),
    ("amount_unit", "string", "金额单位", None),
    ("amount_cny", "number", "金额（元）", "value"),
)
COLUMNS = tuple(f[0] for f in FIELDS)


def _direction(table: str, row_code: str) -> str:
    if table in FORMS:
        return ""
    if row_code.startswith("in.") or table in REVENUE_TABLES:
        return "revenue"
    return "expenditure"


def _codes(row_code: str) -> tuple[str, str]:
    """(functional code, economic code) of a row; "" where it is not one."""
    if row_code.isdigit() and row_code[0] == "2" and len(row_code) in (3, 5, 7):
        return row_code, ""
    if row_code.isdigit() and row_code[0] in "35" and len(row_code) in (3, 5):
        return "", row_code
    return "", ""


def fdp_row(r: dict) -> dict | None:
    """A stored fact → a row of ``budget.csv``; None for a lost value."""
    if r["amount"] == LOST:
        return None
    functional, economic = _codes(r["row_code"])
    mapped = cofog(functional) if functional else None
    amount = Decimal(r["amount"])
    factor = FACTOR.get(r["amount_unit"], Decimal(1) if not r["amount_unit"] else None)
    return {"unit_code": r["unit_code"], "unit_name": r["unit_name"], "parent": r["parent"], "region": r["region"],
            "year": r["year"], "kind": r["kind"], "version": r["version"], "file": r["file"], "table": r["table"],
            "table_name": KIND_NAMES.get(r["table"], r["table"]), "direction": _direction(r["table"], r["row_code"]),
            "row_code": r["row_code"], "row_name": r["row_name"], "functional_code": functional,
            "functional_class": functional[:3], "cofog": mapped.cofog if mapped else "",
            "cofog_name": mapped.cofog_name if mapped else "", "economic_code": economic, "column": r["column"],
            "column_name": column_name(r["column"]), "amount": str(amount), "amount_unit": r["amount_unit"],
            "amount_cny": "" if factor is None else _plain(amount * factor)}


def _plain(d: Decimal) -> str:
    """An exact decimal without exponent: 2859.58 万元 → 28595800.00 元."""
    return f"{d:f}"


def _field(name, type_, title, column_type) -> dict:
    f = {"name": name, "type": type_, "title": title}
    if type_ == "number":
        f.update(decimalChar=".", groupChar="", bareNumber=True)
    if column_type:
        f["columnType"] = column_type
    return f


def descriptor(years: list[int], phases: set[str], rows: int) -> dict:
    start, end = (min(years), max(years)) if years else (None, None)
    phase = "executed" if phases == {"final_accounts"} else "approved"
    return {
        "profile": "fiscal-data-package",
        "name": "yusuan-budgets",
        "title": "部门预算公开数据（yusuan 导出）",
        "description": "由部门预算、决算公开文件读出的数字，每个印出的单元格一行；每个预算取最新版本。"
                       "amount 为原表单位的精确金额，amount_cny 为折合人民币元的精确金额。",
        "countryCode": "CN",
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        **({"fiscalPeriod": {"start": f"{start}-01-01", "end": f"{end}-12-31"}} if start else {}),
        "resources": [{
            "name": "budget",
            "path": "budget.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "header": True},
            "count_of_rows": rows,
            "schema": {"fields": [_field(*f) for f in FIELDS], "missingValues": [""]},
        }],
        "model": {
            "measures": {
                "amount": {"source": "amount_cny", "title": "金额（元）", "currency": "CNY", "factor": 1,
                           "phase": phase},
            },
            "dimensions": {
                "administrative-classification": {
                    "dimensionType": "classification", "classificationType": "administrative",
                    "attributes": {"code": {"source": "unit_code"},
                                   "name": {"source": "unit_name", "labelfor": "code"},
                                   "parent": {"source": "parent"}},
                    "primaryKey": ["code"]},
                "date": {
                    "dimensionType": "datetime",
                    "attributes": {"year": {"source": "year"}},
                    "primaryKey": ["year"]},
                "functional-classification": {
                    "dimensionType": "classification", "classificationType": "functional",
                    "attributes": {"code": {"source": "functional_code"},
                                   "label": {"source": "row_name", "labelfor": "code"},
                                   "class": {"source": "functional_class"}},
                    "primaryKey": ["code"]},
                "cofog": {
                    "dimensionType": "classification", "classificationType": "functional", "classification": "cofog",
                    "attributes": {"code": {"source": "cofog"}, "label": {"source": "cofog_name", "labelfor": "code"}},
                    "primaryKey": ["code"]},
                "economic-classification": {
                    "dimensionType": "classification", "classificationType": "economic",
                    "attributes": {"code": {"source": "economic_code"},
                                   "label": {"source": "row_name", "labelfor": "code"}},
                    "primaryKey": ["code"]},
                "line": {
                    "dimensionType": "other",
                    "attributes": {"table": {"source": "table"}, "row": {"source": "row_code"},
                                   "column": {"source": "column"}, "direction": {"source": "direction"},
                                   "version": {"source": "version"}, "kind": {"source": "kind"}},
                    "primaryKey": ["table", "row", "column"]},
            },
        },
    }


def write_fdp(conn: Connection, out: Path) -> int:
    """Write ``out/datapackage.json`` and ``out/budget.csv``; → the number of rows."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    years: set[int] = set()
    phases: set[str] = set()
    n = 0
    with open(out / "budget.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in all_facts(conn, latest_only=True):
            row = fdp_row(r)
            if row is None:
                continue
            w.writerow(csv_row(row))
            n += 1
            if r["year"] != "":
                years.add(int(r["year"]))
            phases.add(r["kind"])
    (out / "datapackage.json").write_text(
        json.dumps(descriptor(sorted(years), phases, n), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return n
