"""The document codec (model/codec.py): every document read comes back equal from its JSON, whatever
its values, and JSON of an older schema (fields missing) loads with the fields' defaults."""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum
from pathlib import Path

import pytest

from conftest import SEED_NUMBERS, seed_path
from yusuan.read import read_file
from yusuan.model import (UNREAD, Cell, Claim, Document, Indicator, Performance, Project, Row, Section, Source,
                          Status, Table, Unit, Unread)
from yusuan.model.codec import SCHEMA, CodecError, document_from_json, document_json, record_codec
from yusuan.report import Finding, Severity

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))  # make_office
FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_FILES = sorted(p for p in CORPUS.glob("*") if p.suffix in (".txt", ".pdf", ".xlsx")) if CORPUS.is_dir() else []


def round_trip(doc: Document) -> Document:
    text = document_json(doc)
    assert json.loads(text)["schema"] == SCHEMA
    return document_from_json(text)


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_every_seed_comes_back_equal(seed, number):
    doc = seed(number)
    back = round_trip(doc)
    assert back == doc
    # equal and of the same types: a Decimal stays a Decimal with its printed places, a status an enum
    cell = next(c for t in back.tables for r in t.rows for c in r.cells if c.value is not None)
    assert type(cell.value) is Decimal and cell.status is Status.NUMBER
    assert str(cell.value) == str(next(c for t in doc.tables for r in t.rows for c in r.cells
                                       if c.value is not None).value)
    assert type(back.tables) is tuple and type(back.tables[0].rows) is tuple


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_comes_back_equal(path):
    doc = read_file(path)
    assert round_trip(doc) == doc


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """Seed 001 as XLSX and DOCX (make_office), read by the office readers (sheets, cells, Word tables)."""
    import make_office
    d = tmp_path_factory.mktemp("codec_office")
    items = make_office.seed_items(seed_path("001"))
    make_office.write_xlsx(items, d / "001.xlsx")
    make_office.write_docx(items, d / "001.docx")
    return d


@pytest.mark.parametrize("suffix", ["xlsx", "docx"])
def test_office_documents_come_back_equal(office, suffix):
    doc = read_file(office / f"001.{suffix}")
    assert doc.sheets and any(c.source.sheet for t in doc.tables for r in t.rows for c in r.cells)
    assert round_trip(doc) == doc


@pytest.mark.skipif(not CORPUS_FILES, reason="../shared/corpus is not beside this checkout")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_every_corpus_package_comes_back_equal(path):
    doc = read_file(path)
    assert round_trip(doc) == doc


def odd_document() -> Document:
    """Values at the edges: blanks, LOST and text cells, UNREAD, odd Decimals, NUL, lone surrogates,
    very long text, a finding (a record the Document's hint does not name), nested units."""
    src = Source("奇怪\x00的\ud800文件.txt", line=None, page=3, table="t", row="r", column=None, sheet="表1", cell="R1C1")
    cells = (
        Cell("total", "1,234.50", Status.NUMBER, Decimal("1234.50"), src),
        Cell(None, "#####", Status.LOST, None, src),
        Cell("basic", "NaN", Status.TEXT, None, src.at(line=7)),
        Cell("project", "-", Status.BLANK, None, src),
        Cell("x", "0E-7", Status.NUMBER, Decimal("0E-7"), src),
        Cell("y", "-0", Status.NUMBER, Decimal("-0"), src),
        Cell("z", "1E+3", Status.NUMBER, Decimal("1E+3"), src),
        Cell("w", "9" * 38 + "." + "9" * 38, Status.NUMBER, Decimal("9" * 38 + "." + "9" * 38), src),
        Cell("u", "?", Status.TEXT, UNREAD, src),
    )
    long_text = "很长的说明。" * 20000 + "🙂\t\n\"\\"
    row = Row(None, long_text, cells, src, level=0, side=None, extra=(("gov", "30101"), ("", "")))
    table = Table("unknown", "", None, "元", ("total", "basic"), ("合计", "基本"), (row, Row("total", "", (), src)),
                  src, year=None, notes=("", long_text), pages=2, recognition=("content", Decimal("0.75")),
                  unit=Unit(None, "某单位", "212"))
    indicator = Indicator("产出指标", "", "", "", "", None, "", None, None, src)
    project = Project(None, "", None, (("本级资金", Decimal("0.00")),), (indicator, indicator), src,
                      execution_weight=Decimal("10"), places=(("goal", src), ("basis", src.at(page=None))),
                      amount_unit="元")
    perf = Performance(None, (), (("total", None), ("basic", Decimal("1.5"))), "万元", src, lost=("project",))
    claim = Claim(Decimal("-2.5"), "%", "收入合计", "", src, kind="change", direction="减少", compare_year=2022,
                  owner=Unit("212002", None))
    finding = Finding("R005", Severity.WARNING, "奇怪的值 NaN", src, table="t", expected=None, actual="NaN")
    return Document("奇怪.txt", "tsv", Unit(None, None), None, "budget", "万元", (table, table), (project,), perf,
                    (Section("一、", "", long_text, 1, src, owner=Unit("1", "2")),), (claim,), (finding,),
                    region=None, sheets=("表1", "表2"))


