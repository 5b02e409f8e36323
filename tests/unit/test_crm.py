"""CRM exports through their mappings: HubSpot's default Contacts and Companies
exports, Salesforce's Contacts and Accounts reports, and a mapping file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Customer, CustomerStatus, Person, Power, Role
from graph_mtl.domain.playbook import Evidence, Playbook
from graph_mtl.errors import Forbidden, ImportRejected, InvalidInput
from graph_mtl.ingest.crm import load_mapping
from graph_mtl.services.access import COMMAND_LINE, Caller
from graph_mtl.services.networks import CrmImport, import_crm
from graph_mtl.stores.sqlite_store import SqliteStore

TODAY = date(2026, 12, 2)
HUBSPOT_CONTACTS = (
    "Record ID,First Name,Last Name,Email,Phone Number,Company Name,Job Title,Contact owner,"
    "Last Activity Date,Lifecycle Stage,Create Date\n"
    '101,Kim,Lee,kim@acme.example,,"Acme, Inc.",CFO,Zhang Wei,2026-11-27 14:03,opportunity,'
    "2025-01-02 09:00\n"
    "102,Ravi,Shah,ravi@globex.example,,Globex GmbH,Chief Information Officer,li.na@ourco.example,"
    ",lead,2025-03-04 10:00\n"
    "103,Ana,Ruiz,,,Initech,Buyer,Someone Else,2026-06-01,subscriber,2025-05-06 11:00\n"
)
HUBSPOT_COMPANIES = (
    "Record ID,Company name,Company Domain Name,Lifecycle Stage,Company owner\n"
    "9001,Globex GmbH,globex.example,customer,Zhang Wei\n"
    "9002,Initech,initech.example,subscriber,\n"
)
SALESFORCE_CONTACTS = (
    "Contact ID,First Name,Last Name,Title,Account Name,Email,Contact Owner,Last Activity\n"
    "0035g00000AbCdE,Kim,Lee,CFO,ACME Inc,kim@acme.example,Zhang Wei,11/27/2026\n"
)


def _store(tmp_path: Path) -> SqliteStore:
    store = SqliteStore(tmp_path / "graph.db")
    store.load(
        Bundle(
            people=[
                Person(id="sp-zhang", name="Zhang Wei", is_salesperson=True),
                Person(id="sp-li", name="李娜", is_salesperson=True, email="li.na@ourco.example"),
            ],
            customers=[Customer(id="c-acme", name="ACME Inc", status=CustomerStatus.TARGET)],
            roles=[
                Role(id="r-cfo", name="CFO", power=Power.DECISION_MAKER),
                Role(id="r-cio", name="CIO", power=Power.DECISION_MAKER),
            ],
        )
    )
    return store


RULES = Playbook(titles={"r-cfo": ["CFO"], "r-cio": ["Chief Information Officer"]})


def _hubspot(tmp_path: Path) -> Path:
    folder = tmp_path / "hubspot"
    folder.mkdir(exist_ok=True)
    (folder / "hubspot-crm-exports-all-contacts-2026-12-02.csv").write_text(
        "\ufeff" + HUBSPOT_CONTACTS, encoding="utf-8"
    )
    (folder / "hubspot-crm-exports-all-companies-2026-12-02.csv").write_text(
        HUBSPOT_COMPANIES, encoding="utf-8"
    )
    return folder


def _run(store: SqliteStore, path: Path, mapping: str = "hubspot", **kw: Any) -> CrmImport:
    options: dict[str, Any] = {"caller": COMMAND_LINE, "playbook": RULES, "today": TODAY, **kw}
    return import_crm(store, path, load_mapping(mapping), **options)


def test_hubspot_contacts_become_people_and_owners_get_ties(tmp_path: Path) -> None:
    store = _store(tmp_path)
    found = _run(store, _hubspot(tmp_path))
    assert (found.contacts, found.new_people, found.owned) == (3, 3, 2)
    assert found.matched_companies == 1 and found.unmatched_companies == ["Globex GmbH", "Initech"]
    kim = store.people(["hubspot-101"])["hubspot-101"]
    assert (kim.customer_id, kim.roles, kim.title) == ("c-acme", ("r-cfo",), "CFO")
    ties = store.ties([("hubspot-101", "sp-zhang"), ("hubspot-102", "sp-li")])
    zhang = ties[("hubspot-101", "sp-zhang")]
    assert zhang.last_contact == date(2026, 11, 27)
    assert zhang.context == "HubSpot: the contact's owner; last activity on 2026-11-27"
    assert ties[("hubspot-102", "sp-li")].strength == Evidence().connection  # no activity
    assert zhang.strength > Evidence().connection
    assert store.adjacency(["hubspot-103"])["hubspot-103"] == []  # owner is no salesperson


def test_create_customers_takes_the_status_from_the_stage(tmp_path: Path) -> None:
    store = _store(tmp_path)
    found = _run(store, _hubspot(tmp_path), create_customers=True)
    assert found.customers_created == 2 and found.unmatched_companies == []
    statuses = {c.name: c.status for c in store.customers()}
    assert statuses["Globex GmbH"] is CustomerStatus.EXISTING  # lifecycle stage "customer"
    assert statuses["Initech"] is CustomerStatus.POTENTIAL
    ravi = store.people(["hubspot-102"])["hubspot-102"]
    assert ravi.customer_id is not None and ravi.roles == ("r-cio",)
    again = _run(store, _hubspot(tmp_path), create_customers=True)
    assert again.customers_created == 0 and again.new_people == 0


def test_salesforce_reports_and_us_dates(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(SALESFORCE_CONTACTS, encoding="utf-8")
    store = _store(tmp_path)
    found = _run(store, path, "salesforce")
    assert found.owned == 1
    tie = store.ties([("salesforce-0035g00000AbCdE", "sp-zhang")])
    assert [t.last_contact for t in tie.values()] == [date(2026, 11, 27)]


def test_a_mapping_file_for_any_other_crm(tmp_path: Path) -> None:
    mapping = tmp_path / "ourcrm.toml"
    mapping.write_text(
        'name = "OurCRM"\n[contacts]\nfile = "people"\nid = "No."\nfirst_name = "Given"\n'
        'last_name = "Family"\ncompany = "Org"\nowner = "Rep"\n',
        encoding="utf-8",
    )
    folder = tmp_path / "ourcrm"
    folder.mkdir()
    (folder / "people.csv").write_text("No.,Given,Family,Org,Rep\n7,Jo,Park,ACME Inc,Zhang Wei\n")
    store = _store(tmp_path)
    assert _run(store, folder, str(mapping)).owned == 1
    assert store.people(["ourcrm-7"])["ourcrm-7"].customer_id == "c-acme"
    with pytest.raises(InvalidInput):
        load_mapping(str(tmp_path / "missing.toml"))


def test_a_bad_export_is_refused_whole(tmp_path: Path) -> None:
    folder = _hubspot(tmp_path)
    contacts = next(folder.glob("*contacts*"))
    contacts.write_text(HUBSPOT_CONTACTS.replace("2026-06-01", "June-ish"), encoding="utf-8")
    store = _store(tmp_path)
    before = store.export().canonical()
    with pytest.raises(ImportRejected) as rejected:
        _run(store, folder)
    [problem] = rejected.value.problems
    assert (problem.line, "Last Activity Date") == (4, problem.reason.split(":")[0])
    contacts.write_text("Record ID,First Name\n1,A\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        _run(store, folder)
    assert "missing columns: Last Name" in rejected.value.problems[0].reason
    assert store.export().canonical() == before


def test_a_salespersons_key_may_not_write_teammates_ties(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with pytest.raises(Forbidden):
        _run(store, _hubspot(tmp_path), caller=Caller("sp-zhang", key_id="key-z"))
    dry = _run(store, _hubspot(tmp_path), dry_run=True)
    assert dry.dry_run and store.people(["hubspot-101"]) == {}


def test_the_command_imports_a_hubspot_export(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from graph_mtl.cli import app

    _store(tmp_path).close()
    args = ["import-crm", str(_hubspot(tmp_path)), "--mapping", "hubspot"]
    args += ["--store", str(tmp_path / "graph.db")]
    done = CliRunner().invoke(app, [*args, "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["owned"] == 2
    bad = CliRunner().invoke(app, [*args[:3], "nowhere.toml", *args[4:]])
    assert bad.exit_code == 1 and "mapping" in bad.output


def test_the_demo_crm_export_merges_with_the_demo_linkedin_export(tmp_path: Path) -> None:
    from graph_mtl.services.imports import import_bundle
    from graph_mtl.services.networks import import_linkedin

    seed = Path(__file__).parents[2] / "seed"
    store = SqliteStore(tmp_path / "graph.db")
    import_bundle(store, seed / "demo")
    people = len(store.export().people)
    options: dict[str, Any] = {"caller": COMMAND_LINE, "playbook": RULES, "today": TODAY}
    import_linkedin(store, seed / "linkedin" / "sp-zhang", salesperson_id="sp-zhang", **options)
    found = import_crm(
        store,
        seed / "crm" / "hubspot",
        load_mapping("hubspot"),
        create_customers=True,
        **options,
    )
    assert (found.contacts, found.new_people, found.merged_people, found.owned) == (3, 0, 3, 3)
    assert found.customers_created == 1 and found.conflicts == []
    assert len(store.export().people) == people + 3  # LinkedIn's three, and no one else
    assert "northwind-03" in dict(store.adjacency(["sp-zhang"])["sp-zhang"])
    assert "li-daniel-park-nw" in dict(store.adjacency(["sp-li"])["sp-li"])
    marco = store.people(["li-marco-rossi-7"])["li-marco-rossi-7"]
    (contoso,) = [c for c in store.customers() if c.name == "Contoso S.p.A."]
    assert marco.customer_id == contoso.id and contoso.domain == "example.it"
    tie = store.ties([("sp-zhang", "li-marco-rossi-7")])[("li-marco-rossi-7", "sp-zhang")]
    assert tie.context.startswith(
        "HubSpot: the contact's owner; last activity on 2026-11-18; LinkedIn"
    )
