"""The HTML report, opened in a real headless Chromium: the tables are there as printed and the
cells the findings point at are marked with their messages."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from yusuan.read import read_file
from yusuan.report_html import render
from yusuan.rules import check

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "disclosures"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    assert CHROMIUM, "chromium is installed by `python3 dev.py test` (Debian package chromium)"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def report_002(tmp_path_factory):
    doc = read_file(SEEDS / "002_7c3d463bfeea7d61.txt")
    report = check(doc)
    path = tmp_path_factory.mktemp("html") / "002.html"
    path.write_text(render(doc, report), encoding="utf-8")
    return doc, report, path


@pytest.mark.browser
def test_report_dom_in_chromium(report_002, tmp_path):
    doc, report, path = report_002
    dom = _chromium(tmp_path, "--dump-dom", path.as_uri()).stdout
    assert "检查报告：121003 重庆市荣昌区社会保险事务中心 2026年" in dom
    c = report.counts
    assert f"错误 {c['error']}" in dom and f"警告 {c['warning']}" in dom
    # X120 on 表一 and the N105 statement are listed with their codes
    assert "X120" in dom and "N105" in dom
    # cells that tails point at are marked info, with the message as their title
    marked = re.findall(r'<td id="([^"]+)" class="n (error|warning|info)" title="([^"]*)">([^<]*)</td>', dom)
    assert marked, "no marked cell in the rendered page"
    by_id = {m[0]: m for m in marked}
    tail = by_id["t1-208-total"]  # 表二 208 小计 1,857.87 ≠ 911.89 + 945.97 (尾差)
    assert tail[1] == "info" and "[A101]" in tail[2] and tail[3] == "1,857.87"
    # every table of the document is on the page, two-sided ones side by side
    # amounts and indicators for each project, the 整体绩效 amounts
    assert dom.count("<table>") == len(doc.tables) + 2 * len(doc.projects) + 2 * (doc.performance is not None)
    assert "<th>收入项目</th><th>预算数</th><th>支出项目</th>" in dom


@pytest.mark.browser
def test_error_cells_are_marked(tmp_path):
    doc = read_file(SEEDS / "000_f91b7b473888f42b.txt")
    report = check(doc, select=["K", "A"])
    path = tmp_path / "000.html"
    path.write_text(render(doc, report), encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", path.as_uri()).stdout
    # K102: 20801 printed with 保险 for 保障 — the row label is marked as an error
    assert re.search(r'<td id="t1-20801-" class="error">20801 人力资源和社会保险管理事务</td>', dom)
    # A104 tail on the 基本支出表 人员经费 total, marked info
    assert re.search(r'<td id="t2-total-personnel" class="n info" title="\[A10[134]\][^"]*">806.89</td>', dom)


@pytest.mark.browser
def test_screenshot(report_002, tmp_path):
    _, _, path = report_002
    png = tmp_path / "report.png"
    _chromium(tmp_path, "--window-size=1200,1600", f"--screenshot={png}", path.as_uri())
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000  # a real page, not a blank one


# --------------------------------------------------------------------------- each finding at its one home


def _listed(page: str, code: str) -> list[str]:
    return re.findall(rf'<div class="finding \w+"><span class="sev">\w+</span> <span class="code">{code}</span>', page)


def test_narrative_findings_once_under_their_own_paragraph(report_002):
    doc, report, path = report_002
    page = path.read_text(encoding="utf-8")
    narrative = page[page.index('<h2 id="narrative">'):page.index('<h2 id="projects">')]
    paragraphs = re.split(r'(?=<p id="s\d+")', narrative)[1:]
    n = [f for f in report.findings if f.code[0] == "N"]
    assert len(n) == 6
    for f in n:  # listed once on the page's body, after the paragraph whose lines hold it
        home = [p for p in paragraphs if f"{f.code}</span> {f.message}"[:60] in p]
        assert len(home) == 1, f.code
    by_code = {f.code: f for f in n}
    assert "2026年度无政府采购" in next(p for p in paragraphs if "N105</span>" in p)  # 五（三）, line 30
    marked = [re.match(r'<p id="s\d+"( class="(\w+)")?', p).group(2) for p in paragraphs]
    holding = [sorted({f.severity.value for f in report.findings if f"{f.code}</span> {f.message}"[:60] in p})
               for p in paragraphs]
    # a paragraph is marked only when a finding is its own, by the worst of them
    assert [m for m in marked] == [("error" if "error" in h else "warning" if "warning" in h else "info" if h else None)
                                    for h in holding]
    assert marked.count(None) > len(marked) / 2
    assert by_code["N105"].source.line == 30


def test_every_finding_with_a_place_links_to_it(report_002):
    _, report, path = report_002
    page = path.read_text(encoding="utf-8")
    top = page[page.index('<h2 id="findings">'):page.index('<h2 id="t0">')]
    items = re.findall(r'<div class="finding (\w+)">.*?</div>', top)
    assert len(items) == len(report.findings)
    links = re.findall(r'<a href="#([^"]+)">', top)
    assert len(links) == len(report.findings)  # 002: every finding has a line, a cell or a block
    for anchor in links:
        assert f'id="{anchor}"' in page, anchor


def test_project_blocks_list_their_findings_and_mark_the_indicator_rows():
    doc = read_file(SEEDS / "000_f91b7b473888f42b.txt")
    report = check(doc)
    page = render(doc, report)
    assert "tr.warning>td{background:#fec}" in page  # rows are coloured, not only cells
    p103 = [f for f in report.findings if f.code == "P103"]
    assert len(p103) == 16
    blocks = re.split(r'(?=<h3 id="p\d+">)', page[page.index('<h2 id="projects">'):])[1:]
    for f in p103:
        [block] = [b for b in blocks if f.row in b.split("</h3>")[0]]
        assert f"P103</span> {f.message}" in block
        row = re.search(rf'<tr id="(p\d+-l{f.source.line})" class="warning" title="[^"]*P103[^"]*">', block)
        assert row and f'<a href="#{row[1]}">第{f.source.line}行</a>' in page
