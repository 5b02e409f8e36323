"""Finding by name on every store agrees with a plain Python filter over all rows, on
random names with accents (composed and not), Chinese, full-width forms and case."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Audience,
    Channel,
    ChannelKind,
    Customer,
    CustomerStatus,
    Person,
)
from graph_mtl.domain.names import person_search_text, pinyin_query, search_key, spellings
from graph_mtl.domain.ports import GraphStore
from graph_mtl.services.search import find
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.neo4j_server import clear_test_store, fresh_neo4j_store

_LETTERS = (
    "aeiklmnorsz"
    "\u00e9\u00fc\u00f1\u00e5\u00e7\u00f8\u00df"  # é ü ñ å ç ø ß
    "\u0301\u0308"  # combining acute and diaeresis
    "\u9648\u56fd\u680b\u5f20\u4f1f\u674e\u738b"  # 陈国栋张伟李王
    "\uff21\uff22\uff43\uff44\u3000"  # full-width A B c d, ideographic space
    "\u2163\ufb01"  # roman numeral four, the fi ligature
    "  "
)
_ANY = st.characters(blacklist_categories=("Cc", "Cs"))
_text = st.text(st.one_of(st.sampled_from(_LETTERS), _ANY), min_size=1, max_size=12).filter(
    lambda t: search_key(t) != ""
)

Fresh = Callable[[], GraphStore]


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def fresh(request: pytest.FixtureRequest) -> Iterator[Fresh]:
    """A callable giving an empty store of the kind each time."""
    if request.param == "embedded":
        opened: list[SqliteStore] = []

        def embedded() -> GraphStore:
            opened.append(SqliteStore())
            return opened[-1]

        yield embedded
        for s in opened:
            s.close()
    else:
        opened_server = fresh_neo4j_store()
        server = next(opened_server)

        def neo4j() -> GraphStore:
            clear_test_store(server)
            return server

        yield neo4j
        opened_server.close()


@st.composite
def _bundles(draw: st.DrawFn) -> Bundle:
    customers = [
        Customer(id=f"c-{i}", name=draw(_text), status=CustomerStatus.TARGET)
        for i in range(draw(st.integers(1, 4)))
    ]
    people = [
        Person(
            id=f"p-{i}",
            name=draw(_text),
            title=draw(st.one_of(st.just(""), _text)),
            email=draw(st.one_of(st.just(""), _text.map(lambda t: t + "@x.example"))),
            customer_id=draw(st.one_of(st.none(), st.sampled_from([c.id for c in customers]))),
        )
        for i in range(draw(st.integers(1, 14)))
    ]
    channels = [
        Channel(id=f"ch-{i}", name=draw(_text), kind=ChannelKind.FORUM, audience=Audience.BOTH)
        for i in range(draw(st.integers(0, 3)))
    ]
    return Bundle(people=people, customers=customers, channels=channels)


def _variant(draw: st.DrawFn, text: str) -> str:
    """The text as a user might type it: another case, accents off or apart, full width."""
    how = draw(st.sampled_from(["same", "upper", "nfd", "bare", "wide"]))
    if how == "upper":
        return text.upper()
    if how == "nfd":
        return unicodedata.normalize("NFD", text)
    if how == "bare":
        return "".join(
            c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
        )
    if how == "wide":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
    return text


@st.composite
def _queries(draw: st.DrawFn, bundle: Bundle) -> str:
    fields = [f for p in bundle.people for f in (p.id, p.name, p.title, p.email) if f]
    named: list[Customer | Channel] = [*bundle.customers, *bundle.channels]
    fields += [f for c in named for f in (c.id, c.name)]
    if draw(st.booleans()):
        return draw(_text)
    source = draw(st.sampled_from(fields))
    start = draw(st.integers(0, len(source) - 1))
    return _variant(draw, source[start : start + draw(st.integers(1, 5))])


def _contains(q: str, name: str, *fields: str, person: bool = False) -> bool:
    """Whether a field or the name's pinyin (`spellings`) holds `q`: a plain filter."""
    folded = search_key(name)
    return any(q in f for f in (folded, *spellings(folded, person=person))) or any(
        q in search_key(f) for f in fields
    )


@pytest.mark.slow
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_stores_find_what_a_plain_filter_finds(fresh: Fresh, data: st.DataObject) -> None:
    bundle = data.draw(_bundles())
    store = fresh()
    store.load(bundle)
    for _ in range(8):
        q = search_key(data.draw(_queries(bundle)))
        if not q:
            continue
        people = {
            p.id for p in bundle.people if _contains(q, p.name, p.id, p.title, p.email, person=True)
        }
        customers = {c.id for c in bundle.customers if _contains(q, c.name, c.id)}
        channels = {c.id for c in bundle.channels if _contains(q, c.name, c.id)}
        staff = {p.id for p in bundle.people if p.customer_id in customers}

        found = store.search(q, limit=100)
        assert [p.id for p in found.people] == sorted(people), q
        assert [c.id for c in found.customers] == sorted(customers), q
        assert [c.id for c in found.channels] == sorted(channels), q
        assert {p.id for p in found.employees} == staff, q

        limit = data.draw(st.integers(1, 3))
        few = store.search(q, limit=limit)
        named = {p.id for p in bundle.people if search_key(p.name).startswith(q)}
        got = {p.id for p in few.people}
        assert got <= people and len(got) == min(limit, len(people)), q
        assert len(got & named) == min(limit, len(named)), "names starting with it first"


