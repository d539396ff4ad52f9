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
