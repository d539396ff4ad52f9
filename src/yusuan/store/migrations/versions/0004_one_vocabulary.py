"""One column vocabulary: the store's facts and findings name their columns as ``facts``, the
check JSON and every export do (``table``, ``column``, and ``row`` for a finding), not
``table_kind`` / ``column_name`` / ``row_code``. A rename: no row changes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

RENAMED = {"facts": (("table_kind", "table"), ("column_name", "column")),
           "findings": (("table_kind", "table"), ("row_code", "row"), ("column_name", "column"))}


def upgrade() -> None:
    for table, pairs in RENAMED.items():
        with op.batch_alter_table(table) as batch:
            for old, new in pairs:
                batch.alter_column(old, new_column_name=new)


def downgrade() -> None:
    for table, pairs in RENAMED.items():
        with op.batch_alter_table(table) as batch:
            for old, new in pairs:
                batch.alter_column(new, new_column_name=old)
