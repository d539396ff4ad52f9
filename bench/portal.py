"""The web portal under load: 10,000 stored budgets, one uvicorn worker (``yusuan serve``), 50
concurrent clients; p50/p99 latency of the budget page and of the API, requests per second, the
server's CPU time and the wall time of each run, beside the floor of the same stack (a static file).

    .venv/bin/python bench/portal.py [--n 10000] [--clients 50] [--requests 3000] [--db build/bench-portal.db]

The budgets are copies of the five seeds with other unit codes, names and years (bench/copies.py's
variants): each seed is read and checked once (which also makes its page's package and figures, as
``yusuan import`` does for each file), and each copy is stored from the seeds' rows with the same
replacements copies.py makes in the text (the unit's code and name, the years), its document and
kept parts too, so that 10,000 budgets are stored in minutes instead of read one by one. As
``yusuan import``, the pages of each group's units are made after the group is stored (the CPU time
of that is printed: what the import pays for it). The database is made anew on each run
(``--reuse``: the one --db holds, as an earlier run of this code left it).

Two servers, each started with nothing in its memory. The first, ``cold``, on the store as stored
(no ``yusuan warm``): ``page (hot)`` asks for 100 budgets over and over (the response cache holds
them); ``page (any, 1st visit)`` for any of the N, each the first visit to that page since the
server started; then ``again`` the same requests, answered from the memory; the API likewise (its
JSON kept as the file was stored, as the page). Then ``yusuan warm`` makes and keeps what is not kept
yet (its CPU and wall time are printed), and the second server, ``warm``, answers first visits to
another random choice of budgets. Clients send ``Accept-Encoding: gzip``, as browsers do. Goal (issue 15): p99 < 100 ms
for the budget page on one worker.
"""
from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import os
import random
import re
import resource
import socket
import subprocess
import sys
import time
import zlib
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from copies import SEEDS, UNITS, copy_text, variant  # noqa: E402

_YEAR_TEXT = re.compile(r"(20\d\d)(\s*年)")
_YEAR_FIELD = re.compile(r'"year":(20\d\d)')


def _swap(text: str, seed: int, i: int) -> str:
    """copies.py's replacements, on any text of the seed (its document's JSON, a stored string)."""
    code, name, shift = variant(seed, i)
    old_code, old_name = UNITS[seed]
    text = text.replace(old_name, name).replace(f"{old_code}-", f"{code}-").replace(f"{old_code}\t", f"{code}\t")
    text = text.replace(f'"code":"{old_code}"', f'"code":"{code}"')
    text = _YEAR_FIELD.sub(lambda m: f'"year":{int(m.group(1)) + shift}', text)
    return _YEAR_TEXT.sub(lambda m: f"{int(m.group(1)) + shift}{m.group(2)}", text)


def _copy(item, seed: int, i: int):
    code, name, shift = variant(seed, i)
    swap = lambda v: _swap(v, seed, i) if isinstance(v, str) else v  # noqa: E731
    rows = lambda rows: tuple({k: swap(v) for k, v in r.items()} for r in rows)  # noqa: E731
    body = _swap(zlib.decompress(item.document).decode("utf-8", "surrogatepass"), seed, i)
    unit = (code if item.unit[0] == UNITS[seed][0] else item.unit[0], name, item.unit[2], item.unit[3])
    return replace(item, sha256=hashlib.sha256(copy_text(seed, i).encode()).hexdigest(), file=f"copy-{seed}-{i}.txt",
                   path=f"copy-{seed}-{i}.txt", unit=unit, year=item.year + shift if item.year else None,
                   facts=rows(item.facts), findings=rows(item.findings), claims=rows(item.claims),
                   document=zlib.compress(body.encode("utf-8", "surrogatepass"), 6),
                   pages=tuple((part, gzip.compress(_swap(gzip.decompress(b).decode(), seed, i).encode(), 5))
                               for part, b in item.pages), api_tables=item.api_tables and _swap(item.api_tables, seed, i))


def build(db: str, n: int, reuse: bool = False) -> list[tuple[str, int]]:
    """A new store with ``n`` budgets, stored as ``yusuan import`` stores them: in groups, each
    group's pages made after it (web/warm.keep_pages); → (code, year) of each."""
    from yusuan.batch import load
    from yusuan.store import save
    from yusuan.store.engine import open_store
    from yusuan.web.warm import keep_pages
    if reuse and Path(db).exists():  # a store this script made before (with this code: else its pages are stale)
        return _stored(open_store(db))
    for old in (db, db + "-wal", db + "-shm"):
        Path(old).unlink(missing_ok=True)
    engine = open_store(db)
    start = time.perf_counter()
    seeds = [load(str(p)) for p in SEEDS]
    done, paging, pages = 0, 0.0, 0
    while done < n:
        codes = set()
        with engine.begin() as conn:
            for k in range(done, min(n, done + 250)):
                seed, i = k % len(SEEDS), k // len(SEEDS) + 1  # copy 0 would be the seed's own unit
                item = _copy(seeds[seed], seed, i)
                save(conn, item)
                codes.add(item.unit[0])
        cpu = time.process_time()
        pages += keep_pages(engine, codes)
        paging += time.process_time() - cpu
        done = min(n, done + 250)
        print(f"\r  stored {done:,} budgets ({time.perf_counter() - start:.0f} s)", end="", file=sys.stderr)
    print(file=sys.stderr)
    print(f"stored as yusuan import stores: {pages:,} pages made after the groups were stored, in {paging:.1f} s of "
          f"CPU ({paging / max(pages, 1) * 1000:.1f} ms a page; the package and figures were made as the seeds "
          f"were read)")
    return _stored(engine)


