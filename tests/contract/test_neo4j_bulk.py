"""`graph-mtl neo4j bulk-import`: the admin tool's database is the online import's.

The bulk side runs on a throwaway server of its own (scripts/neo4j/start.sh with
NEO4J_DIR in a temporary folder, bolt GRAPH_MTL_BULK_TEST_PORT, default 27688),
started on the imported files and stopped after; the online side on the tests'.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.ingest.export import write_bundle_folder
from graph_mtl.stores.neo4j_store import Neo4jStore
from tests.neo4j_server import fresh_neo4j_store

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
JARS = ROOT / ".neo4j" / "lib"
SCRIPTS = ROOT / "scripts" / "neo4j"
PORT = os.environ.get("GRAPH_MTL_BULK_TEST_PORT", "27688")

_COUNTS = """
CALL () { MATCH (n) WHERE NOT n:GraphMtlTestMarker WITH labels(n) AS l, count(n) AS c
          RETURN collect([l, c]) AS nodes }
CALL () { MATCH ()-[r]->() WITH type(r) AS t, count(r) AS c
          RETURN collect([t, c]) AS relationships }
RETURN nodes, relationships
"""


def _counts(store: Neo4jStore) -> tuple[list[str], list[str]]:
    records, _, _ = store._driver.execute_query(_COUNTS)
    nodes = sorted(repr([sorted(x[0]), x[1]]) for x in records[0]["nodes"])
    return nodes, sorted(repr(x) for x in records[0]["relationships"])


@pytest.fixture
def online() -> Iterator[Neo4jStore]:
    for opened in fresh_neo4j_store():
        assert isinstance(opened, Neo4jStore)
        yield opened


def _server(folder: Path, script: str) -> None:
    env = {
        **os.environ,
        "NEO4J_DIR": str(folder),
        "NEO4J_BOLT_PORT": PORT,
        "NEO4J_HTTP_PORT": str(int(PORT) - 10213),
        "NEO4J_HEAP": "512m",
        "NEO4J_PAGECACHE": "128m",
    }
    env.pop("NEO4J_TEST", None)
    subprocess.run([str(SCRIPTS / script)], env=env, check=True, timeout=300)


@pytest.mark.skipif(
    not JARS.is_dir() or shutil.which("java") is None, reason="no Neo4j jars or java"
)
def test_a_bulk_import_makes_the_online_imports_store(
    online: Neo4jStore, sample_bundle: Bundle, tmp_path: Path
) -> None:
    folder = tmp_path / "bundle"
    write_bundle_folder(sample_bundle, folder)
    bundle = read_bundle(folder)
    online.load(bundle)
    home = tmp_path / "server" / "home"
    home.mkdir(parents=True)
    # A process of its own, as a user runs it: nothing wired beforehand by other tests.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "graph_mtl",
            "neo4j",
            "bulk-import",
            str(folder),
            "--home",
            str(home),
            "--lib",
            str(JARS),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "GRAPH_MTL_LANGUAGE": "en", "PYTHONPATH": str(ROOT)},
        cwd=home,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "bulk-imported 6 people and 6 ties" in done.stdout
    assert not (home / "import.report").exists(), "the admin tool's report is left behind"
    _server(tmp_path / "server", "start.sh")
    try:
        password = os.environ.get("NEO4J_PASSWORD", "graph-mtl-dev")
        driver = neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{PORT}", auth=("neo4j", password))
        bulk = Neo4jStore(driver, owns_driver=True)
        try:
            assert bulk.export().canonical() == online.export().canonical()
            assert _counts(bulk) == _counts(online)
        finally:
            bulk.close()
    finally:
        _server(tmp_path / "server", "stop.sh")
