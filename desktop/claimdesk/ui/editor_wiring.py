"""The editor features (issue 5) in the window: the Dashboard tab and Ctrl+E export.

It also decides which of the window's keys work where: the workspace's one-letter keys
act on a claim the dashboard hides, so they are switched off while the dashboard shows.

The dashboard is built when first shown or asked for, and the export dialog (with the report
modules) imported on first export: neither is on the first screen, and together they were
a tenth of the start-up. Until the dashboard exists, what it would be told is kept (the
pending count) or needs no telling (a dashboard built later reads the library fresh).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QMainWindow, QScrollArea, QSplitter, QTabWidget, QWidget

from claimdesk.core.rows import ClaimRow
from claimdesk.ui.actions import WindowActions
from claimdesk.ui.edit_controller import EditController
from claimdesk.ui.window_state import WindowState
from claimdesk.ui.workspace_controller import WorkspaceController

if TYPE_CHECKING:
    from claimdesk.ui.dashboard import Dashboard
    from claimdesk.ui.dialogs.export_dialog import OpenUrl

DASHBOARD_SPLIT = "dashboard_split"  # its splitter's key in the window's saved layout


class EditorWiring(QObject):
    """Connects the dashboard and the export dialog to the workspace."""

    def __init__(
        self,
        window: QMainWindow,
        controller: WorkspaceController,
        actions: WindowActions,
        tabs: QTabWidget,
        edits: EditController,
        state: WindowState,
    ) -> None:
        super().__init__(window)
        self.window = window  # the export dialog's parent
        self.controller = controller
        self.actions = actions
        self.tabs = tabs
        self.edits = edits
        self.state = state
        self.workspace: QWidget = tabs.widget(0)
        self._dashboard: Dashboard | None = None
        self._pending: int | None = None  # told before the dashboard was built
        self.open_url: OpenUrl = QDesktopServices.openUrl  # what the export dialog opens with
        # The dashboard needs more width than the workspace; in a narrow window it scrolls
        # instead of making the whole window wider.
        self.page = QScrollArea(objectName="dashboardPage", widgetResizable=True)
        self.page.setFrameShape(QFrame.Shape.NoFrame)
        tabs.addTab(self.page, "Dashboard")
        tabs.setTabToolTip(0, "The article, its claims and the inspector  (Ctrl+1)")
        tabs.setTabToolTip(1, "Claim status across all articles, and sign-off  (Ctrl+2)")

        actions.filter.triggered.connect(self._on_filter_triggered)
        actions.workspace.triggered.connect(lambda: tabs.setCurrentWidget(self.workspace))
        actions.dashboard.triggered.connect(lambda: tabs.setCurrentWidget(self.page))
        actions.export.triggered.connect(self._on_export_triggered)
        tabs.currentChanged.connect(self._on_tabs_current_changed)
        controller.sig_claim_shown.connect(self.update_actions)

    @property
    def dashboard(self) -> Dashboard:
        """The dashboard, built and wired into the window on first use."""
        if self._dashboard is None:
            from claimdesk.ui.dashboard import Dashboard  # on first use, not at start-up

            self._dashboard = dashboard = Dashboard(self.edits)
            self.page.setWidget(dashboard)
            self.state.restore_splitters({DASHBOARD_SPLIT: dashboard.split})
            dashboard.sig_open_claim.connect(self._on_dashboard_open_claim)
            # The sign-off's claims already reach the workspace through the gateway's
            # announcement (its record follows them, so no edit is refused as stale); this
            # re-read is a belt.
            dashboard.sig_review_changed.connect(self.controller.reopen_if_showing)
            self.controller.gateway.sig_changed.connect(lambda *_: dashboard.invalidate())
            self.controller.sig_library_loaded.connect(dashboard.invalidate)
            if self._pending is not None:
                dashboard.show_pending(self._pending)
        return self._dashboard

    def splitters(self) -> dict[str, QSplitter]:
        """The dashboard's splitter, to save with the window's layout, once it exists."""
        return {} if self._dashboard is None else {DASHBOARD_SPLIT: self._dashboard.split}

    def invalidate_dashboard(self) -> None:
        if self._dashboard is not None:  # one built later reads the library fresh
            self._dashboard.invalidate()

    def show_pending(self, claims: int) -> None:
        """Claims whose earlier checks are still being matched, for the dashboard's filter."""
        self._pending = claims
        if self._dashboard is not None:
            self._dashboard.show_pending(claims)

    def on_workspace(self) -> bool:
        return self.tabs.currentWidget() is self.workspace

    def update_actions(self, claim: ClaimRow | None) -> None:
        """Enable the workspace's actions only where they can act on what is on screen."""
        here = self.on_workspace()
        for action in self.actions.workspace_actions():
            action.setEnabled(here)
        for action in self.actions.claim_actions():
            action.setEnabled(here and claim is not None)

    # -- slots ---------------------------------------------------------------------------

    def _on_tabs_current_changed(self, _index: int) -> None:
        c = self.controller
        if self.tabs.currentWidget() is self.page:
            self.dashboard  # noqa: B018 - built as its tab is first shown
        if self.on_workspace():
            c.focus_article()
        else:
            c.w.inspector.flush_note()
            self.dashboard.claim_table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.update_actions(c.current_claim())

    def _on_filter_triggered(self) -> None:
        if self.on_workspace():
            self.controller.w.claims.focus_filter()
        else:
            self.dashboard.focus_filter()

    def _on_dashboard_open_claim(self, article_id: str, claim_id: str) -> None:
        c = self.controller
        self.tabs.setCurrentWidget(self.workspace)
        shown = c.article is not None and c.article.id == article_id
        if shown and claim_id and c.shows_claim(claim_id):
            c.select_claim(claim_id)
        else:
            c.open_article(article_id, claim_id or None)

    def _on_export_triggered(self) -> None:
        from claimdesk.ui.dialogs.export_dialog import ExportDialog  # the reports: on first use

        c = self.controller
        c.w.inspector.flush_note()
        chosen = () if self.on_workspace() else self.dashboard.selected_article_ids()
        dialog = ExportDialog(
            c.gateway,
            c.w.articles.articles().titles(),
            current_article=(c.article.id, c.article.title) if c.article else None,
            chosen_ids=chosen,
            parent=self.window,
            open_url=self.open_url,
        )
        if not self.on_workspace() and not chosen:
            # On the dashboard the workspace's article is out of sight: offer the whole library.
            dialog.scope.all.setChecked(True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_exported.connect(lambda result: c.say(f"Report saved: {result.path}", 8000))
        dialog.open()
