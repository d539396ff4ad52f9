"""The web portal's own tables (migration 0007): users and the units they manage, login sessions,
uploads under review, the marks put on findings and the audit log of every change; (migration 0008)
the versions of packages prepared in the portal and the steps of their workflow; (migration 0009)
the parts of a budget's public page kept per stored version (``page_cache``); (migration 0010) what
the portal's server processes share: its settings and the recent failed logins.

They live in the store's MetaData, so that the store's schema is one (``compare_metadata`` finds no
drift), and reference the store's documents and findings by id.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from sqlalchemy import (Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary, String, Table, Text,
                        UniqueConstraint)

from .schema import metadata, units

# the portal finds a budget by its unit's code (/units/{code}/{year}): without this, a scan of every unit
Index("ix_units_code", units.c.code)

ROLES = ("admin", "reviewer", "preparer")
MARKS = ("已核实", "已说明")
STATES = ("草稿", "已提交", "退回", "审核通过", "已公开")  # a prepared version's workflow

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("password", Text, nullable=False),  # an argon2 hash
    Column("role", String(16), nullable=False),  # admin | reviewer | preparer
    Column("active", Boolean, nullable=False),
    Column("created_at", String(32), nullable=False),
    UniqueConstraint("name", name="uq_users_name"),
)

user_units = Table(  # the units a reviewer or preparer manages (a code; a 部门's code covers its units)
    "user_units", metadata,
    Column("user_id", ForeignKey("users.id"), primary_key=True),
    Column("unit_code", String(64), primary_key=True),
)

sessions = Table(  # a login: the cookie carries the signed id; logging out deletes the row
    "sessions", metadata,
    Column("id", String(64), primary_key=True),
    Column("user_id", ForeignKey("users.id"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires", Integer, nullable=False),  # epoch seconds
)

uploads = Table(  # one uploaded file: stored under a generated name, read in a worker, its report kept
    "uploads", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id"), nullable=False),
    Column("batch", String(32), nullable=False),  # the files of one request
    Column("original", Text, nullable=False),  # the name the browser gave: shown, never used as a path
    Column("stored_as", String(64), nullable=False),  # the generated name
    Column("content_type", String(16), nullable=False),  # pdf | xlsx | docx | xls | doc | text | html
    Column("size", Integer, nullable=False),
    Column("document_id", ForeignKey("documents.id")),  # None: refused or failed (see message)
    Column("message", Text),
    Column("report", Text),  # the check report's body (report_html), rendered in the worker
    Column("created_at", String(32), nullable=False),
)
Index("ix_uploads_document", uploads.c.document_id)

marks = Table(  # the current mark of a finding (已核实 | 已说明); every change is in audit_log too
    "marks", metadata,
    Column("finding_id", ForeignKey("findings.id"), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("comment", Text, nullable=False),
    Column("user_id", ForeignKey("users.id"), nullable=False),
    Column("at", String(32), nullable=False),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(32), nullable=False),
    Column("user_id", ForeignKey("users.id")),
    Column("action", String(32), nullable=False),  # mark | upload | user.add | user.update | login | logout
    Column("target", Text, nullable=False),  # finding:12, upload:3, user:alice
    Column("detail", Text, nullable=False),
)
Index("ix_audit_target", audit_log.c.target)


prepared = Table(  # one version of a unit's entries, as uploaded or edited: never changed but for its state
    "prepared", metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_code", String(64), nullable=False),
    Column("unit_name", Text),
    Column("unit_parent", String(64)),  # its 部门 for the scope: the store's, else the first version's
    Column("year", Integer, nullable=False),  # 0: the entries give none (an E107 says so)
    Column("kind", String(16), nullable=False),
    Column("version", Integer, nullable=False),  # 1, 2 … per unit, year and kind
    Column("state", String(16), nullable=False),  # STATES
    Column("origin", String(8), nullable=False),  # form | json | xlsx
    Column("original", Text, nullable=False),  # the uploaded file's name, shown only; the form's: 在线填报
    Column("entries", Text, nullable=False),  # the entries' JSON (entries.schema.json's shape)
    Column("findings", Text, nullable=False),  # JSON: the findings' store rows with their places
    Column("errors", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
    Column("package", Text),  # the derived package's HTML body (render/html.py), as the budget page shows it
    Column("document", LargeBinary),  # the prepared document, packed (store/documents.py): what publishing stores
    Column("document_id", ForeignKey("documents.id")),  # the stored document, once published
    Column("created_by", ForeignKey("users.id"), nullable=False),
    Column("created_at", String(32), nullable=False),
    UniqueConstraint("unit_code", "year", "kind", "version", name="uq_prepared_version"),
)

prepared_steps = Table(  # every state a version passed through: who, when, from, to, the comment
    "prepared_steps", metadata,
    Column("id", Integer, primary_key=True),
    Column("prepared_id", ForeignKey("prepared.id"), nullable=False),
    Column("at", String(32), nullable=False),
    Column("user_id", ForeignKey("users.id"), nullable=False),
    Column("from_state", String(16)),  # None: the version was made
    Column("to_state", String(16), nullable=False),
    Column("comment", Text, nullable=False),
)
Index("ix_prepared_steps_version", prepared_steps.c.prepared_id)


page_cache = Table(  # what a budget version's public page is made of, kept so that a first visit renders little
    "page_cache", metadata,
    Column("budget_id", ForeignKey("budgets.id"), primary_key=True, autoincrement=False),
    Column("part", String(16), primary_key=True),  # package | figures | api | page (web/kept.py)
    Column("document_id", Integer, nullable=False),  # the version's document: a row of another is never used
    Column("stamp", String(64), nullable=False),  # the code that made it (web/kept.py STAMP): other code's is made again
    Column("depends", Integer),  # page: the newest budget id of the units with this code when it was made
    Column("body", LargeBinary, nullable=False),  # gzip-compressed UTF-8 (a page is sent as it is kept)
    Column("made_at", String(32), nullable=False),
)


portal_settings = Table(  # shared by every server process: the generated key signing the session cookies
    "portal_settings", metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

login_failures = Table(  # the recent failed logins the rate limit counts (web/security.py), dropped once old
    "login_failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False),  # a digest of "ip:ADDRESS" or "user:NAME" (any length is typed)
    Column("at", Float, nullable=False),  # epoch seconds: the same clock in every process
)
Index("ix_login_failures_key", login_failures.c.key, login_failures.c.at)


@lru_cache(maxsize=1)
def stamp() -> str:
    """The code that makes the kept parts of ``page_cache``: a digest of yusuan's own files, so that a
    release that renders differently makes every page again rather than serve an old rendering."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.suffix in (".py", ".html", ".toml", ".csv", ".json", ".css", ".svg") and p.is_file():
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:32]
