"""Preparation (role preparer, scoped to its units; admin too): upload or edit a unit's entries, see
the derived package and its findings, submit it; reviewers return or approve it, reviewers or admins
publish it into the store, where the public pages show it.

Every upload or edit is a new version (草稿); a version's entries never change afterwards, only its
state: 草稿 → 已提交 (its preparer, when it has no error) → 退回 (with a comment) or 审核通过 (a
reviewer) → 已公开 (a reviewer or an admin). Each step is kept with who, when, from, to and the
comment (``prepared_steps``, and the audit log). Entries are read and prepared in a worker process
(drafting.py), as uploads under review are.
"""
from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timezone

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from starlette.datastructures import UploadFile

from ..store import portal as t
from ..store import schema as s
from .drafting import Drafted, draft_isolated
from . import entry_form, kept, warm
from .pages import Forbidden, check_csrf, portal, render_page, require
from .uploads import shown_name, sniff
from .users import User, audit, now

router = APIRouter()
PREPARERS = ("preparer", "admin")
REVIEWERS = ("reviewer", "admin")
_CODE = re.compile(r"[0-9A-Za-z_.\-]{1,64}")
FORM_NAME = "在线填报"
MAX_FIELDS = 20_000  # the form's fields (a project's indicators are nine each)
# action → (roles, from state, to state, the word for it)
ACTIONS = {
    "submit": (PREPARERS, "草稿", "已提交", "提交审核"),
    "return": (REVIEWERS, "已提交", "退回", "退回修改"),
    "approve": (REVIEWERS, "已提交", "审核通过", "审核通过"),
    "publish": (REVIEWERS, "审核通过", "已公开", "公开"),
}


# ---- scope ----------------------------------------------------------------------------------------------

def _parent(conn, code: str) -> str | None:
    """A unit's 部门 code, which decides which 部门's reviewers and preparers take it in: as the store
    knows the unit, else as its first version's entries gave it (a later version cannot move the unit
    to another 部门's reviewers)."""
    found = conn.execute(select(s.units.c.parent).where(s.units.c.code == code, s.units.c.parent.is_not(None))
                         .limit(1)).scalar()
    if found is None:
        found = conn.execute(select(t.prepared.c.unit_parent).where(t.prepared.c.unit_code == code)
                             .order_by(t.prepared.c.id).limit(1)).scalar()
    return found


def _known(conn, code: str) -> bool:
    """Whether the unit is in the store or has a version (so its 部门 is known, or known to be none)."""
    return any(conn.execute(select(c).where(c == code).limit(1)).first() is not None
               for c in (s.units.c.code, t.prepared.c.unit_code))


def _unit_code(request: Request, code: str, *roles: str) -> User:
    """The user, when its role is one of ``roles`` and its scope takes in the unit ``code``. A unit
    nobody knows yet is open to a preparer: its first entries must name a 部门 in the preparer's
    scope (checked when they are stored)."""
    user = require(request, *roles)
    if not _CODE.fullmatch(code):
        raise HTTPException(404)
    with portal(request).engine.connect() as conn:
        if not user.covers(code, _parent(conn, code)) and _known(conn, code):
            raise Forbidden("此单位不在您管理的范围内。")
    return user


def _version(request: Request, vid: int, *roles: str):
    """(user, the version's row) when the user may see it: its unit is in the user's scope."""
    user = require(request, *roles)
    with portal(request).engine.connect() as conn:
        row = conn.execute(select(t.prepared).where(t.prepared.c.id == vid)).first()
    if row is None:
        raise HTTPException(404)
    if not user.covers(row.unit_code, row.unit_parent):
        raise Forbidden("此编制文件不在您管理的单位范围内。")
    return user, row


def _in_scope(user: User):
    """A where clause: the versions of the units in a user's scope (None: every unit)."""
    if user.role == "admin" or (user.role == "reviewer" and not user.units):
        return None
    p = t.prepared.c
    return or_(p.unit_code.in_(user.units), p.unit_parent.in_(user.units))


# ---- reading the versions -------------------------------------------------------------------------------

def _versions(conn, code: str):
    return conn.execute(select(t.prepared.c.id, t.prepared.c.year, t.prepared.c.kind, t.prepared.c.version,
                               t.prepared.c.state, t.prepared.c.origin, t.prepared.c.original,
                               t.prepared.c.errors, t.prepared.c.warnings, t.prepared.c.created_at,
                               t.users.c.name.label("by"))
                        .select_from(t.prepared.join(t.users, t.users.c.id == t.prepared.c.created_by))
                        .where(t.prepared.c.unit_code == code)
                        .order_by(t.prepared.c.year.desc(), t.prepared.c.version.desc())).all()


