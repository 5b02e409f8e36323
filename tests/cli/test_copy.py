"""`graph-mtl copy` moves a whole graph between stores without loss, both ways."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_mtl.cli import app
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.ports import GraphStore
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.neo4j_server import NEO4J_URI, fresh_neo4j_store

runner = CliRunner()


@pytest.fixture
def neo4j_store() -> Iterator[GraphStore]:
    yield from fresh_neo4j_store()


def test_copy_between_files(tmp_path: Path, sample_bundle: Bundle) -> None:
    SqliteStore(tmp_path / "a.db").load(sample_bundle)
    result = runner.invoke(
        app, ["copy", "--from", str(tmp_path / "a.db"), "--to", str(tmp_path / "b.db")]
    )
    assert result.exit_code == 0, result.output
    assert SqliteStore(tmp_path / "b.db").export().canonical() == sample_bundle.canonical()


@pytest.mark.neo4j
def test_copy_to_neo4j_and_back(
    neo4j_store: GraphStore, tmp_path: Path, sample_bundle: Bundle
) -> None:
    SqliteStore(tmp_path / "a.db").load(sample_bundle)
    there = runner.invoke(app, ["copy", "--from", str(tmp_path / "a.db"), "--to", NEO4J_URI])
    assert there.exit_code == 0, there.output
    assert neo4j_store.export().canonical() == sample_bundle.canonical()
    back = runner.invoke(app, ["copy", "--from", NEO4J_URI, "--to", str(tmp_path / "b.db")])
    assert back.exit_code == 0, back.output
    assert SqliteStore(tmp_path / "b.db").export().canonical() == sample_bundle.canonical()


@pytest.mark.neo4j
def test_import_goes_straight_into_neo4j(neo4j_store: GraphStore) -> None:
    demo = Path(__file__).parents[2] / "seed" / "demo"
    result = runner.invoke(app, ["import", str(demo), "--store", NEO4J_URI])
    assert result.exit_code == 0, result.output
    embedded = SqliteStore()
    from graph_mtl.services.imports import import_bundle

    import_bundle(embedded, demo)
    assert neo4j_store.export().canonical() == embedded.export().canonical()
