"""编制: a unit's package prepared from its budget data (the entries), not typed into tables.

entries.py (what is given) → load.py (JSON, checked where each value was given) → ledger.py (the
entries as a ledger) → package.py (every standard table derived, the forms, the sections) → the
renderers and the checker, as for a package that was read.
"""
from .entries import Entries
from .load import EntriesError, load_json
from .package import package

__all__ = ["Entries", "EntriesError", "load_json", "package"]
