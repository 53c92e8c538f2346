"""export(): format and target checks, filters, progress, and all-or-nothing writing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reportkit import Sample

from claimdesk.core.errors import ClaimdeskError, NotFoundError, OperationCancelled
from claimdesk.core.errors import ValidationError as FieldError
from claimdesk.reports import FORMATS, SUFFIXES, ExportError, export


def test_every_format_has_a_suffix() -> None:
    assert set(SUFFIXES) == set(FORMATS)


def test_unknown_format_is_refused_by_name(sample: Sample, tmp_path: Path) -> None:
    with pytest.raises(FieldError, match="format: 'docx' is not one of html, pdf"):
        export(sample.store, "docx", tmp_path / "r.docx")


@pytest.mark.parametrize(
    ("target", "message"),
    [("missing/r.html", "no such folder"), (".", "is a folder")],
)
def test_unusable_target_is_refused_before_any_work(
    sample: Sample, tmp_path: Path, target: str, message: str
) -> None:
    with pytest.raises(ExportError, match=message):
        export(sample.store, "html", tmp_path / target)


def test_a_file_standing_where_the_folder_should_be(sample: Sample, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    with pytest.raises(ClaimdeskError, match="plain: no such folder"):
        export(sample.store, "csv", tmp_path / "plain" / "r.csv")


def test_unknown_article_and_status_are_named(sample: Sample, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="article ffffffff"):
        export(sample.store, "json", tmp_path / "r.json", article_ids=["ffffffff"])
    with pytest.raises(FieldError, match="status: 'true' is not one of"):
        export(sample.store, "json", tmp_path / "r.json", statuses=["true"])
    assert not list(tmp_path.glob("r.json*"))


def test_filters_by_article_prefix_and_status(sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = export(
        sample.store, "json", out, article_ids=[sample.palantir[:8]], statuses=["Speculative"]
    )
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [a["id"] for a in document["articles"]] == [sample.palantir]
    assert [c["id"] for c in document["articles"][0]["claims"]] == [sample.claims["allegedly"]]
    assert document["filters"] == {"article_ids": [sample.palantir], "statuses": ["speculative"]}
    assert (result.path, result.articles, result.claims) == (out, 1, 1)


def test_a_status_filter_leaves_out_articles_without_such_claims(
    sample: Sample, tmp_path: Path
) -> None:
    result = export(sample.store, "csv", tmp_path / "r.csv", statuses=["dismissed"])
    assert (result.articles, result.claims) == (1, 1)


def test_progress_counts_articles_then_the_write(sample: Sample, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    export(sample.store, "md", tmp_path / "r.md", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize("fmt", ["html", "csv", "json"])
def test_cancel_midway_leaves_no_file_and_no_temporary(
    sample: Sample, tmp_path: Path, fmt: str
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    out = folder / f"report.{fmt}"
    out.write_text("the previous report")
    progress: list[int] = []
    with pytest.raises(OperationCancelled):
        export(
            sample.store,
            fmt,
            out,
            progress=lambda done, total: progress.append(done),
            is_cancelled=lambda: len(progress) >= 2,  # after the first article
        )
    assert progress == [0, 1]
    assert [p.name for p in folder.iterdir()] == [out.name]
    assert out.read_text() == "the previous report"


def test_new_reports_get_ordinary_permissions(sample: Sample, tmp_path: Path) -> None:
    out = export(sample.store, "json", tmp_path / "r.json").path
    assert out.stat().st_mode & 0o644 == 0o644
