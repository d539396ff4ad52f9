"""The first schema: documents, units, budgets, facts, projects, indicators, findings.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _where() -> list[sa.Column]:
    return [sa.Column("line", sa.Integer()), sa.Column("page", sa.Integer()), sa.Column("sheet", sa.Text()),
            sa.Column("cell", sa.String(16))]


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("path", sa.Text()),
        sa.Column("format", sa.String(16)),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.String(32), nullable=False),
        sa.Column("seconds", sa.Float()),
        sa.Column("status", sa.String(16), nullable=False),
        sa.UniqueConstraint("sha256", name="documents_sha256_key"),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(32)),
        sa.Column("name", sa.Text()),
        sa.Column("parent", sa.String(32)),
        sa.Column("region", sa.String(6)),
        sa.UniqueConstraint("code", "name", name="uq_units_code_name"),
    )
    op.create_table(
        "budgets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("year", sa.Integer()),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("amount_unit", sa.String(8)),
        sa.UniqueConstraint("unit_id", "year", "kind", "version", name="uq_budgets_version"),
        sa.UniqueConstraint("document_id", name="budgets_document_id_key"),
    )
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("budget_id", sa.Integer(), sa.ForeignKey("budgets.id"), nullable=False),
        sa.Column("table_kind", sa.String(32), nullable=False),
        sa.Column("row_code", sa.String(32), nullable=False),
        sa.Column("row_name", sa.Text(), nullable=False),
        sa.Column("column_name", sa.String(32), nullable=False),
        sa.Column("amount", sa.String(32), nullable=False),
        sa.Column("amount_unit", sa.String(8)),
        *_where(),
    )
    op.create_index("ix_facts_budget", "facts", ["budget_id", "table_kind", "row_code"])
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("budget_id", sa.Integer(), sa.ForeignKey("budgets.id"), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(40)),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("amount", sa.String(32)),
        sa.Column("funding", sa.Text()),
        sa.Column("type", sa.Text()),
        sa.Column("department", sa.Text()),
        sa.Column("goal", sa.Text()),
        sa.Column("line", sa.Integer()),
    )
    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("budget_id", sa.Integer(), sa.ForeignKey("budgets.id"), nullable=False),
        sa.Column("project_ordinal", sa.Integer()),
        sa.Column("level1", sa.Text()),
        sa.Column("level2", sa.Text()),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("operator", sa.String(8)),
        sa.Column("value", sa.Text()),
        sa.Column("number", sa.String(32)),
        sa.Column("unit", sa.Text()),
        sa.Column("weight", sa.String(16)),
        sa.Column("core", sa.Boolean()),
        sa.Column("line", sa.Integer()),
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("table_kind", sa.String(32)),
        sa.Column("row_code", sa.String(64)),
        sa.Column("column_name", sa.String(32)),
        sa.Column("expected", sa.Text()),
        sa.Column("actual", sa.Text()),
        *_where(),
    )
    op.create_index("ix_findings_document", "findings", ["document_id", "code"])


def downgrade() -> None:
    op.drop_index("ix_findings_document", table_name="findings")
    op.drop_table("findings")
    op.drop_table("indicators")
    op.drop_table("projects")
    op.drop_index("ix_facts_budget", table_name="facts")
    op.drop_table("facts")
    op.drop_table("budgets")
    op.drop_table("units")
    op.drop_table("documents")
