"""A report as JSON: the whole structure, as `model_dump(mode="json")` gives it,
indented by two spaces, non-ASCII text as is.

The text is pydantic's own (`model_dump_json`, made in Rust): `json.dumps` with an
indent runs the pure-Python encoder over a tree of dicts as big as the report,
which at a million people took as long as the report's searches and held half a
GB more. The two texts differ only in how some floats are written (pydantic:
`0.00001234`, `-2.5e-7`; Python: `1.234e-05`, `-2.5e-07`), so those numbers are
written again as Python writes them, and the file stays what it was byte for
byte. (A NaN, which no report holds, would be `null` where Python wrote `NaN`.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph_mtl.services.report import Report

__all__ = ["json_pieces", "render_json"]

_SUSPECTS = (re.compile(r"e[-+][0-9]"), re.compile(r"0\.0000[0-9]"))
"""Where a number pydantic writes may differ from Python's `repr`: each starts with a
literal, which `re` looks for quickly (one pattern of both would go a character at a
time, a second per hundred MB)."""

_NUMBER_LINE = re.compile(
    r'( *(?:"(?:[^"\\\n]|\\.)*": )?)(-?(?:[0-9]+(?:\.[0-9]+)?e[-+][0-9]+|0\.0000[0-9]+))(,?)'
)
"""A line of indented JSON whose value is such a number (a key and a string never match)."""


_CUSTOMERS = '\n  "customers": [],\n'
"""The report's own key (the only line indented by two spaces that says so: a string
holds no raw line break), with no customer in it."""


def render_json(report: Report) -> str:
    return "".join(json_pieces(report))


def json_pieces(report: Report) -> Iterator[str]:
    """`render_json`'s text in pieces, a customer at a time, so that a writer never
    holds the whole text (some hundred MB at a million people) at once."""
    if not report.customers:
        yield _as_python_writes(report.model_dump_json(indent=2)) + "\n"
        return
    rest = _as_python_writes(report.model_copy(update={"customers": []}).model_dump_json(indent=2))
    at = rest.index(_CUSTOMERS)
    yield rest[:at] + '\n  "customers": [\n'
    last = len(report.customers) - 1
    for i, section in enumerate(report.customers):
        text = _as_python_writes(section.model_dump_json(indent=2))
        yield "    " + text.replace("\n", "\n    ") + (",\n" if i < last else "\n")
    yield "  ]," + rest[at + len(_CUSTOMERS) - 1 :] + "\n"


def _as_python_writes(text: str) -> str:
    """`text` with every float value `repr`'s way (what `json.dumps` writes)."""
    lines = sorted(
        {
            text.rfind("\n", 0, s.start()) + 1
            for pattern in _SUSPECTS
            for s in pattern.finditer(text)
        }
    )
    parts: list[str] = []
    done = 0
    for begin in lines:
        end = text.find("\n", begin)
        end = len(text) if end < 0 else end
        line = _NUMBER_LINE.fullmatch(text, begin, end)
        if line is not None:
            parts += [text[done:begin], line[1], repr(float(line[2])), line[3]]
            done = end
    return "".join([*parts, text[done:]]) if parts else text
