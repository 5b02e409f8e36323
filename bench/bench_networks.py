"""Importing a LinkedIn export: a large network into a populated store.

    python -m bench.bench_networks [--connections 30000] [--messages 100000]
                                   [--people 100000] [--seed 1] [--year 2024]

One run writes a made-up export in LinkedIn's format (`Connections.csv` with its
`Notes:` preamble and BOM, hidden members, repeated rows, a fifth with e-mail
addresses; `messages.csv` with multi-recipient conversations; `--year` gives the
shape of another year's export: 2018 without the preamble, the URL column and the
recipients' URLs, 9 columns; 2026 with every field quoted, CR LF, multi-line
contents and 11 columns, as tests/linkedin_years.py describes) and an embedded
store of `--people` people at 2,000 customers, a tenth of the connections'
companies among them, and a third of the connections already in the store under
another source's id (found by e-mail, or by name and employer). It times, side by
side in one run:

- reading the two CSV files with the csv module alone (the floor: no import does less);
- reading them with graph-mtl's reader (graph_mtl/ingest/linkedin.py), no store;
- the import (matching, merging, evidence, one write);
- the same export again (everyone known: nothing changes);
- another salesperson's export of the same people (one person, two sources).

and prints each time with its ratio to the floor.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Customer, CustomerStatus, Person
from graph_mtl.domain.playbook import Playbook
from graph_mtl.ingest.linkedin import read_linkedin
from graph_mtl.services.access import COMMAND_LINE
from graph_mtl.services.networks import import_linkedin
from graph_mtl.stores.sqlite_store import SqliteStore

TODAY = date(2026, 12, 2)
PREAMBLE = 'Notes:\n"When exporting your connection data, you may notice ..."\n\n'
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
MESSAGES = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
    "DATE,SUBJECT,CONTENT,FOLDER\n"
)
TITLES = ["CIO", "CFO", "IT Manager", "Engineer", "首席信息官", "采购经理", "Buyer", "CEO"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--year", type=int, choices=[2018, 2024, 2026], default=2024)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="graph-mtl-bench-") as scratch:
        root = Path(scratch)
        store = SqliteStore(root / "graph.db")
        people = _network(rng, args.connections)
        store.load(_store_bundle(rng, people, args.people))
        mine = _export(rng, root / "zhang", people, args.messages, me="zhang-wei", year=args.year)
        theirs = _export(rng, root / "li", people, args.messages // 4, me="li-na", year=args.year)
        rows = [
            ("read the CSV files only (floor)", lambda: _read(mine)),
            ("graph-mtl's reader, no store", lambda: _reader(mine)),
            ("import-linkedin, first time", lambda: _import(store, mine, "sp-zhang")),
            ("the same export again", lambda: _import(store, mine, "sp-zhang")),
            ("another salesperson's export", lambda: _import(store, theirs, "sp-li")),
        ]
        print(
            f"{args.connections:,} connections, {args.messages:,} messages in a {args.year} "
            f"export, into a store of {args.people:,} people"
        )
        floor = None
        for name, run in rows:
            seconds, said = _timed(run)
            floor = floor or seconds
            print(f"  {name:<34} {seconds:7.2f} s  {seconds / floor:6.1f}x  {said}")
        store.close()


def _timed(run: Callable[[], str]) -> tuple[float, str]:
    start = time.perf_counter()
    said = run()
    return time.perf_counter() - start, said


def _read(folder: Path) -> str:
    rows = 0
    for name in ("Connections.csv", "messages.csv"):
        with (folder / name).open(encoding="utf-8-sig", newline="") as fh:
            rows += sum(1 for _ in csv.reader(fh))
    return f"{rows:,} rows"


def _reader(folder: Path) -> str:
    export = read_linkedin(folder)
    return f"{len(export.connections):,} connections, {export.messages:,} messages counted"


def _import(store: SqliteStore, folder: Path, salesperson: str) -> str:
    found = import_linkedin(
        store,
        folder,
        salesperson_id=salesperson,
        caller=COMMAND_LINE,
        playbook=Playbook(),
        today=TODAY,
    )
    return (
        f"{found.new_people:,} new, {found.known_people:,} known "
        f"({found.merged_people:,} from another source), {(found.conflicts and 'conflicts') or 'no conflicts'}"
    )


def _network(rng: random.Random, n: int) -> list[dict[str, str]]:
    companies = [f"Company {i} Ltd." for i in range(5_000)]
    return [
        {
            "first": f"First{i}",
            "last": f"Last{rng.randrange(10**6)}",
            "slug": f"person-{i}-{rng.randrange(16**6):06x}",
            "email": f"p{i}@mail{i % 97}.example" if rng.random() < 0.2 else "",
            "company": rng.choice(companies),
            "title": rng.choice(TITLES),
        }
        for i in range(n)
    ]


def _store_bundle(rng: random.Random, network: list[dict[str, str]], size: int) -> Bundle:
    """The team, 2,000 customers (Company 0 … 1999), `size` people at them, among whom a
    third of the network under CRM ids."""
    customers = [
        Customer(id=f"c{i}", name=f"COMPANY {i}", status=CustomerStatus.TARGET)
        for i in range(2_000)
    ]
    people = [
        Person(id="sp-zhang", name="张伟", is_salesperson=True),
        Person(id="sp-li", name="李娜", is_salesperson=True),
    ]
    for n, p in enumerate(network):
        if n % 3 == 0:
            number = int(p["company"].split()[1])
            at = f"c{number}" if number < 2_000 else None
            if at is not None or p["email"]:
                name = f"{p['first']} {p['last']}"
                people.append(
                    Person(id=f"crm-{n}", name=name, customer_id=at, email=p["email"].upper())
                )
    while len(people) < size:
        people.append(
            Person(
                id=f"x{len(people)}", name=f"X {len(people)}", customer_id=f"c{rng.randrange(2000)}"
            )
        )
    return Bundle(people=people, customers=customers)


def _export(
    rng: random.Random,
    folder: Path,
    network: list[dict[str, str]],
    messages: int,
    *,
    me: str,
    year: int,
) -> Path:
    folder.mkdir()
    start = date(2015, 1, 1)
    url = year > 2018
    rows = []
    for p in network:
        day = (start + timedelta(days=rng.randrange(4000))).strftime("%d %b %Y")
        profile = f"https://www.linkedin.com/in/{p['slug']}"
        rows.append([p["first"], p["last"], profile, p["email"], p["company"], p["title"], day])
        if rng.random() < 0.05:
            rows.append(["", "", "", "", "", "", day])  # hidden member
        if rng.random() < 0.01:
            rows.append(rows[-1])  # a repeated row
    header = HEADER.strip().split(",")
    if not url:
        header.remove("URL")
        rows = [r[:2] + r[3:] for r in rows]
    text = _csv([header, *rows], year)
    if url:  # the preamble came with the URL column (mid-2021 on)
        text = "\ufeff" + PREAMBLE.replace("\n", _end(year)) + text
    (folder / "Connections.csv").write_text(text, encoding="utf-8", newline="")
    own = f"https://www.linkedin.com/in/{me}"
    head = MESSAGES.strip().split(",") + (["IS MESSAGE DRAFT"] if year == 2026 else [])
    out = []
    for m in range(messages):
        others = rng.sample(network, 2 if rng.random() < 0.1 else 1)
        urls = ",".join(f"https://www.linkedin.com/in/{p['slug']}" for p in others)
        names = ", ".join(f"{p['first']} {p['last']}" for p in others)
        when = f"{year}-{rng.randrange(1, 12):02d}-{rng.randrange(1, 28):02d} 10:22:33 UTC"
        text_of = "text,\r\nwritten on\r\ntwo lines" if year == 2026 else "text"
        row = [f"c{m}", "", "Me", own, names, urls, when, "", text_of, "INBOX"]
        out.append(row + (["No"] if year == 2026 else []))
    if year == 2018:
        head.remove("RECIPIENT PROFILE URLS")
        out = [r[:5] + r[6:] for r in out]
    (folder / "messages.csv").write_text(_csv([head, *out], year), encoding="utf-8", newline="")
    return folder


def _end(year: int) -> str:
    return "\r\n" if year == 2026 else "\n"


def _csv(rows: list[list[str]], year: int) -> str:
    """As the year's export writes a CSV: 2026 quotes every field and ends lines CR LF."""
    quoted = year == 2026
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            special = any(c in cell for c in ',"\r\n')
            cells.append(f'"{cell.replace(chr(34), 2 * chr(34))}"' if quoted or special else cell)
        lines.append(",".join(cells))
    return _end(year).join(lines) + _end(year)


if __name__ == "__main__":
    main()
