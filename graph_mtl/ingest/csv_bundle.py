"""Read the canonical CSV bundle: one folder, one CSV file per kind of item.

    people.csv (required)  id,name,customer_id,title,roles,is_salesperson,email
    ties.csv (required)    source,target,strength,last_contact,context
    customers.csv          id,name,kind,status,industry,revenue,headcount,region,situation,domain
    needs.csv              id,name,description,can_meet
    roles.csv              id,name,cares_about,power
    customer_needs.csv     customer_id,need_id,approved,budget_this_year,budget,kpi_related
    capabilities.csv       id,name,kind,solves,price_min,price_max,advantages
    channels.csv           id,name,kind,audience,person_id
    channel_reach.csv      channel_id,target_id,strength
    evidence.csv           source,target,origin,since,contacts,sent,received,meetings,last_contact
    employments.csv        person_id,origin,company,customer_id,title,ref,since,until

Files are UTF-8 (a BOM is fine) with a header row, quoted as RFC 4180. Columns
may come in any order, and a column whose field has a default may be left out;
a missing required column, an unknown or a repeated column is a problem.

Cells: an empty cell means "not given" (the model's default applies). Text is
kept exactly as written. Ids too, so an id with leading or trailing whitespace
is a problem rather than silently another id; need and role ids cannot hold
`;`, which separates list items. Lists are `;`-separated, items stripped,
empty items dropped. Booleans are true/false in any case; numbers decimal
(1200, 0.75; an exponent as Python writes 1e-05 is fine), never nan or inf;
dates YYYY-MM-DD; choices as the models spell them. Spaces around booleans,
numbers, dates and choices are ignored. Blank lines and rows of empty cells
are skipped.

Across rows: a repeated key (id; tie pair in either direction; customer and
need; channel and target; evidence's pair and origin; employment's person, origin
and company) is fine when the data is identical and collapses to
the first row, a problem otherwise. References must name an item of the
bundle or, through `known`, one the target store already holds. References
into a file that could not be read in full are not judged: its own problems
come first, and guessing would only add noise.

Every problem is collected, then all are raised at once as `ImportRejected`:
file name, the line where the record starts (the header is line 1; 0 means
the whole file) and a reason that names the column and the offending value.

The rules are stated here once; the reading is split by job: what each file
holds (csv_specs.py), one file read and checked row by row (csv_table.py, with
cells in csv_cells.py and the large files' columns in csv_columns.py), a large
ties.csv read in two processes at once (csv_parts.py), and the references
across files (csv_references.py). A plain people.csv or ties.csv is read by
pyarrow's reader instead, when it is installed (csv_arrow.py), with the same
result; any doubt about a file, and the Python reader reads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Tie
from graph_mtl.errors import ImportProblem, ImportRejected, InvalidInput
from graph_mtl.ingest import csv_arrow
from graph_mtl.ingest.csv_parts import TieParts, read_in_parts
from graph_mtl.ingest.csv_references import Known, check_references
from graph_mtl.ingest.csv_specs import COLUMNAR, SPECS, Spec
from graph_mtl.ingest.csv_table import Table, opened, read_header, read_records, take

__all__ = ["Known", "read_bundle"]


def read_bundle(folder: Path, *, known: Known | None = None) -> Bundle:
    """The bundle in `folder`, or `ImportRejected` carrying every problem found.

    A reference that is not in the bundle is looked up with `known` (once per
    kind); without it, every reference must resolve inside the bundle.
    """
    if not folder.is_dir():
        raise InvalidInput("folder", f"{str(folder)!r} is not a folder")
    problems: list[ImportProblem] = []
    ties = folder / "ties.csv"
    with TieParts.start(ties) if not csv_arrow.plain(ties) else TieParts.none() as later:
        tables = [_read_table(folder / spec.file, spec, problems, later) for spec in SPECS]
    check_references(tables, known, problems)
    if problems:
        raise ImportRejected(problems)
    found: dict[str, Any] = {
        t.spec.bundle_field: t.columns.data
        if t.columns is not None
        else [item for _, item in t.rows.values()]
        for t in tables
    }
    return Bundle(**found)


def _read_table(
    path: Path, spec: Spec, problems: list[ImportProblem], later: TieParts | None = None
) -> Table:
    table = Table(spec, problems)
    if spec.model in COLUMNAR:
        fast = csv_arrow.read_columns(path, spec, table.problem)
        if fast is not None:
            table.columns = fast
            fast.finish(table.problem)
            return table
    if spec.model is Tie and later is not None and later.split is not None:
        found = read_in_parts(path, spec, later, later.split)
        if found is not None:
            table.columns, table.complete = found.rows, found.complete
            table.failed, table.problems = found.failed, problems
            problems.extend(found.problems)
            found.rows.finish(table.problem)
            return table
    with opened(path, table) as handle:
        if handle is None:
            return table
        records = read_records(handle)
        header = read_header(table, records)
        if header is None:
            table.complete = False
            return table
        if spec.model in COLUMNAR:
            rows = table.columns = COLUMNAR[spec.model](header, table.problem)
            rows.read(records, lambda line, record: take(table, header, line, record, rows))
            rows.finish(table.problem)
        else:
            for line, record in records:
                take(table, header, line, record)
    return table
