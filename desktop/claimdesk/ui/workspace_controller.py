"""The workspace's state: the open article, the current claim and the claim rows on screen.

The window builds the widgets and menus; this decides what they show. It reads and writes
only through the gateway, follows its change announcements (this window's edits and other
processes' alike), runs the import and extraction jobs, and keeps the article list, the
text, the claims table and the inspector on the same article and claim.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox

from claimdesk.core.changes import ChangeKind, Changes
from claimdesk.core.commands import SetStatus
from claimdesk.core.enums import ClaimStatus
from claimdesk.core.errors import ClaimdeskError, NotFoundError
from claimdesk.core.rows import ArticleData, ClaimRow
from claimdesk.core.seeding import ensure_seeded, needs_seeding
from claimdesk.ui import import_flow
from claimdesk.ui.actions import WindowActions
from claimdesk.ui.article_list import ArticleList
from claimdesk.ui.article_meta import ArticleMeta, ArticleTitle
from claimdesk.ui.article_view import ArticleView
from claimdesk.ui.claims_panel import ClaimsPanel
from claimdesk.ui.edit_controller import EditController
from claimdesk.ui.garbage import GarbageCollector
from claimdesk.ui.gateway import Gateway
from claimdesk.ui.gateway_types import ClaimUpdate
from claimdesk.ui.history_pane import HistoryPane
from claimdesk.ui.inspector import Inspector
from claimdesk.ui.window_state import WindowState
from claimdesk.ui.workers import Task, Worker

if TYPE_CHECKING:  # loaded on first use: the first screen imports, extracts nothing
    from claimdesk.core.extraction.child_process import ExtractionProcess
    from claimdesk.core.import_report import FileReport

# An `Unopened` library's store opens after the window's first paint, or after this long
# if the window is not painted (started minimised, say): reads wait for it.
OPEN_AFTER_MS = 1000


def _is_unreviewed(claim: ClaimRow) -> bool:
    return claim.status == ClaimStatus.UNREVIEWED


@dataclass(frozen=True)
class Workspace:
    """The widgets kept on one article and one claim (the window owns and lays them out)."""

    articles: ArticleList
    title: ArticleTitle
    meta: ArticleMeta
    view: ArticleView
    claims: ClaimsPanel
    inspector: Inspector
    history: HistoryPane


class WorkspaceController(QObject):
    sig_article_shown = Signal(str)  # article id: its text and claims are on screen
    sig_library_loaded = Signal()
    sig_claim_shown = Signal(object)  # the current claim (ClaimRow or None), once shown

    def __init__(
        self,
        window: QMainWindow,
        gateway: Gateway,
        edits: EditController,
        state: WindowState,
        workspace: Workspace,
    ) -> None:
        super().__init__(window)
        self.window = window  # for the status bar, the title and dialogs' parent
        self.gateway = gateway
        self.worker: Worker = gateway.worker
        self.edits = edits
        self.state = state
        self.w = workspace
        self.garbage = GarbageCollector(self)
        self.article: ArticleData | None = None
        self._load_token = 0
        # Faint "more candidates" (claims not highlighted) are listed only on request, or one
        # at a time when something asks for it (the dashboard, an undo, the last session).
        self.candidates_shown = state.candidates_shown()
        self._faint: set[str] = set()  # the open article's claims that are not highlighted
        self._revealed: set[str] = set()  # faint claims shown while candidates are hidden
        # Changes made elsewhere come in bursts (an import, a bulk sign-off): one re-read each.
        self._library_timer = QTimer(self, singleShot=True, interval=0)
        self._library_timer.timeout.connect(self.refresh_library)
        # History is read after the key press that changed the claim has been handled, and
        # once for a burst of them (J held down, a tag that moves on), not on each.
        self._history_claim: str | None = None
        self._history_timer = QTimer(self, singleShot=True, interval=0)
        self._history_timer.timeout.connect(lambda: self.w.history.show_claim(self._history_claim))

        w = workspace
        w.articles.selectionModel().currentChanged.connect(self._on_articles_current_changed)
        w.meta.sig_counts_changed.connect(w.articles.articles().set_counts)
        w.articles.articles().show_candidates(self.candidates_shown)
        w.view.sig_claim_clicked.connect(self.select_claim)
        w.claims.sig_current_changed.connect(self.show_claim)
        w.claims.sig_finished.connect(self.focus_article)
        w.inspector.sig_status_requested.connect(lambda s: self.tag_current(s, advance=False))
        w.inspector.sig_finished.connect(self.focus_article)
        edits.sig_claim_changed.connect(self._on_edits_claim_changed)
        edits.sig_stale.connect(self._on_edits_stale)
        edits.sig_invalid.connect(self._on_edits_invalid)
        gateway.sig_claims_updated.connect(self._on_gateway_claims_updated)
        gateway.sig_changed.connect(self._on_gateway_changed)
        gateway.sig_article_outdated.connect(self._on_gateway_article_outdated)
        self.worker.sig_job_started.connect(self._on_worker_job_started)

    def connect_actions(self, a: WindowActions) -> None:
        """The menu commands that move through the claims, tag them, undo, import, extract."""
        a.import_files.triggered.connect(self._on_import_triggered)
        a.undo.triggered.connect(self.undo)
        a.redo.triggered.connect(self.redo)
        a.add_evidence.triggered.connect(self.w.inspector.start_evidence)
        a.edit_note.triggered.connect(self.w.inspector.edit_note)
        for status, action in a.tag.items():
            moves = status != ClaimStatus.UNREVIEWED
            action.triggered.connect(functools.partial(self.tag_current, status, advance=moves))
        for status, action in a.tag_stay.items():
            action.triggered.connect(functools.partial(self.tag_current, status, advance=False))
        a.dismiss.triggered.connect(
            functools.partial(self.tag_current, ClaimStatus.DISMISSED, advance=True)
        )
        a.next_claim.triggered.connect(lambda: self.step(1))
        a.previous_claim.triggered.connect(lambda: self.step(-1))
        a.next_unreviewed.triggered.connect(lambda: self.step(1, _is_unreviewed))
        a.extract.triggered.connect(self.extract_current)
        a.learn.triggered.connect(self.show_learning)
        a.more_candidates.setChecked(self.candidates_shown)
        a.more_candidates.toggled.connect(self.show_candidates)
        self.w.claims.candidates.toggled.connect(a.more_candidates.setChecked)

    @property
    def extraction(self) -> ExtractionProcess:
        """spaCy runs in a child process (in a thread it held the GIL for up to 200 ms at a
        time). Made on first use: making it starts Python's resource tracker, a second
        interpreter that start-up need not share the machine with."""
        from claimdesk.core.extraction import child_process

        return child_process.shared()

    def say(self, message: str, milliseconds: int) -> None:
        self.window.statusBar().showMessage(message, milliseconds)

    def focus_article(self) -> None:
        self.w.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- library and articles ------------------------------------------------------------

    def start(self) -> None:
        """Load the library, first loading the sample articles into a brand-new one."""
        self.garbage.start()
        self.gateway.start_watching()
        first = self.gateway.first_screen
        if first is not None:  # read before the store opened: shown now, the store behind
            self._open_after_first_paint()
            if first.article is not None:
                self.w.articles.articles().expect(first.articles)
                last, claim = self.state.last_opened()
                self._load_token += 1
                shown = claim if first.article.id == last else None
                self._on_article_loaded(self._load_token, first.article, shown)
            self.refresh_library()
        elif needs_seeding(self.gateway.store):
            seed = functools.partial(ensure_seeded, extraction=self.extraction)
            task = self.gateway.job("Loading the sample articles", seed)
            self.w.view.set_waiting("Loading the sample articles…")
            task.sig_ended.connect(lambda: self.w.view.set_waiting(None))
            task.sig_ended.connect(self.refresh_library)
        else:
            # A returning reviewer's article is read first, so it shows without waiting for
            # the article list (10,000 articles take seconds to list); the list selects it.
            last, claim = self.state.last_opened()
            if last is not None:
                self.open_article(last, claim, gone_ok=True)
            else:  # a first visit: the list's first article, found with a one-row query
                self._open(self.gateway.first_article, None, gone_ok=False)
            self.refresh_library()

    def _open_after_first_paint(self) -> None:
        """Let the gateway open the store once the window has painted its first screen:
        opening it meanwhile would take the GIL from building and painting the window."""
        fallback = QTimer(self, singleShot=True, interval=OPEN_AFTER_MS)
        fallback.timeout.connect(self.gateway.begin_opening)
        fallback.start()
        self.window.installEventFilter(self)
        self.gateway.sig_open_failed.connect(self._on_open_failed_library)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.window and event.type() == QEvent.Type.Paint:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self.gateway.begin_opening)  # once this paint is done
        return False

    def _on_open_failed_library(self, error: BaseException) -> None:
        """The library read for the first screen cannot be opened after all: say why and close."""
        QMessageBox.critical(self.window, "Claimdesk", str(error))
        self.window.close()

    def close(self) -> None:
        """Save the note being typed, remember where the reviewer was, stop the background."""
        self.w.inspector.flush_note()
        self.remember()
        if self.worker.shutdown():
            self.gateway.close()
        self.garbage.stop()

    def refresh_library(self, then_open: str | None = None) -> None:
        task = self.gateway.fetch("Loading the library", self.gateway.articles)
        task.sig_finished.connect(lambda rows: self._on_library_loaded(rows, then_open))
        task.sig_failed.connect(self._on_task_failed)

    def _on_library_loaded(self, rows: Sequence[object], then_open: str | None) -> None:
        model = self.w.articles.articles()
        model.set_rows(rows)  # type: ignore[arg-type]
        ids = model.ids()
        self.sig_library_loaded.emit()
        if then_open in ids:
            self.open_article(then_open)
        elif self.article is not None and self.article.id in ids:
            self._select_article_row(self.article.id)
        elif ids:
            last, claim = self.state.last_opened()
            if last in ids:
                self.open_article(last, claim)
            else:
                self.open_article(ids[0])

    def open_article(
        self, article_id: str, claim_id: str | None = None, *, gone_ok: bool = False
    ) -> None:
        """Load an article off the GUI thread; the latest request wins. `gone_ok`: an
        article deleted meanwhile is no error (the list, when read, opens another)."""
        self._open(lambda: self.gateway.article(article_id), claim_id, gone_ok=gone_ok)

    def _open(
        self, read: Callable[[], ArticleData | None], claim_id: str | None, *, gone_ok: bool
    ) -> None:
        self.w.inspector.flush_note()
        self._load_token += 1
        token = self._load_token
        task = self.gateway.fetch("Opening the article", read)
        task.sig_finished.connect(lambda data: self._on_article_loaded(token, data, claim_id))
        task.sig_failed.connect(functools.partial(self._on_open_failed, gone_ok))

    def _on_open_failed(self, gone_ok: bool, error: BaseException) -> None:
        if not (gone_ok and isinstance(error, NotFoundError)):
            self._on_task_failed(error)

    def _on_article_loaded(
        self, token: int, data: ArticleData | None, claim_id: str | None
    ) -> None:
        if token != self._load_token or data is None:  # superseded, or an empty library
            return
        w = self.w
        self.article = data
        self.gateway.watch(data)
        self._select_article_row(data.id)
        w.title.setText(data.title)
        self.window.setWindowTitle(f"{data.title} — Claimdesk")
        self._faint = {c.id for c in data.claims if not c.highlighted}
        self._revealed = {claim_id} & self._faint if claim_id else set()
        shown = [c for c in data.claims if self.is_shown(c)]
        w.view.set_article(data.text, shown, data.structure)
        w.claims.model.set_rows(shown)
        w.meta.show_article(data)
        w.inspector.set_detector(data.extractor_version)
        self._count_candidates()
        if claim_id not in {c.id for c in shown}:
            claim_id = w.claims.neighbour(None, 1, _is_unreviewed) or w.claims.neighbour(None, 1)
        self.select_claim(claim_id)
        self.remember()
        self.sig_article_shown.emit(data.id)

    def _select_article_row(self, article_id: str) -> None:
        articles = self.w.articles
        blocker = articles.selectionModel().blockSignals(True)
        articles.select_article(article_id)
        articles.selectionModel().blockSignals(blocker)
        articles.viewport().update()

    def _on_articles_current_changed(self, _current: object, _previous: object) -> None:
        article_id = self.w.articles.current_article()
        if article_id and (self.article is None or article_id != self.article.id):
            self.open_article(article_id)

    def remember(self) -> None:
        if self.article is not None:
            self.state.remember(self.article.id, self.w.claims.current_claim())

    # -- claims --------------------------------------------------------------------------

    def current_claim(self) -> ClaimRow | None:
        return self.w.inspector.claim()

    def shows_claim(self, claim_id: str) -> bool:
        """Whether the claim is one of the open article's (listed, or a hidden candidate)."""
        return self.gateway.recorded(claim_id) is not None

    def shows_row(self, claim_id: str) -> bool:
        """Whether the claims table (and the article view) list the claim now."""
        return self.w.claims.model.claim(claim_id) is not None

    def is_shown(self, claim: ClaimRow) -> bool:
        """Whether the article view and the claims table list the claim."""
        return claim.highlighted or self.candidates_shown or claim.id in self._revealed

    def show_candidates(self, shown: bool) -> None:
        """List the faint "more candidates" too, or only the highlighted claims (remembered).

        Hiding them while one is current moves on to the next highlighted claim after it.
        """
        if shown == self.candidates_shown:
            return
        self.candidates_shown = shown
        self.state.set_candidates_shown(shown)
        self.w.articles.articles().show_candidates(shown)
        self._revealed.clear()
        if self.article is None:
            self._count_candidates()
            return
        w, current = self.w, self.current_claim()
        if current is not None and not self.is_shown(current):
            following = w.claims.neighbour(current.id, 1, self.is_shown)
            current = w.claims.model.claim(following) if following else None
        rows = self.gateway.recorded_claims()
        shown_rows = sorted(filter(self.is_shown, rows), key=lambda c: (c.start, c.end, c.id))
        w.view.set_claims(shown_rows)
        w.claims.model.set_rows(shown_rows)
        self._count_candidates()
        self.select_claim(current.id if current else None)

    def _count_candidates(self) -> None:
        """Tell the panel, the legend and the line under the title how many candidates there
        are and how many are hidden."""
        hidden = 0 if self.candidates_shown else len(self._faint - self._revealed)
        self.w.claims.set_candidates(len(self._faint), hidden, self.candidates_shown)
        self.w.meta.set_hidden(hidden, len(self._faint))

    def _reveal(self, claim_id: str) -> None:
        """List one hidden candidate (asked for by id), faint, with the candidates still off."""
        claim = self.gateway.recorded(claim_id)
        if claim is None or self.is_shown(claim):
            return
        self._revealed.add(claim_id)
        self.w.claims.put(claim)
        self.w.view.put_claim(claim)
        self._count_candidates()

    def select_claim(self, claim_id: str | None) -> None:
        if claim_id is not None:
            self._reveal(claim_id)
        claims = self.w.claims
        claims.select_claim(claim_id)
        if claim_id is None or claims.current_claim() != claim_id:
            self.show_claim(claims.current_claim())

    def show_claim(self, claim_id: str | None) -> None:
        """Make this claim (of the claims table) the current one everywhere."""
        claim = self.w.claims.model.claim(claim_id) if claim_id else None
        self.w.view.set_current_claim(claim.id if claim else None)
        self.w.inspector.set_claim(claim, self._position(claim))
        self.sig_claim_shown.emit(claim)
        self.show_history(claim.id if claim else None)
        if claim is not None:
            self.remember()

    def show_history(self, claim_id: str | None) -> None:
        """Show this claim's history in the inspector, read once the event loop is free."""
        self._history_claim = claim_id
        self._history_timer.start()

    def _position(self, claim: ClaimRow | None) -> str:
        place = self.w.claims.model.place(claim.id) if claim is not None else None
        return "" if place is None else f"{place[0] + 1} of {place[1]}"

    def step(self, step: int, accept: Callable[[ClaimRow], bool] = lambda _: True) -> None:
        target = self.w.claims.neighbour(self.w.claims.current_claim(), step, accept)
        if target is not None:
            self.select_claim(target)
        else:
            self.say("No unreviewed claims left in this article", 4000)

    def tag_current(self, status: str, *, advance: bool) -> None:
        """Tag the current claim; with `advance`, go on to the next unreviewed claim."""
        claim = self.current_claim()
        if claim is None or self.w.inspector.refuse_if_locked():
            return
        target = self.w.claims.neighbour(claim.id, 1, _is_unreviewed) if advance else None
        if claim.status != status and not self.edits.do(SetStatus(claim.id, status)):
            return
        if target is not None:
            self.select_claim(target)
        elif advance and ClaimStatus.UNREVIEWED == claim.status != status:  # one fewer to do
            hidden = sum(map(_is_unreviewed, self.w.claims.model.rows()))
            self.say(
                f"The filters hide the {hidden} other unreviewed claims"
                if hidden
                else "That was the last unreviewed claim of this article",
                5000,
            )

    def undo(self) -> None:
        self.w.inspector.flush_note()
        self.edits.undo_stack.undo()

    def redo(self) -> None:
        self.w.inspector.flush_note()
        self.edits.undo_stack.redo()

    # -- changes, here and elsewhere -----------------------------------------------------

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
        w, current = self.w, self.current_claim()
        hidden: list[ClaimRow] = []  # claims that became faint while candidates are hidden
        for before, after in update.changed:
            w.meta.count(before, after)
            (self._faint.discard if after.highlighted else self._faint.add)(after.id)
            if current is not None and current.id == after.id and not after.highlighted:
                self._revealed.add(after.id)  # the claim on show never vanishes (0, an undo)
            if not self.is_shown(after):
                hidden.append(after)
                continue
            w.claims.put(after)
            w.view.put_claim(after)
            if current is not None and current.id == after.id:
                w.inspector.set_claim(after, self._position(after))
        for gone in update.removed:
            w.meta.count(gone, None)
            self._faint.discard(gone.id)
            self._revealed.discard(gone.id)
        for gone in [c for c in (*update.removed, *hidden) if self.shows_row(c.id)]:
            following = (
                w.claims.neighbour(gone.id, 1) if current and current.id == gone.id else None
            )
            w.claims.model.remove(gone.id)
            w.view.remove_claim(gone.id)
            if current is not None and current.id == gone.id:
                self.select_claim(following)
        self._count_candidates()

    def _on_gateway_changed(self, changes: Changes, own: bool) -> None:
        current = self.current_claim()
        if current is not None and any(current.id in c.claim_ids for c in changes):
            self.show_history(current.id)
        if not own:
            removed = {c.article_id for c in changes if c.kind == ChangeKind.ARTICLE_REMOVED}
            if self.article is not None and self.article.id in removed:
                self.article = None  # not reopened: the library's reload opens another
            self._library_timer.start()  # articles added, removed or recounted elsewhere

    def _on_gateway_article_outdated(self, article_id: str) -> None:
        if self.article is not None and self.article.id == article_id:
            self.open_article(article_id, self.w.claims.current_claim())

    def reopen_if_showing(self, claim_ids: Sequence[str]) -> None:
        """Read the open article again if it holds any of these claims (changed elsewhere)."""
        if self.article is not None and any(map(self.shows_claim, claim_ids)):
            self.open_article(self.article.id, self.w.claims.current_claim())

    def _on_edits_stale(self, message: str) -> None:
        self.w.inspector.show_notice(message)
        self.say(message, 8000)

    def _on_edits_invalid(self, field: str, message: str) -> None:
        if self.w.inspector.evidence.is_open():
            self.w.inspector.evidence.show_error(message)
        else:
            self.say(f"{field}: {message}", 8000)

    # -- background jobs -----------------------------------------------------------------

    def import_paths(self, paths: Sequence[Path]) -> Task:
        """Import files or folders on the worker, then open the first new article."""
        self.w.inspector.flush_note()
        count = len(paths)
        title = f"Importing {count} item{'s' if count != 1 else ''}"
        from claimdesk.core import jobs  # the importer and the extractor's API: on first use

        task = self.gateway.job(
            title,
            functools.partial(jobs.import_paths, paths=list(paths), extraction=self.extraction),
        )
        task.sig_finished.connect(self._on_import_finished)
        return task

    def extract_current(self) -> Task | None:
        if self.article is None:
            return None
        from claimdesk.core import jobs

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
        paths = import_flow.ask_for_files(self.window, self.state)
        if paths:
            self.import_paths(paths)

    def show_learning(self) -> QDialog:
        from claimdesk.ui.learn_dialog import LearnDialog  # on first use: not at start-up

        dialog = LearnDialog(self.gateway, self.window)
        dialog.open()
        return dialog

    def _say_library_model_notice(self) -> None:
        """Say so when extraction could not use the library's adopted model (damaged, say)."""
        version = self.extraction.version_used()
        read = functools.partial(_library_model_notice, self.gateway, version)
        task = self.gateway.fetch("Library model", read)
        task.sig_finished.connect(lambda notice: notice and self.say(notice, 10000))

    def _on_import_finished(self, reports: Sequence[FileReport]) -> None:
        self.say(import_flow.summary(reports), 8000)
        self._say_library_model_notice()
        self.refresh_library(then_open=import_flow.article_to_open(reports))
        import_flow.show_failures(self.window, reports)

    def _on_extract_finished(self, article_id: str) -> None:
        notice = self.extraction.notice()
        self.say(notice or "Claims extracted", 8000)
        self._say_library_model_notice()
        self.refresh_library()
        if self.article is not None and self.article.id == article_id:
            self.open_article(article_id, self.w.claims.current_claim())

    def _on_worker_job_started(self, task: Task) -> None:
        # The dashboard and the export dialog say their own failures; no second, modal warning.
        task.sig_failed.connect(
            lambda e: None if task.property("inline_errors") else self._on_task_failed(e)
        )
        task.sig_cancelled.connect(lambda: self.say(f"{task.title}: cancelled", 6000))

    def _on_task_failed(self, error: BaseException) -> None:
        message = (
            str(error) if isinstance(error, ClaimdeskError) else f"{type(error).__name__}: {error}"
        )
        self.say(message, 10000)
        QMessageBox.warning(self.window, "Claimdesk", message)


def _library_model_notice(gateway: Gateway, version: str) -> str | None:
    """Read on the worker: which model a version names is the extraction modules' business,
    and the learning modules bring numpy, which the first screen does not need."""
    from claimdesk.core.extraction.extractor import model_of
    from claimdesk.core.learning import learn

    return learn.notice(gateway.store, model_of(version))
