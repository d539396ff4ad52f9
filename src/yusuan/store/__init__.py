"""The store: SQLite by default, PostgreSQL by URL (SQLAlchemy Core)."""
from .documents import load_document
from .repository import Loaded, loaded, save, stored, unreadable
from .schema import metadata

__all__ = ["Loaded", "load_document", "loaded", "metadata", "save", "stored", "unreadable"]
