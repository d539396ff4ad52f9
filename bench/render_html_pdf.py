"""HTML and PDF rendering throughput: packages/s over the five bundled seeds (read once).

    python3 bench/render_html_pdf.py [--rounds N] [--pdf-rounds N]

A package here is one seed's whole page: title, contents, narrative draft, every table and the
performance forms. The PDF figure includes WeasyPrint's layout of that page (most of the time).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from yusuan.ingest import read_file  # noqa: E402
from yusuan.render.html import html  # noqa: E402
from yusuan.render.narrative import markdown  # noqa: E402
from yusuan.render.pdf import pdf  # noqa: E402


def timed(render, docs, rounds: int) -> tuple[float, int]:
    t0 = time.perf_counter()
    size = sum(len(out.encode() if isinstance(out := render(d), str) else out) for _ in range(rounds) for d in docs)
    return time.perf_counter() - t0, size


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--pdf-rounds", type=int, default=1)
    args = ap.parse_args()
    docs = [read_file(p) for p in sorted((ROOT / "examples" / "disclosures").glob("*.txt"))]
    pdf(docs[0])  # WeasyPrint's first call loads fonts; a batch pays it once
    print(f"packages: {len(docs)} seeds, one core")
    for name, render, rounds in (("md", markdown, args.rounds), ("html", html, args.rounds),
                                 ("pdf", pdf, args.pdf_rounds)):
        dt, size = timed(render, docs, rounds)
        n = len(docs) * rounds
        print(f"{name:5}: {n / dt:8.2f} packages/s  {dt / n * 1000:8.1f} ms each  "
              f"({size / n / 1024:6.1f} KiB each, {rounds} round{'s' if rounds > 1 else ''})")


if __name__ == "__main__":
    main()
