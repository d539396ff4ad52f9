"""Worker processes for work that may crash, run away or outlive its caller: reading files.

A hostile file can make native code abort (a Rust allocation failure cannot be caught), spin or
eat memory. ``Workers`` runs each task in one of ``jobs`` worker processes under the limits:

* each worker's address space may grow by ``memory_mb`` beyond what it holds when it starts
  (RLIMIT_AS; Python raises MemoryError, native code aborts), and each task's CPU time is capped
  (``seconds``: RLIMIT_CPU, moved on per task);
* each task has a wall-clock deadline (``seconds``): a worker past it is killed;
* a worker that dies (abort, kill, out of memory) costs only its own task: the task is tried
  once more in a new worker (the kill may have been the machine's, e.g. the OOM killer's, not the
  task's), and a task that kills its worker again, or overruns its time, comes back as a
  ``Failure`` saying why; a new worker takes the dead one's place;
* a worker ends when its owner does, even killed with ``kill -9`` (it watches the owner's pidfd),
  so no worker, fork server or resource tracker outlives the command that started them.

Workers are forked from multiprocessing's fork server (clean and single-threaded, the readers
preloaded), so they can be started from any thread: a batch with its progress bar and its
database, a web server's upload handler. A caller that is single-threaded and holds nothing a
child must not inherit (the CLI's read, facts and check) may ask for plain ``fork``: no server to
start, nothing imported twice. Results come back in the order of the tasks, with a bounded number
in flight. ``run_isolated`` runs one call this way.

Where processes cannot be started (inside a daemonic process, e.g. a Dask worker), ``Workers``
runs tasks in the calling process: the readers' own limits (``read/limits.py``) still hold, and
the cluster's own memory limit and worker restarts take the place of this isolation.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import resource
import select
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait

from .read.limits import DEFAULT, MB, Limits, exceeded

PRELOAD = ["yusuan.batch", "yusuan.read", "yusuan.rules"]


@dataclass(frozen=True)
class Failure:
    """Why a task gave no result: ``reason`` is time, memory, cpu, died or error; ``message``
    says it in Chinese and English."""

    reason: str
    message: str


def failure_message(reason: str, what: str, limits: Limits, detail: str = "") -> str:
    """A task's failure, for the file (or task) ``what``; ``detail``: the exception (error) or the
    signal's name (died)."""
    if reason == "time":
        return exceeded(what, "seconds", limits)
    if reason == "memory":
        return exceeded(what, "memory_mb", limits)
    if reason == "cpu":
        return exceeded(what, "seconds", limits, "CPU 时间", "CPU time")
    if reason == "died":
        zh, en = (f"{detail}，本机原生代码中止，常见于内存不足", f"{detail}: native code aborted, often out of memory") \
            if detail == "SIGABRT" else (detail, detail)
        return (f"读取该文件的进程异常退出（{zh}），可能是文件损坏或恶意构造，或读取程序的缺陷；其他文件照常处理 / "
                f"the process reading this file died ({en}): a damaged or crafted file, or a reader bug; "
                f"the other files go on: {what}")
    return f"读取或检查时出错 / failed to read or check {what}: {detail}"


# ---- the worker side -------------------------------------------------------------------------

