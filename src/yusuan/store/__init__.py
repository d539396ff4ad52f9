"""The store: SQLite by default, PostgreSQL by URL (SQLAlchemy Core)."""
from .repository import Loaded, loaded, save, stored, unreadable
from .schema import metadata

__all__ = ["Loaded", "loaded", "metadata", "save", "stored", "unreadable"]
