"""Finding by name on every store: what the store finds, how it is ranked, and
names standing for ids."""

from __future__ import annotations

import random

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Audience,
    Channel,
    ChannelKind,
    Customer,
    CustomerStatus,
    Person,
)
from graph_mtl.domain.names import spellings
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.services.search import find, resolve

PEOPLE = [
    Person(id="p-1", name="陈国栋", customer_id="c-hx", title="总经理 CEO"),
    Person(id="p-2", name="Kim Lee", customer_id="c-nw", title="CFO", email="kim@nw.example"),
    Person(id="p-3", name="Kim Lee", title="Consultant"),
    Person(id="p-4", name="Joakim Berg", title="IT manager"),
    Person(id="p-5", name="Lee Kimball", email="lk@KIMBALL.example"),
    Person(id="sp", name="张伟", is_salesperson=True),
]


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    store.load(
        Bundle(
            people=PEOPLE,
            customers=[
                Customer(id="c-hx", name="华信制造", status=CustomerStatus.TARGET),
                Customer(id="c-nw", name="Northwind Retail, Inc.", status=CustomerStatus.POTENTIAL),
            ],
            channels=[
                Channel(
                    id="ch-kim", name="KIM forum", kind=ChannelKind.FORUM, audience=Audience.BOTH
                )
            ],
        )
    )
    return store


def test_the_store_finds_every_field_case_aside(loaded: GraphStore) -> None:
    found = loaded.search("kim", limit=50)
    assert [p.id for p in found.people] == ["p-2", "p-3", "p-4", "p-5"]
    assert [c.id for c in found.channels] == ["ch-kim"] and found.customers == []
    assert [p.id for p in loaded.search("kimball.example", limit=50).people] == ["p-5"]
    assert [p.id for p in loaded.search("cfo", limit=50).people] == ["p-2"]
    assert [c.id for c in loaded.search("华信", limit=50).customers] == ["c-hx"]
    assert [p.id for p in loaded.search("kim", limit=2).people] == ["p-2", "p-3"]


def test_matches_are_ranked(loaded: GraphStore) -> None:
    ranked = [(m.id, m.score) for m in find(loaded, "Kim Lee").matches]
    assert ranked == [("p-2", 1.0), ("p-3", 1.0)]
    order = [m.id for m in find(loaded, "KIM").matches]
    assert order == ["ch-kim", "p-2", "p-3", "p-5", "p-4"]  # name start, word start, inside
    (ceo,) = find(loaded, "陈国栋").matches
    assert (ceo.kind, ceo.detail) == ("person", "总经理 CEO, 华信制造")
    assert [m.id for m in find(loaded, "kim", kind="person", limit=1).matches] == ["p-2"]
    with pytest.raises(InvalidInput, match="q"):
        find(loaded, "  ")


def test_names_stand_for_ids(loaded: GraphStore) -> None:
    assert resolve(loaded, "c-hx", "customer", field="customer") == "c-hx"
    assert resolve(loaded, "华信制造", "customer", field="customer") == "c-hx"
    assert resolve(loaded, "joakim  BERG", "person", field="to") == "p-4"
    with pytest.raises(InvalidInput, match=r"2 persons are called 'Kim Lee'.*p-2.*p-3"):
        resolve(loaded, "Kim Lee", "person", field="to")
    with pytest.raises(NotFound):
        resolve(loaded, "Kim", "person", field="to")  # a part of a name is not a name


def test_random_texts_agree_with_a_plain_scan(loaded: GraphStore) -> None:
    rng = random.Random(7)
    fields = [(p.id, p.name, p.title, p.email, *spellings(p.name, person=True)) for p in PEOPLE]
    for _ in range(60):
        source = rng.choice([f for row in fields for f in row if f])
        start = rng.randrange(len(source))
        text = source[start : start + rng.randint(1, 4)].lower()
        expected = sorted(i for i, *rest in fields if any(text in f.lower() for f in (i, *rest)))
        assert [p.id for p in loaded.search(text, limit=50).people] == expected, text
