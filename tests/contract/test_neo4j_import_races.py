"""Staged Neo4j imports CREATE the rows they judge new: against other writers in
other processes at the same moment, still no duplicate and no lost write."""

from __future__ import annotations

import multiprocessing
import os
import random
import time
from collections.abc import Iterator
from multiprocessing.synchronize import Event

import pytest

from graph_mtl.bootstrap import open_store
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person, Tie
from graph_mtl.errors import LimitReached, StoreUnavailable
from graph_mtl.settings import Settings
from graph_mtl.stores.cypher import query
from graph_mtl.stores.neo4j_import import staged_load
from graph_mtl.stores.neo4j_rows import batches, tie_row
from graph_mtl.stores.neo4j_store import Neo4jStore
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.neo4j_server import NEO4J_URI, fresh_neo4j_store

pytestmark = pytest.mark.neo4j

_SPAWN = multiprocessing.get_context("spawn")


@pytest.fixture
def store() -> Iterator[Neo4jStore]:
    for opened in fresh_neo4j_store():
        assert isinstance(opened, Neo4jStore)
        opened._ensure_schema()  # once, before processes that would each make it at once
        yield opened


def _open(batch_rows: int = 20_000) -> Neo4jStore:
    opened = open_store(Settings(), store=NEO4J_URI)
    assert isinstance(opened, Neo4jStore)
    return Neo4jStore(opened._driver, database=opened._database, batch_rows=batch_rows)


def _people(n: int, *, name: str = "P") -> list[Person]:
    return [Person(id=f"p{i:04d}", name=f"{name} {i}") for i in range(n)]


def _ties(people: int, count: int, *, seed: int, strength: float) -> list[Tie]:
    rng = random.Random(seed)
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < count:
        a, b = rng.sample(range(people), 2)
        pairs.add((f"p{min(a, b):04d}", f"p{max(a, b):04d}"))
    return [Tie(source=a, target=b, strength=strength) for a, b in sorted(pairs)]


def _import(
    bundle: Bundle, go: Event, batch_rows: int, answers: multiprocessing.Queue[str]
) -> None:
    graph = _open(batch_rows)
    graph.ping()
    go.wait()
    try:
        graph.load(bundle)
        answers.put("done")
    except LimitReached:
        answers.put("busy")
    finally:
        graph.close()


def _write(
    items: list[Bundle], started: Event, stop: Event, seed: int, acks: multiprocessing.Queue[int]
) -> None:
    """Single writes (each a small load, as the API's writes are) until `stop`;
    the index of each acknowledged one."""
    graph = _open()
    started.wait()
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    for at in order:
        if stop.is_set():
            break
        try:
            graph.load(items[at])
        except StoreUnavailable:
            acks.put(-1)  # refused (the caller is told): must be rare, counted below
            continue
        acks.put(at)
    graph.close()


def _count(store: Neo4jStore, text: str) -> int:
    records, _, _ = store._driver.execute_query(text, database_=store._database)
    return int(records[0][0])


def _duplicates(store: Neo4jStore) -> dict[str, int]:
    return {
        "ties": _count(
            store,
            "MATCH (a:Person)-[k:KNOWS]-(b:Person) WHERE a.id < b.id "
            "WITH a, b, count(k) AS n WHERE n > 1 RETURN count(*)",
        ),
        "people": _count(
            store, "MATCH (p:Person) WITH p.id AS id, count(*) AS n WHERE n > 1 RETURN count(*)"
        ),
        "markers": _count(store, "MATCH (b:ImportBatch) RETURN count(b)"),
    }


def _expected(*bundles: Bundle) -> Bundle:
    embedded = SqliteStore()
    for bundle in bundles:
        embedded.load(bundle)
    return embedded.export().canonical()


def _drain(queue: multiprocessing.Queue[int]) -> list[int]:
    found = []
    while not queue.empty():
        found.append(queue.get())
    return found


def test_two_imports_at_once_run_one_after_the_other(store: Neo4jStore) -> None:
    """Both into an empty store (so neither looks anything up), with overlapping rows."""
    first = Bundle(people=_people(300), ties=_ties(300, 1500, seed=1, strength=0.3))
    second = Bundle(people=_people(300, name="Q"), ties=_ties(300, 1500, seed=2, strength=0.7))
    go = _SPAWN.Event()
    answers: multiprocessing.Queue[str] = _SPAWN.Queue()
    runs = [
        _SPAWN.Process(target=_import, args=(bundle, go, 100, answers))
        for bundle in (first, second)
    ]
    for run in runs:
        run.start()
    time.sleep(3)  # both processes up, drivers connected
    go.set()
    for run in runs:
        run.join(120)
        assert run.exitcode == 0
    assert sorted(answers.get() for _ in runs) == ["done", "done"]
    assert _duplicates(store) == {"ties": 0, "people": 0, "markers": 0}
    assert store.export().canonical() in (_expected(first, second), _expected(second, first))


