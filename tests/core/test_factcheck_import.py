"""Importing fact-checks: each format, duplicates updated, bad records and files reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from claimdesk.core.errors import ImportFailure, NotFoundError
from claimdesk.core.factchecks.formats import read_file
from claimdesk.core.factchecks.library import import_file, list_factchecks, remove_factchecks
from claimdesk.core.models import FactCheck


def review(n: int, **extra: object) -> dict[str, object]:
    item: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://checks.example/{n}",
        "claimReviewed": f"Claim number {n} about windmills and cancer",
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "author": {"@type": "Organization", "name": "Example Checks"},
        "datePublished": "2021-03-04",
        "inLanguage": "en",
    }
    item.update(extra)
    return item


def write(tmp_path: Path, name: str, content: object) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


def stored(store) -> dict[str, FactCheck]:
    return {f.url: f for f in list_factchecks(store)}


@pytest.mark.parametrize(
    "document",
    [
        review(1),
        [review(1), review(2)],
        {"@context": "https://schema.org", "@graph": [{"@type": "Organization"}, review(1)]},
        {
            "@type": "DataFeed",
            "dataFeedElement": [
                {"@type": "DataFeedItem", "item": [review(1)]},
                {"@type": "DataFeedItem", "item": review(2)},
            ],
        },
        [{**review(1), "@type": ["schema:ClaimReview"]}],
    ],
    ids=["single", "array", "graph", "datafeed", "prefixed-type"],
)
def test_json_ld_shapes_are_read(store, tmp_path: Path, document) -> None:
    summary = import_file(store, write(tmp_path, "feed.json", document))
    found = stored(store)
    assert summary.added == len(found) >= 1 and summary.problems == []
    first = found["https://checks.example/1"]
    assert first.rating == "False" and first.publisher == "Example Checks"
    assert first.published.isoformat() == "2021-03-04" and first.language == "en"


def test_duplicate_urls_are_updated_not_doubled(store, tmp_path: Path) -> None:
    import_file(store, write(tmp_path, "a.json", [review(1), review(2)]))
    newer = review(1, reviewRating={"alternateName": "Mostly false"})
    summary = import_file(store, write(tmp_path, "b.json", [newer, newer, review(3)]))
    assert (summary.added, summary.updated) == (1, 1)
    found = stored(store)
    assert len(found) == 3 and found["https://checks.example/1"].rating == "Mostly false"
    assert found["https://checks.example/1"].source == "b.json"


def test_bad_records_are_reported_one_line_each_and_the_rest_imported(store, tmp_path) -> None:
    records = [
        review(1),
        review(2, claimReviewed=""),
        review(3, reviewRating={"@type": "Rating"}),
        review(4, url="javascript:alert(1)"),
        review(5, claimReviewed="\ud800 lone"),
        review(6, datePublished="last Tuesday"),
    ]
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(records), "utf-8")  # json keeps the lone surrogate as \ud800
    summary = import_file(store, path)
    assert summary.added == 2
    assert len(summary.problems) == 5
    assert all("\n" not in p for p in summary.problems)
    assert "record 2: claimReviewed" in summary.problems[0]
    assert "record 3: reviewRating.alternateName" in summary.problems[1]
    assert "record 4: url" in summary.problems[2]
    assert "record 6: datePublished" in summary.problems[4]
    assert stored(store)["https://checks.example/6"].published is None


def test_html_and_scripts_are_stored_as_text(store, tmp_path: Path) -> None:
    hostile = "<script>alert('x')</script><b>bold</b> claim"
    import_file(store, write(tmp_path, "h.json", review(1, claimReviewed=hostile)))
    assert stored(store)["https://checks.example/1"].claim == hostile


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not JSON"),
        ('{"@type": "Organization"}', "holds no ClaimReview"),
        ("[" * 100_000 + "]" * 100_000, "is not JSON"),
    ],
)
def test_unparseable_file_is_refused_whole(store, tmp_path, content, message) -> None:
    import_file(store, write(tmp_path, "ok.json", [review(9)]))
    with pytest.raises(ImportFailure, match=message):
        import_file(store, write(tmp_path, "bad.json", content))
    assert list(stored(store)) == ["https://checks.example/9"]


def test_a_file_above_the_limit_is_refused_before_it_is_read(store, tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: nothing written, 65 MB long
    with pytest.raises(ImportFailure, match="65 MB; files up to 64 MB"):
        import_file(store, path)


def test_nothing_is_half_imported_when_the_write_fails(store, tmp_path: Path) -> None:
    with store.transaction() as session:  # a trigger that fails on the third insert
        session.connection().exec_driver_sql(
            "CREATE TRIGGER boom BEFORE INSERT ON factchecks WHEN new.url LIKE '%/3' "
            "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
        )
    with pytest.raises(Exception, match="disk trouble"):
        import_file(store, write(tmp_path, "f.json", [review(1), review(2), review(3)]))
    assert stored(store) == {}


def test_csv_with_named_columns(store, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "checks.csv",
        "Claim,URL,Rating,Publisher,Date,Title\n"
        '"Windmills cause cancer, says senator",https://c.example/1,False,Ex,2020-05-06,T\n'
        ",https://c.example/2,False,Ex,2020-05-06,no claim\n"
        "Good one,https://c.example/3,True,,,\n",
    )
    summary = import_file(store, path)
    assert summary.added == 2
    assert summary.problems == ["line 3: claim: is missing or empty; left out"]
    first = stored(store)["https://c.example/1"]
    assert first.claim == "Windmills cause cancer, says senator" and first.title == "T"


def test_csv_without_required_columns_is_refused(store, tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "claim,url\nsomething,https://c.example/1\n")
    with pytest.raises(ImportFailure, match="has no column rating"):
        import_file(store, path)


def _claimdesk_claim(claim_id: str, status: str) -> dict[str, object]:
    return {
        "id": claim_id,
        "quote": f"Quote {status}",
        "status": status,
        "reviewed_by": "Ana",
        "reviewed_at": "2026-11-02T10:00:00+00:00",
        "updated_at": "2026-11-02T10:00:00+00:00",
    }


def test_claimdesk_exports_share_verdicts_under_the_claim_id(store, tmp_path: Path) -> None:
    ids = [f"0000000{n}-0000-4000-8000-000000000000" for n in range(3)]
    export = {
        "format": "claimdesk-export",
        "version": 1,
        "articles": [
            {
                "title": "Article X",
                "language": "en",
                "claims": [
                    _claimdesk_claim(ids[0], "disputed"),
                    _claimdesk_claim(ids[1], "unreviewed"),
                    _claimdesk_claim(ids[2], "sourced"),
                ],
            }
        ],
    }
    assert import_file(store, write(tmp_path, "export.json", export)).added == 2
    review_export = [  # the ClaimReview export of the same claim: the same record
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": ids[0],
            "claimReviewed": "Quote disputed",
            "reviewRating": {"@type": "Rating", "alternateName": "Disputed"},
            "datePublished": "2026-11-02",
        }
    ]
    summary = import_file(store, write(tmp_path, "claimreview.json", review_export))
    assert (summary.added, summary.updated) == (0, 1)
    found = stored(store)[f"urn:claimdesk:claim:{ids[0]}"]
    assert found.rating == "Disputed" and found.published.isoformat() == "2026-11-02"


def test_remove_by_id_and_all(store, tmp_path: Path) -> None:
    import_file(store, write(tmp_path, "a.json", [review(1), review(2), review(3)]))
    first = min(f.id for f in list_factchecks(store))
    with pytest.raises(NotFoundError):
        remove_factchecks(store, [first, 999])
    assert remove_factchecks(store, [first]) == 1
    assert remove_factchecks(store, None) == 2
    with store.reading() as session:
        assert session.scalars(select(FactCheck)).all() == []


def test_read_file_reports_every_record_once(tmp_path: Path) -> None:
    parsed = read_file(write(tmp_path, "f.json", [review(1), {"@type": "ClaimReview"}]))
    assert len(parsed.records) == 1 and len(parsed.problems) == 1
