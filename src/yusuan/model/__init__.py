"""The records every stage shares."""
from .money import Status, classify, half_ulp, is_amount, parse_amount
from .records import (
    Cell,
    Claim,
    Document,
    Indicator,
    Performance,
    Project,
    Row,
    Section,
    Source,
    Table,
    Unit,
)

__all__ = [
    "Cell", "Claim", "Document", "Indicator", "Performance", "Project", "Row", "Section",
    "Source", "Status", "Table", "Unit", "classify", "half_ulp", "is_amount", "parse_amount",
]
