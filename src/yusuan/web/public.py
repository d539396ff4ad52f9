"""The public pages and the JSON API: the index with search, a unit's budget for a year (every
table as printed, the 情况说明, charts), comparison, downloads, ``/api/…`` and the static files."""
from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from ..compare import ROUNDING, column_name, table_name
from ..compare import compare as compare_budgets
from ..ledger import FACT_COLUMNS
from ..serialize import csv_row
from ..store import load_document
from ..store.query import StoredBudget, load
from ..store.views import budget_dict
from . import data
from .charts import Item, amount, bars, money, treemap
from .pages import ENV, KIND_WORDS, packed_response, portal, render_page
from .security import COOKIE
from .static import STATIC

router = APIRouter()
_CODE = re.compile(r"[0-9A-Za-z_.\-]{1,64}")
_FN = re.compile(r"\d{3}(\d{2}){0,2}")
EXPENDITURE = ("expenditure", "general_expenditure")
HTML = "text/html; charset=utf-8"


def _year(year: str) -> int:
    if not year.isdigit() or not 1900 <= int(year) <= 2200:
        raise HTTPException(404)
    return int(year)


def _found(request: Request, code: str, year: str, kind: str | None = None):
    """(unit, budget ref) of the public budget asked for, or 404."""
    if not _CODE.fullmatch(code) or kind not in (None, "budget", "final_accounts"):
        raise HTTPException(404)
    with portal(request).engine.connect() as conn:
        found = data.find(conn, code, _year(year), kind)
    if found is None:
        raise HTTPException(404)
    return found


def _budget(request: Request, code: str, year: str, kind: str | None = None) -> StoredBudget:
    found = _found(request, code, year, kind)
    with portal(request).engine.connect() as conn:
        return load(conn, *found)


