"""The parts of a budget's public page kept per stored version (``page_cache``): the rendered package
(tables and 情况说明), the charts' figures, the API's JSON and the whole anonymous page, made on a first
visit or by ``yusuan warm``.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "page_cache",
        sa.Column("budget_id", sa.Integer(), sa.ForeignKey("budgets.id"), primary_key=True, autoincrement=False),
        sa.Column("part", sa.String(16), primary_key=True),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.String(64), nullable=False),
        sa.Column("depends", sa.Integer()),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("made_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("page_cache")