def _latest(conn, code: str):
    return conn.execute(select(t.prepared).where(t.prepared.c.unit_code == code)
                        .order_by(t.prepared.c.id.desc()).limit(1)).first()


def _steps(conn, vid: int):
    return conn.execute(select(t.prepared_steps, t.users.c.name.label("by"))
                        .select_from(t.prepared_steps.join(t.users, t.users.c.id == t.prepared_steps.c.user_id))
                        .where(t.prepared_steps.c.prepared_id == vid).order_by(t.prepared_steps.c.id)).all()


def queue(conn, user: User):
    """The versions a reviewer acts on: submitted (to return or approve) and approved (to publish)."""
    p = t.prepared.c
    q = (select(p.id, p.unit_code, p.unit_name, p.year, p.version, p.state, p.errors, p.warnings,
                t.users.c.name.label("by"),
                select(func.max(t.prepared_steps.c.at)).where(t.prepared_steps.c.prepared_id == p.id)
                .scalar_subquery().label("since"))
         .select_from(t.prepared.join(t.users, t.users.c.id == p.created_by))
         .where(p.state.in_(("已提交", "审核通过"))).order_by(p.state.desc(), p.id))
    scope = _in_scope(user)
    return conn.execute(q if scope is None else q.where(scope)).all()


# ---- the pages ------------------------------------------------------------------------------------------

@router.get("/prepare", response_class=HTMLResponse)
def home(request: Request):
    user = require(request, *PREPARERS)
    p = t.prepared.c
    with portal(request).engine.connect() as conn:
        codes = list(user.units)
        scope = _in_scope(user)
        q = select(p.unit_code).distinct()
        codes += [c for c in conn.execute(q if scope is None else q.where(scope)).scalars() if c not in codes]
        units = []
        for code in sorted(codes):
            latest = _latest(conn, code)
            name = latest.unit_name if latest is not None else conn.execute(
                select(s.units.c.name).where(s.units.c.code == code).limit(1)).scalar()
            units.append({"code": code, "name": name or "", "latest": latest})
    return HTMLResponse(render_page(request, "prepare.html", units=units))


@router.get("/prepare/open")
def open_unit(request: Request, code: str = Query("", max_length=64)):
    """A unit by its code (a 部门's preparer opens one of its units the first time; an admin any)."""
    code = code.strip()
    _unit_code(request, code, *PREPARERS)
    return RedirectResponse(f"/prepare/units/{code}", status_code=303)


@router.get("/prepare/units/{code}", response_class=HTMLResponse)
def unit_page(request: Request, code: str):
    _unit_code(request, code, *PREPARERS)
    return _unit_response(request, code)


def _unit_response(request: Request, code: str, error: str = "", status: int = 200) -> HTMLResponse:
    p = portal(request)
    with p.engine.connect() as conn:
        versions = _versions(conn, code)
        latest = _latest(conn, code)
    return HTMLResponse(render_page(request, "prepare_unit.html", code=code, versions=versions,
                                    name=latest.unit_name if latest is not None else "", error=error,
                                    max_file_mb=p.settings.max_file_mb), status_code=status)


@router.get("/prepare/drafts/{vid}", response_class=HTMLResponse)
def draft_page(request: Request, vid: int):
    user, row = _version(request, vid, "preparer", "reviewer", "admin")
    with portal(request).engine.connect() as conn:
        steps = _steps(conn, vid)
        others = _versions(conn, row.unit_code)
        newest = max((v.version for v in others if v.year == row.year and v.kind == row.kind), default=row.version)
    findings = json.loads(row.findings)
    if row.origin != "xlsx" and user.role in PREPARERS:  # a JSON path: the form's field that gave the value
        entries = json.loads(row.entries)
        for f in findings:
            if (f.get("place") or "").startswith("/"):
                f["field"] = entry_form.field_of(f["place"], entries)
    actions = [(a, word) for a, (roles, start, _, word) in ACTIONS.items() if user.role in roles and row.state == start]
    return HTMLResponse(render_page(
        request, "prepare_draft.html", v=row, steps=steps, others=others, findings=findings, actions=actions,
        latest=row.version == newest, package=Markup(row.package) if row.package else None,
        families=_families(findings)))


