"""What every GraphStore promises, run against each store."""

from __future__ import annotations

from datetime import date

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    CustomerStatus,
    Employment,
    Person,
    Reach,
    Salesperson,
    Tie,
    TieEvidence,
)
from graph_mtl.domain.names import company_key
from graph_mtl.domain.ports import GraphStore


def test_empty_store_holds_nothing(store: GraphStore) -> None:
    assert all(n == 0 for n in store.export().counts().values())
    assert store.people(["nobody"]) == {}
    assert store.adjacency(["nobody"]) == {}
    assert store.customer("nobody") is None
    store.ping()


def test_export_returns_what_was_loaded(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    assert store.export().canonical() == sample_bundle.canonical()


def test_loading_twice_changes_nothing(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    first = store.export().canonical()
    store.load(sample_bundle)
    assert store.export().canonical() == first


def test_load_replaces_items_with_the_same_key(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    moved = Person(id="a3", name="Cy", customer_id="oldco", title="new job")
    weaker = Tie(source="a3", target="o1", strength=0.2, context="drifted apart")
    store.load(Bundle(people=[moved], ties=[weaker]))
    assert store.people(["a3"])["a3"] == moved
    assert [p.id for p in store.employees("acme")] == ["a1", "a2"]
    assert [p.id for p in store.employees("oldco")] == ["a3", "o1"]
    assert store.ties([("o1", "a3")]) == {("a3", "o1"): weaker}
    assert len(store.export().ties) == len(sample_bundle.ties)


def test_salespeople_read_back_as_salespeople(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    people = store.people(["sp", "a1", "missing"])
    assert set(people) == {"sp", "a1"}
    assert isinstance(people["sp"], Salesperson)
    assert not isinstance(people["a1"], Salesperson)
    assert people["a1"].name == "Ann"


def test_names_keep_every_character(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    people = store.people(["sp", "peer", "a2"])
    assert people["sp"].name == "张伟"
    assert people["peer"].name == 'Peer, "Pat"; seller'
    assert people["a2"].name == "Bo\nLine"
    assert store.customer("oldco") is not None


def test_existing_answers_per_kind(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    assert store.existing("person", ["sp", "acme", "x"]) == {"sp"}
    assert store.existing("customer", ["sp", "acme", "oldco"]) == {"acme", "oldco"}
    assert store.existing("need", ["erp", "hw", "cio"]) == {"erp", "hw"}
    assert store.existing("role", ["cio", "erp"]) == {"cio"}
    assert store.existing("capability", ["suite"]) == {"suite"}
    assert store.existing("channel", ["zhihu", "ch-peer", "peer"]) == {"zhihu", "ch-peer"}


def test_customers_filter_by_status_in_id_order(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    assert [c.id for c in store.customers()] == ["acme", "oldco"]
    assert [c.id for c in store.customers(status=CustomerStatus.TARGET)] == ["acme"]
    assert store.customers(status=CustomerStatus.POTENTIAL) == []


def test_customers_filter_by_ids(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    found = store.customers(ids=["oldco", "ghost", "acme", "oldco"])
    assert found == sorted(sample_bundle.customers, key=lambda c: c.id)
    assert [c.id for c in store.customers(ids={"oldco", "sp"})] == ["oldco"]
    assert [
        c.id for c in store.customers(ids=["acme", "oldco"], status=CustomerStatus.EXISTING)
    ] == ["oldco"]
    assert store.customers(ids=[]) == []
    assert store.customers(ids=["ghost"]) == []


def test_channels_filter_by_person(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    [peer] = [c for c in sample_bundle.channels if c.person_id == "peer"]
    assert store.channels(person_ids=["peer", "sp", "peer", "ghost"]) == [peer]
    assert store.channels(person_ids={"sp", "a1"}) == []
    assert store.channels(person_ids=[]) == []
    assert len(store.channels()) == len(sample_bundle.channels)


def test_channels_filter_by_id(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    every = sorted(sample_bundle.channels, key=lambda c: c.id)
    first = every[0]
    assert store.channels(ids=[c.id for c in reversed(every)] + ["ghost", first.id]) == every
    assert store.channels(ids={first.id, "ghost"}) == [first]
    assert store.channels(ids=[]) == []
    assert store.channels(ids=["ghost"]) == []
    [peer] = [c for c in every if c.person_id == "peer"]
    assert store.channels(ids=[c.id for c in every], person_ids=["peer"]) == [peer]
    others = [c.id for c in every if c.person_id != "peer"]
    assert store.channels(ids=others, person_ids=["peer"]) == []


def test_adjacency_is_symmetric(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    adjacency = store.adjacency(["sp", "a1", "ghost"])
    assert sorted(adjacency["sp"]) == [("a2", 0.3), ("o1", 0.8), ("peer", 0.9)]
    assert sorted(adjacency["a1"]) == [("a2", 1.0), ("peer", 0.6)]
    assert "ghost" not in adjacency
    for tie in sample_bundle.ties:
        both = store.adjacency([tie.source, tie.target])
        assert (tie.target, tie.strength) in both[tie.source]
        assert (tie.source, tie.strength) in both[tie.target]


def test_ties_are_keyed_by_sorted_pair(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    found = store.ties([("peer", "a1"), ("a1", "peer"), ("sp", "a1")])
    assert list(found) == [("a1", "peer")]
    tie = found[("a1", "peer")]
    assert (tie.strength, tie.last_contact, tie.context) == (0.6, date(2026, 3, 1), "")


def test_catalogue_reads(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    assert store.needs() == sorted(sample_bundle.needs, key=lambda n: n.id)
    assert store.roles() == sorted(sample_bundle.roles, key=lambda r: r.id)
    assert store.capabilities() == sample_bundle.capabilities
    assert store.channels() == sorted(sample_bundle.channels, key=lambda c: c.id)
    assert store.opportunities() == sample_bundle.opportunities


def test_customer_needs_and_reach_filters(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    assert store.customer_needs(customer_id="acme") == sample_bundle.customer_needs
    assert store.customer_needs(customer_id="oldco") == []
    assert store.reach(target_ids=["a3"]) == [
        Reach(channel_id="ch-peer", target_id="a3", strength=0.7)
    ]
    assert len(store.reach()) == 2


def test_delete_person_removes_their_ties_and_reach(
    store: GraphStore, sample_bundle: Bundle
) -> None:
    store.load(sample_bundle)
    assert store.delete_person("a3") is True
    assert store.delete_person("a3") is False
    assert store.people(["a3"]) == {}
    assert ("a3", 0.5) not in store.adjacency(["o1"])["o1"]
    assert store.reach(target_ids=["a3"]) == []
    assert [p.id for p in store.employees("acme")] == ["a1", "a2"]
    left = store.export()
    assert all("a3" not in (t.source, t.target) for t in left.ties)
    assert len(left.ties) == len(sample_bundle.ties) - 1


def test_employees_of_many_customers_in_one_read(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    found = store.employees_of(["oldco", "acme", "ghost"])
    assert found == {c: store.employees(c) for c in ("oldco", "acme", "ghost")}
    assert [p.id for p in found["acme"]] == ["a1", "a2", "a3"] and found["ghost"] == []
    assert store.employees_of([]) == {}
    holding = store.employees_of(["oldco", "acme", "ghost"], with_roles=True)
    assert holding == {c: [p for p in found[c] if p.roles] for c in found}
    assert any(p.roles for ps in holding.values() for p in ps)
    assert any(not p.roles for ps in found.values() for p in ps)


def test_evidence_is_read_by_pair_in_either_order(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    found = store.evidence([("sp", "o1"), ("a1", "a2"), ("nobody", "sp")])
    assert list(found) == [("o1", "sp")]
    assert [e.origin for e in found[("o1", "sp")]] == ["HubSpot: the contact's owner", "LinkedIn"]
    assert found[("o1", "sp")][1].contacts == 4 and found[("o1", "sp")][1].pair == ("o1", "sp")
    assert store.evidence([]) == {}


def test_evidence_keeps_its_direction_and_meetings(
    store: GraphStore, sample_bundle: Bundle
) -> None:
    store.load(sample_bundle)
    day = date(2026, 11, 20)
    # From the higher id of the pair and from the lower: sent and received stay whose they are.
    mail = TieEvidence(
        source="sp", target="a1", origin="Mail (sp)", sent=7, received=2, last_contact=day
    )
    diary = TieEvidence(
        source="o1", target="sp", origin="Calendar (sp)", meetings=3, contacts=1, received=4
    )
    store.load(Bundle(evidence=[mail, diary]))
    found = store.evidence([("a1", "sp"), ("sp", "o1")])
    assert found[("a1", "sp")] == [mail]
    assert found[("o1", "sp")][0] == diary
    exported = store.export().evidence
    assert mail in exported and diary in exported
    store.load(Bundle(evidence=[mail.model_copy(update={"received": 3})]))
    assert store.evidence([("a1", "sp")])[("a1", "sp")][0].received == 3


def test_employments_filter_by_person_ref_company_and_date(
    store: GraphStore, sample_bundle: Bundle
) -> None:
    store.load(sample_bundle)
    everything = store.employments()
    assert [(e.company, e.until) for e in everything] == [
        ("Acme Ltd.", date(2026, 6, 1)),
        ("老客户有限公司", None),
    ]
    assert store.employments(person_ids=["o1"]) == everything
    assert store.employments(person_ids=["a1"]) == [] == store.employments(person_ids=[])
    assert store.employments(refs=["li-olga"]) == everything
    assert [e.company for e in store.employments(company_keys=["老客户"])] == ["老客户有限公司"]
    assert [e.company for e in store.employments(company_keys=["acme"])] == ["Acme Ltd."]
    assert len(store.employments(changed_since=date(2026, 6, 1))) == 2  # one left, one joined
    assert store.employments(changed_since=date(2026, 6, 2)) == []
    assert store.employments(refs=["li-olga"], company_keys=["acme"]) == everything[:1]
    # Traditional characters fold to simplified in a company's key: one company.
    assert [e.company for e in store.employments(company_keys=[company_key("老客戶")])] == [
        "老客户有限公司"
    ]


def test_a_company_written_in_traditional_characters_is_the_simplified_one(
    store: GraphStore, sample_bundle: Bundle
) -> None:
    store.load(sample_bundle)
    job = Employment(
        person_id="o1", origin="HubSpot", company="華信製造股份有限公司", since=date(2025, 1, 1)
    )
    store.load(Bundle(employments=[job]))
    for written in ("华信制造", "華信製造", "华信制造有限公司"):
        assert store.employments(company_keys=[company_key(written)]) == [job]


def test_people_are_found_by_email_in_any_case(store: GraphStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    store.load(Bundle(people=[Person(id="z2", name="Zed", email="Zhang@Example.com")]))
    assert store.people_by_email(["ZHANG@example.com", "nobody@example.com"]) == {
        "zhang@example.com": ["sp", "z2"]
    }
    assert store.people_by_email([]) == {}


def test_forgetting_a_person_forgets_their_evidence_and_employments(
    store: GraphStore, sample_bundle: Bundle
) -> None:
    store.load(sample_bundle)
    assert store.delete_person("o1")
    assert store.evidence([("sp", "o1")]) == {}
    assert store.employments() == []
    assert store.export().evidence == [] and store.export().employments == []
