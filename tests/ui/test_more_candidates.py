"""Issue 12 item 3 in the window: only highlighted claims by default, the rest on request as
faint "more candidates" (C, a menu item or the box by the claims list), remembered across
restarts; tagging a candidate makes it a claim; every count agrees with what is listed."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMenu
from ui_helpers import near

from claimdesk.core.highlight_reads import highlighted_in
from claimdesk.core.store import open_store
from claimdesk.ui.article_list import SummaryRole
from claimdesk.ui.article_view import mark_style
from claimdesk.ui.legend import Legend
from claimdesk.ui.palette import CANDIDATE, STYLES

KEY = Qt.Key


def stored_highlights(db_path, article_id: str) -> frozenset[str]:
    """What `claimdesk claims` lists by default for the article, read from the file."""
    store = open_store(db_path)
    try:
        with store.reading() as session:
            return highlighted_in(session, [article_id])
    finally:
        store.close()


def listed(window) -> set[str]:
    return {c.id for c in window.claims.model.rows()}


def in_view(window) -> set[str]:
    return {c.id for c in window.view._claims}


def faint(window) -> list:
    return [c for c in window.controller.gateway.recorded_claims() if not c.highlighted]


def meta_text(window) -> str:
    return window.meta.text().replace("\u00a0", " ")


def assert_counts_agree(window) -> None:
    """The panel, the inspector's "Claim N of M", the line under the title, the box and the
    legend all count what is listed, and say how many candidates are hidden."""
    rows = window.claims.model.rows()
    to_check = sum(c.status != "dismissed" for c in rows)
    reviewed = sum(c.is_reviewed for c in rows)
    hidden = (
        0
        if window.controller.candidates_shown
        else len({c.id for c in faint(window)} - listed(window))
    )
    assert window.claims.title.text().startswith(f"{len(rows)} claims  ·  {to_check} to check")
    assert f"{len(rows)} claims  ·  {reviewed} of {to_check} to check reviewed" in meta_text(window)
    assert (f"{hidden} more candidates hidden" in meta_text(window)) == bool(hidden)
    # The article list counts the article's default listing (what the header says but for
    # candidates revealed one at a time), before and after any change.
    model = window.articles.articles()
    row = model.index(model.row_of(window.controller.article.id))
    shown = window.controller.candidates_shown
    by_default = to_check + hidden - (0 if shown else len(faint(window)))
    assert row.data(Qt.ItemDataRole.AccessibleDescriptionRole) == (
        f"{reviewed} of {by_default} to check reviewed"
    )
    assert row.data(SummaryRole).candidates == len(faint(window))
    heading = window.inspector.heading.text()
    assert f" of {len(rows)} ·" in heading, heading
    assert window.claims.candidates.text() == f"More candidates ({len(faint(window))})"
    legend = window.findChild(Legend, "legend")
    if faint(window):
        said = "candidates hidden" if hidden else "candidates"
        assert f"{len(faint(window))} {said}" in legend.text()


def drawn(window, claim_id: str) -> tuple[list[QColor], list[QColor]]:
    """(the pixels along the bottom of the claim's first line, where its underline is; those
    along its top, above the letters, where only a fill can be), as the view paints them."""
    view = window.view
    view.set_current_claim(None, scroll=False)  # the outline would cover the marks
    claim = window.controller.gateway.recorded(claim_id)
    view.bring_into_view(claim.start, claim.end)
    view.viewport().repaint()
    rect = view._span_rects(claim.start, claim.end)[0]
    image = view.viewport().grab().toImage()
    xs = range(int(rect.left()) + 2, int(rect.right()) - 2)
    bottom = int(rect.bottom())
    line = [QColor(image.pixel(x, y)) for x in xs for y in range(bottom - 3, bottom + 1)]
    top = [QColor(image.pixel(x, int(rect.top()) + 1)) for x in xs]
    return line, top


def normal_id(window) -> str:
    return next(c.id for c in window.controller.gateway.recorded_claims() if c.highlighted)


def unfilled(window, pixels: list[QColor]) -> float:
    """The share of `pixels` that show the view's bare background."""
    viewport = window.view.viewport()
    base = viewport.palette().color(viewport.backgroundRole())
    return sum(p == base for p in pixels) / len(pixels)


