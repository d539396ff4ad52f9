"""The web portal through FastAPI's test client on a real SQLite store holding the five seeds:
every route, every role's allowed and refused actions, CSRF, upload limits (413), path traversal
(404, nothing read), the login rate limit, marks and their audit log, the CSV export, the CLI's
``user add``."""
from __future__ import annotations

import builtins
import csv
import io
import os
import re
import time
import warnings
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from conftest import seed_path
from yusuan.batch import run
from yusuan.cli import main
from yusuan.ledger import FACT_COLUMNS
from yusuan.store.engine import open_store
from yusuan.store import portal as t
from yusuan.web.users import add_user, authenticate

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from yusuan.web.app import Settings, create_app  # noqa: E402

PASSWORD = "correct horse 1"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A SQLite store with the five seeds and one user of each kind (a reviewer of 部门 303 only)."""
    db = tmp_path_factory.mktemp("web") / "portal.db"
    engine = open_store(str(db))
    run([str(seed_path(n)) for n in ("000", "001", "002", "003", "004")], engine, jobs=1, progress=False)
    with engine.begin() as conn:
        add_user(conn, "admin", PASSWORD, "admin")
        add_user(conn, "rev", PASSWORD, "reviewer")
        add_user(conn, "rev303", PASSWORD, "reviewer", ["303"])
        add_user(conn, "prep", PASSWORD, "preparer", ["121003"])
    return engine


def _app(store, tmp_path, **settings):
    return create_app(Settings(upload_dir=str(tmp_path / "uploads"), **settings), engine=store)


@pytest.fixture
def client(store, tmp_path):
    with TestClient(_app(store, tmp_path)) as c:
        yield c


def token(c, path="/login") -> str:
    return TOKEN.search(c.get(path).text).group(1)


def login(c, name: str, password: str = PASSWORD) -> str:
    """Log in through the form; → the new session's CSRF token."""
    r = c.post("/login", data={"username": name, "password": password, "csrf_token": token(c)},
               follow_redirects=False)
    assert r.status_code == 303, r.text
    return token(c, "/")


def seed_upload(number: str):
    p = seed_path(number)
    return ("files", (p.name, p.read_bytes(), "text/plain"))


# ---- public pages and the API ------------------------------------------------------------------------

def test_index_lists_and_searches_units(client):
    page = client.get("/").text
    assert "共 5 个单位" in page
    for code in ("121003", "124", "212001", "212002", "303016"):
        assert f"<th scope=\"row\">{code}</th>" in page
    assert 'href="/units/121003/2026"' in page
    found = client.get("/", params={"q": "綦江区"}).text
    assert "共 2 个单位" in found and "212001" in found and "121003" not in found
    assert "共 1 个单位" in client.get("/", params={"q": "303016"}).text
    assert "共 0 个单位" in client.get("/", params={"q": "%_"}).text  # LIKE's wildcards are plain text


def test_budget_page_shows_the_tables_the_narrative_and_charts(client):
    r = client.get("/units/121003/2026")
    assert r.status_code == 200
    page = r.text
    assert "重庆市荣昌区社会保险事务中心 2026年预算" in page
    assert '<svg class="treemap"' in page and 'href="/units/121003/2026?fn=208#function"' in page
    assert "合计 2,235.58 万元" in page  # the text alternative: the same figures in a table
    assert '<th scope="row"><a href="/units/121003/2026?fn=208#function">社会保障和就业支出</a></th>' in page
    assert '<td class="n">1,857.87</td>' in page
    assert "基本支出" in page and "1,060.61" in page and "1,174.97" in page  # 基本 vs 项目
    assert "“三公”经费合计" in page and "0.90" in page
    assert "库中没有此单位 2025 年的公开预算" in page
    assert "<table" in page and 'scope="col"' in page


