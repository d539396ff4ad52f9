"""Readers: a disclosure file → Document."""
from .document import UnreadableError, read_file, read_lines, read_text

__all__ = ["UnreadableError", "read_file", "read_lines", "read_text"]
