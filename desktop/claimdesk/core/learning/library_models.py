"""The library's adapted models: stored as versions, one in use, switched only by a person.

Every adopted model stays in `detector_models`, so the previous one can be restored and
any two compared; the `detector_model` meta key names the one in use (none: the shipped
model). Each switch is a LibraryEvent, like other library-wide changes. Switching never
touches claims already found: only extraction from then on uses the model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.learning.adapt import Layer
from claimdesk.core.models import DetectorModel, LibraryEvent, Meta

META_KEY = "detector_model"
SHIPPED = "shipped"
EVENT = "detector model"


@dataclass(frozen=True, slots=True)
class LibraryModel:
    version: int
    layer: Layer

    @property
    def name(self) -> str:
        return f"library model {self.version}"

    @property
    def suffix(self) -> str:
        """What an article's extractor_version gains when this model found its claims."""
        return f"+library-{self.version}"


@dataclass(frozen=True, slots=True)
class Version:
    version: int
    created_at: dt.datetime
    created_by: str
    base_model: str
    decisions: int
    scores: Any
    highlight_cut: float
    in_use: bool

    def f1_text(self) -> str:
        """Its held-back F1 and the model it was compared with's, e.g. "0.889 (was 0.722)"."""
        try:
            adapted, current = self.scores["adapted"]["f1"], self.scores["current"]["f1"]
            return f"{float(adapted):.3f} (was {float(current):.3f})"
        except (KeyError, TypeError, ValueError):
            return "?"


@dataclass(frozen=True, slots=True)
class Active:
    """The model extraction should apply (None: the shipped one) and, when the library
    names one that cannot be used, the notice saying so."""

    model: LibraryModel | None
    notice: str | None = None


def in_use(session: Session) -> Active:
    """The adopted model, or the shipped one with a notice when the library names a version
    that is missing or damaged: a library is never unusable because of its model."""
    row = session.get(Meta, META_KEY)
    if row is None:
        return Active(None)
    fallback = "claims are found by the shipped model"
    try:
        version = int(row.value)
    except ValueError:
        return Active(
            None, f"The library names an unknown detector model {row.value!r}; {fallback}."
        )
    stored = session.get(DetectorModel, version)
    if stored is None:
        return Active(None, f"Library model {version} is missing from this library; {fallback}.")
    try:
        layer = Layer.from_json(stored.base_model, stored.highlight_cut, stored.weights)
    except ValueError as exc:
        return Active(None, f"Library model {version} is damaged ({exc}); {fallback}.")
    return Active(LibraryModel(version, layer))


def mismatch_notice(model: LibraryModel, pipeline: str) -> str:
    """Said when the model was fitted on a base model other than the one that can run here."""
    return (
        f"Library model {model.version} was fitted on the '{model.layer.base_model}' model, "
        f"but '{pipeline}' runs here; claims are found by the shipped model."
    )


def notice(session: Session, pipeline: str) -> str | None:
    """The line to show after extraction when the library's model could not be applied."""
    active = in_use(session)
    if active.model is not None and active.model.layer.base_model != pipeline:
        return mismatch_notice(active.model, pipeline)
    return active.notice


def versions(session: Session) -> list[Version]:
    """Every adopted model, newest first, marking the one in use."""
    current = in_use(session).model
    used = current.version if current is not None else None
    return [
        Version(
            row.id,
            row.created_at,
            row.created_by,
            row.base_model,
            row.decisions,
            row.scores,
            row.highlight_cut,
            row.id == used,
        )
        for row in session.scalars(select(DetectorModel).order_by(DetectorModel.id.desc()))
    ]


def adopt(
    session: Session, layer: Layer, *, decisions: int, scores: dict[str, Any], actor: str
) -> int:
    """Store a new version and put it in use; returns its version number."""
    row = DetectorModel(
        created_by=actor,
        base_model=layer.base_model,
        decisions=decisions,
        scores=scores,
        weights=layer.weights_json(),
        highlight_cut=layer.highlight,
    )
    session.add(row)
    session.flush()
    _switch(session, row.id, actor)
    return row.id


def restore(session: Session, version: int | None, actor: str) -> None:
    """Put an earlier version back in use, or the shipped model (None).

    Raises:
        ClaimdeskError: no such version in this library.
    """
    if version is not None and session.get(DetectorModel, version) is None:
        known = ", ".join(str(v.version) for v in versions(session)) or "none yet"
        raise ClaimdeskError(f"no library model {version} (versions: {known})")
    _switch(session, version, actor)


def _switch(session: Session, version: int | None, actor: str) -> None:
    row = session.get(Meta, META_KEY)
    before = row.value if row is not None else SHIPPED
    after = str(version) if version is not None else SHIPPED
    if before == after:
        return
    if version is None:
        session.delete(row)
    elif row is None:
        session.add(Meta(key=META_KEY, value=after))
    else:
        row.value = after
    session.add(
        LibraryEvent(actor=actor, action=EVENT, subject=META_KEY, before=before, after=after)
    )
    session.flush()
