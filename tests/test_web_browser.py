"""The portal in a real headless Chromium (Debian's, driven by Playwright), served by ``yusuan serve``
on a store holding the seeds: a citizen drills into the treemap, a reviewer uploads two seeds and
sees X120 pinned on 002's 表一, a preparer uploads entries, sees the package and its findings, corrects
them in the form (an amount, an indicator) and submits. Screenshots go to build/screenshots/ (not committed)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import seed_path

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "build" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "reviewer password 1"


def _yusuan(*args: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "yusuan.cli", *args], env=env, capture_output=True, text=True,
                          check=True, **kw)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``yusuan serve`` on a fresh store with the five seeds, one reviewer and one preparer; → its base URL."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (python3 dev.py test installs it)")
    tmp = tmp_path_factory.mktemp("portal")
    db = str(tmp / "portal.db")
    _yusuan("import", str(ROOT / "examples" / "disclosures"), "--db", db, "--jobs", "1", "--quiet")
    _yusuan("user", "add", "reviewer", "--role", "reviewer", "--db", db, input=PASSWORD + "\n")
    _yusuan("user", "add", "preparer", "--role", "preparer", "--unit", "901001", "--db", db, input=PASSWORD + "\n")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "YUSUAN_UPLOADS": str(tmp / "uploads")}
    proc = subprocess.Popen([sys.executable, "-m", "yusuan.cli", "serve", "--db", db, "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"yusuan serve did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.problems = problems
    yield pg
    context.close()


def shot(page, name: str, at: str | None = None) -> None:
    """The window's view (scrolled to ``at`` when given): what a person sees at that step."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    if at:
        page.locator(at).first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_a_citizen_opens_a_budget_page_and_drills_into_the_treemap(server, page):
    page.goto(server + "/")
    page.fill("#q", "荣昌")
    page.press("#q", "Enter")
    page.click("text=2026年预算")
    assert page.url == server + "/units/121003/2026"
    assert page.inner_text("h1") == "重庆市荣昌区社会保险事务中心 2026年预算"
    assert page.locator("section.package section.sheet table").count() >= 8  # every table as printed
    assert "情况说明" in page.inner_text("section.package")
    assert page.locator("svg.treemap a").count() >= 5
    shot(page, "citizen-1-budget")
    # by keyboard: focus the 类 box of 208 and press Enter
    box = page.locator('svg.treemap a[href*="fn=208#"]')
    box.focus()
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith("fn=208#function")
    page.keyboard.press("Enter")
    page.wait_for_url("**fn=208*")
    assert "按功能分类的支出（款）" in page.inner_text("#function h2")
    assert "1,690.95" in page.inner_text("#function table.figures")
    shot(page, "citizen-2-kuan", "#function")
    page.click('svg.treemap a[href*="fn=20801#"]')  # by mouse, one level further
    page.wait_for_url("**fn=20801*")
    assert "按功能分类的支出（项）" in page.inner_text("#function h2")
    assert "行政运行" in page.inner_text("#function table.figures")
    assert page.locator("svg.treemap a").count() == 0  # 项: the last level
    shot(page, "citizen-3-xiang", "#function")
    assert not page.problems, page.problems  # no script error, nothing the CSP refused