def test_only_highlighted_claims_are_listed_and_the_rest_come_faint_on_request(
    qtbot, open_workspace, db_path
):
    window = open_workspace()
    article = window.controller.article.id
    candidates = faint(window)
    assert candidates, "the sample article has claims below the highlight budget"
    shown = stored_highlights(db_path, article)
    assert listed(window) == in_view(window) == set(shown)  # as `claimdesk claims` lists them
    assert not window.claims.candidates.isChecked()
    assert_counts_agree(window)

    qtbot.keyClick(window.view, KEY.Key_C)
    everything = {c.id for c in window.controller.gateway.recorded_claims()}
    assert listed(window) == in_view(window) == everything
    assert window.claims.candidates.isChecked() and window.actions.more_candidates.isChecked()
    assert_counts_agree(window)
    one = candidates[0]
    assert mark_style(window.claims.model.claim(one.id)) is CANDIDATE
    assert "More candidate" in window.claims.model.data(
        window.claims.model.index(window.claims.model.row_of(one.id), 2),
        Qt.ItemDataRole.ToolTipRole,
    )
    model = window.claims.model
    assert model.data(model.index(model.row_of(one.id), 2), Qt.ItemDataRole.FontRole).italic()
    assert (
        model.data(model.index(model.row_of(normal_id(window)), 2), Qt.ItemDataRole.FontRole)
        is None
    )

    # Faint on screen: a pale dashed line and no fill, where a highlighted unreviewed claim
    # has the status's tint across its whole run.
    line, top = drawn(window, one.id)
    assert any(near(p, QColor(CANDIDATE.colour), 12) for p in line), "no pale dashed line"
    assert not any(near(p, QColor(STYLES["unreviewed"].colour), 12) for p in line)
    assert unfilled(window, top) > 0.9, "a faint candidate is filled"
    normal_line, normal_top = drawn(window, normal_id(window))
    assert unfilled(window, normal_top) < 0.5, "a highlighted claim has its status's tint"
    assert any(near(p, QColor(STYLES["unreviewed"].colour), 12) for p in normal_line)

    # The box by the list does the same as the key, and hides them again.
    qtbot.mouseClick(window.claims.candidates, Qt.MouseButton.LeftButton)
    assert listed(window) == in_view(window) == set(shown)
    assert not window.actions.more_candidates.isChecked()
    assert_counts_agree(window)


def test_the_menu_item_and_the_choice_survive_a_restart(qtbot, open_workspace, db_path):
    window = open_workspace()
    view_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View"
    )
    assert window.actions.more_candidates in view_menu.actions()
    assert isinstance(view_menu, QMenu)
    window.actions.more_candidates.trigger()
    assert window.claims.candidates.isChecked()
    window.close()
    assert QSettings().value("view/more_candidates") in (True, "true")

    again = open_workspace()
    assert again.actions.more_candidates.isChecked() and again.claims.candidates.isChecked()
    assert listed(again) == {c.id for c in again.controller.gateway.recorded_claims()}
    qtbot.keyClick(again.view, KEY.Key_C)
    again.close()

    third = open_workspace()
    assert not third.actions.more_candidates.isChecked()
    assert listed(third) == stored_highlights(db_path, third.controller.article.id)


def test_tagging_a_faint_candidate_makes_it_a_claim_and_counts_follow(
    qtbot, open_workspace, db_path
):
    window = open_workspace()
    article = window.controller.article.id
    qtbot.keyClick(window.view, KEY.Key_C)
    candidate = faint(window)[0]
    window.controller.select_claim(candidate.id)
    assert "more candidate" in window.inspector.heading.text()
    qtbot.keyClick(window.view, KEY.Key_1, Qt.KeyboardModifier.ShiftModifier)  # sourced, stay

    tagged = window.controller.gateway.recorded(candidate.id)
    assert tagged.status == "sourced" and tagged.highlighted
    assert mark_style(window.claims.model.claim(candidate.id)) is STYLES["sourced"]
    assert "detected" in window.inspector.heading.text()
    qtbot.keyClick(window.view, KEY.Key_C)  # candidates hidden: the tagged one stays
    assert candidate.id in listed(window) and candidate.id in in_view(window)
    assert listed(window) == stored_highlights(db_path, article)
    assert_counts_agree(window)

    # Untagging it (0) makes it a candidate again: faint, and kept on screen while current.
    qtbot.keyClick(window.view, KEY.Key_0)
    assert not window.controller.gateway.recorded(candidate.id).highlighted
    assert window.controller.current_claim().id == candidate.id
    assert mark_style(window.claims.model.claim(candidate.id)) is CANDIDATE
    assert_counts_agree(window)


