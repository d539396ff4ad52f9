"""Import a batch of files into the store: walk, hash, skip what is stored, read and check in
workers, store the files in groups (one transaction and a few bulk statements per group).

- **Idempotent**: a file whose content (sha256) is already stored is skipped before it is read,
  so a second run over the same files only hashes them.
- **Isolated**: ``load`` never raises. A file that cannot be read, that goes beyond a reading limit
  (``read/limits.py``), and a file whose reader or checker failed unexpectedly, becomes a stored
  document with one R001 finding. Files are read in worker processes (``sandbox.py``; with
  ``jobs`` = 1 too) under memory and CPU-time limits and a wall-clock deadline per file: a file that
  aborts, overruns or exhausts its worker is that file's R001, and a new worker goes on.
- **A store error** (a value the database refuses) is that file's R001 too; the batch goes on: a
  group the database refuses is stored again file by file, each in its own transaction.
- **Walking**: FIFOs, devices and sockets are skipped, and so are links that lead out of the
  folder given (a link to a directory is not followed: its target, when inside the folder, is
  walked as itself); each is said once through ``note``.
- **Resumable**: files are stored in groups (``GROUP`` files, or what came in ``GROUP_SECONDS``),
  each group in one transaction, in the order of the paths (directories are walked in sorted
  order), so a run killed half-way and run again ends with the same rows, versions included, as a
  run that was never interrupted; it reads again at most the groups it had not stored. A thread
  of its own stores the groups while the workers read on.
- **Flat memory**: paths are walked lazily, at most a few results per worker are in flight and at
  most two groups wait to be stored.
- **Executors**: ``local`` (``jobs`` worker processes) or a Dask distributed cluster
  (``dask://HOST:PORT``; the workers need ``pip install yusuan`` and the same paths; there each
  task reads a group of ``DASK_GROUP`` files in the Dask worker, whose own memory limit and
  restarts stand for the isolation; a group whose worker died is read again file by file).
"""
from __future__ import annotations

import gc
import hashlib
import os
import queue
import stat
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from .read.limits import DEFAULT, Limits, open_regular
from .model import Source
from .sandbox import Failure, Workers, failure_message
from .store import Loaded, loaded, save, unreadable
from .store.bulk import save_many
from .store import schema as s

# what a directory walk picks up (a file named on the command line is always tried: the content
# decides its format). .doc is included so that a Word 97 file is reported, not silently passed over.
SUFFIXES = frozenset({".txt", ".tsv", ".pdf", ".xlsx", ".xlsm", ".xls", ".xlsb", ".docx", ".doc"})
_CHUNK = 256  # hashes looked up in the store at once
GROUP = 64  # files stored in one transaction, at most …
GROUP_SECONDS = 0.5  # … and no longer held back than this (what an interrupted import reads again; a group
# costs some ms of its own, in its queries and its pages: groups of 2 s cost ~1 ms a file less on a loaded machine,
# but a short import would then be stored in one or two groups, and a stop would lose all of it)
DASK_GROUP = 8  # files read in one Dask task
# Dask settings for the cluster of an import (docs/store.md): by default each worker samples its own stack
# every 10 ms (Dask's profiler) and its event loop checks itself every 20 ms, the scheduler too: with these
# off and once a second, a worker's other threads cost ~2% of its task's CPU instead of ~9%, the scheduler
# and nannies ~2% of a core instead of ~5% (issue 18). The system monitor (host CPU, memory, disk and
# network figures for the dashboard, sampled every 0.5 s in each process) every 2 s and no work stealing
# (an import's tasks have no dependencies and ``dask`` keeps only three a worker thread in flight: nothing
# to balance) leave an idle cluster of 2 workers ~2.4% of a core instead of ~3.1%. The memory monitor, the
# isolation, is left as it is (every 0.1 s: most of what an idle cluster still costs).
DASK_SETTINGS = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s",
                 "distributed.admin.system-monitor.interval": "2s", "distributed.scheduler.work-stealing": False}


# ---- the worker side ------------------------------------------------------------------------

def _r001(message: str, path: str) -> object:
    from .read.problems import R001, problem
    return problem(R001, message, Source(file=path))


