"""The budget page's parts kept in the store per version (web/kept.py, migration 0009) and ``yusuan
warm``: what is kept equals a fresh render, a page is made again when the unit gets a new version or
another year, another code's rows are never served, warm makes what is missing and drops the stale."""
from __future__ import annotations

import gzip
import json
import re
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import event, select, update

from conftest import seed_path
from yusuan.batch import run
from yusuan.cli import main
from yusuan.store import portal as t
from yusuan.store import schema as s
from yusuan.store.engine import open_store
from yusuan.store.query import load
from yusuan.web import budget, data, kept, parts
from yusuan.web.warm import keep_pages, pending, warm

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from yusuan.web.app import Settings, create_app  # noqa: E402

PAGE = "/units/121003/2026"  # seed 002


@pytest.fixture
def store(tmp_path):
    db = tmp_path / "kept.db"
    engine = open_store(str(db))
    run([str(seed_path(n)) for n in ("002", "003")], engine, jobs=1, progress=False)
    return engine


def _client(engine, tmp_path):
    return TestClient(create_app(Settings(upload_dir=str(tmp_path / "uploads")), engine=engine))


def _rows(engine, code="121003", year=2026) -> dict[str, object]:
    with engine.connect() as conn:
        _, ref = data.find(conn, code, year)
        c = t.page_cache.c
        return {r.part: r for r in conn.execute(select(t.page_cache).where(c.budget_id == ref.id))}


def _copy(tmp_path, name: str, edit) -> str:
    path = tmp_path / name
    path.write_text(edit(seed_path("002").read_text(encoding="utf-8")), encoding="utf-8")
    return str(path)


def test_kept_parts_equal_a_fresh_render(store, tmp_path):
    with _client(store, tmp_path) as c:
        served = c.get(PAGE).text
        api = c.get("/api/budgets/121003/2026").json()
    rows = _rows(store)
    assert set(rows) == {"package", "figures", "page", "api"}
    with store.connect() as conn:
        unit, ref = data.find(conn, "121003", 2026)
        b = load(conn, unit, ref)
        fresh = parts.package(conn, b)
        assert rows["page"].depends == kept.depends(conn, "121003") == ref.id
    unpack = lambda r: gzip.decompress(r.body).decode("utf-8")  # noqa: E731
    assert unpack(rows["package"]) == fresh and "情况说明" in fresh and '<section class="sheet' in fresh
    assert unpack(rows["figures"]) == parts.figures(b).json()
    assert json.loads(unpack(rows["api"])) == api == json.loads(json.dumps(parts.api_budget(b), ensure_ascii=False))
    assert all(r.stamp == kept.STAMP and r.document_id == ref.document_id for r in rows.values())
    # the kept page is the page served, and the page made now from nothing kept
    assert unpack(rows["page"]) == served
    with store.begin() as conn:
        conn.execute(t.page_cache.delete())
    assert budget.anonymous_page(store, unit, ref) == served
    assert fresh in served and "合计 2,235.58 万元" in served


def test_the_import_keeps_each_page_so_that_a_first_visit_renders_nothing(store, tmp_path):
    rows = _rows(store)  # as yusuan import left the store: no visit, no yusuan warm
    assert set(rows) == {"package", "figures", "page", "api"}
    unpack = lambda r: gzip.decompress(r.body).decode("utf-8")  # noqa: E731
    with store.connect() as conn:
        unit, ref = data.find(conn, "121003", 2026)
        b = load(conn, unit, ref)
        assert unpack(rows["package"]) == parts.package(conn, b)  # made by the worker that read the file
        assert unpack(rows["figures"]) == parts.figures(b).json()  # from its rows, as from the store's
        assert unpack(rows["api"]) == json.dumps(parts.api_budget(b), ensure_ascii=False)  # byte for byte
        assert rows["page"].depends == kept.depends(conn, "121003")
    assert all(r.stamp == kept.STAMP and r.document_id == ref.document_id for r in rows.values())
    kept_page = unpack(rows["page"])
    with store.begin() as conn:  # the page a visit would make now is the one the import kept
        conn.execute(t.page_cache.delete().where(t.page_cache.c.part == "page", t.page_cache.c.budget_id == ref.id))
    assert budget.anonymous_page(store, unit, ref) == kept_page
    with store.begin() as conn:
        conn.execute(t.page_cache.insert().values(budget_id=ref.id, part="page", document_id=ref.document_id,
                                                  stamp=kept.STAMP, depends=ref.id, made_at="test",
                                                  body=gzip.compress("<p>如入库时所存</p>".encode())))
    with _client(store, tmp_path) as c:  # sent as kept: nothing rendered on the first visit
        assert c.get(PAGE).text == "<p>如入库时所存</p>"
    with store.connect() as conn:
        assert pending(conn, api=False) == []  # every page of the import is kept (seed 003's too)