def _families(findings: list[dict]) -> list[tuple[str, int, int]]:
    out: dict[str, list[int]] = {}
    for f in findings:
        n = out.setdefault(f["code"][:1], [0, 0])
        n[0 if f["severity"] == "error" else 1] += 1
    return [(k, e, w) for k, (e, w) in out.items()]


# ---- new versions: an upload, the form --------------------------------------------------------------------

def _store_version(request: Request, user: User, code: str, drafted: Drafted, origin: str, original: str) -> int:
    """A new 草稿 version of the unit's entries → its id; the entries must be the unit's."""
    given = drafted.unit[0]
    if not given:
        raise HTTPException(400, "录入数据中没有单位编码（单位信息）。")
    if str(given) != code:
        raise HTTPException(400, f"录入数据的单位编码“{given}”不是所选单位“{code}”。")
    findings = drafted.findings
    errors = sum(1 for f in findings if f["severity"] == "error")
    warnings = sum(1 for f in findings if f["severity"] == "warning")
    for attempt in range(3):
        try:
            return _insert_version(request, user, code, drafted, origin, original, findings, errors, warnings)
        except IntegrityError:  # another version of the unit and year took the number at the same time
            if attempt == 2:
                raise


def _insert_version(request: Request, user: User, code: str, drafted: Drafted, origin: str, original: str,
                    findings, errors: int, warnings: int) -> int:
    p = t.prepared.c
    with portal(request).engine.begin() as conn:
        version = conn.execute(select(func.coalesce(func.max(p.version), 0) + 1).where(
            p.unit_code == code, p.year == drafted.year, p.kind == drafted.kind)).scalar_one()
        parent = _parent(conn, code) if _known(conn, code) else drafted.unit[2]
        if not user.covers(code, parent):
            raise Forbidden(f"单位“{code}”不在您管理的范围内（录入数据所填的主管部门编码为“{parent or '空'}”）。")
        vid = conn.execute(insert(t.prepared).values(
            unit_code=code, unit_name=drafted.unit[1], unit_parent=parent, year=drafted.year,
            kind=drafted.kind, version=version, state="草稿", origin=origin, original=original,
            entries=json.dumps(drafted.entries, ensure_ascii=False, default=str),
            findings=json.dumps(list(findings), ensure_ascii=False, default=str), errors=errors, warnings=warnings,
            package=drafted.package, document=drafted.document, created_by=user.id, created_at=now())
            .returning(t.prepared.c.id)).scalar_one()
        conn.execute(insert(t.prepared_steps).values(prepared_id=vid, at=now(), user_id=user.id, from_state=None,
                                                     to_state="草稿", comment=f"{original}：错误 {errors}，警告 {warnings}"))
        audit(conn, user.id, "prepare.version", f"prepared:{vid}",
              f"{code} {drafted.year} 第 {version} 版（{original}），错误 {errors}，警告 {warnings}")
    return vid


@router.post("/prepare/units/{code}/upload")
async def upload(request: Request, code: str):
    user = _unit_code(request, code, *PREPARERS)
    p = portal(request)
    form = await request.form(max_files=2, max_fields=10)
    check_csrf(request, form.get("csrf_token") if isinstance(form.get("csrf_token"), str) else None)
    file = form.get("file")
    if not isinstance(file, UploadFile):
        raise HTTPException(400, "没有选择文件。")
    cap = p.settings.max_file_mb * 1024 * 1024
    body = await file.read(cap + 1)
    if len(body) > cap:
        raise HTTPException(413, f"单个文件不能超过 {p.settings.max_file_mb} MB。")
    kind = sniff(body)
    if kind not in ("xlsx", "text"):
        return _unit_response(request, code, "只接受录入工作簿（.xlsx）或录入数据（JSON 文本）。", 400)
    shown = shown_name(file.filename)
    drafted = await _drafted(p, shown, body, shown)
    return _answer(request, user, code, drafted, "xlsx" if kind == "xlsx" else "json", shown)


async def _drafted(p, original: str, body: bytes, shown: str) -> Drafted:
    """The entries read and the package derived in a worker, from the file stored meanwhile (then removed)."""
    received = p.inbox.store(original, body)
    try:
        return await run_in_threadpool(draft_isolated, str(p.inbox.path(received[0].stored_as)), shown, p.limits)
    finally:
        p.inbox.remove(received)


def _answer(request: Request, user: User, code: str, drafted: Drafted, origin: str, shown: str):
    if drafted.message:
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"detail": drafted.message}, status_code=400)
        return _unit_response(request, code, drafted.message, 400)
    vid = _store_version(request, user, code, drafted, origin, shown)
    if "application/json" in request.headers.get("accept", ""):
        with portal(request).engine.connect() as conn:
            row = conn.execute(select(t.prepared).where(t.prepared.c.id == vid)).first()
        return JSONResponse(_version_json(row))
    return RedirectResponse(f"/prepare/drafts/{vid}", status_code=303)


