"""Indexes for the dashboard at 100,000 claims: counts, filters and reading order in SQL.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (name, table, columns): the same as the models' __table_args__.
INDEXES = (
    # Roll-ups counted from the index alone, library-wide and per article.
    ("ix_claims_status_review", "claims", ["status", "review_state"]),
    ("ix_claims_article_rollup", "claims", ["article_id", "status", "review_state"]),
    ("ix_claims_review_state", "claims", ["review_state"]),
    # Who worked on each article and when, from the indexes alone (the article list, too).
    ("ix_claims_article_id", "claims", ["article_id", "id"]),
    ("ix_claim_events_claim_actor", "claim_events", ["claim_id", "actor", "at"]),
    # The dashboard's reading order: articles oldest first, then their claims in text order.
    ("ix_articles_imported", "articles", ["imported_at", "title"]),
    # The reviewer filter and the list of people.
    ("ix_claim_events_actor", "claim_events", ["actor", "claim_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
