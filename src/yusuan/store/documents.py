"""The whole read document in the store (table ``documents_json``, migration 0006): written by
``save`` beside the facts, read back by ``load_document`` so that a page, a render or a re-check
needs no file.

The document is ``model.codec.document_json`` (``document_bytes``), zlib-compressed (a package's JSON is 10–400 KB of
repetitive text; compressed, a tenth of that), with the codec's schema version beside it. Budgets
stored before migration 0006 have no row: ``load_document`` gives None and ``missing_reason`` says why.
"""
from __future__ import annotations

import zlib

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from ..model import Document
from ..model.codec import SCHEMA, CodecError, document_bytes, document_from_json
from . import schema as s

_LEVEL = 3  # half the time of zlib's default 6 on this text, for a sixth more bytes


def pack(doc: Document) -> bytes:
    """The document as stored: its JSON, compressed."""
    return zlib.compress(document_bytes(doc), _LEVEL)


def unpack(body: bytes) -> Document:
    """The stored document; CodecError when the body is damaged or of a schema this code cannot load."""
    try:
        text = zlib.decompress(body).decode("utf-8", "surrogatepass")
    except (zlib.error, UnicodeDecodeError) as e:
        raise CodecError(f"a damaged stored document: {e}") from e
    return document_from_json(text)


def load_document(conn: Connection | Engine, budget_id: int) -> Document | None:
    """The stored budget's whole document; None when there is no such budget or it was stored
    before documents were kept (``missing_reason`` tells which); CodecError when it cannot be loaded
    (damaged, or written by a newer yusuan)."""
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return load_document(c, budget_id)
    row = conn.execute(select(s.documents_json.c.body).where(s.documents_json.c.budget_id == budget_id)).first()
    return None if row is None else unpack(bytes(row.body))


def missing_reason(conn: Connection, budget_id: int) -> tuple[str, str]:
    """(Chinese, English): why ``load_document`` found nothing for this budget."""
    found = conn.execute(select(s.documents.c.path).select_from(
        s.budgets.join(s.documents, s.documents.c.id == s.budgets.c.document_id))
        .where(s.budgets.c.id == budget_id)).first()
    if found is None:
        return f"库中没有编号为 {budget_id} 的预算", f"no stored budget has the id {budget_id}"
    return (f"该预算入库时尚未保存完整文档（旧版 yusuan）；请由原文件生成：{found.path}",
            f"this budget was stored before whole documents were kept (an older yusuan): use its file, {found.path}")


__all__ = ["SCHEMA", "load_document", "missing_reason", "pack", "unpack"]
