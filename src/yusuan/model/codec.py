"""A Document as versioned JSON, and back, losslessly: ``document_from_json(document_json(d)) == d``.

The store keeps each read document in this form, so that a page, a render or a re-check can be made
from the store alone. This is not the ``read --format json`` contract (``serialize.py``), which is
made for people and drops what they do not need; this one keeps every field.

The codec is generic over the frozen records: it walks each dataclass's fields and their type hints,
so a field added to a record is kept with no change here, and JSON written before a field existed
loads with that field's default. Values by their hint:

- a record → an object of its fields (by name, so that the order of fields may change);
- ``Decimal`` → its exact text (``"2859.58"``, ``"1.00"``, ``"-0"``); ``UNREAD`` → ``"UNREAD"``;
- an enum → its value; a tuple, list or set → an array; ``X | None`` → null or X;
- where a hint does not say the type (a bare ``tuple``, ``Any``, a union of several records), the
  value says it: ``{"$c": "yusuan.report:Finding", …}``, ``{"$d": "1.5"}``, ``{"$e": …, "v": …}``,
  ``{"$t": [...]}`` for a tuple, ``{"$m": [[k, v], …]}`` for a dict.

``SCHEMA`` is the version of this layout (not of the records, whose changes need none): JSON of a
newer version than this code knows is refused with a clear message instead of being misread.
"""
from __future__ import annotations

import dataclasses
import enum
import importlib
import json
import types
import typing
from decimal import Decimal
from functools import lru_cache

import orjson

from .money import UNREAD, Unread
from .records import Document

SCHEMA = 1
_PACKAGE = "yusuan."  # "$c" and "$e" name classes of this package only


class CodecError(ValueError):
    """JSON that is not a document this code can load (a newer schema, a missing field)."""


def document_json(doc: Document) -> str:
    """The document as compact JSON text with its codec version."""
    return document_bytes(doc).decode("utf-8", "surrogatepass")


def document_bytes(doc: Document) -> bytes:
    """``document_json`` as UTF-8 (what the store keeps). orjson writes the same bytes as the standard
    library's compact JSON eight times faster (a package's 170 KB in 0.2 ms, not 1.9: a twentieth of
    an import's work on a file); a text orjson refuses, a lone surrogate a damaged file left in a
    string, is written by the standard library (the surrogate kept, as before)."""
    tree = {"schema": SCHEMA, "document": _codec(Document)[0](doc)}
    try:
        return orjson.dumps(tree)
    except orjson.JSONEncodeError:
        return json.dumps(tree, ensure_ascii=False, separators=(",", ":"),
                          check_circular=False).encode("utf-8", "surrogatepass")


def document_from_json(text: str | bytes) -> Document:
    """The Document that ``document_json`` wrote (any schema up to ``SCHEMA``)."""
    try:
        data = _loads(text)
    except ValueError as e:
        raise CodecError(f"not JSON: {e}") from e
    if not isinstance(data, dict) or "document" not in data:
        raise CodecError("not a yusuan document JSON (no \"document\")")
    version = data.get("schema")
    if not isinstance(version, int) or version > SCHEMA:
        raise CodecError(f"document JSON of schema {version!r}: this yusuan reads schema {SCHEMA} and older; "
                         "upgrade yusuan")
    try:
        return _codec(Document)[1](data["document"])
    except CodecError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError) as e:  # a value the records refuse
        raise CodecError(f"a document JSON of schema {version} that this yusuan cannot load: "
                         f"{type(e).__name__}: {e}") from e


