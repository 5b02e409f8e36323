"""`team_closest` on every store against a brute force: on random graphs with random
opt-ins, every simple path of each listed salesperson to each key person within the
hop limit is enumerated, over the ties the team rule lets carry that salesperson's
chain (nobody's who has not opted in, but their own), and the salespeople are ranked
by the one order of the searches. The listing follows the rule too (a salesperson
who does not share is listed only to themself and to admins), and no chain shows
the context of a tie that is another salesperson's."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator, Sequence

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Customer,
    CustomerNeed,
    CustomerStatus,
    Need,
    Person,
    Power,
    Role,
    Tie,
)
from graph_mtl.domain.pathfinding import Mode
from graph_mtl.domain.ports import GraphStore
from graph_mtl.services.key_persons import key_persons
from graph_mtl.services.paths import warm_paths
from graph_mtl.services.team_closest import team_closest
from graph_mtl.services.team_view import TeamView

STRENGTHS = (0.25, 0.5, 0.5, 0.8, 1.0)
SECRET = "secret"


def _graph(seed: int) -> tuple[Bundle, list[str], set[str]]:
    """People p00…, salespeople sp0…, customer c with key persons k0…; some
    salespeople share. Every tie's context names its pair, a secret."""
    rng = random.Random(seed)
    sales = [f"sp{i}" for i in range(rng.randint(2, 5))]
    keys = [f"k{i}" for i in range(rng.randint(1, 3))]
    others = [f"p{i:02d}" for i in range(rng.randint(4, 12))]
    people = [Person(id=s, name=f"Sales {s}", is_salesperson=True) for s in sales]
    people += [
        Person(id=k, name=f"Key {k}", customer_id="c", roles=(rng.choice(["r1", "r2"]),))
        for k in keys
    ]
    people += [Person(id=p, name=f"Person {p}") for p in others]
    ids = sales + keys + others
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    chosen = rng.sample(pairs, min(len(pairs), rng.randint(len(ids), 3 * len(ids))))
    ties = [
        Tie(source=a, target=b, strength=rng.choice(STRENGTHS), context=f"{SECRET} {a}-{b}")
        for a, b in chosen
    ]
    bundle = Bundle(
        people=people,
        ties=ties,
        customers=[Customer(id="c", name="Customer C", status=CustomerStatus.TARGET)],
        needs=[Need(id="n", name="Need N", can_meet=True), Need(id="m", name="M", can_meet=True)],
        roles=[
            Role(id="r1", name="Boss", cares_about=("n",), power=Power.DECISION_MAKER),
            Role(id="r2", name="User", cares_about=("n", "m"), power=Power.USER),
        ],
        customer_needs=[CustomerNeed(customer_id="c", need_id="n")],
    )
    shared = {s for s in sales if rng.random() < 0.5}
    return bundle, sales, shared


def _simple_paths(
    adjacency: dict[str, dict[str, float]], source: str, target: str, max_hops: int, avoid: set[str]
) -> Iterator[tuple[tuple[str, ...], tuple[float, ...]]]:
    def walk(
        path: list[str], strengths: list[float]
    ) -> Iterator[tuple[tuple[str, ...], tuple[float, ...]]]:
        here = path[-1]
        if here == target:
            yield tuple(path), tuple(strengths)
            return
        if len(strengths) == max_hops:
            return
        for other, strength in adjacency.get(here, {}).items():
            if other in path or other in avoid:
                continue
            yield from walk([*path, other], [*strengths, strength])

    yield from walk([source], [])


def _key(mode: Mode, nodes: tuple[str, ...], strengths: Sequence[float]) -> tuple[object, ...]:
    weight = round(sum(-math.log(s) for s in strengths), 9)
    cost = (weight, len(strengths)) if mode is Mode.STRONGEST else (len(strengths), weight)
    return (*cost, nodes)


def _brute(
    bundle: Bundle,
    sales: list[str],
    shared: set[str],
    *,
    source: str | None,
    admin: bool,
    target: str,
    mode: Mode,
    max_hops: int,
) -> list[tuple[str, tuple[str, ...], float]]:
    adjacency: dict[str, dict[str, float]] = {}
    for tie in bundle.ties:
        adjacency.setdefault(tie.source, {})[tie.target] = tie.strength
        adjacency.setdefault(tie.target, {})[tie.source] = tie.strength
    listed = [s for s in sales if s in shared or s == source or admin or source is None]
    private = {s for s in sales if s not in shared}
    best = []
    for member in listed:
        if member == target:
            continue
        found = list(_simple_paths(adjacency, member, target, max_hops, private - {member}))
        if found:
            nodes, strengths = min(found, key=lambda p: _key(mode, *p))
            best.append((_key(mode, nodes, strengths), member, nodes, math.prod(strengths)))
    best.sort(key=lambda b: b[0])
    return [(member, nodes, strength) for _k, member, nodes, strength in best]


@pytest.mark.parametrize("seed", range(6))
def test_team_closest_is_the_brute_force(store: GraphStore, seed: int) -> None:
    bundle, sales, shared = _graph(seed)
    store.load(bundle)
    for s in shared:
        store.set_team_sharing(s, shared=True)
    rng = random.Random(seed)
    keys = sorted(p.id for p in bundle.people if p.id.startswith("k"))
    askers: list[tuple[str | None, bool]] = [(None, False), *((s, False) for s in sales)]
    askers.append((rng.choice(sales), True))
    for source, admin in askers:
        mode = rng.choice(list(Mode))
        max_hops = rng.randint(2, 4)
        target = rng.choice([*keys, "c", rng.choice(sales)])
        found = team_closest(
            store, target, source=source, admin=admin, mode=mode, max_hops=max_hops
        )
        targets = [k.id for k in found.people]
        if target == "c":
            assert targets == [k.id for k in key_persons(store, "c")]
        else:
            assert targets == [target]
        for person in found.people:
            expected = _brute(
                bundle,
                sales,
                shared,
                source=source,
                admin=admin,
                target=person.id,
                mode=mode,
                max_hops=max_hops,
            )
            got = [(c.id, tuple(c.path.nodes), c.strength) for c in person.teammates]
            assert [(m, n) for m, n, _s in got] == [(m, n) for m, n, _s in expected], (
                source,
                admin,
                person.id,
            )
            assert [s for *_x, s in got] == pytest.approx([s for *_x, s in expected])
            for chain in person.teammates:
                assert chain.ask == chain.path.nodes[1] and chain.hops == chain.path.hops
                assert chain.you is (chain.id == source)
            own = (
                warm_paths(
                    TeamView.of(store, source), source, person.id, mode=mode, max_hops=max_hops
                )
                if source is not None and source != person.id
                else []
            )
            assert person.own == (own[0] if own else None)
        _no_secret_of_others(found.model_dump(mode="json"), source, sales)


def _no_secret_of_others(data: object, source: str | None, sales: list[str]) -> None:
    """Every context shown is either a tie of the asker's, or of nobody on the team."""
    text = json.dumps(data)
    for word in text.split('"'):
        if word.startswith(SECRET):
            a, b = word.removeprefix(f"{SECRET} ").split("-")
            assert source in (a, b) or not ({a, b} & set(sales)), word
