"""Prepared statements: SQLAlchemy's SQL and conversions, the driver's speed, its error types."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import JSON, create_engine, select
from sqlalchemy.exc import IntegrityError

from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Claim, ClaimEvent, UTCDateTime, new_id
from claimdesk.core.prepared import Prepared
from claimdesk.core.services import articles, claims

LOG = Prepared(
    "INSERT INTO claim_events (id, claim_id, at, actor, action, before, after) "
    "VALUES (:id, :claim_id, :at, :actor, 'note', :before, :after)",
    at=UTCDateTime(),
    before=JSON(),
    after=JSON(),
)
COUNT = Prepared("SELECT count(*), min(actor) FROM claim_events WHERE claim_id = :claim_id")


@pytest.fixture
def claim_id(store) -> str:
    with store.transaction() as session:
        draft = ArticleDraft("Deal", "Sales rose 12% in 2025.\n", "deal.txt")
        article = articles.import_draft(session, draft).article
        return claims.add_claim(session, article.id, 0, 22, actor="ana").id


def test_values_are_converted_as_the_orm_would(store, claim_id: str) -> None:
    at = dt.datetime(2026, 5, 3, 9, 12, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    with store.transaction() as session:
        params = {"claim_id": claim_id, "at": at, "actor": "ben", "before": None}
        assert LOG.run(session.connection(), {**params, "id": new_id(), "after": {"a": [1]}}) == 1
        assert COUNT.rows(session.connection(), {"claim_id": claim_id}) == [(2, "ana")]
    with store.reading() as session:
        event = session.scalars(select(ClaimEvent).where(ClaimEvent.actor == "ben")).one()
        assert event.at == at and event.at.tzinfo is not None
        assert (event.before, event.after) == (None, {"a": [1]})


def test_driver_errors_arrive_as_sqlalchemy_errors_and_roll_back(store, claim_id: str) -> None:
    params = {"id": new_id(), "claim_id": "no such claim", "actor": "ben"}
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), store.transaction() as session:
        claims.set_status(session, claim_id, "sourced", actor="ben")
        now = dt.datetime.now(dt.UTC)
        LOG.run(session.connection(), {**params, "at": now, "before": 1, "after": 2})
    with store.reading() as session:
        assert session.get_one(Claim, claim_id).status == "unreviewed"


def test_a_named_paramstyle_gets_a_mapping(store, claim_id: str) -> None:
    engine = create_engine(store.url, paramstyle="named")
    try:
        with engine.connect() as connection:
            assert COUNT.rows(connection, {"claim_id": claim_id}) == [(1, "ana")]
    finally:
        engine.dispose()
