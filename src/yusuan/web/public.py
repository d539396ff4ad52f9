"""The public pages and the JSON API: the index with search, a unit's budget for a year (every
table as printed, the 情况说明, charts), comparison, downloads, ``/api/…`` and the static files."""
from __future__ import annotations

import csv
import io
import json
import re

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from ..compare import ROUNDING, column_name, table_name
from ..compare import compare as compare_budgets
from ..ledger import FACT_COLUMNS
from ..serialize import csv_row
from ..store import load_document
from ..store.query import StoredBudget, load
from . import budget, data, kept
from .charts import amount, money
from .pages import packed_response, portal, render_page
from . import parts
from .security import COOKIE
from .static import STATIC
from .warm import make_page

router = APIRouter()
_CODE = re.compile(r"[0-9A-Za-z_.\-]{1,64}")
_FN = re.compile(r"\d{3}(\d{2}){0,2}")
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

@router.get("/units/{code}/{year}", response_class=HTMLResponse)
async def budget_page(request: Request, code: str, year: str, fn: str = Query("", max_length=7),
                      kind: str | None = Query(None, max_length=16)):
    if fn and not _FN.fullmatch(fn):
        raise HTTPException(404)
    anonymous = COOKIE not in request.cookies  # the page is the same for every visitor without a session
    if anonymous and not fn and kind is None:  # the page everyone links to: kept in the store
        return await _kept(request, "page", code, year)
    p = portal(request)
    key = ("budget", code, year, kind or "", fn)
    if anonymous:
        packed = p.responses.get(key)
        if packed is not None:
            return packed_response(request, packed, HTML)
    html = await run_in_threadpool(_budget_page, request, code, year, fn, kind)
    if anonymous:
        return packed_response(request, p.responses.put_text(key, html), HTML)
    return HTMLResponse(html)


MEDIA = {"page": HTML, "api": "application/json"}


async def _kept(request: Request, part: str, code: str, year: str):
    """The anonymous page of /units/{code}/{year} (``part`` page) or the answer of
    /api/budgets/{code}/{year} (api), sent gzip-compressed as kept: from the server's memory, else
    from the store (one statement; on the event loop when the store is a local SQLite file, where it
    costs less than a thread's round trip: pages.LoopReader), else made now (in a thread) and kept."""
    p = portal(request)
    key = (part, code, year)
    packed = p.responses.get(key)
    if packed is None:
        if not _CODE.fullmatch(code):
            raise HTTPException(404)
        found = (p.reader.read(kept.shown, code, _year(year), part) if p.reader is not None else
                 await run_in_threadpool(_shown, p, code, _year(year), part))
        if found is None:
            raise HTTPException(404)
        packed = found.body if found.body is not None else await run_in_threadpool(_made, p, part, found)
        p.responses.put(key, packed)
    return packed_response(request, packed, MEDIA[part])


def _shown(p, code: str, year: int, part: str) -> kept.Shown | None:
    with p.engine.connect() as conn:
        return kept.shown(conn, code, year, part)


def _made(p, part: str, found: kept.Shown) -> bytes:
    """A page or API answer not kept (made by other code, or before the unit's newest budget was
    stored; a budget stored before they were made at import), made now and kept."""
    if part == "page":  # ``depends`` read before the page is made: a budget stored meanwhile makes it again
        return make_page(p.engine, found.unit, found.ref, found.depends)
    with p.engine.connect() as conn:
        packed = kept.pack(parts.make(conn, found.unit, found.ref, ("api",))["api"])
    kept.put(p.engine, found.ref, {"api": packed})
    return packed


def _budget_page(request: Request, code: str, year: str, fn: str, kind: str | None) -> str:
    unit, ref = _found(request, code, year, kind)
    main = budget.main_html(portal(request).engine, unit, ref, fn, portal(request).cache)
    return render_page(request, "budget.html", title=budget.title(unit, ref), main=main)


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


@router.get("/api/budgets", summary="公开预算列表（可按单位编码或名称检索，分页）")
def api_budgets(request: Request, q: str = Query("", max_length=100), page: int = Query(1, ge=1, le=100_000)):
    with portal(request).engine.connect() as conn:
        rows, total = data.public_budgets(conn, q, page)
    for r in rows:
        r["url"] = f"/api/budgets/{r['code']}/{r['year']}"
    return {"total": total, "page": page, "page_size": data.PAGE, "budgets": rows}


@router.get("/api/budgets/{code}/{year}", summary="一个单位一个年度的预算：各表数字、检查结果")
async def api_budget(request: Request, code: str, year: str):
    return await _kept(request, "api", code, year)


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
        body = json.dumps(parts.api_budget(b), ensure_ascii=False, indent=1).encode()
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
