"""How fast graph-mtl's page draws an account map, in headless Chromium.

    python -m bench.bench_app [--people 100000] [--members 200] [--runs 5]

Three accounts, each served by the API over the embedded store and opened at
/app/customers/ID as a salesperson would (demo mode, so no key is needed):
  demo    the demo's largest committee (华信制造);
  100k    the largest account of a generated store of --people people;
  200     a made-up account with --members members, 10 door openers, a fifth of them gaps.
For each it prints, over --runs page loads (min / median / max):
  open     from the address being opened to the map drawn, by the page's own clock
           (loading the page and its script, fetching the committee included);
  draw     building the graph from the answer (the page's own positions);
  cose     the same elements laid out by Cytoscape's built-in force layout instead, the
           obvious alternative, and the ratio cose / draw;
  frame    one zoom step redrawn (responsiveness: under 16 ms is 60 frames a second).
Chromium is Debian's (GRAPH_MTL_CHROMIUM names another); nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import uvicorn

from api.app import create_app
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Customer, CustomerNeed, Need, Person, Power, Role, Tie
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.services.imports import import_bundle
from graph_mtl.settings import Settings
from graph_mtl.stores.sqlite_store import SqliteStore
from seed.generate import write_bundle

DEMO = Path(__file__).parents[1] / "seed" / "demo"
VIEWPORT = {"width": 1280, "height": 900}

_COSE = """async () => {
    const started = performance.now();
    const box = document.createElement("div");
    box.style.cssText = "position:absolute;left:0;top:0;width:800px;height:600px";
    document.body.append(box);
    const elements = graphMtl.drawn.cy.elements().jsons().map((e) => ({data: e.data}));
    const cy = cytoscape({container: box, elements, layout: {name: "cose", animate: false}});
    await new Promise((done) => requestAnimationFrame(() => done()));
    const took = performance.now() - started;
    cy.destroy(); box.remove();
    return took;
}"""

_FRAME = """async () => {
    const cy = graphMtl.drawn.cy;
    const times = [];
    for (let i = 0; i < 12; i++) {
        const started = performance.now();
        cy.zoom({level: cy.zoom() * (i % 2 ? 1 / 1.2 : 1.2), renderedPosition: {x: 300, y: 300}});
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)] / 2;
}"""


def _made_up(members: int, seed: int = 1) -> Bundle:
    """One account of `members` key persons across the five powers, reached through
    ten door openers; about a fifth of the members have no tie anyone knows of."""
    rng = random.Random(seed)
    roles = [Role(id=f"r-{p.value}", name=p.value, cares_about=("n-x",), power=p) for p in Power]
    people = [Person(id="sp", name="Salesperson", is_salesperson=True)]
    people += [Person(id=f"o{i}", name=f"Opener {i}") for i in range(10)]
    people += [
        Person(id=f"m{i}", name=f"成员 {i}", customer_id="c-big", roles=(roles[i % 5].id,))
        for i in range(members)
    ]
    ties = [Tie(source="sp", target=f"o{i}", strength=rng.uniform(0.5, 0.9)) for i in range(10)]
    for i in range(members):
        if rng.random() < 0.8:
            for opener in rng.sample(range(10), 2):
                ties.append(
                    Tie(source=f"o{opener}", target=f"m{i}", strength=rng.uniform(0.3, 0.9))
                )
    return Bundle(
        customers=[Customer(id="c-big", name="大客户 Big account", status="target")],
        needs=[Need(id="n-x", name="need", can_meet=True)],
        roles=roles,
        customer_needs=[CustomerNeed(customer_id="c-big", need_id="n-x")],
        people=people,
        ties=ties,
    )


def _serve(store: SqliteStore) -> tuple[uvicorn.Server, str]:
    app = create_app(Settings(), demo=True, store_factory=lambda: store)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}"


def _measure(
    browser: Any, base: str, customer: str, source: str, runs: int
) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {"open": [], "draw": [], "cose": [], "frame": []}
    members = 0
    for _ in range(runs):
        context = browser.new_context(viewport=VIEWPORT)
        context.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort()
        )
        page = context.new_page()
        page.goto(f"{base}/app/customers/{customer}?from={source}")
        page.wait_for_selector("body[data-ready=customer]", timeout=120_000)
        figures["open"].append(page.evaluate("graphMtl.readyMs"))
        figures["draw"].append(page.evaluate("graphMtl.drawMs"))
        members = page.evaluate("graphMtl.data.members.length")
        figures["cose"].append(page.evaluate(_COSE))
        figures["frame"].append(page.evaluate(_FRAME))
        context.close()
    figures["members"] = [float(members)]
    return figures


def _row(label: str, figures: dict[str, list[float]]) -> None:
    def spread(values: list[float]) -> str:
        return f"{min(values):7.1f} {statistics.median(values):7.1f} {max(values):7.1f}"

    ratio = statistics.median(figures["cose"]) / statistics.median(figures["draw"])
    print(f"{label:>6} ({int(figures['members'][0])} members)")
    for name in ("open", "draw", "cose", "frame"):
        print(f"  {name:<6} ms  min/median/max {spread(figures[name])}")
    print(f"  cose / draw = {ratio:.1f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    from tests.browser.chromium import launched

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "bundle"
        write_bundle(folder, people=args.people, seed=3)
        generated = read_bundle(folder)
        largest, _ = Counter(p.customer_id for p in generated.people if p.customer_id).most_common(
            1
        )[0]
        accounts: list[tuple[str, SqliteStore, str, str]] = []
        demo = SqliteStore()
        import_bundle(demo, DEMO)
        accounts.append(("demo", demo, "c-huaxin", "sp-zhang"))
        big = SqliteStore(Path(scratch) / "100k.db")
        big.load(generated)
        accounts.append((f"{args.people // 1000}k", big, largest, big.team()[0].id))
        made = SqliteStore()
        made.load(_made_up(args.members))
        accounts.append((str(args.members), made, "c-big", "sp"))
        with launched() as browser:
            for label, store, customer, source in accounts:
                server, base = _serve(store)
                try:
                    _row(label, _measure(browser, base, customer, source, args.runs))
                finally:
                    server.should_exit = True
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
