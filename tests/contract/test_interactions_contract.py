"""E-mail and calendar imports, alike on every store: headers and attendees only,
all or nothing, idempotent, private to the salesperson."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Customer, CustomerStatus, Person, TeamMember
from graph_mtl.domain.playbook import Interactions, Playbook
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import ImportRejected, InvalidInput
from graph_mtl.services.access import COMMAND_LINE
from graph_mtl.services.interactions import import_calendar, import_mail
from graph_mtl.services.team_view import TeamView
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.mail_samples import (
    SECRET_BODY,
    SECRET_MEETING,
    SECRET_PLACE,
    SECRET_SUBJECT,
    TODAY,
    eml_folder,
    ics,
    mbox,
)

ALIAS = "wei.zhang@gmail.example"
LAN = "mail-lan@globex.example"


def _team(store: GraphStore) -> None:
    store.load(
        Bundle(
            people=[
                Person(id="sp-zhang", name="张伟", is_salesperson=True, email="zhang@our.example"),
                Person(id="sp-li", name="李娜", is_salesperson=True, email="li@our.example"),
                Person(id="jane", name="Jane Doe", customer_id="c-acme", email="Jane@Acme.example"),
            ],
            customers=[
                Customer(
                    id="c-acme", name="Acme", status=CustomerStatus.TARGET, domain="acme.example"
                ),
                Customer(
                    id="c-globex",
                    name="Globex",
                    status=CustomerStatus.TARGET,
                    domain="globex.example",
                ),
            ],
        )
    )


def _mail(store: GraphStore, path: Path, **kw: Any) -> Any:
    return import_mail(
        store,
        path,
        salesperson_id="sp-zhang",
        caller=COMMAND_LINE,
        playbook=kw.pop("playbook", Playbook()),
        today=TODAY,
        aliases=kw.pop("aliases", [ALIAS]),
        **kw,
    )


def _calendar(store: GraphStore, path: Path) -> Any:
    return import_calendar(
        store,
        path,
        salesperson_id="sp-zhang",
        caller=COMMAND_LINE,
        playbook=Playbook(),
        today=TODAY,
    )


def test_a_mailbox_imports_alike_on_every_store(store: GraphStore, tmp_path: Path) -> None:
    _team(store)
    path = mbox(tmp_path / "Takeout" / "Mail" / "All mail Including Spam and Trash.mbox")
    found = _mail(store, path)
    assert (found.messages, found.counted, found.duplicates, found.automatic) == (11, 6, 1, 4)
    assert (found.correspondents, found.one_way, found.new_people, found.known_people) == (
        2,
        1,
        1,
        1,
    )
    assert {i for i, _ in store.adjacency(["sp-zhang"])["sp-zhang"]} == {"jane", LAN}
    lan = store.people([LAN])[LAN]
    assert (lan.name, lan.email, lan.customer_id) == ("Lan Xu", "lan@globex.example", "c-globex")
    items = store.evidence([("jane", "sp-zhang"), (LAN, "sp-zhang")])
    assert {e.origin for found_ in items.values() for e in found_} == {"E-mail"}
    before = store.export().canonical()
    again = _mail(store, path)
    assert (again.new_people, again.known_people) == (0, 2)
    assert store.export().canonical() == before


def test_folders_of_eml_and_calendars_import_too(store: GraphStore, tmp_path: Path) -> None:
    _team(store)
    found = _mail(store, eml_folder(tmp_path / "saved"))
    assert (found.counted, found.correspondents, found.new_people) == (2, 1, 1)
    met = _calendar(store, ics(tmp_path / "calendar" / "zhang@our.example.ics"))
    assert (met.events, met.meetings, met.cancelled, met.upcoming) == (4, 4, 1, 1)
    assert (met.attendees, met.new_people, met.known_people) == (2, 0, 2)
    pairs = [("jane", "sp-zhang"), (LAN, "sp-zhang")]
    origins = {p: sorted(e.origin for e in items) for p, items in store.evidence(pairs).items()}
    assert origins == {("jane", "sp-zhang"): ["Calendar"], pairs[1]: ["Calendar", "E-mail"]}
    before = store.export().canonical()
    _calendar(store, ics(tmp_path / "calendar" / "zhang@our.example.ics"))
    assert store.export().canonical() == before


def test_a_bad_file_leaves_the_store_unchanged(store: GraphStore, tmp_path: Path) -> None:
    _team(store)
    before = store.export().canonical()
    path = mbox(tmp_path / "box.mbox")
    text = path.read_bytes().replace(b"Date: Thu, 08 Jan 2026 10:00:00 +0000", b"Date: someday")
    path.write_bytes(text.replace(b"Message-ID: <l1", b"not a header\r\nMessage-ID: <l1"))
    lines = path.read_bytes().split(b"\r\n")
    dated, odd = lines.index(b"Date: someday") + 1, lines.index(b"not a header") + 1
    with pytest.raises(ImportRejected) as rejected:
        _mail(store, path)
    assert [str(p) for p in rejected.value.problems] == [
        f"box.mbox:{dated}: Date: 'someday' is not a date",
        f"box.mbox:{odd}: not a header line",
    ]
    broken = tmp_path / "broken.ics"
    broken.write_text(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:2026-01-05\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    with pytest.raises(ImportRejected) as bad:
        _calendar(store, broken)
    assert [str(p) for p in bad.value.problems] == [
        "broken.ics:3: DTSTART: '2026-01-05' is not a date"
    ]
    assert store.export().canonical() == before


def test_without_an_address_of_theirs_the_direction_is_unknown(
    store: GraphStore, tmp_path: Path
) -> None:
    store.load(Bundle(people=[Person(id="sp-zhang", name="张伟", is_salesperson=True)]))
    with pytest.raises(InvalidInput, match="--alias"):
        _mail(store, mbox(tmp_path / "box.mbox"), aliases=[])


def test_the_playbook_says_how_reciprocated(store: GraphStore, tmp_path: Path) -> None:
    _team(store)
    strict = Playbook(interactions=Interactions(reciprocated=2))
    found = _mail(store, mbox(tmp_path / "box.mbox"), playbook=strict)
    assert (found.correspondents, found.one_way) == (1, 2)  # Jane is known: she counts


def test_the_evidence_is_private_to_its_salesperson(store: GraphStore, tmp_path: Path) -> None:
    _team(store)
    _mail(store, mbox(tmp_path / "box.mbox"))
    _calendar(store, ics(tmp_path / "cal.ics"))
    view = TeamView(store, "sp-li", [TeamMember(id="sp-zhang", name="张伟", shared=False)])
    assert view.people([LAN]) == {}
    assert view.evidence([(LAN, "sp-zhang"), ("jane", "sp-zhang")]) == {}


def test_no_subject_body_or_title_reaches_the_store(store: GraphStore, tmp_path: Path) -> None:
    _team(store)
    _mail(store, mbox(tmp_path / "box.mbox"))
    _mail(store, eml_folder(tmp_path / "saved"))
    _calendar(store, ics(tmp_path / "cal.ics"))
    secrets = [SECRET_SUBJECT, SECRET_BODY, SECRET_MEETING, SECRET_PLACE]
    if isinstance(store, SqliteStore):
        store.close()
        files = [p for p in tmp_path.parent.rglob("graph.db*") if p.is_file()]
        held = b"".join(p.read_bytes() for p in files)
        assert files and not [s for s in secrets if s.encode() in held]
        return
    driver = store._driver  # type: ignore[attr-defined]
    records, _, _ = driver.execute_query(
        "MATCH (n) RETURN properties(n) AS p UNION ALL MATCH ()-[r]->() RETURN properties(r) AS p",
        database_=store._database,  # type: ignore[attr-defined]
    )
    held_text = repr([r["p"] for r in records])
    assert "Lan Xu" in held_text
    assert not [s for s in secrets if s in held_text]


def test_a_folder_of_eml_is_all_or_nothing_and_idempotent(
    store: GraphStore, tmp_path: Path
) -> None:
    _team(store)
    folder = eml_folder(tmp_path / "saved")
    before = store.export().canonical()
    bad = folder / "three.eml"
    bad.write_text(
        "From: lan@globex.example\nTo: zhang@our.example\nDate: someday\n"
        "Message-ID: <e3@globex.example>\n\nhello\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as rejected:
        _mail(store, folder)
    assert [str(p) for p in rejected.value.problems] == [
        "three.eml:3: Date: 'someday' is not a date"
    ]
    assert store.export().canonical() == before
    bad.unlink()
    found = _mail(store, folder)
    assert (found.counted, found.new_people) == (2, 1)
    imported = store.export().canonical()
    again = _mail(store, folder)
    assert (again.new_people, again.known_people) == (0, 1)
    assert store.export().canonical() == imported