def test_tagging_highlighted_claims_frees_their_places_as_the_command_line_says(
    qtbot, open_workspace, db_path
):
    """The budget counts unreviewed claims: dismissing highlighted ones lets the next best
    candidates in, in the window exactly as in `claimdesk claims`."""
    window = open_workspace()
    article = window.controller.article.id
    before = len(faint(window))
    for _ in range(3):
        qtbot.keyClick(window.view, KEY.Key_D)  # dismiss, and on to the next unreviewed
    assert listed(window) == in_view(window) == stored_highlights(db_path, article)
    assert len(faint(window)) < before
    assert_counts_agree(window)
    qtbot.keyClick(window.view, KEY.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert listed(window) == in_view(window) == stored_highlights(db_path, article)
    assert_counts_agree(window)


def test_a_hidden_candidate_asked_for_by_id_is_shown_faint(qtbot, open_workspace):
    window = open_workspace()
    candidates = faint(window)
    window.controller.select_claim(candidates[0].id)  # as the dashboard or an undo would
    assert window.controller.current_claim().id == candidates[0].id
    assert candidates[0].id in listed(window) and candidates[1].id not in listed(window)
    assert not window.claims.candidates.isChecked()
    assert f"{len(candidates) - 1} more candidates hidden" in meta_text(window)
    assert_counts_agree(window)
    rect = window.view.claim_rect(candidates[0].id)
    assert not rect.isEmpty() and QRectF(window.view.viewport().rect()).contains(
        QPoint(rect.center())
    )


def test_a_new_claim_on_a_hidden_candidates_words_selects_that_candidate(qtbot, open_workspace):
    window = open_workspace()
    candidate = faint(window)[0]
    before = len(window.controller.gateway.recorded_claims())
    window.view.select_text(candidate.start, candidate.end)
    assert window.view.selected_span() == (candidate.start, candidate.end)
    qtbot.keyClick(window.view, KEY.Key_N)
    assert window.controller.current_claim().id == candidate.id
    assert len(window.controller.gateway.recorded_claims()) == before
    assert "already a claim" in window.statusBar().currentMessage()


def test_each_article_in_the_list_keeps_its_count_through_the_toggle(qtbot, open_workspace):
    """Shown, the candidates count as work in every row; hidden again, each row leaves out
    all its candidates, the rows of articles opened in between too."""
    window = open_workspace()
    model = window.articles.articles()

    def lines() -> dict[str, str]:
        role = Qt.ItemDataRole.AccessibleDescriptionRole
        return {i: model.index(model.row_of(i)).data(role) for i in model.ids()}

    def summaries() -> dict[str, tuple[int, int]]:
        rows = (model.index(model.row_of(i)).data(SummaryRole) for i in model.ids())
        return {s.id: (s.total, s.candidates) for s in rows}

    first = window.controller.article.id
    hidden, counts = lines(), summaries()
    assert all(n for _, n in counts.values()), "both samples have hidden candidates"
    qtbot.keyClick(window.view, KEY.Key_C)
    assert lines() == {i: f"0 of {total} to check reviewed" for i, (total, _) in counts.items()}

    window.articles.setFocus()
    qtbot.keyClick(window.articles, KEY.Key_Down)  # the other article, candidates shown
    qtbot.waitUntil(lambda: window.controller.article.id != first)
    qtbot.waitUntil(lambda: bool(window.claims.model.rows()))
    qtbot.keyClick(window.view, KEY.Key_C)
    assert lines() == hidden and summaries() == counts
    assert_counts_agree(window)
