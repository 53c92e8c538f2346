"""What every human-readable report shares: status styles, numbered claims, highlighted text."""

from __future__ import annotations

import bisect
import datetime as dt
import re
import string
from dataclasses import dataclass

from claimdesk.core.extraction.segment import BlockKind, blocks
from claimdesk.core.models import ClaimStatus
from claimdesk.core.readmodels import ArticleData, ClaimRow
from claimdesk.core.statuses import LOOKS, REVIEW_LABELS, STANCE_LABELS, Rollup

_ANCHOR_CHARS = frozenset(string.ascii_letters + string.digits + "-")
_CSS_LINES = {"solid": "solid", "wave": "wavy", "dash": "dashed", "dot": "dotted"}
# A Markdown heading's opening marks; only in articles imported from Markdown files.
_ATX = re.compile(r" {0,3}(#{1,6})[ \t]+")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")  # an optional closing sequence, after a space
_MARKDOWN_ORIGINS = (".md", ".markdown")
# The article's title is the report's h2 (Markdown ##), so its own headings come below it.
SECTION, SUBSECTION = 3, 4


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
class Paragraph:
    """One line of the article: body text, or a heading (`heading` is its h3/h4 level)."""

    pieces: tuple[Piece, ...]
    heading: int = 0


@dataclass(frozen=True, slots=True)
class ArticleView:
    article: ArticleData
    paragraphs: tuple[Paragraph, ...]
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
    lines = _paragraphs(text, runs)
    levels = _heading_levels(article)
    paragraphs = [_paragraph(pieces, levels.get(n, 0), article) for n, pieces in lines]
    if paragraphs and paragraphs[0].heading and _same(_plain(paragraphs[0]), article.title):
        paragraphs.pop(0)  # the headline, already the report's heading for this article
    return ArticleView(article, tuple(paragraphs), tuple(notes), article.rollup)


def _heading_levels(article: ArticleData) -> dict[int, int]:
    """Line number -> heading level, for the lines the detector's segmenter calls headings,
    and (in an article from a Markdown file) the lines with a Markdown heading mark."""
    text = article.text
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    levels = {}
    for block in blocks(text):
        if block.kind is BlockKind.HEADING:
            levels[bisect.bisect_right(starts, block.start) - 1] = SECTION
    if article.origin.lower().endswith(_MARKDOWN_ORIGINS):
        for number, start in enumerate(starts):
            mark = _ATX.match(text, start)
            if mark and mark.end() < len(text) and text[mark.end()] != "\n":
                levels[number] = SECTION if len(mark.group(1)) <= 2 else SUBSECTION
    return levels


def _paragraph(pieces: tuple[Piece, ...], level: int, article: ArticleData) -> Paragraph:
    """A heading holds no claim (a claim marked on one is shown in running text), and loses
    its Markdown marks."""
    if not level or any(p.claim for p in pieces):
        return Paragraph(pieces)
    text = "".join(p.text for p in pieces).strip()
    if article.origin.lower().endswith(_MARKDOWN_ORIGINS) and (mark := _ATX.match(text)):
        text = _ATX_CLOSE.sub("", text[mark.end() :]) or text
    return Paragraph((Piece(text),), level)


def _plain(paragraph: Paragraph) -> str:
    return "".join(p.text for p in paragraph.pieces)


def _same(one: str, other: str) -> bool:
    return " ".join(one.split()).casefold() == " ".join(other.split()).casefold()


def _paragraphs(
    text: str, runs: list[tuple[int, int, NumberedClaim | None]]
) -> list[tuple[int, tuple[Piece, ...]]]:
    """(line number, pieces) of every line that holds more than white space."""
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
    return [
        (number, tuple(p))
        for number, p in enumerate(paragraphs)
        if any(piece.text.strip() for piece in p)
    ]


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


def counted(n: int, noun: str) -> str:
    """ "1 claim", "2 claims": every count a report or a summary line shows."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def percent(value: int | None) -> str:
    return "—" if value is None else f"{value}%"
