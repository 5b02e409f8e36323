"""Paths back into the CRM: `export-crm` writes the file the CRM's importer reads,
and reading it back with the same mapping gives the path service's answers, on the
demo and on a random graph, through HubSpot's and Salesforce's mappings."""

from __future__ import annotations

import csv
import random
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graph_mtl.cli import app
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Customer,
    CustomerNeed,
    CustomerStatus,
    Need,
    Person,
    Power,
    Role,
    TeamMember,
    Tie,
)
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import ImportRejected
from graph_mtl.ingest.crm import PathRow, load_mapping, read_crm, read_paths
from graph_mtl.ingest.crm_export import paths_csv
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.services.access import COMMAND_LINE
from graph_mtl.services.crm_paths import CrmPaths, crm_paths
from graph_mtl.services.imports import import_bundle
from graph_mtl.services.networks import import_crm
from graph_mtl.services.paths import warm_paths
from graph_mtl.services.team_view import TeamView
from graph_mtl.stores.sqlite_store import SqliteStore
from seed.generate import write_bundle

SEED = Path(__file__).parents[2] / "seed"
runner = CliRunner()


def _demo(tmp_path: Path) -> Path:
    db = tmp_path / "graph.db"
    store = SqliteStore(db)
    import_bundle(store, SEED / "demo")
    options: dict[str, Any] = {
        "caller": COMMAND_LINE,
        "playbook": load_playbook(),
        "today": date.today(),
    }
    import_crm(store, SEED / "crm" / "hubspot", load_mapping("hubspot"), **options)
    store.close()
    return db


def _exported(db: Path, crm: str, source: str, out: Path) -> list[PathRow]:
    args = ["export-crm", "--mapping", crm, "--from", source, "--out", str(out)]
    done = runner.invoke(app, [*args, "--store", str(db)])
    assert done.exit_code == 0, done.output
    return read_paths(out, load_mapping(crm))


def _check_against_the_path_service(store: GraphStore, source: str, rows: list[PathRow]) -> int:
    """Each row is the path service's answer for its contact; the number with a path."""
    view = TeamView.of(store, source)
    by_email = {p.email: i for i, p in view.people(_everyone(view)).items() if p.email}
    records = {
        j.ref.removeprefix("hubspot-"): j.person_id
        for j in view.employments(person_ids=list(by_email.values()))
        if j.origin == "HubSpot"
    }
    found = 0
    for row in rows:
        person = records.get(row.record or "") or by_email[row.email or ""]
        direct = view.ties([(source, person)])
        best = warm_paths(view, source, person, k=1)
        if direct:
            (tie,) = direct.values()
            assert row.strength == pytest.approx(tie.strength, abs=5e-5) and row.hops == 1
            assert row.connector == view.people([source])[source].name
        elif best:
            found += 1
            assert row.strength == pytest.approx(best[0].strength, abs=5e-5)
            assert row.path is not None
            names = row.path.split(" → ")
            assert row.hops == len(names) - 1 and row.connector == names[1]
            if names == best[0].names:
                assert row.hops == best[0].hops
                assert row.last_interaction == best[0].steps[-1].last_contact
        else:
            assert (row.connector, row.strength, row.hops, row.path) == (None, None, None, None)
    return found


def _everyone(store: GraphStore) -> list[str]:
    return [p.id for p in store.export().people]


