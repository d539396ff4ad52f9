"""The web portal's tables: users, the units they manage, sessions, uploads, marks on findings and
the audit log (``yusuan.store.portal``); an index on the units' codes, by which the portal finds a budget.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_units_code", "units", ["code"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("password", sa.Text(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("name", name="uq_users_name"),
    )
    op.create_table(
        "user_units",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("unit_code", sa.String(64), primary_key=True),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("expires", sa.Integer(), nullable=False),
    )
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("batch", sa.String(32), nullable=False),
        sa.Column("original", sa.Text(), nullable=False),
        sa.Column("stored_as", sa.String(64), nullable=False),
        sa.Column("content_type", sa.String(16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id")),
        sa.Column("message", sa.Text()),
        sa.Column("report", sa.Text()),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_uploads_document", "uploads", ["document_id"])
    op.create_table(
        "marks",
        sa.Column("finding_id", sa.Integer(), sa.ForeignKey("findings.id"), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id")),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_target", "audit_log", ["target"])


def downgrade() -> None:
    op.drop_index("ix_audit_target", "audit_log")
    op.drop_table("audit_log")
    op.drop_table("marks")
    op.drop_index("ix_uploads_document", "uploads")
    op.drop_table("uploads")
    op.drop_table("sessions")
    op.drop_table("user_units")
    op.drop_table("users")
    op.drop_index("ix_units_code", "units")
