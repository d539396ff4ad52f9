"""The store's tables (SQLAlchemy Core). One schema for SQLite and PostgreSQL.

Amounts are stored as their exact decimal text (``"2859.58"``, ``"#####"`` for a lost value), the
way ``facts`` prints them: no float on the way in, and the same bytes on both databases.
Alembic migrations in ``migrations/`` create and evolve these tables; this module is their model.
Columns are named as ``facts``, the check JSON and the exports name them (``table``, ``column``,
a finding's ``row``; migration 0004); ``key=`` is the name the code uses for the same column.
"""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint)

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),  # the content hash: import is idempotent by it
    Column("file", Text, nullable=False),  # the file name as given
    Column("path", Text),
    Column("format", String(16)),  # tsv | pdf_text | cell_lines | pdf | xlsx | xls | docx …
    Column("size", Integer, nullable=False),
    Column("read_at", String(32), nullable=False),  # ISO 8601, UTC
    Column("seconds", Float),  # read + check time
    Column("status", String(16), nullable=False),  # read | unreadable
)

units = Table(
    "units", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32)),
    Column("name", Text),
    Column("parent", String(32)),  # the 部门 code of a 单位
    Column("region", String(6)),  # 行政区划 when known
    UniqueConstraint("code", "name", name="uq_units_code_name"),
)

budgets = Table(
    "budgets", metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", ForeignKey("units.id"), nullable=False),
    Column("year", Integer),
    Column("kind", String(16), nullable=False),  # budget | final_accounts
    Column("version", Integer, nullable=False),  # 1, 2, … a new document for the same unit and year
    Column("document_id", ForeignKey("documents.id"), nullable=False, unique=True),
    Column("amount_unit", String(8)),
    UniqueConstraint("unit_id", "year", "kind", "version", name="uq_budgets_version"),
)

facts = Table(
    "facts", metadata,
    Column("id", Integer, primary_key=True),
    Column("budget_id", ForeignKey("budgets.id"), nullable=False),
    Column("table", String(32), nullable=False, key="table_kind"),
    Column("row_code", String(32), nullable=False),  # classification code, "total", or "" when none
    Column("row_name", Text, nullable=False),
    Column("column", String(32), nullable=False, key="column_name"),  # "" when the reader could not place it
    Column("amount", String(32), nullable=False),  # exact decimal text, or "#####"
    Column("amount_unit", String(8)),
    Column("line", Integer), Column("page", Integer), Column("sheet", Text), Column("cell", String(16)),
    # the 预算单位 of a unit's own table set in a 部门 package; NULL: the budget's unit (migration 0002)
    Column("unit_code", String(32)), Column("unit_name", Text),
)
Index("ix_facts_budget", facts.c.budget_id, facts.c.table_kind, facts.c.row_code)

projects = Table(
    "projects", metadata,
    Column("id", Integer, primary_key=True),
    Column("budget_id", ForeignKey("budgets.id"), nullable=False),
    Column("ordinal", Integer, nullable=False),  # order in the document
    Column("code", String(40)), Column("name", Text, nullable=False),
    Column("amount", String(32)),  # exact decimal text
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
    Column("operator", String(8)), Column("value", Text), Column("number", String(32)),
    Column("unit", Text), Column("weight", String(16)), Column("core", Boolean),
    Column("line", Integer),
)

findings = Table(
    "findings", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", ForeignKey("documents.id"), nullable=False),
    Column("code", String(8), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("message", Text, nullable=False),
    Column("table", String(32), key="table_kind"), Column("row", String(64), key="row_code"),
    Column("column", String(32), key="column_name"),
    Column("expected", Text), Column("actual", Text),
    Column("line", Integer), Column("page", Integer), Column("sheet", Text), Column("cell", String(16)),
)
Index("ix_findings_document", findings.c.document_id, findings.c.code)

claims = Table(  # the narrative's stated numbers (migration 0003): what S102 checks, without the file
    "claims", metadata,
    Column("id", Integer, primary_key=True),
    Column("budget_id", ForeignKey("budgets.id"), nullable=False),
    Column("amount", String(32), nullable=False),  # exact decimal text
    Column("unit", String(16), nullable=False),  # 万元, %, 辆 …
    Column("kind", String(16), nullable=False),  # amount | change | percent | count
    Column("subject", Text, nullable=False), Column("text", Text, nullable=False),
    Column("direction", String(8)), Column("compare_year", Integer), Column("section", Text),
    Column("sentence", Text), Column("fund", String(16)), Column("code", String(40)),
    Column("owner_code", String(32)), Column("owner_name", Text),  # a unit's own narrative; NULL: the budget's
    Column("line", Integer), Column("page", Integer), Column("sheet", Text), Column("cell", String(16)),
)
Index("ix_claims_budget", claims.c.budget_id)
