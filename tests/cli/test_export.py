"""`graph-mtl export`: a bundle that `import` and `read_bundle` read back unchanged,
graph files that networkx reads back, and destinations it refuses without a trace."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Literal

import networkx as nx
import pytest
from typer.testing import CliRunner, Result

from graph_mtl import bootstrap
from graph_mtl.cli import app
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Audience,
    Capability,
    CapabilityKind,
    Channel,
    ChannelKind,
    Customer,
    CustomerKind,
    CustomerNeed,
    CustomerStatus,
    Need,
    Person,
    Reach,
    Tie,
)
from graph_mtl.errors import InvalidInput
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.ingest.export import to_networkx, write_bundle_folder, write_graph
from seed.generate import write_bundle
from tests.samples import make_sample_bundle

runner = CliRunner()

_READERS: dict[str, Callable[[Path], nx.Graph]] = {
    "graphml": nx.read_graphml,
    "gexf": nx.read_gexf,
}


def _awkward_bundle() -> Bundle:
    """The sample plus text and numbers that CSV quoting or the reader's cell rules could trip on."""
    sample = make_sample_bundle()
    return replace(
        sample,
        people=[
            *sample.people,
            Person(id="x1", name="\r\nCarriage\rReturn\r", title="  padded  ", email="a;b@x.cn"),
            Person(id="x2", name='"', title="\tlone\rreturn", customer_id="big", roles=("cio",)),
            Person(id="x3", name='末尾 😀, "引号"\n第二行', title=",,,"),
        ],
        ties=[
            *sample.ties,
            Tie(
                source="x1",
                target="x2",
                strength=0.1 + 0.2,
                last_contact=date(1999, 12, 31),
                context='He said "hi",\nthen left',
            ),
            Tie(source="x3", target="x1", strength=1e-05, context=" "),
        ],
        customers=[
            *sample.customers,
            Customer(
                id="big",
                name="Big; Co",
                kind=CustomerKind.INDIVIDUAL,
                status=CustomerStatus.POTENTIAL,
                revenue=1e22,
                headcount=0,
                region=" ",
                situation=("多 元", "a, b", 'say "x"'),
            ),
        ],
        needs=[
            *sample.needs,
            Need(id="né", name='Needs, "quoted"', description="line1\r\nline2", can_meet=True),
        ],
        customer_needs=[
            *sample.customer_needs,
            CustomerNeed(customer_id="big", need_id="né", budget=0.0),
        ],
        capabilities=[
            *sample.capabilities,
            Capability(
                id="c2",
                name="Cap",
                kind=CapabilityKind.SERVICE,
                solves=("né", "erp"),
                price_min=0.0,
                price_max=0.5,
                advantages=('says "fast"', "cheap, too"),
            ),
        ],
        channels=[
            *sample.channels,
            Channel(id="forum", name="论坛\n(旧)", kind=ChannelKind.FORUM, audience=Audience.BOTH),
        ],
        reach=[*sample.reach, Reach(channel_id="forum", target_id="x3", strength=0.25)],
    )


_BUNDLES = pytest.mark.parametrize(
    "make", [make_sample_bundle, _awkward_bundle], ids=["sample", "awkward"]
)


def _store(path: Path, bundle: Bundle) -> str:
    graph = bootstrap.open_store(store=str(path))
    graph.load(bundle)
    graph.close()
    return str(path)


def _stored(path: Path) -> Bundle:
    graph = bootstrap.open_store(store=str(path))
    try:
        return graph.export().canonical()
    finally:
        graph.close()


def _without_opportunities(bundle: Bundle) -> Bundle:
    return replace(bundle.canonical(), opportunities=[])


