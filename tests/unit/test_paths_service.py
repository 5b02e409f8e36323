"""The warm-paths service: validation, exclusions and the reasons on every hop."""

from __future__ import annotations

from typing import Any

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.pathfinding import RawPath
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.services.key_persons import key_persons
from graph_mtl.services.paths import Mode, explain, warm_paths
from graph_mtl.stores import sqlite_paths
from graph_mtl.stores.sqlite_records import IdMap
from graph_mtl.stores.sqlite_store import SqliteStore


@pytest.fixture
def store(sample_bundle: Bundle) -> SqliteStore:
    graph = SqliteStore()
    graph.load(sample_bundle)
    return graph


def test_strongest_and_shortest_differ_where_they_should(store: SqliteStore) -> None:
    # sp-a2 directly is weak (0.3); sp-peer-a1-a2 is 0.9 * 0.6 * 1.0 = 0.54.
    [strongest] = warm_paths(store, "sp", "a2")
    assert strongest.nodes == ["sp", "peer", "a1", "a2"]
    assert strongest.strength == pytest.approx(0.54)
    [shortest] = warm_paths(store, "sp", "a2", mode=Mode.SHORTEST)
    assert shortest.nodes == ["sp", "a2"] and shortest.hops == 1


def test_k_paths_are_distinct_and_best_first(store: SqliteStore) -> None:
    found = warm_paths(store, "sp", "a1", k=5)
    assert [p.nodes for p in found] == [["sp", "peer", "a1"], ["sp", "a2", "a1"]]
    assert found[0].strength >= found[1].strength


def test_every_hop_says_why(store: SqliteStore) -> None:
    [path] = warm_paths(store, "sp", "a2")
    first, second, third = path.steps
    assert first.reasons[0] == "same sales club"
    assert any("channel: Pat (peer salesperson)" in r for r in first.reasons)
    assert second.last_contact is not None
    assert third.reasons == ["colleagues", "both work at Acme, Inc."]
    [via_old] = warm_paths(store, "sp", "a3")
    assert any("an old customer" in r for r in via_old.steps[0].reasons)
    assert via_old.names == ["张伟", "Olga", "Cy"]


def test_exclusions_reroute_or_empty_the_answer(store: SqliteStore) -> None:
    assert [p.nodes for p in warm_paths(store, "sp", "a1", exclude=["peer"])] == [
        ["sp", "a2", "a1"]
    ]
    assert warm_paths(store, "sp", "a3", exclude=["oldco"]) == []
    assert warm_paths(store, "sp", "a3", max_hops=1) == []


def test_bad_requests_are_named(store: SqliteStore) -> None:
    with pytest.raises(NotFound, match="unknown person 'ghost'"):
        warm_paths(store, "sp", "ghost")
    with pytest.raises(NotFound, match="'nowhere'"):
        warm_paths(store, "sp", "a1", exclude=["nowhere"])
    with pytest.raises(InvalidInput, match="exclude"):
        warm_paths(store, "sp", "a1", exclude=["acme"])
    with pytest.raises(InvalidInput, match="max_hops"):
        warm_paths(store, "sp", "a1", max_hops=0)
    with pytest.raises(InvalidInput, match="k: "):
        warm_paths(store, "sp", "a1", k=0)


def test_key_persons_hold_a_role_caring_about_the_need(store: SqliteStore) -> None:
    group = key_persons(store, "acme")
    assert [(m.id, m.role, m.power) for m in group] == [
        ("a1", "cio", "decision_maker"),
        ("a2", "it", "influencer"),
    ]
    hardware = key_persons(store, "acme", need_id="hw")
    assert [(m.id, m.role) for m in hardware] == [("a1", "cio"), ("a2", "buyer")]
    with pytest.raises(NotFound):
        key_persons(store, "acme", need_id="nope")


class _Recording(SqliteStore):
    """A SqliteStore that notes every read: method name and keyword arguments."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __getattribute__(self, name: str) -> Any:
        found = super().__getattribute__(name)
        if name.startswith("_") or not callable(found):
            return found

        def recorded(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, kwargs))
            return found(*args, **kwargs)

        return recorded


@pytest.fixture
def recording(sample_bundle: Bundle) -> _Recording:
    graph = _Recording()
    graph.load(sample_bundle)
    graph.calls.clear()
    return graph


def test_explain_without_paths_reads_nothing(recording: _Recording) -> None:
    assert explain(recording, []) == []
    assert recording.calls == []


def test_explain_reads_only_the_people_on_the_paths_in_one_batch(recording: _Recording) -> None:
    path = RawPath(nodes=("sp", "peer", "a1", "a2"), strengths=(0.9, 0.6, 1.0))
    [explained] = explain(recording, [path])
    assert [name for name, _ in recording.calls] == ["path_details"]
    details = recording.path_details(path.nodes, [("sp", "peer"), ("peer", "a1"), ("a1", "a2")])
    assert set(details.people) == set(path.nodes)
    assert set(details.customers) == {"acme"}
    assert [c.person_id for c in details.channels] == ["peer"]
    assert any("channel: Pat (peer salesperson)" in r for r in explained.steps[0].reasons)
    assert explained.steps[2].reasons == ["colleagues", "both work at Acme, Inc."]


def test_a_path_through_someone_forgotten_since_it_was_found_is_left_out(
    store: SqliteStore,
) -> None:
    [found] = store.best_paths("sp", "a2", k=1, max_hops=4)
    graph = store.graph()  # the index as the search read it
    middle = found.nodes[1]
    assert store.delete_person(middle)
    assert explain(store, [found]) == []  # the explanation reads after the forget
    # The search over the index read before the forget, its ids looked up after it.
    stale = sqlite_paths.best_paths(
        graph,
        IdMap(store._database),
        "sp",
        "a2",
        k=3,
        max_hops=4,
        mode=Mode.STRONGEST,
        blocked=(),
    )
    assert stale and all(middle not in p.nodes for p in stale)