def _stored(engine) -> list[tuple[str, int]]:
    from sqlalchemy import select

    from yusuan.store import schema as s
    with engine.connect() as conn:
        rows = conn.execute(select(s.units.c.code, s.budgets.c.year).join(s.units, s.units.c.id == s.budgets.c.unit_id)
                            .where(s.budgets.c.version == 1, s.budgets.c.year.is_not(None))).all()
    return [(r.code, r.year) for r in rows if r.code]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cpu(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _client(port: int, paths: list[str], latencies: list[float], errors: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for path in paths:
        start = time.perf_counter()
        writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\nAccept: text/html\r\nAccept-Encoding: gzip\r\n\r\n".encode())
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - start)
        if status != 200:
            errors.append(status)
    writer.close()


async def _load(port: int, paths: list[str], clients: int) -> tuple[list[float], list[int]]:
    latencies: list[float] = []
    errors: list[int] = []
    shares = [paths[k::clients] for k in range(clients)]
    await asyncio.gather(*(_client(port, share, latencies, errors) for share in shares))
    return latencies, errors


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--db", default=str(ROOT / "build" / "bench-portal.db"))
    ap.add_argument("--reuse", action="store_true", help="use the store --db holds (made by this script, this code)")
    args = ap.parse_args()
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    budgets = build(args.db, args.n, args.reuse)
    print(f"{len(budgets):,} stored budgets; one uvicorn worker; {args.clients} concurrent clients; "
          f"{args.requests:,} requests a run; CPUs: {os.cpu_count()}")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "YUSUAN_UPLOADS": str(Path(args.db).parent / "bench-uploads")}
    rng = random.Random(15)
    hot = rng.sample(budgets, min(100, len(budgets)))
    anywhere = [f"/units/{c}/{y}" for c, y in (rng.choice(budgets) for _ in range(args.requests))]
    api = [f"/api/budgets/{c}/{y}" for c, y in (rng.choice(budgets) for _ in range(args.requests))]
    print(f"{'run':38} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} {'server CPU s':>13} {'wall s':>7}  errors")
    with _server(args.db, env) as server:
        asyncio.run(_load(server.port, [f"/units/{c}/{y}" for c, y in hot], 10))  # the hot pages' cache
        _runs(server, args.clients, {
            "static file (floor)": ["/static/portal.css"] * args.requests,
            "page (hot)": [f"/units/{c}/{y}" for c, y in (rng.choice(hot) for _ in range(args.requests))],
            "cold: page (any, 1st visit)": anywhere,
            "cold: page (any, again)": anywhere,
            "cold: API (any, 1st visit)": api,
            "cold: API (any, again)": api,
        })
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "yusuan.cli", "warm", "--db", args.db, "-q"], env=env, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(f"{'warm-up: yusuan warm (the rest of N)':38} {'':8} {'':8} {'':8} {cpu:13.2f} {wall:7.2f}  "
          f"(CPU of its process)")
    rng = random.Random(16)  # other budgets than the cold run's: most were kept by the warm-up, not by a visit
    anywhere = [f"/units/{c}/{y}" for c, y in (rng.choice(budgets) for _ in range(args.requests))]
    api = [f"/api/budgets/{c}/{y}" for c, y in (rng.choice(budgets) for _ in range(args.requests))]
    with _server(args.db, env) as server:
        _runs(server, args.clients, {
            "warm: static file (floor)": ["/static/portal.css"] * args.requests,
            "warm: page (any, 1st visit)": anywhere,
            "warm: page (any, again)": anywhere,
            "warm: API (any, 1st visit)": api,
        })
    print("goal: budget page p99 < 100 ms on one worker (cold: as stored, no yusuan warm; warm: after it; "
          "each server started with an empty memory)")
    return 0


class _server:
    """``yusuan serve`` on a free port, for a ``with`` block."""

    def __init__(self, db: str, env: dict):
        self.db, self.env, self.port = db, env, _free_port()

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "yusuan.cli", "serve", "--db", self.db, "--port", str(self.port)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.pid = self.process.pid
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        return self

    def __exit__(self, *_):
        self.process.terminate()
        self.process.wait(timeout=20)


def _runs(server: _server, clients: int, runs: dict[str, list[str]]) -> None:
    for name, paths in runs.items():
        cpu = _cpu(server.pid)
        start = time.perf_counter()
        latencies, errors = asyncio.run(_load(server.port, paths, clients))
        wall = time.perf_counter() - start
        cpu = _cpu(server.pid) - cpu
        print(f"{name:38} {_pct(latencies, 50) * 1000:8.1f} {_pct(latencies, 99) * 1000:8.1f} "
              f"{len(latencies) / wall:8.0f} {cpu:13.2f} {wall:7.2f}  {len(errors)}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
