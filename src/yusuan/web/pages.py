"""What every route shares: the portal's state, who is asking, the role and CSRF checks, pages.

Role and scope are checked here, on the server, by each route before it does anything: an
anonymous request for a protected page is sent to /login (an API request gets 401), a role
without the right gets 403.
"""
from __future__ import annotations

import gzip
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request
from fastapi.responses import Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .security import COOKIE, Visitor, cookie_header, csrf_ok
from .users import User

HERE = Path(__file__).resolve().parent
ENV = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(("html",)),
                  trim_blocks=True, lstrip_blocks=True, auto_reload=False)  # templates change with a release only
ROLE_NAMES = {"admin": "管理员", "reviewer": "审核人员", "preparer": "编制人员"}
ENV.globals["ROLE_NAMES"] = ROLE_NAMES
KIND_WORDS = {"budget": "预算", "final_accounts": "决算"}
ENV.filters["when"] = lambda at: (at or "").replace("T", " ").replace("+00:00", " UTC")  # the stored ISO time, read easily
ENV.globals["KIND_WORDS"] = KIND_WORDS


class NeedLogin(Exception):
    pass


class Forbidden(Exception):
    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class Cache:
    """A small LRU, by key, each value kept ``seconds`` at most (a stored budget does not change, but
    what its page shows beside it may: last year's budget stored later), bounded by the total of its
    values' ``weigh`` (1 each: a number of values)."""

    def __init__(self, limit: int, seconds: float = 300.0, weigh=lambda value: 1):
        self.limit, self.seconds, self.weigh, self.weight = limit, seconds, weigh, 0
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.items.get(key)
            if found is not None and found[0] > time.monotonic():
                self.items.move_to_end(key)
                return found[1]
        return None

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.weight = 0

    def put(self, key, value):
        with self.lock:
            old = self.items.pop(key, None)
            self.weight += self.weigh(value) - (self.weigh(old[1]) if old else 0)
            self.items[key] = (time.monotonic() + self.seconds, value)
            while self.weight > self.limit and self.items:
                _, (_, dropped) = self.items.popitem(last=False)
                self.weight -= self.weigh(dropped)
        return value


class Responses(Cache):
    """Whole public responses, gzip-compressed, for visitors without a session, bounded in bytes (a new
    version of a budget shows within ``seconds``)."""

    def __init__(self, max_bytes: int = 256 << 20, seconds: float = 300.0):
        super().__init__(max_bytes, seconds, len)

    def put_text(self, key, body: str) -> bytes:
        return self.put(key, gzip.compress(body.encode("utf-8"), 5))


def packed_response(request: Request, packed: bytes, media: str) -> Response:
    """A cached response as gzip when the client takes it (every browser does), else unpacked."""
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(packed, media_type=media, headers={"content-encoding": "gzip", "vary": "Accept-Encoding"})
    return Response(gzip.decompress(packed), media_type=media, headers={"vary": "Accept-Encoding"})


class LoopReader:
    """One connection for the short reads the event loop makes itself (a local SQLite store answers
    one statement sooner than a thread's round trip): no pool to wait on (the threads may hold all of
    its connections), and each read's transaction ended at once (a snapshot kept open would hold
    back SQLite's WAL checkpoints)."""

    def __init__(self, engine):
        self.engine, self.conn = engine, None

    def read(self, query, *args):
        """``query(connection, *args)``."""
        if self.conn is None:
            self.conn = self.engine.connect()
        try:
            return query(self.conn, *args)
        except Exception:
            self.conn.invalidate()  # a connection in an unknown state is not used again
            self.conn = None
            raise
        finally:
            if self.conn is not None:
                self.conn.rollback()


@dataclass
class Portal:
    engine: object
    settings: object
    sessions: object
    limiter: object
    inbox: object
    limits: object
    cache: Cache = field(default_factory=lambda: Cache(512))
    responses: Responses = field(default_factory=Responses)
    downloads: Cache = field(default_factory=lambda: Cache(32))  # rendered XLSX and PDF (a PDF costs seconds)
    reader: LoopReader | None = None  # a local SQLite store: statements the event loop runs itself


def portal(request: Request) -> Portal:
    return request.app.state.portal


def is_api(request: Request) -> bool:
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def visitor(request: Request, *, token: bool = False) -> Visitor:
    """Who is asking (read from the session cookie once per request). ``token``: the page carries a
    CSRF token, so a visitor without a session gets one (the cookie is set on the response)."""
    state = request.state
    found = getattr(state, "visitor", None)
    if found is None:
        found, fresh = portal(request).sessions.read(request.cookies.get(COOKIE))
        state.visitor, state.fresh = found, fresh
    if token and state.fresh:
        set_session(request, found)
    return found


def set_session(request: Request, v: Visitor) -> None:
    request.state.visitor, request.state.fresh = v, False
    request.scope.setdefault("state", {})
    request.state.set_cookie = cookie_header(portal(request).sessions.cookie(v), request.url.scheme == "https")


def require(request: Request, *roles: str) -> User:
    user = visitor(request).user
    if user is None:
        raise NeedLogin()
    if roles and user.role not in roles:
        raise Forbidden(f"此页面需要{'或'.join(ROLE_NAMES[r] for r in roles)}权限。")
    return user


def check_csrf(request: Request, form_token: str | None = None) -> Visitor:
    """Refuse (403) a state-changing request without the session's token (form field or header)."""
    v = visitor(request)
    token = form_token or request.headers.get("x-csrf-token")
    if not csrf_ok(v, token):
        raise Forbidden("请求缺少有效的安全令牌（csrf_token），请刷新页面后重试。")
    return v


def render_page(request: Request, template: str, *, token: bool = False, **context) -> str:
    """A page for this visitor; ``token``: the page has a form an anonymous visitor sends (login)."""
    v = visitor(request, token=token)
    return ENV.get_template(template).render(user=v.user, csrf_token=v.csrf, path=request.url.path, **context)
