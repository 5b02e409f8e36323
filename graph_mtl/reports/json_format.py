"""A report as JSON: the whole structure, as `model_dump(mode="json")` gives it."""

from __future__ import annotations

import json

from graph_mtl.services.report import Report

__all__ = ["render_json"]


def render_json(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
