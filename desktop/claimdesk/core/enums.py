"""The plain values the store's columns hold: statuses, review states, origins, stances, ids.

Apart from core.models so that the window's first screen can name them without importing
SQLAlchemy (see core.first_screen); core.models re-exports them.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid


class ClaimStatus(enum.StrEnum):
    """The reviewer's verdict on the evidence for a claim."""

    UNREVIEWED = "unreviewed"
    SOURCED = "sourced"
    DISPUTED = "disputed"
    SPECULATIVE = "speculative"
    DISMISSED = "dismissed"


class ReviewState(enum.StrEnum):
    """The editor's sign-off, separate from the verdict."""

    DRAFT = "draft"
    NEEDS_REVIEW = "needs_review"
    APPROVED = "approved"


class ClaimOrigin(enum.StrEnum):
    EXTRACTED = "extracted"
    MANUAL = "manual"


class Stance(enum.StrEnum):
    """How a piece of evidence bears on its claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
