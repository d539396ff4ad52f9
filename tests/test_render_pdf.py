"""The PDF package: selectable Chinese text (pdftotext finds every table title and amount), more
than one page, and pages that convert to images."""
from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pytest
from conftest import SEED_NUMBERS

from yusuan.render.layout import layouts

pytest.importorskip("weasyprint")
if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
    pytest.skip("poppler-utils is not installed (python3 dev.py test installs it)", allow_module_level=True)

from yusuan.render.pdf import pdf  # noqa: E402


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def rendered(seed, tmp_path_factory):
    """``rendered("003")`` → (path of the PDF, its text as pdftotext extracts it); made once."""
    cache: dict[str, tuple] = {}

    def get(number: str):
        if number not in cache:
            path = tmp_path_factory.mktemp("pdf") / f"{number}.pdf"
            path.write_bytes(pdf(seed(number)))
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                                  check=True).stdout
            cache[number] = path, text
        return cache[number]

    return get


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_text_has_every_title_and_amount(seed, rendered, number):
    doc = seed(number)
    path, text = rendered(number)
    assert path.read_bytes()[:5] == b"%PDF-"
    flat = squash(text)
    assert squash(f"{doc.unit.name}{doc.year}年") in flat
    assert "情况说明" in flat and "专业性名词解释" in flat and "【待填写：" in flat
    for t in layouts(doc):
        assert squash(t.title) in flat, t.title
        amounts = [v for line in t.body for v in line.cells if isinstance(v, Decimal)]
        for v in amounts[:6] + amounts[-3:]:
            assert f"{v:,}" in flat, (t.title, v)
        if t.note:
            assert squash(t.note) in flat
    for p in doc.projects:
        assert squash(p.name) in flat


def test_narrative_amounts_are_searchable(rendered):
    flat = squash(rendered("003")[1])
    for words in ("2024年收入预算1,524.40万元", "一般公共预算财政拨款支出1,293.40万元，比2023年增加100.19万元，增长8.40%",
                  "机关运行经费149.50万元", "“三公”经费预算8.00万元，与上年持平", "政府采购货物预算5.00万元"):
        assert words in flat, words


def test_pages_and_page_numbers(rendered):
    path, text = rendered("001")
    pages = text.count("\f")
    assert pages > 1
    assert f"第1页共{pages}页" in squash(text.split("\f")[0])  # the footer


def test_header_rows_repeat_on_a_page_break(seed, rendered):
    """001's 一般公共预算基本支出表 runs over a page: the next page starts with its header rows."""
    _, text = rendered("001")
    pages = [squash(p) for p in text.split("\f")]
    title = next(t.title for t in layouts(seed("001")) if t.kind == "basic_expenditure")
    start = next(n for n, p in enumerate(pages) if squash(title) + "单位：万元" in p)
    assert "30101" in pages[start] and "30226" not in pages[start]  # the table goes on
    follow = pages[start + 1]
    assert follow.startswith("科目科目编码") and "人员经费公用经费" in follow[:40] and "30226" in follow


def test_a_page_as_image(rendered, tmp_path):
    path, _ = rendered("003")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
                   check=True, capture_output=True)
    images = list(tmp_path.glob("page*.png"))
    assert len(images) == 1
    data = images[0].read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_our_pdf_reads_back_fact_for_fact(seed, rendered, number):
    """read(render_pdf(read(seed))) == read(seed): every table, project and 整体 form, through
    WeasyPrint's ruled tables (merged cells centred, headers repeated on page breaks, page numbers)."""
    from collections import Counter

    from yusuan.ledger import facts
    from yusuan.ingest import read_file
    from yusuan.report import Severity
    from yusuan.rules import check

    def counted(doc):
        return Counter((f.table, f.row_code, f.column, f.amount_text) for f in facts(doc))

    back = read_file(rendered(number)[0])
    assert back.layout == "pdf" and counted(back) == counted(seed(number))
    assert [p.name for p in back.projects] == [p.name for p in seed(number).projects]
    # no arithmetic or cross-table error the seed does not have (the draft narrative cannot tell
    # which table is last year's, so X120 is compared cell by cell)
    assert set(check(back, select=["A", "X"]).codes(Severity.ERROR)) <= \
        set(check(seed(number), select=["A", "X"], ignore=["X120"]).codes(Severity.ERROR))
    # the narrative draft printed in the PDF: its numbers, read back, all match the tables
    assert len(back.claims) >= 20 and not check(back, select=["N"]).codes(Severity.ERROR)


def test_headings_start_with_their_part_and_no_table_leaves_its_last_rows_alone(seed):
    """A part's heading (预算公开表, 整体绩效目标, 项目支出绩效目标) is printed on the page its first table or
    form starts, never alone at a page foot; 003's 表七 (two rows over a page) is printed smaller, whole."""
    from weasyprint import HTML

    from yusuan.render.html import page
    from yusuan.render.pdf import spills
    doc = seed("003")
    first = HTML(string=page(doc, media="print")).render()
    assert spills(first) == {7}
    laid = HTML(string=page(doc, media="print", compact=spills(first))).render()
    assert spills(laid) == frozenset() and len(laid.pages) == len(first.pages) - 1
    at = {name: n for n, p in enumerate(laid.pages) for name in p.anchors}
    assert at["tables"] == at["t1"] and at["performance-part"] == at["performance"] and at["projects"] == at["p1"]
    assert at["t7-keep"] == at["t7-last"]
