"""An Office package (XLSX, XLSB, DOCX) read within the limits, before any parser sees it.

* From the ZIP directory: part names are unique, the parts that are read (XML, relationships,
  binary sheets: never pictures) add up to at most ``unzipped_mb``, and none inflates more than
  ``ratio`` times its compressed size (parts under ``RATIO_GRACE`` are exempt).
* While inflating: each part's bytes are counted against what is left of ``unzipped_mb`` (zipfile
  stops at the declared size and checks the CRC, so a part that lies about its size is damaged).
* A part that declares a DTD (``<!DOCTYPE``, where entities are declared) is refused: OOXML never
  needs one, and entity expansion is how an XML bomb explodes.
* Worksheets are clamped for python-calamine (``clamp_sheet``): calamine allocates the rectangle
  from the first to the last cell, so one cell at XFD1048576 asks for 512 GiB and aborts the
  process; cells beyond ``sheet_rows`` × ``sheet_columns`` are dropped first (reported as R011).
  calamine then reads a package rebuilt from the checked parts (``repacked``), never the original;
  a part it does not need that cannot be inflated is left out of it (``Package.parts``).
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from functools import cache
from operator import itemgetter

from .errors import UnreadableError
from .limits import MB, RATIO_GRACE, Limits, limit_error, megabytes

_ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)  # a part that cannot be inflated
_READ = (".xml", ".rels", ".bin")  # the parts a reader parses; pictures and other media are never inflated
_INFLATED = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what ``Package._inflated`` inflates itself
_NOT_PLAIN = 0x1 | 0x20 | 0x40  # encrypted, compressed patch data, strong encryption: left to zipfile
_DTD = tuple("<!DOCTYPE".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be"))  # entities are declared in it


def entity_refused(file: str, part: str) -> UnreadableError:
    return UnreadableError(f"文件中的 XML 部件 {part} 声明了 DOCTYPE/实体，为防止实体展开攻击拒绝读取；请用 Excel 或 Word "
                           f"重新保存后再读取 / XML entity expansion refused: the part {part} declares a DOCTYPE or "
                           f"entities (an XML bomb?); save the file again with Excel or Word: {file}")


class Package:
    """The parts of a ZIP container, inflated on request within the limits (see the module).
    ``raw``: the container's bytes, when ``zf`` reads them (a part in order is inflated from them
    directly: ``_inflated``)."""

    def __init__(self, zf: zipfile.ZipFile, file: str, limits: Limits, raw: bytes | None = None):
        self.zf, self.file, self.limits, self.raw = zf, file, limits, raw
        infos = zf.infolist()
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            raise UnreadableError(f"文件已损坏：压缩包中有重名的部件 / damaged file: the ZIP archive holds two parts "
                                  f"of the same name: {file}")
        self.read_parts = [i for i in infos if i.filename.lower().endswith(_READ)]
        cap = limits.unzipped_mb * MB
        declared = sum(i.file_size for i in self.read_parts)
        if declared > cap:
            raise limit_error(file, "unzipped_mb", limits, f"各部件共 {megabytes(declared)}",
                              f"its parts add up to {megabytes(declared)}")
        for i in self.read_parts:
            self._ratio(i.filename, i.file_size, i.compress_size)
        self.left = cap
        self.names = frozenset(names)
        self.crcs: dict[str, int] = {}  # each part read → its CRC, checked as it was inflated (``repacked``)

    def _ratio(self, name: str, size: int, compressed: int) -> None:
        if size > RATIO_GRACE and size > self.limits.ratio * max(compressed, 1):
            ratio = size // max(compressed, 1)
            raise limit_error(self.file, "ratio", self.limits, f"{name} 解压后为压缩时的 {ratio:,} 倍",
                              f"{name} inflates {ratio:,} times")

    def read(self, name: str) -> bytes:
        """One part's bytes (KeyError when there is none), counted against the limit."""
        info = self.zf.getinfo(name)
        if info.file_size > self.left:
            raise limit_error(self.file, "unzipped_mb", self.limits, f"读到 {name} 时", f"at {name}")
        data = self._inflated(info)
        if data is None:
            with self.zf.open(info) as f:
                data = f.read(info.file_size + 1)  # zipfile stops at the declared size; +1 would show a lie
        if len(data) != info.file_size:
            raise zipfile.BadZipFile(f"{name}: {len(data)} bytes inflated, {info.file_size} declared")
        self.left -= len(data)
        self._ratio(name, len(data), info.compress_size)
        if b"!" in data and any(m in data for m in _DTD):  # one byte search first: parts rarely hold a "!"
            raise entity_refused(self.file, name)
        self.crcs[name] = info.CRC
        return data

    def _inflated(self, info: zipfile.ZipInfo) -> bytes | None:
        """The part inflated straight from the container's bytes, as zipfile would inflate it, when all
        is in order: its local header agrees with the directory, it is stored or deflated and not
        encrypted, and it inflates to exactly its declared size (never more is inflated) with its
        CRC. Anything else is None: zipfile then reads it, and raises what it raises. (zipfile's
        file objects cost as much as the inflating itself on the small parts of a package.)"""
        raw, at = self.raw, info.header_offset
        if raw is None or info.compress_type not in _INFLATED or info.flag_bits & _NOT_PLAIN:
            return None
        head = raw[at:at + _LOCAL.size]
        if len(head) != _LOCAL.size:
            return None
        magic, _, flags, _, _, _, _, _, _, name_size, extra_size = _LOCAL.unpack(head)
        start = at + _LOCAL.size + name_size + extra_size
        try:
            name = raw[at + _LOCAL.size:at + _LOCAL.size + name_size].decode("utf-8" if flags & 0x800 else "cp437")
        except UnicodeDecodeError:
            return None
        data = raw[start:start + info.compress_size]
        if magic != 0x04034B50 or name != info.orig_filename or len(data) != info.compress_size:
            return None
        if info.compress_type == zipfile.ZIP_DEFLATED:
            try:
                data = zlib.decompressobj(-15).decompress(data, info.file_size + 1)
            except zlib.error:
                return None
        if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
            return None
        return data

    def parts(self, essential) -> dict[str, bytes]:
        """Every parsed part's bytes, for the package rebuilt for a parser. A damaged part that
        ``essential(name)`` says the parser does not need is left out (what is not read cannot
        mislead; docProps, themes and the like often are); damage anywhere else is raised, so that
        a sheet with a flipped byte is never read as if it were whole."""
        out = {}
        for info in self.read_parts:
            try:
                out[info.filename] = self.read(info.filename)
            except _ZIP_DAMAGE:
                if essential(info.filename):
                    raise
        return out


