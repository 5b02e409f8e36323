"""`report`: the batch referral-chain report over many accounts, as HTML, CSV, JSON
or Markdown, with a progress bar on a terminal."""

from __future__ import annotations

import os
import sys
from contextlib import AbstractContextManager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.progress import MofNCompleteColumn

from graph_mtl import bootstrap
from graph_mtl.cli._common import (
    MaxHopsOption,
    ModeOption,
    PlaybookOption,
    StoreOption,
    Ties,
    app,
    err,
    grouped,
    out,
    session,
)
from graph_mtl.cli._progress import progress_bar
from graph_mtl.cli._team_report import make_engine, team_summary, write_team_report
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS, Mode
from graph_mtl.domain.wording import number
from graph_mtl.i18n import _, ngettext
from graph_mtl.reports import ReportFormat, format_of, write
from graph_mtl.services.phrases import key_persons
from graph_mtl.services.report import Progress as ProgressCallback
from graph_mtl.services.report import Report, build_report
from graph_mtl.settings import get_settings

__all__ = ["report_cmd"]


_REFRESH_S = 0.1
"""The progress bar redraws at most this often."""


class StatusChoice(StrEnum):
    TARGET = "target"
    POTENTIAL = "potential"
    ALL = "all"


class EngineChoice(StrEnum):
    LOCAL = "local"
    RAY = "ray"


@app.command("report")
@grouped
def report_cmd(
    out_path: Annotated[
        str,
        typer.Option(
            "--out",
            help="The file to write, or - for standard output (with --team: a folder).",
        ),
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="PERSON",
            help="The salesperson you are: an id or a whole name (张伟); with --team, "
            "optional (default: nobody's position, as an admin sees the team).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option("--format", help="html, csv, json or md (default: from --out's suffix)."),
    ] = None,
    customers: Annotated[
        list[str] | None,
        typer.Option(
            "--customers",
            help="Only these customers (repeat the option, or separate ids with commas).",
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        StatusChoice | None,
        typer.Option("--status", help="Which accounts (default: target).", show_default=False),
    ] = None,
    need: Annotated[
        str | None,
        typer.Option("--need", help="One need for every committee (default: each customer's own)."),
    ] = None,
    mode: ModeOption = Mode.STRONGEST,
    max_hops: MaxHopsOption = DEFAULT_MAX_HOPS,
    k: Annotated[int, typer.Option("--k", help="Chains per key person, best first.")] = 1,
    limit: Annotated[
        int | None,
        typer.Option("--limit", help="At most this many customers, highest priority first."),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", help="Introducers and channels listed across the report.")
    ] = 20,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help="Processes for the per-customer work (default: 1; with --team, one per core for the embedded store, 1 for Neo4j).",
            show_default=False,
        ),
    ] = None,
    team: Annotated[
        bool,
        typer.Option(
            "--team",
            help="The whole team: per account and key person the closest salesperson and "
            "their chain, and each salesperson's own report, written into the --out folder.",
        ),
    ] = False,
    salespeople: Annotated[
        list[str] | None,
        typer.Option(
            "--salespeople",
            help="With --team: only these salespeople (ids; repeat, or separate with commas).",
            show_default=False,
        ),
    ] = None,
    engine: Annotated[
        EngineChoice,
        typer.Option(
            "--engine",
            help="With --team, where the searches run: local processes, or Ray tasks "
            "(pip install 'graph-mtl[ray]').",
        ),
    ] = EngineChoice.LOCAL,
    address: Annotated[
        str | None,
        typer.Option(
            "--address",
            help="With --engine ray: the Ray cluster to join (ray.init(address=...), "
            "'auto' for the one this machine is in; default: start Ray here).",
            show_default=False,
        ),
    ] = None,
    *,
    ties: Ties,
    playbook: PlaybookOption = None,
    store: StoreOption = None,
) -> None:
    """Every account's committees and the warm chain to each member (or the channels
    that reach them), the door openers, the introducers in the most chains and the
    channels that close the most gaps: one report, in one file."""
    if team:
        _team(
            store,
            source,
            playbook,
            out_path,
            fmt,
            salespeople=_ids(salespeople),
            customers=_ids(customers),
            status=status,
            need=need,
            mode=mode,
            max_hops=max_hops,
            k=k,
            limit=limit,
            top=top,
            workers=workers or _default_workers(store),
            engine=engine,
            address=address,
        )
        return
    if source is None:
        _fail(_("give --from (the salesperson whose report it is), or --team"))
    if salespeople or engine is not EngineChoice.LOCAL or address:
        _fail(_("--salespeople, --engine and --address go with --team"))
    fmt = fmt or format_of(Path(out_path))
    if fmt is None:
        _fail(_("give --format (html, csv, json or md), or an --out file ending in one of them"))
    if customers and status is not None:
        _fail(_("give --customers or --status, not both"))
    named = _ids(customers)
    with session(store, source=source, playbook=playbook, ties=ties) as s, _progress() as progress:
        report = build_report(
            s.view,
            s.playbook,
            s.salesperson,
            customers=named,
            status=(status or StatusChoice.TARGET).value,
            need_id=need,
            mode=mode,
            max_hops=max_hops,
            k=k,
            limit=limit,
            top=top,
            # One process by default: forked workers held half as much memory again
            # (a million people: 1.55 GB against 1.14 GB) and, on two cores, were no faster.
            workers=workers or 1,
            progress=progress,
        )
    if out_path == "-":
        write(report, fmt, sys.stdout)
        return
    try:
        with Path(out_path).open("w", encoding="utf-8", newline="") as stream:
            write(report, fmt, stream)
    except OSError as exc:
        _fail(_("cannot write {path}: {reason}", path=out_path, reason=exc.strerror or exc))
    out.print(_summary(report, fmt, out_path), markup=False, highlight=False)


