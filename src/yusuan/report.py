"""Findings: a problem in the user's data is data, never an exception."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from .model import Source
from .model.frozen import record


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """错误 / 警告 / 提示: how the text output and the HTML report name it."""
        return LABELS[self]

    @property
    def rank(self) -> int:
        return _ORDER[self]


LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


@record
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
            "source": self.source.as_dict(),
        }

    def __str__(self) -> str:
        """``file:line: 错误 [A101] message``: the severity on every line, as the counts line names them."""
        return f"{self.source}: {self.severity.label} [{self.code}] {self.message}"


_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Report:
    """The findings for one file, in reading order."""

    file: str
    findings: tuple[Finding, ...]
    checked: dict[str, int] = field(default_factory=dict)  # per rule: the checks it made
    skipped: dict[str, int] = field(default_factory=dict)  # per rule: checks left out for an unread value

    @classmethod
    def of(cls, file: str, findings, sheets: Sequence[str] = (), checked=None, skipped=None) -> "Report":
        """Sorted by page, then sheet (in ``sheets``' order: the workbook's, not the names'), then
        line: a line number counts from the top of its page or sheet."""
        rank = {name: i for i, name in enumerate(sheets)}

        def key(f: Finding):
            s = f.source
            sheet = (-1, "") if s.sheet is None else (rank.get(s.sheet, len(rank)), s.sheet)
            return s.page or 0, sheet, s.line or 0, f.code

        return cls(file, tuple(sorted(findings, key=key)), dict(sorted((checked or {}).items())),
                   dict(sorted((skipped or {}).items())))

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(f.severity.value for f in self.findings)
        return {s.value: c.get(s.value, 0) for s in Severity}

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    def at_least(self, severity: Severity) -> "Report":
        """The findings of ``severity`` or worse (``--severity warning`` leaves out the 尾差 notes)."""
        return Report(self.file, tuple(f for f in self.findings if f.severity.rank <= severity.rank))

    def codes(self, severity: Severity | None = None) -> list[str]:
        return sorted({f.code for f in self.findings if severity is None or f.severity is severity})

    def as_dict(self) -> dict:
        return {"file": self.file, "counts": self.counts, "findings": [f.as_dict() for f in self.findings],
                "checked": self.checked, "skipped": self.skipped}

    def text(self) -> str:
        lines = [str(f) for f in self.findings]
        c = self.counts
        lines.append(f"{self.file}: 错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}")
        return "\n".join(lines)
