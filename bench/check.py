"""Read + check throughput for the five bundled seeds, beside reading alone; each figure as CPU
time of this process (which moves little with the load of a shared machine) and as wall time.

    python3 bench/check.py [--rounds N]      (goal, issue 18: ≥ 100 documents/s CPU on one core for read + check)

2026-12-06, a shared machine: check alone 115 → 140–171 documents/s CPU, read + check 40 → 56–63.
2026-12-07, a quiet hour of the same machine: read 139.3, check alone 107.6, read + check 60.7.
2026-12-07, issue 18's check work (against 0586465, alternated, a loaded machine): check alone 80.5 / 76.6 →
91.0 / 90.7 documents/s CPU; instructions (bench/instructions.py) check alone 76.0 → 67.1 M (−11.7%).
2026-12-07, the second round (against fb5e06d, alternated, --rounds 20): check alone 98.2 / 97.3 → 119.1 / 112.9
documents/s CPU, read + check 45.5 / 45.2 → 51.2 / 49.5; instructions check alone 66.8 → 55.6 M (−16.7%), read +
check 138.3 → 127.1 M. Both re-check the same five seeds: with the caches across documents (a question to the
ledger, a K102 code and name, a claim's subject) emptied before each check, check alone is 61.3 M (−8.2%).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from yusuan.read import read_text  # noqa: E402
from yusuan.rules import check  # noqa: E402


def clocked(fn):
    """(fn's result, CPU seconds, wall seconds)."""
    c0, w0 = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.process_time() - c0, time.perf_counter() - w0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples" / "disclosures").glob("*.txt"))]
    for name, text in texts:  # warm the catalog and caches once
        check(read_text(text, name))

    docs, read_cpu, read_wall = clocked(lambda: [read_text(text, name) for _ in range(args.rounds) for name, text in texts])
    n_findings, check_cpu, check_wall = clocked(lambda: sum(len(check(d).findings) for d in docs))

    n = len(docs)
    print(f"documents: {n} ({len(texts)} seeds × {args.rounds} rounds), one core; CPU | wall")
    print(f"read alone        : {n / read_cpu:8.1f} | {n / read_wall:8.1f} documents/s")
    print(f"check alone       : {n / check_cpu:8.1f} | {n / check_wall:8.1f} documents/s  "
          f"({n_findings // args.rounds} findings per round)")
    print(f"read + check      : {n / (read_cpu + check_cpu):8.1f} | {n / (read_wall + check_wall):8.1f} documents/s  "
          f"(goal ≥ 100 CPU)")


if __name__ == "__main__":
    main()