def _ids(values: list[str] | None) -> list[str] | None:
    """Ids from a repeated option, each value maybe a list separated by commas."""
    return [c for value in values or () for c in value.replace(",", " ").split()] or None


def _team(
    store: str | None,
    source: str | None,
    playbook: Path | None,
    out_path: str,
    fmt: ReportFormat | None,
    *,
    salespeople: list[str] | None,
    customers: list[str] | None,
    status: StatusChoice | None,
    need: str | None,
    mode: Mode,
    max_hops: int,
    k: int,
    limit: int | None,
    top: int,
    workers: int,
    engine: EngineChoice,
    address: str | None,
) -> None:
    if customers and status is not None:
        _fail(_("give --customers or --status, not both"))
    if out_path == "-":
        _fail(_("--team writes a folder of files: give --out FOLDER"))
    if address and engine is not EngineChoice.RAY:
        _fail(_("--address goes with --engine ray"))
    formats = [fmt] if fmt is not None else list(ReportFormat)
    with session(store, source=source, playbook=playbook) as s, _progress() as progress:
        runner = make_engine(engine.value, workers=workers, address=address)
        try:
            found = write_team_report(
                s.store,
                s.playbook,
                Path(out_path),
                formats,
                engine=runner,
                source=s.source,
                salespeople=salespeople,
                customers=customers,
                status=(status or StatusChoice.TARGET).value,
                need_id=need,
                mode=mode,
                max_hops=max_hops,
                k=k,
                limit=limit,
                top=top,
                workers=workers if engine is EngineChoice.LOCAL else 1,
                progress=progress,
            )
        except OSError as exc:
            _fail(_("cannot write {path}: {reason}", path=out_path, reason=exc.strerror or exc))
        finally:
            runner.close()
    out.print(team_summary(found, out_path, formats), markup=False, highlight=False)


def _fail(message: str) -> NoReturn:
    err.print(_("error: {message}", message=message), markup=False, highlight=False)
    raise typer.Exit(1)


def _default_workers(store: str | None) -> int:
    """One per core for the embedded store, which forked workers share; a server
    (Neo4j) does its own parallel work, and a driver's connections do not survive a fork."""
    if bootstrap.is_neo4j_uri(store or get_settings().store):
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _progress() -> AbstractContextManager[ProgressCallback]:
    return progress_bar(_("customers"), MofNCompleteColumn(), every_s=_REFRESH_S)


def _summary(report: Report, fmt: ReportFormat, path: str) -> str:
    t = report.totals
    return _(
        "Wrote {path} ({format}): {customers}, {key_persons}, {reached} reached by a chain "
        "({coverage:.0%}), {gaps} ({with_channels} with a channel).",
        path=path,
        format=fmt.value,
        customers=ngettext("{n} customer", "{n} customers", t.customers, n=number(t.customers)),
        key_persons=key_persons(t.key_persons),
        reached=number(t.reached),
        coverage=t.coverage,
        gaps=ngettext("{n} gap", "{n} gaps", t.gaps, n=number(t.gaps)),
        with_channels=number(t.gaps_with_channels),
    )
