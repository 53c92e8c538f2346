"""The workspace's edit requests (keys, buttons, the evidence form) turned into commands.

Each handler reads what is on screen (the current claim, the selected text), refuses with a
word in the status bar when it cannot act, and otherwise hands one command to the window's
EditController, which commits it and makes it undoable.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from claimdesk.core.commands import (
    AddClaim,
    AddEvidence,
    DeleteClaim,
    RemoveEvidence,
    SetNote,
    SetReviewState,
    SetSpan,
    UpdateEvidence,
)
from claimdesk.core.models import ClaimOrigin, new_id

if TYPE_CHECKING:
    from claimdesk.ui.main_window import MainWindow


class ClaimEdits(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        a = window.actions
        for state, action in a.review.items():
            action.triggered.connect(functools.partial(self._on_review_state_requested, state))
        a.new_claim.triggered.connect(self._on_new_claim_triggered)
        a.set_span.triggered.connect(self._on_set_span_triggered)
        a.delete_claim.triggered.connect(self._on_delete_claim_triggered)
        window.inspector.sig_review_state_requested.connect(self._on_review_state_requested)
        window.inspector.sig_note_committed.connect(self._on_note_committed)
        evidence = window.inspector.evidence
        evidence.sig_add_requested.connect(self._on_evidence_add_requested)
        evidence.sig_update_requested.connect(self._on_evidence_update_requested)
        evidence.sig_remove_requested.connect(self._on_evidence_remove_requested)

    def _on_review_state_requested(self, state: str) -> None:
        w = self.window
        claim = w.current_claim()
        if claim is not None and claim.review_state != state:
            w.edits.do(SetReviewState(claim.id, state))

    def _on_note_committed(self, claim_id: str, note: str, version: int) -> None:
        w = self.window
        claim = w.gateway.recorded(claim_id)
        if claim is not None and claim.note != note:
            w.edits.do(SetNote(claim_id, note), expected_version=version)

    def _on_new_claim_triggered(self) -> None:
        w = self.window
        span = w.view.selected_span()
        if w.article is None or span is None:
            w.statusBar().showMessage(
                "Select the words of the claim in the article, then press N", 5000
            )
            return
        same = next((c for c in w.claims.model.rows() if (c.start, c.end) == span), None)
        if same is not None:
            w.select_claim(same.id)
            w.statusBar().showMessage("That text is already a claim: it is now selected", 5000)
            return
        claim_id = new_id()
        if w.edits.do(AddClaim(claim_id, w.article.id, *span)):
            w.view.clear_selection()  # N again on the same text would mean nothing new
            w.select_claim(claim_id)

    def _on_set_span_triggered(self) -> None:
        w = self.window
        claim, span = w.current_claim(), w.view.selected_span()
        if claim is None or span is None:
            w.statusBar().showMessage("Select the new text of the claim, then press S", 5000)
            return
        w.edits.do(SetSpan(claim.id, *span))

    def _on_delete_claim_triggered(self) -> None:
        w = self.window
        claim = w.current_claim()
        if claim is None or claim.origin != ClaimOrigin.MANUAL:
            w.statusBar().showMessage("Detected claims are dismissed (D), not deleted", 5000)
            return
        w.edits.do(DeleteClaim(claim.id))

    def _on_evidence_add_requested(self, url: str, title: str, note: str, stance: str) -> None:
        w = self.window
        claim = w.current_claim()
        if claim is not None and w.edits.do(
            AddEvidence(claim.id, new_id(), url, title, note, stance)
        ):
            w.inspector.evidence.close_form()

    def _on_evidence_update_requested(
        self, evidence_id: str, url: str, title: str, note: str, stance: str
    ) -> None:
        w = self.window
        claim = w.current_claim()
        if claim is not None and w.edits.do(
            UpdateEvidence(claim.id, evidence_id, url, title, note, stance)
        ):
            w.inspector.evidence.close_form()

    def _on_evidence_remove_requested(self, evidence_id: str) -> None:
        w = self.window
        claim = w.current_claim()
        if claim is not None:
            w.edits.do(RemoveEvidence(claim.id, evidence_id))
