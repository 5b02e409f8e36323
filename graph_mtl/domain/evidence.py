"""A tie's strength from its evidence, by one formula (parameters in the playbook's
`[evidence]` section):

    warmth   = 1 - (1 - connection) * (1 - per_contact) ** contacts
    strength = connection + (warmth - connection) * 0.5 ** (days_since_last / half_life_days)

A bare connection is worth `connection`; each recorded contact (a message, a
meeting) closes a share of the gap to 1, so more contact is stronger but never
reaches 1 by volume alone; and what contact added fades by half every
`half_life_days` since the last one, back towards a bare connection. So the
strength lies in [connection, 1), grows with the number of contacts and with
their recency, and is the same for the same evidence on the same day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graph_mtl.domain.playbook import Evidence

__all__ = ["TieEvidence", "strength_of"]


@dataclass(frozen=True, slots=True)
class TieEvidence:
    source: str
    """Where it comes from, as a user reads it: "LinkedIn", a CRM's name."""
    since: date | None = None
    """Connected since."""
    contacts: int = 0
    last_contact: date | None = None

    def explained(self) -> str:
        """ "LinkedIn connection since 2023-01-15; 12 messages, the last on 2026-11-27":
        dated, so the same evidence reads the same whenever it is shown."""
        text = f"{self.source} connection" + (f" since {self.since}" if self.since else "")
        if self.contacts and self.last_contact is not None:
            text += f"; {self.contacts} message{'s' * (self.contacts != 1)}"
            text += f", the last on {self.last_contact}"
        return text


def strength_of(evidence: TieEvidence, rules: Evidence, *, today: date) -> float:
    warmth = 1.0 - (1.0 - rules.connection) * (1.0 - rules.per_contact) ** evidence.contacts
    if evidence.last_contact is None or evidence.contacts == 0:
        return rules.connection
    days = max(0, (today - evidence.last_contact).days)
    fade: float = 0.5 ** (days / rules.half_life_days)
    return rules.connection + (warmth - rules.connection) * fade
