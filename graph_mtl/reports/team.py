"""A team report's own page (graph_mtl/services/report/team.py) as HTML, CSV, JSON or
Markdown: per account and key person, the closest salesperson and their chain,
with links to each salesperson's own report (written beside it, in the same
format, by the caller). Like the other renderers, pure: the same team report
always renders to the same bytes.

CSV has one row per key person: `closest_id` and the chain are empty when no
listed salesperson reaches them; `teammates` counts the salespeople who do.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from html import escape

from graph_mtl.domain.wording import number
from graph_mtl.i18n import _, current, html_lang, ngettext
from graph_mtl.reports import ReportFormat
from graph_mtl.reports._text import hops_text, listed, power_text, strength
from graph_mtl.reports.csv_format import _text as _cell
from graph_mtl.reports.html import _CSS, _chain
from graph_mtl.reports.markdown import escape_markdown as m
from graph_mtl.services.report.team import TeamKeyPerson, TeamReport

__all__ = ["TEAM_COLUMNS", "render_team"]

TEAM_COLUMNS = (
    "customer_id",
    "customer_name",
    "status",
    "member_id",
    "member_name",
    "role_name",
    "power",
    "closest_id",
    "closest_name",
    "ask",
    "hops",
    "strength",
    "chain_ids",
    "chain_names",
    "teammates",
)


def render_team(team: TeamReport, fmt: ReportFormat, files: Mapping[str, str]) -> str:
    """`files`: each salesperson's own report, by id, as a path relative to this page."""
    if fmt is ReportFormat.JSON:
        data = team.model_dump(mode="json") | {"files": dict(files)}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt is ReportFormat.CSV:
        return _csv(team)
    if fmt is ReportFormat.MD:
        return _markdown(team, files)
    return _html(team, files)


def _title(team: TeamReport) -> str:
    source = team.options.source
    if source is None:
        return _("Who on the team is closest: every salesperson")
    return _("Who on the team is closest, as {id} sees the team", id=source)


def _totals(team: TeamReport) -> str:
    return _(
        "{accounts}, {people} key persons, {reached} reached by a salesperson's chain; "
        "salespeople: {team}.",
        accounts=ngettext(
            "{n} account", "{n} accounts", len(team.accounts), n=number(len(team.accounts))
        ),
        people=number(team.key_persons),
        reached=number(team.reached),
        team=listed(f"{t.name} ({t.id})" for t in team.team),
    )


def _closest_text(person: TeamKeyPerson) -> str:
    c = person.closest
    if c is None:
        return _("no chain from anyone listed within the hop limit")
    return _(
        "{name} ({id}), asking {ask}: {hops}, strength {strength}",
        name=c.name,
        id=c.id,
        ask=c.ask_name,
        hops=hops_text(c.path),
        strength=strength(c.strength),
    )


def _columns() -> tuple[str, str, str]:
    return _("Key person"), _("Closest on the team"), _("Chain")


def _who(person: TeamKeyPerson) -> str:
    parts = [person.name]
    if person.role_name:
        parts.append(person.role_name)
    if person.power:
        parts.append(power_text(person.power))
    return " · ".join(parts)


def _csv(team: TeamReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(TEAM_COLUMNS)
    for a in team.accounts:
        for p in a.key_persons:
            c = p.closest
            chain = (
                (
                    c.id,
                    _cell(c.name),
                    _cell(c.ask),
                    str(c.hops),
                    f"{c.strength:.6g}",
                    _cell(" > ".join(c.path.nodes)),
                    _cell(" > ".join(c.path.names)),
                )
                if c
                else ("",) * 7
            )
            writer.writerow(
                (
                    _cell(a.customer_id),
                    _cell(a.name),
                    a.status.value,
                    _cell(p.id),
                    _cell(p.name),
                    _cell(p.role_name or ""),
                    p.power.value if p.power else "",
                    *chain,
                    str(p.teammates),
                )
            )
    return buffer.getvalue()


def _markdown(team: TeamReport, files: Mapping[str, str]) -> str:
    salespeople = _("Salespeople")
    lines = ["# " + m(_title(team)), "", m(_totals(team)), "", "## " + salespeople, ""]
    for t in team.team:
        lines.append(
            f"- [{m(t.name)} ({m(t.id)})](<{files[t.id]}>)" if t.id in files else f"- {m(t.name)}"
        )
    for a in team.accounts:
        lines += ["", f"## {m(a.name)} ({m(a.customer_id)})", ""]
        lines += ["| " + " | ".join(_columns()) + " |", "| --- | --- | --- |"]
        for p in a.key_persons:
            chain = " → ".join(m(n) for n in p.closest.path.names) if p.closest else ""
            lines.append(f"| {m(_who(p))} | {m(_closest_text(p))} | {chain} |")
    return "\n".join(lines) + "\n"


def e(text: str) -> str:
    return escape(text, quote=True)


def _html(team: TeamReport, files: Mapping[str, str]) -> str:
    title = _title(team)
    body = [
        "<!DOCTYPE html>",
        f'<html lang="{html_lang(current())}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        '<div class="wrap">',
        f"<header><h1>{e(title)}</h1><p>{e(_totals(team))}</p></header>",
        "<h2>" + e(_("Salespeople")) + "</h2>",
        "<ul>",
        *(
            f'<li><a href="{e(files[t.id])}">{e(t.name)} ({e(t.id)})</a></li>'
            if t.id in files
            else f"<li>{e(t.name)}</li>"
            for t in team.team
        ),
        "</ul>",
    ]
    for a in team.accounts:
        body += [f"<section><h2>{e(a.name)} ({e(a.customer_id)})</h2>", "<table>"]
        body.append("<tr>" + "".join(f"<th>{e(c)}</th>" for c in _columns()) + "</tr>")
        for p in a.key_persons:
            chain = _chain(p.closest.path) if p.closest else []
            body.append(
                f"<tr><td>{e(_who(p))}</td><td>{e(_closest_text(p))}</td>"
                f"<td>{''.join(chain)}</td></tr>"
            )
        body += ["</table>", "</section>"]
    body += ["</div>", "</body>", "</html>"]
    return "\n".join(body) + "\n"
