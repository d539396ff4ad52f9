"""Any value the readers produce is stored, the same on SQLite and PostgreSQL.

Columns that hold text read from a file become TEXT: PostgreSQL refused, say, an amount of 40
digits in VARCHAR(32) while SQLite ignored the length, so the two stores disagreed and one file
stopped a batch. documents.size becomes BIGINT. No index holds text read from a file any more (a
PostgreSQL index entry is at most about 2.7 KB): a unit is unique by ``key_sha256``, the sha256 of
its code and name (``schema.unit_key``), instead of by (code, name), and facts are indexed by
their budget.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

from yusuan.store.schema import unit_key

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TEXT = {
    "units": ("code", "parent", "region"),
    "budgets": ("amount_unit",),
    "facts": ("table", "row_code", "column", "amount", "amount_unit", "cell", "unit_code"),
    "projects": ("code", "amount"),
    "indicators": ("operator", "number", "weight"),
    "findings": ("table", "row", "column", "cell"),
    "claims": ("amount", "unit", "kind", "direction", "fund", "code", "owner_code", "cell"),
}


def upgrade() -> None:
    op.drop_index("ix_facts_budget", table_name="facts")
    for table, columns in TEXT.items():
        with op.batch_alter_table(table) as batch:  # SQLite alters by copying the table
            for column in columns:
                batch.alter_column(column, type_=sa.Text())
            if table == "units":
                batch.add_column(sa.Column("key_sha256", sa.String(64)))
                batch.drop_constraint("uq_units_code_name", type_="unique")
    with op.batch_alter_table("documents") as batch:
        batch.alter_column("size", type_=sa.BigInteger())
    units = sa.table("units", sa.column("id"), sa.column("code"), sa.column("name"), sa.column("key_sha256"))
    bind = op.get_bind()
    for id_, code, name in bind.execute(sa.select(units.c.id, units.c.code, units.c.name)).all():
        bind.execute(units.update().where(units.c.id == id_).values(key_sha256=unit_key(code, name)))
    with op.batch_alter_table("units") as batch:
        batch.alter_column("key_sha256", existing_type=sa.String(64), nullable=False)
        batch.create_unique_constraint("uq_units_key", ["key_sha256"])
    op.create_index("ix_facts_budget", "facts", ["budget_id"])


def downgrade() -> None:
    op.drop_index("ix_facts_budget", table_name="facts")
    with op.batch_alter_table("units") as batch:
        batch.drop_constraint("uq_units_key", type_="unique")
        batch.drop_column("key_sha256")
        batch.create_unique_constraint("uq_units_code_name", ["code", "name"])
    op.create_index("ix_facts_budget", "facts", ["budget_id", "table", "row_code"])
