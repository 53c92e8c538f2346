"""The dashboard's claims sorted by when they last changed, walked by index.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Without it, sorting by date sorted every claim for one window (0.2 s at 100,000).
    op.create_index("ix_claims_updated", "claims", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_claims_updated", table_name="claims")
