"""Every rule code yusuan has ever used, with its severity and status: the one table, as a linter
keeps its codes. ``stable``: its scope and message are settled; ``preview``: new and still being
calibrated on real documents (it runs, and its findings may change); ``retired``: no longer checked,
and the code is never given to another rule. A rule module gives each code its text and its check;
the severity of a real violation is taken from here (rounding tails are info whatever it says).
"""
from __future__ import annotations

from typing import NamedTuple

from ..report import Severity

STATUSES = ("stable", "preview", "retired")

# code  severity  status
TABLE = """
A101  error    stable
A102  error    stable
A103  error    stable
A104  error    stable
A105  error    stable
A106  error    stable
A107  error    stable
A108  error    stable
A109  error    stable
A110  error    stable
A111  error    stable
A112  error    stable
A113  error    stable
A114  error    stable
A115  error    stable
A116  warning  stable
A117  error    preview
X101  error    stable
X102  error    stable
X103  error    stable
X104  error    stable
X105  error    stable
X106  error    stable
X107  error    stable
X108  error    stable
X109  error    stable
X112  error    stable
X113  error    stable
X115  error    stable
X116  error    stable
X120  error    stable
X130  error    stable
N101  error    stable
N102  error    stable
N103  error    stable
N104  error    stable
N105  error    stable
N106  error    stable
N107  error    stable
N108  error    stable
N110  error    stable
N111  error    stable
N112  error    stable
N113  error    stable
N114  error    stable
N115  error    stable
N116  error    stable
N117  error    stable
N118  error    preview
N119  warning  preview
N120  warning  preview
N121  warning  preview
N122  warning  preview
N123  error    preview
N124  error    preview
N125  warning  preview
N126  warning  preview
N127  error    preview
N128  warning  preview
N129  warning  preview
N130  warning  preview
C101  error    stable
C102  error    stable
C103  error    stable
C104  error    stable
C105  error    stable
C106  error    stable
C107  warning  stable
C108  warning  stable
C109  error    stable
C110  warning  stable
K101  error    stable
K102  error    stable
K103  warning  stable
K104  warning  stable
K105  info     stable
K106  warning  stable
P101  error    stable
P102  warning  stable
P103  warning  stable
P104  warning  stable
P105  warning  stable
P106  error    stable
P107  warning  stable
P108  error    stable
P109  warning  stable
P110  warning  stable
P111  warning  stable
P112  warning  stable
P113  warning  stable
P114  warning  stable
P115  warning  stable
P116  warning  stable
P117  warning  stable
R001  error    stable
R002  warning  stable
R003  warning  stable
R004  warning  stable
R005  warning  stable
R006  -        retired
R007  warning  stable
R008  warning  stable
R009  warning  stable
R010  warning  stable
R011  warning  stable
R012  warning  stable
R013  warning  stable
E101  error    preview
E102  error    preview
E103  error    preview
E104  error    preview
E105  error    preview
E106  error    preview
E107  error    preview
E108  error    preview
E109  error    preview
E110  warning  preview
S101  error    stable
S102  error    stable
S103  warning  stable
"""


class Code(NamedTuple):
    severity: Severity | None  # None for a retired code
    status: str


CODES: dict[str, Code] = {
    code: Code(None if severity == "-" else Severity(severity), status)
    for code, severity, status in (line.split() for line in TABLE.strip().splitlines())
}
assert all(c.status in STATUSES for c in CODES.values())
