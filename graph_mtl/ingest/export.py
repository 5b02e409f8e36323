"""Write a bundle out: as the canonical CSV bundle, or as a graph file for graph tools.

The CSV bundle is the one `graph_mtl.ingest.csv_bundle` reads (same files,
columns and cell rules), so `import` of an exported folder gives the same
graph back. Opportunities are not part of the CSV bundle format (it has no
file for them), so they are left out, and out of the graph files too.

The graph files (GraphML for yEd or Cytoscape, GEXF for Gephi) hold one
undirected multigraph: people, customers, needs, roles, capabilities and
channels as nodes with a `kind`, joined by `knows`, `works_at`, `holds`,
`cares_about`, `has_need`, `solves`, `reaches` and `is_person` edges (the
edge's `relation`). People keep their ids as node ids; the other nodes are
prefixed with their kind, as in "customer:acme", so ids of different kinds
cannot collide.

Both are written beside their destination first and renamed into place, so a
failure leaves no half-written folder or file, and in the canonical order, so
the same graph always gives the same files.
"""

from __future__ import annotations

import csv
import os
import shutil
import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any, Literal

import networkx as nx
from pydantic import BaseModel

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Capability, Channel, Customer, Need, Person, Role
from graph_mtl.errors import InvalidInput

__all__ = ["GraphFormat", "to_networkx", "write_bundle_folder", "write_graph"]

GraphFormat = Literal["graphml", "gexf"]

Attribute = str | int | float | bool
"""What GraphML and GEXF can hold: no None, no tuples."""


def write_bundle_folder(bundle: Bundle, folder: Path) -> dict[str, int]:
    """Write `bundle` as a canonical CSV bundle into the new (or empty) `folder`.

    Returns how many rows each kind got, by bundle field; opportunities are not
    part of the format and are not written. Raises `InvalidInput` (field "out")
    when `folder` exists and is not an empty folder or cannot be written, and
    when a list item would not read back as written.
    """
    try:
        if folder.exists() and not (folder.is_dir() and not any(folder.iterdir())):
            raise InvalidInput("out", f"{str(folder)!r} exists and is not an empty folder")
        with _staged(folder) as staging:
            staging.mkdir()
            return _write_tables(bundle.canonical(), staging)
    except OSError as exc:
        raise _unwritable(folder, exc) from exc


def to_networkx(bundle: Bundle) -> nx.MultiGraph:
    """The bundle as one undirected multigraph (see the module docstring).

    A multigraph because a channel that is a person may also reach that same
    person: two edges between the same two nodes. Each edge's key is its
    relation. A reference to an item the bundle does not hold gets no edge.
    """
    canonical = bundle.canonical()
    graph = nx.MultiGraph()
    for kind, items in _node_kinds(canonical):
        for item in items:
            _add_node(graph, kind, item)
    for source, target, relation, attributes in _edges(canonical):
        # A dangling reference would otherwise conjure up a node without a kind.
        if source in graph and target in graph:
            graph.add_edge(source, target, key=relation, relation=relation, **attributes)
    return graph


def write_graph(bundle: Bundle, path: Path, fmt: GraphFormat) -> None:
    """Write `bundle` as a GraphML or GEXF file at `path`, replacing any file there.

    Raises `InvalidInput` (field "out") when `path` cannot be written.
    """
    graph = to_networkx(bundle)
    try:
        with _staged(path) as staging:
            _GRAPH_WRITERS[fmt](graph, staging)
    except OSError as exc:
        raise _unwritable(path, exc) from exc


# -- writing in place -----------------------------------------------------


@contextmanager
def _staged(target: Path) -> Iterator[Path]:
    """A fresh path beside `target` to write, moved onto it only once written in full."""
    # Resolved, because "." or "a/.." have no name to put a sibling beside.
    target = target.resolve()
    staging = target.with_name(f".{target.name}.{uuid.uuid4().hex}.partial")
    try:
        yield staging
        os.replace(staging, target)
    except BaseException:
        if staging.is_dir():
            shutil.rmtree(staging, ignore_errors=True)
        else:
            staging.unlink(missing_ok=True)
        raise


def _unwritable(path: Path, exc: OSError) -> InvalidInput:
    return InvalidInput("out", f"cannot write {str(path)!r}: {exc.strerror or exc}")


# -- the CSV bundle -------------------------------------------------------

# File, bundle field and columns, as graph_mtl.ingest.csv_bundle reads them.
_TABLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "people.csv",
        "people",
        ("id", "name", "customer_id", "title", "roles", "is_salesperson", "email"),
    ),
    ("ties.csv", "ties", ("source", "target", "strength", "last_contact", "context")),
    (
        "customers.csv",
        "customers",
        (
            "id",
            "name",
            "kind",
            "status",
            "industry",
            "revenue",
            "headcount",
            "region",
            "situation",
            "domain",
        ),
    ),
    ("needs.csv", "needs", ("id", "name", "description", "can_meet")),
    ("roles.csv", "roles", ("id", "name", "cares_about", "power")),
    (
        "customer_needs.csv",
        "customer_needs",
        ("customer_id", "need_id", "approved", "budget_this_year", "budget", "kpi_related"),
    ),
    (
        "capabilities.csv",
        "capabilities",
        ("id", "name", "kind", "solves", "price_min", "price_max", "advantages"),
    ),
    ("channels.csv", "channels", ("id", "name", "kind", "audience", "person_id")),
    ("channel_reach.csv", "reach", ("channel_id", "target_id", "strength")),
    (
        "evidence.csv",
        "evidence",
        (
            "source",
            "target",
            "origin",
            "since",
            "contacts",
            "sent",
            "received",
            "meetings",
            "last_contact",
        ),
    ),
    (
        "employments.csv",
        "employments",
        ("person_id", "origin", "company", "customer_id", "title", "ref", "since", "until"),
    ),
)


