"""Run camelot on PDF files and write each file's cell tables as JSON: bench/read_pdf.py runs this
inside its throwaway camelot venv (build/bench-venvs/camelot/), never in yusuan's own.

    python camelot_run.py FLAVOR OUT.json FILE...

One flavor per process, so the peak memory written is that flavor's alone. The clock runs inside:
the interpreter start, the imports and a warm-up read of the first page are not timed. The files
are read one core, page by page ("all" pages, camelot's default serial mode).

OUT.json: {"version", "flavor", "seconds", "maxrss_kib", "files": {path: [[[cell, ...], ...], ...]}}
(a file's tables, each a list of rows of cell strings), or {"error": "..."} when camelot failed.
"""
from __future__ import annotations

import json
import resource
import sys
import time
import traceback
import warnings


def tables(camelot, path: str, flavor: str, pages: str = "all") -> list:
    kwargs = {"backend": "pdfium"} if flavor == "lattice" else {}  # pdfium: no ghostscript needed
    found = camelot.read_pdf(path, pages=pages, flavor=flavor, suppress_stdout=True, **kwargs)
    return [t.df.astype(str).values.tolist() for t in found]


def main(argv: list[str]) -> int:
    flavor, out, files = argv[0], argv[1], argv[2:]
    result: dict = {"flavor": flavor}
    try:
        warnings.filterwarnings("ignore")  # "No tables found in table area", deprecations
        import camelot
        result["version"] = camelot.__version__
        tables(camelot, files[0], flavor, pages="1")  # warm-up: lazy imports, first-call setup
        cells = {}
        t0 = time.perf_counter()
        for path in files:
            cells[path] = tables(camelot, path, flavor)
        result["seconds"] = time.perf_counter() - t0
        result["files"] = cells
    except Exception as e:  # reported by the bench, which goes on with the rest
        result["error"] = f"{type(e).__name__}: {e}"
        result["traceback"] = traceback.format_exc(limit=4)
    result["maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
