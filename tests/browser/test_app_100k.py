"""graph-mtl's page over a generated store of 100,000 people, on both stores: find the
largest account by name, draw its map, open a member's chains. What is drawn is what
the API answers; nothing leaves the machine. (How fast it draws: bench/bench_app.py.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bench.bench_neo4j import chunks
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.services.access import issue_key
from seed.generate import write_bundle
from tests.browser.app_page import Tab, api, opened, store_of
from tests.browser.chromium import DESKTOP
from tests.serving import serving

pytestmark = pytest.mark.browser

PEOPLE = 100_000
PART = 50_000
"""Rows per transaction when loading into Neo4j."""


@pytest.fixture(scope="module")
def bundle_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bundle-100k")
    write_bundle(folder, people=PEOPLE, seed=3)
    return folder


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def served(
    request: pytest.FixtureRequest, bundle_folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, str]]:
    """The server over the generated store, a key of its first salesperson, and the
    id of the customer with the most people."""
    folder = tmp_path_factory.mktemp(f"app-100k-{request.param}")
    bundle = read_bundle(bundle_folder)
    with store_of(request.param, folder) as (store, target):
        # One transaction of 100k people outgrows the test server's 1 GB heap.
        for part in chunks(bundle, PART) if request.param == "neo4j" else [bundle]:
            store.load(part)
        salesperson = store.team()[0].id
        key = issue_key(store, salesperson, today=date.today()).key
    largest, _ = Counter(p.customer_id for p in bundle.people if p.customer_id).most_common(1)[0]
    with serving(["--store", target], folder / "serve.log", wait=120) as base:
        yield base, key, largest


def test_the_largest_account_of_100k_people(browser: Any, served: tuple[str, str, str]) -> None:
    base, key, largest = served
    with opened(browser, base, DESKTOP) as tab:
        tab.go("/app", "sign-in")
        tab.page.fill("#key", key)
        tab.page.click("#sign-in button[type=submit]")
        tab.wait("search")
        group = api(base, f"/customers/{largest}/committee", key)
        assert len(group["members"]) >= 20, "the largest account should have a real committee"

        tab.page.fill("#q", group["customer_name"])
        hit = tab.page.locator(f"#results li[data-kind=customer][data-id={largest}] a")
        hit.wait_for()
        hit.click()
        tab.wait("customer")
        drawn = tab.drawn()
        members = {n["id"]: n["reach"] for n in drawn["nodes"] if n["kind"] == "member"}
        assert members == {
            m["id"]: "known" if m["known"] else "chain" if m["path"] else "gap"
            for m in group["members"]
        }
        nodes = {n["id"] for n in drawn["nodes"]}
        assert {o["id"] for o in group["door_openers"]} <= nodes
        assert drawn["inCytoscape"] == len(drawn["nodes"]) + len(drawn["edges"])

        reached = next(m for m in group["members"] if m["path"] and m["path"]["hops"] > 1)
        _chains_of(tab, base, key, reached["id"])


def _chains_of(tab: Tab, base: str, key: str, person: str) -> None:
    tab.page.click(f"#members li[data-id={person}] button")
    tab.page.click("#detail a:has-text('All warm paths to them')")
    tab.wait("person")
    paths = api(base, "/paths", key, to=person, k=3)["paths"]
    assert paths
    drawn = tab.drawn()
    assert {n["id"] for n in drawn["nodes"]} == {i for p in paths for i in p["nodes"]}
