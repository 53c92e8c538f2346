"""The editor features (issue 5) in the window: Dashboard tab, Ctrl+E export, History pane."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QScrollArea

from claimdesk.ui.dialogs.export_dialog import ExportDialog, OpenUrl
from claimdesk.ui.rows import ClaimRow

if TYPE_CHECKING:
    from claimdesk.ui.main_window import MainWindow


class EditorWiring(QObject):
    """Connects the dashboard, the export dialog and the History pane to the window.

    It also decides which of the window's keys work where: the workspace's one-letter keys
    act on a claim the dashboard hides, so they are switched off while the dashboard shows.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.open_url: OpenUrl = QDesktopServices.openUrl  # what the export dialog opens with
        # History is read after the key press that changed the claim has been handled, and
        # once for a burst of them (J held down, a tag that moves on), not on each.
        self._history_claim: str | None = None
        self._history_timer = QTimer(self, singleShot=True, interval=0)
        self._history_timer.timeout.connect(self._on_history_timer_timeout)
        # The dashboard needs more width than the workspace; in a narrow window it scrolls
        # instead of making the whole window wider.
        self.page = QScrollArea(objectName="dashboardPage", widgetResizable=True)
        self.page.setFrameShape(QFrame.Shape.NoFrame)
        self.page.setWidget(window.dashboard)
        window.tabs.addTab(self.page, "Dashboard")
        window.tabs.setTabToolTip(0, "The article, its claims and the inspector  (Ctrl+1)")
        window.tabs.setTabToolTip(1, "Claim status across all articles, and sign-off  (Ctrl+2)")

        a = window.actions
        a.filter.triggered.connect(self._on_filter_triggered)
        a.workspace.triggered.connect(lambda: window.tabs.setCurrentWidget(window.split))
        a.dashboard.triggered.connect(lambda: window.tabs.setCurrentWidget(self.page))
        a.export.triggered.connect(self._on_export_triggered)
        window.tabs.currentChanged.connect(self._on_tabs_current_changed)
        window.dashboard.sig_open_claim.connect(self._on_dashboard_open_claim)
        window.dashboard.sig_review_changed.connect(self._on_dashboard_review_changed)
        window.gateway.sig_changed.connect(lambda *_: window.dashboard.invalidate())
        window.sig_library_loaded.connect(window.dashboard.invalidate)

    def on_workspace(self) -> bool:
        return self.window.tabs.currentWidget() is self.window.split

    def update_actions(self, claim: ClaimRow | None) -> None:
        """Enable the workspace's actions only where they can act on what is on screen."""
        a, here = self.window.actions, self.on_workspace()
        for action in a.workspace_actions():
            action.setEnabled(here)
        for action in a.claim_actions():
            action.setEnabled(here and claim is not None)

    def show_history(self, claim_id: str | None) -> None:
        """Show this claim's history in the inspector, read once the event loop is free."""
        self._history_claim = claim_id
        self._history_timer.start()

    # -- slots ---------------------------------------------------------------------------

    def _on_history_timer_timeout(self) -> None:
        self.window.history.show_claim(self._history_claim)

    def _on_tabs_current_changed(self, _index: int) -> None:
        w = self.window
        if self.on_workspace():
            w.view.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            w.inspector.flush_note()
            w.dashboard.claim_table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.update_actions(w.current_claim())

    def _on_filter_triggered(self) -> None:
        if self.on_workspace():
            self.window.claims.focus_filter()
        else:
            self.window.dashboard.focus_filter()

    def _on_dashboard_open_claim(self, article_id: str, claim_id: str) -> None:
        w = self.window
        w.tabs.setCurrentWidget(w.split)
        shown = w.article is not None and w.article.id == article_id
        if shown and claim_id and w.claims.model.claim(claim_id) is not None:
            w.select_claim(claim_id)
        else:
            w.open_article(article_id, claim_id or None)

    def _on_dashboard_review_changed(self, claim_ids: list[str]) -> None:
        # The workspace holds those claims' old versions; its next edit would be refused as stale.
        w = self.window
        if w.article is not None and any(w.claims.model.claim(c) for c in claim_ids):
            w.open_article(w.article.id, w.claims.current_claim())

    def _on_export_triggered(self) -> None:
        w = self.window
        w.inspector.flush_note()
        chosen = () if self.on_workspace() else w.dashboard.selected_article_ids()
        dialog = ExportDialog(
            w.gateway,
            w.articles.articles().titles(),
            current_article=(w.article.id, w.article.title) if w.article else None,
            chosen_ids=chosen,
            parent=w,
            open_url=self.open_url,
        )
        if not self.on_workspace() and not chosen:
            # On the dashboard the workspace's article is out of sight: offer the whole library.
            dialog.scope.all.setChecked(True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_exported.connect(
            lambda result: w.statusBar().showMessage(f"Report saved: {result.path}", 8000)
        )
        dialog.open()
