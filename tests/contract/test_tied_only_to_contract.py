"""`tied_only_to` on every store: the answer `adjacency` gives, on random graphs."""

from __future__ import annotations

import random

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person, Tie
from graph_mtl.domain.ports import GraphStore


def _random_bundle(rng: random.Random, size: int) -> Bundle:
    people = [Person(id=f"q{i}", name=f"Q {i}") for i in range(size)]
    pairs = {tuple(sorted(rng.sample(range(size), 2))) for _ in range(size)}
    ties = [Tie(source=f"q{a}", target=f"q{b}", strength=0.5) for a, b in sorted(pairs)]
    return Bundle(people=people, ties=ties)


def test_tied_only_to_is_what_adjacency_says(store: GraphStore) -> None:
    rng = random.Random(3)
    bundle = _random_bundle(rng, 14)
    store.load(bundle)
    everyone = [p.id for p in bundle.people]
    seen_true = seen_false = 0
    for _ in range(40):
        asked = [*rng.sample(everyone, rng.randint(0, 8)), "ghost"]
        others = set(rng.sample(everyone, rng.randint(0, 10)))
        adjacency = store.adjacency(asked)
        expected = {p for p, near in adjacency.items() if near and {o for o, _ in near} <= others}
        found = store.tied_only_to(asked, others)
        assert found == expected
        seen_true += len(found)
        seen_false += len(set(asked) - found)
    assert seen_true and seen_false  # both answers were checked


def test_someone_without_ties_is_tied_only_to_nobody(store: GraphStore) -> None:
    store.load(
        Bundle(
            people=[Person(id="a", name="A"), Person(id="b", name="B"), Person(id="c", name="C")],
            ties=[Tie(source="a", target="b", strength=0.4)],
        )
    )
    assert store.tied_only_to(["a", "b", "c"], {"a", "b", "c"}) == {"a", "b"}
    assert store.tied_only_to(["a", "b", "c"], {"b"}) == {"a"}
    assert store.tied_only_to([], {"a"}) == set()