def _kept_pages(engine) -> dict[int, str]:
    c = t.page_cache.c
    with engine.connect() as conn:
        return {r.budget_id: gzip.decompress(r.body).decode("utf-8")
                for r in conn.execute(select(c.budget_id, c.body).where(c.part == "page"))}


def _one_by_one(engine, budget_ids) -> dict[int, str]:
    """Each page as a first visit makes it (nothing of the pages kept)."""
    with engine.begin() as conn:
        conn.execute(t.page_cache.delete().where(t.page_cache.c.part == "page"))
    out = {}
    with engine.connect() as conn:
        todo = pending(conn, api=False)
    for unit, ref in todo:
        out[ref.id] = budget.anonymous_page(engine, unit, ref)
    assert set(out) == set(budget_ids)
    return out


def _seeds_and_last_year(tmp_path) -> list[str]:
    year = lambda text: re.sub(r"(20\d\d)(\s*年)", lambda m: f"{int(m.group(1)) - 1}{m.group(2)}", text)  # noqa: E731
    return [str(seed_path(n)) for n in ("000", "001", "002", "003", "004")] + [_copy(tmp_path, "2025.txt", year)]


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_the_pages_an_import_keeps_by_group_equal_those_made_one_by_one(database, tmp_path, request):
    url = str(tmp_path / "group.db") if database == "sqlite" else request.getfixturevalue("pg_url")
    engine = open_store(url)
    run(_seeds_and_last_year(tmp_path), engine, jobs=1, progress=False)
    grouped = _kept_pages(engine)
    assert len(grouped) >= 5 and any("本年与上年按功能分类的支出" in page for page in grouped.values())
    assert grouped == _one_by_one(engine, grouped)
    engine.dispose()


def test_a_page_that_cannot_be_made_is_left_and_the_others_kept(store):
    with store.connect() as conn:
        _, bad = data.find(conn, "121003", 2026)
    with store.begin() as conn:  # this version's figures kept by "this code" but unreadable
        conn.execute(t.page_cache.delete().where(t.page_cache.c.part.in_(("page", "figures")),
                                                 t.page_cache.c.budget_id == bad.id))
        conn.execute(t.page_cache.insert().values(budget_id=bad.id, part="figures", document_id=bad.document_id,
                                                  stamp=kept.STAMP, made_at="test", body=gzip.compress(b"{")))
        conn.execute(t.page_cache.delete().where(t.page_cache.c.part == "page"))
    assert keep_pages(store, {"121003", "124"}) == 1
    pages = _kept_pages(store)
    assert bad.id not in pages and _rows(store, "124", 2024)["page"].budget_id in pages


def test_a_new_version_is_made_anew_and_an_old_rendering_never_served(store, tmp_path):
    with _client(store, tmp_path) as c:
        assert "第 1 版" in c.get(PAGE).text
    old = _rows(store)
    # version 2 of the same budget, stored by an import while the server runs
    run([_copy(tmp_path, "v2.txt", lambda text: text + "\n附：本版为更正版。\n")], store, jobs=1, progress=False)
    with _client(store, tmp_path) as c:
        page = c.get(PAGE).text
        assert "第 2 版" in page and "第 1 版" not in page
    new = _rows(store)
    assert new["page"].budget_id != old["page"].budget_id and new["page"].depends == new["page"].budget_id
    assert gzip.decompress(new["page"].body).decode() == page
    # warm drops what no page shows any more (version 1's rows) and finds nothing left to make
    made, dropped, failed = warm(store)
    assert (made, failed) == (0, 0)  # the import kept every page and API answer
    assert dropped == len(old) == 4  # version 1: package, figures, page, API
    with store.connect() as conn:
        assert pending(conn) == []
        ids = set(conn.execute(select(t.page_cache.c.budget_id)).scalars())
    assert old["page"].budget_id not in ids


