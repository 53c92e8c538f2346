"""The window's one door to the database: snapshots out, commands in, changes announced.

Reads run on the worker's read lane. Writes go through one writer: one connection under one
lock, used by the GUI thread's edits and by the job lane's imports and extractions alike
(`Gateway.store` is what jobs get). A tag key press stays a synchronous ~1 ms transaction:
moving it to a writer thread would add a thread hop and an event-loop turn to every key.
The price: a key pressed while a job's transaction runs waits on the GUI thread, so the lock
is waited for no longer than SQLite's busy timeout, as before, and the edit is then refused
with `LibraryBusyError` (the window says the library is busy; nothing is half-written).

Every commit is heard through `core.events` and re-announced on the GUI thread
(`sig_changed`). Changes committed by other processes are noticed by polling (ui.change_watch).

A library whose first screen was read without SQLAlchemy (core.first_screen, `Unopened`) is
opened here on the read lane (ui.library_opening), as its first task, once the window has
been painted (`begin_opening`): reads queue behind it, jobs wait for it, and the GUI thread,
should it write first, waits for it. The open makes the integrity check when the health
record does not vouch for the file (after a session's edits): a write waits for the check,
and a library that fails it is said once (`sig_open_failed`) and closes the window, nothing
written (a write that waited for it raises `LibraryNotOpenedError`, which says nothing more).
So SQLAlchemy, the models and the services are imported inside the methods that use them
(all run once the store is open), never while the window starts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal

from claimdesk.core import commands
from claimdesk.core.changes import ChangeKind, Changes
from claimdesk.core.errors import NotFoundError, OperationCancelled, StaleClaimError, StoreError
from claimdesk.core.first_screen import FirstScreen, structure
from claimdesk.core.rows import (
    ArticleData,
    ArticleSummary,
    ClaimRow,
)
from claimdesk.ui.article_writes import ArticleWrites
from claimdesk.ui.candidates import Budget, marked
from claimdesk.ui.change_watch import ChangeWatch
from claimdesk.ui.claim_record import ClaimRecord
from claimdesk.ui.dashboard_reads import DashboardReads
from claimdesk.ui.gateway_types import (
    EarlierChecks,
    Label,
    LibraryNotOpenedError,
    Policy,
    SignedOff,
    Unopened,
)
from claimdesk.ui.library_opening import LibraryOpening
from claimdesk.ui.workers import Task, TaskFunction, Worker

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimdesk.core.events import ChangeBus
    from claimdesk.core.factchecks.match_types import Thresholds
    from claimdesk.core.models import ClaimEvent
    from claimdesk.core.one_writer import OneWriter
    from claimdesk.core.services.reviewers import Merged, Person
    from claimdesk.core.store import Store

    Library = Store | Unopened  # what the window is started on (see app.open_library)

_KEEPS_EVIDENCE = (
    commands.SetStatus,
    commands.SetNote,
    commands.SetSpan,
    commands.SetReviewState,
    commands.SignOff,
    commands.SetNotePublic,
    commands.Reopen,
)
# More changed claims than this in the open article: read it whole rather than row by row.
_ROWS_AT_ONCE = 200


class Gateway(QObject, DashboardReads, ArticleWrites):
    """Reads and writes on behalf of one reviewer, and tells the window what changed."""

    sig_changed = Signal(object, bool)  # Changes; True when this window's edit made them
    sig_claims_updated = Signal(object)  # ClaimUpdate of the open article
    sig_article_outdated = Signal(str)  # too much of the open article changed: read it again
    sig_policy_changed = Signal(object)  # Policy, after this window switched it
    sig_open_failed = Signal(object)  # StoreError: an Unopened library could not be opened
    _sig_heard = Signal(object, bool)

    def __init__(self, library: Library, reviewer: str, worker: Worker) -> None:
        super().__init__(worker)
        self.reviewer = reviewer
        self.worker = worker
        self.display_name = library.display_name
        # The article the window shows first, read before the store opened (None: read it).
        self.first_screen: FirstScreen | None = None
        self._store: OneWriter | None = None
        self._bus: ChangeBus | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._opening = LibraryOpening(library.display_name)
        self._gui_thread = threading.get_ident()
        self._executing = False
        self._record = ClaimRecord()
        self._budgets: dict[str, Budget] = {}  # of articles read, until one is watched
        self._sig_heard.connect(self._on_heard, Qt.ConnectionType.QueuedConnection)
        self._watch = ChangeWatch(
            self,
            store=lambda: self.store,
            is_open=lambda: self._store is not None,
            fetch=self.fetch,
            record=lambda: (self._record.article_id, self._record.versions()),
            publish=self._publish,
        )
        if isinstance(library, Unopened):
            self._open_later(library)
        else:
            self._take(library)
            self._opening.opened.set()

    @property
    def store(self) -> OneWriter:
        """The open store, through its one writer. Before it is open (an `Unopened` library)
        the caller waits for it: the GUI thread's synchronous writes and settings do, for
        the rest of an open that has just begun (reads and jobs queue behind it instead)."""
        self._opening.wait()
        if self._store is None:
            why = self._opening.failure or f"{self.display_name}: could not be opened"
            raise LibraryNotOpenedError(why)
        return self._store

    def begin_opening(self) -> None:
        """Let an `Unopened` library's store open (the window has shown its first screen)."""
        self._opening.begin()

    def close(self) -> None:
        """Stop listening and give back the write connection (the window is closing)."""
        self._watch.stop()
        self._opening.begin()  # an open still waiting for the first paint gives up
        if self._unsubscribe is not None:
            self._unsubscribe()
        if self._store is not None:
            self._store.close()

    def _take(self, store: Store) -> None:
        """Use this open store: writes through one writer, commits heard (any thread)."""
        from claimdesk.core import events
        from claimdesk.core.one_writer import OneWriter

        self._store = OneWriter.around(store)
        self._bus = events.bus_for(store.sessions)
        self._unsubscribe = self._bus.subscribe(self._heard)

    def _open_later(self, library: Unopened) -> None:
        """Queue the store's open as the read lane's first task (see the module's doc)."""
        self.first_screen = library.first_screen
        shown = library.first_screen.article
        if shown is not None:
            first = library.first_screen
            self._budgets[shown.id] = Budget(first.words, shown.extractor_version, first.cut)
        task = self.worker.read("Opening the library", lambda **kw: self._open(library.path, **kw))
        task.sig_finished.connect(self._watch.on_opened)
        task.sig_failed.connect(self.sig_open_failed.emit)

    def _open(self, path: Path, *, is_cancelled: Callable[[], bool], **_: object) -> None:
        """Worker thread: open the store once the window lets it (or closes)."""

        def open_and_catch_up() -> Changes:
            # SQLAlchemy and the models (~0.35 s) load here, behind the first screen.
            from claimdesk.core.store import open_store

            self._take(open_store(path))  # the integrity check, unless the record vouches
            return self._catch_up()

        missed = self._opening.run(open_and_catch_up, is_cancelled)
        if missed:
            self._publish(missed)  # once open: the listeners use the store

    def _publish(self, changes: Changes) -> None:
        if self._bus is not None:
            self._bus.publish(changes)

    def _catch_up(self) -> Changes:
        """Worker thread, right after the open: the poll's first look at the library (it
        reports what others commit past it), and what others changed of the first screen's
        article since it was read, to announce like any change made elsewhere."""
        store = self._store
        assert store is not None and self.first_screen is not None
        shown = self.first_screen.article
        versions = {claim.id: claim.version for claim in shown.claims} if shown else {}
        return self._watch.first_look(store, shown and shown.id, versions)

    def _when_open(self, is_cancelled: Callable[[], bool]) -> None:
        """Worker thread: wait for the store; a library that did not open cancels the task
        (its failure is told once, by `sig_open_failed`)."""
        self._opening.when_open(is_cancelled)
        if self._store is None:
            raise OperationCancelled()

    # -- reads (any thread; the window calls them through `fetch`) -------------------------

    def fetch(self, title: str, read: Callable[[], Any]) -> Task:
        """Run a read on the worker's read lane; its result comes back on the GUI thread."""

        def run(*, is_cancelled: Callable[[], bool], **_: object) -> Any:
            self._when_open(is_cancelled)
            return read()

        return self.worker.read(title, run)

    def job(self, title: str, function: TaskFunction) -> Task:
        """Queue long work that writes; `function` gets the one-writer store first."""

        def run(**kw: Any) -> Any:
            self._when_open(kw["is_cancelled"])
            return function(self.store, **kw)

        return self.worker.job(title, run)

    def articles(self) -> list[ArticleSummary]:
        from claimdesk.core.services.articles import list_articles

        with self.store.reading() as session:
            return list_articles(session)

    def first_article(self) -> ArticleData | None:
        """The article the list opens first, found with a one-row query: a first visit
        shows it without waiting for the whole list (10,000 articles: 0.8 s of CPU)."""
        from sqlalchemy import select

        from claimdesk.core.models import Article
        from claimdesk.core.services.articles import SUMMARY_ORDER

        with self.store.reading() as session:
            first = session.scalar(select(Article.id).order_by(*SUMMARY_ORDER).limit(1))
        return None if first is None else self.article(first)

    def article(self, article_id: str) -> ArticleData:
        from sqlalchemy.orm import selectinload

        from claimdesk.core.models import Article, Claim
        from claimdesk.core.readmodels import article_data, claim_rows

        # One query per table however many claims: a 2 MB article holds thousands.
        loader = selectinload(Article.claims).selectinload(Claim.evidence)
        with self.store.reading() as session:
            article = session.get(Article, article_id, options=[loader])
            if article is None:
                raise NotFoundError(f"article {article_id}: no such article in this database")
            budget = Budget.of(
                article.text, article.extractor_version, article.word_count, article.highlight_cut
            )
            self._budgets[article_id] = budget
            # Claims sorted here, off the GUI thread, in the order the window shows them.
            return article_data(
                article,
                marked(claim_rows(session, article.claims), budget),
                structure=structure(article.text),
            )

    def claim(self, claim_id: str) -> ClaimRow | None:
        """The claim as stored now, or None if it no longer exists."""
        return self.claims([claim_id]).get(claim_id)

    def claims(self, claim_ids: Sequence[str]) -> dict[str, ClaimRow]:
        from sqlalchemy import select
        from sqlalchemy.orm import selectinload

        from claimdesk.core.models import Claim
        from claimdesk.core.readmodels import claim_rows

        loader = selectinload(Claim.evidence)
        with self.store.reading() as session:
            found = session.scalars(select(Claim).where(Claim.id.in_(claim_ids)).options(loader))
            return {row.id: row for row in claim_rows(session, list(found))}

    def history(self, claim_id: str) -> list[ClaimEvent]:
        """A claim's events, oldest first; empty if the claim is gone."""
        from claimdesk.core.services.history import claim_history

        with self.store.reading() as session:
            try:
                return claim_history(session, claim_id)
            except NotFoundError:
                return []

    def policy(self) -> Policy:
        from claimdesk.core import signoff

        with self.store.reading() as session:
            return Policy(signoff.policy_setting(session), signoff.second_person_required(session))

    def set_policy(self, on: bool | None) -> Policy:
        """Switch the second-person policy (a library setting, recorded; not undoable)."""
        from claimdesk.core import signoff

        with self._writing() as session:
            signoff.set_second_person_policy(session, on, self.reviewer)
        policy = self.policy()
        self.sig_policy_changed.emit(policy)
        return policy

    def people(self) -> list[Person]:
        from claimdesk.core.services.reviewers import list_people

        with self.store.reading() as session:
            return list_people(session)

    # -- earlier checks of a claim (issue 16) ------------------------------------------------

    def matches(self, claim_id: str) -> EarlierChecks | None:
        """A claim's earlier checks (tens of ms: call it through `fetch`); None if it is gone."""
        from sqlalchemy import func, select

        from claimdesk.core.factchecks.matching import find_matches
        from claimdesk.core.models import FactCheck

        try:
            found = find_matches(self.store, claim_id)
        except NotFoundError:
            return None
        with self.store.reading() as session:
            imported = session.scalar(select(func.count()).select_from(FactCheck)) or 0
        return EarlierChecks(found, imported)

    def thresholds(self) -> Thresholds:
        from claimdesk.core.factchecks.matching import read_thresholds

        with self.store.reading() as session:
            return read_thresholds(session)

    def match_pending(self) -> int:
        """How many claims' stored matches are missing or out of date (the scan's work)."""
        from claimdesk.core.factchecks.stored import pending_count

        with self.store.reading() as session:
            return pending_count(session)

    def set_thresholds(
        self, suggest: float, auto_link: float | None, checked_before: float
    ) -> Thresholds:
        """Change the library's matching thresholds (auto_link None: off); not undoable."""
        from sqlalchemy.exc import SQLAlchemyError

        from claimdesk.core.factchecks.matching import set_thresholds

        try:
            return set_thresholds(
                self.store,
                suggest=suggest,
                auto_link="off" if auto_link is None else auto_link,
                checked_before=checked_before,
            )
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.store.display_name}: {exc}") from exc

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        from sqlalchemy.exc import SQLAlchemyError

        store = self.store
        try:
            with store.transaction() as session:
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(f"{store.display_name}: {exc}") from exc

    # -- the open article's claims ---------------------------------------------------------

    def watch(self, data: ArticleData) -> None:
        """Keep the record of this article's claims: edits and changes are checked against it."""
        self._record.watch(data, self._budgets.get(data.id))  # the budget read with it
        self._budgets.clear()

    def recorded(self, claim_id: str) -> ClaimRow | None:
        return self._record.claims.get(claim_id)

    def recorded_claims(self) -> list[ClaimRow]:
        """Every claim of the open article, faint candidates too."""
        return list(self._record.claims.values())

    # -- writes (GUI thread) ---------------------------------------------------------------

    def execute(
        self, cmd: commands.Command, expected_version: int | None = None
    ) -> tuple[commands.Command, int | None]:
        """Commit one command, update the record and announce the claims.

        The version checked is the record's (or `expected_version`, the one an edit still
        under way, or an undo, started from); a claim found stale is read again and
        announced. Returns the inverse and the version this write left `cmd.claim_id` at
        (None if it is gone, or for a `SignOff`, which carries its own versions): an undo
        must check against that, not against the record, which follows other processes.
        """
        shown = self.recorded(cmd.claim_id)
        if expected_version is None and shown is not None and not _adds(cmd):
            expected_version = shown.version
        self._executing = True
        try:
            with self._writing() as session:
                inverse = commands.apply(
                    session, cmd, self.reviewer, expected_version=expected_version
                )
                rows = self._rows_after(session, cmd, inverse, shown, expected_version)
        except (StaleClaimError, NotFoundError):
            ids = _claim_ids(cmd)
            self._refresh_claims(ids, self.claims(ids))  # show what is stored now
            raise
        finally:
            self._executing = False
        self._refresh_claims(_claim_ids(cmd), rows)
        written = rows.get(cmd.claim_id)
        if isinstance(cmd, commands.SignOff) or written is None:
            return inverse, None
        return inverse, written.version

    def merge_reviewers(self, old: str, into: str) -> Merged:
        """Merge two names of one person, announced like any change; this window's name
        follows, so its next change does not bring the merged-away name back."""
        from claimdesk.core.services.reviewers import merge

        with self._writing() as session:
            merged = merge(session, old, into, actor=self.reviewer)
        if self.reviewer == old:
            self.reviewer = into
        return merged

    def sign_off(
        self, title: str, cmd: commands.SignOff, then: Callable[[], Any], label: Label
    ) -> Task:
        """Sign off on the job lane what the rules allow of `cmd`, then read `then()`.

        One transaction: the claims the rules refuse are left out and listed, the rest are
        written (a stale version still refuses them all). The task's result is a `SignedOff`;
        `label(n)` names the undo step for the n claims written.
        """

        def write(store: Store, **_: object) -> SignedOff:
            from claimdesk.core import signoff

            with store.transaction() as session:
                refused = [
                    refusal
                    for state in dict.fromkeys(s for _, s in cmd.states)
                    for refusal in signoff.refusals(
                        session, [c for c, s in cmd.states if s == state], state, self.reviewer
                    )
                ]
                done = _allowed(cmd, {r.claim_id for r in refused}, label)
                inverse = None if done is None else commands.apply(session, done, self.reviewer)
            if done is not None and inverse is not None:  # the undo step names what changed
                pairs = zip(done.states, inverse.states, strict=True)
                changed = label(sum(after != before for (_, after), (_, before) in pairs))
                done, inverse = replace(done, label=changed), replace(inverse, label=changed)
            return SignedOff(done, inverse, then(), tuple(refused))

        return self.job(title, write)

    def _rows_after(
        self,
        session: Session,
        cmd: commands.Command,
        inverse: commands.Command,
        shown: ClaimRow | None,
        expected_version: int | None,
    ) -> dict[str, ClaimRow]:
        if (
            isinstance(cmd, commands.SetStatus)
            and shown is not None
            and shown.version == expected_version
        ):
            # The tag key's path: the write checked `shown` was current, so the new row
            # follows from it without reading the claim back. All but `updated_at`, which
            # keeps the time `shown` was read with: the window shows none of it, and rows
            # are told apart by version (`_refresh_claims`). `reviewed_at` is not touched.
            assert isinstance(inverse, commands.SetStatus)
            if inverse.status == cmd.status:
                return {shown.id: shown}
            new = replace(
                shown,
                status=cmd.status,
                reviewer=self.reviewer,
                verdict_by=self.reviewer,
                version=shown.version + 1,
            )
            return {shown.id: new}
        from claimdesk.core.models import Claim
        from claimdesk.core.readmodels import claim_row

        rows: dict[str, ClaimRow] = {}
        for claim_id in _claim_ids(cmd):
            claim = session.get(Claim, claim_id)
            if claim is None:
                continue
            known = self.recorded(claim_id)
            if known is not None and isinstance(cmd, _KEEPS_EVIDENCE):
                rows[claim_id] = claim_row(claim, known.evidence)
            else:
                session.expire(claim, ["evidence"])  # may still list a row just deleted
                rows[claim_id] = claim_row(claim)
        return rows

    def _refresh_claims(self, claim_ids: Sequence[str], rows: dict[str, ClaimRow]) -> None:
        """Bring the record up to `rows` (a missing id: the claim is gone) and announce it."""
        update = self._record.refresh(claim_ids, rows)
        if update is not None:
            self.sig_claims_updated.emit(update)

    # -- hearing changes ---------------------------------------------------------------------

    def _heard(self, changes: Changes) -> None:
        """Any thread, right after a commit: hand the changes to the GUI thread."""
        own = self._executing and threading.get_ident() == self._gui_thread
        self._watch.count_in(changes)
        self._sig_heard.emit(changes, own)

    def _on_heard(self, changes: Changes, own: bool) -> None:
        self.sig_changed.emit(changes, own)
        article = self._record.article_id
        if own or article is None:
            return
        mine = [c for c in changes if c.article_id == article]
        if any(c.kind in (ChangeKind.ARTICLE_CHANGED, ChangeKind.ARTICLE_REMOVED) for c in mine):
            self.sig_article_outdated.emit(article)
            return
        ids = sorted({claim_id for c in mine for claim_id in c.claim_ids})
        if len(ids) > _ROWS_AT_ONCE:
            self.sig_article_outdated.emit(article)
        elif ids:
            task = self.fetch("Reading changed claims", lambda: self.claims(ids))
            task.sig_finished.connect(lambda rows: self._on_claims_read(article, ids, rows))

    def _on_claims_read(self, article: str, ids: list[str], rows: dict[str, ClaimRow]) -> None:
        if article == self._record.article_id:
            self._refresh_claims(ids, rows)

    # -- changes made by other processes -----------------------------------------------------

    def start_watching(self) -> None:
        """Notice commits by other processes (the command line, a second window); an
        `Unopened` library's from when its store is open."""
        self._watch.start()


def _allowed(cmd: commands.SignOff, refused: set[str], label: Label) -> commands.SignOff | None:
    """`cmd` without the refused claims (None if nothing is left); each kept claim keeps
    its own version, picked by position."""
    kept = [i for i, (claim_id, _) in enumerate(cmd.states) if claim_id not in refused]
    if not kept:
        return None
    states = tuple(cmd.states[i] for i in kept)
    versions = None if cmd.versions is None else tuple(cmd.versions[i] for i in kept)
    return commands.SignOff(states, label(len(states)), versions)


def _adds(cmd: commands.Command) -> bool:
    return isinstance(cmd, commands.AddClaim) or (
        isinstance(cmd, commands.Batch) and isinstance(cmd.commands[0], commands.AddClaim)
    )


def _claim_ids(cmd: commands.Command) -> tuple[str, ...]:
    return cmd.claim_ids if isinstance(cmd, commands.SignOff) else (cmd.claim_id,)
