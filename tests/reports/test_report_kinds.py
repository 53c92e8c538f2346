"""Publication and working copy: what each shows, parsed back; headings; the command line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from reportkit import Sample, parse_html

from claimdesk.core import signoff
from claimdesk.core.importing import draft_from_bytes
from claimdesk.core.services import articles, claims
from claimdesk.core.store import Store
from claimdesk.reports import export

# Words that belong to the detector or the working copy, never to a published report.
INTERNAL = re.compile(
    r"\bscore\b|check-worthiness|why checkable|\bsuggested\b|0\.82|date: may 27|detected", re.I
)


def _html(sample: Sample, tmp_path: Path, **options: object) -> str:
    out = export(sample.store, "html", tmp_path / "r.html", organisation="Desk", **options)
    return out.path.read_text(encoding="utf-8")


def _notes_text(source: str) -> str:
    return " ".join(e.text for e in parse_html(source) if "note" in e.classes)


def test_publication_holds_no_detector_internals_and_only_public_notes(
    sample: Sample, tmp_path: Path
) -> None:
    source = _html(sample, tmp_path)  # the default kind
    elements = parse_html(source)
    body = next(e for e in elements if e.tag == "body").text
    assert not INTERNAL.search(body), INTERNAL.search(body)
    notes = _notes_text(source)
    assert "Date and scope match the company's own announcement." in notes  # public
    assert "A forecast, not a fact" not in body and "Sources disagree" not in body  # private
    shown = {e.attrs["id"] for e in elements if "note" in e.classes}
    assert shown == {f"note-{sample.claims[k]}" for k in sample.claims} - {
        f"note-{sample.claims['revealed']}",  # unreviewed
        f"note-{sample.claims['narrative']}",  # dismissed
    }
    assert "Approved by lena" in notes and "Verdict by ana" in notes  # the sign-off


def test_working_copy_still_shows_everything(sample: Sample, tmp_path: Path) -> None:
    source = _html(sample, tmp_path, kind="working", include_dismissed=True)
    notes = _notes_text(source)
    for detail in ("check-worthiness 0.82", "Why checkable", "Suggested", "A forecast, not a fact"):
        assert detail in notes
    assert "(private)" in notes and "(public)" in notes
    assert len([e for e in parse_html(source) if "note" in e.classes]) == len(sample.claims)


def test_unreviewed_and_dismissed_claims_only_when_asked(sample: Sample, tmp_path: Path) -> None:
    def shown(**options: object) -> set[str]:
        return {e.attrs.get("id", "") for e in parse_html(_html(sample, tmp_path, **options))}

    revealed, narrative = (f"note-{sample.claims[k]}" for k in ("revealed", "narrative"))
    assert revealed not in shown() and narrative not in shown()
    assert revealed in shown(include_unreviewed=True)
    assert narrative in shown(include_dismissed=True)
    assert narrative not in shown(kind="working")  # dismissed stay out of a working copy too


def test_a_self_approval_is_marked(sample: Sample, tmp_path: Path) -> None:
    with sample.store.transaction() as session:
        signoff.set_second_person_policy(session, False, actor="lena")
        claims.set_review_state(session, sample.claims["withdrawn"], "draft", actor="ana")
        claims.set_review_state(session, sample.claims["withdrawn"], "approved", actor="ana")
    (note,) = [
        e
        for e in parse_html(_html(sample, tmp_path))
        if e.attrs.get("id") == f"note-{sample.claims['withdrawn']}"
    ]
    assert "self-approved" in note.text


MARKDOWN_ARTICLE = (
    "---\ntitle: Budget\n---\n# Budget\n\n## Spending\n\n"
    "The council approved the budget on 3 May 2026.\n\n### Details\n\n"
    "Turnout fell to 41 percent.\n"
)


def _article_with_headings(store: Store) -> None:
    with store.transaction() as session:
        draft = draft_from_bytes(MARKDOWN_ARTICLE.encode(), "budget.md")
        article = articles.import_draft(session, draft).article
        start = article.text.index("The council")
        claim = claims.add_claim(session, article.id, start, start + 46, actor="ana")
        claims.set_status(session, claim.id, "sourced", actor="ana")


def test_article_headings_keep_their_structure(store: Store, tmp_path: Path) -> None:
    _article_with_headings(store)
    source = export(store, "html", tmp_path / "r.html").path.read_text(encoding="utf-8")
    text = [e for e in parse_html(source) if any("text" in a.classes for a in e.ancestors)]
    assert [(e.tag, e.text) for e in text if e.tag[0] == "h"] == [
        ("h3", "Spending"),
        ("h4", "Details"),
    ]  # the "# Budget" headline is the article's own heading already
    markdown = export(store, "md", tmp_path / "r.md").path.read_text(encoding="utf-8")
    assert "\n### Spending\n" in markdown and "\n#### Details\n" in markdown
    assert "\n# Budget" not in markdown.split("## Budget", 1)[1]


def _cli(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimdesk", "--db", str(db), "export", *argv],
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard only
        check=False,
    )


def test_the_command_line_names_what_claimreview_lacks(
    sample: Sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAIMDESK_ORGANISATION", raising=False)
    db = sample.store.path
    sample.store.close()
    out = tmp_path / "r.jsonld"
    result = _cli(db, "--format", "claimreview", "--out", str(out))
    assert result.returncode == 2
    assert "--organisation" in result.stderr and "--report-url" in result.stderr
    result = _cli(db, "--format", "claimreview", "--out", str(out), "--organisation", "Desk")
    assert result.returncode == 2 and "--report-url" in result.stderr
    html = tmp_path / "r.html"
    result = _cli(db, "--format", "html", "--out", str(html), "--include-unapproved")
    assert result.returncode == 2 and "--include-unapproved is for claimreview" in result.stderr
    assert not html.exists()
    assert "--organisation" not in result.stderr
    assert not out.exists()
    url = "https://desk.example/r.html"
    result = _cli(
        db, "--format", "claimreview", "--out", str(out), "--organisation", "D", "--report-url", url
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{out}: 2 articles, 2 claims"
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 2


def test_the_command_line_counts_in_words_and_applies_the_same_filters(
    sample: Sample, tmp_path: Path
) -> None:
    db = sample.store.path
    sample.store.close()
    out = tmp_path / "r.json"
    chosen = ("--article", sample.anthropic, "--status", "sourced")
    result = _cli(db, "--format", "json", "--out", str(out), *chosen)
    assert result.returncode == 0 and result.stdout == f"{out}: 1 article, 1 claim\n"
    result = _cli(db, "--format", "html", "--out", str(tmp_path / "r.html"), "--kind", "working")
    assert result.returncode == 0 and result.stdout.endswith(": 2 articles, 6 claims\n")
    result = _cli(db, "--format", "csv", "--out", str(tmp_path / "r.csv"), "--kind", "publication")
    assert result.returncode == 2 and "--kind" in result.stderr
