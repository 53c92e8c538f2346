"""The full-text indexes claim matching starts from, and the SQLite triggers that keep them right.

Both are FTS5 external-content indexes (the text lives once, in its table) with Porter
stemming. Triggers, not service code, keep them current, so every writer (the window, the
command line, an import, a restore, a bulk script) updates them in the same transaction:

- `factchecks_fts` indexes every fact-check's claim and title, keyed by `factchecks.id`.
- `claims_fts` indexes only the library's reviewed claims (a verdict: sourced, disputed,
  speculative), keyed by the claims table's rowid. A migration that rebuilds `claims`
  (Alembic's batch mode copies tables) drops these triggers and may renumber rowids: it must
  run DROP_CLAIM_INDEX and then CREATE_CLAIM_INDEX, which rebuilds the index from the claims.

These statements are revision 0004's; a later revision that changes them adds its own.
"""

from __future__ import annotations

from sqlalchemy import Connection

TOKENIZER = "porter unicode61 remove_diacritics 2"
REVIEWED = ("sourced", "disputed", "speculative")  # a verdict: what another article can reuse
_REVIEWED_SQL = ", ".join(f"'{status}'" for status in REVIEWED)

SEARCH_TABLES = ("factchecks_fts", "claims_fts")
# FTS5 keeps each index in these ordinary tables of its own.
_SHADOWS = ("_data", "_idx", "_docsize", "_config", "_content")

CREATE_FACTCHECK_INDEX = (
    f"""CREATE VIRTUAL TABLE factchecks_fts USING fts5(
        claim, title, content='factchecks', content_rowid='id', tokenize='{TOKENIZER}')""",
    """CREATE TRIGGER factchecks_fts_insert AFTER INSERT ON factchecks BEGIN
        INSERT INTO factchecks_fts(rowid, claim, title) VALUES (new.id, new.claim, new.title);
    END""",
    """CREATE TRIGGER factchecks_fts_delete AFTER DELETE ON factchecks BEGIN
        INSERT INTO factchecks_fts(factchecks_fts, rowid, claim, title)
        VALUES ('delete', old.id, old.claim, old.title);
    END""",
    """CREATE TRIGGER factchecks_fts_update AFTER UPDATE OF claim, title ON factchecks BEGIN
        INSERT INTO factchecks_fts(factchecks_fts, rowid, claim, title)
        VALUES ('delete', old.id, old.claim, old.title);
        INSERT INTO factchecks_fts(rowid, claim, title) VALUES (new.id, new.claim, new.title);
    END""",
)

# One update trigger doing both steps in order: a new entry written before the old one is
# deleted would lose the tokens the two share.
CREATE_CLAIM_INDEX = (
    f"""CREATE VIRTUAL TABLE claims_fts USING fts5(
        quote, content='claims', content_rowid='rowid', tokenize='{TOKENIZER}')""",
    f"""CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims
        WHEN new.status IN ({_REVIEWED_SQL}) BEGIN
        INSERT INTO claims_fts(rowid, quote) VALUES (new.rowid, new.quote);
    END""",
    f"""CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims
        WHEN old.status IN ({_REVIEWED_SQL}) BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, quote) VALUES ('delete', old.rowid, old.quote);
    END""",
    f"""CREATE TRIGGER claims_fts_update AFTER UPDATE OF quote, status ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, quote)
        SELECT 'delete', old.rowid, old.quote WHERE old.status IN ({_REVIEWED_SQL});
        INSERT INTO claims_fts(rowid, quote)
        SELECT new.rowid, new.quote WHERE new.status IN ({_REVIEWED_SQL});
    END""",
    f"""INSERT INTO claims_fts(rowid, quote)
        SELECT rowid, quote FROM claims WHERE status IN ({_REVIEWED_SQL})""",
)

DROP_CLAIM_INDEX = (
    "DROP TRIGGER IF EXISTS claims_fts_insert",
    "DROP TRIGGER IF EXISTS claims_fts_delete",
    "DROP TRIGGER IF EXISTS claims_fts_update",
    "DROP TABLE IF EXISTS claims_fts",
)
DROP_FACTCHECK_INDEX = (
    "DROP TRIGGER IF EXISTS factchecks_fts_insert",
    "DROP TRIGGER IF EXISTS factchecks_fts_delete",
    "DROP TRIGGER IF EXISTS factchecks_fts_update",
    "DROP TABLE IF EXISTS factchecks_fts",
)


def is_search_table(name: str) -> bool:
    """Whether a table is one of the indexes or their FTS5 shadow tables (not ORM models)."""
    return any(name == t or name in {t + s for s in _SHADOWS} for t in SEARCH_TABLES)


def create_search_indexes(connection: Connection) -> None:
    """Create both indexes and their triggers (SQLite only: other databases have no FTS5)."""
    if connection.dialect.name != "sqlite":
        return
    for statement in (*CREATE_FACTCHECK_INDEX, *CREATE_CLAIM_INDEX):
        connection.exec_driver_sql(statement)
