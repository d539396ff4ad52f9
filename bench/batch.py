"""yusuan import at scale: N varied copies of the seeds into a fresh SQLite file, with ``--jobs 1``,
``--jobs 2`` and a 2-worker Dask LocalCluster; files/s, total time, peak memory of the import
process and of its workers, and a second run over the same files (which stores nothing).

    .venv/bin/python bench/batch.py --n 1000 --n 10000 [--modes jobs1,jobs2,dask] [--keep DIR]

Goals (issue 6): 10,000 files in under 5 minutes with --jobs 2; peak memory under 500 MB, flat in N;
a second run under 10% of the first.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from copies import make_copies  # noqa: E402


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                ppid = int(open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            tree.setdefault(ppid, []).append(int(d))
    return tree


def _rss_mb(pid: int) -> float:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Peak(threading.Thread):
    """Samples the RSS of the import process and of every process below it (or of given roots)."""

    def __init__(self, main: int, workers_of: list[int]):
        super().__init__(daemon=True)
        self.main, self.roots, self.stop = main, workers_of, threading.Event()
        self.main_mb = self.worker_mb = 0.0

    def run(self):
        while not self.stop.is_set():
            tree = _children()
            self.main_mb = max(self.main_mb, _rss_mb(self.main))
            todo, below = list(self.roots), []
            while todo:
                for c in tree.get(todo.pop(), []):
                    below.append(c)
                    todo.append(c)
            for pid in below:
                if pid != self.main:
                    self.worker_mb = max(self.worker_mb, _rss_mb(pid))
            self.stop.wait(0.1)


def timed_import(directory: Path, db: Path, args: list[str], worker_roots: list[int]) -> tuple[float, Peak, str]:
    cmd = [sys.executable, "-m", "yusuan.cli", "import", str(directory), "--db", str(db), "-q", *args]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = Peak(proc.pid, [proc.pid, *worker_roots])
    peak.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    peak.stop.set()
    peak.join()
    if proc.returncode:
        raise SystemExit(f"import failed ({proc.returncode}): {err[-2000:]}")
    return seconds, peak, out.strip().splitlines()[0]


def bench(n: int, modes: list[str], work: Path) -> None:
    files = work / f"n{n}"
    if not files.exists():
        t = time.perf_counter()
        make_copies(n, files)
        print(f"N = {n:,}: copies written in {time.perf_counter() - t:.1f} s", flush=True)
    for mode in modes:
        db = work / f"n{n}-{mode}.db"
        for p in work.glob(db.name + "*"):
            p.unlink()
        cluster = None
        try:
            if mode == "dask":
                from distributed import LocalCluster
                cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
                args = ["--executor", cluster.scheduler_address.replace("tcp://", "dask://")]
                roots = [os.getpid()]  # the cluster's worker processes are this process's children
            else:
                args, roots = ["--jobs", mode[-1]], []
            first, peak, summary = timed_import(files, db, args, roots)
            second, _, again = timed_import(files, db, args, roots)
        finally:
            if cluster:
                cluster.close()
        print(f"N = {n:>6,}  {mode:<5}  {n / first:6.1f} files/s  total {first:6.1f} s  "
              f"peak RSS main {peak.main_mb:5.0f} MB, worker {peak.worker_mb:5.0f} MB  "
              f"second run {second:5.1f} s ({100 * second / first:.1f}%)  db {db.stat().st_size / 2**20:.0f} MB",
              flush=True)
        print(f"    {summary}\n    {again}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, action="append", help="number of files (repeatable); default 1000")
    ap.add_argument("--modes", default="jobs1,jobs2,dask")
    ap.add_argument("--keep", type=Path, help="work directory to keep (default: a temporary one, removed)")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="yusuan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for n in a.n or [1000]:
            bench(n, a.modes.split(","), work)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
