"""ClaimReview JSON-LD: one item per claim with a verdict, shaped as Google's markup asks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reportkit import Sample

from claimdesk.reports import export
from claimdesk.reports.claimreview import VERDICTS


def _items(sample: Sample, tmp_path: Path, **options: Any) -> list[dict[str, Any]]:
    out = export(sample.store, "claimreview", tmp_path / "r.jsonld", **options).path
    items: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))
    return items


def test_one_claimreview_per_claim_with_a_verdict(sample: Sample, tmp_path: Path) -> None:
    items = _items(sample, tmp_path, organisation="Example Fact Desk")
    reviewed = {"deal", "market", "since2020", "withdrawn", "allegedly"}
    assert {i["identifier"] for i in items} == {sample.claims[k] for k in reviewed}
    for item in items:
        assert item["@context"] == "https://schema.org" and item["@type"] == "ClaimReview"
        assert isinstance(item["claimReviewed"], str) and item["claimReviewed"]
        assert item["reviewRating"]["@type"] == "Rating"
        assert item["reviewRating"]["alternateName"] in VERDICTS.values()
        assert item["author"] == {"@type": "Organization", "name": "Example Fact Desk"}
        assert item["itemReviewed"]["@type"] == "Claim"
        assert len(item["datePublished"]) == 10  # an ISO date
        assert "url" not in item  # no publication address was given


def test_fields_follow_the_article_and_the_review(sample: Sample, tmp_path: Path) -> None:
    items = _items(sample, tmp_path, report_url="https://example.org/checks/fujitsu.html")
    deal = next(i for i in items if i["identifier"] == sample.claims["deal"])
    assert deal["reviewRating"]["alternateName"] == "Supported by sources"
    assert deal["reviewRating"]["ratingExplanation"].startswith("Date and scope match")
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
    assert deal["url"] == f"https://example.org/checks/fujitsu.html#note-{sample.claims['deal']}"
    assert "author" not in deal  # no organisation given
    withdrawn = next(i for i in items if i["identifier"] == sample.claims["withdrawn"])
    assert withdrawn["reviewRating"]["alternateName"] == "Disputed"
    assert withdrawn["itemReviewed"] == {"@type": "Claim"}  # no source URL, author or date
