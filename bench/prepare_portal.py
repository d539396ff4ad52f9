"""What a preparer waits for when saving entries in the portal: one new version of the demo unit's
entries (examples/entries/demo-unit-2025.json), beside its floor, ``prepare()`` itself in-process.

    .venv/bin/python bench/prepare_portal.py [--runs 10]

Steps, each timed ``--runs`` times (median and worst; CPU time of this process and wall time):
``prepare()`` (the entries loaded, the package derived, its workbook written, read back and checked:
the floor), ``draft()`` (that, plus the package rendered to HTML and the document packed, in-process),
``draft in a worker`` (the same in a sandboxed worker: the portal's path), and ``POST upload`` (the
whole request through the app on SQLite: the worker, the version stored, the redirect).
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DEMO = ROOT / "examples" / "entries" / "demo-unit-2025.json"


def timed(fn, runs: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return walls, cpus


def row(name: str, walls: list[float], cpus: list[float], floor: float | None) -> str:
    med = statistics.median(walls)
    ratio = f"{med / floor:5.2f}×" if floor else "  floor"
    return (f"{name:<22} wall median {med * 1000:7.1f} ms  worst {max(walls) * 1000:7.1f} ms  "
            f"cpu (this process) median {statistics.median(cpus) * 1000:7.1f} ms  {ratio}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()

    from yusuan.read.limits import Limits
    from yusuan.prepare.run import prepare
    from yusuan.store.engine import open_store
    from yusuan.web.drafting import draft, draft_isolated
    from yusuan.web.users import add_user
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from yusuan.web.app import Settings, create_app

    path = str(DEMO)
    prepare(path)  # imports and catalogs loaded once, outside the runs
    floor = timed(lambda: prepare(path), args.runs)
    base = statistics.median(floor[0])
    print(row("prepare() (floor)", *floor, None))
    print(row("draft()", *timed(lambda: draft((path, "demo.json", None)), args.runs), base))
    print(row("draft in a worker", *timed(lambda: draft_isolated(path, "demo.json", Limits()), args.runs), base))
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_store(str(Path(tmp) / "bench.db"))
        with engine.begin() as conn:
            add_user(conn, "prep", "bench password", "preparer", ["901001"])
        app = create_app(Settings(upload_dir=str(Path(tmp) / "uploads")), engine=engine)
        body = DEMO.read_bytes()
        token = re.compile(r'name="csrf_token" value="([^"]+)"')
        with TestClient(app) as c:
            c.post("/login", data={"username": "prep", "password": "bench password",
                                   "csrf_token": token.search(c.get("/login").text).group(1)})
            csrf = token.search(c.get("/prepare").text).group(1)

            def post():
                r = c.post("/prepare/units/901001/upload", data={"csrf_token": csrf},
                           files={"file": ("demo.json", body, "application/json")}, follow_redirects=False)
                assert r.status_code == 303, r.text

            print(row("POST upload", *timed(post, args.runs), base))
            versions = c.get("/prepare/units/901001").text.count("/prepare/drafts/")
        print(f"versions stored: {versions}; entries {len(json.loads(body)['basic'])} basic lines, "
              f"{len(json.loads(body)['projects'])} projects")
        engine.dispose()


if __name__ == "__main__":
    main()