def _die_with(owner: int) -> None:
    """End this process as soon as ``owner`` ends (its pidfd becomes readable), from a thread
    that only waits: a worker busy in native code ends too."""
    try:
        fd = os.pidfd_open(owner)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # no pidfd (old kernel): poll instead
        fd = None

    def watch() -> None:
        if fd is not None:
            select.select([fd], [], [])
        else:
            while os.getppid() != 1 and _alive(owner):
                time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="owner-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _address_space() -> int:
    """This process's virtual memory size in bytes."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * resource.getpagesize()


def _worker(conn, owner: int, memory: int, seconds: int) -> None:
    _die_with(owner)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the owner's to handle
    os.environ["RUST_BACKTRACE"] = "0"  # an abort in Rust code says one line, not a page of frames
    cap = _address_space() + memory  # beyond what it holds already (a forked worker holds its owner's)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    _, hard_cpu = resource.getrlimit(resource.RLIMIT_CPU)
    gc.freeze()  # what it holds from its fork server (the preloaded modules): never garbage, never walked again
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        fn, arg = task
        used = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(used.ru_utime + used.ru_stime) + seconds + 1
        resource.setrlimit(resource.RLIMIT_CPU, (soft if hard_cpu == resource.RLIM_INFINITY else min(soft, hard_cpu),
                                                 hard_cpu))
        try:
            result = ("ok", fn(arg))
        except MemoryError:
            result = ("memory", "")
        except BaseException as e:  # noqa: BLE001 - every failure is the task's, never the worker's
            result = ("error", f"{type(e).__name__}: {e}")
        try:
            conn.send(result)
        except MemoryError:
            conn.send(("memory", ""))
        except Exception as e:  # a result that cannot be pickled
            conn.send(("error", f"{type(e).__name__}: {e}"))


# ---- the owner side --------------------------------------------------------------------------

class _Worker:
    def __init__(self, ctx, limits: Limits):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker, args=(child, os.getpid(), limits.memory_mb * MB, limits.seconds),
                                   daemon=True, name="yusuan-worker")
        self.process.start()
        child.close()
        self.task = None  # while busy: [item, outcome, how many workers it killed]
        self.deadline = 0.0

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def _can_start_processes() -> bool:
    return not multiprocessing.current_process().daemon


_PENDING = object()


class Workers:
    """``jobs`` worker processes under ``limits`` (see the module). Use as a context manager."""

    def __init__(self, jobs: int = 1, limits: Limits = DEFAULT, *, fork: bool = False, preload: list[str] = PRELOAD):
        self.jobs, self.limits = max(1, jobs), limits
        self.inline = not _can_start_processes()
        self.ctx = None
        self.idle: list[_Worker] = []
        self.busy: list[_Worker] = []
        if not self.inline:
            self.ctx = multiprocessing.get_context("fork" if fork else "forkserver")
            if not fork:
                self.ctx.set_forkserver_preload(preload)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for w in self.idle:
            try:
                w.conn.send(None)
            except OSError:
                pass
        for w in self.idle:
            w.process.join(timeout=5)
            w.kill()
        for w in self.busy:
            w.kill()
        self.idle, self.busy = [], []

    def map(self, fn: Callable, items: Iterable, what: Callable[[object], str] = str) -> Iterator[tuple[object, object]]:
        """(item, fn(item) or a Failure) for each item, in order. ``fn`` must be importable by the
        workers (a module-level function); ``what(item)`` names the item in failure messages."""
        if self.inline:
            for item in items:
                try:
                    yield item, fn(item)
                except MemoryError:
                    yield item, Failure("memory", failure_message("memory", what(item), self.limits))
                except Exception as e:  # noqa: BLE001
                    yield item, Failure("error", failure_message("error", what(item), self.limits,
                                                                 f"{type(e).__name__}: {e}"))
            return
        items = iter(items)
        order: deque = deque()  # [item, outcome], in the order of the items
        window = self.jobs * 4
        exhausted = False
        while True:
            while not exhausted and len(order) < window and len(self.busy) < self.jobs:
                item = next(items, _PENDING)
                if item is _PENDING:
                    exhausted = True
                    break
                entry = [item, _PENDING, 0]  # the item, its outcome, the workers it killed
                order.append(entry)
                self._start(fn, entry)
            while order and order[0][1] is not _PENDING:
                item, outcome, _ = order.popleft()
                yield item, outcome
            if not self.busy:
                if exhausted and not order:
                    return
                continue
            self._collect(fn, what)

    def _start(self, fn: Callable, entry: list) -> None:
        w = self.idle.pop() if self.idle else _Worker(self.ctx, self.limits)
        try:
            w.conn.send((fn, entry[0]))
        except (OSError, ValueError):  # it died while idle: a new one
            w.kill()
            w = _Worker(self.ctx, self.limits)
            w.conn.send((fn, entry[0]))
        w.task, w.deadline = entry, time.monotonic() + self.limits.seconds
        self.busy.append(w)

    def _collect(self, fn: Callable, what: Callable[[object], str]) -> None:
        """Wait for a result, a death or a deadline; settle what happened."""
        timeout = max(0.0, min(w.deadline for w in self.busy) - time.monotonic())
        ready = set(wait([w.conn for w in self.busy] + [w.process.sentinel for w in self.busy], timeout))
        now = time.monotonic()
        for w in list(self.busy):
            entry = w.task
            if w.conn in ready or w.process.sentinel in ready:
                try:
                    kind, value = w.conn.recv()
                except (EOFError, OSError):
                    w.process.join(timeout=5)
                    failure = self._death(w, what(entry[0]))
                    self._lost(w, failure)
                    entry[2] += 1
                    if failure.reason == "died" and entry[2] < 2:  # once more, in a new worker
                        entry[1] = _PENDING
                        self._start(fn, entry)
                    continue
                if kind == "ok":
                    entry[1] = value
                else:
                    entry[1] = Failure(kind, failure_message(kind, what(entry[0]), self.limits, value))
                self.busy.remove(w)
                w.task = None
                self.idle.append(w)
            elif now >= w.deadline:
                self._lost(w, Failure("time", failure_message("time", what(entry[0]), self.limits)))

    def _death(self, w: _Worker, what: str) -> Failure:
        code = w.process.exitcode
        if code is not None and code < 0:
            sig = -code
            if sig == signal.SIGXCPU:
                return Failure("cpu", failure_message("cpu", what, self.limits))
            try:
                name = signal.Signals(sig).name
            except ValueError:
                name = f"signal {sig}"
            return Failure("died", failure_message("died", what, self.limits, name))
        return Failure("died", failure_message("died", what, self.limits, f"exit code {code}"))

    def _lost(self, w: _Worker, failure: Failure) -> None:
        w.task[1] = failure
        self.busy.remove(w)
        w.kill()


def run_isolated(fn: Callable, arg, limits: Limits = DEFAULT, what: str | None = None):
    """``fn(arg)`` in a worker process under ``limits`` → its result or a Failure (e.g. a web
    upload worker reading one uploaded file)."""
    with Workers(1, limits) as workers:
        return next(workers.map(fn, [arg], (lambda _: what) if what else str))[1]
