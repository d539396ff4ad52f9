"""Review (role reviewer; admin too): upload packages, the report page with findings pinned on the
cells, the dashboard across units and years, marks on findings (已核实 / 已说明, with who and
when in the audit log), the CSV export.

A reviewer given units reviews those units (and a 部门's code covers its units); a reviewer given
none reviews every unit. An upload is always visible to the one who made it.
"""
from __future__ import annotations

import csv
import io
import uuid

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy import insert, select, update
from starlette.datastructures import UploadFile

from ..sandbox import Failure
from ..serialize import csv_row
from ..store import load_document, save
from ..store import schema as s
from ..store.repository import unreadable
from . import data
from ..store import portal as t
from .pages import Forbidden, check_csrf, portal, render_page, require
from .uploads import KIND_NAMES, Reviewed, review_all
from .users import User, audit, now

router = APIRouter()
REVIEWERS = ("reviewer", "admin")
FAMILIES = (("A", "A 表内"), ("X", "X 表间"), ("N", "N 情况说明"), ("C", "C 完整性"), ("K", "K 科目"),
            ("P", "P 绩效目标"), ("R", "R 读取"), ("S", "S 库中跨文件"))
STATUSES = ("未处理", "已核实", "已说明")


def _scope(user: User) -> tuple[str, ...] | None:
    return None if user.role == "admin" or not user.units else user.units


# ---- upload ---------------------------------------------------------------------------------------------

@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request):
    require(request, *REVIEWERS)
    p = portal(request)
    return HTMLResponse(render_page(request, "upload.html", max_file_mb=p.settings.max_file_mb,
                                    max_files=p.settings.max_files))


@router.post("/upload")
async def upload(request: Request):
    user = require(request, *REVIEWERS)
    p = portal(request)
    form = await request.form(max_files=10_000, max_fields=100)
    check_csrf(request, form.get("csrf_token") if isinstance(form.get("csrf_token"), str) else None)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
    if not files:
        raise HTTPException(400, "没有选择文件。")
    if len(files) > p.settings.max_files:
        raise HTTPException(413, f"一次最多上传 {p.settings.max_files} 个文件。")
    cap = p.settings.max_file_mb * 1024 * 1024
    if any(f.size is not None and f.size > cap for f in files):
        raise HTTPException(413, f"单个文件不能超过 {p.settings.max_file_mb} MB。")
    received = []
    for f in files:
        body = await f.read(cap + 1)
        if len(body) > cap:
            raise HTTPException(413, f"单个文件不能超过 {p.settings.max_file_mb} MB。")
        from .uploads import shown_name
        received += p.inbox.store(shown_name(f.filename), body)
    try:
        ids = await run_in_threadpool(_process, p, user, received)
    finally:
        p.inbox.remove(received)
    if "application/json" in request.headers.get("accept", ""):
        with p.engine.connect() as conn:
            return JSONResponse({"uploads": [_upload_json(conn, i) for i in ids]})
    if len(ids) == 1:
        return _report_response(request, user, ids[0])
    with p.engine.connect() as conn:
        rows = [_upload_json(conn, i) for i in ids]
    return HTMLResponse(render_page(request, "uploaded.html", rows=rows))


def _process(p, user: User, received) -> list[int]:
    """Read and check the stored files in workers; store each result and its upload row."""
    batch = uuid.uuid4().hex
    tasks = [(str(p.inbox.path(r.stored_as)), r.original, r.stored_as, p.limits) for r in received if r.stored_as]
    outcomes = {task[2]: outcome for task, outcome in review_all(tasks, p.limits, p.settings.read_jobs)}
    ids = []
    for r in received:
        outcome = outcomes.get(r.stored_as)
        row = {"user_id": user.id, "batch": batch, "original": r.original, "stored_as": r.stored_as or "",
               "content_type": r.kind or "unknown", "size": r.size, "created_at": now()}
        with p.engine.begin() as conn:
            if r.refused:
                row.update(message=r.refused)
            elif isinstance(outcome, Failure) or outcome is None:
                failure = outcome.message if outcome is not None else "未能读取"
                row.update(message=failure, document_id=_store_failure(conn, r, failure))
            else:
                assert isinstance(outcome, Reviewed)
                doc_id = save(conn, outcome.loaded)
                if doc_id is None:  # the same content is stored already: this upload is that document
                    doc_id = conn.execute(select(s.documents.c.id).where(
                        s.documents.c.sha256 == outcome.loaded.sha256)).scalar_one()
                row.update(document_id=doc_id, report=outcome.report,
                           message=None if outcome.loaded.status == "read" else outcome.loaded.findings[0]["message"])
            uid = conn.execute(insert(t.uploads).values(**row).returning(t.uploads.c.id)).scalar_one()
            audit(conn, user.id, "upload", f"upload:{uid}", f"{r.original} ({r.kind or '?'}, {r.size} B)")
        ids.append(uid)
    return ids


