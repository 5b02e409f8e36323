"""The `graph-mtl` command: a thin layer over the services.

Every command takes `--store` (or GRAPH_MTL_STORE); query commands take
`--json` for programs and print rich tables for people otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from graph_mtl import bootstrap
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import GraphMtlError, ImportRejected
from graph_mtl.services import groups, imports
from graph_mtl.services.paths import DEFAULT_MAX_HOPS, Mode, WarmPath, warm_paths

__all__ = ["app", "main"]

app = typer.Typer(
    name="graph-mtl",
    help="Warm-introduction paths and the personal MTL process on a property graph.",
    no_args_is_help=True,
    add_completion=False,
)
_out = Console()
_err = Console(stderr=True)

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="A store file path, or a bolt:// / neo4j:// URI. [env: GRAPH_MTL_STORE]",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for programs.")]
FromOption = Annotated[str, typer.Option("--from", help="The salesperson's person id.")]
ModeOption = Annotated[
    Mode,
    typer.Option(
        "--mode", help="strongest: greatest product of tie strengths; shortest: fewest ties."
    ),
]
MaxHopsOption = Annotated[int, typer.Option("--max-hops", help="At most this many ties.")]


@contextmanager
def _open(store: str | None) -> Iterator[GraphStore]:
    """Open the store for one command and turn graph-mtl errors into a message and exit 1."""
    try:
        opened = bootstrap.open_store(store=store)
        try:
            yield opened
        finally:
            opened.close()
    except ImportRejected as exc:
        for problem in exc.problems:
            _err.print(str(problem), markup=False, highlight=False)
        _err.print(f"error: import {exc.reason}; nothing was written", markup=False)
        raise typer.Exit(1) from exc
    except GraphMtlError as exc:
        _err.print(f"error: {exc}", markup=False, highlight=False)
        raise typer.Exit(1) from exc


def _print_json(data: Any) -> None:
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_jsonable))


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    raise TypeError(f"cannot print {type(value).__name__} as JSON")


@app.command("import")
def import_(
    folder: Annotated[Path, typer.Argument(help="A folder holding a canonical CSV bundle.")],
    store: StoreOption = None,
) -> None:
    """Import a CSV bundle, all or nothing; importing it again changes nothing."""
    with _open(store) as graph:
        counts = imports.import_bundle(graph, folder)
    _out.print(f"imported {_summary(counts)} from {folder}", markup=False)


@app.command()
def copy(
    source: Annotated[str, typer.Option("--from", help="The store to read: a path or a URI.")],
    target: Annotated[str, typer.Option("--to", help="The store to write: a path or a URI.")],
) -> None:
    """Copy a whole graph from one store into another (added to what is there)."""
    with _open(source) as origin:
        bundle = origin.export()
    with _open(target) as destination:
        destination.load(bundle)
    _out.print(f"copied {_summary(bundle.counts())} from {source} to {target}", markup=False)


def _summary(counts: dict[str, int]) -> str:
    return (
        ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items() if n) or "nothing"
    )


@app.command()
def paths(
    source: FromOption,
    target: Annotated[str, typer.Option("--to", help="The person to reach.")],
    mode: ModeOption = Mode.STRONGEST,
    max_hops: MaxHopsOption = DEFAULT_MAX_HOPS,
    k: Annotated[int, typer.Option("--k", help="How many loopless paths, best first.")] = 1,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", help="A person, or a customer's whole staff, to avoid."),
    ] = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Warm-introduction paths from a salesperson to a person, each hop explained."""
    with _open(store) as graph:
        found = warm_paths(
            graph, source, target, mode=mode, max_hops=max_hops, k=k, exclude=exclude or ()
        )
    if as_json:
        _print_json({"paths": [p.model_dump(mode="json") for p in found]})
        return
    if not found:
        _out.print(f"No warm path from {source} to {target} within {max_hops} hops.", markup=False)
    for rank, path in enumerate(found, 1):
        _out.print(_path_table(path, title=f"Path {rank}"))


def _path_table(path: WarmPath, *, title: str) -> Table:
    table = Table(
        title=f"{title}: {' > '.join(path.names)}",
        caption=f"strength {path.strength:.3f} over {path.hops} hop{'s' * (path.hops != 1)}",
        title_justify="left",
    )
    table.add_column("hop", justify="right")
    table.add_column("introduction")
    table.add_column("strength", justify="right")
    table.add_column("why")
    names = dict(zip(path.nodes, path.names, strict=True))
    for hop, step in enumerate(path.steps, 1):
        table.add_row(
            str(hop),
            f"{names[step.source]} → {step.target_name}",
            f"{step.strength:.2f}",
            "; ".join(step.reasons),
        )
    return table


@app.command()
def committee(
    customer: Annotated[str, typer.Argument(help="The customer's id.")],
    source: FromOption,
    need: Annotated[
        str | None, typer.Option("--need", help="One need (default: all of the customer's).")
    ] = None,
    mode: ModeOption = Mode.STRONGEST,
    max_hops: MaxHopsOption = DEFAULT_MAX_HOPS,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """The key-person group of a customer and the warm path to each member."""
    with _open(store) as graph:
        members = groups.key_persons(graph, customer, need_id=need)
        reached = {
            m.id: warm_paths(graph, source, m.id, mode=mode, max_hops=max_hops) for m in members
        }
    if as_json:
        _print_json(
            {
                "customer": customer,
                "members": [
                    {**m.model_dump(mode="json"), "path": _first(reached[m.id])} for m in members
                ],
            }
        )
        return
    table = Table(
        title=f"Key persons at {customer} and the warm path to each", title_justify="left"
    )
    for column in ("person", "role", "power", "strength", "path"):
        table.add_column(column)
    for m in members:
        best = reached[m.id]
        table.add_row(
            m.name,
            m.role_name,
            m.power.replace("_", " "),
            f"{best[0].strength:.3f}" if best else "",
            " > ".join(best[0].names) if best else f"no warm path within {max_hops} hops",
        )
    _out.print(table)


def _first(found: list[WarmPath]) -> dict[str, Any] | None:
    return found[0].model_dump(mode="json") if found else None


def main() -> None:
    app()
