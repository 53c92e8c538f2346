"""Files that are not a healthy, writable Claimdesk library: refused untouched, saying why.

Every hostile file is generated here. "Untouched" means the folder lists the same names
and every file in it holds the same bytes, so no ``-wal``/``-shm`` appeared and none was
replayed or deleted.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, select, text

from claimdesk.core.dberrors import StorageFullError, StoreUnwritableError
from claimdesk.core.errors import StoreError
from claimdesk.core.first_screen import read_first_screen
from claimdesk.core.library_file import APPLICATION_ID, marked_ours
from claimdesk.core.models import Article
from claimdesk.core.store import _alembic_config, head_revision, open_store
from conditions import fill, run_quietly, tmpfs

GEOPACKAGE = int.from_bytes(b"GPKG", "big")  # another program's SQLite application_id
GARBAGE_WAL = bytes(range(256)) * 40  # not a valid -wal: SQLite would discard and delete it


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _sqlite(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            connection.execute(statement)
    finally:
        connection.close()


def _application_id(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[68:72], "big")


def _library_before_application_id(path: Path, revision: str = "head") -> None:
    """A library as Claimdesk wrote it before it stamped application_id (and in WAL mode)."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
        command.upgrade(_alembic_config(connection), revision)
    engine.dispose()


def _wal_library(path: Path) -> None:
    store = open_store(path)
    with store.transaction() as session:
        session.add(Article(title="Kept", text="Kept.", sha256="k" * 64, origin="k.txt"))
    store.close()


REFUSED: dict[str, tuple[Callable[[Path], None], str]] = {
    "empty-file": (lambda p: p.write_bytes(b""), "is an empty file"),
    "application-id": (
        lambda p: _sqlite(p, f"PRAGMA application_id = {GEOPACKAGE}", "CREATE TABLE t (x)"),
        "belongs to another program (SQLite application_id 0x47504b47)",
    ),
    "user-version": (
        lambda p: _sqlite(p, "PRAGMA user_version = 7", "CREATE TABLE t (x)"),
        "another program's SQLite database (user_version 7)",
    ),
    "only-views": (
        lambda p: _sqlite(p, "CREATE VIEW answer AS SELECT 42"),
        "it holds no tables, only views",
    ),
    "no-objects": (
        lambda p: _sqlite(p, "CREATE TABLE t (x)", "DROP TABLE t"),
        "an empty SQLite database",
    ),
    "wal-mode-app": (
        lambda p: _sqlite(p, "PRAGMA journal_mode=WAL", "CREATE TABLE songs (name TEXT)"),
        "it holds tables songs",
    ),
    "claimdesk-lookalike": (
        lambda p: _sqlite(p, "CREATE TABLE claims (x)", "CREATE TABLE articles (x)"),
        "it holds tables articles, claims",
    ),
    "newer-claimdesk": (
        lambda p: (_wal_library(p), _sqlite(p, "UPDATE alembic_version SET version_num = 'z'")),
        "was written by a newer Claimdesk (schema z)",
    ),
    "damaged-wal-library": (
        lambda p: (_wal_library(p), _overwrite(p, 4096, b"\xab" * 8192)),
        "is damaged",
    ),
    "damaged-library-and-its-wal": (
        lambda p: (_killed_with_commits_in_the_wal(p), _overwrite(p, 4096, b"\xab" * 65536)),
        "is damaged",
    ),
}


def _killed_with_commits_in_the_wal(path: Path, *, shm: bool = False) -> None:
    """What kill -9 leaves of a Claimdesk that was writing: the file, the last commits only in
    its -wal, and its -shm (a user copying the library may leave that out)."""
    source = path.with_name(f"source-{path.name}")
    _wal_library(source)
    store = open_store(source)
    try:
        with store.transaction() as session:
            session.add(Article(title="In the WAL", text="w", sha256="w" * 64, origin="w"))
        _copy_as_killed(source, path, shm=shm)
    finally:
        store.close()


def _copy_as_killed(source: Path, target: Path, *, shm: bool) -> None:
    """Copy an SQLite file that is open in WAL mode as killing its last user leaves it."""
    for suffix in ("", "-wal", "-shm") if shm else ("", "-wal"):
        shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")


