"""Keeps the inspector's "Already checked" on the current claim, and acts on its matches.

Matching runs on the worker's read lane, one claim at a time: a claim shown while one is
being matched is matched next, and only the latest (J held down matches two claims, not
every one passed). A result for a claim no longer on show is dropped by the panel. Attaching
is an AddEvidence and "not the same claim" a RejectMatch, both through the edit controller,
so Ctrl+Z undoes them and the lock on approved claims applies.

Auto-link, when the library turns it on, never writes by itself: viewing a claim would then
change it (in every window that shows it, approved claims included) with nobody deciding.
The matches above the auto-link threshold are marked and offered first, one key away.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from claimdesk.core.commands import AddEvidence, RejectMatch
from claimdesk.core.enums import new_id
from claimdesk.core.rows import ClaimRow
from claimdesk.ui.actions import WindowActions
from claimdesk.ui.gateway_types import EarlierChecks
from claimdesk.ui.workers import Task
from claimdesk.ui.workspace_controller import WorkspaceController

if TYPE_CHECKING:  # the import and the settings dialog load on first use, not at start-up
    from claimdesk.core.factchecks.match_types import Match
    from claimdesk.ui.dialogs.matching_settings_dialog import MatchingSettingsDialog
    from claimdesk.ui.factcheck_import import FactCheckImport

_NOTE_CHARS = 300


class AlreadyChecked(QObject):
    # The library's matching changed here: new thresholds, or a stored match rejected.
    sig_matching_changed = Signal()

    def __init__(self, controller: WorkspaceController, a: WindowActions) -> None:
        super().__init__(controller)
        self.controller = controller
        self.gateway = controller.gateway
        self.inspector = controller.w.inspector
        self.panel = self.inspector.matches
        self._wanted: str | None = None  # the claim to match next
        self._matching = False
        controller.sig_claim_shown.connect(self._on_claim_shown)
        controller.edits.sig_claim_changed.connect(self._on_claim_changed)
        self.panel.sig_attach_requested.connect(self.attach)
        self.panel.sig_reject_requested.connect(self.reject)
        self.panel.sig_open_requested.connect(self._on_open_requested)
        a.attach_match.triggered.connect(self._on_attach_triggered)
        a.reject_match.triggered.connect(self._on_reject_triggered)
        a.matching_settings.triggered.connect(self.show_settings)
        a.import_factchecks.triggered.connect(self._on_import_triggered)

    def refresh(self) -> None:
        """Match the current claim again (fact-checks imported, thresholds changed)."""
        claim = self.controller.current_claim()
        if claim is not None:
            self._look(claim.id)

    def _on_claim_shown(self, claim: ClaimRow | None) -> None:
        if claim is not None:
            self._look(claim.id)

    def _on_claim_changed(self, claim_id: str, _replayed: bool) -> None:
        # An edit or its undo, "not the same claim" among them: what is on offer may change.
        if claim_id == self.panel.claim_id:
            self._look(claim_id)

    def _look(self, claim_id: str) -> None:
        self._wanted = claim_id
        if self._matching:
            return  # matched as soon as the claim being matched is done
        self._matching = True
        self._wanted = None
        task = self.gateway.fetch(
            "Looking for earlier checks", lambda: self.gateway.matches(claim_id)
        )
        task.sig_finished.connect(lambda earlier: self._on_matched(claim_id, earlier))
        task.sig_failed.connect(lambda exc: self.panel.show_failure(claim_id, str(exc)))
        task.sig_ended.connect(self._on_matching_ended)

    def _on_matched(self, claim_id: str, earlier: EarlierChecks | None) -> None:
        if earlier is not None:
            self.panel.show_matches(claim_id, earlier)

    def _on_matching_ended(self) -> None:
        self._matching = False
        if self._wanted is not None:
            self._look(self._wanted)

    # -- acting on a match -----------------------------------------------------------------

    def attach(self, match: Match) -> bool:
        """Add the earlier check to the claim's evidence, with the stance its verdict gives."""
        claim = self.controller.current_claim()
        if claim is None or match.url is None or self.inspector.refuse_if_locked():
            return False
        card = next((c for c in self.panel.cards if c.match.key == match.key), None)
        stance = card.stance if card is not None else "context"
        return self.controller.edits.do(
            AddEvidence(claim.id, new_id(), match.url, _title(match), _note(match), stance)
        )

    def reject(self, match: Match) -> bool:
        claim = self.controller.current_claim()
        if claim is None:
            return False
        done = self.controller.edits.do(RejectMatch(claim.id, match.key))
        if done:
            self.controller.say("Not the same claim: it will not be suggested again", 5000)
            self.sig_matching_changed.emit()
        return done

    def _on_attach_triggered(self) -> None:
        match = self.panel.first_on_offer(attachable=True)
        if match is not None:
            self.attach(match)
        else:
            self.controller.say("No earlier fact-check to attach for this claim", 4000)

    def _on_reject_triggered(self) -> None:
        match = self.panel.first_on_offer(attachable=False)
        if match is not None:
            self.reject(match)
        else:
            self.controller.say("No earlier check on offer for this claim", 4000)

    def _on_open_requested(self, match: Match) -> None:
        if match.article_id is not None:
            self.controller.open_article(match.article_id, match.claim_id)

    def import_files(self, paths: Sequence[Path]) -> Task:
        """Import fact-check files on the job lane, then match the current claim again."""
        from claimdesk.ui import factcheck_import

        task = self.gateway.job(
            "Importing fact-checks",
            functools.partial(factcheck_import.import_factchecks, paths=list(paths)),
        )
        task.sig_finished.connect(self._on_imported)
        return task

    def _on_import_triggered(self) -> None:
        from claimdesk.ui import factcheck_import

        c = self.controller
        paths = factcheck_import.ask_for_files(c.window, c.state)
        if paths:
            self.import_files(paths)

    def _on_imported(self, result: FactCheckImport) -> None:
        from claimdesk.ui import factcheck_import

        self.controller.say(result.summary(), 10000)
        factcheck_import.show_problems(self.controller.window, result)
        self.refresh()

    def show_settings(self) -> MatchingSettingsDialog:
        from claimdesk.ui.dialogs.matching_settings_dialog import MatchingSettingsDialog

        dialog = MatchingSettingsDialog(self.gateway, self.controller.window)
        dialog.accepted.connect(self.refresh)
        dialog.accepted.connect(self.sig_matching_changed)
        dialog.open()
        return dialog


def _title(match: Match) -> str:
    return f"{match.publisher or 'Fact check'}: rated “{match.rating}”"


def _note(match: Match) -> str:
    claim = " ".join(match.claim.split())
    if len(claim) > _NOTE_CHARS:
        claim = claim[: _NOTE_CHARS - 1] + "…"
    when = f" on {match.date.isoformat()}" if match.date else ""
    return f"Checked earlier{when}: “{claim}”"
