"""The JSON report is pydantic's text with floats written as Python writes them:
the same bytes as `json.dumps(model_dump(mode="json"), ensure_ascii=False, indent=2)`."""

from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.reports import ReportFormat, render, write
from graph_mtl.reports.json_format import _as_python_writes
from graph_mtl.services.imports import import_bundle
from graph_mtl.services.report import build_report
from graph_mtl.stores.sqlite_store import SqliteStore
from seed.generate import write_bundle


class _Row(BaseModel):
    name: str
    value: float
    values: list[float]
    by_name: dict[str, float]
    note: str | None


class _Doc(BaseModel):
    rows: list[_Row]
    counts: dict[str, int]


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
_FLOAT = st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(
    [1e-5, 1.234e-5, -2.5e-7, 1e-4, 0.00012, 1e16, 1.5e22, 5e-324, 0.0, -0.0]
)
# Strings that look like numbers, keys and line ends, where only a value may change.
_TRICKY = st.sampled_from(["1e-05", "0.00001234", '": 1e-7', '"x": 2.5e-7,\n', "\\", '"'])


@given(
    st.lists(
        st.builds(
            _Row,
            name=_TEXT | _TRICKY,
            value=_FLOAT,
            values=st.lists(_FLOAT, max_size=3),
            by_name=st.dictionaries(_TEXT | _TRICKY, _FLOAT, max_size=3),
            note=st.none() | _TEXT | _TRICKY,
        ),
        max_size=4,
    ),
    st.dictionaries(_TEXT | _TRICKY, st.integers(), max_size=3),
)
def test_the_same_text_as_json_dumps(rows: list[_Row], counts: dict[str, int]) -> None:
    doc = _Doc(rows=rows, counts=counts)
    expected = json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2)
    assert _as_python_writes(doc.model_dump_json(indent=2)) == expected


def test_a_report_renders_as_json_dumps_wrote_it(tmp_path: Path) -> None:
    write_bundle(tmp_path, people=3000, seed=5)
    store = SqliteStore()
    import_bundle(store, tmp_path)
    report = build_report(store, load_playbook(None), "s0", status="all")
    text = render(report, ReportFormat.JSON)
    expected = json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    assert text == expected
    assert report.totals.customers > 1
    written = io.StringIO()
    write(report, ReportFormat.JSON, written)
    assert written.getvalue() == expected
    none = report.model_copy(update={"customers": []})
    expected = json.dumps(none.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    assert render(none, ReportFormat.JSON) == expected
