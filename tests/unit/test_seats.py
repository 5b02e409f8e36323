"""The whole committee: the playbook's seats per need, the seats nobody at the account
is known to hold, and the coverage by required seats, checked against a plain
computation over the demo bundle (networkx for who is within reach)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graph_mtl.domain.playbook import CommitteeSeats
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.services.committee import committee
from graph_mtl.services.seats import seats_of
from graph_mtl.stores.sqlite_store import SqliteStore

DEMO = Path("seed/demo")
PLAYBOOK = load_playbook(DEMO / "playbook.toml")
BUNDLE = read_bundle(DEMO)


@pytest.fixture(scope="module")
def store() -> SqliteStore:
    graph = SqliteStore()
    graph.load(BUNDLE)
    return graph


def test_seats_of_several_needs_merge_required_first_and_heaviest() -> None:
    committees = {
        "a": CommitteeSeats(required={"cfo": 2}, optional={"cio": 1}),
        "b": CommitteeSeats(required={"cio": 3}, optional={"cfo": 5, "user": 1}),
    }
    found = {s.role: s for s in seats_of(committees, ["a", "b", "unknown"])}
    assert (found["cio"].required, found["cio"].weight, found["cio"].needs) == (True, 3, ["a", "b"])
    assert (found["cfo"].required, found["cfo"].weight) == (True, 5)
    assert (found["user"].required, found["user"].needs) == (False, ["b"])
    assert [s.role for s in seats_of(committees, ["a", "b"])] == ["cfo", "cio", "user"]


def test_a_role_cannot_be_both_required_and_optional() -> None:
    with pytest.raises(ValueError, match="either required or optional"):
        CommitteeSeats(required={"cfo": 1}, optional={"cfo": 1})


def _pairs() -> list[tuple[str, str]]:
    return [(cn.customer_id, cn.need_id) for cn in BUNDLE.customer_needs]


@pytest.mark.parametrize(("customer", "need"), _pairs())
@pytest.mark.parametrize("max_hops", [1, 3])
def test_vacant_seats_and_seat_coverage_match_a_plain_count(
    store: SqliteStore, customer: str, need: str, max_hops: int
) -> None:
    group = committee(
        store, customer, "sp-zhang", need_id=need, max_hops=max_hops, seats=PLAYBOOK.committees
    )
    declared = PLAYBOOK.committees.get(need, CommitteeSeats())
    graph = nx.Graph()
    graph.add_edges_from((t.source, t.target) for t in BUNDLE.ties)
    near = (
        nx.single_source_shortest_path_length(graph, "sp-zhang", cutoff=max_hops)
        if "sp-zhang" in graph
        else {}
    )
    staff = [p for p in BUNDLE.people if p.customer_id == customer]
    held = {r for p in staff for r in p.roles}
    reached = {r for p in staff if p.id in near for r in p.roles}
    wanted = {**declared.required, **declared.optional}
    assert {m.role for m in group.vacant_seats} == set(wanted) - held
    assert all(
        m.text.startswith("no known ") and m.text.endswith(group.customer_name)
        for m in group.vacant_seats
    )
    if not declared.required:
        assert group.seat_coverage is None
        return
    total = sum(declared.required.values())
    covered = sum(w for r, w in declared.required.items() if r in reached)
    assert group.seat_coverage == pytest.approx(covered / total)
    assert group.required_seats == len(declared.required)
    assert group.required_seats_covered == sum(1 for r in declared.required if r in reached)
    if group.vacant_seats:
        reach = {r.channel_id for r in BUNDLE.reach if r.target_id == customer}
        assert {c.channel_id for c in group.company_channels} == reach


def test_without_a_declared_committee_nothing_changes(store: SqliteStore) -> None:
    plain = committee(store, "c-huaxin", "sp-zhang", need_id="n-erp")
    assert plain.seats == [] and plain.vacant_seats == [] and plain.seat_coverage is None
    seated = committee(store, "c-huaxin", "sp-zhang", need_id="n-erp", seats=PLAYBOOK.committees)
    assert seated.members == plain.members and seated.door_openers == plain.door_openers
