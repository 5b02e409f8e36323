"""A LinkedIn export imports the same way into every store."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Customer, CustomerStatus, Person, Tie
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphStore
from graph_mtl.services.access import COMMAND_LINE
from graph_mtl.services.changes import job_changes
from graph_mtl.services.networks import NetworkImport, import_linkedin
from graph_mtl.services.paths import explain
from tests.unit.test_linkedin import TODAY, _export


def test_a_linkedin_export_imports_alike_on_every_store(store: GraphStore, tmp_path: Path) -> None:
    store.load(Bundle(people=[Person(id="sp-zhang", name="张伟", is_salesperson=True)]))
    export = _export(tmp_path / "export")

    def imported() -> NetworkImport:
        return import_linkedin(
            store,
            export,
            salesperson_id="sp-zhang",
            caller=COMMAND_LINE,
            playbook=Playbook(),
            today=TODAY,
        )

    found = imported()
    assert found.connections == 3
    assert job_changes(store, since=TODAY).changes == []  # first seen is no job change
    neighbours = dict(store.adjacency(["sp-zhang"])["sp-zhang"])
    assert set(neighbours) == {"li-jane-doe-1a2b", "li-陈国栋", "mail-sam@example.org"}
    tie = store.ties([("li-jane-doe-1a2b", "sp-zhang")])[("li-jane-doe-1a2b", "sp-zhang")]
    assert tie.context.startswith(
        "LinkedIn connection since 2023-01-15; 2 messages sent, 1 received"
    )
    before = store.export().canonical()
    assert imported().new_people == 0
    assert store.export().canonical() == before


# -- one person from many sources ---------------------------------------------
_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _connections(folder: Path, *rows: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Connections.csv").write_text(_HEADER + "".join(rows), encoding="utf-8")
    return folder


def _linkedin(
    store: GraphStore, folder: Path, salesperson: str, today: date = TODAY, **kw: Any
) -> NetworkImport:
    return import_linkedin(
        store,
        folder,
        salesperson_id=salesperson,
        caller=COMMAND_LINE,
        playbook=Playbook(),
        today=today,
        **kw,
    )


def _team(store: GraphStore) -> None:
    store.load(
        Bundle(
            people=[
                Person(id="sp-zhang", name="张伟", is_salesperson=True, email="zhang@our.example"),
                Person(id="sp-li", name="李娜", is_salesperson=True),
                Person(
                    id="crm-kim", name="Kim Lee", customer_id="c-acme", email="Kim@Acme.example"
                ),
                Person(id="crm-bo", name="Bo Chen", customer_id="c-acme"),
            ],
            customers=[
                Customer(
                    id="c-acme",
                    name="Acme Inc.",
                    status=CustomerStatus.TARGET,
                    domain="acme.example",
                ),
                Customer(id="c-globex", name="Globex GmbH", status=CustomerStatus.TARGET),
            ],
            ties=[Tie(source="sp-zhang", target="crm-bo", strength=0.7, context="typed in")],
        )
    )


def test_a_person_known_from_elsewhere_is_matched_not_duplicated(
    store: GraphStore, tmp_path: Path
) -> None:
    _team(store)
    folder = _connections(
        tmp_path / "zhang",
        # by e-mail (any case), though LinkedIn writes the company differently
        "Kim,Lee,https://www.linkedin.com/in/kim-lee,kim@acme.example,ACME,CFO,15 Jan 2023\n",
        # by name and employer: no e-mail, no URL known yet
        "Bo,Chen,https://www.linkedin.com/in/bo-chen,,ACME Inc,CIO,03 Mar 2024\n",
        # nobody: a new person, at a customer found by the e-mail domain
        "Ann,Ma,https://www.linkedin.com/in/ann-ma,ann@acme.example,Acme Labs,CTO,01 Dec 2025\n",
    )
    found = _linkedin(store, folder, "sp-zhang")
    assert (found.new_people, found.known_people, found.merged_people) == (1, 2, 2)
    assert found.typed_ties_kept == 1 and found.conflicts == []
    assert {i for i, _ in store.adjacency(["sp-zhang"])["sp-zhang"]} == {
        "crm-kim",
        "crm-bo",
        "li-ann-ma",
    }
    assert store.people(["li-ann-ma"])["li-ann-ma"].customer_id == "c-acme"
    assert store.people(["crm-kim"])["crm-kim"].title == "CFO"  # filled in: it had none
    kept = store.ties([("sp-zhang", "crm-bo")])[("crm-bo", "sp-zhang")]
    assert (kept.strength, kept.context) == (0.7, "typed in")
    jobs = store.employments(person_ids=["crm-kim"])
    assert [(j.origin, j.company, j.ref, j.since) for j in jobs] == [
        ("LinkedIn (sp-zhang)", "ACME", "li-kim-lee", TODAY)
    ]
    # Another salesperson's export names the same profile: still one person, two sources.
    other = _connections(
        tmp_path / "li",
        "Kim,Lee,https://www.linkedin.com/in/kim-lee,,Acme Inc.,CFO,02 Feb 2020\n",
    )
    again = _linkedin(store, other, "sp-li")
    assert (again.new_people, again.merged_people) == (0, 1)
    assert {j.origin for j in store.employments(person_ids=["crm-kim"])} == {
        "LinkedIn (sp-zhang)",
        "LinkedIn (sp-li)",
    }
    assert "crm-kim" in {i for i, _ in store.adjacency(["sp-li"])["sp-li"]}
    before = store.export().canonical()
    _linkedin(store, folder, "sp-zhang")
    assert store.export().canonical() == before  # the same export again changes nothing


def test_sources_that_disagree_are_both_kept_and_reported(
    store: GraphStore, tmp_path: Path
) -> None:
    _team(store)
    _linkedin(
        store,
        _connections(
            tmp_path / "zhang",
            "Kim,Lee,https://www.linkedin.com/in/kim-lee,kim@acme.example,Acme,CFO,15 Jan 2023\n",
        ),
        "sp-zhang",
    )
    found = _linkedin(
        store,
        _connections(
            tmp_path / "li", "Kim,Lee,https://www.linkedin.com/in/kim-lee,,Globex,CFO,01 Jan 2024\n"
        ),
        "sp-li",
    )
    assert [(c.person_id, c.company, c.other_company, c.other_origin) for c in found.conflicts] == [
        ("crm-kim", "Globex", "Acme", "LinkedIn (sp-zhang)")
    ]
    assert store.people(["crm-kim"])["crm-kim"].customer_id == "c-acme"  # not overwritten
    assert len([j for j in store.employments(person_ids=["crm-kim"]) if j.until is None]) == 2


def test_a_job_change_ends_the_old_employment_and_moves_the_person(
    store: GraphStore, tmp_path: Path
) -> None:
    _team(store)
    row = "Kim,Lee,https://www.linkedin.com/in/kim-lee,kim@acme.example,{},CFO,15 Jan 2023\n"
    _linkedin(store, _connections(tmp_path / "old", row.format("Acme")), "sp-zhang")
    later = date(2027, 3, 1)
    moved = _linkedin(
        store, _connections(tmp_path / "new", row.format("Globex")), "sp-zhang", today=later
    )
    assert [(c.person_id, c.left, c.joined) for c in moved.job_changes] == [
        ("crm-kim", "Acme", "Globex")
    ]
    assert moved.conflicts == []
    assert store.people(["crm-kim"])["crm-kim"].customer_id == "c-globex"
    assert "crm-kim" not in {p.id for p in store.employees("c-acme")}
    jobs = {j.company: (j.since, j.until) for j in store.employments(person_ids=["crm-kim"])}
    assert jobs == {"Acme": (TODAY, later), "Globex": (later, None)}
    assert {j.company for j in store.employments(changed_since=later)} == {"Acme", "Globex"}
    listed = job_changes(store, since=TODAY).changes
    assert [(c.kind, c.customer_id, c.person_id, c.on, c.other_company) for c in listed] == [
        ("left", "c-acme", "crm-kim", later, "Globex"),
        ("joined", "c-globex", "crm-kim", later, "Acme"),
    ]
    assert listed[0].origins == ["LinkedIn (sp-zhang)"] and listed[0].customer_name == "Acme Inc."
    assert job_changes(store, since=date(2027, 3, 2)).changes == []


def test_unmatched_companies_become_customers_when_asked(store: GraphStore, tmp_path: Path) -> None:
    _team(store)
    folder = _connections(
        tmp_path / "zhang",
        "Wu,Tom,https://www.linkedin.com/in/tom-wu,,博远物流有限公司,IT经理,15 Jan 2023\n",
        "Xu,Lan,https://www.linkedin.com/in/lan-xu,,博远物流,CIO,15 Jan 2023\n",
    )
    dry = _linkedin(store, folder, "sp-zhang", dry_run=True)
    assert (
        dry.unmatched_companies == ["博远物流有限公司", "博远物流"] and dry.customers_created == 0
    )
    found = _linkedin(store, folder, "sp-zhang", create_customers=True)
    assert found.customers_created == 1 and found.unmatched_companies == []
    (created,) = [c for c in store.customers() if c.id not in {"c-acme", "c-globex"}]
    assert created.status == CustomerStatus.POTENTIAL and created.name == "博远物流有限公司"
    assert {p.id for p in store.employees(created.id)} == {"li-tom-wu", "li-lan-xu"}


def test_a_path_explains_an_imported_tie_by_its_evidence(store: GraphStore, tmp_path: Path) -> None:
    store.load(Bundle(people=[Person(id="sp-zhang", name="张伟", is_salesperson=True)]))
    _linkedin(store, _export(tmp_path / "export"), "sp-zhang")
    raw = store.best_paths("sp-zhang", "li-jane-doe-1a2b", k=1, max_hops=2)
    (path,) = explain(store, raw, today=TODAY)
    (step,) = path.steps
    assert (
        step.reasons[0]
        == "LinkedIn connection since 2023; 2 messages sent, 1 received, the last 4 days ago"
    )
    assert step.context.startswith(
        "LinkedIn connection since 2023-01-15; 2 messages sent, 1 received"
    )
