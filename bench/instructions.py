"""Reading and checking work counted in CPU instructions, a figure that does not move with the machine's load.

    python3 bench/instructions.py [--passes N] [--against REV]

The clock on a shared 2-core machine varies up to 2× between runs of the same code; instruction
counts do not (to within 1%), so a change of a few percent shows here when it cannot on a clock.
Each reader runs under valgrind's callgrind in a fresh interpreter, once with one pass over the
five seeds and once with 1 + N passes; the difference over N × 5 is the count per package, with
start-up, imports and first-call caches left out. Lines: yusuan's read of the seeds as text, as
XLSX and as DOCX (the files tests/fixtures/make_office.py makes), and raw python-calamine reading
the same workbooks (every sheet to Python lists), the floor under any XLSX reader built on it; then
the text read and checked (``check`` of each fresh document), and the check alone (that minus the read).

    python3 bench/instructions.py --against REV   # beside the same reads by git revision REV's src/

With ``--against``, REV's ``src/`` (``git archive``) reads the same files in the same way, and each
line shows REV's count, this tree's and the change: before and after, on one run.

2026-11-22, --passes 2: text 94 M instructions per package, XLSX 140 M, DOCX 203 M, raw
python-calamine 34 M. 2026-12-06, --against 2453e00 (issue 18's reading work): text 130.3 → 72.2 M
(−45%), XLSX 173.6 → 132.6 M (−24%), DOCX 225.5 → 186.6 M (−17%). 2026-12-07, --against 9eedb3a: text 80.0 →
70.0 M (−12.5%), XLSX 133.5 → 129.1 M (−3.3%), DOCX 186.2 → 166.5 M (−10.6%), check alone 108.8 →
78.4 M (−27.9%), read + check 188.8 → 148.4 M (−21.4%). 2026-12-07, --against 9b108be (the office
readers): XLSX 128.9 → 122.8 M (−4.7%), DOCX 167.1 → 160.4 M (−4.0%), text 70.1 → 70.0 M; at the
session's end: read + check 148.4 → 146.5 M (−1.3%), check alone 78.3 → 76.2 M (−2.7%). 2026-12-07, a third
session, --against 0586465 (both trees compiled first, as now): text 70.1 → 68.9 M (−1.8%), XLSX 122.9 →
116.4 M (−5.3%), DOCX 160.8 → 160.0 M (−0.4%), read + check 146.4 → 124.8 M (−14.7%), check alone 76.2 → 55.9 M
(−26.7%). 2026-12-07, a fourth session, against e280c58 (counted the same way): text 68.9 → 67.3 M (−2.3%),
read + check 123.7 → 107.8 M (−12.8%), check alone 54.8 → 40.5 M (−26.1%), XLSX 117.7 → 117.9 M. 2026-12-08, a fifth
session, against 81a3b88 (PYTHONHASHSEED=0 in the environment: the counts then repeat to ±0.05 M): text 67.3 → 63.1 M
(−6.2%), XLSX 117.9 → 108.5 M (−8.0%), DOCX 160.5 → 147.4 M (−8.2%), read + check 107.8 → 100.7 M (−6.6%), check
alone 40.5 → 37.6 M (−7.2%). 2026-12-08, a sixth session, against d401099: text 63.1 → 58.3 M (−7.6%), XLSX
108.4 → 100.6 M (−7.2%), DOCX 147.5 → 144.9 M (−1.8%), read + check 100.7 → 94.8 M (−5.9%), check alone 37.6 →
36.5 M (−2.9%). Before the trees
were compiled first, a count could be tens of M off (DOCX 163.3 for the same tree). Needs
valgrind (Debian: apt-get install valgrind); about three minutes on two cores (five with ``--against``).
"""
from __future__ import annotations

import argparse
import compileall
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

# Run in the measured interpreter: argv = passes, then the files. Only the reading (and checking) is
# repeated; a fresh document each time, since a check keeps what it derived with the document.
YUSUAN = """
import sys
sys.path.insert(0, {src!r})
from yusuan.read import read_file
from yusuan.rules import check
for _ in range(int(sys.argv[1])):
    for p in sys.argv[2:]:
        {work}
"""
READ, READ_CHECK = "read_file(p)", "check(read_file(p))"
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


def revision_src(rev: str, into: Path) -> Path:
    """REV's src/ unpacked under ``into``."""
    tar = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=tar, check=True)
    return into / "src"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--against", metavar="REV", help="also count the reads of git revision REV's src/")
    args = ap.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is needed (apt-get install valgrind)")
    seeds = sorted((ROOT / "examples" / "disclosures").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        made = make_office.build(Path(tmp) / "office")
        formats = [("text", seeds), ("XLSX", [made[s.name[:3]]["xlsx"] for s in seeds]),
                   ("DOCX", [made[s.name[:3]]["docx"] for s in seeds])]
        trees = [("now", ROOT / "src")]
        if args.against:
            (Path(tmp) / "rev").mkdir()
            trees.insert(0, (args.against, revision_src(args.against, Path(tmp) / "rev")))
        for _, src in trees:  # compiled first: runs at once must not differ by which compiled the modules
            compileall.compile_dir(str(src), quiet=1)
        runs = [(f"yusuan, {fmt}", tree, YUSUAN.format(src=str(src), work=READ), files)
                for fmt, files in formats for tree, src in trees]
        runs += [("yusuan, text, read + check", tree, YUSUAN.format(src=str(src), work=READ_CHECK), seeds)
                 for tree, src in trees]
        runs.append(("python-calamine, raw to_python", "", CALAMINE, formats[1][1]))
        print(f"CPU instructions per package (valgrind callgrind, {args.passes} passes over the five seeds)")
        # every run on its own core at once: the counts do not mind sharing the machine
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            counts = [(pool.submit(instructions, code, 1, files), pool.submit(instructions, code, 1 + args.passes, files))
                      for _, _, code, files in runs]
            per = [(more.result() - once.result()) / (args.passes * len(files))
                   for (once, more), (_, _, _, files) in zip(counts, runs)]
        by = {(label, tree): n for (label, tree, _, _), n in zip(runs, per)}
        for label in dict.fromkeys(label for label, _, _, _ in runs):
            now = by.get((label, "now"), by.get((label, "")))
            line = f"  {label:<32} {now / 1e6:7.1f} M"
            if args.against and (label, args.against) in by:
                before = by[(label, args.against)]
                line += f"   {args.against}: {before / 1e6:7.1f} M   change {100 * (now - before) / before:+6.1f}%"
            print(line)
        for tree in dict.fromkeys(tree for _, tree, _, _ in runs if tree):
            by["yusuan, check alone", tree] = by["yusuan, text, read + check", tree] - by["yusuan, text", tree]
        label = "yusuan, check alone"
        line = f"  {label:<32} {by[label, 'now'] / 1e6:7.1f} M"
        if args.against:
            before = by[label, args.against]
            line += f"   {args.against}: {before / 1e6:7.1f} M   change {100 * (by[label, 'now'] - before) / before:+6.1f}%"
        print(line)


if __name__ == "__main__":
    main()
