"""Referral-chain reports: the model, its chains against the single-query engine and
brute force, determinism, and the four renderers.

The hand-built graph (strengths on the ties):

    sp ─0.8─ b1 (CIO at beta) ─0.9─ b2 (key user at beta)
    sp ─0.9─ f1 ─0.8─ m1 (CIO at acme)       f1 ─0.5─ g1 (IT at gamma, a potential customer)
    sp ─0.5─ f2 ─0.6─ m3 (buyer at acme)
    sp ─0.6─ p1 (a peer salesperson, channel ch-peer, reaching m2 at 0.9)
    m2 (IT at acme) knows nobody; the event ch-ev reaches acme at 0.7

acme needs erp (valid) and hardware (which we cannot meet); beta needs erp and crm
(valid); gamma has voiced no need. The built-in playbook blends validity 0.6 and
warmth 0.4: beta 0.6 + 0.4 * 0.8 = 0.92 comes before acme 0.6 + 0.4 * 0.72 = 0.888.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Audience,
    Capability,
    CapabilityKind,
    Channel,
    ChannelKind,
    Customer,
    CustomerNeed,
    CustomerStatus,
    Need,
    Person,
    Power,
    Reach,
    Role,
    Tie,
)
from graph_mtl.domain.pathfinding import Mode, NeighbourCache, RawPath, best_path, paths_from
from graph_mtl.domain.playbook import Playbook
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.reports import ReportFormat, format_of, render
from graph_mtl.reports.csv_format import COLUMNS
from graph_mtl.reports.markdown import escape_markdown
from graph_mtl.services.committee import committee, committee_of
from graph_mtl.services.imports import import_bundle
from graph_mtl.services.key_persons import key_persons
from graph_mtl.services.paths import warm_paths
from graph_mtl.services.report import ANY_NEED, Report, build_report
from graph_mtl.services.report import parallel as report_parallel
from graph_mtl.stores.sqlite_store import SqliteStore
from seed.generate import write_bundle

DEMO = Path(__file__).parents[2] / "seed" / "demo"
PLAYBOOK = load_playbook(None)
FULL = {"approved": True, "budget_this_year": True, "budget": 100_000.0, "kpi_related": True}


def _tie(a: str, b: str, strength: float, context: str = "") -> Tie:
    return Tie(source=a, target=b, strength=strength, context=context)


def hand_built() -> Bundle:
    def person(ident: str, customer: str | None = None, *roles: str) -> Person:
        return Person(id=ident, name=ident.upper(), customer_id=customer, roles=roles)

    return Bundle(
        people=[
            Person(id="sp", name="Sam", is_salesperson=True),
            person("f1"),
            person("f2"),
            person("p1"),
            person("m1", "acme", "cio"),
            person("m2", "acme", "it"),
            person("m3", "acme", "buyer"),
            person("m4", "acme"),
            person("b1", "beta", "cio"),
            person("b2", "beta", "user"),
            person("g1", "gamma", "it"),
        ],
        ties=[
            _tie("sp", "b1", 0.8, "university classmates"),
            _tie("b1", "b2", 0.9),
            _tie("sp", "f1", 0.9, "old classmates"),
            _tie("f1", "m1", 0.8, "tennis club"),
            _tie("f1", "g1", 0.5),
            _tie("sp", "f2", 0.5),
            _tie("f2", "m3", 0.6),
            _tie("sp", "p1", 0.6, "peer salesperson"),
        ],
        customers=[
            Customer(id="acme", name="Acme", status=CustomerStatus.TARGET, industry="retail"),
            Customer(id="beta", name="Beta", status=CustomerStatus.TARGET),
            Customer(id="gamma", name="Gamma", status=CustomerStatus.POTENTIAL),
            Customer(id="old", name="Old Co", status=CustomerStatus.EXISTING),
        ],
        needs=[
            Need(id="erp", name="ERP", can_meet=True),
            Need(id="crm", name="CRM", can_meet=True),
            Need(id="hw", name="Hardware", can_meet=False),
        ],
        roles=[
            Role(id="cio", name="CIO", cares_about=("erp", "crm"), power=Power.DECISION_MAKER),
            Role(id="it", name="IT manager", cares_about=("erp",), power=Power.INFLUENCER),
            Role(id="buyer", name="Buyer", cares_about=("erp", "hw"), power=Power.GATEKEEPER),
            Role(id="user", name="Key user", cares_about=("crm",), power=Power.USER),
        ],
        customer_needs=[
            CustomerNeed(customer_id="acme", need_id="erp", **FULL),
            CustomerNeed(customer_id="acme", need_id="hw"),
            CustomerNeed(customer_id="beta", need_id="erp", **FULL),
            CustomerNeed(customer_id="beta", need_id="crm", **FULL),
        ],
        capabilities=[
            Capability(
                id="suite",
                name="Suite",
                kind=CapabilityKind.SOLUTION,
                solves=("erp", "crm"),
                price_min=10_000,
                price_max=1_000_000,
            )
        ],
        channels=[
            Channel(id="ch-ev", name="Expo", kind=ChannelKind.EVENT, audience=Audience.BOTH),
            Channel(
                id="ch-peer",
                name="Peer Pat",
                kind=ChannelKind.PEER_SALESPERSON,
                audience=Audience.TARGET,
                person_id="p1",
            ),
        ],
        reach=[
            Reach(channel_id="ch-ev", target_id="acme", strength=0.7),
            Reach(channel_id="ch-peer", target_id="m2", strength=0.9),
        ],
    )


def _store(bundle: Bundle) -> SqliteStore:
    store = SqliteStore()
    store.load(bundle)
    return store


@pytest.fixture(scope="module")
def hand() -> SqliteStore:
    return _store(hand_built())


@pytest.fixture(scope="module")
def demo() -> SqliteStore:
    store = SqliteStore()
    import_bundle(store, DEMO)
    return store


@pytest.fixture(scope="module")
def demo_playbook() -> Playbook:
    return load_playbook(DEMO / "playbook.toml")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> SqliteStore:
    folder = tmp_path_factory.mktemp("bundle")
    write_bundle(folder, people=3000, seed=5)
    store = SqliteStore()
    import_bundle(store, folder)
    return store


# -- the model on the hand-built graph ---------------------------------------------


def test_targets_by_priority_with_groups_per_need(hand: SqliteStore) -> None:
    report = build_report(hand, PLAYBOOK, "sp")
    assert [s.customer_id for s in report.customers] == ["beta", "acme"]
    beta, acme = report.customers
    assert beta.priority is not None and beta.priority.value == pytest.approx(0.92)
    assert acme.priority is not None and acme.priority.value == pytest.approx(0.888)
    assert [c.name for c in acme.priority.criteria] == ["validity", "warmth"]
    assert [g.need_id for g in beta.committees] == ["crm", "erp"]
    assert [g.need_id for g in acme.committees] == ["erp"]  # hw is outside P1
    assert [u.need_id for u in acme.unmet_needs] == ["hw"]
    (erp,) = acme.committees
    assert [m.id for m in erp.members] == ["m1", "m2", "m3"]  # by power, then id
    m1, m2, m3 = erp.members
    assert m1.chain is not None and m1.chain.nodes == ["sp", "f1", "m1"]
    assert m1.chain.strength == pytest.approx(0.72)
    assert [s.reasons for s in m1.chain.steps] == [["old classmates"], ["tennis club"]]
    assert m2.chain is None and [c.channel_id for c in m2.channels] == ["ch-peer", "ch-ev"]
    assert m2.channels[0].path is not None and m2.channels[0].path.nodes == ["sp", "p1"]
    assert m3.chain is not None and m3.chain.strength == pytest.approx(0.3)
    assert erp.reached == 2 and erp.coverage == pytest.approx(2 / 3)
    assert [(d.id, d.covers) for d in erp.door_openers] == [("f1", ["m1"]), ("f2", ["m3"])]
    assert (m1.door_opener, m2.door_opener, m3.door_opener) == ("f1", None, "f2")
    crm = beta.committees[0]
    assert [(m.id, m.door_opener) for m in crm.members] == [("b1", "b1"), ("b2", "b1")]
    assert crm.door_openers[0].is_member


def test_totals_introducers_and_channels(hand: SqliteStore) -> None:
    report = build_report(hand, PLAYBOOK, "sp")
    t = report.totals
    assert (t.customers, t.committees, t.key_persons, t.people) == (2, 3, 6, 5)
    assert (t.reached, t.gaps, t.gaps_with_channels) == (5, 1, 1)
    assert t.coverage == pytest.approx(5 / 6)
    assert t.door_openers == 3  # b1, f1, f2
    # b1 introduces b2; f1 and f2 one chain each: most chains first, then by id.
    assert [(i.id, i.chains, i.customers) for i in report.introducers] == [
        ("b1", 1, ["beta"]),
        ("f1", 1, ["acme"]),
        ("f2", 1, ["acme"]),
    ]
    # ch-peer reaches m2 in person, ch-ev only their employer.
    assert [(c.id, c.gaps, c.in_person) for c in report.channels] == [
        ("ch-peer", 1, 1),
        ("ch-ev", 1, 0),
    ]


def test_potential_customer_without_needs_gets_a_group_for_any_need(hand: SqliteStore) -> None:
    report = build_report(hand, PLAYBOOK, "sp", status="potential")
    (gamma,) = report.customers
    (group,) = gamma.committees
    assert (group.need_id, group.need_name) == (None, ANY_NEED)
    assert [m.id for m in group.members] == ["g1"]
    assert group.members[0].chain is not None
    assert group.members[0].chain.nodes == ["sp", "f1", "g1"]


def test_named_customers_need_and_existing(hand: SqliteStore) -> None:
    report = build_report(hand, PLAYBOOK, "sp", customers=["acme", "old", "acme"], need_id="erp")
    assert report.options.customers == ["acme", "old"] and report.options.status is None
    acme, old = report.customers
    assert old.priority is None and "existing customer" in old.notes[0]
    assert [g.need_id for g in old.committees] == ["erp"] and old.committees[0].members == []
    assert [g.need_id for g in acme.committees] == ["erp"] and acme.unmet_needs == []


def test_limit_keeps_the_highest_priorities(hand: SqliteStore) -> None:
    report = build_report(hand, PLAYBOOK, "sp", status="all", limit=2)
    assert [s.customer_id for s in report.customers] == ["beta", "acme"]
    assert report.options.limit == 2


def test_shortest_mode_and_hop_limit(hand: SqliteStore) -> None:
    report = build_report(hand, PLAYBOOK, "sp", mode=Mode.SHORTEST, max_hops=1)
    chains = {m.id: m.chain for s in report.customers for g in s.committees for m in g.members}
    assert chains["b1"] is not None and chains["b1"].hops == 1
    assert all(chains[m] is None for m in ("b2", "m1", "m2", "m3"))
    assert "shortest" in report.notes[0]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"source": "nobody"}, NotFound),
        ({"source": "f1"}, InvalidInput),  # not a salesperson
        ({"customers": ["acme", "zzz"]}, NotFound),
        ({"need_id": "zzz"}, NotFound),
        ({"need_id": "hw"}, InvalidInput),  # outside P1
        ({"max_hops": 0}, InvalidInput),
        ({"k": 0}, InvalidInput),
        ({"limit": 0}, InvalidInput),
        ({"workers": 0}, InvalidInput),
        ({"status": "existing"}, InvalidInput),
    ],
)
def test_bad_input(hand: SqliteStore, kwargs: dict[str, Any], error: type[Exception]) -> None:
    source = str(kwargs.pop("source", "sp"))
    with pytest.raises(error):
        build_report(hand, PLAYBOOK, source, **kwargs)


def test_more_chains_when_k_is_above_one(demo: SqliteStore, demo_playbook: Playbook) -> None:
    report = build_report(demo, demo_playbook, "sp-zhang", customers=["c-huaxin"], k=3)
    members = [m for g in report.customers[0].committees for m in g.members if m.chain]
    assert any(m.more_chains for m in members)
    for m in members:
        assert m.chain is not None
        expected = warm_paths(demo, "sp-zhang", m.id, k=3)
        assert len(m.more_chains) == min(2, len(expected) - 1)
        assert [p.nodes for p in m.more_chains] == [
            p.nodes for p in expected if p.nodes != m.chain.nodes
        ][:2]
        strengths = [m.chain.strength] + [p.strength for p in m.more_chains]
        assert strengths == sorted(strengths, reverse=True)


# -- chains are optimal and the groups are the committee's -------------------------


def _check_chains(store: SqliteStore, report: Report) -> int:
    """Every chain is a valid path of the graph and as good as `best_path` finds."""
    o = report.options
    checked = 0
    for section in report.customers:
        for group in section.committees:
            for m in group.members:
                best = best_path(
                    NeighbourCache(store.adjacency),
                    o.source,
                    m.id,
                    max_hops=o.max_hops,
                    mode=o.mode,
                )
                if m.chain is None:
                    assert best is None, m.id
                    continue
                assert best is not None
                chain = m.chain
                ties_of_source = dict(store.adjacency([o.source]).get(o.source, ()))
                assert m.known == (m.id in ties_of_source)
                if m.known:  # their own tie first, whatever a longer chain's product
                    best = RawPath((o.source, m.id), (ties_of_source[m.id],))
                assert chain.nodes[0] == o.source and chain.nodes[-1] == m.id
                assert len(set(chain.nodes)) == len(chain.nodes) == chain.hops + 1
                assert chain.hops <= o.max_hops
                ties = store.ties(list(itertools.pairwise(chain.nodes)))
                assert [s.strength for s in chain.steps] == [
                    ties[tuple(sorted(pair))].strength  # type: ignore[index]
                    for pair in itertools.pairwise(chain.nodes)
                ]
                assert chain.strength == pytest.approx(math.prod(s.strength for s in chain.steps))
                assert chain.strength == pytest.approx(best.strength, rel=1e-9)
                if o.mode is Mode.SHORTEST:
                    assert chain.hops == best.hops
                checked += 1
    return checked


@pytest.mark.slow
@pytest.mark.parametrize("mode", list(Mode))
def test_chains_are_optimal_on_a_generated_bundle(generated: SqliteStore, mode: Mode) -> None:
    salesperson = "s0"
    report = build_report(generated, PLAYBOOK, salesperson, status="all", mode=mode, max_hops=4)
    assert report.totals.customers > 32
    assert _check_chains(generated, report) > 0
    assert report.totals.gaps > 0


def test_chains_match_warm_paths_on_the_demo(demo: SqliteStore, demo_playbook: Playbook) -> None:
    report = build_report(demo, demo_playbook, "sp-zhang", status="all")
    assert _check_chains(demo, report) >= 60
    for section in report.customers:
        for group in section.committees:
            for m in group.members:
                found = warm_paths(demo, "sp-zhang", m.id)
                assert (m.chain is None) == (not found)
                if m.chain is not None:
                    assert m.chain.strength == pytest.approx(found[0].strength, rel=1e-9)


def test_groups_are_the_committee_of_each_need(demo: SqliteStore, demo_playbook: Playbook) -> None:
    report = build_report(demo, demo_playbook, "sp-zhang", status="target")
    for section in report.customers:
        for group in section.committees:
            assert group.need_id is not None
            expected = committee(demo, section.customer_id, "sp-zhang", need_id=group.need_id)
            assert [m.id for m in group.members] == [m.id for m in expected.members]
            assert [m.chain for m in group.members] == [m.path for m in expected.members]
            assert group.door_openers == expected.door_openers
            assert [m.channels for m in group.members if m.chain is None] == [
                g.channels for g in expected.gaps
            ]
            assert group.coverage == expected.coverage


def test_committee_of_accepts_a_shared_search(demo: SqliteStore) -> None:
    tree = paths_from(NeighbourCache(demo.adjacency), "sp-zhang", max_hops=4)
    members = key_persons(demo, "c-huaxin", need_id="n-erp")
    shared = committee_of(
        demo, "c-huaxin", "sp-zhang", members, needs=["n-erp"], need_id="n-erp", tree=tree
    )
    assert shared == committee(demo, "c-huaxin", "sp-zhang", need_id="n-erp")
    other = paths_from(NeighbourCache(demo.adjacency), "huaxin-01", max_hops=4)
    with pytest.raises(InvalidInput, match="tree"):
        committee_of(demo, "c-huaxin", "sp-zhang", members, needs=["n-erp"], tree=other)


@st.composite
def small_graphs(draw: st.DrawFn) -> Bundle:
    """A salesperson, a few others and one target customer whose employees hold roles."""
    n = draw(st.integers(min_value=3, max_value=9))
    ids = ["sp"] + [f"x{i}" for i in range(1, n)]
    at_customer = draw(st.sets(st.sampled_from(ids[1:]), min_size=1))
    pairs = draw(st.sets(st.sampled_from(list(itertools.combinations(ids, 2))), max_size=3 * n))
    strengths = st.sampled_from([0.1, 0.25, 0.3, 0.5, 0.6, 0.8, 0.9, 1.0])
    return Bundle(
        people=[
            Person(
                id=i,
                name=i,
                is_salesperson=i == "sp",
                customer_id="acme" if i in at_customer else None,
                roles=("cio",) if i in at_customer else (),
            )
            for i in ids
        ],
        ties=[_tie(a, b, draw(strengths)) for a, b in sorted(pairs)],
        customers=[Customer(id="acme", name="Acme", status=CustomerStatus.TARGET)],
        needs=[Need(id="erp", name="ERP", can_meet=True)],
        roles=[Role(id="cio", name="CIO", cares_about=("erp",), power=Power.DECISION_MAKER)],
        customer_needs=[CustomerNeed(customer_id="acme", need_id="erp")],
    )


def _brute_force(
    bundle: Bundle, target: str, max_hops: int, mode: Mode
) -> tuple[float, int] | None:
    """The best (strength, hops) over every simple path of at most `max_hops` ties."""
    adj: dict[str, dict[str, float]] = {}
    for t in bundle.ties:
        adj.setdefault(t.source, {})[t.target] = t.strength
        adj.setdefault(t.target, {})[t.source] = t.strength
    found: list[tuple[float, int]] = []

    def walk(node: str, seen: list[str], strength: float) -> None:
        if node == target:
            found.append((strength, len(seen) - 1))
            return
        if len(seen) - 1 == max_hops:
            return
        for other, s in adj.get(node, {}).items():
            if other not in seen:
                walk(other, [*seen, other], strength * s)

    walk("sp", ["sp"], 1.0)
    if not found:
        return None
    if mode is Mode.STRONGEST:
        return max(found, key=lambda f: (f[0], -f[1]))
    return min(found, key=lambda f: (f[1], -f[0]))


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bundle=small_graphs(), max_hops=st.integers(1, 4), mode=st.sampled_from(list(Mode)))
def test_chains_agree_with_brute_force(bundle: Bundle, max_hops: int, mode: Mode) -> None:
    store = _store(bundle)
    report = build_report(store, PLAYBOOK, "sp", max_hops=max_hops, mode=mode)
    (section,) = report.customers
    (group,) = section.committees
    for m in group.members:
        expected = _brute_force(bundle, m.id, max_hops, mode)
        if expected is None:
            assert m.chain is None
            continue
        assert m.chain is not None
        direct = [t.strength for t in bundle.ties if {t.source, t.target} == {"sp", m.id}]
        if direct:  # their own tie first, whatever a longer chain's product
            assert m.known and m.chain.hops == 1 and m.chain.strength == direct[0]
            continue
        assert m.chain.strength == pytest.approx(expected[0], rel=1e-9)
        if mode is Mode.SHORTEST or not math.isclose(m.chain.strength, expected[0]):
            assert m.chain.hops == expected[1]


# -- deterministic, whatever the workers -------------------------------------------


@pytest.mark.slow
def test_same_data_same_report_in_every_format(generated: SqliteStore) -> None:
    first = build_report(generated, PLAYBOOK, "s0", status="all")
    second = build_report(generated, PLAYBOOK, "s0", status="all")
    for fmt in ReportFormat:
        assert render(first, fmt) == render(second, fmt), fmt


@pytest.mark.slow
def test_workers_change_nothing(generated: SqliteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_parallel, "_PARALLEL_FROM", 2)
    seen: list[tuple[int, int]] = []
    alone = build_report(generated, PLAYBOOK, "s0", status="all")
    forked = build_report(
        generated,
        PLAYBOOK,
        "s0",
        status="all",
        workers=2,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert forked == alone
    total = alone.totals.customers
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


# -- the renderers -----------------------------------------------------------------


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_rows_are_exact(hand: SqliteStore) -> None:
    text = render(build_report(hand, PLAYBOOK, "sp"), ReportFormat.CSV)
    lines = text.split("\r\n")
    assert lines[0] == ",".join(COLUMNS) and lines[-1] == ""
    wanted = [
        "customer_id",
        "need_id",
        "member_id",
        "role_id",
        "hops",
        "strength",
        "chain_ids",
        "chain_names",
    ]
    assert set(wanted) <= set(COLUMNS)
    rows = [[row[c] for c in wanted] for row in _csv_rows(text)]
    assert rows == [
        ["beta", "crm", "b1", "cio", "1", "0.8", "sp > b1", "Sam > B1"],
        ["beta", "crm", "b2", "user", "2", "0.72", "sp > b1 > b2", "Sam > B1 > B2"],
        ["beta", "erp", "b1", "cio", "1", "0.8", "sp > b1", "Sam > B1"],
        ["acme", "erp", "m1", "cio", "2", "0.72", "sp > f1 > m1", "Sam > F1 > M1"],
        ["acme", "erp", "m2", "it", "", "", "", ""],
        ["acme", "erp", "m3", "buyer", "2", "0.3", "sp > f2 > m3", "Sam > F2 > M3"],
    ]
    full = _csv_rows(text)
    assert [r["priority"] for r in full] == ["0.92"] * 3 + ["0.888"] * 3
    assert full[4]["channel_ids"] == "ch-peer;ch-ev" and full[4]["door_opener"] == ""
    assert [r["door_opener"] for r in full] == ["b1", "b1", "b1", "f1", "", "f2"]
    assert full[3]["power"] == "decision_maker" and full[3]["role_name"] == "CIO"


def test_all_formats_on_the_demo(demo: SqliteStore, demo_playbook: Playbook) -> None:
    report = build_report(demo, demo_playbook, "sp-zhang", status="all")
    data = json.loads(render(report, ReportFormat.JSON))
    assert Report.model_validate(data) == report
    rows = _csv_rows(render(report, ReportFormat.CSV))
    people = [r for r in rows if r["member_id"]]
    assert len(people) == report.totals.key_persons
    assert len(rows) - len(people) == report.totals.vacant_seats
    gaps = {r["member_id"] for r in people if r["hops"] == ""}
    assert {"huaxin-02", "huaxin-06"} <= gaps
    md = render(report, ReportFormat.MD)
    assert md.startswith("# Referral chains for 张伟 (sp\\-zhang)") or md.startswith(
        "# Referral chains for 张伟 (sp-zhang)"
    )
    assert "华信制造" in md and "## Summary" in md and "**gap**" in md
    page = render(report, ReportFormat.HTML)
    assert page.startswith("<!DOCTYPE html>") and "华信制造" in page
    assert page.count('<article class="customer"') == report.totals.customers
    assert page.count('<ol class="chain"') == report.totals.reached


def test_all_formats_on_a_generated_bundle(generated: SqliteStore) -> None:
    report = build_report(generated, PLAYBOOK, "s0", status="target", k=2)
    for fmt in ReportFormat:
        assert render(report, fmt)
    rows = _csv_rows(render(report, ReportFormat.CSV))
    assert len(rows) == report.totals.key_persons + report.totals.vacant_seats
    assert Report.model_validate_json(render(report, ReportFormat.JSON)) == report


def test_format_of_a_file_name() -> None:
    assert format_of(Path("r.HTML")) is ReportFormat.HTML
    assert format_of(Path("r.md")) is ReportFormat.MD
    assert format_of(Path("r.txt")) is None


def _hostile() -> SqliteStore:
    names = {"m1": "<script>alert(1)</script>", "m3": '=HYPERLINK("x") | *b* & "q"'}
    bundle = hand_built()
    return _store(
        dataclasses.replace(
            bundle,
            people=[p.model_copy(update={"name": names.get(p.id, p.name)}) for p in bundle.people],
            customers=[
                c.model_copy(update={"name": "A&B <i>Co</i>"}) if c.id == "acme" else c
                for c in bundle.customers
            ],
        )
    )


@pytest.mark.parametrize(
    "start", ["=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20"]
)
def test_every_formula_start_is_neutralised_in_csv(start: str) -> None:
    """OWASP's CSV injection list, full-width forms and line breaks included: the
    cell gets a leading apostrophe and keeps the rest as it was."""
    bundle = hand_built()
    name = f"{start}cmd|' /C calc'!A0"
    people = [p.model_copy(update={"name": name}) if p.id == "m3" else p for p in bundle.people]
    report = build_report(_store(dataclasses.replace(bundle, people=people)), PLAYBOOK, "sp")
    rows = {r["member_id"]: r for r in _csv_rows(render(report, ReportFormat.CSV))}
    assert rows["m3"]["member_name"] == "'" + name
    assert rows["m1"]["member_name"][0] != "'"


def test_html_is_self_contained_and_escaped() -> None:
    page = render(build_report(_hostile(), PLAYBOOK, "sp"), ReportFormat.HTML)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "A&amp;B &lt;i&gt;Co&lt;/i&gt;" in page and "<i>" not in page
    assert not re.search(
        r"""\b(?:src|href|action|srcset|poster|data)\s*=\s*(?!["']?#)""", page, re.I
    )
    assert re.search(r'href="#a1"', page)  # the table of contents links within the page
    assert not re.search(r"@import|url\(|https?://|//[a-z0-9.-]+\.[a-z]", page, re.I)
    assert not re.search(r"<(?:link|img|iframe|object|embed|script|base)\b", page, re.I)


def test_markdown_and_csv_escape() -> None:
    report = build_report(_hostile(), PLAYBOOK, "sp")
    md = render(report, ReportFormat.MD)
    assert "<script>" not in md and "\\<script\\>" in md
    assert escape_markdown("a|b\nc") == "a\\|b c"
    (row,) = [line for line in md.splitlines() if line.startswith("| =HYPERLINK")]
    assert row.count(" | ") == 3  # the name's pipe did not add a column
    rows = {r["member_id"]: r for r in _csv_rows(render(report, ReportFormat.CSV))}
    assert rows["m1"]["member_name"] == "<script>alert(1)</script>"
    # A cell a spreadsheet would run as a formula is guarded; others are as they are.
    assert rows["m3"]["member_name"] == '\'=HYPERLINK("x") | *b* & "q"'
    assert rows["m3"]["chain_names"] == 'Sam > F2 > =HYPERLINK("x") | *b* & "q"'
