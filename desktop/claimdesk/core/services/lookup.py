"""Find rows by a unique id prefix, as people type ids shortened the way git does."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimdesk.core.errors import NotFoundError, ValidationError
from claimdesk.core.models import Article, Claim, DeletedArticle

MIN_PREFIX = 4


def resolve_id(
    session: Session, model: type[Article] | type[Claim] | type[DeletedArticle], prefix: str
) -> str:
    """Expand an id prefix of at least four characters to the one full id it names."""
    what = model.__tablename__.rstrip("s").replace("_", " ")
    prefix = prefix.strip().lower()
    if len(prefix) < MIN_PREFIX:
        raise ValidationError(f"{what} id", f"'{prefix}' is too short; give at least 4 characters")
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query = select(model.id).where(model.id.like(f"{escaped}%", escape="\\")).limit(2)
    found = list(session.scalars(query))
    if not found:
        raise NotFoundError(f"{what} {prefix}: no such {what} in this database")
    if len(found) > 1:
        raise ValidationError(f"{what} id", f"'{prefix}' matches several; give more characters")
    return found[0]
