"""The records every stage shares."""
from .money import UNREAD, Status, Unread, classify, half_ulp, is_amount, parse_amount, unread
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
    "Source", "Status", "Table", "UNREAD", "Unit", "Unread", "classify", "half_ulp", "is_amount", "parse_amount",
    "unread",
]
