"""PDF packages read into the same facts as the text seeds.

The PDFs are made here, by means independent of the reader: the rendered workbook of each seed
printed by LibreOffice Calc (ruled tables, merged headers, forms), the seed's Word version
printed by LibreOffice Writer (rows cut by page breaks), and a borderless print of the tables
by WeasyPrint (no rulings: the reader falls back to text lines and the identities).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from borderless import borderless_pdf

from yusuan.ledger import facts
from yusuan.catalog.vocabulary import squash
from yusuan.read import UnreadableError, read_file
from yusuan.read import pdf as pdf_reader
from yusuan.read.cut_columns import join_cut_columns
from yusuan.render.xlsx import xlsx
from yusuan.report import Severity
from yusuan.rules import check

SEEDS = sorted((Path(__file__).resolve().parents[1] / "examples" / "disclosures").glob("*.txt"))
sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import make_office  # noqa: E402

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _facts(doc) -> Counter:
    return Counter((f.table, f.row_code, f.column, f.amount_text) for f in facts(doc))


def _indicators(doc) -> list[list[tuple]]:
    """The indicators of the 整体绩效目标表 (first) and of each project's form, as printed."""
    forms = [doc.performance.indicators if doc.performance else ()] + [p.indicators for p in doc.projects]
    return [[(i.level1, i.level2, i.name, i.operator, i.value, i.unit, i.weight) for i in form] for form in forms]


@pytest.fixture(scope="session")
def libreoffice_pdfs(tmp_path_factory) -> dict[str, Path]:
    assert SOFFICE, "LibreOffice is installed by `python3 dev.py test` (Debian package libreoffice-calc-nogui)"
    work = tmp_path_factory.mktemp("pdf")
    books = []
    for seed in SEEDS:
        book = work / (seed.stem + ".xlsx")
        book.write_bytes(xlsx(read_file(seed)))
        books.append(str(book))
    _print(work, books)
    return {seed.name[:3]: work / (seed.stem + ".pdf") for seed in SEEDS}


def _print(work: Path, books: list[str], to: str = "pdf") -> None:
    profile = work / "profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to,
                    "--outdir", str(work), *books], check=True, capture_output=True, timeout=600)


