"""`report --team`: the team report written into one folder, per format:
`team.<format>` (per account and key person, the closest salesperson and their
chain, linking to the others) and `<salesperson id>.<format>` (each salesperson's
own report), for one format or all four."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from graph_mtl.domain.pathfinding import Mode
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphStore
from graph_mtl.i18n import _
from graph_mtl.reports import ReportFormat
from graph_mtl.reports import write as write_report
from graph_mtl.reports.team import render_team
from graph_mtl.services.report import Progress, Report, ReportStatus
from graph_mtl.services.report.engines import Engine, LocalEngine
from graph_mtl.services.report.team import TeamReport, build_team_report

__all__ = ["make_engine", "stem", "team_summary", "write_team_report"]

_PLAIN = re.compile(r"[\w-][\w.-]*")


def make_engine(name: str, *, workers: int, address: str | None) -> Engine:
    if name == "ray":
        from graph_mtl.services.report.ray_engine import RayEngine

        return RayEngine(address=address, num_cpus=workers)
    return LocalEngine(workers)


def stem(ident: str, at: int) -> str:
    """A salesperson's report file, before its suffix: their id, unless that is no
    plain file name (then their place in the team)."""
    return ident if _PLAIN.fullmatch(ident) and ident != "team" else f"salesperson-{at + 1}"


def write_team_report(
    store: GraphStore,
    playbook: Playbook,
    folder: Path,
    formats: Sequence[ReportFormat],
    *,
    engine: Engine,
    source: str | None,
    salespeople: Sequence[str] | None,
    customers: Sequence[str] | None,
    status: ReportStatus,
    need_id: str | None,
    mode: Mode,
    max_hops: int,
    k: int,
    limit: int | None,
    top: int,
    workers: int,
    progress: Progress,
) -> TeamReport:
    """Build the team report and write every file into `folder` (made if missing);
    each salesperson's report is written as soon as it is made, then let go."""
    folder.mkdir(parents=True, exist_ok=True)
    names: dict[str, str] = {}

    def write(report: Report) -> None:
        names[report.source] = named = stem(report.source, len(names))
        for fmt in formats:
            path = folder / f"{named}.{fmt.value}"
            with path.open("w", encoding="utf-8", newline="") as stream:
                write_report(report, fmt, stream)

    team = build_team_report(
        store,
        playbook,
        engine=engine,
        source=source,
        salespeople=salespeople,
        customers=customers,
        status=status,
        need_id=need_id,
        mode=mode,
        max_hops=max_hops,
        k=k,
        limit=limit,
        top=top,
        workers=workers,
        each=write,
        progress=progress,
    )
    for fmt in formats:
        files = {i: f"{named}.{fmt.value}" for i, named in names.items()}
        text = render_team(team, fmt, files)
        (folder / f"team.{fmt.value}").write_text(text, encoding="utf-8", newline="")
    return team


def team_summary(team: TeamReport, folder: str, formats: Sequence[ReportFormat]) -> str:
    return _(
        "Wrote {folder} ({formats}): {salespeople} salespeople's reports and team.*, "
        "{accounts} accounts, {reached} of {people} key persons reached by someone on the team.",
        folder=folder,
        formats=", ".join(f.value for f in formats),
        salespeople=len(team.team),
        accounts=len(team.accounts),
        reached=team.reached,
        people=team.key_persons,
    )