def _store_failure(conn, r, message: str) -> int | None:
    """A file whose worker failed (time, memory, a crash): stored as a document with its R001."""
    import hashlib
    from ..batch import _r001
    digest = hashlib.sha256(f"failed:{r.stored_as}".encode()).hexdigest()
    item = unreadable(_r001(message, r.original), sha256=digest, file=r.original, path=f"upload:{r.stored_as}",
                      size=r.size, seconds=0.0)
    return save(conn, item)


def _counts(conn, document_id: int | None) -> dict:
    if document_id is None:
        return {"error": 0, "warning": 0, "info": 0}
    from sqlalchemy import func
    rows = conn.execute(select(s.findings.c.severity, func.count()).where(s.findings.c.document_id == document_id)
                        .group_by(s.findings.c.severity)).all()
    return {"error": 0, "warning": 0, "info": 0, **{k: v for k, v in rows}}


def _upload_json(conn, uid: int) -> dict:
    r = conn.execute(select(t.uploads).where(t.uploads.c.id == uid)).first()
    unit, budget = data.document_unit(conn, r.document_id) if r.document_id else (None, None)
    return {"id": r.id, "file": r.original, "type": KIND_NAMES.get(r.content_type, r.content_type), "size": r.size,
            "document_id": r.document_id, "message": r.message, "findings": _counts(conn, r.document_id),
            "unit": {"code": unit.code, "name": unit.name} if unit else None,
            "year": budget.year if budget else None, "report": f"/review/uploads/{r.id}"}


# ---- the report page ------------------------------------------------------------------------------------

def _visible(conn, user: User, document_id: int | None, uploader: int | None = None) -> bool:
    if user.role == "admin" or uploader == user.id:
        return True
    if document_id is None:
        return False
    unit, _ = data.document_unit(conn, document_id)
    return user.covers(unit.code, unit.parent) if unit else not user.units


def _report_response(request: Request, user: User, uid: int, status: int = 200) -> HTMLResponse:
    with portal(request).engine.connect() as conn:
        r = conn.execute(select(t.uploads).where(t.uploads.c.id == uid)).first()
        if r is None:
            raise HTTPException(404)
        if not _visible(conn, user, r.document_id, r.user_id):
            raise Forbidden("此上传文件不在您管理的单位范围内。")
        context = _document_context(conn, r.document_id)
        uploader = conn.execute(select(t.users.c.name).where(t.users.c.id == r.user_id)).scalar()
    return HTMLResponse(render_page(request, "report.html", upload=r, uploader=uploader,
                                    kind_name=KIND_NAMES.get(r.content_type, r.content_type),
                                    report=Markup(r.report) if r.report else None, **context), status_code=status)


def _document_context(conn, document_id: int | None) -> dict:
    if document_id is None:
        return {"unit": None, "budget": None, "findings": [], "history": [], "counts": _counts(conn, None),
                "document_id": None}
    unit, budget = data.document_unit(conn, document_id)
    found = data.findings(conn, document_id)
    targets = [f"finding:{f.id}" for f in found]
    history = conn.execute(select(t.audit_log.c.at, t.users.c.name, t.audit_log.c.target, t.audit_log.c.detail)
                           .select_from(t.audit_log.outerjoin(t.users, t.users.c.id == t.audit_log.c.user_id))
                           .where(t.audit_log.c.action == "mark", t.audit_log.c.target.in_(targets))
                           .order_by(t.audit_log.c.id.desc())).all() if targets else []
    return {"unit": unit, "budget": budget, "findings": found, "history": history, "counts": _counts(conn, document_id),
            "document_id": document_id}


@router.get("/review/uploads/{uid}", response_class=HTMLResponse)
def report_page(request: Request, uid: int):
    user = require(request, *REVIEWERS)
    return _report_response(request, user, uid)


