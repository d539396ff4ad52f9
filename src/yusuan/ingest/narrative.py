"""Narrative (情况说明) → sections and numeric claims. Filled in below."""
from __future__ import annotations


def read_narrative(lines, file, year):
    return [], []