def repacked(parts: dict[str, bytes], crcs: dict[str, int] | None = None) -> bytes:
    """A ZIP of the parts, stored uncompressed: what calamine reads holds only checked bytes. Its
    headers are packed here, in a quarter of the time zipfile's writer takes; a package of more
    than 2 GiB or 65,535 parts, where zipfile writes ZIP64 records, is left to zipfile. ``crcs``:
    the CRCs of parts as they were read (``Package.crcs``; a part changed since must not be there),
    not computed again."""
    if len(parts) > zipfile.ZIP_FILECOUNT_LIMIT or \
            sum(len(d) + 8 * len(n) + 100 for n, d in parts.items()) > zipfile.ZIP64_LIMIT:
        return _repacked_zip64(parts)
    body: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, data in parts.items():
        raw = name.encode()
        flags = 0 if raw.isascii() else 0x800  # a UTF-8 name, marked as zipfile marks it
        crc, size = crcs.get(name) if crcs else None, len(data)
        if crc is None:
            crc = zlib.crc32(data)
        head = _LOCAL.pack(0x04034B50, 20, flags, 0, 0, _DOS_1980, crc, size, size, len(raw), 0) + raw
        directory.append(_CENTRAL.pack(0x02014B50, 20, 20, flags, 0, 0, _DOS_1980, crc, size, size, len(raw),
                                       0, 0, 0, 0, 0, offset) + raw)
        body += (head, data)
        offset += len(head) + size
    listing = b"".join(directory)
    end = _END.pack(0x06054B50, 0, 0, len(directory), len(directory), len(listing), offset, 0)
    return b"".join([*body, listing, end])


# a stored part's local header, its central directory entry and the end of the directory; a part
# of no particular time (DOS date 1980-01-01, 00:00)
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_DOS_1980 = 0x21


def _repacked_zip64(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


# ---- worksheets: the rectangle calamine will allocate ------------------------------------------
# Every pattern stops at the next "<" (no attribute holds one), so a malformed sheet costs one pass.
# a cell's start tag (<c followed by a space, > or /), with its reference when it names one
_CELL = re.compile(rb'<c(?=[\s>/])(?:[^<>]*?\br="([A-Z]{1,3})([0-9]{1,7})")?')
_MERGES = re.compile(rb"<((?:[\w.-]+:)?)mergeCells\b.*?</\1mergeCells>|<(?:[\w.-]+:)?mergeCells\b[^<>]*/>", re.S)
_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])([^<>]*)>")
_R = re.compile(rb'\sr="([^"]*)"')
_CELL_REF = re.compile(rb"\$?([A-Z]{1,3})\$?([0-9]{1,7})")
_PREFIXED_CELL = re.compile(rb":c ")  # (a pattern skips to each ":"; ``in`` stops at each of the sheet's spaces)
# every tag whose name starts with c but <col> and <cols>: a cell as Excel, WPS, LibreOffice and openpyxl
# write it (its reference, then its style and its type if it has them), else (b"", b"", b"")
_C_TAG = re.compile(rb'<c(?!ol)(?: r="([A-Z]{1,3})([0-9]{1,7})"(?: s="([0-9]+)"|)(?: t="[^"<]*"|)/?>|)')
Cell = tuple[bytes, bytes, bytes]  # column letters, row digits, style index (b"": none)
_COLUMN, _ROW, STYLE = itemgetter(0), itemgetter(1), itemgetter(2)

