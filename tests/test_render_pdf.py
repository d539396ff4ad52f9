"""The PDF package (Typst): selectable Chinese text (pdftotext finds every table title and amount),
more than one page, pages that convert to images, the CJK fonts embedded, wide tables on landscape
pages, header rows repeated, a table's last rows never alone on a page; text of any kind printed
as text, never run as Typst code."""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal

import pytest
from conftest import SEED_NUMBERS

from yusuan.render.html import WIDE
from yusuan.render.layout import layouts

if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
    pytest.skip("poppler-utils is not installed (python3 dev.py test installs it)", allow_module_level=True)

from yusuan.render.pdf import PdfError, fonts, pdf, small_tables  # noqa: E402
from yusuan.render.typst_data import SPILL  # noqa: E402


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


def pdf_pages(path) -> list[str]:
    """Each page's text as pdftotext -layout prints it (rows of a table on lines of their own)."""
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def one_table(doc, kind: str, rows: int):
    """``doc`` with only its ``kind`` table, grown to ``rows`` rows named 测试行1号, 测试行2号…"""
    t = doc.table(kind)
    base = t.rows[-1]
    grown = tuple(replace(base, code=f"2{k:06d}", name=f"测试行{k}号") for k in range(1, rows + 1))
    return replace(doc, tables=(replace(t, rows=grown),), projects=(), performance=None)


def test_header_rows_repeat_on_a_page_break(seed, tmp_path):
    """A 一般公共预算支出表 of 150 rows runs over pages: each page after the first starts with its
    header rows, then goes on with the rows where the page before stopped."""
    doc = one_table(seed("001"), "general_expenditure", 150)
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf(doc))
    pages = [p for p in pdf_pages(path) if "测试行" in p]
    assert len(pages) >= 3
    seen = []
    for n, page in enumerate(pages):
        seen += [int(word[3:].split("号")[0]) for word in page.split() if word.startswith("测试行")]
        lines = [squash(line) for line in page.splitlines() if line.strip()]
        if n:
            assert lines[0].startswith("科目") and any("科目编码" in x and "科目名称" in x for x in lines[:3]), lines[:3]
            assert "一般公共预算支出表" not in page  # the title is not repeated, the header rows are
    assert seen == list(range(1, 151))  # every row once, in order, none cut over a page


def test_wide_tables_on_landscape_pages_and_fonts_embedded(seed, rendered):
    """A table of seven columns or more is printed on a landscape page, the others on portrait A4;
    every font is embedded as a subset with its Unicode map (pdffonts: emb, sub, uni), and they
    are the Noto CJK fonts."""
    import pypdfium2 as pdfium

    path, _ = rendered("001")
    pdf_doc = pdfium.PdfDocument(str(path))
    try:
        sizes = {}
        for i in range(len(pdf_doc)):
            text = pdf_doc[i].get_textpage().get_text_range()
            sizes[i] = (pdf_doc[i].get_width(), pdf_doc[i].get_height(), squash(text))
    finally:
        pdf_doc.close()
    for t in layouts(seed("001")):
        page = next(w > h for w, h, text in sizes.values()
                    if squash(t.title) + "单位" in text)  # its page, not the contents
        assert page == (t.ncols >= WIDE), (t.title, t.ncols)
    assert sizes[0][0] < sizes[0][1]  # the cover
    assert any(w > h for w, h, _ in sizes.values()) and any(w < h for w, h, _ in sizes.values())
    listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listed.splitlines()[2:] if line.strip()]
    assert rows and all(r[-5:-2] == ["yes", "yes", "yes"] for r in rows), listed
    assert all("NotoSansCJK" in r[0] for r in rows), listed


def test_no_table_leaves_its_last_rows_alone(seed, tmp_path):
    """For every length of a table from one page to two, the page its last row is printed on also
    holds the row ``SPILL`` rows before it: a table that would leave fewer rows alone is set
    smaller, whole (and at least one length needs that)."""
    import pypdfium2 as pdfium

    smaller = 0
    for rows in range(40, 62):
        doc = one_table(seed("001"), "general_expenditure", rows)
        data = pdf(doc)
        smaller += small_tables() == {"t1"}
        pdf_doc = pdfium.PdfDocument(data)
        try:
            texts = [squash(pdf_doc[i].get_textpage().get_text_range()) for i in range(len(pdf_doc))]
        finally:
            pdf_doc.close()

        def page_of(k: int) -> int:
            return next(i for i, text in enumerate(texts) if f"测试行{k}" in text.replace(f"测试行{k}0", ""))
        assert page_of(rows) == page_of(rows - SPILL), rows
    assert smaller >= 1


