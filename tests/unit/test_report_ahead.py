"""A report's searches made ahead (graph_mtl/services/report/ahead.py): a tree read
back for many people at once gives each the path `path_to` gives, and the door
openers found from the salesperson's acquaintances (one search each, read
backwards) are those of a committee on its own (one search from each member),
and reach exactly whom a brute force over every simple path says."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Customer,
    CustomerNeed,
    CustomerStatus,
    Need,
    Person,
    Power,
    Role,
    Tie,
)
from graph_mtl.domain.pathfinding import Mode
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.services.committee import committee
from graph_mtl.services.report import build_report
from graph_mtl.stores import array_search
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.unit.test_array_search import as_graph
from tests.unit.test_pathfinding import Edges, graphs

PLAYBOOK = load_playbook(None)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(graphs(), st.integers(0, 5), st.sampled_from(list(Mode)), st.data())
def test_a_tree_read_in_one_batch_is_read_as_one_by_one(
    graph: tuple[list[str], Edges], max_hops: int, mode: Mode, data: st.DataObject
) -> None:
    _, edges = graph
    if not edges:
        return
    index, number = as_graph(edges, overlay_some=data.draw(st.booleans()))
    rows = sorted(number.values())
    source = data.draw(st.sampled_from(rows))
    blocked = set(data.draw(st.lists(st.sampled_from(rows)))) - {source}
    tree = array_search.paths_from(index, source, max_hops=max_hops, mode=mode, blocked=blocked)
    targets = data.draw(st.lists(st.sampled_from([*rows, len(rows) + 5])))
    want = {t: p for t in targets if (p := tree.path_to(t)) is not None}
    assert array_search.tree_paths(tree, targets) == want


@st.composite
def accounts(draw: st.DrawFn) -> Bundle:
    """A salesperson, a few others and two target customers whose employees hold
    roles; ties of strengths that often tie."""
    n = draw(st.integers(min_value=3, max_value=10))
    ids = ["sp"] + [f"x{i}" for i in range(1, n)]
    employer = {
        i: draw(st.sampled_from([None, "acme", "bolt"])) for i in ids[1:] if draw(st.booleans())
    }
    pairs = draw(st.sets(st.sampled_from(list(itertools.combinations(ids, 2))), max_size=3 * n))
    strengths = st.sampled_from([0.1, 0.25, 0.3, 0.5, 0.6, 0.8, 0.9, 1.0])
    return Bundle(
        people=[
            Person(
                id=i,
                name=i,
                is_salesperson=i == "sp",
                customer_id=employer.get(i),
                roles=("cio",) if employer.get(i) else (),
            )
            for i in ids
        ],
        ties=[Tie(source=a, target=b, strength=draw(strengths)) for a, b in sorted(pairs)],
        customers=[
            Customer(id=c, name=c.title(), status=CustomerStatus.TARGET) for c in ("acme", "bolt")
        ],
        needs=[Need(id="erp", name="ERP", can_meet=True)],
        roles=[Role(id="cio", name="CIO", cares_about=("erp",), power=Power.DECISION_MAKER)],
        customer_needs=[CustomerNeed(customer_id=c, need_id="erp") for c in ("acme", "bolt")],
    )


def _opens(bundle: Bundle, opener: str, member: str, max_hops: int) -> bool:
    """Whether some simple path sp → opener → … → member of at most `max_hops` ties exists."""
    adj: dict[str, set[str]] = {}
    for t in bundle.ties:
        adj.setdefault(t.source, set()).add(t.target)
        adj.setdefault(t.target, set()).add(t.source)
    if opener not in adj.get("sp", ()):
        return False

    def walk(node: str, seen: set[str], left: int) -> bool:
        if node == member:
            return True
        return left > 0 and any(
            walk(o, seen | {o}, left - 1) for o in adj.get(node, ()) if o not in seen
        )

    return walk(opener, {"sp", opener}, max_hops - 1)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bundle=accounts(), max_hops=st.integers(1, 4), mode=st.sampled_from(list(Mode)))
def test_door_openers_are_those_of_each_committee(
    bundle: Bundle, max_hops: int, mode: Mode
) -> None:
    store = SqliteStore()
    store.load(bundle)
    report = build_report(store, PLAYBOOK, "sp", max_hops=max_hops, mode=mode)
    for section in report.customers:
        (group,) = section.committees
        alone = committee(
            store, section.customer_id, "sp", need_id="erp", mode=mode, max_hops=max_hops
        )
        assert group.door_openers == alone.door_openers
        assert [m.chain for m in group.members] == [m.path for m in alone.members]
        for opener in group.door_openers:
            for m in group.members:
                if m.chain is None or m.chain.hops == 0:
                    continue
                assert (m.id in opener.reaches) == _opens(bundle, opener.id, m.id, max_hops)
