"""A first load of a big bundle through `neo4j-admin database import full`.

The admin tool writes a new database from CSV files while no server runs it,
several times faster than any transaction. Its files are written here from the
same rows the online import sends (`batches`): every node and relationship gets
the properties, labels and ends that the upsert statements give it, so the
database is the one an online import of the bundle into an empty store makes.
Repeats in a bundle keep their last row, as the upserts do, and a relationship
whose end is not in the bundle is left out, as their MATCH leaves it. The
schema (constraints and indexes) is made by the first store that writes.

Nodes are named to the tool by number (`--id-type=integer`, each label its own
ID space, a node's number its place in its file), not by their text ids, which
the `id` property keeps: the tool looks up each relationship's ends, and it
maps integers faster than texts.
"""

from __future__ import annotations

import dataclasses
import subprocess
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.columns import PersonColumns, TieColumns
from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores import neo4j_bulk_columns as columnar
from graph_mtl.stores.neo4j_rows import batches

__all__ = ["ARRAY_DELIMITER", "admin_arguments", "bulk_import", "write_admin_files"]

ARRAY_DELIMITER = "\x1f"
"""Between a list's items in a cell (no name or id holds the unit separator)."""

Row = dict[str, Any]


@dataclass
class _File:
    """One CSV file for the admin tool: nodes of a label, or relationships of a type."""

    name: str
    kind: str  # "nodes" or "relationships"
    id_space: tuple[str, str]  # the ID space of the node, or of the start and end
    rows: dict[Any, tuple[Any, Any, Row, list[str]]] = field(default_factory=dict)

    def add(self, key: Any, start: Any, end: Any, props: Row, labels: Sequence[str] = ()) -> None:
        self.rows.pop(key, None)  # a repeat keeps its last row, in its place
        self.rows[key] = (start, end, props, list(labels))


def write_admin_files(bundle: Bundle, folder: Path) -> list[str]:
    """Write the admin tool's CSV files for `bundle` into `folder`; its --nodes and
    --relationships arguments.

    People and ties held as columns (a bundle read from files) are written from
    the columns whole; the rest, and people and ties held as models, row by row.
    """
    people, ties = bundle.people, bundle.ties
    if not (isinstance(people, PersonColumns) and isinstance(ties, TieColumns)):
        return _write_files(_files(bundle), folder)
    index = {ident: at for at, ident in enumerate(people.id)}
    files = _files(dataclasses.replace(bundle, people=[], ties=[]), people=index)
    numbers = {**_numbers(files), "Person": index}
    arguments = []
    path = folder / "people.csv"
    if index:
        columnar.write_people(people, path, delimiter=ARRAY_DELIMITER)
        arguments.append(f"--nodes={path}")
    customer, role = numbers["Customer"], numbers["Role"]
    writes: list[tuple[str, Callable[[Path], int]]] = [
        ("works_at", lambda to: columnar.write_works_at(people, to, customer=customer)),
        ("holds", lambda to: columnar.write_roles_held(people, to, role=role)),
        ("knows", lambda to: columnar.write_knows(ties, to, person=index)),
    ]
    for name, write in writes:
        path = folder / f"{name}.csv"
        if write(path):
            arguments.append(f"--relationships={path}")
    return [*arguments, *_write_files(files, folder, numbers)]


def _numbers(files: list[_File]) -> dict[str, dict[Any, int]]:
    """Each node's number in its ID space: its place in its file (the admin tool maps
    integers far faster than texts; the `id` property keeps the text)."""
    return {
        f.id_space[0]: {start: at for at, (start, _, _, _) in enumerate(f.rows.values())}
        for f in files
        if f.kind == "nodes"
    }


def _write_files(
    files: list[_File], folder: Path, numbers: dict[str, dict[Any, int]] | None = None
) -> list[str]:
    numbers = numbers or _numbers(files)
    arguments = []
    for f in files:
        if f.rows:
            path = folder / f"{f.name}.csv"
            _write(f, path, numbers)
            arguments.append(f"--{f.kind}={path}")
    return arguments


def admin_arguments(files: Sequence[str], *, database: str) -> list[str]:
    """`database import full`'s arguments for the files, as the online import reads them."""
    return [
        "database",
        "import",
        "full",
        database,
        *files,
        f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
        "--multiline-fields=true",
        "--overwrite-destination=true",
        "--id-type=integer",
    ]


