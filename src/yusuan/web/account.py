"""Logging in and out."""
from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from .pages import check_csrf, portal, render_page, set_session
from .users import authenticate

router = APIRouter()


def _next(target: str | None) -> str:
    """Where to go after logging in: a path of this site only (never //host or a scheme)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _home(role: str) -> str:
    return {"admin": "/admin/users", "reviewer": "/review", "preparer": "/prepare"}.get(role, "/")


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/"):
    return HTMLResponse(render_page(request, "login.html", token=True, next=_next(next), error=""))


@router.post("/login")
def login(request: Request, username: str = Form(""), password: str = Form(""), csrf_token: str = Form(""),
          next: str = Form("/")):
    check_csrf(request, csrf_token)
    p = portal(request)
    address = request.client.host if request.client else "?"
    api = "application/json" in request.headers.get("accept", "")
    if p.limiter.blocked(address, username):
        return _failed(request, 429, "登录失败次数过多，请稍后再试。", next, api)
    with p.engine.begin() as conn:
        user = authenticate(conn, username, password)
    if user is None:
        p.limiter.failed(address, username)
        return _failed(request, 401, "用户名或密码不正确。", next, api)
    v = p.sessions.login(user)
    set_session(request, v)
    if api:
        from fastapi.responses import JSONResponse
        return JSONResponse({"user": user.name, "role": user.role, "csrf_token": v.csrf})
    target = _next(next)
    return RedirectResponse(_home(user.role) if target == "/" else target, status_code=303)


def _failed(request: Request, status: int, message: str, next: str, api: bool):
    if api:
        from fastapi.responses import JSONResponse
        return JSONResponse({"detail": message}, status_code=status)
    return HTMLResponse(render_page(request, "login.html", token=True, next=_next(next), error=message), status_code=status)


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("")):
    v = check_csrf(request, csrf_token)
    set_session(request, portal(request).sessions.logout(v))
    return RedirectResponse("/", status_code=303)

