"""Alembic migrations, configured in code by claimdesk.core.store."""
