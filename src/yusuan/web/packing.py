"""Texts kept gzip-compressed (web/kept.py), packed so that a packed text goes inside a larger one
without being compressed again: the import packs each file's package as the file is read (in a
worker), and the unit's page, which is that package inside the page's own HTML, is then packed by
compressing only the HTML around it (``pack_around``), not the whole page a second time.

``pack(text)`` is one ordinary gzip member: a fixed header (no time: a text packs to the same bytes),
the deflate data closed by a sync flush (so that it ends on a byte boundary without a last block),
an empty last block, the text's CRC-32 and size. Deflate data may be put one after another when
each but the last ends so (each starts afresh: it refers to nothing before it), and a CRC-32 of
joined texts is made from theirs (``_joined_crc``): the gzip of head + text + tail is the head's
deflate data, the text's as packed, the tail's, and their CRCs joined.
"""
from __future__ import annotations

import gzip
import struct
import zlib

# gzip level: 3 takes about half the CPU time of 5 for some 9% more bytes (a seed's page: 22.7 KB
# against 20.8 KB), and the import packs every file's package, figures, API JSON and page
LEVEL = 3
_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # gzip, deflate, no flags, no time, no extra, OS unknown
_CLOSED = b"\x00\x00\xff\xff"  # how a sync flush ends (an empty stored block)
_LAST = b"\x03\x00"  # an empty last block
_TRAILER = struct.Struct("<II")  # CRC-32, size mod 2**32


def _deflate(data: bytes) -> bytes:
    z = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw deflate, as gzip.compress writes it
    return z.compress(data) + z.flush(zlib.Z_SYNC_FLUSH)


def _member(deflated: bytes, crc: int, size: int) -> bytes:
    return b"".join((_HEADER, deflated, _LAST, _TRAILER.pack(crc, size & 0xFFFFFFFF)))


def pack(text: str) -> bytes:
    data = text.encode("utf-8")
    return _member(_deflate(data), zlib.crc32(data), len(data))


def unpack(packed: bytes) -> str:
    return gzip.decompress(packed).decode("utf-8")


def _joinable(packed: bytes) -> bool:
    """Packed by ``pack`` (a kept row made otherwise, by hand or by a test, is unpacked and packed whole)."""
    return packed.startswith(_HEADER) and packed[-14:-8] == _CLOSED + _LAST


def _joined_crc(crc: int, crc2: int, size2: int) -> int:
    """The CRC-32 of a text joined by one of ``size2`` bytes (crc32_combine): the first's CRC carried
    over as many zero bytes, without the CRC those zeros have alone, with the second's."""
    zeros = bytes(size2)
    return zlib.crc32(zeros, crc) ^ zlib.crc32(zeros) ^ crc2


def pack_around(head: str, packed: bytes, tail: str) -> bytes:
    """The gzip of head + text + tail, where ``packed`` is ``pack(text)``: only head and tail compressed."""
    if not _joinable(packed):
        return pack(head + unpack(packed) + tail)
    h, t = head.encode("utf-8"), tail.encode("utf-8")
    crc, size = _TRAILER.unpack(packed[-8:])
    crc = _joined_crc(_joined_crc(zlib.crc32(h), crc, size), zlib.crc32(t), len(t))
    return _member(_deflate(h) + packed[len(_HEADER):-10] + _deflate(t), crc, len(h) + size + len(t))
