"""Read + check throughput for the five bundled seeds, beside reading alone; each figure as CPU
time of this process (which moves little with the load of a shared machine) and as wall time.

    python3 bench/check.py [--rounds N]      (goal, issue 18: ≥ 100 documents/s CPU on one core for read + check)

2026-12-06, a shared machine: check alone 115 → 140–171 documents/s CPU, read + check 40 → 56–63.
2026-12-07, a quiet hour of the same machine: read 139.3, check alone 107.6, read + check 60.7.
2026-12-07, a third session (0586465 and the session's end alternated on one machine, slower than the hour
above: the read floor 2,100 against 2,886): check alone 78.0 / 81.9 → 104.9 / 104.5 documents/s CPU, read + check
43.6 / 44.9 → 50.8 / 50.1; instructions (bench/instructions.py --against 0586465) check alone 76.2 → 55.9 M
(−26.7%), read + check 146.4 → 124.8 M (−14.7%). The instruction counts re-check the same five seeds: with the
caches kept across documents (a question to the ledger, a K102 code and name, a claim's subject) emptied before
each check, the second round's −16.7% of check alone is −8.2%.
2026-12-08, a fifth session, 81a3b88 and the session's end alternated on a machine slower still (the read floor
1,620–2,130): read + check 43.3 / 42.5 → 46.7 / 42.6 documents/s CPU, check alone 103.8 / 105.1 → 125.5 / 108.3;
the whole process (imports, a warm round, 100 reads and checks), five runs each in turn: median CPU ratio 0.94;
instructions 107.8 → 100.7 M (−6.6%).
2026-12-08, a sixth session, d401099 and the session's end alternated four times on a noisy hour (floor
2,430–2,580): read + check 60.0 / 65.1 / 67.5 / 59.4 → 47.4 / 58.6 / 65.2 / 71.0 documents/s CPU, within the noise;
instructions 100.7 → 94.8 M (−5.9%), check alone 37.6 → 36.5 M (−2.9%).
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
