"""``@record``: a frozen dataclass that is quick to make.

A frozen dataclass's generated ``__init__`` sets each field through ``object.__setattr__``: 2.5 µs
for an eight-field Source, and a document builds thousands of records (every row, cell and source
is made by the reader, then again when the sources are moved to their pages or cells). This
``__init__`` writes the new instance's ``__dict__`` at once instead (0.7 µs). Nothing else changes:
the record is as frozen, compared, hashed, printed, replaced and pickled as before.
"""
from __future__ import annotations

from dataclasses import MISSING, dataclass, fields


def record(cls):
    cls = dataclass(frozen=True)(cls)
    params = fields(cls)
    if hasattr(cls, "__post_init__") or any(f.default_factory is not MISSING or not f.init or f.kw_only
                                             for f in params):
        return cls  # the generated __init__ knows these; no record here needs them
    defaults = {f"_default_{f.name}": f.default for f in params if f.default is not MISSING}
    signature = ", ".join(f.name if f.default is MISSING else f"{f.name}=_default_{f.name}" for f in params)
    values = ", ".join(f"{f.name!r}: {f.name}" for f in params)
    namespace: dict = {}
    exec(f"def __init__(self, {signature}):\n    self.__dict__.update({{{values}}})", defaults, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init
    return cls


def changed(record, changes: dict):
    """A copy of ``record`` with ``changes`` (field → value), made without the keyword ``__init__``:
    its fields' dict copied and updated (a reader copies every source and cell of a document). Only for a
    record whose ``__dict__`` holds its fields alone (not a Row, Table or Document, which may keep an
    index beside them); the names are not checked here (``Source.at`` and ``read.document._with`` do)."""
    state = record.__dict__.copy()
    state.update(changes)
    out = _new(record.__class__)
    _set(out, "__dict__", state)
    return out


def made(cls, fields: dict):
    """A record of ``cls`` whose fields are ``fields`` (every one, in the class's order), made without
    its ``__init__``, whose type call costs as much again: for a reader's rows and cells. As ``changed``,
    only for a record whose ``__dict__`` holds its fields alone (a Row's index is made when first asked)."""
    out = _new(cls)
    _set(out, "__dict__", fields)
    return out


_new, _set = object.__new__, object.__setattr__
