"""yusuan import: bad files, idempotence, a run killed half-way, Dask, Parquet. Real SQLite files,
real processes (the CLI as a subprocess, a process pool, a Dask LocalCluster)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from batchdb import count, snapshot
from conftest import SEEDS, seed_path
from yusuan.batch import load, run, walk
from yusuan.store.engine import open_store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
from copies import make_copies  # noqa: E402


def yusuan(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "yusuan.cli", *map(str, args)], capture_output=True, text=True,
                          **kw)


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory) -> Path:
    """The five seeds, seed 000 as a real XLSX, and three bad files: a truncated XLSX (corrupt), an empty
    file and an HTML page named .xlsx (unsupported); a picture and a hidden file the walk passes over."""
    import make_office
    d = tmp_path_factory.mktemp("batch")
    for p in sorted(SEEDS.glob("*.txt")):
        (d / p.name).write_bytes(p.read_bytes())
    sub = d / "office"
    sub.mkdir()
    make_office.write_xlsx(make_office.seed_items(seed_path("000")), sub / "000.xlsx")
    data = (sub / "000.xlsx").read_bytes()
    (sub / "corrupt.xlsx").write_bytes(data[: len(data) // 2])
    (sub / "empty.txt").write_bytes(b"")
    (sub / "page.xlsx").write_text("<html><body><table><tr><td>预算</td></tr></table></body></html>", encoding="utf-8")
    (sub / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (sub / ".hidden.txt").write_text("x", encoding="utf-8")
    return d


def test_walk_is_sorted_and_filtered(bad_batch):
    names = [Path(p).relative_to(bad_batch).as_posix() for p in walk([bad_batch])]
    assert names == ["000_f91b7b473888f42b.txt", "001_b7e1d5b40907585d.txt", "002_7c3d463bfeea7d61.txt",
                     "003_125ac91881a2613a.txt", "004_d963c162c8092ea1.txt", "office/000.xlsx",
                     "office/corrupt.xlsx", "office/empty.txt", "office/page.xlsx"]


def test_load_never_raises(tmp_path):
    missing = load(str(tmp_path / "nope.txt"))
    assert missing.status == "unreadable" and [f["code"] for f in missing.findings] == ["R001"]
    assert "nope.txt" in missing.findings[0]["message"]
    good = load(str(seed_path("003")))
    assert (good.status, good.unit[0], good.year, len(good.facts)) == ("read", "124", 2024, 262)


def test_a_rule_that_raises_leaves_the_file_read_and_checked(monkeypatch):
    from dataclasses import replace

    from yusuan import rules

    def boom(ctx):
        raise KeyError("total")
    monkeypatch.setattr(rules, "REGISTRY", tuple(replace(r, check=boom) if r.code == "X101" else r
                                                 for r in rules.REGISTRY))
    got = load(str(seed_path("003")))
    assert (got.status, len(got.facts)) == ("read", 262)
    assert [f["code"] for f in got.findings if f["code"] in ("R001", "R013")] == ["R013"]


def test_bad_files_are_findings_and_good_files_stored(bad_batch, tmp_path):
    db = tmp_path / "y.db"
    done = yusuan("import", bad_batch, "--db", db, "--jobs", 2)
    assert done.returncode == 0, done.stderr
    assert "文件 9 个：新存入 9，已存在跳过 0，无法读取 3；预算 6 份" in done.stdout
    assert "  R001 ×3  文件无法读取" in done.stdout.splitlines()
    engine = open_store(str(db))
    with engine.connect() as conn:
        docs = conn.execute(text("SELECT d.file, d.status, d.format, count(f.id) FROM documents d LEFT JOIN findings f "
                                 "ON f.document_id = d.id AND f.code = 'R001' GROUP BY d.id ORDER BY d.file")).all()
        messages = dict(conn.execute(text("SELECT d.file, f.message FROM findings f JOIN documents d "
                                          "ON d.id = f.document_id WHERE f.code = 'R001'")).all())
        xlsx_208 = conn.execute(text(
            "SELECT f.amount, f.sheet, f.cell FROM facts f JOIN budgets b ON b.id = f.budget_id JOIN documents d "
            "ON d.id = b.document_id WHERE d.format = 'xlsx' AND f.\"table\" = 'general_expenditure' "
            "AND f.row_code = '208' AND f.\"column\" = 'total'")).one()
    rel = {Path(f).relative_to(bad_batch).as_posix(): (status, fmt, n) for f, status, fmt, n in docs}
    assert rel == {
        "000_f91b7b473888f42b.txt": ("read", "tsv", 0), "001_b7e1d5b40907585d.txt": ("read", "pdf_text", 0),
        "002_7c3d463bfeea7d61.txt": ("read", "cell_lines", 0), "003_125ac91881a2613a.txt": ("read", "pdf_text", 0),
        "004_d963c162c8092ea1.txt": ("read", "tsv", 0), "office/000.xlsx": ("read", "xlsx", 0),
        "office/corrupt.xlsx": ("unreadable", "", 1), "office/empty.txt": ("unreadable", "", 1),
        "office/page.xlsx": ("unreadable", "", 1)}
    assert messages[str(bad_batch / "office/empty.txt")].startswith("文件为空 / empty file")
    assert "HTML" in messages[str(bad_batch / "office/page.xlsx")]
    assert xlsx_208[0] == "2859.58" and xlsx_208[2]
    # the XLSX is another document of the same unit and year: version 2 (files are stored in path order)
    assert count(engine, "budgets") == 6 and count(engine, "units") == 5
    with engine.connect() as conn:
        assert conn.execute(text("SELECT d.format, b.version FROM budgets b JOIN documents d ON d.id = b.document_id "
                                 "JOIN units u ON u.id = b.unit_id WHERE u.code = '212002' ORDER BY b.version")
                            ).all() == [("tsv", 1), ("xlsx", 2)]
    before = snapshot(engine)
    again = yusuan("import", bad_batch, "--db", db, "--jobs", 1, "-q")
    assert again.returncode == 0 and "新存入 0，已存在跳过 9" in again.stdout
    assert snapshot(engine) == before


def test_exit_codes(tmp_path):
    db = tmp_path / "y.db"
    missing = yusuan("import", tmp_path / "nope", "--db", db)
    assert missing.returncode == 2 and "路径不存在" in missing.stderr
    (tmp_path / "empty.txt").write_bytes(b"")
    nothing = yusuan("import", tmp_path / "empty.txt", "--db", db)
    assert nothing.returncode == 2 and "无法读取 1" in nothing.stdout
    assert count(open_store(str(db)), "findings") == 1
    for url, why in (("postgresql+psycopg://nobody@127.0.0.1:1/x", "Connection refused"),
                     ("mysql://x@y/z", "MySQLdb"), (tmp_path / "no" / "such" / "dir.db", "unable to open")):
        bad = yusuan("import", tmp_path / "empty.txt", "--db", url)  # a database that cannot be opened
        assert bad.returncode == 2 and "无法打开数据库" in bad.stderr and why in bad.stderr
        assert "Traceback" not in bad.stderr


@pytest.fixture(scope="module")
def sixty(tmp_path_factory) -> Path:
    """60 files: 55 varied copies of the seeds and 5 versions of seed 000 (one number edited each)."""
    d = tmp_path_factory.mktemp("sixty")
    make_copies(55, d / "copies")
    text0 = seed_path("000").read_text(encoding="utf-8")
    row = "2080102\t一般行政管理事务\t2.19\t\t2.19"
    for v in range(5):
        (d / f"v{v}.txt").write_text(text0.replace(row, row.replace("2.19", f"2.{20 + v}")), encoding="utf-8")
    return d


def test_killed_run_resumes_to_the_same_rows(sixty, tmp_path):
    whole = tmp_path / "whole.db"
    assert yusuan("import", sixty, "--db", whole, "--jobs", 2, "-q").returncode == 0
    reference = snapshot(open_store(str(whole)))
    assert len(reference["documents"]) == 60 and len(reference["budgets"]) == 60
    assert sorted(r[5] for r in reference["budgets"] if r[2] == "重庆市綦江区社会保险事务中心") == [1, 2, 3, 4, 5]

    db = tmp_path / "killed.db"
    engine = open_store(str(db))
    proc = subprocess.Popen([sys.executable, "-m", "yusuan.cli", "import", str(sixty), "--db", str(db), "--jobs", "2",
                             "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while count(engine, "documents") < 15 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the import and its workers, at once
    proc.wait()
    stored = count(engine, "documents")
    assert 15 <= stored < 60, stored
    resumed = yusuan("import", sixty, "--db", db, "--jobs", 2, "-q")
    assert resumed.returncode == 0
    assert f"新存入 {60 - stored}，已存在跳过 {stored}" in resumed.stdout
    assert snapshot(engine) == reference


def _workers(root: int) -> list[int]:
    """The pool's worker processes under ``root``: children of the forkserver."""
    parents = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                parents[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                todo.append(child)
    return [pid for pid in tree if parents[pid] != root]  # grandchildren: the forkserver's children


def test_a_killed_worker_loses_no_file(sixty, tmp_path):
    """A worker killed mid-run (as the OOM killer would) breaks the pool with every file in flight:
    they are read again alone and the run ends with the same rows as a run without the kill."""
    whole = tmp_path / "whole.db"
    assert yusuan("import", sixty, "--db", whole, "--jobs", 2, "-q").returncode == 0
    db = tmp_path / "worker.db"
    engine = open_store(str(db))
    proc = subprocess.Popen([sys.executable, "-m", "yusuan.cli", "import", str(sixty), "--db", str(db), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while count(engine, "documents") < 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = _workers(proc.pid)
    assert workers and proc.poll() is None
    os.kill(workers[0], signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0 and "Traceback" not in err, err
    assert "新存入 60，已存在跳过 0，无法读取 0" in out
    assert snapshot(engine) == snapshot(open_store(str(whole)))


def test_dask_cluster_equals_local(sixty, tmp_path):
    distributed = pytest.importorskip("distributed")
    paths = sorted(walk([sixty]))[:20]
    local = open_store(str(tmp_path / "local.db"))
    run(paths, local, jobs=1, progress=False)
    on_dask = open_store(str(tmp_path / "dask.db"))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        address = cluster.scheduler_address.replace("tcp://", "dask://")
        summary = run(paths, on_dask, executor_spec=address, progress=False)
        assert (summary.stored, summary.budgets) == (20, 20)
        with distributed.Client(cluster) as client:  # both worker processes did some of the reading
            assert len(client.scheduler_info()["workers"]) == 2
    assert snapshot(on_dask) == snapshot(local)


def test_parquet_partitioned_by_year_and_region(tmp_path):
    import pyarrow.dataset as ds
    from yusuan.store.partitioned import PARTITIONING
    db, out = tmp_path / "y.db", tmp_path / "pq"
    done = yusuan("import", SEEDS, "--db", db, "--to", "parquet", out, "-q")
    assert done.returncode == 0, done.stderr
    assert sorted(p.relative_to(out / "facts").parent.as_posix() for p in (out / "facts").rglob("*.parquet")) == [
        "year=2023/region=410700", "year=2023/region=500110", "year=2024/region=500104", "year=2026/region=500153"]
    facts = ds.dataset(out / "facts", format="parquet", partitioning=PARTITIONING).to_table()
    assert facts.num_rows == 1262
    rows = [r for r in facts.to_pylist() if r["unit_code"] == "212002" and r["table"] == "general_expenditure"
            and r["row_code"] == "208"]
    assert sorted((r["column"], r["amount"], str(r["value"]), r["year"], r["region"]) for r in rows) == [
        ("basic", "879.69", "879.69000000", 2023, "500110"), ("project", "1979.89", "1979.89000000", 2023, "500110"),
        ("total", "2859.58", "2859.58000000", 2023, "500110")]
    findings = ds.dataset(out / "findings", format="parquet", partitioning=PARTITIONING).to_table()
    assert findings.num_rows == 148  # 000: procurement disclosed nowhere is C104 alone
    # written again from the store: the same dataset, no duplicates
    assert yusuan("import", SEEDS, "--db", db, "--to", "parquet", out, "-q").returncode == 0
    assert ds.dataset(out / "facts", format="parquet", partitioning=PARTITIONING).count_rows() == 1262
