"""Renderers: a `Report` (graph_mtl.services.report) as HTML, CSV, JSON or Markdown text.

Each renderer is a pure function from the report to a string; the same report
always renders to the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from graph_mtl.reports.csv_format import render_csv
from graph_mtl.reports.html import render_html
from graph_mtl.reports.json_format import json_pieces, render_json
from graph_mtl.reports.markdown import render_markdown
from graph_mtl.services.report import Report

__all__ = [
    "ReportFormat",
    "format_of",
    "render",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "write",
]


class ReportFormat(StrEnum):
    HTML = "html"
    CSV = "csv"
    JSON = "json"
    MD = "md"


_SUFFIXES = {
    ".html": ReportFormat.HTML,
    ".htm": ReportFormat.HTML,
    ".csv": ReportFormat.CSV,
    ".json": ReportFormat.JSON,
    ".md": ReportFormat.MD,
    ".markdown": ReportFormat.MD,
}


def format_of(path: Path) -> ReportFormat | None:
    """The format a file name's suffix suggests, if any."""
    return _SUFFIXES.get(path.suffix.lower())


def render(report: Report, fmt: ReportFormat) -> str:
    renderer = {
        ReportFormat.HTML: render_html,
        ReportFormat.CSV: render_csv,
        ReportFormat.JSON: render_json,
        ReportFormat.MD: render_markdown,
    }[fmt]
    return renderer(report)


def write(report: Report, fmt: ReportFormat, out: TextIO) -> None:
    """`render(report, fmt)` written to `out`; JSON a customer at a time (the whole
    text of a large report held at once is hundreds of MB)."""
    pieces: Iterable[str] = (
        json_pieces(report) if fmt is ReportFormat.JSON else [render(report, fmt)]
    )
    for piece in pieces:
        out.write(piece)
