"""Chinese names on every store: imports that split them into First/Last (LinkedIn,
HubSpot) or write them in pinyin meet the people already known, and a name is
found as Chinese users type it (pinyin with or without spaces and tones, its
initials, traditional characters)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Customer, CustomerStatus, Person
from graph_mtl.domain.names import written_forms
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphStore
from graph_mtl.ingest.crm import load_mapping
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.services.access import COMMAND_LINE
from graph_mtl.services.networks import import_crm, import_linkedin
from graph_mtl.services.search import find

FIXTURES = Path(__file__).parent.parent / "fixtures" / "chinese_names"
SEED = Path(__file__).parent.parent.parent / "seed" / "demo"
TODAY = date(2026, 12, 2)


def _imports(store: GraphStore) -> tuple[int, int]:
    """The LinkedIn export, then the HubSpot one: how many new people each made."""
    linkedin = import_linkedin(
        store,
        FIXTURES / "linkedin",
        salesperson_id="sp-zhang",
        caller=COMMAND_LINE,
        playbook=Playbook(),
        today=TODAY,
    )
    crm = import_crm(
        store,
        FIXTURES / "hubspot",
        load_mapping("hubspot"),
        caller=COMMAND_LINE,
        playbook=Playbook(),
        today=TODAY,
    )
    return linkedin.new_people, crm.new_people


def _named(store: GraphStore, name: str) -> list[Person]:
    return [p for p in store.export().people if written_forms(p.name) & written_forms(name)]


def test_split_chinese_contacts_import_without_duplicates(store: GraphStore) -> None:
    store.load(read_bundle(SEED))
    known = {p.id for p in store.export().people}
    assert _imports(store) == (1, 1)  # 何俊杰 (unknown before), then 周芳 (new)
    for name, ident in [("林志远", "huaxin-02"), ("赵敏", "huaxin-03")]:
        assert [(p.id, p.name) for p in _named(store, name)] == [(ident, name)]
    (he,) = _named(store, "何俊杰")
    (zhou,) = _named(store, "周芳")
    assert (he.name, zhou.name) == ("何俊杰", "周芳")
    assert {p.id for p in store.export().people} - known == {he.id, zhou.id}
    before = store.export().canonical()
    assert _imports(store) == (0, 0)
    assert store.export().canonical() == before


def test_a_reimport_writes_a_name_stored_the_wrong_way_round(store: GraphStore) -> None:
    store.load(
        Bundle(
            customers=[Customer(id="c-huaxin", name="华信制造", status=CustomerStatus.TARGET)],
            people=[
                Person(id="sp-zhang", name="张伟", is_salesperson=True),
                # as an earlier version imported the LinkedIn connection
                Person(id="li-lin-zhiyuan-hx", name="志远 林", customer_id="c-huaxin"),
            ],
        )
    )
    import_linkedin(
        store,
        FIXTURES / "linkedin",
        salesperson_id="sp-zhang",
        caller=COMMAND_LINE,
        playbook=Playbook(),
        today=TODAY,
    )
    assert store.people(["li-lin-zhiyuan-hx"])["li-lin-zhiyuan-hx"].name == "林志远"
    assert [p.id for p in _named(store, "林志远")] == ["li-lin-zhiyuan-hx"]


def test_pinyin_meets_chinese_but_homophones_do_not_meet(store: GraphStore, tmp_path: Path) -> None:
    store.load(
        Bundle(
            customers=[Customer(id="c-hx", name="华信制造", status=CustomerStatus.TARGET)],
            people=[
                Person(id="sp-zhang", name="张伟", is_salesperson=True),
                Person(id="p-lin", name="林志远", customer_id="c-hx"),
                Person(id="p-yu", name="Yu Hao", customer_id="c-hx"),
            ],
        )
    )
    rows = [
        ("1", "Zhiyuan", "Lin", "华信制造"),  # → p-lin, by pinyin
        ("2", "志远", "林", "华信制造"),  # → p-lin, written apart
        ("3", "志元", "林", "华信制造"),  # sounds like 林志远: someone else
        ("4", "浩", "余", "华信制造"),  # → p-yu, by pinyin the other way round
    ]
    _hubspot_export(tmp_path, rows)
    found = import_crm(
        store,
        tmp_path,
        load_mapping("hubspot"),
        caller=COMMAND_LINE,
        playbook=Playbook(),
        today=TODAY,
    )
    assert found.new_people == 1
    assert sorted(p.name for p in store.export().people if p.customer_id == "c-hx") == sorted(
        ["林志远", "Yu Hao", "林志元"]
    )


def _hubspot_export(folder: Path, rows: list[tuple[str, str, str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    header = (
        "Record ID,First Name,Last Name,Email,Phone Number,Company Name,Job Title,"
        "Contact owner,Last Activity Date,Lifecycle Stage,Create Date\n"
    )
    lines = "".join(f"7{i},{first},{last},,,{co},,张伟,,lead,\n" for i, first, last, co in rows)
    (folder / "hubspot-crm-exports-all-contacts-2026-12-01.csv").write_text(
        header + lines, encoding="utf-8"
    )


@pytest.fixture
def people(store: GraphStore) -> GraphStore:
    store.load(
        Bundle(
            customers=[
                Customer(id="c-hx", name="华信制造", status=CustomerStatus.TARGET),
                Customer(id="c-tw", name="台灣積體電路", status=CustomerStatus.TARGET),
            ],
            people=[
                Person(id="sp-zhang", name="张伟", is_salesperson=True),
                Person(id="p-shan", name="单雄信", customer_id="c-hx"),
                Person(id="p-zeng", name="曾国藩"),
                Person(id="p-xie", name="解缙"),
                Person(id="p-ouyang", name="欧阳修"),
                Person(id="p-chen", name="陳國棟", title="CFO"),  # stored traditional
                Person(id="p-kim", name="Kim Lee"),
            ],
        )
    )
    return store


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("zhang wei", ["sp-zhang"]),
        ("zhangwei", ["sp-zhang"]),
        ("zw", ["sp-zhang"]),
        ("Zhāng Wěi", ["sp-zhang"]),
        ("zhang1 wei3", ["sp-zhang"]),
        ("張偉", ["sp-zhang"]),
        ("shan xiongxin", ["p-shan"]),
        ("sxx", ["p-shan"]),
        ("zengguofan", ["p-zeng"]),
        ("xie jin", ["p-xie"]),
        ("ouyang", ["p-ouyang"]),
        ("oyx", ["p-ouyang"]),
        ("陈国栋", ["p-chen"]),
        ("chen guodong", ["p-chen"]),
        ("cgd", ["p-chen"]),
        ("kim lee", ["p-kim"]),
    ],
)
def test_people_are_found_as_chinese_users_type(
    people: GraphStore, query: str, ids: list[str]
) -> None:
    assert [m.id for m in find(people, query, kind="person").matches] == ids


def test_companies_fold_traditional_and_pinyin(people: GraphStore) -> None:
    assert [m.id for m in find(people, "華信製造", kind="customer").matches] == ["c-hx"]
    assert [m.id for m in find(people, "hxzz", kind="customer").matches] == ["c-hx"]
    assert [m.id for m in find(people, "台湾积体", kind="customer").matches] == ["c-tw"]
    (shan,) = find(people, "華信", kind="person").matches  # an employee of 华信制造
    assert shan.id == "p-shan"
    (best, *_) = find(people, "zhangwei").matches
    assert (best.id, best.score) == ("sp-zhang", 1.0)


@pytest.mark.neo4j
def test_neo4j_nodes_with_an_older_search_text_get_the_new_one() -> None:
    from graph_mtl.stores.neo4j_store import Neo4jStore
    from tests.neo4j_server import fresh_neo4j_store

    for server in fresh_neo4j_store():
        assert isinstance(server, Neo4jStore)
        server._driver.execute_query(  # as graph-mtl wrote it before pinyin
            "CREATE (:Person {id: 'p-1', name: $name, title: '', email: '', search: $search})",
            parameters_={"name": "張偉", "search": "張偉\np-1\n\n"},
            database_=server._database,
        )
        older = Neo4jStore(server._driver, database=server._database)
        assert [m.id for m in find(older, "zw").matches] == ["p-1"]
        assert [m.id for m in find(older, "张伟").matches] == ["p-1"]
