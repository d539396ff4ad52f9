"""The records' quick ``__init__`` (model/frozen.py) keeps what a frozen dataclass promises."""
from __future__ import annotations

import dataclasses
import pickle
from decimal import Decimal

import pytest

from yusuan.model import Cell, Source, Status, Unit
from yusuan.report import Finding, Severity


def test_records_are_made_frozen_compared_replaced_and_pickled_as_dataclasses():
    src = Source("a.xlsx", 12, sheet="表三", cell="C12")
    assert (src.page, src.table, src.cell) == (None, None, "C12")  # defaults kept
    assert src == Source("a.xlsx", 12, None, None, None, None, "表三", "C12") and hash(src) == hash(
        Source("a.xlsx", 12, sheet="表三", cell="C12"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        src.line = 13
    assert dataclasses.replace(src, line=13) == Source("a.xlsx", 13, sheet="表三", cell="C12")
    cell = Cell("total", "2,859.58", Status.NUMBER, Decimal("2859.58"), src)
    assert pickle.loads(pickle.dumps(cell)) == cell
    assert repr(Unit("212", "某局")) == "Unit(code='212', name='某局', parent=None)"
    finding = Finding("A101", Severity.ERROR, "不平", src, row="total")
    assert dataclasses.asdict(finding)["source"]["cell"] == "C12" and finding.column is None
    with pytest.raises(TypeError):
        Source()  # the file is required
    with pytest.raises(TypeError):
        Source("a", 1, nothing=2)


def test_indexes_beside_the_fields_answer_as_the_searches_did_and_stay_out_of_equality_and_pickles():
    from yusuan.model import Document, Row, Table
    src = Source("a.txt", 3)
    total = Cell("total", "10.00", Status.NUMBER, Decimal("10.00"), src)
    again = Cell("total", "11.00", Status.NUMBER, Decimal("11.00"), src)  # a second cell of the column
    loose = Cell(None, "####", Status.LOST, None, src)  # a value no column took
    row = Row("208", "社会保障和就业支出", (total, again, loose), src, 1)
    assert row.cell("total") is total and row.value("total") == Decimal("10.00")  # the first, as before
    assert row.cell("basic") is None and row.value("basic").__class__.__name__ == "Unread"
    assert Row("208", "x", (total,), src).value("basic") is None
    twin = Row("208", "社会保障和就业支出", (total, again, loose), src, 1)
    assert row == twin and hash(row) == hash(twin) and repr(row) == repr(twin)  # the index is no field
    assert "_by_column" not in pickle.loads(pickle.dumps(row)).__dict__ and pickle.loads(pickle.dumps(row)) == row
    changed = dataclasses.replace(row, cells=(again,))
    assert changed.value("total") == Decimal("11.00")  # a replaced row indexes its own cells
    table = Table("general_expenditure", "表", None, "万元", ("total",), ("合计",),
                  (row, Row("208", "dup", (), src), Row("total", "合计", (), src)), src)
    assert table.row("208") is row and table.row("total").name == "合计" and table.row("999") is None
    assert table.class_rows() == ((row, table.rows[1]),) and table.class_rows() is table.class_rows()
    assert pickle.loads(pickle.dumps(table)) == table and "_by_code" not in pickle.loads(pickle.dumps(table)).__dict__
    doc = Document(file="a.txt", layout="tsv", unit=Unit(None, None), year=2024, kind="budget", amount_unit="万元",
                   tables=(table,), projects=(), performance=None, sections=(), claims=())
    assert doc.tables_of("general_expenditure") == (table,) and doc.tables_of("revenue") == ()
    assert dataclasses.replace(doc, tables=()).tables_of("general_expenditure") == ()


def test_source_at_copies_with_the_changes_and_refuses_a_field_it_does_not_have():
    src = Source("a.xlsx", 12, table="revenue", sheet="表三")
    moved = src.at(line=13, cell="C13")
    assert moved == Source("a.xlsx", 13, None, "revenue", None, None, "表三", "C13") and src.line == 12
    assert hash(moved) == hash(Source("a.xlsx", 13, table="revenue", sheet="表三", cell="C13"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        moved.line = 1
    with pytest.raises(TypeError):
        src.at(nothing=2)
