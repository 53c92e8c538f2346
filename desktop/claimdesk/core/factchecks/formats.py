"""Reading fact-checks from files: ClaimReview JSON-LD, CSV, and Claimdesk's JSON export.

JSON-LD may hold one ClaimReview, an array of them, an `@graph`, or a DataFeed (the bulk
format of fact-check archives: `dataFeedElement` of DataFeedItems whose `item` is one
ClaimReview or a list). Claimdesk's ClaimReview export is such an array. A record without a
claim text or a rating is reported (one line) and left out; the rest are read. A file that
cannot be read as any of these formats is refused whole. Text is kept as published, HTML
included: it is only ever shown escaped.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from claimdesk.core.errors import ImportFailure, ValidationError
from claimdesk.core.search_schema import REVIEWED
from claimdesk.core.urls import normalise_url

MAX_FILE_BYTES = 64 * 1024 * 1024  # a JSON document is parsed whole: its memory is bounded
MAX_CLAIM_CHARS = 10_000
MAX_FIELD_CHARS = 2_000
CLAIMDESK_URN = "urn:claimdesk:claim:"
# CSV columns, each with the names it is also known by (Google Fact Check Tools, schema.org).
CSV_COLUMNS = {
    "url": ("url", "review_url"),
    "claim": ("claim", "claim_reviewed", "claimreviewed", "claim_text"),
    "rating": ("rating", "alternatename", "textual_rating", "textualrating", "review_rating"),
    "title": ("title", "headline", "name"),
    "publisher": ("publisher", "author", "reviewer_name"),
    "date": ("date", "date_published", "datepublished", "review_date"),
    "language": ("language", "inlanguage", "language_code", "languagecode"),
}
REQUIRED_COLUMNS = ("url", "claim", "rating")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class FactCheckRecord:
    url: str
    claim: str
    rating: str
    title: str = ""
    publisher: str | None = None
    published: dt.date | None = None
    language: str | None = None


@dataclass
class ParsedFile:
    records: list[FactCheckRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line per record left out or cut


def read_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> ParsedFile:
    """The fact-checks in `path`.

    Raises:
        ImportFailure: the file is unreadable, too large, or in none of the formats.
    """
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportFailure(
                name,
                f"is {size / 2**20:.0f} MB; files up to {max_bytes / 2**20:.0f} MB are "
                "read (split the feed)",
            )
        if path.suffix.lower() in (".csv", ".tsv"):
            return _read_csv(path)
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ImportFailure(name, f"cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ImportFailure(name, "is not UTF-8 text") from None
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ImportFailure(name, f"is not JSON ({exc})") from None
    if isinstance(document, dict) and document.get("format") == "claimdesk-export":
        return _collect(_claimdesk_export(document), "claim")
    reviews = list(_claim_reviews(document))
    if not reviews:
        raise ImportFailure(name, "holds no ClaimReview (JSON-LD @type ClaimReview)")
    return _collect(((n, partial(_claim_review, r)) for n, r in enumerate(reviews, 1)), "record")


def _collect(
    items: Iterable[tuple[int, Callable[[], tuple[FactCheckRecord, list[str]]]]], noun: str
) -> ParsedFile:
    parsed = ParsedFile()
    for number, read in items:
        try:
            record, notes = read()
        except ValidationError as exc:
            parsed.problems.append(f"{noun} {number}: {exc}; left out")
            continue
        parsed.records.append(record)
        parsed.problems += [f"{noun} {number}: {note}" for note in notes]
    return parsed


def _claim_reviews(document: Any) -> Iterator[dict[str, Any]]:
    """Every ClaimReview object, found through arrays, @graph and DataFeed containers."""
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            if "ClaimReview" in _types(node):
                yield node
            else:
                stack.extend(
                    node[key] for key in ("item", "dataFeedElement", "@graph")[::-1] if key in node
                )


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type", ())
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return {re.split(r"[/:#]", name)[-1] for name in names if isinstance(name, str)}


def _claim_review(review: dict[str, Any]) -> tuple[FactCheckRecord, list[str]]:
    rating = review.get("reviewRating")
    rating_text = _name(rating, "alternateName") if isinstance(rating, dict) else None
    identifier = _name(review.get("identifier"))
    url = _name(review.get("url")) or (CLAIMDESK_URN + identifier if identifier else None)
    date, notes = _date(review.get("datePublished"), "datePublished")
    author = review.get("author") or review.get("publisher")
    return FactCheckRecord(
        url=_url(url, "url"),
        claim=_required(_name(review.get("claimReviewed")), "claimReviewed", MAX_CLAIM_CHARS),
        rating=_required(rating_text, "reviewRating.alternateName", MAX_FIELD_CHARS),
        title=_optional(_name(review.get("name")) or _name(review.get("headline"))) or "",
        publisher=_optional(_name(author)),
        published=date,
        language=_language(review.get("inLanguage")),
    ), notes


def _claimdesk_export(
    document: dict[str, Any],
) -> Iterator[tuple[int, Callable[[], tuple[FactCheckRecord, list[str]]]]]:
    """Each claim with a verdict, keyed as the ClaimReview export keys it (its claim id)."""
    articles = document.get("articles")
    number = 0
    for article in articles if isinstance(articles, list) else []:
        claims = article.get("claims") if isinstance(article, dict) else None
        for claim in claims if isinstance(claims, list) else []:
            if isinstance(claim, dict) and claim.get("status") in REVIEWED:
                number += 1
                yield number, partial(_exported_claim, article, claim)


def _exported_claim(
    article: dict[str, Any], claim: dict[str, Any]
) -> tuple[FactCheckRecord, list[str]]:
    date, notes = _date(claim.get("reviewed_at") or claim.get("updated_at"), "reviewed_at")
    return FactCheckRecord(
        url=_url(CLAIMDESK_URN + str(claim.get("id")), "id"),
        claim=_required(_name(claim.get("quote")), "quote", MAX_CLAIM_CHARS),
        rating=str(claim["status"]),
        title=_optional(_name(article.get("title"))) or "",
        publisher=_optional(_name(claim.get("reviewed_by") or claim.get("reviewer"))),
        published=date,
        language=_language(article.get("language")),
    ), notes


def _read_csv(path: Path) -> ParsedFile:
    """A CSV with a header naming its columns (see CSV_COLUMNS); streamed row by row."""
    name = str(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        try:
            header = [cell.strip().lower() for cell in next(reader, [])]
            where = {
                column: next((header.index(a) for a in aliases if a in header), None)
                for column, aliases in CSV_COLUMNS.items()
            }
            missing = [c for c in REQUIRED_COLUMNS if where[c] is None]
            if missing:
                raise ImportFailure(
                    name,
                    f"has no column {', '.join(missing)} (a fact-check CSV needs url, "
                    "claim and rating; title, publisher, date and language are optional)",
                )
            rows = ((reader.line_num, row) for row in reader if any(row))
            return _collect(((n, partial(_csv_row, r, where)) for n, r in rows), "line")
        except csv.Error as exc:
            raise ImportFailure(name, f"line {reader.line_num}: not CSV ({exc})") from None
        except UnicodeDecodeError:
            raise ImportFailure(name, "is not UTF-8 text") from None


def _csv_row(row: list[str], where: dict[str, int | None]) -> tuple[FactCheckRecord, list[str]]:
    def cell(column: str) -> str | None:
        index = where[column]
        return row[index].strip() or None if index is not None and index < len(row) else None

    date, notes = _date(cell("date"), "date")
    return FactCheckRecord(
        url=_url(cell("url"), "url"),
        claim=_required(cell("claim"), "claim", MAX_CLAIM_CHARS),
        rating=_required(cell("rating"), "rating", MAX_FIELD_CHARS),
        title=_optional(cell("title")) or "",
        publisher=_optional(cell("publisher")),
        published=date,
        language=_language(cell("language")),
    ), notes


def _name(value: Any, key: str = "name") -> str | None:
    """Text from a JSON-LD value: a string, an object's `key` (or name), or a list's first."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get(key) or value.get("name") or value.get("@value")
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return value if isinstance(value, str) else None


