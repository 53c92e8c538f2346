"""What every human-readable report shares: status styles, numbered claims, highlighted text."""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass

from claimdesk.core.models import ClaimStatus
from claimdesk.core.readmodels import ArticleData, ClaimRow
from claimdesk.core.statuses import LOOKS, REVIEW_LABELS, STANCE_LABELS, Rollup

_ANCHOR_CHARS = frozenset(string.ascii_letters + string.digits + "-")
_CSS_LINES = {"solid": "solid", "wave": "wavy", "dash": "dashed", "dot": "dotted"}


@dataclass(frozen=True, slots=True)
class StatusStyle:
    """A status as reports show it: the shared look, with its line as a CSS style name."""

    value: str
    label: str
    symbol: str
    colour: str
    line: str  # CSS underline style: solid, wavy, dashed, dotted, or "strike"
    meaning: str

    @property
    def tint(self) -> str:
        """The colour faded towards white: a highlight background dark text stays readable on."""
        rgb = (int(self.colour[i : i + 2], 16) for i in (1, 3, 5))
        return "#" + "".join(f"{round(255 - (255 - c) * 0.22):02X}" for c in rgb)


STATUSES: dict[str, StatusStyle] = {
    value: StatusStyle(
        value, s.label, s.symbol, s.colour, _CSS_LINES.get(s.line, "strike"), s.meaning
    )
    for value, s in LOOKS.items()
}
REVIEW_STATES = REVIEW_LABELS
STANCES = {value: label.lower() for value, label in STANCE_LABELS.items()}  # in running text


def status_style(status: str) -> StatusStyle:
    """The style of a status; an unknown value (a hand-edited row) looks unreviewed."""
    return STATUSES.get(status, STATUSES[ClaimStatus.UNREVIEWED])


@dataclass(frozen=True, slots=True)
class NumberedClaim:
    number: int
    claim: ClaimRow
    highlighted: bool  # False when its span lies inside an earlier claim's or outside the text

    @property
    def style(self) -> StatusStyle:
        return status_style(self.claim.status)


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of article text, inside one claim's highlight or outside any."""

    text: str
    claim: NumberedClaim | None = None
    first: bool = False  # the claim's first piece, the target of links to it
    last: bool = False  # the claim's final piece, where its note number goes


@dataclass(frozen=True, slots=True)
class ArticleView:
    article: ArticleData
    paragraphs: tuple[tuple[Piece, ...], ...]
    notes: tuple[NumberedClaim, ...]
    rollup: Rollup


def article_view(article: ArticleData) -> ArticleView:
    """Number the claims in text order and cut the text into paragraphs of highlighted pieces.

    Claims should never overlap; if they do (rows edited by hand), the later one is clipped
    to start where the earlier ends, or left unhighlighted if nothing of it remains.
    """
    text = article.text
    notes: list[NumberedClaim] = []
    runs: list[tuple[int, int, NumberedClaim | None]] = []
    cursor = 0
    for number, claim in enumerate(article.claims, start=1):
        start, end = max(claim.start, cursor), min(claim.end, len(text))
        visible = start < end
        note = NumberedClaim(number, claim, visible)
        notes.append(note)
        if visible:
            runs.append((cursor, start, None))
            runs.append((start, end, note))
            cursor = end
    runs.append((cursor, len(text), None))
    return ArticleView(article, _paragraphs(text, runs), tuple(notes), article.rollup)


def _paragraphs(
    text: str, runs: list[tuple[int, int, NumberedClaim | None]]
) -> tuple[tuple[Piece, ...], ...]:
    paragraphs: list[list[Piece]] = [[]]
    for start, end, note in runs:
        placed: list[tuple[int, int]] = []  # (paragraph, index) of this run's pieces
        for index, line in enumerate(text[start:end].split("\n")):
            if index:
                paragraphs.append([])
            if line:
                placed.append((len(paragraphs) - 1, len(paragraphs[-1])))
                paragraphs[-1].append(Piece(line, note))
        if note is not None:
            for k, (p, i) in enumerate(placed):
                paragraphs[p][i] = Piece(paragraphs[p][i].text, note, k == 0, k == len(placed) - 1)
    return tuple(tuple(p) for p in paragraphs if any(piece.text.strip() for piece in p))


def anchor(value: str) -> str:
    """An id made safe as an HTML id, a URL fragment and a PDF destination name.

    Ids are UUIDs, but a row edited by hand may hold anything, and Qt writes link targets into
    the PDF unescaped: ASCII letters, digits and "-" stay, anything else becomes `_<hex>_`.
    """
    return "".join(ch if ch in _ANCHOR_CHARS else f"_{ord(ch):x}_" for ch in value)


def when(value: dt.datetime | dt.date | None) -> str:
    """A time as a reader wants it: to the minute, in UTC, labelled so."""
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def percent(value: int | None) -> str:
    return "—" if value is None else f"{value}%"
