"""The embedded store's details of a search's paths, read by number in two statements
(graph_mtl/stores/sqlite_details.py), against `path_details`, which reads them by id
one part at a time: on random graphs with evidence, employers and channels, for
paths short and long (more ties and people than one `?` each)."""

from __future__ import annotations

import multiprocessing
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Audience,
    Channel,
    ChannelKind,
    Customer,
    CustomerStatus,
    Person,
    Power,
    Role,
    Tie,
    TieEvidence,
)
from graph_mtl.domain.ports import path_parts
from graph_mtl.stores.sqlite_store import SqliteStore

N = 40


def random_bundle(rng: random.Random) -> Bundle:
    customers = [
        Customer(id=f"c{i}", name=f"C {i}", status=rng.choice(list(CustomerStatus)))
        for i in range(5)
    ]
    people = [
        Person(
            id=f"p{i}",
            name=f"P {i}",
            customer_id=rng.choice([None, *(c.id for c in customers)]),
            is_salesperson=i == 0,
        )
        for i in range(N)
    ]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 120:
        a, b = rng.sample(range(N), 2)
        pairs.add((min(a, b), max(a, b)))
    ties = [
        Tie(
            source=f"p{a}",
            target=f"p{b}",
            strength=rng.choice([0.2, 0.5, 0.9, 1.0]),
            last_contact=rng.choice([None, date(2025, 3, 4)]),
            context=rng.choice(["", "school"]),
        )
        for a, b in sorted(pairs)
    ]
    evidence = [
        TieEvidence(source=t.source, target=t.target, origin=origin, contacts=rng.randint(0, 5))
        for t in ties
        for origin in ("LinkedIn", "HubSpot", "Calendar")
        if rng.random() < 0.4
    ]
    channels = [
        Channel(
            id=f"ch{i}",
            name=f"Ch {i}",
            kind=ChannelKind.EXPERT,
            audience=Audience.BOTH,
            person_id=f"p{rng.randrange(N)}",
        )
        for i in range(15)
    ]
    return Bundle(
        people=people, ties=ties, customers=customers, evidence=evidence, channels=channels
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_details_by_number_are_those_read_by_id(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    store = SqliteStore(tmp_path / "store.db")
    store.load(random_bundle(rng))
    compared = with_evidence = with_channels = long_ones = 0
    for _ in range(150):
        source, target = rng.sample([f"p{i}" for i in range(N)], 2)
        k = rng.choice([1, 4])
        found = store.explained_paths(source, target, k=k, max_hops=4)
        if not found.paths:
            continue
        people, pairs = path_parts(found.paths)
        expected = store.path_details(people, pairs)
        assert found.details == expected
        assert repr(found.details) == repr(expected)  # the same types, in the same order
        compared += 1
        with_evidence += bool(expected.evidence)
        with_channels += bool(expected.channels)
        long_ones += len(pairs) > 8
    assert compared > 100 and with_evidence and with_channels and long_ones


def test_a_forgotten_person_is_not_kept_parsed(tmp_path: Path) -> None:
    from graph_mtl.stores import sqlite_parsed

    store = SqliteStore(tmp_path / "graph.db")
    people = [Person(id=i, name=f"Name of {i}") for i in ("a", "b", "c")]
    ties = [Tie(source="a", target="b", strength=0.5), Tie(source="b", target="c", strength=0.5)]
    store.load(Bundle(people=people, ties=ties))
    found = store.explained_paths("a", "c", k=1, max_hops=4)
    assert "b" in found.details.people

    def kept() -> set[str]:
        return {p.id for p in sqlite_parsed.people.values()}

    assert "b" in kept()
    assert store.delete_person("b")
    assert "b" not in kept()
    store.close()


def test_records_read_again_are_kept_parsed_until_edited_or_forgotten(tmp_path: Path) -> None:
    from graph_mtl.stores import sqlite_parsed

    store = SqliteStore(tmp_path / "graph.db")
    role = Role(id="cio", name="CIO", power=Power.DECISION_MAKER)
    account = Customer(id="c", name="C", status=CustomerStatus.TARGET)
    staff = [Person(id=i, name=f"Name of {i}", customer_id="c", roles=("cio",)) for i in "ab"]
    store.load(Bundle(people=staff, customers=[account], roles=[role]))
    assert store.roles() == [role] and store.roles()[0] is store.roles()[0]
    assert store.employees("c") == staff and store.employees("c")[0] is store.employees("c")[0]
    store.load(Bundle(roles=[role.model_copy(update={"name": "Chief"})]))
    assert [r.name for r in store.roles()] == ["Chief"]  # its text changed: parsed anew
    assert {p.id for p in sqlite_parsed.people.values()} == {"a", "b"}
    assert store.delete_person("a")
    assert {p.id for p in sqlite_parsed.people.values()} == set()
    assert [p.id for p in store.employees("c")] == ["b"]
    store.close()


def test_a_forgotten_salesperson_is_not_kept_as_a_team_member(tmp_path: Path) -> None:
    from graph_mtl.stores import sqlite_parsed

    store = SqliteStore(tmp_path / "graph.db")
    people = [Person(id=i, name=f"Name of {i}", is_salesperson=True) for i in ("s1", "s2")]
    store.load(Bundle(people=people))
    assert [m.id for m in store.team()] == ["s1", "s2"]
    assert store.team()[0] is store.team()[0], "built once, kept"
    assert store.set_team_sharing("s2", shared=True)
    assert [m.shared for m in store.team()] == [False, True]  # a new row, a new member

    def kept() -> set[str]:
        return {m.id for m in sqlite_parsed.members.values()}

    assert "s1" in kept()
    assert store.delete_person("s1")
    assert "s1" not in kept()
    assert [m.id for m in store.team()] == ["s2"]
    store.close()


def _kept_after_a_forget_elsewhere(path: str, go: Any, done: Any, answer: Any) -> None:
    from graph_mtl.stores import sqlite_parsed

    store = SqliteStore(Path(path))
    store.explained_paths("a", "c", k=1, max_hops=4)
    answer.put(sorted(p.id for p in sqlite_parsed.people.values()))
    go.wait()  # the other process forgets b
    store.explained_paths("a", "c", k=1, max_hops=4)
    answer.put(sorted(p.id for p in sqlite_parsed.people.values()))
    store.close()
    done.set()


def test_a_person_forgotten_by_another_process_is_not_kept_parsed(tmp_path: Path) -> None:
    """An API worker that read b's record drops it once it sees another worker's forget."""
    spawn = multiprocessing.get_context("spawn")
    path = tmp_path / "graph.db"
    store = SqliteStore(path)
    people = [Person(id=i, name=f"Name of {i}") for i in ("a", "b", "c")]
    ties = [Tie(source="a", target="b", strength=0.5), Tie(source="b", target="c", strength=0.5)]
    store.load(Bundle(people=people, ties=ties))
    go, done, answer = spawn.Event(), spawn.Event(), spawn.Queue()
    reader = spawn.Process(
        target=_kept_after_a_forget_elsewhere, args=(str(path), go, done, answer)
    )
    reader.start()
    assert "b" in answer.get(timeout=60)
    assert store.delete_person("b")
    go.set()
    assert "b" not in answer.get(timeout=60)
    assert done.wait(60)
    reader.join(60)
    assert reader.exitcode == 0
    store.close()
