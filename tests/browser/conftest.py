"""Fixtures for the browser tests: headless Chromium; for the Browser guide, the demo in
Neo4j and the guide server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from graph_mtl.domain.ports import GraphStore
from graph_mtl.services.imports import import_bundle
from tests.browser.chromium import launched
from tests.browser.guide import DEMO, load_serve_guide
from tests.neo4j_server import fresh_neo4j_store


@pytest.fixture(scope="package")
def demo_in_neo4j() -> Iterator[GraphStore]:
    """The Neo4j test server's database holding exactly the demo bundle."""
    stores = fresh_neo4j_store()
    store = next(stores)
    try:
        import_bundle(store, DEMO)
        yield store
    finally:
        stores.close()  # closes the store's driver, also when the import failed


@pytest.fixture(scope="package")
def guide_url() -> Iterator[str]:
    """Base URL of scripts/serve_guide.py serving queries/browser/ on a free port."""
    serve_guide = load_serve_guide()
    server, thread = serve_guide.serve_in_thread(port=0)
    try:
        yield serve_guide.base_url(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, for one test module."""
    with launched() as chromium:
        yield chromium