Extent = tuple[int, int, int, int]  # first row, last row, first column, last column (0-based); no cells: (0, -1, 0, -1)
EMPTY: Extent = (0, -1, 0, -1)


@cache  # (A to ZZZ at most: 18,278 keys)
def column_index(letters: bytes) -> int:
    """b"A" → 0, b"AA" → 26."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def area(extent: Extent) -> int:
    top, bottom, left, right = extent
    return max(0, bottom - top + 1) * max(0, right - left + 1)


def plain_cells(xml: bytes) -> tuple[list[Cell], Extent] | None:
    """Every cell of a sheet whose cells are all written plainly (``_C_TAG``) and their extent, from
    one regex pass that gives the number formats too; None when some cell is written otherwise (its
    reference not first, another attribute, a prefixed tag: ``sheet_extent`` then reads it), or the
    sheet has another tag named c… (rare: conditional formats)."""
    cells = _C_TAG.findall(xml)
    cols = set(map(_COLUMN, cells))
    if b"" in cols or _PREFIXED_CELL.search(xml):  # (an odd tag's column is b"")
        return None
    if not cells:
        return cells, EMPTY
    rows = list(map(int, set(map(_ROW, cells))))  # each row and column is converted once, not once for each of its cells
    cols = list(map(column_index, cols))
    return cells, (min(rows) - 1, max(rows) - 1, min(cols), max(cols))


def sheet_extent(xml: bytes) -> Extent | None:
    """The used rectangle of a sheet whose every cell names its reference (as Excel writes it),
    from one regex pass; None when some cell does not (then ``clamp_sheet`` walks the cells)."""
    refs = _CELL.findall(xml)
    if _PREFIXED_CELL.search(xml):
        return None
    if not refs:
        return EMPTY
    cols, rows = map(set, zip(*refs))  # each row and column is converted once, not once for each of its cells
    if b"" in rows:  # a cell without its reference
        return None
    rows = list(map(int, rows))
    cols = list(map(column_index, cols))
    return min(rows) - 1, max(rows) - 1, min(cols), max(cols)


def clamp_sheet(xml: bytes, max_rows: int, max_cols: int) -> tuple[bytes, Extent, int, str | None]:
    """The sheet without its cells beyond ``max_rows`` × ``max_cols``, each cell placed as calamine
    places it (by its reference, else after the cell or the row before it; a reference that is not
    one is dropped too) → (xml, the extent of the cells kept, how many were dropped, the first)."""
    row = col = -1
    top = left = 1 << 30
    bottom = right = -1
    dropped, first = 0, None
    pieces: list[bytes] = []
    pos, skip = 0, None  # skip: where a dropped cell began, until its end tag
    for m in _TAG.finditer(xml):
        closing, name, attrs = m.groups()
        if name == b"row":
            if not closing:
                ref = _R.search(attrs)
                row = int(ref.group(1)) - 1 if ref and ref.group(1).isdigit() else row + 1
                col = -1
            continue
        if closing:
            if skip is not None:
                pieces.append(xml[pos:skip])
                pos, skip = m.end(), None
            continue
        ref = _R.search(attrs)
        cell = _CELL_REF.fullmatch(ref.group(1)) if ref else None
        if cell:
            row, col = int(cell.group(2)) - 1, column_index(cell.group(1))
        else:
            col += 1
        if (ref and not cell) or row >= max_rows or col >= max_cols:
            dropped += 1
            first = first or (ref.group(1).decode("ascii", "replace") if ref else f"R{row + 1}C{col + 1}")
            if skip is None:
                if attrs.endswith(b"/"):
                    pieces.append(xml[pos:m.start()])
                    pos = m.end()
                else:
                    skip = m.start()
            continue
        top, bottom, left, right = min(top, row), max(bottom, row), min(left, col), max(right, col)
    pieces.append(xml[pos:skip])
    extent = (top, bottom, left, right) if bottom >= 0 else EMPTY
    return (b"".join(pieces) if dropped else xml), extent, dropped, first


_MERGE_CELL = re.compile(rb"mergeCell(?: |>|/>)")  # not mergeCells: one pass, not one for each ending


def merge_count(xml: bytes) -> int:
    return len(_MERGE_CELL.findall(xml))


def more_merges(xml: bytes, cells: int) -> bool:
    """More merged ranges than ``cells`` (a damaged or crafted sheet): the pattern counts them only
    when the word itself, which bytes.count finds in a quarter of the pattern's time, is there more often."""
    return xml.count(b"mergeCell") > cells and merge_count(xml) > cells


def without_merges(xml: bytes) -> bytes:
    """The sheet without its merged ranges: more of them than the sheet has cells is no table
    (python-calamine would list every one of them for Python)."""
    return _MERGES.sub(b"", xml)