def _overwrite(path: Path, offset: int, data: bytes) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(data)


@pytest.mark.parametrize(
    ("kind", "garbage_wal"),
    [
        pytest.param(kind, wal, id=f"{kind}-{'with-garbage-wal' if wal else 'alone'}")
        for kind in REFUSED
        for wal in (False, True)
        if not (wal and kind == "damaged-library-and-its-wal")  # it has its own
    ],
)
def test_files_that_are_not_claimdesk_libraries_are_refused_untouched(
    tmp_path: Path, kind: str, garbage_wal: bool
) -> None:
    make, reason = REFUSED[kind]
    path = tmp_path / "victim.db"
    make(path)
    if garbage_wal:
        path.with_name("victim.db-wal").write_bytes(GARBAGE_WAL)
    before = _snapshot(tmp_path)
    with pytest.raises(StoreError) as caught:
        open_store(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and reason in message and "\n" not in message
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_the_windows_first_look_shows_nothing_of_a_refused_file_and_changes_none(
    tmp_path: Path, kind: str
) -> None:
    """The window reads its first screen before the integrity check (core.first_screen). Of a
    file the store refuses it reads nothing, and writes nothing beside another program's
    (only a file marked as Claimdesk's is read, so a read-only look's -wal/-shm can only
    appear beside a library of ours)."""
    make, _ = REFUSED[kind]
    path = tmp_path / "victim.db"
    make(path)
    before = _snapshot(tmp_path)
    assert read_first_screen(path, None) is None
    assert path.read_bytes() == before[path.name]
    if not marked_ours(path):
        assert _snapshot(tmp_path) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/null are POSIX")
def test_special_files_are_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.sqlite3"
    os.mkfifo(fifo)
    script = (
        "import sys\n"
        "from claimdesk.core.errors import StoreError\n"
        "from claimdesk.core.store import open_store\n"
        "try:\n    open_store(sys.argv[1])\n"
        "except StoreError as exc:\n    print(exc)\n"
    )
    # Opening a FIFO blocks until a writer comes; the timeout only guards against a hang.
    run = subprocess.run(
        [sys.executable, "-c", script, str(fifo)], capture_output=True, text=True, timeout=60
    )
    assert run.stdout == f"{fifo}: is not a regular file (a FIFO)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.sqlite3"]
    with pytest.raises(StoreError, match=r"^/dev/null: is not a regular file \(a character"):
        open_store("/dev/null")


def test_new_library_carries_claimdesk_application_id(db_path: Path) -> None:
    open_store(db_path).close()
    assert _application_id(db_path) == APPLICATION_ID == int.from_bytes(b"CDsk", "big")
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]  # no draft left


@pytest.mark.parametrize("revision", ["head", "0001"])
def test_library_from_before_application_id_is_accepted_and_stamped(
    tmp_path: Path, revision: str
) -> None:
    path = tmp_path / "older.sqlite3"
    _library_before_application_id(path, revision)
    assert _application_id(path) == 0
    store = open_store(path)
    try:
        assert not store.created
        assert (store.backup_path is None) == (revision == "head")  # a stamp needs no backup
    finally:
        store.close()
    assert _application_id(path) == APPLICATION_ID


@pytest.mark.parametrize("shm", [True, False], ids=["as-killed", "copied-without-shm"])
def test_commits_left_in_the_wal_by_a_crash_are_kept(tmp_path: Path, shm: bool) -> None:
    path = tmp_path / "library.sqlite3"
    _killed_with_commits_in_the_wal(path, shm=shm)
    reopened = open_store(path)
    try:
        with reopened.reading() as session:
            assert session.scalars(select(Article.title)).all() == ["Kept", "In the WAL"]
    finally:
        reopened.close()


