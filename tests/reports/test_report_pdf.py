"""The PDF report, read back: A4 pages, the report's text, and working evidence links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reportkit import Sample

from claimdesk.reports import export

pypdf = pytest.importorskip("pypdf")


def read_pdf(path: Path) -> tuple[pypdf.PdfReader, str, list[str]]:
    """The document, its text with white space folded, and the addresses it links to."""
    reader = pypdf.PdfReader(path)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    return reader, text, links


def test_pdf_has_the_report_on_a4_pages(sample: Sample, tmp_path: Path, qapp: object) -> None:
    out = export(sample.store, "pdf", tmp_path / "r.pdf", organisation="Example Fact Desk").path
    assert out.read_bytes().startswith(b"%PDF-")
    reader, text, links = read_pdf(out)
    assert len(reader.pages) > 2
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert reader.metadata is not None and reader.metadata.title.startswith("Fact-check report")
    assert "Example Fact Desk" in text and "Summary" in text and "All articles" in text
    assert "Fujitsu and Palantir have been working together since 2020." in text
    assert re.search(r"Needs review by lena", text)
    assert "Sources disagree on whether this was a full withdrawal." in text
    assert "https://example.org/fund/statement" in links
    assert "https://doi.org/10.5555/market.2026.17" in links


def test_pdf_respects_filters(sample: Sample, tmp_path: Path, qapp: object) -> None:
    out = export(
        sample.store,
        "pdf",
        tmp_path / "r.pdf",
        article_ids=[sample.anthropic],
        statuses=["sourced"],
    ).path
    _, text, _ = read_pdf(out)
    assert "The deal, announced on May 27, 2026" in text
    assert "Palantir have been working together" not in text
    assert "Speculative · Needs review" not in text
