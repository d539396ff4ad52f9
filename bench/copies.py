"""N copies of the five seed packages with varied unit codes, names and years (so that every copy
has its own content hash and its own unit), for bench/batch.py and the batch tests.

Copy i of a seed: the unit code printed as ``212002-…`` (Henan: the unit's row ``303016\t…``) becomes
a new six-digit code of the same 部门 (the first three digits), the unit's name gets a suffix ``i分部``, and every year printed as ``20xx年``
moves by -1, 0 or +1.
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "examples" / "disclosures").glob("*.txt"))
# (unit code as printed, the unit's name) for each seed, in file order
UNITS = (("212002", "重庆市綦江区社会保险事务中心"), ("212001", "重庆市綦江区人力资源和社会保障局（本级）"),
         ("121003", "重庆市荣昌区社会保险事务中心"), ("124", "重庆市大渡口区社会保险事务中心"),
         ("303016", "新乡市社会保险中心"))
_YEAR = re.compile(r"(20\d\d)(\s*年)")


def variant(seed: int, i: int) -> tuple[str, str, int]:
    """(code, name, year shift) of copy ``i`` of seed ``seed``."""
    return f"{UNITS[seed][0][:3]}{i % 1000:03d}", f"{UNITS[seed][1]}{i}分部", (i % 3) - 1


def copy_text(seed: int, i: int) -> str:
    code, name, shift = variant(seed, i)
    old_code, old_name = UNITS[seed]
    text = SEEDS[seed].read_text(encoding="utf-8")
    text = text.replace(old_name, name).replace(f"{old_code}-", f"{code}-").replace(f"{old_code}\t", f"{code}\t")
    return _YEAR.sub(lambda m: f"{int(m.group(1)) + shift}{m.group(2)}", text)


def make_copies(n: int, directory: Path, start: int = 0) -> list[Path]:
    """Write copies ``start`` … ``start + n - 1`` (seeds in turn) into ``directory`` (in subdirectories
    of 1,000 files); → their paths."""
    out = []
    for k in range(start, start + n):
        seed, i = k % len(SEEDS), k // len(SEEDS)
        sub = Path(directory) / f"{k // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"{k:06d}_{SEEDS[seed].stem[:3]}.txt"
        path.write_text(copy_text(seed, i), encoding="utf-8")
        out.append(path)
    return out
