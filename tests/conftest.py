"""Shared fixtures: the five seed disclosures, each read once per test session.

The seeds live in ``examples/disclosures/`` (their original file names); a test names a seed by
its number: ``seed("000")`` … ``seed("004")``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # so that ``pytest`` works without PYTHONPATH=src too
    sys.path.insert(0, str(ROOT / "src"))

from yusuan.read import read_file  # noqa: E402

SEEDS = ROOT / "examples" / "disclosures"
SEED_NUMBERS = ("000", "001", "002", "003", "004")
pytest_plugins = ["batchdb"]  # its ``pg_url`` fixture (a fresh PostgreSQL database) for every test file


# fixtures that need a program or server beyond Python: a test using one gets its marker, so that
# ``pytest -m "not server"`` leaves them out on a machine without it (CI runs them all)
NEEDS = {"server": {"pg_url"}, "office": {"libreoffice_pdfs", "word_pdfs", "xls_books", "unfitted_pdfs"}}


def pytest_collection_modifyitems(items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for marker, fixtures in NEEDS.items():
            if used & fixtures:
                item.add_marker(marker)


def seed_path(number: str) -> Path:
    paths = sorted(SEEDS.glob(f"{number}_*.txt"))
    if not paths:
        raise FileNotFoundError(f"seed {number} is missing from {SEEDS}")
    return paths[0]


@pytest.fixture(scope="session")
def seed():
    """``seed("001")`` → the Document of seed 001 (read once, shared by every test)."""
    cache: dict[str, object] = {}

    def load(number: str):
        if number not in cache:
            cache[number] = read_file(seed_path(number))
        return cache[number]

    return load


@pytest.fixture(scope="session")
def seed_lines():
    """``seed_lines("000")[176]`` → line 176 of seed 000 as printed (1-based; index 0 is "")."""
    cache: dict[str, list[str]] = {}

    def load(number: str) -> list[str]:
        if number not in cache:
            cache[number] = [""] + seed_path(number).read_text(encoding="utf-8").splitlines()
        return cache[number]

    return load


@pytest.fixture(scope="session")
def seed_file():
    """``seed_file("002")`` → the path of seed 002."""
    return seed_path