def _run(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@_BUNDLES
def test_a_bundle_export_imports_back_unchanged(tmp_path: Path, make: Callable[[], Bundle]) -> None:
    bundle = make()
    store = _store(tmp_path / "a.db", bundle)
    _run("export", str(tmp_path / "out"), "--store", store)
    _run("import", str(tmp_path / "out"), "--store", str(tmp_path / "b.db"))
    assert _stored(tmp_path / "b.db") == _without_opportunities(bundle)


@_BUNDLES
def test_the_exported_folder_reads_as_the_bundle(
    tmp_path: Path, make: Callable[[], Bundle]
) -> None:
    bundle = make()
    store = _store(tmp_path / "a.db", bundle)
    _run("export", str(tmp_path / "out"), "--format", "bundle", "--store", store)
    assert read_bundle(tmp_path / "out") == _without_opportunities(bundle)


def test_export_prints_one_line_with_the_counts(tmp_path: Path, sample_bundle: Bundle) -> None:
    store = _store(tmp_path / "a.db", sample_bundle)
    result = _run("export", str(tmp_path / "out"), "--store", store)
    assert result.stdout == (
        "exported 6 people, 6 ties, 2 customers, 2 needs, 3 roles, 1 customer needs, "
        f"1 capabilities, 2 channels, 2 reach, 2 evidence, 2 employments to {tmp_path / 'out'} (bundle); "
        "skipped 1 opportunities\n"
    )


def test_write_bundle_folder_counts_what_it_wrote(tmp_path: Path, sample_bundle: Bundle) -> None:
    counts = write_bundle_folder(sample_bundle, tmp_path / "out")
    assert counts == {k: n for k, n in sample_bundle.counts().items() if k != "opportunities"}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [
            "people.csv",
            "ties.csv",
            "customers.csv",
            "needs.csv",
            "roles.csv",
            "customer_needs.csv",
            "capabilities.csv",
            "channels.csv",
            "channel_reach.csv",
            "evidence.csv",
            "employments.csv",
        ]
    )


def test_an_empty_folder_is_filled(tmp_path: Path, sample_bundle: Bundle) -> None:
    (tmp_path / "out").mkdir()
    _run("export", str(tmp_path / "out"), "--store", _store(tmp_path / "a.db", sample_bundle))
    assert read_bundle(tmp_path / "out") == _without_opportunities(sample_bundle)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_hold_the_people_ties_and_customers(
    tmp_path: Path, sample_bundle: Bundle, fmt: str
) -> None:
    path = tmp_path / f"graph.{fmt}"
    path.write_text("an older file, replaced")
    store = _store(tmp_path / "a.db", sample_bundle)
    result = _run("export", str(path), "--format", fmt, "--store", store)
    assert result.stdout.startswith("exported 6 people, 6 ties, 2 customers")
    assert result.stdout.endswith(f"to {path} ({fmt}); skipped 1 opportunities\n")

    graph = _READERS[fmt](path)
    kinds = Counter(kind for _, kind in graph.nodes(data="kind"))
    assert kinds == {
        "person": 6,
        "customer": 2,
        "need": 2,
        "role": 3,
        "capability": 1,
        "channel": 2,
    }
    people = {n: d for n, d in graph.nodes(data=True) if d["kind"] == "person"}
    assert {n: d["name"] for n, d in people.items()} == {p.id: p.name for p in sample_bundle.people}
    assert people["sp"]["is_salesperson"] is True and people["a1"]["customer_id"] == "acme"
    knows = [
        (frozenset((a, b)), d["strength"])
        for a, b, d in graph.edges(data=True)
        if d["relation"] == "knows"
    ]
    assert Counter(knows) == Counter(
        (frozenset((t.source, t.target)), t.strength) for t in sample_bundle.ties
    )
    customers = {
        n: (d["name"], d["status"]) for n, d in graph.nodes(data=True) if d["kind"] == "customer"
    }
    assert customers == {
        "customer:acme": ("Acme, Inc.", "target"),
        "customer:oldco": ("老客户", "existing"),
    }
    assert graph.nodes["customer:acme"]["revenue"] == 5e8
    assert "revenue" not in graph.nodes["customer:oldco"]  # None is left out of a typed attribute


def test_the_graph_joins_every_kind(sample_bundle: Bundle) -> None:
    graph = to_networkx(sample_bundle)
    relations = Counter(relation for _, _, relation in graph.edges(data="relation"))
    assert relations == {
        "knows": 6,
        "works_at": 4,
        "holds": 3,
        "cares_about": 4,
        "has_need": 1,
        "solves": 1,
        "is_person": 1,
        "reaches": 2,
    }
    assert graph.has_edge("channel:zhihu", "customer:acme", key="reaches")
    assert graph.has_edge("role:cio", "need:erp", key="cares_about")
    assert graph.edges["role:cio", "need:erp", "cares_about"]["power"] == "decision_maker"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_a_channel_reaching_its_own_person_keeps_both_edges(
    tmp_path: Path, sample_bundle: Bundle, fmt: Literal["graphml", "gexf"]
) -> None:
    bundle = replace(
        sample_bundle,
        reach=[*sample_bundle.reach, Reach(channel_id="ch-peer", target_id="peer", strength=0.9)],
    )
    write_graph(bundle, tmp_path / "graph", fmt)
    graph = _READERS[fmt](tmp_path / "graph")
    between = sorted(d["relation"] for d in graph.get_edge_data("channel:ch-peer", "peer").values())
    assert between == ["is_person", "reaches"]


