"""Fact-checks to match claims against, "not the same claim" memory, full-text indexes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from claimdesk.core.search_schema import (
    DROP_CLAIM_INDEX,
    DROP_FACTCHECK_INDEX,
    create_search_indexes,
)

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "factchecks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("rating", sa.Text(), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_factchecks")),
        sa.UniqueConstraint("url", name=op.f("uq_factchecks_url")),
    )
    op.create_table(
        "rejected_matches",
        sa.Column("claim_id", sa.String(length=36), nullable=False),
        sa.Column("match_key", sa.Text(), nullable=False),
        sa.Column("rejected_by", sa.Text(), nullable=False),
        sa.Column("rejected_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_rejected_matches_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("claim_id", "match_key", name=op.f("pk_rejected_matches")),
    )
    create_search_indexes(op.get_bind())


def downgrade() -> None:
    for statement in (*DROP_CLAIM_INDEX, *DROP_FACTCHECK_INDEX):
        op.execute(statement)
    op.drop_table("rejected_matches")
    op.drop_table("factchecks")
