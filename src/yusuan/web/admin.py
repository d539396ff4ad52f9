"""Administration (role admin): users, their roles and the units each manages, the audit log."""
from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from ..store import portal as t
from .pages import check_csrf, portal, render_page, require
from .users import UserError, add_user, all_users, update_user

router = APIRouter()


def _units(text: str) -> list[str]:
    return [u for u in text.replace("，", ",").replace(" ", ",").split(",") if u]


def _page(request: Request, error: str = "", status: int = 200) -> HTMLResponse:
    with portal(request).engine.connect() as conn:
        users = all_users(conn)
        log = conn.execute(select(t.audit_log.c.at, t.users.c.name, t.audit_log.c.action, t.audit_log.c.target,
                                  t.audit_log.c.detail)
                           .select_from(t.audit_log.outerjoin(t.users, t.users.c.id == t.audit_log.c.user_id))
                           .order_by(t.audit_log.c.id.desc()).limit(50)).all()
    return HTMLResponse(render_page(request, "admin_users.html", users=users, log=log, error=error,
                                    roles=t.ROLES), status_code=status)


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request):
    require(request, "admin")
    return _page(request)


@router.post("/admin/users")
def add(request: Request, name: str = Form(""), password: str = Form(""), role: str = Form(""),
        units: str = Form(""), csrf_token: str = Form("")):
    admin = require(request, "admin")
    check_csrf(request, csrf_token)
    try:
        with portal(request).engine.begin() as conn:
            add_user(conn, name, password, role, _units(units), by=admin.id)
    except UserError as e:
        return _page(request, str(e), 400)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{uid}")
def change(request: Request, uid: int, role: str = Form(""), units: str = Form(""), active: str = Form(""),
           password: str = Form(""), csrf_token: str = Form("")):
    admin = require(request, "admin")
    check_csrf(request, csrf_token)
    if uid == admin.id and (role != "admin" or not active):
        return _page(request, "不能取消自己的管理员权限或停用自己。", 400)
    try:
        with portal(request).engine.begin() as conn:
            update_user(conn, uid, role=role, units=_units(units), active=bool(active), password=password or None,
                        by=admin.id)
    except UserError as e:
        return _page(request, str(e), 400 if "没有" not in str(e) else 404)
    return RedirectResponse("/admin/users", status_code=303)
