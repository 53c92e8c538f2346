"""Meta table (records one-time facts such as seeding) and an index for claims in text order.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    meta = op.create_table(
        "claimdesk_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_claimdesk_meta")),
    )
    # A library from before this revision already exists: never add the samples to it.
    op.bulk_insert(meta, [{"key": "seeded", "value": "before revision 0002"}])
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index("ix_claims_article_start", ["article_id", "start"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_article_start")
    op.drop_table("claimdesk_meta")