def bulk_import(
    bundle: Bundle, folder: Path, *, admin: Sequence[str], database: str = "neo4j"
) -> str:
    """Run the admin tool (`admin`: its command) on `bundle`'s files; its output."""
    files = write_admin_files(bundle, folder)
    try:
        done = subprocess.run(
            [*admin, *admin_arguments(files, database=database)],
            cwd=folder,  # its import.report goes with the files, not where the user is
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise StoreUnavailable(f"neo4j-admin could not be run: {exc}") from exc
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise StoreUnavailable(f"neo4j-admin database import failed:\n{tail}")
    return done.stdout


def _files(bundle: Bundle, *, people: Collection[str] | None = None) -> list[_File]:
    """The files of `bundle`'s rows; with `people`, the ids of people written
    elsewhere, which relationships to a person may end at."""
    rows = dict(batches(bundle))
    f = {
        name: _File(name, kind, space)
        for name, kind, space in [
            ("needs", "nodes", ("Need", "")),
            ("roles", "nodes", ("Role", "")),
            ("customers", "nodes", ("Customer", "")),
            ("capabilities", "nodes", ("Capability", "")),
            ("people", "nodes", ("Person", "")),
            ("channels", "nodes", ("Channel", "")),
            ("opportunities", "nodes", ("Opportunity", "")),
            ("employments", "nodes", ("Employment", "")),
            ("cares_about", "relationships", ("Role", "Need")),
            ("has_need", "relationships", ("Customer", "Need")),
            ("solves", "relationships", ("Capability", "Need")),
            ("works_at", "relationships", ("Person", "Customer")),
            ("holds", "relationships", ("Person", "Role")),
            ("knows", "relationships", ("Person", "Person")),
            ("is_person", "relationships", ("Channel", "Person")),
            ("reaches_customer", "relationships", ("Channel", "Customer")),
            ("reaches_person", "relationships", ("Channel", "Person")),
            ("raised", "relationships", ("Person", "Opportunity")),
            ("for", "relationships", ("Opportunity", "Customer")),
            ("about", "relationships", ("Opportunity", "Need")),
            ("evidence", "relationships", ("Person", "Person")),
            ("employed", "relationships", ("Person", "Employment")),
        ]
    }
    for r in rows["upsert_needs"]:
        f["needs"].add(r["id"], r["id"], None, r)
    for r in rows["upsert_roles"]:
        f["roles"].add(r["props"]["id"], r["props"]["id"], None, r["props"])
    for r in rows["upsert_customers"]:
        f["customers"].add(r["id"], r["id"], None, r, [_STATUS[r["status"]]])
    for r in rows["upsert_capabilities"]:
        f["capabilities"].add(r["id"], r["id"], None, r)
    for r in rows["upsert_people"]:
        p = r["props"]
        f["people"].add(p["id"], p["id"], None, p, ["Salesperson"] if p["is_salesperson"] else [])
    for r in rows["upsert_channels"]:
        f["channels"].add(r["id"], r["id"], None, r)
    for r in rows["upsert_opportunities"]:
        f["opportunities"].add(r["id"], r["id"], None, r)
    _relationships(f, rows, f["people"].rows.keys() if people is None else people)
    return list(f.values())


_STATUS = {
    "target": "TargetCustomer",
    "potential": "PotentialCustomer",
    "existing": "ExistingCustomer",
}


def _relationships(
    f: dict[str, _File], rows: dict[str, list[Row]], people: Collection[str]
) -> None:
    def has(name: str) -> Callable[[Any], bool]:
        return lambda key: key in f[name].rows

    need, customer = has("needs"), has("customers")

    def person(key: Any) -> bool:
        return key in people

    for key, (_, _, r, _) in f["roles"].rows.items():
        for n in r["cares_about"]:
            if need(n):
                f["cares_about"].add((key, n), key, n, {"power": r["power"]})
    for key, (_, _, r, _) in f["capabilities"].rows.items():
        for n in r["solves"]:
            if need(n):
                f["solves"].add((key, n), key, n, {})
    for r in rows["upsert_customer_needs"]:
        if customer(r["customer_id"]) and need(r["need_id"]):
            k = (r["customer_id"], r["need_id"])
            f["has_need"].add(k, *k, r)
    for key, (_, _, p, _) in f["people"].rows.items():
        if p.get("customer_id") and customer(p["customer_id"]):
            f["works_at"].add(key, key, p["customer_id"], {"title": p["title"]})
        for role in dict.fromkeys(p["roles"]):
            if has("roles")(role):
                f["holds"].add((key, role), key, role, {})
    for r in rows["upsert_ties"]:
        if person(r["source"]) and person(r["target"]):
            k = (r["source"], r["target"])
            f["knows"].add(k, *k, r["props"])
    for key, (_, _, c, _) in f["channels"].rows.items():
        if c.get("person_id") and person(c["person_id"]):
            f["is_person"].add(key, key, c["person_id"], {})
    for r in rows["upsert_reach"]:
        if not has("channels")(r["channel_id"]):
            continue
        into = "reaches_customer" if customer(r["target_id"]) else "reaches_person"
        if customer(r["target_id"]) or person(r["target_id"]):
            k = (r["channel_id"], r["target_id"])
            f[into].add(k, *k, {"target_id": r["target_id"], "strength": r["strength"]})
    for key, (_, _, o, _) in f["opportunities"].rows.items():
        if person(o["contact_id"]):
            f["raised"].add(key, o["contact_id"], key, {})
        if o.get("customer_id") and customer(o["customer_id"]):
            f["for"].add(key, key, o["customer_id"], {})
        if o.get("need_id") and need(o["need_id"]):
            f["about"].add(key, key, o["need_id"], {})
    evidence: dict[Any, Row] = {}
    for r in rows["upsert_evidence"]:
        if person(r["source"]) and person(r["target"]):
            three = (r["source"], r["target"], r["origin"])
            evidence[three] = {**evidence.get(three, {}), **r["props"], "origin": r["origin"]}
    for three, props in evidence.items():  # merged as `SET e += row.props` merges them
        f["evidence"].add(three, three[0], three[1], props)
    for r in rows["upsert_employments"]:
        if person(r["person_id"]):
            job = (r["person_id"], r["origin"], r["company"])
            f["employments"].add(job, "\x1e".join(job), None, r)
    for key, (node, _, r, _) in f["employments"].rows.items():
        f["employed"].add(key, r["person_id"], node, {})


_TYPES: list[tuple[type, str]] = [
    (bool, "boolean"),
    (int, "long"),
    (float, "double"),
    (date, "date"),
    (str, "string"),
]


def _type(values: Iterable[Any]) -> str:
    for value in values:
        if value is None:
            continue
        if isinstance(value, list | tuple):
            return _type(value) + "[]" if value else ""
        for kind, name in _TYPES:
            if isinstance(value, kind):
                return name
    return ""


def _write(f: _File, path: Path, numbers: dict[str, dict[Any, int]]) -> None:
    columns: dict[str, str] = {}
    for _, _, props, _ in f.rows.values():
        for key, value in props.items():
            if columns.get(key):
                continue
            columns[key] = _type([value])
    names = [k for k, t in columns.items() if t]
    if f.kind == "nodes":
        head = [f":ID({f.id_space[0]})", *[f"{k}:{columns[k]}" for k in names], ":LABEL"]
    else:
        head = [
            f":START_ID({f.id_space[0]})",
            f":END_ID({f.id_space[1]})",
            *[f"{k}:{columns[k]}" for k in names],
            ":TYPE",
        ]
    kind = _REL_TYPE.get(f.name, "")
    starts, ends = numbers[f.id_space[0]], numbers.get(f.id_space[1], {})
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = _Writer(out)
        writer.writerow(head)
        for start, end, props, labels in f.rows.values():
            cells = [_text(props.get(k)) for k in names]
            if f.kind == "nodes":
                label = ARRAY_DELIMITER.join([f.id_space[0], *labels])
                writer.writerow([str(starts[start]), *cells, label])
            else:
                writer.writerow([str(starts[start]), str(ends[end]), *cells, kind])


_REL_TYPE = {
    "cares_about": "CARES_ABOUT",
    "has_need": "HAS_NEED",
    "solves": "SOLVES",
    "works_at": "WORKS_AT",
    "holds": "HOLDS",
    "knows": "KNOWS",
    "is_person": "IS_PERSON",
    "reaches_customer": "REACHES",
    "reaches_person": "REACHES",
    "raised": "RAISED",
    "for": "FOR",
    "about": "ABOUT",
    "evidence": "EVIDENCE",
    "employed": "EMPLOYED",
}


class _Writer:
    """CSV with every value quoted, so an empty text stays a property, and no value
    (None) as an empty cell (Python's csv quotes both or neither before 3.12)."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def writerow(self, cells: Iterable[str | None]) -> None:
        self._out.write(
            ",".join("" if c is None else '"' + c.replace('"', '""') + '"' for c in cells)
        )
        self._out.write("\n")


def _text(value: Any) -> str | None:
    # Most cells are text already: one type check instead of _cell's five.
    return value if type(value) is str else _cell(value)


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):  # an empty list is no property (read back as empty)
        return ARRAY_DELIMITER.join(str(v) for v in value) if value else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)
