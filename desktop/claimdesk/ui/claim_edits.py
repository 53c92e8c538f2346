"""The workspace's edit requests (keys, buttons, the evidence form) turned into commands.

Each handler reads what is on screen (the current claim, the selected text), refuses with a
word in the status bar when it cannot act, and otherwise hands one command to the
EditController, which commits it and makes it undoable.
"""

from __future__ import annotations

import functools

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
from claimdesk.ui.actions import WindowActions
from claimdesk.ui.workspace_controller import WorkspaceController


class ClaimEdits(QObject):
    def __init__(self, controller: WorkspaceController, a: WindowActions) -> None:
        super().__init__(controller)
        self.controller = controller
        self.edits = controller.edits
        self.view = controller.w.view
        self.evidence = controller.w.inspector.evidence
        for state, action in a.review.items():
            action.triggered.connect(functools.partial(self._on_review_state_requested, state))
        a.new_claim.triggered.connect(self._on_new_claim_triggered)
        a.set_span.triggered.connect(self._on_set_span_triggered)
        a.delete_claim.triggered.connect(self._on_delete_claim_triggered)
        controller.w.inspector.sig_review_state_requested.connect(self._on_review_state_requested)
        controller.w.inspector.sig_note_committed.connect(self._on_note_committed)
        evidence = self.evidence
        evidence.sig_add_requested.connect(self._on_evidence_add_requested)
        evidence.sig_update_requested.connect(self._on_evidence_update_requested)
        evidence.sig_remove_requested.connect(self._on_evidence_remove_requested)

    def _on_review_state_requested(self, state: str) -> None:
        claim = self.controller.current_claim()
        if claim is not None and claim.review_state != state:
            self.edits.do(SetReviewState(claim.id, state))

    def _on_note_committed(self, claim_id: str, note: str, version: int) -> None:
        claim = self.controller.gateway.recorded(claim_id)
        if claim is not None and claim.note != note:
            self.edits.do(SetNote(claim_id, note), expected_version=version)

    def _on_new_claim_triggered(self) -> None:
        c = self.controller
        span = self.view.selected_span()
        if c.article is None or span is None:
            c.say("Select the words of the claim in the article, then press N", 5000)
            return
        same = next((r for r in c.w.claims.model.rows() if (r.start, r.end) == span), None)
        if same is not None:
            c.select_claim(same.id)
            c.say("That text is already a claim: it is now selected", 5000)
            return
        claim_id = new_id()
        if self.edits.do(AddClaim(claim_id, c.article.id, *span)):
            self.view.clear_selection()  # N again on the same text would mean nothing new
            c.select_claim(claim_id)

    def _on_set_span_triggered(self) -> None:
        c = self.controller
        claim, span = c.current_claim(), self.view.selected_span()
        if claim is None or span is None:
            c.say("Select the new text of the claim, then press S", 5000)
            return
        self.edits.do(SetSpan(claim.id, *span))

    def _on_delete_claim_triggered(self) -> None:
        c = self.controller
        claim = c.current_claim()
        if claim is None or claim.origin != ClaimOrigin.MANUAL:
            c.say("Detected claims are dismissed (D), not deleted", 5000)
            return
        self.edits.do(DeleteClaim(claim.id))

    def _on_evidence_add_requested(self, url: str, title: str, note: str, stance: str) -> None:
        claim = self.controller.current_claim()
        if claim is not None and self.edits.do(
            AddEvidence(claim.id, new_id(), url, title, note, stance)
        ):
            self.evidence.close_form()

    def _on_evidence_update_requested(
        self, evidence_id: str, url: str, title: str, note: str, stance: str
    ) -> None:
        claim = self.controller.current_claim()
        if claim is not None and self.edits.do(
            UpdateEvidence(claim.id, evidence_id, url, title, note, stance)
        ):
            self.evidence.close_form()

    def _on_evidence_remove_requested(self, evidence_id: str) -> None:
        claim = self.controller.current_claim()
        if claim is not None:
            self.edits.do(RemoveEvidence(claim.id, evidence_id))
