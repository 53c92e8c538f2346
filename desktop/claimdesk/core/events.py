"""What a committed transaction changed, told to whoever listens (the window, later a server).

Changes are collected from the session while it flushes and published only after COMMIT, on
the committing thread: a rolled-back transaction tells nobody anything. A GUI hands them on
to its own thread. Hooked to a store's write sessions, so every write path (commands,
services, imports, extraction, sign-off) is covered without each one remembering to say so.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, sessionmaker

from claimdesk.core.changes import Change as Change  # re-exported
from claimdesk.core.changes import ChangeKind as ChangeKind  # re-exported
from claimdesk.core.changes import Changes as Changes  # re-exported
from claimdesk.core.changes import merged as merged  # re-exported
from claimdesk.core.models import Article, Claim

_log = logging.getLogger(__name__)
_CLAIMS = inspect(Claim)
_PENDING = "claimdesk.changes"
_SAVEPOINTS = "claimdesk.savepoints"  # per open savepoint: how many changes came before it


Listener = Callable[[Changes], None]


class ChangeBus:
    """Listeners for committed changes; safe to publish and subscribe from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Start telling `listener`; call the returned function to stop."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, changes: Changes) -> None:
        """Tell every listener; one that fails is logged, since the commit has happened."""
        if not changes:
            return
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(changes)
            except Exception:  # noqa: BLE001 - the data is committed; a listener cannot undo it
                _log.exception("a change listener failed")


_buses: weakref.WeakKeyDictionary[sessionmaker[Session], ChangeBus] = weakref.WeakKeyDictionary()
_buses_lock = threading.Lock()


def bus_for(sessions: sessionmaker[Session]) -> ChangeBus:
    """The bus for changes committed through `sessions` (a store's write sessions)."""
    with _buses_lock:
        bus = _buses.get(sessions)
        if bus is None:
            bus = _buses[sessions] = ChangeBus()
            _hook(sessions, bus)
        return bus


def note_change(session: Session, change: Change) -> None:
    """Record a change written past the unit of work (a bare statement), heard on commit."""
    _pending(session).append(change)


def _pending(session: Session) -> list[Change]:
    found: list[Change] = session.info.setdefault(_PENDING, [])
    return found


def _hook(sessions: sessionmaker[Session], bus: ChangeBus) -> None:
    def after_flush(session: Session, _context: Any) -> None:
        _pending(session).extend(_flushed(session))

    def do_orm_execute(state: ORMExecuteState) -> None:
        _pending(state.session).extend(_bulk_inserted(state))

    def after_transaction_create(session: Session, transaction: SessionTransaction) -> None:
        if transaction.nested:  # where a rolled-back savepoint's changes begin
            session.info.setdefault(_SAVEPOINTS, []).append(len(_pending(session)))

    def after_commit(session: Session) -> None:
        # SQLAlchemy calls a savepoint's RELEASE a commit too; heard then, the changes would
        # reach listeners before other connections can see them (and be lost if the
        # transaction rolled back): they wait for the real COMMIT.
        if session.in_nested_transaction():
            session.info[_SAVEPOINTS].pop()
        else:
            bus.publish(merged(session.info.pop(_PENDING, ())))

    def after_rollback(session: Session) -> None:
        if session.in_nested_transaction():  # only the savepoint's own changes are undone
            del _pending(session)[session.info[_SAVEPOINTS].pop() :]
        else:
            session.info.pop(_PENDING, None)
            session.info.pop(_SAVEPOINTS, None)

    event.listen(sessions, "after_flush", after_flush)
    event.listen(sessions, "do_orm_execute", do_orm_execute)
    event.listen(sessions, "after_transaction_create", after_transaction_create)
    event.listen(sessions, "after_commit", after_commit)
    event.listen(sessions, "after_rollback", after_rollback)


def _flushed(session: Session) -> list[Change]:
    """What a flush wrote; its new, dirty and deleted sets still show the pre-flush state.

    Evidence and history rows need no case of their own: writing one always marks its claim
    changed (see `history.record`), which bumps the claim's version.
    """
    found: list[Change] = []
    for kind, objects in (
        ("added", session.new),
        ("changed", session.dirty),
        ("removed", session.deleted),
    ):
        for obj in objects:
            if kind == "changed" and not session.is_modified(obj, include_collections=False):
                continue
            if isinstance(obj, Article):
                found.append(Change(ChangeKind(f"article {kind}"), obj.id))
            elif isinstance(obj, Claim):
                found.append(
                    Change(ChangeKind(f"claims {kind}"), obj.article_id, frozenset([obj.id]))
                )
    return found


def _bulk_inserted(state: ORMExecuteState) -> list[Change]:
    """Claims inserted in bulk (extraction) bypass the flush; their rows name them."""
    if not state.is_insert or state.bind_mapper is not _CLAIMS:
        return []
    params = state.parameters
    rows: list[Any] = list(params) if isinstance(params, list) else [params] if params else []
    return [
        Change(ChangeKind.CLAIMS_ADDED, str(row["article_id"]), frozenset([str(row["id"])]))
        for row in rows
    ]
