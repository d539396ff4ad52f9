"""The whole read document beside its facts, so that a page, a render or a re-check can be made from
the store alone (issue 13): one row per budget, the document's JSON (``model/codec.py``) compressed
with zlib, and the codec's schema version it was written with.

Budgets stored before this migration have no row here: their facts stay, but a render or re-check
from the store says that the document must be imported again from its file.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents_json",
        sa.Column("budget_id", sa.Integer(), sa.ForeignKey("budgets.id"), primary_key=True, autoincrement=False),
        sa.Column("schema", sa.Integer(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("documents_json")
