"""Reading throughput: documents/s for the five bundled seeds, read many rounds, beside a bare
line-by-line regex pass over the same text (the floor: no layout, no tables, no identities).
Each figure is given as CPU time of this process (which moves little with the load of a shared
machine) and as wall time.

    python3 dev.py bench [--rounds N]      (goal, issue 18: ≥ 150 documents/s CPU on one core)

2026-12-06, a shared machine: 65 documents/s CPU before issue 18's reading work (floor 2,266), 104–125
after (floor 2,213–2,583); bench/instructions.py: 130 M instructions per package → 72 M.
2026-12-07, a quiet hour: 135.6 documents/s CPU (floor 2,886), 70 M instructions per package. Later, on a
slower machine (floor 2,100), 0586465 and the session's end alternated: 95.7 / 100.8 → 96.1 / 97.8 documents/s,
within the noise; instructions 70.1 → 68.9 M (−1.8%, after a line after a form's indicators was kept, 0.4 M).
2026-12-08, 81a3b88 and the session's end alternated (the floor moved 1,620–2,130 between runs): 87.6 / 74.3 →
89.7 / 75.9 documents/s CPU; instructions 67.3 → 63.1 M (−6.2%).
2026-12-08, a sixth session, d401099 and the session's end alternated four times (floor 2,430–2,580): 114.6 / 109.1 /
123.7 / 108.0 → 122.4 / 115.5 / 125.9 / 125.9 documents/s CPU; instructions 63.1 → 58.3 M (−7.6%).
"""
from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from yusuan.ledger import facts  # noqa: E402
from yusuan.read import read_text  # noqa: E402

NUMBER = re.compile(r"\d[\d,]*\.\d+")


def bare_regex(text: str) -> int:
    return sum(len(NUMBER.findall(line)) for line in text.splitlines())


def clocked(fn):
    """(fn's result, CPU seconds, wall seconds)."""
    c0, w0 = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.process_time() - c0, time.perf_counter() - w0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=40)
    args = ap.parse_args()
    seeds = sorted((ROOT / "examples" / "disclosures").glob("*.txt"))
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in seeds]

    # the first round: catalog loaded, parsing caches empty
    _, cold_cpu, cold_wall = clocked(lambda: [facts(read_text(text, name)) for name, text in texts])
    n_facts, read_cpu, read_wall = clocked(lambda: sum(
        len(facts(read_text(text, name))) for _ in range(args.rounds) for name, text in texts))
    n_numbers, regex_cpu, regex_wall = clocked(lambda: sum(
        bare_regex(text) for _ in range(args.rounds) for _, text in texts))

    docs = args.rounds * len(texts)
    mb = sum(len(t.encode()) for _, t in texts) * args.rounds / 1e6
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {docs} ({len(texts)} seeds × {args.rounds} rounds, {mb:.1f} MB of text), one core; "
          f"CPU | wall")
    print(f"yusuan read+facts : {docs / read_cpu:8.1f} | {docs / read_wall:8.1f} documents/s  "
          f"{mb / read_cpu:6.2f} MB/s CPU  ({n_facts // args.rounds} facts per round; goal ≥ 150 CPU)")
    print(f"  first round     : {len(texts) / cold_cpu:8.1f} | {len(texts) / cold_wall:8.1f} documents/s  "
          f"(cold: catalog load, empty caches)")
    print(f"bare regex floor  : {docs / regex_cpu:8.1f} | {docs / regex_wall:8.1f} documents/s  "
          f"{mb / regex_cpu:6.2f} MB/s CPU  ({n_numbers // args.rounds} numbers per round)")
    print(f"peak memory       : {peak:.0f} MiB")


if __name__ == "__main__":
    main()
