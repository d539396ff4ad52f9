"""PDF reading throughput: pages/s of yusuan's reader beside pdfplumber's extract_text and
extract_tables (and camelot when it is installed) on the same files, in the same run, with the
cells each got right.

The files are made here: every seed's rendered workbook printed by LibreOffice (ruled tables),
once as they are (small packages) and once concatenated into one long package.

    python3 bench/read_pdf.py [--copies N]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from yusuan.build import facts  # noqa: E402
from yusuan.ingest import read_file  # noqa: E402
from yusuan.render.xlsx import xlsx  # noqa: E402


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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=20, help="copies of the five packages (100 small packages)")
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
            got = Counter(f.amount_text for f in facts(read_file(p)) if f.amount is not None)
            right += sum((got & want[p]).values())
            total += sum(want[p].values())
        dt = time.perf_counter() - t0
        print(f"yusuan read_file          : {n_pages / dt:7.1f} pages/s   amounts right {right}/{total}")

        sample = pdfs  # pdfplumber is slow: one copy of each package
        sample_pages = sum(pages[p] for p in sample)
        t0 = time.perf_counter()
        for p in sample:
            with pdfplumber.open(p) as doc:
                for page in doc.pages:
                    page.extract_text()
        print(f"pdfplumber extract_text   : {sample_pages / (time.perf_counter() - t0):7.1f} pages/s   (text only, no cells)")
        t0 = time.perf_counter()
        right = total = 0
        for p in sample:
            cells = Counter()
            with pdfplumber.open(p) as doc:
                for page in doc.pages:
                    for table in page.extract_tables():
                        cells.update(c.replace(",", "").strip() for row in table for c in row if c)
            w = Counter({k.replace(",", ""): v for k, v in want[p].items()})
            right += sum((cells & w).values())
            total += sum(w.values())
        print(f"pdfplumber extract_tables : {sample_pages / (time.perf_counter() - t0):7.1f} pages/s   "
              f"amount cells found {right}/{total} (cells only: no rows, columns or codes)")
        try:
            import camelot  # noqa: F401
        except ImportError:
            print("camelot                   : not installed (pip install camelot-py to compare)")

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
