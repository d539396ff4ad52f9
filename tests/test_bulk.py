"""The batch stores files in groups (store/bulk.py, batch._store_group): the rows are those of
storing file by file, on SQLite and PostgreSQL; a group the database refuses is stored file by file,
so that only the refused file is lost (its R001); a Dask-style group whose worker died is read again
file by file."""
from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from batchdb import count, snapshot
from conftest import seed_path
from yusuan.batch import _ordered, _store_group, load, walk
from yusuan.store import load_document, save
from yusuan.store.bulk import save_many
from yusuan.store.engine import open_store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from copies import make_copies  # noqa: E402


@pytest.fixture(scope="module")
def items(tmp_path_factory) -> list:
    """24 files read: 18 varied copies, two versions of seed 000 (one number edited), a file that
    cannot be read, and the same content twice (the second must be skipped)."""
    d = tmp_path_factory.mktemp("bulk")
    make_copies(18, d / "copies")
    text0 = seed_path("000").read_text(encoding="utf-8")
    row = "2080102\t一般行政管理事务\t2.19\t\t2.19"
    for v in range(2):
        (d / f"v{v}.txt").write_text(text0.replace(row, row.replace("2.19", f"2.{20 + v}")), encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "zz_same.txt").write_bytes((d / "v0.txt").read_bytes())
    loaded = [load(p) for p in walk([d])]
    assert len(loaded) == 22 and sum(i.status == "unreadable" for i in loaded) == 1
    return [*loaded, loaded[0], loaded[5]]  # and two contents met before, in a later group


def _one_by_one(engine, items) -> list:
    out = []
    for item in items:
        with engine.begin() as conn:
            out.append(save(conn, item))
    return out


def _in_groups(engine, items, size: int) -> list:
    out = []
    for k in range(0, len(items), size):
        with engine.begin() as conn:
            out += save_many(conn, items[k:k + size])
    return out


def test_groups_store_the_rows_of_one_by_one_sqlite(items, tmp_path):
    single, grouped = open_store(str(tmp_path / "one.db")), open_store(str(tmp_path / "groups.db"))
    ids = _one_by_one(single, items)
    assert [i is None for i in _in_groups(grouped, items, 7)] == [i is None for i in ids]
    assert sum(i is not None for i in ids) == 21  # 24 - the same content again (three times)
    reference = snapshot(single)
    assert snapshot(grouped) == reference
    # a second document of a unit, year and kind is its next version (v0, v1 of seed 000's unit)
    assert sorted(r[5] for r in reference["budgets"] if r[2] == "重庆市綦江区社会保险事务中心") == [1, 2]
    assert count(grouped, "documents_json") == 20 and count(grouped, "facts") == count(single, "facts") > 4000
    with grouped.connect() as conn:  # each budget's document is the one read from its file
        bid = conn.execute(text("SELECT b.id FROM budgets b JOIN documents d ON d.id = b.document_id "
                                "WHERE d.path LIKE '%v1.txt'")).scalar_one()
        doc = load_document(conn, bid)
    assert doc.file.endswith("v1.txt") and doc.table("general_expenditure").row("2080102").value("total") == Decimal("2.21")


def test_groups_store_the_rows_of_one_by_one_postgresql(items, tmp_path, pg_url):
    single, grouped = open_store(str(tmp_path / "one.db")), open_store(pg_url)
    _one_by_one(single, items)
    _in_groups(grouped, items, 9)
    assert snapshot(grouped) == snapshot(single)
    with grouped.connect() as conn:
        bodies = conn.execute(text("SELECT count(*), sum(length(body)) FROM documents_json")).one()
    grouped.dispose()
    assert bodies[0] == 20 and bodies[1] > 20 * 5000


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_refused_group_is_stored_file_by_file(items, tmp_path, request, database):
    """One file's rows refused (a NULL where the schema wants a row code; and, on PostgreSQL, a line
    beyond INTEGER): that file is stored as unreadable with the database's reason, every other file
    of its group as usual; text storable only once cleaned (a lone surrogate) is stored cleaned."""
    url = request.getfixturevalue("pg_url") if database == "postgresql" else str(tmp_path / "y.db")
    engine = open_store(url)
    good = [i for i in items[4:10] if i.status == "read"]  # copies (the first four: empty.txt, v0, v1, v0 again)
    bad = replace(good[1], facts=({**good[1].facts[0], "row_code": None},))
    odd = replace(good[2], facts=({**good[2].facts[0], "row_name": "半个\ud800字"}, *good[2].facts[1:]))
    group = [good[0], bad, odd, good[3]]
    if database == "postgresql":
        group.append(replace(good[4], facts=({**good[4].facts[0], "line": 2 ** 40},)))
    assert _store_group(engine, group) == [True] * len(group)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT d.sha256, d.status, f.message FROM documents d LEFT JOIN findings f "
                                 "ON f.document_id = d.id AND f.code = 'R001' ORDER BY d.id")).all()
        names = conn.execute(text("SELECT row_name FROM facts WHERE row_name LIKE '半个%'")).scalars().all()
    engine.dispose()
    status = {sha: (st, msg) for sha, st, msg in rows}
    assert status[good[0].sha256] == (status[good[3].sha256][0], None) == ("read", None)
    assert status[bad.sha256][0] == "unreadable" and "the database refused this file's rows" in status[bad.sha256][1]
    assert status[odd.sha256] == ("read", None) and names == ["半个\ufffd字"]
    if database == "postgresql":
        assert status[group[-1].sha256][0] == "unreadable"


def _read(paths: list[str]) -> list[str]:
    if any("poison" in p for p in paths):
        raise RuntimeError("the worker died")
    return [f"read {p}" for p in paths]


def test_a_group_whose_worker_died_is_read_again_file_by_file():
    """As ``batch.dask`` uses it: groups of three in flight, in order; the group holding the file that
    kills its worker is read again one file at a time, so only that file is lost."""
    paths = [f"f{k}" for k in range(8)]
    paths[4] = "poison"
    with ThreadPoolExecutor(2) as pool:
        out = list(_ordered(lambda chunk: pool.submit(_read, chunk), paths, 2, lambda p, e: f"lost {p}: {e}", 3))
    assert out == ["read f0", "read f1", "read f2", "read f3", "lost poison: the worker died", "read f5", "read f6",
                   "read f7"]


def test_groups_are_stored_in_order_by_a_thread_that_says_what_stopped_it():
    """batch._Storing: groups stored in the order given; an error that stops the storing is raised
    in the caller's thread (at the next group or at close), and no later group is stored."""
    from yusuan.batch import _Storing
    done = []

    def store(group):
        if group == ["stop"]:
            raise RuntimeError("the database went away")
        done.append(group)

    storing = _Storing(store)
    for g in (["a"], ["b", "c"], ["d"]):
        storing.put(g)
    storing.close()
    assert done == [["a"], ["b", "c"], ["d"]]
    storing, done[:] = _Storing(store), []
    with pytest.raises(RuntimeError, match="went away"):
        storing.put(["x"])
        storing.put(["stop"])
        storing.put(["after"])
        storing.put(["after"])
        storing.put(["after"])
        storing.close()
    storing.close()  # said once
    assert done == [["x"]]