def _version_json(row) -> dict:
    return {"id": row.id, "unit": row.unit_code, "year": row.year, "version": row.version, "state": row.state,
            "errors": row.errors, "warnings": row.warnings, "findings": json.loads(row.findings),
            "url": f"/prepare/drafts/{row.id}"}


def _skeleton(code: str) -> dict:
    return {"schema": 1, "kind": "budget", "year": datetime.now(timezone.utc).year + 1, "amount_unit": "万元",
            "unit": {"code": code, "type": "单位"}, "income": [], "carryover": [], "basic": [], "projects": []}


@router.get("/prepare/units/{code}/edit", response_class=HTMLResponse)
def edit_form(request: Request, code: str, base: int | None = Query(None, alias="from")):
    _unit_code(request, code, *PREPARERS)
    with portal(request).engine.connect() as conn:
        if base is not None:
            row = conn.execute(select(t.prepared).where(t.prepared.c.id == base, t.prepared.c.unit_code == code)).first()
            if row is None:
                raise HTTPException(404)
        else:
            row = _latest(conn, code)
    data = json.loads(row.entries) if row is not None else _skeleton(code)
    problems = {}
    if row is not None and row.origin != "xlsx":  # a workbook's findings are at its cells, not at JSON paths
        problems = entry_form.problems_by_field(json.loads(row.findings), data)
    return HTMLResponse(render_page(request, "prepare_edit.html", code=code, base=row, d=data, v=entry_form.view(data),
                                    problems=problems, regions=_regions()))


def _regions() -> list[tuple[str, str]]:
    """The regions a package can be laid out for (the budget profiles): (id, name)."""
    from ..catalog.specs import profiles
    return [(p.id, p.name) for p in profiles() if p.family == "budget"]


@router.post("/prepare/units/{code}/edit")
async def edit(request: Request, code: str):
    user = _unit_code(request, code, *PREPARERS)
    p = portal(request)
    form = await request.form(max_files=0, max_fields=MAX_FIELDS)
    check_csrf(request, form.get("csrf_token") if isinstance(form.get("csrf_token"), str) else None)
    base = None
    if str(form.get("base", "")).isdigit():
        with p.engine.connect() as conn:
            found = conn.execute(select(t.prepared.c.entries).where(t.prepared.c.id == int(form["base"]),
                                                                   t.prepared.c.unit_code == code)).scalar()
        if found is None:
            raise HTTPException(404)
        base = json.loads(found)
    data = entry_form.form_entries(form, code, base, _skeleton(code))
    drafted = await _drafted(p, FORM_NAME, json.dumps(data, ensure_ascii=False).encode(), f"{FORM_NAME}.json")
    return _answer(request, user, code, drafted, "form", FORM_NAME)


# ---- downloads ------------------------------------------------------------------------------------------

def _workbook(data: dict | None) -> bytes:
    from ..prepare.workbook import template
    if data is not None and not isinstance(data.get("year"), int):
        data = {**data, "year": None}  # a year typed wrong: the workbook's code lists need a number
    return template(data)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(name: str) -> str:
    from urllib.parse import quote
    return f"attachment; filename=\"{quote(name)}\"; filename*=UTF-8''{quote(name)}"


@router.get("/prepare/units/{code}/entries.xlsx")
async def unit_workbook(request: Request, code: str, empty: bool = False):
    """The entry workbook: filled from the unit's latest version, or empty (the unit's code given)."""
    _unit_code(request, code, *PREPARERS)
    with portal(request).engine.connect() as conn:
        latest = None if empty else _latest(conn, code)
    data = json.loads(latest.entries) if latest is not None else {"unit": {"code": code}}
    body = await run_in_threadpool(_workbook, data)
    return Response(body, media_type=XLSX, headers={"content-disposition": _attachment(f"{code}_录入.xlsx")})


@router.get("/prepare/drafts/{vid}/entries.{fmt}")
async def version_entries(request: Request, vid: int, fmt: str):
    if fmt not in ("json", "xlsx"):
        raise HTTPException(404)
    _, row = _version(request, vid, "preparer", "reviewer", "admin")
    name = f"{row.unit_code}_{row.year}_v{row.version}.{fmt}"
    if fmt == "json":
        body = json.dumps(json.loads(row.entries), ensure_ascii=False, indent=1).encode()
        return Response(body, media_type="application/json", headers={"content-disposition": _attachment(name)})
    body = await run_in_threadpool(_workbook, json.loads(row.entries))
    return Response(body, media_type=XLSX, headers={"content-disposition": _attachment(name)})