def test_accents_width_and_employers(fresh: Fresh) -> None:
    store = fresh()
    store.load(
        Bundle(
            customers=[
                Customer(id="c-1", name="M\u00fcller Bau GmbH", status=CustomerStatus.TARGET),
                Customer(id="c-2", name="\u534e\u4fe1\u5236\u9020", status=CustomerStatus.TARGET),
            ],
            people=[
                Person(id="p-1", name="Jos\u00e9 M\u00fcller", title="CFO"),
                Person(id="p-2", name="Anna Schmidt", customer_id="c-1"),
                Person(id="p-3", name="\u9648\u56fd\u680b", customer_id="c-2"),
                Person(id="p-4", name="\uff2b\uff49\uff4d \uff2c\uff45\uff45"),  # full-width
            ],
        )
    )
    assert [m.id for m in find(store, "jose muller").matches] == ["p-1"]
    assert [m.id for m in find(store, "JOSE\u0301").matches] == ["p-1"]
    assert [m.id for m in find(store, "kim lee").matches] == ["p-4"]
    ranked = [(m.kind, m.id, m.score) for m in find(store, "muller").matches]
    assert ranked == [("customer", "c-1", 0.8), ("person", "p-1", 0.6), ("person", "p-2", 0.2)]
    people = [(m.id, m.detail) for m in find(store, "\u534e\u4fe1", kind="person").matches]
    assert people == [("p-3", "\u534e\u4fe1\u5236\u9020")]
    assert [m.id for m in find(store, "\u56fd").matches] == ["p-3"]  # one character, inside


@pytest.mark.neo4j
def test_neo4j_items_written_before_the_search_text_get_it() -> None:
    from graph_mtl.stores.neo4j_store import Neo4jStore

    for server in fresh_neo4j_store():
        assert isinstance(server, Neo4jStore)
        server._driver.execute_query(
            "CREATE (:Person {id: 'p-1', name: $name, title: '', email: ''})",
            parameters_={"name": "Jos\u00e9 M\u00fcller"},
            database_=server._database,
        )
        older = Neo4jStore(server._driver, database=server._database)
        assert [m.id for m in find(older, "jose").matches] == ["p-1"]


_HANZI = "张伟林志远陈国栋單单曾解華信製造偉陳國棟欧阳修赵敏周芳李娜王"


@st.composite
def _chinese_people(draw: st.DrawFn) -> list[Person]:
    name = st.text(st.sampled_from(_HANZI), min_size=2, max_size=4)
    return [Person(id=f"p-{i}", name=draw(name)) for i in range(draw(st.integers(1, 12)))]


@st.composite
def _typed(draw: st.DrawFn, people: list[Person]) -> str:
    """A query as a Chinese user types it for one of the people: their pinyin
    (joined, spaced, with tone numbers), its initials or a part, or a part of the
    name in traditional or simplified characters."""
    name = draw(st.sampled_from(people)).name
    joined, initials = spellings(search_key(name), person=True)
    how = draw(st.sampled_from(["joined", "spaced", "tones", "initials", "part", "hanzi"]))
    if how == "spaced":
        return " ".join(joined[i : i + 3] for i in range(0, len(joined), 3))
    if how == "tones":
        return joined[:3] + "1" + joined[3:]
    if how == "initials":
        return initials
    source = joined if how == "part" else name
    start = draw(st.integers(0, len(source) - 1))
    return source[start : start + draw(st.integers(1, 5))]


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_chinese_queries_agree_with_a_plain_scan(fresh: Fresh, data: st.DataObject) -> None:
    people = data.draw(_chinese_people())
    store = fresh()
    store.load(Bundle(people=people))
    for _ in range(6):
        typed = data.draw(_typed(people))
        q = search_key(typed)
        texts = [t for t in (q, pinyin_query(q)) if t]
        expected = {
            p.id
            for p in people
            if any(
                t in f for t in texts for f in person_search_text(p.name, p.id, "", "").split("\n")
            )
        }
        found: set[str] = set()
        for t in texts:
            found |= {p.id for p in store.search(t, limit=100).people}
        assert found == expected, typed
        assert {m.id for m in find(store, typed, kind="person", limit=100).matches} == expected
