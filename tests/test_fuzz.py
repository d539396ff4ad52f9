"""Mutated inputs never crash a reader: every outcome is a Document (with findings) or an
UnreadableError (the CLI's exit 2). Seeds and their XLSX, DOCX and PDF versions are mutated by
bytes, lines, cells and numbers.

CI runs a small budget (YUSUAN_FUZZ_EXAMPLES, default 60 per test); `bench/fuzz.py` runs the
full 10,000-case budget and prints what it found.
"""
from __future__ import annotations

import io
import os
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yusuan.ledger import facts
from yusuan.read import UnreadableError, read_file, read_text
from yusuan.render.xlsx import xlsx
from yusuan.rules import check

SEEDS = sorted((Path(__file__).resolve().parents[1] / "examples" / "disclosures").glob("*.txt"))
TEXTS = [s.read_text(encoding="utf-8") for s in SEEDS]
EXAMPLES = int(os.environ.get("YUSUAN_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_NUMBER = re.compile(r"\d[\d,]*\.\d+")
NOISE = st.sampled_from(["", "#####", "abc", "1,23.4", "-", "0", "9999999999999.99", "（", "\t", "合计", "208",
                         "4, 675. 21", "≥", "单位：元", "表一", "附件4-2", "\u3000", "—"])


OUTCOMES: Counter = Counter()  # (reader, outcome) → cases; bench/fuzz.py prints it


def survive(read, data, kind: str = "text"):
    """The reader either returns a Document that can be checked and turned into facts, or says
    clearly that it cannot read the input."""
    try:
        doc = read(data)
    except UnreadableError as e:
        assert str(e)
        OUTCOMES[kind, "exit 2 (unreadable)"] += 1
        return
    facts(doc)
    report = check(doc)
    OUTCOMES[kind, "read, with findings" if report.findings else "read, clean"] += 1


@st.composite
def mutated_text(draw) -> str:
    text = draw(st.sampled_from(TEXTS))
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["drop", "dup", "swap", "number", "cell", "cut"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "number":
            lines[i] = _NUMBER.sub(lambda m: draw(NOISE) or m.group(), lines[i], count=1)
        elif op == "cell":
            cells = lines[i].split("\t")
            cells[draw(st.integers(0, len(cells) - 1))] = draw(NOISE)
            lines[i] = "\t".join(cells)
        else:
            lines = lines[:i]
        if not lines:
            lines = [""]
    return "\n".join(lines)


@FUZZ
@given(mutated_text())
def test_text_readers_survive_mutations(text):
    survive(lambda t: read_text(t, "fuzz.txt"), text)


@st.composite
def flipped(draw, kind: str) -> bytes:
    data = bytearray(_blob(kind))
    for _ in range(draw(st.integers(1, 12))):
        i = draw(st.integers(0, len(data) - 1))
        data[i] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]
    return bytes(data)


_XML_TEXT = re.compile(r">([^<>]{1,60})<")


@st.composite
def edited_zip(draw, kind: str) -> bytes:
    """A well-formed package whose XML text (cells, shared strings, Word runs) is mutated: the
    damage reaches the reader's logic instead of stopping at the zip's CRC check."""
    src = zipfile.ZipFile(io.BytesIO(_blob(kind)))
    parts = {n: src.read(n) for n in src.namelist()}
    xml = sorted(n for n in parts if n.endswith(".xml") and _XML_TEXT.search(parts[n].decode("utf-8", "replace")))
    for _ in range(draw(st.integers(1, 10))):
        name = draw(st.sampled_from(xml))
        text = parts[name].decode("utf-8")
        spans = [m.span(1) for m in _XML_TEXT.finditer(text)]
        if not spans:  # an earlier edit emptied this part's only text
            continue
        a, b = spans[draw(st.integers(0, len(spans) - 1))]
        noise = draw(NOISE).replace("<", "").replace("&", "")
        parts[name] = (text[:a] + noise + text[b:]).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return out.getvalue()


def _docx(text: str) -> bytes:
    sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
    from make_office import items_from_rows, seed_rows, write_docx
    out = io.BytesIO()
    write_docx(items_from_rows(seed_rows(text)), out)
    return out.getvalue()


_BLOBS: dict[str, bytes] = {}
_TABLE = [["某单位一般公共预算财政拨款支出预算表"], ["单位：万元"],
          ["科目编码", "科目名称", "小计", "基本支出", "项目支出"],
          ["208", "社会保障和就业支出", "100.00", "60.00", "40.00"],
          ["20801", "人力资源和社会保障管理事务", "100.00", "60.00", "40.00"],
          ["2080101", "行政运行", "60.00", "60.00", ""],
          ["2080109", "社会保险经办机构", "40.00", "", "40.00"],
          ["", "合计", "100.00", "60.00", "40.00"]]


def _pdf(rows: list[list[str]], ruled: bool) -> bytes:
    import html

    import weasyprint
    head = "".join(f"<p>{html.escape(r[0])}</p>" for r in rows if len(r) == 1)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows if len(r) > 1)
    style = "td{border:1px solid black}" if ruled else ""
    return weasyprint.HTML(string=f"<style>{style}</style>{head}<table>{body}</table>").write_pdf()



def _blob(kind: str) -> bytes:
    """Seed 002 as a workbook or a Word file, or a small ruled PDF table (strategies take the
    kind, not the bytes, so that hypothesis reports stay short)."""
    if kind not in _BLOBS:
        if kind == "xlsx":
            _BLOBS[kind] = xlsx(read_text(TEXTS[2], "002.txt"))
        elif kind == "docx":
            _BLOBS[kind] = _docx(TEXTS[2])
        else:
            _BLOBS[kind] = _pdf(_TABLE, ruled=True)
    return _BLOBS[kind]


def _feed(tmp_path_factory, blob: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"f{suffix}"
    path.write_bytes(blob)
    survive(read_file, path, suffix[1:])


@FUZZ
@given(st.one_of(flipped("xlsx"), edited_zip("xlsx")))
def test_xlsx_reader_survives_damage(tmp_path_factory, blob):
    _feed(tmp_path_factory, blob, ".xlsx")


@FUZZ
@given(st.one_of(flipped("docx"), edited_zip("docx")))
def test_docx_reader_survives_damage(tmp_path_factory, blob):
    _feed(tmp_path_factory, blob, ".docx")


@st.composite
def printed(draw) -> bytes:
    """A PDF printed from a mutated table (cells replaced, rows dropped or repeated, rulings on
    or off): the damage reaches the geometry, not just the file structure."""
    rows = [list(r) for r in _TABLE]
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(rows) - 1))
        op = draw(st.sampled_from(["cell", "drop", "dup"]))
        if op == "cell":
            rows[i][draw(st.integers(0, len(rows[i]) - 1))] = draw(NOISE)
        elif op == "drop" and len(rows) > 1:
            del rows[i]
        else:
            rows.insert(i, list(rows[i]))
    return _pdf(rows, ruled=draw(st.booleans()))


@FUZZ
@given(st.one_of(flipped("pdf"), printed()))
def test_pdf_reader_survives_damage(tmp_path_factory, blob):
    _feed(tmp_path_factory, blob, ".pdf")
