"""LinkedIn data exports exactly as LinkedIn writes them: the Notes: preamble, a BOM,
hidden members, repeated rows, extra and reordered columns, multi-recipient
message cells, the zip and its folder; and the strength that evidence gives."""

from __future__ import annotations

import json
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.evidence import described, last_contact, strength_of
from graph_mtl.domain.models import Customer, CustomerStatus, Person, Power, Role, TieEvidence
from graph_mtl.domain.playbook import Evidence, Playbook
from graph_mtl.errors import Forbidden, ImportRejected, NotFound
from graph_mtl.services.access import COMMAND_LINE, Caller
from graph_mtl.services.networks import NetworkImport, company_key, import_linkedin
from graph_mtl.stores.sqlite_store import SqliteStore

TODAY = date(2026, 12, 2)
ME = "https://www.linkedin.com/in/zhang-wei-sales"
PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses'
    " are missing. You will only see email addresses for connections who have allowed their"
    ' connections to see or download their email address using this setting."\n'
    "\n"
)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ROWS = (
    'Jane,Doe,https://www.linkedin.com/in/jane-doe-1a2b,,"Acme, Inc.",CIO,15 Jan 2023\n'
    "国栋,陈,https://www.linkedin.com/in/%E9%99%88%E5%9B%BD%E6%A0%8B,,华信制造有限公司,CFO,"
    "03 Mar 2024\n"
    ",,,,,,12 Feb 2022\n"  # a member who hides their profile
    'Jane,Doe,https://www.linkedin.com/in/jane-doe-1a2b,,"Acme, Inc.",CIO,15 Jan 2023\n'
    'Sam,"O\'Neil, Jr.",,sam@example.org,Globex,Engineer,01 Dec 2025\n'
)
MESSAGES = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
    "DATE,SUBJECT,CONTENT,FOLDER\n"
    f"c1,,Jane Doe,https://www.linkedin.com/in/jane-doe-1a2b,Zhang Wei,{ME},"
    '2026-11-27 10:22:33 UTC,,"secret pricing talk, do not store",INBOX\n'
    f"c1,,Zhang Wei,{ME},Jane Doe,https://www.linkedin.com/in/jane-doe-1a2b,"
    "2026-11-28 09:00:00 UTC,,thanks,INBOX\n"
    f'c2,group,Zhang Wei,{ME},"Jane Doe, 陈国栋",'
    '"https://www.linkedin.com/in/jane-doe-1a2b,https://www.linkedin.com/in/%E9%99%88%E5%9B%BD%E6%A0%8B",'
    "2025-06-01 08:00:00 UTC,,hello both,INBOX\n"
)


