"""Helpers for the store tests (query, compare, export, stored rules): a real SQLite file (or
PostgreSQL) database filled with seed packages and edited copies of them."""
from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import create_engine

from conftest import seed_path
from yusuan.read import read_file
from yusuan.rules import check
from yusuan.store import loaded, metadata, save


def engine_for(url: str):
    try:
        from yusuan.store.engine import open_store  # the migrations, once they land
    except ImportError:
        engine = create_engine(url)
        metadata.create_all(engine)
        return engine
    return open_store(url)


def store_files(engine, paths) -> None:
    for p in paths:
        p = Path(p)
        data = p.read_bytes()
        doc = read_file(p)
        with engine.begin() as conn:
            save(conn, loaded(doc, check(doc), sha256=hashlib.sha256(data).hexdigest(), path=str(p),
                              size=len(data), seconds=0.0))


def edited(number: str, tmp: Path, name: str, *replacements: tuple[str, str]) -> Path:
    """A copy of a seed with some text replaced (each replacement must occur)."""
    text = seed_path(number).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    out = tmp / name
    out.write_text(text, encoding="utf-8")
    return out


def edited_lines(number: str, tmp: Path, name: str, years: tuple[tuple[str, str], ...],
                 lines: dict[int, tuple[str, str]]) -> Path:
    """A copy of a seed: ``years`` replaced everywhere (in order), and on given (1-based) lines
    ``old`` replaced by ``new`` (each must occur there)."""
    rows = seed_path(number).read_text(encoding="utf-8").split("\n")
    for no, (old, new) in lines.items():
        assert old in rows[no - 1], (no, old, rows[no - 1])
        rows[no - 1] = rows[no - 1].replace(old, new)
    text = "\n".join(rows)
    for old, new in years:
        text = text.replace(old, new)
    out = tmp / name
    out.write_text(text, encoding="utf-8")
    return out


def prior_year_000(tmp: Path) -> Path:
    """Seed 000 as if it were the 2022 budget, with 社会保障和就业支出 edited: 2,859.58 → 2,600.00 in
    表二 (and its 类 row in 表一), so that 2023 − 2022 = 259.58 and +9.98%."""
    return edited("000", tmp, "000_2022.txt", ("2023", "2022"),
                  ("社会保障和就业支出\t2,859.58\t2,859.58", "社会保障和就业支出\t2,600.00\t2,600.00"),
                  ("208\t社会保障和就业支出\t2,859.58\t879.69\t1,979.89", "208\t社会保障和就业支出\t2,600.00\t879.69\t1,720.31"))
