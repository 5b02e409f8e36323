"""LinkedIn exports of every year (tests/linkedin_years.py) read alike: the same
people, messages counted by direction, SPAM, drafts and sponsored ones never,
the owner found, invitations and positions read; a bad row refuses the export
whole; a salesperson's own employers give inferred former colleagues."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Customer, CustomerStatus, Employment, Person
from graph_mtl.domain.playbook import Playbook
from graph_mtl.errors import ImportRejected, InvalidInput
from graph_mtl.ingest.linkedin import read_linkedin
from graph_mtl.ingest.linkedin_dates import day, month_end, month_start
from graph_mtl.services.access import COMMAND_LINE, Caller
from graph_mtl.services.networks import NetworkImport, import_linkedin
from graph_mtl.services.tie_rules import with_tie_rules
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.linkedin_years import YEARS, build, files

TODAY = date(2026, 12, 2)
JANE, CHEN, KIM = "li-jane-doe-1a2b", "li-陈国栋", "li-kim-lee"


@pytest.mark.parametrize("year", sorted(YEARS))
def test_every_years_export_reads_alike(tmp_path: Path, year: int) -> None:
    export = read_linkedin(build(tmp_path, year))
    ids = [c.id for c in export.connections]
    assert len(ids) == 4 and export.hidden == 1 and export.repeated == 0
    assert ids[0] == JANE and ids[2] == "mail-sam@example.org"
    with_url = YEARS[year].url
    # Without the URL column, Jane's profile comes from her messages; 陈国栋 and Kim,
    # who never write, keep an id from name and company.
    assert export.joined == (0 if with_url else 1)
    assert (ids[1] == CHEN) == with_url and (ids[3] == KIM) == with_url
    assert export.owner_name == "Wei Zhang" and export.own_url == "zhang-wei-sales"
    assert (export.spam, export.sponsored, export.drafts) == (1, 1, int(year == 2026))
    assert export.messages == 4
    jane = export.exchanged[JANE]
    assert (jane.sent, jane.received, jane.last) == (2, 1, date(year, 6, 1))  # ARCHIVE counts
    chen = export.exchanged[ids[1]]
    assert (chen.sent, chen.received, chen.last) == (1, 0, date(year, 4, 1))  # no draft
    assert set(export.exchanged) == {JANE, ids[1]}
    assert export.accepted == 1 and len(export.invitations) == 2
    assert [(p.company, p.started, p.finished) for p in export.positions] == [
        ("Our Co", date(2018, 1, 1), None),
        ("Acme, Inc.", date(2015, 1, 1), date(2017, 12, 31)),
    ]


def test_the_same_network_of_two_years_is_the_same_people(tmp_path: Path) -> None:
    store = _store(tmp_path)
    _import(store, build(tmp_path / "2018", 2018))
    first = {p.id for p in store.export().people}
    later = _import(store, build(tmp_path / "2026", 2026))
    assert later.new_people == 0 and later.known_people == 4
    assert {p.id for p in store.export().people} == first
    again = store.export().canonical()
    _import(store, build(tmp_path / "2026b", 2026))
    assert store.export().canonical() == again


def test_counts_by_direction_are_the_evidence(tmp_path: Path) -> None:
    store = _store(tmp_path)
    found = _import(store, build(tmp_path, 2026))
    assert (found.messages, found.skipped_messages) == (4, 3)
    assert (found.invitations_accepted, found.invitations_pending, found.positions) == (1, 1, 2)
    evidence = store.evidence([("li-jane-doe-1a2b", "sp-zhang"), ("li-陈国栋", "sp-zhang")])
    [jane] = evidence[("li-jane-doe-1a2b", "sp-zhang")]
    [chen] = evidence[("li-陈国栋", "sp-zhang")]
    assert jane.source == chen.source == "sp-zhang"
    assert (jane.sent, jane.received, jane.contacts) == (2, 1, 0)
    assert (chen.sent, chen.received, jane.last_contact) == (1, 0, date(2026, 6, 1))
    # A pending invitation gives nobody; the owner is nobody's contact.
    assert not {"li-pat-roe", "li-zhang-wei-sales"} & {p.id for p in store.export().people}


def test_spam_drafts_and_sponsored_messages_never_count(tmp_path: Path) -> None:
    made = files(2024)
    only_noise = b"\n".join(
        line for line in made["messages.csv"].split(b"\n") if b"SPAM" in line or b"Acme Ads" in line
    )
    header = made["messages.csv"].split(b"\n")[0]
    folder = tmp_path / "noise"
    folder.mkdir()
    (folder / "Connections.csv").write_bytes(made["Connections.csv"])
    (folder / "messages.csv").write_bytes(header + b"\n" + only_noise + b"\n")
    export = read_linkedin(folder)
    assert export.exchanged == {} and (export.spam, export.sponsored) == (1, 1)


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "reason"),
    [
        ("messages.csv", b"2026-05-03 09:00:00 UTC", b"someday", 5, "DATE: 'someday'"),
        ("Connections.csv", b"08 Feb 2026", b"8 Fbr 2026", 8, "Connected On"),
        ("Invitations.csv", b"OUTGOING", b"SIDEWAYS", 3, "Direction"),
        ("Positions.csv", b"Dec 2017", b"Winter 2017", 3, "Finished On"),
    ],
)
def test_a_bad_row_refuses_the_export_whole(
    tmp_path: Path, name: str, old: bytes, new: bytes, line: int, reason: str
) -> None:
    """In the fully quoted 2026 shape, CR LF and multi-line cells included."""
    archive = build(tmp_path / "export", 2026)
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(broken, "w") as out:
        for member in src.infolist():
            data = src.read(member)
            out.writestr(member, data.replace(old, new, 1) if member.filename == name else data)
    store = _store(tmp_path)
    before = store.export().canonical()
    with pytest.raises(ImportRejected) as rejected:
        _import(store, broken)
    [problem] = rejected.value.problems
    assert (problem.file, problem.line) == (name, line) and reason in problem.reason
    assert store.export().canonical() == before


def test_every_file_is_read_within_the_bound(tmp_path: Path) -> None:
    folder = build(tmp_path, 2022)
    (folder / "messages.csv").write_bytes(files(2022)["messages.csv"] * 50)
    with pytest.raises(InvalidInput, match=r"messages\.csv is larger than 4,096 bytes"):
        read_linkedin(folder, limit=4096)


def test_dates_in_every_form_linkedin_wrote_them() -> None:
    for text in ("08 Feb 2026", "2026-02-08 14:03:22 UTC", "2/8/26, 2:37 PM", "2026/02/08"):
        assert day(text) == date(2026, 2, 8), text
    assert day("2024/02/01 15:02:55 UTC") == date(2024, 2, 1)
    assert day("15 January 2023") == date(2023, 1, 15)
    for bad in ("someday", "31 Feb 2026", "13/1/26, 2:37 PM", "08 Fbr 2026", ""):
        assert day(bad) is None, bad
    assert (month_start("Jan 2019"), month_end("Feb 2024")) == (date(2019, 1, 1), date(2024, 2, 29))
    assert (month_start("2019"), month_end("2019")) == (date(2019, 1, 1), date(2019, 12, 31))
    assert month_start("Winter 2017") is None


def test_former_colleagues_are_inferred_ties_only_when_asked(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.load(
        Bundle(
            people=[
                Person(id="ann", name="Ann Ma", customer_id="c-acme"),
                Person(id="old", name="Old Timer"),
            ],
            employments=[
                Employment(
                    person_id="old",
                    origin="HubSpot",
                    company="ACME Inc",
                    since=date(2010, 1, 1),
                    until=date(2014, 6, 30),
                ),
            ],
        )
    )
    _import(store, build(tmp_path, 2024))
    [acme] = [e for e in store.employments(person_ids=["sp-zhang"]) if e.company == "Acme, Inc."]
    assert (acme.customer_id, acme.since, acme.until) == (
        "c-acme",
        date(2015, 1, 1),
        date(2017, 12, 31),
    )
    assert "ann" not in dict(store.adjacency(["sp-zhang"])["sp-zhang"])
    view = with_tie_rules(store, inferred=True, since=None, strength=0.05)
    around = dict(view.adjacency(["sp-zhang"])["sp-zhang"])
    # Ann is at Acme now (she may have overlapped); the one who left before 2015 did not.
    assert around["ann"] == 0.05 and "old" not in around
    tie = view.ties([("ann", "sp-zhang")])[("ann", "sp-zhang")]
    assert tie.context == "inferred: both worked at Acme, Inc."
    assert view.evidence([("ann", "sp-zhang")]) == {}


def test_a_salespersons_own_key_imports_their_positions(tmp_path: Path) -> None:
    store = _store(tmp_path)
    _import(store, build(tmp_path, 2026), caller=Caller("sp-zhang", key_id="key-z"))
    assert {e.company for e in store.employments(person_ids=["sp-zhang"])} == {
        "Our Co",
        "Acme, Inc.",
    }


def _store(tmp_path: Path) -> SqliteStore:
    store = SqliteStore(tmp_path / "graph.db")
    store.load(
        Bundle(
            people=[Person(id="sp-zhang", name="张伟", is_salesperson=True)],
            customers=[Customer(id="c-acme", name="ACME Inc", status=CustomerStatus.TARGET)],
        )
    )
    return store


def _import(store: SqliteStore, path: Path, caller: Caller = COMMAND_LINE) -> NetworkImport:
    return import_linkedin(
        store, path, salesperson_id="sp-zhang", caller=caller, playbook=Playbook(), today=TODAY
    )
