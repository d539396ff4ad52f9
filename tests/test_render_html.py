"""The HTML package: one self-contained page, tables drawn as in the official documents, opened
in a real headless Chromium."""
from __future__ import annotations

import shutil
import struct
import subprocess

import pytest
from conftest import SEED_NUMBERS
from lxml import html as lhtml

from yusuan.render.html import html, page
from yusuan.render.layout import layouts

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def pages(seed):
    cache: dict[str, str] = {}

    def get(number: str) -> str:
        if number not in cache:
            cache[number] = html(seed(number))
        return cache[number]

    return get


def shown(cell) -> str:
    """A cell's text as read (a header's zero-width break opportunities left out)."""
    return cell.text_content().replace("\u200b", "")


def test_headers_wrap_between_words_never_leaving_one_character(pages):
    tree = lhtml.fromstring(pages("003"))
    revenue = tree.xpath("//section[@data-kind='revenue']")[0]
    chunks = {shown(th): [s.text for s in th.iter("span")] for th in revenue.iter("th")}
    assert chunks["事业收入"] == ["事业", "收入"] and chunks["其他收入"] == ["其他", "收入"]
    assert chunks["政府性基金预算"] == ["政府性", "基金", "预算"] and chunks["合计"] == ["合计"]
    assert all(len(c) >= 2 for cs in chunks.values() for c in cs)
    assert "th span.w{white-space:nowrap}" in pages("003")


def grid_width(table) -> int:
    """The width of every row, header and body, once merged cells are counted: they must agree."""
    covered: set[tuple[int, int]] = set()  # cells taken by a rowspan from a row above
    widths = []
    for r, tr in enumerate(table.iter("tr")):
        col = 0
        for cell in tr:
            while (r, col) in covered:
                col += 1
            span, rows = int(cell.get("colspan", 1)), int(cell.get("rowspan", 1))
            covered.update((r + dr, c) for dr in range(1, rows) for c in range(col, col + span))
            col += span
        while (r, col) in covered:
            col += 1
        widths.append(col)
    assert len(set(widths)) == 1, widths
    return widths[0]


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_page_structure(seed, pages, number):
    doc = seed(number)
    text = pages(number)
    tree = lhtml.fromstring(text)
    assert tree.findtext(".//title").startswith(doc.unit.name)
    assert tree.find(".//h1").text_content() == tree.findtext(".//title")
    # self-contained: no scripts, stylesheets, images or fonts fetched from anywhere
    assert not tree.xpath("//link|//script|//img|//iframe") and "url(" not in text and "http" not in text
    # navigable: every contents link points at an element of the page
    ids = set(tree.xpath("//@id"))
    links = [a.get("href")[1:] for a in tree.xpath("//nav[@id='toc']//a")]
    assert links and set(links) <= ids
    sheets = tree.xpath("//section[contains(@class,'sheet')]")
    tables = layouts(doc)
    assert len(sheets) == len(tables)
    for sheet, t in zip(sheets, tables):
        assert sheet.findtext(".//h3") == t.title and t.title.startswith(doc.unit.name)
        assert sheet.xpath(".//div[@class='unit']")[0].text_content() == f"单位：{t.unit}"
        table = sheet.find(".//table")
        assert len(table.find("thead")) == t.header_rows
        assert grid_width(table) == t.ncols
        if t.note:
            assert sheet.xpath(".//p[@class='note']")[0].text_content() == t.note


def test_official_layout_003(pages):
    tree = lhtml.fromstring(pages("003"))
    sheet = {s.get("data-kind"): s for s in tree.xpath("//section[contains(@class,'sheet')]")}
    three = sheet["three_public"]
    merged = [th for th in three.iter("th") if shown(th) == "公务用车购置及运行费"]
    assert [th.get("colspan") for th in merged] == ["3", "3"]  # 2023 block and 2024 block
    assert [th.get("colspan") for th in three.iter("th") if shown(th).endswith("年预算数")] == ["6", "6"]
    general = sheet["general_expenditure"]
    assert [th.get("colspan") for th in general.iter("th") if shown(th) == "科目"] == ["2"]
    rows = {tr[1].text_content(): tr for tr in general.iter("tr") if len(tr) > 2 and tr[0].tag == "td"}
    total = rows["合计"]
    assert total.get("class") == "total"
    assert [td.text for td in total[2:]] == ["1,193.21", "1,293.40", "719.83", "573.57"]
    assert all(td.get("class") == "n" for td in total[2:])
    assert rows["行政运行"][0].text == "2080101"
    indent = lambda name: rows[name][1].get("style") or ""  # noqa: E731
    assert indent("社会保障和就业支出") == "" and "1.6em" in indent("人力资源和社会保障管理事务") \
        and "2.8em" in indent("行政运行")
    fund = sheet["gov_fund_expenditure"]
    assert fund.xpath(".//p[@class='note']")[0].text == "备注：本部门无政府性基金收支，故此表无数据。"
    # the narrative, then 整体 and project performance forms
    assert tree.xpath("//section[@id='narrative']//h3")[0].text == "一、部门基本情况"
    perf = tree.get_element_by_id("performance")
    assert "部门预算按时公开率" in perf.text_content()
    assert [th.text for th in perf.xpath(".//table[@class='form']//th")][-8:-5] == ["一级指标", "二级指标", "三级指标"]
    project = tree.get_element_by_id("p1")
    assert project.findtext(".//h3") == "2024年项目支出绩效目标表"
    form = {}  # each field's name cell (th) and the cell after it
    for tr in project.xpath(".//table[@class='form']//tr"):
        cells = list(tr)
        form.update({a.text: b.text_content() for a, b in zip(cells, cells[1:]) if a.tag == "th" and b.tag == "td"})
    assert form["项目名称"] == "区属国有企业幼职教生活补贴"
    assert form["项目编码"] == "50010422T000000083159" and form["当年预算（万元）"] == "13.20"
    assert form["其中：财政拨款"] == "13.20" and form["预算执行率权重"] == "10"


