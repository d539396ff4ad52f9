"""Rendering throughput: packages/s for each output format over the five bundled seeds, as CPU time
(``time.process_time``: every thread of this process) and wall time.

The PDF (Typst) is measured on each seed once, after one warm-up package that is none of them:
Typst keeps what it laid out, so a seed rendered twice would be a cache hit, not a rendering. Its
figure is printed beside its peer measured in the same run, the HTML print page through WeasyPrint
(the renderer it replaced; ``pip install .[bench]``), else beside the goal, 5 packages/s.

    python3 bench/render.py [--rounds N] [--no-peer]

2026-12-07 (issue 18), --no-peer, this tree and 9b108be's run in turn on the same loaded 2-core
machine: PDF 6.8–8.0 → 7.9–9.2 packages/s CPU (+15%; about 0.11 s of CPU a package), the same pages
word for word, once rows sure to fit on one line are given their height (Typst lays their cells out
once instead of measuring them first); under callgrind, about 1,070 → 890 M instructions a package.
With the peer: 9.65/s, 30× WeasyPrint's 0.32/s. What is left: Typst's layout of the table and form
cells (most laid out once now) about half, the PDF export (subsets of two Noto CJK fonts, tags,
compression) a quarter, and the second layout pass the page numbers need about a tenth.
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from yusuan.read import read_file  # noqa: E402

GOAL = 5.0  # PDF packages/s (CPU time), issue 18


def timed(render, docs, rounds: int = 1) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, bytes) of rendering every document ``rounds`` times."""
    c0, w0 = time.process_time(), time.perf_counter()
    size = sum(len(render(d)) for _ in range(rounds) for d in docs)
    return time.process_time() - c0, time.perf_counter() - w0, size


def line(name: str, n: int, cpu: float, wall: float, size: int, note: str = "") -> str:
    return (f"{name:15}: {n / cpu:7.2f} packages/s CPU  {n / wall:7.2f} /s wall   "
            f"({size / n / 1024:7.1f} KiB each){note}")


def weasyprint_pdf(doc) -> bytes:
    """The PDF as yusuan made it before Typst: the HTML print page laid out by WeasyPrint."""
    from weasyprint import HTML

    from yusuan.render.html import page
    return HTML(string=page(doc, media="print"), base_url=".").write_pdf()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-peer", action="store_true", help="skip WeasyPrint (about 5 s a package)")
    args = ap.parse_args()
    docs = [read_file(p) for p in sorted((ROOT / "examples" / "disclosures").glob("*.txt"))]
    from yusuan.render.html import html
    from yusuan.render.narrative import markdown
    from yusuan.render.pdf import pdf
    from yusuan.render.xlsx import xlsx
    print(f"packages: {len(docs)} seeds × {args.rounds} rounds (PDF: each seed once), one process")
    for name, render in {"xlsx": xlsx, "md": lambda d: markdown(d), "html": html}.items():
        print(line(name, len(docs) * args.rounds, *timed(render, docs, args.rounds)))

    cold = timed(pdf, [replace(docs[0], tables=docs[0].tables[:1], projects=(), performance=None)])
    print(f"pdf first call : {cold[0]:7.2f} s CPU  {cold[1]:7.2f} s wall (template, fonts; once per process)")
    cpu, wall, size = timed(pdf, docs)
    rate = len(docs) / cpu
    peer = None
    if not args.no_peer:
        from importlib.util import find_spec
        if find_spec("weasyprint") is not None:
            peer = timed(weasyprint_pdf, docs)
    if peer is not None:
        note = f"   {rate / (len(docs) / peer[0]):.0f}× WeasyPrint"
    else:
        note = f"   goal ≥ {GOAL:g}/s: {'met' if rate >= GOAL else 'NOT met'}"
    print(line("pdf (Typst)", len(docs), cpu, wall, size, note))
    if peer is not None:
        print(line("pdf WeasyPrint", len(docs), *peer, "   (peer, same run)"))
        print(f"{'':15}  goal ≥ {GOAL:g}/s CPU: {'met' if rate >= GOAL else 'NOT met'}")


if __name__ == "__main__":
    main()
