"""Opening the store: a URL (or a bare path: SQLite) → an Engine whose schema is at the newest
migration.

``open_store()`` uses ``--db``, else the environment variable ``YUSUAN_DB``, else ``yusuan.db`` in
the working directory. SQLite gets WAL (readers never block the writer; a killed import leaves the
file consistent), ``synchronous=NORMAL`` (safe with WAL, much faster than FULL), foreign keys on
and a busy timeout. PostgreSQL: ``postgresql+psycopg://user@host:port/db``.

Migrations run one at a time: two imports opening a new database at once would both create the
tables. The first takes a write lock (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an advisory lock
for the transaction), the second waits for it and then finds the schema at the newest revision.
"""
from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url

DEFAULT = "yusuan.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def store_url(url: str | None = None) -> str:
    """The database URL: ``url``, else $YUSUAN_DB, else yusuan.db; a bare path means SQLite."""
    url = url or os.environ.get("YUSUAN_DB") or DEFAULT
    return url if "://" in url else f"sqlite:///{Path(url).expanduser()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    for pragma in ("busy_timeout=60000", "journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON",
                   "temp_store=MEMORY", "cache_size=-65536"):  # the timeout first: another process may hold the lock
        _retried(cur, f"PRAGMA {pragma}")
    cur.close()


def _retried(cur, sql: str, seconds: float = 60.0) -> None:
    """SQLite may answer "database is locked" without waiting out the busy timeout (its deadlock
    avoidance) when two processes open one new file at once and both switch it to WAL: wait and
    try again."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            cur.execute(sql)
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def alembic_config() -> Config:
    """Alembic's configuration, built in code: users need no alembic.ini."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


_MIGRATION_LOCK = 0x79757375616E  # "yusuan": PostgreSQL's advisory lock key for migrations


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate in one transaction that holds the store's write lock (see the module)."""
    cfg = alembic_config()
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # outside the transaction, where SQLite allows it: batch migrations copy referenced tables
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
        finally:
            if sqlite:
                conn.rollback()
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")


def open_store(url: str | None = None, *, migrate: bool = True) -> Engine:
    """An Engine for the store, upgraded to the newest schema (unless ``migrate=False``)."""
    url = store_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    if migrate:
        upgrade(engine)
    return engine