@pytest.mark.parametrize("crm", ["hubspot", "salesforce"])
def test_the_demo_export_reads_back_as_the_path_service_answers(tmp_path: Path, crm: str) -> None:
    db = _demo(tmp_path)
    rows = _exported(db, crm, "sp-zhang", tmp_path / "paths.csv")
    assert len(rows) > 10
    with closing(SqliteStore(db)) as store:
        assert _check_against_the_path_service(store, "sp-zhang", rows) > 10
    keyed = [r for r in rows if r.record]
    assert [r.record for r in keyed] == (["51002"] if crm == "hubspot" else [])
    header = (tmp_path / "paths.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    mapping = load_mapping(crm)
    assert mapping.export is not None
    assert header[:2] == [mapping.contacts.id.column, "Email"]
    assert mapping.export.connector.column in header


def test_a_random_graph_exports_as_the_path_service_answers(tmp_path: Path) -> None:
    write_bundle(tmp_path / "bundle", people=400, seed=7)
    db = tmp_path / "graph.db"
    store = SqliteStore(db)
    import_bundle(store, tmp_path / "bundle")
    at_customers = [p for p in store.export().people if p.customer_id and p.email]
    chosen = random.Random(3).sample(at_customers, len(at_customers) // 2)
    names = {c.id: c.name for c in store.customers()}
    contacts = tmp_path / "contacts.csv"
    with contacts.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Record ID", "First Name", "Last Name", "Email", "Company Name"])
        out.writerows(
            [7000 + i, "", p.name, p.email, names[p.customer_id or ""]]
            for i, p in enumerate(chosen)
        )
    hubspot = load_mapping("hubspot")
    unused = ("title", "owner", "last_activity", "stage")
    mapping = hubspot.model_copy(
        update={"contacts": hubspot.contacts.model_copy(update=dict.fromkeys(unused))}
    )
    options: dict[str, Any] = {
        "caller": COMMAND_LINE,
        "playbook": Playbook(),
        "today": date.today(),
    }
    assert import_crm(store, contacts, mapping, **options).merged_people == len(chosen)
    store.close()
    with closing(SqliteStore(db)) as store:
        source = next(p.id for p in store.export().people if p.is_salesperson)
    rows = _exported(db, "hubspot", source, tmp_path / "paths.csv")
    assert rows and any(r.record for r in rows) and any(not r.record for r in rows)
    with closing(SqliteStore(db)) as store:
        assert _check_against_the_path_service(store, source, rows) > 0


def _team(store: GraphStore) -> None:
    store.load(
        Bundle(
            people=[
                Person(id="sp-zhang", name="张伟", is_salesperson=True),
                Person(id="sp-li", name="李娜", is_salesperson=True),
                Person(
                    id="k-cio",
                    name="Kim Lee",
                    customer_id="c-acme",
                    roles=("r-cio",),
                    email="kim@acme.example",
                ),
            ],
            customers=[Customer(id="c-acme", name="Acme", status=CustomerStatus.TARGET)],
            needs=[Need(id="n-erp", name="ERP", can_meet=True)],
            customer_needs=[CustomerNeed(customer_id="c-acme", need_id="n-erp")],
            roles=[
                Role(id="r-cio", name="CIO", power=Power.DECISION_MAKER, cares_about=("n-erp",))
            ],
            ties=[
                Tie(
                    source="sp-zhang", target="sp-li", strength=0.9, last_contact=date(2026, 11, 1)
                ),
                Tie(
                    source="sp-li",
                    target="k-cio",
                    strength=0.8,
                    last_contact=date(2026, 10, 3),
                    context="private: her sister's husband",
                ),
            ],
        )
    )


def test_a_teammates_private_context_never_appears(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "graph.db")
    _team(store)
    view = TeamView(store, "sp-zhang", [TeamMember(id="sp-li", name="李娜", shared=True)])
    found = crm_paths(view, Playbook(), "sp-zhang", load_mapping("hubspot"))
    (row,) = found.rows
    assert (row.connector, row.hops) == ("李娜", 2) and row.strength == pytest.approx(0.72)
    assert row.last_interaction is None  # the teammate's tie: its dates are theirs
    text = paths_csv(found.rows, load_mapping("hubspot"))
    assert "sister" not in text and "2026-10-03" not in text and "kim@acme.example" in text
    hidden = TeamView(store, "sp-zhang", [TeamMember(id="sp-li", name="李娜", shared=False)])
    # Kim is known only through sp-li's network, which sp-li does not share: nobody to list.
    assert crm_paths(hidden, Playbook(), "sp-zhang", load_mapping("hubspot")).rows == []


def test_a_contact_the_crm_cannot_key_is_left_out(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "graph.db")
    _team(store)
    store.load(
        Bundle(people=[Person(id="k-cio", name="Kim Lee", customer_id="c-acme", roles=("r-cio",))])
    )
    view = TeamView(store, "sp-zhang", [TeamMember(id="sp-li", name="李娜", shared=True)])
    found: CrmPaths = crm_paths(view, Playbook(), "sp-zhang", load_mapping("hubspot"))
    assert (found.rows, found.not_in_crm) == ([], ["k-cio"])


def test_the_file_is_checked_when_read_back(tmp_path: Path) -> None:
    path = tmp_path / "paths.csv"
    path.write_text(
        "Record ID,Email,graph_mtl_best_connector,graph_mtl_path_strength,graph_mtl_path_hops,"
        "graph_mtl_last_interaction,graph_mtl_path\n"
        "1,,A,strong,2,2026-13-01,x\n"
        ",,A,0.5,2,,x\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as rejected:
        read_paths(path, load_mapping("hubspot"))
    reasons = [str(p) for p in rejected.value.problems]
    assert len(reasons) == 3 and all(r.startswith("paths.csv:") for r in reasons)
    with pytest.raises(ImportRejected):  # the export file is no contacts export
        read_crm(path, load_mapping("hubspot"))


def test_the_command_writes_to_standard_output_and_fails_in_one_line(tmp_path: Path) -> None:
    db = _demo(tmp_path)
    args = ["export-crm", "--mapping", "hubspot", "--from", "sp-zhang", "--store", str(db)]
    done = runner.invoke(app, args)
    assert done.exit_code == 0 and done.stdout.startswith("Record ID,Email,")
    bad = runner.invoke(app, [*args[:2], "nowhere.toml", *args[3:]])
    assert bad.exit_code == 1 and len(bad.output.strip().splitlines()) == 1