def load(path: str, limits: Limits = DEFAULT) -> Loaded:
    """Read and check one file → its rows. Never raises: every failure is the file's finding.

    The cyclic collector is paused for the file and run once after it over what the file left
    (a few thousand objects the rules put in reference cycles): left on, it walked the document's
    tens of thousands of records again and again while they were alive (some 2–5% of a file's time)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load(path, limits)
    finally:
        if paused:
            gc.enable()
            gc.collect(0)


def _load(path: str, limits: Limits) -> Loaded:
    start = time.perf_counter()
    digest, size = file_digest(path)
    if digest is None:
        digest = hashlib.sha256(f"unreadable:{path}".encode()).hexdigest()
    try:
        from .read import UnreadableError, read_file
        from .rules import check
        try:
            doc = read_file(path, limits)
        except UnreadableError as e:
            return unreadable(_r001(str(e), path), sha256=digest, file=path, path=path, size=size,
                              seconds=time.perf_counter() - start)
        report = check(doc)
        item = loaded(doc, report, sha256=digest, path=path, size=size, seconds=time.perf_counter() - start)
        from .web.parts import read_parts
        return read_parts(doc, item)
    except MemoryError:
        return unreadable(_r001(failure_message("memory", path, limits), path), sha256=digest, file=path,
                          path=path, size=size, seconds=time.perf_counter() - start)
    except Exception as e:  # a reader or checker bug: this file's finding, never the batch's crash
        message = f"读取或检查时出错 / failed to read or check {path}: {type(e).__name__}: {e}"
        return unreadable(_r001(message, path), sha256=digest, file=path, path=path, size=size,
                          seconds=time.perf_counter() - start)


# ---- walking and hashing --------------------------------------------------------------------

def walk(paths: Iterable[str | os.PathLike], note: Callable[[str], None] | None = None) -> Iterator[str]:
    """Every file to import, lazily: named files as given, directories recursively in sorted order
    (hidden files and directories, and files of other suffixes, are passed over; FIFOs, devices,
    sockets and links out of the folder are skipped, each said through ``note``)."""
    for p in paths:
        p = Path(p)
        if not p.is_dir():
            yield str(p)
            continue
        inside = os.path.realpath(p)
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for d in dirs:
                if os.path.islink(os.path.join(root, d)) and note:
                    note(f"yusuan: 跳过指向目录的链接（不跟随） / a link to a directory, not followed: {os.path.join(root, d)}")
            for name in sorted(files):
                if name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
                    continue
                path = os.path.join(root, name)
                why = _passed_over(path, inside)
                if why is None:
                    yield path
                elif note:
                    note(f"yusuan: {why}: {path}")


def _passed_over(path: str, inside: str) -> str | None:
    """Why a file found in a folder is not read: a link out of the folder, or not a regular file."""
    if os.path.islink(path):
        target = os.path.realpath(path)
        if os.path.commonpath([target, inside]) != inside:
            return f"跳过指向所给目录以外的链接 / a link out of the folder given, skipped (→ {target})"
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        return f"无法读取，跳过 / cannot be read, skipped ({e.strerror})"
    if not stat.S_ISREG(mode):
        return "跳过非普通文件（管道、设备或套接字） / not a regular file (a FIFO, device or socket), skipped"
    return None


def file_digest(path: str) -> tuple[str | None, int]:
    """(sha256, size) of a regular file read in chunks; (None, 0) when it cannot be read."""
    h, size = hashlib.sha256(), 0
    try:
        with open_regular(path) as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
                size += len(chunk)
    except Exception:  # UnreadableError or OSError: the reader says why
        return None, 0
    return h.hexdigest(), size


def sha256_file(path: str) -> str | None:
    return file_digest(path)[0]


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

def load_group(paths: list[str], limits: Limits = DEFAULT) -> list[Loaded]:
    """``load`` for each path: one task for a group of files (a Dask task costs the scheduler and
    the network more than a file's reading does when each file is one)."""
    return [load(p, limits) for p in paths]


def _ordered(submit: Callable, paths: Iterable[str], window: int, failed: Callable,
             group: int = 1) -> Iterator[Loaded]:
    """``submit(paths)`` → a future of their Loaded, for groups of ``group`` paths, at most ``window``
    groups in flight. A group whose worker died is tried again file by file, so that the file that
    killed it is the only one lost (``failed(path, error)``)."""
    pending: deque = deque()

    def take():
        chunk, future = pending.popleft()
        try:
            return future.result()
        except Exception as e:  # the worker died (killed, out of memory)
            if len(chunk) == 1:
                return [failed(chunk[0], e)]
        out = []
        for path in chunk:
            try:
                out += submit([path]).result()
            except Exception as e:  # noqa: BLE001 - the file's finding
                out.append(failed(path, e))
        return out

    for chunk in _chunks(paths, group):
        pending.append((chunk, submit(chunk)))
        if len(pending) >= window:
            yield from take()
    while pending:
        yield from take()


def _lost(path: str, why: Exception | str) -> Loaded:
    message = why if isinstance(why, str) else (
        f"处理该文件的进程意外退出 / the worker reading this file died: {type(why).__name__}: {why}")
    return unreadable(_r001(message, path), sha256=sha256_file(path) or hashlib.sha256(path.encode()).hexdigest(),
                      file=path, path=path, size=0, seconds=0.0)


def local(jobs: int = 1, limits: Limits = DEFAULT) -> Callable[[Iterable[str]], Iterator[Loaded]]:
    """Read in ``jobs`` worker processes (``sandbox.Workers``) under ``limits``."""
    def run(paths: Iterable[str]) -> Iterator[Loaded]:
        with Workers(jobs, limits) as workers:
            for path, outcome in workers.map(partial(load, limits=limits), paths):
                yield _lost(path, outcome.message) if isinstance(outcome, Failure) else outcome
    return run


def dask(address: str, limits: Limits = DEFAULT) -> Callable[[Iterable[str]], Iterator[Loaded]]:
    """Read on a Dask distributed cluster (``dask://HOST:PORT`` or ``tcp://HOST:PORT``)."""
    def run(paths: Iterable[str]) -> Iterator[Loaded]:
        import dask.config
        from distributed import Client
        target = "tcp://" + address.split("://", 1)[1] if address.startswith("dask://") else address
        # results straight from the workers, not through the scheduler (which copies every byte once
        # more), unless the Dask configuration says the workers cannot be reached from here
        direct = dask.config.get("distributed.client.direct-to-workers", None)
        with Client(target, set_as_default=False, direct_to_workers=True if direct is None else direct) as client:
            threads = sum(client.nthreads().values()) or 1
            yield from _ordered(lambda chunk: client.submit(load_group, chunk, limits, pure=False), paths, threads * 3,
                                _lost, DASK_GROUP)
    return run


def executor(spec: str = "local", jobs: int = 1, limits: Limits = DEFAULT):
    return dask(spec, limits) if spec.startswith(("dask://", "tcp://")) else local(jobs, limits)


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
    passed_over: int = 0  # FIFOs, devices, sockets, links out of the folder and links to directories, not read

    def text(self) -> str:
        rate = self.files / self.seconds if self.seconds else 0.0
        lines = [f"文件 {self.files} 个：新存入 {self.stored}，已存在跳过 {self.skipped}，无法读取 {self.unreadable}；"
                 f"预算 {self.budgets} 份；用时 {self.seconds:.1f} 秒（{rate:.1f} 个/秒）"]
        if self.passed_over:
            lines.append(f"跳过的特殊文件和链接 {self.passed_over} 个")
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
    """Store one file's rows → whether they are new. Rows the database refuses become the file's
    R001 finding (the batch goes on); only a database that refuses that too stops the batch."""
    error: Exception | None = None
    for _ in range(2):  # a second time after another import stored the same unit meanwhile
        try:
            with engine.begin() as conn:
                return save(conn, item) is not None
        except IntegrityError as e:
            with engine.connect() as conn:
                if conn.execute(select(s.documents.c.id).where(s.documents.c.sha256 == item.sha256)).first():
                    return False  # stored meanwhile by another import of the same content
            error = e
        except Exception as e:  # noqa: BLE001 - a value the driver or the database refuses: this file's finding
            error = e
            break
    cause = getattr(error, "orig", None) or error
    reason = (str(cause).strip().splitlines() or [""])[0][:300]
    message = (f"存入数据库时出错，该文件的数据未入库 / the database refused this file's rows: {item.path}: "
               f"{type(cause).__name__}: {reason}")
    refused = unreadable(_r001(message, item.path), sha256=item.sha256, file=item.file, path=item.path, size=item.size,
                         seconds=item.seconds)
    with engine.begin() as conn:
        return save(conn, refused) is not None


def _keep_pages(engine: Engine, codes: set) -> None:
    """The public pages of the units just stored, made now (web/warm.py): no visitor waits for one."""
    from .web.warm import keep_pages
    keep_pages(engine, codes)


def _store_group(engine: Engine, items: list[Loaded]) -> list[bool]:
    """Store a group of files' rows in one transaction → whether each is new. When the database
    refuses the group, each file is stored on its own (``_store``): only a file whose rows are
    refused is that file's R001."""
    try:
        with engine.begin() as conn:
            return [doc_id is not None for doc_id in save_many(conn, items)]
    except Exception:  # noqa: BLE001 - a refused row or another import's unit: file by file, below
        return [_store(engine, item) for item in items]


def run(paths: Iterable[str | os.PathLike], engine: Engine, *, jobs: int = 1, executor_spec: str = "local",
        progress: bool = True, after_each: Callable[[Loaded, bool], None] | None = None,
        limits: Limits = DEFAULT, note: Callable[[str], None] | None = None) -> Summary:
    """Import every file under ``paths`` into ``engine``'s store; → the summary. ``note`` is told
    each file passed over (a FIFO, a link out of the folder)."""
    paths = list(paths)
    start = time.perf_counter()
    total = sum(1 for _ in walk(paths))
    tally = _Tally()
    bar = _Bar(total) if progress else None
    passed_over = 0

    def skipped(_path):
        with lock:
            tally.done += 1
            tally.skipped += 1
            if bar:
                bar.update(tally)

    def passed(message: str) -> None:
        nonlocal passed_over
        passed_over += 1
        if note:
            note(message)

    lock = threading.Lock()  # the tally: counted here (skipped files) and by the store thread

    def stored(group: list[Loaded]) -> None:
        outcomes = _store_group(engine, group)
        with lock:
            for item, is_new in zip(group, outcomes):
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
        _keep_pages(engine, {item.unit[0] for item, is_new in zip(group, outcomes) if is_new and item.status == "read"})

    storing = _Storing(stored)
    try:
        group: list[Loaded] = []
        started = 0.0
        for item in executor(executor_spec, jobs, limits)(new_files(engine, walk(paths, passed), skipped)):
            if not group:
                started = time.perf_counter()
            group.append(item)
            if len(group) >= GROUP or time.perf_counter() - started >= GROUP_SECONDS:
                storing.put(group)
                group = []
        if group:
            storing.put(group)
        storing.close()
    finally:
        storing.close()  # after an interruption: the group being stored is committed whole, or not at all
        if bar:
            bar.close()
    return Summary(files=total, stored=tally.stored, skipped=tally.skipped, unreadable=tally.unreadable,
                   budgets=tally.budgets, errors=tuple(sorted(tally.errors.items(), key=lambda x: (-x[1], x[0]))),
                   seconds=time.perf_counter() - start, passed_over=passed_over)


class _Storing:
    """Groups stored by a thread of their own, in the order they come: the workers read on while a
    group is written (they are given files only as results are taken: storing in the same thread
    left them idle for the time of each group's transaction). At most two groups wait."""

    def __init__(self, store: Callable[[list[Loaded]], None]):
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.told = False
        self.thread = threading.Thread(target=self._run, args=(store,), name="yusuan-store", daemon=True)
        self.thread.start()

    def _run(self, store) -> None:
        while (group := self.queue.get()) is not None:
            if self.error is None:
                try:
                    store(group)
                except BaseException as e:  # noqa: BLE001 - the database stopped: said in the main thread
                    self.error = e

    def put(self, group: list[Loaded]) -> None:
        self._raise()
        self.queue.put(group)

    def close(self) -> None:
        """Wait until every group given is stored; raise what stopped the storing."""
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        self._raise()

    def _raise(self) -> None:
        if self.error is not None and not self.told:  # once; the thread stores nothing after it
            self.told = True
            raise self.error


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
