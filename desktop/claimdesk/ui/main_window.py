"""The window: the workspace (articles, highlighted text, claims, inspector) and the dashboard."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from claimdesk import __version__
from claimdesk.core import jobs
from claimdesk.core.commands import (
    SetStatus,
)
from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.events import Changes
from claimdesk.core.extraction import child_process as extraction_process
from claimdesk.core.models import ClaimStatus
from claimdesk.core.seeding import ensure_seeded, needs_seeding
from claimdesk.ui import import_flow
from claimdesk.ui.actions import WindowActions
from claimdesk.ui.article_list import ArticleList
from claimdesk.ui.article_meta import ArticleMeta, ArticleTitle
from claimdesk.ui.article_view import ArticleView
from claimdesk.ui.cheat_sheet import CheatSheet
from claimdesk.ui.claim_edits import ClaimEdits
from claimdesk.ui.claims_panel import ClaimsPanel
from claimdesk.ui.dashboard import Dashboard
from claimdesk.ui.drop_down_keys import keep_typing_in_drop_downs
from claimdesk.ui.edit_controller import EditController
from claimdesk.ui.editor_wiring import EditorWiring
from claimdesk.ui.garbage import GarbageCollector
from claimdesk.ui.gateway import Gateway, Store
from claimdesk.ui.history_pane import HistoryPane
from claimdesk.ui.inspector import Inspector
from claimdesk.ui.job_status import JobStatus
from claimdesk.ui.legend import Legend
from claimdesk.ui.rows import ArticleData, ClaimRow, ClaimUpdate
from claimdesk.ui.window_state import WindowState
from claimdesk.ui.workers import Task, Worker

SAVED = "All changes saved"


def _is_unreviewed(claim: ClaimRow) -> bool:
    return claim.status == ClaimStatus.UNREVIEWED


class MainWindow(QMainWindow):
    sig_article_shown = Signal(str)  # article id: its text and claims are on screen
    sig_library_loaded = Signal()

    def __init__(self, store: Store, reviewer: str) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.worker = Worker(self)
        self.gateway = Gateway(store, reviewer, self.worker)
        # spaCy runs in a child process: in a thread it held the GIL for up to 200 ms at a time
        self.extraction = extraction_process.shared()
        self.garbage = GarbageCollector(self)
        self.article: ArticleData | None = None
        self._load_token = 0
        self.state = WindowState(store.display_name)
        # Changes made elsewhere come in bursts (an import, a bulk sign-off): one re-read each.
        self._library_timer = QTimer(self, singleShot=True, interval=0)
        self._cheat_sheet: CheatSheet | None = None

        self.articles = ArticleList()
        self.view = ArticleView()
        self.view.setAcceptDrops(False)  # files dropped anywhere go to the window's import
        self.view.setPlaceholderText("Import articles with File › Import, or drop files here.")
        self.title = ArticleTitle()
        self.meta = ArticleMeta()
        self.claims = ClaimsPanel()
        self.history = HistoryPane(self.gateway)
        self.inspector = Inspector(history=self.history)
        self.edits = EditController(self.gateway, self)
        self.dashboard = Dashboard(self.edits)
        self.actions = WindowActions(self)
        self.actions.build_menus(self)
        self.actions.build_toolbar(self)
        self.view.context_actions = [self.actions.new_claim, self.actions.set_span]

        self._build_layout()
        self._build_status_bar()
        self._connect()
        self.editor = EditorWiring(self)
        self.claim_edits = ClaimEdits(self)
        keep_typing_in_drop_downs(self)
        self._restore_layout()
        self._on_current_claim_changed(None)
        self.setAcceptDrops(True)
        self.setWindowTitle("Claimdesk")
        self.view.setFocus()  # keys act on claims at once; the tab bar would take arrow keys

    # -- building ------------------------------------------------------------------------

    def _build_layout(self) -> None:
        article_pane = QWidget(objectName="articlePane")
        column = QVBoxLayout(article_pane)
        column.setContentsMargins(16, 12, 16, 0)
        column.setSpacing(4)
        column.addWidget(self.title)
        column.addWidget(self.meta)
        column.addWidget(Legend())
        column.addWidget(self.view, 1)

        library_pane = QWidget(objectName="libraryPane")
        left = QVBoxLayout(library_pane)
        left.setContentsMargins(10, 8, 0, 6)
        left.addWidget(QLabel("Articles", objectName="panelTitle"))
        left.addWidget(self.articles, 1)

        self.right_split = QSplitter(Qt.Orientation.Vertical, objectName="rightSplit")
        self.right_split.addWidget(self.claims)
        self.right_split.addWidget(self.inspector)
        self.right_split.setSizes([270, 520])
        self.split = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplit")
        self.split.addWidget(library_pane)
        self.split.addWidget(article_pane)
        self.split.addWidget(self.right_split)
        # A smaller window takes its width from the article and the claims side, 2 to 1: the
        # article is what is read.
        self.split.setStretchFactor(1, 2)
        self.split.setStretchFactor(2, 1)
        self.split.setSizes([240, 680, 480])
        self.split.setChildrenCollapsible(False)

        self.tabs = QTabWidget(objectName="tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.split, "Workspace")  # EditorWiring adds the Dashboard tab
        self.setCentralWidget(self.tabs)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.where = QLabel(objectName="storeInfo")
        self.save_state = QLabel(SAVED, objectName="saveState")
        self.job_status = JobStatus()
        bar.addWidget(self.where, 1)
        bar.addPermanentWidget(self.job_status)
        bar.addPermanentWidget(self.save_state)
        self._show_identity()

    def _connect(self) -> None:
        a = self.actions
        a.import_files.triggered.connect(self._on_import_triggered)
        a.change_reviewer.triggered.connect(self._on_change_reviewer_triggered)
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(self._on_undo_triggered)
        a.redo.triggered.connect(self._on_redo_triggered)
        a.add_evidence.triggered.connect(self.inspector.evidence.start_new)
        a.edit_note.triggered.connect(lambda: self.inspector.note.setFocus())
        a.zoom_in.triggered.connect(lambda: self._zoom(1))
        a.zoom_out.triggered.connect(lambda: self._zoom(-1))
        for status, action in a.tag.items():
            moves = status != ClaimStatus.UNREVIEWED
            action.triggered.connect(functools.partial(self.tag_current, status, advance=moves))
        for status, action in a.tag_stay.items():
            action.triggered.connect(functools.partial(self.tag_current, status, advance=False))
        a.dismiss.triggered.connect(
            functools.partial(self.tag_current, ClaimStatus.DISMISSED, advance=True)
        )
        a.next_claim.triggered.connect(lambda: self._step(1))
        a.previous_claim.triggered.connect(lambda: self._step(-1))
        a.next_unreviewed.triggered.connect(lambda: self._step(1, _is_unreviewed))
        a.extract.triggered.connect(self.extract_current)
        a.cheat_sheet.triggered.connect(self.show_cheat_sheet)
        a.about.triggered.connect(self._on_about_triggered)

        stack = self.edits.undo_stack
        stack.canUndoChanged.connect(a.undo.setEnabled)
        stack.canRedoChanged.connect(a.redo.setEnabled)
        stack.undoTextChanged.connect(lambda t: a.undo.setText(f"&Undo {t}".strip()))
        stack.redoTextChanged.connect(lambda t: a.redo.setText(f"&Redo {t}".strip()))
        a.undo.setEnabled(False)
        a.redo.setEnabled(False)

        self.articles.selectionModel().currentChanged.connect(self._on_articles_current_changed)
        self.meta.sig_counts_changed.connect(self.articles.articles().set_counts)
        self.view.sig_claim_clicked.connect(self.select_claim)
        self.claims.sig_current_changed.connect(self._on_current_claim_changed)
        self.claims.sig_finished.connect(self._focus_article)
        self.inspector.sig_status_requested.connect(lambda s: self.tag_current(s, advance=False))
        self.inspector.sig_finished.connect(self._focus_article)
        self.edits.sig_claim_changed.connect(self._on_edits_claim_changed)
        self.gateway.sig_claims_updated.connect(self._on_gateway_claims_updated)
        self.gateway.sig_changed.connect(self._on_gateway_changed)
        self.gateway.sig_article_outdated.connect(self._on_gateway_article_outdated)
        self._library_timer.timeout.connect(self.refresh_library)
        self.edits.sig_stale.connect(self._on_edits_stale)
        self.edits.sig_invalid.connect(self._on_edits_invalid)
        self.edits.sig_failed.connect(self._on_edits_failed)
        self.edits.sig_saved.connect(lambda: self._set_save_state(SAVED))
        self.worker.sig_job_started.connect(self._on_worker_job_started)

    # -- library and articles ------------------------------------------------------------

    def start(self) -> None:
        """Load the library, first loading the sample articles into a brand-new one."""
        self.garbage.start()
        self.gateway.start_watching()
        if needs_seeding(self.gateway.store):
            seed = functools.partial(ensure_seeded, extraction=self.extraction)
            task = self.gateway.job("Loading the sample articles", seed)
            task.sig_ended.connect(self.refresh_library)
        else:
            self.refresh_library()

    def refresh_library(self, then_open: str | None = None) -> None:
        task = self.gateway.fetch("Loading the library", self.gateway.articles)
        task.sig_finished.connect(lambda rows: self._on_library_loaded(rows, then_open))
        task.sig_failed.connect(self._on_task_failed)

    def _on_library_loaded(self, rows: Sequence[object], then_open: str | None) -> None:
        model = self.articles.articles()
        model.set_rows(rows)  # type: ignore[arg-type]
        ids = model.ids()
        self.sig_library_loaded.emit()
        if then_open in ids:
            self.open_article(then_open)  # type: ignore[arg-type]
        elif self.article is not None and self.article.id in ids:
            self._select_article_row(self.article.id)
        elif ids:
            last, claim = self.state.last_opened()
            if last in ids:
                self.open_article(last, claim)  # type: ignore[arg-type]
            else:
                self.open_article(ids[0])

    def open_article(self, article_id: str, claim_id: str | None = None) -> None:
        """Load an article off the GUI thread; the latest request wins."""
        self.inspector.flush_note()
        self._load_token += 1
        token = self._load_token
        task = self.gateway.fetch("Opening the article", lambda: self.gateway.article(article_id))
        task.sig_finished.connect(lambda data: self._on_article_loaded(token, data, claim_id))
        task.sig_failed.connect(self._on_task_failed)

    def _on_article_loaded(self, token: int, data: ArticleData, claim_id: str | None) -> None:
        if token != self._load_token:
            return
        self.article = data
        self.gateway.watch(data)
        self._select_article_row(data.id)
        self.title.setText(data.title)
        self.setWindowTitle(f"{data.title} — Claimdesk")
        self.view.set_article(data.text, data.claims, data.structure)
        self.claims.model.set_rows(data.claims)
        self.meta.show_article(data)
        ids = {c.id for c in data.claims}
        if claim_id not in ids:
            claim_id = self.claims.neighbour(None, 1, _is_unreviewed) or self.claims.neighbour(
                None, 1
            )
        self.select_claim(claim_id)
        self._remember()
        self.sig_article_shown.emit(data.id)

    def _select_article_row(self, article_id: str) -> None:
        blocker = self.articles.selectionModel().blockSignals(True)
        self.articles.select_article(article_id)
        self.articles.selectionModel().blockSignals(blocker)
        self.articles.viewport().update()

    def _on_articles_current_changed(self, current: object, _previous: object) -> None:
        article_id = self.articles.current_article()
        if article_id and (self.article is None or article_id != self.article.id):
            self.open_article(article_id)

    # -- claims --------------------------------------------------------------------------

    def current_claim(self) -> ClaimRow | None:
        return self.inspector.claim()

    def select_claim(self, claim_id: str | None) -> None:
        self.claims.select_claim(claim_id)
        if claim_id is None or self.claims.current_claim() != claim_id:
            self._on_current_claim_changed(self.claims.current_claim())

    def _on_current_claim_changed(self, claim_id: str | None) -> None:
        claim = self.claims.model.claim(claim_id) if claim_id else None
        self.view.set_current_claim(claim.id if claim else None)
        self.inspector.set_claim(claim, self._position(claim))
        self.editor.update_actions(claim)
        self.editor.show_history(claim.id if claim else None)
        if claim is not None:
            self._remember()

    def _position(self, claim: ClaimRow | None) -> str:
        place = self.claims.model.place(claim.id) if claim is not None else None
        return "" if place is None else f"{place[0] + 1} of {place[1]}"

    def _step(self, step: int, accept: object = None) -> None:
        target = self.claims.neighbour(
            self.claims.current_claim(), step, *([accept] if accept else [])
        )  # type: ignore[list-item]
        if target is not None:
            self.select_claim(target)
        else:
            self.statusBar().showMessage("No unreviewed claims left in this article", 4000)

    def tag_current(self, status: str, *, advance: bool) -> None:
        """Tag the current claim; with `advance`, go on to the next unreviewed claim."""
        claim = self.current_claim()
        if claim is None:
            return
        target = self.claims.neighbour(claim.id, 1, _is_unreviewed) if advance else None
        if claim.status != status and not self.edits.do(SetStatus(claim.id, status)):
            return
        if target is not None:
            self.select_claim(target)
        elif advance and ClaimStatus.UNREVIEWED == claim.status != status:  # one fewer to do
            hidden = sum(map(_is_unreviewed, self.claims.model.rows()))
            self.statusBar().showMessage(
                f"The filters hide the {hidden} other unreviewed claims"
                if hidden
                else "That was the last unreviewed claim of this article",
                5000,
            )

    def _on_undo_triggered(self) -> None:
        self.inspector.flush_note()
        self.edits.undo_stack.undo()

    def _on_redo_triggered(self) -> None:
        self.inspector.flush_note()
        self.edits.undo_stack.redo()

    # -- results of edits ----------------------------------------------------------------

    def _on_edits_claim_changed(self, claim_id: str, replayed: bool) -> None:
        claim = self.gateway.recorded(claim_id)
        if claim is None:
            return  # removed: the update moved the selection on
        if self.article is None or claim.article_id != self.article.id:
            self.open_article(claim.article_id, claim.id)  # an undo in another article
        elif replayed or self.current_claim() is None:
            self.select_claim(claim.id)  # an undo shows what it undid

    def _on_gateway_claims_updated(self, update: ClaimUpdate) -> None:
        """Claims of the open article changed, here or elsewhere: every view follows."""
        if self.article is None or update.article_id != self.article.id:
            return
        current = self.current_claim()
        for before, after in update.changed:
            self.meta.count(before, after)
            self.claims.put(after)
            self.view.put_claim(after)
            if current is not None and current.id == after.id:
                self.inspector.set_claim(after, self._position(after))
        for gone in update.removed:
            following = (
                self.claims.neighbour(gone.id, 1) if current and current.id == gone.id else None
            )
            self.meta.count(gone, None)
            self.claims.model.remove(gone.id)
            self.view.remove_claim(gone.id)
            if current is not None and current.id == gone.id:
                self.select_claim(following)

    def _on_gateway_changed(self, changes: Changes, own: bool) -> None:
        current = self.current_claim()
        if current is not None and any(current.id in c.claim_ids for c in changes):
            self.editor.show_history(current.id)
        if not own:
            self._library_timer.start()  # articles added, removed or recounted elsewhere

    def _on_gateway_article_outdated(self, article_id: str) -> None:
        if self.article is not None and self.article.id == article_id:
            self.open_article(article_id, self.claims.current_claim())

    def _on_edits_stale(self, message: str) -> None:
        self.inspector.show_notice(message)
        self.statusBar().showMessage(message, 8000)

    def _on_edits_invalid(self, field: str, message: str) -> None:
        if self.inspector.evidence.is_open():
            self.inspector.evidence.show_error(message)
        else:
            self.statusBar().showMessage(f"{field}: {message}", 8000)

    def _on_edits_failed(self, message: str) -> None:
        self._set_save_state("Last change NOT saved", error=True)
        QMessageBox.warning(self, "Claimdesk", message)

    # -- background jobs -----------------------------------------------------------------

    def import_paths(self, paths: Sequence[Path]) -> Task:
        """Import files or folders on the worker, then open the first new article."""
        self.inspector.flush_note()
        count = len(paths)
        title = f"Importing {count} item{'s' if count != 1 else ''}"
        task = self.gateway.job(
            title,
            functools.partial(jobs.import_paths, paths=list(paths), extraction=self.extraction),
        )
        task.sig_finished.connect(self._on_import_finished)
        return task

    def extract_current(self) -> Task | None:
        if self.article is None:
            return None
        article_id = self.article.id
        task = self.gateway.job(
            "Extracting claims",
            functools.partial(
                jobs.extract_articles, article_ids=[article_id], extraction=self.extraction
            ),
        )
        task.sig_finished.connect(lambda _result: self._on_extract_finished(article_id))
        return task

    def _on_import_triggered(self) -> None:
        paths = import_flow.ask_for_files(self, self.state)
        if paths:
            self.import_paths(paths)

    def _on_import_finished(self, reports: Sequence[jobs.FileReport]) -> None:
        self.statusBar().showMessage(import_flow.summary(reports), 8000)
        self.refresh_library(then_open=import_flow.article_to_open(reports))
        import_flow.show_failures(self, reports)

    def _on_extract_finished(self, article_id: str) -> None:
        notice = self.extraction.notice()
        self.statusBar().showMessage(notice or "Claims extracted", 8000)
        self.refresh_library()
        if self.article is not None and self.article.id == article_id:
            self.open_article(article_id, self.claims.current_claim())

    def _on_worker_job_started(self, task: Task) -> None:
        self.job_status.track(task)
        # The dashboard and the export dialog say their own failures; no second, modal warning.
        task.sig_failed.connect(lambda e: task.property("inline_errors") or self._on_task_failed(e))
        task.sig_cancelled.connect(
            lambda: self.statusBar().showMessage(f"{task.title}: cancelled", 6000)
        )
        task.sig_ended.connect(self.garbage.freeze_long_lived)

    def _on_task_failed(self, error: BaseException) -> None:
        message = (
            str(error) if isinstance(error, ClaimdeskError) else f"{type(error).__name__}: {error}"
        )
        self.statusBar().showMessage(message, 10000)
        QMessageBox.warning(self, "Claimdesk", message)

    # -- window --------------------------------------------------------------------------

    def show_cheat_sheet(self) -> CheatSheet:
        if self._cheat_sheet is None:
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
            f"<p>Library: {self.gateway.store.display_name}</p>",
        )

    def _on_change_reviewer_triggered(self) -> None:
        name, ok = QInputDialog.getText(
            self, "Reviewer", "Your name, recorded on every change:", text=self.gateway.reviewer
        )
        if ok and name.strip():
            self.gateway.reviewer = name.strip()
            self.state.set_value("reviewer", self.gateway.reviewer)
            self._show_identity()

    def _show_identity(self) -> None:
        self.where.setText(
            f"{self.gateway.store.display_name}  ·  reviewer: {self.gateway.reviewer}"
        )

    def _set_save_state(self, text: str, *, error: bool = False) -> None:
        if (text, error) == (self.save_state.text(), self.save_state.property("error")):
            return  # every edit says "saved" again; re-polishing the label costs 0.07 ms
        self.save_state.setText(text)
        self.save_state.setProperty("error", error)
        self.save_state.style().polish(self.save_state)

    def _focus_article(self) -> None:
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _zoom(self, step: int) -> None:
        size = max(8, min(28, (self.state.text_size() or self.view.font().pointSize()) + step))
        self.state.set_text_size(size)
        self._apply_text_size(size)

    def _apply_text_size(self, size: int) -> None:
        font = self.view.font()
        font.setPointSize(size)
        self.view.setFont(font)

    def _remember(self) -> None:
        if self.article is not None:
            self.state.remember(self.article.id, self.claims.current_claim())

    def _splitters(self) -> dict[str, QSplitter]:
        splitters = {"split": self.split, "right_split": self.right_split}
        return {**splitters, "dashboard_split": self.dashboard.split}

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
            QTimer.singleShot(0, lambda: self.import_paths(paths))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.inspector.flush_note()
        self._remember()
        self.state.save_layout(self, self._splitters())
        if self.worker.shutdown():
            self.gateway.close()
        self.garbage.stop()
        super().closeEvent(event)
