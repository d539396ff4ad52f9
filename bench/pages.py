"""The CPU time ``yusuan import`` spends making public pages, per file, beside the floor of reading
and checking the same files: N varied copies of the seeds (bench/copies.py), read and checked in
this process; then ``web/parts.read_parts`` (the package HTML and the chart figures, made in the
worker) on each; then the files stored in groups as the import stores them, and
``web/warm.keep_pages`` (each group's anonymous pages, made by the storing thread) timed alone, on
SQLite and on PostgreSQL (127.0.0.1:5432, a fresh database each round; skipped when not reachable).

    .venv/bin/python bench/pages.py [--n 60] [--repeat 3]

Each figure is the best of ``--repeat`` rounds (CPU time moves less than the clock on a shared
machine, and the best round is the least disturbed); one file is read and paged first, untimed
(imports, templates), as a worker has before its thousands of files.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import _pg_database  # noqa: E402
from copies import make_copies  # noqa: E402


def _read(paths):
    from yusuan.batch import file_digest
    from yusuan.read import read_file
    from yusuan.rules import check
    from yusuan.store import loaded
    out = []
    for p in paths:
        digest, size = file_digest(str(p))
        doc = read_file(str(p))
        out.append((doc, loaded(doc, check(doc), sha256=digest, path=str(p), size=size, seconds=0.0)))
    return out


def _cpu(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = fn()
        best = min(best, time.process_time() - start)
    return best, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    from yusuan.batch import GROUP, _store_group
    from yusuan.store.engine import open_store
    from yusuan.web.parts import read_parts
    from yusuan.web.warm import keep_pages
    work = Path(tempfile.mkdtemp(prefix="yusuan-pages-"))
    try:
        paths = make_copies(a.n + 1, work / "files")
        warm, paths = paths[-1], paths[:-1]
        for doc, item in _read([warm]):
            read_parts(doc, item)
        read_cpu, read = _cpu(lambda: _read(paths), a.repeat)
        parts_cpu, items = _cpu(lambda: [read_parts(doc, item) for doc, item in read], a.repeat)
        groups = [items[k:k + GROUP] for k in range(0, len(items), GROUP)]
        n = len(paths)
        print(f"{n} files (copies of the seeds), CPU ms per file, best of {a.repeat}:")
        print(f"  read + check (floor)          {1000 * read_cpu / n:7.1f}")
        print(f"  read_parts (worker)           {1000 * parts_cpu / n:7.1f}  ({100 * parts_cpu / read_cpu:.0f}% of the floor)")
        for database in ("sqlite", "postgresql"):
            keep_cpu = float("inf")
            for r in range(a.repeat):  # each round a fresh store: every page is made anew
                pg = _pg_database() if database == "postgresql" else None
                if database == "postgresql" and pg is None:
                    break
                engine = open_store(pg[0] if pg else str(work / f"s{r}.db"))
                for group in groups:
                    _store_group(engine, group)
                start = time.process_time()
                made = sum(keep_pages(engine, {i.unit[0] for i in group}) for group in groups)
                keep_cpu = min(keep_cpu, time.process_time() - start)
                engine.dispose()
                if pg:
                    from sqlalchemy import text
                    with pg[1].connect() as conn:
                        conn.execute(text(f'DROP DATABASE IF EXISTS "{pg[2]}" WITH (FORCE)'))
            else:
                print(f"  keep_pages ({database:<10})     {1000 * keep_cpu / n:7.1f}  "
                      f"({made} pages; {100 * keep_cpu / read_cpu:.0f}% of the floor)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
