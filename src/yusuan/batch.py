"""Import a batch of files into the store: walk, hash, skip what is stored, read and check in
workers, store each file in its own transaction.

- **Idempotent**: a file whose content (sha256) is already stored is skipped before it is read,
  so a second run over the same files only hashes them.
- **Isolated**: ``load`` never raises. A file that cannot be read, and a file whose reader or
  checker failed unexpectedly, becomes a stored document with one R001 finding.
- **A worker dies** (killed, out of memory): the files it had in flight are read again one by one,
  so only a file that kills its worker again is stored as lost (R001); the rest goes on.
- **Resumable**: each file's rows are committed in one transaction, in the order of the paths
  (directories are walked in sorted order), so a run killed half-way and run again ends with the
  same rows, versions included, as a run that was never interrupted.
- **Flat memory**: paths are walked lazily and at most a few results per worker are in flight.
- **Executors**: ``local`` (``jobs`` processes; 1 = in this process) or a Dask distributed
  cluster (``dask://HOST:PORT``; the workers need ``pip install yusuan`` and the same paths).
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from .model import Source
from .store import Loaded, loaded, save, unreadable
from .store import schema as s

# what a directory walk picks up (a file named on the command line is always tried: the content
# decides its format). .doc is included so that a Word 97 file is reported, not silently passed over.
SUFFIXES = frozenset({".txt", ".tsv", ".pdf", ".xlsx", ".xlsm", ".xls", ".xlsb", ".docx", ".doc"})
_CHUNK = 256  # hashes looked up in the store at once


# ---- the worker side ------------------------------------------------------------------------

def _r001(message: str, path: str) -> object:
    from .ingest.problems import R001, problem
    return problem(R001, message, Source(file=path))


def load(path: str) -> Loaded:
    """Read and check one file → its rows. Never raises: every failure is the file's finding."""
    start = time.perf_counter()
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        digest = hashlib.sha256(f"unreadable:{path}".encode()).hexdigest()
        return unreadable(_r001(f"无法读取文件 / cannot read file: {path} ({e.strerror})", path), sha256=digest,
                          file=path, path=path, size=0, seconds=time.perf_counter() - start)
    digest, size = hashlib.sha256(raw).hexdigest(), len(raw)
    del raw
    try:
        from .ingest import UnreadableError, read_file
        from .rules import check
        try:
            doc = read_file(path)
        except UnreadableError as e:
            return unreadable(_r001(str(e), path), sha256=digest, file=path, path=path, size=size,
                              seconds=time.perf_counter() - start)
        report = check(doc)
        return loaded(doc, report, sha256=digest, path=path, size=size, seconds=time.perf_counter() - start)
    except Exception as e:  # a reader or checker bug: this file's finding, never the batch's crash
        message = f"读取或检查时出错 / failed to read or check {path}: {type(e).__name__}: {e}"
        return unreadable(_r001(message, path), sha256=digest, file=path, path=path, size=size,
                          seconds=time.perf_counter() - start)


# ---- walking and hashing --------------------------------------------------------------------

def walk(paths: Iterable[str | os.PathLike]) -> Iterator[str]:
    """Every file to import, lazily: named files as given, directories recursively in sorted order
    (hidden files and directories, and files of other suffixes, are passed over)."""
    for p in paths:
        p = Path(p)
        if not p.is_dir():
            yield str(p)
            continue
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                    yield os.path.join(root, name)


