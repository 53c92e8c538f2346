"""The claims table model filters and sorts itself: edits keep rows, order and filters right."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from ui_helpers import claim_row as row

from claimdesk.ui.claim_table_model import COL_SCORE, ClaimRole, ClaimTableModel


def shown(model: ClaimTableModel) -> list[str]:
    return [model.index(r, 0).data(ClaimRole).id for r in range(model.rowCount())]


def test_a_retag_leaves_or_joins_a_status_filter_at_once(qtmodeltester):
    model = ClaimTableModel()
    model.set_rows([row(n) for n in range(6)])
    qtmodeltester.check(model, force_py=True)  # keeps checking every change below
    model.set_statuses(["unreviewed"])
    tagged = dataclasses.replace(model.claim("claim-2"), status="sourced", version=2)
    model.put(tagged)
    assert shown(model) == ["claim-0", "claim-1", "claim-3", "claim-4", "claim-5"]
    assert model.row_of("claim-2") is None and model.claim("claim-2") == tagged
    assert len(model.rows()) == 6  # filtered out, not gone
    model.put(dataclasses.replace(tagged, status="unreviewed", version=3))
    assert shown(model) == [f"claim-{n}" for n in range(6)]  # back in its reading-order place


def test_a_rescored_claim_moves_to_its_place_and_keeps_the_selection(qtmodeltester, qtbot):
    from PySide6.QtWidgets import QTableView

    model = ClaimTableModel()
    model.set_rows([row(n, score=n / 10) for n in range(5)])
    model.sort(COL_SCORE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.setCurrentIndex(model.index(model.row_of("claim-1"), 0))
    assert shown(model) == ["claim-4", "claim-3", "claim-2", "claim-1", "claim-0"]
    model.put(dataclasses.replace(model.claim("claim-1"), score=0.95))
    assert shown(model) == ["claim-1", "claim-4", "claim-3", "claim-2", "claim-0"]
    assert table.currentIndex().data(ClaimRole).id == "claim-1"


def test_words_match_status_quote_or_note_in_any_case_and_removal_follows(qtmodeltester):
    model = ClaimTableModel()
    claims = [row(0, quote="Fujitsu revenue ROSE 12%."), row(1), row(2, status="disputed")]
    claims[1] = dataclasses.replace(claims[1], note="Asked the press office about Fujitsu")
    model.set_rows(claims)
    qtmodeltester.check(model, force_py=True)
    model.set_text("fujitsu 12%")
    assert shown(model) == ["claim-0"]
    model.set_text("fujitsu rose")  # every word, each in the quote or the note
    assert shown(model) == ["claim-0", "claim-1"]
    model.set_text("FUJITSU")
    assert shown(model) == ["claim-0", "claim-1"]
    model.set_text("disputed")
    assert shown(model) == ["claim-2"]
    model.remove("claim-2")
    assert shown(model) == [] and model.claim("claim-2") is None
    model.set_text("")
    assert shown(model) == ["claim-0", "claim-1"]