@pytest.mark.parametrize("shm", [True, False], ids=["as-killed", "copied-without-shm"])
def test_library_of_the_previous_version_killed_before_its_first_checkpoint_opens(
    tmp_path: Path, shm: bool
) -> None:
    source, path = tmp_path / "source.sqlite3", tmp_path / "library.sqlite3"
    engine = create_engine(f"sqlite:///{source}")
    try:
        with engine.begin() as connection:  # the pool keeps this connection open
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            command.upgrade(_alembic_config(connection), "head")
        _copy_as_killed(source, path, shm=shm)
    finally:
        engine.dispose()
    # Everything is in the -wal: the file alone is an empty database with no application_id.
    assert path.stat().st_size <= 4096 and _application_id(path) == 0
    store = open_store(path)
    try:
        assert not store.created
        with store.reading() as session:
            assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                head_revision()
            )
    finally:
        store.close()
    assert _application_id(path) == APPLICATION_ID
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name, source.name]


DRAFT = ".{name}.{token}.new"  # how a library being created is named beside its path


def _draft_names(name: str, token: str) -> list[str]:
    draft = DRAFT.format(name=name, token=token)
    return [draft, f"{draft}-wal", f"{draft}-shm"]


def test_drafts_left_by_a_killed_creation_are_removed_when_the_library_is_opened(
    db_path: Path,
) -> None:
    open_store(db_path).close()
    name = db_path.name
    stale = _draft_names(name, "0123456789ab")
    live = _draft_names(name, "ba9876543210")  # another process creating it right now
    alike = [  # stale, but not exactly our pattern for this library: someone else's
        f"{DRAFT.format(name=name, token='0123456789ab')}.bak",
        DRAFT.format(name=name, token="notours"),
        DRAFT.format(name=name, token="0123456789AB"),
        DRAFT.format(name="other.sqlite3", token="0123456789ab"),
        f"{name}.0123456789ab.new",
    ]
    for file_name in stale + live + alike:
        (db_path.parent / file_name).write_bytes(b"")
    for file_name in stale + alike:
        os.utime(db_path.parent / file_name, (0, 0))
    open_store(db_path).close()
    assert sorted(p.name for p in db_path.parent.iterdir()) == sorted([name, *live, *alike])