def _export(folder: Path, *, bom: bool = True, messages: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = PREAMBLE + HEADER + ROWS
    (folder / "Connections.csv").write_bytes(("\ufeff" if bom else "").encode() + text.encode())
    if messages:
        (folder / "messages.csv").write_text(MESSAGES, encoding="utf-8")
    return folder


def _store(tmp_path: Path) -> SqliteStore:
    store = SqliteStore(tmp_path / "graph.db")
    store.load(
        Bundle(
            people=[
                Person(id="sp-zhang", name="张伟", is_salesperson=True),
                Person(id="sp-li", name="李娜", is_salesperson=True),
            ],
            customers=[Customer(id="c-acme", name="ACME Inc", status=CustomerStatus.TARGET)],
        )
    )
    return store


def _import(store: SqliteStore, path: Path, **kw: Any) -> NetworkImport:
    options: dict[str, Any] = {
        "salesperson_id": "sp-zhang",
        "caller": COMMAND_LINE,
        "today": TODAY,
        **kw,
    }
    return import_linkedin(store, path, playbook=Playbook(), **options)


def test_an_export_becomes_people_and_ties_to_the_salesperson(tmp_path: Path) -> None:
    store = _store(tmp_path)
    found = _import(store, _export(tmp_path / "export"))
    assert (found.connections, found.new_people, found.hidden, found.repeated) == (3, 3, 1, 1)
    assert found.messages == 3 and found.matched_companies == 1
    assert found.unmatched_companies == ["华信制造有限公司", "Globex"]
    people = store.people(["li-jane-doe-1a2b", "li-陈国栋", "mail-sam@example.org"])
    assert people["li-jane-doe-1a2b"].customer_id == "c-acme"  # "Acme, Inc." is "ACME Inc"
    assert people["li-陈国栋"].name == "陈国栋" and people["li-陈国栋"].title == "CFO"
    assert people["mail-sam@example.org"].name == "Sam O'Neil, Jr."
    ties = store.ties([("li-jane-doe-1a2b", "sp-zhang"), ("mail-sam@example.org", "sp-zhang")])
    jane = ties[("li-jane-doe-1a2b", "sp-zhang")]
    assert jane.last_contact == date(2026, 11, 28)
    assert (
        jane.context
        == "LinkedIn connection since 2023-01-15; 2 messages sent, 1 received, the last on 2026-11-28"
    )
    bare = ties[("mail-sam@example.org", "sp-zhang")]
    assert bare.strength == Evidence().connection and bare.context.endswith("since 2025-12-01")
    assert jane.strength > bare.strength
    # The exporter's own profile is never a contact, and no message content is stored.
    everything = json.dumps(store.export().canonical(), ensure_ascii=False, default=str)
    assert "zhang-wei-sales" not in everything and "secret pricing" not in everything


def test_the_zip_its_folder_and_connections_alone_read_alike(tmp_path: Path) -> None:
    folder = _export(tmp_path / "Basic_LinkedInDataExport_12-02-2026")
    archive = tmp_path / "Basic_LinkedInDataExport_12-02-2026.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for f in folder.iterdir():
            out.write(f, f.name)
    exports = {}
    for name, path in (("folder", folder), ("zip", archive)):
        store = _store(tmp_path / name)
        _import(store, path)
        exports[name] = store.export().canonical()
    assert exports["folder"] == exports["zip"]
    alone = _store(tmp_path / "alone")
    found = _import(alone, folder / "Connections.csv")
    assert found.connections == 3 and found.messages == 0
    assert {t.strength for t in alone.export().ties} == {Evidence().connection}


def test_extra_and_reordered_columns_and_no_bom(tmp_path: Path) -> None:
    folder = tmp_path / "v2"
    folder.mkdir()
    (folder / "Connections.csv").write_text(
        PREAMBLE
        + "URL,Connected On,First Name,Last Name,Company,Position,Email Address,Headline\n"
        + "https://www.linkedin.com/in/kim-lee,02 Feb 2024,Kim,Lee,Initech,CTO,,Builder\n",
        encoding="utf-8",
    )
    store = _store(tmp_path)
    assert _import(store, folder).connections == 1
    assert store.people(["li-kim-lee"])["li-kim-lee"].title == "CTO"


def test_importing_again_changes_nothing_and_a_later_export_adds(tmp_path: Path) -> None:
    store = _store(tmp_path)
    folder = _export(tmp_path / "export")
    _import(store, folder)
    before = store.export().canonical()
    people = len(store.export().people)
    again = _import(store, folder)
    assert store.export().canonical() == before and again.new_people == 0
    assert again.known_people == 3
    with (folder / "Connections.csv").open("a", encoding="utf-8") as more:
        more.write("Ann,Lee,https://www.linkedin.com/in/ann-lee,,Acme,VP IT,01 Nov 2026\n")
    later = _import(store, folder)
    assert later.new_people == 1 and len(store.export().people) == people + 1


def test_a_bad_export_is_refused_whole_naming_the_file_and_line(tmp_path: Path) -> None:
    folder = _export(tmp_path / "export")
    (folder / "Connections.csv").write_text(
        PREAMBLE + HEADER + "Jo,Park,https://www.linkedin.com/in/jo,,X,Y,someday\n",
        encoding="utf-8",
    )
    store = _store(tmp_path)
    before = store.export().canonical()
    with pytest.raises(ImportRejected) as rejected:
        _import(store, folder)
    [problem] = rejected.value.problems
    assert (problem.file, problem.line) == ("Connections.csv", 5)  # after 3 of notes, 1 header
    assert "Connected On" in problem.reason and "15 Jan 2023" in problem.reason
    assert store.export().canonical() == before
    (folder / "Connections.csv").write_text("First Name,Last Name\nA,B\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        _import(store, folder)
    assert "no header row" in rejected.value.problems[0].reason


def test_the_salesperson_must_exist_and_import_their_own_network_only(tmp_path: Path) -> None:
    store = _store(tmp_path)
    folder = _export(tmp_path / "export")
    with pytest.raises(NotFound):
        _import(store, folder, salesperson_id="nobody")
    with pytest.raises(Forbidden):
        _import(store, folder, caller=Caller("sp-li", key_id="key-li"))
    assert _import(store, folder, caller=Caller("sp-zhang", key_id="key-z")).connections == 3


def test_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path)
    before = store.export().canonical()
    found = _import(store, _export(tmp_path / "export"), dry_run=True)
    assert found.dry_run and found.connections == 3
    assert store.export().canonical() == before


def test_company_names_match_across_case_punctuation_and_legal_suffixes() -> None:
    assert company_key("Acme, Inc.") == company_key("ACME Inc") == company_key("acme")
    assert company_key("华信制造有限公司") == company_key("华信制造")
    assert company_key("Globex GmbH") == company_key("GLOBEX")
    assert company_key("Acme") != company_key("Acme Robotics")


_EVIDENCE = st.lists(
    st.builds(
        TieEvidence,
        source=st.just("sp-zhang"),
        target=st.just("li-jo"),
        origin=st.sampled_from(["LinkedIn", "HubSpot: the contact's owner", "Salesforce"]),
        since=st.none() | st.dates(date(2000, 1, 1), TODAY),
        contacts=st.integers(0, 500),
        last_contact=st.dates(date(2000, 1, 1), TODAY),
    ),
    min_size=1,
    max_size=3,
    unique_by=lambda e: e.origin,
)


@given(_EVIDENCE, st.integers(0, 2), st.integers(1, 50), st.integers(1, 3000))
def test_strength_grows_with_contact_and_recency_and_stays_in_range(
    evidence: list[TieEvidence], which: int, more: int, older: int
) -> None:
    rules = Evidence()
    strength = strength_of(evidence, rules, today=TODAY)
    assert 0.0 < strength <= 1.0 and strength >= rules.connection
    assert strength == strength_of(list(reversed(evidence)), rules, today=TODAY)  # stable
    one = evidence[which % len(evidence)]
    others = [e for e in evidence if e is not one]
    busier = one.model_copy(update={"contacts": one.contacts + more})
    assert strength_of([*others, busier], rules, today=TODAY) >= strength
    assert one.last_contact is not None
    staler = one.model_copy(update={"last_contact": one.last_contact - timedelta(days=older)})
    assert strength_of([*others, staler], rules, today=TODAY) <= strength
    last = last_contact(evidence)
    if sum(e.contacts for e in evidence) and last and (TODAY - last).days < 3650:
        assert strength > rules.connection  # contact within ten years still counts


def test_evidence_reads_relative_to_today_and_dated_when_stored() -> None:
    linkedin = TieEvidence(
        source="sp-zhang",
        target="li-jo",
        origin="LinkedIn",
        since=date(2023, 1, 15),
        contacts=12,
        last_contact=TODAY - timedelta(days=5),
    )
    crm = TieEvidence(
        source="sp-zhang",
        target="li-jo",
        origin="HubSpot: the contact's owner",
        contacts=1,
        last_contact=TODAY - timedelta(days=70),
    )
    assert described([linkedin, crm], today=TODAY) == (
        "HubSpot: the contact's owner; last activity 2 months ago; "
        "LinkedIn connection since 2023; 12 messages exchanged, the last 5 days ago"
    )
    assert described([linkedin]) == (
        "LinkedIn connection since 2023-01-15; 12 messages exchanged, the last on 2026-11-27"
    )


def test_the_command_imports_and_says_what_it_did(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from graph_mtl.cli import app

    store = _store(tmp_path)
    store.close()
    folder = _export(tmp_path / "export")
    db = str(tmp_path / "graph.db")
    args = ["import-linkedin", str(folder), "--salesperson", "sp-zhang", "--store", db]
    dry = CliRunner().invoke(app, [*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.startswith("would import 3 connections of 张伟")
    assert "1 hidden profile and 1 repeated row skipped" in " ".join(dry.stdout.split())
    assert SqliteStore(tmp_path / "graph.db").people(["li-jane-doe-1a2b"]) == {}
    done = CliRunner().invoke(app, [*args, "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["new_people"] == 3
    bad = CliRunner().invoke(app, [*args[:3], "nobody", "--store", db])
    assert bad.exit_code == 1 and "unknown person 'nobody'" in bad.output


def test_titles_give_roles_by_the_playbook_and_given_roles_win(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.load(
        Bundle(
            roles=[
                Role(id="r-cio", name="CIO", power=Power.DECISION_MAKER),
                Role(id="r-cfo", name="CFO", power=Power.DECISION_MAKER),
            ],
            people=[Person(id="mail-sam@example.org", name="Sam", roles=("r-cfo",))],
        )
    )
    rules = Playbook(
        titles={"r-cio": ["CIO", "信息化负责人"], "r-cfo": ["CFO"], "r-x": ["Engineer"]}
    )
    import_linkedin(
        store,
        _export(tmp_path / "export"),
        salesperson_id="sp-zhang",
        caller=COMMAND_LINE,
        playbook=rules,
        today=TODAY,
    )
    people = store.people(["li-jane-doe-1a2b", "li-陈国栋", "mail-sam@example.org"])
    assert people["li-jane-doe-1a2b"].roles == ("r-cio",)
    assert people["li-陈国栋"].roles == ("r-cfo",)
    # Sam's role was given on purpose and stays; "Engineer" names no role the store has.
    assert people["mail-sam@example.org"].roles == ("r-cfo",)
    assert people["mail-sam@example.org"].title == "Engineer"


def test_title_patterns_match_whole_words_and_any_case() -> None:
    rules = Playbook(titles={"r-cio": ["CIO", "信息中心主任"], "r-it": ["IT Manager"]})
    assert rules.roles_for_title("Group cio, APAC") == ("r-cio",)
    assert rules.roles_for_title("华信 信息中心主任") == ("r-cio",)
    assert rules.roles_for_title("Ciao bella") == ()
    assert rules.roles_for_title("Senior IT manager") == ("r-it",)


def test_the_demos_linkedin_export_brings_a_key_person_one_hop_closer(tmp_path: Path) -> None:
    from graph_mtl.ingest.playbook import load_playbook
    from graph_mtl.services.committee import committee
    from graph_mtl.services.imports import import_bundle

    seed = Path(__file__).parents[2] / "seed"
    store = SqliteStore(tmp_path / "demo.db")
    import_bundle(store, seed / "demo")
    before = {m.id for m in committee(store, "c-northwind", "sp-zhang").members}
    found = import_linkedin(
        store,
        seed / "linkedin" / "sp-zhang",
        salesperson_id="sp-zhang",
        caller=COMMAND_LINE,
        playbook=load_playbook(None),
        today=TODAY,
    )
    assert (found.connections, found.hidden, found.repeated) == (3, 1, 1)
    group = committee(store, "c-northwind", "sp-zhang")
    [daniel] = [m for m in group.members if m.id == "li-daniel-park-nw"]
    assert "li-daniel-park-nw" not in before and daniel.role == "r-bu-head"
    assert daniel.path is not None and daniel.path.hops == 1
    assert "LinkedIn connection since 2022-03-14; 1 message sent, 2 received" in (
        daniel.path.steps[0].context
    )
