"""Uploaded files: typed by their content, stored under generated names, ZIP archives opened
within limits, each file read and checked in a worker process (``yusuan.sandbox``), then removed
(what was read from it is in the store).

The name a browser sends is kept only to be shown; no part of it reaches the file system.
"""
from __future__ import annotations

import hashlib
import io
import re
import time
import uuid
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..read.limits import MB, Limits
from ..sandbox import Failure, Workers

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML = re.compile(rb"\s*(<!doctype html|<html|<head|<body|<table|<meta)", re.I)
EXTENSION = {"pdf": "pdf", "xlsx": "xlsx", "docx": "docx", "ole": "xls", "html": "html", "text": "txt"}
KIND_NAMES = {"pdf": "PDF", "xlsx": "Excel 工作簿", "docx": "Word 文档", "ole": "Excel/Word 97-2003 文件",
              "html": "网页", "text": "文本", "zip": "ZIP 压缩包"}


@dataclass(frozen=True)
class Received:
    """One file to read: its shown name, its bytes' type, and where it was stored (a generated name)."""
    original: str
    kind: str
    size: int
    stored_as: str | None = None
    refused: str | None = None  # why it was not stored (type, size, an archive's problem)


def sniff(data: bytes) -> str | None:
    """The file's type by its content: pdf, xlsx, docx, ole, zip, html, text; None: none read here."""
    head = data[:1024]
    if head.lstrip().startswith(b"%PDF"):
        return "pdf"
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "[Content_Types].xml" in names:
            return "xlsx" if any(n.startswith("xl/") for n in names) else "docx" if any(
                n.startswith("word/") for n in names) else None
        return "zip"
    if data.startswith(_OLE):
        return "ole"
    if _HTML.match(data[:512]):
        return "html"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "text"
    if b"\x00" in data[:4096]:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
            return "text"
        except UnicodeDecodeError:
            continue
    return None


def shown_name(name: str | None) -> str:
    """A browser's file name, for display only: its last part, without control characters, at most
    200 characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:200] or "未命名文件"


class Inbox:
    """Where uploads are kept while they are read: ``directory``, each file under a fresh random name;
    removed once read (``remove``), and any left behind (a server stopped while reading) once older
    than ``max_age`` seconds (``sweep``)."""

    def __init__(self, directory: Path, max_file_mb: int, max_files: int, max_age: float = 24 * 3600):
        self.directory = Path(directory)
        self.max_file, self.max_files, self.max_age = max_file_mb * MB, max_files, max_age

    def store(self, original: str, data: bytes) -> list[Received]:
        """One uploaded file → the files to read (a ZIP archive gives its members)."""
        kind = sniff(data)
        if kind is None:
            return [Received(original, "", len(data), refused="不是可读取的文件类型（PDF、Excel、Word、网页或文本）")]
        if kind == "zip":
            return self._members(original, data)
        return [self._write(original, kind, data)]

    def _write(self, original: str, kind: str, data: bytes) -> Received:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"{uuid.uuid4().hex}.{EXTENSION[kind]}"
        with open(self.directory / name, "xb") as f:  # x: never overwrite
            f.write(data)
        return Received(original, kind, len(data), name)

    def _members(self, original: str, data: bytes) -> list[Received]:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            infos = [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")
                     and not shown_name(i.filename).startswith(".")]  # macOS's and hidden files
        except (zipfile.BadZipFile, ValueError, OSError) as e:
            return [Received(original, "zip", len(data), refused=f"压缩包无法打开：{e}")]
        if len(infos) > self.max_files:
            return [Received(original, "zip", len(data),
                             refused=f"压缩包中有 {len(infos)} 个文件，超过上限 {self.max_files} 个")]
        out = []
        for info in infos:
            shown = f"{original}/{shown_name(_member_name(info))}"
            if info.file_size > self.max_file:
                out.append(Received(shown, "", info.file_size, refused=_too_big(info.file_size, self.max_file)))
                continue
            try:
                with archive.open(info) as f:
                    member = f.read(self.max_file + 1)  # the declared size may lie: read no more than the cap
            except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, RuntimeError) as e:
                out.append(Received(shown, "", info.file_size, refused=f"无法解压：{e}"))
                continue
            if len(member) > self.max_file:
                out.append(Received(shown, "", len(member), refused=_too_big(len(member), self.max_file)))
                continue
            kind = sniff(member)
            if kind is None or kind == "zip":
                out.append(Received(shown, kind or "", len(member),
                                    refused="不是可读取的文件类型" if kind is None else "压缩包中的压缩包不予读取"))
                continue
            out.append(self._write(shown, kind, member))
        return out or [Received(original, "zip", len(data), refused="压缩包中没有文件")]

    def path(self, stored_as: str) -> Path:
        return self.directory / stored_as

    def remove(self, received: list[Received]) -> None:
        """Delete these stored files: their reports (or versions) are in the store."""
        for r in received:
            if r.stored_as:
                self.path(r.stored_as).unlink(missing_ok=True)
        self.sweep()

    def sweep(self) -> int:
        """Delete the files older than ``max_age`` (left by a server stopped while reading them) → how many."""
        cutoff, swept = time.time() - self.max_age, 0
        for p in self.directory.glob("*.*") if self.directory.is_dir() else ():
            try:
                if p.is_file() and p.stat().st_mtime < cutoff:
                    p.unlink()
                    swept += 1
            except FileNotFoundError:  # removed meanwhile by another server process
                pass
        return swept


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's name: ZIP files made on Chinese Windows name members in GBK without saying so."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _too_big(size: int, cap: int) -> str:
    return f"文件 {size / MB:.1f} MB，超过上限 {cap // MB} MB"


# ---- the worker side: read, check, render the report --------------------------------------------------

@dataclass(frozen=True)
class Reviewed:
    loaded: object  # store.Loaded
    report: str | None  # the check report's body (report_html), None when the file was unreadable


def review(task: tuple[str, str, str, Limits]) -> Reviewed:
    """Read and check one stored upload (in a worker process): its rows for the store and its report.
    Never raises for a problem of the file: an unreadable file is its R001."""
    path, original, stored_as, limits = task
    from ..batch import _r001
    from ..read import UnreadableError, read_file
    from ..report_html import render
    from ..rules import check
    from ..store import loaded, unreadable
    start = time.perf_counter()
    data = Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    where = f"upload:{stored_as}"
    try:
        doc = read_file(path, limits)
    except UnreadableError as e:
        message = str(e).replace(path, original)
        return Reviewed(unreadable(_r001(message, original), sha256=digest, file=original, path=where, size=len(data),
                                   seconds=time.perf_counter() - start), None)
    doc = replace(doc, file=original)
    report = check(doc)
    html = render(doc, report)
    body = html[html.index("<body>") + len("<body>"):html.rindex("</body>")]
    return Reviewed(loaded(doc, report, sha256=digest, path=where, size=len(data),
                           seconds=time.perf_counter() - start), body)


def review_all(tasks: list[tuple[str, str, str, Limits]], limits: Limits, jobs: int = 1):
    """Each task's Reviewed, or a Failure (time, memory, a crash), in order."""
    with Workers(jobs, limits) as workers:
        for task, outcome in workers.map(review, tasks, lambda task: task[1]):
            yield task, outcome


__all__ = ["Failure", "Inbox", "Received", "Reviewed", "review", "review_all", "shown_name", "sniff"]
