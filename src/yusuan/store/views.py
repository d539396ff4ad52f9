"""Text and JSON views of what the store holds (``yusuan units`` and ``yusuan show``)."""
from __future__ import annotations

from ..compare import column_name, table_name
from ..textgrid import grid
from .query import StoredBudget, UnitListing

KIND = {"budget": "预算", "final_accounts": "决算"}


def units_dict(listing: tuple[UnitListing, ...]) -> list[dict]:
    return [{"code": x.unit.code, "name": x.unit.name, "parent": x.unit.parent, "region": x.unit.region,
             "documents": x.documents,
             "budgets": [{"year": b.year, "kind": b.kind, "version": b.version, "file": b.file} for b in x.budgets]}
            for x in listing]


def units_text(listing: tuple[UnitListing, ...]) -> str:
    rows = []
    for x in listing:
        years: dict[tuple, list[int]] = {}
        for b in x.budgets:
            years.setdefault((b.year, b.kind), []).append(b.version)
        shown = "，".join(f"{y or '?'}{KIND.get(k, k)}" + (f"（{len(v)} 版）" if len(v) > 1 else "")
                         for (y, k), v in years.items())
        rows.append((x.unit.code or "", x.unit.name or "", x.unit.parent or "", x.unit.region or "", shown,
                     str(x.documents)))
    return grid(("单位编码", "单位名称", "部门", "区划", "年度与版本", "文件数"), rows, numeric=(5,)) + \
        f"\n共 {len(listing)} 个单位"


def budget_tables(b: StoredBudget) -> list[dict]:
    """The budget's tables as ``budget_dict`` gives them: rows with their amounts by column, in document order."""
    out = []
    for kind in b.tables():
        rows: list[dict] = []
        for f in b.facts_of(kind):
            if not rows or rows[-1]["code"] != f.row_code or rows[-1]["name"] != f.row_name or f.column in rows[-1]["amounts"]:
                rows.append({"code": f.row_code, "name": f.row_name, "amounts": {}, "line": f.line})
            rows[-1]["amounts"][f.column] = f.amount
        total = next((r["amounts"] for r in rows if r["code"] in ("total", "out.total", "in.total")), None)
        out.append({"kind": kind, "name": table_name(kind), "amount_unit": next(
            (f.amount_unit for f in b.facts_of(kind) if f.amount_unit), b.ref.amount_unit), "rows": rows,
            "total": total})
    return out


def budget_dict(b: StoredBudget) -> dict:
    return {"unit": {"code": b.unit.code, "name": b.unit.name, "parent": b.unit.parent, "region": b.unit.region},
            "year": b.year, "kind": b.ref.kind, "version": b.ref.version, "file": b.ref.file,
            "amount_unit": b.ref.amount_unit, "findings": dict(b.findings), "tables": budget_tables(b)}


def budget_text(b: StoredBudget) -> str:
    counts = dict(b.findings)
    out = [f"{b.unit.label}　{b.year} 年{KIND.get(b.ref.kind, b.ref.kind)}（第 {b.ref.version} 版，{b.ref.file}）",
           f"检查结果：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}"]
    for t in budget_tables(b):
        columns = list(dict.fromkeys(c for r in t["rows"] for c in r["amounts"]))
        body = [(r["code"], r["name"], *(r["amounts"].get(c, "") for c in columns)) for r in t["rows"]]
        out.append(f"\n{t['name']}（单位：{t['amount_unit']}）")
        out.append(grid(("编码", "名称", *(column_name(c) for c in columns)), body,
                        numeric=tuple(range(2, 2 + len(columns)))))
    return "\n".join(out)
