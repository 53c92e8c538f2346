"""The editor's dashboard: every article's progress, claims filtered library-wide, and sign-off."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.services.dashboard import (
    ClaimFilter,
    ClaimOrder,
    ClaimTally,
    ClaimWindow,
    DashboardData,
)
from claimdesk.ui.dashboard_filters import FilterBar
from claimdesk.ui.dashboard_model import (
    ARTICLE_HEADERS,
    COL_ACTIVITY,
    COL_APPROVED,
    COL_ARTICLE,
    COL_CLAIMS,
    COL_FIRST_STATUS,
    COL_QUOTE,
    COL_REVIEWED,
    COL_REVIEWERS,
    COL_TITLE,
    REVIEW_LABELS,
    ArticleTableModel,
    ClaimListModel,
    RowRole,
    ShareRole,
)
from claimdesk.ui.dashboard_signoff import RefusedList, SignOffBar
from claimdesk.ui.dashboard_tables import ClaimTable, library_table, selected_ids
from claimdesk.ui.edit_controller import EditController
from claimdesk.ui.gateway_types import Policy
from claimdesk.ui.status_chart import ShareDelegate, StatusChart
from claimdesk.ui.workers import Task

# The claims table's Article column: a third of what the claim and it share, within these.
ARTICLE_MIN, ARTICLE_MAX = 100, 220
WINDOW = 200  # claims read at a time: several screens, a few milliseconds of SQL
# A library read again (a change elsewhere) reads as many rows as were scrolled to, up to this.
REREAD_MAX = 5 * WINDOW
ACTIVITY_SAMPLE = "28 Sep 2026, 23:59"  # the widest date the Last activity column shows
REVIEWERS_WIDTH = 160  # three or four names; more are elided, leaving the titles room
TITLE_ROOM = 320  # px the article titles keep before the status headers lose their names
STATUS_ICON = 20  # px a status header's icon takes


class Dashboard(QWidget):
    sig_open_claim = Signal(str, str)  # article id, claim id ("" for the article itself)
    sig_review_changed = Signal(list)  # ids of claims whose sign-off changed here
    sig_loaded = Signal()

    def __init__(self, edits: EditController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.edits, self.gateway, self.worker = edits, edits.gateway, edits.gateway.worker
        self.snapshot: DashboardData | None = None
        self.tally: ClaimTally | None = None  # of the claims the filters show
        self._policy: Policy | None = None
        self._token = 0
        self._query = 0  # the latest listing asked for; older windows are dropped
        self._listed = ClaimFilter()  # what the rows shown match
        self._all_versions: dict[str, int] | None = None  # "select all", read in SQL
        self._stale = True
        self._sized = False
        self._article_width = ARTICLE_MAX  # the titles' own width, up to the cap
        self.articles = ArticleTableModel(self)
        self.claims = ClaimListModel(self)
        self._build()
        self._size_article_columns()
        self._connect()

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self.summary = QLabel(objectName="dashboardSummary")
        self.refresh_button = QPushButton("Refresh", objectName="dashboardRefresh")
        self.refresh_button.setToolTip("Read the library again (changes made elsewhere)")
        self.article_table = library_table(
            QTableView(objectName="dashboardArticles"), self.articles
        )
        shares = ShareDelegate(ShareRole, self.article_table)
        for col in (COL_REVIEWED, COL_APPROVED):
            self.article_table.setItemDelegateForColumn(col, shares)
        self.article_table.setToolTip("Select articles to list only their claims below")
        self.filters = FilterBar()
        self.claim_table = ClaimTable("dashboardClaims")
        library_table(self.claim_table, self.claims)
        self.chart = StatusChart()
        self.chart_scope = QCheckBox("Chart the whole library", objectName="chartWholeLibrary")
        self.chart_scope.setToolTip("Off: the chart counts the claims the filters show")
        self.sign_off_summary = QLabel(objectName="signOffSummary")
        self.notice = QLabel(objectName="dashboardNotice", wordWrap=True)
        self.notice.hide()

        self.policy_line = QLabel(objectName="policyLine", wordWrap=True)
        self.policy_line.setToolTip("Switch it in the Claims menu › A second person must approve")
        self.sign_off = SignOffBar(self.edits, self._selected_versions, self)
        self.refused = RefusedList()

        head = QHBoxLayout()
        head.addWidget(QLabel("Articles", objectName="panelTitle"))
        head.addWidget(self.summary, 1)
        head.addWidget(self.refresh_button)
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(head)
        column.addWidget(self.article_table, 1)

        claims_column = QVBoxLayout()
        claims_column.addWidget(self.claim_table, 1)
        claims_column.addWidget(self.sign_off)
        claims_column.addWidget(self.refused)
        chart_column = QVBoxLayout()
        for widget in (self.chart, self.chart_scope, self.sign_off_summary, self.policy_line):
            chart_column.addWidget(widget)
        chart_column.addStretch(1)
        lower = QHBoxLayout()
        lower.addLayout(claims_column, 1)
        lower.addLayout(chart_column)
        bottom = QWidget()
        column = QVBoxLayout(bottom)
        column.setContentsMargins(0, 6, 0, 0)
        column.addWidget(self.filters)
        column.addWidget(self.notice)
        column.addLayout(lower, 1)

        self.split = QSplitter(Qt.Orientation.Vertical, objectName="dashboardSplit")
        self.split.addWidget(top)
        self.split.addWidget(bottom)
        self.split.setStretchFactor(1, 2)
        self.split.setChildrenCollapsible(False)
        self.split.setSizes([200, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.split)

    def _connect(self) -> None:
        self.filters.sig_changed.connect(self._apply_filter)
        self.filters.clear_button.clicked.connect(self.article_table.clearSelection)
        self.chart_scope.toggled.connect(self._apply_filter)
        self.refresh_button.clicked.connect(self.refresh)
        self.article_table.selectionModel().selectionChanged.connect(self._apply_filter)
        self.claim_table.selectionModel().selectionChanged.connect(self.sign_off.update_selection)
        self.claim_table.sig_all_selected.connect(self._on_all_selected)
        self.claims.sig_fetch.connect(self._fetch_more)
        self.claims.sig_sort.connect(lambda _order: self._list_claims(tally=False))
        self.claims.rowsInserted.connect(self._on_rows_read)
        self.sign_off.sig_started.connect(self._on_sign_off_started)
        self.sign_off.sig_written.connect(self._on_sign_off_written)
        self.sign_off.sig_message.connect(self._show_notice)
        self.sign_off.sig_stale.connect(self.refresh)
        self.sign_off.sig_refused.connect(self.refused.show_refusals)
        self.refused.sig_open_claim.connect(self._on_refused_open_claim)
        self.gateway.sig_policy_changed.connect(self.show_policy)
        self.article_table.doubleClicked.connect(self._on_article_table_double_clicked)
        self.claim_table.doubleClicked.connect(self._on_claim_table_double_clicked)
        self.claim_table.viewport().installEventFilter(self)
        self.article_table.viewport().installEventFilter(self)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.claim_table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self._on_claim_table_enter)

    # -- loading -------------------------------------------------------------------------

    def refresh(self) -> Task:
        """Read the library off the GUI thread in steps, each shown as it comes: the counts
        and the first claims, then the article rows, then who worked on each article (they
        read the whole library: seconds at 10,000 articles). The latest request wins."""
        self._stale = False
        self._token += 1
        token = self._token

        def read() -> tuple[DashboardData, Policy]:
            return self.gateway.dashboard_overview(), self.gateway.policy()

        return self._read("Loading the dashboard", read, lambda found: self._on_read(token, *found))

    def _read(self, what: str, read: Callable[[], Any], then: Callable[[Any], None]) -> Task:
        task = self.gateway.fetch(what, read)
        task.sig_finished.connect(then)
        task.sig_failed.connect(lambda error: self._show_notice(f"Not loaded: {error}", False))
        return task

    def invalidate(self) -> None:
        """The library changed elsewhere: read it again now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _on_read(self, token: int, overview: DashboardData, policy: Policy) -> None:
        if token != self._token:
            return
        self._policy = policy
        self._show_overview(overview)
        self._list_claims(reread=True)
        self._read(
            "Reading the articles",
            lambda: self.gateway.dashboard_articles(overview),
            lambda found: self._on_articles(token, found),
        )

    def _on_articles(self, token: int, data: DashboardData) -> None:
        if token != self._token:
            return
        self._show_articles(data)
        self._read(
            "Reading who worked on each article",
            lambda: self.gateway.dashboard_people(data),
            lambda found: self._on_people(token, found),
        )

    def _on_people(self, token: int, data: DashboardData) -> None:
        if token == self._token:
            self.snapshot = data
            self.articles.fill_people(data.articles)

    def show_policy(self, policy: Policy) -> None:
        self._policy = policy
        if self.snapshot is not None:
            self.policy_line.setText(policy_text(policy, len(self.snapshot.reviewers)))

    def _on_loaded(self, token: int, data: DashboardData) -> None:
        """Everything read at once (after a sign-off)."""
        if token == self._token:
            self._show_overview(data)
            self._show_articles(data)
            self._list_claims(reread=True)

    def _show_overview(self, data: DashboardData) -> None:
        self.snapshot = data
        self.filters.set_reviewers(data.reviewers)
        self._show_summary(data)
        if self._policy is not None:
            self.show_policy(self._policy)

    def _show_articles(self, data: DashboardData) -> None:
        chosen = self.selected_article_ids()
        self.snapshot = data
        self.articles.set_rows(data.articles)
        self._select(self.article_table, self.articles, chosen)

    def _show_summary(self, data: DashboardData) -> None:
        counted = data.tally.rollup
        parts = [f"{data.article_count} articles", f"{counted.total} claims to check"]
        if counted.total:
            parts.append(f"{counted.pct_reviewed}% reviewed")
            parts.append(f"{counted.pct_approved}% approved")
        parts.append(f"{counted.needs_review} waiting for review")
        self.summary.setText("   ·   ".join(parts))

    def _size_article_columns(self) -> None:
        """Widths from the labels and a sample date, not the rows: the people and dates come
        last, and sizing to 10,000 rows' contents held the window."""
        articles = self.article_table.horizontalHeader()
        metrics = self._header_metrics()
        label = str(self.articles.headerData(COL_CLAIMS, Qt.Orientation.Horizontal))
        articles.resizeSection(COL_CLAIMS, metrics.horizontalAdvance(label) + 20)
        articles.resizeSection(COL_REVIEWED, 120)
        articles.resizeSection(COL_APPROVED, 130)
        articles.resizeSection(COL_ACTIVITY, metrics.horizontalAdvance(ACTIVITY_SAMPLE) + 20)
        articles.resizeSection(COL_REVIEWERS, REVIEWERS_WIDTH)
        articles.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self._fit_status_columns()

    def _header_metrics(self) -> QFontMetrics:
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        return QFontMetrics(bold)

    def _fit_status_columns(self) -> None:
        """Name the statuses in their headers while the titles keep TITLE_ROOM; narrower,
        head them by their icons alone (each says its status in a tooltip, as everywhere).

        At 1280 px the five labels took 550 px and left the titles 65 ("Fujitsu a…").
        """
        articles = self.article_table.horizontalHeader()
        metrics = self._header_metrics()
        labelled = {
            col: metrics.horizontalAdvance(ARTICLE_HEADERS[col]) + STATUS_ICON + 20
            for col in range(COL_FIRST_STATUS, COL_REVIEWED)
        }
        others = sum(
            articles.sectionSize(col)
            for col in range(articles.count())
            if col != COL_TITLE and col not in labelled
        )
        room = self.article_table.viewport().width() - others - sum(labelled.values())
        compact = room < TITLE_ROOM
        self.articles.set_compact(compact)
        narrow = STATUS_ICON + metrics.horizontalAdvance("0000") + 16
        for col, width in labelled.items():
            articles.resizeSection(col, narrow if compact else width)

    def _size_claim_columns(self) -> None:
        claims = self.claim_table.horizontalHeader()
        claims.resizeSections(QHeaderView.ResizeMode.ResizeToContents)
        self._article_width = max(ARTICLE_MIN, min(claims.sectionSize(COL_ARTICLE), ARTICLE_MAX))
        claims.setSectionResizeMode(COL_QUOTE, QHeaderView.ResizeMode.Stretch)
        self._fit_article_column()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # The viewports' own resizes: the dashboard's comes first when its tab is shown.
        if event.type() == QEvent.Type.Resize:
            if watched is self.article_table.viewport():
                self._fit_status_columns()
            elif self._sized:
                self._fit_article_column()
        return super().eventFilter(watched, event)

    def _fit_article_column(self) -> None:
        """Leave the claim, which the Claim column stretches to show, most of the room.

        The titles are elided (and in the tooltip); at 1100 px the Article column took 200 px
        and left the claim itself 80.
        """
        claims = self.claim_table.horizontalHeader()
        others = sum(
            claims.sectionSize(col)
            for col in range(claims.count())
            if col not in (COL_ARTICLE, COL_QUOTE)
        )
        shared = self.claim_table.viewport().width() - others
        width = min(self._article_width, max(ARTICLE_MIN, shared // 3))
        claims.resizeSection(COL_ARTICLE, width)

    # -- filtering -----------------------------------------------------------------------

    def focus_filter(self) -> None:
        self.filters.focus()

    def clear_filters(self) -> None:
        self.article_table.clearSelection()
        self.filters.clear()

    def _apply_filter(self) -> None:
        self._list_claims()

    def show_pending(self, claims: int) -> None:
        """Claims whose earlier checks are still being matched (the filter is honest)."""
        self.filters.set_pending(claims)

    def _list_claims(self, *, tally: bool = True, reread: bool = False) -> Task:
        """Ask the database for the first window of the claims the filters pick, in the
        table's order; `reread` (the library changed) reads as many as were scrolled to."""
        wanted = self.filters.claim_filter(self.selected_article_ids())
        library = self.snapshot.tally if self.snapshot is not None else None
        # No filter: the library's own counts, read with the overview, are the listing's.
        known = library if wanted.is_empty else None
        tally = (tally or reread or self.tally is None) and known is None
        rows = min(max(WINDOW, self.claims.rowCount()), REREAD_MAX) if reread else WINDOW
        self._query += 1
        query, order = self._query, self.claims.order
        checked = replace(wanted, checked_before=True)
        # Not checked before, nothing else: the library's counts less the few checked ones
        # (counting the library again took 45 ms of the filter's 100).
        less = library if tally and wanted == replace(ClaimFilter(), checked_before=False) else None

        def read() -> ClaimWindow:
            found = self.gateway.dashboard_claims(
                wanted, order, 0, rows, tally=tally and less is None
            )
            if less is None:
                return found
            part = self.gateway.dashboard_claims(checked, ClaimOrder(), 0, 0, tally=True).tally
            assert part is not None
            return replace(found, tally=less.less(part))

        task = self.gateway.fetch("Listing the claims", read)
        task.sig_finished.connect(
            lambda found: self._on_listed(query, wanted, reread, found.tally or known, found)
        )
        task.sig_failed.connect(lambda error: self._show_notice(f"Not listed: {error}", False))
        return task

    def _on_listed(
        self,
        query: int,
        wanted: ClaimFilter,
        reread: bool,
        tally: ClaimTally | None,
        found: ClaimWindow,
    ) -> None:
        if query != self._query:
            return
        chosen, everything = self.selected_claim_ids(), self.claim_table.all_selected
        self.tally = tally or self.tally
        assert self.tally is not None
        same = reread or wanted == self._listed
        if not reread:
            # Left scrolled to the end, the view would read a second window at once.
            self.claim_table.scrollToTop()
        self.claims.set_rows(found.rows, self.tally.matching)
        if not self._sized:
            self._sized = True
            self._size_claim_columns()
        self._listed = wanted
        self._all_versions = None
        if everything and same:
            self.claim_table.selectAll()  # all matching still: their versions are read again
        elif same:
            self._select(self.claim_table, self.claims, chosen)
        self._show_counts(wanted)
        self.sig_loaded.emit()

    def _show_counts(self, wanted: ClaimFilter) -> None:
        assert self.tally is not None and self.snapshot is not None
        shown, every = self.tally.matching, self.snapshot.tally.matching
        where = f" in {len(wanted.article_ids)} selected article(s)" if wanted.article_ids else ""
        self.filters.match_count.setText(f"{shown} of {every} claims{where}")
        counted = self.snapshot.tally if self.chart_scope.isChecked() else self.tally
        if self.chart_scope.isChecked():
            self.chart.set_counts(counted.rollup.counts, f"All {every} claims by status")
        else:
            noun = "claim" if shown == 1 else "claims"
            matching = "" if wanted.is_empty else " matching"
            self.chart.set_counts(counted.rollup.counts, f"{shown}{matching} {noun} by status")
        own = counted.self_approved
        self.sign_off_summary.setText(
            "<b>Sign-off</b><br>"
            + "<br>".join(
                f"{label}: {counted.rollup.by_review_state.get(state, 0)}"
                for state, label in REVIEW_LABELS.items()
            )
            + (f" ({own} self-approved)" if own else "")
        )
        self.sign_off.update_selection()

    def _fetch_more(self, offset: int) -> None:
        """The table scrolled near the end of the rows read: read the next window."""
        query, wanted, order = self._query, self._listed, self.claims.order
        task = self.gateway.fetch(
            "Reading more claims",
            lambda: self.gateway.dashboard_claims(wanted, order, offset, WINDOW),
        )
        task.sig_finished.connect(
            lambda found: self.claims.add_rows(found.rows, offset) if query == self._query else None
        )
        task.sig_failed.connect(lambda _error: self.claims.fetch_failed())

    def _on_rows_read(self, _parent: QModelIndex, first: int, last: int) -> None:
        if self.claim_table.all_selected:
            self.claim_table.select_rows(first, last)

    def _on_all_selected(self) -> None:
        """Every matching claim is selected: read their ids and versions, unless all are read."""
        self._all_versions = None
        self.sign_off.update_selection()  # nothing to sign off until they are read
        if self.claims.all_read():
            return
        query, wanted = self._query, self._listed
        task = self.gateway.fetch(
            "Selecting every matching claim", lambda: self.gateway.matching_versions(wanted)
        )
        task.sig_finished.connect(lambda found: self._on_all_versions(query, found))

    def _on_all_versions(self, query: int, versions: dict[str, int]) -> None:
        if query == self._query and self.claim_table.all_selected:
            self._all_versions = versions
            self.sign_off.update_selection()

    # -- selection and opening -----------------------------------------------------------

    def selected_article_ids(self) -> list[str]:
        return selected_ids(self.article_table)

    def selected_claim_ids(self) -> list[str]:
        return selected_ids(self.claim_table)

    @staticmethod
    def _select(
        table: QTableView, model: ArticleTableModel | ClaimListModel, ids: Sequence[str]
    ) -> None:
        """Select these rows again after a read, quietly (rows not read are left out)."""
        selection = table.selectionModel()
        blocked = selection.blockSignals(True)
        selection.clearSelection()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        for row_id in ids:
            row = model.row_of(row_id)
            if row is not None:
                selection.select(model.index(row, 0), flags)
        selection.blockSignals(blocked)

    def _on_article_table_double_clicked(self, index: QModelIndex) -> None:
        self.sig_open_claim.emit(index.data(RowRole).id, "")

    def _on_claim_table_double_clicked(self, index: QModelIndex) -> None:
        claim = index.data(RowRole)
        self.sig_open_claim.emit(claim.article_id, claim.id)

    def _on_claim_table_enter(self) -> None:
        index = self.claim_table.currentIndex()
        if index.isValid():
            self._on_claim_table_double_clicked(index)

    # -- sign-off ------------------------------------------------------------------------

    def set_review_state(self, state: str) -> Task | None:
        """Sign off the selected claims (what the buttons and their shortcuts do)."""
        return self.sign_off.set_review_state(state)

    def _selected_versions(self) -> dict[str, int]:
        """The claims selected and the versions shown; every matching claim after select all
        (none until their versions are read)."""
        if self.claim_table.all_selected and not self.claims.all_read():
            return dict(self._all_versions or {})
        listed = {c.id: c.version for c in self.claims.rows()}
        return {claim_id: listed[claim_id] for claim_id in self.selected_claim_ids()}

    def _on_sign_off_started(self) -> None:
        self._token += 1  # a read already under way would show the claims as they were

    def _on_sign_off_written(self, ids: list[str], data: DashboardData) -> None:
        self._on_loaded(self._token, data)
        if ids:
            self.sig_review_changed.emit(ids)

    def _on_refused_open_claim(self, claim_id: str) -> None:
        """Open a refused claim, read first if the table has not scrolled to it."""
        row = self.claims.row_of(claim_id)
        if row is not None:
            self.sig_open_claim.emit(self.claims.row_at(row).article_id, claim_id)
            return
        task = self.gateway.fetch("Finding the claim", lambda: self.gateway.claim(claim_id))
        task.sig_finished.connect(
            lambda claim: claim and self.sig_open_claim.emit(claim.article_id, claim_id)
        )

    def _show_notice(self, text: str, ok: bool) -> None:
        self.notice.setText(text)
        self.notice.setProperty("tone", "ok" if ok else "error")
        self.notice.style().polish(self.notice)
        self.notice.show()


def policy_text(policy: Policy, reviewers: int) -> str:
    """The sign-off policy in a line: what it asks now and why (set, or automatic)."""
    rule = (
        "a second person must approve"
        if policy.required
        else "self-approval allowed (marked “self”)"
    )
    if policy.setting is None:
        people = f"{reviewers} reviewer{'s' if reviewers != 1 else ''}"
        why = f"automatic: {people} in this library"
    else:
        why = f"switched {'on' if policy.setting else 'off'}"
    return f"<b>Policy</b>: {rule} ({why})"
