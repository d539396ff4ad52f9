"""What one file may cost to read: the limits, their defaults and the message when one is hit.

A disclosure is a few MB; a file far beyond these limits is damaged or hostile (a ZIP bomb, a
sheet whose one cell sits at XFD1048576, 20,000 pages sharing one content stream). Each limit
is checked before the work it bounds, so a hostile file costs little time and memory:

* ``file_mb``: the file's size, from ``stat`` before it is read;
* ``text_mb``: a text file's size, and the text a PDF gives (characters counted page by page);
* ``unzipped_mb`` and ``ratio``: an Office package's parts, inflated (their sizes in the ZIP
  directory first, then the bytes actually inflated, before any parser sees them), and each
  part's inflated size against its compressed size (parts under ``RATIO_GRACE`` are exempt:
  small runs of spaces compress that well);
* ``sheet_rows`` and ``sheet_columns``: a worksheet's cells beyond them are dropped before
  python-calamine is called (reported as R011), and merged ranges are clamped to the cells read;
* ``cells``: the cells of a workbook's visible sheets, their used areas added up;
* ``pages``: a PDF's pages, counted before any page is read;
* ``seconds`` and ``memory_mb``: a file's wall-clock (and CPU) time, and what a worker's address
  space may grow by, enforced by the worker process that reads it (``yusuan.sandbox``), not here.

``Limits`` is the library's setting (``read_file(path, limits)``); the CLI's ``--max-…`` options
set its fields. A limit hit is a ``LimitError`` (an ``UnreadableError``: the file's R001, exit 2)
whose message names the limit and the option that raises it, in Chinese and English.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import LimitError, UnreadableError

MB = 1 << 20
RATIO_GRACE = 1 * MB  # parts smaller than this inflated are not held to the ratio


@dataclass(frozen=True)
class Limits:
    file_mb: int = 256
    text_mb: int = 32
    unzipped_mb: int = 128
    ratio: int = 200
    sheet_rows: int = 100_000
    sheet_columns: int = 1_000
    cells: int = 2_000_000
    pages: int = 1_000
    seconds: int = 120
    memory_mb: int = 2048

    def __post_init__(self):
        for f in fields(self):
            if not isinstance(getattr(self, f.name), int) or getattr(self, f.name) < 1:
                raise ValueError(f"{f.name} must be a positive whole number, not {getattr(self, f.name)!r}")


DEFAULT = Limits()

# field → (its name in Chinese, in English, its unit in Chinese, in English, the CLI option)
NAMES = {
    "file_mb": ("文件大小", "file size", " MB", " MB", "--max-file-mb"),
    "text_mb": ("文本大小", "text size", " MB", " MB", "--max-text-mb"),
    "unzipped_mb": ("解压后大小", "unzipped size", " MB", " MB", "--max-unzipped-mb"),
    "ratio": ("压缩比", "compression ratio", " 倍", ":1", "--max-ratio"),
    "sheet_rows": ("工作表行数", "worksheet rows", " 行", " rows", "--max-sheet-rows"),
    "sheet_columns": ("工作表列数", "worksheet columns", " 列", " columns", "--max-sheet-columns"),
    "cells": ("工作簿单元格数", "cells per workbook", " 个", " cells", "--max-cells"),
    "pages": ("PDF 页数", "PDF pages", " 页", " pages", "--max-pages"),
    "seconds": ("读取时间", "reading time", " 秒", " s", "--max-seconds"),
    "memory_mb": ("内存", "memory", " MB", " MB", "--max-memory-mb"),
}


def exceeded(file: str, name: str, limits: Limits, found_zh: str = "", found_en: str = "") -> str:
    """The message for a file beyond a limit: which limit, what was found, what to do."""
    zh, en, unit_zh, unit_en, option = NAMES[name]
    value = getattr(limits, name)
    found_zh = f"（{found_zh}）" if found_zh else ""
    found_en = f" ({found_en})" if found_en else ""
    return (f"{zh}超过上限 {value:,}{unit_zh}（{option}）{found_zh}，未读取；文件可能已损坏或是恶意构造的，"
            f"确属正常文件时可用 {option} 提高上限 / exceeds the {en} limit of {value:,}{unit_en} ({option})"
            f"{found_en}, not read: the file may be damaged or crafted; if it is genuine, raise the limit "
            f"with {option}: {file}")


def pdf_characters(limits: Limits) -> int:
    """The characters a PDF may give: a quarter of ``text_mb`` in characters (a CJK character is
    three bytes of UTF-8, and each is held with its box while its page is read)."""
    return limits.text_mb * MB // 4


def megabytes(n: int) -> str:
    return f"{n / MB:,.1f} MB"


def limit_error(file: str, name: str, limits: Limits, found_zh: str = "", found_en: str = "") -> LimitError:
    return LimitError(exceeded(file, name, limits, found_zh, found_en), name)


def open_regular(path: str | os.PathLike):
    """A regular file opened for reading, or UnreadableError: a FIFO, a device or a directory is
    refused without waiting on it (opened non-blocking: a FIFO without a writer would block)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as e:
        raise UnreadableError(f"无法读取文件 / cannot read file: {path} ({e.strerror})") from e
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UnreadableError(f"不是普通文件（目录、管道、设备或套接字），未读取 / not a regular file (a directory, "
                              f"FIFO, device or socket), not read: {path}")
    return os.fdopen(fd, "rb")


def read_bytes(path: Path, limits: Limits) -> bytes:
    """A regular file's bytes (``open_regular``), its size checked before it is read."""
    cap = limits.file_mb * MB
    with open_regular(path) as f:
        size = os.fstat(f.fileno()).st_size
        if size > cap:
            raise limit_error(str(path), "file_mb", limits, megabytes(size), megabytes(size))
        try:
            raw = f.read(size + 1)  # (not cap + 1: a buffer the cap's size would be set aside for every file)
            if len(raw) > size:  # it grows as it is read (or says no size, as /proc does): the rest, to the cap
                raw += f.read(cap + 1 - len(raw))
        except OSError as e:
            raise UnreadableError(f"无法读取文件 / cannot read file: {path} ({e.strerror})") from e
    if len(raw) > cap:  # it grew after fstat
        raise limit_error(str(path), "file_mb", limits, f"> {megabytes(cap)}", f"> {megabytes(cap)}")
    return raw
