"""A short Chinese summary of a read document (what ``yusuan demo`` prints)."""
from __future__ import annotations

from decimal import Decimal

from .catalog.vocabulary import KIND_NAMES
from .model import Document


def _get(doc: Document, kind: str, row: str, col: str) -> Decimal | None:
    t = doc.table(kind)
    r = t.row(row) if t else None
    return r.value(col) if r else None


def summarize(doc: Document) -> str:
    u = doc.unit
    lines = [f"{doc.file}", f"  单位：{u.code or '?'} {u.name or '?'}  年度：{doc.year or '?'}  "
                            f"版式：{doc.layout}  区划：{doc.region or '?'}"]
    kinds = []
    for t in doc.tables:
        label = KIND_NAMES.get(t.kind, t.kind) + ("（空表）" if t.is_empty else "")
        kinds.append(f"{t.number + ' ' if t.number else ''}{label}")
    lines.append(f"  表格 {len(doc.tables)} 张：" + "；".join(kinds))
    total = _get(doc, "summary", "in.total", "total") or _get(doc, "fiscal_summary", "in.total", "total") \
        or _get(doc, "final_summary", "in.total", "total")
    basic = _get(doc, "basic_expenditure", "total", "total")
    if basic is None and _get(doc, "final_basic_expenditure", "total", "personnel") is not None:
        basic = _get(doc, "final_basic_expenditure", "total", "personnel") + \
            (_get(doc, "final_basic_expenditure", "total", "public") or Decimal(0))
    gpb = _get(doc, "fiscal_summary", "out.current", "general_budget") \
        or _get(doc, "final_fiscal_summary", "out.current", "general_budget")
    u = doc.amount_unit
    lines.append(f"  收入总计 {total if total is not None else '—'} {u}；一般公共预算支出 {gpb if gpb is not None else '—'}"
                 f" {u}；基本支出 {basic if basic is not None else '—'} {u}")
    amount = sum((p.amount for p in doc.projects if p.amount is not None), Decimal(0))
    n_ind = sum(len(p.indicators) for p in doc.projects)
    lines.append(f"  项目 {len(doc.projects)} 个，合计 {amount} 万元，绩效指标 {n_ind} 条；"
                 f"整体绩效指标 {len(doc.performance.indicators) if doc.performance else 0} 条")
    if doc.sections:
        lines.append(f"  情况说明 {len(doc.sections)} 节，数字陈述 {len(doc.claims)} 处")
    if doc.findings:
        codes: dict[str, int] = {}
        for f in doc.findings:
            codes[f.code] = codes.get(f.code, 0) + 1
        lines.append("  读取提示：" + "，".join(f"{c}×{n}" for c, n in sorted(codes.items())))
    return "\n".join(lines)