def sha256_file(path: str) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _chunks(items: Iterable, n: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def new_files(engine: Engine, paths: Iterable[str], skipped: Callable[[str], None]) -> Iterator[str]:
    """The paths whose content is not stored yet (``skipped(path)`` is called for the others)."""
    for chunk in _chunks(paths, _CHUNK):
        hashes = [(p, sha256_file(p)) for p in chunk]
        with engine.connect() as conn:
            known = set(conn.execute(select(s.documents.c.sha256).where(
                s.documents.c.sha256.in_([h for _, h in hashes if h]))).scalars())
        for p, h in hashes:
            if h in known:
                skipped(p)
            else:
                yield p


# ---- executors: paths → Loaded, in the order of the paths, a bounded number in flight ----------

def _ordered(submit: Callable, paths: Iterable[str], window: int, failed: Callable) -> Iterator[Loaded]:
    pending: deque = deque()

    def take():
        path, future = pending.popleft()
        try:
            return future.result()
        except Exception as e:  # the worker died (killed, out of memory): the file's finding
            return failed(path, e)

    for path in paths:
        pending.append((path, submit(path)))
        if len(pending) >= window:
            yield take()
    while pending:
        yield take()


def _lost(path: str, e: Exception) -> Loaded:
    message = f"处理该文件的进程意外退出 / the worker reading this file died: {type(e).__name__}: {e}"
    return unreadable(_r001(message, path), sha256=sha256_file(path) or hashlib.sha256(path.encode()).hexdigest(),
                      file=path, path=path, size=0, seconds=0.0)


def local(jobs: int = 1) -> Callable[[Iterable[str]], Iterator[Loaded]]:
    """Read in this process (``jobs`` = 1) or in a pool of ``jobs`` worker processes."""
    def run(paths: Iterable[str]) -> Iterator[Loaded]:
        if jobs <= 1:
            yield from map(load, paths)
            return
        ctx = multiprocessing.get_context("forkserver")  # workers forked from a clean, single-threaded server
        ctx.set_forkserver_preload(["yusuan.batch", "yusuan.ingest", "yusuan.rules"])
        yield from _pooled(iter(paths), jobs, ctx)
    return run


def _pooled(paths: Iterator[str], jobs: int, ctx) -> Iterator[Loaded]:
    """A pool whose worker dies (killed, out of memory, a crash in a C library) breaks with every
    file in flight, and which of them killed it is unknown: each is read again alone, in a pool of
    its own, so only a file that kills its worker again is recorded as lost; then a new pool goes on."""
    pool = ProcessPoolExecutor(jobs, mp_context=ctx)
    pending: deque = deque()

    def submit(path: str) -> Future:
        try:
            return pool.submit(load, path)
        except BrokenProcessPool as e:  # broke since the last result: this file is in flight too
            future = Future()
            future.set_exception(e)
            return future

    try:
        while True:
            while len(pending) < jobs * 4 and (path := next(paths, None)) is not None:
                pending.append((path, submit(path)))
            if not pending:
                return
            path, future = pending.popleft()
            try:
                yield future.result()
            except BrokenProcessPool:
                suspects = [path, *(p for p, _ in pending)]
                pending.clear()
                pool.shutdown(cancel_futures=True)
                yield from (_alone(p, ctx) for p in suspects)
                pool = ProcessPoolExecutor(jobs, mp_context=ctx)
            except Exception as e:  # e.g. a result that cannot be sent back
                yield _lost(path, e)
    finally:
        pool.shutdown(cancel_futures=True)


def _alone(path: str, ctx) -> Loaded:
    with ProcessPoolExecutor(1, mp_context=ctx) as pool:
        try:
            return pool.submit(load, path).result()
        except Exception as e:  # it killed its worker again: the file's finding
            return _lost(path, e)


def dask(address: str) -> Callable[[Iterable[str]], Iterator[Loaded]]:
    """Read on a Dask distributed cluster (``dask://HOST:PORT`` or ``tcp://HOST:PORT``)."""
    def run(paths: Iterable[str]) -> Iterator[Loaded]:
        from distributed import Client
        target = "tcp://" + address.split("://", 1)[1] if address.startswith("dask://") else address
        with Client(target, set_as_default=False) as client:
            threads = sum(client.nthreads().values()) or 1
            yield from _ordered(lambda p: client.submit(load, p, pure=False), paths, threads * 4, _lost)
    return run


def executor(spec: str = "local", jobs: int = 1):
    return dask(spec) if spec.startswith(("dask://", "tcp://")) else local(jobs)


# ---- the batch ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Summary:
    files: int  # files found
    stored: int  # new documents stored (readable or not)
    skipped: int  # already stored (same content)
    unreadable: int  # stored with an R001 finding
    budgets: int  # readable documents stored
    errors: tuple[tuple[str, int], ...]  # error-severity findings of the stored files, by code
    seconds: float

    def text(self) -> str:
        rate = self.files / self.seconds if self.seconds else 0.0
        lines = [f"文件 {self.files} 个：新存入 {self.stored}，已存在跳过 {self.skipped}，无法读取 {self.unreadable}；"
                 f"预算 {self.budgets} 份；用时 {self.seconds:.1f} 秒（{rate:.1f} 个/秒）"]
        if self.errors:  # each code with its title: a bare code means nothing to most readers
            from .rules import BY_CODE
            lines.append("错误（按规则）：")
            lines += [f"  {c} ×{n}  {BY_CODE[c].title if c in BY_CODE else ''}".rstrip() for c, n in self.errors]
        return "\n".join(lines)


@dataclass
class _Tally:
    done: int = 0
    stored: int = 0
    skipped: int = 0
    unreadable: int = 0
    budgets: int = 0
    errors: Counter = field(default_factory=Counter)


def _store(engine: Engine, item: Loaded) -> bool:
    try:
        with engine.begin() as conn:
            return save(conn, item) is not None
    except IntegrityError:  # stored meanwhile by another import of the same content
        return False


def run(paths: Iterable[str | os.PathLike], engine: Engine, *, jobs: int = 1, executor_spec: str = "local",
        progress: bool = True, after_each: Callable[[Loaded, bool], None] | None = None) -> Summary:
    """Import every file under ``paths`` into ``engine``'s store; → the summary."""
    paths = list(paths)
    start = time.perf_counter()
    total = sum(1 for _ in walk(paths))
    tally = _Tally()
    bar = _Bar(total) if progress else None

    def skipped(_path):
        tally.done += 1
        tally.skipped += 1
        if bar:
            bar.update(tally)

    try:
        for item in executor(executor_spec, jobs)(new_files(engine, walk(paths), skipped)):
            is_new = _store(engine, item)
            tally.done += 1
            if is_new:
                tally.stored += 1
                if item.status == "read":
                    tally.budgets += 1
                else:
                    tally.unreadable += 1
                tally.errors.update(f["code"] for f in item.findings if f["severity"] == "error")
            else:
                tally.skipped += 1
            if after_each:
                after_each(item, is_new)
            if bar:
                bar.update(tally)
    finally:
        if bar:
            bar.close()
    return Summary(files=total, stored=tally.stored, skipped=tally.skipped, unreadable=tally.unreadable,
                   budgets=tally.budgets, errors=tuple(sorted(tally.errors.items(), key=lambda x: (-x[1], x[0]))),
                   seconds=time.perf_counter() - start)


class _Bar:
    """The rich progress bar on stderr: files done, files/s, unreadable files and errors so far."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
        self.start = time.perf_counter()
        self.progress = Progress(TextColumn("导入"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]:.1f} 个/秒"), TimeElapsedColumn(),
                                 TextColumn("无法读取 {task.fields[unreadable]}  错误 {task.fields[errors]}"),
                                 console=Console(stderr=True))
        self.task = self.progress.add_task("import", total=total, rate=0.0, unreadable=0, errors=0)
        self.progress.start()

    def update(self, tally: _Tally) -> None:
        elapsed = time.perf_counter() - self.start
        self.progress.update(self.task, completed=tally.done, rate=tally.done / elapsed if elapsed else 0.0,
                             unreadable=tally.unreadable, errors=sum(tally.errors.values()))

    def close(self) -> None:
        self.progress.stop()
