"""The Markdown report: same structure as the HTML one, user text escaped as literal text."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportkit import Sample

from claimdesk.reports import export
from claimdesk.reports.templating import md_escape, md_link


def test_markdown_has_summary_highlights_and_notes(sample: Sample, tmp_path: Path) -> None:
    out = export(sample.store, "md", tmp_path / "r.md", kind="working", include_dismissed=True)
    text = out.path.read_text(encoding="utf-8")
    assert "| **All articles** | 6 | 2 | 1 | 2 | 1 | 1 | 83% | 33% |" in text
    assert "**Fujitsu and Palantir have been working together since 2020.** _(1 ✓ sourced)_" in text
    assert "~~This report deconstructs the official narrative" in text
    assert "#### 1. ✓ Sourced · Approved by lena," in text
    assert "  - _refutes_ [Fund statement](https://example.org/fund/statement)" in text
    assert "[Market sizing study](https://doi.org/10.5555/market.2026.17)" in text
    # A note's line break must not end its list item.
    assert "Sources disagree on whether this was a full withdrawal. Ask the fund" in text
    # The seed's "- Watch for:" lines stay text, not list items of the report.
    assert "\n\\- Watch for:" in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("<b>&amp;</b>", "&lt;b&gt;&amp;amp;&lt;/b&gt;"),
        ("# title", "\\# title"),
        ("1. first", "1\\. first"),
        ("a | b ~~c~~", "a \\| b \\~\\~c\\~\\~"),
        ("USD 9.43 billion - up", "USD 9.43 billion - up"),
    ],
)
def test_md_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped


def test_md_links_only_for_safe_addresses() -> None:
    assert md_link("a (b)", "https://e.org/x_(y)") == "[a (b)](https://e.org/x_%28y%29)"
    assert md_link("", "doi:10.1000/abc") == "[doi:10.1000/abc](https://doi.org/10.1000/abc)"
    assert md_link("t", "javascript:alert(1)") == "t — javascript:alert(1)"
