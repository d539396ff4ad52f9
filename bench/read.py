"""Reading throughput: documents/s for the five bundled seeds, read many rounds, beside a bare
line-by-line regex pass over the same text (the floor: no layout, no tables, no identities).

    python3 dev.py bench [--rounds N]
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
from yusuan.ingest import read_text  # noqa: E402

NUMBER = re.compile(r"\d[\d,]*\.\d+")


def bare_regex(text: str) -> int:
    return sum(len(NUMBER.findall(line)) for line in text.splitlines())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=40)
    args = ap.parse_args()
    seeds = sorted((ROOT / "examples" / "disclosures").glob("*.txt"))
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in seeds]

    t0 = time.perf_counter()  # the first round: catalog loaded, parsing caches empty
    for name, text in texts:
        facts(read_text(text, name))
    t_cold = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_facts = 0
    for _ in range(args.rounds):
        for name, text in texts:
            n_facts += len(facts(read_text(text, name)))
    t_read = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_numbers = 0
    for _ in range(args.rounds):
        for _, text in texts:
            n_numbers += bare_regex(text)
    t_regex = time.perf_counter() - t0

    docs = args.rounds * len(texts)
    mb = sum(len(t.encode()) for _, t in texts) * args.rounds / 1e6
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {docs} ({len(texts)} seeds × {args.rounds} rounds, {mb:.1f} MB of text), one core")
    print(f"yusuan read+facts : {docs / t_read:8.1f} documents/s  {mb / t_read:6.2f} MB/s  "
          f"({n_facts // args.rounds} facts per round)")
    print(f"  first round     : {len(texts) / t_cold:8.1f} documents/s  (cold: catalog load, empty caches)")
    print(f"bare regex floor  : {docs / t_regex:8.1f} documents/s  {mb / t_regex:6.2f} MB/s  "
          f"({n_numbers // args.rounds} numbers per round)")
    print(f"peak memory       : {peak:.0f} MiB")


if __name__ == "__main__":
    main()
