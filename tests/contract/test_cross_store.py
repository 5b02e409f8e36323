"""Both stores give the same answers on generated bundles: the very paths (the
same chain among equally strong ones) on hundreds of random pairs, and the
domain's search over the embedded store's ties (as under a tie filter) gives
them too; and identical key-person groups.
People are imported in a shuffled order, so the embedded store's rows are not
in id order and its ties must still go by ids."""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_mtl.domain.pathfinding import k_best_paths
from graph_mtl.domain.ports import GraphStore
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.services.key_persons import key_persons
from graph_mtl.services.paths import Mode, warm_paths
from graph_mtl.stores.sqlite_store import SqliteStore
from seed.generate import write_bundle
from tests.neo4j_server import clear_test_store, fresh_neo4j_store

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def neo4j_store() -> Iterator[GraphStore]:
    yield from fresh_neo4j_store()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_both_stores_give_the_same_answers(
    neo4j_store: GraphStore, tmp_path: Path, seed: int
) -> None:
    write_bundle(tmp_path, people=400, seed=seed)
    bundle = read_bundle(tmp_path)
    people = list(bundle.people)
    random.Random(seed).shuffle(people)
    bundle = dataclasses.replace(bundle, people=people)
    embedded = SqliteStore()
    embedded.load(bundle)
    clear_test_store(neo4j_store)
    neo4j_store.load(bundle)
    assert neo4j_store.export().canonical() == embedded.export().canonical()

    rng = random.Random(seed)
    ids = sorted(p.id for p in bundle.people)
    compared = 0
    for _ in range(70):
        source, target = rng.sample(ids, 2)
        mode = rng.choice(list(Mode))
        k = rng.choice([1, 1, 2, 3])
        max_hops = rng.randint(2, 5)
        ours = warm_paths(embedded, source, target, mode=mode, max_hops=max_hops, k=k)
        theirs = warm_paths(neo4j_store, source, target, mode=mode, max_hops=max_hops, k=k)
        assert [p.nodes for p in ours] == [p.nodes for p in theirs]
        for a, b in zip(ours, theirs, strict=True):
            assert math.isclose(a.strength, b.strength, rel_tol=1e-9)
        # the array search and the domain's over the embedded store's own ties
        domain = k_best_paths(embedded.adjacency, source, target, k=k, max_hops=max_hops, mode=mode)
        assert [list(p.nodes) for p in domain] == [p.nodes for p in ours]
        compared += bool(ours)
    assert compared > 10, "the random pairs should mostly be connected"

    for customer in bundle.customers:
        assert key_persons(embedded, customer.id) == key_persons(neo4j_store, customer.id)
