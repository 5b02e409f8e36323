"""Modules stay small: none of the project's Python modules passes `LIMIT` lines
unless its first line (its docstring's) says why, with the words "long because",
as in "The Neo4j store (long because it is the whole port, a query a method)".
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("graph_mtl", "api", "queries", "seed")
LIMIT = 500
REASON = "long because"


def _modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def test_the_packages_hold_modules() -> None:
    assert len(_modules()) > 50  # the walk found the project, not an empty folder


def test_no_module_is_long_without_a_reason_on_its_first_line() -> None:
    long = []
    for path in _modules():
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > LIMIT and REASON not in (lines[0].lower() if lines else ""):
            long.append(f"{path.relative_to(ROOT)}: {len(lines)} lines")
    assert not long, (
        f"over {LIMIT} lines without {REASON!r} on the first line (split it by job, "
        f"or say why it is long): {long}"
    )
