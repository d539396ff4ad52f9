"""Classification catalogues used by budget disclosures (政府收支分类科目).

* ``functional``    支出功能分类 (类 3 / 款 5 / 项 7 digits)
* ``economic_dept`` 部门预算支出经济分类 (301–399, 类 / 款)
* ``economic_gov``  政府预算支出经济分类 (501–599, 类 / 款)

The data live in ``data/*.csv``; every row carries an evidence tag (SEED / SRC n / MEM, see DOMAIN.md;
CORPUS names the packages of examples/corpus that print the code with that name).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from importlib import resources

from .classification import Classification, Entry, read_entries
from .names import normalize_name

__all__ = ["Catalog", "Classification", "Entry", "load_catalog", "normalize_name", "UNIT_TYPES"]

# admin = 行政单位/参公 (501/502…), institution = 事业单位 (505…), any = both.
UNIT_TYPES = ("admin", "institution", "any")


@dataclass(frozen=True)
class Catalog:
    functional: Classification
    economic_dept: Classification
    economic_gov: Classification
    # (dept_code, gov_code, unit_type) in file order
    mapping: tuple[tuple[str, str, str], ...] = field(default=(), repr=False)

    def map_dept_to_gov(self, dept_code: str, unit_type: str = "any") -> tuple[str, ...]:
        """政府预算经济分类 codes for a 部门预算经济分类 款.

        With unit_type "admin" or "institution" only the rows for that kind of unit (plus rows valid
        for both) are used; with "any" (unit type unknown) every candidate is returned, admin first.
        """
        if unit_type not in UNIT_TYPES:
            raise ValueError(f"unit_type must be one of {UNIT_TYPES}, not {unit_type!r}")
        found: list[str] = []
        for dept, gov, kind in self.mapping:
            if dept == dept_code and (unit_type == "any" or kind in (unit_type, "any")):
                if gov not in found:
                    found.append(gov)
        return tuple(found)


def _read(name: str) -> list[str]:
    path = resources.files(__package__) / "data" / name
    with path.open(encoding="utf-8", newline="") as f:
        return list(f)


@functools.cache
def load_catalog() -> Catalog:
    """Read the CSV files once; importlib.resources keeps this working from an installed wheel."""
    mapping_rows = csv.DictReader(_read("economic_mapping.csv"))
    return Catalog(
        functional=Classification("functional", read_entries(_read("functional.csv"))),
        economic_dept=Classification("economic_dept", read_entries(_read("economic_dept.csv"))),
        economic_gov=Classification("economic_gov", read_entries(_read("economic_gov.csv"))),
        mapping=tuple((r["dept_code"], r["gov_code"], r["unit_type"]) for r in mapping_rows),
    )


@functools.cache
def misprints() -> dict[tuple[str, str], str]:
    """(code, printed name) → official name, for names that are errors rather than accepted
    variants (the aliases of the catalogs are variants a reader must still recognise)."""
    text = resources.files(__package__).joinpath("data/misprints.csv").read_text(encoding="utf-8")
    return {(r["code"], r["printed"]): r["official"] for r in csv.DictReader(text.splitlines())}
