"""Hostile text written straight into the database is shown as text in every report, never run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from reportkit import XSS, XSS_IMG, XSS_SCRIPT, XSS_SVG, Sample, add_hostile_article, parse_html

from claimdesk.reports import export


@pytest.fixture
def hostile(sample: Sample) -> Sample:
    add_hostile_article(sample.store)
    return sample


def test_html_escapes_every_field(hostile: Sample, tmp_path: Path) -> None:
    source = export(hostile.store, "html", tmp_path / "r.html").path.read_text(encoding="utf-8")
    elements = parse_html(source)
    assert "<script" not in source.lower()
    assert not [e for e in elements if e.tag in ("script", "img", "svg", "iframe", "object")]
    assert not [(e.tag, a) for e in elements for a in e.attrs if a.lower().startswith("on")]
    addresses = [v for e in elements for a, v in e.attrs.items() if a in ("href", "src")]
    assert not [v for v in addresses if v.strip().lower().startswith("javascript:")]
    assert all(v.startswith(("#", "https://", "http://")) for v in addresses)
    # Shown, as text, where a reader expects it.
    highlights = [e.text for e in elements if "claim" in e.classes and "st-disputed" in e.classes]
    assert XSS in highlights
    assert any(e.tag == "h2" and e.text == f"Title {XSS}" for e in elements)
    unsafe = [e.text for e in elements if "unsafe" in e.classes]
    assert "javascript:alert(1)" in unsafe  # the source URL and the evidence URL, as text
    quoted = "https://example.org/ok?q=%22%3E%3Csvg/onload=alert%281%29%3E"  # XSS_SVG encoded
    assert any(e.attrs.get("href") == quoted for e in elements)
    assert any(e.text == f"https://example.org/ok?q={XSS_SVG}" for e in elements)  # shown as is


def test_markdown_holds_no_markup_from_user_text(hostile: Sample, tmp_path: Path) -> None:
    text = export(hostile.store, "md", tmp_path / "r.md").path.read_text(encoding="utf-8")
    assert "<" not in text and ">" not in text.replace("\n> ", "\n")
    assert not re.search(r"(?<!\\)\]\(\s*javascript:", text)  # no unescaped link to it
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "\\[md\\](javascript:alert(1))" in text
    # A short line of plain text reads as a heading; its "#" stays a literal character in it.
    assert "\n### \\# Not a heading\n" in text


def test_pdf_shows_hostile_text_literally_and_links_nothing_unsafe(
    hostile: Sample, tmp_path: Path, qapp: object
) -> None:
    pypdf = pytest.importorskip("pypdf")
    out = export(hostile.store, "pdf", tmp_path / "r.pdf").path
    reader = pypdf.PdfReader(out)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    # Literal text proves Qt was given escaped text, not markup to interpret.
    assert XSS_SCRIPT in text and XSS_IMG.replace('"', "") in text.replace('"', "")
    uris = [
        a.get_object()["/A"].get("/URI", "")
        for page in reader.pages
        for a in page.get("/Annots") or []
        if "/A" in a.get_object()
    ]
    assert uris and not [u for u in uris if not u.startswith(("https://", "http://"))]


def test_claimreview_never_publishes_an_unsafe_address(hostile: Sample, tmp_path: Path) -> None:
    options = {"organisation": "Desk", "report_url": "https://desk.example/r.html"}
    out = export(
        hostile.store, "claimreview", tmp_path / "r.jsonld", include_unapproved=True, **options
    ).path
    items = json.loads(out.read_text(encoding="utf-8"))
    assert "javascript:" not in json.dumps([i["itemReviewed"] for i in items])
    hostile_item = next(i for i in items if i["claimReviewed"] == XSS)
    assert "appearance" not in hostile_item["itemReviewed"]