@pytest.fixture(scope="session")
def word_pdfs(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """{(seed number, "landscape" | "portrait"): PDF}: the seeds' Word versions (ruled tables) on
    landscape A4 and on portrait Letter (narrow columns: names, codes and amounts wrap), printed
    by LibreOffice Writer, which lets a table row break across pages as Word does."""
    out = {}
    for orientation in ("landscape", "portrait"):
        work = tmp_path_factory.mktemp(orientation)
        for seed in SEEDS:
            make_office.write_docx(make_office.seed_items(seed), work / f"{seed.name[:3]}.docx",
                                   landscape=orientation == "landscape")
        _print(work, sorted(str(p) for p in work.glob("*.docx")))
        out.update({(seed.name[:3], orientation): work / f"{seed.name[:3]}.pdf" for seed in SEEDS})
    return out


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
@pytest.mark.parametrize("number", [s.name[:3] for s in SEEDS])
def test_word_printed_pdf_gives_the_seed_facts(word_pdfs, number, orientation):
    seed = read_file(next(s for s in SEEDS if s.name.startswith(number)))
    doc = read_file(word_pdfs[number, orientation])
    assert _facts(doc) == _facts(seed)
    assert [(p.code, squash(p.name), p.amount, len(p.indicators)) for p in doc.projects] == \
        [(p.code, squash(p.name), p.amount, len(p.indicators)) for p in seed.projects]
    assert {f.code for f in check(doc).errors} == {f.code for f in check(seed).errors}


@pytest.mark.parametrize("number, kinds", [("001", ["three_public", "fiscal_summary"]),
                                           ("002", ["revenue", "fiscal_summary"]),
                                           ("003", ["three_public", "fiscal_summary"])])
def test_borderless_word_tables_wrapped_in_narrow_columns(tmp_path, number, kinds):
    """Word tables without borders: header cells wrap over lines in their columns (因公出 / 国 /
    （境） / 费) and are put back together by where their lines start, so the columns are found;
    the 财政拨款收支总表's labels wrap too (社会保障和就业支 / 出) and complete the names each side
    knows. (Not yet fact for fact in such a print: the forms, and 004's tables.)"""
    seed_file = next(s for s in SEEDS if s.name.startswith(number))
    make_office.write_docx(make_office.seed_items(seed_file), tmp_path / f"{number}.docx", ruled=False)
    _print(tmp_path, [str(tmp_path / f"{number}.docx")])
    doc, seed = read_file(tmp_path / f"{number}.pdf"), read_file(seed_file)
    for kind in kinds:
        assert Counter(f for f in _facts(doc).elements() if f[0] == kind) == \
            Counter(f for f in _facts(seed).elements() if f[0] == kind)


def test_word_printed_rows_cut_by_page_breaks_are_joined(word_pdfs):
    """The fixture does cut rows: 004's 收入预算表 合计 (11,436.0 | 6), a project's code and name."""
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(word_pdfs["004", "landscape"])
    pages = [pdf_reader._page(pdf[i]) for i in range(len(pdf))]
    joined = {a[i].cells[c] + text for a, b in zip(pages, pages[1:])
              for i, c, text in pdf_reader._continuation(a, len(a) - 1, b[0])}
    assert {"11,436.06", "410700220000000034009"} <= joined


def _cut(cells, full, columns=(0, 50, 100, 150)) -> pdf_reader.PageRow:
    return pdf_reader.PageRow(0, list(cells), True, (), columns, tuple((0, f) for f in full))


@pytest.mark.parametrize("last, first, joined", [
    (_cut(["208", "社会保障和就", "11,436.0"], [False, True, True]), _cut(["", "业支出", "6"], [0] * 3), True),
    (_cut(["4107002200", "原755厂等", "200.00"], [True, True, False]), _cut(["00000034009", "子弟学校", ""], [0] * 3), True),
    # an amount under an amount is the next row, whatever its width
    (_cut(["", "本级资金", "1,234.00"], [False, True, True]), _cut(["", "其他资金", "567.00"], [0] * 3), False),
    # something printed under a cell that ended short of its edge: a row of its own
    (_cut(["", "上级资金", ""], [False, False, False]), _cut(["", "本级资金", "281.00"], [0] * 3), False),
    (_cut(["", "本级资金", ""], [False, True, False]), _cut(["", "其他", "9.00"], [0] * 3), False),
    # another table (other columns)
    (_cut(["", "社会保障和就", ""], [False, True, False]), _cut(["", "业支出", ""], [0] * 3, (0, 60, 100, 150)), False),
])
def test_a_row_goes_on_only_where_its_cells_ran_to_the_edge(last, first, joined):
    pages = [[last], [first]]
    pdf_reader._join_cut_rows(pages)
    assert (pages[1] == []) is joined
    if joined:
        assert pages[0][0].cells == [x + y for x, y in zip(last.cells, first.cells)]


def test_a_cut_row_goes_on_after_the_header_rows_repeated_on_the_next_page():
    header = _cut(["科目编码", "科目名称", "合计"], [False] * 3)
    last = _cut(["2080801", "死亡抚", "1.82"], [False, True, False])
    rest, after = _cut(["", "恤", ""], [False] * 3), _cut(["2080802", "伤残抚恤", "2.00"], [False] * 3)
    pages = [[header, last], [header, rest, after]]
    pdf_reader._join_cut_rows(pages)
    assert pages == [[header, last._replace(cells=["2080801", "死亡抚恤", "1.82"])], [header, after]]


def _line(top, text) -> pdf_reader.PageRow:
    return pdf_reader.PageRow(top, [text])


def _ruled(top, cells, columns) -> pdf_reader.PageRow:
    return pdf_reader.PageRow(top, list(cells), True, (), columns)


_LEFT, _RIGHT = (64, 223, 342), (313, 409, 529)  # a right-hand page's grid: other columns


def _left_page():
    return [_line(506, "2026年预算单位财务收支预算总表"), _line(476, "编制单位：某某中心"),
            _ruled(430, ["项目", "预算数"], _LEFT), _ruled(358, ["一、财政拨款收入", "1,000"], _LEFT),
            _ruled(92, ["收入总计", "1,000"], _LEFT)]


def test_right_hand_columns_printed_on_the_next_page_are_joined_to_their_rows():
    # the title cut where the page ends, the 单位 line beside the 编制单位 one, a row whose left-hand
    # cells are empty (it stands alone), rows at the heights of the left-hand ones
    right = [_line(506, "年预算单位财务收支预算总表"), _line(476, "单位：元"), _ruled(447, ["本年支出", ""], _RIGHT),
             _ruled(430, ["基本支出", "项目支出"], _RIGHT), _ruled(358, ["600", "400"], _RIGHT),
             _ruled(92, ["600", "400"], _RIGHT)]
    pages = [_left_page(), right]
    join_cut_columns(pages)
    assert pages[1] == []
    assert [r.cells for r in pages[0]] == [
        ["2026年预算单位财务收支预算总表"], ["编制单位：某某中心 单位：元"], ["", "", "本年支出", ""],
        ["项目", "预算数", "基本支出", "项目支出"], ["一、财政拨款收入", "1,000", "600", "400"],
        ["收入总计", "1,000", "600", "400"]]
    assert {r.columns for r in pages[0] if r.ruled} == {(64, 223, 342, 438, 558)}


@pytest.mark.parametrize("right", [
    # another table, under a title of its own
    [_line(506, "2026年预算单位收入预算总表"), _ruled(430, ["项目", "合计"], _RIGHT), _ruled(358, ["x", "1"], _RIGHT)],
    # the same table further down: its rows start where the title stands
    [_ruled(506, ["二、事业收入", "5"], _RIGHT), _ruled(430, ["三、其他收入", "6"], _RIGHT)],
    # the next copy of a form, its grid a little off: its rows begin with the same labels
    [_ruled(430, ["项目", "合计"], _RIGHT), _ruled(358, ["一、财政拨款收入", "2,000"], _RIGHT)],
    # rows at other heights
    [_ruled(420, ["基本支出", "项目支出"], _RIGHT), _ruled(350, ["600", "400"], _RIGHT), _ruled(300, ["1", "2"], _RIGHT)],
])
def test_a_page_of_other_columns_is_not_joined_unless_it_prints_beside_the_rows(right):
    pages = [_left_page(), list(right)]
    join_cut_columns(pages)
    assert pages == [_left_page(), right]


@pytest.mark.parametrize("number", [s.name[:3] for s in SEEDS])
def test_ruled_pdf_gives_the_seed_facts(libreoffice_pdfs, number):
    seed = read_file(next(s for s in SEEDS if s.name.startswith(number)))
    doc = read_file(libreoffice_pdfs[number])
    assert doc.layout == "pdf"
    assert _facts(doc) == _facts(seed)
    assert (doc.unit.code, doc.year, len(doc.projects)) == (seed.unit.code, seed.year, len(seed.projects))
    # a form's fields as printed, a 申报单位 wrapped over its row's rulings (001) kept out of the 项目名称 below
    assert [(p.name, p.code) for p in doc.projects] == [(p.name, p.code) for p in seed.projects]
    assert [q.unit for p, q in zip(seed.projects, doc.projects) if p.unit] == [p.unit for p in seed.projects if p.unit]
    # every indicator whole, a name wrapped taller than its row (centred over its neighbours' lines) too
    assert _indicators(doc) == _indicators(seed)
    # the checker sees the same arithmetic and cross-table errors (X120 needs a narrative: none here)
    assert check(doc, select=["A", "X"]).codes(Severity.ERROR) == \
        check(seed, select=["A", "X"], ignore=["X120"]).codes(Severity.ERROR)


@pytest.fixture(scope="session")
def unfitted_pdfs(tmp_path_factory) -> dict[str, Path]:
    """The seeds' workbooks printed at their own size on landscape A4, as a unit prints its sheets
    without fitting them to the page: a wide table's right-hand columns come on pages of their own,
    after the left-hand pages (down, then over), under the title repeated and the 单位 line."""
    import openpyxl
    work = tmp_path_factory.mktemp("unfitted")
    books = []
    for seed in SEEDS:
        book = work / (seed.stem + ".xlsx")
        book.write_bytes(xlsx(read_file(seed)))
        wb = openpyxl.load_workbook(book)
        for sheet in wb.worksheets:
            sheet.sheet_properties.pageSetUpPr.fitToPage = False
            sheet.page_setup.orientation = "landscape"
        wb.save(book)
        books.append(str(book))
    _print(work, books)
    return {seed.name[:3]: work / (seed.stem + ".pdf") for seed in SEEDS}


@pytest.mark.parametrize("number", [s.name[:3] for s in SEEDS])
def test_a_wide_table_printed_over_pages_side_by_side_is_one_table(unfitted_pdfs, number):
    """Each table and form is read once, its right-hand columns beside their rows: every number of
    the tables where the seed has it, and every project's form whole — its merged cells printed
    across both papers (their text is the left-hand page's, the right-hand copy left out), its
    联系人 and indicators' values from the right-hand page; 004's 收入总表, five pages wide, whose
    header cell 本年收入合计 is merged over columns of three pages (its text centred off the first
    page's paper) heads its own columns, not 上年结转's."""
    seed = read_file(next(s for s in SEEDS if s.name.startswith(number)))
    doc = read_file(unfitted_pdfs[number])
    import pypdfium2 as pdfium
    assert len(pdfium.PdfDocument(unfitted_pdfs[number])) > 2 * len(seed.tables)  # (the print does cut them)
    assert [t.kind for t in doc.tables] == [t.kind for t in seed.tables]
    assert {t.amount_unit for t in doc.tables} == {"万元"}
    assert _facts(doc) == _facts(seed)
    fields = ("code", "name", "amount", "funding", "type", "contact", "phone", "overview", "basis", "schedule", "goal")
    assert [[getattr(p, f) for f in fields] for p in doc.projects] == \
        [[getattr(p, f) for f in fields] for p in seed.projects]
    assert (doc.performance is None) == (seed.performance is None)
    assert _indicators(doc) == _indicators(seed)


def test_sources_point_at_pages(libreoffice_pdfs):
    doc = read_file(libreoffice_pdfs["000"])
    basic = doc.table("basic_expenditure")
    cell = basic.row("30239").cell("public")
    assert cell.value == Decimal("34.91") and cell.source.page > 1 and cell.source.line
    assert str(cell.source).startswith(f"{libreoffice_pdfs['000']}:p{cell.source.page}:")


def _borderless(seed, tmp_path: Path) -> Path:
    return borderless_pdf(seed, tmp_path / "plain.pdf")


def _without_project_codes(facts: Counter) -> Counter:
    """A project's code is printed in its performance form, which the borderless print leaves
    out: its row in 项目支出预算表 is known there by its name only."""
    return Counter((t, "" if t == "project_expenditure" and code not in ("total", "") and not code.startswith("unit:")
                    else code, c, a) for (t, code, c, a), n in facts.items() for _ in range(n))


@pytest.mark.parametrize("number", [s.name[:3] for s in SEEDS])
def test_borderless_pdf_is_read_by_word_positions(tmp_path, number):
    """No rulings: the columns come from where the words stand (each column's words overlap,
    an empty column shows as its header, merged header rows are put back), and every value
    lands where the seed has it, prior-year blocks and Henan's 政府经济分类 codes included."""
    seed = read_file(next(s for s in SEEDS if s.name.startswith(number)))
    doc = read_file(_borderless(seed, tmp_path))
    assert doc.layout == "pdf"
    got = _without_project_codes(_facts(doc))
    want = _without_project_codes(Counter(f for f in _facts(seed).elements()
                                          if f[0] not in ("unit_performance", "project_performance")))
    assert got == want  # every table's every number, in its column, without a single ruling
    assert not [f for f in doc.findings if f.code.startswith("R")]
    # the same arithmetic and cross-table errors; the forms are not printed, so the checks
    # against them (X112/X113/X115: performance forms and projects; X120: the narrative) are left out
    forms = ["X112", "X113", "X115", "X120"]
    assert check(doc, select=["A", "X"], ignore=forms).codes(Severity.ERROR) == \
        check(seed, select=["A", "X"], ignore=forms).codes(Severity.ERROR)


def test_borderless_henan_projects_keep_type_name_and_unit(tmp_path):
    """Henan's 项目支出表 prints 项目类型 | 项目名称 | 项目单位 before the amounts. Without rulings
    (by word positions, and as plain text with the positions lost) the three are still told
    apart: the project's name alone is its name, so it can take its form's code."""
    import pypdfium2 as pdfium
    from yusuan.read import read_text
    seed = read_file(next(s for s in SEEDS if s.name.startswith("004")))
    path = _borderless(seed, tmp_path)
    pdf = pdfium.PdfDocument(path)
    plain = read_text("\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))), "plain.txt")
    want = [(r.name, r.extra) for r in seed.table("project_expenditure").rows]
    assert want[2] == ("信息系统维护费", (("type", "其他运转类"), ("unit", "新乡市社会保险中心")))
    for doc in (read_file(path), plain):
        assert [(r.name, r.extra) for r in doc.table("project_expenditure").rows] == want


@pytest.mark.parametrize("content, words", [
    (b"", "空"),
    (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "损坏"),
])
def test_broken_pdfs_are_clear_errors(tmp_path, content, words):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(UnreadableError) as e:
        read_file(path)
    assert words in str(e.value) and str(path) in str(e.value)


def test_password_protected_pdf(libreoffice_pdfs, tmp_path):
    book = libreoffice_pdfs["000"].with_suffix(".xlsx")
    _print(tmp_path, [str(book)], 'pdf:calc_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                                  '"DocumentOpenPassword":{"type":"string","value":"yusuan"}}')
    path = tmp_path / book.with_suffix(".pdf").name
    with pytest.raises(UnreadableError) as e:
        read_file(path)
    assert "密码" in str(e.value) and str(path) in str(e.value)


def _turned(src: Path, out: Path, quarter_turns: int, sideways: bool) -> Path:
    """The PDF with every page turned: by the page's /Rotate attribute (the viewer turns it), or
    drawn sideways (the content placed as a rotated form on a landscape-shaped page, as a
    landscape table printed on its side)."""
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(src)
    if not sideways:
        for i in range(len(pdf)):
            pdf[i].set_rotation(90 * quarter_turns)
        pdf.save(out)
        return out
    turned = pdfium.PdfDocument.new()
    for i in range(len(pdf)):
        w, h = pdf[i].get_size()
        form = pdf.page_as_xobject(i, turned).as_pageobject()
        shift = (0, w) if quarter_turns == 1 else (h, 0)
        form.transform(pdfium.PdfMatrix().rotate(90 * quarter_turns).translate(*shift))
        page = turned.new_page(h, w)
        page.insert_obj(form)
        page.gen_content()
    turned.save(out)
    return out


@pytest.mark.parametrize("quarter_turns, sideways", [(1, False), (2, False), (1, True), (3, True)])
def test_turned_pages_read_the_same(libreoffice_pdfs, tmp_path, quarter_turns, sideways):
    path = _turned(libreoffice_pdfs["000"], tmp_path / "turned.pdf", quarter_turns, sideways)
    assert _facts(read_file(path)) == _facts(read_file(libreoffice_pdfs["000"]))


def test_truncated_pdf(libreoffice_pdfs, tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(libreoffice_pdfs["003"].read_bytes()[:5000])
    with pytest.raises(UnreadableError) as e:
        read_file(path)
    assert str(path) in str(e.value)


def test_scan_without_text_layer_says_ocr(tmp_path):
    import weasyprint
    path = tmp_path / "scan.pdf"
    weasyprint.HTML(string="<div style='width:400px;height:600px;background:#888'></div>").write_pdf(path)
    with pytest.raises(UnreadableError) as e:
        read_file(path)
    assert "OCR" in str(e.value) and "文字层" in str(e.value)


def test_borderless_ambiguity_is_reported_not_guessed(tmp_path):
    # 002's 政府采购 row "货物 8.5 8.5": where the words stand says 一般公共预算 (above); the same
    # page as plain text (positions lost) says nothing that decides it: R004, not a guess
    import pypdfium2 as pdfium
    from yusuan.read import read_text
    seed = read_file(next(s for s in SEEDS if s.name.startswith("002")))
    path = _borderless(seed, tmp_path)
    placed = read_file(path).table("procurement").row("goods")
    assert [c.column for c in placed.cells] == ["total", "general_budget"]
    pdf = pdfium.PdfDocument(path)
    text = "\n".join(pdf[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(pdf)))
    doc = read_text(text, "plain.txt")
    assert doc.layout == "pdf_text"
    goods = doc.table("procurement").row("goods")
    assert [c.column for c in goods.cells] == [None, None]
    assert any(f.code == "R004" and f.row == "goods" for f in doc.findings)
