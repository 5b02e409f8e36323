"""The CSV bundle reader and the import service: what loads, and every way a bundle is rejected."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    PERSON_CHANNEL_KINDS,
    Audience,
    Capability,
    CapabilityKind,
    Channel,
    ChannelKind,
    Customer,
    CustomerKind,
    CustomerNeed,
    CustomerStatus,
    Need,
    Person,
    Power,
    Reach,
    Role,
    Salesperson,
    Tie,
)
from graph_mtl.errors import ImportRejected, InvalidInput
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.services.imports import import_bundle
from graph_mtl.stores.sqlite_store import SqliteStore

Rows = list[list[str]]

HEADERS: dict[str, list[str]] = {
    "people.csv": ["id", "name", "customer_id", "title", "roles", "is_salesperson", "email"],
    "ties.csv": ["source", "target", "strength", "last_contact", "context"],
    "customers.csv": [
        "id",
        "name",
        "kind",
        "status",
        "industry",
        "revenue",
        "headcount",
        "region",
        "situation",
    ],
    "needs.csv": ["id", "name", "description", "can_meet"],
    "roles.csv": ["id", "name", "cares_about", "power"],
    "customer_needs.csv": [
        "customer_id",
        "need_id",
        "approved",
        "budget_this_year",
        "budget",
        "kpi_related",
    ],
    "capabilities.csv": ["id", "name", "kind", "solves", "price_min", "price_max", "advantages"],
    "channels.csv": ["id", "name", "kind", "audience", "person_id"],
    "channel_reach.csv": ["channel_id", "target_id", "strength"],
}
FIELDS = {
    "people.csv": "people",
    "ties.csv": "ties",
    "customers.csv": "customers",
    "needs.csv": "needs",
    "roles.csv": "roles",
    "customer_needs.csv": "customer_needs",
    "capabilities.csv": "capabilities",
    "channels.csv": "channels",
    "channel_reach.csv": "reach",
}

# A small valid bundle; data rows start on line 2 of each file.
BASE: dict[str, Rows] = {
    "people.csv": [
        ["me", "Mia Seller", "", "Account executive", "", "true", "mia@example.com"],
        ["p1", "Pat One", "acme", "CTO", "cto", "false", ""],
        ["p2", "Quinn Two", "acme", "", "buyer ; cto", "", ""],
    ],
    "ties.csv": [
        ["me", "p1", "0.8", "2024-03-01", "worked together at Initech"],
        ["p1", "p2", "0.5", "", ""],
    ],
    "customers.csv": [
        [
            "acme",
            "Acme Corp",
            "",
            "target",
            "manufacturing",
            "1200000.5",
            "250",
            "EU",
            "growing; hiring ;",
        ],
    ],
    "needs.csv": [["crm", "CRM rollout", "", "TRUE"], ["erp", "ERP", "", "false"]],
    "roles.csv": [
        ["cto", "CTO", "crm;erp", "decision_maker"],
        ["buyer", "Buyer", "crm", "gatekeeper"],
    ],
    "customer_needs.csv": [["acme", "crm", "true", "True", "50000", ""]],
    "capabilities.csv": [["suite", "CRM Suite", "product", "crm", "10000", "80000", "fast; cheap"]],
    "channels.csv": [
        ["forum", "Ops Forum", "forum", "both", ""],
        ["peer", "Pat as a peer", "peer_salesperson", "target", "p1"],
    ],
    "channel_reach.csv": [["forum", "acme", "0.3"], ["peer", "p2", "0.9"]],
}

# A valid extra row per file, to corrupt one cell of.
GOOD_ROW: dict[str, dict[str, str]] = {
    "people.csv": {"id": "p3", "name": "New", "customer_id": "acme"},
    "ties.csv": {"source": "me", "target": "p2", "strength": "0.4"},
    "customers.csv": {"id": "globex", "name": "Globex", "status": "potential"},
    "needs.csv": {"id": "hr", "name": "HR", "can_meet": "true"},
    "roles.csv": {"id": "cfo", "name": "CFO", "cares_about": "crm", "power": "influencer"},
    "customer_needs.csv": {"customer_id": "acme", "need_id": "erp"},
    "capabilities.csv": {
        "id": "consult",
        "name": "Consulting",
        "kind": "service",
        "price_min": "100",
        "price_max": "200",
    },
    "channels.csv": {"id": "expo", "name": "Expo", "kind": "event", "audience": "potential"},
    "channel_reach.csv": {"channel_id": "forum", "target_id": "p1", "strength": "0.2"},
}


def write_csv(path: Path, rows: Rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)


def write_bundle(folder: Path, data: dict[str, Rows] | None = None) -> Path:
    """Write `data` (data rows per file; BASE by default) with the standard headers."""
    for name, rows in (BASE if data is None else data).items():
        write_csv(folder / name, [HEADERS[name], *rows])
    return folder


def with_row(file: str, row: dict[str, str]) -> dict[str, Rows]:
    data = {name: [list(r) for r in rows] for name, rows in BASE.items()}
    data[file].append([row.get(column, "") for column in HEADERS[file]])
    return data


def problems_of(folder: Path, **kwargs: Any) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        read_bundle(folder, **kwargs)
    return [str(p) for p in caught.value.problems]


# -- valid bundles ------------------------------------------------------------


def test_a_valid_bundle_reads_into_models(tmp_path: Path) -> None:
    bundle = read_bundle(write_bundle(tmp_path))

    me, p1, p2 = bundle.people
    assert isinstance(me, Salesperson)
    assert me == Salesperson(
        id="me", name="Mia Seller", title="Account executive", email="mia@example.com"
    )
    assert p1 == Person(id="p1", name="Pat One", customer_id="acme", title="CTO", roles=("cto",))
    assert p2.roles == ("buyer", "cto")
    assert not p2.is_salesperson
    assert bundle.ties == [
        Tie(
            source="me",
            target="p1",
            strength=0.8,
            last_contact=date(2024, 3, 1),
            context="worked together at Initech",
        ),
        Tie(source="p1", target="p2", strength=0.5),
    ]
    assert bundle.customers == [
        Customer(
            id="acme",
            name="Acme Corp",
            kind=CustomerKind.ORGANIZATION,
            status=CustomerStatus.TARGET,
            industry="manufacturing",
            revenue=1200000.5,
            headcount=250,
            region="EU",
            situation=("growing", "hiring"),
        )
    ]
    assert bundle.needs == [
        Need(id="crm", name="CRM rollout", can_meet=True),
        Need(id="erp", name="ERP", can_meet=False),
    ]
    assert bundle.roles[0] == Role(
        id="cto", name="CTO", cares_about=("crm", "erp"), power=Power.DECISION_MAKER
    )
    assert bundle.customer_needs == [
        CustomerNeed(
            customer_id="acme", need_id="crm", approved=True, budget_this_year=True, budget=50000
        )
    ]
    assert bundle.capabilities == [
        Capability(
            id="suite",
            name="CRM Suite",
            kind=CapabilityKind.PRODUCT,
            solves=("crm",),
            price_min=10000,
            price_max=80000,
            advantages=("fast", "cheap"),
        )
    ]
    assert bundle.channels[1] == Channel(
        id="peer",
        name="Pat as a peer",
        kind=ChannelKind.PEER_SALESPERSON,
        audience=Audience.TARGET,
        person_id="p1",
    )
    assert bundle.reach == [
        Reach(channel_id="forum", target_id="acme", strength=0.3),
        Reach(channel_id="peer", target_id="p2", strength=0.9),
    ]
    assert bundle.counts() == {
        "people": 3,
        "ties": 2,
        "customers": 1,
        "needs": 2,
        "roles": 2,
        "customer_needs": 1,
        "capabilities": 1,
        "channels": 2,
        "reach": 2,
        "opportunities": 0,
        "evidence": 0,
        "employments": 0,
    }


def test_only_people_and_ties_are_required(tmp_path: Path) -> None:
    write_csv(tmp_path / "people.csv", [["id", "name"], ["a", "Ann"], ["b", "Bo"]])
    write_csv(tmp_path / "ties.csv", [["target", "source", "strength"], ["a", "b", "1"]])

    bundle = read_bundle(tmp_path)

    assert bundle.people == [Person(id="a", name="Ann"), Person(id="b", name="Bo")]
    assert bundle.ties == [Tie(source="b", target="a", strength=1.0)]
    assert bundle.customers == []


def test_text_cells_round_trip_exactly(tmp_path: Path) -> None:
    name = 'Zoë "Z" Ölçü, 王小明; CFO\nsecond line\r\nthird\r'
    title = '  VP, Ops; "EMEA"  '
    context = 'met at «Expo», said: "call me"\n— later, by phone'
    write_bundle(
        tmp_path,
        {
            "people.csv": [
                ["z", name, "", title, "", "", "zoë@例え.jp"],
                ["y", "Y", "", "", "", "", ""],
            ],
            "ties.csv": [["z", "y", "0.25", "", context]],
        },
    )

    bundle = read_bundle(tmp_path)

    assert bundle.people[0] == Person(id="z", name=name, title=title, email="zoë@例え.jp")
    assert bundle.ties[0].context == context


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    write_bundle(tmp_path)
    people = tmp_path / "people.csv"
    people.write_bytes(b"\xef\xbb\xbf" + people.read_bytes())

    assert read_bundle(tmp_path).people[0].id == "me"


def test_case_and_spaces_around_typed_values_are_tolerated(tmp_path: Path) -> None:
    write_bundle(
        tmp_path,
        {
            "people.csv": [
                ["a", "A", "", "", "", " TRUE ", ""],
                ["b", "B", "", "", "", "False", ""],
            ],
            "ties.csv": [["a", "b", " 1e-2 ", " 2024-01-31 ", ""]],
        },
    )

    bundle = read_bundle(tmp_path)

    assert [p.is_salesperson for p in bundle.people] == [True, False]
    assert bundle.ties[0].strength == 0.01
    assert bundle.ties[0].last_contact == date(2024, 1, 31)


def test_identical_duplicates_collapse_to_one(tmp_path: Path) -> None:
    data = {name: [list(r) for r in rows] for name, rows in BASE.items()}
    data["people.csv"].append(list(BASE["people.csv"][1]))
    data["ties.csv"].append(["p1", "me", "0.8", "2024-03-01", "worked together at Initech"])
    data["customer_needs.csv"].append(list(BASE["customer_needs.csv"][0]))
    write_bundle(tmp_path, data)

    bundle = read_bundle(tmp_path)

    assert [p.id for p in bundle.people] == ["me", "p1", "p2"]
    assert [t.pair for t in bundle.ties] == [("me", "p1"), ("p1", "p2")]
    assert len(bundle.customer_needs) == 1


def test_blank_lines_and_empty_rows_are_skipped_and_lines_still_count(tmp_path: Path) -> None:
    write_bundle(tmp_path)
    (tmp_path / "people.csv").write_text(
        "id,name,is_salesperson\r\n\r\nme,Mia,true\r\n,,\r\np1,Pat,yes\r\n", encoding="utf-8"
    )
    write_csv(tmp_path / "ties.csv", [HEADERS["ties.csv"]])
    for name in set(BASE) - {"people.csv", "ties.csv", "needs.csv"}:
        (tmp_path / name).unlink()

    assert problems_of(tmp_path) == [
        "people.csv:5: is_salesperson: must be true or false, got 'yes'"
    ]


def test_line_numbers_count_the_lines_of_quoted_multi_line_cells(tmp_path: Path) -> None:
    write_bundle(
        tmp_path,
        {
            "people.csv": [
                ["a", "Ann\nof\r\nmany lines", "", "", "", "", ""],  # lines 2-4
                ["b", "Bo", "", "title\non two lines", "", "", ""],  # lines 5-6
                ["c", "", "", "", "", "", ""],  # line 7
            ],
            "ties.csv": [["a", "b", "0.5", "", "x\ny\nz"], ["b", "a", "0.7", "", ""]],
        },
    )

    assert problems_of(tmp_path) == [
        "people.csv:7: name: is required, got ''",
        "ties.csv:5: source, target: 'a' and 'b' already given on line 2 with other data",
    ]


# -- one bad cell at a time ---------------------------------------------------------

BAD_CELLS: list[tuple[str, dict[str, str], str]] = [
    # people.csv
    ("people.csv", {"is_salesperson": "yes"}, "is_salesperson: must be true or false, got 'yes'"),
    ("people.csv", {"id": " p3"}, "id: has leading or trailing whitespace, got ' p3'"),
    ("people.csv", {"id": "p3\t"}, "id: has leading or trailing whitespace, got 'p3\\t'"),
    ("people.csv", {"name": ""}, "name: is required, got ''"),
    ("people.csv", {"customer_id": "nowhere"}, "customer_id: unknown customer 'nowhere'"),
    ("people.csv", {"roles": "cto; ghost"}, "roles: unknown role 'ghost'"),
    ("people.csv", {"id": "p1"}, "id: 'p1' already given on line 3 with other data"),
    # ties.csv
    ("ties.csv", {"strength": "1.5"}, "strength: must be greater than 0 and at most 1, got '1.5'"),
    ("ties.csv", {"strength": "0"}, "strength: must be greater than 0 and at most 1, got '0'"),
    ("ties.csv", {"strength": "-0.2"}, "strength: must be greater than 0 and at most 1, got '-0.2'"),
    ("ties.csv", {"strength": "nan"}, "strength: must be a decimal number such as 1200 or 0.75, got 'nan'"),
    ("ties.csv", {"strength": "inf"}, "strength: must be a decimal number such as 1200 or 0.75, got 'inf'"),
    ("ties.csv", {"strength": "1e999"}, "strength: is too large, got '1e999'"),
    ("ties.csv", {"strength": "0,5"}, "strength: must be a decimal number such as 1200 or 0.75, got '0,5'"),
    ("ties.csv", {"strength": ""}, "strength: is required, got ''"),
    ("ties.csv", {"target": "me"}, "target: a tie joins two different people, got 'me'"),
    ("ties.csv", {"target": "ghost"}, "target: unknown person 'ghost'"),
    ("ties.csv", {"source": "ghost"}, "source: unknown person 'ghost'"),
    (
        "ties.csv",
        {"source": "p1", "target": "me", "strength": "0.8"},
        "source, target: 'me' and 'p1' already given on line 2 with other data",
    ),
    ("ties.csv", {"last_contact": "2024-02-30"}, "last_contact: is not a real date (day is out of range for month), got '2024-02-30'"),
    ("ties.csv", {"last_contact": "20240101"}, "last_contact: must be a date written YYYY-MM-DD, got '20240101'"),
    ("ties.csv", {"last_contact": "01/02/2024"}, "last_contact: must be a date written YYYY-MM-DD, got '01/02/2024'"),
    # customers.csv
    ("customers.csv", {"kind": "company"}, "kind: must be 'organization' or 'individual', got 'company'"),
    ("customers.csv", {"status": ""}, "status: is required, got ''"),
    ("customers.csv", {"status": "lost"}, "status: must be 'potential', 'target' or 'existing', got 'lost'"),
    ("customers.csv", {"revenue": "1,000"}, "revenue: must be a decimal number such as 1200 or 0.75, got '1,000'"),
    ("customers.csv", {"revenue": "-5"}, "revenue: must be greater than or equal to 0, got '-5'"),
    ("customers.csv", {"headcount": "12.5"}, "headcount: must be a whole number, got '12.5'"),
    ("customers.csv", {"headcount": "-1"}, "headcount: must be greater than or equal to 0, got '-1'"),
    ("customers.csv", {"id": "acme"}, "id: 'acme' already given on line 2 with other data"),
    # needs.csv
    ("needs.csv", {"can_meet": ""}, "can_meet: is required, got ''"),
    ("needs.csv", {"can_meet": "1"}, "can_meet: must be true or false, got '1'"),
    ("needs.csv", {"id": "a;b"}, "id: cannot hold ';', which separates list items, got 'a;b'"),
    # roles.csv
    ("roles.csv", {"power": "boss"}, "power: must be 'decision_maker', 'initiator', 'influencer', 'gatekeeper' or 'user', got 'boss'"),
    ("roles.csv", {"cares_about": "crm;ghost"}, "cares_about: unknown need 'ghost'"),
    # customer_needs.csv
    ("customer_needs.csv", {"customer_id": "ghost"}, "customer_id: unknown customer 'ghost'"),
    ("customer_needs.csv", {"need_id": "ghost"}, "need_id: unknown need 'ghost'"),
    ("customer_needs.csv", {"approved": "yes"}, "approved: must be true or false, got 'yes'"),
    ("customer_needs.csv", {"budget": "NaN"}, "budget: must be a decimal number such as 1200 or 0.75, got 'NaN'"),
    # capabilities.csv
    ("capabilities.csv", {"price_max": "50"}, "price_max: price_max is below price_min, got '50'"),
    ("capabilities.csv", {"price_min": ""}, "price_min: is required, got ''"),
    ("capabilities.csv", {"solves": "ghost"}, "solves: unknown need 'ghost'"),
    ("capabilities.csv", {"kind": "gadget"}, "kind: must be 'product', 'service' or 'solution', got 'gadget'"),
    # channels.csv
    ("channels.csv", {"kind": "peer_salesperson"}, "person_id: a peer_salesperson channel needs a person_id, got ''"),
    ("channels.csv", {"person_id": "p1"}, "person_id: a event channel is a place and takes no person_id, got 'p1'"),
    ("channels.csv", {"kind": "expert", "person_id": "ghost"}, "person_id: unknown person 'ghost'"),
    ("channels.csv", {"audience": "everyone"}, "audience: must be 'target', 'potential' or 'both', got 'everyone'"),
    # channel_reach.csv
    ("channel_reach.csv", {"channel_id": "ghost"}, "channel_id: unknown channel 'ghost'"),
    ("channel_reach.csv", {"target_id": "ghost"}, "target_id: unknown customer or person 'ghost'"),
    ("channel_reach.csv", {"strength": "0"}, "strength: must be greater than 0 and at most 1, got '0'"),
]  # fmt: skip


@pytest.mark.parametrize(("file", "change", "reason"), BAD_CELLS)
def test_a_bad_row_is_one_problem_on_its_line(
    tmp_path: Path, file: str, change: dict[str, str], reason: str
) -> None:
    write_bundle(tmp_path, with_row(file, GOOD_ROW[file] | change))
    line = len(BASE[file]) + 2

    assert problems_of(tmp_path) == [f"{file}:{line}: {reason}"]


@pytest.mark.parametrize("file", sorted(GOOD_ROW))
def test_the_good_rows_are_good(tmp_path: Path, file: str) -> None:
    write_bundle(tmp_path, with_row(file, GOOD_ROW[file]))

    assert len(getattr(read_bundle(tmp_path), FIELDS[file])) == len(BASE[file]) + 1


def test_a_row_with_the_wrong_number_of_cells(tmp_path: Path) -> None:
    data = with_row("people.csv", GOOD_ROW["people.csv"])
    data["people.csv"][-1].append("extra")
    data["ties.csv"].append(["me", "p2"])
    write_bundle(tmp_path, data)

    assert problems_of(tmp_path) == [
        "people.csv:5: has 8 cells where the header has 7",
        "ties.csv:4: has 2 cells where the header has 5",
    ]


def test_every_problem_of_a_bundle_is_reported_at_once(tmp_path: Path) -> None:
    data = {name: [list(r) for r in rows] for name, rows in BASE.items()}
    data["people.csv"][1][5] = "maybe"  # line 3
    data["ties.csv"][1][2] = "2"  # line 3
    data["customers.csv"][0][3] = "prospect"  # line 2
    data["roles.csv"][1][2] = "crm;nope"  # line 3
    data["channel_reach.csv"][0][1] = "nobody"  # line 2
    write_bundle(tmp_path, data)

    assert problems_of(tmp_path) == [
        "channel_reach.csv:2: target_id: unknown customer or person 'nobody'",
        "customers.csv:2: status: must be 'potential', 'target' or 'existing', got 'prospect'",
        "people.csv:3: is_salesperson: must be true or false, got 'maybe'",
        "roles.csv:3: cares_about: unknown need 'nope'",
        "ties.csv:3: strength: must be greater than 0 and at most 1, got '2'",
    ]


def test_a_row_with_several_bad_cells_reports_each(tmp_path: Path) -> None:
    write_bundle(
        tmp_path,
        with_row("customers.csv", {"id": " x", "name": "", "status": "no", "headcount": "1.5"}),
    )

    assert problems_of(tmp_path) == [
        "customers.csv:3: headcount: must be a whole number, got '1.5'",
        "customers.csv:3: id: has leading or trailing whitespace, got ' x'",
        "customers.csv:3: name: is required, got ''",
        "customers.csv:3: status: must be 'potential', 'target' or 'existing', got 'no'",
    ]


def test_a_rejected_row_does_not_also_break_the_references_to_it(tmp_path: Path) -> None:
    data = {name: [list(r) for r in rows] for name, rows in BASE.items()}
    data["people.csv"][1][5] = "yes"  # p1, referred to by ties, channels and itself
    data["customers.csv"][0][3] = ""  # acme, referred to by people and reach
    write_bundle(tmp_path, data)

    assert problems_of(tmp_path) == [
        "customers.csv:2: status: is required, got ''",
        "people.csv:3: is_salesperson: must be true or false, got 'yes'",
    ]


# -- whole files ------------------------------------------------------------


def test_missing_required_files_are_problems_on_line_0(tmp_path: Path) -> None:
    write_bundle(tmp_path)
    (tmp_path / "people.csv").unlink()
    (tmp_path / "ties.csv").unlink()

    # Nothing else is blamed on the missing people: that would only be noise.
    assert problems_of(tmp_path) == ["people.csv:0: file is missing", "ties.csv:0: file is missing"]


def test_an_empty_file_has_no_header(tmp_path: Path) -> None:
    write_bundle(tmp_path)
    (tmp_path / "ties.csv").write_text("", encoding="utf-8")

    assert problems_of(tmp_path) == ["ties.csv:0: has no header row"]


def test_header_problems_are_on_line_1(tmp_path: Path) -> None:
    write_bundle(tmp_path)
    write_csv(
        tmp_path / "needs.csv", [["id", "nmae", "can_meet", "id"], ["crm", "CRM", "true", "crm"]]
    )
    write_csv(
        tmp_path / "customers.csv",
        [["id", "name", "status", "tier"], ["acme", "Acme", "target", "A"]],
    )

    assert problems_of(tmp_path) == [
        "customers.csv:1: unknown column 'tier' (expected: id, name, kind, status, industry, "
        "revenue, headcount, region, situation, domain)",
        "needs.csv:1: column 'id' appears more than once",
        "needs.csv:1: required column 'name' is missing",
        "needs.csv:1: unknown column 'nmae' (expected: id, name, description, can_meet)",
    ]


def test_text_that_is_not_utf8_is_a_problem(tmp_path: Path) -> None:
    write_bundle(tmp_path)
    (tmp_path / "people.csv").write_bytes(b"id,name\nme,Mia\np1,P\xe9t\n")

    assert problems_of(tmp_path) == ["people.csv:3: is not UTF-8 text (byte 0xe9)"]


def test_bad_quoting_is_a_problem_and_reading_goes_on(tmp_path: Path) -> None:
    write_bundle(tmp_path)
    (tmp_path / "needs.csv").write_text(
        'id,name,can_meet\ncrm,"CRM" rollout,true\nerp,ERP,true\nhr,HR,yes\n', encoding="utf-8"
    )

    assert problems_of(tmp_path) == [
        "needs.csv:2: not valid CSV: ',' expected after '\"'",
        "needs.csv:4: can_meet: must be true or false, got 'yes'",
    ]


def test_a_folder_that_is_not_there(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="is not a folder"):
        read_bundle(tmp_path / "nowhere")


# -- the store ------------------------------------------------------------


def _store_with_data() -> SqliteStore:
    store = SqliteStore()
    store.load(
        Bundle(
            people=[Person(id="old", name="Old Friend", customer_id="oldco")],
            customers=[Customer(id="oldco", name="Old Co", status=CustomerStatus.EXISTING)],
            needs=[Need(id="legacy", name="Legacy", can_meet=True)],
        )
    )
    return store


def test_a_rejected_import_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    store = _store_with_data()
    before = store.export().canonical()
    data = {name: [list(r) for r in rows] for name, rows in BASE.items()}
    data["channel_reach.csv"][1][2] = "7"
    write_bundle(tmp_path, data)

    with pytest.raises(ImportRejected):
        import_bundle(store, tmp_path)

    assert store.export().canonical() == before


def test_importing_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    store = _store_with_data()
    write_bundle(tmp_path)

    counts = import_bundle(store, tmp_path).imported
    once = store.export().canonical()
    assert import_bundle(store, tmp_path).imported == counts
    assert store.export().canonical() == once
    assert counts["people"] == 3
    assert [p.id for p in once.people] == ["me", "old", "p1", "p2"]


def test_references_to_what_the_store_holds_are_accepted(tmp_path: Path) -> None:
    data = {name: [list(r) for r in rows] for name, rows in BASE.items()}
    data["ties.csv"].append(["old", "me", "0.9", "", "used to work together"])
    data["people.csv"].append(["p3", "New Hire", "oldco", "", "", "", ""])
    data["customer_needs.csv"].append(["oldco", "legacy", "", "", "", ""])
    data["channel_reach.csv"].append(["forum", "old", "0.4"])
    data["channel_reach.csv"].append(["forum", "oldco", "0.4"])
    write_bundle(tmp_path, data)

    assert problems_of(tmp_path) == [
        "channel_reach.csv:4: target_id: unknown customer or person 'old'",
        "channel_reach.csv:5: target_id: unknown customer or person 'oldco'",
        "customer_needs.csv:3: customer_id: unknown customer 'oldco'",
        "customer_needs.csv:3: need_id: unknown need 'legacy'",
        "people.csv:5: customer_id: unknown customer 'oldco'",
        "ties.csv:4: source: unknown person 'old'",
    ]
    store = _store_with_data()
    import_bundle(store, tmp_path)
    assert store.ties([("me", "old")])[("me", "old")].strength == 0.9
    assert [p.id for p in store.employees("oldco")] == ["old", "p3"]


def test_the_store_is_asked_once_per_kind_and_only_about_the_unresolved(tmp_path: Path) -> None:
    data = {name: [list(r) for r in rows] for name, rows in BASE.items()}
    data["ties.csv"] += [["a1", "me", "0.9", "", ""], ["a2", "a1", "0.9", "", ""]]
    data["channel_reach.csv"].append(["forum", "a3", "0.4"])
    write_bundle(tmp_path, data)
    calls: list[tuple[str, set[str]]] = []

    def known(kind: Any, ids: set[str]) -> set[str]:
        calls.append((kind, set(ids)))
        return set(ids)

    read_bundle(tmp_path, known=known)

    assert sorted(calls) == [("customer", {"a3"}), ("person", {"a1", "a2", "a3"})]


# -- properties -------------------------------------------------------------

_IDS = st.text(
    st.characters(categories=("Lu", "Ll", "Lo", "Nd")) | st.sampled_from("-_.:@"),
    min_size=1,
    max_size=5,
)
_TEXTS = st.text(st.characters(codec="utf-8"), max_size=12)  # any character UTF-8 can hold
_NAMES = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)
_TAGS = st.lists(
    st.text(st.characters(codec="utf-8", exclude_characters=";"), min_size=1)
    .map(str.strip)
    .filter(bool),
    max_size=3,
).map(tuple)
_STRENGTHS = st.floats(min_value=0.0, max_value=1.0, exclude_min=True)
_AMOUNTS = st.floats(min_value=0.0, max_value=1e12)


def _some(pool: list[str], max_size: int = 2) -> st.SearchStrategy[tuple[str, ...]]:
    if not pool:
        return st.just(())
    return st.lists(st.sampled_from(pool), unique=True, max_size=max_size).map(tuple)


def _maybe(pool: list[str]) -> st.SearchStrategy[str | None]:
    return st.none() | st.sampled_from(pool) if pool else st.none()


def _pairs(left: list[str], right: list[str]) -> st.SearchStrategy[list[tuple[str, str]]]:
    if not left or not right:
        return st.just([])
    return st.lists(
        st.tuples(st.sampled_from(left), st.sampled_from(right)), unique=True, max_size=4
    )


@st.composite
def bundles(draw: st.DrawFn) -> Bundle:
    need_ids = draw(st.lists(_IDS, unique=True, max_size=3))
    role_ids = draw(st.lists(_IDS, unique=True, max_size=3))
    customer_ids = draw(st.lists(_IDS, unique=True, max_size=3))
    person_ids = draw(st.lists(_IDS, unique=True, min_size=1, max_size=4))
    channel_ids = draw(st.lists(_IDS, unique=True, max_size=3))

    def person(pid: str) -> Person:
        cls = Salesperson if draw(st.booleans()) else Person
        return cls(
            id=pid,
            name=draw(_NAMES),
            customer_id=draw(_maybe(customer_ids)),
            title=draw(_TEXTS),
            roles=draw(_some(role_ids)),
            email=draw(_TEXTS),
        )

    def channel(cid: str) -> Channel:
        kind = draw(st.sampled_from(ChannelKind))
        in_person = kind in PERSON_CHANNEL_KINDS
        return Channel(
            id=cid,
            name=draw(_NAMES),
            kind=kind,
            audience=draw(st.sampled_from(Audience)),
            person_id=draw(st.sampled_from(person_ids)) if in_person else None,
        )

    def capability(cid: str) -> Capability:
        low, high = sorted((draw(_AMOUNTS), draw(_AMOUNTS)))
        return Capability(
            id=cid,
            name=draw(_NAMES),
            kind=draw(st.sampled_from(CapabilityKind)),
            solves=draw(_some(need_ids)),
            price_min=low,
            price_max=high,
            advantages=draw(_TAGS),
        )

    tie_pairs = draw(
        _pairs(person_ids, person_ids).map(
            lambda pairs: list({frozenset(p): p for p in pairs if p[0] != p[1]}.values())
        )
    )
    return Bundle(
        people=[person(pid) for pid in person_ids],
        ties=[
            Tie(
                source=a,
                target=b,
                strength=draw(_STRENGTHS),
                last_contact=draw(st.none() | st.dates()),
                context=draw(_TEXTS),
            )
            for a, b in tie_pairs
        ],
        customers=[
            Customer(
                id=cid,
                name=draw(_NAMES),
                kind=draw(st.sampled_from(CustomerKind)),
                status=draw(st.sampled_from(CustomerStatus)),
                industry=draw(_TEXTS),
                revenue=draw(st.none() | _AMOUNTS),
                headcount=draw(st.none() | st.integers(0, 10**6)),
                region=draw(_TEXTS),
                situation=draw(_TAGS),
            )
            for cid in customer_ids
        ],
        needs=[
            Need(id=n, name=draw(_NAMES), description=draw(_TEXTS), can_meet=draw(st.booleans()))
            for n in need_ids
        ],
        roles=[
            Role(
                id=r,
                name=draw(_NAMES),
                cares_about=draw(_some(need_ids)),
                power=draw(st.sampled_from(Power)),
            )
            for r in role_ids
        ],
        customer_needs=[
            CustomerNeed(
                customer_id=c,
                need_id=n,
                approved=draw(st.booleans()),
                budget_this_year=draw(st.booleans()),
                budget=draw(st.none() | _AMOUNTS),
                kpi_related=draw(st.booleans()),
            )
            for c, n in draw(_pairs(customer_ids, need_ids))
        ],
        capabilities=[capability(c) for c in draw(st.lists(_IDS, unique=True, max_size=2))],
        channels=[channel(c) for c in channel_ids],
        reach=[
            Reach(channel_id=c, target_id=t, strength=draw(_STRENGTHS))
            for c, t in draw(_pairs(channel_ids, customer_ids + person_ids))
        ],
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ";".join(value)
    return str(value)


def to_files(bundle: Bundle) -> dict[str, Rows]:
    """The bundle as CSV rows (header first); optional files without rows are left out."""
    files: dict[str, Rows] = {}
    for name, columns in HEADERS.items():
        items = getattr(bundle, FIELDS[name])
        if items or name in ("people.csv", "ties.csv"):
            files[name] = [columns] + [[_cell(getattr(i, c)) for c in columns] for i in items]
    return files


def _write_files(folder: Path, files: dict[str, Rows]) -> None:
    for name, rows in files.items():
        write_csv(folder / name, rows)


def _start_line(rows: Rows, index: int) -> int:
    """The line on which rows[index] starts once written."""
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows[:index])
    return len(re.findall(r"\r\n|\r|\n", out.getvalue())) + 1


@pytest.mark.slow
@settings(max_examples=80, deadline=None)
@given(bundles())
def test_valid_bundles_round_trip_through_csv(bundle: Bundle) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write_files(folder, to_files(bundle))

        assert read_bundle(folder) == bundle
        store = SqliteStore()
        import_bundle(store, folder)
        assert store.export().canonical() == bundle.canonical()


_GHOST = "\u2603ghost"  # never drawn by _IDS: a reference to nothing


def _bad_id(value: str) -> list[str]:
    return [f" {value}", f"{value} "]


_BAD_BOOLEANS = ["yes", "1", "T", "no"]
_BAD_AMOUNTS = ["-1", "nan", "inf", "1,000", "1e999", "ten"]
_BAD_STRENGTHS = ["0", "1.5", "-0.5", "nan", "", "abc", "0,5"]
_CORRUPTIONS: dict[str, dict[str, Callable[[str], list[str]]]] = {
    "people.csv": {
        "id": _bad_id,
        "name": lambda _: [""],
        "customer_id": lambda _: [_GHOST],
        "roles": lambda _: [_GHOST],
        "is_salesperson": lambda _: _BAD_BOOLEANS,
    },
    "ties.csv": {
        "source": lambda v: [_GHOST, "", f" {v}"],
        "target": lambda v: [_GHOST, ""],
        "strength": lambda _: _BAD_STRENGTHS,
        "last_contact": lambda _: ["2024-02-30", "2024/01/01", "20240101", "today"],
    },
    "customers.csv": {
        "id": _bad_id,
        "name": lambda _: [""],
        "kind": lambda _: ["company"],
        "status": lambda _: ["", "lost"],
        "revenue": lambda _: _BAD_AMOUNTS,
        "headcount": lambda _: ["-1", "1.5", "ten"],
    },
    "needs.csv": {
        "id": lambda v: [*_bad_id(v), f"{v};x"],
        "name": lambda _: [""],
        "can_meet": lambda _: ["", *_BAD_BOOLEANS],
    },
    "roles.csv": {
        "id": lambda v: [*_bad_id(v), f"x;{v}"],
        "name": lambda _: [""],
        "cares_about": lambda _: [_GHOST],
        "power": lambda _: ["", "boss"],
    },
    "customer_needs.csv": {
        "customer_id": lambda _: [_GHOST],
        "need_id": lambda _: [_GHOST],
        "approved": lambda _: _BAD_BOOLEANS,
        "budget_this_year": lambda _: _BAD_BOOLEANS,
        "kpi_related": lambda _: _BAD_BOOLEANS,
        "budget": lambda _: _BAD_AMOUNTS,
    },
    "capabilities.csv": {
        "id": _bad_id,
        "kind": lambda _: ["", "gadget"],
        "solves": lambda _: [_GHOST],
        "price_min": lambda _: ["", *_BAD_AMOUNTS],
        "price_max": lambda _: ["", *_BAD_AMOUNTS],
    },
    "channels.csv": {
        "id": _bad_id,
        "kind": lambda _: ["", "tv"],
        "audience": lambda _: ["", "everyone"],
        "person_id": lambda v: ["" if v else "x", _GHOST],
    },
    "channel_reach.csv": {
        "channel_id": lambda _: [_GHOST],
        "target_id": lambda _: [_GHOST],
        "strength": lambda _: _BAD_STRENGTHS,
    },
}


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(bundles(), st.data())
def test_a_corrupted_cell_is_always_reported_on_its_file_and_line(
    bundle: Bundle, data: st.DataObject
) -> None:
    files = to_files(bundle)
    spots = [
        (name, index, column)
        for name, rows in files.items()
        for index in range(1, len(rows))
        for column in _CORRUPTIONS[name]
    ]
    name, index, column = data.draw(st.sampled_from(spots))
    rows = files[name]
    position = rows[0].index(column)
    rows[index][position] = data.draw(
        st.sampled_from(_CORRUPTIONS[name][column](rows[index][position]))
    )

    with tempfile.TemporaryDirectory() as tmp:
        _write_files(Path(tmp), files)
        with pytest.raises(ImportRejected) as caught:
            read_bundle(Path(tmp))

    line = _start_line(rows, index)
    assert any(p.file == name and p.line == line for p in caught.value.problems), (
        name,
        line,
        caught.value.problems,
    )
