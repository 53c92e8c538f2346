"""The legend counts the open article's claims by status ("3 sourced") and keeps the tag keys
out of its text, so no key reads as a tally (issue 14 item 5)."""

from __future__ import annotations

import itertools
import re

import pytest
from prepared_library import reviewed_db, reviewed_template  # noqa: F401 - fixtures
from PySide6.QtCore import Qt

from claimdesk.ui.legend import Legend
from claimdesk.ui.palette import STYLES


def counts_said(legend: Legend) -> dict[str, int]:
    """{status name: count} from the legend's text: "N name" entries, then perhaps the faint
    candidates' "N candidates hidden" (under "candidates")."""
    *entries, last = legend.text().split(" · ")
    if not re.fullmatch(r"\d+ candidates( hidden)?", last):
        entries.append(last)
    assert all(re.fullmatch(r"\d+ [a-z]+", e) for e in entries), legend.text()
    said = {name: int(n) for n, name in (e.split(" ") for e in entries)}
    return said if last in entries else {**said, "candidates": int(last.split(" ")[0])}


def recount(window) -> dict[str, int]:
    """{status name: count} of the claims listed, and the candidates not listed."""
    rows = window.claims.model.rows()
    counts = {s.label.lower(): sum(c.status == s.status for c in rows) for s in STYLES.values()}
    faint = [c for c in window.controller.gateway.recorded_claims() if not c.highlighted]
    return {**counts, "candidates": len(faint)} if faint else counts


@pytest.mark.usefixtures("reviewed_db")
def test_the_legend_counts_claims_and_follows_a_tag(qtbot, open_workspace):
    window = open_workspace()
    legend = window.findChild(Legend)
    rows = window.claims.model.rows()
    expected = recount(window)
    assert expected["sourced"] == expected["disputed"] == expected["dismissed"] == 1
    assert expected["candidates"] > 0  # not listed, but counted: "N candidates hidden"
    qtbot.waitUntil(lambda: counts_said(legend) == expected)
    assert "[" not in legend.text() and legend.accessibleDescription() == legend.text()

    unreviewed = next(c for c in rows if c.status == "unreviewed")
    window.claims.select_claim(unreviewed.id)
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # tag it sourced
    assert counts_said(legend)["sourced"] == 2
    # Its place among the highlights may go to the best candidate (issue 12's budget).
    after = recount(window)
    assert counts_said(legend) == after
    assert after["unreviewed"] + after.get("candidates", 0) == (
        expected["unreviewed"] + expected["candidates"] - 1
    )


@pytest.mark.usefixtures("reviewed_db")
def test_keys_are_in_each_entrys_tooltip_and_not_drawn(qtbot, open_workspace):
    window = open_workspace()
    legend = window.findChild(Legend)
    qtbot.waitUntil(lambda: "unreviewed" in legend.text())
    image = legend.grab().toImage()
    background = image.pixelColor(1, 1)
    items = legend.items()
    for item, following in itertools.pairwise(items):
        if following.rect.top() != item.rect.top():
            continue  # the row wraps here
        # After each name, up to the next entry's icon: nothing drawn (a key cap was).
        after = [
            image.pixelColor(x, y)
            for x in range(round(item.label.right()) + 2, round(following.rect.left()) - 1)
            for y in range(round(item.rect.top()), round(item.rect.bottom()))
        ]
        assert after and all(c == background for c in after), f"drawn after {item.label_text}"
    for item in legend.items():
        centre = item.rect.center()
        tip = legend.tooltip_at(centre.x(), centre.y())
        assert tip is not None and f"press {item.style.key} " in tip, tip
        assert item.count.right() <= item.label.left(), "the count comes before the name"
    assert legend.tooltip_at(-5, -5) is None
    assert "key" in legend.toolTip()
