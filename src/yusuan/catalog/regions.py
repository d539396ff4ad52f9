"""Regional profiles as data (data/regions.csv): which region a package is from, and which of the
catalogs that region numbers its own way (its names there are regional data, not the national
catalog's, so yusuan does not judge them against the national names)."""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

from .vocabulary import squash


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    division: str  # the 2-digit 行政区划 prefix of the province
    names: tuple[str, ...]  # a unit's name starting with one of these is of the region
    regional_trees: frozenset[str]  # catalogs the region numbers its own way: functional, economic_dept


@functools.cache
def regions() -> tuple[Region, ...]:
    text = resources.files(__package__).joinpath("data/regions.csv").read_text(encoding="utf-8")
    return tuple(Region(r["region"], r["name"], r["division"], tuple(n for n in r["names"].split("|") if n),
                        frozenset(t for t in r["regional_trees"].split("|") if t))
                 for r in csv.DictReader(text.splitlines()))


NATIONAL = Region("national", "全国", "", (), frozenset())


def region_of(unit_name: str | None, division: str | None = None) -> Region:
    """The region of a package: its 行政区划 code (from project codes), else its unit's name."""
    name = squash(unit_name or "")
    for r in regions():
        if r.division and division and division.startswith(r.division):
            return r
    for r in regions():
        if any(name.startswith(n) for n in r.names):
            return r
    return NATIONAL
