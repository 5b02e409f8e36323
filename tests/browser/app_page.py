"""Driving graph-mtl's page (/app) in headless Chromium: a tab that may talk to the
server under test only, and what the page says it drew."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from graph_mtl.bootstrap import open_store
from graph_mtl.domain.ports import GraphStore
from graph_mtl.settings import Settings
from tests.neo4j_server import NEO4J_URI, fresh_neo4j_store

__all__ = ["Tab", "api", "keep", "opened", "store_of"]

TIMEOUT_MS = 30_000


@dataclass
class Tab:
    page: Any
    base: str
    outside: list[str] = field(default_factory=list)
    """Every request the page sent towards anywhere but the server (all cut off here)."""
    refused: list[str] = field(default_factory=list)
    """What the server's Content-Security-Policy kept the browser from even asking for."""

    def go(self, path: str, ready: str) -> None:
        """Open `path` and wait until the page has drawn the view `ready`."""
        self.page.goto(self.base + path)
        self.wait(ready)

    def wait(self, ready: str) -> None:
        self.page.wait_for_selector(f"body[data-ready={ready}]", timeout=TIMEOUT_MS)

    def drawn(self) -> dict[str, Any]:
        """The nodes and edges the page handed to Cytoscape, and how many Cytoscape holds."""
        found: dict[str, Any] = self.page.evaluate(
            """() => ({
                nodes: graphMtl.drawn.nodes,
                edges: graphMtl.drawn.edges,
                inCytoscape: graphMtl.drawn.cy.elements().length,
                drawMs: graphMtl.drawMs,
            })"""
        )
        return found


@contextmanager
def opened(
    browser: Any,
    base: str,
    viewport: dict[str, int],
    *,
    may_refuse: str | None = None,
    locale: str | None = None,
    **options: Any,
) -> Iterator[Tab]:
    """A fresh tab (its own session storage) that cuts off every request not to `base`,
    in the browser's `locale` (its Accept-Language) when given; `options` are more of
    playwright's context options (`device_scale_factor`, `permissions`).
    The page must log no error; the only load its policy may refuse is one whose
    message names `may_refuse`."""
    context = browser.new_context(
        viewport=viewport, **({"locale": locale} if locale else {}), **options
    )
    tab = Tab(page=None, base=base)

    def route(r: Any) -> None:
        if r.request.url.startswith(base + "/"):
            r.continue_()
        else:
            tab.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    tab.page = context.new_page()
    tab.page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    tab.page.on("pageerror", lambda e: errors.append(str(e)))

    def console(message: Any) -> None:
        # An answer of 4xx is logged as "Failed to load resource" and is the page's to
        # show; a load the policy refused is kept apart; any other error fails.
        if message.type != "error" or message.text.startswith("Failed to load resource"):
            return
        policy = "violates the following Content Security Policy directive"
        (tab.refused if policy in message.text else errors).append(message.text)

    tab.page.on("console", console)
    try:
        yield tab
        assert not errors, f"the page reported errors: {errors}"
        assert not tab.outside, f"the page tried to reach beyond the server: {tab.outside}"
        unexpected = [r for r in tab.refused if may_refuse is None or may_refuse not in r]
        assert not unexpected, f"the policy refused: {unexpected}"
    finally:
        context.close()


@contextmanager
def store_of(kind: str, folder: Path) -> Iterator[tuple[GraphStore, str]]:
    """An empty store ("embedded": a file in `folder`; "neo4j": the test server's
    database, cleared) and the `--store` that names it; closed afterwards."""
    if kind == "embedded":
        target = str(folder / "graph.db")
        store = open_store(Settings(), store=target)
        try:
            yield store, target
        finally:
            store.close()
        return
    stores = fresh_neo4j_store()
    try:
        yield next(stores), NEO4J_URI
    finally:
        stores.close()


def api(base: str, path: str, key: str | None, **params: Any) -> Any:
    """What the JSON API answers, to compare the page with."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = httpx.get(base + path, params=params, headers=headers, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def keep(shot: Path) -> None:
    """Copy a screenshot to GRAPH_MTL_APP_SCREENSHOTS, when set (for the README)."""
    folder = os.environ.get("GRAPH_MTL_APP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(folder) / shot.name)
