"""Reading work counted in CPU instructions, a figure that does not move with the machine's load.

    python3 bench/instructions.py [--passes N]

The clock on a shared 2-core machine varies up to 2× between runs of the same code; instruction
counts do not (to within 1%), so a change of a few percent shows here when it cannot on a clock.
Each reader runs under valgrind's callgrind in a fresh interpreter, once with one pass over the
five seeds and once with 1 + N passes; the difference over N × 5 is the count per package, with
start-up, imports and first-call caches left out. Lines: yusuan's read of the seeds as text, as
XLSX and as DOCX (the files tests/fixtures/make_office.py makes), and raw python-calamine reading
the same workbooks (every sheet to Python lists), the floor under any XLSX reader built on it.

2026-11-22, --passes 2: text 94 M instructions per package, XLSX 140 M, DOCX 203 M, raw
python-calamine 34 M. Needs valgrind (Debian: apt-get install valgrind); about three minutes on two cores.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

import make_office  # noqa: E402

# Run in the measured interpreter: argv = passes, then the files. Only the reading is repeated.
YUSUAN = """
import sys
sys.path.insert(0, {src!r})
from yusuan.ingest import read_file
for _ in range(int(sys.argv[1])):
    for p in sys.argv[2:]:
        read_file(p)
"""
CALAMINE = """
import sys
import python_calamine
for _ in range(int(sys.argv[1])):
    for p in sys.argv[2:]:
        book = python_calamine.CalamineWorkbook.from_path(p)
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python(skip_empty_area=True)
"""


def instructions(code: str, passes: int, files: list[Path]) -> int:
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                          "-c", code, str(passes), *map(str, files)], capture_output=True, text=True)
    found = re.search(r"Collected\s*:\s*(\d+)", run.stderr)
    if run.returncode or not found:
        sys.exit(f"valgrind failed: {run.stderr.strip().splitlines()[-1:]}")
    return int(found.group(1))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--passes", type=int, default=2)
    args = ap.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is needed (apt-get install valgrind)")
    seeds = sorted((ROOT / "examples" / "disclosures").glob("*.txt"))
    yusuan = YUSUAN.format(src=str(ROOT / "src"))
    with tempfile.TemporaryDirectory() as tmp:
        made = make_office.build(Path(tmp))
        runs = [("yusuan, text", yusuan, seeds),
                ("yusuan, XLSX", yusuan, [made[s.name[:3]]["xlsx"] for s in seeds]),
                ("yusuan, DOCX", yusuan, [made[s.name[:3]]["docx"] for s in seeds]),
                ("python-calamine, raw to_python", CALAMINE, [made[s.name[:3]]["xlsx"] for s in seeds])]
        print(f"CPU instructions per package (valgrind callgrind, {args.passes} passes over the five seeds)")
        # every run on its own core at once: the counts do not mind sharing the machine
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            counts = [(pool.submit(instructions, code, 1, files), pool.submit(instructions, code, 1 + args.passes, files))
                      for _, code, files in runs]
            for (label, _, files), (once, more) in zip(runs, counts):
                per = (more.result() - once.result()) / (args.passes * len(files))
                print(f"  {label:<32} {per / 1e6:7.1f} M")


if __name__ == "__main__":
    main()
