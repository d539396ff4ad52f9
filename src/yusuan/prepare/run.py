"""Prepare a package and check it as it will be published: the entries' own problems (family E), then,
when the entries have no error, the prepared workbook read back and checked like any package (what a
reviewer will see)."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..read import read_file
from ..model import Document
from ..report import Finding, Report, Severity
from ..rules import check
from .entries import FINAL, Entries
from .load import load_json
from .package import package


@dataclass(frozen=True)
class Prepared:
    entries: Entries
    doc: Document  # the package as prepared
    read_back: Document  # the package as the readers read its workbook
    report: Report  # the entries' findings and the read-back package's
    prior: Document | None = None  # last year's package, for the changes the narrative states
    region: str = "national"  # the profile the package was laid out by

    @property
    def errors(self) -> tuple[Finding, ...]:
        return self.report.errors


def load(path: str) -> Entries:
    """Entries from a JSON file or an entry workbook (by the file's extension)."""
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        from .workbook_reader import load_workbook
        return load_workbook(path)
    return load_json(path)


def prior_package(path: str, region: str = "national") -> Document:
    """Last year's package: entries (JSON) prepared, or a published package read."""
    if Path(path).suffix.lower() == ".json":
        return package(load(path), region)[0]
    return read_file(path)


def prepare(path: str, region: str | None = None, prior: str | None = None) -> Prepared:
    """``region``: the entries' own (their 地区), unless given."""
    from ..render.xlsx import xlsx

    entries = load(path)
    region = region or entries.region
    doc, _ = package(entries, region)
    last = prior_package(prior, region) if prior else None
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, f"{Path(path).stem}.xlsx")
        with open(out, "wb") as f:
            f.write(xlsx(doc, region, last))
        back = read_file(out)
    if any(f.severity is Severity.ERROR for f in entries.findings):
        # the package of wrong entries is wrong wherever they go: their own findings say it once
        return Prepared(entries, doc, back, Report.of(path, entries.findings), last, region)
    checked = check(back)
    report = Report.of(path, (*entries.findings, *checked.findings), (), checked=dict(checked.checked),
                       skipped=dict(checked.skipped))
    return Prepared(entries, doc, back, report, last, region)


def template_data(source: str, read_package: Callable[[str], Document], kind: str = "budget") -> dict:
    """The entries (JSON shape) a template is filled with: entries as they are (JSON, or an entry
    workbook), or a published package's (read with ``read_package``, the command line's sandboxed
    reader; a 决算's entries when it is one, or ``kind`` asks for them)."""
    from .from_final import entries_from_final
    from .from_package import entries_as_data, entries_from

    suffix = Path(source).suffix.lower()
    if suffix == ".json":
        return entries_as_data(load_json(source))
    if suffix in (".xlsx", ".xlsm") and is_entry_workbook(source):
        return entries_as_data(load(source))
    doc = read_package(source)
    return entries_from_final(doc) if FINAL in (kind, doc.kind) else entries_from(doc)


def is_entry_workbook(path: str) -> bool:
    from python_calamine import CalamineWorkbook

    try:
        names = CalamineWorkbook.from_path(path).sheet_names
    except Exception:  # noqa: BLE001 — not a workbook at all: the package readers will say what it is
        return False
    return "单位信息" in names and "基本支出" in names
