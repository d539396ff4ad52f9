"""The store: SQLite by default, PostgreSQL by URL (SQLAlchemy Core)."""
from . import portal  # the portal's tables (users, marks, audit log) are in the one MetaData
from .documents import load_document
from .repository import Loaded, loaded, save, stored, unreadable
from .schema import metadata

__all__ = ["Loaded", "load_document", "loaded", "metadata", "portal", "save", "stored", "unreadable"]
