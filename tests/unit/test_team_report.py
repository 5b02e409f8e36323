"""`report --team` and `build_team_report`: both engines (local processes, Ray tasks
over the index in Ray's object store) write the same files byte for byte, on the
demo and on random graphs; the team rule holds (who is listed, no context of a
tie that is another salesperson's); every key person's closest salesperson is
`team_closest`'s first (which tests/contract/test_team_closest_contract.py checks
against a brute force); and the searches run ahead answer every search the
reports make.

Ray starts once for the module, here, on two CPUs, and stops after it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import graph_mtl.cli.report  # noqa: F401  (registers the command)
from graph_mtl.cli import app
from graph_mtl.domain.pathfinding import Mode
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.reports import ReportFormat, render
from graph_mtl.reports.team import render_team
from graph_mtl.services.report import Report, build_report
from graph_mtl.services.report import team as team_module
from graph_mtl.services.report.engines import Engine, LocalEngine
from graph_mtl.services.report.ray_engine import RayEngine
from graph_mtl.services.report.searches import Searches
from graph_mtl.services.report.team import TeamReport, build_team_report
from graph_mtl.services.team_closest import team_closest
from graph_mtl.services.team_view import TeamView
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.contract.test_team_closest_contract import _graph, _no_secret_of_others

pytestmark = [pytest.mark.ray, pytest.mark.slow]

DEMO = Path(__file__).parents[2] / "seed" / "demo"
SHARING = ("sp-li", "sp-wang")
runner = CliRunner()


@pytest.fixture(scope="module")
def ray_engine() -> Iterator[RayEngine]:
    engine = RayEngine(num_cpus=2)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "graph.db"
    assert runner.invoke(app, ["import", str(DEMO), "--store", str(path)]).exit_code == 0
    store = SqliteStore(path)
    for s in SHARING:
        store.set_team_sharing(s, shared=True)
    store.close()
    return path


def _cli(store: Path, out: Path, *args: str) -> dict[str, bytes]:
    result = runner.invoke(
        app, ["report", "--team", "--out", str(out), "--store", str(store), *args]
    )
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.mark.parametrize("asker", [[], ["--from", "sp-zhang"], ["--from", "sp-li"]])
def test_both_engines_write_the_same_files_on_the_demo(
    ray_engine: RayEngine, demo: Path, tmp_path: Path, asker: list[str]
) -> None:
    local = _cli(demo, tmp_path / "local", *asker, "--engine", "local", "--workers", "2")
    ray = _cli(demo, tmp_path / "ray", *asker, "--engine", "ray")
    assert local == ray
    listed = {"sp-chen", "sp-li", "sp-wang", "sp-zhang"} if not asker else {*SHARING, asker[1]}
    assert {n.split(".")[0] for n in local} == {"team", *listed}
    assert len(local) == 4 * (1 + len(listed))


def test_the_team_rule_on_the_demo(ray_engine: RayEngine, demo: Path, tmp_path: Path) -> None:
    files = _cli(demo, tmp_path / "out", "--from", "sp-zhang", "--format", "json")
    team = TeamReport.model_validate_json(files["team.json"])
    assert [m.id for m in team.team] == ["sp-li", "sp-wang", "sp-zhang"]
    assert "sp-chen" not in files["team.json"].decode()  # not sharing: nobody else sees them
    result = runner.invoke(
        app,
        ["report", "--team", "--from", "sp-zhang", "--salespeople", "sp-chen,sp-li",
         "--out", str(tmp_path / "x"), "--store", str(demo)],
    )  # fmt: skip
    assert result.exit_code == 1 and "sp-chen" in result.stderr
    # A sharing teammate's ties lend their strength, never their context or dates.
    li = Report.model_validate_json(files["sp-li.json"])
    steps = [
        step
        for section in li.customers
        for committee in section.committees
        for m in committee.members
        for step in (m.chain.steps if m.chain else ())
    ]
    own = [s for s in steps if "sp-li" in (s.source, s.target)]
    assert own, "the demo has chains over sp-li's ties"
    for step in own:
        assert step.context.startswith("in the team network of your teammate")
        assert step.last_contact is None


def test_a_salespersons_own_view_is_their_report(demo: Path) -> None:
    """Asked from a salesperson's position, their part is exactly `report --from`."""
    store = SqliteStore(demo)
    try:
        playbook = load_playbook(None)
        got: dict[str, Report] = {}
        spy = _Spy(store)
        build_team_report(
            spy.store,
            playbook,
            engine=LocalEngine(1),
            source="sp-zhang",
            salespeople=["sp-zhang"],
            each=lambda r: got.__setitem__(r.source, r),
        )
        plain = build_report(TeamView.of(store, "sp-zhang"), playbook, "sp-zhang")
        assert render(got["sp-zhang"], ReportFormat.JSON) == render(plain, ReportFormat.JSON)
        assert spy.misses() == 0  # every search the report made was answered ahead
    finally:
        store.close()


class _Spy:
    """Catches the `Searches` a team report makes, to read its misses."""

    def __init__(self, store: SqliteStore) -> None:
        self.store = store
        self.made: list[Searches] = []
        made = self.made
        original = Searches

        class Watched(original):  # type: ignore[misc, valid-type]
            def __init__(self, inner: SqliteStore) -> None:
                super().__init__(inner)
                made.append(self)

        self._patch = pytest.MonkeyPatch()
        self._patch.setattr(team_module, "Searches", Watched)

    def misses(self) -> int:
        self._patch.undo()
        return sum(s.misses for s in self.made)


def _files(team: TeamReport, reports: list[Report]) -> list[str]:
    out = []
    for fmt in ReportFormat:
        out.append(render_team(team, fmt, {r.source: f"{r.source}.{fmt.value}" for r in reports}))
        out += [render(r, fmt) for r in reports]
    return out


@pytest.mark.parametrize("seed", range(5))
def test_random_graphs_both_engines_and_team_closest(
    ray_engine: RayEngine, tmp_path: Path, seed: int
) -> None:
    bundle, sales, shared = _graph(seed)
    store = SqliteStore(tmp_path / "graph.db")
    try:
        store.load(bundle)
        for s in shared:
            store.set_team_sharing(s, shared=True)
        playbook = load_playbook(None)
        rng = random.Random(seed)
        for source, admin in [(None, False), *((s, False) for s in sales), (sales[0], True)]:
            mode, max_hops = rng.choice(list(Mode)), rng.randint(2, 4)
            made = {}
            engines: dict[str, Engine] = {"local": LocalEngine(2), "ray": ray_engine}
            for name, engine in engines.items():
                reports: list[Report] = []
                team = build_team_report(
                    store,
                    playbook,
                    engine=engine,
                    source=source,
                    admin=admin,
                    status="all",
                    mode=mode,
                    max_hops=max_hops,
                    each=reports.append,
                )
                made[name] = (team, reports, _files(team, reports))
            team, reports, files = made["local"]
            assert files == made["ray"][2]
            listed = sorted(
                s for s in sales if s in shared or s == source or admin or source is None
            )
            assert [m.id for m in team.team] == listed
            _no_secret_of_others(team.model_dump(mode="json"), source, sales)
            for r in reports:
                _no_secret_of_others(r.model_dump(mode="json"), source, sales)
            for account in team.accounts:
                for person in account.key_persons:
                    found = team_closest(
                        store, person.id, source=source, admin=admin, mode=mode, max_hops=max_hops
                    ).people[0]
                    first = found.teammates[0] if found.teammates else None
                    assert person.closest == first, (seed, source, person.id)
                    assert person.teammates == len(found.teammates)
    finally:
        store.close()
