"""yusuan import at scale: N varied copies of the seeds into a fresh SQLite file, with ``--jobs 1``,
``--jobs 2`` and a 2-worker Dask LocalCluster; files/s, wall and CPU time (the import, its workers
and, for Dask, the cluster; then by part: the import process, the workers, a Dask scheduler and its
nannies), peak memory, and a second run over the same files (which stores nothing). Then the store
alone: the same files' results stored one transaction per file (as before issue 18) and in groups
(``batch._store_group``), on SQLite and on PostgreSQL, in CPU and wall time per file beside the goal
(PostgreSQL: with its server's CPU time too, when it runs on this machine).

    .venv/bin/python bench/batch.py --n 1000 --n 10000 [--modes jobs1,jobs2,dask] [--store 300] [--keep DIR]

Goals (issue 18): 10,000 files in under 3 minutes with --jobs 2, peak memory under 500 MB, a second
run under 10% of the first; storing a file ≤ 2 ms; Dask ≤ 5% more CPU per file than local workers
(the cluster with the settings docs/store.md advises, ``yusuan.batch.DASK_SETTINGS``; ``--dask-defaults``:
Dask's own).
CPU time moves less than the clock on a shared machine: compare CPU figures.

Figures of 2026-12-07 (this 2-core machine, shared with other work; the code of 9b108be and the code
after it, run alternately in one session: six runs each of ``--n 300 --modes jobs2,dask --store 200``,
three of ``--n 500 --store 0``): the store alone in groups of 64, SQLite 1.70–1.78 → 1.42–1.59 ms CPU
a file (instructions −14.5%, 18.1 → 15.5 M a file), PostgreSQL 0.81–1.41 → 0.75–1.23 ms (the
server's own 2.5–2.7 ms a file more, half of it the foreign-key checks of the copied rows); one
transaction per file, SQLite ~5.5, PostgreSQL ~10 ms. Dask vs local workers: from −8% to +22% from
one run to the next (median +10.7% before, +5.3% after, nine runs each); the parts show why: Dask's
workers spend what local workers spend on a file, within that noise, and its scheduler and nannies
0.8–0.9 → 0.6–0.8 ms a file. jobs2: 35–43 ms CPU a file, 7–8 of them in the import process.
At the end of the session, on a quiet machine, ``--n 10000 --modes jobs2 --store 0``: 173.5 s wall
(goal 180), 33.2 ms CPU a file (3.7 in the import process), peak 425 MB in all, second run 0.7%.
A third session, on a slower hour of the machine (the read floor 2,100 against 2,886), 0586465 then the session's
end, ``--n 10000 --modes jobs2 --store 0``: 223.0 → 186.2 s wall, 42.5 → 35.9 ms CPU a file (its workers 37.4 →
31.2), peak 414 → 421 MB, second run 0.8%.
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
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "src"))
from copies import make_copies  # noqa: E402

GOAL_WALL_10K, GOAL_MB, GOAL_STORE_MS, GOAL_DASK = 180.0, 500.0, 2.0, 5.0
PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
TICK = os.sysconf("SC_CLK_TCK")


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


def _cpu(pid: int) -> float | None:
    """User + system CPU seconds of a process so far."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK


class Peak(threading.Thread):
    """Samples the RSS and CPU time of the import process and of every process below it (or below
    given roots): peak RSS of the main process, of one worker and of all together; CPU seconds
    spent since the start (a process that existed before counts from then: a Dask worker)."""

    def __init__(self, main: int, roots: list[int]):
        super().__init__(daemon=True)
        self.main, self.roots, self.stop = main, roots, threading.Event()
        self.main_mb = self.worker_mb = self.total_mb = 0.0
        self.base: dict[int, float] = {pid: c for pid in self._below() if (c := _cpu(pid)) is not None}
        self.last: dict[int, float] = {}
        self.own = 0.0  # this thread's CPU time, which is in the bench process's own

    def _below(self) -> list[int]:
        tree, todo, below = _children(), list(self.roots), []
        while todo:
            for c in tree.get(todo.pop(), []):
                below.append(c)
                todo.append(c)
        return [self.main, *(p for p in set(below) if p != self.main)]

    def run(self):
        start = time.thread_time()
        while not self.stop.is_set():
            total = 0.0
            for pid in self._below():
                mb = _rss_mb(pid)
                total += mb
                if pid == self.main:
                    self.main_mb = max(self.main_mb, mb)
                else:
                    self.worker_mb = max(self.worker_mb, mb)
                c = _cpu(pid)
                if c is not None:
                    self.last[pid] = c
            self.total_mb = max(self.total_mb, total)
            self.stop.wait(0.2)
        self.own = time.thread_time() - start

    @property
    def cpu(self) -> float:
        return sum(c - self.base.get(pid, 0.0) for pid, c in self.last.items())


