"""Packages prepared in the portal: each version of a unit's entries with its findings and derived
package (``prepared``), and the steps of its workflow 草稿 → 已提交 → 退回 / 审核通过 → 已公开
(``prepared_steps``).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prepared",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_code", sa.String(64), nullable=False),
        sa.Column("unit_name", sa.Text()),
        sa.Column("unit_parent", sa.String(64)),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("origin", sa.String(8), nullable=False),
        sa.Column("original", sa.Text(), nullable=False),
        sa.Column("entries", sa.Text(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Integer(), nullable=False),
        sa.Column("package", sa.Text()),
        sa.Column("document", sa.LargeBinary()),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id")),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("unit_code", "year", "kind", "version", name="uq_prepared_version"),
    )
    op.create_table(
        "prepared_steps",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("prepared_id", sa.Integer(), sa.ForeignKey("prepared.id"), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("from_state", sa.String(16)),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
    )
    op.create_index("ix_prepared_steps_version", "prepared_steps", ["prepared_id"])


def downgrade() -> None:
    op.drop_index("ix_prepared_steps_version", "prepared_steps")
    op.drop_table("prepared_steps")
    op.drop_table("prepared")
