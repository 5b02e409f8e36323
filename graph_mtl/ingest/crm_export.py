"""The file a CRM's own importer reads to update its contacts with graph-mtl's paths:
one row per contact, keyed by the mapping's `[contacts]` id and e-mail columns (the
CRM matches existing records by either), then the `[export]` columns. Dates are
written in the export's first format, strengths with four decimals, a cell for
what is unknown left empty (a CRM's import leaves such a property as it was).
`graph_mtl.ingest.crm.read_paths` reads the file back through the same mapping."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol

from graph_mtl.errors import InvalidInput
from graph_mtl.i18n import _
from graph_mtl.ingest.crm_mapping import CrmMapping

__all__ = ["PathFields", "paths_csv"]


class PathFields(Protocol):
    """What a row needs (graph_mtl/services/crm_paths.py's `CrmPath` has it)."""

    @property
    def record(self) -> str | None: ...
    @property
    def email(self) -> str: ...
    @property
    def connector(self) -> str | None: ...
    @property
    def strength(self) -> float | None: ...
    @property
    def hops(self) -> int | None: ...
    @property
    def last_interaction(self) -> date | None: ...
    @property
    def path(self) -> Sequence[str]: ...


def paths_csv(rows: Iterable[PathFields], mapping: CrmMapping) -> str:
    """The CSV text (UTF-8 when written; CR LF line ends, as CRMs write theirs)."""
    export = mapping.export
    if export is None:
        raise InvalidInput(
            "mapping", _("{crm}'s mapping has no [export] section", crm=mapping.name)
        )
    keys = [mapping.contacts.id] + ([mapping.contacts.email] if mapping.contacts.email else [])
    columns = [*keys, *export.columns().values()]
    text = io.StringIO()
    out = csv.writer(text)
    out.writerow([c.column for c in columns])
    day = export.last_interaction.formats[0]
    for row in rows:
        cells = [row.record or ""] + ([row.email] if mapping.contacts.email else [])
        cells += [
            row.connector or "",
            f"{row.strength:.4f}" if row.strength is not None else "",
            str(row.hops) if row.hops is not None else "",
            row.last_interaction.strftime(day) if row.last_interaction else "",
        ]
        if export.path is not None:
            cells.append(" → ".join(row.path))
        out.writerow(cells)
    return text.getvalue()
