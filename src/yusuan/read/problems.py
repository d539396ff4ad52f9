"""Reading problems (family R): what a reader could not read, said with its location.

Codes are stable and never reused; issue 3's rule registry documents them.
"""
from __future__ import annotations

from ..model import Source
from ..report import Finding, Severity

R001 = "R001"  # the file could not be read or is not a disclosure
R002 = "R002"  # a value printed as "#####" (lost in export)
R003 = "R003"  # a table whose kind could not be recognised
R004 = "R004"  # a value that could not be placed in a column (ambiguous after every identity)
R005 = "R005"  # a cell that should hold a number holds text
R006 = "R006"  # a header column that could not be named
R007 = "R007"  # a row whose values do not fit the table's columns
R008 = "R008"  # hidden rows, columns or sheets in a workbook
R009 = "R009"  # a table whose kind was decided by its content (header words, row codes), not its title
R010 = "R010"  # amounts implausible for the printed unit (单位：万元 with amounts of 元, or the reverse)
R011 = "R011"  # content beyond a reading limit was left out or read plainly (a worksheet's far cells, a PDF page's caps)
R012 = "R012"  # a table read wrong: its cells out of order in the text, or its identities failing in most rows

_SEVERITY = {R001: Severity.ERROR, R002: Severity.WARNING, R003: Severity.WARNING, R004: Severity.WARNING,
             R005: Severity.WARNING, R006: Severity.INFO, R007: Severity.WARNING,
             R008: Severity.WARNING, R009: Severity.WARNING,
             R010: Severity.WARNING, R011: Severity.WARNING, R012: Severity.WARNING}


def problem(code: str, message: str, source: Source, **where) -> Finding:
    return Finding(code, _SEVERITY[code], message, source, **where)
