"""Preparation in the portal through FastAPI's test client on a real SQLite store: a preparer's units
and the scope on every route, entries uploaded (JSON, the entry workbook) and edited in the form (the
entries' findings at their places), every version kept, the workflow 草稿 → 已提交 → 退回 / 审核通过 →
已公开 with each role's allowed and refused actions, the reviewers' queue, and publishing: the public
pages show a prepared package only once it is 已公开."""
from __future__ import annotations

import html
import io
import json
import re
import warnings
from pathlib import Path

import pytest
from sqlalchemy import select

from conftest import seed_path
from yusuan.batch import run
from yusuan.prepare.workbook_reader import load_workbook
from yusuan.store import portal as t
from yusuan.store import schema as s
from yusuan.store.engine import open_store
from yusuan.web.users import add_user

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from yusuan.web.app import Settings, create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "entries" / "demo-unit-2025.json"
PASSWORD = "correct horse 1"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A SQLite store with seed 002 (unit 121003) and the users: a preparer of 901001, one of 部门 901
    (its units), one of 121003; a reviewer of every unit, one of 901, one of 303; an admin."""
    engine = open_store(str(tmp_path_factory.mktemp("prepare") / "portal.db"))
    run([str(seed_path("002"))], engine, jobs=1, progress=False)
    with engine.begin() as conn:
        add_user(conn, "admin", PASSWORD, "admin")
        add_user(conn, "prep", PASSWORD, "preparer", ["901001"])
        add_user(conn, "prep901", PASSWORD, "preparer", ["901"])
        add_user(conn, "prepother", PASSWORD, "preparer", ["121003"])
        add_user(conn, "rev", PASSWORD, "reviewer")
        add_user(conn, "rev901", PASSWORD, "reviewer", ["901"])
        add_user(conn, "rev303", PASSWORD, "reviewer", ["303"])
    return engine


@pytest.fixture(scope="module")
def app(store, tmp_path_factory):
    return create_app(Settings(upload_dir=str(tmp_path_factory.mktemp("uploads")), max_file_mb=1), engine=store)


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c


def login(c, name: str) -> str:
    """Log in through the form; → the session's CSRF token."""
    r = c.post("/login", data={"username": name, "password": PASSWORD,
                               "csrf_token": TOKEN.search(c.get("/login").text).group(1)}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return TOKEN.search(c.get("/").text).group(1)


def demo() -> dict:
    return json.loads(DEMO.read_text(encoding="utf-8"))


def upload(c, csrf: str, name: str, body: bytes, code: str = "901001", mime: str = "application/json"):
    return c.post(f"/prepare/units/{code}/upload", data={"csrf_token": csrf}, files={"file": (name, body, mime)},
                  follow_redirects=False)


def new_version(c, csrf: str, data: dict | None = None) -> int:
    r = upload(c, csrf, "entries.json", json.dumps(data or demo(), ensure_ascii=False).encode())
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def act(c, csrf: str, vid: int, action: str, comment: str = ""):
    return c.post(f"/prepare/drafts/{vid}/{action}", data={"csrf_token": csrf, "comment": comment},
                  follow_redirects=False)


def state(store, vid: int) -> str:
    with store.connect() as conn:
        return conn.execute(select(t.prepared.c.state).where(t.prepared.c.id == vid)).scalar_one()


def form_of(page: str) -> dict:
    """The edit form's fields as the browser would send them (inputs' values, selects' chosen options)."""
    fields = {m.group(1): m.group(2) for m in re.finditer(r'<input id="[^"]*" name="([^"]+)" value="([^"]*)"', page)}
    for m in re.finditer(r'<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', m.group(2))
        fields[m.group(1)] = chosen.group(1) if chosen else ""
    fields.update({m.group(1): html.unescape(m.group(2))
                   for m in re.finditer(r'<textarea id="[^"]*" name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S)})
    fields.update({m.group(1): m.group(2) for m in re.finditer(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page)})
    return fields


# ---- access -----------------------------------------------------------------------------------------------

def test_anonymous_and_other_roles_are_refused(client):
    for path in ("/prepare", "/prepare/units/901001", "/prepare/units/901001/edit", "/prepare/units/901001/entries.xlsx"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next="), path
        assert client.get(path, headers={"Accept": "application/json"}).status_code == 401, path
    login(client, "rev")
    for path in ("/prepare", "/prepare/units/901001", "/prepare/units/901001/edit", "/prepare/units/901001/entries.xlsx"):
        assert client.get(path).status_code == 403, path  # a reviewer acts on submitted versions, not on entries


def test_a_preparer_sees_its_units_only(client):
    login(client, "prep")
    home = client.get("/prepare").text
    assert "901001" in home and "121003" not in home
    assert client.get("/prepare/units/901001").status_code == 200
    for path in ("/prepare/units/121003", "/prepare/units/121003/edit", "/prepare/units/121003/entries.xlsx"):
        assert client.get(path).status_code == 403, path  # a unit the store knows, of another 部门
    assert client.get("/prepare/units/..%2Fetc").status_code == 404


# ---- versions: upload, form, downloads ---------------------------------------------------------------------

def test_json_entries_make_a_draft_with_its_package(client, store):
    csrf = login(client, "prep")
    vid = new_version(client, csrf)
    page = client.get(f"/prepare/drafts/{vid}").text
    assert "示例区社会保险事务中心 2025年预算 第 1 版" in page
    assert '<strong class="state" id="state">草稿</strong>' in page and "错误 0，警告 0" in page
    assert "没有发现问题" in page
    package = page.split('id="package"')[1]
    assert package.count("<table") >= 8 and "情况说明" in package  # every table derived, and the narrative
    assert "830.00" in package  # the 一般公共预算拨款收入 as given
    with store.connect() as conn:
        row = conn.execute(select(t.prepared).where(t.prepared.c.id == vid)).first()
        steps = conn.execute(select(t.prepared_steps).where(t.prepared_steps.c.prepared_id == vid)).all()
    assert (row.unit_code, row.year, row.version, row.origin, row.original) == ("901001", 2025, 1, "json", "entries.json")
    assert json.loads(row.entries) == demo()
    assert [(s.from_state, s.to_state) for s in steps] == [(None, "草稿")]
    # its entries back, as JSON and as the entry workbook
    assert client.get(f"/prepare/drafts/{vid}/entries.json").json() == demo()
    r = client.get(f"/prepare/drafts/{vid}/entries.xlsx")
    assert r.headers["content-type"] == XLSX
    path = Path(store.url.database).with_name("back.xlsx")
    path.write_bytes(r.content)
    back = load_workbook(str(path))
    assert back.unit.name == "示例区社会保险事务中心" and len(back.basic) == len(demo()["basic"]) and not back.findings


def test_the_entry_workbook_uploads_as_a_new_version(client, store, tmp_path):
    csrf = login(client, "prep")
    r = client.get("/prepare/units/901001/entries.xlsx")  # filled from the latest version
    assert r.status_code == 200 and r.headers["content-type"] == XLSX
    empty = client.get("/prepare/units/901001/entries.xlsx", params={"empty": "true"})
    (tmp_path / "empty.xlsx").write_bytes(empty.content)
    assert load_workbook(str(tmp_path / "empty.xlsx")).unit.code == "901001"  # the unit's code given, the rest empty
    r = upload(client, csrf, "录入.xlsx", r.content, mime=XLSX)
    assert r.status_code == 303, r.text
    vid = int(r.headers["location"].rsplit("/", 1)[1])
    with store.connect() as conn:
        row = conn.execute(select(t.prepared).where(t.prepared.c.id == vid)).first()
    assert (row.origin, row.original, row.errors) == ("xlsx", "录入.xlsx", 0)
    assert row.version >= 2 and json.loads(row.entries)["unit"]["name"] == "示例区社会保险事务中心"
    versions = client.get("/prepare/units/901001").text.split('id="versions"')[1]
    assert f"第 {row.version} 版" in versions and "第 1 版" in versions  # every version kept
    assert not any(client.app.state.portal.inbox.directory.iterdir())  # the workbook removed once read


def test_refused_uploads(client, tmp_path):
    csrf = login(client, "prep")
    r = upload(client, csrf, "x.pdf", b"%PDF-1.4 nothing")
    assert r.status_code == 400 and "只接受录入工作簿" in r.text
    r = upload(client, csrf, "x.json", b"{not json")
    assert r.status_code == 400 and "不是有效的 JSON" in r.text
    for body, where in (('{"unit": "901001"}', "/unit 应为对象"), ('{"basic": "300"}', "/basic 应为列表"),
                        ('{"income": [1]}', "/income/0 应为对象"),
                        ('{"projects": [{"indicators": {}}]}', "/projects/0/indicators 应为对象的列表")):
        r = upload(client, csrf, "x.json", body.encode())
        assert r.status_code == 400 and f"录入数据的结构不对（见 entries.schema.json）：{where}" in r.text, body
    other = demo() | {"unit": {**demo()["unit"], "code": "121003"}}
    r = upload(client, csrf, "x.json", json.dumps(other).encode())
    assert r.status_code == 400 and "不是所选单位" in r.text
    r = upload(client, csrf, "x.json", json.dumps(other).encode(), code="121003")
    assert r.status_code == 403  # another unit's entries: refused before anything is read
    from yusuan.render.xlsx import xlsx  # a published package's workbook is not entries
    from yusuan.prepare.package import package
    from yusuan.prepare.load import load_json
    r = upload(client, csrf, "公开.xlsx", xlsx(package(load_json(str(DEMO)))[0]), mime=XLSX)
    assert r.status_code == 400 and "这不是录入工作簿" in r.text
    r = upload(client, csrf, "big.json", b" " * (1024 * 1024 + 10))
    assert r.status_code == 413
    r = client.post("/prepare/units/901001/upload", files={"file": ("a.json", json.dumps(demo()).encode())})
    assert r.status_code == 403  # no CSRF token


def test_the_form_shows_errors_at_their_places_and_keeps_what_it_does_not_edit(client, store):
    csrf = login(client, "prep")
    base = new_version(client, csrf)
    page = client.get("/prepare/units/901001/edit", params={"from": base}).text
    fields = form_of(page)
    assert fields["unit_name"] == "示例区社会保险事务中心" and fields["basic-1-amount"] == "120.00"
    assert fields["base"] == str(base) and fields["csrf_token"] == csrf
    assert fields["region"] == demo().get("region", "") and '<option value="shanghai">上海市</option>' in page
    fields["basic-1-amount"] = "一百二"
    fields["projects-0-function"] = "2999999"
    r = client.post("/prepare/units/901001/edit", data=fields, follow_redirects=False)
    assert r.status_code == 303, r.text
    vid = int(r.headers["location"].rsplit("/", 1)[1])
    page = client.get(f"/prepare/drafts/{vid}").text
    codes = re.findall(r'<tr class="(\w+)"><th scope="row">(\w+)</th>.*?<td class="place"><a href="[^"]*">([^<]*)</a></td>',
                       page, re.S)
    assert f'href="/prepare/units/901001/edit?from={vid}#basic-1-amount"' in page  # to the field that gave it
    assert ("error", "E101", "/basic/1/amount") in codes and ("error", "E102", "/projects/0/function") in codes
    assert all(code.startswith("E") for _, code, _ in codes[:2])  # family E first
    assert 'id="do-submit" disabled' in page  # an error: not to be submitted
    with store.connect() as conn:
        row = conn.execute(select(t.prepared).where(t.prepared.c.id == vid)).first()
    data = json.loads(row.entries)
    assert row.origin == "form" and row.errors >= 2
    assert data["basic"][1]["amount"] == "一百二"  # kept as typed, to be corrected where it was typed
    assert data["projects"][0]["indicators"] == demo()["projects"][0]["indicators"]  # what the form does not edit
    assert data["three_public"] == demo()["three_public"] and data["texts"] == demo()["texts"]
    again = client.get("/prepare/units/901001/edit", params={"from": vid}).text
    assert re.search(r'name="basic-1-amount" value="一百二"[^>]*aria-invalid="true"', again)
    assert "E101 基本支出金额“一百二”不是金额" in again
    # submitting a version with errors is refused
    r = act(client, csrf, vid, "submit")
    assert r.status_code == 409 and "个错误" in r.text and state(store, vid) == "草稿"
    # the region chosen lays the package out as that region prints it (Shanghai: 元)
    fields = form_of(client.get("/prepare/units/901001/edit", params={"from": base}).text)
    r = client.post("/prepare/units/901001/edit", data=fields | {"region": "shanghai"}, follow_redirects=False)
    page = client.get(r.headers["location"]).text
    assert "单位：元" in page.split('id="package"')[1] and "单位：元" not in client.get(f"/prepare/drafts/{base}").text
    # a row emptied is a row deleted; a row typed in an empty one is added
    fields = form_of(client.get("/prepare/units/901001/edit", params={"from": base}).text)
    for f in ("function", "economic", "fund", "amount"):
        fields[f"basic-7-{f}"] = ""
    n = len(demo()["basic"])
    fields.update({f"basic-{n}-function": "2080109", f"basic-{n}-economic": "30113", f"basic-{n}-amount": "40.00"})
    r = client.post("/prepare/units/901001/edit", data=fields, follow_redirects=False)
    vid = int(r.headers["location"].rsplit("/", 1)[1])
    with store.connect() as conn:
        row = conn.execute(select(t.prepared).where(t.prepared.c.id == vid)).first()
    basic = json.loads(row.entries)["basic"]
    assert len(basic) == n and basic[-1] == {"function": "2080109", "economic": "30113", "amount": "40.00"}
    assert row.errors == 0


def _saved(client, store, fields: dict) -> tuple[int, dict, str]:
    """Post the form → (the new version's id, its entries, its page)."""
    r = client.post("/prepare/units/901001/edit", data=fields, follow_redirects=False)
    assert r.status_code == 303, r.text
    vid = int(r.headers["location"].rsplit("/", 1)[1])
    with store.connect() as conn:
        entries = json.loads(conn.execute(select(t.prepared.c.entries).where(t.prepared.c.id == vid)).scalar_one())
    return vid, entries, client.get(f"/prepare/drafts/{vid}").text


def test_the_form_edits_indicators_projects_three_public_and_texts(client, store):
    csrf = login(client, "prep")
    base = new_version(client, csrf)
    page = client.get("/prepare/units/901001/edit", params={"from": base}).text
    assert '<label for="texts-职能职责">' in page and '<label for="three_public-vehicle_stock">' in page
    assert 'aria-label="一级指标"' in page and 'aria-label="核心指标"' in page and "<caption>绩效指标" in page
    fields = form_of(page)
    assert fields["projects-0-indicators-0-name"] == "服务参保人数" and fields["projects-0-indicators-0-weight"] == "30"
    assert fields["performance-indicators-1-name"] == "服务满意度" and fields["operation_funds"] == "50.00"
    assert fields["texts-三公"] == "主要原因是严格控制公务接待。" and fields["three_public-reception"] == "2.00"
    # an indicator, a new project with its indicator (the income raised to keep the balance), a count, a text
    fields.update({"projects-0-indicators-0-name": "服务参保人员数量", "projects-0-indicators-0-value": "60000",
                   "projects-0-indicators-0-core": "true",
                   "projects-3-name": "社会保障卡补换发", "projects-3-function": "2080109", "projects-3-amount": "10.00",
                   "projects-3-type": "other_operation", "projects-3-goal": "按时补换发社会保障卡。",
                   "projects-3-indicators-0-level1": "产出指标", "projects-3-indicators-0-level2": "数量指标",
                   "projects-3-indicators-0-name": "补换发卡数", "projects-3-indicators-0-operator": "≥",
                   "projects-3-indicators-0-value": "3000", "projects-3-indicators-0-unit": "张",
                   "projects-3-indicators-0-weight": "100", "income-0-amount": "840.00",
                   "three_public-vehicle_stock": "3", "three_public-vehicle_operation": "8.50",
                   "texts-职能职责": "负责本区社会保险登记、缴费核定、待遇核发和社会保障卡补换发等经办工作。"})
    vid, data, page = _saved(client, store, fields)
    assert "没有发现问题" in page.split('id="findings"')[1].split("</section>")[0], page.split('id="findings"')[1][:2000]
    indicator = data["projects"][0]["indicators"][0]
    assert indicator == {**demo()["projects"][0]["indicators"][0], "name": "服务参保人员数量", "value": "60000",
                         "core": True}
    project = data["projects"][3]
    assert project["name"] == "社会保障卡补换发" and project["amount"] == "10.00" and project["type"] == "other_operation"
    assert project["indicators"] == [{"level1": "产出指标", "level2": "数量指标", "name": "补换发卡数", "operator": "≥",
                                      "value": "3000", "unit": "张", "weight": "100"}]
    assert {"key": "vehicle_stock", "amount": "3"} in data["three_public"]
    assert data["texts"]["职能职责"].endswith("社会保障卡补换发等经办工作。")
    assert data["texts"]["三公"] == demo()["texts"]["三公"] and data["basic"] == demo()["basic"]  # the rest as it was
    package = page.split('id="package"')[1]
    for shown in ("服务参保人员数量", "60000", "社会保障卡补换发", "补换发卡数", "社会保障卡补换发等经办工作", "8.50"):
        assert shown in package, shown
    # the form over the new version shows what was saved
    again = form_of(client.get("/prepare/units/901001/edit", params={"from": vid}).text)
    assert again["three_public-vehicle_stock"] == "3" and again["projects-0-indicators-0-core"] == "true"
    assert again["projects-3-indicators-0-name"] == "补换发卡数"
    # rows removed: the new project (its box), an indicator of the whole unit (emptied), a count (emptied)
    again.update({"projects-3-remove": "1", "income-0-amount": "830.00", "three_public-vehicle_stock": ""})
    again.update({f"performance-indicators-1-{f}": "" for f in ("level1", "level2", "name", "operator", "value",
                                                                  "unit", "weight", "core")})
    _, data, _ = _saved(client, store, again)
    assert [p["name"] for p in data["projects"]] == [p["name"] for p in demo()["projects"]]
    assert [i["name"] for i in data["performance"]["indicators"]] == ["经办业务量"]
    assert "vehicle_stock" not in {d["key"] for d in data["three_public"]}


def test_the_form_edits_a_projects_economic_classes(client, store):
    """A project's lines by 经济分类 (the 支出经济分类汇总表 is made from them) are a list of their own
    inside the project, under their own caption."""
    csrf = login(client, "prep")
    base = new_version(client, csrf)
    page = client.get("/prepare/units/901001/edit", params={"from": base}).text
    assert "<caption>经济分类（部门预算经济分类款，合计等于项目金额）" in page
    fields = form_of(page)
    amount = fields["projects-0-amount"]
    fields.update({"projects-0-economic-0-economic": "30201", "projects-0-economic-0-gov_economic": "50201",
                   "projects-0-economic-0-amount": amount})
    _, data, _ = _saved(client, store, fields)
    assert data["projects"][0]["economic"] == [{"economic": "30201", "gov_economic": "50201", "amount": amount}]


def test_a_bad_weight_sum_shows_its_finding_at_its_field(client, store):
    csrf = login(client, "prep")
    base = new_version(client, csrf)
    fields = form_of(client.get("/prepare/units/901001/edit", params={"from": base}).text)
    fields.update({"projects-0-indicators-0-weight": "35", "performance-indicators-0-weight": "五十",
                   "three_public-abroad_groups": "2"})  # a count of groups abroad, and no money for them
    vid, data, page = _saved(client, store, fields)
    assert {"key": "abroad_groups", "amount": "2"} in data["three_public"]
    assert f'href="/prepare/units/901001/edit?from={vid}#projects-0-indicators">/projects/0/indicators</a>' in page
    assert f'href="/prepare/units/901001/edit?from={vid}#performance-indicators-0-weight">' in page
    form = client.get("/prepare/units/901001/edit", params={"from": vid}).text
    caption = re.search(r'<table class="list entries" id="projects-0-indicators"><caption>(.*?)</caption>', form, re.S)
    assert "E105 项目「社会保险经办服务」的指标权重合计为 105，应为 100" in caption.group(1)
    assert re.search(r'name="performance-indicators-0-weight" value="五十"[^>]*aria-invalid="true"', form)
    assert "E101 权重“五十”不是金额" in form
    assert re.search(r'name="three_public-abroad_groups" value="2"[^>]*aria-invalid="true" class="invalid"><span class="problem" '
                     r'role="note">E106 “三公”经费填了出国团组数 2，而因公出国（境）费为空或 0', form)


def test_another_units_preparer_cannot_see_or_save_the_form(app, store):
    with TestClient(app) as owner, TestClient(app) as other:
        base = new_version(owner, login(owner, "prep"))
        fields = form_of(owner.get("/prepare/units/901001/edit", params={"from": base}).text)
        csrf = login(other, "prepother")
        assert other.get("/prepare/units/901001/edit", params={"from": base}).status_code == 403
        r = other.post("/prepare/units/901001/edit", data={**fields, "csrf_token": csrf,
                                                            "projects-0-indicators-0-name": "改"}, follow_redirects=False)
        assert r.status_code == 403
        r = owner.post("/prepare/units/901001/edit", data={**fields, "csrf_token": "wrong"}, follow_redirects=False)
        assert r.status_code == 403  # no CSRF token of the session
        with store.connect() as conn:
            assert conn.execute(select(t.prepared.c.id).order_by(t.prepared.c.id.desc()).limit(1)).scalar() == base


# ---- the workflow -------------------------------------------------------------------------------------------

def test_the_workflow_with_each_roles_allowed_and_refused_actions(app, store):
    with TestClient(app) as prep, TestClient(app) as rev, TestClient(app) as other:
        p, r, o = login(prep, "prep"), login(rev, "rev901"), login(other, "prepother")
        old = new_version(prep, p)
        vid = new_version(prep, p)
        assert act(prep, p, old, "submit").status_code == 409  # an older version: read-only
        assert prep.post(f"/prepare/drafts/{vid}/submit", data={"comment": ""}).status_code == 403  # no CSRF token
        assert act(other, o, vid, "submit").status_code == 403  # another unit's preparer
        assert other.get(f"/prepare/drafts/{vid}").status_code == 403
        assert act(rev, r, vid, "submit").status_code == 403  # a reviewer does not submit
        assert act(rev, r, vid, "approve").status_code == 409  # not submitted yet
        assert act(prep, p, vid, "submit").status_code == 303 and state(store, vid) == "已提交"
        assert act(prep, p, vid, "submit").status_code == 409
        # the reviewers' queue: in scope only
        assert f'/prepare/drafts/{vid}"' in rev.get("/review").text
        with TestClient(app) as rev303:
            c303 = login(rev303, "rev303")
            assert f'/prepare/drafts/{vid}"' not in rev303.get("/review").text
            assert rev303.get(f"/prepare/drafts/{vid}").status_code == 403
            assert act(rev303, c303, vid, "approve").status_code == 403
        page = rev.get(f"/prepare/drafts/{vid}").text
        assert 'id="do-approve"' in page and 'id="do-return"' in page and 'id="do-submit"' not in page
        assert act(prep, p, vid, "approve").status_code == 403  # a preparer does not approve
        assert act(prep, p, vid, "return", "x").status_code == 403
        assert act(rev, r, vid, "return").status_code == 400  # a return says why
        assert act(rev, r, vid, "return", "基本支出请按实际人员核定").status_code == 303 and state(store, vid) == "退回"
        assert act(prep, p, vid, "submit").status_code == 409  # returned: the preparer makes a new version
        assert "基本支出请按实际人员核定" in prep.get(f"/prepare/drafts/{vid}").text
        again = new_version(prep, p)
        assert act(prep, p, again, "submit").status_code == 303
        assert act(rev, r, again, "publish").status_code == 409  # not approved yet
        assert act(rev, r, again, "approve", "同意").status_code == 303 and state(store, again) == "审核通过"
        assert act(prep, p, again, "publish").status_code == 403  # a preparer does not publish
        assert prep.get("/units/901001/2025").status_code == 404  # nothing public before 已公开
        assert all(b["code"] != "901001" for b in prep.get("/api/budgets").json()["budgets"])
        assert act(rev, r, again, "publish").status_code == 303 and state(store, again) == "已公开"
        assert act(rev, r, again, "publish").status_code == 409
        with store.connect() as conn:
            steps = conn.execute(select(t.prepared_steps.c.from_state, t.prepared_steps.c.to_state,
                                        t.prepared_steps.c.comment, t.users.c.name)
                                 .join(t.users, t.users.c.id == t.prepared_steps.c.user_id)
                                 .where(t.prepared_steps.c.prepared_id.in_((vid, again)))
                                 .order_by(t.prepared_steps.c.id)).all()
            logged = conn.execute(select(t.audit_log.c.action, t.audit_log.c.detail)
                                  .where(t.audit_log.c.target == f"prepared:{again}").order_by(t.audit_log.c.id)).all()
        assert [(a, b, n) for a, b, _, n in steps] == [
            (None, "草稿", "prep"), ("草稿", "已提交", "prep"), ("已提交", "退回", "rev901"),
            (None, "草稿", "prep"), ("草稿", "已提交", "prep"), ("已提交", "审核通过", "rev901"),
            ("审核通过", "已公开", "rev901")]
        assert steps[2].comment == "基本支出请按实际人员核定" and steps[5].comment == "同意"
        assert [a for a, _ in logged] == ["prepare.version", "prepare.submit", "prepare.approve", "prepare.publish"]
        assert logged[2].detail == "已提交→审核通过：同意"
    # published: its page and API answer were made as it was published, not left to a first visit
    with store.connect() as conn:
        b = s.budgets.c
        made = conn.execute(select(t.page_cache.c.part).join(s.budgets, b.id == t.page_cache.c.budget_id)
                            .join(s.units, s.units.c.id == b.unit_id)
                            .where(s.units.c.code == "901001", b.year == 2025)).scalars().all()
    assert {"page", "api"} <= set(made)
    # published: the public pages show it, for everyone
    with TestClient(app) as anyone:
        page = anyone.get("/units/901001/2025")
        assert page.status_code == 200 and "示例区社会保险事务中心 2025年预算" in page.text
        assert "830.00" in page.text and "情况说明" in page.text
        listed = anyone.get("/api/budgets", params={"q": "901001"}).json()["budgets"]
        assert [(b["code"], b["year"], b["version"]) for b in listed] == [("901001", 2025, 1)]
        facts = anyone.get("/api/budgets/901001/2025/facts.csv").content.decode("utf-8-sig")
        assert "示例区社会保险事务中心" in facts and "830.00" in facts
        # the older versions stay unpublished and read-only; only the 已公开 one is in the store
        assert anyone.get(f"/prepare/drafts/{vid}", follow_redirects=False).status_code == 303


def test_a_departments_preparer_and_the_admin(app, store):
    with TestClient(app) as dept, TestClient(app) as admin:
        d, a = login(dept, "prep901"), login(admin, "admin")
        assert "901001" in dept.get("/prepare").text  # its unit's versions, by the 部门 code
        r = dept.get("/prepare/open", params={"code": "901002"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/prepare/units/901002"  # a unit of its 部门
        page = dept.get("/prepare/units/901002/edit").text  # a new unit of its 部门: its first entries
        fields = form_of(page) | {"unit_name": "示例区医疗保障事务中心", "unit_parent": "121", "year": "2025",
                                  "basic-0-function": "2080109", "basic-0-economic": "30101", "basic-0-amount": "1.00"}
        assert dept.post("/prepare/units/901002/edit", data=fields).status_code == 403  # another 部门's
        r = dept.post("/prepare/units/901002/edit", data=fields | {"unit_parent": "901"}, follow_redirects=False)
        assert r.status_code == 303
        with TestClient(app) as other:
            o = login(other, "prepother")  # a preparer of another unit: the unit is known now, and not its
            assert other.get("/prepare/units/901002").status_code == 403
            assert other.post("/prepare/units/901002/edit", data=fields | {"csrf_token": o}).status_code == 403
        assert dept.get("/prepare/open", params={"code": "../x"}).status_code == 404
        vid = new_version(dept, d)
        assert act(dept, d, vid, "submit").status_code == 303
        assert act(admin, a, vid, "approve").status_code == 303
        assert act(admin, a, vid, "publish").status_code == 303 and state(store, vid) == "已公开"
        listed = admin.get("/api/budgets", params={"q": "901001"}).json()["budgets"]
        assert [(b["year"], b["version"]) for b in listed] == [(2025, 1)]  # the same package: the same document
        assert "/prepare/units/901001" in admin.get("/prepare").text


def test_what_a_unit_gives_is_shown_as_text_never_as_markup(client):
    csrf = login(client, "prep")
    data = demo()
    data["unit"]["name"] = '<script>alert(1)</script>单位'
    data["texts"] = {"职能职责": '<img src=x onerror="alert(2)">'}
    vid = new_version(client, csrf, data)
    page = client.get(f"/prepare/drafts/{vid}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;单位" in page
    assert "<script>alert" not in page and "<img src=x" not in page


def test_a_reviewer_reads_a_version_of_its_units_and_unknown_routes_are_404(app, store):
    with TestClient(app) as prep, TestClient(app) as rev:
        p = login(prep, "prep")
        login(rev, "rev901")
        vid = new_version(prep, p)
        page = rev.get(f"/prepare/drafts/{vid}").text
        assert "以此版本为底稿修改" not in page and 'id="do-' not in page  # a draft: nothing for a reviewer to do
        assert rev.get(f"/prepare/drafts/{vid}/entries.json").json() == demo()
        assert rev.get(f"/prepare/drafts/{vid}/entries.xlsx").headers["content-type"] == XLSX
        assert rev.get(f"/prepare/drafts/{vid}/entries.pdf").status_code == 404
        assert rev.get("/prepare/drafts/999999").status_code == 404
        assert act(prep, p, vid, "delete").status_code == 404
        assert act(prep, p, 999999, "submit").status_code == 404
        assert prep.get("/prepare/units/901001/edit", params={"from": 999999}).status_code == 404


def test_a_later_version_cannot_move_the_unit_to_another_departments_reviewers(app, store):
    with TestClient(app) as prep, TestClient(app) as rev303:
        p, r = login(prep, "prep"), login(rev303, "rev303")
        moved = demo() | {"unit": {**demo()["unit"], "parent": "303"}}
        vid = new_version(prep, p, moved)
        assert act(prep, p, vid, "submit").status_code == 303
        assert f'/prepare/drafts/{vid}"' not in rev303.get("/review").text
        assert act(rev303, r, vid, "approve").status_code == 403
        with store.connect() as conn:
            assert conn.execute(select(t.prepared.c.unit_parent).where(t.prepared.c.id == vid)).scalar_one() == "901"


def test_a_json_client_gets_json(client):
    csrf = login(client, "prep")
    r = client.post("/prepare/units/901001/upload", data={"csrf_token": csrf},
                    files={"file": ("e.json", io.BytesIO(json.dumps(demo()).encode()), "application/json")},
                    headers={"Accept": "application/json"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["state"] == "草稿" and body["errors"] == 0 and body["url"] == f"/prepare/drafts/{body['id']}"
    r = client.post(f"/prepare/drafts/{body['id']}/submit", headers={"Accept": "application/json", "X-CSRF-Token": csrf})
    assert r.json() == {"id": body["id"], "state": "已提交"}


def test_the_workflow_on_postgresql(pg_url, tmp_path):
    engine = open_store(pg_url)
    with engine.begin() as conn:
        add_user(conn, "prep", PASSWORD, "preparer", ["901001"])
        add_user(conn, "rev", PASSWORD, "reviewer")
    app = create_app(Settings(upload_dir=str(tmp_path / "uploads")), engine=engine)
    with TestClient(app) as prep, TestClient(app) as rev:
        p, r = login(prep, "prep"), login(rev, "rev")
        vid = new_version(prep, p)
        second = new_version(prep, p)
        for c, token, action in ((prep, p, "submit"), (rev, r, "approve"), (rev, r, "publish")):
            assert act(c, token, second, action).status_code == 303, action
        assert state(engine, vid) == "草稿" and state(engine, second) == "已公开"
        page = prep.get("/units/901001/2025").text
        assert "示例区社会保险事务中心 2025年预算" in page and "830.00" in page
        assert "第 2 版" in prep.get("/prepare/units/901001").text
    engine.dispose()


def test_the_form_edits_the_spending_beside_basic_and_projects(client, store):
    """上缴上级, 经营 and 对附属单位补助支出: a list of the form from the schema, under its Chinese caption."""
    csrf = login(client, "prep")
    base = new_version(client, csrf)
    page = client.get("/prepare/units/901001/edit", params={"from": base}).text
    assert "<caption>上缴上级、经营及对附属单位补助支出" in page and "事业单位经营支出" in page
    fields = form_of(page)
    n = len(demo()["income"])
    fields.update({"other_spending-0-key": "operating_expenditure", "other_spending-0-function": "2080109",
                   "other_spending-0-amount": "5.00", f"income-{n}-key": "operating", f"income-{n}-amount": "5.00"})
    _, data, page = _saved(client, store, fields)
    assert data["other_spending"] == [{"key": "operating_expenditure", "function": "2080109", "amount": "5.00"}]
    assert "没有发现问题" in page.split('id="findings"')[1].split("</section>")[0]