def test_another_year_stored_makes_the_page_again(store, tmp_path):
    with _client(store, tmp_path) as c:
        assert "库中没有此单位 2025 年的公开预算" in c.get(PAGE).text
    before = _rows(store)["page"]
    year = lambda text: re.sub(r"(20\d\d)(\s*年)", lambda m: f"{int(m.group(1)) - 1}{m.group(2)}", text)  # noqa: E731
    run([_copy(tmp_path, "2025.txt", year)], store, jobs=1, progress=False)
    with _client(store, tmp_path) as c:
        page = c.get(PAGE).text
    assert "库中没有此单位 2025 年的公开预算" not in page and "本年与上年按功能分类的支出" in page
    after = _rows(store)["page"]
    assert after.budget_id == before.budget_id and after.depends > before.depends


def test_rows_of_other_code_or_another_document_are_not_used(store, tmp_path):
    with _client(store, tmp_path) as c:
        good = c.get(PAGE).text
    fake = gzip.compress("<p>另一版本的页面</p>".encode())
    c_ = t.page_cache.c
    for change in ({"stamp": "other code"}, {"document_id": -1}):
        with store.begin() as conn:
            conn.execute(update(t.page_cache).values(body=fake, **change))
        with _client(store, tmp_path) as c:  # a new server: nothing in its memory
            assert c.get(PAGE).text == good
            assert c.get("/api/budgets/121003/2026").json()["unit"]["code"] == "121003"
        with store.connect() as conn:
            assert conn.execute(select(c_.body).where(c_.part == "page", c_.stamp == kept.STAMP)).scalar() != fake


def test_the_warm_command_makes_every_page_newest_first(store, tmp_path):
    with store.begin() as conn:  # as a store imported before pages were kept
        conn.execute(t.page_cache.delete())
    with _client(store, tmp_path) as c:  # a visit keeps the page, not the API's JSON: warm still makes that
        c.get(PAGE)
    assert set(_rows(store)) == {"package", "figures", "page"}
    with store.connect() as conn:
        todo = [(u.code, r.year) for u, r in pending(conn)]
    assert todo == [("121003", 2026), ("124", 2024)]  # newest year first
    db = store.url.database
    r = CliRunner().invoke(main, ["warm", "--db", db])
    assert r.exit_code == 0, r.output
    assert "已生成 2 个页面" in r.output
    r = CliRunner().invoke(main, ["warm", "--db", db, "-q"])
    assert r.exit_code == 0 and "已生成 0 个页面" in r.output
    assert set(_rows(store, "124", 2024)) == set(_rows(store)) == {"package", "figures", "page", "api"}
    with _client(store, tmp_path) as c:  # served as kept
        assert c.get("/units/124/2024").text == gzip.decompress(_rows(store, "124", 2024)["page"].body).decode()


def test_kept_pages_on_postgresql(pg_url, tmp_path):
    engine = open_store(pg_url)
    run([str(seed_path("002")), str(seed_path("003"))], engine, jobs=1, progress=False)
    assert warm(engine) == (0, 0, 0)  # the import kept them all
    _assert_api_kept_as_made(engine, ("121003", 2026), ("124", 2024))
    with TestClient(create_app(Settings(upload_dir=str(tmp_path / "uploads")), engine=engine)) as c:
        page = c.get(PAGE).text
        assert page == gzip.decompress(_rows(engine)["page"].body).decode() and "合计 2,235.58 万元" in page
        assert c.get("/api/budgets/124/2024").content == gzip.decompress(_rows(engine, "124", 2024)["api"].body)
    run([_copy(tmp_path, "v2.txt", lambda text: text + "\n附：本版为更正版。\n")], engine, jobs=1, progress=False)
    with engine.connect() as conn:
        assert pending(conn) == []
    _assert_api_kept_as_made(engine, ("121003", 2026))
    with engine.begin() as conn:
        conn.execute(t.page_cache.delete().where(t.page_cache.c.part == "page"))
    assert warm(engine) == (2, 3, 0)  # version 1's other three rows dropped, both pages made again
    with TestClient(create_app(Settings(upload_dir=str(tmp_path / "uploads")), engine=engine)) as c:
        assert "第 2 版" in c.get(PAGE).text
    engine.dispose()


