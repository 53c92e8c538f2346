"""Noticing what other processes commit to the gateway's library (see ui.gateway).

Changes committed by other processes are noticed by polling `PRAGMA data_version` on the
writer's own connection, which moves only when another connection commits, so an idle poll
costs microseconds; the poll then reads the event log past the mark it left, and per-article
claim counts (a deleted claim's events go with it). Our own commits move that mark
(`count_in`) when nobody else committed since the last poll; if someone did, or a poll read
was under way, the poll may announce our change as theirs once.

The gateway owns one watch and hands it what it needs as callables (its store, its read
lane, its record of the open article, its change bus): this module imports neither the
gateway nor SQLAlchemy nor the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from claimdesk.core.changes import ChangeKind, Changes
from claimdesk.ui.workers import Task

if TYPE_CHECKING:
    from claimdesk.core.external_changes import Mark
    from claimdesk.core.one_writer import OneWriter

POLL_MS = 500


class ChangeWatch(QObject):
    """The poll for other processes' commits, and the mark it reads the event log past."""

    def __init__(
        self,
        parent: QObject,
        *,
        store: Callable[[], OneWriter],
        is_open: Callable[[], bool],
        fetch: Callable[[str, Callable[[], Any]], Task],
        record: Callable[[], tuple[str | None, dict[str, int]]],
        publish: Callable[[Changes], None],
    ) -> None:
        """`store` is the gateway's (waiting for it), `is_open` whether it is open yet,
        `fetch` its read lane, `record` the open article and its claims' versions, and
        `publish` hands changes made elsewhere to its change bus."""
        super().__init__(parent)
        self._store = store
        self._is_open = is_open
        self._fetch = fetch
        self._record = record
        self._publish = publish
        self._seen: Mark | None = None
        self._data_version: tuple[int, int | None] | None = None
        self._reading_changes = False
        self._watching = False
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._on_poll_timeout)

    def start(self) -> None:
        """Notice commits by other processes; an unopened store's from when it is open."""
        self._watching = True
        if self._is_open():
            self._poll.start()
            self._on_poll_timeout()

    def on_opened(self) -> None:
        if self._watching:
            self.start()

    def stop(self) -> None:
        self._poll.stop()

    def first_look(
        self, store: OneWriter, article: str | None, versions: dict[str, int]
    ) -> Changes:
        """Worker thread, right after the open: the poll's first look at the library (it
        reports what others commit past it), and what others changed of `article` since
        it was read at `versions`."""
        from claimdesk.core.external_changes import changes_since

        self._data_version = store.data_version()  # first: a commit after it moves it
        with store.reading() as session:
            self._seen, missed = changes_since(session, None, article, versions)
        return missed

    def count_in(self, changes: Changes) -> None:
        """Move `_seen` past this process's own commit, so the poll never reads it as external.

        Only when no other process committed since the last poll (checked again after
        reading, so nothing of theirs is folded in) and no poll read is under way. Every
        commit of this process goes through the one writer, so this runs under its lock
        (`data_version` takes it again), right after the commit.
        """
        seen, polled = self._seen, self._data_version
        if seen is None or self._reading_changes or self._store().data_version() != polled:
            return
        if all(c.kind == ChangeKind.CLAIMS_CHANGED for c in changes):  # the tag key
            now = replace(seen, last_event=self._store().last_event())
        else:
            from claimdesk.core.external_changes import look

            with self._store().reading() as session:
                now = look(session)
        if self._store().data_version() == polled:
            self._seen = now

    def _on_poll_timeout(self) -> None:
        if self._reading_changes or not self._is_open():
            return
        version = self._store().data_version()
        if version is None or version == self._data_version:
            return
        first = self._data_version is None
        self._data_version = version
        self._reading_changes = True
        seen, (article, versions) = self._seen, self._record()
        task = self._fetch(
            "Reading changes made elsewhere",
            lambda: self._read_changes(seen, article, versions),
        )
        task.sig_finished.connect(lambda result: self._on_changes_read(first, *result))
        task.sig_ended.connect(lambda: setattr(self, "_reading_changes", False))

    def _read_changes(
        self, seen: Mark | None, article: str | None, versions: dict[str, int]
    ) -> tuple[Mark, Changes]:
        """What other processes committed since `seen` (worker thread)."""
        from claimdesk.core.external_changes import changes_since

        with self._store().reading() as session:
            return changes_since(session, seen, article, versions)

    def _on_changes_read(self, first: bool, seen: Mark, changes: Changes) -> None:
        self._seen = seen
        if not first:
            self._publish(changes)
