"""ClaimReview JSON-LD: approved verdicts only, each with the fields Google's markup requires."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from reportkit import Sample

from claimdesk.core.errors import ValidationError
from claimdesk.reports import export
from claimdesk.reports.claimreview import VERDICTS

ORG = "Example Fact Desk"
URL = "https://example.org/checks/fujitsu.html"
APPROVED = {"deal", "since2020"}  # the sample's approved verdicts
WITH_VERDICT = APPROVED | {"market", "withdrawn", "allegedly"}


def _export(sample: Sample, tmp_path: Path, **options: Any) -> tuple[list[dict[str, Any]], Any]:
    options = {"organisation": ORG, "report_url": URL, **options}
    result = export(sample.store, "claimreview", tmp_path / "r.jsonld", **options)
    items: list[dict[str, Any]] = json.loads(result.path.read_text(encoding="utf-8"))
    return items, result


def test_only_approved_verdicts_by_default_and_the_summary_counts_them(
    sample: Sample, tmp_path: Path
) -> None:
    items, result = _export(sample, tmp_path)
    assert {i["identifier"] for i in items} == {sample.claims[k] for k in APPROVED}
    assert (result.articles, result.claims) == (2, len(items))
    assert result.summary == "2 articles, 2 claims"


def test_unapproved_verdicts_only_when_asked_by_name(sample: Sample, tmp_path: Path) -> None:
    items, result = _export(sample, tmp_path, include_unapproved=True)
    assert {i["identifier"] for i in items} == {sample.claims[k] for k in WITH_VERDICT}
    assert result.claims == len(items) == 5  # never the unreviewed or dismissed ones


def test_every_item_has_the_fields_google_requires(sample: Sample, tmp_path: Path) -> None:
    items, _ = _export(sample, tmp_path, include_unapproved=True)
    for item in items:
        assert item["@context"] == "https://schema.org" and item["@type"] == "ClaimReview"
        assert isinstance(item["claimReviewed"], str) and item["claimReviewed"].strip()
        assert item["reviewRating"]["@type"] == "Rating"
        assert item["reviewRating"]["alternateName"] in VERDICTS.values()
        assert item["url"].startswith(URL + "#note-")
        assert item["author"] == {"@type": "Organization", "name": ORG}
        dt.date.fromisoformat(item["datePublished"])
        assert item["itemReviewed"]["@type"] == "Claim"


@pytest.mark.parametrize(
    ("options", "field"),
    [({"organisation": ""}, "organisation"), ({"report_url": "  "}, "report URL")],
)
def test_organisation_and_report_url_are_required(
    sample: Sample, tmp_path: Path, options: dict[str, str], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _export(sample, tmp_path, **options)
    assert caught.value.field == field
    assert not (tmp_path / "r.jsonld").exists()


def test_only_public_notes_explain_a_rating(sample: Sample, tmp_path: Path) -> None:
    items, _ = _export(sample, tmp_path, include_unapproved=True)
    by_id = {i["identifier"]: i for i in items}
    deal = by_id[sample.claims["deal"]]["reviewRating"]
    assert deal["ratingExplanation"].startswith("Date and scope match")  # public
    withdrawn = by_id[sample.claims["withdrawn"]]["reviewRating"]
    assert "ratingExplanation" not in withdrawn  # private
    assert "Sources disagree" not in json.dumps(items)


def test_fields_follow_the_article_and_the_review(sample: Sample, tmp_path: Path) -> None:
    items, _ = _export(sample, tmp_path, include_unapproved=True)
    deal = next(i for i in items if i["identifier"] == sample.claims["deal"])
    assert deal["reviewRating"]["alternateName"] == "Supported by sources"
    assert deal["itemReviewed"] == {
        "@type": "Claim",
        "appearance": {
            "@type": "CreativeWork",
            "url": "https://example.org/news/fujitsu",
            "headline": deal["itemReviewed"]["appearance"]["headline"],
        },
        "author": {"@type": "Person", "name": "Example Newsroom"},
        "datePublished": "2026-05-27",
    }
    assert deal["url"] == f"{URL}#note-{sample.claims['deal']}"
    withdrawn = next(i for i in items if i["identifier"] == sample.claims["withdrawn"])
    assert withdrawn["reviewRating"]["alternateName"] == "Disputed"
    assert withdrawn["itemReviewed"] == {"@type": "Claim"}  # no source URL, author or date
