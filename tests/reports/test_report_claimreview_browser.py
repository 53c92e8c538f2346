"""ClaimReview published as docs/exporting.md says, in a <script type="application/ld+json">,
loaded by a real browser: hostile text in any field runs nothing and reads back unchanged."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from headless_chromium import CHROMIUM, chromium_command
from reportkit import MARKER, SCRIPT_PAYLOAD, SCRIPT_PAYLOADS, add_script_payloads, parse_html

from claimdesk.core.store import Store
from claimdesk.reports import export

# The documented embedding, and a script of the page's own that runs after it: it shows what
# the browser parsed as JSON-LD (and that the markup did not swallow the rest of the page).
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Fact check</title>
<script type="application/ld+json">
{claimreview}</script>
</head>
<body>
<h1>Fact check</h1>
<pre id="parsed"></pre>
<script>
const markup = document.querySelector('script[type="application/ld+json"]').textContent;
document.getElementById("parsed").textContent = JSON.stringify(JSON.parse(markup));
</script>
</body>
</html>
"""


@pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="needs Debian's chromium (apt install chromium)"
)
def test_embedded_claimreview_runs_nothing_and_parses_back(store: Store, tmp_path: Path) -> None:
    add_script_payloads(store)
    out = export(
        store,
        "claimreview",
        tmp_path / "r.jsonld",
        organisation=SCRIPT_PAYLOAD,
        report_url="https://example.org/checks/r.html?</script>",
        include_unapproved=True,  # the payload's claim has a verdict, not an approval
    ).path
    published = out.read_text(encoding="utf-8")
    assert not {"<", ">", "&", "\u2028", "\u2029"} & set(published)
    items = json.loads(published)
    [item] = items
    folded = " ".join(SCRIPT_PAYLOAD.split())
    assert item["claimReviewed"] == folded
    assert item["reviewRating"]["ratingExplanation"] == SCRIPT_PAYLOAD
    assert item["itemReviewed"]["appearance"]["headline"] == SCRIPT_PAYLOAD
    assert item["itemReviewed"]["author"]["name"] == SCRIPT_PAYLOAD
    assert item["author"]["name"] == SCRIPT_PAYLOAD
    assert item["identifier"] == SCRIPT_PAYLOADS[0]

    page = tmp_path / "page.html"
    page.write_text(PAGE.format(claimreview=published), encoding="utf-8")
    dom = _dump_dom(page, tmp_path / "profile")
    elements = parse_html(dom)
    assert MARKER not in dom
    assert [e.attrs.get("type") for e in elements if e.tag == "script"] == [
        "application/ld+json",
        None,
    ]
    assert not [e for e in elements if e.tag in ("img", "svg")]
    [parsed] = [e.text for e in elements if e.attrs.get("id") == "parsed"]
    assert json.loads(parsed) == items


def _dump_dom(page: Path, profile: Path) -> str:
    """The page's DOM once its scripts (and, given virtual time, their timers) have run."""
    result = subprocess.run(
        chromium_command(profile, "--virtual-time-budget=2000", "--dump-dom", page.as_uri()),
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard only
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "<h1>Fact check</h1>" in result.stdout, result.stderr[-2000:]
    return result.stdout
