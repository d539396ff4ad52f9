"""The full fuzz run: 2,500 mutated cases per reader (text, XLSX, DOCX, PDF) = 10,000 cases.

    python3 bench/fuzz.py [--per-reader N]

CI runs the same tests (tests/test_fuzz.py) with a small budget. Any unhandled exception fails
the run and hypothesis prints the smallest input that raised it.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import resource
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class _Temp:
    """The one piece of pytest's tmp_path_factory the fuzz tests use."""

    def __init__(self, root: Path):
        self.root, self.n = root, 0

    def mktemp(self, name: str) -> Path:
        self.n += 1
        path = self.root / f"{name}{self.n % 8}"
        path.mkdir(exist_ok=True)
        return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-reader", type=int, default=2500)
    args = ap.parse_args()
    os.environ["YUSUAN_FUZZ_EXAMPLES"] = str(args.per_reader)  # read when test_fuzz is imported
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
    import tempfile

    import test_fuzz as fz

    tests = [("text", lambda t: fz.test_text_readers_survive_mutations()),
             ("xlsx", fz.test_xlsx_reader_survives_damage),
             ("docx", fz.test_docx_reader_survives_damage),
             ("pdf", fz.test_pdf_reader_survives_damage)]
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        temp = _Temp(Path(tmp))
        for kind, test in tests:
            t0 = time.perf_counter()
            try:
                test(temp)
            except Exception as e:  # hypothesis re-raises the minimal failing case
                failed += 1
                print(f"{kind:5}: FAILED — {type(e).__name__}: {e}")
            cases = sum(n for (k, _), n in fz.OUTCOMES.items() if k == kind)
            dt = time.perf_counter() - t0
            parts = ", ".join(f"{o} {n}" for (k, o), n in sorted(fz.OUTCOMES.items()) if k == kind)
            print(f"{kind:5}: {cases:6} cases in {dt:6.1f} s ({cases / dt:6.1f}/s): {parts}")
    total = sum(fz.OUTCOMES.values())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"total: {total} cases, {failed} readers with unhandled exceptions, peak memory (RSS) {peak:.0f} MiB")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
