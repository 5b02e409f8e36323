"""The whole buying committee, not only the people we know: the seats the playbook
says a need's committee has (`[committees.<need>]`, each seat a role), which of them
nobody at the account is known to hold (vacant), and the coverage by required seats.

A seat is held when a member holds its role (any of their roles, not only the
strongest); it counts as covered when such a member has a warm path. Where several
needs are asked at once, a seat required by one of them is required, with its
largest weight.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from graph_mtl.domain.playbook import CommitteeSeats
from graph_mtl.i18n import _
from graph_mtl.services.answer import Answer

__all__ = ["Seat", "VacantSeat", "seat_coverage", "seats_of", "vacant_seats"]


class Seat(Answer):
    role: str
    required: bool
    weight: float
    needs: list[str]


class VacantSeat(Answer):
    """A seat the committee needs that nobody at the account is known to hold."""

    role: str
    role_name: str
    required: bool
    weight: float
    needs: list[str]
    text: str
    """ "no known 财务总监 Finance director at 华信制造"."""
    ask: list[str]
    """Names of people at the account the salesperson reaches, who may know who holds it."""


def seats_of(committees: Mapping[str, CommitteeSeats], needs: Sequence[str]) -> list[Seat]:
    """The seats of the needs' committees, required ones first, heaviest first."""
    found: dict[str, Seat] = {}
    for need in needs:
        declared = committees.get(need)
        if declared is None:
            continue
        for required, roles in ((True, declared.required), (False, declared.optional)):
            for role, weight in roles.items():
                seat = found.get(role)
                if seat is None:
                    found[role] = Seat(role=role, required=required, weight=weight, needs=[need])
                    continue
                found[role] = Seat(
                    role=role,
                    required=seat.required or required,
                    weight=max(seat.weight, weight),
                    needs=[*seat.needs, need],
                )
    return sorted(found.values(), key=lambda s: (not s.required, -s.weight, s.role))


def seat_coverage(
    all_seats: Sequence[Seat], held: Mapping[str, bool]
) -> tuple[float | None, int, int]:
    """Weighted share of the required seats held by a reached member, with how many
    required seats there are and how many of them are covered; None without any."""
    required = [s for s in all_seats if s.required]
    if not required:
        return None, 0, 0
    covered = [s for s in required if held.get(s.role)]
    total = sum(s.weight for s in required)
    share = sum(s.weight for s in covered) / total if total else 0.0
    return share, len(required), len(covered)


def vacant_seats(
    vacant: Sequence[Seat],
    role_names: Mapping[str, str],
    customer_name: str,
    ask: Sequence[str],
) -> list[VacantSeat]:
    """The seats nobody is known to hold, as the salesperson reads them."""
    return [
        VacantSeat(
            role=s.role,
            role_name=(name := role_names.get(s.role, s.role)),
            required=s.required,
            weight=s.weight,
            needs=s.needs,
            text=_("no known {role} at {customer}", role=name, customer=customer_name),
            ask=list(ask),
        )
        for s in vacant
    ]
