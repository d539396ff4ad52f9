"""Alembic environment for the store, run in code by ``yusuan.store.engine.upgrade`` (no alembic.ini).

The caller passes an open connection in ``config.attributes["connection"]``; offline (SQL script)
mode is not used.
"""
from __future__ import annotations

from alembic import context

from yusuan.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by the alembic command line without yusuan
    raise RuntimeError("run migrations through yusuan.store.open_store()")

context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")  # SQLite alters by copying tables
with context.begin_transaction():
    context.run_migrations()
