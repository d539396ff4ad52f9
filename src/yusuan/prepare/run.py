"""Prepare a package and check it as it will be published: the entries' own problems (family E), then,
when the entries have no error, the prepared workbook read back and checked like any package (what a
reviewer will see)."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..ingest import read_file
from ..model import Document
from ..report import Finding, Report, Severity
from ..rules import check
from .entries import Entries
from .load import load_json
from .package import package


@dataclass(frozen=True)
class Prepared:
    entries: Entries
    doc: Document  # the package as prepared
    read_back: Document  # the package as the readers read its workbook
    report: Report  # the entries' findings and the read-back package's
    prior: Document | None = None  # last year's package, for the changes the narrative states

    @property
    def errors(self) -> tuple[Finding, ...]:
        return self.report.errors


def load(path: str) -> Entries:
    """Entries from a JSON file or an entry workbook (by the file's extension)."""
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        from .workbook import load_workbook
        return load_workbook(path)
    return load_json(path)


def prior_package(path: str, region: str = "national") -> Document:
    """Last year's package: entries (JSON) prepared, or a published package read."""
    if Path(path).suffix.lower() == ".json":
        return package(load(path), region)[0]
    return read_file(path)


def prepare(path: str, region: str = "national", prior: str | None = None) -> Prepared:
    from ..render.xlsx import xlsx

    entries = load(path)
    doc, _ = package(entries, region)
    last = prior_package(prior, region) if prior else None
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, f"{Path(path).stem}.xlsx")
        with open(out, "wb") as f:
            f.write(xlsx(doc, region, last))
        back = read_file(out)
    if any(f.severity is Severity.ERROR for f in entries.findings):
        # the package of wrong entries is wrong wherever they go: their own findings say it once
        return Prepared(entries, doc, back, Report.of(path, entries.findings), last)
    checked = check(back)
    report = Report.of(path, (*entries.findings, *checked.findings), (), checked=dict(checked.checked),
                       skipped=dict(checked.skipped))
    return Prepared(entries, doc, back, report, last)