@router.get("/review/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: int):
    """A stored document's findings and marks (the report of its latest upload when it was uploaded)."""
    user = require(request, *REVIEWERS)
    p = portal(request)
    with p.engine.connect() as conn:
        if conn.execute(select(s.documents.c.id).where(s.documents.c.id == document_id)).first() is None:
            raise HTTPException(404)
        latest = conn.execute(select(t.uploads.c.id).where(t.uploads.c.document_id == document_id)
                              .order_by(t.uploads.c.id.desc())).scalar()
    if latest is not None:
        return RedirectResponse(f"/review/uploads/{latest}", status_code=303)
    with p.engine.connect() as conn:
        if not _visible(conn, user, document_id):
            raise Forbidden("此文件不在您管理的单位范围内。")
        context = _document_context(conn, document_id)
        file = conn.execute(select(s.documents.c.file).where(s.documents.c.id == document_id)).scalar()
        report = _stored_report(conn, document_id)
    return HTMLResponse(render_page(request, "report.html", upload=None, uploader=None, kind_name="", file=file,
                                    report=report, **context))


def _stored_report(conn, document_id: int):
    """The check report of a document the store keeps whole (the same page the upload shows)."""
    budget = conn.execute(select(s.budgets.c.id).where(s.budgets.c.document_id == document_id)).scalar()
    doc = load_document(conn, budget) if budget is not None else None
    if doc is None:
        return None
    from ..model import Source
    from ..report import Finding, Report, Severity
    from ..report_html import render
    rows = conn.execute(select(s.findings).where(s.findings.c.document_id == document_id).order_by(s.findings.c.id))
    found = [Finding(r.code, Severity(r.severity), r.message, Source(doc.file, r.line, r.page, sheet=r.sheet, cell=r.cell),
                     r.table_kind, r.row_code, r.column_name, r.expected, r.actual) for r in rows]
    html = render(doc, Report.of(doc.file, found))
    return Markup(html[html.index("<body>") + len("<body>"):html.rindex("</body>")])


# ---- marks ----------------------------------------------------------------------------------------------

@router.post("/review/findings/{finding_id}/mark")
def mark(request: Request, finding_id: int, status: str = Form(""), comment: str = Form(""),
         csrf_token: str = Form(""), back: str = Form("")):
    user = require(request, *REVIEWERS)
    check_csrf(request, csrf_token)
    if status not in ("已核实", "已说明"):
        raise HTTPException(400, "标记应为“已核实”或“已说明”。")
    comment = comment.strip()
    if not comment or len(comment) > 2000:
        raise HTTPException(400, "请填写说明（不超过 2000 字）。")
    p = portal(request)
    with p.engine.begin() as conn:
        document_id = conn.execute(select(s.findings.c.document_id).where(s.findings.c.id == finding_id)).scalar()
        if document_id is None:
            raise HTTPException(404)
        uploader = conn.execute(select(t.uploads.c.user_id).where(t.uploads.c.document_id == document_id)
                                .where(t.uploads.c.user_id == user.id)).scalar()
        if not _visible(conn, user, document_id, uploader):
            raise Forbidden("此问题所在文件不在您管理的单位范围内。")
        values = {"status": status, "comment": comment, "user_id": user.id, "at": now()}
        if conn.execute(select(t.marks.c.finding_id).where(t.marks.c.finding_id == finding_id)).first():
            conn.execute(update(t.marks).where(t.marks.c.finding_id == finding_id).values(**values))
        else:
            conn.execute(insert(t.marks).values(finding_id=finding_id, **values))
        audit(conn, user.id, "mark", f"finding:{finding_id}", f"{status}：{comment}")
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"finding": finding_id, "status": status, "comment": comment, "by": user.name,
                             "at": values["at"]})
    target = back if back.startswith("/review/") and not back.startswith("//") else f"/review/documents/{document_id}"
    return RedirectResponse(f"{target}#f{finding_id}", status_code=303)


# ---- the dashboard and the export -----------------------------------------------------------------------

@router.get("/review", response_class=HTMLResponse)
def dashboard(request: Request, family: str = Query("", max_length=1), region: str = Query("", max_length=12),
              year: str = Query("", max_length=4), status: str = Query("", max_length=8)):
    user = require(request, *REVIEWERS)
    if family and family not in dict(FAMILIES) or status and status not in STATUSES:
        raise HTTPException(400, "筛选条件不正确。")
    y = int(year) if year.isdigit() else None
    p = portal(request)
    with p.engine.connect() as conn:
        rows = data.dashboard(conn, family=family, region=region, year=y, status=status, units=_scope(user))
        recent = conn.execute(select(t.uploads.c.id, t.uploads.c.original, t.uploads.c.created_at,
                                     t.uploads.c.document_id, t.uploads.c.message)
                              .where(t.uploads.c.user_id == user.id).order_by(t.uploads.c.id.desc()).limit(10)).all()
        from .preparation import queue
        prepared = queue(conn, user)
    return HTMLResponse(render_page(request, "review.html", rows=rows, recent=recent, families=FAMILIES, prepared=prepared,
                                    statuses=STATUSES, family=family, region=region, year=year, status=status,
                                    max_file_mb=p.settings.max_file_mb, max_files=p.settings.max_files))


EXPORT = ("unit_code", "unit_name", "region", "year", "kind", "version", "file", "finding_id", "code", "severity",
          "message", "table", "row", "column", "expected", "actual", "line", "mark", "comment", "marked_by", "marked_at")


@router.get("/review/export.csv")
def export(request: Request):
    user = require(request, *REVIEWERS)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(EXPORT)
    with portal(request).engine.connect() as conn:
        for r in data.export_rows(conn, _scope(user)):
            w.writerow(csv_row(dict(enumerate(tuple(r)))).values())
    return Response(out.getvalue().encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="review.csv"'})
