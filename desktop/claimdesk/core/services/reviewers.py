"""The people who worked in a library, and merging two names that are the same person.

A name is recorded in four places: on history events (who made each change), on claims (who
set the verdict, who signed off) and on evidence (who added it). A merge rewrites all four,
history included, so the person has one name everywhere (the dashboard's filter, reports,
the second-person sign-off rule); the merge itself is kept in the library's own history
(`library_events`), so which name was rewritten, when and by whom stays on record.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, null, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from claimdesk.core.errors import ValidationError
from claimdesk.core.events import Change, ChangeKind, note_change
from claimdesk.core.models import Claim, ClaimEvent, Evidence, LibraryEvent
from claimdesk.core.reviewer import EXTRACTOR_ACTOR
from claimdesk.core.services.merged_names import MERGE_ACTION, forget

# Every column holding a person's name: (key in the merge's record, column, its time).
_NAMED: tuple[tuple[str, InstrumentedAttribute[Any], InstrumentedAttribute[Any] | None], ...] = (
    ("claim_events.actor", ClaimEvent.actor, ClaimEvent.at),
    ("claims.reviewer", Claim.reviewer, None),  # the verdict's own time is on its event
    ("claims.reviewed_by", Claim.reviewed_by, Claim.reviewed_at),
    ("evidence.added_by", Evidence.added_by, Evidence.added_at),
)


@dataclass(frozen=True, slots=True)
class Person:
    """A name as it appears in the library; `changes` counts its history events."""

    name: str
    changes: int = 0
    claims: int = 0  # claims whose verdict, note or span they changed last
    sign_offs: int = 0  # claims whose sign-off they set last
    evidence: int = 0  # evidence items they added
    last_active: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Merged:
    old: str
    into: str
    rows: dict[str, int] = field(default_factory=dict)  # per column, as in `_NAMED`
    claims: int = 0  # claims that carried the old name somewhere

    @property
    def claims_phrase(self) -> str:
        return f"{self.claims} claim{'' if self.claims == 1 else 's'}"

    def describe(self) -> str:
        counts = ", ".join(f"{n} {key}" for key, n in self.rows.items() if n)
        rewritten = counts or "nothing to rewrite"
        return f"merged {self.old!r} into {self.into!r}: {rewritten} ({self.claims_phrase})"


def list_people(session: Session) -> list[Person]:
    """Everyone whose name the library holds (not the extractor), A to Z."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    latest: dict[str, dt.datetime] = {}
    for key, column, at in _NAMED:
        when = func.max(at) if at is not None else null()
        query = select(column, func.count(), when).where(column.is_not(None)).group_by(column)
        for name, n, last in session.execute(query):
            if not name or name == EXTRACTOR_ACTOR:
                continue
            counts[name][key] = n
            if last is not None:
                latest[name] = max(latest.get(name, last), last)
    return [
        Person(
            name,
            changes=found.get("claim_events.actor", 0),
            claims=found.get("claims.reviewer", 0),
            sign_offs=found.get("claims.reviewed_by", 0),
            evidence=found.get("evidence.added_by", 0),
            last_active=latest.get(name),
        )
        for name, found in sorted(counts.items(), key=lambda item: (item[0].casefold(), item[0]))
    ]


def merge(session: Session, old: str, into: str, *, actor: str) -> Merged:
    """Rewrite `old` to `into` wherever a name is recorded, in the caller's one transaction.

    Both must be names the library holds: a typo would otherwise rename a person to nobody
    known. Every claim that carried the old name moves to a new version, so windows showing
    it read it again, and is announced as changed.
    """
    known = {person.name for person in list_people(session)}
    _check_known("old name", old, known)
    _check_known("new name", into, known)
    if old == into:
        raise ValidationError("new name", f"{into!r} is the name being merged; choose another")
    touched = or_(
        Claim.reviewer == old,
        Claim.reviewed_by == old,
        Claim.id.in_(select(Evidence.claim_id).where(Evidence.added_by == old)),
        Claim.id.in_(select(ClaimEvent.claim_id).where(ClaimEvent.actor == old)),
    )
    claims = session.execute(select(Claim.article_id, Claim.id).where(touched)).all()
    session.execute(
        update(Claim).where(touched).values(version=Claim.version + 1),
        execution_options={"synchronize_session": False},
    )
    rows: dict[str, int] = {}
    for key, column, _at in _NAMED:
        result = session.execute(
            update(column.class_).where(column == old).values({column.key: into}),
            execution_options={"synchronize_session": False},
        )
        rows[key] = int(getattr(result, "rowcount", 0))
    session.expire_all()  # objects already loaded still hold the old name and version
    session.add(
        LibraryEvent(
            actor=actor,
            action=MERGE_ACTION,
            subject=old,
            before={"name": old},
            after={"name": into, "rows": rows},
        )
    )
    forget(session)  # later writes in this transaction record `into` for `old`
    for change in _changes(claims):
        note_change(session, change)
    return Merged(old, into, rows, len(claims))


def _check_known(field_name: str, name: str, known: set[str]) -> None:
    if name == EXTRACTOR_ACTOR:
        raise ValidationError(field_name, f"{name!r} is the claim detector, not a person")
    if name not in known:
        raise ValidationError(field_name, f"{name!r} is not a name anyone worked under here")


def _changes(claims: Iterable[Any]) -> list[Change]:
    by_article: dict[str, set[str]] = defaultdict(set)
    for article_id, claim_id in claims:
        by_article[article_id].add(claim_id)
    return [
        Change(ChangeKind.CLAIMS_CHANGED, article, frozenset(ids))
        for article, ids in by_article.items()
    ]
