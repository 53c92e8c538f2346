"""Opening databases: create and stamp, upgrade with a backup, refuse anything else untouched."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, select, text

from claimdesk.core.errors import StoreError, ValidationError
from claimdesk.core.migrations import known_revisions
from claimdesk.core.models import Article, Base, Claim, Meta
from claimdesk.core.search_schema import is_search_table
from claimdesk.core.store import (
    _alembic_config,
    default_db_path,
    head_revision,
    open_store,
    resolve_db_url,
)


def _migrate(path: Path, revision: str) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)
    engine.dispose()


def _pragma(store, name: str):
    with store.engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_new_file_is_created_stamped_and_tuned(db_path: Path) -> None:
    store = open_store(db_path)
    try:
        assert store.created and store.backup_path is None
        assert db_path.exists()
        with store.reading() as session:
            revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert revision == head_revision()
        assert _pragma(store, "journal_mode") == "wal"
        assert _pragma(store, "foreign_keys") == 1
        assert _pragma(store, "busy_timeout") == 5000
    finally:
        store.close()
    reopened = open_store(db_path)
    assert not reopened.created
    reopened.close()


def test_round_trip_keeps_unicode_offsets_and_aware_times(store) -> None:
    text_ = "Café ☕ 東京 — the claim.\n"
    with store.transaction() as session:
        article = Article(title="T", text=text_, sha256="x" * 64, origin="t.txt")
        claim = Claim(
            article=article, start=7, end=9, quote=text_[7:9], reasons=[{"kind": "k", "text": "t"}]
        )
        session.add(claim)
    with store.reading() as session:
        loaded = session.scalars(select(Claim)).one()
        assert loaded.quote == "東京" == loaded.article.text[loaded.start : loaded.end]
        assert loaded.version == 1
        assert loaded.created_at.tzinfo is not None
        assert loaded.reasons == [{"kind": "k", "text": "t"}]


def test_database_constraints_refuse_bad_rows(store) -> None:
    with pytest.raises(Exception, match="CHECK constraint"), store.transaction() as session:
        article = Article(title="T", text="abc", sha256="y" * 64, origin="t")
        session.add(Claim(article=article, start=2, end=1, quote="", status="maybe"))
    with store.reading() as session:
        assert session.scalars(select(Article)).all() == []


def test_migrations_match_the_models(tmp_path: Path) -> None:
    path = tmp_path / "migrated.sqlite3"
    _migrate(path, "head")
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        # The full-text indexes are FTS5 virtual tables (and their shadow tables), not models.
        context = MigrationContext.configure(connection, opts={"include_object": _not_search_index})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def _not_search_index(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "table" and is_search_table(name))


def test_old_database_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _migrate(path, "0001")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO articles (id, title, text, sha256, origin, imported_at) "
            "VALUES ('a1', 'Old', 'Old text.', 'h', 'old.txt', '2025-01-01 00:00:00')"
        )
    connection.close()
    before = path.read_bytes()

    store = open_store(path)
    try:
        assert not store.created
        assert store.backup_path is not None and store.backup_path.parent == tmp_path
        with sqlite3.connect(store.backup_path) as backup:
            assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
            assert backup.execute("SELECT title FROM articles").fetchall() == [("Old",)]
        backup.close()
        with store.reading() as session:
            assert session.scalars(select(Article.title)).all() == ["Old"]
            # An existing library must never get the sample articles pushed into it.
            assert session.get(Meta, "seeded") is not None
            revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert revision == head_revision()
    finally:
        store.close()
    assert path.read_bytes() != before


def _other_apps_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO songs (name) VALUES ('x')")
    connection.close()


def _truncated_claimdesk(path: Path) -> None:
    source = path.with_name("full.sqlite3")
    _migrate(source, "head")
    with sqlite3.connect(source) as connection:
        connection.executemany(
            "INSERT INTO claimdesk_meta (key, value) VALUES (?, ?)",
            [(f"k{i}", "v" * 500) for i in range(200)],
        )
    connection.close()
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _corrupt_claimdesk(path: Path) -> None:
    _migrate(path, "head")
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 7):
        data[offset] = 0xAB
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("just some notes\n"), "not an SQLite file"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200)), "not an SQLite file"),
        (_other_apps_sqlite, "not a Claimdesk database"),
        (_truncated_claimdesk, "damaged"),
        (_corrupt_claimdesk, "damaged"),
    ],
    ids=["text", "png", "other-app", "truncated", "corrupt"],
)
def test_foreign_or_broken_files_are_refused_untouched(tmp_path: Path, make, message) -> None:
    path = tmp_path / "victim.sqlite3"
    make(path)
    before = path.read_bytes()
    siblings = set(tmp_path.iterdir())
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert str(path) in str(caught.value) and message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert path.read_bytes() == before
    assert set(tmp_path.iterdir()) == siblings


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    _migrate(path, "head")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    with pytest.raises(StoreError, match="newer Claimdesk"):
        open_store(path)


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


def test_db_choice_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_db_url(None) == f"sqlite:///{default_db_path()}"
    assert str(default_db_path()).startswith(str(tmp_path / "xdg-data"))
    monkeypatch.setenv("CLAIMDESK_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_db_url(None) == f"sqlite:///{tmp_path / 'env.sqlite3'}"
    assert resolve_db_url(tmp_path / "arg.sqlite3") == f"sqlite:///{tmp_path / 'arg.sqlite3'}"
    assert resolve_db_url("sqlite:///:memory:") == "sqlite:///:memory:"
    with pytest.raises(StoreError, match="not a database path or URL"):
        resolve_db_url("nonsense://")


def test_default_location_is_created(tmp_path: Path) -> None:
    store = open_store()
    try:
        assert store.path == default_db_path()
        assert store.path.exists()
    finally:
        store.close()


def test_url_to_memory_database_works() -> None:
    store = open_store("sqlite:///:memory:")
    try:
        assert store.path is None and store.created
    finally:
        store.close()


def _holder(session) -> object:
    """The driver connection a session writes through."""
    return session.connection().connection.driver_connection


def _can_take_write_lock(db_path: Path) -> bool:
    probe = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()


def _titles(store) -> list[str]:
    with store.reading() as session:
        return list(session.scalars(select(Article.title).order_by(Article.title)))


def test_writer_keeps_one_connection_and_commits_each_transaction(store, db_path: Path) -> None:
    writer = store.writer()
    with writer.transaction() as session:
        first = _holder(session)
        assert not _can_take_write_lock(db_path)  # BEGIN IMMEDIATE: the lock is ours at once
        loaded = Article(title="A", text="a", sha256="a" * 64, origin="a.txt")
        session.add(loaded)
    assert _titles(store) == ["A"] and _can_take_write_lock(db_path)
    with writer.transaction() as session:
        assert _holder(session) is first
        assert loaded not in session  # what the last transaction held is read afresh
        session.add(Article(title="B", text="b", sha256="b" * 64, origin="b.txt"))
    assert _titles(store) == ["A", "B"]
    writer.close()
    assert store.engine.pool.checkedout() == 0


def test_writer_rolls_back_a_failure_and_starts_afresh(store, db_path: Path) -> None:
    writer = store.writer()
    with pytest.raises(Exception, match="CHECK constraint"), writer.transaction() as session:
        article = Article(title="T", text="abc", sha256="y" * 64, origin="t")
        session.add(Claim(article=article, start=2, end=1, quote="", status="maybe"))
    assert _titles(store) == [] and _can_take_write_lock(db_path)
    assert store.engine.pool.checkedout() == 0  # the failed connection went back to the pool
    with writer.transaction() as session:
        assert article not in session  # nothing of the failed transaction is left
        session.add(Article(title="C", text="c", sha256="c" * 64, origin="c.txt"))
    assert _titles(store) == ["C"]
    writer.close()


def test_writer_data_version_moves_only_for_other_connections_commits(store) -> None:
    writer = store.writer()
    assert writer.data_version() is None  # no connection yet
    with writer.transaction() as session:
        session.add(Article(title="A", text="a", sha256="a" * 64, origin="a.txt"))
    first = writer.data_version()
    with writer.transaction() as session:
        session.add(Article(title="B", text="b", sha256="b" * 64, origin="b.txt"))
    assert writer.data_version() == first  # our own commit
    with store.transaction() as session:  # another connection
        session.add(Article(title="C", text="c", sha256="c" * 64, origin="c.txt"))
    assert writer.data_version() != first
    writer.close()
    assert writer.data_version() is None


def test_a_refused_edit_keeps_the_writers_connection_and_its_data_version(store) -> None:
    """Counts of two connections cannot be compared: a refusal must not swap connections."""
    writer = store.writer()
    with writer.transaction() as session:
        session.add(Article(title="A", text="a", sha256="a" * 64, origin="a.txt"))
    first, generation = writer.data_version(), writer.generation
    with pytest.raises(ValidationError), writer.transaction() as session:
        session.add(Article(title="B", text="b", sha256="b" * 64, origin="b.txt"))
        raise ValidationError("span", "end before start")
    assert (writer.data_version(), writer.generation) == (first, generation)
    assert _titles(store) == ["A"]  # rolled back
    with pytest.raises(RuntimeError), writer.transaction():
        raise RuntimeError("not a refusal")
    writer.connect()
    assert writer.generation == generation + 1
    writer.close()


def test_revisions_read_from_file_names_match_alembic() -> None:
    """Opening a current library trusts the file names; Alembic's own graph must agree."""
    config = Config()
    config.set_main_option("script_location", "claimdesk.core:migrations")
    script = ScriptDirectory.from_config(config)
    assert head_revision() == script.get_current_head()
    assert set(known_revisions()) == {rev.revision for rev in script.walk_revisions()}


def test_opening_a_current_library_does_not_import_alembic(tmp_path: Path) -> None:
    library = tmp_path / "lib.sqlite3"
    open_store(library).close()
    probe = (
        "import sys; from claimdesk.core.store import open_store; "
        f"open_store({str(library)!r}).close(); print('alembic' in sys.modules)"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert shown.stdout.strip() == "False", shown.stderr
