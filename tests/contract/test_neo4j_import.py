"""Neo4j loads larger than one transaction: staged, all or nothing, unseen until done."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person, Tie
from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores import neo4j_store as module
from graph_mtl.stores.cypher import query
from graph_mtl.stores.neo4j_store import Neo4jStore
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.neo4j_server import MARKER, fresh_neo4j_store

pytestmark = pytest.mark.neo4j


@pytest.fixture
def store() -> Iterator[Neo4jStore]:
    for opened in fresh_neo4j_store():
        assert isinstance(opened, Neo4jStore)
        yield opened


def _staged(store: Neo4jStore, rows: int = 2) -> Neo4jStore:
    """The same server and database, staging any load of more than `rows` rows."""
    return Neo4jStore(store._driver, database=store._database, batch_rows=rows)


def _before(sample: Bundle) -> Bundle:
    """What the graph holds before the import: part of the sample, some of it different."""
    people = [p.model_copy(update={"name": p.name + " (old)"}) for p in sample.people[:3]]
    return Bundle(
        people=people,
        ties=[Tie(source="sp", target="peer", strength=0.2, context="old")],
        customers=sample.customers,
        needs=sample.needs,
        roles=sample.roles,
    )


def _count(store: Neo4jStore, text: str) -> int:
    records, _, _ = store._driver.execute_query(text)
    return int(records[0][0])


def _leftovers(store: Neo4jStore) -> dict[str, int]:
    return {
        "markers": _count(store, "MATCH (b:ImportBatch) RETURN count(b)"),
        "staged nodes": _count(store, "MATCH (n) WHERE n._import IS NOT NULL RETURN count(n)"),
        "nodes": _count(store, f"MATCH (n) WHERE NOT n:{MARKER} RETURN count(n)"),
        "relationships": _count(store, "MATCH ()-[r]->() RETURN count(r)"),
    }


def _expected(*bundles: Bundle) -> Bundle:
    embedded = SqliteStore()
    for bundle in bundles:
        embedded.load(bundle)
    return embedded.export().canonical()


def test_a_staged_load_ends_as_one_transaction_would(
    store: Neo4jStore, sample_bundle: Bundle
) -> None:
    before = _before(sample_bundle)
    store.load(before)
    _staged(store).load(sample_bundle)
    assert store.export().canonical() == _expected(before, sample_bundle)
    assert _count(store, "MATCH (b:ImportBatch) RETURN count(b)") == 0


@pytest.mark.parametrize("failing", ["create_employments", "finish_import"])
def test_a_failure_at_the_last_batch_leaves_nothing_behind(
    store: Neo4jStore, sample_bundle: Bundle, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """The last staged batch, or the transaction that makes the import visible."""
    before = _before(sample_bundle)
    store.load(before)
    counts = _leftovers(store)
    real = query

    def broken(name: str) -> str:
        return "RETURN 1/0 AS written" if name == failing else real(name)

    monkeypatch.setattr(module, "query", broken)
    with pytest.raises(StoreUnavailable):
        _staged(store).load(sample_bundle)
    monkeypatch.undo()
    assert _leftovers(store) == counts
    assert store.export().canonical() == _expected(before)


def test_reads_during_an_import_see_none_of_it(
    store: Neo4jStore, sample_bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _before(sample_bundle)
    store.load(before)
    old = _expected(before)
    reader = Neo4jStore(store._driver, database=store._database)
    seen: list[str] = []
    staging = _staged(store)
    real = Neo4jStore._transaction

    def watched(self: Neo4jStore, batches: Any, *, guard: Any = ()) -> bool:
        done = real(self, batches, guard=guard)
        if guard and guard[0][0] == "touch_import":  # a staged batch, committed
            seen.append(batches[0][0])
            assert reader.export().canonical() == old
            assert reader.people(["a3", "o1"]) == {}
            assert reader.adjacency(["sp"]) == {"sp": [("peer", 0.2)]}
            assert reader.search("olga", limit=5).people == []
        return done

    monkeypatch.setattr(Neo4jStore, "_transaction", watched)
    staging.load(sample_bundle)
    monkeypatch.undo()
    assert "create_ties" in seen and "create_evidence" in seen
    assert reader.export().canonical() == _expected(before, sample_bundle)


def test_an_import_whose_process_died_is_removed_by_the_next_store(
    store: Neo4jStore, sample_bundle: Bundle
) -> None:
    store.load(_before(sample_bundle))
    counts = _leftovers(store)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    pid = int(dead.stdout)
    assert pid != os.getpid()
    staged = _staged(store)
    staged._run("begin_import", write=True, id="dead", host=os.uname().nodename, pid=pid)
    staged._transaction(
        [("upsert_people", [{"props": {"id": "ghost", "name": "Ghost", "_import": "dead"}}])]
    )
    assert store.people(["ghost"]) == {}
    fresh = Neo4jStore(store._driver, database=store._database)
    fresh.load(Bundle(people=[Person(id="new", name="New")]))  # starts: removes it first
    assert fresh.people(["ghost"]) == {}
    assert _leftovers(store)["markers"] == 0
    assert _leftovers(store)["nodes"] == counts["nodes"] + 1


def test_repeats_across_batches_into_an_empty_store_keep_the_last_row(store: Neo4jStore) -> None:
    """No lookup happens here (the store holds no people or ties): the import's own
    record of what it wrote must send a repeat to the upsert, as a lookup would."""
    bundle = Bundle(
        people=[
            Person(id="a", name="A"),
            Person(id="b", name="B"),
            Person(id="c", name="C"),
            Person(id="a", name="A again"),
        ],
        ties=[
            Tie(source="a", target="b", strength=0.3),
            Tie(source="b", target="c", strength=0.4),
            Tie(source="c", target="a", strength=0.5),
            Tie(source="b", target="a", strength=0.9, context="later"),
        ],
    )
    _staged(store).load(bundle)
    assert store.export().canonical() == _expected(bundle)
    assert _leftovers(store)["markers"] == 0
