"""A fact's own 预算单位: a 部门 package prints its 汇总 tables and then each unit's own set; the facts
of a unit's set carry that unit (NULL: the budget's unit, as every fact stored before).

Revision ID: 0002
Revises: 0001
Create Date: 2025-06-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facts") as batch:  # batch: SQLite cannot alter a table in place
        batch.add_column(sa.Column("unit_code", sa.String(32)))
        batch.add_column(sa.Column("unit_name", sa.Text()))


def downgrade() -> None:
    with op.batch_alter_table("facts") as batch:
        batch.drop_column("unit_name")
        batch.drop_column("unit_code")