# ---- the index ------------------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def index(request: Request, q: str = Query("", max_length=100), page: int = Query(1, ge=1, le=100_000)):
    with portal(request).engine.connect() as conn:
        listed, total = data.index(conn, q, page)
    pages = max(1, -(-total // data.PAGE))
    return HTMLResponse(render_page(request, "index.html", q=q, listed=listed, total=total, page=page, pages=pages))


# ---- the budget page ------------------------------------------------------------------------------------

def _expenditure(b: StoredBudget) -> tuple[str, dict[str, tuple[str, dict[str, Decimal | None]]]]:
    """The functional classification rows of the 支出 table: code → (name, {column: amount})."""
    for table in EXPENDITURE:
        rows: dict[str, tuple[str, dict]] = {}
        for f in b.facts_of(table):
            if f.unit_code is None and f.row_code.isdigit() and len(f.row_code) in (3, 5, 7):
                rows.setdefault(f.row_code, (f.row_name, {}))[1].setdefault(f.column, f.value)
        if rows:
            return table, rows
    return "", {}


def _drill(b: StoredBudget, fn: str, base: str):
    table, rows = _expenditure(b)
    level = len(fn) + 2 if fn else 3
    items = [Item(code, name, cols.get("total") or Decimal(0),
                  f"{base}?fn={code}#function" if level < 7 and any(
                      c.startswith(code) and len(c) == level + 2 for c in rows) else None)
             for code, (name, cols) in rows.items()
             if len(code) == level and code.startswith(fn) and cols.get("total") is not None]
    trail = [("全部", f"{base}#function")] + [(f"{c} {rows[c][0]}" if c in rows else c, f"{base}?fn={c}#function")
                                             for c in (fn[:3], fn[:5]) if fn and len(c) <= len(fn)]
    return table, items, trail


def _chart_parts(request: Request, b: StoredBudget, fn: str) -> dict:
    unit = b.ref.amount_unit or "万元"
    base = f"/units/{b.unit.code}/{b.year}"
    table, items, trail = _drill(b, fn, base)
    if fn and not items:
        raise HTTPException(404)
    _, rows = _expenditure(b)
    printed = rows[fn][1].get("total") if fn else (b.value(table, "total") if table else None)
    total = printed if printed is not None else sum((i.amount for i in items), Decimal(0))  # as printed: a 尾差 stays
    level = {3: "类", 5: "款", 7: "项"}.get(len(fn) + 2 if fn else 3, "")
    whole = {c: b.value(table, "total", c) for c in ("total", "basic", "project")} if table else {}
    split = [("基本支出", whole.get("basic")), ("项目支出", whole.get("project"))]
    with portal(request).engine.connect() as conn:
        three = data.series(conn, b.unit, "three_public", "total")
        prior = data.find(conn, b.unit.code, b.year - 1, "budget") if b.year and b.ref.kind == "budget" else None
        before = load(conn, *prior) if prior else None
    pairs = []
    if before is not None:
        _, old = _expenditure(before)
        for code, (name, cols) in rows.items():
            if len(code) == 3:
                pairs.append((code, name, old.get(code, (name, {}))[1].get("total"), cols.get("total")))
        for code, (name, cols) in old.items():
            if len(code) == 3 and code not in rows:
                pairs.append((code, name, cols.get("total"), None))
    return {
        "unit_word": unit, "level": level, "trail": trail, "fn": fn,
        "treemap": treemap(items, unit, f"按功能分类的支出（{level}）"),
        "items": [(i, i.amount * 100 / total if total else None) for i in sorted(items, key=lambda i: -i.amount)],
        "total": total, "split": split,
        "split_chart": bars(split, unit, "基本支出与项目支出") if any(v is not None for _, v in split) else "",
        "three": three, "three_chart": bars([(f"{y}年", v) for y, v in three], unit, "“三公”经费各年预算数"),
        "prior_year": b.year - 1 if b.year else None, "pairs": pairs,
        "pairs_chart": bars([(f"{n}（{b.year - 1}年）" if k == 0 else f"{n}（{b.year}年）", v)
                             for _, n, old, new in pairs for k, v in ((0, old), (1, new))], unit,
                            "本年与上年按功能分类的支出") if pairs else "",
    }


def package_html(request: Request, b: StoredBudget) -> str:
    """Every table as printed and the 情况说明: the rendered package's page (render/html.py) when the
    store keeps the document, else the stored figures table by table."""
    cached = portal(request).cache.get(("package", b.ref.id))
    if cached is not None:
        return cached
    html = None
    doc = _document(request, b)
    if doc is not None:
        from ..render.html import page
        rendered = page(doc)
        html = rendered[rendered.index("<body>") + len("<body>"):rendered.rindex("</body>")]
    else:  # stored before documents were kept (migration 0006): the stored figures
        html = ENV.get_template("facts_tables.html").render(tables=budget_dict(b)["tables"])
    portal(request).cache.put(("package", b.ref.id), html)
    return html


@router.get("/units/{code}/{year}", response_class=HTMLResponse)
async def budget_page(request: Request, code: str, year: str, fn: str = Query("", max_length=7),
                      kind: str | None = Query(None, max_length=16)):
    if fn and not _FN.fullmatch(fn):
        raise HTTPException(404)
    p = portal(request)
    anonymous = COOKIE not in request.cookies  # the page is the same for every visitor without a session
    key = ("budget", code, year, kind or "", fn)
    if anonymous:
        packed = p.responses.get(key)
        if packed is not None:
            return packed_response(request, packed, HTML)
    html = await run_in_threadpool(_budget_page, request, code, year, fn, kind)
    if anonymous:
        return packed_response(request, p.responses.put(key, html), HTML)
    return HTMLResponse(html)


def _budget_page(request: Request, code: str, year: str, fn: str, kind: str | None) -> str:
    unit, ref = _found(request, code, year, kind)
    key = ("page", ref.id, fn)  # a stored budget does not change (a new document is a new version)
    main = portal(request).cache.get(key)
    if main is None:
        with portal(request).engine.connect() as conn:
            b = load(conn, unit, ref)
        charts = _chart_parts(request, b, fn)
        main = ENV.get_template("budget_main.html").render(
            b=b, kind_word=KIND_WORDS.get(b.ref.kind, b.ref.kind), counts=dict(b.findings),
            package=package_html(request, b), money=money, **charts)
        portal(request).cache.put(key, main)
    title = f"{unit.name or unit.code} {ref.year}年{KIND_WORDS.get(ref.kind, ref.kind)}"
    return render_page(request, "budget.html", title=title, main=main)


# ---- comparison -----------------------------------------------------------------------------------------

@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, code: str = Query("", max_length=64), year: str = Query("", max_length=4),
                 code2: str = Query("", max_length=64), year2: str = Query("", max_length=4)):
    result = None
    error = ""
    if code and year and (code2 or year2):
        code2, year2 = code2 or code, year2 or year
        try:
            left, right = _budget(request, code, year), _budget(request, code2, year2)
        except HTTPException:
            left = right = None
            error = "库中没有所选单位和年度的公开预算。"
        if left is not None:
            result = compare_budgets(left, right, f"{left.unit.name or code} {year}", f"{right.unit.name or code2} {year2}")
    return HTMLResponse(render_page(request, "compare.html", result=result, error=error, code=code, year=year,
                                    code2=code2, year2=year2, money=money, amount=amount, table_name=table_name,
                                    column_name=column_name, rounding=ROUNDING))


# ---- downloads and the API ------------------------------------------------------------------------------

def _facts_csv(b: StoredBudget) -> str:
    out = io.StringIO()
    w = csv.DictWriter(out, FACT_COLUMNS, lineterminator="\n")
    w.writeheader()
    for f in b.facts:
        w.writerow(csv_row({"file": b.ref.file, "unit_code": f.unit_code or b.unit.code or "",
                            "unit_name": f.unit_name or b.unit.name or "", "year": b.year or "", "table": f.table,
                            "row_code": f.row_code, "row_name": f.row_name, "column": f.column, "amount": f.amount,
                            "amount_unit": f.amount_unit or "", "kind": b.ref.kind}))
    return out.getvalue()


def _download_name(b: StoredBudget, ext: str) -> str:
    from urllib.parse import quote
    name = f"{b.unit.code}_{b.year}_{b.ref.kind}.{ext}"
    return f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"


def _api_budget(b: StoredBudget) -> dict:
    return {**budget_dict(b), "url": f"/units/{b.unit.code}/{b.year}",
            "facts_csv": f"/api/budgets/{b.unit.code}/{b.year}/facts.csv"}


@router.get("/api/budgets", summary="公开预算列表（可按单位编码或名称检索，分页）")
def api_budgets(request: Request, q: str = Query("", max_length=100), page: int = Query(1, ge=1, le=100_000)):
    with portal(request).engine.connect() as conn:
        rows, total = data.public_budgets(conn, q, page)
    for r in rows:
        r["url"] = f"/api/budgets/{r['code']}/{r['year']}"
    return {"total": total, "page": page, "page_size": data.PAGE, "budgets": rows}


@router.get("/api/budgets/{code}/{year}", summary="一个单位一个年度的预算：各表数字、检查结果")
async def api_budget(request: Request, code: str, year: str):
    p = portal(request)
    key = ("api", code, year)
    packed = p.responses.get(key)
    if packed is None:
        body = await run_in_threadpool(lambda: json.dumps(_api_budget(_budget(request, code, year)), ensure_ascii=False))
        packed = p.responses.put(key, body)
    return packed_response(request, packed, "application/json")


@router.get("/api/budgets/{code}/{year}/facts.csv", summary="逐数事实 CSV（与 yusuan facts 的列相同）")
def api_facts(request: Request, code: str, year: str):
    b = _budget(request, code, year)
    return Response(_facts_csv(b).encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": _download_name(b, "csv")})


@router.get("/units/{code}/{year}/download/{fmt}")
def download(request: Request, code: str, year: str, fmt: str):
    if fmt not in ("xlsx", "pdf", "json", "csv"):
        raise HTTPException(404)
    b = _budget(request, code, year)
    if fmt == "csv":
        return api_facts(request, code, year)
    if fmt == "json":
        body = json.dumps(_api_budget(b), ensure_ascii=False, indent=1).encode()
        return Response(body, media_type="application/json", headers={"content-disposition": _download_name(b, "json")})
    media = "application/pdf" if fmt == "pdf" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    body = portal(request).downloads.get((b.ref.id, fmt))
    if body is None:
        doc = _document(request, b)
        if doc is None:
            raise HTTPException(404, "库中没有保存此预算的完整文件，无法生成此格式。")
        if fmt == "xlsx":
            from ..render.xlsx import xlsx
            body = xlsx(doc)
        else:
            from ..render.pdf import pdf
            body = pdf(doc)
        portal(request).downloads.put((b.ref.id, fmt), body)
    return Response(body, media_type=media, headers={"content-disposition": _download_name(b, fmt)})


def _document(request: Request, b: StoredBudget):
    with portal(request).engine.connect() as conn:
        return load_document(conn, b.ref.id)


# ---- static files: read at start, served from memory by name --------------------------------------------

@router.get("/static/{name}", include_in_schema=False)
def static(name: str):
    found = STATIC.get(name)
    if found is None:
        raise HTTPException(404)
    body, media = found
    return Response(body, media_type=media, headers={"cache-control": "public, max-age=3600"})