def test_a_reviewer_uploads_two_seeds_and_sees_x120_on_table_one(server, page):
    page.goto(server + "/review")
    assert "/login" in page.url
    page.fill("#username", "reviewer")
    page.fill("#password", PASSWORD)
    page.click("form.login button")
    page.wait_for_url(server + "/review")
    shot(page, "reviewer-1-dashboard")
    # drag and drop the two seeds onto the drop zone (upload.js puts them in the form and sends it)
    texts = [seed_path(n).read_text(encoding="utf-8") for n in ("000", "002")]
    names = [seed_path(n).name for n in ("000", "002")]
    transfer = page.evaluate_handle(
        """([texts, names]) => { const dt = new DataTransfer();
             texts.forEach((t, i) => dt.items.add(new File([t], names[i], {type: "text/plain"}))); return dt; }""",
        [texts, names])
    with page.expect_navigation(timeout=120_000):
        page.dispatch_event("#drop", "drop", {"dataTransfer": transfer})
    assert page.inner_text("h1") == "上传结果"
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 2
    assert "121003" in rows.nth(1).inner_text() and "9" in rows.nth(1).locator("td").nth(2).inner_text()
    shot(page, "reviewer-2-uploaded")
    rows.nth(1).locator("text=查看报告").click()
    assert page.inner_text("h1") == f"检查报告：{names[1]}"
    heading = page.locator("section.report h2#t0")
    assert heading.inner_text().startswith("表一")
    pinned = page.locator("section.report h2#t0 ~ div.finding").first  # the table's findings, under its heading
    assert "X120" in pinned.inner_text() and "上一年度" in pinned.inner_text()
    assert pinned.is_visible()
    page.evaluate("document.getElementById('t0').scrollIntoView()")
    shot(page, "reviewer-3-report-x120")
    # mark it 已说明 and see who and when
    row = page.locator("#marks tr", has_text="X120")
    row.locator("select").select_option("已说明")
    row.locator("input[name=comment]").fill("上年数据，已通知单位更正")
    row.locator("button").click()
    row = page.locator("#marks tr", has_text="X120")
    assert "已说明" in row.inner_text() and "reviewer" in row.inner_text()
    shot(page, "reviewer-4-marked", "#marks")
    assert not page.problems, page.problems


def test_a_preparer_submits_entries_and_sees_the_package(server, page):
    page.goto(server + "/prepare")
    assert "/login" in page.url
    page.fill("#username", "preparer")
    page.fill("#password", PASSWORD)
    page.click("form.login button")
    page.wait_for_url(server + "/prepare")
    page.click("text=上传或填报")
    page.wait_for_url(server + "/prepare/units/901001")
    page.set_input_files("#file", str(ROOT / "examples" / "entries" / "demo-unit-2025.json"))
    with page.expect_navigation(timeout=120_000):
        page.click("form.prepare-upload button")
    assert page.inner_text("h1") == "901001 示例区社会保险事务中心 2025年预算 第 1 版"
    assert page.inner_text("#state") == "草稿" and "没有发现问题" in page.inner_text("#findings")
    package = page.locator("#package")
    assert package.locator("section.sheet table").count() >= 8 and "情况说明" in package.inner_text()
    shot(page, "preparer-1-package")
    shot(page, "preparer-2-tables", "#package section.sheet table")
    # an amount typed wrong in the form: its finding, at its place, beside the field; no submitting
    page.click("text=以此版本为底稿修改")
    page.fill("#basic-1-amount", "一百二")
    with page.expect_navigation(timeout=120_000):
        page.click("#save")
    assert "第 2 版" in page.inner_text("h1")
    first = page.locator("#findings tbody tr").first
    assert "E101" in first.inner_text() and "/basic/1/amount" in first.inner_text()
    assert page.locator("#do-submit").is_disabled()
    shot(page, "preparer-3-finding", "#findings")
    page.click("text=以此版本为底稿修改")
    assert page.get_attribute("#basic-1-amount", "aria-invalid") == "true"
    assert "不是金额" in page.inner_text("#part-basic")
    shot(page, "preparer-4-form", "#basic-1-amount")
    page.fill("#basic-1-amount", "120.00")
    # an indicator edited in the form; the script offers another row for the unit's indicators
    assert page.input_value("#projects-0-indicators-0-name") == "服务参保人数"
    page.fill("#projects-0-indicators-0-name", "服务参保人员数量")
    page.fill("#projects-0-indicators-0-value", "60000")
    page.click('button.add-row[data-for="performance-indicators"]')
    assert page.locator("#performance-indicators-5-name").count() == 1  # two given, three empty, one added
    shot(page, "preparer-5-indicator", "#projects-0-indicators")
    with page.expect_navigation(timeout=120_000):
        page.click("#save")
    assert "第 3 版" in page.inner_text("h1") and "没有发现问题" in page.inner_text("#findings")
    package = page.inner_text("#package")
    assert "服务参保人员数量" in package and "服务参保人数" not in package
    with page.expect_navigation():
        page.click("#do-submit")
    assert page.inner_text("#state") == "已提交"
    assert "草稿 → 已提交" in page.inner_text("#history")
    shot(page, "preparer-6-submitted", "#history")
    assert not page.problems, page.problems
