"""PDF reading throughput: pages/s of yusuan's reader beside pdfplumber's extract_text and
extract_tables and camelot's lattice and stream flavors on the same files, in the same run, with the
cells each got right (one scoring function for all: a cell is right when its text, commas and
spaces aside, is one of the package's amounts, counted as a multiset).

The files are made here: every seed's rendered workbook printed by LibreOffice (ruled tables),
once as they are (small packages) and once concatenated into one long package.

    python3 bench/read_pdf.py [--copies N] [--camelot-pages N] [--no-camelot]

camelot is no dependency of yusuan, not even of its bench extra: the bench builds it once into a
throwaway venv, build/bench-venvs/camelot/ (git-ignored; rebuilt when CAMELOT below changes),
and runs bench/peers/camelot_run.py there, one subprocess per flavor, on the same PDF files. The
clock runs inside the subprocess after its imports and a warm-up page, like the other peers'; the
cell tables come back as JSON and are scored here. camelot is slow, so it reads whole files in the
bench's order until --camelot-pages pages (default 20: the first file, 28 pages; 0: all five);
the output says on how many. Without a network to build the venv it says so and goes on.

Figures, --camelot-pages 0 (all 121 pages for every peer), one run on a quiet machine (2026-11-22):
    yusuan read_file            180 pages/s   amounts right 25220/25220 (100 packages)
    yusuan, one 121-page file   161 pages/s
    pdfplumber extract_text      25 pages/s
    pdfplumber extract_tables    21 pages/s   cells found 1261/1261
    camelot 2.0.0 lattice       3.3 pages/s   cells found 1117/1261   peak 0.28 GiB
    camelot 2.0.0 stream         41 pages/s   cells found 1229/1261   peak 0.13 GiB
camelot 1.0.9 (pdfminer.six; a busier run, pdfplumber's tables at 11.4 pages/s): lattice 0.7 pages/s,
1047/1261, peak 1.10 GiB; stream 4.3 pages/s, 1117/1261, 0.15 GiB. What camelot misses here: lattice
puts a header and the amount under it in one cell (预算数 / 2,627.17), stream stacks amounts of
adjacent rows in one cell (43.90 / 43.90), with its default settings.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from yusuan.ledger import facts  # noqa: E402
from yusuan.read import read_file  # noqa: E402
from yusuan.render.xlsx import xlsx  # noqa: E402

CAMELOT = "camelot-py==2.0.0"  # pinned; lattice renders with pypdfium2 (no ghostscript)
CAMELOT_VENV = ROOT / "build" / "bench-venvs" / "camelot"
CAMELOT_RUN = ROOT / "bench" / "peers" / "camelot_run.py"


def make_pdfs(work: Path) -> list[Path]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice (soffice) is needed to make the PDFs: apt-get install libreoffice-calc-nogui")
    books = []
    for seed in sorted((ROOT / "examples" / "disclosures").glob("*.txt")):
        book = work / (seed.stem + ".xlsx")
        book.write_bytes(xlsx(read_file(seed)))
        books.append(str(book))
    subprocess.run([soffice, f"-env:UserInstallation={(work / 'lo').as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(work), *books], check=True, capture_output=True)
    return sorted(work.glob("*.pdf"))


def expected_cells(pdf: Path, seed_dir: Path) -> Counter:
    seed = read_file(seed_dir / (pdf.stem + ".txt"))
    return Counter(f.amount_text for f in facts(seed) if f.amount is not None)


def cells_right(cells: Iterable[str], want: Counter) -> tuple[int, int]:
    """The one score of every reader here: (cells that are one of the package's amounts, amounts)."""
    def norm(text: str) -> str:
        return text.replace(",", "").strip()
    got = Counter(norm(c) for c in cells if c and norm(c))
    wanted: Counter = Counter()
    for text, n in want.items():
        wanted[norm(text)] += n
    return sum((got & wanted).values()), sum(wanted.values())


def last_line(text: str) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("ERROR")]
    return (errors or lines or ["(nothing said)"])[-1].strip()


def camelot_python() -> tuple[Path | None, str]:
    """The throwaway venv's python, built once: (python, "") or (None, why it could not be built)."""
    py = CAMELOT_VENV / "bin" / "python"
    stamp, built = CAMELOT_VENV / ".installed", f"{CAMELOT} python{sys.version_info[0]}.{sys.version_info[1]}"
    if py.exists() and stamp.exists() and stamp.read_text() == built:
        return py, ""
    print(f"· building {CAMELOT_VENV.relative_to(ROOT)} (once): {CAMELOT}", flush=True)
    try:
        made = subprocess.run([sys.executable, "-m", "venv", "--clear", str(CAMELOT_VENV)],
                              capture_output=True, text=True, timeout=300)
        if made.returncode or not py.exists():
            return None, (f"python -m venv failed: {last_line(made.stderr + made.stdout)} "
                          "(Debian: apt-get install python3-venv)")
        pip = subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", CAMELOT],
                             capture_output=True, text=True, timeout=1800)
        if pip.returncode:
            return None, f"pip install {CAMELOT} failed (no network?): {last_line(pip.stderr + pip.stdout)}"
        check = subprocess.run([str(py), "-c", "import camelot, cv2, pypdfium2"],
                               capture_output=True, text=True, timeout=300)
        if check.returncode:  # e.g. a system library missing for opencv
            return None, f"camelot installed but does not import: {last_line(check.stderr)}"
    except (OSError, subprocess.SubprocessError) as e:
        return None, f"{type(e).__name__}: {e}"
    stamp.write_text(built)
    return py, ""


