"""Read + check throughput for the five bundled seeds, beside reading alone.

    python3 bench/check.py [--rounds N]      (target: ≥ 50 documents/s on one core for read + check)
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from yusuan.ingest import read_text  # noqa: E402
from yusuan.rules import check  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples" / "disclosures").glob("*.txt"))]
    for name, text in texts:  # warm the catalog and caches once
        check(read_text(text, name))

    t0 = time.perf_counter()
    docs = [read_text(text, name) for _ in range(args.rounds) for name, text in texts]
    t_read = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_findings = sum(len(check(d).findings) for d in docs)
    t_check = time.perf_counter() - t0

    n = len(docs)
    print(f"documents: {n} ({len(texts)} seeds × {args.rounds} rounds), one core")
    print(f"read alone        : {n / t_read:8.1f} documents/s")
    print(f"check alone       : {n / t_check:8.1f} documents/s  ({n_findings // args.rounds} findings per round)")
    print(f"read + check      : {n / (t_read + t_check):8.1f} documents/s")


if __name__ == "__main__":
    main()
