"""Document → Budget: the semantic facts every later stage uses."""
from .facts import FACT_COLUMNS, Budget, Fact, build_budget, facts

__all__ = ["FACT_COLUMNS", "Budget", "Fact", "build_budget", "facts"]