def test_numbers_keep_their_printed_decimals(pages):
    tree = lhtml.fromstring(pages("002"))
    procurement = tree.xpath("//section[@data-kind='procurement']")[0]
    assert "8.5" in [td.text for td in procurement.iter("td")]  # printed 8.5, not 8.50


def test_lost_value_and_merged_indicator_levels(pages):
    perf = lhtml.fromstring(pages("000")).get_element_by_id("performance")
    assert "#####" in [td.text for td in perf.iter("td")]  # the 项目支出 cell the source lost
    level1 = [td for td in perf.xpath(".//table[@class='form']//td") if td.text == "产出指标"]
    assert level1 and level1[0].get("rowspan")  # 一级指标 merged down over its rows


def test_print_variant(seed):
    text = page(seed("003"), media="print")
    assert "thead{display:table-header-group}" in text and "size:A4 landscape" in text
    assert "counter(page)" in text


# --- in a real browser -------------------------------------------------------------------------------
def chromium(tmp_path, *args: str) -> subprocess.CompletedProcess:
    if not shutil.which(CHROMIUM):
        pytest.skip("chromium is not installed (python3 dev.py test installs it)")
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.browser
def test_chromium_renders_the_page(tmp_path, pages):
    path = tmp_path / "003.html"
    path.write_text(pages("003"), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", path.as_uri()).stdout
    tree = lhtml.fromstring(dom)
    assert tree.findtext(".//title") == "重庆市大渡口区社会保险事务中心2024年部门预算"
    titles = [h.text for h in tree.xpath("//section[contains(@class,'sheet')]/h3")]
    assert titles[0] == "重庆市大渡口区社会保险事务中心财政拨款收支总表" and len(titles) == 9
    assert [th.get("colspan") for th in tree.iter("th") if shown(th) == "公务用车购置及运行费"] == ["3", "3"]
    assert [th.get("colspan") for th in tree.iter("th") if shown(th) == "收入"] == ["2", "2"]  # 表一 and 表六
    assert ">1,524.40<" in dom and ">1,213.45<" in dom and "增长8.40%" in dom


@pytest.mark.browser
def test_chromium_screenshot(tmp_path, pages):
    path = tmp_path / "003.html"
    path.write_text(pages("003"), encoding="utf-8")
    shot = tmp_path / "003.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", path.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 1600)
    assert len(data) > 50_000  # text and tables, not a blank page


def grid(table) -> dict[tuple[int, int], object]:
    """(row, column) → the cell drawn there (a merged cell at every position it covers)."""
    at: dict[tuple[int, int], object] = {}
    for r, tr in enumerate(table.iter("tr")):
        col = 0
        for cell in tr:
            while (r, col) in at:
                col += 1
            for dr in range(int(cell.get("rowspan", 1))):
                for dc in range(int(cell.get("colspan", 1))):
                    at[(r + dr, col + dc)] = cell
            col += int(cell.get("colspan", 1))
    return at


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_performance_forms_span_the_width_and_indicators_stay_in_their_columns(seed, pages, number):
    """Each row of a form is 9 columns wide; an indicator's name sits under 三级指标, its value
    under 指标值, its weight under 权重 (as in the XLSX), whatever was merged above it."""
    doc = seed(number)
    tree = lhtml.fromstring(pages(number))
    for n, p in enumerate(doc.projects, 1):
        table = tree.get_element_by_id(f"p{n}").find(".//table")
        assert grid_width(table) == 9
        at = grid(table)
        head = next(r for (r, c), cell in at.items() if c == 3 and cell.text == "三级指标")
        assert at[(head, 0)].text == "当年绩效指标" and int(at[(head, 0)].get("rowspan", 1)) == len(p.indicators) + 1
        for k, i in enumerate(p.indicators, 1):
            assert (at[(head + k, 3)].text or "") == i.name
            assert (at[(head + k, 5)].text or "") == i.value
            assert (at[(head + k, 7)].text or "") == ("" if i.weight is None else f"{i.weight}")


def test_the_whole_form_prints_its_tenth_column(seed):
    """The 整体 form's 总体资金 row prints nine amounts after its label: ten columns, the last (项目支出
    单位资金) drawn too."""
    from dataclasses import replace
    from decimal import Decimal

    from yusuan.render.html import html
    doc = seed("000")
    amounts = dict(doc.performance.amounts) | {"project.unit_funds": Decimal("1234.56")}
    doc = replace(doc, performance=replace(doc.performance, amounts=tuple(amounts.items())))
    at = grid(lhtml.fromstring(html(doc)).get_element_by_id("performance").find(".//table"))
    row = next(r for (r, c), cell in at.items() if c == 0 and cell.text == "总体资金情况（元）") + 2
    assert at[(row, 9)].text == "1,234.56" and at[(row, 7)].text == "21,077,000.00"
