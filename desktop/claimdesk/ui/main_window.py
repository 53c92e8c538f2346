"""The window: it builds the workspace, the dashboard, the menus and the status bar.

What they show is the workspace controller's business (the open article and claim), and
every read and write goes through the gateway; the window only lays out and lets the
reviewer reach them (keys, menus, drops, the window's own settings).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from claimdesk import __version__
from claimdesk.ui.actions import WindowActions
from claimdesk.ui.already_checked import AlreadyChecked
from claimdesk.ui.article_list import ArticleFilterBox, ArticleList
from claimdesk.ui.article_management import ArticleManager
from claimdesk.ui.article_meta import ArticleMeta, ArticleTitle
from claimdesk.ui.article_view import ArticleView
from claimdesk.ui.claim_edits import ClaimEdits
from claimdesk.ui.claims_panel import ClaimsPanel
from claimdesk.ui.drop_down_keys import keep_typing_in_drop_downs
from claimdesk.ui.edit_controller import EditController
from claimdesk.ui.editor_wiring import EditorWiring
from claimdesk.ui.find_bar import FindBar
from claimdesk.ui.gateway import Gateway
from claimdesk.ui.history_pane import HistoryPane
from claimdesk.ui.inspector import Inspector
from claimdesk.ui.job_status import JobStatus
from claimdesk.ui.legend import Legend
from claimdesk.ui.match_scan import MatchScanner
from claimdesk.ui.reviewer_prompt import ask_name
from claimdesk.ui.window_state import WindowState
from claimdesk.ui.workers import Worker
from claimdesk.ui.workspace_controller import Workspace, WorkspaceController

if TYPE_CHECKING:  # built on first use: not on the first screen (a test holds this)
    from claimdesk.ui.cheat_sheet import CheatSheet
    from claimdesk.ui.dashboard import Dashboard
    from claimdesk.ui.dialogs.people_dialog import PeopleDialog
    from claimdesk.ui.gateway import Library

SAVED = "All changes saved"


class MainWindow(QMainWindow):
    def __init__(self, store: Library, reviewer: str) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        gateway = Gateway(store, reviewer, Worker(self))
        edits = EditController(gateway, self)
        self.state = WindowState(store.display_name)
        self._cheat_sheet: CheatSheet | None = None

        panes = self._build_frame()
        self.articles = ArticleList()
        self.view = ArticleView()
        self.view.setAcceptDrops(False)  # files dropped anywhere go to the window's import
        self.find_bar = FindBar(self.view)
        self.title = ArticleTitle()
        self.meta = ArticleMeta()
        # Made in their splitter: one added later has every size hint in it worked out again.
        self.claims = ClaimsPanel(self.right_split)
        self.history = HistoryPane(gateway)
        self.inspector = Inspector(self.right_split, history=self.history)
        self.actions = WindowActions(self)
        self.actions.build_menus(self)
        self.actions.build_toolbar(self)
        self.actions.follow_undo_stack(edits.undo_stack)
        self.view.context_actions = [self.actions.new_claim, self.actions.set_span]
        self._build_layout(*panes)
        self._build_status_bar()

        parts = Workspace(
            self.articles,
            self.title,
            self.meta,
            self.view,
            self.claims,
            self.inspector,
            self.history,
        )
        self.controller = WorkspaceController(self, gateway, edits, self.state, parts)
        self.controller.connect_actions(self.actions)
        self.editor = EditorWiring(
            self, self.controller, self.actions, self.tabs, edits, self.state
        )
        self.claim_edits = ClaimEdits(self.controller, self.actions)
        self.already_checked = AlreadyChecked(self.controller, self.actions)
        self.match_scanner = MatchScanner(edits, self)  # the dashboard's "checked before"
        # New evidence takes the stance that fits the claim's verdict (refutes a disputed one).
        self.inspector.evidence.verdict = lambda: getattr(
            self.controller.current_claim(), "status", None
        )
        self.article_manager = ArticleManager(self, self.controller, self.actions, edits.undo_stack)
        self._connect(edits)
        keep_typing_in_drop_downs(self)
        self._restore_layout()
        self.controller.show_claim(None)
        self.setAcceptDrops(True)
        self.setWindowTitle("Claimdesk")
        self.view.setFocus()  # keys act on claims at once; the tab bar would take arrow keys

    def start(self) -> None:
        self.controller.start()

    # -- building ------------------------------------------------------------------------

    def _build_frame(self) -> tuple[QWidget, QWidget]:
        """The tabs, splitters and panes, empty: built outside in, each part joins a parent
        already in the window, so Qt restyles it once (every move into a new parent restyles
        its whole subtree under the app stylesheet). Returns the library and article panes."""
        self.tabs = QTabWidget(objectName="tabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.split = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplit")
        self.tabs.addTab(self.split, "Workspace")  # EditorWiring adds the Dashboard tab
        library_pane = QWidget(self.split, objectName="libraryPane")
        article_pane = QWidget(self.split, objectName="articlePane")
        self.right_split = QSplitter(Qt.Orientation.Vertical, self.split, objectName="rightSplit")
        return library_pane, article_pane

    def _build_layout(self, library_pane: QWidget, article_pane: QWidget) -> None:
        left = QVBoxLayout(library_pane)
        left.setContentsMargins(10, 8, 0, 6)
        left.addWidget(QLabel("Articles", objectName="panelTitle"))
        left.addWidget(ArticleFilterBox(self.articles))
        left.addWidget(self.articles, 1)

        column = QVBoxLayout(article_pane)
        column.setContentsMargins(16, 12, 16, 0)
        column.setSpacing(4)
        column.addWidget(self.title)
        column.addWidget(self.meta)
        legend = Legend()
        self.claims.sig_counts_changed.connect(legend.set_counts)
        self.claims.sig_candidates_changed.connect(legend.set_candidates)
        column.addWidget(legend)
        column.addWidget(self.view, 1)
        column.addWidget(self.find_bar)

        # Sizes a 1280 x 800 window keeps as they are (ten rows in the table, the inspector
        # below); a shorter window takes height from both, so the inspector keeps room too.
        table = self.claims.sizeHint().height()
        self.right_split.setSizes([table, round(table * 1.2)])
        # A smaller window takes its width from the article and the claims side, 2 to 1: the
        # article is what is read.
        self.split.setStretchFactor(1, 2)
        self.split.setStretchFactor(2, 1)
        # The claims side wide enough for the claim column to read, at 1280 px too.
        self.split.setSizes([200, 660, 540])
        self.split.setChildrenCollapsible(False)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.where = QLabel(objectName="storeInfo")
        self.save_state = QLabel(SAVED, objectName="saveState")
        self.job_status = JobStatus()
        bar.addWidget(self.where, 1)
        bar.addPermanentWidget(self.job_status)
        bar.addPermanentWidget(self.save_state)

    def _connect(self, edits: EditController) -> None:
        a = self.actions
        a.change_reviewer.triggered.connect(self._on_change_reviewer_triggered)
        a.people.triggered.connect(self.show_people)
        a.quit.triggered.connect(self.close)
        a.zoom_in.triggered.connect(lambda: self._zoom(1))
        a.zoom_out.triggered.connect(lambda: self._zoom(-1))
        a.cheat_sheet.triggered.connect(self.show_cheat_sheet)
        a.find_in_article.triggered.connect(self.find_bar.open)
        a.find_next.triggered.connect(self.find_bar.find_next)
        a.find_previous.triggered.connect(self.find_bar.find_previous)
        a.about.triggered.connect(self._on_about_triggered)
        edits.sig_failed.connect(self._on_edits_failed)
        edits.sig_saved.connect(lambda: self._set_save_state(SAVED))
        self.controller.worker.sig_job_started.connect(self.job_status.track)
        scanner = self.match_scanner
        scanner.sig_pending.connect(self.editor.show_pending)
        scanner.sig_stored_changed.connect(self.editor.invalidate_dashboard)
        self.already_checked.sig_matching_changed.connect(scanner.wake)
        self.already_checked.sig_matching_changed.connect(self.editor.invalidate_dashboard)
        self.controller.sig_library_loaded.connect(scanner.schedule)
        self._show_identity()

    # -- window --------------------------------------------------------------------------

    @property
    def dashboard(self) -> Dashboard:
        return self.editor.dashboard

    def show_cheat_sheet(self) -> CheatSheet:
        if self._cheat_sheet is None:
            from claimdesk.ui.cheat_sheet import CheatSheet  # on first use

            sign_off = [*self.dashboard.sign_off.actions.values()][::-1]  # Approve first
            sections = [*self.actions.sections(), ("Dashboard: sign off the selection", sign_off)]
            self._cheat_sheet = CheatSheet(sections, self)
        self._cheat_sheet.show()
        self._cheat_sheet.raise_()
        return self._cheat_sheet

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            "About Claimdesk",
            f"<b>Claimdesk {__version__}</b><p>An offline workbench for fact-checkers.</p>"
            f"<p>Library: {self.controller.gateway.display_name}</p>",
        )

    def _on_change_reviewer_triggered(self) -> None:
        gateway = self.controller.gateway
        name = ask_name(self, gateway.reviewer)  # saved for the command line too
        if name:
            gateway.reviewer = name
            self._show_identity()

    def show_people(self) -> PeopleDialog:
        from claimdesk.ui.dialogs.people_dialog import PeopleDialog  # on first use

        dialog = PeopleDialog(self.controller.gateway, self)
        dialog.sig_merged.connect(lambda _merged: self._show_identity())  # ours may follow
        dialog.open()
        return dialog

    def _show_identity(self) -> None:
        gateway = self.controller.gateway
        self.where.setText(f"{gateway.display_name}  ·  reviewer: {gateway.reviewer}")

    def _on_edits_failed(self, message: str) -> None:
        self._set_save_state("Last change NOT saved", error=True)
        QMessageBox.warning(self, "Claimdesk", message)

    def _set_save_state(self, text: str, *, error: bool = False) -> None:
        if (text, error) == (self.save_state.text(), self.save_state.property("error")):
            return  # every edit says "saved" again; re-polishing the label costs 0.07 ms
        self.save_state.setText(text)
        self.save_state.setProperty("error", error)
        self.save_state.style().polish(self.save_state)

    def _zoom(self, step: int) -> None:
        size = max(8, min(28, (self.state.text_size() or self.view.font().pointSize()) + step))
        self.state.set_text_size(size)
        self._apply_text_size(size)

    def _apply_text_size(self, size: int) -> None:
        font = self.view.font()
        font.setPointSize(size)
        self.view.setFont(font)

    def _splitters(self) -> dict[str, QSplitter]:
        splitters = {"split": self.split, "right_split": self.right_split}
        return {**splitters, **self.editor.splitters()}

    def _restore_layout(self) -> None:
        self.state.restore_layout(self, self._splitters())
        size = self.state.text_size()
        if size is not None:
            self._apply_text_size(size)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            # Let the drag finish before starting work, so the source application is not held.
            QTimer.singleShot(0, lambda: self.controller.import_paths(paths))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.state.save_layout(self, self._splitters())
        self.controller.close()
        super().closeEvent(event)
