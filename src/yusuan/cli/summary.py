"""A short Chinese summary of a read and checked document (what ``yusuan demo`` prints), and what to try next."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from ..catalog.vocabulary import KIND_NAMES
from ..model import Document
from ..rules import BY_CODE, check

# how the file was laid out, in words: the reader's layout names are for developers
LAYOUTS = {"tsv": "表格（单元格以制表符分隔，或 Excel、Word、有表格线的 PDF）", "pdf_text": "从 PDF 复制的文本（空单元格已丢失）",
           "cell_lines": "每行一个单元格的文本", "xlsx": "Excel 工作簿", "xls": "Excel 97 工作簿", "xlsb": "Excel 二进制工作簿",
           "docx": "Word 文档"}
NEXT = """接下来 / next:
  yusuan check 文件               逐条列出问题（级别、代码、行号）/ each finding with severity, code, line
  yusuan check 文件 -o 报告.html  在表格中标出有问题的单元格 / the tables with the cells marked
  yusuan rules                    每条规则检查什么、为什么 / what each rule checks and why
  yusuan render 文件 -o 公开.pdf  重新生成标准公开报表，也可 .xlsx .html .md / the standard package
  yusuan import 目录              批量入库，再用 units、show、compare 查询 / store many, then query
  yusuan template -o 录入.xlsx    编制：填写录入表，再 yusuan prepare 录入.xlsx -o 公开.xlsx / prepare a package
  yusuan serve --db build/demo.db 门户网站：公开页面、审核、编制 / the web portal"""


def _get(doc: Document, kind: str, row: str, col: str) -> Decimal | None:
    t = doc.table(kind)
    r = t.row(row) if t else None
    return r.value(col) if r else None


def summarize(doc: Document) -> str:
    u = doc.unit
    lines = [f"{doc.file}", f"  单位：{u.code or '?'} {u.name or '?'}  年度：{doc.year or '?'}  "
                            f"区划：{doc.region or '?'}  {'决算' if doc.kind == 'final_accounts' else '预算'}",
             f"  读作：{LAYOUTS.get(doc.layout, doc.layout)}"]
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
    report = check(doc)
    c = report.counts
    lines.append(f"  检查：错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}"
                 + ("；" + "，".join(f"{code} {BY_CODE[code].title}" + (f" ×{n}" if n > 1 else "")
                                    for code, n in sorted(Counter(f.code for f in report.errors).items()))
                    if report.errors else ""))
    return "\n".join(lines)
