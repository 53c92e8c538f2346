"""Which name a merged-away reviewer name stands for now.

A merge rewrites the rows that hold the old name, but a setting, a script or a colleague's
habit may keep using it. Writes under it are recorded under the name it was merged into,
and the sign-off rule compares people by that name: otherwise merging one's own name into
another's would let a person approve their own verdict.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimdesk.core.models import LibraryEvent

MERGE_ACTION = "merge_reviewers"
_CACHE = "claimdesk.merged_names"  # session.info key: (transaction, old name -> current name)


def canonical_name(session: Session, name: str) -> str:
    """The name `name` is recorded under now: itself unless it was merged away."""
    return _merged(session).get(name, name)


def forget(session: Session) -> None:
    """Read the merges again on next use (after a merge in this transaction)."""
    session.info.pop(_CACHE, None)


def _merged(session: Session) -> dict[str, str]:
    """The merges in the order they were made, read once per transaction.

    The map stays flat (no value is also a key), so a name resolves in one step and a merge
    that reverses an earlier one (B into A, later A into B) cannot make a cycle: the later
    merge wins and its target is a name again.
    """
    cached: tuple[object, dict[str, str]] | None = session.info.get(_CACHE)
    transaction = session.get_transaction()
    if cached is not None and transaction is not None and cached[0] is transaction:
        return cached[1]
    merged: dict[str, str] = {}
    query = (
        select(LibraryEvent.subject, LibraryEvent.after)
        .where(LibraryEvent.action == MERGE_ACTION)
        .order_by(LibraryEvent.seq)
    )
    for old, after in session.execute(query):
        into = after.get("name") if isinstance(after, dict) else None
        if not old or not isinstance(into, str) or old == into:
            continue
        target = merged.get(into, into)
        if target == old:  # `into` had been merged into `old`: this merge reverses it
            del merged[into]
            target = into
        merged[old] = target
        for name, current in merged.items():
            if current == old:
                merged[name] = target
    session.info[_CACHE] = (session.get_transaction(), merged)
    return merged
