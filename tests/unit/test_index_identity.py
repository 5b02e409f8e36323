"""The search index file belongs to one database and is used only whole: an index
left by a database deleted and created again at the same path, or one whose content
was overwritten, is rebuilt (or the store says why it cannot be), and a temporary
file that a killed rebuild left behind is removed at the next open, never while a
live process is still writing it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from graph_mtl.cli import app
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person, Tie
from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores import social_index, sqlite_index
from graph_mtl.stores.social_index import read_index
from graph_mtl.stores.sqlite_store import SqliteStore

DEMO = Path(__file__).parents[2] / "seed" / "demo"
ROOT = Path(__file__).parents[2]


def two_routes(via_x: float, *, more: int = 0) -> Bundle:
    """sp reaches t through x (0.9, then `via_x`) or through y (0.5, 0.5); `more`
    people before them shift everyone's number."""
    extra = [f"e{i}" for i in range(more)]
    return Bundle(
        people=[Person(id=i, name=i.upper()) for i in (*extra, "sp", "x", "y", "t")],
        ties=[
            *(Tie(source=e, target="sp", strength=0.2) for e in extra),
            Tie(source="sp", target="x", strength=0.9),
            Tie(source="x", target="t", strength=via_x),
            Tie(source="sp", target="y", strength=0.5),
            Tie(source="y", target="t", strength=0.5),
        ],
    )


def best(store: SqliteStore) -> tuple[str, ...]:
    (path,) = store.best_paths("sp", "t", k=1, max_hops=4)
    return path.nodes


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# -- another database at the same path ---------------------------------------------


