"""SQLAlchemy models: articles, their claims, evidence and the append-only claim history."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Connection,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    event,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from claimdesk.core.enums import ClaimOrigin as ClaimOrigin  # re-exported
from claimdesk.core.enums import ClaimStatus as ClaimStatus  # re-exported
from claimdesk.core.enums import ReviewState as ReviewState  # re-exported
from claimdesk.core.enums import Stance as Stance  # re-exported
from claimdesk.core.enums import new_id as new_id  # re-exported
from claimdesk.core.enums import utcnow as utcnow  # re-exported
from claimdesk.core.search_schema import create_search_indexes


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores UTC and hands back aware datetimes: SQLite keeps no time zone of its own."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; Claimdesk stores aware UTC times only")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC)


def _check_in(column: str, values: type[enum.StrEnum]) -> str:
    listed = ", ".join(f"'{member.value}'" for member in values)
    return f"{column} IN ({listed})"


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Meta(Base):
    """Key-value facts about the database itself (e.g. when the seeds were loaded)."""

    __tablename__ = "claimdesk_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_imported", "imported_at", "title"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(Text)
    # The exact text claim offsets point into: never edited in place.
    text: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    origin: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    extractor_version: Mapped[str | None] = mapped_column(String(64))
    # Read by the highlight budget at scale (0007); None on rows written before it.
    word_count: Mapped[int | None] = mapped_column(Integer)
    highlight_cut: Mapped[float | None] = mapped_column(Float)

    claims: Mapped[list[Claim]] = relationship(
        back_populates="article",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Claim.start",
    )


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint(_check_in("status", ClaimStatus), name="status"),
        CheckConstraint(_check_in("review_state", ReviewState), name="review_state"),
        CheckConstraint(_check_in("origin", ClaimOrigin), name="origin"),
        CheckConstraint('start >= 0 AND start < "end"', name="span"),
        Index("ix_claims_article_start", "article_id", "start"),
        # The dashboard's counts and filters (migration 0005).
        Index("ix_claims_status_review", "status", "review_state"),
        Index("ix_claims_article_rollup", "article_id", "status", "review_state"),
        Index("ix_claims_review_state", "review_state"),
        Index("ix_claims_article_id", "article_id", "id"),
        Index("ix_claims_updated", "updated_at"),  # the dashboard's sort by date (0006)
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=ClaimStatus.UNREVIEWED.value)
    origin: Mapped[str] = mapped_column(String(16), default=ClaimOrigin.EXTRACTED.value)
    score: Mapped[float | None] = mapped_column(Float)
    reasons: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    suggestion: Mapped[str | None] = mapped_column(String(16))
    suggestion_cue: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    # Notes are working notes unless marked public: only public ones go into publications.
    note_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    reviewer: Mapped[str | None] = mapped_column(Text)
    review_state: Mapped[str] = mapped_column(String(16), default=ReviewState.DRAFT.value)
    reviewed_by: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads it

    article: Mapped[Article] = relationship(back_populates="claims")
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="claim",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Evidence.position",
    )
    events: Mapped[list[ClaimEvent]] = relationship(
        back_populates="claim",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ClaimEvent.seq",
    )


class Evidence(Base):
    __tablename__ = "evidence"
    __table_args__ = (CheckConstraint(_check_in("stance", Stance), name="stance"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    stance: Mapped[str] = mapped_column(String(16), default=Stance.SUPPORTS.value)
    position: Mapped[int] = mapped_column(Integer, default=0)
    added_by: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="evidence")


class ClaimEvent(Base):
    """One change to a claim, written in the same transaction as the change itself."""

    __tablename__ = "claim_events"
    __table_args__ = (
        Index("ix_claim_events_actor", "actor", "claim_id"),
        Index("ix_claim_events_claim_actor", "claim_id", "actor", "at"),
    )

    # seq orders events exactly, even two in the same microsecond; id is the portable identity.
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(32))
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)

    claim: Mapped[Claim] = relationship(back_populates="events")


class LibraryEvent(Base):
    """A change to the library rather than to one claim: an article renamed, edited, deleted
    or restored, two reviewer names merged, a policy switched. Append-only, like ClaimEvent."""

    __tablename__ = "library_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str | None] = mapped_column(Text)  # an article id, a reviewer name, a key
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)


class DeletedArticle(Base):
    """The backup of a deleted article, whole (claims, evidence, history), until restored.

    Deleting is then never the loss of reviewed work: restoring puts back the same rows.
    """

    __tablename__ = "deleted_articles"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the article's own id
    title: Mapped[str] = mapped_column(Text)
    deleted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_by: Mapped[str] = mapped_column(Text)
    snapshot: Mapped[Any] = mapped_column(JSON)


class FactCheck(Base):
    """A verdict published elsewhere (or shared by another team), imported to match claims
    against. Not an article: it has no text of its own to review, only the claim it rated."""

    __tablename__ = "factchecks"

    # An integer key: the full-text index (core.search_schema) is keyed by it.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # The fact-check's address, or urn:claimdesk:claim:ID for a shared Claimdesk verdict.
    url: Mapped[str] = mapped_column(Text, unique=True)
    claim: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")
    rating: Mapped[str] = mapped_column(Text)  # reviewRating.alternateName, as published
    publisher: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text)  # the file it was last imported from
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class RejectedMatch(Base):
    """A reviewer's "not the same claim": this match is never suggested for this claim again."""

    __tablename__ = "rejected_matches"

    claim_id: Mapped[str] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    # "factcheck:URL" or "claim:ID": a fact-check removed and imported again is still known.
    match_key: Mapped[str] = mapped_column(Text, primary_key=True)
    rejected_by: Mapped[str] = mapped_column(Text)
    rejected_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class DetectorModel(Base):
    """A detector adapted to this library from its own decisions; the id is its version.

    The one in use is named by the `detector_model` meta key, so restoring the previous
    model is one write and every version stays to compare against.
    """

    __tablename__ = "detector_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(Text)
    base_model: Mapped[str] = mapped_column(Text)  # the shipped model it adapts
    decisions: Mapped[int] = mapped_column(Integer)
    scores: Mapped[Any] = mapped_column(JSON)
    weights: Mapped[Any] = mapped_column(JSON)
    highlight_cut: Mapped[float] = mapped_column(Float)


class ClaimMatch(Base):
    """A stored "already checked" match, so the dashboard can filter on it at scale."""

    __tablename__ = "claim_matches"

    claim_id: Mapped[str] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    match_key: Mapped[str] = mapped_column(Text, primary_key=True)  # as in RejectedMatch
    score: Mapped[float] = mapped_column(Float)


class MatchScan(Base):
    """That a claim's matches were computed, against which fact-check generation."""

    __tablename__ = "match_scans"

    claim_id: Mapped[str] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    generation: Mapped[int] = mapped_column(Integer)
    scanned_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


@event.listens_for(Base.metadata, "after_create")
def _create_search_indexes(_target: MetaData, connection: Connection, **_kw: Any) -> None:
    create_search_indexes(connection)
