"""The worker side of preparation: entries (an uploaded JSON file or entry workbook, or the form's
entries written as JSON) prepared and checked in a worker process (``yusuan.sandbox``), as an
uploaded package is read: the entries' JSON, the findings with their places, the derived package's
HTML and the packed document that publishing stores.

Everything returned is plain data (it crosses the process boundary); nothing here touches the store.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from ..read.limits import Limits
from ..sandbox import Failure, run_isolated

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Drafted:
    """A version's contents, or ``message``: why the file gives no entries at all (not JSON, not an
    entry workbook)."""
    entries: dict | None = None
    findings: tuple[dict, ...] = ()  # store rows (repository._finding_row) plus place and family
    package: str | None = None  # the rendered package's body
    document: bytes | None = None  # store.documents.pack of the prepared document
    unit: tuple = (None, None, None)  # (code, name, parent)
    year: int = 0
    kind: str = "budget"
    message: str | None = None


def place(f) -> str:
    """Where a finding is: the entry workbook's sheet!cell, the entries' JSON path; for the checks
    of the package itself, its table, row and column."""
    src = f.source
    if f.code.startswith("E") or not f.table:
        if src.sheet:
            return f"{src.sheet}!{src.cell or ''}"
        return src.cell or (f"第 {src.line} 行" if src.line else "")
    from ..compare import column_name, table_name
    parts = [table_name(f.table)] + [x for x in (f.row, column_name(f.column) if f.column else None) if x]
    return " ".join(parts)


def ordered(findings) -> list:
    """Family E (the entries' own problems) first, then by severity, else as found."""
    return sorted(findings, key=lambda f: (not f["code"].startswith("E"), SEVERITY_RANK.get(f["severity"], 3)))


LISTS = ("income", "carryover", "basic", "projects", "other_spending", "three_public", "three_public_prior", "procurement")


def shape(data: dict) -> str | None:
    """Where the entries' JSON is not shaped as entries.schema.json says (an object where one is
    expected, a list of objects where a list is), which the loader takes for granted; None when it is."""
    for key in ("unit", "performance", "texts"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            return f"/{key} 应为对象"
    for key in LISTS:
        items = data.get(key)
        if items is not None and not isinstance(items, list):
            return f"/{key} 应为列表"
        for i, item in enumerate(items or ()):
            if not isinstance(item, dict):
                return f"/{key}/{i} 应为对象"
    for at, items in [*((f"/projects/{i}/indicators", p.get("indicators")) for i, p in enumerate(data.get("projects") or ())),
                      ("/performance/indicators", (data.get("performance") or {}).get("indicators"))]:
        if items is not None and (not isinstance(items, list) or not all(isinstance(x, dict) for x in items)):
            return f"{at} 应为对象的列表"
    return None


def draft(task: tuple[str, str, str | None]) -> Drafted:
    """Prepare the entries at ``path`` (shown as ``shown``) for ``region`` (None: the entries' own
    地区). Never raises for a problem of the file: entries that cannot be read give a message, wrong
    values are findings."""
    path, shown, region = task
    from ..prepare.from_package import entries_as_data
    from ..prepare.load import EntriesError
    from ..prepare.run import is_entry_workbook, prepare
    from ..render.html import page
    from ..store.documents import pack
    from ..store.repository import _finding_row

    workbook = Path(path).suffix.lower() == ".xlsx"
    if workbook and not is_entry_workbook(path):
        return Drafted(message="这不是录入工作簿（应有“单位信息”“基本支出”“项目”等工作表）。已公开的预算文件请由审核人员在“审核”中上传。")
    raw = None
    if not workbook:
        try:  # the entries as given, wrong values too, so that the form shows them where they were typed
            raw = json.loads(Path(path).read_text(encoding="utf-8-sig"), parse_float=str)
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            return Drafted(message=f"录入数据不是有效的 JSON：{e}")
        if not isinstance(raw, dict):
            return Drafted(message="录入数据应为一个 JSON 对象（见 entries.schema.json）。")
        wrong = shape(raw)
        if wrong:
            return Drafted(message=f"录入数据的结构不对（见 entries.schema.json）：{wrong}")
    try:
        prepared = prepare(path, region)
    except EntriesError as e:
        return Drafted(message=str(e).replace(path, shown))
    doc = _named(prepared.doc, path, shown)
    rows = []
    for f in prepared.report.findings:
        row = _finding_row(replace(f, source=replace(f.source, file=shown)))
        rows.append({**{k: None if v is None else str(v) if k in ("expected", "actual") else v for k, v in row.items()},
                     "place": place(f)})
    rendered = page(doc)
    body = rendered[rendered.index("<body>") + len("<body>"):rendered.rindex("</body>")]
    e = prepared.entries
    data = raw if raw is not None else entries_as_data(e)
    return Drafted(entries=data, findings=tuple(ordered(rows)), package=body, document=pack(doc),
                   unit=(e.unit.code, e.unit.name, e.unit.parent), year=e.year or 0, kind=e.kind)


def _named(doc, path: str, shown: str):
    """The document with the upload's shown name wherever the stored file's path was (every value's
    source): the server's paths stay on the server."""
    from ..model.codec import document_from_json, document_json
    text = document_json(doc)
    escape = lambda s: json.dumps(s, ensure_ascii=False)[1:-1]  # noqa: E731 — as document_json writes it
    return document_from_json(text.replace(escape(path), escape(shown)))


def draft_isolated(path: str, shown: str, limits: Limits, region: str | None = None) -> Drafted:
    """``draft`` in a worker process under the upload limits; a worker's failure is a message."""
    outcome = run_isolated(draft, (path, shown, region), limits, what=shown)
    if isinstance(outcome, Failure):
        return Drafted(message=outcome.message)
    return outcome