def test_treemap_drills_down_class_item_entry(client):
    kuan = client.get("/units/121003/2026", params={"fn": "208"}).text
    assert "按功能分类的支出（款）" in kuan
    assert 'href="/units/121003/2026?fn=20801#function">人力资源和社会保障管理事务</a>' in kuan
    assert "1,690.95" in kuan and "合计 1,857.87 万元" in kuan
    xiang = client.get("/units/121003/2026", params={"fn": "20801"}).text
    assert "按功能分类的支出（项）" in xiang and "行政运行" in xiang and "757.49" in xiang
    assert "?fn=2080101" not in xiang  # 项 is the last level: no link further down
    assert '<a href="/units/121003/2026?fn=208#function">208 社会保障和就业支出</a>' in xiang  # the trail back up
    assert client.get("/units/121003/2026", params={"fn": "299"}).status_code == 404
    assert client.get("/units/121003/2026", params={"fn": "x"}).status_code == 404


def test_unknown_budgets_are_404(client):
    for path in ("/units/999999/2026", "/units/121003/2020", "/units/121003/abcd", "/units/121003/2026/download/exe",
                 "/nothing"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "没有找到" in r.text
    r = client.get("/api/budgets/999999/2026")
    assert r.status_code == 404 and r.json() == {"detail": "没有找到此页面。"}


def test_api_lists_budgets_and_gives_one_with_its_facts(client):
    listing = client.get("/api/budgets").json()
    assert listing["total"] == 5
    row = next(b for b in listing["budgets"] if b["code"] == "121003")
    assert row == {"code": "121003", "name": "重庆市荣昌区社会保险事务中心", "parent": "121", "region": "500153",
                   "year": 2026, "kind": "budget", "version": 1, "url": "/api/budgets/121003/2026"}
    assert client.get("/api/budgets", params={"q": "新乡"}).json()["total"] == 1
    one = client.get("/api/budgets/121003/2026").json()
    assert one["year"] == 2026 and one["unit"]["code"] == "121003" and one["findings"]["error"] == 9
    expenditure = next(t for t in one["tables"] if t["kind"] == "expenditure")
    assert expenditure["total"]["total"] == "2235.58"
    r = client.get("/api/budgets/121003/2026/facts.csv")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == FACT_COLUMNS
    assert {"table": "expenditure", "row_code": "total", "column": "total", "amount": "2235.58"}.items() <= next(
        x for x in rows if x["table"] == "expenditure" and x["row_code"] == "total" and x["column"] == "total").items()
    spec = client.get("/api/openapi.json").json()
    assert {"/api/budgets", "/api/budgets/{code}/{year}", "/api/budgets/{code}/{year}/facts.csv"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 404  # no CDN-served API browser


def test_downloads_and_comparison(client):
    r = client.get("/units/121003/2026/download/json")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert r.json()["unit"]["name"] == "重庆市荣昌区社会保险事务中心"
    assert client.get("/units/121003/2026/download/csv").text.lstrip("\ufeff").startswith("file,unit_code")
    book = client.get("/units/121003/2026/download/xlsx")
    assert book.status_code == 200 and book.content[:2] == b"PK" and "121003_2026_budget.xlsx" in book.headers[
        "content-disposition"]
    import openpyxl
    sheets = openpyxl.load_workbook(io.BytesIO(book.content)).sheetnames
    assert len(sheets) >= 9  # the rendered package: every table a sheet
    pdf = client.get("/units/121003/2026/download/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"
    page = client.get("/compare", params={"code": "212001", "year": "2023", "code2": "212002"}).text
    assert "只列出有变化的数字" in page and "<caption>财政拨款收支总表</caption>" in page
    assert '<th scope="row">208 社会保障和就业支出</th><td>合计</td><td class="n">3,649.82</td><td class="n">2,859.58</td>' \
        '<td class="n">-790.24</td><td class="n">-21.65%</td>' in page
    assert "in.current" not in page  # the vocabulary's row keys are not shown, their printed names are
    assert "库中没有所选单位和年度的公开预算" in client.get("/compare", params={"code": "1", "year": "2023",
                                                                           "year2": "2022"}).text


def test_security_headers_on_every_response(client):
    for path in ("/", "/units/121003/2026", "/api/budgets", "/login", "/static/portal.css", "/nothing"):
        h = client.get(path).headers
        csp = h["content-security-policy"]
        assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp.split(
            "script-src")[1].split(";")[0]
        assert h["x-frame-options"] == "DENY" and h["x-content-type-options"] == "nosniff"
    page = client.get("/units/121003/2026").text
    assert "<script>" not in page and "<style>" not in page  # no inline script or style element


# ---- login, sessions, CSRF, the rate limit ------------------------------------------------------------

def test_login_sets_a_signed_httponly_lax_cookie_and_logout_ends_the_session(client):
    r = client.post("/login", data={"username": "rev", "password": PASSWORD, "csrf_token": token(client)},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/review"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    old = client.cookies.get("yusuan_session")
    assert client.get("/review").status_code == 200
    r = client.post("/logout", data={"csrf_token": token(client, "/review")}, follow_redirects=False)
    assert r.status_code == 303
    client.cookies.set("yusuan_session", old)  # the old cookie is worth nothing once logged out
    assert client.get("/review", follow_redirects=False).status_code == 303
    client.cookies.set("yusuan_session", old[:-2] + "xx")  # nor is a forged one
    assert client.get("/review", follow_redirects=False).status_code == 303


def test_wrong_password_and_missing_csrf_are_refused(client):
    r = client.post("/login", data={"username": "rev", "password": "wrong password", "csrf_token": token(client)})
    assert r.status_code == 401 and "用户名或密码不正确" in r.text
    r = client.post("/login", data={"username": "rev", "password": PASSWORD})
    assert r.status_code == 403 and "csrf_token" in r.text
    r = client.post("/login", data={"username": "rev", "password": PASSWORD, "csrf_token": "forged"})
    assert r.status_code == 403
    assert client.get("/review", follow_redirects=False).status_code == 303  # still nobody


def test_login_is_rate_limited_across_server_processes(store, tmp_path):
    """The failures are counted in the store: five on one server process block a sixth login on
    another (the same store: several workers, or a restart), per address and per user name, for the
    window only."""
    one, two = _app(store, tmp_path), _app(store, tmp_path)
    try:
        with TestClient(one, client=("10.0.0.1", 1)) as c:
            csrf = token(c)
            for _ in range(5):
                assert c.post("/login", data={"username": "admin", "password": "guess guess",
                                              "csrf_token": csrf}).status_code == 401
        with TestClient(two, client=("10.0.0.1", 2)) as c:
            r = c.post("/login", data={"username": "rev", "password": PASSWORD, "csrf_token": token(c)})
            assert r.status_code == 429 and "登录失败次数过多" in r.text  # the address, even the right password
        with TestClient(two, client=("10.0.0.2", 3)) as c:
            r = c.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token(c)})
            assert r.status_code == 429  # the user name, from another address
            assert login(c, "rev")  # another name from another address is let in
        with store.begin() as conn:  # the window has passed
            conn.execute(t.login_failures.update().values(at=t.login_failures.c.at - 301))
        with TestClient(two, client=("10.0.0.1", 4)) as c:
            assert login(c, "admin")
            c.post("/login", data={"username": "admin", "password": "wrong again", "csrf_token": token(c)})
        with store.connect() as conn:  # the failures older than the window were dropped by the last one
            assert conn.execute(select(t.login_failures.c.at)).scalars().all() == [pytest.approx(time.time(), abs=60)] * 2
    finally:
        with store.begin() as conn:
            conn.execute(t.login_failures.delete())


def test_sessions_outlive_a_restart_and_every_process_signs_alike(store, tmp_path):
    """Without YUSUAN_SECRET the cookies are signed with a key generated once and kept in the store:
    a session made by one server process is good on another, and on one started later."""
    with TestClient(_app(store, tmp_path)) as c:
        login(c, "rev")
        cookies = dict(c.cookies)
    with store.connect() as conn:
        kept = conn.execute(select(t.portal_settings.c.value).where(t.portal_settings.c.name == "session_secret")).scalar_one()
    assert len(kept) >= 64
    with TestClient(_app(store, tmp_path), cookies=cookies) as c:  # a new process on the same store
        assert c.get("/review", follow_redirects=False).status_code == 200
    with TestClient(_app(store, tmp_path, secret="another key"), cookies=cookies) as c:  # YUSUAN_SECRET set
        assert c.get("/review", follow_redirects=False).status_code == 303


def test_login_next_stays_on_this_site(client):
    r = client.post("/login", data={"username": "rev", "password": PASSWORD, "csrf_token": token(client),
                                    "next": "//evil.example/x"}, follow_redirects=False)
    assert r.headers["location"] == "/review"


def test_state_changing_requests_need_the_csrf_token(client):
    csrf = login(client, "rev")
    assert client.post("/upload", files=[seed_upload("000")]).status_code == 403
    assert client.post("/upload", files=[seed_upload("000")], data={"csrf_token": "forged"}).status_code == 403
    assert client.post("/logout", follow_redirects=False).status_code == 403
    assert client.post("/review/findings/1/mark", data={"status": "已核实", "comment": "x"}).status_code == 403
    r = client.post("/upload", files=[seed_upload("000")], headers={"X-CSRF-Token": csrf, "Accept": "application/json"})
    assert r.status_code == 200 and r.json()["uploads"][0]["unit"]["code"] == "212002"


# ---- roles ---------------------------------------------------------------------------------------------

PROTECTED = ["/review", "/upload", "/prepare", "/admin/users", "/review/export.csv", "/review/uploads/1",
             "/review/documents/1"]


def test_anonymous_requests_go_to_login_or_get_401(client):
    for path in PROTECTED:
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next="), path
        r = client.get(path, headers={"Accept": "application/json"})
        assert r.status_code == 401 and r.json()["detail"].startswith("需要登录"), path
    r = client.post("/upload", files=[seed_upload("000")], headers={"Accept": "application/json"})
    assert r.status_code == 401


@pytest.mark.parametrize("name,allowed", [
    ("admin", {"/review", "/upload", "/prepare", "/admin/users", "/review/export.csv"}),
    ("rev", {"/review", "/upload", "/review/export.csv"}),
    ("prep", {"/prepare"}),
])
def test_each_role_gets_its_pages_and_403_for_the_others(client, name, allowed):
    login(client, name)
    for path in ("/review", "/upload", "/prepare", "/admin/users", "/review/export.csv"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == (200 if path in allowed else 403), (name, path, r.status_code)
    assert client.get("/").status_code == 200  # the public pages stay open to everyone


def test_the_preparers_home_lists_its_units(client):  # preparation itself: tests/test_web_prepare.py
    login(client, "prep")
    page = client.get("/prepare").text
    assert "121003" in page and "/prepare/units/121003" in page


# ---- upload, report, marks, dashboard, export ----------------------------------------------------------

def test_upload_reads_in_a_worker_and_pins_x120_on_table_one(client, store, tmp_path):
    login(client, "rev")
    r = client.post("/upload", files=[seed_upload("002")], data={"csrf_token": token(client, "/review")})
    assert r.status_code == 200
    page = r.text
    assert "检查报告：002_7c3d463bfeea7d61.txt" in page and "错误 9，警告 10" in page
    table_one = page.split('<h2 id="t0">')[1].split("<table>")[0]  # the heading of 表一 and what is pinned on it
    assert table_one.startswith("表一") and "X120" in table_one and "上一年度" in table_one
    with store.connect() as conn:
        row = conn.execute(select(t.uploads).order_by(t.uploads.c.id.desc())).first()
    assert row.original == seed_path("002").name and row.size == seed_path("002").stat().st_size
    assert re.fullmatch(r"[0-9a-f]{32}\.txt", row.stored_as)  # stored under a generated name, not the browser's
    assert (tmp_path / "uploads").is_dir() and not any((tmp_path / "uploads").iterdir())  # removed once its report is kept


def test_upload_of_two_files_and_a_zip(client, tmp_path):
    csrf = login(client, "rev")
    r = client.post("/upload", files=[seed_upload("000"), seed_upload("002")], data={"csrf_token": csrf},
                    headers={"Accept": "application/json"})
    got = r.json()["uploads"]
    assert [(u["unit"]["code"], u["year"], u["findings"]["error"]) for u in got] == [("212002", 2023, 10),
                                                                                    ("121003", 2026, 9)]
    blob = io.BytesIO()
    with zipfile.ZipFile(blob, "w") as z:
        z.writestr("../../escape.txt", seed_path("004").read_bytes())
        z.writestr("junk.bin", bytes(range(256)) * 4)
    r = client.post("/upload", files=[("files", ("pack.zip", blob.getvalue(), "application/zip"))],
                    data={"csrf_token": csrf}, headers={"Accept": "application/json"})
    a, b = r.json()["uploads"]
    assert a["file"] == "pack.zip/escape.txt" and a["unit"]["code"] == "303016"
    assert b["file"] == "pack.zip/junk.bin" and b["document_id"] is None and "不是可读取的文件类型" in b["message"]
    assert not (tmp_path / "escape.txt").exists() and not (tmp_path.parent / "escape.txt").exists()
    assert not any((tmp_path / "uploads").iterdir())  # every file removed once read


def test_files_left_behind_are_removed_once_old(store, tmp_path):
    """A file a stopped server left in the upload folder is removed after YUSUAN_UPLOAD_HOURS (when a
    server starts, and after each upload); a file being read by another server process is not."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    old, recent = folder / "0123456789abcdef0123456789abcdef.txt", folder / "fedcba9876543210fedcba9876543210.pdf"
    old.write_text("left behind")
    recent.write_text("being read")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(old, (two_hours_ago, two_hours_ago))
    app = _app(store, tmp_path, upload_hours=1)
    assert [p.name for p in folder.iterdir()] == [recent.name]
    (recent_then := folder / "00000000000000000000000000000000.txt").write_text("another left behind")
    os.utime(recent_then, (two_hours_ago, two_hours_ago))
    with TestClient(app) as c:
        r = c.post("/upload", files=[seed_upload("001")], data={"csrf_token": login(c, "rev")},
                   headers={"Accept": "application/json"})
        assert r.json()["uploads"][0]["unit"]["code"] == "212001"
    assert [p.name for p in folder.iterdir()] == [recent.name]


def test_upload_limits_answer_413(store, tmp_path):
    with TestClient(_app(store, tmp_path, max_file_mb=1, max_files=2)) as c:
        csrf = login(c, "rev")
        big = ("files", ("big.txt", b"a" * (1024 * 1024 + 1), "text/plain"))
        r = c.post("/upload", files=[big], data={"csrf_token": csrf})
        assert r.status_code == 413 and "1 MB" in r.text
        r = c.post("/upload", files=[seed_upload("000")] * 3, data={"csrf_token": csrf})
        assert r.status_code == 413 and "最多上传 2 个文件" in r.text
        r = c.post("/upload", content=b"x" * (4 * 1024 * 1024), data=None,
                   headers={"content-type": "multipart/form-data; boundary=b", "X-CSRF-Token": csrf})
        assert r.status_code == 413  # the whole body is capped before it is read

        def chunks():  # no Content-Length: the cap counts the bytes as they come
            for _ in range(5):
                yield b"x" * (1024 * 1024)

        r = c.post("/upload", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b",
                                                          "X-CSRF-Token": csrf})
        assert r.status_code == 413
        r = c.post("/login", content=b"username=" + b"a" * (2 * 1024 * 1024),
                   headers={"content-type": "application/x-www-form-urlencoded"})
        assert r.status_code == 413  # any other request: a form of a few fields
        assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").iterdir())


def test_a_file_of_no_known_type_is_refused_and_not_stored(client, tmp_path):
    csrf = login(client, "rev")
    r = client.post("/upload", files=[("files", ("x.pdf", bytes(range(256)) * 8, "application/pdf"))],
                    data={"csrf_token": csrf}, headers={"Accept": "application/json"})
    (u,) = r.json()["uploads"]
    assert u["document_id"] is None and "不是可读取的文件类型" in u["message"]
    assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").iterdir())


def test_an_unreadable_upload_is_its_r001(client):
    csrf = login(client, "rev")
    r = client.post("/upload", files=[("files", ("empty.txt", b"\n\n", "text/plain"))], data={"csrf_token": csrf},
                    headers={"Accept": "application/json"})
    (u,) = r.json()["uploads"]
    assert u["unit"] is None and u["findings"]["error"] >= 1
    page = client.get(u["report"]).text
    assert "R001" in page or "R0" in page


def test_uploads_are_not_public(client, store):
    csrf = login(client, "rev")
    text = seed_path("003").read_text(encoding="utf-8").replace("重庆市大渡口区社会保险事务中心", "重庆市审核中单位")
    r = client.post("/upload", files=[("files", ("draft.txt", text.encode(), "text/plain"))], data={"csrf_token": csrf},
                    headers={"Accept": "application/json"})
    assert r.json()["uploads"][0]["unit"]["name"] == "重庆市审核中单位"
    assert "审核中单位" not in client.get("/").text
    assert client.get("/api/budgets", params={"q": "审核中"}).json()["total"] == 0


def _finding_id(store, code: str, file_part: str) -> int:
    from yusuan.store import schema as s
    with store.connect() as conn:
        return conn.execute(select(s.findings.c.id).join(s.documents, s.documents.c.id == s.findings.c.document_id)
                            .where(s.findings.c.code == code, s.documents.c.file.contains(file_part))).scalar()


def test_marks_are_kept_with_who_and_when_and_exported(client, store):
    csrf = login(client, "rev")
    fid = _finding_id(store, "X120", "002_")
    r = client.post(f"/review/findings/{fid}/mark", data={"status": "已说明", "comment": "上年数已更正", "csrf_token": csrf},
                    headers={"Accept": "application/json"})
    assert r.status_code == 200 and r.json()["by"] == "rev" and r.json()["status"] == "已说明"
    r = client.post(f"/review/findings/{fid}/mark", data={"status": "已核实", "comment": "复核无误", "csrf_token": csrf},
                    follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"].split("#")[0]).text
    assert "<strong>已核实</strong>：复核无误" in page and "已说明：上年数已更正" in page  # the mark and its history
    assert "X120" in page.split('<h2 id="t0">')[1].split("<table>")[0]  # the stored document's report, 表一
    with store.connect() as conn:
        log = conn.execute(select(t.audit_log.c.detail, t.audit_log.c.at, t.users.c.name)
                           .join(t.users, t.users.c.id == t.audit_log.c.user_id)
                           .where(t.audit_log.c.target == f"finding:{fid}").order_by(t.audit_log.c.id)).all()
    assert [(d, n) for d, _, n in log[-2:]] == [("已说明：上年数已更正", "rev"), ("已核实：复核无误", "rev")]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", at) for _, at, _ in log)
    rows = list(csv.DictReader(io.StringIO(client.get("/review/export.csv").content.decode("utf-8-sig"))))
    mine = next(r for r in rows if r["finding_id"] == str(fid))
    assert (mine["code"], mine["mark"], mine["comment"], mine["marked_by"]) == ("X120", "已核实", "复核无误", "rev")
    assert client.post(f"/review/findings/{fid}/mark", data={"status": "已核实", "comment": " ",
                                                             "csrf_token": csrf}).status_code == 400
    assert client.post(f"/review/findings/{fid}/mark", data={"status": "通过", "comment": "x",
                                                             "csrf_token": csrf}).status_code == 400
    assert client.post("/review/findings/99999999/mark", data={"status": "已核实", "comment": "x",
                                                               "csrf_token": csrf}).status_code == 404
    dash = client.get("/review", params={"status": "已核实"}).text
    assert "121003 重庆市荣昌区社会保险事务中心" in dash


def test_dashboard_worst_first_with_filters(client):
    login(client, "rev")
    page = client.get("/review").text
    body = page.split('class="list dashboard"')[1]
    order = re.findall(r'<th scope="row">(\d+) ', body)
    errors = [int(n) for n in re.findall(r'</td><td class="n">(\d+)</td><td class="n">\d+</td><td class="n">\d+</td>', body)]
    assert order[0] == "212001" and errors[0] == 14 and errors == sorted(errors, reverse=True)  # the worst first
    only_n = client.get("/review", params={"family": "N"}).text.split('class="list dashboard"')[1]
    assert set(re.findall(r'<th scope="row">(\d+) ', only_n)) == {"121003"}  # N: the narrative, only 002's
    assert "303016" in client.get("/review", params={"region": "4107"}).text.split('class="list dashboard"')[1]
    assert "121003" not in client.get("/review", params={"year": "2023"}).text.split('class="list dashboard"')[1]
    assert client.get("/review", params={"family": "Z"}).status_code == 400


def test_a_reviewer_sees_and_marks_only_the_units_it_manages(client, store):
    csrf = login(client, "rev303")
    body = client.get("/review").text.split('class="list dashboard"')[1]
    assert re.findall(r'<th scope="row">(\d+) ', body) == ["303016"]
    fid = _finding_id(store, "X120", "002_")
    assert client.post(f"/review/findings/{fid}/mark", data={"status": "已核实", "comment": "x",
                                                             "csrf_token": csrf}).status_code == 403
    from yusuan.store import schema as s
    with store.connect() as conn:
        doc = conn.execute(select(s.findings.c.document_id).where(s.findings.c.id == fid)).scalar()
    assert client.get(f"/review/documents/{doc}").status_code == 403
    rows = list(csv.DictReader(io.StringIO(client.get("/review/export.csv").content.decode("utf-8-sig"))))
    assert {r["unit_code"] for r in rows} == {"303016"}


def test_the_report_of_another_reviewers_upload_is_scoped(client, store):
    csrf = login(client, "rev")
    r = client.post("/upload", files=[seed_upload("002")], data={"csrf_token": csrf},
                    headers={"Accept": "application/json"})
    report = r.json()["uploads"][0]["report"]
    assert client.get(report).status_code == 200
    client.post("/logout", data={"csrf_token": csrf})
    login(client, "rev303")
    assert client.get(report).status_code == 403
    assert client.get("/review/uploads/99999999").status_code == 404


# ---- path traversal ------------------------------------------------------------------------------------

def test_path_traversal_is_404_and_reads_nothing(client, monkeypatch):
    opened = []
    real_open = builtins.open

    def spy(file, *a, **k):
        opened.append(str(file))
        return real_open(file, *a, **k)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(str(self)) or b"")
    for path in ("/static/..%2f..%2f..%2fpyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml",
                 "/static/../../../../etc/passwd", "/static/..%5c..%5cpyproject.toml", "/static/%2fetc%2fpasswd",
                 "/units/..%2f..%2fetc/passwd", "/api/budgets/..%2f..%2f/2026/facts.csv", "/static/portal.css%00.txt"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "root:" not in r.text and "[project]" not in r.text
    assert not [p for p in opened if "passwd" in p or "pyproject" in p]


# ---- administration ------------------------------------------------------------------------------------

def test_admin_adds_and_changes_users(client, store):
    csrf = login(client, "admin")
    r = client.post("/admin/users", data={"name": "newrev", "password": "short", "role": "reviewer", "units": "",
                                          "csrf_token": csrf})
    assert r.status_code == 400 and "至少 8 个字符" in r.text
    r = client.post("/admin/users", data={"name": "newrev", "password": PASSWORD, "role": "reviewer",
                                          "units": "212, 303", "csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert client.post("/admin/users", data={"name": "newrev", "password": PASSWORD, "role": "reviewer",
                                              "csrf_token": csrf}).status_code == 400  # exists
    assert client.post("/admin/users", data={"name": "p2", "password": PASSWORD, "role": "preparer",
                                              "csrf_token": csrf}).status_code == 400  # a preparer needs units
    with store.connect() as conn:
        uid = conn.execute(select(t.users.c.id).where(t.users.c.name == "newrev")).scalar()
        assert authenticate(conn, "newrev", PASSWORD).units == ("212", "303")
    r = client.post(f"/admin/users/{uid}", data={"role": "preparer", "units": "124", "active": "",
                                                 "csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    with store.connect() as conn:
        assert authenticate(conn, "newrev", PASSWORD) is None  # disabled
        u = conn.execute(select(t.users).where(t.users.c.id == uid)).first()
        assert (u.role, u.active) == ("preparer", False)
    page = client.get("/admin/users").text
    assert "user.add" in page and "user:newrev" in page  # the audit log
    assert client.post("/admin/users/99999", data={"role": "admin", "active": "1",
                                                   "csrf_token": csrf}).status_code == 404
    assert client.post("/admin/users", data={"name": "x", "password": PASSWORD, "role": "admin"}).status_code == 403


def test_non_admins_cannot_manage_users(client):
    csrf = login(client, "rev")
    r = client.post("/admin/users", data={"name": "evil", "password": PASSWORD, "role": "admin", "csrf_token": csrf})
    assert r.status_code == 403
    r = client.post("/admin/users/1", data={"role": "reviewer", "active": "1", "csrf_token": csrf})
    assert r.status_code == 403


# ---- the command line ----------------------------------------------------------------------------------

def test_cli_user_add_reads_the_password_from_stdin(tmp_path):
    db = str(tmp_path / "cli.db")
    r = CliRunner().invoke(main, ["user", "add", "alice", "--role", "reviewer", "--unit", "212", "--unit", "303",
                                  "--db", db], input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r.output
    assert "已新增用户 alice" in r.output and PASSWORD not in r.output
    with open_store(db).connect() as conn:
        u = authenticate(conn, "alice", PASSWORD)
    assert (u.role, u.units) == ("reviewer", ("212", "303"))
    r = CliRunner().invoke(main, ["user", "add", "bob", "--role", "admin", "--db", db], input="short\n")
    assert r.exit_code == 2 and "至少 8 个字符" in r.output
    r = CliRunner().invoke(main, ["user", "add", "alice", "--role", "admin", "--db", db], input=f"{PASSWORD}\n")
    assert r.exit_code == 2 and "已存在" in r.output
    r = CliRunner().invoke(main, ["user", "add", "carol", "--role", "boss", "--db", db], input=f"{PASSWORD}\n")
    assert r.exit_code == 2


# ---- PostgreSQL ----------------------------------------------------------------------------------------

def test_the_portal_on_postgresql(pg_url, tmp_path):
    engine = open_store(pg_url)
    run([str(seed_path("002")), str(seed_path("004"))], engine, jobs=1, progress=False)
    with engine.begin() as conn:
        add_user(conn, "rev", PASSWORD, "reviewer")
    with TestClient(_app(engine, tmp_path)) as c:
        assert "共 2 个单位" in c.get("/", params={"q": "社会保险"}).text
        page = c.get("/units/121003/2026", params={"fn": "208"}).text
        assert "1,690.95" in page and "表一" in page
        assert c.get("/api/budgets/303016/2023").json()["unit"]["name"] == "新乡市社会保险中心"
        csrf = login(c, "rev")
        body = c.get("/review", params={"family": "N", "status": "未处理"}).text.split('class="list dashboard"')[1]
        assert re.findall(r'<th scope="row">(\d+) ', body) == ["121003"]
        fid = _finding_id(engine, "X120", "002_")
        r = c.post(f"/review/findings/{fid}/mark", data={"status": "已核实", "comment": "核实", "csrf_token": csrf},
                   headers={"Accept": "application/json"})
        assert r.status_code == 200
        rows = list(csv.DictReader(io.StringIO(c.get("/review/export.csv").content.decode("utf-8-sig"))))
        assert next(r for r in rows if r["finding_id"] == str(fid))["mark"] == "已核实"
    engine.dispose()
