"""A person with no tie yet, added after the embedded store built its search index
(a CRM contact nobody owns, a person put over the API): every search reads them as
reaching nobody, on every store, and never fails."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from graph_mtl.cli import app
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person, Tie
from graph_mtl.domain.pathfinding import Mode
from graph_mtl.domain.ports import GraphStore
from graph_mtl.services.paths import warm_paths

NEW = [f"new-{i}" for i in range(30)]  # more than the index's rows, past its end


def _stores(store: GraphStore) -> None:
    store.load(
        Bundle(
            people=[
                Person(id="sp", name="Sam", is_salesperson=True),
                Person(id="a", name="A"),
                Person(id="b", name="B"),
            ],
            ties=[
                Tie(source="sp", target="a", strength=0.8),
                Tie(source="a", target="b", strength=0.5),
            ],
        )
    )
    assert [p.nodes for p in store.best_paths("sp", "b", k=1, max_hops=3)] == [("sp", "a", "b")]
    store.load(Bundle(people=[Person(id=i, name=i.upper()) for i in NEW]))


def test_searches_to_and_from_an_untied_person(store: GraphStore) -> None:
    _stores(store)
    last = NEW[-1]
    for mode in Mode:
        assert store.best_paths("sp", last, k=2, max_hops=4, mode=mode) == []
        assert store.best_paths(last, "sp", k=1, max_hops=4, mode=mode) == []
        alone = store.paths_from(last, max_hops=3, mode=mode)
        root = alone.path_to(last)
        assert root is not None and root.nodes == (last,) and root.hops == 0
        assert alone.path_to("sp") is None
        tree = store.paths_from("sp", max_hops=3, mode=mode)
        assert tree.path_to(last) is None and last not in tree
        found = tree.path_to("b")
        assert found is not None and found.nodes == ("sp", "a", "b")
    assert store.adjacency([last]).get(last, []) == []
    assert warm_paths(store, "sp", last) == []


def test_a_tie_to_them_is_found_at_once(store: GraphStore) -> None:
    _stores(store)
    last = NEW[-1]
    store.load(Bundle(ties=[Tie(source="b", target=last, strength=0.9)]))
    (path,) = store.best_paths("sp", last, k=1, max_hops=4)
    assert path.nodes == ("sp", "a", "b", last)


def test_the_command_line_says_there_is_no_path(tmp_path: Path) -> None:
    from graph_mtl.stores.sqlite_store import SqliteStore

    where = tmp_path / "graph.db"
    graph = SqliteStore(where)
    _stores(graph)
    graph.close()
    result = CliRunner().invoke(
        app, ["paths", "--from", "sp", "--to", NEW[-1], "--store", str(where)]
    )
    assert result.exit_code == 0, result.output
    assert "No warm path from sp to new-29 within 4 hops." in result.stdout
