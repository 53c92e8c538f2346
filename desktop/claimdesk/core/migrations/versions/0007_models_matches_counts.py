"""Library-adapted detector models, stored matches, and per-article facts read at scale.

- `detector_models`: each model adapted to this library from its own decisions (issue 12),
  versioned with who made it, when, from how many decisions and how it scored; the one in
  use is named by the `detector_model` key of `claimdesk_meta` (none: the shipped model).
- `claim_matches` / `match_scans`: the "already checked" matches found for each claim, kept
  so the dashboard can filter "has a previous fact-check" without matching 100,000 claims
  while it opens; a scan records which fact-check generation it saw (issue 16).
- `articles.word_count` and `articles.highlight_cut`: the highlight budget needs the
  article's length and its model's cut-off; reading them beats reading every text (issue 15).
  Filled here for the articles already there, a batch at a time.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "detector_models",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("base_model", sa.Text(), nullable=False),
        sa.Column("decisions", sa.Integer(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("highlight_cut", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_detector_models")),
    )
    op.create_table(
        "claim_matches",
        sa.Column("claim_id", sa.String(length=36), nullable=False),
        sa.Column("match_key", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_matches_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("claim_id", "match_key", name=op.f("pk_claim_matches")),
    )
    op.create_table(
        "match_scans",
        sa.Column("claim_id", sa.String(length=36), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("scanned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_match_scans_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_match_scans")),
    )
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("word_count", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("highlight_cut", sa.Float(), nullable=True))
    _fill_article_facts()


BACKFILL_BATCH = 500
"""Articles read at once: a large library's texts are never all in memory."""


def _fill_article_facts() -> None:
    """Each article's word count and its model's cut-off, as they are derived at read time
    from its text and extractor version (core.highlights). A cut-off that cannot be read
    (a damaged weights file) stays NULL: reading derives it then, and says what is wrong."""
    from claimdesk.core.errors import ClaimdeskError
    from claimdesk.core.highlights import version_cut, word_count

    articles = sa.table(
        "articles",
        sa.column("id", sa.String),
        sa.column("text", sa.Text),
        sa.column("extractor_version", sa.String),
        sa.column("word_count", sa.Integer),
        sa.column("highlight_cut", sa.Float),
    )
    update = (
        articles.update()
        .where(articles.c.id == sa.bindparam("key"))
        .values(word_count=sa.bindparam("words"), highlight_cut=sa.bindparam("cut"))
    )
    cuts: dict[str | None, float | None] = {}
    bind = op.get_bind()
    last = ""
    while rows := bind.execute(
        sa.select(articles.c.id, articles.c.text, articles.c.extractor_version)
        .where(articles.c.id > last)
        .order_by(articles.c.id)
        .limit(BACKFILL_BATCH)
    ).all():
        for version in {row.extractor_version for row in rows} - cuts.keys():
            try:
                cuts[version] = version_cut(version)
            except ClaimdeskError:
                cuts[version] = None
        facts = [
            {"key": row.id, "words": word_count(row.text), "cut": cuts[row.extractor_version]}
            for row in rows
        ]
        bind.execute(update, facts)
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("highlight_cut")
        batch.drop_column("word_count")
    op.drop_table("match_scans")
    op.drop_table("claim_matches")
    op.drop_table("detector_models")