def run_camelot(py: Path, flavor: str, files: list[Path], n_pages: int, work: Path) -> dict:
    """One flavor in one subprocess of the camelot venv; its JSON result, or {"error": ...}."""
    out = work / f"camelot-{flavor}.json"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENCV_FOR_THREADS_NUM": "1"}  # one core, like the rest
    try:
        done = subprocess.run([str(py), str(CAMELOT_RUN), flavor, str(out), *map(str, files)], env=env,
                              capture_output=True, text=True, timeout=300 + 30 * n_pages)
    except subprocess.TimeoutExpired as e:
        return {"error": f"timed out after {e.timeout:.0f} s"}
    except OSError as e:
        return {"error": f"{type(e).__name__}: {e}"}
    if done.returncode or not out.exists():
        return {"error": f"exit {done.returncode}: {last_line(done.stderr)}"}
    try:
        return json.loads(out.read_text(encoding="utf-8"))
    except ValueError as e:
        return {"error": f"unreadable result: {e}"}


def bench_camelot(pdfs: list[Path], pages: dict[Path, int], want: dict[Path, Counter], limit: int,
                  work: Path) -> None:
    py, why = camelot_python()
    if py is None:
        print(f"camelot                   : not measured: {why}")
        return
    files, n_pages = [], 0
    for p in pdfs:  # whole files, so that each is scored against its whole package
        if limit > 0 and n_pages >= limit:
            break
        files.append(p)
        n_pages += pages[p]
    for flavor in ("lattice", "stream"):
        got = run_camelot(py, flavor, files, n_pages, work)
        name = f"camelot {got.get('version', '?')} {flavor}"
        if "error" in got:
            print(f"{name:<26}: failed: {got['error']}")
            continue
        right = total = 0
        for p in files:
            r, t = cells_right((c for table in got["files"].get(str(p), []) for row in table for c in row), want[p])
            right, total = right + r, total + t
        print(f"{name:<26}: {n_pages / got['seconds']:7.1f} pages/s   amount cells found {right}/{total}   "
              f"peak {got['maxrss_kib'] / 2**20:.2f} GiB (own venv, subprocess)")
    if len(files) < len(pdfs):
        print(f"  camelot ran on a subset: the first {len(files)} of {len(pdfs)} files, {n_pages} of "
              f"{sum(pages[p] for p in pdfs)} pages (--camelot-pages {limit}; 0 for all)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=20, help="copies of the five packages (100 small packages)")
    ap.add_argument("--camelot-pages", type=int, default=20, metavar="N",
                    help="camelot reads whole files until N pages (0: all); it is slow")
    ap.add_argument("--no-camelot", action="store_true", help="leave camelot out (no venv built)")
    args = ap.parse_args()
    import pdfplumber
    import pypdfium2 as pdfium
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pdfs = make_pdfs(work)
        pages = {p: len(pdfium.PdfDocument(p)) for p in pdfs}
        runs = pdfs * args.copies
        n_pages = sum(pages[p] for p in runs)
        seed_dir = ROOT / "examples" / "disclosures"
        want = {p: expected_cells(p, seed_dir) for p in pdfs}
        print(f"{len(runs)} packages, {n_pages} pages (LibreOffice-printed seeds), one core")

        t0 = time.perf_counter()
        right = total = 0
        for p in runs:
            r, t = cells_right((f.amount_text for f in facts(read_file(p)) if f.amount is not None), want[p])
            right, total = right + r, total + t
        dt = time.perf_counter() - t0
        print(f"yusuan read_file          : {n_pages / dt:7.1f} pages/s   amounts right {right}/{total}")

        sample = pdfs  # pdfplumber is slow: one copy of each package
        sample_pages = sum(pages[p] for p in sample)
        with pdfplumber.open(sample[0]) as doc:  # warm-up, as camelot's: lazy imports, first-call setup
            doc.pages[0].extract_text()
            doc.pages[0].extract_tables()
        t0 = time.perf_counter()
        for p in sample:
            with pdfplumber.open(p) as doc:
                for page in doc.pages:
                    page.extract_text()
        print(f"pdfplumber extract_text   : {sample_pages / (time.perf_counter() - t0):7.1f} pages/s   (text only, no cells)")
        t0 = time.perf_counter()
        right = total = 0
        for p in sample:
            with pdfplumber.open(p) as doc:
                cells = [c for page in doc.pages for table in page.extract_tables() for row in table for c in row]
            r, t = cells_right(cells, want[p])
            right, total = right + r, total + t
        print(f"pdfplumber extract_tables : {sample_pages / (time.perf_counter() - t0):7.1f} pages/s   "
              f"amount cells found {right}/{total} (cells only: no rows, columns or codes)")
        if args.no_camelot:
            print("camelot                   : left out (--no-camelot)")
        else:
            try:
                bench_camelot(sample, pages, want, args.camelot_pages, work)
            except Exception as e:  # never the end of the bench
                print(f"camelot                   : failed: {type(e).__name__}: {e}")

        long = work / "long.pdf"  # one long package: all five printed together, many times
        merged = pdfium.PdfDocument.new()
        while len(merged) < 50:
            for p in pdfs:
                merged.import_pages(pdfium.PdfDocument(p))
        merged.save(long)
        t0 = time.perf_counter()
        try:
            read_file(long)
        except Exception as e:  # several units in one file is not a package
            print(f"long package: {type(e).__name__}: {e}")
        print(f"yusuan, one {len(merged)}-page file : {len(merged) / (time.perf_counter() - t0):7.1f} pages/s")


if __name__ == "__main__":
    main()
