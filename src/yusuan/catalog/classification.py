"""One classification tree (支出功能分类 or one of the two 支出经济分类) with year-aware lookups."""

from __future__ import annotations

import csv
import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator

from .names import normalize_name


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    level: int  # 1 = 类, 2 = 款, 3 = 项
    parent: str | None
    valid_from: int | None
    valid_to: int | None  # None = still valid
    aliases: tuple[str, ...]
    evidence: str

    def valid_in(self, year: int | None) -> bool:
        if year is None:
            return True
        return (self.valid_from is None or self.valid_from <= year) and (
            self.valid_to is None or year <= self.valid_to
        )


def read_entries(lines: Iterable[str]) -> list[Entry]:
    def year(text: str) -> int | None:
        return int(text) if text.strip() else None

    return [
        Entry(
            code=row["code"],
            name=row["name"],
            level=int(row["level"]),
            parent=row["parent"] or None,
            valid_from=year(row["valid_from"]),
            valid_to=year(row["valid_to"]),
            aliases=tuple(a for a in row["aliases"].split("|") if a),
            evidence=row["evidence"],
        )
        for row in csv.DictReader(lines)
    ]


def _recency(entry: Entry) -> tuple[bool, int]:
    """Sort key: a still-valid row beats any dated row; among dated rows the latest wins."""
    return (entry.valid_to is None, entry.valid_to or 0)


@functools.lru_cache(maxsize=4096)  # bounded; the checker asks for the same codes again and again
def _clean_code(code: str) -> str:
    # Henan prints codes as 类|款|项 columns ("208 01 09"); callers may pass them joined by whitespace.
    return "".join(str(code).split())


_NOT_ASKED = object()
_FOUND_MAX = 65536


class Classification:
    """Entries of one tree. A code may have several rows when its name changed over the years."""

    def __init__(self, name: str, entries: Iterable[Entry]):
        self.name = name
        self._entries = tuple(entries)
        self._by_code: dict[str, list[Entry]] = defaultdict(list)
        self._by_name: dict[str, list[Entry]] = defaultdict(list)
        self._by_alias: dict[str, list[Entry]] = defaultdict(list)
        self._children: dict[str, set[str]] = defaultdict(set)
        self._found: dict[tuple[str, int | None], Entry | None] = {}  # by_code's answers
        for e in self._entries:
            self._by_code[e.code].append(e)
            self._by_name[normalize_name(e.name)].append(e)
            for alias in e.aliases:
                self._by_alias[normalize_name(alias)].append(e)
            if e.parent:
                self._children[e.parent].add(e.code)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and _clean_code(code) in self._by_code

    def __repr__(self) -> str:
        return f"Classification({self.name!r}, {len(self._entries)} entries)"

    def by_code(self, code: str, year: int | None = None) -> Entry | None:
        """The row of `code` valid in `year`; with no year the current row (else the latest one). Kept:
        the checker asks for the same codes row after row, package after package."""
        key = (code, year)
        found = self._found.get(key, _NOT_ASKED)
        if found is _NOT_ASKED:
            if len(self._found) >= _FOUND_MAX:  # bounded: a long batch meets many misprinted codes
                self._found.clear()
            found = self._found[key] = self._row(code, year)
        return found

    def _row(self, code: str, year: int | None) -> Entry | None:
        rows = [e for e in self._by_code.get(_clean_code(code), ()) if e.valid_in(year)]
        return max(rows, key=_recency) if rows else None

    def children(self, code: str, year: int | None = None) -> tuple[Entry, ...]:
        found = (self.by_code(c, year) for c in sorted(self._children.get(_clean_code(code), ())))
        return tuple(e for e in found if e is not None)

    def by_name(
        self,
        name: str,
        year: int | None = None,
        level: int | None = None,
        parent: str | None = None,
    ) -> Entry | None:
        """Resolve a printed name to one entry, or None when it is unknown or ambiguous.

        Tries the normalised name, then the same with a trailing 支出 added or removed (Henan prints
        class names without it). At each step official names win over aliases (data variants such as
        国内差旅费 or the 保险/保障 misprint). `parent` may be any ancestor code. A name that matches
        several codes is left unresolved rather than guessed; pass level/parent to disambiguate.
        """
        key = normalize_name(name)
        variants = [key, key[:-2] if key.endswith("支出") else key + "支出"]
        for variant in variants:
            for index in (self._by_name, self._by_alias):
                rows = [e for e in index.get(variant, ()) if self._fits(e, level, parent)]
                if rows:
                    return self._pick(rows, year)
        return None

    @staticmethod
    def _fits(entry: Entry, level: int | None, parent: str | None) -> bool:
        if level is not None and entry.level != level:
            return False
        if parent is not None:
            parent = _clean_code(parent)
            return entry.code != parent and entry.code.startswith(parent)
        return True

    @staticmethod
    def _pick(rows: list[Entry], year: int | None) -> Entry | None:
        # Prefer rows valid in the year, but a stale name (e.g. 210 医疗卫生与计划生育支出 printed
        # in a 2023 template) still resolves: the caller sees its valid_to and can flag it.
        current = [e for e in rows if e.valid_in(year)] or rows
        if len({e.code for e in current}) != 1:
            return None
        return max(current, key=_recency)