def test_a_new_database_at_the_same_path_does_not_use_the_old_index(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "graph.db"
    old = SqliteStore(path)
    old.load(two_routes(0.9))
    assert best(old) == ("sp", "x", "t")
    assert not caplog.text, "a store's first index is no cause for a warning"
    old.close()
    remove_database(path)
    new = SqliteStore(path)
    new.load(two_routes(0.01))  # only one strength changed: same numbers, same generation
    assert best(new) == ("sp", "y", "t")
    assert "it was built for another database" in caplog.text
    assert best(SqliteStore(path)) == ("sp", "y", "t")


def test_a_running_store_follows_its_file_to_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    running = SqliteStore(path)  # a server's store, open while the file is replaced
    running.load(two_routes(0.9))
    assert best(running) == ("sp", "x", "t")
    remove_database(path)
    SqliteStore(path).load(two_routes(0.01))
    assert best(running) == ("sp", "y", "t")


def test_an_old_index_naming_people_the_new_database_lacks_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    old = SqliteStore(path)
    old.load(two_routes(0.9, more=30))
    old.graph()
    old.close()
    remove_database(path)
    new = SqliteStore(path)
    new.load(two_routes(0.9))
    assert best(new) == ("sp", "x", "t")  # not a KeyError from numbers of the old people
    on_disk = read_index(new.index_path)
    assert on_disk is not None and on_disk.nodes == new.graph().base.nodes


def test_the_cli_answers_from_the_new_database(tmp_path: Path) -> None:
    changed = tmp_path / "changed"
    shutil.copytree(DEMO, changed)
    ties = changed / "ties.csv"
    ties.write_text(
        ties.read_text(encoding="utf-8").replace(
            "sp-zhang,boyuan-04,0.80,", "sp-zhang,boyuan-04,0.01,"
        ),
        encoding="utf-8",
    )
    runner = CliRunner()

    def paths(store: Path) -> list[list[str]]:
        args = ["paths", "--from", "sp-zhang", "--to", "chengkang-07", "--k", "3"]
        result = runner.invoke(app, [*args, "--json", "--store", str(store)])
        assert result.exit_code == 0, result.output
        return [p["nodes"] for p in json.loads(result.stdout)["paths"]]

    def imported(bundle: Path, store: Path) -> None:
        result = runner.invoke(app, ["import", str(bundle), "--store", str(store)])
        assert result.exit_code == 0, result.output

    store = tmp_path / "graph.db"
    imported(DEMO, store)
    before = paths(store)
    remove_database(store)
    imported(changed, store)
    imported(changed, tmp_path / "fresh.db")
    expected = paths(tmp_path / "fresh.db")
    assert expected != before
    assert paths(store) == expected


def test_an_older_store_gets_an_identity_and_a_new_index_on_open(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    SqliteStore(path).load(two_routes(0.9))
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DELETE FROM meta WHERE key = 'store_id'")
    db.execute("PRAGMA user_version = 5")  # as graph-mtl wrote it before schema 6
    db.close()
    (tmp_path / "graph.db.index").write_bytes(b"GMTLCSR1" + bytes(64))
    store = SqliteStore(path)
    assert best(store) == ("sp", "x", "t")
    on_disk = read_index(store.index_path)
    assert on_disk is not None and on_disk.store == store.graph().base.store is not None


# -- damaged content ---------------------------------------------------------------


def _overwrite(path: Path, at: int, data: bytes) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(at)
        f.write(data)
    assert path.stat().st_size == size


def _indexed(tmp_path: Path) -> SqliteStore:
    store = SqliteStore(tmp_path / "graph.db")
    store.load(two_routes(0.9, more=5))
    assert best(store) == ("sp", "x", "t")
    return store


@pytest.mark.parametrize("part", ["neighbours", "strengths", "offsets"])
def test_overwritten_index_content_is_rebuilt(
    tmp_path: Path, part: str, caplog: pytest.LogCaptureFixture
) -> None:
    store = _indexed(tmp_path)
    on_disk = read_index(store.index_path)
    assert on_disk is not None
    array = getattr(on_disk, part)
    at = array.ctypes.data - on_disk.offsets.ctypes.data + social_index.HEADER_SIZE
    junk = {"neighbours": 2**30, "strengths": np.nan, "offsets": 2**40}[part]
    _overwrite(store.index_path, at, np.full(len(array), junk, dtype=array.dtype).tobytes())
    fresh = SqliteStore(store.path)
    assert best(fresh) == ("sp", "x", "t")
    assert "its content is damaged" in caplog.text
    rebuilt = read_index(fresh.index_path)
    assert rebuilt is not None and np.isfinite(rebuilt.strengths).all()


def test_an_index_overwritten_under_a_running_store_is_not_used(tmp_path: Path) -> None:
    store = _indexed(tmp_path)
    size = store.index_path.stat().st_size
    _overwrite(store.index_path, size - 8 * 10, np.full(10, np.nan).tobytes())
    assert best(store) == ("sp", "x", "t")
    assert np.isfinite(store.graph().base.strengths).all()


def test_a_damaged_index_that_cannot_be_rebuilt_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _indexed(tmp_path)
    size = store.index_path.stat().st_size
    _overwrite(store.index_path, size - 8, np.full(1, np.nan).tobytes())

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(sqlite_index, "write_index", read_only)
    with pytest.raises(StoreUnavailable, match="damaged: the checksum does not match"):
        SqliteStore(store.path).graph()


# -- temporary files ---------------------------------------------------------------

_HANG_IN_WRITE = """
import os, sys, time
from pathlib import Path
from graph_mtl.stores import social_index, sqlite_index
from graph_mtl.stores.sqlite_store import SqliteStore

def hang(fd):
    print("writing", flush=True)
    time.sleep(600)

social_index.os.fsync = hang
store = SqliteStore(Path(sys.argv[1]))
store._index.rebuild(reason="a test")
"""


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".graph.db.index."))


def test_a_temporary_index_a_kill_left_is_removed_at_the_next_open(tmp_path: Path) -> None:
    store = _indexed(tmp_path)
    os.unlink(store.index_path)  # so that the child has to write one
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", _HANG_IN_WRITE, str(store.path)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "writing\n"
        assert len(_temporaries(tmp_path)) == 1
        SqliteStore(store.path)  # opened while the child is still writing
        assert len(_temporaries(tmp_path)) == 1, "a live writer's file is left alone"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        if child.stdout is not None:
            child.stdout.close()
    assert len(_temporaries(tmp_path)) == 1
    (tmp_path / ".graph.db.index.unrelated").write_bytes(b"")  # not a name the store makes
    started = time.monotonic()
    assert best(SqliteStore(store.path)) == ("sp", "x", "t")
    assert time.monotonic() - started < 10
    assert _temporaries(tmp_path) == [".graph.db.index.unrelated"]
