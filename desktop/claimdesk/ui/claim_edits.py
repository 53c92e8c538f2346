"""The workspace's edit requests (keys, buttons, the evidence form) turned into commands.

Each handler reads what is on screen (the current claim, the selected text), refuses with a
word in the status bar when it cannot act (an approved claim is locked), and otherwise hands
one command to the EditController, which commits it and makes it undoable. Refusals by the
sign-off rules come back from the core and are shown the same way.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from claimdesk.core.commands import (
    AddClaim,
    AddEvidence,
    DeleteClaim,
    RemoveEvidence,
    Reopen,
    SetNote,
    SetNotePublic,
    SetReviewState,
    SetSpan,
    UpdateEvidence,
)
from claimdesk.core.enums import ClaimOrigin, ReviewState, new_id
from claimdesk.core.errors import ClaimdeskError
from claimdesk.ui.actions import WindowActions
from claimdesk.ui.gateway_types import Policy
from claimdesk.ui.workspace_controller import WorkspaceController

if TYPE_CHECKING:
    from claimdesk.ui.dialogs.reopen_dialog import ReopenDialog  # on first use


class ClaimEdits(QObject):
    def __init__(self, controller: WorkspaceController, a: WindowActions) -> None:
        super().__init__(controller)
        self.controller = controller
        self.edits = controller.edits
        self.view = controller.w.view
        self.inspector = inspector = controller.w.inspector
        self.evidence = inspector.evidence
        for state, action in a.review.items():
            action.triggered.connect(functools.partial(self._on_review_state_requested, state))
        a.new_claim.triggered.connect(self._on_new_claim_triggered)
        a.set_span.triggered.connect(self._on_set_span_triggered)
        a.delete_claim.triggered.connect(self._on_delete_claim_triggered)
        a.reopen.triggered.connect(self.reopen_current)
        self._policy_actions = a.policy
        for setting, action in a.policy.items():
            action.triggered.connect(functools.partial(self._on_policy_triggered, setting))
        controller.sig_library_loaded.connect(self._read_policy)
        controller.gateway.sig_policy_changed.connect(self._show_policy)
        inspector.sig_review_state_requested.connect(self._on_review_state_requested)
        inspector.sig_note_committed.connect(self._on_note_committed)
        inspector.sig_note_public_requested.connect(self._on_note_public_requested)
        inspector.sig_reopen_requested.connect(self.reopen_current)
        inspector.sig_refused.connect(self._show_refusal)
        self.edits.sig_refused.connect(self._show_refusal)
        evidence = self.evidence
        evidence.sig_add_requested.connect(self._on_evidence_add_requested)
        evidence.sig_update_requested.connect(self._on_evidence_update_requested)
        evidence.sig_remove_requested.connect(self._on_evidence_remove_requested)

    def _show_refusal(self, message: str) -> None:
        self.inspector.show_notice(message)
        self.controller.say(message, 10000)

    def _on_review_state_requested(self, state: str) -> None:
        claim = self.controller.current_claim()
        if claim is None:
            return
        if claim.review_state == ReviewState.APPROVED and state != claim.review_state:
            self.inspector.refuse_if_locked()  # unlocking takes a reason: Reopen…
        elif claim.review_state != state:
            self.edits.do(SetReviewState(claim.id, state))
        else:
            self.controller.say(f"Already {state.replace('_', ' ')}", 4000)

    def reopen_current(self) -> ReopenDialog | None:
        """Ask why, then unlock the approved claim (needs review); the reason is recorded."""
        claim = self.controller.current_claim()
        if claim is None:
            return None
        if claim.review_state != ReviewState.APPROVED:
            self.controller.say("Only approved claims are locked; this one can be changed", 5000)
            return None
        from claimdesk.ui.dialogs.reopen_dialog import ReopenDialog

        dialog = ReopenDialog(claim.quote, self.controller.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._reopen(claim.id, dialog.reason_text()))
        dialog.open()
        return dialog

    def _read_policy(self) -> None:
        gateway = self.controller.gateway
        gateway.fetch("Reading the sign-off policy", gateway.policy).sig_finished.connect(
            self._show_policy
        )

    def _show_policy(self, policy: Policy) -> None:
        self._policy_actions[policy.setting].setChecked(True)
        now = "on" if policy.required else "off"
        self._policy_actions[None].setText(
            f"&Automatic: on once the library has two reviewers (now {now})"
        )

    def _on_policy_triggered(self, setting: bool | None) -> None:
        try:
            policy = self.controller.gateway.set_policy(setting)
        except ClaimdeskError as exc:
            self.controller.say(f"Policy not changed: {exc}", 10000)
            self._read_policy()
            return
        rule = "a second person must approve" if policy.required else "self-approval allowed"
        self.controller.say(f"Sign-off policy: {rule}", 6000)

    def _reopen(self, claim_id: str, reason: str) -> None:
        if self.edits.do(Reopen(claim_id, reason)):
            self.controller.focus_article()  # the keys work on the unlocked claim at once

    def _on_note_public_requested(self, claim_id: str, public: bool) -> None:
        self.edits.do(SetNotePublic(claim_id, public))

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
        same = next((r for r in c.gateway.recorded_claims() if (r.start, r.end) == span), None)
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
        if self.inspector.refuse_if_locked():
            return
        if claim is None or span is None:
            c.say("Select the new text of the claim, then press S", 5000)
            return
        self.edits.do(SetSpan(claim.id, *span))

    def _on_delete_claim_triggered(self) -> None:
        c = self.controller
        claim = c.current_claim()
        if self.inspector.refuse_if_locked():
            return
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