def _checked(value: str, field_name: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(field_name, "is not valid text (a lone surrogate)") from None
    return " ".join(value.split())


def _required(value: str | None, field_name: str, limit: int) -> str:
    text = _checked(value, field_name) if value is not None else ""
    if not text:
        raise ValidationError(field_name, "is missing or empty")
    if len(text) > limit:
        raise ValidationError(field_name, f"is longer than {limit} characters")
    return text


def _optional(value: str | None) -> str | None:
    if value is None:
        return None
    text = _checked(value, "text")[:MAX_FIELD_CHARS]
    return text or None


def _url(value: str | None, field_name: str) -> str:
    text = _required(value, field_name, MAX_FIELD_CHARS)
    if text.startswith(CLAIMDESK_URN):
        return text
    return normalise_url(text, field_name)


def _date(value: Any, field_name: str) -> tuple[dt.date | None, list[str]]:
    text = _name(value)
    if not text:
        return None, []
    match = _ISO_DATE.match(text.strip())
    try:
        if match:
            return dt.date(*map(int, match.groups())), []
    except ValueError:
        pass
    shown = " ".join(text.split())[:40]
    return None, [f"{field_name} {shown!r} is not a date (YYYY-MM-DD); read without a date"]


def _language(value: Any) -> str | None:
    text = _name(value, "alternateName")
    if not text:
        return None
    text = _checked(text, "inLanguage")
    return text[:16] or None
