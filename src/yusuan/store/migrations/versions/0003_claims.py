"""The narrative's stated numbers (claims), so that the rules that compare them with stored budgets
(S102: a change stated against last year's stored budget) run without the original file.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("budget_id", sa.Integer(), sa.ForeignKey("budgets.id"), nullable=False),
        sa.Column("amount", sa.String(32), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False), sa.Column("text", sa.Text(), nullable=False),
        sa.Column("direction", sa.String(8)), sa.Column("compare_year", sa.Integer()), sa.Column("section", sa.Text()),
        sa.Column("sentence", sa.Text()), sa.Column("fund", sa.String(16)), sa.Column("code", sa.String(40)),
        sa.Column("owner_code", sa.String(32)), sa.Column("owner_name", sa.Text()),
        sa.Column("line", sa.Integer()), sa.Column("page", sa.Integer()), sa.Column("sheet", sa.Text()),
        sa.Column("cell", sa.String(16)),
    )
    op.create_index("ix_claims_budget", "claims", ["budget_id"])


def downgrade() -> None:
    op.drop_index("ix_claims_budget", "claims")
    op.drop_table("claims")
