"""The commit mark of the embedded store (graph_mtl/stores/sqlite_wal.py): it moves
with every commit, from any connection, stays while nothing is committed, is never
read from a file SQLite does not use, and its descriptors are never closed."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person
from graph_mtl.stores import sqlite_wal
from graph_mtl.stores.sqlite_store import SqliteStore


@pytest.fixture(autouse=True)
def _room_for_more_wal_indexes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The files kept open before (other tests' stores) do not count here."""
    monkeypatch.setattr(sqlite_wal, "_open", {})


def test_the_mark_moves_with_each_commit_and_only_then(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "graph.db")
    database = store._database
    database.connection()
    before = database.commit_mark()
    assert before is not None and database.commit_mark() == before
    database.connection().execute("SELECT count(*) FROM people").fetchone()
    assert database.commit_mark() == before, "a read commits nothing"
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("INSERT INTO meta VALUES ('x', 1)")
    after = database.commit_mark()
    assert after is not None and after != before
    other.execute("DELETE FROM meta WHERE key = 'x'")
    assert database.commit_mark() not in (before, after)
    other.close()


def test_a_header_being_written_is_no_mark(tmp_path: Path) -> None:
    header = bytes(range(48))
    index = tmp_path / "x-shm"
    index.write_bytes(header + header)
    fd = os.open(index, os.O_RDONLY)
    try:
        assert sqlite_wal.commit_mark(fd) == header
        index.write_bytes(header + header[:-1] + b"\xff")  # the second copy written first
        assert sqlite_wal.commit_mark(fd) is None
        uninitialised = header[:12] + b"\0" + header[13:]
        index.write_bytes(uninitialised + uninitialised)
        assert sqlite_wal.commit_mark(fd) is None
    finally:
        os.close(fd)


def test_no_mark_outside_wal_mode_or_through_a_link(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    SqliteStore(path)._database.connection()
    assert sqlite_wal.wal_index(path, "delete") is None
    link = tmp_path / "link.db"
    link.symlink_to(path)
    assert sqlite_wal.wal_index(link, "wal") is None
    assert sqlite_wal.wal_index(path, "wal") is not None


def test_closing_a_store_leaves_the_wal_index_open_for_the_others(tmp_path: Path) -> None:
    """Closing any descriptor of a file drops every POSIX lock the process holds on
    it, SQLite's among them: the one descriptor kept per file is never closed, and
    the stores of one file share it."""
    path = tmp_path / "graph.db"
    first, second = SqliteStore(path), SqliteStore(path)
    first._database.connection()
    second._database.connection()
    fd = first._database._local.wal_index
    assert fd is not None and second._database._local.wal_index == fd
    first.close()
    os.fstat(fd)  # still open
    assert second._database.commit_mark() is not None


def test_past_the_files_kept_open_a_store_asks_its_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_wal, "_KEPT", 1)
    first, second = SqliteStore(tmp_path / "first.db"), SqliteStore(tmp_path / "second.db")
    first._database.connection()
    second._database.connection()
    assert first._database.commit_mark() is not None
    assert second._database.commit_mark() is None


def test_the_team_is_read_again_only_after_a_commit(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    store, writer = SqliteStore(path), SqliteStore(path)
    writer.load(Bundle(people=[Person(id=i, name=i.upper(), is_salesperson=True) for i in "ab"]))
    assert [m.shared for m in store.team()] == [False, False]
    statements: list[str] = []
    store._database.connection().set_trace_callback(statements.append)
    assert [m.shared for m in store.team()] == [False, False]
    assert statements == [], "nothing committed since: the team kept"
    assert writer.set_team_sharing("b", shared=True)  # another connection's commit
    assert [m.shared for m in store.team()] == [False, True]
    assert statements, "read again"
    with store.snapshot():  # inside a transaction: read in it
        del statements[:]
        assert [m.id for m in store.team()] == ["a", "b"]
        assert any("team_shared" in s for s in statements)


def test_a_write_drops_what_its_thread_kept(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "graph.db")
    store.load(Bundle(people=[Person(id=i, name=i.upper(), is_salesperson=True) for i in "ab"]))
    assert [m.id for m in store.team()] == ["a", "b"]
    assert store._database._local.kept
    assert store.delete_person("a")
    assert not store._database._local.kept, "a forgotten salesperson's name is not kept"
    assert [m.id for m in store.team()] == ["b"]
