"""Mutated inputs never crash a reader: every outcome is a Document (with findings) or an
UnreadableError (the CLI's exit 2). Seeds and their XLSX, DOCX and PDF versions are mutated by
bytes, lines, cells and numbers.

CI runs a small budget (YUSUAN_FUZZ_EXAMPLES, default 60 per test); `bench/fuzz.py` runs the
full 10,000-case budget and prints what it found.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yusuan.build import facts
from yusuan.ingest import UnreadableError, read_file, read_text
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


def survive(read, data):
    """The reader either returns a Document that can be checked and turned into facts, or says
    clearly that it cannot read the input."""
    try:
        doc = read(data)
    except UnreadableError as e:
        assert str(e)
        return
    facts(doc)
    check(doc)


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
def flipped(draw, blob: bytes) -> bytes:
    data = bytearray(blob)
    for _ in range(draw(st.integers(1, 12))):
        i = draw(st.integers(0, len(data) - 1))
        data[i] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]
    return bytes(data)


_BOOK = xlsx(read_text(TEXTS[2], "002.txt"))


@FUZZ
@given(flipped(_BOOK))
def test_xlsx_reader_survives_damage(tmp_path_factory, blob):
    path = tmp_path_factory.mktemp("fuzz") / "f.xlsx"
    path.write_bytes(blob)
    survive(read_file, path)


@FUZZ
@given(st.data())
def test_pdf_reader_survives_damage(tmp_path_factory, data):
    import weasyprint
    global _PDF
    if _PDF is None:
        _PDF = weasyprint.HTML(string="<h3>某单位一般公共预算财政拨款支出预算表</h3><p>单位：万元</p><table border=1>"
                               "<tr><td>科目编码</td><td>科目名称</td><td>小计</td><td>基本支出</td><td>项目支出</td></tr>"
                               "<tr><td>208</td><td>社会保障和就业支出</td><td>100.00</td><td>60.00</td><td>40.00</td></tr>"
                               "</table>").write_pdf()
    path = tmp_path_factory.mktemp("fuzz") / "f.pdf"
    path.write_bytes(data.draw(flipped(_PDF)))
    survive(read_file, path)


_PDF: bytes | None = None