# ---- the workflow ---------------------------------------------------------------------------------------

class Refused(HTTPException):
    def __init__(self, message: str):
        super().__init__(409, message)


@router.post("/prepare/drafts/{vid}/{action}")
async def act(request: Request, vid: int, action: str, comment: str = Form(""), csrf_token: str = Form("")):
    if action not in ACTIONS:
        raise HTTPException(404)
    roles, start, end, word = ACTIONS[action]
    user, row = _version(request, vid, "preparer", "reviewer", "admin")
    check_csrf(request, csrf_token)
    if user.role not in roles:
        raise Forbidden(f"{word}需要{'或'.join({'preparer': '编制人员', 'reviewer': '审核人员', 'admin': '管理员'}[r] for r in roles)}权限。")
    comment = comment.strip()
    if len(comment) > 2000:
        raise HTTPException(400, "说明不能超过 2000 字。")
    if action == "return" and not comment:
        raise HTTPException(400, "退回时请填写原因。")
    await run_in_threadpool(_transition, request, user, row, action, start, end, comment)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"id": vid, "state": end})
    return RedirectResponse(f"/prepare/drafts/{vid}", status_code=303)


def _transition(request: Request, user: User, row, action: str, start: str, end: str, comment: str) -> None:
    p = portal(request)
    c = t.prepared.c
    with p.engine.begin() as conn:
        if row.state != start:
            raise Refused(f"此版本的状态是“{row.state}”，不能{ACTIONS[action][3]}（应为“{start}”）。")
        if action == "submit":
            if row.errors:
                raise Refused(f"此版本有 {row.errors} 个错误，改正后才能提交。")
            newest = conn.execute(select(func.max(c.version)).where(c.unit_code == row.unit_code, c.year == row.year,
                                                                    c.kind == row.kind)).scalar_one()
            if newest != row.version:
                raise Refused(f"已有更新的第 {newest} 版，只能提交最新版本。")
        values = {"state": end}
        if action == "publish":
            values["document_id"] = _publish(conn, row)
        # the state is checked again in the statement: of two people acting at once, one wins
        done = conn.execute(update(t.prepared).where(c.id == row.id, c.state == start).values(**values)).rowcount
        if done != 1:
            raise Refused("此版本的状态刚被他人更改，请刷新页面。")
        conn.execute(insert(t.prepared_steps).values(prepared_id=row.id, at=now(), user_id=user.id, from_state=start,
                                                     to_state=end, comment=comment))
        audit(conn, user.id, f"prepare.{action}", f"prepared:{row.id}", f"{start}→{end}" + (f"：{comment}" if comment else ""))
    if action == "publish":
        p.responses.clear()  # the public pages show the new budget now, not after the cache's time
        p.cache.clear()  # pages made beside it: last year's or "三公" figures changed
        warm.keep(p.engine, [row.unit_code])


def _publish(conn, row) -> int:
    """Store the version's prepared package as a budget of its unit and year → the document's id."""
    from dataclasses import replace
    from ..report import Report
    from ..store import save
    from ..store.documents import unpack
    from ..store.repository import loaded
    if row.document is None:
        raise Refused("此版本没有生成公开文件，不能公开。")
    doc = unpack(row.document)
    digest = hashlib.sha256(b"prepared\0" + row.document).hexdigest()
    columns = {c.name for c in s.findings.c} - {"id", "document_id"}
    rows = tuple({k: v for k, v in f.items() if k in columns} for f in json.loads(row.findings))
    item = replace(loaded(doc, Report.of(doc.file, ()), sha256=digest, path=f"prepared:{row.id}",
                          size=len(row.document), seconds=0.0), findings=rows)
    doc_id = save(conn, item)
    if doc_id is None:  # the same package is stored already (published before, from the same entries)
        doc_id = conn.execute(select(s.documents.c.id).where(s.documents.c.sha256 == digest)).scalar_one()
    stored = conn.execute(select(s.budgets.c.unit_id, s.budgets.c.year, s.budgets.c.kind)
                          .where(s.budgets.c.document_id == doc_id)).first()
    if stored is not None:  # the pages of the versions it replaces are not shown any more
        kept.forget_superseded(conn, stored.unit_id, stored.year, stored.kind)
    return doc_id
