"""The store keeps the whole document (migration 0006, store/documents.py): a render or a re-check
from the store alone equals the one made from the file, on SQLite for every seed and on PostgreSQL;
a store made before documents were kept migrates and says what is missing."""
from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import SEED_NUMBERS, seed_path
from yusuan.batch import run
from yusuan.read import read_file
from yusuan.render.html import html
from yusuan.render.narrative import markdown
from yusuan.render.xlsx import xlsx
from yusuan.rules import check
from yusuan.store import load_document, loaded, save
from yusuan.store.engine import open_store, upgrade
from yusuan.store.query import budget, find_units

ROOT = Path(__file__).resolve().parents[1]


def yusuan(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "yusuan.cli", *map(str, args)], capture_output=True, env=env,
                          cwd=ROOT, timeout=300)


def workbook(data: bytes) -> dict[str, bytes]:
    """An XLSX's parts but docProps/core.xml, which holds the times it was made."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def budget_id(conn, doc) -> int:
    (unit,) = find_units(conn, doc.unit.code)
    return budget(conn, unit, doc.year, kind=doc.kind).ref.id


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    """The five seeds imported (yusuan.batch, as ``yusuan import`` does) into a SQLite file."""
    db = tmp_path_factory.mktemp("documents") / "y.db"
    engine = open_store(str(db))
    summary = run([seed_path(n) for n in SEED_NUMBERS], engine, jobs=1, progress=False)
    assert summary.budgets == 5
    engine.dispose()
    return db


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_render_and_check_from_the_store_equal_the_files(seeds_db, seed, number):
    doc = seed(number)
    engine = open_store(str(seeds_db))
    with engine.connect() as conn:
        stored = load_document(conn, budget_id(conn, doc))
    engine.dispose()
    assert stored == doc
    assert workbook(xlsx(stored, None, None)) == workbook(xlsx(doc, None, None))
    assert workbook(xlsx(stored, "mof143", None)) == workbook(xlsx(doc, "mof143", None))
    assert html(stored, None, None) == html(doc, None, None)
    assert markdown(stored, None) == markdown(doc, None)
    findings = check(stored).findings
    assert findings == check(doc).findings and findings  # the same findings, on the same cells


def test_the_cli_renders_and_checks_a_stored_budget(seeds_db, tmp_path):
    """``render --db DB --unit UNIT`` and ``check --db DB --unit UNIT``: what the file gives."""
    path = seed_path("001")
    doc = read_file(path)
    for fmt in ("xlsx", "html", "md"):
        from_store, from_file = tmp_path / f"store.{fmt}", tmp_path / f"file.{fmt}"
        r = yusuan("render", "--db", seeds_db, "--unit", doc.unit.code, "--year", doc.year, "-o", from_store, "-q")
        assert r.returncode == 0, r.stderr.decode()
        assert yusuan("render", path, "-o", from_file, "-q").returncode == 0
        if fmt == "xlsx":
            assert workbook(from_store.read_bytes()) == workbook(from_file.read_bytes())
        else:
            assert from_store.read_bytes() == from_file.read_bytes()
    stored, direct = yusuan("check", "--db", seeds_db, "--unit", doc.unit.name), yusuan("check", path)
    assert (stored.returncode, stored.stdout) == (direct.returncode, direct.stdout)
    assert b"[" in stored.stdout  # it found something: the comparison is not of two empty reports
    as_json = yusuan("check", "--db", seeds_db, "--unit", doc.unit.code, "--format", "json")
    assert as_json.stdout == yusuan("check", path, "--format", "json").stdout


def test_the_cli_says_what_is_wrong_with_a_store_selection(seeds_db):
    both = yusuan("render", seed_path("000"), "--db", seeds_db, "--unit", "212002", "-o", "-", "--to", "md")
    assert both.returncode == 2 and "二者选一" in both.stderr.decode() and "not both" in both.stderr.decode()
    neither = yusuan("check")
    assert neither.returncode == 2 and "缺少参数 FILES" in neither.stderr.decode()
    absent = yusuan("check", "--db", seeds_db, "--unit", "212002", "--year", "1999")
    assert absent.returncode == 2 and "1999" in absent.stderr.decode()
    nobody = yusuan("render", "--db", seeds_db, "--unit", "没有这个单位", "-o", "-", "--to", "md")
    assert nobody.returncode == 2 and "没有单位" in nobody.stderr.decode()


def test_a_store_from_before_documents_were_kept(tmp_path):
    """A store at migration 0005 with a budget in it migrates to 0006: its facts stay, it has no
    document, and a render from it says so and names the file to use instead."""
    db = tmp_path / "old.db"
    engine = open_store(str(db), migrate=False)
    upgrade(engine, "0005")
    path = seed_path("002")
    doc, data = read_file(path), path.read_bytes()
    item = loaded(doc, check(doc), sha256=hashlib.sha256(data).hexdigest(), path=str(path), size=len(data),
                  seconds=0.0)
    with engine.begin() as conn:  # what the code of 0005 stored: everything but the document
        save(conn, replace(item, document=None, document_schema=None))
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0010"
        bid = budget_id(conn, doc)
        assert conn.execute(text("SELECT count(*) FROM facts WHERE budget_id = :b"), {"b": bid}).scalar_one() > 100
        assert load_document(conn, bid) is None
        assert load_document(conn, bid + 1000) is None
    assert load_document(engine, bid) is None  # an Engine is taken too
    engine.dispose()
    r = yusuan("render", "--db", db, "--unit", doc.unit.code, "-o", "-", "--to", "md")
    err = r.stderr.decode()
    assert r.returncode == 2 and "尚未保存完整文档" in err and "before whole documents were kept" in err
    assert str(path) in err


def test_render_from_postgresql_equals_the_file(pg_url):
    doc = read_file(seed_path("003"))
    engine = open_store(pg_url)
    assert run([seed_path("003")], engine, jobs=1, progress=False).budgets == 1
    with engine.connect() as conn:
        bid = budget_id(conn, doc)
        stored = load_document(conn, bid)
        assert conn.execute(text("SELECT schema FROM documents_json WHERE budget_id = :b"), {"b": bid}).scalar_one() == 1
    engine.dispose()
    assert stored == doc
    assert workbook(xlsx(stored, None, None)) == workbook(xlsx(doc, None, None))
    assert html(stored, None, None) == html(doc, None, None)
    assert markdown(stored, None) == markdown(doc, None)
    assert check(stored).findings == check(doc).findings


def test_a_stored_document_that_cannot_be_loaded_is_said(tmp_path):
    """A body written by a newer yusuan (a later schema) or damaged: render says why and which file
    to import again, exit 2, no traceback."""
    import zlib

    from yusuan.model.codec import CodecError
    db = tmp_path / "y.db"
    engine = open_store(str(db))
    run([seed_path("004")], engine, jobs=1, progress=False)
    doc = read_file(seed_path("004"))
    for body in (zlib.compress(b'{"schema": 99, "document": {}}'), b"not zlib at all"):
        with engine.begin() as conn:
            conn.execute(text("UPDATE documents_json SET body = :b"), {"b": body})
        with engine.connect() as conn, pytest.raises(CodecError):
            load_document(conn, budget_id(conn, doc))
        r = yusuan("render", "--db", db, "--unit", doc.unit.code, "-o", "-", "--to", "md")
        err = r.stderr.decode()
        assert r.returncode == 2 and "无法由此版本读取" in err and "Traceback" not in err and str(seed_path("004")) in err
    engine.dispose()