def _write_tables(bundle: Bundle, folder: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for file, bundle_field, columns in _TABLES:
        items: list[BaseModel] = getattr(bundle, bundle_field)
        rows = (_row(bundle_field, columns, item) for item in items)
        _write_csv(folder / file, columns, rows)
        counts[bundle_field] = len(items)
    return counts


def _write_csv(path: Path, columns: tuple[str, ...], rows: Iterator[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        plain = csv.writer(fh, lineterminator="\n")
        # The csv module quotes only the characters of its line terminator, so a
        # lone "\r" would go out bare and end the record early when read back.
        quoted = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_ALL)
        plain.writerow(columns)
        for row in rows:
            (quoted if any("\r" in cell for cell in row) else plain).writerow(row)


def _row(bundle_field: str, columns: tuple[str, ...], item: BaseModel) -> list[str]:
    cells = []
    for column in columns:
        value = getattr(item, column)
        if isinstance(value, tuple):
            _check_items(
                f"{bundle_field}.{column}", value, f"{columns[0]} {getattr(item, columns[0])!r}"
            )
        cells.append(_cell(value))
    return cells


def _check_items(field: str, items: tuple[str, ...], owner: str) -> None:
    """Refuse a list item the reader would change (it splits on ';' and strips items)."""
    for item in items:
        if not item or item != item.strip() or ";" in item:
            raise InvalidInput(
                field,
                f"{item!r} (of {owner}) cannot be written as a list item: items are "
                "';'-separated and stripped when read",
            )


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(_plain(value))


# -- the graph ------------------------------------------------------------

_Node = Person | Customer | Need | Role | Capability | Channel

_OPTIONAL_NUMBERS = frozenset({"revenue", "headcount", "budget"})
"""Left out when None rather than "": GraphML and GEXF give an attribute one type."""

_GRAPH_WRITERS: dict[GraphFormat, Callable[[Any, Path], None]] = {
    "graphml": nx.write_graphml,
    "gexf": nx.write_gexf,
}


def _node_id(kind: str, ident: str) -> str:
    return ident if kind == "person" else f"{kind}:{ident}"


def _node_kinds(bundle: Bundle) -> tuple[tuple[str, Sequence[_Node]], ...]:
    return (
        ("person", bundle.people),
        ("customer", bundle.customers),
        ("need", bundle.needs),
        ("role", bundle.roles),
        ("capability", bundle.capabilities),
        ("channel", bundle.channels),
    )


def _add_node(graph: nx.MultiGraph, kind: str, item: _Node) -> None:
    node = _node_id(kind, item.id)
    if node in graph:  # a person id such as "customer:acme" would merge two nodes
        raise InvalidInput("bundle", f"two nodes would have the id {node!r}")
    # "label" is what Gephi shows; the item's own kind would clash with the node's.
    attributes = _attributes(item, drop=("id",), renamed={"kind": f"{kind}_kind"})
    graph.add_node(node, kind=kind, label=item.name, **attributes)


_Edge = tuple[str, str, str, dict[str, Attribute]]
"""Two node ids, the relation and the edge's attributes."""


def _edges(bundle: Bundle) -> Iterator[_Edge]:
    return chain(_people_edges(bundle), _need_edges(bundle), _channel_edges(bundle))


def _people_edges(bundle: Bundle) -> Iterator[_Edge]:
    for tie in bundle.ties:
        yield tie.source, tie.target, "knows", _attributes(tie, drop=("source", "target"))
    for person in bundle.people:
        if person.customer_id is not None:
            yield person.id, _node_id("customer", person.customer_id), "works_at", {}
        for role_id in person.roles:
            yield person.id, _node_id("role", role_id), "holds", {}


def _need_edges(bundle: Bundle) -> Iterator[_Edge]:
    for role in bundle.roles:
        power: dict[str, Attribute] = {"power": str(role.power)}
        for need_id in role.cares_about:
            yield _node_id("role", role.id), _node_id("need", need_id), "cares_about", power
    for cn in bundle.customer_needs:
        customer, need = _node_id("customer", cn.customer_id), _node_id("need", cn.need_id)
        yield customer, need, "has_need", _attributes(cn, drop=("customer_id", "need_id"))
    for capability in bundle.capabilities:
        for need_id in capability.solves:
            yield _node_id("capability", capability.id), _node_id("need", need_id), "solves", {}


def _channel_edges(bundle: Bundle) -> Iterator[_Edge]:
    customers = {c.id for c in bundle.customers}
    for channel in bundle.channels:
        if channel.person_id is not None:
            yield _node_id("channel", channel.id), channel.person_id, "is_person", {}
    for reach in bundle.reach:
        # A target is a customer when one has that id, else a person (as in Neo4j).
        target = _node_id("customer" if reach.target_id in customers else "person", reach.target_id)
        yield _node_id("channel", reach.channel_id), target, "reaches", {"strength": reach.strength}


def _attributes(
    item: BaseModel, *, drop: Collection[str], renamed: dict[str, str] | None = None
) -> dict[str, Attribute]:
    return {
        (renamed or {}).get(name, name): _plain(value)
        for name, value in item
        if name not in drop and not (value is None and name in _OPTIONAL_NUMBERS)
    }


def _plain(value: object) -> Attribute:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ";".join(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return value
    return str(value)  # text, and choices as plain text rather than enum members
