"""Paths with inferred colleague ties and with fresh ties only, checked against
brute force (every simple path, by networkx) on random graphs."""

from __future__ import annotations

import math
from datetime import date

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Customer, CustomerStatus, Person, Tie
from graph_mtl.errors import InvalidInput
from graph_mtl.services.paths import explain
from graph_mtl.services.tie_rules import TieRules, recent_since
from graph_mtl.stores.sqlite_store import SqliteStore

TODAY = date(2026, 12, 2)
INFERRED = 0.1
DAYS = [None, date(2025, 1, 1), date(2026, 6, 1), date(2026, 11, 30)]


@st.composite
def bundles(draw: st.DrawFn) -> Bundle:
    n = draw(st.integers(2, 8))
    people = [Person(id="sp", name="Sam", is_salesperson=True)] + [
        Person(id=f"p{i}", name=f"P{i}", customer_id=draw(st.sampled_from([None, "c1", "c2"])))
        for i in range(1, n)
    ]
    ids = [p.id for p in people]
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    ties = [
        Tie(
            source=a,
            target=b,
            strength=draw(st.sampled_from([0.2, 0.5, 0.9])),
            last_contact=draw(st.sampled_from(DAYS)),
        )
        for a, b in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    ]
    customers = [Customer(id=c, name=c.upper(), status=CustomerStatus.TARGET) for c in ("c1", "c2")]
    return Bundle(people=people, ties=ties, customers=customers)


def _expected(bundle: Bundle, *, inferred: bool, since: date | None) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(p.id for p in bundle.people)
    for t in bundle.ties:
        if since is None or (t.last_contact is not None and t.last_contact >= since):
            graph.add_edge(t.source, t.target, strength=t.strength)
    if inferred:
        staff = [p for p in bundle.people if p.customer_id]
        for a in staff:
            for b in staff:
                same = a.customer_id == b.customer_id
                if a.id < b.id and same and not graph.has_edge(a.id, b.id):
                    graph.add_edge(a.id, b.id, strength=INFERRED)
    return graph


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(bundles(), st.booleans(), st.sampled_from(DAYS), st.integers(1, 4), st.data())
def test_the_best_path_is_the_best_of_every_path_brute_force(
    bundle: Bundle, inferred: bool, since: date | None, max_hops: int, data: st.DataObject
) -> None:
    store = SqliteStore()
    store.load(bundle)
    view = TieRules(store, inferred=inferred, since=since, strength=INFERRED)
    target = data.draw(st.sampled_from([p.id for p in bundle.people[1:]]))
    graph = _expected(bundle, inferred=inferred, since=since)
    paths = list(nx.all_simple_paths(graph, "sp", target, cutoff=max_hops))
    found = view.best_paths("sp", target, k=1, max_hops=max_hops)
    assert bool(found) == bool(paths)
    if not paths:
        return
    best = max(math.prod(graph[a][b]["strength"] for a, b in nx.utils.pairwise(p)) for p in paths)
    assert math.isclose(found[0].strength, best, rel_tol=1e-9)
    recorded = {
        t.pair
        for t in bundle.ties
        if _expected(bundle, inferred=False, since=since).has_edge(*t.pair)
    }
    (path,) = explain(view, found, today=TODAY)
    for step in path.steps:
        pair = tuple(sorted((step.source, step.target)))
        assert step.reasons[0].startswith("inferred: both work at C") == (pair not in recorded)


def test_a_job_change_ends_inferred_colleague_ties() -> None:
    store = SqliteStore()
    staff = [Person(id=p, name=p, customer_id="c1") for p in ("kim", "bo")]
    store.load(
        Bundle(
            people=[Person(id="sp", name="Sam", is_salesperson=True), *staff],
            ties=[Tie(source="sp", target="kim", strength=0.9)],
            customers=[Customer(id="c1", name="Acme", status=CustomerStatus.TARGET)],
        )
    )
    view = TieRules(store, inferred=True, since=None, strength=INFERRED)
    assert [p.nodes for p in view.best_paths("sp", "bo", k=1, max_hops=3)] == [("sp", "kim", "bo")]
    assert store.best_paths("sp", "bo", k=1, max_hops=3) == []  # off by default
    store.load(Bundle(people=[staff[0].model_copy(update={"customer_id": None})]))
    assert view.best_paths("sp", "bo", k=1, max_hops=3) == []


def test_recent_spans_read_as_days_before_today() -> None:
    assert recent_since(since=None, recent="6m", today=TODAY) == date(2026, 6, 5)
    assert recent_since(since=None, recent=" 2W ", today=TODAY) == date(2026, 11, 18)
    assert recent_since(since=date(2026, 1, 1), recent=None, today=TODAY) == date(2026, 1, 1)
    assert recent_since(since=None, recent=None, today=TODAY) is None
    with pytest.raises(InvalidInput, match="not a span"):
        recent_since(since=None, recent="soon", today=TODAY)
    with pytest.raises(InvalidInput, match="not both"):
        recent_since(since=TODAY, recent="1y", today=TODAY)