def test_odd_values_come_back_equal_and_of_their_types():
    doc = odd_document()
    back = round_trip(doc)
    assert back == doc
    cells = back.tables[0].rows[0].cells
    assert [str(c.value) for c in cells] == ["1234.50", "None", "None", "None", "0E-7", "-0", "1E+3",
                                             "9" * 38 + "." + "9" * 38, "0"]
    assert type(cells[-1].value) is Unread  # an unread value stays unread, not 0
    assert cells[1].status is Status.LOST and cells[2].text == "NaN" and cells[2].status is Status.TEXT
    assert back.tables[0].rows[0].source.file == "奇怪\x00的\ud800文件.txt"
    assert back.findings[0].severity is Severity.WARNING and type(back.findings[0]) is Finding
    assert back.tables[0].recognition == ("content", Decimal("0.75")) and back.projects[0].funding[0][1] == Decimal("0.00")
    assert len(back.sections[0].text) == len(doc.sections[0].text)


def test_json_of_an_older_schema_loads_with_defaults():
    """A record written before some of its fields existed: each missing field takes its default."""
    doc = odd_document()
    data = json.loads(document_json(doc))
    d = data["document"]
    for name in ("region", "sheets", "findings"):
        del d[name]
    for t in d["tables"]:
        for name in ("notes", "pages", "recognition", "unit", "year"):
            del t[name]
        for r in t["rows"]:
            del r["extra"], r["level"], r["side"]
    del d["projects"][0]["amount_unit"], d["projects"][0]["places"]
    data["schema"] = 0
    back = document_from_json(json.dumps(data))
    t = back.tables[0]
    assert (back.region, back.sheets, back.findings) == (None, (), ())
    assert (t.notes, t.pages, t.recognition, t.unit, t.year) == ((), 1, None, None, None)
    assert (t.rows[0].extra, t.rows[0].level, t.rows[0].side) == ((), 0, None)
    assert (back.projects[0].amount_unit, back.projects[0].places) == ("万元", ())
    assert back == replace(doc, region=None, sheets=(), findings=(),
                           tables=tuple(replace(x, notes=(), pages=1, recognition=None, unit=None, year=None,
                                                rows=tuple(replace(r, extra=(), level=0) for r in x.rows))
                                        for x in doc.tables),
                           projects=(replace(doc.projects[0], amount_unit="万元", places=()),))


def test_json_without_a_required_field_or_of_a_newer_schema_is_refused():
    data = json.loads(document_json(odd_document()))
    with pytest.raises(CodecError, match="schema 99"):
        document_from_json(json.dumps({**data, "schema": 99}))
    del data["document"]["tables"][0]["rows"][0]["cells"][0]["text"]
    with pytest.raises(CodecError, match="Cell without text"):
        document_from_json(json.dumps(data))
    data = json.loads(document_json(odd_document()))
    data["document"]["findings"] = [{"$c": "os:system", "command": "true"}]
    with pytest.raises(CodecError, match="not one of yusuan's"):  # only yusuan's records are made
        document_from_json(json.dumps(data))
    with pytest.raises(CodecError, match="not a yusuan document"):
        document_from_json("[]")


class Role(str, Enum):
    CLASS = "class"
    TOTAL = "total"


@dataclass(frozen=True)
class Placed:
    rule: str
    where: Source


@dataclass(frozen=True)
class NewCell:
    """A record as another change may grow one: an enum, a nested record, a dict, fields with defaults."""
    text: str
    value: Decimal | None
    role: Role = Role.CLASS
    placed_by: Placed | None = None
    parts: tuple[Placed, ...] = ()
    weights: dict[str, Decimal] = field(default_factory=dict)
    anything: tuple = ()


def test_a_new_record_and_new_fields_need_no_codec_change():
    encode, decode = record_codec(NewCell)
    where = Source("f.txt", 3)
    cell = NewCell("1.0", Decimal("1.0"), Role.TOTAL, Placed("ROW_IDENTITY", where), (Placed("a", where),),
                   {"x": Decimal("0.10")}, (Decimal("2"), Severity.INFO, "s", None, (1, 2)))
    plain = json.loads(json.dumps(encode(cell)))
    back = decode(plain)
    assert back == cell and back.role is Role.TOTAL and type(back.anything[0]) is Decimal
    assert back.anything[1] is Severity.INFO and back.anything[4] == (1, 2)
    assert decode({"text": "x", "value": None}) == NewCell("x", None)  # an older record: the defaults


def test_a_value_the_records_refuse_is_a_codec_error():
    """JSON whose values the records (their enums, their Decimals) no longer take: a CodecError that
    says so, never a bare ValueError from deep inside."""
    data = json.loads(document_json(odd_document()))
    data["document"]["tables"][0]["rows"][0]["cells"][0]["status"] = "a status that no longer exists"
    with pytest.raises(CodecError, match="cannot load"):
        document_from_json(json.dumps(data))
    data = json.loads(document_json(odd_document()))
    data["document"]["tables"][0]["rows"][0]["cells"][0]["value"] = "twelve"
    with pytest.raises(CodecError, match="InvalidOperation|cannot load"):
        document_from_json(json.dumps(data))
