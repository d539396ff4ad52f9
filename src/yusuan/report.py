"""Findings: a problem in the user's data is data, never an exception."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .model import Source


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    code: str  # stable rule code, e.g. R004
    severity: Severity
    message: str  # Chinese, with the numbers
    source: Source
    table: str | None = None
    row: str | None = None
    column: str | None = None
    expected: str | None = None
    actual: str | None = None

    def as_dict(self) -> dict:
        return {
            "code": self.code, "severity": self.severity.value, "message": self.message,
            "table": self.table, "row": self.row, "column": self.column,
            "expected": self.expected, "actual": self.actual,
            "source": {"file": self.source.file, "line": self.source.line, "page": self.source.page},
        }

    def __str__(self) -> str:
        return f"{self.source}: [{self.code}] {self.message}"
