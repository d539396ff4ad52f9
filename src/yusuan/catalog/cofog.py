"""支出功能分类 → COFOG (UN Classification of the Functions of Government), where it is known.

``data/cofog.csv`` maps 类 codes (and a few 款) to a COFOG division or group, with its source;
classes whose functions COFOG splits (科学技术, 文化旅游体育与传媒, 金融…) are listed unmapped
with the reason. A 项 or 款 takes the mapping of its nearest mapped ancestor.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class CofogEntry:
    code: str  # 类 (3 digits) or 款 (5 digits)
    name: str
    cofog: str  # "10", "07.3"; "" when not mapped
    cofog_name: str
    source: str
    notes: str


@lru_cache(maxsize=1)
def cofog_table() -> dict[str, CofogEntry]:
    text = resources.files("yusuan.catalog").joinpath("data/cofog.csv").read_text(encoding="utf-8")
    return {r["code"]: CofogEntry(r["code"], r["name"], r["cofog"], r["cofog_name"], r["source"], r["notes"])
            for r in csv.DictReader(text.splitlines())}


def cofog(code: str) -> CofogEntry | None:
    """The COFOG mapping of a functional code (``2080505`` → 10.2 via 20805; ``208`` → 10), or None."""
    if not (code and code.isdigit() and code[0] == "2" and len(code) in (3, 5, 7)):
        return None
    table = cofog_table()
    for prefix in (code[:5], code[:3]):
        e = table.get(prefix)
        if e is not None and e.cofog:
            return e
    return None
