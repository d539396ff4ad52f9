"""Readers: a disclosure file → Document."""
from .document import UnreadableError, read_file, read_lines, read_text
from .errors import LimitError
from .limits import Limits

__all__ = ["LimitError", "Limits", "UnreadableError", "read_file", "read_lines", "read_text"]
