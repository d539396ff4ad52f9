"""Catalog extensions harvested from documents: the code–name pairs a set of packages print.

``yusuan catalog harvest PATH... -o FILE`` writes one CSV row per (tree, code, name) with how many
tables printed it and where first; ``yusuan check --catalog FILE`` then trusts those codes and names
(a region's own numbering, a code newer than yusuan's catalog). The file is plain data a person can
review and edit before trusting it.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..model import Document
from .vocabulary import ORDINAL, TWO_SIDED, squash

ECONOMIC_KINDS = frozenset({"basic_expenditure", "economic_summary", "final_basic_expenditure"})
FIELDS = ("tree", "code", "name", "count", "seen")


def tree_of(kind: str) -> str:
    """The catalog a table's row codes belong to."""
    return "economic_dept" if kind in ECONOMIC_KINDS else "functional"


@dataclass(frozen=True)
class Extension:
    """(tree, code) → the names trusted for it."""

    names: dict[tuple[str, str], frozenset[str]]

    def knows(self, tree: str, code: str) -> bool:
        return (tree, code) in self.names

    def accepts(self, tree: str, code: str, name: str) -> bool:
        return squash(name) in self.names.get((tree, code), ())


NO_EXTENSION = Extension({})


def harvest(docs: Iterable[Document]) -> list[dict]:
    """One row per (tree, code, name) printed in the documents' classified rows, most printed first."""
    count: dict[tuple[str, str, str], int] = defaultdict(int)
    seen: dict[tuple[str, str, str], str] = {}
    for doc in docs:
        for t in doc.tables:
            if t.kind in TWO_SIDED or t.kind == "unknown":
                continue
            for r in t.rows:
                if not (r.code and r.code.isdigit() and len(r.code) in (3, 5, 7) and r.name):
                    continue
                key = (tree_of(t.kind), r.code, ORDINAL.sub("", squash(r.name)))
                count[key] += 1
                seen.setdefault(key, str(r.source))
    rows = [dict(zip(FIELDS, (*k, n, seen[k]))) for k, n in count.items()]
    return sorted(rows, key=lambda r: (r["tree"], r["code"], -r["count"], r["name"]))


def write_extension(rows: list[dict]) -> str:
    out = io.StringIO()
    w = csv.DictWriter(out, FIELDS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue()


def read_extension(*paths: str | Path) -> Extension:
    """The extension the CSV files hold together (tree, code, name; other columns are notes)."""
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for path in paths:
        with open(path, encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                if r.get("tree") and r.get("code"):
                    names[(r["tree"].strip(), r["code"].strip())].add(squash(r.get("name") or ""))
    return Extension({k: frozenset(v) for k, v in names.items()})
