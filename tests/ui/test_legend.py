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
    """{status name: count} from the legend's text, which must be only "N name" entries."""
    entries = legend.text().split(" · ")
    assert all(re.fullmatch(r"\d+ [a-z]+", e) for e in entries), legend.text()
    return {name: int(n) for n, name in (e.split(" ") for e in entries)}


@pytest.mark.usefixtures("reviewed_db")
def test_the_legend_counts_claims_and_follows_a_tag(qtbot, open_workspace):
    window = open_workspace()
    legend = window.findChild(Legend)
    rows = window.claims.model.rows()
    expected = {s.label.lower(): sum(c.status == s.status for c in rows) for s in STYLES.values()}
    assert expected["sourced"] == expected["disputed"] == expected["dismissed"] == 1
    qtbot.waitUntil(lambda: counts_said(legend) == expected)
    assert "[" not in legend.text() and legend.accessibleDescription() == legend.text()

    unreviewed = next(c for c in rows if c.status == "unreviewed")
    window.claims.select_claim(unreviewed.id)
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # tag it sourced
    assert counts_said(legend)["sourced"] == 2
    assert counts_said(legend)["unreviewed"] == expected["unreviewed"] - 1


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