@_BUNDLES
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_carry_awkward_text(
    tmp_path: Path, make: Callable[[], Bundle], fmt: Literal["graphml", "gexf"]
) -> None:
    bundle = make()
    write_graph(bundle, tmp_path / "graph", fmt)
    graph = _READERS[fmt](tmp_path / "graph")
    names = {n: d["name"] for n, d in graph.nodes(data=True) if d["kind"] == "person"}
    contexts = sorted(
        d["context"] for _, _, d in graph.edges(data=True) if d["relation"] == "knows"
    )
    assert names == {p.id: _as_read(fmt, p.name) for p in bundle.people}
    assert contexts == sorted(_as_read(fmt, t.context) for t in bundle.ties)


def _as_read(fmt: str, text: str) -> str:
    """GraphML keeps text as element content, where XML reads a carriage return as a
    line feed; GEXF keeps it in attributes, escaped, so exactly."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if fmt == "graphml" else text


@pytest.mark.parametrize("existing", ["folder", "file"])
def test_export_refuses_a_destination_that_is_not_an_empty_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_bundle: Bundle, existing: str
) -> None:
    store = _store(tmp_path / "a.db", sample_bundle)
    work = tmp_path / "work"  # apart from the store, whose files are its own business
    work.mkdir()
    monkeypatch.chdir(work)
    if existing == "folder":
        (work / "out").mkdir()
        (work / "out" / "people.csv").write_text("keep me\n")
    else:
        (work / "out").write_text("keep me\n")
    before = _tree(work)
    result = runner.invoke(app, ["export", "out", "--store", store])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["error: out: 'out' exists and is not an empty folder"]
    assert _tree(work) == before
    assert [p.name for p in work.iterdir()] == ["out"]  # no staging copy left beside it


def test_an_unwritable_graph_file_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_bundle: Bundle
) -> None:
    store = _store(tmp_path / "a.db", sample_bundle)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", "missing/g.gexf", "--format", "gexf", "--store", store])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: out: cannot write 'missing/g.gexf': No such file or directory"
    ]


def test_a_list_item_that_would_not_read_back_leaves_nothing_behind(
    tmp_path: Path, sample_bundle: Bundle
) -> None:
    acme = sample_bundle.customers[0].model_copy(update={"situation": ("growth; fast",)})
    bundle = replace(sample_bundle, customers=[acme, *sample_bundle.customers[1:]])
    with pytest.raises(InvalidInput) as caught:
        write_bundle_folder(bundle, tmp_path / "out")
    assert caught.value.field == "customers.situation"
    assert "'growth; fast' (of id 'acme')" in caught.value.reason
    assert list(tmp_path.iterdir()) == []  # neither the folder nor its staging copy


def test_a_generated_bundle_round_trips_and_exports_the_same_files(tmp_path: Path) -> None:
    write_bundle(tmp_path / "generated", people=300, seed=3)
    first, second = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    _run("import", str(tmp_path / "generated"), "--store", first)
    _run("export", str(tmp_path / "out-a"), "--store", first)
    _run("import", str(tmp_path / "out-a"), "--store", second)
    assert _stored(tmp_path / "b.db") == _stored(tmp_path / "a.db")
    assert len(_stored(tmp_path / "a.db").people) == 300
    _run("export", str(tmp_path / "out-b"), "--store", second)
    assert _tree(tmp_path / "out-b") == _tree(tmp_path / "out-a")


@pytest.mark.neo4j
def test_export_from_neo4j_in_every_format(tmp_path: Path, sample_bundle: Bundle) -> None:
    from tests.neo4j_server import NEO4J_URI, fresh_neo4j_store

    for neo4j_store in fresh_neo4j_store():
        neo4j_store.load(sample_bundle)
        _run("export", str(tmp_path / "out"), "--store", NEO4J_URI)
        _run("import", str(tmp_path / "out"), "--store", str(tmp_path / "back.db"))
        assert _stored(tmp_path / "back.db") == _without_opportunities(sample_bundle)
        for fmt in ("graphml", "gexf"):
            _run("export", str(tmp_path / f"g.{fmt}"), "--format", fmt, "--store", NEO4J_URI)
            read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
            graph = read(tmp_path / f"g.{fmt}")
            knows = [d for _, _, d in graph.edges(data=True) if d.get("relation") == "knows"]
            assert len(knows) == len(sample_bundle.ties)
