"""What a reader raises for a file it cannot read (the CLI prints it and exits 2; a batch stores
it as the file's R001 finding)."""
from __future__ import annotations


class UnreadableError(Exception):
    """The file is not a disclosure this reader knows (said in Chinese and English)."""


class LimitError(UnreadableError):
    """The file goes beyond a reading limit (``read/limits.py``); ``limit`` names the field."""

    def __init__(self, message: str, limit: str | None = None):
        super().__init__(message)
        self.limit = limit
