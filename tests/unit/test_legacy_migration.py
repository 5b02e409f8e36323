"""Migrating an earlier JSON store is all or nothing: a failure between writing the
graph and writing the keys and opt-ins leaves no half-migrated database, and the
next open migrates it whole.

Both tests failed while `SqliteStore.migrate_from` loaded the graph in one
transaction and the keys and opt-ins in a second one (the graph was kept, the keys
and opt-ins lost for good: the database was no longer new, so no later open
migrated again). The store now writes all three in one transaction and migrates
on open while the database holds nothing yet.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from graph_mtl.domain.models import ApiKey
from graph_mtl.stores import sqlite_access
from graph_mtl.stores.sqlite_store import SqliteStore

LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "graph-mtl-1.json"


class Crash(Exception):
    """The fault injected between the graph and the keys."""


@pytest.fixture
def crash_before_the_keys(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Make the store's write of the API keys fail (as a crash there would), and
    give back a function that heals it."""
    put = sqlite_access.put_api_keys

    def failing(db: sqlite3.Connection, keys: list[ApiKey]) -> None:
        raise Crash("the process dies before the keys are written")

    monkeypatch.setattr(sqlite_access, "put_api_keys", failing)
    return lambda: monkeypatch.setattr(sqlite_access, "put_api_keys", put)


def _tables(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("people", "ties", "api_keys", "team_shared")
        }


def _nothing(counts: dict[str, int], *, but: Sequence[str] = ()) -> bool:
    return all(n == 0 for table, n in counts.items() if table not in but)


def test_a_failed_migration_writes_nothing(
    tmp_path: Path, crash_before_the_keys: Callable[[], None]
) -> None:
    store = SqliteStore(tmp_path / "other.db")
    with pytest.raises(Crash):
        store.migrate_from(LEGACY)
    store.close()
    assert _nothing(_tables(tmp_path / "other.db")), "half a migration was committed"


def test_an_interrupted_migration_on_open_is_done_whole_on_the_next_open(
    tmp_path: Path, crash_before_the_keys: Callable[[], None]
) -> None:
    legacy = tmp_path / "graph.json"
    shutil.copy(LEGACY, legacy)
    with pytest.raises(Crash):
        SqliteStore(legacy)
    crash_before_the_keys()  # the next start runs without the fault
    store = SqliteStore(legacy)
    assert {k.id for k in store.api_keys()} == {"key-live", "key-old"}
    assert [(m.id, m.shared) for m in store.team()] == [("sp", True)]
    assert len(store.export().people) == 6
