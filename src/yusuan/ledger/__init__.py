"""Document → Budget: the long-format facts of the print (facts.py) and the budget as a ledger
(model.py, build.py), which derive/ makes the standard tables from."""
from .build import build_ledger
from .facts import FACT_COLUMNS, Budget, Fact, build_budget, facts
from .model import DIMENSIONS, Entry, Ledger

__all__ = ["DIMENSIONS", "FACT_COLUMNS", "Budget", "Entry", "Fact", "Ledger", "build_budget", "build_ledger", "facts"]
