"""Sessions, CSRF, the login rate limit, security headers and the request-size cap.

- The session cookie is signed (itsdangerous) and carries a CSRF token, plus, once logged in, the
  id of a row in ``sessions`` (so that logging out, a disabled user or a new password ends it on
  the server). HttpOnly, SameSite=Lax, Secure when the request came over HTTPS.
- Every state-changing request must carry the session's token: the form field ``csrf_token`` or
  the header ``X-CSRF-Token``; compared in constant time.
- The cookies are signed with ``YUSUAN_SECRET`` when set, else with a key generated once and kept in
  the store (``portal_settings``): sessions outlive a restart, and every server process signs alike.
- Login failures are counted per client address and per user name in a sliding window, in the store
  (``login_failures``), so that the limit holds across server processes and restarts.
- Every response gets the security headers (a CSP allowing scripts and styles only from the app
  itself, no framing); a request body beyond the cap is cut off with 413 before it is read whole.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from ..store import portal as t
from .users import User, audit, get_user, now

COOKIE = "yusuan_session"
SESSION_SECONDS = 12 * 3600

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


@dataclass(frozen=True)
class Visitor:
    """Who is asking: a user or nobody, and the CSRF token of the session."""
    user: User | None
    csrf: str
    sid: str | None = None


class Sessions:
    def __init__(self, engine: Engine, secret: str):
        self.engine = engine
        self.signer = URLSafeTimedSerializer(secret, salt="yusuan-session")

    def read(self, cookie: str | None) -> tuple[Visitor, bool]:
        """The visitor behind a cookie → (visitor, whether the cookie must be set anew)."""
        data = None
        if cookie:
            try:
                data = self.signer.loads(cookie, max_age=SESSION_SECONDS)
            except BadSignature:
                data = None
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return Visitor(None, secrets.token_urlsafe(32)), True
        sid = data.get("s")
        if not isinstance(sid, str):
            return Visitor(None, data["c"]), False
        with self.engine.connect() as conn:
            row = conn.execute(select(t.sessions).where(t.sessions.c.id == sid)).first()
            user = get_user(conn, row.user_id) if row is not None and row.expires > time.time() else None
        if user is None or not user.active:
            return Visitor(None, secrets.token_urlsafe(32)), True
        return Visitor(user, row.csrf, sid), False

    def cookie(self, visitor: Visitor) -> str:
        return self.signer.dumps({"c": visitor.csrf, **({"s": visitor.sid} if visitor.sid else {})})

    def login(self, user: User) -> Visitor:
        """A new session (new id, new token: nothing carried over from before the login)."""
        sid, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(delete(t.sessions).where(t.sessions.c.expires < int(time.time())))
            conn.execute(insert(t.sessions).values(id=sid, user_id=user.id, csrf=csrf, created_at=now(),
                                                   expires=int(time.time()) + SESSION_SECONDS))
            audit(conn, user.id, "login", f"user:{user.name}")
        return Visitor(user, csrf, sid)

    def logout(self, visitor: Visitor) -> Visitor:
        if visitor.sid:
            with self.engine.begin() as conn:
                conn.execute(delete(t.sessions).where(t.sessions.c.id == visitor.sid))
                if visitor.user:
                    audit(conn, visitor.user.id, "logout", f"user:{visitor.user.name}")
        return Visitor(None, secrets.token_urlsafe(32))


def csrf_ok(visitor: Visitor, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(visitor.csrf.encode(), token.encode())


def stored_secret(engine: Engine) -> str:
    """The key that signs the cookies, kept in the store: made by the first server process to ask,
    read by the others (of two making it at once, the first stored wins)."""
    c = t.portal_settings.c
    with engine.connect() as conn:
        found = conn.execute(select(c.value).where(c.name == "session_secret")).scalar()
    if found is not None:
        return found
    made = secrets.token_urlsafe(48)
    try:
        with engine.begin() as conn:
            conn.execute(insert(t.portal_settings).values(name="session_secret", value=made))
        return made
    except IntegrityError:  # another process stored one first: that one
        with engine.connect() as conn:
            return conn.execute(select(c.value).where(c.name == "session_secret")).scalar_one()
    except OperationalError:  # a store that takes no writes: this process's own (sessions end when it does)
        return made


class LoginLimiter:
    """At most ``attempts`` failed logins per ``window`` seconds from one address, and as many for
    one user name (a slow guess spread over many addresses); counted in the store, so that every
    server process sees the others' failures."""

    def __init__(self, engine: Engine, attempts: int = 5, window: float = 300.0):
        self.engine, self.attempts, self.window = engine, attempts, window

    @staticmethod
    def _keys(address: str, name: str) -> list[str]:
        return [hashlib.sha256(k.encode("utf-8", "surrogatepass")).hexdigest() for k in (f"ip:{address}", f"user:{name}")]

    def blocked(self, address: str, name: str) -> bool:
        c = t.login_failures.c
        with self.engine.connect() as conn:
            counts = conn.execute(select(func.count()).where(c.key.in_(self._keys(address, name)),
                                                             c.at > time.time() - self.window).group_by(c.key))
            return any(n >= self.attempts for n in counts.scalars())

    def failed(self, address: str, name: str) -> None:
        at = time.time()
        with self.engine.begin() as conn:
            conn.execute(delete(t.login_failures).where(t.login_failures.c.at <= at - self.window))  # stays small
            conn.execute(insert(t.login_failures), [{"key": k, "at": at} for k in self._keys(address, name)])


def _uploads(path: str) -> bool:
    """The routes that take files: the reviewers' /upload, the preparers' entries."""
    return path == "/upload" or (path.startswith("/prepare/units/") and path.endswith("/upload"))


class TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: the security headers and the session cookie on every response; request
    bodies capped (413, before the body is read whole): ``max_upload`` bytes for the uploads (``POST /upload``
    and a unit's entries),
    ``max_body`` for any other request (forms of a few fields)."""

    def __init__(self, app, max_upload: int, max_body: int = 1 << 20):
        self.app, self.max_upload, self.max_body = app, max_upload, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False
        state = scope.setdefault("state", {})

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", [])) + HEADERS
                cookie = state.get("set_cookie")
                if cookie is not None:
                    headers.append((b"set-cookie", cookie.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        cap = self.max_upload if _uploads(scope.get("path", "")) else self.max_body
        length = next((v for k, v in scope.get("headers", ()) if k == b"content-length"), None)
        if length is not None and (not length.isdigit() or int(length) > cap):
            return await self._too_large(send_with_headers)
        seen = 0

        async def capped_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise TooLarge()
            return message

        try:
            await self.app(scope, capped_receive, send_with_headers)
        except TooLarge:
            if not started:
                await self._too_large(send_with_headers)

    async def _too_large(self, send):
        body = "请求过大：超过上传限制 / request too large".encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def cookie_header(value: str, secure: bool, clear: bool = False) -> str:
    attrs = f"{COOKIE}={'' if clear else value}; Path=/; HttpOnly; SameSite=Lax"
    if clear:
        attrs += "; Max-Age=0"
    return attrs + ("; Secure" if secure else "")
