"""The portal's application: settings, the shared state, error pages, the routers.

``create_app(Settings(...))`` builds it on a store (opened and migrated here); ``yusuan serve``
runs it under uvicorn. Everything the pages use is served by the app itself (``/static/…``, read
into memory at start: no request path reaches the file system).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..read.limits import MB, Limits
from ..store.engine import open_store, store_url
from .pages import Forbidden, LoopReader, NeedLogin, Portal, is_api, render_page
from .security import Guard, LoginLimiter, Sessions, stored_secret
from .uploads import Inbox

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Settings:
    db: str | None = None  # a URL or a SQLite path; None: $YUSUAN_DB, else yusuan.db
    secret: str | None = None  # signs the cookies; None: $YUSUAN_SECRET, else one generated once, kept in the store
    upload_dir: str | None = None  # None: $YUSUAN_UPLOADS, else beside a SQLite file, else ./yusuan-uploads
    upload_hours: float = 24  # an upload's file left behind (a server stopped while reading it) is removed after
    max_file_mb: int = 50
    max_files: int = 20
    read_seconds: int = 60  # a worker's time to read and check one upload
    read_memory_mb: int = 1024
    login_attempts: int = 5
    login_window: int = 300  # seconds
    read_jobs: int = 1  # worker processes reading the files of one upload
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, db: str | None = None) -> Settings:
        env = os.environ
        return cls(db=db, secret=env.get("YUSUAN_SECRET"), upload_dir=env.get("YUSUAN_UPLOADS"),
                   max_file_mb=int(env.get("YUSUAN_MAX_FILE_MB", 50)), max_files=int(env.get("YUSUAN_MAX_FILES", 20)),
                   upload_hours=float(env.get("YUSUAN_UPLOAD_HOURS", 24)))


def _upload_dir(settings: Settings) -> Path:
    if settings.upload_dir:
        return Path(settings.upload_dir)
    url = store_url(settings.db)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url[len("sqlite:///"):]).with_name(Path(url).name + ".uploads")
    return Path("yusuan-uploads")


def _local_file(engine) -> bool:
    """A SQLite file (an in-memory database is one per thread: each thread's own)."""
    return engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:")


def create_app(settings: Settings | None = None, engine=None) -> FastAPI:
    settings = settings or Settings.from_env()
    engine = engine if engine is not None else open_store(settings.db)
    app = FastAPI(title="yusuan 预算公开平台 API", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="部门预算公开数据：单位与年度列表、一个单位一个年度的预算（表格、检查结果）、逐数事实 CSV。")
    portal = Portal(
        engine=engine, settings=settings,
        sessions=Sessions(engine, settings.secret or stored_secret(engine)),
        limiter=LoginLimiter(engine, settings.login_attempts, settings.login_window),
        inbox=Inbox(_upload_dir(settings), settings.max_file_mb, settings.max_files, settings.upload_hours * 3600),
        limits=Limits(file_mb=settings.max_file_mb, seconds=settings.read_seconds, memory_mb=settings.read_memory_mb),
        reader=LoopReader(engine) if _local_file(engine) else None,
    )
    app.state.portal = portal
    portal.inbox.sweep()  # what a server stopped while reading left behind
    # the whole request: every file at its cap, plus the form's other fields
    app.add_middleware(Guard, max_upload=settings.max_files * settings.max_file_mb * MB + 1 * MB)

    from . import account, admin, preparation, public, review
    for module in (public, account, review, preparation, admin):
        app.include_router(module.router)

    @app.exception_handler(NeedLogin)
    async def need_login(request: Request, exc: NeedLogin) -> Response:
        if is_api(request):
            return JSONResponse({"detail": "需要登录 / login required"}, status_code=401,
                                headers={"WWW-Authenticate": 'Cookie realm="yusuan"'})
        from urllib.parse import quote
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return _error(request, 403, exc.message or "没有权限访问此页面。")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        from http import HTTPStatus
        message = exc.detail if isinstance(exc.detail, str) else ""
        if not message or message == HTTPStatus(exc.status_code).phrase:  # Starlette's English default
            message = {404: "没有找到此页面。", 405: "不支持此请求方法。", 413: "上传的文件过大或过多。"}.get(
                exc.status_code, "请求未能完成。")
        return _error(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 400, "请求的参数不正确。")

    return app


def _error(request: Request, status: int, message: str) -> Response:
    if is_api(request):
        return JSONResponse({"detail": message}, status_code=status)
    html = render_page(request, "error.html", status=status, message=message)
    return HTMLResponse(html, status_code=status)
