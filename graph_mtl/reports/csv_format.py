"""A report as CSV: one row per key person of every committee, for a spreadsheet, then
one row per seat the need's committee has that nobody at the account is known
to hold.

`hops` and `strength` are empty for a gap (no chain within the hop limit),
whose `channel_ids` then lists the channels that reach them, best first.
A vacant seat's row has no member: its `role_id` and `role_name` are the seat's
role, `vacant_seat` says whether it is `required` or `optional` (empty on a key
person's row), and `channel_ids` lists the channels reaching the company. Every row
of a committee carries its coverage by required seats (`seat_coverage`, empty
without declared seats, `required_seats`, `required_seats_covered`).
Chains are joined with " > ". A text cell that a spreadsheet would take for a
formula (starting with =, +, -, @, their full-width forms U+FF1D, U+FF0B, U+FF0D,
U+FF20, a tab, a
carriage return or a line feed: OWASP's CSV injection list) gets a leading
apostrophe, so a name from an export cannot run anything when opened; the
rest of the cell, an id included, reads as it was.
Named `csv_format` so that it never shadows the standard library's `csv`.
"""

from __future__ import annotations

import csv
import io

from graph_mtl.services.report import Report

__all__ = ["COLUMNS", "render_csv"]

COLUMNS = (
    "customer_id",
    "customer_name",
    "status",
    "priority",
    "need_id",
    "need_name",
    "member_id",
    "member_name",
    "role_id",
    "role_name",
    "power",
    "hops",
    "strength",
    "chain_ids",
    "chain_names",
    "door_opener",
    "channel_ids",
    "vacant_seat",
    "seat_coverage",
    "required_seats",
    "required_seats_covered",
)

_FORMULA = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\t", "\r", "\n")


def render_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for section in report.customers:
        priority = _number(section.priority.value) if section.priority else ""
        for committee in section.committees:
            about = (
                _text(section.customer_id),
                _text(section.name),
                section.status.value,
                priority,
                _text(committee.need_id or ""),
                _text(committee.need_name),
            )
            seats = (
                "" if committee.seat_coverage is None else _number(committee.seat_coverage),
                str(committee.required_seats),
                str(committee.required_seats_covered),
            )
            for m in committee.members:
                chain = m.chain
                writer.writerow(
                    (
                        *about,
                        _text(m.id),
                        _text(m.name),
                        _text(m.role),
                        _text(m.role_name),
                        m.power.value,
                        "" if chain is None else str(chain.hops),
                        "" if chain is None else _number(chain.strength),
                        "" if chain is None else _text(" > ".join(chain.nodes)),
                        "" if chain is None else _text(" > ".join(chain.names)),
                        _text(m.door_opener or ""),
                        _text(";".join(c.channel_id for c in m.channels)),
                        "",
                        *seats,
                    )
                )
            company = _text(";".join(c.channel_id for c in committee.company_channels))
            for r in committee.vacant_seats:
                need = "required" if r.required else "optional"
                row = ("", "", _text(r.role), _text(r.role_name), "", "", "", "", "", "")
                writer.writerow((*about, *row, company, need, *seats))
    return buffer.getvalue()


def _number(value: float) -> str:
    return f"{value:.6g}"


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value
