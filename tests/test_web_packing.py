"""Kept texts packed so that one goes inside a larger one uncompressed again (web/packing.py): what is
packed around a packed text reads back, with any gzip reader, as the texts joined."""
from __future__ import annotations

import gzip
import zlib

import pytest

from yusuan.web.packing import pack, pack_around, unpack

TEXTS = ("", "x", "<td class=\"n\">1,234.50</td>" * 3000, "预算公开表　合计\n" * 500 + "&<>\"'")


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("head,tail", [("", ""), ("<main>", "</main>\n"), ("页首" * 2000, "页尾")])
def test_a_text_packed_around_reads_back_as_the_texts_joined(text, head, tail):
    packed = pack_around(head, pack(text), tail)
    assert gzip.decompress(packed).decode("utf-8") == head + text + tail
    assert zlib.decompress(packed, 16 + zlib.MAX_WBITS).decode("utf-8") == head + text + tail  # as a browser inflates


def test_a_text_packs_to_the_same_bytes_each_time():
    assert pack("预算") == pack("预算") and unpack(pack("预算")) == "预算"


def test_a_text_packed_otherwise_is_packed_whole():
    assert unpack(pack_around("<p>", gzip.compress("如入库时所存".encode("utf-8")), "</p>")) == "<p>如入库时所存</p>"