def test_rows_of_one_line_are_where_auto_rows_would_be(seed, tmp_path, monkeypatch):
    """The rows judged sure to fit on one line are given their height (so that Typst lays their cells
    out once): every word is printed where it is when Typst measures every row itself."""
    from yusuan.render import typst_data

    def boxes(name: str) -> str:
        path = tmp_path / name
        path.write_bytes(pdf(seed("001")))
        out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
        return "\n".join(line for line in out.splitlines() if "<word" in line)

    data = typst_data.package(seed("001"))
    assert sum(row[3] for t in data["tables"] for row in t["body"]) > 50 and sum(
        one for f in data["forms"] for one in f["rows"]) > 100
    fixed = boxes("fixed.pdf")
    monkeypatch.setattr(typst_data, "_fits", lambda *args: False)
    assert boxes("auto.pdf") == fixed


def test_widths_sure_to_fit_are_upper_bounds(tmp_path):
    """No printable ASCII character, and none of a sample of Chinese ones, is wider, regular or bold,
    than the width by which a row is judged to fit on one line."""
    import json

    import typst

    from yusuan.render.typst_data import _max_em

    chars = [chr(c) for c in range(32, 127)] + list("国财政，。、：；（）《》“”‘’—…·％①≥")
    (tmp_path / "w.typ").write_text(
        '#set text(font: "Noto Sans CJK SC", lang: "zh", region: "cn", cjk-latin-spacing: none)\n'
        '#context for s in json(bytes(sys.inputs.chars)) { for bold in (false, true) {\n'
        '  let w = measure(text(size: 10pt, weight: if bold { "bold" } else { "regular" }, s + s)).width / 20pt\n'
        '  [#metadata((s, bold, w))<w>] } }\n')
    compiler = typst.Compiler(tmp_path / "w.typ", font_paths=fonts(), ignore_system_fonts=True,
                              sys_inputs={"chars": json.dumps(chars)})
    measured = json.loads(compiler.query("<w>", field="value"))
    assert len(measured) == 2 * len(chars)
    for s, bold, width in measured:
        assert width <= _max_em(s, bold), (s, bold, width)


HOSTILE = ('#read("/etc/passwd") $x^2$ *粗* _斜_ [方括号] \\ @ref <lab> `raw` // 注释 /* 块 */ #let x = 1 '
           '#panic("boom") = 标题 ~ - + 1. #{ 1 + 1 } 【待填写：#x】')


def test_hostile_text_is_printed_as_text(seed, tmp_path):
    """Typst's markup and code in every field (a unit's name, a table row, a project, its
    overview) come out as the same characters: nothing is read, run or styled."""
    doc = seed("001")
    t = doc.table("general_expenditure")
    rows = list(t.rows)
    rows[1] = replace(rows[1], name=HOSTILE)
    doc = replace(doc, unit=replace(doc.unit, name="单位#名$称[x]<y>"),
                  tables=tuple(replace(x, rows=tuple(rows)) if x is t else x for x in doc.tables),
                  projects=(replace(doc.projects[0], name=HOSTILE, overview=HOSTILE),) + doc.projects[1:])
    path = tmp_path / "hostile.pdf"
    path.write_bytes(pdf(doc))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = squash(text)
    assert flat.count(squash(HOSTILE)) >= 4  # the row, the project's name on its form and in the contents, its overview
    assert "单位#名$称[x]<y>" in flat
    assert "root:" not in text and "boom" in text  # /etc/passwd was not read; panic was not called


def test_a_very_long_cell_and_ten_thousand_rows(seed, tmp_path):
    """A 20,000-character name runs over pages inside its cell; a table of 10,000 rows is printed
    whole (every row's name in the text), with its header on each page."""
    doc = one_table(seed("001"), "general_expenditure", 10_000)
    t = doc.tables[0]
    long = "很长的科目名称" * 3000
    doc = replace(doc, tables=(replace(t, rows=(replace(t.rows[0], name=long),) + t.rows[1:]),))
    path = tmp_path / "big.pdf"
    path.write_bytes(pdf(doc))
    pages = pdf_pages(path)
    assert len(pages) > 150
    flat = squash("".join(pages))
    assert flat.count("很") == 3000  # the long name whole, over its pages
    assert all(f"测试行{k}号" in flat for k in (2, 5_000, 9_999, 10_000))
    table = [squash(p) for p in pages if "测试行" in p or "很长" in p]
    assert len(table) > 150 and all(p.startswith("科目") and "科目编码" in p[:30] for p in table[1:])  # the header repeated


def test_a_missing_font_is_a_message():
    with pytest.raises(PdfError, match="fonts-noto-cjk"):
        fonts(("/nonexistent",), system=False)


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
    Typst's ruled tables (merged cells centred, headers repeated on page breaks, page numbers)."""
    from collections import Counter

    from yusuan.ledger import facts
    from yusuan.read import read_file
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