def timed_import(directory: Path, db: Path, args: list[str], roots: list[int]) -> tuple[float, dict, Peak, str]:
    """(wall seconds, CPU seconds by part, peak, summary line) of one ``yusuan import``. The parts:
    ``import`` (its own process: walking, hashing, storing), ``readers`` (the processes below it or
    below ``roots``: its workers, a Dask cluster's) and ``scheduler`` (a Dask scheduler and nannies in
    this process)."""
    cmd = [sys.executable, "-m", "yusuan.cli", "import", str(directory), "--db", str(db), "-q", *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    own = os.times()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = Peak(proc.pid, [proc.pid, *roots])
    peak.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    peak.stop.set()
    peak.join()
    if proc.returncode:
        raise SystemExit(f"import failed ({proc.returncode}): {err[-2000:]}")
    main = peak.last.get(proc.pid, 0.0) - peak.base.get(proc.pid, 0.0)
    parts = {"import": main, "readers": peak.cpu - main, "scheduler": 0.0}
    if roots and os.getpid() in roots:  # a Dask scheduler in this process: its CPU time too
        now = os.times()
        parts["scheduler"] = (now.user - own.user) + (now.system - own.system) - peak.own
    return seconds, parts, peak, out.strip().splitlines()[0]


def _import_yusuan() -> None:
    import importlib
    for name in ("yusuan.batch", "yusuan.read", "yusuan.rules"):
        importlib.import_module(name)


def _warm(cluster) -> None:
    """yusuan imported in the Dask workers before the timed run, as on a cluster that has run a
    batch before (local workers get it from their fork server, whose time is counted)."""
    from distributed import Client
    with Client(cluster) as client:
        client.run(_import_yusuan)


def bench(n: int, modes: list[str], work: Path, dask_defaults: bool = False) -> dict[str, float]:
    files = work / f"n{n}"
    if not files.exists():
        t = time.perf_counter()
        make_copies(n, files)
        print(f"N = {n:,}: copies written in {time.perf_counter() - t:.1f} s", flush=True)
    cpu_per_file: dict[str, float] = {}
    for mode in modes:
        db = work / f"n{n}-{mode}.db"
        for p in work.glob(db.name + "*"):
            p.unlink()
        cluster = None
        try:
            if mode == "dask":
                import dask
                from distributed import LocalCluster
                from yusuan.batch import DASK_SETTINGS
                with dask.config.set({} if dask_defaults else DASK_SETTINGS):  # as docs/store.md advises, unless asked
                    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
                _warm(cluster)
                args = ["--executor", cluster.scheduler_address.replace("tcp://", "dask://")]
                roots = [os.getpid()]  # the cluster's worker processes are this process's children
            else:
                args, roots = ["--jobs", mode[-1]], []
            first, parts, peak, summary = timed_import(files, db, args, roots)
            second, _, _, again = timed_import(files, db, args, roots)
        finally:
            if cluster:
                cluster.close()
        cpu = sum(parts.values())
        cpu_per_file[mode] = 1000 * cpu / n
        print(f"N = {n:>6,}  {mode:<5}  {n / first:6.1f} files/s  wall {first:6.1f} s  CPU {cpu:6.1f} s "
              f"({1000 * cpu / n:5.1f} ms/file)  peak RSS main {peak.main_mb:4.0f} MB, worker {peak.worker_mb:4.0f} MB, "
              f"all {peak.total_mb:4.0f} MB  second run {second:5.1f} s ({100 * second / first:.1f}%)  "
              f"db {db.stat().st_size / 2**20:.0f} MB", flush=True)
        if mode == "jobs2":
            goal = GOAL_WALL_10K * n / 10_000
            print(f"    goal: wall ≤ {goal:.0f} s for {n:,} (3 min per 10,000): {'met' if first <= goal else 'NOT met'}; "
                  f"peak ≤ {GOAL_MB:.0f} MB (all processes): {'met' if peak.total_mb <= GOAL_MB else 'NOT met'}",
                  flush=True)
        print(f"    CPU ms/file: import process {1000 * parts['import'] / n:.1f}, "
              f"{'Dask workers' if mode == 'dask' else 'its workers'} {1000 * parts['readers'] / n:.1f}"
              + (f", scheduler and nannies {1000 * parts['scheduler'] / n:.2f}" if mode == "dask" else ""), flush=True)
        print(f"    {summary}\n    {again}", flush=True)
    if "dask" in cpu_per_file and "jobs2" in cpu_per_file:
        more = 100 * (cpu_per_file["dask"] / cpu_per_file["jobs2"] - 1)
        settings = "Dask's default settings" if dask_defaults else "yusuan.batch.DASK_SETTINGS"
        print(f"    Dask vs local workers: {more:+.1f}% CPU per file (goal ≤ +{GOAL_DASK:.0f}%; the Dask workers had "
              f"imported yusuan before; the cluster with {settings})", flush=True)
    return cpu_per_file


def _server_cpu() -> float:
    """CPU seconds so far of the PostgreSQL server's processes on this machine (0 when none is seen):
    what a COPY, its foreign-key checks and its indexes cost the server, on the same cores."""
    total = 0.0
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                name = open(f"/proc/{d}/comm").read().strip()
            except OSError:
                continue
            if name == "postgres":
                total += _cpu(int(d)) or 0.0
    return total


def _pg_database() -> tuple[str, object, str] | None:
    try:
        from sqlalchemy import create_engine, text
        admin = create_engine(f"{PG}/test", isolation_level="AUTOCOMMIT")
        name = f"yusuan_bench_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        return f"{PG}/{name}", admin, name
    except Exception as e:  # noqa: BLE001 - no server: the SQLite figures alone
        print(f"    (PostgreSQL at {PG} not reachable: {type(e).__name__}; SQLite only)")
        return None


def bench_store(count: int, work: Path) -> None:
    """Store time per file in the main process: the same results stored one transaction per file
    and in groups, on SQLite and PostgreSQL."""
    from yusuan.batch import GROUP, _store, _store_group, executor, walk
    from yusuan.store.engine import open_store
    from yusuan.store.portal import stamp
    from yusuan.web import parts  # noqa: F401 - imported, and the code's stamp made, before the first store is timed
    stamp()
    files = work / f"store{count}"
    if not files.exists():
        make_copies(count, files)
    items = list(executor("local", 2)(walk([files])))
    print(f"store alone: {len(items)} files' results (read beforehand), {sum(len(i.facts) for i in items) / len(items):.0f} "
          f"facts, {sum(len(i.document or b'') for i in items) / len(items) / 1024:.0f} KB of packed document per file",
          flush=True)

    def one_by_one(engine):
        for item in items:
            _store(engine, item)

    def in_groups(engine):
        for k in range(0, len(items), GROUP):
            _store_group(engine, items[k:k + GROUP])

    for database in ("sqlite", "postgresql"):
        for how, store in (("one transaction per file", one_by_one), (f"groups of {GROUP}", in_groups)):
            pg = None
            if database == "sqlite":
                url = str(work / f"store-{uuid.uuid4().hex[:6]}.db")
            else:
                pg = _pg_database()
                if pg is None:
                    break
                url = pg[0]
            engine = open_store(url)
            # this thread's CPU time: threads a Dask cluster left in this process would count in the process's
            server, cpu, wall = _server_cpu(), time.thread_time(), time.perf_counter()
            store(engine)
            cpu, wall, server = time.thread_time() - cpu, time.perf_counter() - wall, _server_cpu() - server
            engine.dispose()
            if pg:
                from sqlalchemy import text
                with pg[1].connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{pg[2]}" WITH (FORCE)'))
            per = 1000 * cpu / len(items)
            on_server = f", the server's {1000 * server / len(items):5.2f}" if pg and server else ""
            met = "met" if per <= GOAL_STORE_MS else "NOT met"
            print(f"    {database:<10} {how:<26} CPU {per:5.2f} ms/file{on_server}, wall {1000 * wall / len(items):5.2f} "
                  f"ms/file  (goal ≤ {GOAL_STORE_MS:.0f} ms: {met} in CPU)", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, action="append", help="number of files (repeatable); default 1000")
    ap.add_argument("--modes", default="jobs1,jobs2,dask")
    ap.add_argument("--store", type=int, default=300, help="files for the store-alone figures (0: none)")
    ap.add_argument("--dask-defaults", action="store_true",
                    help="the Dask cluster with Dask's default settings, not those docs/store.md advises")
    ap.add_argument("--keep", type=Path, help="work directory to keep (default: a temporary one, removed)")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="yusuan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for n in a.n or [1000]:
            bench(n, [m for m in a.modes.split(",") if m], work, a.dask_defaults)
        if a.store:
            bench_store(a.store, work)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
