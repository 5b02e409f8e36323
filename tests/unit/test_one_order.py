"""One order between equally strong paths, whichever search answers: the embedded
store's array search and the domain's search under a tie filter that filters
nothing (`--since 2000-01-01`) give the same paths, tree and k best alike, on
graphs full of equal strengths whose people were imported out of id order."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person, Tie
from graph_mtl.domain.pathfinding import Mode
from graph_mtl.services.tie_rules import with_tie_rules
from graph_mtl.stores.sqlite_store import SqliteStore

SINCE = date(2000, 1, 1)

# The embedded store hands the searches its rows' id order once it builds its
# SocialGraph with `rank=id_rank(...)`; until then its ties go by import row.
# Strict, so that the day it does, these fail until the marks go.


@st.composite
def bundles(draw: st.DrawFn) -> Bundle:
    """Up to 12 people, imported in a shuffled order, with ties of 0.5 and 0.25."""
    n = draw(st.integers(3, 12))
    ids = [f"p{i:02d}" for i in range(n)]
    people = [Person(id=i, name=i.upper()) for i in draw(st.permutations(ids))]
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, min_size=n, max_size=3 * n))
    ties = [
        Tie(
            source=a,
            target=b,
            strength=draw(st.sampled_from([0.5, 0.25])),
            last_contact=date(2024, 5, 1),
        )
        for a, b in chosen
    ]
    return Bundle(people=people, ties=ties)


@settings(max_examples=120, deadline=None)
@given(bundles(), st.sampled_from(list(Mode)), st.integers(2, 5), st.integers(0, 10**6))
def test_a_filter_that_filters_nothing_gives_the_same_paths(
    bundle: Bundle, mode: Mode, max_hops: int, seed: int
) -> None:
    store = SqliteStore()
    store.load(bundle)
    filtered = with_tie_rules(store, inferred=False, since=SINCE, strength=0.1)
    assert filtered is not store
    ids = sorted(p.id for p in bundle.people)
    rng = random.Random(seed)
    for source in rng.sample(ids, 3):
        plain_tree = store.paths_from(source, max_hops=max_hops, mode=mode)
        filtered_tree = filtered.paths_from(source, max_hops=max_hops, mode=mode)
        for target in ids:
            if target == source:
                continue
            plain = store.best_paths(source, target, k=3, max_hops=max_hops, mode=mode)
            assert filtered.best_paths(source, target, k=3, max_hops=max_hops, mode=mode) == plain
            best = plain_tree.path_to(target)
            assert filtered_tree.path_to(target) == best
            assert best == (plain[0] if plain else None)


@pytest.mark.parametrize("mode", list(Mode))
def test_equal_chains_go_to_the_least_ids_on_the_embedded_store(mode: Mode) -> None:
    # z was imported first, so its row comes before a's; ids decide all the same
    people = [Person(id=i, name=i) for i in ["s", "z", "a", "t"]]
    ties = [
        Tie(source=x, target=y, strength=0.5)
        for x, y in [("s", "z"), ("z", "t"), ("s", "a"), ("a", "t")]
    ]
    store = SqliteStore()
    store.load(Bundle(people=people, ties=ties))
    (best,) = store.best_paths("s", "t", k=1, max_hops=3, mode=mode)
    assert best.nodes == ("s", "a", "t")
    assert store.paths_from("s", max_hops=3, mode=mode).path_to("t") == best