def test_a_second_import_answers_busy_once_its_wait_is_over(store: Neo4jStore) -> None:
    store.load(Bundle(people=_people(3)))
    store._run("begin_import", write=True, id="running", host=os.uname().nodename, pid=os.getpid())
    bundle = Bundle(people=_people(10, name="New"))
    began = time.monotonic()
    with pytest.raises(LimitReached) as caught:
        staged_load(store, batches(bundle), batch_rows=2, wait=0.5)
    assert 0.5 <= time.monotonic() - began < 10
    assert caught.value.retry_after > 0
    store._run("drop_import", write=True, id="running")
    assert store.export().canonical() == _expected(Bundle(people=_people(3)))


def test_single_writes_during_an_import_leave_no_duplicate(store: Neo4jStore) -> None:
    """The import CREATEs every tie unlooked (the store holds none) while two other
    processes MERGE the same ties, and people the import adds, one write at a time."""
    known = _people(100, name="Known")
    store.load(Bundle(people=known))
    people = _people(200)
    ties = _ties(200, 3000, seed=3, strength=0.4)
    imported = Bundle(people=people, ties=ties)
    singles = [
        Bundle(people=[p], ties=[])
        if i % 10 == 0
        else Bundle(ties=[t.model_copy(update={"strength": 0.9})])
        for i, (p, t) in enumerate(zip([*people[100:], *people[100:]] * 15, ties, strict=False))
    ]
    go, started, stop = _SPAWN.Event(), _SPAWN.Event(), _SPAWN.Event()
    answers: multiprocessing.Queue[str] = _SPAWN.Queue()
    acks: multiprocessing.Queue[int] = _SPAWN.Queue()
    importer = _SPAWN.Process(target=_import, args=(imported, go, 100, answers))
    writers = [
        _SPAWN.Process(target=_write, args=(singles, started, stop, seed, acks)) for seed in (4, 5)
    ]
    for run in (importer, *writers):
        run.start()
    time.sleep(3)
    go.set()
    while not _count(store, "MATCH (b:ImportBatch) RETURN count(b)") and importer.is_alive():
        time.sleep(0.01)
    started.set()
    importer.join(180)
    stop.set()
    for run in writers:
        run.join(60)
    assert [run.exitcode for run in (importer, *writers)] == [0, 0, 0]
    assert answers.get() == "done"
    answered = _drain(acks)
    acknowledged = {i for i in answered if i >= 0}
    assert len(acknowledged) > 20, "too few single writes ran during the import"
    assert answered.count(-1) == 0
    assert _duplicates(store) == {"ties": 0, "people": 0, "markers": 0}
    held = store.export()
    pairs = {t.pair: t.strength for t in held.ties}
    assert set(pairs) == {t.pair for t in ties}
    assert set(pairs.values()) <= {0.4, 0.9}
    ids = {p.id for p in held.people}
    assert ids == {p.id for p in [*known, *people]}
    for at in acknowledged:
        for tie in singles[at].ties:
            assert tie.pair in pairs


def test_a_write_still_open_when_the_import_would_end_is_merged(store: Neo4jStore) -> None:
    """A single write's transaction is open while the import runs: the import's batch
    that CREATEs the same tie waits for it (Neo4j locks a relationship's ends), so the
    copy the write made is merged away when the import ends, not left beside it."""
    people = _people(200)
    ties = _ties(200, 3000, seed=6, strength=0.4)
    last = ties[-1]  # in the import's last batch: written after the open write began
    go = _SPAWN.Event()
    answers: multiprocessing.Queue[str] = _SPAWN.Queue()
    importer = _SPAWN.Process(
        target=_import, args=(Bundle(people=people, ties=ties), go, 100, answers)
    )
    importer.start()
    store.load(Bundle(people=people))  # known people: the import's ties are then looked up
    time.sleep(3)
    go.set()
    while not _count(store, "MATCH (b:ImportBatch) RETURN count(b)") and importer.is_alive():
        time.sleep(0.01)
    with store._driver.session(database=store._database) as session:
        tx = session.begin_transaction()
        row = tie_row(last.model_copy(update={"strength": 0.9}))
        tx.run(query("upsert_ties"), rows=[row]).consume()
        importer.join(5)  # the import's last batch waits for this write
        tx.commit()
    importer.join(120)
    assert importer.exitcode == 0
    assert answers.get() == "done"
    assert _duplicates(store) == {"ties": 0, "people": 0, "markers": 0}
    pairs = {t.pair: t.strength for t in store.export().ties}
    assert set(pairs) == {t.pair for t in ties}
    assert pairs[last.pair] == 0.4  # the import's copy: written after the open write
