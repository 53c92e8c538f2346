"""Which claims a report holds: one rule for the command line and the window alike.

A *publication* (the default for HTML, PDF and Markdown) is fit to publish: verdicts, evidence,
public notes and sign-off only, and unreviewed claims left out unless asked for. A *working
copy* shows everything, detector details included. Dismissed claims (false detections) are
left out of every format unless asked for. ClaimReview publishes approved verdicts only,
unless unapproved ones are asked for by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from claimdesk.core.errors import ValidationError
from claimdesk.core.models import ClaimStatus
from claimdesk.core.services.claims import parse_status
from claimdesk.core.statuses import LOOKS, VERDICTS


class ReportKind(StrEnum):
    PUBLICATION = "publication"
    WORKING = "working"


KIND_LABELS = {ReportKind.PUBLICATION: "Publication", ReportKind.WORKING: "Working copy"}
# Every status in the registry's order, verdicts first as the registry lists them.
_ORDER = tuple(LOOKS)


@dataclass(frozen=True, slots=True)
class Selection:
    """The resolved choice: the statuses wanted (None: all), and what the defaults left out."""

    kind: ReportKind
    statuses: tuple[str, ...] | None
    asked: tuple[str, ...] | None  # the statuses the user named, for the report's filter line
    left_out: tuple[str, ...]  # statuses dropped by the defaults, not by the user's filter
    approved_only: bool


def choose(
    *,
    kinds: bool,
    verdicts_only: bool = False,
    kind: str | None = None,
    statuses: Sequence[str] | None = None,
    include_unreviewed: bool | None = None,
    include_dismissed: bool = False,
    include_unapproved: bool = False,
) -> Selection:
    """Resolve the caller's choices for a format (`kinds`: it has publication/working).

    `statuses` narrows; the include flags add unreviewed or dismissed claims to it.
    `include_unreviewed` None means the kind's default: out of a publication, in a working
    copy (when no statuses are named).
    `verdicts_only` (ClaimReview) keeps claims with a verdict, approved unless
    `include_unapproved`.

    Raises:
        ValidationError: an unknown kind or status, or a kind for a format without kinds.
    """
    chosen = _kind(kind, kinds)
    asked = tuple(dict.fromkeys(parse_status(s) for s in statuses)) if statuses else None
    wanted = set(asked or VERDICTS)
    if include_unreviewed is None:  # the kind's default widens the default set only
        include_unreviewed = chosen is ReportKind.WORKING and not asked
    left_out = []
    for status, include in (
        (ClaimStatus.UNREVIEWED.value, include_unreviewed),
        (ClaimStatus.DISMISSED.value, include_dismissed),
    ):
        if status in wanted:
            continue
        if include:
            wanted.add(status)
        elif not asked:
            left_out.append(status)
    if verdicts_only:
        wanted &= VERDICTS
    ordered = tuple(s for s in _ORDER if s in wanted)
    return Selection(
        kind=chosen,
        statuses=None if len(ordered) == len(_ORDER) else ordered,
        asked=asked,
        left_out=tuple(left_out),
        approved_only=verdicts_only and not include_unapproved,
    )


def _kind(kind: str | None, kinds: bool) -> ReportKind:
    if kind is None or not kind.strip():
        return ReportKind.PUBLICATION if kinds else ReportKind.WORKING
    try:
        chosen = ReportKind(kind.strip().lower())
    except ValueError:
        names = ", ".join(k.value for k in ReportKind)
        raise ValidationError("kind", f"'{kind}' is not one of {names}") from None
    if not kinds and chosen is not ReportKind.WORKING:
        raise ValidationError("kind", "only the html, pdf and md reports have a publication kind")
    return chosen