def test_a_draft_that_cannot_be_removed_yet_is_left_to_a_later_sweep(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to delete a file that another process holds open, as a racing
    Claimdesk may hold the new library (the draft is another name of the same file)."""
    unlink = Path.unlink

    def refuse_drafts(self: Path, missing_ok: bool = False) -> None:
        if self.name.endswith(".new"):
            raise PermissionError(13, "Access is denied", str(self))
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse_drafts)
    store = open_store(db_path)
    store.close()
    monkeypatch.undo()
    assert store.created and _application_id(db_path) == APPLICATION_ID
    [draft] = [p for p in db_path.parent.iterdir() if p.name.endswith(".new")]
    os.utime(draft, (0, 0))
    open_store(db_path).close()
    assert sorted(p.name for p in db_path.parent.glob(f"*{db_path.name}*")) == [db_path.name]


def test_library_is_created_where_hard_links_are_not_supported(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*_args: object) -> None:
        raise PermissionError(1, "Operation not permitted")  # what FAT answers

    monkeypatch.setattr(os, "link", no_links)
    store = open_store(db_path)
    store.close()
    assert store.created and _application_id(db_path) == APPLICATION_ID
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


# --- Read-only and full disks --------------------------------------------------------------


def test_full_database_says_disk_full_and_keeps_what_was_saved(store) -> None:
    with store.transaction() as session:
        session.add(Article(title="Saved", text="s", sha256="s" * 64, origin="s.txt"))
    with pytest.raises(StorageFullError) as caught, store.transaction() as session:
        pages = session.execute(text("PRAGMA page_count")).scalar()
        session.execute(text(f"PRAGMA max_page_count = {pages}"))  # SQLITE_FULL, for real
        session.add(Article(title="Big", text="b" * 100_000, sha256="b" * 64, origin="b.txt"))
    assert str(caught.value) == f"{store.path}: disk is full; nothing was saved"
    with store.reading() as session:
        assert session.scalars(select(Article.title)).all() == ["Saved"]


def test_full_disk_is_named_when_writing_opening_and_creating(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "1m") as disk:
        library = disk / "library.sqlite3"
        _wal_library(library)
        store = open_store(library)
        try:
            fill(disk)
            with pytest.raises(StorageFullError, match="disk is full"), store.transaction() as s:
                s.add(Article(title="Big", text="b" * 200_000, sha256="b" * 64, origin="b"))
            with store.reading() as session:
                assert session.scalars(select(Article.title)).all() == ["Kept"]
        finally:
            store.close()
        filler = fill(disk)  # what closing freed
        with pytest.raises(StorageFullError, match=f"^{library}: disk is full"):
            open_store(library)  # SQLite cannot make the -shm it reads through
        with pytest.raises(StorageFullError, match=f"^{disk / 'new.sqlite3'}: disk is full"):
            open_store(disk / "new.sqlite3")
        assert not [p.name for p in disk.iterdir() if "new" in p.name]  # no draft, no file
        filler.unlink()
        store = open_store(library)
        with store.reading() as session:
            assert session.scalars(select(Article.title)).all() == ["Kept"]
        store.close()


@pytest.mark.parametrize("free_kib", [112, 128, 144])
def test_a_new_library_on_a_nearly_full_disk_is_made_whole_or_not_at_all(
    tmp_path: Path, free_kib: int
) -> None:
    """Room for the new library's -wal but not for copying it into the file: SQLite's close
    fails silently there, and a half-written file must never be linked into place."""
    with tmpfs(tmp_path / "small", "1m") as disk:
        filler = fill(disk, leave=free_kib * 1024)
        library = disk / "new.sqlite3"
        with pytest.raises(StorageFullError) as caught:
            open_store(library)
        assert str(caught.value) == f"{library}: disk is full; nothing was saved"
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]
        filler.unlink()
        store = open_store(library)
        store.close()
        assert store.created


def test_library_on_a_read_only_disk_is_refused_as_read_only(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "4m") as disk:
        library = disk / "library.sqlite3"
        _wal_library(library)
        assert run_quietly("mount", "-o", "remount,ro", str(disk))
        before = _snapshot(disk)
        with pytest.raises(StoreUnwritableError) as caught:
            open_store(library)
        assert str(caught.value) == (
            f"{library}: is read-only (it is on a read-only disk); "
            "copy it to a writable folder to open it"
        )
        with pytest.raises(StoreUnwritableError, match="cannot create a library there"):
            open_store(disk / "new.sqlite3")
        assert _snapshot(disk) == before


@pytest.mark.parametrize("statvfs", [True, False], ids=["posix", "no-statvfs-as-on-windows"])
def test_immutable_library_is_refused_as_read_only(
    db_path: Path, statvfs: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    _wal_library(db_path)
    if not statvfs:
        monkeypatch.delattr(os, "statvfs", raising=False)
        monkeypatch.delattr(os, "ST_RDONLY", raising=False)
    if not run_quietly("chattr", "+i", str(db_path)):
        pytest.skip("chattr +i is not possible here")
    try:
        with pytest.raises(StoreUnwritableError, match=r"is read-only \(the file is not writ"):
            open_store(db_path)
    finally:
        run_quietly("chattr", "-i", str(db_path))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and users")
def test_library_without_write_permission_is_refused_as_read_only(tmp_path: Path) -> None:
    # Root ignores permissions, so the child drops to "nobody" once its imports are loaded
    # (the interpreter lives under /root); tmp_path's parents are private to root, hence a
    # folder of its own in the system's temporary directory.
    folder = Path(tempfile.mkdtemp(prefix="claimdesk-ro-"))
    try:
        library = folder / "library.sqlite3"
        _wal_library(library)
        library.chmod(0o444)
        folder.chmod(0o555)
        before = _snapshot(folder)
        script = (
            "import os, sys\n"
            "from claimdesk.core.dberrors import StoreUnwritableError\n"
            "from claimdesk.core.store import open_store\n"
            "open_store(sys.argv[1]).close()  # loads every module it needs\n"
            "if os.geteuid() == 0:\n"
            "    os.setgroups([]); os.setgid(65534); os.setuid(65534)\n"
            "try:\n    open_store(sys.argv[2])\n"
            "except StoreUnwritableError as exc:\n    print(exc)\n"
        )
        run = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / "warm.sqlite3"), str(library)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.stdout == (
            f"{library}: is read-only (the file is not writable); "
            "copy it to a writable folder to open it\n"
        ), run.stderr
        assert _snapshot(folder) == before
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)