def test_the_import_figures_of_a_department_are_its_own_tables(tmp_path):
    """A 部门 package with each unit's tables: the figures the worker makes are the 部门's own
    (its 汇总 支出 table), as those made from the store, not a unit's."""
    engine = open_store(str(tmp_path / "dept.db"))
    run([str(Path(__file__).parent / "fixtures" / "budget_department_2025.txt")], engine, jobs=1, progress=False)
    with engine.connect() as conn:
        unit, ref = data.find(conn, "305", 2025)
        b = load(conn, unit, ref)
        made = gzip.decompress(_rows(engine, "305", 2025)["figures"].body).decode("utf-8")
    assert made == parts.figures(b).json()
    fig = parts.Figures.from_json(made)
    assert fig.table == "expenditure" and str(fig.rows["2080505"][1]) == "81.80"
    assert str(fig.whole["total"]) == "1095.86"


def _assert_api_kept_as_made(engine, *budgets) -> list[dict]:
    """Each budget's API answer as the import kept it is, byte for byte, the one made now from the store."""
    answers = []
    for code, year in budgets:
        kept_text = gzip.decompress(_rows(engine, code, year)["api"].body).decode("utf-8")
        with engine.connect() as conn:
            b = load(conn, *data.find(conn, code, year))
            assert kept_text == json.dumps(parts.api_budget(b), ensure_ascii=False) == parts.make(
                conn, b.unit, b.ref, ("api",))["api"]
        answers.append(json.loads(kept_text))
    return answers


def test_the_import_keeps_the_api_answer_as_a_visit_makes_it(tmp_path):
    """Every seed stored in a group (store/bulk.save_many), then a second version stored on its own
    (repository.save) whose file names another 部门 for the unit: the kept answer has the unit as
    stored (its first 部门) and version 2, as the one made from the store; the server sends it."""
    from dataclasses import replace

    from yusuan.batch import load as read
    from yusuan.store import save
    from yusuan.store.bulk import save_many
    engine = open_store(str(tmp_path / "api.db"))
    items = [read(str(seed_path(n))) for n in ("000", "001", "002", "003", "004")]
    with engine.begin() as conn:
        assert all(save_many(conn, items))
    with engine.connect() as conn:
        shown = conn.execute(select(s.units.c.code, s.budgets.c.year).join(s.budgets, s.budgets.c.unit_id == s.units.c.id)).all()
    assert len(shown) == 5
    answers = _assert_api_kept_as_made(engine, *shown)
    assert {a["unit"]["code"]: a["findings"]["error"] for a in answers}["121003"] > 0  # 002 has its X120
    item = read(_copy(tmp_path, "v2.txt", lambda text: text + "\n附：本版为更正版。\n"))
    assert item.api_tables is not None
    with engine.begin() as conn:
        save(conn, replace(item, unit=(*item.unit[:2], "999", item.unit[3])))
    second, = _assert_api_kept_as_made(engine, ("121003", 2026))
    first = next(a for a in answers if a["unit"]["code"] == "121003")
    assert second["version"] == 2 and second["unit"] == first["unit"] and second["unit"]["parent"] != "999"
    assert second["tables"] == first["tables"] and second["tables"][0]["rows"][0]["amounts"]
    with _client(engine, tmp_path) as c:
        r = c.get("/api/budgets/121003/2026", headers={"accept-encoding": "gzip"})
        assert r.headers["content-encoding"] == "gzip" and r.json() == second
    engine.dispose()


def test_a_kept_page_or_answer_costs_one_statement_on_the_event_loop(store, tmp_path):
    """Served as kept: one statement on the store, on the event loop's own connection (no pool, no
    thread), its read transaction ended at once; then from the server's memory: none."""
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(store, "before_cursor_execute", count)
    try:
        with _client(store, tmp_path) as c:
            for path in (PAGE, "/api/budgets/121003/2026"):
                statements.clear()
                r = c.get(path, headers={"accept-encoding": "gzip"})
                assert r.status_code == 200 and r.headers["content-encoding"] == "gzip" and len(statements) == 1
                statements.clear()
                r = c.get(path, headers={"accept-encoding": "identity"})
                assert r.status_code == 200 and "content-encoding" not in r.headers and statements == []
            reader = c.app.state.portal.reader
            assert reader.conn is not None and not reader.conn.in_transaction()
            assert c.get("/units/121003/1999").status_code == 404 and c.get("/api/budgets/x/2026").status_code == 404
    finally:
        event.remove(store, "before_cursor_execute", count)
