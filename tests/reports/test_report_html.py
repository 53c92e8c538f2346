"""The HTML report, parsed back: highlights, notes, evidence links, summary numbers."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from reportkit import Element, Sample, parse_html

from claimdesk.reports import export
from claimdesk.reports.collect import collect
from claimdesk.reports.view import article_view


def _report(sample: Sample, tmp_path: Path, **options: object) -> tuple[str, list[Element]]:
    """The working copy with every claim (the publication is tested in test_report_kinds)."""
    options = {"kind": "working", "include_dismissed": True, **options}
    out = export(sample.store, "html", tmp_path / "r.html", organisation="Desk", **options).path
    source = out.read_text(encoding="utf-8")
    return source, parse_html(source)


def _by_id(elements: list[Element], element_id: str) -> Element:
    (found,) = [e for e in elements if e.attrs.get("id") == element_id]
    return found


def test_claims_are_highlighted_in_their_status_with_a_numbered_note(
    sample: Sample, tmp_path: Path
) -> None:
    _, elements = _report(sample, tmp_path)
    expected = {
        "deal": "st-sourced",
        "market": "st-speculative",
        "revealed": "st-unreviewed",
        "narrative": "st-dismissed",
        "withdrawn": "st-disputed",
    }
    for short, status_class in expected.items():
        claim_id = sample.claims[short]
        highlight = _by_id(elements, f"claim-{claim_id}")
        assert {"claim", status_class} <= highlight.classes
        note = _by_id(elements, f"note-{claim_id}")
        assert status_class in note.classes
        refs = [e for e in elements if e.attrs.get("href") == f"#note-{claim_id}"]
        assert len(refs) == 1 and status_class in refs[0].classes
    deal = _by_id(elements, f"claim-{sample.claims['deal']}")
    assert deal.text.startswith("The deal, announced on May 27, 2026")


def test_notes_show_review_state_evidence_and_note(sample: Sample, tmp_path: Path) -> None:
    _, elements = _report(sample, tmp_path)
    market = _by_id(elements, f"note-{sample.claims['market']}")
    assert "Speculative" in market.text
    assert "Needs review by lena" in market.text
    assert "A forecast, not a fact" in market.text
    assert "Suggested" in market.text and "announced" in market.text
    links = {e.attrs["href"]: e.text for e in elements if e.tag == "a"}
    assert links["https://doi.org/10.5555/market.2026.17"] == "Market sizing study"
    assert links["https://example.org/analyst/forecast"] == "https://example.org/analyst/forecast"
    withdrawn = _by_id(elements, f"note-{sample.claims['withdrawn']}")
    assert "refutes" in withdrawn.text and "supports" in withdrawn.text
    assert "Approved by lena" in _by_id(elements, f"note-{sample.claims['deal']}").text


def test_summary_rolls_up_statuses_and_review_per_article(sample: Sample, tmp_path: Path) -> None:
    _, elements = _report(sample, tmp_path)
    summary = next(e for e in elements if "summary" in e.classes)
    rows = [e for e in elements if e.tag == "tr" and summary in e.ancestors]
    cells = [
        [c.text.strip() for c in elements if c.tag in ("td", "th") and row in c.ancestors]
        for row in rows
    ]
    # Article, claims to check, sourced, disputed, speculative, unreviewed, dismissed,
    # % reviewed, % approved.
    assert cells[1][1:] == ["3", "1", "0", "1", "1", "1", "67%", "33%"]  # 2 of 3 reviewed
    assert cells[2][1:] == ["3", "1", "1", "1", "0", "0", "100%", "33%"]  # 1 of 3 approved
    assert cells[3] == ["All articles", "6", "2", "1", "2", "1", "1", "83%", "33%"]


def test_report_is_self_contained_and_has_a_legend(sample: Sample, tmp_path: Path) -> None:
    source, elements = _report(sample, tmp_path)
    assert not [e for e in elements if e.tag in ("script", "link", "img", "iframe")]
    external = [e.attrs["href"] for e in elements if e.tag == "a"]
    assert all(h.startswith(("#", "https://")) for h in external)
    assert "@media print" in source and "url(" not in source and "@import" not in source
    legend = next(e for e in elements if "legend" in e.classes)
    for label in ("Sourced", "Disputed", "Speculative", "Unreviewed", "Dismissed"):
        assert label in legend.text
    assert "Desk" in next(e for e in elements if "meta" in e.classes).text


def test_paragraphs_follow_line_breaks_and_headings_stay_headings(
    sample: Sample, tmp_path: Path
) -> None:
    _, elements = _report(sample, tmp_path, article_ids=[sample.palantir])
    in_text = [e for e in elements if any("text" in a.classes for a in e.ancestors)]
    paragraphs = [e.text for e in in_text if e.tag == "p"]
    headings = [e.text for e in in_text if e.tag in ("h3", "h4")]
    # The seed's eight lines: one section heading and seven paragraphs (the first is a whole
    # sentence, of which the title is a clipped copy: it stays in the text).
    assert headings == ["Palantir, Genocide and Deportations"]
    assert len(paragraphs) == 7


def test_overlapping_and_out_of_range_claims_never_break_the_text(sample: Sample) -> None:
    with collect(sample.store, article_ids=[sample.palantir]) as report:
        article = next(report.articles())
    first = article.claims[0]
    inside = dataclasses.replace(first, id="inside", start=first.start + 2, end=first.end - 2)
    later = dataclasses.replace(first, id="later", start=first.start + 5, end=first.end + 10)
    beyond = dataclasses.replace(first, id="beyond", start=len(article.text) + 5, end=10**6)
    view = article_view(
        dataclasses.replace(article, claims=(first, inside, later, beyond, *article.claims[1:]))
    )
    rebuilt = ["".join(p.text for p in para.pieces).strip() for para in view.paragraphs]
    lines = [line.strip() for line in article.text.split("\n") if line.strip()]
    assert rebuilt == lines
    shown = {n.claim.id: n.highlighted for n in view.notes}
    assert shown["inside"] is False and shown["beyond"] is False and shown["later"] is True
    clipped = [
        p
        for para in view.paragraphs
        for p in para.pieces
        if p.claim and p.claim.claim.id == "later"
    ]
    assert clipped[0].text == article.text[first.end : first.end + 10]
