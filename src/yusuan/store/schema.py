"""The store's tables (SQLAlchemy Core). One schema for SQLite and PostgreSQL.

Amounts are stored as their exact decimal text (``"2859.58"``, ``"#####"`` for a lost value), the
way ``facts`` prints them: no float on the way in, and the same bytes on both databases.
Alembic migrations in ``migrations/`` create and evolve these tables; this module is their model.
Columns are named as ``facts``, the check JSON and the exports name them (``table``, ``column``,
a finding's ``row``; migration 0004); ``key=`` is the name the code uses for the same column.

Text read from a file is TEXT, of any length (bounded VARCHARs made PostgreSQL refuse what SQLite
took), and no index holds it (a PostgreSQL index entry is at most about 2.7 KB): a unit is unique by
``key_sha256`` (migration 0005). VARCHARs are left to values yusuan makes itself (hashes, times,
statuses, kinds, codes).
"""
from __future__ import annotations

import hashlib
import json

from sqlalchemy import (BigInteger, Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String,
                        Table, Text, UniqueConstraint)

metadata = MetaData()


def unit_key(code: str | None, name: str | None) -> str:
    """What makes a unit one: its code and name (either may be missing), as a sha256."""
    return hashlib.sha256(json.dumps([code, name], ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),  # the content hash: import is idempotent by it
    Column("file", Text, nullable=False),  # the file name as given
    Column("path", Text),
    Column("format", String(16)),  # tsv | pdf_text | cell_lines | pdf | xlsx | xls | docx …
    Column("size", BigInteger, nullable=False),
    Column("read_at", String(32), nullable=False),  # ISO 8601, UTC
    Column("seconds", Float),  # read + check time
    Column("status", String(16), nullable=False),  # read | unreadable
)

units = Table(
    "units", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", Text),
    Column("name", Text),
    Column("parent", Text),  # the 部门 code of a 单位
    Column("region", Text),  # 行政区划 when known
    Column("key_sha256", String(64), nullable=False),  # unit_key(code, name) (migration 0005)
    UniqueConstraint("key_sha256", name="uq_units_key"),
)

budgets = Table(
    "budgets", metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", ForeignKey("units.id"), nullable=False),
    Column("year", Integer),
    Column("kind", String(16), nullable=False),  # budget | final_accounts
    Column("version", Integer, nullable=False),  # 1, 2, … a new document for the same unit and year
    Column("document_id", ForeignKey("documents.id"), nullable=False, unique=True),
    Column("amount_unit", Text),
    UniqueConstraint("unit_id", "year", "kind", "version", name="uq_budgets_version"),
)

facts = Table(
    "facts", metadata,
    Column("id", Integer, primary_key=True),
    Column("budget_id", ForeignKey("budgets.id"), nullable=False),
    Column("table", Text, nullable=False, key="table_kind"),
    Column("row_code", Text, nullable=False),  # classification code, "total", or "" when none
    Column("row_name", Text, nullable=False),
    Column("column", Text, nullable=False, key="column_name"),  # "" when the reader could not place it
    Column("amount", Text, nullable=False),  # exact decimal text, or "#####"
    Column("amount_unit", Text),
    Column("line", Integer), Column("page", Integer), Column("sheet", Text), Column("cell", Text),
    # the 预算单位 of a unit's own table set in a 部门 package; NULL: the budget's unit (migration 0002)
    Column("unit_code", Text), Column("unit_name", Text),
)
Index("ix_facts_budget", facts.c.budget_id)

projects = Table(
    "projects", metadata,
    Column("id", Integer, primary_key=True),
    Column("budget_id", ForeignKey("budgets.id"), nullable=False),
    Column("ordinal", Integer, nullable=False),  # order in the document
    Column("code", Text), Column("name", Text, nullable=False),
    Column("amount", Text),  # exact decimal text
    Column("funding", Text),  # JSON object {label: amount text}, as printed
    Column("type", Text), Column("department", Text), Column("goal", Text),
    Column("line", Integer),
)

indicators = Table(
    "indicators", metadata,
    Column("id", Integer, primary_key=True),
    Column("budget_id", ForeignKey("budgets.id"), nullable=False),
    Column("project_ordinal", Integer),  # None: the unit's 整体绩效目标
    Column("level1", Text), Column("level2", Text), Column("name", Text, nullable=False),
    Column("operator", Text), Column("value", Text), Column("number", Text),
    Column("unit", Text), Column("weight", Text), Column("core", Boolean),
    Column("line", Integer),
)

findings = Table(
    "findings", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", ForeignKey("documents.id"), nullable=False),
    Column("code", String(8), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("message", Text, nullable=False),
    Column("table", Text, key="table_kind"), Column("row", Text, key="row_code"),
    Column("column", Text, key="column_name"),
    Column("expected", Text), Column("actual", Text),
    Column("line", Integer), Column("page", Integer), Column("sheet", Text), Column("cell", Text),
)
Index("ix_findings_document", findings.c.document_id, findings.c.code)

claims = Table(  # the narrative's stated numbers (migration 0003): what S102 checks, without the file
    "claims", metadata,
    Column("id", Integer, primary_key=True),
    Column("budget_id", ForeignKey("budgets.id"), nullable=False),
    Column("amount", Text, nullable=False),  # exact decimal text
    Column("unit", Text, nullable=False),  # 万元, %, 辆 …
    Column("kind", Text, nullable=False),  # amount | change | percent | count
    Column("subject", Text, nullable=False), Column("text", Text, nullable=False),
    Column("direction", Text), Column("compare_year", Integer), Column("section", Text),
    Column("sentence", Text), Column("fund", Text), Column("code", Text),
    Column("owner_code", Text), Column("owner_name", Text),  # a unit's own narrative; NULL: the budget's
    Column("line", Integer), Column("page", Integer), Column("sheet", Text), Column("cell", Text),
)
Index("ix_claims_budget", claims.c.budget_id)

documents_json = Table(  # the whole read document (migration 0006): pages, renders and re-checks from the store
    "documents_json", metadata,
    Column("budget_id", ForeignKey("budgets.id"), primary_key=True, autoincrement=False),
    Column("schema", Integer, nullable=False),  # model/codec.py's SCHEMA when it was written
    Column("body", LargeBinary, nullable=False),  # zlib-compressed UTF-8 of model.codec.document_json
)
