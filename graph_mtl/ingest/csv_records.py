"""CSV records with the line each starts on, for the exports read as others write
them (LinkedIn, CRMs): a cell may span lines, so the line is csv's, not a count."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

__all__ = ["records"]


def records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record of `text` with the line it starts on, blank lines left out."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for record in reader:
        if any(cell.strip() for cell in record):
            yield start, record
        start = reader.line_num + 1
