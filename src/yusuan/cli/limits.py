"""The reading limits on the command line: one ``--max-…`` option per field of
``read.limits.Limits``, shared by every command that reads files, and the reading itself done in
a worker process (``sandbox.py``), so that no file can take the command down."""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import fields
from pathlib import Path

import click

from ..read import UnreadableError, read_file
from ..read.limits import DEFAULT, NAMES, Limits
from ..model import Document
from ..sandbox import Failure, Workers

_FIELDS = tuple(f.name for f in fields(Limits))


def limit_options(command):
    """Add the ``--max-…`` options to a click command; it receives them as one ``limits``."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        kwargs["limits"] = Limits(**{name: kwargs.pop(name) for name in _FIELDS})
        return command(*args, **kwargs)

    for name in reversed(_FIELDS):
        zh, en, unit_zh, unit_en, option = NAMES[name]
        run = click.option(option, name, type=click.IntRange(min=1), default=getattr(DEFAULT, name),
                           show_default=True, help=f"{zh}上限（{unit_zh.strip() or '个'}）/ {en} limit")(run)
    return run


def read_one(task: tuple[str, Limits]) -> Document | UnreadableError:
    """In a worker: the file's Document, or the error that says why it cannot be read."""
    path, limits = task
    try:
        return read_file(path, limits)
    except UnreadableError as e:
        return e


def read_files(files: Iterable[str | Path], limits: Limits = DEFAULT) -> Iterator[tuple[str, Document | str]]:
    """(path, Document) for each readable file, (path, message) for the others, in order. Each
    file is read in a worker process (plain fork: the command is single-threaded here)."""
    with Workers(1, limits, fork=True) as workers:
        tasks = ((str(f), limits) for f in files)
        for (path, _), outcome in workers.map(read_one, tasks, what=lambda task: task[0]):
            if isinstance(outcome, Failure):
                yield path, outcome.message
            elif isinstance(outcome, UnreadableError):
                yield path, str(outcome)
            else:
                yield path, outcome