def _loads(text: str | bytes):
    """JSON → values, by orjson (a stored package's JSON in a fifth of the time), else, for a text it
    refuses (a lone surrogate), by the standard library; both refuse what is not JSON (ValueError)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def record_codec(cls) -> tuple:
    """(encode, decode) between a record and JSON-ready values, by its fields and their hints."""
    return _codec(cls)


# ---- values whose hint says their type -----------------------------------------------------------

def _same(v):
    return v


def _decimal_out(v):
    return "UNREAD" if v.__class__ is Unread else str(v)


def _decimal_in(v):
    return UNREAD if v == "UNREAD" else Decimal(v)


@lru_cache(maxsize=None)
def _codec(hint) -> tuple:
    """(encode, decode) for values of type ``hint``, built once per type."""
    if hint in (str, int, bool, float, type(None)):
        return _same, _same
    if hint is Decimal:
        return _decimal_out, _decimal_in
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _union(args)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return (lambda v: v.value), hint
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record(hint)
    if origin in (tuple, list, set, frozenset) and args:
        make = tuple if origin is tuple else origin
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            parts = [_codec(a) for a in args]  # a fixed tuple: (str, Decimal)
            return (lambda v: [enc(x) for (enc, _), x in zip(parts, v)],
                    lambda v: tuple(dec(x) for (_, dec), x in zip(parts, v)))
        enc, dec = _codec(args[0])
        if enc is _same and dec is _same:
            return list, make
        return (lambda v: [enc(x) for x in v]), (lambda v: make(dec(x) for x in v))
    if origin is dict and args and args[0] is str:
        enc, dec = _codec(args[1])
        return (lambda v: {k: enc(x) for k, x in v.items()}), (lambda v: {k: dec(x) for k, x in v.items()})
    if origin is dict and args:
        (ke, kd), (ve, vd) = _codec(args[0]), _codec(args[1])
        return (lambda v: [[ke(k), ve(x)] for k, x in v.items()]), (lambda v: {kd(k): vd(x) for k, x in v})
    if hint in (tuple, list, set, frozenset) or origin in (tuple, list, set, frozenset):
        make = tuple if tuple in (hint, origin) else (origin or hint)
        return (lambda v: [_any_out(x) for x in v]), (lambda v: make(_any_in(x) for x in v))
    return _any_out, _any_in  # Any, object, dict without arguments …


def _union(args) -> tuple:
    arms = [a for a in args if a is not type(None)]
    if len(arms) == 1:  # X | None
        enc, dec = _codec(arms[0])
        if enc is _same and dec is _same:
            return _same, _same
        return (lambda v: None if v is None else enc(v)), (lambda v: None if v is None else dec(v))
    if all(a in (str, int, bool, float) for a in arms):
        return _same, _same  # JSON keeps these apart
    return _any_out, _any_in


def _record(cls) -> tuple:
    """A record's fields by name; their codecs are built on first use (a record may hold its own type)."""
    params = [f for f in dataclasses.fields(cls) if f.init]
    required = {f.name for f in params if f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING}
    built: list = []
    built_encode: list = []

    def fields():
        if not built:
            hints = typing.get_type_hints(cls)
            built.append([(f.name, *_codec(hints.get(f.name, typing.Any))) for f in params])
        return built[0]

    def encode(v):  # made on first use: a function written for this record's fields
        if not built_encode:
            built_encode.append(_encoder(cls, fields()))
        return built_encode[0](v)

    def decode(obj):
        missing = required.difference(obj)
        if missing:
            raise CodecError(f"{cls.__name__} without {', '.join(sorted(missing))}")
        return cls(**{n: (x if x is None or dec is _same else dec(x))
                      for n, _, dec in fields() if n in obj for x in (obj[n],)})

    return encode, decode


def _encoder(cls, fields: list) -> typing.Callable:
    """``encode`` for a record, written out field by field (a document has thousands of sources and
    cells: a loop over the fields with a test for each took most of a document's encoding time)."""
    direct = "__slots__" not in cls.__dict__ and all("__slots__" not in b.__dict__ for b in cls.__mro__[1:-1])
    env: dict = {}
    items = []
    for i, (name, enc, _) in enumerate(fields):
        get = f"d[{name!r}]" if direct else f"v.{name}"
        if enc is _same:
            items.append(f"{name!r}: {get}")
        else:
            env[f"e{i}"] = enc
            items.append(f"{name!r}: None if (x{i} := {get}) is None else e{i}(x{i})")
    head = "    d = v.__dict__\n" if direct else ""
    namespace: dict = {}
    exec(f"def encode(v):\n{head}    return {{{', '.join(items)}}}", env, namespace)
    return namespace["encode"]


# ---- values that say their own type ----------------------------------------------------------------

def _name(cls) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


@lru_cache(maxsize=None)
def _class(name: str):
    module, _, qualname = name.partition(":")
    if not module.startswith(_PACKAGE):
        raise CodecError(f"class {name} is not one of yusuan's")
    found = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    return found


def _any_out(v):
    if v is None or v.__class__ in (str, int, bool, float):
        return v
    if isinstance(v, Decimal):
        return {"$d": _decimal_out(v)}
    if isinstance(v, enum.Enum):
        return {"$e": _name(type(v)), "v": v.value}
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {"$c": _name(type(v)), **_codec(type(v))[0](v)}
    if isinstance(v, tuple):
        return {"$t": [_any_out(x) for x in v]}
    if isinstance(v, (list, set, frozenset)):
        return [_any_out(x) for x in v]
    if isinstance(v, dict):
        return {"$m": [[_any_out(k), _any_out(x)] for k, x in v.items()]}
    if isinstance(v, (str, int, float)):  # a subclass (a str enum is caught above)
        return v
    raise CodecError(f"cannot write a {type(v).__name__} into a document JSON")


def _any_in(v):
    if isinstance(v, list):
        return [_any_in(x) for x in v]
    if not isinstance(v, dict):
        return v
    if "$c" in v:
        fields = dict(v)
        return _codec(_class(fields.pop("$c")))[1](fields)
    if "$d" in v:
        return _decimal_in(v["$d"])
    if "$e" in v:
        return _class(v["$e"])(v["v"])
    if "$t" in v:
        return tuple(_any_in(x) for x in v["$t"])
    if "$m" in v:
        return {_any_in(k): _any_in(x) for k, x in v["$m"]}
    raise CodecError(f"an object without its type in a document JSON: {sorted(v)[:5]}")
