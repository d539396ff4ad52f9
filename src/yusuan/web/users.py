"""Users, roles and the units each manages: creating, changing, checking a password, the audit log.

Passwords are argon2 hashes (argon2-cffi's defaults, RFC 9106's second recommended profile); a
hash made with older parameters is replaced at the next successful login.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from ..store import portal as t

_HASHER = PasswordHasher()


@functools.cache
def _dummy() -> str:
    """A hash to verify against when the user does not exist, so that a wrong name costs as long as a
    wrong password; made at the first login, not at import (an import that makes pages loads this module)."""
    return _HASHER.hash("yusuan-no-such-user")


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str  # admin | reviewer | preparer
    active: bool
    units: tuple[str, ...]  # unit (or 部门) codes managed; a reviewer without any reviews every unit

    def covers(self, code: str | None, parent: str | None = None) -> bool:
        """Whether this user's scope takes in a unit (its code, or its 部门's)."""
        if self.role == "admin" or (self.role == "reviewer" and not self.units):
            return True
        return any(c and c in self.units for c in (code, parent))


class UserError(ValueError):
    """A user that cannot be made or changed as asked (the message is Chinese, for the page)."""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 64 or any(ch.isspace() or ord(ch) < 32 for ch in name):
        raise UserError("用户名应为 1 至 64 个字符，不含空白")
    return name


def _check_password(password: str) -> str:
    if len(password) < 8:
        raise UserError("密码至少 8 个字符")
    if len(password) > 1024:
        raise UserError("密码过长")
    return password


def _check(role: str, units) -> tuple[str, ...]:
    if role not in t.ROLES:
        raise UserError(f"角色应为 {'、'.join(t.ROLES)} 之一")
    units = tuple(dict.fromkeys(u.strip() for u in units if u and u.strip()))
    if any(len(u) > 64 for u in units):
        raise UserError("单位编码过长")
    if role == "preparer" and not units:
        raise UserError("编制人员至少管理一个单位（--unit）")
    return units


def audit(conn: Connection, user_id: int | None, action: str, target: str, detail: str = "") -> None:
    conn.execute(insert(t.audit_log).values(at=now(), user_id=user_id, action=action, target=target, detail=detail))


def add_user(conn: Connection, name: str, password: str, role: str, units=(), *, by: int | None = None) -> User:
    name, units = _check_name(name), _check(role, units)
    _check_password(password)
    if conn.execute(select(t.users.c.id).where(t.users.c.name == name)).first():
        raise UserError(f"用户“{name}”已存在")
    uid = conn.execute(insert(t.users).values(name=name, password=hash_password(password), role=role, active=True,
                                              created_at=now()).returning(t.users.c.id)).scalar_one()
    if units:
        conn.execute(insert(t.user_units), [{"user_id": uid, "unit_code": u} for u in units])
    audit(conn, by, "user.add", f"user:{name}", f"role={role} units={','.join(units)}")
    return User(uid, name, role, True, units)


def update_user(conn: Connection, uid: int, *, role: str, units, active: bool, password: str | None = None,
                by: int | None = None) -> User:
    found = get_user(conn, uid)
    if found is None:
        raise UserError("没有这个用户")
    units = _check(role, units)
    values = {"role": role, "active": active}
    if password:
        values["password"] = hash_password(_check_password(password))
    conn.execute(update(t.users).where(t.users.c.id == uid).values(**values))
    conn.execute(delete(t.user_units).where(t.user_units.c.user_id == uid))
    if units:
        conn.execute(insert(t.user_units), [{"user_id": uid, "unit_code": u} for u in units])
    if not active or password:  # a disabled user or a new password ends the user's sessions
        conn.execute(delete(t.sessions).where(t.sessions.c.user_id == uid))
    audit(conn, by, "user.update", f"user:{found.name}",
          f"role={role} units={','.join(units)} active={active}" + (" password" if password else ""))
    return User(uid, found.name, role, active, units)


def _units_of(conn: Connection, uid: int) -> tuple[str, ...]:
    return tuple(r[0] for r in conn.execute(select(t.user_units.c.unit_code).where(t.user_units.c.user_id == uid)
                                            .order_by(t.user_units.c.unit_code)))


def get_user(conn: Connection, uid: int) -> User | None:
    r = conn.execute(select(t.users).where(t.users.c.id == uid)).first()
    return None if r is None else User(r.id, r.name, r.role, r.active, _units_of(conn, r.id))


def all_users(conn: Connection) -> tuple[User, ...]:
    rows = conn.execute(select(t.users).order_by(t.users.c.name)).all()
    return tuple(User(r.id, r.name, r.role, r.active, _units_of(conn, r.id)) for r in rows)


def authenticate(conn: Connection, name: str, password: str) -> User | None:
    """The active user with this name and password, else None (in about the same time either way)."""
    r = conn.execute(select(t.users).where(t.users.c.name == name)).first()
    try:
        _HASHER.verify(r.password if r is not None else _dummy(), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if r is None or not r.active:
        return None
    if _HASHER.check_needs_rehash(r.password):
        conn.execute(update(t.users).where(t.users.c.id == r.id).values(password=hash_password(password)))
    return User(r.id, r.name, r.role, r.active, _units_of(conn, r.id))
