"""Rendering throughput: packages/s for each output format over the five bundled seeds.

    python3 bench/render.py [--rounds N]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from yusuan.ingest import read_file  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    docs = [read_file(p) for p in sorted((ROOT / "examples" / "disclosures").glob("*.txt"))]
    from yusuan.render.html import html
    from yusuan.render.narrative import markdown
    from yusuan.render.pdf import pdf
    from yusuan.render.xlsx import xlsx
    formats = {"xlsx": xlsx, "md": lambda d: markdown(d), "html": html, "pdf": pdf}
    print(f"packages: {len(docs)} seeds × {args.rounds} rounds, one core")
    for name, render in formats.items():
        rounds = 1 if name == "pdf" else args.rounds
        t0 = time.perf_counter()
        size = sum(len(render(d)) for _ in range(rounds) for d in docs)
        dt = time.perf_counter() - t0
        print(f"{name:5}: {len(docs) * rounds / dt:8.1f} packages/s   ({size / rounds / len(docs) / 1024:7.1f} KiB each)")


if __name__ == "__main__":
    main()
